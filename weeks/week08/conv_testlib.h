/* conv_testlib.h — what the week's tests share: random arrays, NaN-filled buffers, and the loss
 * for gradient checks of a conv layer. Not an exercise: nothing to write here. */
#ifndef CONV_TESTLIB_H
#define CONV_TESTLIB_H

#include "week08.h"

#include <math.h>
#include <stdlib.h>

/* n floats uniform in [-1, 1) (seeded: every run draws the same numbers). */
static inline float *tl_random(wb_rng *r, size_t n) {
    float *x = wb_malloc((n ? n : 1) * sizeof *x);
    wb_rng_fill_uniform(r, x, (long)n, -1.0f, 1.0f);
    return x;
}

/* n floats of NaN: whatever the code under test does not write reads as "not written". */
static inline float *tl_nans(size_t n) {
    float *x = wb_malloc((n ? n : 1) * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = NAN;
    return x;
}

static inline size_t tl_x_size(const conv_shape *s) { return (size_t)s->N * s->C * s->H * s->W; }
static inline size_t tl_w_size(const conv_shape *s) { return (size_t)s->OC * s->C * s->KH * s->KW; }
static inline size_t tl_y_size(const conv_shape *s) {
    return (size_t)s->N * s->OC * conv_out_h(s) * conv_out_w(s);
}

/* The loss for gradient checks: L = sum_i r[i] * y[i] with fixed random r, so dL/dy = r. It is
   linear in x, w and b, so a central difference has no truncation error at all: what the check
   measures is the backward pass and float rounding, nothing else. */
typedef struct tl_conv_ctx {
    const conv_shape *s;
    float *x, *w, *b, *y, *r, *col; /* col: NULL for the direct forward, else the im2col one */
} tl_conv_ctx;

static inline double tl_conv_loss(void *ctx) {
    tl_conv_ctx *c = ctx;
    if (c->col) conv2d_forward(c->s, c->x, c->w, c->b, c->y, c->col);
    else conv2d_forward_direct(c->s, c->x, c->w, c->b, c->y);
    double L = 0;
    for (size_t i = 0; i < tl_y_size(c->s); i++) L += (double)c->r[i] * c->y[i];
    return L;
}

#endif
