/* mksample — make the committed samples from the full data sets (maintainers only: `make sample`).
 *
 *     mksample IMAGES LABELS PER_CLASS OUT_IMAGES OUT_LABELS
 *
 * Keeps the first PER_CLASS examples of each of the 10 classes, in their original order, so the
 * sample is balanced and anyone can make exactly the same files again from the full set (zlib's
 * gzip output carries no timestamp). The outputs are pinned in datasets/SHA256SUMS.
 */
#include "error.h"
#include "idx.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: mksample IMAGES LABELS PER_CLASS OUT_IMAGES OUT_LABELS\n");
        return 2;
    }
    wb_idx img, lab;
    if (wb_idx_read(argv[1], &img) != 0 || wb_idx_read(argv[2], &lab) != 0) {
        fprintf(stderr, "mksample: %s\n", wb_last_error());
        return 1;
    }
    int per_class = atoi(argv[3]), taken[256] = {0}, n = 0;
    WB_CHECK(img.rank == 3 && lab.rank == 1 && img.dims[0] == lab.dims[0], "not an image/label pair");
    size_t row = (size_t)img.dims[1] * img.dims[2];
    /* compact the chosen examples to the front of both buffers, keeping their order */
    for (int i = 0; i < lab.dims[0]; i++) {
        int y = lab.data[i];
        if (taken[y] >= per_class) continue;
        taken[y]++;
        for (size_t k = 0; k < row; k++) img.data[(size_t)n * row + k] = img.data[(size_t)i * row + k];
        lab.data[n++] = (uint8_t)y;
    }
    for (int c = 0; c < 10; c++) WB_CHECK(taken[c] == per_class, "class %d has only %d examples", c, taken[c]);
    img.dims[0] = lab.dims[0] = n;
    img.size = (size_t)n * row;
    lab.size = (size_t)n;
    if (wb_idx_write(argv[4], &img) != 0 || wb_idx_write(argv[5], &lab) != 0) {
        fprintf(stderr, "mksample: %s\n", wb_last_error());
        return 1;
    }
    printf("%s: %d examples, %d per class\n", argv[4], n, per_class);
    wb_idx_free(&img);
    wb_idx_free(&lab);
    return 0;
}
