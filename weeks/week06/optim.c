/**
# Stochastic gradient descent, with momentum

Plain SGD moves every parameter a small step downhill on the loss of one minibatch:
$\theta \leftarrow \theta - \eta\, g$, with $g = \partial L_{\text{batch}} / \partial \theta$ and the
learning rate $\eta$. A minibatch's gradient is a noisy estimate of the whole training set's, and
the loss surface of a network is a landscape of long narrow valleys: plain SGD zig-zags across a
valley's steep walls while creeping along its gentle floor.

**Momentum** (B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
*USSR Computational Mathematics and Mathematical Physics* 4(5), 1964; I. Sutskever, J. Martens,
G. Dahl and G. Hinton, "On the importance of initialization and momentum in deep learning", ICML
2013, <https://proceedings.mlr.press/v28/sutskever13.html>, for deep networks) gives the parameters a velocity
$v$, a running sum of past steps that decays by a factor $\mu$ (typically 0.9) each step:

$$ v \leftarrow \mu\, v - \eta\, g, \qquad \theta \leftarrow \theta + v $$

Along the valley floor the gradients agree from step to step and the velocity builds up to about
$\eta g / (1 - \mu)$, ten times a plain step for $\mu = 0.9$; across the valley they alternate in
sign and cancel. The velocity starts at zero, has one entry per parameter, and lives as long as the
training run (it is part of the optimiser's state, like Adam's moments in week 07).

(PyTorch writes the same update as $v \leftarrow \mu v + g$, $\theta \leftarrow \theta - \eta v$:
with a constant learning rate the two are identical, with $v_{\text{torch}} = -v / \eta$.)

# The learning-rate schedule

Early in training a large step makes fast progress; late, the same step keeps the parameters
bouncing around the bottom of the valley instead of settling in it. **Step decay** multiplies the
learning rate by a factor (say 0.5) every few epochs:

$$ \eta_{\text{epoch}} = \eta_0 \cdot \text{decay}^{\lfloor \text{epoch} / \text{every} \rfloor} $$

with epochs counted from 0, so the first `every` epochs use $\eta_0$ itself.
*/
#include "week06.h"
#include "notwritten.h"

#include <math.h>

void sgd_momentum_step(float *params, const float *grads, float *velocity, size_t n, float lr, float momentum) {
    // TODO: for every parameter, the velocity update and then the step, as above
    wb_not_written(__func__);
}

float lr_at_epoch(const lr_schedule *s, int epoch) {
    WB_CHECK(s->every > 0 && epoch >= 0, "every = %d, epoch = %d", s->every, epoch);
    // TODO: lr0 decay^floor(epoch / every): flat for `every` epochs, then one drop
    wb_not_written(__func__);
    return 0.0f;
}
