/* week08.h — the functions you write this week, in working order: image_kernels.c, conv.c,
 * pool.c, im2col.c. The tests (test_*.c) and the gallery (driver.c) call them; the notes are in
 * the .c files. Week 09's LeNet-5 links the reference solution of this week and calls the layers.
 *
 * Layout: every batch of images is NCHW, row-major: x[((n*C + c)*H + i)*W + j]. Weights are
 * (OC,C,KH,KW), biases (OC). "Convolution" in the layers is cross-correlation, as in every deep
 * learning library (the kernel is NOT flipped); image_convolve is the textbook convolution (the
 * kernel IS flipped). image_kernels.c says why, and how to turn one into the other.
 *
 * Gradients: every backward OVERWRITES its outputs (dx, dw, db) with the gradient of the whole
 * batch (summed over the N images), so calling it twice gives the same result. Accumulating
 * across layers sharing a tensor is the caller's business.
 *
 * A conv layer, forward and backward, the fast way (week 09 does this for each conv layer):
 *
 *     conv_shape s = {.N = 64, .C = 1, .H = 28, .W = 28, .OC = 6, .KH = 5, .KW = 5,
 *                     .stride = 1, .pad = 2};
 *     if (conv_shape_check(&s) != 0) { fprintf(stderr, "%s\n", wb_last_error()); ... }
 *     int OH = conv_out_h(&s), OW = conv_out_w(&s);              // 28, 28
 *     float *col = wb_malloc(conv_col_floats(&s) * sizeof *col);  // workspace, one image's im2col
 *     conv2d_forward(&s, x, w, b, y, col);                        // y (N,OC,OH,OW)
 *     conv2d_backward(&s, x, w, dy, dx, dw, db, col);             // dx may be NULL (first layer)
 *
 *     pool_shape p = {.N = 64, .C = 6, .H = 28, .W = 28, .K = 2, .stride = 2};
 *     maxpool2d_forward(&p, y, pooled, argmax);                   // pooled, argmax (N,C,14,14)
 *     maxpool2d_backward(&p, dpooled, argmax, dy);                // dy (N,C,28,28)
 */
#ifndef WEEK08_H
#define WEEK08_H

#include <stddef.h>

#include "wb.h"

/* ---- image_kernels.c: filtering one greyscale picture with a small kernel ---- */

/* Output size along one axis of a convolution: floor((in + 2 pad - k) / stride) + 1.
   Returns -1 and records a one-line message (wb_last_error) when the kernel does not fit in the
   padded input, or in < 1, k < 1, stride < 1 or pad < 0. */
int conv_out_size(int in, int k, int stride, int pad);

/* What lies outside the picture. */
typedef enum image_edge {
    EDGE_ZERO = 0,  /* black: zero padding, what a conv layer does */
    EDGE_CLAMP = 1, /* the nearest pixel of the picture (replicated border) */
} image_edge;

/* The textbook 2-D convolution (kernel flipped), output the same size as the input:
     out[i][j] = sum_{u,v} k[u][v] * img[i - (u - KH/2)][j - (v - KW/2)]
   img and out (H,W), k (KH,KW) with KH and KW odd; pixels outside img per `edge`. */
void image_convolve(const float *img, int H, int W, const float *k, int KH, int KW, image_edge edge,
                    float *out);

/* A size x size Gaussian blur kernel (size odd): exp(-(u^2+v^2) / (2 sigma^2)) around the centre,
   normalised to sum to 1. */
void gaussian_kernel(int size, float sigma, float *k);

/* mag[i] = sqrt(gx[i]^2 + gy[i]^2): the length of the image gradient (Sobel x, Sobel y). */
void gradient_magnitude(const float *gx, const float *gy, int n, float *mag);

/* An 8-bit picture (1 channel grey or 3 RGB, image.h) -> grey values in [0,1], (height,width):
   ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B, over 255. */
void image_to_grey(const wb_image *img, float *grey);

/* The classic 3x3 kernels, written as CONVOLUTION kernels (for image_convolve). */
enum { KERNEL_BOX, KERNEL_GAUSSIAN, KERNEL_SHARPEN, KERNEL_OUTLINE, KERNEL_SOBEL_X, KERNEL_SOBEL_Y,
       KERNEL_EMBOSS, KERNEL_COUNT };
extern const float image_kernels[KERNEL_COUNT][9];
extern const char *const image_kernel_names[KERNEL_COUNT];

/* ---- conv.c: the convolution layer, direct loops ---- */

typedef struct conv_shape {
    int N, C, H, W;  /* input x (N,C,H,W) */
    int OC, KH, KW;  /* weights w (OC,C,KH,KW), bias b (OC) */
    int stride, pad; /* the same along both axes; zero padding */
} conv_shape;

/* 0 if every size is positive and the kernel fits (conv_out_size >= 1 on both axes); else -1 and
   a one-line message naming the field. */
int conv_shape_check(const conv_shape *s);
int conv_out_h(const conv_shape *s); /* conv_out_size(H, KH, stride, pad) */
int conv_out_w(const conv_shape *s);

/* y (N,OC,OH,OW) = b[oc] + sum_{c,u,v} w[oc][c][u][v] * x[n][c][oi*stride - pad + u][oj*stride - pad + v]
   (cross-correlation; x is zero outside). b may be NULL (no bias). */
void conv2d_forward_direct(const conv_shape *s, const float *x, const float *w, const float *b, float *y);

/* Given dy = dL/dy (N,OC,OH,OW): writes dw (OC,C,KH,KW) and db (OC) (NULL: skipped), summed over
   the batch, and dx (N,C,H,W) (NULL: skipped, e.g. for the first layer). Overwrites all three. */
void conv2d_backward_direct(const conv_shape *s, const float *x, const float *w, const float *dy,
                            float *dx, float *dw, float *db);

/* ---- pool.c: max and average pooling (no padding) ---- */

typedef struct pool_shape {
    int N, C, H, W;  /* input (N,C,H,W) */
    int K, stride;   /* K x K windows, `stride` apart; output (N,C,OH,OW), OH = conv_out_size(H,K,stride,0) */
} pool_shape;

/* 0 if the sizes are positive and a window fits; else -1 and a one-line message. */
int pool_shape_check(const pool_shape *p);
int pool_out_h(const pool_shape *p);
int pool_out_w(const pool_shape *p);

/* y = the largest value of each window; argmax (N,C,OH,OW) = where it is, as the index i*W + j
   into its input plane (the first in row-major order on ties, like PyTorch's return_indices). */
void maxpool2d_forward(const pool_shape *p, const float *x, float *y, int *argmax);
/* dx (N,C,H,W) = dy routed to the arg-max of each window (overlapping windows add up); zero
   elsewhere. Overwrites dx. */
void maxpool2d_backward(const pool_shape *p, const float *dy, const int *argmax, float *dx);
/* y = the mean of each window. */
void avgpool2d_forward(const pool_shape *p, const float *x, float *y);
/* dx = each window's dy shared equally by its K*K inputs (overlaps add up). Overwrites dx. */
void avgpool2d_backward(const pool_shape *p, const float *dy, float *dx);

/* ---- im2col.c: convolution as matrix multiplication ---- */

/* Floats in the workspace `col` of conv2d_forward / conv2d_backward: (C*KH*KW) * (OH*OW). */
size_t conv_col_floats(const conv_shape *s);

/* One image x (C,H,W) -> col (C*KH*KW, OH*OW): row (c*KH + u)*KW + v, column oi*OW + oj holds
   x[c][oi*stride - pad + u][oj*stride - pad + v], or 0 outside the image. */
void im2col(const conv_shape *s, const float *x, float *col);
/* The adjoint of im2col: ADDS each entry of col (C*KH*KW, OH*OW) into the pixel of dx (C,H,W) it
   was copied from (entries from the padding are dropped). Does not zero dx first. */
void col2im(const conv_shape *s, const float *col, float *dx);

/* The same results as the _direct versions (up to float rounding), through im2col and wb_sgemm.
   col: workspace of conv_col_floats(s) floats; its contents are scratch. */
void conv2d_forward(const conv_shape *s, const float *x, const float *w, const float *b, float *y, float *col);
void conv2d_backward(const conv_shape *s, const float *x, const float *w, const float *dy, float *dx,
                     float *dw, float *db, float *col);

#endif
