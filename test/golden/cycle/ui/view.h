#pragma once
#include "core/engine.h"

// The view reaches back into the engine: the other half.
class View {
public:
  explicit View(Engine &E) : Model(E) {}
  void draw();

private:
  Engine &Model;
};
