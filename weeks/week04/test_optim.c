/* test_optim.c — tests for optim.c: the first two steps of Adam and RMSProp worked out by hand,
 * for large and for tiny gradients (eps outside the root), a zero gradient after a nonzero one (m
 * and v still decay), and Adam on a badly scaled bowl, where one learning rate cannot suit both
 * directions. */
#include "testing.h"
#include "week04.h"

#include <math.h>

WB_TEST(adam_first_step, .points = 2,
        .hint = "Catches a missing bias correction and a step counter that does not start at 1: "
                "Adam's first step moves every parameter by lr, against the sign of its gradient, "
                "whatever the gradient's size (the notes show why).",
        .hint2 = "If your first step is 3.16 * lr, the bias correction (dividing by 1 - beta^t) is missing. "
                 "A zero gradient must not move its parameter (0 / (0 + eps) = 0).") {
    adam o;
    adam_init(&o, 3, 0.1f);
    float p[] = {1, -2, 0.5f}, g[] = {0.5f, -4, 0};
    adam_step(&o, p, g);
    float want[] = {0.9f, -1.9f, 0.5f};
    WB_ASSERT_CLOSE(p, want, 3, 1e-5, 0); /* g/|g| is 1 up to eps/|g| ~ 2e-8 and float rounding */
    ck_assert_int_eq((int)o.t, 1);
    adam_free(&o);
}

WB_TEST(adam_tiny_gradient_moves_lr, .points = 1,
        .hint = "Catches eps added inside the square root: Adam divides mhat by sqrt(vhat) + eps, "
                "so a gradient of 1e-6 or 3e-5 still moves its parameter by about lr on the first "
                "step; eps only keeps a zero gradient from dividing by 0.",
        .hint2 = "g = 1e-6, lr = 0.1: mhat = 1e-6 and sqrt(vhat) = 1e-6, so the step is "
                 "0.1 * 1e-6 / (1e-6 + 1e-8) = 0.099. Under the root, sqrt(1e-12 + 1e-8) is about "
                 "1e-4 and the step shrinks to 0.001: the rarely used weights Adam is meant to "
                 "move would stay where they are.") {
    adam o;
    adam_init(&o, 2, 0.1f);
    float p[] = {1, -1}, g[] = {1e-6f, -3e-5f};
    adam_step(&o, p, g);
    /* the first step is lr g / (|g| + eps), worked in double from the notes' formula */
    float want[] = {(float)(1 - 0.1 * 1e-6 / (1e-6 + 1e-8)),
                    (float)(-1 + 0.1 * 3e-5 / (3e-5 + 1e-8))};
    /* powf, the corrections and sqrtf of g^2 in float: ~1e-6 relative on a step of ~0.1 */
    WB_ASSERT_CLOSE(p, want, 2, 1e-5, 0);
    adam_free(&o);
}

WB_TEST(adam_second_step, .points = 2,
        .hint = "Catches running averages that are not kept between calls, v built from |g| "
                "instead of g^2, and the raw gradient in the numerator: the second step depends on "
                "the first through m and v.",
        .hint2 = "Gradients +1 then -1 from p = 0: m = 0.09 - 0.1 = -0.01, mhat = -0.01 / 0.19; v = 0.001999, "
                 "vhat = 0.001999 / 0.001999 = 1. So p = -0.1 + 0.1 * 0.01 / 0.19 = -0.0947368. The numerator is "
                 "mhat, not the raw gradient.") {
    adam o;
    adam_init(&o, 1, 0.1f);
    float p = 0, g1 = 1, g2 = -1;
    adam_step(&o, &p, &g1);
    adam_step(&o, &p, &g2);
    WB_ASSERT_NEAR(p, (float)(-0.1 + 0.1 * 0.01 / 0.19), 1e-4, 0); /* powf and float sums: ~1e-6 relative */
    adam_free(&o);
}

WB_TEST(adam_zero_gradient_keeps_moving, .points = 1,
        .hint = "Catches an Adam that skips a parameter whose gradient is 0: the notes' rule "
                "updates m and v at every step for every parameter, so after a gradient of 1 a "
                "gradient of 0 shrinks m and v, and the parameter keeps moving on its momentum.",
        .hint2 = "Gradients 1 then 0 from p = 0, lr = 0.1: the first step gives -0.1; then "
                 "m = 0.9 * 0.1 = 0.09, v = 0.999 * 0.001 = 0.000999, mhat = 0.09 / 0.19 = 0.474, "
                 "vhat = 0.000999 / 0.001999 = 0.49975, so p = -0.1 - 0.1 * 0.474 / 0.707 = "
                 "-0.167. If p stayed at -0.1, your loop leaves m, v and p alone when g == 0.") {
    adam o;
    adam_init(&o, 1, 0.1f);
    float p = 0, g1 = 1, g2 = 0;
    adam_step(&o, &p, &g1);
    adam_step(&o, &p, &g2);
    /* 1 - 0.999f in float is off by ~1e-5 relative; a skipped decay leaves v = 0.001 (1e-3 off) */
    ck_assert_msg(fabsf(o.m[0] - 0.09f) < 1e-6f && fabsf(o.v[0] - 0.000999f) < 1e-7f,
                  "after gradients 1 then 0: m = %g, v = %g, want 0.09 and 0.000999 "
                  "(a zero gradient still decays them: beta1 m, beta2 v)", o.m[0], o.v[0]);
    /* 1 - powf(0.999, 2) in float loses ~3e-5 relative to cancellation, halved by the root */
    WB_ASSERT_NEAR(p, (float)(-0.1 - 0.1 * (0.09 / 0.19) / sqrt(0.000999 / 0.001999)), 1e-4, 0);
    adam_free(&o);
}

/* Adam with beta1 = 0.5, beta2 = 0.75, eps = 0.5 set after adam_init, as a user tuning it would:
   the step must read them from the struct, not use Kingma & Ba's defaults. */
WB_TEST(adam_uses_its_hyperparameters, .points = 1,
        .hint = "Catches an Adam that uses the default values in place of o->beta1, o->beta2 or "
                "o->eps: a user may set them after adam_init, and both the running averages and "
                "the bias corrections 1 / (1 - beta^t) follow the values in the struct.",
        .hint2 = "beta1 = 0.5, beta2 = 0.75, eps = 0.5, lr = 0.1, gradients 2 then 1 from p = 0: "
                 "m = 1, v = 1, mhat = 1 / 0.5 = 2, vhat = 1 / 0.25 = 4, p = -0.1 * 2 / (2 + 0.5) "
                 "= -0.08; then m = 0.5 + 0.5 = 1, v = 0.75 + 0.25 = 1, mhat = 1 / 0.75, vhat = "
                 "1 / 0.4375, p = -0.08 - 0.1 * (4/3) / (sqrt(1/0.4375) + 0.5) = -0.14627.") {
    adam o;
    adam_init(&o, 1, 0.1f);
    o.beta1 = 0.5f, o.beta2 = 0.75f, o.eps = 0.5f;
    float p = 0, g1 = 2, g2 = 1;
    adam_step(&o, &p, &g1);
    /* every quantity is a small power of 2 here but powf and sqrtf: ~1e-7 relative */
    WB_ASSERT_NEAR(p, -0.08f, 1e-6, 0);
    adam_step(&o, &p, &g2);
    double second = 0.1 * (1 / 0.75) / (sqrt(1 / 0.4375) + 0.5); /* the hint's worked step, in double */
    WB_ASSERT_NEAR(p, (float)(-0.08 - second), 1e-6, 0);
    adam_free(&o);
}

WB_TEST(rmsprop_two_steps, .points = 2,
        .hint = "Catches decay and 1 - decay swapped, a v that forgets the last step, and a step "
                "divided by v instead of its square root: two steps from v = 0 worked by hand.",
        .hint2 = "g = 2 twice, lr = 0.01: v = 0.4, step 0.01 * 2 / sqrt(0.4) = 0.0316; then v = 0.36 + 0.4 = 0.76, "
                 "step 0.01 * 2 / sqrt(0.76) = 0.0229. If v came out 3.6 the decay and 1 - decay are swapped.") {
    rmsprop o;
    rmsprop_init(&o, 1, 0.01f);
    float p = 1, g = 2;
    rmsprop_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, (float)(1 - 0.02 / sqrt(0.4)), 1e-6, 0);
    rmsprop_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, (float)(1 - 0.02 / sqrt(0.4) - 0.02 / sqrt(0.76)), 1e-6, 0);
    rmsprop_free(&o);
}

WB_TEST(rmsprop_zero_gradient_decays_v, .points = 1,
        .hint = "Catches an RMSProp that skips a parameter whose gradient is 0: v <- rho v + "
                "(1 - rho) g^2 at every step, so a zero gradient does not move the parameter but "
                "still shrinks v, and the next step is larger for it.",
        .hint2 = "g = 2, 0, 2, lr = 0.01: v = 0.4, then 0.9 * 0.4 = 0.36 (p does not move: g = 0), "
                 "then 0.324 + 0.4 = 0.724 and the step is 0.01 * 2 / sqrt(0.724) = 0.0235. If v "
                 "stayed 0.4 after the zero gradient, your loop leaves v alone when g == 0.") {
    rmsprop o;
    rmsprop_init(&o, 1, 0.01f);
    float p = 1, g[] = {2, 0, 2};
    rmsprop_step(&o, &p, &g[0]);
    rmsprop_step(&o, &p, &g[1]);
    /* 0.9 * 0.4 in float: ~1e-7 relative */
    ck_assert_msg(fabsf(o.v[0] - 0.36f) < 1e-6f,
                  "after gradients 2 then 0: v = %g, want 0.9 * 0.4 = 0.36", o.v[0]);
    WB_ASSERT_NEAR(p, (float)(1 - 0.02 / sqrt(0.4)), 1e-6, 0); /* 0 / (0.6 + eps) = 0 */
    rmsprop_step(&o, &p, &g[2]);
    /* float sums and sqrtf: ~1e-7 relative on p of ~0.95 */
    WB_ASSERT_NEAR(p, (float)(1 - 0.02 / sqrt(0.4) - 0.02 / sqrt(0.724)), 1e-6, 0);
    rmsprop_free(&o);
}

WB_TEST(rmsprop_tiny_gradient, .points = 1,
        .hint = "Catches eps added inside the square root: RMSProp divides g by sqrt(v) + eps "
                "(Hinton's formula in the notes), so a tiny gradient moves its parameter as far as "
                "a large one; eps only keeps a zero gradient from dividing by 0.",
        .hint2 = "g = 1e-6 from v = 0, lr = 0.01: v = 0.1 * 1e-12, sqrt(v) = 3.16e-7, step "
                 "0.01 * 1e-6 / (3.16e-7 + 1e-8) = 0.0307, about the 0.0316 of g = 2. Under the "
                 "root, sqrt(1e-13 + 1e-8) is about 1e-4 and the step shrinks to 1e-4.") {
    rmsprop o;
    rmsprop_init(&o, 1, 0.01f);
    float p = 1, g = 1e-6f;
    rmsprop_step(&o, &p, &g);
    /* float v of 1e-13 and its sqrtf: ~1e-7 relative on a step of 0.03 */
    WB_ASSERT_NEAR(p, (float)(1 - 0.01 * 1e-6 / (sqrt(0.1 * 1e-12) + 1e-8)), 1e-6, 0);
    rmsprop_free(&o);
}

/* RMSProp with decay 0.5 and eps 0.5 set after rmsprop_init: the step reads them from the struct. */
WB_TEST(rmsprop_uses_its_hyperparameters, .points = 1,
        .hint = "Catches an RMSProp that uses the default values in place of o->decay or o->eps: a "
                "user may set them after rmsprop_init, and the running average and the step follow "
                "the values in the struct.",
        .hint2 = "decay = 0.5, eps = 0.5, lr = 0.1, g = 2 twice from p = 1: v = 0.5 * 4 = 2, step "
                 "0.1 * 2 / (sqrt(2) + 0.5) = 0.10448; then v = 0.5 * 2 + 0.5 * 4 = 3, step "
                 "0.2 / (sqrt(3) + 0.5) = 0.08960.") {
    rmsprop o;
    rmsprop_init(&o, 1, 0.1f);
    o.decay = 0.5f, o.eps = 0.5f;
    float p = 1, g = 2;
    rmsprop_step(&o, &p, &g);
    /* float sqrtf and one division: ~1e-7 relative on p ~ 0.9 */
    WB_ASSERT_NEAR(p, (float)(1 - 0.2 / (sqrt(2) + 0.5)), 1e-6, 0);
    rmsprop_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, (float)(1 - 0.2 / (sqrt(2) + 0.5) - 0.2 / (sqrt(3) + 0.5)), 1e-6, 0);
    rmsprop_free(&o);
}

WB_TEST(adam_on_a_stretched_bowl, .points = 1,
        .hint = "Catches an Adam that is right for two steps but not over a thousand: both "
                "coordinates of f = 500 x^2 + 0.0005 y^2 must reach 0 from (1, 1), each moving about "
                "lr per step whatever the size of its gradient.",
        .hint2 = "Plain gradient descent cannot: any lr small enough for x (curvature 1000) leaves y (curvature "
                 "0.001) where it started.") {
    adam o;
    adam_init(&o, 2, 0.01f);
    float p[] = {1, 1};
    for (int t = 0; t < 1000; t++) {
        float g[] = {1000 * p[0], 0.001f * p[1]}; /* the gradient of f */
        adam_step(&o, p, g);
    }
    /* after 1000 steps of ~0.01 both have had time to travel 1; near 0 Adam oscillates on a scale of lr */
    ck_assert_msg(fabsf(p[0]) < 0.05f && fabsf(p[1]) < 0.05f, "ended at (%g, %g), want both within 0.05 of 0", p[0], p[1]);
    adam_free(&o);
}
