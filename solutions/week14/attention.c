/**
# Attention

Bahdanau, Cho & Bengio (2014) let a translation model, while writing each word, take a weighted
average of *all* the encoder's states, the weights computed from how well each state matches what
it is looking for. Vaswani et al. (2017) kept only that: a layer in which every position asks a
question (its **query** $q_t$), every position offers a description of itself (its **key** $k_j$)
and a message (its **value** $v_j$), and position $t$ receives the average of the values weighted
by how well the keys answer its query.

## Scaled dot-product attention, causal

All three are linear maps of the block's input: one product gives `qkv (B,T,3C)`. For a language
model position $t$ may only look at positions $j \le t$ — it must not see the character it is
predicting. So

$$ s_{tj} = \frac{q_t \cdot k_j}{\sqrt{d}}, \qquad
   a_{tj} = \begin{cases} \dfrac{e^{s_{tj}}}{\sum_{j' \le t} e^{s_{tj'}}} & j \le t \\
   0 & j > t \end{cases}, \qquad o_t = \sum_{j \le t} a_{tj}\, v_j $$

The **mask** goes *before* the softmax (the masked scores are $-\infty$, their weights exactly 0
and the rest still sum to 1). Zeroing weights *after* a softmax over all $T$ leaves rows that sum
to less than 1 — and the future has still decided how much weight the past gets.

**Why $1/\sqrt{d}$.** With $d$ channels of unit variance, $q \cdot k$ has variance $d$; at
$d = 32$ the scores are spread over $\pm 11$, the softmax is nearly one-hot and its gradient
nearly zero. Dividing by $\sqrt d$ brings them back to unit variance.

## Many heads

One softmax gives one average. With $NH$ heads, the $C$ channels are split into $NH$ groups of
$d = hs = C/NH$ (**split**: head $h$ uses channels $h\cdot hs \ldots h\cdot hs + hs - 1$ of $q$,
$k$ and $v$); each head attends on its own, and the outputs are put back side by side in the same
channels (**merge**), so that the projection after attention sees head $h$ where it expects it.

## Backward

Per head, with $\delta o_t$ the gradient of the output (shapes per sequence: $a$ is $(T,T)$):

$$ \delta v_j = \sum_t a_{tj}\,\delta o_t, \qquad \delta a_{tj} = \delta o_t \cdot v_j, \qquad
   \delta s_{tj} = a_{tj}\Big(\delta a_{tj} - \sum_{j'} a_{tj'}\,\delta a_{tj'}\Big) $$

(the softmax's Jacobian; masked entries have $a = 0$ and get no gradient), then
$\delta q_t = \frac{1}{\sqrt d} \sum_j \delta s_{tj}\, k_j$ and
$\delta k_j = \frac{1}{\sqrt d} \sum_t \delta s_{tj}\, q_t$. Every sum over $t$ or $j$ is a
matrix product of a $(T,T)$ matrix with a $(T, hs)$ slice of `qkv` whose rows are $3C$ apart —
`wb_sgemm` takes that stride as its leading dimension.

## Half of every product is zeros

Every $(T,T)$ matrix here — the scores, the weights $a$, their gradients — matters only on and
below the diagonal. Cut into row blocks of `CAUSAL_BLOCK` rows, block $[t_0, t_1)$ has nothing
right of column $t_1$: the three given functions below do each product on those blocks only.
With blocks of 24 at $T = 128$ that is 59% of the work (1/2 as the blocks shrink, but smaller
products run slower; 24 rows are whole tiles of both of `wb_sgemm`'s kernels, 6 rows for AVX2
and 8 for AVX-512): the step of `make bench`'s gpt-step went from 0.143 to 0.127 s (AVX2).

- `causal_scores`: $S = \alpha X Y^\top$ on the blocks, for $q k^\top / \sqrt d$ and
  $\delta o\, v^\top$;
- `causal_times`: $Y = \alpha A X + \beta Y$, for $o = a v$ and $\delta q$;
- `causal_transpose_times`: $Y = \alpha A^\top X + \beta Y$, for $\delta v = a^\top \delta o$ and
  $\delta k$.

`causal_scores` leaves the entries right of each block as they were: the softmax must still
write the zeros of the mask itself.
*/
#include "week14.h"

#include "simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: the products on the causal blocks ---- */
#define CAUSAL_BLOCK 24 /* rows per block: the fastest at T = 128 of 8 to 64 (measured side by
                           side in one program: 5% faster than 16 with AVX2, 2-4% with AVX-512) */

static int block_end(int t0, int T) { return t0 + CAUSAL_BLOCK < T ? t0 + CAUSAL_BLOCK : T; }

/* S (T,T) = alpha X (T,d) Y (T,d)^T where j < t1 for row block [t0, t1); the rest untouched.
   Y is copied transposed, (d,T), once: each block's product then reads it as stored, where a
   product of Y^T would pack (transpose) its part of Y again for every block. */
static void causal_scores(int T, int d, float alpha, const float *X, int ldx, const float *Y,
                          int ldy, float *S) {
    float *Yt = wb_malloc((size_t)d * T * sizeof *Yt);
    for (int j = 0; j < T; j++)
        for (int i = 0; i < d; i++) Yt[(size_t)i * T + j] = Y[(size_t)j * ldy + i];
    for (int t0 = 0; t0 < T; t0 += CAUSAL_BLOCK) {
        int t1 = block_end(t0, T);
        wb_sgemm(0, 0, t1 - t0, t1, d, alpha, X + (size_t)t0 * ldx, ldx, Yt, T, 0.0f,
                 S + (size_t)t0 * T, T);
    }
    free(Yt);
}

/* Y (T,d) = alpha A (T,T) X (T,d) + beta Y, A zero above the diagonal: rows [t0, t1) of Y read
   columns [0, t1) of A and rows [0, t1) of X */
static void causal_times(int T, int d, float alpha, const float *A, const float *X, int ldx,
                         float beta, float *Y, int ldy) {
    for (int t0 = 0; t0 < T; t0 += CAUSAL_BLOCK) {
        int t1 = block_end(t0, T);
        wb_sgemm(0, 0, t1 - t0, d, t1, alpha, A + (size_t)t0 * T, T, X, ldx, beta,
                 Y + (size_t)t0 * ldy, ldy);
    }
}

/* Y (T,d) = alpha A^T X + beta Y, A zero above the diagonal: row j of A^T X sums over t >= j, so
   rows [j0, j1) of Y read rows [j0, T) of A (columns j0..j1-1) and of X */
static void causal_transpose_times(int T, int d, float alpha, const float *A, const float *X,
                                   int ldx, float beta, float *Y, int ldy) {
    for (int j0 = 0; j0 < T; j0 += CAUSAL_BLOCK) {
        int j1 = block_end(j0, T);
        wb_sgemm(1, 0, j1 - j0, d, T - j0, alpha, A + (size_t)j0 * T + j0, T,
                 X + (size_t)j0 * ldx, ldx, beta, Y + (size_t)j0 * ldy, ldy);
    }
}

/* Row t of a (T,T) score matrix: weights over j <= t by softmax, j > t exactly 0 (in place). */
static void causal_softmax_row(float *row, int t, int T) {
    // BEGIN SOLUTION: a softmax over j <= t only (the max first, or exp overflows); zero j > t
    wb_simd_softmax_rows(row, row, 1, t + 1); /* the max, exp, sum and scaling in one vector pass */
    memset(row + t + 1, 0, (size_t)(T - t - 1) * sizeof *row);
    // END SOLUTION
    // STUB: (void)row, (void)t, (void)T;
}

/* The same, with the mistake of masking after a softmax over the whole row (a mutant's). */
static void softmax_then_mask_row(float *row, int t, int T) {
    float mx = row[0], sum = 0;
    for (int j = 1; j < T; j++) mx = row[j] > mx ? row[j] : mx;
    for (int j = 0; j < T; j++) row[j] = expf(row[j] - mx), sum += row[j];
    for (int j = 0; j < T; j++) row[j] = j <= t ? row[j] / sum : 0.0f;
}

void attention_forward(float *out, float *att, const float *inp, int B, int T, int C, int NH) {
    WB_CHECK(NH >= 1 && C / NH * NH == C, "C %d is not a multiple of NH %d", C, NH);
    const int hs = C / NH, C3 = 3 * C;
    (void)softmax_then_mask_row, (void)causal_softmax_row; /* the stub uses none of these */
    (void)causal_scores, (void)causal_times, (void)causal_transpose_times;
    // BEGIN SOLUTION: per b, h: scores q k^T / sqrt(hs) (causal_scores), softmax rows, out = att v
    const float scale = 1.0f / sqrtf((float)hs);
    // MUTANT no_sqrt_d_scale: const float scale = 1.0f;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            const float *q = inp + (size_t)b * T * C3 + h * hs; /* (T,hs), rows C3 apart */
            const float *k = q + C, *v = q + 2 * C;
            float *a = att + ((size_t)b * NH + h) * T * T; /* (T,T) */
            // scores (T,T) = scale * q (T,hs) x k (T,hs)^T, on the causal blocks
            causal_scores(T, hs, scale, q, C3, k, C3, a);
            for (int t = 0; t < T; t++) causal_softmax_row(a + (size_t)t * T, t, T);
            // MUTANT mask_after_softmax: for (int t = 0; t < T; t++) softmax_then_mask_row(a + t*T, t, T);
            // head h's output goes to channels h*hs.. of out (B,T,C): (T,T) x (T,hs)
            float *o = out + (size_t)b * T * C + h * hs;
            // MUTANT heads_merged_wrong: float *o = out + (size_t)b * T * C + (NH - 1 - h) * hs;
            causal_times(T, hs, 1.0f, a, v, C3, 0.0f, o, C);
        }
    // END SOLUTION
    // STUB: (void)out, (void)att, (void)inp, (void)B, (void)T, (void)hs, (void)C3;
}

void attention_backward(float *dinp, float *datt, const float *dout, const float *inp,
                        const float *att, int B, int T, int C, int NH) {
    WB_CHECK(NH >= 1 && C / NH * NH == C, "C %d is not a multiple of NH %d", C, NH);
    const int hs = C / NH, C3 = 3 * C;
    // BEGIN SOLUTION: per (b, h): dv, da, ds through the softmax, dq and dk (the causal_* products)
    const float scale = 1.0f / sqrtf((float)hs);
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            const float *q = inp + (size_t)b * T * C3 + h * hs, *k = q + C, *v = q + 2 * C;
            float *dq = dinp + (size_t)b * T * C3 + h * hs, *dk = dq + C, *dv = dq + 2 * C;
            const float *a = att + ((size_t)b * NH + h) * T * T;
            const float *dh = dout + (size_t)b * T * C + h * hs; /* (T,hs), rows C apart */
            float *ds = datt; /* (T,T) scratch, reused by every head: it stays in the cache */
            // dv (T,hs) += a^T (T,T) x do (T,hs);  da (T,T) = do (T,hs) x v^T
            causal_transpose_times(T, hs, 1.0f, a, dh, C, 1.0f, dv, C3);
            causal_scores(T, hs, 1.0f, dh, C, v, C3, ds);
            for (int t = 0; t < T; t++) { /* the softmax's backward, in place: da -> ds */
                const float *ar = a + (size_t)t * T;
                float *dr = ds + (size_t)t * T, dot = wb_simd_dot(ar, dr, t + 1);
                // MUTANT ds_dot_over_whole_row: float *dr = ds + (size_t)t * T, dot = wb_simd_dot(ar, dr, T);
                for (int j = 0; j <= t; j++) dr[j] = ar[j] * (dr[j] - dot);
                memset(dr + t + 1, 0, (size_t)(T - t - 1) * sizeof *dr);
            }
            // dq (T,hs) += scale ds (T,T) x k (T,hs);  dk (T,hs) += scale ds^T x q
            causal_times(T, hs, scale, ds, k, C3, 1.0f, dq, C3);
            causal_transpose_times(T, hs, scale, ds, q, C3, 1.0f, dk, C3);
        }
    // END SOLUTION
    // STUB: (void)dinp, (void)datt, (void)dout, (void)inp, (void)att, (void)B, (void)T;
    // STUB: (void)hs, (void)C3;
}
