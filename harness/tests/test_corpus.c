/* test_corpus.c — the text corpus reader on the committed poetry sample and crafted files. */
#include "testing.h"

#include "corpus.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data_fixtures.h"

#define POETRY "datasets/sample/poetry.txt"

WB_TEST(corpus_loads_poetry_sample, .points = 1,
        .hint = "The vocabulary is the set of distinct bytes, in increasing byte order.") {
    wb_corpus c;
    ck_assert_msg(wb_corpus_load(POETRY, &c) == 0, "%s", wb_last_error());
    ck_assert_uint_eq(c.len, 458072); /* 4,939 verses of Job .. Song of Solomon and Lamentations */
    ck_assert_int_eq(c.vocab_size, 63);
    ck_assert_msg(c.symbol[0] == '\n' && c.symbol[1] == ' ', "ids must follow byte order");
    ck_assert_msg(strncmp(c.text, "There was a man in the land of Uz", 33) == 0, "starts with Job 1:1");
    size_t lines = 0;
    for (size_t i = 0; i < c.len; i++) lines += c.text[i] == '\n';
    ck_assert_uint_eq(lines, 4939);
    wb_corpus_free(&c);
}

WB_TEST(corpus_chosen_by_name_with_fallback, .points = 1,
        .hint = "poetry is the sample in git; kjv is the fetched file when it is there, else the poetry "
                "sample (with a note); NULL or \"\" means $DATA, then poetry; any other name is NULL.") {
    char want[1100];
    setenv("WB_DATASETS", fixture_dir(), 1); /* a folder of its own: the KJV not fetched yet */
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr)); /* the fallback's note is expected */
    unsetenv("DATA");
    snprintf(want, sizeof want, "%s/sample/poetry.txt", fixture_dir());
    ck_assert_str_eq(wb_corpus_choose(NULL), want);
    ck_assert_str_eq(wb_corpus_choose("kjv"), want);
    ck_assert_ptr_null(wb_corpus_choose("shakespeare"));
    ck_assert_msg(strstr(wb_last_error(), "shakespeare: unknown corpus"), "%s", wb_last_error());
    snprintf(want, sizeof want, "%s/full", fixture_dir());
    mkdir(want, 0777);
    snprintf(want, sizeof want, "%s/full/kjv", fixture_dir());
    mkdir(want, 0777);
    snprintf(want, sizeof want, "%s", fixture("full/kjv/kjv.txt", "In the beginning\n", 17, 0)); /* fetched */
    setenv("DATA", "kjv", 1);
    ck_assert_str_eq(wb_corpus_choose(""), want);
    unsetenv("DATA");
    unsetenv("WB_DATASETS");
}

WB_TEST(corpus_encode_decode_roundtrip, .points = 1,
        .hint = "encode maps byte b to id[b]; decode maps id i back to symbol[i].") {
    const char *text = "ba\nab c";
    wb_corpus c;
    ck_assert_msg(wb_corpus_load(fixture("t.txt", text, 7, 0), &c) == 0, "%s", wb_last_error());
    ck_assert_int_eq(c.vocab_size, 5); /* '\n' ' ' 'a' 'b' 'c' */
    int ids[7];
    ck_assert_int_eq(wb_corpus_encode(&c, text, 7, ids), 0);
    const int want[7] = {3, 2, 0, 2, 3, 1, 4};
    for (int i = 0; i < 7; i++) ck_assert_msg(ids[i] == want[i], "ids[%d] = %d, want %d", i, ids[i], want[i]);
    char back[8];
    ck_assert_int_eq(wb_corpus_decode(&c, ids, 7, back), 0);
    ck_assert_str_eq(back, text);
    /* bytes never seen and ids out of range are errors, not garbage */
    ck_assert_int_eq(wb_corpus_encode(&c, "z", 1, ids), -1);
    ck_assert_msg(strstr(wb_last_error(), "not in the vocabulary"), "%s", wb_last_error());
    int bad = 5;
    ck_assert_int_eq(wb_corpus_decode(&c, &bad, 1, back), -1);
    wb_corpus_free(&c);
}

WB_TEST(corpus_reads_gzip_and_utf8, .points = 1, .hint = "Bytes >= 0x80 are text too (UTF-8).") {
    wb_corpus c;
    ck_assert_msg(wb_corpus_load(fixture("t.txt.gz", "caf\xc3\xa9\n", 6, 1), &c) == 0, "%s", wb_last_error());
    ck_assert_uint_eq(c.len, 6);
    ck_assert_int_eq(c.vocab_size, 6);
    ck_assert_int_eq(c.symbol[5], 0xc3);
    wb_corpus_free(&c);
}

WB_TEST(corpus_rejects_empty_binary_and_directories, .points = 2,
        .hint = "Refuse control bytes other than tab, newline and carriage return.") {
    wb_corpus c;
    const char *path = fixture("empty.txt", "", 0, 0);
    ck_assert_int_eq(wb_corpus_load(path, &c), -1);
    ck_assert_msg(strstr(wb_last_error(), "empty file"), "%s", wb_last_error());
    path = fixture("bin", "abc\0def", 7, 0);
    ck_assert_int_eq(wb_corpus_load(path, &c), -1);
    ck_assert_msg(strstr(wb_last_error(), "binary data: byte 0x00 at offset 3"), "%s", wb_last_error());
    path = fixture("png", "\x89PNG\r\n\x1a\n", 8, 0);
    ck_assert_int_eq(wb_corpus_load(path, &c), -1);
    ck_assert_msg(strstr(wb_last_error(), "binary data: byte 0x1a at offset 6"), "%s", wb_last_error());
    ck_assert_int_eq(wb_corpus_load(fixture_dir(), &c), -1);
    ck_assert_msg(strstr(wb_last_error(), "is a directory"), "%s", wb_last_error());
    ck_assert_int_eq(wb_corpus_load("/dev/zero", &c), -1); /* must not read forever */
    ck_assert_msg(strstr(wb_last_error(), "not a regular file"), "%s", wb_last_error());
    const unsigned char garbage[12] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff};
    ck_assert_int_eq(wb_corpus_load(fixture("g.gz", garbage, 12, 0), &c), -1);
}

/* ---- the fixed train/validation split ---- */

WB_TEST(split_poetry_every_tenth_verse, .points = 2,
        .hint = "Verse i (from 0) goes to validation when i % every == every - 1; whole lines, in order.") {
    wb_text_split s;
    ck_assert_msg(wb_text_split_load(POETRY, WB_SPLIT_EVERY, 0, &s) == 0, "%s", wb_last_error());
    /* 4,939 verses: 493 of them (9, 19, ..., 4929) to validation */
    ck_assert_int_eq(s.n_val_verses, 493);
    ck_assert_int_eq(s.n_train_verses, 4446);
    ck_assert_uint_eq(s.n_train + s.n_val, 458072);
    ck_assert_int_eq(s.vocab.vocab_size, 63); /* every character of the poetry occurs in training */
    ck_assert_int_eq(s.unk, -1);
    /* Job 1:10 is the first validation verse, Job 1:1 the first training verse */
    ck_assert_msg(strncmp(s.val_text, "Hast not thou made an hedge about him", 37) == 0, "%.40s", s.val_text);
    ck_assert_msg(strncmp(s.vocab.text, "There was a man in the land of Uz", 33) == 0, "%.40s", s.vocab.text);
    /* ids decode back to the two texts */
    char *back = malloc(s.n_val + 1);
    ck_assert_int_eq(wb_corpus_decode(&s.vocab, s.val, s.n_val, back), 0);
    ck_assert_msg(memcmp(back, s.val_text, s.n_val) == 0, "validation ids do not decode to its text");
    free(back);
    /* both sides end every verse with its newline */
    ck_assert_int_eq(s.val_text[s.n_val - 1], '\n');
    ck_assert_int_eq(s.vocab.text[s.n_train - 1], '\n');
    wb_text_split_free(&s);
}

WB_TEST(split_small_file_by_hand, .points = 1,
        .hint = "Lines 0..4 with every = 3: line 2 goes to validation, the rest (0, 1, 3, 4) to training; "
                "a last line without a newline is a verse too.") {
    const char *text = "ab\ncd\nba\ngh\ndc";
    wb_text_split s;
    ck_assert_msg(wb_text_split_load(fixture("v.txt", text, strlen(text), 0), 3, 0, &s) == 0, "%s",
                  wb_last_error());
    ck_assert_str_eq(s.vocab.text, "ab\ncd\ngh\ndc");
    ck_assert_str_eq(s.val_text, "ba\n");
    ck_assert_int_eq(s.n_train_verses, 4);
    ck_assert_int_eq(s.n_val_verses, 1);
    /* the vocabulary comes from the training text: '\n' a b c d g h */
    ck_assert_int_eq(s.vocab.vocab_size, 7);
    wb_text_split_free(&s);
}

WB_TEST(split_unseen_byte_is_error_or_unk, .points = 2,
        .hint = "A validation byte the training verses never use: an error naming the file and the "
                "line, or with WB_SPLIT_UNK the extra id vocab_size - 1.") {
    const char *text = "ab\nba\nzb\naa\n";
    const char *path = fixture("u.txt", text, strlen(text), 0);
    wb_text_split s;
    ck_assert_int_eq(wb_text_split_load(path, 3, 0, &s), -1);
    ck_assert_msg(strstr(wb_last_error(), "u.txt: split: line 3") && strstr(wb_last_error(), "0x7a ('z')"),
                  "%s", wb_last_error());
    ck_assert_ptr_null(s.train);
    ck_assert_int_eq(wb_text_split_load(path, 3, WB_SPLIT_UNK, &s), 0);
    ck_assert_int_eq(s.vocab.vocab_size, 4); /* '\n' a b <unk> */
    ck_assert_int_eq(s.unk, 3);
    ck_assert_uint_eq(s.n_unk, 1);
    const int want[3] = {3, 2, 0}; /* "zb\n" */
    for (int i = 0; i < 3; i++) ck_assert_msg(s.val[i] == want[i], "val[%d] = %d, want %d", i, s.val[i], want[i]);
    char back[4];
    ck_assert_int_eq(wb_corpus_decode(&s.vocab, s.val, 3, back), 0);
    ck_assert_int_eq((unsigned char)back[0], WB_UNK_BYTE);
    wb_text_split_free(&s);
}

WB_TEST(split_refuses_bad_input, .points = 1,
        .hint = "Too few verses for a validation verse, every < 2, and whatever wb_corpus_load refuses.") {
    wb_text_split s;
    const char *two = fixture("two.txt", "a\nb\n", 4, 0);
    ck_assert_int_eq(wb_text_split_load(two, 3, 0, &s), -1);
    ck_assert_msg(strstr(wb_last_error(), "two.txt: split: 2 verses"), "%s", wb_last_error());
    ck_assert_int_eq(wb_text_split_load(two, 1, 0, &s), -1);
    ck_assert_msg(strstr(wb_last_error(), "every = 1"), "%s", wb_last_error());
    ck_assert_int_eq(wb_text_split_load(fixture("e.txt", "", 0, 0), 10, 0, &s), -1);
    ck_assert_msg(strstr(wb_last_error(), "empty file"), "%s", wb_last_error());
    /* two verses, every = 2: the second one is validation, leaving training text */
    ck_assert_int_eq(wb_text_split_load(two, 2, 0, &s), -1); /* 'b' is unseen in training */
    ck_assert_int_eq(wb_text_split_load(fixture("one.txt", "\n\n", 2, 0), 2, 0, &s), 0);
    ck_assert_uint_eq(s.n_train, 1);
    wb_text_split_free(&s);
}
