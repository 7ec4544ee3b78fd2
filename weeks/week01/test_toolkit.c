/* test_toolkit.c — tests for toolkit.c. Expected values are worked out by hand or from a closed
 * form, never copied from the code's output. Read them: each one says what your code must do. */
#include "testing.h"
#include "week01.h"

#include <math.h>

WB_TEST(dot_product, .points = 1,
        .hint = "Loop i from 0 to n-1 and add x[i] * y[i] to a running sum; start the sum at 0.",
        .hint2 = "(1,2,3).(4,5,6) = 4 + 10 + 18 = 32. Check that your loop reaches the last element.") {
    float x[] = {1, 2, 3}, y[] = {4, 5, 6};
    WB_ASSERT_NEAR(dot(x, y, 3), 32.0f, 0, 0);   /* small integers: exact in float */
    WB_ASSERT_NEAR(dot(x, y, 1), 4.0f, 0, 0);
    WB_ASSERT_NEAR(dot(x, y, 0), 0.0f, 0, 0);    /* an empty sum is 0 */
}

WB_TEST(matvec_rectangular, .points = 2,
        .hint = "y[r] = dot(A + r * cols, x, cols): row r of a row-major matrix starts at A + r * cols.",
        .hint2 = "A 2x3 matrix has 2 rows of 3. If your answer has the right numbers in the wrong places, "
                 "you are walking A by columns (A[c * rows + r]) instead of by rows.") {
    /* A = [1 2 3; 4 5 6], x = (1, 0, -1): y = (1 - 3, 4 - 6) = (-2, -2); x = (1, 1, 1): (6, 15) */
    float A[] = {1, 2, 3, 4, 5, 6}, x1[] = {1, 0, -1}, x2[] = {1, 1, 1}, y[2] = {NAN, NAN};
    float want1[] = {-2, -2}, want2[] = {6, 15};
    matvec(A, x1, y, 2, 3);
    WB_ASSERT_CLOSE(y, want1, 2, 0, 0);
    matvec(A, x2, y, 2, 3);
    WB_ASSERT_CLOSE(y, want2, 2, 0, 0);
}

WB_TEST(sigmoid_values, .points = 1,
        .hint = "sigmoid(z) = 1 / (1 + expf(-z)). At z = 0 it is exactly 1/2.",
        .hint2 = "sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4. If you get 1/4 the sign of the exponent is flipped.") {
    WB_ASSERT_NEAR(sigmoid(0.0f), 0.5f, 0, 0);
    WB_ASSERT_NEAR(sigmoid(logf(3.0f)), 0.75f, 1e-6, 0); /* 1/(1 + 1/3); a few ulps from logf/expf */
    WB_ASSERT_NEAR(sigmoid(-1000.0f), 0.0f, 0, 0);       /* e^1000 overflows to inf: 1/inf = 0 */
    WB_ASSERT_NEAR(sigmoid(1000.0f), 1.0f, 0, 0);
}

/* d/dz of a function, by the central difference (f(z+h) - f(z-h)) / 2h in double: an estimate
   independent of your formula. With h = 1e-3 its error is about h^2 |f'''| / 6 < 1e-6 here. */
static double slope(double (*f)(double), double z) { return (f(z + 1e-3) - f(z - 1e-3)) / 2e-3; }
static double sigmoid_d(double z) { return 1.0 / (1.0 + exp(-z)); }

WB_TEST(sigmoid_prime_values, .points = 1,
        .hint = "sigma'(z) = sigma(z) * (1 - sigma(z)): call sigmoid(z) first, then use its output.",
        .hint2 = "At z = 0 the answer is 0.5 * 0.5 = 0.25. z * (1 - z) is the formula applied to the input, not to sigma(z).") {
    WB_ASSERT_NEAR(sigmoid_prime(0.0f), 0.25f, 1e-6, 0);
    for (float z = -6.0f; z <= 6.0f; z += 0.75f)
        /* float sigma has ~1e-7 relative error; the derivative loses at most a few times that */
        WB_ASSERT_NEAR(sigmoid_prime(z), (float)slope(sigmoid_d, z), 1e-4, 1e-6);
}

WB_TEST(tanh_prime_values, .points = 1,
        .hint = "tanh'(z) = 1 - tanhf(z)^2.",
        .hint2 = "At z = 0 the slope is 1; far from 0 it goes to 0.") {
    WB_ASSERT_NEAR(tanh_prime(0.0f), 1.0f, 1e-6, 0);
    for (float z = -4.0f; z <= 4.0f; z += 0.5f) WB_ASSERT_NEAR(tanh_prime(z), (float)slope(tanh, z), 1e-4, 1e-6);
}

WB_TEST(relu_and_slope, .points = 1,
        .hint = "relu(z) = z if z > 0 else 0; its slope is 1 if z > 0 else 0 (0 at z = 0).") {
    WB_ASSERT_NEAR(relu(3.5f), 3.5f, 0, 0);
    WB_ASSERT_NEAR(relu(-2.0f), 0.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(3.5f), 1.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(-2.0f), 0.0f, 0, 0);
    WB_ASSERT_NEAR(relu_prime(0.0f), 0.0f, 0, 0);
}

WB_TEST(softmax_values, .points = 2,
        .hint = "p[j] = expf(z[j]) / (sum over k of expf(z[k])); every p[j] is in (0,1) and they sum to 1.",
        .hint2 = "Compute the sum in one loop, then divide in a second loop.") {
    /* closed form, in double: p_j = e^j / (1 + e + e^2) for z = (0, 1, 2) */
    float z[] = {0, 1, 2}, p[3] = {NAN, NAN, NAN};
    double s = 1 + exp(1) + exp(2);
    float want[] = {(float)(1 / s), (float)(exp(1) / s), (float)(exp(2) / s)};
    softmax(z, p, 3);
    WB_ASSERT_CLOSE(p, want, 3, 1e-6, 0); /* three float exps and a division: a few ulps */
}

WB_TEST(softmax_large_inputs, .points = 2,
        .hint = "expf(1000) is infinity, and inf/inf is NaN. Subtract the largest z from every z before expf.",
        .hint2 = "softmax(z) = softmax(z - m) for any constant m; with m = max z every exponent is <= 0.") {
    float z[] = {1000, 0}, p[2] = {NAN, NAN}, want[] = {1, 0};
    softmax(z, p, 2);
    WB_ASSERT_CLOSE(p, want, 2, 0, 1e-30);  /* e^-1000 underflows to exactly 0 */
    float zz[] = {-1000, -1000}, q[2] = {NAN, NAN}, half[] = {0.5f, 0.5f};
    softmax(zz, q, 2);                     /* e^-1000 = 0: without the shift this is 0/0 */
    WB_ASSERT_CLOSE(q, half, 2, 0, 0);
}

WB_TEST(cross_entropy_values, .points = 2,
        .hint = "L = -log(softmax(z)[label]). Equal logits over 4 classes give p = 1/4 and L = log 4.",
        .hint2 = "Use log-sum-exp: L = m + logf(sum_k expf(z[k] - m)) - z[label], with m = max z. "
                 "For z = (1000, 0) and label 1 the loss is 1000, not infinity.") {
    float z4[] = {0, 0, 0, 0};
    WB_ASSERT_NEAR(cross_entropy(z4, 2, 4), logf(4.0f), 1e-6, 0);
    float z[] = {1000, 0};
    WB_ASSERT_NEAR(cross_entropy(z, 1, 2), 1000.0f, 1e-6, 0); /* log(1 + e^-1000) = 0 in float */
    WB_ASSERT_NEAR(cross_entropy(z, 0, 2), 0.0f, 0, 1e-6);
    /* z = (0, ln 3): p = (1/4, 3/4), so L(label 1) = -log(3/4) */
    float z2[] = {0, logf(3.0f)};
    WB_ASSERT_NEAR(cross_entropy(z2, 1, 2), -logf(0.75f), 1e-5, 0);
}
