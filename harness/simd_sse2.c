// simd_sse2.c — the elementwise kernels of simd.h for SSE2, 4 floats per register (every x86-64).
// The code is simd_impl.h; this file only sets the register width and the target.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define W 4
#define TARGET __attribute__((target("sse2")))
#define STREAM_ZERO(p) _mm_stream_ps(p, _mm_setzero_ps())
#define TABLE wb_simd_sse2
#include "simd_impl.h"
#endif
