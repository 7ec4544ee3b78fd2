/**
# Returns: what a step was worth

An agent acts at steps $t = 0, 1, \dots, T-1$ and receives rewards $r_0, \dots, r_{T-1}$. The
**return** from step $t$ is what followed it (Sutton & Barto, section 3.3):

$$ G_t = r_t + \gamma r_{t+1} + \gamma^2 r_{t+2} + \dots + \gamma^{T-1-t} r_{T-1} $$

with the discount $\gamma \in [0, 1]$: a reward $k$ steps later counts $\gamma^k$ as much. Only
the *future* counts: an action cannot change the rewards that came before it. Written as a
recursion, from the end of the episode backwards,

$$ G_{T-1} = r_{T-1}, \qquad G_t = r_t + \gamma\, G_{t+1} $$

one pass over the rewards in reverse, $O(T)$ instead of the $O(T^2)$ of summing each $G_t$ anew.

For CartPole every reward is 1, so $G_t = (1 - \gamma^{T-t}) / (1 - \gamma)$: large early in a
long episode, small near its end. With $\gamma = 0.99$ the horizon is about $1/(1-\gamma) = 100$
steps: the steps just before the pole falls get a small return, whatever happened long before.

# A baseline, and a common scale

The policy gradient (reinforce.c) pushes up the log-probability of each action in proportion to its
return. All CartPole returns are positive, so every action taken would be made more likely, the
good ones only a little more than the bad. Subtracting a **baseline** $b$ changes nothing in
expectation (Sutton & Barto, section 13.4: $\mathbb{E}[\nabla \log \pi \cdot b] = 0$) but a lot in
variance: with $b$ the mean return of the batch, actions followed by more than the usual are made
more likely and the others less. Dividing by the standard deviation then gives every batch the same
scale of step, whether its returns are in the tens or the hundreds:

$$ A_i = \frac{G_i - \bar G}{\sigma_G + 10^{-8}}, \qquad
   \bar G = \frac{1}{n}\sum_i G_i, \quad \sigma_G = \sqrt{\frac{1}{n}\sum_i (G_i - \bar G)^2} $$

(the $10^{-8}$ keeps a batch whose returns are all equal from dividing by zero: its advantages are
then all 0, and it teaches nothing, which is right: no action did better than another).
*/
#include "week15.h"

#include <math.h>

void discounted_returns(const float *rewards, int T, float gamma, float *G) {
    WB_CHECK(T >= 0, "T = %d", T);
    // BEGIN SOLUTION: walk t from T-1 down to 0, carrying the return of the step after
    // G_t = r_t + gamma G_{t+1}, with G_T = 0: `future` carries the return of the step after t
    float future = 0.0f;
    for (int t = T - 1; t >= 0; t--) G[t] = future = rewards[t] + gamma * future;
    // MUTANT undiscounted: for (int t = T - 1; t >= 0; t--) G[t] = future = rewards[t] + future;
    // MUTANT wrong_direction: for (int t = 0; t < T; t++) G[t] = future = rewards[t] + gamma * future;
    // END SOLUTION
}

void normalize_advantages(const float *x, int n, float *adv) {
    WB_CHECK(n >= 1, "n = %d", n);
    // The mean and the population standard deviation (divide by n) of x, summed in double; adv
    // may be x itself (the Pong driver calls it in place), so write adv only after the last read.
    // BEGIN SOLUTION: the mean and std of x, then each advantage as in the equation above
    double mean = 0, var = 0;
    for (int i = 0; i < n; i++) mean += x[i];
    mean /= n;
    // MUTANT adv_not_inplace_safe: mean /= n; for (int i = 0; i < n; i++) adv[i] = x[i] - mean;
    for (int i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
    // MUTANT f32_var: for (int i = 0; i < n; i++) var = (float)var + x[i] * x[i] - mean * mean;
    double std = sqrt(var / n);
    for (int i = 0; i < n; i++) adv[i] = (float)((x[i] - mean) / (std + 1e-8));
    // MUTANT eps_inside_sqrt: for (int i = 0; i < n; i++) adv[i] = (float)((x[i] - mean) / sqrt(var / n + 1e-8));
    // MUTANT no_baseline: for (int i = 0; i < n; i++) adv[i] = (float)(x[i] / (std + 1e-8));
    // END SOLUTION
}
