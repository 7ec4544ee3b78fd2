/* test_image.c — PNG round trips, and bad files that must give one-line errors, never crashes. */
#include "testing.h"
#include "error.h"
#include "image.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static char path[600];
static const char *tmp_file(const char *name) {
    snprintf(path, sizeof path, "%s/%s", wb_test_tmpdir(), name);
    return path;
}

WB_TEST(png_round_trip_grey_and_rgb, .points = 1, .hint = "Write then read must give back the same pixels.") {
    for (int channels = 1; channels <= 3; channels += 2) {
        wb_image img = wb_image_new(5, 3, channels);
        for (size_t i = 0; i < 15u * channels; i++) img.pixels[i] = (unsigned char)(i * 17);
        const char *p = tmp_file("rt/sub/img.png"); /* parent directories are created */
        ck_assert_msg(wb_png_write(p, &img) == 0, "%s", wb_last_error());
        wb_image back;
        ck_assert_msg(wb_png_read(p, &back) == 0, "%s", wb_last_error());
        ck_assert_int_eq(back.width, 5); ck_assert_int_eq(back.height, 3); ck_assert_int_eq(back.channels, channels);
        ck_assert_msg(!memcmp(back.pixels, img.pixels, 15u * channels), "pixels differ (%d channels)", channels);
        wb_image_free(&img), wb_image_free(&back);
    }
}

WB_TEST(png_bad_files_give_one_line_errors, .points = 1, .timeout = 10,
        .hint = "Missing, empty, non-PNG and truncated files: return -1 with 'path: problem', never crash.") {
    wb_image img;
    ck_assert_int_eq(wb_png_read("/nonexistent/x.png", &img), -1);
    ck_assert_msg(strstr(wb_last_error(), "/nonexistent/x.png: cannot open"), "%s", wb_last_error());
    const char *empty = tmp_file("empty.png");
    fclose(fopen(empty, "w"));
    ck_assert_int_eq(wb_png_read(empty, &img), -1);
    ck_assert_msg(strstr(wb_last_error(), "not a PNG"), "%s", wb_last_error());
    ck_assert_int_eq(wb_png_read(wb_test_tmpdir(), &img), -1); /* a directory */
    const char *fifo = tmp_file("fifo.png");
    ck_assert(mkfifo(fifo, 0600) == 0);
    ck_assert_int_eq(wb_png_read(fifo, &img), -1); /* must not wait for a writer */
    ck_assert_msg(strstr(wb_last_error(), "not a regular file"), "%s", wb_last_error());
    /* a real PNG cut at every length, and one with a corrupted byte in its image data */
    wb_image good = wb_image_new(16, 16, 3);
    for (int i = 0; i < 16 * 16 * 3; i++) good.pixels[i] = (unsigned char)(i * 31);
    const char *whole = tmp_file("good.png");
    ck_assert(wb_png_write(whole, &good) == 0);
    FILE *f = fopen(whole, "rb");
    static unsigned char bytes[8192];
    size_t n = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    const char *cut = tmp_file("cut.png");
    for (size_t len = 0; len < n; len++) {
        f = fopen(cut, "wb");
        fwrite(bytes, 1, len, f);
        fclose(f);
        ck_assert_msg(wb_png_read(cut, &img) == -1, "a PNG cut to %zu of %zu bytes was accepted", len, n);
        ck_assert_msg(strchr(wb_last_error(), '\n') == NULL && strstr(wb_last_error(), cut), "%s", wb_last_error());
    }
    bytes[n / 2] ^= 0x55; /* inside the compressed data: the CRC no longer matches */
    f = fopen(cut, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
    ck_assert_int_eq(wb_png_read(cut, &img), -1);
    wb_image_free(&good);
}

WB_TEST(image_grid_layout, .points = 1,
        .hint = "n tiles of (h,w) in rows of `cols`, `pad` pixels apart; values 0..1 map to 0..255.") {
    /* three 2x2 tiles, 2 columns, pad 1: width 1 + 2*(2+1) = 7, height 1 + 2*(2+1) = 7 */
    float tiles[12] = {0, 1, 1, 0, 0.5f, 0.5f, 0.5f, 0.5f, 2, -1, 2, -1};
    wb_image g = wb_image_grid(tiles, 3, 2, 2, 2, 1, WB_GRID_CLAMP);
    ck_assert_int_eq(g.width, 7); ck_assert_int_eq(g.height, 7);
    ck_assert_int_eq(g.pixels[1 * 7 + 1], 0);    /* tile 0, (0,0) = 0 */
    ck_assert_int_eq(g.pixels[1 * 7 + 2], 255);  /* tile 0, (0,1) = 1 */
    ck_assert_int_eq(g.pixels[1 * 7 + 4], 128);  /* tile 1 starts at x = 1 + 3: 0.5 -> 127.5 -> 128 */
    ck_assert_int_eq(g.pixels[4 * 7 + 1], 255);  /* tile 2 (second row, y = 4): 2 clamps to 255 */
    ck_assert_int_eq(g.pixels[4 * 7 + 2], 0);    /* -1 clamps to 0 */
    wb_image_free(&g);
    g = wb_image_grid(tiles + 8, 1, 2, 2, 1, 0, WB_GRID_RESCALE); /* (2,-1,2,-1): min -1 -> 0, max 2 -> 255 */
    ck_assert_int_eq(g.pixels[0], 255); ck_assert_int_eq(g.pixels[1], 0);
    wb_image_free(&g);
}

WB_TEST(png_grid_is_scaled_up_for_a_slide, .points = 1,
        .hint = "wb_png_write_grid scales the pad-2 grid up by wb_grid_zoom(h, w): 3 for tiles up to 32 pixels, "
                "2 up to 64, 1 above.") {
    ck_assert_int_eq(wb_grid_zoom(28, 28), 3);
    ck_assert_int_eq(wb_grid_zoom(32, 20), 3);
    ck_assert_int_eq(wb_grid_zoom(33, 33), 2);
    ck_assert_int_eq(wb_grid_zoom(28, 100), 1);
    float tiles[2 * 28 * 28];
    for (int i = 0; i < 2 * 28 * 28; i++) tiles[i] = (float)(i % 28) / 27;
    char path[600];
    snprintf(path, sizeof path, "%s/grid.png", wb_test_tmpdir());
    ck_assert_msg(wb_png_write_grid(path, tiles, 2, 28, 28, 2, WB_GRID_CLAMP) == 0, "%s", wb_last_error());
    wb_image img;
    ck_assert_msg(wb_png_read(path, &img) == 0, "%s", wb_last_error());
    /* pad 2: (2 + 2 * 30) x (2 + 30) pixels, times 3 */
    ck_assert_int_eq(img.width, 3 * 62);
    ck_assert_int_eq(img.height, 3 * 32);
    ck_assert_int_eq(img.pixels[3 * 2 * img.width + 3 * 2 + 3 * 27], 255); /* tile 0, row 0, column 27 */
    wb_image_free(&img);
    remove(path);
}
