// simd_avx2.c — the elementwise kernels of simd.h for AVX2 + FMA, 8 floats per register.
// The code is simd_impl.h; this file only sets the register width and the target.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define W 8
#define TARGET __attribute__((target("avx2,fma")))
#define STREAM_ZERO(p) _mm256_stream_ps(p, _mm256_setzero_ps())
#define TABLE wb_simd_avx2
#include "simd_impl.h"
#endif
