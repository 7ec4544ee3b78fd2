/* test_mlp.c — tests for mlp.c: a forward pass worked by hand, the backward pass against finite
 * differences, and the properties week 06 relies on (one parameter buffer, no accumulation, a
 * shorter last minibatch). */
#include "testing.h"
#include "week05.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A 2 -> 2 -> 1 network with weights written straight into params.data, which must be laid out
   W0 (2,2), b0 (2), W1 (1,2), b1 (1):
     W0 = [1 -1; 2 0.5], b0 = (0.5, -3), W1 = [2 -1], b1 = 0.25; `out` is the last layer's act */
static void tiny_net(mlp *m, activation hidden, activation out) {
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(m, 2, (const int[]){2, 2, 1}, (const activation[]){hidden, out}, 4, &r);
    const float p[] = {1, -1, 2, 0.5f, 0.5f, -3, 2, -1, 0.25f};
    ck_assert_int_eq((int)m->params.size, 9);
    memcpy(m->params.data, p, sizeof p);
    for (int l = 0; l < m->nlayers; l++) wb_fill_nan(m->act_out[l], 4L * m->sizes[l + 1]); /* unwritten: NaN */
}

WB_TEST(forward_by_hand, .points = 3,
        .hint = "Catches a missing bias, W used untransposed, one activation applied to every "
                "layer, an activation's wrong formula, and more rows read than given: each "
                "layer computes f(in W^T + b) with its OWN activation (row j of W is unit j) for "
                "the B rows passed in; the last layer here has none.",
        .hint2 = "For x = (1, 2): z0 = (1*1 - 1*2 + 0.5, 2*1 + 0.5*2 - 3) = (-0.5, 0). ReLU gives (0, 0), so the "
                 "output is just b1 = 0.25. If you get 1.25 the bias of layer 0 is missing; if the output is "
                 "-0.75 the ReLU is missing. x holds B = 2 rows (max_batch is 4) with an "
                 "unreadable page after them: a product over max_batch rows reads past x and "
                 "stops the test.",
        .hint3 = "With tanh hidden units and x = (1,2): output = 2 tanh(-0.5) - tanh(0) + 0.25; "
                 "with sigmoid hidden units 2 s(-0.5) - s(0) + 0.25 = 0.505, s(z) = 1 / (1 + e^-z), "
                 "the logistic function, whose outputs lie in (0, 1), not tanh's (-1, 1). A 1 -> 3 ReLU "
                 "layer has B x 3 outputs, and its activation covers every one of them.") {
    mlp m;
    tiny_net(&m, ACT_RELU, ACT_NONE);
    /* two rows at once: x = (1,2) and (3,-1), exactly B = 2 rows, nothing readable after them */
    float *x = wb_guarded_floats(4, "x, the B = 2 rows given (max_batch is 4)");
    memcpy(x, (const float[]){1, 2, 3, -1}, 4 * sizeof(float));
    mlp_forward(&m, x, 2);
    mlp_forward(&m, x, 2);   /* twice: the outputs are written, not added to */
    /* row 2: z0 = (3 + 1 + 0.5, 6 - 0.5 - 3) = (4.5, 2.5), relu the same, out = 9 - 2.5 + 0.25 = 6.75 */
    float want[] = {0.25f, 6.75f};
    WB_ASSERT_CLOSE(mlp_output(&m), want, 2, 1e-6, 1e-6); /* a few float roundings of small numbers */
    mlp_free(&m);

    tiny_net(&m, ACT_TANH, ACT_NONE);
    mlp_forward(&m, x, 2);
    float want_tanh[] = {(float)(2 * tanh(-0.5) - tanh(0.0) + 0.25), (float)(2 * tanh(4.5) - tanh(2.5) + 0.25)};
    WB_ASSERT_CLOSE(mlp_output(&m), want_tanh, 2, 1e-5, 1e-6); /* tanhf is within a few ulps */
    mlp_free(&m);

    /* sigmoid hidden units: 2 s(-0.5) - s(0) + 0.25 and 2 s(4.5) - s(2.5) + 0.25, s = 1/(1+e^-z) */
    tiny_net(&m, ACT_SIGMOID, ACT_NONE);
    mlp_forward(&m, x, 2);
    float want_sig[2];
    for (int i = 0; i < 2; i++) {
        double z0 = i == 0 ? -0.5 : 4.5, z1 = i == 0 ? 0.0 : 2.5;
        want_sig[i] = (float)(2 / (1 + exp(-z0)) - 1 / (1 + exp(-z1)) + 0.25);
    }
    WB_ASSERT_CLOSE(mlp_output(&m), want_sig, 2, 1e-5, 1e-6); /* expf is within a few ulps */
    mlp_free(&m);
    wb_guarded_free(x);

    /* a layer wider than its input, 1 -> 3 ReLU: the activation covers all B x 3 outputs.
       W = (1, -1, 2)^T, b = (0, 0.5, -1); x = 1 gives z = (1, -0.5, 1), x = -2 gives
       z = (-2, 2.5, -5), so the outputs are (1, 0, 1) and (0, 2.5, 0) */
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(&m, 1, (const int[]){1, 3}, (const activation[]){ACT_RELU}, 2, &r);
    memcpy(m.params.data, (const float[]){1, -1, 2, 0, 0.5f, -1}, 6 * sizeof(float));
    mlp_forward(&m, (const float[]){1, -2}, 2);
    const float want_wide[] = {1, 0, 1, 0, 2.5f, 0};
    WB_ASSERT_CLOSE(mlp_output(&m), want_wide, 6, 1e-6, 1e-6); /* sums of two small exact terms */
    mlp_free(&m);
}

WB_TEST(output_layer_has_its_activation, .points = 2,
        .hint = "Catches the last layer treated as special (left linear): every layer, the output "
                "layer included, applies its own acts[l]. A network for week 06's regression or a "
                "GAN's discriminator ends in tanh or a sigmoid, and those must be applied too.",
        .hint2 = "The same 2 -> 2 -> 1 network as forward_by_hand, now with a sigmoid (then a "
                 "tanh) on the output: for x = (1, 2) the linear output is 0.25, so the network "
                 "gives sigmoid(0.25) = 0.562 and tanh(0.25) = 0.245. Getting 0.25 means the "
                 "output layer's activation was skipped.") {
    const float x[] = {1, 2, 3, -1};
    /* linear outputs by hand (forward_by_hand): 0.25 and 6.75 */
    const activation outs[] = {ACT_SIGMOID, ACT_TANH};
    for (int k = 0; k < 2; k++) {
        mlp m;
        tiny_net(&m, ACT_RELU, outs[k]);
        mlp_forward(&m, x, 2);
        float want[2];
        for (int i = 0; i < 2; i++) {
            double z = i == 0 ? 0.25 : 6.75;
            want[i] = (float)(outs[k] == ACT_SIGMOID ? 1 / (1 + exp(-z)) : tanh(z));
        }
        /* expf/tanhf and a few roundings of small numbers: a few ulps */
        WB_ASSERT_CLOSE(mlp_output(&m), want, 2, 1e-5, 1e-6);
        mlp_free(&m);
    }
}

/* Loss for the gradient check: softmax cross-entropy of the network's output, in double. */
typedef struct { mlp *m; const float *x; const int *labels; int B; } ctx;
static double loss_of(void *c) {
    ctx *k = c;
    mlp_forward(k->m, k->x, k->B);
    int C = k->m->sizes[k->m->nlayers];
    double total = 0;
    for (int i = 0; i < k->B; i++) {
        const float *z = mlp_output(k->m) + (size_t)i * C;
        double s = 0;
        for (int j = 0; j < C; j++) s += exp((double)z[j]);
        total += log(s) - z[k->labels[i]];
    }
    return total / k->B;
}

/* dL/dz for that loss, computed here independently of softmax_xent.c: (softmax(z) - y) / B */
static void dloss(const mlp *m, const int *labels, int B, float *dz) {
    int C = m->sizes[m->nlayers];
    wb_softmax_rows(mlp_output(m), dz, B, C);
    for (int i = 0; i < B; i++) {
        dz[(size_t)i * C + labels[i]] -= 1.0f;
        for (int j = 0; j < C; j++) dz[(size_t)i * C + j] /= (float)B;
    }
}

static void check_gradients(const activation *acts, int nlayers, const int *sizes) {
    enum { B = 5 };
    wb_rng r;
    wb_rng_seed(&r, 11);
    mlp m;
    mlp_init(&m, nlayers, sizes, acts, B, &r);
    /* biases away from 0 so every bias gradient is exercised */
    for (int l = 0; l < nlayers; l++) wb_rng_fill_uniform(&r, m.layer[l].b.data, m.layer[l].out, -0.5f, 0.5f);
    float x[B * 8];
    int labels[B];
    wb_rng_fill_normal(&r, x, (long)B * sizes[0], 1.0f);
    for (int i = 0; i < B; i++) labels[i] = (int)wb_rng_below(&r, (uint32_t)sizes[nlayers]);
    float dz[B * 8];
    mlp_forward(&m, x, B);
    dloss(&m, labels, B, dz);
    mlp_backward(&m, x, dz, B);
    double norm = 0;
    for (size_t k = 0; k < m.params.size; k++) norm += (double)m.grads.data[k] * m.grads.data[k];
    ck_assert_msg(norm > 1e-6, "every gradient is 0: mlp_backward (or mlp_forward) computes nothing yet");
    ctx c = {&m, x, labels, B};
    /* Element by element: |analytic - numeric| <= 2e-2 max(|a|,|n|) + 2e-4. With eps = 1e-3 the
       numeric estimate carries float rounding of about 3e-5 |L| (gradcheck.h), and L ~ 1 here, so
       gradients below ~1e-4 are mostly noise: the absolute floor keeps them from failing the test,
       while a real bug (a missing slope, a wrong transpose) is off by far more than 2e-4. */
    /* the index reported is into params.data, which holds W0, b0, W1, b1, ... */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, m.params.data, m.grads.data, (long)m.params.size,
                                              1e-3, 2e-2, 2e-4));
    mlp_free(&m);
}

WB_TEST(backward_matches_finite_differences, .points = 4,
        .hint = "Catches a missing or wrong activation slope (the output layer's included), a "
                "wrong transpose, and a delta not handed down correctly: every parameter's "
                "gradient is compared with finite differences, for networks whose layers have "
                "different activations, some ending in tanh or a sigmoid.",
        .hint2 = "The largest error is reported at an index into params.data: W0 comes first, then b0, W1, b1, ... "
                 "An error in a b means the column sum is wrong (all B rows must be added); an error only in "
                 "the lower layers means delta_prev or the activation slope is wrong.",
        .hint3 = "The slopes from the output a: ReLU [a > 0], tanh 1 - a^2, sigmoid a (1 - a). Apply them to "
                 "the stored output, not to tanh(output).", .timeout = 8) {
    const int sizes[] = {4, 6, 5, 3};
    check_gradients((const activation[]){ACT_TANH, ACT_SIGMOID, ACT_NONE}, 3, sizes);
    check_gradients((const activation[]){ACT_RELU, ACT_TANH, ACT_NONE}, 3, sizes);
    check_gradients((const activation[]){ACT_LEAKY, ACT_SIGMOID, ACT_NONE}, 3, sizes); /* given, week 13 */
    /* an output layer with its own activation: its slope is part of the gradient too */
    check_gradients((const activation[]){ACT_RELU, ACT_TANH, ACT_SIGMOID}, 3, sizes);
    check_gradients((const activation[]){ACT_SIGMOID, ACT_RELU, ACT_TANH}, 3, sizes);
    const int deep[] = {3, 8, 8, 8, 8, 4};
    check_gradients((const activation[]){ACT_RELU, ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_NONE}, 5, deep);
}

WB_TEST(backward_overwrites_and_batches, .points = 2,
        .hint = "Catches gradients added to the previous call's and a bias gradient from one row: "
                "mlp_backward writes every gradient afresh, and a batch of B rows gives the sum of "
                "the B single-row gradients.",
        .hint2 = "Check the bias gradient: it is the sum over all B rows of delta, not just row 0.") {
    enum { B = 3 };
    wb_rng r;
    wb_rng_seed(&r, 5);
    mlp m;
    const int sizes[] = {3, 4, 2};
    mlp_init(&m, 2, sizes, (const activation[]){ACT_TANH, ACT_NONE}, B, &r);
    float x[B * 3], dout[B * 2];
    wb_rng_fill_normal(&r, x, B * 3, 1.0f);
    wb_rng_fill_normal(&r, dout, B * 2, 1.0f);
    size_t n = m.params.size;
    float *sum = wb_calloc(n, sizeof(float)), *batch = wb_malloc(n * sizeof(float));
    for (int i = 0; i < B; i++) {       /* one row at a time, summed here */
        mlp_forward(&m, x + 3 * i, 1);
        mlp_backward(&m, x + 3 * i, dout + 2 * i, 1);
        for (size_t k = 0; k < n; k++) sum[k] += m.grads.data[k];
    }
    double norm = 0;
    for (size_t k = 0; k < n; k++) norm += (double)sum[k] * sum[k];
    ck_assert_msg(norm > 1e-4, "the gradients are all zero: mlp_backward wrote nothing");
    for (int rep = 0; rep < 2; rep++) { /* twice: the second call must not add to the first */
        mlp_forward(&m, x, B);
        mlp_backward(&m, x, dout, B);
    }
    memcpy(batch, m.grads.data, n * sizeof(float));
    WB_ASSERT_CLOSE(batch, sum, (long)n, 1e-5, 1e-6); /* same sums in a different order */
    free(sum);
    free(batch);
    mlp_free(&m);
}

WB_TEST(backward_of_a_shorter_batch, .points = 2,
        .hint = "Catches gradients summed over max_batch rows instead of the B given: after a "
                "full batch, a shorter one (week 06's last minibatch) must give the gradient of "
                "its own B rows only, the same as a network built for exactly B rows.",
        .hint2 = "Every product and sum over the batch (dW, db, delta_prev) runs over the B rows "
                 "passed in: the rows of act_out and delta beyond B still hold the previous, "
                 "longer batch's values. x and dout hold exactly B rows with an unreadable page "
                 "after them, so reading max_batch rows of x stops the test.") {
    enum { MAX = 5, B = 3 };
    const int sizes[] = {3, 4, 2};
    const activation acts[] = {ACT_TANH, ACT_NONE};
    wb_rng r;
    wb_rng_seed(&r, 8);
    mlp m, fresh; /* room for MAX rows, and one for exactly B rows with the same parameters */
    mlp_init(&m, 2, sizes, acts, MAX, &r);
    mlp_init(&fresh, 2, sizes, acts, B, &r);
    wb_rng_fill_uniform(&r, m.params.data, (long)m.params.size, -1, 1); /* biases too */
    memcpy(fresh.params.data, m.params.data, m.params.size * sizeof(float));
    /* a full batch first, so that every row of act_out and delta beyond B holds non-zero values */
    float xfull[MAX * 3], dfull[MAX * 2];
    wb_rng_fill_normal(&r, xfull, MAX * 3, 1.0f);
    wb_rng_fill_normal(&r, dfull, MAX * 2, 1.0f);
    mlp_forward(&m, xfull, MAX);
    mlp_backward(&m, xfull, dfull, MAX);
    /* then B rows, exactly B: nothing readable after x or dout */
    float *x = wb_guarded_floats(B * 3, "x, the B = 3 rows given (max_batch is 5)");
    float *dout = wb_guarded_floats(B * 2, "dout, the B = 3 rows given (max_batch is 5)");
    wb_rng_fill_normal(&r, x, B * 3, 1.0f);
    wb_rng_fill_normal(&r, dout, B * 2, 1.0f);
    mlp_forward(&m, x, B);
    mlp_backward(&m, x, dout, B);
    mlp_forward(&fresh, x, B);
    mlp_backward(&fresh, x, dout, B);
    size_t n = m.params.size;
    double norm = 0;
    for (size_t k = 0; k < n; k++) norm += (double)fresh.grads.data[k] * fresh.grads.data[k];
    ck_assert_msg(norm > 1e-4, "the gradients are all zero: mlp_backward wrote nothing");
    /* the same products of the same B rows in the same order: equal up to a rounding or two; the
       index reported is into params.data (W0, b0, W1, b1) */
    WB_ASSERT_CLOSE(m.grads.data, fresh.grads.data, (long)n, 1e-5, 1e-6);
    wb_guarded_free(x);
    wb_guarded_free(dout);
    mlp_free(&m);
    mlp_free(&fresh);
}
