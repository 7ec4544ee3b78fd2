/* matmul.h — the reference matrix multiply: plain loops, obviously correct, the oracle.
 *
 *     C = alpha * op(A) * op(B) + beta * C        op(A) (M,K), op(B) (K,N), C (M,N), row-major
 *
 * op(X) is X, or X transposed when transX is nonzero (then A is stored (K,M), B is stored (N,K)).
 * lda, ldb, ldc are the row strides in floats of the matrices as stored (lda >= stored columns).
 * beta == 0 overwrites C without reading it, so C may hold garbage (even NaN) beforehand.
 * This is BLAS's sgemm, row-major. Use wb_sgemm (gemm.h) in real code: same signature, fast.
 */
#ifndef WB_MATMUL_H
#define WB_MATMUL_H

void wb_matmul_ref(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                   const float *B, int ldb, float beta, float *C, int ldc);

#endif
