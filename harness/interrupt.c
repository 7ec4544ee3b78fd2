/* interrupt.c — see interrupt.h */
#include "interrupt.h"

#include <signal.h>

static volatile sig_atomic_t requested;
static void on_sigint(int sig) { (void)sig, requested = 1; }

void wb_interrupt_catch(void) { signal(SIGINT, on_sigint); }
int wb_interrupted(void) { return requested != 0; }
void wb_interrupt_release(void) { signal(SIGINT, SIG_DFL); }
