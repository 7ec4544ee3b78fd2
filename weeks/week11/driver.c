/* driver.c — `make week11 run`: why gates help (a memory task), then an LSTM writing psalms.
 *
 *     make week11 run                   the whole run (about 12 minutes on a loaded machine)
 *     QUICK=1 make week11 run           about a minute: fewer k, fewer and smaller steps
 *     RESUME=1 make week11 run          go on from the checkpoints a Ctrl-C (or the end) left
 *     MEMORY=0 make week11 run          skip the memory task
 * Settings: MEM_HIDDEN=64 MEM_STEPS=2000 MEM_KS=2,4,8,16,32,64 MEM_MODELS=rnn,gru,lstm MEM_NOISE=0
 * (the memory task), HIDDEN=256 LAYERS=2 SEQ=50
 * BATCH=32 STEPS=2000 LR=0.003 (the RNN) GATED_LR=0.006 CLIP=5 EVAL=250 (the poetry models), RNN_STEPS, GRU_STEPS (default
 * STEPS), PROMPT="O LORD, ".
 *
 * Part 1, the memory task: a symbol, k - 1 blanks, a query: the answer is the symbol seen k steps
 * earlier. Week 10's RNN, a GRU and an LSTM (one layer each, the same width) are trained for each
 * k; their accuracy against k, and the gradient norm reaching d steps back from the query.
 * Part 2, poetry: on week 10's split, the order-5 n-gram, week 10's RNN, a GRU and a stacked LSTM,
 * each trained here for the same number of steps; samples at three temperatures; a cell-state
 * picture. It writes:
 *     build/week11/memory-accuracy.png   accuracy against k for the three cells
 *     build/week11/memory-gradients.png  |dL_k / dh_{k-d}| against d at k = 64, untrained and trained
 *     build/week11/bpc.png               validation BPC curves against the n-gram and week 10's run
 *     build/week11/activations.png       validation verses coloured by LSTM cells that track structure
 *     build/week11/samples.txt           the LSTM's samples;  memory.tsv (part 1's numbers)
 *     build/week11/{rnn,gru,lstm}.ckpt   checkpoints (parameters, optimiser, curve)
 *     build/results/week11-bpc.tsv       model<TAB>bpc: ngram-5, rnn, gru, lstm (for week 14)
 *     build/results/week11-curve.tsv     step, model, train BPC, validation BPC
 */
#include "week11.h"

#include "checkpoint.h"
#include "dataset.h"
#include "interrupt.h"
#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week11"
#define MAX_POINTS 512
#define MAX_K 16



/* ---- one of the three kinds of model behind one interface (week 10's rnn, or a seqlm) ---- */
enum { KIND_RNN = 0 };
typedef struct model {
    int kind; /* KIND_RNN, CELL_GRU, CELL_LSTM */
    rnn r;
    seqlm s;
} model;

static const char *kind_name(int kind) { return kind == KIND_RNN ? "RNN" : kind == CELL_GRU ? "GRU" : "LSTM"; }

static void model_init(model *m, int kind, int V, int H, int L, int B, int T, wb_rng *rng) {
    m->kind = kind;
    if (kind == KIND_RNN) rnn_init(&m->r, V, H, B, T, rng);
    else seqlm_init(&m->s, kind, V, H, L, B, T, rng);
}
static void model_free(model *m) {
    if (m->kind == KIND_RNN) rnn_free(&m->r);
    else seqlm_free(&m->s);
}
static size_t n_params(const model *m) { return m->kind == KIND_RNN ? m->r.n_params : m->s.n_params; }
static float *params(model *m) { return m->kind == KIND_RNN ? m->r.params : m->s.params; }
static float *logits(model *m) { return m->kind == KIND_RNN ? m->r.logits : m->s.logits; }
static float *dlogits(model *m) { return m->kind == KIND_RNN ? m->r.dlogits : m->s.dlogits; }
static void reset(model *m) {
    if (m->kind == KIND_RNN) rnn_reset_state(&m->r);
    else seqlm_reset_state(&m->s);
}
static float step(model *m, optimizer *o, const int *x, const int *y, int T, float clip) {
    return m->kind == KIND_RNN ? rnn_train_step(&m->r, o, x, y, T, clip) : seqlm_train_step(&m->s, o, x, y, T, clip);
}
static float forward(model *m, const int *x, const int *y, int T) {
    return m->kind == KIND_RNN ? rnn_forward(&m->r, x, y, T) : seqlm_forward(&m->s, x, y, T);
}
static double bpc(model *m, const int *ids, size_t n) {
    return m->kind == KIND_RNN ? rnn_bpc(&m->r, ids, n) : seqlm_bpc(&m->s, ids, n);
}

/* ---- part 1: recall the symbol seen k steps earlier ---- */
/* One sequence per stream, T = k + 1 steps from a zero state: x_0 is the symbol to remember
   (0..S-1), x_1 .. x_{k-1} the blank symbol S + 1 (or, MEM_NOISE=1, random symbols: distractors),
   x_k the query symbol S. The target is "nothing" (S + 1) at every step but the last, where it is
   x_0. So V = S + 2. */
static int mem_noise = 0; /* MEM_NOISE=1: random distractors instead of one blank symbol (S + 1) */
static void memory_batch(wb_rng *rng, int S, int B, int k, int *x, int *y) {
    for (int t = 0; t <= k; t++)
        for (int b = 0; b < B; b++) {
            x[t * B + b] = t == k ? S : t == 0 || mem_noise ? (int)wb_rng_below(rng, (uint32_t)S) : S + 1;
            y[t * B + b] = t == k ? x[b] : S + 1;
        }
}

typedef struct mem_cfg {
    int S, H, B, steps, eval_batches;
    float lr;
} mem_cfg;

/* Arg-max accuracy at the query step over fresh sequences. */
static double memory_accuracy(model *m, const mem_cfg *c, int k, wb_rng *rng) {
    const int B = c->B, V = c->S + 2;
    int *x = wb_malloc((size_t)(k + 1) * B * sizeof *x), *y = wb_malloc((size_t)(k + 1) * B * sizeof *y);
    long right = 0;
    for (int e = 0; e < c->eval_batches; e++) {
        memory_batch(rng, c->S, B, k, x, y);
        reset(m);
        forward(m, x, y, k + 1);
        for (int b = 0; b < B; b++) {
            const float *z = logits(m) + (size_t)(k * B + b) * V;
            int best = 0;
            for (int v = 1; v < c->S; v++) best = z[v] > z[best] ? v : best; /* among the answers */
            right += best == y[k * B + b];
        }
    }
    free(x), free(y);
    return (double)right / ((double)c->eval_batches * B);
}

/* Train a fresh model of `kind` on delay k; its accuracy. The model is left in *m. */
static double memory_train(model *m, int kind, const mem_cfg *c, int k, wb_rng *rng) {
    const int B = c->B;
    model_init(m, kind, c->S + 2, c->H, 1, B, k + 1, rng);
    int *x = wb_malloc((size_t)(k + 1) * B * sizeof *x), *y = wb_malloc((size_t)(k + 1) * B * sizeof *y);
    optimizer o;
    opt_init(&o, OPT_ADAM, n_params(m), c->lr);
    char label[48];
    snprintf(label, sizeof label, "%-4s k = %2d", kind_name(kind), k);
    wb_progress bar;
    wb_progress_start(&bar, label, c->steps);
    double nats = 0;
    for (int s = 0; s < c->steps && !wb_interrupted(); s++) {
        memory_batch(rng, c->S, B, k, x, y);
        reset(m);
        o.lr = lr_warmup_cosine(s, c->steps / 10, c->steps, c->lr, c->lr / 10);
        /* the loss of the query step alone, in nats: the mean over k + 1 steps times k + 1 */
        nats = 0.9 * nats + 0.1 * (k + 1) * step(m, &o, x, y, k + 1, 1.0f);
        if (s % 10 == 9) wb_progress_update(&bar, s + 1, "loss %.3f nats", nats);
    }
    double acc = wb_interrupted() ? 0 : memory_accuracy(m, c, k, rng);
    wb_progress_finish(&bar, "accuracy %.1f%% (chance %.1f%%)", 100 * acc, 100.0 / c->S);
    opt_free(&o);
    free(x), free(y);
    return acc;
}

/* Back from the query step's loss only: g[d] = mean over streams of |dL_k / dh_{k-d}|, d = 1..k. */
static void gradient_reach(model *m, const mem_cfg *c, int k, wb_rng *rng, float *g) {
    const int B = c->B, H = c->H, V = c->S + 2, T = k + 1;
    int *x = wb_malloc((size_t)T * B * sizeof *x), *y = wb_malloc((size_t)T * B * sizeof *y);
    memory_batch(rng, c->S, B, k, x, y);
    reset(m);
    forward(m, x, y, T);
    float *dz = dlogits(m); /* keep the last step's rows only, as the gradient of its own mean */
    memset(dz, 0, (size_t)k * B * V * sizeof(float));
    for (int i = 0; i < B * V; i++) dz[(size_t)k * B * V + i] *= (float)T;
    float *dh = wb_malloc((size_t)T * B * H * sizeof *dh);
    if (m->kind == KIND_RNN) { /* dhs holds da_t; dL/dh_{t-1} = da_t W_hh */
        rnn_zero_grad(&m->r);
        rnn_backward(&m->r, x);
        for (int t = 1; t < T; t++)
            wb_sgemm(0, 0, B, H, H, 1.0f, m->r.dhs + (size_t)t * B * H, H, m->r.W_hh, H, 0.0f,
                     dh + (size_t)(t - 1) * B * H, H);
    } else { /* the layer's dh holds the total dL/dh_t after its backward */
        seqlm_zero_grad(&m->s);
        seqlm_backward(&m->s);
        memcpy(dh, m->s.layer[0].dh, (size_t)T * B * H * sizeof *dh);
    }
    for (int d = 1; d <= k; d++) {
        double s = 0;
        for (int b = 0; b < B; b++) {
            const float *v = dh + ((size_t)(k - d) * B + b) * H;
            double n2 = 0;
            for (int j = 0; j < H; j++) n2 += (double)v[j] * v[j];
            s += sqrt(n2);
        }
        g[d] = (float)(s / B);
    }
    free(x), free(y), free(dh);
}

#define GRAD_K 64 /* the delay of the gradient picture */

static void memory_plots(const int *ks, int nk, float acc[3][MAX_K], const float grads[6][GRAD_K + 1], float chance) {
    float kx[MAX_K], cy[MAX_K], dx[GRAD_K + 1];
    for (int i = 0; i < nk; i++) kx[i] = (float)ks[i], cy[i] = chance;
    for (int d = 0; d <= GRAD_K; d++) dx[d] = (float)d;
    wb_series s[6];
    static char labels[6][24];
    for (int q = 0; q < 3; q++)
        s[q] = (wb_series){.label = kind_name(q == 0 ? KIND_RNN : q == 1 ? CELL_GRU : CELL_LSTM), .x = kx,
                           .y = acc[q], .n = nk, .style = "linespoints"};
    s[3] = (wb_series){.label = "chance", .x = kx, .y = cy, .n = nk, .target = 1};
    wb_plot_opts o = {.title = "recall the symbol seen k steps ago", .xlabel = "k (steps back)",
                      .ylabel = "accuracy", .logx = 1};
    wb_plot_png(OUT "/memory-accuracy.png", &o, s, 4);
    for (int q = 0; q < 6; q++) {
        snprintf(labels[q], sizeof labels[q], "%s%s", kind_name(q % 3 == 0 ? KIND_RNN : q % 3 == 1 ? CELL_GRU : CELL_LSTM),
                 q < 3 ? ", trained" : ", untrained");
        s[q] = (wb_series){.label = labels[q], .x = dx + 1, .y = grads[q] + 1, .n = GRAD_K,
                           .style = q < 3 ? "lines" : "points"};
    }
    wb_plot_opts og = {.title = "gradient reaching back d steps (k = 64)", .xlabel = "d (steps back)",
                       .ylabel = "|dL_k / dh_{k-d}|", .logy = 1};
    wb_plot_png(OUT "/memory-gradients.png", &og, s, 6);
}

static void memory_report(const int *ks, int nk, float acc[3][MAX_K], float grads[6][GRAD_K + 1], const mem_cfg *c) {
    FILE *f = fopen(OUT "/memory.tsv", "w");
    if (f) {
        fprintf(f, "k\trnn\tgru\tlstm\n");
        for (int i = 0; i < nk; i++) fprintf(f, "%d\t%.4f\t%.4f\t%.4f\n", ks[i], acc[0][i], acc[1][i], acc[2][i]);
        fprintf(f, "# |dL_k/dh_{k-d}| at k = %d, trained (if k = %d was trained) and untrained\n"
                "d\trnn\tgru\tlstm\trnn0\tgru0\tlstm0\n", GRAD_K, GRAD_K);
        for (int d = 1; d <= GRAD_K; d++)
            fprintf(f, "%d\t%.3g\t%.3g\t%.3g\t%.3g\t%.3g\t%.3g\n", d, grads[0][d], grads[1][d], grads[2][d],
                    grads[3][d], grads[4][d], grads[5][d]);
        fclose(f);
    }
    printf("\n  k   RNN    GRU    LSTM   (accuracy at the query; chance %.1f%%)\n", 100.0 / c->S);
    for (int i = 0; i < nk; i++)
        printf(" %2d  %5.1f%% %5.1f%% %5.1f%%\n", ks[i], 100 * acc[0][i], 100 * acc[1][i], 100 * acc[2][i]);
    printf("Gradient norm reaching back d steps from the query at k = %d; d = 1, 8, 16, 32, 64:\n", GRAD_K);
    for (int q = 0; q < 6; q++)
        printf("  %-4s %-10s %9.2e %9.2e %9.2e %9.2e %9.2e\n", kind_name(q % 3 == 0 ? KIND_RNN : q % 3 == 1 ? CELL_GRU : CELL_LSTM),
               q < 3 ? "trained" : "untrained", grads[q][1], grads[q][8], grads[q][16], grads[q][32], grads[q][64]);
    memory_plots(ks, nk, acc, grads, 1.0f / c->S);
}

static int memory_task(int quick) {
    static const int all_k[] = {2, 4, 8, 16, 32, 64}, quick_k[] = {2, 16, 64};
    int ks[MAX_K], nk = 0, kinds[3] = {KIND_RNN, CELL_GRU, CELL_LSTM};
    const char *list = getenv("MEM_KS"); /* e.g. MEM_KS=8,16,32 */
    for (const char *p = list; p && *p && nk < MAX_K; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
        if (atoi(p) >= 1 && atoi(p) <= 200) ks[nk++] = atoi(p);
    if (nk == 0)
        for (int i = 0; i < (quick ? 3 : 6); i++) ks[nk++] = quick ? quick_k[i] : all_k[i];
    mem_cfg c = {.S = 8, .H = (int)wb_setting("MEM_HIDDEN", 64), .B = 32,
                 .steps = (int)wb_setting("MEM_STEPS", quick ? 500 : 2000), .eval_batches = 16, .lr = 5e-3f};
    if (c.H < 1 || c.steps < 1) return wb_fail("MEM_HIDDEN, MEM_STEPS must be positive");
    mem_noise = wb_setting("MEM_NOISE", mem_noise) != 0;
    printf("Part 1: remember the first of k symbols until a query at step k (%d symbols, chance %.1f%%);\n"
           "one layer of %d units, %d sequences per step, %d steps of Adam per model and k\n", c.S, 100.0 / c.S,
           c.H, c.B, c.steps);
    float acc[3][MAX_K] = {{0}}, grads[6][GRAD_K + 1] = {{0}}; /* trained at k = 64, then untrained */
    const char *only = getenv("MEM_MODELS"); /* e.g. MEM_MODELS=lstm,gru */
    wb_rng rng;
    wb_rng_seed(&rng, 1997);
    for (int q = 0; q < 3 && !wb_interrupted(); q++) {
        char lower[8];
        snprintf(lower, sizeof lower, "%s", kind_name(kinds[q]));
        for (char *p = lower; *p; p++) *p = (char)(*p | 0x20);
        if (only && *only && !strstr(only, lower)) continue;
        model m;
        model_init(&m, kinds[q], c.S + 2, c.H, 1, c.B, GRAD_K + 1, &rng); /* the gradient before training */
        gradient_reach(&m, &c, GRAD_K, &rng, grads[3 + q]);
        model_free(&m);
        for (int i = 0; i < nk && !wb_interrupted(); i++) {
            acc[q][i] = (float)memory_train(&m, kinds[q], &c, ks[i], &rng);
            if (ks[i] == GRAD_K) gradient_reach(&m, &c, ks[i], &rng, grads[q]);
            model_free(&m);
        }
    }
    if (wb_interrupted()) return 1;
    memory_report(ks, nk, acc, grads, &c);
    return 0;
}

/* ---- part 2: poetry ---- */
typedef struct curve {
    int n;
    float step[MAX_POINTS], train[MAX_POINTS], val[MAX_POINTS];
} curve;

typedef struct poem_cfg {
    long steps, eval_every, warmup;
    float clip, lr;
} poem_cfg;

/* The state carried between chunks: saved around a validation pass, which starts from zero. */
static void state_swap(model *m, float *keep, int save) {
    float *st[2] = {m->kind == KIND_RNN ? m->r.state : m->s.h_state, m->kind == KIND_RNN ? NULL : m->s.c_state};
    size_t n = m->kind == KIND_RNN ? (size_t)m->r.B * m->r.H : (size_t)m->s.L * m->s.B * m->s.H;
    for (int i = 0; i < 2; i++)
        if (st[i]) memcpy(save ? keep + i * n : st[i], save ? st[i] : keep + i * n, n * sizeof(float));
}

static double validate(model *m, const wb_text_split *s) {
    size_t n = m->kind == KIND_RNN ? (size_t)m->r.B * m->r.H : (size_t)m->s.L * m->s.B * m->s.H;
    float *keep = wb_malloc(2 * n * sizeof(float));
    state_swap(m, keep, 1);
    double v = bpc(m, s->val, s->n_val);
    state_swap(m, keep, 0);
    free(keep);
    return v;
}

/* The checkpoint (checkpoint.h): the kind and batch shape, step, parameters, Adam's state, the
   curve. Loading returns 1 when there is none yet (start from the beginning), -1 on a bad one. */
static int checkpoint(const char *path, int save, model *m, optimizer *o, long *step, curve *c) {
    const int B = m->kind == KIND_RNN ? m->r.B : m->s.B, T = m->kind == KIND_RNN ? m->r.T : m->s.T;
    int shape[3] = {m->kind, B, T}, ours[3];
    memcpy(ours, shape, sizeof shape);
    const size_t n = n_params(m) * sizeof(float);
    wb_ckpt_part parts[] = {{"the model's kind and batch", shape, sizeof shape},
                            {"the step", step, sizeof *step},
                            {"Adam's step count", &o->t, sizeof o->t},
                            {"the parameters", params(m), n},
                            {"Adam's first moments", o->m, n},
                            {"Adam's second moments", o->v, n},
                            {"the curve", c, sizeof *c}};
    const int np = (int)(sizeof parts / sizeof *parts);
    if (save) return wb_ckpt_save(path, "WK11", parts, np);
    int got = wb_ckpt_load(path, "WK11", parts, np);
    if (got != 0) return got;
    if (memcmp(shape, ours, sizeof shape) != 0)
        return wb_fail("%s: saved for another model or batch shape (the settings changed?)", path);
    if (*step < 0 || o->t < 0 || c->n < 0 || c->n > MAX_POINTS)
        return wb_fail("%s: damaged (step %ld, %d points on the curve)", path, *step, c->n);
    return 0;
}

/* Train from the checkpoint's step (or 0) to cfg->steps; a bar per eval_every steps ending with
   the validation BPC. Returns 1 if interrupted, -1 on a bad checkpoint; it saves either way. */
static int train_poem(model *m, const char *name, const wb_text_split *s, const poem_cfg *cfg, int resume, curve *c,
                      double *secs) {
    const int B = m->kind == KIND_RNN ? m->r.B : m->s.B, T = m->kind == KIND_RNN ? m->r.T : m->s.T;
    char path[96];
    snprintf(path, sizeof path, OUT "/%s.ckpt", name);
    optimizer o;
    opt_init(&o, OPT_ADAM, n_params(m), cfg->lr);
    long st = 0, chunks = lm_chunks(s->n_train, B, T);
    memset(c, 0, sizeof *c);
    if (resume) {
        int r = checkpoint(path, 0, m, &o, &st, c);
        if (r < 0) return opt_free(&o), -1;
        if (r == 0) printf("  resumed %s at step %ld\n", path, st);
    }
    int *x = wb_malloc((size_t)T * B * sizeof *x), *y = wb_malloc((size_t)T * B * sizeof *y);
    double t0 = wb_seconds();
    while (st < cfg->steps && !wb_interrupted()) {
        wb_progress bar;
        long done = 0, todo = wb_progress_segment(&bar, kind_name(m->kind), st, cfg->steps,
                                                  cfg->eval_every);
        double nats = 0;
        for (; done < todo && !wb_interrupted(); done++, st++) {
            if (st % chunks == 0) reset(m); /* a new pass over the text */
            lm_batch(s->train, s->n_train, B, T, T * (st % chunks), x, y);
            o.lr = lr_warmup_cosine((int)st, (int)cfg->warmup, (int)cfg->steps, cfg->lr, cfg->lr / 20);
            nats += step(m, &o, x, y, T, cfg->clip);
            wb_progress_update(&bar, done + 1, "train %.3f bpc", nats_to_bpc(nats / (done + 1)));
        }
        if (done == 0) break;
        double val = validate(m, s), tr = nats_to_bpc(nats / done);
        if (c->n < MAX_POINTS) c->step[c->n] = (float)st, c->train[c->n] = (float)tr, c->val[c->n++] = (float)val;
        wb_progress_finish(&bar, "train %.3f, validation %.3f bpc (epoch %.2f)", tr, val, (double)st / chunks);
    }
    *secs = wb_seconds() - t0;
    if (checkpoint(path, 1, m, &o, &st, c) != 0) fprintf(stderr, "%s\n", wb_last_error());
    opt_free(&o);
    free(x), free(y);
    return wb_interrupted() ? 1 : 0;
}

static void print_samples(model *m, const wb_text_split *s, FILE *log) {
    const float temps[3] = {0.5f, 0.8f, 1.0f};
    enum { N = 400, SHOW = 2 };
    const char *text0 = getenv("PROMPT") && *getenv("PROMPT") ? getenv("PROMPT") : "O LORD, ";
    int np = (int)strlen(text0), *prompt = wb_malloc((size_t)np * sizeof *prompt);
    int *out = wb_malloc((size_t)m->s.B * N * sizeof *out);
    char *text = wb_malloc(N + 1);
    if (wb_corpus_encode(&s->vocab, text0, (size_t)np, prompt) != 0) {
        fprintf(stderr, "PROMPT: %s\n", wb_last_error());
        np = 1, prompt[0] = s->vocab.id['\n'] >= 0 ? s->vocab.id['\n'] : 0, text0 = "";
    }
    wb_rng rng;
    wb_rng_seed(&rng, 11);
    for (int k = 0; k < 3; k++) {
        seqlm_generate(&m->s, prompt, np, N, temps[k], 0, &rng, out);
        for (int w = 0; w < 2; w++) fprintf(w ? log : stdout, "\n--- temperature %.1f ---\n", (double)temps[k]);
        for (int b = 0; b < SHOW && b < m->s.B; b++) {
            wb_corpus_decode(&s->vocab, out + (size_t)b * N, N, text);
            int lines = 0, end = 0; /* up to 3 verses */
            while (end < N && lines < 3) lines += text[end++] == '\n';
            for (int w = 0; w < 2; w++)
                fprintf(w ? log : stdout, "%s%.*s%s", text0, end, text, end && text[end - 1] == '\n' ? "" : "\n");
        }
    }
    free(prompt), free(out), free(text);
}

/* ---- the cell-state picture: LSTM cells that follow the verse's structure ---- */
static double correlation(const float *a, int stride, const float *f, int n) {
    double sa = 0, sf = 0, saa = 0, sff = 0, saf = 0;
    for (int i = 0; i < n; i++) {
        double u = a[(size_t)i * stride], v = f[i];
        sa += u, sf += v, saa += u * u, sff += v * v, saf += u * v;
    }
    double va = saa - sa * sa / n, vf = sff - sf * sf / n;
    return va > 1e-12 && vf > 1e-12 ? (saf - sa * sf / n) / sqrt(va * vf) : 0;
}

static void activations_png(const model *m, const wb_text_split *s) {
    int n = 0, verses = 0, shown = 0, H = m->s.H, L = m->s.L; /* cells picked over 20 verses */
    while ((size_t)n < s->n_val && verses < 20) {
        verses += s->val_text[n++] == '\n';
        if (verses == 3 && !shown) shown = n; /* the picture shows the first 3 */
    }
    if (!shown) shown = n;
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    seqlm one; /* the same parameters, one stream, the whole passage in one chunk */
    seqlm_init(&one, CELL_LSTM, m->s.V, H, L, 1, n, &rng);
    memcpy(one.params, m->s.params, one.n_params * sizeof(float));
    seqlm_forward(&one, s->val, NULL, n);
    float *tc = wb_malloc((size_t)L * n * H * sizeof *tc); /* tanh(c_t) of every layer: (L,n,H) */
    for (int l = 0; l < L; l++)
        for (size_t i = 0; i < (size_t)n * H; i++) tc[l * (size_t)n * H + i] = tanhf(one.layer[l].c[H + i]);
    enum { NF = 4 };
    float *f = wb_malloc(NF * (size_t)n * sizeof *f);
    for (int i = 0, col = 0, half = 0, clause = 0; i < n; i++) {
        char ch = s->val_text[i];
        half = ch == '\n' ? 0 : ch == ':' || ch == ';' ? 1 : half;
        f[i] = (float)col, f[n + i] = (float)half, f[2 * n + i] = (float)clause;
        f[3 * n + i] = (float)((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
        col = ch == '\n' ? 0 : col + 1;
        clause = ch == '\n' || ch == ',' || ch == ':' || ch == ';' || ch == '.' ? 0 : clause + 1;
    }
    const char *what[NF] = {"position in the verse (line break)", "after the verse's : or ;",
                            "characters since , : ; or .", "inside a word"};
    static char titles[NF][112];
    wb_text_panel panels[NF];
    int picked[NF];
    printf("\nLSTM cells that track structure (tanh c, correlation over %d validation characters):\n", n);
    for (int k = 0; k < NF; k++) {
        double best = 0;
        picked[k] = 0;
        for (int u = 0; u < L * H; u++) {
            int l = u / H, j = u % H, taken = 0;
            for (int q = 0; q < k; q++) taken |= picked[q] == u;
            double r = correlation(tc + l * (size_t)n * H + j, H, f + (size_t)k * n, n);
            if (!taken && fabs(r) > fabs(best)) best = r, picked[k] = u;
        }
        int l = picked[k] / H, j = picked[k] % H;
        snprintf(titles[k], sizeof titles[k], "layer %d cell %d: %s, r = %+.2f", l + 1, j, what[k], best);
        printf("  %s\n", titles[k]);
        panels[k] = (wb_text_panel){.title = titles[k], .value = tc + l * (size_t)n * H + j, .stride = H};
    }
    if (wb_text_heat_png(OUT "/activations.png", s->val_text, shown, panels, NF, 100) != 0)
        fprintf(stderr, "%s\n", wb_last_error());
    free(tc), free(f);
    seqlm_free(&one);
}

/* Week 10's RNN result from build/results/week10-bpc.tsv, if make week10 run has written it, and
   its number of steps (from the file's comment line). */
static double week10_rnn(long *steps) {
    FILE *f = fopen("build/results/week10-bpc.tsv", "r");
    char line[256];
    double v = 0;
    *steps = 0;
    while (f && fgets(line, sizeof line, f)) {
        const char *h = strstr(line, "the RNN: H ");
        int H;
        if (line[0] == '#' && h && sscanf(h, "the RNN: H %d, %ld steps", &H, steps) != 2) *steps = 0;
        if (strncmp(line, "rnn-", 4) == 0 && strchr(line, '\t')) v = atof(strchr(line, '\t') + 1);
    }
    if (f) fclose(f);
    return v;
}

enum { NM = 3 };
typedef struct poem_result {
    char name[NM][32];
    double val[NM], secs[NM];
    size_t np[NM];
    long steps[NM];
    curve c[NM];
} poem_result;

static void plot_bpc(const poem_result *r, double ng5, double w10, long w10_steps) {
    float nx[2] = {0, 1}, ny[2] = {(float)ng5, (float)ng5}, wy[2] = {(float)w10, (float)w10};
    for (int q = 0; q < NM; q++)
        if (r->c[q].n && r->c[q].step[r->c[q].n - 1] > nx[1]) nx[1] = r->c[q].step[r->c[q].n - 1];
    wb_series s[NM + 3];
    int n = 0;
    for (int q = 0; q < NM; q++)
        s[n++] = (wb_series){.label = r->name[q], .x = r->c[q].step, .y = r->c[q].val, .n = r->c[q].n,
                             .style = "linespoints"};
    s[n++] = (wb_series){.label = "LSTM train", .x = r->c[2].step, .y = r->c[2].train, .n = r->c[2].n};
    s[n++] = (wb_series){.label = "5-gram", .x = nx, .y = ny, .n = 2, .target = 1};
    static char w10_label[48];
    snprintf(w10_label, sizeof w10_label, "week 10 RNN, %ld steps", w10_steps);
    if (w10 > 0) s[n++] = (wb_series){.label = w10_label, .x = nx, .y = wy, .n = 2};
    wb_plot_opts o = {.title = "validation BPC on the poetic books", .xlabel = "training step",
                      .ylabel = "bits per character"};
    wb_plot_png(OUT "/bpc.png", &o, s, n);
}

static void write_results(const poem_result *r, double ng5) {
    wb_mkdir_parents("build/results/x");
    FILE *f = fopen("build/results/week11-bpc.tsv", "w");
    if (!f) {
        fprintf(stderr, "build/results/week11-bpc.tsv: cannot write: %s\n", strerror(errno));
        return;
    }
    fprintf(f, "# week11: validation BPC on week 10's split (every 10th verse); steps: rnn %ld, gru %ld, lstm %ld\n"
            "model\tbpc\nngram-5\t%.4f\n", r->steps[0], r->steps[1], r->steps[2], ng5);
    for (int q = 0; q < NM; q++) fprintf(f, "%s\t%.4f\n", r->name[q], r->val[q]);
    fclose(f);
    if (!(f = fopen("build/results/week11-curve.tsv", "w"))) return;
    fprintf(f, "step\tmodel\ttrain_bpc\tval_bpc\n");
    for (int q = 0; q < NM; q++)
        for (int i = 0; i < r->c[q].n; i++)
            fprintf(f, "%.0f\t%s\t%.4f\t%.4f\n", (double)r->c[q].step[i], r->name[q], (double)r->c[q].train[i],
                    (double)r->c[q].val[i]);
    fclose(f);
}

static int load_split(wb_text_split *s) {
    const char *data = getenv("DATA");
    if (data && strcmp(data, "sample") == 0) data = "poetry"; /* make figures asks for the sample */
    const char *path = wb_corpus_choose(data);
    if (!path) return -1;
    if (wb_text_split_load(path, WB_SPLIT_EVERY, 0, s) != 0) {
        if (!strstr(wb_last_error(), "no training verse uses")) return -1;
        if (wb_text_split_load(path, WB_SPLIT_EVERY, WB_SPLIT_UNK, s) != 0) return -1;
    }
    printf("Part 2: %s: %d training verses (%zu characters), %d validation verses (%zu), %d symbols\n", path,
           s->n_train_verses, s->n_train, s->n_val_verses, s->n_val, s->vocab.vocab_size);
    return 0;
}

static int poetry(int quick, int resume) {
    wb_text_split s;
    if (load_split(&s) != 0) return fprintf(stderr, "week11: %s\n", wb_last_error()), 1;
    ngram_model g; /* week 10's baseline */
    ngram_init(&g, 5, s.vocab.vocab_size);
    ngram_train(&g, s.train, s.n_train);
    long w10_steps;
    double ng5 = ngram_bpc(&g, s.val, s.n_val), w10 = week10_rnn(&w10_steps);
    ngram_free(&g);
    printf("Order-5 n-gram: %.3f BPC; week 10's RNN (build/results/week10-bpc.tsv): %s\n", ng5,
           w10 > 0 ? "" : "not run yet");
    if (w10 > 0) printf("  %.3f BPC\n", w10);
    int H = (int)wb_setting("HIDDEN", quick ? 128 : 256), L = (int)wb_setting("LAYERS", 2), B = (int)wb_setting("BATCH", 32);
    int T = (int)wb_setting("SEQ", 50);
    long steps = (long)wb_setting("STEPS", quick ? 500 : 2000);
    poem_cfg cfg = {.eval_every = (long)wb_setting("EVAL", quick ? 100 : 250), .clip = (float)wb_setting("CLIP", 5)};
    /* week 10's rate for its RNN; the gated cells train faster at twice that (measured: ANSWERS.md) */
    const float lrs[3] = {(float)wb_setting("LR", 3e-3), (float)wb_setting("GATED_LR", 6e-3), (float)wb_setting("GATED_LR", 6e-3)};
    long st[NM] = {(long)wb_setting("RNN_STEPS", steps), (long)wb_setting("GRU_STEPS", steps), steps};
    if (H < 1 || L < 1 || L > SEQLM_MAX_LAYERS || B < 1 || T < 1 || steps < 1 || cfg.eval_every < 1 ||
        lm_chunks(s.n_train, B, T) < 1) {
        fprintf(stderr, "week11: HIDDEN, BATCH, SEQ, STEPS, EVAL positive, LAYERS 1..%d, BATCH * SEQ within the text\n",
                SEQLM_MAX_LAYERS);
        wb_text_split_free(&s);
        return 2;
    }
    poem_result *r = wb_calloc(1, sizeof *r);
    const int kinds[NM] = {KIND_RNN, CELL_GRU, CELL_LSTM}, layers[NM] = {1, 1, L};
    const char *files[NM] = {"rnn", "gru", "lstm"};
    model m[NM];
    int q;
    for (q = 0; q < NM && !wb_interrupted(); q++) {
        wb_rng rng;
        wb_rng_seed(&rng, 2015);
        model_init(&m[q], kinds[q], s.vocab.vocab_size, H, layers[q], B, T, &rng);
        snprintf(r->name[q], sizeof r->name[q], "%s-%dx%d", files[q], layers[q], H);
        r->np[q] = n_params(&m[q]), r->steps[q] = st[q];
        cfg.steps = st[q], cfg.warmup = st[q] / 10 < 100 ? st[q] / 10 : 100, cfg.lr = lrs[q];
        printf("\n%s: %d layer(s) of %d, %zu parameters; %d streams x %d steps, Adam lr %g (warm-up, cosine to "
               "/20), clip %g; %ld steps\n", kind_name(kinds[q]), layers[q], H, r->np[q], B, T, (double)cfg.lr,
               (double)cfg.clip, st[q]);
        int rc = train_poem(&m[q], files[q], &s, &cfg, resume, &r->c[q], &r->secs[q]);
        if (rc < 0) fprintf(stderr, "%s\n", wb_last_error());
        if (rc > 0) printf("\nInterrupted; saved " OUT "/%s.ckpt. RESUME=1 make week11 run goes on.\n", files[q]);
        if (rc == 0) r->val[q] = r->c[q].n ? r->c[q].val[r->c[q].n - 1] : validate(&m[q], &s);
        if (rc != 0 || q < NM - 1) model_free(&m[q]);
        if (rc != 0) {
            free(r), wb_text_split_free(&s);
            return rc < 0 ? 1 : 130;
        }
    }
    if (q < NM) { /* Ctrl-C between two models: each one trained so far has its checkpoint */
        printf("\nInterrupted; RESUME=1 make week11 run goes on.\n");
        free(r), wb_text_split_free(&s);
        return 130;
    }
    printf("\n  model          parameters  steps  validation BPC  vs 5-gram  train time\n");
    printf("  %-13s  %10s  %5s  %14.3f  %9s\n", "ngram-5", "-", "-", ng5, "");
    if (w10 > 0)
        printf("  %-13s  %10s  %5ld  %14.3f  %+9.3f  (make week10 run)\n", "week 10 RNN", "", w10_steps, w10,
               w10 - ng5);
    for (int q = 0; q < NM; q++)
        printf("  %-13s  %10zu  %5ld  %14.3f  %+9.3f  %6.0f s\n", r->name[q], r->np[q], r->steps[q], r->val[q],
               r->val[q] - ng5, r->secs[q]);
    if (!(r->val[2] > 0)) printf("(BPC 0: the LSTM's functions are not written yet; make week11 test)\n");
    plot_bpc(r, ng5, w10, w10_steps);
    write_results(r, ng5);
    FILE *log = fopen(OUT "/samples.txt", "w");
    print_samples(&m[2], &s, log ? log : stderr);
    if (log) fclose(log);
    activations_png(&m[2], &s);
    printf("\nWrote " OUT "/: memory-accuracy.png, memory-gradients.png, bpc.png, activations.png, samples.txt, "
           "*.ckpt; build/results/week11-bpc.tsv, week11-curve.tsv\n");
    model_free(&m[2]);
    free(r);
    wb_text_split_free(&s);
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    double start = wb_seconds();
    wb_mkdir_parents(OUT "/x");
    wb_interrupt_catch();
    int quick = wb_setting("QUICK", 0) != 0, resume = wb_setting("RESUME", 0) != 0;
    FILE *done = resume ? fopen(OUT "/memory.tsv", "r") : NULL;
    if (done) fclose(done), printf("Part 1: done before (" OUT "/memory.tsv); RESUME=1 goes on with part 2\n");
    else if (wb_setting("MEMORY", 1) != 0) {
        int r = memory_task(quick);
        if (r < 0) return fprintf(stderr, "week11: %s\n", wb_last_error()), 2;
        if (r > 0) return printf("\nInterrupted in part 1 (nothing to save: it reruns).\n"), 130;
        printf("Part 1 took %.0f s\n\n", wb_seconds() - start);
    }
    int r = poetry(quick, resume);
    printf("Total time %.1f s\n", wb_seconds() - start);
    return r;
}
