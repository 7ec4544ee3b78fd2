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

TARGET static void kernel(int k, const float *a, const float *b, long ldb, float *c,
                          long ldc, int mr, int nr, float alpha, float beta) {
    (void)mr, (void)nr;  // always a full tile (see gemm.h)
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
        b += ldb;
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

// Packing helper: dst[p*R + r] = src[r*ld + p] for r < rows, p < k (both multiples of 8).
// Load an 8x8 block (8 rows, 8 consecutive p), transpose it in registers, store 8 rows of 8:
// 24 shuffles per 64 floats instead of 64 scattered single-float stores.
TARGET void wb_gemm_pack_t_avx(int rows, int k, const float *src, long ld, int R, float *dst) {
    for (int r = 0; r < rows; r += 8)
        for (int p = 0; p < k; p += 8) {
            const float *s = src + r * ld + p;
            __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ld);
            __m256 r2 = _mm256_loadu_ps(s + 2 * ld), r3 = _mm256_loadu_ps(s + 3 * ld);
            __m256 r4 = _mm256_loadu_ps(s + 4 * ld), r5 = _mm256_loadu_ps(s + 5 * ld);
            __m256 r6 = _mm256_loadu_ps(s + 6 * ld), r7 = _mm256_loadu_ps(s + 7 * ld);
            // interleave pairs of rows, then pairs of pairs, then swap 128-bit halves
            __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
            __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
            __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
            __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
            __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
            __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
            __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
            __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
            float *d = dst + (long)p * R + r;
            _mm256_storeu_ps(d + 0 * R, _mm256_permute2f128_ps(u0, u4, 0x20));
            _mm256_storeu_ps(d + 1 * R, _mm256_permute2f128_ps(u1, u5, 0x20));
            _mm256_storeu_ps(d + 2 * R, _mm256_permute2f128_ps(u2, u6, 0x20));
            _mm256_storeu_ps(d + 3 * R, _mm256_permute2f128_ps(u3, u7, 0x20));
            _mm256_storeu_ps(d + 4 * R, _mm256_permute2f128_ps(u0, u4, 0x31));
            _mm256_storeu_ps(d + 5 * R, _mm256_permute2f128_ps(u1, u5, 0x31));
            _mm256_storeu_ps(d + 6 * R, _mm256_permute2f128_ps(u2, u6, 0x31));
            _mm256_storeu_ps(d + 7 * R, _mm256_permute2f128_ps(u3, u7, 0x31));
        }
}

const wb_gemm_kernel wb_gemm_kernel_avx2 = {"avx2", MR, NR, 256, 72, 4096, kernel, 0, NULL,
                                            wb_gemm_pack_t_avx};
#endif
