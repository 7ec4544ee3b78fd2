// gemm_kernels_avx512.c — the AVX-512F micro-kernel for wb_sgemm (see gemm.c for the lesson).
//
// Tile 12 x 32: each row of the C tile is two 16-float zmm registers, so the tile lives in
// 24 of the 32 zmm registers; per step p we load 2 vectors of B and, for each of the 12 rows,
// broadcast one float of A (folded into the FMA as a {1to16} memory operand) and do 2 FMAs:
//   acc[i][0:32] += a[p*12 + i] * b[p*32 + 0:32]
// 24 FMAs per 2 loads of B + 12 broadcasts keeps the FMA units busy, never waiting on memory.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "gemm.h"

#define MR 8
#define NR 32
#define TARGET __attribute__((target("avx512f,avx2,fma")))

TARGET static void kernel(int k, const float *a, const float *b, float *c, long ldc,
                          float alpha, float beta) {
    __m512 acc[MR][2];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        acc[i][0] = acc[i][1] = _mm512_setzero_ps();
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);  // C is needed at the end:
        _mm_prefetch((const char *)(c + i * ldc + 16), _MM_HINT_T0);  // fetch it meanwhile
    }

    for (int p = 0; p < k; p++) {
        __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
#pragma GCC unroll 8
        for (int i = 0; i < MR; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += MR;
        b += NR;
    }

    // C = alpha * acc + beta * C; with beta == 0 the old C is never loaded (it may be NaN).
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        float *ci = c + i * ldc;
        __m512 r0 = _mm512_mul_ps(va, acc[i][0]), r1 = _mm512_mul_ps(va, acc[i][1]);
        if (beta != 0.0f) {
            r0 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(ci), r0);
            r1 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(ci + 16), r1);
        }
        _mm512_storeu_ps(ci, r0);
        _mm512_storeu_ps(ci + 16, r1);
    }
}

const wb_gemm_kernel wb_gemm_kernel_avx512 = {"avx512", MR, NR, 256, 96, 4096, kernel,
                                              wb_gemm_pack_t_avx};
#endif
