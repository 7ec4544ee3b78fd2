/**
# The LSTM: a memory cell with gates

Week 10's RNN multiplies its state by $W_{hh}$ and squashes it through $\tanh$ at every step.
Backwards, the gradient reaching $k$ steps into the past is a product of $k$ Jacobians
$W_{hh}^\top \mathrm{diag}(1 - h^2)$: it shrinks (or explodes) geometrically with $k$, so the
network can hardly learn what depends on a character 20 steps back (Bengio, Simard & Frasconi
1994). Hochreiter & Schmidhuber's **long short-term memory** (1997) adds a *cell state* $c_t$
that is updated by addition, and three gates that decide what is written, kept and shown
(Olah, "Understanding LSTM Networks", 2015, has the pictures). With $\sigma$ the logistic
function and $[\,x_t, h_{t-1}]$ the layer's input next to its previous output:

$$ \begin{aligned}
a_t &= W_x x_t + W_h h_{t-1} + b_x + b_h && (4H: \text{blocks } i, f, o, g)\\
i_t &= \sigma(a^i_t), \; f_t = \sigma(a^f_t), \; o_t = \sigma(a^o_t), \; g_t = \tanh(a^g_t)\\
c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\
h_t &= o_t \odot \tanh(c_t)
\end{aligned} $$

$i$ (input gate) says how much of the candidate $g$ is written, $f$ (forget gate) how much of the
old cell is kept, $o$ (output gate) how much of the cell is shown as $h$.

## All four gates in one product

The four pre-activations are four matrix products with the same inputs. Stack the four weight
matrices into one $(4H, D)$ matrix $W_x$ and one $(4H, H)$ matrix $W_h$: then one `wb_sgemm`
computes all four gates of all $B$ streams. Better still, the input part $x_t W_x^\top$ does not
depend on the recurrence, so **one** product computes it for all $T$ steps at once — a $(TB, D)
\times (D, 4H)$ product — and only $h_{t-1} W_h^\top$, $(B,H) \times (H, 4H)$, is left inside the
loop over time (this is what cuDNN and PyTorch's `nn.LSTM` do too). `rec_input_forward` (given)
does it; for the first layer, whose input is one-hot, it is a lookup instead: row $r$ of
$x W_x^\top$ is then just column $x_r$ of $W_x$, and adding that column costs $D = V$ times less
than the product, whose other $D - 1$ terms are zeros. The gate blocks are in the
order `LSTM_I, LSTM_F, LSTM_O, LSTM_G` along the $4H$ axis; forward and backward must agree on it.

## The additive path, backwards

With $\delta h_t = \partial L / \partial h_t$ (from the output above and from step $t+1$) and
$\delta c_t$ arriving from step $t+1$, the chain rule through the two equations gives

$$ \begin{aligned}
\bar\delta c_t &= \delta c_t + \delta h_t \odot o_t \odot (1 - \tanh^2 c_t)\\
\delta a^o_t &= \delta h_t \odot \tanh(c_t) \odot o_t (1 - o_t), \qquad
\delta a^i_t = \bar\delta c_t \odot g_t \odot i_t (1 - i_t)\\
\delta a^f_t &= \bar\delta c_t \odot c_{t-1} \odot f_t (1 - f_t), \qquad
\delta a^g_t = \bar\delta c_t \odot i_t \odot (1 - g_t^2)\\
\delta c_{t-1} &= \bar\delta c_t \odot f_t
\end{aligned} $$

The last line is the point of the design: from one cell state to the previous one the gradient is
multiplied by $f_t$ alone — no weight matrix, no squashing derivative. When the network keeps its
forget gates near 1, the error flows back many steps almost unchanged (Hochreiter & Schmidhuber's
"constant error carousel"). Note $\delta a^f$ uses $c_{t-1}$, the cell *before* the step, because
$f_t$ multiplies the old cell, and the sigmoid's derivative is written with its output,
$\sigma' = \sigma(1-\sigma)$.

## The forget gate's bias

With all biases 0 an untrained cell has $f \approx \sigma(0) = 0.5$: it halves its memory every
step, and gradients through $c$ shrink like $2^{-k}$ — no better than the RNN at the start of
training. Gers, Schmidhuber & Cummins (2000) and Jozefowicz, Zaremba & Sutskever (2015) initialise
the forget gate's bias to 1 ($f \approx 0.73$), so that the cell starts by remembering; we do too
(`seqlm_init`).
*/
#include "week11.h"

#include "simd.h"

#include <math.h>
#include <string.h>

/* ---- given: the input part, as a product or as a lookup ---- */

/* dst (cols,rows) = src^T (add: +=), in 32 x 32 blocks so that both sides stay in the cache:
   a plain loop writes one of them with a stride of a whole row (4 KB for G = 1024). */
static void transpose(const float *src, int rows, int cols, float *dst, int add) {
    for (int i0 = 0; i0 < rows; i0 += 32)
        for (int j0 = 0; j0 < cols; j0 += 32)
            for (int i = i0; i < i0 + 32 && i < rows; i++)
                for (int j = j0; j < j0 + 32 && j < cols; j++) {
                    float *d = dst + (size_t)j * rows + i, v = src[(size_t)i * cols + j];
                    *d = add ? *d + v : v;
                }
}

/* a (T,B,G) += x W_x^T for all T steps. With a one-hot x (l->ids: the first layer reads
   characters) row r of x W_x^T is column ids[r] of W_x exactly (the product adds D-1 zeros to
   it), so a copy of W_x^T (D,G) turns the (TB,D) x (D,G) product into TB row additions: D times
   fewer operations, the same numbers. */
void rec_input_forward(rec_layer *l, int T, float *a) {
    const int D = l->D, G = l->cell * l->H, TB = T * l->B;
    if (!l->ids) {
        wb_sgemm(0, 1, TB, G, D, 1.0f, l->x, D, l->W_x, D, 1.0f, a, G);
        return;
    }
    transpose(l->W_x, G, D, l->wxt, 0);
    for (int r = 0; r < TB; r++) {
        const float *w = l->wxt + (size_t)l->ids[r] * G; /* (G) */
        float *ar = a + (size_t)r * G;
        for (int q = 0; q < G; q++) ar[q] += w[q];
    }
}

/* dW_x (G,D) += dgx^T x. One-hot: column ids[r] of dW_x gets row r of dgx, summed in W_x^T's
   layout (rows of G, contiguous) and added in transposed once. */
void rec_input_weight_grad(rec_layer *l, int T) {
    const int D = l->D, G = l->cell * l->H, TB = T * l->B;
    if (!l->ids) {
        wb_sgemm(1, 0, G, D, TB, 1.0f, l->dgx, G, l->x, D, 1.0f, l->dW_x, D);
        return;
    }
    memset(l->wxt, 0, (size_t)D * G * sizeof(float));
    for (int r = 0; r < TB; r++) {
        const float *dg = l->dgx + (size_t)r * G; /* (G) */
        float *w = l->wxt + (size_t)l->ids[r] * G;
        for (int q = 0; q < G; q++) w[q] += dg[q];
    }
    transpose(l->wxt, D, G, l->dW_x, 1);
}

/* ---- what you write ---- */

void lstm_cell_forward(float *g, const float *c_prev, int B, int H, float *c, float *h) {
    // BEGIN SOLUTION: per stream: the gates from their blocks of g (in place); c; h = o tanh(c)
    /* wb_simd_sigmoid and wb_simd_tanh (harness simd.h) are expf/tanhf for a whole array at the
       vector unit's speed: these calls are most of the cell's time. The blocks i, f, o are
       contiguous (LSTM_I..LSTM_O = 0..2), so one sigmoid call covers all three. */
    for (int b = 0; b < B; b++) {
        float *gb = g + (size_t)b * 4 * H;
        wb_simd_sigmoid(gb, gb, 3 * H);
        wb_simd_tanh(gb + LSTM_G * H, gb + LSTM_G * H, H);
        const float *i = gb + LSTM_I * H, *f = gb + LSTM_F * H, *gg = gb + LSTM_G * H;
        float *cb = c + (size_t)b * H;
        const float *cp = c_prev + (size_t)b * H;
        for (int j = 0; j < H; j++) cb[j] = f[j] * cp[j] + i[j] * gg[j]; /* the additive path */
    }
    wb_simd_tanh(c, h, (long)B * H);
    // MUTANT output_without_tanh: memcpy(h, c, (size_t)B * H * sizeof(float));
    for (int b = 0; b < B; b++) {
        const float *o = g + (size_t)b * 4 * H + LSTM_O * H;
        for (int j = 0; j < H; j++) h[(size_t)b * H + j] *= o[j];
    }
    // END SOLUTION
    // STUB: (void)g, (void)c_prev, (void)B, (void)H, (void)c, (void)h;
}

void lstm_cell_backward(const float *g, const float *c_prev, const float *c, const float *dh,
                        float *dc, int B, int H, float *da) {
    // BEGIN SOLUTION: the equations of the notes, per element: dc-bar, the four da blocks, dc_{t-1}
    for (int b = 0; b < B; b++) {
        const float *gb = g + (size_t)b * 4 * H;
        float *di = da + (size_t)b * 4 * H + LSTM_I * H, *df = di + (LSTM_F - LSTM_I) * H;
        float *dout = di + (LSTM_O - LSTM_I) * H, *dcand = di + (LSTM_G - LSTM_I) * H;
        wb_simd_tanh(c + (size_t)b * H, dout, H); /* tanh(c_t), kept in the o block until overwritten */
        for (int j = 0; j < H; j++) {
            size_t k = (size_t)b * H + j;
            float i = gb[LSTM_I * H + j], f = gb[LSTM_F * H + j], o = gb[LSTM_O * H + j];
            float gg = gb[LSTM_G * H + j], tc = dout[j];
            float dct = dc[k] + dh[k] * o * (1.0f - tc * tc); /* from c_{t+1} and from h_t */
            float dai = dct * gg * i * (1.0f - i), dag = dct * i * (1.0f - gg * gg);
            float daf = dct * c_prev[k] * f * (1.0f - f);
            // MUTANT forget_grad_new_c: float daf = dct * c[k] * f * (1.0f - f);
            float dao = dh[k] * tc * o * (1.0f - o);
            di[j] = dai, df[j] = daf, dout[j] = dao, dcand[j] = dag;
            // MUTANT gate_order_mixed: di[j] = dai, df[j] = daf, dout[j] = dag, dcand[j] = dao;
            dc[k] = dct * f; /* to c_{t-1}: times f alone */
            // MUTANT cell_grad_not_carried: dc[k] = 0.0f;
        }
    }
    // END SOLUTION
    // STUB: (void)g, (void)c_prev, (void)c, (void)dh, (void)dc, (void)B, (void)H, (void)da;
}

void lstm_layer_forward(rec_layer *l, int T) {
    WB_CHECK(l->cell == CELL_LSTM && T >= 1 && T <= l->T, "an LSTM chunk of %d steps (1..%d)", T,
             l->T);
    const int B = l->B, H = l->H, G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    l->t_last = T;
    // BEGIN SOLUTION: all steps' input part at once (rec_input_forward), per step the recurrent one, the cell
    for (int r = 0; r < T * B; r++)
        for (int q = 0; q < G; q++) l->gates[(size_t)r * G + q] = l->b_x[q] + l->b_h[q];
    rec_input_forward(l, T, l->gates);
    for (int t = 0; t < T; t++) {
        float *g = l->gates + t * BG;
        wb_sgemm(0, 1, B, G, H, 1.0f, l->h + t * BH, H, l->W_h, H, 1.0f, g, G);
        lstm_cell_forward(g, l->c + t * BH, B, H, l->c + (t + 1) * BH, l->h + (t + 1) * BH);
    }
    // END SOLUTION
    // STUB: (void)BH, (void)BG;
}

/* After the loop over time, the weights' gradients of all steps at once (LSTM and GRU). */
void rec_weight_grads(rec_layer *l, int T, const float *dgh) {
    const int H = l->H, D = l->D, G = l->cell * H, TB = T * l->B;
    // BEGIN SOLUTION: both weight gradients (W_x's: rec_input_weight_grad), the biases'; dx (if asked)
    rec_input_weight_grad(l, T);
    wb_sgemm(1, 0, G, H, TB, 1.0f, dgh, G, l->h, H, 1.0f, l->dW_h, H);
    // MUTANT dW_h_with_h_t: wb_sgemm(1, 0, G, H, TB, 1.0f, dgh, G, l->h + (size_t)l->B * H, H, 1.0f, l->dW_h, H);
    for (int r = 0; r < TB; r++)
        for (int q = 0; q < G; q++) l->db_x[q] += l->dgx[(size_t)r * G + q], l->db_h[q] += dgh[(size_t)r * G + q];
    if (l->dx) wb_sgemm(0, 0, TB, D, G, 1.0f, l->dgx, G, l->W_x, D, 0.0f, l->dx, D);
    // MUTANT dx_accumulates: if (l->dx) wb_sgemm(0, 0, TB, D, G, 1.0f, l->dgx, G, l->W_x, D, 1.0f, l->dx, D);
    // END SOLUTION
    // STUB: (void)D, (void)G, (void)TB, (void)dgh;
}

void lstm_layer_backward(rec_layer *l) {
    const int T = l->t_last, B = l->B, H = l->H, G = 4 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    WB_CHECK(l->cell == CELL_LSTM && T >= 1, "lstm_layer_backward before lstm_layer_forward");
    // BEGIN SOLUTION: last step first: add the next step's dh (and dc), the cell's backward, dh through W_h
    memset(l->dh0, 0, BH * sizeof(float));
    // MUTANT lstm_dh0_not_reset: (void)0;
    memset(l->dc0, 0, BH * sizeof(float));
    // MUTANT dc0_not_reset: (void)0;
    for (int t = T - 1; t >= 0; t--) { /* T = t_last: this chunk, maybe < l->T */
    // MUTANT lstm_backward_over_buffer_T: for (int t = l->T - 1; t >= 0; t--) {
        float *dht = l->dh + t * BH, *da = l->dgx + t * BG;
        for (size_t k = 0; k < BH; k++) dht[k] += l->dh0[k];
        // MUTANT lstm_dh_from_next_step_only: for (size_t k = 0; k < BH; k++) dht[k] = l->dh0[k];
        lstm_cell_backward(l->gates + t * BG, l->c + t * BH, l->c + (t + 1) * BH, dht, l->dc0, B, H, da);
        wb_sgemm(0, 0, B, H, G, 1.0f, da, G, l->W_h, H, 0.0f, l->dh0, H);
    }
    // END SOLUTION
    // STUB: (void)BH, (void)BG;
    rec_weight_grads(l, T, l->dgx); /* the recurrent part's gradient is the input part's */
}
