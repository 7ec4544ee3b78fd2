/* hooks.h — calling a caller's callback from graded code without a function-pointer call in it.
 *
 * Student code calls no function pointer: a graded object may contain no indirect call (the
 * grader refuses one, harness/grade/README.md). Where an API takes callbacks, e.g. week 06's
 * training hooks (a progress bar, live plots), the student's code hands the pointer and its
 * arguments to one of these, and the harness makes the call. A NULL pointer is skipped.
 *
 *     wb_hook_batch(hooks->on_batch, hooks->ctx, epoch, batch, nbatches, loss, acc);
 *     wb_hook_epoch(hooks->on_epoch, hooks->ctx, history);
 */
#ifndef WB_HOOKS_H
#define WB_HOOKS_H

struct train_history; /* week 06's: only its address passes through here */

typedef void (*wb_batch_hook)(void *ctx, int epoch, int batch, int nbatches, float loss, float acc);
typedef void (*wb_epoch_hook)(void *ctx, const struct train_history *h);

void wb_hook_batch(wb_batch_hook fn, void *ctx, int epoch, int batch, int nbatches, float loss, float acc);
void wb_hook_epoch(wb_epoch_hook fn, void *ctx, const struct train_history *h);

#endif
