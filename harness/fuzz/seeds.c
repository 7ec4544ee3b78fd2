/* seeds — write a few small valid files to start the fuzzers from (make fuzz runs it).
 *
 *     seeds DIR   ->  files under DIR/idx, DIR/png and DIR/corpus
 *
 * Small on purpose: libFuzzer mutates these, and short inputs mean many executions per second. */
#include "corpus.h"
#include "error.h"
#include "files.h"
#include "idx.h"
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_idx(const char *dir, const char *name, int rank, const int *dims) {
    wb_idx idx = {.rank = rank, .size = 1};
    for (int d = 0; d < rank; d++) idx.size *= (size_t)(idx.dims[d] = dims[d]);
    idx.data = wb_malloc(idx.size);
    for (size_t i = 0; i < idx.size; i++) idx.data[i] = (uint8_t)(i * 37 % 10);
    char path[512];
    snprintf(path, sizeof path, "%s/idx/%s", dir, name);
    if (wb_mkdir_parents(path) != 0 || wb_idx_write(path, &idx) != 0) wb_die("%s", wb_last_error());
    free(idx.data);
}

static void write_png(const char *dir, const char *name, int w, int h, int channels) {
    wb_image img = wb_image_new(w, h, channels);
    for (int i = 0; i < w * h * channels; i++) img.pixels[i] = (unsigned char)(i * 29);
    char path[512];
    snprintf(path, sizeof path, "%s/png/%s", dir, name);
    if (wb_mkdir_parents(path) != 0 || wb_png_write(path, &img) != 0) wb_die("%s", wb_last_error());
    wb_image_free(&img);
}

static void write_text(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", dir, name);
    if (wb_mkdir_parents(path) != 0) wb_die("%s", wb_last_error());
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) wb_die("%s: cannot write", path);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: seeds DIR\n"); return 2; }
    const char *dir = argv[1];
    write_idx(dir, "labels", 1, (int[]){10});
    write_idx(dir, "labels.gz", 1, (int[]){10});
    write_idx(dir, "images", 3, (int[]){2, 4, 4});
    write_idx(dir, "images.gz", 3, (int[]){3, 5, 5});
    write_idx(dir, "rank4", 4, (int[]){1, 2, 2, 2});
    write_png(dir, "grey.png", 4, 3, 1);
    write_png(dir, "rgb.png", 3, 5, 3);
    write_text(dir, "verse.txt", "There was a man in the land of Uz, whose name was Job;\n");
    write_text(dir, "tabs.txt", "a\tb\r\nc\xc3\xa9\n");
    return 0;
}
