/* test_rnn.c — the vanilla RNN: forward passes by hand (one hidden unit, then two with an
 * asymmetric W_hh), the untrained loss, the state carried between chunks (also after a chunk
 * shorter than T), and the gradients of one step and of a whole chunk (state carried in, the
 * gradient through h_0) against finite differences. */
#include "testing.h"
#include "week10.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = NAN;
}

static void random_ids(wb_rng *r, int *x, int n, int V) {
    for (int i = 0; i < n; i++) x[i] = (int)wb_rng_below(r, (uint32_t)V);
}

WB_TEST(rnn_forward_by_hand, .points = 2,
        .hint = "h_t = tanh(row x_t of W_xh + b_h + W_hh h_{t-1}), starting from h_0 = the state; "
                "logits_t = W_hy h_t + b_y; the loss is the mean of -ln softmax(logits_t)[y_t].",
        .hint2 = "V = 2, H = 1, state 0.5: W_xh = (0.3, -0.2), W_hh = 0.8, b_h = 0.1: "
                 "h_1 = tanh(0.3 + 0.1 + 0.4) for input 0.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    rnn m;
    rnn_init(&m, 2, 1, 1, 2, &r);
    float p[9] = {0.3f, -0.2f, 0.8f, 0.1f, 1.5f, -0.5f, 0.2f, -0.1f}; /* W_xh W_hh b_h W_hy b_y */
    ck_assert_uint_eq(m.n_params, 8);
    memcpy(m.params, p, 8 * sizeof(float));
    m.state[0] = 0.5f;
    fill_nan(m.logits, 4);
    int x[2] = {0, 1}, y[2] = {1, 0};
    float loss = rnn_forward(&m, x, y, 2);
    double h1 = tanh(0.3 + 0.1 + 0.8 * 0.5), h2 = tanh(-0.2 + 0.1 + 0.8 * h1);
    double z[4] = {1.5 * h1 + 0.2, -0.5 * h1 - 0.1, 1.5 * h2 + 0.2, -0.5 * h2 - 0.1};
    double l1 = log(exp(z[0]) + exp(z[1])) - z[1], l2 = log(exp(z[2]) + exp(z[3])) - z[2];
    float hw[3] = {0.5f, (float)h1, (float)h2}, zw[4] = {(float)z[0], (float)z[1], (float)z[2], (float)z[3]};
    WB_ASSERT_CLOSE(m.h, hw, 3, 1e-5, 1e-6); /* float tanh and sums of 3 terms: ~1e-6 relative */
    WB_ASSERT_CLOSE(m.logits, zw, 4, 1e-5, 1e-6);
    WB_ASSERT_NEAR(loss, (float)((l1 + l2) / 2), 1e-5, 0);
    rnn_free(&m);
}

WB_TEST(rnn_forward_two_units_by_hand, .points = 2,
        .hint = "With two hidden units every matrix's orientation shows: a_t[i] = W_xh[x_t][i] + "
                "b_h[i] + sum_j W_hh[i][j] h_{t-1}[j] (row i of W_hh makes unit i: h W_hh^T for "
                "a (B,H) batch), and logits_t[v] = b_y[v] + sum_j W_hy[v][j] h_t[j].",
        .hint2 = "Stream 0's first step: a = (-0.5, 0.2) + (0.1, -0.1) + W_hh (0.5, -0.3) = "
                 "(0.02, 0.49). (-0.37, -0.16) means h_{t-1} W_hh, W_hh read transposed: the "
                 "gradient checks cannot see it if the backward pass transposes it too, but the "
                 "weights then mean something other than the header says.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    rnn m;
    enum { V = 3, H = 2, B = 2, T = 2 };
    rnn_init(&m, V, H, B, T, &r);
    ck_assert_uint_eq(m.n_params, 21);
    const float Wxh[V][H] = {{0.3f, -0.2f}, {0.1f, 0.4f}, {-0.5f, 0.2f}};
    const float Whh[H][H] = {{0.6f, -0.4f}, {0.9f, 0.2f}}; /* not symmetric */
    const float bh[H] = {0.1f, -0.1f}, by[V] = {0.2f, 0.0f, -0.1f};
    const float Why[V][H] = {{1.0f, -0.5f}, {0.3f, 0.8f}, {-0.7f, 0.4f}};
    memcpy(m.W_xh, Wxh, sizeof Wxh), memcpy(m.W_hh, Whh, sizeof Whh), memcpy(m.b_h, bh, sizeof bh);
    memcpy(m.W_hy, Why, sizeof Why), memcpy(m.b_y, by, sizeof by);
    const float h0[B][H] = {{0.5f, -0.3f}, {-0.2f, 0.6f}};
    memcpy(m.state, h0, sizeof h0);
    fill_nan(m.h + B * H, T * B * H);
    fill_nan(m.logits, T * B * V);
    const int x[T * B] = {2, 0, 1, 2}; /* (T,B): stream 0 reads 2, 1; stream 1 reads 0, 2 */
    rnn_forward(&m, x, NULL, T);
    /* stream 0's first step by hand: a = (-0.5 + 0.1 + 0.6 * 0.5 - 0.4 * -0.3,
       0.2 - 0.1 + 0.9 * 0.5 + 0.2 * -0.3) = (0.02, 0.49); with W_hh transposed (-0.37, -0.16) */
    const float *h1 = m.h + B * H;
    int transposed = fabs(h1[0] - tanh(-0.37)) < 1e-4 && fabs(h1[1] - tanh(-0.16)) < 1e-4;
    ck_assert_msg(!transposed, "stream 0's h_1 = tanh(-0.37, -0.16) is tanh(... + h_0 W_hh): W_hh "
                  "read transposed; unit i takes row i, sum_j W_hh[i][j] h_0[j], tanh(0.02, 0.49)");
    float first[H] = {(float)tanh(0.02), (float)tanh(0.49)};
    WB_ASSERT_CLOSE(h1, first, H, 1e-5, 1e-6); /* float sums of 4 terms: ~1e-7 */
    /* every step and stream: the header's formula, element by element, in double */
    double h[T + 1][B][H];
    float hw[(T + 1) * B * H], zw[T * B * V];
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) h[0][b][j] = h0[b][j];
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < H; i++) {
                double a = Wxh[x[t * B + b]][i] + bh[i];
                for (int j = 0; j < H; j++) a += Whh[i][j] * h[t][b][j];
                h[t + 1][b][i] = tanh(a);
            }
            for (int v = 0; v < V; v++) {
                double z = by[v];
                for (int j = 0; j < H; j++) z += Why[v][j] * h[t + 1][b][j];
                zw[(t * B + b) * V + v] = (float)z;
            }
        }
    for (int i = 0; i < (T + 1) * B * H; i++) hw[i] = (float)(&h[0][0][0])[i];
    WB_ASSERT_CLOSE(m.h, hw, (T + 1) * B * H, 1e-5, 1e-6); /* float tanh, sums of 4 terms */
    WB_ASSERT_CLOSE(m.logits, zw, T * B * V, 1e-5, 1e-6);
    rnn_free(&m);
}

WB_TEST(rnn_untrained_loss_is_ln_V, .points = 1,
        .hint = "Untrained, the outputs are near zero, every character about equally likely: the mean "
                "loss is about ln V nats (ln 63 = 4.14). 0 means no loss was computed; far more, wrong "
                "logits or a sum instead of a mean.") {
    wb_rng r;
    wb_rng_seed(&r, 2);
    rnn m;
    rnn_init(&m, 63, 32, 4, 10, &r);
    int x[40], y[40];
    random_ids(&r, x, 40, 63);
    random_ids(&r, y, 40, 63);
    float loss = rnn_forward(&m, x, y, 10);
    /* W_hy ~ N(0, 0.01/H): logits of std <= 0.1, which add at most ~var/2 = 0.005 to ln V */
    WB_ASSERT_NEAR(loss, logf(63.0f), 0, 0.02);
    rnn_free(&m);
}

WB_TEST(rnn_state_carried_between_chunks, .points = 2,
        .hint = "rnn_carry_state copies the last chunk's final hidden state h[t_last] into state, so "
                "two chunks of 3 steps compute exactly what one chunk of 6 does.",
        .hint2 = "Resetting the state to zero between chunks makes the network forget the verse at "
                 "every chunk boundary: its second chunk starts as if at the start of the text.") {
    wb_rng r;
    wb_rng_seed(&r, 3);
    rnn one, two;
    rnn_init(&one, 5, 4, 2, 6, &r);
    rnn_init(&two, 5, 4, 2, 3, &r);
    memcpy(two.params, one.params, one.n_params * sizeof(float));
    int x[12], y[12];
    random_ids(&r, x, 12, 5);
    random_ids(&r, y, 12, 5);
    float whole = rnn_forward(&one, x, y, 6);
    ck_assert_msg(fabsf(one.h[3 * 8]) > 0.01f && whole > 1.0f, "h_3[0] = %g and loss %g: the forward pass "
                  "computes nothing yet (test rnn_forward_by_hand first)", one.h[3 * 8], whole);
    float a = rnn_forward(&two, x, y, 3);
    rnn_carry_state(&two);
    WB_ASSERT_CLOSE(two.state, one.h + 3 * 8, 8, 0, 0); /* the same operations: bit for bit */
    float b = rnn_forward(&two, x + 6, y + 6, 3);
    WB_ASSERT_CLOSE(two.h + 3 * 8, one.h + 6 * 8, 8, 1e-6, 0);
    WB_ASSERT_NEAR((a + b) / 2, whole, 1e-6, 0);
    rnn_free(&one);
    rnn_free(&two);
}

WB_TEST(rnn_state_carried_after_a_short_chunk, .points = 1,
        .hint = "The state after a chunk is h[t_last], the row after that chunk's last step: a "
                "chunk may be shorter than the T the model was made for (rnn_generate runs chunks "
                "of one step, rnn_bpc may end with a shorter one); h[T] then holds an older state.",
        .hint2 = "Two chunks of 1 step must compute what one chunk of 2 steps does. Copying "
                 "h[m->T] instead of h[m->t_last] passes every test whose chunks are full.") {
    wb_rng r;
    wb_rng_seed(&r, 9);
    rnn m;
    enum { V = 5, H = 3, B = 2, T = 4, BH = B * H };
    rnn_init(&m, V, H, B, T, &r);
    int x[T * B];
    random_ids(&r, x, T * B, V);
    rnn_forward(&m, x, NULL, T); /* a full chunk: h[1..4] hold its states */
    rnn_reset_state(&m);
    rnn_forward(&m, x + 2 * B, NULL, 2); /* the reference: steps 2 and 3 of x as one chunk */
    float h1[BH], h2[BH];
    memcpy(h1, m.h + BH, sizeof h1);
    memcpy(h2, m.h + 2 * BH, sizeof h2);
    double size = 0;
    for (int i = 0; i < BH; i++) size += fabsf(h1[i]) + fabsf(h2[i]);
    ck_assert_msg(size > 0.1, "h[1] and h[2] are 0 after rnn_forward: it computes nothing yet "
                  "(test rnn_forward_by_hand first)");
    rnn_reset_state(&m);
    rnn_forward(&m, x + 2 * B, NULL, 1);
    rnn_carry_state(&m);
    WB_ASSERT_CLOSE(m.state, h1, BH, 0, 0); /* the same operations on the same numbers: exact */
    rnn_forward(&m, x + 3 * B, NULL, 1);
    rnn_carry_state(&m);
    WB_ASSERT_CLOSE(m.state, h2, BH, 1e-6, 0);
    rnn_free(&m);
}

WB_TEST(rnn_forward_reads_only_its_chunk, .points = 1,
        .hint = "rnn_forward runs the T steps it is given, which may be fewer than the T the model "
                "was made for (rnn_generate feeds chunks of 1 step): it reads x[0..T*B-1] only, "
                "and the chunk's loss and logits are those of a model made for that T.",
        .hint2 = "x here ends where an unreadable page begins: a loop over m->T steps reads the "
                 "ids of steps that are not in the chunk, past the end of x.") {
    wb_rng r;
    wb_rng_seed(&r, 17);
    rnn m, fresh;
    enum { V = 5, H = 3, B = 2, T = 4, S = 2 };
    rnn_init(&m, V, H, B, T, &r);
    rnn_init(&fresh, V, H, B, S, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.7f);
    memcpy(fresh.params, m.params, m.n_params * sizeof(float));
    /* x and y of exactly S * B ids (ints are float-sized: a guarded buffer holds them) */
    int *x = (int *)wb_guarded_floats(S * B, "x, the chunk's S * B input ids");
    int *y = (int *)wb_guarded_floats(S * B, "y, the chunk's S * B targets");
    random_ids(&r, x, S * B, V), random_ids(&r, y, S * B, V);
    float want = rnn_forward(&fresh, x, y, S);
    ck_assert_msg(want > 0.5f, "loss %g: rnn_forward computes no loss yet (test rnn_forward_by_hand "
                  "first)", (double)want);
    float got = rnn_forward(&m, x, y, S);
    /* the same operations on the same numbers: equal up to a few ulps */
    WB_ASSERT_NEAR(got, want, 1e-6, 0);
    WB_ASSERT_CLOSE(m.logits, fresh.logits, S * B * V, 1e-6, 1e-7);
    WB_ASSERT_CLOSE(m.h + B * H, fresh.h + B * H, S * B * H, 1e-6, 1e-7);
    wb_guarded_free((float *)x), wb_guarded_free((float *)y);
    rnn_free(&m), rnn_free(&fresh);
}

/* ---- gradient checks ---- */
typedef struct gc_ctx {
    rnn *m;
    const int *x, *y;
    int T;
} gc_ctx;

static double loss_of(void *p) {
    gc_ctx *c = p;
    return rnn_forward(c->m, c->x, c->y, c->T);
}

/* A model whose hidden units are well inside tanh's curve (|h| ~ 0.5-0.9), so that tanh' matters. */
static void grad_model(rnn *m, int V, int H, int B, int T, wb_rng *r) {
    rnn_init(m, V, H, B, T, r);
    wb_rng_fill_normal(r, m->params, (long)m->n_params, 0.8f);
    wb_rng_fill_normal(r, m->state, (long)B * H, 0.6f);
    for (int i = 0; i < B * H; i++) m->state[i] = tanhf(m->state[i]);
}

static void check_all_grads(rnn *m, const int *x, const int *y, int T) {
    gc_ctx c = {m, x, y, T};
    rnn_zero_grad(m);
    fill_nan(m->dh0, (size_t)m->B * m->H);
    rnn_forward(m, x, y, T);
    rnn_backward(m, x);
    /* float32 losses near 1.6 carry ~1e-7 rounding, i.e. ~1e-4 in a difference over 2e-3; gradients
       are 1e-3..1: 2% relative plus 2e-4 absolute */
    float *g = malloc(m->n_params * sizeof *g), *dh0 = malloc((size_t)m->B * m->H * sizeof *dh0);
    memcpy(g, m->grads, m->n_params * sizeof *g);
    memcpy(dh0, m->dh0, (size_t)m->B * m->H * sizeof *dh0);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m->params, g, (long)m->n_params, 1e-3, 2e-2, 2e-4));
    /* the gradient through h_0: what the previous chunk would have received */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m->state, dh0, (long)m->B * m->H, 1e-3, 2e-2, 2e-4));
    free(g);
    free(dh0);
}

WB_TEST(rnn_backward_adds_and_forgets_the_last_chunk, .points = 2,
        .hint = "rnn_backward ADDS into grads (so two calls give twice the gradient), and every call "
                "starts the backward pass with nothing flowing in from after the chunk: dh_next = 0, "
                "whatever the previous call left in dh0.",
        .hint2 = "Gradients that change when the same chunk is run twice mean something from the last "
                 "backward pass (dh0) leaked into this one: truncated BPTT cuts at the chunk's end.") {
    wb_rng r;
    wb_rng_seed(&r, 6);
    rnn m;
    grad_model(&m, 4, 3, 2, 4, &r);
    int x[8], y[8];
    random_ids(&r, x, 8, 4);
    random_ids(&r, y, 8, 4);
    float *once = malloc(m.n_params * sizeof *once), *twice = malloc(m.n_params * sizeof *twice);
    rnn_zero_grad(&m);
    rnn_forward(&m, x, y, 4);
    rnn_backward(&m, x);
    memcpy(once, m.grads, m.n_params * sizeof *once);
    double norm = 0;
    for (size_t i = 0; i < m.n_params; i++) norm += (double)once[i] * once[i];
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after rnn_backward: it computes nothing yet");
    for (size_t i = 0; i < m.n_params; i++) twice[i] = 2 * once[i];
    float dh0[6];
    memcpy(dh0, m.dh0, sizeof dh0);
    rnn_forward(&m, x, y, 4);
    rnn_backward(&m, x);
    char msg[256];
    if (wb_compare_floats(m.dh0, dh0, 6, 1e-6, 0, msg, sizeof msg))
        ck_abort_msg("the same chunk's backward run twice gave another dh0 (%s): the second pass "
                     "started from what the first left in dh0, not from dh_next = 0", msg);
    WB_ASSERT_CLOSE(m.grads, twice, (long)m.n_params, 1e-5, 1e-7);
    rnn_zero_grad(&m);
    rnn_forward(&m, x, y, 4);
    rnn_backward(&m, x);
    WB_ASSERT_CLOSE(m.grads, once, (long)m.n_params, 1e-6, 0);
    free(once);
    free(twice);
    rnn_free(&m);
}

WB_TEST(rnn_step_gradients, .points = 3,
        .hint = "One step: dlogits -> dW_hy, db_y and dh = dlogits W_hy; da = dh * tanh'(a), with "
                "tanh'(a) = 1 - h^2 written with the OUTPUT h; then dW_hh += da h_0^T, the row x of "
                "dW_xh and db_h += da, and dh0 = da W_hh.",
        .hint2 = "If only W_hy and b_y are right, look at da: 1 - tanh(h)^2 treats h as if it were the "
                 "pre-activation a. If dh0 is wrong but the weights right, dh0 must be da W_hh (not W_hh^T "
                 "in row-major terms: dh0[b][j] = sum_i da[b][i] W_hh[i][j]).") {
    wb_rng r;
    wb_rng_seed(&r, 4);
    rnn m;
    grad_model(&m, 5, 4, 3, 1, &r);
    int x[3] = {0, 4, 2}, y[3] = {3, 1, 3};
    check_all_grads(&m, x, y, 1);
    rnn_free(&m);
}

WB_TEST(rnn_sequence_gradients, .points = 4,
        .hint = "Through time, the gradient at h_t has two sources: its own output AND the next step "
                "(dh_next, from da_{t+1} W_hh). Go from t = T-1 down to 0, adding both before tanh'.",
        .hint2 = "The step test passing but this one failing means the recurrence's backward: dh_next "
                 "starts at 0 at the chunk's end, is added to step t's dh, and after step t becomes "
                 "da_t W_hh; dW_hh accumulates da_t h_{t-1}^T over every step.") {
    wb_rng r;
    wb_rng_seed(&r, 5);
    rnn m;
    grad_model(&m, 5, 4, 2, 6, &r);
    int x[12], y[12];
    random_ids(&r, x, 12, 5);
    random_ids(&r, y, 12, 5);
    check_all_grads(&m, x, y, 6);
    rnn_free(&m);
}

WB_TEST(rnn_backward_after_a_short_chunk, .points = 2,
        .hint = "rnn_backward runs through the chunk of the LAST rnn_forward: its t_last steps, "
                "which may be fewer than the T the model was made for (rnn_bpc may end with a "
                "shorter chunk). The rows after them still hold an older chunk's dlogits and h.",
        .hint2 = "A chunk of 4 steps, then one of 2: the gradients must be those of a model made "
                 "for T = 2 with the same parameters and state. Looping over m->T steps adds the "
                 "older chunk's last 2 steps (and reads x past the chunk) too.") {
    wb_rng r;
    wb_rng_seed(&r, 14);
    rnn m, fresh;
    enum { V = 5, H = 3, B = 2, T = 4, S = 2 };
    grad_model(&m, V, H, B, T, &r);
    rnn_init(&fresh, V, H, B, S, &r);
    memcpy(fresh.params, m.params, m.n_params * sizeof(float));
    memcpy(fresh.state, m.state, B * H * sizeof(float));
    int x[T * B], y[T * B], xs[T * B] = {0}, ys[S * B];
    random_ids(&r, x, T * B, V);
    random_ids(&r, y, T * B, V);
    random_ids(&r, xs, S * B, V); /* the short chunk; its tail stays valid ids (0), not garbage */
    random_ids(&r, ys, S * B, V);
    rnn_forward(&m, x, y, T); /* a full chunk first: its rows stay behind in dlogits and h */
    rnn_backward(&m, x);
    rnn_zero_grad(&m), rnn_zero_grad(&fresh);
    rnn_forward(&m, xs, ys, S); /* no carry: both start from the same state */
    rnn_backward(&m, xs);
    rnn_forward(&fresh, xs, ys, S);
    rnn_backward(&fresh, xs);
    double norm = 0;
    for (size_t i = 0; i < m.n_params; i++) norm += (double)fresh.grads[i] * fresh.grads[i];
    ck_assert_msg(norm > 1e-6, "all gradients are 0 after rnn_backward: it computes nothing yet");
    /* the same operations on the same numbers: equal up to a few ulps */
    WB_ASSERT_CLOSE(m.grads, fresh.grads, (long)m.n_params, 1e-6, 1e-7);
    WB_ASSERT_CLOSE(m.dh0, fresh.dh0, B * H, 1e-6, 1e-7);
    rnn_free(&m);
    rnn_free(&fresh);
}
