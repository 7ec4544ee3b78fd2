/* test_timing.c — wb_seconds measures a known pause and never runs backwards; the CPU clocks
 * count work, not sleep; wb_median. */
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

WB_TEST(cpu_seconds_count_work_not_sleep, .points = 1,
        .hint = "wb_cpu_seconds reads CLOCK_PROCESS_CPUTIME_ID and wb_thread_cpu_seconds "
                "CLOCK_THREAD_CPUTIME_ID: a sleep uses no CPU, a busy loop does.") {
    struct timespec pause = {0, 50 * 1000 * 1000}; /* 50 ms */
    double c0 = wb_cpu_seconds(), t0 = wb_thread_cpu_seconds();
    nanosleep(&pause, NULL);
    double slept = wb_cpu_seconds() - c0, slept_thread = wb_thread_cpu_seconds() - t0;
    /* waking up costs microseconds, not a tenth of the 50 ms */
    ck_assert_msg(slept < 0.005 && slept_thread < 0.005, "a 50 ms sleep cost %.6f s of CPU "
                  "(%.6f s in this thread): that is wall time, not CPU time", slept, slept_thread);
    c0 = wb_cpu_seconds(), t0 = wb_thread_cpu_seconds();
    clock_t k0 = clock();
    double w0 = wb_seconds();
    volatile double x = 0;
    /* 50 ms of CPU by the C library's clock(), however much wall time a loaded machine takes to
       give it (a loop timed by the wall clock got 23 ms of CPU in 50 ms with 8 jobs on 2 cores) */
    while ((double)(clock() - k0) / CLOCKS_PER_SEC < 0.05 && wb_seconds() - w0 < 2.0) x += 1;
    double used = (double)(clock() - k0) / CLOCKS_PER_SEC;
    double busy = wb_cpu_seconds() - c0, busy_thread = wb_thread_cpu_seconds() - t0;
    /* one thread: its CPU time is the process's, within the clocks' microseconds */
    ck_assert_msg(used >= 0.05 && busy_thread > used - 1e-3 && busy_thread <= busy + 1e-3,
                  "a loop that used %.6f s of CPU by clock(): %.6f s of this thread's CPU, %.6f s "
                  "of the process's", used, busy_thread, busy);
}

WB_TEST(median_is_the_middle_of_the_sorted_values, .points = 1,
        .hint = "wb_median sorts its array in place and returns x[n / 2]: for an even n the upper "
                "of the two middle values; 0 for an empty array.") {
    double odd[] = {5, -1, 3, 9, 2}, even[] = {4, 1, 3, 2}, one[] = {7};
    ck_assert_msg(wb_median(odd, 5) == 3, "median of {5,-1,3,9,2}: %g, want 3", wb_median(odd, 5));
    ck_assert_msg(odd[0] == -1 && odd[4] == 9,
                  "after wb_median the array is sorted: [0] %g, [4] %g", odd[0], odd[4]);
    ck_assert_msg(wb_median(even, 4) == 3, "median of {4,1,3,2}: %g, want 3 (the upper middle)",
                  wb_median(even, 4));
    ck_assert_msg(wb_median(one, 1) == 7 && wb_median(one, 0) == 0, "one value, or none");
}
