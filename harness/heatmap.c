/* heatmap.c — matrices as coloured, labelled pictures. See heatmap.h. */
#include "heatmap.h"

#include "error.h"
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* t in [0,1] -> white .. dark blue (ColorBrewer "Blues" end points), linearly in RGB. */
static uint32_t blue(float t) {
    int r = (int)lrintf(255 + t * (8 - 255)), g = (int)lrintf(255 + t * (48 - 255)), b = (int)lrintf(255 + t * (107 - 255));
    return WB_RGB(r, g, b);
}

#define WB_HEATMAP_GAP 12 /* between the matrix and its colour scale */

static const char *label(const char *const *labels, int i, char *buf, size_t len) {
    if (labels && labels[i]) return labels[i];
    snprintf(buf, len, "%d", i);
    return buf;
}

wb_image wb_heatmap_image(const float *values, int rows, int cols, const wb_heatmap_opts *o) {
    WB_CHECK(rows > 0 && cols > 0, "a %d x %d heat map", rows, cols);
    static const wb_heatmap_opts none;
    if (!o) o = &none;
    int cell = o->cell > 0 ? o->cell : 44, z = cell >= 32 ? 2 : 1, line = WB_FONT_LINE * z;
    const char *fmt = o->fmt ? o->fmt : "%.2g";
    char buf[64];
    /* cells grow (up to 80 pixels) so that every value fits at the labels' size, e.g. 1128 */
    for (int i = 0; fmt[0] && z == 2 && i < rows * cols; i++) {
        if (!isfinite(values[i]) || values[i] < 0) continue;
        char text[32];
        snprintf(text, sizeof text, fmt, (double)values[i]);
        int need = wb_text_width(text, z) - z + 6;
        if (need > cell && need <= 80) cell = need;
    }
    /* margins: row labels (and the row title above them) on the left; title and column labels on top */
    int left = o->row_title ? wb_text_width(o->row_title, z) : 0;
    for (int r = 0; r < rows; r++) {
        int w = wb_text_width(label(o->row_labels, r, buf, sizeof buf), z);
        if (w > left) left = w;
    }
    left += 8;
    int tz = z + 1, tline = WB_FONT_LINE * tz; /* the title a size larger */
    int top = 6 + (o->title ? tline + 10 : 0) + (o->col_title ? line + 2 : 0) + line + 4;
    float max = 0;
    for (int i = 0; i < rows * cols; i++)
        if (isfinite(values[i]) && values[i] > max) max = values[i];
    /* the colour scale: its labels at the top, middle and bottom of the bar */
    char scale[3][32];
    if (o->row_normalize) {
        snprintf(scale[0], sizeof scale[0], "100%%");
        snprintf(scale[1], sizeof scale[1], "50%%");
        snprintf(scale[2], sizeof scale[2], "0%%");
    } else {
        snprintf(scale[0], sizeof scale[0], "%.3g", (double)max);
        snprintf(scale[1], sizeof scale[1], "%.3g", (double)max / 2);
        snprintf(scale[2], sizeof scale[2], "0");
    }
    int scale_w = 0;
    for (int i = 0; i < 3; i++)
        if (wb_text_width(scale[i], z) > scale_w) scale_w = wb_text_width(scale[i], z);
    const char *scale_title = o->row_normalize ? "of row" : NULL;
    if (scale_title && wb_text_width(scale_title, z) > WB_HEATMAP_BAR + 6 + scale_w)
        scale_w = wb_text_width(scale_title, z) - WB_HEATMAP_BAR - 6;
    int bar_x = left + cols * cell + WB_HEATMAP_GAP;
    int width = bar_x + WB_HEATMAP_BAR + 6 + scale_w + 8, height = top + rows * cell + 8;
    if (o->title && wb_text_width(o->title, tz) + 16 > width) width = wb_text_width(o->title, tz) + 16;
    wb_image img = wb_image_new(width, height, 3);
    wb_fill_rect(&img, 0, 0, width, height, WB_RGB(255, 255, 255));
    uint32_t ink = WB_RGB(0, 0, 0);
    int y = 6;
    if (o->title) wb_draw_text(&img, (width - wb_text_width(o->title, tz)) / 2, y, o->title, tz, ink), y += tline + 10;
    if (o->col_title) wb_draw_text(&img, left + (cols * cell - wb_text_width(o->col_title, z)) / 2, y, o->col_title, z, ink), y += line + 2;
    if (o->row_title) wb_draw_text(&img, 4, y, o->row_title, z, ink);
    int lz = z; /* column labels: all at half size if one of them does not fit its cell */
    for (int c = 0; c < cols; c++)
        if (wb_text_width(label(o->col_labels, c, buf, sizeof buf), z) - z > cell - 2) lz = 1;
    for (int c = 0; c < cols; c++) {
        const char *s = label(o->col_labels, c, buf, sizeof buf);
        wb_draw_text(&img, left + c * cell + (cell - wb_text_width(s, lz) + lz) / 2, y + (z - lz) * WB_GLYPH_H / 2, s, lz, ink);
    }
    /* the bar: dark (the largest value, or all of a row) at the top to white (0) at the bottom */
    int bar_h = rows * cell - 1;
    for (int j = 0; j < bar_h; j++)
        wb_fill_rect(&img, bar_x, top + j, WB_HEATMAP_BAR, 1, blue(1.0f - (float)j / (bar_h > 1 ? bar_h - 1 : 1)));
    wb_fill_rect(&img, bar_x - 1, top - 1, WB_HEATMAP_BAR + 2, 1, ink);
    wb_fill_rect(&img, bar_x - 1, top + bar_h, WB_HEATMAP_BAR + 2, 1, ink);
    wb_fill_rect(&img, bar_x - 1, top - 1, 1, bar_h + 2, ink);
    wb_fill_rect(&img, bar_x + WB_HEATMAP_BAR, top - 1, 1, bar_h + 2, ink);
    for (int i = 0; i < 3; i++) {
        /* the top label hangs from the bar's top, the bottom one stands on its bottom */
        int ty = top + i * (bar_h - WB_GLYPH_H * z) / 2;
        wb_draw_text(&img, bar_x + WB_HEATMAP_BAR + 6, ty, scale[i], z, ink);
    }
    if (scale_title) wb_draw_text(&img, bar_x, top - line - 10, scale_title, z, ink);
    for (int r = 0; r < rows; r++) {
        const float *row = values + (size_t)r * cols;
        double sum = 0;
        for (int c = 0; c < cols; c++) sum += isfinite(row[c]) && row[c] > 0 ? row[c] : 0;
        const char *s = label(o->row_labels, r, buf, sizeof buf);
        int cy = top + r * cell;
        wb_draw_text(&img, left - 8 - wb_text_width(s, z) + z, cy + (cell - WB_GLYPH_H * z) / 2, s, z, ink);
        for (int c = 0; c < cols; c++) {
            float v = row[c], t;
            int bad = !isfinite(v) || v < 0;
            if (bad) t = 0;
            else if (o->row_normalize) t = sum > 0 ? (float)(v / sum) : 0;
            else t = max > 0 ? v / max : 0;
            int cx = left + c * cell;
            wb_fill_rect(&img, cx, cy, cell - 1, cell - 1, bad ? WB_RGB(160, 160, 160) : blue(t));
            if (!fmt[0] || bad) continue;
            char text[32];
            snprintf(text, sizeof text, fmt, (double)v);
            int tz = wb_text_width(text, z) - z <= cell - 4 ? z : 1; /* smaller when it does not fit */
            int tw = wb_text_width(text, tz) - tz;
            if (tw > cell - 2) continue;
            wb_draw_text(&img, cx + (cell - 1 - tw) / 2, cy + (cell - 1 - WB_GLYPH_H * tz) / 2, text, tz,
                         t > 0.5f ? WB_RGB(255, 255, 255) : ink);
        }
    }
    return img;
}

int wb_heatmap_png(const char *path, const float *values, int rows, int cols, const wb_heatmap_opts *o) {
    wb_image img = wb_heatmap_image(values, rows, cols, o);
    int rc = wb_png_write(path, &img);
    wb_image_free(&img);
    return rc;
}
