/* progress.c — see progress.h. */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wb_progress_start(wb_progress *p, const char *label, long total) {
    memset(p, 0, sizeof *p);
    snprintf(p->label, sizeof p->label, "%s", label);
    p->total = total > 0 ? total : 1;
    p->start = wb_seconds();
    p->tty = isatty(STDERR_FILENO) && !getenv("WB_PLAIN_PROGRESS");
}

long wb_progress_segment(wb_progress *p, const char *name, long step, long steps, long every) {
    long todo = every - step % every;
    if (todo > steps - step) todo = steps - step;
    char label[sizeof p->label];
    snprintf(label, sizeof label, "%-4s %ld-%ld", name, step + 1, step + todo);
    wb_progress_start(p, label, todo);
    return todo;
}

static void format_time(char *buf, size_t n, double s) {
    long t = s < 0 ? 0 : (long)(s + 0.5);
    snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static void draw(wb_progress *p, int final) {
    double elapsed = wb_seconds() - p->start;
    double rate = elapsed > 0 ? p->done / elapsed : 0.0;
    char eta[32];
    format_time(eta, sizeof eta, final ? elapsed : (rate > 0 ? (p->total - p->done) / rate : 0));
    if (p->tty) {
        enum { WIDTH = 24 };
        char bar[WIDTH + 1];
        long filled = WIDTH * p->done / p->total;
        for (int i = 0; i < WIDTH; i++) bar[i] = i < filled ? '#' : '.';
        bar[WIDTH] = '\0';
        fprintf(stderr, "\r%-10s [%s] %ld/%ld %7.1f/s %s %s  %s\033[K%s", p->label, bar, p->done,
                p->total, rate, final ? "took" : "ETA", eta, p->metrics, final ? "\n" : "");
    } else {
        fprintf(stderr, "%s: %ld/%ld (%3ld%%) %.1f/s %s %s  %s\n", p->label, p->done, p->total,
                100 * p->done / p->total, rate, final ? "took" : "ETA", eta, p->metrics);
    }
    fflush(stderr);
}

void wb_progress_update(wb_progress *p, long done, const char *fmt, ...) {
    p->done = done < p->total ? done : p->total;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->metrics, sizeof p->metrics, fmt, ap);
        va_end(ap);
    }
    double now = wb_seconds();
    int quarter = (int)(4 * p->done / p->total);
    if (p->tty ? now - p->last_draw >= 0.1 : quarter > p->last_quarter && p->done < p->total) {
        p->last_draw = now;
        p->last_quarter = quarter;
        draw(p, 0);
    }
}

void wb_progress_finish(wb_progress *p, const char *fmt, ...) {
    p->done = p->total;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->metrics, sizeof p->metrics, fmt, ap);
        va_end(ap);
    }
    draw(p, 1);
}
