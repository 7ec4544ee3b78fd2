/**
# Fast convolution: im2col, then one matrix product

The direct loops of conv.c do the right arithmetic in a slow order: seven nested loops, a bounds
test at every tap, and short inner loops the compiler cannot vectorise well. But a convolution *is*
a matrix product in disguise. Copy, for one image, every window the kernel visits into a column of
a matrix (**im2col**, "image to columns"; Chellapilla, Puri & Simard 2006, and Caffe's convolution
layer):

$$ \text{col}[(c\,KH + u)\,KW + v,\;\; o_i\,OW + o_j] = x[c,\; o_i s - p + u,\; o_j s - p + v] \quad (0 \text{ in the padding}) $$

a $(C\,KH\,KW) \times (OH\,OW)$ matrix. The weights (OC,C,KH,KW) are already a
$OC \times (C\,KH\,KW)$ matrix, row $oc$ one flattened kernel in the same $(c, u, v)$ order. Then
the whole forward pass for the image is

$$ Y_n = W \cdot \text{col}_n \qquad (OC \times C KH KW)\cdot(C KH KW \times OH OW) = (OC \times OH OW) $$

plus the bias down each row, and $Y_n$ (OC, OH·OW) *is* image $n$'s (OC,OH,OW) output in NCHW.
One `wb_sgemm` call does the multiply-adds at the speed of the harness's blocked, vectorised
kernel. The price is memory: each input pixel is copied up to $KH \cdot KW$ times (25 for a 5×5
kernel), which is why the workspace `col` is one image's worth and reused.

## Backward, as two more products

Differentiate $Y = W\,\text{col}$ like the dense layer of week 02:

$$ \frac{\partial L}{\partial W} = \sum_n \delta Y_n\, \text{col}_n^\top, \qquad
   \delta\text{col}_n = W^\top\, \delta Y_n $$

The first is summed over the batch: `wb_sgemm` with $\beta = 0$ for the first image and
$\beta = 1$ after (C = αAB + βC adds to what dw holds). The second gives the gradient with respect
to each *copy* of each pixel; a pixel's gradient is the sum over its copies. That is **col2im**:
walk the same index map as im2col, but *add* each entry of $\delta\text{col}$ into the pixel it came
from (it is the transpose, or adjoint, of im2col: im2col copies one pixel to many places, so col2im
must gather many places into one pixel; overwriting would keep only the last copy's gradient).
Entries that came from the padding belong to no pixel and are dropped.
*/
#include "week08.h"

#include <string.h>

size_t conv_col_floats(const conv_shape *s) {
    WB_CHECK(conv_shape_check(s) == 0, "%s", wb_last_error());
    return (size_t)s->C * s->KH * s->KW * (size_t)conv_out_h(s) * conv_out_w(s);
}

/* The output columns oj whose tap v lands inside a row of W pixels, 0 <= oj*S - P + v < W, are
   lo <= oj < hi: the others read the padding. (Given: it only saves im2col and col2im a test per
   pixel; the plain version with the test inside the loop computes the same.) */
static inline void inside_range(int W, int OW, int S, int P, int v, int *lo, int *hi) {
    *lo = P - v > 0 ? (P - v + S - 1) / S : 0;
    *hi = W - 1 + P - v >= 0 ? (W - 1 + P - v) / S + 1 : 0;
    if (*hi > OW) *hi = OW;
    if (*lo > *hi) *lo = *hi;
}

void im2col(const conv_shape *s, const float *x, float *col) {
    const int H = s->H, W = s->W, KH = s->KH, KW = s->KW, S = s->stride, P = s->pad;
    const int OH = conv_out_h(s), OW = conv_out_w(s);
    // Row r = (c*KH + u)*KW + v of col, column oi*OW + oj: x[c][oi*S - P + u][oj*S - P + v], or 0
    // when that pixel is in the padding.
    // BEGIN SOLUTION: every entry of col: the input pixel its row (c, u, v) and column (oi, oj) name, or 0
    for (int c = 0; c < s->C; c++)
        for (int u = 0; u < KH; u++)
            for (int v = 0; v < KW; v++) {
                float *row = col + ((size_t)(c * KH + u) * KW + v) * OH * OW;
                int lo, hi;
                inside_range(W, OW, S, P, v, &lo, &hi);
                for (int oi = 0; oi < OH; oi++) {
                    float *out = row + oi * OW;
                    int i = oi * S - P + u;
                    // MUTANT im2col_pad_off_by_one: int i = oi * S - P + u + 1;
                    if (i < 0 || i >= H) {
                        memset(out, 0, OW * sizeof *out);
                        continue;
                    }
                    const float *in = x + ((size_t)c * H + i) * W; /* row i of channel c */
                    for (int oj = 0; oj < lo; oj++) out[oj] = 0.0f;
                    if (S == 1) /* the same, as one copy: with stride 1 the run is contiguous */
                        memcpy(out + lo, in + lo - P + v, (size_t)(hi - lo) * sizeof *out);
                    else
                        for (int oj = lo; oj < hi; oj++) out[oj] = in[oj * S - P + v];
                    for (int oj = hi; oj < OW; oj++) out[oj] = 0.0f;
                }
            }
    // END SOLUTION
    // STUB: (void)H, (void)W, (void)KH, (void)KW, (void)S, (void)P, (void)OH, (void)OW;
}

void col2im(const conv_shape *s, const float *col, float *dx) {
    const int H = s->H, W = s->W, KH = s->KH, KW = s->KW, S = s->stride, P = s->pad;
    const int OH = conv_out_h(s), OW = conv_out_w(s);
    // The index map of im2col, backwards: ADD col[r][oi*OW + oj] into dx[c][oi*S - P + u][oj*S - P
    // + v] when that pixel is inside the image.
    // BEGIN SOLUTION: im2col's index map backwards: each entry of col ADDED into the pixel it came from
    for (int c = 0; c < s->C; c++)
        for (int u = 0; u < KH; u++)
            for (int v = 0; v < KW; v++) {
                const float *row = col + ((size_t)(c * KH + u) * KW + v) * OH * OW;
                int lo, hi;
                inside_range(W, OW, S, P, v, &lo, &hi);
                for (int oi = 0; oi < OH; oi++) {
                    int i = oi * S - P + u;
                    // MUTANT col2im_stride_ignored: int i = oi - P + u;
                    if (i < 0 || i >= H) continue;
                    const float *in = row + oi * OW;
                    float *out = dx + ((size_t)c * H + i) * W; /* row i of channel c */
                    if (S == 1) /* the same loop, but one the compiler vectorises */
                        for (int oj = lo; oj < hi; oj++) out[oj - P + v] += in[oj];
                    // MUTANT col2im_overwrites: for (int oj = lo; oj < hi; oj++) out[oj - P + v] = in[oj];
                    else
                        for (int oj = lo; oj < hi; oj++) out[oj * S - P + v] += in[oj];
                }
            }
    // END SOLUTION
    // STUB: (void)H, (void)W, (void)KH, (void)KW, (void)S, (void)P, (void)OH, (void)OW;
}

void conv2d_forward(const conv_shape *s, const float *x, const float *w, const float *b, float *y, float *col) {
    WB_CHECK(conv_shape_check(s) == 0, "%s", wb_last_error());
    const int L = conv_out_h(s) * conv_out_w(s), R = s->C * s->KH * s->KW; /* col is (R, L) */
    // For each image n: im2col into col; y_n (OC,L) = w (OC,R) . col (R,L) with one wb_sgemm; then
    // add b[oc] along row oc (when b is not NULL).
    // BEGIN SOLUTION: per image: im2col, then one matrix product with w, then the bias along each row
    for (int n = 0; n < s->N; n++) {
        float *yn = y + (size_t)n * s->OC * L;
        im2col(s, x + (size_t)n * s->C * s->H * s->W, col);
        wb_sgemm(0, 0, s->OC, L, R, 1.0f, w, R, col, L, 0.0f, yn, L);
        if (b)
            for (int oc = 0; oc < s->OC; oc++)
                for (int l = 0; l < L; l++) yn[(size_t)oc * L + l] += b[oc];
        // MUTANT bias_once_per_map: for (int oc = 0; oc < s->OC; oc++) yn[(size_t)oc * L] += b[oc];
    }
    // END SOLUTION
    // STUB: (void)L, (void)R;
}

void conv2d_backward(const conv_shape *s, const float *x, const float *w, const float *dy, float *dx,
                     float *dw, float *db, float *col) {
    WB_CHECK(conv_shape_check(s) == 0, "%s", wb_last_error());
    const int L = conv_out_h(s) * conv_out_w(s), R = s->C * s->KH * s->KW; /* col is (R, L) */
    const size_t image = (size_t)s->C * s->H * s->W;
    if (db) /* db[oc] = the sum of map oc of dy over the batch (wb_simd_sum: in vector lanes) */
        for (int oc = 0; oc < s->OC; oc++) {
            float sum = 0.0f;
            for (int n = 0; n < s->N; n++) sum += wb_simd_sum(dy + ((size_t)n * s->OC + oc) * L, L);
            db[oc] = sum;
        }
    // For each image n (dy_n is (OC,L)): dw (OC,R) = sum over n of dy_n . col_n^T, col_n = im2col
    // of image n (wb_sgemm, beta 0 for the first image, 1 after); then, if dx is wanted, col = w^T
    // . dy_n (R,L) and col2im it into the zeroed dx_n.
    // BEGIN SOLUTION: dw summed over the images as matrix products; dx, if wanted, through col2im (see above)
    for (int n = 0; n < s->N; n++) {
        const float *dyn = dy + (size_t)n * s->OC * L;
        if (dw) {
        // MUTANT dw_null_not_skipped: {
            im2col(s, x + n * image, col);
            wb_sgemm(0, 1, s->OC, R, L, 1.0f, dyn, L, col, L, n == 0 ? 0.0f : 1.0f, dw, R);
            // MUTANT dw_beta_zero: wb_sgemm(0, 1, s->OC, R, L, 1.0f, dyn, L, col, L, 0.0f, dw, R);
        }
        if (dx) {
            wb_sgemm(1, 0, R, L, s->OC, 1.0f, w, R, dyn, L, 0.0f, col, L);
            memset(dx + n * image, 0, image * sizeof *dx);
            // MUTANT dx_not_zeroed: (void)0;
            col2im(s, col, dx + n * image);
        }
    }
    // END SOLUTION
    // STUB: (void)L, (void)R, (void)image, (void)x, (void)w, (void)dx, (void)dw, (void)col;
}
