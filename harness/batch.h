/* batch.h — a seeded train/validation split, and minibatches in a new random order every epoch.
 *
 *     wb_split s;
 *     wb_split_make(&s, n, 0.1f, 42);          // 10% of the n examples held out, chosen by seed 42
 *
 *     wb_batches it;
 *     wb_batches_init(&it, s.train, s.n_train, 64, 7);
 *     wb_tensor xb = WB_TENSOR(64, 28, 28);
 *     uint8_t yb[64];
 *     for (int epoch = 0; epoch < 5; epoch++) {
 *         const int *idx;
 *         int b;
 *         while ((b = wb_batches_next(&it, &idx)) > 0) {   // 0 marks the end of the epoch
 *             wb_batch_gather(&x, y, idx, b, &xb, yb);       // examples idx[0..b-1] -> xb, yb
 *             ... one training step on the first b rows of xb ...
 *         }
 *     }
 *     wb_batches_free(&it);
 *     wb_split_free(&s);
 *
 * Why shuffle every epoch: the same fixed order each time lets the network pick up on the order of
 * the examples, and repeats the same gradient-noise pattern. Why seeds: a run can be repeated exactly
 * (rng.h). The last batch of an epoch is smaller when the batch size does not divide n.
 */
#ifndef WB_BATCH_H
#define WB_BATCH_H

#include <stdint.h>

#include "rng.h"
#include "tensor.h"

typedef struct wb_split {
    int *train, n_train; /* indices of the training examples, in increasing order */
    int *val, n_val;     /* indices of the held-out validation examples, in increasing order */
} wb_split;

/* Split examples 0..n-1: round(val_fraction * n) of them, chosen at random by seed, go to val. */
void wb_split_make(wb_split *s, int n, float val_fraction, uint64_t seed);
void wb_split_free(wb_split *s);

typedef struct wb_batches {
    int *order;      /* this epoch's permutation of the pool */
    int n;           /* pool size */
    int batch_size;
    int pos;         /* next position in order */
    int epoch;       /* epochs completed */
    wb_rng rng;
} wb_batches;

/* Batches over pool[0..n-1] (indices of examples; pass NULL for 0..n-1). */
void wb_batches_init(wb_batches *it, const int *pool, int n, int batch_size, uint64_t seed);
/* The next batch: *idx points at its example indices; returns its size, or 0 at the end of an
   epoch (the next call starts a new epoch, in a new order). */
int wb_batches_next(wb_batches *it, const int **idx);
void wb_batches_free(wb_batches *it);

/* Copy examples idx[0..b-1] of x (N,...) into the first b rows of xb, and their labels into yb
   (y and yb may be NULL). xb needs room for b rows of x's row size. */
void wb_batch_gather(const wb_tensor *x, const uint8_t *y, const int *idx, int b, wb_tensor *xb, uint8_t *yb);

#endif
