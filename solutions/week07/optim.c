/**
# Optimisers: from momentum to Adam

Week 06 trained with SGD and momentum. Here are the other optimisers everyone uses, written as one
small machine: an `optimizer` holds its settings and its *state* (one or two floats per parameter,
`m` and `v`, zero at the start), and `opt_step` moves every parameter once from its gradient $g$.
$\eta$ is the learning rate; $t$ counts the steps, **starting at 1 for the first step** (`opt_step`
increments `o->t` before anything else).

**SGD**: $\theta \leftarrow \theta - \eta g$.

**Momentum** (week 06, the same convention: the velocity lives in `m`):
$$ v \leftarrow \mu v - \eta g, \qquad \theta \leftarrow \theta + v $$

**Nesterov momentum** (Nesterov 1983; Sutskever et al. 2013) evaluates the gradient at the point
the velocity is about to carry us to, $\theta + \mu v$. Rewritten in terms of the look-ahead point
(Bengio et al. 2013) it needs only the gradient we have: update the velocity as above, then step by
$\mu$ times the *new* velocity plus a fresh gradient step:
$$ v \leftarrow \mu v - \eta g, \qquad \theta \leftarrow \theta + \mu v - \eta g $$
With a constant gradient it gets going faster than momentum; near a turn it brakes sooner.

**Adagrad** (Duchi et al. 2011; Karpathy's min-char-rnn) gives each parameter its own learning
rate, smaller the more that parameter has already moved: the state sums every squared gradient,
$$ v \leftarrow v + g^2, \qquad \theta \leftarrow \theta - \eta\, g / (\sqrt{v} + \epsilon) $$
The sum never forgets, so the effective rate only falls: good for rare features, and for short runs.

**RMSProp** (Hinton's lecture 6e, 2012) forgets: the state is an exponential moving average of the
squared gradient, with decay rate $\rho$ (here `beta2`, 0.9 by default),
$$ v \leftarrow \rho v + (1 - \rho) g^2, \qquad \theta \leftarrow \theta - \eta\, g / (\sqrt{v} + \epsilon) $$
so a step is about $\eta$ times the *sign* of a gradient that has kept its size lately.

**Adam** (Kingma & Ba 2015) is momentum and RMSProp together: moving averages of the gradient (the
first moment, `m`, rate $\beta_1 = 0.9$) and of its square (the second moment, `v`, $\beta_2 = 0.999$),
$$ m \leftarrow \beta_1 m + (1-\beta_1) g, \qquad v \leftarrow \beta_2 v + (1-\beta_2) g^2 $$
Both start at zero, so early on they are biased towards zero: after one step $m = 0.1\, g$ and
$v = 0.001\, g^2$. Dividing by the total weight the averages have given to real gradients so far,
$1 - \beta^t$, removes the bias (the paper's section 3):
$$ \hat m = m / (1 - \beta_1^t), \qquad \hat v = v / (1 - \beta_2^t), \qquad
   \theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon) $$
So the very first step is $\eta\, g / |g|$: exactly $\eta$ in the direction of the gradient's sign,
whatever the gradient's size. Without the correction the first step would be
$\eta \cdot 0.1 / \sqrt{0.001} \approx 3.2\,\eta$; with $t = 0$ in the formula, a division by zero.

# Clipping by global norm

A recurrent network (week 10) sometimes meets a cliff in its loss surface: one gradient thousands of
times the usual size, and one step throws the parameters far away. Clipping (Pascanu et al. 2013)
bounds the step: when the gradient's norm over **all** parameters together,
$\|g\| = \sqrt{\sum_i g_i^2}$, exceeds a threshold $c$, scale every entry by the same factor
$c / \|g\|$. The direction is kept; only the length shrinks. (Clipping each entry to $[-c, c]$
separately would change the direction.)

# Learning-rate schedules

Week 06's step decay drops the rate by a factor every few epochs. **Exponential decay** drops it a
little every epoch: $\eta_e = \eta_0 \gamma^e$. **Cosine decay with linear warm-up** (Goyal et al.
2017 for the warm-up, Loshchilov & Hutter 2017 for the cosine) is what transformers use (week 14):
for the first $W$ steps the rate climbs linearly, because Adam's early steps, with its moment
estimates still noisy, are the ones that can wreck a large network; then it follows half a cosine
from $\eta_{\max}$ down to $\eta_{\min}$ at step $T$:
$$ \eta_s = \eta_{\max} \frac{s + 1}{W} \quad (s < W), \qquad
   \eta_s = \eta_{\min} + \tfrac12 (\eta_{\max} - \eta_{\min}) \left(1 + \cos \frac{\pi (s - W)}{T - W}\right)
   \quad (W \le s \le T) $$
and $\eta_{\min}$ after $T$. Steps count from 0, so step 0 already moves ($\eta_{\max} / W$, not 0:
a step with rate 0 would be wasted) and step $W - 1$ reaches $\eta_{\max}$.
*/
#include "week07.h"

#include <math.h>
#include <stdlib.h>

const char *const opt_kind_name[] = {"sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam"};

void opt_init(optimizer *o, opt_kind kind, size_t n, float lr) {
    WB_CHECK(kind >= OPT_SGD && kind <= OPT_ADAM, "kind = %d is not an optimiser", (int)kind);
    WB_CHECK(lr >= 0.0f, "learning rate %g is negative", (double)lr);
    *o = (optimizer){.kind = kind, .lr = lr, .momentum = 0.9f, .beta1 = 0.9f,
                     .beta2 = kind == OPT_RMSPROP ? 0.9f : 0.999f, .eps = 1e-8f, .t = 0, .n = n};
    o->m = wb_calloc(n > 0 ? n : 1, sizeof *o->m);
    o->v = wb_calloc(n > 0 ? n : 1, sizeof *o->v);
}

void opt_free(optimizer *o) {
    free(o->m);
    free(o->v);
    *o = (optimizer){0};
}

/* theta <- theta - lr g */
static void sgd_update(const optimizer *o, float *p, const float *g) {
    // BEGIN SOLUTION: move every parameter by -lr times its gradient
    for (size_t i = 0; i < o->n; i++) p[i] -= o->lr * g[i];
    // MUTANT sgd_ascent: for (size_t i = 0; i < o->n; i++) p[i] += o->lr * g[i];
    // END SOLUTION
}

/* v <- mu v - lr g; theta <- theta + v, or with Nesterov theta <- theta + mu v - lr g (new v) */
static void momentum_update(const optimizer *o, float *p, const float *g, int nesterov) {
    float *v = o->m;
    // Update the velocity v (kept in o->m) as in week 06; then step by it, or, for Nesterov, by the
    // look-ahead step mu * (new velocity) - lr * g.
    // BEGIN SOLUTION: the steps just above
    for (size_t i = 0; i < o->n; i++) {
        v[i] = o->momentum * v[i] - o->lr * g[i];
        // MUTANT momentum_mu_is_beta1: v[i] = o->beta1 * v[i] - o->lr * g[i];
        if (nesterov)
            p[i] += o->momentum * v[i] - o->lr * g[i];
        // MUTANT nesterov_lookahead_beta1: p[i] += o->beta1 * v[i] - o->lr * g[i];
        // MUTANT nesterov_plain_momentum: p[i] += v[i];
        else
            p[i] += v[i];
    }
    // END SOLUTION
    // STUB: (void)v, (void)p, (void)g, (void)nesterov;
}

/* Adagrad: v <- v + g^2;  RMSProp: v <- rho v + (1 - rho) g^2;  then theta <- theta - lr g / (sqrt v + eps) */
static void adaptive_update(const optimizer *o, float *p, const float *g, int rmsprop) {
    float rho = o->beta2;
    // Accumulate the squared gradient in o->v (a plain sum for Adagrad, a moving average with rate
    // rho for RMSProp), then divide the gradient step by sqrt(v) + eps.
    // BEGIN SOLUTION: the steps just above
    for (size_t i = 0; i < o->n; i++) {
        if (rmsprop)
            o->v[i] = rho * o->v[i] + (1.0f - rho) * g[i] * g[i];
        // MUTANT rmsprop_rho_beta1: o->v[i] = o->beta1 * o->v[i] + (1.0f - o->beta1) * g[i] * g[i];
        // MUTANT rmsprop_rho_mu: o->v[i] = o->momentum * o->v[i] + (1 - o->momentum) * g[i] * g[i];
        else
            o->v[i] += g[i] * g[i];
        // MUTANT adagrad_forgets: o->v[i] = rho * o->v[i] + (1.0f - rho) * g[i] * g[i];
        p[i] -= o->lr * g[i] / (sqrtf(o->v[i]) + o->eps);
        // MUTANT adaptive_eps_literal: p[i] -= o->lr * g[i] / (sqrtf(o->v[i]) + 1e-8f);
        // MUTANT no_sqrt: p[i] -= o->lr * g[i] / (o->v[i] + o->eps);
        // MUTANT adaptive_eps_in_sqrt: p[i] -= o->lr * g[i] / sqrtf(o->v[i] + o->eps);
    }
    // END SOLUTION
    // STUB: (void)rho, (void)p, (void)g, (void)rmsprop;
}

/* m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; theta <- theta - lr mhat / (sqrt(vhat) + eps) */
static void adam_update(const optimizer *o, float *p, const float *g) {
    float b1 = o->beta1, b2 = o->beta2;
    // The bias corrections 1 - beta^t for this step's t (o->t, already incremented; pow in double),
    // then for every parameter: both moving averages, the corrected moments, the step.
    // BEGIN SOLUTION: the steps just above
    double c1 = 1.0 - pow(b1, (double)o->t), c2 = 1.0 - pow(b2, (double)o->t);
    // MUTANT adam_no_bias_correction: double c1 = 1.0, c2 = 1.0;
    // MUTANT adam_t_from_two: double c1 = 1.0 - pow(b1, (double)o->t + 1), c2 = 1.0 - pow(b2, (double)o->t + 1);
    /* once per step, in float: a double division per parameter would be 4x slower */
    const float inv_c1 = (float)(1.0 / c1), inv_c2 = (float)(1.0 / c2);
    for (size_t i = 0; i < o->n; i++) {
        o->m[i] = b1 * o->m[i] + (1.0f - b1) * g[i];
        // MUTANT adam_m_rate_momentum: o->m[i] = o->momentum * o->m[i] + (1 - o->momentum) * g[i];
        o->v[i] = b2 * o->v[i] + (1.0f - b2) * g[i] * g[i];
        // MUTANT adam_v_not_squared: o->v[i] = b2 * o->v[i] + (1.0f - b2) * fabsf(g[i]);
        float mhat = o->m[i] * inv_c1, vhat = o->v[i] * inv_c2;
        p[i] -= o->lr * mhat / (sqrtf(vhat) + o->eps);
        // MUTANT adam_no_eps: p[i] -= o->lr * mhat / sqrtf(vhat);
        // MUTANT adam_eps_literal: p[i] -= o->lr * mhat / (sqrtf(vhat) + 1e-8f);
    }
    // END SOLUTION
    // STUB: (void)b1, (void)b2, (void)p, (void)g;
}

void opt_step(optimizer *o, float *params, const float *grads) {
    WB_CHECK(o->m && o->v, "the optimiser has no state: call opt_init first");
    // BEGIN SOLUTION: count this step first (Adam's first step must see t = 1)
    o->t++;
    // MUTANT adam_t_from_zero: o->t += 0;
    // END SOLUTION
    switch (o->kind) {
    case OPT_SGD: sgd_update(o, params, grads); break;
    case OPT_MOMENTUM: momentum_update(o, params, grads, 0); break;
    case OPT_NESTEROV: momentum_update(o, params, grads, 1); break;
    case OPT_RMSPROP: adaptive_update(o, params, grads, 1); break;
    case OPT_ADAGRAD: adaptive_update(o, params, grads, 0); break;
    case OPT_ADAM: adam_update(o, params, grads); break;
    }
}

float clip_grad_norm(float *grads, size_t n, float max_norm) {
    WB_CHECK(max_norm > 0.0f, "max_norm must be positive, got %g", (double)max_norm);
    double sum = 0.0;
    // The global norm sqrt(sum of all g_i^2) (accumulate in double); if it exceeds max_norm,
    // multiply every entry by max_norm / norm.
    // BEGIN SOLUTION: the steps just above
    for (size_t i = 0; i < n; i++) sum += (double)grads[i] * grads[i];
    // MUTANT clip_squares_in_float: for (size_t i = 0; i < n; i++) sum += grads[i] * grads[i];
    double norm = sqrt(sum);
    if (norm > max_norm) {
    // MUTANT clip_compares_sum_of_squares: if (sum > max_norm) {
        float scale = (float)(max_norm / norm);
        for (size_t i = 0; i < n; i++) grads[i] *= scale;
        // MUTANT clip_each_entry: for (size_t i = 0; i < n; i++) grads[i] = fmaxf(-max_norm, fminf(max_norm, grads[i]));
    }
    return (float)norm;
    // MUTANT returns_norm_after: return (float)(norm > max_norm ? max_norm : norm);
    // END SOLUTION
    // STUB: (void)sum;
    // STUB: return 0.0f;
}

float lr_warmup_cosine(int step, int warmup, int total, float lr_max, float lr_min) {
    WB_CHECK(step >= 0 && warmup >= 0, "step %d, warmup %d", step, warmup);
    // During warm-up (step < warmup) a linear climb that reaches lr_max at step warmup-1; then half
    // a cosine from lr_max at step warmup to lr_min at step total; lr_min after total.
    // BEGIN SOLUTION: the steps just above
    if (step < warmup) return lr_max * (float)(step + 1) / (float)warmup;
    // MUTANT warmup_off_by_one: if (step < warmup) return lr_max * (float)step / (float)warmup;
    if (step >= total) return lr_min;
    // MUTANT cosine_nan_at_total: if (step > total) return lr_min;
    double progress = (double)(step - warmup) / (double)(total - warmup);
    // MUTANT cosine_ignores_warmup: double progress = (double)step / (double)total;
    return (float)(lr_min + 0.5 * (lr_max - lr_min) * (1.0 + cos(M_PI * progress)));
    // END SOLUTION
    // STUB: return 0.0f;
}

float lr_exponential(int epoch, float lr0, float gamma) {
    WB_CHECK(epoch >= 0, "epoch %d is negative", epoch);
    // BEGIN SOLUTION: lr0 times gamma to the power epoch
    return (float)(lr0 * pow(gamma, epoch));
    // END SOLUTION
    // STUB: return 0.0f;
}
