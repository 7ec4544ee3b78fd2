/* rng.c — PCG32 and the distributions built on it. See rng.h. */
#include "rng.h"

#include <math.h>

void wb_rng_seed_stream(wb_rng *r, uint64_t seed, uint64_t stream) {
    /* pcg32_srandom_r from the PCG reference implementation */
    r->state = 0;
    r->inc = (stream << 1u) | 1u; /* the increment must be odd */
    wb_rng_u32(r);
    r->state += seed;
    wb_rng_u32(r);
}

void wb_rng_seed(wb_rng *r, uint64_t seed) { wb_rng_seed_stream(r, seed, 54); }

uint32_t wb_rng_u32(wb_rng *r) {
    /* state' = state * a + inc (mod 2^64); the output permutes the old state: an xorshift, then a
       rotation by its top five bits (the "XSH RR" output function) */
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

float wb_rng_uniform(wb_rng *r) { return (float)(wb_rng_u32(r) >> 8) * (1.0f / 16777216.0f); }

uint32_t wb_rng_below(wb_rng *r, uint32_t n) {
    /* reject the lowest (2^32 mod n) values so every residue is equally likely */
    uint32_t threshold = (0u - n) % n;
    for (;;) {
        uint32_t x = wb_rng_u32(r);
        if (x >= threshold) return x % n;
    }
}

/* Natural logarithm from + - * / only, each exactly rounded by IEEE 754, so every machine gets the
   same bits. x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(z), z = (m-1)/(m+1),
   |z| < 0.172, and the series 2(z + z^3/3 + z^5/5 + ...) reaches double precision in 13 terms.
   fp-contract=off: a fused multiply-add would round differently on machines that have one. */
__attribute__((optimize("fp-contract=off")))
static double portable_log(double x) {
    int e;
    double m = frexp(x, &e); /* exact */
    if (m < 0.70710678118654752440) { m *= 2.0; e -= 1; }
    double z = (m - 1.0) / (m + 1.0), z2 = z * z, term = z, sum = 0.0;
    for (int k = 1; k <= 25; k += 2) { sum += term / k; term *= z2; }
    return 2.0 * sum + e * 0.69314718055994530942;
}

__attribute__((optimize("fp-contract=off")))
float wb_rng_normal(wb_rng *r) {
    /* Marsaglia's polar method: a uniform point (u,v) in the unit disc, s = u^2 + v^2, gives
       u * sqrt(-2 ln s / s) ~ N(0,1). (The second sample, v * ..., is dropped to keep the state
       small.) */
    for (;;) {
        double u = 2.0 * (wb_rng_u32(r) * (1.0 / 4294967296.0)) - 1.0;
        double v = 2.0 * (wb_rng_u32(r) * (1.0 / 4294967296.0)) - 1.0;
        double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) return (float)(u * sqrt(-2.0 * portable_log(s) / s));
    }
}

void wb_rng_shuffle(wb_rng *r, int *idx, int n) {
    /* Fisher–Yates: position i takes a uniformly chosen element of idx[0..i] */
    for (int i = n - 1; i > 0; i--) {
        int j = (int)wb_rng_below(r, (uint32_t)i + 1);
        int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
    }
}

int wb_rng_categorical(wb_rng *r, const float *p, int n) {
    /* walk the cumulative sum until it passes u * total: index i is hit with probability p_i/total */
    double total = 0.0;
    for (int i = 0; i < n; i++) total += p[i];
    double u = wb_rng_uniform(r) * total, cum = 0.0;
    for (int i = 0; i < n; i++) {
        cum += p[i];
        if (u < cum) return i;
    }
    /* rounding can leave u just past the last sum: take the last index with any weight */
    for (int i = n - 1; i > 0; i--)
        if (p[i] > 0) return i;
    return 0;
}

void wb_rng_fill_normal(wb_rng *r, float *x, long n, float stddev) {
    for (long i = 0; i < n; i++) x[i] = stddev * wb_rng_normal(r);
}

void wb_rng_fill_uniform(wb_rng *r, float *x, long n, float lo, float hi) {
    for (long i = 0; i < n; i++) x[i] = lo + (hi - lo) * wb_rng_uniform(r);
}
