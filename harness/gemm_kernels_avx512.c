// gemm_kernels_avx512.c — the AVX-512F micro-kernel for wb_sgemm (see gemm.c for the lesson).
//
// Tile 8 x 32: each row of the C tile is two 16-float zmm registers, 16 accumulators; per step p
// we load 2 vectors of B and, for each of the 8 rows, broadcast one float of A and do 2 FMAs:
//   acc[i][0:32] += a[p*8 + i] * b[p*32 + 0:32]
// 16 FMAs per 2 loads + 8 broadcasts: the loads never hold up the FMA units, and 16
// independent accumulators hide the FMA latency. (A 12 x 32 tile, 24 accumulators, measured the
// same speed, but wastes more work when M is a multiple of 8 like the course's batch sizes.)
//
// AVX-512 also has mask registers: a store with mask 0b0000001111111111 writes 10 lanes only.
// So this kernel handles partial tiles at the edges of C itself (.partial = 1): its stores, and
// its loads of B (which may come straight from the matrix, where a full-width load could run
// past the end), are masked to the nr columns inside C. And it computes only what is needed: a
// tile at most 16 columns wide skips the second column of registers (half the FMAs, e.g. for
// the 10 classes of an MNIST output layer), and a tile of mr < 8 rows runs a loop with mr rows
// (M = 10 costs 10 rows of work, not 16).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "gemm.h"
#include "gemm_kernels.h"

#define MR 8
#define NR 32
// B panels stream from L2 (gemm.c, run_block): ask for the rows PF steps ahead (1 KB), in a
// K loop of at least PF_MIN_K steps. A short loop finds its B in L1 (a few rows of the matrix
// or a panel just packed), where the prefetches only take load slots: on an Intel Ice Lake,
// without them K = 4..64 ran 2-17% faster, with them K = 512 ran 4% faster.
#define PF 8
#define PF_MIN_K 128
#define TARGET __attribute__((target("avx512f,avx2,fma")))

// One step p of the tile: acc[i][0:32] += a[i*rsa] * b[0:32], the lanes of m0, m1 only.
TARGET static inline __attribute__((always_inline)) void step(const float *a, long rsa,
                                                              const float *b, long ldb,
                                                              __mmask16 m0, __mmask16 m1,
                                                              __m512 acc[][2], const int ROWS,
                                                              const int NV, const int PREFETCH) {
    __m512 b0 = _mm512_maskz_loadu_ps(m0, b);
    __m512 b1 = NV == 2 ? _mm512_maskz_loadu_ps(m1, b + 16) : b0;
    if (PREFETCH) {  // (past the panel's end this fetches a line for nothing: never a fault)
        _mm_prefetch((const char *)(b + PF * ldb), _MM_HINT_T0);
        if (NV == 2) _mm_prefetch((const char *)(b + PF * ldb + 16), _MM_HINT_T0);
    }
#pragma GCC unroll 8
    for (int i = 0; i < ROWS; i++) {
        __m512 ai = _mm512_set1_ps(a[i * rsa]);
        acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
        if (NV == 2) acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
    }
}

// ROWS (1..8) rows and NV (1 or 2) column registers: constants after inlining, so each
// combination gets its own fully unrolled loop.
TARGET static inline __attribute__((always_inline)) void tile(int k, const float *a, long rsa,
                                                              long csa,
                                                              const float *b, long ldb, float *c,
                                                              long ldc, int nr, float alpha,
                                                              float beta, const int ROWS,
                                                              const int NV) {
    // lanes of the tile inside C: the B loads use them too, since b may be the matrix itself
    __mmask16 m0 = nr >= 16 ? 0xFFFF : (__mmask16)((1u << nr) - 1);
    __mmask16 m1 = nr >= 32 ? 0xFFFF : nr > 16 ? (__mmask16)((1u << (nr - 16)) - 1) : 0;
    __m512 acc[MR][2];
#pragma GCC unroll 8
    for (int i = 0; i < ROWS; i++) {
        acc[i][0] = acc[i][1] = _mm512_setzero_ps();
        if (k > 32) {  // C is needed at the end: fetch it meanwhile (not worth it for short k)
            _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
            if (NV == 2) _mm_prefetch((const char *)(c + i * ldc + 16), _MM_HINT_T0);
        }
    }

    // the same loop twice, with and without the prefetches (a constant in each after inlining)
    if (k >= PF_MIN_K)
        for (int p = 0; p < k; p++, a += csa, b += ldb)
            step(a, rsa, b, ldb, m0, m1, acc, ROWS, NV, 1);
    else
        for (int p = 0; p < k; p++, a += csa, b += ldb)
            step(a, rsa, b, ldb, m0, m1, acc, ROWS, NV, 0);

    // C = alpha * acc + beta * C on the ROWS x nr part; beta == 0 never loads C (may be NaN).
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
    for (int i = 0; i < ROWS; i++) {
        float *ci = c + i * ldc;
        __m512 r0 = alpha == 1.0f ? acc[i][0] : _mm512_mul_ps(va, acc[i][0]);
        if (beta != 0.0f) r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, ci), r0);
        _mm512_mask_storeu_ps(ci, m0, r0);
        if (NV == 2) {
            __m512 r1 = alpha == 1.0f ? acc[i][1] : _mm512_mul_ps(va, acc[i][1]);
            if (beta != 0.0f) r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, ci + 16), r1);
            _mm512_mask_storeu_ps(ci + 16, m1, r1);
        }
    }
}

// A tile of all 8 rows: for a packed panel (rsa = 1, csa = 8) the strides as constants, so the
// broadcasts use fixed offsets; and nr as a constant for a whole tile, so that its loads and
// stores are not masked.
TARGET static inline __attribute__((always_inline)) void full_rows(int k, const float *a,
                                                                   long rsa, long csa,
                                                                   const float *b, long ldb,
                                                                   float *c, long ldc, int nr,
                                                                   float alpha, float beta) {
    if (rsa == 1 && csa == MR) {
        if (nr == NR) tile(k, a, 1, MR, b, ldb, c, ldc, NR, alpha, beta, MR, 2);
        else if (nr > 16) tile(k, a, 1, MR, b, ldb, c, ldc, nr, alpha, beta, MR, 2);
        else tile(k, a, 1, MR, b, ldb, c, ldc, nr, alpha, beta, MR, 1);
    } else if (nr == NR) {
        tile(k, a, rsa, csa, b, ldb, c, ldc, NR, alpha, beta, MR, 2);
    } else if (nr > 16) {
        tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, MR, 2);
    } else {
        tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, MR, 1);
    }
}

// Any tile: mr (1..8) rows and up to 32 columns. A is a[i*rsa + p*csa]: a packed panel (rsa = 1,
// csa = 8) or the matrix itself (gemm.h).
TARGET static void kernel_strided(int k, const float *a, long rsa, long csa, const float *b,
                                  long ldb, float *c, long ldc, int mr, int nr, float alpha,
                                  float beta) {
#define ROWS_CASE(R)                                                                  \
    case R:                                                                           \
        if (nr <= 16) tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 1);    \
        else tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 2);             \
        break;
    switch (mr) {
        ROWS_CASE(1) ROWS_CASE(2) ROWS_CASE(3) ROWS_CASE(4)
        ROWS_CASE(5) ROWS_CASE(6) ROWS_CASE(7)
    case MR: full_rows(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta); break;
    }
#undef ROWS_CASE
}

TARGET static void kernel(int k, const float *a, const float *b, long ldb, float *c, long ldc,
                          int mr, int nr, float alpha, float beta) {
    kernel_strided(k, a, 1, MR, b, ldb, c, ldc, mr, nr, alpha, beta);
}

WB_GEMM_TILES_FN

// Packing helper: dst[p*R + r] = src[p*ld + r] for r < rows, 0 for rows <= r < R (R = 8 or a
// multiple of 16). A masked load reads only the lanes that exist and zeroes the others, so the
// zero padding at the edge of the matrix comes for free.
TARGET static void pack_copy(int rows, int k, const float *src, long ld, int R, float *dst) {
    for (int r = 0; r < R; r += 16) {
        int n = rows - r < 0 ? 0 : rows - r;
        __mmask16 m = n >= 16 ? 0xFFFF : (__mmask16)((1u << n) - 1);
        __mmask16 w = R - r >= 16 ? 0xFFFF : (__mmask16)((1u << (R - r)) - 1);  // lanes to write
        for (int p = 0; p < k; p++)
            _mm512_mask_storeu_ps(dst + (long)p * R + r, w,
                                  _mm512_maskz_loadu_ps(m, src + p * ld + r));
    }
}

// ---- narrow products by dot products -------------------------------------------------------
// C = A B^T with few columns (gemm.c, DOT_MAX_N: the 10 classes of an output layer, x W^T): the
// tile above vectorises along N, so 10 columns use 10 of every register's 16 lanes. Here the
// vectors run along K instead, where A's rows and B's rows (W's) are both contiguous:
// acc[r][j] += A_r[p..p+15] * B_j[p..p+15], all lanes busy, nothing packed; at the end each acc
// is summed across its lanes.
// Blocks of 4 rows x 4 columns: 16 accumulators, 8 loads per 16 FMAs. (Blocks of 5 columns,
// 10 classes as 5 + 5 instead of 4 + 4 + 2, measured 7% slower.)

// the lane sums of c0..c3 in the 4 lanes of a 128-bit register: pairs, then quads, then the
// four 128-bit quarters added together
TARGET static inline __m128 sum4(__m512 c0, __m512 c1, __m512 c2, __m512 c3) {
    __m512 x01 = _mm512_add_ps(_mm512_unpacklo_ps(c0, c1), _mm512_unpackhi_ps(c0, c1));
    __m512 x23 = _mm512_add_ps(_mm512_unpacklo_ps(c2, c3), _mm512_unpackhi_ps(c2, c3));
    __m512d lo = _mm512_unpacklo_pd(_mm512_castps_pd(x01), _mm512_castps_pd(x23));
    __m512d hi = _mm512_unpackhi_pd(_mm512_castps_pd(x01), _mm512_castps_pd(x23));
    __m512 y = _mm512_add_ps(_mm512_castpd_ps(lo), _mm512_castpd_ps(hi));
    __m256 z = _mm256_add_ps(_mm512_castps512_ps256(y),
                             _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(y), 1)));
    return _mm_add_ps(_mm256_castps256_ps128(z), _mm256_extractf128_ps(z, 1));
}

// acc[r][j] += A_r[0..15] * B_j[0..15] (the lanes of m only, unless whole)
TARGET static inline __attribute__((always_inline)) void dot_step(
    int whole, __mmask16 m, const float *a, long lda, const float *b, long ldb, __m512 acc[4][4],
    const int ROWS, const int COLS) {
    __m512 bj[4];
#pragma GCC unroll 4
    for (int j = 0; j < COLS; j++)
        bj[j] = whole ? _mm512_loadu_ps(b + j * ldb) : _mm512_maskz_loadu_ps(m, b + j * ldb);
#pragma GCC unroll 4
    for (int r = 0; r < ROWS; r++) {
        __m512 ar = whole ? _mm512_loadu_ps(a + r * lda) : _mm512_maskz_loadu_ps(m, a + r * lda);
#pragma GCC unroll 4
        for (int j = 0; j < COLS; j++) acc[r][j] = _mm512_fmadd_ps(ar, bj[j], acc[r][j]);
    }
}

// ROWS x COLS (1..4 each, constants after inlining) dot products of length K into out
TARGET static inline __attribute__((always_inline)) void dot_block(
    int K, const float *a, long lda, const float *b, long ldb, __m128 out[4], const int ROWS,
    const int COLS) {
    __m512 acc[4][4];
#pragma GCC unroll 4
    for (int r = 0; r < 4; r++)
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++) acc[r][j] = _mm512_setzero_ps();
    // whole vectors of K with plain loads, the rest (K mod 16) masked: a mask computed in the
    // loop made every load a masked one, 1.2-1.3x slower on an Ice Lake (64 x 10 x 128..784)
    int K16 = K / 16 * 16;
    for (int p = 0; p < K16; p += 16) dot_step(1, 0xFFFF, a + p, lda, b + p, ldb, acc, ROWS, COLS);
    if (K16 < K)
        dot_step(0, (__mmask16)((1u << (K - K16)) - 1), a + K16, lda, b + K16, ldb, acc, ROWS,
                 COLS);
#pragma GCC unroll 4
    for (int r = 0; r < ROWS; r++)
        out[r] = sum4(acc[r][0], acc[r][1], acc[r][2], acc[r][3]);
}

WB_GEMM_DOT_FN(DOT_ROW(1) DOT_ROW(2) DOT_ROW(3) DOT_ROW(4))

const wb_gemm_kernel wb_gemm_kernel_avx512 = {
    .name = "avx512", .mr = MR, .nr = NR, .kc = 336, .mc = 96, .nc = 192,
    .kernel = kernel, .partial = 1, .pack_copy = pack_copy, .pack_transpose = wb_gemm_pack_t_avx,
    .kernel_strided = kernel_strided, .dot = dot, .dot_rows = 4, .tiles = tiles,
};
#endif
