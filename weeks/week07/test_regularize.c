/* test_regularize.c — tests for regularize.c: the L2 and L1 penalties on a small week 05 network
 * whose parameters are set by hand: the value, the gradient added to the weights only (biases
 * untouched), and the gradient against finite differences of the penalty itself; then both on a
 * batch-norm deepnet, whose weight matrices are not every other tensor. */
#include "testing.h"
#include "week07.h"

#include <math.h>

/* A 3-2-2 mlp: W0 (2,3), b0 (2), W1 (2,2), b1 (2); 14 parameters. Weights w_i = 0.5 - 0.25 i
   (so one of them is exactly 0), biases 10 (large: penalising them would show), gradients all 1. */
static void small_net(mlp *m) {
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    mlp_init(m, 2, (int[]){3, 2, 2}, (activation[]){ACT_RELU, ACT_NONE}, 4, &rng);
    int k = 0;
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < m->layer[l].W.size; i++) m->layer[l].W.data[i] = 0.5f - 0.25f * (float)k++;
        for (size_t i = 0; i < m->layer[l].b.size; i++) m->layer[l].b.data[i] = 10.0f;
    }
    for (size_t i = 0; i < m->grads.size; i++) m->grads.data[i] = 1.0f;
}

WB_TEST(l2_penalty_weights_not_biases, .points = 2, .edit = "regularize.c",
        .hint = "L2 penalises the weights only: walk the parameter tensors and treat those with two dimensions "
                "(the weight matrices); biases are vectors. Add lambda * w to the gradient that is already "
                "there, and return (lambda / 2) times the sum of the squared weights.",
        .hint2 = "Here the weights are 0.5, 0.25, 0, ..., -1.75 (10 of them, sum of squares 9.0625) and the "
                 "biases 10. lambda 0.1: penalty 0.453125; a weight gradient 1 becomes 1 + 0.1 w; a bias gradient "
                 "stays 1. A penalty of 20.453125 means the biases were included; 0.90625 means the 1/2 is missing; "
                 "gradients of 0.1 w mean you overwrote the data's gradient instead of adding to it.") {
    mlp m;
    small_net(&m);
    float pen = l2_penalty(&m.params, &m.grads, 0.1f);
    WB_ASSERT_NEAR(pen, 0.453125f, 1e-6, 0); /* 0.05 * 9.0625: sums of exact quarters */
    for (int l = 0; l < 2; l++) {
        float want[6];
        for (size_t i = 0; i < m.layer[l].W.size; i++) want[i] = 1.0f + 0.1f * m.layer[l].W.data[i];
        WB_ASSERT_CLOSE(m.grad[l].W.data, want, (long)m.grad[l].W.size, 1e-6, 0);
        WB_ASSERT_CLOSE(m.grad[l].b.data, ((float[2]){1.0f, 1.0f}), 2, 0, 0);
    }
    mlp_free(&m);
}

typedef struct pen_ctx {
    mlp *m;
    wb_params *scratch;
    int l1;
} pen_ctx;

static double penalty_of(void *p) {
    pen_ctx *c = p;
    return c->l1 ? l1_penalty(&c->m->params, c->scratch, 0.3f) : l2_penalty(&c->m->params, c->scratch, 0.3f);
}

WB_TEST(l2_gradient_matches_finite_differences, .points = 1, .edit = "regularize.c",
        .hint = "The gradient you add must be the derivative of the penalty you return: d/dw (lambda/2) w^2 = "
                "lambda w, and 0 for every bias.") {
    mlp m;
    small_net(&m);
    for (size_t i = 0; i < m.grads.size; i++) m.grads.data[i] = 0.0f;
    float pen = l2_penalty(&m.params, &m.grads, 0.3f);
    WB_ASSERT_NEAR(pen, 0.15f * 9.0625f, 1e-6, 0); /* (0.3 / 2) times the weights' sum of squares */
    /* the finite differences call the penalty again, so they add into a scratch copy of the layout */
    mlp scratch;
    small_net(&scratch);
    pen_ctx ctx = {&m, &scratch.grads, 0};
    /* the penalty is quadratic: central differences are exact up to float rounding of sums near 1 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(penalty_of, &ctx, m.params.data, m.grads.data,
                                              (long)m.params.size, 1e-2, 1e-2, 1e-4));
    mlp_free(&scratch);
    mlp_free(&m);
}

WB_TEST(l1_penalty_and_its_subgradient, .points = 2, .edit = "regularize.c",
        .hint = "L1 is lambda times the sum of |w| over the weights; its gradient is lambda sign(w), a constant "
                "push towards zero whatever the weight's size, and 0 for a weight that is exactly 0. Biases are "
                "left alone, as for L2.",
        .hint2 = "Weights 0.5, 0.25, 0, -0.25, ..., -1.75: sum of |w| = 7.75, lambda 0.1 gives 0.775; gradients "
                 "1.1 for positive weights, 1 for the zero one, 0.9 for negative ones. If the gradient grows "
                 "with the weight you computed L2's.") {
    mlp m;
    small_net(&m);
    float pen = l1_penalty(&m.params, &m.grads, 0.1f);
    WB_ASSERT_NEAR(pen, 0.775f, 1e-6, 0);
    for (int l = 0; l < 2; l++) {
        float want[6];
        for (size_t i = 0; i < m.layer[l].W.size; i++) {
            float w = m.layer[l].W.data[i];
            want[i] = w > 0 ? 1.1f : w < 0 ? 0.9f : 1.0f;
        }
        WB_ASSERT_CLOSE(m.grad[l].W.data, want, (long)m.grad[l].W.size, 1e-6, 0);
        WB_ASSERT_CLOSE(m.grad[l].b.data, ((float[2]){1.0f, 1.0f}), 2, 0, 0);
    }
    mlp_free(&m);
}

/* A 3-2-2 deepnet with batch norm on its hidden layer: W0 (2,3), b0 (2), gamma0 (2), W1 (2,2),
   b1 (2), in that order in params, so the weight matrices are tensors 0 and 3, not every other
   one. The same weights as small_net, biases and gammas 10, gradients all 1. */
static void small_bn_net(deepnet *n) {
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    deepnet_init(n, 2, (int[]){3, 2, 2}, (activation[]){ACT_RELU, ACT_NONE}, 1, 0.0f, INIT_XAVIER,
                 4, &rng);
    int k = 0;
    for (int l = 0; l < 2; l++) {
        dn_layer *L = &n->layer[l];
        for (size_t i = 0; i < L->W.size; i++) L->W.data[i] = 0.5f - 0.25f * (float)k++;
        for (size_t i = 0; i < L->b.size; i++) L->b.data[i] = 10.0f;
        if (L->norm)
            for (size_t i = 0; i < L->gamma.size; i++) L->gamma.data[i] = 10.0f;
    }
    for (size_t i = 0; i < n->grads.size; i++) n->grads.data[i] = 1.0f;
}

/* every gradient entry of p's tensors: 1 + dpen(w) for the matrices, 1 for the vectors */
static void check_penalty_grads(const char *fn, const wb_params *p, const wb_params *g, int l1) {
    for (int t = 0; t < p->count; t++) {
        const float *w = p->data + p->offsets[t], *dw = g->data + p->offsets[t];
        int matrix = p->views[t]->ndim == 2;
        for (size_t i = 0; i < p->views[t]->size; i++) {
            float want = !matrix ? 1.0f : l1 ? 1.0f + 0.1f * (float)((w[i] > 0) - (w[i] < 0))
                                             : 1.0f + 0.1f * w[i];
            /* 1 + 0.1 w is one float rounding away from the exact value: 1e-6 relative */
            ck_assert_msg(fabsf(dw[i] - want) <= 1e-6f * fabsf(want),
                          "%s: the gradient of %s (tensor %d, %s)[%zu] is %g, want %g", fn,
                          p->names[t], t, matrix ? "a weight matrix" : "a vector: no penalty", i,
                          (double)dw[i], (double)want);
        }
    }
}

WB_TEST(penalties_find_the_weights_of_a_batchnorm_net, .points = 2, .edit = "regularize.c",
        .hint = "Which tensors are weights is told by their shape, not by their place in the list: "
                "penalise exactly the tensors with ndim == 2. With batch norm a layer has W, b and "
                "gamma, so the weights are not every other tensor.",
        .hint2 = "Here params holds W0, b0, gamma0, W1, b1 (tensors 0 to 4), with the weights of "
                 "the other tests, biases and gammas 10. lambda 0.1: L2 0.453125 and L1 0.775 as "
                 "before. A penalty near 20 and W1's gradient left at 1 mean the loop penalised "
                 "tensors 0, 2, 4 (W0, gamma0, b1): the W, b alternation of an mlp, which batch "
                 "norm breaks.") {
    deepnet n;
    small_bn_net(&n);
    float pen = l2_penalty(&n.params, &n.grads, 0.1f);
    check_penalty_grads("l2_penalty", &n.params, &n.grads, 0); /* names the tensor that is wrong */
    /* the same weights as small_net: the same sums of exact quarters */
    ck_assert_msg(fabsf(pen - 0.453125f) <= 1e-6f, "l2_penalty of W0, b0, gamma0, W1, b1 is %g, "
                  "want 0.453125 (the two weight matrices only)", (double)pen);
    for (size_t i = 0; i < n.grads.size; i++) n.grads.data[i] = 1.0f;
    pen = l1_penalty(&n.params, &n.grads, 0.1f);
    check_penalty_grads("l1_penalty", &n.params, &n.grads, 1);
    ck_assert_msg(fabsf(pen - 0.775f) <= 1e-6f, "l1_penalty of W0, b0, gamma0, W1, b1 is %g, want "
                  "0.775 (the two weight matrices only)", (double)pen);
    deepnet_free(&n);
}
