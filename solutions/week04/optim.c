/**
# Optimizers that adapt: RMSProp and Adam

Plain gradient descent takes the same step size $\eta$ for every parameter. A deep autoencoder has
weights whose gradients differ by orders of magnitude: a decoder bias sees every pixel's error, a
first-layer weight on a corner pixel that is always 0 sees almost nothing. One $\eta$ is then too
large for some and too small for others. The fix of the 2010s: keep a running average of each
parameter's squared gradient and divide by its square root, so every parameter moves at a similar
pace whatever the scale of its gradient.

## RMSProp (Hinton, Coursera lecture 6e, 2012)

Geoffrey Hinton with Nitish Srivastava and Kevin Swersky, "Neural Networks for Machine Learning",
lecture 6e, "rmsprop: Divide the gradient by a running average of its recent magnitude" (Coursera,
2012), slides at <https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf>.

$$ v \leftarrow \rho\, v + (1 - \rho)\, g^2, \qquad
   \theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{v} + \epsilon} $$

elementwise, with $\rho = 0.9$. ($\epsilon$ only guards against dividing by 0.) The TensorFlow
example this week rebuilds trains with RMSProp.

## Adam (Kingma & Ba, 2014)

Diederik P. Kingma and Jimmy Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
<https://arxiv.org/abs/1412.6980>.

Adam also smooths the gradient itself (momentum), and corrects both averages for starting at 0:

$$ m \leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1-\beta_2)\, g^2 $$
$$ \hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
   \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon} $$

where $t$ counts the steps taken, starting at 1. Why the correction: after the first step $m =
(1-\beta_1) g = 0.1 g$ and $v = 0.001 g^2$, averages biased towards their starting value 0; dividing
by $1 - \beta^t$ undoes exactly that, so the first step is $\eta\, g / |g| = \pm\eta$. Without it,
the first steps would be $0.1/\sqrt{0.001} \approx 3.2$ times too large. A useful way to read Adam:
every parameter moves by about $\eta$ per step, in the direction its recent gradients agree on.

`adam_step` does one step for every parameter: count it first ($t$ becomes 1 on the first call),
update both running averages (they are kept in `o->m` and `o->v` between calls), bias-correct
them, and move the parameter. `rmsprop_step` is the same without $m$ and without the correction.
*/
#include "week04.h"

#include <math.h>
#include <stdlib.h>

void adam_init(adam *o, long n, float lr) {
    *o = (adam){.n = n, .lr = lr, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f};
    o->m = wb_calloc((size_t)n, sizeof(float));
    o->v = wb_calloc((size_t)n, sizeof(float));
}

void adam_free(adam *o) {
    free(o->m);
    free(o->v);
    *o = (adam){0};
}

void adam_step(adam *o, float *params, const float *grads) {
    // BEGIN SOLUTION: count the step, update m and v, bias-correct them, move each parameter
    o->t++;
    // MUTANT t_not_counted: (void)0;
    // the corrections 1/(1 - beta^t), the same for every parameter
    float c1 = 1.0f / (1.0f - powf(o->beta1, (float)o->t));
    // MUTANT c1_default_beta1: float c1 = 1.0f / (1.0f - powf(0.9f, (float)o->t));
    float c2 = 1.0f / (1.0f - powf(o->beta2, (float)o->t));
    // MUTANT no_bias_correction: float c2 = 1.0f; c1 = 1.0f;
    for (long i = 0; i < o->n; i++) {
        float g = grads[i];
        // MUTANT adam_lazy_zero_grad: float g = grads[i]; if (g == 0.0f) continue;
        // m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2
        o->m[i] = o->beta1 * o->m[i] + (1.0f - o->beta1) * g;
        // MUTANT beta1_ignored: o->m[i] = 0.9f * o->m[i] + 0.1f * g;
        // MUTANT m_forgotten: o->m[i] = (1.0f - o->beta1) * g;
        o->v[i] = o->beta2 * o->v[i] + (1.0f - o->beta2) * g * g;
        // MUTANT beta2_ignored: o->v[i] = 0.999f * o->v[i] + 0.001f * g * g;
        // MUTANT v_of_gradient: o->v[i] = o->beta2 * o->v[i] + (1.0f - o->beta2) * fabsf(g);
        // theta -= lr mhat / (sqrt(vhat) + eps)
        params[i] -= o->lr * (o->m[i] * c1) / (sqrtf(o->v[i] * c2) + o->eps);
        // MUTANT adam_eps_ignored: params[i] -= o->lr * (o->m[i] * c1) / (sqrtf(o->v[i] * c2) + 1e-8f);
        // MUTANT raw_gradient_numerator: params[i] -= o->lr * g / (sqrtf(o->v[i] * c2) + o->eps);
        // MUTANT uphill: params[i] += o->lr * (o->m[i] * c1) / (sqrtf(o->v[i] * c2) + o->eps);
        // MUTANT eps_inside_sqrt: params[i] -= o->lr * o->m[i] * c1 / sqrtf(o->v[i] * c2 + o->eps);
    }
    // END SOLUTION
}

void rmsprop_init(rmsprop *o, long n, float lr) {
    *o = (rmsprop){.n = n, .lr = lr, .decay = 0.9f, .eps = 1e-8f};
    o->v = wb_calloc((size_t)n, sizeof(float));
}

void rmsprop_free(rmsprop *o) {
    free(o->v);
    *o = (rmsprop){0};
}

void rmsprop_step(rmsprop *o, float *params, const float *grads) {
    // BEGIN SOLUTION: update the running mean of g^2, then step by lr g over its root (plus eps)
    for (long i = 0; i < o->n; i++) {
        float g = grads[i];
        // MUTANT rms_lazy_zero_grad: float g = grads[i]; if (g == 0.0f) continue;
        // v = rho v + (1 - rho) g^2,  theta -= lr g / (sqrt(v) + eps)
        o->v[i] = o->decay * o->v[i] + (1.0f - o->decay) * g * g;
        // MUTANT decay_ignored: o->v[i] = 0.9f * o->v[i] + 0.1f * g * g;
        // MUTANT decay_swapped: o->v[i] = (1.0f - o->decay) * o->v[i] + o->decay * g * g;
        params[i] -= o->lr * g / (sqrtf(o->v[i]) + o->eps);
        // MUTANT rms_eps_ignored: params[i] -= o->lr * g / (sqrtf(o->v[i]) + 1e-8f);
        // MUTANT rmsprop_no_sqrt: params[i] -= o->lr * g / (o->v[i] + o->eps);
        // MUTANT rms_eps_inside_sqrt: params[i] -= o->lr * g / sqrtf(o->v[i] + o->eps);
    }
    // END SOLUTION
}
