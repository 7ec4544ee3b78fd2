/* test_heatmap.c — heat maps: size, colour scale, row normalisation, bad values, PNG output. */
#include "testing.h"

#include "error.h"
#include "draw.h"
#include "heatmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The colour at the centre-left of cell (r, c): find the cells by their known geometry. Without
   titles and with one-character labels at zoom 2 (cell >= 32): left margin 12 + 8 = 20, top margin
   6 + 16 + 4 = 26. A point 3 pixels into the cell is clear of its centred text. */
static const unsigned char *cell_px(const wb_image *img, int cell, int r, int c) {
    int x = 20 + c * cell + 3, y = 26 + r * cell + cell / 2;
    return img->pixels + ((size_t)y * img->width + x) * 3;
}

WB_TEST(heatmap_size_and_colour_scale, .points = 2,
        .hint = "0 is white, the largest value dark blue (8,48,107), linearly in between.") {
    float v[4] = {0, 1, 2, 4};
    wb_heatmap_opts o = {.cell = 40, .fmt = ""};
    wb_image img = wb_heatmap_image(v, 2, 2, &o);
    /* the matrix, a 12-pixel gap, the 16-pixel colour bar, 6 pixels, the widest scale label ("4",
       "2", "0": 12 pixels at zoom 2) and an 8-pixel margin */
    ck_assert_int_eq(img.width, 20 + 2 * 40 + 12 + WB_HEATMAP_BAR + 6 + 12 + 8);
    ck_assert_int_eq(img.height, 26 + 2 * 40 + 8);
    const unsigned char *white = cell_px(&img, 40, 0, 0), *dark = cell_px(&img, 40, 1, 1), *mid = cell_px(&img, 40, 1, 0);
    ck_assert_msg(white[0] == 255 && white[1] == 255 && white[2] == 255, "0 is (%d,%d,%d), not white", white[0], white[1], white[2]);
    ck_assert_msg(dark[0] == 8 && dark[1] == 48 && dark[2] == 107, "the maximum is (%d,%d,%d)", dark[0], dark[1], dark[2]);
    /* 2 of 4: halfway, (255 + 8)/2 = 131.5 -> 132 (lrintf rounds half to even: 132) */
    ck_assert_msg(abs(mid[0] - 132) <= 1 && abs(mid[2] - 181) <= 1, "half the maximum is (%d,%d,%d)", mid[0], mid[1], mid[2]);
    wb_image_free(&img);
}

WB_TEST(heatmap_row_normalize_and_bad_values, .points = 1,
        .hint = "With row_normalize a cell's colour is its share of its row's sum; NaN and negatives are grey.") {
    float v[4] = {1, 1, 100, NAN};
    wb_heatmap_opts o = {.cell = 40, .fmt = "", .row_normalize = 1};
    wb_image img = wb_heatmap_image(v, 2, 2, &o);
    const unsigned char *a = cell_px(&img, 40, 0, 0), *b = cell_px(&img, 40, 0, 1), *c = cell_px(&img, 40, 1, 0),
                        *d = cell_px(&img, 40, 1, 1);
    ck_assert_msg(a[0] == b[0] && a[2] == b[2], "equal shares of a row have different colours");
    ck_assert_msg(c[0] == 8 && c[2] == 107, "the whole of row 1 (100 of 100) is (%d,%d,%d), not the darkest", c[0], c[1], c[2]);
    ck_assert_msg(d[0] == 160 && d[1] == 160 && d[2] == 160, "NaN is (%d,%d,%d), not grey", d[0], d[1], d[2]);
    wb_image_free(&img);
}

WB_TEST(heatmap_png_with_labels_and_values, .points = 1,
        .hint = "wb_heatmap_png writes the image through wb_png_write; it must read back with the same size.") {
    const char *names[3] = {"cat", "dog", "T-shirt"};
    float v[9] = {50, 2, 0, 3, 40, 1, 0, 0, 1234567};
    wb_heatmap_opts o = {.title = "a title wider than the matrix itself", .row_title = "true", .col_title = "predicted",
                         .row_labels = names, .col_labels = names, .fmt = "%.0f"};
    wb_image img = wb_heatmap_image(v, 3, 3, &o);
    char path[600];
    snprintf(path, sizeof path, "%s/h.png", wb_test_tmpdir());
    ck_assert_msg(wb_heatmap_png(path, v, 3, 3, &o) == 0, "%s", wb_last_error());
    wb_image back;
    ck_assert_msg(wb_png_read(path, &back) == 0, "%s", wb_last_error());
    ck_assert_int_eq(back.width, img.width);
    ck_assert_int_eq(back.height, img.height);
    ck_assert_int_ge(img.width, wb_text_width(o.title, 2));
    remove(path);
    path[strlen(path) - 5] = '\0';
    rmdir(path);
    wb_image_free(&back);
    wb_image_free(&img);
}

WB_TEST(heatmap_has_a_colour_scale, .points = 1,
        .hint = "Right of the matrix, 12 pixels on: a bar from the darkest colour (top) to white (bottom).") {
    float v[4] = {0, 1, 2, 4};
    wb_heatmap_opts o = {.cell = 40, .fmt = ""};
    wb_image img = wb_heatmap_image(v, 2, 2, &o);
    int x = 20 + 2 * 40 + 12 + WB_HEATMAP_BAR / 2, top = 26, bottom = 26 + 2 * 40 - 2;
    const unsigned char *t = img.pixels + ((size_t)top * img.width + x) * 3, *b = img.pixels + ((size_t)bottom * img.width + x) * 3;
    ck_assert_msg(t[0] == 8 && t[1] == 48 && t[2] == 107, "the bar's top is (%d,%d,%d), not the darkest blue", t[0], t[1], t[2]);
    ck_assert_msg(b[0] == 255 && b[1] == 255 && b[2] == 255, "the bar's bottom is (%d,%d,%d), not white", b[0], b[1], b[2]);
    wb_image_free(&img);
}
