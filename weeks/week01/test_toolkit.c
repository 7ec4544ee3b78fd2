/* test_toolkit.c — tests for toolkit.c. Expected values are worked out by hand or from a closed
 * form, never copied from the code's output. Read them: each one says what your code must do. */
#include "testing.h"
#include "week01.h"

#include <math.h>
#include <string.h>

/* A copy of v[0..n-1] (NaN if v is NULL: an output not yet written) in a guarded buffer of exactly
   n floats: a loop that runs one index too far (<= n) stops at once with a line naming the array,
   instead of reading or overwriting whatever lies next to it. Release with wb_guarded_free. */
static float *guarded(const float *v, long n, const char *what) {
    float *g = wb_guarded_floats(n, what);
    if (v) memcpy(g, v, (size_t)n * sizeof *g);
    else wb_fill_nan(g, n);
    return g;
}

WB_TEST(dot_product, .points = 1,
        .hint = "Catches a loop that stops one element short or a sum that does not start at 0: "
                "the dot product adds the products of ALL n pairs, and n = 0 gives 0.",
        .hint2 = "(1,2,3).(4,5,6) = 4 + 10 + 18 = 32; with n = 1 only the first pair counts, 1*4 = 4.") {
    float x[] = {1, 2, 3}, y[] = {4, 5, 6};
    WB_ASSERT_NEAR(dot(x, y, 3), 32.0f, 0, 0);   /* small integers: exact in float */
    WB_ASSERT_NEAR(dot(x, y, 1), 4.0f, 0, 0);
    WB_ASSERT_NEAR(dot(x, y, 0), 0.0f, 0, 0);    /* an empty sum is 0 */
}

WB_TEST(matvec_rectangular, .points = 2,
        .hint = "Catches walking A by columns instead of rows, adding into y instead of writing it, "
                "and a missed last row. Row r of a row-major (rows, cols) matrix is the cols floats "
                "that start r*cols floats in; y_r is its dot product with x.",
        .hint2 = "A = [1 2 3; 4 5 6] times (1, 0, -1) is (-2, -2). The test calls matvec twice on "
                 "the same y: if the second answer is off by the first, you add instead of assign. "
                 "For the 3x2 matrix a column walk reads the wrong numbers. y has rows entries and "
                 "A rows * cols: a line naming A means the loop over the rows went one too far.") {
    /* A = [1 2 3; 4 5 6], x = (1, 0, -1): y = (1 - 3, 4 - 6) = (-2, -2); x = (1, 1, 1): (6, 15) */
    /* every array in a guarded buffer of its exact size: a row loop to <= rows stops there */
    const float a6[] = {1, 2, 3, 4, 5, 6}, x1v[] = {1, 0, -1}, x2v[] = {1, 1, 1};
    float *A = guarded(a6, 6, "A, the rows * cols = 2 * 3 matrix"), *y = guarded(NULL, 2, "y, the rows = 2 outputs");
    float *x1 = guarded(x1v, 3, "x, the cols = 3 inputs"), *x2 = guarded(x2v, 3, "x, the cols = 3 inputs");
    float want1[] = {-2, -2}, want2[] = {6, 15};
    matvec(A, x1, y, 2, 3);
    WB_ASSERT_CLOSE(y, want1, 2, 0, 0);
    matvec(A, x2, y, 2, 3);                 /* the same y again: it must be overwritten */
    WB_ASSERT_CLOSE(y, want2, 2, 0, 0);
    /* B = [1 2; 3 4; 5 6] (3 rows of 2), x = (1, -1): y = (-1, -1, -1); x = (2, 1): (4, 10, 16) */
    const float u1v[] = {1, -1}, u2v[] = {2, 1};
    float *B = guarded(a6, 6, "A, the rows * cols = 3 * 2 matrix"), *z = guarded(NULL, 3, "y, the rows = 3 outputs");
    float *u1 = guarded(u1v, 2, "x, the cols = 2 inputs"), *u2 = guarded(u2v, 2, "x, the cols = 2 inputs");
    float want3[] = {-1, -1, -1}, want4[] = {4, 10, 16};
    matvec(B, u1, z, 3, 2);
    WB_ASSERT_CLOSE(z, want3, 3, 0, 0);
    matvec(B, u2, z, 3, 2);
    WB_ASSERT_CLOSE(z, want4, 3, 0, 0);
    float *all[] = {A, y, x1, x2, B, z, u1, u2};
    for (int i = 0; i < 8; i++) wb_guarded_free(all[i]);
}

WB_TEST(sigmoid_values, .points = 1,
        .hint = "Catches a flipped sign in the exponent and a different formula for negative z: "
                "sigma(z) = 1 / (1 + e^(-z)) for every z; it is near 1 for large positive z, "
                "exactly 1/2 at z = 0, and sigma(-z) = 1 - sigma(z), below 1/2 for z < 0.",
        .hint2 = "sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4; 1/4 means the exponent's sign is flipped. "
                 "sigmoid(-ln 3) = 1 / (1 + 3) = 1/4 and sigmoid(-2) = 0.119: if only negative z "
                 "are wrong, a separate branch for z < 0 computes something else (e^z / (1 + e^z) "
                 "is the same value, e^z / (1 + e^-z) is not). No cut-off either: sigmoid(-20) = "
                 "2.1e-9 is tiny but not 0.") {
    WB_ASSERT_NEAR(sigmoid(0.0f), 0.5f, 0, 0);
    WB_ASSERT_NEAR(sigmoid(logf(3.0f)), 0.75f, 1e-6, 0); /* 1/(1 + 1/3); a few ulps from logf/expf */
    WB_ASSERT_NEAR(sigmoid(-logf(3.0f)), 0.25f, 1e-6, 0); /* 1/(1 + 3) */
    WB_ASSERT_NEAR(sigmoid(-1000.0f), 0.0f, 0, 0);       /* e^1000 overflows to inf: 1/inf = 0 */
    WB_ASSERT_NEAR(sigmoid(1000.0f), 1.0f, 0, 0);
    for (float z = -8.0f; z < 0.0f; z += 1.5f) {         /* -8, -6.5, ..., -2, -0.5 */
        float got = sigmoid(z), want = (float)(1.0 / (1.0 + exp(-(double)z))); /* in double */
        /* one expf and a division in float: a few ulps, well inside 1e-6 relative */
        ck_assert_msg(fabsf(got - want) <= 1e-6f * want,
                      "sigmoid(%g) = %g, want 1 / (1 + e^%g) = %g: negative z use the same formula",
                      z, got, -z, want);
    }
    /* far out the value is tiny but not 0: sigma(-12) = 6.1e-6, sigma(-20) = 2.1e-9 (normal
       floats); one expf and a division, a few ulps, so relative 1e-6 as above */
    float far[] = {-12.0f, -20.0f};
    for (int i = 0; i < 2; i++) {
        float got = sigmoid(far[i]), want = (float)(1.0 / (1.0 + exp(-(double)far[i])));
        ck_assert_msg(fabsf(got - want) <= 1e-6f * want,
                      "sigmoid(%g) = %g, want 1 / (1 + e^%g) = %g: the formula holds for every z, "
                      "with no cut-off to 0 or 1", far[i], got, -far[i], want);
    }
}

/* d/dz of a function, by the central difference (f(z+h) - f(z-h)) / 2h in double: an estimate
   independent of your formula. With h = 1e-3 its error is about h^2 |f'''| / 6 < 1e-6 here. */
static double slope(double (*f)(double), double z) { return (f(z + 1e-3) - f(z - 1e-3)) / 2e-3; }
static double sigmoid_d(double z) { return 1.0 / (1.0 + exp(-z)); }

WB_TEST(sigmoid_prime_values, .points = 1,
        .hint = "Catches the slope formula applied to the input z: sigma'(z) = s (1 - s) where s "
                "is the OUTPUT sigma(z) (the notes derive it).",
        .hint2 = "At z = 0, s = 1/2 and the slope is 1/4; z (1 - z) would give 0 there. Far out "
                 "(z = +-1000) the sigmoid is flat: the slope is 0, not a huge number.") {
    WB_ASSERT_NEAR(sigmoid_prime(0.0f), 0.25f, 1e-6, 0);
    WB_ASSERT_NEAR(sigmoid_prime(1000.0f), 0.0f, 0, 0);  /* s = 1 exactly in float */
    WB_ASSERT_NEAR(sigmoid_prime(-1000.0f), 0.0f, 0, 0); /* s = 0 */
    for (float z = -6.0f; z <= 6.0f; z += 0.75f)
        /* float sigma has ~1e-7 relative error; the derivative loses at most a few times that */
        WB_ASSERT_NEAR(sigmoid_prime(z), (float)slope(sigmoid_d, z), 1e-4, 1e-6);
}

WB_TEST(tanh_prime_values, .points = 1,
        .hint = "Catches a missing square: tanh'(z) = 1 - tanh(z)^2, which is 1 at z = 0 and "
                "positive everywhere.",
        .hint2 = "At z = 1, tanh = 0.7616 and the slope is 1 - 0.58 = 0.42; 1 - tanh(z) would give 0.24.") {
    WB_ASSERT_NEAR(tanh_prime(0.0f), 1.0f, 1e-6, 0);
    for (float z = -4.0f; z <= 4.0f; z += 0.5f) WB_ASSERT_NEAR(tanh_prime(z), (float)slope(tanh, z), 1e-4, 1e-6);
}

WB_TEST(relu_and_slope, .points = 1,
        .hint = "Catches relu as |z| and a slope of 1 at the kink: relu(z) = max(0, z), slope 1 for "
                "z > 0 and 0 otherwise, 0 at z = 0 by this course's convention. (One hint only.)") {
    WB_ASSERT_NEAR(relu(3.5f), 3.5f, 0, 0);
    WB_ASSERT_NEAR(relu(-2.0f), 0.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(3.5f), 1.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(-2.0f), 0.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(0.0f), 0.0f, 0, 0);
}

WB_TEST(softmax_values, .points = 2,
        .hint = "Catches probabilities that are not normalised or that keep values from the "
                "previous call: every p_j is e^(z_j - m) over the sum of all of them, so they lie in "
                "(0, 1) and sum to 1.",
        .hint2 = "The sum must be complete before any division: sum all the exponentials first, "
                 "then divide each by it. The test calls softmax twice on the same p. p has exactly "
                 "n entries: a line naming p means a loop ran to j = n.") {
    /* closed form, in double: p_j = e^j / (1 + e + e^2) for z = (0, 1, 2) */
    /* z and p in guarded buffers of exactly n = 3 floats: a loop to <= n stops there */
    const float zv[] = {0, 1, 2};
    float *z = guarded(zv, 3, "z, the n = 3 logits"), *p = guarded(NULL, 3, "p, the n = 3 probabilities");
    double s = 1 + exp(1) + exp(2);
    float want[] = {(float)(1 / s), (float)(exp(1) / s), (float)(exp(2) / s)};
    softmax(z, p, 3);
    WB_ASSERT_CLOSE(p, want, 3, 1e-6, 0); /* three float exps and a division: a few ulps */
    /* again into the same p, largest logit first: z = (ln 3, 0, 0) gives (3/5, 1/5, 1/5) */
    const float z2v[] = {logf(3.0f), 0, 0};
    float *z2 = guarded(z2v, 3, "z, the n = 3 logits"), want2[] = {0.6f, 0.2f, 0.2f};
    softmax(z2, p, 3);
    WB_ASSERT_CLOSE(p, want2, 3, 1e-6, 0);
    wb_guarded_free(z), wb_guarded_free(z2), wb_guarded_free(p);
}

WB_TEST(softmax_large_inputs, .points = 2,
        .hint = "Catches an overflow: e^1000 is infinity in float and inf/inf is NaN. Softmax is "
                "unchanged when a constant is subtracted from every logit; subtract the largest.",
        .hint2 = "The largest logit may be anywhere, the last one too: z = (0, 1000) must give (0, 1). "
                 "With m = max z every exponent is <= 0 and the largest term is e^0 = 1; for "
                 "z = (1000, -2000) m is 1000: the largest value, not the largest magnitude.") {
    /* the logits and p in guarded buffers of exactly n = 2 floats: a loop to <= n stops there */
    const float zv[] = {1000, 0};
    float *z = guarded(zv, 2, "z, the n = 2 logits"), *p = guarded(NULL, 2, "p, the n = 2 probabilities");
    float want[] = {1, 0};
    softmax(z, p, 2);
    WB_ASSERT_CLOSE(p, want, 2, 0, 1e-30);  /* e^-1000 underflows to exactly 0 */
    float zl[] = {0, 1000}, last[] = {0, 1};
    softmax(zl, p, 2);                     /* the maximum is the last logit */
    WB_ASSERT_CLOSE(p, last, 2, 0, 1e-30);
    float zn[] = {1000, -2000}, first[] = {1, 0};
    softmax(zn, p, 2);                     /* the largest logit, not the largest |z|: m = 1000 */
    WB_ASSERT_CLOSE(p, first, 2, 0, 1e-30); /* e^-3000 underflows to exactly 0 */
    const float zzv[] = {-1000, -1000};
    float *zz = guarded(zzv, 2, "z, the n = 2 logits"), *q = guarded(NULL, 2, "p, the n = 2 probabilities");
    float half[] = {0.5f, 0.5f};
    softmax(zz, q, 2);                     /* e^-1000 = 0: without the shift this is 0/0 */
    WB_ASSERT_CLOSE(q, half, 2, 0, 0);
    wb_guarded_free(z), wb_guarded_free(p), wb_guarded_free(zz), wb_guarded_free(q);
}

WB_TEST(cross_entropy_values, .points = 2,
        .hint = "Catches the log of an underflowed probability and a shift m that is not the "
                "largest logit: compute L from the logits with log-sum-exp, L = m + log sum_k "
                "e^(z_k - m) - z_label with m the largest logit (negative when all logits are), "
                "never as -log of a softmax output (which can be exactly 0).",
        .hint2 = "For z = (1000, 0) and label 1 the loss is a finite 1000: p_1 = e^-1000 is 0 in "
                 "float and -log 0 = infinity. Equal logits over 4 classes give L = log 4; forgetting "
                 "to add m back shows up only when the largest logit is not 0. For z = (-1000, "
                 "-1001) every e^(z_k) underflows to 0, so a maximum started at 0 gives log 0; "
                 "with m = -1000, label 1 costs 1 + log(1 + e^-1) = 1.313. z has exactly n logits: "
                 "a line naming z means a loop (the maximum's or the sum's) ran to k = n.") {
    /* every z in a guarded buffer of exactly n floats: a loop to <= n stops there */
    const float z4v[] = {0, 0, 0, 0}, zv[] = {1000, 0}, zlv[] = {-1000, 0, 1000}, znv[] = {-1000, -1001};
    float *z4 = guarded(z4v, 4, "z, the n = 4 logits"), *z = guarded(zv, 2, "z, the n = 2 logits");
    float *zl = guarded(zlv, 3, "z, the n = 3 logits"), *zn = guarded(znv, 2, "z, the n = 2 logits");
    WB_ASSERT_NEAR(cross_entropy(z4, 2, 4), logf(4.0f), 1e-6, 0);
    WB_ASSERT_NEAR(cross_entropy(z, 1, 2), 1000.0f, 1e-6, 0); /* log(1 + e^-1000) = 0 in float */
    WB_ASSERT_NEAR(cross_entropy(z, 0, 2), 0.0f, 0, 1e-6);
    /* zl = (-1000, 0, 1000): largest last, smallest first */
    WB_ASSERT_NEAR(cross_entropy(zl, 0, 3), 2000.0f, 1e-6, 0);
    /* z = (0, ln 3): p = (1/4, 3/4), so L(label 1) = -log(3/4) */
    float z2[] = {0, logf(3.0f)};
    WB_ASSERT_NEAR(cross_entropy(z2, 1, 2), -logf(0.75f), 1e-5, 0);
    /* all logits negative, largest first: m = -1000, so L = m + log(1 + e^-1) - z_label. The float
       sum m + log(...) is near -1000, where the spacing of floats is 6e-5: hence atol 1e-4. */
    /* zn = (-1000, -1001) */
    for (int label = 0; label < 2; label++) {
        float got = cross_entropy(zn, label, 2), want = (float)(label + log1p(exp(-1.0)));
        ck_assert_msg(fabsf(got - want) <= 1e-4f,
                      "cross_entropy((-1000, -1001), %d) = %g, want %g: with all logits negative "
                      "the largest, -1000, is the shift m", label, got, want);
    }
    wb_guarded_free(z4), wb_guarded_free(z), wb_guarded_free(zl), wb_guarded_free(zn);
}
