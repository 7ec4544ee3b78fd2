/* test_deep_ae.c — tests for deep_ae.c: the loss by hand, the forward pass against a plain triple
 * loop written here, the backward pass against finite differences, one training step against its
 * pieces (on a full and on a short batch), and a few training steps. */
#include "testing.h"
#include "week04.h"

#include <math.h>
#include <stdlib.h>

WB_TEST(mse_by_hand, .points = 1,
        .hint = "Catches a gradient without its 1/n, a loss that is not a mean, and a gradient "
                "written when dy is NULL: L = (1/n) sum (y_i - x_i)^2 over all n numbers, and "
                "dL/dy_i = 2 (y_i - x_i) / n goes into dy only when dy is not NULL.",
        .hint2 = "y = (0.5, 1, 0), x = (0, 1, 1): (0.25 + 0 + 1) / 3 = 0.41667, gradient (1/3, 0, -2/3). "
                 "deep_ae_eval asks for the loss alone, with dy = NULL: writing through it crashes.") {
    float y[] = {0.5f, 1, 0}, x[] = {0, 1, 1}, dy[3] = {NAN, NAN, NAN};
    ck_assert_double_eq_tol(mse(y, x, 3, dy), 1.25 / 3, 1e-12);   /* exact float inputs, double sum */
    float want[] = {1.0f / 3, 0, -2.0f / 3};
    WB_ASSERT_CLOSE(dy, want, 3, 1e-6, 0);
    /* the loss alone, as deep_ae_eval asks for it; a crash here means dy = NULL was written */
    ck_assert_double_eq_tol(mse(y, x, 3, NULL), 1.25 / 3, 1e-12);
}

/* One minibatch of the driver's size, 128 images of 784 pixels, every pixel off by the same
   e = 0.6f - 0.5f: the mean of e^2 is e^2 itself, and its gradient 2e/n everywhere. */
WB_TEST(mse_sums_in_double, .points = 1,
        .hint = "Catches a sum of squares kept in a float: over a batch of 128 x 784 = 100352 "
                "numbers the running total grows to ~1000, where a float's spacing is ~6e-5, so "
                "each added 0.01 is rounded and the mean comes out ~1e-3 off. The header asks for "
                "the sum in double.",
        .hint2 = "Every (y - x)^2 here is the same number e^2, so the mean must be e^2 to ~1e-11 "
                 "(a double sum of 1e5 terms); a float total gives 0.0100067 for 0.0100000. "
                 "Convert each term to double before adding it, and keep the total in a double.") {
    enum { N = 128 * 784 };
    float *y = malloc(N * sizeof *y), *x = malloc(N * sizeof *x), *dy = malloc(N * sizeof *dy);
    for (int i = 0; i < N; i++) y[i] = 0.6f, x[i] = 0.5f, dy[i] = NAN;
    float e = 0.6f - 0.5f; /* the float difference mse sees */
    double want = (double)e * e, got = mse(y, x, N, dy);
    /* a double sum of 1e5 equal terms: relative rounding ~1e-11; a float total is off by ~7e-4 */
    ck_assert_msg(fabs(got - want) <= 1e-9 * want, "mse of %d equal errors e = %.8g is %.10g, "
                  "want e^2 = %.10g (relative error %.1e)", N, e, got, want, (got - want) / want);
    float g = 2.0f * e / (float)N; /* 2e/n in float, as the notes' formula computes it */
    for (int i = 0; i < N; i++)
        ck_assert_msg(fabsf(dy[i] - g) <= 1e-6f * g, "dy[%d] = %g, want 2e/n = %g", i, dy[i], g);
    free(y), free(x), free(dy);
}

/* A small autoencoder 6 -> 5 -> 4 -> 2 -> 4 -> 5 -> 6 with nonzero biases. */
static void small_ae(deep_ae *ae, int max_batch) {
    wb_rng r;
    wb_rng_seed(&r, 21);
    deep_ae_init(ae, 6, 2, (const int[]){5, 4}, 2, max_batch, &r);
    for (int l = 0; l < ae->nlayers; l++) wb_rng_fill_uniform(&r, ae->layer[l].b.data, ae->layer[l].out, -0.3f, 0.3f);
}

/* The forward pass as a plain triple loop over the layers' weights, in double: an independent reference. */
static void naive_forward(const deep_ae *ae, const float *x, int B, double *code, double *out) {
    double cur[64], next[64];
    for (int i = 0; i < B; i++) {
        for (int k = 0; k < ae->d; k++) cur[k] = x[i * ae->d + k];
        for (int l = 0; l < ae->nlayers; l++) {
            const ae_layer *L = &ae->layer[l];
            for (int j = 0; j < L->out; j++) {
                double z = L->b.data[j];
                for (int k = 0; k < L->in; k++) z += (double)L->W.data[j * L->in + k] * cur[k];
                next[j] = L->act == AE_RELU ? fmax(z, 0) : L->act == AE_SIGMOID ? 1 / (1 + exp(-z)) : z;
            }
            for (int j = 0; j < L->out; j++) cur[j] = next[j];
            if (l == ae->code_layer)
                for (int j = 0; j < L->out; j++) code[i * L->out + j] = cur[j];
        }
        for (int k = 0; k < ae->d; k++) out[i * ae->d + k] = cur[k];
    }
}

WB_TEST(forward_matches_plain_loops, .points = 3,
        .hint = "Catches W used untransposed, a missing bias, the wrong activation on a layer "
                "(ReLU, linear code, sigmoid output: each layer's own L->act) and outputs added to "
                "the last call's: y = act(x W^T + b), written afresh.",
        .hint2 = "The output must be in (0,1) (a sigmoid). If the code is right but the output is not, look at "
                 "the decoder's activations; if nothing matches, at the bias or the transpose.") {
    enum { B = 3 };
    deep_ae ae;
    small_ae(&ae, B);
    float x[B * 6];
    wb_rng r;
    wb_rng_seed(&r, 2);
    wb_rng_fill_uniform(&r, x, B * 6, 0, 1);
    double code[B * 2], out[B * 6];
    naive_forward(&ae, x, B, code, out);
    deep_ae_forward(&ae, x, B);
    float code_f[B * 2], out_f[B * 6];
    for (int i = 0; i < B * 2; i++) code_f[i] = (float)code[i];
    for (int i = 0; i < B * 6; i++) out_f[i] = (float)out[i];
    /* float against double through 6 small layers: a few ulps per operation */
    WB_ASSERT_CLOSE(deep_ae_code(&ae), code_f, B * 2, 1e-4, 1e-6);
    WB_ASSERT_CLOSE(deep_ae_output(&ae), out_f, B * 6, 1e-4, 1e-6);
    deep_ae_forward(&ae, x, B);  /* again: the same outputs, not their sum with the first */
    WB_ASSERT_CLOSE(deep_ae_output(&ae), out_f, B * 6, 1e-4, 1e-6);
    deep_ae_free(&ae);
}

/* The loss for the gradient check, in double from the network's float output. */
typedef struct { deep_ae *ae; const float *x; int B; } ctx;
static double loss_of(void *c) {
    ctx *k = c;
    deep_ae_forward(k->ae, k->x, k->B);
    const float *y = deep_ae_output(k->ae);
    double s = 0;
    for (int i = 0; i < k->B * k->ae->d; i++) s += ((double)y[i] - k->x[i]) * ((double)y[i] - k->x[i]);
    return s / (k->B * k->ae->d);
}

WB_TEST(backward_matches_finite_differences, .points = 4, .timeout = 8,
        .hint = "Catches a wrong slope, W transposed in dx and a bias gradient summed the wrong way: "
                "every parameter's gradient is compared with finite differences of the loss (the "
                "backward equations are in the notes).",
        .hint2 = "The slopes: ReLU [y > 0], sigmoid y (1 - y) (y is already sigmoid(z): do not apply the sigmoid "
                 "again), linear 1. The worst index is into params: W0 b0 W1 b1 ... in order.") {
    enum { B = 4 };
    deep_ae ae;
    small_ae(&ae, B);
    float x[B * 6], dy[B * 6];
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_rng_fill_uniform(&r, x, B * 6, 0, 1);
    deep_ae_forward(&ae, x, B);
    /* dL/dy of the mean squared error, written here: 2 (y - x) / n */
    for (int i = 0; i < B * 6; i++) dy[i] = 2 * (deep_ae_output(&ae)[i] - x[i]) / (B * 6);
    deep_ae_backward(&ae, x, dy, B);
    double norm = 0;
    for (size_t i = 0; i < ae.grads.size; i++) norm += (double)ae.grads.data[i] * ae.grads.data[i];
    ck_assert_msg(norm > 1e-10, "every gradient is 0: deep_ae_backward (or the forward pass) computes nothing yet");
    ctx c = {&ae, x, B};
    /* Element by element, |a - n| <= 2e-2 max(|a|,|n|) + 1e-5: the loss is ~0.1 and computed from a
       float forward pass, so with eps = 1e-3 the numeric gradient carries ~3e-6 of rounding noise
       (gradcheck.h); the floor keeps that noise from failing a gradient that is really ~0. */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, ae.params.data, ae.grads.data, (long)ae.params.size,
                                              1e-3, 2e-2, 1e-5));
    deep_ae_free(&ae);
}

WB_TEST(backward_twice_overwrites, .points = 1,
        .hint = "Catches gradients added to the previous call's: every layer's dW and db are written "
                "afresh, so a second backward pass over the same batch gives the same numbers.",
        .hint2 = "A matrix product into a gradient uses beta = 0 (gemm.h); a bias sum starts from 0.") {
    enum { B = 3 };
    deep_ae ae;
    small_ae(&ae, B);
    float x[B * 6], dy[B * 6];
    wb_rng r;
    wb_rng_seed(&r, 4);
    wb_rng_fill_uniform(&r, x, B * 6, 0, 1);
    deep_ae_forward(&ae, x, B);
    for (int i = 0; i < B * 6; i++) dy[i] = 2 * (deep_ae_output(&ae)[i] - x[i]) / (B * 6);
    deep_ae_backward(&ae, x, dy, B);
    size_t n = ae.grads.size;
    float *first = malloc(n * sizeof *first);
    double norm = 0;
    for (size_t i = 0; i < n; i++) first[i] = ae.grads.data[i], norm += (double)first[i] * first[i];
    ck_assert_msg(norm > 1e-10, "every gradient is 0 after deep_ae_backward");
    deep_ae_backward(&ae, x, dy, B);
    WB_ASSERT_CLOSE(ae.grads.data, first, (long)n, 0, 0); /* the same computation: exact */
    free(first);
    deep_ae_free(&ae);
}

WB_TEST(train_step_is_one_adam_step, .points = 2,
        .hint = "Catches an Adam step taken with gradients other than this batch's: "
                "deep_ae_train_step runs the forward pass, mse with its gradient into ae->dy, "
                "deep_ae_backward of this batch, and only then adam_step on the gradients that "
                "backward has just written.",
        .hint2 = "Adam's first step moves each parameter by -lr g / (|g| + eps), lr against the "
                 "sign of g, where g is what deep_ae_backward gives for this batch at the starting "
                 "parameters (worked here on an equal network). ae->grads holds NaN before the "
                 "call: a step taken before the backward pass makes the parameters NaN.") {
    enum { B = 4, D = 6 };
    deep_ae a, b;
    small_ae(&a, B), small_ae(&b, B); /* equal networks */
    float x[B * D], dy[B * D];
    wb_rng r;
    wb_rng_seed(&r, 5);
    wb_rng_fill_uniform(&r, x, B * D, 0, 1);
    /* b: this batch's gradient at the starting parameters, from the pieces tested above */
    deep_ae_forward(&b, x, B);
    for (int i = 0; i < B * D; i++) dy[i] = 2 * (deep_ae_output(&b)[i] - x[i]) / (B * D);
    deep_ae_backward(&b, x, dy, B);
    size_t n = b.params.size, moved = 0;
    float *want = malloc(n * sizeof *want);
    for (size_t i = 0; i < n; i++) {
        double g = b.grads.data[i];
        want[i] = (float)(b.params.data[i] - 0.01 * g / (fabs(g) + 1e-8)); /* optim.c's notes */
        moved += fabs(g) > 1e-6;
    }
    /* the rest are exactly 0 (units dead on this batch): their parameters must stay put */
    ck_assert_msg(moved > n / 3, "the test's premise: a third of deep_ae_backward's gradients are "
                  "well above eps (%zu of %zu; none if it computes nothing yet)", moved, n);
    for (size_t i = 0; i < n; i++) a.grads.data[i] = NAN; /* not this batch's gradient */
    adam opt;
    adam_init(&opt, (long)n, 0.01f);
    deep_ae_train_step(&a, &opt, x, B);
    /* Adam's float corrections and sqrtf against double: ~1e-6 of a step of 0.01 */
    WB_ASSERT_CLOSE(a.params.data, want, (long)n, 1e-5, 1e-7);
    free(want);
    adam_free(&opt);
    deep_ae_free(&a);
    deep_ae_free(&b);
}

WB_TEST(train_step_on_a_short_batch, .points = 2,
        .hint = "Catches a training step that works on max_batch rows when it is given B: the last "
                "batch of an epoch is often shorter, and the loss, its gradient and the step cover "
                "exactly the B rows of x, n = B * d numbers.",
        .hint2 = "x holds B = 3 rows for a network built for max_batch 5, and the page after it is "
                 "unreadable: reading a fourth row stops the test. The loss returned is the mean "
                 "over those 3 rows, and the same network built for max_batch 3 must end the step "
                 "at the same parameters.") {
    enum { B = 3, D = 6 };
    deep_ae a, b;
    small_ae(&a, 5), small_ae(&b, B); /* the same parameters; only max_batch differs */
    /* exactly B rows, nothing readable after them (max_batch would be 5) */
    float *x = wb_guarded_floats(B * D, "x, the B = 3 rows given (max_batch is 5)");
    wb_rng r;
    wb_rng_seed(&r, 6);
    wb_rng_fill_uniform(&r, x, B * D, 0, 1);
    double code[B * 2], out[B * D], first = 0;
    naive_forward(&a, x, B, code, out);
    for (int i = 0; i < B * D; i++) first += (out[i] - x[i]) * (out[i] - x[i]);
    first /= B * D;
    adam oa, ob;
    adam_init(&oa, (long)a.params.size, 0.01f), adam_init(&ob, (long)b.params.size, 0.01f);
    float loss = deep_ae_train_step(&a, &oa, x, B);
    /* float forward against the double loops: ~1e-6 relative on a loss of ~0.1 */
    WB_ASSERT_NEAR(loss, (float)first, 1e-5, 0);
    deep_ae_train_step(&b, &ob, x, B);
    /* the same float operations on the same 3 rows (wb_sgemm's sums do not depend on max_batch) */
    WB_ASSERT_CLOSE(a.params.data, b.params.data, (long)a.params.size, 0, 0);
    wb_guarded_free(x);
    adam_free(&oa);
    adam_free(&ob);
    deep_ae_free(&a);
    deep_ae_free(&b);
}

WB_TEST(training_steps_reduce_the_loss, .points = 2, .timeout = 8,
        .hint = "Catches a training step that computes the loss over part of the batch, returns the "
                "loss after the update, or does not step: forward, the mean squared error of the "
                "whole batch with its gradient, backward, one Adam step.",
        .hint2 = "It must return the loss measured before the step, as mse computes it.") {
    enum { N = 16, D = 6 };
    /* points on a curve in 6-D: x_k = 0.5 + 0.4 sin(k + 3 t) for t in [0,1): a code of 2 is plenty */
    float x[N * D];
    for (int i = 0; i < N; i++)
        for (int k = 0; k < D; k++) x[i * D + k] = 0.5f + 0.4f * sinf(k + 3.0f * i / N);
    deep_ae ae;
    small_ae(&ae, N);
    adam opt;
    adam_init(&opt, (long)ae.params.size, 0.01f);
    deep_ae_forward(&ae, x, N);
    double first = 0;
    for (int i = 0; i < N * D; i++) first += (deep_ae_output(&ae)[i] - x[i]) * (deep_ae_output(&ae)[i] - x[i]);
    first /= N * D;
    float returned = deep_ae_train_step(&ae, &opt, x, N);
    WB_ASSERT_NEAR(returned, (float)first, 1e-5, 0);  /* the same sum in a different order */
    for (int s = 0; s < 300; s++) deep_ae_train_step(&ae, &opt, x, N);
    double last = deep_ae_eval(&ae, x, N);
    ck_assert_msg(last < 0.2 * first, "loss %g at the start, %g after 300 Adam steps: want a 5x drop", first, last);
    adam_free(&opt);
    deep_ae_free(&ae);
}
