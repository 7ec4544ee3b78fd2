/* heatmap.h — a matrix as a picture: coloured cells with their values written in, row and column
 * labels, a title. For confusion matrices (week 06, 09), attention weights (week 14), ...
 *
 *     float counts[10 * 10] = {...};
 *     wb_heatmap_opts o = {.title = "confusion matrix (test set)", .row_title = "true",
 *                          .col_title = "predicted", .fmt = "%.0f", .row_normalize = 1};
 *     if (wb_heatmap_png("build/week06/confusion.png", counts, 10, 10, &o) != 0)
 *         fprintf(stderr, "%s\n", wb_last_error());
 *
 * Colours run from white (0) to dark blue (the largest value), linearly; with .row_normalize each
 * cell is coloured by its share of its row's sum (for a confusion matrix: the fraction of each true
 * class given each prediction), which makes the small off-diagonal confusions visible next to a
 * large diagonal. Values are written with .fmt (default "%.2g"; "" for none) when they fit in the
 * cell (a cell grows, up to 80 pixels, to fit its value at the labels' size). Labels default to the
 * indices 0, 1, 2, ... Negative, NaN or infinite values are drawn as grey cells. Text is drawn
 * with draw.h, the title a size larger than the labels.
 *
 * A colour scale stands to the right of the matrix: a bar WB_HEATMAP_BAR pixels wide, as high as
 * the matrix, from the darkest colour at the top to white at the bottom, labelled with the largest
 * value, half of it and 0 (with .row_normalize: "100%", "50%", "0%", titled "of row").
 */
#ifndef WB_HEATMAP_H
#define WB_HEATMAP_H

#include "image.h"

#define WB_HEATMAP_BAR 16 /* width of the colour scale's bar, in pixels */

typedef struct wb_heatmap_opts {
    const char *title;                      /* above the matrix (NULL: none) */
    const char *row_title, *col_title;      /* e.g. "true" and "predicted" */
    const char *const *row_labels, *const *col_labels; /* NULL: 0, 1, 2, ... */
    const char *fmt;                        /* printf format of a cell's value; "" writes none */
    int cell;                               /* cell side in pixels (default 44) */
    int row_normalize;                      /* colour by the share of the row's sum */
} wb_heatmap_opts;

/* values (rows,cols) -> an RGB image. */
wb_image wb_heatmap_image(const float *values, int rows, int cols, const wb_heatmap_opts *o);
/* The same, written to a PNG file: 0, or -1 with a message (wb_last_error). */
int wb_heatmap_png(const char *path, const float *values, int rows, int cols, const wb_heatmap_opts *o);

#endif
