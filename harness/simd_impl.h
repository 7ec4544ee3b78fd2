// simd_impl.h — the elementwise kernels of simd.h, written once with GCC's portable vector
// types and compiled once per instruction set: simd_<isa>.c defines W (floats per register),
// TARGET (the __attribute__((target(...))) of that ISA) and TABLE, then includes this file.
//
// `vf` below is a register of W floats; + - * / and comparisons work lane by lane, and the
// compiler turns them into that ISA's instructions (vaddps, vfmadd..., vcmpps ...). The only
// ISA-specific thing is the width, so unlike the gemm micro-kernels nothing here is repeated.
#include <math.h>
#include <string.h>

#include "simd.h"

typedef float vf __attribute__((vector_size(W * 4)));
typedef int vi __attribute__((vector_size(W * 4)));
typedef unsigned vu __attribute__((vector_size(W * 4)));
#define INLINE TARGET static inline __attribute__((always_inline))

INLINE vf load(const float *p) { vf v; memcpy(&v, p, sizeof v); return v; }
INLINE void store(float *p, vf v) { memcpy(p, &v, sizeof v); }
INLINE vf splat(float s) { vf v = {0}; return v + s; }
INLINE vf sel(vi mask, vf a, vf b) { return (vf)((mask & (vi)a) | (~mask & (vi)b)); }  // m ? a : b
INLINE vf vabs(vf x) { return (vf)((vi)x & 0x7fffffff); }

// The last n % W elements: copied into a zero-padded register and back, so that every element,
// wherever it sits, goes through exactly the same arithmetic.
INLINE vf load_part(const float *p, long n) {
    float b[W] = {0};
    memcpy(b, p, n * 4);
    return load(b);
}
INLINE void store_part(float *p, vf v, long n) { float b[W]; store(b, v); memcpy(p, b, n * 4); }
// Lanes k..W-1 of a register: where a row's last register, loaded to end at the row's end,
// holds the elements that the whole-register loop has not done yet (the first k repeat it).
// Where repeating an element is harmless (a max; a value stored twice, equal both times), this
// does the tail with one register instead of a memcpy to and from the stack.
INLINE vi lanes_from(long k) {
    vi idx;
    for (int l = 0; l < W; l++) idx[l] = l;
    return idx >= (int)k;
}

// A register's lanes reduced to one, in log2(W) steps: each adds (or takes the larger of) the
// register and itself with lanes w apart swapped, w = W/2, W/4, ..., 1 (GCC's __builtin_shuffle
// becomes the ISA's permutes). A loop over the lanes one by one was a chain of W dependent steps,
// as long as the whole rest of a causal attention's short softmax rows. (The scalar build, W = 1,
// has no steps: it is also what the Playground compiles with Clang, which lacks the builtin.)
INLINE vf swap_lanes(vf v, int w) {
#if W > 1
    vi idx;
    for (int l = 0; l < W; l++) idx[l] = l ^ w;
    return __builtin_shuffle(v, idx);
#else
    return (void)w, v;
#endif
}
INLINE float hsum(vf s) {
    for (int w = W / 2; w >= 1; w /= 2) s += swap_lanes(s, w);
    return s[0];
}
// the larger of a and b, or a NaN if either is one (a NaN, once in, stays)
INLINE vf max_or_nan(vf a, vf b) { return sel((b > a) | (b != b), b, a); }
INLINE float hmax(vf m) {
    for (int w = W / 2; w >= 1; w /= 2) m = max_or_nan(m, swap_lanes(m, w));
    return m[0];
}

// ---- exp -------------------------------------------------------------------------------------
// e^x = 2^n * e^r  with n = round(x / ln 2) and r = x - n ln 2 in [-ln2/2, ln2/2].
//  - r is computed in two pieces (Cody & Waite): ln 2 = LN2_HI + LN2_LO where LN2_HI has only 9
//    significant bits, so n * LN2_HI is exact and no accuracy is lost in the subtraction.
//  - e^r by the degree-7 polynomial of Cephes' expf (relative error < 2e-9 on that interval).
//  - 2^n is built in the exponent bits: (n + 127) << 23. Done as 2^n1 * 2^n2 with n1 + n2 = n so
//    that each factor is a normal float even when the result is denormal (n down to -150) or
//    overflows (n = 128): the final multiply rounds once, where the true result lies.
// x > 89 already overflows to inf and x < -104 underflows to 0, so x is clamped to that range.
// exp_core is all of it for x <= 89 (a NaN fails the comparison below and is computed as -104:
// the caller puts it back); vexp adds the clamp above 89, sigmoid's e^-|x| needs only the core.
#define EXP_LOG2E 1.44269504088896341f
#define EXP_ROUND 12582912.0f /* 1.5 * 2^23: adding it rounds a float below 2^22 to an integer */

// e^r, r = x - n ln 2 for the integer n in float: the two-piece reduction, then the polynomial
INLINE vf exp_of_rest(vf x, vf n) {
    const float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    vf r = (x - n * LN2_HI) - n * LN2_LO;
    // e^r = 1 + r + r^2 (1/2 + r (1/6 + r (1/24 + ...)))
    vf p = splat(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    return p * (r * r) + r + 1.0f;
}
INLINE vf exp_core(vf x) {
    vf xc = sel(x >= -104.0f, x, splat(-104.0f));
    vf n = (xc * EXP_LOG2E + EXP_ROUND) - EXP_ROUND;
    vf p = exp_of_rest(xc, n);
    vi ni = __builtin_convertvector(n, vi);
    vi n1 = ni >> 1, n2 = ni - n1;
    vf s1 = (vf)((n1 + 127) << 23), s2 = (vf)((n2 + 127) << 23);
    return p * s1 * s2;
}
// e^x for x in [-87, 0] only, where e^x and 2^n are normal floats: 2^n in one factor, and n + 127
// straight from the bits of the rounding sum (its low mantissa bits are the integer added to
// 1.5 * 2^23, here n + 127), no conversion: exp_core's reduction and polynomial, fewer steps.
INLINE vf exp_normal(vf x) {
    vf t = x * EXP_LOG2E + (EXP_ROUND + 127.0f);
    vf n = t - (EXP_ROUND + 127.0f);
    return exp_of_rest(x, n) * (vf)((vu)t << 23);
}
// e^x for x <= 0, where it is below e^-87 ~ 1.6e-38 as 0 (not through the denormals); NaN stays
// NaN: the comparison is false for it, so it goes through the arithmetic
INLINE vf exp_neg(vf x) {
    vi tiny = x < -87.0f;
    return (vf)((vi)exp_normal((vf)((vi)x & ~tiny)) & ~tiny);  // e^0 = 1 computed, then 0
}
INLINE vf vexp(vf x) { return sel(x != x, x, exp_core(sel(x > 89.0f, splat(89.0f), x))); }

// sigmoid(x) = 1 / (1 + e^-x) for x >= 0, and e^x / (1 + e^x) for x < 0: with e = e^-|x| <= 1
// nothing overflows, and for very negative x the result keeps its relative accuracy (down to
// denormals) instead of becoming 1/inf = 0 early.
INLINE vf vsigmoid(vf x) {
    vf e = exp_core(-vabs(x));
    vf num = sel(x >= 0.0f, splat(1.0f), e);
    return sel(x != x, x, num / (1.0f + e));
}

// tanh x: near 0 the odd polynomial of Cephes' tanhf, tanh x = x + x^3 P(x^2) (|x| < 0.625,
// relative error < 1e-8); elsewhere tanh|x| = 1 - 2 / (e^(2|x|) + 1) with the sign of x put back.
// (That formula near 0 would subtract nearly equal numbers and lose the relative accuracy.)
INLINE vf vtanh(vf x) {
    vf z = x * x;
    vf p = splat(-5.70498872745e-3f);
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    vf small = p * z * x + x;
    vf a = vabs(x);
    vf big = 1.0f - 2.0f / (vexp(a + a) + 1.0f);
    big = (vf)((vi)big | ((vi)x & (int)0x80000000));  // copy the sign of x
    return sel(a < 0.625f, small, big);
}

// GELU's gate sigmoid(2u), 2u = x (2 sqrt(2/pi) + 2 sqrt(2/pi) 0.044715 x^2): one pass, the
// polynomial in registers. It is sigmoid's formula with e = e^-|2u| by exp_neg: where that
// is below e^-87 (x below about -10) the gate is 0 instead of decaying through the denormals,
// an absolute error under 1.7e-38. A third fewer operations than vsigmoid (the gate of 1024
// floats in L1: 0.65 -> 0.51 ns a float with AVX2, 0.47 -> 0.31 with AVX-512, on a Sapphire
// Rapids): GELU runs on 4C numbers per position, forward and backward.
// For |x| > ~1e13, x^2 overflows and 2u is +-inf: the gate is 1 or 0.
INLINE vf vgelu_gate(vf x) {
    vf z = x * (1.59576912161f + 0.0713548162726f * (x * x));
    vf e = exp_neg((vf)((vi)z | (int)0x80000000));  // e^-|z|
    vf num = sel(z >= 0.0f, splat(1.0f), e);
    return num / (1.0f + e);
}

INLINE vf vrelu(vf x) { return sel(x < 0.0f, splat(0.0f), x); }  // NaN stays NaN

INLINE vf act(vf v, wb_act a) {
    switch (a) {
    case WB_ACT_RELU: return vrelu(v);
    case WB_ACT_SIGMOID: return vsigmoid(v);
    case WB_ACT_TANH: return vtanh(v);
    default: return v;
    }
}

// ---- the table's functions -------------------------------------------------------------------
// Each loops over whole registers, then does the n % W rest with load_part/store_part.
#define MAP(name, expr)                                                      \
    TARGET static void name(const float *x, float *y, long n) {              \
        long i = 0;                                                          \
        for (; i + W <= n; i += W) { vf v = load(x + i); store(y + i, expr); } \
        if (i < n) { vf v = load_part(x + i, n - i); store_part(y + i, expr, n - i); } \
    }
MAP(map_exp, vexp(v))
MAP(map_sigmoid, vsigmoid(v))
MAP(map_tanh, vtanh(v))
MAP(map_gelu_gate, vgelu_gate(v))

// y += a x
TARGET static void axpy(float a, const float *x, float *y, long n) {
    long i = 0;
    for (; i + W <= n; i += W) store(y + i, load(y + i) + a * load(x + i));
    for (; i < n; i++) y[i] += a * x[i];
}

TARGET static void scale(float a, float *x, long n) {
    long i = 0;
    for (; i + W <= n; i += W) store(x + i, a * load(x + i));
    for (; i < n; i++) x[i] *= a;
}

TARGET static void add(const float *x, const float *y, float *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) store(out + i, load(x + i) + load(y + i));
    for (; i < n; i++) out[i] = x[i] + y[i];
}

TARGET static void mul(const float *x, const float *y, float *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) store(out + i, load(x + i) * load(y + i));
    for (; i < n; i++) out[i] = x[i] * y[i];
}

// sum: four registers of partial sums (four independent add chains keep the adder busy), folded
// at the end. The order of additions differs from a left-to-right loop, so does the rounding.
// dot is the same sum of the products x_i y_i (y NULL: of x_i alone).
INLINE vf term(const float *x, const float *y, long i) {
    return y ? load(x + i) * load(y + i) : load(x + i);
}
INLINE float sum_of(const float *x, const float *y, long n) {
    vf s0 = splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
        s0 += term(x, y, i), s1 += term(x, y, i + W);
        s2 += term(x, y, i + 2 * W), s3 += term(x, y, i + 3 * W);
    }
    for (; i + W <= n; i += W) s0 += term(x, y, i);
    float r = hsum((s0 + s1) + (s2 + s3));
    for (; i < n; i++) r += y ? x[i] * y[i] : x[i];
    return r;
}
TARGET static float sum(const float *x, long n) { return sum_of(x, NULL, n); }
TARGET static float dot(const float *x, const float *y, long n) { return sum_of(x, y, n); }

// max; a NaN wins every comparison in max_or_nan (a plain max would silently skip it, as every
// comparison with NaN is false)
TARGET static float max(const float *x, long n) {
    if (n < W) {
        float r = -INFINITY;
        for (long i = 0; i < n; i++) r = x[i] > r || x[i] != x[i] ? x[i] : r;
        return r;
    }
    vf m = load(x + n - W);  // the last register, ending at x[n-1] (a max may repeat)
    for (long i = 0; i + W <= n; i += W) m = max_or_nan(m, load(x + i));
    return hmax(m);
}

// y (rows,cols) = act(y + bias) row by row
TARGET static void bias_act(float *y, const float *bias, int rows, int cols, wb_act a) {
    for (int r = 0; r < rows; r++) {
        float *row = y + (long)r * cols;
        long j = 0;
        for (; j + W <= cols; j += W) {
            vf v = load(row + j);
            if (bias) v += load(bias + j);
            store(row + j, act(v, a));
        }
        if (j < cols) {
            vf v = load_part(row + j, cols - j);
            if (bias) v += load_part(bias + j, cols - j);
            store_part(row + j, act(v, a), cols - j);
        }
    }
}

// softmax(x)_j = e^(x_j - m) / sum_k e^(x_k - m) with m = max_k x_k: subtracting m changes
// nothing mathematically and keeps every e^... in [0, 1], so nothing overflows (exp_neg: what
// is below e^-87 counts as 0, against the row's largest term, 1).
// log softmax(x)_j = x_j - m - log sum_k e^(x_k - m).
//
// A row's last cols % W elements go through the register that ends at the row's end (or, for a
// row shorter than W, a zero-padded one), counted in the sum only in the lanes that hold them.
// It is read before the loop: with y == x (in place) the loop overwrites its first lanes. Its e^ and
// scaled values there are the ones the loop computes (the same x, the same arithmetic), so
// storing them twice changes nothing. (The rest by memcpy to and from the stack, as a MAP does,
// cost as much as the whole row in a causal attention's short rows.)
TARGET static void softmax_rows(const float *x, float *y, int rows, int cols, int take_log) {
    const long rest = cols % W, at = cols >= W ? cols - W : 0;  // the last register: x[at..]
    for (int r = 0; r < rows; r++) {
        const float *xr = x + (long)r * cols;
        float *yr = y + (long)r * cols;
        vf last = cols >= W ? load(xr + at) : load_part(xr, cols);
        float m = max(xr, cols);
        vf vm = splat(m), s = splat(0.0f), e_last = splat(0.0f);
        long j = 0;
        for (; j + W <= cols; j += W) {
            vf e = exp_neg(load(xr + j) - vm);
            s += e;
            if (!take_log) store(yr + j, e);
        }
        if (rest) {
            e_last = exp_neg(last - vm);
            vi fresh = cols >= W ? lanes_from(W - rest) : ~lanes_from(cols);  // not yet summed
            s += sel(fresh, e_last, splat(0.0f));
        }
        float total = hsum(s);
        if (take_log) {
            // (x_j - m) - log total, in that order: m + log total rounded first would keep only
            // float's spacing near m (6e-5 at m = 1000) in every log-probability
            float lt = logf(total);
            vf vl = splat(lt);
            for (j = 0; j + W <= cols; j += W) store(yr + j, (load(xr + j) - vm) - vl);
            for (; j < cols; j++) yr[j] = (xr[j] - m) - lt;
            continue;
        }
        vf inv = splat(1.0f / total);
        for (j = 0; j + W <= cols; j += W) store(yr + j, load(yr + j) * inv);
        if (rest && cols >= W) store(yr + at, e_last * inv);
        else if (rest) store_part(yr, e_last * inv, cols);
    }
}

// x = 0, n floats. An array of at least ZERO_STREAM_BYTES (larger than any L2 cache) is written
// with streaming stores, which go to memory without first reading each cache line in (a plain
// store must own the line before it writes it: for an array that no cache holds, one read of
// memory per line for nothing). GPT's activation gradients, 76 MB: 6.9 -> 5.2 ms on a Sapphire
// Rapids. Streaming stores are weakly ordered: the fence puts them before any later store, so
// another thread that is told the array is ready sees zeros.
#define ZERO_STREAM_BYTES (4L << 20)
// (STREAM_ZERO(p): the ISA file's streaming store of a zero register at p, aligned to one.)
TARGET static void zero(float *x, long n) {
#ifdef STREAM_ZERO
    if (n * 4 >= ZERO_STREAM_BYTES) {
        long i = 0;
        for (; i < n && (unsigned long)(x + i) % (W * 4) != 0; i++) x[i] = 0.0f;
        for (; i + W <= n; i += W) STREAM_ZERO(x + i);
        for (; i < n; i++) x[i] = 0.0f;
        _mm_sfence();
        return;
    }
#endif
    memset(x, 0, (size_t)n * 4);
}

const wb_simd_table TABLE = {axpy, scale, add, mul, map_exp, map_sigmoid, map_tanh, map_gelu_gate,
                             bias_act, softmax_rows, sum, max, dot, zero};
