/* test_gpt.c — the model: the untrained loss, a block that is the identity when its projections
 * are zero, the gradients of one block and of two against finite differences (and of one and
 * two blocks with dropout, their masks held fixed, and in training mode at dropout 0), dropout
 * only in training, causality, the bits per
 * character of a short text, and overfitting a tiny corpus. */
#include "testing.h"
#include "week14.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void random_ids(wb_rng *r, int *x, int n, int V) {
    for (int i = 0; i < n; i++) x[i] = (int)wb_rng_below(r, (uint32_t)V);
}

static double gelu_ref(double x) { /* GPT-2's tanh form, in double */
    return 0.5 * x * (1 + tanh(sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

static void tiny(gpt *m, int V, int C, int L, int NH, int T, int B, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    gpt_init(m, (gpt_config){.V = V, .C = C, .L = L, .NH = NH, .maxT = T}, B, &r);
}

WB_TEST(gpt_untrained_loss_is_ln_V, .points = 1,
        .hint = "The loss is the mean of -ln softmax(logits)[target] over all B*T positions of "
                "the batch. Untrained (weights ~ N(0, 0.02^2)) the logits are near 0 and every "
                "character about equally likely: that mean is about ln V. 0 means no loss was "
                "computed.",
        .hint2 = "A MEAN in nats: not the sum, not in bits, and not over the first sequence "
                 "alone: the logits are B*T rows of V, one row per position of every sequence.") {
    enum { V = 23, C = 8, T = 16, B = 4, N = B * T };
    gpt m;
    tiny(&m, V, C, 2, 2, T, B, 31);
    wb_rng r;
    wb_rng_seed(&r, 32);
    int x[N], y[N];
    random_ids(&r, x, N, V), random_ids(&r, y, N, V);
    float loss = gpt_forward(&m, x, y, B, T);
    /* the definition, in double, from the logits the forward pass left: every one of the B*T
       rows counts (the first T alone, one sequence, is also reported); float's log-sum-exp of
       V = 23 terms near 3: ~1e-6 */
    double all = 0, first = 0;
    for (int i = 0; i < N; i++) {
        const float *z = m.a.logits + (size_t)i * V;
        double mx = z[0], s = 0;
        for (int v = 1; v < V; v++) mx = z[v] > mx ? z[v] : mx;
        for (int v = 0; v < V; v++) s += exp(z[v] - mx);
        double nll = mx + log(s) - z[y[i]];
        all += nll, first += i < T ? nll : 0;
    }
    all /= N, first /= T;
    ck_assert_msg(fabs(loss - all) <= 1e-5 * all, "gpt_forward returned %.7f, but the mean of "
                  "-ln softmax(logits)[target] over all B*T = %d positions of m->a.logits is %.7f "
                  "(over the first sequence's T = %d only: %.7f)", (double)loss, N, all, T, first);
    /* At the start the blocks add almost nothing, so lnf ~ layernorm(wte[x] + wpe[t]): norm
       sqrt(C). A logit lnf . wte[v] then has standard deviation s = 0.02 sqrt(C) = 0.057, which
       adds ~s^2/2 to ln V; and the input token's own logit (tied head) is ~0.02 C / sqrt(2) =
       0.11 above the rest, adding at most ~(e^0.11 - 1)/V: ln V + 0.007 in all, to first order.
       The target's logit is random, so the mean over N positions varies by s / sqrt(N) = 0.007:
       4 of those allowed (0.028; a sum, bits or no loss at all are off by > 1). */
    double want = log(V) + 0.02 * 0.02 * C / 2 + (exp(0.02 * C / sqrt(2.0)) - 1) / V;
    WB_ASSERT_NEAR(loss, want, 0, 4 * 0.02 * sqrt(C) / sqrt(N));
    gpt_free(&m);
}

WB_TEST(gpt_block_is_identity_with_zero_projections, .points = 2,
        .hint = "Each half of a block ADDS its branch to the residual stream: residual2 = x + "
                "attproj, residual3 = residual2 + fcproj. With both projections (and biases) zero the "
                "block's output is its input, and logits = layernorm(embeddings) wte^T (tied head).",
        .hint2 = "A block whose output is only the branch (no residual) gives zeros here; logits "
                 "that are wrong while residual3 is right: the final layer norm or the head.") {
    enum { V = 7, C = 8, T = 5, B = 2 };
    gpt m;
    tiny(&m, V, C, 1, 2, T, B, 33);
    memset(m.p.attprojw, 0, C * C * sizeof(float)), memset(m.p.fcprojw, 0, 4 * C * C * sizeof(float));
    wb_rng r;
    wb_rng_seed(&r, 34);
    wb_rng_fill_normal(&r, m.p.lnfw, C, 1.0f), wb_rng_fill_normal(&r, m.p.lnfb, C, 1.0f);
    wb_rng_fill_normal(&r, m.p.wte, V * C, 1.0f), wb_rng_fill_normal(&r, m.p.wpe, T * C, 1.0f);
    int x[B * T];
    random_ids(&r, x, B * T, V);
    for (int i = 0; i < B * T * V; i++) m.a.logits[i] = NAN;
    gpt_forward(&m, x, NULL, B, T);
    float e[B * T * C], want[B * T * V];
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float *row = m.p.wte + x[b * T + t] * C, *pos = m.p.wpe + t * C;
            float *er = e + (b * T + t) * C;
            double mu = 0, var = 0, y[C];
            for (int i = 0; i < C; i++) er[i] = row[i] + pos[i], mu += er[i];
            mu /= C;
            for (int i = 0; i < C; i++) var += (er[i] - mu) * (er[i] - mu);
            for (int i = 0; i < C; i++)
                y[i] = (er[i] - mu) / sqrt(var / C + 1e-5) * m.p.lnfw[i] + m.p.lnfb[i];
            for (int v = 0; v < V; v++) {
                double z = 0;
                for (int i = 0; i < C; i++) z += y[i] * m.p.wte[v * C + i];
                want[(b * T + t) * V + v] = (float)z;
            }
        }
    WB_ASSERT_CLOSE(m.a.residual3, e, B * T * C, 1e-6, 1e-6);
    WB_ASSERT_CLOSE(m.a.logits, want, B * T * V, 1e-4, 1e-5); /* sums of 8 products of ~1 */
    gpt_free(&m);
}

/* ---- the stored activations, layer by layer, recomputed in double from the stated layouts ---- */
/* The shape of these tests: no two of B*T*C (120), B*NH*T*T (150), B*T (15) coincide, hs (4) is
   not T (5) and B (3) is not NH (2), so an offset or a count written with the wrong product reads
   or writes the wrong place instead of hiding behind equal sizes. */
enum { LV = 5, LC = 8, LL = 2, LNH = 2, LT = 5, LB = 3, LBT = LB * LT, LBTC = LBT * LC };

static void lay_model(gpt *m, float drop, uint64_t seed, int *x) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    gpt_init(m, (gpt_config){.V = LV, .C = LC, .L = LL, .NH = LNH, .maxT = LT, .drop = drop}, LB,
             &r);
    /* every weight and bias random and distinct, so that each layer's slice matters */
    wb_rng_fill_normal(&r, m->params, (long)m->n_params, 0.4f);
    random_ids(&r, x, LBT, LV);
}

/* the first element of got (n) farther than 1e-4 relative + 1e-5 from want: the recomputations
   below start from the model's own stored float inputs, so only float rounding (~1e-6) differs */
static void expect_tensor(const char *what, int l, const float *got, const double *want, int n,
                          const char *why) {
    for (int i = 0; i < n; i++)
        ck_assert_msg(fabs(got[i] - want[i]) <= 1e-4 * fabs(want[i]) + 1e-5, "layer %d's %s[%d] "
                      "= %.6g, recomputed from its inputs %.6g: %s", l, what, i, got[i], want[i],
                      why);
}

/* want (N,OC) = inp (N,C) w (OC,C)^T + b (OC), times mask (N*OC) if not NULL */
static void lay_linear(double *want, const float *inp, const float *w, const float *b,
                       const float *mask, int N, int C, int OC) {
    for (int n = 0; n < N; n++)
        for (int o = 0; o < OC; o++) {
            double z = b ? b[o] : 0;
            for (int i = 0; i < C; i++) z += (double)inp[n * C + i] * w[o * C + i];
            want[n * OC + o] = mask ? z * mask[n * OC + o] : z;
        }
}

static void lay_layernorm(double *want, const float *inp, const float *w, const float *b, int N) {
    for (int n = 0; n < N; n++) {
        const float *x = inp + n * LC;
        double mu = 0, var = 0;
        for (int i = 0; i < LC; i++) mu += x[i];
        mu /= LC;
        for (int i = 0; i < LC; i++) var += (x[i] - mu) * (x[i] - mu);
        for (int i = 0; i < LC; i++)
            want[n * LC + i] = (x[i] - mu) / sqrt(var / LC + 1e-5) * w[i] + b[i];
    }
}

/* a training mask: every entry 0 or 1/(1-p), between a quarter and three quarters of them 0 at
   p = 0.5 (120 draws: the fraction's standard deviation is 0.046, so this is > 5 of them) */
static void expect_mask(const char *what, int l, const float *mask, int n, float drop) {
    int zeros = 0;
    for (int i = 0; i < n; i++) {
        ck_assert_msg(mask[i] == 0 || fabsf(mask[i] - 1 / (1 - drop)) < 1e-6f, "layer %d's %s[%d] "
                      "= %g: a dropout mask holds 0 or 1/(1-p)", l, what, i, mask[i]);
        zeros += mask[i] == 0;
    }
    ck_assert_msg(zeros > n / 4 && zeros < 3 * n / 4, "layer %d's %s has %d zeros among its %d "
                  "entries at p = %g: it is not drawn over all B*T*C values of that branch (or "
                  "not drawn at all) in a training forward pass", l, what, zeros, n, drop);
}

/* Recompute every stored activation of the last forward pass from the model's own stored inputs,
   at the offsets gpt_acts and gpt_params state; train: with the stored dropout masks. */
static void expect_layout(gpt *m, const int *x, int train) {
    const gpt_params *p = &m->p;
    const gpt_acts *a = &m->a;
    const float drop = m->cfg.drop;
    static double w[LBT * 4 * LC];
    float ref_out[LBTC], ref_att[LB * LNH * LT * LT];
    for (int b = 0; b < LB; b++)
        for (int t = 0; t < LT; t++)
            for (int i = 0; i < LC; i++) {
                int k = (b * LT + t) * LC + i;
                w[k] = (double)p->wte[x[b * LT + t] * LC + i] + p->wpe[t * LC + i];
                if (train) w[k] *= a->encoded_mask[k];
            }
    if (train) expect_mask("encoded_mask", 0, a->encoded_mask, LBTC, drop);
    expect_tensor("encoded", 0, a->encoded, w, LBTC, train ? "the embeddings wte[x] + wpe[t], "
                  "dropped (times encoded_mask) before the first block" : "wte[x] + wpe[t]");
    for (int l = 0; l < LL; l++) {
        const float *in = l == 0 ? a->encoded : a->residual3 + (l - 1) * LBTC;
        const float *ln1 = a->ln1 + l * LBTC, *qkv = a->qkv + l * 3 * LBTC;
        const float *atty = a->atty + l * LBTC, *res2 = a->residual2 + l * LBTC;
        const float *ln2 = a->ln2 + l * LBTC, *fch = a->fch + l * 4 * LBTC;
        const float *gelu = a->fch_gelu + l * 4 * LBTC, *res3 = a->residual3 + l * LBTC;
        const float *amask = train ? a->attproj_mask + l * LBTC : NULL;
        const float *fmask = train ? a->fcproj_mask + l * LBTC : NULL;
        lay_layernorm(w, in, p->ln1w + l * LC, p->ln1b + l * LC, LBT);
        expect_tensor("ln1", l, ln1, w, LBTC, "ln1 = layernorm of the block's input (the "
                      "embeddings for block 0, else residual3 of block l-1) with ln1w, ln1b + l*C");
        lay_linear(w, ln1, p->qkvw + l * 3 * LC * LC, p->qkvb + l * 3 * LC, NULL, LBT, LC, 3 * LC);
        expect_tensor("qkv", l, qkv, w, 3 * LBTC, "qkv = ln1 qkvw^T + qkvb with layer l's slices: "
                      "qkvw (L,3C,C) at l*3*C*C and qkvb (L,3C) at l*3*C");
        attention_forward(ref_out, ref_att, qkv, LB, LT, LC, LNH);
        for (int i = 0; i < LB * LNH * LT * LT; i++) w[i] = ref_att[i];
        expect_tensor("att", l, a->att + l * LB * LNH * LT * LT, w, LB * LNH * LT * LT, "att is "
                      "(L,B,NH,T,T): layer l's weights start at l*B*NH*T*T (not l*B*T*C), or the "
                      "next layer overwrites them before the backward pass reads them");
        for (int i = 0; i < LBTC; i++) w[i] = ref_out[i];
        expect_tensor("atty", l, atty, w, LBTC, "atty is attention's output from qkv, heads "
                      "merged, not dropped: dropout comes after the projection");
        lay_linear(w, atty, p->attprojw + l * LC * LC, p->attprojb + l * LC, amask, LBT, LC, LC);
        expect_tensor("attproj", l, a->attproj + l * LBTC, w, LBTC, train ? "attproj = (atty "
                      "attprojw^T + attprojb) times attproj_mask: the branch is dropped after its "
                      "projection, on all B*T*C values, just before it joins the stream" :
                      "attproj = atty attprojw^T + attprojb, layer l's slices at l*C*C and l*C");
        if (train) expect_mask("attproj_mask", l, amask, LBTC, drop);
        for (int i = 0; i < LBTC; i++) w[i] = (double)in[i] + a->attproj[l * LBTC + i];
        expect_tensor("residual2", l, res2, w, LBTC, "residual2 = the block's input + attproj; "
                      "the stream itself is never dropped");
        lay_layernorm(w, res2, p->ln2w + l * LC, p->ln2b + l * LC, LBT);
        expect_tensor("ln2", l, ln2, w, LBTC, "ln2 = layernorm of residual2 with ln2w, ln2b + l*C");
        lay_linear(w, ln2, p->fcw + l * 4 * LC * LC, p->fcb + l * 4 * LC, NULL, LBT, LC, 4 * LC);
        expect_tensor("fch", l, fch, w, 4 * LBTC, "fch = ln2 fcw^T + fcb with layer l's slices: "
                      "fcw (L,4C,C) at l*4*C*C and fcb (L,4C) at l*4*C (the bias counts too)");
        for (int i = 0; i < 4 * LBTC; i++) w[i] = gelu_ref(fch[i]);
        expect_tensor("fch_gelu", l, gelu, w, 4 * LBTC, "fch_gelu = GELU(fch)");
        lay_linear(w, gelu, p->fcprojw + l * 4 * LC * LC, p->fcprojb + l * LC, fmask, LBT, 4 * LC,
                   LC);
        expect_tensor("fcproj", l, a->fcproj + l * LBTC, w, LBTC, train ? "fcproj = (fch_gelu "
                      "fcprojw^T + fcprojb) times fcproj_mask: the MLP branch is dropped too, "
                      "just before it joins the stream" : "fcproj = fch_gelu fcprojw^T + "
                      "fcprojb: fcprojw (L,C,4C) at l*C*4*C, fcprojb at l*C");
        if (train) expect_mask("fcproj_mask", l, fmask, LBTC, drop);
        for (int i = 0; i < LBTC; i++) w[i] = (double)res2[i] + a->fcproj[l * LBTC + i];
        expect_tensor("residual3", l, res3, w, LBTC, "residual3 = residual2 + fcproj: the MLP "
                      "adds to the stream after attention, not to the block's input");
    }
    lay_layernorm(w, a->residual3 + (LL - 1) * LBTC, p->lnfw, p->lnfb, LBT);
    expect_tensor("lnf", LL - 1, a->lnf, w, LBTC, "lnf = layernorm of the LAST block's residual3 "
                  "(at (L-1)*B*T*C) with lnfw, lnfb: otherwise the later blocks are dead");
    lay_linear(w, a->lnf, p->wte, NULL, NULL, LBT, LC, LV);
    expect_tensor("logits", LL - 1, a->logits, w, LBT * LV, "logits = lnf wte^T (the tied head)");
}

WB_TEST(gpt_activations_follow_the_layout, .points = 3,
        .hint = "Every activation of block l lives at its stated offset (gpt_acts: (L,B,T,C) at "
                "l*B*T*C, att (L,B,NH,T,T) at l*B*NH*T*T) and is computed with block l's slices of "
                "the parameters (gpt_params: qkvw (L,3C,C) at l*3*C*C, fcw at l*4*C*C, ...).",
        .hint2 = "The message names the first tensor that is not what its layer computes from its "
                 "stored inputs. An offset written with another product (l*C for l*3*C, "
                 "l*B*T*C for l*B*NH*T*T) only works when the sizes happen to be equal.") {
    gpt m;
    int x[LBT];
    lay_model(&m, 0.5f, 61, x);
    gpt_forward(&m, x, NULL, LB, LT); /* evaluation (m->train 0): no masks */
    expect_layout(&m, x, 0);
    gpt_free(&m);
}

WB_TEST(gpt_dropout_where_the_contract_says, .points = 2,
        .hint = "Dropout sits in three places: on the embeddings (encoded), and on each block's "
                "two branches (attproj, fcproj) after their projections, just before they are "
                "added to the stream; each of all B*T*C values, with its own mask buffer.",
        .hint2 = "The stream (residual2, residual3) is never dropped, nor is attention's output "
                 "before the projection; a mask drawn over B*T values covers only 1/C of them.") {
    gpt m;
    int x[LBT];
    lay_model(&m, 0.5f, 63, x);
    m.train = 1;
    gpt_forward(&m, x, NULL, LB, LT);
    expect_layout(&m, x, 1);
    gpt_free(&m);
}

/* ---- gradient checks of the whole model, all parameters ---- */
typedef struct gc_ctx {
    gpt *m;
    const int *x, *y;
    int B, T;
    uint64_t mask_seed; /* with dropout: the masks' seed, the same before every forward pass */
} gc_ctx;

static double loss_of(void *p) {
    gc_ctx *c = p;
    if (c->m->train) wb_rng_seed(&c->m->rng, c->mask_seed); /* the same masks: a fixed function */
    return gpt_forward(c->m, c->x, c->y, c->B, c->T);
}

/* The gradient check of every parameter, one tensor at a time in the order gpt_backward
   computes them (lnf, then each block from the last: fcproj, fc, ln2, attproj, qkv, ln1; wpe;
   wte last, which has the head's part and the encoder's), stopping at the first tensor with a
   wrong gradient: every tensor before it is right, so the mistake is in the step that computes
   that one (or in the gradient that step receives). g: the analytic gradient, laid out as
   m->grads. The same differences as one check of all parameters, in another order. */
static void check_params_in_backward_order(gpt *m, gc_ctx *c, const float *g) {
    static const char *names[GPT_TENSORS] = {"wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb",
                                             "attprojw", "attprojb", "ln2w", "ln2b", "fcw",
                                             "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb"};
    static const int block_order[12] = {12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3};
    const int L = m->cfg.L;
    float *t[GPT_TENSORS];
    size_t n[GPT_TENSORS];
    gpt_param_tensors(m, m->params, t, n);
    for (int s = 0; s < 2 + 12 * L + 2; s++) {
        int k, l = -1; /* tensor k; l: the block, for the (L, ...) tensors */
        if (s < 2) k = 14 + s;
        else if (s < 2 + 12 * L) l = L - 1 - (s - 2) / 12, k = block_order[(s - 2) % 12];
        else k = s == 2 + 12 * L ? 1 : 0;
        long per = l < 0 ? (long)n[k] : (long)n[k] / L;
        float *x = t[k] + (l < 0 ? 0 : (size_t)l * per);
        wb_gradcheck_result r = wb_gradcheck_within(loss_of, c, x, g + (x - m->params), per, 1e-3,
                                                    3e-2, 3e-4);
        char where[48];
        if (l < 0) snprintf(where, sizeof where, "%s", names[k]);
        else snprintf(where, sizeof where, "%s of block %d", names[k], l);
        ck_assert_msg(r.ok, "the first wrong gradient in gpt_backward's order: %s (the ones "
                      "computed before it are right), at [%ld] of its %ld, analytic %.6g, "
                      "numeric %.6g (tol %.0e relative + %.0e absolute)", where, r.worst, per,
                      r.analytic, r.numeric, r.rtol, r.atol);
    }
}

/* train: in training mode (m->train 1), every forward pass with the same masks; room: the model is
   made for batches of up to B + room sequences of T + room characters. Returns the loss. */
static double check_grads_in(int L, uint64_t seed, float drop, int train, int room) {
    /* B*T*C 120, B*NH*T*T 150, hs 4 != T 5, B 3 != NH 2: a wrong layer offset is not hidden */
    enum { V = 5, C = 8, NH = 2, T = 5, B = 3 };
    gpt m;
    wb_rng r;
    wb_rng_seed(&r, seed);
    gpt_init(&m, (gpt_config){.V = V, .C = C, .L = L, .NH = NH, .maxT = T + room, .drop = drop},
             B + room, &r);
    m.train = train;
    wb_rng_seed(&r, seed + 1);
    /* larger weights than at the start, so that attention is not uniform and every path counts */
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.4f);
    int x[B * T], y[B * T];
    random_ids(&r, x, B * T, V), random_ids(&r, y, B * T, V);
    gc_ctx c = {&m, x, y, B, T, seed + 2};
    gpt_zero_grad(&m);
    double loss = loss_of(&c);
    gpt_backward(&m);
    float *g = malloc(m.n_params * sizeof *g);
    memcpy(g, m.grads, m.n_params * sizeof *g);
    double norm = 0;
    for (size_t i = 0; i < m.n_params; i++) norm += (double)g[i] * g[i];
    ck_assert_msg(norm > 1e-8, "all gradients are 0 after gpt_backward: it computes nothing yet");
    /* float32 losses near 2 carry ~2e-7 rounding, ~1e-4 over 2 eps; gradients 1e-4..1: 3% + 3e-4 */
    check_params_in_backward_order(&m, &c, g);
    free(g);
    gpt_free(&m);
    return loss;
}

/* drop > 0: in training mode; drop 0: in evaluation */
static double check_grads(int L, uint64_t seed, float drop) {
    return check_grads_in(L, seed, drop, drop > 0, 0);
}

WB_TEST(gpt_one_block_gradients, .points = 4,
        .hint = "gpt_backward runs the forward's layers in reverse: the head (into the final layer "
                "norm and wte), the final layer norm, each block from the last, the embeddings. The "
                "tied wte gets two contributions: the head's and the encoder's.",
        .hint2 = "Inside a block, backwards: the residual sum copies its gradient into both "
                 "branches; fcproj, GELU, fc, ln2 (into residual2's gradient), then the residual "
                 "again, attproj, attention, qkv and ln1 (into the block input's gradient).",
        .hint3 = "The layer tests pass but this fails: an activation read at the wrong layer offset "
                 "(l * B * T * C), the wrong one of two similar tensors (a layer's input vs its "
                 "output) or a gradient overwritten instead of added. The message names the first "
                 "parameter, in the backward's order, whose gradient is wrong: the step that "
                 "computes it, or the gradient handed to that step, is the place to look.") {
    check_grads(1, 41, 0);
}

WB_TEST(gpt_two_block_gradients, .points = 2,
        .hint = "Block l's input is residual3 of block l - 1 (the embeddings for block 0), and its "
                "input's gradient is ADDED into that block's d.residual3.") {
    check_grads(2, 43, 0);
}

WB_TEST(gpt_dropout_gradients, .points = 2,
        .hint = "With its masks held fixed, dropout is y = mask * x, so its backward is dx = mask * "
                "dy (week 07's dropout_backward): every dropped branch's gradient must be masked "
                "too, or the gradient is that of a network with no dropout while the loss has it.",
        .hint2 = "The backward pass must know the mode the forward pass ran in (m->train): "
                 "dropout_backward with train = 0 passes dy through unmasked.") {
    double with = check_grads(1, 51, 0.3f), without = check_grads(1, 51, 0);
    /* the same weights and data; dropping 30% of the branches must change a loss near 2 */
    ck_assert_msg(fabs(with - without) > 1e-3, "the loss in training mode with dropout 0.3 (%.6f) "
                  "is the loss without it (%.6f): the forward pass drops nothing", with, without);
}

WB_TEST(gpt_two_block_dropout_gradients, .points = 1,
        .hint = "Each block's backward multiplies its branches' gradients by the masks ITS forward "
                "drew: block l's attproj_mask and fcproj_mask start at l*B*T*C, like its other "
                "activations.",
        .hint2 = "With one block every mask is layer 0's, so a backward that reads block 0's masks "
                 "for every block passes there; with two blocks, block 1's gradient is then masked "
                 "by the wrong units and no longer that of the loss computed with block 1's masks.") {
    check_grads(2, 71, 0.3f); /* finite differences of the loss with all masks held fixed */
}

WB_TEST(gpt_training_mode_at_drop_0_gradients, .points = 1,
        .hint = "At drop = 0 dropout is the identity, in training mode too: gpt_train_step's "
                "backward (m->train 1) must give the gradient of the loss, every parameter included.",
        .hint2 = "The forward pass drops (and writes the masks) only when training AND drop > 0 "
                 "(dropping(m)); a backward that decides by m->train alone multiplies by masks "
                 "that were never drawn at drop 0, all zeros, and the embeddings get no gradient.") {
    check_grads_in(1, 73, 0, 1, 0); /* m->train 1, drop 0: the gradient of the deterministic loss */
}

WB_TEST(gpt_gradients_below_the_largest_shape, .points = 1,
        .hint = "The activations of a forward pass at (B,T) are stacked by layer at THAT shape: "
                "block l's att starts at l*B*NH*T*T, its other tensors at l*B*T*C, for the B and T "
                "of the call (m->B, m->T), not the largest the model was made for.",
        .hint2 = "A model made for 4 x 6 run on a batch of 3 x 5: the forward pass writes block 1's "
                 "attention weights at 1*3*2*5*5; a backward that looks for them at "
                 "1*maxB*NH*maxT*maxT reads another place, and block 1's gradient is wrong while "
                 "every test at the largest shape passes.") {
    check_grads_in(2, 75, 0, 0, 1); /* maxB 4, maxT 6; the pass at B 3, T 5 */
}

WB_TEST(gpt_backward_adds_into_grads, .points = 1,
        .hint = "gpt_backward ADDS dL/dparams into m->grads (it clears only the activations' "
                "gradients, dacts): clearing the parameters' gradients is gpt_train_step's job, "
                "before its forward pass, so that gradients of several batches can be summed.",
        .hint2 = "Forward and backward twice on the same batch without gpt_zero_grad in between "
                 "must leave exactly twice the gradient of once.") {
    gpt m;
    int x[LBT], y[LBT];
    lay_model(&m, 0, 65, x);
    for (int i = 0; i < LBT; i++) y[i] = (x[i] + 1 + i % 3) % LV;
    gpt_zero_grad(&m);
    gpt_forward(&m, x, y, LB, LT), gpt_backward(&m);
    float *twice = malloc(m.n_params * sizeof *twice);
    double norm = 0;
    for (size_t i = 0; i < m.n_params; i++) twice[i] = 2 * m.grads[i], norm += fabs(m.grads[i]);
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after gpt_backward: it computes nothing yet");
    gpt_forward(&m, x, y, LB, LT), gpt_backward(&m);
    /* g + g' where g' is g recomputed, summed into the old values: float rounding only */
    WB_ASSERT_CLOSE(m.grads, twice, m.n_params, 1e-5, 1e-7);
    free(twice), gpt_free(&m);
}

static double eval_loss(gpt *m, const int *x, const int *y, int B, int T, float *logits) {
    double loss = gpt_forward(m, x, y, B, T);
    memcpy(logits, m->a.logits, (size_t)B * T * m->cfg.V * sizeof *logits);
    return loss;
}

WB_TEST(gpt_dropout_only_in_training, .points = 2,
        .hint = "Dropout is a training-time regulariser: in evaluation (m->train == 0, as for "
                "gpt_bpc, sampling and the attention map) the model must be deterministic and "
                "give exactly what the same model with drop 0 gives.",
        .hint2 = "gpt_train_step sets m->train = 1 for its forward and backward passes and sets it "
                 "back to 0 after, so that measuring the model afterwards does not drop units; "
                 "each training forward draws fresh masks from m->rng.") {
    enum { V = 7, C = 16, T = 8, B = 2 };
    gpt m, m0;
    wb_rng r;
    gpt_config cfg = {.V = V, .C = C, .L = 2, .NH = 2, .maxT = T, .drop = 0.5f};
    wb_rng_seed(&r, 53), gpt_init(&m, cfg, B, &r);
    cfg.drop = 0, wb_rng_seed(&r, 53), gpt_init(&m0, cfg, B, &r);
    wb_rng_seed(&r, 54);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.3f); /* logits far from 0: drops count */
    memcpy(m0.params, m.params, m.n_params * sizeof(float));
    int x[B * T], y[B * T];
    random_ids(&r, x, B * T, V), random_ids(&r, y, B * T, V);
    float a[B * T * V], b[B * T * V], c[B * T * V];
    double loss = eval_loss(&m, x, y, B, T, a);
    eval_loss(&m, x, y, B, T, b), eval_loss(&m0, x, y, B, T, c);
    WB_ASSERT_CLOSE(a, b, B * T * V, 0, 0); /* evaluation twice: the same logits, bit for bit */
    WB_ASSERT_CLOSE(a, c, B * T * V, 0, 0); /* and those of drop 0 */
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, 1e-3f);
    double step1 = gpt_train_step(&m, &o, x, y, B, T, 1.0f); /* the loss before the step */
    ck_assert_msg(m.train == 0, "m->train is %d after gpt_train_step: the next gpt_bpc would drop "
                  "units", m.train);
    ck_assert_msg(fabs(step1 - loss) > 1e-3, "gpt_train_step's loss %.6f is the evaluation loss "
                  "%.6f of the same weights: it trained without dropout", step1, loss);
    float *mask1 = malloc(B * T * C * sizeof *mask1); /* the embeddings' mask of that step */
    memcpy(mask1, m.a.encoded_mask, B * T * C * sizeof *mask1);
    gpt_train_step(&m, &o, x, y, B, T, 1.0f);
    ck_assert_msg(memcmp(mask1, m.a.encoded_mask, B * T * C * sizeof *mask1) != 0, "two calls of "
                  "gpt_train_step drew the same dropout masks: every step must draw fresh ones "
                  "from m->rng, which runs on (never reseed it inside the step)");
    free(mask1);
    m.train = 1; /* two training forwards: fresh masks each, so different losses */
    double t1 = gpt_forward(&m, x, y, B, T), t2 = gpt_forward(&m, x, y, B, T);
    ck_assert_msg(fabs(t1 - t2) > 1e-4, "two training forward passes gave the same loss %.6f: "
                  "the masks are not redrawn from m->rng", t1);
    opt_free(&o), gpt_free(&m), gpt_free(&m0);
}

WB_TEST(gpt_train_step_clears_the_old_gradients, .points = 1,
        .hint = "The backward passes ADD into m->grads (wte serves both the embedding and the "
                "head), so each training step must begin from zero gradients: otherwise it also "
                "applies what the earlier steps left there.",
        .hint2 = "Two equal models, one with m->grads full of 0.5s (as a previous step might leave "
                 "them): after one gpt_train_step each on the same batch, their parameters must be "
                 "identical.") {
    enum { V = 7, T = 8, B = 2 };
    gpt a, b;
    tiny(&a, V, 16, 2, 2, T, B, 55), tiny(&b, V, 16, 2, 2, T, B, 55);
    for (size_t i = 0; i < b.n_params; i++) b.grads[i] = 0.5f;
    float *start = malloc(a.n_params * sizeof *start);
    memcpy(start, a.params, a.n_params * sizeof *start);
    wb_rng r;
    wb_rng_seed(&r, 56);
    int x[B * T], y[B * T];
    random_ids(&r, x, B * T, V), random_ids(&r, y, B * T, V);
    optimizer oa, ob;
    opt_init(&oa, OPT_SGD, a.n_params, 0.1f), opt_init(&ob, OPT_SGD, b.n_params, 0.1f);
    gpt_train_step(&a, &oa, x, y, B, T, 1.0f), gpt_train_step(&b, &ob, x, y, B, T, 1.0f);
    ck_assert_msg(memcmp(start, a.params, a.n_params * sizeof *start) != 0,
                  "gpt_train_step left the parameters as they were: no step was taken");
    /* the same operations on the same numbers once the gradients are cleared: bit for bit */
    WB_ASSERT_CLOSE(b.params, a.params, a.n_params, 0, 0);
    free(start), opt_free(&oa), opt_free(&ob), gpt_free(&a), gpt_free(&b);
}

WB_TEST(gpt_train_step_clips_then_steps, .points = 1,
        .hint = "gpt_train_step clips the gradient's global norm to max_norm BEFORE the "
                "optimiser's step: a step with the unclipped gradient is the jump clipping is "
                "there to stop.",
        .hint2 = "With plain SGD at lr = 1 and max_norm = 0.01 the parameters must move by "
                 "exactly 0.01 in total (the clipped gradient's norm; an untrained model's is far "
                 "above).") {
    enum { V = 7, T = 8, B = 2 };
    gpt m;
    tiny(&m, V, 16, 2, 2, T, B, 57);
    float *start = malloc(m.n_params * sizeof *start);
    memcpy(start, m.params, m.n_params * sizeof *start);
    wb_rng r;
    wb_rng_seed(&r, 58);
    int x[B * T], y[B * T];
    random_ids(&r, x, B * T, V), random_ids(&r, y, B * T, V);
    optimizer o;
    opt_init(&o, OPT_SGD, m.n_params, 1.0f);
    gpt_train_step(&m, &o, x, y, B, T, 0.01f);
    double moved = 0;
    for (size_t i = 0; i < m.n_params; i++) {
        double step = (double)m.params[i] - start[i];
        moved += step * step;
    }
    /* |lr g| with |g| = 0.01 after clipping; float rounding of the parameters ~1e-7 each */
    WB_ASSERT_NEAR((float)sqrt(moved), 0.01f, 1e-3, 0);
    free(start), opt_free(&o), gpt_free(&m);
}

WB_TEST(gpt_train_step_is_one_training_pass, .points = 2,
        .hint = "gpt_train_step is: zero the gradients, set m->train = 1, forward with targets AND "
                "backward (both in training mode: the backward masks the gradient with the "
                "forward's masks), clear m->train, clip if max_norm > 0, one optimiser step.",
        .hint2 = "Here max_norm is 0, which means no clipping at all (week 07's clip_grad_norm "
                 "refuses a norm of 0): with SGD at lr = 1 the step must be exactly -grads of "
                 "the same training forward and backward done by hand.") {
    gpt a, b;
    int x[LBT], y[LBT];
    lay_model(&a, 0.3f, 67, x), lay_model(&b, 0.3f, 67, x); /* equal weights and m->rng */
    for (int i = 0; i < LBT; i++) y[i] = (x[i] + 2 + i % 2) % LV;
    optimizer o;
    opt_init(&o, OPT_SGD, a.n_params, 1.0f);
    gpt_train_step(&a, &o, x, y, LB, LT, 0.0f);
    gpt_zero_grad(&b);
    b.train = 1;
    gpt_forward(&b, x, y, LB, LT), gpt_backward(&b);
    b.train = 0;
    double norm = 0, moved = 0;
    for (size_t i = 0; i < b.n_params; i++) {
        norm += fabs(b.grads[i]), moved += fabs(a.params[i] - b.params[i]);
        b.params[i] -= b.grads[i]; /* SGD, lr 1, no clip */
    }
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after gpt_backward: it computes nothing yet");
    ck_assert_msg(moved > 0, "gpt_train_step left the parameters as they were: no step was taken");
    ck_assert_msg(a.train == 0, "m->train is %d after gpt_train_step", a.train);
    /* the same operations on the same numbers, the same masks from the same m->rng */
    for (size_t i = 0; i < a.n_params; i++)
        ck_assert_msg(fabsf(a.params[i] - b.params[i]) <= 1e-6f * fabsf(b.params[i]) + 1e-7f,
                      "parameter %zu is %.7g after gpt_train_step(max_norm 0), %.7g after zero_grad, "
                      "forward and backward with m->train = 1 and p -= g: the backward must run in "
                      "training mode too, and max_norm <= 0 means no clip", i, a.params[i],
                      b.params[i]);
    opt_free(&o), gpt_free(&a), gpt_free(&b);
}

WB_TEST(gpt_is_causal, .points = 3,
        .hint = "Position t may only see positions 0..t: changing the character at position 5 must "
                "leave the logits of positions 0..4 exactly as they were, and change position 5's.",
        .hint2 = "Earlier positions changing a little: the mask came after the softmax, so the "
                 "future still takes part in the denominator. Changing a lot: no mask at all.") {
    enum { V = 9, T = 8 };
    gpt m;
    tiny(&m, V, 16, 2, 4, T, 1, 45);
    wb_rng r;
    wb_rng_seed(&r, 46);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.3f);
    int x[T];
    random_ids(&r, x, T, V);
    float before[T * V];
    gpt_forward(&m, x, NULL, 1, T);
    memcpy(before, m.a.logits, sizeof before);
    x[5] = (x[5] + 1) % V;
    gpt_forward(&m, x, NULL, 1, T);
    for (int i = 0; i < 5 * V; i++)
        ck_assert_msg(m.a.logits[i] == before[i], "logit %d of position %d changed from %.9g to %.9g "
                      "when only position 5's input changed", i % V, i / V, before[i], m.a.logits[i]);
    double diff = 0;
    for (int i = 5 * V; i < 6 * V; i++) diff += fabs(m.a.logits[i] - before[i]);
    ck_assert_msg(diff > 1e-4, "position 5's logits did not change when its own input did "
                  "(sum |change| %g): the forward pass ignores its input", diff);
    gpt_free(&m);
}

WB_TEST(gpt_bpc_of_a_short_text, .points = 1,
        .hint = "A text shorter than the context is one window: its BPC is gpt_forward's mean loss "
                "over its n - 1 targets, divided by ln 2.") {
    gpt m;
    tiny(&m, 6, 8, 1, 2, 16, 2, 47);
    wb_rng r;
    wb_rng_seed(&r, 48);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.3f);
    int ids[12];
    random_ids(&r, ids, 12, 6);
    double want = gpt_forward(&m, ids, ids + 1, 1, 11) / log(2.0);
    WB_ASSERT_NEAR(gpt_bpc(&m, ids, 12), want, 1e-5, 0);
    gpt_free(&m);
}

WB_TEST(gpt_overfits_a_tiny_corpus, .points = 3, .timeout = 8,
        .hint = "gpt_train_step: zero the gradients, forward with targets, backward, clip, one "
                "optimiser step (week 07's opt_step). 150 Adam steps on one verse must drive the "
                "loss near 0: a model that cannot memorise 40 characters has a bug.") {
    const char *text = "The LORD is my shepherd; I shall not want.";
    enum { T = 16, B = 4 };
    int n = (int)strlen(text), ids[64], V = 0, map[128];
    for (int i = 0; i < 128; i++) map[i] = -1;
    for (int i = 0; i < n; i++) {
        int ch = (unsigned char)text[i];
        if (map[ch] < 0) map[ch] = V++;
        ids[i] = map[ch];
    }
    gpt m;
    tiny(&m, V, 32, 2, 2, T, B, 49);
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, 1e-2f);
    int x[B * T], y[B * T];
    for (int b = 0; b < B; b++) /* four windows that together cover the verse */
        for (int t = 0; t < T; t++) {
            int s = b * (n - 1 - T) / (B - 1) + t;
            x[b * T + t] = ids[s], y[b * T + t] = ids[s + 1];
        }
    float first = 0, loss = 0;
    for (int k = 0; k < 150; k++) {
        loss = gpt_train_step(&m, &o, x, y, B, T, 1.0f);
        if (k == 0) first = loss;
    }
    ck_assert_msg(first > 2.0f && loss < 0.1f, "loss %.3f at the first step (expected ~ln %d = %.2f), "
                  "%.3f after 150 steps (expected < 0.1)", first, V, log(V), loss);
    opt_free(&o);
    gpt_free(&m);
}
