/* progress.h — a progress bar for long loops: step/total, rate, time left, live metrics.
 *
 *     wb_progress p;
 *     wb_progress_start(&p, "epoch 3", n_batches);
 *     for (int b = 0; b < n_batches; b++) {
 *         ... train ...
 *         wb_progress_update(&p, b + 1, "loss %.4f", loss);
 *     }
 *     wb_progress_finish(&p, "loss %.4f acc %.2f%%", loss, 100 * acc);
 *
 * On a terminal it is one line redrawn in place (at most 10 times a second, so it costs nothing);
 * elsewhere (a CI log, a file) it prints a plain line at each quarter and at the end. It writes to
 * stderr, so a program's results on stdout stay clean.
 */
#ifndef WB_PROGRESS_H
#define WB_PROGRESS_H

#include "timing.h" /* wb_seconds: the bar's clock */

typedef struct wb_progress {
    char label[48];
    long total, done;
    double start, last_draw;
    int tty, last_quarter;
    char metrics[96];
} wb_progress;

void wb_progress_start(wb_progress *p, const char *label, long total);
/* A training run of `steps` steps that stops to evaluate every `every`: starts the bar for the
   stretch from `step` (done so far) to the next multiple of `every` or the end, labelled
   "NAME a-b" (the steps, from 1), and returns its length. */
long wb_progress_segment(wb_progress *p, const char *name, long step, long steps, long every);
void wb_progress_update(wb_progress *p, long done, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void wb_progress_finish(wb_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
