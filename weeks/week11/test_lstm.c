/* test_lstm.c — the LSTM: one cell by hand (and at saturated gates), the layer with its forget
 * gate pinned open reduced to an accumulator, and the gradients of the cell and of a whole chunk
 * (parameters, input, h_0 and c_0) against finite differences, and a chunk shorter than T after
 * a full one against a fresh layer that ran only the short one. */
#include "testing.h"
#include "week11.h"
#include "test_layer.h"

static double sig(double a) { return 1.0 / (1.0 + exp(-a)); }

WB_TEST(lstm_cell_by_hand, .points = 2,
        .hint = "The blocks of g are i, f, o, g in that order (LSTM_I ... LSTM_G), each H wide; "
                "i, f, o go through the sigmoid, g through tanh; c = f c_prev + i g; h = o tanh(c).",
        .hint2 = "If c is right and h is not: the output shows the cell through tanh, h = o tanh(c), "
                 "not o c (which is unbounded). Stream 1 has saturated gates (pre-activations "
                 "+-1000): the sigmoid must give exactly 0 or 1 there, not NaN (exp of +1000 overflows).") {
    enum { B = 2, H = 2 };
    float a[B * 4 * H] = {0.5f, -1.0f, 1.5f, 0.2f, -0.3f, 0.8f, 0.7f, -2.0f, /* stream 0: i i f f o o g g */
                          1000, -1000, 1000, 1000, 1000, -1000, 1000, -1000};  /* stream 1 */
    float c_prev[B * H] = {0.4f, -1.2f, 2.0f, -3.0f}, c[B * H], h[B * H], g[B * 4 * H];
    memcpy(g, a, sizeof a);
    fill_nan(c, B * H), fill_nan(h, B * H);
    lstm_cell_forward(g, c_prev, B, H, c, h);
    float gw[B * 4 * H], cw[B * H], hw[B * H];
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            const float *ab = a + b * 4 * H;
            double i = sig(ab[j]), f = sig(ab[H + j]), o = sig(ab[2 * H + j]), gg = tanh(ab[3 * H + j]);
            double cc = f * c_prev[b * H + j] + i * gg;
            gw[b * 4 * H + j] = (float)i, gw[b * 4 * H + H + j] = (float)f;
            gw[b * 4 * H + 2 * H + j] = (float)o, gw[b * 4 * H + 3 * H + j] = (float)gg;
            cw[b * H + j] = (float)cc, hw[b * H + j] = (float)(o * tanh(cc));
        }
    /* float sigmoid/tanh and two products: a few ulp */
    WB_ASSERT_CLOSE(g, gw, B * 4 * H, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(c, cw, B * H, 1e-5, 1e-7);
    WB_ASSERT_CLOSE(h, hw, B * H, 1e-5, 1e-7);
}

WB_TEST(lstm_forget_open_is_an_accumulator, .points = 2,
        .hint = "With i, f, o pinned at 1 the layer is c_t = c_{t-1} + tanh(a^g_t), h_t = tanh(c_t), "
                "a^g_t = W_x^g x_t + W_h^g h_{t-1} + b_x^g + b_h^g: the g block of one product of all "
                "four gates with x_t and one with h_{t-1}.",
        .hint2 = "Check the order of the steps: step t reads h[t] and c[t] (row 0 is the state the "
                 "chunk starts from) and writes h[t+1], c[t+1]; W_x is (4H, D), so x_t W_x^T is a (B,4H) "
                 "product with the second operand transposed.") {
    enum { D = 3, H = 2, B = 2, T = 5 };
    wb_rng r;
    wb_rng_seed(&r, 11);
    lay s;
    lay_init(&s, CELL_LSTM, D, H, B, T, &r);
    rec_layer *l = s.l;
    for (int q = 0; q < 3 * H; q++) { /* blocks i, f, o: no weights, bias 1000: exactly 1 */
        for (int d = 0; d < D; d++) l->W_x[q * D + d] = 0;
        for (int k = 0; k < H; k++) l->W_h[q * H + k] = 0;
        l->b_x[q] = 1000, l->b_h[q] = 0;
    }
    fill_nan(l->h + B * H, (size_t)T * B * H), fill_nan(l->c + B * H, (size_t)T * B * H);
    lstm_layer_forward(l, T);
    double hw[T + 1][B * H], cw[T + 1][B * H];
    for (int k = 0; k < B * H; k++) hw[0][k] = l->h[k], cw[0][k] = l->c[k];
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            for (int j = 0; j < H; j++) {
                int q = 3 * H + j; /* the g block's row j */
                double a = l->b_x[q] + l->b_h[q];
                for (int d = 0; d < D; d++) a += l->W_x[q * D + d] * s.x[(t * B + b) * D + d];
                for (int k = 0; k < H; k++) a += l->W_h[q * H + k] * hw[t][b * H + k];
                cw[t + 1][b * H + j] = cw[t][b * H + j] + tanh(a);
                hw[t + 1][b * H + j] = tanh(cw[t + 1][b * H + j]);
            }
    float hf[(T + 1) * B * H], cf[(T + 1) * B * H];
    for (int t = 0; t <= T; t++)
        for (int k = 0; k < B * H; k++) hf[t * B * H + k] = (float)hw[t][k], cf[t * B * H + k] = (float)cw[t][k];
    /* 5 steps of float sums of ~6 terms: 1e-5 relative */
    WB_ASSERT_CLOSE(l->c, cf, (T + 1) * B * H, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(l->h, hf, (T + 1) * B * H, 1e-5, 1e-6);
    /* input gate closed (-1000), forget open: the cell keeps c_0 exactly, h_t = tanh(c_0) */
    for (int j = 0; j < H; j++) l->b_x[LSTM_I * H + j] = -1000;
    lstm_layer_forward(l, T);
    for (int t = 1; t <= T; t++) {
        WB_ASSERT_CLOSE(l->c + t * B * H, l->c, B * H, 0, 0); /* f = 1, i = 0 exactly: bit for bit */
        for (int k = 0; k < B * H; k++) hf[k] = tanhf(l->c[k]);
        WB_ASSERT_CLOSE(l->h + t * B * H, hf, B * H, 1e-6, 1e-7);
    }
    lay_free(&s);
}

/* ---- the cell's gradient: L = sum wh h + sum wc c as a function of a and c_prev ---- */
typedef struct cell_ctx {
    float a[2 * 12], cp[2 * 3], wh[2 * 3], wc[2 * 3], g[2 * 12], c[2 * 3], h[2 * 3];
} cell_ctx;

static double cell_loss(void *p) {
    cell_ctx *s = p;
    memcpy(s->g, s->a, sizeof s->a);
    lstm_cell_forward(s->g, s->cp, 2, 3, s->c, s->h);
    double L = 0;
    for (int k = 0; k < 6; k++) L += (double)s->wh[k] * s->h[k] + (double)s->wc[k] * s->c[k];
    return L;
}

WB_TEST(lstm_cell_gradients, .points = 3,
        .hint = "Backwards through c = f c_prev + i g and h = o tanh(c): first the total dL/dc of this "
                "step (what came from step t+1 plus what comes through h), then each gate's share, then "
                "dL/dc_prev = that total times f. Sigmoid' = s(1 - s), tanh' = 1 - t^2, with the outputs.",
        .hint2 = "Which block is wrong tells you which line: the f block multiplies the OLD cell c_prev "
                 "(f scales it in the forward pass), not the new c; the blocks must be written in the "
                 "order the forward pass reads them (i f o g); dL/dc_prev must not be 0 — that is the "
                 "path the LSTM exists for.") {
    wb_rng r;
    wb_rng_seed(&r, 12);
    cell_ctx s;
    wb_rng_fill_normal(&r, s.a, 24, 1.0f);
    wb_rng_fill_normal(&r, s.cp, 6, 1.0f);
    wb_rng_fill_normal(&r, s.wh, 6, 1.0f);
    wb_rng_fill_normal(&r, s.wc, 6, 1.0f);
    cell_loss(&s);
    float da[24], dc[6];
    memcpy(dc, s.wc, sizeof dc); /* dL/dc_t from "after" the step: the loss's direct weight on c */
    fill_nan(da, 24);
    lstm_cell_backward(s.g, s.cp, s.c, s.wh, dc, 2, 3, da);
    /* a loss of ~6 terms in float: ~1e-6 rounding, 1e-3 over a 2e-3 difference; gradients ~0.1-1 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(cell_loss, &s, s.a, da, 24, 1e-3, 2e-2, 1e-3));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(cell_loss, &s, s.cp, dc, 6, 1e-3, 2e-2, 1e-3));
}

WB_TEST(lstm_backward_adds_and_restarts, .points = 1,
        .hint = "lstm_layer_backward ADDS into the weight gradients (two calls: twice the gradient) but "
                "starts every chunk with nothing flowing in from after it: dh0 and dc0 start at 0.",
        .hint2 = "dx, dh0 and dc0 are written (not added to): the same chunk twice gives the same values. "
                 "The test fills them with NaN before each call: a NaN means one was read first.") {
    check_adds_and_restarts(CELL_LSTM, 14, "lstm_layer_backward");
}

WB_TEST(lstm_sequence_gradients, .points = 4,
        .hint = "Through time: at step t, dL/dh_t is its own output's share PLUS what step t+1 sends "
                "back through W_h (dh0 after the step, = da_t W_h); dL/dc_t carries over from step t+1 "
                "through the cell alone. Go from t = T-1 down to 0.",
        .hint2 = "If only dW_h is wrong: its gradient pairs step t's da with the state the step READ, "
                 "h[t] = h_{t-1}, not h[t+1]. If dh0/dc0 are wrong but the weights right: they are what is "
                 "left after step 0, the gradient a previous chunk would receive.") {
    wb_rng r;
    wb_rng_seed(&r, 13);
    lay s;
    lay_init(&s, CELL_LSTM, 3, 4, 2, 5, &r);
    check_layer_grads(&s);
    lay_free(&s);
}

WB_TEST(lstm_short_chunk_after_a_full_one, .points = 1,
        .hint = "A chunk may be shorter than the layer's T (seqlm_bpc's last chunk, the driver's): "
                "lstm_layer_backward goes back through the t_last steps of the LAST forward only. "
                "A 3-step chunk after a 4-step one must give a fresh 3-step layer's gradients.",
        .hint2 = "Rows t_last..T-1 of dh, gates and c still hold the earlier, longer chunk: a loop "
                 "from l->T - 1 runs through that stale step first, and its dh0 and dc0 leak into "
                 "the real last step. Start at t = t_last - 1.") {
    check_short_chunk_after_full(CELL_LSTM, 15);
}
