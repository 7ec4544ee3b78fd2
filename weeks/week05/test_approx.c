/* test_approx.c — tests for approx.c: the squared-error loss by hand, and gradient descent that
 * makes a small network fit a curve. */
#include "testing.h"
#include "week05.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

WB_TEST(mse_by_hand, .points = 1,
        .hint = "Catches a missing factor 2, a sum instead of a mean, an unwritten gradient and an "
                "empty input that is not 0: L = (1/n) sum (pred_i - target_i)^2, dL/dpred_i = "
                "2 (pred_i - target_i) / n, and L = 0 for n = 0.",
        .hint2 = "pred (1,2,3), target (1,0,0): L = (0 + 4 + 9)/3 = 13/3 and the gradient is (0, 4/3, 2). "
                 "With n = 0 the sum is 0 and so is the loss; 0 / 0 would be NaN.") {
    float pred[] = {1, 2, 3}, target[] = {1, 0, 0}, d[3] = {NAN, NAN, NAN};
    WB_ASSERT_NEAR(mse_loss(pred, target, 3, d), 13.0f / 3, 1e-6, 0);
    float want[] = {0, 4.0f / 3, 2};
    WB_ASSERT_CLOSE(d, want, 3, 1e-6, 0);
    float empty = mse_loss(pred, target, 0, d); /* no points: loss 0, and no gradient to write */
    ck_assert_msg(empty == 0.0f, "mse_loss of n = 0 points is %g, want 0 (the header's convention)",
                  (double)empty);
    WB_ASSERT_CLOSE(d, want, 3, 1e-6, 0);
}

/* One step moves every parameter of the one buffer by -lr times its gradient, the gradient
   computed here from the mean squared error's derivative written out (2 (pred - y) / n). */
WB_TEST(one_step_moves_every_parameter, .points = 1,
        .hint = "Catches a step over part of the parameters (one layer, or the weights without the "
                "biases), and steps that reuse one gradient: the step is one loop over all "
                "params.size numbers of the one buffer, and every step's gradient is of the loss "
                "at the parameters as they are at that step.",
        .hint2 = "After fit_1d with steps = 1, each parameter must equal its old value minus lr times "
                 "its gradient at the old values. With steps = 2 the second step moves them by "
                 "-lr times the gradient at the parameters the first step left: each step runs "
                 "its own forward pass, loss gradient and backward pass.") {
    enum { N = 8 };
    float x[N], y[N], dpred[N];
    for (int i = 0; i < N; i++) x[i] = -1 + 2.0f * i / (N - 1), y[i] = x[i] * x[i];
    wb_rng r;
    wb_rng_seed(&r, 6);
    mlp m;
    mlp_init(&m, 2, (const int[]){1, 5, 1}, (const activation[]){ACT_TANH, ACT_NONE}, N, &r);
    for (int l = 0; l < 2; l++) wb_rng_fill_uniform(&r, m.layer[l].b.data, m.layer[l].out, -0.5f, 0.5f);
    size_t n = m.params.size;
    float *before = malloc(n * sizeof *before), *grad = malloc(n * sizeof *grad);
    memcpy(before, m.params.data, n * sizeof *before);
    mlp_forward(&m, x, N);
    for (int i = 0; i < N; i++) dpred[i] = 2 * (mlp_output(&m)[i] - y[i]) / N;
    mlp_backward(&m, x, dpred, N);
    memcpy(grad, m.grads.data, n * sizeof *grad);
    double norm = 0;
    for (size_t i = 0; i < n; i++) norm += (double)grad[i] * grad[i];
    ck_assert_msg(norm > 1e-6, "every gradient is 0: finish mlp_forward and mlp_backward (mlp.c) first");
    fit_1d(&m, x, y, N, 1, 0.5f);
    for (size_t i = 0; i < n; i++) before[i] -= 0.5f * grad[i]; /* the expected parameters */
    /* one float multiply-add per parameter: a few ulps. The index is into params.data (W0 b0 W1 b1) */
    WB_ASSERT_CLOSE(m.params.data, before, (long)n, 1e-5, 1e-7);
    /* two steps in one call, from the parameters just reached: the second step's gradient is at
       the parameters after the first (the same step written out twice here) */
    float *start = malloc(n * sizeof *start);
    memcpy(start, m.params.data, n * sizeof *start);
    for (int step = 0; step < 2; step++) {
        mlp_forward(&m, x, N);
        for (int i = 0; i < N; i++) dpred[i] = 2 * (mlp_output(&m)[i] - y[i]) / N;
        mlp_backward(&m, x, dpred, N);
        for (size_t i = 0; i < n; i++) m.params.data[i] -= 0.5f * m.grads.data[i];
    }
    memcpy(before, m.params.data, n * sizeof *before); /* the expected parameters */
    memcpy(m.params.data, start, n * sizeof *start);
    fit_1d(&m, x, y, N, 2, 0.5f);
    /* the same operations in the same order: a few ulps */
    WB_ASSERT_CLOSE(m.params.data, before, (long)n, 1e-5, 1e-7);
    free(start);
    free(before);
    free(grad);
    mlp_free(&m);
}

WB_TEST(gradient_descent_fits_a_curve, .points = 3, .timeout = 8,
        .hint = "Catches a step up the gradient and a step over part of the parameters: every step "
                "moves ALL params.size parameters by -lr times their gradient, after a forward and "
                "backward pass over all n points.",
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
