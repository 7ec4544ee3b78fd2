/* test_ngram.c — the n-gram baseline: its counts and probabilities on a text small enough to count
 * by hand, the probabilities summing to one, and its bits per character on the poetry split. */
#include "testing.h"
#include "week10.h"

#include <math.h>
#include <stdlib.h>

#define POETRY "datasets/sample/poetry.txt"

/* "abab" with a = 0, b = 1, order 2: unigrams a 2, b 2 (4 in all, 2 types); bigrams ab 2, ba 1. */
static void abab(ngram_model *m, int times) {
    const int ids[4] = {0, 1, 0, 1};
    ngram_init(m, 2, 3); /* V = 3: symbol 2 never occurs */
    for (int i = 0; i < times; i++) ngram_train(m, ids, 4);
}

static uint32_t count(const ngram_model *m, int kind, int a, int b, int len) {
    int s[2] = {a, b};
    return ngram_count(m, ngram_key(kind, s, len));
}

WB_TEST(ngram_counts_by_hand, .points = 2,
        .hint = "Position i ends one n-gram of each length k = 1..order with k <= i + 1; its context is "
                "the k - 1 symbols before i. Count c(h c) and c(h .) every time, N1+(h .) only the first "
                "time h c is seen.",
        .hint2 = "\"abab\", order 2: c(a) = c(b) = 2, c(.) = 4, N1+(.) = 2; c(ab) = 2, c(ba) = 1, "
                 "c(a .) = 2, c(b .) = 1, N1+(a .) = N1+(b .) = 1. Training twice doubles the counts "
                 "but not N1+: the same symbols follow.") {
    ngram_model m;
    for (int times = 1; times <= 2; times++) {
        abab(&m, times);
        uint32_t got[9] = {count(&m, NGRAM_SEEN, 0, 0, 1), count(&m, NGRAM_SEEN, 1, 0, 1),
                           count(&m, NGRAM_TOTAL, 0, 0, 0), count(&m, NGRAM_TYPES, 0, 0, 0),
                           count(&m, NGRAM_SEEN, 0, 1, 2), count(&m, NGRAM_SEEN, 1, 0, 2),
                           count(&m, NGRAM_TOTAL, 0, 0, 1), count(&m, NGRAM_TOTAL, 1, 0, 1),
                           count(&m, NGRAM_TYPES, 0, 0, 1)};
        uint32_t t = (uint32_t)times, want[9] = {2 * t, 2 * t, 4 * t, 2, 2 * t, t, 2 * t, t, 1};
        const char *what[9] = {"c(a)", "c(b)", "c(.)", "N1+(.)", "c(ab)", "c(ba)", "c(a .)", "c(b .)", "N1+(a .)"};
        for (int i = 0; i < 9; i++)
            ck_assert_msg(got[i] == want[i], "after training %d time(s) on \"abab\": %s = %u, want %u",
                          times, what[i], got[i], want[i]);
        ck_assert_uint_eq(count(&m, NGRAM_SEEN, 0, 0, 2), 0); /* "aa" never occurs */
        ngram_free(&m);
    }
}

WB_TEST(ngram_prob_by_hand, .points = 3,
        .hint = "Start from 1/V and apply P = (c(hc) + N1+(h.) P) / (c(h.) + N1+(h.)) for the empty "
                "context, then for longer ones; a context never seen leaves P unchanged.",
        .hint2 = "\"abab\", V = 3: P(b) = (2 + 2/3) / 6 = 4/9 from the empty context; then after a: "
                 "(2 + 4/9) / 3 = 22/27. The context is the LATEST symbols of hist: hist = {b, a} "
                 "means the context a.") {
    ngram_model m;
    abab(&m, 1);
    int a = 0, b = 1;
    int ba[2] = {b, a};
    double got[5] = {ngram_prob(&m, NULL, 0, b), ngram_prob(&m, &a, 1, b), ngram_prob(&m, &a, 1, a),
                     ngram_prob(&m, ba, 2, b), ngram_prob(&m, &b, 1, 2)};
    /* by hand (see hint 2): unigram P(a) = P(b) = 4/9, P(c) = (0 + 2/3) / 6 = 1/9;
       after a: P(b|a) = 22/27, P(a|a) = (0 + 4/9) / 3 = 4/27; after b: P(c|b) = (1/9) / 2 */
    double want[5] = {4.0 / 9, 22.0 / 27, 4.0 / 27, 22.0 / 27, 1.0 / 18};
    const char *what[5] = {"P(b)", "P(b | a)", "P(a | a)", "P(b | hist b a)", "P(c | b)"};
    for (int i = 0; i < 5; i++)
        ck_assert_msg(fabs(got[i] - want[i]) < 1e-12, "%s = %.9f, want %.9f", what[i], got[i], want[i]);
    ngram_free(&m);
}

WB_TEST(ngram_probs_sum_to_one, .points = 2,
        .hint = "For every context, the probabilities of all V symbols must sum to 1: both terms of the "
                "numerator sum to the denominator, c(h.) + N1+(h.).") {
    wb_text_split s;
    ck_assert_msg(wb_text_split_load(POETRY, WB_SPLIT_EVERY, 0, &s) == 0, "%s", wb_last_error());
    ngram_model m;
    ngram_init(&m, 6, s.vocab.vocab_size);
    ngram_train(&m, s.train, 30000);
    int unseen[5] = {62, 62, 0, 62, 1}; /* "zz\nz " never occurs */
    for (int trial = 0; trial < 40; trial++) {
        const int *h = trial == 39 ? unseen : s.val + 97 * trial;
        int hlen = trial % 6;
        double sum = 0;
        for (int c = 0; c < m.V; c++) sum += ngram_prob(&m, h, hlen, c);
        ck_assert_msg(fabs(sum - 1) < 1e-9, "sum over the %d symbols = %.12f after a history of %d "
                      "(trial %d), want 1", m.V, sum, hlen, trial);
    }
    ngram_free(&m);
    wb_text_split_free(&s);
}

WB_TEST(ngram_bpc_by_hand, .points = 1,
        .hint = "BPC is the mean of -log2 P(c_i | the symbols before it): base 2, not e.",
        .hint2 = "\"ab\" under the \"abab\" model: -(log2(4/9) + log2(22/27)) / 2 = 0.7326 bits.") {
    ngram_model m;
    abab(&m, 1);
    const int ab[2] = {0, 1};
    double want = -(log2(4.0 / 9) + log2(22.0 / 27)) / 2;
    double got = ngram_bpc(&m, ab, 2);
    ck_assert_msg(fabs(got - want) < 1e-9, "bpc of \"ab\" = %.6f, want %.6f", got, want);
    ngram_free(&m);
}

WB_TEST(ngram_bpc_on_poetry, .points = 2, .timeout = 8,
        .hint = "Longer contexts predict the psalms better: BPC falls from order 1 to order 3.",
        .hint2 = "Measured with an independent Python implementation of Witten-Bell on this split: "
                 "orders 1, 3, 5 give 4.368, 2.502, 1.732 bits per character.") {
    wb_text_split s;
    ck_assert_msg(wb_text_split_load(POETRY, WB_SPLIT_EVERY, 0, &s) == 0, "%s", wb_last_error());
    const int orders[3] = {1, 3, 5};
    const double want[3] = {4.368, 2.502, 1.732};
    for (int i = 0; i < 3; i++) {
        ngram_model m;
        ngram_init(&m, orders[i], s.vocab.vocab_size);
        ngram_train(&m, s.train, s.n_train);
        double bpc = ngram_bpc(&m, s.val, s.n_val);
        /* the Python figures are rounded to 3 decimals */
        ck_assert_msg(fabs(bpc - want[i]) < 1.5e-3, "order %d: validation BPC %.4f, want %.3f",
                      orders[i], bpc, want[i]);
        ngram_free(&m);
    }
    wb_text_split_free(&s);
}
