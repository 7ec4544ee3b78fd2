/* image.c — PNG read/write with libpng, and image grids. See image.h. */
#include "image.h"

#include "error.h"
#include "files.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

wb_image wb_image_new(int width, int height, int channels) {
    WB_CHECK(width >= 0 && height >= 0 && (channels == 1 || channels == 3), "bad image %dx%dx%d", width, height, channels);
    wb_image img = {width, height, channels, NULL};
    img.pixels = wb_calloc((size_t)width * height * channels, 1);
    return img;
}

void wb_image_free(wb_image *img) {
    free(img->pixels);
    memset(img, 0, sizeof *img);
}

/* libpng reports errors through a callback that must not return: we keep its message and jump
   back to the setjmp in the reader or writer, which turns it into wb_fail. */
typedef struct {
    jmp_buf jump;
    char message[200];
} png_errors;

static void on_png_error(png_structp png, png_const_charp msg) {
    png_errors *e = png_get_error_ptr(png);
    snprintf(e->message, sizeof e->message, "%s", msg);
    longjmp(e->jump, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

int wb_png_read(const char *path, wb_image *out) {
    memset(out, 0, sizeof *out);
    if (wb_require_regular_file(path) != 0) return -1;
    FILE *f = fopen(path, "rb");
    if (!f) return wb_fail("%s: cannot open: %s", path, strerror(errno));
    unsigned char sig[8];
    size_t got = fread(sig, 1, sizeof sig, f);
    if (got < sizeof sig || png_sig_cmp(sig, 0, sizeof sig) != 0) {
        fclose(f);
        return wb_fail("%s: not a PNG file (bad signature)", path);
    }
    /* everything libpng or we allocate is declared volatile-safe here, before setjmp */
    png_errors err = {.message = ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return wb_fail("%s: out of memory starting libpng", path);
    }
    if (setjmp(err.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        free(rows);
        fclose(f);
        return wb_fail("%s: corrupt or truncated PNG (%s)", path, err.message);
    }
    png_set_user_limits(png, WB_PNG_MAX_SIDE, WB_PNG_MAX_SIDE);
    png_init_io(png, f);
    png_set_sig_bytes(png, sizeof sig);
    png_read_info(png, info);

    /* normalise every format to 8-bit grey or 8-bit RGB */
    int color = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (color & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png), png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int width = (int)png_get_image_width(png, info), height = (int)png_get_image_height(png, info);
    int channels = png_get_channels(png, info);
    if (channels != 1 && channels != 3) png_error(png, "unsupported channel layout");
    /* a 60-byte header can claim 16384x16384 pixels: refuse before allocating for them */
    if ((double)width * height > WB_PNG_MAX_PIXELS) png_error(png, "image too large");
    size_t stride = (size_t)width * channels;
    pixels = malloc(stride * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) png_error(png, "out of memory");
    for (int y = 0; y < height; y++) rows[y] = pixels + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    fclose(f);
    *out = (wb_image){width, height, channels, pixels};
    return 0;
}

int wb_png_write(const char *path, const wb_image *img) {
    if (img->width <= 0 || img->height <= 0 || (img->channels != 1 && img->channels != 3))
        return wb_fail("%s: cannot write a %dx%dx%d image", path, img->width, img->height, img->channels);
    if (wb_mkdir_parents(path) != 0) return -1;
    /* write beside the target and rename: a reader never sees half a file */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) return wb_fail("%s: cannot write: %s", tmp, strerror(errno));
    png_errors err = {.message = ""};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &err, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info || setjmp(err.jump)) {
        png_destroy_write_struct(&png, &info);
        fclose(f);
        remove(tmp);
        return wb_fail("%s: cannot write PNG (%s)", path, err.message[0] ? err.message : "out of memory");
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
                 img->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img->height; y++)
        png_write_row(png, img->pixels + (size_t)y * img->width * img->channels);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        return wb_fail("%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

wb_image wb_image_grid(const float *images, int n, int h, int w, int cols, int pad, wb_grid_scale scale) {
    WB_CHECK(n > 0 && h > 0 && w > 0 && cols > 0 && pad >= 0, "bad grid %d x (%d,%d), %d columns", n, h, w, cols);
    if (cols > n) cols = n;
    int rows = (n + cols - 1) / cols;
    wb_image img = wb_image_new(pad + cols * (w + pad), pad + rows * (h + pad), 1);
    memset(img.pixels, 64, (size_t)img.width * img.height); /* dark grey padding between tiles */
    for (int t = 0; t < n; t++) {
        const float *tile = images + (size_t)t * h * w;
        float lo = 0.0f, hi = 1.0f;
        if (scale == WB_GRID_RESCALE) {
            lo = INFINITY, hi = -INFINITY;
            for (int i = 0; i < h * w; i++) {
                if (tile[i] < lo) lo = tile[i];
                if (tile[i] > hi) hi = tile[i];
            }
            if (!(hi > lo)) hi = lo + 1.0f; /* a constant tile (or NaNs) shows as black */
        }
        int x0 = pad + (t % cols) * (w + pad), y0 = pad + (t / cols) * (h + pad);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                /* grey = 255 * (v - lo) / (hi - lo), clamped; NaN shows as black */
                float v = (tile[y * w + x] - lo) / (hi - lo);
                v = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
                img.pixels[(size_t)(y0 + y) * img.width + x0 + x] = (unsigned char)lrintf(255.0f * v);
            }
    }
    return img;
}

int wb_grid_zoom(int h, int w) {
    int side = h > w ? h : w;
    return side <= 32 ? 3 : side <= 64 ? 2 : 1;
}

/* img scaled up zoom times, each pixel a zoom x zoom square (img is freed) */
static wb_image zoomed(wb_image img, int zoom) {
    if (zoom <= 1) return img;
    wb_image big = wb_image_new(img.width * zoom, img.height * zoom, img.channels);
    for (int y = 0; y < big.height; y++)
        for (int x = 0; x < big.width; x++)
            for (int c = 0; c < img.channels; c++)
                big.pixels[((size_t)y * big.width + x) * img.channels + c] =
                    img.pixels[((size_t)(y / zoom) * img.width + x / zoom) * img.channels + c];
    wb_image_free(&img);
    return big;
}

int wb_png_write_grid(const char *path, const float *images, int n, int h, int w, int cols, wb_grid_scale scale) {
    wb_image img = zoomed(wb_image_grid(images, n, h, w, cols, 2, scale), wb_grid_zoom(h, w));
    int rc = wb_png_write(path, &img);
    wb_image_free(&img);
    return rc;
}
