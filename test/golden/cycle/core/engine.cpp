#include "core/engine.h"
#include "ui/view.h"

void Engine::attach(View *V) { Screen = V; }

void Engine::tick() {
  ++Frames;
  if (Screen)
    Screen->draw();
}
