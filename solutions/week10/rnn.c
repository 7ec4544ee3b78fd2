/**
# A vanilla recurrent network

A feedforward network sees a fixed-size input. Text is a sequence: to predict the next character
we want everything read so far, squeezed into a vector that is updated one character at a time.
That vector is the **hidden state** $h_t$ of a recurrent network (Goodfellow et al., *Deep
Learning* §10.2; Karpathy's min-char-rnn):

$$ a_t = W_{xh} x_t + W_{hh} h_{t-1} + b_h, \qquad h_t = \tanh(a_t), \qquad
   z_t = W_{hy} h_t + b_y, \qquad p_t = \mathrm{softmax}(z_t) $$

$x_t$ is the one-hot vector of character $t$, so $W_{xh} x_t$ is simply column $x_t$ of $W_{xh}$:
we store $W_{xh}$ transposed, as a $(V,H)$ matrix whose row $v$ is that column (an *embedding*).
The same weights are used at every step: the network is one cell applied $T$ times, and its loss
is the mean over the steps of the cross-entropy $-\ln p_t[y_t]$ of the next character $y_t$.

We run $B$ streams — $B$ different places of the text — side by side, so each step is a
matrix product of a $(B,H)$ batch of states with $W_{hh}^\top$ (`wb_sgemm`), and the output layer
of all $T$ steps is one $(TB,H) \times (H,V)$ product once the states are known.

## One buffer, llm.c-style

All parameters live in one array, `params`, and the named matrices are views into it:
`W_xh (V,H) | W_hh (H,H) | b_h (H) | W_hy (V,H) | b_y (V)`. The gradients have the same layout in
`grads`, so an optimiser step or a global gradient norm is one loop over one array. The
activations of a chunk are `h (T+1,B,H)` (row 0 is the state carried in), `logits (T,B,V)` and
`dlogits`; nothing is allocated during training.

## Backpropagation through time

Unrolled over a chunk, the network is a deep feedforward network whose layers share weights.
Going backwards from the last step, the gradient reaching $h_t$ comes from two places: its own
output $z_t$, and the next step, through $h_{t+1}$:

$$ \frac{\partial L}{\partial h_t} = W_{hy}^\top \frac{\partial L}{\partial z_t}
   + W_{hh}^\top \frac{\partial L}{\partial a_{t+1}}, \qquad
   \frac{\partial L}{\partial a_t} = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2) $$

($\tanh' (a) = 1 - \tanh^2 a = 1 - h^2$: the derivative written with the output.) Each step's
$\partial L / \partial a_t$ then adds its share to the shared weights: $\partial W_{hh} \mathrel{+}=
\delta a_t\, h_{t-1}^\top$, $\partial W_{xh}[x_t] \mathrel{+}= \delta a_t$, $\partial b_h \mathrel{+}=
\delta a_t$ — summed over steps and streams, which is again one matrix product.

**Truncation.** The text is 410,000 characters long; we cannot backpropagate through all of it.
We cut it into chunks of $T$ steps. The forward pass *carries* the hidden state across the cut
(the chunk starts from where the previous one ended: `rnn_carry_state`), but the backward pass
stops at the chunk's start: nothing flows in from after the chunk, and the gradient that would
flow into the previous chunk, $\partial L / \partial h_0$, is computed (`dh0`, the gradient checks
use it) and thrown away.
*/
#include "week10.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: allocation and the parameter layout ---- */

void rnn_init(rnn *m, int V, int H, int B, int T, wb_rng *rng) {
    WB_CHECK(V >= 1 && H >= 1 && B >= 1 && T >= 1, "V %d, H %d, B %d, T %d", V, H, B, T);
    *m = (rnn){.V = V, .H = H, .B = B, .T = T};
    size_t VH = (size_t)V * H, HH = (size_t)H * H, BH = (size_t)B * H;
    m->n_params = VH + HH + H + VH + V;
    m->params = wb_calloc(m->n_params, sizeof(float));
    m->grads = wb_calloc(m->n_params, sizeof(float));
    float *p = m->params, *g = m->grads;
    m->W_xh = p, m->dW_xh = g, p += VH, g += VH;
    m->W_hh = p, m->dW_hh = g, p += HH, g += HH;
    m->b_h = p, m->db_h = g, p += H, g += H;
    m->W_hy = p, m->dW_hy = g, p += VH, g += VH;
    m->b_y = p, m->db_y = g;
    /* N(0, 1/fan_in) keeps a_t of order 1 (W_xh's fan-in is one active input of V nominal ones);
       W_hy starts 10x smaller so the first predictions are near uniform: loss ~ ln V. */
    wb_rng_fill_normal(rng, m->W_xh, (long)VH, 1.0f / sqrtf((float)V));
    wb_rng_fill_normal(rng, m->W_hh, (long)HH, 1.0f / sqrtf((float)H));
    wb_rng_fill_normal(rng, m->W_hy, (long)VH, 0.1f / sqrtf((float)H));
    m->state = wb_calloc(BH, sizeof(float));
    m->h = wb_calloc((size_t)(T + 1) * BH, sizeof(float));
    m->logits = wb_calloc((size_t)T * B * V, sizeof(float));
    m->dlogits = wb_calloc((size_t)T * B * V, sizeof(float));
    m->dhs = wb_calloc((size_t)T * BH, sizeof(float));
    m->dh0 = wb_calloc(BH, sizeof(float));
}

void rnn_free(rnn *m) {
    free(m->params), free(m->grads), free(m->state), free(m->h);
    free(m->logits), free(m->dlogits), free(m->dhs), free(m->dh0);
    memset(m, 0, sizeof *m);
}

void rnn_zero_grad(rnn *m) { memset(m->grads, 0, m->n_params * sizeof(float)); }
void rnn_reset_state(rnn *m) { memset(m->state, 0, (size_t)m->B * m->H * sizeof(float)); }

void rnn_grad_tensors(const rnn *m, float *g[RNN_TENSORS], size_t len[RNN_TENSORS]) {
    size_t VH = (size_t)m->V * m->H;
    float *p[RNN_TENSORS] = {m->dW_xh, m->dW_hh, m->db_h, m->dW_hy, m->db_y};
    size_t n[RNN_TENSORS] = {VH, (size_t)m->H * m->H, (size_t)m->H, VH, (size_t)m->V};
    for (int k = 0; k < RNN_TENSORS; k++) g[k] = p[k], len[k] = n[k];
}

/* ---- what you write ---- */

float rnn_forward(rnn *m, const int *x, const int *y, int T) {
    WB_CHECK(T >= 1 && T <= m->T, "chunk of %d steps (the model was made for 1..%d)", T, m->T);
    const int B = m->B, H = m->H, V = m->V;
    const size_t BH = (size_t)B * H;
    for (int i = 0; i < T * B; i++) WB_CHECK(x[i] >= 0 && x[i] < V, "x[%d] = %d outside 0..%d", i, x[i], V - 1);
    memcpy(m->h, m->state, BH * sizeof(float)); /* h[0]: where the previous chunk left off */
    m->t_last = T;
    // For t = 0..T-1: a (B,H) = row x_t of W_xh + b_h + h[t] W_hh^T, then h[t+1] = tanh(a).
    // BEGIN SOLUTION: the recurrence, step by step: each new state from the input's row and the last state
    for (int t = 0; t < T; t++) {
    // MUTANT forward_over_model_T: for (int t = 0; t < m->T; t++) {
        const float *hp = m->h + t * BH; /* h_{t-1} (B,H) */
        float *ht = m->h + (t + 1) * BH; /* h_t (B,H) */
        for (int b = 0; b < B; b++) {
            const float *e = m->W_xh + (size_t)x[t * B + b] * H; /* W_xh x_t: a row, (H) */
            for (int j = 0; j < H; j++) ht[b * H + j] = e[j] + m->b_h[j];
        }
        // a += h_{t-1} W_hh^T : (B,H) x (H,H)^T
        wb_sgemm(0, 1, B, H, H, 1.0f, hp, H, m->W_hh, H, 1.0f, ht, H);
        // MUTANT whh_untransposed: wb_sgemm(0, 0, B, H, H, 1.0f, hp, H, m->W_hh, H, 1.0f, ht, H);
        for (size_t i = 0; i < BH; i++) ht[i] = tanhf(ht[i]);
    }
    // END SOLUTION
    // BEGIN SOLUTION: logits (T*B,V) = h[1..T] W_hy^T + b_y, all steps in one product
    for (int r = 0; r < T * B; r++) memcpy(m->logits + (size_t)r * V, m->b_y, V * sizeof(float));
    wb_sgemm(0, 1, T * B, V, H, 1.0f, m->h + BH, H, m->W_hy, H, 1.0f, m->logits, V);
    // END SOLUTION
    if (!y) return 0.0f;
    // BEGIN SOLUTION: the mean cross-entropy of the T*B targets, and its gradient into dlogits (week 05)
    return softmax_xent(m->logits, y, T * B, V, m->dlogits);
    // MUTANT xent_over_model_T: return softmax_xent(m->logits, y, m->T * B, V, m->dlogits);
    // END SOLUTION
    // STUB: return 0.0f;
}

/* The output layer's backward for all steps at once: dW_hy, db_y, and dL/dh_t from z_t into dhs. */
static void output_backward(rnn *m, int T) {
    const int B = m->B, H = m->H, V = m->V;
    // DW_hy += dlogits^T h[1..T]; db_y += the column sums of dlogits; dhs = dlogits W_hy.
    // BEGIN SOLUTION: add the output layer's gradients for all steps, and write dL/dh of every step into dhs
    wb_sgemm(1, 0, V, H, T * B, 1.0f, m->dlogits, V, m->h + (size_t)B * H, H, 1.0f, m->dW_hy, H);
    for (int r = 0; r < T * B; r++)
        for (int v = 0; v < V; v++) m->db_y[v] += m->dlogits[(size_t)r * V + v];
    wb_sgemm(0, 0, T * B, H, V, 1.0f, m->dlogits, V, m->W_hy, H, 0.0f, m->dhs, H);
    // END SOLUTION
    // STUB: (void)B, (void)H, (void)V;
}

void rnn_backward(rnn *m, const int *x) {
    const int B = m->B, H = m->H, T = m->t_last;
    const size_t BH = (size_t)B * H;
    WB_CHECK(T >= 1, "rnn_backward before rnn_forward");
    output_backward(m, T);
    float *dh_next = m->dh0; /* (B,H) dL/dh_t arriving from step t+1 */
    // BEGIN SOLUTION: dh_next = 0; t = T-1..0: da_t = (dhs[t] + dh_next) tanh'(a_t); dh_next = da_t W_hh
    memset(dh_next, 0, BH * sizeof(float));
    // MUTANT carry_dh_across_chunks: (void)dh_next;
    for (int t = T - 1; t >= 0; t--) {
        const float *ht = m->h + (t + 1) * BH;
        float *da = m->dhs + t * BH;
        for (size_t i = 0; i < BH; i++) {
            float dh = da[i] + dh_next[i]; /* from z_t, and from h_{t+1} */
            // MUTANT no_dh_from_next_step: float dh = da[i];
            da[i] = dh * (1.0f - ht[i] * ht[i]); /* tanh'(a) = 1 - h^2 */
            // MUTANT tanh_grad_of_h: da[i] = dh * (1.0f - tanhf(ht[i]) * tanhf(ht[i]));
        }
        // dL/dh_{t-1} = da_t W_hh : (B,H) x (H,H)
        wb_sgemm(0, 0, B, H, H, 1.0f, da, H, m->W_hh, H, 0.0f, dh_next, H);
    }
    // END SOLUTION
    // STUB: (void)dh_next, (void)BH;
    // All steps at once: dW_hh += da^T h[0..T-1]; db_h, row x_t of dW_xh += da_t.
    // BEGIN SOLUTION: add the recurrent, bias and input-row gradients of all steps at once (see above)
    wb_sgemm(1, 0, H, H, T * B, 1.0f, m->dhs, H, m->h, H, 1.0f, m->dW_hh, H);
    for (int r = 0; r < T * B; r++) {
        const float *da = m->dhs + (size_t)r * H;
        float *e = m->dW_xh + (size_t)x[r] * H;
        for (int j = 0; j < H; j++) e[j] += da[j], m->db_h[j] += da[j];
    }
    // END SOLUTION
}

void rnn_carry_state(rnn *m) {
    // BEGIN SOLUTION: the next chunk starts where this one ended: state = h[t_last]
    const size_t BH = (size_t)m->B * m->H;
    memcpy(m->state, m->h + m->t_last * BH, BH * sizeof(float));
    // MUTANT carry_uses_model_t: memcpy(m->state, m->h + m->T * BH, BH * sizeof(float));
    // MUTANT reset_between_chunks: memset(m->state, 0, BH * sizeof(float));
    // END SOLUTION
}
