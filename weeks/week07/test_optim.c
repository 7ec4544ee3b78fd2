/* test_optim.c — tests for optim.c: every optimiser one or two steps against values worked out by
 * hand (the numbers are in the comments), Adam's bias correction and step counter, clipping by the
 * global norm, and the schedules at their corners (step 0, the end of warm-up, the last step). */
#include "testing.h"
#include "week07.h"

#include <math.h>

/* Tolerance for parameters near 1 after a few float operations: 1e-6 relative is ~8 ulps. */
#define STEP_RTOL 1e-6

WB_TEST(sgd_one_step, .points = 1, .edit = "optim.c",
        .hint = "Plain gradient descent moves each parameter downhill: against its gradient, scaled by the "
                "learning rate; and opt_step counts every step it takes, whatever the optimiser, in o->t.",
        .hint2 = "p = {1, -2}, g = {0.5, -1}, lr 0.5: p becomes {0.75, -1.5}. If it became {1.25, -2.5} the "
                 "step went uphill. o->t starts at 0 and is 1 after the first step: opt_step increments it "
                 "before the update (Adam's bias correction divides by 1 - beta^t, 0 at t = 0).") {
    optimizer o;
    opt_init(&o, OPT_SGD, 2, 0.5f);
    float p[2] = {1.0f, -2.0f}, g[2] = {0.5f, -1.0f};
    opt_step(&o, p, g);
    float want[2] = {0.75f, -1.5f}; /* exact in float */
    WB_ASSERT_CLOSE(p, want, 2, 0, 0);
    ck_assert_msg(o.t == 1, "o->t after one step is %ld, want 1", o.t);
    opt_free(&o);
}

WB_TEST(momentum_two_steps, .points = 1, .edit = "optim.c",
        .hint = "Momentum is week 06's sgd_momentum_step, with the velocity kept in the optimiser's state "
                "o->m and mu in o->momentum (0.9 by default).",
        .hint2 = "p = 1, g = 0.5, lr 0.1: step 1 v = -0.05, p = 0.95; step 2 v = 0.9 * (-0.05) - 0.05 = "
                 "-0.095, p = 0.855. Then again with momentum 0.5, beta1 0.8, beta2 0.95 (three "
                 "different numbers): v = -0.05, -0.075 and p = 0.95, 0.875. v = -0.09 means the "
                 "velocity decays with beta1, Adam's rate, instead of o->momentum.") {
    optimizer o;
    opt_init(&o, OPT_MOMENTUM, 1, 0.1f);
    float p = 1.0f, g = 0.5f;
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, 0.95f, STEP_RTOL, 0);
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(o.m[0], -0.095f, STEP_RTOL, 0);
    WB_ASSERT_NEAR(p, 0.855f, STEP_RTOL, 0);
    opt_free(&o);
    /* the defaults are all 0.9: with three different rates only o->momentum gives these numbers */
    opt_init(&o, OPT_MOMENTUM, 1, 0.1f);
    o.momentum = 0.5f, o.beta1 = 0.8f, o.beta2 = 0.95f;
    p = 1.0f;
    opt_step(&o, &p, &g);
    opt_step(&o, &p, &g);
    ck_assert_msg(fabsf(o.m[0] + 0.075f) <= 1e-7f, "momentum 0.5, beta1 0.8, beta2 0.95: the "
                  "velocity after two steps is %g, want 0.5 * (-0.05) - 0.05 = -0.075 (mu is "
                  "o->momentum)", (double)o.m[0]);
    WB_ASSERT_NEAR(p, 0.875f, STEP_RTOL, 0);
    opt_free(&o);
}

WB_TEST(nesterov_two_steps, .points = 2, .edit = "optim.c",
        .hint = "Nesterov updates the velocity exactly like momentum, but the parameter takes the look-ahead "
                "step: mu times the NEW velocity, plus a fresh gradient step.",
        .hint2 = "p = 1, g = 0.5 twice, lr 0.1, mu 0.9. Step 1: v = -0.05, p += 0.9 (-0.05) - 0.05 = -0.095, "
                 "p = 0.905. Step 2: v = -0.095, p += 0.9 (-0.095) - 0.05 = -0.1355, p = 0.7695. Plain "
                 "momentum would give 0.95 then 0.855. With momentum 0.5 (beta1 0.8, beta2 0.95): "
                 "v = -0.05, -0.075 and p = 0.925, 0.8375; mu is o->momentum in both places.") {
    optimizer o;
    opt_init(&o, OPT_NESTEROV, 1, 0.1f);
    float p = 1.0f, g = 0.5f;
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, 0.905f, STEP_RTOL, 0);
    WB_ASSERT_NEAR(o.m[0], -0.05f, STEP_RTOL, 0);
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, 0.7695f, STEP_RTOL, 0);
    opt_free(&o);
    /* three different rates, so a velocity or a look-ahead that reads another one shows */
    opt_init(&o, OPT_NESTEROV, 1, 0.1f);
    o.momentum = 0.5f, o.beta1 = 0.8f, o.beta2 = 0.95f;
    p = 1.0f;
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(p, 0.925f, STEP_RTOL, 0); /* 1 + 0.5 (-0.05) - 0.05 */
    opt_step(&o, &p, &g);
    WB_ASSERT_NEAR(o.m[0], -0.075f, STEP_RTOL, 0);
    WB_ASSERT_NEAR(p, 0.8375f, STEP_RTOL, 0); /* 0.925 + 0.5 (-0.075) - 0.05 */
    opt_free(&o);
}

WB_TEST(rmsprop_two_steps, .points = 2, .edit = "optim.c",
        .hint = "RMSProp keeps a moving average of the squared gradient (rate beta2, 0.9 for "
                "RMSProp) and divides the gradient step by its square root plus eps: eps is added "
                "after the root, so it only matters where sqrt(v) itself is tiny, as it is for "
                "the second parameter's gradient of 1e-4 here.",
        .hint2 = "p = 1, g = 0.5 twice, lr 0.1: v = 0.1 * 0.25 = 0.025, p -= 0.05 / sqrt(0.025) = "
                 "0.31623, p = 0.683772; then v = 0.9 * 0.025 + 0.025 = 0.0475, p = 0.454357. If p "
                 "moved by 2 the square root is missing. The second parameter (2, g = 1e-4) has "
                 "v = 1e-9, sqrt(v) = 3.16e-5, and steps by 0.1 * 1e-4 / (3.16e-5 + 1e-8) = "
                 "0.31613; a step near 0.095 means eps went inside the square root, sqrt(v + eps), "
                 "where it is 10 times v. With beta2 = 0.95 (momentum 0.5, beta1 0.8): v = 0.0125, "
                 "p = 1 - 1/sqrt(5) = 0.552786; v = 0.024375, p = 0.232530. v = 0.05 means the "
                 "decay rate was beta1, 0.125 that it was o->momentum: rho is o->beta2.") {
    optimizer o;
    opt_init(&o, OPT_RMSPROP, 2, 0.1f);
    float p[2] = {1.0f, 2.0f}, g[2] = {0.5f, 1e-4f};
    opt_step(&o, p, g);
    WB_ASSERT_NEAR(o.v[0], 0.025f, STEP_RTOL, 0);
    /* worked out in double: 2 - 0.1 * 1e-4 / (sqrt(1e-9) + 1e-8); eps moves it 1e-4 relative */
    WB_ASSERT_CLOSE(p, ((float[2]){0.6837722f, 1.6838722f}), 2, STEP_RTOL, 0);
    opt_step(&o, p, g);
    WB_ASSERT_NEAR(o.v[0], 0.0475f, STEP_RTOL, 0);
    /* then v = 1.9e-9: p = 1.6838722 - 0.1 * 1e-4 / (sqrt(1.9e-9) + 1e-8) */
    WB_ASSERT_CLOSE(p, ((float[2]){0.4543565f, 1.4545091f}), 2, STEP_RTOL, 0);
    opt_free(&o);
    /* the defaults are all 0.9: with three different rates only beta2 gives these numbers */
    opt_init(&o, OPT_RMSPROP, 1, 0.1f);
    o.momentum = 0.5f, o.beta1 = 0.8f, o.beta2 = 0.95f;
    float q = 1.0f, h = 0.5f;
    opt_step(&o, &q, &h);
    /* 1 - 0.95f is 1.2e-8 off 0.05 in float: 2.4e-7 relative, within STEP_RTOL */
    ck_assert_msg(fabsf(o.v[0] - 0.0125f) <= 1e-6f * 0.0125f, "beta2 0.95 (momentum 0.5, beta1 "
                  "0.8): v after one step is %g, want (1 - 0.95) * 0.25 = 0.0125 (rho is o->beta2)",
                  (double)o.v[0]);
    WB_ASSERT_NEAR(q, 0.5527864f, STEP_RTOL, 0); /* 1 - 0.05 / sqrt(0.0125) = 1 - 1/sqrt(5) */
    opt_step(&o, &q, &h);
    WB_ASSERT_NEAR(o.v[0], 0.024375f, STEP_RTOL, 0); /* 0.95 * 0.0125 + 0.0125 */
    /* p is 0.55 - 0.32: its absolute error ~1e-7 is ~4e-7 relative to 0.23 */
    WB_ASSERT_NEAR(q, 0.2325302f, 2e-6, 0); /* 0.5527864 - 0.05 / sqrt(0.024375) */
    opt_free(&o);
}

WB_TEST(adagrad_two_steps, .points = 2, .edit = "optim.c",
        .hint = "Adagrad's state is the plain running SUM of squared gradients: it never decays, "
                "so each parameter's effective learning rate only falls. The step divides by "
                "sqrt(v) + eps, eps added after the root, which keeps the step of a tiny gradient "
                "(the second parameter's, 1e-4) near lr.",
        .hint2 = "p = 1, lr 0.1, g = 0.5 then -1: v = 0.25, p -= 0.1 * 0.5 / 0.5 -> 0.9; v = 1.25, "
                 "p += 0.1 / sqrt(1.25) -> 0.989443. The second parameter (2, g = 1e-4, -2e-4): "
                 "v = 1e-8, p -= 0.1 * 1e-4 / (1e-4 + 1e-8) -> 1.90001; v = 5e-8, p -> 1.989449. "
                 "1.929 after the first step means eps went inside the square root, sqrt(v + eps), "
                 "where it equals v.") {
    optimizer o;
    opt_init(&o, OPT_ADAGRAD, 2, 0.1f);
    float p[2] = {1.0f, 2.0f}, g[2] = {0.5f, 1e-4f};
    opt_step(&o, p, g);
    WB_ASSERT_CLOSE(p, ((float[2]){0.9f, 1.90001f}), 2, STEP_RTOL, 0); /* 2 - 0.1 / 1.0001 */
    g[0] = -1.0f, g[1] = -2e-4f;
    opt_step(&o, p, g);
    WB_ASSERT_NEAR(o.v[0], 1.25f, STEP_RTOL, 0);
    /* worked out in double: 1.90001 + 0.1 * 2e-4 / (sqrt(5e-8) + 1e-8) */
    WB_ASSERT_CLOSE(p, ((float[2]){0.9894427f, 1.9894487f}), 2, STEP_RTOL, 0);
    opt_free(&o);
}

WB_TEST(adam_first_step_is_lr_times_sign, .points = 2, .edit = "optim.c",
        .hint = "With the bias correction, Adam's first step is lr in the direction of -sign(g), whatever "
                "the size of g: after one step m = 0.1 g and v = 0.001 g^2, and the corrections divide "
                "them by 1 - beta^t with t = 1.",
        .hint2 = "A first step of about 3.16 lr means no bias correction; NaN or infinity means t was still 0 "
                 "in 1 - beta^t (count the step before using t); 0.74 lr means t started at 2.") {
    optimizer o;
    opt_init(&o, OPT_ADAM, 3, 0.01f);
    ck_assert_msg(o.t == 0, "o->t after opt_init is %ld, want 0", o.t);
    float p[3] = {0.0f, 1.0f, -1.0f}, g[3] = {1e-3f, -5.0f, 200.0f};
    opt_step(&o, p, g);
    ck_assert_msg(o.t == 1, "o->t after one step is %ld, want 1", o.t);
    /* step = lr * g / (|g| + eps'): eps/|g| <= 1e-5 for g = 1e-3, so 1e-4 relative on the step */
    float want[3] = {-0.01f, 1.01f, -1.01f};
    WB_ASSERT_CLOSE(p, want, 3, 1e-6, 1e-7);
    opt_free(&o);
}

WB_TEST(adam_two_steps_by_hand, .points = 2, .edit = "optim.c",
        .hint = "Update both moving averages from this step's gradient, correct each by its own 1 - beta^t, "
                "and step by lr * mhat / (sqrt(vhat) + eps).",
        .hint2 = "p = 1, lr 0.1, g = 0.5 then -1. Step 1: m = 0.05, v = 0.00025, step 0.1 -> p = 0.9. Step 2: "
                 "m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975; mhat = -0.055 / 0.19, "
                 "vhat = 0.00124975 / 0.001999; p = 0.93661035. With beta1 0.8, beta2 0.95 "
                 "(momentum 0.5): step 1 again 0.1; m = -0.12, v = 0.061875, mhat = -0.12 / 0.36, "
                 "vhat = 0.061875 / 0.0975, p = 0.9418431: m decays with beta1, v with beta2.") {
    optimizer o;
    opt_init(&o, OPT_ADAM, 2, 0.1f);
    float p[2] = {1.0f, -1.0f}, g1[2] = {0.5f, -2e-3f}, g2[2] = {-1.0f, 4e-3f};
    opt_step(&o, p, g1);
    opt_step(&o, p, g2);
    ck_assert_msg(o.t == 2, "o->t after two steps is %ld, want 2", o.t);
    float m_want[2] = {-0.055f, 2.2e-4f}, v_want[2] = {0.00124975f, 1.9996e-8f};
    /* the moments: 1 - 0.999f in float is 0.00099999 (0.999 is not exact), 1.3e-5 off: 1e-4 relative */
    WB_ASSERT_CLOSE(o.m, m_want, 2, 1e-4, 0);
    WB_ASSERT_CLOSE(o.v, v_want, 2, 1e-4, 0);
    float want[2] = {0.93661035f, -0.93661074f}; /* worked out in double, see hint2 */
    WB_ASSERT_CLOSE(p, want, 2, STEP_RTOL, 0);
    opt_free(&o);
    /* three different rates: each moment must decay with its own, and be corrected by its own */
    opt_init(&o, OPT_ADAM, 1, 0.1f);
    o.momentum = 0.5f, o.beta1 = 0.8f, o.beta2 = 0.95f;
    float q = 1.0f, h1 = 0.5f, h2 = -1.0f;
    opt_step(&o, &q, &h1);
    opt_step(&o, &q, &h2);
    /* 0.8f and 0.95f are 1e-8 off their decimals: under 1e-6 relative in the moments */
    WB_ASSERT_NEAR(o.m[0], -0.12f, 1e-6, 0);    /* 0.8 * 0.1 - 0.2 */
    WB_ASSERT_NEAR(o.v[0], 0.061875f, 1e-6, 0); /* 0.95 * 0.0125 + 0.05 */
    WB_ASSERT_NEAR(q, 0.9418431f, STEP_RTOL, 0); /* 0.9 + 0.1 (1/3) / sqrt(0.061875 / 0.0975) */
    opt_free(&o);
}

WB_TEST(adaptive_steps_with_a_zero_gradient, .points = 1, .edit = "optim.c",
        .hint = "A parameter whose gradient is exactly 0 (a unit that is never used, a dead ReLU) "
                "must not move under RMSProp, Adagrad or Adam: its state stays 0 and the step is "
                "0 / (0 + eps) = 0. eps is what keeps that quotient defined.",
        .hint2 = "p = {0.7, -0.3}, g = {0, 0.5} twice, lr 0.1, default settings: the first "
                 "parameter stays 0.7 exactly. The second goes to -0.616228, -0.845644 (RMSProp), "
                 "-0.4, -0.470711 (Adagrad), -0.4, -0.5 (Adam: a constant gradient steps by lr). "
                 "NaN for the first parameter means 0 / 0: for Adam, both corrected moments are 0 "
                 "there, and the denominator needs its + eps after the square root.") {
    /* worked out in double from the formulas of the notes (sqrt(0.025) = 0.158114, ...) */
    const float want[3][2] = {{-0.6162278f, -0.8456435f}, {-0.4f, -0.4707107f}, {-0.4f, -0.5f}};
    const opt_kind kinds[3] = {OPT_RMSPROP, OPT_ADAGRAD, OPT_ADAM};
    for (int k = 0; k < 3; k++) {
        optimizer o;
        opt_init(&o, kinds[k], 2, 0.1f);
        float p[2] = {0.7f, -0.3f}, g[2] = {0.0f, 0.5f};
        for (int s = 0; s < 2; s++) {
            opt_step(&o, p, g);
            ck_assert_msg(p[0] == 0.7f, "%s, step %d: the parameter with gradient 0 is %g, want "
                          "0.7 unchanged (0 / (0 + eps) = 0)", opt_kind_name[kinds[k]], s + 1,
                          (double)p[0]);
            /* a few float operations on numbers near 1: STEP_RTOL (2e-6 for Adam's float moments) */
            ck_assert_msg(fabsf(p[1] - want[k][s]) <= 2e-6f * fabsf(want[k][s]), "%s, step %d: "
                          "the parameter with gradient 0.5 is %g, want %g", opt_kind_name[kinds[k]],
                          s + 1, (double)p[1], (double)want[k][s]);
        }
        opt_free(&o);
    }
}

WB_TEST(adaptive_steps_read_o_eps, .points = 1, .edit = "optim.c",
        .hint = "eps is a setting of the optimiser like lr and beta2: opt_init puts 1e-8 in o->eps, "
                "and the step of RMSProp, Adagrad and Adam must use whatever o->eps holds, as a "
                "caller may change it (a larger eps damps the steps of small gradients).",
        .hint2 = "o->eps = 0.5, lr 0.1, p = {1, -1, 2}, g = {0.5, -2, 0}, one step. Adagrad and "
                 "Adam (sqrt(v) and sqrt(vhat) are |g| here): 1 - 0.1 * 0.5 / (0.5 + 0.5) = 0.95, "
                 "-1 + 0.1 * 2 / (2 + 0.5) = -0.92. RMSProp (sqrt(v) = sqrt(0.1) |g|): 0.924025, "
                 "-0.823393. The third parameter stays 2. Steps of 0.1 and 0.08 too big mean the "
                 "eps in the step is a number of its own, not o->eps.") {
    const opt_kind kinds[3] = {OPT_RMSPROP, OPT_ADAGRAD, OPT_ADAM};
    /* worked out in double: RMSProp 0.1 * 0.5 / (sqrt(0.025) + 0.5), 0.1 * 2 / (sqrt(0.4) + 0.5) */
    const float want[3][3] = {{0.9240253f, -0.8233926f, 2.0f}, {0.95f, -0.92f, 2.0f}, {0.95f, -0.92f, 2.0f}};
    for (int k = 0; k < 3; k++) {
        optimizer o;
        opt_init(&o, kinds[k], 3, 0.1f);
        o.eps = 0.5f;
        float p[3] = {1.0f, -1.0f, 2.0f}, g[3] = {0.5f, -2.0f, 0.0f};
        opt_step(&o, p, g);
        for (int i = 0; i < 3; i++)
            /* Adam's 1 - 0.999f is 1.3e-5 off 0.001 in v and in its correction, which cancel to
               ~1e-7; the rest are a few float operations: 1e-6 relative */
            ck_assert_msg(fabsf(p[i] - want[k][i]) <= 1e-6f * fabsf(want[k][i]), "%s with o->eps "
                          "= 0.5: parameter %d (g = %g) steps to %g, want %g", opt_kind_name[kinds[k]],
                          i, (double)g[i], (double)p[i], (double)want[k][i]);
        opt_free(&o);
    }
}

/* f(x) = 0.5 * sum a_i x_i^2, gradient a_i x_i, minimum 0 at x = 0 */
static float quadratic(const float *x, float *g, int n) {
    static const float a[4] = {1.0f, 10.0f, 0.1f, 3.0f};
    float f = 0.0f;
    for (int i = 0; i < n; i++) g[i] = a[i] * x[i], f += 0.5f * a[i] * x[i] * x[i];
    return f;
}

WB_TEST(every_optimiser_descends_a_quadratic, .points = 1, .edit = "optim.c",
        .hint = "Each optimiser must go downhill on a simple bowl: 200 steps on 0.5 * sum a_i x_i^2 should "
                "make it at least 10 times smaller. An optimiser that goes uphill has a sign wrong; one that "
                "does not move has its update missing.") {
    for (opt_kind k = OPT_SGD; k <= OPT_ADAM; k++) {
        /* learning rates each optimiser is stable with on curvatures up to 10 */
        const float lr[6] = {0.05f, 0.02f, 0.02f, 0.01f, 0.1f, 0.02f};
        optimizer o;
        opt_init(&o, k, 4, lr[k]);
        float x[4] = {1.0f, -1.0f, 2.0f, 0.5f}, g[4];
        float f0 = quadratic(x, g, 4), f = f0;
        for (int s = 0; s < 200; s++) {
            quadratic(x, g, 4);
            opt_step(&o, x, g);
        }
        f = quadratic(x, g, 4);
        ck_assert_msg(f < 0.1f * f0, "%s: f went from %g to %g in 200 steps (want below %g)", opt_kind_name[k],
                      (double)f0, (double)f, 0.1 * f0);
        opt_free(&o);
    }
}

WB_TEST(clip_grad_norm_scales_every_entry, .points = 2, .edit = "optim.c",
        .hint = "Clipping by the GLOBAL norm multiplies every entry by the same factor max_norm / norm, so the "
                "direction of the whole gradient is kept; it returns the norm measured before clipping.",
        .hint2 = "g = {3, -4, 0, 12} has norm 13; with max_norm 6.5 every entry is halved: {1.5, -2, 0, 6}. "
                 "Clamping each entry to [-6.5, 6.5] would give {3, -4, 0, 6.5}, a different direction. "
                 "{1.8, -2.4} (norm 3) under max_norm 5 is left alone: it is the norm, not the "
                 "sum of squares (9), that is compared with max_norm.") {
    float g[4] = {3.0f, -4.0f, 0.0f, 12.0f};
    float norm = clip_grad_norm(g, 4, 6.5f);
    WB_ASSERT_NEAR(norm, 13.0f, 1e-6, 0);
    float want[4] = {1.5f, -2.0f, 0.0f, 6.0f};
    WB_ASSERT_CLOSE(g, want, 4, 1e-6, 0);
    /* below the threshold nothing changes, and the norm is still returned */
    float h[3] = {0.3f, 0.0f, -0.4f};
    norm = clip_grad_norm(h, 3, 1.0f);
    WB_ASSERT_NEAR(norm, 0.5f, 1e-6, 0);
    float hwant[3] = {0.3f, 0.0f, -0.4f};
    WB_ASSERT_CLOSE(h, hwant, 3, 0, 0);
    /* a norm of 3 under max_norm 5 is below the threshold too, although its square, 9, is not */
    float u[2] = {1.8f, -2.4f};
    norm = clip_grad_norm(u, 2, 5.0f);
    WB_ASSERT_NEAR(norm, 3.0f, 1e-6, 0);
    WB_ASSERT_CLOSE(u, ((float[2]){1.8f, -2.4f}), 2, 0, 0);
    /* an all-zero gradient has norm 0: nothing to scale, and no 0/0 */
    float z[2] = {0.0f, 0.0f};
    WB_ASSERT_NEAR(clip_grad_norm(z, 2, 1.0f), 0.0f, 0, 0);
    WB_ASSERT_CLOSE(z, ((float[2]){0.0f, 0.0f}), 2, 0, 0);
}

WB_TEST(clip_grad_norm_of_a_huge_gradient, .points = 1, .edit = "optim.c",
        .hint = "Clipping exists for exploding gradients, so it must measure a huge one right: "
                "each square g_i^2 has to be formed in double, as the sum is, since a float "
                "overflows to infinity above 3.4e38, that is for any |g_i| above 1.8e19.",
        .hint2 = "g = {3e19, -4e19, 0}, max_norm 1: the norm is 5e19 and the clipped gradient "
                 "{0.6, -0.8, 0}. A norm of inf and a gradient of zeros mean the squares "
                 "overflowed: a float times a float is a float, even when it is added to a double; "
                 "convert one factor to double first.") {
    float g[3] = {3e19f, -4e19f, 0.0f};
    float norm = clip_grad_norm(g, 3, 1.0f);
    /* 3e19f and 4e19f are within 6e-8 of their decimals: the norm within 1e-6 relative */
    ck_assert_msg(isfinite(norm) && fabsf(norm - 5e19f) <= 1e-6f * 5e19f, "clip_grad_norm of "
                  "{3e19, -4e19, 0} returned the norm %g, want 5e19", (double)norm);
    WB_ASSERT_CLOSE(g, ((float[3]){0.6f, -0.8f, 0.0f}), 3, 1e-6, 0);
}

WB_TEST(warmup_cosine_schedule, .points = 2, .edit = "optim.c",
        .hint = "Steps count from 0. Warm-up climbs linearly and must already move at step 0 (lr_max / warmup) "
                "and reach lr_max at step warmup - 1; the cosine then starts at lr_max at step warmup and "
                "reaches lr_min at step total.",
        .hint2 = "warmup 4, total 12, lr_max 1, lr_min 0.1: steps 0..3 -> 0.25, 0.5, 0.75, 1; step 4 -> 1; step "
                 "6 -> 0.1 + 0.45 (1 + cos(pi/4)) = 0.868198; step 8 -> 0.55; step 12 and later -> 0.1. "
                 "Step 0 giving 0 is the off-by-one; step 8 giving less than 0.55 means the cosine's progress "
                 "was measured from step 0 instead of from the end of warm-up.") {
    int steps[8] = {0, 1, 3, 4, 6, 8, 12, 20};
    float want[8] = {0.25f, 0.5f, 1.0f, 1.0f, 0.8681981f, 0.55f, 0.1f, 0.1f};
    for (int i = 0; i < 8; i++) {
        float lr = lr_warmup_cosine(steps[i], 4, 12, 1.0f, 0.1f);
        ck_assert_msg(fabsf(lr - want[i]) <= 1e-6f, "lr_warmup_cosine(step %d, warmup 4, total 12, 1, 0.1) = %g, "
                      "want %g", steps[i], (double)lr, (double)want[i]);
    }
    /* no warm-up: plain cosine from step 0 */
    WB_ASSERT_NEAR(lr_warmup_cosine(0, 0, 10, 2.0f, 0.0f), 2.0f, 1e-6, 0);
    WB_ASSERT_NEAR(lr_warmup_cosine(5, 0, 10, 2.0f, 0.0f), 1.0f, 1e-6, 0);
}

WB_TEST(warmup_cosine_with_no_room_for_the_cosine, .points = 1, .edit = "optim.c",
        .hint = "The schedule has three pieces, and the last one, lr_min, starts at step total itself: "
                "when the warm-up takes the whole run (total == warmup) the cosine has no steps left, and "
                "its progress (step - warmup) / (total - warmup) must never be computed as 0 / 0.",
        .hint2 = "warmup 4, total 4, lr_max 1, lr_min 0.1: steps 0..3 climb 0.25, 0.5, 0.75, 1, then step 4 "
                 "and later give 0.1; warmup 0, total 0 is the constant lr_min from step 0. A NaN here "
                 "means step == total fell through to the cosine: test step >= total before it, as the "
                 "notes' 'lr_min at step total and after' says.") {
    /* expected values: the linear climb (s + 1) / W by hand, then lr_min exactly */
    int steps[6] = {0, 1, 2, 3, 4, 9};
    float want[6] = {0.25f, 0.5f, 0.75f, 1.0f, 0.1f, 0.1f};
    for (int i = 0; i < 6; i++) {
        float lr = lr_warmup_cosine(steps[i], 4, 4, 1.0f, 0.1f);
        ck_assert_msg(fabsf(lr - want[i]) <= 1e-6f, "lr_warmup_cosine(step %d, warmup 4, total 4, 1, 0.1) = %g, "
                      "want %g", steps[i], (double)lr, (double)want[i]);
    }
    float lr = lr_warmup_cosine(0, 0, 0, 2.0f, 0.5f);
    ck_assert_msg(lr == 0.5f, "lr_warmup_cosine(step 0, warmup 0, total 0, 2, 0.5) = %g, want lr_min 0.5", (double)lr);
}

WB_TEST(exponential_schedule, .points = 1, .edit = "optim.c",
        .hint = "Exponential decay multiplies the rate by gamma once per epoch, so epoch 0 uses lr0 itself.",
        .hint2 = "lr0 0.1, gamma 0.5: epochs 0, 1, 3 -> 0.1, 0.05, 0.0125.") {
    WB_ASSERT_NEAR(lr_exponential(0, 0.1f, 0.5f), 0.1f, 1e-6, 0);
    WB_ASSERT_NEAR(lr_exponential(1, 0.1f, 0.5f), 0.05f, 1e-6, 0);
    WB_ASSERT_NEAR(lr_exponential(3, 0.1f, 0.5f), 0.0125f, 1e-6, 0);
    WB_ASSERT_NEAR(lr_exponential(10, 1.0f, 0.9f), 0.34867844f, 1e-6, 0); /* 0.9^10 */
}
