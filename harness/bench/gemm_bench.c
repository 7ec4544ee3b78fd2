// gemm_bench.c — how fast wb_sgemm is: against the naive reference, against OpenBLAS (when the
// benchmark is built with it; the library itself never links a BLAS), and against the machine's
// measured FMA peak. Run by `make bench`; prints tables and writes build/bench/gemm.tsv:
//   kernel  threads  M  N  K  gflops  openblas_gflops  ratio  best_ratio  cpu_ratio
// ratio = gflops / openblas, the median of pairs of runs; best_ratio = that of the fastest
// single call of each; cpu_ratio (1 thread) = the median of pairs of the CPU time the calling
// thread used, which excludes the time the system gave other programs. The last two are what a
// busy shared machine disturbs least.
// Every figure is the median of several timed runs; wb_sgemm and OpenBLAS alternate run by run,
// so both see the same load on a shared machine.
#include <errno.h>
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpu.h"
#include "gemm.h"
#include "timing.h"
#include "matmul.h"

#ifdef WB_HAVE_OPENBLAS
#include <cblas.h>
#endif

#define RUNS 9              // timed samples per figure; the median is reported
#define SAMPLE_SECONDS 0.02 // each sample repeats the call for about this long

static void idle(double seconds) {
    struct timespec t = {0, (long)(seconds * 1e9)};
    nanosleep(&t, NULL);
}

// ---- the FMA peak: 24 independent chains of vector FMAs, nothing else -----------------------
#define PEAK_ITERS 5000000L
static __thread double peak_cpu_gf;  // the same by the thread's CPU time (load-independent)
static double peak1_cpu;             // the best of those, 1 thread
__attribute__((target("avx512f"))) static double peak_avx512(void) {
    __m512 acc[24], x = _mm512_set1_ps(0.999f), y = _mm512_set1_ps(1e-3f);
    for (int i = 0; i < 24; i++) acc[i] = _mm512_set1_ps((float)i);
    double t = wb_seconds(), c = wb_thread_cpu_seconds();
    for (long r = 0; r < PEAK_ITERS; r++)
#pragma GCC unroll 24
        for (int i = 0; i < 24; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    t = wb_seconds() - t, c = wb_thread_cpu_seconds() - c;
    float s = 0;
    for (int i = 0; i < 24; i++) s += _mm512_reduce_add_ps(acc[i]);
    if (s == 12345.0f) printf(" ");  // keep the result alive
    peak_cpu_gf = 24.0 * 16 * 2 * PEAK_ITERS / c / 1e9;
    return 24.0 * 16 * 2 * PEAK_ITERS / t / 1e9;
}
__attribute__((target("avx2,fma"))) static double peak_avx2(void) {
    __m256 acc[12], x = _mm256_set1_ps(0.999f), y = _mm256_set1_ps(1e-3f);
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i);
    double t = wb_seconds(), c = wb_thread_cpu_seconds();
    for (long r = 0; r < PEAK_ITERS; r++)
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    t = wb_seconds() - t, c = wb_thread_cpu_seconds() - c;
    float buf[8], s = 0;
    for (int i = 0; i < 12; i++) {
        _mm256_storeu_ps(buf, acc[i]);
        for (int j = 0; j < 8; j++) s += buf[j];
    }
    if (s == 12345.0f) printf(" ");
    peak_cpu_gf = 12.0 * 8 * 2 * PEAK_ITERS / c / 1e9;
    return 12.0 * 8 * 2 * PEAK_ITERS / t / 1e9;
}
// The peak of the instruction set the kernels use (HARNESS_ISA=avx2 on an AVX-512 machine: the
// AVX2 peak, which is what the AVX2 kernel can reach).
static void *peak_thread(void *out) {
    ((double *)out)[0] = wb_cpu_isa() == WB_ISA_AVX512 ? peak_avx512() : peak_avx2();
    ((double *)out)[1] = peak_cpu_gf;
    return NULL;
}
// GFLOP/s of T threads each running the FMA loop at the same time: the best of 5 runs (a peak
// is what the hardware can do; a busy shared machine only ever makes a run slower).
static double fma_peak(int T) {
    if (!wb_cpu_has(WB_ISA_AVX2) || wb_cpu_isa() < WB_ISA_AVX2) return 0;
    double best = 0;
    for (int r = 0; r < 5; r++) {
        pthread_t tid[8];
        double g[8][2], sum = 0;
        for (int t = 0; t < T; t++) pthread_create(&tid[t], NULL, peak_thread, g[t]);
        for (int t = 0; t < T; t++) pthread_join(tid[t], NULL), sum += g[t][0];
        best = sum > best ? sum : best;
        if (T == 1 && g[0][1] > peak1_cpu) peak1_cpu = g[0][1];
    }
    return best;
}

// ---- one shape -----------------------------------------------------------------------------
typedef struct {
    const char *name;
    int ta, tb, M, N, K;
} shape;

typedef enum { K_SGEMM, K_REF, K_OPENBLAS } impl;

static void call(impl which, const shape *s, const float *A, const float *B, float *C) {
    int lda = s->ta ? s->M : s->K, ldb = s->tb ? s->K : s->N;
    switch (which) {
    case K_SGEMM: wb_sgemm(s->ta, s->tb, s->M, s->N, s->K, 1, A, lda, B, ldb, 0, C, s->N); break;
    case K_REF: wb_matmul_ref(s->ta, s->tb, s->M, s->N, s->K, 1, A, lda, B, ldb, 0, C, s->N); break;
    case K_OPENBLAS:
#ifdef WB_HAVE_OPENBLAS
        cblas_sgemm(CblasRowMajor, s->ta ? CblasTrans : CblasNoTrans,
                    s->tb ? CblasTrans : CblasNoTrans, s->M, s->N, s->K, 1, A, lda, B, ldb, 0, C,
                    s->N);
#endif
        break;
    }
}

// Seconds for one call: repeat it for ~SAMPLE_SECONDS, divide.
// Also keeps the fastest single call in *fastest (the least disturbed by other programs) and
// the thread's CPU seconds per call in last_cpu.
static double fastest_w, fastest_o, fastest_dummy, last_cpu;
static double sample(impl which, const shape *s, const float *A, const float *B, float *C,
                     int reps) {
    double *fastest = which == K_SGEMM ? &fastest_w : which == K_OPENBLAS ? &fastest_o
                                                                          : &fastest_dummy;
    double t = wb_seconds(), t0 = t, c = wb_thread_cpu_seconds();
    for (int r = 0; r < reps; r++) {
        call(which, s, A, B, C);
        double t1 = wb_seconds();
        if (t1 - t0 < *fastest) *fastest = t1 - t0;
        t0 = t1;
    }
    last_cpu = (wb_thread_cpu_seconds() - c) / reps;
    return (t0 - t) / reps;
}

static int reps_for(impl which, const shape *s, const float *A, const float *B, float *C) {
    double t = sample(which, s, A, B, C, 1);  // also warms caches and starts thread pools
    int reps = (int)(SAMPLE_SECONDS / (t > 1e-9 ? t : 1e-9));
    return reps < 1 ? 1 : reps;
}

static FILE *tsv;
static double peak1, peak2;

// sgemm results kept for the summary of targets at the end: [shape][threads-1]
#define MAX_SHAPES 48  /* at least the shapes in main (a static assertion there checks) */
static double res_gf[MAX_SHAPES][2], res_ob[MAX_SHAPES][2], res_ratio[MAX_SHAPES][2];
static double res_best[MAX_SHAPES][2], res_cpu[MAX_SHAPES][2], res_gfcpu[MAX_SHAPES];

// ratio: wb_sgemm's speed / OpenBLAS's, the median over pairs of runs made one after the other
// (so a change of the machine's load between runs cancels out)
static void print_row(const char *kernel, const shape *s, int T, double gf, double ob,
                      double ratio, double best, double cpu) {
    double peak = T == 1 ? peak1 : peak2;
    printf("%-13s %-18s %2d %6d %6d %6d %8.1f %5.0f%%", kernel, s->name, T, s->M, s->N, s->K, gf,
           peak > 0 ? 100 * gf / peak : 0.0);
    if (ob > 0 && cpu > 0) printf(" %9.1f %6.2f %5.2f %5.2f\n", ob, ratio, best, cpu);
    else if (ob > 0) printf(" %9.1f %6.2f %5.2f %5s\n", ob, ratio, best, "-");
    else printf(" %9s %6s %5s %5s\n", "-", "-", "-", "-");
    fprintf(tsv, "%s\t%d\t%d\t%d\t%d\t%.2f\t", kernel, T, s->M, s->N, s->K, gf);
    if (ob > 0) fprintf(tsv, "%.2f\t%.3f\t%.3f\t%.3f\n", ob, ratio, best, cpu);
    else fprintf(tsv, "\t\t\t\n");
    fflush(stdout);
}

static void bench_shape(int idx, const shape *s, int with_ref) {
    long asz = (long)s->M * s->K, bsz = (long)s->K * s->N, csz = (long)s->M * s->N;
    float *A = malloc(asz * sizeof(float)), *B = malloc(bsz * sizeof(float));
    float *C = malloc(csz * sizeof(float));
    for (long i = 0; i < asz; i++) A[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (long i = 0; i < bsz; i++) B[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    double flops = 2.0 * s->M * s->N * s->K;
    char name[32];
    snprintf(name, sizeof name, "sgemm-%s", wb_isa_name(wb_cpu_isa()));

    // GEMM_BENCH_THREADS=1: the one-thread figures only (quicker, while tuning)
    const char *maxt = getenv("GEMM_BENCH_THREADS");
    int Tmax = maxt && atoi(maxt) == 1 ? 1 : 2;
    for (int T = 1; T <= Tmax; T++) {
        wb_cpu_set_threads(T);
#ifdef WB_HAVE_OPENBLAS
        openblas_set_num_threads(T);
        int have_ob = 1;
#else
        int have_ob = 0;
#endif
        int rw = reps_for(K_SGEMM, s, A, B, C), ro = have_ob ? reps_for(K_OPENBLAS, s, A, B, C) : 0;
        fastest_w = fastest_o = 1e9;
        double tw[RUNS], to[RUNS], cw[RUNS], co[RUNS];
        // Alternate, so both see the same machine load. With 2 threads, in blocks of 3 and after
        // a pause: OpenBLAS's threads keep spinning for ~0.1 s after a call, and wb_sgemm
        // measured right after it would find its second core busy.
        int block = T > 1 && have_ob ? 3 : 1;
        for (int r = 0; r < RUNS; r += block) {
            if (block > 1) idle(0.25);
            for (int i = r; i < r + block; i++)
                tw[i] = sample(K_SGEMM, s, A, B, C, rw), cw[i] = last_cpu;
            for (int i = r; have_ob && i < r + block; i++)
                to[i] = sample(K_OPENBLAS, s, A, B, C, ro), co[i] = last_cpu;
        }
        double pr[RUNS], pc[RUNS];  // pairwise ratios of wall and (1 thread) CPU seconds
        for (int i = 0; i < RUNS; i++) pr[i] = have_ob ? to[i] / tw[i] : 0;
        for (int i = 0; i < RUNS; i++) pc[i] = have_ob && T == 1 ? co[i] / cw[i] : 0;
        double mpc = wb_median(pc, RUNS), mtw = wb_median(tw, RUNS), mto = wb_median(to, RUNS);
        double mpr = wb_median(pr, RUNS);
        double ob = have_ob ? flops / mto / 1e9 : 0;
        double best = have_ob ? fastest_o / fastest_w : 0;
        print_row(name, s, T, flops / mtw / 1e9, ob, mpr, best, mpc);
        res_gf[idx][T - 1] = flops / mtw / 1e9, res_ob[idx][T - 1] = ob;
        res_ratio[idx][T - 1] = mpr, res_best[idx][T - 1] = best;
        res_cpu[idx][T - 1] = mpc;
        if (T == 1)  // GFLOP/s by the thread's CPU time, for the % of peak
            res_gfcpu[idx] = flops / wb_median(cw, RUNS) / 1e9;
        if (with_ref && T == 1) {  // the naive reference is single-threaded: once, 3 runs
            double tr[3];
            int rr = reps_for(K_REF, s, A, B, C);
            for (int r = 0; r < 3; r++) tr[r] = sample(K_REF, s, A, B, C, rr);
            double gr = flops / wb_median(tr, 3) / 1e9;
            print_row("reference", s, 1, gr, ob, ob > 0 ? gr / ob : 0, ob > 0 ? gr / ob : 0, 0);
        }
    }
    free(A), free(B), free(C);
}

// ---- the lesson: the steps of gemm.c at one size -------------------------------------------
static void bench_lesson(int n) {
    static const char *steps[] = {"0 naive i-j-k", "1 loop order i-k-j", "2 cache blocking",
                                  "3 packing + scalar micro-kernel", "4 SIMD micro-kernel"};
    float *A = malloc(sizeof(float) * n * n), *B = malloc(sizeof(float) * n * n);
    float *C = malloc(sizeof(float) * n * n);
    for (long i = 0; i < (long)n * n; i++) A[i] = B[i] = (float)(i % 17) / 17.0f;
    printf("\nThe lesson (gemm.c), M = N = K = %d, one thread, %s kernels (timed by the CPU time\n"
           "the thread got, against the peak measured the same way):\n",
           n, wb_isa_name(wb_cpu_isa()));
    for (int step = 0; step < 5; step++) {
        double t[3];
        int runs = step == 0 ? 1 : 3;
        for (int r = 0; r < runs; r++) {
            double t0 = wb_thread_cpu_seconds();
            wb_sgemm_lesson(step, n, n, n, A, B, C);
            t[r] = wb_thread_cpu_seconds() - t0;
        }
        double gf = 2.0 * n * n * n / wb_median(t, runs) / 1e9;
        printf("  step %-34s %7.1f GFLOP/s %5.1f%% of peak\n", steps[step], gf,
               peak1_cpu > 0 ? 100 * gf / peak1_cpu : 0.0);
    }
    free(A), free(B), free(C);
}

// The targets, from the figures above (same-run ratios).
static void verdict(const char *what, double got, double target, double floor, const char *unit) {
    if (got >= 1e9 || got != got) return;  // no shape of that kind ran
    const char *v = got >= target ? "met" : got >= floor ? "floor met" : "MISSED";
    printf("  %-50s %6.2f%s  (target >= %.2f%s", what, got, unit, target, unit);
    if (floor < target) printf(", floor %.2f%s", floor, unit);
    printf(")  %s\n", v);
}

static void summary(const char *isa, const shape *shapes, int n) {
    printf("\nTargets for the %s kernels (worst case over the shapes named; ratios vs OpenBLAS):\n",
           isa);
    double sq = 1e9, small = 1e9, scale = 1e9, pct = 1e9, sqb = 1e9, smallb = 1e9;
    double sqc = 1e9, smallc = 1e9, pctc = 1e9;
    for (int i = 0; i < n; i++) {
        const shape *s = &shapes[i];
        if (res_gf[i][0] <= 0) continue;  // not run
        int square = strcmp(s->name, "square") == 0;
        int course = !square;
        double r1 = res_ob[i][0] > 0 ? res_ratio[i][0] : 1e9;
        double b1 = res_ob[i][0] > 0 ? res_best[i][0] : 1e9;
        if (square && s->M >= 256 && r1 < sq) sq = r1;
        if (square && s->M >= 256 && b1 < sqb) sqb = b1;
        if (course && r1 < small) small = r1;
        if (course && b1 < smallb) smallb = b1;
        double c1 = res_ob[i][0] > 0 ? res_cpu[i][0] : 1e9;
        if (square && s->M >= 256 && c1 < sqc) sqc = c1;
        if (course && c1 < smallc) smallc = c1;
        if (square && s->M == 1024 && peak1 > 0) pct = 100 * res_gf[i][0] / peak1;
        if (square && s->M == 1024 && peak1_cpu > 0) pctc = 100 * res_gfcpu[i] / peak1_cpu;
        if (square && s->M >= 1024 && res_gf[i][1] > 0 && res_gf[i][1] / res_gf[i][0] < scale)
            scale = res_gf[i][1] / res_gf[i][0];
    }
    char what[96];
    verdict("1 thread, square 256..2048", sq, 1.0, 0.95, "x");
    verdict("  the same, fastest calls", sqb, 1.0, 0.95, "x");
    verdict("  the same, CPU time", sqc, 1.0, 0.95, "x");
    verdict("1 thread, square 1024, % of the measured FMA peak", pct, 80, 80, "%");
    verdict("  the same, CPU time", pctc, 80, 80, "%");
    verdict("1 thread, MLP, LeNet, LSTM and GPT shapes", small, 1.0, 1.0, "x");
    verdict("  the same, fastest calls", smallb, 1.0, 1.0, "x");
    verdict("  the same, CPU time", smallc, 1.0, 1.0, "x");
    snprintf(what, sizeof what, "2 threads / 1 thread, square 1024..2048");
    verdict(what, scale, 1.8, 1.8, "x");
    if (scale < 1e9 && peak1 > 0 && peak2 < 1.8 * peak1)
        printf("  (but the FMA loop itself ran only %.2fx faster on 2 threads than on 1: the\n"
               "   second core was busy with other programs; this run cannot judge scaling)\n",
               peak2 / peak1);
}

// 1 if name contains one of the comma-separated words of list.
static int name_matches(const char *name, const char *list) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *w = strtok(buf, ","); w; w = strtok(NULL, ","))
        if (strstr(name, w)) return 1;
    return 0;
}

// On an AVX-512 machine the AVX2 table stands for an AVX2-only machine (a Zen 3, an Intel client
// CPU), where OpenBLAS too runs its AVX2 kernels. OpenBLAS picks its kernels once, when it loads
// (OPENBLAS_CORETYPE=Haswell is what it picks on a Zen 3), so that table is measured by this
// program run again, with HARNESS_ISA=avx2 and that variable set, appending to the same TSV.
// Otherwise the AVX2 kernels would race OpenBLAS's AVX-512 ones (its SkylakeX small-matrix
// kernels on a Zen 4), which no AVX2-only machine has.
#define CHILD_ENV "WB_GEMM_BENCH_AVX2_CHILD"
static int run_avx2_child(const char *self, const char *out) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return fprintf(stderr, "gemm_bench: fork: %s\n", strerror(errno)), 1;
    if (pid == 0) {
        setenv(CHILD_ENV, "1", 1), setenv("HARNESS_ISA", "avx2", 1);
        setenv("OPENBLAS_CORETYPE", "Haswell", 1);
        execl("/proc/self/exe", self, out, (char *)NULL);
        execl(self, self, out, (char *)NULL);  // no /proc: the path it was started by
        fprintf(stderr, "gemm_bench: cannot run %s again for the AVX2 table: %s\n", self,
                strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    fprintf(stderr, "gemm_bench: the AVX2 table's run failed (status %d)\n", status);
    return 1;
}

int main(int argc, char **argv) {
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {  // an option, not a path to write to
        fprintf(stderr, "usage: %s [OUT.tsv]  (default build/bench/gemm.tsv; make bench runs it)\n"
                        "  GEMM_BENCH_ONLY=lstm,lenet: only the shapes named with those words\n",
                argv[0]);
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    const char *out = argc > 1 ? argv[1] : "build/bench/gemm.tsv";
    const int child = getenv(CHILD_ENV) != NULL;  // the AVX2 table of an AVX-512 machine
    tsv = fopen(out, child ? "a" : "w");
    if (!tsv) {
        fprintf(stderr, "%s: %s\n", out, strerror(errno));
        return 1;
    }
    if (!child) {
        fprintf(tsv, "kernel\tthreads\tM\tN\tK\tgflops\topenblas_gflops\tratio\t"
                     "best_ratio\tcpu_ratio\n");
        double load[3] = {0};
        getloadavg(load, 3);
        printf("Load average before the run: %.1f (%d cores). Other work on the machine slows\n"
               "every figure below; compare the ratios, which are measured side by side (median\n"
               "of %d runs; ratio = the median of the ratios of runs made one after the other;\n"
               "best = the ratio of the fastest single calls; cpu = of the CPU time the thread\n"
               "used, 1 thread: these two are the least disturbed by other programs).\n",
               load[0], (int)sysconf(_SC_NPROCESSORS_ONLN), RUNS);
    }
#ifdef WB_HAVE_OPENBLAS
    printf("%sOpenBLAS %s (core %s), forced to the same thread count as wb_sgemm.\n",
           child ? "\n" : "", openblas_get_config(), openblas_get_corename());
#else
    printf("OpenBLAS: not built in (libopenblas-dev missing), its columns stay empty.\n");
#endif

    static const shape shapes[] = {
        {"square", 0, 0, 64, 64, 64},        {"square", 0, 0, 128, 128, 128},
        {"square", 0, 0, 256, 256, 256},     {"square", 0, 0, 512, 512, 512},
        {"square", 0, 0, 1024, 1024, 1024},  {"square", 0, 0, 2048, 2048, 2048},
        // MLP 784-128-10, batch 64: y = x W^T; dW = dy^T x; dx = dy W
        {"mlp fc1 fwd", 0, 1, 64, 128, 784}, {"mlp fc1 dW", 1, 0, 128, 784, 64},
        {"mlp fc1 dx", 0, 0, 64, 784, 128},  {"mlp fc2 fwd", 0, 1, 64, 10, 128},
        {"mlp fc2 dW", 1, 0, 10, 128, 64},   {"mlp fc2 dx", 0, 0, 64, 128, 10},
        // LeNet-5 at batch 64, convolutions as im2col products: out (B*OH*OW, OC) = cols W^T
        {"lenet conv1 fwd", 0, 1, 64 * 28 * 28, 6, 25},
        {"lenet conv2 fwd", 0, 1, 64 * 10 * 10, 16, 150},
        {"lenet conv2 dW", 1, 0, 16, 150, 64 * 10 * 10},
        {"lenet conv2 dcol", 0, 0, 64 * 10 * 10, 150, 16},
        {"lenet fc1 fwd", 0, 1, 64, 120, 400},
        // and as week 08 runs them, image by image (im2col.c): y_n (OC, OH*OW) = W col_n,
        // dW += dY_n col_n^T, dcol = W^T dY_n
        {"lenet c1 fwd/img", 0, 0, 6, 784, 25},     {"lenet c1 dW/img", 0, 1, 6, 25, 784},
        {"lenet c2 fwd/img", 0, 0, 16, 100, 150},   {"lenet c2 dW/img", 0, 1, 16, 150, 100},
        {"lenet c2 dcol/img", 1, 0, 150, 100, 16},
        // LSTM as week 11 trains it (lstm.c): batch 32, hidden 256, chunks of 64 steps; per step
        // gates (32,1024) += h W_h^T and dh (32,256) = da W_h; per chunk dW_h (1024,256) += da^T h
        // over the 2048 rows, and layer 2's input part (2048,1024) = x W_x^T (layer 1 reads
        // one-hot characters: a lookup, no product)
        {"lstm gates fwd", 0, 1, 32, 1024, 256}, {"lstm dh", 0, 0, 32, 256, 1024},
        {"lstm dW", 1, 0, 1024, 256, 2048},      {"lstm x-part fwd", 0, 1, 2048, 1024, 256},
        // week 14's GPT (gpt.c): 16 x 128 characters, width 128; per block y = x W^T for the
        // qkv (384), MLP (512) and back (128) layers, dx = dy W and dW = dy^T x for each
        {"gpt qkv fwd", 0, 1, 2048, 384, 128},  {"gpt fc fwd", 0, 1, 2048, 512, 128},
        {"gpt fcproj fwd", 0, 1, 2048, 128, 512}, {"gpt fc dx", 0, 0, 2048, 128, 512},
        {"gpt fcproj dx", 0, 0, 2048, 512, 128}, {"gpt fc dW", 1, 0, 512, 128, 2048},
        {"gpt fcproj dW", 1, 0, 128, 512, 2048},
        // and per head (attention.c, 32 wide): scores q k^T, then a v; backward a^T dh, ds k
        {"gpt att qk", 0, 1, 128, 128, 32}, {"gpt att av", 0, 0, 128, 32, 128},
        {"gpt att dv", 1, 0, 128, 32, 128},
    };
    // GEMM_BENCH_ONLY=lenet,mlp: only the shapes whose name contains one of the words (and no
    // lesson table), for working on one kind of product.
    const char *only = getenv("GEMM_BENCH_ONLY");
    // The kernels this machine runs by default and, on an AVX-512 machine, the AVX2 ones too
    // (every AVX2-only x86 machine runs those): both are measured and judged, each against its
    // own FMA peak. HARNESS_ISA=... measures just that one.
    wb_isa isas[2] = {wb_cpu_isa(), WB_ISA_AVX2};
    const char *forced = getenv("HARNESS_ISA");
    int nisa = !(forced && *forced) && isas[0] == WB_ISA_AVX512 ? 2 : 1;
    _Static_assert(sizeof shapes / sizeof *shapes <= MAX_SHAPES, "MAX_SHAPES is too small");
    int nshapes = sizeof shapes / sizeof *shapes;
    for (int v = 0; v < nisa; v++) {
        if (v > 0) {  // the AVX2 table, with OpenBLAS's AVX2 kernels: a process of its own
            fclose(tsv), tsv = NULL;  // the child appends its rows
            if (run_avx2_child(argv[0], out) != 0) return 1;
            break;
        }
        memset(res_gf, 0, sizeof res_gf), memset(res_ob, 0, sizeof res_ob);
        peak1_cpu = 0;
        peak1 = fma_peak(1), peak2 = fma_peak(2);
        printf("\n== the %s kernels (best on this CPU: %s%s). Measured %s FMA peak: %.1f GFLOP/s"
               " on 1 thread (%.1f by CPU time), %.1f on 2.\n",
               wb_isa_name(isas[v]), wb_isa_name(wb_cpu_best()),
               isas[0] == wb_cpu_best() && v == 0 ? "" : ", forced with HARNESS_ISA",
               wb_isa_name(isas[v]), peak1, peak1_cpu, peak2);
        int kc, mc, nc;
        long cb[3];
        wb_sgemm_blocks(&kc, &mc, &nc, cb);
        printf("Cache blocks kc %d, mc %d, nc %d, from the caches: L1d %ld KB, L2 %ld KB, "
               "L3 %ld KB.\n", kc, mc, nc, cb[0] >> 10, cb[1] >> 10, cb[2] >> 10);
        printf("%-13s %-18s %2s %6s %6s %6s %8s %6s %9s %6s %5s %5s\n", "kernel", "shape", "T", "M",
               "N", "K", "GFLOP/s", "%peak", "OpenBLAS", "ratio", "best", "cpu");
        for (int i = 0; i < nshapes; i++) {
            if (only && *only && !name_matches(shapes[i].name, only)) continue;
            bench_shape(i, &shapes[i],
                        !child && v == 0 &&
                            shapes[i].M * (double)shapes[i].N * shapes[i].K <= 1.1e9);
        }
        summary(wb_isa_name(isas[v]), shapes, nshapes);
    }
    if (tsv) fclose(tsv);
    if (child) return 0;

    if (!only || !*only) {
        peak1_cpu = 0;
        peak1 = fma_peak(1);
        bench_lesson(1024);
    }
    printf("\nwrote %s\n", out);
    return 0;
}
