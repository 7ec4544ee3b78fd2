/**
# Regularisation: L2 and L1 weight penalties

A network with enough parameters can memorise its training set: the training accuracy reaches 100%
while the test accuracy stalls or falls. Nielsen's example (the driver repeats it): 784-30-10
trained on only 1,000 MNIST images. One remedy is more data; another is to prefer, among the
weights that fit the training data, the *small* ones, by adding a penalty to the cost.

**L2 regularisation** (weight decay) adds
$$ C = C_0 + \frac{\lambda}{2} \sum_w w^2, \qquad
   \frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \lambda w $$
so each gradient step first shrinks every weight by the factor $1 - \eta\lambda$, then applies the
data's gradient. (Nielsen writes $\lambda/2n$ with $n$ the size of the training set, so that
$\lambda$ need not change with the minibatch: pass $\lambda/n$ here for his convention.)
**L1 regularisation** adds $\lambda \sum_w |w|$, with gradient $\lambda\, \mathrm{sign}(w)$ (0 at
$w = 0$): it shrinks each weight by a constant amount, driving many of them to exactly zero, where
L2 shrinks in proportion and leaves many small ones.

## Weights, not biases
The penalty goes on the **weights** only. A bias shifts a unit's input; a large bias does not make
the unit sensitive to small changes of its inputs the way large weights do, and penalising it only
stops units from sitting where the data need them (Nielsen, ch. 3: "it's not usually necessary to
regularize the bias terms"). The same goes for batch norm's scale and shift (gamma and beta). All of
them are vectors, and every weight is a matrix, so the rule here is: penalise the parameter tensors
with two dimensions.

Both functions work on any network that keeps its parameters in a `wb_params` buffer and its
gradients in a second with the same layout (week 05's `mlp`, this week's `deepnet`): tensor `i`
starts at `p->offsets[i]` in `p->data` and in `g->data`, and has `p->views[i]->size` elements and
`p->views[i]->ndim` dimensions. They are called after the backward pass, which overwrites the
gradients, and add to them.
*/
#include "week07.h"

#include <math.h>

float l2_penalty(const wb_params *p, wb_params *g, float lambda) {
    WB_CHECK(p->size == g->size && p->count == g->count, "params (%zu floats) and grads (%zu) differ", p->size,
             g->size);
    double sum = 0.0;
    // For each parameter tensor with ndim == 2: add lambda * w to its gradient entries and w^2 to
    // the sum; return (lambda/2) times the sum.
    // BEGIN SOLUTION: the steps just above
    for (int t = 0; t < p->count; t++) {
        if (p->views[t]->ndim != 2) continue;
        // MUTANT l2_on_biases_too: if (p->views[t]->ndim > 2) continue;
        // MUTANT l2_alternating_tensors: if (t % 2) continue;
        const float *w = p->data + p->offsets[t];
        float *dw = g->data + p->offsets[t];
        for (size_t i = 0; i < p->views[t]->size; i++) {
            dw[i] += lambda * w[i];
            // MUTANT l2_overwrites_grad: dw[i] = lambda * w[i];
            sum += (double)w[i] * w[i];
        }
    }
    return (float)(0.5 * lambda * sum);
    // MUTANT l2_no_half: return (float)(lambda * sum);
    // END SOLUTION
    // STUB: return (float)sum;
}

float l1_penalty(const wb_params *p, wb_params *g, float lambda) {
    WB_CHECK(p->size == g->size && p->count == g->count, "params (%zu floats) and grads (%zu) differ", p->size,
             g->size);
    double sum = 0.0;
    // For each parameter tensor with ndim == 2: add lambda * sign(w) (0 for w == 0) to its gradient
    // entries and |w| to the sum; return lambda times the sum.
    // BEGIN SOLUTION: the steps just above
    for (int t = 0; t < p->count; t++) {
        if (p->views[t]->ndim != 2) continue;
        // MUTANT l1_alternating_tensors: if (t % 2) continue;
        const float *w = p->data + p->offsets[t];
        float *dw = g->data + p->offsets[t];
        for (size_t i = 0; i < p->views[t]->size; i++) {
            dw[i] += lambda * (float)((w[i] > 0) - (w[i] < 0));
            // MUTANT l1_gradient_like_l2: dw[i] += lambda * w[i];
            sum += fabs((double)w[i]);
        }
    }
    return (float)(lambda * sum);
    // END SOLUTION
    // STUB: return (float)sum;
}
