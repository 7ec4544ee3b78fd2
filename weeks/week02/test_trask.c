/* test_trask.c — tests for trask.c. One step worked by hand, then the claim of the post checked
 * with finite differences: each step is gradient descent on the squared error. Then the two
 * trainings of part 1, small enough to take a few milliseconds. */
#include "testing.h"
#include "week02.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The data of the post: three input bits, the third always 1. */
static const float X[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
static const float Y_FIRST[4] = {0, 0, 1, 1}; /* part 1: the first column */
static const float Y_XOR[4] = {0, 1, 1, 0};   /* part 1, three layers: XOR of the first two */

/* X copied into a guarded buffer of exactly n * in = 12 floats: a row stride that is not in (n = 4
   or hidden = 4 or 5 instead of in = 3) reads past row 3's end, and the test stops there with a
   line naming X instead of computing with whatever memory follows. The labels likewise, in
   exactly n = 4 floats: a loop over the examples to i <= n stops at y[4]. */
static float *guarded_x(void) {
    float *g = wb_guarded_floats(12, "X, the n * in = 4 * 3 inputs (row i starts at X[i * in])");
    memcpy(g, X, sizeof X);
    return g;
}
static float *guarded_y(const float *y) {
    float *g = wb_guarded_floats(4, "y, the n = 4 labels");
    memcpy(g, y, 4 * sizeof *g);
    return g;
}

/* The steps on n = 4 examples of in = 3, with the weights moved into guarded buffers of exactly
   their sizes for the call and back afterwards: a loop over the columns or the hidden units to
   <= in or <= hidden stops at the first weight past the end, with a line naming it. */
static float step1_guarded(const float *x, const float *y, float *syn0, float alpha, float *l1) {
    float *w = wb_guarded_floats(3, "syn0, the in = 3 weights");
    memcpy(w, syn0, 3 * sizeof *w);
    float err = trask_step1(x, y, 4, 3, w, alpha, l1);
    memcpy(syn0, w, 3 * sizeof *w);
    wb_guarded_free(w);
    return err;
}
static float step2_guarded(const float *x, const float *y, int hidden, float *syn0, float *syn1, float alpha,
                           float *l2) {
    char what0[64], what1[64];
    snprintf(what0, sizeof what0, "syn0, the in * hidden = 3 * %d weights", hidden);
    snprintf(what1, sizeof what1, "syn1, the hidden = %d weights", hidden);
    float *w0 = wb_guarded_floats(3 * hidden, what0), *w1 = wb_guarded_floats(hidden, what1);
    memcpy(w0, syn0, 3 * hidden * sizeof *w0), memcpy(w1, syn1, hidden * sizeof *w1);
    float err = trask_step2(x, y, 4, 3, hidden, w0, w1, alpha, l2);
    memcpy(syn0, w0, 3 * hidden * sizeof *w0), memcpy(syn1, w1, hidden * sizeof *w1);
    wb_guarded_free(w0), wb_guarded_free(w1);
    return err;
}

WB_TEST(step1_by_hand, .points = 2,
        .hint = "Catches a flipped step, the slope taken at the error instead of at l1, and a signed "
                "error sum: the step adds alpha X^T l1_delta, l1_delta is the error times the "
                "sigmoid's slope at its output l1, and the return value is the mean of |y - l1|. "
                "X is (n,in) row-major, in both the forward sum and X^T l1_delta.",
        .hint2 = "Worked case: syn0 = 0 gives l1 = 0.5 everywhere, l1_error = (-0.5, -0.5, 0.5, 0.5), l1_delta = "
                 "l1_error / 4, and X^T l1_delta = (0.25, 0, 0). If you get (-0.25, 0, 0) the sign is flipped; "
                 "if (0.125, 0, 0) the slope was taken at the error instead of at l1. Example i's input c is "
                 "X[i * in + c] in both loops (X^T is X read by columns, not a second array).") {
    float syn0[3] = {0, 0, 0}, l1[4] = {NAN, NAN, NAN, NAN}, want[3] = {0.25f, 0, 0}, half[4] = {0.5f, 0.5f, 0.5f, 0.5f};
    float *x = guarded_x(), *y = guarded_y(Y_FIRST);
    float err = step1_guarded(x, y, syn0, 1.0f, l1);
    WB_ASSERT_NEAR(err, 0.5f, 0, 0);          /* |+-0.5| averaged: exact (signed, they sum to 0) */
    WB_ASSERT_CLOSE(l1, half, 4, 0, 0);       /* sigmoid(0) = 0.5 exactly */
    WB_ASSERT_CLOSE(syn0, want, 3, 1e-6, 1e-7); /* sums of +-0.125: exact, allow an ulp */
    wb_guarded_free(x), wb_guarded_free(y);
}

/* E(w) = 1/2 sum_i (y_i - l_i)^2 for the two-layer network, in double: an independent forward. */
static double sig(double z) { return 1.0 / (1.0 + exp(-z)); }
static double error1(const float *syn0, const float *y) {
    double e = 0;
    for (int i = 0; i < 4; i++) {
        double z = 0;
        for (int c = 0; c < 3; c++) z += X[i * 3 + c] * (double)syn0[c];
        e += 0.5 * (y[i] - sig(z)) * (y[i] - sig(z));
    }
    return e;
}

WB_TEST(step1_is_gradient_descent, .points = 2,
        .hint = "Catches a step that is not gradient descent on E = 1/2 sum (y - l1)^2, and a "
                "weight left out of the step: each of the three weights, the constant-1 bias "
                "column's too, must move by -alpha dE/dsyn0, measured here by finite differences "
                "from weights that are not zero (the notes derive dE/dsyn0 = -X^T l1_delta).",
        .hint2 = "Check the sign of the step, the slope l1 (1 - l1) at the OUTPUT, the factor "
                 "alpha (the test uses alpha = 0.5, so a missing alpha doubles every change), and "
                 "that the update loop runs over all in = 3 columns of X, the last one included.") {
    /* weights chosen so that no column's gradient is 0: at (0.3, -0.7, 0.2) the four z are 0.2,
       -0.5, 0.5, -0.2, the deltas cancel in pairs and the bias column's gradient is exactly 0 */
    float syn0[3] = {0.3f, -0.7f, 0.4f}, before[3];
    memcpy(before, syn0, sizeof syn0);
    const float alpha = 0.5f;
    float *x = guarded_x(), *y = guarded_y(Y_FIRST);
    step1_guarded(x, y, syn0, alpha, NULL);
    wb_guarded_free(x), wb_guarded_free(y);
    for (int c = 0; c < 3; c++) {
        /* central difference of E in double, h = 1e-4: truncation error ~h^2, far below the tolerance */
        float p[3], m[3];
        memcpy(p, before, sizeof p), memcpy(m, before, sizeof m);
        p[c] += 1e-4f, m[c] -= 1e-4f;
        double grad = (error1(p, Y_FIRST) - error1(m, Y_FIRST)) / ((double)p[c] - m[c]);
        /* the float step carries ~1e-7 relative rounding; 1e-3 leaves room for the float weights */
        float change = syn0[c] - before[c];
        ck_assert_msg(fabs(change + alpha * grad) <= 1e-3 * fabs(alpha * grad) + 1e-6,
                      "syn0[%d]%s moved by %.6g, gradient descent moves it by %.6g", c,
                      c == 2 ? " (the constant-1 bias column)" : "", change, -alpha * grad);
    }
}

WB_TEST(two_layers_learn_first_column, .points = 2,
        .hint = "Catches a step that is right once but does not train: 10000 steps of trask_step1 "
                "from random weights in [-1, 1] must give outputs within 0.02 of (0, 0, 1, 1) (the "
                "post prints 0.0097, 0.0079, 0.9936, 0.9921).",
        .hint2 = "If the two tests above pass, look at the outputs written to l1_out: with alpha = 0 "
                 "the step must only read them, not move the weights.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    float syn0[3], l1[4];
    trask_init(syn0, 3, &r);
    for (int t = 0; t < 10000; t++) trask_step1(X, Y_FIRST, 4, 3, syn0, 1.0f, NULL);
    trask_step1(X, Y_FIRST, 4, 3, syn0, 0.0f, l1); /* alpha 0: only read the outputs */
    WB_ASSERT_CLOSE(l1, Y_FIRST, 4, 0, 0.02);
}

/* The same check for the three-layer network: the output l2 of example i, and E, in double. */
static double output2(const float *syn0, const float *syn1, int hidden, int i) {
    double z2 = 0;
    for (int j = 0; j < hidden; j++) {
        double z1 = 0;
        for (int c = 0; c < 3; c++) z1 += X[i * 3 + c] * (double)syn0[c * hidden + j];
        z2 += sig(z1) * syn1[j];
    }
    return sig(z2);
}
static double error2(const float *syn0, const float *syn1, int hidden, const float *y) {
    double e = 0;
    for (int i = 0; i < 4; i++) {
        double d = y[i] - output2(syn0, syn1, hidden, i);
        e += 0.5 * d * d;
    }
    return e;
}

WB_TEST(step2_from_zero_weights, .points = 1,
        .hint = "Catches a signed error sum, outputs not written, and loops that run past an array: "
                "with every weight 0, l1 and l2 are exactly 0.5, the four errors are +-0.5 and the "
                "mean |error| is 0.5; X is (n,in) = (4,3) and syn1 has hidden = 4 weights.",
        .hint2 = "From zero weights nothing moves: l2_delta = (y - 0.5) / 4 sums to 0 over XOR's "
                 "labels and l1_delta is 0 because syn1 is 0. X, y and syn1 sit in guarded buffers "
                 "of exactly their sizes: a line naming one of them means a loop over the hidden "
                 "units ran to hidden inclusive, or row i of X was not read at X[i * in].") {
    float syn0[12] = {0}, syn1[4] = {0}, l2[4];
    wb_fill_nan(l2, 4);
    float *x = guarded_x(), *y = guarded_y(Y_XOR);
    float err = step2_guarded(x, y, 4, syn0, syn1, 1.0f, l2);
    wb_guarded_free(x), wb_guarded_free(y);
    WB_ASSERT_NEAR(err, 0.5f, 0, 0);            /* sigmoid(0) = 0.5 exactly, |+-0.5| averaged */
    const float half[4] = {0.5f, 0.5f, 0.5f, 0.5f}, zero[12] = {0};
    WB_ASSERT_CLOSE(l2, half, 4, 0, 0);
    WB_ASSERT_CLOSE(syn1, zero, 4, 0, 0);       /* sums of +-1/16 times 0.5: exactly 0 */
    WB_ASSERT_CLOSE(syn0, zero, 12, 0, 0);
}

WB_TEST(step2_is_gradient_descent, .points = 3,
        .hint = "Catches a hidden delta without the hidden units' own slope, a transposed syn0 and "
                "a missing alpha: each of the 16 weights must move by -alpha dE/dw (finite "
                "differences). A hidden unit's delta is the output delta, times its weight in syn1 "
                "(before the update), times its own slope.",
        .hint2 = "syn0 is (in,hidden): the weight from input c to hidden unit j is syn0[c * hidden + j]. The test "
                 "compares each weight's change with -alpha * dE/dw from finite differences. Each layer's "
                 "step uses its own delta: syn1's the output's l2_delta (n), syn0's the hidden "
                 "units' l1_delta (n,hidden).") {
    wb_rng r;
    wb_rng_seed(&r, 6);
    float syn0[12], syn1[4], b0[12], b1[4];
    trask_init(syn0, 12, &r);
    trask_init(syn1, 4, &r);
    memcpy(b0, syn0, sizeof b0), memcpy(b1, syn1, sizeof b1);
    const float alpha = 0.5f;
    float *x = guarded_x(), *y = guarded_y(Y_XOR);
    step2_guarded(x, y, 4, syn0, syn1, alpha, NULL);
    wb_guarded_free(x), wb_guarded_free(y);
    for (int w = 0; w < 16; w++) {
        float p0[12], m0[12], p1[4], m1[4];
        memcpy(p0, b0, sizeof p0), memcpy(m0, b0, sizeof m0), memcpy(p1, b1, sizeof p1), memcpy(m1, b1, sizeof m1);
        float *pw = w < 12 ? &p0[w] : &p1[w - 12], *mw = w < 12 ? &m0[w] : &m1[w - 12];
        *pw += 1e-4f, *mw -= 1e-4f;
        double grad = (error2(p0, p1, 4, Y_XOR) - error2(m0, m1, 4, Y_XOR)) /
                      ((double)*pw - *mw);
        float change = w < 12 ? syn0[w] - b0[w] : syn1[w - 12] - b1[w - 12];
        ck_assert_msg(fabs(change + alpha * grad) <= 1e-3 * fabs(alpha * grad) + 2e-6,
                      "%s[%d] moved by %.6g, gradient descent moves it by %.6g", w < 12 ? "syn0" : "syn1",
                      w < 12 ? w : w - 12, change, -alpha * grad);
    }
}

/* Part 2 runs 4 examples through 32 hidden units. Here hidden = 5, n = 4 and in = 3 all differ,
   so a loop over the wrong one of them, or l1 (n,hidden) read with the wrong row stride, shows:
   with hidden = n = 4, as in the tests above, such mix-ups give the right numbers. */
WB_TEST(step2_hidden_not_n, .points = 2,
        .hint = "Catches a loop or a stride that uses n where hidden belongs: with 4 examples and "
                "5 hidden units, l1 is (n,hidden) = (4,5), row i of l1 starts at l1[i * hidden], "
                "and all 5 hidden units get a delta and a step. The outputs are compared with an "
                "independent forward pass, each of the 20 weights' change with -alpha dE/dw.",
        .hint2 = "Wrong outputs from example 1 on: row i of l1 is read at the wrong offset. Right "
                 "outputs but hidden unit 4 (the fifth) does not move: a loop over the hidden "
                 "units stops at n. Every loop over j runs to hidden, every loop over i to n.") {
    enum { H = 5 };
    wb_rng r;
    wb_rng_seed(&r, 9);
    float syn0[3 * H], syn1[H], b0[3 * H], b1[H], l2[4];
    trask_init(syn0, 3 * H, &r);
    trask_init(syn1, H, &r);
    memcpy(b0, syn0, sizeof b0), memcpy(b1, syn1, sizeof b1);
    wb_fill_nan(l2, 4);
    const float alpha = 0.5f;
    float *x = guarded_x(), *y = guarded_y(Y_XOR);
    float err = step2_guarded(x, y, H, syn0, syn1, alpha, l2);
    wb_guarded_free(x), wb_guarded_free(y);
    double mean = 0;
    for (int i = 0; i < 4; i++) {
        double want = output2(b0, b1, H, i);
        mean += fabs(Y_XOR[i] - want) / 4;
        /* float sums of 3 and 5 terms and two sigmoids against double: ~1e-7, 1e-5 is generous */
        ck_assert_msg(fabs(l2[i] - want) <= 1e-5, "l2[%d] = %.7g, the forward pass gives %.7g", i,
                      l2[i], want);
    }
    WB_ASSERT_NEAR(err, (float)mean, 1e-5, 0); /* the same outputs averaged: the same rounding */
    for (int w = 0; w < 4 * H; w++) {
        float p0[3 * H], m0[3 * H], p1[H], m1[H];
        memcpy(p0, b0, sizeof p0), memcpy(m0, b0, sizeof m0);
        memcpy(p1, b1, sizeof p1), memcpy(m1, b1, sizeof m1);
        int first = w < 3 * H; /* syn0's 15 weights, then syn1's 5 */
        float *pw = first ? &p0[w] : &p1[w - 3 * H], *mw = first ? &m0[w] : &m1[w - 3 * H];
        *pw += 1e-4f, *mw -= 1e-4f;
        double grad = (error2(p0, p1, H, Y_XOR) - error2(m0, m1, H, Y_XOR)) /
                      ((double)*pw - *mw);
        float change = first ? syn0[w] - b0[w] : syn1[w - 3 * H] - b1[w - 3 * H];
        /* as in step2_is_gradient_descent: h^2 truncation and float rounding, far below 1e-3 */
        if (first)
            ck_assert_msg(fabs(change + alpha * grad) <= 1e-3 * fabs(alpha * grad) + 2e-6,
                          "syn0[%d] (input %d -> hidden unit %d) moved by %.6g, gradient descent "
                          "moves it by %.6g", w, w / H, w % H, change, -alpha * grad);
        else
            ck_assert_msg(fabs(change + alpha * grad) <= 1e-3 * fabs(alpha * grad) + 2e-6,
                          "syn1[%d] (hidden unit %d -> output) moved by %.6g, gradient descent "
                          "moves it by %.6g", w - 3 * H, w - 3 * H, change, -alpha * grad);
    }
}

WB_TEST(three_layers_learn_xor, .points = 2, .timeout = 8,
        .hint = "Catches a step that is right once but does not train: 60000 steps of trask_step2 "
                "with 4 hidden units must bring the mean |error| below 0.02 (the post ends at 0.0073).",
        .hint2 = "The first error must be near 0.5 (an untrained network); if it is near 0 the errors "
                 "are summed with their signs instead of as |y - l2|.") {
    static float errors[60000];
    float err = trask_train2(X, Y_XOR, 4, 3, 4, 1.0f, 60000, 1, errors);
    ck_assert_msg(err < 0.02f, "mean |error| after 60000 steps is %.4f (want < 0.02)", err);
    ck_assert_msg(errors[0] > 0.3f, "the first error is %.3f: the untrained network should be near 0.5", errors[0]);
}

WB_TEST(alpha_scales_both_updates, .points = 1,
        .hint = "Catches alpha applied to one layer only: with alpha = 2 every weight of BOTH layers "
                "must move exactly twice as far as with alpha = 1.",
        .hint2 = "Part 2's learning rate multiplies the syn1 step and the syn0 step alike.") {
    wb_rng r;
    wb_rng_seed(&r, 7);
    float a0[12], a1[4];
    trask_init(a0, 12, &r);
    trask_init(a1, 4, &r);
    float s0[12], s1[4], d0[12], d1[4];
    memcpy(s0, a0, sizeof s0), memcpy(s1, a1, sizeof s1), memcpy(d0, a0, sizeof d0), memcpy(d1, a1, sizeof d1);
    trask_step2(X, Y_XOR, 4, 3, 4, s0, s1, 1.0f, NULL);
    trask_step2(X, Y_XOR, 4, 3, 4, d0, d1, 2.0f, NULL);
    float moved = 0;
    for (int i = 0; i < 16; i++) {
        float one = i < 12 ? s0[i] - a0[i] : s1[i - 12] - a1[i - 12], two = i < 12 ? d0[i] - a0[i] : d1[i - 12] - a1[i - 12];
        moved += fabsf(one);
        /* the same float products times 2: equal up to the rounding of w + step (~1e-7 of |w| <= 1) */
        WB_ASSERT_NEAR(two, 2 * one, 1e-4, 1e-6);
    }
    ck_assert_msg(moved > 1e-3f, "the weights did not move (total change %g)", moved);
}
