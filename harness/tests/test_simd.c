// test_simd.c — the elementwise kernels of simd.h for every instruction set this CPU has (forced
// with wb_cpu_force), against double-precision libm and plain loops.
//
// exp, sigmoid and tanh are checked over the whole float range: every 2^11-th bit pattern (2
// million floats per function, all exponents, both signs, denormals included) plus the edge cases
// (0, -0, denormals, +-inf, NaNs, the overflow and underflow thresholds). The error is measured
// in ulps of the exact result (spacing of floats there; 2^-149 for denormal results), and must
// stay within the bound stated in simd.h. Infinite, zero and NaN results must match exactly.
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "simd.h"
#include "testing.h"

static float from_bits(unsigned u) { float f; memcpy(&f, &u, 4); return f; }

// ulps between got and the exact value want; 0 when both are the same inf or both NaN, huge
// when only one of them is inf or NaN.
static double ulp_error(float got, double want) {
    float wf = (float)want;  // the correctly rounded result (inf if it overflows)
    if (isnan(want) || isnan(got)) return isnan(want) && isnan(got) ? 0 : 1e30;
    if (isinf(wf) || isinf(got)) return wf == got ? 0 : 1e30;
    int e;
    frexp(want, &e);  // |want| in [2^(e-1), 2^e)
    double ulp = ldexp(1.0, (e - 24 > -149 ? e - 24 : -149));
    return fabs(got - want) / ulp;
}

static double ref_exp(double x) { return exp(x); }
static double ref_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double ref_tanh(double x) { return tanh(x); }

typedef struct {
    const char *name;
    void (*fn)(const float *, float *, long);
    double (*ref)(double);
    double max_ulp;  // the bound promised in simd.h
} vecfn;
static const vecfn fns[] = {{"exp", wb_simd_exp, ref_exp, 1.5},
                            {"sigmoid", wb_simd_sigmoid, ref_sigmoid, 3},
                            {"tanh", wb_simd_tanh, ref_tanh, 2}};

#define CHUNK 4096
// Max ulp error of f over the inputs xs (n of them); worst input in *worst.
static double worst_error(const vecfn *f, const float *xs, long n, float *worst) {
    static float y[CHUNK];
    double maxe = 0;
    for (long i0 = 0; i0 < n; i0 += CHUNK) {
        long m = n - i0 < CHUNK ? n - i0 : CHUNK;
        f->fn(xs + i0, y, m);
        for (long i = 0; i < m; i++) {
            double e = ulp_error(y[i], f->ref(xs[i0 + i]));
            if (e > maxe) maxe = e, *worst = xs[i0 + i];
        }
    }
    return maxe;
}

static void check_accuracy(const char *isa) {
    if (wb_cpu_force(isa) != 0) {
        fprintf(stderr, "%s: not supported by this CPU, nothing to test\n", isa);
        return;
    }
    static float xs[CHUNK];
    static const float edges[] = {0.0f, -0.0f, 1e-45f, -1e-45f, 1.17e-38f, -1.17e-38f,
                                  FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, -NAN,
                                  88.72283f, 88.72284f, 88.7229f, 89.0f, 100.0f, -87.33654f,
                                  -87.3366f, -103.27893f, -103.9721f, -104.0f, -110.0f, 0.625f,
                                  -0.625f, 0.62499994f, 1e-8f, -1e-8f, 9.0f, -9.0f, 20.0f, 0.5f};
    int ne = sizeof edges / sizeof *edges;
    for (unsigned k = 0; k < sizeof fns / sizeof *fns; k++) {
        const vecfn *f = &fns[k];
        float worst = 0;
        double maxe = worst_error(f, edges, ne, &worst);
        // every 2^11-th bit pattern, offset so both the low and high mantissa bits vary
        for (unsigned long u0 = 0; u0 < (1UL << 32); u0 += (unsigned long)CHUNK << 11) {
            for (int i = 0; i < CHUNK; i++)
                xs[i] = from_bits((unsigned)(u0 + ((unsigned long)i << 11) + (i * 37u & 2047u)));
            float w = 0;
            double e = worst_error(f, xs, CHUNK, &w);
            if (e > maxe) maxe = e, worst = w;
        }
        ck_assert_msg(maxe <= f->max_ulp, "%s %s: %.3g ulp at x = %.9g (bound %.1f ulp)", isa,
                      f->name, maxe, worst, f->max_ulp);
    }
}

WB_TEST(simd_math_scalar_within_stated_ulps, .points = 1, .timeout = 20,
        .hint = "simd_impl.h: vexp/vsigmoid/vtanh lose accuracy somewhere in the float range") {
    check_accuracy("scalar");
}
WB_TEST(simd_math_sse2_within_stated_ulps, .points = 1, .timeout = 20,
        .hint = "simd_impl.h compiled for SSE2 (simd_sse2.c) is inaccurate somewhere") {
    check_accuracy("sse2");
}
WB_TEST(simd_math_avx2_within_stated_ulps, .points = 1, .timeout = 20,
        .hint = "simd_impl.h compiled for AVX2 (simd_avx2.c) is inaccurate somewhere") {
    check_accuracy("avx2");
}
WB_TEST(simd_math_avx512_within_stated_ulps, .points = 1, .timeout = 20,
        .hint = "simd_impl.h compiled for AVX-512 (simd_avx512.c) is inaccurate somewhere") {
    check_accuracy("avx512");
}

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static float uniform(float lo, float hi) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return lo + (hi - lo) * (float)((rng >> 40) / 16777216.0);
}

// axpy, scale, add, mul, sum, max, bias+activation and softmax for one ISA, on lengths around
// the register widths so that both the vector loop and the tail are exercised.
static void check_kernels(const char *isa) {
    if (wb_cpu_force(isa) != 0) return;
    static const int lens[] = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 1001};
    enum { MAXN = 1001 };
    static float x[MAXN], y[MAXN], y0[MAXN], out[MAXN], bias[MAXN];
    const double u = 0x1p-24;  // unit roundoff of float
    for (unsigned t = 0; t < sizeof lens / sizeof *lens; t++) {
        int n = lens[t];
        for (int i = 0; i < n; i++) x[i] = uniform(-4, 4), y0[i] = y[i] = uniform(-4, 4);
        float a = uniform(-2, 2);
        // y += a x (one or two roundings per element, FMA or not)
        wb_simd_axpy(a, x, y, n);
        for (int i = 0; i < n; i++) {
            double want = y0[i] + (double)a * x[i];
            ck_assert_msg(fabs(y[i] - want) <= 2 * u * (fabs(y0[i]) + fabs(a * x[i])),
                          "%s axpy n=%d [%d]: %g, want %g", isa, n, i, y[i], want);
        }
        wb_simd_add(x, y0, out, n);
        for (int i = 0; i < n; i++) ck_assert_msg(out[i] == x[i] + y0[i], "%s add [%d]", isa, i);
        wb_simd_mul(x, y0, out, n);
        for (int i = 0; i < n; i++) ck_assert_msg(out[i] == x[i] * y0[i], "%s mul [%d]", isa, i);
        memcpy(out, x, sizeof(float) * n);
        wb_simd_scale(a, out, n);
        for (int i = 0; i < n; i++) ck_assert_msg(out[i] == a * x[i], "%s scale [%d]", isa, i);
        // sum: n-term float sum in any order is within n u sum|x| of the exact sum
        double s = 0, sabs = 0;
        float mx = -INFINITY;
        for (int i = 0; i < n; i++) s += x[i], sabs += fabs(x[i]), mx = x[i] > mx ? x[i] : mx;
        float got = wb_simd_sum(x, n);
        ck_assert_msg(fabs(got - s) <= n * u * sabs, "%s sum n=%d: %g, want %g", isa, n, got, s);
        // dot: each product rounds once more (or not, fused), so within (n + 1) u sum|x y|
        double d = 0, dabs = 0;
        for (int i = 0; i < n; i++) d += (double)x[i] * y0[i], dabs += fabs((double)x[i] * y0[i]);
        got = wb_simd_dot(x, y0, n);
        ck_assert_msg(fabs(got - d) <= (n + 1) * u * dabs, "%s dot n=%d: %g, want %g", isa, n,
                      got, d);
        // asymmetric: x . (2 x) is twice x . x, whatever the lengths of the tail
        for (int i = 0; i < n; i++) out[i] = 2 * x[i];
        ck_assert_msg(wb_simd_dot(x, out, n) == 2 * wb_simd_dot(x, x, n), "%s dot scaling", isa);
        ck_assert_msg(wb_simd_max(x, n) == mx, "%s max n=%d: %g, want %g", isa, n,
                      wb_simd_max(x, n), mx);
        for (int at = n / 2; n > 0 && at < n; at += n - 1 - at > 0 ? n - 1 - at : 1) {
            x[at] = NAN;  // in the middle, then the last element (the tail's register)
            ck_assert_msg(isnan(wb_simd_max(x, n)), "%s max n=%d: a NaN at %d was skipped", isa,
                          n, at);
            x[at] = 0;
        }
    }

    // bias + activation on a (5, 37) matrix: each element against the double formula
    int R = 5, C = 37;
    for (wb_act act = WB_ACT_NONE; act <= WB_ACT_TANH; act++) {
        for (int i = 0; i < R * C; i++) y0[i] = y[i] = uniform(-6, 6);
        for (int j = 0; j < C; j++) bias[j] = uniform(-1, 1);
        y0[7] = y[7] = NAN;
        wb_simd_bias_act(y, bias, R, C, act);
        for (int i = 0; i < R * C; i++) {
            double v = (double)(float)(y0[i] + bias[i % C]), want = v;
            if (act == WB_ACT_RELU) want = v < 0 ? 0 : v;
            if (act == WB_ACT_SIGMOID) want = 1 / (1 + exp(-v));
            if (act == WB_ACT_TANH) want = tanh(v);
            if (i == 7) {
                ck_assert_msg(isnan(y[i]), "%s bias_act %d: NaN in, %g out", isa, act, y[i]);
                continue;
            }
            ck_assert_msg(fabs(y[i] - want) <= 4 * u * fabs(want) + 1e-30,
                          "%s bias_act act=%d [%d]: %.9g, want %.9g", isa, act, i, y[i], want);
        }
    }

    // GELU's gate against sigmoid(2u) in double from the same float x, on every length of the
    // loop above's kind, edges first: sigmoid's 3 ulp (6 u y) plus 2u's rounding in float (up
    // to ~4 u relative) times the slope |2u| y (1 - y); an absolute 2e-38 where the gate is
    // flushed to 0 (below e^-87 = 1.65e-38)
    static const float gedge[] = {0, -0.0f, 1e-30f, -3, 3, -10, 10, -12, 20, 1e20f, -1e20f,
                                  INFINITY, -INFINITY, NAN};
    for (unsigned t = 0; t < sizeof lens / sizeof *lens; t++) {
        int n = lens[t];
        for (int i = 0; i < n; i++)
            x[i] = i < (int)(sizeof gedge / sizeof *gedge) ? gedge[i] : uniform(-12, 12);
        wb_simd_gelu_gate(x, y, n);
        for (int i = 0; i < n; i++) {
            double xd = x[i], u2 = 2 * sqrt(2 / M_PI) * (xd + 0.044715 * xd * xd * xd);
            double want = 1 / (1 + exp(-u2));
            double slope = want > 0 && want < 1 ? fabs(u2) * want * (1 - want) : 0;  // 0 at +-inf
            if (isnan(xd)) {
                ck_assert_msg(isnan(y[i]), "%s gelu_gate: NaN in, %g out", isa, y[i]);
                continue;
            }
            ck_assert_msg(fabs(y[i] - want) <= 6 * u * want + 4 * u * slope + 2e-38,
                          "%s gelu_gate n=%d x=%.9g: %.9g, want %.9g", isa, n, x[i], y[i], want);
        }
    }

    // softmax and log-softmax, rows of awkward lengths (shorter than a register, whole ones,
    // one more), huge logits included; in place (a causal attention's rows) the same bits
    static const int widths[] = {1, 7, 8, 9, 14, 16, 17, 27, 40, 65};
    for (unsigned w = 0; w < sizeof widths / sizeof *widths; w++) {
        int rows = 3, cols = widths[w];
        for (int i = 0; i < rows * cols; i++) x[i] = uniform(-10, 10);
        x[0] = 1000.0f;  // naive e^x would overflow
        wb_simd_softmax_rows(x, y, rows, cols);
        wb_simd_log_softmax_rows(x, out, rows, cols);
        memcpy(y0, x, sizeof(float) * rows * cols);
        wb_simd_softmax_rows(y0, y0, rows, cols);
        ck_assert_msg(memcmp(y0, y, sizeof(float) * rows * cols) == 0,
                      "%s softmax in place (%d cols) differs from softmax into another array",
                      isa, cols);
        for (int r = 0; r < rows; r++) {
            const float *xr = x + r * cols;
            double m = -INFINITY, z = 0;
            for (int j = 0; j < cols; j++) m = xr[j] > m ? xr[j] : m;
            for (int j = 0; j < cols; j++) z += exp(xr[j] - m);
            for (int j = 0; j < cols; j++) {
                double p = exp(xr[j] - m) / z, lp = xr[j] - m - log(z);
                // a few roundings of exp, the sum (cols terms) and the division; and x - m
                // rounded in float: e^(d (1 + u)) is e^d (1 + d u), up to 20 u here
                double tol = (cols + 8 + fabs(xr[j] - m)) * u * p + 1e-37;
                ck_assert_msg(fabs(y[r * cols + j] - p) <= tol,
                              "%s softmax (%d,%d): %.9g, want %.9g", isa, r, j, y[r * cols + j], p);
                ck_assert_msg(fabs(out[r * cols + j] - lp) <= 8 * u * (fabs(xr[j]) + fabs(m) + 1),
                              "%s log_softmax (%d,%d): %.9g, want %.9g", isa, r, j,
                              out[r * cols + j], lp);
            }
        }
    }
}

WB_TEST(simd_kernels_match_plain_loops_every_isa, .points = 1, .timeout = 20,
        .hint = "an elementwise kernel (simd_impl.h) is wrong for some length or ISA: check the "
                "tail handling (n % W elements)") {
    static const char *isas[] = {"scalar", "sse2", "avx2", "avx512"};
    for (int i = 0; i < 4; i++) check_kernels(isas[i]);
    wb_cpu_force(NULL);
}

// wb_simd_zero: exactly x[0..n-1] becomes 0, the floats on either side untouched, for arrays
// below and above the size that switches to streaming stores (4 MB, simd_impl.h) and for every
// start within a 64-byte line (the streaming stores need aligned addresses: the first few floats
// are done one by one) and lengths that leave a tail.
WB_TEST(simd_zero_clears_exactly_the_array_every_isa, .points = 1, .timeout = 20,
        .hint = "wb_simd_zero (simd_impl.h) writes outside x[0..n-1] or leaves some of it: check "
                "the floats before the first aligned register and after the last whole one") {
    static const char *isas[] = {"scalar", "sse2", "avx2", "avx512"};
    static const long lens[] = {0, 1, 5, 17, 1000, (4L << 20) / 4 - 1, (4L << 20) / 4 + 37};
    enum { PAD = 16 };
    long most = (4L << 20) / 4 + 37 + 2 * PAD + 16;
    float *buf = malloc((size_t)most * sizeof *buf);
    ck_assert_ptr_nonnull(buf);
    for (int s = 0; s < 4; s++) {
        if (wb_cpu_force(isas[s]) != 0) continue;
        for (unsigned t = 0; t < sizeof lens / sizeof *lens; t++)
            for (int start = 0; start < 16; start += t + 1 < sizeof lens / sizeof *lens ? 1 : 5) {
                long n = lens[t];
                for (long i = 0; i < n + 2 * PAD + 16; i++) buf[i] = 1.5f;
                float *x = buf + PAD + start;
                wb_simd_zero(x, n);
                for (long i = -PAD - start; i < n + PAD; i++) {
                    float want = i >= 0 && i < n ? 0.0f : 1.5f;
                    if (buf[PAD + start + i] != want)
                        ck_abort_msg("%s zero n=%ld start=%d: x[%ld] = %g, want %g", isas[s], n,
                                     start, i, buf[PAD + start + i], want);
                }
            }
    }
    wb_cpu_force(NULL);
    free(buf);
}
