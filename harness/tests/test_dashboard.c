/* test_dashboard.c — the training dashboard records epochs and writes its PNGs (or skips them,
 * without failing, when gnuplot is missing). */
#include "testing.h"

#include "dashboard.h"
#include "error.h"
#include "image.h"
#include "plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

WB_TEST(dashboard_records_and_writes_pngs, .points = 1, .timeout = 10,
        .hint = "wb_dashboard_add appends one epoch (accuracies in percent); wb_dashboard_png draws loss.png and "
                "accuracy.png in the directory.") {
    setenv("WB_NO_LIVE", "1", 1);
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s", wb_test_tmpdir());
    wb_dashboard d;
    wb_dashboard_init(&d, dir, "test");
    ck_assert_int_eq(d.live, 0);
    for (int e = 0; e < 20; e++) wb_dashboard_add(&d, 1.0f / (e + 1), 1.2f / (e + 1), 0.5f + e * 0.02f, 0.45f + e * 0.02f);
    ck_assert_int_eq(d.n, 20);
    WB_ASSERT_NEAR(d.train_acc[19], 88.0f, 1e-5, 0); /* 0.5 + 19 * 0.02 = 0.88 -> 88% */
    WB_ASSERT_NEAR(d.epoch[19], 20.0f, 0, 0);
    wb_dashboard_mark(&d, 12, "kept: epoch 12");
    ck_assert_int_eq(d.mark, 12);
    int rc = wb_dashboard_png(&d);
    const char *names[2] = {"loss.png", "accuracy.png"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (rc == 0 && wb_plot_available()) {
            wb_image img;
            ck_assert_msg(wb_png_read(path, &img) == 0, "%s", wb_last_error());
            ck_assert_int_eq(img.width, WB_PLOT_WIDTH);
            wb_image_free(&img);
        }
        remove(path);
    }
    rmdir(dir);
    wb_dashboard_free(&d);
    ck_assert_int_eq(d.n, 0);
}

WB_TEST(dashboard_without_gnuplot_is_quiet_success, .points = 1,
        .hint = "Plots are a view: without gnuplot, wb_dashboard_png returns 1 and nothing fails.") {
    setenv("WB_GNUPLOT", "/nonexistent/gnuplot", 1);
    setenv("WB_NO_LIVE", "1", 1);
    wb_dashboard d;
    wb_dashboard_init(&d, "build/never-written", "test");
    wb_dashboard_add(&d, 1, 1, 0.5f, 0.5f);
    wb_dashboard_add(&d, 0.5f, 0.6f, 0.7f, 0.6f); /* two epochs: a curve to draw */
    wb_dashboard_show(&d);
    ck_assert_int_eq(wb_dashboard_png(&d), 1);
    ck_assert_int_eq(access("build/never-written", F_OK), -1);
    wb_dashboard_free(&d);
}
