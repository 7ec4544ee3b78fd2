/**
# The glue between the layers

Week 08 gave us the convolution and pooling layers; week 05's network had dense layers inside its
`mlp`. LeNet-5 needs three more small pieces, each a forward and a backward, written as plain
functions over arrays so the network can call them in sequence (as llm.c does for GPT-2).

**The fully connected layer** is $y = x W^\top + b$ for a minibatch: $x$ is $(B, \mathit{in})$,
$W$ is $(\mathit{out}, \mathit{in})$, row $o$ holding the weights of output $o$ (PyTorch's
`nn.Linear` stores it the same way), $b$ is $(\mathit{out})$. One `wb_sgemm` with the second
operand transposed, then the bias on every row. Backward, given $\delta y = \partial L / \partial y$
of shape $(B, \mathit{out})$:

$$\frac{\partial L}{\partial W} = \delta y^\top x \;(\mathit{out},\mathit{in}),\qquad
  \frac{\partial L}{\partial b_o} = \sum_n \delta y_{n,o},\qquad
  \frac{\partial L}{\partial x} = \delta y\, W \;(B,\mathit{in}).$$

The sums over the batch are inside the products; the gradients *overwrite* their buffers (the
network's one gradient buffer is written once per step, nothing accumulates from step to step).

**ReLU**, $y = \max(x, 0)$, passes the gradient where the unit was on: $\delta x = \delta y\,[y > 0]$.
We test $y > 0$ on the forward's *output*, which is the same as $x > 0$ and lets the backward read
the tensor that comes next in the activation buffer.

**Flatten** is where the picture stops being a picture: the pooled maps $(B, C, H, W)$ become
$(B, C H W)$ rows for the dense layers. Which order the features come in is a *convention*, and it
matters: the weights of `fc1` are only meaningful in the order they were trained with, and a model
saved here must load into PyTorch. We use PyTorch's: `torch.flatten(x, 1)` on NCHW memory is
channel-major, feature $f = (c H + i) W + j$ holds $x_{b,c,i,j}$ (TensorFlow's NHWC would give
$(i W + j) C + c$ instead). Backward is the inverse permutation: each gradient goes back to the
pixel it came from. (With NCHW memory the channel-major flatten moves nothing: it is a copy. That
is exactly why it is easy to get wrong silently when the memory layout changes.)
*/
#include "week09.h"

#include <string.h>

void fc_forward(const float *x, const float *W, const float *b, float *y, int B, int in, int out) {
    /* y (B,out) = x (B,in) times W^T (in,out): one wb_sgemm; then b[o] added to column o of every row */
    // BEGIN SOLUTION: the product, then the bias on every row
    wb_sgemm(0, 1, B, out, in, 1.0f, x, in, W, in, 0.0f, y, out);
    for (int n = 0; n < B; n++)
    // MUTANT fc_bias_rows_out: for (int n = 0; n < out; n++)
        for (int o = 0; o < out; o++) y[(size_t)n * out + o] += b[o];
    // END SOLUTION
}

void fc_backward(const float *dy, const float *x, const float *W, float *dx, float *dW, float *db, int B,
                 int in, int out) {
    /* dW = dy^T x (the batch is summed inside the product), db = the column sums of dy, dx = dy W
       (when dx is not NULL); all three overwritten, never added to */
    // BEGIN SOLUTION: dW, db, and dx when asked for
    wb_sgemm(1, 0, out, in, B, 1.0f, dy, out, x, in, 0.0f, dW, in);
    // MUTANT dw_accumulates: wb_sgemm(1, 0, out, in, B, 1.0f, dy, out, x, in, 1.0f, dW, in);
    for (int o = 0; o < out; o++) db[o] = 0.0f;
    // MUTANT fc_db_skipped_when_dx_null: if (!dx) return; for (int o = 0; o < out; o++) db[o] = 0.0f;
    for (int n = 0; n < B; n++)
        for (int o = 0; o < out; o++) db[o] += dy[(size_t)n * out + o];
    if (dx) wb_sgemm(0, 0, B, in, out, 1.0f, dy, out, W, in, 0.0f, dx, in);
    // MUTANT dx_uses_wt: if (dx) wb_sgemm(0, 1, B, in, out, 1.0f, dy, out, W, out, 0.0f, dx, in);
    // END SOLUTION
}

void relu_forward(const float *x, float *y, long n) {
    // BEGIN SOLUTION: y = max(x, 0) elementwise
    for (long i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
    // END SOLUTION
}

void relu_backward(const float *dy, const float *y, float *dx, long n) {
    // BEGIN SOLUTION: the gradient passes where the unit was on (y > 0) and is 0 where it was off
    /* dy[i] is read whatever y[i] is, then selected: the compiler can then do 4 or 8 at a time with
       a compare and a mask (reading dy only when y > 0 forbids that: the C code would not load it) */
    for (long i = 0; i < n; i++) {
        float g = dy[i];
        dx[i] = y[i] > 0.0f ? g : 0.0f;
        // MUTANT passes_everything: dx[i] = g;
    }
    // END SOLUTION
}

void flatten_forward(const float *x, float *y, int B, int C, int H, int W) {
    const long F = (long)C * H * W;
    /* row b of y holds image b's features channel-major: feature (c*H + i)*W + j is pixel (i, j)
       of map c */
    // BEGIN SOLUTION: copy every pixel of every map to its feature
    for (int b = 0; b < B; b++)
        for (int c = 0; c < C; c++)
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++) {
                    const float v = x[(((long)b * C + c) * H + i) * W + j];
                    y[b * F + ((long)c * H + i) * W + j] = v;
                    // MUTANT flatten_hwc: y[b * F + ((long)i * W + j) * C + c] = v;
                }
    // END SOLUTION
    // STUB: (void)F;
}

void flatten_backward(const float *dy, float *dx, int B, int C, int H, int W) {
    const long F = (long)C * H * W;
    // BEGIN SOLUTION: each feature's gradient back to the pixel it was copied from (the inverse)
    for (int b = 0; b < B; b++)
        for (int c = 0; c < C; c++)
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                    dx[(((long)b * C + c) * H + i) * W + j] =
                        dy[b * F + ((long)c * H + i) * W + j];
    // END SOLUTION
    // STUB: (void)F;
}
