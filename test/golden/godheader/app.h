#ifndef APP_H
#define APP_H

struct window;

/* window.c */
extern int window_count;
struct window *window_open(const char *title);
void window_redraw(struct window *w);

/* session.c */
void session_attach(struct window *w);
int session_count(void);

/* main.c */
int app_run(void);

#endif
