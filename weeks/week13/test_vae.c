/* test_vae.c — tests for vae.c: the Bernoulli cross-entropy (values from the textbook formula in
 * double, finite differences, logits of +-100), the closed-form KL (hand-worked Gaussians), the
 * reparameterised sample and its gradient, the negative ELBO of a hand-built tiny VAE computed
 * directly, and the whole model's gradient against finite differences. */
#include "testing.h"
#include "week13.h"

#include <math.h>
#include <string.h>

static void fill_nan(float *x, long n) {
    for (long i = 0; i < n; i++) x[i] = NAN;
}
static double sig(double x) { return 1.0 / (1.0 + exp(-x)); }

/* B = 2 images of D = 3 pixels: confident, wrong, undecided; grey and binary targets */
static const float L6[6] = {2.0f, -1.0f, 0.5f, -3.0f, 0.0f, 4.0f};
static const float X6[6] = {1.0f, 0.0f, 0.3f, 0.0f, 1.0f, 0.5f};

typedef struct bce_ctx {
    float l[6];
} bce_ctx;
static double bce_of(void *p) { return bce_logits(((bce_ctx *)p)->l, X6, 2, 3, NULL); }

WB_TEST(bce_summed_over_pixels, .points = 2,
        .hint = "The reconstruction term is -log p(x|z) of the whole image: the Bernoulli cross-entropy of "
                "each pixel, SUMMED over the pixels and averaged over the images. Compute it from the logit "
                "(week 07's form); its gradient with respect to the logit is (sigmoid(l) - x), over B.",
        .hint2 = "Whatever the scale, value and gradient must agree: dividing the gradient by the number of "
                 "pixels while summing the value (or the reverse) fails the finite-difference check.",
        .hint3 = "Here the value is 4.7197... / 2 per image; for l = 2, x = 1: cost 0.126928, gradient "
                 "(0.880797 - 1) / 2 = -0.059601.") {
    float dl[6];
    for (int rep = 0; rep < 2; rep++) {
        fill_nan(dl, 6);
        float got = bce_logits(L6, X6, 2, 3, dl);
        double want = 0;
        float want_dl[6];
        for (int i = 0; i < 6; i++) {
            double p = sig(L6[i]);
            want -= (X6[i] * log(p) + (1 - X6[i]) * log(1 - p)) / 2;
            want_dl[i] = (float)((p - X6[i]) / 2);
        }
        WB_ASSERT_NEAR(got, (float)want, 1e-5, 0); /* six float exps and logs: 1e-5 relative */
        WB_ASSERT_CLOSE(dl, want_dl, 6, 1e-5, 1e-8);
    }
    bce_ctx c;
    memcpy(c.l, L6, sizeof L6);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(bce_of, &c, c.l, dl, 6, 1e-3, 1e-2, 1e-6));
}

WB_TEST(bce_logits_100, .points = 1,
        .hint = "At logit 100 the sigmoid is exactly 1.0 in float and log(1 - p) is log 0 = -inf (times a "
                "zero target: NaN). Never take the log of the sigmoid: use max(l,0) - x l + log(1 + e^-|l|).",
        .hint2 = "One image of 5 pixels: l = {100, 100, -100, -100, 100} against x = {1, 0, 1, 0, 0.5}: the "
                 "costs are 0, 100, 100, 0, 50, summed 250.") {
    float l[5] = {100.0f, 100.0f, -100.0f, -100.0f, 100.0f}, x[5] = {1, 0, 1, 0, 0.5f}, dl[5];
    fill_nan(dl, 5);
    float got = bce_logits(l, x, 1, 5, dl);
    ck_assert_msg(isfinite(got), "bce_logits of logits +-100 is %g, want 250", (double)got);
    WB_ASSERT_NEAR(got, 250.0f, 1e-6, 0);
    WB_ASSERT_CLOSE(dl, ((float[5]){0.0f, 1.0f, -1.0f, 0.0f, 0.5f}), 5, 0, 1e-7);
}

WB_TEST(bce_confident_and_right, .points = 1,
        .hint = "An image the decoder gets right with confidence has a tiny cross-entropy, not zero: for a "
                "pixel x = 1 at logit 20 the cost is log(1 + e^-20) = 2.06e-9. Take the logarithm of 1 + u "
                "with log1pf(u), as week 07 does, so that a u below float's spacing at 1 still counts.",
        .hint2 = "One image of 4 pixels, l = {20, -20, 17, -24} against x = {1, 0, 1, 0}: every pixel is "
                 "right, and the value is the sum of log(1 + e^-|l|), 4.43e-9. Forming 1 + e^-|l| in float "
                 "first rounds it to exactly 1 (e^-17 is below half of float's spacing at 1) and gives 0.") {
    float l[4] = {20.0f, -20.0f, 17.0f, -24.0f}, x[4] = {1, 0, 1, 0}, dl[4];
    fill_nan(dl, 4);
    float got = bce_logits(l, x, 1, 4, dl);
    double want = 0;
    for (int i = 0; i < 4; i++) want += log1p(exp(-fabs((double)l[i]))); /* right pixels: s(-|l|) */
    /* four float log1p and exp of tiny numbers: 1e-5 relative (the value is ~4e-9) */
    ck_assert_msg(fabs(got - want) <= 1e-5 * want, "bce_logits of 4 confidently right pixels = %.7g, want "
                  "%.7g", (double)got, want);
    float want_dl[4];
    for (int i = 0; i < 4; i++) want_dl[i] = (float)(1.0 / (1.0 + exp(-(double)l[i])) - x[i]);
    /* sigmoid(l) - x is ~1e-8 here, below float's spacing near 1 (6e-8): the given form
       sigmoid(l) - x may round it to 0, so an absolute 1e-7 */
    WB_ASSERT_CLOSE(dl, want_dl, 4, 0, 1e-7);
}

/* mu, logvar (B = 2, Z = 2): sigma 1, 2, 1, 1/2 */
static const float MU[4] = {1.0f, 0.0f, 0.0f, -2.0f};
#define LN4 1.3862943611f
static const float LV[4] = {0.0f, LN4, 0.0f, -LN4};

typedef struct kl_ctx {
    float mu[4], lv[4];
} kl_ctx;
static double kl_of(void *p) {
    kl_ctx *c = p;
    return kl_normal(c->mu, c->lv, 2, 2, NULL, NULL);
}

WB_TEST(kl_closed_form, .points = 2,
        .hint = "KL(N(mu, sigma^2) || N(0,1)) = log(1/sigma) + (sigma^2 + mu^2)/2 - 1/2 per dimension: it is "
                "zero for mu = 0, sigma = 1 and positive otherwise. What you are given is logvar = log "
                "sigma^2, not sigma: write the KL in terms of it.",
        .hint2 = "Hand-worked: mu = 1, sigma = 1 gives 0.5; mu = 0, sigma = 2 gives 1.5 - ln 2; mu = -2, "
                 "sigma = 1/2 gives 1.625 + ln 2. The batch here sums to 3.625, so the mean over B = 2 is "
                 "1.8125. Getting -1.8125 or 3.625 means a sign or the factor 1/2 is off.",
        .hint3 = "The gradient of -1/2 (1 + v - mu^2 - e^v): mu with respect to mu, (e^v - 1)/2 with respect "
                 "to v, each over B.") {
    float dmu[4], dlv[4];
    for (int rep = 0; rep < 2; rep++) {
        fill_nan(dmu, 4), fill_nan(dlv, 4);
        float got = kl_normal(MU, LV, 2, 2, dmu, dlv);
        WB_ASSERT_NEAR(got, 1.8125f, 1e-6, 0); /* float ln 4 and e^v: 1e-6 relative */
        WB_ASSERT_CLOSE(dmu, ((float[4]){0.5f, 0.0f, 0.0f, -1.0f}), 4, 1e-6, 0);
        WB_ASSERT_CLOSE(dlv, ((float[4]){0.0f, 0.75f, 0.0f, -0.1875f}), 4, 1e-6, 1e-7);
    }
    kl_ctx c;
    memcpy(c.mu, MU, sizeof MU), memcpy(c.lv, LV, sizeof LV);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(kl_of, &c, c.mu, dmu, 4, 1e-3, 1e-2, 1e-6));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(kl_of, &c, c.lv, dlv, 4, 1e-3, 1e-2, 1e-6));
    float zero[3] = {0, 0, 0};
    WB_ASSERT_NEAR(kl_normal(zero, zero, 1, 3, NULL, NULL), 0.0f, 0, 1e-7); /* q = p: no divergence */
}

/* what kl_normal wrote into one output, against the hand-worked values: a message naming it */
static void check_kl_grad(const float *got, const float *want, const char *call) {
    char msg[256];
    ck_assert_msg(!wb_compare_floats(got, want, 4, 1e-6, 1e-7, msg, sizeof msg),
                  "%s: %s (is each output written whenever it is given, whatever the other is?)",
                  call, msg);
}

WB_TEST(kl_one_gradient_at_a_time, .points = 1,
        .hint = "dmu and dlogvar are optional each on its own: a caller may want only one of them. "
                "Each output is written when its own pointer is not NULL, whatever the other "
                "pointer is.",
        .hint2 = "The test calls kl_normal(mu, logvar, 2, 2, NULL, dlogvar), then (..., dmu, "
                 "NULL): the one given must hold mu / B or (e^v - 1) / (2B) as when both are "
                 "given, and the NULL one must not be written (that would crash).") {
    float dmu[4], dlv[4];
    /* dmu NULL first: dlogvar written only under dmu's test stays NaN here and fails with a
       message, instead of crashing on the NULL of the other order */
    fill_nan(dlv, 4);
    WB_ASSERT_NEAR(kl_normal(MU, LV, 2, 2, NULL, dlv), 1.8125f, 1e-6, 0); /* as in kl_closed_form */
    check_kl_grad(dlv, ((float[4]){0.0f, 0.75f, 0.0f, -0.1875f}),
                  "kl_normal(..., NULL, dlogvar) wrote dlogvar");
    fill_nan(dmu, 4);
    WB_ASSERT_NEAR(kl_normal(MU, LV, 2, 2, dmu, NULL), 1.8125f, 1e-6, 0);
    check_kl_grad(dmu, ((float[4]){0.5f, 0.0f, 0.0f, -1.0f}),
                  "kl_normal(..., dmu, NULL) wrote dmu");
}

static const float EPS4[4] = {-1.0f, 0.3f, 2.0f, -0.5f};
static const float W4[4] = {0.7f, -1.3f, 0.4f, 2.1f}; /* a linear loss sum w z to check dz/d(mu, v) */

typedef struct rp_ctx {
    float mu[4], lv[4];
} rp_ctx;
static double rp_of(void *p) {
    rp_ctx *c = p;
    float z[4];
    reparam_forward(c->mu, c->lv, EPS4, z, 4);
    double s = 0;
    for (int i = 0; i < 4; i++) s += W4[i] * z[i];
    return s;
}

WB_TEST(reparam_sample_and_gradient, .points = 2,
        .hint = "z = mu + sigma eps, and the stored number is log sigma^2: sigma = e^(logvar/2). Using logvar "
                "itself, or e^logvar (the variance), as sigma gives the wrong spread.",
        .hint2 = "dz/dmu = 1 and dz/dlogvar = sigma eps / 2 (the 1/2 from sigma = e^(v/2)). The backward pass "
                 "ADDS to dmu and dlogvar, which already hold the KL term's gradient.",
        .hint3 = "mu = 1, sigma = 1, eps = -1 gives z = 0; mu = 0, sigma = 2, eps = 0.3 gives 0.6; mu = -2, "
                 "sigma = 1/2, eps = -0.5 gives -2.25.") {
    float z[4];
    fill_nan(z, 4);
    reparam_forward(MU, LV, EPS4, z, 4);
    WB_ASSERT_CLOSE(z, ((float[4]){0.0f, 0.6f, 2.0f, -2.25f}), 4, 1e-6, 1e-7);
    float dmu[4] = {0.25f, -0.5f, 1.0f, 0.0f}, dlv[4] = {-0.125f, 0.5f, 0.75f, 1.0f}, before_mu[4], before_lv[4];
    memcpy(before_mu, dmu, sizeof dmu), memcpy(before_lv, dlv, sizeof dlv);
    reparam_backward(W4, LV, EPS4, dmu, dlv, 4);
    for (int i = 0; i < 4; i++) dmu[i] -= before_mu[i], dlv[i] -= before_lv[i]; /* what was added */
    rp_ctx c;
    memcpy(c.mu, MU, sizeof MU), memcpy(c.lv, LV, sizeof LV);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(rp_of, &c, c.mu, dmu, 4, 1e-3, 1e-2, 1e-6));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(rp_of, &c, c.lv, dlv, 4, 1e-3, 1e-2, 1e-6));
}

/* ---- a hand-built VAE: 3 pixels, 2 hidden units, 1 latent dimension ---- */
static const double EW0[6] = {0.5, -0.3, 0.8, -0.6, 0.9, 0.2}, EB0[2] = {0.1, 0.05};
static const double EW1[4] = {0.7, -0.4, 0.3, 0.6}, EB1[2] = {0.2, -0.5}; /* rows: mu, logvar */
static const double DW0[2] = {1.2, -0.8}, DB0[2] = {0.3, 0.4};
static const double DW1[6] = {0.9, -0.5, -1.1, 0.7, 0.4, 1.3}, DB1[3] = {-0.2, 0.1, 0.3};
static const float XT[6] = {1.0f, 0.0f, 1.0f, 0.2f, 0.9f, 0.0f};
static const float ET[2] = {0.6f, -1.4f};

static void set_hand_model(vae *v) {
    double *src[8] = {(double *)EW0, (double *)EB0, (double *)EW1, (double *)EB1,
                      (double *)DW0, (double *)DB0, (double *)DW1, (double *)DB1};
    wb_tensor *dst[8] = {&v->enc.layer[0].W, &v->enc.layer[0].b, &v->enc.layer[1].W, &v->enc.layer[1].b,
                         &v->dec.layer[0].W, &v->dec.layer[0].b, &v->dec.layer[1].W, &v->dec.layer[1].b};
    for (int t = 0; t < 8; t++)
        for (size_t i = 0; i < dst[t]->size; i++) dst[t]->data[i] = (float)src[t][i];
}

static double relu(double x) { return x > 0 ? x : 0; }

WB_TEST(elbo_of_a_hand_built_vae, .points = 3,
        .hint = "The encoder's output row holds [mu | logvar]: the first nz numbers are the means, the last nz "
                "the log-variances. Split it, sample z = mu + sigma eps, decode, and add the two terms.",
        .hint2 = "The test recomputes the whole model in double for two 3-pixel images: encoder, split, "
                 "sample, decoder, cross-entropy summed over the pixels, closed-form KL, averaged over the "
                 "two images. It checks v.rec, v.kl and their sum separately.") {
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    vae v;
    vae_init(&v, 3, 2, 1, 2, &rng);
    set_hand_model(&v);
    double rec = 0, kl = 0;
    for (int b = 0; b < 2; b++) {
        const float *x = XT + 3 * b;
        double h[2], o[2], hd[2];
        for (int j = 0; j < 2; j++)
            h[j] = relu(EB0[j] + EW0[3 * j] * x[0] + EW0[3 * j + 1] * x[1] + EW0[3 * j + 2] * x[2]);
        for (int j = 0; j < 2; j++) o[j] = EB1[j] + EW1[2 * j] * h[0] + EW1[2 * j + 1] * h[1];
        double mu = o[0], lv = o[1], z = mu + exp(lv / 2) * ET[b];
        for (int j = 0; j < 2; j++) hd[j] = relu(DB0[j] + DW0[j] * z);
        for (int k = 0; k < 3; k++) {
            double p = sig(DB1[k] + DW1[2 * k] * hd[0] + DW1[2 * k + 1] * hd[1]);
            rec -= (x[k] * log(p) + (1 - x[k]) * log(1 - p)) / 2;
        }
        kl += (log(1 / exp(lv / 2)) + (exp(lv) + mu * mu) / 2 - 0.5) / 2;
    }
    float got = vae_forward(&v, XT, ET, 2);
    /* a dozen float products and exps per image: 1e-5 relative */
    WB_ASSERT_NEAR(v.rec, (float)rec, 1e-5, 1e-7);
    WB_ASSERT_NEAR(v.kl, (float)kl, 1e-5, 1e-7);
    WB_ASSERT_NEAR(got, (float)(rec + kl), 1e-5, 1e-7);
    vae_free(&v);
}

/* ---- the encoder's output layout with 2 latent dimensions (with 1, all layouts agree) ---- */
WB_TEST(encoder_output_layout, .points = 2,
        .hint = "Each row of the encoder's output is [mu_1 .. mu_nz | logvar_1 .. logvar_nz]: its "
                "whole first half holds the means, its whole second half the log-variances. "
                "vae_backward puts the gradient back in the same places: dmu in the first nz, "
                "dlogvar in the last nz.",
        .hint2 = "Reading mu_j and logvar_j side by side (at 2j and 2j + 1) agrees with that "
                 "layout only for nz = 1. Here nz = 2 and the rows are set by hand: "
                 "[0.5, -1 | 0, ln 4] and [0, 2 | -ln 4, 0]; the test reads v.mu, v.logvar, v.z "
                 "and v.kl.",
        .hint3 = "The decoder here is all zeros, so the reconstruction ignores z and the gradient "
                 "of the encoder's output is the KL's alone: mu / B in a row's first half, "
                 "(e^logvar - 1) / (2B) in its second. The test checks the last encoder layer's "
                 "gradient against that.") {
    wb_rng rng;
    wb_rng_seed(&rng, 3);
    vae v;
    vae_init(&v, 2, 2, 2, 2, &rng);
    /* a zero decoder: logits 0 whatever z is, so the reconstruction's gradient reaches no mu */
    memset(v.dec.params.data, 0, v.dec.params.size * sizeof(float));
    memset(v.enc.params.data, 0, v.enc.params.size * sizeof(float));
    /* encoder: hidden = relu(x) (W0 = I, no biases), output = W1 hidden; image b is x = e_b, so
       its output row is column b of W1 (W1 is (out, in): row k, column b at 2k + b) */
    v.enc.layer[0].W.data[0] = v.enc.layer[0].W.data[3] = 1.0f;
    static const float OUT[2][4] = {{0.5f, -1.0f, 0.0f, LN4}, {0.0f, 2.0f, -LN4, 0.0f}};
    for (int k = 0; k < 4; k++)
        for (int b = 0; b < 2; b++) v.enc.layer[1].W.data[2 * k + b] = OUT[b][k];
    const float x[4] = {1, 0, 0, 1}, eps[4] = {1.0f, -0.5f, 2.0f, 1.0f};
    fill_nan(v.enc.grads.data, (long)v.enc.grads.size);
    vae_forward(&v, x, eps, 2);
    /* float ln 4 and e^v: 1e-6 relative */
    WB_ASSERT_CLOSE(v.mu, ((float[4]){0.5f, -1.0f, 0.0f, 2.0f}), 4, 1e-6, 0);
    WB_ASSERT_CLOSE(v.logvar, ((float[4]){0.0f, LN4, -LN4, 0.0f}), 4, 1e-6, 0);
    /* z = mu + e^(logvar/2) eps: sigma = 1 and 2 for image 0, 1/2 and 1 for image 1 */
    WB_ASSERT_CLOSE(v.z, ((float[4]){1.5f, -2.0f, 1.0f, 3.0f}), 4, 1e-6, 1e-7);
    /* KL per image: 0.125 + (2 - ln 2) and (ln 2 - 0.375) + 2, so the mean is 3.75 / 2 */
    WB_ASSERT_NEAR(v.kl, 1.875f, 1e-6, 0);
    WB_ASSERT_NEAR(v.rec, (float)(2 * log(2.0)), 1e-6, 0); /* two pixels at p = 1/2 each */
    vae_backward(&v, x, 2);
    /* d(-ELBO)/d(output) rows, mu / B | (e^v - 1) / (2B): [0.25, -0.5 | 0, 0.75] and
       [0, 1 | -0.1875, 0]. W1's gradient at (k, b) is row b's entry k (image b's hidden is e_b);
       b1's is the sum of the two rows */
    const float want_w1[8] = {0.25f, 0.0f, -0.5f, 1.0f, 0.0f, -0.1875f, 0.75f, 0.0f};
    const float want_b1[4] = {0.25f, 0.5f, -0.1875f, 0.75f};
    WB_ASSERT_CLOSE(v.enc.grad[1].W.data, want_w1, 8, 1e-6, 1e-7);
    WB_ASSERT_CLOSE(v.enc.grad[1].b.data, want_b1, 4, 1e-6, 1e-7);
    vae_free(&v);
}

/* ---- the whole model's gradient: 5 pixels, 4 hidden, 2 latent, B = 3 ---- */
enum { VX = 5, VH = 4, VZ = 2, VB = 3 };
static const float VXS[VB * VX] = {1, 0, 0.5f, 0.2f, 0.9f, 0, 1, 0.3f, 0.8f, 0.1f, 0.6f, 0.4f, 1, 0, 0.7f};
static const float VE[VB * VZ] = {0.4f, -1.1f, 1.3f, 0.2f, -0.6f, 0.9f};
static double vae_loss_of(void *p) { return vae_forward(p, VXS, VE, VB); }

WB_TEST(vae_gradient_through_the_sample, .points = 3,
        .hint = "The encoder's output gradient has two parts: the KL term's (directly on mu and logvar) and the "
                "reconstruction's, which reaches mu and logvar through z = mu + sigma eps. Both go back into "
                "the encoder in the [mu | logvar] layout of its output.",
        .hint2 = "The test perturbs every parameter of both networks and compares with the gradients that "
                 "vae_backward leaves in v.enc.grads and v.dec.grads. If only the decoder's are right, look at "
                 "reparam_backward and how its results are gathered for the encoder.") {
    wb_rng rng;
    wb_rng_seed(&rng, 7);
    vae v;
    vae_init(&v, VX, VH, VZ, VB, &rng);
    /* weights of the test's own scale, not the initialiser's (small ones make gradients of 1e-4
       that a float finite difference cannot resolve), and biases away from 0 */
    wb_rng_fill_normal(&rng, v.enc.params.data, (long)v.enc.params.size, 0.6f);
    wb_rng_fill_normal(&rng, v.dec.params.data, (long)v.dec.params.size, 0.6f);
    for (size_t i = 0; i < v.enc.params.size; i++) v.enc.params.data[i] += 0.03f * (float)((int)(i % 5) - 2);
    for (size_t i = 0; i < v.dec.params.size; i++) v.dec.params.data[i] += 0.03f * (float)((int)(i % 3) - 1);
    fill_nan(v.enc.grads.data, (long)v.enc.grads.size), fill_nan(v.dec.grads.data, (long)v.dec.grads.size);
    float loss = vae_forward(&v, VXS, VE, VB);
    vae_backward(&v, VXS, VB);
    /* a cross-entropy of grey pixels and a KL cannot both be 0: a loss of 0 is code not yet written */
    ck_assert_msg(isfinite(loss) && loss > 0.5f, "negative ELBO of the tiny VAE is %g, want > 0.5", (double)loss);
    double gmax = 0;
    for (size_t i = 0; i < v.enc.grads.size; i++) gmax = fmax(gmax, fabs(v.enc.grads.data[i]));
    ck_assert_msg(gmax > 1e-3, "the encoder's gradient is all zero (max |g| = %g): nothing reached it", gmax);
    /* ReLU kinks are far from these points; float losses of size ~5: 2e-2 relative, 1e-4 absolute */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(vae_loss_of, &v, v.dec.params.data, v.dec.grads.data,
                                              (long)v.dec.params.size, 1e-3, 2e-2, 1e-4));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(vae_loss_of, &v, v.enc.params.data, v.enc.grads.data,
                                              (long)v.enc.params.size, 1e-3, 2e-2, 1e-4));
    vae_free(&v);
}
