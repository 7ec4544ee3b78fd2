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
 *
 * The house style (every PNG gets it without asking; made to be read on a 1280x720 slide):
 *   - WB_PLOT_WIDTH x WB_PLOT_HEIGHT pixels, WB_PLOT_FONT for every text, thick lines;
 *   - the legend below the plot (never a wide right margin; .key overrides it);
 *   - axes fitted to the data with a margin, so no curve lies on the frame and a log axis does not
 *     stretch to whole decades; a log axis spanning less than a decade gets plain-number ticks,
 *     one spanning several decades gets powers of ten (10^-8, never 0.00000001);
 *   - a target or reference curve (.target = 1, or a label starting with "target") drawn black
 *     and dashed on top of the others, first in the legend;
 *   - scatter plots of several classes (3 or more "points" series): large dots in the legend and
 *     each class's name written at its median point, in its colour;
 *   - .note: the number the figure exists to show, printed under the title;
 *   - .mark_label: a vertical dashed line at x = .mark_x (e.g. the epoch early stopping kept);
 *   - .ymin/.ymax (.xmin/.xmax): a fixed range, to zoom in on the difference a figure is about.
 * A figure shown beside another on a slide is drawn narrower (.width = 640, .height = 600), so
 * its text stays large there (the browser test fails a figure shown at under 60% of its pixels).
 */
#ifndef WB_PLOT_H
#define WB_PLOT_H

typedef struct wb_series {
    const char *label;
    const float *x, *y;
    int n;
    const char *style; /* "lines" (default), "points", "linespoints" */
    int target;        /* a target or reference the others are measured against: black, dashed */
} wb_series;

#define WB_PLOT_WIDTH 960     /* default PNG size: a 1280x720 slide shows it at about 3/4 */
#define WB_PLOT_HEIGHT 600
#define WB_PLOT_FONT "sans,17" /* every text of a PNG */

typedef struct wb_plot_opts {
    const char *title, *xlabel, *ylabel;
    int logx, logy;
    int width, height;  /* pixels for PNG (default WB_PLOT_WIDTH x WB_PLOT_HEIGHT), characters for
                           the terminal (79x24) */
    int square;         /* equal scales on both axes (for 2-D data such as decision boundaries) */
    const char *key;    /* where the legend goes, in gnuplot's words (default: "below" in a PNG,
                           "outside right top" in the terminal; e.g. "inside top right") */
    const char *note;   /* a line printed under the title: the number the figure is about */
    float mark_x;       /* with mark_label: a vertical dashed line at x = mark_x, labelled */
    const char *mark_label;
    float ymin, ymax;   /* with ymax > ymin: the y range, exactly (to zoom in on a difference) */
    float xmin, xmax;   /* with xmax > xmin: the x range, exactly */
} wb_plot_opts;

int wb_plot_png(const char *path, const wb_plot_opts *o, const wb_series *s, int ns);
int wb_plot_term(const wb_plot_opts *o, const wb_series *s, int ns);
/* 1 if gnuplot can be run (the program named by WB_GNUPLOT, default "gnuplot", on PATH). */
int wb_plot_available(void);

#endif
