// lstm-step.c — the C side of `make bench`'s lstm-step row (harness/bench/lstm-step.sh runs it
// next to its PyTorch peer, lstm-step.py): forward + backward of one LSTM layer with week 11's
// reference code, compiled as week code is (-O3).
//
//   lstm-step-bench ITERS     -> prints "seconds_per_iteration forward_seconds sum_abs_dW_h"
//   lstm-step-bench isa       -> the instruction set wb_sgemm uses here
//
// One iteration, on random data (seed 1): a layer of H = 256 cells reading one-hot characters of
// a V = 63 symbol vocabulary (the poetic books'), T = 64 steps of B = 32 streams: the forward pass
// (lstm_layer_forward) and the backward pass from a random dL/dh (lstm_layer_backward: the weight
// gradients, dh_0, dc_0; no dx, as for a first layer). The time is this thread's CPU time, the
// median of ITERS iterations after one warm-up. Threads: HARNESS_THREADS.
#include "week11.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { V = 63, H = 256, T = 64, B = 32 };


int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "isa") == 0) return printf("%s\n", wb_isa_name(wb_cpu_isa())), 0;
    int iters = argc > 1 ? atoi(argv[1]) : 10;
    if (iters < 1) return fprintf(stderr, "usage: lstm-step-bench ITERS | isa\n"), 2;
    wb_rng r;
    wb_rng_seed(&r, 1);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, V, H, 1, B, T, &r);
    rec_layer *l = &m.layer[0];
    for (int i = 0; i < T * B; i++) m.ids[i] = (int)wb_rng_below(&r, V);
    for (int i = 0; i < T * B; i++) m.onehot[(size_t)i * V + m.ids[i]] = 1.0f;
    l->ids = m.ids; /* as seqlm_forward sets it: the lookup */
    float *dh = wb_malloc((size_t)T * B * H * sizeof *dh);
    wb_rng_fill_uniform(&r, dh, (long)T * B * H, -1, 1);
    double *t = wb_malloc((size_t)(iters + 1) * sizeof *t), *tf = wb_malloc((size_t)(iters + 1) * sizeof *tf);
    for (int it = 0; it <= iters; it++) {
        memcpy(l->dh, dh, (size_t)T * B * H * sizeof *dh); /* the backward uses dh as scratch */
        seqlm_zero_grad(&m);
        double t0 = wb_thread_cpu_seconds();
        lstm_layer_forward(l, T);
        double t1 = wb_thread_cpu_seconds();
        lstm_layer_backward(l);
        t[it] = wb_thread_cpu_seconds() - t0, tf[it] = t1 - t0;
    }
    double s = 0;
    for (size_t i = 0; i < (size_t)4 * H * H; i++) s += fabs(l->dW_h[i]);
    printf("%.6f %.6f %.6g\n", wb_median(t + 1, iters), wb_median(tf + 1, iters), s);
    free(t), free(tf), free(dh);
    seqlm_free(&m);
    return 0;
}
