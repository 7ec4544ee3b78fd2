/* plot.c — see plot.h. We write a gnuplot script with the data inline ($data << EOD blocks) into a
   pipe, so no temporary files are left behind. */
#include "plot.h"

#include "error.h"
#include "files.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *gnuplot_program(void) {
    const char *p = getenv("WB_GNUPLOT");
    return p && *p ? p : "gnuplot";
}

int wb_plot_available(void) {
    const char *prog = gnuplot_program();
    if (strchr(prog, '/')) return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path) return 0;
    char dir[4096];
    for (const char *p = path; ; ) {
        size_t len = strcspn(p, ":");
        snprintf(dir, sizeof dir, "%.*s/%s", (int)len, len ? p : ".", prog);
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISREG(st.st_mode) && access(dir, X_OK) == 0) return 1;
        if (!p[len]) return 0;
        p += len + 1;
    }
}

/* Warn once per process; plots are optional, so this is a warning, not an error. */
static int skip_without_gnuplot(const char *what) {
    static int warned;
    if (!warned)
        fprintf(stderr, "warning: %s not found, skipping plots such as %s (apt-get install gnuplot-nox)\n",
                gnuplot_program(), what);
    warned = 1;
    return 1;
}

/* gnuplot strings are in double quotes: escape the characters that would end or break them */
static void put_quoted(FILE *g, const char *s) {
    fputc('"', g);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', g);
        fputc(*s == '\n' ? ' ' : *s, g);
    }
    fputc('"', g);
}

static void write_script(FILE *g, const wb_plot_opts *o, const wb_series *s, int ns, int png) {
    for (int i = 0; i < ns; i++) {
        fprintf(g, "$d%d << EOD\n", i);
        for (int k = 0; k < s[i].n; k++) {
            float x = s[i].x ? s[i].x[k] : (float)k, y = s[i].y[k];
            if (isfinite(x) && isfinite(y)) fprintf(g, "%.9g %.9g\n", x, y);
            else fprintf(g, "\n"); /* a gap in the line rather than a wild point */
        }
        fprintf(g, "EOD\n");
    }
    if (o->title) fputs("set title ", g), put_quoted(g, o->title), fputc('\n', g);
    if (o->xlabel) fputs("set xlabel ", g), put_quoted(g, o->xlabel), fputc('\n', g);
    if (o->ylabel) fputs("set ylabel ", g), put_quoted(g, o->ylabel), fputc('\n', g);
    if (o->logx) fputs("set logscale x\n", g);
    if (o->logy) fputs("set logscale y\n", g);
    if (o->square) fputs("set size ratio -1\n", g);
    /* ten distinguishable colours (Tableau 10), so ten classes never share one; gnuplot's own
       default set repeats after eight */
    static const char *const colours[10] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    for (int i = 0; i < 10; i++) fprintf(g, "set linetype %d lc rgb \"%s\"\n", i + 1, colours[i]);
    fprintf(g, "set linetype cycle 10\nset grid\nset key %s\n", o->key ? o->key : "outside right top");
    fputs("plot", g);
    for (int i = 0; i < ns; i++) {
        const char *style = s[i].style ? s[i].style : "lines";
        fprintf(g, "%s $d%d using 1:2 with %s", i ? "," : "", i, style);
        if (!strcmp(style, "lines")) fputs(" lw 2", g);
        /* filled dots in a PNG; in text, gnuplot's default gives each series its own letter */
        if (!strcmp(style, "points") && png) fputs(" pt 7 ps 0.6", g);
        fputs(" title ", g);
        put_quoted(g, s[i].label ? s[i].label : "");
    }
    fputs("\n", g);
}

/* Run gnuplot with the script on its stdin; its stdout goes where ours goes. */
static int run_gnuplot(const char *terminal, const char *output, const wb_plot_opts *o, const wb_series *s, int ns) {
    char cmd[4200];
    /* stderr of gnuplot is kept: its complaints are the only clue when a plot is wrong */
    snprintf(cmd, sizeof cmd, "'%s'", gnuplot_program());
    fflush(stdout);
    FILE *g = popen(cmd, "w");
    if (!g) return wb_fail("%s: cannot start: %s", gnuplot_program(), strerror(errno));
    fprintf(g, "set terminal %s\n", terminal);
    if (output) fputs("set output ", g), put_quoted(g, output), fputc('\n', g);
    write_script(g, o, s, ns, output != NULL);
    int status = pclose(g);
    if (status != 0) return wb_fail("%s: gnuplot failed (exit status %d)", output ? output : "terminal plot", status);
    return 0;
}

int wb_plot_png(const char *path, const wb_plot_opts *o, const wb_series *s, int ns) {
    if (!wb_plot_available()) return skip_without_gnuplot(path);
    if (wb_mkdir_parents(path) != 0) return -1;
    char term[128], tmp[4200];
    snprintf(term, sizeof term, "pngcairo size %d,%d font \"sans,10\"", o->width ? o->width : 800, o->height ? o->height : 500);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (run_gnuplot(term, tmp, o, s, ns) != 0) { remove(tmp); return -1; }
    if (rename(tmp, path) != 0) { remove(tmp); return wb_fail("%s: cannot write: %s", path, strerror(errno)); }
    return 0;
}

int wb_plot_term(const wb_plot_opts *o, const wb_series *s, int ns) {
    if (!wb_plot_available()) return skip_without_gnuplot("the terminal plot");
    char term[64];
    snprintf(term, sizeof term, "dumb size %d,%d", o->width ? o->width : 79, o->height ? o->height : 24);
    return run_gnuplot(term, NULL, o, s, ns);
}
