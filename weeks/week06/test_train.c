/* test_train.c — tests for train.c on tiny made-up data sets (a few hundred 2-D or 3-D points), so
 * each test trains in milliseconds. What they check are properties any correct loop has: every
 * example seen once per epoch in a fresh order, one minibatch = one momentum step, the validation
 * examples never trained on, the best epoch's weights kept. The early-stopping tests script their
 * validation losses instead (lr 0, and a hook that sets the weights each epoch is validated with). */
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

WB_TEST(one_batch_is_one_momentum_step, .points = 3,
        .hint = "Catches a velocity reset between batches and more (or fewer) than one step a batch: each "
                "minibatch is forward, loss and gradient, backward, then ONE momentum step with opt's "
                "rate, momentum and velocity.",
        .hint2 = "Labels come as uint8_t in y; softmax_xent wants ints: copy them into labels[] first. Gather the "
                 "batch's examples (wb_batch_gather) from loop->order + start, not from the start of x. "
                 "The test steps with lr 0.05 and momentum 0.5: the step takes both from opt.") {
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
        want_v[i] = 0.5f * want_v[i] - 0.05f * ref.grads.data[i];
        ref.params.data[i] += want_v[i];
    }
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    /* a rate and momentum of the test's own (not the usual 0.1 and 0.9): they come from opt */
    sgd_state opt = {.lr = 0.05f, .momentum = 0.5f, .velocity = v, .n = P};
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

/* on_batch that keeps the running loss after the first minibatch (its mean loss) and the
   number the first call gave its batch */
typedef struct { float loss; int first_batch; } first_batch_seen;
static void keep_first_batch_loss(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    first_batch_seen *k = ctx;
    (void)epoch, (void)nbatches, (void)acc;
    if (k->first_batch < 0) k->first_batch = batch;
    if (batch == 1) k->loss = loss;
}
/* The mean cross-entropy of a one-layer linear network (C = 3, D = 2) over examples idx[0..n-1],
   in double from its weights (not through mlp_forward) */
static double linear_mean_loss(const mlp *m, const wb_tensor *x, const uint8_t *y, const int *idx, int n) {
    const float *W = m->layer[0].W.data, *b = m->layer[0].b.data;
    double total = 0;
    for (int i = 0; i < n; i++) {
        const float *xi = x->data + 2 * idx[i];
        double z[3], s = 0;
        for (int c = 0; c < 3; c++) z[c] = (double)W[2 * c] * xi[0] + (double)W[2 * c + 1] * xi[1] + b[c];
        for (int c = 0; c < 3; c++) s += exp(z[c]);
        total += log(s) - z[y[idx[i]]];
    }
    return total / n;
}

WB_TEST(epoch_reshuffles_every_time, .points = 1,
        .hint = "Catches a shuffle done once, never, or after the minibatches, and a generator of "
                "train_epoch's own: it "
                "shuffles at the start of EVERY epoch with the loop's random numbers, loop->rng, "
                "so that the seed the caller chose decides every epoch's order, and its "
                "minibatches are taken from that new order (which this test reads through on_batch, "
                "whose batch numbers run from 1 to nbatches).",
        .hint2 = "Two epochs in a row must see the examples in different orders, and each order is "
                 "the next Fisher-Yates shuffle (wb_rng_shuffle) drawn from loop->rng: a "
                 "generator seeded inside train_epoch repeats the same numbers every epoch, "
                 "whatever the seed. The shuffle comes before the first minibatch: an epoch "
                 "that walks the order it was given and shuffles afterwards trains its first "
                 "epoch on the caller's order (MNIST's file order).") {
    enum { N = 30 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 4);
    mlp m;
    small_net(&m, 1, 10, 1);
    int order[N], first[N], want[N];
    for (int i = 0; i < N; i++) order[i] = want[i] = i;
    /* lr 0: the weights never change, so a batch's loss tells which examples it held */
    sgd_state opt = {.velocity = calloc(m.params.size, sizeof(float)), .n = m.params.size};
    first_batch_seen seen = {.loss = NAN, .first_batch = -1};
    train_hooks hooks = {keep_first_batch_loss, NULL, &seen};
    train_loop loop = {.order = order, .n = N, .batch_size = 10, .epoch = 1, .hooks = &hooks};
    wb_rng_seed(&loop.rng, 5);
    wb_rng mine = loop.rng; /* a copy of the loop's generator: the orders it must give */
    train_epoch(&m, &x, y, &opt, &loop);
    wb_rng_shuffle(&mine, want, N);
    ck_assert_msg(memcmp(want, order, sizeof want) == 0,
                  "the first epoch's order is not the shuffle of loop->rng (seeded 5): shuffle "
                  "with the loop's own generator");
    /* the first minibatch is the first 10 of the shuffled order (float log-softmax against
       double, losses near 1: ~1e-7 relative a term). The identity order's first 10 give
       another mean: the test's own check that the two can be told apart */
    double want_first = linear_mean_loss(&m, &x, y, want, 10);
    int identity[10];
    for (int i = 0; i < 10; i++) identity[i] = i;
    ck_assert_msg(fabs(linear_mean_loss(&m, &x, y, identity, 10) - want_first) > 1e-3 * want_first,
                  "test data: the unshuffled and shuffled first batches have the same loss");
    /* the hook's batch numbers run from 1 to nbatches (hooks.h): this test reads batch 1 */
    ck_assert_msg(seen.first_batch == 1, "on_batch's first call of the epoch says batch %d: the "
                  "batches are numbered from 1 to nbatches", seen.first_batch);
    float first_loss = seen.loss;
    ck_assert_msg(fabs(first_loss - want_first) <= 1e-5 * want_first,
                  "epoch 1's first minibatch has mean loss %g, but the first 10 examples of the "
                  "shuffled order give %g: shuffle before taking the minibatches",
                  (double)first_loss, want_first);
    memcpy(first, order, sizeof first);
    loop.epoch = 2;
    train_epoch(&m, &x, y, &opt, &loop);
    ck_assert_msg(memcmp(first, order, sizeof first) != 0, "the second epoch used the first one's order");
    wb_rng_shuffle(&mine, want, N);
    ck_assert_msg(memcmp(want, order, sizeof want) == 0,
                  "the second epoch's order is not the next shuffle of loop->rng: keep drawing "
                  "from the loop's generator, epoch after epoch");
    want_first = linear_mean_loss(&m, &x, y, want, 10);
    first_loss = seen.loss;
    ck_assert_msg(fabs(first_loss - want_first) <= 1e-5 * want_first,
                  "epoch 2's first minibatch has mean loss %g, but the first 10 examples of its "
                  "new order give %g: shuffle before taking the minibatches",
                  (double)first_loss, want_first);
    free(opt.velocity);
    mlp_free(&m);
    wb_tensor_free(&x);
}

WB_TEST(a_shorter_last_batch_uses_its_own_rows, .points = 2,
        .hint = "Catches the last, shorter minibatch treated as a full one: 10 examples in batches "
                "of 4 are batches of 4, 4 and 2, and the last one's forward, loss and backward see "
                "its 2 examples only.",
        .hint2 = "The buffers have room for batch_size rows; after a full batch, the rows past b "
                 "still hold the previous batch's examples, scores and gradients. Every call for a "
                 "batch takes that batch's own size b.") {
    enum { N = 10, BS = 4 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 14);
    mlp m, ref;
    small_net(&m, 2, BS, 7);
    small_net(&ref, 2, BS, 7); /* the same seed: the same starting weights */
    size_t P = m.params.size;
    float *v = calloc(P, sizeof *v), *want_v = calloc(P, sizeof *want_v);
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    sgd_state opt = {.lr = 0.1f, .momentum = 0.9f, .velocity = v, .n = P};
    train_loop loop = {.order = order, .n = N, .batch_size = BS, .epoch = 1};
    wb_rng_seed(&loop.rng, 15);
    train_epoch(&m, &x, y, &opt, &loop);
    /* the epoch's three steps written out, on the batches of the order it used (left in order) */
    wb_tensor xb = WB_TENSOR(BS, 2);
    uint8_t yb[BS];
    int labels[BS];
    float dlogits[BS * 3];
    for (int start = 0; start < N; start += BS) {
        int b = N - start < BS ? N - start : BS;
        wb_batch_gather(&x, y, order + start, b, &xb, yb);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        mlp_forward(&ref, xb.data, b);
        softmax_xent(mlp_output(&ref), labels, b, 3, dlogits);
        mlp_backward(&ref, xb.data, dlogits, b);
        for (size_t i = 0; i < P; i++) {
            want_v[i] = 0.9f * want_v[i] - 0.1f * ref.grads.data[i];
            ref.params.data[i] += want_v[i];
        }
    }
    /* the same operations on the same rows: only the rounding of the step's arithmetic (~1e-7
       relative, e.g. a fused multiply-add here and not there) may differ */
    WB_ASSERT_CLOSE(m.params.data, ref.params.data, (long)P, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(v, want_v, (long)P, 1e-5, 1e-6);
    wb_tensor_free(&xb);
    free(v);
    free(want_v);
    mlp_free(&m);
    mlp_free(&ref);
    wb_tensor_free(&x);
}

/* What on_batch was handed, call by call. */
typedef struct batch_calls {
    int n, epoch[8], batch[8], nbatches[8];
    float loss[8], acc[8];
} batch_calls;
static void record_batch(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    batch_calls *c = ctx;
    if (c->n < 8) {
        c->epoch[c->n] = epoch, c->batch[c->n] = batch, c->nbatches[c->n] = nbatches;
        c->loss[c->n] = loss, c->acc[c->n] = acc;
    }
    c->n++;
}

WB_TEST(epoch_hooks_get_the_running_means, .points = 1,
        .hint = "Catches on_batch handed the last batch's loss instead of the mean so far, and an "
                "accuracy divided as if every batch were full: after each minibatch, the loss and "
                "accuracy go to wb_hook_batch as means over all the examples the epoch has seen.",
        .hint2 = "Keep running sums over examples (each batch's loss times its size b, the right "
                 "predictions) and divide by the examples seen so far, start + b: after the last, "
                 "shorter batch that is n, and the numbers equal the epoch's own log.") {
    enum { N = 10, BS = 4 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 16);
    y[2] = (uint8_t)((y[2] + 1) % 3), y[7] = (uint8_t)((y[7] + 2) % 3); /* two mislabelled */
    mlp m;
    small_net(&m, 1, BS, 1);
    /* scores 0.4 (c_k . x) against the blob centres c_k: right but for the two mislabelled ones */
    static const float W[6] = {0.0f, 1.2f, 1.04f, -0.6f, -1.04f, -0.6f};
    memcpy(m.layer[0].W.data, W, sizeof W);
    memset(m.layer[0].b.data, 0, 3 * sizeof(float));
    int order[N];
    for (int i = 0; i < N; i++) order[i] = i;
    batch_calls calls = {0};
    train_hooks hooks = {record_batch, NULL, &calls};
    /* lr 0: the network never changes, so each example's loss can be worked out beforehand */
    sgd_state opt = {.lr = 0.0f, .velocity = calloc(m.params.size, sizeof(float)),
                     .n = m.params.size};
    train_loop loop = {.order = order, .n = N, .batch_size = BS, .epoch = 3, .hooks = &hooks};
    wb_rng_seed(&loop.rng, 17);
    epoch_log ep = train_epoch(&m, &x, y, &opt, &loop);
    ck_assert_msg(calls.n == 3, "on_batch was called %d times; 10 examples in batches of 4 want 3",
                  calls.n);
    double loss_sum = 0;
    int correct = 0;
    for (int k = 0, seen = 0; k < 3; k++) {
        ck_assert_msg(calls.epoch[k] == 3 && calls.batch[k] == k + 1 && calls.nbatches[k] == 3,
                      "call %d: epoch %d, batch %d of %d; want epoch 3 (loop->epoch), batch %d "
                      "of 3",
                      k + 1, calls.epoch[k], calls.batch[k], calls.nbatches[k], k + 1);
        for (int end = seen + (k < 2 ? BS : N - 2 * BS); seen < end; seen++) {
            const float *xi = x.data + 2 * order[seen];
            double z[3], lse = 0;
            int best = 0;
            for (int c = 0; c < 3; c++)
                z[c] = (double)W[2 * c] * xi[0] + (double)W[2 * c + 1] * xi[1];
            for (int c = 0; c < 3; c++) lse += exp(z[c]), best = z[c] > z[best] ? c : best;
            loss_sum += log(lse) - z[y[order[seen]]];
            correct += best == y[order[seen]];
        }
        /* float log-softmax against double: ~1e-7 relative a term */
        ck_assert_msg(fabs(calls.loss[k] - loss_sum / seen) <= 1e-5 * loss_sum / seen,
                      "after batch %d on_batch got loss %g; the mean over the %d examples seen so "
                      "far is %g", k + 1, (double)calls.loss[k], seen, loss_sum / seen);
        ck_assert_msg(fabs(calls.acc[k] - (double)correct / seen) <= 1e-6,
                      "after batch %d on_batch got accuracy %g; %d right of the %d examples seen "
                      "so far is %g", k + 1, (double)calls.acc[k], correct, seen,
                      (double)correct / seen);
    }
    ck_assert_msg(correct > 0, "the test's classifier got nothing right: no accuracy to check");
    WB_ASSERT_NEAR(ep.train_loss, calls.loss[2], 1e-6, 0); /* the same sums: equal up to rounding */
    free(opt.velocity);
    mlp_free(&m);
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

/* A validation loss that follows a script. With lr 0 and no momentum an epoch changes no weight,
   so the test's on_batch hook can choose the weights each epoch is validated with: those of epoch
   e are scale[e - 1] times a fixed classifier. The examples are the unit vectors u_k at 90 + 120 k
   degrees, labelled k, and the classifier's weights are the same vectors, so every example scores
   s on its own class and -s/2 on the others: the validation loss is log(1 + 2 exp(-1.5 s)), lower
   for a larger s. */
typedef struct script {
    mlp *m;
    const float *scale; /* epoch e's, e = 1..n */
    int n, bad_epoch;   /* an epoch number outside 1..n reached on_batch */
    int epochs_seen, last_h_n, bad_h_n;
} script;
static void scripted_weights(mlp *m, float s) {
    for (int k = 0; k < 3; k++) {
        float a = 1.5707963f + 2.0943951f * (float)k;
        m->layer[0].W.data[2 * k] = s * cosf(a);
        m->layer[0].W.data[2 * k + 1] = s * sinf(a);
        m->layer[0].b.data[k] = 0;
    }
}
static double scripted_loss(double s) { return log(1 + 2 * exp(-1.5 * s)); }
static void script_batch(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    script *sc = ctx;
    (void)batch, (void)nbatches, (void)loss, (void)acc;
    if (epoch < 1 || epoch > sc->n) sc->bad_epoch = epoch;
    else scripted_weights(sc->m, sc->scale[epoch - 1]);
}
static void script_epoch(void *ctx, const train_history *h) {
    script *sc = ctx;
    sc->epochs_seen++;
    if (h->n != sc->epochs_seen) sc->bad_h_n = 1;
    sc->last_h_n = h->n;
}
/* fit on the scripted examples (3 to train on, the same 3 directions to validate on); m is
   initialised here, the caller frees it. Returns what fit returns. */
static int scripted_fit(mlp *m, script *sc, int patience, int max_epochs, train_history *h) {
    wb_tensor x = WB_TENSOR(6, 2);
    uint8_t y[6];
    for (int i = 0; i < 6; i++) {
        float a = 1.5707963f + 2.0943951f * (float)(i % 3);
        x.data[2 * i] = cosf(a), x.data[2 * i + 1] = sinf(a), y[i] = (uint8_t)(i % 3);
    }
    int train[3] = {0, 1, 2}, val[3] = {4, 5, 3};
    wb_split split = {.train = train, .n_train = 3, .val = val, .n_val = 3};
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(m, 1, (int[]){2, 3}, (activation[]){ACT_NONE}, 3, &r);
    scripted_weights(m, sc->scale[0]);
    sc->m = m;
    train_config cfg = {.batch_size = 3, .max_epochs = max_epochs, .patience = patience,
                        .momentum = 0.0f, .lr = {.lr0 = 0.0f, .decay = 1.0f, .every = 1},
                        .seed = 1};
    train_hooks hooks = {script_batch, script_epoch, sc};
    int n = fit(m, &x, y, &split, &cfg, &hooks, h);
    wb_tensor_free(&x);
    ck_assert_msg(sc->bad_epoch == 0, "on_batch was told epoch %d: fit sets loop.epoch to 1, 2, "
                  "...", sc->bad_epoch);
    for (int e = 0; e < h->n && e < sc->n; e++) /* float log-softmax against double: ~1e-7 */
        ck_assert_msg(fabs(h->epochs[e].val_loss - scripted_loss(sc->scale[e])) <= 1e-5,
                      "epoch %d's validation loss is %g, want %g: lr 0 must leave the weights "
                      "unchanged, and the validation loss is of the weights after the epoch", e + 1,
                      (double)h->epochs[e].val_loss, scripted_loss(sc->scale[e]));
    return n;
}

/* Examples r u_k, labelled k, for the unit vectors u_k of the scripted tests and three radii r:
   the classifier of scale 1 scores r on the example's class and -r/2 on the other two, so the
   example's loss is log(1 + 2 exp(-1.5 r)), scripted_loss(r), different for each radius. */
WB_TEST(fit_measures_all_of_both_sets, .points = 1,
        .hint = "Catches a validation loss measured on the training examples or over a number "
                "of examples that is not split->n_val (or an epoch over one that is not "
                "split->n_train): each epoch "
                "trains on the n_train indices of split->train and evaluates exactly the n_val "
                "indices of split->val.",
        .hint2 = "Here the two sets have different sizes (5 to train on, 3 to validate on) and "
                 "examples of different losses, and lr is 0 so the weights never change: the "
                 "epoch's training loss is the mean over the 5 training examples, its validation "
                 "loss the mean over the 3 validation ones. Check which count goes with which "
                 "index array.") {
    static const float radius[3] = {1.0f, 2.0f, 0.5f};
    wb_tensor x = WB_TENSOR(9, 2);
    uint8_t y[9];
    for (int i = 0; i < 9; i++) {
        float a = 1.5707963f + 2.0943951f * (float)(i % 3);
        x.data[2 * i] = radius[i / 3] * cosf(a), x.data[2 * i + 1] = radius[i / 3] * sinf(a);
        y[i] = (uint8_t)(i % 3);
    }
    /* radii: train 1, 1, 1, 2, 0.5; val 2, 0.5, 2; and two more valid indices after val's 3
       (radii 0.5 and 1), so that reading 5 entries of val is a wrong mean, not a crash */
    int train[5] = {0, 1, 2, 5, 7}, val[5] = {3, 6, 4, 8, 1};
    wb_split split = {.train = train, .n_train = 5, .val = val, .n_val = 3};
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp m;
    mlp_init(&m, 1, (int[]){2, 3}, (activation[]){ACT_NONE}, 2, &r);
    scripted_weights(&m, 1.0f);
    train_config cfg = {.batch_size = 2, .max_epochs = 1, .patience = 1, .momentum = 0.0f,
                        .lr = {.lr0 = 0.0f, .decay = 1.0f, .every = 1}, .seed = 1};
    train_history *h = malloc(sizeof *h);
    ck_assert_int_eq(fit(&m, &x, y, &split, &cfg, NULL, h), 1);
    double want_train = (3 * scripted_loss(1) + scripted_loss(2) + scripted_loss(0.5)) / 5;
    double want_val = (2 * scripted_loss(2) + scripted_loss(0.5)) / 3;
    /* float log-softmax against double, losses below 1: ~1e-7 a term */
    ck_assert_msg(fabs(h->epochs[0].val_loss - want_val) <= 1e-5,
                  "the validation loss is %g, want %g, the mean over the n_val = 3 examples of "
                  "split->val", (double)h->epochs[0].val_loss, want_val);
    ck_assert_msg(fabs(h->epochs[0].train_loss - want_train) <= 1e-5,
                  "the training loss is %g, want %g, the mean over the n_train = 5 examples of "
                  "split->train", (double)h->epochs[0].train_loss, want_train);
    free(h);
    mlp_free(&m);
    wb_tensor_free(&x);
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

WB_TEST(fit_patience_counts_epochs_in_a_row, .points = 2,
        .hint = "Catches patience that counts every epoch without a new low, not those in a row: "
                "each new lowest validation loss starts the count again from 0, and fit stops "
                "once `patience` epochs IN A ROW have brought none.",
        .hint2 = "The validation losses here are 0.37, 0.66, 0.095 (a new low), 0.19, 0.37: with "
                 "patience 2 the count is 0, 1, 0, 1, 2, so fit stops after epoch 5, not 4, and "
                 "keeps epoch 3 (h->best = 2).") {
    static const float scale[8] = {1, 0.5f, 2, 1.5f, 1, 0.25f, 0.25f, 0.25f};
    script sc = {.scale = scale, .n = 8};
    train_history *h = malloc(sizeof *h);
    mlp m;
    int n = scripted_fit(&m, &sc, 2, 8, h);
    ck_assert_msg(n == 5 && h->n == 5, "fit ran %d epochs (h->n = %d), want 5: the new low at "
                  "epoch 3 starts the count of epochs without improvement again", n, h->n);
    ck_assert_msg(h->best == 2, "h->best = %d, but epoch 3 (index 2) had the lowest validation "
                  "loss", h->best);
    free(h);
    mlp_free(&m);
}

WB_TEST(fit_a_tie_is_not_a_new_low, .points = 2,
        .hint = "Catches an epoch that only equals the best validation loss treated as a new low, "
                "or as no epoch at all: only a loss LOWER than every earlier one is a new low "
                "(h->best moves, the weights are copied, the count restarts); an equal one is one "
                "more epoch without improvement.",
        .hint2 = "The validation losses here are 0.37, 0.095, then 0.095 again and again: epoch 2 "
                 "is the best (h->best = 1) and each later epoch brings nothing better, so with "
                 "patience 2 the count is 0, 0, 1, 2 and fit stops after epoch 4.") {
    static const float scale[6] = {1, 2, 2, 2, 2, 2};
    script sc = {.scale = scale, .n = 6};
    train_history *h = malloc(sizeof *h);
    mlp m;
    int n = scripted_fit(&m, &sc, 2, 6, h);
    /* the same weights give the same loss bit for bit: the ties are exact */
    for (int e = 2; e < h->n; e++)
        ck_assert_msg(h->epochs[e].val_loss == h->epochs[1].val_loss, "epoch %d's validation "
                      "loss %.9g differs from epoch 2's %.9g, with the same weights", e + 1,
                      (double)h->epochs[e].val_loss, (double)h->epochs[1].val_loss);
    ck_assert_msg(h->best == 1, "h->best = %d, but epoch 2 (index 1) reached the lowest "
                  "validation loss first: a later epoch that only equals it is not a new low",
                  h->best);
    ck_assert_msg(n == 4 && h->n == 4, "fit ran %d epochs (h->n = %d), want 4: epochs 3 and 4 "
                  "only equal the best loss, so they are 2 epochs in a row without improvement",
                  n, h->n);
    free(h);
    mlp_free(&m);
}

WB_TEST(fit_restores_the_best_when_epochs_run_out, .points = 2,
        .hint = "Catches the best weights put back only when training stops early: when fit runs "
                "all max_epochs epochs, the network must still end with the weights of its best "
                "epoch, not of its last.",
        .hint2 = "Here the validation losses are 0.37, 0.095, 0.66 and max_epochs is 3: the loop "
                 "ends without stopping early, and the weights to put back are epoch 2's. Restore "
                 "them after the loop, however it ended.") {
    static const float scale[3] = {1, 2, 0.5f};
    script sc = {.scale = scale, .n = 3};
    train_history *h = malloc(sizeof *h);
    mlp m, want;
    int n = scripted_fit(&m, &sc, 5, 3, h);
    ck_assert_msg(n == 3 && h->n == 3, "fit ran %d epochs (h->n = %d); with patience 5 and "
                  "max_epochs 3 want all 3", n, h->n);
    ck_assert_msg(h->best == 1, "h->best = %d, but epoch 2 (index 1) had the lowest validation "
                  "loss", h->best);
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(&want, 1, (int[]){2, 3}, (activation[]){ACT_NONE}, 3, &r);
    scripted_weights(&want, scale[1]);
    /* a copy put back: bit for bit */
    ck_assert_msg(memcmp(m.params.data, want.params.data, m.params.size * sizeof(float)) == 0,
                  "after fit ran out of epochs the network does not hold epoch 2's weights (the "
                  "best): W[0][1] = %g, epoch 2's is %g", (double)m.params.data[1],
                  (double)want.params.data[1]);
    free(h);
    mlp_free(&m);
    mlp_free(&want);
}

/* The weights after each epoch, as on_epoch sees them. */
typedef struct weights_seen {
    const mlp *m;
    float *after[2];
    int n;
} weights_seen;
static void copy_weights(void *ctx, const train_history *h) {
    weights_seen *w = ctx;
    (void)h;
    if (w->n < 2) memcpy(w->after[w->n], w->m->params.data, w->m->params.size * sizeof(float));
    w->n++;
}

WB_TEST(fit_keeps_the_velocity_across_epochs, .points = 2,
        .hint = "Catches an optimiser reset at every epoch and a rate not taken from the "
                "schedule: the velocity is zero before fit's first step only, and is kept from "
                "step to step and from epoch to epoch, so two epochs of fit are two train_epoch "
                "calls that share one sgd_state, each at its epoch's lr_at_epoch rate.",
        .hint2 = "fit's epochs must match train_epoch run twice by hand: loop.order a copy of "
                 "split->train, loop.rng seeded with cfg->seed, the schedule's rate each epoch, "
                 "and one velocity buffer zeroed once, before the first epoch.") {
    enum { N = 40 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 18);
    wb_split split;
    wb_split_make(&split, N, 0.25f, 19);
    mlp m, ref;
    small_net(&m, 2, 8, 20);
    small_net(&ref, 2, 8, 20); /* the same seed: the same starting weights */
    size_t P = m.params.size;
    weights_seen seen = {.m = &m, .after = {malloc(P * sizeof(float)), malloc(P * sizeof(float))}};
    train_hooks hooks = {NULL, copy_weights, &seen};
    train_config cfg = {.batch_size = 8, .max_epochs = 2, .patience = 5, .momentum = 0.9f,
                        .lr = {.lr0 = 0.05f, .decay = 0.5f, .every = 1}, .seed = 21};
    train_history *h = malloc(sizeof *h);
    fit(&m, &x, y, &split, &cfg, &hooks, h);
    ck_assert_msg(seen.n == 2, "on_epoch was called %d times in 2 epochs", seen.n);
    /* the schedule first: lr0 decay^epoch, epochs from 0, so 0.05 then 0.025 (exact in float) */
    for (int e = 0; e < 2; e++) {
        float want_lr = e ? 0.025f : 0.05f;
        ck_assert_msg(h->epochs[e].lr == want_lr, "epoch %d ran at lr %g, want the schedule's "
                      "lr_at_epoch(&cfg->lr, %d) = %g (lr0 0.05, decay 0.5 every epoch)", e + 1,
                      (double)h->epochs[e].lr, e, (double)want_lr);
    }
    /* the same two epochs by hand */
    int *order = malloc((size_t)split.n_train * sizeof *order);
    memcpy(order, split.train, (size_t)split.n_train * sizeof *order);
    sgd_state opt = {.momentum = 0.9f, .velocity = calloc(P, sizeof(float)), .n = P};
    train_loop loop = {.order = order, .n = split.n_train, .batch_size = 8};
    wb_rng_seed(&loop.rng, cfg.seed);
    for (int e = 0; e < 2; e++) {
        loop.epoch = e + 1;
        opt.lr = lr_at_epoch(&cfg.lr, e);
        train_epoch(&ref, &x, y, &opt, &loop);
        /* the same calls in the same order: equal but for nothing (1e-6 leaves room for none) */
        for (size_t i = 0; i < P; i++) {
            float got = seen.after[e][i], want = ref.params.data[i];
            ck_assert_msg(fabsf(got - want) <= 1e-6f * fabsf(want) + 1e-7f,
                          "after epoch %d parameter %zu is %g, but two train_epoch calls sharing "
                          "one optimiser give %g%s", e + 1, i, (double)got, (double)want,
                          e ? ": keep the velocity from epoch to epoch" : "");
        }
    }
    free(opt.velocity);
    free(order);
    free(seen.after[0]);
    free(seen.after[1]);
    free(h);
    wb_split_free(&split);
    mlp_free(&m);
    mlp_free(&ref);
    wb_tensor_free(&x);
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

/* 40 examples split in order: 0..29 to train, 30..39 to validate */
static wb_split first_30_then_10(int train[30], int val[10]) {
    for (int i = 0; i < 30; i++) train[i] = i;
    for (int i = 0; i < 10; i++) val[i] = 30 + i;
    return (wb_split){.train = train, .n_train = 30, .val = val, .n_val = 10};
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
    wb_split split = first_30_then_10(train, val);
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

WB_TEST(on_epoch_sees_the_epoch_that_stops, .points = 1,
        .hint = "Catches on_epoch skipped for the epoch that ends training: every epoch fit runs "
                "is recorded and then handed to on_epoch (through wb_hook_epoch), the last one "
                "too, before the loop stops.",
        .hint2 = "The dashboard draws its curves in on_epoch: a fit that stops before calling it "
                 "leaves the last epoch off the plots. Call the hook first, then test patience.") {
    static const float scale[4] = {1, 0.5f, 0.25f, 0.25f}; /* losses 0.37, then worse: stop at 2 */
    script sc = {.scale = scale, .n = 4};
    train_history *h = malloc(sizeof *h);
    mlp m;
    int n = scripted_fit(&m, &sc, 1, 4, h);
    ck_assert_msg(n == 2, "fit ran %d epochs; with patience 1 and only epoch 1 a new low, want 2",
                  n);
    ck_assert_msg(sc.epochs_seen == 2 && sc.last_h_n == 2 && !sc.bad_h_n,
                  "on_epoch was called %d times (the last with h->n = %d) for 2 epochs: call it "
                  "once after each epoch is recorded, the one that stops training too",
                  sc.epochs_seen, sc.last_h_n);
    free(h);
    mlp_free(&m);
}

/* on_batch that takes at least 2 ms: a floor for the time of the epoch it belongs to */
static void slow_batch(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    (void)ctx, (void)epoch, (void)batch, (void)nbatches, (void)loss, (void)acc;
    double t0 = wb_seconds();
    while (wb_seconds() - t0 < 0.002) {}
}

WB_TEST(fit_times_every_epoch, .points = 1,
        .hint = "Catches an epoch's time left out of its record: h->epochs[e].seconds is the wall "
                "time that epoch took, its training and validation included (the dashboard "
                "prints it).",
        .hint2 = "Read the clock (wb_seconds) at the start of each epoch and store the difference "
                 "once its validation is done. Here every minibatch's hook takes 2 ms, 4 batches "
                 "an epoch, so each epoch takes at least 8 ms, and all of them together no more "
                 "than the whole fit call.") {
    enum { N = 40 };
    wb_tensor x;
    uint8_t y[N];
    blobs(&x, y, N, 22);
    int train[30], val[10];
    wb_split split = first_30_then_10(train, val);
    mlp m;
    small_net(&m, 2, 8, 23);
    train_config cfg = {.batch_size = 8, .max_epochs = 2, .patience = 5, .momentum = 0.9f,
                        .lr = {.lr0 = 0.05f, .decay = 1.0f, .every = 1}, .seed = 24};
    train_hooks hooks = {slow_batch, NULL, NULL};
    train_history *h = malloc(sizeof *h);
    double t0 = wb_seconds();
    ck_assert_int_eq(fit(&m, &x, y, &split, &cfg, &hooks, h), 2);
    double wall = wb_seconds() - t0;
    double sum = 0;
    for (int e = 0; e < 2; e++) {
        /* 30 examples in batches of 8: 4 hooks of >= 2 ms each, inside the epoch */
        ck_assert_msg(h->epochs[e].seconds >= 0.008, "epoch %d took %g s by its record, but its 4 "
                      "minibatch hooks alone took at least 0.008 s", e + 1, h->epochs[e].seconds);
        sum += h->epochs[e].seconds;
    }
    ck_assert_msg(sum <= wall, "the epochs' times add up to %g s, more than the %g s fit took", sum,
                  wall);
    free(h);
    mlp_free(&m);
    wb_tensor_free(&x);
}
