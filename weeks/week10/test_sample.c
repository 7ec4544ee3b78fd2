/* test_sample.c — sampling: temperature divides the logits, T -> 0 is the arg-max, top-k keeps the
 * k largest (ties on the k boundary too), inverse-CDF draws by hand, T = 1 frequencies against the
 * softmax by a chi-square test, greedy generation against a forward pass over the whole text, and
 * generation from hand-set networks that predict from the current input only: the whole prompt
 * fed, streams drawing independently from their own logits, temperature and top_k passed on. */
#include "testing.h"
#include "week10.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* softmax(z / T) in double, the independent reference */
static void softmax_ref(const float *z, int V, double T, float *p) {
    double mx = z[0], s = 0;
    for (int i = 1; i < V; i++) mx = z[i] > mx ? z[i] : mx;
    for (int i = 0; i < V; i++) s += exp((z[i] - mx) / T);
    for (int i = 0; i < V; i++) p[i] = (float)(exp((z[i] - mx) / T) / s);
}

static void nan_fill(float *p, int n) {
    for (int i = 0; i < n; i++) p[i] = NAN;
}

WB_TEST(sampling_probs_at_temperature_one_is_softmax, .points = 1,
        .hint = "At temperature 1, p = softmax(logits): subtract the largest logit before exp, so "
                "logits of +-1000 give finite numbers, then divide by the sum.") {
    float z[5] = {1.0f, -2.0f, 0.5f, 3.0f, 0.0f}, p[5], want[5];
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 0, p);
    softmax_ref(z, 5, 1.0, want);
    WB_ASSERT_CLOSE(p, want, 5, 1e-5, 1e-7); /* float exp: a few ulps */
    float big[3] = {1000.0f, -1000.0f, 999.0f}, wb[3];
    nan_fill(p, 3);
    sampling_probs(big, 3, 1.0f, 0, p);
    softmax_ref(big, 3, 1.0, wb);
    WB_ASSERT_CLOSE(p, wb, 3, 1e-5, 1e-7);
}

WB_TEST(sampling_temperature_divides_the_logits, .points = 2,
        .hint = "p_i is proportional to exp(z_i / T): a low temperature makes the distribution SHARPER "
                "(T = 0.5 is softmax(2 z)), a high one flatter.",
        .hint2 = "If T = 0.5 gives a flatter distribution than T = 1, the logits were multiplied by T.") {
    float z[4] = {2.0f, 0.0f, -1.0f, 1.0f}, p[4], want[4];
    const float temps[3] = {0.5f, 2.0f, 0.8f};
    for (int k = 0; k < 3; k++) {
        nan_fill(p, 4);
        sampling_probs(z, 4, temps[k], 0, p);
        softmax_ref(z, 4, temps[k], want);
        WB_ASSERT_CLOSE(p, want, 4, 1e-5, 1e-7);
    }
}

WB_TEST(sampling_temperature_zero_is_argmax, .points = 1,
        .hint = "Temperature <= 0 means greedy: probability 1 on the largest logit (the first one on "
                "ties), 0 elsewhere, for a negative temperature as for 0; a tiny positive "
                "temperature must give the same.",
        .hint2 = "Only temperature == 0 treated as greedy lets -0.5 through to exp(z / -0.5), "
                 "which makes the SMALLEST logit the most likely.") {
    float z[5] = {0.5f, 2.0f, -1.0f, 2.0f, 1.9f}, p[5];
    float want[5] = {0, 1, 0, 0, 0};
    nan_fill(p, 5);
    sampling_probs(z, 5, 0.0f, 0, p);
    WB_ASSERT_CLOSE(p, want, 5, 0, 0);
    nan_fill(p, 5);
    sampling_probs(z, 5, -0.5f, 0, p); /* the header: temperature <= 0 is the arg-max */
    WB_ASSERT_CLOSE(p, want, 5, 0, 0);
    float z2[3] = {0.1f, 0.3f, 0.2f}, w2[3] = {0, 1, 0};
    nan_fill(p, 3);
    sampling_probs(z2, 3, 1e-3f, 0, p); /* gaps of 0.1 / 1e-3 = 100: e^-100 is 0 in float */
    WB_ASSERT_CLOSE(p, w2, 3, 0, 1e-30);
}

WB_TEST(sampling_top_k_keeps_the_k_largest, .points = 1,
        .hint = "top_k = k keeps the k largest logits (ties: the smaller index first), zeroes the "
                "others and renormalises; top_k <= 0 or >= V keeps all.",
        .hint2 = "k = V - 1 is a real top-k: it drops the one smallest logit. Only k >= V (or k <= 0) "
                 "leaves the distribution whole.") {
    float z[5] = {1.0f, 3.0f, 2.0f, 3.0f, 0.0f}, p[5], want[5];
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 2, p);
    double e = exp(-0.0) + exp(0.0); /* the two 3s */
    float w2[5] = {0, (float)(1 / e), 0, (float)(1 / e), 0};
    WB_ASSERT_CLOSE(p, w2, 5, 1e-6, 1e-7);
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 3, p); /* 3, 3, 2 */
    double s3 = 2 + exp(-1.0);
    float w3[5] = {0, (float)(1 / s3), (float)(exp(-1.0) / s3), (float)(1 / s3), 0};
    WB_ASSERT_CLOSE(p, w3, 5, 1e-5, 1e-7);
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 4, p); /* k = V - 1: only the smallest, the 0 at index 4, goes */
    double s4 = 2 + exp(-1.0) + exp(-2.0);
    float w4[5] = {(float)(exp(-2.0) / s4), (float)(1 / s4), (float)(exp(-1.0) / s4), (float)(1 / s4), 0};
    ck_assert_msg(p[4] == 0.0f, "top_k = 4 of V = 5: p[4] = %g for the smallest logit, want 0 (k = V - 1 "
                  "still drops one character; only k >= V keeps all)", (double)p[4]);
    WB_ASSERT_CLOSE(p, w4, 5, 1e-5, 1e-7);
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 5, p);
    softmax_ref(z, 5, 1.0, want);
    WB_ASSERT_CLOSE(p, want, 5, 1e-5, 1e-7);
}

WB_TEST(sampling_top_k_ties_at_the_boundary, .points = 1,
        .hint = "top_k keeps exactly k characters, also when the k-th largest logit is tied with "
                "the next: the rank of i counts the logits above it and the equal ones at a "
                "smaller index, and i is kept when its rank is below k.",
        .hint2 = "Keeping every logit >= the k-th largest keeps k + 1 or more on a tie; counting "
                 "the equal ones on both sides of i drops them all (0 / 0); counting those at a "
                 "larger index keeps the later one.") {
    float z[5] = {1.0f, 3.0f, 2.0f, 3.0f, 0.0f}, p[5];
    nan_fill(p, 5);
    sampling_probs(z, 5, 1.0f, 1, p); /* two 3s for one place: index 1 */
    ck_assert_msg(!isnan(p[1]), "top_k = 1 on {1, 3, 2, 3, 0}: p[1] is NaN: p was not written, or "
                  "both tied 3s were dropped and the sum 0 was divided by: one of them (index 1) "
                  "must stay");
    float w1[5] = {0, 1, 0, 0, 0};
    WB_ASSERT_CLOSE(p, w1, 5, 1e-6, 0); /* the dropped ones exactly 0 */
    float z2[5] = {2.0f, 0.0f, 3.0f, 2.0f, 2.0f};
    nan_fill(p, 5);
    sampling_probs(z2, 5, 1.0f, 2, p); /* the 3, then the first of three 2s */
    double s2 = 1 + exp(-1.0);
    float w2[5] = {(float)(exp(-1.0) / s2), 0, (float)(1 / s2), 0, 0};
    WB_ASSERT_CLOSE(p, w2, 5, 1e-5, 0); /* float exp: a few ulps */
}

WB_TEST(sample_index_by_hand, .points = 1,
        .hint = "Return the first i whose cumulative sum p[0] + ... + p[i] is strictly above u; if "
                "rounding leaves u beyond the total, the last index with p > 0.") {
    float p[4] = {0.25f, 0.5f, 0.25f, 0.0f}; /* sums exact in binary */
    const float u[5] = {0.0f, 0.2499f, 0.25f, 0.75f, 0.9999f};
    const int want[5] = {0, 0, 1, 2, 2};
    for (int i = 0; i < 5; i++) {
        int got = sample_index(p, 4, u[i]);
        ck_assert_msg(got == want[i], "u = %g with p = {0.25, 0.5, 0.25, 0}: got %d, want %d", u[i], got, want[i]);
    }
    float short_p[3] = {0.25f, 0.25f, 0.0f}; /* sums to 0.5: u = 0.9 is past the end */
    ck_assert_int_eq(sample_index(short_p, 3, 0.9f), 1);
}

WB_TEST(sampling_frequencies_match_softmax, .points = 2,
        .hint = "Drawing with sample_index(sampling_probs(...), u) for uniform u must produce each "
                "character as often as its probability says.") {
    float z[8] = {1.0f, 0.0f, -1.0f, 2.0f, 0.5f, -0.5f, 1.5f, 0.2f}, p[8], ref[8];
    const float temps[2] = {1.0f, 0.5f};
    wb_rng r;
    wb_rng_seed(&r, 7);
    for (int k = 0; k < 2; k++) {
        enum { N = 20000 };
        int counts[8] = {0};
        sampling_probs(z, 8, temps[k], 0, p);
        for (int i = 0; i < N; i++) {
            int c = sample_index(p, 8, wb_rng_uniform(&r));
            ck_assert_msg(c >= 0 && c < 8, "sample_index returned %d", c);
            counts[c]++;
        }
        softmax_ref(z, 8, temps[k], ref);
        double chi2 = 0;
        for (int i = 0; i < 8; i++) chi2 += (counts[i] - N * ref[i]) * (counts[i] - N * ref[i]) / (N * ref[i]);
        /* 7 degrees of freedom: P(chi2 > 24.32) = 0.001 for a correct sampler (the seed is fixed, so
           this is deterministic; a wrong distribution gives hundreds or thousands) */
        ck_assert_msg(chi2 < 24.32, "T = %g: chi-square %.1f over 8 characters, %d draws (want < 24.32)",
                      temps[k], chi2, N);
    }
}

WB_TEST(generate_greedy_follows_the_network, .points = 2,
        .hint = "Feed the prompt a step at a time, carrying the state; then sample from the last logits "
                "and feed what was drawn back in as the next input, again carrying the state.",
        .hint2 = "At temperature 0 each generated character must be the arg-max of the logits that a "
                 "single forward pass over prompt + generated text gives at the step before it. out is "
                 "(B, n_out): stream b's characters are the row out[b * n_out ...], one after the other.") {
    wb_rng r;
    wb_rng_seed(&r, 8);
    rnn m, whole;
    enum { V = 6, H = 8, P = 3, N = 7 };
    rnn_init(&m, V, H, 2, 1, &r);
    rnn_init(&whole, V, H, 1, P + N, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 1.0f);
    memcpy(whole.params, m.params, m.n_params * sizeof(float));
    int prompt[P] = {1, 4, 2}, out[2 * N];
    for (int i = 0; i < 2 * N; i++) out[i] = -1;
    rnn_generate(&m, prompt, P, N, 0.0f, 0, &r, out);
    int text[P + N];
    memcpy(text, prompt, sizeof prompt);
    memcpy(text + P, out, N * sizeof(int));
    for (int i = 0; i < 2 * N; i++) ck_assert_msg(out[i] >= 0 && out[i] < V, "out[%d] = %d", i, out[i]);
    for (int i = 0; i < N; i++) ck_assert_msg(out[i] == out[N + i], "greedy streams differ at %d: "
                      "out[%d] = %d, out[%d] = %d. Both streams read the same prompt at temperature 0, "
                      "so they write the same text; out is (B, n_out), stream b's k-th character at "
                      "out[b * n_out + k]", i, i, out[i], N + i, out[N + i]);
    rnn_forward(&whole, text, NULL, P + N - 1);
    for (int t = P - 1; t < P + N - 1; t++) {
        const float *z = whole.logits + (size_t)t * V;
        int best = 0;
        for (int v = 1; v < V; v++) best = z[v] > z[best] ? v : best;
        ck_assert_msg(text[t + 1] == best, "generated character %d is %d, but the network's arg-max "
                      "after the text so far is %d", t + 1 - P, text[t + 1], best);
    }
    rnn_free(&m);
    rnn_free(&whole);
}

/* A hand-set network whose next character depends on the current input only: H = V, W_xh = 20 I
   makes h = tanh(20) e_c = e_c (to float precision) after input c, W_hh = 0 forgets the past, and
   column c of W_hy, the logits after c, is row c of L (V,V). T = 4: longer than the 1-step
   chunks rnn_generate runs, as the driver's T = 50 is. */
static void markov_model(rnn *m, int V, int B, const float *L, wb_rng *r) {
    rnn_init(m, V, V, B, 4, r);
    memset(m->params, 0, m->n_params * sizeof(float));
    for (int c = 0; c < V; c++) {
        m->W_xh[c * V + c] = 20.0f;
        for (int v = 0; v < V; v++) m->W_hy[v * V + c] = L[c * V + v];
    }
}

/* out (B, n) all inside 0..V-1 */
static void check_range(const int *out, int n, int V) {
    for (int i = 0; i < n; i++)
        ck_assert_msg(out[i] >= 0 && out[i] < V, "out[%d] = %d is no character (0..%d): "
                      "rnn_generate writes out[b * n_out + k] for stream b's k-th character", i,
                      out[i], V - 1);
}

/* L for "after c the arg-max is next[c] by a logit gap of `gap`, the others level" */
static void chain_logits(float *L, int V, const int *next, float gap) {
    for (int c = 0; c < V; c++)
        for (int v = 0; v < V; v++) L[c * V + v] = v == next[c] ? gap : 0.0f;
}

WB_TEST(generate_feeds_the_whole_prompt, .points = 1,
        .hint = "Every character of the prompt goes in, one step at a time, before the first draw: "
                "the first character is drawn from the logits after the prompt's LAST character.",
        .hint2 = "The model here predicts from the current input only (after c comes next[c]), "
                 "so the first character after the prompt {4, 1, 0} must be next[0] = 3; "
                 "next[1] = 4 means the prompt's last character was never fed.") {
    wb_rng r;
    wb_rng_seed(&r, 10);
    enum { V = 5, B = 2, P = 3, N = 4 };
    const int next[V] = {3, 4, 0, 2, 1}, prompt[P] = {4, 1, 0};
    float L[V * V];
    chain_logits(L, V, next, 1.0f);
    rnn m;
    markov_model(&m, V, B, L, &r);
    int out[B * N];
    for (int i = 0; i < B * N; i++) out[i] = -1;
    rnn_generate(&m, prompt, P, N, 0.0f, 0, &r, out);
    check_range(out, B * N, V);
    for (int b = 0; b < B; b++) {
        ck_assert_msg(out[b * N] == next[0], "stream %d: the first character after the prompt "
                      "{4, 1, 0} is %d; after 0, its last character, the model predicts %d", b,
                      out[b * N], next[0]);
        for (int k = 1; k < N; k++) {
            int c = out[b * N + k - 1];
            ck_assert_msg(out[b * N + k] == next[c], "stream %d: %d follows %d, but after %d the "
                          "model predicts %d: feed each drawn character back in", b,
                          out[b * N + k], c, c, next[c]);
        }
    }
    rnn_free(&m);
}

/* After 0 (the prompt's end): uniform over 1..V-1; after c >= 1: c again, surely (a gap of 1000
   is e^-1000 = 0 in float). So each stream draws one character at random, then repeats it. */
static void repeat_model(rnn *m, int V, int B, wb_rng *r) {
    float L[8 * 8];
    ck_assert_int_le(V, 8);
    for (int c = 0; c < V; c++)
        for (int v = 0; v < V; v++) L[c * V + v] = (c == 0 ? v != 0 : v == c) ? 0.0f : -1000.0f;
    markov_model(m, V, B, L, r);
}

/* RB streams of the repeat model (V = 8) after the prompt {3, 0}: out (RB, N), in range; returns
   whether some stream's first draw differs from stream 0's */
enum { RB = 6 };
static int repeat_generate(int *out, int N) {
    wb_rng r;
    wb_rng_seed(&r, 11);
    rnn m;
    repeat_model(&m, 8, RB, &r);
    const int prompt[2] = {3, 0};
    for (int i = 0; i < RB * N; i++) out[i] = -1;
    rnn_generate(&m, prompt, 2, N, 1.0f, 0, &r, out);
    check_range(out, RB * N, 8);
    rnn_free(&m);
    int differ = 0;
    for (int b = 1; b < RB; b++) differ |= out[b * N] != out[0];
    return differ;
}

WB_TEST(generate_streams_draw_different_characters, .points = 1,
        .hint = "Each of the B streams draws its own characters, with its own uniform number u for "
                "every draw: from the same prompt at temperature 1 the B poems differ.",
        .hint2 = "Here every stream's first draw is uniform over 7 characters: 6 streams that all "
                 "draw the same one (chance 7^-5 for independent draws) shared one u per step.") {
    int out[RB * 3];
    ck_assert_msg(repeat_generate(out, 3), "all %d streams drew %d first, from a uniform choice "
                  "among 7: the streams must draw independently (B different poems)", RB, out[0]);
}

WB_TEST(generate_each_stream_follows_its_own_logits, .points = 1,
        .hint = "Stream b samples from ITS logits, row b of the (B,V) logits of the last step: "
                "each stream continues its own text.",
        .hint2 = "Here each stream draws a character at random and the model then repeats it for "
                 "sure; a stream that switches to stream 0's character was sampled from stream "
                 "0's logits.") {
    enum { N = 4 };
    int out[RB * N];
    ck_assert_msg(repeat_generate(out, N), "all streams drew %d first: pass "
                  "generate_streams_draw_different_characters first", out[0]);
    for (int b = 0; b < RB; b++) {
        ck_assert_msg(out[b * N] != 0, "stream %d drew 0 first, which has probability 0 after the "
                      "prompt's last character 0", b);
        for (int k = 1; k < N; k++)
            ck_assert_msg(out[b * N + k] == out[b * N], "stream %d: %d after %d, but after %d this "
                          "model gives %d probability 1 (stream 0 wrote %d)", b, out[b * N + k],
                          out[b * N + k - 1], out[b * N + k - 1], out[b * N + k - 1], out[0]);
    }
}

/* out (B, N) must be the greedy chain of `next` from prompt's last character */
static void check_chain(const int *out, int B, int N, const int *next, int last, const char *what) {
    for (int b = 0; b < B; b++)
        for (int k = 0, c = last; k < N; c = next[c], k++)
            ck_assert_msg(out[b * N + k] == next[c], "%s: stream %d drew %d after %d, where "
                          "only %d has a non-zero probability", what, b, out[b * N + k], c,
                          next[c]);
}

/* rnn_generate on a model whose arg-max after c is next[c], with a logit gap of 2 over the
   others, at this temperature and top_k: every draw must follow the arg-max chain */
static void generate_argmax_chain(uint64_t seed, float temperature, int top_k, const char *what) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    enum { V = 5, B = 4, N = 8 };
    const int next[V] = {2, 4, 1, 0, 3}, prompt[1] = {1};
    float L[V * V];
    chain_logits(L, V, next, 2.0f);
    rnn m;
    markov_model(&m, V, B, L, &r);
    int out[B * N];
    for (int i = 0; i < B * N; i++) out[i] = -1;
    rnn_generate(&m, prompt, 1, N, temperature, top_k, &r, out);
    check_range(out, B * N, V);
    check_chain(out, B, N, next, prompt[0], what);
    rnn_free(&m);
}

WB_TEST(generate_uses_the_temperature, .points = 1,
        .hint = "rnn_generate samples from sampling_probs(logits, V, temperature, top_k) with the "
                "temperature it was given: at 0.01 a logit gap of 2 is a factor e^-200, 0 in "
                "float, so every draw is the model's arg-max.",
        .hint2 = "This model's arg-max after c has a gap of 2 over the others: at temperature 1 it "
                 "would be drawn only 65% of the time (e^2 / (e^2 + 4)).") {
    generate_argmax_chain(12, 0.01f, 0, "temperature 0.01");
}

WB_TEST(generate_uses_top_k, .points = 1,
        .hint = "rnn_generate samples from sampling_probs(logits, V, temperature, top_k) with the "
                "top_k it was given: top_k = 1 keeps only the arg-max, whatever the temperature.",
        .hint2 = "This model's arg-max after c has a gap of 2 over the others: at temperature 1 "
                 "without top-k it would be drawn only 65% of the time (e^2 / (e^2 + 4)).") {
    generate_argmax_chain(13, 1.0f, 1, "top_k 1");
}

WB_TEST(generate_leaves_the_state_after_the_samples, .points = 1,
        .hint = "rnn_generate leaves m->state where the text it wrote leaves it: after the prompt "
                "AND every drawn character has been fed (so generating can go on from there).",
        .hint2 = "Feed the prompt and each stream's samples by hand in one chunk from a zero "
                 "state: "
                 "its last h must be the state rnn_generate left. Equal to the state one sample "
                 "earlier means the last draw was never fed back in.") {
    wb_rng r;
    wb_rng_seed(&r, 14);
    enum { V = 6, H = 5, B = 3, P = 2, N = 3 };
    rnn m, whole;
    rnn_init(&m, V, H, B, 4, &r);
    rnn_init(&whole, V, H, B, P + N, &r);
    wb_rng_fill_normal(&r, m.params, (long)m.n_params, 1.0f);
    memcpy(whole.params, m.params, m.n_params * sizeof(float));
    const int prompt[P] = {4, 1};
    int out[B * N];
    for (int i = 0; i < B * N; i++) out[i] = -1;
    rnn_generate(&m, prompt, P, N, 1.0f, 0, &r, out); /* temperature 1: streams differ */
    check_range(out, B * N, V);
    int x[(P + N) * B]; /* (P+N, B): the prompt, then stream b's samples */
    for (int t = 0; t < P + N; t++)
        for (int b = 0; b < B; b++) x[t * B + b] = t < P ? prompt[t] : out[b * N + t - P];
    rnn_forward(&whole, x, NULL, P + N);
    rnn_carry_state(&whole);
    /* the same steps on the same numbers as one-step chunks: equal up to a few ulps */
    WB_ASSERT_CLOSE(m.state, whole.state, B * H, 1e-6, 1e-7);
    rnn_free(&m);
    rnn_free(&whole);
}
