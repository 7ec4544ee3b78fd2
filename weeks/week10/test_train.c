/* test_train.c — bits from nats, batches that keep each stream in order, clipping by the global
 * norm, the order of a training step, BPC of a model on a text, and a short training run. */
#include "testing.h"
#include "week10.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

WB_TEST(nats_to_bpc_values, .points = 1,
        .hint = "A bit is ln 2 nats: divide by ln 2. ln V nats (a uniform guess) is log2 V bits.") {
    ck_assert_msg(fabs(nats_to_bpc(log(2.0)) - 1) < 1e-12, "ln 2 nats = %g bits, want 1", nats_to_bpc(log(2.0)));
    ck_assert_msg(fabs(nats_to_bpc(log(63.0)) - log2(63.0)) < 1e-12, "ln 63 nats = %g bits, want %g",
                  nats_to_bpc(log(63.0)), log2(63.0));
}

WB_TEST(lm_batch_by_hand, .points = 2,
        .hint = "Stream b is the b-th of B equal slices of the text, L = (n - 1) / B long; chunk from "
                "step s reads positions b*L + s + t, and the targets are the characters one further.",
        .hint2 = "n = 21, B = 2: L = 10; T = 3 from step 3: stream 0 reads 3 4 5, stream 1 reads 13 14 15; "
                 "x[t*B + b], step-major. So the chunk from step 6 continues where this one ended. "
                 "n = 24, B = 3: L = 23 / 3 = 7 (the targets need one character past the "
                 "inputs): the streams start at 0, 7 and 14.") {
    int ids[24];
    for (int i = 0; i < 24; i++) ids[i] = 100 + i;
    int x[6], y[6];
    for (int i = 0; i < 6; i++) x[i] = y[i] = -1;
    lm_batch(ids, 21, 2, 3, 3, x, y);
    const int wx[6] = {103, 113, 104, 114, 105, 115};
    for (int i = 0; i < 6; i++) {
        ck_assert_msg(x[i] == wx[i], "x[%d] (step %d, stream %d) = %d, want %d", i, i / 2, i % 2, x[i], wx[i]);
        ck_assert_msg(y[i] == wx[i] + 1, "y[%d] = %d, want %d (the next character)", i, y[i], wx[i] + 1);
    }
    ck_assert_int_eq(lm_chunks(21, 2, 3), 3);
    /* n = 24, B = 3: L = 23 / 3 = 7 (the last stream's last target is ids[22]), where n / B would
       be 8; T = 2 from step 5: streams start at 0, 7, 14, so x = 5 12 19, 6 13 20 */
    for (int i = 0; i < 6; i++) x[i] = y[i] = -1;
    lm_batch(ids, 24, 3, 2, 5, x, y);
    const int wx3[6] = {105, 112, 119, 106, 113, 120};
    for (int i = 0; i < 6; i++) {
        ck_assert_msg(x[i] == wx3[i], "n = 24, B = 3 (L = 23 / 3 = 7), T = 2 from step 5: x[%d] "
                      "(step %d, stream %d) = %d, want %d", i, i / 3, i % 3, x[i], wx3[i]);
        ck_assert_msg(y[i] == wx3[i] + 1, "n = 24, B = 3: y[%d] = %d, want %d (the next character)",
                      i, y[i], wx3[i] + 1);
    }
}

/* gradients with a known shape: dW_hh all 3, db_y all 4, the rest 0 */
static void set_grads(rnn *m) {
    rnn_zero_grad(m);
    for (int i = 0; i < m->H * m->H; i++) m->dW_hh[i] = 3.0f;
    for (int i = 0; i < m->V; i++) m->db_y[i] = 4.0f;
}

WB_TEST(clip_by_global_norm, .points = 2,
        .hint = "Clip all the gradients TOGETHER: one norm over the whole gradient buffer, and if it "
                "is above max_norm every gradient is multiplied by the same max_norm / norm.",
        .hint2 = "dW_hh (4 x 4 of 3s, norm 12) and db_y (9 of 4s, norm 12): the global norm is "
                 "sqrt(288) = 16.97; clipping to 1 scales both by 1/16.97. Clipping each to 1 on its "
                 "own changes the gradient's direction.") {
    wb_rng r;
    wb_rng_seed(&r, 9);
    rnn m;
    rnn_init(&m, 9, 4, 1, 1, &r);
    set_grads(&m);
    float norm = rnn_clip_grads(&m, 1.0f);
    float g = sqrtf(288.0f);
    WB_ASSERT_NEAR(norm, g, 1e-6, 0);
    WB_ASSERT_NEAR(m.dW_hh[5], 3.0f / g, 1e-5, 0);
    WB_ASSERT_NEAR(m.db_y[2], 4.0f / g, 1e-5, 0);
    ck_assert_msg(m.dW_xh[0] == 0 && m.db_h[0] == 0, "zero gradients must stay zero");
    WB_ASSERT_NEAR(m.grad_norm[1], 12.0f, 1e-6, 0); /* the per-tensor norms before clipping */
    set_grads(&m);
    norm = rnn_clip_grads(&m, 100.0f); /* below the threshold: unchanged */
    WB_ASSERT_NEAR(norm, g, 1e-6, 0);
    ck_assert_msg(m.dW_hh[0] == 3.0f && m.db_y[0] == 4.0f, "a norm below max_norm must not change the gradients");
    rnn_free(&m);
}

WB_TEST(train_step_clips_then_steps_then_carries, .points = 2,
        .hint = "zero_grad, forward, backward, clip, opt_step, carry the state: in that order. Clip "
                "BEFORE the step, or the step is taken with the unclipped gradient.",
        .hint2 = "With plain SGD at lr = 1 and max_norm = 0.01 the parameters must move by exactly 0.01 "
                 "in total (the clipped gradient's norm).") {
    wb_rng r;
    wb_rng_seed(&r, 10);
    rnn m;
    rnn_init(&m, 5, 4, 2, 3, &r);
    float *before = malloc(m.n_params * sizeof *before);
    memcpy(before, m.params, m.n_params * sizeof *before);
    optimizer o;
    opt_init(&o, OPT_SGD, m.n_params, 1.0f);
    int x[6] = {0, 1, 2, 3, 4, 0}, y[6] = {1, 2, 3, 4, 0, 1};
    float loss = rnn_train_step(&m, &o, x, y, 3, 0.01f);
    WB_ASSERT_NEAR(loss, logf(5.0f), 0, 0.2); /* the untrained loss, on 6 targets only */
    double moved = 0;
    for (size_t i = 0; i < m.n_params; i++) moved += (double)(m.params[i] - before[i]) * (m.params[i] - before[i]);
    WB_ASSERT_NEAR((float)sqrt(moved), 0.01f, 1e-3, 0);
    WB_ASSERT_CLOSE(m.state, m.h + 3 * 8, 8, 0, 0); /* the state carried to the next chunk */
    opt_free(&o);
    free(before);
    rnn_free(&m);
}

WB_TEST(train_step_starts_from_the_carried_state, .points = 1,
        .hint = "rnn_train_step continues the text: its chunk starts from m->state, the state the "
                "previous step carried, so that the streams' next chunks go on where they ended.",
        .hint2 = "Two steps on consecutive chunks: the second chunk's h[0] must be the state the "
                 "first step left, not 0. Clearing the state at every step makes the network "
                 "forget the verse at each chunk boundary, while the loss still falls.") {
    wb_rng r;
    wb_rng_seed(&r, 15);
    enum { V = 5, H = 4, B = 2, T = 3, BH = B * H };
    rnn m;
    rnn_init(&m, V, H, B, T, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.8f); /* states well away from 0 */
    optimizer o;
    opt_init(&o, OPT_SGD, m.n_params, 0.1f);
    int x[2 * T * B], y[2 * T * B];
    for (int i = 0; i < 2 * T * B; i++)
        x[i] = (int)wb_rng_below(&r, V), y[i] = (int)wb_rng_below(&r, V);
    rnn_train_step(&m, &o, x, y, T, 5.0f);
    float carried[BH];
    memcpy(carried, m.state, sizeof carried);
    double size = 0;
    for (int i = 0; i < BH; i++) size += fabsf(carried[i]);
    ck_assert_msg(size > 0.1, "the state after a training step is 0: rnn_train_step carries no "
                  "state yet");
    rnn_train_step(&m, &o, x + T * B, y + T * B, T, 5.0f);
    /* rnn_forward copies the state into h[0]: the same numbers, exactly */
    ck_assert_msg(memcmp(m.h, carried, sizeof carried) == 0, "the second step's chunk started "
                  "from h[0][0] = %g, but the first step left the state %g there: each step must "
                  "start from the carried state", (double)m.h[0], (double)carried[0]);
    opt_free(&o);
    rnn_free(&m);
}

WB_TEST(train_step_clears_the_old_gradients, .points = 1,
        .hint = "rnn_backward ADDS into m->grads (a weight used at every time step sums its "
                "gradients over the steps), so each training step must begin from zero gradients: "
                "otherwise it also applies what the earlier steps left there.",
        .hint2 = "Two equal models, one with m->grads full of 0.5s (as a previous step might leave "
                 "them): after one rnn_train_step each on the same chunk, their parameters must be "
                 "identical.") {
    rnn a, b;
    wb_rng r;
    wb_rng_seed(&r, 12), rnn_init(&a, 5, 4, 2, 3, &r);
    wb_rng_seed(&r, 12), rnn_init(&b, 5, 4, 2, 3, &r);
    for (size_t i = 0; i < b.n_params; i++) b.grads[i] = 0.5f;
    float *start = malloc(a.n_params * sizeof *start);
    memcpy(start, a.params, a.n_params * sizeof *start);
    optimizer oa, ob;
    opt_init(&oa, OPT_SGD, a.n_params, 0.1f), opt_init(&ob, OPT_SGD, b.n_params, 0.1f);
    int x[6] = {0, 1, 2, 3, 4, 0}, y[6] = {1, 2, 3, 4, 0, 1};
    rnn_train_step(&a, &oa, x, y, 3, 5.0f), rnn_train_step(&b, &ob, x, y, 3, 5.0f);
    ck_assert_msg(memcmp(start, a.params, a.n_params * sizeof *start) != 0,
                  "rnn_train_step left the parameters as they were: no step was taken");
    /* the same operations on the same numbers once the gradients are cleared: bit for bit */
    WB_ASSERT_CLOSE(b.params, a.params, a.n_params, 0, 0);
    free(start), opt_free(&oa), opt_free(&ob), rnn_free(&a), rnn_free(&b);
}

WB_TEST(train_step_runs_the_given_T, .points = 1,
        .hint = "rnn_train_step trains on a chunk of the T steps it is given, which may be fewer "
                "than the model's m->T (the last chunk of a text): forward and backward over T.",
        .hint2 = "A model made for T = 4 and one made for T = 2, with equal parameters, each take "
                 "one step on the same 2-step chunk: losses, parameters and states must agree. "
                 "rnn_forward(..., m->T) trains on 4 steps, 2 of them past the chunk.") {
    rnn a, b;
    wb_rng r;
    wb_rng_seed(&r, 13), rnn_init(&a, 5, 4, 2, 4, &r); /* the weights do not depend on T */
    wb_rng_seed(&r, 13), rnn_init(&b, 5, 4, 2, 2, &r);
    float *start = malloc(a.n_params * sizeof *start);
    memcpy(start, a.params, a.n_params * sizeof *start);
    optimizer oa, ob;
    opt_init(&oa, OPT_SGD, a.n_params, 0.1f), opt_init(&ob, OPT_SGD, b.n_params, 0.1f);
    /* a 2-step chunk of 2 streams; the rest valid ids, so reading past the chunk is no crash */
    int x[8] = {0, 3, 1, 4, 2, 2, 2, 2}, y[8] = {3, 1, 4, 0, 1, 1, 1, 1};
    float la = rnn_train_step(&a, &oa, x, y, 2, 5.0f), lb = rnn_train_step(&b, &ob, x, y, 2, 5.0f);
    ck_assert_msg(memcmp(start, b.params, b.n_params * sizeof *start) != 0,
                  "rnn_train_step left the parameters as they were: no step was taken");
    /* the same operations on the same numbers: equal up to a few ulps */
    WB_ASSERT_NEAR(la, lb, 1e-6, 0);
    WB_ASSERT_CLOSE(a.params, b.params, a.n_params, 1e-6, 1e-7);
    WB_ASSERT_CLOSE(a.state, b.state, 8, 1e-6, 1e-7);
    free(start), opt_free(&oa), opt_free(&ob), rnn_free(&a), rnn_free(&b);
}

WB_TEST(rnn_bpc_counts_every_character_once, .points = 2,
        .hint = "BPC: run B streams from a zero state in chunks of up to T steps (the last one shorter), "
                "carrying the state; weight each chunk's mean loss by its t * B targets; divide by ln 2.",
        .hint2 = "A model with all parameters 0 predicts 1/V for everything: log2 V bits whatever the "
                 "text. Chunks of 4 over 10 steps must give exactly what one chunk of 10 gives.") {
    wb_rng r;
    wb_rng_seed(&r, 11);
    rnn m, whole;
    rnn_init(&m, 7, 6, 3, 4, &r);
    rnn_init(&whole, 7, 6, 3, 10, &r);
    int ids[32]; /* (32 - 1) / 3 = 10 steps per stream */
    for (int i = 0; i < 32; i++) ids[i] = (i * i + 3 * i) % 7;
    memset(m.params, 0, m.n_params * sizeof(float));
    double bpc = rnn_bpc(&m, ids, 32);
    ck_assert_msg(fabs(bpc - log2(7.0)) < 1e-5, "all-zero model: %.6f bits, want log2 7 = %.6f", bpc, log2(7.0));
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 0.7f);
    memcpy(whole.params, m.params, m.n_params * sizeof(float));
    m.state[0] = 5; /* left over from training: rnn_bpc must start from zero */
    bpc = rnn_bpc(&m, ids, 32);
    int x[30], y[30];
    lm_batch(ids, 32, 3, 10, 0, x, y);
    double want = rnn_forward(&whole, x, y, 10) / log(2.0);
    ck_assert_msg(fabs(bpc - want) < 1e-5, "rnn_bpc = %.6f, want %.6f (one chunk of all 10 steps)", bpc, want);
    rnn_free(&m);
    rnn_free(&whole);
}

WB_TEST(training_learns_a_periodic_text, .points = 2, .timeout = 8,
        .hint = "300 Adam steps on a text that repeats one line should drive the loss far below ln V; "
                "if it does not move, check the step (params -= ...) and the order of the step's parts.") {
    const char *unit = "the lord is my shepherd\n";
    int n = 24 * 40, *ids = malloc(n * sizeof *ids);
    for (int i = 0; i < n; i++) ids[i] = unit[i % 24] == '\n' ? 0 : unit[i % 24] == ' ' ? 1 : unit[i % 24] - 'a' + 2;
    wb_rng r;
    wb_rng_seed(&r, 12);
    rnn m;
    rnn_init(&m, 28, 32, 4, 12, &r);
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, 1e-2f);
    int x[48], y[48];
    long chunks = lm_chunks(n, 4, 12);
    float loss = 0;
    for (long c = 0; c < 300; c++) {
        if (c % chunks == 0) rnn_reset_state(&m);
        lm_batch(ids, n, 4, 12, 12 * (c % chunks), x, y);
        loss = rnn_train_step(&m, &o, x, y, 12, 5.0f);
        if (c == 0)
            ck_assert_msg(fabsf(loss - logf(28.0f)) < 0.3f, "first step's loss %.3f, want about ln 28 = %.2f",
                          loss, logf(28.0f));
    }
    /* 24 characters of which all but a few (the first of each word) are determined by the last two */
    ck_assert_msg(loss < 0.3f, "loss after 300 steps %.3f nats (ln 28 = %.2f at the start); want < 0.3",
                  loss, logf(28.0f));
    double bpc = rnn_bpc(&m, ids, n);
    ck_assert_msg(bpc < 0.5, "BPC on the training text %.3f, want < 0.5", bpc);
    opt_free(&o);
    free(ids);
    rnn_free(&m);
}
