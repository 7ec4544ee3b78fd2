/* test_autoencoder.c — tests for autoencoder.c. Small hand-worked networks first, then the
 * gradient against finite differences, then three tiny trainings (seeded, well under a second):
 * the 8-3-8 encoder, the linear autoencoder against PCA, and denoising. */
#include "testing.h"
#include "week03.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* d = 3, k = 2 with small integer weights, so a linear network's outputs are exact:
   W1 = [1 2 0; 0 -1 1], b1 = (1, 0), W2 = [1 0; 0 1; 1 1], b2 = (0, 0, 1). */
static void small_net(sae *ae, sae_act act) {
    wb_rng r;
    wb_rng_seed(&r, 1);
    sae_init(ae, 3, 2, act, act, 0.0f, &r);
    const float W1[] = {1, 2, 0, 0, -1, 1}, b1[] = {1, 0}, W2[] = {1, 0, 0, 1, 1, 1}, b2[] = {0, 0, 1};
    memcpy(ae->W1, W1, sizeof W1), memcpy(ae->b1, b1, sizeof b1);
    memcpy(ae->W2, W2, sizeof W2), memcpy(ae->b2, b2, sizeof b2);
}

WB_TEST(forward_small_linear, .points = 2,
        .hint = "Catches W1 read as (d,k), a missing output bias, and outputs added to old contents: "
                "H = X W1^T + b1 and Y = H W2^T + b2, with W1 (k,d) and W2 (d,k), written afresh "
                "(the test calls sae_forward twice on the same buffers).",
        .hint2 = "Worked case: x = (1,1,1) gives z1 = (1+2+0+1, 0-1+1+0) = (4, 0) and y = (4, 0, 4+0+1) = (4, 0, 5). "
                 "If W1 is read as (d,k) instead of (k,d) the numbers come out scrambled.") {
    sae ae;
    small_net(&ae, SAE_LINEAR);
    float X[] = {1, 1, 1, 2, 0, -1}, H[4], Y[6];
    /* second row: z1 = (2+0+0+1, 0-0-1) = (3, -1), y = (3, -1, 3-1+1) */
    float wantH[] = {4, 0, 3, -1}, wantY[] = {4, 0, 5, 3, -1, 3};
    wb_fill_nan(H, 4), wb_fill_nan(Y, 6);
    sae_forward(&ae, X, 2, H, Y);
    WB_ASSERT_CLOSE(H, wantH, 4, 0, 0); /* small integers: exact */
    WB_ASSERT_CLOSE(Y, wantY, 6, 0, 0);
    sae_forward(&ae, X, 2, H, Y);       /* again: the same answer, not twice it */
    WB_ASSERT_CLOSE(H, wantH, 4, 0, 0);
    WB_ASSERT_CLOSE(Y, wantY, 6, 0, 0);
    sae_free(&ae);
}

static double sig(double z) { return 1.0 / (1.0 + exp(-z)); }

WB_TEST(forward_small_sigmoid, .points = 1,
        .hint = "Catches a sigmoid applied before the bias or to one layer only: with SAE_SIGMOID "
                "both layers take the sigmoid of (product + bias).",
        .hint2 = "x = (1,1,1): the hidden pre-activations are (4, 0) as in the linear case, so H = "
                 "(sigma(4), 1/2).") {
    sae ae;
    small_net(&ae, SAE_SIGMOID);
    float X[] = {1, 1, 1}, H[2], Y[3];
    double h0 = sig(4), h1 = sig(0); /* the pre-activations of the linear case: (4, 0) */
    float wantH[] = {(float)h0, (float)h1}, wantY[] = {(float)sig(h0), (float)sig(h1), (float)sig(h0 + h1 + 1)};
    sae_forward(&ae, X, 1, H, Y);
    WB_ASSERT_CLOSE(H, wantH, 2, 1e-6, 0); /* float sigmoids against double: a few ulps */
    WB_ASSERT_CLOSE(Y, wantY, 3, 1e-6, 0);
    sae_free(&ae);
}

/* d = 5, k = 2, B = 3 (three different sizes) with every array in a guarded buffer of exactly its
   size, against the network written out as plain loops in double. */
WB_TEST(forward_loops_over_each_shape, .points = 1,
        .hint = "Catches a loop in sae_forward that runs over B*d entries where the array has B*k "
                "(or the reverse), or steps through a row with the other array's length: H is "
                "(B,k), X and Y are (B,d). Here every array ends where an unreadable page begins, "
                "and H and Y are compared with the two layers written out as plain loops.",
        .hint2 = "A line 'went past the end of H (B,k) ...' before the crash names the array "
                 "written too far: the hidden activation and bias cover H's B*k entries, row b "
                 "of H starting at b*k; the output's cover Y's B*d entries, row b at b*d.") {
    enum { D = 5, K = 2, B = 3 };
    wb_rng r;
    wb_rng_seed(&r, 33);
    sae ae;
    sae_init(&ae, D, K, SAE_SIGMOID, SAE_SIGMOID, 0.8f, &r);
    wb_rng_fill_normal(&r, ae.b1, K, 0.5f);
    wb_rng_fill_normal(&r, ae.b2, D, 0.5f);
    float *X = wb_guarded_floats(B * D, "X (B,d) = (3,5)");
    float *H = wb_guarded_floats(B * K, "H (B,k) = (3,2), the hidden units");
    float *Y = wb_guarded_floats(B * D, "Y (B,d) = (3,5), the outputs");
    wb_rng_fill_uniform(&r, X, B * D, -1.0f, 1.0f);
    float wantH[B * K], wantY[B * D];
    for (int b = 0; b < B; b++) {
        for (int j = 0; j < K; j++) { /* h_bj = sigma(sum_c W1[j][c] x_bc + b1_j) */
            double z = ae.b1[j];
            for (int c = 0; c < D; c++) z += (double)ae.W1[j * D + c] * X[b * D + c];
            wantH[b * K + j] = (float)sig(z);
        }
        for (int c = 0; c < D; c++) { /* y_bc = sigma(sum_j W2[c][j] h_bj + b2_c) */
            double z = ae.b2[c];
            for (int j = 0; j < K; j++) z += (double)ae.W2[c * K + j] * wantH[b * K + j];
            wantY[b * D + c] = (float)sig(z);
        }
    }
    wb_fill_nan(H, B * K), wb_fill_nan(Y, B * D);
    sae_forward(&ae, X, B, H, Y);
    /* float sums of at most 5 terms of size ~1 and float sigmoids against double: ~1e-7 */
    WB_ASSERT_CLOSE(H, wantH, B * K, 1e-5, 1e-6);
    WB_ASSERT_CLOSE(Y, wantY, B * D, 1e-5, 1e-6);
    wb_guarded_free(X), wb_guarded_free(H), wb_guarded_free(Y);
    sae_free(&ae);
}

/* Each layer has its own activation: a sigmoid code with a linear output, and the reverse. */
WB_TEST(forward_mixed_activations, .points = 1,
        .hint = "Catches one activation used for both layers: ae->hidden applies to H and ae->output "
                "to Y, and they may differ.",
        .hint2 = "Sigmoid hidden, linear output, x = (1,1,1): H = (sigma(4), 1/2) and Y = H W2^T + b2 = "
                 "(sigma(4), 1/2, sigma(4) + 1/2 + 1).") {
    sae ae;
    small_net(&ae, SAE_SIGMOID);
    ae.output = SAE_LINEAR;
    float X[] = {1, 1, 1}, H[2], Y[3];
    double h0 = sig(4), h1 = 0.5;
    float wantH[] = {(float)h0, (float)h1}, wantY[] = {(float)h0, (float)h1, (float)(h0 + h1 + 1)};
    wb_fill_nan(H, 2), wb_fill_nan(Y, 3);
    sae_forward(&ae, X, 1, H, Y);
    WB_ASSERT_CLOSE(H, wantH, 2, 1e-6, 0); /* float sigmoids against double: a few ulps */
    WB_ASSERT_CLOSE(Y, wantY, 3, 1e-6, 0);
    ae.hidden = SAE_LINEAR, ae.output = SAE_SIGMOID; /* the reverse: H = (4, 0) */
    float wantH2[] = {4, 0}, wantY2[] = {(float)sig(4), 0.5f, (float)sig(5)};
    sae_forward(&ae, X, 1, H, Y);
    WB_ASSERT_CLOSE(H, wantH2, 2, 0, 0);
    WB_ASSERT_CLOSE(Y, wantY2, 3, 1e-6, 0);
    sae_free(&ae);
}

WB_TEST(loss_values, .points = 2,
        .hint = "Catches a missing 1/2, a mean over B*d, or over d, instead of B, and no mean at "
                "all: both losses sum over all B*d entries and divide by the batch size B (the "
                "formulas are in the notes).",
        .hint2 = "Worked cases: Y = (1,2; 0,0), T = (0,0; 0,1) gives 0.5 (1 + 4 + 0 + 1) / 2 = 1.5. "
                 "Y = (0.5, 0.25), T = (1, 0) gives -(log 0.5 + log 0.75) = 0.9808. One row (B = 1) "
                 "of d = 2 outputs, Y = (1, 2), T = (0, 0): 0.5 (1 + 4) = 2.5, and the sigmoid row "
                 "alone 0.9808 again: the sum over the row is not divided by d.") {
    sae lin = {.d = 2, .k = 1, .output = SAE_LINEAR}, sg = {.d = 2, .k = 1, .output = SAE_SIGMOID};
    float Y[] = {1, 2, 0, 0}, T[] = {0, 0, 0, 1};
    WB_ASSERT_NEAR(sae_loss(&lin, Y, T, 2), 1.5f, 1e-6, 0);
    float Ys[] = {0.5f, 0.25f, 0.5f, 0.25f}, Ts[] = {1, 0, 1, 0};
    float want = (float)-(log(0.5) + log(0.75)); /* each of the two identical rows; the mean is the same */
    WB_ASSERT_NEAR(sae_loss(&sg, Ys, Ts, 2), want, 1e-6, 0);
    /* B = 1 row of d = 2: here B != d, so dividing by d shows (B = d = 2 above) */
    WB_ASSERT_NEAR(sae_loss(&lin, Y, T, 1), 2.5f, 1e-6, 0);
    WB_ASSERT_NEAR(sae_loss(&sg, Ys, Ts, 1), want, 1e-6, 0);
}

/* Outputs of exactly 0 and 1, as a saturated sigmoid gives them: the clamp to [1e-7, 1 - 1e-7]
   keeps every log finite. Right answers cost about 1e-7 each; a wrong one -log(1e-7) = 16.118. */
WB_TEST(loss_saturated_outputs, .points = 1,
        .hint = "Catches log(0): a sigmoid output can be exactly 0 or 1 in float, and 0 log 0 is NaN "
                "in C. Clamp y to [1e-7, 1 - 1e-7] inside the logs, as the notes say.",
        .hint2 = "Y = (1, 0) with T = (1, 0) must cost almost nothing (about 2e-7); Y = (0, 1) with "
                 "T = (1, 0) costs 2 (-log 1e-7) = 32.24, finite.") {
    sae sg = {.d = 2, .k = 1, .output = SAE_SIGMOID};
    float Y[] = {1, 0}, T[] = {1, 0}, Yw[] = {0, 1};
    WB_ASSERT_NEAR(sae_loss(&sg, Y, T, 1), 0.0f, 0, 1e-6);
    WB_ASSERT_NEAR(sae_loss(&sg, Yw, T, 1), (float)(-2 * log(1e-7)), 1e-5, 0);
}

/* The gradient check: the loss as a function of all parameters at once. */
typedef struct {
    sae *ae;
    const float *X, *T;
    int B;
} ctx;
static double loss_of(void *p) {
    ctx *c = p;
    float H[64], Y[64];
    sae_forward(c->ae, c->X, c->B, H, Y);
    return sae_loss(c->ae, Y, c->T, c->B);
}
/* guarded: X, T, H and Y in buffers of exactly their sizes, which end where an unreadable page
   begins, so that a loop running past one of them stops the test with that buffer's name. */
static void check_gradient_in(sae_act hidden, sae_act output, uint64_t seed, int guarded) {
    enum { D = 5, K = 3, B = 4 };
    wb_rng r;
    wb_rng_seed(&r, seed);
    sae ae;
    sae_init(&ae, D, K, hidden, output, 0.7f, &r);
    wb_rng_fill_normal(&r, ae.b1, K, 0.5f);
    wb_rng_fill_normal(&r, ae.b2, D, 0.5f);
    float Xs[B * D], Ts[B * D], Hs[B * K], Ys[B * D];
    float *X = guarded ? wb_guarded_floats(B * D, "X (B,d) = (4,5)") : Xs;
    float *T = guarded ? wb_guarded_floats(B * D, "T (B,d) = (4,5)") : Ts;
    float *H = guarded ? wb_guarded_floats(B * K, "H (B,k) = (4,3), the hidden units") : Hs;
    float *Y = guarded ? wb_guarded_floats(B * D, "Y (B,d) = (4,5)") : Ys;
    wb_rng_fill_uniform(&r, X, B * D, 0.0f, 1.0f);
    wb_rng_fill_uniform(&r, T, B * D, 0.0f, 1.0f); /* targets in (0,1) suit both losses */
    sae_forward(&ae, X, B, H, Y);
    sae_backward(&ae, X, H, Y, T, B);
    float biggest = 0;
    for (long i = 0; i < ae.size; i++) biggest = fmaxf(biggest, fabsf(ae.grads[i]));
    ck_assert_msg(biggest > 1e-3f, "every gradient is 0 (largest |grad| = %g): sae_backward wrote nothing?", biggest);
    ctx c = {&ae, X, T, B};
    /* eps 1e-2, not gradcheck.h's 1e-3: some gradients here are ~1e-3, and the float loss's rounding
       (~1e-7 of L ~ 3) divided by 2 eps must stay well below 1e-2 of them. The O(eps^2) error of
       the central difference is then ~1e-5 relative: smooth sigmoids, small third derivatives. */
    WB_ASSERT_GRAD(wb_gradcheck(loss_of, &c, ae.params, ae.grads, ae.size, 1e-2), 1e-2);
    if (guarded) wb_guarded_free(X), wb_guarded_free(T), wb_guarded_free(H), wb_guarded_free(Y);
    sae_free(&ae);
}
static void check_gradient(sae_act hidden, sae_act output, uint64_t seed) {
    check_gradient_in(hidden, output, seed, 0);
}

WB_TEST(backward_gradcheck_sigmoid, .points = 3,
        .hint = "Catches a missing 1/B, a missing hidden slope and a bias gradient taken from the "
                "wrong layer: every parameter's gradient is compared with finite differences of "
                "sae_loss (the equations are in the notes above sae_backward).",
        .hint2 = "The error message gives the index of the worst parameter: 0..14 is W1, 15..17 b1, 18..32 W2, "
                 "33..37 b2. All wrong by a factor 4 (= B)? The 1/B batch mean is missing.",
        .hint3 = "Bias gradients sum delta over the batch, one sum per unit: db1 from delta1 (B,k), db2 from "
                 "delta2 (B,d). A sigmoid hidden unit multiplies the gradient by h (1 - h).") {
    check_gradient(SAE_SIGMOID, SAE_SIGMOID, 11);
}

WB_TEST(backward_gradcheck_linear, .points = 2,
        .hint = "Catches a sigmoid slope applied to linear units: linear units have slope 1, and the "
                "squared-error loss gives the same delta2 = (Y - T) / B.",
        .hint2 = "The test compares every gradient with finite differences; the message gives the worst "
                 "parameter's index (W1, b1, W2, b2 in that order).") {
    check_gradient(SAE_LINEAR, SAE_LINEAR, 12);
}

WB_TEST(backward_gradcheck_mixed, .points = 1,
        .hint = "Catches the slope of the wrong layer: delta1 takes the HIDDEN units' slope "
                "(ae->hidden), whatever the output units are.",
        .hint2 = "Sigmoid code, linear output, then linear code, sigmoid output: both against finite "
                 "differences.") {
    check_gradient(SAE_SIGMOID, SAE_LINEAR, 13);
    check_gradient(SAE_LINEAR, SAE_SIGMOID, 14);
}

/* The sigmoid-code check again with every array the caller passes exactly its size (d = 5 and
   k = 3 differ): a loop over the wrong count reads past H (B*k) and stops the test. */
WB_TEST(backward_loops_over_each_shape, .points = 1,
        .hint = "Catches a loop in sae_backward that runs over B*d entries where the array has "
                "B*k (or the reverse): delta_1 and H are (B,k), delta_2, X, Y and T are (B,d). "
                "Here every input ends where an unreadable page begins, and the gradients are "
                "checked against finite differences as in backward_gradcheck_sigmoid.",
        .hint2 = "A line 'went past the end of H (B,k) ...' before the crash names the array read "
                 "too far: the hidden slope h (1 - h) multiplies delta_1, which has one entry per "
                 "hidden unit and example, B*k of them. Such a loop also writes past delta_1 "
                 "(sae_backward's own scratch), which corrupts the heap without a word.") {
    check_gradient_in(SAE_SIGMOID, SAE_LINEAR, 16, 1);
}

WB_TEST(backward_twice_overwrites, .points = 1,
        .hint = "Catches gradients added to the previous call's: sae_backward writes every gradient "
                "afresh, so a second call on the same batch gives the same numbers.",
        .hint2 = "A matrix product into a gradient uses beta = 0 (gemm.h); a bias sum starts from 0.") {
    enum { D = 5, K = 3, B = 4 };
    wb_rng r;
    wb_rng_seed(&r, 15);
    sae ae;
    sae_init(&ae, D, K, SAE_SIGMOID, SAE_SIGMOID, 0.7f, &r);
    wb_rng_fill_normal(&r, ae.b1, K, 0.5f);
    wb_rng_fill_normal(&r, ae.b2, D, 0.5f);
    float X[B * D], T[B * D], H[B * K], Y[B * D], first[64];
    wb_rng_fill_uniform(&r, X, B * D, 0.0f, 1.0f);
    wb_rng_fill_uniform(&r, T, B * D, 0.0f, 1.0f);
    sae_forward(&ae, X, B, H, Y);
    sae_backward(&ae, X, H, Y, T, B);
    memcpy(first, ae.grads, (size_t)ae.size * sizeof *first);
    float biggest = 0;
    for (long i = 0; i < ae.size; i++) biggest = fmaxf(biggest, fabsf(first[i]));
    ck_assert_msg(biggest > 1e-3f, "every gradient is 0 after sae_backward");
    sae_backward(&ae, X, H, Y, T, B);
    WB_ASSERT_CLOSE(ae.grads, first, ae.size, 0, 0); /* the same computation: exact */
    sae_free(&ae);
}

WB_TEST(train_step_descends, .points = 2,
        .hint = "Catches a step up the gradient, a partial update, a step size other than the lr "
                "given, and the loss returned after the update: every parameter moves by -lr times "
                "its gradient, and the return value is the loss before the step.",
        .hint2 = "If the loss goes up, the step has the wrong sign: it climbs the gradient instead of descending it.") {
    enum { D = 4, K = 2, B = 3 };
    wb_rng r;
    wb_rng_seed(&r, 21);
    sae ae;
    sae_init(&ae, D, K, SAE_SIGMOID, SAE_SIGMOID, 0.5f, &r);
    float X[B * D], H[B * K], Y[B * D], before[64];
    wb_rng_fill_uniform(&r, X, B * D, 0.0f, 1.0f);
    memcpy(before, ae.params, (size_t)ae.size * sizeof *before);
    sae_forward(&ae, X, B, H, Y);
    float loss0 = sae_loss(&ae, Y, X, B);
    float got = sae_train_step(&ae, X, X, B, 0.3f); /* lr 0.3: not the 0.1 of the other tests */
    WB_ASSERT_NEAR(got, loss0, 1e-6, 0); /* the same computation on the same parameters */
    for (long i = 0; i < ae.size; i++) /* grads now hold the step's gradient, taken at `before` */
        WB_ASSERT_NEAR(ae.params[i], before[i] - 0.3f * ae.grads[i], 1e-6, 1e-7);
    sae_forward(&ae, X, B, H, Y);
    float loss1 = sae_loss(&ae, Y, X, B);
    ck_assert_msg(loss1 < loss0, "one small step should lower the loss: %g before, %g after", loss0, loss1);
    sae_free(&ae);
}

/* A denoising pair: the input X is the target T with every third entry masked to 0, so T != X. */
WB_TEST(train_step_uses_the_target, .points = 2,
        .hint = "Catches a training step that scores or differentiates the output against the "
                "input X instead of the target T: with T != X (a denoising pair) the step returns "
                "the loss against T and descends the gradient of that same loss.",
        .hint2 = "X is what the network reads: sae_forward's input, and sae_backward's X (for "
                 "dW1). T is what it should output: the targets of sae_loss and sae_backward. "
                 "With T == X, as in train_step_descends, a mix-up cannot be seen.") {
    enum { D = 5, K = 3, B = 4 };
    wb_rng r;
    wb_rng_seed(&r, 22);
    sae ae;
    sae_init(&ae, D, K, SAE_SIGMOID, SAE_SIGMOID, 0.5f, &r);
    float X[B * D], T[B * D], H[B * K], Y[B * D], before[64], grad[64];
    wb_rng_fill_uniform(&r, T, B * D, 0.0f, 1.0f);
    for (int i = 0; i < B * D; i++) X[i] = i % 3 ? T[i] : 0.0f;
    /* the step's pieces, called here on the same parameters: the loss against T, its gradient */
    memcpy(before, ae.params, (size_t)ae.size * sizeof *before);
    sae_forward(&ae, X, B, H, Y);
    float want = sae_loss(&ae, Y, T, B), vs_input = sae_loss(&ae, Y, X, B);
    sae_backward(&ae, X, H, Y, T, B);
    memcpy(grad, ae.grads, (size_t)ae.size * sizeof *grad);
    float biggest = 0;
    for (long i = 0; i < ae.size; i++) biggest = fmaxf(biggest, fabsf(grad[i]));
    ck_assert_msg(biggest > 1e-3f, "every gradient is 0 after sae_backward");
    wb_fill_nan(ae.grads, ae.size); /* the step must compute its own gradient */
    float got = sae_train_step(&ae, X, T, B, 0.1f);
    /* the same computations on the same parameters: equal up to float rounding */
    ck_assert_msg(fabsf(got - want) <= 1e-6f * want, "sae_train_step returned %g; the loss "
                  "against the target T is %g (against the input X: %g)", got, want, vs_input);
    for (long i = 0; i < ae.size; i++) {
        float step = before[i] - 0.1f * grad[i];
        ck_assert_msg(fabsf(ae.params[i] - step) <= 1e-6f * fabsf(step) + 1e-7f,
                      "parameter %ld is %g after the step, want %g = before - lr * (the gradient "
                      "of the loss against T)", i, ae.params[i], step);
    }
    sae_free(&ae);
}

WB_TEST(mask_noise_fraction, .points = 1,
        .hint = "Catches masking with probability 1 - p instead of p: about a fraction p of the "
                "elements become 0, and the others are copied unchanged.",
        .hint2 = "One uniform draw per element; it is below p with probability p, and then the element "
                 "is masked.") {
    enum { N = 10000 };
    static float X[N], Xn[N];
    for (int i = 0; i < N; i++) X[i] = 1.0f + (float)(i % 7);
    wb_rng r;
    wb_rng_seed(&r, 8);
    sae_mask_noise(X, Xn, N, 0.25f, &r);
    int zeros = 0;
    for (int i = 0; i < N; i++) {
        if (Xn[i] == 0.0f) zeros++;
        else ck_assert_msg(Xn[i] == X[i], "element %d changed from %g to %g instead of being kept or zeroed", i, X[i], Xn[i]);
    }
    /* binomial(10000, 0.25): standard deviation 43, so 2500 +- 200 is a 4.6-sigma band */
    ck_assert_msg(abs(zeros - 2500) <= 200, "%d of %d elements zeroed with p = 0.25 (want about 2500)", zeros, N);
}

/* p = 0, 1 and 0.6 on the same data: masking depends on the p given, not on the 0.25 that the
   other tests use. */
WB_TEST(mask_noise_follows_p, .points = 1,
        .hint = "Catches a masking probability that is not the argument p: with p = 0 nothing may "
                "be masked, with p = 1 everything, and with p = 0.6 about 60% of the elements.",
        .hint2 = "wb_rng_uniform is in [0, 1): it is never below 0 and always below 1, so the rule "
                 "'masked when the draw is below p' masks nothing at p = 0 and everything at p = 1. "
                 "Every element is either 0 or its input, unchanged.") {
    enum { N = 10000 };
    static float X[N], Xn[N];
    for (int i = 0; i < N; i++) X[i] = 1.0f + (float)(i % 7);
    wb_rng r;
    wb_rng_seed(&r, 10);
    const float ps[3] = {0.0f, 1.0f, 0.6f};
    for (int t = 0; t < 3; t++) {
        sae_mask_noise(X, Xn, N, ps[t], &r);
        int zeros = 0;
        for (int i = 0; i < N; i++) {
            if (Xn[i] == 0.0f) zeros++;
            else ck_assert_msg(Xn[i] == X[i], "p = %g: element %d changed from %g to %g instead of "
                               "being kept or zeroed", ps[t], i, X[i], Xn[i]);
        }
        /* p = 0 and 1: exact. binomial(10000, 0.6): standard deviation 49, so 6000 +- 230 is a
           4.7-sigma band (and far from the 2500 of p = 0.25 or the 4000 of 1 - p) */
        int want = (int)(ps[t] * N), band = t < 2 ? 0 : 230;
        ck_assert_msg(abs(zeros - want) <= band, "%d of %d elements zeroed with p = %g (want %s%d)",
                      zeros, N, ps[t], band ? "about " : "", want);
    }
}

/* The 8-3-8 problem: eight one-hot patterns, full batch. */
static void train_838(sae *ae) {
    float X[64] = {0};
    for (int i = 0; i < 8; i++) X[i * 8 + i] = 1;
    wb_rng r;
    wb_rng_seed(&r, 2);
    sae_init(ae, 8, 3, SAE_SIGMOID, SAE_SIGMOID, 0.5f, &r);
    for (int step = 0; step < 3000; step++) sae_train_step(ae, X, X, 8, 2.0f);
}

WB_TEST(encoder_838_reconstructs, .points = 3, .timeout = 8,
        .hint = "Catches a training step that passes the unit tests but does not learn: the 8-3-8 "
                "encoder (3000 full-batch steps, lr 2) must bring every pattern back with its own "
                "output above 0.5 and every other below.",
        .hint2 = "If the earlier tests pass but this one fails, look at the hidden layer: the sigmoid's slope "
                 "h (1 - h) in delta1, and b1's gradient.") {
    sae ae;
    train_838(&ae);
    float X[64] = {0}, H[24], Y[64];
    for (int i = 0; i < 8; i++) X[i * 8 + i] = 1;
    sae_forward(&ae, X, 8, H, Y);
    for (int i = 0; i < 8; i++)
        for (int c = 0; c < 8; c++)
            ck_assert_msg((Y[i * 8 + c] > 0.5f) == (c == i), "pattern %d, output %d is %.3f (want %s 0.5)", i, c,
                          Y[i * 8 + c], c == i ? "above" : "below");
    sae_free(&ae);
}

/* n points in R^6 with a known structure: variances 9, 4 along two random orthonormal directions,
   0.01 along the other four, around the mean (-0.5, 1, -0.5, 1, -0.5, 1). */
enum { LN = 200, LD = 6, LK = 2 };
static void gram_schmidt_rows(float *Q, int rows, int d) {
    for (int j = 0; j < rows; j++) {
        float *q = Q + j * d;
        for (int i = 0; i < j; i++) {
            float p = 0;
            for (int c = 0; c < d; c++) p += q[c] * Q[i * d + c];
            for (int c = 0; c < d; c++) q[c] -= p * Q[i * d + c];
        }
        float norm = 0;
        for (int c = 0; c < d; c++) norm += q[c] * q[c];
        for (int c = 0; c < d; c++) q[c] /= sqrtf(norm);
    }
}

WB_TEST(linear_ae_finds_pca_subspace, .points = 3, .timeout = 8,
        .hint = "Catches a linear autoencoder that does not reach the principal subspace: trained to "
                "its minimum on squared error it spans the top-k PCA components (this needs your PCA, "
                "whose own tests run first).",
        .hint2 = "The test measures sum_i sin^2(angle_i) = k - |Q_pca Q_ae|_F^2 between the PCA components and the "
                 "orthonormalised decoder columns. Run make week03 test T=pca_of_known_data first.") {
    static float X[LN * LD], basis[LD * LD];
    const float sd[LD] = {3, 2, 0.1f, 0.1f, 0.1f, 0.1f};
    wb_rng r;
    wb_rng_seed(&r, 4);
    wb_rng_fill_normal(&r, basis, LD * LD, 1.0f);
    gram_schmidt_rows(basis, LD, LD);
    for (int i = 0; i < LN; i++) {
        float z[LD]; /* the point's coordinates in the basis */
        for (int j = 0; j < LD; j++) z[j] = sd[j] * wb_rng_normal(&r);
        for (int c = 0; c < LD; c++) {
            X[i * LD + c] = c % 2 ? 1.0f : -0.5f;
            for (int j = 0; j < LD; j++) X[i * LD + c] += z[j] * basis[j * LD + c];
        }
    }
    float comps[LK * LD], vals[LK];
    ck_assert_int_eq(pca_power_iteration(X, LN, LD, LK, comps, vals, &r), 0);
    sae ae;
    sae_init(&ae, LD, LK, SAE_LINEAR, SAE_LINEAR, 0.1f, &r);
    for (int epoch = 0; epoch < 200; epoch++) sae_train_epoch(&ae, X, LN, 20, 0.01f, 0.0f, &r);
    /* the decoder's columns W2[:, j] span the code's image: transpose to rows, orthonormalise */
    float Qae[LK * LD];
    for (int j = 0; j < LK; j++)
        for (int c = 0; c < LD; c++) Qae[j * LD + c] = ae.W2[c * LK + j];
    gram_schmidt_rows(Qae, LK, LD);
    double frob = 0;
    for (int i = 0; i < LK; i++)
        for (int j = 0; j < LK; j++) {
            double m = 0;
            for (int c = 0; c < LD; c++) m += (double)comps[i * LD + c] * Qae[j * LD + c];
            frob += m * m;
        }
    double sin2 = LK - frob;
    /* sin^2 of the largest principal angle <= the sum; 1e-3 is an angle under 2 degrees. The
       optimum is exactly the PCA subspace of these 200 points, so only unfinished training and
       float rounding (~1e-6) separate them. */
    ck_assert_msg(sin2 < 1e-3, "the autoencoder's subspace is far from PCA's: sum of sin^2 of principal angles = %.2e "
                               "(largest angle up to %.1f degrees)", sin2, asin(sqrt(fmin(sin2, 1.0))) * 180 / M_PI);
    sae_free(&ae);
}

/* 12 bits made of 3 bits each repeated 4 times: a masked bit can be inferred from its copies. */
enum { DN = 64, DD = 12 };
static void redundant_patterns(float *X, wb_rng *r) {
    for (int i = 0; i < DN; i++) {
        int code = (int)wb_rng_below(r, 8);
        for (int c = 0; c < DD; c++) X[i * DD + c] = (float)((code >> (c % 3)) & 1);
    }
}

WB_TEST(denoising_restores_masked_bits, .points = 2, .timeout = 8,
        .hint = "Catches a denoiser that only copies: trained on masked inputs against clean targets, "
                "the network must undo fresh masking noise (3 of 4 masked bits restored).",
        .hint2 = "This needs sae_mask_noise zeroing a fraction p (not 1 - p) and the whole training step.") {
    static float X[DN * DD], Xn[DN * DD], H[DN * 4], Y[DN * DD];
    wb_rng r;
    wb_rng_seed(&r, 9);
    redundant_patterns(X, &r);
    sae ae;
    sae_init(&ae, DD, 4, SAE_SIGMOID, SAE_SIGMOID, 0.3f, &r);
    for (int epoch = 0; epoch < 400; epoch++) sae_train_epoch(&ae, X, DN, 8, 0.5f, 0.25f, &r);
    sae_mask_noise(X, Xn, DN * DD, 0.25f, &r);
    sae_forward(&ae, Xn, DN, H, Y);
    int wrong_in = 0, wrong_out = 0;
    for (int i = 0; i < DN * DD; i++) {
        wrong_in += Xn[i] != X[i];
        wrong_out += (Y[i] > 0.5f) != (X[i] > 0.5f);
    }
    /* masking flips about 1/8 of the bits (a quarter of the half that are 1). Each bit has four
       copies; all four are masked with probability 1/256, about once in these 64 x 3 bits, and then
       nothing can recover it. So a good denoiser gets nearly all back; we ask for 3/4 of them
       (the reference gets 74 of 82). */
    ck_assert_msg(wrong_in > 40, "the noise changed only %d bits: is sae_mask_noise working?", wrong_in);
    ck_assert_msg(wrong_out * 4 <= wrong_in, "%d of %d bits wrong after denoising (the corrupted input had %d wrong)",
                  wrong_out, DN * DD, wrong_in);
    sae_free(&ae);
}
