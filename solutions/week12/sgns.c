/**
# Skip-gram with negative sampling

Skip-gram (Mikolov et al. 2013a) turns word vectors into a prediction task: from a word at the
centre of a window, predict each word around it. Every word $w$ has two vectors, $v_w$ when it is
the centre (a row of `W`, the vectors we keep) and $u_w$ when it is a context (a row of `U`). The
full model's softmax over all $V$ words costs $V$ dot products per pair; *negative sampling*
(Mikolov et al. 2013b) replaces it with $k + 1$ binary questions: is $o$ a real context of $c$
(yes), and is each of $k$ random words $n_j \sim P_n$ one (no)? With $\sigma(x) = 1/(1 + e^{-x})$,
the loss of one (centre $c$, context $o$, negatives $n_1..n_k$) example is
$$L = -\log\sigma(u_o \cdot v_c) - \sum_{j=1}^{k}\log\sigma(-u_{n_j}\cdot v_c).$$
Goldberg & Levy (2014) show what it optimises: at its optimum $u_o \cdot v_c = \text{PMI}(c, o) - \log k$,
a shifted pointwise mutual information of the two words.

**The gradient.** With $f_j = u_j \cdot v_c$ and the label $t_j$ (1 for the context, 0 for a
negative), every term is $-\log\sigma(f)$ or $-\log\sigma(-f)$, and both have the derivative
$g_j = \sigma(f_j) - t_j$ in $f_j$ (a logistic regression's "prediction minus label"). So
$$\frac{\partial L}{\partial v_c} = \sum_{j=0}^{k} g_j\,u_j, \qquad \frac{\partial L}{\partial u_j} = g_j\,v_c.$$
Computing $-\log\sigma(f)$ for $f = -1000$ as `-logf(1 / (1 + expf(1000)))` gives `inf`; written as
the softplus $\log(1 + e^{-f}) = \max(-f, 0) + \log(1 + e^{-|f|})$ it is exact at any $f$.

**The update.** Plain SGD on one example at a time, and in place (there are millions of examples and
no minibatch): $u_j \leftarrow u_j - \eta g_j v_c$ and $v_c \leftarrow v_c - \eta \sum_j g_j u_j$.
Both gradients must be taken *before* either vector moves. word2vec.c does it by accumulating the
centre's step in a scratch vector (`neu1e`) while it updates the contexts with the old $v_c$, and
adds it to $v_c$ only at the end. Updating $v_c$ first and the contexts with the new value is not
SGD on $L$ any more.

**The learning rate** falls in a straight line from $\eta_0 = 0.025$ at the first word to
$\eta_{\min} = 10^{-4}$ at the last word of the last epoch (word2vec.c, gensim). Large steps early
move the random start fast; small steps late let the vectors settle instead of being kicked about
by the last few thousand examples.

**The dynamic window.** For each centre, word2vec.c draws a window size $b$ uniformly from
$1..\text{window}$ and uses the $b$ words on each side. A word at distance $d$ is therefore used
with probability $(\text{window} - d + 1)/\text{window}$: near words weigh more, at no extra cost
(it is cheaper than the full window, in fact).

**Speed.** The work is three loops over $D = 100$ floats for each of the $k + 1$ rows: a dot
product and two updates, 600 multiply-adds per row and nothing else, so they must run at the vector
unit's speed. The updates are plain loops the compiler vectorises at `-O3`. A dot product is a sum,
and the compiler may not reorder a float sum by itself (the result would change); `dot` below sums
in 8 independent partial sums, which it can vectorise. The training loop is compiled twice, for
any x86-64 (4 floats at a time) and for AVX2 with fused multiply-add (8 at a time), and the CPU's
best is chosen at run time. No allocation in the loop: all scratch lives in the model, allocated
once. And memory matters as much as arithmetic: the negatives table has $2^{20}$ entries (4 MB,
it stays in the cache) instead of word2vec.c's $10^8$ (400 MB, a cache miss per draw), which is
still 25 entries for the rarest word of the KJV (measured: 35% faster).
*/
#include "week12.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given ---- */
/* a . b over D floats, in 8 partial sums (vectorisable; the order of the additions is fixed). */
static inline float dot(const float *a, const float *b, int D) {
    float s[8] = {0};
    int i = 0;
    for (; i + 8 <= D; i += 8)
        for (int l = 0; l < 8; l++) s[l] += a[i + l] * b[i + l];
    for (; i < D; i++) s[0] += a[i] * b[i];
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}
static inline float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
/* log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
static inline float softplus(float x) { return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x))); }

float sgns_loss(const float *v, const float *U, const int *ids, int k, int D, float *dv, float *dU) {
    float L = 0;
    for (int d = 0; d < D; d++) dv[d] = 0;
    // For each row j = 0..k (u = U + ids[j] * D, label 1 for j = 0, else 0): f = u . v; add -log
    // sigmoid(f) or -log sigmoid(-f) to L (as a softplus: exact at f = +-1000); g = sigmoid(f) -
    // label; dv += g u; and, if dU is not NULL, add g v to dU's row ids[j].
    // BEGIN SOLUTION: the steps above
    for (int j = 0; j <= k; j++) {
        const float *u = U + (size_t)ids[j] * D;
        float f = dot(u, v, D), label = j == 0 ? 1.0f : 0.0f;
        L += j == 0 ? softplus(-f) : softplus(f);  /* -log sigmoid(f) = log(1 + e^-f) */
        float g = sigmoid(f) - label;
        for (int d = 0; d < D; d++) dv[d] += g * u[d];
        if (dU)
            for (int d = 0; d < D; d++) dU[(size_t)ids[j] * D + d] += g * v[d];
    }
    // END SOLUTION
    // STUB: (void)v; (void)U; (void)ids; (void)k; (void)dU; (void)softplus; L = NAN;
    return L;
}

void sgns_step(float *v, float *U, const int *ids, int k, int D, float lr, float *work) {
    // Set work = 0; for each row j (label 1 for j = 0): g = lr (sigmoid(u . v) - label); work += g u
    // (the centre's step, with u before its update); u -= g v (with v before its update); at the
    // end v -= work.
    // BEGIN SOLUTION: the steps above
    for (int d = 0; d < D; d++) work[d] = 0;
    for (int j = 0; j <= k; j++) {
        float *u = U + (size_t)ids[j] * D;
        float g = lr * (sigmoid(dot(u, v, D)) - (j == 0 ? 1.0f : 0.0f));
        for (int d = 0; d < D; d++) work[d] += g * u[d];
        // MUTANT centre_first: for (int d = 0; d < D; d++) v[d] -= g * u[d];
        for (int d = 0; d < D; d++) u[d] -= g * v[d];
    }
    for (int d = 0; d < D; d++) v[d] -= work[d];
    // END SOLUTION
    // STUB: (void)v; (void)U; (void)ids; (void)k; (void)D; (void)lr; (void)work;
}

float lr_linear(float lr0, float lr_min, long done, long total) {
    // The straight line from lr0 (done = 0) to lr_min (done = total): lr0 - (lr0 - lr_min) done /
    // total, and lr_min once done >= total (compute the fraction in double).
    // BEGIN SOLUTION: the steps above
    if (done >= total) return lr_min;
    return (float)(lr0 - (lr0 - lr_min) * ((double)done / (double)total));
    // MUTANT never_decays: return lr0;
    // END SOLUTION
    // STUB: (void)lr0; (void)lr_min; (void)done; (void)total;
    // STUB: return NAN;
}

int window_pairs(int n, int window, wb_rng *rng, int *centre, int *context) {
    int np = 0;
    // For each centre i in order: b = window - wb_rng_below(rng, window) (uniform in 1..window, one
    // draw per centre); then every j from i - b to i + b, inside 0..n-1 and j != i: one pair (i,
    // j).
    // BEGIN SOLUTION: the steps above
    for (int i = 0; i < n; i++) {
        // MUTANT window_skip_short: if (n < 2) return 0; for (int i = 0; i < n; i++) {
        int b = window - (int)wb_rng_below(rng, (uint32_t)window);
        // MUTANT fixed_window: int b = window; (void)wb_rng_below(rng, (uint32_t)window);
        for (int j = i - b; j <= i + b; j++)
            if (j >= 0 && j < n && j != i) centre[np] = i, context[np] = j, np++;
    }
    // END SOLUTION
    // STUB: (void)n; (void)window; (void)rng; (void)centre; (void)context;
    return np;
}

void w2v_init(w2v_model *m, const w2v_vocab *v, const w2v_config *cfg, long total) {
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    m->V = v->size, m->D = cfg->dim;
    m->total = total;
    wb_rng_seed(&m->rng, cfg->seed);
    size_t n = (size_t)m->V * (size_t)m->D;
    m->W = wb_malloc(n * sizeof *m->W);
    m->U = wb_calloc(n, sizeof *m->U);
    wb_rng_fill_uniform(&m->rng, m->W, (long)n, -0.5f / (float)m->D, 0.5f / (float)m->D);
    m->keep = wb_malloc((size_t)m->V * sizeof *m->keep);
    for (int i = 0; i < m->V; i++) m->keep[i] = keep_probability(v->counts[i], v->total, cfg->sample);
    m->table = wb_malloc((size_t)W2V_TABLE_SIZE * sizeof *m->table);
    unigram_table(v->counts, m->V, m->table, W2V_TABLE_SIZE);
    size_t maxp = 2 * (size_t)cfg->window * W2V_MAX_SENTENCE;
    m->sent = wb_malloc(W2V_MAX_SENTENCE * sizeof *m->sent);
    m->centre = wb_malloc(maxp * sizeof *m->centre);
    m->context = wb_malloc(maxp * sizeof *m->context);
    m->ids = wb_malloc((size_t)(cfg->negative + 1) * sizeof *m->ids);
    m->work = wb_malloc((size_t)m->D * sizeof *m->work);
}

void w2v_free(w2v_model *m) {
    free(m->W), free(m->U), free(m->keep), free(m->table);
    free(m->sent), free(m->centre), free(m->context), free(m->ids), free(m->work);
    memset(m, 0, sizeof *m);
}

/* Train on the n words of one sentence s (already subsampled), at learning rate lr. */
static void train_sentence(w2v_model *m, const int *s, int n, float lr) {
    const int D = m->D, k = m->cfg.negative;
    int np = window_pairs(n, m->cfg.window, &m->rng, m->centre, m->context);
    for (int p = 0; p < np; p++) {
        float *v = m->W + (size_t)s[m->centre[p]] * D;
        int kk = 0;
        m->ids[0] = s[m->context[p]];
        // Draw k negatives, each table[wb_rng_below(rng, W2V_TABLE_SIZE)], skipping a draw that is
        // the context word itself, into m->ids[1..kk]; then one sgns_step with kk negatives.
        // BEGIN SOLUTION: the steps above
        for (int j = 0; j < k; j++) {
            int neg = m->table[wb_rng_below(&m->rng, W2V_TABLE_SIZE)];
            // MUTANT neg_uniform: int neg = (int)wb_rng_below(&m->rng, (uint32_t)m->V);
            if (neg != m->ids[0]) m->ids[++kk] = neg;
            // MUTANT neg_dup_skip_prev: if (neg != m->ids[0] && neg != m->ids[kk]) m->ids[++kk] = neg;
            // MUTANT neg_includes_context: m->ids[++kk] = neg;
            // MUTANT neg_skips_centre: if (neg != s[m->centre[p]]) m->ids[++kk] = neg;
            // MUTANT neg_overwrites_context: if (neg != m->ids[0]) m->ids[kk++] = neg;
        }
        sgns_step(v, m->U, m->ids, kk, D, lr, m->work);
        // MUTANT step_at_lr0: sgns_step(v, m->U, m->ids, kk, D, m->cfg.lr0, m->work);
        // MUTANT step_with_k: sgns_step(v, m->U, m->ids, k, D, lr, m->work);
        // MUTANT contexts_in_w: sgns_step(v, m->W, m->ids, kk, D, lr, m->work);
        // END SOLUTION
        // STUB: (void)v; (void)lr; (void)D; (void)k;
        if ((p & 1023) == 0 && kk == k) { /* the loss of one example in 1024, for the report */
            m->loss_sum += sgns_loss(v, m->U, m->ids, kk, D, m->work, NULL);
            m->loss_n++;
        }
    }
}

/* The same function compiled a second time for CPUs with AVX2 and FMA: `flatten` inlines all it
   calls (sgns_step, dot) into it, so the loops over D floats become 8-wide fused multiply-adds.
   Chosen at run time (wb_cpu_isa), as the harness chooses its kernels: one binary for any x86-64. */
#if defined(__x86_64__)
__attribute__((target("avx2,fma"), flatten)) static void train_sentence_avx2(w2v_model *m, const int *s, int n,
                                                                              float lr) {
    train_sentence(m, s, n, lr);
}
#endif

long w2v_train_chunk(w2v_model *m, const int *ids, long n) {
    long i = 0;
#if defined(__x86_64__)
    const int avx2 = wb_cpu_isa() >= WB_ISA_AVX2;
#else
    const int avx2 = 0;
#endif
    while (i < n) {
        /* one sentence: up to the next -1, at most W2V_MAX_SENTENCE words */
        int len = 0;
        float lr = lr_linear(m->cfg.lr0, m->cfg.lr_min, m->done, m->total);
        for (int taken = 0; i < n && ids[i] >= 0 && taken < W2V_MAX_SENTENCE; i++, taken++) {
            int w = ids[i];
            m->done++;
            // Subsampling: keep word w with probability m->keep[w] (a uniform draw below it; no
            // draw when keep is 1), appending it to m->sent[len++].
            // BEGIN SOLUTION: the steps above
            const float p = m->keep[w];
            // MUTANT keep_by_position: const float p = m->keep[i];
            if (p >= 1.0f || wb_rng_uniform(&m->rng) < p) m->sent[len++] = w;
            // MUTANT keep_always_draws: if (wb_rng_uniform(&m->rng) < p) m->sent[len++] = w;
            // MUTANT keep_above: if (p >= 1.0f || wb_rng_uniform(&m->rng) > p) m->sent[len++] = w;
            // MUTANT keep_all: (void)p; m->sent[len++] = w;
            // END SOLUTION
            // STUB: (void)w;
        }
        if (i < n && ids[i] < 0) i++;
#if defined(__x86_64__)
        if (avx2) train_sentence_avx2(m, m->sent, len, lr);
        else
#endif
            train_sentence(m, m->sent, len, lr);
    }
    return n;
}
