/* test_timing.c — wb_seconds: a clock that measures a known pause and never runs backwards. */
#include "testing.h"

#include "timing.h"

#include <time.h>

WB_TEST(seconds_measures_a_pause, .points = 1,
        .hint = "Read CLOCK_MONOTONIC and add its nanoseconds as 1e-9 s each (not 1e-6: those are "
                "microseconds).") {
    struct timespec pause = {0, 20 * 1000 * 1000}; /* 20 ms */
    double t0 = wb_seconds();
    nanosleep(&pause, NULL);
    double dt = wb_seconds() - t0;
    /* a sleep lasts at least what was asked; 1 s of slack for a loaded machine */
    ck_assert_msg(dt >= 0.0199 && dt < 1.0, "a 20 ms sleep measured %.6f s", dt);
}

WB_TEST(seconds_never_runs_backwards, .points = 1,
        .hint = "Use the monotonic clock, not the wall clock (gettimeofday, CLOCK_REALTIME), which moves "
                "when the system's time is set.") {
    double last = wb_seconds();
    for (int i = 0; i < 100000; i++) {
        double now = wb_seconds();
        ck_assert_msg(now >= last, "reading %d went back from %.9f to %.9f", i, last, now);
        last = now;
    }
}
