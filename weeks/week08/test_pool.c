/* test_pool.c — tests for pool.c: max and average pooling on a plane worked by hand (ties and
 * all-negative windows included), max pooling on a non-square plane, with two tied maxima, and at
 * strides above and below K, the routing of max pooling's gradient, overlapping windows, the
 * arg-max inside each plane of a batch, average pooling on non-square planes of a batch and at a
 * stride other than K, and both backward passes against finite differences. */
#include "conv_testlib.h"
#include "testing.h"

/* One 4x4 plane: window (0,0) has its max 4 at (1,0); window (0,1) is a tie of four 2s; the bottom
   windows are all negative. */
static const float P44[16] = {1, 3, 2, 2,
                              4, 0, 2, 2,
                              -5, -1, -7, -3,
                              -2, -6, -4, -9};

WB_TEST(maxpool_forward_by_hand, .points = 2,
        .hint = "Each output is the largest value of its K x K window (top-left corner at (oi*stride, oj*stride)); "
                "argmax records where it was, as row*W + column inside the plane. Start from the window's first "
                "value, not from 0: windows can be all negative.",
        .hint2 = "On a tie the FIRST largest value in row-major order wins: replace only on a strictly larger "
                 "value. The tie window (0,1) here must give index 2, not 7.") {
    pool_shape p = {.N = 1, .C = 1, .H = 4, .W = 4, .K = 2, .stride = 2};
    float y[4] = {NAN, NAN, NAN, NAN};
    int arg[4] = {-1, -1, -1, -1};
    maxpool2d_forward(&p, P44, y, arg);
    const float want[4] = {4, 2, -1, -3};
    const int want_arg[4] = {4, 2, 9, 11};
    WB_ASSERT_CLOSE(y, want, 4, 0, 0);
    for (int o = 0; o < 4; o++)
        ck_assert_msg(arg[o] == want_arg[o], "argmax of window %d = %d, want %d (row*W + column in the plane)", o,
                      arg[o], want_arg[o]);
}

/* Asserts the max-pooled values and arg-maxes of one plane (n <= 8 outputs) against the
   hand-worked ones: comparisons and copies only, so exact. */
static void check_maxpool(const pool_shape *p, const float *x, const float *want,
                          const int *want_arg, int n, const char *what) {
    float y[8];
    int arg[8];
    for (int o = 0; o < n; o++) y[o] = NAN, arg[o] = -1;
    maxpool2d_forward(p, x, y, arg);
    for (int o = 0; o < n; o++)
        ck_assert_msg(y[o] == want[o] && arg[o] == want_arg[o], "%s: %dx%d plane, %dx%d windows at "
                      "stride %d, output %d: max %g at index %d, want %g at %d (i*W + j, W = %d)",
                      what, p->H, p->W, p->K, p->K, p->stride, o, y[o], arg[o], want[o],
                      want_arg[o], p->W);
}

/* A 4x6 plane (H != W), 2x2 windows at stride 2: 2x3 outputs, each maximum off row 0 except one. */
WB_TEST(maxpool_non_square_plane, .points = 1,
        .hint = "Row i of a plane starts at i*W, W the plane's WIDTH (the number of columns): the "
                "window of (oi, oj) holds x[(oi*stride + u)*W + oj*stride + v], and argmax is "
                "stored the same way, i*W + j. The outputs are a plane too, OH rows of OW: output "
                "(oi, oj) is at oi*OW + oj, in the forward and in the backward.",
        .hint2 = "On a square plane H and W are the same number; here H = 4, W = 6, so a row "
                 "counted H long reads pixels of the wrong rows and stores the wrong index. The "
                 "output is 2x3: its rows are OW = 3 long, and there are OH = 2 of them.") {
    pool_shape p = {.N = 1, .C = 1, .H = 4, .W = 6, .K = 2, .stride = 2};
    const float x[24] = {1, 2, 3, 0, -1, 4,
                         7, 0, 5, 6, 2, -3,
                         0, -2, 8, 1, 9, 3,
                         -4, 3, 2, 7, 1, 10};
    /* windows by hand: {1 2 7 0} -> 7 at (1,0); {3 0 5 6} -> 6 at (1,3); {-1 4 2 -3} -> 4 at (0,5);
       {0 -2 -4 3} -> 3 at (3,1); {8 1 2 7} -> 8 at (2,2); {9 3 1 10} -> 10 at (3,5) */
    const float want[6] = {7, 6, 4, 3, 8, 10};
    const int want_arg[6] = {6, 9, 5, 19, 14, 23};
    check_maxpool(&p, x, want, want_arg, 6, "maxpool2d_forward");

    /* backward on the same 2x3 outputs (OH != OW): output (oi, oj) is dy[oi*3 + oj], and its dy
       goes to that window's winner; dy and dx are exactly 6 and 24 floats, nothing after them */
    float *dy = wb_guarded_floats(6, "dy, the 2x3 output gradients");
    float *dx = wb_guarded_floats(24, "dx, the 4x6 input gradients");
    int arg[6];
    for (int o = 0; o < 6; o++) dy[o] = (float)(o + 1), arg[o] = want_arg[o];
    for (int i = 0; i < 24; i++) dx[i] = NAN;
    maxpool2d_backward(&p, dy, arg, dx);
    for (int i = 0; i < 24; i++) {
        float w = 0;
        for (int o = 0; o < 6; o++)
            if (want_arg[o] == i) w = dy[o];
        ck_assert_msg(dx[i] == w, "maxpool2d_backward, 4x6 plane, 2x3 outputs: dx[%d] (row %d, "
                      "column %d) = %g, want %g (dy[oi*OW + oj] goes to its window's argmax)", i,
                      i / 6, i % 6, (double)dx[i], (double)w);
    }
    wb_guarded_free(dy), wb_guarded_free(dx);
}

/* Ties decided in row-major order: window 0 of this 2x4 plane has its max 5 twice, at (0,1) and
   (1,0); window 1 has -1 twice, at (0,3) and (1,2). Row-major, (0,1) comes first. */
WB_TEST(maxpool_ties_first_in_row_major, .points = 1,
        .hint = "On a tie the winner is the FIRST largest value in row-major order: scan the "
                "window row by row (u outer, v inner), left to right, and replace the best only "
                "on a strictly larger value.",
        .hint2 = "Here (0,1) and (1,0) tie: row-major order reaches (0,1) first, index 1. Scanning "
                 "column by column (v outer) reaches (1,0) first and gives index 4.") {
    pool_shape p = {.N = 1, .C = 1, .H = 2, .W = 4, .K = 2, .stride = 2};
    const float x[8] = {0, 5, -2, -1,
                        5, 1, -1, -3};
    const float want[2] = {5, -1};
    const int want_arg[2] = {1, 3};
    check_maxpool(&p, x, want, want_arg, 2, "maxpool2d_forward, tied window");
}

/* Windows that do not tile the plane. Stride 3 > K 2 on a 5x6 plane: windows at rows 0, 3 and
   columns 0, 3, and the pixels in no window (row 2, columns 2 and 5) are the largest of all.
   Stride 2 < K 3 on a 3x5 plane: two windows sharing column 2. */
WB_TEST(maxpool_stride_other_than_k, .points = 2,
        .hint = "The window of (oi, oj) is the K x K block whose top-left corner is (oi*stride, "
                "oj*stride): start the running maximum from that corner (a pixel of the window), "
                "and scan all K x K of it, whatever the stride.",
        .hint2 = "K and stride differ here. A pixel outside every window (the gaps of stride 3 > "
                 "K 2 hold 50, 60, 70, 80) must never win: a start or a step counted in K instead "
                 "of the stride lands there. With stride 2 < K 3 the windows overlap: each still "
                 "has K*K = 9 pixels, not stride*stride.") {
    pool_shape p = {.N = 1, .C = 1, .H = 5, .W = 6, .K = 2, .stride = 3};
    ck_assert_msg(pool_shape_check(&p) == 0 && pool_out_h(&p) == 2 && pool_out_w(&p) == 2,
                  "5x6 pooled 2x2 at stride 3: want 2x2 (%s)", wb_last_error());
    const float x[30] = {1, 4, 50, 2, 7, -1,
                         3, 2, -8, 9, 5, -2,
                         60, -3, 70, -4, -5, 80,
                         6, 0, -6, -7, -9, -3,
                         5, 8, -1, -8, -10, -9};
    /* {1 4 3 2} -> 4 at (0,1); {2 7 9 5} -> 9 at (1,3); {6 0 5 8} -> 8 at (4,1);
       {-7 -9 -8 -10} -> -7 at (3,3) */
    const float want[4] = {4, 9, 8, -7};
    const int want_arg[4] = {1, 9, 25, 21};
    check_maxpool(&p, x, want, want_arg, 4, "maxpool2d_forward, stride 3 > K 2");

    pool_shape q = {.N = 1, .C = 1, .H = 3, .W = 5, .K = 3, .stride = 2};
    const float xq[15] = {1, 0, 2, 3, -1,
                          4, -2, 0, 1, 5,
                          0, 3, 9, 2, 11};
    /* columns 0..2: 9 at (2,2); columns 2..4: 11 at (2,4), each in the window's last row */
    const float wantq[2] = {9, 11};
    const int wantq_arg[2] = {12, 14};
    check_maxpool(&q, xq, wantq, wantq_arg, 2, "maxpool2d_forward, stride 2 < K 3");
}

WB_TEST(maxpool_backward_routes_to_argmax, .points = 2,
        .hint = "The max is y = x[argmax]: its derivative is 1 for that one input and 0 for every other input of "
                "the window. So dx is zero except at the arg-max of each window, which receives that window's dy.",
        .hint2 = "When windows overlap (stride < K) one input can win several windows: it receives the SUM of "
                 "their dy.") {
    pool_shape p = {.N = 1, .C = 1, .H = 4, .W = 4, .K = 2, .stride = 2};
    const float dy[4] = {1, 2, 3, 4};
    const int arg[4] = {4, 2, 9, 11};
    float dx[16], want[16] = {0};
    for (int i = 0; i < 16; i++) dx[i] = NAN;
    want[4] = 1, want[2] = 2, want[9] = 3, want[11] = 4;
    maxpool2d_backward(&p, dy, arg, dx);
    WB_ASSERT_CLOSE(dx, want, 16, 0, 0);

    /* overlapping: 2x2 windows, stride 1, on a 3x3 plane whose centre wins all four windows */
    pool_shape q = {.N = 1, .C = 1, .H = 3, .W = 3, .K = 2, .stride = 1};
    const float x[9] = {0, 1, 0, 2, 9, 3, 0, 4, 0};
    float y[4];
    int a[4];
    maxpool2d_forward(&q, x, y, a);
    float dx9[9], want9[9] = {0, 0, 0, 0, 1 + 2 + 3 + 4, 0, 0, 0, 0};
    for (int i = 0; i < 9; i++) dx9[i] = NAN;
    maxpool2d_backward(&q, dy, a, dx9);
    WB_ASSERT_CLOSE(dx9, want9, 9, 0, 0);
}

/* A batch of N = 2 images x C = 3 channels, six planes made from P44: as it is, negated,
   transposed (P44[j][i]), transposed and negated, mirrored (P44[i][3 - j]), mirrored and negated.
   Their winners, worked by hand window by window, are indices i*W + j INSIDE each plane. */
static void six_planes(float *x) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            const float a = P44[i * 4 + j], t = P44[j * 4 + i], m = P44[i * 4 + 3 - j];
            x[i * 4 + j] = a, x[16 + i * 4 + j] = -a, x[32 + i * 4 + j] = t;
            x[48 + i * 4 + j] = -t, x[64 + i * 4 + j] = m, x[80 + i * 4 + j] = -m;
        }
}
static const float SIX_Y[24] = {4, 2, -1, -3,   0, -2, 6, 9,   4, -1, 2, -3,
                                0, 6, -2, 9,    2, 4, -3, -1,  -2, 0, 9, 6};
static const int SIX_ARG[24] = {4, 2, 9, 11,   5, 2, 13, 15,  1, 6, 8, 14,
                                5, 7, 8, 15,   0, 7, 8, 10,   0, 6, 12, 14};

WB_TEST(maxpool_argmax_within_each_plane, .points = 2,
        .hint = "argmax holds, for each output, where its winner is inside its OWN input plane: "
                "i*W + j, from 0 to H*W - 1, in every image and channel alike. The backward finds "
                "the plane (n*C + c) itself and routes dy to that plane's element argmax.",
        .hint2 = "An index counted from the start of the whole batch ((n*C + c)*H*W + i*W + j) is "
                 "not what the header promises (week 09 and PyTorch's return_indices read it per "
                 "plane): here plane 5's winners are 0..15 too, and its dy lands in plane 5.") {
    pool_shape p = {.N = 2, .C = 3, .H = 4, .W = 4, .K = 2, .stride = 2};
    float x[96], y[24], dx[96], want_dx[96] = {0}, dy[24];
    int arg[24];
    six_planes(x);
    for (int o = 0; o < 24; o++) y[o] = NAN, arg[o] = -1;
    maxpool2d_forward(&p, x, y, arg);
    WB_ASSERT_CLOSE(y, SIX_Y, 24, 0, 0);
    for (int o = 0; o < 24; o++)
        ck_assert_msg(arg[o] == SIX_ARG[o], "maxpool2d_forward: plane %d (image %d, channel %d), "
                      "window %d: argmax %d, want %d (i*W + j inside the plane)", o / 4, o / 12,
                      o / 4 % 3, o % 4, arg[o], SIX_ARG[o]);
    /* backward from the hand-worked argmax (not the forward's): plane k's dy goes to plane k */
    for (int o = 0; o < 24; o++) dy[o] = (float)(o + 1), want_dx[o / 4 * 16 + SIX_ARG[o]] = dy[o];
    for (int i = 0; i < 96; i++) dx[i] = NAN;
    maxpool2d_backward(&p, dy, SIX_ARG, dx);
    char msg[256];
    if (wb_compare_floats(dx, want_dx, 96, 0, 0, msg, sizeof msg))
        ck_abort_msg("maxpool2d_backward, 6 planes of 16 (plane k's dy goes to element k*16 + "
                     "argmax): %s", msg);
}

WB_TEST(avgpool_by_hand, .points = 2,
        .hint = "Average pooling: each output is the sum of its window over K*K. Backward: every input of the "
                "window receives dy / (K*K), the same share for all.",
        .hint2 = "A window of 2x2 has 4 inputs: divide by K*K = 4, not by K.") {
    pool_shape p = {.N = 1, .C = 1, .H = 4, .W = 4, .K = 2, .stride = 2};
    float y[4] = {NAN, NAN, NAN, NAN}, dx[16];
    avgpool2d_forward(&p, P44, y);
    const float want[4] = {(1 + 3 + 4 + 0) / 4.0f, 2, (-5 - 1 - 2 - 6) / 4.0f, (-7 - 3 - 4 - 9) / 4.0f};
    WB_ASSERT_CLOSE(y, want, 4, 0, 0); /* quarters of small integers: exact */
    const float dy[4] = {4, 8, -4, 2};
    for (int i = 0; i < 16; i++) dx[i] = NAN;
    avgpool2d_backward(&p, dy, dx);
    float want_dx[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) want_dx[i * 4 + j] = dy[(i / 2) * 2 + j / 2] / 4;
    WB_ASSERT_CLOSE(dx, want_dx, 16, 0, 0);
}

/* One 4x6 plane x[i][j] = 6i + j (H != W) pooled in 2x2 windows at stride 2: 2x3 outputs (OH != OW).
   Window (oi, oj) holds 12oi + 2oj + {0, 1, 6, 7}: its mean is 12oi + 2oj + 3.5. Then a batch of
   N = 2 images x C = 2 channels of such planes, plane k = n*C + c shifted by 100k. */
WB_TEST(avgpool_non_square_batch, .points = 1,
        .hint = "The outputs of a plane are OH rows of OW: output (oi, oj) is at oi*OW + oj, in y "
                "and in dy alike, and OH, OW come from the plane's own H and W (pool_out_h, "
                "pool_out_w).",
        .hint2 = "Here the input is 4x6 and the output 2x3: a row of outputs is OW = 3 long, and "
                 "there are OH = 2 rows. On a square plane the two counts are the same number and "
                 "either one works; here output (1, 0) is y[3], and its window is rows 2..3, "
                 "columns 0..1.",
        .hint3 = "In a batch, plane k = n*C + c of x (and of dx) starts at k*H*W, its outputs (and "
                 "their dy) at k*OH*OW: each array is counted in its own plane size.") {
    pool_shape p = {.N = 1, .C = 1, .H = 4, .W = 6, .K = 2, .stride = 2};
    ck_assert_msg(pool_shape_check(&p) == 0 && pool_out_h(&p) == 2 && pool_out_w(&p) == 3,
                  "4x6 pooled 2x2 at stride 2: want 2x3 (%s)", wb_last_error());
    const float d[6] = {4, 8, -4, 2, 12, -8}; /* shares dy/4 = 1, 2, -1, 0.5, 3, -2 */
    for (int planes = 1; planes <= 4; planes += 3) {
        p.N = planes == 1 ? 1 : 2, p.C = planes == 1 ? 1 : 2;
        const int nx = planes * 24, ny = planes * 6;
        /* every buffer exactly its size, nothing after it */
        float *x = wb_guarded_floats(nx, planes == 1 ? "x, the 4x6 plane" : "x, 4 planes of 4x6");
        float *y = wb_guarded_floats(ny, planes == 1 ? "y, the 2x3 outputs" : "y, 4 planes of 2x3 outputs");
        float *dy = wb_guarded_floats(ny, planes == 1 ? "dy, the 2x3 output gradients" : "dy, 4 planes of 2x3");
        float *dx = wb_guarded_floats(nx, planes == 1 ? "dx, the 4x6 input gradients" : "dx, 4 planes of 4x6");
        float want[24], want_dx[96];
        for (int k = 0; k < planes; k++) {
            for (int i = 0; i < 24; i++) x[k * 24 + i] = (float)(100 * k + i), dx[k * 24 + i] = NAN;
            for (int oi = 0; oi < 2; oi++)
                for (int oj = 0; oj < 3; oj++) {
                    const int o = k * 6 + oi * 3 + oj;
                    y[o] = NAN, dy[o] = d[oi * 3 + oj] + (float)k;
                    want[o] = (float)(100 * k + 12 * oi + 2 * oj) + 3.5f; /* quarters: exact */
                }
            /* non-overlapping windows: pixel (i, j) is in window (i/2, j/2) only */
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 6; j++) want_dx[k * 24 + i * 6 + j] = dy[k * 6 + (i / 2) * 3 + j / 2] / 4;
        }
        char msg[256];
        avgpool2d_forward(&p, x, y);
        if (wb_compare_floats(y, want, ny, 0, 0, msg, sizeof msg))
            ck_abort_msg("avgpool2d_forward, %d plane(s) of 4x6 -> 2x3: %s", planes, msg);
        avgpool2d_backward(&p, dy, dx);
        if (wb_compare_floats(dx, want_dx, nx, 0, 0, msg, sizeof msg))
            ck_abort_msg("avgpool2d_backward, %d plane(s) of 2x3 -> 4x6: %s", planes, msg);
        wb_guarded_free(x), wb_guarded_free(y), wb_guarded_free(dy), wb_guarded_free(dx);
    }
}

/* One 5x6 plane x[i][j] = 6i + j pooled in 2x2 windows at stride 3: the windows start at rows 0, 3
   and columns 0, 3, with a gap between them (row 2, columns 2 and 5 are in no window). */
WB_TEST(avgpool_stride_other_than_k, .points = 2,
        .hint = "A window is K x K wherever it sits: its mean is its sum over K*K, and the window "
                "of output (oi, oj) starts at row oi*stride, column oj*stride. Backward: each of "
                "its K*K inputs receives dy / (K*K); inputs in no window receive 0.",
        .hint2 = "K and stride are different numbers here (K = 2, stride 3): the divisor is the "
                 "window's size K*K = 4, not stride*stride = 9, and the windows step by the stride "
                 "(rows 0 and 3), not by K (rows 0 and 2).") {
    pool_shape p = {.N = 1, .C = 1, .H = 5, .W = 6, .K = 2, .stride = 3};
    ck_assert_msg(pool_shape_check(&p) == 0 && pool_out_h(&p) == 2 && pool_out_w(&p) == 2,
                  "5x6 pooled 2x2 at stride 3: want 2x2 (%s)", wb_last_error());
    float x[30], y[4] = {NAN, NAN, NAN, NAN}, dx[30];
    for (int i = 0; i < 30; i++) x[i] = (float)i;
    avgpool2d_forward(&p, x, y);
    /* (0+1+6+7)/4, (3+4+9+10)/4, (18+19+24+25)/4, (21+22+27+28)/4: quarters, exact */
    const float want[4] = {3.5f, 6.5f, 21.5f, 24.5f};
    WB_ASSERT_CLOSE(y, want, 4, 0, 0);
    const float dy[4] = {4, 8, -4, 2}; /* shares dy/4 = 1, 2, -1, 0.5 */
    const float want_dx[30] = {1, 1, 0, 2, 2, 0,
                               1, 1, 0, 2, 2, 0,
                               0, 0, 0, 0, 0, 0,
                               -1, -1, 0, 0.5f, 0.5f, 0,
                               -1, -1, 0, 0.5f, 0.5f, 0};
    for (int i = 0; i < 30; i++) dx[i] = NAN;
    avgpool2d_backward(&p, dy, dx);
    WB_ASSERT_CLOSE(dx, want_dx, 30, 0, 0);
}

/* Gradient checks on a batch of planes with an odd size (7x6, K 3, stride 2: the last row is never
   pooled), L = sum r * y. */
typedef struct { const pool_shape *p; float *x, *y, *r; int *arg; int max; } pool_ctx;
static double pool_loss(void *ctx) {
    pool_ctx *c = ctx;
    if (c->max) maxpool2d_forward(c->p, c->x, c->y, c->arg);
    else avgpool2d_forward(c->p, c->x, c->y);
    size_t n = (size_t)c->p->N * c->p->C * pool_out_h(c->p) * pool_out_w(c->p);
    double L = 0;
    for (size_t i = 0; i < n; i++) L += (double)c->r[i] * c->y[i];
    return L;
}

WB_TEST(pool_backward_gradcheck, .points = 2,
        .hint = "Both backward passes against finite differences, on 2 images x 3 channels of 7x6 with 3x3 windows "
                "at stride 2: each plane starts at (n*C + c)*H*W in x and at (n*C + c)*OH*OW in y.",
        .hint2 = "Overlapping windows (stride 2 < K 3) share inputs: their gradients add up, in max and in average "
                 "pooling. Inputs in no window (row 6 here) get 0.") {
    pool_shape p = {.N = 2, .C = 3, .H = 7, .W = 6, .K = 3, .stride = 2};
    ck_assert_msg(pool_shape_check(&p) == 0 && pool_out_h(&p) == 3 && pool_out_w(&p) == 2,
                  "7x6 pooled 3x3 at stride 2: want 3x2 (%s)", wb_last_error());
    enum { NX = 2 * 3 * 7 * 6, NY = 2 * 3 * 3 * 2 };
    wb_rng r;
    wb_rng_seed(&r, 11);
    /* distinct values 0.1 apart (a shuffled ramp): no ties, and a step of eps = 1e-2 never changes a
       window's winner, so the max is differentiable where we measure it */
    int perm[NX];
    for (int i = 0; i < NX; i++) perm[i] = i;
    wb_rng_shuffle(&r, perm, NX);
    float x[NX], y[NY], dx[NX], dy[NY];
    int arg[NY];
    for (int i = 0; i < NX; i++) x[i] = 0.1f * (float)(perm[i] - NX / 2);
    wb_rng_fill_uniform(&r, dy, NY, -1, 1);
    for (int max = 0; max <= 1; max++) {
        pool_ctx c = {&p, x, y, dy, arg, max};
        /* NaN where nothing is written: a forward that writes no y makes the loss NaN, not the
           constant 0 that a fresh process's zeroed stack would give (a gradient 0 = dx 0) */
        for (int i = 0; i < NY; i++) y[i] = NAN;
        for (int i = 0; i < NX; i++) dx[i] = NAN;
        if (max) {
            maxpool2d_forward(&p, x, y, arg);
            maxpool2d_backward(&p, dy, arg, dx);
        } else avgpool2d_backward(&p, dy, dx);
        /* linear between kinks: only rounding of ~y, /2eps: ~1e-5 */
        wb_gradcheck_result g = wb_gradcheck_within(pool_loss, &c, x, dx, NX, 1e-2, 1e-3, 1e-4);
        ck_assert_msg(g.ok, "%s pooling's dx wrong at [%ld]: analytic %.6g, numeric %.6g", max ? "max" : "average",
                      g.worst, g.analytic, g.numeric);
    }
    pool_shape bad = p;
    bad.K = 8;
    ck_assert_msg(pool_shape_check(&bad) == -1, "a window of 8 in a 7x6 plane accepted");
    bad = p, bad.C = 0;
    ck_assert_msg(pool_shape_check(&bad) == -1, "C = 0 accepted");
}
