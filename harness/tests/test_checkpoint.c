/* test_checkpoint.c — wb_ckpt_save/wb_ckpt_load: a round trip, and every way a file can be
 * wrong (cut short at every length, one byte changed at every offset, a byte too many, a part of
 * another size, a directory), each refused with the path and leaving the parts as they were. */
#include "checkpoint.h"
#include "error.h"
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Three parts as a run has them: a counter, an array, an empty one (a curve with no points). */
typedef struct state {
    long step;
    float w[5];
    char none[1];
} state;

static void parts_of(state *s, wb_ckpt_part p[3]) {
    p[0] = (wb_ckpt_part){"the step", &s->step, sizeof s->step};
    p[1] = (wb_ckpt_part){"the weights", s->w, sizeof s->w};
    p[2] = (wb_ckpt_part){"the curve", s->none, 0};
}

static state example(void) { return (state){.step = 1234567, .w = {1.5f, -2, 0.25f, 3e-30f, 7}}; }

/* The example state saved as NAME in the test's directory (its path into `path`). */
static void save_example(const char *name, char path[512], state *s, wb_ckpt_part p[3]) {
    wb_test_path(name, path, 512);
    *s = example();
    parts_of(s, p);
    ck_assert_msg(wb_ckpt_save(path, "TEST", p, 3) == 0, "save %s: %s", name, wb_last_error());
}

static long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void write_bytes(const char *path, const unsigned char *b, long n) {
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f && fwrite(b, 1, (size_t)n, f) == (size_t)n && fclose(f) == 0, "writing %s",
                  path);
}

/* Loading `path` must fail with a message that starts with the path (and contains `needle`
   unless NULL), leaving the parts as they were. */
static void refused(const char *path, const char *needle, const char *what) {
    state s = {.step = -1, .w = {9, 9, 9, 9, 9}}, before = s;
    wb_ckpt_part p[3];
    parts_of(&s, p);
    ck_assert_msg(wb_ckpt_load(path, "TEST", p, 3) == -1, "%s: accepted", what);
    ck_assert_msg(strncmp(wb_last_error(), path, strlen(path)) == 0,
                  "%s: the message \"%s\" should start with the path", what, wb_last_error());
    ck_assert_msg(!needle || strstr(wb_last_error(), needle), "%s: \"%s\" should say \"%s\"", what,
                  wb_last_error(), needle);
    ck_assert_msg(memcmp(&s, &before, sizeof s) == 0, "%s: a refused file changed the parts", what);
}

WB_TEST(checkpoint_round_trip, .points = 1,
        .hint = "What wb_ckpt_save wrote, wb_ckpt_load must give back byte for byte, from a file "
                "of tag + count + (length + bytes) per part + hash, with no .tmp file left.") {
    char path[512], tmp[520];
    state s, back = {0};
    wb_ckpt_part p[3], q[3];
    save_example("run.ckpt", path, &s, p), parts_of(&back, q);
    ck_assert_int_eq(file_size(path), 4 + 4 + (8 + 8) + (8 + 20) + (8 + 0) + 8);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ck_assert_msg(file_size(tmp) < 0, "the temporary file is still there");
    ck_assert_msg(wb_ckpt_load(path, "TEST", q, 3) == 0, "load: %s", wb_last_error());
    ck_assert_msg(memcmp(&s, &back, sizeof s) == 0, "loaded something else than was saved");
    s.step = 7, s.w[4] = -1; /* a second save replaces the first */
    ck_assert_msg(wb_ckpt_save(path, "TEST", p, 3) == 0, "save again: %s", wb_last_error());
    ck_assert_msg(wb_ckpt_load(path, "TEST", q, 3) == 0 && back.step == 7 && back.w[4] == -1,
                  "the second save did not replace the first");
}

WB_TEST(checkpoint_missing_is_not_an_error, .points = 1,
        .hint = "No file means 'nothing to resume' (return 1, message ready), not a corrupt one.") {
    char path[512];
    wb_test_path("never-written.ckpt", path, sizeof path);
    state s = example(), before = s;
    wb_ckpt_part p[3];
    parts_of(&s, p);
    ck_assert_int_eq(wb_ckpt_load(path, "TEST", p, 3), 1);
    ck_assert_msg(strstr(wb_last_error(), "no checkpoint"), "message: %s", wb_last_error());
    ck_assert_msg(memcmp(&s, &before, sizeof s) == 0, "a missing file changed the parts");
    wb_test_path("adir", path, sizeof path);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    refused(path, "directory", "a directory");
}

WB_TEST(checkpoint_refuses_every_damage, .points = 2, .timeout = 20,
        .hint = "A file cut short at any length, with any one byte changed, or one byte longer "
                "must be refused before any part is written: check the lengths and the hash "
                "first.") {
    char path[512], bad[512], what[64];
    state s;
    wb_ckpt_part p[3];
    save_example("good.ckpt", path, &s, p);
    wb_test_path("bad.ckpt", bad, sizeof bad);
    long n = file_size(path);
    unsigned char b[128];
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f && n < (long)sizeof b && fread(b, 1, (size_t)n, f) == (size_t)n, "read back");
    fclose(f);
    for (long len = 0; len < n; len++) { /* truncated at every length */
        write_bytes(bad, b, len);
        snprintf(what, sizeof what, "cut to %ld of %ld bytes", len, n);
        refused(bad, NULL, what);
    }
    for (long i = 0; i < n; i++) { /* one byte changed at every offset */
        b[i] ^= 0x10;
        write_bytes(bad, b, n);
        snprintf(what, sizeof what, "byte %ld changed", i);
        refused(bad, NULL, what);
        b[i] ^= 0x10;
    }
    b[n] = 0; /* one byte too many */
    write_bytes(bad, b, n + 1);
    refused(bad, "after the end", "a byte too many");
    b[24] ^= 0x01; /* the weights' length (bytes 24-31): 20 -> 21, and the file one byte longer */
    write_bytes(bad, b, n + 1);
    refused(bad, "the weights", "a part of another length");
}

WB_TEST(checkpoint_of_another_run, .points = 1,
        .hint = "A checkpoint saved with other settings (other sizes, another program's tag, other "
                "parts) must be refused with a message naming what differs.") {
    char path[512];
    wb_test_path("other.ckpt", path, sizeof path);
    state s = example();
    wb_ckpt_part p[3];
    parts_of(&s, p);
    p[1].bytes = 3 * sizeof(float); /* a smaller model */
    ck_assert_msg(wb_ckpt_save(path, "TEST", p, 3) == 0, "save: %s", wb_last_error());
    refused(path, "the weights: 12 bytes there, 20 in this run", "a smaller part");
    ck_assert_msg(wb_ckpt_save(path, "OTHR", p, 3) == 0, "save: %s", wb_last_error());
    refused(path, "not a checkpoint of this program", "another tag");
    ck_assert_msg(wb_ckpt_save(path, "TEST", p, 2) == 0, "save: %s", wb_last_error());
    refused(path, "2 parts", "fewer parts");
}

WB_TEST(checkpoint_failed_save_keeps_the_last_one, .points = 1,
        .hint = "Write PATH.tmp and rename it: a save that fails must leave the last good "
                "checkpoint as it was, and say so in one line.") {
    char path[512], tmp[520];
    state s, back = {0};
    wb_ckpt_part p[3], q[3];
    save_example("kept.ckpt", path, &s, p), parts_of(&back, q);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ck_assert_int_eq(mkdir(tmp, 0700), 0); /* the temporary file cannot be created */
    s.step = 99;
    ck_assert_int_eq(wb_ckpt_save(path, "TEST", p, 3), -1);
    ck_assert_msg(strstr(wb_last_error(), ".tmp"), "message: %s", wb_last_error());
    ck_assert_msg(wb_ckpt_load(path, "TEST", q, 3) == 0 && back.step == 1234567,
                  "the failed save damaged the last checkpoint");
}
