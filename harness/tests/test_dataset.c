/* test_dataset.c — data sets by name (the DATA= fallback) and datainfo's descriptions, including
 * that it answers every bad or random input with an error instead of a crash. */
#include "testing.h"

#include "dataset.h"
#include "error.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data_fixtures.h"

/* Describe a file into a string (an in-memory FILE). Returns describe's result. */
static int describe(const char *path, char *out, size_t len) {
    FILE *f = fmemopen(out, len, "w");
    ck_assert_msg(f != NULL, "fmemopen failed");
    int rc = wb_dataset_describe(path, f);
    fclose(f);
    return rc;
}

WB_TEST(dataset_loads_samples_by_name, .points = 1,
        .hint = "sample = datasets/sample/mnist/, fashion-sample = datasets/sample/fashion/.") {
    const char *names[] = {"sample", "fashion-sample"};
    for (int k = 0; k < 2; k++) {
        wb_tensor x;
        uint8_t *y;
        int n;
        ck_assert_msg(wb_dataset_load(names[k], "test", &x, &y, &n) == 0, "%s", wb_last_error());
        ck_assert_msg(n == 500 && x.shape[0] == 500 && x.shape[1] == 28, "%s test: n = %d", names[k], n);
        int count[WB_NUM_CLASSES] = {0};
        for (int i = 0; i < n; i++) count[y[i]]++;
        for (int c = 0; c < WB_NUM_CLASSES; c++) ck_assert_int_eq(count[c], 50);
        wb_tensor_free(&x);
        free(y);
    }
    wb_tensor x;
    uint8_t *y;
    int n;
    ck_assert_int_eq(wb_dataset_load("cifar", "train", &x, &y, &n), -1);
    ck_assert_msg(strstr(wb_last_error(), "unknown data set"), "%s", wb_last_error());
    ck_assert_int_eq(wb_dataset_load("sample", "dev", &x, &y, &n), -1);
}

WB_TEST(dataset_falls_back_to_sample_when_not_fetched, .points = 1,
        .hint = "With no DATA, use the full set if its four files exist, else the sample.") {
    setenv("WB_DATASETS", fixture_dir(), 1); /* an empty folder: nothing fetched */
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr)); /* the fallback notes are expected here */
    unsetenv("DATA");
    ck_assert_str_eq(wb_dataset_choose(NULL), "sample");
    ck_assert_str_eq(wb_dataset_choose("fashion"), "fashion-sample");
    setenv("DATA", "fashion-sample", 1);
    ck_assert_str_eq(wb_dataset_choose(NULL), "fashion-sample");
    ck_assert_str_eq(wb_dataset_choose("mnist"), "sample");
    /* once the four files are there, the full set is the default */
    const char *names[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte"};
    char path[700];
    snprintf(path, sizeof path, "%s/full", fixture_dir());
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/full/mnist", fixture_dir());
    mkdir(path, 0777);
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "full/mnist/%s", names[i]);
        fixture(path, "x", 1, 0);
    }
    unsetenv("DATA");
    ck_assert_str_eq(wb_dataset_choose(NULL), "mnist");
    ck_assert_int_eq(wb_dataset_available("mnist"), 1);
}

WB_TEST(dataset_rejects_labels_outside_0_to_9, .points = 1,
        .hint = "A label byte of 10 or more would index past a 10-class output: refuse it.") {
    setenv("WB_DATASETS", fixture_dir(), 1);
    char path[700];
    snprintf(path, sizeof path, "%s/sample", fixture_dir());
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/sample/mnist", fixture_dir());
    mkdir(path, 0777);
    const uint8_t images[20] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4};
    const uint8_t labels[10] = {0, 0, 8, 1, 0, 0, 0, 2, 3, 12};
    fixture("sample/mnist/train-images-idx3-ubyte", images, sizeof images, 0);
    fixture("sample/mnist/train-labels-idx1-ubyte.gz", labels, sizeof labels, 1);
    wb_tensor x;
    uint8_t *y;
    int n;
    ck_assert_int_eq(wb_dataset_load("sample", "train", &x, &y, &n), -1);
    ck_assert_msg(strstr(wb_last_error(), "label 12 of item 1 is outside 0..9"), "%s", wb_last_error());
}

WB_TEST(datainfo_prints_label_histogram, .points = 1,
        .hint = "Count each label value; print one line per value that occurs.") {
    static char out[4096];
    ck_assert_msg(describe("datasets/sample/mnist/train-labels-idx1-ubyte.gz", out, sizeof out) == 0,
                  "%s", wb_last_error());
    ck_assert_msg(strstr(out, "IDX labels") && strstr(out, "2000 labels, 10 distinct values"), "%s", out);
    ck_assert_msg(strstr(out, "\n    0    200  10.00%\n") && strstr(out, "\n    9    200  10.00%\n"), "%s", out);
    ck_assert_msg(describe("datasets/sample/fashion/t10k-images-idx3-ubyte.gz", out, sizeof out) == 0,
                  "%s", wb_last_error());
    ck_assert_msg(strstr(out, "IDX images, unsigned bytes, shape (500,28,28)"), "%s", out);
    ck_assert_msg(describe("datasets/sample/poetry.txt", out, sizeof out) == 0, "%s", wb_last_error());
    ck_assert_msg(strstr(out, "text corpus, 458072 bytes, 4939 lines, vocabulary of 63 symbols"), "%s", out);
}

WB_TEST(datainfo_errors_instead_of_crashing, .points = 2, .timeout = 10,
        .hint = "Every bad input is one line of error; random bytes must never crash the readers.") {
    static char out[4096];
    ck_assert_int_eq(describe(fixture_dir(), out, sizeof out), -1);
    ck_assert_int_eq(describe(fixture("empty", "", 0, 0), out, sizeof out), -1);
    ck_assert_int_eq(describe("/dev/null", out, sizeof out), -1);
    /* random files, plain and gzipped, half of them with an IDX-like start */
    wb_rng r;
    wb_rng_seed(&r, 2024);
    uint8_t bytes[64];
    for (int trial = 0; trial < 300; trial++) {
        size_t n = wb_rng_below(&r, sizeof bytes + 1);
        for (size_t i = 0; i < n; i++) bytes[i] = (uint8_t)wb_rng_u32(&r);
        if (trial % 2 && n >= 4) bytes[0] = bytes[1] = 0, bytes[2] = 8, bytes[3] = 1 + trial % 5;
        int rc = describe(fixture("random", bytes, n, trial % 3 == 0), out, sizeof out);
        if (rc != 0) {
            const char *msg = wb_last_error();
            ck_assert_msg(*msg && !strchr(msg, '\n'), "trial %d: want a one-line message, got \"%s\"", trial, msg);
        }
    }
}
