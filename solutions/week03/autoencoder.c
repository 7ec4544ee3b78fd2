/**
# Week 03 — autoencoders

Readings: Ian Goodfellow, Yoshua Bengio and Aaron Courville, *Deep Learning* (MIT Press, 2016),
chapter 14, sections 14.1–14.5, free at <https://www.deeplearningbook.org/contents/autoencoders.html>.

An **autoencoder** is a network trained to copy its input to its output through a narrow middle:

$$ h = f(x) = \sigma_h(W_1 x + b_1) \quad (k \text{ numbers}), \qquad
   \hat x = g(h) = \sigma_y(W_2 h + b_2) \quad (d \text{ numbers}), \qquad k < d. $$

Copying is trivial when $k \ge d$; with $k < d$ the **code** $h$ must keep what matters about
$x$ and drop the rest. Nobody labels anything: the target is the input itself. Whether that makes
it "unsupervised" is this week's discussion question.

This file is one small autoencoder (one hidden layer, sigmoid or linear units) that serves three
experiments:

1. **The 8-3-8 encoder** (D. H. Ackley, G. E. Hinton and T. J. Sejnowski, "A learning algorithm
   for Boltzmann machines", *Cognitive Science* 9, 147–169, 1985; D. E. Rumelhart, G. E. Hinton
   and R. J. Williams, "Learning representations by back-propagating errors", *Nature* 323,
   533–536, 1986, <https://doi.org/10.1038/323533a0>):
   eight one-hot patterns through three sigmoid units. Three bits can name eight things, and the
   trained codes come close to a binary code (`make week03 run` prints the table).
2. **The linear autoencoder**: with linear units and squared error, the best $k$-dimensional
   code spans the same subspace as the top $k$ principal components (pca.c, and section 14.1).
3. **The denoising autoencoder** (section 14.5): corrupt the input, ask for the clean one back.
   Copying no longer works, so the network must learn how the parts of $x$ depend on each other.

Shapes, for a batch of $B$ examples in rows: `X (B,d), W1 (k,d), H (B,k), W2 (d,k), Y (B,d)`.
*/
#include "week03.h"

#include "error.h"
#include "gemm.h"
#include "numerics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sae_init(sae *ae, int d, int k, sae_act hidden, sae_act output, float init_std, wb_rng *rng) {
    WB_CHECK(d > 0 && k > 0, "an autoencoder needs d > 0 and k > 0, got d = %d, k = %d", d, k);
    *ae = (sae){.d = d, .k = k, .hidden = hidden, .output = output};
    ae->size = (long)k * d + k + (long)d * k + d;
    ae->params = wb_calloc((size_t)ae->size, sizeof *ae->params);
    ae->grads = wb_calloc((size_t)ae->size, sizeof *ae->grads);
    // the layout: W1 (k,d), b1 (k), W2 (d,k), b2 (d), the same in both buffers
    ae->W1 = ae->params, ae->b1 = ae->W1 + (long)k * d, ae->W2 = ae->b1 + k, ae->b2 = ae->W2 + (long)d * k;
    ae->dW1 = ae->grads, ae->db1 = ae->dW1 + (long)k * d, ae->dW2 = ae->db1 + k, ae->db2 = ae->dW2 + (long)d * k;
    wb_rng_fill_normal(rng, ae->W1, (long)k * d, init_std);
    wb_rng_fill_normal(rng, ae->W2, (long)d * k, init_std);
}

void sae_free(sae *ae) {
    free(ae->params);
    free(ae->grads);
    *ae = (sae){0};
}

/* The activation, in place on n values. */
static void activate(sae_act act, float *z, long n) {
    if (act == SAE_SIGMOID)
        for (long i = 0; i < n; i++) z[i] = wb_sigmoid(z[i]);
}

/**
## Forward

Each layer is a matrix product plus a bias, then the activation. With examples in rows,
$Z_1 = X W_1^\top + b_1$ is `wb_sgemm` with B transposed (see the example in gemm.h). The two
layers have their own activations (`ae->hidden` for $H$, `ae->output` for $Y$: a sigmoid code with
a linear output is allowed), and the outputs are written, never added to what `H` and `Y` held.
*/
void sae_forward(const sae *ae, const float *X, int B, float *H, float *Y) {
    int d = ae->d, k = ae->k;
    // BEGIN SOLUTION: H = act_h(X W1^T + b1), then Y = act_y(H W2^T + b2), each layer its own act
    // H (B,k) = X (B,d) . W1^T (d,k) + b1
    wb_sgemm(0, 1, B, k, d, 1.0f, X, d, ae->W1, d, 0.0f, H, k);
    // MUTANT encoder_not_transposed: wb_sgemm(0, 0, B, k, d, 1.0f, X, d, ae->W1, k, 0.0f, H, k);
    // MUTANT H_accumulates: wb_sgemm(0, 1, B, k, d, 1.0f, X, d, ae->W1, d, 1.0f, H, k);
    for (int b = 0; b < B; b++)
        for (int j = 0; j < k; j++) H[b * k + j] += ae->b1[j];
    activate(ae->hidden, H, (long)B * k);
    // MUTANT hidden_act_over_B_d: activate(ae->hidden, H, (long)B * d);
    // MUTANT hidden_uses_output_act: activate(ae->output, H, (long)B * k);
    // Y (B,d) = H (B,k) . W2^T (k,d) + b2
    wb_sgemm(0, 1, B, d, k, 1.0f, H, k, ae->W2, k, 0.0f, Y, d);
    for (int b = 0; b < B; b++)
        for (int c = 0; c < d; c++) Y[b * d + c] += ae->b2[c];
    // MUTANT no_output_bias: (void)0;
    activate(ae->output, Y, (long)B * d);
    // END SOLUTION
    // STUB: (void)activate;
    // STUB: memset(H, 0, (size_t)B * k * sizeof *H);
    // STUB: memset(Y, 0, (size_t)B * d * sizeof *Y);
}

/**
## The loss, and why its gradient is so simple

For a linear output we use half the squared error; for a sigmoid output (values in $(0,1)$, like
the 8-3-8 patterns and pixel intensities) the binary cross-entropy, summed over the $d$ outputs and
averaged over the batch:

$$ L_{\text{lin}} = \frac{1}{B} \sum_b \tfrac12 \lVert y_b - t_b \rVert^2, \qquad
   L_{\text{sig}} = -\frac{1}{B} \sum_b \sum_c \big[ t_{bc} \log y_{bc} + (1 - t_{bc}) \log(1 - y_{bc}) \big]. $$

Each loss is the natural partner of its output unit: in both cases the gradient with respect to the
output layer's pre-activation $z_2$ is the same, $\partial L / \partial z_2 = (y - t)/B$. (For the
sigmoid, $\partial L/\partial y = (y - t)/(y(1-y))$ and $\partial y / \partial z = y(1-y)$ cancel.) A
sigmoid trained on squared error instead keeps the factor $y(1-y)$, which is tiny when the unit is
confidently wrong, and learns slowly exactly when it is most wrong (Nielsen ch. 3).

`log(0)` is $-\infty$: outputs are clamped to $[10^{-7}, 1 - 10^{-7}]$ inside the log, which changes
nothing for outputs a trained network produces.
*/
float sae_loss(const sae *ae, const float *Y, const float *T, int B) {
    // BEGIN SOLUTION: the loss above for ae->output, summed over all B*d entries, divided by B (not B*d)
    long n = (long)B * ae->d;
    double sum = 0.0;
    if (ae->output == SAE_SIGMOID) {
        // L = -(1/B) sum [t log y + (1 - t) log(1 - y)]
        for (long i = 0; i < n; i++) {
            double y = fmin(fmax(Y[i], 1e-7), 1.0 - 1e-7);
            // MUTANT no_clamp: double y = Y[i];
            sum -= T[i] * log(y) + (1.0 - T[i]) * log(1.0 - y);
        }
    } else {
        // L = (1/B) sum 1/2 (y - t)^2
        for (long i = 0; i < n; i++) sum += 0.5 * ((double)Y[i] - T[i]) * ((double)Y[i] - T[i]);
        // MUTANT mse_no_half: for (long i = 0; i < n; i++) sum += ((double)Y[i] - T[i]) * ((double)Y[i] - T[i]);
    }
    return (float)(sum / B);
    // MUTANT loss_over_d: return (float)(sum / ae->d);
    // MUTANT loss_not_averaged: return (float)sum;
    // END SOLUTION
    // STUB: return 0.0f;
}

/**
## Backward

Nielsen's four equations for this two-layer network, with $\delta$ the gradient with respect to a
layer's pre-activation and rows as examples:

$$ \delta_2 = (Y - T) / B, \qquad \frac{\partial L}{\partial W_2} = \delta_2^\top H, \qquad
   \frac{\partial L}{\partial b_2} = \textstyle\sum_b \delta_{2,b}, $$
$$ \delta_1 = (\delta_2 W_2) \odot \sigma_h'(Z_1), \qquad \frac{\partial L}{\partial W_1} = \delta_1^\top X,
   \qquad \frac{\partial L}{\partial b_1} = \textstyle\sum_b \delta_{1,b}, $$

with $\sigma'(z) = h(1-h)$ for a sigmoid (written with its output $h$) and $1$ for a linear unit.
Check each shape: $\delta_2^\top H$ is $(d,B)(B,k) = (d,k)$, the shape of $W_2$.

In code, in this order: $\delta_2$; $\partial L/\partial W_2$ and $\partial L/\partial b_2$; $\delta_1$
(through $W_2$, then the *hidden* units' slope, which depends on `ae->hidden`, not `ae->output`);
$\partial L/\partial W_1$ and $\partial L/\partial b_1$. Every gradient is written afresh: a second
call must give the same numbers, not twice them.
*/
void sae_backward(sae *ae, const float *X, const float *H, const float *Y, const float *T, int B) {
    int d = ae->d, k = ae->k;
    float *d2 = wb_malloc((size_t)B * d * sizeof *d2); /* delta_2 (B,d) */
    float *d1 = wb_malloc((size_t)B * k * sizeof *d1); /* delta_1 (B,k) */
    // BEGIN SOLUTION: the equations above, in the order listed; every gradient overwritten
    // delta_2 = (Y - T) / B
    for (long i = 0; i < (long)B * d; i++) d2[i] = (Y[i] - T[i]) / B;
    // MUTANT no_batch_mean: for (long i = 0; i < (long)B * d; i++) d2[i] = Y[i] - T[i];
    // dW2 (d,k) = delta_2^T (d,B) . H (B,k)
    wb_sgemm(1, 0, d, k, B, 1.0f, d2, d, H, k, 0.0f, ae->dW2, k);
    // MUTANT dW2_accumulates: wb_sgemm(1, 0, d, k, B, 1.0f, d2, d, H, k, 1.0f, ae->dW2, k);
    // db2 = sum over the batch of delta_2
    memset(ae->db2, 0, (size_t)d * sizeof *ae->db2);
    // MUTANT db2_accumulates: (void)0;
    for (int b = 0; b < B; b++)
        for (int c = 0; c < d; c++) ae->db2[c] += d2[b * d + c];
    // delta_1 (B,k) = delta_2 (B,d) . W2 (d,k), times sigma_h'
    wb_sgemm(0, 0, B, k, d, 1.0f, d2, d, ae->W2, k, 0.0f, d1, k);
    if (ae->hidden == SAE_SIGMOID)
    // MUTANT slope_of_output_act: if (ae->output == SAE_SIGMOID)
        for (long i = 0; i < (long)B * k; i++) d1[i] *= wb_sigmoid_grad(H[i]);
        // MUTANT hidden_slope_over_B_d: for (long i = 0; i < (long)B * d; i++) d1[i] *= wb_sigmoid_grad(H[i]);
    // MUTANT no_hidden_slope: (void)0;
    // dW1 (k,d) = delta_1^T (k,B) . X (B,d)
    wb_sgemm(1, 0, k, d, B, 1.0f, d1, k, X, d, 0.0f, ae->dW1, d);
    // db1 = sum over the batch of delta_1
    memset(ae->db1, 0, (size_t)k * sizeof *ae->db1);
    for (int b = 0; b < B; b++)
        for (int j = 0; j < k; j++) ae->db1[j] += d1[b * k + j];
    // MUTANT db1_from_output: for (int j = 0; j < k; j++) ae->db1[j] += d2[b * d + j];
    // END SOLUTION
    // STUB: memset(ae->grads, 0, (size_t)ae->size * sizeof *ae->grads);
    free(d1);
    free(d2);
}

/**
## Training

One step of gradient descent moves every parameter against its gradient,
$\theta \leftarrow \theta - \eta\, \partial L / \partial \theta$. The parameters sit in one buffer,
so this is one loop.
*/
float sae_train_step(sae *ae, const float *X, const float *T, int B, float lr) {
    float *H = wb_malloc((size_t)B * ae->k * sizeof *H);
    float *Y = wb_malloc((size_t)B * ae->d * sizeof *Y);
    float loss = 0.0f;
    // BEGIN SOLUTION: forward, loss, backward, then every one of the ae->size parameters steps by -lr grad
    sae_forward(ae, X, B, H, Y);
    loss = sae_loss(ae, Y, T, B);
    // MUTANT loss_vs_input: loss = sae_loss(ae, Y, X, B);
    sae_backward(ae, X, H, Y, T, B);
    // MUTANT backward_vs_input: sae_backward(ae, X, H, Y, X, B);
    // theta <- theta - lr dL/dtheta
    for (long i = 0; i < ae->size; i++) ae->params[i] -= lr * ae->grads[i];
    // MUTANT lr_ignored: for (long i = 0; i < ae->size; i++) ae->params[i] -= 0.1f * ae->grads[i];
    // MUTANT ascent: for (long i = 0; i < ae->size; i++) ae->params[i] += lr * ae->grads[i];
    // END SOLUTION
    free(Y);
    free(H);
    return loss;
}

/**
## Masking noise

The denoising autoencoder of section 14.5 trains on pairs (corrupted $\tilde x$, clean $x$). The
simplest corruption, *masking noise*, sets each input to 0 with probability $p$ and leaves it
alone otherwise. (Draw one uniform number per element with `wb_rng_uniform`: it is below $p$ with
probability $p$, and then the element is masked.)
*/
void sae_mask_noise(const float *X, float *Xn, long n, float p, wb_rng *rng) {
    // BEGIN SOLUTION: each element masked to 0 with probability p (one uniform draw each), else copied
    for (long i = 0; i < n; i++) Xn[i] = wb_rng_uniform(rng) < p ? 0.0f : X[i];
    // MUTANT p_ignored: for (long i = 0; i < n; i++) Xn[i] = wb_rng_uniform(rng) < 0.25f ? 0.0f : X[i];
    // MUTANT keeps_p: for (long i = 0; i < n; i++) Xn[i] = wb_rng_uniform(rng) < p ? X[i] : 0.0f;
    // END SOLUTION
    // STUB: memmove(Xn, X, (size_t)n * sizeof *Xn);
}

/* One epoch: shuffle, then one train step per batch (given: it only calls your functions). */
float sae_train_epoch(sae *ae, const float *X, int n, int batch, float lr, float noise, wb_rng *rng) {
    int d = ae->d;
    int *order = wb_malloc((size_t)n * sizeof *order);
    float *xb = wb_malloc((size_t)batch * d * sizeof *xb), *tb = wb_malloc((size_t)batch * d * sizeof *tb);
    for (int i = 0; i < n; i++) order[i] = i;
    wb_rng_shuffle(rng, order, n);
    double total = 0.0;
    for (int i0 = 0; i0 < n; i0 += batch) {
        int B = n - i0 < batch ? n - i0 : batch;
        for (int b = 0; b < B; b++) memcpy(tb + (size_t)b * d, X + (size_t)order[i0 + b] * d, (size_t)d * sizeof *tb);
        if (noise > 0) sae_mask_noise(tb, xb, (long)B * d, noise, rng);
        else memcpy(xb, tb, (size_t)B * d * sizeof *xb);
        total += (double)sae_train_step(ae, xb, tb, B, lr) * B;
    }
    free(tb);
    free(xb);
    free(order);
    return (float)(total / n);
}
