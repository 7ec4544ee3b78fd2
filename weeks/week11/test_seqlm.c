/* test_seqlm.c — the stacked character model: the forget-gate bias (LSTM only), the untrained
 * loss, the logits without targets, the state (h and c of every layer) carried between chunks,
 * also after a chunk shorter than T, a short chunk's loss, the gradients of 2 stacked layers of
 * each cell (parameters and the carried states), a second backward giving the same gradients,
 * a backward adding into the gradients, a short chunk's backward after a full one, the training
 * step (cleared gradients, clipping before the step, the state carried) and a few training
 * steps on a periodic text. */
#include "testing.h"
#include "week11.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void random_ids(wb_rng *r, int *x, int n, int V) {
    for (int i = 0; i < n; i++) x[i] = (int)wb_rng_below(r, (uint32_t)V);
}

/* WB_ASSERT_CLOSE that names the array compared, so a failure says which gradient is wrong. */
static void assert_close_named(const char *what, const float *got, const float *want, long n,
                               double rtol, double atol) {
    char msg[256];
    if (wb_compare_floats(got, want, n, rtol, atol, msg, sizeof msg))
        ck_abort_msg("%s: %s", what, msg);
}

/* The parts of m->grads: every layer's, dW_y and db_y, compared one by one (names in failures). */
static void assert_grads_close(const seqlm *m, const float *got, const float *want, double rtol,
                               double atol) {
    const size_t nl = (size_t)(m->W_y - m->params), VH = (size_t)m->V * m->H;
    assert_close_named("the layers' gradients", got, want, (long)nl, rtol, atol);
    assert_close_named("dW_y", got + nl, want + nl, (long)VH, rtol, atol);
    assert_close_named("db_y", got + nl + VH, want + nl + VH, m->V, rtol, atol);
}

WB_TEST(seqlm_forget_bias_starts_at_1, .points = 1,
        .hint = "seqlm_init sets the LSTM's forget-gate bias to 1 (the f block of b_x, every layer) so "
                "that an untrained cell keeps sigmoid(1) = 0.73 of its memory per step, not 0.5.",
        .hint2 = "Only the LSTM's f block: its i, o, g blocks and b_h stay 0, and a GRU model's "
                 "biases all stay 0: its z block (GRU_Z = 1) is the update gate, not a forget "
                 "gate.") {
    wb_rng r;
    wb_rng_seed(&r, 31);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, 5, 3, 2, 2, 4, &r);
    for (int l = 0; l < 2; l++)
        for (int q = 0; q < 12; q++) {
            float want = q / 3 == LSTM_F ? 1.0f : 0.0f;
            ck_assert_msg(m.layer[l].b_x[q] == want && m.layer[l].b_h[q] == 0,
                          "layer %d: b_x[%d] = %g, b_h[%d] = %g; expected %g and 0", l, q,
                          (double)m.layer[l].b_x[q], q, (double)m.layer[l].b_h[q], (double)want);
        }
    seqlm_free(&m);
    seqlm_init(&m, CELL_GRU, 5, 3, 2, 2, 4, &r);
    for (int l = 0; l < 2; l++)
        for (int q = 0; q < 9; q++)
            ck_assert_msg(m.layer[l].b_x[q] == 0 && m.layer[l].b_h[q] == 0,
                          "GRU layer %d: b_x[%d] = %g, b_h[%d] = %g; expected 0 and 0 (the bias of "
                          "1 is the LSTM's forget gate only)", l, q, (double)m.layer[l].b_x[q], q,
                          (double)m.layer[l].b_h[q]);
    seqlm_free(&m);
}

WB_TEST(seqlm_untrained_loss_is_ln_V, .points = 1,
        .hint = "Untrained, the output weights are small and every character about equally likely: "
                "the mean loss is about ln V (ln 30 = 3.40). 0 means no loss was computed.") {
    wb_rng r;
    wb_rng_seed(&r, 32);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, 30, 16, 2, 3, 6, &r);
    int x[18], y[18];
    random_ids(&r, x, 18, 30);
    random_ids(&r, y, 18, 30);
    float loss = seqlm_forward(&m, x, y, 6);
    /* untrained |h| = |o tanh(c)| ~ 0.1 and W_y ~ N(0, 1/H): logits of std ~0.1 add ~var/2 = 0.005 */
    WB_ASSERT_NEAR(loss, logf(30.0f), 0, 0.03);
    seqlm_free(&m);
}

WB_TEST(seqlm_logits_from_the_top_layer, .points = 1,
        .hint = "logits_t = W_y h_t + b_y with h_t the TOP layer's state after step t: rows 1..T of "
                "its h (row 0 is the state the chunk started from). The loss is the mean over the "
                "T * B targets of -ln softmax(logits_t)[y_t].",
        .hint2 = "The test compares every logit with b_y[v] + sum_j W_y[v][j] h_t[j] computed from "
                 "the top layer's own h rows, with a carried state that is not 0: a product that "
                 "starts one row early uses h_0 for step 1, the state carried in.") {
    enum { V = 5, H = 3, L = 2, B = 2, T = 3, BH = B * H };
    wb_rng r;
    wb_rng_seed(&r, 44);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, V, H, L, B, T, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.8f);
    wb_rng_fill_normal(&r, m.h_state, L * BH, 0.6f);
    wb_rng_fill_normal(&r, m.c_state, L * BH, 1.0f);
    int x[T * B], y[T * B];
    random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V);
    wb_fill_nan(m.logits, T * B * V);
    float loss = seqlm_forward(&m, x, y, T);
    ck_assert_msg(loss > 0.5f, "loss %g: seqlm_forward computes no loss yet", (double)loss);
    const float *h = m.layer[L - 1].h; /* (T+1,B,H): the top layer's states */
    float want[T * B * V];
    double nats = 0;
    for (int row = 0; row < T * B; row++) {
        double z[V], zmax = -INFINITY, se = 0;
        for (int v = 0; v < V; v++) {
            z[v] = m.b_y[v];
            for (int j = 0; j < H; j++) z[v] += (double)m.W_y[v * H + j] * h[BH + row * H + j];
            want[row * V + v] = (float)z[v];
            zmax = z[v] > zmax ? z[v] : zmax;
        }
        for (int v = 0; v < V; v++) se += exp(z[v] - zmax);
        nats += zmax + log(se) - z[y[row]];
    }
    /* float sums of 4 terms against double: ~1e-7 relative */
    assert_close_named("the logits against W_y h_t + b_y of the top layer's h[1..T]", m.logits, want,
                       T * B * V, 1e-5, 1e-6);
    WB_ASSERT_NEAR(loss, nats / (T * B), 1e-5, 0);
    seqlm_free(&m);
}

WB_TEST(seqlm_logits_without_targets, .points = 1,
        .hint = "With y NULL seqlm_forward still computes every step's logits (seqlm_generate "
                "samples from them) and returns 0: only the loss needs targets.",
        .hint2 = "The logits of a chunk with y NULL must equal those of the same chunk with "
                 "targets, also when another chunk filled the buffer before: the test for y comes "
                 "after the output product, not before it.") {
    enum { V = 5, H = 3, L = 2, B = 2, T = 4 };
    wb_rng r;
    wb_rng_seed(&r, 42);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, V, H, L, B, T, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.8f);
    int x[T * B], y[T * B], x2[T * B];
    random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V), random_ids(&r, x2, T * B, V);
    float loss = seqlm_forward(&m, x, y, T);
    ck_assert_msg(loss > 0.5f, "loss %g: seqlm_forward computes no loss yet", (double)loss);
    float want[T * B * V];
    memcpy(want, m.logits, sizeof want);
    seqlm_forward(&m, x2, y, T); /* another chunk's logits in the buffer */
    float none = seqlm_forward(&m, x, NULL, T);
    ck_assert_msg(none == 0.0f, "seqlm_forward with y NULL returned %g, expected 0", (double)none);
    /* the same operations on the same numbers (the state is not carried): bit for bit */
    assert_close_named("the logits with y NULL against those with targets", m.logits, want,
                       T * B * V, 0, 0);
    seqlm_free(&m);
}

WB_TEST(seqlm_state_carried_between_chunks, .points = 2,
        .hint = "seqlm_carry_state copies every layer's last h (and the LSTM's last c) into the state "
                "the next chunk starts from: two chunks of 3 steps compute what one chunk of 6 does.",
        .hint2 = "Carrying h but not c makes an LSTM forget its cell at every chunk boundary.") {
    wb_rng r;
    wb_rng_seed(&r, 33);
    seqlm one, two;
    seqlm_init(&one, CELL_LSTM, 5, 4, 2, 2, 6, &r);
    seqlm_init(&two, CELL_LSTM, 5, 4, 2, 2, 3, &r);
    memcpy(two.params, one.params, one.n_params * sizeof(float));
    int x[12], y[12];
    random_ids(&r, x, 12, 5);
    random_ids(&r, y, 12, 5);
    float whole = seqlm_forward(&one, x, y, 6);
    ck_assert_msg(whole > 1.0f, "loss %g: seqlm_forward computes nothing yet", (double)whole);
    float a = seqlm_forward(&two, x, y, 3);
    seqlm_carry_state(&two);
    float b = seqlm_forward(&two, x + 6, y + 6, 3);
    for (int l = 0; l < 2; l++) {
        WB_ASSERT_CLOSE(two.layer[l].c + 3 * 8, one.layer[l].c + 6 * 8, 8, 1e-6, 1e-7);
        WB_ASSERT_CLOSE(two.layer[l].h + 3 * 8, one.layer[l].h + 6 * 8, 8, 1e-6, 1e-7);
    }
    WB_ASSERT_NEAR((a + b) / 2, whole, 1e-6, 0);
    seqlm_free(&one);
    seqlm_free(&two);
}

WB_TEST(seqlm_short_chunk_loss, .points = 1,
        .hint = "The loss of a chunk of t steps is the mean over its t * B targets, whatever T "
                "the model was built for: the same 3 steps give the same loss on a T = 5 model, "
                "after a 5-step chunk, as on a model built for T = 3.",
        .hint2 = "After a 5-step chunk, the logits rows of steps 3 and 4 still hold that chunk's "
                 "numbers: softmax_xent takes this chunk's t * B rows, not m->T * B.") {
    enum { V = 5, H = 4, L = 2, B = 2, T = 5, S = 3 };
    wb_rng r;
    wb_rng_seed(&r, 43);
    seqlm a, b;
    seqlm_init(&a, CELL_GRU, V, H, L, B, T, &r);
    seqlm_init(&b, CELL_GRU, V, H, L, B, S, &r);
    memcpy(b.params, a.params, a.n_params * sizeof(float));
    int x[T * B], y[T * B], x2[T * B], y2[T * B]; /* x2, y2: only their first S * B are the chunk */
    random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V);
    random_ids(&r, x2, T * B, V), random_ids(&r, y2, T * B, V);
    seqlm_forward(&a, x, y, T);
    float got = seqlm_forward(&a, x2, y2, S), want = seqlm_forward(&b, x2, y2, S);
    ck_assert_msg(want > 1.0f, "loss %g: seqlm_forward computes nothing yet", (double)want);
    /* the same steps on the same numbers; the products may block differently: 1e-6 */
    WB_ASSERT_NEAR(got, want, 1e-6, 0);
    seqlm_free(&a), seqlm_free(&b);
}

/* The state seqlm_carry_state leaves after a chunk of t steps: every layer's h[t] (and c[t]),
   copied, so exactly equal. */
static void check_carried(const seqlm *m, int t, const char *cell) {
    const size_t BH = (size_t)m->B * m->H;
    for (int l = 0; l < m->L; l++) {
        const rec_layer *r = &m->layer[l];
        for (size_t i = 0; i < BH; i++) {
            ck_assert_msg(m->h_state[l * BH + i] == r->h[t * BH + i],
                          "%s layer %d: h_state[%zu] = %g, but the chunk of %d steps ended with "
                          "h[%d][%zu] = %g", cell, l, i, (double)m->h_state[l * BH + i], t, t, i,
                          (double)r->h[t * BH + i]);
            if (r->c)
                ck_assert_msg(m->c_state[l * BH + i] == r->c[t * BH + i],
                              "%s layer %d: c_state[%zu] = %g, but the chunk of %d steps ended "
                              "with c[%d][%zu] = %g", cell, l, i, (double)m->c_state[l * BH + i],
                              t, t, i, (double)r->c[t * BH + i]);
        }
    }
}

WB_TEST(seqlm_state_carried_after_a_short_chunk, .points = 1,
        .hint = "A chunk may be shorter than the model's T (seqlm_bpc's last chunk, "
                "seqlm_generate's 1-step chunks on a T = 50 model): the state to carry is row "
                "t_last of h (and c), the last step of the chunk just computed.",
        .hint2 = "Rows after t_last still hold an earlier, longer chunk's states. Chunks of 2 and "
                 "3 steps on a T = 5 model must end in the state one chunk of 5 ends in.") {
    enum { V = 5, H = 4, L = 2, B = 2, T = 5 };
    const int cells[2] = {CELL_GRU, CELL_LSTM};
    for (int k = 0; k < 2; k++) {
        const int cell = cells[k];
        const char *name = cell == CELL_LSTM ? "LSTM" : "GRU";
        wb_rng r;
        wb_rng_seed(&r, 38);
        seqlm m;
        seqlm_init(&m, cell, V, H, L, B, T, &r);
        int x[T * B], y[T * B];
        random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V);
        float whole = seqlm_forward(&m, x, y, T);
        ck_assert_msg(whole > 1.0f, "loss %g: seqlm_forward computes nothing yet", (double)whole);
        float h5[L][B * H], c5[L][B * H];
        for (int l = 0; l < L; l++) {
            memcpy(h5[l], m.layer[l].h + T * B * H, sizeof h5[l]);
            if (m.layer[l].c) memcpy(c5[l], m.layer[l].c + T * B * H, sizeof c5[l]);
        }
        seqlm_reset_state(&m);
        seqlm_forward(&m, x, y, 2), seqlm_carry_state(&m);
        check_carried(&m, 2, name);
        seqlm_forward(&m, x + 2 * B, y + 2 * B, 3), seqlm_carry_state(&m);
        check_carried(&m, 3, name);
        /* the same steps as the whole chunk's; the products may round in another order: 1e-6 */
        for (int l = 0; l < L; l++) {
            WB_ASSERT_CLOSE(m.h_state + l * B * H, h5[l], B * H, 1e-6, 1e-7);
            if (cell == CELL_LSTM) WB_ASSERT_CLOSE(m.c_state + l * B * H, c5[l], B * H, 1e-6, 1e-7);
        }
        seqlm_free(&m);
    }
}

typedef struct gc_ctx {
    seqlm *m;
    const int *x, *y;
    int T;
} gc_ctx;

static double loss_of(void *p) {
    gc_ctx *c = p;
    return seqlm_forward(c->m, c->x, c->y, c->T);
}

static void check_model(int cell, unsigned seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    seqlm m;
    seqlm_init(&m, cell, 5, 3, 2, 2, 4, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.8f);
    wb_rng_fill_normal(&r, m.h_state, 2 * 2 * 3, 0.5f);
    wb_rng_fill_normal(&r, m.c_state, 2 * 2 * 3, 1.0f);
    int x[8], y[8];
    random_ids(&r, x, 8, 5);
    random_ids(&r, y, 8, 5);
    gc_ctx c = {&m, x, y, 4};
    seqlm_zero_grad(&m);
    float loss = seqlm_forward(&m, x, y, 4);
    ck_assert_msg(loss > 0.5f, "loss %g: seqlm_forward computes no loss yet", (double)loss);
    seqlm_backward(&m);
    float *g = malloc(m.n_params * sizeof *g), dh0[12], dc0[12];
    memcpy(g, m.grads, m.n_params * sizeof *g);
    for (int l = 0; l < 2; l++) {
        memcpy(dh0 + 6 * l, m.layer[l].dh0, 6 * sizeof(float));
        memcpy(dc0 + 6 * l, m.layer[l].dc0, 6 * sizeof(float));
    }
    /* a mean loss ~1.6 in float: ~1e-7 rounding, ~1e-4 over 2e-3; gradients 1e-3..1: 3% + 3e-4 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m.params, g, (long)m.n_params, 1e-3, 3e-2, 3e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m.h_state, dh0, 12, 1e-3, 3e-2, 3e-4));
    if (cell == CELL_LSTM)
        WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m.c_state, dc0, 12, 1e-3, 3e-2, 3e-4));
    free(g);
    seqlm_free(&m);
}

WB_TEST(seqlm_lstm_gradients, .points = 3,
        .hint = "Backwards: the output layer writes the TOP layer's dh (dlogits W_y); then the layers "
                "top-down, each writing its dx into the dh of the layer below (they are one buffer).",
        .hint2 = "Right gradients for W_y and the top layer but not the bottom one: the backward loop "
                 "must visit every layer, L-1 down to 0, after the output layer.") {
    check_model(CELL_LSTM, 34);
}

WB_TEST(seqlm_gru_gradients, .points = 2,
        .hint = "The same model with GRU layers: seqlm_forward and seqlm_backward choose each layer's "
                "functions by m->cell.") {
    check_model(CELL_GRU, 35);
}

/* A 2-layer LSTM model (V 5, H 3, B 2, T 4) with random parameters, and one forward and backward
   of a random chunk x, y (8 ids each) from zero gradients */
static void one_chunk_pass(seqlm *m, int *x, int *y, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    seqlm_init(m, CELL_LSTM, 5, 3, 2, 2, 4, &r);
    wb_rng_fill_normal(&r, m->params, (long)m->n_params, 0.8f);
    random_ids(&r, x, 8, 5), random_ids(&r, y, 8, 5);
    seqlm_zero_grad(m);
    seqlm_forward(m, x, y, 4), seqlm_backward(m);
}

/* k times m's gradients, in a new array; fails when they are all 0 (nothing computed yet) */
static float *grads_times(const seqlm *m, float k) {
    float *g = malloc(m->n_params * sizeof *g);
    double norm = 0;
    for (size_t i = 0; i < m->n_params; i++) g[i] = k * m->grads[i], norm += (double)g[i] * g[i];
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after seqlm_backward: it computes nothing yet");
    return g;
}

WB_TEST(seqlm_backward_writes_the_top_dh, .points = 1,
        .hint = "dlogits W_y is the whole of dL/dh for the top layer: seqlm_backward WRITES it "
                "into the top layer's dh, a buffer the last backward used as scratch. Only the "
                "parameters' gradients are sums (m->grads, cleared by seqlm_zero_grad).",
        .hint2 = "The same chunk forward and backward twice, seqlm_zero_grad before each, must "
                 "give the same gradients: a product that adds into dh (beta = 1) mixes in what "
                 "the first backward left there.") {
    seqlm m;
    int x[8], y[8];
    one_chunk_pass(&m, x, y, 39);
    float *once = grads_times(&m, 1);
    seqlm_zero_grad(&m);
    seqlm_forward(&m, x, y, 4), seqlm_backward(&m);
    /* the same operations on the same numbers: bit for bit */
    WB_ASSERT_CLOSE(m.grads, once, (long)m.n_params, 0, 0);
    free(once), seqlm_free(&m);
}

WB_TEST(seqlm_backward_adds_into_grads, .points = 1,
        .hint = "seqlm_backward ADDS every parameter's gradient into m->grads, the output layer's "
                "dW_y and db_y as well as the layers': only seqlm_zero_grad clears them (so "
                "several chunks' gradients can be summed before one step).",
        .hint2 = "The same chunk forward and backward twice without seqlm_zero_grad in between "
                 "must give twice the gradient of once: a product into dW_y with beta = 0, or db_y "
                 "cleared before its sum, keeps only the second pass.") {
    seqlm m;
    int x[8], y[8];
    one_chunk_pass(&m, x, y, 44);
    float *twice = grads_times(&m, 2);
    seqlm_forward(&m, x, y, 4), seqlm_backward(&m);
    /* g + g is exact; sums accumulated element by element round differently: 1e-5 relative */
    assert_grads_close(&m, m.grads, twice, 1e-5, 1e-7);
    free(twice), seqlm_free(&m);
}

WB_TEST(seqlm_short_chunk_backward, .points = 2,
        .hint = "seqlm_backward goes back through the chunk of the last forward, t_last steps: the "
                "output layer's products and sums take its t_last * B rows, then each layer's "
                "backward its t_last steps. A 3-step chunk after a 4-step one must give the "
                "gradients of a model built for 3 steps.",
        .hint2 = "After a 4-step chunk the rows of step 3 (dlogits, the top layer's h, every "
                 "layer's dh and gates) still hold that chunk's numbers: a product or loop over "
                 "m->T * B rows, or from l->T - 1, mixes them in.") {
    enum { V = 5, H = 3, L = 2, B = 2, T = 4, S = 3 };
    const int cells[2] = {CELL_GRU, CELL_LSTM};
    for (int k = 0; k < 2; k++) {
        const int cell = cells[k];
        wb_rng r;
        wb_rng_seed(&r, 45);
        seqlm a, b;
        seqlm_init(&a, cell, V, H, L, B, T, &r);
        seqlm_init(&b, cell, V, H, L, B, S, &r);
        wb_rng_fill_normal(&r, a.params, (long)a.n_params, 0.8f);
        wb_rng_fill_normal(&r, a.h_state, L * B * H, 0.5f);
        wb_rng_fill_normal(&r, a.c_state, L * B * H, 1.0f);
        memcpy(b.params, a.params, a.n_params * sizeof(float));
        memcpy(b.h_state, a.h_state, L * B * H * sizeof(float));
        memcpy(b.c_state, a.c_state, L * B * H * sizeof(float));
        int x[T * B], y[T * B], x2[T * B], y2[T * B]; /* x2, y2: their first S * B */
        random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V);
        random_ids(&r, x2, T * B, V), random_ids(&r, y2, T * B, V);
        seqlm_zero_grad(&a);
        seqlm_forward(&a, x, y, T), seqlm_backward(&a); /* the full chunk, then the short one */
        seqlm_zero_grad(&a);
        seqlm_forward(&a, x2, y2, S), seqlm_backward(&a);
        seqlm_zero_grad(&b);
        seqlm_forward(&b, x2, y2, S), seqlm_backward(&b);
        double norm = 0;
        for (size_t i = 0; i < b.n_params; i++) norm += (double)b.grads[i] * b.grads[i];
        ck_assert_msg(norm > 1e-6, "all gradients are 0 after seqlm_backward: it computes nothing "
                      "yet");
        /* the same steps on the same numbers; the products may block differently: 1e-5 */
        assert_grads_close(&a, a.grads, b.grads, 1e-5, 1e-6);
        for (int l = 0; l < L; l++) {
            assert_close_named("a layer's dh0", a.layer[l].dh0, b.layer[l].dh0, B * H, 1e-5, 1e-6);
            if (cell == CELL_LSTM)
                assert_close_named("a layer's dc0", a.layer[l].dc0, b.layer[l].dc0, B * H, 1e-5,
                                   1e-6);
        }
        seqlm_free(&a), seqlm_free(&b);
    }
}

WB_TEST(seqlm_train_step_clears_the_old_gradients, .points = 1,
        .hint = "The backward passes ADD into m->grads (the weights of a layer serve every time "
                "step), so each training step must begin from zero gradients: otherwise it also "
                "applies what the earlier steps left there.",
        .hint2 = "Two equal models, one with m->grads full of 0.5s (as a previous step might leave "
                 "them): after one seqlm_train_step each on the same chunk, their parameters must "
                 "be identical.") {
    seqlm a, b;
    wb_rng r;
    wb_rng_seed(&r, 37), seqlm_init(&a, CELL_GRU, 5, 4, 2, 2, 3, &r);
    wb_rng_seed(&r, 37), seqlm_init(&b, CELL_GRU, 5, 4, 2, 2, 3, &r);
    for (size_t i = 0; i < b.n_params; i++) b.grads[i] = 0.5f;
    float *start = malloc(a.n_params * sizeof *start);
    memcpy(start, a.params, a.n_params * sizeof *start);
    optimizer oa, ob;
    opt_init(&oa, OPT_SGD, a.n_params, 0.1f), opt_init(&ob, OPT_SGD, b.n_params, 0.1f);
    int x[6] = {0, 1, 2, 3, 4, 0}, y[6] = {1, 2, 3, 4, 0, 1};
    seqlm_train_step(&a, &oa, x, y, 3, 5.0f), seqlm_train_step(&b, &ob, x, y, 3, 5.0f);
    ck_assert_msg(memcmp(start, a.params, a.n_params * sizeof *start) != 0,
                  "seqlm_train_step left the parameters as they were: no step was taken");
    /* the same operations on the same numbers once the gradients are cleared: bit for bit */
    WB_ASSERT_CLOSE(b.params, a.params, a.n_params, 0, 0);
    free(start), opt_free(&oa), opt_free(&ob), seqlm_free(&a), seqlm_free(&b);
}

WB_TEST(seqlm_train_step_clips_then_steps, .points = 1,
        .hint = "seqlm_train_step clips the global norm of ALL the gradients (every layer, W_y and "
                "b_y: the one m->grads array) to max_norm, BEFORE the optimiser's step: a step "
                "with the unclipped gradient is the jump clipping is there to stop.",
        .hint2 = "With plain SGD at lr = 1 and max_norm = 0.01 the parameters must move by exactly "
                 "0.01 in total (the clipped gradient's norm; an untrained model's is far "
                 "above).") {
    enum { V = 5, H = 4, B = 2, T = 3 };
    wb_rng r;
    wb_rng_seed(&r, 40);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, V, H, 2, B, T, &r);
    float *start = malloc(m.n_params * sizeof *start);
    memcpy(start, m.params, m.n_params * sizeof *start);
    optimizer o;
    opt_init(&o, OPT_SGD, m.n_params, 1.0f);
    int x[T * B], y[T * B];
    random_ids(&r, x, T * B, V), random_ids(&r, y, T * B, V);
    seqlm_train_step(&m, &o, x, y, T, 0.01f);
    double moved = 0;
    for (size_t i = 0; i < m.n_params; i++) {
        double step = (double)m.params[i] - start[i];
        moved += step * step;
    }
    /* |lr g| with |g| = 0.01 after clipping; float rounding of the parameters ~1e-7 each */
    WB_ASSERT_NEAR((float)sqrt(moved), 0.01f, 1e-3, 0);
    free(start), opt_free(&o), seqlm_free(&m);
}

WB_TEST(seqlm_train_step_carries_the_state, .points = 1,
        .hint = "seqlm_train_step starts from the state it finds and ends by carrying the state: "
                "the next chunk of each stream goes on from where this one ended, so after the "
                "step every layer's state is the chunk's last h (and c).",
        .hint2 = "A step on a chunk of 3 steps (the model's T is 4) from a random state: h_state "
                 "and c_state must then be every layer's h[3] and c[3], the rows of this chunk's "
                 "last step; and the chunk must have started from that random state, not from "
                 "0 (clearing the state at every step forgets the verse at each boundary).") {
    enum { V = 5, H = 4, L = 2, B = 2, T = 4 };
    wb_rng r;
    wb_rng_seed(&r, 41);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, V, H, L, B, T, &r);
    wb_rng_fill_normal(&r, m.h_state, L * B * H, 0.5f);
    wb_rng_fill_normal(&r, m.c_state, L * B * H, 1.0f);
    optimizer o;
    opt_init(&o, OPT_SGD, m.n_params, 0.1f);
    int x[3 * B], y[3 * B];
    random_ids(&r, x, 3 * B, V), random_ids(&r, y, 3 * B, V);
    float h0[L * B * H], c0[L * B * H];
    memcpy(h0, m.h_state, sizeof h0), memcpy(c0, m.c_state, sizeof c0);
    seqlm_train_step(&m, &o, x, y, 3, 5.0f);
    /* the chunk went on from the state it was given: seqlm_forward copies it into row 0 */
    for (int l = 0; l < L; l++)
        for (int i = 0; i < B * H; i++)
            ck_assert_msg(m.layer[l].h[i] == h0[l * B * H + i] &&
                              m.layer[l].c[i] == c0[l * B * H + i],
                          "layer %d: the step's chunk started from h[0][%d] = %g, c[0][%d] = %g, "
                          "but the state it was given is %g, %g: a step goes on from the state "
                          "the previous one carried", l, i, (double)m.layer[l].h[i], i,
                          (double)m.layer[l].c[i], (double)h0[l * B * H + i],
                          (double)c0[l * B * H + i]);
    check_carried(&m, 3, "LSTM");
    opt_free(&o), seqlm_free(&m);
}

WB_TEST(seqlm_learns_a_periodic_text, .points = 1,
        .hint = "seqlm_train_step: zero the gradients, forward, backward, clip the global norm (week "
                "07's clip_grad_norm), one optimiser step, carry the state. 60 steps of Adam on the "
                "text 'abcd' repeated must bring the loss from ln 4 to near 0.") {
    wb_rng r;
    wb_rng_seed(&r, 36);
    seqlm m;
    seqlm_init(&m, CELL_LSTM, 4, 8, 1, 2, 8, &r);
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, 0.05f);
    int x[16], y[16];
    float first = 0, loss = 0;
    for (int s = 0; s < 60; s++) {
        for (int t = 0; t < 8; t++)
            for (int b = 0; b < 2; b++) x[t * 2 + b] = (s * 8 + t + b) % 4, y[t * 2 + b] = (s * 8 + t + b + 1) % 4;
        loss = seqlm_train_step(&m, &o, x, y, 8, 5.0f);
        if (s == 0) first = loss;
    }
    ck_assert_msg(first > 1.2f && loss < 0.1f, "loss %g at the first step (ln 4 = 1.39 expected) and %g "
                  "after 60 (expected < 0.1)", (double)first, (double)loss);
    opt_free(&o);
    seqlm_free(&m);
}
