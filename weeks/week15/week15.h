/* week15.h — the functions you write this week, in working order: cartpole.c, returns.c,
 * reinforce.c, dqn.c. The tests (test_*.c) and the program (driver.c) call them; the notes are in
 * the .c files.
 *
 * The networks are week 05's multilayer perceptron (week05.h: mlp_init, mlp_forward,
 * mlp_backward), linked from its reference solution; the driver steps their parameters with week
 * 07's Adam (week07.h). An episode, in short, is plain function calls on plain structs:
 *
 *     cartpole env;  float obs[CP_OBS];
 *     cartpole_seed(&env, 1);
 *     cartpole_reset(&env, obs);
 *     for (int done = 0; !done;) {
 *         int a = ...the agent's choice from obs...;              // 0 pushes left, 1 right
 *         float r = cartpole_step(&env, a, obs);                  // obs is now the next state
 *         done = env.terminated || env.truncated;
 *     }
 */
#ifndef WEEK15_H
#define WEEK15_H

#include <stdint.h>

#include "week05.h"
#include "wb.h"

/* ---- cartpole.c: the cart-pole of Barto, Sutton & Anderson (1983), as gym's CartPole-v1 ---- */
#define CP_OBS 4             /* observation: x, x_dot, theta, theta_dot */
#define CP_ACTIONS 2         /* 0 = push left, 1 = push right */
#define CP_GRAVITY 9.8       /* m/s^2 */
#define CP_MASS_CART 1.0     /* kg */
#define CP_MASS_POLE 0.1     /* kg */
#define CP_HALF_LENGTH 0.5   /* m: half the pole's length (gym calls it `length`) */
#define CP_FORCE 10.0        /* N, to the right for action 1, to the left for action 0 */
#define CP_TAU 0.02          /* s between steps */
#define CP_X_LIMIT 2.4       /* m: the episode fails when |x| > this */
#define CP_THETA_LIMIT (12.0 * 2.0 * 3.14159265358979323846 / 360.0) /* 12 degrees, in radians */
#define CP_MAX_STEPS 500     /* CartPole-v1's time limit */
#define CP_START 0.05        /* each state variable starts uniform in [-CP_START, CP_START) */

typedef struct cartpole {
    double x, x_dot, theta, theta_dot; /* the state: m, m/s, rad (0 = upright, >0 leaning right), rad/s */
    int steps;                         /* steps taken in this episode */
    int terminated;                    /* the pole fell or the cart left the track */
    int truncated;                     /* the time limit ended the episode (not a failure) */
    wb_rng rng;                        /* the starting states' random numbers */
} cartpole;

/* Seed the environment's random numbers (each reset draws from them) and reset it. */
void cartpole_seed(cartpole *env, uint64_t seed);
/* Start an episode: the four state variables uniform in [-0.05, 0.05) (drawn in the order x,
   x_dot, theta, theta_dot), steps = 0, the flags cleared; obs (4) receives the state. */
void cartpole_reset(cartpole *env, float *obs);
/* One step of CP_TAU seconds with action 0 or 1, by gym's explicit Euler rule. Updates the state,
   steps, terminated (|x| > 2.4 or |theta| > 12 degrees) and truncated (steps reached 500 without
   terminating); obs (4) receives the new state. Returns the reward: 1 for every step taken,
   the last one included. An ended episode must be reset before the next step. */
float cartpole_step(cartpole *env, int action, float *obs);
/* The state as an observation: obs (4) = x, x_dot, theta, theta_dot. */
void cartpole_observe(const cartpole *env, float *obs);

/* ---- returns.c: what each step of an episode was worth ---- */
/* rewards (T) -> G (T): G[t] = rewards[t] + gamma * G[t+1], with G[T-1] = rewards[T-1]
   (the discounted sum of the rewards from step t to the end of the episode). */
void discounted_returns(const float *rewards, int T, float gamma, float *G);
/* x (n) -> adv (n) = (x - mean(x)) / (std(x) + 1e-8), std the population standard deviation:
   the mean is the baseline, the division a common scale. n >= 1. adv may be x itself (in place:
   the Pong driver normalises its returns so), so every read of x comes before the first write. */
void normalize_advantages(const float *x, int n, float *adv);

/* ---- reinforce.c: the policy gradient ---- */
/* probs (A) = softmax(logits (A)). */
void policy_probs(const float *logits, int A, float *probs);
/* An action drawn from softmax(logits (A)) with the harness's random numbers (wb_rng_categorical). */
int policy_sample(const float *logits, int A, wb_rng *rng);
/* The index of the largest of x[0..n-1] (the first on ties). */
int argmax(const float *x, int n);
/* The REINFORCE surrogate loss of a batch of B steps, L = -(1/B) sum_i adv[i] log pi(actions[i]
   | s_i), pi = softmax(logits (B,A)); returns L and writes dlogits (B,A) = dL/dlogits. */
float reinforce_loss(const float *logits, const int *actions, const float *adv, int B, int A, float *dlogits);
/* The policy network's gradient for a batch: states (B, sizes[0]) forward through policy, the
   REINFORCE loss, backward. policy->grads = dL/dparams; returns L. dlogits: scratch (B,A). */
float reinforce_gradient(mlp *policy, const float *states, const int *actions, const float *adv, int B,
                         float *dlogits);

/* ---- dqn.c: deep Q-learning ---- */
/* Transitions (s, a, r, s', done) in a ring of `capacity`: once full, each push replaces the oldest. */
typedef struct replay_buffer {
    int capacity, obs_dim;
    int size;          /* transitions held, at most capacity */
    int next;          /* the slot the next push writes */
    long pushed;       /* transitions pushed in all */
    float *s, *s2;     /* (capacity, obs_dim): the state and the next state */
    int *a;            /* (capacity) the action taken */
    float *r;          /* (capacity) the reward received */
    uint8_t *done;     /* (capacity) 1 if s2 is terminal (the episode failed; not a time limit) */
} replay_buffer;
/* 0, or -1 with a one-line message when capacity or obs_dim is not positive. */
int replay_init(replay_buffer *b, int capacity, int obs_dim);
void replay_free(replay_buffer *b);
void replay_push(replay_buffer *b, const float *s, int a, float r, const float *s2, int done);
/* n slot indices (idx), each uniform over the slots that hold a transition (size >= 1). */
void replay_sample(const replay_buffer *b, int n, wb_rng *rng, int *idx);

/* epsilon falls linearly from start to end over `steps` steps, then stays at end. */
typedef struct eps_schedule {
    float start, end;
    long steps;
} eps_schedule;
float epsilon_at(const eps_schedule *e, long step);
/* With probability eps a uniformly random action, otherwise argmax(q (A)). */
int epsilon_greedy(const float *q, int A, float eps, wb_rng *rng);

/* Mean Huber loss of pred (n) against target (n) with threshold delta: for d = pred - target,
   0.5 d^2 if |d| <= delta, else delta (|d| - delta / 2). dpred (n), if not NULL, receives its
   gradient. */
float huber_loss(const float *pred, const float *target, int n, float delta, float *dpred);
/* y (B) = r + gamma * max_a q_next[i][a], with no future term where done[i]. q_next (B,A). */
void td_targets(const float *r, const uint8_t *done, const float *q_next, int B, int A, float gamma, float *y);
/* The target network becomes a copy of the online network (same shapes). */
void target_sync(mlp *target, const mlp *online);

/* Scratch for one DQN minibatch of up to `batch` transitions. */
typedef struct dqn_scratch {
    int batch, obs_dim, A;
    float *s, *s2;        /* (batch, obs_dim) gathered states */
    float *q_next;        /* (batch, A) the target network on s2 */
    float *y;             /* (batch) TD targets */
    float *q_sa;          /* (batch) the online network's Q of the action taken */
    float *dq_sa;         /* (batch) dLoss/dq_sa */
    float *dq;            /* (batch, A) dLoss/d(online output) */
    float *r;             /* (batch) rewards */
    uint8_t *done;        /* (batch) terminal flags */
} dqn_scratch;
void dqn_scratch_init(dqn_scratch *w, int batch, int obs_dim, int A);
void dqn_scratch_free(dqn_scratch *w);
/* One DQN loss and gradient on the transitions idx (B) of buffer: Huber(Q_online(s,a), y) with the
   targets y from the target network; online->grads = dLoss/dparams (target is not changed).
   Returns the loss. */
float dqn_gradient(mlp *online, mlp *target, const replay_buffer *b, const int *idx, int B, float gamma,
                   float delta, dqn_scratch *w);

#endif
