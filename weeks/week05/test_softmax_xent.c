/* test_softmax_xent.c — tests for softmax_xent.c: hand-computed losses, extreme logits, and the
 * gradient p - y checked against finite differences of the loss itself. */
#include "testing.h"
#include "week05.h"

#include <math.h>

WB_TEST(loss_by_hand, .points = 2,
        .hint = "Catches an overflow at large logits, an underflow when every logit is very "
                "negative, and a label taken as the row number: row i's loss is "
                "log sum_k e^(z_k) - z_(label i), computed with the row's largest logit subtracted "
                "(whatever its sign), and the result is the mean over the B rows.",
        .hint2 = "Equal logits over 4 classes: p = 1/4 each, loss log 4 = 1.386. With z = (0, log 3) and label 1, "
                 "p = (1/4, 3/4) and the loss is -log(3/4). "
                 "For z = (-1000, -1001) the sum e^z is 0 in double: shift by -1000, then the "
                 "sum is 1 + e^-1.") {
    float z[] = {0, 0, 0, 0, /* row 2 */ 0, logf(3.0f), 0, 0};
    int y[] = {2, 1};
    /* row 2 has four classes: (0, log 3, 0, 0) -> sum e^z = 6, loss log 6 - log 3 = log 2 */
    WB_ASSERT_NEAR(softmax_xent(z, y, 2, 4, NULL), (float)((log(4.0) + log(2.0)) / 2), 1e-6, 0);
    float big[] = {1000, 0};   /* e^1000 overflows: the max must be subtracted first */
    int wrong[] = {1}, right[] = {0};
    WB_ASSERT_NEAR(softmax_xent(big, wrong, 1, 2, NULL), 1000.0f, 1e-6, 0);
    WB_ASSERT_NEAR(softmax_xent(big, right, 1, 2, NULL), 0.0f, 0, 1e-6);
    float far[] = {1000, -1000, -1000, 1000}; /* labels (1, 0): each row costs 2000 */
    int far_y[] = {1, 0};
    WB_ASSERT_NEAR(softmax_xent(far, far_y, 2, 2, NULL), 2000.0f, 1e-6, 0);
    /* every logit far below 0: e^z underflows to 0 even in double unless the shift is the row's
       own largest logit; z = (-1000, -1001), label 0: loss log(1 + e^-1) = 0.3133 */
    float low[] = {-1000, -1001};
    int low_y[] = {0};
    ck_assert_msg(isfinite(softmax_xent(low, low_y, 1, 2, NULL)),
                  "logits (-1000, -1001) give a loss of %g: the shift must be the row's largest "
                  "logit (here -1000), not a value like 0 that is larger than all of them",
                  softmax_xent(low, low_y, 1, 2, NULL));
    /* log1p/exp in double, then one float rounding */
    WB_ASSERT_NEAR(softmax_xent(low, low_y, 1, 2, NULL), (float)log1p(exp(-1.0)), 1e-6, 0);
}

WB_TEST(gradient_is_p_minus_y, .points = 3,
        .hint = "Catches y - p instead of p - y, a missing 1/B, a label taken as the row number, and a "
                "gradient added to the buffer: row i of dlogits is (softmax(z_i) - onehot(label_i)) / B, "
                "written afresh.",
        .hint2 = "For z = (0, log 3) and label 0 (one row): p = (1/4, 3/4), so the gradient is (1/4 - 1, 3/4) = "
                 "(-3/4, 3/4). A sign flip gives (3/4, -3/4); forgetting / B doubles it for B = 2.") {
    float z[] = {0, logf(3.0f), 0, logf(3.0f)}, dz[4];
    int y[] = {1, 0};   /* labels that are not the row numbers */
    wb_fill_nan(dz, 4);
    softmax_xent(z, y, 2, 2, dz);
    float want[] = {0.25f / 2, -0.25f / 2, -0.75f / 2, 0.75f / 2};
    WB_ASSERT_CLOSE(dz, want, 4, 1e-6, 1e-7);
    softmax_xent(z, y, 2, 2, dz);   /* again into the same buffer: written, not added */
    WB_ASSERT_CLOSE(dz, want, 4, 1e-6, 1e-7);
    /* logits of +-1000: p is exactly one-hot in float, so the gradient is exact 0s and +-1/B */
    float far[] = {1000, -1000, -1000, 1000}, dfar[4];
    int far_y[] = {1, 1};
    wb_fill_nan(dfar, 4);
    softmax_xent(far, far_y, 2, 2, dfar);
    float want_far[] = {0.5f, -0.5f, 0, 0};
    WB_ASSERT_CLOSE(dfar, want_far, 4, 0, 1e-7);
}

/* The loss in double, written here from its definition (independent of softmax_xent.c): the
   float version's rounding, ~3e-5 |L| after dividing by 2 eps, would swamp the smallest gradients. */
typedef struct { float *z; int *y; int B, C; } ctx;
static double loss_of(void *c) {
    ctx *k = c;
    double total = 0;
    for (int i = 0; i < k->B; i++) {
        double s = 0;
        for (int j = 0; j < k->C; j++) s += exp((double)k->z[i * k->C + j]);
        total += log(s) - k->z[i * k->C + k->y[i]];
    }
    return total / k->B;
}

WB_TEST(gradient_check, .points = 2,
        .hint = "Catches a gradient of the summed loss instead of the mean: (p - y) / B must match "
                "finite differences of the mean loss over random logits and labels.",
        .hint2 = "If the error is a factor of B, the gradient is of the sum, not the mean.") {
    enum { B = 4, C = 5 };
    float z[B * C], dz[B * C];
    int y[B];
    wb_rng r;
    wb_rng_seed(&r, 9);
    wb_rng_fill_normal(&r, z, B * C, 2.0f);
    for (int i = 0; i < B; i++) y[i] = (int)wb_rng_below(&r, C);
    float loss = softmax_xent(z, y, B, C, dz);
    ck_assert_msg(loss > 0.1f, "loss %g: random logits should cost well above 0", loss);
    ctx c = {z, y, B, C};
    /* a double loss and float logits: the float step size dominates; 1e-3 is ample */
    WB_ASSERT_GRAD(wb_gradcheck(loss_of, &c, z, dz, B * C, 1e-3), 1e-3);
}
