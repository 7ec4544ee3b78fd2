/* test_progress.c — wb_progress_segment: the stretches of a run between evaluations. */
#include "testing.h"

#include "progress.h"

#include <string.h>

WB_TEST(progress_segment_stops_at_each_evaluation_and_the_end, .points = 1,
        .hint = "A stretch runs from the steps done so far to the next multiple of `every`, or to "
                "the end of the run if that comes first; the label counts steps from 1.") {
    wb_progress p;
    /* 450 steps, evaluated every 200: 1-200, 201-400, 401-450 */
    ck_assert_int_eq(wb_progress_segment(&p, "steps", 0, 450, 200), 200);
    ck_assert_str_eq(p.label, "steps 1-200");
    ck_assert_int_eq(wb_progress_segment(&p, "steps", 200, 450, 200), 200);
    ck_assert_str_eq(p.label, "steps 201-400");
    ck_assert_int_eq(wb_progress_segment(&p, "steps", 400, 450, 200), 50);
    ck_assert_str_eq(p.label, "steps 401-450");
    ck_assert_int_eq((int)p.total, 50);
    /* resumed mid-stretch at 150: up to the evaluation at 200; short names are padded */
    ck_assert_int_eq(wb_progress_segment(&p, "gru", 150, 450, 200), 50);
    ck_assert_str_eq(p.label, "gru  151-200");
}
