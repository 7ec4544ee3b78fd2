/**
# A deep network, with batch norm and dropout in it

Week 05's `mlp` is dense layers and activations only. To put batch norm and dropout *between* its
pieces, here is the same machine with two more stages per hidden layer, written out the llm.c way:
one parameter buffer, one activation buffer per stage, an explicit forward and backward sequence.
Layer $l$ (shapes for a minibatch of $B$, `in` and `out` its widths):
$$ z = x W^\top\ (+\, b) \;\to\; h = \mathrm{BN}_{\gamma,\beta}(z) \;\to\; a = f(h) \;\to\;
   y = \mathrm{dropout}(a) $$
`z`, `h`, `a`, `y` are each (B, out). Without batch norm $h = z$ (and $z$ has the bias $b$); with
it, $z$ has no bias and $b$ is batch norm's $\beta$. Without dropout `y` is `a`. The last layer has
neither batch norm nor dropout: its output is the logits.

## Backward
Given $\delta = \partial L / \partial y$ for layer $l$ (the loss's `dout` for the last),
walk the stages in reverse, each turning the gradient with respect to its output into the one with
respect to its input:
dropout (`dropout_backward`: $\delta \odot m$), the activation ($\delta \odot f'(h)$, with $f'$ written
with the output $a$: $a(1-a)$ for the sigmoid, $[a > 0]$ for ReLU), batch norm (`bn_backward`, which
also gives $\partial L/\partial\gamma$ and $\partial L/\partial\beta$), and the product:
$$ \frac{\partial L}{\partial W} = \delta_z^\top x, \qquad
   \frac{\partial L}{\partial b} = \textstyle\sum_{\text{rows}} \delta_z, \qquad
   \frac{\partial L}{\partial x} = \delta_z W $$
where $\delta_z = \partial L/\partial z$, the bias gradient only without batch norm.

# Unstable gradients (Nielsen, chapter 5)

Why are deep networks hard to train? Backpropagation multiplies, layer after layer, by $W^\top$ and
by the activation's slope. The sigmoid's slope is at most $1/4$, so in a deep sigmoid network with
modest weights the gradient shrinks by a factor of about 4 or more per layer on its way down:
the first layers learn orders of magnitude more slowly than the last (the **vanishing gradient**).
With large weights the product can instead grow (the exploding gradient). To *see* it, measure the
size of each layer's weight gradient, $\|\partial L/\partial W_l\|$ (the Frobenius norm: the square
root of the sum of the squares of its entries); the driver plots it per layer, at initialisation
and during training, for sigmoid layers, for ReLU with He initialisation, and with batch norm.
(Nielsen measures the bias gradients, $\|\partial L/\partial b_l\|$, one entry per unit. With batch
norm that would be $\beta$'s gradient, the column sums of $\partial L/\partial h$: exactly the part
of the gradient that batch norm's backward pass removes on its way down, so it would hide what batch
norm does for the weights. The weight gradient's norm grows with the number of inputs, so compare
the layers of equal width: the first layer here has 784 inputs, the others 30.)
*/
#include "week07.h"

#include <math.h>
#include <stdlib.h>

static const char *const wname[DN_MAX_LAYERS] = {"W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7",
                                                 "W8", "W9", "W10", "W11", "W12", "W13", "W14", "W15"};
static const char *const bname[DN_MAX_LAYERS] = {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7",
                                                 "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15"};
static const char *const gname[DN_MAX_LAYERS] = {"gamma0", "gamma1", "gamma2", "gamma3", "gamma4", "gamma5",
                                                 "gamma6", "gamma7", "gamma8", "gamma9", "gamma10", "gamma11",
                                                 "gamma12", "gamma13", "gamma14", "gamma15"};

/* Parameter views W, b (and gamma) for every layer, in params and, mirrored, in grads. */
static void lay_out_params(deepnet *n) {
    wb_tensor *gviews[3 * DN_MAX_LAYERS];
    int k = 0;
    for (int l = 0; l < n->nlayers; l++) {
        dn_layer *L = &n->layer[l];
        wb_params_add(&n->params, &L->W, wname[l], 2, (const int[]){L->out, L->in});
        wb_params_add(&n->params, &L->b, bname[l], 1, (const int[]){L->out});
        gviews[k++] = &L->dW, gviews[k++] = &L->db;
        if (L->norm) {
            wb_params_add(&n->params, &L->gamma, gname[l], 1, (const int[]){L->out});
            gviews[k++] = &L->dgamma;
        }
    }
    wb_params_alloc(&n->params);
    wb_params_alloc_like(&n->grads, &n->params, gviews);
}

void deepnet_init(deepnet *n, int nlayers, const int *sizes, const activation *acts, int norm, float drop,
                  init_scheme init, int max_batch, wb_rng *rng) {
    WB_CHECK(nlayers >= 1 && nlayers <= DN_MAX_LAYERS, "nlayers must be in 1..%d, got %d", DN_MAX_LAYERS, nlayers);
    WB_CHECK(max_batch > 0 && drop >= 0.0f && drop < 1.0f, "max_batch %d, dropout %g", max_batch, (double)drop);
    *n = (deepnet){.nlayers = nlayers, .max_batch = max_batch};
    int widest = sizes[0];
    for (int l = 0; l < nlayers; l++) {
        WB_CHECK(sizes[l] > 0 && sizes[l + 1] > 0, "sizes[%d..%d] = %d, %d", l, l + 1, sizes[l], sizes[l + 1]);
        WB_CHECK(acts[l] == ACT_NONE || acts[l] == ACT_RELU || acts[l] == ACT_SIGMOID,
                 "acts[%d]: the deep network has none, relu and sigmoid", l);
        int hidden = l < nlayers - 1;
        n->layer[l] = (dn_layer){.in = sizes[l], .out = sizes[l + 1], .act = acts[l], .norm = hidden && norm,
                                 .drop = hidden ? drop : 0.0f};
        if (sizes[l + 1] > widest) widest = sizes[l + 1];
    }
    lay_out_params(n);
    for (int l = 0; l < nlayers; l++) {
        dn_layer *L = &n->layer[l];
        size_t sz = (size_t)max_batch * L->out * sizeof(float);
        wb_rng_fill_normal(rng, L->W.data, (long)L->W.size, init_std(init, L->in, L->out));
        L->z = wb_calloc(1, sz);
        L->h = L->z;
        if (L->norm) {
            for (int j = 0; j < L->out; j++) L->gamma.data[j] = 1.0f;
            bn_init(&L->bn, L->out, max_batch);
            L->h = wb_calloc(1, sz);
        }
        L->a = wb_calloc(1, sz);
        L->mask = L->drop > 0 ? wb_calloc(1, sz) : NULL;
        L->y = L->drop > 0 ? wb_calloc(1, sz) : L->a;
    }
    for (int k = 0; k < 3; k++) n->delta[k] = wb_calloc((size_t)max_batch * widest, sizeof(float));
}

void deepnet_free(deepnet *n) {
    for (int l = 0; l < n->nlayers; l++) {
        dn_layer *L = &n->layer[l];
        if (L->norm) bn_free(&L->bn), free(L->h);
        if (L->drop > 0) free(L->mask), free(L->y);
        free(L->z);
        free(L->a);
    }
    for (int k = 0; k < 3; k++) free(n->delta[k]);
    wb_params_free(&n->params);
    wb_params_free(&n->grads);
    *n = (deepnet){0};
}

const float *deepnet_output(const deepnet *n) { return n->layer[n->nlayers - 1].y; }

/* a = f(h) over cnt numbers: none, ReLU or the sigmoid (harness/numerics.h) */
static void act_forward(activation act, const float *h, float *a, long cnt) {
    for (long i = 0; i < cnt; i++)
        a[i] = act == ACT_RELU ? wb_relu(h[i]) : act == ACT_SIGMOID ? wb_sigmoid(h[i]) : h[i];
}

/* delta *= f'(h), written with the output a = f(h) */
static void act_backward(activation act, const float *a, float *delta, long cnt) {
    for (long i = 0; i < cnt; i++)
        delta[i] *= act == ACT_RELU ? (a[i] > 0.0f ? 1.0f : 0.0f) : act == ACT_SIGMOID ? wb_sigmoid_grad(a[i]) : 1.0f;
}

void deepnet_forward(deepnet *n, const float *x, int B, int train, wb_rng *rng) {
    WB_CHECK(B >= 1 && B <= n->max_batch, "batch of %d, the network has room for %d", B, n->max_batch);
    const float *in = x;
    for (int l = 0; l < n->nlayers; l++) {
        dn_layer *L = &n->layer[l];
        long cnt = (long)B * L->out;
        // in (B,in), W (out,in), b (out), z h a y (B,out)
        // z = in . W^T (wb_sgemm), plus b on every row without batch norm; h = bn_forward of z
        // with gamma and beta = b (with norm); a = act_forward of h; y = dropout_forward of a
        // (with drop > 0).
        // BEGIN SOLUTION: the steps just above
        wb_sgemm(0, 1, B, L->out, L->in, 1.0f, in, L->in, L->W.data, L->in, 0.0f, L->z, L->out);
        if (!L->norm)
        // MUTANT deepnet_bias_with_norm: if (1)
            for (int i = 0; i < B; i++)
                for (int j = 0; j < L->out; j++) L->z[(size_t)i * L->out + j] += L->b.data[j];
        if (L->norm) bn_forward(&L->bn, L->z, L->h, L->gamma.data, L->b.data, B, train);
        // MUTANT deepnet_bn_over_max_batch: if (L->norm) bn_forward(&L->bn, L->z, L->h, L->gamma.data, L->b.data, n->max_batch, train);
        act_forward(L->act, L->h, L->a, cnt);
        if (L->drop > 0) dropout_forward(L->a, L->y, L->mask, cnt, L->drop, train, rng);
        // MUTANT deepnet_dropout_without_mask: dropout_forward(L->a, L->y, L->mask, cnt, L->drop, train, rng);
        // MUTANT deepnet_dropout_always_training: if (L->drop > 0) dropout_forward(L->a, L->y, L->mask, cnt, L->drop, 1, rng);
        // END SOLUTION
        // STUB: (void)cnt, (void)train, (void)rng, (void)act_forward, (void)in;
        in = L->y;
    }
}

void deepnet_backward(deepnet *n, const float *x, const float *dout, int B) {
    WB_CHECK(B >= 1 && B <= n->max_batch, "batch of %d, the network has room for %d", B, n->max_batch);
    int NL = n->nlayers;
    float *delta = n->delta[0], *delta_prev = n->delta[1], *tmp = n->delta[2];
    for (long i = 0; i < (long)B * n->layer[NL - 1].out; i++) delta[i] = dout[i];
    for (int l = NL - 1; l >= 0; l--) {
        dn_layer *L = &n->layer[l];
        const float *in = l > 0 ? n->layer[l - 1].y : x;
        long cnt = (long)B * L->out;
        // delta (B,out) = dL/dy of this layer; in (B,in); W, dW (out,in); b, db, gamma, dgamma (out)
        // Back through dropout (in place), the activation, batch norm (into tmp, then use tmp as
        // delta; db is beta's gradient), then dW = delta^T . in, db = column sums of delta (without
        // norm), delta_prev = delta . W (if l > 0).
        // BEGIN SOLUTION: the steps just above
        if (L->drop > 0) dropout_backward(delta, L->mask, delta, cnt, 1);
        // MUTANT deepnet_dropout_bwd_without_mask: dropout_backward(delta, L->mask, delta, cnt, 1);
        act_backward(L->act, L->a, delta, cnt);
        // MUTANT deepnet_slope_of_out: act_backward(L->act, L->y, delta, cnt);
        float *dz = delta;
        if (L->norm) {
            bn_backward(&L->bn, delta, L->gamma.data, tmp, L->dgamma.data, L->db.data, B);
            dz = tmp;
            // MUTANT deepnet_bn_dx_aliases_delta_prev: dz = delta_prev, bn_backward(&L->bn, delta, L->gamma.data, delta_prev, L->dgamma.data, L->db.data, B);
        }
        // dW[j][k] = sum_i dz[i][j] in[i][k]
        wb_sgemm(1, 0, L->out, L->in, B, 1.0f, dz, L->out, in, L->in, 0.0f, L->dW.data, L->in);
        // MUTANT deepnet_dW_over_max_batch: wb_sgemm(1, 0, L->out, L->in, n->max_batch, 1.0f, dz, L->out, in, L->in, 0.0f, L->dW.data, L->in);
        if (!L->norm) {
            for (int j = 0; j < L->out; j++) L->db.data[j] = 0.0f;
            for (int i = 0; i < B; i++)
            // MUTANT deepnet_db_over_max_batch: for (int i = 0; i < n->max_batch; i++)
                for (int j = 0; j < L->out; j++) L->db.data[j] += dz[(size_t)i * L->out + j];
        }
        // delta_prev[i][k] = sum_j dz[i][j] W[j][k]
        if (l > 0) wb_sgemm(0, 0, B, L->in, L->out, 1.0f, dz, L->out, L->W.data, L->in, 0.0f, delta_prev, L->in);
        // END SOLUTION
        // STUB: (void)in, (void)cnt, (void)tmp, (void)act_backward;
        float *t = delta;
        delta = delta_prev;
        delta_prev = t;
    }
}

void layer_grad_norms(const deepnet *n, float *norms) {
    for (int l = 0; l < n->nlayers; l++) {
        const dn_layer *L = &n->layer[l];
        // The square root of the sum of the squares of layer l's weight gradient dW (sum in
        // double).
        // BEGIN SOLUTION: the steps just above
        double s = 0.0;
        for (size_t i = 0; i < L->dW.size; i++) s += (double)L->dW.data[i] * L->dW.data[i];
        norms[l] = (float)sqrt(s);
        // MUTANT grad_norm_squared: norms[l] = (float)s;
        // END SOLUTION
        // STUB: (void)L, norms[l] = 0.0f;
    }
}
