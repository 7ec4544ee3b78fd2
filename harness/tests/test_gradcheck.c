/* test_gradcheck.c — the gradient checker accepts a right gradient and points at a wrong one. */
#include "testing.h"
#include "gradcheck.h"

#include <math.h>

static float x[4] = {0.5f, -1.0f, 2.0f, 0.25f};
/* L = sum_i x_i^3, so dL/dx_i = 3 x_i^2 */
static double cubes(void *ctx) {
    (void)ctx;
    double s = 0;
    for (int i = 0; i < 4; i++) s += (double)x[i] * x[i] * x[i];
    return s;
}

WB_TEST(gradcheck_accepts_correct_gradient, .points = 1,
        .hint = "Central differences in double: error O(eps^2) for a smooth loss.") {
    float g[4];
    for (int i = 0; i < 4; i++) g[i] = 3 * x[i] * x[i];
    wb_gradcheck_result r = wb_gradcheck(cubes, NULL, x, g, 4, 1e-3);
    /* truncation error of the central difference for x^3 is exactly eps^2 = 1e-6 (absolute) */
    ck_assert_msg(r.max_rel_err < 1e-5, "max rel err %g at %ld", r.max_rel_err, r.worst);
    ck_assert_msg(x[0] == 0.5f && x[2] == 2.0f, "gradcheck must restore x exactly");
}

WB_TEST(gradcheck_finds_the_wrong_element, .points = 1,
        .hint = "The report must name the index of the worst element and both values.") {
    float g[4];
    for (int i = 0; i < 4; i++) g[i] = 3 * x[i] * x[i];
    g[2] = -g[2]; /* a sign error in one element */
    wb_gradcheck_result r = wb_gradcheck(cubes, NULL, x, g, 4, 1e-3);
    ck_assert_int_eq(r.worst, 2);
    ck_assert_msg(r.max_rel_err > 1.9, "rel err %g for a flipped sign (want ~2)", r.max_rel_err);
    ck_assert_msg(fabs(r.numeric - 12.0) < 1e-3, "numeric %g, want 12", r.numeric);
}

WB_TEST(gradcheck_within_uses_the_absolute_floor, .points = 1,
        .hint = "wb_gradcheck_within: |a-n| <= rtol max(|a|,|n|) + atol per element; report the element furthest outside.") {
    float g[4];
    for (int i = 0; i < 4; i++) g[i] = 3 * x[i] * x[i];
    g[3] += 1e-4f; /* 0.1875 + 1e-4: 5e-4 relative, inside an absolute floor of 2e-4 */
    wb_gradcheck_result r = wb_gradcheck_within(cubes, NULL, x, g, 4, 1e-3, 1e-6, 2e-4);
    ck_assert_msg(r.ok, "rejected: worst [%ld] analytic %g numeric %g", r.worst, r.analytic, r.numeric);
    r = wb_gradcheck_within(cubes, NULL, x, g, 4, 1e-3, 1e-6, 1e-5);
    ck_assert_msg(!r.ok && r.worst == 3, "with a 1e-5 floor element 3 must fail (ok %d, worst %ld)", r.ok, r.worst);
}
