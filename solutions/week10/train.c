/**
# Training the network on the psalms

## Bits per character

The loss is in **nats** (natural logarithms: `softmax_xent` uses $\ln$); the n-gram table is in
**bits**. One bit is $\ln 2 \approx 0.693$ nats, so $\text{BPC} = \text{nats} / \ln 2$. Forgetting
the conversion makes a model look 31% better than it is — and beat the n-grams on paper only.

## Batches that keep the text in order

The hidden state is only worth carrying from one chunk to the next if the next chunk *continues
the text*. So instead of drawing random windows, we cut the training text into $B$ long streams of
$L = \lfloor (n-1)/B \rfloor$ characters, stream $b$ starting at position $bL$, and read all of them
in step: the chunk starting at step $s$ takes, for each stream, positions $bL + s + t$ for
$t = 0 \ldots T-1$, inputs $x$ = the characters there and targets $y$ = the characters after
them. Chunk $c$ of an epoch starts at step $s = cT$, so stream $b$'s next chunk starts exactly where
its last one ended. Arrays are $(T,B)$: step-major, so step $t$'s $B$ inputs are contiguous.

## Exploding gradients and clipping by the global norm

Backpropagation through time multiplies the gradient by $W_{hh}^\top \mathrm{diag}(1-h_t^2)$ once
per step. Over many steps it shrinks to nothing or blows up (Bengio et al. 1994; Pascanu, Mikolov
& Bengio 2013): one unlucky chunk can produce a gradient a thousand times the usual and throw the
weights far away. **Clipping** rescales the whole gradient when its norm $\lVert g \rVert$ (over
*all* parameters together) exceeds a threshold $c$:

$$ g \leftarrow g \cdot \min\left(1, \frac{c}{\lVert g \rVert}\right) $$

This keeps the gradient's *direction* and only shortens the step. Clipping each tensor on its own
would change the direction — it shortens the big $\partial W_{hh}$ but not the small $\partial b_y$ —
which is not what Pascanu et al. propose. Week 07's `clip_grad_norm` does it over one array; our
gradients are one array (`m->grads`), so it is one call.

## One training step

zero the gradients; forward the chunk (loss, `dlogits`); backward (adds into `grads`); clip; one
optimiser step (week 07: Adam by default in the driver, Adagrad as in min-char-rnn); carry the
state to the next chunk. Clipping must come *before* the step: it is the step it protects.

## Measuring the model

`rnn_bpc` runs a text through the network without training: $B$ streams from a zero state, chunks
of up to $T$ steps (the last one shorter), the state carried; every target counts once, and the
mean loss is turned into bits.
*/
#include "week10.h"

#include <math.h>
#include <stdlib.h>

double nats_to_bpc(double nats) {
    // BEGIN SOLUTION: one bit is ln 2 nats
    return nats / log(2.0);
    // MUTANT nats_reported_as_bits: return nats;
    // END SOLUTION
    // STUB: return 0.0;
}

long lm_chunks(size_t n, int B, int T) { return n < 2 ? 0 : (long)((n - 1) / (size_t)B) / T; }

void lm_batch(const int *ids, size_t n, int B, int T, long start, int *x, int *y) {
    size_t L = (n - 1) / (size_t)B;
    WB_CHECK(n >= 2 && start >= 0 && (size_t)start + T <= L, "steps %ld..%ld of streams of %zu",
             start, start + T - 1, L);
    // For t < T and b < B: p = b*L + start + t; x[t*B + b] = ids[p], y[t*B + b] = ids[p + 1].
    // BEGIN SOLUTION: step t of stream b: the input at its position in the stream, the target the id after it
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t p = (size_t)b * L + (size_t)start + t;
            // MUTANT stream_length_n_over_B: size_t p = (size_t)b * (n / (size_t)B) + (size_t)start + t;
            // MUTANT streams_interleaved: size_t p = ((size_t)start + t) * B + b;
            x[t * B + b] = ids[p];
            y[t * B + b] = ids[p + 1];
        }
    // END SOLUTION
}

float rnn_clip_grads(rnn *m, float max_norm) {
    float *g[RNN_TENSORS];
    size_t len[RNN_TENSORS];
    rnn_grad_tensors(m, g, len);
    for (int k = 0; k < RNN_TENSORS; k++) { /* each tensor's norm, for the driver's diagnostics */
        double s = 0.0;
        for (size_t i = 0; i < len[k]; i++) s += (double)g[k][i] * g[k][i];
        m->grad_norm[k] = (float)sqrt(s);
    }
    float norm;
    // BEGIN SOLUTION: one norm over all the gradients together (one array), down to max_norm if above
    norm = clip_grad_norm(m->grads, m->n_params, max_norm);
    // MUTANT per_tensor: for (int k = 0; k < 5; k++) norm = clip_grad_norm(g[k], len[k], max_norm);
    // END SOLUTION
    // STUB: norm = 0.0f;
    return norm;
}

float rnn_train_step(rnn *m, optimizer *o, const int *x, const int *y, int T, float max_norm) {
    float loss = 0.0f;
    // BEGIN SOLUTION: zero the gradients, forward, backward, clip, one optimiser step, carry the state
    rnn_zero_grad(m);
    // MUTANT step_resets_state: rnn_reset_state(m); rnn_zero_grad(m);
    // MUTANT no_zero_grad: (void)m;
    loss = rnn_forward(m, x, y, T);
    // MUTANT step_uses_model_t: loss = rnn_forward(m, x, y, m->T);
    rnn_backward(m, x);
    rnn_clip_grads(m, max_norm);
    // MUTANT no_clip: (void)max_norm;
    opt_step(o, m->params, m->grads);
    rnn_carry_state(m);
    // END SOLUTION
    return loss;
}

double rnn_bpc(rnn *m, const int *ids, size_t n) {
    WB_CHECK(n >= (size_t)m->B + 1, "%zu characters for %d streams", n, m->B);
    long L = (long)((n - 1) / (size_t)m->B);
    int *x = wb_malloc((size_t)m->T * m->B * sizeof *x), *y = wb_malloc((size_t)m->T * m->B * sizeof *y);
    double nats = 0.0;
    // Zero state; chunks of t <= T of the L steps, state carried; nats += loss * t * B.
    // BEGIN SOLUTION: from a zero state, the mean loss per character over the L steps in chunks of at most T
    rnn_reset_state(m);
    for (long s = 0; s < L; s += m->T) {
        int t = L - s < m->T ? (int)(L - s) : m->T;
        lm_batch(ids, n, m->B, t, s, x, y);
        nats += (double)rnn_forward(m, x, y, t) * t * m->B;
        // MUTANT unweighted_last_chunk: nats += (double)rnn_forward(m, x, y, t) * m->T * m->B;
        rnn_carry_state(m);
    }
    nats /= (double)L * m->B;
    // END SOLUTION
    // STUB: (void)L;
    free(x);
    free(y);
    return nats_to_bpc(nats);
}
