/* timing.c — see timing.h. */
#include "timing.h"

#include <time.h>

double wb_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
