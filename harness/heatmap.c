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
    /* margins: row labels (and the row title above them) on the left; title and column labels on top */
    int left = o->row_title ? wb_text_width(o->row_title, z) : 0;
    for (int r = 0; r < rows; r++) {
        int w = wb_text_width(label(o->row_labels, r, buf, sizeof buf), z);
        if (w > left) left = w;
    }
    left += 8;
    int top = 6 + (o->title ? line + 10 : 0) + (o->col_title ? line + 2 : 0) + line + 4;
    int width = left + cols * cell + 8, height = top + rows * cell + 8;
    if (o->title && wb_text_width(o->title, z) + 16 > width) width = wb_text_width(o->title, z) + 16;
    wb_image img = wb_image_new(width, height, 3);
    wb_fill_rect(&img, 0, 0, width, height, WB_RGB(255, 255, 255));
    uint32_t ink = WB_RGB(0, 0, 0);
    int y = 6;
    if (o->title) wb_draw_text(&img, (width - wb_text_width(o->title, z)) / 2, y, o->title, z, ink), y += line + 10;
    if (o->col_title) wb_draw_text(&img, left + (cols * cell - wb_text_width(o->col_title, z)) / 2, y, o->col_title, z, ink), y += line + 2;
    if (o->row_title) wb_draw_text(&img, 4, y, o->row_title, z, ink);
    int lz = z; /* column labels: all at half size if one of them does not fit its cell */
    for (int c = 0; c < cols; c++)
        if (wb_text_width(label(o->col_labels, c, buf, sizeof buf), z) - z > cell - 2) lz = 1;
    for (int c = 0; c < cols; c++) {
        const char *s = label(o->col_labels, c, buf, sizeof buf);
        wb_draw_text(&img, left + c * cell + (cell - wb_text_width(s, lz) + lz) / 2, y + (z - lz) * WB_GLYPH_H / 2, s, lz, ink);
    }
    float max = 0;
    for (int i = 0; i < rows * cols; i++)
        if (isfinite(values[i]) && values[i] > max) max = values[i];
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
