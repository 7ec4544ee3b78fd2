/**
# Writing poetry: sampling with a temperature

A trained network gives, after any prefix, a probability for every next character. To *write*, we
draw one character from that distribution, feed it back as the next input, and repeat (Karpathy,
"The Unreasonable Effectiveness of Recurrent Neural Networks", 2015).

## Temperature

The **temperature** $\tau$ divides the logits before the softmax:

$$ p_i(\tau) = \frac{e^{z_i / \tau}}{\sum_j e^{z_j / \tau}} $$

$\tau = 1$ is the model's own distribution. $\tau < 1$ sharpens it (the gaps $z_i - z_j$ grow by
$1/\tau$): safer, more repetitive text, and as $\tau \to 0$ all the mass goes to the arg-max —
greedy decoding, which soon loops ("the LORD, the LORD, the LORD"). $\tau > 1$ flattens it toward
uniform: more surprising, more misspelt. We subtract the maximum logit before dividing, so that
the largest exponent is $e^0$ whatever $\tau$ is; $\tau \le 0$ means the arg-max itself.

**Top-k** keeps only the $k$ most likely characters (renormalised): the long tail of unlikely
characters, each tiny but many together, can no longer produce a typo.

## Drawing from a distribution

With $u$ uniform on $[0,1)$, the index $i$ whose slice of the cumulative sum contains $u$,
$\sum_{j<i} p_j \le u < \sum_{j \le i} p_j$, is drawn with probability $p_i$ (inverse transform
sampling). Rounding can leave the total a hair below 1; a $u$ beyond it takes the last character
with non-zero probability.

## The generation loop

`rnn_generate` feeds the prompt one character at a time from a zero state (a chunk of one step
with `rnn_forward`, then `rnn_carry_state`), then samples a character from the last logits, feeds
it, and so on. All $B$ streams run at once and each draws its own characters: $B$ different poems
for the price of one.
*/
#include "week10.h"

#include <math.h>
#include <stdlib.h>

void sampling_probs(const float *logits, int V, float temperature, int top_k, float *p) {
    int best = 0;
    for (int i = 1; i < V; i++) best = logits[i] > logits[best] ? i : best;
    // BEGIN SOLUTION: T <= 0: p = one-hot arg-max; else e^((z_i - max z) / T), only the top_k, normalised
    if (temperature <= 0.0f) {
    // MUTANT neg_temperature_softmax: if (temperature == 0.0f) {
        for (int i = 0; i < V; i++) p[i] = i == best ? 1.0f : 0.0f;
        return;
    }
    float zmax = logits[best];
    for (int i = 0; i < V; i++) p[i] = expf((logits[i] - zmax) / temperature);
    // MUTANT temperature_multiplies: for (int i = 0; i < V; i++) p[i] = expf((logits[i] - zmax) * temperature);
    if (top_k > 0 && top_k < V) {
    // MUTANT top_k_V_minus_1_keeps_all: if (top_k > 0 && top_k < V - 1) {
        /* rank of i = how many come before it: larger, or equal with a smaller index */
        for (int i = 0; i < V; i++) {
            int rank = 0;
            for (int j = 0; j < V; j++) {
                int tie_first = logits[j] == logits[i] && j < i; /* equal, at a smaller index */
                // MUTANT top_k_later_tie_first: int tie_first = logits[j] == logits[i] && j > i;
                // MUTANT top_k_drops_ties: int tie_first = logits[j] == logits[i] && j != i;
                rank += logits[j] > logits[i] || tie_first;
                // MUTANT top_k_keeps_ties: rank += logits[j] > logits[i];
            }
            if (rank >= top_k) p[i] = 0.0f;
            // MUTANT top_k_plus_one: if (rank > top_k) p[i] = 0.0f;
        }
    }
    double sum = 0.0;
    for (int i = 0; i < V; i++) sum += p[i];
    for (int i = 0; i < V; i++) p[i] = (float)(p[i] / sum);
    // END SOLUTION
}

int sample_index(const float *p, int V, float u) {
    // BEGIN SOLUTION: the first i whose cumulative sum passes u; past the total: the last i with p > 0
    double cum = 0.0;
    int last = 0;
    for (int i = 0; i < V; i++) {
        cum += p[i];
        if (u < cum) return i;
        // MUTANT less_equal: if (u <= cum) return i;
        if (p[i] > 0) last = i;
    }
    return last;
    // END SOLUTION
    // STUB: return -1;
}

void rnn_generate(rnn *m, const int *prompt, int n_prompt, int n_out, float temperature, int top_k,
                  wb_rng *rng, int *out) {
    WB_CHECK(n_prompt >= 1 && n_out >= 0, "prompt of %d, %d to generate", n_prompt, n_out);
    int B = m->B, V = m->V;
    int *x = wb_malloc((size_t)B * sizeof *x);
    float *p = wb_malloc((size_t)V * sizeof *p);
    rnn_reset_state(m);
    // BEGIN SOLUTION: feed the prompt step by step; then n_out times: each stream draws, feeds it back
    for (int i = 0; i < n_prompt; i++) {
    // MUTANT gen_prompt_skip_last: for (int i = 0; i < n_prompt - 1; i++) {
        for (int b = 0; b < B; b++) x[b] = prompt[i];
        rnn_forward(m, x, NULL, 1);
        rnn_carry_state(m);
    }
    for (int k = 0; k < n_out; k++) {
        float u = 0.0f;
        for (int b = 0; b < B; b++) {
            const float *z = m->logits + (size_t)b * V; /* stream b's own logits */
            // MUTANT gen_stream0_logits: const float *z = m->logits;
            sampling_probs(z, V, temperature, top_k, p);
            // MUTANT gen_topk_ignored: sampling_probs(z, V, temperature, 0, p);
            // MUTANT gen_temperature_ignored: sampling_probs(z, V, temperature > 0, top_k, p);
            u = wb_rng_uniform(rng); /* every stream its own draw */
            // MUTANT gen_same_u: if (b == 0) u = wb_rng_uniform(rng);
            x[b] = out[(size_t)b * n_out + k] = sample_index(p, V, u);
            // MUTANT out_step_major: x[b] = out[(size_t)k * B + b] = sample_index(p, V, u);
        }
        rnn_forward(m, x, NULL, 1);
        // MUTANT gen_skip_last_forward: if (k < n_out - 1) rnn_forward(m, x, NULL, 1);
        rnn_carry_state(m);
        // MUTANT generate_without_state: rnn_reset_state(m);
    }
    // END SOLUTION
    free(x);
    free(p);
}
