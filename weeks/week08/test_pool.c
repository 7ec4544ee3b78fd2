/* test_pool.c — tests for pool.c: max and average pooling on a plane worked by hand (ties and
 * all-negative windows included), the routing of max pooling's gradient, overlapping windows, and
 * both backward passes against finite differences. */
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
