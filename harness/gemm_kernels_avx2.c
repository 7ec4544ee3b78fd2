// gemm_kernels_avx2.c — the AVX2 + FMA micro-kernel for wb_sgemm (see gemm.c for the lesson).
//
// Tile 6 x 16: each row of the C tile is two 8-float ymm registers, 12 of the 16 registers;
// per step p: load 2 vectors of B, broadcast 6 floats of A, 12 fused multiply-adds:
//   acc[i][0:16] += a[p*6 + i] * b[p*16 + 0:16]
// Two FMA units with a latency of 4 cycles need >= 8 independent accumulators: 12 is enough.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "gemm.h"

#define MR 6
#define NR 16
#define TARGET __attribute__((target("avx2,fma")))

TARGET static void kernel(int k, const float *a, const float *b, float *c, long ldc,
                          float alpha, float beta) {
    __m256 acc[MR][2];
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();

    for (int p = 0; p < k; p++) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#pragma GCC unroll 6
        for (int i = 0; i < MR; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i);
            acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += MR;
        b += NR;
    }

    // C = alpha * acc + beta * C; with beta == 0 the old C is never loaded (it may be NaN).
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) {
        float *ci = c + i * ldc;
        __m256 r0 = _mm256_mul_ps(va, acc[i][0]), r1 = _mm256_mul_ps(va, acc[i][1]);
        if (beta != 0.0f) {
            r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci), r0);
            r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci + 8), r1);
        }
        _mm256_storeu_ps(ci, r0);
        _mm256_storeu_ps(ci + 8, r1);
    }
}

const wb_gemm_kernel wb_gemm_kernel_avx2 = {"avx2", MR, NR, 256, 72, 4096, kernel};
#endif
