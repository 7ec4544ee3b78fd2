/* test_batchnorm.c — tests for batchnorm.c: a hand-computed column, the normalised moments of every
 * column (one of them constant), the running statistics after one training step and their use
 * (and stillness) in evaluation, of one example and of a batch, and the backward pass against
 * finite differences. */
#include "testing.h"
#include "week07.h"

#include <math.h>

/* x (4,3): an even column, a skewed one, a constant one (variance 0: only eps keeps it finite) */
static const float X[12] = {1.0f, -1.0f, 0.3f, 2.0f, 0.5f, 0.3f, 3.0f, 2.0f, 0.3f, 4.0f, 10.0f, 0.3f};
static const float GAMMA[3] = {1.0f, 2.0f, 0.5f}, BETA[3] = {0.0f, -1.0f, 3.0f};

WB_TEST(bn_forward_normalises_each_column, .points = 2, .edit = "batchnorm.c",
        .hint = "Normalise each column (one unit over the B examples of the batch) to mean 0 and variance 1 "
                "with the batch's own mean and variance (divide by B: the biased variance), then scale by "
                "gamma and shift by beta.",
        .hint2 = "Column 0 is 1, 2, 3, 4: mean 2.5, variance 1.25, so xhat = (x - 2.5) / sqrt(1.25 + 1e-5) = "
                 "-1.34163, -0.44721, 0.44721, 1.34163. A constant column gives xhat = 0 and y = beta.") {
    batchnorm bn;
    bn_init(&bn, 3, 8);
    float y[12];
    for (int i = 0; i < 12; i++) y[i] = NAN;
    bn_forward(&bn, X, y, GAMMA, BETA, 4, 1);
    float s = 1.0f / sqrtf(1.25f + 1e-5f);
    float col0[4] = {y[0], y[3], y[6], y[9]}, want0[4] = {-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s};
    WB_ASSERT_CLOSE(col0, want0, 4, 1e-6, 0);
    float col2[4] = {y[2], y[5], y[8], y[11]}, want2[4] = {3.0f, 3.0f, 3.0f, 3.0f};
    WB_ASSERT_CLOSE(col2, want2, 4, 1e-6, 1e-6);
    /* column 1: mean beta, biased variance gamma^2 var / (var + eps) (var = 18.046875) */
    double m = 0, v = 0;
    for (int i = 0; i < 4; i++) m += y[3 * i + 1] / 4.0;
    for (int i = 0; i < 4; i++) v += (y[3 * i + 1] - m) * (y[3 * i + 1] - m) / 4.0;
    WB_ASSERT_NEAR((float)m, -1.0f, 0, 1e-6);
    WB_ASSERT_NEAR((float)v, 4.0f * 18.046875f / (18.046875f + 1e-5f), 1e-5, 0);
    bn_free(&bn);
}

WB_TEST(bn_running_statistics, .points = 2, .edit = "batchnorm.c",
        .hint = "Each training forward moves the running mean and variance 10% of the way (momentum 0.1) towards "
                "the batch's, the variance with the unbiased B/(B-1) factor; evaluation normalises with the "
                "running statistics and must leave them exactly as they are.",
        .hint2 = "From the start (0 and 1), one training batch with column 0 = 1, 2, 3, 4 gives running mean "
                 "0.25 and running variance 0.9 + 0.1 * 5/3 = 1.0666667 (1.025 would be the biased variance). "
                 "An evaluation forward of one example x = 2 then gives (2 - 0.25) / sqrt(1.0666667 + 1e-5).") {
    batchnorm bn;
    bn_init(&bn, 3, 8);
    float y[12];
    bn_forward(&bn, X, y, GAMMA, BETA, 4, 1);
    /* column 1: mean 2.875, unbiased variance 72.1875 / 3 = 24.0625; column 2: 0.3 and 0 */
    float want_mean[3] = {0.25f, 0.2875f, 0.03f}, want_var[3] = {1.0666667f, 3.30625f, 0.9f};
    WB_ASSERT_CLOSE(bn.running_mean, want_mean, 3, 1e-6, 0);
    WB_ASSERT_CLOSE(bn.running_var, want_var, 3, 1e-6, 0);
    float x1[3] = {2.0f, 3.0f, 0.3f}, y1[3] = {NAN, NAN, NAN};
    for (int k = 0; k < 2; k++) { /* twice: evaluation must not move the statistics */
        bn_forward(&bn, x1, y1, GAMMA, BETA, 1, 0);
        float want[3];
        for (int c = 0; c < 3; c++)
            want[c] = GAMMA[c] * (x1[c] - want_mean[c]) / sqrtf(want_var[c] + 1e-5f) + BETA[c];
        WB_ASSERT_CLOSE(y1, want, 3, 1e-6, 1e-6);
        WB_ASSERT_CLOSE(bn.running_mean, want_mean, 3, 1e-6, 0);
        WB_ASSERT_CLOSE(bn.running_var, want_var, 3, 1e-6, 0);
    }
    bn_free(&bn);
}

WB_TEST(bn_reads_its_momentum_and_eps, .points = 1, .edit = "batchnorm.c",
        .hint = "The momentum and the eps are settings in the batchnorm struct: bn_init puts 0.1 and "
                "1e-5 in bn->momentum and bn->eps, and the forward pass must use whatever they "
                "hold (a caller may set momentum 0.01 for a slower average, or a larger eps), in "
                "training and in evaluation.",
        .hint2 = "momentum 0.5, eps 0.25, one training batch with column 0 = 1, 2, 3, 4 (mean "
                 "2.5, variance 1.25): xhat = (x - 2.5) / sqrt(1.25 + 0.25) = (x - 2.5) / sqrt(1.5); "
                 "running mean 0.5 * 0 + 0.5 * 2.5 = 1.25, running variance 0.5 * 1 + 0.5 * 5/3 = "
                 "4/3. Then evaluating x = 2 gives (2 - 1.25) / sqrt(4/3 + 0.25). A running mean of "
                 "0.25, or xhat = 1.3416 for x = 4, means a number of its own was used instead of "
                 "bn->momentum or bn->eps.") {
    batchnorm bn;
    bn_init(&bn, 3, 8);
    bn.momentum = 0.5f, bn.eps = 0.25f;
    float y[12];
    for (int i = 0; i < 12; i++) y[i] = NAN;
    bn_forward(&bn, X, y, GAMMA, BETA, 4, 1);
    float s = 1.0f / sqrtf(1.5f); /* gamma 1, beta 0 for column 0 */
    float col0[4] = {y[0], y[3], y[6], y[9]}, want0[4] = {-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s};
    WB_ASSERT_CLOSE(col0, want0, 4, 1e-6, 0);
    /* column 1: mean 2.875, unbiased variance 24.0625; column 2: 0.3 and 0 (see bn_running_statistics) */
    float want_mean[3] = {1.25f, 1.4375f, 0.15f}, want_var[3] = {4.0f / 3.0f, 12.53125f, 0.5f};
    WB_ASSERT_CLOSE(bn.running_mean, want_mean, 3, 1e-6, 0);
    WB_ASSERT_CLOSE(bn.running_var, want_var, 3, 1e-6, 0);
    float x1[3] = {2.0f, 3.0f, 0.3f}, y1[3] = {NAN, NAN, NAN}, want1[3];
    bn_forward(&bn, x1, y1, GAMMA, BETA, 1, 0);
    for (int c = 0; c < 3; c++)
        want1[c] = GAMMA[c] * (x1[c] - want_mean[c]) / sqrtf(want_var[c] + 0.25f) + BETA[c];
    WB_ASSERT_CLOSE(y1, want1, 3, 1e-6, 1e-6); /* a few float operations on numbers below 4 */
    bn_free(&bn);
}

WB_TEST(bn_eval_batch_uses_running_statistics, .points = 1, .edit = "batchnorm.c",
        .hint = "Evaluation normalises every example with the running mean and variance, whatever "
                "the batch size: a prediction must not depend on which other examples share its "
                "batch, so a batch of 4 gives each row what that row gives alone.",
        .hint2 = "Running statistics set to mean (1, -2, 0.5), variance (4, 0.25, 9): column 0 "
                 "of X (1, 2, 3, 4) gives (x - 1) / sqrt(4 + 1e-5) = 0, 0.5, 1, 1.5. If instead "
                 "each column comes out with mean beta, and the running statistics move, the "
                 "batch's own statistics were used as in training: only train selects them, not "
                 "B > 1.") {
    batchnorm bn;
    bn_init(&bn, 3, 8);
    float rm[3] = {1.0f, -2.0f, 0.5f}, rv[3] = {4.0f, 0.25f, 9.0f};
    for (int c = 0; c < 3; c++) bn.running_mean[c] = rm[c], bn.running_var[c] = rv[c];
    float y[12], row[3], want[12];
    for (int i = 0; i < 12; i++) {
        y[i] = NAN;
        want[i] = GAMMA[i % 3] * (X[i] - rm[i % 3]) / sqrtf(rv[i % 3] + 1e-5f) + BETA[i % 3];
    }
    bn_forward(&bn, X, y, GAMMA, BETA, 4, 0);
    /* a handful of float operations on values below 20: 1e-6 relative, 1e-6 absolute near 0 */
    for (int i = 0; i < 12; i++)
        ck_assert_msg(fabsf(y[i] - want[i]) <= 1e-6f + 1e-6f * fabsf(want[i]),
                      "evaluation of a batch of 4: y[%d][%d] = %g, want %g from the running mean "
                      "and variance", i / 3, i % 3, (double)y[i], (double)want[i]);
    WB_ASSERT_CLOSE(bn.running_mean, rm, 3, 0, 0); /* evaluation leaves them exactly as they are */
    WB_ASSERT_CLOSE(bn.running_var, rv, 3, 0, 0);
    for (int i = 0; i < 4; i++) { /* each row alone: the same numbers */
        for (int c = 0; c < 3; c++) row[c] = NAN;
        bn_forward(&bn, X + 3 * i, row, GAMMA, BETA, 1, 0);
        WB_ASSERT_CLOSE(row, y + 3 * i, 3, 1e-6, 1e-6);
    }
    bn_free(&bn);
}

enum { BB = 5, BC = 3 };
typedef struct bn_ctx {
    batchnorm bn;
    float x[BB * BC], gamma[BC], beta[BC], y[BB * BC], c[BB * BC];
} bn_ctx;

/* L = sum c_ik y_ik through a training forward: a loss whose dL/dy is c, different for every entry */
static double bn_loss(void *p) {
    bn_ctx *t = p;
    bn_forward(&t->bn, t->x, t->y, t->gamma, t->beta, BB, 1);
    double L = 0.0;
    for (int i = 0; i < BB * BC; i++) L += (double)t->c[i] * t->y[i];
    return L;
}

WB_TEST(bn_backward_gradcheck, .points = 3, .edit = "batchnorm.c",
        .hint = "The batch's mean and variance depend on every x of the column, so dL/dx has three paths: "
                "through xhat directly, through the mean, and through the variance. dgamma sums dy * xhat over "
                "the batch, dbeta sums dy.",
        .hint2 = "Treating the mean and variance as constants gives dx = gamma dy invstd, which is wrong: the "
                 "column sums of the true dx are zero (shifting a whole column changes nothing after "
                 "normalisation). The notes give the three-term formula.") {
    bn_ctx t;
    bn_init(&t.bn, BC, BB);
    wb_rng r;
    wb_rng_seed(&r, 4);
    for (int i = 0; i < BB * BC; i++) t.x[i] = 2.0f * wb_rng_normal(&r) + (float)(i % BC), t.c[i] = wb_rng_normal(&r);
    for (int c = 0; c < BC; c++) t.gamma[c] = 0.5f + (float)c, t.beta[c] = (float)c - 1.0f;
    float dx[BB * BC], dgamma[BC], dbeta[BC];
    for (int k = 0; k < 2; k++) { /* twice: the gradients are overwritten, never accumulated */
        for (int i = 0; i < BB * BC; i++) dx[i] = NAN;
        bn_loss(&t);
        bn_backward(&t.bn, t.c, t.gamma, dx, dgamma, dbeta, BB);
    }
    for (int c = 0; c < BC; c++) {
        double s = 0.0;
        for (int i = 0; i < BB; i++) s += dx[i * BC + c];
        ck_assert_msg(fabs(s) < 1e-5, "column %d of dx sums to %g, want 0 (the mean's path is missing?)", c, s);
    }
    /* float forward passes, eps 1e-3, inputs ~2: 2e-2 relative, 1e-4 absolute for near-zero entries */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(bn_loss, &t, t.x, dx, BB * BC, 1e-3, 2e-2, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(bn_loss, &t, t.gamma, dgamma, BC, 1e-3, 2e-2, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(bn_loss, &t, t.beta, dbeta, BC, 1e-3, 2e-2, 1e-4));
    bn_free(&t.bn);
}
