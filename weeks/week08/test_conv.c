/* test_conv.c — tests for conv.c: the direct convolution layer forward on cases worked by hand,
 * and every gradient of its backward pass against finite differences on random asymmetric shapes,
 * stride 1 and 2, padding 0, 1 and 2. */
#include "conv_testlib.h"
#include "testing.h"

#include <string.h>

WB_TEST(conv_shape_check_reports, .points = 1, .edit = "image_kernels.c",
        .hint = "conv_shape_check is given: it fails only when conv_out_size (yours) says the kernel does not fit. "
                "Make conv_out_size right first.") {
    conv_shape ok = {.N = 2, .C = 3, .H = 7, .W = 5, .OC = 4, .KH = 3, .KW = 2, .stride = 2, .pad = 1};
    ck_assert_msg(conv_shape_check(&ok) == 0, "a valid shape rejected: %s", wb_last_error());
    ck_assert_msg(conv_out_h(&ok) == 4 && conv_out_w(&ok) == 3, "7x5, kernel 3x2, stride 2, pad 1: output %dx%d, "
                  "want 4x3", conv_out_h(&ok), conv_out_w(&ok));
    conv_shape bad[3] = {ok, ok, ok};
    bad[0].OC = 0;  /* no kernels */
    bad[1].KH = 10; /* taller than the padded input (9) */
    bad[2].KW = 8;  /* wider than the padded input (7) */
    for (int t = 0; t < 3; t++)
        ck_assert_msg(conv_shape_check(&bad[t]) == -1 && wb_last_error()[0] != '\0',
                      "bad shape %d accepted (or no message)", t);
}

/* x (3,4), w (2,2) = [1 -1; 2 0.5], b = 0.25: the outputs are worked out in the comments below */
static const float X34[12] = {1, 2, 0, -1,
                              0, 1, 3, 2,
                              -2, 1, 1, 0};
static const float W22[4] = {1, -1, 2, 0.5f};

WB_TEST(conv_forward_by_hand, .points = 3,
        .hint = "y[n][oc][oi][oj] = b[oc] + sum over c, u, v of w[oc][c][u][v] * x[n][c][oi*stride - pad + u]"
                "[oj*stride - pad + v]: the kernel laid on the input as it is (no flip), skipping taps that fall "
                "in the padding.",
        .hint2 = "Stride 1, no padding: y[0][0] = 1*1 - 1*2 + 2*0 + 0.5*1 + 0.25 = -0.25. If you get 5.75 the "
                 "kernel is flipped (that is image_convolve's job, not a conv layer's).",
        .hint3 = "Stride 2, padding 1: output (0,0)'s window starts at row -1, column -1, so only w[1][1] = 0.5 "
                 "touches the image, on x[0][0] = 1: y = 0.5. Stride 1, padding 1: the last output row's "
                 "window reaches row H = 3, below the image: rows 0..H-1 and columns 0..W-1 are the "
                 "image, every other tap is padding (zero, skipped).") {
    /* stride 1, pad 0: (3,4) -> (2,3). y[0][0] = 1 - 2 + 0 + 0.5 + 0.25 = -0.25; y[0][1] = 2 - 0 + 2 + 1.5 + 0.25;
       y[0][2] = 0 + 1 + 6 + 1 + 0.25; y[1][0] = 0 - 1 - 4 + 0.5 + 0.25; y[1][1] = 1 - 3 + 2 + 0.5 + 0.25;
       y[1][2] = 3 - 2 + 2 + 0 + 0.25 */
    conv_shape s = {.N = 1, .C = 1, .H = 3, .W = 4, .OC = 1, .KH = 2, .KW = 2, .stride = 1, .pad = 0};
    const float b = 0.25f, want1[6] = {-0.25f, 5.75f, 8.25f, -4.25f, 0.75f, 3.25f};
    float y[12];
    for (int i = 0; i < 12; i++) y[i] = NAN;
    conv2d_forward_direct(&s, X34, W22, &b, y);
    WB_ASSERT_CLOSE(y, want1, 6, 0, 1e-6); /* sums of a few halves and quarters: exact but for FMA order */

    /* stride 2, pad 1, no bias: (3,4) -> (2,3); windows start at rows -1, 1 and columns -1, 1, 3.
       (0,0): 0.5*x00 = 0.5; (0,1): 2*x01 + 0.5*x02 = 4; (0,2): 2*x03 = -2; (1,0): -1*x10 + 0.5*x20 = -1;
       (1,1): x11 - x12 + 2*x21 + 0.5*x22 = 0.5; (1,2): x13 + 2*x23 = 2 */
    s.stride = 2, s.pad = 1;
    const float want2[6] = {0.5f, 4, -2, -1, 0.5f, 2};
    for (int i = 0; i < 12; i++) y[i] = NAN;
    conv2d_forward_direct(&s, X34, W22, NULL, y);
    WB_ASSERT_CLOSE(y, want2, 6, 0, 1e-6);

    /* stride 1, pad 1, no bias: (3,4) -> (4,5), windows at rows -1..2 and columns -1..3, so the
       last output row and column lie half in the padding below and right of the image: row 3 is
       y[3][oj] = x[2][oj-1] - x[2][oj] = 2, -3, 0, 1, 0; the first row is 2*x[0][oj-1] +
       0.5*x[0][oj]. x and y are exactly 12 and 20 floats: the padding is not memory. */
    s.stride = 1, s.pad = 1;
    float *xg = wb_guarded_floats(12, "x, the 3x4 image (row 3 and column 4 are padding, not pixels)");
    float *yg = wb_guarded_floats(20, "y, the 4x5 outputs");
    for (int i = 0; i < 12; i++) xg[i] = X34[i];
    for (int i = 0; i < 20; i++) yg[i] = NAN;
    const float want3[20] = {0.5f, 3, 4, -0.5f, -2,
                             -1, -0.5f, 5.5f, 8, 3,
                             -1, -4.5f, 0.5f, 3, 2,
                             2, -3, 0, 1, 0};
    conv2d_forward_direct(&s, xg, W22, NULL, yg);
    WB_ASSERT_CLOSE(yg, want3, 20, 0, 1e-6);
    wb_guarded_free(xg), wb_guarded_free(yg);
}

WB_TEST(conv_forward_channels_and_batch, .points = 2,
        .hint = "Each output map sums over ALL input channels (a kernel is C x KH x KW), and "
                "image n of the batch starts at x + n*C*H*W, its output at y + n*OC*OH*OW.",
        .hint2 = "Here channel 1 is all ones and its kernel all ones: it adds 4 to every output of "
                 "channel 0's result. Image 1 is the negated picture: its outputs are 4.5 minus "
                 "image 0's.",
        .hint3 = "Three input channels, two maps: image 1 starts 3 planes into x and 2 maps into "
                 "y. An image offset counted in output maps (n*OC) for x, or in input planes (n*C) "
                 "for y, reads or writes image 1 in the wrong place.") {
    /* N = 2, C = 3, OC = 2 (C != OC: an offset counted in the wrong one shows). Kernel 0: W22 on
       channel 0, ones on channel 1, zero on channel 2; kernel 1: zero, -1 x ones, ones. Image 0 =
       (X34, ones, 0.5s), image 1 = (-X34, ones, -1s). */
    conv_shape s = {.N = 2, .C = 3, .H = 3, .W = 4, .OC = 2, .KH = 2, .KW = 2, .stride = 1,
                    .pad = 0};
    float x[2 * 3 * 12], w[2 * 3 * 4] = {0}, b[2] = {0.25f, 3}, y[2 * 2 * 6];
    for (int i = 0; i < 12; i++) {
        x[i] = X34[i], x[12 + i] = 1, x[24 + i] = 0.5f;
        x[36 + i] = -X34[i], x[48 + i] = 1, x[60 + i] = -1;
    }
    for (int i = 0; i < 4; i++) w[i] = W22[i], w[4 + i] = 1, w[16 + i] = -1, w[20 + i] = 1;
    const float a[6] = {-0.25f, 5.75f, 8.25f, -4.25f, 0.75f, 3.25f}; /* conv_forward_by_hand */
    float want[24];
    for (int o = 0; o < 6; o++) {
        want[o] = a[o] + 4;           /* image 0, map 0 */
        want[6 + o] = 3 - 4 + 2;      /* image 0, map 1: b - 4 + 4 * 0.5 */
        want[12 + o] = 4.5f - a[o];   /* image 1, map 0: -(a - 0.25) + 4 + 0.25 */
        want[18 + o] = 3 - 4 - 4;     /* image 1, map 1: b - 4 + 4 * (-1) */
    }
    for (int i = 0; i < 24; i++) y[i] = NAN;
    conv2d_forward_direct(&s, x, w, b, y);
    for (int n = 0; n < 2; n++) {
        char msg[256];
        if (wb_compare_floats(y + 12 * n, want + 12 * n, 12, 0, 1e-6, msg, sizeof msg))
            ck_abort_msg("image %d of 2 (C = 3 input planes each, OC = 2 maps each): %s", n, msg);
    }
}

/* Random shapes: every size different (a swapped H and W, or C (2 or 3) and OC (4), shows), and
   kernels that are not square. Stride 1 and 2, padding 0, 1 and 2. */
static conv_shape random_shape(wb_rng *r, int stride, int pad) {
    conv_shape s = {.N = 2, .C = 2 + (int)wb_rng_below(r, 2), .H = 5 + (int)wb_rng_below(r, 3),
                    .OC = 4, .KH = 3, .KW = 2, .stride = stride, .pad = pad};
    s.W = s.H + 1;
    if (wb_rng_below(r, 2)) s.KH = 2, s.KW = 3;
    return s;
}

/* The gradient check of one backward (direct, or im2col with col != NULL) on shape s. */
static void check_conv_gradients(const conv_shape *s, wb_rng *r, int fast) {
    size_t nx = tl_x_size(s), nw = tl_w_size(s), ny = tl_y_size(s);
    float *x = tl_random(r, nx), *w = tl_random(r, nw), *b = tl_random(r, s->OC), *dy = tl_random(r, ny);
    float *y = tl_nans(ny), *dx = tl_nans(nx), *dw = tl_nans(nw), *db = tl_nans(s->OC);
    float *col = fast ? tl_nans(conv_col_floats(s)) : NULL;
    if (fast) conv2d_backward(s, x, w, dy, dx, dw, db, col);
    else conv2d_backward_direct(s, x, w, dy, dx, dw, db);
    tl_conv_ctx c = {s, x, w, b, y, dy, col};
    /* L = sum dy * y is linear: the central difference is exact but for rounding. eps = 1e-2 moves
       ~30 outputs of size ~1 whose float rounding (~1e-7 each) divided by 2 eps is ~3e-5: far below
       the tolerance; a wrong gradient is off by O(1). */
    const char *what[3] = {"dx", "dw", "db"};
    float *param[3] = {x, w, b}, *grad[3] = {dx, dw, db};
    long n[3] = {(long)nx, (long)nw, (long)s->OC};
    for (int k = 0; k < 3; k++) {
        wb_gradcheck_result g = wb_gradcheck_within(tl_conv_loss, &c, param[k], grad[k], n[k], 1e-2, 1e-3, 1e-4);
        ck_assert_msg(g.ok, "%s %s wrong at [%ld] for N %d, C %d, H %d, W %d, OC %d, kernel %dx%d, stride %d, "
                      "pad %d: analytic %.6g, numeric %.6g", fast ? "conv2d_backward" : "conv2d_backward_direct",
                      what[k], g.worst, s->N, s->C, s->H, s->W, s->OC, s->KH, s->KW, s->stride, s->pad,
                      g.analytic, g.numeric);
    }
    free(x), free(w), free(b), free(dy), free(y), free(dx), free(dw), free(db), free(col);
}

WB_TEST(conv_backward_gradcheck_stride1, .points = 3,
        .hint = "db[oc] sums dy over images and pixels. dw[oc][c][u][v] sums dy times the input pixel that weight "
                "multiplied, over ALL images and output pixels. dx gets dy * w scattered back to every pixel the "
                "forward pass read.",
        .hint2 = "The weights are shared by the whole batch: add every image's contribution to dw, do not keep "
                 "only the last one. Skip the taps in the padding in backward exactly as in forward.") {
    wb_rng r;
    wb_rng_seed(&r, 8);
    for (int pad = 0; pad <= 2; pad++) {
        conv_shape s = random_shape(&r, 1, pad);
        check_conv_gradients(&s, &r, 0);
    }
}

WB_TEST(conv_backward_gradcheck_stride2, .points = 3,
        .hint = "With stride 2, output (oi, oj) read input row oi*2 - pad + u: the backward pass must use the "
                "same index, stride included, in dw and in dx.",
        .hint2 = "Inputs no window reached (the last row or column when the division in the size formula is not "
                 "exact) get a gradient of exactly 0.") {
    wb_rng r;
    wb_rng_seed(&r, 9);
    for (int pad = 0; pad <= 2; pad++) {
        conv_shape s = random_shape(&r, 2, pad);
        check_conv_gradients(&s, &r, 0);
    }
}

WB_TEST(conv_backward_overwrites, .points = 1,
        .hint = "Backward writes the gradient of this batch into dx, dw and db, whatever they held: calling it "
                "twice gives the same numbers, not twice them. dx or db may be NULL: skip those.") {
    wb_rng r;
    wb_rng_seed(&r, 10);
    conv_shape s = random_shape(&r, 2, 1);
    size_t nx = tl_x_size(&s), nw = tl_w_size(&s), ny = tl_y_size(&s);
    float *x = tl_random(&r, nx), *w = tl_random(&r, nw), *dy = tl_random(&r, ny);
    float *dx = tl_nans(nx), *dw = tl_nans(nw), *db = tl_nans(s.OC);
    float *dx1 = tl_nans(nx), *dw1 = tl_nans(nw), *db1 = tl_nans(s.OC);
    conv2d_backward_direct(&s, x, w, dy, dx1, dw1, db1);
    conv2d_backward_direct(&s, x, w, dy, dx, dw, db);
    conv2d_backward_direct(&s, x, w, dy, dx, dw, db); /* twice into the same buffers */
    WB_ASSERT_CLOSE(dx, dx1, (long)nx, 0, 0);
    WB_ASSERT_CLOSE(dw, dw1, (long)nw, 0, 0);
    WB_ASSERT_CLOSE(db, db1, s.OC, 0, 0);
    float *dw2 = tl_nans(nw);
    conv2d_backward_direct(&s, x, w, dy, NULL, dw2, NULL); /* the first layer: no dx */
    WB_ASSERT_CLOSE(dw2, dw1, (long)nw, 0, 0);
    free(x), free(w), free(dy), free(dx), free(dw), free(db), free(dx1), free(dw1), free(db1), free(dw2);
}
