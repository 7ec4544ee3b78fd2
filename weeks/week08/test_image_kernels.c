/* test_image_kernels.c — tests for image_kernels.c: the output-size formula on a table of cases,
 * image convolution on pictures small enough to follow by hand, the Gaussian kernel's closed form,
 * and the grey conversion. */
#include "conv_testlib.h"
#include "testing.h"

#include <string.h>

WB_TEST(conv_output_sizes_table, .points = 2,
        .hint = "Pad the input on BOTH sides, count how many steps of `stride` the kernel can take while it "
                "still fits, and count the first position too: floor((in + 2 pad - k) / stride) + 1.",
        .hint2 = "28 with a 5x5 kernel and padding 2 stays 28 (LeNet's 'same' layer); 7 with k 3, stride 2, "
                 "pad 1 gives 4; 6 gives 3 (integer division: the last column is never reached).") {
    /* in, k, stride, pad -> out, worked from the formula by hand (Dumoulin & Visin, ch. 2) */
    static const int cases[][5] = {
        {28, 5, 1, 2, 28}, /* LeNet conv1: (28 + 4 - 5)/1 + 1 */
        {28, 5, 1, 0, 24}, /* "valid": 28 - 5 + 1 */
        {14, 5, 1, 0, 10}, /* LeNet conv2 */
        {28, 2, 2, 0, 14}, /* 2x2 pooling */
        {7, 3, 2, 1, 4},   /* 6/2 + 1 */
        {6, 3, 2, 1, 3},   /* 5/2 = 2: odd, the last column never reached */
        {10, 3, 3, 0, 3},  /* 7/3 = 2 */
        {5, 5, 1, 0, 1},   /* the kernel fits exactly once */
        {4, 5, 1, 1, 2},   /* bigger than the input, fits the padded one */
        {1, 1, 1, 0, 1},
        {3, 1, 1, 2, 7},   /* padding larger than the kernel: outputs of padding only */
        {9, 4, 5, 0, 2},   /* 5/5 + 1 */
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        const int *c = cases[t];
        int got = conv_out_size(c[0], c[1], c[2], c[3]);
        ck_assert_msg(got == c[4], "conv_out_size(in %d, k %d, stride %d, pad %d) = %d, want %d", c[0], c[1],
                      c[2], c[3], got, c[4]);
    }
    /* bad shapes: -1 and a message naming the problem (this part is given code) */
    static const int bad[][4] = {{4, 5, 1, 0}, {0, 1, 1, 0}, {5, 3, 0, 0}, {5, 3, 1, -1}, {5, 0, 1, 0}};
    for (size_t t = 0; t < sizeof bad / sizeof bad[0]; t++) {
        const int *c = bad[t];
        int got = conv_out_size(c[0], c[1], c[2], c[3]);
        ck_assert_msg(got == -1 && strstr(wb_last_error(), "convolution"),
                      "conv_out_size(in %d, k %d, stride %d, pad %d) = %d (message \"%s\"), want -1 and a message",
                      c[0], c[1], c[2], c[3], got, wb_last_error());
    }
}

WB_TEST(image_convolve_flips_the_kernel, .points = 3,
        .hint = "Convolution applies the kernel upside down and left to right: out[i][j] adds k[u][v] times the "
                "pixel at (i + ch - u, j + cw - v), ch and cw the kernel's centre. A single bright pixel then "
                "comes out as a copy of the kernel itself.",
        .hint2 = "If the copy of the kernel comes out rotated by 180 degrees, you computed cross-correlation "
                 "(i - ch + u): right for a conv layer, wrong for image_convolve.",
        .hint3 = "The kernel is KH rows of KW weights, stored row by row: weight (u, v) is "
                 "k[u*KW + v]. A 3x5 kernel (KH != KW) comes out scrambled if a row is counted KH "
                 "long.") {
    /* one bright pixel at (2, 3) of a 5x6 black picture: the impulse response is the kernel, centred there */
    float img[5 * 6] = {0}, out[5 * 6], want[5 * 6] = {0};
    img[2 * 6 + 3] = 1.0f;
    const float k[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    for (int u = 0; u < 3; u++)
        for (int v = 0; v < 3; v++) want[(1 + u) * 6 + 2 + v] = k[u * 3 + v];
    for (int i = 0; i < 30; i++) out[i] = NAN;
    image_convolve(img, 5, 6, k, 3, 3, EDGE_ZERO, out);
    WB_ASSERT_CLOSE(out, want, 30, 0, 0); /* one product with 1, plus zeros: exact */

    /* the same bright pixel through a 3x5 kernel (KH = 3 rows of KW = 5, centre (1, 2)): the copy
       covers rows 1..3, columns 1..5 */
    const float k35[15] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    float want35[5 * 6] = {0};
    for (int u = 0; u < 3; u++)
        for (int v = 0; v < 5; v++) want35[(1 + u) * 6 + 1 + v] = k35[u * 5 + v];
    for (int i = 0; i < 30; i++) out[i] = NAN;
    image_convolve(img, 5, 6, k35, 3, 5, EDGE_ZERO, out);
    WB_ASSERT_CLOSE(out, want35, 30, 0, 0);

    /* a 1x3 kernel (1, 0, -1) on the row 0 1 4 9: out[j] = x[j+1] - x[j-1] (flipped: right minus left) */
    float row[4] = {0, 1, 4, 9}, d[4], want_d[4] = {1, 4, 8, -4}; /* zeros outside */
    const float diff[3] = {1, 0, -1};
    image_convolve(row, 1, 4, diff, 1, 3, EDGE_ZERO, d);
    WB_ASSERT_CLOSE(d, want_d, 4, 0, 0);
}

WB_TEST(image_convolve_edges, .points = 2,
        .hint = "EDGE_ZERO: a pixel outside the picture counts as 0. EDGE_CLAMP: it is the nearest pixel of the "
                "picture (clamp the row and the column into range separately).",
        .hint2 = "Clamp rows AND columns: at a corner both are out of range at once.") {
    /* 2x3 picture, 3x3 kernel of ones: each output is the sum of its neighbourhood */
    const float img[6] = {1, 2, 3,
                          4, 5, 6};
    const float ones[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    float out[6];
    /* zeros outside: (0,0) sees 1 2 4 5 = 12; (0,1) sees 1 2 3 4 5 6 = 21; (0,2) 2 3 5 6 = 16 */
    const float want_zero[6] = {12, 21, 16, 12, 21, 16};
    for (int i = 0; i < 6; i++) out[i] = NAN;
    image_convolve(img, 2, 3, ones, 3, 3, EDGE_ZERO, out);
    WB_ASSERT_CLOSE(out, want_zero, 6, 0, 0);
    /* clamped: (0,0) sees rows (0,0,1) and columns (0,0,1): 2*(1+1+2) + (4+4+5) = 21;
       (0,1): rows (0,0,1), columns 0..2: 2*6 + 15 = 27; (0,2): 2*(2+3+3) + (5+6+6) = 33;
       row 1 mirrors it with rows (0,1,1): (1,0) = (1+1+2) + 2*(4+4+5) = 30, (1,1) = 6 + 30 = 36,
       (1,2) = 8 + 34 = 42 */
    const float want_clamp[6] = {21, 27, 33, 30, 36, 42};
    for (int i = 0; i < 6; i++) out[i] = NAN;
    image_convolve(img, 2, 3, ones, 3, 3, EDGE_CLAMP, out);
    WB_ASSERT_CLOSE(out, want_clamp, 6, 0, 0);
}

WB_TEST(classic_kernels_on_flat_and_ramp, .points = 2,
        .hint = "A kernel whose weights sum to s turns a flat picture into s times it, when the edges are "
                "clamped: box, Gaussian, sharpen and emboss sum to 1; outline and Sobel to 0.",
        .hint2 = "On a ramp growing by 1 per column, Sobel x (a convolution kernel, so flipped) gives right "
                 "minus left times 1+2+1: +8, positive. Sobel y is 0 there.") {
    enum { H = 5, W = 6 };
    float flat[H * W], ramp[H * W], out[H * W], want[H * W];
    for (int i = 0; i < H * W; i++) flat[i] = 0.5f, ramp[i] = (float)(i % W);
    for (int k = 0; k < KERNEL_COUNT; k++) {
        float sum = 0;
        for (int t = 0; t < 9; t++) sum += image_kernels[k][t];
        for (int i = 0; i < H * W; i++) want[i] = 0.5f * sum, out[i] = NAN;
        image_convolve(flat, H, W, image_kernels[k], 3, 3, EDGE_CLAMP, out);
        /* nine products of 0.5 with weights of at most 8: error a few ulps of 4 */
        ck_assert_msg(wb_compare_floats(out, want, H * W, 0, 1e-6, NULL, 0) == 0,
                      "%s on a flat picture of 0.5 (edges clamped): out[0] = %g, out[7] = %g, want %g everywhere",
                      image_kernel_names[k], out[0], out[7], want[0]);
    }
    /* interior columns 1..W-2 of the ramp; clamped edges see a slope of 1 on one side only: +4 */
    for (int i = 0; i < H * W; i++) out[i] = NAN;
    image_convolve(ramp, H, W, image_kernels[KERNEL_SOBEL_X], 3, 3, EDGE_CLAMP, out);
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) want[i * W + j] = (j == 0 || j == W - 1) ? 4.0f : 8.0f;
    WB_ASSERT_CLOSE(out, want, H * W, 0, 0); /* small integers: exact */
    image_convolve(ramp, H, W, image_kernels[KERNEL_SOBEL_Y], 3, 3, EDGE_CLAMP, out);
    for (int i = 0; i < H * W; i++) want[i] = 0;
    WB_ASSERT_CLOSE(out, want, H * W, 0, 0);
}

WB_TEST(gaussian_kernel_closed_form, .points = 2,
        .hint = "Each weight is exp(-(du^2 + dv^2) / (2 sigma^2)) with du, dv the offsets from the centre; then "
                "divide by the sum so that the weights add up to 1.",
        .hint2 = "Sigma is squared: with sigma = 2 the weight next to the centre is exp(-1/8) times the centre, "
                 "not exp(-1/4).") {
    float k[25];
    for (int t = 0; t < 2; t++) {
        float sigma = t ? 2.0f : 0.5f;
        for (int i = 0; i < 25; i++) k[i] = NAN;
        gaussian_kernel(5, sigma, k);
        double total = 0, want[25];
        for (int u = 0; u < 5; u++)
            for (int v = 0; v < 5; v++) {
                want[u * 5 + v] = exp(-((u - 2) * (u - 2) + (v - 2) * (v - 2)) / (2.0 * sigma * sigma));
                total += want[u * 5 + v];
            }
        float wantf[25];
        for (int i = 0; i < 25; i++) wantf[i] = (float)(want[i] / total);
        WB_ASSERT_CLOSE(k, wantf, 25, 1e-5, 1e-9); /* expf and a float sum of 25 terms: ~10 ulps */
    }
}

WB_TEST(gradient_magnitude_is_euclidean, .points = 1,
        .hint = "The magnitude of the gradient (gx, gy) is its Euclidean length, sqrt(gx^2 + gy^2): an edge at "
                "45 degrees is no stronger than a vertical one.") {
    const float gx[4] = {3, -3, 0, -5}, gy[4] = {4, 4, -2, 12};
    float mag[4] = {NAN, NAN, NAN, NAN};
    const float want[4] = {5, 5, 2, 13};
    gradient_magnitude(gx, gy, 4, mag);
    WB_ASSERT_CLOSE(mag, want, 4, 1e-7, 0); /* sqrtf is correctly rounded, the squares are exact */
}

WB_TEST(image_to_grey_uses_luma, .points = 1,
        .hint = "Grey pixels are just p / 255. For RGB the eye weighs the channels unequally: "
                "0.299 R + 0.587 G + 0.114 B, over 255 (ITU-R BT.601), not their plain mean.") {
    unsigned char rgb[4 * 3] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    wb_image im = {.width = 2, .height = 2, .channels = 3, .pixels = rgb};
    float g[4] = {NAN, NAN, NAN, NAN};
    const float want[4] = {0.299f, 0.587f, 0.114f, 1.0f};
    image_to_grey(&im, g);
    WB_ASSERT_CLOSE(g, want, 4, 1e-6, 0); /* three products and a division: a few ulps */
    unsigned char grey[3] = {0, 51, 255};
    wb_image gi = {.width = 3, .height = 1, .channels = 1, .pixels = grey};
    const float want_g[3] = {0, 0.2f, 1};
    image_to_grey(&gi, g);
    WB_ASSERT_CLOSE(g, want_g, 3, 1e-6, 0);
}
