/* test_softmax_xent.c — tests for softmax_xent.c: hand-computed losses, extreme logits, and the
 * gradient p - y checked against finite differences of the loss itself. */
#include "testing.h"
#include "week05.h"

#include <math.h>

WB_TEST(loss_by_hand, .points = 2,
        .hint = "Row i's loss is log(sum_k exp(z_k)) - z[label]; return the mean over the B rows.",
        .hint2 = "Equal logits over 4 classes: p = 1/4 each, loss log 4 = 1.386. With z = (0, log 3) and label 1, "
                 "p = (1/4, 3/4) and the loss is -log(3/4).") {
    float z[] = {0, 0, 0, 0, /* row 2 */ 0, logf(3.0f), 0, 0};
    int y[] = {2, 1};
    /* row 2 has four classes: (0, log 3, 0, 0) -> sum e^z = 6, loss log 6 - log 3 = log 2 */
    WB_ASSERT_NEAR(softmax_xent(z, y, 2, 4, NULL), (float)((log(4.0) + log(2.0)) / 2), 1e-6, 0);
    float big[] = {1000, 0};   /* e^1000 overflows: the max must be subtracted first */
    int wrong[] = {1}, right[] = {0};
    WB_ASSERT_NEAR(softmax_xent(big, wrong, 1, 2, NULL), 1000.0f, 1e-6, 0);
    WB_ASSERT_NEAR(softmax_xent(big, right, 1, 2, NULL), 0.0f, 0, 1e-6);
}

WB_TEST(gradient_is_p_minus_y, .points = 3,
        .hint = "dlogits[i][j] = (p_j - [j == label_i]) / B, with p = softmax of row i.",
        .hint2 = "For z = (0, log 3) and label 0 (one row): p = (1/4, 3/4), so the gradient is (1/4 - 1, 3/4) = "
                 "(-3/4, 3/4). A sign flip gives (3/4, -3/4); forgetting / B doubles it for B = 2.") {
    float z[] = {0, logf(3.0f), 0, logf(3.0f)}, dz[4];
    int y[] = {0, 1};
    softmax_xent(z, y, 2, 2, dz);
    float want[] = {-0.75f / 2, 0.75f / 2, 0.25f / 2, -0.25f / 2};
    WB_ASSERT_CLOSE(dz, want, 4, 1e-6, 1e-7);
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
        .hint = "The analytic gradient must match finite differences of the mean loss: (p - y) / B.",
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
