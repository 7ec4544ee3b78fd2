/* test_matmul.c — the reference matmul against hand-computed products. It is the oracle the fast
 * sgemm is tested against, so its own tests use only values worked out on paper. */
#include "testing.h"
#include "matmul.h"

#include <math.h>

WB_TEST(matmul_ref_hand_computed, .points = 1,
        .hint = "C = alpha op(A) op(B) + beta C, row-major, with leading dimensions.") {
    /* A (2,3) = [1 2 3; 4 5 6], B (3,2) = [7 8; 9 10; 11 12]; A B = [58 64; 139 154] */
    float A[] = {1, 2, 3, 4, 5, 6}, B[] = {7, 8, 9, 10, 11, 12};
    float C[4] = {NAN, NAN, NAN, NAN}, want[] = {58, 64, 139, 154};
    wb_matmul_ref(0, 0, 2, 2, 3, 1.0f, A, 3, B, 2, 0.0f, C, 2); /* beta = 0 ignores the NaNs */
    WB_ASSERT_CLOSE(C, want, 4, 0, 0);
    /* alpha = 2, beta = -1 on top: 2 AB - AB = AB */
    wb_matmul_ref(0, 0, 2, 2, 3, 2.0f, A, 3, B, 2, -1.0f, C, 2);
    WB_ASSERT_CLOSE(C, want, 4, 0, 0);
}

WB_TEST(matmul_ref_transposes_and_strides, .points = 1,
        .hint = "transA reads A stored (K,M); transB reads B stored (N,K); ld is the stored row stride.") {
    /* At stored (3,2) = A^T, Bt stored (2,3) = B^T, each with a padding column (ld = cols + 1) */
    float At[] = {1, 4, -1, 2, 5, -1, 3, 6, -1};
    float Bt[] = {7, 9, 11, -1, 8, 10, 12, -1};
    float C[6] = {0, 0, -5, 0, 0, -5}, want[] = {58, 64, -5, 139, 154, -5}; /* ldc = 3 keeps column 2 */
    wb_matmul_ref(1, 1, 2, 2, 3, 1.0f, At, 3, Bt, 4, 0.0f, C, 3);
    WB_ASSERT_CLOSE(C, want, 6, 0, 0);
}

WB_TEST(matmul_ref_empty_shapes, .points = 1, .hint = "K = 0 leaves beta*C; M or N = 0 touches nothing.") {
    float C[2] = {3, 4}, want[] = {1.5f, 2};
    wb_matmul_ref(0, 0, 1, 2, 0, 1.0f, NULL, 1, NULL, 2, 0.5f, C, 2);
    WB_ASSERT_CLOSE(C, want, 2, 0, 0);
    wb_matmul_ref(0, 0, 0, 2, 3, 1.0f, NULL, 3, NULL, 2, 0.0f, NULL, 2);
}
