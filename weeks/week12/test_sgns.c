/* test_sgns.c — tests for sgns.c: the loss by hand and at extreme dot products, its gradient by
 * finite differences, one SGD step against the gradient step computed here in double, the learning
 * rate's straight line, the dynamic window replayed draw by draw and against its closed-form
 * distance weights, w2v_train_chunk on toy models whose every step is replayed in double (the rows
 * it moves, the negatives from the table, the context never its own negative, subsampling by
 * keep), and a toy corpus whose two topics must end up apart. */
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
                 "the same model. A one-word sentence has no pair but one centre: one draw.") {
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
    /* a one-word sentence: no pair, and its one centre still takes its one draw */
    wb_rng_seed(&r, 12);
    replay = r;
    (void)wb_rng_below(&replay, W);
    np = window_pairs(1, W, &r, c, x);
    ck_assert_msg(np == 0, "window_pairs(1 word) gave %d pairs, want 0", np);
    ck_assert_msg(wb_rng_u32(&r) == wb_rng_u32(&replay), "window_pairs(1 word) did not take "
                  "exactly one draw: one draw per centre, even when the centre has no context");
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

/* ---- w2v_train_chunk, watched on toy models whose every step can be replayed ---- */

/* A model on TV = 8 words of TD = 5 numbers, built by hand: every word kept (keep 1), window 1 (b
   is always 1), one negative per pair from a table that holds only the word neg (so the draws do
   not matter), a constant learning rate 0.5 (lr0 = lr_min), and W and U random. */
enum { TV = 8, TD = 5 };
static void toy_model_k(w2v_model *m, int neg, uint64_t seed, int k) {
    static long counts[TV] = {8, 7, 6, 5, 4, 3, 2, 1};
    w2v_vocab voc = {.size = TV, .counts = counts, .total = 36};
    w2v_config cfg = W2V_DEFAULTS;
    cfg.dim = TD, cfg.window = 1, cfg.negative = k, cfg.lr0 = cfg.lr_min = 0.5f;
    w2v_init(m, &voc, &cfg, 1000);
    for (int w = 0; w < TV; w++) m->keep[w] = 1;
    for (long a = 0; a < W2V_TABLE_SIZE; a++) m->table[a] = neg;
    wb_rng r;
    wb_rng_seed(&r, seed);
    wb_rng_fill_normal(&r, m->W, TV * TD, 0.5f);
    wb_rng_fill_normal(&r, m->U, TV * TD, 0.5f);
}
static void toy_model(w2v_model *m, int neg, uint64_t seed) { toy_model_k(m, neg, seed, 1); }

/* The contract of sgns_step in double: every row in turn with the v from before the step. */
static void step_double(double *v, double *U, const int *ids, int k, double lr) {
    double work[TD] = {0};
    for (int j = 0; j <= k; j++) {
        double *u = U + ids[j] * TD, f = 0;
        for (int d = 0; d < TD; d++) f += u[d] * v[d];
        double g = lr * (1 / (1 + exp(-f)) - (j == 0 ? 1 : 0));
        for (int d = 0; d < TD; d++) work[d] += g * u[d], u[d] -= g * v[d];
    }
    for (int d = 0; d < TD; d++) v[d] -= work[d];
}

/* The toy corpus: the lines "0 1", "1 0", "0 1". With window 1 each line (s0 s1) gives the pairs
   (centre s0, context s1) and (centre s1, context s0). */
static const int toy_ids[9] = {0, 1, -1, 1, 0, -1, 0, 1, -1};

/* Train the toy model with negatives from {neg} on the toy corpus, and replay the same training
   in double into W and U: per pair one step with ids {context, neg}, or {context} alone when neg
   is the context itself (that draw is skipped). U0, if not NULL, gets U before the training. */
static void toy_train(w2v_model *m, int neg, double *W, double *U, float *U0) {
    toy_model(m, neg, 19);
    for (int i = 0; i < TV * TD; i++) W[i] = m->W[i], U[i] = m->U[i];
    if (U0) memcpy(U0, m->U, TV * TD * sizeof *U0);
    for (int l = 0; l < 3; l++) {
        const int *s = toy_ids + 3 * l;
        for (int p = 0; p < 2; p++) {
            int c = s[p], o = s[1 - p], ids[2] = {o, neg};
            step_double(W + c * TD, U, ids, neg == o ? 0 : 1, 0.5);
        }
    }
    long n = w2v_train_chunk(m, toy_ids, 9);
    ck_assert_msg(n == 9, "w2v_train_chunk returned %ld for 9 ids", n);
}

/* Row w of a (TV,TD) matrix of the model against the replay. Float steps against double on
   numbers ~1, at most six steps per row: 1e-5 relative + 1e-6. */
static int toy_row_ok(const float *got, const double *want, int w) {
    for (int d = 0; d < TD; d++) {
        double g = got[w * TD + d], x = want[w * TD + d];
        if (!(fabs(g - x) <= 1e-5 * fabs(x) + 1e-6)) return 0;
    }
    return 1;
}
static void toy_check(const w2v_model *m, const double *W, const double *U, const char *after) {
    for (int w = 0; w < TV; w++)
        ck_assert_msg(toy_row_ok(m->U, U, w), "U row %d: [0] = %.7g, want %.7g after %s", w,
                      (double)m->U[w * TD], U[w * TD], after);
    for (int w = 0; w < TV; w++)
        ck_assert_msg(toy_row_ok(m->W, W, w), "W row %d: [0] = %.7g, want %.7g after %s", w,
                      (double)m->W[w * TD], W[w * TD], after);
}

WB_TEST(training_puts_the_negatives_after_the_context, .points = 1,
        .hint = "Each pair's example is ids[0] = its context word, then the negatives kept in "
                "ids[1], ids[2], .. ids[kk]: the first negative kept goes to ids[1], and ids[0] "
                "stays the context.",
        .hint2 = "Here the table holds only word 2 and the model's ids array starts as {7, 7}, "
                 "a word in neither the text nor the table: if U row 7 moves, sgns_step read an "
                 "entry of ids this pair never filled, and the context's place held a negative.") {
    w2v_model m;
    toy_model(&m, 2, 19); /* one negative per pair, always word 2 */
    double W[TV * TD], U[TV * TD];
    for (int i = 0; i < TV * TD; i++) W[i] = m.W[i], U[i] = m.U[i];
    for (int j = 0; j <= m.cfg.negative; j++) m.ids[j] = 7; /* a stale, valid word id */
    float U7[TD];
    memcpy(U7, m.U + 7 * TD, sizeof U7);
    /* the replay: per pair the example {context, 2} (word 2 is never a context here) */
    for (int l = 0; l < 3; l++)
        for (int p = 0; p < 2; p++) {
            int c = toy_ids[3 * l + p], o = toy_ids[3 * l + 1 - p], ids[2] = {o, 2};
            step_double(W + c * TD, U, ids, 1, 0.5);
        }
    w2v_train_chunk(&m, toy_ids, 9);
    ck_assert_msg(memcmp(m.U + 7 * TD, U7, sizeof U7) == 0, "U row 7 moved, but word 7 is in "
                  "neither the text nor the table: it was left in ids from before, so the "
                  "example was not {context, negative} in ids[0], ids[1]");
    toy_check(&m, W, U, "the lines (0 1), (1 0), (0 1) with the examples {context, 2}");
    w2v_free(&m);
}

WB_TEST(training_moves_w_for_the_centre_u_for_the_rest, .points = 1,
        .hint = "One sgns_step per pair on v = the centre's row of W, with the context and the "
                "negatives as rows of U (ids[0] = context): each word has two vectors, one per "
                "role.",
        .hint2 = "Here words 0 and 1 are the centres and contexts, word 2 only ever a negative: "
                 "its row of W must not move, the U rows of words 0, 1 and 2 must.") {
    w2v_model m;
    double W[TV * TD], U[TV * TD];
    float U0[TV * TD];
    toy_train(&m, 2, W, U, U0);
    for (int w = 2; w < TV; w++)
        ck_assert_msg(toy_row_ok(m.W, W, w), "W row %d moved, but word %d is never a centre: the "
                      "context and the negatives are rows of U", w, w);
    for (int w = 0; w < 3; w++)
        ck_assert_msg(memcmp(m.U + w * TD, U0 + w * TD, TD * sizeof *U0) != 0, "U row %d did not "
                      "move: word %d is a context or a negative, and those are rows of U", w, w);
    w2v_free(&m);
}

WB_TEST(training_draws_negatives_from_the_table, .points = 2,
        .hint = "Each negative is table[wb_rng_below(rng, W2V_TABLE_SIZE)]: the table repeats "
                "each word in proportion to count^0.75, so a uniform index into it is a draw from "
                "the smoothed unigram.",
        .hint2 = "Here the table holds only word 2, so every negative is word 2 and the U rows of "
                 "words 3..7 must not move. A word id drawn uniformly (wb_rng_below(rng, V)) "
                 "ignores the table.") {
    w2v_model m;
    double W[TV * TD], U[TV * TD];
    toy_train(&m, 2, W, U, NULL);
    for (int w = 3; w < TV; w++)
        ck_assert_msg(toy_row_ok(m.U, U, w), "U row %d moved, but word %d is not in the table "
                      "(only word 2 is) nor in the text: it was drawn as a negative", w, w);
    toy_check(&m, W, U, "the lines (0 1), (1 0), (0 1) with every negative word 2");
    w2v_free(&m);
}

WB_TEST(training_skips_the_context_as_negative, .points = 2,
        .hint = "A draw equal to the pair's context word (ids[0]) is skipped: one word cannot be "
                "the right and a wrong answer of one example. sgns_step gets only the kk "
                "negatives kept.",
        .hint2 = "Here the table holds only word 0: for (centre 0, context 1) word 0 is a valid "
                 "negative (the centre may be drawn); for (centre 1, context 0) the draw is the "
                 "context and the step has no negative. Passing k instead of kk reuses the "
                 "previous pair's ids.") {
    w2v_model m;
    double W[TV * TD], U[TV * TD];
    toy_train(&m, 0, W, U, NULL);
    toy_check(&m, W, U, "the lines (0 1), (1 0), (0 1) with every draw word 0: the negative of "
              "(centre 0, context 1), skipped for (centre 1, context 0)");
    w2v_free(&m);
}

WB_TEST(training_keeps_repeated_negatives, .points = 1,
        .hint = "Every draw that is not the context is a negative, even a word drawn already: "
                "k = 2 draws of word 2 give ids {context, 2, 2}. sgns_step then takes the rows in "
                "turn, the second 2 with the row the first one left.",
        .hint2 = "Here cfg.negative is 2 and the table holds only word 2, so both negatives of "
                 "each pair are word 2: two updates of U row 2 per pair, the second computing its "
                 "sigmoid(u . v) from the updated row, not both from the row before the step.") {
    w2v_model m;
    toy_model_k(&m, 2, 19, 2);
    double W[TV * TD], U[TV * TD];
    for (int i = 0; i < TV * TD; i++) W[i] = m.W[i], U[i] = m.U[i];
    for (int l = 0; l < 3; l++)
        for (int p = 0; p < 2; p++) {
            int c = toy_ids[3 * l + p], o = toy_ids[3 * l + 1 - p], ids[3] = {o, 2, 2};
            step_double(W + c * TD, U, ids, 2, 0.5);
        }
    w2v_train_chunk(&m, toy_ids, 9);
    toy_check(&m, W, U, "the lines (0 1), (1 0), (0 1) with 2 negatives, both word 2, per pair");
    w2v_free(&m);
}

WB_TEST(training_steps_at_the_scheduled_rate, .points = 1,
        .hint = "Each sentence is trained at the learning rate w2v_train_chunk computed for it (lr, from "
                "lr_linear at m->done): that rate, not cfg.lr0, is the one every sgns_step of the sentence "
                "takes.",
        .hint2 = "Here lr0 = 0.5, lr_min = 0.125 and the whole run is m->total = 6 words: the three lines "
                 "of 2 words start at done = 0, 2, 4 and are trained at 0.5, 0.375 and 0.25. A step at "
                 "lr0 throughout leaves every later line's rows too far.") {
    w2v_model m;
    toy_model(&m, 2, 31); /* every negative is word 2, never a context here */
    m.cfg.lr0 = 0.5f, m.cfg.lr_min = 0.125f, m.total = 6;
    double W[TV * TD], U[TV * TD];
    for (int i = 0; i < TV * TD; i++) W[i] = m.W[i], U[i] = m.U[i];
    /* the straight line by hand: 0.5 - 0.375 * done / 6 at done = 0, 2, 4 (exact in float) */
    const double lr[3] = {0.5, 0.375, 0.25};
    for (int l = 0; l < 3; l++)
        for (int p = 0; p < 2; p++) {
            int c = toy_ids[3 * l + p], o = toy_ids[3 * l + 1 - p], ids[2] = {o, 2};
            step_double(W + c * TD, U, ids, 1, lr[l]);
        }
    w2v_train_chunk(&m, toy_ids, 9);
    toy_check(&m, W, U, "the lines (0 1), (1 0), (0 1) at the rates 0.5, 0.375, 0.25");
    w2v_free(&m);
}

WB_TEST(training_subsamples_with_keep, .points = 2,
        .hint = "Each word of a line is kept with probability keep[w]: one uniform draw, the word "
                "kept when the draw is below keep[w] (no draw when keep[w] is 1). Only the kept "
                "words are paired and trained.",
        .hint2 = "Here the line (0 1 2 3) is trained 2000 times with keep 1, 0.25, 0, 1: word 1 "
                 "must be a centre in about a quarter of them, word 2 never. Kept or not, every "
                 "word counts toward m->done.") {
    enum { N = 2000 };
    w2v_model m;
    toy_model(&m, 5, 23); /* the negatives are word 5, not in the line */
    m.keep[1] = 0.25f, m.keep[2] = 0;
    float W0[TV * TD], U0[TV * TD];
    memcpy(W0, m.W, sizeof W0), memcpy(U0, m.U, sizeof U0);
    const int line[5] = {0, 1, 2, 3, -1};
    int trained[4] = {0};
    for (int t = 0; t < N; t++) {
        memcpy(m.W, W0, sizeof W0), memcpy(m.U, U0, sizeof U0); /* each line from the same start */
        w2v_train_chunk(&m, line, 5);
        for (int w = 0; w < 4; w++)
            trained[w] += memcmp(m.W + w * TD, W0 + w * TD, TD * sizeof *W0) != 0;
    }
    /* a kept word has a kept neighbour (0 and 3 always are), so it is a centre: its W row moves */
    ck_assert_msg(trained[0] == N && trained[3] == N, "words 0 and 3 (keep 1) were trained in %d "
                  "and %d of %d lines, want every line", trained[0], trained[3], N);
    ck_assert_msg(trained[2] == 0, "word 2 has keep probability 0 but was trained in %d of %d "
                  "lines: keep a word when a uniform draw is below keep[w]", trained[2], N);
    /* binomial standard deviation sqrt(0.25 * 0.75 / 2000) = 0.0097: 4 of them */
    double f = (double)trained[1] / N;
    ck_assert_msg(fabs(f - 0.25) < 0.039, "word 1 (keep 0.25) was kept in %.3f of the lines, want "
                  "0.25", f);
    ck_assert_msg(m.done == 4L * N, "m->done = %ld after %d lines of 4 words, want %ld (dropped "
                  "words count too)", m.done, N, 4L * N);
    w2v_free(&m);
}

WB_TEST(training_keeps_by_the_word, .points = 1,
        .hint = "The keep probability belongs to the word: keep[w] for the word id w = ids[i], the same "
                "for every occurrence of the word, wherever it stands in the line or in ids.",
        .hint2 = "Here the line is (3 0 1) with keep[3] = 0 and keep[2] = 0, all others 1: word 3 is "
                 "dropped and the sentence trained is (0 1). The test replays that in double: W row 3 "
                 "must not move, rows 0 and 1 must, exactly as two steps of (0 1) move them.") {
    w2v_model m;
    toy_model(&m, 5, 37); /* every negative is word 5, not in the line */
    m.keep[3] = 0, m.keep[2] = 0;
    double W[TV * TD], U[TV * TD];
    for (int i = 0; i < TV * TD; i++) W[i] = m.W[i], U[i] = m.U[i];
    /* what is left of the line: (0 1), two pairs with window 1 */
    step_double(W + 0 * TD, U, (int[]){1, 5}, 1, 0.5);
    step_double(W + 1 * TD, U, (int[]){0, 5}, 1, 0.5);
    const int line[4] = {3, 0, 1, -1};
    w2v_train_chunk(&m, line, 4);
    toy_check(&m, W, U, "the line (3 0 1) with keep[3] = 0: the sentence (0 1)");
    ck_assert_msg(m.done == 3, "m->done = %ld after a line of 3 words, want 3", m.done);
    w2v_free(&m);
}

WB_TEST(training_keep_one_takes_no_draw, .points = 1,
        .hint = "A word whose keep[w] is 1 is kept without asking the generator: the draws are one "
                "per centre (window_pairs) and one per negative, nothing else.",
        .hint2 = "The seeded stream must match word2vec.c's use of it: a uniform draw taken for a "
                 "word that is always kept shifts every later draw (windows, negatives), so the "
                 "same seed no longer trains the same model.") {
    w2v_model m;
    toy_model(&m, 2, 29); /* keep 1 everywhere, window 1, one negative */
    wb_rng replay = m.rng;
    for (int l = 0; l < 3; l++) { /* each line (s0 s1): two centres, then two pairs' negatives */
        (void)wb_rng_below(&replay, 1), (void)wb_rng_below(&replay, 1);
        (void)wb_rng_below(&replay, W2V_TABLE_SIZE), (void)wb_rng_below(&replay, W2V_TABLE_SIZE);
    }
    w2v_train_chunk(&m, toy_ids, 9);
    ck_assert_msg(wb_rng_u32(&m.rng) == wb_rng_u32(&replay), "after 3 lines of 2 words with keep "
                  "1, the generator is not where 6 window draws and 6 negative draws leave it");
    w2v_free(&m);
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
