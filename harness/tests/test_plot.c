/* test_plot.c — plots are drawn when gnuplot exists and skipped with a warning when it does not. */
#include "testing.h"
#include "error.h"
#include "image.h"
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const float xs[] = {0, 1, 2, 3}, ys[] = {1, 0.5f, 0.25f, 0.125f};

WB_TEST(plot_png_is_a_real_png, .points = 1, .timeout = 10,
        .hint = "wb_plot_png pipes a script to gnuplot's pngcairo terminal; the file must be a readable PNG.") {
    if (!wb_plot_available()) {
        /* make check installs gnuplot-nox; without it this test cannot say anything */
        ck_abort_msg("gnuplot is not installed (sh harness/tools/setup.sh check)");
    }
    char path[600];
    snprintf(path, sizeof path, "%s/plots/loss.png", wb_test_tmpdir());
    wb_series s[] = {{.label = "loss \"quoted\"", .x = xs, .y = ys, .n = 4}, {.label = "dots", .y = ys, .n = 4, .style = "points"}};
    wb_plot_opts o = {.title = "a title", .xlabel = "epoch", .ylabel = "loss", .logy = 1, .width = 320, .height = 200};
    ck_assert_msg(wb_plot_png(path, &o, s, 2) == 0, "%s", wb_last_error());
    wb_image img;
    ck_assert_msg(wb_png_read(path, &img) == 0, "%s", wb_last_error());
    ck_assert_int_eq(img.width, 320); ck_assert_int_eq(img.height, 200);
    wb_image_free(&img);
}

WB_TEST(plot_without_gnuplot_warns_and_goes_on, .points = 1,
        .hint = "With no gnuplot, wb_plot_png returns 1 (skipped) after a one-line warning; it must not fail or crash.") {
    setenv("WB_GNUPLOT", "/nonexistent/gnuplot", 1);
    ck_assert_int_eq(wb_plot_available(), 0);
    wb_series s = {.label = "x", .x = xs, .y = ys, .n = 4};
    wb_plot_opts o = {.title = "t"};
    char path[600];
    snprintf(path, sizeof path, "%s/none.png", wb_test_tmpdir());
    ck_assert_int_eq(wb_plot_png(path, &o, &s, 1), 1);
    ck_assert_int_eq(wb_plot_term(&o, &s, 1), 1);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f == NULL, "a file was written without gnuplot");
}

/* Draw one plot of the house style into the test's directory; the PNG must read back at the size. */
static void draw_ok(const char *name, const wb_plot_opts *o, const wb_series *s, int ns) {
    char path[600];
    snprintf(path, sizeof path, "%s/style/%s.png", wb_test_tmpdir(), name);
    ck_assert_msg(wb_plot_png(path, o, s, ns) == 0, "%s: %s", name, wb_last_error());
    wb_image img;
    ck_assert_msg(wb_png_read(path, &img) == 0, "%s", wb_last_error());
    ck_assert_int_eq(img.width, o->width ? o->width : WB_PLOT_WIDTH);
    ck_assert_int_eq(img.height, o->height ? o->height : WB_PLOT_HEIGHT);
    wb_image_free(&img);
    remove(path);
}

WB_TEST(plot_house_style_scripts_run, .points = 1, .timeout = 20,
        .hint = "Every branch of the house style (log axes under a decade, of two decades, of many; a target; a "
                "note; a marked x; a scatter of ten classes, short and long names) must be a script gnuplot "
                "accepts: gnuplot exits non-zero on a syntax error.") {
    if (!wb_plot_available()) ck_abort_msg("gnuplot is not installed (sh harness/tools/setup.sh check)");
    float x[40], narrow[40], two[40], many[40], flat[40];
    for (int i = 0; i < 40; i++) {
        x[i] = (float)(i + 1);
        narrow[i] = 10.3f + 0.5f / (i + 1); /* 10.3 .. 10.8: under a decade */
        two[i] = 0.002f + 0.1f / (i + 1);   /* 0.0045 .. 0.102: between one and two decades */
        many[i] = powf(10.0f, -(float)i / 4);  /* 1 .. 1e-10 */
        flat[i] = 10.32f;
    }
    wb_series a[] = {{.label = "fit", .x = x, .y = narrow, .n = 40, .style = "linespoints"},
                     {.label = "the optimum", .x = x, .y = flat, .n = 40, .target = 1}};
    wb_plot_opts o = {.title = "under a decade", .note = "gap at the end: 0.0125", .logy = 1, .mark_x = 12,
                      .mark_label = "kept: epoch 12", .xlabel = "epoch_1 (underscores stay)"};
    draw_ok("narrow", &o, a, 2);
    wb_series b[] = {{.label = "target", .x = x, .y = two, .n = 40}, {.label = "many", .x = x, .y = many, .n = 40}};
    wb_plot_opts ob = {.title = "two decades", .logy = 1};
    draw_ok("two", &ob, b, 1);
    draw_ok("many", &ob, b + 1, 1);
    draw_ok("both", &ob, b, 2);
    static const char *const names[10] = {"0", "1", "T-shirt", "3", "4", "5", "6", "7", "8", "9"};
    wb_series c[10];
    for (int k = 0; k < 10; k++)
        c[k] = (wb_series){.label = names[k], .x = two + 3 * k, .y = many + 3 * k, .n = 4,
                           .style = k == 9 ? "points pt 7 ps 0.5 lc rgb '#17becf'" : "points"};
    wb_plot_opts oc = {.title = "classes", .width = 500, .height = 400};
    draw_ok("classes", &oc, c, 10);
    wb_series empty = {.label = "nothing", .x = x, .y = x, .n = 0};
    draw_ok("empty", &oc, &empty, 1); /* no data: no range is set, gnuplot still draws the frame */
}
