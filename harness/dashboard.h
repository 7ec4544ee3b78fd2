/* dashboard.h — training curves, live in the terminal and as PNGs: our TensorBoard "scalars".
 *
 * Give it each epoch's numbers; it keeps them, redraws the loss and accuracy curves under the
 * training log after every epoch, and writes them as PNGs:
 *
 *     wb_dashboard d;
 *     wb_dashboard_init(&d, "build/week06", "MNIST 784-128-10");
 *     for (int e = 0; e < epochs; e++) {
 *         wb_dashboard_clear(&d);                // before printing anything else (e.g. a progress bar)
 *         ... train one epoch, print its line ...
 *         wb_dashboard_add(&d, train_loss, val_loss, train_acc, val_acc);   // redraws the curves
 *     }
 *     wb_dashboard_png(&d);                      // build/week06/loss.png and accuracy.png
 *     wb_dashboard_free(&d);
 *
 * Live (redrawn in place) when stdout and stderr are both terminals tall enough for the curves, and
 * WB_NO_LIVE is not set; otherwise the curves are drawn once, by wb_dashboard_show. Accuracies are fractions in [0,1], plotted as percentages. Drawing
 * uses plot.h (gnuplot); without gnuplot, the terminal curves and PNGs are skipped with a warning.
 * Curves start at two epochs: before that there is nothing to draw.
 */
#ifndef WB_DASHBOARD_H
#define WB_DASHBOARD_H

typedef struct wb_dashboard {
    char dir[512], title[96];
    int n, cap;
    float *epoch, *train_loss, *val_loss, *train_acc, *val_acc; /* accuracies in percent */
    int live;   /* redraw the curves in place after every epoch */
    int drawn;  /* terminal lines of the curves on screen now (erased by wb_dashboard_clear) */
    int mark;   /* an epoch to mark on the PNGs (wb_dashboard_mark), 0 for none */
    char mark_label[64];
} wb_dashboard;

void wb_dashboard_init(wb_dashboard *d, const char *dir, const char *title);
/* Record one epoch; when live, draw the curves under what is on screen. */
void wb_dashboard_add(wb_dashboard *d, float train_loss, float val_loss, float train_acc, float val_acc);
/* When live: erase the curves drawn last, so the next lines of the log take their place. */
void wb_dashboard_clear(wb_dashboard *d);
/* Draw the curves in the terminal now (when not live: once, at the end). */
void wb_dashboard_show(wb_dashboard *d);
/* Mark an epoch on the PNGs, with a dashed vertical line and a label, e.g. the one early stopping
   kept: wb_dashboard_mark(&d, 7, "kept: epoch 7"). The validation numbers there are printed under
   the titles. */
void wb_dashboard_mark(wb_dashboard *d, int epoch, const char *label);
/* Write dir/loss.png and dir/accuracy.png: 0, or 1 without gnuplot (a failed plot prints its error). */
int wb_dashboard_png(const wb_dashboard *d);
void wb_dashboard_free(wb_dashboard *d);

#endif
