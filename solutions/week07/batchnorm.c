/**
# Batch normalization

Each layer of a deep network learns on inputs whose distribution keeps changing, because every
layer below it is learning too. Ioffe & Szegedy (2015) fix the first two moments: for every unit
(column $c$ of a minibatch $x$ of shape $(B, C)$), normalise its $B$ values to mean 0 and variance
1 over the minibatch, then let the network choose the scale and shift it wants with two learnt
parameters $\gamma_c$ and $\beta_c$:
$$ \mu_c = \frac1B \sum_i x_{ic}, \qquad \sigma^2_c = \frac1B \sum_i (x_{ic} - \mu_c)^2, \qquad
   \hat x_{ic} = \frac{x_{ic} - \mu_c}{\sqrt{\sigma^2_c + \epsilon}}, \qquad
   y_{ic} = \gamma_c \hat x_{ic} + \beta_c $$
The $\epsilon$ (1e-5) keeps a constant column from dividing by zero. A layer followed by batch norm
needs no bias of its own: $\beta$ does that job, and any bias would be subtracted away with the mean.

## Evaluation: running statistics
At test time there may be a single example, and its prediction must not depend on which others
share its batch. So during training we keep exponential moving averages of each column's mean and
variance (the variance with Bessel's $B/(B-1)$, an unbiased estimate, as PyTorch does),
$$ \text{running} \leftarrow (1 - m)\, \text{running} + m\, \text{batch}, \qquad m = 0.1 $$
and in evaluation normalise with them instead: $\hat x = (x - \text{running\_mean}) /
\sqrt{\text{running\_var} + \epsilon}$. Evaluation must not change them: evaluating on the test set
would otherwise leak its statistics into the model.

## Backward
$\partial L/\partial \beta_c = \sum_i \partial L/\partial y_{ic}$ and
$\partial L/\partial \gamma_c = \sum_i \hat x_{ic}\, \partial L/\partial y_{ic}$. For $x$, the
trap: $\mu_c$ and $\sigma_c$ depend on **every** $x_{ic}$ of the column, so the gradient has three
paths, not one. With $g_i = \gamma\, \partial L/\partial y_{ic}$ (one column, $s = 1/\sqrt{\sigma^2 + \epsilon}$),
$$ \frac{\partial L}{\partial x_{ic}} =
   \frac{s}{B} \Big( B\, g_i - \sum_j g_j - \hat x_{ic} \sum_j g_j\, \hat x_{jc} \Big) $$
The first term alone, $s\, g_i$, is what you get treating the mean and variance as constants;
the second removes the part of the gradient that would only shift the column's mean (which the
normalisation undoes anyway), the third the part that would only change its spread. A useful
check: the column sums of $\partial L/\partial x$ are zero.
*/
#include "week07.h"

#include <math.h>
#include <stdlib.h>

void bn_init(batchnorm *bn, int C, int max_batch) {
    WB_CHECK(C > 0 && max_batch > 0, "C = %d, max_batch = %d", C, max_batch);
    *bn = (batchnorm){.C = C, .max_batch = max_batch, .momentum = 0.1f, .eps = 1e-5f};
    bn->running_mean = wb_calloc((size_t)C, sizeof(float));
    bn->running_var = wb_calloc((size_t)C, sizeof(float));
    for (int c = 0; c < C; c++) bn->running_var[c] = 1.0f;
    bn->mean = wb_calloc((size_t)C, sizeof(float));
    bn->invstd = wb_calloc((size_t)C, sizeof(float));
    bn->xhat = wb_calloc((size_t)max_batch * C, sizeof(float));
}

void bn_free(batchnorm *bn) {
    free(bn->running_mean);
    free(bn->running_var);
    free(bn->mean);
    free(bn->invstd);
    free(bn->xhat);
    *bn = (batchnorm){0};
}

/* This column's mean and 1/sqrt(var + eps): from the batch (training, updating the running
   statistics) or from the running statistics (evaluation). x (B,C), column c. */
static void column_stats(batchnorm *bn, const float *x, int B, int c, int train) {
    int C = bn->C;
    // Training: the column's mean and biased variance over its B values (in double), invstd =
    // 1/sqrt(var + eps), and the running mean and variance (unbiased, var * B/(B-1)) moved by
    // momentum towards them; evaluation: mean and invstd from the running statistics, which stay as
    // they are.
    // BEGIN SOLUTION: the steps just above
    if (train) {
    // MUTANT bn_eval_uses_batch_when_big: if (train || B > 1) {
        double mean = 0.0, var = 0.0;
        for (int i = 0; i < B; i++) mean += x[(size_t)i * C + c];
        mean /= B;
        for (int i = 0; i < B; i++) var += (x[(size_t)i * C + c] - mean) * (x[(size_t)i * C + c] - mean);
        var /= B;
        bn->mean[c] = (float)mean;
        bn->invstd[c] = (float)(1.0 / sqrt(var + bn->eps));
        // MUTANT bn_eps_literal: bn->invstd[c] = (float)(1.0 / sqrt(var + 1e-5));
        float m = bn->momentum;
        bn->running_mean[c] = (1.0f - m) * bn->running_mean[c] + m * (float)mean;
        // MUTANT bn_momentum_literal: bn->running_mean[c] = 0.9f * bn->running_mean[c] + 0.1f * (float)mean;
        bn->running_var[c] = (1.0f - m) * bn->running_var[c] + m * (float)(var * B / (B - 1));
        // MUTANT running_var_biased: bn->running_var[c] = (1.0f - m) * bn->running_var[c] + m * (float)var;
    } else {
        bn->mean[c] = bn->running_mean[c];
        bn->invstd[c] = 1.0f / sqrtf(bn->running_var[c] + bn->eps);
        // MUTANT bn_eval_eps_literal: bn->invstd[c] = 1.0f / sqrtf(bn->running_var[c] + 1e-5f);
        // MUTANT running_updated_at_eval: bn->invstd[c] = 1.0f / sqrtf(bn->running_var[c] + bn->eps), bn->running_mean[c] *= 0.9f;
    }
    // END SOLUTION
    // STUB: (void)x, (void)B, (void)c, (void)train, (void)C;
}

void bn_forward(batchnorm *bn, const float *x, float *y, const float *gamma, const float *beta, int B, int train) {
    WB_CHECK(B >= 1 && B <= bn->max_batch, "batch of %d, batch norm has room for %d", B, bn->max_batch);
    WB_CHECK(!train || B >= 2, "a training batch of %d: batch statistics need at least 2 examples", B);
    int C = bn->C;
    for (int c = 0; c < C; c++) column_stats(bn, x, B, c, train);
    // x, y, xhat (B,C); mean, invstd, gamma, beta (C)
    // xhat = (x - mean) * invstd (kept in bn->xhat for the backward pass), y = gamma * xhat + beta.
    // BEGIN SOLUTION: the steps just above
    for (int i = 0; i < B; i++)
        for (int c = 0; c < C; c++) {
            size_t k = (size_t)i * C + c;
            bn->xhat[k] = (x[k] - bn->mean[c]) * bn->invstd[c];
            y[k] = gamma[c] * bn->xhat[k] + beta[c];
        }
    // END SOLUTION
    // STUB: (void)y, (void)gamma, (void)beta;
}

void bn_backward(const batchnorm *bn, const float *dy, const float *gamma, float *dx, float *dgamma, float *dbeta,
                 int B) {
    WB_CHECK(B >= 2 && B <= bn->max_batch, "batch of %d (2..%d)", B, bn->max_batch);
    int C = bn->C;
    for (int c = 0; c < C; c++) {
        // one column c: dy, dx, xhat (B rows, stride C)
        // dbeta = sum of dy, dgamma = sum of dy * xhat; with g_i = gamma dy_i: dx_i = invstd / B *
        // (B g_i - sum_j g_j - xhat_i sum_j g_j xhat_j).
        // BEGIN SOLUTION: the steps just above
        double sum_dy = 0.0, sum_dy_xhat = 0.0;
        for (int i = 0; i < B; i++) {
            size_t k = (size_t)i * C + c;
            sum_dy += dy[k];
            sum_dy_xhat += (double)dy[k] * bn->xhat[k];
        }
        dbeta[c] = (float)sum_dy;
        dgamma[c] = (float)sum_dy_xhat;
        // g = gamma dy: sum_j g_j = gamma sum_dy, sum_j g_j xhat_j = gamma sum_dy_xhat
        for (int i = 0; i < B; i++) {
            size_t k = (size_t)i * C + c;
            double g = (double)gamma[c] * dy[k];
            dx[k] = (float)(bn->invstd[c] / B * (B * g - gamma[c] * sum_dy - bn->xhat[k] * gamma[c] * sum_dy_xhat));
            // MUTANT bn_backward_no_mean_terms: dx[k] = (float)(bn->invstd[c] * g);
            // MUTANT bn_backward_no_variance_term: dx[k] = (float)(bn->invstd[c] / B * (B * g - gamma[c] * sum_dy));
        }
        // END SOLUTION
        // STUB: (void)dy, (void)gamma, (void)dx, (void)dgamma, (void)dbeta;
    }
}
