// gemm_kernels.h — what gemm_kernels_avx2.c and gemm_kernels_avx512.c share, written once and
// inlined in both: the end of the .dot kernels and the walk over a block's tiles (.tiles).
// Private to those two files: it pulls in <immintrin.h>, which every file including gemm.h
// would otherwise parse (it doubled the build time of make check).
#ifndef WB_GEMM_KERNELS_H
#define WB_GEMM_KERNELS_H
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
// C[r*ldc + j] = alpha sums[r][j] + beta C (r < rows, j < cols <= 4; beta 0: C not read): the
// end of the .dot of AVX2 and AVX-512 (inlined in both). A row of 4 is one 128-bit FMA; fewer go
// one by one (fmaf is one instruction with FMA on), since AMD's masked stores are slow microcode.
__attribute__((target("avx2,fma"), always_inline)) static inline void wb_gemm_add_sums_avx(
    const __m128 sums[4], int rows, int cols, float *c, long ldc, float alpha, float beta) {
    for (int r = 0; r < rows; r++) {
        __m128 v = _mm_mul_ps(_mm_set1_ps(alpha), sums[r]);
        float *cr = c + r * ldc, t[4];
        if (cols == 4) {
            if (beta != 0.0f) v = _mm_fmadd_ps(_mm_set1_ps(beta), _mm_loadu_ps(cr), v);
            _mm_storeu_ps(cr, v);
            continue;
        }
        _mm_storeu_ps(t, v);
        for (int j = 0; j < cols; j++)
            cr[j] = beta == 0.0f ? t[j] : __builtin_fmaf(beta, cr[j], t[j]);
    }
}
#endif

// The .dot function itself, the same in both files but for the rows a block may have (ROW_CASES:
// DOT_ROW(1) ... DOT_ROW(dot_rows)): the columns 4 at a time, each block by the file's own
// always-inlined dot_block(K, a, lda, b, ldb, out, ROWS, COLS) with constant ROWS and COLS.
#define DOT_CASE(R, CC) \
    case R * 8 + CC: dot_block(K, a, lda, b + j * ldb, ldb, out, R, CC); break;
#define DOT_ROW(R) DOT_CASE(R, 1) DOT_CASE(R, 2) DOT_CASE(R, 3) DOT_CASE(R, 4)
#define WB_GEMM_DOT_FN(ROW_CASES)                                                              \
    TARGET static void dot(int K, const float *a, long lda, const float *b, long ldb, int rows, \
                           int N, float *c, long ldc, float alpha, float beta) {              \
        for (int j = 0; j < N; j += 4) {                                                       \
            __m128 out[4];                                                                     \
            int cols = N - j < 4 ? N - j : 4;                                                  \
            switch (rows * 8 + cols) { ROW_CASES }                                             \
            wb_gemm_add_sums_avx(out, rows, cols, c + j, ldc, alpha, beta);                    \
        }                                                                                      \
    }

// The .tiles function itself: every tile of the block, those of all MR rows by the file's
// always-inlined full_rows(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta), so that they cost no
// call (for K = 10, as in the 10-class layer's dx, the calls and the driver's arithmetic per
// tile took a fifth of the time), the last rows of the block by its .kernel_strided (inlining
// every row count too tripled the files' compile time). One loop over the tiles
// (wb_gemm_next_tile, gemm.h), so that full_rows is inlined once.
#define WB_GEMM_TILES_FN                                                                       \
    TARGET static void tiles(const wb_gemm_tiles *t) {                                          \
        const int ni = (t->mc + MR - 1) / MR, nj = (t->nc + NR - 1) / NR;                       \
        int i = 0, j = 0;                                                                      \
        for (int n = 0; n < ni * nj; n++) {                                                    \
            int mr = t->mc - i * MR < MR ? t->mc - i * MR : MR;                                \
            int nr = t->nc - j * NR < NR ? t->nc - j * NR : NR;                                \
            const float *a = t->a + i * t->a_panel, *b = t->b + j * t->b_panel;                 \
            float *c = t->c + (long)i * MR * t->ldc + j * NR;                                  \
            if (mr == MR)                                                                      \
                full_rows(t->kc, a, t->rsa, t->csa, b, t->ldb, c, t->ldc, nr, t->alpha,        \
                          t->beta);                                                            \
            else                                                                               \
                kernel_strided(t->kc, a, t->rsa, t->csa, b, t->ldb, c, t->ldc, mr, nr,         \
                               t->alpha, t->beta);                                             \
            wb_gemm_next_tile(t->a_outer, ni, nj, &i, &j);                                     \
        }                                                                                      \
    }
#endif
