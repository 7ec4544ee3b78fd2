/* timing.h — a clock for timing anything: seconds from a fixed point that never jumps.
 *
 *     double t0 = wb_seconds();
 *     ... train one epoch ...
 *     printf("%.2f s\n", wb_seconds() - t0);
 *
 * It is CLOCK_MONOTONIC: unlike the wall clock it does not move when the system's time is set,
 * so a difference of two readings is always a duration. A benchmark on a shared machine wants
 * CPU time too, and the median of several durations:
 *
 *     for (int r = 0; r < RUNS; r++) {
 *         double c0 = wb_cpu_seconds();
 *         run();
 *         t[r] = wb_cpu_seconds() - c0;
 *     }
 *     printf("%.3f s\n", wb_median(t, RUNS));
 */
#ifndef WB_TIMING_H
#define WB_TIMING_H

/* Seconds from an arbitrary fixed point (a monotonic clock): for timing anything. */
double wb_seconds(void);

/* CPU seconds this process has used, all its threads together: the time the system gave other
   programs is not in it. */
double wb_cpu_seconds(void);
/* The same for the calling thread alone. */
double wb_thread_cpu_seconds(void);

/* The median of x[0..n-1] (of two middle values, the upper): sorts x in place, so x[0] and
   x[n-1] are then the smallest and the largest. 0 for n < 1. */
double wb_median(double *x, int n);

#endif
