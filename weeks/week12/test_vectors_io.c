/* test_vectors_io.c — tests for vectors_io.c: the exact text of a tiny file (from the format's
 * definition), a round trip of awkward floats (some need all 9 digits), another tool's variant of
 * the format, and one damaged file for every check the reader makes. */
#include "testing.h"
#include "week12.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void spit(const char *path, const char *s, size_t n) {
    FILE *f = fopen(path, "wb");
    ck_assert(f && fwrite(s, 1, n, f) == n);
    fclose(f);
}
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s was not written", path);
    char *b = calloc(1 << 16, 1);
    size_t n = fread(b, 1, (1 << 16) - 1, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

WB_TEST(save_writes_the_text_format, .points = 2,
        .hint = "First line \"V D\"; then each word, and each of its numbers after one space (%.9g), and a newline.",
        .hint2 = "%.9g prints 0.5 as 0.5 and -2 as -2: no trailing zeros, which is what this test expects.") {
    static char n0[] = "ab", n1[] = "c";
    char *words[2] = {n0, n1};
    float W[4] = {0.5f, -2, 1, 0.25f};
    w2v_vectors x = {.V = 2, .D = 2, .words = words, .W = W};
    char path[600];
    wb_test_path("tiny.vec", path, sizeof path);
    ck_assert_msg(vectors_save(&x, path) == 0, "vectors_save: %s", wb_last_error());
    char *got = slurp(path);
    const char *want = "2 2\nab 0.5 -2\nc 1 0.25\n";
    ck_assert_msg(strcmp(got, want) == 0, "the file is \"%s\", want \"%s\"", got, want);
    free(got);
}

WB_TEST(load_copies_the_words, .points = 1,
        .hint = "The words of a loaded file belong to the result: each is its own copy, which "
                "vectors_free releases one by one. The text read from the file is vectors_load's "
                "scratch, freed before it returns, so nothing in the result may point into it.",
        .hint2 = "The test loads two files of the same layout, one after the other, and then reads "
                 "the words of the first: they must still be its own (\"abc\", \"de\"), not the "
                 "second file's, whose text may be read into the memory the first one's was in.") {
    char pa[600], pb[600];
    wb_test_path("first.vec", pa, sizeof pa), wb_test_path("second.vec", pb, sizeof pb);
    const char *ta = "2 3\nabc 1 2 3\nde 4 5 6\n", *tb = "2 3\nxyz 7 8 9\nuv 1 1 1\n";
    spit(pa, ta, strlen(ta)), spit(pb, tb, strlen(tb));
    w2v_vectors a, b;
    ck_assert_msg(vectors_load(pa, &a) == 0, "vectors_load of \"%s\": %s", ta, wb_last_error());
    ck_assert_msg(vectors_load(pb, &b) == 0, "vectors_load of \"%s\": %s", tb, wb_last_error());
    const char *wa[2] = {"abc", "de"}, *wbw[2] = {"xyz", "uv"};
    for (int i = 0; i < 2; i++)
        ck_assert_msg(a.V == 2 && strcmp(a.words[i], wa[i]) == 0, "after a second file was loaded, "
                      "word %d of the first reads \"%s\", want \"%s\": each word must be a copy "
                      "(strdup), not a pointer into the text vectors_load frees", i, a.words[i], wa[i]);
    for (int i = 0; i < 2; i++)
        ck_assert_msg(b.V == 2 && strcmp(b.words[i], wbw[i]) == 0, "word %d of the second file: "
                      "\"%s\", want \"%s\"", i, b.words[i], wbw[i]);
    vectors_free(&a), vectors_free(&b);
}

WB_TEST(save_then_load_is_exact, .points = 3,
        .hint = "9 significant digits bring every float back exactly; %f (6 decimals) turns 1/3 into 0.333333 "
                "and 1e-30 into 0.000000.",
        .hint2 = "vectors_load: the header, then per line the word (strdup) and exactly D numbers with "
                 "parse_float.",
        .hint3 = "8 digits are not enough either: floats just below 1024 are 6.1e-5 apart, "
                 "and with 8 digits 1023.99994 and 1023.99988 both print as 1023.9999.") {
    static char n0[] = "the", n1[] = "lord", n2[] = "god", n3[] = "and", n4[] = "of";
    char *words[5] = {n0, n1, n2, n3, n4};
    float W[20] = {1.0f / 3, -1e-30f, 12345.678f, 0, -0.1f, 3e38f,
                   1e-7f,    2.5f,    7,          -8, 0.2f, 1.0f / 7};
    /* the 8 floats below 1024, 2^-14 apart: 8 digits (steps of 1e-4 there) cannot keep them all */
    for (int i = 12; i < 20; i++) W[i] = 1024.0f - (float)(i - 11) / 16384;
    w2v_vectors x = {.V = 5, .D = 4, .words = words, .W = W}, y;
    char path[600];
    wb_test_path("round.vec", path, sizeof path);
    ck_assert_msg(vectors_save(&x, path) == 0, "vectors_save: %s", wb_last_error());
    ck_assert_msg(vectors_load(path, &y) == 0, "vectors_load of what vectors_save wrote: %s", wb_last_error());
    ck_assert_msg(y.V == 5 && y.D == 4, "loaded V = %d, D = %d; want 5, 4", y.V, y.D);
    for (int i = 0; i < 5; i++)
        ck_assert_msg(strcmp(y.words[i], words[i]) == 0, "word %d: \"%s\", want \"%s\"", i,
                      y.words[i], words[i]);
    for (int i = 0; i < 20; i++)
        ck_assert_msg(memcmp(&y.W[i], &W[i], 4) == 0, "number %d came back as %.9g, saved %.9g%s",
                      i, (double)y.W[i], (double)W[i], i >= 12 ? " (it needs 9 digits)" : "");
    vectors_free(&y);
}

WB_TEST(load_reads_other_tools, .points = 1,
        .hint = "word2vec.c and fastText end each line with a space (\"the 0.1 0.2 \\n\"), and a Windows editor "
                "adds \\r: spaces, tabs and \\r between or after the numbers are separators, not numbers.") {
    char path[600];
    wb_test_path("ft.vec", path, sizeof path);
    const char *t = "2 3 \nthe 0.1 0.2 0.3 \nof\t1 2 3\r\n\n";
    spit(path, t, strlen(t));
    w2v_vectors y;
    ck_assert_msg(vectors_load(path, &y) == 0, "vectors_load of a fastText-style file: %s", wb_last_error());
    float want[6] = {0.1f, 0.2f, 0.3f, 1, 2, 3};
    ck_assert_msg(y.V == 2 && y.D == 3 && strcmp(y.words[1], "of") == 0, "V %d D %d word 1 \"%s\"", y.V, y.D, y.words[1]);
    WB_ASSERT_CLOSE(y.W, want, 6, 0, 0);
    vectors_free(&y);
}

WB_TEST(load_accepts_blank_space_at_the_end, .points = 1,
        .hint = "After the V words only blank space may follow, and blank space is more than newlines: "
                "spaces, tabs and \\r (a Windows editor's blank line is \"\\r\\n\") are as harmless at the end "
                "as between the numbers.",
        .hint2 = "Here the two words are followed by \"\\n \\r\\n\\t\\n  \": three blank lines and two spaces, "
                 "nothing to read. The file is fine: V = 2, D = 2 and the numbers read back exactly.") {
    char path[600];
    wb_test_path("trail.vec", path, sizeof path);
    const char *t = "2 2\nx 0.5 -1\ny 2 0.25\n\n \r\n\t\n  ";
    spit(path, t, strlen(t));
    w2v_vectors y;
    ck_assert_msg(vectors_load(path, &y) == 0, "vectors_load of a file with blank lines (spaces, a tab, a \\r) "
                  "after its 2 words: %s", wb_last_error());
    ck_assert_msg(y.V == 2 && y.D == 2 && strcmp(y.words[0], "x") == 0 && strcmp(y.words[1], "y") == 0,
                  "V %d D %d, words \"%s\" \"%s\"; want 2 2, x y", y.V, y.D, y.words[0], y.words[1]);
    float want[4] = {0.5f, -1, 2, 0.25f}; /* exact in binary */
    WB_ASSERT_CLOSE(y.W, want, 4, 0, 0);
    vectors_free(&y);
}

/* vectors_load must refuse the file with one line naming it, saying must_say, leaving y untouched. */
static void refused(const char *name, const char *content, size_t n, const char *why, const char *must_say) {
    char path[600];
    wb_test_path(name, path, sizeof path);
    if (content) spit(path, content, n);
    w2v_vectors y = {.V = 12345};
    int rc = vectors_load(path, &y);
    const char *e = wb_last_error();
    ck_assert_msg(rc == -1, "vectors_load accepted %s (returned %d)", why, rc);
    ck_assert_msg(strstr(e, path) != NULL, "the message for %s does not name the file: \"%s\"", why, e);
    ck_assert_msg(!strchr(e, '\n'), "the message for %s is more than one line: \"%s\"", why, e);
    if (must_say) ck_assert_msg(strstr(e, must_say) != NULL, "the message for %s does not say \"%s\": \"%s\"", why, must_say, e);
    ck_assert_msg(y.V == 12345 && y.words == NULL, "a refused file (%s) changed the result", why);
}

WB_TEST(load_refuses_damaged_files, .points = 4,
        .hint = "Check each line as you read it and stop at the first problem with wb_fail(\"%s: line %d: ...\"): "
                "the file ends before V words, a line is empty, a field is not a number, a word has fewer or more "
                "than D numbers, lines are left after the V words.",
        .hint2 = "Free what you allocated for a refused file (the words read so far) and leave *x alone: a caller "
                 "must not receive half a vocabulary.") {
    refused("missing.vec", NULL, 0, "a missing file", NULL);
    refused("empty.vec", "", 0, "an empty file", "line 1");
    refused("h1.vec", "abc\n", 4, "a header without numbers", "line 1");
    refused("h2.vec", "3\n", 2, "a header with one number", "line 1");
    refused("h3.vec", "2 2 2\nx 1 2\ny 1 2\n", 18, "a header with three numbers", "line 1");
    refused("h4.vec", "0 2\n", 4, "a header announcing 0 words", "line 1");
    refused("h5.vec", "20000000 100\nx 1\n", 17, "a header announcing 2e7 words", "truncated");
    const char *t = "3 2\na 1.5 2.5\nb 3.5 4.5\n";
    refused("t1.vec", t, strlen(t), "a file that ends after 2 of 3 words", "line 4");
    t = "2 2\na 1 2\n\nb 3 4\n";
    refused("t2.vec", t, strlen(t), "an empty line in the middle", "line 3");
    t = "2 2\na 1 2\nb 3 x4\n";
    refused("t3.vec", t, strlen(t), "a field that is not a number", "line 3");
    t = "2 2\na 1 2\nb 3 nan\n";
    refused("t4.vec", t, strlen(t), "a NaN", "line 3");
    t = "2 2\na 1\nb 3 4\n";
    refused("t5.vec", t, strlen(t), "a word with 1 of 2 numbers", "line 2");
    t = "2 2\na 1 2 3\nb 3 4\n";
    refused("t6.vec", t, strlen(t), "a word with 3 of 2 numbers", "line 2");
    t = "2 2\na 1 2\nb 3 4\nc 5 6\n";
    refused("t7.vec", t, strlen(t), "a line more than the header says", "line 4");
    refused("bin.vec", "2 2\na \0\0\200?\0\0\0@\nb ", 18, "word2vec's binary format", "binary");
    refused(".", NULL, 0, "a directory", NULL);
}

WB_TEST(load_counts_before_storing, .points = 1,
        .hint = "Refuse the (D+1)-th number of a line before storing it anywhere: row nw of W has "
                "room for exactly D floats, and for the last word a further float lies past the "
                "whole matrix.",
        .hint2 = "Test d == D at the top of the loop over fields, then parse into W[nw * D + d]. "
                 "Parsing first writes the extra number one float past the row: on the last line, "
                 "past the end of the allocation (a crash in free, or an AddressSanitizer "
                 "report).") {
    /* the extra number on the last word's line: V * D = 302 floats, a 303rd would lie past them
       (1208 bytes, a size malloc gives exactly, with nothing spare behind it) */
    enum { D = 151 };
    char big[2 * (2 * D + 4) + 16];
    int n = sprintf(big, "2 %d\n", D);
    for (int w = 0; w < 2; w++) {
        n += sprintf(big + n, "%c", 'a' + w);
        for (int d = 0; d < D + w; d++) n += sprintf(big + n, " 7");
        n += sprintf(big + n, "\n");
    }
    refused("more_last.vec", big, (size_t)n, "the last word with 152 of 151 numbers", "line 3");
    const char *t = "2 3\na 1 2 3\nb 4 5 6 7\n";
    refused("more_small.vec", t, strlen(t), "the last word with 4 of 3 numbers", "line 3");
    t = "1 1\nz 0.5 -1 2\n";
    refused("more_one.vec", t, strlen(t), "a 1 x 1 file with 3 numbers", "line 2");
}
