/* rng.h — a small seeded random number generator that gives the same numbers everywhere.
 *
 * PCG32 (O'Neill 2014): 64-bit state, 32-bit output. Unlike rand(), the sequence is fixed by the
 * seed alone: the same on every machine, compiler and C library, so a training run, a test or a
 * plot can be reproduced exactly. Normal samples use our own logarithm (not libm's, whose last
 * bit differs between libraries).
 *
 *     wb_rng r;
 *     wb_rng_seed(&r, 42);
 *     float u = wb_rng_uniform(&r);    // [0, 1)
 *     float z = wb_rng_normal(&r);     // mean 0, standard deviation 1
 *     wb_rng_shuffle(&r, order, n);    // a uniformly random permutation of order[0..n-1]
 */
#ifndef WB_RNG_H
#define WB_RNG_H

#include <stdint.h>

typedef struct wb_rng {
    uint64_t state, inc;
} wb_rng;

/* Seed on PCG's stream 54 (the reference demo's), so the first outputs can be checked against it. */
void wb_rng_seed(wb_rng *r, uint64_t seed);
void wb_rng_seed_stream(wb_rng *r, uint64_t seed, uint64_t stream);
uint32_t wb_rng_u32(wb_rng *r);
/* Uniform on [0, 1), in steps of 2^-24 (every float there has an exact representation). */
float wb_rng_uniform(wb_rng *r);
/* Uniform integer in [0, n), without the modulo bias of rand() % n; n > 0. */
uint32_t wb_rng_below(wb_rng *r, uint32_t n);
/* Standard normal (Marsaglia's polar method). */
float wb_rng_normal(wb_rng *r);
/* Fisher–Yates shuffle of idx[0..n-1]. */
void wb_rng_shuffle(wb_rng *r, int *idx, int n);
/* An index drawn with probability p[i] / sum(p) (p need not be normalised; p[i] >= 0, sum > 0):
   how a language model picks its next character or word. */
int wb_rng_categorical(wb_rng *r, const float *p, int n);
/* Fill x[0..n-1] with normal(0, stddev) or uniform(lo, hi) samples. */
void wb_rng_fill_normal(wb_rng *r, float *x, long n, float stddev);
void wb_rng_fill_uniform(wb_rng *r, float *x, long n, float lo, float hi);

#endif
