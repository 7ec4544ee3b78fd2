// simd_avx512.c — the elementwise kernels of simd.h for AVX-512F, 16 floats per register.
// The code is simd_impl.h; this file only sets the register width and the target.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define W 16
#define TARGET __attribute__((target("avx512f,avx2,fma")))
#define STREAM_ZERO(p) _mm512_stream_ps(p, _mm512_setzero_ps())
#define TABLE wb_simd_avx512
#include "simd_impl.h"
#endif
