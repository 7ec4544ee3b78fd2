/* test_dense.c — tests for dense.c. The forward pass by hand; the backward pass against the
 * harness's finite-difference gradient check (gradcheck.h), the way you should check any layer
 * you write; then two layers of yours learning XOR. */
#include "testing.h"
#include "week02.h"
#include "dense_cost.h"

#include <math.h>
#include <string.h>

WB_TEST(forward_by_hand, .points = 2,
        .hint = "Catches a bias indexed by the example instead of the unit, and z added to what was "
                "in the buffer: z_rj = b_j + sum_k x_rk W_jk with W (out,in) row-major, written "
                "afresh, and a = sigma(z).",
        .hint2 = "Worked case: W = [1 2 3; -1 0 1], b = (0.5, -0.5), x = (1, 1, 1) gives z = (6.5, -0.5); x = (1, 0, 0) "
                 "gives z = (1.5, -1.5). The bias is indexed by the unit j, not by the example r. "
                 "z and a have B rows: a line naming z means the loop over the rows ran to r = B.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    dense l;
    dense_init(&l, 3, 2, &r);
    const float W[] = {1, 2, 3, -1, 0, 1}, b[] = {0.5f, -0.5f};
    memcpy(l.W, W, sizeof W), memcpy(l.b, b, sizeof b);
    /* x, z and a in guarded buffers of exactly B * in = 9 and B * out = 6 floats: a loop over
       the rows to r <= B stops at the first float past the end, with a line naming the array */
    const float xv[] = {1, 1, 1, 1, 0, 0, 0, 1, 0};
    float *x = wb_guarded_floats(9, "x, the B * in = 3 * 3 inputs");
    float *z = wb_guarded_floats(6, "z, the B * out = 3 * 2 weighted inputs");
    float *a = wb_guarded_floats(6, "a, the B * out = 3 * 2 activations");
    memcpy(x, xv, sizeof xv);
    wb_fill_nan(z, 6), wb_fill_nan(a, 6);  /* an unwritten output reads as NaN */
    float wantz[] = {6.5f, -0.5f, 1.5f, -1.5f, 2.5f, -0.5f}; /* third row: x = (0,1,0) */
    dense_forward(&l, x, z, a, 3);
    WB_ASSERT_CLOSE(z, wantz, 6, 0, 0); /* halves and small integers: exact */
    for (int i = 0; i < 6; i++) WB_ASSERT_NEAR(a[i], (float)(1 / (1 + exp(-(double)wantz[i]))), 1e-6, 0);
    dense_forward(&l, x, z, a, 3);      /* again: the outputs are overwritten, not added to */
    WB_ASSERT_CLOSE(z, wantz, 6, 0, 0);
    wb_guarded_free(x), wb_guarded_free(z), wb_guarded_free(a);
    dense_free(&l);
}

/* The test problem: B = 4 examples, in = 3, out = 2 (in != out, so a transposed matrix shows),
   cost C_x = 1/2 |a_x - t_x|^2, so dC_x/da = a_x - t_x. */
enum { B = DC_B, IN = DC_IN, OUT = DC_OUT };

/* Set up the problem and run forward and backward once. With dx NULL the backward pass still gets
   a dx to write (scratch), so that these tests do not depend on NULL handling, which
   backward_with_null_dx checks on its own. */
static void setup(dense *l, float *x, float *t, float *dx, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    dense_init(l, IN, OUT, &r);
    /* inputs and biases small enough that no unit saturates: a gradient of 1e-5 would drown in the
       float forward pass's rounding (gradcheck.h) */
    wb_rng_fill_uniform(&r, x, B * IN, -1.0f, 1.0f);
    wb_rng_fill_normal(&r, l->b, OUT, 0.1f);
    wb_rng_fill_uniform(&r, t, B * OUT, 0.0f, 1.0f);
    /* z, a and da in guarded buffers of exactly B * out floats: a loop to <= B * out (or over
       B + 1 rows) stops at the first float past the end, with a line naming the array */
    float *z = wb_guarded_floats(B * OUT, "z, the B * out = 4 * 2 weighted inputs");
    float *a = wb_guarded_floats(B * OUT, "a, the B * out = 4 * 2 activations");
    float *da = wb_guarded_floats(B * OUT, "da, the B * out = 4 * 2 gradients dC/da");
    dense_forward(l, x, z, a, B);
    for (int i = 0; i < B * OUT; i++) da[i] = a[i] - t[i];
    float scratch[B * IN];
    dense_backward(l, x, a, da, dx ? dx : scratch, B);
    wb_guarded_free(z), wb_guarded_free(a), wb_guarded_free(da);
}

/* max |g| over n numbers: a gradient of all zeros passes a finite-difference check against a
   layer whose forward is also missing, so the tests require a real gradient too. */
static float biggest(const float *g, int n) {
    float m = 0;
    for (int i = 0; i < n; i++) m = fmaxf(m, fabsf(g[i]));
    return m;
}

/* float forward, eps = 1e-3, tolerance 1e-2: the rule of thumb in gradcheck.h */
WB_TEST(weight_gradient_gradcheck, .points = 3,
        .hint = "Catches a missing slope, a missing 1/B and a transposed dW: delta = da times "
                "sigma'(z) = a (1 - a), and dW (out,in) is the batch mean of delta_x x^T (BP4), "
                "compared here with finite differences of the mean cost.",
        .hint2 = "Every entry off by the same factor 4? That is B: the cost is the batch mean, so dW is the mean of "
                 "the per-example gradients, not their sum. Entries scrambled? dW must be (out,in) like W, not "
                 "x^T delta (in,out). delta, like da and a, has B * out entries: a line naming a "
                 "means the slope loop ran one past them.") {
    dense l;
    float x[B * IN], t[B * OUT];
    setup(&l, x, t, NULL, 3);
    ck_assert_msg(biggest(l.dW, OUT * IN) > 1e-3f, "dW is all zeros");
    dense_problem p = {&l, x, t, 0};
    WB_ASSERT_GRAD(wb_gradcheck(dense_cost, &p, l.W, l.dW, OUT * IN, 1e-3), 1e-2);
    dense_free(&l);
}

WB_TEST(bias_gradient_per_unit_and_averaged, .points = 2,
        .hint = "Catches one bias gradient shared by all units, and a missing 1/B: db_j is the batch "
                "mean of delta's column j (BP3), one number per unit.",
        .hint2 = "Two realistic bugs give the wrong numbers here: summing delta over all units (every db[j] then "
                 "equal: the gradient is shared across units), and forgetting the 1/B (all off by a factor B = 4). "
                 "There are exactly out bias gradients: the loop over the units stops at out.") {
    dense l;
    float x[B * IN], t[B * OUT];
    setup(&l, x, t, NULL, 4);
    ck_assert_msg(biggest(l.db, OUT) > 1e-3f, "db is all zeros");
    ck_assert_msg(l.db[0] != l.db[1], "db[0] == db[1] == %g: each unit needs its own bias gradient", l.db[0]);
    dense_problem p = {&l, x, t, 0};
    WB_ASSERT_GRAD(wb_gradcheck(dense_cost, &p, l.b, l.db, OUT, 1e-3), 1e-2);
    /* again with dW and db in guarded buffers of exactly out * in and out floats: a loop over
       the units to j <= out stops at db[out], with a line naming db; the gradients must repeat */
    float dW[OUT * IN], db[OUT], z[B * OUT], a[B * OUT], da[B * OUT], dx[B * IN];
    memcpy(dW, l.dW, sizeof dW), memcpy(db, l.db, sizeof db);
    float *own_dW = l.dW, *own_db = l.db;
    l.dW = wb_guarded_floats(OUT * IN, "dW, the out * in = 2 * 3 weight gradients");
    l.db = wb_guarded_floats(OUT, "db, the out = 2 bias gradients");
    dense_forward(&l, x, z, a, B);
    for (int i = 0; i < B * OUT; i++) da[i] = a[i] - t[i];
    dense_backward(&l, x, a, da, dx, B);
    WB_ASSERT_CLOSE(l.db, db, OUT, 0, 0);   /* the same floats through the same code: exact */
    WB_ASSERT_CLOSE(l.dW, dW, OUT * IN, 0, 0);
    wb_guarded_free(l.dW), wb_guarded_free(l.db);
    l.dW = own_dW, l.db = own_db;
    dense_free(&l);
}

WB_TEST(input_gradient_gradcheck, .points = 2,
        .hint = "Catches W used transposed, a 1/B where none belongs, and dx added to what was in "
                "the buffer: dx (B,in) = delta (B,out) times W (out,in), one row per example with no "
                "batch average (it is the da of the layer below), written afresh.",
        .hint2 = "The check differentiates the sum of the per-example costs with respect to x, which gives each "
                 "example's own gradient. dx holds NaN before the call: a NaN after it means dx was "
                 "added to (beta = 1 in gemm.h) or an entry was never written.") {
    dense l;
    float x[B * IN], t[B * OUT], dx[B * IN];
    wb_fill_nan(dx, B * IN);
    setup(&l, x, t, dx, 5);
    for (int i = 0; i < B * IN; i++)
        ck_assert_msg(!isnan(dx[i]), "dx[%d] is NaN, as the buffer was before the call: dx must be "
                      "written afresh, not added to what the buffer held", i);
    ck_assert_msg(biggest(dx, B * IN) > 1e-3f, "dx is all zeros");
    dense_problem p = {&l, x, t, 1};
    WB_ASSERT_GRAD(wb_gradcheck(dense_cost, &p, x, dx, B * IN, 1e-3), 1e-2);
    dense_free(&l);
}

/* dx may be NULL (the first layer has no layer below to pass it to): then the backward pass
   computes dW and db only. Expected: the dW and db of the same pass with a dx, since dx is an
   output the other two do not depend on. */
WB_TEST(backward_with_null_dx, .points = 1,
        .hint = "Catches a backward pass that writes dx when the caller passed NULL: dx is optional "
                "(the bottom layer has no layer below that needs it), and with dx = NULL dW and db "
                "must come out as with a dx.",
        .hint2 = "Writing through a NULL pointer crashes the test (signal 11). Guard the dx product "
                 "with if (dx); dW and db do not depend on it.") {
    dense l;
    float x[B * IN], t[B * OUT], dx[B * IN], z[B * OUT], a[B * OUT], da[B * OUT];
    setup(&l, x, t, dx, 10);
    float dW[OUT * IN], db[OUT];
    memcpy(dW, l.dW, sizeof dW), memcpy(db, l.db, sizeof db);
    ck_assert_msg(biggest(dW, OUT * IN) > 1e-3f && biggest(db, OUT) > 1e-3f, "dW or db is all zeros");
    dense_forward(&l, x, z, a, B);
    for (int i = 0; i < B * OUT; i++) da[i] = a[i] - t[i];
    dense_backward(&l, x, a, da, NULL, B);       /* no dx wanted */
    WB_ASSERT_CLOSE(l.dW, dW, OUT * IN, 0, 0);   /* the same floats through the same code: exact */
    WB_ASSERT_CLOSE(l.db, db, OUT, 0, 0);
    dense_free(&l);
}

/* A second backward pass over the same batch must give the same gradients: they are written, not
   added to what the first pass left (gradient accumulation is a separate, explicit choice). */
WB_TEST(backward_twice_overwrites, .points = 1,
        .hint = "Catches gradients added to the previous call's: dW, db and dx must be written "
                "afresh by every backward pass, so calling it twice gives the same numbers twice.",
        .hint2 = "A matrix product into an output that should replace it uses beta = 0 (gemm.h); a "
                 "loop writes its result, it does not add it to the old value.") {
    dense l;
    float x[B * IN], t[B * OUT], dx[B * IN], dx2[B * IN], z[B * OUT], a[B * OUT], da[B * OUT];
    /* a finite fill, not NaN: a dx added to what the buffer held then differs between the calls */
    for (int i = 0; i < B * IN; i++) dx[i] = 7.0f;
    setup(&l, x, t, dx, 8);
    float dW[OUT * IN], db[OUT];
    memcpy(dW, l.dW, sizeof dW), memcpy(db, l.db, sizeof db), memcpy(dx2, dx, sizeof dx2);
    dense_forward(&l, x, z, a, B);
    for (int i = 0; i < B * OUT; i++) da[i] = a[i] - t[i];
    dense_backward(&l, x, a, da, dx, B);
    ck_assert_msg(biggest(dW, OUT * IN) > 1e-3f, "dW is all zeros after the first backward pass");
    WB_ASSERT_CLOSE(l.dW, dW, OUT * IN, 0, 0);   /* the same floats through the same code: exact */
    WB_ASSERT_CLOSE(l.db, db, OUT, 0, 0);
    WB_ASSERT_CLOSE(dx, dx2, B * IN, 0, 0);
    dense_free(&l);
}

WB_TEST(update_steps_against_gradient, .points = 1,
        .hint = "Catches a step up the gradient, biases left out, and loops whose bounds are not the "
                "arrays' sizes: every one of the out * in weights and every one of the out biases "
                "moves by -eta times its own gradient, and nothing past them is touched.",
        .hint2 = "With eta = 0.5 each W_i must end at W_i - 0.5 dW_i, and each b_j at b_j - 0.5 db_j. "
                 "W has out * in entries (2 * 3 here) and b has out (2): a loop to in * in or to in "
                 "runs past the end, which this test reports by the array's name.") {
    dense l;
    float x[B * IN], t[B * OUT];
    setup(&l, x, t, NULL, 6);
    /* the gradients as backward left them: the update may clear dW and db after using them (a
       zero-grad habit the contract allows), so the expected step is computed from copies */
    float W0[OUT * IN], b0[OUT], dW[OUT * IN], db[OUT];
    memcpy(W0, l.W, sizeof W0), memcpy(b0, l.b, sizeof b0);
    memcpy(dW, l.dW, sizeof dW), memcpy(db, l.db, sizeof db);
    /* the layer's four arrays moved into guarded buffers of exactly their sizes, W and dW (out,in)
       = 2 x 3, b and db (out) = 2: a loop over in * in or over in biases (in = 3 > out = 2) then
       stops at the first float past the end, with a line naming the array */
    float *own[4] = {l.W, l.b, l.dW, l.db};
    l.W = wb_guarded_floats(OUT * IN, "W, the out * in = 2 * 3 weights");
    l.b = wb_guarded_floats(OUT, "b, the out = 2 biases");
    l.dW = wb_guarded_floats(OUT * IN, "dW, the out * in = 2 * 3 weight gradients");
    l.db = wb_guarded_floats(OUT, "db, the out = 2 bias gradients");
    memcpy(l.W, W0, sizeof W0), memcpy(l.b, b0, sizeof b0);
    memcpy(l.dW, dW, sizeof dW), memcpy(l.db, db, sizeof db);
    dense_update(&l, 0.5f);
    for (int i = 0; i < OUT * IN; i++) WB_ASSERT_NEAR(l.W[i], W0[i] - 0.5f * dW[i], 1e-6, 1e-7);
    for (int j = 0; j < OUT; j++) WB_ASSERT_NEAR(l.b[j], b0[j] - 0.5f * db[j], 1e-6, 1e-7);
    ck_assert_msg(biggest(db, OUT) > 1e-3f && l.b[0] != b0[0], "the biases did not move");
    wb_guarded_free(l.W), wb_guarded_free(l.b), wb_guarded_free(l.dW), wb_guarded_free(l.db);
    l.W = own[0], l.b = own[1], l.dW = own[2], l.db = own[3];
    dense_free(&l);
}

WB_TEST(two_dense_layers_learn_xor, .points = 2, .timeout = 8,
        .hint = "Catches layers that pass every check alone but do not train together: two of your "
                "layers (2 -> 4 -> 1) on XOR with the cost 1/2 (a - y)^2 must get every output on its "
                "side of 0.5 with a margin.",
        .hint2 = "If the gradient checks pass but this fails, look at dense_update, and at passing the top "
                 "layer's dx (not its da) down as the bottom layer's da.") {
    float x[] = {0, 0, 0, 1, 1, 0, 1, 1}, y[] = {0, 1, 1, 0};
    wb_rng r;
    wb_rng_seed(&r, 2);
    dense l1, l2;
    dense_init(&l1, 2, 4, &r);
    dense_init(&l2, 4, 1, &r);
    float z1[16], a1[16], z2[4], a2[4], da2[4], da1[16];
    for (int step = 0; step < 5000; step++) {
        dense_forward(&l1, x, z1, a1, 4);
        dense_forward(&l2, a1, z2, a2, 4);
        for (int i = 0; i < 4; i++) da2[i] = a2[i] - y[i];
        dense_backward(&l2, a1, a2, da2, da1, 4);
        dense_backward(&l1, x, a1, da1, NULL, 4);
        dense_update(&l2, 2.0f);
        dense_update(&l1, 2.0f);
    }
    dense_forward(&l1, x, z1, a1, 4);
    dense_forward(&l2, a1, z2, a2, 4);
    WB_ASSERT_CLOSE(a2, y, 4, 0, 0.2); /* right side of 0.5 with a margin: a trained net, not a lucky one */
    dense_free(&l1), dense_free(&l2);
}
