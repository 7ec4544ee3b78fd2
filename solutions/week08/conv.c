/**
# The convolution layer

A dense layer connects every input to every output: 784 pixels to 128 units is 100,352 weights,
and a digit moved by two pixels is a new problem for it. A **convolution layer** looks at small
windows instead, and uses the *same* weights for every window: a kernel is a feature detector (an
edge, a stroke end) slid over the whole picture, and its output, a **feature map**, says where the
feature is. Far fewer weights, and a shifted digit gives a shifted map (CS231n's notes, "Convolutional
Neural Networks: Architectures, Convolution / Pooling Layers").

## Shapes (NCHW)

A batch is $N$ images of $C$ channels (1 for grey, 3 for RGB, 6 for the output of a first conv
layer with 6 kernels), each $H \times W$, stored as one array `x[((n*C + c)*H + i)*W + j]`: the
layout PyTorch calls NCHW. The layer has $OC$ kernels, each $C \times KH \times KW$ (a kernel sees
all input channels), so the weights are (OC,C,KH,KW) and the output is (N,OC,OH,OW): one feature
map per kernel.

## How big is the output? (Dumoulin & Visin, "A guide to convolution arithmetic")

Pad the input with `pad` zeros on every side and slide a kernel of size $k$ with step `stride`.
The first position starts at the padded border; each further step moves `stride` pixels while the
kernel still fits:

$$ O = \left\lfloor \frac{I + 2p - k}{s} \right\rfloor + 1 $$

Example: LeNet's first layer, $I = 28$, $k = 5$, $p = 2$, $s = 1$: $O = (28 + 4 - 5)/1 + 1 = 28$,
the "same" size. $I = 7$, $k = 3$, $p = 1$, $s = 2$: $\lfloor 6/2 \rfloor + 1 = 4$. When the
division is not exact ($I = 6$ there: $\lfloor 5/2 \rfloor + 1 = 3$) the last rows or columns of
the input are never reached by a kernel: they get no output, and no gradient.

## Forward

Output pixel $(o_i, o_j)$ of map $oc$ puts the kernel's top-left corner at input row
$o_i s - p$, column $o_j s - p$:

$$ y[n,oc,o_i,o_j] = b[oc] + \sum_{c}\sum_{u<KH}\sum_{v<KW} w[oc,c,u,v]\; x[n,c,\,o_i s - p + u,\, o_j s - p + v] $$

with $x = 0$ outside the image (the padding is never stored: the loop skips those taps). This is a
cross-correlation: $w[\cdot,\cdot,0,0]$ multiplies the top-left of the window, no flip (see
image_kernels.c for why libraries do it this way).

## Backward

Every weight is used at every output position and for every image, so its gradient is a sum over
all of them; the bias is added to every output pixel of its map:

$$ \frac{\partial L}{\partial b[oc]} = \sum_{n,o_i,o_j} \delta y[n,oc,o_i,o_j], \qquad
   \frac{\partial L}{\partial w[oc,c,u,v]} = \sum_{n,o_i,o_j} \delta y[n,oc,o_i,o_j]\; x[n,c,\,o_i s - p + u,\, o_j s - p + v] $$

(the weight gradient is the cross-correlation of the input with $\delta y$). An input pixel
receives gradient from every output whose window covered it, through the weight that touched it:
$\partial L/\partial x[n,c,i,j]$ is the sum of $\delta y[n,oc,o_i,o_j]\, w[oc,c,u,v]$ over all
$(oc, o_i, o_j, u, v)$ with $o_i s - p + u = i$ and $o_j s - p + v = j$. The easy way to write it is
to *scatter*: walk the forward loops again and add $\delta y \cdot w$ into the pixel the forward
read. (For stride 1 that sum is a "full" convolution of $\delta y$ with the kernel: a true
convolution, flip included, padded by $k - 1 - p$; for stride 2 it is the *transposed
convolution* of Dumoulin & Visin, chapter 4.)

Each backward writes the gradient of the whole batch into dw, db and dx, overwriting what they
held: zero first, then add.
*/
#include "week08.h"

#include <string.h>

int conv_shape_check(const conv_shape *s) {
    if (s->N < 1 || s->C < 1 || s->OC < 1)
        return wb_fail("conv layer: N = %d, C = %d, OC = %d must be positive", s->N, s->C, s->OC);
    int oh = conv_out_size(s->H, s->KH, s->stride, s->pad), ow = conv_out_size(s->W, s->KW, s->stride, s->pad);
    if (oh == -1 || ow == -1) return -1; /* conv_out_size said why */
    if (oh < 1 || ow < 1)
        return wb_fail("conv layer: %dx%d input, %dx%d kernel, stride %d, pad %d: conv_out_size gives %dx%d outputs",
                       s->H, s->W, s->KH, s->KW, s->stride, s->pad, oh, ow);
    return 0;
}

int conv_out_h(const conv_shape *s) { return conv_out_size(s->H, s->KH, s->stride, s->pad); }
int conv_out_w(const conv_shape *s) { return conv_out_size(s->W, s->KW, s->stride, s->pad); }

void conv2d_forward_direct(const conv_shape *s, const float *x, const float *w, const float *b, float *y) {
    WB_CHECK(conv_shape_check(s) == 0, "%s", wb_last_error());
    const int C = s->C, H = s->H, W = s->W, KH = s->KH, KW = s->KW, S = s->stride, P = s->pad;
    const int OH = conv_out_h(s), OW = conv_out_w(s);
    // For every image n, kernel oc and output pixel (oi, oj): the bias (0 without one) plus
    // w[oc][c][u][v] * x[n][c][oi*S - P + u][oj*S - P + v] summed over c, u, v, skipping taps in
    // the padding.
    // BEGIN SOLUTION: each output pixel of each map: its bias plus the kernel's taps on the input (see above)
    for (int n = 0; n < s->N; n++)
        for (int oc = 0; oc < s->OC; oc++) {
            float *yo = y + ((size_t)n * s->OC + oc) * OH * OW;
            for (int oi = 0; oi < OH; oi++)
                for (int oj = 0; oj < OW; oj++) {
                    float sum = b ? b[oc] : 0.0f;
                    for (int c = 0; c < C; c++) {
                        const float *xc = x + ((size_t)n * C + c) * H * W;
                        // MUTANT x_offset_in_maps: const float *xc = x + ((size_t)n*s->OC + c)*H*W;
                        const float *wc = w + ((size_t)oc * C + c) * KH * KW;
                        for (int u = 0; u < KH; u++) {
                            int i = oi * S - P + u;
                            // MUTANT pad_ignored: int i = oi * S + u;
                            if (i < 0 || i >= H) continue;
                            // MUTANT fwd_row_past_image: if (i < 0 || i > H) continue;
                            for (int v = 0; v < KW; v++) {
                                int j = oj * S - P + v;
                                if (j >= 0 && j < W) sum += wc[u * KW + v] * xc[i * W + j];
                                // MUTANT kernel_flipped: if (j >= 0 && j < W) sum += wc[(KH - 1 - u) * KW + KW - 1 - v] * xc[i * W + j];
                            }
                        }
                    }
                    yo[oi * OW + oj] = sum;
                }
        }
    // END SOLUTION
    // STUB: (void)C, (void)H, (void)W, (void)KH, (void)KW, (void)S, (void)P, (void)OH, (void)OW;
}

/* db[oc] = the sum of dy over the batch and the map's pixels. */
static void conv_backward_bias(const conv_shape *s, int OH, int OW, const float *dy, float *db) {
    // BEGIN SOLUTION: db[oc]: every dy of map oc, over all images and output pixels
    for (int oc = 0; oc < s->OC; oc++) {
        float sum = 0.0f;
        for (int n = 0; n < s->N; n++) {
            const float *d = dy + ((size_t)n * s->OC + oc) * OH * OW;
            for (int o = 0; o < OH * OW; o++) sum += d[o];
        }
        db[oc] = sum;
        // MUTANT db_mean_over_batch: db[oc] = sum / s->N;
    }
    // END SOLUTION
}

/* dw[oc][c][u][v] = sum over n, oi, oj of dy[n][oc][oi][oj] * x[n][c][oi*S - P + u][oj*S - P + v]. */
static void conv_backward_weights(const conv_shape *s, int OH, int OW, const float *x, const float *dy,
                                  float *dw) {
    const int C = s->C, H = s->H, W = s->W, KH = s->KH, KW = s->KW, S = s->stride, P = s->pad;
    memset(dw, 0, (size_t)s->OC * C * KH * KW * sizeof *dw);
    // For each image, add its share to every dw[oc][c][u][v]: dy times the input pixel that weight
    // multiplied in the forward pass (none from the padding).
    // BEGIN SOLUTION: each weight's gradient: dy times the input pixel it met, over all images and positions
    for (int n = 0; n < s->N; n++)
        for (int oc = 0; oc < s->OC; oc++)
            for (int c = 0; c < C; c++) {
                const float *xc = x + ((size_t)n * C + c) * H * W;
                const float *d = dy + ((size_t)n * s->OC + oc) * OH * OW;
                // MUTANT dw_dy_offset_c: const float *d = dy + ((size_t)n * C + oc) * OH * OW;
                float *dwc = dw + ((size_t)oc * C + c) * KH * KW;
                for (int u = 0; u < KH; u++)
                    for (int v = 0; v < KW; v++) {
                        float sum = 0.0f;
                        for (int oi = 0; oi < OH; oi++) {
                            int i = oi * S - P + u;
                            // MUTANT dw_stride_ignored: int i = oi - P + u;
                            if (i < 0 || i >= H) continue;
                            for (int oj = 0; oj < OW; oj++) {
                                int j = oj * S - P + v;
                                if (j >= 0 && j < W) sum += d[oi * OW + oj] * xc[i * W + j];
                            }
                        }
                        dwc[u * KW + v] += sum;
                        // MUTANT dw_not_summed_over_batch: dwc[u * KW + v] = sum;
                    }
            }
    // END SOLUTION
    // STUB: (void)H, (void)W, (void)S, (void)P, (void)OH, (void)OW, (void)x, (void)dy;
}

/* dx[n][c][i][j] = sum of dy * w over every (oc, oi, oj, u, v) whose window put w[oc][c][u][v] on (i, j). */
static void conv_backward_input(const conv_shape *s, int OH, int OW, const float *w, const float *dy,
                                float *dx) {
    const int C = s->C, H = s->H, W = s->W, KH = s->KH, KW = s->KW, S = s->stride, P = s->pad;
    memset(dx, 0, (size_t)s->N * C * H * W * sizeof *dx);
    // Walk the forward loops again; at each tap inside the image, add dy[n][oc][oi][oj] *
    // w[oc][c][u][v] into the dx pixel the forward pass read.
    // BEGIN SOLUTION: each input pixel's gradient: dy times the weight that met it, summed over every window
    for (int n = 0; n < s->N; n++)
        for (int oc = 0; oc < s->OC; oc++) {
            const float *d = dy + ((size_t)n * s->OC + oc) * OH * OW;
            for (int oi = 0; oi < OH; oi++)
                for (int oj = 0; oj < OW; oj++) {
                    const float g = d[oi * OW + oj];
                    for (int c = 0; c < C; c++) {
                        float *dxc = dx + ((size_t)n * C + c) * H * W;
                        const float *wc = w + ((size_t)oc * C + c) * KH * KW;
                        for (int u = 0; u < KH; u++) {
                            int i = oi * S - P + u;
                            // MUTANT dx_stride_ignored: int i = oi - P + u;
                            if (i < 0 || i >= H) continue;
                            for (int v = 0; v < KW; v++) {
                                int j = oj * S - P + v;
                                if (j >= 0 && j < W) dxc[i * W + j] += g * wc[u * KW + v];
                            }
                        }
                    }
                }
        }
    // END SOLUTION
    // STUB: (void)KH, (void)KW, (void)S, (void)P, (void)OH, (void)OW, (void)w, (void)dy;
}

void conv2d_backward_direct(const conv_shape *s, const float *x, const float *w, const float *dy,
                            float *dx, float *dw, float *db) {
    WB_CHECK(conv_shape_check(s) == 0, "%s", wb_last_error());
    const int OH = conv_out_h(s), OW = conv_out_w(s);
    if (db) conv_backward_bias(s, OH, OW, dy, db);
    if (dw) conv_backward_weights(s, OH, OW, x, dy, dw);
    if (dx) conv_backward_input(s, OH, OW, w, dy, dx);
}
