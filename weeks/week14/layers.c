/**
# The pieces of a transformer block

A GPT (Radford et al. 2018, 2019) reads $T$ characters and predicts, at every position, the next
one. Week 10's RNN squeezed the past into one state vector; a transformer instead lets every
position *look back* at all the earlier ones (attention, next file). Around attention sit a few
simple layers, each written here as a forward/backward pair, as in Karpathy's llm.c.

## Embeddings: what and where

Character $x_t$ becomes a vector of $C$ numbers, row $x_t$ of the token embedding `wte (V,C)`.
Attention by itself does not know the order of its inputs (permute them and the outputs permute
the same way), so we add a **learned position embedding**, row $t$ of `wpe (maxT,C)`:

$$ e_{b,t} = \mathrm{wte}[x_{b,t}] + \mathrm{wpe}[t] $$

The backward pass adds each position's gradient into the two rows it read — the same token row
gets contributions from every place that token occurs.

## Layer norm

Ba, Kiros & Hinton (2016): normalise each *row* (one position's $C$ channels), not each channel
over the batch as week 07's batch norm did, so it behaves the same for one sequence or sixty:

$$ \mu = \frac{1}{C}\sum_i x_i, \quad \sigma^2 = \frac{1}{C}\sum_i (x_i-\mu)^2, \quad
   \hat x_i = (x_i - \mu)\,r, \quad r = \frac{1}{\sqrt{\sigma^2 + \epsilon}}, \quad
   y_i = w_i \hat x_i + b_i $$

Backward, with $g_i = w_i\,\partial L/\partial y_i$: $\mu$ and $r$ depend on every $x_i$ of the
row, so the gradient has three parts — the direct one, one through the mean, one through the
variance:

$$ \frac{\partial L}{\partial x_i} = r \left( g_i - \frac{1}{C}\sum_j g_j
   - \hat x_i \frac{1}{C}\sum_j g_j \hat x_j \right) $$

Dropping either sum is the classic mistake; a finite-difference check finds it at once.

## GELU

The MLP of a block uses GPT-2's GELU (Hendrycks & Gimpel 2016) in its tanh form,
$\mathrm{GELU}(x) = \tfrac12 x (1 + \tanh u)$ with $u = \sqrt{2/\pi}\,(x + 0.044715 x^3)$, so

$$ \mathrm{GELU}'(x) = \tfrac12 (1 + \tanh u) + \tfrac12 x\,(1 - \tanh^2 u)\,
   \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\, x^2) $$

**Speed.** The MLP's GELU runs on $4C$ numbers per position, forward and backward: in a first
version, glibc's `tanhf` took 38% of a whole training step. Since $\tfrac12(1 + \tanh u) =
\sigma(2u) = 1/(1 + e^{-2u})$, GELU is $x\,\sigma(2u)$ and $\tfrac12(1 - \tanh^2 u) =
2\sigma(1-\sigma)$: one `expf` instead of a `tanhf`, the same function to float precision, and
stable at both ends (no $1 + \tanh u$ cancelling to nothing for very negative $x$). Even so,
`expf` one number at a time was a quarter of the step; the harness's `wb_simd_gelu_gate` computes
$\sigma(2u)$ of a whole array with the vector unit ($2u$ and the sigmoid in registers, like
week 11's `wb_simd_sigmoid`), so GELU works in chunks of 1,024 numbers: the gate for the chunk,
then the products.

## Given: the linear layer and the residual sum

`matmul_forward` is $y = x W^\top + b$ for $N$ rows at once (`wb_sgemm`); its backward is the
three products of week 05. A residual connection $y = a + f(a)$ copies its gradient into both
branches: that unbroken path from the loss to the embeddings is why deep stacks train.
*/
#include "week14.h"
#include "notwritten.h"

#include "simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void encoder_forward(float *out, const int *inp, const float *wte, const float *wpe, int B, int T,
                     int C) {
    // TODO: each position's vector: its token's row of wte plus its position's row of wpe
    wb_not_written(__func__);
    (void)out, (void)inp, (void)wte, (void)wpe, (void)B, (void)T, (void)C;
}

void encoder_backward(float *dwte, float *dwpe, const float *dout, const int *inp, int B, int T,
                      int C) {
    // TODO: add dout[b,t,:] into row inp[b,t] of dwte and row t of dwpe
    wb_not_written(__func__);
    (void)dwte, (void)dwpe, (void)dout, (void)inp, (void)B, (void)T, (void)C;
}

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w,
                       const float *b, int N, int C) {
    // TODO: each row less its mean, over sqrt(biased variance + eps), scaled by w, shifted by b
    wb_not_written(__func__);
    (void)out, (void)mean, (void)rstd, (void)inp, (void)w, (void)b, (void)N, (void)C;
}

void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
                        const float *w, const float *mean, const float *rstd, int N, int C) {
    // TODO: per row: g = w dout, the row means of g and of g xhat; dw, db; dx (three terms)
    wb_not_written(__func__);
    (void)dinp, (void)dw, (void)db, (void)dout, (void)inp, (void)w, (void)mean, (void)rstd;
    (void)N, (void)C;
}

#define GELU_K 0.7978845608f /* sqrt(2/pi) */

/* Given: GELU's gate sigmoid(2u) = (1 + tanh u)/2 of x[0..n-1] (n <= GELU_CHUNK) into s */
#define GELU_CHUNK 1024
static void gelu_sigmoid(const float *x, int n, float *s) { wb_simd_gelu_gate(x, s, n); }

void gelu_forward(float *out, const float *inp, int n) {
    // TODO: out = x/2 (1 + tanh u), computed as x sigmoid(2u) (see above), by chunks
    wb_not_written(__func__);
    (void)out, (void)inp, (void)n, (void)gelu_sigmoid;
}

void gelu_backward(float *dinp, const float *inp, const float *dout, int n) {
    // TODO: add dout times GELU's derivative, both parts: (1 + tanh u)/2 and x tanh'(u) du/dx
    wb_not_written(__func__);
    (void)dinp, (void)inp, (void)dout, (void)n;
}

/* ---- given ---- */

void matmul_forward(float *out, const float *inp, const float *w, const float *bias, int N, int C,
                    int OC) {
    // out (N,OC) = inp (N,C) x w (OC,C)^T, then + bias on every row
    wb_sgemm(0, 1, N, OC, C, 1.0f, inp, C, w, C, 0.0f, out, OC);
    if (bias) wb_simd_bias_act(out, bias, N, OC, WB_ACT_NONE);
}

void matmul_backward(float *dinp, float *dw, float *dbias, const float *dout, const float *inp,
                     const float *w, int N, int C, int OC) {
    // dinp (N,C) += dout (N,OC) x w (OC,C);  dw (OC,C) += dout^T (OC,N) x inp (N,C)
    wb_sgemm(0, 0, N, C, OC, 1.0f, dout, OC, w, C, 1.0f, dinp, C);
    wb_sgemm(1, 0, OC, C, N, 1.0f, dout, OC, inp, C, 1.0f, dw, C);
    if (dbias)  // dbias (OC) += the sum of dout's rows
        for (int n = 0; n < N; n++) wb_simd_axpy(1.0f, dout + (size_t)n * OC, dbias, OC);
}

void residual_forward(float *out, const float *a, const float *b, int n) {
    wb_simd_add(a, b, out, n); /* out = a + b */
}

void residual_backward(float *da, float *db, const float *dout, int n) {
    wb_simd_axpy(1.0f, dout, da, n), wb_simd_axpy(1.0f, dout, db, n); /* both += dout */
}
