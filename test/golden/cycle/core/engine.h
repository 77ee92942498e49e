#pragma once

class View;

// The engine knows its view: one half of the cycle.
class Engine {
public:
  void attach(View *V);
  void tick();
  int Frames = 0;

private:
  View *Screen = nullptr;
};
