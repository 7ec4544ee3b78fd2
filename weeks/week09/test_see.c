/* test_see.c — tests for see.c: the saliency map against finite differences of the class score,
 * top_k by hand (ties included), and channel_scores across several batches against one image at a
 * time. */
#include "lenet_testlib.h"

typedef struct { lenet *net; const float *x; int cls; } score_ctx;
static double class_score(void *ctx) {
    score_ctx *c = ctx;
    lenet_forward(c->net, c->x, 1, 0);
    return c->net->a.logits[c->cls];
}

WB_TEST(saliency_is_score_gradient, .points = 3,
        .hint = "The saliency map is d logits[cls] / d x: forward the image (evaluation mode), then backward with "
                "dlogits = 1 for class cls and 0 for the others, asking lenet_backward for dx.",
        .hint2 = "The SCORE, before the softmax, not the probability or the loss: the softmax's gradient would mix in "
                 "the other classes' scores.") {
    lenet net;
    tl_tiny(&net, TINY, 21);
    wb_rng r;
    wb_rng_seed(&r, 22);
    float *x = tl_random(&r, 256, 0, 1), *sal = tl_nans(256);
    for (int cls = 0; cls < 3; cls += 2) {
        saliency_map(&net, x, cls, sal);
        score_ctx c = {&net, x, cls};
        /* the score is piecewise linear in x (ReLU, max): the difference is exact between kinks,
           rounding of a score ~1 over 2 eps ~3e-5 */
        wb_gradcheck_result g = wb_gradcheck_within(class_score, &c, x, sal, 256, 1e-3, 2e-2, 1e-4);
        ck_assert_msg(g.ok, "saliency of class %d at pixel %ld: %.6g, finite differences of logits[%d] give %.6g",
                      cls, g.worst, g.analytic, cls, g.numeric);
    }
    free(x), free(sal);
    lenet_free(&net);
}

WB_TEST(top_k_by_hand, .points = 2,
        .hint = "The indices of the k largest values, largest first. Repeated selection of the largest value not yet "
                "taken is enough for small k.",
        .hint2 = "On ties the LOWER index comes first: replace the best so far only on a strictly larger value.") {
    const float v[8] = {0.5f, 3, -1, 3, 7, 0.5f, -2, 3};
    int idx[5] = {-1, -1, -1, -1, -1};
    top_k(v, 8, 5, idx);
    const int want[5] = {4, 1, 3, 7, 0};
    for (int i = 0; i < 5; i++)
        ck_assert_msg(idx[i] == want[i], "top_k of {0.5,3,-1,3,7,0.5,-2,3}, k=5: place %d is index %d, want %d", i,
                      idx[i], want[i]);
    const float neg[3] = {-5, -1, -3};
    top_k(neg, 3, 3, idx);
    ck_assert_msg(idx[0] == 1 && idx[1] == 2 && idx[2] == 0, "top_k of {-5,-1,-3}: %d %d %d, want 1 2 0", idx[0],
                  idx[1], idx[2]);
}

WB_TEST(channel_scores_across_batches, .points = 2,
        .hint = "Image i's score is the largest value of channel ch of conv2's relu output r2 (B,c2,S2,S2). Forward "
                "max_batch images at a time; the last batch may be smaller.",
        .hint2 = "In NCHW memory, image i's map of channel ch starts at (i*c2 + ch)*S2*S2.") {
    lenet net;
    tl_tiny(&net, TINY, 31); /* max_batch 4: 7 images take two batches */
    wb_rng r;
    wb_rng_seed(&r, 32);
    enum { N = 7 };
    float *x = tl_random(&r, N * 256, 0, 1), *got = tl_nans(N), want[N];
    const int ch = 1, S = net.S2 * net.S2;
    channel_scores(&net, x, N, ch, got);
    for (int i = 0; i < N; i++) { /* one image at a time */
        lenet_forward(&net, x + i * 256, 1, 0);
        want[i] = 0; /* relu outputs are >= 0 */
        for (int j = 0; j < S; j++) want[i] = fmaxf(want[i], net.a.r2[ch * S + j]);
    }
    WB_ASSERT_CLOSE(got, want, N, 1e-5, 1e-6); /* batched vs single: the same sums, maybe reordered */
    free(x), free(got);
    lenet_free(&net);
}
