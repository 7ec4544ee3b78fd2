/* test_im2col.c — tests for im2col.c: the im2col matrix worked by hand, col2im as its adjoint
 * (and accumulating), the im2col + sgemm layer against the direct loops within a rounding bound,
 * its gradients against finite differences, and a conv layer set to the Sobel kernels reproducing
 * image_convolve exactly. */
#include "conv_testlib.h"
#include "testing.h"

#include <string.h>

static const float X33[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

WB_TEST(im2col_by_hand, .points = 2,
        .hint = "Row (c*KH + u)*KW + v of col holds, for every output position oi*OW + oj, the pixel that kernel "
                "tap (c, u, v) multiplies there: x[c][oi*stride - pad + u][oj*stride - pad + v], or 0 when it lies "
                "in the padding.",
        .hint2 = "3x3 image 1..9, 2x2 kernel, stride 2, padding 1: output (0,0)'s window starts at (-1,-1), so "
                 "only its tap (1,1) sees the image (pixel 1). The row of tap (1,1) is 1 3 7 9.") {
    conv_shape s = {.N = 1, .C = 1, .H = 3, .W = 3, .OC = 1, .KH = 2, .KW = 2, .stride = 1, .pad = 0};
    ck_assert_int_eq((int)conv_col_floats(&s), 16);
    float col[16];
    for (int i = 0; i < 16; i++) col[i] = NAN;
    im2col(&s, X33, col);
    const float want[16] = {1, 2, 4, 5,  /* tap (0,0) at the 4 positions */
                            2, 3, 5, 6,  /* tap (0,1) */
                            4, 5, 7, 8,  /* tap (1,0) */
                            5, 6, 8, 9}; /* tap (1,1) */
    WB_ASSERT_CLOSE(col, want, 16, 0, 0);
    s.stride = 2, s.pad = 1; /* output 2x2, windows at rows and columns -1 and 1 */
    for (int i = 0; i < 16; i++) col[i] = NAN;
    im2col(&s, X33, col);
    const float want2[16] = {0, 0, 0, 5,  /* tap (0,0): x[-1][-1], x[-1][1], x[1][-1], x[1][1] */
                             0, 0, 4, 6,  /* tap (0,1): x[-1][0], x[-1][2], x[1][0], x[1][2] */
                             0, 2, 0, 8,  /* tap (1,0): x[0][-1], x[0][1], x[2][-1], x[2][1] */
                             1, 3, 7, 9}; /* tap (1,1): x[0][0], x[0][2], x[2][0], x[2][2] */
    WB_ASSERT_CLOSE(col, want2, 16, 0, 0);
}

WB_TEST(col2im_accumulates, .points = 2,
        .hint = "col2im walks the same index map as im2col and ADDS each entry into its pixel: a pixel copied into "
                "four columns receives the sum of four entries. It does not clear dx first.",
        .hint2 = "col of all ones, 3x3 image, 2x2 kernel, stride 1, dx starting at 1: each pixel ends at 1 + the "
                 "number of windows that cover it: corners 2, edges 3, the centre 5.") {
    conv_shape s = {.N = 1, .C = 1, .H = 3, .W = 3, .OC = 1, .KH = 2, .KW = 2, .stride = 1, .pad = 0};
    float col[16], dx[9];
    for (int i = 0; i < 16; i++) col[i] = 1;
    for (int i = 0; i < 9; i++) dx[i] = 1;
    col2im(&s, col, dx);
    const float want[9] = {2, 3, 2, 3, 5, 3, 2, 3, 2};
    WB_ASSERT_CLOSE(dx, want, 9, 0, 0);
}

WB_TEST(col2im_is_the_adjoint, .points = 2,
        .hint = "col2im is the transpose of im2col: for any image x and any matrix c, "
                "<im2col(x), c> = <x, col2im(c)>. Every (row, column) of col maps to the same pixel in both.",
        .hint2 = "Use the stride in col2im's index exactly as im2col does; entries from the padding are dropped.") {
    wb_rng r;
    wb_rng_seed(&r, 12);
    for (int t = 0; t < 4; t++) {
        conv_shape s = {.N = 1, .C = 2, .H = 6, .W = 7, .OC = 1, .KH = 3, .KW = 2, .stride = 1 + t % 2, .pad = t / 2 + 1};
        size_t nx = (size_t)s.C * s.H * s.W, nc = conv_col_floats(&s);
        float *x = tl_random(&r, nx), *c = tl_random(&r, nc), *col = tl_nans(nc), *dx = tl_nans(nx);
        im2col(&s, x, col);
        memset(dx, 0, nx * sizeof *dx);
        col2im(&s, c, dx);
        double a = 0, b = 0, scale = 0;
        for (size_t i = 0; i < nc; i++) a += (double)col[i] * c[i], scale += fabs((double)col[i] * c[i]);
        for (size_t i = 0; i < nx; i++) b += (double)x[i] * dx[i];
        /* the same products in another order, dx summed in float (<= 6 terms): ~1e-7 of the scale */
        ck_assert_msg(scale > 0 && fabs(a - b) <= 1e-6 * scale, "stride %d, pad %d: <im2col(x), c> = %.9g but <x, col2im(c)> "
                      "= %.9g", s.stride, s.pad, a, b);
        free(x), free(c), free(col), free(dx);
    }
}

/* |a - b| <= bound element by element, with the bound from the sum of absolute values. */
static void assert_rounding_close(const float *got, const float *want, const float *abs_sum, size_t n,
                                  int terms, const char *what, const conv_shape *s) {
    for (size_t i = 0; i < n; i++) {
        /* Summing `terms` products in any order (FMA or not) errs by at most ~terms * 2^-24 times the sum
           of their absolute values (Higham, Accuracy and Stability, 3.1); each side has that error,
           hence the 2. */
        double tol = 2.0 * terms * 0x1p-24 * abs_sum[i] + 1e-30;
        ck_assert_msg(fabs((double)got[i] - want[i]) <= tol,
                      "%s[%zu] = %.9g via im2col + sgemm, %.9g direct (bound %.2g) for C %d, %dx%d, kernel %dx%d, "
                      "stride %d, pad %d", what, i, got[i], want[i], tol, s->C, s->H, s->W, s->KH, s->KW, s->stride,
                      s->pad);
    }
}

static float *absolute(const float *v, size_t n) {
    float *a = wb_malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++) a[i] = fabsf(v[i]);
    return a;
}

WB_TEST(im2col_conv_matches_direct, .points = 3,
        .hint = "Per image: im2col into col (R = C*KH*KW rows, L = OH*OW columns), then one wb_sgemm: "
                "y_n (OC,L) = w (OC,R) . col (R,L); then the bias along each row. Backward: dw = sum over n of "
                "dy_n . col_n^T, and dx_n = col2im(w^T . dy_n).",
        .hint2 = "dw must add up over the images: beta = 0 for the first, 1 for the others (or zero dw first and "
                 "always add). col2im adds into dx_n: zero it first.",
        .hint3 = "The two results differ only by the order of the additions: the test allows what rounding can do, "
                 "a bound computed from the sums of absolute values.") {
    wb_rng r;
    wb_rng_seed(&r, 13);
    for (int t = 0; t < 6; t++) {
        conv_shape s = {.N = 3, .C = 2 + t % 2, .H = 9, .W = 7, .OC = 4, .KH = 3, .KW = 5 - t % 3,
                        .stride = 1 + t % 2, .pad = t / 2};
        size_t nx = tl_x_size(&s), nw = tl_w_size(&s), ny = tl_y_size(&s);
        int L = conv_out_h(&s) * conv_out_w(&s), R = s.C * s.KH * s.KW;
        float *x = tl_random(&r, nx), *w = tl_random(&r, nw), *b = tl_random(&r, s.OC), *dy = tl_random(&r, ny);
        float *col = tl_nans(conv_col_floats(&s)), *y = tl_nans(ny), *y0 = tl_nans(ny), *ya = tl_nans(ny);
        float *ax = absolute(x, nx), *aw = absolute(w, nw), *ady = absolute(dy, ny), *ab = absolute(b, s.OC);
        conv2d_forward(&s, x, w, b, y, col);
        conv2d_forward_direct(&s, x, w, b, y0);
        conv2d_forward_direct(&s, ax, aw, ab, ya); /* the sums of |terms| */
        assert_rounding_close(y, y0, ya, ny, R + 1, "y", &s);

        float *dx = tl_nans(nx), *dw = tl_nans(nw), *db = tl_nans(s.OC);
        float *dx0 = tl_nans(nx), *dw0 = tl_nans(nw), *db0 = tl_nans(s.OC);
        float *adx = tl_nans(nx), *adw = tl_nans(nw), *adb = tl_nans(s.OC);
        conv2d_backward(&s, x, w, dy, dx, dw, db, col);
        conv2d_backward(&s, x, w, dy, dx, dw, db, col); /* twice: it must overwrite */
        conv2d_backward_direct(&s, x, w, dy, dx0, dw0, db0);
        conv2d_backward_direct(&s, ax, aw, ady, adx, adw, adb);
        assert_rounding_close(dx, dx0, adx, nx, s.OC * s.KH * s.KW, "dx", &s);
        assert_rounding_close(dw, dw0, adw, nw, s.N * L, "dw", &s);
        assert_rounding_close(db, db0, adb, s.OC, s.N * L, "db", &s);
        free(x), free(w), free(b), free(dy), free(col), free(y), free(y0), free(ya), free(ax), free(aw);
        free(ady), free(ab), free(dx), free(dw), free(db), free(dx0), free(dw0), free(db0), free(adx), free(adw);
        free(adb);
    }
}

WB_TEST(im2col_conv_gradcheck, .points = 2,
        .hint = "conv2d_backward against finite differences of conv2d_forward (not of the direct loops): dx, dw and "
                "db on 2 images, stride 2, padding 1, with dx wanted; then with dx = NULL (the first layer of a "
                "network) dw and db must be the same, and with dw = db = NULL dx must be: a NULL output is "
                "never written.",
        .hint2 = "Any of dx, dw and db may be NULL, as in conv2d_backward_direct: a NULL one is "
                 "skipped and the others are written all the same. With dw = db = NULL (only the "
                 "input's gradient wanted, a frozen layer) dx must be what it was with all three.") {
    wb_rng r;
    wb_rng_seed(&r, 14);
    conv_shape s = {.N = 2, .C = 3, .H = 8, .W = 7, .OC = 3, .KH = 3, .KW = 2, .stride = 2, .pad = 1};
    size_t nx = tl_x_size(&s), nw = tl_w_size(&s), ny = tl_y_size(&s);
    float *x = tl_random(&r, nx), *w = tl_random(&r, nw), *b = tl_random(&r, s.OC), *dy = tl_random(&r, ny);
    float *y = tl_nans(ny), *dx = tl_nans(nx), *dw = tl_nans(nw), *db = tl_nans(s.OC);
    float *col = tl_nans(conv_col_floats(&s)), *dw2 = tl_nans(nw), *db2 = tl_nans(s.OC);
    conv2d_backward(&s, x, w, dy, dx, dw, db, col);
    tl_conv_ctx c = {&s, x, w, b, y, dy, col};
    /* linear loss: see conv_testlib.h; tolerances as in test_conv.c */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(tl_conv_loss, &c, x, dx, (long)nx, 1e-2, 1e-3, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(tl_conv_loss, &c, w, dw, (long)nw, 1e-2, 1e-3, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(tl_conv_loss, &c, b, db, s.OC, 1e-2, 1e-3, 1e-4));
    conv2d_backward(&s, x, w, dy, NULL, dw2, db2, col);
    WB_ASSERT_CLOSE(dw2, dw, (long)nw, 0, 0);
    WB_ASSERT_CLOSE(db2, db, s.OC, 0, 0);
    float *dx2 = tl_nans(nx);
    conv2d_backward(&s, x, w, dy, dx2, NULL, NULL, col); /* dx only: the same operations, bit for bit */
    WB_ASSERT_CLOSE(dx2, dx, (long)nx, 0, 0);
    free(x), free(w), free(b), free(dy), free(y), free(dx), free(dw), free(db), free(col), free(dw2), free(db2);
    free(dx2);
}

WB_TEST(conv_layer_as_sobel_filter, .points = 2,
        .hint = "A conv layer computes cross-correlation, image_convolve true convolution: to make the layer "
                "reproduce image_convolve, load each kernel into the layer flipped (rotated by 180 degrees). With "
                "padding 1 and stride 1 a 3x3 layer keeps the size, and its zero padding is EDGE_ZERO.",
        .hint2 = "If this fails while the other tests pass, check the direction of the flip in image_convolve: "
                 "out[i][j] takes k[u][v] times img[i + 1 - u][j + 1 - v] for a 3x3 kernel.") {
    enum { H = 11, W = 9 };
    /* a picture of multiples of 1/256: with Sobel's small integer weights every partial sum is exact in
       float, so any order of summation gives the same bits, and "exactly" can be tested */
    wb_rng r;
    wb_rng_seed(&r, 15);
    float img[H * W], sobel[2][H * W], w[2 * 9], y[2 * H * W], col[9 * H * W];
    for (int i = 0; i < H * W; i++) img[i] = (float)wb_rng_below(&r, 256) / 256.0f;
    for (int k = 0; k < 2; k++) {
        const float *kern = image_kernels[k ? KERNEL_SOBEL_Y : KERNEL_SOBEL_X];
        image_convolve(img, H, W, kern, 3, 3, EDGE_ZERO, sobel[k]);
        for (int t = 0; t < 9; t++) w[k * 9 + t] = kern[8 - t]; /* flipped: (u,v) -> (2-u, 2-v) */
    }
    conv_shape s = {.N = 1, .C = 1, .H = H, .W = W, .OC = 2, .KH = 3, .KW = 3, .stride = 1, .pad = 1};
    for (int fast = 0; fast <= 1; fast++) {
        for (int i = 0; i < 2 * H * W; i++) y[i] = NAN;
        if (fast) conv2d_forward(&s, img, w, NULL, y, col);
        else conv2d_forward_direct(&s, img, w, NULL, y);
        for (int k = 0; k < 2; k++) {
            char msg[256];
            if (wb_compare_floats(y + k * H * W, sobel[k], H * W, 0, 0, msg, sizeof msg))
                ck_abort_msg("%s, Sobel %c: %s", fast ? "conv2d_forward" : "conv2d_forward_direct", k ? 'y' : 'x', msg);
        }
    }
}
