/**
# Image kernels: what a convolution does to a picture

Before convolutions learn their kernels, look at kernels people designed by hand. A **kernel** is a
small grid of weights, say 3×3. To filter a picture, slide the kernel over it: at every pixel,
multiply the kernel's weights with the pixels under it and add the products up. That one number is
the output pixel. Equal weights that sum to 1 blur (the *box* filter); a bell of weights blurs
smoothly (the *Gaussian*); a strong centre with negative neighbours exaggerates differences from
the neighbourhood (*sharpen*, and *outline* whose weights sum to 0); a column of $-1, -2, -1$ next
to a column of $+1, +2, +1$ measures how fast brightness changes from left to right (*Sobel*); and
a diagonal ramp of weights lights one side of every edge and shades the other (*emboss*). See them
move in Victor Powell's "Image Kernels Explained Visually" (setosa.io/ev/image-kernels).

## Convolution, and why the kernel is flipped

The textbook (signal processing, Gonzalez & Woods, `scipy.signal.convolve2d`) defines the 2-D
**convolution** of an image $I$ with a kernel $k$ centred on its middle element as

$$ (k * I)[i,j] = \sum_{u,v} k[u,v]\; I[i - u,\, j - v] \qquad (u, v \text{ counted from the centre}) $$

The minus signs mean the kernel is applied **flipped**, upside down and left to right: the
kernel's top-left weight multiplies the pixel below and to the right of the centre. Flipping is
what makes convolution commutative and associative ($k_1 * (k_2 * I) = (k_1 * k_2) * I$: two blurs
are one blur), and what makes the output of a single bright dot a copy of the kernel itself (the
*impulse response*). `image_convolve` computes exactly this.

Without the minus signs the sum is a **cross-correlation**, $\sum_{u,v} k[u,v]\, I[i+u, j+v]$: the
kernel laid on the picture as it is printed. Every deep-learning library (PyTorch's `conv2d`,
TensorFlow, cuDNN) computes cross-correlation and still calls it convolution, because there the
kernel is *learned*: a network that needed a flipped kernel learns the flipped one, so the flip
would be wasted work. Our layers (conv.c, im2col.c) follow the libraries: no flip. For the
symmetric kernels (box, Gaussian, sharpen, outline) the two agree; for Sobel and emboss they do not,
and the test `conv_layer_as_sobel_filter` turns one into the other by flipping the weights.

The kernels below are written as *convolution* kernels. Sobel x, for instance, is
$\left(\begin{smallmatrix} 1 & 0 & -1 \\ 2 & 0 & -2 \\ 1 & 0 & -1 \end{smallmatrix}\right)$: flipped, that is
the familiar mask $\left(\begin{smallmatrix} -1 & 0 & 1 \\ -2 & 0 & 2 \\ -1 & 0 & 1 \end{smallmatrix}\right)$
laid on the picture, the right column minus the left, positive where brightness increases to the
right. Sobel y is positive where it increases downwards (rows are counted from the top).

## Edges

Near the border, part of the kernel hangs over the edge. We keep the output the size of the input
("same" convolution) and say what lies outside: **zeros** (`EDGE_ZERO`, zero padding, what a
convolution layer does: a dark frame, and Sobel sees a false edge there) or the **nearest pixel**
(`EDGE_CLAMP`, the border replicated, what photo editors do: no false edges). MNIST digits have a
black border, so on them the two agree.

## Gaussian blur and the gradient's magnitude

A Gaussian kernel samples $\exp(-(u^2+v^2)/(2\sigma^2))$ on the grid and divides by the sum, so
that it keeps the average brightness (a kernel summing to 1 leaves a flat picture unchanged). The
two Sobel outputs are the components of the image gradient $(g_x, g_y)$; its length
$\sqrt{g_x^2 + g_y^2}$ is large on edges of any direction: the classic edge detector.
*/
#include "week08.h"

#include <math.h>

/* The classic 3x3 kernels as convolution kernels (image_convolve flips them when applying). Sobel
   x, Sobel y and emboss are the usual masks as laid on the picture ([-1 0 1; -2 0 2; -1 0 1], its
   transpose, and setosa.io's emboss [-2 -1 0; -1 1 1; 0 1 2]) rotated by 180 degrees, so that
   image_convolve applies them as those masks read; the others are symmetric. */
const float image_kernels[KERNEL_COUNT][9] = {
    [KERNEL_BOX] = {1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f},
    [KERNEL_GAUSSIAN] = {1 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 4 / 16.f, 2 / 16.f, 1 / 16.f, 2 / 16.f, 1 / 16.f},
    [KERNEL_SHARPEN] = {0, -1, 0, -1, 5, -1, 0, -1, 0},
    [KERNEL_OUTLINE] = {-1, -1, -1, -1, 8, -1, -1, -1, -1},
    [KERNEL_SOBEL_X] = {1, 0, -1, 2, 0, -2, 1, 0, -1},
    [KERNEL_SOBEL_Y] = {1, 2, 1, 0, 0, 0, -1, -2, -1},
    [KERNEL_EMBOSS] = {2, 1, 0, 1, 1, -1, 0, -1, -2},
};
const char *const image_kernel_names[KERNEL_COUNT] = {"box blur", "gaussian", "sharpen", "outline",
                                                      "sobel x", "sobel y", "emboss"};

int conv_out_size(int in, int k, int stride, int pad) {
    if (in < 1 || k < 1 || stride < 1 || pad < 0)
        return wb_fail("convolution: input %d, kernel %d, stride %d, padding %d: sizes and stride must be "
                       "positive, padding at least 0", in, k, stride, pad);
    if (k > in + 2 * pad)
        return wb_fail("convolution: a kernel of %d does not fit in an input of %d padded by %d on each side",
                       k, in, pad);
    // The number of positions a kernel of k takes, stride apart, in the input padded by pad on BOTH
    // sides (the first position counts too).
    // BEGIN SOLUTION: how many positions the kernel takes, stride apart, in the input padded on both sides
    return (in + 2 * pad - k) / stride + 1;
    // MUTANT pad_once: return (in + pad - k) / stride + 1;
    // MUTANT no_first_position: return (in + 2 * pad - k) / stride;
    // END SOLUTION
    // STUB: return 0;
}

/* Row or column a of a picture of n, or -1 when it lies outside and the edge is zero. */
static inline int edge_index(int a, int n, image_edge edge) {
    if (a >= 0 && a < n) return a;
    if (edge == EDGE_ZERO) return -1;
    return a < 0 ? 0 : n - 1;
}

void image_convolve(const float *img, int H, int W, const float *k, int KH, int KW, image_edge edge,
                    float *out) {
    const int odd = KH % 2 == 1 && KW % 2 == 1;
    WB_CHECK(H > 0 && W > 0 && odd, "image %dx%d, kernel %dx%d (must be odd)", H, W, KH, KW);
    WB_CHECK(edge == EDGE_ZERO || edge == EDGE_CLAMP, "edge = %d", (int)edge);
    const int ch = KH / 2, cw = KW / 2; /* the kernel's centre */
    // Out[i][j] = sum over u, v of k[u][v] * img[i + ch - u][j + cw - v] (the kernel flipped);
    // edge_index says which pixel lies outside (or -1: a zero).
    // BEGIN SOLUTION: each output pixel: the flipped kernel's weighted sum of the pixels around it
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            float sum = 0.0f;
            for (int u = 0; u < KH; u++) {
                int r = edge_index(i + ch - u, H, edge);
                // MUTANT not_flipped: int r = edge_index(i - ch + u, H, edge);
                if (r < 0) continue;
                for (int v = 0; v < KW; v++) {
                    int c = edge_index(j + cw - v, W, edge);
                    // MUTANT clamp_as_zero: int c = edge_index(j + cw - v, W, EDGE_ZERO);
                    if (c >= 0) sum += k[u * KW + v] * img[r * W + c];
                    // MUTANT kernel_row_stride_kh: if (c >= 0) sum += k[u*KH + v] * img[r*W + c];
                }
            }
            out[i * W + j] = sum;
        }
    // END SOLUTION
    // STUB: (void)ch, (void)cw;
}

void gaussian_kernel(int size, float sigma, float *k) {
    const int odd = size % 2 == 1;
    WB_CHECK(size > 0 && odd && sigma > 0, "size %d (must be odd), sigma %g", size, (double)sigma);
    // K[u][v] = exp(-(du^2 + dv^2) / (2 sigma^2)), du and dv the distances from the centre; then
    // divide every weight by their sum.
    // BEGIN SOLUTION: the Gaussian weight of each tap by its distance from the centre, normalised to sum 1
    const int c = size / 2;
    float total = 0.0f;
    for (int u = 0; u < size; u++)
        for (int v = 0; v < size; v++) {
            float d2 = (float)((u - c) * (u - c) + (v - c) * (v - c));
            k[u * size + v] = expf(-d2 / (2.0f * sigma * sigma));
            // MUTANT sigma_not_squared: k[u * size + v] = expf(-d2 / (2.0f * sigma));
            total += k[u * size + v];
        }
    for (int i = 0; i < size * size; i++) k[i] /= total;
    // MUTANT not_normalised: for (int i = 0; i < size * size; i++) k[i] /= 1.0f;
    // END SOLUTION
}

void gradient_magnitude(const float *gx, const float *gy, int n, float *mag) {
    // BEGIN SOLUTION: the Euclidean length of (gx[i], gy[i]) for each i
    for (int i = 0; i < n; i++) mag[i] = sqrtf(gx[i] * gx[i] + gy[i] * gy[i]);
    // MUTANT manhattan: for (int i = 0; i < n; i++) mag[i] = fabsf(gx[i]) + fabsf(gy[i]);
    // END SOLUTION
}

void image_to_grey(const wb_image *img, float *grey) {
    WB_CHECK(img->channels == 1 || img->channels == 3, "%d channels (1 or 3)", img->channels);
    const size_t n = (size_t)img->width * img->height;
    const unsigned char *p = img->pixels;
    // Grey: the pixel over 255; RGB: the luma 0.299 R + 0.587 G + 0.114 B over 255 (the eye is most
    // sensitive to green, least to blue).
    // BEGIN SOLUTION: each pixel's brightness in [0, 1]: grey as it is, RGB as its luma (see above)
    for (size_t i = 0; i < n; i++) {
        if (img->channels == 1) grey[i] = p[i] / 255.0f;
        else grey[i] = (0.299f * p[3 * i] + 0.587f * p[3 * i + 1] + 0.114f * p[3 * i + 2]) / 255.0f;
        // MUTANT channel_mean: else grey[i] = (p[3 * i] + p[3 * i + 1] + p[3 * i + 2]) / (3 * 255.0f);
    }
    // END SOLUTION
    // STUB: (void)n, (void)p;
}
