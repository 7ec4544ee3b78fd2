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
*/
#include "week14.h"

#include "simd.h"

#include <math.h>
#include <string.h>

/* Row t of a (T,T) score matrix: weights over j <= t by softmax, j > t exactly 0 (in place). */
static void causal_softmax_row(float *row, int t, int T) {
    // BEGIN SOLUTION: the max over j <= t, exp (wb_simd_exp) and sum over j <= t, divide; zero j > t
    float mx = row[0];
    for (int j = 1; j <= t; j++) mx = row[j] > mx ? row[j] : mx;
    for (int j = 0; j <= t; j++) row[j] -= mx;
    wb_simd_exp(row, row, t + 1); /* expf for the whole row at the vector unit's speed */
    float sum = 0;
    for (int j = 0; j <= t; j++) sum += row[j];
    for (int j = 0; j <= t; j++) row[j] /= sum;
    for (int j = t + 1; j < T; j++) row[j] = 0.0f;
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
    (void)softmax_then_mask_row, (void)causal_softmax_row; /* the stub uses neither */
    // BEGIN SOLUTION: per b, h: scores q k^T / sqrt(hs), causal softmax by rows, out = att v
    const float scale = 1.0f / sqrtf((float)hs);
    // MUTANT no_sqrt_d_scale: const float scale = 1.0f;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            const float *q = inp + (size_t)b * T * C3 + h * hs; /* (T,hs), rows C3 apart */
            const float *k = q + C, *v = q + 2 * C;
            float *a = att + ((size_t)b * NH + h) * T * T; /* (T,T) */
            // scores (T,T) = scale * q (T,hs) x k (T,hs)^T
            wb_sgemm(0, 1, T, T, hs, scale, q, C3, k, C3, 0.0f, a, T);
            for (int t = 0; t < T; t++) causal_softmax_row(a + (size_t)t * T, t, T);
            // MUTANT mask_after_softmax: for (int t = 0; t < T; t++) softmax_then_mask_row(a + t*T, t, T);
            // head h's output goes to channels h*hs.. of out (B,T,C): (T,T) x (T,hs)
            float *o = out + (size_t)b * T * C + h * hs;
            // MUTANT heads_merged_wrong: float *o = out + (size_t)b * T * C + (NH - 1 - h) * hs;
            wb_sgemm(0, 0, T, hs, T, 1.0f, a, T, v, C3, 0.0f, o, C);
        }
    // END SOLUTION
    // STUB: (void)out, (void)att, (void)inp, (void)B, (void)T, (void)hs, (void)C3;
}

void attention_backward(float *dinp, float *datt, const float *dout, const float *inp,
                        const float *att, int B, int T, int C, int NH) {
    WB_CHECK(NH >= 1 && C / NH * NH == C, "C %d is not a multiple of NH %d", C, NH);
    const int hs = C / NH, C3 = 3 * C;
    // BEGIN SOLUTION: per (b, h): dv from a and do, da from do and v, ds through the softmax, then dq and dk
    const float scale = 1.0f / sqrtf((float)hs);
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) {
            const float *q = inp + (size_t)b * T * C3 + h * hs, *k = q + C, *v = q + 2 * C;
            float *dq = dinp + (size_t)b * T * C3 + h * hs, *dk = dq + C, *dv = dq + 2 * C;
            const float *a = att + ((size_t)b * NH + h) * T * T;
            const float *dh = dout + (size_t)b * T * C + h * hs; /* (T,hs), rows C apart */
            float *ds = datt + ((size_t)b * NH + h) * T * T;
            // dv (T,hs) += a^T (T,T) x do (T,hs);  da (T,T) = do (T,hs) x v^T
            wb_sgemm(1, 0, T, hs, T, 1.0f, a, T, dh, C, 1.0f, dv, C3);
            wb_sgemm(0, 1, T, T, hs, 1.0f, dh, C, v, C3, 0.0f, ds, T);
            for (int t = 0; t < T; t++) { /* the softmax's backward, in place: da -> ds */
                const float *ar = a + (size_t)t * T;
                float *dr = ds + (size_t)t * T, dot = 0;
                for (int j = 0; j <= t; j++) dot += ar[j] * dr[j];
                for (int j = 0; j < T; j++) dr[j] = j <= t ? ar[j] * (dr[j] - dot) : 0.0f;
            }
            // dq (T,hs) += scale ds (T,T) x k (T,hs);  dk (T,hs) += scale ds^T x q
            wb_sgemm(0, 0, T, hs, T, scale, ds, T, k, C3, 1.0f, dq, C3);
            wb_sgemm(1, 0, T, hs, T, scale, ds, T, q, C3, 1.0f, dk, C3);
        }
    // END SOLUTION
    // STUB: (void)dinp, (void)datt, (void)dout, (void)inp, (void)att, (void)B, (void)T;
    // STUB: (void)hs, (void)C3;
}
