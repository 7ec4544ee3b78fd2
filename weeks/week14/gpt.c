/**
# A tiny GPT

The decoder-only transformer of Radford et al. (2018, 2019), at the scale of characters: the
embeddings, $L$ identical **blocks**, a final layer norm and the output head.

## The block (pre-norm, as GPT-2)

$$ \begin{aligned}
   r_2 &= x + \mathrm{Proj}\big(\mathrm{Attention}(\mathrm{QKV}(\mathrm{LN}_1(x)))\big) \\
   r_3 &= r_2 + \mathrm{FCProj}\big(\mathrm{GELU}(\mathrm{FC}(\mathrm{LN}_2(r_2)))\big)
   \end{aligned} $$

`QKV` maps $C \to 3C$, `FC` $C \to 4C$ and `FCProj` back $4C \to C$. Each sub-layer *adds* to
the stream $x \to r_2 \to r_3$ (the **residual** stream) instead of replacing it; the layer norms
sit on the branches, so the stream itself is never normalised, and at the start, when the
branches give nearly nothing, the network is close to the identity — deep stacks start easy.

## The head, tied to the embeddings

The logits are $z_t = \mathrm{LN}_f(r_3^{(L)})_t\, W_{te}^\top$: the output layer *is* the token
embedding matrix (Press & Wolf 2017, as GPT-2). A character's input vector and the vector its
prediction is scored against are the same; it saves $VC$ parameters, and its gradient is the sum of
the two uses (the encoder's and the head's): `dwte` receives both.

## Dropout: training a model that cannot lean on any one unit

440 KB of verse is little for 817,792 parameters: after ~10 passes the model starts to memorise
it (training BPC falls, validation BPC turns back up). The cure nanoGPT's character-level models
use is **dropout** (week 07's inverted dropout, Srivastava et al. 2014) with probability
`cfg.drop`, in three places, as GPT-2: on the embeddings, and on each block's two branches just
before they are added to the stream,

$$ r_2 = x + \mathrm{Drop}(\mathrm{Proj}(\dots)), \qquad
   r_3 = r_2 + \mathrm{Drop}(\mathrm{FCProj}(\dots)). $$

The stream itself is never dropped: a branch's units are zeroed (the rest scaled by
$1/(1-p)$), so every sub-layer must work with a random part of the others switched off.
Dropout works in place (`attproj` becomes the dropped values); only the masks are stored
(`attproj_mask`, `fcproj_mask`, `encoded_mask`), and the backward pass multiplies the branch's
gradient by the same mask. It runs only while training: `m->train` is set by `gpt_train_step`
for its forward and backward passes and cleared after, so `gpt_bpc`, sampling and the attention
map see the whole, deterministic model. The masks come from the model's own `m->rng`.

## One buffer each: parameters, activations, and their gradients

As in llm.c, `params` holds every weight in a fixed order (`gpt_params` are views into it),
`grads` the same layout, and `acts` every intermediate of the forward pass at the largest shape
(`gpt_acts`), stacked by layer: block $l$'s `ln1` starts at `a.ln1 + l*B*T*C`. The backward pass
walks the same list in reverse; `dacts` holds the gradients of the activations. Since every
backward function *adds*, `gpt_backward` clears `dacts` first (all but `d.logits`, which the
forward pass's loss wrote).
*/
#include "week14.h"
#include "notwritten.h"

#include "simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: the layouts ---- */

void gpt_param_tensors(const gpt *m, float *base, float *t[GPT_TENSORS], size_t len[GPT_TENSORS]) {
    const size_t V = m->cfg.V, C = m->cfg.C, L = m->cfg.L, T = m->cfg.maxT;
    const size_t n[GPT_TENSORS] = {V * C, T * C, L * C, L * C, L * 3 * C * C, L * 3 * C,
                                   L * C * C, L * C, L * C, L * C, L * 4 * C * C, L * 4 * C,
                                   L * C * 4 * C, L * C, C, C};
    for (int k = 0; k < GPT_TENSORS; k++) {
        t[k] = base, len[k] = n[k];
        if (base) base += n[k];
    }
}

static void act_tensors(const gpt *m, float *base, float *t[GPT_ACTS], size_t *total) {
    const size_t V = m->cfg.V, C = m->cfg.C, L = m->cfg.L, NH = m->cfg.NH;
    const size_t BT = (size_t)m->maxB * m->cfg.maxT, T = m->cfg.maxT;
    const size_t n[GPT_ACTS] = {BT * C, BT * C, L * BT * C, L * BT, L * BT, L * BT * 3 * C,
                                L * BT * C, L * BT * NH * T, L * BT * C, L * BT * C, L * BT * C,
                                L * BT * C, L * BT, L * BT, L * BT * 4 * C, L * BT * 4 * C,
                                L * BT * C, L * BT * C, L * BT * C, BT * C, BT, BT, BT * V};
    *total = 0;
    for (int k = 0; k < GPT_ACTS; k++) t[k] = base ? base + *total : NULL, *total += n[k];
}

static void set_param_views(gpt_params *p, float *t[GPT_TENSORS]) {
    float **v[GPT_TENSORS] = {&p->wte, &p->wpe, &p->ln1w, &p->ln1b, &p->qkvw, &p->qkvb,
                              &p->attprojw, &p->attprojb, &p->ln2w, &p->ln2b, &p->fcw, &p->fcb,
                              &p->fcprojw, &p->fcprojb, &p->lnfw, &p->lnfb};
    for (int k = 0; k < GPT_TENSORS; k++) *v[k] = t[k];
}

static void set_act_views(gpt_acts *a, float *t[GPT_ACTS]) {
    float **v[GPT_ACTS] = {&a->encoded, &a->encoded_mask, &a->ln1, &a->ln1_mean, &a->ln1_rstd,
                           &a->qkv, &a->atty, &a->att, &a->attproj, &a->attproj_mask,
                           &a->residual2, &a->ln2, &a->ln2_mean, &a->ln2_rstd, &a->fch,
                           &a->fch_gelu, &a->fcproj, &a->fcproj_mask, &a->residual3, &a->lnf,
                           &a->lnf_mean, &a->lnf_rstd, &a->logits};
    for (int k = 0; k < GPT_ACTS; k++) *v[k] = t[k];
}

void gpt_init(gpt *m, gpt_config cfg, int maxB, wb_rng *rng) {
    WB_CHECK(cfg.V >= 1 && cfg.C >= 1 && cfg.L >= 1 && cfg.NH >= 1 && cfg.maxT >= 1 && maxB >= 1,
             "V %d, C %d, L %d, NH %d, maxT %d, maxB %d", cfg.V, cfg.C, cfg.L, cfg.NH, cfg.maxT,
             maxB);
    const int rem = cfg.C % cfg.NH;
    WB_CHECK(rem == 0, "the width C %d is not a multiple of the heads NH %d", cfg.C, cfg.NH);
    WB_CHECK(cfg.drop >= 0 && cfg.drop < 1, "dropout %g is not in [0,1)", (double)cfg.drop);
    *m = (gpt){.cfg = cfg, .maxB = maxB};
    float *t[GPT_TENSORS], *at[GPT_ACTS];
    size_t len[GPT_TENSORS];
    gpt_param_tensors(m, NULL, t, len);
    for (int k = 0; k < GPT_TENSORS; k++) m->n_params += len[k];
    m->params = wb_calloc(m->n_params, sizeof(float));
    m->grads = wb_calloc(m->n_params, sizeof(float));
    gpt_param_tensors(m, m->params, t, len);
    set_param_views(&m->p, t);
    gpt_param_tensors(m, m->grads, t, len);
    set_param_views(&m->g, t);
    act_tensors(m, NULL, at, &m->n_acts);
    m->acts = wb_calloc(m->n_acts, sizeof(float));
    m->dacts = wb_calloc(m->n_acts, sizeof(float));
    act_tensors(m, m->acts, at, &m->n_acts);
    set_act_views(&m->a, at);
    act_tensors(m, m->dacts, at, &m->n_acts);
    set_act_views(&m->d, at);
    /* N(0, 0.02^2) as GPT-2; the two projections into the residual stream get 1/sqrt(2L) of it,
       so the stream's variance grows by about 0.02^2 over all 2L additions, not per addition */
    const size_t C = cfg.C, L = cfg.L;
    const float proj = 0.02f / sqrtf(2.0f * cfg.L);
    wb_rng_fill_normal(rng, m->p.wte, (long)(cfg.V * C), 0.02f);
    wb_rng_fill_normal(rng, m->p.wpe, (long)(cfg.maxT * C), 0.02f);
    wb_rng_fill_normal(rng, m->p.qkvw, (long)(L * 3 * C * C), 0.02f);
    wb_rng_fill_normal(rng, m->p.attprojw, (long)(L * C * C), proj);
    wb_rng_fill_normal(rng, m->p.fcw, (long)(L * 4 * C * C), 0.02f);
    wb_rng_fill_normal(rng, m->p.fcprojw, (long)(L * 4 * C * C), proj);
    for (size_t i = 0; i < L * C; i++) m->p.ln1w[i] = m->p.ln2w[i] = 1.0f;
    for (size_t i = 0; i < C; i++) m->p.lnfw[i] = 1.0f;
    wb_rng_seed(&m->rng, wb_rng_u32(rng)); /* after the weights: the same init at any drop */
}

void gpt_free(gpt *m) {
    free(m->params), free(m->grads), free(m->acts), free(m->dacts);
    memset(m, 0, sizeof *m);
}

void gpt_zero_grad(gpt *m) { memset(m->grads, 0, m->n_params * sizeof(float)); }

/* Clear the gradients of the activations the backward pass adds into, at the shape (B,T) of the
   last forward pass: all but d.att (scratch, overwritten), d.logits (the loss wrote it) and the
   masks' (never used: a mask is not a function of the parameters). wb_simd_zero, not memset:
   ~76 MB at the training shape, more than any cache holds, written without reading it in first
   (3% of a training step on a Sapphire Rapids, both ISAs). */
static void zero_dacts(gpt *m) {
    gpt big = *m;
    big.maxB = m->B, big.cfg.maxT = m->T; /* act_tensors' sizes at the current shape */
    float *t[GPT_ACTS], *used[GPT_ACTS];
    size_t total;
    act_tensors(m, m->dacts, t, &total);
    act_tensors(&big, m->dacts, used, &total);
    for (int k = 0; k + 1 < GPT_ACTS; k++) {
        size_t n = (size_t)(used[k + 1] - used[k]); /* tensor k's length at (B,T) */
        if (t[k] != m->d.att && t[k] != m->d.encoded_mask && t[k] != m->d.attproj_mask &&
            t[k] != m->d.fcproj_mask)
            wb_simd_zero(t[k], (long)n);
    }
}

/* Dropout's mode for week 07's dropout_forward/backward: on only while training with drop > 0
   (at drop 0 it would draw a mask of ones for nothing). */
static int dropping(const gpt *m) { return m->train && m->cfg.drop > 0; }

/* ---- what you write ---- */

void block_forward(gpt *m, int l) {
    const int B = m->B, T = m->T, C = m->cfg.C, NH = m->cfg.NH, BT = B * T;
    const size_t btc = (size_t)BT * C, c = C;
    const gpt_params *p = &m->p;
    const gpt_acts *a = &m->a;
    const float *x = l == 0 ? a->encoded : a->residual3 + (l - 1) * btc; /* (B,T,C) */
    float *ln1 = a->ln1 + l * btc, *qkv = a->qkv + l * 3 * btc, *atty = a->atty + l * btc;
    float *att = a->att + (size_t)l * B * NH * T * T, *attproj = a->attproj + l * btc;
    float *res2 = a->residual2 + l * btc, *ln2 = a->ln2 + l * btc, *fch = a->fch + l * 4 * btc;
    float *fch_gelu = a->fch_gelu + l * 4 * btc, *fcproj = a->fcproj + l * btc;
    float *res3 = a->residual3 + l * btc;
    float *mean1 = a->ln1_mean + (size_t)l * BT, *rstd1 = a->ln1_rstd + (size_t)l * BT;
    float *mean2 = a->ln2_mean + (size_t)l * BT, *rstd2 = a->ln2_rstd + (size_t)l * BT;
    float *amask = a->attproj_mask + l * btc, *fmask = a->fcproj_mask + l * btc;
    const int drop = dropping(m); /* dropout's train argument: 0 in evaluation */
    // Each branch is dropped (in place) just before it joins the stream: a regulariser for the
    // branch alone, the stream itself is never zeroed.
    // TODO: ln1, qkv (C -> 3C), attention, its projection, dropout, residual2 = x + that
    wb_not_written(__func__);
    // TODO: ln2, fc (C -> 4C), GELU, fcproj (4C -> C), dropout, residual3 = res2 + that
    wb_not_written(__func__);
    (void)x, (void)ln1, (void)qkv, (void)atty, (void)att, (void)attproj, (void)res2;
    (void)ln2, (void)fch, (void)fch_gelu, (void)fcproj, (void)res3, (void)mean1;
    (void)rstd1, (void)mean2, (void)rstd2, (void)p, (void)NH, (void)c, (void)amask;
    (void)fmask, (void)drop;
}

void block_backward(gpt *m, int l) {
    const int B = m->B, T = m->T, C = m->cfg.C, NH = m->cfg.NH, BT = B * T;
    const size_t btc = (size_t)BT * C, c = C, lbt = (size_t)l * BT;
    const gpt_params *p = &m->p, *g = &m->g;
    const gpt_acts *a = &m->a, *d = &m->d;
    const float *x = l == 0 ? a->encoded : a->residual3 + (l - 1) * btc;
    float *dx = l == 0 ? d->encoded : d->residual3 + (l - 1) * btc; /* ADDED into */
    const float *dres3 = d->residual3 + l * btc;
    float *dres2 = d->residual2 + l * btc, *dfcproj = d->fcproj + l * btc;
    float *dfch_gelu = d->fch_gelu + l * 4 * btc, *dfch = d->fch + l * 4 * btc;
    float *dln2 = d->ln2 + l * btc, *dattproj = d->attproj + l * btc, *datty = d->atty + l * btc;
    float *dqkv = d->qkv + l * 3 * btc, *dln1 = d->ln1 + l * btc;
    float *datt = d->att; /* scratch, the same for every layer: it stays in the cache */
    const float *amask = a->attproj_mask + l * btc, *fmask = a->fcproj_mask + l * btc;
    const int drop = dropping(m); /* the mode the forward pass ran in */
    // TODO: the MLP half backwards: residual3, dropout, fcproj, GELU, fc, ln2 (to dres2)
    wb_not_written(__func__);
    // TODO: the attention half: residual2, dropout, attproj, attention, qkv, ln1 (to dx)
    wb_not_written(__func__);
    (void)p, (void)g, (void)a, (void)x, (void)dx, (void)dres3, (void)dres2, (void)c;
    (void)dfcproj, (void)dfch_gelu, (void)dfch, (void)dln2, (void)dattproj, (void)lbt;
    (void)datty, (void)dqkv, (void)dln1, (void)datt, (void)amask, (void)fmask, (void)drop;
    (void)NH;
}

float gpt_forward(gpt *m, const int *inp, const int *targets, int B, int T) {
    const int V = m->cfg.V, C = m->cfg.C, L = m->cfg.L;
    WB_CHECK(B >= 1 && B <= m->maxB && T >= 1 && T <= m->cfg.maxT,
             "a batch of %d x %d (the model was made for up to %d x %d)", B, T, m->maxB,
             m->cfg.maxT);
    for (int i = 0; i < B * T; i++) {
        WB_CHECK(inp[i] >= 0 && inp[i] < V, "inp[%d] = %d outside 0..%d", i, inp[i], V - 1);
        if (targets)
            WB_CHECK(targets[i] >= 0 && targets[i] < V, "targets[%d] = %d outside 0..%d", i,
                     targets[i], V - 1);
    }
    m->B = B, m->T = T, m->inp = inp;
    const float *last = m->a.residual3 + (size_t)(L - 1) * B * T * C; /* (B,T,C) */
    (void)last;
    // TODO: embeddings and their dropout, the L blocks, the final layer norm, the logits
    wb_not_written(__func__);
    if (!targets) return 0.0f;
    // TODO: the mean cross-entropy over the B*T targets and its gradient (week 05)
    wb_not_written(__func__);
    return 0.0f;
}

void gpt_backward(gpt *m) {
    const int B = m->B, T = m->T, V = m->cfg.V, C = m->cfg.C, L = m->cfg.L;
    WB_CHECK(B >= 1 && m->inp, "gpt_backward before gpt_forward");
    const size_t last = (size_t)(L - 1) * B * T * C;
    zero_dacts(m);
    // TODO: the head (into dlnf and dwte), lnf, the blocks from L-1 down, the embeddings
    wb_not_written(__func__);
    (void)V, (void)last;
}

float gpt_train_step(gpt *m, optimizer *o, const int *x, const int *y, int B, int T,
                     float max_norm) {
    // TODO: zero the gradients, forward and backward in training mode, clip, one step
    wb_not_written(__func__);
    (void)m, (void)o, (void)x, (void)y, (void)B, (void)T, (void)max_norm;
    return 0.0f;
}

/* ---- given: measuring and sampling ---- */

/* The sum of -ln p(target) over the windows' positions from `from` on: w windows of T inputs. */
static double window_nll(gpt *m, const int *ids, const long *start, int w, int T, int from) {
    int *x = wb_malloc((size_t)w * T * sizeof *x);
    for (int b = 0; b < w; b++) memcpy(x + (size_t)b * T, ids + start[b], (size_t)T * sizeof *x);
    gpt_forward(m, x, NULL, w, T);
    double nll = 0;
    for (int b = 0; b < w; b++)
        for (int t = from; t < T; t++) {
            int y = ids[start[b] + t + 1];
            const float *z = m->a.logits + ((size_t)b * T + t) * m->cfg.V; /* (V) */
            nll += softmax_xent(z, &y, 1, m->cfg.V, NULL);
        }
    free(x);
    return nll;
}

double gpt_bpc(gpt *m, const int *ids, size_t n) {
    WB_CHECK(n >= 2, "gpt_bpc of %zu characters (at least 2)", n);
    const long N = (long)n - 1; /* targets ids[1..n-1] */
    const int T = N < m->cfg.maxT ? (int)N : m->cfg.maxT, S = T / 2 > 0 ? T / 2 : 1;
    long *start = wb_malloc((size_t)m->maxB * sizeof *start), done = T; /* scored: 0..done-1 */
    double nll = window_nll(m, ids, (long[]){0}, 1, T, 0);
    while (done < N) {
        int w = 0;
        while (w < m->maxB && done + S <= N) start[w++] = done + S - T, done += S;
        if (w > 0) nll += window_nll(m, ids, start, w, T, T - S);
        if (w == 0 || (done < N && done + S > N)) { /* the tail: one window ending at N */
            int rest = (int)(N - done);
            if (rest > 0) nll += window_nll(m, ids, (long[]){N - T}, 1, T, T - rest);
            done = N;
        }
    }
    free(start);
    return nats_to_bpc(nll / (double)N);
}

void gpt_generate(gpt *m, const int *prompt, int n_prompt, int n_out, float temperature,
                  wb_rng *rng, int *out) {
    WB_CHECK(n_prompt >= 1 && n_out >= 0, "prompt of %d, %d to sample", n_prompt, n_out);
    const int V = m->cfg.V, maxT = m->cfg.maxT;
    int *ctx = wb_malloc((size_t)(n_prompt + n_out) * sizeof *ctx);
    float *p = wb_malloc((size_t)V * sizeof *p);
    memcpy(ctx, prompt, (size_t)n_prompt * sizeof *ctx);
    for (int k = 0; k < n_out; k++) {
        int len = n_prompt + k, T = len < maxT ? len : maxT;
        gpt_forward(m, ctx + len - T, NULL, 1, T);
        sampling_probs(m->a.logits + (size_t)(T - 1) * V, V, temperature, 0, p);
        ctx[len] = out[k] = sample_index(p, V, wb_rng_uniform(rng));
    }
    free(ctx), free(p);
}
