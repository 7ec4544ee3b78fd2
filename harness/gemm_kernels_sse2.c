// gemm_kernels_sse2.c — the SSE2 micro-kernel for wb_sgemm (every x86-64 CPU; see gemm.c).
//
// Tile 6 x 8: each row of the C tile is two 4-float xmm registers, 12 of the 16 registers; per
// step p: load 2 vectors of B, broadcast 6 floats of A, 12 multiplies + 12 adds (SSE2 has no
// fused multiply-add):  acc[i][0:8] += a[p*6 + i] * b[p*8 + 0:8].
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "gemm.h"

#define MR 6
#define NR 8
#define TARGET __attribute__((target("sse2")))

TARGET static void kernel(int k, const float *a, const float *b, long ldb, float *c,
                          long ldc, int mr, int nr, float alpha, float beta) {
    (void)mr, (void)nr;  // always a full tile (see gemm.h)
    __m128 acc[MR][2];
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm_setzero_ps();

    for (int p = 0; p < k; p++) {
        __m128 b0 = _mm_load_ps(b), b1 = _mm_load_ps(b + 4);
#pragma GCC unroll 6
        for (int i = 0; i < MR; i++) {
            __m128 ai = _mm_set1_ps(a[i]);
            acc[i][0] = _mm_add_ps(acc[i][0], _mm_mul_ps(ai, b0));
            acc[i][1] = _mm_add_ps(acc[i][1], _mm_mul_ps(ai, b1));
        }
        a += MR;
        b += ldb;
    }

    // C = alpha * acc + beta * C; with beta == 0 the old C is never loaded (it may be NaN).
    __m128 va = _mm_set1_ps(alpha), vb = _mm_set1_ps(beta);
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) {
        float *ci = c + i * ldc;
        __m128 r0 = _mm_mul_ps(va, acc[i][0]), r1 = _mm_mul_ps(va, acc[i][1]);
        if (beta != 0.0f) {
            r0 = _mm_add_ps(r0, _mm_mul_ps(vb, _mm_loadu_ps(ci)));
            r1 = _mm_add_ps(r1, _mm_mul_ps(vb, _mm_loadu_ps(ci + 4)));
        }
        _mm_storeu_ps(ci, r0);
        _mm_storeu_ps(ci + 4, r1);
    }
}

const wb_gemm_kernel wb_gemm_kernel_sse2 = {
    .name = "sse2", .mr = MR, .nr = NR, .kc = 256, .mc = 96, .nc = 256, .kernel = kernel,
};
#endif
