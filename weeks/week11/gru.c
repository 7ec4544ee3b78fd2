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
#include "notwritten.h"

#include "simd.h"

#include <math.h>
#include <string.h>

void gru_cell_forward(const float *ax, const float *ah, const float *h_prev, int B, int H, float *g,
                      float *h) {
    // TODO: per stream: r, z from their blocks' sums; n with r times ah's n block; h
    wb_not_written(__func__);
    (void)ax, (void)ah, (void)h_prev, (void)B, (void)H, (void)g, (void)h;
}

void gru_cell_backward(const float *g, const float *ah, const float *h_prev, const float *dh, int B,
                       int H, float *dax, float *dah, float *dh_prev) {
    // TODO: the notes' equations: dn, dz, da^n, dr; the blocks of dax and dah; z dh
    wb_not_written(__func__);
    (void)g, (void)ah, (void)h_prev, (void)dh, (void)B, (void)H;
    (void)dax, (void)dah, (void)dh_prev;
}

void gru_layer_forward(rec_layer *l, int T) {
    WB_CHECK(l->cell == CELL_GRU && T >= 1 && T <= l->T, "a GRU chunk of %d steps (1..%d)", T,
             l->T);
    const int B = l->B, H = l->H, G = 3 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    l->t_last = T;
    // TODO: gates = b_x + x W_x^T, all steps (rec_input_forward); per step ah_t, the cell
    wb_not_written(__func__);
    (void)BH, (void)BG;
}

void gru_layer_backward(rec_layer *l) {
    const int T = l->t_last, B = l->B, H = l->H, G = 3 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    WB_CHECK(l->cell == CELL_GRU && T >= 1, "gru_layer_backward before gru_layer_forward");
    // TODO: last step first: add the next step's dh, the cell's backward, then dh through W_h
    wb_not_written(__func__);
    (void)BH, (void)BG;
    rec_weight_grads(l, T, l->dgh);
}
