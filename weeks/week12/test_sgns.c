/* test_sgns.c — tests for sgns.c: the loss by hand and at extreme dot products, its gradient by
 * finite differences, one SGD step against the gradient step computed here in double, the learning
 * rate's straight line, the dynamic window replayed draw by draw and against its closed-form
 * distance weights, and a toy corpus whose two topics must end up apart. */
#include "testing.h"
#include "week12.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* cosine in double (similarity.c's cosine is tested after this file) */
static double cos_d(const float *a, const float *b, int D) {
    double ab = 0, aa = 0, bb = 0;
    for (int d = 0; d < D; d++) ab += (double)a[d] * b[d], aa += (double)a[d] * a[d], bb += (double)b[d] * b[d];
    return ab / sqrt(aa * bb + 1e-300);
}

/* -log sigmoid(x) in double, from the definition (for moderate x) */
static double nls(double x) { return log(1.0 + exp(-x)); }

WB_TEST(sgns_loss_by_hand, .points = 2,
        .hint = "L = -log sigmoid(u_context . v) - sum over negatives of log sigmoid(-u_neg . v): the context is "
                "row ids[0], the negatives rows ids[1..k].",
        .hint2 = "v = (1, 0), context (2, 0), negatives (0, 1) and (-1, 0): dots 2, 0, -1 and L = log(1 + e^-2) + "
                 "log 2 + log(1 + e^-1) = 1.1333. If you get 1.90 the negatives have the context's sign.") {
    float v[2] = {1, 0}, U[6] = {2, 0, 0, 1, -1, 0}, dv[2] = {NAN, NAN};
    int ids[3] = {0, 1, 2};
    float L = sgns_loss(v, U, ids, 2, 2, dv, NULL);
    WB_ASSERT_NEAR(L, (float)(nls(2) + nls(-0.0) + nls(1)), 1e-6, 0);
    /* dv = sum_j (sigmoid(f_j) - t_j) u_j: (s(2) - 1) (2, 0) + s(0) (0, 1) + s(-1) (-1, 0) */
    double s2 = 1 / (1 + exp(-2.0)), sm1 = 1 / (1 + exp(1.0));
    float want[2] = {(float)(2 * (s2 - 1) - sm1), 0.5f};
    WB_ASSERT_CLOSE(dv, want, 2, 1e-6, 1e-7);
}

WB_TEST(sgns_loss_extreme_dots, .points = 2,
        .hint = "Write -log sigmoid(f) as log(1 + e^-f) = max(-f, 0) + log1p(e^-|f|): at f = -1000, 1/(1 + e^1000) "
                "is 0 in float and its log is -inf, but the loss is simply 1000.",
        .hint2 = "sigmoid(f) itself is fine at +-1000 (1/(1 + e^1000) = 0 is the right limit); only the log of it "
                 "needs the softplus form.") {
    float v[2] = {1, 0}, U[4] = {-1000, 0, 1000, 0}, dv[2] = {NAN, NAN};
    int ids[2] = {0, 1}; /* the context has dot -1000 (badly wrong), the negative +1000 (badly wrong) */
    float L = sgns_loss(v, U, ids, 1, 2, dv, NULL);
    WB_ASSERT_NEAR(L, 2000.0f, 1e-6, 0);
    float want[2] = {2000, 0}; /* (0 - 1)(-1000, 0) + (1 - 0)(1000, 0) */
    WB_ASSERT_CLOSE(dv, want, 2, 1e-6, 0);
    U[0] = 1000, U[2] = -1000; /* both right: the loss is e^-1000-small, not NaN */
    L = sgns_loss(v, U, ids, 1, 2, dv, NULL);
    ck_assert_msg(L >= 0 && L < 1e-30f, "all dots right by 1000: L = %g, want ~0", (double)L);
}

/* the gradient check's loss: sgns_loss with the current v and U */
typedef struct ex {
    float *v, *U, *dv;
    int ids[4], k, D;
} ex;
static double ex_loss(void *ctx) {
    ex *e = ctx;
    return sgns_loss(e->v, e->U, e->ids, e->k, e->D, e->dv, NULL);
}

WB_TEST(sgns_gradient_check, .points = 3,
        .hint = "dL/dv = sum_j g_j u_j and dL/du_j = g_j v, with g_j = sigmoid(u_j . v) - label_j (label 1 for the "
                "context, 0 for a negative): a logistic regression's prediction minus label.",
        .hint2 = "A negative drawn twice (ids 2, 4, 1, 4 here) gets both contributions: add into dU's row, never "
                 "assign. dv is overwritten, dU only added to.") {
    enum { V = 6, D = 7 };
    wb_rng r;
    wb_rng_seed(&r, 3);
    float v[D], U[V * D], dv[D], dU[V * D], dv2[D];
    wb_rng_fill_normal(&r, v, D, 0.7f);
    wb_rng_fill_normal(&r, U, V * D, 0.7f);
    ex e = {.v = v, .U = U, .dv = dv2, .ids = {2, 4, 1, 4}, .k = 3, .D = D};
    for (int i = 0; i < D; i++) dv[i] = NAN;
    memset(dU, 0, sizeof dU);
    sgns_loss(v, U, e.ids, 3, D, dv, dU);
    /* loss in float with |L| ~ 3: eps 1e-3 leaves ~1e-4 noise in each difference; 2% + 1e-4 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(ex_loss, &e, v, dv, D, 1e-3, 2e-2, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(ex_loss, &e, U, dU, V * D, 1e-3, 2e-2, 1e-4));
    /* rows 0, 3, 5 are in no example: their gradient stays 0 */
    for (int d = 0; d < D; d++)
        ck_assert_msg(dU[0 * D + d] == 0 && dU[3 * D + d] == 0 && dU[5 * D + d] == 0,
                      "dU has a nonzero entry in a row not in ids");
    /* a second call adds the same again (dU accumulates) and overwrites dv */
    float dU1[V * D];
    memcpy(dU1, dU, sizeof dU);
    for (int i = 0; i < V * D; i++) dU1[i] *= 2;
    float dv1[D];
    memcpy(dv1, dv, sizeof dv);
    sgns_loss(v, U, e.ids, 3, D, dv, dU);
    WB_ASSERT_CLOSE(dU, dU1, V * D, 1e-6, 1e-7);
    WB_ASSERT_CLOSE(dv, dv1, D, 0, 0);
}

/* The loss in double, for the step test's own gradient (independent of sgns_loss). */
static double loss_double(const double *v, const double *U, const int *ids, int k, int D) {
    double L = 0;
    for (int j = 0; j <= k; j++) {
        double f = 0;
        for (int d = 0; d < D; d++) f += U[ids[j] * D + d] * v[d];
        L += nls(j == 0 ? f : -f);
    }
    return L;
}

WB_TEST(sgns_step_is_a_gradient_step, .points = 3,
        .hint = "Both updates use the values from BEFORE the step: accumulate the centre's step in work while you "
                "update each context/negative row with the old v, and subtract work from v only at the end.",
        .hint2 = "If v moves inside the loop, the context rows after it are updated with the new v, and the dot "
                 "products of the later rows are taken with it too: that is not a step along the gradient.",
        .hint3 = "work may hold anything on entry (here NaN): set it to 0 first.") {
    enum { V = 5, D = 6, K = 2 };
    wb_rng r;
    wb_rng_seed(&r, 7);
    float v[D], U[V * D], work[D];
    wb_rng_fill_normal(&r, v, D, 0.8f);
    wb_rng_fill_normal(&r, U, V * D, 0.8f);
    int ids[K + 1] = {3, 0, 4};
    const float lr = 0.5f;
    /* the expected step: -lr times the gradient, by central differences of the double loss */
    double vd[D], Ud[V * D];
    float want_v[D], want_U[V * D];
    for (int i = 0; i < D; i++) vd[i] = v[i];
    for (int i = 0; i < V * D; i++) Ud[i] = U[i];
    for (int i = 0; i < D + V * D; i++) {
        double *x = i < D ? &vd[i] : &Ud[i - D], x0 = *x, h = 1e-6;
        *x = x0 + h;
        double lp = loss_double(vd, Ud, ids, K, D);
        *x = x0 - h;
        double lm = loss_double(vd, Ud, ids, K, D);
        *x = x0;
        double g = (lp - lm) / (2 * h);
        if (i < D) want_v[i] = (float)(x0 - lr * g);
        else want_U[i - D] = (float)(x0 - lr * g);
    }
    for (int i = 0; i < D; i++) work[i] = NAN;
    sgns_step(v, U, ids, K, D, lr, work);
    /* float arithmetic on numbers ~1 against a double reference: 1e-5 */
    WB_ASSERT_CLOSE(v, want_v, D, 1e-5, 1e-5);
    WB_ASSERT_CLOSE(U, want_U, V * D, 1e-5, 1e-5);
}

WB_TEST(lr_linear_decays, .points = 2,
        .hint = "A straight line: lr0 at done = 0, lr_min at done = total, lr0 - (lr0 - lr_min) * done / total "
                "in between, and lr_min after the end.",
        .hint2 = "A constant rate keeps kicking the vectors about until the very last example; the decay is what "
                 "lets them settle.") {
    float want[5] = {0.025f, 0.018775f, 0.01255f, 0.0001f, 0.0001f};
    long done[5] = {0, 250, 500, 1000, 2000};
    for (int i = 0; i < 5; i++) {
        float lr = lr_linear(0.025f, 0.0001f, done[i], 1000);
        ck_assert_msg(fabsf(lr - want[i]) <= 1e-7f, "lr_linear(0.025, 0.0001, done %ld of 1000) = %.7g, want %.7g",
                      done[i], (double)lr, (double)want[i]);
    }
}

WB_TEST(window_pairs_replayed, .points = 2,
        .hint = "One draw per centre, in order: b = window - wb_rng_below(rng, window), then the positions "
                "i - b .. i + b that lie inside the sentence, except i itself.",
        .hint2 = "No draw for a context, none for the sentence: exactly n draws, so that the same seed trains "
                 "the same model.") {
    enum { N = 7, W = 3 };
    wb_rng r, replay;
    wb_rng_seed(&r, 11);
    replay = r;
    int c[2 * W * N], x[2 * W * N], wc[2 * W * N], wx[2 * W * N], nw = 0;
    for (int i = 0; i < 2 * W * N; i++) c[i] = x[i] = -1;
    for (int i = 0; i < N; i++) {
        int b = W - (int)wb_rng_below(&replay, W);
        for (int j = i - b; j <= i + b; j++)
            if (j >= 0 && j < N && j != i) wc[nw] = i, wx[nw] = j, nw++;
    }
    int np = window_pairs(N, W, &r, c, x);
    ck_assert_msg(np == nw, "window_pairs(7 words, window 3) gave %d pairs, want %d for this seed", np, nw);
    for (int p = 0; p < np; p++)
        ck_assert_msg(c[p] == wc[p] && x[p] == wx[p], "pair %d is (%d, %d), want (%d, %d)", p, c[p], x[p], wc[p], wx[p]);
    ck_assert_msg(wb_rng_u32(&r) == wb_rng_u32(&replay), "window_pairs used the generator a different number of times");
}

WB_TEST(window_weights_by_distance, .points = 1,
        .hint = "With b uniform in 1..window, a word at distance d is used when b >= d: with probability "
                "(window - d + 1) / window. A fixed window uses every distance always.") {
    enum { N = 11, W = 5, REPS = 4000 };
    wb_rng r;
    wb_rng_seed(&r, 5);
    int c[2 * W * N], x[2 * W * N];
    long seen[W + 1] = {0};
    for (int rep = 0; rep < REPS; rep++) {
        int np = window_pairs(N, W, &r, c, x);
        for (int p = 0; p < np; p++)
            if (c[p] == 5 && x[p] > 5) seen[x[p] - 5]++;
    }
    for (int d = 1; d <= W; d++) {
        double got = (double)seen[d] / REPS, want = (double)(W - d + 1) / W;
        /* binomial standard deviation sqrt(p(1-p)/4000) <= 0.008: 4 of them */
        ck_assert_msg(fabs(got - want) < 0.032, "distance %d used in %.3f of the draws, want %.3f", d, got, want);
    }
}

WB_TEST(training_separates_two_topics, .points = 3,
        .hint = "w2v_train_chunk: per sentence keep each word with probability keep[w], then for each window pair "
                "draw cfg.negative negatives from the table (skipping the context word) and take one sgns_step "
                "on the centre's row of W.",
        .hint2 = "Words that share contexts must end up with similar vectors: here ten words in two topics that "
                 "never meet in a line. If the topics do not separate, check which rows you update: the centre's "
                 "row of W, the context's and the negatives' rows of U.") {
    /* 300 lines of 8 words, each line from one topic: a0..a4 or b0..b4 */
    enum { LINES = 300, LEN = 8 };
    char *text = malloc(LINES * LEN * 3 + LINES + 1), *p = text;
    wb_rng r;
    wb_rng_seed(&r, 2);
    for (int l = 0; l < LINES; l++) {
        char topic = l % 2 ? 'a' : 'b';
        for (int i = 0; i < LEN; i++) *p++ = topic, *p++ = (char)('a' + wb_rng_below(&r, 5)), *p++ = i < LEN - 1 ? ' ' : '\n';
    }
    *p = '\0';
    w2v_vocab v;
    ck_assert_msg(vocab_build(&v, text, strlen(text), 1) == 0, "vocab_build: %s", wb_last_error());
    ck_assert_msg(v.size == 10, "the toy corpus has 10 words, vocab_build found %d", v.size);
    int *ids = malloc((strlen(text) + 1) * sizeof *ids);
    long n = vocab_encode(&v, text, strlen(text), ids);
    w2v_config cfg = W2V_DEFAULTS;
    cfg.dim = 16, cfg.window = 3, cfg.negative = 3, cfg.sample = 1; /* no subsampling on 10 words */
    cfg.lr0 = 0.05f;
    w2v_model m;
    w2v_init(&m, &v, &cfg, n * 10);
    for (int e = 0; e < 10; e++) w2v_train_chunk(&m, ids, n);
    ck_assert_msg(m.done == LINES * LEN * 10, "m->done = %ld after 10 epochs of %d words", m.done, LINES * LEN);
    w2v_vectors x;
    w2v_vectors_from_model(&m, &v, &x);
    double same = 0, across = 0;
    int ns = 0, na = 0;
    for (int i = 0; i < 10; i++)
        for (int j = i + 1; j < 10; j++) {
            double s = cos_d(x.W + i * 16, x.W + j * 16, 16);
            if (x.words[i][0] == x.words[j][0]) same += s, ns++;
            else across += s, na++;
        }
    same /= ns, across /= na;
    ck_assert_msg(same > across + 0.3, "mean cosine within a topic %.3f, across topics %.3f: want a gap > 0.3", same, across);
    vectors_free(&x);
    w2v_free(&m);
    vocab_free(&v);
    free(ids);
    free(text);
}
