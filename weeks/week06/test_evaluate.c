/* test_evaluate.c — tests for evaluate.c. The network here is one linear layer with weights set by
 * hand, so every score, prediction and loss below can be worked out on paper. */
#include "testing.h"
#include "week06.h"

#include <math.h>
#include <stdlib.h>

WB_TEST(argmax_picks_the_largest, .points = 1,
        .hint = "Catches a maximum that starts at 0 instead of the row's first score, ties that keep the "
                "last, and classes counted from 1: the prediction is the column of the largest score, "
                "the first one on ties, in 0..C-1.",
        .hint2 = "Row b starts at scores + b * C. Predictions are class indices 0..C-1, not 1..C.") {
    float s[4 * 3] = {0.1f, 0.7f, 0.2f,   /* 1 */
                      3, 3, 1,            /* tie: the first, 0 */
                      -5, -3, -2,         /* all negative: 2 (a max started at 0 gives 0) */
                      0, 0, 9};           /* the last column: 2 */
    int pred[4] = {-1, -1, -1, -1}, want[4] = {1, 0, 2, 2};
    argmax_rows(s, 4, 3, pred);
    for (int i = 0; i < 4; i++) ck_assert_msg(pred[i] == want[i], "row %d: predicted %d, want %d", i, pred[i], want[i]);
}

/* A 2 -> 3 linear network whose scores are (x0, x1, 0): W rows e0, e1, 0; no biases. */
static void identity_net(mlp *m, int max_batch) {
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(m, 1, (int[]){2, 3}, (activation[]){ACT_NONE}, max_batch, &r);
    float W[6] = {1, 0, 0, 1, 0, 0};
    for (int i = 0; i < 6; i++) m->layer[0].W.data[i] = W[i];
    for (int i = 0; i < 3; i++) m->layer[0].b.data[i] = 0;
}

/* -log softmax(z)[k] in double: log(sum exp z) - z_k */
static double xent(double z0, double z1, double z2, int k) {
    double z[3] = {z0, z1, z2};
    return log(exp(z0) + exp(z1) + exp(z2)) - z[k];
}

WB_TEST(evaluate_loss_and_accuracy, .points = 3,
        .hint = "Catches a mean of chunk means and predictions written from the start of pred: the loss "
                "is the mean over EXAMPLES (each chunk's mean loss weighted by its own size), and "
                "chunk k's predictions go to pred[k * chunk ...].",
        .hint2 = "The last chunk is smaller (5 examples, 2 at a time: 2 + 2 + 1). Weight each chunk's mean loss by "
                 "its own size b, not by the chunk size, or the last example counts twice.") {
    mlp m;
    identity_net(&m, 2);
    /* scores (x0, x1, 0): example 0 -> class 0, 1 -> 1, 2 -> 2, 3 -> 0, 4 -> 1 */
    wb_tensor x = WB_TENSOR(5, 2);
    float xs[10] = {2, 0, 0, 3, -1, -1, 1, 0.5f, 0, 1};
    for (int i = 0; i < 10; i++) x.data[i] = xs[i];
    uint8_t y[5] = {0, 1, 1, 0, 2}; /* examples 2 and 4 are wrong: 3/5 right */
    int pred[5] = {-1, -1, -1, -1, -1}, want_pred[5] = {0, 1, 2, 0, 1};
    eval_result r = evaluate(&m, &x, y, NULL, 5, pred);
    double loss = (xent(2, 0, 0, 0) + xent(0, 3, 0, 1) + xent(-1, -1, 0, 1) + xent(1, 0.5, 0, 0) + xent(0, 1, 0, 2)) / 5;
    ck_assert_int_eq(r.n, 5);
    WB_ASSERT_NEAR(r.accuracy, 0.6f, 1e-6, 0);
    WB_ASSERT_NEAR(r.loss, (float)loss, 1e-5, 0); /* float log-softmax against double: ~1e-7 relative each */
    for (int i = 0; i < 5; i++) ck_assert_msg(pred[i] == want_pred[i], "pred[%d] = %d, want %d", i, pred[i], want_pred[i]);

    /* a subset, in a given order: examples 4 and 1 */
    int idx[2] = {4, 1};
    r = evaluate(&m, &x, y, idx, 2, pred);
    ck_assert_int_eq(r.n, 2);
    WB_ASSERT_NEAR(r.accuracy, 0.5f, 1e-6, 0);
    WB_ASSERT_NEAR(r.loss, (float)((xent(0, 1, 0, 2) + xent(0, 3, 0, 1)) / 2), 1e-5, 0);
    ck_assert_msg(pred[0] == 1 && pred[1] == 1, "pred = (%d, %d) for examples 4 and 1, want (1, 1)", pred[0], pred[1]);
    wb_tensor_free(&x);
    mlp_free(&m);
}

WB_TEST(confusion_matrix_rows_are_truth, .points = 2,
        .hint = "Catches the matrix transposed, idx ignored and a cell marked instead of counted: "
                "row = the TRUE class (through idx when given), column = the PREDICTED class, and "
                "each cell counts every example that falls in it.",
        .hint2 = "With idx, example i's true class is y[idx[i]], but its prediction is still pred[i].") {
    uint8_t y[8] = {0, 1, 2, 2, 1, 2, 0, 2};
    int pred[8] = {0, 2, 2, 1, 2, 2, 0, 2}, counts[9];
    confusion_matrix(y, NULL, pred, 8, 3, counts);
    int want[9] = {2, 0, 0,  /* true 0: both right */
                   0, 0, 2,  /* true 1: both called 2 */
                   0, 1, 3}; /* true 2: three right, one called 1 */
    for (int i = 0; i < 9; i++) ck_assert_msg(counts[i] == want[i], "counts[%d][%d] = %d, want %d", i / 3, i % 3, counts[i], want[i]);
    /* through idx: examples 1 (true 1) and 0 (true 0), predicted 2 and 0 (reading y[i] instead of
       y[idx[i]] would count (0, 2) and (1, 0) instead) */
    int idx[2] = {1, 0}, p2[2] = {2, 0}, want2[9] = {1, 0, 0, 0, 0, 1, 0, 0, 0};
    confusion_matrix(y, idx, p2, 2, 3, counts);
    for (int i = 0; i < 9; i++) ck_assert_msg(counts[i] == want2[i], "with idx: counts[%d][%d] = %d, want %d", i / 3, i % 3, counts[i], want2[i]);
}
