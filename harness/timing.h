/* timing.h — a clock for timing anything: seconds from a fixed point that never jumps.
 *
 *     double t0 = wb_seconds();
 *     ... train one epoch ...
 *     printf("%.2f s\n", wb_seconds() - t0);
 *
 * It is CLOCK_MONOTONIC: unlike the wall clock it does not move when the system's time is set,
 * so a difference of two readings is always a duration. (A benchmark wants the median of several
 * such durations: see harness/bench/.)
 */
#ifndef WB_TIMING_H
#define WB_TIMING_H

/* Seconds from an arbitrary fixed point (a monotonic clock): for timing anything. */
double wb_seconds(void);

#endif
