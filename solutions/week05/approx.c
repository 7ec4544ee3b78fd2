/**
# Universal approximation, in one dimension

The universal approximation theorem (G. Cybenko, "Approximation by superpositions of a sigmoidal
function", *Mathematics of Control, Signals and Systems* 2, 303–314, 1989,
<https://doi.org/10.1007/BF02551274>; K. Hornik, "Approximation capabilities of multilayer
feedforward networks", *Neural Networks* 4, 251–257, 1991; DL book §6.4.1) says a network
with **one** hidden layer of enough sigmoid-like units can approximate any continuous function on a
bounded interval as closely as you like. Nielsen's chapter 4
(<http://neuralnetworksanddeeplearning.com/chap4.html>) makes it visual: a steep sigmoid is a
step; two opposite steps make a bump; enough bumps trace any curve.

The theorem promises that good weights *exist* for a wide enough layer. It does not say how many
units you need (possibly exponentially many in higher dimensions), nor that gradient descent will
find them, nor that the fit generalises between the training points. Here we look at all three on
a bumpy function: `make week05 run` fits 1 -> h -> 1 tanh networks for several hidden sizes h and
plots them over the target (build/week05/approx.png).

The loss is the mean squared error over the $n$ points,

$$ L = \frac1n \sum_i (\hat y_i - y_i)^2, \qquad \frac{\partial L}{\partial \hat y_i} = \frac{2}{n}(\hat y_i - y_i), $$

with $L = 0$ for $n = 0$ (no points, nothing to be wrong about: softmax_xent's empty batch costs
0 too). The training is plain full-batch gradient descent, $\theta \leftarrow \theta - \eta\,
\nabla_\theta L$: with every parameter of the network in one buffer (mlp.c), that step is a single
loop over `params.size` numbers. `fit_1d` repeats, `steps` times: forward all $n$ points, the
loss with its gradient, backward, and that step.
*/
#include "week05.h"

#include <stdlib.h>

float mse_loss(const float *pred, const float *target, int n, float *dpred) {
    // BEGIN SOLUTION: L = the mean of (pred - target)^2 (0 for n = 0), and its gradient 2 (pred - target) / n
    // L = (1/n) sum_i (pred_i - target_i)^2
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (double)(pred[i] - target[i]) * (pred[i] - target[i]);
    // dL/dpred_i = 2 (pred_i - target_i) / n
    if (dpred)
        for (int i = 0; i < n; i++) dpred[i] = 2.0f * (pred[i] - target[i]) / (float)n;
        // MUTANT grad_missing_two: for (int i = 0; i < n; i++) dpred[i] = (pred[i] - target[i]) / (float)n;
    return n > 0 ? (float)(s / n) : 0.0f;
    // MUTANT loss_is_sum: return (float)s;
    // MUTANT mse_empty_is_nan: return (float)(s / n);
    // END SOLUTION
    // STUB: return 0.0f;
}

float fit_1d(mlp *m, const float *x, const float *y, int n, int steps, float lr) {
    WB_CHECK(m->sizes[0] == 1 && m->sizes[m->nlayers] == 1, "fit_1d needs a network with 1 input and 1 output");
    float *dpred = wb_malloc((size_t)n * sizeof *dpred);
    // BEGIN SOLUTION: `steps` steps of full-batch gradient descent over the one parameter buffer
    for (int s = 0; s < steps; s++) {
        mlp_forward(m, x, n);
        // MUTANT forward_once: if (s == 0) mlp_forward(m, x, n);
        mse_loss(mlp_output(m), y, n, dpred);
        // MUTANT loss_gradient_once: if (s == 0) mse_loss(mlp_output(m), y, n, dpred);
        mlp_backward(m, x, dpred, n);
        // theta <- theta - lr dL/dtheta, over the one parameter buffer
        for (size_t i = 0; i < m->params.size; i++) m->params.data[i] -= lr * m->grads.data[i];
        // MUTANT gradient_ascent: for (size_t i = 0; i < m->params.size; i++) m->params.data[i] += lr * m->grads.data[i];
        // MUTANT first_layer_only: for (size_t i = 0; i < m->layer[0].W.size; i++) m->params.data[i] -= lr * m->grads.data[i];
    }
    // END SOLUTION
    mlp_forward(m, x, n);
    float loss = mse_loss(mlp_output(m), y, n, NULL);
    free(dpred);
    return loss;
}
