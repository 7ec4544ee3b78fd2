/**
# The learning slowdown

Nielsen's chapter 3 opens with a single sigmoid neuron, one input $x = 1$, asked to output
$y = 0$. Start it at $w = b = 2$: its output $a = \sigma(wx + b) = \sigma(4) \approx 0.98$ is badly
wrong, and yet with the quadratic cost it hardly learns for the first hundred or so epochs. A
human learns fastest when badly wrong; this neuron learns slowest.

The reason is in the gradient. With $z = wx + b$ and the **quadratic cost**
$C = \tfrac12 (a - y)^2$,
$$ \frac{\partial C}{\partial z} = (a - y)\, \sigma'(z), \qquad \sigma'(z) = a (1 - a) $$
and at $a = 0.98$ the slope $\sigma'(z) \approx 0.018$: the error is large but the sigmoid is
*saturated*, flat, and the factor $\sigma'$ strangles the gradient. $\partial C/\partial w = x\,
\partial C/\partial z$ and $\partial C/\partial b = \partial C/\partial z$ inherit it.

The **cross-entropy cost**
$$ C = -[\,y \ln a + (1 - y) \ln (1 - a)\,] $$
is built so that the $\sigma'$ cancels: $\partial C/\partial a = (a - y) / (a(1-a))$, and so
$$ \frac{\partial C}{\partial z} = a - y $$
The gradient is proportional to the error itself: large when badly wrong. (It is the same
cancellation as softmax with the log-likelihood in week 05: $p - y$.)

## Computing it safely
Written with $a$, the cross-entropy needs $\ln a$ and $\ln(1-a)$, and a saturated neuron has
$a$ rounded to exactly 1 in float for $z > 17$: $\ln 0$. Written with $z$ it is finite everywhere:
$-\ln \sigma(z) = \ln(1 + e^{-z})$ and $-\ln(1 - \sigma(z)) = \ln(1 + e^{z})$, so
$$ C = \max(z, 0) - y z + \ln\!\left(1 + e^{-|z|}\right) $$
(check it for $z > 0$ and $z < 0$ separately), with `log1p` for the last term. That is why both
costs here take $z$, not $a$.

For a minibatch of $B$ examples with $C$ sigmoid outputs each, the costs are summed over the
outputs and averaged over the examples, and so are the gradients: each entry of `dz` carries the
factor $1/B$.
*/
#include "week07.h"

#include <math.h>

float quadratic_cost(const float *z, const float *y, int B, int C, float *dz) {
    WB_CHECK(B > 0 && C > 0, "B = %d, C = %d", B, C);
    double total = 0.0;
    // For every entry: a = sigmoid(z); add 0.5 (a - y)^2 to the total; dz = (a - y) times the
    // sigmoid's slope at z, divided by B.
    // BEGIN SOLUTION: the steps just above
    for (long i = 0; i < (long)B * C; i++) {
        float a = wb_sigmoid(z[i]);
        total += 0.5 * (double)(a - y[i]) * (a - y[i]);
        if (dz) dz[i] = (a - y[i]) * wb_sigmoid_grad(a) / (float)B;
        // MUTANT quadratic_dz_not_optional: dz[i] = (a - y[i]) * wb_sigmoid_grad(a) / (float)B;
        // MUTANT quadratic_no_slope: if (dz) dz[i] = (a - y[i]) / (float)B;
    }
    // END SOLUTION
    return (float)(total / B);
}

float sigmoid_xent_cost(const float *z, const float *y, int B, int C, float *dz) {
    WB_CHECK(B > 0 && C > 0, "B = %d, C = %d", B, C);
    double total = 0.0;
    // For every entry: the cross-entropy written with z, max(z,0) - y z + log1p(exp(-|z|)), finite
    // for any z; dz = (sigmoid(z) - y) / B.
    // BEGIN SOLUTION: the steps just above
    for (long i = 0; i < (long)B * C; i++) {
        float zi = z[i];
        total += (zi > 0 ? zi : 0.0f) - y[i] * zi + log1pf(expf(-fabsf(zi)));
        // MUTANT xent_with_log_a: total += -(y[i] * logf(wb_sigmoid(zi)) + (1 - y[i]) * logf(1 - wb_sigmoid(zi)));
        if (dz) dz[i] = (wb_sigmoid(zi) - y[i]) / (float)B;
        // MUTANT xent_dz_not_optional: dz[i] = (wb_sigmoid(zi) - y[i]) / (float)B;
        // MUTANT xent_keeps_slope: if (dz) dz[i] = (wb_sigmoid(zi) - y[i]) * wb_sigmoid_grad(wb_sigmoid(zi)) / (float)B;
    }
    // END SOLUTION
    return (float)(total / B);
}

float train_neuron(cost_kind kind, float *w, float *b, float x, float y, float lr, int epochs, float *costs) {
    WB_CHECK(kind == COST_QUADRATIC || kind == COST_CROSS_ENTROPY, "kind = %d is not a cost", (int)kind);
    WB_CHECK(epochs >= 0, "epochs = %d", epochs);
    // Each epoch: z = w x + b; the chosen cost and its dz (a batch of one example, one output);
    // record the cost; then a gradient step on w (dC/dw = dz x) and b (dC/db = dz).
    // BEGIN SOLUTION: the steps just above
    for (int e = 0; e < epochs; e++) {
        float z = *w * x + *b, dz;
        float cost = kind == COST_QUADRATIC ? quadratic_cost(&z, &y, 1, 1, &dz) : sigmoid_xent_cost(&z, &y, 1, 1, &dz);
        if (costs) costs[e] = cost;
        // MUTANT neuron_costs_not_optional: costs[e] = cost;
        *w -= lr * dz * x;
        // MUTANT neuron_w_grad_without_x: *w -= lr * dz;
        *b -= lr * dz;
    }
    // END SOLUTION
    return wb_sigmoid(*w * x + *b);
}
