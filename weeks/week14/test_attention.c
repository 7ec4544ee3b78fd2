/* test_attention.c — causal multi-head attention: the forward pass against the definition
 * computed in double precision, exact zeros on the masked positions (also for extreme scores),
 * and the backward pass against finite differences. */
#include "testing.h"
#include "week14.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = NAN;
}

/* The definition, in double, one (b, h, t) at a time: att (B,NH,T,T), out (B,T,C). */
static void attention_ref(double *out, double *att, const float *inp, int B, int T, int C, int NH) {
    int hs = C / NH;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++)
            for (int t = 0; t < T; t++) {
                const float *q = inp + ((size_t)b * T + t) * 3 * C + h * hs;
                double *a = att + (((size_t)b * NH + h) * T + t) * T, mx = -INFINITY, sum = 0;
                for (int j = 0; j < T; j++) {
                    const float *k = inp + ((size_t)b * T + j) * 3 * C + C + h * hs;
                    double s = 0;
                    for (int i = 0; i < hs; i++) s += (double)q[i] * k[i];
                    a[j] = j <= t ? s / sqrt(hs) : -INFINITY;
                    if (a[j] > mx) mx = a[j];
                }
                for (int j = 0; j < T; j++) a[j] = j <= t ? exp(a[j] - mx) : 0, sum += a[j];
                for (int j = 0; j < T; j++) a[j] /= sum;
                for (int i = 0; i < hs; i++) {
                    double o = 0;
                    for (int j = 0; j <= t; j++)
                        o += a[j] * inp[((size_t)b * T + j) * 3 * C + 2 * C + h * hs + i];
                    out[((size_t)b * T + t) * C + h * hs + i] = o;
                }
            }
}

static void to_float(const double *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = (float)x[i];
}

/* attention_forward on inp (out and att filled with NaN first) against attention_ref: float dot
   products of hs terms, exp and sums of <= T terms, a few 1e-7 relative */
static void forward_matches_definition(const float *inp, float *out, float *att, int B, int T,
                                       int C, int NH) {
    const size_t no = (size_t)B * T * C, na = (size_t)B * NH * T * T;
    double *ro = malloc(no * sizeof *ro), *ra = malloc(na * sizeof *ra);
    float *want_out = malloc(no * sizeof *want_out), *want_att = malloc(na * sizeof *want_att);
    fill_nan(out, no), fill_nan(att, na);
    attention_forward(out, att, inp, B, T, C, NH);
    attention_ref(ro, ra, inp, B, T, C, NH);
    to_float(ro, want_out, no), to_float(ra, want_att, na);
    WB_ASSERT_CLOSE(att, want_att, na, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(out, want_out, no, 1e-5, 1e-6);
    free(ro), free(ra), free(want_out), free(want_att);
}

WB_TEST(attention_matches_definition, .points = 4,
        .hint = "Per sequence b, head h and query t: scores q_t . k_j / sqrt(hs) for j <= t, a "
                "softmax over those j only, and the output is the weighted sum of the values v_j. "
                "Head h reads and writes the channels h*hs .. h*hs + hs - 1 of q, k, v and out.",
        .hint2 = "Weights a little too peaked: the 1/sqrt(hs) scale is missing. Rows of att that sum "
                 "to less than 1: the softmax ran over the whole row and the mask came after it. "
                 "Right weights but out wrong: head h's output must go back to head h's channels.",
        .hint3 = "q, k and v of position t sit side by side in inp (B,T,3C): q at [0,C), k at "
                 "[C,2C), v at [2C,3C); a head's slice is rows 3C floats apart.") {
    enum { B = 2, T = 5, C = 6, NH = 3 };
    wb_rng r;
    wb_rng_seed(&r, 21);
    float inp[B * T * 3 * C], out[B * T * C], att[B * NH * T * T];
    wb_rng_fill_normal(&r, inp, B * T * 3 * C, 1.5f);
    forward_matches_definition(inp, out, att, B, T, C, NH);
}

WB_TEST(attention_masked_weights_are_exact_zeros, .points = 2,
        .hint = "The mask belongs BEFORE the softmax: position t's weights over j > t are exactly "
                "0.0 (not 1e-30), and its weights over j <= t sum to 1.",
        .hint2 = "Scores of +-1000 overflow exp unless the softmax subtracts the row's maximum over "
                 "the visible positions j <= t first.") {
    enum { B = 1, T = 6, C = 4, NH = 2 };
    wb_rng r;
    wb_rng_seed(&r, 22);
    float inp[B * T * 3 * C], out[B * T * C], att[B * NH * T * T];
    wb_rng_fill_normal(&r, inp, B * T * 3 * C, 1.0f);
    for (int i = 0; i < B * T * 3 * C; i++) inp[i] *= 40.0f; /* scores of order +-1000 */
    fill_nan(out, B * T * C), fill_nan(att, B * NH * T * T);
    attention_forward(out, att, inp, B, T, C, NH);
    for (int h = 0; h < NH; h++)
        for (int t = 0; t < T; t++) {
            const float *a = att + ((size_t)h * T + t) * T;
            double sum = 0;
            for (int j = 0; j <= t; j++) {
                ck_assert_msg(isfinite(a[j]) && a[j] >= 0, "att[h %d][t %d][j %d] = %g: not a "
                              "probability (scores near +-1000)", h, t, j, a[j]);
                sum += a[j];
            }
            ck_assert_msg(fabs(sum - 1) < 1e-5, "head %d, query %d: the visible weights sum to %.7f, "
                          "not 1", h, t, sum);
            for (int j = t + 1; j < T; j++)
                ck_assert_msg(a[j] == 0.0f, "att[h %d][t %d][j %d] = %g: a future position, it must "
                              "be exactly 0", h, t, j, a[j]);
        }
    for (int i = 0; i < B * T * C; i++)
        ck_assert_msg(isfinite(out[i]), "out[%d] = %g with scores near +-1000", i, out[i]);
}

typedef struct att_ctx {
    float *inp, *out, *att, *R;
    int B, T, C, NH;
} att_ctx;

static double att_loss(void *p) {
    att_ctx *c = p;
    attention_forward(c->out, c->att, c->inp, c->B, c->T, c->C, c->NH);
    double s = 0;
    for (int i = 0; i < c->B * c->T * c->C; i++) s += (double)c->out[i] * c->R[i];
    return s;
}

WB_TEST(attention_gradients, .points = 4,
        .hint = "Per head: dv_j = sum_t a_tj do_t; da_tj = do_t . v_j; the softmax's backward "
                "ds_tj = a_tj (da_tj - sum_j' a_tj' da_tj'); then dq_t = sum_j ds_tj k_j / sqrt(hs) "
                "and dk_j = sum_t ds_tj q_t / sqrt(hs).",
        .hint2 = "Only dv right: look at the softmax's backward (the sum runs over the visible j "
                 "only; masked entries have a = 0 and get ds = 0). dq right but dk wrong: dk_j sums "
                 "over the queries t that looked at j, the transpose of dq's product.",
        .hint3 = "attention_backward ADDS into dinp (the check calls it twice); datt is scratch.") {
    enum { B = 2, T = 4, C = 6, NH = 2, N3 = B * T * 3 * C };
    wb_rng r;
    wb_rng_seed(&r, 23);
    float inp[N3], out[B * T * C], att[B * NH * T * T], datt[B * NH * T * T], R[B * T * C];
    wb_rng_fill_normal(&r, inp, N3, 1.0f);
    wb_rng_fill_normal(&r, R, B * T * C, 1.0f);
    att_ctx c = {inp, out, att, R, B, T, C, NH};
    float dinp[N3] = {0}, twice[N3];
    fill_nan(out, B * T * C), fill_nan(att, B * NH * T * T);
    att_loss(&c);
    fill_nan(datt, B * NH * T * T);
    attention_backward(dinp, datt, R, inp, att, B, T, C, NH);
    double norm = 0;
    for (int i = 0; i < N3; i++) norm += fabs(dinp[i]);
    ck_assert_msg(norm > 1e-6, "dinp is all 0 after attention_backward: it computes nothing yet");
    /* a loss of order 3 in float: ~2e-7 rounding, ~1e-4 in a difference over 2 eps */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(att_loss, &c, inp, dinp, N3, 1e-3, 2e-2, 2e-4));
    for (int i = 0; i < N3; i++) twice[i] = 2 * dinp[i];
    att_loss(&c);
    fill_nan(datt, B * NH * T * T);
    attention_backward(dinp, datt, R, inp, att, B, T, C, NH);
    WB_ASSERT_CLOSE(dinp, twice, N3, 1e-5, 1e-7);
}

WB_TEST(attention_long_sequence, .points = 2,
        .hint = "At T = 37 the given causal_scores, causal_times and causal_transpose_times cut "
                "the (T,T) products into two row blocks (24 and 13 rows): the same results "
                "as at T = 5, but only if each product goes to the helper that matches it.",
        .hint2 = "Forward right, backward wrong: dv = a^T do and dk = ds^T q read a (and ds) "
                 "transposed, which is causal_transpose_times; dq = ds k is causal_times.",
        .hint3 = "The entries right of a row's block are never computed: the softmax (and its "
                 "backward) must still write the zeros of j > t over the whole row.") {
    enum { B = 1, T = 37, C = 4, NH = 2, N3 = B * T * 3 * C };
    wb_rng r;
    wb_rng_seed(&r, 24);
    float inp[N3], out[B * T * C], att[B * NH * T * T], datt[B * NH * T * T], R[B * T * C];
    wb_rng_fill_normal(&r, inp, N3, 1.0f);
    wb_rng_fill_normal(&r, R, B * T * C, 1.0f);
    forward_matches_definition(inp, out, att, B, T, C, NH);
    att_ctx c = {inp, out, att, R, B, T, C, NH};
    float dinp[N3] = {0};
    fill_nan(datt, B * NH * T * T);
    attention_backward(dinp, datt, R, inp, att, B, T, C, NH);
    for (int i = 0; i < N3; i++) /* datt came NaN-filled: only a read of what no one wrote gives NaN */
        ck_assert_msg(isfinite(dinp[i]), "dinp[%d] = %g at T = 37 (datt NaN-filled before the "
                      "call): the backward read an entry of datt right of its row block, which "
                      "causal_scores never writes; a row's softmax backward uses j <= t only",
                      i, dinp[i]);
    /* the loss is a sum of 148 products of order 1: float rounding ~1e-5, ~1e-2 over 2 eps */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(att_loss, &c, inp, dinp, N3, 1e-2, 2e-2, 2e-3));
}
