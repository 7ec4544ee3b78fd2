/* numerics.c — see numerics.h. */
#include "numerics.h"

#include "error.h"
#include "simd.h"

#include <math.h>
#include <stddef.h>

float wb_sigmoid(float x) {
    /* σ(x) = 1 / (1 + e^-x). For x < 0, e^-x overflows to inf first; the same value written as
       e^x / (1 + e^x) only ever exponentiates a negative number. */
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

float wb_sigmoid_grad(float y) { return y * (1.0f - y); }
float wb_tanh_grad(float y) { return 1.0f - y * y; }
float wb_relu(float x) { return x > 0.0f ? x : 0.0f; }
float wb_relu_grad(float x) { return x > 0.0f ? 1.0f : 0.0f; }

/* max_j x[j]: subtracting it before exp leaves softmax unchanged and keeps every exponent <= 0 */
static float row_max(const float *x, int n) {
    float m = -INFINITY;
    for (int j = 0; j < n; j++) m = x[j] > m ? x[j] : m;
    return m;
}

/* log sum_j e^x[j] = m + log sum_j e^(x[j] - m), in double so long rows lose nothing */
static double row_logsumexp(const float *x, int n) {
    float m = row_max(x, n);
    double s = 0.0;
    for (int j = 0; j < n; j++) s += exp((double)x[j] - m);
    return m + log(s);
}

/* Row-wise softmax and log-softmax are the vectorised kernels of simd.h (max subtracted first,
   error a few float ulps): one implementation for the whole harness. */
void wb_softmax_rows(const float *x, float *y, int rows, int cols) { wb_simd_softmax_rows(x, y, rows, cols); }

void wb_log_softmax_rows(const float *x, float *y, int rows, int cols) {
    wb_simd_log_softmax_rows(x, y, rows, cols);
}

float wb_cross_entropy(const float *logits, const int *labels, int rows, int cols, float *dlogits) {
    double total = 0.0;
    for (int i = 0; i < rows; i++) {
        const float *zi = logits + (size_t)i * cols;
        WB_CHECK(labels[i] >= 0 && labels[i] < cols, "label %d of row %d is outside [0,%d)", labels[i], i, cols);
        /* L_i = -log softmax(z)_y = lse(z) - z_y */
        double lse = row_logsumexp(zi, cols);
        total += lse - zi[labels[i]];
        if (dlogits) {
            /* dL/dz_j = (softmax(z)_j - [j == y]) / rows, for the mean over the batch */
            float *di = dlogits + (size_t)i * cols;
            for (int j = 0; j < cols; j++)
                di[j] = (float)((exp(zi[j] - lse) - (j == labels[i])) / rows);
        }
    }
    return rows ? (float)(total / rows) : 0.0f;
}
