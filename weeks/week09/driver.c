/* driver.c — `make week09 run`: train LeNet-5 with the week 06 dashboard, then look inside it.
 *
 *     make week09 run                    DATA=mnist if fetched (make data), else the 2,000-digit sample
 *     make week09 run DATA=fashion       Fashion-MNIST: clothes instead of digits
 *     EPOCHS=3 make week09 run           fewer epochs (also BATCH=64, LR=1e-3, GAMMA=0.8, DROP=0.25;
 *                                        Fashion-MNIST: LR=2e-3, GAMMA=0.85, DROP=0.1)
 *     RESUME=1 make week09 run           after Ctrl-C: carry on from the checkpoint it saved
 *
 * Training: Adam (week 07) at LR, multiplied by GAMMA after every epoch (week 07's lr_exponential),
 * dropout DROP after fc1 and fc2, batches of BATCH, 10% of the training set held out for the curves.
 * It prints the summary, a progress bar per epoch with the curves under it, the test accuracy and
 * the confusion matrix, and writes under build/week09/:
 *     loss.png, accuracy.png          training curves (train and validation)
 *     confusion.png, misclassified.png
 *     filters.png                     conv1's six 5x5 kernels
 *     maps-input.png, maps-conv1.png, maps-pool1.png, maps-conv2.png, maps-pool2.png
 *                                     the feature maps of every layer for one test image (DIGIT=index)
 *     saliency.png                    ten test images, |d score / d pixel| for their true class, and
 *                                     SmoothGrad (the same averaged over noisy copies)
 *     excite.png                      for six conv2 channels, the 8 test images that excite it most
 *     <data>.ckpt                     the checkpoint (every epoch, and on Ctrl-C)
 * and the trained network to build/results/week09-lenet-<data>.model (week 13 loads the MNIST one:
 * week09.h, lenet_load).
 */
#include "week09.h"

#include "checkpoint.h"
#include "interrupt.h"
#include "settings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OUT "build/week09"

static const char *const digit_names[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
static const char *const fashion_names[10] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal", "Shirt", "Sneaker", "Bag", "Boot"};


/* "9.12 8.40 7.95" from /proc/loadavg, or "?" */
static const char *load_average(void) {
    static char buf[64] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    double a, b, c;
    if (f && fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3) snprintf(buf, sizeof buf, "%.2f %.2f %.2f", a, b, c);
    if (f) fclose(f);
    return buf;
}


/* ---- the checkpoint: everything the loop needs to carry on exactly where it stopped ---- */
typedef struct run_state {
    int epoch, pos;                /* the epoch being run (0-based), the next batch's position in it */
    double loss_sum, right, seen;  /* this epoch's running totals */
    int n_hist;
    float hist[4][MAX_EPOCHS];     /* train loss, val loss, train acc, val acc per finished epoch */
} run_state;

/* Save, or load, the checkpoint (checkpoint.h): the loop's state, Adam's step count and moments,
   the network's random generator (dropout) and parameters. */
static int checkpoint(const char *path, int save, lenet *net, optimizer *opt, run_state *s) {
    const size_t n = net->nparams * sizeof(float);
    wb_ckpt_part parts[] = {{"the loop's state", s, sizeof *s},
                            {"Adam's step count", &opt->t, sizeof opt->t},
                            {"the dropout generator", &net->rng, sizeof net->rng},
                            {"the parameters", net->params, n},
                            {"Adam's first moments", opt->m, n},
                            {"Adam's second moments", opt->v, n}};
    const int np = (int)(sizeof parts / sizeof *parts);
    if (save) return wb_ckpt_save(path, "WB9C", parts, np);
    if (wb_ckpt_load(path, "WB9C", parts, np) != 0) return -1;
    if (s->epoch < 0 || s->pos < 0 || s->n_hist < 0 || s->n_hist > MAX_EPOCHS || opt->t < 0)
        return wb_fail("%s: damaged (epoch %d, batch position %d, %d epochs of history)", path,
                       s->epoch, s->pos, s->n_hist);
    return 0;
}

/* ---- the pictures ---- */
static void write_png(const char *path, wb_image *g) {
    if (wb_png_write(path, g) != 0) fprintf(stderr, "%s\n", wb_last_error());
    wb_image_free(g);
}

static void write_confusion(const int *counts, const char *const *names, const char *data) {
    float v[100];
    for (int i = 0; i < 100; i++) v[i] = (float)counts[i];
    char title[96];
    snprintf(title, sizeof title, "LeNet-5 confusion matrix, %s test set", data);
    wb_heatmap_opts o = {.title = title, .row_title = "true", .col_title = "predicted", .fmt = "%.0f",
                         .row_normalize = 1, .row_labels = names, .col_labels = names,
                         .cell = names == fashion_names ? 60 : 44};
    if (wb_heatmap_png(OUT "/confusion.png", v, 10, 10, &o) != 0) fprintf(stderr, "%s\n", wb_last_error());
}

static int write_misclassified(const float *x, const uint8_t *y, const int *pred, int n) {
    enum { MAX = 24 };
    static char text[MAX][16];
    const char *captions[MAX];
    uint32_t colours[MAX];
    float *tiles = wb_malloc((size_t)MAX * 784 * sizeof *tiles);
    int k = 0, wrong = 0;
    for (int i = 0; i < n; i++) {
        if (pred[i] == y[i]) continue;
        if (wrong++ >= MAX) continue;
        memcpy(tiles + (size_t)k * 784, x + (size_t)i * 784, 784 * sizeof *tiles);
        snprintf(text[k], sizeof text[k], "p%d t%d", pred[i], y[i]);
        captions[k] = text[k], colours[k] = WB_RGB(255, 120, 100), k++;
    }
    if (k > 0) {
        wb_image g = wb_image_grid_captioned(tiles, k, 28, 28, 6, 4, WB_GRID_CLAMP, captions, colours);
        write_png(OUT "/misclassified.png", &g);
    }
    free(tiles);
    return wrong;
}

/* one layer's maps (C,h,w) for one image, each stretched to its own range, about 112 pixels a tile */
static void write_maps(const char *name, const float *maps, int C, int h, int w, int cols) {
    static char text[16][16];
    const char *captions[16];
    for (int c = 0; c < C && c < 16; c++) snprintf(text[c], sizeof text[c], "ch %d", c), captions[c] = text[c];
    char path[256];
    snprintf(path, sizeof path, OUT "/maps-%s.png", name);
    int zoom = 112 / h;
    wb_image g = wb_image_grid_captioned(maps, C, h, w, cols, zoom < 1 ? 1 : zoom, WB_GRID_RESCALE,
                                         C > 1 ? captions : NULL, NULL);
    write_png(path, &g);
}

/* v /= max(v): each saliency map stretched to its own maximum (all of them are >= 0) */
static void stretch(float *v, int n) {
    float mx = 0;
    for (int i = 0; i < n; i++) mx = fmaxf(mx, v[i]);
    for (int i = 0; i < n; i++) v[i] = mx > 0 ? v[i] / mx : 0;
}

static void write_see(lenet *net, const float *xt, const uint8_t *yt, int nt, int digit) {
    const int H = net->cfg.H, HW = H * H;
    /* conv1's filters: 5x5 each, stretched to their own range (black most negative, white most positive) */
    static char fl[16][16];
    const char *fc[16];
    for (int c = 0; c < net->cfg.c1 && c < 16; c++) snprintf(fl[c], sizeof fl[c], "%d", c), fc[c] = fl[c];
    wb_image g = wb_image_grid_captioned(net->w.conv1_w, net->cfg.c1, 5, 5, net->cfg.c1, 20, WB_GRID_RESCALE, fc, NULL);
    write_png(OUT "/filters.png", &g);
    /* every layer's feature maps for one test image */
    const float *x = xt + (size_t)digit * HW;
    lenet_forward(net, x, 1, 0);
    write_maps("input", x, 1, H, H, 1);
    write_maps("conv1", net->a.r1, net->cfg.c1, H, H, net->cfg.c1);
    write_maps("pool1", net->a.p1, net->cfg.c1, net->P1, net->P1, net->cfg.c1);
    write_maps("conv2", net->a.r2, net->cfg.c2, net->S2, net->S2, 8);
    write_maps("pool2", net->a.p2, net->cfg.c2, net->P2, net->P2, 8);
    /* saliency of the true class for ten test images: the images; |d score / d pixel| (Simonyan et
       al.); and SmoothGrad (Smilkov et al. 2017), the mean |gradient| over 24 copies of the image
       with N(0, 0.1^2) noise added, which averages away the pixel-to-pixel noise of the gradient */
    enum { NS = 10, COPIES = 24 };
    float *tiles = wb_malloc((size_t)3 * NS * HW * sizeof *tiles), *noisy = wb_malloc(HW * sizeof *noisy);
    float *grad = wb_malloc(HW * sizeof *grad);
    wb_rng nr;
    wb_rng_seed(&nr, 5);
    for (int i = 0; i < NS && i < nt; i++) {
        const float *xi = xt + (size_t)i * HW;
        float *raw = tiles + (size_t)(NS + i) * HW, *smooth = tiles + (size_t)(2 * NS + i) * HW;
        memcpy(tiles + (size_t)i * HW, xi, HW * sizeof *tiles);
        saliency_map(net, xi, yt[i], raw);
        for (int p = 0; p < HW; p++) raw[p] = fabsf(raw[p]), smooth[p] = 0;
        for (int k = 0; k < COPIES; k++) {
            wb_rng_fill_normal(&nr, noisy, HW, 0.1f);
            for (int p = 0; p < HW; p++) noisy[p] += xi[p];
            saliency_map(net, noisy, yt[i], grad);
            for (int p = 0; p < HW; p++) smooth[p] += fabsf(grad[p]) / COPIES;
        }
        stretch(raw, HW), stretch(smooth, HW);
    }
    const char *rows[3] = {"image", "|gradient|", "SmoothGrad"};
    if (wb_png_write_grid_rows(OUT "/saliency.png", tiles, 3 * NS, H, H, NS, WB_GRID_CLAMP, rows) != 0)
        fprintf(stderr, "%s\n", wb_last_error());
    free(tiles), free(noisy), free(grad);
    /* the test images that most excite six of conv2's channels */
    enum { NCH = 6, K = 8 };
    float *score = wb_malloc((size_t)nt * sizeof *score), *ex = wb_malloc((size_t)NCH * K * HW * sizeof *ex);
    static char rl[NCH][24];
    const char *rcap[NCH];
    int idx[K];
    for (int ch = 0; ch < NCH && ch < net->cfg.c2; ch++) {
        channel_scores(net, xt, nt, ch, score);
        top_k(score, nt, K, idx);
        for (int k = 0; k < K; k++) memcpy(ex + (size_t)(ch * K + k) * HW, xt + (size_t)idx[k] * HW, HW * sizeof *ex);
        snprintf(rl[ch], sizeof rl[ch], "conv2 ch %d", ch), rcap[ch] = rl[ch];
    }
    if (wb_png_write_grid_rows(OUT "/excite.png", ex, NCH * K, H, H, K, WB_GRID_CLAMP, rcap) != 0)
        fprintf(stderr, "%s\n", wb_last_error());
    free(score), free(ex);
}

/* ---- the training loop ---- */
typedef struct run {
    lenet *net;
    optimizer *opt;
    const wb_tensor *x;
    const uint8_t *y;
    const wb_split *split;
    int batch, epochs;
    float lr0, gamma;
    wb_dashboard curves;
} run;

/* One epoch from s->pos on; 1 if it was interrupted (checkpoint saved), 0 when finished. */
static int run_epoch(run *r, run_state *s, int *order, const char *ckpt) {
    const int HW = r->net->cfg.H * r->net->cfg.H, n = r->split->n_train, nb = (n + r->batch - 1) / r->batch;
    memcpy(order, r->split->train, (size_t)n * sizeof *order);
    wb_rng shuf;
    wb_rng_seed(&shuf, 1000 + (uint64_t)s->epoch); /* each epoch's order depends on its number only */
    wb_rng_shuffle(&shuf, order, n);
    r->opt->lr = lr_exponential(s->epoch, r->lr0, r->gamma);
    float *xb = wb_malloc((size_t)r->batch * HW * sizeof *xb);
    int *lb = wb_malloc((size_t)r->batch * sizeof *lb), *pred = wb_malloc((size_t)r->batch * sizeof *pred);
    char label[48];
    snprintf(label, sizeof label, "epoch %d/%d", s->epoch + 1, r->epochs);
    wb_progress bar;
    wb_dashboard_clear(&r->curves);
    wb_progress_start(&bar, label, nb);
    for (; s->pos < n && !wb_interrupted(); s->pos += r->batch) {
        int B = n - s->pos < r->batch ? n - s->pos : r->batch;
        for (int i = 0; i < B; i++) {
            int e = order[s->pos + i];
            memcpy(xb + (size_t)i * HW, r->x->data + (size_t)e * HW, HW * sizeof *xb);
            lb[i] = r->y[e];
        }
        float loss = lenet_train_step(r->net, r->opt, xb, lb, B);
        argmax_rows(r->net->a.logits, B, r->net->cfg.classes, pred);
        for (int i = 0; i < B; i++) s->right += pred[i] == lb[i];
        s->loss_sum += (double)loss * B, s->seen += B;
        wb_progress_update(&bar, s->pos / r->batch + 1, "loss %.4f acc %5.2f%%", s->loss_sum / s->seen,
                           100 * s->right / s->seen);
    }
    free(xb), free(lb), free(pred);
    if (wb_interrupted()) {
        wb_progress_finish(&bar, "interrupted");
        return 1;
    }
    float *xv = wb_malloc((size_t)r->split->n_val * HW * sizeof *xv);
    uint8_t *yv = wb_malloc((size_t)r->split->n_val);
    for (int i = 0; i < r->split->n_val; i++) {
        memcpy(xv + (size_t)i * HW, r->x->data + (size_t)r->split->val[i] * HW, HW * sizeof *xv);
        yv[i] = r->y[r->split->val[i]];
    }
    eval_result v = lenet_evaluate(r->net, xv, yv, r->split->n_val, NULL);
    free(xv), free(yv);
    float tl = (float)(s->loss_sum / s->seen), ta = (float)(s->right / s->seen);
    wb_progress_finish(&bar, "loss %.4f acc %5.2f%% | val loss %.4f acc %5.2f%% | lr %.2g", tl, 100 * ta, v.loss,
                       100 * v.accuracy, (double)r->opt->lr);
    s->hist[0][s->n_hist] = tl, s->hist[1][s->n_hist] = v.loss, s->hist[2][s->n_hist] = ta;
    s->hist[3][s->n_hist] = v.accuracy, s->n_hist++;
    wb_dashboard_add(&r->curves, tl, v.loss, ta, v.accuracy);
    s->epoch++, s->pos = 0, s->loss_sum = s->right = s->seen = 0;
    if (checkpoint(ckpt, 1, r->net, r->opt, s) != 0) fprintf(stderr, "%s\n", wb_last_error());
    return 0;
}

/* The test set's numbers, the dashboard's pictures, what the net sees; save the model, reload it. */
static int report(lenet *net, wb_dashboard *curves, const wb_tensor *xt, const uint8_t *yt, int nt, const char *data,
                  const char *const *names, int epochs, double train_seconds) {
    int *pred = wb_malloc((size_t)nt * sizeof *pred), counts[100];
    eval_result test = lenet_evaluate(net, xt->data, yt, nt, pred);
    printf("\nTrained %d epochs in %.1f s (this session)\nTest accuracy: %.2f%% (%d of %d), test loss %.4f\n", epochs,
           train_seconds, 100 * test.accuracy, (int)(test.accuracy * nt + 0.5f), nt, test.loss);
    confusion_matrix(yt, NULL, pred, nt, 10, counts);
    printf("\nConfusion matrix on the test set (rows: true class, columns: predicted)\n%9s", "");
    for (int p = 0; p < 10; p++) printf(" %5.5s", names[p]);
    printf("\n");
    for (int t = 0; t < 10; t++) {
        printf("%9.9s", names[t]);
        for (int p = 0; p < 10; p++) printf(" %5d", counts[t * 10 + p]);
        printf("\n");
    }
    wb_dashboard_png(curves);
    write_confusion(counts, names, data);
    int wrong = write_misclassified(xt->data, yt, pred, nt);
    int digit = (int)wb_setting("DIGIT", 0);
    write_see(net, xt->data, yt, nt, digit >= 0 && digit < nt ? digit : 0);

    char path[256];
    snprintf(path, sizeof path, "build/results/week09-lenet-%s.model", data);
    wb_mkdir_parents("build/results/x");
    lenet again;
    if (lenet_save(net, path) != 0 || lenet_load(&again, path, 256) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        free(pred);
        return 1;
    }
    eval_result reload = lenet_evaluate(&again, xt->data, yt, nt, NULL);
    printf("\nSaved %s; reloaded, it scores %.2f%%%s\n", path, 100 * reload.accuracy,
           reload.accuracy == test.accuracy ? " (the same)" : " (DIFFERENT: the save or the load is wrong)");
    printf("Wrote %s/: loss.png accuracy.png confusion.png misclassified.png (%d wrong) filters.png maps-*.png "
           "(test image %d) saliency.png excite.png\n", OUT, wrong, digit);
    lenet_free(&again);
    free(pred);
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    double start = wb_seconds();
    const char *data = wb_dataset_choose(NULL);
    wb_tensor x, xt;
    uint8_t *y, *yt;
    int n, nt;
    if (wb_dataset_load(data, "train", &x, &y, &n) != 0 || wb_dataset_load(data, "test", &xt, &yt, &nt) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    int full = n > 10000, fashion = strstr(data, "fashion") != NULL;
    const char *const *names = fashion ? fashion_names : digit_names;
    printf("Data: %s, %d training and %d test images of 28x28 pixels\n\n", data, n, nt);

    lenet_config cfg = LENET5;
    cfg.max_batch = (int)wb_setting("BATCH", 64);
    /* MNIST: dropout 0.25, Adam 1e-3 x 0.8 per epoch, 12 epochs (99.2%). Fashion-MNIST underfits with
       those (89.9% after 15 epochs): less dropout, a higher rate decaying more slowly (90.7%). */
    int fash = full && fashion;
    cfg.drop = (float)wb_setting("DROP", fash ? 0.1 : 0.25);
    run r = {.batch = cfg.max_batch, .epochs = (int)wb_setting("EPOCHS", full && !fashion ? 12 : 15),
             .lr0 = (float)wb_setting("LR", full && !fashion ? 1e-3 : 2e-3),
             .gamma = (float)wb_setting("GAMMA", fash ? 0.85 : 0.8)};
    if (r.epochs < 1 || r.epochs > MAX_EPOCHS || r.lr0 <= 0) {
        fprintf(stderr, "week09: EPOCHS must be 1..%d and LR positive\n", MAX_EPOCHS);
        return 2;
    }
    lenet net;
    if (lenet_init(&net, &cfg, 42) != 0) {
        fprintf(stderr, "week09: %s (BATCH, DROP)\n", wb_last_error());
        return 2;
    }
    if (lenet_summary(&net, stdout) != 61706 || net.nparams != 61706) {
        fprintf(stderr, "week09: LeNet-5 should have 61,706 parameters: lenet.c is not written yet "
                        "(make week09 test)\n");
        return 1;
    }
    optimizer opt;
    opt_init(&opt, OPT_ADAM, net.nparams, r.lr0);
    wb_split split;
    wb_split_make(&split, n, 0.1f, 42);
    r.net = &net, r.opt = &opt, r.x = &x, r.y = y, r.split = &split;
    char ckpt[256], title[96];
    snprintf(ckpt, sizeof ckpt, OUT "/%s.ckpt", data);
    wb_mkdir_parents(OUT "/x");
    run_state *s = wb_calloc(1, sizeof *s);
    int *order = wb_malloc((size_t)split.n_train * sizeof *order), rc = 0;
    snprintf(title, sizeof title, "%s LeNet-5", data);
    wb_dashboard_init(&r.curves, OUT, title);
    if (wb_setting("RESUME", 0)) {
        if (checkpoint(ckpt, 0, &net, &opt, s) != 0) {
            fprintf(stderr, "week09: %s\n", wb_last_error());
            rc = 1;
            goto done;
        }
        printf("\nResumed from %s: epoch %d, example %d\n", ckpt, s->epoch + 1, s->pos);
    }
    printf("\nTraining on %d images, validating on %d held out; batch %d, Adam lr %.2g x %.2g per epoch, "
           "dropout %.2g after fc1 and fc2, %d epochs. Ctrl-C saves a checkpoint (RESUME=1 carries on).\n\n",
           split.n_train, split.n_val, r.batch, (double)r.lr0, (double)r.gamma, (double)cfg.drop, r.epochs);
    for (int e = 0; e < s->n_hist; e++) /* the curves of the epochs before a resume */
        wb_dashboard_add(&r.curves, s->hist[0][e], s->hist[1][e], s->hist[2][e], s->hist[3][e]);
    wb_interrupt_catch();
    double t0 = wb_seconds();
    while (s->epoch < r.epochs)
        if (run_epoch(&r, s, order, ckpt)) {
            if (checkpoint(ckpt, 1, &net, &opt, s) != 0) fprintf(stderr, "%s\n", wb_last_error());
            else printf("\nInterrupted: saved %s (epoch %d, example %d); RESUME=1 make week09 run carries on\n", ckpt,
                        s->epoch + 1, s->pos);
            rc = 130;
            goto done;
        }
    wb_interrupt_release();
    double train_seconds = wb_seconds() - t0;
    if (!r.curves.live) wb_dashboard_show(&r.curves);

    if (report(&net, &r.curves, &xt, yt, nt, data, names, r.epochs, train_seconds) != 0) {
        rc = 1;
        goto done;
    }
    /* CPU time too: on a shared machine the wall time also measures everybody else's jobs */
    printf("Total time %.1f s (CPU time %.1f s, all threads; load average now %s)\n", wb_seconds() - start,
           (double)clock() / CLOCKS_PER_SEC, load_average());
done: /* what a finished, interrupted or refused run leaves: everything freed */
    lenet_free(&net), opt_free(&opt);
    free(order), free(s), free(y), free(yt);
    wb_dashboard_free(&r.curves);
    wb_split_free(&split);
    wb_tensor_free(&x), wb_tensor_free(&xt);
    return rc;
}
