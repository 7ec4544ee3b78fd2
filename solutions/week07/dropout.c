/**
# Dropout

Dropout (Hinton et al. 2012; Srivastava et al. 2014) regularises by sabotage: during training each
hidden unit is switched off at random, with probability $p$, afresh for every example of every
minibatch. No unit can rely on any particular other unit being there, so none can learn a
fragile co-adaptation that only fits the training set; the network that results behaves like an
average of the $2^{\text{units}}$ thinned networks it trained.

At test time all units are on. A unit that was on only a fraction $1 - p$ of the time during
training would then receive inputs $1/(1-p)$ times larger than it learnt with, so something must be
rescaled. The original paper multiplied the weights by $1 - p$ at test time; **inverted dropout**,
what every framework does, scales the *kept* units up by $1/(1-p)$ during training instead, so
that the expected value of each output is unchanged,
$$ \mathbb{E}[y_i] = (1-p) \cdot \frac{x_i}{1-p} + p \cdot 0 = x_i, $$
and evaluation is the identity: nothing to remember, nothing to forget to undo.

## Forward and backward
Training: draw $m_i = 0$ with probability $p$, else $m_i = 1/(1-p)$; $y_i = m_i x_i$. The mask is
kept, because the backward pass of $y = m \odot x$ is
$$ \frac{\partial L}{\partial x_i} = m_i \frac{\partial L}{\partial y_i} $$
(dropped units pass no gradient, kept ones pass it scaled by the same factor).
Evaluation: $y = x$ and $\partial L/\partial x = \partial L/\partial y$.

## Reproducible masks
The random draws come from a seeded `wb_rng`, one `wb_rng_uniform` per unit in order, unit $i$
dropped when its draw is below $p$. The same seed gives the same mask, so a test can predict it and
a gradient check can run the forward pass twice with the same mask.
*/
#include "week07.h"

#include <string.h>

void dropout_forward(const float *x, float *y, float *mask, long n, float p, int train, wb_rng *rng) {
    WB_CHECK(p >= 0.0f && p < 1.0f, "dropout probability %g is not in [0,1)", (double)p);
    WB_CHECK(!train || rng, "training-mode dropout needs a random number generator");
    // Evaluation: copy x to y. Training: for each unit in order, one uniform draw; below p drops it
    // (mask 0), else the mask is 1/(1-p); y = mask * x.
    // BEGIN SOLUTION: the steps just above
    if (!train) {
        if (y != x) memmove(y, x, (size_t)n * sizeof *y); /* in place: nothing to do */
        return;
        // MUTANT dropout_at_eval: (void)0;
    }
    float keep_scale = 1.0f / (1.0f - p);
    for (long i = 0; i < n; i++) {
        mask[i] = wb_rng_uniform(rng) < p ? 0.0f : keep_scale;
        // MUTANT dropout_not_rescaled: mask[i] = wb_rng_uniform(rng) < p ? 0.0f : 1.0f;
        // MUTANT dropout_keeps_with_p: mask[i] = wb_rng_uniform(rng) < p ? keep_scale : 0.0f;
        // MUTANT skip_draw_for_zero: mask[i] = x[i] && wb_rng_uniform(rng) < p ? 0.0f : keep_scale;
        // MUTANT p0_skips_draws: mask[i] = p > 0 && wb_rng_uniform(rng) < p ? 0.0f : keep_scale;
        y[i] = mask[i] * x[i];
    }
    // END SOLUTION
    // STUB: (void)x, (void)y, (void)mask, (void)n, (void)rng;
}

void dropout_backward(const float *dy, const float *mask, float *dx, long n, int train) {
    // dx = dy times the mask after a training forward, dy itself after an evaluation one.
    // BEGIN SOLUTION: the steps just above
    if (!train) {
        if (dx != dy) memmove(dx, dy, (size_t)n * sizeof *dx);
        return;
    }
    for (long i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
    // MUTANT dropout_backward_ignores_mask: for (long i = 0; i < n; i++) dx[i] = dy[i];
    // END SOLUTION
    // STUB: (void)dy, (void)mask, (void)dx, (void)n, (void)train;
}
