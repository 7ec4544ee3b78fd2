// gemm.h — fast single-precision matrix multiplication (SGEMM) without a BLAS library.
//
//   C = alpha * op(A) * op(B) + beta * C          op(X) = X or X^T
//
// Row-major, the same signature as the correctness oracle wb_matmul_ref (matmul.h):
//   op(A) is (M,K), op(B) is (K,N), C is (M,N). transA != 0 means A is stored transposed, i.e. as
//   (K,M) with row stride lda >= M; otherwise as (M,K) with lda >= K. Same for B. ldc >= N.
//   beta == 0 ignores what C held (NaN and inf included). M, N or K may be 0.
//
//   // y (B,OC) = x (B,C) . W^T, with W (OC,C):
//   wb_sgemm(0, 1, B, OC, C, 1.0f, x, C, W, C, 0.0f, y, OC);
//
// How it is fast is the lesson of gemm.c: cache blocking, packed panels, and a register-tiled
// micro-kernel per instruction set (gemm_kernels_{scalar,sse2,avx2,avx512}.c) chosen at run time
// (cpu.h: HARNESS_ISA forces one). HARNESS_THREADS sets the thread count (default: all cores).
#ifndef WB_GEMM_H
#define WB_GEMM_H

void wb_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc);

// Cache blocks (gemm.c): computed from this machine's cache sizes, unless HARNESS_GEMM_BLOCKS=
// kc,mc,nc or this call sets them (for tests and experiments; 0,0,0 = back to the cache sizes).
// Blocks change the order of the additions in C only through kc.
void wb_sgemm_set_blocks(int kc, int mc, int nc);
// The blocks the kernels of the ISA in use get, and the L1d, L2, L3 sizes read (0: unknown).
void wb_sgemm_blocks(int *kc, int *mc, int *nc, long cache_bytes[3]);

// The steps of the lesson in gemm.c, for the benchmark: C (M,N) = A (M,K) . B (K,N), no
// transposes, dense rows. step 0 naive i-j-k, 1 i-k-j loop order, 2 cache blocking, 3 packing +
// portable micro-kernel, 4 the full wb_sgemm on one thread.
void wb_sgemm_lesson(int step, int M, int N, int K, const float *A, const float *B, float *C);

// ---- The micro-kernel interface (used by gemm.c and gemm_kernels_*.c) ----
//
// A micro-kernel computes one MR x NR tile of C from packed panels, k steps deep:
//   a: MR x k packed column by column, a[p*MR + i] = op(A)[i][p]
//   b: k x NR row by row, row stride ldb: b[p*ldb + j] = op(B)[p][j]   (ldb = NR when packed;
//      a .partial kernel may also get B straight from the matrix, see gemm.c)
//   c: the tile, row stride ldc:       c[i*ldc + j] = alpha * sum_p a[p*MR+i] b[p*ldb+j]
//                                                     + beta * c[i*ldc + j]   (beta==0: not read)
// Only the top-left mr x nr part of the tile lies inside C. A kernel with .partial = 1 writes just
// that part itself (AVX-512 has mask registers for it); otherwise the driver calls it with full
// tiles only and handles the edges of C through a temporary tile.
// Panels are 64-byte aligned. kc, mc, nc are the cache-block sizes the driver uses with it.
typedef void (*wb_gemm_ukernel_fn)(int k, const float *a, const float *b, long ldb, float *c,
                                   long ldc, int mr, int nr, float alpha, float beta);
// Optional packing helpers (NULL: the driver's plain C loops), for a panel of R rows of which
// the first `rows` are real and the rest zero:
//   copy:       dst[p*R + r] = src[p*ld + r]   r < rows <= R (0 for rows <= r < R), p < k
//   transpose:  dst[p*R + r] = src[r*ld + p]   r < rows, p < k, rows and k multiples of 8
typedef void (*wb_gemm_pack_fn)(int rows, int k, const float *src, long ld, int R, float *dst);
// Optional, the same kernel reading A through strides instead of a packed panel:
//   op(A)[i][p] of the tile = a[i*rsa + p*csa]   (packed: rsa = 1, csa = MR; straight from the
//   matrix: rsa = lda, csa = 1, or rsa = 1, csa = lda when A is stored transposed)
// Only for .partial kernels, since A straight from the matrix has no zero rows past M.
typedef void (*wb_gemm_strided_fn)(int k, const float *a, long rsa, long csa, const float *b,
                                   long ldb, float *c, long ldc, int mr, int nr, float alpha,
                                   float beta);
// Optional, dot products for narrow products (gemm.c, DOT_MAX_N): for r < rows <= .dot_rows and
// j < N, C[r*ldc + j] = alpha sum_p a[r*lda + p] b[j*ldb + p] + beta C[r*ldc + j] over p < K
// (rows of A and of B^T, both contiguous along K; beta == 0: C not read).
typedef void (*wb_gemm_dot_fn)(int K, const float *a, long lda, const float *b, long ldb,
                               int rows, int N, float *c, long ldc, float alpha, float beta);
// Optional, every tile of one (mc,nc) block of C in one call, each as .kernel_strided computes
// it: tile (i, j) has A at a + i * a_panel (strides rsa, csa), B at b + j * b_panel (row stride
// ldb) and C at c + i*MR*ldc + j*NR; a_outer: the tiles in the order (0,0), (0,1), ... (all of
// a row of tiles first), else (0,0), (1,0), ...
typedef struct {
    int kc, mc, nc, a_outer;
    const float *a;
    long rsa, csa, a_panel;
    const float *b;
    long ldb, b_panel;
    float *c;
    long ldc;
    float alpha, beta;
} wb_gemm_tiles;
typedef void (*wb_gemm_tiles_fn)(const wb_gemm_tiles *t);
// The tile after (i, j) in that order, in a block of ni x nj tiles (used by gemm.c's walk and the
// kernels' .tiles, so that both visit the tiles alike).
static inline void wb_gemm_next_tile(int a_outer, int ni, int nj, int *i, int *j) {
    if (a_outer) {
        if (++*j == nj) *j = 0, ++*i;
    } else if (++*i == ni) {
        *i = 0, ++*j;
    }
}
typedef struct {
    const char *name;
    int mr, nr;               // register tile
    int kc, mc, nc;           // cache blocks when the cache sizes are unknown (gemm.c computes
                              // them from the sizes): (MR,kc) of A in L1, (kc,nc) of B in L2
    wb_gemm_ukernel_fn kernel;
    int partial;              // the kernel writes partial tiles itself
    wb_gemm_pack_fn pack_copy, pack_transpose;
    wb_gemm_strided_fn kernel_strided;  // optional (NULL: A is always packed)
    // optional: the whole transposing pack, any rows <= R and any k, zeros for rows >= `rows`
    // (NULL: pack_transpose for the multiples of 8, plain C for the rest)
    wb_gemm_pack_fn pack_transpose_any;
    // optional: C = alpha A B^T + beta C by dot products of rows, .dot_rows rows at a time
    wb_gemm_dot_fn dot;
    int dot_rows;
    wb_gemm_tiles_fn tiles;  // optional (NULL: the driver calls the kernel tile by tile)
} wb_gemm_kernel;

// 8x8 blocks transposed in AVX registers (gemm_kernels_avx2.c; AVX2 and AVX-512 use it).
void wb_gemm_pack_t_avx(int rows, int k, const float *src, long ld, int R, float *dst);

extern const wb_gemm_kernel wb_gemm_kernel_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const wb_gemm_kernel wb_gemm_kernel_sse2;
extern const wb_gemm_kernel wb_gemm_kernel_avx2;
extern const wb_gemm_kernel wb_gemm_kernel_avx512;
#endif

#endif
