// gemm_kernels_avx2.c — the AVX2 + FMA micro-kernel for wb_sgemm (see gemm.c for the lesson).
//
// Tile 6 x 16: each row of the C tile is two 8-float ymm registers, 12 of the 16 registers;
// per step p: load 2 vectors of B, broadcast 6 floats of A, 12 fused multiply-adds:
//   acc[i][0:16] += a[i*rsa + p*csa] * b[p*ldb + 0:16]
// Two FMA units with a latency of 4 cycles need >= 8 independent accumulators: 12 is enough,
// and the 6 broadcasts + 2 loads per 12 FMAs keep the load units (2-3 per cycle) from holding
// them up.
//
// Unlike the first version of this kernel (which always computed a whole 6 x 16 tile and let
// the driver copy the part inside C), it does only the work that is needed, like the AVX-512
// kernel: a tile of mr < 6 rows runs a loop with mr rows, a tile at most 8 columns wide skips
// the second column of registers, and the loads of B and stores of C at the right edge of C
// are masked (vmaskmovps: lanes outside the mask are neither read nor written, so B may be
// read straight from the matrix). The 10 classes of an output layer, the 6 or 16 channels of
// a LeNet convolution and the last rows of a batch cost what they compute, not a whole tile.
//
// A is read through two strides (rsa between rows, csa between steps p), so the same kernel
// runs on a packed panel (rsa = 1, csa = 6) or on A straight from the matrix (rsa = lda,
// csa = 1; or 1 and lda when A is stored transposed). The driver skips packing A when it
// would not pay (gemm.c).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "gemm.h"
#include "gemm_kernels.h"

#define MR 6
#define NR 16
#define TARGET __attribute__((target("avx2,fma")))

// lanes 0..n-1 set (n clamped to 0..8): the mask for vmaskmovps
TARGET static inline __m256i lanes(int n) {
    n = n < 0 ? 0 : n > 8 ? 8 : n;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// ROWS (1..6) rows, NV (1 or 2) column registers, MASK (0: all NV*8 columns are inside C):
// constants after inlining, so each combination gets its own fully unrolled loop.
TARGET static inline __attribute__((always_inline)) void tile(int k, const float *a, long rsa,
                                                              long csa, const float *b,
                                                              long ldb, float *c, long ldc,
                                                              int nr, float alpha, float beta,
                                                              const int ROWS, const int NV,
                                                              const int MASK) {
    __m256i m0 = lanes(nr), m1 = lanes(nr - 8);
    __m256 acc[MR][2];
#pragma GCC unroll 6
    for (int i = 0; i < ROWS; i++) {
        acc[i][0] = acc[i][1] = _mm256_setzero_ps();
        if (k > 32) {  // C is needed at the end: fetch it meanwhile (not worth it for short k)
            _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
            if (NV == 2) _mm_prefetch((const char *)(c + i * ldc + 15), _MM_HINT_T0);
        }
    }

#pragma GCC unroll 4
    for (int p = 0; p < k; p++) {
        __m256 b0 = MASK && NV == 1 ? _mm256_maskload_ps(b, m0) : _mm256_loadu_ps(b);
        __m256 b1 = NV == 1 ? b0 : MASK ? _mm256_maskload_ps(b + 8, m1) : _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
        for (int i = 0; i < ROWS; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i * rsa);
            acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
            if (NV == 2) acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += csa;
        b += ldb;
    }

    // C = alpha * acc + beta * C on the ROWS x nr part; beta == 0 never loads C (may be NaN).
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
    for (int i = 0; i < ROWS; i++) {
        float *ci = c + i * ldc;
        __m256 r0 = alpha == 1.0f ? acc[i][0] : _mm256_mul_ps(va, acc[i][0]);
        if (MASK && NV == 1) {
            if (beta != 0.0f) r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci, m0), r0);
            _mm256_maskstore_ps(ci, m0, r0);
        } else {
            if (beta != 0.0f) r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci), r0);
            _mm256_storeu_ps(ci, r0);
        }
        if (NV == 2) {
            __m256 r1 = alpha == 1.0f ? acc[i][1] : _mm256_mul_ps(va, acc[i][1]);
            if (MASK) {
                if (beta != 0.0f) r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci + 8, m1), r1);
                _mm256_maskstore_ps(ci + 8, m1, r1);
            } else {
                if (beta != 0.0f) r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(ci + 8), r1);
                _mm256_storeu_ps(ci + 8, r1);
            }
        }
    }
}

// A is a[i*rsa + p*csa]: a packed panel (rsa = 1, csa = 6) or the matrix itself (gemm.h).
// R rows (a constant) and any nr: whole 8-float registers unmasked, the rest masked.
#define NR_CASES(R)                                                                       \
    if (nr == 16) tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 2, 0);         \
    else if (nr > 8) tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 2, 1);      \
    else if (nr == 8) tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 1, 0);     \
    else tile(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta, R, 1, 1);

// A tile of all 6 rows; a whole one from a packed panel with its strides as constants.
TARGET static inline __attribute__((always_inline)) void full_rows(int k, const float *a,
                                                                   long rsa, long csa,
                                                                   const float *b, long ldb,
                                                                   float *c, long ldc, int nr,
                                                                   float alpha, float beta) {
    if (nr == NR && rsa == 1 && csa == MR) {
        tile(k, a, 1, MR, b, ldb, c, ldc, nr, alpha, beta, MR, 2, 0);
    } else {
        NR_CASES(MR)
    }
}

// Any tile: mr (1..6) rows, A through any strides.
TARGET static void kernel_strided(int k, const float *a, long rsa, long csa, const float *b,
                                  long ldb, float *c, long ldc, int mr, int nr, float alpha,
                                  float beta) {
    switch (mr) {
    case 1: { NR_CASES(1) } break;
    case 2: { NR_CASES(2) } break;
    case 3: { NR_CASES(3) } break;
    case 4: { NR_CASES(4) } break;
    case 5: { NR_CASES(5) } break;
    case MR: full_rows(k, a, rsa, csa, b, ldb, c, ldc, nr, alpha, beta); break;
    }
}

// The plain interface (packed A): the same kernel with the packed panel's strides.
TARGET static void kernel(int k, const float *a, const float *b, long ldb, float *c, long ldc,
                          int mr, int nr, float alpha, float beta) {
    kernel_strided(k, a, 1, MR, b, ldb, c, ldc, mr, nr, alpha, beta);
}

WB_GEMM_TILES_FN

// An 8x8 block transposed in registers: out[j] lane i = r[i] lane j. Interleave pairs of rows,
// then pairs of pairs, then swap 128-bit halves: 24 shuffles per 64 floats instead of 64
// scattered single-float stores.
TARGET static inline __attribute__((always_inline)) void transpose8(const __m256 r[8],
                                                                    __m256 out[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    out[0] = _mm256_permute2f128_ps(u0, u4, 0x20), out[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    out[2] = _mm256_permute2f128_ps(u2, u6, 0x20), out[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    out[4] = _mm256_permute2f128_ps(u0, u4, 0x31), out[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    out[6] = _mm256_permute2f128_ps(u2, u6, 0x31), out[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// Packing helper: dst[p*R + r] = src[r*ld + p] for r < rows, p < k (both multiples of 8).
TARGET void wb_gemm_pack_t_avx(int rows, int k, const float *src, long ld, int R, float *dst) {
    for (int r = 0; r < rows; r += 8)
        for (int p = 0; p < k; p += 8) {
            const float *s = src + r * ld + p;
            __m256 in[8], out[8];
#pragma GCC unroll 8
            for (int i = 0; i < 8; i++) in[i] = _mm256_loadu_ps(s + i * ld);
            transpose8(in, out);
            float *d = dst + (long)p * R + r;
#pragma GCC unroll 8
            for (int j = 0; j < 8; j++) _mm256_storeu_ps(d + j * R, out[j]);
        }
}

// Store the first w lanes of v at d (w = 8, 6 for the A panels, else masked).
TARGET static inline void store_lanes(float *d, __m256 v, int w, __m256i mw) {
    if (w == 8) {
        _mm256_storeu_ps(d, v);
    } else if (w == 6) {
        _mm_storeu_ps(d, _mm256_castps256_ps128(v));
        _mm_storel_pi((__m64 *)(d + 4), _mm256_extractf128_ps(v, 1));
    } else {
        _mm256_maskstore_ps(d, mw, v);
    }
}

// The whole transposing pack, any sizes: dst[p*R + r] = src[r*ld + p] for r < rows <= R, p < k,
// and 0 for rows <= r < R. In blocks of 8 rows x 8 steps; the rows past `rows` are zero
// registers and the steps past k masked loads, so nothing outside the matrix is read. A panel
// of R = 6 rows (the A panels) stores 6 of the 8 lanes.
TARGET static void pack_t_any(int rows, int k, const float *src, long ld, int R, float *dst) {
    for (int r0 = 0; r0 < R; r0 += 8) {
        int n = rows - r0 < 0 ? 0 : rows - r0 > 8 ? 8 : rows - r0;  // real rows in the block
        int w = R - r0 < 8 ? R - r0 : 8;                             // lanes to write
        __m256i mw = lanes(w);
        for (int p0 = 0; p0 < k; p0 += 8) {
            int kp = k - p0 < 8 ? k - p0 : 8;
            __m256i mk = lanes(kp);
            const float *s = src + (long)r0 * ld + p0;
            __m256 in[8], out[8];
#pragma GCC unroll 8
            for (int i = 0; i < 8; i++)
                in[i] = i >= n ? _mm256_setzero_ps()
                        : kp == 8 ? _mm256_loadu_ps(s + i * ld)
                                  : _mm256_maskload_ps(s + i * ld, mk);
            transpose8(in, out);
            float *d = dst + (long)p0 * R + r0;
            for (int j = 0; j < kp; j++, d += R) store_lanes(d, out[j], w, mw);
        }
    }
}

// The copying pack: dst[p*R + r] = src[p*ld + r] for r < rows <= R, 0 for rows <= r < R. One
// (masked) load and store per 8 floats, instead of a call to memcpy for every row of the panel.
TARGET static void pack_copy(int rows, int k, const float *src, long ld, int R, float *dst) {
    for (int r0 = 0; r0 < R; r0 += 8) {
        int n = rows - r0 < 0 ? 0 : rows - r0 > 8 ? 8 : rows - r0;  // real lanes
        int w = R - r0 < 8 ? R - r0 : 8;                             // lanes to write
        __m256i mn = lanes(n), mw = lanes(w);
        const float *s = src + r0;
        float *d = dst + r0;
        if (n == 8 && w == 8)
            for (int p = 0; p < k; p++, s += ld, d += R) _mm256_storeu_ps(d, _mm256_loadu_ps(s));
        else if (n == 6 && w == 6)  // an A panel (MR = 6): 4 + 2 floats, no masked load
            for (int p = 0; p < k; p++, s += ld, d += R) {
                _mm_storeu_ps(d, _mm_loadu_ps(s));
                __m128 hi = _mm_loadl_pi(_mm_setzero_ps(), (const __m64 *)(s + 4));
                _mm_storel_pi((__m64 *)(d + 4), hi);
            }
        else
            for (int p = 0; p < k; p++, s += ld, d += R)
                store_lanes(d, _mm256_maskload_ps(s, mn), w, mw);
    }
}

// ---- narrow products by dot products (gemm.c, DOT_MAX_N) --------------------------------------
// C = A B^T with few columns: vectors along K, where the rows of A and of B are contiguous, so
// every lane does useful work (the tile above would use 10 of its 16 columns for 10 classes).
// Blocks of 2 rows x 4 columns: 8 accumulators and 6 loads per 8 FMAs, in 16 registers.

// the lane sums of c0..c3 in the 4 lanes of a 128-bit register: pairs, quads, the two halves
TARGET static inline __m128 sum4(__m256 c0, __m256 c1, __m256 c2, __m256 c3) {
    __m256 x01 = _mm256_add_ps(_mm256_unpacklo_ps(c0, c1), _mm256_unpackhi_ps(c0, c1));
    __m256 x23 = _mm256_add_ps(_mm256_unpacklo_ps(c2, c3), _mm256_unpackhi_ps(c2, c3));
    __m256d lo = _mm256_unpacklo_pd(_mm256_castps_pd(x01), _mm256_castps_pd(x23));
    __m256d hi = _mm256_unpackhi_pd(_mm256_castps_pd(x01), _mm256_castps_pd(x23));
    __m256 y = _mm256_add_ps(_mm256_castpd_ps(lo), _mm256_castpd_ps(hi));
    return _mm_add_ps(_mm256_castps256_ps128(y), _mm256_extractf128_ps(y, 1));
}

// ROWS (1..2) x COLS (1..4) dot products of length K into out, constants
// after inlining
TARGET static inline __attribute__((always_inline)) void dot_block(
    int K, const float *a, long lda, const float *b, long ldb, __m128 out[4], const int ROWS,
    const int COLS) {
    __m256 acc[2][4];
#pragma GCC unroll 2
    for (int r = 0; r < 2; r++)
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++) acc[r][j] = _mm256_setzero_ps();
    // whole registers by plain loads, the K % 8 rest by masked ones (masked loads in every step
    // made the whole product 1.26x slower: they are slower loads)
    for (int p = 0; p < K; p += 8) {
        const int whole = K - p >= 8;
        __m256i m = lanes(K - p);
        __m256 bj[4];
#pragma GCC unroll 4
        for (int j = 0; j < COLS; j++) {
            const float *bp = b + j * ldb + p;
            bj[j] = whole ? _mm256_loadu_ps(bp) : _mm256_maskload_ps(bp, m);
        }
#pragma GCC unroll 2
        for (int r = 0; r < ROWS; r++) {
            const float *ap = a + r * lda + p;
            __m256 ar = whole ? _mm256_loadu_ps(ap) : _mm256_maskload_ps(ap, m);
#pragma GCC unroll 4
            for (int j = 0; j < COLS; j++) acc[r][j] = _mm256_fmadd_ps(ar, bj[j], acc[r][j]);
        }
    }
#pragma GCC unroll 2
    for (int r = 0; r < ROWS; r++)
        out[r] = sum4(acc[r][0], acc[r][1], acc[r][2], acc[r][3]);
}

WB_GEMM_DOT_FN(DOT_ROW(1) DOT_ROW(2))

const wb_gemm_kernel wb_gemm_kernel_avx2 = {
    .name = "avx2", .mr = MR, .nr = NR, .kc = 448, .mc = 72, .nc = 144,
    .kernel = kernel, .partial = 1, .pack_copy = pack_copy, .pack_transpose = NULL,
    .kernel_strided = kernel_strided, .pack_transpose_any = pack_t_any, .dot = dot, .dot_rows = 2,
    .tiles = tiles,
};
#endif
