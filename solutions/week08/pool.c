/**
# Pooling

A feature map says *where* a feature is, pixel by pixel; often we only care that it is there,
roughly. **Pooling** summarises each $K \times K$ window of every map by one number, usually with
stride $K$ (no overlap): the map shrinks by $K$ in each direction (LeNet: 28×28 → 14×14 with
2×2 windows), the next layer's kernels see a wider part of the picture for the same cost, and a
feature moved by a pixel often lands in the same window. Pooling has no weights; it works on each
channel separately. The output size is the convolution formula with no padding,
$O = \lfloor (I - K)/s \rfloor + 1$.

**Max pooling** keeps the largest value of each window. Its gradient follows from
$y = \max_t x_t$: $\partial y / \partial x_t$ is 1 for the winning input and 0 for the others, so
the backward pass *routes* each $\delta y$ to the arg-max of its window and gives nothing to the
rest. The forward pass remembers where each maximum was (`argmax`, the index $i W + j$ in its input
plane, like PyTorch's `max_pool2d(..., return_indices=True)`), so the backward does not search
again. On **ties** the maximum is not differentiable; we pick the *first* largest value in
row-major order (compare with a strict $>$) and route everything there, one valid subgradient and
what PyTorch's CPU kernel does too. When windows overlap (stride < K) an input can win several
windows: its gradients add up.

**Average pooling** keeps the mean: $y = \frac{1}{K^2}\sum_t x_t$, so every input of the window
gets $\delta y / K^2$ (again adding up where windows overlap). LeNet-5 (1998) used a trainable
average ("subsampling"); max pooling took over later (CS231n's notes discuss why).
*/
#include "week08.h"

#include <string.h>

int pool_shape_check(const pool_shape *p) {
    if (p->N < 1 || p->C < 1) return wb_fail("pooling: N = %d, C = %d must be positive", p->N, p->C);
    int oh = conv_out_size(p->H, p->K, p->stride, 0), ow = conv_out_size(p->W, p->K, p->stride, 0);
    if (oh == -1 || ow == -1) return -1; /* conv_out_size said why */
    if (oh < 1 || ow < 1)
        return wb_fail("pooling: %dx%d input, %dx%d windows, stride %d: conv_out_size gives %dx%d outputs", p->H, p->W,
                       p->K, p->K, p->stride, oh, ow);
    return 0;
}

int pool_out_h(const pool_shape *p) { return conv_out_size(p->H, p->K, p->stride, 0); }
int pool_out_w(const pool_shape *p) { return conv_out_size(p->W, p->K, p->stride, 0); }

void maxpool2d_forward(const pool_shape *p, const float *x, float *y, int *argmax) {
    WB_CHECK(pool_shape_check(p) == 0, "%s", wb_last_error());
    const int H = p->H, W = p->W, K = p->K, S = p->stride, OH = pool_out_h(p), OW = pool_out_w(p);
    // In every plane (n, c), for every output (oi, oj): the largest x of the window whose top-left
    // is (oi*S, oj*S), and its index i*W + j in the plane; the first one wins ties.
    // BEGIN SOLUTION: each output: the largest input of its window and where it was (the first on ties)
    for (int nc = 0; nc < p->N * p->C; nc++) {
        const float *xp = x + (size_t)nc * H * W;
        float *yp = y + (size_t)nc * OH * OW;
        int *ap = argmax + (size_t)nc * OH * OW;
        for (int oi = 0; oi < OH; oi++)
            for (int oj = 0; oj < OW; oj++) {
                int best = oi * S * W + oj * S;
                // MUTANT init_best_step_k: int best = oi * K * W + oj * K;
                // MUTANT best_row_h: int best = oi * S * p->H + oj * S;
                for (int u = 0; u < K; u++)
                    for (int v = 0; v < K; v++) {
                        int at = (oi * S + u) * W + oj * S + v;
                        // MUTANT at_row_h: int at = (oi * S + u) * p->H + oj * S + v;
                        // MUTANT scan_column_major: int at = (oi * S + v) * W + oj * S + u;
                        if (xp[at] > xp[best]) best = at;
                        // MUTANT ties_go_last: if (xp[at] >= xp[best]) best = at;
                    }
                yp[oi * OW + oj] = xp[best];
                ap[oi * OW + oj] = best;
                // MUTANT argmax_in_batch: ap[oi * OW + oj] = best + nc * H * W;
            }
    }
    // END SOLUTION
    // STUB: (void)H, (void)W, (void)K, (void)S, (void)OH, (void)OW;
}

void maxpool2d_backward(const pool_shape *p, const float *dy, const int *argmax, float *dx) {
    WB_CHECK(pool_shape_check(p) == 0, "%s", wb_last_error());
    const int H = p->H, W = p->W, OH = pool_out_h(p), OW = pool_out_w(p);
    memset(dx, 0, (size_t)p->N * p->C * H * W * sizeof *dx);
    // In every plane, each output's dy goes to the one input that won its window (argmax), added
    // (an input can win several overlapping windows).
    // BEGIN SOLUTION: each output's dy ADDED to the input that won its window (windows may overlap)
    for (int nc = 0; nc < p->N * p->C; nc++) {
        float *dxp = dx + (size_t)nc * H * W;
        const float *dyp = dy + (size_t)nc * OH * OW;
        const int *ap = argmax + (size_t)nc * OH * OW;
        for (int oi = 0; oi < OH; oi++)
        // MUTANT mbwd_rows_ow: for (int oi = 0; oi < OW; oi++)
            for (int oj = 0; oj < OW; oj++) {
                int o = oi * OW + oj;
                // MUTANT mbwd_output_row_oh: int o = oi * OH + oj;
                dxp[ap[o]] += dyp[o];
                // MUTANT route_in_batch: dx[ap[o]] += dyp[o];
                // MUTANT grad_everywhere: for (int t = 0; t < p->K * p->K; t++) dxp[(oi * p->stride + t / p->K) * W + oj * p->stride + t % p->K] += dyp[o];
                // MUTANT overlap_overwrites: dxp[ap[o]] = dyp[o];
            }
    }
    // END SOLUTION
    // STUB: (void)OH, (void)OW, (void)dy, (void)argmax;
}

void avgpool2d_forward(const pool_shape *p, const float *x, float *y) {
    WB_CHECK(pool_shape_check(p) == 0, "%s", wb_last_error());
    const int H = p->H, W = p->W, K = p->K, S = p->stride, OH = pool_out_h(p), OW = pool_out_w(p);
    // BEGIN SOLUTION: in every plane, each output is the mean of the K*K inputs of its window
    for (int nc = 0; nc < p->N * p->C; nc++) {
        const float *xp = x + (size_t)nc * H * W;
        float *yp = y + (size_t)nc * OH * OW;
        // MUTANT avg_y_plane_hw: float *yp = y + (size_t)nc * H * W;
        for (int oi = 0; oi < OH; oi++)
        // MUTANT avg_rows_ow: for (int oi = 0; oi < OW; oi++)
            for (int oj = 0; oj < OW; oj++) {
                float sum = 0.0f;
                for (int u = 0; u < K; u++)
                    for (int v = 0; v < K; v++) sum += xp[(oi * S + u) * W + oj * S + v];
                    // MUTANT avg_step_k: for (int v=0; v<K; v++) sum += xp[(oi*K+u)*W + oj*K+v];
                yp[oi * OW + oj] = sum / (float)(K * K);
                // MUTANT avg_output_row_oh: yp[oi * OH + oj] = sum / (float)(K * K);
                // MUTANT avg_divides_by_stride: yp[oi * OW + oj] = sum / (float)(S * S);
                // MUTANT avg_divides_by_k: yp[oi * OW + oj] = sum / (float)K;
            }
    }
    // END SOLUTION
    // STUB: (void)H, (void)W, (void)K, (void)S, (void)OH, (void)OW;
}

void avgpool2d_backward(const pool_shape *p, const float *dy, float *dx) {
    WB_CHECK(pool_shape_check(p) == 0, "%s", wb_last_error());
    const int H = p->H, W = p->W, K = p->K, S = p->stride, OH = pool_out_h(p), OW = pool_out_w(p);
    memset(dx, 0, (size_t)p->N * p->C * H * W * sizeof *dx);
    // BEGIN SOLUTION: each output's dy / (K*K) is added to every input of its window
    for (int nc = 0; nc < p->N * p->C; nc++) {
        float *dxp = dx + (size_t)nc * H * W;
        // MUTANT avg_dx_plane_ohow: float *dxp = dx + (size_t)nc * OH * OW;
        const float *dyp = dy + (size_t)nc * OH * OW;
        for (int oi = 0; oi < OH; oi++)
            for (int oj = 0; oj < OW; oj++) {
                const float g = dyp[oi * OW + oj] / (float)(K * K);
                // MUTANT avg_dy_row_oh: const float g = dyp[oi * OH + oj] / (float)(K * K);
                // MUTANT avg_grad_by_stride: const float g = dyp[oi * OW + oj] / (float)(S * S);
                // MUTANT avg_grad_not_shared: const float g = dyp[oi * OW + oj];
                for (int u = 0; u < K; u++)
                    for (int v = 0; v < K; v++) dxp[(oi * S + u) * W + oj * S + v] += g;
                    // MUTANT avg_dx_step_k: for (int v=0; v<K; v++) dxp[(oi*K+u)*W + oj*K+v] += g;
            }
    }
    // END SOLUTION
    // STUB: (void)K, (void)S, (void)OH, (void)OW, (void)dy;
}
