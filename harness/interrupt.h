/* interrupt.h — Ctrl-C as a request to stop at the next safe point (a run saves its checkpoint and
 * says RESUME=1 carries on) instead of killing the program mid-write.
 *
 *     wb_interrupt_catch();
 *     for (step = 0; step < steps && !wb_interrupted(); step++) ...;
 *     save_checkpoint(...);
 *     wb_interrupt_release();          // a second Ctrl-C now ends the program at once
 */
#ifndef WB_INTERRUPT_H
#define WB_INTERRUPT_H

void wb_interrupt_catch(void);   /* from now on Ctrl-C (SIGINT) only sets the flag */
int wb_interrupted(void);        /* 1 once Ctrl-C was pressed since wb_interrupt_catch */
void wb_interrupt_release(void); /* Ctrl-C ends the program again (the flag stays as it is) */

#endif
