/* test_layers.c — tests for layers.c: the dense layer by hand (B, in and out unequal) and against
 * finite differences (called twice: nothing may accumulate), ReLU forward and backward at and
 * around 0, and flatten against an independent definition of PyTorch's order. */
#include "lenet_testlib.h"

WB_TEST(fc_forward_by_hand, .points = 2,
        .hint = "y (B,out) = x (B,in) times W transposed, plus b: output o of example n is "
                "b[o] + sum_i x[n][i] W[o][i]. "
                "W is (out,in): row o holds output o's weights, as in PyTorch's nn.Linear.",
        .hint2 = "With wb_sgemm: M = B, N = out, K = in, the second operand (W) transposed; then add b[o] to column o "
                 "of every row (beta = 0 ignores what y held).",
        .hint3 = "Here B = 3 examples and out = 2 outputs: the bias goes on all B rows of y, each "
                 "row out floats long. A loop over the rows that stops at out leaves the last row "
                 "without its bias.") {
    /* B = 3 rows, in = 3, out = 2: B, in and out are not all equal, so a loop bound or a row
       length taken from the wrong one shows */
    const float x[9] = {1, 2, 3, -1, 0, 2, 2, -2, 1}, W[6] = {1, 0, -1, 2, 1, 0}, b[2] = {0.5f, -1};
    float *y = wb_guarded_floats(6, "y, the B*out = 3*2 outputs");
    wb_fill_nan(y, 6);
    fc_forward(x, W, b, y, 3, 3, 2);
    /* row 0: 1-3+0.5, 2+2-1; row 1: -1-2+0.5, -2+0-1; row 2: 2-1+0.5, 4-2-1 */
    const float want[6] = {-1.5f, 3, -2.5f, -3, 1.5f, 1};
    WB_ASSERT_CLOSE(y, want, 6, 0, 1e-6); /* small integers and halves: exact */
    wb_guarded_free(y);
}

typedef struct { const float *x, *W, *b, *r; float *y; int B, in, out; } fc_ctx;
static double fc_loss(void *ctx) { /* L = sum r * y: linear, so dL/dy = r */
    fc_ctx *c = ctx;
    fc_forward(c->x, c->W, c->b, c->y, c->B, c->in, c->out);
    double L = 0;
    for (int i = 0; i < c->B * c->out; i++) L += (double)c->r[i] * c->y[i];
    return L;
}

WB_TEST(fc_backward_gradcheck_twice, .points = 3,
        .hint = "dW = dy^T x (out,in): the batch is summed INSIDE the product; db[o] = the sum over the batch of "
                "dy[n][o]; dx = dy W (B,in). The test compares each with finite differences.",
        .hint2 = "The backward is called twice and must give the same gradients: it overwrites dW, db and dx "
                 "(beta = 0, and db set before summing), it does not add to what they held.",
        .hint3 = "dx = dy (B,out) times W (out,in), W NOT transposed. dx = NULL means skip dx "
                 "only: dW and db are still written (a first layer needs its parameters' "
                 "gradients but not its input's).") {
    enum { B = 3, IN = 5, OUT = 4 };
    wb_rng r;
    wb_rng_seed(&r, 5);
    float *x = tl_random(&r, B * IN, -1, 1), *W = tl_random(&r, OUT * IN, -1, 1), *b = tl_random(&r, OUT, -1, 1);
    float *dy = tl_random(&r, B * OUT, -1, 1), y[B * OUT];
    float *dx = tl_nans(B * IN), *dW = tl_nans(OUT * IN), *db = tl_nans(OUT);
    for (int call = 1; call <= 2; call++) {
        fc_backward(dy, x, W, dx, dW, db, B, IN, OUT);
        fc_ctx c = {x, W, b, dy, y, B, IN, OUT};
        /* L is linear in each of x, W, b: the central difference is exact up to float rounding of
           L (~1e-6 here) / 2 eps */
        WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(fc_loss, &c, W, dW, OUT * IN, 1e-2, 1e-3, 1e-4));
        WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(fc_loss, &c, b, db, OUT, 1e-2, 1e-3, 1e-4));
        WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(fc_loss, &c, (float *)x, dx, B * IN, 1e-2, 1e-3, 1e-4));
    }
    float dW2[OUT * IN], db2[OUT];
    memcpy(dW2, dW, sizeof dW2), memcpy(db2, db, sizeof db2);
    wb_fill_nan(dW, OUT * IN), wb_fill_nan(db, OUT); /* so that what is not written shows */
    fc_backward(dy, x, W, NULL, dW, db, B, IN, OUT); /* dx NULL: skipped, the rest the same */
    WB_ASSERT_CLOSE(dW, dW2, OUT * IN, 0, 0);
    WB_ASSERT_CLOSE(db, db2, OUT, 0, 0); /* NULL skips dx only: db is still written */
    free(x), free(W), free(b), free(dy), free(dx), free(dW), free(db);
}

WB_TEST(relu_by_hand, .points = 1,
        .hint = "Forward: max(x, 0). Backward: the gradient passes where the unit was on (its output > 0) and is 0 "
                "where it was off, including exactly at 0.",
        .hint2 = "The backward multiplies by the ReLU's slope, 0 or 1; it does not copy dy everywhere. It must work "
                 "in place (dx the same array as dy).") {
    const float x[5] = {-2, 0, 3, -0.5f, 1e-3f};
    float y[5] = {NAN, NAN, NAN, NAN, NAN};
    relu_forward(x, y, 5);
    const float want[5] = {0, 0, 3, 0, 1e-3f};
    WB_ASSERT_CLOSE(y, want, 5, 0, 0);
    float d[5] = {1, 2, 3, 4, 5};
    relu_backward(d, y, d, 5); /* in place */
    const float want_d[5] = {0, 0, 3, 0, 5};
    WB_ASSERT_CLOSE(d, want_d, 5, 0, 0);
}

WB_TEST(flatten_pytorch_order, .points = 2,
        .hint = "Each image's features are its maps one after the other, channel-major: feature (c*H + i)*W + j "
                "holds pixel (i, j) of map c. That is PyTorch's torch.flatten(x, 1) for NCHW tensors, and the order "
                "fc1's weights are saved in.",
        .hint2 = "Not (i*W + j)*C + c: that is TensorFlow's NHWC order, channels innermost. On NCHW memory the right "
                 "order copies each image's block as it is; the test checks exactly that.") {
    enum { B = 2, C = 2, H = 2, W = 3, F = C * H * W };
    float x[B * F], y[B * F], back[B * F];
    for (int i = 0; i < B * F; i++) x[i] = (float)(i + 1), y[i] = NAN, back[i] = NAN;
    flatten_forward(x, y, B, C, H, W);
    /* independent definition: torch.flatten(x, 1) of a contiguous NCHW tensor keeps the memory
       order, so row b of y is image b's block of x, unchanged */
    WB_ASSERT_CLOSE(y, x, B * F, 0, 0);
    /* one element by hand: image 1, channel 1, row 0, column 2 is x[((1*2 + 1)*2 + 0)*3 + 2] = x[20] */
    ck_assert_msg(y[1 * F + (1 * H + 0) * W + 2] == 21.0f, "image 1, channel 1, pixel (0,2) -> feature %d holds %g, "
                  "want 21 (channel-major)", (1 * H + 0) * W + 2, (double)y[1 * F + (1 * H + 0) * W + 2]);
    flatten_backward(y, back, B, C, H, W);
    WB_ASSERT_CLOSE(back, x, B * F, 0, 0); /* the inverse: every gradient back to its pixel */
}
