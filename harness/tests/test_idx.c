/* test_idx.c — the IDX reader against the committed MNIST sample and crafted bad files.
 * Bad files are written to a fresh temporary directory by each test, never committed. */
#include "testing.h"

#include "error.h"
#include "idx.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_fixtures.h"

#define SAMPLE "datasets/sample/mnist/"

/* A valid image file: 3 images of 2x2 pixels, 16 header bytes + 12 pixel bytes. */
static const uint8_t good[28] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2,
                                 0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8};

static void assert_fails_with(const char *path, const char *needle) {
    wb_idx idx;
    int rc = wb_idx_read(path, &idx);
    ck_assert_msg(rc == -1, "%s: accepted a bad file", path);
    ck_assert_msg(strstr(wb_last_error(), needle), "message \"%s\" should contain \"%s\"",
                  wb_last_error(), needle);
    ck_assert_msg(strncmp(wb_last_error(), path, strlen(path)) == 0, "message should start with the path");
    ck_assert_msg(idx.data == NULL, "a failed read must leave no buffer behind");
}

WB_TEST(idx_reads_sample_labels, .points = 1,
        .hint = "The label file is magic 00 00 08 01, one big-endian count, then one byte per label.") {
    uint8_t *y;
    int n;
    ck_assert_msg(wb_idx_load_labels(SAMPLE "train-labels-idx1-ubyte.gz", &y, &n) == 0, "%s", wb_last_error());
    ck_assert_int_eq(n, 2000);
    int count[10] = {0};
    for (int i = 0; i < n; i++) count[y[i]]++;
    for (int c = 0; c < 10; c++) ck_assert_msg(count[c] == 200, "class %d: %d labels, want 200", c, count[c]);
    /* the sample keeps MNIST's order, whose first ten training labels are well known */
    const uint8_t first[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    ck_assert_msg(memcmp(y, first, 10) == 0, "first labels %d %d %d ..., want 5 0 4 ...", y[0], y[1], y[2]);
    free(y);
}

WB_TEST(idx_loads_sample_pair_scaled, .points = 1,
        .hint = "Images are (N,28,28) bytes; divide by 255 to get floats in [0,1].") {
    wb_tensor x;
    uint8_t *y;
    int n;
    ck_assert_msg(wb_idx_load_pair(SAMPLE "t10k-images-idx3-ubyte.gz", SAMPLE "t10k-labels-idx1-ubyte.gz",
                                   &x, &y, &n) == 0, "%s", wb_last_error());
    ck_assert_int_eq(n, 500);
    ck_assert_int_eq(x.ndim, 3);
    ck_assert_msg(x.shape[0] == 500 && x.shape[1] == 28 && x.shape[2] == 28, "shape (%d,%d,%d)",
                  x.shape[0], x.shape[1], x.shape[2]);
    float lo = 1, hi = 0;
    for (size_t i = 0; i < x.size; i++) lo = x.data[i] < lo ? x.data[i] : lo, hi = x.data[i] > hi ? x.data[i] : hi;
    ck_assert_msg(lo == 0.0f && hi == 1.0f, "pixels span [%g, %g], want [0, 1]", lo, hi);
    wb_tensor_free(&x);
    free(y);
}

WB_TEST(idx_roundtrips_plain_and_gzip, .points = 1,
        .hint = "zlib's gzread reads plain files too; check the values, not just the shape.") {
    for (int gz = 0; gz <= 1; gz++) {
        const char *path = fixture(gz ? "good.gz" : "good", good, sizeof good, gz);
        wb_tensor x;
        ck_assert_msg(wb_idx_load_images(path, &x) == 0, "%s", wb_last_error());
        ck_assert_msg(x.shape[0] == 3 && x.shape[1] == 2 && x.shape[2] == 2, "wrong shape");
        float want[4] = {0, 1, 0.2f, 0.4f};
        WB_ASSERT_CLOSE(x.data, want, 4, 1e-6, 1e-7);
        wb_tensor_free(&x);
    }
}

WB_TEST(idx_writes_what_it_reads, .points = 1, .hint = "wb_idx_write: header, then the bytes.") {
    wb_idx a, b;
    ck_assert_msg(wb_idx_read(fixture("in", good, sizeof good, 0), &a) == 0, "%s", wb_last_error());
    char out[600];
    snprintf(out, sizeof out, "%s/out.gz", fixture_dir());
    ck_assert_msg(wb_idx_write(out, &a) == 0, "%s", wb_last_error());
    ck_assert_msg(wb_idx_read(out, &b) == 0, "%s", wb_last_error());
    ck_assert_msg(b.rank == 3 && b.size == 12 && memcmp(a.data, b.data, 12) == 0, "round trip differs");
    wb_idx_free(&a);
    wb_idx_free(&b);
}

WB_TEST(idx_rejects_truncation_at_every_byte, .points = 2,
        .hint = "Check every read's count: a short header or short data is an error, never garbage.") {
    for (int gz = 0; gz <= 1; gz++) {
        for (size_t n = 0; n < sizeof good; n++) {
            const char *path = fixture(gz ? "cut.gz" : "cut", good, n, gz);
            const char *needle = n == 0 && !gz ? "empty file" : "truncated";
            assert_fails_with(path, needle);
        }
    }
    /* the exact message the harness promises */
    const char *path = fixture("cut", good, 20, 0);
    char want[1200];
    snprintf(want, sizeof want, "%s: truncated: expected 28 bytes, got 20", path);
    wb_idx idx;
    ck_assert_int_eq(wb_idx_read(path, &idx), -1);
    ck_assert_str_eq(wb_last_error(), want);
}

WB_TEST(idx_rejects_extra_bytes, .points = 1, .hint = "After the last element the file must end.") {
    uint8_t longer[29];
    memcpy(longer, good, 28);
    longer[28] = 9;
    assert_fails_with(fixture("long", longer, sizeof longer, 0), "longer than its header");
}

WB_TEST(idx_rejects_bad_magic_type_and_rank, .points = 2,
        .hint = "Magic: two zero bytes, the type (0x08 = unsigned byte), the rank (1..4).") {
    uint8_t bad[28];
    memcpy(bad, good, 28);
    bad[0] = 0x89; /* e.g. a PNG */
    assert_fails_with(fixture("magic", bad, 28, 0), "not an IDX file");
    memcpy(bad, good, 28);
    bad[2] = 0x0D; /* float32 */
    assert_fails_with(fixture("type", bad, 28, 0), "element type 0x0d (float32)");
    memcpy(bad, good, 28);
    bad[3] = 0;
    assert_fails_with(fixture("rank0", bad, 28, 0), "rank 0");
    bad[3] = 5;
    assert_fails_with(fixture("rank5", bad, 28, 0), "rank 5");
}

WB_TEST(idx_rejects_huge_and_zero_dimensions, .points = 2,
        .hint = "Check the product of the dimensions for overflow before you allocate anything.") {
    /* 4 x 0xFFFFFFFF overflows 64 bits; 65536 x 65536 is 4 GiB, over the limit; 0 holds nothing */
    const uint8_t overflow[20] = {0, 0, 8, 4, 255, 255, 255, 255, 255, 255, 255, 255,
                                  255, 255, 255, 255, 255, 255, 255, 255};
    const uint8_t big[12] = {0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0};
    const uint8_t zero[12] = {0, 0, 8, 2, 0, 0, 0, 5, 0, 0, 0, 0};
    assert_fails_with(fixture("overflow", overflow, sizeof overflow, 0), "limit");
    assert_fails_with(fixture("big", big, sizeof big, 0), "limit");
    assert_fails_with(fixture("big.gz", big, sizeof big, 1), "limit");
    assert_fails_with(fixture("zero", zero, sizeof zero, 0), "dimension 1 is 0");
    /* a legal header that promises 1 GiB but holds 3 bytes: refused without allocating 1 GiB */
    const uint8_t lie[15] = {0, 0, 8, 2, 0, 0, 64, 0, 0, 1, 0, 0, 1, 2, 3};
    assert_fails_with(fixture("lie", lie, sizeof lie, 0), "truncated");
}

WB_TEST(idx_rejects_label_count_mismatch, .points = 1,
        .hint = "Compare the item counts of the image and label files.") {
    char images[1100];
    snprintf(images, sizeof images, "%s", fixture("images", good, sizeof good, 0));
    const uint8_t labels[12] = {0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4};
    const char *lpath = fixture("labels", labels, sizeof labels, 0);
    wb_tensor x = {0};
    uint8_t *y = NULL;
    int n = -1;
    ck_assert_int_eq(wb_idx_load_pair(images, lpath, &x, &y, &n), -1);
    ck_assert_msg(strstr(wb_last_error(), "4 labels for 3 images"), "message: %s", wb_last_error());
    ck_assert_msg(y == NULL && n == 0, "nothing may be returned on failure");
    /* a label file where images are expected, and the other way round */
    ck_assert_int_eq(wb_idx_load_images(lpath, &x), -1);
    ck_assert_msg(strstr(wb_last_error(), "not an image file"), "message: %s", wb_last_error());
    ck_assert_int_eq(wb_idx_load_labels(images, &y, &n), -1);
    ck_assert_msg(strstr(wb_last_error(), "not a label file"), "message: %s", wb_last_error());
}

WB_TEST(idx_rejects_gzip_garbage, .points = 1,
        .hint = "gzread returns -1 on a corrupt stream: report gzerror's message.") {
    const uint8_t garbage[24] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef,
                                 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_fails_with(fixture("garbage.gz", garbage, sizeof garbage, 0), "corrupt gzip data");
    /* a real gzip stream cut short: the data ends early */
    const char *path = fixture("whole.gz", good, sizeof good, 1);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(truncate(path, st.st_size - 12), 0);
    wb_idx idx;
    ck_assert_int_eq(wb_idx_read(path, &idx), -1);
}

WB_TEST(idx_rejects_missing_empty_and_directory, .points = 1,
        .hint = "stat() first: a directory or a pipe is not a data file.") {
    assert_fails_with(fixture_dir(), "is a directory");
    assert_fails_with(fixture("empty", "", 0, 0), "empty file");
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nope", fixture_dir());
    assert_fails_with(missing, "No such file");
    assert_fails_with("/dev/null", "not a regular file");
}
