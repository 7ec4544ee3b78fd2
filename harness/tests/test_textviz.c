/* test_textviz.c — text under coloured backgrounds: the colour scale, the layout, the PNG. */
#include "testing.h"

#include "error.h"
#include "draw.h"
#include "textviz.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The pixel 1 column into the cell of (row, col) of the text, in a picture without titles: left
   of the glyph, so it shows the background. */
static const unsigned char *cell(const wb_image *img, int row, int col) {
    int x = WB_TEXTVIZ_MARGIN + col * WB_TEXTVIZ_CELL_W, y = WB_TEXTVIZ_MARGIN + row * WB_TEXTVIZ_CELL_H + 1;
    return img->pixels + ((size_t)y * img->width + x) * 3;
}

WB_TEST(textviz_colour_scale, .points = 1,
        .hint = "0 is white, +1 red (255, 77, 77), -1 blue (77, 77, 255): 70% saturation at most; beyond "
                "+-1 clamped; NaN grey.") {
    ck_assert_uint_eq(wb_text_heat_colour(0.0f), 0xFFFFFF);
    ck_assert_uint_eq(wb_text_heat_colour(1.0f), 0xFF4D4D);  /* 255 * 0.3 = 76.5, rounded up */
    ck_assert_uint_eq(wb_text_heat_colour(-1.0f), 0x4D4DFF);
    ck_assert_uint_eq(wb_text_heat_colour(5.0f), 0xFF4D4D);
    ck_assert_uint_eq(wb_text_heat_colour(NAN), 0xA0A0A0);
    ck_assert_uint_eq(wb_text_heat_colour(0.5f), 0xFFA6A6); /* 255 * 0.65 = 165.75 -> 166 */
}

WB_TEST(textviz_layout_wraps_and_breaks_lines, .points = 2,
        .hint = "The text wraps at cols and breaks at '\\n'; character i sits on the background of value[i * stride].") {
    const char *t = "abcde\nfg\n"; /* cols 3: "abc" "de\n" "fg\n" -> 3 rows */
    float v[18];
    for (int i = 0; i < 18; i++) v[i] = 7; /* the odd entries are not the panel's: stride 2 skips them */
    const float want[9] = {1, -1, 0, 1, -1, 0, 1, -1, 0};
    for (int i = 0; i < 9; i++) v[2 * i] = want[i];
    wb_text_panel p = {.value = v, .stride = 2};
    wb_image img = wb_text_heat_image(t, 9, &p, 1, 3);
    ck_assert_int_eq(img.width, 2 * WB_TEXTVIZ_MARGIN + 3 * WB_TEXTVIZ_CELL_W);
    ck_assert_int_eq(img.height, 2 * WB_TEXTVIZ_MARGIN + 3 * WB_TEXTVIZ_CELL_H);
    const int rc[9][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}};
    for (int i = 0; i < 9; i++) {
        const unsigned char *px = cell(&img, rc[i][0], rc[i][1]);
        uint32_t got = WB_RGB(px[0], px[1], px[2]), exp = wb_text_heat_colour(want[i]);
        ck_assert_msg(got == exp, "character %d ('%c') at row %d col %d: background %06x, want %06x", i,
                      t[i] == '\n' ? '/' : t[i], rc[i][0], rc[i][1], got, exp);
    }
    wb_image_free(&img);
}

WB_TEST(textviz_png_and_errors, .points = 1,
        .hint = "A title adds one line per panel; bad sizes or paths give a one-line error.") {
    float v[3] = {0.2f, -0.4f, 0.9f};
    wb_text_panel p[2] = {{.title = "unit 1", .value = v}, {.title = "unit 2", .value = v}};
    char path[600];
    snprintf(path, sizeof path, "%s/t.png", wb_test_tmpdir());
    ck_assert_msg(wb_text_heat_png(path, "abc", 3, p, 2, 10) == 0, "%s", wb_last_error());
    wb_image back;
    ck_assert_msg(wb_png_read(path, &back) == 0, "%s", wb_last_error());
    ck_assert_int_eq(back.height, WB_TEXTVIZ_MARGIN + 2 * (2 * WB_TEXTVIZ_CELL_H + WB_TEXTVIZ_MARGIN));
    wb_image_free(&back);
    ck_assert_int_eq(wb_text_heat_png(path, "abc", 0, p, 2, 10), -1);
    ck_assert_msg(strstr(wb_last_error(), "nothing to draw"), "%s", wb_last_error());
    char bad[620]; /* a directory where a file is */
    snprintf(bad, sizeof bad, "%s/x.png", path);
    ck_assert_int_eq(wb_text_heat_png(bad, "abc", 3, p, 1, 10), -1);
}
