/* test_perceptron.c — tests for perceptron.c. The cases are small enough to follow on paper. */
#include "testing.h"
#include "week01.h"
#include "rng.h"

#include <string.h>

WB_TEST(predict_side_of_line, .points = 1,
        .hint = "Catches >= instead of >, a forgotten bias and an input left out of the sum: the "
                "prediction is 1 only when w . x + b, over all dim inputs, is strictly positive; a "
                "point exactly on the line is class 0.",
        .hint2 = "w = (1, -1): (2, 1) gives 1 > 0, class 1; (1, 2) gives -1 < 0, class 0 (both "
                 "inputs count: the first alone would give 1); (1, 1) gives exactly 0, class 0; "
                 "with b = 1.5, (1, 2) gives 0.5 > 0, class 1.") {
    float w[] = {1, -1};
    float above[] = {2, 1}, below[] = {1, 2}, on[] = {1, 1};
    ck_assert_int_eq(perceptron_predict(w, 0.0f, above, 2), 1);  /* 2 - 1 = 1 > 0 */
    ck_assert_int_eq(perceptron_predict(w, 0.0f, below, 2), 0);  /* 1 - 2 < 0 */
    ck_assert_int_eq(perceptron_predict(w, 0.0f, on, 2), 0);     /* exactly 0: not > 0 */
    ck_assert_int_eq(perceptron_predict(w, 1.5f, below, 2), 1);  /* the bias moves the line */
}

WB_TEST(update_one_mistake, .points = 2,
        .hint = "Catches a flipped error sign, a missing or input-scaled bias step, a forgotten "
                "learning rate and an update on a right answer: only a mistake moves w by "
                "lr (y - yhat) x and b by lr (y - yhat), a bias step that is the same whatever x "
                "is (the bias is a weight whose input is always 1).",
        .hint2 = "Worked case: w = (0,0), b = 0 predicts 0 for x = (1,2); with label 1 and lr = 0.5, "
                 "w becomes (0.5, 1) and b becomes 0.5. If b stays 0, the bias update is missing; "
                 "if w becomes (-0.5,-1) the sign is flipped; (1, 2) means lr was left out. Then "
                 "x = (-2, 3), label 1, lr = 0.25 from zero: b becomes 0.25; -0.5 means the bias "
                 "step was multiplied by x[0]. The return value is 1 for every mistake, whichever "
                 "way it was wrong (y - yhat = -1 too). w and x have dim entries: a line naming one "
                 "of them means the loop ran to i = dim.") {
    /* w and x in guarded buffers of exactly dim = 2 floats (zeroed, then x = (1, 2)): a loop to
       i <= dim stops at w[2] or x[2] with a line naming the array */
    float *w = wb_guarded_floats(2, "w, the dim = 2 weights"), b = 0;
    float *x = wb_guarded_floats(2, "x, the dim = 2 inputs");
    x[0] = 1, x[1] = 2;
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
    /* a point whose first coordinate is not 1: from zero, x = (-2, 3), label 1, lr = 0.25 is a
       mistake (0 is not > 0), so w = 0.25 x = (-0.5, 0.75) and b = 0.25 (all exact in float) */
    float v[] = {0, 0}, c = 0, x2[] = {-2, 3}, want2[] = {-0.5f, 0.75f};
    ck_assert_int_eq(perceptron_update(v, &c, x2, 1, 2, 0.25f), 1);
    WB_ASSERT_CLOSE(v, want2, 2, 0, 0);
    ck_assert_msg(c == 0.25f, "b = %g after a mistake on x = (-2, 3) with lr = 0.25, want 0.25: "
                  "the bias step is lr (y - yhat), it does not depend on x", c);
    wb_guarded_free(w), wb_guarded_free(x);
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

/* Two points, worked by hand with lr = 1 from w = (0,0), b = 0. Epoch 1: (1,1) labelled 1 is
   predicted 0 (w.x + b = 0 is not > 0): a mistake, so w = (1,1), b = 1; then (-1,-1) labelled 0
   gives -2 + 1 = -1: right. Epoch 2: 3 > 0 and -1: both right, a clean epoch. So 2 epochs. */
WB_TEST(train_counts_epochs, .points = 1,
        .hint = "Catches an epoch judged by its last example only, an epoch count that starts at "
                "0, and training that does not pass its lr on: an epoch is clean when NONE of its n "
                "updates was a mistake (sum them), the returned count includes that clean epoch, "
                "and every update steps with the lr given to perceptron_train.",
        .hint2 = "Worked case in the test file: the first epoch makes one mistake (on the first "
                 "example, the last one is right), the second is clean, so the answer is 2. Started "
                 "from weights that are already right, the first epoch is clean and the answer is 1. Last, "
                 "lr = 0.5 from w = (0.25, 0.25), b = -1: one mistake, so w = (0.75, 0.75) and b = "
                 "-0.5; (1.25, 1.25) and 0 mean the updates stepped with lr = 1. (From zero weights "
                 "every lr gives the same predictions, which hides this.) -1 on the first case means the "
                 "first epoch's mistake was still counted in the second: each epoch counts its own "
                 "mistakes from 0. A line naming X means a pass went past the n examples.") {
    /* X in a guarded buffer of exactly n * dim = 4 floats: a pass over n + 1 examples stops there */
    const float xv[] = {1, 1, -1, -1};
    float *X = wb_guarded_floats(4, "X, the n * dim = 2 * 2 inputs"), w[2] = {0, 0}, b = 0;
    memcpy(X, xv, sizeof xv);
    int y[] = {1, 0};
    ck_assert_int_eq(perceptron_train(w, &b, X, y, 2, 2, 1.0f, 10), 2);
    float want[] = {1, 1};
    WB_ASSERT_CLOSE(w, want, 2, 0, 0);
    WB_ASSERT_NEAR(b, 1.0f, 0, 0);
    /* now the weights are right: the very first epoch is clean */
    ck_assert_int_eq(perceptron_train(w, &b, X, y, 2, 2, 1.0f, 10), 1);
    WB_ASSERT_CLOSE(w, want, 2, 0, 0);
    /* lr = 0.5 from w = (0.25, 0.25), b = -1 (from zero weights lr only rescales w and b, so this
       start is not zero). Epoch 1: (1,1) gives 0.5 - 1 = -0.5, predicted 0, label 1: a mistake,
       w = (0.25, 0.25) + 0.5 (1,1) = (0.75, 0.75), b = -1 + 0.5 = -0.5; (-1,-1) gives -2: right.
       Epoch 2: 1 and -2, clean. So 2 epochs, w = (0.75, 0.75), b = -0.5 (quarters: exact). With
       lr = 1 the step would end at w = (1.25, 1.25), b = 0. */
    float v[] = {0.25f, 0.25f}, c = -1.0f, want_half[] = {0.75f, 0.75f};
    ck_assert_int_eq(perceptron_train(v, &c, X, y, 2, 2, 0.5f, 10), 2);
    ck_assert_msg(v[0] == 0.75f && v[1] == 0.75f && c == -0.5f,
                  "lr = 0.5 from w = (0.25, 0.25), b = -1 ended at w = (%g, %g), b = %g, want "
                  "(0.75, 0.75), -0.5: one mistake moves w by lr x and b by lr", v[0], v[1], c);
    WB_ASSERT_CLOSE(v, want_half, 2, 0, 0);
    wb_guarded_free(X);
}

/* Three points, worked by hand with lr = 1 from w = (0,0), b = 0. Epoch 1: (-1,-1) labelled 0
   gives 0, predicted 0: right. (1,0) labelled 1 gives 0: a mistake, so w = (1,0), b = 1. (-1,2)
   labelled 1 gives -1 + 1 = 0: a second mistake, so w = (0,2), b = 2. Epoch 2: -2 + 2 = 0 (class
   0), 2 and 6 (class 1): all right, a clean epoch. So 2 epochs. An epoch that ended at its first
   mistake would leave (-1,2) for epoch 2, and only epoch 3 would be clean. */
WB_TEST(train_visits_every_example, .points = 1,
        .hint = "Catches an epoch that ends at its first mistake, and examples or weights read "
                "past their end: each epoch shows the perceptron all n examples in order (example "
                "i is the dim floats at X + i * dim) and updates on every one it gets wrong; only "
                "after the whole pass is the epoch judged clean or not.",
        .hint2 = "Worked case in the test file: epoch 1 is right on the first point and wrong on "
                 "the second AND the third; after both updates epoch 2 is clean, so the answer is "
                 "2 with w = (0, 2), b = 2. An answer of 3 means epoch 1 stopped before the third "
                 "point. Here n = 3 and dim = 2 differ: each update gets dim, the length of w "
                 "and of one example, and example i starts i * dim floats into X.") {
    const float x[] = {-1, -1, 1, 0, -1, 2};
    float b = 0, want[] = {0, 2};
    int y[] = {0, 1, 1};
    /* n = 3 examples of dim = 2, in guarded buffers of exactly their sizes: an example found at
       X + i * n, or a dim of n passed on to the update, goes past the end of X or w and stops
       with a line naming it (zeroed: w starts at (0, 0)) */
    float *X = wb_guarded_floats(6, "X, the n * dim = 3 * 2 inputs (example i starts at X[i * dim])");
    float *w = wb_guarded_floats(2, "w, the dim = 2 weights");
    memcpy(X, x, sizeof x);
    int epochs = perceptron_train(w, &b, X, y, 3, 2, 1.0f, 10);
    ck_assert_msg(epochs == 2, "returned %d epochs, want 2: epoch 1 must update on both its "
                  "mistakes (the 2nd and 3rd examples), so epoch 2 is clean", epochs);
    WB_ASSERT_CLOSE(w, want, 2, 0, 0);
    WB_ASSERT_NEAR(b, 2.0f, 0, 0);
    wb_guarded_free(w), wb_guarded_free(X);
}

WB_TEST(train_last_allowed_epoch, .points = 1,
        .hint = "Catches a loop that runs one epoch too few: max_epochs passes are allowed, so "
                "when pass number max_epochs is clean the answer is max_epochs. -1 means that "
                "every one of the max_epochs passes had a mistake.",
        .hint2 = "The two-point case of train_counts_epochs is clean in its 2nd epoch: with "
                 "max_epochs = 2 it must return 2, not -1; with max_epochs = 1 its only pass has "
                 "a mistake, so -1. Number the epochs 1, 2, ..., max_epochs, the last included.") {
    float X[] = {1, 1, -1, -1}, w[2] = {0, 0}, b = 0;
    int y[] = {1, 0};
    int epochs = perceptron_train(w, &b, X, y, 2, 2, 1.0f, 2);
    ck_assert_msg(epochs == 2, "max_epochs = 2 returned %d on a case whose 2nd epoch is clean, "
                  "want 2: the last allowed epoch runs too", epochs);
    float v[2] = {0, 0}, c = 0;
    epochs = perceptron_train(v, &c, X, y, 2, 2, 1.0f, 1);
    ck_assert_msg(epochs == -1, "max_epochs = 1 returned %d, want -1: the only allowed epoch "
                  "made a mistake", epochs);
}

WB_TEST(train_separates_clusters, .points = 1,
        .hint = "Catches training that stops before every point is right: keep making passes until "
                "a whole pass over the 200 points has no mistake.",
        .hint2 = "The two clouds are separable with a margin, so the convergence theorem promises a "
                 "clean epoch well within 100; afterwards every point must be on its side.") {
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
        .hint = "Catches a loop that never gives up or returns max_epochs: when max_epochs epochs "
                "all had mistakes, the answer is -1.",
        .hint2 = "XOR cannot be separated by a line, so the perceptron never has a clean epoch.") {
    float X[] = {0, 0, 0, 1, 1, 0, 1, 1}, w[2] = {0, 0}, b = 0;
    int y[] = {0, 1, 1, 0};
    ck_assert_int_eq(perceptron_train(w, &b, X, y, 4, 2, 1.0f, 50), -1);
}
