/* driver.c — `make week02 run`: Trask's two posts, run with your code, then your dense layer.
 *
 *  Part 1: the two-layer network on "output = first column" (10,000 steps, outputs printed as the
 *          post does), then the three-layer network on XOR (60,000 steps, the error every 10,000).
 *          Both error curves: build/week02/error.png.
 *  Part 2: the learning-rate sweep, alpha = 0.001 ... 1000 with 32 hidden units, every curve on
 *          one plot: build/week02/alpha_sweep.png.
 *  Backpropagation: the finite-difference check of your dense layer (what the tests do), then two
 *          of your layers learning XOR: build/week02/dense_xor.png.
 */
#include "week02.h"
#include "dense_cost.h"
#include "wb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week02/"

/* Points of a curve err[0..n-1] at steps 1, 2, ... spaced evenly on a log scale (at most ~60 a decade),
   so a log-x plot of 60,000 steps stays light. xs, ys need room for n points; returns how many. */
static int log_spaced(const float *err, int n, float *xs, float *ys) {
    int m = 0;
    for (double s = 1; s <= n; s *= 1.04) {
        int t = (int)s;
        if (m > 0 && xs[m - 1] == t) continue;
        xs[m] = (float)t, ys[m++] = err[t - 1];
    }
    return m;
}

static const float X[12] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
static const float Y_FIRST[4] = {0, 0, 1, 1}, Y_XOR[4] = {0, 1, 1, 0};

static void part1(void) {
    enum { STEPS1 = 10000, STEPS2 = 60000 };
    static float err1[STEPS1], err2[STEPS2];
    printf("== Part 1: two layers, output = first column ==\n");
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    float syn0[3], l1[4];
    trask_init(syn0, 3, &rng);
    for (int t = 0; t < STEPS1; t++) err1[t] = trask_step1(X, Y_FIRST, 4, 3, syn0, 1.0f, NULL);
    trask_step1(X, Y_FIRST, 4, 3, syn0, 0.0f, l1);
    printf("Output After Training:\n");
    for (int i = 0; i < 4; i++) printf("[ %.8f]\n", l1[i]);

    printf("\n== Part 1: three layers (4 hidden units), output = XOR of the first two columns ==\n");
    float syn0h[12], syn1[4], l2[4];
    wb_rng_seed(&rng, 1);
    trask_init(syn0h, 12, &rng);
    trask_init(syn1, 4, &rng);
    for (int t = 0; t < STEPS2; t++) {
        err2[t] = trask_step2(X, Y_XOR, 4, 3, 4, syn0h, syn1, 1.0f, NULL);
        if (t % 10000 == 0) printf("Error:%.10f\n", err2[t]);
    }
    trask_step2(X, Y_XOR, 4, 3, 4, syn0h, syn1, 0.0f, l2);
    printf("Output After Training: %.4f %.4f %.4f %.4f (targets 0 1 1 0)\n\n", l2[0], l2[1], l2[2], l2[3]);

    static float x1[STEPS1], y1[STEPS1], x2[STEPS2], y2[STEPS2];
    wb_series s[] = {{.label = "two layers, first column", .x = x1, .y = y1, .n = log_spaced(err1, STEPS1, x1, y1)},
                     {.label = "three layers, XOR", .x = x2, .y = y2, .n = log_spaced(err2, STEPS2, x2, y2)}};
    wb_plot_opts o = {.title = "Trask part 1: mean |error| while training", .xlabel = "step",
                      .ylabel = "mean |y - output|", .logx = 1, .logy = 1};
    if (wb_plot_png(OUT "error.png", &o, s, 2) == 0) printf("wrote " OUT "error.png\n\n");
}

static void part2(void) {
    enum { STEPS = 60000, NA = 7, HIDDEN = 32 };
    const float alphas[NA] = {0.001f, 0.01f, 0.1f, 1, 10, 100, 1000};
    static float errors[NA][STEPS], xs[NA][STEPS], ys[NA][STEPS];
    static char labels[NA][32];
    wb_series s[NA];
    printf("== Part 2: the learning rate (%d hidden units, %d steps each) ==\n", HIDDEN, STEPS);
    for (int a = 0; a < NA; a++) {
        printf("Training With Alpha:%g\n", alphas[a]);
        trask_train2(X, Y_XOR, 4, 3, HIDDEN, alphas[a], STEPS, 1, errors[a]); /* the same start for every alpha */
        for (int t = 0; t < STEPS; t += 10000) printf("Error after %d iterations:%.10f\n", t, errors[a][t]);
        printf("Final error: %.6f\n", errors[a][STEPS - 1]);
        snprintf(labels[a], sizeof labels[a], "alpha = %g", alphas[a]);
        s[a] = (wb_series){.label = labels[a], .x = xs[a], .y = ys[a], .n = log_spaced(errors[a], STEPS, xs[a], ys[a])};
    }
    wb_plot_opts o = {.title = "Trask part 2: one network, seven learning rates", .xlabel = "step",
                      .ylabel = "mean |y - output|", .logx = 1, .logy = 1};
    if (wb_plot_png(OUT "alpha_sweep.png", &o, s, NA) == 0) printf("wrote " OUT "alpha_sweep.png\n\n");
}

/* ---- your dense layer ---------------------------------------------------------------------- */
enum { B = DC_B, IN = DC_IN, NOUT = DC_OUT };

static void dense_demo(void) {
    printf("== Backpropagation: your dense layer against finite differences ==\n");
    wb_rng rng;
    wb_rng_seed(&rng, 3);
    dense l;
    dense_init(&l, IN, NOUT, &rng);
    float x[B * IN], t[B * NOUT], z[B * NOUT], a[B * NOUT], da[B * NOUT], dx[B * IN];
    wb_rng_fill_uniform(&rng, x, B * IN, -1, 1);
    wb_rng_fill_uniform(&rng, t, B * NOUT, 0, 1);
    dense_forward(&l, x, z, a, B);
    for (int i = 0; i < B * NOUT; i++) da[i] = a[i] - t[i];
    dense_backward(&l, x, a, da, dx, B);
    dense_problem mean = {&l, x, t, 0}, sum = {&l, x, t, 1};
    wb_gradcheck_result r[3] = {wb_gradcheck(dense_cost, &mean, l.W, l.dW, NOUT * IN, 1e-3),
                                wb_gradcheck(dense_cost, &mean, l.b, l.db, NOUT, 1e-3),
                                wb_gradcheck(dense_cost, &sum, x, dx, B * IN, 1e-3)};
    const char *names[3] = {"dW", "db", "dx"};
    for (int k = 0; k < 3; k++)
        printf("%s: worst relative error %.1e at [%ld] (analytic %.6g, numeric %.6g)  %s\n", names[k], r[k].max_rel_err,
               r[k].worst, r[k].analytic, r[k].numeric, r[k].max_rel_err < 1e-2 ? "ok" : "WRONG");
    dense_free(&l);

    enum { STEPS = 5000 };
    static float loss[STEPS];
    float xx[] = {0, 0, 0, 1, 1, 0, 1, 1}, y[] = {0, 1, 1, 0};
    dense l1, l2;
    wb_rng_seed(&rng, 2);
    dense_init(&l1, 2, 4, &rng);
    dense_init(&l2, 4, 1, &rng);
    float z1[16], a1[16], z2[4], a2[4], da2[4], da1[16];
    for (int step = 0; step < STEPS; step++) {
        dense_forward(&l1, xx, z1, a1, 4);
        dense_forward(&l2, a1, z2, a2, 4);
        loss[step] = 0;
        for (int i = 0; i < 4; i++) {
            da2[i] = a2[i] - y[i];
            loss[step] += 0.5f * da2[i] * da2[i] / 4;
        }
        dense_backward(&l2, a1, a2, da2, da1, 4);
        dense_backward(&l1, xx, a1, da1, NULL, 4);
        dense_update(&l2, 2.0f);
        dense_update(&l1, 2.0f);
    }
    printf("\nTwo dense layers (2-4-1, eta 2) on XOR: cost %.4f -> %.6f; outputs %.3f %.3f %.3f %.3f\n", loss[0],
           loss[STEPS - 1], a2[0], a2[1], a2[2], a2[3]);
    wb_series s = {.label = "2-4-1 network of dense layers", .y = loss, .n = STEPS};
    wb_plot_opts o = {.title = "Your dense layers learning XOR", .xlabel = "step", .ylabel = "mean cost 1/2 (a - y)^2",
                      .logy = 1};
    if (wb_plot_png(OUT "dense_xor.png", &o, &s, 1) == 0) printf("wrote " OUT "dense_xor.png\n");
    dense_free(&l1), dense_free(&l2);
}

int main(void) {
    if (wb_mkdir_parents(OUT "x") != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    part1();
    part2();
    dense_demo();
    printf("Next: open build/week02/alpha_sweep.png; then make week03 test\n");
    return 0;
}
