/* driver.c — `make week06 run`: train the MNIST classifier with a dashboard.
 *
 *     make week06 run                     DATA=sample (the committed 2,000 digits) unless MNIST is fetched
 *     make week06 run DATA=mnist          the full 60,000 (make data fetches them), about a minute
 *     make week06 run DATA=fashion        Fashion-MNIST: clothes instead of digits
 *     EPOCHS=3 make week06 run            fewer epochs (also HIDDEN=256, BATCH=64, LR=0.1)
 *
 * It prints the model summary, a progress bar per epoch with live loss and accuracy curves under
 * it, the test accuracy and the confusion matrix; and writes under build/week06/:
 *     loss.png, accuracy.png    the training curves (train and validation)
 *     confusion.png             the test set's confusion matrix as a heat map
 *     misclassified.png         test images it gets wrong, "p" its prediction, "t" the truth
 *     weights.png               what the first layer's hidden units look for, one 28x28 tile each
 *     <data>.model              the trained network (model_save), reloaded and checked at the end
 */
#include "week06.h"

#include "dashboard.h"
#include "dataset.h"
#include "draw.h"
#include "heatmap.h"
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#define OUT "build/week06"

static const char *const digit_names[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
static const char *const fashion_names[10] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal", "Shirt", "Sneaker", "Bag", "Boot"};

/* A setting from the environment (EPOCHS=3 ...), or the default. */

/* ---- the live part: a progress bar per epoch, the curves redrawn under the log ---- */
typedef struct dash {
    wb_progress bar;
    wb_dashboard curves;
    int max_epochs;
} dash;

static void on_batch(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    dash *d = ctx;
    if (batch == 1) {
        char label[48];
        wb_dashboard_clear(&d->curves);
        snprintf(label, sizeof label, "epoch %d/%d", epoch, d->max_epochs);
        wb_progress_start(&d->bar, label, nbatches);
    }
    wb_progress_update(&d->bar, batch, "loss %.4f acc %5.2f%%", loss, 100 * acc);
}

static void on_epoch(void *ctx, const train_history *h) {
    dash *d = ctx;
    const epoch_log *e = &h->epochs[h->n - 1];
    wb_progress_finish(&d->bar, "loss %.4f acc %5.2f%% | val loss %.4f acc %5.2f%%%s", e->train_loss,
                       100 * e->train_acc, e->val_loss, 100 * e->val_acc, h->best == h->n - 1 ? " *" : "");
    wb_dashboard_add(&d->curves, e->train_loss, e->val_loss, e->train_acc, e->val_acc);
}

/* ---- the pictures ---- */
static void print_confusion(const int *counts, const char *const *names) {
    printf("\nConfusion matrix on the test set (rows: true class, columns: predicted)\n%9s", "");
    for (int p = 0; p < 10; p++) printf(" %5.5s", names[p]);
    printf("  recall\n");
    for (int t = 0; t < 10; t++) {
        int sum = 0;
        printf("%9.9s", names[t]);
        for (int p = 0; p < 10; p++) printf(" %5d", counts[t * 10 + p]), sum += counts[t * 10 + p];
        printf("  %5.1f%%\n", sum ? 100.0 * counts[t * 11] / sum : 0.0);
    }
}

static void write_confusion_png(const int *counts, const char *const *names, const char *data) {
    float v[100];
    for (int i = 0; i < 100; i++) v[i] = (float)counts[i];
    char title[96];
    snprintf(title, sizeof title, "confusion matrix, %s test set", data);
    wb_heatmap_opts o = {.title = title, .row_title = "true", .col_title = "predicted", .fmt = "%.0f",
                         .row_normalize = 1, .row_labels = names, .col_labels = names,
                         .cell = names == fashion_names ? 60 : 44};
    if (wb_heatmap_png(OUT "/confusion.png", v, 10, 10, &o) != 0) fprintf(stderr, "%s\n", wb_last_error());
}

/* The first 24 test images the network gets wrong, captioned "p<prediction> t<truth>", in 6
   columns at 4x: large enough to read on a slide. Returns how many it gets wrong in all. */
static int write_misclassified(const wb_tensor *x, const uint8_t *y, const int *pred, int n) {
    enum { MAX = 24 };
    static char text[MAX][16];
    const char *captions[MAX];
    uint32_t colours[MAX];
    float *tiles = wb_malloc((size_t)MAX * 784 * sizeof *tiles);
    int k = 0, wrong = 0;
    for (int i = 0; i < n; i++) {
        if (pred[i] == y[i]) continue;
        wrong++;
        if (k == MAX) continue;
        memcpy(tiles + (size_t)k * 784, x->data + (size_t)i * 784, 784 * sizeof *tiles);
        snprintf(text[k], sizeof text[k], "p%d t%d", pred[i], y[i]);
        captions[k] = text[k];
        colours[k] = WB_RGB(255, 120, 100);
        k++;
    }
    if (k > 0) {
        wb_image g = wb_image_grid_captioned(tiles, k, 28, 28, 6, 4, WB_GRID_CLAMP, captions, colours);
        if (wb_png_write(OUT "/misclassified.png", &g) != 0) fprintf(stderr, "%s\n", wb_last_error());
        wb_image_free(&g);
    }
    free(tiles);
    return wrong;
}

/* ---- the run, step by step (main, at the bottom, reads as the table of contents) ---- */
/* What the steps share: the data, the settings and the network. */
typedef struct run {
    const char *data;          /* the data set's name (DATA=...) */
    wb_tensor x, xt;           /* training images (n,28,28), test images (nt,28,28) */
    uint8_t *y, *yt;           /* their labels (n), (nt) */
    int n, nt;
    int full, fashion;         /* a full set (not the sample)? Fashion-MNIST? */
    const char *const *names;  /* the ten classes' names */
    int hidden;                /* hidden units */
    int sizes[3];              /* 784, hidden, 10 */
    activation acts[2];
    train_config cfg;
    mlp net;
    wb_split split;
} run;

/* Step 1: the training and test sets of DATA. 0, or -1 with a message (wb_last_error). */
static int load_data(run *r) {
    r->data = wb_dataset_choose(NULL);
    if (wb_dataset_load(r->data, "train", &r->x, &r->y, &r->n) != 0 ||
        wb_dataset_load(r->data, "test", &r->xt, &r->yt, &r->nt) != 0)
        return -1;
    r->full = r->n > 10000, r->fashion = strstr(r->data, "fashion") != NULL;
    r->names = r->fashion ? fashion_names : digit_names;
    printf("Data: %s, %d training and %d test images of 28x28 pixels\n\n", r->data, r->n, r->nt);
    return 0;
}

/* Step 2: the settings, sized to the data unless EPOCHS, BATCH, HIDDEN or LR say otherwise.
   The full sets get a wide hidden layer (512 units: LeCun et al.'s 800 reach the same accuracy
   here, in half again the time); the 2,000-image sample a small one, which is all its 1,800
   training examples can support. 0, or -1 with a message on stderr. */
static int read_settings(run *r) {
    int full = r->full;
    r->hidden = (int)wb_setting("HIDDEN", full ? 512 : 128);
    r->cfg = (train_config){.batch_size = (int)wb_setting("BATCH", full ? 128 : 32),
                            .max_epochs = (int)wb_setting("EPOCHS", full ? 32 : 30),
                            .patience = 5,
                            .momentum = 0.9f,
                            .lr = {.lr0 = (float)wb_setting("LR", full ? 0.1 : 0.05), .decay = 0.5f,
                                   .every = full ? 4 : 8},
                            .seed = 1};
    if (r->cfg.max_epochs < 1 || r->cfg.max_epochs > MAX_EPOCHS || r->cfg.batch_size < 1 || r->hidden < 1) {
        fprintf(stderr, "week06: EPOCHS must be 1..%d, BATCH and HIDDEN positive\n", MAX_EPOCHS);
        return -1;
    }
    return 0;
}

/* Step 3: the network, 784-hidden-10 with a ReLU, and its summary. */
static void build_network(run *r) {
    wb_rng rng;
    wb_rng_seed(&rng, 2024);
    r->sizes[0] = 784, r->sizes[1] = r->hidden, r->sizes[2] = 10;
    r->acts[0] = ACT_RELU, r->acts[1] = ACT_NONE;
    mlp_init(&r->net, 2, r->sizes, r->acts, r->cfg.batch_size > 500 ? r->cfg.batch_size : 500, &rng);
    model_summary(&r->net, stdout);
}

/* Step 4: train on 90% of the training set with early stopping on the other 10%, with a progress
   bar and the live curves (d). The history, or NULL when fit ran no epoch (train.c unwritten). */
static train_history *train(run *r, dash *d) {
    const train_config *cfg = &r->cfg;
    wb_split_make(&r->split, r->n, 0.1f, 42);
    printf("\nTraining on %d images, validating on %d held out; batch %d, SGD momentum %.2g, learning rate "
           "%.3g halved every %d epochs, early stopping after %d epochs without a better validation loss\n\n",
           r->split.n_train, r->split.n_val, cfg->batch_size, (double)cfg->momentum, (double)cfg->lr.lr0,
           cfg->lr.every, cfg->patience);
    char title[96];
    snprintf(title, sizeof title, "%s 784-%d-10", r->data, r->hidden);
    wb_dashboard_init(&d->curves, OUT, title);
    train_hooks hooks = {on_batch, on_epoch, d};
    train_history *h = wb_malloc(sizeof *h);
    double t0 = wb_seconds();
    fit(&r->net, &r->x, r->y, &r->split, cfg, &hooks, h);
    double train_seconds = wb_seconds() - t0;
    if (h->n == 0) {
        fprintf(stderr, "week06: fit() ran no epochs: the training loop is not written yet (make week06 test)\n");
        free(h);
        return NULL;
    }
    if (!d->curves.live) wb_dashboard_show(&d->curves);
    const epoch_log *best = &h->epochs[h->best];
    printf("\nTrained %d epochs in %.1f s; kept epoch %d (validation loss %.4f, accuracy %.2f%%)\n", h->n,
           train_seconds, best->epoch, best->val_loss, 100 * best->val_acc);
    return h;
}

/* Step 5: the test set's accuracy and confusion matrix, and the dashboard's pictures (curves,
   confusion matrix, misclassified digits, first-layer weights). Returns how many are wrong. */
static int test_and_draw(run *r, dash *d, int kept_epoch, eval_result *test) {
    int nt = r->nt, *pred = wb_malloc((size_t)nt * sizeof *pred), counts[100];
    *test = evaluate(&r->net, &r->xt, r->yt, NULL, nt, pred);
    printf("Test accuracy: %.2f%% (%d of %d), test loss %.4f\n", 100 * test->accuracy,
           (int)(test->accuracy * nt + 0.5f), nt, test->loss);
    confusion_matrix(r->yt, NULL, pred, nt, 10, counts);
    print_confusion(counts, r->names);

    /* the curves with the epoch early stopping kept marked on them */
    char kept[32];
    snprintf(kept, sizeof kept, "kept: epoch %d", kept_epoch);
    wb_dashboard_mark(&d->curves, kept_epoch, kept);
    wb_dashboard_png(&d->curves);
    write_confusion_png(counts, r->names, r->data);
    int wrong = write_misclassified(&r->xt, r->yt, pred, nt);
    int units = r->hidden < 100 ? r->hidden : 100;
    wb_image wimg = wb_image_grid_captioned(r->net.layer[0].W.data, units, 28, 28, 10, 2, WB_GRID_RESCALE, NULL, NULL);
    if (wb_png_write(OUT "/weights.png", &wimg) != 0) fprintf(stderr, "%s\n", wb_last_error());
    wb_image_free(&wimg);
    free(pred);
    return wrong;
}

/* Step 6: save, load into a fresh network, and check it is the same classifier (test: the trained
   network's score). 0, or -1 with a message (wb_last_error). */
static int save_and_reload(run *r, const eval_result *test) {
    char path[128];
    snprintf(path, sizeof path, OUT "/%s.model", r->data);
    mlp again;
    wb_rng rng;
    wb_rng_seed(&rng, 7);
    mlp_init(&again, 2, r->sizes, r->acts, 500, &rng);
    if (model_save(&r->net, path) != 0 || model_load(&again, path) != 0) {
        mlp_free(&again);
        return -1;
    }
    eval_result reload = evaluate(&again, &r->xt, r->yt, NULL, r->nt, NULL);
    printf("\nSaved %s; reloaded, it scores %.2f%% on the test set%s\n", path, 100 * reload.accuracy,
           reload.accuracy == test->accuracy ? " (the same)" : " (DIFFERENT: the save or the load is wrong)");
    mlp_free(&again);
    return 0;
}

/* Step 7: what was written, and the time it all took. */
static void report(const run *r, int wrong, double start) {
    printf("Wrote %s/: loss.png accuracy.png (curves), confusion.png, misclassified.png (%d wrong; "
           "p = predicted, t = true), weights.png (first layer)\n", OUT, wrong);
    if (r->fashion) {
        printf("Classes:");
        for (int c = 0; c < 10; c++) printf(" %d %s%s", c, fashion_names[c], c < 9 ? "," : "\n");
    }
    printf("Total time %.1f s\n", wb_seconds() - start);
}

static void run_free(run *r) {
    wb_split_free(&r->split);
    mlp_free(&r->net);
    free(r->y);
    free(r->yt);
    wb_tensor_free(&r->x);
    wb_tensor_free(&r->xt);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0); /* results (stdout) and progress (stderr) stay in order in a log */
    double start = wb_seconds();
    run r = {0};
    if (load_data(&r) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    if (read_settings(&r) != 0) return 2;
    build_network(&r);
    dash d = {.max_epochs = r.cfg.max_epochs};
    train_history *h = train(&r, &d);
    if (!h) return 1;
    eval_result test;
    int wrong = test_and_draw(&r, &d, h->epochs[h->best].epoch, &test);
    int status = save_and_reload(&r, &test);
    if (status == 0) report(&r, wrong, start);
    else fprintf(stderr, "%s\n", wb_last_error());
    free(h);
    wb_dashboard_free(&d.curves);
    run_free(&r);
    return status == 0 ? 0 : 1;
}
