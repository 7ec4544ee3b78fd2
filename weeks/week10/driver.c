/* driver.c — `make week10 run`: the n-gram baseline, then a char-RNN trained on the poetic books.
 *
 *     make week10 run                  the whole run: n-gram table, 8000 steps (31 epochs) of training
 *     STEPS=1500 make week10 run       about a minute (also HIDDEN=256, SEQ=50, BATCH=32, LR=0.003,
 *                                      CLIP=5, OPT=adam|adagrad, EVAL=every how many steps)
 *     RESUME=1 make week10 run         go on from the checkpoint a Ctrl-C (or the end) left
 *     DATA=kjv make week10 run         another corpus (the whole Bible, after make data)
 *
 * It prints the n-gram table (orders 1..6, validation BPC), a progress bar per epoch, the
 * validation BPC as it falls, verses sampled at temperatures 0.5, 0.8 and 1.0, and writes:
 *     build/week10/ngram-bpc.png      BPC by n-gram order
 *     build/week10/bpc.png            the RNN's training and validation BPC, against the n-grams
 *     build/week10/activations.png    validation text coloured by a few hidden units' activations
 *     build/week10/samples.txt        the samples
 *     build/week10/rnn.ckpt           the checkpoint (parameters, optimiser, curves)
 *     build/results/week10-bpc.tsv    model, validation BPC: the n-grams and the RNN (weeks 11, 14)
 *     build/results/week10-curve.tsv  step, train BPC, validation BPC
 */
#include "week10.h"

#include "checkpoint.h"
#include "dataset.h"
#include "interrupt.h"
#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week10"
#define MAX_POINTS 4096



typedef struct curve {
    int n;
    float step[MAX_POINTS], train[MAX_POINTS], val[MAX_POINTS];
} curve;

/* ---- the baseline ---- */
static void ngram_table(const wb_text_split *s, double bpc[NGRAM_MAX_ORDER + 1], int max_order) {
    printf("Character n-grams, Witten-Bell interpolation, validation BPC:\n  order   BPC    table keys  seconds\n");
    for (int n = 1; n <= max_order; n++) {
        double t0 = wb_seconds();
        ngram_model g;
        ngram_init(&g, n, s->vocab.vocab_size);
        ngram_train(&g, s->train, s->n_train);
        bpc[n] = ngram_bpc(&g, s->val, s->n_val);
        printf("  %5d  %6.3f  %10zu  %5.2f\n", n, bpc[n], g.used, wb_seconds() - t0);
        ngram_free(&g);
    }
    float x[NGRAM_MAX_ORDER], y[NGRAM_MAX_ORDER];
    for (int n = 1; n <= max_order; n++) x[n - 1] = (float)n, y[n - 1] = (float)bpc[n];
    wb_series ser = {.label = "n-gram", .x = x, .y = y, .n = max_order, .style = "linespoints"};
    wb_plot_opts o = {.title = "character n-grams on the validation verses", .xlabel = "order n",
                      .ylabel = "bits per character", .key = "inside top right"};
    wb_plot_png(OUT "/ngram-bpc.png", &o, &ser, 1);
}

/* ---- checkpoint: the shape, step, parameters, Adam's state, hidden state, curve (checkpoint.h) */
static int checkpoint(const char *path, int save, rnn *m, optimizer *o, long *step, curve *c) {
    int shape[4] = {m->V, m->H, m->B, m->T}, ours[4];
    memcpy(ours, shape, sizeof shape);
    wb_ckpt_part parts[] = {{"the model's shape", shape, sizeof shape},
                            {"the step", step, sizeof *step},
                            {"Adam's step count", &o->t, sizeof o->t},
                            {"the parameters", m->params, m->n_params * sizeof(float)},
                            {"Adam's first moments", o->m, o->n * sizeof(float)},
                            {"Adam's second moments", o->v, o->n * sizeof(float)},
                            {"the hidden state", m->state, (size_t)m->B * m->H * sizeof(float)},
                            {"the curve", c, sizeof *c}};
    const int n = (int)(sizeof parts / sizeof *parts);
    if (save) return wb_ckpt_save(path, "WK10", parts, n);
    if (wb_ckpt_load(path, "WK10", parts, n) != 0) return -1;
    if (memcmp(shape, ours, sizeof shape) != 0) /* BATCH x HIDDEN = HIDDEN x BATCH in size */
        return wb_fail("%s: saved with V %d, HIDDEN %d, BATCH %d, SEQ %d, not this run's", path,
                       shape[0], shape[1], shape[2], shape[3]);
    if (*step < 0 || o->t < 0 || c->n < 0 || c->n > MAX_POINTS)
        return wb_fail("%s: damaged (step %ld, %d points on the curve)", path, *step, c->n);
    return 0;
}

/* ---- training ---- */
typedef struct run_cfg {
    long steps, eval_every, warmup;
    float clip, lr_max, lr_min; /* week 07's warm-up + cosine schedule from lr_max down to lr_min */
} run_cfg;

static void plot_curves(const curve *c, const double *ng) {
    float nx[2] = {0, c->n ? c->step[c->n - 1] : 1}, ny[3][2];
    wb_series s[5] = {{.label = "RNN train", .x = c->step, .y = c->train, .n = c->n},
                      {.label = "RNN validation", .x = c->step, .y = c->val, .n = c->n, .style = "linespoints"}};
    static char labels[3][24];
    for (int k = 0; k < 3; k++) {
        ny[k][0] = ny[k][1] = (float)ng[3 + k];
        snprintf(labels[k], sizeof labels[k], "%d-gram", 3 + k);
        s[2 + k] = (wb_series){.label = labels[k], .x = nx, .y = ny[k], .n = 2};
    }
    wb_plot_opts o = {.title = "char-RNN on the poetic books", .xlabel = "training step",
                      .ylabel = "bits per character", .key = "inside top right"};
    wb_plot_png(OUT "/bpc.png", &o, s, 5);
}

/* Validation BPC without disturbing the training streams' state. */
static double validate(rnn *m, const wb_text_split *s) {
    size_t bytes = (size_t)m->B * m->H * sizeof(float);
    float *keep = wb_malloc(bytes);
    memcpy(keep, m->state, bytes);
    double val = rnn_bpc(m, s->val, s->n_val);
    memcpy(m->state, keep, bytes);
    free(keep);
    return val;
}

/* Train from *step to cfg->steps, a progress bar per cfg->eval_every steps ending with the
   validation BPC. Returns 1 if interrupted; the checkpoint is saved either way. */
static int train(rnn *m, optimizer *o, const wb_text_split *s, const run_cfg *cfg, long *step, curve *c) {
    long chunks = lm_chunks(s->n_train, m->B, m->T);
    int *x = wb_malloc((size_t)m->T * m->B * sizeof *x), *y = wb_malloc((size_t)m->T * m->B * sizeof *y);
    wb_interrupt_catch();
    while (*step < cfg->steps && !wb_interrupted()) {
        wb_progress bar;
        long todo = wb_progress_segment(&bar, "steps", *step, cfg->steps, cfg->eval_every);
        double nats = 0;
        long done = 0, clipped = 0;
        for (; done < todo && !wb_interrupted(); done++, (*step)++) {
            long in_epoch = *step % chunks;
            if (in_epoch == 0) rnn_reset_state(m); /* a new pass over the text starts from nothing */
            lm_batch(s->train, s->n_train, m->B, m->T, m->T * in_epoch, x, y);
            o->lr = lr_warmup_cosine((int)*step, (int)cfg->warmup, (int)cfg->steps, cfg->lr_max, cfg->lr_min);
            nats += rnn_train_step(m, o, x, y, m->T, cfg->clip);
            double g2 = 0; /* the global norm before clipping, from the per-tensor norms */
            for (int k = 0; k < RNN_TENSORS; k++) g2 += (double)m->grad_norm[k] * m->grad_norm[k];
            clipped += sqrt(g2) > cfg->clip;
            wb_progress_update(&bar, done + 1, "train %.3f bpc, |grad| %.2f, |grad W_hh| %.2f",
                               nats_to_bpc(nats / (done + 1)), sqrt(g2), (double)m->grad_norm[1]);
        }
        if (done == 0) break;
        double val = validate(m, s), tr = nats_to_bpc(nats / done);
        if (c->n < MAX_POINTS) c->step[c->n] = (float)*step, c->train[c->n] = (float)tr, c->val[c->n++] = (float)val;
        wb_progress_finish(&bar, "train %.3f, validation %.3f bpc (epoch %.2f), %ld clipped", tr, val,
                           (double)*step / chunks, clipped);
    }
    wb_interrupt_release();
    free(x);
    free(y);
    if (checkpoint(OUT "/rnn.ckpt", 1, m, o, step, c) != 0) fprintf(stderr, "%s\n", wb_last_error());
    return wb_interrupted();
}

/* ---- samples ---- */
static void print_samples(rnn *m, const wb_text_split *s, const char *prompt_text, FILE *log) {
    const float temps[3] = {0.5f, 0.8f, 1.0f};
    enum { N = 400, SHOW = 2 };
    int np = (int)strlen(prompt_text), *prompt = wb_malloc((size_t)np * sizeof *prompt);
    int *out = wb_malloc((size_t)m->B * N * sizeof *out);
    char *text = wb_malloc(N + 1);
    if (wb_corpus_encode(&s->vocab, prompt_text, (size_t)np, prompt) != 0) {
        fprintf(stderr, "PROMPT: %s\n", wb_last_error());
        np = 1, prompt[0] = s->vocab.id['\n'] >= 0 ? s->vocab.id['\n'] : 0;
        prompt_text = "";
    }
    wb_rng rng;
    wb_rng_seed(&rng, 10);
    for (int k = 0; k < 3; k++) {
        rnn_generate(m, prompt, np, N, temps[k], 0, &rng, out);
        printf("\n--- temperature %.1f ---\n", (double)temps[k]);
        fprintf(log, "--- temperature %.1f ---\n", (double)temps[k]);
        for (int b = 0; b < SHOW && b < m->B; b++) {
            wb_corpus_decode(&s->vocab, out + (size_t)b * N, N, text);
            int lines = 0, end = 0; /* up to 3 verses */
            while (end < N && lines < 3) lines += text[end++] == '\n';
            printf("%s%.*s%s", prompt_text, end, text, end && text[end - 1] == '\n' ? "" : "\n");
            fprintf(log, "%s%.*s%s", prompt_text, end, text, end && text[end - 1] == '\n' ? "" : "\n");
        }
    }
    free(prompt), free(out), free(text);
}

/* ---- Karpathy's picture: a passage coloured by one hidden unit (harness textviz.h) ---- */

/* Correlation of unit j's activations h (n,H) with a feature f (n). */
static double correlation(const float *h, int H, int j, const float *f, int n) {
    double sh = 0, sf = 0, shh = 0, sff = 0, shf = 0;
    for (int i = 0; i < n; i++) {
        double a = h[(size_t)i * H + j], b = f[i];
        sh += a, sf += b, shh += a * a, sff += b * b, shf += a * b;
    }
    double vh = shh - sh * sh / n, vf = sff - sf * sf / n;
    return vh > 1e-12 && vf > 1e-12 ? (shf - sh * sf / n) / sqrt(vh * vf) : 0;
}

static void activations_png(const rnn *m, const wb_text_split *s) {
    int n = 0, verses = 0; /* the first 6 validation verses */
    while ((size_t)n < s->n_val && verses < 6) verses += s->val_text[n++] == '\n';
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    rnn one;
    rnn_init(&one, m->V, m->H, 1, n, &rng);
    memcpy(one.params, m->params, m->n_params * sizeof(float));
    rnn_forward(&one, s->val, NULL, n);
    const float *h = one.h + one.H; /* h_t after character t: (n,H) */
    /* features a unit might track: being inside a word, the position in the word, the position in
       the verse, the second half of a verse (after its ':' or ';') */
    enum { NF = 4 };
    float *f = wb_malloc(NF * (size_t)n * sizeof *f);
    for (int i = 0, col = 0, inword = 0, half = 0; i < n; i++) {
        char c = s->val_text[i];
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        inword = letter ? inword + 1 : 0;
        half = c == '\n' ? 0 : c == ':' || c == ';' ? 1 : half;
        f[i] = (float)letter, f[n + i] = (float)inword, f[2 * n + i] = (float)col, f[3 * n + i] = (float)half;
        col = c == '\n' ? 0 : col + 1;
    }
    const char *what[NF] = {"inside a word", "position in the word", "position in the verse",
                            "second half of the verse (after : or ;)"};
    int unit[NF];
    double corr[NF];
    for (int k = 0; k < NF; k++) {
        unit[k] = 0, corr[k] = 0;
        for (int j = 0; j < m->H; j++) {
            double r = correlation(h, m->H, j, f + (size_t)k * n, n);
            int taken = 0;
            for (int q = 0; q < k; q++) taken |= unit[q] == j;
            if (!taken && fabs(r) > fabs(corr[k])) corr[k] = r, unit[k] = j;
        }
    }
    static char titles[NF][96];
    wb_text_panel panels[NF];
    printf("\nHidden units that track something (correlation over %d validation characters):\n", n);
    for (int k = 0; k < NF; k++) {
        snprintf(titles[k], sizeof titles[k], "unit %d: %s, r = %+.2f (red +1, blue -1)", unit[k], what[k], corr[k]);
        printf("  %s\n", titles[k]);
        panels[k] = (wb_text_panel){.title = titles[k], .value = h + unit[k], .stride = m->H};
    }
    /* 112 characters a line: six verses in four panels still fit a 1280x720 slide at a readable size */
    if (wb_text_heat_png(OUT "/activations.png", s->val_text, n, panels, NF, 112) != 0)
        fprintf(stderr, "%s\n", wb_last_error());
    free(f);
    rnn_free(&one);
}

/* ---- results for later weeks ---- */
static void write_results(const double *ng, int max_order, double rnn_val, int H, const curve *c) {
    wb_mkdir_parents("build/results/x");
    FILE *f = fopen("build/results/week10-bpc.tsv", "w");
    if (!f) {
        fprintf(stderr, "build/results/week10-bpc.tsv: cannot write: %s\n", strerror(errno));
        return;
    }
    fprintf(f, "# week10: validation BPC on the fixed split (every 10th verse, harness corpus.h); the RNN: "
            "H %d, %.0f steps\nmodel\tbpc\n", H, c->n ? (double)c->step[c->n - 1] : 0.0);
    for (int n = 1; n <= max_order; n++) fprintf(f, "ngram-%d\t%.4f\n", n, ng[n]);
    fprintf(f, "rnn-h%d\t%.4f\n", H, rnn_val);
    fclose(f);
    f = fopen("build/results/week10-curve.tsv", "w");
    if (!f) return;
    fprintf(f, "step\ttrain_bpc\tval_bpc\n");
    for (int i = 0; i < c->n; i++) fprintf(f, "%.0f\t%.4f\t%.4f\n", (double)c->step[i], (double)c->train[i], (double)c->val[i]);
    fclose(f);
}

/* After training: the numbers against the n-grams, the curves, the results file, samples, units. */
static void report(rnn *m, const wb_text_split *s, const curve *c, const double *ng, int max_order, long steps,
                   double secs) {
    double val = c->n ? c->val[c->n - 1] : rnn_bpc(m, s->val, s->n_val);
    if (!(val > 0))
        printf("\n(BPC 0: rnn_forward, rnn_bpc or nats_to_bpc is not written yet; make week10 test)\n");
    printf("\nTrained %ld steps in %.1f s (%.0f characters/s). Validation BPC %.3f: order-3 n-gram %.3f "
           "(%+.3f), order 4 %.3f (%+.3f), order 5 %.3f (%+.3f)\n", steps, secs,
           (double)steps * m->B * m->T / (secs > 0 ? secs : 1), val, ng[3], val - ng[3], ng[4], val - ng[4],
           ng[5], val - ng[5]);
    plot_curves(c, ng);
    write_results(ng, max_order, val, m->H, c);
    FILE *log = fopen(OUT "/samples.txt", "w");
    const char *prompt = getenv("PROMPT") && *getenv("PROMPT") ? getenv("PROMPT") : "O LORD, ";
    print_samples(m, s, prompt, log ? log : stderr);
    if (log) fclose(log);
    activations_png(m, s);
    printf("\nWrote " OUT "/: ngram-bpc.png, bpc.png, activations.png, samples.txt, rnn.ckpt; "
           "build/results/week10-bpc.tsv, week10-curve.tsv\n");
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    double start = wb_seconds();
    const char *data = getenv("DATA");
    if (data && strcmp(data, "sample") == 0) data = "poetry"; /* make figures asks for the sample */
    const char *path = wb_corpus_choose(data);
    if (!path) {
        fprintf(stderr, "week10: %s\n", wb_last_error());
        return 2;
    }
    wb_text_split s;
    if (wb_text_split_load(path, WB_SPLIT_EVERY, 0, &s) != 0) {
        /* a corpus whose validation verses use a byte training never does: <unk> for it */
        if (!strstr(wb_last_error(), "no training verse uses") ||
            wb_text_split_load(path, WB_SPLIT_EVERY, WB_SPLIT_UNK, &s) != 0) {
            fprintf(stderr, "%s\n", wb_last_error());
            return 1;
        }
        printf("(%zu validation characters unseen in training are <unk>)\n", s.n_unk);
    }
    printf("Text: %s: %d training verses (%zu characters), %d validation verses (%zu), %d symbols\n\n",
           path, s.n_train_verses, s.n_train, s.n_val_verses, s.n_val, s.vocab.vocab_size);
    wb_mkdir_parents(OUT "/x");
    int max_order = (int)wb_setting("NGRAM", NGRAM_MAX_ORDER);
    if (max_order < 3 || max_order > NGRAM_MAX_ORDER) max_order = NGRAM_MAX_ORDER;
    double ng[NGRAM_MAX_ORDER + 1] = {0};
    ngram_table(&s, ng, max_order);
    if (!(ng[1] > 0))
        printf("(BPC 0: ngram_train, ngram_prob or ngram_bpc is not written yet; make week10 test)\n");
    if (max_order < 5) ng[4] = ng[5] = ng[max_order]; /* for the plot only */

    int H = (int)wb_setting("HIDDEN", 256), B = (int)wb_setting("BATCH", 32), T = (int)wb_setting("SEQ", 50);
    const char *opt_name = getenv("OPT") && *getenv("OPT") ? getenv("OPT") : "adam";
    int adagrad = strcmp(opt_name, "adagrad") == 0;
    float lr = (float)wb_setting("LR", adagrad ? 0.1 : 3e-3);
    run_cfg cfg = {.steps = (long)wb_setting("STEPS", 8000), .eval_every = (long)wb_setting("EVAL", 250),
                   .warmup = 0, .clip = (float)wb_setting("CLIP", 5), .lr_max = lr, .lr_min = lr / 20};
    cfg.warmup = cfg.steps / 10 < 100 ? cfg.steps / 10 : 100; /* 100 steps, or a tenth of a short run */
    if (H < 1 || B < 1 || T < 1 || cfg.steps < 1 || cfg.eval_every < 1 || lm_chunks(s.n_train, B, T) < 1) {
        fprintf(stderr, "week10: HIDDEN, BATCH, SEQ, STEPS, EVAL must be positive and BATCH * SEQ fit the text\n");
        wb_text_split_free(&s);
        return 2;
    }
    wb_rng rng;
    wb_rng_seed(&rng, 2015);
    rnn m;
    rnn_init(&m, s.vocab.vocab_size, H, B, T, &rng);
    optimizer o;
    opt_init(&o, adagrad ? OPT_ADAGRAD : OPT_ADAM, m.n_params, lr);
    printf("\nVanilla RNN: V %d, H %d (%zu parameters); %d streams x %d steps per chunk, %s lr %g "
           "(warm-up, cosine to /20), clip %g; %ld steps (%.1f epochs)\n", m.V, H, m.n_params, B, T,
           opt_name, (double)lr,
           (double)cfg.clip, cfg.steps, (double)cfg.steps / lm_chunks(s.n_train, B, T));
    curve *c = wb_calloc(1, sizeof *c);
    long step = 0;
    int rc = 0; /* 1: a checkpoint that cannot be resumed, 130: interrupted (saved) */
    if (wb_setting("RESUME", 0) != 0) {
        rc = checkpoint(OUT "/rnn.ckpt", 0, &m, &o, &step, c) != 0;
        if (rc) fprintf(stderr, "%s\n", wb_last_error());
        else printf("Resumed from " OUT "/rnn.ckpt at step %ld\n", step);
    }
    double t0 = wb_seconds();
    long step0 = step;
    if (rc == 0 && train(&m, &o, &s, &cfg, &step, c)) {
        printf("\nInterrupted at step %ld; saved " OUT "/rnn.ckpt. RESUME=1 make week10 run goes on.\n", step);
        rc = 130;
    }
    if (rc == 0) {
        report(&m, &s, c, ng, max_order, step - step0, wb_seconds() - t0);
        printf("Total time %.1f s\n", wb_seconds() - start);
    }
    opt_free(&o);
    rnn_free(&m);
    free(c);
    wb_text_split_free(&s);
    return rc;
}
