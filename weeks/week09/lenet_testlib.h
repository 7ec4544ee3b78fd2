/* lenet_testlib.h — what the week's tests share: a tiny LeNet with random parameters, random and
 * NaN-filled arrays, and an INDEPENDENT forward pass (week 08's direct loops, plain dense loops, the
 * flatten written as "the NCHW memory of each image, in order") to compare the network against.
 * Not an exercise: nothing to write here. */
#ifndef LENET_TESTLIB_H
#define LENET_TESTLIB_H

#include "testing.h"
#include "week09.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A LeNet small enough for a gradient check of every parameter: 16x16 inputs, 2 and 3 channels
   (16 -> 16 -> 8 -> 4 -> 2, F = 3*2*2 = 12), 5 and 4 hidden units, 3 classes: 309 parameters.
   Every size differs from the others, so a swapped pair of sizes cannot go unnoticed. */
#define TINY ((lenet_config){.H = 16, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 3, .drop = 0.0f, \
                             .max_batch = 4})

static inline float *tl_random(wb_rng *r, size_t n, float lo, float hi) {
    float *x = wb_malloc((n ? n : 1) * sizeof *x);
    wb_rng_fill_uniform(r, x, (long)n, lo, hi);
    return x;
}
static inline float *tl_nans(size_t n) {
    float *x = wb_malloc((n ? n : 1) * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = NAN;
    return x;
}

/* A tiny net whose parameters (biases too) are uniform in [-0.5, 0.5): no zero biases hiding a
   missing bias gradient. Dies (test failure) if lenet_init fails. */
static inline void tl_tiny(lenet *net, lenet_config cfg, uint64_t seed) {
    ck_assert_msg(lenet_init(net, &cfg, seed) == 0, "lenet_init on a valid config failed: %s", wb_last_error());
    ck_assert_msg(net->nparams > 0, "lenet_init: 0 parameters (lenet_param_sizes not written yet?)");
    wb_rng r;
    wb_rng_seed(&r, seed + 100);
    wb_rng_fill_uniform(&r, net->params, (long)net->nparams, -0.5f, 0.5f);
}

/* y (B,out) = x W^T + b, plain loops in double */
static inline void tl_dense(const float *x, const float *W, const float *b, float *y, int B, int in, int out,
                            int relu) {
    for (int n = 0; n < B; n++)
        for (int o = 0; o < out; o++) {
            double s = b[o];
            for (int i = 0; i < in; i++) s += (double)x[n * in + i] * W[o * in + i];
            y[n * out + o] = relu && s < 0 ? 0.0f : (float)s;
        }
}

/* The reference forward for parameters laid out as the header says (sizes from the config alone,
   NOT from the code under test), evaluation mode. logits (B,classes). */
static inline void tl_forward(const lenet_config *c, const float *params, const float *x, int B, float *logits) {
    const int H = c->H, P1 = H / 2, S2 = P1 - 4, P2 = S2 / 2, F = c->c2 * P2 * P2;
    const float *cw1 = params, *cb1 = cw1 + c->c1 * 25, *cw2 = cb1 + c->c1, *cb2 = cw2 + c->c2 * c->c1 * 25;
    const float *w1 = cb2 + c->c2, *b1 = w1 + c->f1 * F, *w2 = b1 + c->f1, *b2 = w2 + c->f2 * c->f1;
    const float *w3 = b2 + c->f2, *b3 = w3 + c->classes * c->f2;
    conv_shape s1 = {.N = B, .C = 1, .H = H, .W = H, .OC = c->c1, .KH = 5, .KW = 5, .stride = 1, .pad = 2};
    conv_shape s2 = {.N = B, .C = c->c1, .H = P1, .W = P1, .OC = c->c2, .KH = 5, .KW = 5, .stride = 1, .pad = 0};
    pool_shape q1 = {.N = B, .C = c->c1, .H = H, .W = H, .K = 2, .stride = 2};
    pool_shape q2 = {.N = B, .C = c->c2, .H = S2, .W = S2, .K = 2, .stride = 2};
    size_t n1 = (size_t)B * c->c1 * H * H, n2 = (size_t)B * c->c2 * S2 * S2;
    float *y1 = wb_malloc(n1 * 4), *p1 = wb_malloc(n1 * 4), *y2 = wb_malloc(n2 * 4), *p2 = wb_malloc(n2 * 4);
    int *arg = wb_malloc(n1 * sizeof *arg);
    float *h1 = wb_malloc((size_t)B * c->f1 * 4), *h2 = wb_malloc((size_t)B * c->f2 * 4);
    conv2d_forward_direct(&s1, x, cw1, cb1, y1);
    for (size_t i = 0; i < n1; i++) y1[i] = y1[i] > 0 ? y1[i] : 0;
    maxpool2d_forward(&q1, y1, p1, arg);
    conv2d_forward_direct(&s2, p1, cw2, cb2, y2);
    for (size_t i = 0; i < n2; i++) y2[i] = y2[i] > 0 ? y2[i] : 0;
    maxpool2d_forward(&q2, y2, p2, arg);
    /* flatten: PyTorch's torch.flatten(x, 1) of NCHW memory is each image's block, in memory order */
    tl_dense(p2, w1, b1, h1, B, F, c->f1, 1);
    tl_dense(h1, w2, b2, h2, B, c->f1, c->f2, 1);
    tl_dense(h2, w3, b3, logits, B, c->f2, c->classes, 0);
    free(y1), free(p1), free(y2), free(p2), free(arg), free(h1), free(h2);
}

#endif
