/* driver.c — `make week07 run`: the week's experiments, each printing its numbers and drawing its
 * pictures under build/week07/.
 *
 *     make week07 run                   MNIST when fetched (make data), else DATA=sample
 *     make week07 run DATA=sample       the committed 2,000 digits: under a minute
 *     ONLY=overfit,optim make week07 run     some of: slowdown overfit optim bn grads
 *     RESUME=1 make week07 run          after Ctrl-C: skip the experiments already finished
 *
 *  1. slowdown   Nielsen's saturated neuron, quadratic vs cross-entropy cost: slowdown.png (its
 *                output per epoch), slowdown_cost.png (its cost per epoch)
 *  2. overfit    784-30-10 on 1,000 training images, plain vs L2 vs dropout (Nielsen ch. 3):
 *                overfit_accuracy.png (EPOCHS_OVERFIT=, EVAL_EVERY=, LAMBDA=, DROPOUT=)
 *  3. optim      week 06's MLP trained with six optimisers: optimisers.png, and the epochs each
 *                needs to reach a validation loss (EPOCHS_OPT=, VAL_TARGET=)
 *  4. bn         a deep sigmoid net at a high learning rate, with and without batch norm:
 *                batchnorm_lr.png (EPOCHS_BN=, LR_BN=)
 *  5. grads      per-layer gradient norms of a deep net (Nielsen ch. 5): sigmoid, ReLU + He,
 *                sigmoid + batch norm; grads_init.png, grads_training.png (EPOCHS_GRADS=)
 *
 * Every finished experiment leaves build/week07/<name>-<data>.done (its summary); Ctrl-C stops the one
 * running and keeps the others, and RESUME=1 skips those. The summaries of the whole run go to
 * build/results/week07.txt.
 */
#include "week06.h"
#include "week07.h"

#include "dataset.h"
#include "interrupt.h"
#include "settings.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week07"
#define RESULTS "build/results/week07.txt"



static int wanted(const char *name) {
    const char *only = getenv("ONLY");
    return !only || !*only || strstr(only, name) != NULL;
}

/* ---- each experiment's summary: printed, kept in <name>.done, collected for build/results ---- */
static char summary[8192];
static size_t summary_len;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (summary_len < sizeof summary)
        summary_len += (size_t)vsnprintf(summary + summary_len, sizeof summary - summary_len, fmt, ap);
    va_end(ap);
    if (summary_len > sizeof summary) summary_len = sizeof summary;
}

static const char *data_name = "";
/* build/week07/<experiment>-<data>.done: a summary from another data set is never reused */
static void done_path(char *buf, size_t len, const char *name) {
    snprintf(buf, len, OUT "/%s-%s.done", name, data_name);
}

/* RESUME=1 and this experiment finished before: print its saved summary and skip it. */
static int already_done(const char *name, FILE *results) {
    if (!wb_setting("RESUME", 0)) return 0;
    char path[256], line[512];
    done_path(path, sizeof path, name);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    printf("\n[%s: finished in an earlier run, summary from %s]\n", name, path);
    while (fgets(line, sizeof line, f)) fputs(line, stdout), fputs(line, results);
    fclose(f);
    return 1;
}

/* Print the experiment's summary, and save it unless the experiment was interrupted. */
static void finish(const char *name, FILE *results) {
    fputs(summary, stdout);
    if (wb_interrupted()) {
        printf("[%s interrupted: not saved; RESUME=1 reruns it and skips the finished ones]\n", name);
    } else {
        char path[256];
        done_path(path, sizeof path, name);
        FILE *f = fopen(path, "w");
        if (f) fputs(summary, f), fclose(f);
        fputs(summary, results);
    }
    summary_len = 0, summary[0] = 0;
}

static void plot(const char *file, const char *title, const char *xlabel, const char *ylabel, int logy,
                 const wb_series *s, int ns) {
    char path[256];
    snprintf(path, sizeof path, OUT "/%s", file);
    int drawable = 0; /* a log scale needs a positive number (an unwritten TODO leaves zeros) */
    for (int k = 0; k < ns; k++)
        for (int i = 0; i < s[k].n; i++) drawable |= isfinite(s[k].y[i]) && (!logy || s[k].y[i] > 0);
    if (!drawable) {
        fprintf(stderr, "week07: %s not drawn: no finite%s values to plot\n", path, logy ? " positive" : "");
        return;
    }
    wb_plot_opts o = {.title = title, .xlabel = xlabel, .ylabel = ylabel, .logy = logy, .key = "inside top right"};
    if (wb_plot_png(path, &o, s, ns) < 0) fprintf(stderr, "%s\n", wb_last_error());
}

/* ---- 1. the learning slowdown ---- */
static void exp_slowdown(void) {
    enum { E = 300 };
    static float epoch[E], out[2][E], cost[2][E];
    const char *names[2] = {"quadratic cost", "cross-entropy cost"};
    say("\n== 1. The learning slowdown (Nielsen ch. 3): one neuron, x = 1, target 0, from w = b = 2, lr 0.15\n");
    for (int k = 0; k < 2; k++) {
        float w = 2.0f, b = 2.0f;
        for (int e = 0; e < E; e++) {
            epoch[e] = (float)(e + 1);
            out[k][e] = train_neuron(k == 0 ? COST_QUADRATIC : COST_CROSS_ENTROPY, &w, &b, 1.0f, 0.0f, 0.15f, 1,
                                     &cost[k][e]);
        }
        say("   %-18s output after 30 epochs %.3f, after 100 %.3f, after 300 %.3f\n", names[k],
            (double)out[k][29], (double)out[k][99], (double)out[k][E - 1]);
    }
    wb_series s[2] = {{.label = names[0], .x = epoch, .y = out[0], .n = E},
                      {.label = names[1], .x = epoch, .y = out[1], .n = E}};
    plot("slowdown.png", "a saturated neuron learning to output 0", "epoch", "output a", 0, s, 2);
    s[0].y = cost[0], s[1].y = cost[1];
    plot("slowdown_cost.png", "the same runs: each one's own cost", "epoch", "cost (log scale)", 1, s, 2);
}

/* ---- training and evaluating this week's deep network ---- */
typedef struct dn_train {
    int sigmoid_out;  /* 1: sigmoid outputs with the cross-entropy (Nielsen); 0: softmax */
    float l2;         /* L2 coefficient per example-averaged loss (Nielsen's lambda / n) */
    int batch;
} dn_train;

/* One epoch of minibatches over order[0..n-1]; returns the mean training loss. */
static float dn_epoch(deepnet *net, const wb_tensor *x, const uint8_t *y, int *order, int n, const dn_train *t,
                      optimizer *opt, wb_rng *rng) {
    int D = 784, C = 10, bs = t->batch;
    WB_CHECK(bs > 0 && bs <= 1024 && bs <= net->max_batch, "batch %d (1..1024, max_batch %d)", bs, net->max_batch);
    wb_tensor xb = WB_TENSOR(bs, D);
    uint8_t yb[1024];
    int labels[1024];
    float *target = wb_calloc((size_t)bs * C, sizeof(float)), *dz = wb_malloc((size_t)bs * C * sizeof(float));
    double total = 0.0;
    wb_rng_shuffle(rng, order, n);
    for (int start = 0; start < n && !wb_interrupted(); start += bs) {
        int b = n - start < bs ? n - start : bs;
        wb_batch_gather(x, y, order + start, b, &xb, yb);
        deepnet_forward(net, xb.data, b, 1, rng);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        float loss;
        if (t->sigmoid_out) {
            memset(target, 0, (size_t)b * C * sizeof(float));
            for (int i = 0; i < b; i++) target[i * C + labels[i]] = 1.0f;
            loss = sigmoid_xent_cost(deepnet_output(net), target, b, C, dz);
        } else {
            loss = softmax_xent(deepnet_output(net), labels, b, C, dz);
        }
        deepnet_backward(net, xb.data, dz, b);
        if (t->l2 > 0) loss += l2_penalty(&net->params, &net->grads, t->l2);
        opt_step(opt, net->params.data, net->grads.data);
        total += (double)loss * b;
    }
    free(target);
    free(dz);
    wb_tensor_free(&xb);
    return (float)(total / n);
}

/* Accuracy on examples idx[0..n-1] (idx NULL: 0..n-1) in evaluation mode; *loss: softmax
   cross-entropy (may be NULL). */
static float dn_accuracy(deepnet *net, const wb_tensor *x, const uint8_t *y, const int *idx, int n, float *loss) {
    int bs = net->max_batch < 1024 ? net->max_batch : 1024, right = 0;
    wb_tensor xb = WB_TENSOR(bs, 784);
    uint8_t *yb = wb_malloc((size_t)bs);
    int *ids = wb_malloc((size_t)bs * sizeof *ids), *labels = wb_malloc((size_t)bs * sizeof *labels);
    int pred[1024];
    double total = 0.0;
    for (int start = 0; start < n; start += bs) {
        int b = n - start < bs ? n - start : bs;
        for (int i = 0; i < b; i++) ids[i] = idx ? idx[start + i] : start + i;
        wb_batch_gather(x, y, ids, b, &xb, yb);
        deepnet_forward(net, xb.data, b, 0, NULL);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        argmax_rows(deepnet_output(net), b, 10, pred);
        for (int i = 0; i < b; i++) right += pred[i] == labels[i];
        if (loss) total += (double)softmax_xent(deepnet_output(net), labels, b, 10, NULL) * b;
    }
    if (loss) *loss = (float)(total / n);
    free(labels), free(ids), free(yb);
    wb_tensor_free(&xb);
    return (float)right / (float)n;
}

/* ---- 2. Nielsen's overfitting experiment ---- */
typedef struct data {
    wb_tensor x, xt;
    uint8_t *y, *yt;
    int n, nt, full;
    const char *name;
} data;

/* One variant (0 plain, 1 L2, 2 dropout): train 784-30-10 on the first 1,000 images; train and
   test accuracy every `every` epochs into curves (npoints of them). Returns the final test accuracy. */
static float overfit_variant(const data *d, int variant, int epochs, int every, float lambda, float drop,
                             float *at, float *train_acc, float *test_acc, int *npoints) {
    static const char *const names[3] = {"plain", "L2", "dropout"};
    int ntrain = d->n < 1000 ? d->n : 1000;
    wb_rng rng;
    wb_rng_seed(&rng, 12);
    deepnet net;
    /* Nielsen's chapter 3 starts from N(0,1) weights (his "large" initialisation, replaced later in
       that chapter): the L2 run shows how much of the overfitting the large weights cause. */
    init_scheme init = wb_setting("XAVIER", 0) ? INIT_XAVIER : INIT_UNIT;
    deepnet_init(&net, 2, (int[]){784, 30, 10}, (activation[]){ACT_SIGMOID, ACT_NONE}, 0, variant == 2 ? drop : 0.0f,
                 init, 1000, &rng);
    optimizer opt;
    opt_init(&opt, OPT_SGD, net.params.size, 0.5f);
    dn_train t = {.sigmoid_out = 1, .l2 = variant == 1 ? lambda / (float)ntrain : 0.0f, .batch = 10};
    int *order = wb_malloc((size_t)ntrain * sizeof *order);
    for (int i = 0; i < ntrain; i++) order[i] = i;
    wb_progress bar;
    char label[48];
    snprintf(label, sizeof label, "overfit: %s", names[variant]);
    wb_progress_start(&bar, label, epochs);
    *npoints = 0;
    float acc = 0.0f;
    for (int e = 1; e <= epochs && !wb_interrupted(); e++) {
        float loss = dn_epoch(&net, &d->x, d->y, order, ntrain, &t, &opt, &rng);
        if (e % every == 0 || e == epochs) {
            at[*npoints] = (float)e;
            train_acc[*npoints] = 100 * dn_accuracy(&net, &d->x, d->y, NULL, ntrain, NULL);
            test_acc[*npoints] = acc = 100 * dn_accuracy(&net, &d->xt, d->yt, NULL, d->nt, NULL);
            (*npoints)++;
        }
        wb_progress_update(&bar, e, "loss %.4f test %.2f%%", (double)loss, (double)acc);
    }
    wb_progress_finish(&bar, "train %.2f%% test %.2f%%", (double)train_acc[*npoints - 1], (double)acc);
    free(order);
    opt_free(&opt);
    deepnet_free(&net);
    return acc;
}

static void exp_overfit(const data *d) {
    int epochs = (int)wb_setting("EPOCHS_OVERFIT", d->full ? 400 : 200), every = (int)wb_setting("EVAL_EVERY", 10);
    float lambda = (float)wb_setting("LAMBDA", 0.1), drop = (float)wb_setting("DROPOUT", 0.2);
    if (epochs < 1 || every < 1) epochs = 1, every = 1;
    int maxp = epochs / every + 2, np = 0;
    float *at = wb_malloc(3 * (size_t)maxp * sizeof(float) * 3), *tr = at + 3 * maxp, *te = tr + 3 * maxp;
    float final[3];
    double t0 = wb_seconds();
    for (int v = 0; v < 3 && !wb_interrupted(); v++)
        final[v] = overfit_variant(d, v, epochs, every, lambda, drop, at + v * maxp, tr + v * maxp, te + v * maxp, &np);
    if (wb_interrupted()) {
        free(at);
        return;
    }
    say("\n== 2. Overfitting (Nielsen ch. 3): 784-30-10 sigmoid, cross-entropy, 1,000 training images, %d test, "
        "batch 10, SGD lr 0.5, %d epochs\n", d->nt, epochs);
    say("   plain:          train %6.2f%%  test %6.2f%%\n", (double)tr[np - 1], (double)final[0]);
    say("   L2 lambda %-4g  train %6.2f%%  test %6.2f%%  (%+.2f points)\n", (double)lambda, (double)tr[maxp + np - 1],
        (double)final[1], (double)(final[1] - final[0]));
    say("   dropout p %-4g  train %6.2f%%  test %6.2f%%  (%+.2f points)\n", (double)drop, (double)tr[2 * maxp + np - 1],
        (double)final[2], (double)(final[2] - final[0]));
    say("   target: L2 or dropout >= +3 points: %s; %.0f s\n",
        final[1] - final[0] >= 3 || final[2] - final[0] >= 3 ? "met" : "NOT met", wb_seconds() - t0);
    wb_series s[6];
    static const char *const lab[6] = {"plain train", "plain test", "L2 train",
                                       "L2 test", "dropout train", "dropout test"};
    for (int v = 0; v < 3; v++) {
        s[2 * v] = (wb_series){.label = lab[2 * v], .x = at + v * maxp, .y = tr + v * maxp, .n = np};
        s[2 * v + 1] = (wb_series){.label = lab[2 * v + 1], .x = at + v * maxp, .y = te + v * maxp, .n = np};
    }
    plot("overfit_accuracy.png", "784-30-10 on 1,000 images: plain, L2, dropout", "epoch", "accuracy (%)", 0, s, 6);
    free(at);
}

/* ---- 3. optimisers on week 06's MLP ---- */
/* One epoch of week 06's training loop with an optimiser from this week in place of momentum. */
static void mlp_epoch(mlp *m, const data *d, int *order, int n, int bs, optimizer *opt, wb_rng *rng) {
    wb_tensor xb = WB_TENSOR(bs, 784);
    uint8_t yb[256];
    int labels[256];
    float *dlogits = wb_malloc((size_t)bs * 10 * sizeof *dlogits);
    wb_rng_shuffle(rng, order, n);
    for (int start = 0; start < n && !wb_interrupted(); start += bs) {
        int b = n - start < bs ? n - start : bs;
        wb_batch_gather(&d->x, d->y, order + start, b, &xb, yb);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        mlp_forward(m, xb.data, b);
        softmax_xent(mlp_output(m), labels, b, 10, dlogits);
        mlp_backward(m, xb.data, dlogits, b);
        opt_step(opt, m->params.data, m->grads.data);
    }
    free(dlogits);
    wb_tensor_free(&xb);
}

static void exp_optim(const data *d) {
    enum { K = 6, MAXE = 100 };
    static const float lrs[K] = {0.1f, 0.01f, 0.01f, 1e-3f, 0.01f, 1e-3f};
    int epochs = (int)wb_setting("EPOCHS_OPT", d->full ? 10 : 20);
    float target = (float)wb_setting("VAL_TARGET", d->full ? 0.10 : 0.40);
    if (epochs < 1 || epochs > MAXE) epochs = 10;
    static float ep[MAXE], val[K][MAXE];
    int reach[K];
    wb_split split;
    wb_split_make(&split, d->n, 0.1f, 42);
    double t0 = wb_seconds();
    for (int k = 0; k < K && !wb_interrupted(); k++) {
        wb_rng rng;
        wb_rng_seed(&rng, 2024); /* the same initial weights and batch order for every optimiser */
        mlp net;
        mlp_init(&net, 2, (int[]){784, 128, 10}, (activation[]){ACT_RELU, ACT_NONE}, 500, &rng);
        optimizer opt;
        opt_init(&opt, (opt_kind)k, net.params.size, lrs[k]);
        int *order = wb_malloc((size_t)split.n_train * sizeof *order);
        memcpy(order, split.train, (size_t)split.n_train * sizeof *order);
        wb_progress bar;
        char label[48];
        snprintf(label, sizeof label, "optim: %s", opt_kind_name[k]);
        wb_progress_start(&bar, label, epochs);
        reach[k] = 0;
        for (int e = 0; e < epochs && !wb_interrupted(); e++) {
            mlp_epoch(&net, d, order, split.n_train, 64, &opt, &rng);
            ep[e] = (float)(e + 1);
            val[k][e] = evaluate(&net, &d->x, d->y, split.val, split.n_val, NULL).loss;
            if (!reach[k] && val[k][e] <= target) reach[k] = e + 1;
            wb_progress_update(&bar, e + 1, "val loss %.4f", (double)val[k][e]);
        }
        wb_progress_finish(&bar, "val loss %.4f", (double)val[k][epochs - 1]);
        free(order);
        opt_free(&opt);
        mlp_free(&net);
    }
    int n_train = split.n_train, n_val = split.n_val;
    wb_split_free(&split);
    if (wb_interrupted()) return;
    say("\n== 3. Optimisers on week 06's MLP (784-128-10 ReLU, batch 64, %d training images, %d validation, %d "
        "epochs, the same start for all)\n", n_train, n_val, epochs);
    for (int k = 0; k < K; k++) {
        char when[48] = "not reached";
        if (reach[k]) snprintf(when, sizeof when, "reached at epoch %d", reach[k]);
        int best = 0;
        for (int e = 1; e < epochs; e++) best = val[k][e] < val[k][best] ? e : best;
        say("   %-9s lr %-6g  best val loss %.4f (epoch %d), final %.4f; val loss %.2f %s\n", opt_kind_name[k],
            (double)lrs[k], (double)val[k][best], best + 1, (double)val[k][epochs - 1], (double)target, when);
    }
    say("   %.0f s\n", wb_seconds() - t0);
    wb_series s[K];
    for (int k = 0; k < K; k++) s[k] = (wb_series){.label = opt_kind_name[k], .x = ep, .y = val[k], .n = epochs};
    plot("optimisers.png", "week 06's MLP: validation loss by optimiser", "epoch", "validation loss", 1, s, K);
}

/* ---- 4. batch norm at a high learning rate ---- */
static void exp_bn(const data *d) {
    enum { MAXE = 100, DEPTH = 6 };
    int epochs = (int)wb_setting("EPOCHS_BN", d->full ? 5 : 15);
    float lr = (float)wb_setting("LR_BN", 1.0);
    if (epochs < 1 || epochs > MAXE) epochs = 5;
    static float ep[MAXE], acc[3][MAXE];
    int sizes[DEPTH + 1];
    activation acts[DEPTH];
    for (int l = 0; l <= DEPTH; l++) sizes[l] = l == 0 ? 784 : l == DEPTH ? 10 : 100;
    for (int l = 0; l < DEPTH; l++) acts[l] = l == DEPTH - 1 ? ACT_NONE : ACT_SIGMOID;
    int n = d->full ? 10000 : d->n;
    double t0 = wb_seconds();
    static const char *const names[3] = {"plain", "batch norm", "plain, lr / 10"};
    for (int k = 0; k < 3 && !wb_interrupted(); k++) { /* the same initial weights for all three */
        wb_rng rng;
        wb_rng_seed(&rng, 5);
        deepnet net;
        deepnet_init(&net, DEPTH, sizes, acts, k == 1, 0.0f, INIT_XAVIER, 500, &rng);
        optimizer opt;
        opt_init(&opt, OPT_MOMENTUM, net.params.size, k == 2 ? lr / 10 : lr);
        dn_train t = {.sigmoid_out = 0, .l2 = 0, .batch = 32};
        int *order = wb_malloc((size_t)n * sizeof *order);
        for (int i = 0; i < n; i++) order[i] = i;
        wb_progress bar;
        char label[48];
        snprintf(label, sizeof label, "bn: %s", names[k]);
        wb_progress_start(&bar, label, epochs);
        for (int e = 0; e < epochs && !wb_interrupted(); e++) {
            float loss = dn_epoch(&net, &d->x, d->y, order, n, &t, &opt, &rng);
            ep[e] = (float)(e + 1);
            acc[k][e] = 100 * dn_accuracy(&net, &d->xt, d->yt, NULL, d->nt, NULL);
            wb_progress_update(&bar, e + 1, "loss %.4f test %.2f%%", (double)loss, (double)acc[k][e]);
        }
        wb_progress_finish(&bar, "test %.2f%%", (double)acc[k][epochs - 1]);
        free(order);
        opt_free(&opt);
        deepnet_free(&net);
    }
    if (wb_interrupted()) return;
    say("\n== 4. Batch norm at a high learning rate: 784-100x5-10 sigmoid, momentum 0.9, lr %g, batch 32, %d "
        "training images, %d epochs\n", (double)lr, n, epochs);
    for (int k = 0; k < 3; k++) {
        float best = acc[k][0];
        for (int e = 1; e < epochs; e++) best = acc[k][e] > best ? acc[k][e] : best;
        say("   %-15s test accuracy after epoch 1 %6.2f%%, final %6.2f%% (best %.2f%%)\n", names[k],
            (double)acc[k][0], (double)acc[k][epochs - 1], (double)best);
    }
    say("   %.0f s\n", wb_seconds() - t0);
    wb_series s[3];
    for (int k = 0; k < 3; k++) s[k] = (wb_series){.label = names[k], .x = ep, .y = acc[k], .n = epochs};
    char title[96];
    snprintf(title, sizeof title, "deep sigmoid net at lr %g: test accuracy", (double)lr);
    plot("batchnorm_lr.png", title, "epoch", "test accuracy (%)", 0, s, 3);
}

/* ---- 5. unstable gradients ---- */
enum { GL = 5, GMAXE = 200 }; /* 784-30-30-30-30-10: four hidden layers and the output */

/* Per-layer weight-gradient norms of the mean cross-entropy over examples 0..nb-1 (one batch). */
static void grad_norms_on(deepnet *net, const data *d, int nb, float *norms) {
    int *ids = wb_malloc((size_t)nb * sizeof *ids), *labels = wb_malloc((size_t)nb * sizeof *labels);
    wb_tensor xb = WB_TENSOR(nb, 784);
    uint8_t *yb = wb_malloc((size_t)nb);
    float *dz = wb_malloc((size_t)nb * 10 * sizeof *dz);
    for (int i = 0; i < nb; i++) ids[i] = i;
    wb_batch_gather(&d->x, d->y, ids, nb, &xb, yb);
    for (int i = 0; i < nb; i++) labels[i] = yb[i];
    deepnet_forward(net, xb.data, nb, 1, NULL);
    softmax_xent(deepnet_output(net), labels, nb, 10, dz);
    deepnet_backward(net, xb.data, dz, nb);
    layer_grad_norms(net, norms);
    free(dz), free(yb), free(labels), free(ids);
    wb_tensor_free(&xb);
}

static void exp_grads(const data *d) {
    static const char *const names[3] = {"sigmoid", "ReLU + He", "sigmoid + batch norm"};
    int epochs = (int)wb_setting("EPOCHS_GRADS", 30), nb = d->n < 1000 ? d->n : 1000;
    if (epochs < 1 || epochs > GMAXE) epochs = 30;
    static float norms[3][GMAXE + 1][GL], layer_x[GL], ep[GMAXE + 1], curve[3][GL][GMAXE + 1];
    for (int v = 0; v < 3 && !wb_interrupted(); v++) {
        wb_rng rng;
        wb_rng_seed(&rng, 3);
        deepnet net;
        activation h = v == 1 ? ACT_RELU : ACT_SIGMOID;
        deepnet_init(&net, GL, (int[]){784, 30, 30, 30, 30, 10}, (activation[]){h, h, h, h, ACT_NONE}, v == 2, 0.0f,
                     v == 1 ? INIT_HE : INIT_XAVIER, 1000, &rng);
        optimizer opt;
        opt_init(&opt, OPT_SGD, net.params.size, 0.1f);
        dn_train t = {.sigmoid_out = 0, .l2 = 0, .batch = 10};
        int *order = wb_malloc((size_t)nb * sizeof *order);
        for (int i = 0; i < nb; i++) order[i] = i;
        wb_progress bar;
        char label[48];
        snprintf(label, sizeof label, "grads: %s", names[v]);
        wb_progress_start(&bar, label, epochs);
        grad_norms_on(&net, d, nb, norms[v][0]);
        for (int e = 1; e <= epochs && !wb_interrupted(); e++) {
            dn_epoch(&net, &d->x, d->y, order, nb, &t, &opt, &rng);
            grad_norms_on(&net, d, nb, norms[v][e]);
            wb_progress_update(&bar, e, "layer 1 %.2e, layer 4 %.2e", (double)norms[v][e][0], (double)norms[v][e][3]);
        }
        wb_progress_finish(&bar, "done");
        free(order);
        opt_free(&opt);
        deepnet_free(&net);
    }
    if (wb_interrupted()) return;
    say("\n== 5. Unstable gradients (Nielsen ch. 5): ||dL/dW|| per layer of 784-30-30-30-30-10 on %d images, at "
        "initialisation and after %d epochs of SGD (lr 0.1, batch 10)\n", nb, epochs);
    for (int v = 0; v < 3; v++) {
        say("   %-21s at init:", names[v]);
        for (int l = 0; l < GL; l++) say(" %.2e", (double)norms[v][0][l]);
        say("  (layer 2 / layer 4: %.3f); trained:", (double)(norms[v][0][1] / norms[v][0][3]));
        for (int l = 0; l < GL; l++) say(" %.2e", (double)norms[v][epochs][l]);
        say("\n");
    }
    for (int l = 0; l < GL; l++) layer_x[l] = (float)(l + 1);
    for (int e = 0; e <= epochs; e++) ep[e] = (float)e;
    for (int v = 0; v < 3; v++)
        for (int l = 0; l < GL; l++)
            for (int e = 0; e <= epochs; e++) curve[v][l][e] = norms[v][e][l];
    wb_series s[GL];
    for (int v = 0; v < 3; v++) s[v] = (wb_series){.label = names[v], .x = layer_x, .y = norms[v][0], .n = GL,
                                                   .style = "linespoints"};
    plot("grads_init.png", "gradient norm per layer at initialisation", "layer (5 = output)", "||dL/dW||", 1, s, 3);
    static const char *const ln[GL] = {"layer 1", "layer 2", "layer 3", "layer 4", "output"};
    static const char *const files[3] = {"grads_training.png", "grads_training_relu.png", "grads_training_bn.png"};
    for (int v = 0; v < 3; v++) {
        for (int l = 0; l < GL; l++) s[l] = (wb_series){.label = ln[l], .x = ep, .y = curve[v][l], .n = epochs + 1};
        char title[96];
        snprintf(title, sizeof title, "%s: gradient norm per layer during training", names[v]);
        plot(files[v], title, "epoch", "||dL/dW||", 1, s, GL);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    wb_interrupt_catch();
    double start = wb_seconds();
    data d = {.name = wb_dataset_choose(NULL)};
    data_name = d.name;
    if (wb_dataset_load(d.name, "train", &d.x, &d.y, &d.n) != 0 ||
        wb_dataset_load(d.name, "test", &d.xt, &d.yt, &d.nt) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    d.full = d.n > 10000;
    printf("Data: %s, %d training and %d test images\n", d.name, d.n, d.nt);
    if (wb_mkdir_parents(OUT "/x") != 0 || wb_mkdir_parents(RESULTS) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    FILE *results = fopen(RESULTS, "w");
    if (!results) {
        fprintf(stderr, "week07: cannot write %s\n", RESULTS);
        return 1;
    }
    fprintf(results, "week07 reference run on %s\n", d.name);
    static const char *const names[5] = {"slowdown", "overfit", "optim", "bn", "grads"};
    for (int k = 0; k < 5 && !wb_interrupted(); k++) {
        if (!wanted(names[k]) || already_done(names[k], results)) continue;
        switch (k) {
        case 0: exp_slowdown(); break;
        case 1: exp_overfit(&d); break;
        case 2: exp_optim(&d); break;
        case 3: exp_bn(&d); break;
        case 4: exp_grads(&d); break;
        }
        finish(names[k], results);
    }
    fclose(results);
    printf("\nPictures in " OUT "/, summaries in " RESULTS "; total time %.1f s\n", wb_seconds() - start);
    free(d.y), free(d.yt);
    wb_tensor_free(&d.x), wb_tensor_free(&d.xt);
    return wb_interrupted() ? 130 : 0;
}
