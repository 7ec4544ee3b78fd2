/* test_batch.c — the seeded train/validation split and the per-epoch shuffled minibatches. */
#include "testing.h"

#include "batch.h"

#include <string.h>

WB_TEST(split_is_seeded_disjoint_and_complete, .points = 1,
        .hint = "Shuffle 0..n-1 with the seed, cut off the validation part, sort both parts.") {
    wb_split a, b, c;
    wb_split_make(&a, 100, 0.2f, 42);
    wb_split_make(&b, 100, 0.2f, 42);
    wb_split_make(&c, 100, 0.2f, 43);
    ck_assert_int_eq(a.n_val, 20);
    ck_assert_int_eq(a.n_train, 80);
    int seen[100] = {0};
    for (int i = 0; i < a.n_train; i++) seen[a.train[i]]++;
    for (int i = 0; i < a.n_val; i++) seen[a.val[i]]++;
    for (int i = 0; i < 100; i++) ck_assert_msg(seen[i] == 1, "example %d appears %d times", i, seen[i]);
    for (int i = 1; i < a.n_val; i++) ck_assert_msg(a.val[i - 1] < a.val[i], "val not increasing");
    ck_assert_msg(memcmp(a.val, b.val, 20 * sizeof(int)) == 0, "same seed, different split");
    ck_assert_msg(memcmp(a.val, c.val, 20 * sizeof(int)) != 0, "different seeds, same split");
    wb_split_free(&a);
    wb_split_free(&b);
    wb_split_free(&c);
}

WB_TEST(batches_cover_each_epoch_once_in_new_order, .points = 2,
        .hint = "Return batch_size indices at a time, a short last batch, then 0; reshuffle for the next epoch.") {
    int pool[10] = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    wb_batches it;
    wb_batches_init(&it, pool, 10, 4, 7);
    int orders[3][10];
    for (int epoch = 0; epoch < 3; epoch++) {
        const int *idx;
        int sizes[4], k = 0, got = 0, seen[10] = {0};
        while ((sizes[k] = wb_batches_next(&it, &idx)) > 0) {
            for (int i = 0; i < sizes[k]; i++) {
                ck_assert_msg(idx[i] >= 10 && idx[i] < 20, "index %d is not from the pool", idx[i]);
                seen[idx[i] - 10]++;
                orders[epoch][got++] = idx[i];
            }
            ck_assert_msg(++k < 4, "more than 3 batches of 10 examples at batch size 4");
        }
        ck_assert_msg(k == 3 && sizes[0] == 4 && sizes[1] == 4 && sizes[2] == 2, "batch sizes 4,4,2 expected");
        for (int i = 0; i < 10; i++) ck_assert_msg(seen[i] == 1, "epoch %d: example %d seen %d times", epoch, i + 10, seen[i]);
        ck_assert_int_eq(it.epoch, epoch + 1);
    }
    ck_assert_msg(memcmp(orders[0], orders[1], sizeof orders[0]) != 0 ||
                  memcmp(orders[1], orders[2], sizeof orders[0]) != 0, "the order never changes between epochs");
    /* the same seed gives the same sequence of batches */
    wb_batches again;
    wb_batches_init(&again, pool, 10, 4, 7);
    const int *idx;
    int b = wb_batches_next(&again, &idx);
    ck_assert_msg(b == 4 && memcmp(idx, orders[0], 4 * sizeof(int)) == 0, "not reproducible from the seed");
    wb_batches_free(&it);
    wb_batches_free(&again);
}

WB_TEST(gather_copies_rows_and_labels, .points = 1, .hint = "Row i of xb is row idx[i] of x.") {
    wb_tensor x = WB_TENSOR(4, 2, 3), xb = WB_TENSOR(2, 2, 3);
    for (size_t i = 0; i < x.size; i++) x.data[i] = (float)i;
    const uint8_t y[4] = {7, 8, 9, 6};
    uint8_t yb[2];
    const int idx[2] = {3, 1};
    wb_batch_gather(&x, y, idx, 2, &xb, yb);
    float want[12] = {18, 19, 20, 21, 22, 23, 6, 7, 8, 9, 10, 11};
    WB_ASSERT_CLOSE(xb.data, want, 12, 0, 0);
    ck_assert_msg(yb[0] == 6 && yb[1] == 8, "labels %d %d, want 6 8", yb[0], yb[1]);
    wb_tensor_free(&x);
    wb_tensor_free(&xb);
}
