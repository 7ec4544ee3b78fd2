/**
# A multilayer perceptron, done properly

Last week's autoencoder was a fixed stack of layers. Here is the general machine of *Deep
Learning* chapter 6 (<https://www.deeplearningbook.org/contents/mlp.html>): any number of dense layers, each with its own activation, run forward and
backward over a whole minibatch at once. Week 06 trains this very code on MNIST.

## Forward

Layer $l$ takes the previous layer's output $a^{l-1}$ (the input $x$ for the first layer), a
matrix with one example per row, and computes

$$ z^l = a^{l-1} W_l^\top + b_l, \qquad a^l = f_l(z^l) $$

with $W_l$ of shape (out, in), so that row $j$ of $W_l$ holds the weights of unit $j$. For a
minibatch of $B$ examples that is one matrix product, (B,in) times (in,out): `wb_sgemm` with the
second operand transposed. The activations $f$ are ReLU, tanh, the logistic sigmoid, or none (the
output layer of a classifier produces raw *logits*; the softmax lives in the loss, see
softmax_xent.c).

## Backward

Given $\delta^{a} = \partial L/\partial a^l$ (for the last layer, the `dout` the loss hands us),
backpropagation walks the layers in reverse:

$$ \delta^z = \delta^{a} \odot f'(z^l), \qquad
   \frac{\partial L}{\partial W_l} = (\delta^z)^\top a^{l-1}, \qquad
   \frac{\partial L}{\partial b_l} = \textstyle\sum_{\text{rows}} \delta^z, \qquad
   \frac{\partial L}{\partial a^{l-1}} = \delta^z W_l $$

Each is a matrix product with the shapes fixing which operand is transposed: (out,B)·(B,in) is
(out,in), the shape of $W_l$; (B,out)·(out,in) is (B,in), the shape of $a^{l-1}$. When a product
comes out in the wrong shape, you have the wrong transpose.

The derivatives need no $z$: all four activations have a derivative that is a function of their
output $a = f(z)$: $1$ for none, $[a > 0]$ for ReLU, $1 - a^2$ for tanh, $a(1-a)$ for the sigmoid.
So the forward pass keeps only the outputs.

In `mlp_backward`, for layer $l$ from the last to the first: turn `delta` ($\delta^a$) into
$\delta^z$ with `activation_backward`; write $\partial L/\partial W_l$ and $\partial L/\partial
b_l$ (written afresh, never added to the last call's); then, except for the first layer,
$\partial L/\partial a^{l-1}$ into `delta_prev`, which the loop hands to the layer below.

## One buffer for all parameters

Every $W_l$ and $b_l$ is a view into one array, `params.data`, laid out W0, b0, W1, b1, ...; the
gradients live in a second array with the same layout. An optimizer step, a save, a load or a
gradient norm is then a single loop over `params.size` floats, whatever the architecture.
*/
#include "week05.h"

#include <math.h>
#include <stdlib.h>

const char *const activation_name[] = {"none", "relu", "tanh", "sigmoid", "leaky relu"};

static const char *const weight_names[MLP_MAX_LAYERS] = {"W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7",
                                                         "W8", "W9", "W10", "W11", "W12", "W13", "W14", "W15"};
static const char *const bias_names[MLP_MAX_LAYERS] = {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7",
                                                       "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15"};

void mlp_init(mlp *m, int nlayers, const int *sizes, const activation *acts, int max_batch, wb_rng *rng) {
    WB_CHECK(nlayers >= 1 && nlayers <= MLP_MAX_LAYERS, "nlayers must be in 1..%d, got %d", MLP_MAX_LAYERS, nlayers);
    WB_CHECK(max_batch > 0, "max_batch must be positive, got %d", max_batch);
    *m = (mlp){.nlayers = nlayers, .max_batch = max_batch};
    int widest = 0;
    wb_tensor *grad_views[2 * MLP_MAX_LAYERS];
    for (int l = 0; l <= nlayers; l++) {
        WB_CHECK(sizes[l] > 0, "sizes[%d] must be positive, got %d", l, sizes[l]);
        m->sizes[l] = sizes[l];
        if (sizes[l] > widest) widest = sizes[l];
    }
    for (int l = 0; l < nlayers; l++) {
        WB_CHECK(acts[l] >= ACT_NONE && acts[l] <= ACT_LEAKY, "acts[%d] = %d is not an activation", l, (int)acts[l]);
        m->acts[l] = acts[l];
        dense *d = &m->layer[l];
        d->in = sizes[l], d->out = sizes[l + 1], d->act = acts[l];
        m->grad[l].in = d->in, m->grad[l].out = d->out, m->grad[l].act = d->act;
        wb_params_add(&m->params, &d->W, weight_names[l], 2, (const int[]){d->out, d->in});
        wb_params_add(&m->params, &d->b, bias_names[l], 1, (const int[]){d->out});
        grad_views[2 * l] = &m->grad[l].W;
        grad_views[2 * l + 1] = &m->grad[l].b;
    }
    wb_params_alloc(&m->params);
    wb_params_alloc_like(&m->grads, &m->params, grad_views);
    for (int l = 0; l < nlayers; l++) {
        dense *d = &m->layer[l];
        // W ~ N(0, std^2): He for ReLU (half the units are off; leaky ReLU's 0.2 slope barely changes
        // that), Xavier/Glorot otherwise; b = 0
        float std = init_std(d->act == ACT_RELU || d->act == ACT_LEAKY ? INIT_HE : INIT_XAVIER, d->in, d->out);
        wb_rng_fill_normal(rng, d->W.data, (long)d->W.size, std);
        m->act_out[l] = wb_calloc((size_t)max_batch * d->out, sizeof(float));
    }
    m->delta[0] = wb_calloc((size_t)max_batch * widest, sizeof(float));
    m->delta[1] = wb_calloc((size_t)max_batch * widest, sizeof(float));
}

void mlp_free(mlp *m) {
    for (int l = 0; l < m->nlayers; l++) free(m->act_out[l]);
    free(m->delta[0]);
    free(m->delta[1]);
    wb_params_free(&m->params);
    wb_params_free(&m->grads);
    *m = (mlp){0};
}

const float *mlp_output(const mlp *m) { return m->act_out[m->nlayers - 1]; }

/* a = f(z) in place, over n numbers */
static inline void activation_forward(activation act, float *a, long n) {
    if (act == ACT_LEAKY) { /* given: week 13's GANs use it */
        for (long i = 0; i < n; i++) a[i] = a[i] > 0.0f ? a[i] : MLP_LEAK * a[i];
        return;
    }
    // BEGIN SOLUTION: apply the activation to a[0..n-1] in place (ACT_NONE leaves a alone)
    switch (act) {
    case ACT_NONE: break;
    case ACT_RELU: for (long i = 0; i < n; i++) a[i] = a[i] > 0.0f ? a[i] : 0.0f; break;
    case ACT_TANH: for (long i = 0; i < n; i++) a[i] = tanhf(a[i]); break;
    // MUTANT tanh_forward_missing: case ACT_TANH: break;
    case ACT_SIGMOID: for (long i = 0; i < n; i++) a[i] = wb_sigmoid(a[i]); break;
    // MUTANT sigmoid_as_tanh: case ACT_SIGMOID: for (long i = 0; i < n; i++) a[i] = tanhf(a[i]); break;
    default: break; /* ACT_LEAKY: above */
    }
    // END SOLUTION
}

/* delta = delta * f'(z), written with the output a = f(z), over n numbers */
static inline void activation_backward(activation act, const float *a, float *delta, long n) {
    if (act == ACT_LEAKY) { /* given; the output has the input's sign, so a > 0 tells the slope */
        for (long i = 0; i < n; i++) delta[i] *= a[i] > 0.0f ? 1.0f : MLP_LEAK;
        return;
    }
    // BEGIN SOLUTION: multiply delta[i] by the activation's slope, computed from its output a[i]
    switch (act) {
    case ACT_NONE: break;
    case ACT_RELU: for (long i = 0; i < n; i++) delta[i] = a[i] > 0.0f ? delta[i] : 0.0f; break; /* pass or block */
    case ACT_TANH: for (long i = 0; i < n; i++) delta[i] *= 1.0f - a[i] * a[i]; break;
    // MUTANT tanh_slope_of_input: case ACT_TANH: for (long i = 0; i < n; i++) delta[i] *= 1.0f - tanhf(a[i]) * tanhf(a[i]); break;
    case ACT_SIGMOID: for (long i = 0; i < n; i++) delta[i] *= a[i] * (1.0f - a[i]); break;
    // MUTANT sigmoid_slope_of_input: case ACT_SIGMOID: for (long i = 0; i < n; i++) delta[i] *= wb_sigmoid(a[i]) * (1.0f - wb_sigmoid(a[i])); break;
    default: break; /* ACT_LEAKY: above */
    }
    // END SOLUTION
}

void mlp_forward(mlp *m, const float *x, int B) {
    WB_CHECK(B >= 0 && B <= m->max_batch, "batch of %d, but the network has room for %d", B, m->max_batch);
    const float *in = x;
    for (int l = 0; l < m->nlayers; l++) {
        const dense *d = &m->layer[l];
        float *a = m->act_out[l];
        // in (B,in), W (out,in), b (out), a (B,out)
        // BEGIN SOLUTION: a = f(in W^T + b): one matrix product (gemm.h), b_j on column j, this layer's f
        // z[i][j] = sum_k in[i][k] W[j][k] + b[j]
        wb_sgemm(0, 1, B, d->out, d->in, 1.0f, in, d->in, d->W.data, d->in, 0.0f, a, d->out);
        // MUTANT a_accumulates: wb_sgemm(0, 1, B, d->out, d->in, 1.0f, in, d->in, d->W.data, d->in, 1.0f, a, d->out);
        // MUTANT fwd_max_batch: wb_sgemm(0, 1, m->max_batch, d->out, d->in, 1.0f, in, d->in, d->W.data, d->in, 0.0f, a, d->out);
        for (int i = 0; i < B; i++)
            for (int j = 0; j < d->out; j++) a[(size_t)i * d->out + j] += d->b.data[j];
        // MUTANT no_bias: (void)0;
        activation_forward(d->act, a, (long)B * d->out);
        // MUTANT act_count_in: activation_forward(d->act, a, (long)B * d->in);
        // MUTANT first_layers_act: activation_forward(m->acts[0], a, (long)B * d->out);
        // MUTANT last_act_fwd: if (l+1 < m->nlayers) activation_forward(d->act, a, (long)B*d->out);
        // END SOLUTION
        // STUB: (void)d, (void)in;
        in = a;
    }
}

void mlp_backward(mlp *m, const float *x, const float *dout, int B) {
    WB_CHECK(B >= 0 && B <= m->max_batch, "batch of %d, but the network has room for %d", B, m->max_batch);
    int L = m->nlayers;
    float *delta = m->delta[0], *delta_prev = m->delta[1];
    for (long i = 0; i < (long)B * m->sizes[L]; i++) delta[i] = dout[i];
    for (int l = L - 1; l >= 0; l--) {
        const dense *d = &m->layer[l];
        dense *g = &m->grad[l];
        const float *in = l > 0 ? m->act_out[l - 1] : x;
        // delta (B,out) is dL/da for this layer; in (B,in); W, dW (out,in); b, db (out)
        // BEGIN SOLUTION: delta^a to delta^z, then dW, db and (below the first layer) delta_prev
        activation_backward(d->act, m->act_out[l], delta, (long)B * d->out);
        // MUTANT skip_activation_slope: (void)0;
        // MUTANT last_act_bwd: if (l<L-1) activation_backward(d->act,m->act_out[l],delta,(long)B*d->out);
        // dW[j][k] = sum_i delta[i][j] in[i][k]
        wb_sgemm(1, 0, d->out, d->in, B, 1.0f, delta, d->out, in, d->in, 0.0f, g->W.data, d->in);
        // MUTANT accumulates: wb_sgemm(1, 0, d->out, d->in, B, 1.0f, delta, d->out, in, d->in, 1.0f, g->W.data, d->in);
        // MUTANT bwd_max_batch: wb_sgemm(1, 0, d->out, d->in, m->max_batch, 1.0f, delta, d->out, in, d->in, 0.0f, g->W.data, d->in);
        // db[j] = sum_i delta[i][j]
        for (int j = 0; j < d->out; j++) g->b.data[j] = 0.0f;
        // MUTANT db_accumulates: (void)0;
        for (int i = 0; i < B; i++)
        // MUTANT db_max_batch: for (int i = 0; i < m->max_batch; i++)
            for (int j = 0; j < d->out; j++) g->b.data[j] += delta[(size_t)i * d->out + j];
            // MUTANT bias_grad_first_row_only: for (int j = 0; j < d->out; j++) g->b.data[j] += (i == 0) * delta[(size_t)i * d->out + j];
        // delta_prev[i][k] = sum_j delta[i][j] W[j][k]
        if (l > 0) wb_sgemm(0, 0, B, d->in, d->out, 1.0f, delta, d->out, d->W.data, d->in, 0.0f, delta_prev, d->in);
        // MUTANT delta_prev_accumulates: if (l > 0) wb_sgemm(0, 0, B, d->in, d->out, 1.0f, delta, d->out, d->W.data, d->in, 1.0f, delta_prev, d->in);
        // END SOLUTION
        // STUB: (void)d, (void)g, (void)in;
        float *t = delta;
        delta = delta_prev;
        delta_prev = t;
    }
}
