/* test_cost.c — tests for cost.c: both costs and their gradients on an asymmetric batch (values
 * worked out in double from the formulas, gradients also against finite differences), extreme
 * logits, and the first steps of Nielsen's saturated neuron. */
#include "testing.h"
#include "week07.h"

#include <math.h>

/* A batch of B = 2 examples with C = 3 sigmoid outputs: saturated, wrong, undecided, soft targets. */
static const float Z[6] = {4.0f, -1.0f, 0.0f, 2.0f, -3.0f, 0.5f};
static const float Y[6] = {0.0f, 1.0f, 0.5f, 1.0f, 0.0f, 0.25f};

typedef struct cost_ctx {
    float z[6];
    int xent;
} cost_ctx;

/* the cost at c->z; its gradient goes to a scratch buffer (NULL is cost_outputs_may_be_null's) */
static double cost_of(void *p) {
    cost_ctx *c = p;
    float scratch[6];
    return c->xent ? sigmoid_xent_cost(c->z, Y, 2, 3, scratch) : quadratic_cost(c->z, Y, 2, 3, scratch);
}

static void fill_nan(float *x, int n) {
    for (int i = 0; i < n; i++) x[i] = NAN;
}

WB_TEST(quadratic_cost_and_gradient, .points = 2, .edit = "cost.c",
        .hint = "The quadratic cost of a sigmoid output is 0.5 (a - y)^2 with a = sigmoid(z), summed over the "
                "outputs and averaged over the batch; its gradient with respect to z carries the sigmoid's "
                "slope a (1 - a) by the chain rule.",
        .hint2 = "For z = 4, y = 0 (B = 2): a = 0.98201, dz = a * a (1 - a) / 2 = 0.0086725. Getting 0.491 there "
                 "means the slope factor is missing: that is the cross-entropy's gradient.") {
    float dz[6];
    fill_nan(dz, 6);
    float c = quadratic_cost(Z, Y, 2, 3, dz);
    /* worked out in double from 0.5 (sigma(z) - y)^2 and (sigma(z) - y) sigma'(z) / B */
    float want_dz[6] = {0.0086725105f, -0.0718674202f, 0.0f, -0.0062577711f, 0.0010712713f, 0.0437646627f};
    WB_ASSERT_NEAR(c, 0.41349556f, 1e-5, 0); /* a handful of float exps: 1e-5 relative */
    WB_ASSERT_CLOSE(dz, want_dz, 6, 1e-5, 1e-9);
    cost_ctx ctx = {.xent = 0};
    for (int i = 0; i < 6; i++) ctx.z[i] = Z[i];
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(cost_of, &ctx, ctx.z, dz, 6, 1e-3, 1e-2, 1e-6));
}

WB_TEST(cross_entropy_cost_and_gradient, .points = 2, .edit = "cost.c",
        .hint = "The cross-entropy -[y ln a + (1-y) ln(1-a)] has the gradient (a - y) / B with respect to z: "
                "the sigmoid's slope cancels. Compute the cost from z (see the notes) so it never takes ln 0.",
        .hint2 = "For z = 4, y = 0: cost term ln(1 + e^4) = 4.01815, dz = sigmoid(4) / 2 = 0.49101. The whole "
                 "batch's cost is 3.52458.") {
    float dz[6];
    fill_nan(dz, 6);
    float c = sigmoid_xent_cost(Z, Y, 2, 3, dz);
    float want_dz[6] = {0.4910068950f, -0.3655292893f, 0.0f, -0.0596014610f, 0.0237129366f, 0.1862296656f};
    WB_ASSERT_NEAR(c, 3.52457557f, 1e-5, 0);
    WB_ASSERT_CLOSE(dz, want_dz, 6, 1e-5, 1e-9);
    cost_ctx ctx = {.xent = 1};
    for (int i = 0; i < 6; i++) ctx.z[i] = Z[i];
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(cost_of, &ctx, ctx.z, dz, 6, 1e-3, 1e-2, 1e-6));
}

WB_TEST(cross_entropy_extreme_logits, .points = 1, .edit = "cost.c",
        .hint = "At z = +-1000 the sigmoid is exactly 0 or 1 in float, so ln a or ln(1 - a) is ln 0: write the "
                "cost with z, as max(z, 0) - y z + ln(1 + e^-|z|), which is finite for every z.",
        .hint2 = "Right with confidence costs 0 (z = 1000, y = 1); wrong with confidence costs |z| (z = 1000, "
                 "y = 0 costs 1000). Here the mean over B = 2 is (0 + 0 + 1000 + 1000) / 2 = 1000.") {
    float z[4] = {1000.0f, -1000.0f, 1000.0f, -1000.0f}, y[4] = {1.0f, 0.0f, 0.0f, 1.0f}, dz[4];
    fill_nan(dz, 4);
    float c = sigmoid_xent_cost(z, y, 2, 2, dz);
    WB_ASSERT_NEAR(c, 1000.0f, 1e-6, 0);
    float want_dz[4] = {0.0f, 0.0f, 0.5f, -0.5f};
    WB_ASSERT_CLOSE(dz, want_dz, 4, 0, 1e-7);
    float q = quadratic_cost(z, y, 2, 2, dz); /* saturated and wrong: cost 0.5 each, no gradient at all */
    WB_ASSERT_NEAR(q, 0.5f, 1e-6, 0);
    WB_ASSERT_CLOSE(dz, ((float[4]){0, 0, 0, 0}), 4, 0, 1e-7);
}

WB_TEST(saturated_neuron_first_steps, .points = 2, .edit = "cost.c",
        .hint = "One epoch of the neuron: z = w x + b, the cost and its dz for that one example, then w moves by "
                "-lr dz x and b by -lr dz. The costs array gets the cost BEFORE each step.",
        .hint2 = "Nielsen's start w = b = 2, x = 1, y = 0, lr 0.15: one quadratic step gives w = b = 1.997398 "
                 "(barely moving); one cross-entropy step gives w = b = 1.852701. With x = 0.5 w moves half as "
                 "far as b: if w and b stay equal there, dC/dw is missing its factor x.") {
    float costs[2] = {NAN, NAN};
    float w = 2.0f, b = 2.0f;
    train_neuron(COST_QUADRATIC, &w, &b, 1.0f, 0.0f, 0.15f, 2, costs);
    /* two steps worked out in double: 1e-5 relative covers float's exp and products */
    WB_ASSERT_CLOSE(costs, ((float[2]){0.48217554f, 0.48208506f}), 2, 1e-5, 0);
    WB_ASSERT_NEAR(w, 1.99478366f, 1e-5, 0);
    WB_ASSERT_NEAR(b, 1.99478366f, 1e-5, 0);
    w = 2.0f, b = 2.0f;
    train_neuron(COST_CROSS_ENTROPY, &w, &b, 1.0f, 0.0f, 0.15f, 2, costs);
    WB_ASSERT_CLOSE(costs, ((float[2]){4.01814993f, 3.72968886f}), 2, 1e-5, 0);
    WB_ASSERT_NEAR(w, 1.70629798f, 1e-5, 0);
    w = 2.0f, b = 2.0f;
    train_neuron(COST_CROSS_ENTROPY, &w, &b, 0.5f, 0.0f, 0.15f, 2, costs);
    WB_ASSERT_NEAR(w, 1.85777037f, 1e-5, 0);
    WB_ASSERT_NEAR(b, 1.71554074f, 1e-5, 0);
}

WB_TEST(cost_outputs_may_be_null, .points = 1, .edit = "cost.c",
        .hint = "dz (in both costs) and costs (in train_neuron) are optional outputs: NULL means "
                "the caller does not want them, as a finite difference needs only the cost and a "
                "long run need not keep every epoch's. Then the cost and the training are the "
                "same, and nothing is written through the NULL pointer.",
        .hint2 = "Here the batch of the first two tests with dz = NULL must cost 0.41349556 "
                 "(quadratic) and 3.52457557 (cross-entropy), and two cross-entropy steps of the "
                 "neuron with costs = NULL must end at w = b = 1.70629798, as with an array. A "
                 "crash here (signal 11) is a write through NULL: test the pointer first.") {
    /* the values of quadratic_cost_and_gradient, cross_entropy_cost_and_gradient and
       saturated_neuron_first_steps, worked out in double */
    WB_ASSERT_NEAR(quadratic_cost(Z, Y, 2, 3, NULL), 0.41349556f, 1e-5, 0);
    WB_ASSERT_NEAR(sigmoid_xent_cost(Z, Y, 2, 3, NULL), 3.52457557f, 1e-5, 0);
    float w = 2.0f, b = 2.0f;
    train_neuron(COST_CROSS_ENTROPY, &w, &b, 1.0f, 0.0f, 0.15f, 2, NULL);
    WB_ASSERT_NEAR(w, 1.70629798f, 1e-5, 0);
    WB_ASSERT_NEAR(b, 1.70629798f, 1e-5, 0);
}

WB_TEST(cross_entropy_escapes_saturation, .points = 1, .edit = "cost.c",
        .hint = "Nielsen's picture: from w = b = 2 (output 0.98, target 0), the quadratic cost barely learns "
                "for the first hundred epochs while the cross-entropy does at once. After 30 epochs at lr 0.15 "
                "the quadratic's output should still be above 0.95, the cross-entropy's below 0.25.",
        .hint2 = "Worked out in double: 0.9788 and 0.2043 after 30 epochs; after 300, 0.2028 and 0.0120 "
                 "(Nielsen's quadratic run ends at 0.20).") {
    float w = 2.0f, b = 2.0f;
    float aq = train_neuron(COST_QUADRATIC, &w, &b, 1.0f, 0.0f, 0.15f, 30, NULL);
    w = 2.0f, b = 2.0f;
    float ax = train_neuron(COST_CROSS_ENTROPY, &w, &b, 1.0f, 0.0f, 0.15f, 30, NULL);
    ck_assert_msg(aq > 0.95f && ax < 0.25f, "after 30 epochs: quadratic output %g (want > 0.95), cross-entropy "
                  "%g (want < 0.25)", (double)aq, (double)ax);
    w = 2.0f, b = 2.0f;
    aq = train_neuron(COST_QUADRATIC, &w, &b, 1.0f, 0.0f, 0.15f, 300, NULL);
    WB_ASSERT_NEAR(aq, 0.20284842f, 1e-3, 0); /* 300 float steps drift from the double reference: 1e-3 */
}
