/* driver.c — `make week05 run`: information theory in numbers, initialisation made visible, and
 * universal approximation, with the plots under build/week05/:
 *
 *   init_tanh.png, init_relu.png   the standard deviation of each layer's output in 10-layer tanh
 *                                  and ReLU networks, for each initialisation (log scale)
 *   approx.png                     1 -> h -> 1 tanh networks fitted to a bumpy function, h = 2..64
 *
 *   STEPS=20000 make week05 run    more gradient-descent steps for the fits (default 10000)
 */
#include "week05.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void information(void) {
    /* Olah's example: how often Bob (p) and Alice (q) say dog, cat, fish, bird */
    double p[] = {0.5, 0.25, 0.125, 0.125}, q[] = {0.125, 0.5, 0.25, 0.125}, coin[] = {0.5, 0.5};
    double bits = 1 / log(2.0);
    printf("information theory (in bits; the code works in nats, 1 nat = %.3f bits):\n", bits);
    printf("  a fair coin:                 H = %.3f\n", entropy(coin, 2) * bits);
    printf("  Bob's words p:               H(p)     = %.3f   (by hand: 1.75)\n", entropy(p, 4) * bits);
    printf("  Bob's words, Alice's code:   H(p,q)   = %.3f   (by hand: 2.375)\n", cross_entropy_pq(p, q, 4) * bits);
    printf("  Alice's words, Bob's code:   H(q,p)   = %.3f   (by hand: 2.25)\n", cross_entropy_pq(q, p, 4) * bits);
    printf("  the cost of the wrong code:  KL(p||q) = %.3f,  KL(q||p) = %.3f  (not symmetric)\n\n",
           kl_divergence(p, q, 4) * bits, kl_divergence(q, p, 4) * bits);
}

/* What tells the schemes apart: for tanh, the share of flat units in the last layer (an output
   near +-1 has slope 1 - a^2 ~ 0, so no gradient passes); for ReLU, the gain per layer, the factor
   by which the std changes from one layer to the next (std10 / std1)^(1/9). ReLU's share of flat
   units is about half under every scheme (a zero-mean input is negative half the time), so it is
   printed once rather than as a column that cannot tell the schemes apart. */
static void initialisation(activation act, const char *path) {
    enum { DEPTH = 10, WIDTH = 256, BATCH = 256 };
    float layer[DEPTH], stds[4][DEPTH], flat[4][DEPTH], gain[4];
    for (int l = 0; l < DEPTH; l++) layer[l] = (float)(l + 1);
    wb_series s[4];
    int relu = act == ACT_RELU;
    printf("%s, %d layers of %d: std of the outputs of layers 1, 5, 10; %s\n", activation_name[act], DEPTH, WIDTH,
           relu ? "gain per layer (std10 / std1)^(1/9)" : "share of flat units (slope < 0.01) in layer 10");
    char note[160] = "";
    for (int i = 0; i < 4; i++) {
        activation_stds(act, (init_scheme)i, DEPTH, WIDTH, BATCH, 1, stds[i], flat[i]);
        gain[i] = powf(stds[i][DEPTH - 1] / stds[i][0], 1.0f / (DEPTH - 1));
        s[i] = (wb_series){.label = init_scheme_name[i], .x = layer, .y = stds[i], .n = DEPTH, .style = "linespoints"};
        printf("  %-20s %10.3g %10.3g %10.3g ", init_scheme_name[i], stds[i][0], stds[i][4], stds[i][9]);
        if (relu) printf("%8.3g\n", gain[i]);
        else printf("%8.0f%%\n", 100 * flat[i][9]);
    }
    if (relu) {
        printf("  (under every scheme about %.0f%% of layer 10's ReLUs output 0, slope 0: half the signs)\n",
               100 * flat[0][9]);
        snprintf(note, sizeof note, "gain/layer: He %.2f, Xavier %.2f, N(0,1) %.2g", gain[3], gain[2], gain[1]);
    } else {
        for (int i = 0; i < 4; i++)
            if (flat[i][9] >= 0.5f) { /* the scheme the figure warns about: high std, dead slopes */
                snprintf(note, sizeof note, "%s: %.0f%% of layer 10 flat", init_scheme_name[i],
                         100 * flat[i][9]);
            }
    }
    char title[96];
    snprintf(title, sizeof title, "%s network, N(0,1) input", activation_name[act]);
    /* the two are shown side by side on a slide: narrower than the house default, so that their
       text stays large there */
    wb_plot_opts o = {.title = title, .note = note[0] ? note : NULL, .xlabel = "layer",
                      .ylabel = "std of the layer's outputs", .logy = 1, .width = 640, .height = 540,
                      .key = "below center horizontal reverse Left samplen 1.5 spacing 1.2 width -2 maxcols 2"};
    if (wb_plot_png(path, &o, s, 4) == 0) printf("  wrote %s\n", path);
}

/* The bumpy target on [-3, 3]: a wave, a wide bump and a narrow dip. */
static float target(float x) { return sinf(2 * x) + expf(-10 * (x - 1.2f) * (x - 1.2f)) - 0.6f * expf(-20 * (x + 1) * (x + 1)); }

static void approximation(void) {
    enum { N = 200, FINE = 400 };
    static const int hidden[] = {2, 4, 8, 64};
    const char *s_env = getenv("STEPS");
    int steps = s_env && atoi(s_env) > 0 ? atoi(s_env) : 10000;
    float x[N], y[N], fx[FINE], fy[FINE], fits[4][FINE];
    char labels[4][32];
    for (int i = 0; i < N; i++) x[i] = -3 + 6.0f * i / (N - 1), y[i] = target(x[i]);
    for (int i = 0; i < FINE; i++) fx[i] = -3 + 6.0f * i / (FINE - 1), fy[i] = target(fx[i]);
    wb_series s[5] = {{.label = "target", .x = fx, .y = fy, .n = FINE}};
    printf("\nuniversal approximation: 1 -> h -> 1 tanh networks, %d steps of gradient descent on %d points\n", steps, N);
    for (int i = 0; i < 4; i++) {
        wb_rng rng;
        wb_rng_seed(&rng, 10 + i);
        mlp m;
        mlp_init(&m, 2, (const int[]){1, hidden[i], 1}, (const activation[]){ACT_TANH, ACT_NONE}, FINE, &rng);
        /* spread the units' centres over the interval: b_j ~ U(-3,3) |w_j| puts unit j's steepest point inside it */
        for (int j = 0; j < hidden[i]; j++) m.layer[0].b.data[j] = (6 * wb_rng_uniform(&rng) - 3) * fabsf(m.layer[0].W.data[j]);
        double t0 = wb_seconds();
        float loss = fit_1d(&m, x, y, N, steps, 0.2f);
        printf("  h = %-3d  mse %.5f   (%.1f s)\n", hidden[i], loss, wb_seconds() - t0);
        mlp_forward(&m, fx, FINE);
        for (int k = 0; k < FINE; k++) fits[i][k] = mlp_output(&m)[k];
        snprintf(labels[i], sizeof labels[i], "h = %d", hidden[i]);
        s[i + 1] = (wb_series){.label = labels[i], .x = fx, .y = fits[i], .n = FINE};
        mlp_free(&m);
    }
    wb_plot_opts o = {.title = "one hidden layer of h tanh units", .xlabel = "x", .ylabel = "y"};
    if (wb_plot_png("build/week05/approx.png", &o, s, 5) == 0) printf("  wrote build/week05/approx.png\n");
    wb_plot_term(&o, s, 5);
}

int main(void) {
    if (wb_mkdir_parents("build/week05/x") != 0) { fprintf(stderr, "%s\n", wb_last_error()); return 1; }
    information();
    initialisation(ACT_TANH, "build/week05/init_tanh.png");
    initialisation(ACT_RELU, "build/week05/init_relu.png");
    approximation();
    return 0;
}
