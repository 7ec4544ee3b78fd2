/* testing.c — registration and comparisons for testing.h. The runner is test_main.c. */
#include "testing.h"

#include "error.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* wb_guarded_floats: each buffer's mapping, its guard page (the last page of the mapping) and the
   line a fault there prints */
enum { WB_GUARDS = 16 };
static struct wb_guard {
    float *x;
    char *base, *guard;
    char msg[200];
    size_t len;
} wb_guards[WB_GUARDS];
static size_t wb_page;
static struct sigaction wb_segv_before;
static int wb_segv_caught;

/* A fault in a guard page: say whose, then put back the handler there was before and return, so
   the access faults again and ends the test as it would have (write only: async-signal-safe). */
static void wb_guard_fault(int sig, siginfo_t *info, void *context) {
    (void)sig, (void)context;
    const char *at = info->si_addr;
    for (int i = 0; i < WB_GUARDS; i++)
        if (wb_guards[i].x && at >= wb_guards[i].guard && at < wb_guards[i].guard + wb_page)
            if (write(STDERR_FILENO, wb_guards[i].msg, wb_guards[i].len) < 0) break;
    sigaction(SIGSEGV, &wb_segv_before, NULL);
    wb_segv_caught = 0;
}

float *wb_guarded_floats(long n, const char *what) {
    if (!wb_page) wb_page = (size_t)sysconf(_SC_PAGESIZE);
    struct wb_guard *g = wb_guards;
    while (g < wb_guards + WB_GUARDS && g->x) g++;
    if (g == wb_guards + WB_GUARDS) wb_die("wb_guarded_floats: %d buffers in use", WB_GUARDS);
    size_t bytes = (size_t)(n > 0 ? n : 0) * sizeof(float), pages = (bytes + wb_page - 1) / wb_page;
    char *base = mmap(NULL, (pages + 1) * wb_page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || mprotect(base + pages * wb_page, wb_page, PROT_NONE) != 0)
        wb_die("wb_guarded_floats: cannot map %zu bytes and a guard page", bytes);
    g->base = base, g->guard = base + pages * wb_page, g->x = (float *)(void *)(g->guard - bytes);
    int len = snprintf(g->msg, sizeof g->msg,
                       "wb_guarded_floats: the code under test went past the end of %s (%ld floats)\n",
                       what, n);
    g->len = len < 0 ? 0 : (size_t)len < sizeof g->msg ? (size_t)len : sizeof g->msg - 1;
    if (!wb_segv_caught) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = wb_guard_fault, sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        wb_segv_caught = sigaction(SIGSEGV, &sa, &wb_segv_before) == 0;
    }
    return g->x;
}

void wb_guarded_free(float *x) {
    for (struct wb_guard *g = wb_guards; x && g < wb_guards + WB_GUARDS; g++)
        if (g->x == x) {
            munmap(g->base, (size_t)(g->guard - g->base) + wb_page);
            memset(g, 0, sizeof *g);
            return;
        }
    if (x) wb_die("wb_guarded_free: %p is not from wb_guarded_floats", (void *)x);
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
