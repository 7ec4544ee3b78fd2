/* test_see.c — tests for see.c: the saliency map against finite differences of the class score,
 * and without dropout at drop 0.5 (whatever mode the last forward left), top_k by hand (ties
 * included), and channel_scores across several batches (exactly n images and n scores) against one
 * image at a time, n a multiple of max_batch too, over the whole map (a hand-built net), in
 * evaluation mode (net->rng untouched), and after the relu. */
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

WB_TEST(saliency_in_evaluation_mode, .points = 1,
        .hint = "saliency_map explains the network as it is used: its forward runs in "
                "evaluation mode (train = 0), so dropout is off whatever cfg.drop is, and every "
                "call gives the same map.",
        .hint2 = "A net with drop 0.5 and the same net at drop 0 must give the same saliency map: "
                 "a training-mode forward would drop random units, and explain a different, "
                 "thinned network at each call. Right after a training step net->train is 1: the "
                 "mode is saliency_map's own (0), not the one the last forward left.") {
    lenet_config c = TINY;
    c.drop = 0.5f;
    lenet net, plain;
    tl_tiny(&net, c, 23), tl_tiny(&plain, TINY, 23); /* the same parameters; only drop differs */
    wb_rng r;
    wb_rng_seed(&r, 24);
    float *x = tl_random(&r, 256, 0, 1), *sal = tl_nans(256), *want = tl_nans(256);
    saliency_map(&plain, x, 1, want);
    for (int k = 1; k <= 2; k++) {
        char msg[256];
        net.train = 1; /* as a training step leaves it */
        saliency_map(&net, x, 1, sal);
        /* the same operations on the same numbers when dropout is off: bit for bit */
        if (wb_compare_floats(sal, want, 256, 0, 0, msg, sizeof msg))
            ck_abort_msg("drop 0.5, saliency map %d of class 1: differs from the same net's at "
                         "drop 0: %s", k, msg);
    }
    free(x), free(sal), free(want);
    lenet_free(&net), lenet_free(&plain);
}

WB_TEST(top_k_by_hand, .points = 2,
        .hint = "The indices of the k largest values, largest first. Repeated selection of the largest value not yet "
                "taken is enough for small k.",
        .hint2 = "On ties the LOWER index comes first: replace the best so far only on a strictly larger value.",
        .hint3 = "Each round starts with no best yet (or the first index not taken), not with "
                 "index 0: once index 0 is taken, a round that compares against v[0] picks 0 "
                 "again.") {
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
    /* the largest at index 0: it is taken first, and no later round may pick it again */
    const float first[3] = {7, 3, 5};
    top_k(first, 3, 3, idx);
    ck_assert_msg(idx[0] == 0 && idx[1] == 2 && idx[2] == 1, "top_k of {7,3,5}: %d %d %d, want 0 2 "
                  "1 (each index once)", idx[0], idx[1], idx[2]);
}

WB_TEST(channel_scores_across_batches, .points = 2,
        .hint = "Image i's score is the largest value of channel ch of conv2's relu output r2 (B,c2,S2,S2). Forward "
                "max_batch images at a time; the last batch may be smaller.",
        .hint2 = "In NCHW memory, image i's map of channel ch starts at (i*c2 + ch)*S2*S2.",
        .hint3 = "x holds exactly the n = 7 images and score exactly 7 floats, and the page after "
                 "each is unreadable: the last batch forwards the 3 images left, not max_batch = 4, "
                 "and writes their 3 scores, not 4.") {
    lenet net;
    tl_tiny(&net, TINY, 31); /* max_batch 4: 7 images take two batches */
    wb_rng r;
    wb_rng_seed(&r, 32);
    enum { N = 7 };
    float *x = wb_guarded_floats(N * 256, "x, the n = 7 images given (batches of 4, then 3)");
    float *got = wb_guarded_floats(N, "score, the n = 7 outputs"), want[N];
    wb_fill_nan(got, N);
    wb_rng_fill_uniform(&r, x, N * 256, 0, 1);
    const int ch = 1, S = net.S2 * net.S2;
    channel_scores(&net, x, N, ch, got);
    for (int i = 0; i < N; i++) { /* one image at a time */
        lenet_forward(&net, x + i * 256, 1, 0);
        want[i] = 0; /* relu outputs are >= 0 */
        for (int j = 0; j < S; j++) want[i] = fmaxf(want[i], net.a.r2[ch * S + j]);
    }
    WB_ASSERT_CLOSE(got, want, N, 1e-5, 1e-6); /* batched vs single: the same sums, maybe reordered */
    wb_guarded_free(x), wb_guarded_free(got);
    lenet_free(&net);
}

WB_TEST(channel_scores_whole_batches, .points = 1,
        .hint = "The images are forwarded max_batch at a time until all n have been seen, the last "
                "batch holding what is left. When n is a multiple of max_batch there is nothing "
                "left: n = 8 with max_batch 4 is exactly two forwards of 4, and n = 4 is one.",
        .hint2 = "Check the condition of the loop over batches: a batch that starts at image n "
                 "would hold 0 images, and lenet_forward refuses B = 0.") {
    lenet net;
    tl_tiny(&net, TINY, 39); /* max_batch 4 */
    wb_rng r;
    wb_rng_seed(&r, 40);
    const int ch = 0, S = net.S2 * net.S2;
    for (int n = 4; n <= 8; n += 4) {
        float *x = wb_guarded_floats(n * 256, "x, the n images given (n a multiple of max_batch 4)");
        float *got = wb_guarded_floats(n, "score, the n outputs"), want[8];
        wb_fill_nan(got, n);
        wb_rng_fill_uniform(&r, x, n * 256, 0, 1);
        channel_scores(&net, x, n, ch, got);
        for (int i = 0; i < n; i++) { /* one image at a time */
            lenet_forward(&net, x + i * 256, 1, 0);
            want[i] = 0; /* relu outputs are >= 0 */
            for (int j = 0; j < S; j++) want[i] = fmaxf(want[i], net.a.r2[ch * S + j]);
        }
        char msg[256];
        /* batched vs single: the same sums, maybe reordered */
        if (wb_compare_floats(got, want, n, 1e-5, 1e-6, msg, sizeof msg))
            ck_abort_msg("n = %d images, max_batch 4: %s", n, msg);
        wb_guarded_free(x), wb_guarded_free(got);
    }
    lenet_free(&net);
}

WB_TEST(channel_scores_whole_map, .points = 1,
        .hint = "An image's score is the largest of ALL S2*S2 values of its map, from the first "
                "pixel to the last: a maximum can sit anywhere, the corners included.",
        .hint2 = "Here the net is built by hand so that a bright input pixel makes one value of "
                 "channel 2's 4x4 map 1.25 and the rest at most 0.75: at the last pixel for image "
                 "0, the first for image 1, an inner one for image 2. Check the loop's bounds.") {
    lenet net;
    tl_tiny(&net, TINY, 37);
    enum { N = 3, ch = 2 };
    /* conv1's channel 0 copies the picture: only its centre tap (2,2), weight 1, bias 0 */
    memset(net.w.conv1_w, 0, 25 * sizeof(float)), net.w.conv1_b[0] = 0;
    net.w.conv1_w[2 * 5 + 2] = 1;
    /* conv2's channel ch reads only tap (4,4) of input channel 0: c2[i][j] = 0.25 + p1[0][i+4][j+4] */
    memset(net.w.conv2_w + ch * 2 * 25, 0, 2 * 25 * sizeof(float));
    net.w.conv2_w[ch * 2 * 25 + 4 * 5 + 4] = 1, net.w.conv2_b[ch] = 0.25f;
    wb_rng r;
    wb_rng_seed(&r, 38);
    float *x = tl_random(&r, N * 256, 0, 0.5f), *got = tl_nans(N);
    /* pixel (15,15) -> p1 (7,7) -> map (3,3), the last; (8,8) -> (4,4) -> (0,0); (11,13) -> (1,2) */
    x[0 * 256 + 15 * 16 + 15] = 1, x[1 * 256 + 8 * 16 + 8] = 1, x[2 * 256 + 11 * 16 + 13] = 1;
    channel_scores(&net, x, N, ch, got);
    const float want[N] = {1.25f, 1.25f, 1.25f};
    WB_ASSERT_CLOSE(got, want, N, 0, 1e-6); /* 0.25 + 1 * 1 and taps of weight 0: exact */
    free(x), free(got);
    lenet_free(&net);
}

WB_TEST(channel_scores_in_evaluation_mode, .points = 1,
        .hint = "channel_scores looks at the network; it must not change it. Its forwards run in "
                "evaluation mode (train = 0), so dropout draws no random numbers: net->rng stays "
                "where it was, and the next training step gets the masks it would have got.",
        .hint2 = "Here net->train is 1 and drop 0.5, as right after a training step: passing "
                 "net->train on to lenet_forward would run training-mode forwards that draw "
                 "dropout masks from net->rng (r2 itself comes before dropout, so the scores "
                 "alone would not show it).") {
    lenet_config c = TINY;
    c.drop = 0.5f;
    lenet net;
    tl_tiny(&net, c, 35);
    wb_rng r;
    wb_rng_seed(&r, 36);
    enum { N = 5 };
    float *x = tl_random(&r, N * 256, 0, 1), *got = tl_nans(N);
    net.train = 1; /* as a training step leaves it */
    const wb_rng before = net.rng;
    channel_scores(&net, x, N, 0, got);
    ck_assert_msg(net.rng.state == before.state && net.rng.inc == before.inc,
                  "channel_scores (drop 0.5, net->train 1 before it) moved net->rng: its forwards "
                  "drew dropout masks, so they ran in training mode");
    ck_assert_msg(net.train == 0, "after channel_scores net->train is %d: its last forward was "
                  "not an evaluation forward", net.train);
    free(x), free(got);
    lenet_free(&net);
}

WB_TEST(channel_scores_after_relu, .points = 1,
        .hint = "The score is read from r2, conv2's output AFTER its relu, so it is never "
                "negative: on an image where a channel is negative all over, it scores 0.",
        .hint2 = "Here conv2's bias of channel 2 is -1000, more than its taps can ever make up: c2 "
                 "is negative over the whole map, r2 is 0 there, and every score must be 0.") {
    lenet net;
    tl_tiny(&net, TINY, 33);
    /* parameters in [-0.5, 0.5), pixels in [0, 1): conv1's outputs are at most 25 * 0.5 + 0.5 = 13,
       so conv2's 2 * 25 taps add at most 50 * 0.5 * 13 = 325 < 1000 to the bias */
    net.w.conv2_b[2] = -1000;
    wb_rng r;
    wb_rng_seed(&r, 34);
    enum { N = 5 };
    float *x = tl_random(&r, N * 256, 0, 1), *got = tl_nans(N);
    const float zero[N] = {0};
    channel_scores(&net, x, N, 2, got);
    WB_ASSERT_CLOSE(got, zero, N, 0, 0); /* max(0, negative) = 0 exactly */
    free(x), free(got);
    lenet_free(&net);
}
