/* test_cartpole.c — tests for cartpole.c. The expected steps are computed here from the equations
 * of motion written the other way round: as the 2x2 linear system Lagrange's equations give for a
 * uniform pole on a frictionless cart, solved by Cramer's rule, then one explicit Euler step. */
#include "testing.h"
#include "week15.h"

#include <math.h>

/* The cart-pole's equations of motion as a linear system in (xacc, thacc):
 *     M xacc + m l cos(th) thacc = F + m l thdot^2 sin(th)        (the cart, pole's reaction included)
 *     cos(th) xacc + (4/3) l thacc = g sin(th)                     (the pole about its hinge, over m l)
 * with M = cart + pole. One explicit Euler step of tau from (x, xd, th, thd). */
static void expected_step(const double s[4], double F, double out[4]) {
    const double m = CP_MASS_POLE, M = CP_MASS_CART + CP_MASS_POLE, l = CP_HALF_LENGTH, g = CP_GRAVITY;
    double c = cos(s[2]), sn = sin(s[2]);
    double a11 = M, a12 = m * l * c, b1 = F + m * l * s[3] * s[3] * sn;
    double a21 = c, a22 = 4.0 / 3.0 * l, b2 = g * sn;
    double det = a11 * a22 - a12 * a21;
    double xacc = (b1 * a22 - a12 * b2) / det, thacc = (a11 * b2 - a21 * b1) / det;
    out[0] = s[0] + 0.02 * s[1];
    out[1] = s[1] + 0.02 * xacc;
    out[2] = s[2] + 0.02 * s[3];
    out[3] = s[3] + 0.02 * thacc;
}

static void set_state(cartpole *env, double x, double xd, double th, double thd) {
    env->x = x, env->x_dot = xd, env->theta = th, env->theta_dot = thd;
    env->steps = 0, env->terminated = env->truncated = 0;
}

static void check_step(cartpole *env, const double s[4], int action) {
    double want[4];
    expected_step(s, action ? 10.0 : -10.0, want);
    set_state(env, s[0], s[1], s[2], s[3]);
    float obs[4] = {NAN, NAN, NAN, NAN};
    float r = cartpole_step(env, action, obs);
    double got[4] = {env->x, env->x_dot, env->theta, env->theta_dot};
    static const char *const names[4] = {"x", "x_dot", "theta", "theta_dot"};
    for (int i = 0; i < 4; i++) {
        /* the same arithmetic in double, arranged differently: rounding near 1e-16 relative */
        ck_assert_msg(fabs(got[i] - want[i]) <= 1e-12 + 1e-12 * fabs(want[i]),
                      "from (x, x_dot, theta, theta_dot) = (%g, %g, %g, %g), action %d: %s = %.12g, want %.12g",
                      s[0], s[1], s[2], s[3], action, names[i], got[i], want[i]);
        ck_assert_msg(obs[i] == (float)want[i] || fabsf(obs[i] - (float)want[i]) <= 1e-6f * (1 + fabsf(obs[i])),
                      "obs[%d] = %g after the step, want the new %s %g", i, (double)obs[i], names[i], want[i]);
    }
    ck_assert_msg(r == 1.0f, "the reward of a step is 1, got %g", (double)r);
    ck_assert_msg(env->steps == 1, "steps = %d after one step from 0", env->steps);
}

WB_TEST(reset_draws_the_start, .points = 2,
        .hint = "Each of x, x_dot, theta, theta_dot is uniform in [-0.05, 0.05), drawn from the "
                "environment's own generator (env->rng) in that order; steps and both flags go back to 0.",
        .hint2 = "The test replays the same random numbers: four uniform draws in [0, 1) per reset, each "
                 "mapped linearly onto [-0.05, 0.05), nothing else drawn. A value near 0.5 means the "
                 "mapping is missing; the same start every episode means the generator is not env->rng.") {
    cartpole env;
    cartpole_seed(&env, 7);
    wb_rng r;
    wb_rng_seed(&r, 7);
    for (int k = 0; k < 4; k++) (void)wb_rng_uniform(&r); /* cartpole_seed's own reset */
    env.steps = 123, env.terminated = env.truncated = 1;
    for (int rep = 0; rep < 3; rep++) {
        float obs[4] = {NAN, NAN, NAN, NAN};
        cartpole_reset(&env, obs);
        double got[4] = {env.x, env.x_dot, env.theta, env.theta_dot};
        for (int i = 0; i < 4; i++) {
            double want = -0.05 + 0.1 * wb_rng_uniform(&r);
            /* 0.05 (2u - 1) and -0.05 + 0.1 u differ by rounding only */
            ck_assert_msg(fabs(got[i] - want) < 1e-8, "reset %d: state[%d] = %.9g, want %.9g", rep, i, got[i], want);
            ck_assert_msg(fabsf(obs[i] - (float)want) < 1e-7f, "reset %d: obs[%d] = %g, want %g", rep, i,
                          (double)obs[i], want);
        }
        ck_assert_msg(env.steps == 0 && !env.terminated && !env.truncated,
                      "after reset: steps %d, terminated %d, truncated %d (want 0 0 0)", env.steps, env.terminated,
                      env.truncated);
        env.steps = 9, env.terminated = 1;
    }
}

WB_TEST(step_matches_the_equations, .points = 3,
        .hint = "Compute the accelerations from the OLD state (temp, then theta_acc, then x_acc), then "
                "update: x with the old x_dot, x_dot with x_acc, theta with the old theta_dot, "
                "theta_dot with theta_acc.",
        .hint2 = "The total mass M = 1.1 appears in temp, in the 4/3 - m cos^2 / M term and in x_acc; "
                 "m_p l = 0.05. Action 1 pushes with +10 N, action 0 with -10 N.",
        .hint3 = "If only theta comes out wrong, you used the NEW theta_dot to move theta (the semi-implicit "
                 "rule); CartPole-v1 is explicit Euler: every position moves with the velocity it had.") {
    cartpole env;
    cartpole_seed(&env, 1);
    const double s1[4] = {0.1, -0.2, 0.05, 0.3}, s2[4] = {-1.3, 0.7, -0.15, -1.1}, s3[4] = {0, 0, 0, 0};
    check_step(&env, s1, 1);
    check_step(&env, s1, 0);
    check_step(&env, s2, 1);
    check_step(&env, s2, 0);
    check_step(&env, s3, 1); /* upright and still: only the push moves anything */
}

WB_TEST(fails_off_the_track_or_past_12_degrees, .points = 2,
        .hint = "terminated = |x| > 2.4 or |theta| > 12 degrees, tested on the NEW state after the step; "
                "12 degrees is 12 * 2 pi / 360 = 0.2094 radians (CP_THETA_LIMIT).",
        .hint2 = "Both sides count: x < -2.4 and theta < -0.2094 fail too. Comparing theta with 12 "
                 "(degrees) lets the pole lie flat without ending the episode. The limits "
                 "themselves are still allowed: a cart at exactly |x| = 2.4, or a pole at "
                 "exactly 12 degrees, has not failed yet (strictly greater, as gym tests it).") {
    cartpole env;
    cartpole_seed(&env, 2);
    float obs[4];
    /* x: 2.39 + 0.02 * 1 = 2.41 leaves the track; 2.38 + 0.02 = 2.40 is still on it (not > 2.4:
       in double, 2.38 + 0.02 rounds to exactly the double 2.4). A pole at exactly 12 degrees with
       no angular velocity stays there for the step: still up (not > 12 degrees). */
    struct { double s[4]; int fail; } cases[] = {
        {{2.39, 1.0, 0.0, 0.0}, 1},      {{2.37, 1.0, 0.0, 0.0}, 0},       {{-2.39, -1.0, 0.0, 0.0}, 1},
        {{2.38, 1.0, 0.0, 0.0}, 0},      {{-2.38, -1.0, 0.0, 0.0}, 0},     /* |x| = 2.4 exactly */
        {{0.0, 0.0, 0.205, 0.5}, 1},     /* 0.205 + 0.01 = 0.215 > 0.2094 */
        {{0.0, 0.0, 0.19, 0.5}, 0},      /* 0.2 < 0.2094 */
        {{0.0, 0.0, -0.205, -0.5}, 1},   {{0.0, 0.0, 0.3, 0.0}, 1},       /* 17 degrees */
        {{0.0, 0.0, CP_THETA_LIMIT, 0.0}, 0},   /* exactly 12 degrees, on both sides */
        {{0.0, 0.0, -CP_THETA_LIMIT, 0.0}, 0},
        {{0.5, 0.0, -0.1, 0.0}, 0},
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const double *s = cases[k].s;
        set_state(&env, s[0], s[1], s[2], s[3]);
        float r = cartpole_step(&env, 1, obs);
        ck_assert_msg(env.terminated == cases[k].fail,
                      "from (x, x_dot, theta, theta_dot) = (%g, %g, %g, %g): terminated = %d, want %d "
                      "(new x %g, theta %g)", s[0], s[1], s[2], s[3], env.terminated, cases[k].fail, env.x, env.theta);
        ck_assert_msg(!env.truncated, "case %u: truncated set on step 1", k);
        ck_assert_msg(r == 1.0f, "case %u: the reward is 1 on every step, the failing one too; got %g", k, (double)r);
    }
}

WB_TEST(time_limit_truncates_at_500, .points = 1,
        .hint = "After the step, steps = steps + 1; truncated = (not terminated) and steps >= 500. A time "
                "limit is not a failure: terminated stays 0.") {
    cartpole env;
    cartpole_seed(&env, 3);
    float obs[4];
    set_state(&env, 0, 0, 0, 0);
    env.steps = 498;
    cartpole_step(&env, 1, obs);
    ck_assert_msg(env.steps == 499 && !env.truncated && !env.terminated,
                  "step 499: steps %d, truncated %d, terminated %d (want 499 0 0)", env.steps, env.truncated,
                  env.terminated);
    cartpole_step(&env, 0, obs);
    ck_assert_msg(env.steps == 500 && env.truncated && !env.terminated,
                  "step 500: steps %d, truncated %d, terminated %d (want 500 1 0)", env.steps, env.truncated,
                  env.terminated);
    /* failing on the last step is a failure, not a time limit */
    set_state(&env, 2.39, 1.0, 0, 0);
    env.steps = 499;
    cartpole_step(&env, 1, obs);
    ck_assert_msg(env.terminated && !env.truncated, "failing on step 500: terminated %d truncated %d (want 1 0)",
                  env.terminated, env.truncated);
}

/* One episode with actions from their own seeded coin; the observations' sum of squares, and the length. */
static double episode_signature(cartpole *env, uint64_t action_seed, int *len) {
    wb_rng coin;
    wb_rng_seed(&coin, action_seed);
    float obs[4];
    cartpole_reset(env, obs);
    double sig = 0;
    *len = 0;
    while (!env->terminated && !env->truncated && *len < CP_MAX_STEPS + 1) {
        cartpole_step(env, (int)wb_rng_below(&coin, 2), obs);
        for (int i = 0; i < 4; i++) sig += (double)obs[i] * obs[i] * (i + 1);
        ++*len;
    }
    return sig;
}

WB_TEST(same_seed_same_episodes, .points = 1,
        .hint = "The starting states must come only from env->rng (seeded by cartpole_seed): no rand(), no "
                "static state, and every reset draws exactly four numbers.") {
    cartpole a, b;
    cartpole_seed(&a, 11);
    cartpole_seed(&b, 11);
    int la, lb;
    for (int ep = 0; ep < 3; ep++) {
        double sa = episode_signature(&a, 100 + ep, &la), sb = episode_signature(&b, 100 + ep, &lb);
        ck_assert_msg(sa == sb && la == lb, "episode %d with seed 11 twice: lengths %d and %d", ep, la, lb);
        /* random actions keep the pole up for about 10-60 steps, never 500 */
        ck_assert_msg(la >= 8 && la < CP_MAX_STEPS, "episode %d lasted %d steps under random actions", ep, la);
    }
    cartpole c;
    cartpole_seed(&c, 12);
    cartpole_seed(&a, 11);
    double s11 = episode_signature(&a, 5, &la), s12 = episode_signature(&c, 5, &lb);
    ck_assert_msg(s11 != s12, "seeds 11 and 12 gave the same episode");
}
