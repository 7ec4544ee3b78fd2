/* test_perceptron.c — tests for perceptron.c. The cases are small enough to follow on paper. */
#include "testing.h"
#include "week01.h"
#include "rng.h"

WB_TEST(predict_side_of_line, .points = 1,
        .hint = "Return 1 when dot(w, x, dim) + b > 0, else 0 (exactly on the line counts as 0).") {
    float w[] = {1, -1};
    float above[] = {2, 1}, below[] = {1, 2}, on[] = {1, 1};
    ck_assert_int_eq(perceptron_predict(w, 0.0f, above, 2), 1);  /* 2 - 1 = 1 > 0 */
    ck_assert_int_eq(perceptron_predict(w, 0.0f, below, 2), 0);  /* 1 - 2 < 0 */
    ck_assert_int_eq(perceptron_predict(w, 0.0f, on, 2), 0);     /* exactly 0: not > 0 */
    ck_assert_int_eq(perceptron_predict(w, 1.5f, below, 2), 1);  /* the bias moves the line */
}

WB_TEST(update_one_mistake, .points = 2,
        .hint = "When the prediction is wrong: w[i] += lr * (label - prediction) * x[i], and b += lr * (label - prediction).",
        .hint2 = "Worked case: w = (0,0), b = 0 predicts 0 for x = (1,2); with label 1 and lr = 0.5, "
                 "w becomes (0.5, 1) and b becomes 0.5. If b stays 0, the bias update is missing; "
                 "if w becomes (-0.5,-1) the sign is flipped.") {
    float w[] = {0, 0}, b = 0, x[] = {1, 2};
    ck_assert_int_eq(perceptron_update(w, &b, x, 1, 2, 0.5f), 1);
    float want[] = {0.5f, 1.0f};
    WB_ASSERT_CLOSE(w, want, 2, 0, 0);
    WB_ASSERT_NEAR(b, 0.5f, 0, 0);
    /* now w.x + b = 0.5 + 2 + 0.5 = 3 > 0: right, so nothing may change */
    ck_assert_int_eq(perceptron_update(w, &b, x, 1, 2, 0.5f), 0);
    WB_ASSERT_CLOSE(w, want, 2, 0, 0);
    /* label 0 for the same point: w -= 0.5 x, b -= 0.5 */
    ck_assert_int_eq(perceptron_update(w, &b, x, 0, 2, 0.5f), 1);
    float back[] = {0, 0};
    WB_ASSERT_CLOSE(w, back, 2, 0, 0);
    WB_ASSERT_NEAR(b, 0.0f, 0, 0);
}

/* Two clusters of 2-D points: class 1 around (2,2), class 0 around (-2,-2), radius < 1.5, so
   the line x + y = 0 separates them with a margin. */
static void clusters(float *X, int *y, int n) {
    wb_rng r;
    wb_rng_seed(&r, 7);
    for (int i = 0; i < n; i++) {
        y[i] = i % 2;
        float c = y[i] ? 2.0f : -2.0f;
        X[2 * i] = c + 1.5f * (2 * wb_rng_uniform(&r) - 1) / 1.5f;
        X[2 * i + 1] = c + 1.5f * (2 * wb_rng_uniform(&r) - 1) / 1.5f;
    }
}

WB_TEST(train_separates_clusters, .points = 2,
        .hint = "Loop over epochs; in each, call perceptron_update on every example and count the mistakes; "
                "return the epoch number as soon as an epoch has no mistake.",
        .hint2 = "Return the count of epochs including the clean one (1 if the very first pass was clean).") {
    enum { N = 200 };
    float X[2 * N], w[2] = {0, 0}, b = 0;
    int y[N];
    clusters(X, y, N);
    int epochs = perceptron_train(w, &b, X, y, N, 2, 0.1f, 100);
    ck_assert_msg(epochs >= 1 && epochs <= 100, "returned %d epochs for separable data (want 1..100)", epochs);
    for (int i = 0; i < N; i++)
        ck_assert_msg(perceptron_predict(w, b, X + 2 * i, 2) == y[i], "point %d (%.2f, %.2f) is misclassified",
                      i, X[2 * i], X[2 * i + 1]);
}

WB_TEST(train_gives_up_on_xor, .points = 1,
        .hint = "If max_epochs pass and every epoch still had a mistake, return -1.",
        .hint2 = "XOR cannot be separated by a line, so the perceptron never has a clean epoch.") {
    float X[] = {0, 0, 0, 1, 1, 0, 1, 1}, w[2] = {0, 0}, b = 0;
    int y[] = {0, 1, 1, 0};
    ck_assert_int_eq(perceptron_train(w, &b, X, y, 4, 2, 1.0f, 50), -1);
}
