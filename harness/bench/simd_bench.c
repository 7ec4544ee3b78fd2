// simd_bench.c — the elementwise kernels (simd.h) against the plain loop a student would write,
// 1M floats, one thread. Run by `make bench`; prints a table and writes build/bench/simd.tsv:
//   function  isa  n  ns_per_float  scalar_loop_ns_per_float  speedup
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "simd.h"
#include "timing.h"

#define N (1L << 20)
#define RUNS 9


// the baselines: what the loop looks like without this module (libm, one float at a time)
static void loop_exp(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}
static void loop_sigmoid(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = 1.0f / (1.0f + expf(-x[i]));
}
static void loop_tanh(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}

typedef void (*fn)(const float *, float *, long);

// median seconds of one call over RUNS runs
static double time_fn(fn f, const float *x, float *y) {
    double t[RUNS];
    f(x, y, N);  // warm up
    for (int r = 0; r < RUNS; r++) {
        double t0 = wb_seconds();
        f(x, y, N);
        t[r] = wb_seconds() - t0;
    }
    return wb_median(t, RUNS);
}

int main(int argc, char **argv) {
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {  // an option, not a path to write to
        fprintf(stderr, "usage: %s [OUT.tsv]  (default build/bench/simd.tsv; make bench runs it)\n",
                argv[0]);
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    const char *out = argc > 1 ? argv[1] : "build/bench/simd.tsv";
    FILE *tsv = fopen(out, "w");
    if (!tsv) {
        fprintf(stderr, "%s: %s\n", out, strerror(errno));
        return 1;
    }
    fprintf(tsv, "function\tisa\tn\tns_per_float\tscalar_loop_ns_per_float\tspeedup\n");
    float *x = malloc(N * sizeof(float)), *y = malloc(N * sizeof(float));
    for (long i = 0; i < N; i++) x[i] = -20.0f + 40.0f * (float)i / N;  // the interesting range

    static const struct { const char *name; fn simd, loop; } fns[] = {
        {"exp", wb_simd_exp, loop_exp},
        {"sigmoid", wb_simd_sigmoid, loop_sigmoid},
        {"tanh", wb_simd_tanh, loop_tanh},
    };
    static const char *isas[] = {"scalar", "sse2", "avx2", "avx512"};
    printf("\nElementwise kernels, %ld floats, one thread (the plain loop calls libm):\n", N);
    printf("%-9s %-8s %14s %16s %8s\n", "function", "isa", "ns/float", "plain loop", "speedup");
    for (int f = 0; f < 3; f++) {
        double base = time_fn(fns[f].loop, x, y) / N * 1e9;
        for (int k = 0; k < 4; k++) {
            if (wb_cpu_force(isas[k]) != 0) continue;
            double t = time_fn(fns[f].simd, x, y) / N * 1e9;
            printf("%-9s %-8s %14.3f %16.3f %7.1fx\n", fns[f].name, isas[k], t, base, base / t);
            fprintf(tsv, "%s\t%s\t%ld\t%.4f\t%.4f\t%.2f\n", fns[f].name, isas[k], N, t, base,
                    base / t);
        }
    }
    wb_cpu_force(NULL);
    fclose(tsv);
    free(x), free(y);
    printf("\nwrote %s\n", out);
    return 0;
}
