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
        .hint = "H = X W1^T + b1, then Y = H W2^T + b2. With examples in rows: wb_sgemm(0, 1, B, k, d, 1, X, d, "
                "W1, d, 0, H, k) computes X W1^T.",
        .hint2 = "Worked case: x = (1,1,1) gives z1 = (1+2+0+1, 0-1+1+0) = (4, 0) and y = (4, 0, 4+0+1) = (4, 0, 5). "
                 "If W1 is read as (d,k) instead of (k,d) the numbers come out scrambled.") {
    sae ae;
    small_net(&ae, SAE_LINEAR);
    float X[] = {1, 1, 1, 2, 0, -1}, H[4], Y[6];
    /* second row: z1 = (2+0+0+1, 0-0-1) = (3, -1), y = (3, -1, 3-1+1) */
    float wantH[] = {4, 0, 3, -1}, wantY[] = {4, 0, 5, 3, -1, 3};
    sae_forward(&ae, X, 2, H, Y);
    WB_ASSERT_CLOSE(H, wantH, 4, 0, 0); /* small integers: exact */
    WB_ASSERT_CLOSE(Y, wantY, 6, 0, 0);
    sae_free(&ae);
}

static double sig(double z) { return 1.0 / (1.0 + exp(-z)); }

WB_TEST(forward_small_sigmoid, .points = 1,
        .hint = "With SAE_SIGMOID, apply the sigmoid to every hidden pre-activation (after adding b1) and to every "
                "output pre-activation (after adding b2).") {
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

WB_TEST(loss_values, .points = 2,
        .hint = "Linear output: (1/B) sum 0.5 (y - t)^2. Sigmoid output: -(1/B) sum [t log y + (1-t) log(1-y)]. "
                "Both sum over all B*d entries and divide by B (not by B*d).",
        .hint2 = "Worked cases: Y = (1,2; 0,0), T = (0,0; 0,1) gives 0.5 (1 + 4 + 0 + 1) / 2 = 1.5. "
                 "Y = (0.5, 0.25), T = (1, 0) gives -(log 0.5 + log 0.75) = 0.9808.") {
    sae lin = {.d = 2, .k = 1, .output = SAE_LINEAR}, sg = {.d = 2, .k = 1, .output = SAE_SIGMOID};
    float Y[] = {1, 2, 0, 0}, T[] = {0, 0, 0, 1};
    WB_ASSERT_NEAR(sae_loss(&lin, Y, T, 2), 1.5f, 1e-6, 0);
    float Ys[] = {0.5f, 0.25f, 0.5f, 0.25f}, Ts[] = {1, 0, 1, 0};
    float want = (float)-(log(0.5) + log(0.75)); /* each of the two identical rows; the mean is the same */
    WB_ASSERT_NEAR(sae_loss(&sg, Ys, Ts, 2), want, 1e-6, 0);
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
static void check_gradient(sae_act act, uint64_t seed) {
    enum { D = 5, K = 3, B = 4 };
    wb_rng r;
    wb_rng_seed(&r, seed);
    sae ae;
    sae_init(&ae, D, K, act, act, 0.7f, &r);
    wb_rng_fill_normal(&r, ae.b1, K, 0.5f);
    wb_rng_fill_normal(&r, ae.b2, D, 0.5f);
    float X[B * D], T[B * D], H[B * K], Y[B * D];
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
    sae_free(&ae);
}

WB_TEST(backward_gradcheck_sigmoid, .points = 3,
        .hint = "delta2 = (Y - T) / B; dW2 = delta2^T H; db2 = column sums of delta2; delta1 = (delta2 W2) * H (1 - H); "
                "dW1 = delta1^T X; db1 = column sums of delta1.",
        .hint2 = "The error message gives the index of the worst parameter: 0..14 is W1, 15..17 b1, 18..32 W2, "
                 "33..37 b2. All wrong by a factor 4 (= B)? The 1/B batch mean is missing.",
        .hint3 = "Bias gradients sum delta over the batch, one sum per unit: db1 from delta1 (B,k), db2 from "
                 "delta2 (B,d). A sigmoid hidden unit multiplies the gradient by h (1 - h).") {
    check_gradient(SAE_SIGMOID, 11);
}

WB_TEST(backward_gradcheck_linear, .points = 2,
        .hint = "Linear units: the same equations without the h (1 - h) factor; the squared-error loss also "
                "gives delta2 = (Y - T) / B.") {
    check_gradient(SAE_LINEAR, 12);
}

WB_TEST(train_step_descends, .points = 2,
        .hint = "Call sae_forward, sae_loss and sae_backward, then params[i] -= lr * grads[i] for every i < ae->size, "
                "and return the loss computed before the update.",
        .hint2 = "If the loss goes up, the update has the wrong sign (+= instead of -=).") {
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
    float got = sae_train_step(&ae, X, X, B, 0.1f);
    WB_ASSERT_NEAR(got, loss0, 1e-6, 0); /* the same computation on the same parameters */
    for (long i = 0; i < ae.size; i++) /* grads now hold the step's gradient, taken at `before` */
        WB_ASSERT_NEAR(ae.params[i], before[i] - 0.1f * ae.grads[i], 1e-6, 1e-7);
    sae_forward(&ae, X, B, H, Y);
    float loss1 = sae_loss(&ae, Y, X, B);
    ck_assert_msg(loss1 < loss0, "one small step should lower the loss: %g before, %g after", loss0, loss1);
    sae_free(&ae);
}

WB_TEST(mask_noise_fraction, .points = 1,
        .hint = "For each element: u = wb_rng_uniform(rng); Xn[i] = (u < p) ? 0 : X[i]. About a fraction p of the "
                "elements become 0, and the others are copied unchanged.") {
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
        .hint = "This trains the 8-3-8 encoder with your sae_train_step (3000 full-batch steps, lr 2): every "
                "pattern must come back with its own output unit above 0.5 and every other below 0.5.",
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
        .hint = "A linear autoencoder (SAE_LINEAR units, squared error) trained to its minimum spans the top-k "
                "principal subspace. This needs sae_forward, sae_backward, sae_train_step and pca_power_iteration.",
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
        .hint = "Train with noise > 0: sae_train_epoch corrupts each batch's input with sae_mask_noise and asks for "
                "the clean input back. The trained network should undo fresh masking noise.",
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
