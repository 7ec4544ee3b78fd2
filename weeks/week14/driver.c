/* driver.c — `make week14 run`: a character-level GPT trained on the poetic books.
 *
 *     make week14 run                 the whole run: 4500 steps of a GPT of 4 blocks, width 128,
 *                                     4 heads, context 128, dropout 0.1
 *     STEPS=300 make week14 run       the short setting (also WIDTH=128, LAYERS=4, HEADS=4,
 *                                     SEQ=128, BATCH=16, LR=0.003, CLIP=1, DROP=0.1 the dropout
 *                                     probability (0: none), EVAL=every how many
 *                                     steps, VAL_CHARS=16384 the curve's validation characters,
 *                                     SAMPLE=300 characters per sample, ATT_LAYER=, ATT_HEAD= the
 *                                     attention map's layer and head)
 *     RESUME=1 make week14 run        go on from the checkpoint a Ctrl-C (or the end) left
 *     DATA=kjv make week14 run        another corpus (the whole Bible, after make data)
 *
 * It prints the comparison lines (weeks 10 and 11's results, the n-gram recomputed if week 10's are
 * missing), a progress bar per EVAL steps ending with the validation BPC, verses sampled at
 * temperatures 0.5, 0.8 and 1.0, and writes:
 *     build/week14/bpc.png            training and validation BPC against the n-gram, RNN, LSTM
 *     build/week14/attention.png      one head's attention weights over a validation verse
 *     build/week14/samples.txt        the samples
 *     build/week14/gpt.ckpt           the checkpoint (parameters, Adam's state, the curve)
 *     build/results/week14-bpc.tsv    model, validation BPC (for the closing note)
 *     build/results/week14-curve.tsv  step, train BPC, validation BPC
 */
#include "week14.h"

#include "checkpoint.h"
#include "dataset.h"
#include "heatmap.h"
#include "interrupt.h"
#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week14"
#define MAX_POINTS 4096



typedef struct curve {
    int n;
    float step[MAX_POINTS], train[MAX_POINTS], val[MAX_POINTS];
} curve;

/* ---- the comparison lines: weeks 10 and 11's results files ---- */
typedef struct baseline {
    char label[48];
    double bpc; /* 0: missing */
} baseline;

/* The BPC of the first model in a results file whose name starts with prefix; 0 if none. */
static double read_result(const char *path, const char *prefix, char *name, size_t name_len) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[256], model[128];
    double bpc = 0, v;
    while (fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%127s %lf", model, &v) == 2 &&
            strncmp(model, prefix, strlen(prefix)) == 0 && v > 0) {
            bpc = v;
            snprintf(name, name_len, "%s", model);
            break;
        }
    fclose(f);
    return bpc;
}

static void baselines(const wb_text_split *s, baseline b[3]) {
    char name[128];
    b[0].bpc = read_result("build/results/week10-bpc.tsv", "ngram-5", name, sizeof name);
    if (b[0].bpc > 0) snprintf(b[0].label, sizeof b[0].label, "5-gram (week 10)");
    else { /* recomputed: a few seconds */
        ngram_model g;
        ngram_init(&g, 5, s->vocab.vocab_size);
        ngram_train(&g, s->train, s->n_train);
        b[0].bpc = ngram_bpc(&g, s->val, s->n_val);
        ngram_free(&g);
        snprintf(b[0].label, sizeof b[0].label, "5-gram (recomputed)");
    }
    b[1].bpc = read_result("build/results/week10-bpc.tsv", "rnn", name, sizeof name);
    snprintf(b[1].label, sizeof b[1].label, "%s", b[1].bpc > 0 ? "RNN (week 10)" :
             "RNN line missing: run make week10 run");
    b[2].bpc = read_result("build/results/week11-bpc.tsv", "lstm", name, sizeof name);
    snprintf(b[2].label, sizeof b[2].label, "%s", b[2].bpc > 0 ? "LSTM (week 11)" :
             "LSTM line missing: run make week11 run");
    printf("Comparison (validation BPC, same split):\n");
    for (int k = 0; k < 3; k++)
        if (b[k].bpc > 0) printf("  %-24s %.3f\n", b[k].label, b[k].bpc);
        else printf("  %s\n", b[k].label);
}

/* ---- checkpoint: the model's shape, step, parameters, Adam's state, curve (checkpoint.h) ---- */
static int checkpoint(const char *path, int save, gpt *m, optimizer *o, long *step, curve *c) {
    int shape[5] = {m->cfg.V, m->cfg.C, m->cfg.L, m->cfg.NH, m->cfg.maxT}, ours[5];
    memcpy(ours, shape, sizeof shape);
    wb_ckpt_part parts[] = {{"the model's shape", shape, sizeof shape},
                            {"the step", step, sizeof *step},
                            {"Adam's step count", &o->t, sizeof o->t},
                            {"the parameters", m->params, m->n_params * sizeof(float)},
                            {"Adam's first moments", o->m, o->n * sizeof(float)},
                            {"Adam's second moments", o->v, o->n * sizeof(float)},
                            {"the curve", c, sizeof *c}};
    const int n = (int)(sizeof parts / sizeof *parts);
    if (save) return wb_ckpt_save(path, "WK14", parts, n);
    if (wb_ckpt_load(path, "WK14", parts, n) != 0) return -1;
    if (memcmp(shape, ours, sizeof shape) != 0) /* HEADS changes the shape, not the sizes */
        return wb_fail("%s: saved with V %d, WIDTH %d, LAYERS %d, HEADS %d, SEQ %d, not this "
                       "run's", path, shape[0], shape[1], shape[2], shape[3], shape[4]);
    if (*step < 0 || o->t < 0 || c->n < 0 || c->n > MAX_POINTS)
        return wb_fail("%s: damaged (step %ld, %d points on the curve)", path, *step, c->n);
    return 0;
}

/* ---- training: B random windows of T + 1 characters per step ---- */
typedef struct run_cfg {
    long steps, eval_every, warmup;
    float clip, lr_max, lr_min;
    int B;
    size_t val_chars;
} run_cfg;

static void random_batch(const wb_text_split *s, int B, int T, wb_rng *rng, int *x, int *y) {
    for (int b = 0; b < B; b++) {
        size_t start = wb_rng_below(rng, (uint32_t)(s->n_train - T - 1));
        memcpy(x + (size_t)b * T, s->train + start, (size_t)T * sizeof *x);
        memcpy(y + (size_t)b * T, s->train + start + 1, (size_t)T * sizeof *y);
    }
}

/* Train from *step to cfg->steps; a progress bar per eval_every steps, ending with the validation
   BPC. Returns 1 if interrupted; the checkpoint is saved either way. */
static int train(gpt *m, optimizer *o, const wb_text_split *s, const run_cfg *cfg, long *step,
                 curve *c) {
    const int B = cfg->B, T = m->cfg.maxT;
    int *x = wb_malloc((size_t)B * T * sizeof *x), *y = wb_malloc((size_t)B * T * sizeof *y);
    wb_rng rng;
    wb_rng_seed(&rng, 1400 + (uint64_t)*step); /* a resumed run draws new windows */
    wb_interrupt_catch();
    while (*step < cfg->steps && !wb_interrupted()) {
        wb_progress bar;
        long todo = wb_progress_segment(&bar, "steps", *step, cfg->steps, cfg->eval_every);
        double nats = 0;
        long done = 0;
        for (; done < todo && !wb_interrupted(); done++, (*step)++) {
            random_batch(s, B, T, &rng, x, y);
            o->lr = lr_warmup_cosine((int)*step, (int)cfg->warmup, (int)cfg->steps, cfg->lr_max,
                                     cfg->lr_min);
            nats += gpt_train_step(m, o, x, y, B, T, cfg->clip);
            wb_progress_update(&bar, done + 1, "train %.3f bpc, lr %.2g",
                               nats_to_bpc(nats / (done + 1)), (double)o->lr);
        }
        if (done == 0 || wb_interrupted()) break; /* an interrupted stretch adds no point */
        /* the curve: the first VAL_CHARS validation characters (report measures all of them) */
        size_t nv = cfg->val_chars < s->n_val ? cfg->val_chars : s->n_val;
        double val = gpt_bpc(m, s->val, nv), tr = nats_to_bpc(nats / done);
        if (c->n < MAX_POINTS)
            c->step[c->n] = (float)*step, c->train[c->n] = (float)tr, c->val[c->n++] = (float)val;
        wb_progress_finish(&bar, "train %.3f, validation %.3f bpc (epoch %.2f)", tr, val,
                           (double)*step * B * T / s->n_train);
    }
    wb_interrupt_release();
    free(x), free(y);
    if (checkpoint(OUT "/gpt.ckpt", 1, m, o, step, c) != 0)
        fprintf(stderr, "%s\n", wb_last_error());
    return wb_interrupted();
}

/* ---- pictures ---- */
static void plot_curves(const curve *c, const baseline *b, size_t val_chars) {
    float nx[2] = {0, c->n ? c->step[c->n - 1] : 1}, ny[3][2];
    static char vlabel[64], title[160];
    snprintf(vlabel, sizeof vlabel, "GPT validation (first %zu characters)", val_chars);
    wb_series s[5] = {{.label = "GPT train", .x = c->step, .y = c->train, .n = c->n},
                      {.label = vlabel, .x = c->step, .y = c->val, .n = c->n,
                       .style = "linespoints"}};
    int ns = 2;
    snprintf(title, sizeof title, "a char GPT, poetic books");
    const char *how[3] = {"", "RNN line missing: run make week10 run",
                          "LSTM line missing: run make week11 run"};
    for (int k = 0; k < 3; k++) {
        ny[k][0] = ny[k][1] = (float)b[k].bpc;
        if (b[k].bpc > 0) s[ns++] = (wb_series){.label = b[k].label, .x = nx, .y = ny[k], .n = 2};
        else /* a missing line is named in the title, with how to make it */
            snprintf(title + strlen(title), sizeof title - strlen(title), "%s%s",
                     strchr(title, ';') ? ", " : "; ", how[k]);
    }
    wb_plot_opts o = {.title = title, .xlabel = "training step", .ylabel = "bits per character"};
    wb_plot_png(OUT "/bpc.png", &o, s, ns);
}

/* One head's weights over the first validation verse (up to 48 characters). */
static void attention_png(gpt *m, const wb_text_split *s, int layer, int head) {
    int n = 0;
    while ((size_t)n + 1 < s->n_val && n < 48 && n < m->cfg.maxT && s->val_text[n] != '\n') n++;
    if (n < 2) return;
    gpt_forward(m, s->val, NULL, 1, n);
    const float *att = m->a.att + ((size_t)layer * m->cfg.NH + head) * n * n; /* (n,n) at B = 1 */
    static char lab[48][4];
    const char *labels[48];
    for (int i = 0; i < n; i++) {
        char ch = s->val_text[i];
        snprintf(lab[i], sizeof lab[i], "%c", ch == ' ' ? '_' : ch);
        labels[i] = lab[i];
    }
    char title[96];
    snprintf(title, sizeof title, "layer %d, head %d: row = query, column = key ('_' = space)", layer,
             head);
    wb_heatmap_opts o = {.title = title, .row_title = "query", .col_title = "key",
                         .row_labels = labels, .col_labels = labels, .fmt = "", .cell = 16};
    if (wb_heatmap_png(OUT "/attention.png", att, n, n, &o) != 0) fprintf(stderr, "%s\n", wb_last_error());
}

/* ---- samples ---- */
static void print_samples(gpt *m, const wb_text_split *s, const char *prompt_text, FILE *log) {
    const float temps[3] = {0.5f, 0.8f, 1.0f};
    const int N = (int)wb_setting("SAMPLE", 300);
    int np = (int)strlen(prompt_text), *prompt = wb_malloc((size_t)(np + 1) * sizeof *prompt);
    int *out = wb_malloc((size_t)N * sizeof *out);
    char *text = wb_malloc((size_t)N + 1);
    if (np == 0 || wb_corpus_encode(&s->vocab, prompt_text, (size_t)np, prompt) != 0) {
        np = 1, prompt[0] = s->vocab.id['\n'] >= 0 ? s->vocab.id['\n'] : 0;
        prompt_text = "";
    }
    wb_rng rng;
    wb_rng_seed(&rng, 14);
    for (int k = 0; k < 3; k++) {
        gpt_generate(m, prompt, np, N, temps[k], &rng, out);
        wb_corpus_decode(&s->vocab, out, (size_t)N, text);
        int lines = 0, end = 0; /* up to 3 verses */
        while (end < N && lines < 3) lines += text[end++] == '\n';
        for (FILE *f = stdout; f; f = f == stdout ? log : NULL)
            fprintf(f, "\n--- temperature %.1f ---\n%s%.*s%s", (double)temps[k], prompt_text, end,
                    text, end && text[end - 1] == '\n' ? "" : "\n");
    }
    free(prompt), free(out), free(text);
}

/* ---- results for the closing note ---- */
static void write_results(const gpt *m, double val, const curve *c) {
    wb_mkdir_parents("build/results/x");
    FILE *f = fopen("build/results/week14-bpc.tsv", "w");
    if (!f) {
        fprintf(stderr, "build/results/week14-bpc.tsv: cannot write: %s\n", strerror(errno));
        return;
    }
    fprintf(f, "# week14: validation BPC on the fixed split; GPT L %d, C %d, NH %d, T %d, "
            "dropout %g, %.0f steps\nmodel\tbpc\ngpt-l%d-c%d\t%.4f\n", m->cfg.L, m->cfg.C,
            m->cfg.NH, m->cfg.maxT, (double)m->cfg.drop, c->n ? (double)c->step[c->n - 1] : 0.0,
            m->cfg.L, m->cfg.C, val);
    fclose(f);
    if (!(f = fopen("build/results/week14-curve.tsv", "w"))) return;
    fprintf(f, "step\ttrain_bpc\tval_bpc\n");
    for (int i = 0; i < c->n; i++)
        fprintf(f, "%.0f\t%.4f\t%.4f\n", (double)c->step[i], (double)c->train[i], (double)c->val[i]);
    fclose(f);
}

static void report(gpt *m, const wb_text_split *s, const curve *c, const baseline *b, long steps,
                   double secs, int B, size_t val_chars) {
    double val = gpt_bpc(m, s->val, s->n_val); /* all of the validation text */
    if (!(val > 0)) printf("\n(BPC 0: gpt_forward is not written yet; make week14 test)\n");
    printf("\nTrained %ld steps in %.1f s (%.0f characters/s). Validation BPC %.3f\n", steps, secs,
           (double)steps * B * m->cfg.maxT / (secs > 0 ? secs : 1), val);
    for (int k = 0; k < 3; k++)
        if (b[k].bpc > 0) printf("  vs %-22s %.3f (%+.3f)\n", b[k].label, b[k].bpc, val - b[k].bpc);
    plot_curves(c, b, val_chars < s->n_val ? val_chars : s->n_val);
    write_results(m, val, c);
    FILE *log = fopen(OUT "/samples.txt", "w");
    const char *prompt = getenv("PROMPT") && *getenv("PROMPT") ? getenv("PROMPT") : "O LORD, ";
    print_samples(m, s, prompt, log);
    if (log) fclose(log);
    int layer = (int)wb_setting("ATT_LAYER", m->cfg.L - 1), head = (int)wb_setting("ATT_HEAD", 0);
    if (layer < 0 || layer >= m->cfg.L) {
        printf("ATT_LAYER=%d: the layers are 0..%d; the map shows layer %d\n", layer,
               m->cfg.L - 1, m->cfg.L - 1);
        layer = m->cfg.L - 1;
    }
    if (head < 0 || head >= m->cfg.NH) {
        printf("ATT_HEAD=%d: the heads are 0..%d; the map shows head 0\n", head, m->cfg.NH - 1);
        head = 0;
    }
    attention_png(m, s, layer, head);
    printf("\nWrote " OUT "/: bpc.png, attention.png, samples.txt, gpt.ckpt; "
           "build/results/week14-bpc.tsv, week14-curve.tsv\n");
}

static int load_text(wb_text_split *s) {
    const char *data = getenv("DATA");
    if (data && strcmp(data, "sample") == 0) data = "poetry"; /* make figures asks for the sample */
    const char *path = wb_corpus_choose(data);
    if (!path) return fprintf(stderr, "week14: %s\n", wb_last_error()), 2;
    if (wb_text_split_load(path, WB_SPLIT_EVERY, 0, s) != 0) {
        /* a corpus whose validation verses use a byte training never does: <unk> for it */
        if (!strstr(wb_last_error(), "no training verse uses") ||
            wb_text_split_load(path, WB_SPLIT_EVERY, WB_SPLIT_UNK, s) != 0)
            return fprintf(stderr, "%s\n", wb_last_error()), 1;
        printf("(%zu validation characters unseen in training are <unk>)\n", s->n_unk);
    }
    printf("Text: %s: %d training verses (%zu characters), %d validation verses (%zu), %d symbols\n\n",
           path, s->n_train_verses, s->n_train, s->n_val_verses, s->n_val, s->vocab.vocab_size);
    return 0;
}

/* The model of these settings: from scratch or (RESUME=1) from the checkpoint, trained, reported.
   0 when done, 1 for a checkpoint that cannot be resumed, 130 when interrupted (saved). */
static int run_gpt(const wb_text_split *s, gpt_config gc, const run_cfg *cfg, float lr) {
    baseline b[3];
    baselines(s, b);
    wb_rng rng;
    wb_rng_seed(&rng, 2017);
    gpt m;
    gpt_init(&m, gc, cfg->B, &rng);
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, lr);
    printf("\nGPT: V %d, %d blocks, width %d, %d heads, context %d (%zu parameters, tied head), "
           "dropout %g; batch %d, Adam lr %g (warm-up %ld, cosine to /10), clip %g; %ld steps "
           "(%.1f epochs)\n", gc.V, gc.L, gc.C, gc.NH, gc.maxT, m.n_params, (double)gc.drop,
           cfg->B, (double)lr, cfg->warmup, (double)cfg->clip, cfg->steps,
           (double)cfg->steps * cfg->B * gc.maxT / s->n_train);
    curve *c = wb_calloc(1, sizeof *c);
    long step = 0;
    int rc = 0;
    if (wb_setting("RESUME", 0) != 0) {
        rc = checkpoint(OUT "/gpt.ckpt", 0, &m, &o, &step, c) != 0;
        if (rc) fprintf(stderr, "%s\n", wb_last_error());
        else printf("Resumed from " OUT "/gpt.ckpt at step %ld\n", step);
    }
    double t0 = wb_seconds();
    long step0 = step;
    if (rc == 0 && train(&m, &o, s, cfg, &step, c)) {
        printf("\nInterrupted at step %ld; saved " OUT "/gpt.ckpt. RESUME=1 make week14 run goes "
               "on.\n", step);
        rc = 130;
    }
    if (rc == 0) report(&m, s, c, b, step - step0, wb_seconds() - t0, cfg->B, cfg->val_chars);
    opt_free(&o), gpt_free(&m), free(c);
    return rc;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    double start = wb_seconds();
    wb_text_split s;
    int rc = load_text(&s);
    if (rc) return rc;
    wb_mkdir_parents(OUT "/x");
    gpt_config gc = {.V = s.vocab.vocab_size, .C = (int)wb_setting("WIDTH", 128),
                     .L = (int)wb_setting("LAYERS", 4), .NH = (int)wb_setting("HEADS", 4),
                     .maxT = (int)wb_setting("SEQ", 128), .drop = (float)wb_setting("DROP", 0.1)};
    float lr = (float)wb_setting("LR", 3e-3);
    run_cfg cfg = {.steps = (long)wb_setting("STEPS", 4500), .eval_every = (long)wb_setting("EVAL", 200),
                   .clip = (float)wb_setting("CLIP", 1), .lr_max = lr, .lr_min = lr / 10,
                   .B = (int)wb_setting("BATCH", 16), .val_chars = (size_t)wb_setting("VAL_CHARS", 16384)};
    cfg.warmup = cfg.steps / 10 < 200 ? cfg.steps / 10 : 200; /* 200 steps, or a tenth of a short run */
    if (cfg.warmup < 1) cfg.warmup = 1;
    if (cfg.val_chars < 2) cfg.val_chars = 2;
    if (gc.C < 1 || gc.L < 1 || gc.NH < 1 || gc.C % gc.NH || gc.maxT < 2 || cfg.B < 1 ||
        cfg.steps < 1 || cfg.eval_every < 1 || s.n_train < (size_t)gc.maxT + 2 || s.n_val < 2 ||
        !(gc.drop >= 0 && gc.drop < 1)) {
        fprintf(stderr, "week14: WIDTH, LAYERS, HEADS, SEQ, BATCH, STEPS, EVAL must be positive, "
                "WIDTH a multiple of HEADS, SEQ shorter than the text and DROP in [0,1)\n");
        wb_text_split_free(&s);
        return 2;
    }
    rc = run_gpt(&s, gc, &cfg, lr);
    if (rc == 0) printf("Total time %.1f s\n", wb_seconds() - start);
    wb_text_split_free(&s);
    return rc;
}
