/* image.h — PNG files (libpng) and image grids.
 *
 * A wb_image is 8-bit pixels, row-major, channels interleaved: 1 channel (grey) or 3 (RGB).
 *
 *     wb_image img;
 *     if (wb_png_read("digit.png", &img) != 0) { fprintf(stderr, "%s\n", wb_last_error()); ... }
 *     // img.pixels[(y * img.width + x) * img.channels + c]
 *     wb_png_write("build/copy.png", &img);   // creates build/, writes atomically
 *     wb_image_free(&img);
 *
 * Reading accepts any PNG libpng understands and converts it to 8-bit grey or RGB (palette and
 * 16-bit images are converted, alpha is dropped). A missing, truncated or corrupt file, or one over
 * WB_PNG_MAX_SIDE pixels wide or high or WB_PNG_MAX_PIXELS in all, or a path that is not a
 * regular file (a directory, a FIFO), gives -1 and a one-line message; never a crash.
 *
 * A grid tiles n small float images (values in [0,1]) into one picture, e.g. 100 MNIST digits:
 *
 *     wb_png_write_grid("build/week04/digits.png", x, 100, 28, 28, 10, WB_GRID_CLAMP);
 *
 * The PNG is scaled up wb_grid_zoom(h, w) times (3x for tiles up to 32 pixels, 2x up to 64), so a
 * 28-pixel digit can be judged on a slide. With a caption for each row ("clean", "masked",
 * "reconstructed"), written at the left of the rows, use wb_png_write_grid_rows (draw.h).
 */
#ifndef WB_IMAGE_H
#define WB_IMAGE_H

#define WB_PNG_MAX_SIDE 16384
#define WB_PNG_MAX_PIXELS (1 << 24) /* 16 M pixels: far above any figure, far below a memory bomb */

typedef struct wb_image {
    int width, height, channels;
    unsigned char *pixels;
} wb_image;

wb_image wb_image_new(int width, int height, int channels); /* zero (black) pixels */
void wb_image_free(wb_image *img);
int wb_png_read(const char *path, wb_image *img);
int wb_png_write(const char *path, const wb_image *img);

typedef enum {
    WB_GRID_CLAMP = 0,   /* value v becomes grey round(255 * clamp(v, 0, 1)) */
    WB_GRID_RESCALE = 1, /* each tile stretched from its own min..max to black..white (weights) */
} wb_grid_scale;

/* images (n,h,w) -> a grey image of ceil(n/cols) rows of `cols` tiles, `pad` pixels apart. */
wb_image wb_image_grid(const float *images, int n, int h, int w, int cols, int pad, wb_grid_scale scale);
/* wb_image_grid with pad 2, scaled up wb_grid_zoom(h, w) times, written to a PNG: 0, or -1 */
int wb_png_write_grid(const char *path, const float *images, int n, int h, int w, int cols, wb_grid_scale scale);
/* The house zoom for tiles of h x w pixels: 3 up to 32 pixels, 2 up to 64, else 1. */
int wb_grid_zoom(int h, int w);

#endif
