/* test_compare.c — the float comparison behind WB_ASSERT_CLOSE: its verdicts and its messages. */
#include "testing.h"

#include <math.h>
#include <string.h>

WB_TEST(compare_reports_worst_element, .points = 1,
        .hint = "wb_compare_floats: pass when |got-want| <= atol + rtol|want| everywhere; report the worst index.") {
    float want[] = {1, 2, 3, 4}, got[] = {1, 2.0001f, 3.3f, 4};
    char msg[256];
    ck_assert_int_eq(wb_compare_floats(got, want, 4, 0.2, 0, msg, sizeof msg), 0);
    ck_assert_int_eq(wb_compare_floats(got, want, 4, 1e-3, 0, msg, sizeof msg), 1);
    ck_assert_msg(strstr(msg, "at [2]") && strstr(msg, "want 3"), "message: %s", msg);
}

WB_TEST(compare_never_accepts_nan, .points = 1, .hint = "A NaN is never close to anything, whatever the tolerance.") {
    float want[] = {1, 2}, got[] = {1, NAN};
    char msg[256];
    ck_assert_int_eq(wb_compare_floats(got, want, 2, 1e9, 1e9, msg, sizeof msg), 1);
    ck_assert_msg(strstr(msg, "NaN at [1]"), "message: %s", msg);
}

WB_TEST(fill_nan_marks_every_element, .points = 1,
        .hint = "wb_fill_nan writes NaN into all n elements, so an output the code never writes fails.") {
    float x[5] = {1, 2, 3, 4, 5};
    wb_fill_nan(x, 4);
    for (int i = 0; i < 4; i++) ck_assert_msg(isnan(x[i]), "x[%d] = %g after wb_fill_nan, want NaN", i, x[i]);
    ck_assert_msg(x[4] == 5, "wb_fill_nan(x, 4) wrote past its 4 elements: x[4] = %g", x[4]);
}

WB_TEST(int_comparison_message, .points = 1,
        .hint = "testing.h's ck_assert_int_* messages read 'EXPR is GOT, want WANT'.") {
    ck_assert_str_eq(wb_want_op("=="), "");
    ck_assert_str_eq(wb_want_op("<="), "<= ");
    ck_assert_str_eq(wb_want_op("!="), "anything but ");
}

/* A test that must fail, run in its own process to read the message Check records. */
WB_TEST(float_comparison_message, .points = 1,
        .hint = "testing.h's ck_assert_double_eq_tol fails as 'EXPR is GOT, want WANT (within TOL)'.") {
    double half = 0.5;
    ck_assert_double_eq_tol(half, 0.5, 1e-12);
    ck_assert_double_eq(half * 2, 1.0);
}
