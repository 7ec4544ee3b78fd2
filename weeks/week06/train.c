/**
# The training loop

One **epoch** is one pass over the training examples, in minibatches. For each minibatch:

1. forward: the network's scores for the batch (`mlp_forward`);
2. loss: the mean cross-entropy, and its gradient with respect to the scores (`softmax_xent`);
3. backward: the gradient with respect to every parameter (`mlp_backward`);
4. step: move the parameters (`sgd_momentum_step`).

**Shuffle every epoch.** MNIST's training file is not in random order, and even if it were, the
same order every epoch would give the same sequence of gradient noise each time, and batches whose
mix of classes never changes. A fresh permutation each epoch (Fisher–Yates, `wb_rng_shuffle`) makes
each minibatch a fair random sample, which is what makes its gradient an unbiased estimate.

## Validation, and stopping early

The test set is for the very end: look at it while choosing anything (the epoch to stop at, the
learning rate, the layer sizes) and it stops being an honest estimate of accuracy on new data. So we
hold out part of the *training* set, say 10%, as a **validation set** (`wb_split` in the driver):
the network never trains on it, and we measure it after every epoch. Training loss keeps falling;
validation loss falls, flattens, and eventually rises again as the network starts to memorise the
training examples' peculiarities: **overfitting**.

**Early stopping** watches the validation loss: every time it reaches a new low, keep a copy of the
weights; once it has failed to improve for `patience` epochs in a row, stop and put the best copy
back. The result is the network as it was at its best epoch, not at its last. Because all of the
`mlp`'s parameters live in one buffer (`m->params.data`, `m->params.size` floats), "keep a copy" and
"put it back" are a single `memcpy` each.

## What the two functions do, step by step

`train_epoch` does one epoch over the `loop->n` indices in `loop->order`:

1. shuffle `loop->order` with the loop's own generator, `loop->rng`;
2. for each minibatch `order[start .. start + b - 1]` (the last one may be smaller): gather it
   (`wb_batch_gather`, with the uint8 labels copied into `labels[]`), forward, `softmax_xent` with
   `dlogits`, count the right predictions (`argmax_rows`), backward, one `sgd_momentum_step` with
   `opt`'s state;
3. add the batch's loss times `b` to `loss_sum` (the epoch's loss is a mean over examples);
4. when there are `loop->hooks`, hand its `on_batch` and context to `wb_hook_batch` (harness
   `hooks.h`: graded code calls no function pointer itself) with `loop->epoch`, the batch number
   (1 to `nbatches`), `nbatches`, and the mean loss and accuracy so far.

`fit` trains on `split->train` only: `loop.order` is a copy of its indices (`train_epoch` shuffles
them in place). For each epoch, counted from 0 for the schedule and from 1 in the log:

1. set `loop.epoch` and `opt.lr = lr_at_epoch(...)`, run `train_epoch`, then `evaluate` on
   `split->val`;
2. record the epoch in `h` (losses, accuracies, its time in seconds);
3. on a new lowest validation loss: remember it, set `h->best` to the epoch's index and copy the
   weights; otherwise count one more epoch without improvement;
4. when there are hooks, hand `hooks->on_epoch`, its context and `h` to `wb_hook_epoch`; stop once
   `cfg->patience` epochs in a row brought no new low.

Finally put the best weights back and free `loop.order`.
*/
#include "week06.h"
#include "notwritten.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* A fresh array holding src[0..n-1], or 0..n-1 when src is NULL. */
static int *copy_indices(const int *src, int n) {
    int *dst = wb_malloc((size_t)(n > 0 ? n : 1) * sizeof *dst);
    for (int i = 0; i < n; i++) dst[i] = src ? src[i] : i;
    return dst;
}

epoch_log train_epoch(mlp *m, const wb_tensor *x, const uint8_t *y, sgd_state *opt, train_loop *loop) {
    int D = m->sizes[0], C = m->sizes[m->nlayers], n = loop->n, batch_size = loop->batch_size;
    WB_CHECK(opt->n == m->params.size, "the optimiser has state for %zu parameters, the network has %zu",
             opt->n, m->params.size);
    WB_CHECK(batch_size > 0 && batch_size <= m->max_batch, "batch_size %d, the network has room for %d",
             batch_size, m->max_batch);
    wb_tensor xb = WB_TENSOR(batch_size, D);
    uint8_t *yb = wb_malloc((size_t)batch_size);
    int *labels = wb_malloc((size_t)batch_size * sizeof *labels), *pred = wb_malloc((size_t)batch_size * sizeof *pred);
    float *dlogits = wb_malloc((size_t)batch_size * C * sizeof *dlogits);
    int nbatches = (n + batch_size - 1) / batch_size;
    double loss_sum = 0;
    long correct = 0;
    // TODO: one epoch: shuffle, then a training step per minibatch (steps 1-4 above)
    wb_not_written(__func__);
    (void)nbatches;
    free(dlogits);
    free(pred);
    free(labels);
    free(yb);
    wb_tensor_free(&xb);
    epoch_log log = {.epoch = loop->epoch, .lr = opt->lr};
    if (n > 0) {
        log.train_loss = (float)(loss_sum / n);
        log.train_acc = (float)((double)correct / n);
    }
    return log;
}

int fit(mlp *m, const wb_tensor *x, const uint8_t *y, const wb_split *split, const train_config *cfg,
        const train_hooks *hooks, train_history *h) {
    WB_CHECK(cfg->max_epochs > 0 && cfg->max_epochs <= MAX_EPOCHS, "max_epochs = %d (1..%d)", cfg->max_epochs, MAX_EPOCHS);
    WB_CHECK(split->n_train > 0 && split->n_val > 0, "need training and validation examples (%d, %d)",
             split->n_train, split->n_val);
    memset(h, 0, sizeof *h);
    size_t P = m->params.size;
    sgd_state opt = {.momentum = cfg->momentum, .n = P,
                     .velocity = wb_calloc(P, sizeof *opt.velocity)}; /* the optimiser starts at rest */
    float *best = wb_malloc(P * sizeof *best);
    memcpy(best, m->params.data, P * sizeof *best);
    train_loop loop = {.batch_size = cfg->batch_size, .hooks = hooks};
    wb_rng_seed(&loop.rng, cfg->seed);
    // TODO: epochs on split->train with validation and early stopping (steps 1-4 above)
    wb_not_written(__func__);
    (void)copy_indices;
    free(best);
    free(opt.velocity);
    return h->n;
}
