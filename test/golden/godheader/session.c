#include "app.h"

static int attached = 0;

void session_attach(struct window *w) {
  attached++;
  if (window_count > 1)
    window_redraw(w);
}

int session_count(void) { return attached; }
