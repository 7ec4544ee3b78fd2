/* data_fixtures.h — crafted files for the data tests (test_idx.c, test_corpus.c, test_dataset.c).
 *
 *     const char *path = fixture("cut.gz", bytes, n, 1);   // write n bytes, gzipped, return the path
 *
 * Files go to one temporary directory per test process (Check runs each test in its own process),
 * which is removed when the process exits, whether the test passed or failed.
 */
#ifndef DATA_FIXTURES_H
#define DATA_FIXTURES_H

#include <check.h>
#include <dirent.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "testing.h"

static char fixture_dir_[512];

static void fixture_rm_(const char *path) {
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        fixture_rm_(sub);
    }
    if (d) closedir(d);
    remove(path); /* a file, or a directory now empty */
}
static void fixture_cleanup_(void) { fixture_rm_(fixture_dir_); }

/* This process's temporary directory. */
static inline const char *fixture_dir(void) {
    if (!fixture_dir_[0]) {
        snprintf(fixture_dir_, sizeof fixture_dir_, "%s", wb_test_tmpdir());
        atexit(fixture_cleanup_);
    }
    return fixture_dir_;
}

/* Write n bytes to fixture_dir()/name, through gzip when gz; returns the path (a static buffer:
   copy it before the next call if you need both). */
static inline const char *fixture(const char *name, const void *bytes, size_t n, int gz) {
    static char path[1100];
    if (snprintf(path, sizeof path, "%s/%s", fixture_dir(), name) >= (int)sizeof path)
        ck_abort_msg("fixture path too long: %s", name);
    gzFile f = gzopen(path, gz ? "wb" : "wbT"); /* "T": plain bytes, no gzip */
    ck_assert_msg(f && (n == 0 || gzwrite(f, bytes, (unsigned)n) == (int)n) && gzclose(f) == Z_OK,
                  "cannot write %s", path);
    return path;
}

#endif
