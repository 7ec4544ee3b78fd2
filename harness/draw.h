/* draw.h — drawing into images: filled rectangles, text in a tiny 5x7 bitmap font, and image grids
 * with captions (tiles, heat maps, axes). It sits above image.h (the pictures, the PNG files) and
 * is what the heat maps and the drivers' pictures draw with.
 *
 * Every printable ASCII character is a 5x7 glyph in a 6x8 cell (one pixel of space right and
 * below), drawn at an integer zoom. No font files, no dependencies: the glyphs are in draw.c.
 *
 *     wb_image img = wb_image_new(200, 40, 3);
 *     wb_draw_text(&img, 4, 4, "pred 7, true 2", 2, WB_RGB(255, 255, 255));  // 2x: 12x16 cells
 *     int w = wb_text_width("pred 7", 2);                                      // 72 pixels
 *
 * Text is clipped at the image's edges (drawing partly or wholly outside is fine). On a grey image
 * the colour's luminance is used. Characters outside ' '..'~' are drawn as '?'.
 *
 * A captioned grid is wb_image_grid (image.h) with a line of text under each tile, e.g. the
 * misclassified digits of week 06 with "7>2" under each one, in colour:
 *
 *     wb_image g = wb_image_grid_captioned(x, n, 28, 28, 10, 2, WB_GRID_CLAMP, captions, colours);
 */
#ifndef WB_DRAW_H
#define WB_DRAW_H

#include <stdint.h>

#include "image.h"

#define WB_GLYPH_W 5     /* glyph width in pixels (at zoom 1) */
#define WB_GLYPH_H 7     /* glyph height */
#define WB_FONT_ADVANCE 6 /* the cell: glyph plus one column of space */
#define WB_FONT_LINE 8    /* glyph plus one row of space */

/* A colour as 0xRRGGBB. */
#define WB_RGB(r, g, b) ((uint32_t)(((r) & 255) << 16 | ((g) & 255) << 8 | ((b) & 255)))

/* The 7 rows of a character's glyph, bit 4 the leftmost pixel ('?' for unknown characters). */
const uint8_t *wb_font_glyph(char c);
/* Width in pixels of s drawn at zoom (WB_FONT_ADVANCE * zoom per character, the last one's trailing
   space included). */
int wb_text_width(const char *s, int zoom);
/* Draw s with its top-left corner at (x, y), each font pixel a zoom x zoom square. */
void wb_draw_text(wb_image *img, int x, int y, const char *s, int zoom, uint32_t rgb);
/* Fill the rectangle [x, x+w) x [y, y+h), clipped. */
void wb_fill_rect(wb_image *img, int x, int y, int w, int h, uint32_t rgb);

/* images (n,h,w) in an RGB grid of `cols` tiles, each scaled up by `zoom` (1 or more), with
   captions[i] (NULL or "" for none) centred under tile i in colours[i] (colours NULL: white), on a
   black background. Captions are drawn as large as the tiles allow: the largest zoom up to
   min(zoom, 3) at which the widest caption and a character of space fit a tile; else zoom 1. */
wb_image wb_image_grid_captioned(const float *images, int n, int h, int w, int cols, int zoom, wb_grid_scale scale,
                                 const char *const *captions, const uint32_t *colours);

/* images (n,h,w) in a grey grid of `cols` tiles scaled up by `zoom`, with row_captions[r] (one per
   row of tiles, NULL or "" for none) written white at zoom 2 to the left of row r, on dark grey:
   e.g. week 03's rows "clean", "masked", "reconstructed". */
wb_image wb_image_grid_rows(const float *images, int n, int h, int w, int cols, int zoom, wb_grid_scale scale,
                            const char *const *row_captions);
/* The same at the house zoom wb_grid_zoom(h, w) (3x for digits), written to a PNG: 0, or -1. */
int wb_png_write_grid_rows(const char *path, const float *images, int n, int h, int w, int cols, wb_grid_scale scale,
                           const char *const *row_captions);

#endif
