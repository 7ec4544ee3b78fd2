/**
# Backpropagation in matrix form

Trask's loops handle one tiny network. Nielsen's chapter 2 states backpropagation for any layer,
in four equations. For layer $l$ with weights $W^l$ (out,in), biases $b^l$, weighted input
$z^l = W^l a^{l-1} + b^l$ and activation $a^l = \sigma(z^l)$, write $\delta^l = \partial C /
\partial z^l$ for the error at the layer. Then

$$ \text{(BP1)}\quad \delta^L = \nabla_a C \odot \sigma'(z^L) \qquad\qquad
   \text{(BP2)}\quad \delta^l = \big((W^{l+1})^\top \delta^{l+1}\big) \odot \sigma'(z^l) $$
$$ \text{(BP3)}\quad \frac{\partial C}{\partial b^l_j} = \delta^l_j \qquad\qquad
   \text{(BP4)}\quad \frac{\partial C}{\partial W^l_{jk}} = a^{l-1}_k \delta^l_j $$

Why they hold, in a sketch (Nielsen's section "Proof of the four fundamental equations" has it in
full). Everything is the chain rule through $z$. (BP1): the cost depends on $z^L_j$ only through
$a^L_j = \sigma(z^L_j)$, so $\delta^L_j = \frac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j)$.
(BP2): $z^l_k$ reaches the cost only through the next layer's inputs $z^{l+1}_j = \sum_k
W^{l+1}_{jk} \sigma(z^l_k) + b^{l+1}_j$, so $\delta^l_k = \sum_j \delta^{l+1}_j W^{l+1}_{jk}
\sigma'(z^l_k)$, which is BP2 one component at a time. (BP3) and (BP4): $z^l_j = \sum_k W^l_{jk}
a^{l-1}_k + b^l_j$ gives $\partial z^l_j / \partial b^l_j = 1$ and $\partial z^l_j / \partial
W^l_{jk} = a^{l-1}_k$; multiply each by $\delta^l_j = \partial C / \partial z^l_j$.

These are for **one** example $x$ and its cost $C_x$. Over a minibatch of $B$ examples, the cost is
the mean $C = \frac1B \sum_x C_x$, so the gradient of the weights is the mean of BP3 and BP4 over
the batch (Nielsen's update rule, $w \to w - \frac{\eta}{m} \sum_x \delta^{x,l} (a^{x,l-1})^\top$).

## One layer, a whole batch at once

A layer object sees only its own part of these equations. Its backward pass receives $\partial
C_x / \partial a$ for each example (from the cost, or from the layer above), and returns:

- $\delta = \frac{\partial C_x}{\partial a} \odot \sigma'(z)$: the $\odot\,\sigma'$ half of BP1/BP2,
  with $\sigma'(z) = a(1-a)$;
- $dW = \frac1B \delta^\top X$ and $db = \frac1B \sum_x \delta_x$: BP4 and BP3, averaged;
- $dX = \delta W$: the $(W)^\top \delta$ half of BP2, which the layer below multiplies by its own
  slope. (Rows are examples, so $W^\top \delta$ for one column becomes $\delta W$ for a batch.)

With the batch in the rows of $X$ (B,in), the forward pass is one matrix product, $Z = X W^\top + b$
(B,out). Shapes: `x (B,in), W (out,in), b (out), z and a (B,out)`.

Two bugs are so common they have tests of their own: forgetting the $\frac1B$ (the step then grows
with the batch size), and computing one bias gradient for the whole layer instead of one per unit.
*/
#include "week02.h"

#include "error.h"
#include "gemm.h"
#include "numerics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void dense_init(dense *l, int in, int out, wb_rng *rng) {
    WB_CHECK(in > 0 && out > 0, "a dense layer needs in > 0 and out > 0, got in = %d, out = %d", in, out);
    *l = (dense){.in = in, .out = out};
    l->W = wb_malloc((size_t)out * in * sizeof *l->W);
    l->b = wb_malloc((size_t)out * sizeof *l->b);
    l->dW = wb_calloc((size_t)out * in, sizeof *l->dW);
    l->db = wb_calloc((size_t)out, sizeof *l->db);
    wb_rng_fill_normal(rng, l->W, (long)out * in, 1.0f / sqrtf((float)in));
    wb_rng_fill_normal(rng, l->b, out, 1.0f);
}

void dense_free(dense *l) {
    free(l->W), free(l->b), free(l->dW), free(l->db);
    *l = (dense){0};
}

void dense_forward(const dense *l, const float *x, float *z, float *a, int B) {
    // BEGIN SOLUTION: z = x W^T + b, one matrix product (gemm.h) and b_j on column j; a = sigma(z)
    int in = l->in, out = l->out;
    // z (B,out) = x (B,in) . W^T (in,out) + b
    wb_sgemm(0, 1, B, out, in, 1.0f, x, in, l->W, in, 0.0f, z, out);
    // MUTANT fwd_W_as_in_out: wb_sgemm(0, 0, B, out, in, 1.0f, x, in, l->W, out, 0.0f, z, out);
    // MUTANT z_accumulates: wb_sgemm(0, 1, B, out, in, 1.0f, x, in, l->W, in, 1.0f, z, out);
    for (int r = 0; r < B; r++)
    // MUTANT forward_rows_one_too_many: for (int r = 0; r <= B; r++)
        for (int j = 0; j < out; j++) {
            z[r * out + j] += l->b[j];
            // MUTANT bias_by_row: z[r * out + j] += l->b[r % out];
            a[r * out + j] = wb_sigmoid(z[r * out + j]);
            // MUTANT a_before_bias: a[r * out + j] = wb_sigmoid(z[r * out + j] - l->b[j]);
        }
    // END SOLUTION
    // STUB: memset(z, 0, (size_t)B * l->out * sizeof *z);
    // STUB: memset(a, 0, (size_t)B * l->out * sizeof *a);
}

void dense_backward(dense *l, const float *x, const float *a, const float *da, float *dx, int B) {
    int in = l->in, out = l->out;
    float *delta = wb_malloc((size_t)B * out * sizeof *delta); /* (B,out) */
    // BEGIN SOLUTION: delta, then dW and db (BP4, BP3 as batch means), dx = delta W: the list above
    // (BP1/BP2) delta = dC/da (.) sigma'(z),  sigma'(z) = a (1 - a)
    for (long i = 0; i < (long)B * out; i++) delta[i] = da[i] * wb_sigmoid_grad(a[i]);
    // MUTANT delta_one_past_the_end: for (long i = 0; i <= (long)B * out; i++) delta[i] = da[i] * wb_sigmoid_grad(a[i]);
    // MUTANT no_slope: for (long i = 0; i < (long)B * out; i++) delta[i] = da[i];
    // (BP4) dW (out,in) = (1/B) delta^T (out,B) . x (B,in)
    wb_sgemm(1, 0, out, in, B, 1.0f / B, delta, out, x, in, 0.0f, l->dW, in);
    // MUTANT dW_from_da_no_slope: wb_sgemm(1, 0, out, in, B, 1.0f / B, da, out, x, in, 0.0f, l->dW, in);
    // MUTANT dW_lda_B: wb_sgemm(1, 0, out, in, B, 1.0f / B, delta, B, x, in, 0.0f, l->dW, in);
    // MUTANT dW_no_average: wb_sgemm(1, 0, out, in, B, 1.0f, delta, out, x, in, 0.0f, l->dW, in);
    // MUTANT dW_accumulates: wb_sgemm(1, 0, out, in, B, 1.0f / B, delta, out, x, in, 1.0f, l->dW, in);
    // MUTANT dW_transposed: wb_sgemm(1, 0, in, out, B, 1.0f / B, x, in, delta, out, 0.0f, l->dW, out);
    // (BP3) db_j = (1/B) sum_x delta_xj
    for (int j = 0; j < out; j++) {
    // MUTANT db_units_one_too_many: for (int j = 0; j <= out; j++) {
        float s = 0.0f;
        for (int r = 0; r < B; r++) s += delta[r * out + j];
        // MUTANT db_column_major: for (int r = 0; r < B; r++) s += delta[j * B + r];
        // MUTANT db_shared: for (int r = 0; r < B; r++) for (int jj = 0; jj < out; jj++) s += delta[r * out + jj];
        l->db[j] = s / B;
        // MUTANT db_mean_over_out: l->db[j] = s / out;
        // MUTANT db_no_average: l->db[j] = s;
        // MUTANT db_accumulates: l->db[j] += s / B;
    }
    // (BP2, the W^T delta half) dx (B,in) = delta (B,out) . W (out,in)
    if (dx) wb_sgemm(0, 0, B, in, out, 1.0f, delta, out, l->W, in, 0.0f, dx, in);
    // MUTANT dx_ldb_out: if (dx) wb_sgemm(0, 0, B, in, out, 1.0f, delta, out, l->W, out, 0.0f, dx, in);
    // MUTANT dx_written_when_null: wb_sgemm(0, 0, B, in, out, 1.0f, delta, out, l->W, in, 0.0f, dx, in);
    // MUTANT dx_transposed_W: if (dx) wb_sgemm(0, 1, B, in, out, 1.0f, delta, out, l->W, out, 0.0f, dx, in);
    // MUTANT dx_accumulates: if (dx) wb_sgemm(0, 0, B, in, out, 1.0f, delta, out, l->W, in, 1.0f, dx, in);
    // END SOLUTION
    // STUB: memset(l->dW, 0, (size_t)out * in * sizeof *l->dW);
    // STUB: memset(l->db, 0, (size_t)out * sizeof *l->db);
    // STUB: if (dx) memset(dx, 0, (size_t)B * in * sizeof *dx);
    free(delta);
}

/**
## The update

Gradient descent with learning rate $\eta$: $W \leftarrow W - \eta\, dW$, $b \leftarrow b - \eta\, db$.
Because $dW$ is already the batch mean, $\eta$ means the same thing for every batch size.
*/
void dense_update(dense *l, float eta) {
    // BEGIN SOLUTION: every weight and every bias moves by -eta times its own gradient
    for (long i = 0; i < (long)l->out * l->in; i++) l->W[i] -= eta * l->dW[i];
    // MUTANT update_weights_to_in_squared: for (long i = 0; i < (long)l->in * l->in; i++) l->W[i] -= eta * l->dW[i];
    // MUTANT update_ascends: for (long i = 0; i < (long)l->out * l->in; i++) l->W[i] += eta * l->dW[i];
    for (int j = 0; j < l->out; j++) l->b[j] -= eta * l->db[j];
    // MUTANT update_bias_no_eta: for (int j = 0; j < l->out; j++) l->b[j] -= l->db[j];
    // MUTANT update_bias_uses_dW: for (int j = 0; j < l->out; j++) l->b[j] -= eta * l->dW[j];
    // MUTANT update_biases_to_in: for (int j = 0; j < l->in; j++) l->b[j] -= eta * l->db[j];
    // MUTANT bias_not_updated: (void)0;
    // END SOLUTION
}
