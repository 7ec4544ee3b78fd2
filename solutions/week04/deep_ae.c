/**
# A deep autoencoder on MNIST

Week 03's autoencoder had one hidden layer, and with linear units it could do no better than PCA:
it learned the same subspace. This week's network, the one in the classic TensorFlow-Examples
notebook, stacks layers on both sides of a narrow code:

    784 -> 256 -> 128 -> 32 -> 128 -> 256 -> 784
         encoder        code        decoder

The encoder's hidden layers are ReLU, the 32-number code is linear (no reason to squash it), and
the output layer is a sigmoid, because pixels live in $[0,1]$. The non-linear layers let the code
lie on a *curved* surface through the data, which PCA's flat subspace cannot follow; the driver
measures how much that buys on the test set (`make week04 run`).

## The loss

The reconstruction error is the mean squared error **per pixel**, over all $n = B \cdot d$ numbers
of a batch:

$$ L = \frac{1}{n} \sum_{i} (y_i - x_i)^2, \qquad \frac{\partial L}{\partial y_i} = \frac{2}{n}(y_i - x_i). $$

It is the same number the driver reports for PCA, so the two can be compared directly. (The
TensorFlow example uses this loss too; binary cross-entropy, week 03's choice for sigmoid outputs,
works as well.) The gradient is tiny, $\sim 1/n$, which would make plain gradient descent need a
huge learning rate; Adam (optim.c) does not care about the scale of the gradient.

## Forward and backward, one layer at a time

Every layer is the same dense layer you wrote in week 02, for a whole minibatch at once:

$$ y = f(x W^\top + b) \qquad\text{forward, } x \text{ (B,in)}, W \text{ (out,in)}, y \text{ (B,out)} $$
$$ \delta_z = \delta_y \odot f'(y), \quad \partial W = \delta_z^\top x, \quad
   \partial b = \textstyle\sum_\text{rows} \delta_z, \quad \delta_x = \delta_z W \qquad\text{backward} $$

with the slopes written from the output $y$: 1 for linear, $[y > 0]$ for ReLU, $y(1-y)$ for the
sigmoid. The network is a list of these; backpropagation walks it from the end. (Next week's
multilayer perceptron is this same list with any activations and any depth.)

`layer_forward` writes `L->y` (one matrix product, the bias on every row, then the layer's own
activation `L->act`). `layer_backward` receives $\delta_y$ in `delta`, turns it into $\delta_z$ in
place, then writes $\partial W$, $\partial b$ and, unless `dx` is NULL, $\delta_x$. Every output is
written afresh: a second forward or backward pass gives the same numbers, not their sum.
*/
#include "week04.h"

#include <math.h>
#include <stdlib.h>

static const char *const w_names[DEEP_AE_MAX_LAYERS] = {"W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"};
static const char *const b_names[DEEP_AE_MAX_LAYERS] = {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"};

void deep_ae_init(deep_ae *ae, int d, int nhidden, const int *hidden, int k, int max_batch, wb_rng *rng) {
    WB_CHECK(nhidden >= 1 && nhidden <= DEEP_AE_MAX_HIDDEN, "nhidden must be in 1..%d, got %d", DEEP_AE_MAX_HIDDEN, nhidden);
    WB_CHECK(d > 0 && k > 0 && max_batch > 0, "d, k and max_batch must be positive (%d, %d, %d)", d, k, max_batch);
    *ae = (deep_ae){.d = d, .k = k, .nlayers = 2 * nhidden + 2, .code_layer = nhidden, .max_batch = max_batch};
    /* the widths: d, hidden..., k, hidden reversed..., d */
    int sizes[DEEP_AE_MAX_LAYERS + 1], widest = d;
    sizes[0] = sizes[ae->nlayers] = d;
    sizes[nhidden + 1] = k;
    for (int h = 0; h < nhidden; h++) {
        WB_CHECK(hidden[h] > 0, "hidden[%d] must be positive, got %d", h, hidden[h]);
        sizes[1 + h] = sizes[ae->nlayers - 1 - h] = hidden[h];
        if (hidden[h] > widest) widest = hidden[h];
    }
    if (k > widest) widest = k;
    wb_tensor *grad_views[2 * DEEP_AE_MAX_LAYERS];
    for (int l = 0; l < ae->nlayers; l++) {
        ae_layer *L = &ae->layer[l];
        L->in = sizes[l], L->out = sizes[l + 1];
        L->act = l == ae->code_layer ? AE_LINEAR : l == ae->nlayers - 1 ? AE_SIGMOID : AE_RELU;
        wb_params_add(&ae->params, &L->W, w_names[l], 2, (const int[]){L->out, L->in});
        wb_params_add(&ae->params, &L->b, b_names[l], 1, (const int[]){L->out});
        grad_views[2 * l] = &L->dW, grad_views[2 * l + 1] = &L->db;
        L->y = wb_calloc((size_t)max_batch * L->out, sizeof(float));
    }
    wb_params_alloc(&ae->params);
    wb_params_alloc_like(&ae->grads, &ae->params, grad_views);
    for (int l = 0; l < ae->nlayers; l++) {
        ae_layer *L = &ae->layer[l];
        // W ~ N(0, 2/in) for ReLU layers (He), N(0, 1/in) otherwise (the signal keeps its scale; see week 05)
        float var = (L->act == AE_RELU ? 2.0f : 1.0f) / (float)L->in;
        wb_rng_fill_normal(rng, L->W.data, (long)L->W.size, sqrtf(var));
    }
    ae->delta[0] = wb_calloc((size_t)max_batch * widest, sizeof(float));
    ae->delta[1] = wb_calloc((size_t)max_batch * widest, sizeof(float));
    ae->dy = wb_calloc((size_t)max_batch * d, sizeof(float));
}

void deep_ae_free(deep_ae *ae) {
    for (int l = 0; l < ae->nlayers; l++) free(ae->layer[l].y);
    free(ae->delta[0]);
    free(ae->delta[1]);
    free(ae->dy);
    wb_params_free(&ae->params);
    wb_params_free(&ae->grads);
    *ae = (deep_ae){0};
}

const float *deep_ae_code(const deep_ae *ae) { return ae->layer[ae->code_layer].y; }
const float *deep_ae_output(const deep_ae *ae) { return ae->layer[ae->nlayers - 1].y; }

/* One layer forward: L->y (B,out) = act(x (B,in) . W^T + b) */
static void layer_forward(ae_layer *L, const float *x, int B) {
    // BEGIN SOLUTION: y = act(x W^T + b): one matrix product, b_j on column j, then L->act
    // y[i][j] = act(sum_k x[i][k] W[j][k] + b[j])
    wb_sgemm(0, 1, B, L->out, L->in, 1.0f, x, L->in, L->W.data, L->in, 0.0f, L->y, L->out);
    // MUTANT y_accumulates: wb_sgemm(0, 1, B, L->out, L->in, 1.0f, x, L->in, L->W.data, L->in, 1.0f, L->y, L->out);
    for (int i = 0; i < B; i++) {
        float *y = L->y + (size_t)i * L->out;
        for (int j = 0; j < L->out; j++) {
            float z = y[j] + L->b.data[j];
            // MUTANT forgot_bias: float z = y[j];
            y[j] = L->act == AE_RELU ? (z > 0.0f ? z : 0.0f) : L->act == AE_SIGMOID ? wb_sigmoid(z) : z;
            // MUTANT code_relu: y[j] = L->act != AE_SIGMOID ? (z > 0.0f ? z : 0.0f) : wb_sigmoid(z);
        }
    }
    // END SOLUTION
}

/* One layer backward. delta (B,out) holds dL/dy on entry and dL/dz on exit; x (B,in) is the layer's
   input. Fills L->dW, L->db, and dx (B,in) = dL/dx unless dx is NULL. */
static void layer_backward(ae_layer *L, const float *x, float *delta, float *dx, int B) {
    // BEGIN SOLUTION: delta_z from delta_y and the slope (from L->y), then dW, db and dx (see above)
    // dL/dz = dL/dy * f'(z), with f' written from the output y
    for (long i = 0; i < (long)B * L->out; i++) {
        float y = L->y[i];
        delta[i] *= L->act == AE_RELU ? (y > 0.0f) : L->act == AE_SIGMOID ? y * (1.0f - y) : 1.0f;
        // MUTANT sigmoid_slope_wrong: delta[i] *= L->act == AE_RELU ? (y > 0.0f) : L->act == AE_SIGMOID ? wb_sigmoid(y) * (1.0f - wb_sigmoid(y)) : 1.0f;
    }
    // dW[j][k] = sum_i delta[i][j] x[i][k]   (out,B).(B,in)
    wb_sgemm(1, 0, L->out, L->in, B, 1.0f, delta, L->out, x, L->in, 0.0f, L->dW.data, L->in);
    // MUTANT dW_accumulates: wb_sgemm(1, 0, L->out, L->in, B, 1.0f, delta, L->out, x, L->in, 1.0f, L->dW.data, L->in);
    // db[j] = sum_i delta[i][j]
    for (int j = 0; j < L->out; j++) L->db.data[j] = 0.0f;
    // MUTANT db_accumulates: (void)0;
    for (int i = 0; i < B; i++)
        for (int j = 0; j < L->out; j++) L->db.data[j] += delta[(size_t)i * L->out + j];
    // dx[i][k] = sum_j delta[i][j] W[j][k]   (B,out).(out,in)
    if (dx) wb_sgemm(0, 0, B, L->in, L->out, 1.0f, delta, L->out, L->W.data, L->in, 0.0f, dx, L->in);
    // MUTANT dx_with_transposed_w: if (dx) wb_sgemm(0, 1, B, L->in, L->out, 1.0f, delta, L->out, L->W.data, L->out, 0.0f, dx, L->in);
    // END SOLUTION
}

void deep_ae_forward(deep_ae *ae, const float *x, int B) {
    WB_CHECK(B >= 0 && B <= ae->max_batch, "batch of %d, but room for %d", B, ae->max_batch);
    const float *in = x;
    for (int l = 0; l < ae->nlayers; l++) {
        layer_forward(&ae->layer[l], in, B);
        in = ae->layer[l].y;
    }
}

void deep_ae_backward(deep_ae *ae, const float *x, const float *dy, int B) {
    WB_CHECK(B >= 0 && B <= ae->max_batch, "batch of %d, but room for %d", B, ae->max_batch);
    float *delta = ae->delta[0], *next = ae->delta[1];
    for (long i = 0; i < (long)B * ae->d; i++) delta[i] = dy[i];
    for (int l = ae->nlayers - 1; l >= 0; l--) {
        const float *in = l > 0 ? ae->layer[l - 1].y : x;
        layer_backward(&ae->layer[l], in, delta, l > 0 ? next : NULL, B);
        float *t = delta;
        delta = next, next = t;
    }
}

double mse(const float *y, const float *x, long n, float *dy) {
    // BEGIN SOLUTION: the mean of (y - x)^2 (summed in double), its gradient into dy when not NULL
    // L = (1/n) sum_i (y_i - x_i)^2,  dL/dy_i = 2 (y_i - x_i) / n
    double s = 0.0;
    for (long i = 0; i < n; i++) {
        float e = y[i] - x[i];
        s += (double)e * e;
        // MUTANT mse_float_total: s = (float)(s + (double)e * e);
        if (dy) dy[i] = 2.0f * e / (float)n;
        // MUTANT grad_not_divided: if (dy) dy[i] = 2.0f * e;
        // MUTANT mse_dy_unguarded: dy[i] = 2.0f * e / (float)n;
    }
    return n > 0 ? s / n : 0.0;
    // END SOLUTION
    // STUB: return 0.0;
}

float deep_ae_train_step(deep_ae *ae, adam *opt, const float *x, int B) {
    // BEGIN SOLUTION: forward, mse with its gradient into ae->dy, backward, one Adam step; the loss
    deep_ae_forward(ae, x, B);
    long n = (long)B * ae->d; // the B rows given (the last batch may be short of max_batch)
    // MUTANT train_max_batch: long n = (long)ae->max_batch * ae->d;
    double loss = mse(deep_ae_output(ae), x, n, ae->dy);
    // MUTANT loss_of_one_example: double loss = mse(deep_ae_output(ae), x, ae->d, ae->dy);
    float *p = ae->params.data, *g = ae->grads.data;
    deep_ae_backward(ae, x, ae->dy, B); // this batch's gradients, then the step that uses them
    // MUTANT train_step_before_backward: adam_step(opt, p, g); deep_ae_backward(ae, x, ae->dy, B);
    adam_step(opt, p, g);
    return (float)loss;
    // END SOLUTION
    // STUB: return 0.0f;
}

double deep_ae_eval(deep_ae *ae, const float *X, int n) {
    double total = 0.0;
    for (int i = 0; i < n; i += ae->max_batch) {
        int B = n - i < ae->max_batch ? n - i : ae->max_batch;
        deep_ae_forward(ae, X + (size_t)i * ae->d, B);
        total += mse(deep_ae_output(ae), X + (size_t)i * ae->d, (long)B * ae->d, NULL) * B;
    }
    return n > 0 ? total / n : 0.0;
}
