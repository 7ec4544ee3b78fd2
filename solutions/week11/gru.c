/**
# The GRU: fewer gates, the same idea

Cho et al. (2014) proposed a simpler gated unit, the **gated recurrent unit**: no separate cell
state, two gates, and the new state an interpolation between the old one and a candidate. In the
form PyTorch and cuDNN use (the reset gate applied after $W_h$'s product, so that the recurrent
part of all three blocks is still *one* product $h_{t-1} W_h^\top$):

$$ \begin{aligned}
a^x_t &= W_x x_t + b_x, \qquad a^h_t = W_h h_{t-1} + b_h && (3H: \text{blocks } r, z, n)\\
r_t &= \sigma(a^{x,r}_t + a^{h,r}_t), \qquad z_t = \sigma(a^{x,z}_t + a^{h,z}_t)\\
n_t &= \tanh(a^{x,n}_t + r_t \odot a^{h,n}_t)\\
h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}
\end{aligned} $$

The update gate $z$ plays the LSTM's $f$ and $1 - z$ its $i$, tied together; the reset gate $r$
decides how much of the old state the candidate $n$ may look at. From $h_t$ back to $h_{t-1}$ the
direct path multiplies the gradient by $z_t$ alone — the GRU's additive path.

## Backwards

With $\delta h_t$ the gradient at $h_t$ (output and step $t+1$):

$$ \begin{aligned}
\delta n &= \delta h_t \odot (1 - z_t), \qquad \delta z = \delta h_t \odot (h_{t-1} - n_t),
   \qquad \delta a^n = \delta n \odot (1 - n_t^2)\\
\delta a^{x,n} &= \delta a^n, \qquad \delta a^{h,n} = \delta a^n \odot r_t, \qquad
   \delta r = \delta a^n \odot a^{h,n}_t\\
\delta a^{x,r} &= \delta a^{h,r} = \delta r \odot r_t (1 - r_t), \qquad
\delta a^{x,z} = \delta a^{h,z} = \delta z \odot z_t (1 - z_t)\\
\delta h_{t-1} &= \delta h_t \odot z_t + \delta a^h_t\, W_h
\end{aligned} $$

So the layer keeps $a^h_t$ (`ah`) from the forward pass: $\delta r$ needs its $n$ block.
The recurrent and the input parts have different gradients in the $n$ block (the factor $r_t$),
so the layer has two gradient buffers, `dgx` and `dgh`.

If $z$ is pinned at 0 and $r$ at 1 the GRU *is* week 10's RNN,
$h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$; pinned at $z = 1$ it copies its state forever. Training
puts it in between, unit by unit.
*/
#include "week11.h"

#include "simd.h"

#include <math.h>
#include <string.h>

void gru_cell_forward(const float *ax, const float *ah, const float *h_prev, int B, int H, float *g,
                      float *h) {
    // BEGIN SOLUTION: per stream: r, z from their blocks' sums; n with r times ah's n block; h
    /* g may be ax (the layer computes in place); harness simd.h does the sigmoid and tanh of a
       whole block at the vector unit's speed. */
    for (int b = 0; b < B; b++) {
        const float *x3 = ax + (size_t)b * 3 * H, *h3 = ah + (size_t)b * 3 * H;
        float *g3 = g + (size_t)b * 3 * H;
        for (int q = 0; q < 2 * H; q++) g3[q] = x3[q] + h3[q]; /* blocks r, z (GRU_R, GRU_Z = 0, 1) */
        wb_simd_sigmoid(g3, g3, 2 * H);
        const float *r = g3 + GRU_R * H, *z = g3 + GRU_Z * H;
        float *n = g3 + GRU_N * H;
        for (int j = 0; j < H; j++) n[j] = x3[GRU_N * H + j] + r[j] * h3[GRU_N * H + j];
        wb_simd_tanh(n, n, H);
        for (int j = 0; j < H; j++) h[(size_t)b * H + j] = (1.0f - z[j]) * n[j] + z[j] * h_prev[(size_t)b * H + j];
    }
    // END SOLUTION
    // STUB: (void)ax, (void)ah, (void)h_prev, (void)B, (void)H, (void)g, (void)h;
}

void gru_cell_backward(const float *g, const float *ah, const float *h_prev, const float *dh, int B,
                       int H, float *dax, float *dah, float *dh_prev) {
    // BEGIN SOLUTION: the notes' equations: dn, dz, da^n, dr; the blocks of dax and dah; z dh
    for (int b = 0; b < B; b++) {
        const float *g3 = g + (size_t)b * 3 * H, *h3 = ah + (size_t)b * 3 * H;
        float *dx3 = dax + (size_t)b * 3 * H, *dh3 = dah + (size_t)b * 3 * H;
        for (int j = 0; j < H; j++) {
            size_t k = (size_t)b * H + j;
            float r = g3[GRU_R * H + j], z = g3[GRU_Z * H + j], n = g3[GRU_N * H + j];
            float dan = dh[k] * (1.0f - z) * (1.0f - n * n);
            float daz = dh[k] * (h_prev[k] - n) * z * (1.0f - z);
            // MUTANT update_grad_sign: float daz = dh[k] * (n - h_prev[k]) * z * (1.0f - z);
            float dar = dan * h3[GRU_N * H + j] * r * (1.0f - r);
            dx3[GRU_R * H + j] = dh3[GRU_R * H + j] = dar;
            dx3[GRU_Z * H + j] = dh3[GRU_Z * H + j] = daz;
            dx3[GRU_N * H + j] = dan;
            dh3[GRU_N * H + j] = dan * r; /* the reset gate scales ah's n block */
            // MUTANT reset_not_in_dah: dh3[GRU_N * H + j] = dan;
            dh_prev[k] = dh[k] * z;
        }
    }
    // END SOLUTION
    // STUB: (void)g, (void)ah, (void)h_prev, (void)dh, (void)B, (void)H;
    // STUB: (void)dax, (void)dah, (void)dh_prev;
}

void gru_layer_forward(rec_layer *l, int T) {
    WB_CHECK(l->cell == CELL_GRU && T >= 1 && T <= l->T, "a GRU chunk of %d steps (1..%d)", T,
             l->T);
    const int B = l->B, H = l->H, G = 3 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    l->t_last = T;
    // BEGIN SOLUTION: gates = b_x + x W_x^T, all steps (rec_input_forward); per step ah_t, the cell
    for (int r = 0; r < T * B; r++) memcpy(l->gates + (size_t)r * G, l->b_x, G * sizeof(float));
    rec_input_forward(l, T, l->gates);
    for (int t = 0; t < T; t++) {
        float *g = l->gates + t * BG, *ah = l->ah + t * BG;
        for (int b = 0; b < B; b++) memcpy(ah + (size_t)b * G, l->b_h, G * sizeof(float));
        wb_sgemm(0, 1, B, G, H, 1.0f, l->h + t * BH, H, l->W_h, H, 1.0f, ah, G);
        gru_cell_forward(g, ah, l->h + t * BH, B, H, g, l->h + (t + 1) * BH);
    }
    // END SOLUTION
    // STUB: (void)BH, (void)BG;
}

void gru_layer_backward(rec_layer *l) {
    const int T = l->t_last, B = l->B, H = l->H, G = 3 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    WB_CHECK(l->cell == CELL_GRU && T >= 1, "gru_layer_backward before gru_layer_forward");
    // BEGIN SOLUTION: last step first: add the next step's dh, the cell's backward, then dh through W_h
    memset(l->dh0, 0, BH * sizeof(float));
    // MUTANT gru_dh0_not_reset: (void)0;
    for (int t = T - 1; t >= 0; t--) { /* T = t_last: this chunk, maybe < l->T */
    // MUTANT gru_backward_over_buffer_T: for (int t = l->T - 1; t >= 0; t--) {
        float *dht = l->dh + t * BH, *dgx = l->dgx + t * BG, *dgh = l->dgh + t * BG;
        for (size_t k = 0; k < BH; k++) dht[k] += l->dh0[k];
        // MUTANT gru_dh_from_next_step_only: for (size_t k = 0; k < BH; k++) dht[k] = l->dh0[k];
        gru_cell_backward(l->gates + t * BG, l->ah + t * BG, l->h + t * BH, dht, B, H, dgx, dgh, l->dh0);
        wb_sgemm(0, 0, B, H, G, 1.0f, dgh, G, l->W_h, H, 1.0f, l->dh0, H);
        // MUTANT recurrent_grad_overwrites_direct: wb_sgemm(0, 0, B, H, G, 1.0f, dgh, G, l->W_h, H, 0.0f, l->dh0, H);
    }
    // END SOLUTION
    // STUB: (void)BH, (void)BG;
    rec_weight_grads(l, T, l->dgh);
}
