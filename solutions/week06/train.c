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
    // BEGIN SOLUTION: one epoch: shuffle, then a training step per minibatch (steps 1-4 above)
    const train_hooks *hooks = loop->hooks;
    wb_rng_shuffle(&loop->rng, loop->order, n);
    // MUTANT no_shuffle: (void)loop;
    // MUTANT fixed_seed_shuffle: wb_rng r; wb_rng_seed(&r, 1); wb_rng_shuffle(&r, loop->order, n);
    for (int start = 0, batch = 0; start < n; start += batch_size, batch++) {
        int b = n - start < batch_size ? n - start : batch_size;
        wb_batch_gather(x, y, loop->order + start, b, &xb, yb);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        mlp_forward(m, xb.data, b);
        float loss = softmax_xent(mlp_output(m), labels, b, C, dlogits);
        argmax_rows(mlp_output(m), b, C, pred);
        for (int i = 0; i < b; i++) correct += pred[i] == labels[i];
        mlp_backward(m, xb.data, dlogits, b);
        // MUTANT backward_batch_size: mlp_backward(m, xb.data, dlogits, batch_size);
        sgd_momentum_step(m->params.data, m->grads.data, opt->velocity, opt->n, opt->lr, opt->momentum);
        // MUTANT step_lr_constant: sgd_momentum_step(m->params.data, m->grads.data, opt->velocity, opt->n, 0.1f, opt->momentum);
        // MUTANT step_momentum_constant: sgd_momentum_step(m->params.data, m->grads.data, opt->velocity, opt->n, opt->lr, 0.9f);
        loss_sum += (double)loss * b;
        // MUTANT loss_not_weighted: loss_sum += (double)loss * batch_size;
        if (hooks)
            wb_hook_batch(hooks->on_batch, hooks->ctx, loop->epoch, batch + 1, nbatches,
            // MUTANT hook_batch_from_zero: wb_hook_batch(hooks->on_batch, hooks->ctx, loop->epoch, batch, nbatches,
                          (float)(loss_sum / (start + b)),
            // MUTANT hook_batch_loss: loss,
                          (float)((double)correct / (start + b)));
            // MUTANT hook_acc_full_batches: (float)correct / ((batch + 1) * batch_size));
    }
    // END SOLUTION
    // STUB: (void)nbatches;
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
    // BEGIN SOLUTION: epochs on split->train with validation and early stopping (steps 1-4 above)
    loop.n = split->n_train, loop.order = copy_indices(split->train, loop.n);
    // MUTANT val_leak: loop.n = x->shape[0], loop.order = copy_indices(NULL, loop.n);
    // MUTANT train_count_is_n_val: loop.n = split->n_val, loop.order = copy_indices(split->train, loop.n);
    float best_loss = FLT_MAX;
    int since_best = 0;
    for (int epoch = 0; epoch < cfg->max_epochs; epoch++) {
        double t0 = wb_seconds();
        loop.epoch = epoch + 1;
        // MUTANT epoch_resets_velocity: loop.epoch = epoch + 1, memset(opt.velocity, 0, 4 * P);
        opt.lr = lr_at_epoch(&cfg->lr, epoch);
        // MUTANT lr_unscheduled: opt.lr = cfg->lr.lr0;
        // MUTANT schedule_from_one: opt.lr = lr_at_epoch(&cfg->lr, epoch + 1);
        epoch_log log = train_epoch(m, x, y, &opt, &loop);
        eval_result val = evaluate(m, x, y, split->val, split->n_val, NULL);
        // MUTANT val_on_train: eval_result val = evaluate(m, x, y, split->train, split->n_train, NULL);
        // MUTANT val_count_is_n_train: eval_result val = evaluate(m, x, y, split->val, split->n_train, NULL);
        log.val_loss = val.loss;
        log.val_acc = val.accuracy;
        log.seconds = wb_seconds() - t0;
        // MUTANT epoch_seconds_unset: (void)t0;
        h->epochs[h->n++] = log;
        if (val.loss < best_loss) {
        // MUTANT tie_is_a_new_low: if (val.loss <= best_loss) {
            best_loss = val.loss;
            h->best = h->n - 1;
            // MUTANT best_is_count: h->best = h->n;
            memcpy(best, m->params.data, P * sizeof *best);
            since_best = 0;
            // MUTANT since_best_not_reset: (void)since_best;
        } else {
        // MUTANT tie_keeps_patience: } else if (val.loss > best_loss) {
            since_best++;
        }
        if (hooks)
        // MUTANT stop_before_hook: if (hooks && since_best < cfg->patience)
            wb_hook_epoch(hooks->on_epoch, hooks->ctx, h);
        if (since_best >= cfg->patience) break;
        // MUTANT patience_off_by_one: if (since_best > cfg->patience) break;
    }
    memcpy(m->params.data, best, P * sizeof *best);
    // MUTANT no_restore: (void)best;
    // MUTANT restore_if_stopped: if (h->n < cfg->max_epochs) memcpy(m->params.data, best, 4 * P);
    free(loop.order);
    // END SOLUTION
    // STUB: (void)copy_indices;
    free(best);
    free(opt.velocity);
    return h->n;
}
