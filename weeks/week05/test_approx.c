/* test_approx.c — tests for approx.c: the squared-error loss by hand, and gradient descent that
 * makes a small network fit a curve. */
#include "testing.h"
#include "week05.h"

#include <math.h>

WB_TEST(mse_by_hand, .points = 1,
        .hint = "L = (1/n) sum (pred_i - target_i)^2 and dL/dpred_i = 2 (pred_i - target_i) / n.",
        .hint2 = "pred (1,2,3), target (1,0,0): L = (0 + 4 + 9)/3 = 13/3 and the gradient is (0, 4/3, 2).") {
    float pred[] = {1, 2, 3}, target[] = {1, 0, 0}, d[3];
    WB_ASSERT_NEAR(mse_loss(pred, target, 3, d), 13.0f / 3, 1e-6, 0);
    float want[] = {0, 4.0f / 3, 2};
    WB_ASSERT_CLOSE(d, want, 3, 1e-6, 0);
}

WB_TEST(gradient_descent_fits_a_curve, .points = 3, .timeout = 8,
        .hint = "Each step: mlp_forward on all n points, mse_loss with its gradient, mlp_backward, then "
                "params.data[i] -= lr * grads.data[i] for every i.",
        .hint2 = "If the loss grows, the step has the wrong sign.") {
    enum { N = 24 };
    float x[N], y[N];
    for (int i = 0; i < N; i++) x[i] = -1 + 2.0f * i / (N - 1), y[i] = sinf(2 * x[i]);
    wb_rng r;
    wb_rng_seed(&r, 4);
    mlp m;
    mlp_init(&m, 2, (const int[]){1, 16, 1}, (const activation[]){ACT_TANH, ACT_NONE}, N, &r);
    /* the starting loss, computed here with our own sum */
    mlp_forward(&m, x, N);
    double before = 0;
    for (int i = 0; i < N; i++) before += (mlp_output(&m)[i] - y[i]) * (mlp_output(&m)[i] - y[i]) / N;
    float got = fit_1d(&m, x, y, N, 400, 0.1f);
    mlp_forward(&m, x, N);
    double after = 0;
    for (int i = 0; i < N; i++) after += (mlp_output(&m)[i] - y[i]) * (mlp_output(&m)[i] - y[i]) / N;
    ck_assert_msg(after < 0.2 * before, "loss %g before, %g after 400 steps: want at least a 5x drop", before, after);
    WB_ASSERT_NEAR(got, (float)after, 1e-4, 1e-7); /* the same sum, in float */
    mlp_free(&m);
}
