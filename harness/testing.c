/* testing.c — registration and comparisons for testing.h. The runner is test_main.c. */
#include "testing.h"

#include "error.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Filled by the constructors that WB_TEST generates, before main runs. */
const wb_test_def **wb_tests;
int wb_test_count;

void wb_test_register(const wb_test_def *def) {
    /* a test without points or a hint is a bug in the test file: refuse to run at all */
    if (def->points <= 0 || !def->hint || !*def->hint)
        wb_die_at(def->file, def->line, "test %s needs .points > 0 and a .hint", def->name);
    wb_tests = wb_realloc(wb_tests, (size_t)(wb_test_count + 1) * sizeof *wb_tests);
    wb_tests[wb_test_count++] = def;
}

int wb_compare_floats(const float *got, const float *want, long n, double rtol, double atol, char *msg, size_t len) {
    long worst = -1;
    double worst_ratio = 0.0;
    for (long i = 0; i < n; i++) {
        double err = fabs((double)got[i] - (double)want[i]);
        double tol = atol + rtol * fabs((double)want[i]);
        double ratio = isnan(err) ? INFINITY : (tol > 0 ? err / tol : (err > 0 ? INFINITY : 0));
        if (ratio > worst_ratio || (isnan(err) && worst < 0)) worst_ratio = ratio, worst = i;
    }
    if (worst < 0 || worst_ratio <= 1.0) return 0;
    double w = want[worst], g = got[worst], err = fabs(g - w);
    char tol[48];
    if (rtol > 0 && atol > 0) snprintf(tol, sizeof tol, "tol %.0e rel + %.0e abs", rtol, atol);
    else if (rtol > 0) snprintf(tol, sizeof tol, "tol %.0e", rtol);
    else if (atol > 0) snprintf(tol, sizeof tol, "abs tol %.0e", atol);
    else snprintf(tol, sizeof tol, "must be exact");
    if (isnan(g)) snprintf(msg, len, "got NaN at [%ld], want %.7g (%s)", worst, w, tol);
    else if (rtol > 0 && w != 0.0)
        snprintf(msg, len, "max rel err %.1e at [%ld] (%s): got %.7g, want %.7g", err / fabs(w), worst, tol, g, w);
    else snprintf(msg, len, "max abs err %.1e at [%ld] (%s): got %.7g, want %.7g", err, worst, tol, g, w);
    return 1;
}

const char *wb_want_op(const char *op) {
    if (!strcmp(op, "==")) return "";
    if (!strcmp(op, "!=")) return "anything but ";
    if (!strcmp(op, "<")) return "< ";
    if (!strcmp(op, "<=")) return "<= ";
    if (!strcmp(op, ">")) return "> ";
    if (!strcmp(op, ">=")) return ">= ";
    return op;
}

void wb_fill_nan(float *x, long n) {
    for (long i = 0; i < n; i++) x[i] = NAN;
}

const char *wb_test_tmpdir(void) {
    static char dir[512];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/wbtest.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) wb_die("cannot create a temporary directory under %s", base ? base : "/tmp");
    return dir;
}

static const char *test_dir;
static void remove_test_dir(void) {
    DIR *d = opendir(test_dir);
    char path[700];
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.') snprintf(path, sizeof path, "%s/%s", test_dir, e->d_name), remove(path);
    if (d) closedir(d);
    rmdir(test_dir);
}

const char *wb_test_path(const char *name, char *buf, size_t len) {
    if (!test_dir) test_dir = wb_test_tmpdir(), atexit(remove_test_dir);
    snprintf(buf, len, "%s/%s", test_dir, name);
    return buf;
}
