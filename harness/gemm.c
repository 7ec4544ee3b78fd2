// gemm.c — SGEMM from a naive triple loop to the speed of OpenBLAS, step by step.
//
//   C (M,N) = alpha * op(A) (M,K) . op(B) (K,N) + beta * C
//
// One multiply-add per (i, j, p) triple: 2*M*N*K floating-point operations. A core does two
// vector FMAs per cycle: with AVX2 (8 floats each) 32 flops per cycle, with AVX-512 (16 floats)
// 64 where the FMA units are 512 bits wide (Intel's Xeons; an AMD Zen 4 splits each into two
// 256-bit halves, so there the AVX-512 peak equals the AVX2 one). make bench measures both
// peaks and times each step below (its "lesson" table). On an Intel Ice Lake Xeon (2.6 GHz,
// 48 KB L1d, 1.25 MB L2; peaks on one core 95-104 GFLOP/s with AVX2, 181 with AVX-512), for
// M = N = K = 1024 on one core (the % of the peak measured in the same run):
//
//                                                               AVX2 kernels   AVX-512 kernels
//   step 0  naive i-j-k loop ...............................    0.5 GFLOP/s    0.6 GFLOP/s
//   step 1  i-k-j loop order ...............................    3.6            3.0
//   step 2  + cache blocking ...............................    4.8            3.1
//   step 3  + packed panels, portable 4x4 C micro-kernel ...   10.6           10.9
//   step 4  + SIMD micro-kernel (= wb_sgemm): AVX2 6x16,
//           AVX-512 8x32 ...................................   87 (93%)      120 (66% of peak)
//
// (make bench, HARNESS_ISA=avx2 for the first column; timed by the CPU time the thread got.
// Steps 0-3 do not depend on the ISA: the columns differ by noise. 66% is no accident of this
// code: OpenBLAS got 70% of the AVX-512 peak in the same run, and the micro-kernel alone, on
// tiles already in L1, 82%.)
//
// Against OpenBLAS 0.3.21 in the same run, one thread, on that Ice Lake (make bench and
// interleaved calls, median ratios of calls made one after the other; OpenBLAS's own AVX-512
// (SkylakeX) kernels against the AVX-512 ones, its AVX2 (Haswell) kernels against the AVX2 ones,
// as an AVX2-only machine runs them; the host's speed drifted by up to 1.5x from one minute to
// the next, so the ranges are over three runs):
//   AVX2:    square 256..2048: 0.94-1.08x (2048 the lowest); the course's products (MLP, LeNet,
//            LSTM and GPT at their training shapes) 0.92-2.0x, the 10-class layer's included (all
//            at 1.03x or more in the last make bench; 0.92x for GPT's fcproj dW in another).
//   AVX-512: square 256..2048: 0.90-1.08x (2048 the lowest, 0.90-0.95x); the course's products
//            1.02-1.47x, except the 10-class layer (x W^T 0.77-0.90x, dW 0.79x, dx 0.90-0.95x:
//            with 10 for M, N or K a 16-lane tile cannot be kept full) and attention per head
//            (a v and a^T dh, 128 x 32 x 128) 0.90-0.98x.
// Two threads at 1024..2048: 1.12-1.71x one thread with AVX-512 and 1.34-1.76x with AVX2 over
// three runs, where OpenBLAS's own two threads gave 1.46x: the second core of that virtual
// machine was not a steady one.
//
// On Intel Sapphire Rapids-class Xeons (48 KB L1d, 2 MB L2; two hosts, peaks 72 and 124 GFLOP/s
// on one, 118-132 and 232-244 on the other), the same: square 256..2048 0.98-1.05x (AVX2) and
// 0.96-1.06x (AVX-512). On the faster one, 1024 at 91-96% of the peak (AVX2) and 72-77%
// (AVX-512), the course's products 0.94-1.90x (AVX2; GPT's fcproj dW the lowest) and 0.88-1.68x
// (AVX-512; the 10-class layer the lowest), two threads 1.92-2.0x one.
// On an AMD Zen 4 (32 KB L1d, 1 MB L2;
// both peaks 114-116 GFLOP/s, where OpenBLAS picks its AVX-512 Cooperlake kernels), square
// 0.92-1.04x with AVX-512 and 0.88-1.11x with AVX2, the course's shapes 0.89-1.41x and
// 0.75-1.53x.
#include "gemm.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu.h"
#include "error.h"
#include "timing.h"

// Each step is its own function (not inlined into wb_sgemm_lesson, where the compiler would run
// short of registers and time something slower than the step itself).
#define NOINLINE __attribute__((noinline))

// ---------------------------------------------------------------------------------------------
// Step 0: the definition. C[i][j] = sum_p A[i][p] * B[p][j].
// The inner loop walks B down a column: every B[p][j] is in a different cache line (64 bytes,
// of which we use 4), so nearly every multiply-add waits on memory.
NOINLINE static void step0_naive(int M, int N, int K, const float *A, const float *B, float *C) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int p = 0; p < K; p++) s += A[i * K + p] * B[p * N + j];
            C[i * N + j] = s;
        }
}

// Step 1: loop order. Swap the j and p loops: C[i][:] += A[i][p] * B[p][:]. Now the inner loop
// reads a row of B and updates a row of C, both contiguous: every cache line is used whole and
// the hardware prefetcher sees the pattern coming. Same arithmetic, ~9x faster. (It is still one
// float at a time: at -O2, gcc 12 does not vectorise a loop that needs a remainder loop.)
NOINLINE static void step1_loop_order(int M, int N, int K, const float *A, const float *B,
                                      float *C) {
    memset(C, 0, (size_t)M * N * sizeof(float));
    for (int i = 0; i < M; i++) {
        float *c = C + (long)i * N;  // row i of C
        for (int p = 0; p < K; p++) {
            float a = A[(long)i * K + p];
            const float *b = B + (long)p * N;  // row p of B
            for (int j = 0; j < N; j++) c[j] += a * b[j];
        }
    }
}

// Step 2: cache blocking. Step 1 streams all of B (K*N floats, 4 MB at 1024) through the cache
// for every row i. Cut p and j into blocks so that a (KB,NB) block of B stays in the L2 cache
// while all M rows use it: B is read from memory once per block instead of once per row.
// Measured here, this alone gains nothing: the 32 MB L3 cache holds all of B anyway, and the
// one-float-at-a-time loop is limited by its own loads and stores, not by memory. Blocking
// matters once the arithmetic is fast: step 4 uses exactly this idea.
#define KB 256
#define NB 512
NOINLINE static void step2_blocked(int M, int N, int K, const float *A, const float *B, float *C) {
    memset(C, 0, (size_t)M * N * sizeof(float));
    for (int j0 = 0; j0 < N; j0 += NB)
        for (int p0 = 0; p0 < K; p0 += KB) {
            int j1 = j0 + NB < N ? j0 + NB : N, p1 = p0 + KB < K ? p0 + KB : K;
            for (int i = 0; i < M; i++) {
                float *c = C + (long)i * N;  // row i of C
                for (int p = p0; p < p1; p++) {
                    float a = A[(long)i * K + p];
                    const float *b = B + (long)p * N;  // row p of B
                    for (int j = j0; j < j1; j++) c[j] += a * b[j];
                }
            }
        }
}

// ---------------------------------------------------------------------------------------------
// Steps 3 and 4: packing and the micro-kernel (the "BLIS" / GotoBLAS design).
//
// Step 2 still loads and stores C[i][j] for every multiply-add: the bottleneck is now the
// load/store units, not the FMA units. A micro-kernel keeps an MR x NR tile of C in registers
// for the whole K loop and does MR*NR FMAs per MR + NR loaded floats:
//   for p: c[i][j] += a[i][p] * b[p][j]    for all i < MR, j < NR   (in registers)
// To feed it at full speed its inputs must be contiguous, in the order it reads them, so we copy
// ("pack") a block of op(A) into MR-row panels and a block of op(B) into NR-column panels:
//
//   for jc in 0..N step nc:
//     for pc in 0..K step kc:
//       pack op(B)[pc:pc+kc, jc:jc+nc] into Bp: nc/NR panels, each (kc,NR) row by row
//                                      B block (kc,nc), reused by all of M             -> L2
//       for ic in 0..M step mc:
//         pack op(A)[ic:ic+mc, pc:pc+kc] into Ap: mc/MR panels, each (MR,kc) column by column
//         for ir in 0..mc step MR:     one A panel, reused by all nc/NR B panels       -> L1
//           for jr in 0..nc step NR:
//             micro-kernel: C[ic+ir : +MR, jc+jr : +NR] (+)= Ap panel . Bp panel
//
// Packing also takes care of transposes (op), strides and zero padding at the edges, so the
// micro-kernel knows only one case. With the portable C kernel (step 3: scalar code, 16
// accumulators) this gains ~1.7x over step 1; with an intrinsics kernel that does 8 or 16 FMAs
// per instruction (step 4: gemm_kernels_avx2.c, 6x16 tile; gemm_kernels_avx512.c, 8x32) 10-25x
// more: ~90% of the peak. Where the last 10% goes: packing, C tiles loaded and stored once per
// kc block, edges of C that fill a tile only partly.
//
// The block sizes come from the cache sizes of the machine, read at run time (cache_blocks
// below): the same code picks kc 680, nc 384 for AVX2 on a 48 KB L1 / 2 MB L2, and kc 448,
// nc 144 on a Zen 3 (32 KB / 512 KB).
//
// Step 5 (no separate function; it is what wb_sgemm does for the products a course trains):
// skip packing where it does not pay. Packing copies M*K + K*N floats so that each A panel can
// be reused by N/NR B panels and each B panel by M/MR A panels. For the 10-class output layer
// (N = 10), a LeNet convolution as im2col (N = 6 or 16 channels, M = 50176 rows) or a batch of
// 32-64 rows that reuse is 1 to 12, and packing costs as much as the multiplication. So the
// kernel reads A straight from the matrix through two strides (always when A's rows are
// contiguous: the kernel's broadcasts read them as well as a panel; when A is stored
// transposed, for N up to 2 panels), and B's rows as stored when M is at most 12 panels; its
// loads and stores are masked to the part of the tile inside C, so a 10-wide or 6-row edge
// costs what it computes. And when B is stored transposed and A is the small one, it computes
// C^T instead (gemm_serial). These choices are made here from the shape, never by the caller.

// Two ways to pack, depending on how the operand is stored:
//  - copy: the R values for one p are contiguous in memory (A stored transposed, B as is):
//      dst[p*R + r] = src[p*ld + r]          one memcpy of R floats per p
//  - transpose: they lie in R different rows (A as is, B stored transposed):
//      dst[p*R + r] = src[r*ld + p]          R rows read side by side
// Rows past the edge of the matrix (r >= rows) are filled with zeros, so the micro-kernel can
// always compute a full tile.
static void pack_copy(const wb_gemm_kernel *kn, int rows, int R, int kc, const float *src,
                      long ld, float *dst) {
    if (kn->pack_copy) {
        kn->pack_copy(rows, kc, src, ld, R, dst);
        return;
    }
    for (int p = 0; p < kc; p++, dst += R) {
        memcpy(dst, src + p * ld, sizeof(float) * rows);
        memset(dst + rows, 0, sizeof(float) * (R - rows));
    }
}

static void pack_transpose(const wb_gemm_kernel *kn, int rows, int R, int kc, const float *src,
                           long ld, float *dst) {
    if (kn->pack_transpose_any) {  // the kernel file does it all
        kn->pack_transpose_any(rows, kc, src, ld, R, dst);
        return;
    }
    if (rows < R) memset(dst, 0, sizeof(float) * kc * R);  // the zero rows, all at once
    int r8 = 0, k8 = 0;  // the part done by the kernel file's vectorised 8x8 transposes
    if (kn->pack_transpose) {
        r8 = rows / 8 * 8, k8 = kc / 8 * 8;
        if (r8 && k8) kn->pack_transpose(r8, k8, src, ld, R, dst);
    }
    for (int r = 0; r < rows; r++)  // the rest, one float at a time
        for (int p = r < r8 ? k8 : 0; p < kc; p++) dst[(long)p * R + r] = src[r * ld + p];
}

// n columns whose values for one p are contiguous (src[p*ld + j], j < n) into panels of R:
// dst[panel][p][r] = src[p*ld + panel*R + r], 0 past n. 16 rows of src at a time across all
// panels, so memory is read as 16 streams in order. Panel by panel would read kc rows for R
// floats each, and with ld = 1024 those lie exactly 4 KB apart, all in the same cache set:
// measured up to 15% slower overall (M = 96, N = K = 1024, AVX2). Rows of 32 to 511 floats too:
// panel by panel, each row's cache lines come back for every panel, long after the first one
// (a transformer's dW = dY^T X, K = 2048: qkv's 384 x 128 1.04-1.11x faster, 128 x 128 1.03-1.04x,
// none of 8 other shapes slower; Sapphire Rapids, AVX2 and AVX-512). Only rows of fewer than 32
// floats (LeNet's 16 channels), which lie within a line or two, go one panel at a time.
static void pack_copy_panels(const wb_gemm_kernel *kn, int R, int kc, int n, const float *src,
                             long ld, float *dst) {
    int rows = ld >= 32 ? 16 : kc;
    for (int p = 0; p < kc; p += rows) {
        int kp = kc - p < rows ? kc - p : rows;
        // the next block's rows, ld apart (4 KB for the LSTM's 1024-wide gate gradient): ask for
        // their cache lines while this block is copied (the LSTM's dW: CPU-time ratio to
        // OpenBLAS 0.92 -> 0.98 on AVX2)
        for (int q = p + rows; q < p + 2 * rows && q < kc; q++)
            for (int j = 0; j < n; j += 16) __builtin_prefetch(src + (long)q * ld + j);
        for (int j = 0; j < n; j += R) {
            int cols = n - j < R ? n - j : R;
            float *d = dst + (long)j * kc + (long)p * R;  // panel j/R, row p
            pack_copy(kn, cols, R, kp, src + (long)p * ld + j, ld, d);
        }
    }
}

// Ap (mc/MR panels of (MR,kc)): Ap[panel][p][i] = op(A)[i0 + panel*MR + i][p0 + p], 0 past M.
static void pack_a(const wb_gemm_kernel *kn, int mc, int kc, const float *A, int lda, int trans,
                   int i0, int p0, float *Ap) {
    const int MR = kn->mr;
    if (trans) {  // op(A)[i][p] = A[p][i]
        pack_copy_panels(kn, MR, kc, mc, A + (long)p0 * lda + i0, lda, Ap);
        return;
    }
    for (int ir = 0; ir < mc; ir += MR, Ap += (long)MR * kc) {
        int rows = mc - ir < MR ? mc - ir : MR;
        pack_transpose(kn, rows, MR, kc, A + (long)(i0 + ir) * lda + p0, lda, Ap);
    }
}

// Bp (nc/NR panels of (kc,NR)): Bp[panel][p][j] = op(B)[p0 + p][j0 + panel*NR + j], 0 past N.
static void pack_b(const wb_gemm_kernel *kn, int kc, int nc, const float *B, int ldb, int trans,
                   int p0, int j0, float *Bp) {
    const int NR = kn->nr;
    if (trans) {  // op(B)[p][j] = B[j][p]
        for (int jr = 0; jr < nc; jr += NR, Bp += (long)NR * kc) {
            int cols = nc - jr < NR ? nc - jr : NR;
            pack_transpose(kn, cols, NR, kc, B + (long)(j0 + jr) * ldb + p0, ldb, Bp);
        }
        return;
    }
    pack_copy_panels(kn, NR, kc, nc, B + (long)p0 * ldb + j0, ldb, Bp);
}

// Pack buffers: one pair per thread, kept between calls (allocation would cost more than the
// multiplication for small shapes), 64-byte aligned for aligned vector loads.
static __thread float *t_abuf, *t_bbuf;
static __thread size_t t_acap, t_bcap;

static float *grow(float **buf, size_t *cap, size_t n) {
    if (n > *cap) {
        free(*buf);
        size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
        *buf = aligned_alloc(64, bytes);
        if (!*buf) wb_die("out of memory: %zu bytes of sgemm pack buffer", bytes);
        *cap = n;
    }
    return *buf;
}

typedef struct {
    int transA, transB, M, N, K;
    float alpha;
    const float *A;
    int lda;
    const float *B;
    int ldb;
    float beta;
    float *C;
    int ldc;
    const wb_gemm_kernel *kern;
    int dot;  // as dot products (gemm_dot), chosen once for the whole product (use_dot)
} gemm_args;

// C (M,N) = beta * C, without reading C when beta == 0 (for K == 0 or alpha == 0).
static void scale_c(int M, int N, float beta, float *C, int ldc) {
    for (int i = 0; i < M; i++) {
        float *c = C + (long)i * ldc;
        if (beta == 0.0f) memset(c, 0, (size_t)N * sizeof(float));
        else if (beta != 1.0f) for (int j = 0; j < N; j++) c[j] *= beta;
    }
}

// ---- Cache blocks from the cache sizes of this machine --------------------------------------
// The block sizes follow from which block must stay in which cache while it is reused:
//   kc: an (MR,kc) panel of A is read by every B panel of the block (run_block): it stays in
//       L1 next to the B panels streaming past it, so MR * kc * 4 bytes = a third of L1.
//       (kc = 512 for AVX-512 on a 48 KB L1. The B panel, kc * NR * 4 bytes, was kept in L1
//       before, kc * NR * 4 = all of L1: 2048^3 measured 0.86-0.90x OpenBLAS that way, 0.92-1.0x
//       this way, on a Sapphire Rapids.)
//   nc: the (kc,nc) block of B is read once per A panel: it stays in L2, half of it (nc 512
//       there; nc 1024 = all of L2 measured 0.84x, nc 256-768 within the noise);
//   mc: the (mc,kc) block of A is read once, panel by panel: a quarter of L2, next to B.
// The sizes come from the operating system at run time (Linux sysfs, else sysconf), once;
// HARNESS_GEMM_BLOCKS=kc,mc,nc overrides them (to experiment), and a kernel's own constants
// are used when the sizes are unknown. On a 48 KB L1d / 2 MB L2 that gives AVX2 kc 680, nc 384
// and AVX-512 kc 512, nc 512; on a Zen 4 (32 KB / 1 MB) AVX-512 gets kc 336, nc 384.
static struct {
    long l1, l2, l3;
    int kc, mc, nc;  // HARNESS_GEMM_BLOCKS, 0 when unset
} caches;
static pthread_once_t caches_once = PTHREAD_ONCE_INIT;

static long sysfs_cache(int level) {  // bytes of the data (or unified) cache of that level
    for (int idx = 0; idx < 8; idx++) {
        char path[96], buf[32] = {0};
        long lv = 0, size = 0;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", idx);
        FILE *f = fopen(path, "r");
        if (!f) break;
        if (fscanf(f, "%ld", &lv) != 1) lv = 0;
        fclose(f);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", idx);
        if ((f = fopen(path, "r"))) {
            if (!fgets(buf, sizeof buf, f)) buf[0] = 0;
            fclose(f);
        }
        if (lv != level || strncmp(buf, "Instruction", 11) == 0) continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", idx);
        char unit = 0;
        if ((f = fopen(path, "r"))) {
            if (fscanf(f, "%ld%c", &size, &unit) < 1) size = 0;
            fclose(f);
        }
        return unit == 'K' ? size << 10 : unit == 'M' ? size << 20 : size;
    }
    return 0;
}

/* glibc's sysconf names for the cache sizes; elsewhere (WebAssembly, other C libraries) they do not
   exist and only sysfs is asked */
static long sysconf_cache(int level) {
#ifdef _SC_LEVEL1_DCACHE_SIZE
    static const int names[3] = {_SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL2_CACHE_SIZE,
                                 _SC_LEVEL3_CACHE_SIZE};
    return sysconf(names[level - 1]);
#else
    (void)level;
    return 0;
#endif
}

static void read_caches(void) {
    long *dst[3] = {&caches.l1, &caches.l2, &caches.l3};
    for (int l = 0; l < 3; l++) {
        long v = sysfs_cache(l + 1);
        if (v <= 0) v = sysconf_cache(l + 1);
        *dst[l] = v > 0 ? v : 0;
    }
    const char *e = getenv("HARNESS_GEMM_BLOCKS");
    if (e && sscanf(e, "%d,%d,%d", &caches.kc, &caches.mc, &caches.nc) != 3)
        caches.kc = caches.mc = caches.nc = 0;
}

void wb_sgemm_set_blocks(int kc, int mc, int nc) {
    pthread_once(&caches_once, read_caches);
    int ok = kc > 0 && mc > 0 && nc > 0;
    caches.kc = ok ? kc : 0, caches.mc = ok ? mc : 0, caches.nc = ok ? nc : 0;
}

static int clampi(long v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : (int)v; }

// kc, mc, nc for kernel kn on this machine.
static void cache_blocks(const wb_gemm_kernel *kn, int *kc, int *mc, int *nc) {
    pthread_once(&caches_once, read_caches);
    *kc = kn->kc, *mc = kn->mc, *nc = kn->nc;
    if (caches.kc > 0) {
        *kc = caches.kc, *mc = (caches.mc + kn->mr - 1) / kn->mr * kn->mr;
        *nc = (caches.nc + kn->nr - 1) / kn->nr * kn->nr;
        return;
    }
    if (caches.l1 > 0) *kc = clampi(caches.l1 / 3 / (4L * kn->mr) / 8 * 8, 64, 1024);
    if (caches.l2 > 0) {
        *nc = clampi(caches.l2 / 2 / (4L * *kc) / kn->nr * kn->nr, 8 * kn->nr, 8192);
        *mc = clampi(caches.l2 / 4 / (4L * *kc) / kn->mr * kn->mr, kn->mr, 4096);
    }
}

// Blocks of equal width. Every block of nc columns packs all of A again (once per K block), so a
// narrow last block (N = 256 with nc = 240: 240 + 16) costs a whole packing of A for a sliver
// of work; a short last K block (K = 2048 with kc = 680: 680 x 3 + 8) loads and stores all of C
// for 8 steps. So the fewest blocks of at most `most` cover len, all of the same width (rounded
// up to a multiple of unit): for N, most = nc + 25% (the B block then fills up to 5/8 of L2
// instead of half); for K, most = kc. On an Intel Ice Lake, 1 thread, interleaved median ratios
// against nc- and kc-wide blocks with a rest: the LSTM's dW (1024 x 256 x 2048, A stored
// transposed) 1.10x faster with the AVX2 kernels for N and 1.035x more for K, GPT's fcproj dW
// 1.02-1.04x and 1.04x, square 512-2048 1.01-1.03x and 1.02x, none slower.
static int even_blocks(int len, int most, int unit) {
    int blocks = (len + most - 1) / most, width = (len + blocks - 1) / blocks;
    return (width + unit - 1) / unit * unit;
}

// Packing A pays when each A panel then serves many B panels, but a kernel with strides
// (.kernel_strided) can read A's rows straight from the matrix as well as from a panel: its
// broadcasts read 6-8 rows side by side, each in order, which the caches and prefetchers
// follow as well as one packed stream. So A is packed only when it is stored transposed (a
// gradient's dY^T) and N is more than DIRECT_A_PANELS B panels wide. (Reading A as stored
// measured 1-5% faster than packing it at squares 256-1024, and saves the transposing pack.)
// Exceptions, in gemm_serial: the AVX-512 kernel's 8 long rows, and A with rows of at most
// SHORT_ROWS floats and at most SMALL_A floats in all, read as stored either way.
#define DIRECT_A_PANELS 2
#define SHORT_ROWS 32
#define SMALL_A 4096
// B transposed with at most SWAP_PANELS * NR rows of A and more of B: the other orientation
// (gemm_serial).
#define SWAP_PANELS 8
// Packing B pays when each B panel serves many A panels. When M is at most DIRECT_B_PANELS A
// panels tall (a batch of 32-64 rows, the 10 classes' weight gradient), a .partial kernel reads
// B straight from the matrix if its rows are contiguous (B not transposed): the (kc,NR) part of
// B that a row of tiles uses is read from memory once and then from L1 like a packed panel.
// Up to DIRECT_B_FAR_PANELS A panels when that part of B fits in half of L1 (kc <= 192 for
// AVX-512 on a 48 KB L1): on an Intel Ice Lake, 1 thread, interleaved median ratios against
// packing B, attention per head (128 x 32 x 128, a v and a^T dh) 1.04x, 128 x 128 x 128 1.05x,
// the MLP's dW at batch 64 (128 x 784 x 64) 1.01-1.06x; with kc = 512 (GPT's fcproj dW, K =
// 2048), whose part of B does not fit, 0.85-0.93x.
#define DIRECT_B_PANELS 12
#define DIRECT_B_FAR_PANELS 32

// A product x W^T with few columns (the 10 classes of an output layer) uses 10 of a tile's 16
// lanes: up to DOT_MAX_N columns (at most 11 of 16 in use) and for K of at least DOT_MIN_K (the
// lane sums at the end cost as much as 2-3 steps of K), a kernel with .dot computes each
// entry as a dot product of a row of A and a row of B, its vectors along K (AVX-512, 64 x 10 x
// 128 on a Zen 4: 3.0 -> 2.25 us; AVX2 3.1 -> 2.5 us). So is a product of at most one tile's
// rows (M <= MR) by any N: the tiles would transpose all of B (N rows of K) into panels for those
// few rows (LeNet's conv1 dW per image, 6 x 25 x 784 = dY col^T, on a Sapphire Rapids: 28 -> 93
// GFLOP/s with AVX-512, 37 -> 66 with AVX2; OpenBLAS 117). wb_sgemm makes the choice once, for
// the whole product, and its threads' slabs inherit it: the dot products add in another order
// than the tiles, and a slab must come out bit for bit as the whole would.
#define DOT_MAX_N 11
#define DOT_MIN_K 64
static int use_dot(const gemm_args *g) {
    return g->kern->dot && !g->transA && g->transB && g->K >= DOT_MIN_K &&
           (g->N <= DOT_MAX_N || g->M <= g->kern->mr);
}

// C[i*rsc + j*csc] = alpha edge[i][j] + beta C: a tile computed aside, added in element by element
// (C^T's tiles, and edges for a kernel without masked stores). The kernels with strides are the
// FMA ones (AVX2, AVX-512), whose vector FMA rounds beta C + v once: fmaf does the same, and
// compiled for FMA (the target attribute; only those kernels call it) it is one instruction,
// where a call into the C library's fmaf cost as much as the whole tile's product (the LSTM's
// forward, C^T of a batch of 32, ran at 66% of the speed of the same product written as is).
static inline __attribute__((always_inline)) void add_edge_with(int fused, const float *edge,
                                                               int NR, float *c, long rsc,
                                                               long csc, int mr, int nr,
                                                               float alpha, float beta) {
    for (int j = 0; j < nr; j++)
        for (int i = 0; i < mr; i++) {
            float *cij = c + i * rsc + j * csc, v = alpha * edge[i * NR + j];
            *cij = beta == 0.0f ? v : fused ? fmaf(beta, *cij, v) : v + beta * *cij;
        }
}
static void add_edge(const float *edge, int NR, float *c, long rsc, long csc, int mr, int nr,
                     float alpha, float beta) {
    add_edge_with(0, edge, NR, c, rsc, csc, mr, nr, alpha, beta);
}
__attribute__((target("fma"))) static void add_edge_fused(const float *edge, int NR, float *c,
                                                          long rsc, long csc, int mr, int nr,
                                                          float alpha, float beta) {
    add_edge_with(1, edge, NR, c, rsc, csc, mr, nr, alpha, beta);
}

// One MR x NR tile: C[i*rsc + j*csc] (+)= the tile of op(A) op(B), i < mr, j < nr. With csc = 1
// the kernel writes it; otherwise (C^T, see gemm_serial), or for a kernel that computes whole
// tiles only at an edge, the tile is computed aside and added in by a plain loop.
static void run_tile(const wb_gemm_kernel *kn, int kc, const float *a, long rsa, long csa,
                     const float *b, long ldb, float *c, long rsc, long csc, int mr, int nr,
                     float alpha, float beta) {
    if (csc == 1 && kn->kernel_strided) {
        kn->kernel_strided(kc, a, rsa, csa, b, ldb, c, rsc, mr, nr, alpha, beta);
        return;
    }
    if (csc == 1 && (kn->partial || (mr == kn->mr && nr == kn->nr))) {
        kn->kernel(kc, a, b, ldb, c, rsc, mr, nr, alpha, beta);
        return;
    }
    float edge[1024] __attribute__((aligned(64)));  // MR * NR <= 1024 for every kernel
    const int NR = kn->nr;
    if (kn->kernel_strided) kn->kernel_strided(kc, a, rsa, csa, b, ldb, edge, NR, mr, nr, 1, 0);
    else kn->kernel(kc, a, b, ldb, edge, NR, kn->mr, NR, 1.0f, 0.0f);
    // beta * C + v in one rounding (fmaf) where the kernel does it with a vector FMA, so that a
    // tile comes out bit for bit the same either way (a thread's slab may take the other path)
    if (kn->kernel_strided) add_edge_fused(edge, NR, c, rsc, csc, mr, nr, alpha, beta);
    else add_edge(edge, NR, c, rsc, csc, mr, nr, alpha, beta);
}

// A B^T as dot products (DOT_MAX_N), dot_rows rows of C at a time.
static void gemm_dot(const gemm_args *g) {
    const int R = g->kern->dot_rows;
    for (int i = 0; i < g->M; i += R)
        g->kern->dot(g->K, g->A + (long)i * g->lda, g->lda, g->B, g->ldb,
                     g->M - i < R ? g->M - i : R, g->N, g->C + (long)i * g->ldc, g->ldc,
                     g->alpha, g->beta);
}

// One (mc,kc) block of A times one (kc,nc) block of B, tile by tile: gemm_serial's loop
// variables, and where the panels are (Ap, Bp NULL: read straight from the matrix).
typedef struct {
    const gemm_args *g;
    const float *Ap, *Bp;
    long rsa, csa, rsc, csc;  // op(A)[i][p] = a[i*rsa + p*csa]; C[i][j] = c[i*rsc + j*csc]
    int ic, jc, pc, mc, nc, kc;
    float beta;
} block;

// The block's tiles as the kernel's .tiles sees them (gemm.h): where tile (0,0)'s A, B and C
// are, and how far apart the tiles' panels lie.
static wb_gemm_tiles block_tiles(const block *b, int a_outer) {
    const gemm_args *g = b->g;
    const int MR = g->kern->mr, NR = g->kern->nr;
    wb_gemm_tiles t = {.kc = b->kc, .mc = b->mc, .nc = b->nc, .a_outer = a_outer,
                       .rsa = b->rsa, .csa = b->csa, .ldc = b->rsc,
                       .alpha = g->alpha, .beta = b->beta};
    t.a = b->Ap ? b->Ap : g->transA ? g->A + (long)b->pc * g->lda + b->ic
                                    : g->A + (long)b->ic * g->lda + b->pc;
    t.a_panel = b->Ap ? (long)MR * b->kc : (long)MR * b->rsa;
    t.b = b->Bp ? b->Bp : g->B + (long)b->pc * g->ldb + b->jc;
    t.ldb = b->Bp ? NR : g->ldb, t.b_panel = b->Bp ? (long)NR * b->kc : NR;
    t.c = g->C + b->ic * b->rsc + b->jc * b->csc;
    return t;
}

// The two innermost loops. a_outer: each A panel (MR,kc) stays in L1 while the block's B
// panels stream past it from L2 (the B block was packed to fit there); otherwise each B panel
// stays in L1 while the A panels stream past (B read straight from the matrix for a few rows
// of A: each (kc,NR) part comes from memory once). Keeping the A panel is the better of the
// two when both can be packed: it is the smaller (8 floats a step for AVX-512 against 32 of
// B), so it fits in L1 with room to spare (cache_blocks: kc, with what it measured).
// A kernel with .tiles runs the loops itself, with no call per tile (for C^T, whose tiles are
// written through an aside tile, run_tile does it one tile at a time).
static void run_block(const block *b, int a_outer) {
    const wb_gemm_kernel *kn = b->g->kern;
    const int MR = kn->mr, NR = kn->nr;
    wb_gemm_tiles t = block_tiles(b, a_outer);
    if (kn->tiles && b->csc == 1) {
        kn->tiles(&t);
        return;
    }
    int ni = (b->mc + MR - 1) / MR, nj = (b->nc + NR - 1) / NR, i = 0, j = 0;
    for (int n = 0; n < ni * nj; n++, wb_gemm_next_tile(a_outer, ni, nj, &i, &j)) {
        int mr = b->mc - i * MR < MR ? b->mc - i * MR : MR;
        int nr = b->nc - j * NR < NR ? b->nc - j * NR : NR;
        run_tile(kn, b->kc, t.a + i * t.a_panel, t.rsa, t.csa, t.b + j * t.b_panel, t.ldb,
                 t.c + i * MR * b->rsc + j * NR * b->csc, b->rsc, b->csc, mr, nr, t.alpha,
                 t.beta);
    }
}

// The five loops above, on one thread.
//
// Orientation. When B is stored transposed (a layer's x W^T) with few rows of A and many of B
// (the LSTM's (32,1024) gates from a batch of 32), packing B means transposing all of W for 32
// rows of use. The same product read the other way round, C^T = op(B)^T op(A)^T, has W as its
// A, read straight from the matrix (its rows are contiguous), and the small x as its B; only
// the result is written transposed, one tile at a time. The library makes this choice from the
// shape, so a week never has to.
static void gemm_serial(const gemm_args *g0) {
    const wb_gemm_kernel *kn = g0->kern;
    const int MR = kn->mr, NR = kn->nr;
    if (g0->M <= 0 || g0->N <= 0) return;
    if (g0->K <= 0 || g0->alpha == 0.0f) {
        scale_c(g0->M, g0->N, g0->beta, g0->C, g0->ldc);
        return;
    }
    if (g0->dot) {
        gemm_dot(g0);
        return;
    }
    gemm_args sw = *g0;
    const gemm_args *g = g0;
    int swap = kn->kernel_strided && g0->transB && g0->M <= SWAP_PANELS * NR &&
               g0->N > SWAP_PANELS * NR;
    if (swap) {  // C^T (N,M) = op(B)^T (N,K) op(A)^T (K,M)
        sw.M = g0->N, sw.N = g0->M, sw.A = g0->B, sw.lda = g0->ldb, sw.transA = !g0->transB;
        sw.B = g0->A, sw.ldb = g0->lda, sw.transB = !g0->transA, g = &sw;
    }
    long rsc = swap ? 1 : g->ldc, csc = swap ? g->ldc : 1;  // C[i][j] of this product
    int M = g->M, N = g->N, K = g->K, KC, MC, NC;
    cache_blocks(kn, &KC, &MC, &NC);
    if (!caches.kc) {  // (blocks set by hand are taken as they are)
        NC = even_blocks(N, NC + NC / 4, NR);
        KC = even_blocks(K, KC, 8);
    }
    // The AVX-512 kernel's 8 rows side by side (16 streams with its B) measured slower than a
    // packed panel on an Intel Sapphire Rapids (1040^3: 0.80-0.85x OpenBLAS, packed 0.91x), and
    // when rows are exactly 4 KB apart they all fall in one set of the L1 cache (packed: 1.2x
    // faster at 96 x 1024 x 1024 on a Zen 4). The AVX2 kernel's 6 rows measured
    // as fast as a panel or faster, even 4 KB apart. Short rows (lda <= SHORT_ROWS: 8 of them
    // lie within 1 KB, all but one stream) are read as they are: the 10-class dx (A = dY, 10
    // wide) 1.14x, LeNet's dcol (16 wide) 1.09x faster than packed on an Intel Ice Lake.
    // And all of a small A (at most SMALL_A floats) is read as stored, transposed or not: the
    // 10-class dW (A = dY^T, 64 x 10) 1.16x (AVX-512) and 1.07x (AVX2) faster than packed. (A
    // larger transposed A with short rows, like LeNet's dW, measured 0.91-0.95x that way.)
    int eight_rows = MR >= 8 && g->lda > SHORT_ROWS;
    int small_a = g->lda <= SHORT_ROWS && (long)K * g->lda <= SMALL_A;
    int direct_a = kn->kernel_strided &&
                   ((!g->transA && !eight_rows) || N <= DIRECT_A_PANELS * NR || small_a);
    int kc_max = K < KC ? K : KC;
    int b_in_l1 = caches.l1 > 0 && kc_max * NR * 4L <= caches.l1 / 2;
    int direct_b = kn->partial && !g->transB &&
                   (M <= DIRECT_B_PANELS * MR || (b_in_l1 && M <= DIRECT_B_FAR_PANELS * MR));
    int mc_max = M < MC ? (M + MR - 1) / MR * MR : MC;
    int nc_max = N < NC ? (N + NR - 1) / NR * NR : NC;
    float *Ap = direct_a ? NULL : grow(&t_abuf, &t_acap, (size_t)mc_max * kc_max);
    float *Bp = direct_b ? NULL : grow(&t_bbuf, &t_bcap, (size_t)nc_max * kc_max);
    block blk = {.g = g, .Ap = Ap, .Bp = Bp, .rsc = rsc, .csc = csc};
    // A straight from the matrix: op(A)[i][p] = A[i*rsa + p*csa]
    blk.rsa = direct_a ? (g->transA ? 1 : g->lda) : 1;
    blk.csa = direct_a ? (g->transA ? g->lda : 1) : MR;

    for (int jc = 0; jc < N; jc += NC) {
        int nc = blk.nc = N - jc < NC ? N - jc : NC;
        blk.jc = jc;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = blk.kc = K - pc < KC ? K - pc : KC;
            blk.pc = pc;
            blk.beta = pc == 0 ? g->beta : 1.0f;  // later K blocks accumulate onto C
            if (!direct_b) pack_b(kn, kc, nc, g->B, g->ldb, g->transB, pc, jc, Bp);
            for (int ic = 0; ic < M; ic += MC) {
                blk.mc = M - ic < MC ? M - ic : MC, blk.ic = ic;
                if (!direct_a) pack_a(kn, blk.mc, kc, g->A, g->lda, g->transA, ic, pc, Ap);
                run_block(&blk, !direct_b);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Threads. C is cut into T slabs of whole micro-tiles (columns when N >= M, else rows); each
// slab is a job: gemm_serial on that part of C, with the thread's own pack buffers. The slabs do
// not overlap, so no locking is needed while they run. Threads take jobs from a shared counter
// (an atomic fetch-and-add hands each job to exactly one thread), the caller included: if a
// worker is late (its core busy with another program), the caller simply does its job too.
// The counter word holds the batch's job count in its high 32 bits and the next job in its low
// 32 bits, so one atomic read-and-increment tells a thread both which job it got and whether
// that job exists in the batch it came from (a late worker can never take a stale job).
// The worker threads are started once, at the first multi-threaded call; with
// HARNESS_THREADS=1 none is ever started.
//
// Waking a sleeping thread costs the operating system tens of microseconds, as much as a whole
// small product. So between calls a worker first spins for a while watching for the next batch,
// and only then sleeps on a condition variable; the caller waits for the workers the same way.
// (OpenBLAS and OpenMP runtimes do the same.) The spin lasts a time, SPIN_SECONDS, not a number
// of polls: one `pause` takes ~40 ns on an Ice Lake but ~10 ns on a Sapphire Rapids, where the
// old 4000 polls lasted 40 us, less than the gap between an MLP's products at batch 64 (the rest
// of its training step). The worker fell asleep before nearly every call there, and 2 threads
// trained week 06's MNIST epoch at 0.91x the speed of 1 (now 1.06x, and 1.21x with AVX2: see
// mlp-epoch in make bench).
#define MAX_THREADS 64
#define SPIN_SECONDS 300e-6

static struct {
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    pthread_mutex_t call;        // one multi-threaded call at a time
    int nworkers;                // threads started besides the caller
    unsigned long batch;         // number of the current batch of jobs (atomic)
    unsigned long long counter;  // (number of jobs << 32) | next job to hand out (atomic)
    int pending;                 // jobs not finished yet (atomic)
    gemm_args jobs[MAX_THREADS];
    int atfork_registered;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
          PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, {{0}}, 0};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// A spin of SPIN_SECONDS: `for (spin_clock sc = spin_start(); !done && spinning(&sc);)`. Each
// `spinning` pauses once; the clock (~20 ns a read) is looked at every 32nd time.
typedef struct {
    double until;
    unsigned polls;
} spin_clock;
static spin_clock spin_start(void) { return (spin_clock){wb_seconds() + SPIN_SECONDS, 0}; }
static int spinning(spin_clock *sc) {
    cpu_relax();
    return ++sc->polls % 32 != 0 || wb_seconds() < sc->until;
}

// Take jobs until none is left; returns after finishing the last one it took.
static void run_jobs(void) {
    for (;;) {
        unsigned long long c = __atomic_fetch_add(&pool.counter, 1, __ATOMIC_ACQUIRE);
        unsigned j = (unsigned)c, njobs = (unsigned)(c >> 32);
        if (j >= njobs) return;
        gemm_serial(&pool.jobs[j]);
        if (__atomic_sub_fetch(&pool.pending, 1, __ATOMIC_ACQ_REL) == 0) {
            pthread_mutex_lock(&pool.mu);
            pthread_cond_signal(&pool.done);
            pthread_mutex_unlock(&pool.mu);
        }
    }
}

static void *worker(void *arg) {
    unsigned long seen = (unsigned long)arg;  // the batch number when we were started
    for (;;) {
        unsigned long b = __atomic_load_n(&pool.batch, __ATOMIC_ACQUIRE);
        for (spin_clock sc = spin_start(); b == seen && spinning(&sc);)
            b = __atomic_load_n(&pool.batch, __ATOMIC_ACQUIRE);
        if (b == seen) {  // nothing came: sleep until the next batch
            pthread_mutex_lock(&pool.mu);
            while ((b = __atomic_load_n(&pool.batch, __ATOMIC_ACQUIRE)) == seen)
                pthread_cond_wait(&pool.wake, &pool.mu);
            pthread_mutex_unlock(&pool.mu);
        }
        seen = b;
        run_jobs();
    }
    return NULL;
}

// After fork() only the forking thread exists in the child: forget the workers (the test runner
// forks for every test).
static void pool_after_fork(void) {
    pthread_mutex_init(&pool.mu, NULL);
    pthread_mutex_init(&pool.call, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.nworkers = 0;
}

static void gemm_parallel(const gemm_args *g, int T) {
    if (pthread_mutex_trylock(&pool.call) != 0) {  // already busy (called from two threads)
        gemm_serial(g);
        return;
    }
    if (!pool.atfork_registered) {
        pthread_atfork(NULL, NULL, pool_after_fork);
        pool.atfork_registered = 1;
    }
    while (pool.nworkers < T - 1) {
        pthread_t tid;
        if (pthread_create(&tid, NULL, worker, (void *)pool.batch) != 0) break;
        pthread_detach(tid);
        pool.nworkers++;
    }
    if (T > pool.nworkers + 1) T = pool.nworkers + 1;

    // Slabs: split the longer side of C into T parts, in whole micro-tiles.
    int splitN = g->N >= g->M;
    int len = splitN ? g->N : g->M, unit = splitN ? g->kern->nr : g->kern->mr;
    int tiles = (len + unit - 1) / unit, njobs = 0;
    for (int t = 0; t < T; t++) {
        int lo = (int)((long)tiles * t / T) * unit, hi = (int)((long)tiles * (t + 1) / T) * unit;
        if (hi > len) hi = len;
        if (hi <= lo) continue;
        gemm_args s = *g;
        if (splitN) {
            s.N = hi - lo;
            s.C += lo;
            s.B += g->transB ? (long)lo * g->ldb : lo;
        } else {
            s.M = hi - lo;
            s.C += (long)lo * g->ldc;
            s.A += g->transA ? lo : (long)lo * g->lda;
        }
        pool.jobs[njobs++] = s;
    }
    __atomic_store_n(&pool.pending, njobs, __ATOMIC_RELAXED);
    // hand out jobs 0..njobs-1 (release: whoever takes one sees the jobs written above)
    __atomic_store_n(&pool.counter, (unsigned long long)njobs << 32, __ATOMIC_RELEASE);
    pthread_mutex_lock(&pool.mu);  // wake the workers
    __atomic_add_fetch(&pool.batch, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.mu);

    run_jobs();  // the caller works too

    for (spin_clock sc = spin_start();
         __atomic_load_n(&pool.pending, __ATOMIC_ACQUIRE) > 0 && spinning(&sc);)
        ;
    pthread_mutex_lock(&pool.mu);
    while (__atomic_load_n(&pool.pending, __ATOMIC_ACQUIRE) > 0)
        pthread_cond_wait(&pool.done, &pool.mu);
    pthread_mutex_unlock(&pool.mu);
    pthread_mutex_unlock(&pool.call);
}

static const wb_gemm_kernel *kernel_for(wb_isa isa) {
    switch (isa) {
#if defined(__x86_64__) || defined(__i386__)
    case WB_ISA_AVX512: return &wb_gemm_kernel_avx512;
    case WB_ISA_AVX2: return &wb_gemm_kernel_avx2;
    case WB_ISA_SSE2: return &wb_gemm_kernel_sse2;
#endif
    default: return &wb_gemm_kernel_scalar;
    }
}

// Below this many multiply-adds a second thread costs more (waking it, cache misses on the
// other core) than it saves.
#define PARALLEL_MIN_FMAS (1L << 21)

void wb_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc) {
    gemm_args g = {transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc,
                   kernel_for(wb_cpu_isa()), 0};
    g.dot = use_dot(&g);
    int T = wb_cpu_threads();
    if (T > MAX_THREADS) T = MAX_THREADS;
    if (T > 1 && (long)M * N * K >= PARALLEL_MIN_FMAS && K > 0 && alpha != 0.0f)
        gemm_parallel(&g, T);
    else
        gemm_serial(&g);
}

void wb_sgemm_blocks(int *kc, int *mc, int *nc, long cache_bytes[3]) {
    cache_blocks(kernel_for(wb_cpu_isa()), kc, mc, nc);
    cache_bytes[0] = caches.l1, cache_bytes[1] = caches.l2, cache_bytes[2] = caches.l3;
}

void wb_sgemm_lesson(int step, int M, int N, int K, const float *A, const float *B, float *C) {
    gemm_args g = {0, 0, M, N, K, 1.0f, A, K, B, N, 0.0f, C, N, &wb_gemm_kernel_scalar, 0};
    switch (step) {
    case 0: step0_naive(M, N, K, A, B, C); break;
    case 1: step1_loop_order(M, N, K, A, B, C); break;
    case 2: step2_blocked(M, N, K, A, B, C); break;
    case 3: gemm_serial(&g); break;
    default: g.kern = kernel_for(wb_cpu_isa()); gemm_serial(&g); break;
    }
}
