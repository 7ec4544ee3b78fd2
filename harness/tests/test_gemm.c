// test_gemm.c — wb_sgemm against a double-precision reference, for every instruction set this
// CPU has (forced with wb_cpu_force), over shapes, transposes, strides and alpha/beta.
//
// Tolerance. Each C[i][j] is a float dot product of length K. Rounding every multiply-add of it
// gives |error| <= gamma_K * sum_p |a_ip * b_pj| with gamma_K ~ K * 2^-24 (Higham, "Accuracy and
// Stability of Numerical Algorithms", 3.1), whatever order the kernel adds in; alpha and beta
// add two more roundings. So element (i,j) must satisfy
//     |C - C_exact| <= (K + 3) * 2^-24 * (|alpha| * sum_p |a_ip b_pj| + |beta * C0_ij|) + tiny
// with C_exact computed in double. This bound is rigorous (not a guess), scales with K, and is
// tight enough that a dropped or doubled term (error ~ |a b|, K times larger than a rounding)
// fails it.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu.h"
#include "gemm.h"
#include "matmul.h"
#include "testing.h"

static unsigned long long rng_state = 88172645463325252ULL;
static float uniform(void) {  // xorshift64: uniform in [-1, 1)
    rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
    return (float)((rng_state >> 40) * (2.0 / 16777216.0) - 1.0);
}
static float *random_floats(long n) {
    float *x = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
    for (long i = 0; i < n; i++) x[i] = uniform();
    return x;
}

// One case: compares wb_sgemm with the double reference; returns 0 or prints the worst element.
static int check_case(int ta, int tb, int M, int N, int K, float alpha, float beta, int pad) {
    int lda = (ta ? M : K) + pad, ldb = (tb ? K : N) + pad, ldc = N + pad;
    long arows = ta ? K : M, brows = tb ? N : K;
    float *A = random_floats(arows * lda), *B = random_floats(brows * ldb);
    float *C = random_floats((long)M * ldc), *C0 = malloc(sizeof(float) * ((size_t)M * ldc + 1));
    if (beta == 0.0f)  // beta == 0 must ignore C entirely, NaN included
        for (long i = 0; i < (long)M * ldc; i++) C[i] = NAN;
    memcpy(C0, C, sizeof(float) * (size_t)M * ldc);
    wb_sgemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    int bad = 0;
    for (int i = 0; i < M && !bad; i++)
        for (int j = 0; j < N + pad; j++) {
            float got = C[(long)i * ldc + j];
            if (j >= N) {  // the padding past column N must be untouched
                if (memcmp(&got, &C0[(long)i * ldc + j], sizeof got) != 0) {
                    fprintf(stderr, "wrote C[%d][%d] past N=%d\n", i, j, N);
                    bad = 1;
                }
                continue;
            }
            double exact = 0, mag = 0;
            for (int p = 0; p < K; p++) {
                double a = ta ? A[(long)p * lda + i] : A[(long)i * lda + p];
                double b = tb ? B[(long)j * ldb + p] : B[(long)p * ldb + j];
                exact += a * b, mag += fabs(a * b);
            }
            double c0 = beta == 0.0f ? 0.0 : beta * (double)C0[(long)i * ldc + j];
            exact = alpha * exact + c0;
            double tol = (K + 3) * 0x1p-24 * (fabs(alpha) * mag + fabs(c0)) + 1e-30;
            if (!(fabs(got - exact) <= tol)) {
                fprintf(stderr, "C[%d][%d] = %.9g, want %.9g (tol %.2g)\n", i, j, got, exact, tol);
                bad = 1;
                break;
            }
        }
    if (bad)
        fprintf(stderr,
                "  case: isa %s transA %d transB %d M %d N %d K %d alpha %g beta %g pad %d\n",
                wb_isa_name(wb_cpu_isa()), ta, tb, M, N, K, alpha, beta, pad);
    free(A), free(B), free(C), free(C0);
    return bad;
}

// Every shape in a grid of awkward sizes (0, 1, primes, around the tiles 4/6/8/12/16/32 and the
// cache blocks; partial tiles narrower
// and wider than 16 columns), both transposes, strides > width, and the alpha/beta special cases.
static int sweep(void) {
    static const int ms[] = {0, 1, 3, 7, 12, 13, 38};
    static const int ns[] = {0, 1, 3, 16, 23, 47};
    static const int ks[] = {0, 1, 7, 64, 259};
    static const float ab[][2] = {{1, 0}, {0.5f, 1}, {-2, 0.25f}, {0, 0.5f}, {1, 1}};
    int fails = 0, c = 0;
    for (int t = 0; t < 4; t++)
        for (unsigned mi = 0; mi < sizeof ms / sizeof *ms; mi++)
            for (unsigned ni = 0; ni < sizeof ns / sizeof *ns; ni++)
                for (unsigned ki = 0; ki < sizeof ks / sizeof *ks; ki++, c++) {
                    const float *x = ab[c % 5];
                    fails += check_case(t & 1, t >> 1, ms[mi], ns[ni], ks[ki], x[0], x[1], c % 3);
                    if (fails > 3) return fails;
                }
    // larger than one cache block in every direction (kc, mc, and nc = 4096 columns)
    fails += check_case(0, 0, 211, 157, 700, 1, 0, 1);
    fails += check_case(1, 1, 130, 97, 513, 0.5f, -1, 0);
    fails += check_case(0, 1, 3, 4133, 19, 1, 0, 2);
    // tiny M with B as stored: the AVX-512 kernel reads B from the matrix without packing
    fails += check_case(0, 0, 5, 4133, 19, 1, 0, 1);
    fails += check_case(1, 0, 11, 300, 270, 0.5f, 1, 3);
    // the products that skip packing A (N at most 2-4 B panels: A read through its strides,
    // stored either way) or B (M at most 12 A panels, B as stored), over several kc blocks
    fails += check_case(0, 1, 70, 60, 900, 1, 0, 1);
    fails += check_case(1, 1, 45, 30, 1000, -1, 0.5f, 2);
    fails += check_case(1, 0, 64, 150, 800, 1, 1, 0);
    fails += check_case(0, 0, 50, 37, 600, 0.5f, 0, 3);
    // short rows of A (lda <= 32: read as stored even by the AVX-512 kernel), N of several B
    // panels, M with a partial last panel, and blocks of tiles run by the kernel (.tiles) either
    // way round: LeNet's dcol and the 10-class dx, with B packed and as stored
    fails += check_case(0, 0, 203, 150, 16, 1, 0.5f, 1);
    fails += check_case(0, 0, 67, 130, 10, -1, 0, 2);
    // a small A stored transposed, read as stored (the 10-class dW = dY^T x, batch 64)
    fails += check_case(1, 0, 10, 130, 64, 0.5f, 0, 1);
    // B transposed, few rows of A and many of B: computed as C^T = op(B)^T op(A)^T and written
    // back transposed (the LSTM's gates; with A stored either way, K over several blocks)
    fails += check_case(0, 1, 32, 1024, 319, 1, 0, 1);
    fails += check_case(1, 1, 40, 200, 500, 0.5f, -1, 2);
    fails += check_case(0, 1, 7, 300, 900, -1, 1, 0);
    // A B^T with at most 11 columns and K >= 64: dot products along K (.dot_nt); every block of
    // rows (4, 2) and columns (4 + 4 + 2, 4 + 4 + 3, 4) with a rest, K not a multiple of 8 or 16
    fails += check_case(0, 1, 13, 10, 259, 0.5f, 1, 1);
    fails += check_case(0, 1, 38, 11, 64, 1, 0, 2);
    fails += check_case(0, 1, 7, 4, 100, -1, 0.25f, 0);
    fails += check_case(0, 1, 64, 10, 128, 1, 0, 3);
    return fails;
}

static void run_isa(const char *isa) {
    if (wb_cpu_force(isa) != 0) {
        fprintf(stderr, "%s: not supported by this CPU, nothing to test\n", isa);
        return;
    }
    wb_cpu_set_threads(1);
    ck_assert_msg(sweep() == 0, "wb_sgemm with the %s kernel differs from the reference (above)",
                  isa);
}

WB_TEST(sgemm_scalar_matches_reference, .points = 1, .timeout = 20,
        .hint = "the portable kernel or the packing/blocking driver (gemm.c) is wrong") {
    run_isa("scalar");
}
WB_TEST(sgemm_sse2_matches_reference, .points = 1, .timeout = 20,
        .hint = "gemm_kernels_sse2.c or the driver is wrong for these shapes") {
    run_isa("sse2");
}
WB_TEST(sgemm_avx2_matches_reference, .points = 1, .timeout = 20,
        .hint = "gemm_kernels_avx2.c or the driver is wrong for these shapes") {
    run_isa("avx2");
}
WB_TEST(sgemm_avx512_matches_reference, .points = 1, .timeout = 20,
        .hint = "gemm_kernels_avx512.c or the driver is wrong for these shapes") {
    run_isa("avx512");
}

// Tiny cache blocks (kc 24, mc 13 and nc 50 rounded up to whole tiles), so that the sweep's
// small shapes cross every block boundary: later K blocks adding onto C, several A and B blocks.
static void run_isa_small_blocks(const char *isa) {
    if (wb_cpu_force(isa) != 0) return;  // not on this CPU
    wb_cpu_set_threads(1);
    wb_sgemm_set_blocks(24, 13, 50);
    int fails = sweep();
    wb_sgemm_set_blocks(0, 0, 0);
    ck_assert_msg(fails == 0, "wb_sgemm (%s) with kc=24 mc=13 nc=50 differs from the reference",
                  isa);
}
WB_TEST(sgemm_small_cache_blocks_match_reference, .points = 1, .timeout = 30,
        .hint = "the block loops of gemm.c (kc/mc/nc edges, beta on later K blocks) are wrong") {
    static const char *isas[] = {"scalar", "sse2", "avx2", "avx512"};
    for (int i = 0; i < 4; i++) run_isa_small_blocks(isas[i]);
    wb_cpu_force(NULL);
}

// The oracle itself agrees with the double computation (so the two are interchangeable in tests).
WB_TEST(sgemm_agrees_with_matmul_ref, .points = 1, .timeout = 10,
        .hint = "wb_sgemm and wb_matmul_ref disagree on a plain product") {
    int M = 29, N = 41, K = 300;
    float *A = random_floats((long)M * K), *B = random_floats((long)N * K);
    float *C1 = malloc(sizeof(float) * M * N), *C2 = malloc(sizeof(float) * M * N);
    wb_matmul_ref(0, 1, M, N, K, 1, A, K, B, K, 0, C1, N);
    wb_sgemm(0, 1, M, N, K, 1, A, K, B, K, 0, C2, N);
    WB_ASSERT_CLOSE(C2, C1, (long)M * N, 1e-5, 1e-5 * K);  // both ~K*2^-24-accurate
    free(A), free(B), free(C1), free(C2);
}

// Splitting C over threads changes who computes a tile, not how: results are bit-identical.
WB_TEST(sgemm_threads_give_identical_results, .points = 1, .timeout = 20,
        .hint = "the slabs given to the threads overlap or leave gaps (gemm_parallel)") {
    // {2000, 10, 1100}: dot products (N <= DOT_MAX_N); {6, 700, 800}: dot products too (M <=
    // MR), in slabs of columns; {14, 12, 13000}: tiles, in slabs of rows of which one has at most
    // MR rows (8 + 6 with AVX-512, 6 + 8 with AVX2), alone a case for dot products: the choice
    // is the whole product's
    static const int shapes[][3] = {{300, 211, 130}, {97, 700, 67}, {1000, 33, 80}, {40, 900, 150},
                                    {2000, 10, 1100}, {6, 700, 800}, {14, 12, 13000}};
    for (int s = 0; s < 7; s++)
        for (int t = 0; t < 4; t++) {
            int M = shapes[s][0], N = shapes[s][1], K = shapes[s][2], ta = t & 1, tb = t >> 1;
            float *A = random_floats((long)M * K), *B = random_floats((long)N * K);
            float *C1 = malloc(sizeof(float) * M * N), *C2 = malloc(sizeof(float) * M * N);
            wb_cpu_set_threads(1);
            wb_sgemm(ta, tb, M, N, K, 1, A, ta ? M : K, B, tb ? K : N, 0, C1, N);
            for (int T = 2; T <= 3; T++) {
                wb_cpu_set_threads(T);
                for (long i = 0; i < (long)M * N; i++) C2[i] = NAN;
                wb_sgemm(ta, tb, M, N, K, 1, A, ta ? M : K, B, tb ? K : N, 0, C2, N);
                ck_assert_msg(memcmp(C1, C2, sizeof(float) * M * N) == 0,
                              "%d threads differ from 1 (M %d N %d K %d transA %d transB %d)", T, M,
                              N, K, ta, tb);
            }
            free(A), free(B), free(C1), free(C2);
        }
    // alpha and beta too, on a shape whose slabs take the other orientation than the whole
    // (1 thread: C^T, N > 8 panels; 3 threads: slabs of a third of N, as they are)
    static const char *isas[] = {"avx2", "avx512"};
    static const int Ns[] = {200, 400};  // 8 panels: 128 and 256 columns
    for (int v = 0; v < 2; v++) {
        if (wb_cpu_force(isas[v]) != 0) continue;  // not on this CPU
        int M = 32, N = Ns[v], K = 400;
        float *A = random_floats((long)M * K), *B = random_floats((long)N * K);
        float *C0 = random_floats((long)M * N);
        float *C1 = malloc(sizeof(float) * M * N), *C2 = malloc(sizeof(float) * M * N);
        memcpy(C1, C0, sizeof(float) * M * N);
        wb_cpu_set_threads(1);
        wb_sgemm(0, 1, M, N, K, 0.5f, A, K, B, K, 0.75f, C1, N);
        for (int T = 2; T <= 3; T++) {
            memcpy(C2, C0, sizeof(float) * M * N);
            wb_cpu_set_threads(T);
            wb_sgemm(0, 1, M, N, K, 0.5f, A, K, B, K, 0.75f, C2, N);
            ck_assert_msg(memcmp(C1, C2, sizeof(float) * M * N) == 0,
                          "%s: %d threads differ from 1 with alpha 0.5, beta 0.75 (M %d N %d "
                          "K %d, B^T)", isas[v], T, M, N, K);
        }
        free(A), free(B), free(C0), free(C1), free(C2);
    }
    wb_cpu_force(NULL);
    wb_cpu_set_threads(0);
}

WB_TEST(cpu_force_rejects_unknown_isa, .points = 1,
        .hint = "wb_cpu_force must return -1 for names it does not know") {
    // what this process runs by default: the best ISA, or the one HARNESS_ISA names (make check
    // run with HARNESS_ISA=avx2 on an AVX-512 machine, as an AVX2-only machine would run it)
    const wb_isa by_default = wb_cpu_isa();
    if (!getenv("HARNESS_ISA")) ck_assert_int_eq(by_default, wb_cpu_best());
    ck_assert_int_eq(wb_cpu_force("mmx"), -1);
    ck_assert_int_eq(wb_cpu_isa(), by_default);  // a rejected name changes nothing
    ck_assert_int_eq(wb_cpu_force("scalar"), 0);
    ck_assert_int_eq(wb_cpu_isa(), WB_ISA_SCALAR);
    ck_assert_int_eq(wb_cpu_force(NULL), 0);
    ck_assert_int_eq(wb_cpu_has(WB_ISA_SCALAR), 1);
    ck_assert_int_eq(wb_cpu_isa(), by_default);  // NULL: back to the default
}

// HARNESS_ISA naming something unusable stops the program with one line and status 2.
static void expect_env_error(const char *value) {
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 2);
        setenv("HARNESS_ISA", value, 1);
        wb_cpu_force(NULL);
        wb_cpu_isa();
        _exit(0);
    }
    close(fd[1]);
    char out[512] = {0};
    ssize_t n = 0, r;
    while ((r = read(fd[0], out + n, sizeof out - 1 - n)) > 0) n += r;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 2,
                  "HARNESS_ISA=%s: want exit status 2, got status %d", value, status);
    char *nl = strchr(out, '\n');
    ck_assert_msg(nl && nl[1] == '\0' && strstr(out, "HARNESS_ISA"),
                  "want one line naming HARNESS_ISA, got \"%s\"", out);
}

WB_TEST(harness_isa_env_errors_are_one_line, .points = 1,
        .hint = "an unknown or unsupported HARNESS_ISA must print one line and exit(2)") {
    expect_env_error("altivec");
    if (!wb_cpu_has(WB_ISA_AVX512)) expect_env_error("avx512");
}
