/* hooks.c — the calls graded code may not make itself (hooks.h). */
#include "hooks.h"

#include <stddef.h>

void wb_hook_batch(wb_batch_hook fn, void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    if (fn) fn(ctx, epoch, batch, nbatches, loss, acc);
}

void wb_hook_epoch(wb_epoch_hook fn, void *ctx, const struct train_history *h) {
    if (fn) fn(ctx, h);
}
