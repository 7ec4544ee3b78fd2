/* test_plot.c — plots are drawn when gnuplot exists and skipped with a warning when it does not. */
#include "testing.h"
#include "error.h"
#include "image.h"
#include "plot.h"

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
