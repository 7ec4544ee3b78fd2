// gemm_kernels_scalar.c — the portable C micro-kernel for wb_sgemm (any CPU; see gemm.c).
//
// Tile 4 x 4: 16 accumulators the compiler can keep in registers; per step p it loads 4 floats
// of A and 4 of B and does 16 multiply-adds:  acc[i][j] += a[p*4 + i] * b[p*4 + j].
#include <stddef.h>

#include "gemm.h"

#define MR 4
#define NR 4

static void kernel(int k, const float *a, const float *b, long ldb, float *c, long ldc, int mr,
                   int nr, float alpha, float beta) {
    (void)mr, (void)nr;  // always a full tile (see gemm.h)
    float acc[MR][NR] = {{0}};
    for (int p = 0; p < k; p++) {
        for (int i = 0; i < MR; i++)
            for (int j = 0; j < NR; j++) acc[i][j] += a[i] * b[j];
        a += MR;
        b += ldb;
    }
    // C = alpha * acc + beta * C; with beta == 0 the old C is never read (it may be NaN).
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NR; j++) {
            float v = alpha * acc[i][j];
            c[i * ldc + j] = beta == 0.0f ? v : v + beta * c[i * ldc + j];
        }
}

const wb_gemm_kernel wb_gemm_kernel_scalar = {
    .name = "scalar", .mr = MR, .nr = NR, .kc = 256, .mc = 128, .nc = 256, .kernel = kernel,
};
