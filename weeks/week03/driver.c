/* driver.c — `make week03 run`: your autoencoders and your PCA at work.
 *
 *  1. The 8-3-8 encoder: trains, prints the loss as it goes and the table of hidden codes, and
 *     writes build/week03/loss_838.png.
 *  2. Digits (DATA=sample|mnist|fashion, default: MNIST if fetched, else the sample), first 10,000
 *     training images: PCA with k = 2 and an autoencoder with a 2-unit code; both sets of
 *     2-D codes as scatter plots coloured by digit (build/week03/codes_pca.png, codes_ae.png).
 *  3. A linear autoencoder with k = 16 against PCA's error with 16 components
 *     (build/week03/loss_linear_ae.png): it approaches PCA from above and cannot beat it.
 *  4. A denoising autoencoder (k = 64, half the pixels masked): its loss curve
 *     (loss_denoise.png) and clean / corrupted / reconstructed digits (denoise.png).
 */
#include "week03.h"
#include "dataset.h"
#include "wb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week03/"

/* Each training below is sized for 10,000 images; a smaller data set (DATA=sample: 2,000) gets more
   epochs, so that every run takes about the same number of steps. */
static int epochs_for(int base, int n) { return base * ((10000 + n - 1) / n); }

static void plot_curve(const char *path, const char *title, const char *ylabel, const wb_series *s, int ns, int logy) {
    wb_plot_opts o = {.title = title, .xlabel = s[0].n > 200 ? "step" : "epoch", .ylabel = ylabel, .logy = logy};
    if (wb_plot_png(path, &o, s, ns) == 0) printf("wrote %s\n", path);
}

/* ---- 1. the 8-3-8 encoder ---------------------------------------------------------------------- */
static void encoder_838(void) {
    enum { STEPS = 5000 };
    printf("== 1. The 8-3-8 encoder: 8 one-hot patterns through 3 sigmoid units ==\n");
    float X[64] = {0}, H[24], Y[64];
    for (int i = 0; i < 8; i++) X[i * 8 + i] = 1;
    wb_rng rng;
    wb_rng_seed(&rng, 2);
    sae ae;
    sae_init(&ae, 8, 3, SAE_SIGMOID, SAE_SIGMOID, 0.5f, &rng);
    static float loss[STEPS];
    for (int step = 0; step < STEPS; step++) {
        loss[step] = sae_train_step(&ae, X, X, 8, 2.0f);
        if (step % 1000 == 0 || step == STEPS - 1) printf("step %5d  loss %.5f\n", step, loss[step]);
    }
    sae_forward(&ae, X, 8, H, Y);
    printf("\npattern  hidden code              rounded  reconstructed\n");
    int right = 0;
    for (int i = 0; i < 8; i++) {
        int best = 0;
        for (int c = 1; c < 8; c++) best = Y[i * 8 + c] > Y[i * 8 + best] ? c : best;
        right += best == i && Y[i * 8 + i] > 0.5f;
        printf("%d        %.3f  %.3f  %.3f      %d %d %d    %s (output %d = %.3f)\n", i, H[i * 3], H[i * 3 + 1],
               H[i * 3 + 2], H[i * 3] > 0.5f, H[i * 3 + 1] > 0.5f, H[i * 3 + 2] > 0.5f,
               best == i ? "yes" : "NO ", best, Y[i * 8 + best]);
    }
    printf("%d of 8 patterns reconstructed. The codes sit near the corners of the cube: a 3-bit code.\n\n", right);
    wb_series s = {.label = "8-3-8, full batch, lr 2", .y = loss, .n = STEPS};
    plot_curve(OUT "loss_838.png", "The 8-3-8 encoder", "cross-entropy", &s, 1, 1);
    sae_free(&ae);
}

/* ---- 2. 2-D codes of digits ------------------------------------------------------------------- */
/* One scatter series per digit class, from codes (n,2). */
static void scatter_codes(const char *path, const char *title, const float *codes, const uint8_t *y, int n) {
    /* plot.c's house style colours the ten classes apart, gives the legend large dots and writes
       each digit at its class's median code */
    static char names[10][16];
    wb_series s[10];
    float *xs = wb_malloc((size_t)n * sizeof *xs), *ys = wb_malloc((size_t)n * sizeof *ys);
    int at = 0;
    for (int c = 0; c < 10; c++) {
        int start = at;
        for (int i = 0; i < n; i++)
            if (y[i] == c) xs[at] = codes[2 * i], ys[at++] = codes[2 * i + 1];
        snprintf(names[c], sizeof names[c], "%d", c);
        s[c] = (wb_series){.label = names[c], .x = xs + start, .y = ys + start, .n = at - start, .style = "points"};
    }
    wb_plot_opts o = {.title = title, .xlabel = "code 1", .ylabel = "code 2", .width = 640, .height = 600};
    if (wb_plot_png(path, &o, s, 10) == 0) printf("wrote %s\n", path);
    free(ys);
    free(xs);
}

static void codes_2d(const float *X, const uint8_t *y, int n, int d) {
    printf("== 2. Two numbers per digit: PCA and an autoencoder (%d images) ==\n", n);
    wb_rng rng;
    wb_rng_seed(&rng, 3);
    float comps[2 * 784], vals[2], *mean = wb_malloc((size_t)d * sizeof *mean);
    float *codes = wb_malloc((size_t)n * 2 * sizeof *codes);
    if (pca_power_iteration(X, n, d, 2, comps, vals, &rng) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        exit(1);
    }
    pca_mean(X, n, d, mean);
    pca_project(X, n, d, mean, comps, 2, codes);
    printf("PCA: variances along the first two components %.3f and %.3f\n", vals[0], vals[1]);
    scatter_codes(OUT "codes_pca.png", "PCA: the first two principal components", codes, y, n);

    int epochs = epochs_for(15, n);
    sae ae;
    sae_init(&ae, d, 2, SAE_LINEAR, SAE_SIGMOID, 0.01f, &rng); /* sigmoid codes saturate at 0 or 1 here */
    for (int e = 0; e < epochs; e++) {
        float loss = sae_train_epoch(&ae, X, n, 32, 0.001f, 0.0f, &rng);
        if ((e + 1) % (epochs / 3) == 0 || e == 0) printf("autoencoder 784-2-784, epoch %2d: loss %.2f\n", e + 1, loss);
    }
    float *Y = wb_malloc((size_t)n * d * sizeof *Y);
    sae_forward(&ae, X, n, codes, Y);
    scatter_codes(OUT "codes_ae.png", "Autoencoder 784-2-784: its two code units", codes, y, n);
    printf("\n");
    free(Y);
    sae_free(&ae);
    free(codes);
    free(mean);
}

/* ---- 3. the linear autoencoder against PCA ---------------------------------------------------- */
static void linear_vs_pca(const float *X, int n, int d) {
    enum { K = 16 };
    int epochs = epochs_for(20, n);
    printf("== 3. A linear autoencoder with %d units against PCA with %d components ==\n", K, K);
    wb_rng rng;
    wb_rng_seed(&rng, 4);
    float *comps = wb_malloc((size_t)K * d * sizeof *comps), vals[K], *mean = wb_malloc((size_t)d * sizeof *mean);
    float *codes = wb_malloc((size_t)n * K * sizeof *codes), *Xhat = wb_malloc((size_t)n * d * sizeof *Xhat);
    if (pca_power_iteration(X, n, d, K, comps, vals, &rng) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        exit(1);
    }
    pca_mean(X, n, d, mean);
    pca_project(X, n, d, mean, comps, K, codes);
    pca_reconstruct(codes, n, K, d, mean, comps, Xhat);
    double err = 0;
    for (long i = 0; i < (long)n * d; i++) err += 0.5 * (Xhat[i] - X[i]) * (Xhat[i] - X[i]);
    float pca_loss = (float)(err / n);
    printf("PCA, %d components: half squared error per image %.3f\n", K, pca_loss);

    sae ae;
    sae_init(&ae, d, K, SAE_LINEAR, SAE_LINEAR, 0.01f, &rng);
    float *loss = wb_malloc((size_t)epochs * sizeof *loss), *epoch = wb_malloc((size_t)epochs * sizeof *epoch);
    float *pca_line = wb_malloc((size_t)epochs * sizeof *pca_line);
    for (int e = 0; e < epochs; e++) {
        loss[e] = sae_train_epoch(&ae, X, n, 32, 0.002f, 0.0f, &rng);
        epoch[e] = e + 1, pca_line[e] = pca_loss;
        if ((e + 1) % (epochs / 4) == 0 || e == 0) printf("linear autoencoder, epoch %2d: loss %.3f (PCA %.3f)\n", e + 1, loss[e], pca_loss);
    }
    wb_series s[] = {{.label = "linear autoencoder (training loss)", .x = epoch, .y = loss, .n = epochs},
                     {.label = "PCA, same k (the optimum)", .x = epoch, .y = pca_line, .n = epochs, .target = 1}};
    /* the two end 1% apart: the y axis shows the last 12% above PCA, where the difference is (the
       first epochs, far above, leave the top of the plot) */
    char note[96];
    snprintf(note, sizeof note, "after %d epochs: autoencoder %.2f, PCA %.2f", epochs, loss[epochs - 1], pca_loss);
    wb_plot_opts o = {.title = "Linear autoencoder, k = 16, against PCA (zoomed in on PCA's line)", .note = note,
                      .xlabel = "epoch", .ylabel = "half squared error per image", .ymin = 0.99f * pca_loss,
                      .ymax = 1.12f * pca_loss};
    if (wb_plot_png(OUT "loss_linear_ae.png", &o, s, 2) == 0) printf("wrote " OUT "loss_linear_ae.png\n");
    printf("\n");
    sae_free(&ae);
    free(pca_line), free(epoch), free(loss);
    free(Xhat), free(codes), free(mean), free(comps);
}

/* ---- 4. denoising ----------------------------------------------------------------------------- */
static void denoising(const float *X, int n, int d) {
    enum { K = 64, SHOW = 10 };
    int epochs = epochs_for(10, n);
    const float noise = 0.5f;
    printf("== 4. A denoising autoencoder: %d units, %.0f%% of the pixels masked ==\n", K, 100 * noise);
    wb_rng rng;
    wb_rng_seed(&rng, 5);
    sae ae;
    sae_init(&ae, d, K, SAE_SIGMOID, SAE_SIGMOID, 0.05f, &rng);
    float *loss = wb_malloc((size_t)epochs * sizeof *loss), *epoch = wb_malloc((size_t)epochs * sizeof *epoch);
    for (int e = 0; e < epochs; e++) {
        loss[e] = sae_train_epoch(&ae, X, n, 32, 0.05f, noise, &rng);
        epoch[e] = e + 1;
        if ((e + 1) % (epochs / 5) == 0 || e == 0) printf("epoch %3d: loss %.2f\n", e + 1, loss[e]);
    }
    wb_series s = {.label = "denoising autoencoder (training loss)", .x = epoch, .y = loss, .n = epochs};
    plot_curve(OUT "loss_denoise.png", "Denoising autoencoder, 784-64-784", "cross-entropy per image", &s, 1, 0);
    /* rows: clean, corrupted, reconstructed, for SHOW images not seen in this order */
    float *grid = wb_malloc((size_t)3 * SHOW * d * sizeof *grid), H[SHOW * K];
    memcpy(grid, X, (size_t)SHOW * d * sizeof *grid);
    sae_mask_noise(grid, grid + SHOW * d, (long)SHOW * d, noise, &rng);
    sae_forward(&ae, grid + SHOW * d, SHOW, H, grid + 2 * SHOW * d);
    static const char *const rows[3] = {"clean", "masked", "reconstructed"};
    if (wb_png_write_grid_rows(OUT "denoise.png", grid, 3 * SHOW, 28, 28, SHOW, WB_GRID_CLAMP, rows) == 0)
        printf("wrote " OUT "denoise.png (rows: clean, masked, reconstructed)\n");
    free(grid), free(epoch), free(loss);
    sae_free(&ae);
}

int main(void) {
    if (wb_mkdir_parents(OUT "x") != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    encoder_838();

    const char *name = wb_dataset_choose(NULL);
    wb_tensor images;
    uint8_t *labels;
    int n;
    if (wb_dataset_load(name, "train", &images, &labels, &n) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    int d = 28 * 28;
    if (n > 10000) n = 10000;
    printf("data set: %s, using %d training images\n\n", name, n);
    codes_2d(images.data, labels, n, d);
    linear_vs_pca(images.data, n, d);
    denoising(images.data, n, d);
    printf("Next: open the plots in build/week03/, then discuss: is an autoencoder supervised?\n");
    wb_tensor_free(&images);
    free(labels);
    return 0;
}
