// cpu.c — instruction-set detection with cpuid, the HARNESS_ISA override, and the thread count.
#include "cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define WB_X86 1
#endif

static const char *const isa_names[WB_ISA_COUNT] = {"scalar", "sse2", "avx2", "avx512"};

const char *wb_isa_name(wb_isa isa) {
    return (isa >= 0 && isa < WB_ISA_COUNT) ? isa_names[isa] : "?";
}

#ifdef WB_X86
// xgetbv(0) reads XCR0: which register files the OS saves on a context switch. A CPU may have
// AVX while the OS does not save the upper halves of the registers; then AVX must not be used.
static unsigned long long xcr0(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}
#endif

// Asks the CPU once. Bits, from the Intel SDM vol. 2 "CPUID":
//   leaf 1:  edx bit 26 SSE2; ecx bit 12 FMA, bit 27 OSXSAVE (xgetbv usable), bit 28 AVX
//   leaf 7:  ebx bit 5 AVX2, bit 16 AVX512F
//   XCR0:    bits 1|2 = XMM|YMM state saved; bits 5|6|7 = opmask, ZMM0-15 upper, ZMM16-31
static int detect(int has[WB_ISA_COUNT]) {
    has[WB_ISA_SCALAR] = 1;
#ifdef WB_X86
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    has[WB_ISA_SSE2] = (d >> 26) & 1;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned long long xcr = xcr0();
    int ymm_os = (xcr & 0x6) == 0x6, zmm_os = (xcr & 0xe6) == 0xe6;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    has[WB_ISA_AVX2] = avx2 && fma && ymm_os;
    has[WB_ISA_AVX512] = has[WB_ISA_AVX2] && avx512f && zmm_os;
#endif
    return 0;
}

static int g_has[WB_ISA_COUNT];
static int g_detected;
static int g_isa = -1;  // -1 = not chosen yet

static void init(void) {
    if (g_detected) return;
    detect(g_has);
    g_detected = 1;
}

int wb_cpu_has(wb_isa isa) {
    init();
    return isa >= 0 && isa < WB_ISA_COUNT && g_has[isa];
}

wb_isa wb_cpu_best(void) {
    init();
    for (int i = WB_ISA_COUNT - 1; i > 0; i--)
        if (g_has[i]) return (wb_isa)i;
    return WB_ISA_SCALAR;
}

static int lookup(const char *name) {
    for (int i = 0; i < WB_ISA_COUNT; i++)
        if (strcmp(name, isa_names[i]) == 0) return i;
    return -1;
}

wb_isa wb_cpu_isa(void) {
    if (g_isa >= 0) return (wb_isa)g_isa;
    init();
    const char *env = getenv("HARNESS_ISA");
    if (env && *env) {
        int i = lookup(env);
        if (i < 0) {
            fprintf(stderr, "HARNESS_ISA=%s: unknown (use scalar, sse2, avx2 or avx512)\n", env);
            exit(2);
        }
        if (!g_has[i]) {
            fprintf(stderr, "HARNESS_ISA=%s: this CPU does not support it (best here: %s)\n",
                    env, isa_names[wb_cpu_best()]);
            exit(2);
        }
        g_isa = i;
    } else {
        g_isa = wb_cpu_best();
    }
    return (wb_isa)g_isa;
}

int wb_cpu_force(const char *name) {
    init();
    if (name == NULL || *name == '\0') {
        g_isa = -1;  // re-read HARNESS_ISA / pick the best at the next call
        return 0;
    }
    int i = lookup(name);
    if (i < 0 || !g_has[i]) return -1;
    g_isa = i;
    return 0;
}

static int g_threads;  // 0 = not set

int wb_cpu_threads(void) {
    if (g_threads > 0) return g_threads;
    const char *env = getenv("HARNESS_THREADS");
    int n = env && *env ? atoi(env) : 0;
    if (n <= 0) n = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0) n = 1;
    if (n > 256) n = 256;
    g_threads = n;
    return n;
}

void wb_cpu_set_threads(int n) { g_threads = n > 0 ? (n > 256 ? 256 : n) : 0; }
