/* test_deepnet.c — tests for deepnet.c: the whole network's gradient against finite differences,
 * plain, with batch norm and with dropout; with batch norm the product has no bias (z and the
 * running mean by hand); dropout comes after the activation (layer 0's output predicted from the
 * seed); evaluation mode is deterministic and leaves the running statistics alone; the per-layer
 * gradient norms by hand and Nielsen's vanishing gradient. */
#include "testing.h"
#include "week07.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { B = 6, D = 5, K = 3 };

typedef struct net_ctx {
    deepnet net;
    float x[B * D];
    int labels[B];
} net_ctx;

/* the mean cross-entropy of a training pass on `rows` rows; dropout masks from the same seed
   every call */
static double loss_on_rows(deepnet *net, const float *x, const int *labels, int rows,
                           uint64_t seed) {
    wb_rng rng;
    wb_rng_seed(&rng, seed);
    deepnet_forward(net, x, rows, 1, &rng);
    return softmax_xent(deepnet_output(net), labels, rows, K, NULL);
}
static double net_loss(void *p) {
    net_ctx *c = p;
    return loss_on_rows(&c->net, c->x, c->labels, B, 77);
}

/* nonzero biases, so a bias that is ignored shows */
static void set_biases(deepnet *net) {
    for (int l = 0; l < 3; l++)
        for (size_t j = 0; j < net->layer[l].b.size; j++) net->layer[l].b.data[j] = 0.1f * (float)j - 0.15f;
}

static void make_ctx(net_ctx *c, activation hidden, int norm, float drop) {
    wb_rng rng;
    wb_rng_seed(&rng, 31);
    /* 5 -> 7 -> 4 -> 3: three layers, widths that all differ */
    deepnet_init(&c->net, 3, (int[]){D, 7, 4, K}, (activation[]){hidden, hidden, ACT_NONE}, norm, drop, INIT_XAVIER,
                 B, &rng);
    set_biases(&c->net);
    for (int i = 0; i < B * D; i++) c->x[i] = wb_rng_normal(&rng);
    for (int i = 0; i < B; i++) c->labels[i] = (i * 2 + 1) % K;
}

/* backward once, twice (nothing may accumulate), then compare every parameter with finite
   differences of loss (ctx), the loss of this net on these rows */
static void check_gradients_on_rows(deepnet *net, const float *x, const int *labels, int rows,
                                    double (*loss)(void *), void *ctx) {
    float *dlogits = malloc((size_t)rows * K * sizeof *dlogits);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < net->grads.size; i++) net->grads.data[i] = NAN;
        loss(ctx);
        softmax_xent(deepnet_output(net), labels, rows, K, dlogits);
        deepnet_backward(net, x, dlogits, rows);
    }
    free(dlogits);
    /* the loss (~1.1) is a float: its rounding, ~7e-8, over 2 eps = 2e-2 is ~4e-6 in the numeric gradient,
       so eps 1e-2 (O(eps^2) truncation, small for these smooth layers), 2e-2 relative, 2e-5 absolute */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss, ctx, net->params.data, net->grads.data,
                                              (long)net->params.size, 1e-2, 2e-2, 2e-5));
}
static void check_gradients(net_ctx *c) {
    check_gradients_on_rows(&c->net, c->x, c->labels, B, net_loss, c);
}

/* entry i of layer 0's product x W^T (B, 7), in double: the no-bias part of its z */
static double xw0(const net_ctx *c, int i) {
    const float *W = c->net.layer[0].W.data, *x = c->x + (i / 7) * D;
    double s = 0.0;
    for (int k = 0; k < D; k++) s += (double)x[k] * W[(i % 7) * D + k];
    return s;
}

WB_TEST(deepnet_without_dropout_by_hand, .points = 1, .edit = "deepnet.c",
        .hint = "Forward, layer by layer: z = x W^T + b, a = f(z), and that is all for a layer "
                "with drop 0: it has no dropout stage, no mask (its mask pointer is NULL) and its "
                "y is a itself. Only layers with drop > 0 go through dropout_forward, and through "
                "dropout_backward on the way back.",
        .hint2 = "Sigmoid layers 5 -> 7 -> 4 -> 3, drop 0, a training pass with a generator: the "
                 "logits must be sigmoid(sigmoid(x W0^T + b0) W1^T + b1) W2^T + b2 (computed here "
                 "in double), and after the backward pass dW2 = dout^T y1. A crash here (signal "
                 "11) is dropout's forward or backward run on a layer whose mask is NULL.") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.0f);
    wb_rng rng;
    wb_rng_seed(&rng, 77);
    for (size_t i = 0; i < c.net.grads.size; i++) c.net.grads.data[i] = NAN;
    deepnet_forward(&c.net, c.x, B, 1, &rng);
    /* the three layers in double */
    double y0[B * 7], y1[B * 4], out[B * K];
    const dn_layer *L = c.net.layer;
    for (int i = 0; i < B * 7; i++) y0[i] = 1.0 / (1.0 + exp(-(xw0(&c, i) + L[0].b.data[i % 7])));
    for (int i = 0; i < B * 4; i++) {
        double z = L[1].b.data[i % 4];
        for (int k = 0; k < 7; k++) z += y0[(i / 4) * 7 + k] * L[1].W.data[(i % 4) * 7 + k];
        y1[i] = 1.0 / (1.0 + exp(-z));
    }
    for (int i = 0; i < B * K; i++) {
        out[i] = L[2].b.data[i % K];
        for (int k = 0; k < 4; k++) out[i] += y1[(i / K) * 4 + k] * L[2].W.data[(i % K) * 4 + k];
    }
    const float *logits = deepnet_output(&c.net);
    /* three float layers of sums of up to 7 products near 1: 1e-5 relative, 1e-6 absolute */
    for (int i = 0; i < B * K; i++)
        ck_assert_msg(fabs(logits[i] - out[i]) <= 1e-6 + 1e-5 * fabs(out[i]), "drop 0: logit "
                      "[%d][%d] is %g, want %g", i / K, i % K, (double)logits[i], out[i]);
    float dout[B * K];
    for (int i = 0; i < B * K; i++) dout[i] = 0.1f * (float)(i / K) - 0.2f * (float)(i % K) + 0.05f;
    deepnet_backward(&c.net, c.x, dout, B);
    for (int j = 0; j < K; j++)
        for (int k = 0; k < 4; k++) {
            double want = 0.0;
            for (int i = 0; i < B; i++) want += (double)dout[i * K + j] * y1[i * 4 + k];
            float got = L[2].dW.data[j * 4 + k];
            ck_assert_msg(fabs(got - want) <= 1e-6 + 1e-5 * fabs(want), "drop 0: dW2[%d][%d] is "
                          "%g, want sum_i dout[i][%d] y1[i][%d] = %g", j, k, (double)got, j, k, want);
        }
    deepnet_free(&c.net);
}

WB_TEST(deepnet_gradcheck_plain, .points = 2, .edit = "deepnet.c",
        .hint = "Forward: each layer is z = x W^T + b, then the activation. Backward walks the layers in "
                "reverse: multiply by the activation's slope (from its output), then dW = delta^T x, db = "
                "the column sums of delta, and delta for the layer below = delta W.",
        .hint2 = "The gradients of every parameter (all three layers' W and b, in that order in params) are "
                 "compared with finite differences of the mean cross-entropy; the worst entry is named.") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.0f);
    check_gradients(&c);
    deepnet_free(&c.net);
}

WB_TEST(deepnet_gradcheck_batchnorm, .points = 2, .edit = "deepnet.c",
        .hint = "With batch norm the product has no bias: z = x W^T, h = bn_forward(z) with gamma and beta = b, "
                "then the activation of h. Backward goes through the activation, then bn_backward (which gives "
                "dgamma and dbeta = db), and only then through the product.",
        .hint2 = "ReLU hidden layers here. If only the bias gradients of the hidden layers are "
                 "wrong, the column sums of delta overwrite bn_backward's dbeta, which is db with "
                 "batch norm on. (A product that still adds b does not show here: the batch mean "
                 "removes it; deepnet_batchnorm_product_has_no_bias catches that.)") {
    net_ctx c;
    make_ctx(&c, ACT_RELU, 1, 0.0f);
    check_gradients(&c);
    deepnet_free(&c.net);
}

WB_TEST(deepnet_batchnorm_product_has_no_bias, .points = 1, .edit = "deepnet.c",
        .hint = "With batch norm a layer's b is batch norm's beta, added once, after normalising: "
                "the product z = x W^T has no bias of its own. Training cannot tell (the batch "
                "mean takes any constant out of z) but the running mean can: it must track the "
                "mean of x W^T, which evaluation then subtracts.",
        .hint2 = "After one training pass layer 0's z must equal x W^T (computed here in double) "
                 "and its running mean 0.1 times the column means of x W^T. A z off by b, and a "
                 "running mean off by 0.1 b, mean the product still adds b with batch norm on: "
                 "evaluation would then shift every unit by 0.9 b before normalising.") {
    net_ctx c;
    make_ctx(&c, ACT_RELU, 1, 0.0f); /* biases 0.1 j - 0.15: nonzero, different per unit */
    net_loss(&c);
    const dn_layer *L = &c.net.layer[0];
    double xw[B * 7], colmean[7] = {0};
    for (int i = 0; i < B * 7; i++) xw[i] = xw0(&c, i), colmean[i % 7] += xw[i] / B;
    /* 5 float products of numbers near 1: 1e-5 relative, 1e-6 absolute near 0 */
    for (int i = 0; i < B * 7; i++)
        ck_assert_msg(fabs(L->z[i] - xw[i]) <= 1e-6 + 1e-5 * fabs(xw[i]),
                      "layer 0 has batch norm: z[%d][%d] = %g, want x W^T = %g with no bias "
                      "(b = %g is beta)", i / 7, i % 7, (double)L->z[i], xw[i],
                      (double)L->b.data[i % 7]);
    for (int j = 0; j < 7; j++) {
        double rm = L->bn.running_mean[j], want = 0.1 * colmean[j];
        ck_assert_msg(fabs(rm - want) <= 1e-7 + 1e-5 * fabs(want), "layer 0's running mean[%d] "
                      "after one training pass is %g, want 0.1 * the column mean of x W^T = %g",
                      j, rm, want);
    }
    deepnet_free(&c.net);
}

WB_TEST(deepnet_gradcheck_dropout, .points = 2, .edit = "deepnet.c",
        .hint = "Dropout comes after the activation, so the backward pass goes through dropout first (the mask) "
                "and then through the activation, whose slope is computed from its own output a, not from "
                "the dropped-out output y.") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.5f);
    check_gradients(&c);
    deepnet_free(&c.net);
}

enum { SB = 33, SMAX = 40 };
typedef struct small_batch_ctx {
    deepnet net;
    float *x; /* SB rows only: a guarded buffer */
    int labels[SB];
} small_batch_ctx;

static double small_batch_loss(void *p) {
    small_batch_ctx *c = p;
    return loss_on_rows(&c->net, c->x, c->labels, SB, 78);
}

WB_TEST(deepnet_gradcheck_below_max_batch, .points = 2, .edit = "deepnet.c",
        .hint = "A network made for max_batch rows is mostly run on fewer: every stage, forward and "
                "backward, works on the B rows of this call, and the rows beyond B in its buffers "
                "are leftovers of an earlier, larger batch. Batch norm's statistics, dW and db "
                "sum over B rows only; and bn_backward's dx needs a buffer of its own (tmp), "
                "apart from the one the product then writes delta_prev into.",
        .hint2 = "Sigmoid layers with batch norm and dropout 0.3, made for 40 rows: one training "
                 "step on 40 rows, then the gradient on 33 rows (x has exactly 33 rows: reading "
                 "more stops the test with a line naming x) against finite differences. Wrong "
                 "batch norm parameters or weights mean n->max_batch was used where B belongs; "
                 "gradients right at 6 rows (the other gradient checks) but wrong here, from layer "
                 "1 down, mean bn_backward's dx and delta_prev share a buffer: wb_sgemm then "
                 "overwrites its own input as it goes, which a small batch does not show.") {
    small_batch_ctx c;
    wb_rng rng;
    wb_rng_seed(&rng, 32);
    deepnet_init(&c.net, 3, (int[]){D, 7, 4, K}, (activation[]){ACT_SIGMOID, ACT_SIGMOID, ACT_NONE}, 1, 0.3f,
                 INIT_XAVIER, SMAX, &rng);
    set_biases(&c.net);
    /* a full batch first, so that every buffer's rows beyond 33 hold something */
    float xfull[SMAX * D], dfull[SMAX * K];
    int lfull[SMAX];
    for (int i = 0; i < SMAX * D; i++) xfull[i] = 2.0f * wb_rng_normal(&rng);
    for (int i = 0; i < SMAX; i++) lfull[i] = i % K;
    deepnet_forward(&c.net, xfull, SMAX, 1, &rng);
    softmax_xent(deepnet_output(&c.net), lfull, SMAX, K, dfull);
    deepnet_backward(&c.net, xfull, dfull, SMAX);
    c.x = wb_guarded_floats(SB * D, "x (33 rows of 5: B rows, not max_batch)");
    for (int i = 0; i < SB * D; i++) c.x[i] = wb_rng_normal(&rng);
    for (int i = 0; i < SB; i++) c.labels[i] = (i * 2 + 1) % K;
    check_gradients_on_rows(&c.net, c.x, c.labels, SB, small_batch_loss, &c);
    wb_guarded_free(c.x);
    deepnet_free(&c.net);
}

WB_TEST(deepnet_dropout_after_activation, .points = 2, .edit = "deepnet.c",
        .hint = "The stages of a hidden layer run in the order z, batch norm, activation, dropout: "
                "dropout acts on the activation's output a, so a dropped unit outputs exactly 0 "
                "and a kept one a / (1 - p), whatever the activation.",
        .hint2 = "Sigmoid layers, p = 0.5, the generator seeded 77: layer 0's draws are the first "
                 "B * 7, so its output y = mask * sigmoid(x W^T + b) can be predicted. A dropped "
                 "unit that outputs 0.5 = sigmoid(0) had dropout applied before the activation; "
                 "the gradient check cannot see it, as the backward pass agrees with that order.") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.5f);
    wb_rng rng, seed;
    wb_rng_seed(&rng, 77);
    seed = rng;
    deepnet_forward(&c.net, c.x, B, 1, &rng);
    const dn_layer *L = &c.net.layer[0];
    double a[B * 7];
    int dropped[B * 7];
    for (int i = 0; i < B * 7; i++) { /* sigmoid(x W^T + b) in double, and the seed's mask */
        a[i] = 1.0 / (1.0 + exp(-(xw0(&c, i) + L->b.data[i % 7])));
        dropped[i] = wb_rng_uniform(&seed) < 0.5f;
    }
    for (int i = 0; i < B * 7; i++)
        ck_assert_msg(!dropped[i] || L->y[i] == 0.0f, "layer 0 unit [%d][%d] is dropped but "
                      "outputs %g, want 0 (its activation is %g: dropout acts on it)", i / 7,
                      i % 7, (double)L->y[i], a[i]);
    /* z from 5 float products, then the float sigmoid (slope <= 1/4): 1e-5 relative */
    for (int i = 0; i < B * 7; i++)
        ck_assert_msg(dropped[i] || fabs(L->y[i] - 2.0 * a[i]) <= 2e-5 * a[i],
                      "layer 0 unit [%d][%d] is kept and outputs %g, want sigmoid(x W^T + b) / "
                      "(1 - p) = %g", i / 7, i % 7, (double)L->y[i], 2.0 * a[i]);
    /* layer 1 too: wherever its own mask is 0 the output is 0 */
    const dn_layer *L1 = &c.net.layer[1];
    for (int i = 0; i < B * 4; i++)
        ck_assert_msg(L1->mask[i] != 0.0f || L1->y[i] == 0.0f, "layer 1 unit [%d][%d] has mask "
                      "0 but outputs %g, want 0", i / 4, i % 4, (double)L1->y[i]);
    deepnet_free(&c.net);
}

WB_TEST(deepnet_last_layer_has_no_dropout, .points = 1, .edit = "deepnet.c",
        .hint = "Dropout goes on every layer but the last: the last layer's output is the logits, "
                "its product plus bias of the layer below's output, with no mask, in training "
                "as in evaluation. Dropping logits would zero whole class scores at random.",
        .hint2 = "Sigmoid layers, p = 0.5, a training pass: the logits must equal layer 1's output "
                 "y times W2^T plus b2, computed here in double. About half of them 0 and the rest "
                 "doubled means the last layer got dropout too (its drop must be 0).") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.5f);
    wb_rng rng;
    wb_rng_seed(&rng, 77);
    deepnet_forward(&c.net, c.x, B, 1, &rng);
    const dn_layer *L1 = &c.net.layer[1], *L2 = &c.net.layer[2];
    const float *out = deepnet_output(&c.net);
    for (int i = 0; i < B * K; i++) {
        double want = L2->b.data[i % K];
        for (int k = 0; k < 4; k++)
            want += (double)L1->y[(i / K) * 4 + k] * L2->W.data[(i % K) * 4 + k];
        /* 4 float products of numbers below 2: 1e-5 relative, 1e-6 absolute near 0 */
        ck_assert_msg(fabs(out[i] - want) <= 1e-6 + 1e-5 * fabs(want), "training with p = 0.5: "
                      "logit [%d][%d] is %g, want layer 1's y . W2^T + b2 = %g (no dropout on "
                      "the last layer)", i / K, i % K, (double)out[i], want);
    }
    ck_assert_msg(L2->drop == 0.0f && !L2->mask, "the last layer has drop %g and a mask: want 0 "
                  "and none", (double)L2->drop);
    deepnet_free(&c.net);
}

WB_TEST(deepnet_eval_is_deterministic, .points = 1, .edit = "deepnet.c",
        .hint = "In evaluation (train = 0) dropout is the identity and batch norm uses its running statistics: "
                "the output must not depend on the random generator, and the running statistics must not move.",
        .hint2 = "Two evaluation passes with different generators must agree exactly; so must a network with "
                 "dropout and one without it (same weights).") {
    net_ctx c, plain;
    make_ctx(&c, ACT_RELU, 1, 0.5f);
    make_ctx(&plain, ACT_RELU, 1, 0.0f); /* the same seed: the same weights */
    net_loss(&c), net_loss(&plain);      /* one training pass each: running statistics not at their start */
    memcpy(plain.net.layer[0].bn.running_mean, c.net.layer[0].bn.running_mean, 7 * sizeof(float));
    memcpy(plain.net.layer[1].bn.running_mean, c.net.layer[1].bn.running_mean, 4 * sizeof(float));
    memcpy(plain.net.layer[0].bn.running_var, c.net.layer[0].bn.running_var, 7 * sizeof(float));
    memcpy(plain.net.layer[1].bn.running_var, c.net.layer[1].bn.running_var, 4 * sizeof(float));
    float rm[7];
    memcpy(rm, c.net.layer[0].bn.running_mean, sizeof rm);
    float out1[B * K], out2[B * K];
    wb_rng r1, r2;
    wb_rng_seed(&r1, 1), wb_rng_seed(&r2, 2);
    float *logits = c.net.layer[2].y;
    for (int i = 0; i < B * K; i++) logits[i] = NAN; /* "not written" reads as NaN */
    deepnet_forward(&c.net, c.x, B, 0, &r1);
    memcpy(out1, deepnet_output(&c.net), sizeof out1);
    deepnet_forward(&c.net, c.x, B, 0, &r2);
    memcpy(out2, deepnet_output(&c.net), sizeof out2);
    for (int i = 0; i < B * K; i++)
        ck_assert_msg(isfinite(out1[i]), "evaluation output [%d] is %g", i, (double)out1[i]);
    WB_ASSERT_CLOSE(out2, out1, B * K, 0, 0);
    WB_ASSERT_CLOSE(c.net.layer[0].bn.running_mean, rm, 7, 0, 0);
    deepnet_forward(&plain.net, plain.x, B, 0, NULL);
    WB_ASSERT_CLOSE(deepnet_output(&plain.net), out1, B * K, 1e-6, 1e-7);
    deepnet_free(&c.net);
    deepnet_free(&plain.net);
}

WB_TEST(layer_grad_norms_by_hand, .points = 1, .edit = "deepnet.c",
        .hint = "Each layer's norm is the square root of the sum of the squares of ALL entries of its weight "
                "gradient dW (the Frobenius norm), not of one row and not the sum of squares itself.",
        .hint2 = "Layer 0's dW (7,5) holds 3 and 4 and zeros: norm 5; layer 1's (4,7) is all 0.5: norm "
                 "0.5 sqrt(28) = 2.64575; layer 2's all 0: norm 0.") {
    net_ctx c;
    make_ctx(&c, ACT_SIGMOID, 0, 0.0f);
    for (size_t i = 0; i < c.net.grads.size; i++) c.net.grads.data[i] = 9.0f; /* biases must not count */
    dn_layer *L = c.net.layer;
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < L[l].dW.size; i++) L[l].dW.data[i] = l == 1 ? 0.5f : 0.0f;
    L[0].dW.data[0] = 3.0f, L[0].dW.data[L[0].dW.size - 1] = -4.0f;
    float norms[3] = {NAN, NAN, NAN}, want[3] = {5.0f, 2.6457513f, 0.0f};
    layer_grad_norms(&c.net, norms);
    WB_ASSERT_CLOSE(norms, want, 3, 1e-6, 0);
    deepnet_free(&c.net);
}

WB_TEST(sigmoid_gradients_vanish_with_depth, .points = 1, .edit = "deepnet.c",
        .hint = "Nielsen's chapter 5: at initialisation, in a deep sigmoid network each layer's weight gradient "
                "is several times smaller than the next one up. This needs the forward pass, the backward pass "
                "and the norms all right.",
        .hint2 = "8 sigmoid layers of 30 with Xavier weights on random data: the first layer's gradient norm is "
                 "over 10 times smaller than the last hidden layer's.") {
    enum { NL = 9, W = 30, NB = 16 };
    int sizes[NL + 1];
    activation acts[NL];
    for (int l = 0; l <= NL; l++) sizes[l] = l == NL ? 10 : W;
    for (int l = 0; l < NL; l++) acts[l] = l == NL - 1 ? ACT_NONE : ACT_SIGMOID;
    wb_rng rng;
    wb_rng_seed(&rng, 8);
    deepnet net;
    deepnet_init(&net, NL, sizes, acts, 0, 0.0f, INIT_XAVIER, NB, &rng);
    float x[NB * W], dlogits[NB * 10], norms[NL];
    int labels[NB];
    for (int i = 0; i < NB * W; i++) x[i] = wb_rng_normal(&rng);
    for (int i = 0; i < NB; i++) labels[i] = i % 10;
    deepnet_forward(&net, x, NB, 1, NULL);
    softmax_xent(deepnet_output(&net), labels, NB, 10, dlogits);
    deepnet_backward(&net, x, dlogits, NB);
    layer_grad_norms(&net, norms);
    ck_assert_msg(norms[0] > 0.0f && norms[0] * 10.0f < norms[NL - 2],
                  "gradient norms: first layer %g, last hidden layer %g: want the first > 0 and over 10 times "
                  "smaller", (double)norms[0], (double)norms[NL - 2]);
    deepnet_free(&net);
}
