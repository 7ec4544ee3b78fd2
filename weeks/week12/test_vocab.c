/* test_vocab.c — tests for vocab.c: the tokeniser's rule on a hand-made line, counting and pruning
 * on a toy text counted by hand, the keep probability and the negatives table against their closed
 * forms on a toy vocabulary. */
#include "testing.h"
#include "week12.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

WB_TEST(next_token_rule, .points = 2,
        .hint = "A word is a run of letters only: an apostrophe, a digit or a comma ends it, and 'A'..'Z' "
                "become 'a'..'z'. A '\\n' is a token of its own (return 0); the end of the text is -1.",
        .hint2 = "\"LORD's\" is two words, \"lord\" and \"s\". Two newlines in a row are two 0 tokens. At the "
                 "end of the text keep returning -1, however often you are called.") {
    const char *t = "The LORD's word,\n\n7 times\tHOLY";
    const char *want[] = {"the", "lord", "s", "word", "", "", "times", "holy"};
    int want_rc[] = {3, 4, 1, 4, 0, 0, 5, 4};
    size_t pos = 0, len = strlen(t);
    char w[W2V_MAX_WORD];
    for (int i = 0; i < 8; i++) {
        memset(w, 'X', sizeof w);
        int rc = next_token(t, len, &pos, w);
        ck_assert_msg(rc == want_rc[i], "token %d of \"The LORD's word,\\n\\n7 times\\tHOLY\": returned %d, want %d",
                      i, rc, want_rc[i]);
        if (rc > 0) ck_assert_msg(strcmp(w, want[i]) == 0, "token %d is \"%.*s\", want \"%s\"", i, 20, w, want[i]);
    }
    for (int i = 0; i < 2; i++) {
        int rc = next_token(t, len, &pos, w);
        ck_assert_msg(rc == -1, "after the last word next_token returned %d (call %d), want -1 (end of text)", rc, i + 1);
    }
}

WB_TEST(next_token_long_word_and_length, .points = 1,
        .hint = "Keep at most W2V_MAX_WORD - 1 letters (room for the '\\0') but consume the whole run, so the "
                "rest of a long word does not come back as another word. Stop at len, not at a '\\0'.") {
    char t[200];
    memset(t, 'a', 100);
    strcpy(t + 100, " Bc de");
    size_t pos = 0;
    char w[W2V_MAX_WORD];
    int rc = next_token(t, strlen(t), &pos, w);
    ck_assert_msg(rc == W2V_MAX_WORD - 1, "a 100-letter word: returned %d, want %d", rc, W2V_MAX_WORD - 1);
    ck_assert_msg(strlen(w) == W2V_MAX_WORD - 1, "a 100-letter word: word has %zu letters", strlen(w));
    rc = next_token(t, strlen(t), &pos, w);
    ck_assert_msg(rc == 2 && strcmp(w, "bc") == 0, "after the long word: got %d \"%s\", want 2 \"bc\"", rc, w);
    rc = next_token(t, strlen(t) - 1, &pos, w); /* len ends inside "de": only "d" is text */
    ck_assert_msg(rc == 1 && strcmp(w, "d") == 0, "with len cutting \"de\" after d: got %d \"%s\", want 1 \"d\"", rc, w);
    /* a '\0' inside len is one more separating byte, like a space: "ab\0Cd" is ab, cd */
    const char nul[] = {'a', 'b', '\0', 'C', 'd'};
    pos = 0;
    rc = next_token(nul, sizeof nul, &pos, w);
    ck_assert_msg(rc == 2 && strcmp(w, "ab") == 0, "\"ab\\0Cd\" (len 5): %d \"%s\", want ab", rc,
                  w);
    rc = next_token(nul, sizeof nul, &pos, w);
    ck_assert_msg(rc == 2 && strcmp(w, "cd") == 0 && pos == 5,
                  "\"ab\\0Cd\" (len 5), after ab: got %d \"%s\" at pos %zu, want 2 \"cd\" at 5: "
                  "a '\\0' inside len separates words (skip it like a space; only len ends it)",
                  rc, w, pos);
}

WB_TEST(next_token_letters_are_two_ranges, .points = 1,
        .hint = "The letters are exactly 'A'..'Z' and 'a'..'z', two separate ranges, both ends included: "
                "the six ASCII bytes between them ([ \\ ] ^ _ `) and the bytes just outside them (@ and {) "
                "separate words like any other non-letter.",
        .hint2 = "\"Zebra_zoo[AZ]az@Mix{y}`q^z\\Z\" is zebra, zoo, az, az, mix, y, q, z, z: 'z' and 'Z' are "
                 "letters (the last of each range), '_', '[', ']', '^', '\\', '@', '{', '}' and '`' are not.") {
    const char *t = "Zebra_zoo[AZ]az@Mix{y}`q^z\\Z";
    const char *want[] = {"zebra", "zoo", "az", "az", "mix", "y", "q", "z", "z"};
    size_t pos = 0, len = strlen(t);
    char w[W2V_MAX_WORD];
    for (int i = 0; i < 9; i++) {
        int rc = next_token(t, len, &pos, w);
        /* the words of the rule, by hand: each is a run of letters between the separators */
        ck_assert_msg(rc == (int)strlen(want[i]) && strcmp(w, want[i]) == 0,
                      "token %d of \"%s\": returned %d \"%.*s\", want %zu \"%s\"", i, t, rc,
                      rc > 0 ? rc : 0, w, strlen(want[i]), want[i]);
    }
    int rc = next_token(t, len, &pos, w);
    ck_assert_msg(rc == -1, "after the last word of \"%s\" next_token returned %d, want -1", t, rc);
}

WB_TEST(vocab_counts_sorts_and_prunes, .points = 3,
        .hint = "Count every word with counter_id, sort the ids by count with sort_by_count, and keep the "
                "first ones whose count is at least min_count.",
        .hint2 = "In \"c b a b / a b c b / d\" b occurs 4 times, c and a twice, d once. With min_count 2 the "
                 "vocabulary is b, c, a (c before a: it was seen first, and the sort is stable), total 8.") {
    const char *t = "c b a b\na B, c b\nd\n";
    w2v_vocab v;
    for (int round = 0; round < 2; round++) { /* twice: nothing may be left over from the first call */
        ck_assert_msg(vocab_build(&v, t, strlen(t), 2) == 0, "vocab_build: %s", wb_last_error());
        ck_assert_msg(v.size == 3, "vocabulary of size %d, want 3 (b, c, a: d occurs once)", v.size);
        const char *want[3] = {"b", "c", "a"};
        long wc[3] = {4, 2, 2};
        for (int i = 0; i < 3; i++)
            ck_assert_msg(strcmp(v.words[i], want[i]) == 0 && v.counts[i] == wc[i], "word %d is \"%s\" x%ld, want \"%s\" x%ld",
                          i, v.words[i], v.counts[i], want[i], wc[i]);
        ck_assert_msg(v.total == 8, "total %ld, want 8 (the kept words' counts)", v.total);
        ck_assert_msg(vocab_find(&v, "a") == 2 && vocab_find(&v, "d") == -1, "vocab_find(a) = %d, (d) = %d; want 2, -1",
                      vocab_find(&v, "a"), vocab_find(&v, "d"));
        vocab_free(&v);
    }
    /* min_count 1 keeps d, last */
    ck_assert_msg(vocab_build(&v, t, strlen(t), 1) == 0 && v.size == 4 && strcmp(v.words[3], "d") == 0,
                  "min_count 1: size %d, want 4 with d last", v.size);
    int ids[32];
    for (int i = 0; i < 32; i++) ids[i] = 99;
    long n = vocab_encode(&v, t, strlen(t), ids);
    vocab_free(&v);
    int want_ids[] = {1, 0, 2, 0, -1, 2, 0, 1, 0, -1, 3, -1};
    ck_assert_msg(n == 12, "vocab_encode wrote %ld ids, want 12", n);
    for (int i = 0; i < 12; i++) ck_assert_msg(ids[i] == want_ids[i], "ids[%d] = %d, want %d", i, ids[i], want_ids[i]);
}

WB_TEST(vocab_prunes_after_sorting, .points = 1,
        .hint = "Decide which words to keep in the sorted order: the kept words are the first ones of the "
                "list sorted by count, so count how many of the SORTED words reach min_count, not how many "
                "of the words in the order they were first seen.",
        .hint2 = "In \"x b b b c c\" x is seen first but only once: with min_count 2 the vocabulary is b, c. "
                 "In \"b b x c c\" it is b, c as well (x in between does not cut the list short).") {
    const char *texts[2] = {"x b b b c c\n", "b b x c c\n"};
    const char *want[2][2] = {{"b", "c"}, {"b", "c"}};
    const long wc[2][2] = {{3, 2}, {2, 2}};
    for (int t = 0; t < 2; t++) {
        w2v_vocab v;
        int rc = vocab_build(&v, texts[t], strlen(texts[t]), 2);
        ck_assert_msg(rc == 0, "vocab_build(\"%.9s\", min_count 2) returned %d (%s), want 0: b and c "
                      "occur twice or more", texts[t], rc, wb_last_error());
        ck_assert_msg(v.size == 2, "text %d: vocabulary of size %d, want 2 (b, c; x occurs once)", t, v.size);
        for (int i = 0; i < 2; i++)
            ck_assert_msg(strcmp(v.words[i], want[t][i]) == 0 && v.counts[i] == wc[t][i],
                          "text %d: word %d is \"%s\" x%ld, want \"%s\" x%ld", t, i, v.words[i], v.counts[i],
                          want[t][i], wc[t][i]);
        ck_assert_msg(v.total == wc[t][0] + wc[t][1] && vocab_find(&v, "x") == -1,
                      "text %d: total %ld, vocab_find(x) = %d; want %ld, -1", t, v.total, vocab_find(&v, "x"),
                      wc[t][0] + wc[t][1]);
        vocab_free(&v);
    }
}

WB_TEST(vocab_refuses_empty, .points = 1,
        .hint = "When no word reaches min_count (or the text has no letters at all), vocab_build returns -1 "
                "with one line saying so, instead of a vocabulary of size 0 that would crash training.") {
    w2v_vocab v;
    const char *cases[] = {"", "123 ,,, \n\n", "one two three"};
    for (int i = 0; i < 3; i++) {
        int rc = vocab_build(&v, cases[i], strlen(cases[i]), 2);
        ck_assert_msg(rc == -1, "vocab_build(\"%s\", min_count 2) returned %d, want -1", cases[i], rc);
        ck_assert_msg(strlen(wb_last_error()) > 0 && !strchr(wb_last_error(), '\n'), "message: \"%s\"", wb_last_error());
    }
    /* and one word that reaches min_count is enough */
    int rc = vocab_build(&v, "x y x", 5, 2);
    ck_assert_msg(rc == 0 && v.size == 1, "vocab_build(\"x y x\", min_count 2): rc %d, size %d; want 0, 1 (x)", rc,
                  rc == 0 ? v.size : -1);
    vocab_free(&v);
}

WB_TEST(keep_probability_closed_form, .points = 2,
        .hint = "word2vec.c's rule, not the paper's: with f = count / total, keep with (sqrt(f / s) + 1) * s / f, "
                "and never more than 1.",
        .hint2 = "total 1000 and s = 1e-3 make s * total = 1: count 4 gives f / s = 4 and (2 + 1) / 4 = 0.75. "
                 "If you get 0.5 that is the paper's sqrt(s / f)." ) {
    /* total * sample = 1: p = (sqrt(c) + 1) / c, by hand */
    long counts[] = {1, 2, 4, 9, 100};
    float want[] = {1.0f, 1.0f, 0.75f, 4.0f / 9.0f, 0.11f};
    for (int i = 0; i < 5; i++) {
        float p = keep_probability(counts[i], 1000, 1e-3);
        ck_assert_msg(fabsf(p - want[i]) <= 1e-6f, "keep_probability(%ld of 1000, s = 1e-3) = %.7g, want %.7g", counts[i],
                      (double)p, (double)want[i]);
    }
    /* f = 0.01, s = 1e-5: (sqrt(1000) + 1) * 1e-3 */
    float p = keep_probability(10000, 1000000, 1e-5);
    WB_ASSERT_NEAR(p, (float)((sqrt(1000.0) + 1) * 1e-3), 1e-6, 0);
}

WB_TEST(unigram_table_is_count_to_three_quarters, .points = 3,
        .hint = "Word i must fill a share count_i^0.75 / sum_j count_j^0.75 of the table: counts 81, 16, 1 "
                "give 27 : 8 : 1, i.e. 75%, 22.2% and 2.8% of the entries, in that order.",
        .hint2 = "Raw counts (81 : 16 : 1) would give word 0 82.7% of the entries: the power 0.75 is what lifts "
                 "rare words. Walk the table once, moving to the next word when the entry's position (a+1)/size "
                 "passes the running sum of shares.") {
    long counts[3] = {81, 16, 1};
    enum { N = 36000 };
    int *table = malloc(N * sizeof *table);
    for (int i = 0; i < N; i++) table[i] = -1;
    unigram_table(counts, 3, table, N);
    int hist[3] = {0};
    for (int i = 0; i < N; i++) {
        ck_assert_msg(table[i] >= 0 && table[i] < 3, "table[%d] = %d, not a word id in 0..2", i, table[i]);
        ck_assert_msg(i == 0 || table[i] >= table[i - 1], "table[%d] = %d after %d: words must come in order", i,
                      table[i], table[i - 1]);
        hist[table[i]]++;
    }
    free(table);
    /* exact shares 27000, 8000, 1000 of 36000; a boundary may fall one entry either way */
    int want[3] = {27000, 8000, 1000};
    for (int i = 0; i < 3; i++)
        ck_assert_msg(abs(hist[i] - want[i]) <= 1, "word %d (count %ld) fills %d entries of %d, want %d (count^0.75 / 36)",
                      i, counts[i], hist[i], N, want[i]);
    /* a second vocabulary: one word only fills everything */
    int t2[5] = {-1, -1, -1, -1, -1};
    unigram_table((long[]){7}, 1, t2, 5);
    for (int i = 0; i < 5; i++) ck_assert_msg(t2[i] == 0, "a 1-word vocabulary: table[%d] = %d, want 0", i, t2[i]);
}

WB_TEST(unigram_table_skips_words_under_one_entry, .points = 1,
        .hint = "A word whose share is less than one entry may get none: after writing an entry, move on "
                "past EVERY word whose cumulative share the next position has passed, not just one of them.",
        .hint2 = "Counts 81, ten 1s, 16 give the shares 27 : 1 (x10) : 8 of 45: in a table of 9 entries "
                 "5.4, 0.2 each and 1.6. Stepping at most one word per entry hands each rare word a whole "
                 "entry and the table runs out before the last word, which must get 1 or 2 entries.") {
    enum { V = 12, N = 9 };
    long counts[V];
    counts[0] = 81, counts[V - 1] = 16;
    for (int i = 1; i < V - 1; i++) counts[i] = 1;
    int table[N];
    for (int i = 0; i < N; i++) table[i] = -1;
    unigram_table(counts, V, table, N);
    int hist[V] = {0};
    for (int i = 0; i < N; i++) {
        ck_assert_msg(table[i] >= 0 && table[i] < V, "table[%d] = %d, not a word id in 0..%d", i, table[i], V - 1);
        ck_assert_msg(i == 0 || table[i] >= table[i - 1], "table[%d] = %d after %d: words must come in order",
                      i, table[i], table[i - 1]);
        hist[table[i]]++;
    }
    /* the shares count^0.75 / 45 times 9 entries: 27/5, 1/5 each, 8/5; each word's entries are the
       positions its cumulative share spans, so they differ from its share by at most one */
    for (int i = 0; i < V; i++) {
        double want = (i == 0 ? 27.0 : i == V - 1 ? 8.0 : 1.0) / 5.0;
        ck_assert_msg(fabs(hist[i] - want) <= 1.0, "word %d (count %ld) fills %d of the %d entries, want %.1f "
                      "(count^0.75 / 45 of them) to within one", i, counts[i], hist[i], N, want);
    }
}

WB_TEST(unigram_table_stays_below_V, .points = 1,
        .hint = "The running share c_i can end a hair below 1 in floating point: the last entry's "
                "position (a + 1) / size = 1 then still passes it. The word index stops at V - 1.",
        .hint2 = "Guard the step to the next word with i < V - 1: without it the walk reads "
                 "counts[V], past the end of the array, and can put the id V into the table.") {
    enum { V = 3, N = 9 };
    /* counts in an array that ends at an unreadable page: reading counts[V] faults */
    long *counts = (long *)(void *)wb_guarded_floats(2 * V, "counts (V = 3 longs)");
    counts[0] = 1, counts[1] = 3, counts[2] = 5;
    /* the premise, checked here in double: the shares 1, 3^.75, 5^.75 over Z sum to just below 1 */
    double Z = 0, cum = 0;
    for (int i = 0; i < V; i++) Z += pow((double)counts[i], W2V_POWER);
    for (int i = 0; i < V; i++) cum += pow((double)counts[i], W2V_POWER) / Z;
    ck_assert_msg(cum < 1.0, "test premise: the shares sum to %.17g, meant to be below 1", cum);
    int table[N + 1];
    for (int i = 0; i <= N; i++) table[i] = -1;
    unigram_table(counts, V, table, N);
    wb_guarded_free((float *)(void *)counts);
    for (int i = 0; i < N; i++)
        ck_assert_msg(table[i] >= 0 && table[i] < V, "table[%d] = %d, not a word id in 0..%d", i,
                      table[i], V - 1);
    ck_assert_msg(table[N - 1] == V - 1, "the last entry is word %d, want the last word %d",
                  table[N - 1], V - 1);
    ck_assert_msg(table[N] == -1, "unigram_table wrote table[%d], past its size %d", N, N);
}
