// simd_scalar.c — the elementwise kernels of simd.h for plain C, one float at a time (any CPU).
// The code is simd_impl.h; this file only sets the register width and the target.
#define W 1
#define TARGET
#define TABLE wb_simd_scalar
#include "simd_impl.h"
