/* test_lenet.c — tests for lenet.c: the parameter sizes (LeNet-5's 61,706 in closed form), a
 * layout without gaps or overlaps, the config's validation, the forward pass against an
 * independent one (on exactly B images), without dropout in evaluation and with masks drawn from
 * net->rng in training at the configured rate, the whole network's gradient against finite
 * differences (dropout on, too), a smaller batch after a full one, training at drop 0 giving the
 * gradients of evaluation, one training step against its pieces, overfitting 50 examples, and the
 * model file (round trip, damaged files). */
#include "lenet_testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

WB_TEST(param_sizes_closed_form, .points = 2,
        .hint = "A conv layer with OC output channels, C input channels and 5x5 kernels has OC*C*5*5 weights and OC "
                "biases; a dense layer from in to out has out*in weights and out biases. conv1 has C = 1 (grey "
                "pictures); fc1's input is the flattened pool2 output, net->F = c2*P2*P2 (400 for LeNet-5).",
        .hint2 = "The order is lenet_params': conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, ... "
                 "LeNet-5 totals 61,706.") {
    lenet net;
    lenet_config c5 = LENET5;
    ck_assert_msg(lenet_init(&net, &c5, 1) == 0, "lenet_init(LENET5): %s", wb_last_error());
    const size_t want[LENET_NPARAMS] = {150, 6, 2400, 16, 48000, 120, 10080, 84, 840, 10};
    for (int i = 0; i < LENET_NPARAMS; i++)
        ck_assert_msg(net.param_sizes[i] == want[i], "LeNet-5: %s has %zu floats, want %zu", LENET_PARAM_NAMES[i],
                      net.param_sizes[i], want[i]);
    ck_assert_msg(net.nparams == 61706, "LeNet-5: %zu parameters, want 61,706", net.nparams);
    lenet_free(&net);
    lenet_config t = TINY; /* F = 3 * 2 * 2 = 12 */
    ck_assert(lenet_init(&net, &t, 1) == 0);
    const size_t want_t[LENET_NPARAMS] = {50, 2, 150, 3, 60, 5, 20, 4, 12, 3};
    for (int i = 0; i < LENET_NPARAMS; i++)
        ck_assert_msg(net.param_sizes[i] == want_t[i], "H=16 c1=2 c2=3 f1=5 f2=4 classes=3: %s has %zu floats, "
                      "want %zu", LENET_PARAM_NAMES[i], net.param_sizes[i], want_t[i]);
    lenet_free(&net);
}

WB_TEST(param_layout_no_overlap, .points = 2,
        .hint = "The ten views lie one after the other in the one buffer: each starts where the previous one ends "
                "(memory + the sum of the sizes before it), so every float belongs to exactly one tensor.",
        .hint2 = "Advance the pointer by the FULL size of each tensor. If two views overlap, a gradient written into "
                 "one (fc1's, say) silently overwrites part of the next.") {
    const size_t sizes[LENET_NPARAMS] = {150, 6, 2400, 16, 48000, 120, 10080, 84, 840, 10};
    float *mem = tl_nans(61706);
    lenet_params p;
    memset(&p, 0, sizeof p);
    lenet_point_params(&p, sizes, mem);
    float *views[LENET_NPARAMS] = {p.conv1_w, p.conv1_b, p.conv2_w, p.conv2_b, p.fc1_w,
                                   p.fc1_b,   p.fc2_w,   p.fc2_b,   p.fc3_w,   p.fc3_b};
    size_t at = 0;
    for (int i = 0; i < LENET_NPARAMS; i++) {
        ck_assert_msg(views[i] == mem + at, "%s starts at float %td of the buffer, want %zu (the sum of the sizes "
                      "before it)", LENET_PARAM_NAMES[i], views[i] ? views[i] - mem : -1, at);
        at += sizes[i];
    }
    /* each float written by exactly one view: fill view i with i, then count */
    for (int i = 0; i < LENET_NPARAMS; i++)
        for (size_t k = 0; k < sizes[i]; k++) views[i][k] = (float)i;
    for (int i = 0; i < LENET_NPARAMS; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            ck_assert_msg(views[i][k] == (float)i, "%s[%zu] was overwritten by tensor %g: the views overlap",
                          LENET_PARAM_NAMES[i], k, (double)views[i][k]);
    free(mem);
}

WB_TEST(config_check_names_the_problem, .points = 1,
        .hint = "Given code (lenet_config_check): every bad field gives -1 and a message naming it. This test needs "
                "lenet_init to work, so it fails until lenet_param_sizes is written.") {
    lenet net;
    lenet_config good = TINY;
    ck_assert(lenet_init(&net, &good, 1) == 0);
    ck_assert_msg(net.nparams == 309, "TINY: %zu parameters, want 309", net.nparams);
    lenet_free(&net);
    struct { lenet_config c; const char *word; } bad[] = {
        {{.H = 11, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 3, .max_batch = 1}, "H = 11"},
        {{.H = 16, .c1 = 0, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 3, .max_batch = 1}, "c1 = 0"},
        {{.H = 16, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = -1, .classes = 3, .max_batch = 1}, "f2 = -1"},
        {{.H = 16, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 1, .max_batch = 1}, "classes = 1"},
        {{.H = 16, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 3, .max_batch = 0}, "max_batch = 0"},
        {{.H = 16, .c1 = 2, .c2 = 3, .f1 = 5, .f2 = 4, .classes = 3, .max_batch = 1, .drop = 1}, "drop = 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(lenet_init(&net, &bad[i].c, 1) == -1, "lenet_init accepted a config with %s", bad[i].word);
        ck_assert_msg(strstr(wb_last_error(), bad[i].word), "config with %s: message \"%s\" does not name it",
                      bad[i].word, wb_last_error());
    }
}

/* Moves net->acts and net->dacts into guarded buffers of exactly net->nacts floats (the logits
   and dlogits last): a layer that runs past its own activation, a ReLU given another layer's count,
   stops with a line naming the buffer instead of corrupting the heap. keep: the originals, for
   unguard_acts before lenet_free. The views are re-pointed with the given lenet_point_acts. */
static void guard_acts(lenet *net, float *keep[2]) {
    keep[0] = net->acts, keep[1] = net->dacts;
    net->acts = wb_guarded_floats((long)net->nacts, "net->acts (the activations, logits last): a layer "
                                  "ran past its own activation (its count: B * its own shape)");
    net->dacts = wb_guarded_floats((long)net->nacts, "net->dacts (their gradients, dlogits last): a "
                                   "layer ran past its own gradient (its count: B * its own shape)");
    lenet_point_acts(&net->a, net->act_sizes, net->acts);
    lenet_point_acts(&net->d, net->act_sizes, net->dacts);
}
static void unguard_acts(lenet *net, float *keep[2]) {
    wb_guarded_free(net->acts), wb_guarded_free(net->dacts);
    net->acts = keep[0], net->dacts = keep[1];
    lenet_point_acts(&net->a, net->act_sizes, net->acts);
    lenet_point_acts(&net->d, net->act_sizes, net->dacts);
}

WB_TEST(forward_matches_independent, .points = 3,
        .hint = "The forward is the list of layers of the table in lenet.c, each reading the activation the previous "
                "one wrote: conv1, relu, pool1, conv2, relu, pool2, flatten, fc1, relu, dropout, fc2, relu, dropout, "
                "fc3. The test computes the same network with its own loops and compares the logits.",
        .hint2 = "Use the shapes with N = B (the s1, s2, q1, q2 copies), the parameter views of net->w, and the "
                 "activation views of net->a; each ReLU needs the element count of ITS activation: "
                 "n1 for c1, n2 for c2, nh1 for h1, nh2 for h2. "
                 "x holds B = 3 images (max_batch is 4) and the page after it is unreadable: a "
                 "layer run on max_batch images reads past x and stops the test, as does a layer "
                 "writing past the end of net->acts.",
        .hint3 = "If only the logits differ: check the flatten order (channel-major) and that fc2 reads o1 (after "
                 "dropout), fc3 reads o2.") {
    lenet net;
    tl_tiny(&net, TINY, 3);
    wb_rng r;
    wb_rng_seed(&r, 4);
    enum { B = 3, HW = 16 * 16 };
    /* exactly B images, nothing readable after them (max_batch would be 4) */
    float *x = wb_guarded_floats(B * HW, "x, the B = 3 images given (max_batch is 4)"), want[B * 3];
    float *keep[2];
    guard_acts(&net, keep);
    wb_rng_fill_uniform(&r, x, B * HW, 0, 1);
    for (size_t i = 0; i < net.nacts; i++) net.acts[i] = NAN;
    lenet_forward(&net, x, B, 0);
    /* each ReLU over the B rows of its own activation, and in evaluation the dropouts copy: exact
       relations between the views, element by element (the acts were NaN before the forward, so
       an element no layer wrote shows as NaN; NaN in gives NaN out, not 0) */
    const struct { const float *in, *out; long n; int relu; const char *what; } rel[] = {
        {net.a.c1, net.a.r1, (long)B * 2 * 16 * 16, 1, "r1 = relu(c1), over B*c1*H*H"},
        {net.a.c2, net.a.r2, (long)B * 3 * 4 * 4, 1, "r2 = relu(c2), over B*c2*S2*S2"},
        {net.a.h1, net.a.a1, (long)B * 5, 1, "a1 = relu(h1), over B*f1"},
        {net.a.a1, net.a.o1, (long)B * 5, 0, "o1 = a1 (dropout in evaluation), over B*f1"},
        {net.a.h2, net.a.a2, (long)B * 4, 1, "a2 = relu(h2), over B*f2"},
        {net.a.a2, net.a.o2, (long)B * 4, 0, "o2 = a2 (dropout in evaluation), over B*f2"}};
    for (int t = 0; t < 6; t++)
        for (long i = 0; i < rel[t].n; i++) {
            const float in = rel[t].in[i], got = rel[t].out[i];
            const float w = isnan(in) ? NAN : rel[t].relu && in < 0 ? 0.0f : in;
            ck_assert_msg(!isnan(in) && got == w, "evaluation forward, B = 3 of max_batch 4: %s: "
                          "element %ld is %g from %g, want %g (NaN: never written)", rel[t].what, i,
                          (double)got, (double)in, (double)w);
        }
    tl_forward(&net.cfg, net.params, x, B, want);
    /* float sums of ~150 products of size ~0.5 against double ones: ~1e-5 relative */
    WB_ASSERT_CLOSE(net.a.logits, want, B * 3, 1e-4, 1e-5);
    wb_guarded_free(x), unguard_acts(&net, keep);
    lenet_free(&net);
}

WB_TEST(forward_evaluation_ignores_dropout, .points = 1,
        .hint = "train = 0 is evaluation: dropout passes its input through unchanged, whatever "
                "cfg.drop is (week 07's dropout_forward with train = 0). Give both dropout layers "
                "the forward's own train argument.",
        .hint2 = "A net with drop 0.5 and the same net with drop 0 must give the same logits in "
                 "evaluation mode, at every call: dropout run in training mode there would drop "
                 "random units of a network that is being evaluated.") {
    lenet_config c = TINY;
    c.drop = 0.5f;
    lenet net, plain;
    tl_tiny(&net, c, 5), tl_tiny(&plain, TINY, 5); /* the same parameters; only drop differs */
    wb_rng r;
    wb_rng_seed(&r, 6);
    enum { B = 3, HW = 16 * 16 };
    float *x = tl_random(&r, B * HW, 0, 1), want[B * 3];
    for (size_t i = 0; i < net.nacts; i++) net.acts[i] = plain.acts[i] = NAN;
    lenet_forward(&plain, x, B, 0);
    memcpy(want, plain.a.logits, sizeof want);
    for (int k = 1; k <= 2; k++) {
        char msg[256];
        lenet_forward(&net, x, B, 0);
        /* the same operations on the same numbers when dropout is off: bit for bit */
        if (wb_compare_floats(net.a.logits, want, B * 3, 0, 0, msg, sizeof msg))
            ck_abort_msg("drop 0.5, evaluation forward %d: logits differ from the same net's at "
                         "drop 0: %s", k, msg);
    }
    free(x);
    lenet_free(&net), lenet_free(&plain);
}

/* The masks m1 (n1 = B*f1 units) then m2 (n2 = B*f2) of training forward `k` at drop p, against
   the draws replayed from `draws` by week 07's rule: a draw below p drops (mask 0), a kept unit
   gets 1/(1 - p) (exact for the p used here). Counts each layer's kept and dropped units. */
static void check_masks_replayed(const lenet *net, wb_rng *draws, float p, int n1, int n2, int k,
                                 int kept[2], int dropped[2]) {
    for (int i = 0; i < n1 + n2; i++) {
        const int drop = wb_rng_uniform(draws) < p;
        const float want = drop ? 0.0f : 1.0f / (1.0f - p);
        const float got = i < n1 ? net->a.m1[i] : net->a.m2[i - n1];
        kept[i >= n1] += !drop, dropped[i >= n1] += drop;
        ck_assert_msg(got == want, "training forward %d, drop %g: %s[%d] = %g, want %g (draw %d "
                      "from net->rng %s %g: fc1's %d first, then fc2's)", k, (double)p,
                      i < n1 ? "m1" : "m2", i < n1 ? i : i - n1, (double)got, (double)want, i + 1,
                      drop ? "below" : "not below", (double)p, n1);
    }
}

WB_TEST(forward_dropout_masks_from_net_rng, .points = 1,
        .hint = "A training forward draws its dropout masks from net->rng itself, so the generator "
                "advances: fc1's mask takes the next B*f1 numbers, fc2's the B*f2 after them, and "
                "the next forward continues from there. Every step gets new masks.",
        .hint2 = "Pass &net->rng to both dropout_forward calls, not a copy of it: with a copy "
                 "net->rng never moves and every step drops the same units (or fc2's mask repeats "
                 "fc1's draws). The test replays the draws with week 07's rule: draw < p drops.") {
    lenet_config c = TINY;
    c.drop = 0.5f;
    lenet net;
    tl_tiny(&net, c, 43);
    wb_rng r;
    wb_rng_seed(&r, 44);
    enum { B = 3, HW = 16 * 16, N1 = B * 5, N2 = B * 4 }; /* f1 = 5, f2 = 4 */
    float *x = tl_random(&r, B * HW, 0, 1);
    wb_rng draws = net.rng; /* the draws the forwards must use, replayed */
    for (int k = 1; k <= 2; k++) {
        for (size_t i = 0; i < net.nacts; i++) net.acts[i] = NAN;
        lenet_forward(&net, x, B, 1);
        int kept[2] = {0, 0}, dropped[2] = {0, 0};
        check_masks_replayed(&net, &draws, 0.5f, N1, N2, k, kept, dropped);
        ck_assert_msg(net.rng.state == draws.state && net.rng.inc == draws.inc, "after training "
                      "forward %d net->rng has not advanced by the %d draws of the two masks", k,
                      N1 + N2);
    }
    free(x);
    lenet_free(&net);
}

WB_TEST(forward_dropout_rate_from_config, .points = 1,
        .hint = "Both dropout layers drop with the probability the network was configured with, "
                "cfg.drop, whatever its value: a unit is dropped when its draw is below cfg.drop, "
                "and a kept one is scaled by 1/(1 - cfg.drop).",
        .hint2 = "Here cfg.drop is 0.75: a draw below 0.75 gives the mask 0, any other the mask "
                 "1/(1 - 0.75) = 4, in m1 and in m2 alike. Both dropout_forward calls take the "
                 "probability from the config, c->drop.") {
    lenet_config c = TINY;
    c.drop = 0.75f;
    lenet net;
    tl_tiny(&net, c, 45);
    wb_rng r;
    wb_rng_seed(&r, 46);
    enum { B = 3, HW = 16 * 16, N1 = B * 5, N2 = B * 4 }; /* f1 = 5, f2 = 4 */
    float *x = tl_random(&r, B * HW, 0, 1);
    wb_rng draws = net.rng; /* the draws the forward must use, replayed */
    for (size_t i = 0; i < net.nacts; i++) net.acts[i] = NAN;
    lenet_forward(&net, x, B, 1);
    int kept[2] = {0, 0}, dropped[2] = {0, 0};
    check_masks_replayed(&net, &draws, 0.75f, N1, N2, 1, kept, dropped); /* 1/(1 - 0.75) = 4 */
    /* the test's premise: each layer keeps some units and drops others */
    ck_assert(kept[0] && kept[1] && dropped[0] && dropped[1]);
    free(x);
    lenet_free(&net);
}

typedef struct { lenet *net; const float *x; const int *y; int B; wb_rng rng; } net_ctx;
static double net_loss(void *ctx) {
    net_ctx *c = ctx;
    c->net->rng = c->rng; /* the same dropout masks at every evaluation */
    lenet_forward(c->net, c->x, c->B, c->net->cfg.drop > 0);
    return softmax_xent(c->net->a.logits, c->y, c->B, c->net->cfg.classes, NULL);
}

static void gradcheck_net(lenet_config cfg, uint64_t seed) {
    lenet net;
    tl_tiny(&net, cfg, seed);
    wb_rng r;
    wb_rng_seed(&r, seed + 1);
    enum { B = 3, HW = 16 * 16 };
    float *x = tl_random(&r, B * HW, 0, 1), *dx = tl_nans(B * HW), *dlogits = tl_nans(B * 3);
    const int y[B] = {2, 0, 1};
    float *keep[2];
    guard_acts(&net, keep);
    net_ctx c = {&net, x, y, B, net.rng};
    for (size_t i = 0; i < net.nparams; i++) net.grads[i] = NAN;
    net_loss(&c);
    softmax_xent(net.a.logits, y, B, 3, dlogits);
    lenet_backward(&net, x, dlogits, B, dx);
    float *g = wb_malloc(net.nparams * sizeof *g), *gx = wb_malloc(B * HW * sizeof *gx);
    memcpy(g, net.grads, net.nparams * sizeof *g), memcpy(gx, dx, B * HW * sizeof *gx);
    /* ReLU and max have kinks; with random continuous inputs and eps = 1e-3 a kink is crossed rarely
       (seeded: never here). L ~ 1, float rounding / 2eps ~ 3e-5: atol 1e-4, rtol 2e-2 */
    wb_gradcheck_result res = wb_gradcheck_within(net_loss, &c, net.params, g, (long)net.nparams, 1e-3, 2e-2, 1e-4);
    long w = res.worst;
    int t = 0;
    for (size_t at = 0; t < LENET_NPARAMS - 1 && w >= (long)(at + net.param_sizes[t]); t++) at += net.param_sizes[t];
    ck_assert_msg(res.ok, "drop %.1f: dL/dparams wrong at float %ld (in %s): analytic %.6g, finite differences %.6g",
                  (double)cfg.drop, w, w >= 0 ? LENET_PARAM_NAMES[t] : "?", res.analytic, res.numeric);
    res = wb_gradcheck_within(net_loss, &c, x, gx, B * HW, 1e-3, 2e-2, 1e-4);
    ck_assert_msg(res.ok, "drop %.1f: dL/dx wrong at pixel %ld: analytic %.6g, finite differences %.6g",
                  (double)cfg.drop, res.worst, res.analytic, res.numeric);
    free(x), free(dx), free(dlogits), free(g), free(gx);
    unguard_acts(&net, keep);
    lenet_free(&net);
}

WB_TEST(whole_network_gradcheck, .points = 4,
        .hint = "The backward is the forward's list reversed. Each layer's backward gets the gradient of its OUTPUT "
                "(from net->d, or dlogits for fc3) and the INPUT it had in the forward (from net->a; x for conv1), "
                "and writes the gradient of its input into net->d and of its parameters into net->g.",
        .hint2 = "A dense layer's weight gradient is dy^T times ITS input: fc2's input is o1 (fc1 after relu and "
                 "dropout), not h1 (before the relu). ReLU's backward reads the relu's output (a1, r1, ...), "
                 "over the element count of that activation (n2 for r2, n1 for r1): net->acts and "
                 "net->dacts end at an unreadable page, so a count too large stops the test.",
        .hint3 = "conv1's backward gets dx (NULL in training, an array for saliency maps) as its input gradient. "
                 "The pools' backward need the argmax arrays their forward filled. This net runs in "
                 "evaluation mode (drop 0, train = 0): each dropout's backward takes the forward's mode, "
                 "net->train, and then passes dy through unchanged.") {
    gradcheck_net(TINY, 7);
}

WB_TEST(gradcheck_with_dropout, .points = 2,
        .hint = "In training mode dropout multiplies by a mask (0 or 1/(1-p)); the backward multiplies the gradient "
                "by the same mask: week 07's dropout_backward with the mask the forward wrote (m1, m2).",
        .hint2 = "Pass the forward's mode (net->train) to dropout_backward: with train = 0 it passes dy unchanged.") {
    lenet_config c = TINY;
    c.drop = 0.3f;
    gradcheck_net(c, 9);
}

WB_TEST(backward_twice_same, .points = 1,
        .hint = "Every backward overwrites its outputs: two backward passes after one forward give the same "
                "gradients, bit for bit. If they differ, something adds to what a gradient buffer held.") {
    lenet net;
    tl_tiny(&net, TINY, 11);
    wb_rng r;
    wb_rng_seed(&r, 12);
    float *x = tl_random(&r, 2 * 256, 0, 1), *dl = tl_random(&r, 2 * 3, -1, 1);
    lenet_forward(&net, x, 2, 0);
    lenet_backward(&net, x, dl, 2, NULL);
    float *g1 = wb_malloc(net.nparams * sizeof *g1);
    memcpy(g1, net.grads, net.nparams * sizeof *g1);
    lenet_backward(&net, x, dl, 2, NULL);
    WB_ASSERT_CLOSE(net.grads, g1, net.nparams, 0, 0);
    free(x), free(dl), free(g1);
    lenet_free(&net);
}

WB_TEST(backward_smaller_batch_after_full, .points = 1,
        .hint = "A pass over B images uses shapes with N = B (the s1, s2, q1, q2 copies), in the "
                "backward as in the forward: rows B..max_batch-1 of the buffers still hold the "
                "previous, larger batch, and no layer may read them.",
        .hint2 = "The driver ends every epoch with a batch smaller than max_batch. Here a full "
                 "batch of 4 runs first, then one of 2: its gradients must be those of a fresh "
                 "net that only ever saw the 2 images. net->conv2 and friends have N = max_batch; "
                 "a weight gradient computed with them sums over the stale rows too.") {
    lenet net, fresh;
    tl_tiny(&net, TINY, 41), tl_tiny(&fresh, TINY, 41); /* the same parameters */
    wb_rng r;
    wb_rng_seed(&r, 42);
    enum { MB = 4, B = 2, HW = 16 * 16 };
    float *full = tl_random(&r, MB * HW, 0, 1), *dfull = tl_random(&r, MB * 3, -1, 1);
    float *x = tl_random(&r, B * HW, 0, 1), *dl = tl_random(&r, B * 3, -1, 1);
    lenet_forward(&net, full, MB, 0); /* fills every row with another batch's numbers */
    lenet_backward(&net, full, dfull, MB, NULL);
    lenet_forward(&net, x, B, 0);
    lenet_backward(&net, x, dl, B, NULL);
    lenet_forward(&fresh, x, B, 0);
    lenet_backward(&fresh, x, dl, B, NULL);
    /* the same operations on the same numbers when only the B rows are used: bit for bit */
    char msg[256];
    for (int t = 0, at = 0; t < LENET_NPARAMS; at += (int)net.param_sizes[t++])
        if (wb_compare_floats(net.grads + at, fresh.grads + at, (long)net.param_sizes[t], 0, 0,
                              msg, sizeof msg))
            ck_abort_msg("B = 2 after a batch of 4: d%s differs from a fresh net's on the same 2 "
                         "images: %s", LENET_PARAM_NAMES[t], msg);
    free(full), free(dfull), free(x), free(dl);
    lenet_free(&net), lenet_free(&fresh);
}

/* The pieces of a training step, by hand: a forward in mode train, the mean cross-entropy and its
   dlogits, the backward. Returns the loss; net->grads then holds this batch's gradient. */
static float step_by_hand(lenet *net, const float *x, const int *y, int B, int train) {
    float *dl = tl_nans((size_t)B * net->cfg.classes);
    lenet_forward(net, x, B, train);
    float loss = softmax_xent(net->a.logits, y, B, net->cfg.classes, dl);
    lenet_backward(net, x, dl, B, NULL);
    free(dl);
    return loss;
}

WB_TEST(training_at_drop_0_is_evaluation, .points = 1,
        .hint = "At drop 0 dropout keeps every unit, scaled by 1/(1 - 0) = 1: a training forward and "
                "backward must give exactly the loss and the gradients of an evaluation one.",
        .hint2 = "The backward multiplies by the masks m1 and m2 whenever the last forward was a "
                 "training one (net->train is 1). So a training forward at drop 0 still runs both "
                 "dropout layers in training mode and writes masks of 1; one that leaves them out "
                 "leaves m1 and m2 with whatever they held, and every gradient below fc2 is wrong: "
                 "only fc2 and fc3 would learn.") {
    lenet a, b;
    tl_tiny(&a, TINY, 47), tl_tiny(&b, TINY, 47); /* the same parameters; drop 0 */
    wb_rng r;
    wb_rng_seed(&r, 48);
    enum { B = 3, HW = 16 * 16 };
    float *x = tl_random(&r, B * HW, 0, 1);
    const int y[B] = {2, 1, 0};
    for (size_t i = 0; i < a.nacts; i++) a.acts[i] = b.acts[i] = NAN; /* nothing held over */
    const float train = step_by_hand(&a, x, y, B, 1), eval = step_by_hand(&b, x, y, B, 0);
    /* masks of exactly 1 multiply exactly: the same numbers, bit for bit */
    ck_assert_msg(train == eval, "drop 0: the loss of a training forward is %.9g, of an "
                  "evaluation one %.9g", (double)train, (double)eval);
    char msg[256];
    for (int t = 0, at = 0; t < LENET_NPARAMS; at += (int)a.param_sizes[t++])
        if (wb_compare_floats(a.grads + at, b.grads + at, (long)a.param_sizes[t], 0, 0, msg,
                              sizeof msg))
            ck_abort_msg("drop 0: d%s after a training forward differs from the one after an "
                         "evaluation forward: %s", LENET_PARAM_NAMES[t], msg);
    free(x);
    lenet_free(&a), lenet_free(&b);
}

WB_TEST(train_step_is_one_sgd_step, .points = 2,
        .hint = "lenet_train_step, in this order: a forward in training mode, the mean "
                "cross-entropy and its gradient dlogits, the backward of THIS batch, then one "
                "opt_step with the gradients it wrote; it returns the loss of that forward.",
        .hint2 = "With SGD at lr 0.1 one step must move the parameters by exactly -0.1 times the "
                 "gradient lenet_backward gives for this batch at the starting parameters. A step "
                 "taken before the backward applies what net->grads held (NaN here); a loss from a "
                 "forward after the step is not the loss of the batch the step learned from. "
                 "Every piece gets the step's B, the backward too: x holds only B images.",
        .hint3 = "The logits are B rows (one per image) of cfg.classes numbers each, and the loss "
                 "reads them that way: here B = 3 images of 2 classes, two counts that cannot "
                 "stand in for each other.") {
    lenet a, b;
    lenet_config two = TINY;
    two.classes = 2; /* B = 3 != classes: a loss reading 2 rows of 3 gives another number */
    tl_tiny(&a, two, 15), tl_tiny(&b, two, 15); /* equal nets; drop 0 */
    wb_rng r;
    wb_rng_seed(&r, 16);
    enum { B = 3, HW = 16 * 16 };
    /* exactly B images, nothing readable after them (max_batch is 4) */
    float *x = wb_guarded_floats(B * HW, "x, the B = 3 images of the step (max_batch is 4)");
    wb_rng_fill_uniform(&r, x, B * HW, 0, 1);
    const int y[B] = {1, 0, 1};
    /* b: the step by hand, from the pieces tested above */
    float want_loss = step_by_hand(&b, x, y, B, 1), *want = tl_nans(b.nparams), moved = 0;
    for (size_t i = 0; i < b.nparams; i++) {
        want[i] = b.params[i] - 0.1f * b.grads[i];
        moved = fmaxf(moved, fabsf(0.1f * b.grads[i]));
    }
    ck_assert_msg(moved > 1e-3f, "the test's premise: a step of lr 0.1 moves some parameter by "
                  "more than 1e-3 (largest move %g)", (double)moved);
    for (size_t i = 0; i < a.nparams; i++) a.grads[i] = NAN; /* not this batch's gradient */
    optimizer opt;
    opt_init(&opt, OPT_SGD, a.nparams, 0.1f);
    float loss = lenet_train_step(&a, &opt, x, y, B);
    /* the same float operations as by hand: equal but for a rounding (1e-6 relative) */
    ck_assert_msg(fabsf(loss - want_loss) <= 1e-6f * fabsf(want_loss), "lenet_train_step returned "
                  "the loss %.7g; the batch's loss before the step (B = 3 rows of 2 classes) is "
                  "%.7g", (double)loss, (double)want_loss);
    char msg[256];
    if (wb_compare_floats(a.params, want, (long)a.nparams, 1e-6, 1e-7, msg, sizeof msg))
        ck_abort_msg("the parameters after one SGD step (lr 0.1), want params - 0.1 * this "
                     "batch's gradient: %s", msg);
    wb_guarded_free(x), free(want), opt_free(&opt);
    lenet_free(&a), lenet_free(&b);
}

WB_TEST(train_step_trains_with_dropout, .points = 1,
        .hint = "lenet_train_step's forward is a TRAINING forward (train = 1): with cfg.drop > 0 "
                "dropout drops units, with masks drawn from net->rng, and the backward uses them.",
        .hint2 = "Two equal nets at drop 0.5: the loss lenet_train_step returns must be the loss "
                 "of a training-mode forward with the same random numbers, not the loss without "
                 "dropout (an evaluation forward), which would train the network undropped.") {
    lenet_config c = TINY;
    c.drop = 0.5f;
    lenet a, b, plain;
    tl_tiny(&a, c, 17), tl_tiny(&b, c, 17), tl_tiny(&plain, TINY, 17);
    wb_rng r;
    wb_rng_seed(&r, 18);
    enum { B = 3, HW = 16 * 16 };
    float *x = tl_random(&r, B * HW, 0, 1);
    const int y[B] = {0, 2, 1};
    float want = step_by_hand(&b, x, y, B, 1), undropped = step_by_hand(&plain, x, y, B, 0);
    ck_assert_msg(fabsf(want - undropped) > 1e-3f, "the test's premise: dropout 0.5 changes the "
                  "loss (%g with, %g without)", (double)want, (double)undropped);
    optimizer opt;
    opt_init(&opt, OPT_SGD, a.nparams, 0.1f);
    float loss = lenet_train_step(&a, &opt, x, y, B);
    /* the same operations on the same numbers and masks: equal but for a rounding */
    ck_assert_msg(fabsf(loss - want) <= 1e-6f * fabsf(want), "drop 0.5: lenet_train_step returned "
                  "%.7g; a training-mode forward (the same random masks) gives %.7g, one without "
                  "dropout %.7g", (double)loss, (double)want, (double)undropped);
    free(x), opt_free(&opt);
    lenet_free(&a), lenet_free(&b), lenet_free(&plain);
}

/* 50 pictures for the overfit test, made here (the tests use no data files): example i is class i % 10,
   drawn as a bar whose position and direction depend on the class (five horizontal, five vertical),
   at a random offset of -2..2 pixels, on uniform noise in [0, 0.3). */
static void bars(float *x, int *labels, int n, wb_rng *r) {
    for (int i = 0; i < n; i++) {
        float *img = x + (size_t)i * 784;
        wb_rng_fill_uniform(r, img, 784, 0.0f, 0.3f);
        int c = i % 10, at = 4 + 4 * (c % 5) + (int)(wb_rng_uniform(r) * 5) - 2;
        for (int k = 4; k < 24; k++)
            for (int t = 0; t < 2; t++) img[c < 5 ? (at + t) * 28 + k : k * 28 + at + t] = 1.0f;
        labels[i] = c;
    }
}

WB_TEST(overfit_50_examples, .points = 3, .timeout = 20,
        .hint = "lenet_train_step: forward in training mode, week 05's softmax_xent for the mean loss and dlogits "
                "(into net->d.logits), backward, then one opt_step over the ONE parameter buffer with its gradient.",
        .hint2 = "A network that cannot reach 100% on 50 examples in 150 Adam steps has a bug: gradients of the wrong "
                 "sign or size, or a step that skips part of the buffer.") {
    enum { N = 50 };
    wb_rng r;
    wb_rng_seed(&r, 50);
    float *x = wb_malloc((size_t)N * 784 * sizeof *x);
    int labels[N];
    uint8_t y[N];
    bars(x, labels, N, &r);
    for (int i = 0; i < N; i++) y[i] = (uint8_t)labels[i];
    lenet net;
    lenet_config c = LENET5;
    c.max_batch = N;
    ck_assert(lenet_init(&net, &c, 1) == 0);
    optimizer opt;
    opt_init(&opt, OPT_ADAM, net.nparams, 2e-3f);
    float loss = NAN, acc = 0;
    int step;
    for (step = 1; step <= 150; step++) {
        loss = lenet_train_step(&net, &opt, x, labels, N);
        ck_assert_msg(isfinite(loss), "step %d: loss %g", step, (double)loss);
        if (step % 10 == 0 && (acc = lenet_evaluate(&net, x, y, N, NULL).accuracy) == 1.0f) break;
    }
    ck_assert_msg(acc == 1.0f, "after 150 Adam steps (lr 2e-3) on 50 pictures of 10 classes: %.0f%% right, loss "
                  "%.4f; want 100%%", 100.0 * acc, (double)loss);
    ck_assert_msg(loss < 0.5f, "100%% right but the training loss is still %.3f after %d steps", (double)loss, step);
    opt_free(&opt);
    lenet_free(&net);
    free(x);
}

static char tmpdir_path[512];
static void rm_tmp(void) {
    DIR *d = opendir(tmpdir_path);
    char p[1024];
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.') snprintf(p, sizeof p, "%s/%s", tmpdir_path, e->d_name), remove(p);
    if (d) closedir(d);
    rmdir(tmpdir_path);
}
static const char *tmp(const char *name, char *buf) {
    if (!tmpdir_path[0]) snprintf(tmpdir_path, sizeof tmpdir_path, "%s", wb_test_tmpdir()), atexit(rm_tmp);
    snprintf(buf, 600, "%s/%s", tmpdir_path, name);
    return buf;
}
static void write_bytes(const char *path, const unsigned char *b, long n) {
    FILE *f = fopen(path, "wb");
    ck_assert(f && fwrite(b, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
}

WB_TEST(model_file_round_trip_and_damage, .points = 2,
        .hint = "Given code (lenet_save, lenet_load): it needs lenet_init's sizes and layout (lenet_param_sizes, "
                "lenet_point_params) and the forward. A loaded network must give the same logits.") {
    lenet net, back;
    tl_tiny(&net, TINY, 13);
    char path[600], bad[600];
    ck_assert_msg(lenet_save(&net, tmp("tiny.model", path)) == 0, "%s", wb_last_error());
    ck_assert_msg(lenet_load(&back, path, 2) == 0, "%s", wb_last_error());
    ck_assert(back.nparams == net.nparams && back.cfg.c2 == 3 && back.cfg.max_batch == 2);
    WB_ASSERT_CLOSE(back.params, net.params, net.nparams, 0, 0);
    wb_rng r;
    wb_rng_seed(&r, 14);
    float *x = tl_random(&r, 2 * 256, 0, 1), want[6];
    lenet_forward(&net, x, 2, 0);
    memcpy(want, net.a.logits, sizeof want);
    lenet_forward(&back, x, 2, 0);
    WB_ASSERT_CLOSE(back.a.logits, want, 6, 0, 0);
    lenet_free(&back);
    /* damaged copies: each gives -1 and a message naming the file and the problem */
    FILE *f = fopen(path, "rb");
    unsigned char buf[2000];
    long n = (long)fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_msg(n == 40 + 309 * 4 + 4, "the file has %ld bytes, want 40 + 309*4 + 4", n);
    struct { const char *what, *word; long len; int flip; } cases[] = {
        {"a flipped bit in a weight", "CRC", n, 100}, {"cut short", "truncated", n - 5, -1},
        {"a header only", "truncated", 20, -1},     {"a wrong magic", "WBL5", n, 0},
        {"a wrong parameter count", "parameters", n, 36},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char copy[2000];
        memcpy(copy, buf, (size_t)n);
        if (cases[i].flip >= 0) copy[cases[i].flip] ^= 4;
        write_bytes(tmp("bad.model", bad), copy, cases[i].len);
        ck_assert_msg(lenet_load(&back, bad, 2) == -1, "a model file with %s loaded", cases[i].what);
        ck_assert_msg(strstr(wb_last_error(), bad) && strstr(wb_last_error(), cases[i].word),
                      "a model file with %s: message \"%s\" should name the file and say \"%s\"", cases[i].what,
                      wb_last_error(), cases[i].word);
    }
    ck_assert(lenet_load(&back, tmp("missing.model", bad), 2) == -1 && strstr(wb_last_error(), "missing.model"));
    free(x);
    lenet_free(&net);
}
