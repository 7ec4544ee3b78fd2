/* test_layer.h — for test_lstm.c and test_gru.c: one recurrent layer on a dense input of the
 * test's own, its loss L = sum of w * h_t, and the check of all its gradients. */
#ifndef TEST_LAYER_H
#define TEST_LAYER_H

#include "testing.h"
#include "week11.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline void fill_nan(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = NAN;
}

/* A layer made by seqlm_init (1 layer), reading a dense input of our own: the parameters are the
   first n_layer_params of m->params. */
typedef struct lay {
    seqlm m;
    rec_layer *l;
    float *x, *dx, *w; /* (T,B,D) input, its gradient, and the loss weights (T,B,H) */
    size_t np;
} lay;

static inline void lay_init(lay *s, int cell, int D, int H, int B, int T, wb_rng *r) {
    seqlm_init(&s->m, cell, D, H, 1, B, T, r);
    s->l = &s->m.layer[0];
    s->np = (size_t)cell * H * (D + H + 2);
    wb_rng_fill_normal(r, s->m.params, (long)s->np, 0.7f);
    s->x = malloc((size_t)T * B * D * sizeof(float));
    s->dx = malloc((size_t)T * B * D * sizeof(float));
    s->w = malloc((size_t)T * B * H * sizeof(float));
    wb_rng_fill_normal(r, s->x, (long)T * B * D, 1.0f);
    wb_rng_fill_normal(r, s->w, (long)T * B * H, 1.0f);
    s->l->x = s->x, s->l->dx = s->dx;
    wb_rng_fill_normal(r, s->l->h, (long)B * H, 0.5f);
    if (s->l->c) wb_rng_fill_normal(r, s->l->c, (long)B * H, 1.0f);
}

static inline void lay_free(lay *s) {
    s->m.layer[0].x = NULL, s->m.layer[0].dx = NULL;
    seqlm_free(&s->m);
    free(s->x), free(s->dx), free(s->w);
}

/* L = sum over t, b, j of w[t][b][j] h_{t+1}[b][j]: every h_t matters, with different weights. */
static inline double lay_loss(void *p) {
    lay *s = p;
    rec_layer *l = s->l;
    if (l->cell == CELL_LSTM) lstm_layer_forward(l, l->T);
    else gru_layer_forward(l, l->T);
    double L = 0;
    size_t n = (size_t)l->T * l->B * l->H;
    for (size_t i = 0; i < n; i++) L += (double)s->w[i] * l->h[(size_t)l->B * l->H + i];
    return L;
}

static inline void lay_backward(lay *s) {
    rec_layer *l = s->l;
    lay_loss(s);
    memcpy(l->dh, s->w, (size_t)l->T * l->B * l->H * sizeof(float));
    fill_nan(s->dx, (size_t)l->T * l->B * l->D);
    fill_nan(l->dh0, (size_t)l->B * l->H), fill_nan(l->dc0, (size_t)l->B * l->H);
    if (l->cell == CELL_LSTM) lstm_layer_backward(l);
    else gru_layer_backward(l);
}

/* Every gradient of the layer against central differences. */
static inline void check_layer_grads(lay *s) {
    rec_layer *l = s->l;
    size_t BH = (size_t)l->B * l->H;
    seqlm_zero_grad(&s->m);
    lay_backward(s);
    float *g = malloc(s->np * sizeof *g), *dx = malloc((size_t)l->T * l->B * l->D * sizeof *dx);
    float *dh0 = malloc(BH * sizeof *dh0), *dc0 = malloc(BH * sizeof *dc0);
    memcpy(g, s->m.grads, s->np * sizeof *g);
    memcpy(dx, s->dx, (size_t)l->T * l->B * l->D * sizeof *dx);
    memcpy(dh0, l->dh0, BH * sizeof *dh0), memcpy(dc0, l->dc0, BH * sizeof *dc0);
    /* float32 losses of size ~5 carry ~1e-6 rounding, ~1e-3 in a difference over 2e-3: gradients
       of order 0.1-1, so 3% relative plus 2e-3 absolute */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(lay_loss, s, s->m.params, g, (long)s->np, 1e-3, 3e-2, 2e-3));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(lay_loss, s, s->x, dx, (long)l->T * l->B * l->D, 1e-3, 3e-2, 2e-3));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(lay_loss, s, l->h, dh0, (long)BH, 1e-3, 3e-2, 2e-3));
    if (l->cell == CELL_LSTM)
        WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(lay_loss, s, l->c, dc0, (long)BH, 1e-3, 3e-2, 2e-3));
    free(g), free(dx), free(dh0), free(dc0);
}

/* 0 when x[0..n-1] has no NaN; else fails naming what and why. */
static inline void assert_no_nan(const char *what, const float *x, long n, const char *why) {
    for (long i = 0; i < n; i++)
        ck_assert_msg(!isnan(x[i]), "%s[%ld] is NaN after the backward: %s", what, i, why);
}

/* The layer's backward twice on the same chunk (lay_backward fills dx, dh0 and dc0 with NaN
   before each call): the weight gradients add up (twice the first call's), dx, dh0 and dc0 are
   written afresh each time (the same values). */
static inline void check_adds_and_restarts(int cell, unsigned seed, const char *name) {
    enum { D = 3, H = 2, B = 2, T = 4, BH = B * H, TBD = T * B * D };
    wb_rng r;
    wb_rng_seed(&r, seed);
    lay s;
    lay_init(&s, cell, D, H, B, T, &r);
    seqlm_zero_grad(&s.m);
    lay_backward(&s);
    float *once = malloc(s.np * sizeof *once), dx[TBD], dh0[BH], dc0[BH];
    memcpy(once, s.m.grads, s.np * sizeof *once);
    double norm = 0;
    for (size_t i = 0; i < s.np; i++) norm += (double)once[i] * once[i];
    ck_assert_msg(norm > 1e-6 || isnan(norm), "all gradients are 0 after %s: it computes nothing "
                  "yet, or it lost the output's share: each step's dL/dh_t is l->dh[t] (from above) "
                  "PLUS what step t+1 sends back, added, so the last step starts from l->dh alone", name);
    assert_no_nan("the weight gradients", once, (long)s.np,
                  "the test filled dh0 (and dc0) with NaN before the call, and the backward read "
                  "them: nothing flows in from after the chunk, so they start at 0 (set, not "
                  "assumed) before the last step");
    assert_no_nan("dh0", s.l->dh0, BH, "it must hold dL/dh_0 after step 0 (written, not added to)");
    if (cell == CELL_LSTM)
        assert_no_nan("dc0", s.l->dc0, BH, "it must hold dL/dc_0 after step 0 (written, not added to)");
    assert_no_nan("dx", s.dx, TBD, "the test filled dx with NaN before the call: dx = dgx W_x is "
                  "written (beta 0), not added to; in a model dx is the dh of the layer below, "
                  "which holds old scratch");
    memcpy(dx, s.dx, sizeof dx), memcpy(dh0, s.l->dh0, sizeof dh0), memcpy(dc0, s.l->dc0, sizeof dc0);
    lay_backward(&s);
    for (size_t i = 0; i < s.np; i++) once[i] *= 2;
    /* the same operations on the same numbers: a sum of two equal terms, a few ulps */
    WB_ASSERT_CLOSE(s.m.grads, once, (long)s.np, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(s.dx, dx, TBD, 1e-6, 0);
    WB_ASSERT_CLOSE(s.l->dh0, dh0, BH, 1e-6, 0);
    if (cell == CELL_LSTM) WB_ASSERT_CLOSE(s.l->dc0, dc0, BH, 1e-6, 0);
    free(once);
    lay_free(&s);
}

/* A chunk of 3 steps on a T = 4 layer, after a full chunk's forward and backward, against a fresh
   T = 3 layer with the same parameters, input, state and loss weights that only ran those 3 steps:
   the backward must go through the chunk of the LAST forward (t_last steps), not the buffers' T. */
static inline void check_short_chunk_after_full(int cell, unsigned seed) {
    enum { D = 3, H = 2, B = 2, T = 4, S = 3 };
    const size_t BH = (size_t)B * H;
    wb_rng r;
    wb_rng_seed(&r, seed);
    lay full, fresh;
    lay_init(&full, cell, D, H, B, T, &r);
    lay_init(&fresh, cell, D, H, B, S, &r);
    memcpy(fresh.m.params, full.m.params, full.np * sizeof(float));
    memcpy(fresh.x, full.x, (size_t)S * B * D * sizeof(float));
    memcpy(fresh.w, full.w, (size_t)S * BH * sizeof(float));
    memcpy(fresh.l->h, full.l->h, BH * sizeof(float));
    if (cell == CELL_LSTM) memcpy(fresh.l->c, full.l->c, BH * sizeof(float));
    lay_backward(&full); /* the full chunk: leaves its 4th step in every buffer */
    rec_layer *l = full.l;
    seqlm_zero_grad(&full.m);
    if (cell == CELL_LSTM) lstm_layer_forward(l, S);
    else gru_layer_forward(l, S);
    memcpy(l->dh, full.w, (size_t)S * BH * sizeof(float));
    fill_nan(full.dx, (size_t)S * B * D), fill_nan(l->dh0, BH), fill_nan(l->dc0, BH);
    if (cell == CELL_LSTM) lstm_layer_backward(l);
    else gru_layer_backward(l);
    seqlm_zero_grad(&fresh.m);
    lay_backward(&fresh);
    double norm = 0;
    for (size_t i = 0; i < fresh.np; i++) norm += (double)fresh.m.grads[i] * fresh.m.grads[i];
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after the layer's backward: it computes "
                  "nothing yet");
    /* the same steps on the same numbers; the products may block differently: 1e-5 relative */
    WB_ASSERT_CLOSE(full.m.grads, fresh.m.grads, (long)full.np, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(full.dx, fresh.dx, (long)S * B * D, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(l->dh0, fresh.l->dh0, (long)BH, 1e-5, 1e-6);
    if (cell == CELL_LSTM) WB_ASSERT_CLOSE(l->dc0, fresh.l->dc0, (long)BH, 1e-5, 1e-6);
    lay_free(&full), lay_free(&fresh);
}

#endif
