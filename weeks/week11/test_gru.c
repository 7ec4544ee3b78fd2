/* test_gru.c — the GRU: one cell by hand, the layer with z pinned shut and r open reduced to week
 * 10's vanilla RNN (its reference, run on the same weights), z pinned open copying its state, and
 * the gradients of the cell and of a whole chunk against finite differences, and a chunk shorter
 * than T after a full one against a fresh layer that ran only the short one. */
#include "testing.h"
#include "week11.h"
#include "test_layer.h"

static double sig(double a) { return 1.0 / (1.0 + exp(-a)); }

WB_TEST(gru_cell_by_hand, .points = 2,
        .hint = "Blocks r, z, n, each H wide: r = sig(ax_r + ah_r), z = sig(ax_z + ah_z), "
                "n = tanh(ax_n + r ah_n) — the reset gate multiplies only the recurrent part — and "
                "h = (1 - z) n + z h_prev.",
        .hint2 = "z = 1 keeps the old state: if h comes out as z n + (1 - z) h_prev, the two weights are "
                 "swapped. g must hold r, z, n after the sigmoids and tanh (the backward pass reads them).") {
    enum { B = 2, H = 2 };
    float ax[B * 3 * H] = {0.5f, -1.0f, 1.5f, 0.2f, -0.3f, 0.8f, 1000, -1000, 1000, -1000, 0.4f, 0.1f};
    float ah[B * 3 * H] = {0.1f, 0.3f, -0.6f, 0.9f, 1.1f, -0.7f, 0, 0, 0, 0, 0.5f, 2.0f};
    float hp[B * H] = {0.4f, -0.8f, 0.6f, -0.2f}, g[B * 3 * H], h[B * H];
    fill_nan(g, B * 3 * H), fill_nan(h, B * H);
    gru_cell_forward(ax, ah, hp, B, H, g, h);
    float gw[B * 3 * H], hw[B * H];
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            const float *x3 = ax + b * 3 * H, *h3 = ah + b * 3 * H;
            double r = sig(x3[j] + h3[j]), z = sig(x3[H + j] + h3[H + j]), n = tanh(x3[2 * H + j] + r * h3[2 * H + j]);
            gw[b * 3 * H + j] = (float)r, gw[b * 3 * H + H + j] = (float)z, gw[b * 3 * H + 2 * H + j] = (float)n;
            hw[b * H + j] = (float)((1 - z) * n + z * hp[b * H + j]);
        }
    WB_ASSERT_CLOSE(g, gw, B * 3 * H, 1e-5, 1e-7); /* float sigmoid and tanh: a few ulp */
    WB_ASSERT_CLOSE(h, hw, B * H, 1e-5, 1e-7);
}

WB_TEST(gru_pinned_is_the_rnn, .points = 2,
        .hint = "With z = 0 and r = 1 the GRU is h_t = tanh(W_x^n x_t + b_x^n + W_h^n h_{t-1} + b_h^n): "
                "week 10's RNN. With z = 1 it copies h_0 forever. Both follow from the equations; "
                "if neither holds, look at which block of the 3H axis each gate reads.",
        .hint2 = "The per-step product is ah_t = b_h + h_{t-1} W_h^T with h_{t-1} = h[t] (row 0: the "
                 "chunk's start); the input part x W_x^T + b_x is one product for all steps.") {
    enum { V = 4, H = 3, B = 2, T = 5 };
    wb_rng r;
    wb_rng_seed(&r, 21);
    lay s;
    lay_init(&s, CELL_GRU, V, H, B, T, &r);
    rec_layer *l = s.l;
    int x[T * B];
    for (int i = 0; i < T * B; i++) x[i] = (int)wb_rng_below(&r, V);
    memset(s.x, 0, sizeof(float) * T * B * V); /* the RNN's one-hot inputs, dense */
    for (int i = 0; i < T * B; i++) s.x[i * V + x[i]] = 1;
    for (int q = 0; q < 2 * H; q++) { /* r and z: no weights; r = sig(1000) = 1, z = sig(-1000) = 0 */
        for (int d = 0; d < V; d++) l->W_x[q * V + d] = 0;
        for (int k = 0; k < H; k++) l->W_h[q * H + k] = 0;
        l->b_x[q] = q < H ? 1000 : -1000, l->b_h[q] = 0;
    }
    for (int k = 0; k < B * H; k++) l->h[k] = tanhf(l->h[k]);
    rnn net; /* week 10's reference with the n block's weights */
    rnn_init(&net, V, H, B, T, &r);
    for (int j = 0; j < H; j++) {
        int q = 2 * H + j;
        for (int v = 0; v < V; v++) net.W_xh[v * H + j] = l->W_x[q * V + v]; /* stored (V,H) */
        for (int k = 0; k < H; k++) net.W_hh[j * H + k] = l->W_h[q * H + k];
        net.b_h[j] = l->b_x[q] + l->b_h[q];
    }
    memcpy(net.state, l->h, sizeof(float) * B * H);
    rnn_forward(&net, x, NULL, T);
    fill_nan(l->h + B * H, (size_t)T * B * H);
    gru_layer_forward(l, T);
    WB_ASSERT_CLOSE(l->h, net.h, (T + 1) * B * H, 1e-5, 1e-6); /* the same sums in another order */
    for (int q = H; q < 2 * H; q++) l->b_x[q] = 1000; /* z = 1: the state never changes */
    gru_layer_forward(l, T);
    for (int t = 1; t <= T; t++) WB_ASSERT_CLOSE(l->h + t * B * H, l->h, B * H, 0, 0);
    rnn_free(&net);
    lay_free(&s);
}

/* ---- the cell's gradient: L = sum w h as a function of ax, ah and h_prev ---- */
typedef struct gcell {
    float ax[2 * 9], ah[2 * 9], hp[6], w[6], g[18], h[6];
} gcell;

static double gcell_loss(void *p) {
    gcell *s = p;
    gru_cell_forward(s->ax, s->ah, s->hp, 2, 3, s->g, s->h);
    double L = 0;
    for (int k = 0; k < 6; k++) L += (double)s->w[k] * s->h[k];
    return L;
}

WB_TEST(gru_cell_gradients, .points = 3,
        .hint = "h = (1 - z) n + z h_prev: dn = dh (1 - z), dz = dh (h_prev - n), and the direct "
                "dh_prev = dh z. Then through n = tanh(ax_n + r ah_n): the n block of dah carries the "
                "factor r, and dr = da^n ah_n. The r and z blocks of dax and dah are equal.",
        .hint2 = "A wrong z block: the sign of h_prev - n (z weighs the OLD state). A wrong n block of "
                 "dah only: the reset gate scales ah_n in the forward pass, so it scales its gradient.") {
    wb_rng r;
    wb_rng_seed(&r, 22);
    gcell s;
    wb_rng_fill_normal(&r, s.ax, 18, 1.0f);
    wb_rng_fill_normal(&r, s.ah, 18, 1.0f);
    wb_rng_fill_normal(&r, s.hp, 6, 0.7f);
    wb_rng_fill_normal(&r, s.w, 6, 1.0f);
    gcell_loss(&s);
    float dax[18], dah[18], dhp[6];
    fill_nan(dax, 18), fill_nan(dah, 18), fill_nan(dhp, 6);
    gru_cell_backward(s.g, s.ah, s.hp, s.w, 2, 3, dax, dah, dhp);
    /* a loss of 6 terms in float: ~1e-6 rounding, 1e-3 over a 2e-3 difference; gradients ~0.1-1 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(gcell_loss, &s, s.ax, dax, 18, 1e-3, 2e-2, 1e-3));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(gcell_loss, &s, s.ah, dah, 18, 1e-3, 2e-2, 1e-3));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(gcell_loss, &s, s.hp, dhp, 6, 1e-3, 2e-2, 1e-3));
}

WB_TEST(gru_backward_adds_and_restarts, .points = 1,
        .hint = "gru_layer_backward ADDS into the weight gradients (two calls: twice the gradient) but "
                "starts every chunk with nothing flowing in from after it: dh0 starts at 0.",
        .hint2 = "dx and dh0 are written (not added to): the same chunk twice gives the same values. "
                 "The test fills them with NaN before each call: a NaN means one was read first.") {
    check_adds_and_restarts(CELL_GRU, 25, "gru_layer_backward");
}

WB_TEST(gru_sequence_gradients, .points = 3,
        .hint = "dL/dh_{t-1} has two parts: the direct z dh_t from the cell, and dah_t W_h through the "
                "recurrent product. Add them; then step t-1's own output share is added to it.",
        .hint2 = "The GRU has separate gradients for the input part (dgx) and the recurrent part (dgh) of "
                 "the pre-activations: dW_x and db_x use dgx, dW_h and db_h use dgh.") {
    wb_rng r;
    wb_rng_seed(&r, 23);
    lay s;
    lay_init(&s, CELL_GRU, 3, 4, 2, 5, &r);
    check_layer_grads(&s);
    lay_free(&s);
}

WB_TEST(gru_short_chunk_after_a_full_one, .points = 1,
        .hint = "A chunk may be shorter than the layer's T (seqlm_bpc's last chunk, the driver's): "
                "gru_layer_backward goes back through the t_last steps of the LAST forward only. "
                "A 3-step chunk after a 4-step one must give a fresh 3-step layer's gradients.",
        .hint2 = "Rows t_last..T-1 of dh, gates and ah still hold the earlier, longer chunk: a "
                 "loop from l->T - 1 runs through that stale step first, and its dh0 leaks into "
                 "the real last step. Start at t = t_last - 1.") {
    check_short_chunk_after_full(CELL_GRU, 24);
}
