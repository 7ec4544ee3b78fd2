/* dashboard.c — training curves in the terminal and as PNGs. See dashboard.h.
 *
 * The terminal curves are gnuplot's "dumb" drawings (plot.h). To redraw them in place we must know
 * how many lines they took, so we catch gnuplot's output in a temporary file (pointing our stdout,
 * which gnuplot inherits, at it for a moment), drop the form feed gnuplot starts a page with, and
 * print it ourselves. Erasing is then "cursor up N lines, clear to the end of the screen".
 */
#include "dashboard.h"

#include "error.h"
#include "plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PLOT_LINES 12

void wb_dashboard_init(wb_dashboard *d, const char *dir, const char *title) {
    memset(d, 0, sizeof *d);
    snprintf(d->dir, sizeof d->dir, "%s", dir);
    snprintf(d->title, sizeof d->title, "%s", title ? title : "training");
    struct winsize ws = {0};
    int tall = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 2 * PLOT_LINES + 8;
    d->live = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) && tall && !getenv("WB_NO_LIVE");
}

void wb_dashboard_add(wb_dashboard *d, float train_loss, float val_loss, float train_acc, float val_acc) {
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        float **arrays[5] = {&d->epoch, &d->train_loss, &d->val_loss, &d->train_acc, &d->val_acc};
        for (int i = 0; i < 5; i++) *arrays[i] = wb_realloc(*arrays[i], (size_t)d->cap * sizeof(float));
    }
    d->epoch[d->n] = (float)(d->n + 1);
    d->train_loss[d->n] = train_loss;
    d->val_loss[d->n] = val_loss;
    d->train_acc[d->n] = 100 * train_acc;
    d->val_acc[d->n] = 100 * val_acc;
    d->n++;
    if (d->live) wb_dashboard_show(d);
}

/* Run one terminal plot, print it without gnuplot's form feed, return how many lines it took. */
static int draw(const wb_plot_opts *o, const wb_series *s, int ns) {
    fflush(stdout);
    FILE *tmp = tmpfile();
    int saved = tmp ? dup(STDOUT_FILENO) : -1;
    if (saved < 0) {
        if (tmp) fclose(tmp);
        wb_plot_term(o, s, ns); /* cannot catch it: print it as it comes */
        return 0;
    }
    dup2(fileno(tmp), STDOUT_FILENO);
    int rc = wb_plot_term(o, s, ns);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    int lines = 0;
    if (rc == 0) {
        rewind(tmp);
        for (int c; (c = fgetc(tmp)) != EOF;) {
            if (c == '\f') continue;
            putchar(c);
            lines += c == '\n';
        }
        fflush(stdout);
    }
    fclose(tmp);
    return lines;
}

static void curves(const wb_dashboard *d, int term, const char *dir) {
    char title[160], path[700];
    wb_series loss[2] = {{.label = "train", .x = d->epoch, .y = d->train_loss, .n = d->n, .style = "linespoints"},
                         {.label = "validation", .x = d->epoch, .y = d->val_loss, .n = d->n, .style = "linespoints"}};
    wb_series acc[2] = {{.label = "train", .x = d->epoch, .y = d->train_acc, .n = d->n, .style = "linespoints"},
                        {.label = "validation", .x = d->epoch, .y = d->val_acc, .n = d->n, .style = "linespoints"}};
    snprintf(title, sizeof title, "%s: loss", d->title);
    wb_plot_opts lo = {.title = title, .xlabel = "epoch", .ylabel = "cross-entropy", .logy = 1};
    char title2[160];
    snprintf(title2, sizeof title2, "%s: accuracy", d->title);
    wb_plot_opts ao = {.title = title2, .xlabel = "epoch", .ylabel = "accuracy (%)"};
    char lnote[96], anote[96];
    if (!term && d->mark >= 1 && d->mark <= d->n) {
        int e = d->mark - 1;
        lo.mark_x = ao.mark_x = (float)d->mark;
        lo.mark_label = ao.mark_label = d->mark_label;
        snprintf(lnote, sizeof lnote, "%s, validation loss %.4g", d->mark_label, d->val_loss[e]);
        snprintf(anote, sizeof anote, "%s, validation accuracy %.2f%%", d->mark_label, d->val_acc[e]);
        lo.note = lnote, ao.note = anote;
    }
    if (term) {
        lo.height = ao.height = PLOT_LINES;
        lo.title = "loss (log scale)", ao.title = "accuracy (%)";
        lo.ylabel = ao.ylabel = NULL, lo.xlabel = ao.xlabel = NULL;
        ((wb_dashboard *)d)->drawn = draw(&lo, loss, 2) + draw(&ao, acc, 2);
        return;
    }
    snprintf(path, sizeof path, "%s/loss.png", dir);
    if (wb_plot_png(path, &lo, loss, 2) < 0) fprintf(stderr, "%s\n", wb_last_error());
    snprintf(path, sizeof path, "%s/accuracy.png", dir);
    if (wb_plot_png(path, &ao, acc, 2) < 0) fprintf(stderr, "%s\n", wb_last_error());
}

void wb_dashboard_clear(wb_dashboard *d) {
    if (!d->live || d->drawn == 0) return;
    fflush(stdout);
    fprintf(stderr, "\033[%dA\033[J", d->drawn); /* up, then erase to the end of the screen */
    fflush(stderr);
    d->drawn = 0;
}

void wb_dashboard_mark(wb_dashboard *d, int epoch, const char *label) {
    d->mark = epoch;
    snprintf(d->mark_label, sizeof d->mark_label, "%s", label ? label : "");
}

/* A curve needs two points (gnuplot also complains about an empty x range with one). */
void wb_dashboard_show(wb_dashboard *d) {
    if (d->n < 2 || !wb_plot_available()) return;
    wb_dashboard_clear(d);
    curves(d, 1, NULL);
}

int wb_dashboard_png(const wb_dashboard *d) {
    if (d->n < 2) return 0;
    if (!wb_plot_available()) return 1;
    curves(d, 0, d->dir);
    return 0;
}

void wb_dashboard_free(wb_dashboard *d) {
    free(d->epoch);
    free(d->train_loss);
    free(d->val_loss);
    free(d->train_acc);
    free(d->val_acc);
    memset(d, 0, sizeof *d);
}
