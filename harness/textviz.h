/* textviz.h — a passage of text with a colour behind every character: Karpathy's picture of what
 * one hidden unit does along the text (week 10's RNN, week 11's LSTM cells), or of any per-
 * character number in [-1, 1] (week 14: how much attention a character gets).
 *
 *     // h (n,H): hidden states after each character; show units 7 and 42
 *     wb_text_panel p[2] = {{.title = "unit 7: inside a word", .value = h + 7, .stride = H},
 *                           {.title = "unit 42", .value = h + 42, .stride = H}};
 *     if (wb_text_heat_png("build/week10/activations.png", text, n, p, 2, 100) != 0)
 *         fprintf(stderr, "%s\n", wb_last_error());
 *
 * Each panel is its title, then the text wrapped at `cols` characters and broken at its newlines,
 * drawn with draw.h at zoom 2 (a 12 x 18 pixel cell per character). A character's background runs
 * from white (0) to red (+1) or blue (-1), at most 70% saturated so the black text stays
 * readable; values beyond +-1 are clamped, NaN is grey. A newline is a blank cell with the colour
 * of its value. Characters outside ' '..'~' are drawn as '?'.
 */
#ifndef WB_TEXTVIZ_H
#define WB_TEXTVIZ_H

#include "image.h"

#include <stdint.h>

typedef struct wb_text_panel {
    const char *title;   /* a line above the text (NULL: none) */
    const float *value;  /* the value of character i is value[i * stride] */
    int stride;          /* 0 means 1 */
} wb_text_panel;

#define WB_TEXTVIZ_CELL_W 12 /* pixels per character, across */
#define WB_TEXTVIZ_CELL_H 18 /* and down (a line of text) */
#define WB_TEXTVIZ_MARGIN 4

/* The background colour of value v. */
uint32_t wb_text_heat_colour(float v);
/* The picture of text[0..n-1] under np panels (n >= 1, np >= 1, cols >= 1), on a white background. */
wb_image wb_text_heat_image(const char *text, int n, const wb_text_panel *panels, int np, int cols);
/* The same, written as a PNG: 0, or -1 with a one-line message (wb_last_error). */
int wb_text_heat_png(const char *path, const char *text, int n, const wb_text_panel *panels, int np, int cols);

#endif
