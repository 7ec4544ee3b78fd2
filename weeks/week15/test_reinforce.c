/* test_reinforce.c — tests for reinforce.c: the softmax policy, the REINFORCE loss and its gradient
 * on a case worked by hand and by finite differences, and the estimator learning a two-armed
 * bandit. */
#include "testing.h"
#include "week15.h"

#include <math.h>
#include <stdlib.h>

static void fill_nan(float *x, int n) {
    for (int i = 0; i < n; i++) x[i] = NAN;
}

WB_TEST(policy_probs_softmax, .points = 1,
        .hint = "p_j = exp(z_j - max z) / sum_b exp(z_b - max z): subtracting the largest logit keeps "
                "exp from overflowing at z = 1000.",
        .hint2 = "max z is the largest of ALL the logits, z_0 included, whatever their sign: "
                 "(1000, -1000) gives (1, 0), and (-1001, -1000, -1002) gives e^-1, e^0, e^-2 "
                 "over their sum (0.245, 0.665, 0.090). A running maximum that starts at 0 "
                 "instead of at z_0 shifts by 0 there: exp(1000) overflows to inf, exp(-1000) "
                 "underflows to 0, and both give 0/0 = NaN.") {
    float z[2] = {0.0f, logf(3.0f)}, p[2];
    fill_nan(p, 2);
    policy_probs(z, 2, p);
    float want[2] = {0.25f, 0.75f};
    WB_ASSERT_CLOSE(p, want, 2, 1e-6, 0);
    float big[3] = {-1000.0f, 1000.0f, 0.0f}, pb[3];
    fill_nan(pb, 3);
    policy_probs(big, 3, pb);
    float wb[3] = {0.0f, 1.0f, 0.0f};
    WB_ASSERT_CLOSE(pb, wb, 3, 0, 1e-30);
    /* the largest logit first (index 0), then every logit far below 0 (exp(-1000) is 0 in float) */
    /* the largest logit last: the running maximum must reach z_{A-1} too */
    float last[3] = {-1000.0f, 0.0f, 1000.0f}, pz[3];
    fill_nan(pz, 3);
    policy_probs(last, 3, pz);
    ck_assert_msg(pz[0] == 0.0f && pz[1] == 0.0f && pz[2] == 1.0f, "policy_probs(-1000, 0, 1000) "
                  "= (%g, %g, %g), want (0, 0, 1): the largest logit here is the last one",
                  (double)pz[0], (double)pz[1], (double)pz[2]);
    float first[2] = {1000.0f, -1000.0f}, pf[2];
    fill_nan(pf, 2);
    policy_probs(first, 2, pf);
    ck_assert_msg(pf[0] == 1.0f && pf[1] == 0.0f, "policy_probs(1000, -1000) = (%g, %g), want "
                  "(1, 0): the largest logit here is z_0", (double)pf[0], (double)pf[1]);
    float low[3] = {-1001.0f, -1000.0f, -1002.0f}, pl[3];
    fill_nan(pl, 3);
    policy_probs(low, 3, pl);
    double e1 = exp(-1.0), e2 = exp(-2.0), sum = 1 + e1 + e2;
    double wl[3] = {e1 / sum, 1 / sum, e2 / sum};
    for (int j = 0; j < 3; j++) /* the logits' differences are exact; expf and / round ~1e-7 */
        ck_assert_msg(fabs(pl[j] - wl[j]) <= 1e-6 * wl[j], "policy_probs(-1001, -1000, -1002) = "
                      "(%g, %g, %g), want (%.6f, %.6f, %.6f): every logit is far below 0, the "
                      "largest is -1000", (double)pl[0], (double)pl[1], (double)pl[2], wl[0], wl[1],
                      wl[2]);
}

WB_TEST(argmax_first_of_ties, .points = 1,
        .hint = "Keep the index of the largest value seen so far and replace it only on a strictly larger one.") {
    float a[5] = {-3, 2, 7, 7, 1}, b[3] = {-5, -2, -9}, c[1] = {4};
    ck_assert_msg(argmax(a, 5) == 2, "argmax(-3 2 7 7 1) = %d, want 2 (the first 7)", argmax(a, 5));
    ck_assert_msg(argmax(b, 3) == 1, "argmax(-5 -2 -9) = %d, want 1 (all negative)", argmax(b, 3));
    ck_assert_msg(argmax(c, 1) == 0, "argmax of one number = %d, want 0", argmax(c, 1));
}

WB_TEST(policy_samples_its_probabilities, .points = 1,
        .hint = "Turn the logits into probabilities and draw one index with wb_rng_categorical: an action "
                "with probability 0.75 must come up about 75% of the time, not always.") {
    wb_rng r;
    wb_rng_seed(&r, 5);
    float z[3] = {logf(0.2f), logf(0.5f), logf(0.3f)};
    int count[3] = {0, 0, 0}, n = 20000;
    for (int k = 0; k < n; k++) {
        int a = policy_sample(z, 3, &r);
        ck_assert_msg(a >= 0 && a < 3, "sampled action %d of 3", a);
        count[a]++;
    }
    float want[3] = {0.2f, 0.5f, 0.3f};
    for (int j = 0; j < 3; j++) {
        /* binomial: sd = sqrt(p (1-p) / n) <= 0.0036; 5 sd */
        float f = (float)count[j] / n;
        ck_assert_msg(fabsf(f - want[j]) < 0.018f, "action %d drawn %.4f of the time, want %.2f", j, (double)f,
                      (double)want[j]);
    }
}

WB_TEST(reinforce_loss_by_hand, .points = 3,
        .hint = "L = -(1/B) sum_i adv_i log pi(a_i); dL/dz_ij = (adv_i / B) (p_ij - [j == a_i]). The loss is "
                "MINUS the objective: descending it must raise the log-probability of actions with a positive "
                "advantage.",
        .hint2 = "Row 0: logits (0, 0), action 1, advantage 2: p = (0.5, 0.5), dz = (0.5, -0.5). Row 1: "
                 "logits (ln 3, 0), action 0, advantage -1: p = (0.75, 0.25), dz = (0.125, -0.125). If every "
                 "sign is flipped you have the gradient of the objective, not of the loss; twice too large, "
                 "you forgot the 1/B.") {
    float z[4] = {0.0f, 0.0f, logf(3.0f), 0.0f}, adv[2] = {2.0f, -1.0f}, dz[4];
    int a[2] = {1, 0};
    fill_nan(dz, 4);
    float L = reinforce_loss(z, a, adv, 2, 2, dz);
    float want[4] = {0.5f, -0.5f, 0.125f, -0.125f};
    WB_ASSERT_CLOSE(dz, want, 4, 1e-6, 1e-7);
    /* L = -(1/2)[2 log 0.5 + (-1) log 0.75] = log 2 + log(0.75) / 2 */
    WB_ASSERT_NEAR(L, (float)(log(2.0) + 0.5 * log(0.75)), 1e-6, 1e-7);
    /* extreme logits: log pi of a near-impossible action is about -2000, not -inf or NaN */
    float zx[2] = {1000.0f, -1000.0f}, ax[1] = {1.0f}, dzx[2];
    int actx[1] = {1};
    float Lx = reinforce_loss(zx, actx, ax, 1, 2, dzx);
    ck_assert_msg(fabsf(Lx - 2000.0f) <= 2e-3f, "reinforce_loss of logits (1000, -1000), action 1, "
                  "advantage 1: L = %g, want 2000 (log pi(1) = -2000): log pi is z_a - max z - "
                  "log sum exp(z - max z), which never overflows", (double)Lx);
    float wx[2] = {1.0f, -1.0f};
    WB_ASSERT_CLOSE(dzx, wx, 2, 0, 1e-6);
    /* the largest logit last, three actions: the maximum runs over every logit, z_{A-1} too */
    float zl[3] = {-1000.0f, 0.0f, 1000.0f}, dzl[3];
    int actl[1] = {0};
    fill_nan(dzl, 3);
    float Ll = reinforce_loss(zl, actl, ax, 1, 3, dzl);
    /* log pi(0) = -1000 - 1000 - log(1 + e^-1000 + e^-2000) */
    ck_assert_msg(fabsf(Ll - 2000.0f) <= 2e-3f, "reinforce_loss of logits (-1000, 0, 1000), action 0, "
                  "advantage 1: L = %g, want 2000: the max subtracted before exp runs over every "
                  "logit, the last one (here the largest) too", (double)Ll);
    float wl[3] = {-1.0f, 0.0f, 1.0f}; /* p = (0, 0, 1) minus the one-hot of action 0 */
    WB_ASSERT_CLOSE(dzl, wl, 3, 0, 1e-6);
}

/* the REINFORCE loss of the policy network's current output, for finite differences */
typedef struct pg_case {
    mlp *net;
    const float *s, *adv;
    const int *a;
    int B;
    float *dz;
} pg_case;

static double pg_loss(void *ctx) {
    pg_case *c = ctx;
    mlp_forward(c->net, c->s, c->B);
    return reinforce_loss(mlp_output(c->net), c->a, c->adv, c->B, c->net->sizes[c->net->nlayers], c->dz);
}

WB_TEST(policy_network_gradient, .points = 2,
        .hint = "reinforce_gradient is three calls: mlp_forward on the states, reinforce_loss on the output "
                "(it gives dlogits), mlp_backward with those dlogits.",
        .hint2 = "The test compares policy->grads with finite differences of the loss in every parameter; a "
                 "sign error shows as analytic = -numeric.") {
    enum { B = 5, A = 3 };
    wb_rng r;
    wb_rng_seed(&r, 21);
    mlp net;
    mlp_init(&net, 2, (int[]){4, 6, A}, (activation[]){ACT_TANH, ACT_NONE}, B, &r);
    float s[B * 4], adv[B], dz[B * A];
    int a[B] = {2, 0, 1, 1, 0};
    wb_rng_fill_normal(&r, s, B * 4, 1.0f);
    wb_rng_fill_normal(&r, adv, B, 1.0f);
    fill_nan(net.grads.data, (int)net.grads.size);
    float L = reinforce_gradient(&net, s, a, adv, B, dz);
    pg_case c = {&net, s, adv, a, B, dz};
    ck_assert_msg(fabs(L - pg_loss(&c)) < 1e-6, "reinforce_gradient returned loss %g, the loss of the output is %g",
                  (double)L, pg_loss(&c));
    float *g = malloc(net.grads.size * sizeof *g);
    for (size_t i = 0; i < net.grads.size; i++) g[i] = net.grads.data[i];
    /* float losses of size ~1: eps 1e-3 gives numeric gradients good to ~1e-4; tanh is smooth */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(pg_loss, &c, net.params.data, g, (long)net.params.size, 1e-3, 2e-2, 2e-4));
    free(g);
    mlp_free(&net);
}

WB_TEST(reinforce_gradient_uses_B_rows, .points = 1,
        .hint = "The batch is the B rows given, not the network's max_batch: forward, loss and "
                "backward all take B, so the loss is the mean over those B steps only.",
        .hint2 = "The CartPole driver calls reinforce_gradient with fewer steps than the network "
                 "has room for (and Pong with a shorter last chunk). Rows B..max_batch-1 hold "
                 "no step: reading them averages in whatever memory lies past the states. Here "
                 "the states end where an unreadable page begins, and the result must equal that "
                 "of the same network built for exactly B rows.") {
    enum { B = 3, A = 3, MAXB = 8 };
    wb_rng r1, r2;
    wb_rng_seed(&r1, 23), wb_rng_seed(&r2, 23);
    mlp roomy, exact; /* the same weights (the same seed), room for 8 rows and for 3 */
    mlp_init(&roomy, 2, (int[]){4, 6, A}, (activation[]){ACT_TANH, ACT_NONE}, MAXB, &r1);
    mlp_init(&exact, 2, (int[]){4, 6, A}, (activation[]){ACT_TANH, ACT_NONE}, B, &r2);
    float *s = wb_guarded_floats(B * 4, "states, the B = 3 rows given (max_batch is 8)");
    float *dz = wb_guarded_floats(B * A, "dlogits, B = 3 rows (max_batch is 8)");
    wb_rng_fill_normal(&r1, s, B * 4, 1.0f);
    float adv[B] = {1.5f, -0.5f, 0.75f}, dz_exact[B * A];
    int a[B] = {2, 0, 1};
    fill_nan(roomy.grads.data, (int)roomy.grads.size);
    fill_nan(exact.grads.data, (int)exact.grads.size);
    float want = reinforce_gradient(&exact, s, a, adv, B, dz_exact);
    float L = reinforce_gradient(&roomy, s, a, adv, B, dz);
    /* the same float operations on the same B rows: equal up to a rounding or two */
    ck_assert_msg(fabsf(L - want) <= 1e-6f * (1 + fabsf(want)), "B = 3 steps on a network with room "
                  "for 8: loss %.7g, want %.7g (the same network built for B = 3): the mean is over "
                  "the B steps given", (double)L, (double)want);
    for (size_t i = 0; i < exact.grads.size; i++)
        ck_assert_msg(isfinite(exact.grads.data[i]), "the network built for B = 3 rows: grads[%zu] "
                      "= %g after reinforce_gradient, which must write every gradient", i,
                      (double)exact.grads.data[i]);
    WB_ASSERT_CLOSE(roomy.grads.data, exact.grads.data, (long)exact.grads.size, 1e-5, 1e-7);
    wb_guarded_free(s), wb_guarded_free(dz);
    mlp_free(&roomy), mlp_free(&exact);
}

WB_TEST(bandit_learns_the_better_arm, .points = 3,
        .hint = "Descending the REINFORCE loss must make the arm with more reward MORE likely. If the policy "
                "ends up on the worse arm, the gradient has the wrong sign.",
        .hint2 = "The test: two logits as the whole policy, batches of 16 pulls, advantages = normalised "
                 "rewards, logits -= 0.5 * the sum over the batch of dlogits.") {
    wb_rng r;
    wb_rng_seed(&r, 8);
    float logits[2] = {0.0f, 0.0f};
    const float mean[2] = {0.2f, 1.0f}; /* arm 1 is the better one, by a margin smaller than the noise */
    enum { N = 16 };
    for (int it = 0; it < 300; it++) {
        float z[N * 2], rew[N], adv[N], dz[N * 2];
        int a[N];
        for (int i = 0; i < N; i++) {
            z[2 * i] = logits[0], z[2 * i + 1] = logits[1];
            a[i] = policy_sample(logits, 2, &r);
            rew[i] = mean[a[i]] + wb_rng_normal(&r);
        }
        normalize_advantages(rew, N, adv);
        fill_nan(dz, N * 2);
        reinforce_loss(z, a, adv, N, 2, dz);
        for (int i = 0; i < N; i++) logits[0] -= 0.5f * dz[2 * i], logits[1] -= 0.5f * dz[2 * i + 1];
    }
    float p[2];
    policy_probs(logits, 2, p);
    ck_assert_msg(p[1] > 0.95f, "after 300 batches the policy picks the better arm (mean reward 1.0) with "
                  "probability %.3f and the worse (0.2) with %.3f; want > 0.95", (double)p[1], (double)p[0]);
}
