/* plot.h — line and scatter plots through gnuplot, to PNG files and to the terminal.
 *
 * Describe the plot, list its series, and ask for a PNG (gnuplot's pngcairo terminal) or a text
 * picture on stdout (its dumb terminal):
 *
 *     wb_series s[2] = {
 *         {.label = "train", .x = epochs, .y = train_loss, .n = n},
 *         {.label = "validation", .x = epochs, .y = val_loss, .n = n},
 *     };
 *     wb_plot_opts o = {.title = "loss", .xlabel = "epoch", .ylabel = "cross-entropy"};
 *     wb_plot_png("build/week06/loss.png", &o, s, 2);
 *     wb_plot_term(&o, s, 2);
 *
 * .style is "lines" (default), "points" or "linespoints", and may go on with any gnuplot style
 * options ("points pt 7 ps 0.5 lc rgb '#ff0000'"). Series are coloured from a 10-colour palette,
 * so up to ten classes (digits) get ten different colours. A series with .x == NULL is plotted
 * against 0, 1, 2, ... Without gnuplot (or with WB_GNUPLOT naming a program that is not there) a
 * one-line warning is printed once and these return 1: plots are a view, never a reason to stop a
 * run. They return 0 when drawn, -1 (with wb_last_error) when gnuplot failed.
 */
#ifndef WB_PLOT_H
#define WB_PLOT_H

typedef struct wb_series {
    const char *label;
    const float *x, *y;
    int n;
    const char *style; /* "lines" (default), "points", "linespoints" */
} wb_series;

typedef struct wb_plot_opts {
    const char *title, *xlabel, *ylabel;
    int logx, logy;
    int width, height;  /* pixels for PNG (default 800x500), characters for the terminal (79x24) */
    int square;         /* equal scales on both axes (for 2-D data such as decision boundaries) */
    const char *key;    /* where the legend goes, in gnuplot's words (default "outside right top";
                           e.g. "inside top right" gives the curves the whole width) */
} wb_plot_opts;

int wb_plot_png(const char *path, const wb_plot_opts *o, const wb_series *s, int ns);
int wb_plot_term(const wb_plot_opts *o, const wb_series *s, int ns);
/* 1 if gnuplot can be run (the program named by WB_GNUPLOT, default "gnuplot", on PATH). */
int wb_plot_available(void);

#endif
