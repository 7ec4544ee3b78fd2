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
#include <strings.h>
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
static void put_escaped(FILE *g, const char *s) {
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', g);
        fputc(*s == '\n' ? ' ' : *s, g);
    }
}

static void put_quoted(FILE *g, const char *s) {
    fputc('"', g);
    put_escaped(g, s);
    fputc('"', g);
}

/* ---- the house style (plot.h) ----------------------------------------------------------------- */

/* ten distinguishable colours (Tableau 10), so ten classes never share one; gnuplot's own default
   set repeats after eight */
static const char *const palette[10] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

static int is_points(const wb_series *s) { return s->style && !strncmp(s->style, "points", 6); }

static int is_target(const wb_series *s) {
    return s->target || (s->label && !strncasecmp(s->label, "target", 6));
}

/* The colour of series i: the "lc rgb '#rrggbb'" in its style, else its palette colour. */
static void series_colour(const wb_series *s, int i, char out[8]) {
    const char *c = s->style ? strstr(s->style, "rgb") : NULL;
    if (c && (c = strchr(c, '#')) && strspn(c + 1, "0123456789abcdefABCDEF") >= 6) {
        memcpy(out, c, 7), out[7] = '\0';
        return;
    }
    memcpy(out, palette[i % 10], 8);
}

/* The finite data range along one axis (positive values only on a log axis): 0 if there is none. */
static int data_range(const wb_series *s, int ns, int axis, int log, double *lo, double *hi) {
    *lo = INFINITY, *hi = -INFINITY;
    for (int i = 0; i < ns; i++)
        for (int k = 0; k < s[i].n; k++) {
            double v = axis ? s[i].y[k] : s[i].x ? s[i].x[k] : k;
            if (!isfinite(v) || (log && v <= 0)) continue;
            if (v < *lo) *lo = v;
            if (v > *hi) *hi = v;
        }
    return *lo <= *hi;
}

/* One axis ("x" or "y"): its range fitted to the data with a margin (no curve on the frame, no log
   axis stretched to whole decades), and ticks a reader can read at a glance. */
static void axis_style(FILE *g, const char *ax, const wb_series *s, int ns, int axis, int log, double pad, int png,
                       float fixed_lo, float fixed_hi) {
    double lo, hi;
    if (fixed_hi > fixed_lo && (!log || fixed_lo > 0)) { /* the caller's range, exactly */
        lo = fixed_lo, hi = fixed_hi, pad = 0;
    } else if (!data_range(s, ns, axis, log, &lo, &hi)) { /* nothing to draw: an empty frame, not an error */
        fprintf(g, "set %srange [%d:10]\n", ax, log ? 1 : 0);
        return;
    }
    if (!log) {
        double span = hi - lo;
        if (span <= 0) span = fabs(hi) > 0 ? fabs(hi) * 0.2 : 1, pad = 0.5;
        fprintf(g, "set %srange [%.9g:%.9g]\nset format %s \"%%g\"\n", ax, lo - pad * span, hi + pad * span, ax);
        return;
    }
    double ratio = hi / lo, f = ratio > 1.0001 ? pow(ratio, pad) : pad > 0 ? 1.15 : 1;
    double a = lo / f, b = hi * f;
    fprintf(g, "set %srange [%.9g:%.9g]\n", ax, a, b);
    if (ratio < 10) {
        /* under a decade gnuplot draws no tick at all: about six ticks evenly spaced on the log
           axis, each rounded to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times 10^e) */
        static const double round_m[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
        double last = 0;
        fprintf(g, "set %stics (", ax);
        for (int i = 0; i <= 6; i++) {
            double t = a * pow(b / a, (i + 0.5) / 7), p = pow(10, floor(log10(t))), best = p;
            for (int m = 0; m < 11; m++)
                if (fabs(log10(round_m[m] * p / t)) < fabs(log10(best / t))) best = round_m[m] * p;
            if (best <= last * (1 + 1e-9) || best < a || best > b) continue;
            fprintf(g, "%s\"%.6g\" %.9g", last > 0 ? ", " : "", best, best);
            last = best;
        }
        fprintf(g, ")\n");
    } else if (ratio < 300) { /* one or two decades: 1, 2 and 5 times the powers of ten */
        fprintf(g, "set %stics (", ax);
        int first = 1;
        for (int e = (int)floor(log10(a)); e <= (int)ceil(log10(b)); e++)
            for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) {
                double t = m * pow(10, e);
                if (t < a || t > b) continue;
                fprintf(g, "%s\"%.6g\" %.9g", first ? "" : ", ", t, t), first = 0;
            }
        fprintf(g, ")\n");
    } else if (lo >= 1e-3 && hi < 1e5) {
        fprintf(g, "set format %s \"%%g\"\n", ax);
    } else { /* many decades: powers of ten, 10^-8 rather than 0.00000001, about 8 of them */
        int k = (int)ceil(log10(ratio) / 8);
        fprintf(g, "set format %s \"%s\"\nset %stics 1e%d\nset m%stics %d\n", ax, png ? "10^{%L}" : "1e%L", ax, k,
                ax, k > 1 ? k : 10);
    }
}

/* Scatter plots of classes: each class's name at its median point (medians of x and of y). */
static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The median of a series' x and of its y: 0 if it has no finite point. */
static int median_point(const wb_series *s, float med[2]) {
    float *v = malloc((size_t)s->n * sizeof *v);
    if (!v) return 0;
    for (int axis = 0; axis < 2; axis++) {
        int m = 0;
        for (int k = 0; k < s->n; k++) {
            float t = axis ? s->y[k] : s->x ? s->x[k] : (float)k;
            if (isfinite(t)) v[m++] = t;
        }
        if (m) qsort(v, (size_t)m, sizeof *v, cmp_float);
        med[axis] = m ? v[m / 2] : NAN;
    }
    free(v);
    return isfinite(med[0]) && isfinite(med[1]);
}

/* Writes the data block $m: median x, median y, name, colour, text colour, one line per class whose
   name is one or two characters (drawn as a coloured disc with the name in it), and a boxed label
   for each longer name. Returns the number of discs. */
static int class_labels(FILE *g, const wb_series *s, int ns) {
    int discs = 0;
    float med[2];
    fputs("set style textbox opaque fc rgb \"white\" border lc rgb \"#444444\"\n$m << EOD\n", g);
    for (int i = 0; i < ns; i++) {
        size_t len = s[i].label ? strlen(s[i].label) : 0;
        if (!is_points(&s[i]) || len < 1 || len > 2 || s[i].n < 1 || !median_point(&s[i], med)) continue;
        char colour[8];
        series_colour(&s[i], i, colour);
        unsigned rgb = (unsigned)strtoul(colour + 1, NULL, 16);
        /* black or white text, whichever stands out on the disc (Rec. 601 luma) */
        unsigned luma = (299 * (rgb >> 16) + 587 * (rgb >> 8 & 255) + 114 * (rgb & 255)) / 1000;
        fprintf(g, "%.9g %.9g ", med[0], med[1]);
        put_quoted(g, s[i].label);
        fprintf(g, " 0x%06x 0x%06x\n", rgb, luma > 150 ? 0u : 0xffffffu);
        discs++;
    }
    fputs("EOD\n", g);
    for (int i = 0; i < ns; i++) {
        if (!is_points(&s[i]) || !s[i].label || strlen(s[i].label) <= 2 || s[i].n < 1 || !median_point(&s[i], med))
            continue;
        fputs("set label ", g);
        put_quoted(g, s[i].label);
        fprintf(g, " at %.9g,%.9g center front boxed tc rgb \"black\" font \"sans Bold,15\" noenhanced\n", med[0], med[1]);
    }
    return discs;
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
    if (o->title || o->note) {
        fputs("set title \"", g);
        put_escaped(g, o->title);
        if (o->title && o->note) fputs("\\n", g); /* the note is a second line: \n inside gnuplot's quotes */
        put_escaped(g, o->note);
        fputc('"', g);
        fputs(png ? " noenhanced font \",19\"\n" : " noenhanced\n", g);
    }
    if (o->xlabel) fputs("set xlabel ", g), put_quoted(g, o->xlabel), fputs(" noenhanced\n", g);
    if (o->ylabel) fputs("set ylabel ", g), put_quoted(g, o->ylabel), fputs(" noenhanced\n", g);
    if (o->logx) fputs("set logscale x\n", g);
    if (o->logy) fputs("set logscale y\n", g);
    if (o->square) fputs("set size ratio -1\n", g);
    int points = 0, all_lines = 1;
    for (int i = 0; i < ns; i++) {
        points += is_points(&s[i]) && s[i].n > 0;
        all_lines &= !s[i].style || !strcmp(s[i].style, "lines");
    }
    int classes = points >= 3;
    long npoints = 0; /* many overlapping dots: smaller and see-through */
    for (int i = 0; i < ns; i++) npoints += is_points(&s[i]) ? s[i].n : 0;
    axis_style(g, "x", s, ns, 0, o->logx, all_lines && !o->square ? 0.0 : 0.03, png, o->xmin, o->xmax);
    axis_style(g, "y", s, ns, 1, o->logy, 0.05, png, o->ymin, o->ymax);
    for (int i = 0; i < 10; i++) fprintf(g, "set linetype %d lc rgb \"%s\"\n", i + 1, palette[i]);
    fputs("set linetype cycle 10\n", g);
    if (png) {
        fputs("set grid back lt 1 lc rgb \"#dddddd\" lw 1\nset border 3 lw 1.5\nset tics nomirror\n", g);
        fprintf(g, "set key %s\n", o->key ? o->key : "below center horizontal reverse Left samplen 3 spacing 1.3 width 2");
    } else {
        fprintf(g, "set grid\nset key %s\n", o->key ? o->key : "outside right top");
    }
    if (o->mark_label) {
        fprintf(g, "set arrow from %.9g, graph 0 to %.9g, graph 1 nohead front dt 2 lw 2 lc rgb \"#333333\"\n",
                o->mark_x, o->mark_x);
        fprintf(g, "set label ");
        put_quoted(g, o->mark_label);
        fprintf(g, " at %.9g, graph 1 left offset 0.4,0.7 front tc rgb \"#333333\" noenhanced\n", o->mark_x);
    }
    int discs = classes && png ? class_labels(g, s, ns) : 0;
    fputs("plot", g);
    int first = 1;
    /* the legend first: targets (drawn last, on top), then large dots for the classes of a scatter */
    for (int i = 0; i < ns; i++) {
        if (!png || !is_target(&s[i])) continue;
        fprintf(g, "%s keyentry with lines lw 3 dt 2 lc rgb \"black\" title ", first ? "" : ","), first = 0;
        put_quoted(g, s[i].label ? s[i].label : "");
        fputs(" noenhanced", g);
    }
    for (int i = 0; i < ns; i++) {
        if (png && is_target(&s[i])) continue;
        const char *style = s[i].style ? s[i].style : "lines";
        char colour[8];
        series_colour(&s[i], i, colour);
        fprintf(g, "%s $d%d using 1:2 with %s", first ? "" : ",", i, style), first = 0;
        if (!strcmp(style, "lines")) fputs(png ? " lw 2.5" : " lw 2", g);
        if (!strcmp(style, "linespoints") && png) fputs(" lw 2 pt 7 ps 1.1", g);
        /* filled dots in a PNG, see-through when many overlap; in text, each series its own letter */
        if (!strcmp(style, "points") && png)
            fprintf(g, !classes ? " pt 7 ps 0.8" : npoints > 3000 ? " pt 7 ps 0.6 lc rgb \"#50%s\"" : " pt 7 ps 0.9 lc rgb \"#%s\"",
                    colour + 1);
        if (classes && is_points(&s[i]) && png) {
            fputs(" notitle", g);
            fprintf(g, ", keyentry with points pt 7 ps 2.2 lc rgb \"%s\" title ", colour);
        } else {
            fputs(" title ", g);
        }
        put_quoted(g, s[i].label ? s[i].label : "");
        fputs(" noenhanced", g);
    }
    for (int i = 0; i < ns; i++)
        if (png && is_target(&s[i]))
            fprintf(g, "%s $d%d using 1:2 with lines lw 3 dt 2 lc rgb \"black\" notitle", first ? "" : ",", i), first = 0;
    if (discs) /* on top of everything: a white ring, the class's colour, its name */
        fputs(", $m using 1:2 with points pt 7 ps 5.2 lc rgb \"white\" notitle"
              ", $m using 1:2:4 with points pt 7 ps 4.4 lc rgb variable notitle"
              ", $m using 1:2:3:5 with labels font \"sans Bold,17\" tc rgb variable notitle", g);
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
    snprintf(term, sizeof term, "pngcairo size %d,%d font \"" WB_PLOT_FONT "\" linewidth 1.4", o->width ? o->width : WB_PLOT_WIDTH,
             o->height ? o->height : WB_PLOT_HEIGHT);
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
