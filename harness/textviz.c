/* textviz.c — text with a coloured background per character. See textviz.h. */
#include "textviz.h"

#include "error.h"
#include "draw.h"

#include <math.h>

enum { ZOOM = 2, CW = WB_TEXTVIZ_CELL_W, CH = WB_TEXTVIZ_CELL_H, M = WB_TEXTVIZ_MARGIN };

uint32_t wb_text_heat_colour(float v) {
    if (isnan(v)) return WB_RGB(160, 160, 160);
    float a = v > 1 ? 1 : v < -1 ? -1 : v;
    int fade = (int)(255.5f - 178.5f * fabsf(a)); /* 255 (1 - 0.7 |a|), rounded: white at 0, 77 at +-1 */
    return a >= 0 ? WB_RGB(255, fade, fade) : WB_RGB(fade, fade, 255);
}

/* Rows the text takes, wrapped at cols and broken at newlines (a final newline opens no row). */
static int text_rows(const char *t, int n, int cols) {
    int rows = 1, col = 0;
    for (int i = 0; i < n; i++)
        if (t[i] == '\n' || ++col == cols) rows += i < n - 1, col = 0;
    return rows;
}

/* Draw one panel from y0; returns where the next one starts. */
static int draw_panel(wb_image *img, int y0, const wb_text_panel *p, const char *t, int n, int cols) {
    int y = y0;
    if (p->title) wb_draw_text(img, M, y + 1, p->title, ZOOM, WB_RGB(0, 0, 0)), y += CH;
    int stride = p->stride > 0 ? p->stride : 1, col = 0;
    for (int i = 0; i < n; i++) {
        wb_fill_rect(img, M + col * CW, y, CW, CH, wb_text_heat_colour(p->value[(size_t)i * stride]));
        char ch[2] = {t[i] == '\n' ? ' ' : t[i], 0};
        wb_draw_text(img, M + col * CW, y + 2, ch, ZOOM, WB_RGB(0, 0, 0));
        if (t[i] == '\n' || ++col == cols) y += CH, col = 0;
    }
    return y + (col ? CH : 0) + M;
}

wb_image wb_text_heat_image(const char *text, int n, const wb_text_panel *panels, int np, int cols) {
    WB_CHECK(n >= 1 && np >= 1 && cols >= 1, "text of %d characters, %d panels, %d columns", n, np, cols);
    int height = M;
    for (int k = 0; k < np; k++) height += (panels[k].title ? CH : 0) + text_rows(text, n, cols) * CH + M;
    wb_image img = wb_image_new(2 * M + cols * CW, height, 3);
    wb_fill_rect(&img, 0, 0, img.width, img.height, WB_RGB(255, 255, 255));
    for (int k = 0, y = M; k < np; k++) y = draw_panel(&img, y, &panels[k], text, n, cols);
    return img;
}

int wb_text_heat_png(const char *path, const char *text, int n, const wb_text_panel *panels, int np, int cols) {
    if (n < 1 || np < 1 || cols < 1)
        return wb_fail("%s: nothing to draw (%d characters, %d panels, %d columns)", path, n, np, cols);
    wb_image img = wb_text_heat_image(text, n, panels, np, cols);
    int r = wb_png_write(path, &img);
    wb_image_free(&img);
    return r;
}
