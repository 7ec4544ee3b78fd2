/* test_returns.c — tests for returns.c: discounted returns on rewards small enough to sum by hand,
 * CartPole's closed form, and the baseline-and-scale normalisation. */
#include "testing.h"
#include "week15.h"

#include <math.h>

static void fill_nan(float *x, int n) {
    for (int i = 0; i < n; i++) x[i] = NAN;
}

WB_TEST(returns_by_hand, .points = 3,
        .hint = "G[t] is the reward at t plus gamma times the return of the step AFTER t: only the future "
                "counts, so start at the last step and walk backwards.",
        .hint2 = "rewards 1, 0, 2, -1 with gamma 0.5: G3 = -1, G2 = 2 + 0.5 (-1) = 1.5, G1 = 0 + 0.5 (1.5) = "
                 "0.75, G0 = 1 + 0.5 (0.75) = 1.375. G0 = 2 means nothing was discounted; G0 = 1 means "
                 "you summed the past instead of the future.") {
    float r[4] = {1, 0, 2, -1}, G[4];
    fill_nan(G, 4);
    discounted_returns(r, 4, 0.5f, G);
    float want[4] = {1.375f, 0.75f, 1.5f, -1.0f}; /* sums of powers of 1/2: exact in float */
    WB_ASSERT_CLOSE(G, want, 4, 0, 0);
    /* again, into a buffer holding other numbers: nothing carries over between calls */
    for (int t = 0; t < 4; t++) G[t] = 100.0f;
    discounted_returns(r, 4, 0.5f, G);
    WB_ASSERT_CLOSE(G, want, 4, 0, 0);
}

WB_TEST(returns_of_cartpole, .points = 2,
        .hint = "For all-1 rewards, G[t] = 1 + gamma + ... + gamma^(T-1-t) = (1 - gamma^(T-t)) / (1 - gamma): "
                "about 100 early in a long episode at gamma 0.99, and exactly 1 at the last step.") {
    enum { T = 300 };
    float r[T], G[T];
    for (int t = 0; t < T; t++) r[t] = 1.0f;
    fill_nan(G, T);
    discounted_returns(r, T, 0.99f, G);
    float want[T];
    for (int t = 0; t < T; t++) want[t] = (float)((1.0 - pow(0.99f, T - t)) / (1.0 - 0.99f));
    /* 300 float multiply-adds of numbers up to 95: each rounds by ~6e-8 relative, worst case ~2e-5 */
    WB_ASSERT_CLOSE(G, want, T, 2e-5, 0);
    /* gamma 0: each step's own reward; gamma 1: plain suffix sums (exact integers) */
    float r2[5] = {3, -1, 4, 1, -5}, g0[5], g1[5];
    fill_nan(g0, 5), fill_nan(g1, 5);
    discounted_returns(r2, 5, 0.0f, g0);
    discounted_returns(r2, 5, 1.0f, g1);
    float w1[5] = {2, -1, 0, -4, -5};
    WB_ASSERT_CLOSE(g0, r2, 5, 0, 0);
    WB_ASSERT_CLOSE(g1, w1, 5, 0, 0);
    float one = 7.0f, g = NAN;
    discounted_returns(&one, 1, 0.9f, &g);
    WB_ASSERT_NEAR(g, 7.0f, 0, 0);
}

WB_TEST(advantages_are_baselined_and_scaled, .points = 2,
        .hint = "Subtract the mean of the batch (the baseline) and divide by the population standard deviation "
                "(divide the sum of squares by n, not n - 1), plus 1e-8.",
        .hint2 = "1, 2, 3, 4: mean 2.5, std sqrt(1.25) = 1.118, so the advantages are -1.342, -0.447, 0.447, "
                 "1.342. Equal inputs give all zeros, never NaN.") {
    float x[4] = {4, 1, 3, 2}, adv[4];
    fill_nan(adv, 4);
    normalize_advantages(x, 4, adv);
    double s = sqrt(1.25);
    float want[4] = {(float)(1.5 / s), (float)(-1.5 / s), (float)(0.5 / s), (float)(-0.5 / s)};
    WB_ASSERT_CLOSE(adv, want, 4, 1e-6, 1e-7); /* a few roundings; the 1e-8 shifts by ~1e-8 relative */
    float same[3] = {5, 5, 5}, a3[3];
    fill_nan(a3, 3);
    normalize_advantages(same, 3, a3);
    float zero[3] = {0, 0, 0};
    WB_ASSERT_CLOSE(a3, zero, 3, 0, 0);
    /* returns in the hundreds, as CartPole's are: mean 0, std 1 whatever the scale */
    float big[6] = {480, 495, 310, 120, 499, 260}, ab[6];
    normalize_advantages(big, 6, ab);
    double m = 0, v = 0;
    for (int i = 0; i < 6; i++) m += ab[i];
    for (int i = 0; i < 6; i++) v += (ab[i] - m / 6) * (ab[i] - m / 6);
    WB_ASSERT_NEAR((float)(m / 6), 0.0f, 0, 1e-6);
    WB_ASSERT_NEAR((float)sqrt(v / 6), 1.0f, 1e-5, 0);
}

WB_TEST(advantages_of_close_large_returns, .points = 1,
        .hint = "Sum the squared deviations from the mean, (x_i - mean)^2, in double: the spread of "
                "returns that all lie near 500 is a small difference of large numbers.",
        .hint2 = "Returns 495..500: mean 3480/7 = 497.14, population variance 160/49 = 3.27. "
                 "Computed as E[x^2] - mean^2 = 247154.29 - 247151.02, a float (24 bits, steps "
                 "of 1/64 near 250000) keeps only about 8 bits of the 3.27 that remains: the "
                 "standard deviation comes out wrong in its third or fourth digit.") {
    float x[7] = {497, 500, 495, 499, 496, 498, 495}, adv[7];
    fill_nan(adv, 7);
    normalize_advantages(x, 7, adv);
    /* by hand: sum x = 3480, sum x^2 = 1730080, so n var = 1730080 - 3480^2 / 7 = 160 / 7, and
       std = sqrt(160 / 49) = 4 sqrt(10) / 7: adv_i = (7 x_i - 3480) / (4 sqrt(10)) */
    float want[7];
    for (int i = 0; i < 7; i++) want[i] = (float)((7.0 * x[i] - 3480.0) / (4.0 * sqrt(10.0)));
    /* integer inputs; in double the mean and variance round at ~1e-16: only the final rounding
       to float, ~6e-8 relative, remains */
    WB_ASSERT_CLOSE(adv, want, 7, 1e-6, 1e-7);
}

WB_TEST(advantages_of_a_tiny_spread, .points = 1,
        .hint = "The 1e-8 is added to the standard deviation itself, after the square root: a "
                "batch whose returns differ by only 1e-4 still gets advantages of size 1.",
        .hint2 = "Returns 1 +- 2^-12: mean 1, population std 2^-12 = 2.4e-4, so the advantages are "
                 "+-2^-12 / (2^-12 + 1e-8) = +-0.99996. Adding the 1e-8 to the variance instead "
                 "(sqrt(var + 1e-8)) adds it to 6e-8: the advantages shrink to +-0.925.") {
    const double d = 1.0 / 4096; /* 1 +- 2^-12 are exact floats; their mean is exactly 1 */
    float x[4] = {(float)(1 + d), (float)(1 - d), (float)(1 - d), (float)(1 + d)}, adv[4];
    fill_nan(adv, 4);
    normalize_advantages(x, 4, adv);
    const double s = d; /* every deviation from the mean is +-d: the population std is d */
    for (int i = 0; i < 4; i++) {
        double want = (x[i] - 1.0) / (s + 1e-8);
        /* exact inputs; double mean and variance: float rounding of adv (~6e-8) plus 1e-4 for
           a standard deviation kept at least 1e-8 (max(std, 1e-8)) instead of std + 1e-8 */
        ck_assert_msg(fabs(adv[i] - want) <= 1e-4 * fabs(want) + 1e-7, "normalize_advantages of "
                      "1 +- 2^-12 (population std %.4g): adv[%d] = %.7g, want %.7g", s, i,
                      (double)adv[i], want);
    }
}

WB_TEST(advantages_in_place, .points = 1,
        .hint = "adv may be the same array as x (the Pong driver normalises its returns in place): "
                "compute the mean and the standard deviation from the untouched x first, then "
                "write adv.",
        .hint2 = "In place, 10, 20, 30, 40 become -1.342, -0.447, 0.447, 1.342, as out of place. "
                 "If you subtract the mean while the standard deviation still has to be read from "
                 "x, that read sees x - mean: its spread about the old mean is sqrt(var + mean^2), "
                 "not the std.") {
    float x[4] = {40, 10, 30, 20}; /* mean 25, population std sqrt(125) */
    double s = sqrt(125.0);
    float want[4] = {(float)(15 / s), (float)(-15 / s), (float)(5 / s), (float)(-5 / s)};
    normalize_advantages(x, 4, x);
    for (int i = 0; i < 4; i++) /* as out of place: a few roundings */
        ck_assert_msg(fabsf(x[i] - want[i]) <= 1e-6f * fabsf(want[i]) + 1e-7f,
                      "normalize_advantages(x, 4, x) of 40, 10, 30, 20 in place: adv[%d] = %g, "
                      "want %g (mean 25, std sqrt(125))", i, (double)x[i], (double)want[i]);
    /* CartPole-sized returns, in place: the mean is far from 0, so a read after a write shows */
    float G[5] = {480, 120, 310, 499, 260}, copy[5], out[5];
    for (int i = 0; i < 5; i++) copy[i] = G[i];
    fill_nan(out, 5);
    normalize_advantages(copy, 5, out); /* out of place, the reference (the test above pins it) */
    normalize_advantages(G, 5, G);
    WB_ASSERT_CLOSE(G, out, 5, 1e-6, 1e-7); /* the same arithmetic on the same values: identical */
}
