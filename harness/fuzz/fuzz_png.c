/* fuzz_png — libFuzzer target for the PNG reader (image.h, libpng underneath).
 * An accepted image must have a sane size and channel count, and all its pixels readable. */
#include "fuzz_file.h"

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    wb_image img;
    if (wb_png_read(path, &img) == 0) {
        if (img.width < 1 || img.height < 1 || img.width > WB_PNG_MAX_SIDE ||
            img.height > WB_PNG_MAX_SIDE || (img.channels != 1 && img.channels != 3) || !img.pixels)
            abort();
        volatile unsigned char sum = 0;
        size_t n = (size_t)img.width * img.height * img.channels;
        for (size_t i = 0; i < n; i++) sum += img.pixels[i];
        (void)sum;
        wb_image_free(&img);
    }
    close(fd);
    return 0;
}
