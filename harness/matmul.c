/* matmul.c — the reference matmul. See matmul.h. */
#include "matmul.h"

#include <stddef.h>

void wb_matmul_ref(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                   const float *B, int ldb, float beta, float *C, int ldc) {
    for (int i = 0; i < M; i++) {
        float *c = C + (size_t)i * ldc;
        /* C = beta * C, where beta == 0 means "overwrite" (0 * NaN would still be NaN) */
        for (int j = 0; j < N; j++) c[j] = beta == 0.0f ? 0.0f : beta * c[j];
        /* C[i][j] += alpha * sum_k op(A)[i][k] * op(B)[k][j]; loop order i, k, j so that the
           inner loop walks C and (untransposed) B row by row, contiguously */
        for (int k = 0; k < K; k++) {
            float a = alpha * (transA ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k]);
            if (transB)
                for (int j = 0; j < N; j++) c[j] += a * B[(size_t)j * ldb + k];
            else
                for (int j = 0; j < N; j++) c[j] += a * B[(size_t)k * ldb + j];
        }
    }
}
