/**
# The cart-pole

A pole is hinged to a cart that runs on a track. Each step the agent pushes the cart left or right
with a fixed force; the pole must stay up. This is the benchmark of Barto, Sutton & Anderson (1983),
in the exact form every deep-RL tutorial uses: gym's `CartPole-v1`. We write it in C so that an
agent calls it like any other function, and so that we can test it against the physics.

## The equations

With the pole's angle $\theta$ from the vertical (positive leaning right), the cart's position $x$,
the force $F = \pm 10$ N, the masses $m_c = 1$ kg (cart), $m_p = 0.1$ kg (pole), the total
$M = m_c + m_p$, the pole's half-length $\ell = 0.5$ m and $g = 9.8$ m/s², the accelerations are
(Barto et al.'s frictionless equations, derived in Florian 2007, as gym implements them):

$$ \text{temp} = \frac{F + m_p \ell\, \dot\theta^2 \sin\theta}{M}, \qquad
   \ddot\theta = \frac{g \sin\theta - \cos\theta \cdot \text{temp}}
                      {\ell \left(\frac{4}{3} - \frac{m_p \cos^2\theta}{M}\right)}, \qquad
   \ddot x = \text{temp} - \frac{m_p \ell\, \ddot\theta \cos\theta}{M} $$

## One step: explicit Euler

Time advances by $\tau = 0.02$ s with the *explicit* Euler rule, positions first with the OLD
velocities, then the velocities with the accelerations just computed from the old state:

$$ x \leftarrow x + \tau \dot x, \quad \dot x \leftarrow \dot x + \tau \ddot x, \quad
   \theta \leftarrow \theta + \tau \dot\theta, \quad \dot\theta \leftarrow \dot\theta + \tau \ddot\theta $$

(gym also has a "semi-implicit" option that updates the velocity first; `CartPole-v1` uses the
explicit one, and a test checks which you wrote.)

## Ending an episode

The reward is $+1$ for every step, the last one included: the return of an episode is the number
of steps the pole stayed up. The episode **terminates** when the new state has $|x| > 2.4$ (the
cart left the track) or $|\theta| > 12°$ (the pole fell). It is **truncated** when it reaches 500
steps without terminating: a time limit, not a failure. The difference matters for learning: after
a failure nothing more can be earned, but a truncated episode would have gone on (dqn.c uses
only `terminated` to stop bootstrapping).

Each episode starts with all four state variables uniform in $[-0.05, 0.05)$, drawn from the
environment's own seeded random numbers, so a seed fixes every episode exactly.
*/
#include "week15.h"

#include <math.h>

void cartpole_observe(const cartpole *env, float *obs) {
    obs[0] = (float)env->x, obs[1] = (float)env->x_dot, obs[2] = (float)env->theta, obs[3] = (float)env->theta_dot;
}

void cartpole_seed(cartpole *env, uint64_t seed) {
    *env = (cartpole){0};
    wb_rng_seed(&env->rng, seed);
    float obs[CP_OBS];
    cartpole_reset(env, obs);
}

/* uniform in [-CP_START, CP_START) */
static double start_value(wb_rng *r) { return CP_START * (2.0 * wb_rng_uniform(r) - 1.0); }

void cartpole_reset(cartpole *env, float *obs) {
    // x, x_dot, theta, theta_dot, in that order, each uniform in [-CP_START, CP_START)
    // (start_value); then no steps taken and neither flag set.
    // BEGIN SOLUTION: draw the four starting values, clear steps and the two flags
    env->x = start_value(&env->rng);
    env->x_dot = start_value(&env->rng);
    env->theta = start_value(&env->rng);
    env->theta_dot = start_value(&env->rng);
    env->steps = 0;
    env->terminated = env->truncated = 0;
    // END SOLUTION
    // STUB: (void)start_value;
    cartpole_observe(env, obs);
}

float cartpole_step(cartpole *env, int action, float *obs) {
    WB_CHECK(action == 0 || action == 1, "action must be 0 (left) or 1 (right), got %d", action);
    WB_CHECK(!env->terminated && !env->truncated, "the episode has ended: cartpole_reset before stepping again");
    const double M = CP_MASS_CART + CP_MASS_POLE, m = CP_MASS_POLE, l = CP_HALF_LENGTH; /* kg, kg, m */
    // The force (+CP_FORCE for action 1, -CP_FORCE for 0); temp, theta_acc and x_acc from the OLD
    // state (the equations above); one explicit Euler step; one more step counted; then the flags.
    // BEGIN SOLUTION: the accelerations, one explicit Euler step, the step count, the two flags
    double force = action == 1 ? CP_FORCE : -CP_FORCE;
    double c = cos(env->theta), s = sin(env->theta);
    // temp = (F + m l thdot^2 sin th) / M
    double temp = (force + m * l * env->theta_dot * env->theta_dot * s) / M;
    // thacc = (g sin th - cos th temp) / (l (4/3 - m cos^2 th / M))
    double theta_acc = (CP_GRAVITY * s - c * temp) / (l * (4.0 / 3.0 - m * c * c / M));
    // MUTANT pole_mass_for_cart: double theta_acc = (CP_GRAVITY * s - c * temp) / (l * (4.0 / 3.0 - m * c * c / CP_MASS_CART));
    // xacc = temp - m_p l thacc cos th / M
    double x_acc = temp - m * l * theta_acc * c / M;
    // explicit Euler: positions with the old velocities, then the velocities
    env->x += CP_TAU * env->x_dot;
    env->x_dot += CP_TAU * x_acc;
    env->theta += CP_TAU * env->theta_dot;
    // MUTANT semi_implicit: env->theta += CP_TAU * (env->theta_dot + CP_TAU * theta_acc);
    env->theta_dot += CP_TAU * theta_acc;
    env->steps++;
    // failed: strictly past a limit (a cart at exactly 2.4 m, a pole at exactly 12 degrees, is not)
    int off_track = fabs(env->x) > CP_X_LIMIT;
    // MUTANT x_limit_ge: int off_track = fabs(env->x) >= CP_X_LIMIT;
    int fallen = fabs(env->theta) > CP_THETA_LIMIT;
    // MUTANT angle_in_degrees: int fallen = fabs(env->theta) > 12.0;
    // MUTANT theta_limit_ge: int fallen = fabs(env->theta) >= CP_THETA_LIMIT;
    env->terminated = off_track || fallen;
    env->truncated = !env->terminated && env->steps >= CP_MAX_STEPS;
    // MUTANT no_time_limit: env->truncated = 0;
    // END SOLUTION
    // STUB: (void)M, (void)m, (void)l;
    cartpole_observe(env, obs);
    return 1.0f;
}
