/* idx.h — read IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped.
 *
 * An IDX file is a 4-byte magic number, one big-endian uint32 per dimension, then the elements:
 *     00 00 08 03 | 00 00 EA 60 | 00 00 00 1C | 00 00 00 1C | 60000*28*28 pixel bytes
 *     zero  type=ubyte rank=3      N=60000       H=28          W=28
 * Labels are the same with rank 1: 00 00 08 01 | N | N label bytes.
 *
 *     wb_tensor x;  uint8_t *y;  int n;
 *     if (wb_idx_load_pair("datasets/sample/mnist/train-images-idx3-ubyte.gz",
 *                          "datasets/sample/mnist/train-labels-idx1-ubyte.gz", &x, &y, &n) != 0) {
 *         fprintf(stderr, "%s\n", wb_last_error());
 *         return 1;
 *     }
 *     // x is (n,28,28), pixels scaled to [0,1]; y[i] is the label of image i
 *     wb_tensor_free(&x);
 *     free(y);
 *
 * Files ending in .gz or not are both fine (zlib reads either). The reader trusts nothing: it checks
 * the magic, the element type (unsigned byte only), the rank (1..4), every dimension (positive, and
 * a product under WB_IDX_MAX_BYTES, so a forged header cannot make it allocate gigabytes), and that
 * the file holds exactly the bytes the header promises: no fewer, no more. Any problem is -1 with a
 * one-line message such as "x.idx: truncated: expected 7840016 bytes, got 100" (see error.h).
 */
#ifndef WB_IDX_H
#define WB_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "tensor.h"

/* No IDX file we use is larger than this (MNIST's training images are 47 MB). */
#define WB_IDX_MAX_BYTES ((size_t)1 << 30)
#define WB_IDX_MAX_RANK 4

/* The raw contents of an IDX file of unsigned bytes. */
typedef struct wb_idx {
    int rank;                   /* number of dimensions, 1..4 */
    int dims[WB_IDX_MAX_RANK];  /* dims[0] is the number of items (images or labels) */
    size_t size;                /* number of elements: the product of dims */
    uint8_t *data;              /* size bytes, row-major */
} wb_idx;

/* Read any valid unsigned-byte IDX file (plain or gzipped). 0 on success, -1 with a message. */
int wb_idx_read(const char *path, wb_idx *out);
void wb_idx_free(wb_idx *idx);

/* Images: a rank-3 file (N,H,W) -> a float tensor (N,H,W) with pixel/255 in [0,1]. */
int wb_idx_load_images(const char *path, wb_tensor *images);
/* Labels: a rank-1 file (N) -> *labels (malloc'd, N bytes, caller frees) and *n = N. */
int wb_idx_load_labels(const char *path, uint8_t **labels, int *n);
/* Both files of a data set; also checks that they hold the same number of items. */
int wb_idx_load_pair(const char *images_path, const char *labels_path, wb_tensor *images,
                     uint8_t **labels, int *n);

/* Write an unsigned-byte IDX file, gzipped when path ends in ".gz" (used to make the samples). */
int wb_idx_write(const char *path, const wb_idx *idx);

#endif
