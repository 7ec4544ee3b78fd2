/* test_hooks.c — the hook callers pass every argument through unchanged and skip a NULL hook. */
#include "testing.h"
#include "hooks.h"

#include <stddef.h>

static int calls;
static int last_epoch, last_batch, last_n;
static float last_loss, last_acc;
static void *last_ctx;
static const struct train_history *last_h;

static void batch_hook(void *ctx, int epoch, int batch, int nbatches, float loss, float acc) {
    calls++, last_ctx = ctx, last_epoch = epoch, last_batch = batch, last_n = nbatches, last_loss = loss, last_acc = acc;
}
static void epoch_hook(void *ctx, const struct train_history *h) { calls++, last_ctx = ctx, last_h = h; }

WB_TEST(hooks_pass_arguments_through, .points = 1,
        .hint = "wb_hook_batch and wb_hook_epoch call the hook once with exactly the arguments given.") {
    int ctx = 0;
    calls = 0;
    /* asymmetric values: a swapped argument shows */
    wb_hook_batch(batch_hook, &ctx, 3, 7, 11, 0.25f, 0.75f);
    ck_assert_msg(calls == 1 && last_ctx == &ctx && last_epoch == 3 && last_batch == 7 && last_n == 11 &&
                      last_loss == 0.25f && last_acc == 0.75f,
                  "batch hook: %d call(s), epoch %d batch %d of %d, loss %g acc %g; want 1 call, 3, 7 of 11, 0.25, 0.75",
                  calls, last_epoch, last_batch, last_n, last_loss, last_acc);
    const struct train_history *h = (const struct train_history *)&ctx;
    wb_hook_epoch(epoch_hook, NULL, h);
    ck_assert_msg(calls == 2 && last_h == h && last_ctx == NULL, "epoch hook: %d calls, history %p ctx %p; want 2, %p, NULL",
                  calls, (const void *)last_h, last_ctx, (const void *)h);
}

WB_TEST(hooks_skip_null, .points = 1, .hint = "A NULL hook is skipped: no call, no crash.") {
    calls = 0;
    wb_hook_batch(NULL, NULL, 1, 1, 1, 0.0f, 0.0f);
    wb_hook_epoch(NULL, NULL, NULL);
    ck_assert_msg(calls == 0, "%d calls for NULL hooks, want 0", calls);
}
