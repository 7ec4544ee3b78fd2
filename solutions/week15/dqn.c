/**
# Deep Q-learning

Instead of a policy, learn the **action value** $Q(s, a)$: the return expected after taking action
$a$ in state $s$ and acting well from then on. Acting well is then just $\arg\max_a Q(s, a)$. The
optimal $Q$ satisfies Bellman's equation (Sutton & Barto, sections 3.6 and 6.5),

$$ Q(s, a) = \mathbb{E}\left[r + \gamma \max_{a'} Q(s', a')\right] $$

and Q-learning moves its estimate towards the right-hand side, the **TD target**, one transition
$(s, a, r, s')$ at a time. A network in place of the table (Mnih et al. 2015) needs three more
ideas to be stable; each is a function below.

## 1. Experience replay

Consecutive steps of one episode are nearly the same state: training on them in order is training
on one correlated blob at a time, and the network forgets what it learned about the rest. So every
transition goes into a **replay buffer**, a ring of the last `capacity` transitions (once full, a
new one replaces the oldest), and each training step learns from a minibatch drawn uniformly from
it: nearly independent samples, each reused many times.

## 2. Exploring: epsilon-greedy with a schedule

A greedy agent never tries what it believes is worse, so it never finds out it was wrong. With
probability $\varepsilon$ it takes a uniformly random action instead. Early on, when $Q$ is
nonsense, explore a lot; later, mostly exploit: $\varepsilon$ falls linearly from `start` (1.0) to
`end` (say 0.05) over the first `steps` steps, then stays there.

## 3. A target network

The TD target uses the network itself: every update moves the target it chases. DQN computes the
targets with a **copy** of the network, $Q^-$, that is refreshed (`target_sync`) only every few
hundred steps and stays frozen in between:

$$ y_i = r_i + \gamma\, (1 - \text{done}_i) \max_{a'} Q^-(s'_i, a') $$

**Terminal states.** When $s'$ ended the episode by a failure (`done`), nothing follows it: the
target is $r$ alone. A time limit is not a failure (cartpole.c): the state after it would have had
a future, so the replay buffer stores `done = 0` for it and the target bootstraps as usual.

## 4. The Huber loss

The squared error's gradient grows with the error, and early TD errors can be huge. The Huber loss
is squared near zero and linear beyond a threshold $\delta$ (1 here):

$$ \ell(d) = \begin{cases} \tfrac12 d^2 & |d| \le \delta \\ \delta\,(|d| - \tfrac12\delta) & |d| > \delta \end{cases}
   \qquad \ell'(d) = \text{clip}(d, -\delta, \delta) $$

with $d = Q(s,a) - y$: a gradient of at most $\delta$ per example, which is the "error clipping" of
Mnih et al. The loss of a minibatch is the mean over its examples; only the output of the action
actually taken gets a gradient, the other actions' outputs get zero.
*/
#include "week15.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int replay_init(replay_buffer *b, int capacity, int obs_dim) {
    *b = (replay_buffer){0};
    // A capacity or obs_dim below 1 is bad input: a one-line message naming which, and its value.
    // BEGIN SOLUTION: reject a capacity or an obs_dim below 1 (wb_fail)
    if (capacity < 1) return wb_fail("replay buffer: capacity must be positive, got %d", capacity);
    if (obs_dim < 1) return wb_fail("replay buffer: obs_dim must be positive, got %d", obs_dim);
    // MUTANT obs_dim_unchecked: if (obs_dim < 1) obs_dim = 1;
    // END SOLUTION
    b->capacity = capacity, b->obs_dim = obs_dim;
    b->s = wb_calloc((size_t)capacity * obs_dim, sizeof *b->s);
    b->s2 = wb_calloc((size_t)capacity * obs_dim, sizeof *b->s2);
    b->a = wb_calloc((size_t)capacity, sizeof *b->a);
    b->r = wb_calloc((size_t)capacity, sizeof *b->r);
    b->done = wb_calloc((size_t)capacity, sizeof *b->done);
    return 0;
}

void replay_free(replay_buffer *b) {
    free(b->s), free(b->s2), free(b->a), free(b->r), free(b->done);
    *b = (replay_buffer){0};
}

void replay_push(replay_buffer *b, const float *s, int a, float r, const float *s2, int done) {
    size_t d = (size_t)b->obs_dim;
    // The transition goes into slot `next`; next then moves on by one, back to 0 after the last
    // slot (the oldest transition is the next to go); size grows up to capacity; pushed counts all.
    // BEGIN SOLUTION: store the transition, advance next around the ring, update size and pushed
    size_t k = (size_t)b->next;
    memcpy(b->s + k * d, s, d * sizeof *s);
    memcpy(b->s2 + k * d, s2, d * sizeof *s2);
    b->a[k] = a, b->r[k] = r, b->done[k] = (uint8_t)(done != 0);
    b->next = (b->next + 1) % b->capacity;
    // MUTANT stuck_at_end: b->next = b->next + 1 < b->capacity ? b->next + 1 : b->capacity - 1;
    if (b->size < b->capacity) b->size++;
    b->pushed++;
    // END SOLUTION
    // STUB: (void)d;
}

void replay_sample(const replay_buffer *b, int n, wb_rng *rng, int *idx) {
    WB_CHECK(b->size >= 1, "sampling from an empty replay buffer");
    // BEGIN SOLUTION: n indices, each uniform over the filled slots 0..size-1 (wb_rng_below)
    uint32_t filled = (uint32_t)b->size; /* after the ring wraps: every slot, wherever next is */
    // MUTANT whole_capacity: uint32_t filled = (uint32_t)b->capacity;
    // MUTANT sample_below_next: uint32_t filled = (uint32_t)(b->next > 0 ? b->next : b->size);
    // MUTANT sample_below_pushed: uint32_t filled = (uint32_t)b->pushed;
    for (int i = 0; i < n; i++) idx[i] = (int)wb_rng_below(rng, filled);
    // END SOLUTION
}

float epsilon_at(const eps_schedule *e, long step) {
    WB_CHECK(e->steps > 0 && step >= 0, "steps = %ld, step = %ld", e->steps, step);
    // BEGIN SOLUTION: start + (end - start) * step / steps while step < steps, then end
    if (step >= e->steps) return e->end;
    return e->start + (e->end - e->start) * (float)((double)step / (double)e->steps);
    // MUTANT never_decays: return e->start;
    // END SOLUTION
    // STUB: return 0.0f;
}

int epsilon_greedy(const float *q, int A, float eps, wb_rng *rng) {
    // One uniform draw decides: below eps, a uniformly random action (wb_rng_below); otherwise
    // the greedy one.
    // BEGIN SOLUTION: explore with probability eps, else exploit
    if (wb_rng_uniform(rng) < eps) return (int)wb_rng_below(rng, (uint32_t)A);
    // MUTANT draw_a_first: int a = wb_rng_below(rng, A); if (wb_rng_uniform(rng) < eps) return a;
    return argmax(q, A);
    // MUTANT greedy_skips_last_action: return argmax(q, A - 1);
    // END SOLUTION
    // STUB: return 0;
}

float huber_loss(const float *pred, const float *target, int n, float delta, float *dpred) {
    WB_CHECK(n >= 1 && delta > 0, "n = %d, delta = %g", n, (double)delta);
    double sum = 0;
    // For each d = pred - target: the squared piece or the linear one, summed into the mean; the
    // gradient of the mean is d clipped to [-delta, delta], divided by n.
    // BEGIN SOLUTION: the Huber loss of each difference, and its gradient into dpred if asked
    for (int i = 0; i < n; i++) {
        float d = pred[i] - target[i], ad = fabsf(d);
        sum += ad <= delta ? 0.5 * d * d : delta * (ad - 0.5 * delta);
        // MUTANT linear_without_offset: sum += ad <= delta ? 0.5 * d * d : delta * ad;
        if (dpred) dpred[i] = (d > delta ? delta : d < -delta ? -delta : d) / n;
        // MUTANT unclipped_gradient: if (dpred) dpred[i] = d / n;
        // MUTANT dpred_written_when_null: dpred[i] = (d > delta ? delta : d < -delta ? -delta : d) / n;
    }
    // END SOLUTION
    return (float)(sum / n);
}

void td_targets(const float *r, const uint8_t *done, const float *q_next, int B, int A, float gamma, float *y) {
    // BEGIN SOLUTION: y_i = r_i, plus gamma times the largest q_next of row i unless done_i
    for (int i = 0; i < B; i++) {
        const float *q = q_next + (size_t)i * A;
        y[i] = r[i] + (done[i] ? 0.0f : gamma * q[argmax(q, A)]);
        // MUTANT bootstrap_terminal: y[i] = r[i] + gamma * q[argmax(q, A)];
        // MUTANT max_of_first_two: y[i] = r[i] + (done[i] ? 0.0f : gamma * fmaxf(q[0], q[1]));
    }
    // END SOLUTION
}

void target_sync(mlp *target, const mlp *online) {
    WB_CHECK(target->params.size == online->params.size, "target has %zu parameters, online %zu",
             target->params.size, online->params.size);
    // BEGIN SOLUTION: copy every parameter of the online network into the target's own buffer
    memcpy(target->params.data, online->params.data, online->params.size * sizeof *online->params.data);
    // MUTANT sync_forgets: (void)0;
    // END SOLUTION
}

void dqn_scratch_init(dqn_scratch *w, int batch, int obs_dim, int A) {
    WB_CHECK(batch >= 1 && obs_dim >= 1 && A >= 1, "batch %d, obs_dim %d, A %d", batch, obs_dim, A);
    *w = (dqn_scratch){.batch = batch, .obs_dim = obs_dim, .A = A};
    w->s = wb_malloc((size_t)batch * obs_dim * sizeof *w->s);
    w->s2 = wb_malloc((size_t)batch * obs_dim * sizeof *w->s2);
    w->q_next = wb_malloc((size_t)batch * A * sizeof *w->q_next);
    w->dq = wb_malloc((size_t)batch * A * sizeof *w->dq);
    w->y = wb_malloc((size_t)batch * sizeof *w->y);
    w->q_sa = wb_malloc((size_t)batch * sizeof *w->q_sa);
    w->dq_sa = wb_malloc((size_t)batch * sizeof *w->dq_sa);
    w->r = wb_malloc((size_t)batch * sizeof *w->r);
    w->done = wb_malloc((size_t)batch * sizeof *w->done);
}

void dqn_scratch_free(dqn_scratch *w) {
    free(w->s), free(w->s2), free(w->q_next), free(w->dq), free(w->y), free(w->q_sa), free(w->dq_sa);
    free(w->r), free(w->done);
    *w = (dqn_scratch){0};
}

/* Copy transitions idx (B) of b into w: s, s2 (B, obs_dim), r, done (B). */
static void gather(const replay_buffer *b, const int *idx, int B, dqn_scratch *w) {
    size_t d = (size_t)b->obs_dim;
    for (int i = 0; i < B; i++) {
        size_t k = (size_t)idx[i];
        WB_CHECK(idx[i] >= 0 && idx[i] < b->size, "idx[%d] = %d, the buffer holds %d", i, idx[i], b->size);
        memcpy(w->s + i * d, b->s + k * d, d * sizeof *w->s);
        memcpy(w->s2 + i * d, b->s2 + k * d, d * sizeof *w->s2);
        w->r[i] = b->r[k], w->done[i] = b->done[k];
    }
}

float dqn_gradient(mlp *online, mlp *target, const replay_buffer *b, const int *idx, int B, float gamma,
                   float delta, dqn_scratch *w) {
    int A = online->sizes[online->nlayers];
    WB_CHECK(B >= 1 && B <= w->batch && A == w->A && b->obs_dim == w->obs_dim, "batch %d (room %d), A %d (%d)",
             B, w->batch, A, w->A);
    gather(b, idx, B, w);
    // 1. the TARGET network on s2 -> q_next (copy its output out) -> td_targets -> y;
    // 2. the online network on s -> q_sa[i], its output at the action taken in transition i;
    // 3. huber_loss(q_sa, y) with its gradient dq_sa; dq (B,A) is zero except dq_sa[i] at the
    //    action taken; 4. backward through the online network.
    // BEGIN SOLUTION: targets from the target network, the loss, the online network's gradient
    mlp *frozen = target; /* the network that computes the targets */
    // MUTANT target_is_online: mlp *frozen = online;
    mlp_forward(frozen, w->s2, B);
    memcpy(w->q_next, mlp_output(frozen), (size_t)B * A * sizeof *w->q_next);
    td_targets(w->r, w->done, w->q_next, B, A, gamma, w->y);
    mlp_forward(online, w->s, B);
    const float *q = mlp_output(online); /* (B,A) */
    for (int i = 0; i < B; i++) w->q_sa[i] = q[(size_t)i * A + b->a[idx[i]]];
    // MUTANT q_sa_action_by_i: for (int i = 0; i < B; i++) w->q_sa[i] = q[(size_t)i * A + b->a[i]];
    // MUTANT q_sa_stride_two: for (int i = 0; i < B; i++) w->q_sa[i] = q[i * 2 + b->a[idx[i]]];
    float loss = huber_loss(w->q_sa, w->y, B, delta, w->dq_sa);
    // MUTANT delta_hardcoded: float loss = huber_loss(w->q_sa, w->y, B, 1.0f, w->dq_sa);
    for (int i = 0; i < B * A; i++) w->dq[i] = 0.0f;
    // MUTANT dq_not_zeroed: (void)0;
    for (int i = 0; i < B; i++) /* row i is transition idx[i]: the output of its action */
        w->dq[(size_t)i * A + b->a[idx[i]]] = w->dq_sa[i];
        // MUTANT dq_action_by_i: w->dq[(size_t)i * A + b->a[i]] = w->dq_sa[i];
        // MUTANT dq_stride_two: w->dq[i * 2 + b->a[idx[i]]] = w->dq_sa[i];
    mlp_backward(online, w->s, w->dq, B);
    return loss;
    // END SOLUTION
    // STUB: return 0.0f;
}
