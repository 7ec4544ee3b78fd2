/* test_gan.c — tests for gan.c: the softplus at extreme inputs, both players' losses against their
 * definitions worked out in double and against finite differences, and one training step of each
 * player on a tiny GAN: the right gradient (through D for the generator), the right player moved. */
#include "testing.h"
#include "week13.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill_nan(float *x, long n) {
    for (long i = 0; i < n; i++) x[i] = NAN;
}
/* -log sigmoid(x) and -log(1 - sigmoid(x)) from their definitions, in double (moderate x only) */
static double nls(double x) { return -log(1.0 / (1.0 + exp(-x))); }
static double nl1ms(double x) { return -log(1.0 - 1.0 / (1.0 + exp(-x))); }

WB_TEST(softplus_extremes, .points = 1,
        .hint = "log(1 + e^x) as written overflows: e^x is infinite in float beyond x = 88. Split off the "
                "large part: for x > 0, log(1 + e^x) = x + log(1 + e^-x).",
        .hint2 = "max(x, 0) + log1p(e^-|x|) is right for both signs and its exponential is at most "
                 "1. Want: softplus(0) = ln 2 = 0.693147, softplus(100) = 100, softplus(-100) = "
                 "3.7e-44.",
        .hint3 = "Tiny values count too: softplus(-20) = 2.0611536e-9. For x below -16.6, e^x is "
                 "less than half of float's spacing at 1, so 1 + e^x is exactly 1.0f and its log "
                 "0: log1pf(u) gives log(1 + u) without ever forming 1 + u.") {
    float x[9] = {0.0f, 2.0f, -3.0f, -20.0f, -30.0f, 100.0f, -100.0f, 1000.0f, -1000.0f};
    for (int i = 0; i < 9; i++) {
        float got = softplus(x[i]);
        double want = x[i] > 50 ? x[i] : log1p(exp(x[i])); /* the definition, in double */
        /* one float log1p and exp: 1e-6 relative, also at -20 and -30 (2.1e-9, 9.4e-14);
           1e-30 absolute only for the float denormal e^-100 = 3.7e-44 and e^-1000 = 0 */
        ck_assert_msg(isfinite(got) && fabs(got - want) <= 1e-6 * fabs(want) + 1e-30,
                      "softplus(%g) = %g, want %.9g", (double)x[i], (double)got, want);
    }
}

static const float R[3] = {2.0f, -1.0f, 0.5f};   /* D's logits on three real samples */
static const float F[3] = {-3.0f, 1.5f, 0.0f};   /* and on three fakes: asymmetric on purpose */

typedef struct loss_ctx {
    float r[3], f[3];
    int gen;
} loss_ctx;
static double loss_of(void *p) {
    loss_ctx *c = p;
    return c->gen ? gan_g_loss(c->f, 3, NULL) : gan_d_loss(c->r, c->f, 3, NULL, NULL);
}

WB_TEST(d_loss_and_gradient, .points = 2,
        .hint = "D is a classifier: a real sample should get label 1, a fake label 0. Its loss is the "
                "cross-entropy of each half averaged over the batch: -log D(x) for real x, -log(1 - D(x)) for "
                "fakes, both written with softplus of the logit (the notes give which sign goes where).",
        .hint2 = "d/dr softplus(-r) = sigmoid(r) - 1 and d/df softplus(f) = sigmoid(f), each divided by B. If "
                 "the fakes' gradient is sigmoid(f) - 1, the fakes are being taught as real.",
        .hint3 = "For r = 2 (B = 3): dreal = (0.880797 - 1) / 3 = -0.039734. For f = -3: dfake = 0.047426 / 3 "
                 "= 0.015809.") {
    float dr[3], df[3];
    for (int rep = 0; rep < 2; rep++) { /* twice: the gradients are written, not accumulated */
        fill_nan(dr, 3), fill_nan(df, 3);
        float L = gan_d_loss(R, F, 3, dr, df);
        double want = 0;
        float want_dr[3], want_df[3];
        for (int i = 0; i < 3; i++) {
            want += (nls(R[i]) + nl1ms(F[i])) / 3;
            want_dr[i] = (float)((1.0 / (1.0 + exp(-R[i])) - 1.0) / 3);
            want_df[i] = (float)(1.0 / (1.0 + exp(-F[i])) / 3);
        }
        WB_ASSERT_NEAR(L, (float)want, 1e-5, 0); /* six float softpluses: 1e-5 relative */
        WB_ASSERT_CLOSE(dr, want_dr, 3, 1e-5, 1e-8);
        WB_ASSERT_CLOSE(df, want_df, 3, 1e-5, 1e-8);
    }
    loss_ctx c = {.gen = 0};
    memcpy(c.r, R, sizeof R), memcpy(c.f, F, sizeof F);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, c.r, dr, 3, 1e-3, 1e-2, 1e-6));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, c.f, df, 3, 1e-3, 1e-2, 1e-6));
}

/* what gan_d_loss wrote into one of its outputs, against the definition: a message naming it */
static void check_one_grad(const float *got, const float *want, const char *call) {
    char msg[256];
    ck_assert_msg(!wb_compare_floats(got, want, 3, 1e-5, 1e-8, msg, sizeof msg),
                  "%s: %s (is each output written whenever it is given, whatever the other is?)",
                  call, msg);
}

WB_TEST(d_loss_one_gradient_at_a_time, .points = 1,
        .hint = "dreal and dfake are optional each on its own: a caller may ask for dL_D/dreal "
                "only, or dL_D/dfake only. Each output is written when its own pointer is not "
                "NULL, whatever the other pointer is.",
        .hint2 = "The test calls gan_d_loss(real, fake, 3, NULL, dfake), then (real, fake, 3, "
                 "dreal, NULL): the one given must hold what it holds when both are given, and "
                 "the NULL one must not be written (that would crash).") {
    float dr[3], df[3], want_dr[3], want_df[3];
    double want = 0;
    for (int i = 0; i < 3; i++) {
        want += (nls(R[i]) + nl1ms(F[i])) / 3;
        want_dr[i] = (float)((1.0 / (1.0 + exp(-R[i])) - 1.0) / 3);
        want_df[i] = (float)(1.0 / (1.0 + exp(-F[i])) / 3);
    }
    /* dreal NULL first: dfake written only under dreal's test stays NaN here and fails with a
       message, instead of crashing on the NULL of the other order */
    fill_nan(df, 3);
    float L = gan_d_loss(R, F, 3, NULL, df);
    WB_ASSERT_NEAR(L, (float)want, 1e-5, 0); /* six float softpluses: 1e-5 relative */
    check_one_grad(df, want_df, "gan_d_loss(real, fake, 3, NULL, dfake) wrote dfake");
    fill_nan(dr, 3);
    L = gan_d_loss(R, F, 3, dr, NULL);
    WB_ASSERT_NEAR(L, (float)want, 1e-5, 0);
    check_one_grad(dr, want_dr, "gan_d_loss(real, fake, 3, dreal, NULL) wrote dreal");
}

WB_TEST(d_loss_extreme_logits, .points = 1,
        .hint = "With logits of +-100, sigmoid is exactly 0 or 1 in float and log of it is -inf: compute the "
                "loss from the logits with softplus, never as log(sigmoid(...)).",
        .hint2 = "real = {100, -100}, fake = {-100, 100} (B = 2): the first pair is classified right (cost 0), "
                 "the second wrong with confidence (cost 100 + 100), so L_D = 200 / 2 = 100.") {
    float r[2] = {100.0f, -100.0f}, f[2] = {-100.0f, 100.0f}, dr[2], df[2];
    fill_nan(dr, 2), fill_nan(df, 2);
    float L = gan_d_loss(r, f, 2, dr, df);
    WB_ASSERT_NEAR(L, 100.0f, 1e-6, 0);
    WB_ASSERT_CLOSE(dr, ((float[2]){0.0f, -0.5f}), 2, 0, 1e-7);
    WB_ASSERT_CLOSE(df, ((float[2]){0.0f, 0.5f}), 2, 0, 1e-7);
}

WB_TEST(g_loss_non_saturating, .points = 2,
        .hint = "The generator wants D to call its fakes real: it minimises -log D(G(z)), the cross-entropy "
                "of the fakes against label 1, not the game's log(1 - D(G(z))).",
        .hint2 = "The difference shows where D wins: at a fake's logit f = -20, log(1 - D) has slope "
                 "-sigmoid(-20) = -2e-9 (no signal), -log D has slope sigmoid(-20) - 1 = -1 (divided by B).",
        .hint3 = "For f = {-3, 1.5, 0}: L_G = (3.048587 + 0.201413 + 0.693147) / 3 = 1.314382.") {
    float df[3];
    for (int rep = 0; rep < 2; rep++) {
        fill_nan(df, 3);
        float L = gan_g_loss(F, 3, df);
        double want = 0;
        float want_df[3];
        for (int i = 0; i < 3; i++) {
            want += nls(F[i]) / 3;
            want_df[i] = (float)((1.0 / (1.0 + exp(-F[i])) - 1.0) / 3);
        }
        WB_ASSERT_NEAR(L, (float)want, 1e-5, 0);
        WB_ASSERT_CLOSE(df, want_df, 3, 1e-5, 1e-8);
    }
    loss_ctx c = {.gen = 1};
    memcpy(c.f, F, sizeof F);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(loss_of, &c, c.f, df, 3, 1e-3, 1e-2, 1e-6));
    float rejected[2] = {-20.0f, -100.0f}, dr[2];
    fill_nan(dr, 2);
    float L = gan_g_loss(rejected, 2, dr);
    WB_ASSERT_NEAR(L, 60.0f, 1e-6, 0); /* (20 + 100) / 2: the fakes are badly rejected */
    WB_ASSERT_CLOSE(dr, ((float[2]){-0.5f, -0.5f}), 2, 1e-6, 0);
}

/* ---- one step of each player on a tiny GAN: 2 noise inputs, 3 outputs, one hidden layer of 5 ---- */
enum { NZ = 2, NX = 3, NB = 4 };
static const float Z[NB * NZ] = {0.3f, -1.2f, 0.8f, 0.5f, -0.7f, -0.1f, 1.1f, -0.4f};
static const float X[NB * NX] = {1.0f, 0.2f, -0.5f, 0.9f, 0.4f, -0.3f, 1.2f, 0.1f, -0.8f, 0.7f, 0.3f, -0.6f};
/* other noise for a discriminator's step taken first, as in training */
static const float Z2[NB * NZ] = {-0.9f, 0.6f, 0.2f, 1.4f, -1.3f, -0.8f, 0.5f, 0.9f};

static void tiny_gan(gan *g, activation hidden) {
    wb_rng rng;
    wb_rng_seed(&rng, 13);
    gan_init(g, NX, NZ, 1, (int[]){5}, 1, (int[]){5}, hidden, ACT_TANH, NB, 0.01f, &rng);
    for (size_t i = 0; i < g->G.params.size; i++) g->G.params.data[i] += 0.05f * (float)((int)(i % 7) - 3);
    for (size_t i = 0; i < g->D.params.size; i++) g->D.params.data[i] += 0.04f * (float)((int)(i % 5) - 2);
}

/* the losses as functions of the parameters, straight from their definitions (not the steps);
   the reals' target is real_target (1, or 0.9 with one-sided label smoothing) */
static double real_target = 1.0;
static double d_loss_of(void *p) {
    gan *g = p;
    float fake[NB * NX], r[NB], f[NB];
    mlp_forward(&g->G, Z, NB);
    memcpy(fake, mlp_output(&g->G), sizeof fake);
    mlp_forward(&g->D, X, NB);
    memcpy(r, mlp_output(&g->D), sizeof r);
    mlp_forward(&g->D, fake, NB);
    memcpy(f, mlp_output(&g->D), sizeof f);
    double L = 0;
    for (int i = 0; i < NB; i++) L += (real_target * nls(r[i]) + (1 - real_target) * nl1ms(r[i]) + nl1ms(f[i])) / NB;
    return L;
}
static double g_loss_of(void *p) {
    gan *g = p;
    mlp_forward(&g->G, Z, NB);
    mlp_forward(&g->D, mlp_output(&g->G), NB);
    double L = 0;
    for (int i = 0; i < NB; i++) L += nls(mlp_output(&g->D)[i]) / NB;
    return L;
}

static int same(const float *a, const float *b, size_t n) { return memcmp(a, b, n * sizeof *a) == 0; }

WB_TEST(d_step_trains_d_only, .points = 3,
        .hint = "The discriminator's step: D sees the real batch and G's fakes, the loss is gan_d_loss, and only "
                "D's parameters move. G runs forward to make the fakes and is otherwise left alone.",
        .hint2 = "The test compares D.grads after the step with finite differences of L_D over D's parameters, "
                 "and checks that G's parameters did not change.") {
    gan g;
    tiny_gan(&g, ACT_RELU);
    size_t nd = g.D.params.size, ng = g.G.params.size;
    float *d0 = wb_malloc(nd * sizeof(float)), *g0 = wb_malloc(ng * sizeof(float));
    memcpy(d0, g.D.params.data, nd * sizeof(float)), memcpy(g0, g.G.params.data, ng * sizeof(float));
    double want = d_loss_of(&g);
    float L = gan_d_step(&g, X, Z, NB);
    WB_ASSERT_NEAR(L, (float)want, 1e-5, 0);
    ck_assert_msg(same(g.G.params.data, g0, ng), "the discriminator's step changed G's parameters");
    ck_assert_msg(!same(g.D.params.data, d0, nd), "the discriminator's step did not change D's parameters");
    memcpy(g.D.params.data, d0, nd * sizeof(float)); /* back to where the gradient was taken */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(d_loss_of, &g, g.D.params.data, g.D.grads.data, (long)nd, 1e-3,
                                              2e-2, 1e-5));
    free(d0), free(g0);
    gan_free(&g);
}

WB_TEST(g_step_through_d, .points = 3,
        .hint = "The generator's loss depends on G's parameters only through D's verdict on G's "
                "output: by the chain rule, its gradient with respect to G's output is D's "
                "gradient with respect to its INPUT. Run D backward from dL_G/dlogits and hand "
                "mlp_input_grad's result to G's backward pass. mlp_input_grad reads what that "
                "backward pass of D leaves behind, so it comes after it.",
        .hint2 = "D's backward pass fills D.grads too, but the generator's step must not move D: only G's "
                 "optimiser steps. The test checks D's parameters are bit-for-bit unchanged.",
        .hint3 = "Shapes: dL_G/dlogits is (B,1), D's input gradient is (B,nx), the same shape as G's output: "
                 "that one is the dout of G's backward pass.") {
    gan g;
    tiny_gan(&g, ACT_RELU);
    /* D's step first, as in training: D's backward scratch then holds that step's numbers, not the
       zeros of a fresh network, so reading it before D's backward pass gives a wrong gradient */
    gan_d_step(&g, X, Z2, NB);
    size_t nd = g.D.params.size, ng = g.G.params.size;
    float *d0 = wb_malloc(nd * sizeof(float)), *g0 = wb_malloc(ng * sizeof(float));
    memcpy(d0, g.D.params.data, nd * sizeof(float)), memcpy(g0, g.G.params.data, ng * sizeof(float));
    fill_nan(g.G.grads.data, (long)ng);
    double want = g_loss_of(&g);
    float L = gan_g_step(&g, Z, NB);
    WB_ASSERT_NEAR(L, (float)want, 1e-5, 0);
    ck_assert_msg(same(g.D.params.data, d0, nd), "the generator's step changed D's parameters");
    ck_assert_msg(!same(g.G.params.data, g0, ng), "the generator's step did not change G's parameters");
    memcpy(g.G.params.data, g0, ng * sizeof(float));
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(g_loss_of, &g, g.G.params.data, g.G.grads.data, (long)ng, 1e-3,
                                              2e-2, 1e-5));
    free(d0), free(g0);
    gan_free(&g);
}

WB_TEST(g_step_uses_g_optimiser, .points = 1,
        .hint = "Each player has its own Adam: opt_g keeps the step count and the moment "
                "estimates of G's parameters, opt_d those of D's. The generator's step is one "
                "step of opt_g over G.params with G.grads; D's optimiser state belongs to D's "
                "steps alone.",
        .hint2 = "The test takes a D step, then a G step, and checks that the G step left opt_d's "
                 "t, m and v bit for bit as the D step left them, and advanced opt_g from t = 0 "
                 "to 1 with m = (1 - beta1) G.grads, v = (1 - beta2) G.grads^2 (Adam from zero "
                 "moments). opt_d holds D's parameter count only, fewer than G's here.") {
    gan g;
    tiny_gan(&g, ACT_RELU);
    gan_d_step(&g, X, Z2, NB);
    size_t n = g.opt_d.n, ng = g.G.params.size;
    long td = g.opt_d.t, tg = g.opt_g.t;
    float *m0 = wb_malloc(n * sizeof(float)), *v0 = wb_malloc(n * sizeof(float));
    memcpy(m0, g.opt_d.m, n * sizeof(float)), memcpy(v0, g.opt_d.v, n * sizeof(float));
    gan_g_step(&g, Z, NB);
    ck_assert_msg(g.opt_d.t == td && same(g.opt_d.m, m0, n) && same(g.opt_d.v, v0, n),
                  "the generator's step changed opt_d, D's Adam state (t %ld -> %ld): G's "
                  "parameters are stepped with opt_g",
                  td, g.opt_d.t);
    ck_assert_msg(g.opt_g.t == tg + 1, "the generator's step took opt_g from t = %ld to %ld, "
                  "want %ld: one step of G's own optimiser", tg, g.opt_g.t, tg + 1);
    float *wm = wb_malloc(ng * sizeof(float)), *wv = wb_malloc(ng * sizeof(float));
    for (size_t i = 0; i < ng; i++) {
        float gr = g.G.grads.data[i];
        wm[i] = (1.0f - g.opt_g.beta1) * gr, wv[i] = (1.0f - g.opt_g.beta2) * gr * gr;
    }
    /* one multiply-add from zero moments: 1e-6 relative; 1e-12 absolute for v's tiny squares */
    WB_ASSERT_CLOSE(g.opt_g.m, wm, (long)ng, 1e-6, 1e-12);
    WB_ASSERT_CLOSE(g.opt_g.v, wv, (long)ng, 1e-6, 1e-12);
    free(m0), free(v0), free(wm), free(wv);
    gan_free(&g);
}

WB_TEST(g_step_runs_its_own_forward, .points = 2,
        .hint = "gan_g_step is given only z: it computes G(z), and D's logits on those fakes under "
                "D's current weights, itself, on every call. A network's output, and the "
                "activations its backward pass uses, are from whatever it last ran forward on: in "
                "training, that is D's step.",
        .hint2 = "The test takes a discriminator's step on other noise first, as training does "
                 "(that leaves G's activations for the other noise, and D's for 2B rows under "
                 "D's old weights), then checks the generator's step against a copy of the GAN: "
                 "the value of L_G, and finite differences of it over G's parameters.") {
    gan g, c;
    tiny_gan(&g, ACT_RELU), tiny_gan(&c, ACT_RELU);
    gan_d_step(&g, X, Z2, NB);
    /* c: the same parameters as g after D's step (two equal models give identical results), so
       the expected values come from c while g's networks keep what D's step left in them */
    size_t nd = g.D.params.size, ng = g.G.params.size;
    memcpy(c.D.params.data, g.D.params.data, nd * sizeof(float));
    memcpy(c.G.params.data, g.G.params.data, ng * sizeof(float));
    double want = g_loss_of(&c);
    fill_nan(g.G.grads.data, (long)ng);
    float L = gan_g_step(&g, Z, NB);
    /* the same float forward passes on the same parameters: 1e-5 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * fabs(want),
                  "after a discriminator's step, gan_g_step(z) returned L_G = %.7g, but G(z) "
                  "scored by the current D gives %.7g: is each network run forward on this call's "
                  "input?",
                  (double)L, want);
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(g_loss_of, &c, c.G.params.data, g.G.grads.data,
                                              (long)ng, 1e-3, 2e-2, 1e-5));
    gan_free(&g), gan_free(&c);
}

WB_TEST(g_step_batch_below_max, .points = 2,
        .hint = "B is this call's batch, and it may be less than the max_batch the GAN was built "
                "for: the generator's step runs G and D forward on the B rows of z, averages L_G "
                "over those B, and runs both backward passes on B rows. max_batch only sizes "
                "the buffers.",
        .hint2 = "The test builds the GAN for 4 rows and steps it on B = 3, with z in a buffer of "
                 "exactly 3 rows (a read past it crashes with a message), against a copy built "
                 "for exactly 3 rows with the same parameters: L_G, G.grads and G's new "
                 "parameters must agree, and L_G must be the mean of -log D(G(z)) over 3 rows.") {
    enum { B3 = 3 };
    gan g, c;
    tiny_gan(&g, ACT_RELU); /* max_batch NB = 4 */
    wb_rng rng;
    wb_rng_seed(&rng, 13);
    gan_init(&c, NX, NZ, 1, (int[]){5}, 1, (int[]){5}, ACT_RELU, ACT_TANH, B3, 0.01f, &rng);
    size_t nd = g.D.params.size, ng = g.G.params.size;
    memcpy(c.D.params.data, g.D.params.data, nd * sizeof(float));
    memcpy(c.G.params.data, g.G.params.data, ng * sizeof(float));
    float *z = wb_guarded_floats(B3 * NZ, "z (B = 3 rows)");
    float *z2 = wb_guarded_floats(B3 * NZ, "the D step's z (B = 3 rows)");
    float *real = wb_guarded_floats(B3 * NX, "real (B = 3 rows)");
    memcpy(z, Z, B3 * NZ * sizeof(float)), memcpy(z2, Z2, B3 * NZ * sizeof(float));
    memcpy(real, X, B3 * NX * sizeof(float));
    gan_d_step(&g, real, z2, B3), gan_d_step(&c, real, z2, B3); /* as in training */
    mlp_forward(&c.G, z, B3); /* L_G from its definition, on c's copy of the parameters */
    mlp_forward(&c.D, mlp_output(&c.G), B3);
    double want = 0;
    for (int i = 0; i < B3; i++) want += nls(mlp_output(&c.D)[i]) / B3;
    fill_nan(g.G.grads.data, (long)ng);
    float L = gan_g_step(&g, z, B3);
    gan_g_step(&c, z, B3);
    /* the same float passes on the same parameters: 1e-5 relative */
    ck_assert_msg(fabs(L - want) <= 1e-5 * fabs(want),
                  "gan_g_step(z, B = 3) on a GAN with max_batch 4 returned L_G = %.7g, want %.7g "
                  "(the mean over the 3 rows)", (double)L, want);
    /* the same rows through the same operations: 1e-6 relative, 1e-9 absolute near zero */
    WB_ASSERT_CLOSE(g.G.grads.data, c.G.grads.data, (long)ng, 1e-6, 1e-9);
    WB_ASSERT_CLOSE(g.G.params.data, c.G.params.data, (long)ng, 1e-6, 1e-9);
    wb_guarded_free(z), wb_guarded_free(z2), wb_guarded_free(real);
    gan_free(&g), gan_free(&c);
}

WB_TEST(d_step_label_smoothing, .points = 1,
        .hint = "The label smoothing in gan_d_step is given: with reals labelled 0.9 it adds 0.1/B to your "
                "gan_d_loss's gradient on each real logit. If d_step_trains_d_only fails too, fix that one "
                "first: this test builds on gan_d_loss's gradient.",
        .hint2 = "The test compares D.grads after a step with real_label = 0.9 with finite differences of "
                 "(1/B) sum [0.9 s(-r) + 0.1 s(r)] + (1/B) sum s(f), on a GAN with leaky ReLU units.") {
    gan g;
    tiny_gan(&g, ACT_LEAKY);
    g.real_label = 0.9f;
    size_t nd = g.D.params.size;
    float *d0 = wb_malloc(nd * sizeof(float));
    memcpy(d0, g.D.params.data, nd * sizeof(float));
    real_target = 1.0;
    double want = d_loss_of(&g); /* the value returned is the unsmoothed L_D (week13.h) */
    float L = gan_d_step(&g, X, Z, NB);
    WB_ASSERT_NEAR(L, (float)want, 1e-5, 0);
    memcpy(g.D.params.data, d0, nd * sizeof(float));
    real_target = 0.9;
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(d_loss_of, &g, g.D.params.data, g.D.grads.data, (long)nd, 1e-3,
                                              2e-2, 1e-5));
    real_target = 1.0;
    free(d0);
    gan_free(&g);
}
