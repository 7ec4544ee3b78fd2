/* test_gpt.c — the model: the untrained loss, a block that is the identity when its projections
 * are zero, the gradients of one block and of two against finite differences (and of one block
 * with dropout, its masks held fixed), dropout only in training, causality, the bits per
 * character of a short text, and overfitting a tiny corpus. */
#include "testing.h"
#include "week14.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void random_ids(wb_rng *r, int *x, int n, int V) {
    for (int i = 0; i < n; i++) x[i] = (int)wb_rng_below(r, (uint32_t)V);
}

static void tiny(gpt *m, int V, int C, int L, int NH, int T, int B, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    gpt_init(m, (gpt_config){.V = V, .C = C, .L = L, .NH = NH, .maxT = T}, B, &r);
}

WB_TEST(gpt_untrained_loss_is_ln_V, .points = 1,
        .hint = "Untrained (weights ~ N(0, 0.02^2)) the logits are near 0 and every character about "
                "equally likely: the mean loss is about ln V. 0 means no loss was computed.") {
    gpt m;
    tiny(&m, 23, 16, 2, 2, 8, 3, 31);
    wb_rng r;
    wb_rng_seed(&r, 32);
    int x[24], y[24];
    random_ids(&r, x, 24, 23), random_ids(&r, y, 24, 23);
    float loss = gpt_forward(&m, x, y, 3, 8);
    /* logits = lnf (unit variance) x wte (std 0.02): std ~0.08, which adds ~var/2 to ln V */
    WB_ASSERT_NEAR(loss, logf(23.0f), 0, 0.02);
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

/* drop > 0: in training mode, every forward pass with the same masks. Returns the loss. */
static double check_grads(int L, uint64_t seed, float drop) {
    enum { V = 5, C = 8, NH = 2, T = 4, B = 2 };
    gpt m;
    wb_rng r;
    wb_rng_seed(&r, seed);
    gpt_init(&m, (gpt_config){.V = V, .C = C, .L = L, .NH = NH, .maxT = T, .drop = drop}, B, &r);
    m.train = drop > 0;
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
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m.params, g, (long)m.n_params, 1e-3, 3e-2,
                                              3e-4));
    free(g);
    gpt_free(&m);
    return loss;
}

WB_TEST(gpt_one_block_gradients, .points = 4,
        .hint = "gpt_backward runs the forward's layers in reverse: the head (into the final layer "
                "norm and wte), the final layer norm, each block from the last, the embeddings. The "
                "tied wte gets two contributions: the head's and the encoder's.",
        .hint2 = "Inside a block, backwards: the residual sum copies its gradient into both "
                 "branches; fcproj, GELU, fc, ln2 (into residual2's gradient), then the residual "
                 "again, attproj, attention, qkv and ln1 (into the block input's gradient).",
        .hint3 = "The layer tests pass but this fails: an activation read at the wrong layer offset "
                 "(l * B * T * C) or a gradient overwritten instead of added.") {
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
