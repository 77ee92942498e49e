#include "app.h"

int app_run(void) {
  window_open("main");
  return session_count();
}

int main(void) { return app_run(); }
