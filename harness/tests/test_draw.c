/* test_draw.c — drawing: the bitmap font's glyph pixels against pictures drawn by hand, widths,
 * clipping at the edges, and captioned grids. */
#include "testing.h"

#include "draw.h"

#include <string.h>

/* The glyph of '1' at zoom 1, as a picture (independent of the table's hex: drawn from the classic
   5x7 LCD font). */
static const char *const one[7] = {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."};

WB_TEST(draw_one_glyph_pixel_by_pixel, .points = 2,
        .hint = "Bit 4 (0x10) of each glyph row is the leftmost pixel; row 0 is the top.") {
    wb_image img = wb_image_new(8, 9, 1);
    wb_draw_text(&img, 1, 1, "1", 1, WB_RGB(255, 255, 255));
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 8; x++) {
            int inside = y >= 1 && y < 8 && x >= 1 && x < 6;
            int want = inside && one[y - 1][x - 1] == '#';
            ck_assert_msg(img.pixels[y * 8 + x] == (want ? 255 : 0), "pixel (%d,%d) is %d, want %d", x, y,
                          img.pixels[y * 8 + x], want ? 255 : 0);
        }
    wb_image_free(&img);
}

WB_TEST(zoom_colour_and_grey, .points = 1,
        .hint = "At zoom z each font pixel is a z x z square; on RGB images the colour's three bytes are written, "
                "on grey ones its luma (0.299 R + 0.587 G + 0.114 B).") {
    wb_image img = wb_image_new(12, 14, 3);
    wb_draw_text(&img, 0, 0, "1", 2, WB_RGB(10, 20, 30));
    /* font pixel (2,0) is on: image pixels (4..5, 0..1) */
    for (int y = 0; y < 2; y++)
        for (int x = 4; x < 6; x++) {
            unsigned char *p = img.pixels + (y * 12 + x) * 3;
            ck_assert_msg(p[0] == 10 && p[1] == 20 && p[2] == 30, "pixel (%d,%d) = (%d,%d,%d)", x, y, p[0], p[1], p[2]);
        }
    ck_assert_int_eq(img.pixels[(0 * 12 + 3) * 3], 0); /* font pixel (1,0) is off */
    wb_image_free(&img);
    wb_image g = wb_image_new(6, 8, 1);
    wb_draw_text(&g, 0, 0, "1", 1, WB_RGB(255, 0, 0));
    ck_assert_int_eq(g.pixels[2], 76); /* 0.299 * 255 = 76.2 */
    wb_image_free(&g);
}

WB_TEST(text_width_and_unknown_characters, .points = 1,
        .hint = "6 pixels a character at zoom 1; characters outside ' '..'~' use the '?' glyph.") {
    ck_assert_int_eq(wb_text_width("", 1), 0);
    ck_assert_int_eq(wb_text_width("p7 t2", 1), 30);
    ck_assert_int_eq(wb_text_width("p7 t2", 3), 90);
    ck_assert_ptr_eq(wb_font_glyph('\x7f'), wb_font_glyph('?'));
    ck_assert_ptr_eq(wb_font_glyph('\n'), wb_font_glyph('?'));
    const uint8_t *sp = wb_font_glyph(' ');
    for (int r = 0; r < 7; r++) ck_assert_int_eq(sp[r], 0);
    /* every other printable character has at least one pixel on */
    for (int c = '!'; c <= '~'; c++) {
        const uint8_t *g = wb_font_glyph((char)c);
        int on = 0;
        for (int r = 0; r < 7; r++) on |= g[r];
        ck_assert_msg(on && !(on & ~0x1F), "glyph '%c' is empty or wider than 5 pixels", c);
    }
}

WB_TEST(text_is_clipped_at_every_edge, .points = 1,
        .hint = "Skip pixels outside the image instead of writing them (AddressSanitizer catches the rest).") {
    wb_image img = wb_image_new(10, 10, 3);
    wb_draw_text(&img, -7, -3, "Hello, world", 2, WB_RGB(255, 255, 255));
    wb_draw_text(&img, 8, 8, "@@", 3, WB_RGB(255, 255, 255));
    wb_draw_text(&img, -1000, 5, "x", 1, WB_RGB(255, 255, 255));
    wb_fill_rect(&img, -5, -5, 100, 100, WB_RGB(1, 2, 3));
    ck_assert_int_eq(img.pixels[(9 * 10 + 9) * 3 + 2], 3);
    wb_image_free(&img);
}

WB_TEST(captioned_grid_layout, .points = 1,
        .hint = "Each cell is max(tile width * zoom, widest caption) + 4 wide and tile height * zoom + a caption "
                "line + 4 high, plus a 4-pixel border.") {
    float tiles[3 * 2 * 2] = {1, 1, 1, 1, 0, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f};
    const char *caps[3] = {"a", "bb", NULL};
    wb_image g = wb_image_grid_captioned(tiles, 3, 2, 2, 2, 2, WB_GRID_CLAMP, caps, NULL);
    /* zoom 2: tiles 4x4; captions at zoom 1: widest "bb" = 12 px; cell 16 x (4 + 8 + 2 + 4) = 16 x 18 */
    ck_assert_int_eq(g.channels, 3);
    ck_assert_int_eq(g.width, 4 + 2 * 16);
    ck_assert_int_eq(g.height, 4 + 2 * 18);
    /* tile 0 (white) is centred in its cell: x from 4 + (12 - 4) / 2 = 8, y from 4 */
    ck_assert_int_eq(g.pixels[(4 * g.width + 8) * 3], 255);
    ck_assert_int_eq(g.pixels[(7 * g.width + 11) * 3], 255);
    ck_assert_int_eq(g.pixels[(4 * g.width + 7) * 3], 0);
    /* tile 2 (0.5: grey 128) on the second row: y from 4 + 18 */
    ck_assert_int_eq(g.pixels[(22 * g.width + 8) * 3 + 1], 128);
    wb_image_free(&g);
}

WB_TEST(grid_rows_have_captions_at_the_left, .points = 1,
        .hint = "wb_image_grid_rows: a left margin as wide as the widest row caption (zoom 2) plus twice the "
                "padding (2 * zoom), then the tiles scaled up by zoom, 2 * zoom pixels apart.") {
    float tiles[4 * 2 * 2];
    for (int i = 0; i < 16; i++) tiles[i] = 1.0f;
    const char *rows[2] = {"ab", NULL};
    wb_image g = wb_image_grid_rows(tiles, 4, 2, 2, 2, 3, WB_GRID_CLAMP, rows);
    /* "ab" at zoom 2: 24 px, + 2 * 6 = 36; then 6 + 2 * (6 + 6) = 30 wide; 6 + 2 * (6 + 6) = 30 high */
    ck_assert_int_eq(g.channels, 1);
    ck_assert_int_eq(g.width, 36 + 30);
    ck_assert_int_eq(g.height, 30);
    ck_assert_int_eq(g.pixels[6 * g.width + 42], 255);      /* tile 0 starts at (36 + 6, 6) */
    ck_assert_int_eq(g.pixels[6 * g.width + 41], 64);       /* the padding left of it */
    int ink = 0;                                            /* the caption is drawn in row 0's margin */
    for (int y = 6; y < 12; y++)
        for (int x = 0; x < 36; x++) ink += g.pixels[y * g.width + x] == 255;
    ck_assert_msg(ink > 10, "no caption in the left margin of row 0 (%d white pixels)", ink);
    wb_image_free(&g);
}

WB_TEST(captions_as_large_as_the_tiles_allow, .points = 1,
        .hint = "Captions are drawn at the largest zoom up to min(tile zoom, 3) at which the widest caption plus "
                "one character of space fits the tile's width; 1 when none does.") {
    float tiles[2 * 28 * 28] = {0};
    const char *caps[2] = {"p6 t5", "p1 t7"};
    /* zoom 4: tiles 112 wide; "p6 t5" at zoom 3 is 90 + 18 = 108 <= 112: zoom 3, cells 112 + 4 wide,
       112 + 24 + 2 + 4 high */
    wb_image g = wb_image_grid_captioned(tiles, 2, 28, 28, 2, 4, WB_GRID_CLAMP, caps, NULL);
    ck_assert_int_eq(g.width, 4 + 2 * 116);
    ck_assert_int_eq(g.height, 4 + 112 + 24 + 2 + 4);
    wb_image_free(&g);
    /* zoom 3: tiles 84 wide; zoom 3 needs 108, zoom 2 needs 60 + 12 = 72: zoom 2, 16-pixel lines */
    g = wb_image_grid_captioned(tiles, 2, 28, 28, 2, 3, WB_GRID_CLAMP, caps, NULL);
    ck_assert_int_eq(g.width, 4 + 2 * 88);
    ck_assert_int_eq(g.height, 4 + 84 + 16 + 2 + 4);
    wb_image_free(&g);
}
