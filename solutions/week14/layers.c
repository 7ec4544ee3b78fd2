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

#include "simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void encoder_forward(float *out, const int *inp, const float *wte, const float *wpe, int B, int T,
                     int C) {
    // BEGIN SOLUTION: each position's vector: its token's row of wte plus its position's row of wpe
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            float *o = out + ((size_t)b * T + t) * C;
            const float *e = wte + (size_t)inp[b * T + t] * C;
            const float *p = wpe + (size_t)t * C;
            // MUTANT position_off_by_one: const float *p = wpe + (size_t)((t + 1) % T) * C;
            // MUTANT pos_row_by_flat_index: const float *p = wpe + (size_t)(b * T + t) * C;
            for (int i = 0; i < C; i++) o[i] = e[i] + p[i];
        }
    // END SOLUTION
    // STUB: (void)out, (void)inp, (void)wte, (void)wpe, (void)B, (void)T, (void)C;
}

void encoder_backward(float *dwte, float *dwpe, const float *dout, const int *inp, int B, int T,
                      int C) {
    // BEGIN SOLUTION: add dout[b,t,:] into row inp[b,t] of dwte and row t of dwpe
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float *d = dout + ((size_t)b * T + t) * C;
            float *e = dwte + (size_t)inp[b * T + t] * C, *p = dwpe + (size_t)t * C;
            for (int i = 0; i < C; i++) e[i] += d[i], p[i] += d[i];
        }
    // END SOLUTION
    // STUB: (void)dwte, (void)dwpe, (void)dout, (void)inp, (void)B, (void)T, (void)C;
}

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w,
                       const float *b, int N, int C) {
    // BEGIN SOLUTION: each row less its mean, over sqrt(biased variance + eps), scaled by w, shifted by b
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C;
        float *y = out + (size_t)n * C;
        float mu = wb_simd_sum(x, C) / C; /* the sums by the vector unit (wb_simd_sum/dot) */
        for (int i = 0; i < C; i++) y[i] = x[i] - mu;
        float var = wb_simd_dot(y, y, C) / C;
        // MUTANT ln_var_from_mean_of_squares: float var = wb_simd_dot(x, x, C) / C - mu * mu;
        float r = 1.0f / sqrtf(var + LN_EPS);
        for (int i = 0; i < C; i++) y[i] = y[i] * r * w[i] + b[i];
        mean[n] = mu, rstd[n] = r;
    }
    // END SOLUTION
    // STUB: (void)out, (void)mean, (void)rstd, (void)inp, (void)w, (void)b, (void)N, (void)C;
}

void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
                        const float *w, const float *mean, const float *rstd, int N, int C) {
    // BEGIN SOLUTION: per row: g = w dout, the row means of g and of g xhat; dw, db; dx (three terms)
    float *g = wb_malloc(2 * (size_t)C * sizeof *g), *xhat = g + C; /* one row's, reused */
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C, *dy = dout + (size_t)n * C;
        float *dx = dinp + (size_t)n * C;
        const float mu = mean[n], r = rstd[n];
        for (int i = 0; i < C; i++) xhat[i] = (x[i] - mu) * r, g[i] = w[i] * dy[i];
        float gmean = wb_simd_sum(g, C) / C, gxmean = wb_simd_dot(g, xhat, C) / C;
        /* two loops, not one: with six arrays in one loop GCC gives up vectorising it */
        for (int i = 0; i < C; i++) dw[i] += dy[i] * xhat[i], db[i] += dy[i];
        for (int i = 0; i < C; i++) {
            dx[i] += r * (g[i] - gmean - xhat[i] * gxmean);
            // MUTANT ln_backward_no_variance_term: dx[i] += r * (g[i] - gmean);
        }
    }
    free(g);
    // END SOLUTION
    // STUB: (void)dinp, (void)dw, (void)db, (void)dout, (void)inp, (void)w, (void)mean, (void)rstd;
    // STUB: (void)N, (void)C;
}

#define GELU_K 0.7978845608f /* sqrt(2/pi) */

/* Given: GELU's gate sigmoid(2u) = (1 + tanh u)/2 of x[0..n-1] (n <= GELU_CHUNK) into s */
#define GELU_CHUNK 1024
static void gelu_sigmoid(const float *x, int n, float *s) { wb_simd_gelu_gate(x, s, n); }

void gelu_forward(float *out, const float *inp, int n) {
    // BEGIN SOLUTION: out = x/2 (1 + tanh u), computed as x sigmoid(2u) (see above), by chunks
    float s[GELU_CHUNK];
    for (int i0 = 0; i0 < n; i0 += GELU_CHUNK) {
        int m = n - i0 < GELU_CHUNK ? n - i0 : GELU_CHUNK;
        // MUTANT gelu_fwd_whole_last_chunk: int m = GELU_CHUNK;
        gelu_sigmoid(inp + i0, m, s);
        // MUTANT gelu_fwd_chunk_offset: gelu_sigmoid(inp, m, s);
        for (int i = 0; i < m; i++) out[i0 + i] = inp[i0 + i] * s[i];
        // MUTANT gelu_fwd_out_index: for (int i = 0; i < m; i++) out[i0 + i] = inp[i] * s[i];
    }
    // END SOLUTION
    // STUB: (void)out, (void)inp, (void)n, (void)gelu_sigmoid;
}

void gelu_backward(float *dinp, const float *inp, const float *dout, int n) {
    // BEGIN SOLUTION: add dout times GELU's derivative, both parts: (1 + tanh u)/2 and x tanh'(u) du/dx
    float sig[GELU_CHUNK];
    for (int i0 = 0; i0 < n; i0 += GELU_CHUNK) {
        int m = n - i0 < GELU_CHUNK ? n - i0 : GELU_CHUNK;
        // MUTANT gelu_bwd_whole_last_chunk: int m = GELU_CHUNK;
        gelu_sigmoid(inp + i0, m, sig);
        // MUTANT gelu_bwd_chunk_offset: gelu_sigmoid(inp, m, sig);
        for (int k = 0; k < m; k++) {
            int i = i0 + k;
            float x = inp[i], s = sig[k]; /* s = (1 + tanh u) / 2 */
            // MUTANT gelu_bwd_index_k: float x = inp[k], s = sig[k];
            float du = GELU_K * (1.0f + 3.0f * 0.044715f * x * x);
            dinp[i] += dout[i] * (s + 2.0f * x * s * (1.0f - s) * du); /* (1 - tanh^2 u)/2 = 2s(1-s) */
            // MUTANT gelu_grad_outer_part_only: dinp[i] += dout[i] * s;
        }
    }
    // END SOLUTION
    // STUB: (void)dinp, (void)inp, (void)dout, (void)n;
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
