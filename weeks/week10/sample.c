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
#include "notwritten.h"

#include <math.h>
#include <stdlib.h>

void sampling_probs(const float *logits, int V, float temperature, int top_k, float *p) {
    int best = 0;
    for (int i = 1; i < V; i++) best = logits[i] > logits[best] ? i : best;
    // TODO: T <= 0: p = one-hot arg-max; else e^((z_i - max z) / T), only the top_k, normalised
    wb_not_written(__func__);
}

int sample_index(const float *p, int V, float u) {
    // TODO: the first i whose cumulative sum passes u; past the total: the last i with p > 0
    wb_not_written(__func__);
    return -1;
}

void rnn_generate(rnn *m, const int *prompt, int n_prompt, int n_out, float temperature, int top_k,
                  wb_rng *rng, int *out) {
    WB_CHECK(n_prompt >= 1 && n_out >= 0, "prompt of %d, %d to generate", n_prompt, n_out);
    int B = m->B, V = m->V;
    int *x = wb_malloc((size_t)B * sizeof *x);
    float *p = wb_malloc((size_t)V * sizeof *p);
    rnn_reset_state(m);
    // TODO: feed the prompt step by step; then n_out times: each stream draws, feeds it back
    wb_not_written(__func__);
    free(x);
    free(p);
}
