/* test_train.c — tests for train.c on tiny made-up data sets (a few hundred 2-D or 3-D points), so
 * each test trains in milliseconds. What they check are properties any correct loop has: every
 * example seen once per epoch in a fresh order, one minibatch = one momentum step, the validation
 * examples never trained on, the best epoch's weights kept. */
#include "testing.h"
#include "week06.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* n points in 3 well-separated Gaussian blobs in the plane (centres 3 apart, sd 0.5); label i % 3. */
static void blobs(wb_tensor *x, uint8_t *y, int n, uint64_t seed) {
    static const float cx[3] = {0.0f, 2.6f, -2.6f}, cy[3] = {3.0f, -1.5f, -1.5f};
    wb_rng r;
    wb_rng_seed(&r, seed);
    *x = WB_TENSOR(n, 2);
    for (int i = 0; i < n; i++) {
        y[i] = (uint8_t)(i % 3);
        x->data[2 * i] = cx[y[i]] + 0.5f * wb_rng_normal(&r);
        x->data[2 * i + 1] = cy[y[i]] + 0.5f * wb_rng_normal(&r);
    }
}

static void small_net(mlp *m, int nlayers, int max_batch, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    if (nlayers == 1) mlp_init(m, 1, (int[]){2, 3}, (activation[]){ACT_NONE}, max_batch, &r);
    else mlp_init(m, 2, (int[]){2, 16, 3}, (activation[]){ACT_RELU, ACT_NONE}, max_batch, &r);
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

WB_TEST(epoch_visits_every_example_once, .points = 2,
        .hint = "Catches examples seen twice or never and a last batch weighted as a full one: an epoch "
                "walks the shuffled order in minibatches (the last one shorter) and its loss is the "
                "mean over examples.",
        .hint2 = "With lr = 0 nothing changes, so the epoch's mean loss must equal evaluate()'s on the same "
                 "examples. If it does not, some examples are seen twice or never: weight each batch's mean "
                 "loss by its size b and divide the sum by n.") {
    enum { N = 50 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 3);
    mlp m;
    small_net(&m, 2, 8, 1);
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    sgd_state opt = {.lr = 0.0f, .momentum = 0.9f, .velocity = calloc(m.params.size, sizeof(float)),
                     .n = m.params.size};
    train_loop loop = {.order = order, .n = N, .batch_size = 8, .epoch = 1};
    wb_rng_seed(&loop.rng, 9);
    epoch_log log = train_epoch(&m, &x, y, &opt, &loop);
    eval_result ev = evaluate(&m, &x, y, NULL, N, NULL);
    /* the same losses summed in another order and other batch sizes: float rounding only */
    WB_ASSERT_NEAR(log.train_loss, ev.loss, 1e-5, 0);
    WB_ASSERT_NEAR(log.train_acc, ev.accuracy, 0, 0.5 / N);
    int sorted[N], same = 1;
    memcpy(sorted, order, sizeof sorted);
    qsort(sorted, N, sizeof *sorted, cmp_int);
    for (int i = 0; i < N; i++) {
        ck_assert_msg(sorted[i] == i, "after the epoch, order is not a permutation of 0..%d", N - 1);
        same &= order[i] == i;
    }
    /* a uniformly random permutation of 50 is the identity with probability 1/50!, about 3e-65 */
    ck_assert_msg(!same, "order is still 0, 1, 2, ...: shuffle it at the start of each epoch");
    ck_assert_msg(log.epoch == 1 && log.lr == 0.0f, "the epoch's log says epoch %d, lr %g: want the loop's "
                  "epoch 1 and the optimiser's lr 0", log.epoch, (double)log.lr);
    free(opt.velocity);
    mlp_free(&m);
    wb_tensor_free(&x);
}

WB_TEST(epoch_reshuffles_every_time, .points = 1,
        .hint = "Catches a shuffle done once (or never): train_epoch shuffles at the start of EVERY "
                "epoch, with the loop's own random numbers.",
        .hint2 = "Two epochs in a row must see the examples in different orders.") {
    enum { N = 30 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 4);
    mlp m;
    small_net(&m, 1, 10, 1);
    int order[N], first[N];
    for (int i = 0; i < N; i++) order[i] = i;
    sgd_state opt = {.velocity = calloc(m.params.size, sizeof(float)), .n = m.params.size};
    train_loop loop = {.order = order, .n = N, .batch_size = 10, .epoch = 1};
    wb_rng_seed(&loop.rng, 5);
    train_epoch(&m, &x, y, &opt, &loop);
    memcpy(first, order, sizeof first);
    loop.epoch = 2;
    train_epoch(&m, &x, y, &opt, &loop);
    ck_assert_msg(memcmp(first, order, sizeof first) != 0, "the second epoch used the first one's order");
    free(opt.velocity);
    mlp_free(&m);
    wb_tensor_free(&x);
}

WB_TEST(one_batch_is_one_momentum_step, .points = 3,
        .hint = "Catches a velocity reset between batches and more (or fewer) than one step a batch: each "
                "minibatch is forward, loss and gradient, backward, then ONE momentum step with opt's "
                "rate, momentum and velocity.",
        .hint2 = "Labels come as uint8_t in y; softmax_xent wants ints: copy them into labels[] first. Gather the "
                 "batch's examples (wb_batch_gather) from loop->order + start, not from the start of x.") {
    enum { N = 24 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 6);
    mlp m, ref;
    small_net(&m, 2, N, 2);
    small_net(&ref, 2, N, 2); /* the same seed: the same starting weights */
    size_t P = m.params.size;
    float *v = malloc(P * sizeof *v), *want_v = malloc(P * sizeof *want_v);
    for (size_t i = 0; i < P; i++) v[i] = want_v[i] = 0.01f * (float)((int)(i % 7) - 3); /* a velocity already under way */
    /* the expected step, written out: gradient of the mean loss over all N examples */
    int labels[N];
    for (int i = 0; i < N; i++) labels[i] = y[i];
    float dlogits[N * 3];
    mlp_forward(&ref, x.data, N);
    softmax_xent(mlp_output(&ref), labels, N, 3, dlogits);
    mlp_backward(&ref, x.data, dlogits, N);
    for (size_t i = 0; i < P; i++) {
        want_v[i] = 0.9f * want_v[i] - 0.1f * ref.grads.data[i];
        ref.params.data[i] += want_v[i];
    }
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    sgd_state opt = {.lr = 0.1f, .momentum = 0.9f, .velocity = v, .n = P};
    train_loop loop = {.order = order, .n = N, .batch_size = N, .epoch = 1};
    wb_rng_seed(&loop.rng, 7);
    train_epoch(&m, &x, y, &opt, &loop);
    /* one batch of all N in a shuffled order: the gradient's sums run in another order, so float
       rounding (~1e-7 of the gradient's terms) is all that may differ */
    WB_ASSERT_CLOSE(m.params.data, ref.params.data, (long)P, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(v, want_v, (long)P, 1e-5, 1e-6);
    free(v);
    free(want_v);
    mlp_free(&m);
    mlp_free(&ref);
    wb_tensor_free(&x);
}

/* 3-D points: the blobs in (x0, x1), and x2 = 1 for the validation examples (the odd ones), 0 for
   the training ones. A linear layer's gradient for the weights of input 2 is sum delta * x2, zero
   over training examples: if those weights move, the loop trained on validation examples. */
WB_TEST(fit_never_trains_on_validation, .points = 3,
        .hint = "Catches training on the validation set: the order fit shuffles is a copy of "
                "split->train's n_train indices; split->val is only ever evaluated.",
        .hint2 = "A loop over 0..N-1, or over x->shape[0] examples, trains on the validation set too: its "
                 "score then says nothing about new data.") {
    enum { N = 60 };
    wb_tensor x2;
    uint8_t y[N];
    blobs(&x2, y, N, 8);
    wb_tensor x = WB_TENSOR(N, 3);
    for (int i = 0; i < N; i++) {
        x.data[3 * i] = x2.data[2 * i];
        x.data[3 * i + 1] = x2.data[2 * i + 1];
        x.data[3 * i + 2] = (float)(i % 2);
    }
    int train[N / 2], val[N / 2];
    for (int i = 0; i < N / 2; i++) train[i] = 2 * i, val[i] = 2 * i + 1;
    wb_split split = {.train = train, .n_train = N / 2, .val = val, .n_val = N / 2};
    wb_rng r;
    wb_rng_seed(&r, 3);
    mlp m;
    mlp_init(&m, 1, (int[]){3, 3}, (activation[]){ACT_NONE}, 8, &r);
    float w2[3];
    for (int k = 0; k < 3; k++) w2[k] = m.layer[0].W.data[3 * k + 2];
    train_config cfg = {.batch_size = 8, .max_epochs = 3, .patience = 3, .momentum = 0.9f,
                        .lr = {.lr0 = 0.1f, .decay = 1.0f, .every = 1}, .seed = 1};
    train_history *h = malloc(sizeof *h);
    fit(&m, &x, y, &split, &cfg, NULL, h);
    for (int k = 0; k < 3; k++)
        ck_assert_msg(m.layer[0].W.data[3 * k + 2] == w2[k],
                      "W[%d][2] moved from %g to %g: only validation examples have input 2, so the network "
                      "trained on them", k, w2[k], m.layer[0].W.data[3 * k + 2]);
    ck_assert_msg(h->n >= 1, "fit ran %d epochs", h->n);
    /* the blobs are easy: training did something */
    ck_assert_msg(h->epochs[h->n - 1].train_acc > 0.8f, "training accuracy %.2f after %d epochs", h->epochs[h->n - 1].train_acc, h->n);
    free(h);
    mlp_free(&m);
    wb_tensor_free(&x);
    wb_tensor_free(&x2);
}

/* Validation examples are the training points with the wrong labels (label + 1 mod 3): the better
   the network fits the training set, the worse its validation loss, so the best epoch is the first. */
WB_TEST(fit_stops_early_and_restores_the_best, .points = 3,
        .hint = "Catches patience off by one, h->best off by one, and the last weights kept instead of the "
                "best: stop once `patience` epochs in a row bring no new low validation loss, then put "
                "the best epoch's weights back.",
        .hint2 = "Here the validation loss only gets worse, so with patience 2 fit must run exactly 3 epochs, "
                 "report epoch 1 as the best (h->best = 0), and leave the network with epoch 1's weights: its "
                 "validation loss afterwards equals h->epochs[0].val_loss.",
        .hint3 = "Evaluate on split->val (not split->train) after each epoch.") {
    enum { N = 90 };
    wb_tensor xs;
    uint8_t ys[N / 2];
    blobs(&xs, ys, N / 2, 10);
    wb_tensor x = WB_TENSOR(N, 2);
    uint8_t y[N];
    int train[N / 2], val[N / 2];
    for (int i = 0; i < N / 2; i++) {
        memcpy(x.data + 4 * i, xs.data + 2 * i, 2 * sizeof(float));
        memcpy(x.data + 4 * i + 2, xs.data + 2 * i, 2 * sizeof(float));
        y[2 * i] = ys[i];
        y[2 * i + 1] = (uint8_t)((ys[i] + 1) % 3);
        train[i] = 2 * i;
        val[i] = 2 * i + 1;
    }
    wb_split split = {.train = train, .n_train = N / 2, .val = val, .n_val = N / 2};
    mlp m;
    small_net(&m, 2, 16, 4);
    train_config cfg = {.batch_size = 16, .max_epochs = 10, .patience = 2, .momentum = 0.5f,
                        .lr = {.lr0 = 0.1f, .decay = 1.0f, .every = 1}, .seed = 2};
    train_history *h = malloc(sizeof *h);
    int n = fit(&m, &x, y, &split, &cfg, NULL, h);
    ck_assert_msg(n == 3 && h->n == 3, "fit ran %d epochs (h->n = %d); with patience 2 and the best epoch first, want 3", n, h->n);
    ck_assert_msg(h->best == 0, "h->best = %d, but epoch 1 had the lowest validation loss (%g, then %g, %g)", h->best,
                  h->epochs[0].val_loss, h->epochs[1].val_loss, h->epochs[2].val_loss);
    ck_assert_msg(h->epochs[0].val_loss < h->epochs[2].val_loss, "validation losses %g .. %g: this data set should get worse",
                  h->epochs[0].val_loss, h->epochs[2].val_loss);
    eval_result ev = evaluate(&m, &x, y, val, N / 2, NULL);
    /* the same weights evaluated the same way: equal but for nothing (1e-6 leaves room for none) */
    ck_assert_msg(fabsf(ev.loss - h->epochs[0].val_loss) <= 1e-6f * h->epochs[0].val_loss,
                  "after fit the validation loss is %g, but the best epoch's was %g: put the best weights back",
                  ev.loss, h->epochs[0].val_loss);
    for (int e = 0; e < 3; e++) ck_assert_int_eq(h->epochs[e].epoch, e + 1);
    free(h);
    mlp_free(&m);
    wb_tensor_free(&x);
    wb_tensor_free(&xs);
}

WB_TEST(fit_follows_the_schedule_and_learns, .points = 2,
        .hint = "Catches the schedule started at epoch 1: the first epoch's rate is the schedule at "
                "epoch 0, and every epoch's rate is recorded in its log.",
        .hint2 = "lr0 = 0.2, decay 0.5, every 2: the epochs use 0.2, 0.2, 0.1, 0.1, 0.05, 0.05.") {
    enum { N = 300 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 11);
    wb_split split;
    wb_split_make(&split, N, 0.2f, 5);
    mlp m;
    small_net(&m, 2, 32, 5);
    train_config cfg = {.batch_size = 32, .max_epochs = 6, .patience = 100, .momentum = 0.9f,
                        .lr = {.lr0 = 0.2f, .decay = 0.5f, .every = 2}, .seed = 3};
    train_history *h = malloc(sizeof *h);
    ck_assert_int_eq(fit(&m, &x, y, &split, &cfg, NULL, h), 6);
    float want[6] = {0.2f, 0.2f, 0.1f, 0.1f, 0.05f, 0.05f};
    for (int e = 0; e < 6; e++) WB_ASSERT_NEAR(h->epochs[e].lr, want[e], 1e-6, 0);
    /* three blobs 6 standard deviations apart: a working loop classifies nearly all of them */
    ck_assert_msg(h->epochs[h->best].val_acc >= 0.95f, "validation accuracy %.3f (want >= 0.95)", h->epochs[h->best].val_acc);
    ck_assert_msg(h->epochs[5].train_loss < h->epochs[0].train_loss, "training loss went from %g to %g",
                  h->epochs[0].train_loss, h->epochs[5].train_loss);
    wb_tensor xt;
    uint8_t yt[N];
    blobs(&xt, yt, N, 12); /* new points from the same blobs */
    eval_result test = evaluate(&m, &xt, yt, NULL, N, NULL);
    ck_assert_msg(test.accuracy >= 0.95f, "accuracy %.3f on new points (want >= 0.95)", test.accuracy);
    free(h);
    wb_split_free(&split);
    mlp_free(&m);
    wb_tensor_free(&x);
    wb_tensor_free(&xt);
}

/* The dashboard (driver.c) draws its progress bar and curves from these calls. */
static int batches_seen, epochs_seen, last_batch, bad_call;
static void count_batch(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    (void)ctx;
    if (batch != last_batch % nbatches + 1 || nbatches != 4 || epoch != batches_seen / 4 + 1 || !(loss > 0) || acc < 0 || acc > 1)
        bad_call = 1;
    last_batch = batch;
    batches_seen++;
}
static void count_epoch(void *ctx, const train_history *h) {
    (void)ctx;
    if (h->n != epochs_seen + 1) bad_call = 1;
    epochs_seen++;
}

WB_TEST(hooks_report_every_batch_and_epoch, .points = 1,
        .hint = "Catches batches counted from 0 and hooks called at the wrong time: on_batch (through "
                "wb_hook_batch) after every minibatch (batch 1..nbatches, the loss and accuracy so far), "
                "on_epoch (through wb_hook_epoch) after each epoch is recorded.",
        .hint2 = "The dashboard starts an epoch's progress bar when batch == 1 and draws the curves in on_epoch.") {
    enum { N = 40 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 13);
    int train[30], val[10];
    for (int i = 0; i < 30; i++) train[i] = i;
    for (int i = 0; i < 10; i++) val[i] = 30 + i;
    wb_split split = {.train = train, .n_train = 30, .val = val, .n_val = 10};
    mlp m;
    small_net(&m, 2, 8, 6);
    train_config cfg = {.batch_size = 8, .max_epochs = 3, .patience = 10, .momentum = 0.9f,
                        .lr = {.lr0 = 0.05f, .decay = 1.0f, .every = 1}, .seed = 4};
    train_hooks hooks = {count_batch, count_epoch, NULL};
    train_history *h = malloc(sizeof *h);
    fit(&m, &x, y, &split, &cfg, &hooks, h);
    /* 30 examples in batches of 8: 4 batches (8, 8, 8, 6) an epoch, 3 epochs */
    ck_assert_msg(batches_seen == 12, "on_batch was called %d times; 3 epochs of 4 batches want 12", batches_seen);
    ck_assert_msg(epochs_seen == 3, "on_epoch was called %d times, want 3 (once per epoch)", epochs_seen);
    ck_assert_msg(!bad_call, "a hook was called with wrong arguments (batch numbers 1..4 each epoch, epochs from 1, "
                             "h->n counting the epochs recorded so far, a positive loss, an accuracy in [0,1])");
    free(h);
    mlp_free(&m);
    wb_tensor_free(&x);
}
