// conv.c — the C side of `make bench`'s conv row (harness/bench/conv.sh runs it next to its
// PyTorch peer, conv.py): forward + backward of LeNet-5's two convolution layers for a batch of 64,
// with week 08's reference code, compiled as week code is (-O3).
//
//   conv-bench direct|im2col ITERS      -> prints "seconds_per_iteration max_abs_y max_abs_dw"
//   conv-bench isa                      -> the instruction set wb_sgemm uses here
//
// One iteration is, on random data (uniform [-1,1), seed 1):
//   conv1: x (64,1,28,28), w (6,1,5,5), pad 2 -> y (64,6,28,28); backward: dw, db (no dx: first layer)
//   conv2: x (64,6,14,14), w (16,6,5,5), pad 0 -> y (64,16,10,10); backward: dx, dw, db
// with dy uniform [-1,1). The time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID: the time
// the other programs on a loaded machine hold the core is not counted, their cache traffic still
// is), the median of ITERS iterations after one warm-up. The printed magnitudes
// let the shell check that the two variants computed the same thing. Threads: HARNESS_THREADS.
#include "week08.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct layer {
    conv_shape s;
    float *x, *w, *b, *y, *dy, *dx, *dw, *db;
    int want_dx;
} layer;

static float *random_array(wb_rng *r, size_t n) {
    float *a = wb_malloc(n * sizeof *a);
    wb_rng_fill_uniform(r, a, (long)n, -1, 1);
    return a;
}

static void layer_init(layer *l, conv_shape s, int want_dx, wb_rng *r) {
    WB_CHECK(conv_shape_check(&s) == 0, "%s", wb_last_error());
    size_t nx = (size_t)s.N * s.C * s.H * s.W, nw = (size_t)s.OC * s.C * s.KH * s.KW;
    size_t ny = (size_t)s.N * s.OC * conv_out_h(&s) * conv_out_w(&s);
    *l = (layer){.s = s, .want_dx = want_dx};
    l->x = random_array(r, nx), l->w = random_array(r, nw), l->b = random_array(r, s.OC);
    l->dy = random_array(r, ny), l->y = wb_malloc(ny * sizeof *l->y), l->dx = wb_malloc(nx * sizeof *l->dx);
    l->dw = wb_malloc(nw * sizeof *l->dw), l->db = wb_malloc(s.OC * sizeof *l->db);
}

static void step(layer *l, int fast, float *col) {
    float *dx = l->want_dx ? l->dx : NULL;
    if (fast) {
        conv2d_forward(&l->s, l->x, l->w, l->b, l->y, col);
        conv2d_backward(&l->s, l->x, l->w, l->dy, dx, l->dw, l->db, col);
    } else {
        conv2d_forward_direct(&l->s, l->x, l->w, l->b, l->y);
        conv2d_backward_direct(&l->s, l->x, l->w, l->dy, dx, l->dw, l->db);
    }
}


static double max_abs(const float *v, size_t n) {
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs(v[i]));
    return m;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "isa")) { /* the instruction set wb_sgemm's kernels use */
        printf("%s\n", wb_isa_name(wb_cpu_isa()));
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "direct") && strcmp(argv[1], "im2col")) || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: %s direct|im2col ITERS\n", argv[0]);
        return 2;
    }
    int fast = !strcmp(argv[1], "im2col"), iters = atoi(argv[2]);
    wb_rng r;
    wb_rng_seed(&r, 1);
    layer l1, l2;
    layer_init(&l1, (conv_shape){.N = 64, .C = 1, .H = 28, .W = 28, .OC = 6, .KH = 5, .KW = 5, .stride = 1, .pad = 2},
               0, &r);
    layer_init(&l2, (conv_shape){.N = 64, .C = 6, .H = 14, .W = 14, .OC = 16, .KH = 5, .KW = 5, .stride = 1, .pad = 0},
               1, &r);
    size_t ncol = conv_col_floats(&l1.s) > conv_col_floats(&l2.s) ? conv_col_floats(&l1.s) : conv_col_floats(&l2.s);
    float *col = wb_malloc(ncol * sizeof *col);
    double *t = wb_malloc((size_t)iters * sizeof *t);
    for (int i = -1; i < iters; i++) { /* i = -1: warm-up */
        double t0 = wb_thread_cpu_seconds();
        step(&l1, fast, col);
        step(&l2, fast, col);
        if (i >= 0) t[i] = wb_thread_cpu_seconds() - t0;
    }
    printf("%.6f %.6g %.6g\n", wb_median(t, iters), max_abs(l2.y, (size_t)64 * 16 * 100),
           max_abs(l2.dw, 16 * 150));
    return 0;
}
