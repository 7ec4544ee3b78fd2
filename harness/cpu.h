// cpu.h — which SIMD instruction sets this CPU has, which one the harness uses, and how many
// threads it may run.
//
// The library is compiled for plain x86-64 (no -march=native). Fast kernels are compiled per
// function with __attribute__((target("avx2,fma"))) etc. and chosen at run time from what `cpuid`
// reports, so one binary runs on any x86-64 machine and still uses AVX-512 where it exists.
//
//   wb_isa isa = wb_cpu_isa();            // the ISA the kernels use now
//   printf("%s\n", wb_isa_name(isa));     // "scalar", "sse2", "avx2" or "avx512"
//   if (wb_cpu_force("sse2") == 0) ...    // tests: run the SSE2 kernels from now on
//
// Environment (read once, at the first call):
//   HARNESS_ISA=scalar|sse2|avx2|avx512   force a kernel family; one that the CPU lacks is a
//                                         one-line error and exit status 2, never a crash.
//   HARNESS_THREADS=N                     threads for sgemm (default: the number of online cores).
#ifndef WB_CPU_H
#define WB_CPU_H

typedef enum {
    WB_ISA_SCALAR = 0,  // portable C, any CPU
    WB_ISA_SSE2,        // 4 floats per register, x86-64 baseline
    WB_ISA_AVX2,        // 8 floats per register + fused multiply-add (AVX2 + FMA)
    WB_ISA_AVX512,      // 16 floats per register, 32 registers (AVX-512F)
    WB_ISA_COUNT
} wb_isa;

const char *wb_isa_name(wb_isa isa);
int wb_cpu_has(wb_isa isa);          // 1 if the CPU and the OS support it
wb_isa wb_cpu_best(void);            // the widest supported ISA
wb_isa wb_cpu_isa(void);             // the ISA in use: forced, or HARNESS_ISA, or the best
int wb_cpu_force(const char *name);  // use this ISA from now on; NULL or "" = back to the
                                     // default; -1 if unknown or unsupported (nothing changes)

int wb_cpu_threads(void);            // threads sgemm may use (>= 1)
void wb_cpu_set_threads(int n);      // override; n <= 0 = back to HARNESS_THREADS / cores

#endif
