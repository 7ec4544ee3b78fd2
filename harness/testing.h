/* testing.h — tests with points and hints, on top of Check.
 *
 * A test is a function with its points and hints next to it. Nothing else to write: no main, no
 * suite lists. Each test runs in its own process (a crash or a hang fails that test only):
 *
 *     #include "testing.h"
 *
 *     WB_TEST(softmax_sums_to_one, .points = 2,
 *             .hint = "Subtract the row's maximum before exp, then divide by the sum.",
 *             .hint2 = "...a deeper hint, shown on the second `make weekNN hint`...") {
 *         float x[3] = {1, 2, 3}, y[3];
 *         softmax(x, y, 3);
 *         ck_assert_msg(fabsf(y[0] + y[1] + y[2] - 1) < 1e-6f, "sum is %g", y[0] + y[1] + y[2]);
 *     }
 *
 * Options: .points (required, > 0), .hint (required), .hint2, .hint3 (deeper tiers), .timeout in
 * seconds (default 4), .edit = the file the student should edit (default: the test file's name
 * without "test_"). All of Check's ck_assert_* work; the WB_ASSERT_* below print where and by how
 * much numbers differ. The runner (test_main.c) prints one line per test:
 *     [PASS]    2/2  softmax_sums_to_one
 *     [FAIL]    0/3  cross_entropy_gradient   max rel err 3.1e-02 at [3] (tol 1e-06) ...
 */
#ifndef WB_TESTING_H
#define WB_TESTING_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "gradcheck.h"

typedef struct wb_test_def {
    const char *name;
    const TTest *ttest;
    const char *file;
    int line;
    int points;
    double timeout;
    const char *hint, *hint2, *hint3;
    const char *edit;
} wb_test_def;

void wb_test_register(const wb_test_def *def);

#define WB_TEST(tname, ...)                                                                     \
    static void tname##_fn(int _i CK_ATTRIBUTE_UNUSED);                                         \
    static const TTest tname##_ttest = {#tname, tname##_fn, __FILE__, __LINE__};                \
    static const wb_test_def tname##_def = {                                                    \
        .name = #tname, .ttest = &tname##_ttest, .file = __FILE__, .line = __LINE__, __VA_ARGS__}; \
    __attribute__((constructor)) static void tname##_register(void) { wb_test_register(&tname##_def); } \
    static void tname##_fn(int _i CK_ATTRIBUTE_UNUSED)

/* Compare float arrays: element i passes when |got_i - want_i| <= atol + rtol * |want_i|
   (NaN never passes). On failure: the worst element, its index, both values, the tolerance. */
#define WB_ASSERT_CLOSE(got, want, n, rtol, atol)                                               \
    do {                                                                                        \
        char wb_msg_[256];                                                                      \
        if (wb_compare_floats((got), (want), (n), (rtol), (atol), wb_msg_, sizeof wb_msg_))     \
            ck_abort_msg("%s", wb_msg_);                                                        \
    } while (0)
/* One float: the same rule. */
#define WB_ASSERT_NEAR(got, want, rtol, atol)                                                   \
    do {                                                                                        \
        float wb_g_ = (got), wb_w_ = (want);                                                    \
        WB_ASSERT_CLOSE(&wb_g_, &wb_w_, 1, (rtol), (atol));                                     \
    } while (0)
/* A gradient check result (gradcheck.h) within tolerance. */
#define WB_ASSERT_GRAD(result, tol)                                                             \
    do {                                                                                        \
        wb_gradcheck_result wb_r_ = (result);                                                   \
        ck_assert_msg(wb_r_.max_rel_err <= (tol),                                               \
                      "max rel err %.1e at [%ld] (tol %.0e): analytic %.6g, numeric %.6g",      \
                      wb_r_.max_rel_err, wb_r_.worst, (double)(tol), wb_r_.analytic, wb_r_.numeric); \
    } while (0)

/* A wb_gradcheck_within result: every element within rtol * max(|a|,|n|) + atol. */
#define WB_ASSERT_GRAD_WITHIN(result)                                                           \
    do {                                                                                        \
        wb_gradcheck_result wb_r_ = (result);                                                   \
        ck_assert_msg(wb_r_.ok, "gradient wrong at [%ld]: analytic %.6g, numeric %.6g "         \
                      "(tol %.0e relative + %.0e absolute)", wb_r_.worst, wb_r_.analytic,       \
                      wb_r_.numeric, wb_r_.rtol, wb_r_.atol);                                   \
    } while (0)

/* Integer comparisons (Check's ck_assert_int_eq, _ne, _lt, ... and the _uint ones) fail with
   "EXPR is 0, want 1" (or "want > 1"): the value computed, the value expected, and the call with
   its inputs, instead of Check's "Assertion 'a == b' failed: a == 0, b == 1". */
const char *wb_want_op(const char *op);
#undef _ck_assert_int
#define _ck_assert_int(X, OP, Y)                                                                \
    do {                                                                                        \
        intmax_t _ck_x = (X), _ck_y = (Y);                                                      \
        ck_assert_msg(_ck_x OP _ck_y, "%s is %jd, want %s%jd", #X, _ck_x, wb_want_op(#OP), _ck_y); \
    } while (0)
#undef _ck_assert_uint
#define _ck_assert_uint(X, OP, Y)                                                               \
    do {                                                                                        \
        uintmax_t _ck_x = (X), _ck_y = (Y);                                                     \
        ck_assert_msg(_ck_x OP _ck_y, "%s is %ju, want %s%ju", #X, _ck_x, wb_want_op(#OP), _ck_y); \
    } while (0)

/* The floating-point ones the same way: "EXPR is 0.5, want 0.25" and, with a tolerance,
   "EXPR is 0.5, want 0.25 (within 1e-12)". */
#undef _ck_assert_floating
#define _ck_assert_floating(X, OP, Y, TP, TM)                                                   \
    do {                                                                                        \
        TP _ck_x = (X), _ck_y = (Y);                                                            \
        ck_assert_msg(_ck_x OP _ck_y, "%s is %.*" TM "g, want %s%.*" TM "g", #X,                \
                      (int)CK_FLOATING_DIG, _ck_x, wb_want_op(#OP), (int)CK_FLOATING_DIG, _ck_y); \
    } while (0)
#undef _ck_assert_floating_absdiff_op_tol
#define _ck_assert_floating_absdiff_op_tol(X, Y, OP, T, TP, TM)                                 \
    do {                                                                                        \
        TP _ck_x = (X), _ck_y = (Y), _ck_t = (T);                                               \
        ck_assert_msg(fabsl(_ck_y - _ck_x) OP _ck_t, "%s is %.*" TM "g, want %.*" TM "g (%s %.*" TM "g)", \
                      #X, (int)CK_FLOATING_DIG, _ck_x, (int)CK_FLOATING_DIG, _ck_y,             \
                      #OP[0] == '<' ? "within" : "at least", (int)CK_FLOATING_DIG, _ck_t);      \
    } while (0)

/* Fill an output buffer with NaN before the code under test writes it: an element it never
   writes then fails as "got NaN" (not written) instead of passing or failing on leftover memory. */
void wb_fill_nan(float *x, long n);

/* n floats (zeroed) that end where an unreadable page begins: for a test's input of exactly the
   size a contract gives (B images, not max_batch), so that code reading or writing past its end
   faults at once instead of using whatever memory lies there. The fault first prints one line on
   stderr, "... went past the end of WHAT (n floats)", then crashes the test as any fault does.
   what: a short description, copied. 4-byte aligned (16 when n is a multiple of 4); a page and
   more each, 16 at a time at most: release each with wb_guarded_free. */
float *wb_guarded_floats(long n, const char *what);
void wb_guarded_free(float *x);

/* 0 if close; else 1 with a one-line description in msg. */
int wb_compare_floats(const float *got, const float *want, long n, double rtol, double atol, char *msg, size_t len);

/* A fresh empty directory for a test's files (under $TMPDIR or /tmp); returns its path. */
const char *wb_test_tmpdir(void);
/* NAME inside one temporary directory of this test process, made on first use and removed with its
   files when the process exits; written into buf (len bytes), which is returned. */
const char *wb_test_path(const char *name, char *buf, size_t len);

#endif
