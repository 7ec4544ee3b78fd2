// simd.c — the public functions of simd.h: each calls the version for the ISA in use (cpu.h).
#include "simd.h"

#include "cpu.h"

static const wb_simd_table *table(void) {
    switch (wb_cpu_isa()) {
#if defined(__x86_64__) || defined(__i386__)
    case WB_ISA_AVX512: return &wb_simd_avx512;
    case WB_ISA_AVX2: return &wb_simd_avx2;
    case WB_ISA_SSE2: return &wb_simd_sse2;
#endif
    default: return &wb_simd_scalar;
    }
}

void wb_simd_axpy(float a, const float *x, float *y, long n) { table()->axpy(a, x, y, n); }
void wb_simd_scale(float a, float *x, long n) { table()->scale(a, x, n); }
void wb_simd_add(const float *x, const float *y, float *out, long n) { table()->add(x, y, out, n); }
void wb_simd_mul(const float *x, const float *y, float *out, long n) { table()->mul(x, y, out, n); }
void wb_simd_exp(const float *x, float *y, long n) { table()->exp(x, y, n); }
void wb_simd_sigmoid(const float *x, float *y, long n) { table()->sigmoid(x, y, n); }
void wb_simd_tanh(const float *x, float *y, long n) { table()->tanh(x, y, n); }
void wb_simd_gelu_gate(const float *x, float *y, long n) { table()->gelu_gate(x, y, n); }
void wb_simd_bias_act(float *y, const float *bias, int rows, int cols, wb_act act) {
    table()->bias_act(y, bias, rows, cols, act);
}
void wb_simd_softmax_rows(const float *x, float *y, int rows, int cols) {
    table()->softmax_rows(x, y, rows, cols, 0);
}
void wb_simd_log_softmax_rows(const float *x, float *y, int rows, int cols) {
    table()->softmax_rows(x, y, rows, cols, 1);
}
float wb_simd_sum(const float *x, long n) { return table()->sum(x, n); }
float wb_simd_max(const float *x, long n) { return table()->max(x, n); }
float wb_simd_dot(const float *x, const float *y, long n) { return table()->dot(x, y, n); }
void wb_simd_zero(float *x, long n) { table()->zero(x, n); }
