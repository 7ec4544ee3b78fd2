/**
# Softmax and cross-entropy: why the gradient is p − y

A classifier's last layer produces $C$ real numbers $z$ (the *logits*). The softmax turns them into
a probability distribution,

$$ p_j = \frac{e^{z_j}}{\sum_k e^{z_k}}, $$

and the loss is the cross-entropy between the true distribution $y$ (one-hot: all its mass on the
label $t$) and $p$: $L = -\sum_j y_j \log p_j = -\log p_t$. (info.c says why cross-entropy is the
natural way to score a predicted distribution: it is the cost in nats of coding the truth with a
code built for your prediction.)

## The gradient, derived

Write $L = -z_t + \log \sum_k e^{z_k}$. Differentiating the second term gives the softmax back:

$$ \frac{\partial L}{\partial z_j} = -[j = t] + \frac{e^{z_j}}{\sum_k e^{z_k}} = p_j - y_j. $$

That is the whole derivation: no division by $p$, no softmax Jacobian to build. (Doing the two
steps separately, $\partial L/\partial p_t = -1/p_t$ times the Jacobian $\partial p_i/\partial z_j =
p_i([i=j] - p_j)$, gives the same thing after the $p_t$ cancels, but costs $C^2$ operations and
divides by a number that can underflow to 0.) The gradient is bounded, $|p_j - y_j| \le 1$, and it
is large exactly when the prediction is confidently wrong: the property that makes this pair train
so much faster than a sigmoid output with squared error, whose gradient carries a factor $\sigma'$
that vanishes when the unit saturates (DL book §6.2.2).

For a minibatch of $B$ examples the loss is the **mean** of the $B$ losses, so each row of the
gradient is $(p - y)/B$: the learning rate then means the same thing whatever the batch size.

## Computing it safely

$e^{z}$ overflows float for $z > 88$. Subtract $m = \max_k z_k$ first: $\log\sum_k e^{z_k} = m +
\log \sum_k e^{z_k - m}$, where every exponent is $\le 0$ and the sum is at least 1. The same
shift gives the probabilities, $p_j = e^{z_j - \text{lse}}$ with $\text{lse} = \log\sum_k e^{z_k}$,
so logits of $\pm 1000$ give a finite loss and a gradient of exact 0s and $\pm 1/B$.

For row $i$ with label $t_i$ (any class: labels are not row numbers), add its loss $\text{lse} -
z_{t_i}$ to the total, and, when `dlogits` is not NULL, *write* (not add) row $i$ of $(p - y)/B$.
*/
#include "week05.h"

#include <math.h>

float softmax_xent(const float *logits, const int *labels, int B, int C, float *dlogits) {
    double total = 0.0;
    for (int i = 0; i < B; i++) {
        const float *z = logits + (size_t)i * C;
        int t = labels[i];
        WB_CHECK(t >= 0 && t < C, "label %d of row %d is outside [0,%d)", t, i, C);
        // BEGIN SOLUTION: this row's loss lse - z_t into total, and its row of (p - y) / B (see above)
        // lse = m + log sum_k e^(z_k - m),  L_i = lse - z_t
        float m = z[0];
        // MUTANT max_starts_at_zero: float m = 0.0f;
        for (int k = 1; k < C; k++) m = z[k] > m ? z[k] : m;
        // MUTANT no_max_shift: m = 0.0f;
        double s = 0.0;
        for (int k = 0; k < C; k++) s += exp((double)z[k] - m);
        double lse = m + log(s);
        total += lse - z[t];
        // MUTANT label_is_row: total += lse - z[i % C];
        if (dlogits) {
            // dL/dz_j = (p_j - [j == t]) / B,  p_j = e^(z_j - lse)
            float *dz = dlogits + (size_t)i * C;
            for (int j = 0; j < C; j++) dz[j] = (float)((exp(z[j] - lse) - (j == t)) / B);
            // MUTANT y_minus_p: for (int j = 0; j < C; j++) dz[j] = (float)(((j == t) - exp(z[j] - lse)) / B);
            // MUTANT sum_not_mean: for (int j = 0; j < C; j++) dz[j] = (float)(exp(z[j] - lse) - (j == t));
            // MUTANT grad_accumulates: for (int j = 0; j < C; j++) dz[j] += (float)((exp(z[j] - lse) - (j == t)) / B);
            // MUTANT p_unshifted: for (int j = 0; j < C; j++) dz[j] = (float)((exp(z[j]) / exp(lse) - (j == t)) / B);
        }
        // END SOLUTION
        // STUB: (void)z;
    }
    return B > 0 ? (float)(total / B) : 0.0f;
}
