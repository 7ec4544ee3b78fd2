/* test_numerics.c — activations, softmax and cross-entropy: closed forms, extremes, gradients. */
#include "testing.h"
#include "numerics.h"

#include <math.h>
#include <string.h>

WB_TEST(sigmoid_is_finite_at_extremes, .points = 1,
        .hint = "sigmoid(-1000) must be 0 and sigmoid(1000) must be 1, never NaN.") {
    WB_ASSERT_NEAR(wb_sigmoid(0.0f), 0.5f, 0, 0);
    WB_ASSERT_NEAR(wb_sigmoid(logf(3.0f)), 0.75f, 1e-6, 0); /* 1 / (1 + 1/3) */
    WB_ASSERT_NEAR(wb_sigmoid(-logf(3.0f)), 0.25f, 1e-6, 0);
    WB_ASSERT_NEAR(wb_sigmoid(-1000.0f), 0.0f, 0, 0);
    WB_ASSERT_NEAR(wb_sigmoid(1000.0f), 1.0f, 0, 0);
    WB_ASSERT_NEAR(wb_sigmoid_grad(0.5f), 0.25f, 0, 0);
    WB_ASSERT_NEAR(wb_tanh_grad(0.0f), 1.0f, 0, 0);
    WB_ASSERT_NEAR(wb_relu(-2.0f) + wb_relu(3.0f) + wb_relu_grad(0.0f) + wb_relu_grad(1.0f), 4.0f, 0, 0);
}

WB_TEST(softmax_rows_closed_form_and_extremes, .points = 1,
        .hint = "Each row: p_j = e^(z_j - max) / sum; rows of +-1000 must not overflow.") {
    /* row 0: z = (0, ln 2, ln 5): p = (1, 2, 5) / 8. row 1: (1000, 1000, -1000): (1/2, 1/2, 0) */
    float z[] = {0, logf(2), logf(5), 1000, 1000, -1000}, p[6];
    float want[] = {0.125f, 0.25f, 0.625f, 0.5f, 0.5f, 0.0f};
    wb_softmax_rows(z, p, 2, 3);
    WB_ASSERT_CLOSE(p, want, 6, 1e-6, 1e-30); /* logf then exp: a couple of float ulps */
    float lp[6], lwant[] = {logf(0.125f), logf(0.25f), logf(0.625f), logf(0.5f), logf(0.5f), -2000.0f - logf(2)};
    wb_log_softmax_rows(z, lp, 2, 3);
    WB_ASSERT_CLOSE(lp, lwant, 6, 1e-6, 0); /* log p of the -1000 entry is finite: -2000 - ln 2 */
}

static struct { float z[6]; int y[2]; } ce;
static double ce_loss(void *ctx) { (void)ctx; return wb_cross_entropy(ce.z, ce.y, 2, 3, NULL); }

WB_TEST(cross_entropy_value_and_gradient, .points = 1,
        .hint = "Mean over rows of lse(z) - z_y; gradient (softmax - onehot) / rows, checked by finite differences.") {
    float z0[] = {0, 0, 0, 1000, 0, 0};
    int y0[] = {1, 1};
    /* row 0: log 3; row 1: lse = 1000 (+ 2e^-1000), minus z_1 = 0 -> 1000. mean = (log 3 + 1000) / 2 */
    WB_ASSERT_NEAR(wb_cross_entropy(z0, y0, 2, 3, NULL), (logf(3) + 1000) / 2, 1e-6, 0);
    float z[] = {0.3f, -1.2f, 2.0f, 0.5f, 0.1f, -0.7f}, g[6];
    memcpy(ce.z, z, sizeof z);
    ce.y[0] = 2, ce.y[1] = 0;
    wb_cross_entropy(ce.z, ce.y, 2, 3, g);
    /* eps 1e-3 in double-accumulated loss: truncation error ~eps^2 = 1e-6 relative */
    WB_ASSERT_GRAD(wb_gradcheck(ce_loss, NULL, ce.z, g, 6, 1e-3), 1e-3);
}
