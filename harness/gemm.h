/* gemm.h — the fast matrix multiply used by every week. Same contract as wb_matmul_ref (matmul.h). */
#ifndef WB_GEMM_H
#define WB_GEMM_H

void wb_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc);

#endif
