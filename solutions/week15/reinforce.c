/**
# A policy, and its gradient

A **policy** maps a state to a probability for each action. Ours is week 05's multilayer
perceptron with one output per action, the *logits* $z$, turned into probabilities by a softmax:

$$ \pi(a \mid s) = \frac{e^{z_a}}{\sum_b e^{z_b}}, \qquad z = \text{mlp}(s) $$

The agent *samples* its action from $\pi$ while it learns (that is how it explores) and takes the
most probable one, the argmax, when we evaluate it.

## REINFORCE

We want the parameters $\theta$ that make the expected return $J(\theta) = \mathbb{E}_\pi[G_0]$
large. Its gradient cannot be taken through the environment (we have no derivative of the physics,
and the actions are random draws), but the **policy-gradient theorem** (Williams 1992; Sutton &
Barto, chapter 13) turns it into an average over what the agent did:

$$ \nabla_\theta J = \mathbb{E}_\pi\!\left[\sum_t A_t\, \nabla_\theta \log \pi(a_t \mid s_t)\right] $$

with $A_t$ the (normalised, baselined) return of step $t$ (returns.c). The trick is
$\nabla \pi = \pi\, \nabla \log \pi$: the probability of the trajectory appears as the weight of
the average, which sampling supplies for free. So we climb $J$ by *descending* the surrogate loss

$$ L = -\frac{1}{B} \sum_{i=1}^{B} A_i \log \pi(a_i \mid s_i) $$

over the $B$ steps of a batch of episodes. $L$ is not a quantity worth anything by itself (its
value goes up and down with the advantages); its gradient is the policy gradient.

## The gradient with respect to the logits

For one step, with $p = \text{softmax}(z)$ and the action $a$ taken,
$\log \pi(a) = z_a - \log \sum_b e^{z_b}$, so $\partial \log \pi(a) / \partial z_j = [j = a] - p_j$:
the same "one-hot minus probabilities" as the cross-entropy of week 05, with the sign and the
weight set by the advantage:

$$ \frac{\partial L}{\partial z_{ij}} = \frac{A_i}{B} \left(p_{ij} - [j = a_i]\right) $$

An action with a positive advantage has its logit pushed up (gradient descent subtracts a negative
number), the others down; a negative advantage does the opposite. From the logits on it is plain
backpropagation through the MLP (`mlp_backward`).
*/
#include "week15.h"

#include <math.h>

#define MAX_ACTIONS 16

void policy_probs(const float *logits, int A, float *probs) {
    // BEGIN SOLUTION: a softmax that subtracts the largest logit first (logits of 1000 must work)
    float mx = logits[0], sum = 0.0f;
    // MUTANT probs_max_init_zero: float mx = 0.0f, sum = 0.0f;
    for (int j = 1; j < A; j++) mx = logits[j] > mx ? logits[j] : mx;
    // MUTANT probs_max_skips_last: for (int j = 1; j < A - 1; j++) mx = logits[j] > mx ? logits[j] : mx;
    for (int j = 0; j < A; j++) sum += probs[j] = expf(logits[j] - mx);
    for (int j = 0; j < A; j++) probs[j] /= sum;
    // END SOLUTION
}

int policy_sample(const float *logits, int A, wb_rng *rng) {
    WB_CHECK(A >= 1 && A <= MAX_ACTIONS, "A = %d actions (1..%d)", A, MAX_ACTIONS);
    float p[MAX_ACTIONS];
    // BEGIN SOLUTION: the probabilities, then one draw from them (wb_rng_categorical)
    policy_probs(logits, A, p);
    return wb_rng_categorical(rng, p, A);
    // END SOLUTION
    // STUB: (void)p; return 0;
}

int argmax(const float *x, int n) {
    // BEGIN SOLUTION: the index of the largest value, the first one on ties
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
    // END SOLUTION
    // STUB: return 0;
}

float reinforce_loss(const float *logits, const int *actions, const float *adv, int B, int A, float *dlogits) {
    WB_CHECK(B >= 1 && A >= 1 && A <= MAX_ACTIONS, "B = %d, A = %d", B, A);
    double loss = 0;
    for (int i = 0; i < B; i++) {
        WB_CHECK(actions[i] >= 0 && actions[i] < A, "actions[%d] = %d is not in 0..%d", i, actions[i], A - 1);
        const float *z = logits + (size_t)i * A;
        float *dz = dlogits + (size_t)i * A;
        // log pi(a_i) = z_a - max - log sum_b exp(z_b - max) (stable at z = 1000); this step adds
        // -adv_i log pi(a_i) / B to the loss, and its gradient dz_j = adv_i (p_j - [j = a_i]) / B.
        // BEGIN SOLUTION: the log-probability of the action taken, the loss term, dz
        float mx = z[0], sum = 0.0f;
        for (int j = 1; j < A; j++) mx = z[j] > mx ? z[j] : mx;
        // MUTANT loss_max_skips_last: for (int j = 1; j < A - 1; j++) mx = z[j] > mx ? z[j] : mx;
        for (int j = 0; j < A; j++) sum += expf(z[j] - mx);
        float logp = z[actions[i]] - mx - logf(sum);
        loss -= (double)adv[i] * logp / B;
        // dL/dz_j = (A_i / B) (p_j - [j = a_i])
        for (int j = 0; j < A; j++) dz[j] = adv[i] / B * (expf(z[j] - mx) / sum - (j == actions[i]));
        // MUTANT gradient_ascent_sign: for (int j = 0; j < A; j++) dz[j] = -adv[i] / B * (expf(z[j] - mx) / sum - (j == actions[i]));
        // MUTANT not_batch_mean: for (int j = 0; j < A; j++) dz[j] = adv[i] * (expf(z[j] - mx) / sum - (j == actions[i]));
        // END SOLUTION
        // STUB: (void)z, (void)dz;
    }
    return (float)loss;
}

float reinforce_gradient(mlp *policy, const float *states, const int *actions, const float *adv, int B,
                         float *dlogits) {
    int A = policy->sizes[policy->nlayers];
    // BEGIN SOLUTION: forward the states, the loss and its dlogits from the output, backward
    mlp_forward(policy, states, B);
    // MUTANT forward_max_batch: mlp_forward(policy, states, policy->max_batch);
    float loss = reinforce_loss(mlp_output(policy), actions, adv, B, A, dlogits);
    mlp_backward(policy, states, dlogits, B);
    // MUTANT backward_max_batch: mlp_backward(policy, states, dlogits, policy->max_batch);
    return loss;
    // END SOLUTION
    // STUB: (void)A; return 0.0f;
}
