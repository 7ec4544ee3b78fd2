/* fuzz_idx — libFuzzer target for the IDX reader (idx.h), plain and gzipped input.
 * Build and run: make fuzz FUZZ_SECONDS=600 (see harness/data/data.mk). Besides "no crash, no
 * leak, no undefined behaviour", it checks what the reader promises about the files it accepts. */
#include "fuzz_file.h"

#include "dataset.h"
#include "idx.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    wb_idx idx;
    if (wb_idx_read(path, &idx) == 0) {
        size_t product = 1;
        for (int d = 0; d < idx.rank; d++) product *= (size_t)idx.dims[d];
        if (idx.rank < 1 || idx.rank > WB_IDX_MAX_RANK || product != idx.size || !idx.data) abort();
        volatile uint8_t sum = 0; /* touch every byte: ASan catches a short buffer */
        for (size_t i = 0; i < idx.size; i++) sum += idx.data[i];
        (void)sum;
        wb_idx_free(&idx);

        wb_tensor x;
        if (wb_idx_load_images(path, &x) == 0) wb_tensor_free(&x);
        uint8_t *y;
        int n;
        if (wb_idx_load_labels(path, &y, &n) == 0) free(y);
    }
    /* datainfo's code path, output thrown away */
    FILE *devnull = fopen("/dev/null", "w");
    wb_dataset_describe(path, devnull);
    fclose(devnull);
    close(fd);
    return 0;
}
