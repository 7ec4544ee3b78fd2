/* driver.c — `make week04 run`: a deep autoencoder on MNIST against the honest baseline, PCA.
 *
 *   make week04 run                 full MNIST when fetched (`make data`), else the committed sample
 *   make week04 run DATA=fashion    Fashion-MNIST (DATA=sample: the 2,000-image sample)
 *   EPOCHS=3 K=16 make week04 run   fewer epochs, another bottleneck (defaults: 10 epochs, k = 32;
 *                                   on the sample, 60 epochs of its 2,000 images)
 *
 * What it does, with every result under build/week04/:
 *   1. PCA with k components on the training images (week 03's code), scored on the test images;
 *   2. the 784-256-128-k-128-256-784 autoencoder trained with Adam, scored on the same test images
 *      after every epoch: loss.png (training and test error per epoch, PCA as a line);
 *   3. reconstructions.png: ten test digits (one of each class), with the autoencoder's and PCA's
 *      reconstructions in the rows below;
 *   4. a second autoencoder with a 2-number code, and codes_k2.png: the test set's codes, coloured by
 *      digit (the picture PCA's first two components give is in codes_pca2.png, for comparison).
 * The score is the mean squared error per pixel on the test set; lower is better.
 */
#include "dataset.h"
#include "batch.h"
#include "week03.h"
#include "week04.h"

#include <stdio.h>
#include <stdlib.h>

#define D 784
#define BATCH 128

static int env_int(const char *name, int fallback) {
    const char *v = getenv(name);
    return v && atoi(v) > 0 ? atoi(v) : fallback;
}

/* The score: mean squared error per pixel of recon against x, n numbers. The driver keeps its own
   ruler rather than calling mse() from deep_ae.c, so a bug there cannot flatter either side. */
static double pixel_error(const float *recon, const float *x, long n) {
    double s = 0.0;
    for (long i = 0; i < n; i++) s += ((double)recon[i] - x[i]) * ((double)recon[i] - x[i]);
    return n > 0 ? s / n : 0.0;
}

/* The autoencoder's test error, in batches of its max_batch. */
static double ae_error(deep_ae *ae, const float *X, int n) {
    double total = 0.0;
    for (int i = 0; i < n; i += ae->max_batch) {
        int B = n - i < ae->max_batch ? n - i : ae->max_batch;
        deep_ae_forward(ae, X + (size_t)i * D, B);
        total += pixel_error(deep_ae_output(ae), X + (size_t)i * D, (long)B * D) * B;
    }
    return n > 0 ? total / n : 0.0;
}

/* The test error of PCA with k components fitted on train: reconstructions of test into recon. */
static double pca_baseline(const wb_tensor *train, int ntrain, const wb_tensor *test, int ntest, int k,
                           float *recon, float *codes) {
    float *comps = wb_malloc((size_t)k * D * sizeof *comps), *eig = wb_malloc((size_t)k * sizeof *eig);
    float mean[D];
    wb_rng rng;
    wb_rng_seed(&rng, 3);
    if (pca_power_iteration(train->data, ntrain, D, k, comps, eig, &rng) != 0) wb_die("PCA: %s", wb_last_error());
    pca_mean(train->data, ntrain, D, mean);
    pca_project(test->data, ntest, D, mean, comps, k, codes);
    pca_reconstruct(codes, ntest, k, D, mean, comps, recon);
    free(comps);
    free(eig);
    return pixel_error(recon, test->data, (long)ntest * D);
}

/* Train an autoencoder with a k-number code for `epochs` epochs; the per-epoch errors go into
   train_err and test_err when they are not NULL. */
static void train(deep_ae *ae, int k, int epochs, const wb_tensor *x, int n, const wb_tensor *test, int ntest,
                  float *train_err, float *test_err) {
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    deep_ae_init(ae, D, 2, (const int[]){256, 128}, k, BATCH, &rng);
    adam opt;
    adam_init(&opt, (long)ae->params.size, 1e-3f);
    wb_batches it;
    wb_batches_init(&it, NULL, n, BATCH, 7);
    wb_tensor xb = WB_TENSOR(BATCH, D);
    int steps = (n + BATCH - 1) / BATCH;
    for (int e = 0; e < epochs; e++) {
        char label[48];
        snprintf(label, sizeof label, "k=%d epoch %d/%d", k, e + 1, epochs);
        wb_progress p;
        wb_progress_start(&p, label, steps);
        const int *idx;
        int b, step = 0;
        double sum = 0;
        while ((b = wb_batches_next(&it, &idx)) > 0) {
            wb_batch_gather(x, NULL, idx, b, &xb, NULL);
            sum += deep_ae_train_step(ae, &opt, xb.data, b) * b;
            step++;
            wb_progress_update(&p, step, "mse %.5f", sum / ((double)step * BATCH));
        }
        double te = ae_error(ae, test->data, ntest);
        wb_progress_finish(&p, "train mse %.5f  test mse %.5f", sum / n, te);
        if (train_err) train_err[e] = (float)(sum / n);
        if (test_err) test_err[e] = (float)te;
    }
    wb_tensor_free(&xb);
    wb_batches_free(&it);
    adam_free(&opt);
}

/* Codes (n,2) as a scatter plot, one colour per digit. */
static void scatter_codes(const char *path, const char *title, const float *codes, int stride, const uint8_t *y, int n) {
    float *xs = wb_malloc((size_t)n * sizeof *xs), *ys = wb_malloc((size_t)n * sizeof *ys);
    wb_series s[10];
    static const char *const names[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    /* plot.c's house style colours the ten classes apart, gives the legend large dots and writes
       each digit at its class's median code */
    int at = 0;
    for (int c = 0; c < 10; c++) {
        s[c] = (wb_series){.label = names[c], .x = xs + at, .y = ys + at, .style = "points"};
        for (int i = 0; i < n; i++)
            if (y[i] == c) xs[at] = codes[(size_t)i * stride], ys[at] = codes[(size_t)i * stride + 1], at++;
        s[c].n = (int)(xs + at - s[c].x);
    }
    wb_plot_opts o = {.title = title, .xlabel = "code 1", .ylabel = "code 2", .width = 640, .height = 600};
    if (wb_plot_png(path, &o, s, 10) == 0) printf("wrote %s\n", path);
    free(xs);
    free(ys);
}

/* ---- the run, step by step (main, at the bottom, reads as the table of contents) ---- */
/* What the steps share: the data, the settings, and PCA's results to compare against. */
typedef struct run {
    const char *name;              /* the data set (DATA=...) */
    wb_tensor train_x, test_x;     /* (ntrain,28,28), (ntest,28,28) images in [0,1] */
    uint8_t *train_y, *test_y;     /* their labels (ntrain), (ntest) */
    int ntrain, ntest;
    int k, epochs;                 /* the bottleneck's size, the autoencoder's epochs */
    float *pca_recon;              /* (ntest,D) PCA's reconstructions of the test images */
    float *pca_codes;              /* (ntest,max(k,2)) their PCA codes */
    double pca_err;                /* PCA's test error, mean squared error per pixel */
} run;

/* Step 0: build/week04/ for the pictures, the data, and the settings (K, EPOCHS, sized to the
   data). 0, or -1 with a message (wb_last_error). */
static int load_data(run *r) {
    r->name = wb_dataset_choose(NULL);
    if (wb_mkdir_parents("build/week04/x") != 0 ||
        wb_dataset_load(r->name, "train", &r->train_x, &r->train_y, &r->ntrain) != 0 ||
        wb_dataset_load(r->name, "test", &r->test_x, &r->test_y, &r->ntest) != 0)
        return -1;
    int sample = r->ntrain < 10000;
    r->k = env_int("K", 32), r->epochs = env_int("EPOCHS", sample ? 60 : 10);
    printf("data: %s, %d training and %d test images; bottleneck k = %d, %d epochs\n", r->name, r->ntrain,
           r->ntest, r->k, r->epochs);
    return 0;
}

/* Step 1: the baseline, PCA with k components (week 03's code). */
static void pca_step(run *r) {
    int k = r->k, ntest = r->ntest;
    double t0 = wb_seconds();
    r->pca_recon = wb_malloc((size_t)ntest * D * sizeof(float));
    r->pca_codes = wb_malloc((size_t)ntest * (k > 2 ? k : 2) * sizeof(float));
    r->pca_err = pca_baseline(&r->train_x, r->ntrain, &r->test_x, ntest, k, r->pca_recon, r->pca_codes);
    printf("PCA, k = %d: test mse %.5f per pixel (%.1f s)\n", k, r->pca_err, wb_seconds() - t0);
}

/* loss.png and the terminal: the autoencoder's errors per epoch (train_err, test_err: (epochs)),
   with PCA's as a line. */
static void plot_errors(const run *r, const float *train_err, const float *test_err) {
    int epochs = r->epochs;
    double pca_err = r->pca_err;
    float *epoch_no = wb_malloc((size_t)epochs * sizeof(float)), pca_x[2] = {1, (float)epochs};
    float pca_y[2] = {(float)pca_err, (float)pca_err};
    for (int e = 0; e < epochs; e++) epoch_no[e] = (float)(e + 1);
    wb_series curves[3] = {
        {.label = "autoencoder, training", .x = epoch_no, .y = train_err, .n = epochs, .style = "linespoints"},
        {.label = "autoencoder, test", .x = epoch_no, .y = test_err, .n = epochs, .style = "linespoints"},
        {.label = "PCA, test (the baseline)", .x = pca_x, .y = pca_y, .n = 2, .target = 1},
    };
    wb_plot_opts o = {.title = "reconstruction error", .xlabel = "epoch", .ylabel = "mean squared error per pixel", .logy = 1};
    if (wb_plot_png("build/week04/loss.png", &o, curves, 3) == 0) printf("wrote build/week04/loss.png\n");
    wb_plot_term(&o, curves, 3);
    free(epoch_no);
}

/* Step 2: the k-code autoencoder, trained and scored against PCA after every epoch. */
static void autoencoder_step(run *r, deep_ae *ae) {
    int k = r->k, epochs = r->epochs;
    double pca_err = r->pca_err;
    float *train_err = wb_malloc((size_t)epochs * sizeof(float)), *test_err = wb_malloc((size_t)epochs * sizeof(float));
    double t0 = wb_seconds();
    train(ae, k, epochs, &r->train_x, r->ntrain, &r->test_x, r->ntest, train_err, test_err);
    double seconds = wb_seconds() - t0;
    double ae_err = ae_error(ae, r->test_x.data, r->ntest);
    printf("\ntest reconstruction error (mean squared error per pixel), k = %d:\n", k);
    printf("  PCA           %.5f\n  autoencoder   %.5f   (%d epochs, %.0f s)\n", pca_err, ae_err, epochs, seconds);
    printf(ae_err < pca_err ? "  the autoencoder wins by a factor of %.2f\n"
                            : "  PCA wins (by %.2f): train longer (EPOCHS=...) or on more data (make data)\n",
           ae_err < pca_err ? pca_err / ae_err : ae_err / pca_err);
    plot_errors(r, train_err, test_err);
    free(train_err);
    free(test_err);
}

/* Step 3: ten test digits, one of each class: originals, autoencoder, PCA (reconstructions.png). */
static void reconstructions_step(const run *r, deep_ae *ae) {
    int ntest = r->ntest;
    const uint8_t *test_y = r->test_y;
    const wb_tensor test_x = r->test_x; /* a view of the run's test images */
    const float *pca_recon = r->pca_recon;
    float *grid = wb_malloc(30 * D * sizeof(float));
    for (int c = 0; c < 10; c++) {
        int i = 0;
        while (i < ntest - 1 && test_y[i] != c) i++;
        deep_ae_forward(ae, test_x.data + (size_t)i * D, 1);
        for (int p = 0; p < D; p++) {
            grid[c * D + p] = test_x.data[(size_t)i * D + p];
            grid[(10 + c) * D + p] = deep_ae_output(ae)[p];
            grid[(20 + c) * D + p] = pca_recon[(size_t)i * D + p];
        }
    }
    static const char *const rows[3] = {"test digit", "autoencoder", "PCA"};
    if (wb_png_write_grid_rows("build/week04/reconstructions.png", grid, 30, 28, 28, 10, WB_GRID_CLAMP, rows) == 0)
        printf("wrote build/week04/reconstructions.png (rows: test digits, autoencoder, PCA)\n");
    else
        fprintf(stderr, "%s\n", wb_last_error());
    free(grid);
}

/* Step 4: a second autoencoder with a 2-number code, and PCA's first two components for
   comparison (codes_k2.png, codes_pca2.png). */
static void two_number_codes_step(run *r) {
    int ntest = r->ntest, epochs = r->epochs;
    const wb_tensor test_x = r->test_x; /* a view of the run's test images */
    deep_ae ae;
    int epochs2 = env_int("EPOCHS2", epochs < 5 ? epochs : 5);
    train(&ae, 2, epochs2, &r->train_x, r->ntrain, &r->test_x, ntest, NULL, NULL);
    float *codes = wb_malloc((size_t)ntest * 2 * sizeof(float));
    for (int i = 0; i < ntest; i += BATCH) {
        int b = ntest - i < BATCH ? ntest - i : BATCH;
        deep_ae_forward(&ae, test_x.data + (size_t)i * D, b);
        for (int j = 0; j < 2 * b; j++) codes[(size_t)i * 2 + j] = deep_ae_code(&ae)[j];
    }
    printf("k = 2: autoencoder test mse %.5f, ", ae_error(&ae, test_x.data, ntest));
    printf("PCA test mse %.5f\n", pca_baseline(&r->train_x, r->ntrain, &r->test_x, ntest, 2, r->pca_recon, r->pca_codes));
    scatter_codes("build/week04/codes_k2.png", "autoencoder codes, k = 2 (test set)", codes, 2, r->test_y, ntest);
    scatter_codes("build/week04/codes_pca2.png", "PCA, first two components (test set)", r->pca_codes, 2, r->test_y, ntest);
    deep_ae_free(&ae);
    free(codes);
}

static void run_free(run *r) {
    free(r->pca_recon);
    free(r->pca_codes);
    wb_tensor_free(&r->train_x);
    wb_tensor_free(&r->test_x);
    free(r->train_y);
    free(r->test_y);
}

int main(void) {
    run r = {0};
    if (load_data(&r) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    pca_step(&r);
    deep_ae ae;
    autoencoder_step(&r, &ae);
    reconstructions_step(&r, &ae);
    deep_ae_free(&ae);
    two_number_codes_step(&r);
    run_free(&r);
    return 0;
}
