/* test_ngram.c — the n-gram baseline: its counts and probabilities on a text small enough to count
 * by hand, the probabilities summing to one, and its bits per character on a few psalms
 * (embedded: the tests read no data file, so they also run in the grader's sandbox). */
#include "testing.h"
#include "week10.h"

#include <math.h>
#include <stdlib.h>

/* Psalms 1:1-3:2 (lines 1071-1090 of datasets/sample/poetry.txt) to train on and Psalms 3:3-8 to score,
   written here so the tests need no data file (the grader's sandbox has none). */
static const char TRAIN[] =
    "Blessed is the man that walketh not in the counsel of the ungodly, nor standeth in "
    "the way of sinners, nor sitteth in the seat of the scornful.\n"
    "But his delight is in the law of the LORD; and in his law doth he meditate day and "
    "night.\n"
    "And he shall be like a tree planted by the rivers of water, that bringeth forth his "
    "fruit in his season; his leaf also shall not wither; and whatsoever he doeth shall "
    "prosper.\n"
    "The ungodly are not so: but are like the chaff which the wind driveth away.\n"
    "Therefore the ungodly shall not stand in the judgment, nor sinners in the "
    "congregation of the righteous.\n"
    "For the LORD knoweth the way of the righteous: but the way of the ungodly shall "
    "perish.\n"
    "Why do the heathen rage, and the people imagine a vain thing?\n"
    "The kings of the earth set themselves, and the rulers take counsel together, against "
    "the LORD, and against his anointed, saying,\n"
    "Let us break their bands asunder, and cast away their cords from us.\n"
    "He that sitteth in the heavens shall laugh: the LORD shall have them in derision.\n"
    "Then shall he speak unto them in his wrath, and vex them in his sore displeasure.\n"
    "Yet have I set my king upon my holy hill of Zion.\n"
    "I will declare the decree: the LORD hath said unto me, Thou art my Son; this day have "
    "I begotten thee.\n"
    "Ask of me, and I shall give thee the heathen for thine inheritance, and the uttermost "
    "parts of the earth for thy possession.\n"
    "Thou shalt break them with a rod of iron; thou shalt dash them in pieces like a "
    "potter's vessel.\n"
    "Be wise now therefore, O ye kings: be instructed, ye judges of the earth.\n"
    "Serve the LORD with fear, and rejoice with trembling.\n"
    "Kiss the Son, lest he be angry, and ye perish from the way, when his wrath is kindled "
    "but a little. Blessed are all they that put their trust in him.\n"
    "Lord, how are they increased that trouble me! many are they that rise up against me.\n"
    "Many there be which say of my soul, There is no help for him in God. Selah.\n";
static const char VAL[] =
    "But thou, O LORD, art a shield for me; my glory, and the lifter up of mine head.\n"
    "I cried unto the LORD with my voice, and he heard me out of his holy hill. Selah.\n"
    "I laid me down and slept; I awaked; for the LORD sustained me.\n"
    "I will not be afraid of ten thousands of people, that have set themselves against me "
    "round about.\n"
    "Arise, O LORD; save me, O my God: for thou hast smitten all mine enemies upon the "
    "cheek bone; thou hast broken the teeth of the ungodly.\n"
    "Salvation belongeth unto the LORD: thy blessing is upon thy people. Selah.\n";

/* The texts as ids: the vocabulary is the training text's distinct bytes in byte order (50 of them;
   every character of VAL is among them). Returns the vocabulary size. */
static int psalm_ids(int *train, int *val) {
    int id[256], V = 0;
    for (int b = 0; b < 256; b++) id[b] = -1;
    for (const char *p = TRAIN; *p; p++) id[(unsigned char)*p] = 0;
    for (int b = 0; b < 256; b++)
        if (id[b] == 0) id[b] = V++;
    for (int i = 0; TRAIN[i]; i++) train[i] = id[(unsigned char)TRAIN[i]];
    for (int i = 0; VAL[i]; i++) val[i] = id[(unsigned char)VAL[i]];
    return V;
}

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

WB_TEST(ngram_prob_two_symbol_context_by_hand, .points = 1,
        .hint = "A context of two or more symbols keeps the text's order: for hist = {b, a} (a the "
                "latest) the context is the bigram \"b a\", oldest first, as ngram_train counted it: "
                "g = the k latest symbols of hist in their order, then c.",
        .hint2 = "\"abac\", order 3, V = 3: P(c) = (1 + 3/3) / 7 = 2/7; after a: (1 + 2 * 2/7) / 4 "
                 "= 11/28; after \"b a\" (seen once, followed by c): (1 + 11/28) / 2 = 39/56. The "
                 "context read backwards, \"a b\", was followed by a, not c: 11/56.") {
    ngram_model m;
    const int ids[4] = {0, 1, 0, 2}; /* a b a c */
    ngram_init(&m, 3, 3);
    ngram_train(&m, ids, 4);
    int a = 0, b = 1, c = 2;
    int ba[2] = {b, a}, ab[2] = {a, b}, cba[3] = {c, b, a};
    double got[3] = {ngram_prob(&m, ba, 2, c), ngram_prob(&m, ab, 2, a), ngram_prob(&m, cba, 3, c)};
    /* by hand (hint 2); P(a | a b): P(a) = (2 + 1) / 7 = 3/7, after b: (1 + 3/7) / 2 = 5/7, after
       "a b" (followed once, by a): (1 + 5/7) / 2 = 6/7. A history longer than order - 1 = 2: only
       its 2 latest symbols count, so {c, b, a} gives P(c | b a) again. */
    double want[3] = {39.0 / 56, 6.0 / 7, 39.0 / 56};
    const char *what[3] = {"P(c | hist b a)", "P(a | hist a b)", "P(c | hist c b a)"};
    for (int i = 0; i < 3; i++) /* a few exact-ish double operations: 1e-12 */
        ck_assert_msg(fabs(got[i] - want[i]) < 1e-12, "%s = %.9f, want %.9f", what[i], got[i], want[i]);
    ngram_free(&m);
}

WB_TEST(ngram_probs_sum_to_one, .points = 2,
        .hint = "For every context, the probabilities of all V symbols must sum to 1: both terms of the "
                "numerator sum to the denominator, c(h.) + N1+(h.).") {
    int train[sizeof TRAIN], val[sizeof VAL];
    ngram_model m;
    ngram_init(&m, 6, psalm_ids(train, val));
    ngram_train(&m, train, sizeof TRAIN - 1);
    int unseen[5] = {49, 49, 0, 49, 1}; /* the last symbol twice, newline, it again, space: unseen */
    for (int trial = 0; trial < 40; trial++) {
        const int *h = trial == 39 ? unseen : val + 13 * trial;
        int hlen = trial == 39 ? 5 : trial % 6;
        double sum = 0;
        for (int c = 0; c < m.V; c++) sum += ngram_prob(&m, h, hlen, c);
        ck_assert_msg(fabs(sum - 1) < 1e-9, "sum over the %d symbols = %.12f after a history of %d "
                      "(trial %d), want 1", m.V, sum, hlen, trial);
    }
    ngram_free(&m);
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

WB_TEST(ngram_bpc_on_psalms, .points = 2,
        .hint = "Train on Psalms 1:1-3:2, score Psalms 3:3-8: order 3 beats order 1 by far; on only 1,917 "
                "training characters order 5 is slightly worse than 3 (its contexts are rarely seen).",
        .hint2 = "An independent Python implementation of Witten-Bell on these texts gives 4.536854, "
                 "3.086992 and 3.158057 bits per character for orders 1, 3 and 5.") {
    int train[sizeof TRAIN], val[sizeof VAL];
    int V = psalm_ids(train, val);
    const int orders[3] = {1, 3, 5};
    const double want[3] = {4.536854, 3.086992, 3.158057};
    for (int i = 0; i < 3; i++) {
        ngram_model m;
        ngram_init(&m, orders[i], V);
        ngram_train(&m, train, sizeof TRAIN - 1);
        double bpc = ngram_bpc(&m, val, sizeof VAL - 1);
        /* the same sums in double in another order: 1e-5 is far above their rounding */
        ck_assert_msg(fabs(bpc - want[i]) < 1e-5, "order %d: BPC of Psalms 3:3-8 %.6f, want %.6f",
                      orders[i], bpc, want[i]);
        ngram_free(&m);
    }
}
