/* test_optim.c — tests for optim.c: the momentum update on numbers small enough to follow by hand,
 * its closed-form limit, and the step-decay schedule. */
#include "testing.h"
#include "week06.h"

#include <math.h>

WB_TEST(momentum_two_steps_by_hand, .points = 2,
        .hint = "The velocity remembers: it keeps the fraction momentum of its previous value and adds the "
                "step -lr times the gradient; the parameter then moves by the velocity, not by the gradient.",
        .hint2 = "p = 1, g = 0.5, lr = 0.1, momentum 0.9: step 1 gives v = -0.05, p = 0.95; step 2 "
                 "v = 0.9 * (-0.05) - 0.05 = -0.095, p = 0.855. If step 2 gives p = 0.945 the momentum "
                 "term has the wrong sign; p above 1 means you are climbing the loss.") {
    float p[2] = {1.0f, -2.0f}, g[2] = {0.5f, -1.0f}, v[2] = {0, 0};
    sgd_momentum_step(p, g, v, 2, 0.1f, 0.9f);
    float p1[2] = {0.95f, -1.9f}, v1[2] = {-0.05f, 0.1f};
    /* a few float roundings of numbers near 1: 1e-6 relative is ~8 ulps */
    WB_ASSERT_CLOSE(v, v1, 2, 1e-6, 0);
    WB_ASSERT_CLOSE(p, p1, 2, 1e-6, 0);
    sgd_momentum_step(p, g, v, 2, 0.1f, 0.9f);
    float p2[2] = {0.855f, -1.71f}, v2[2] = {-0.095f, 0.19f};
    WB_ASSERT_CLOSE(v, v2, 2, 1e-6, 0);
    WB_ASSERT_CLOSE(p, p2, 2, 1e-6, 0);
}

WB_TEST(momentum_zero_is_plain_sgd, .points = 1,
        .hint = "With momentum 0 the velocity is just -lr * grad, and the step is plain gradient descent.") {
    float p[3] = {1, 2, 3}, g[3] = {1, -1, 0.5f}, v[3] = {7, 7, 7}; /* old velocity must not matter */
    sgd_momentum_step(p, g, v, 3, 0.5f, 0.0f);
    float want[3] = {0.5f, 2.5f, 2.75f}; /* p - 0.5 g: exact in float */
    WB_ASSERT_CLOSE(p, want, 3, 0, 0);
}

WB_TEST(momentum_velocity_reaches_its_limit, .points = 1,
        .hint = "Under a constant gradient g the velocity tends to -lr * g / (1 - momentum): check the update "
                "multiplies the OLD velocity by momentum before subtracting lr * g.",
        .hint2 = "v_k = -lr g (1 + mu + ... + mu^(k-1)) = -lr g (1 - mu^k) / (1 - mu).") {
    float p = 0, g = 1, v = 0;
    for (int k = 0; k < 300; k++) sgd_momentum_step(&p, &g, &v, 1, 0.01f, 0.9f);
    /* 0.9^300 ~ 2e-14: the limit -0.01 / 0.1 = -0.1, up to float rounding of a sum of 300 terms */
    WB_ASSERT_NEAR(v, -0.1f, 1e-5, 0);
}

WB_TEST(step_decay_schedule, .points = 2,
        .hint = "lr0 * powf(decay, epoch / every) with INTEGER division: the rate stays flat for `every` epochs, then drops.",
        .hint2 = "lr0 = 0.1, decay 0.5, every 2: epochs 0,1 -> 0.1; 2,3 -> 0.05; 4 -> 0.025. If epoch 1 gives "
                 "0.0707 you divided as floats.") {
    lr_schedule s = {.lr0 = 0.1f, .decay = 0.5f, .every = 2};
    float want[6] = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f};
    for (int e = 0; e < 6; e++) WB_ASSERT_NEAR(lr_at_epoch(&s, e), want[e], 1e-6, 0); /* powers of 2: exact but for lr0's rounding */
    lr_schedule flat = {.lr0 = 0.3f, .decay = 1.0f, .every = 1};
    WB_ASSERT_NEAR(lr_at_epoch(&flat, 17), 0.3f, 1e-6, 0);
}
