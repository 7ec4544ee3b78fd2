// simd.h — vectorised elementwise kernels: the loops around the matrix products (bias, activation,
// softmax, optimiser updates) at the speed of the CPU's vector unit.
//
// Same dispatch as sgemm (cpu.h): each function exists for scalar C, SSE2, AVX2 and AVX-512 and
// the one for wb_cpu_isa() runs (HARNESS_ISA=... forces one). All take (inputs, outputs, sizes);
// an output may be the same array as an input.
//
//   wb_simd_axpy(-lr, grad, w, n);                  // w += -lr * grad        (SGD step)
//   wb_simd_bias_act(y, b, B, OC, WB_ACT_RELU);     // y (B,OC) = relu(y + b) row by row
//   wb_simd_softmax_rows(logits, probs, B, C);      // (B,C) -> (B,C)
//
// Accuracy of the approximations against double-precision libm, measured over every 2^11-th
// float bit pattern (all exponents, both signs, denormals) plus the edge cases, the same for every
// ISA (harness/tests/test_simd.c checks the bound):
//   function          max error measured    bound tested
//   wb_simd_exp           0.95 ulp              1.5 ulp
//   wb_simd_sigmoid       2.12 ulp              3   ulp
//   wb_simd_tanh          1.25 ulp              2   ulp
// "ulp" is the spacing of floats at the exact result (2^-149 for denormal results). NaN in gives
// NaN out; exp(+inf) = inf, exp(-inf) = 0, sigmoid(+-inf) = 1 / 0, tanh(+-inf) = +-1; overflow to
// inf and underflow to denormals and 0 happen where the exact result does.
#ifndef WB_SIMD_H
#define WB_SIMD_H

typedef enum { WB_ACT_NONE = 0, WB_ACT_RELU, WB_ACT_SIGMOID, WB_ACT_TANH } wb_act;

void wb_simd_axpy(float a, const float *x, float *y, long n);           // y += a * x
void wb_simd_scale(float a, float *x, long n);                          // x *= a
void wb_simd_add(const float *x, const float *y, float *out, long n);   // out = x + y
void wb_simd_mul(const float *x, const float *y, float *out, long n);   // out = x * y

void wb_simd_exp(const float *x, float *y, long n);                     // y = e^x
void wb_simd_sigmoid(const float *x, float *y, long n);                 // y = 1 / (1 + e^-x)
void wb_simd_tanh(const float *x, float *y, long n);                    // y = tanh x
// y = sigmoid(2u) = (1 + tanh u) / 2, u = sqrt(2/pi) (x + 0.044715 x^3): the gate of GELU's tanh
// form, GELU(x) = x y. Within sigmoid's 3 ulp plus what rounding 2u in float costs (its relative
// error, a few ulp, times |2u| y (1 - y)); 0 where y < e^-87 ~ 1.6e-38 (x below about -10).
void wb_simd_gelu_gate(const float *x, float *y, long n);

// y (rows,cols) = act(y + bias), bias (cols) added to every row (bias may be NULL).
// relu(NaN) is NaN, so a NaN is never hidden.
void wb_simd_bias_act(float *y, const float *bias, int rows, int cols, wb_act act);

// Row-wise y = softmax(x) = e^(x - max) / sum e^(x - max), and y = log softmax(x)
// = x - max - log sum e^(x - max); x, y (rows,cols). A row containing NaN or +inf gives NaN.
// A term e^(x - max) below e^-87 ~ 1.6e-38 counts as 0 (its probability is below that).
void wb_simd_softmax_rows(const float *x, float *y, int rows, int cols);
void wb_simd_log_softmax_rows(const float *x, float *y, int rows, int cols);

float wb_simd_sum(const float *x, long n);  // 0 for n = 0 (summed in W lanes: not left to right)
float wb_simd_max(const float *x, long n);  // -inf for n = 0; NaN if any element is NaN
float wb_simd_dot(const float *x, const float *y, long n);  // sum x_i y_i, summed as wb_simd_sum
void wb_simd_zero(float *x, long n);  // x = 0 (a large x past the caches: see simd_impl.h)

// ---- for simd.c and simd_<isa>.c: one table of the functions above per instruction set ----
typedef struct {
    void (*axpy)(float, const float *, float *, long);
    void (*scale)(float, float *, long);
    void (*add)(const float *, const float *, float *, long);
    void (*mul)(const float *, const float *, float *, long);
    void (*exp)(const float *, float *, long);
    void (*sigmoid)(const float *, float *, long);
    void (*tanh)(const float *, float *, long);
    void (*gelu_gate)(const float *, float *, long);
    void (*bias_act)(float *, const float *, int, int, wb_act);
    void (*softmax_rows)(const float *, float *, int, int, int log);
    float (*sum)(const float *, long);
    float (*max)(const float *, long);
    float (*dot)(const float *, const float *, long);
    void (*zero)(float *, long);
} wb_simd_table;

extern const wb_simd_table wb_simd_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const wb_simd_table wb_simd_sse2, wb_simd_avx2, wb_simd_avx512;
#endif

#endif
