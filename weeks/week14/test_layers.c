/* test_layers.c — the embeddings, layer norm and GELU: forward passes by hand and by their
 * definitions in double precision, backward passes against finite differences, and that every
 * backward ADDS into its gradients; GELU also on arrays of several chunks. */
#include "testing.h"
#include "week14.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = NAN;
}

WB_TEST(encoder_by_hand, .points = 2,
        .hint = "Position t of sequence b gets row inp[b,t] of wte PLUS row t of wpe: the position "
                "embedding is the row of the position in its sequence, counting from 0.",
        .hint2 = "Backward: each position's gradient is added into the token row it read and into "
                 "its position's row; a token that occurs twice gets both contributions.") {
    /* V 3, C 2, T 3, B 2: wte row v = (v, 10 v), wpe row t = (100 t, -100 t) */
    static const float wpe_rows[6] = {0, 0, 100, -100, 200, -200};
    /* wpe holds maxT = T = 3 rows and no more: a row past them stops the test naming wpe */
    float *wpe = wb_guarded_floats(6, "wpe (maxT = 3 rows: the row is the position t in its "
                                      "sequence, 0..T-1)");
    float wte[6] = {0, 0, 1, 10, 2, 20}, out[12];
    int inp[6] = {2, 0, 1, 1, 1, 2};
    memcpy(wpe, wpe_rows, sizeof wpe_rows);
    fill_nan(out, 12);
    encoder_forward(out, inp, wte, wpe, 2, 3, 2);
    float want[12] = {2, 20, 100, -100, 201, -190, 1, 10, 101, -90, 202, -180};
    WB_ASSERT_CLOSE(out, want, 12, 0, 0); /* sums of two small integers: exact */
    float dwte[6] = {0}, dwpe[6] = {0}, dout[12];
    for (int i = 0; i < 12; i++) dout[i] = (float)(i + 1);
    encoder_backward(dwte, dwpe, dout, inp, 2, 3, 2);
    encoder_backward(dwte, dwpe, dout, inp, 2, 3, 2); /* adds: twice the gradient */
    /* token 0 at (0,1); token 1 at (0,2), (1,0), (1,1); token 2 at (0,0), (1,2) */
    float gte[6] = {2 * 3, 2 * 4, 2 * (5 + 7 + 9), 2 * (6 + 8 + 10), 2 * (1 + 11), 2 * (2 + 12)};
    float gpe[6] = {2 * (1 + 7), 2 * (2 + 8), 2 * (3 + 9), 2 * (4 + 10), 2 * (5 + 11), 2 * (6 + 12)};
    WB_ASSERT_CLOSE(dwte, gte, 6, 0, 0);
    WB_ASSERT_CLOSE(dwpe, gpe, 6, 0, 0);
    wb_guarded_free(wpe);
}

WB_TEST(layernorm_by_hand, .points = 2,
        .hint = "Each row separately: its mean, its variance dividing by C (not C - 1), rstd = "
                "1 / sqrt(var + 1e-5), then (x - mean) * rstd * w + b with w and b per channel.",
        .hint2 = "Row (1, 2, 3, 6): mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5. A constant row has "
                 "variance 0: the 1e-5 keeps rstd finite and the output is b.") {
    float x[8] = {1, 2, 3, 6, 5, 5, 5, 5}, w[4] = {1, 2, -1, 0.5f}, b[4] = {0, 1, 2, -3};
    float out[8], mean[2], rstd[2];
    fill_nan(out, 8), fill_nan(mean, 2), fill_nan(rstd, 2);
    layernorm_forward(out, mean, rstd, x, w, b, 2, 4);
    double r = 1 / sqrt(3.5 + 1e-5), r2 = 1 / sqrt(1e-5);
    float want_out[8] = {(float)(-2 * r), (float)(-1 * r * 2 + 1), 2, (float)(3 * r * 0.5 - 3),
                         0, 1, 2, -3};
    float want_mean[2] = {3, 5}, want_rstd[2] = {(float)r, (float)r2};
    WB_ASSERT_CLOSE(mean, want_mean, 2, 1e-6, 0);
    WB_ASSERT_CLOSE(rstd, want_rstd, 2, 1e-5, 0); /* float sums of 4 terms, one sqrt: ~1e-7 */
    WB_ASSERT_CLOSE(out, want_out, 8, 1e-5, 1e-6);
}

WB_TEST(layernorm_far_from_zero, .points = 1,
        .hint = "The variance is the mean of the squared deviations (x_i - mean)^2, each taken "
                "after the mean is subtracted: a row whose values all lie near 1000 spreads by "
                "less than 1, and a float holds only about 7 digits of numbers near 1000^2.",
        .hint2 = "Row 1000 + (0.1, 0.7, -0.4, 0.3, -0.6): mean 1000.02, variance 0.2216, "
                 "rstd 2.124. The mean of the squares there is about 1000040, where floats are "
                 "0.0625 apart: less that minus mean^2 leaves the 0.22 with at most 2 good "
                 "digits, or below 0 (sqrt of a negative: NaN).") {
    enum { N = 2, C = 5 };
    const float d[C] = {0.1f, 0.7f, -0.4f, 0.3f, -0.6f};
    float x[N * C], w[C] = {1, -2, 0.5f, 1.5f, -1}, b[C] = {0.5f, 0, -1, 2, 1};
    for (int i = 0; i < C; i++) x[i] = 1000.0f + d[i], x[C + i] = 1000.125f; /* the 2nd: constant */
    float out[N * C], mean[N], rstd[N], want[N * C];
    fill_nan(out, N * C), fill_nan(mean, N), fill_nan(rstd, N);
    layernorm_forward(out, mean, rstd, x, w, b, N, C);
    /* the definition, in double, from the float inputs */
    for (int n = 0; n < N; n++) {
        double mu = 0, var = 0;
        for (int i = 0; i < C; i++) mu += x[n * C + i];
        mu /= C;
        for (int i = 0; i < C; i++) var += (x[n * C + i] - mu) * (x[n * C + i] - mu);
        double r = 1 / sqrt(var / C + 1e-5);
        ck_assert_msg(isfinite(rstd[n]) && fabs(rstd[n] - r) <= 2e-3 * r, "row %d (values near "
                      "1000, population variance %.6g): rstd %.7g, want %.7g", n, var / C,
                      (double)rstd[n], r);
        for (int i = 0; i < C; i++) want[n * C + i] = (float)((x[n * C + i] - mu) * r * w[i] + b[i]);
    }
    /* float's mean of 5 numbers near 1000 is off by up to ~1e-4 (ulp of 5000: 5e-4, over 5),
       about 2e-4 of the deviations (0.1..0.7): 2e-3 relative and 1e-3 absolute (rstd ~2, w <= 2)
       is far above that and far below what a variance with ~2 good digits gives */
    WB_ASSERT_CLOSE(out, want, N * C, 2e-3, 1e-3);
}

/* ---- gradient checks: the loss is sum(out * R) for a fixed random R ---- */
typedef struct ln_ctx {
    float *x, *w, *b, *R, *out, *mean, *rstd;
    int N, C;
} ln_ctx;

static double ln_loss(void *p) {
    ln_ctx *c = p;
    layernorm_forward(c->out, c->mean, c->rstd, c->x, c->w, c->b, c->N, c->C);
    double s = 0;
    for (int i = 0; i < c->N * c->C; i++) s += (double)c->out[i] * c->R[i];
    return s;
}

WB_TEST(layernorm_gradients, .points = 4,
        .hint = "With g = w * dout: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), the means over "
                "the row's C channels; dw += dout * xhat and db += dout, summed over rows.",
        .hint2 = "The mean and the variance both depend on every x of the row: leaving out the "
                 "mean(g) term or the xhat * mean(g xhat) term (the path through the variance) is "
                 "the usual mistake, and dx then fails while dw and db pass.",
        .hint3 = "The backward ADDS into dinp, dw and db: the test calls it twice and expects twice "
                 "the gradient.") {
    enum { N = 3, C = 5, NC = N * C };
    wb_rng r;
    wb_rng_seed(&r, 11);
    float x[NC], w[C], b[C], R[NC], out[NC], mean[N], rstd[N];
    wb_rng_fill_normal(&r, x, NC, 2.0f);
    wb_rng_fill_normal(&r, w, C, 1.0f);
    wb_rng_fill_normal(&r, b, C, 1.0f);
    wb_rng_fill_normal(&r, R, NC, 1.0f);
    ln_ctx c = {x, w, b, R, out, mean, rstd, N, C};
    float dx[NC] = {0}, dw[C] = {0}, db[C] = {0};
    fill_nan(out, NC), fill_nan(mean, N), fill_nan(rstd, N);
    ln_loss(&c);
    layernorm_backward(dx, dw, db, R, x, w, mean, rstd, N, C);
    double norm = 0;
    for (int i = 0; i < NC; i++) norm += fabs(dx[i]);
    ck_assert_msg(norm > 1e-6, "dinp is all 0 after layernorm_backward: it computes nothing yet");
    /* a loss of order 5 in float: ~3e-7 rounding per L, ~1.5e-4 over 2 eps = 2e-3; 2% relative */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(ln_loss, &c, x, dx, NC, 1e-3, 2e-2, 3e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(ln_loss, &c, w, dw, C, 1e-3, 2e-2, 3e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(ln_loss, &c, b, db, C, 1e-3, 2e-2, 3e-4));
    float dx2[NC], dw2[C], db2[C];
    for (int i = 0; i < NC; i++) dx2[i] = 2 * dx[i];
    for (int i = 0; i < C; i++) dw2[i] = 2 * dw[i], db2[i] = 2 * db[i];
    ln_loss(&c);
    layernorm_backward(dx, dw, db, R, x, w, mean, rstd, N, C);
    WB_ASSERT_CLOSE(dx, dx2, NC, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(dw, dw2, C, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(db, db2, C, 1e-5, 1e-7);
}

static double gelu_ref(double x) { /* GPT-2's tanh form, in double */
    return 0.5 * x * (1 + tanh(sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

WB_TEST(gelu_values, .points = 1,
        .hint = "GELU(x) = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): 0 at 0, about x for large "
                "x, about 0 (from below) for very negative x.",
        .hint2 = "GELU(1) = 0.8412, GELU(-1) = -0.1588: not ReLU's 0, and not tanh's.",
        .hint3 = "A crash here that names x or out: the array has n = 7 numbers, less than one "
                 "chunk of 1,024, so the (last) chunk is only n - i0 numbers long.") {
    static const float xs[7] = {0, 1, -1, 3, -3, 20, -20};
    /* x and out of exactly 7 floats: a chunk loop that runs a whole 1,024 stops at their end */
    float *x = wb_guarded_floats(7, "gelu_forward's inp (n = 7, less than one chunk)");
    float *out = wb_guarded_floats(7, "gelu_forward's out (n = 7, less than one chunk)"), want[7];
    memcpy(x, xs, sizeof xs);
    fill_nan(out, 7);
    gelu_forward(out, x, 7);
    for (int i = 0; i < 7; i++) want[i] = (float)gelu_ref(x[i]);
    WB_ASSERT_CLOSE(out, want, 7, 1e-5, 1e-7); /* one float tanh: ~1e-7 relative */
    wb_guarded_free(x), wb_guarded_free(out);
}

typedef struct gelu_ctx {
    float *x, *R, *out;
    int n;
} gelu_ctx;

static double gelu_loss(void *p) {
    gelu_ctx *c = p;
    gelu_forward(c->out, c->x, c->n);
    double s = 0;
    for (int i = 0; i < c->n; i++) s += (double)c->out[i] * c->R[i];
    return s;
}

WB_TEST(gelu_gradient, .points = 2,
        .hint = "GELU'(x) has two parts: (1 + tanh u) / 2 from the x in front, and x/2 (1 - tanh^2 u) "
                "du/dx from inside the tanh, with du/dx = sqrt(2/pi) (1 + 3 * 0.044715 x^2).",
        .hint2 = "It ADDS dout * GELU'(x) into dinp; the check calls it twice and expects twice.",
        .hint3 = "A crash here that names inp, dout or dinp: the array has n = 12 numbers, less "
                 "than one chunk of 1,024, so the (last) chunk is only n - i0 numbers long.") {
    enum { N = 12 };
    /* inp, dout and dinp of exactly N floats (zeroed): a loop over a whole chunk stops there */
    float *x = wb_guarded_floats(N, "gelu_backward's inp (n = 12, less than one chunk)");
    float *R = wb_guarded_floats(N, "gelu_backward's dout (n = 12, less than one chunk)");
    float *dx = wb_guarded_floats(N, "gelu_backward's dinp (n = 12, less than one chunk)");
    float out[N], dx2[N];
    for (int i = 0; i < N; i++) x[i] = -4.0f + 8.0f * i / (N - 1) + 0.01f, R[i] = 1.0f + 0.1f * i;
    gelu_ctx c = {x, R, out, N};
    gelu_backward(dx, x, R, N);
    ck_assert_msg(fabs(dx[N - 1]) > 0.5, "dinp[%d] = %g for x = %g: GELU' there is about 1", N - 1,
                  dx[N - 1], x[N - 1]);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(gelu_loss, &c, x, dx, N, 1e-3, 1e-2, 1e-4));
    for (int i = 0; i < N; i++) dx2[i] = 2 * dx[i];
    gelu_backward(dx, x, R, N);
    WB_ASSERT_CLOSE(dx, dx2, N, 1e-6, 0);
    wb_guarded_free(x), wb_guarded_free(R), wb_guarded_free(dx);
}

/* GELU' in double, from the tanh form: (1 + tanh u)/2 + x/2 (1 - tanh^2 u) du/dx */
static double gelu_grad_ref(double x) {
    double k = sqrt(2 / M_PI), th = tanh(k * (x + 0.044715 * x * x * x));
    return 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * k * (1 + 3 * 0.044715 * x * x);
}

WB_TEST(gelu_long_arrays, .points = 2,
        .hint = "GELU works through the array in chunks of 1,024 numbers: for the chunk starting at "
                "i0, the gate is computed from inp + i0, and element i0 + i of the output (or of "
                "dinp) uses inp[i0 + i] and gate[i]. Every real call is longer than one chunk.",
        .hint2 = "Right for the first 1,024 numbers and wrong after: some index inside the chunk "
                 "loop counts from the chunk's start where it should count from the array's, or "
                 "the other way round (the gate buffer is per chunk, the arrays are not).") {
    enum { N = 2500 }; /* three chunks, the last one partial (452) */
    float *x = malloc(3 * N * sizeof *x), *out = x + N, *dx = x + 2 * N, R[7];
    for (int i = 0; i < N; i++) x[i] = (float)(-5 + 10 * fmod(i * 0.6180339887, 1.0));
    for (int k = 0; k < 7; k++) R[k] = 0.5f + 0.25f * k;
    float *dout = malloc(N * sizeof *dout);
    for (int i = 0; i < N; i++) dout[i] = R[i % 7], dx[i] = 1.0f;
    fill_nan(out, N);
    gelu_forward(out, x, N);
    gelu_backward(dx, x, dout, N); /* adds onto the 1s */
    for (int i = 0; i < N; i++) {
        double want = gelu_ref(x[i]), dwant = 1 + dout[i] * gelu_grad_ref(x[i]);
        /* float's gate: ~1e-6 relative; values |x| <= 5, GELU' <= 1.13 */
        ck_assert_msg(fabs(out[i] - want) <= 1e-5 * fabs(want) + 1e-6, "gelu_forward: out[%d] = "
                      "%.7g for x = %.5g (chunk %d), GELU(x) = %.7g", i, out[i], x[i], i / 1024, want);
        ck_assert_msg(fabs(dx[i] - dwant) <= 1e-4 * fabs(dwant) + 1e-6, "gelu_backward: dinp[%d] "
                      "= %.7g for x = %.5g (chunk %d), want 1 + dout GELU'(x) = %.7g", i, dx[i], x[i],
                      i / 1024, dwant);
    }
    free(x), free(dout);
}
