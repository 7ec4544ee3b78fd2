/* timing.c — see timing.h. */
#include "timing.h"

#include <stdlib.h>
#include <time.h>

static double clock_seconds(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double wb_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }
double wb_cpu_seconds(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }
double wb_thread_cpu_seconds(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double wb_median(double *x, int n) {
    if (n < 1) return 0;
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    return x[n / 2];
}
