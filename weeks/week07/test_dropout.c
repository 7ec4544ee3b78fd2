/* test_dropout.c — tests for dropout.c: evaluation is the identity and draws nothing; the training
 * mask is the one the seed predicts (one draw per unit, zero inputs included), rescaled by 1/(1-p);
 * the expected output equals the input; the backward pass against finite differences with the mask
 * held fixed. */
#include "testing.h"
#include "week07.h"

#include <math.h>
#include <string.h>

WB_TEST(dropout_eval_is_identity, .points = 1, .edit = "dropout.c",
        .hint = "In evaluation mode inverted dropout does nothing at all: y = x, every unit on, no rescaling "
                "(that happened during training), no random numbers drawn and the mask left as it is.",
        .hint2 = "If some outputs are 0 or multiplied by 1/(1-p) here, dropout is still being applied at "
                 "evaluation: the test accuracy would be that of one random thinned network.") {
    float x[5] = {1.0f, -2.0f, 3.0f, 0.5f, -0.25f}, y[5], mask[5], dx[5];
    for (int i = 0; i < 5; i++) y[i] = mask[i] = dx[i] = NAN;
    wb_rng rng, before;
    wb_rng_seed(&rng, 3);
    before = rng;
    dropout_forward(x, y, mask, 5, 0.5f, 0, &rng);
    WB_ASSERT_CLOSE(y, x, 5, 0, 0);
    ck_assert_msg(memcmp(&rng, &before, sizeof rng) == 0, "evaluation drew random numbers");
    for (int i = 0; i < 5; i++) ck_assert_msg(isnan(mask[i]), "evaluation wrote mask[%d] = %g", i, (double)mask[i]);
    dropout_backward(x, mask, dx, 5, 0);
    WB_ASSERT_CLOSE(dx, x, 5, 0, 0);
}

WB_TEST(dropout_train_mask_follows_the_seed, .points = 2, .edit = "dropout.c",
        .hint = "Training: one wb_rng_uniform draw per unit, in order, for every unit whatever its "
                "input (0 included, as after a ReLU); a draw below p drops the unit (mask 0, "
                "output 0); every kept unit is scaled up by 1/(1-p) so the expected output is "
                "unchanged.",
        .hint2 = "p = 0.25: kept units are multiplied by 4/3, and about a quarter are dropped. "
                 "Kept values equal to x itself mean the rescaling is missing; about three quarters "
                 "dropped means the comparison is the wrong way round. Fewer draws than units "
                 "means some unit skipped its draw (a zero input still draws): the mask is the "
                 "seed's only if unit i always takes the i-th draw.") {
    enum { N = 40 };
    float x[N], y[N], mask[N], want_y[N], want_mask[N];
    /* -3..3: every seventh input is 0, as a ReLU's output often is */
    for (int i = 0; i < N; i++) x[i] = (float)(i % 7) - 3.0f, y[i] = mask[i] = NAN;
    wb_rng rng, start, copy;
    wb_rng_seed(&rng, 11);
    start = copy = rng;
    for (int i = 0; i < N; i++) {
        int dropped = wb_rng_uniform(&copy) < 0.25f;
        want_mask[i] = dropped ? 0.0f : 1.0f / 0.75f;
        want_y[i] = dropped ? 0.0f : x[i] / 0.75f;
    }
    dropout_forward(x, y, mask, N, 0.25f, 1, &rng);
    /* how many draws the call made: step a copy of the seed's generator until it matches */
    int draws = 0;
    while (draws <= 2 * N && memcmp(&start, &rng, sizeof rng) != 0) wb_rng_uniform(&start), draws++;
    ck_assert_msg(draws == N, "dropout_forward made %s%d draws for %d units (6 of them with input "
                  "0): want one draw per unit", draws > 2 * N ? "over " : "",
                  draws > 2 * N ? 2 * N : draws, N);
    WB_ASSERT_CLOSE(mask, want_mask, N, 1e-6, 0);
    WB_ASSERT_CLOSE(y, want_y, N, 1e-6, 0);
}

WB_TEST(dropout_p0_still_draws_once_per_unit, .points = 1, .edit = "dropout.c",
        .hint = "Training with p = 0 keeps every unit (mask 1, y = x), but it still takes one "
                "wb_rng_uniform draw per unit, as the contract says: then the masks of the calls "
                "that follow are the seed's whatever p each layer uses.",
        .hint2 = "Here a training pass over 9 units with p = 0 must leave the generator where 9 "
                 "draws from the seed leave it. If it did not move, the draws were skipped because "
                 "nothing can be dropped: the shortcut shifts every later mask of the run.") {
    enum { N = 9 };
    float x[N], y[N], mask[N];
    for (int i = 0; i < N; i++) x[i] = 0.5f * (float)i - 2.0f, y[i] = mask[i] = NAN;
    wb_rng rng, copy;
    wb_rng_seed(&rng, 4);
    copy = rng;
    dropout_forward(x, y, mask, N, 0.0f, 1, &rng);
    for (int i = 0; i < N; i++) wb_rng_uniform(&copy);
    /* the generator's next draws, with and without the pass: equal iff it took exactly N draws */
    for (int k = 0; k < 3; k++) {
        double got = wb_rng_uniform(&rng), want = wb_rng_uniform(&copy);
        ck_assert_msg(got == want, "after a training pass with p = 0 over %d units the "
                      "generator's next draw is %g, want %g: the pass must take one draw per "
                      "unit, as with any p", N, got, want);
    }
    WB_ASSERT_CLOSE(mask, ((float[N]){1, 1, 1, 1, 1, 1, 1, 1, 1}), N, 0, 0); /* 1/(1-0) exactly */
    WB_ASSERT_CLOSE(y, x, N, 0, 0);
}

WB_TEST(dropout_keeps_the_expected_value, .points = 1, .edit = "dropout.c",
        .hint = "Inverted dropout scales the kept units by 1/(1-p) precisely so that E[y] = x: averaged over "
                "many units the output of an input of ones must be close to 1, and a fraction p must be 0.") {
    enum { N = 20000 };
    static float x[N], y[N], mask[N];
    for (int i = 0; i < N; i++) x[i] = 1.0f;
    wb_rng rng;
    wb_rng_seed(&rng, 5);
    dropout_forward(x, y, mask, N, 0.3f, 1, &rng);
    double sum = 0.0;
    int zeros = 0;
    for (int i = 0; i < N; i++) sum += y[i], zeros += y[i] == 0.0f;
    /* std of one y is sqrt(p/(1-p)) = 0.65, of the mean 0.0046: 0.02 is over 4 standard errors; the
       dropped fraction's standard error is sqrt(0.3 * 0.7 / N) = 0.0032, 0.015 is over 4 */
    ck_assert_msg(fabs(sum / N - 1.0) < 0.02, "mean output %g over %d ones with p = 0.3, want 1 +- 0.02", sum / N, N);
    ck_assert_msg(fabs((double)zeros / N - 0.3) < 0.015, "fraction dropped %g, want 0.3 +- 0.015", (double)zeros / N);
}

typedef struct drop_ctx {
    float x[12], c[12], y[12], mask[12];
} drop_ctx;

/* L = sum c_i y_i, with the mask drawn afresh from the same seed every call: a fixed mask */
static double drop_loss(void *p) {
    drop_ctx *d = p;
    wb_rng rng;
    wb_rng_seed(&rng, 9);
    dropout_forward(d->x, d->y, d->mask, 12, 0.5f, 1, &rng);
    double L = 0.0;
    for (int i = 0; i < 12; i++) L += (double)d->c[i] * d->y[i];
    return L;
}

WB_TEST(dropout_backward_gradcheck, .points = 2, .edit = "dropout.c",
        .hint = "y = mask * x elementwise, so dL/dx = mask * dL/dy: a dropped unit passes no gradient back, a "
                "kept one passes it scaled by the same 1/(1-p) as its output.") {
    drop_ctx d;
    wb_rng r;
    wb_rng_seed(&r, 2);
    for (int i = 0; i < 12; i++) d.x[i] = wb_rng_normal(&r), d.c[i] = wb_rng_normal(&r);
    drop_loss(&d); /* the forward pass, which leaves its mask in d.mask */
    float dx[12];
    for (int i = 0; i < 12; i++) dx[i] = NAN;
    dropout_backward(d.c, d.mask, dx, 12, 1); /* dL/dy = c */
    /* L is linear in x: the central difference is exact but for float rounding of y */
    WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(drop_loss, &d, d.x, dx, 12, 1e-2, 1e-3, 1e-4));
}
