/* test_dqn.c — tests for dqn.c: the replay ring, the epsilon schedule and choice, the Huber loss by
 * hand and by finite differences, TD targets with terminal states, the target network as a frozen
 * copy, and one whole DQN loss recomputed here from its definition. */
#include "testing.h"
#include "week15.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(float *x, int n) {
    for (int i = 0; i < n; i++) x[i] = NAN;
}

/* transition k: s = (k, -k), a = k % 2, r = 10 k, s2 = (k + 0.5, 0), done = (k % 3 == 2) */
static void push_k(replay_buffer *b, int k) {
    float s[2] = {(float)k, (float)-k}, s2[2] = {k + 0.5f, 0.0f};
    replay_push(b, s, k % 2, 10.0f * k, s2, k % 3 == 2);
}

static void check_slot(const replay_buffer *b, int slot, int k) {
    ck_assert_msg(b->s[2 * slot] == k && b->s[2 * slot + 1] == -k && b->s2[2 * slot] == k + 0.5f &&
                  b->a[slot] == k % 2 && b->r[slot] == 10.0f * k && b->done[slot] == (k % 3 == 2),
                  "slot %d should hold transition %d (s = (%d, %d), a %d, r %d, done %d); it holds s = (%g, %g), "
                  "a %d, r %g, done %d", slot, k, k, -k, k % 2, 10 * k, k % 3 == 2, (double)b->s[2 * slot],
                  (double)b->s[2 * slot + 1], b->a[slot], (double)b->r[slot], b->done[slot]);
}

WB_TEST(replay_ring_wraps, .points = 3,
        .hint = "Write at slot next, then next = next + 1, back to 0 after the last slot (capacity - 1); size "
                "grows by one per push until it reaches capacity and then stays there.",
        .hint2 = "Capacity 3, transitions 0..4 pushed: slot 0 holds 3, slot 1 holds 4, slot 2 holds 2; size 3, "
                 "next 2. If slot 2 holds 4 the ring stopped at its end instead of wrapping to 0.") {
    replay_buffer b;
    ck_assert_msg(replay_init(&b, 3, 2) == 0, "replay_init(3, 2) failed: %s", wb_last_error());
    push_k(&b, 0);
    push_k(&b, 1);
    ck_assert_msg(b.size == 2 && b.next == 2, "after 2 pushes: size %d next %d, want 2 2", b.size, b.next);
    for (int k = 2; k < 5; k++) push_k(&b, k);
    ck_assert_msg(b.size == 3 && b.next == 2 && b.pushed == 5, "after 5 pushes into 3 slots: size %d next %d pushed "
                  "%ld, want 3 2 5", b.size, b.next, b.pushed);
    check_slot(&b, 0, 3);
    check_slot(&b, 1, 4);
    check_slot(&b, 2, 2);
    for (int k = 5; k < 9; k++) push_k(&b, k); /* around once more */
    check_slot(&b, 2, 8), check_slot(&b, 0, 6), check_slot(&b, 1, 7);
    replay_free(&b);
}

WB_TEST(replay_rejects_bad_sizes, .points = 1,
        .hint = "A capacity or obs_dim below 1 is the caller's bad input, not a bug: return -1 with a one-line "
                "message (wb_fail) that names which size is wrong and the value given.") {
    replay_buffer b;
    ck_assert_msg(replay_init(&b, 0, 4) == -1 && strstr(wb_last_error(), "capacity"),
                  "capacity 0: want -1 and a message naming the capacity, got '%s'", wb_last_error());
    ck_assert_msg(replay_init(&b, 10, -1) == -1 && strstr(wb_last_error(), "obs_dim"),
                  "obs_dim -1: want -1 and a message naming obs_dim, got '%s'", wb_last_error());
}

WB_TEST(replay_samples_filled_slots_uniformly, .points = 2,
        .hint = "Draw each index uniformly from 0..size-1 (wb_rng_below(rng, size)): slots beyond size hold no "
                "transition yet, only zeros.") {
    replay_buffer b;
    replay_init(&b, 10, 2);
    for (int k = 0; k < 4; k++) push_k(&b, k);
    wb_rng r;
    wb_rng_seed(&r, 3);
    enum { N = 8000 };
    int *idx = malloc(N * sizeof *idx), count[10] = {0};
    for (int i = 0; i < N; i++) idx[i] = -1;
    replay_sample(&b, N, &r, idx);
    for (int i = 0; i < N; i++) {
        ck_assert_msg(idx[i] >= 0 && idx[i] < 4, "idx[%d] = %d, but only slots 0..3 of 10 are filled", i, idx[i]);
        count[idx[i]]++;
    }
    /* binomial, p = 1/4: sd = sqrt(N p (1-p)) ~ 39; 5 sd */
    for (int j = 0; j < 4; j++)
        ck_assert_msg(abs(count[j] - N / 4) < 200, "slot %d drawn %d times of %d, want about %d", j, count[j], N, N / 4);
    free(idx);
    replay_free(&b);
}

WB_TEST(replay_samples_every_slot_after_wrapping, .points = 1,
        .hint = "Once the ring has wrapped, every one of its size (= capacity) slots holds a "
                "transition, wherever next points: each index is uniform over all of them.",
        .hint2 = "13 transitions pushed into 10 slots: size 10, next 3, pushed 13. Slots 3..9 hold "
                 "the oldest transitions, not empty ones (next is where the oldest is, not the end "
                 "of the data), and pushed counts the overwritten transitions too: indices below "
                 "it run past the buffer.") {
    replay_buffer b;
    replay_init(&b, 10, 2);
    for (int k = 0; k < 13; k++) push_k(&b, k);
    ck_assert_msg(b.size == 10 && b.next == 3 && b.pushed == 13, "test setup (replay_push): after "
                  "13 pushes into 10 slots size %d next %d pushed %ld, want 10 3 13", b.size,
                  b.next, b.pushed);
    wb_rng r;
    wb_rng_seed(&r, 6);
    enum { N = 10000 };
    int *idx = malloc(N * sizeof *idx), count[10] = {0};
    for (int i = 0; i < N; i++) idx[i] = -1;
    replay_sample(&b, N, &r, idx);
    for (int i = 0; i < N; i++) {
        ck_assert_msg(idx[i] >= 0 && idx[i] < 10, "idx[%d] = %d after 13 pushes into 10 slots: the "
                      "ring holds 10 transitions, in slots 0..9", i, idx[i]);
        count[idx[i]]++;
    }
    /* binomial, p = 1/10: sd = sqrt(N p (1-p)) = 30; 5 sd */
    for (int j = 0; j < 10; j++)
        ck_assert_msg(abs(count[j] - N / 10) < 150, "slot %d (transition %d) drawn %d times of %d, "
                      "want about %d: after the wrap every slot holds a transition", j,
                      j < 3 ? 10 + j : j, count[j], N, N / 10);
    free(idx);
    replay_free(&b);
}

WB_TEST(epsilon_schedule_decays_linearly, .points = 2,
        .hint = "epsilon = start + (end - start) * step / steps for step < steps, then end forever: exploration "
                "must fall as the agent learns.",
        .hint2 = "start 1, end 0.1, steps 100: step 0 -> 1, 50 -> 0.55, 99 -> 0.109, 100 and later -> 0.1.") {
    eps_schedule e = {.start = 1.0f, .end = 0.1f, .steps = 100};
    long at[6] = {0, 25, 50, 99, 100, 100000};
    float want[6] = {1.0f, 0.775f, 0.55f, 0.109f, 0.1f, 0.1f};
    for (int k = 0; k < 6; k++) WB_ASSERT_NEAR(epsilon_at(&e, at[k]), want[k], 1e-6, 1e-7); /* one rounding */
}

WB_TEST(epsilon_greedy_explores_at_rate_eps, .points = 2,
        .hint = "One uniform draw: below eps, a uniformly random action (any of the A, the greedy one "
                "included); otherwise the argmax of q.",
        .hint2 = "With eps = 0.3 and 3 actions the greedy action comes up 0.7 + 0.3/3 = 80% of the time, "
                 "each other one 10%.") {
    wb_rng r;
    wb_rng_seed(&r, 4);
    float q[3] = {0.1f, 0.9f, 0.3f};
    for (int k = 0; k < 100; k++) {
        int a = epsilon_greedy(q, 3, 0.0f, &r);
        ck_assert_msg(a == 1, "eps = 0 chose action %d; the argmax of (0.1, 0.9, 0.3) is 1", a);
    }
    float q_last[3] = {0.3f, 0.1f, 0.9f}; /* the greedy action is the last one: all A count */
    int a_last = epsilon_greedy(q_last, 3, 0.0f, &r);
    ck_assert_msg(a_last == 2, "eps = 0 chose action %d; the argmax of (0.3, 0.1, 0.9) is 2",
                  a_last);
    enum { N = 30000 };
    int count[3] = {0, 0, 0};
    for (int k = 0; k < N; k++) count[epsilon_greedy(q, 3, 0.3f, &r)]++;
    float want[3] = {0.1f, 0.8f, 0.1f};
    for (int j = 0; j < 3; j++) {
        float f = (float)count[j] / N; /* sd <= 0.0023; 5 sd */
        ck_assert_msg(fabsf(f - want[j]) < 0.012f, "eps = 0.3: action %d chosen %.4f of the time, want %.2f", j,
                      (double)f, (double)want[j]);
    }
}

WB_TEST(epsilon_greedy_draws_once_to_decide, .points = 1,
        .hint = "Draw one uniform number first; only when it falls below eps draw the random "
                "action (wb_rng_below). A greedy choice uses exactly one draw from the generator.",
        .hint2 = "The draws are part of the contract: the driver's runs are reproduced from a "
                 "seed, and an exploring draw made before the decision shifts every later "
                 "random number. The test compares the generator after each call with a copy "
                 "advanced by wb_rng_uniform (and, when exploring, wb_rng_below(A)) by hand.") {
    float q[3] = {0.1f, 0.9f, 0.3f};
    wb_rng r, copy;
    wb_rng_seed(&r, 12);
    copy = r;
    int a = epsilon_greedy(q, 3, 0.0f, &r); /* eps 0: the uniform draw is never below it */
    (void)wb_rng_uniform(&copy);
    ck_assert_msg(a == 1, "eps = 0 chose action %d; the argmax of (0.1, 0.9, 0.3) is 1", a);
    ck_assert_msg(r.state == copy.state, "eps = 0: the generator after epsilon_greedy is not the "
                  "one advanced by a single wb_rng_uniform: a greedy choice makes one draw");
    copy = r;
    a = epsilon_greedy(q, 3, 1.0f, &r); /* eps 1: always below, then the random action */
    (void)wb_rng_uniform(&copy); /* below 1 = eps: explore */
    int want = (int)wb_rng_below(&copy, 3);
    ck_assert_msg(a == want && r.state == copy.state, "eps = 1: chose %d with the "
                  "generator %s; want %d, the wb_rng_below(3) drawn after the deciding uniform", a,
                  r.state == copy.state ? "as expected" : "advanced differently", want);
}

WB_TEST(huber_by_hand, .points = 2,
        .hint = "For d = pred - target: 0.5 d^2 when |d| <= delta, else delta (|d| - delta/2): the two pieces "
                "meet at |d| = delta with the same value and slope. The loss is the mean over n.",
        .hint2 = "delta 1: d = 0.5 -> 0.125, d = -3 -> 2.5, d = 1 -> 0.5. Their gradients (before /n): 0.5, -1, 1: "
                 "beyond delta the slope is +-delta, never d itself.") {
    float pred[3] = {1.5f, -1.0f, 4.0f}, target[3] = {1.0f, 2.0f, 3.0f}, dp[3];
    fill_nan(dp, 3);
    float L = huber_loss(pred, target, 3, 1.0f, dp);
    WB_ASSERT_NEAR(L, (0.125f + 2.5f + 0.5f) / 3, 1e-6, 0);
    float want[3] = {0.5f / 3, -1.0f / 3, 1.0f / 3};
    WB_ASSERT_CLOSE(dp, want, 3, 1e-6, 0);
    /* delta 2: d = 3 -> 2 (3 - 1) = 4, slope 2; d = -1.5 -> 1.125, slope -1.5 */
    float p2[2] = {3.0f, -1.5f}, t2[2] = {0.0f, 0.0f}, d2[2];
    fill_nan(d2, 2);
    WB_ASSERT_NEAR(huber_loss(p2, t2, 2, 2.0f, d2), (4.0f + 1.125f) / 2, 1e-6, 0);
    float w2[2] = {1.0f, -0.75f};
    WB_ASSERT_CLOSE(d2, w2, 2, 1e-6, 0);
}

WB_TEST(huber_loss_without_gradient, .points = 1,
        .hint = "dpred may be NULL: the caller then wants the loss alone (the gradient checks "
                "call huber_loss so, once per perturbed input), and nothing may be written "
                "through it.",
        .hint2 = "The same loss with and without dpred: delta 2, d = 3 and -1.5 -> (4 + 1.125) / 2 "
                 "= 2.5625 either way; only the gradient is optional.") {
    float p2[2] = {3.0f, -1.5f}, t2[2] = {0.0f, 0.0f}, d2[2];
    /* d = 3 -> 2 (3 - 1) = 4; d = -1.5 -> 1.125: sums of halves, exact in float */
    WB_ASSERT_NEAR(huber_loss(p2, t2, 2, 2.0f, NULL), (4.0f + 1.125f) / 2, 1e-6, 0);
    fill_nan(d2, 2);
    WB_ASSERT_NEAR(huber_loss(p2, t2, 2, 2.0f, d2), (4.0f + 1.125f) / 2, 1e-6, 0);
}

typedef struct huber_case {
    const float *p, *t;
    int n;
    float delta;
} huber_case;
static double huber_of(void *ctx) {
    huber_case *c = ctx;
    return huber_loss(c->p, c->t, c->n, c->delta, NULL);
}

WB_TEST(huber_gradient_matches_differences, .points = 1,
        .hint = "dpred[i] = clip(d_i, -delta, delta) / n: the derivative of the mean of the pieces.") {
    float p[6] = {0.3f, -2.5f, 1.2f, 7.0f, -0.4f, 0.05f}, t[6] = {0.0f, 0.5f, 0.0f, 1.0f, 0.4f, 0.0f}, dp[6];
    fill_nan(dp, 6);
    huber_loss(p, t, 6, 1.0f, dp);
    huber_case c = {p, t, 6, 1.0f};
    /* no d is within eps of the kink at |d| = 1, so the central difference is exact up to float rounding */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(huber_of, &c, p, dp, 6, 1e-3, 1e-2, 1e-5));
}

WB_TEST(td_targets_stop_at_terminal_states, .points = 3,
        .hint = "y_i = r_i + gamma * max_a q_next[i][a], except where done_i: after a failure nothing more can be "
                "earned, so the target is r_i alone.",
        .hint2 = "Rows (r, done, q_next): (1, 0, [2, 5]) -> 1 + 0.9 * 5 = 5.5; (-1, 1, [3, 4]) -> -1; "
                 "(0, 0, [-2, -3]) -> 0.9 * (-2) = -1.8 (the max of negatives is the least negative).") {
    float r[3] = {1.0f, -1.0f, 0.0f}, q[6] = {2, 5, 3, 4, -2, -3}, y[3];
    uint8_t done[3] = {0, 1, 0};
    fill_nan(y, 3);
    td_targets(r, done, q, 3, 2, 0.9f, y);
    float want[3] = {5.5f, -1.0f, -1.8f};
    WB_ASSERT_CLOSE(y, want, 3, 1e-6, 0);
}

WB_TEST(td_targets_max_over_every_action, .points = 1,
        .hint = "The future term is gamma times the largest of ALL A entries of row i of q_next "
                "(row i starts at q_next + i * A), not of the first two.",
        .hint2 = "A = 3, gamma 0.5, rows (r, done, q_next): (1, 0, [1, 2, 7]) -> 1 + 3.5 = 4.5; "
                 "(0, 0, [4, -1, 0]) -> 2; (2, 1, [9, 9, 9]) -> 2; (-1, 0, [-5, -6, -2]) -> -2. "
                 "CartPole has 2 actions, Pong 3: the max must run to A.") {
    float r[4] = {1.0f, 0.0f, 2.0f, -1.0f}, y[4];
    float q[12] = {1, 2, 7, 4, -1, 0, 9, 9, 9, -5, -6, -2};
    uint8_t done[4] = {0, 0, 1, 0};
    fill_nan(y, 4);
    td_targets(r, done, q, 4, 3, 0.5f, y);
    float want[4] = {4.5f, 2.0f, 2.0f, -2.0f}; /* halves of integers: exact in float */
    WB_ASSERT_CLOSE(y, want, 4, 0, 0);
}

static void two_nets(mlp *a, mlp *b, int max_batch) {
    wb_rng r;
    wb_rng_seed(&r, 31);
    mlp_init(a, 2, (int[]){2, 5, 2}, (activation[]){ACT_TANH, ACT_NONE}, max_batch, &r);
    mlp_init(b, 2, (int[]){2, 5, 2}, (activation[]){ACT_TANH, ACT_NONE}, max_batch, &r); /* other weights */
}

/* as two_nets, with 3 actions (Pong's) */
static void three_action_nets(mlp *a, mlp *b, int max_batch) {
    wb_rng r;
    wb_rng_seed(&r, 37);
    mlp_init(a, 2, (int[]){2, 5, 3}, (activation[]){ACT_TANH, ACT_NONE}, max_batch, &r);
    mlp_init(b, 2, (int[]){2, 5, 3}, (activation[]){ACT_TANH, ACT_NONE}, max_batch, &r);
}

WB_TEST(target_network_is_a_frozen_copy, .points = 2,
        .hint = "target_sync copies the VALUES of all the online network's parameters into the target's own "
                "buffer; training the online network afterwards must leave the target alone.") {
    mlp online, target;
    two_nets(&online, &target, 4);
    target_sync(&target, &online);
    ck_assert_msg(target.params.data != online.params.data, "the target shares the online network's buffer");
    ck_assert_msg(memcmp(target.params.data, online.params.data, online.params.size * sizeof(float)) == 0,
                  "after target_sync the target's parameters differ from the online network's");
    float *before = malloc(target.params.size * sizeof *before);
    memcpy(before, target.params.data, target.params.size * sizeof *before);
    for (size_t i = 0; i < online.params.size; i++) online.params.data[i] += 0.25f; /* "training" */
    ck_assert_msg(memcmp(target.params.data, before, target.params.size * sizeof(float)) == 0,
                  "changing the online network changed the target: it must be a copy");
    target_sync(&target, &online);
    ck_assert_msg(target.params.data[0] == online.params.data[0] && target.params.data[0] == before[0] + 0.25f,
                  "the second sync did not bring the target up to date (%g, want %g)",
                  (double)target.params.data[0], (double)online.params.data[0]);
    free(before);
    mlp_free(&online), mlp_free(&target);
}

/* The DQN loss recomputed from its definition, for the tests below: the target network's max over
   s2 (zero if done) of its A outputs, the online network's Q at the action taken, the mean Huber
   loss with threshold delta. */
static double dqn_loss_def(mlp *online, mlp *target, const replay_buffer *b, const int *idx, int B,
                           float gamma, float delta) {
    int A = online->sizes[online->nlayers];
    size_t d_obs = (size_t)b->obs_dim;
    double L = 0;
    for (int i = 0; i < B; i++) {
        int k = idx[i];
        mlp_forward(target, b->s2 + d_obs * k, 1);
        const float *qn = mlp_output(target);
        double mx = qn[0];
        for (int j = 1; j < A; j++) mx = qn[j] > mx ? qn[j] : mx;
        double y = b->r[k] + (b->done[k] ? 0.0 : gamma * mx);
        mlp_forward(online, b->s + d_obs * k, 1);
        double d = mlp_output(online)[b->a[k]] - y;
        L += fabs(d) <= delta ? 0.5 * d * d : delta * (fabs(d) - 0.5 * delta);
    }
    return L / B;
}

typedef struct dqn_case {
    mlp *online, *target;
    const replay_buffer *b;
    const int *idx;
    int B;
    float delta;
} dqn_case;
static double dqn_loss_of(void *ctx) {
    dqn_case *c = ctx;
    return dqn_loss_def(c->online, c->target, c->b, c->idx, c->B, 0.9f, c->delta);
}

/* a buffer of 6 transitions with states of size 2, actions k % A, rewards of either sign, two
   terminal */
static void small_buffer_of(replay_buffer *b, int A) {
    replay_init(b, 8, 2);
    wb_rng r;
    wb_rng_seed(&r, 17);
    for (int k = 0; k < 6; k++) {
        float s[2], s2[2];
        wb_rng_fill_normal(&r, s, 2, 1.0f);
        wb_rng_fill_normal(&r, s2, 2, 1.0f);
        replay_push(b, s, k % A, k % 3 == 0 ? 1.0f : -0.5f, s2, k == 2 || k == 5);
    }
}

/* The DQN tests' fixture: online and target networks with A actions (2: CartPole's, 3: Pong's),
   the six transitions of small_buffer_of, and scratch for minibatches of up to 8. */
typedef struct {
    mlp online, target;
    replay_buffer b;
    dqn_scratch w;
} dqn_fixture;

static void dqn_fixture_init(dqn_fixture *f, int A) {
    if (A == 2) two_nets(&f->online, &f->target, 8);
    else three_action_nets(&f->online, &f->target, 8);
    small_buffer_of(&f->b, A);
    dqn_scratch_init(&f->w, 8, 2, A);
    /* dq zeroed here, so that the loss and gradient tests do not depend on what malloc left in
       it: a dqn_gradient that leaves entries of dq unset then fails only (and always) in
       dqn_gradient_starts_each_minibatch_from_zero, which fills the scratch with NaN */
    memset(f->w.dq, 0, (size_t)8 * A * sizeof *f->w.dq);
}

static void dqn_fixture_free(dqn_fixture *f) {
    replay_free(&f->b);
    dqn_scratch_free(&f->w);
    mlp_free(&f->online), mlp_free(&f->target);
}

WB_TEST(dqn_loss_uses_the_target_network, .points = 3,
        .hint = "The targets come from the TARGET network on s2 (frozen between syncs), the predictions from the "
                "online network on s at the action taken: Huber(Q(s, a), r + gamma max Q_target(s2)).",
        .hint2 = "Forward the target network on s2 first and copy its output out: the online network's forward "
                 "reuses nothing of the target's, but reading mlp_output(online) for the targets bootstraps "
                 "the online network from itself, which is what the target network exists to prevent.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 2);
    int idx[5] = {4, 2, 0, 5, 1};
    float *before = malloc(f.target.params.size * sizeof *before);
    memcpy(before, f.target.params.data, f.target.params.size * sizeof *before);
    float L = dqn_gradient(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f, &f.w);
    double want = dqn_loss_def(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f);
    /* float forward passes of 2-5-2 networks: ~1e-7 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * (1 + fabs(want)), "DQN loss %.7g, want %.7g (targets from the target "
                  "network, the online network's Q at the action taken)", (double)L, want);
    double online_own = dqn_loss_def(&f.online, &f.online, &f.b, idx, 5, 0.9f, 1.0f);
    ck_assert_msg(fabs(want - online_own) > 1e-3, "test setup: the two networks should disagree");
    ck_assert_msg(memcmp(f.target.params.data, before, f.target.params.size * sizeof(float)) == 0,
                  "dqn_gradient changed the target network's parameters");
    free(before);
    dqn_fixture_free(&f);
}

WB_TEST(dqn_gradient_matches_differences, .points = 2,
        .hint = "Only the output of the action taken has a gradient: dq (B,A) is zero except dq[i][a_i] = "
                "dHuber/dq_sa[i]; then mlp_backward of the online network.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 2);
    int idx[6] = {0, 1, 2, 3, 4, 5};
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    dqn_gradient(&f.online, &f.target, &f.b, idx, 6, 0.9f, 1.0f, &f.w);
    float *g = malloc(f.online.grads.size * sizeof *g);
    memcpy(g, f.online.grads.data, f.online.grads.size * sizeof *g);
    dqn_case c = {&f.online, &f.target, &f.b, idx, 6, 1.0f};
    /* a loss of size ~1 in float: eps 1e-3 gives numeric gradients good to ~1e-4 */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(dqn_loss_of, &c, f.online.params.data, g, (long)f.online.params.size, 1e-3,
                                              2e-2, 2e-4));
    free(g);
    dqn_fixture_free(&f);
}

/* the gradient check of dqn_gradient's result against the loss's definition, as above */
static wb_gradcheck_result dqn_check(mlp *online, mlp *target, const replay_buffer *b,
                                     const int *idx, int B, float delta) {
    float *g = malloc(online->grads.size * sizeof *g);
    memcpy(g, online->grads.data, online->grads.size * sizeof *g);
    dqn_case c = {online, target, b, idx, B, delta};
    /* a loss of size ~1 in float: eps 1e-3 gives numeric gradients good to ~1e-4 */
    wb_gradcheck_result res = wb_gradcheck_within(dqn_loss_of, &c, online->params.data, g,
                                                  (long)online->params.size, 1e-3, 2e-2, 2e-4);
    free(g);
    return res;
}

WB_TEST(dqn_gradient_follows_the_sampled_indices, .points = 2,
        .hint = "Row i of the minibatch is transition idx[i] of the buffer: its state, its "
                "reward, its done flag and its action b->a[idx[i]], both where q_sa[i] is read "
                "and where dq gets its gradient.",
        .hint2 = "idx = {3, 0, 5, 3, 2}: row 0 is transition 3, which took action 1, while slot 0 "
                 "of the buffer took action 0. The action of slot i (b->a[i]) belongs to a "
                 "transition that may not be in the minibatch at all; with idx = 0, 1, 2, ... the "
                 "two agree.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 2);
    /* permuted, with a repeat (sampling is with replacement): a[idx[i]] != a[i] for i = 0, 1, 2 */
    int idx[5] = {3, 0, 5, 3, 2};
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    float L = dqn_gradient(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f, &f.w);
    double want = dqn_loss_def(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f);
    /* float forward passes of 2-5-2 networks: ~1e-7 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * (1 + fabs(want)), "idx = {3, 0, 5, 3, 2}: DQN loss "
                  "%.7g, want %.7g: q_sa[i] is the online network's output at the action of "
                  "transition idx[i]", (double)L, want);
    wb_gradcheck_result res = dqn_check(&f.online, &f.target, &f.b, idx, 5, 1.0f);
    ck_assert_msg(res.ok, "idx = {3, 0, 5, 3, 2}: gradient wrong at [%ld]: analytic %.6g, numeric "
                  "%.6g: row i's gradient belongs at the output of the action of transition idx[i]",
                  res.worst, res.analytic, res.numeric);
    dqn_fixture_free(&f);
}

WB_TEST(dqn_gradient_starts_each_minibatch_from_zero, .points = 1,
        .hint = "dq (B,A) is the gradient of THIS minibatch's loss with respect to the online "
                "network's outputs: set every entry on every call, 0 for the actions not taken "
                "(the loss never reads their outputs) and dq_sa[i] at the action taken.",
        .hint2 = "The scratch comes from malloc (dqn_scratch_init does not clear it) and every "
                 "training step reuses it: writing only the entries of the actions taken leaves "
                 "in the others whatever was there, the previous minibatch's gradients. The test "
                 "fills the scratch with NaN, then runs two different minibatches on it.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 2);
    fill_nan(f.w.s, 8 * 2), fill_nan(f.w.s2, 8 * 2), fill_nan(f.w.q_next, 8 * 2), fill_nan(f.w.dq, 8 * 2);
    fill_nan(f.w.y, 8), fill_nan(f.w.q_sa, 8), fill_nan(f.w.dq_sa, 8), fill_nan(f.w.r, 8);
    /* all six transitions (rows 0..2 took actions 0, 1, 0), then three that took 1, 0, 1 */
    int first[6] = {0, 1, 2, 3, 4, 5}, second[3] = {1, 4, 3};
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    dqn_gradient(&f.online, &f.target, &f.b, first, 6, 0.9f, 1.0f, &f.w);
    wb_gradcheck_result res = dqn_check(&f.online, &f.target, &f.b, first, 6, 1.0f);
    ck_assert_msg(res.ok, "first minibatch, on scratch straight from dqn_scratch_init "
                  "(uninitialised, NaN here): gradient wrong at [%ld]: analytic %.6g, numeric "
                  "%.6g: every entry of dq is set on each call", res.worst, res.analytic,
                  res.numeric);
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    dqn_gradient(&f.online, &f.target, &f.b, second, 3, 0.9f, 1.0f, &f.w);
    res = dqn_check(&f.online, &f.target, &f.b, second, 3, 1.0f);
    ck_assert_msg(res.ok, "second minibatch (idx = {1, 4, 3}) on the scratch of the first: "
                  "gradient wrong at [%ld]: analytic %.6g, numeric %.6g: dq is zero except at the "
                  "action of each row of THIS minibatch; entries left from the previous one are "
                  "gradients of outputs it never used", res.worst, res.analytic, res.numeric);
    dqn_fixture_free(&f);
}

WB_TEST(dqn_gradient_uses_its_delta, .points = 1,
        .hint = "Pass dqn_gradient's delta on to huber_loss: the threshold between the squared and "
                "the linear piece, and the largest gradient per example, is the caller's.",
        .hint2 = "With delta 0.5 an example with TD error 0.8 is on the linear piece: loss "
                 "0.5 (0.8 - 0.25) = 0.275 and gradient 0.5, where delta 1 gives 0.32 and 0.8. "
                 "The driver passes 1: a 1 written in place of delta passes every run with it.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 2);
    int idx[5] = {4, 2, 0, 5, 1};
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    float L = dqn_gradient(&f.online, &f.target, &f.b, idx, 5, 0.9f, 0.5f, &f.w);
    double want = dqn_loss_def(&f.online, &f.target, &f.b, idx, 5, 0.9f, 0.5f);
    double at_1 = dqn_loss_def(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f);
    ck_assert_msg(fabs(want - at_1) > 1e-2, "test setup (replay_push): some TD error should lie "
                  "beyond 0.5, so that delta 0.5 and delta 1 give different losses");
    /* float forward passes of 2-5-2 networks: ~1e-7 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * (1 + fabs(want)), "delta 0.5: DQN loss %.7g, want %.7g "
                  "(with delta 1 it would be %.7g): the Huber threshold is the delta given",
                  (double)L, want, at_1);
    wb_gradcheck_result res = dqn_check(&f.online, &f.target, &f.b, idx, 5, 0.5f);
    ck_assert_msg(res.ok, "delta 0.5: gradient wrong at [%ld]: analytic %.6g, numeric %.6g: each "
                  "example's gradient is its TD error clipped to [-0.5, 0.5]", res.worst,
                  res.analytic, res.numeric);
    dqn_fixture_free(&f);
}

WB_TEST(dqn_gradient_on_three_actions, .points = 1,
        .hint = "The online network's output is (B, A): row i starts at i * A, for reading q_sa[i] "
                "and for writing dq, and the targets' max runs over all A actions.",
        .hint2 = "CartPole has 2 actions, Pong 3. With A = 3 the output of transition i's action "
                 "a is at i * 3 + a; i * 2 + a is another row's output (or the wrong action of "
                 "this one). The test uses 3-action networks and actions 0, 1, 2.") {
    dqn_fixture f;
    dqn_fixture_init(&f, 3);
    int idx[5] = {5, 1, 3, 2, 4}; /* actions 2, 1, 0, 2, 1 */
    fill_nan(f.w.dq, 8 * 3);
    fill_nan(f.online.grads.data, (int)f.online.grads.size);
    float L = dqn_gradient(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f, &f.w);
    double want = dqn_loss_def(&f.online, &f.target, &f.b, idx, 5, 0.9f, 1.0f);
    /* float forward passes of 2-5-3 networks: ~1e-7 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * (1 + fabs(want)), "A = 3: DQN loss %.7g, want %.7g: "
                  "q_sa[i] is output[i * A + a_i] of the online network", (double)L, want);
    wb_gradcheck_result res = dqn_check(&f.online, &f.target, &f.b, idx, 5, 1.0f);
    ck_assert_msg(res.ok, "A = 3: gradient wrong at [%ld]: analytic %.6g, numeric %.6g: dq_sa[i] "
                  "belongs at dq[i * A + a_i]", res.worst, res.analytic, res.numeric);
    dqn_fixture_free(&f);
}
