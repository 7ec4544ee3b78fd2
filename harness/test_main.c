/* test_main.c — the test runner every test binary shares (linked from libwbtest.a).
 *
 *     build/rel/week01/student/test                 run every test, one line each, then the score
 *     build/rel/week01/student/test -t dot_product  only these tests (comma-separated; or T=...)
 *     build/rel/week01/student/test --list          name, points, timeout, file, line, hints (TSV)
 *
 * Each test runs in a child process (Check's fork mode) with its own timeout, so a crash or an
 * endless loop costs one test, not the run. Environment: NO_COLOR, CK_FORK=no (run in-process, for
 * a debugger; each test then gets a CPU-time limit equal to its timeout, so an endless loop stops
 * with SIGXCPU where it loops instead of running on), CK_TIMEOUT_MULTIPLIER (slow builds such as
 * ASan), WB_RESULTS=file (also write the results as TSV: status, score, max, seconds, name,
 * message, and the line of the test file where a failing test stopped, 0 for a pass), WB_EDIT_DIR
 * and WB_RETEST (for the closing "Edit ... and run: ..." line), WB_ORDER (test files in the order
 * to run them), WB_FAIL_FAST=1 (stop at the first test that does not pass: all a mutant check
 * needs to know).
 * Exit status: 0 if every test passed, 1 if any failed, 2 if the command line was wrong.
 */
#include "testing.h"

#include "error.h"
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

extern const wb_test_def **wb_tests;
extern int wb_test_count;

typedef enum { PASS, FAIL, CRASH, TIMEOUT } outcome;
static const char *const outcome_word[] = {"[PASS]", "[FAIL]", "[CRASH]", "[TIMEOUT]"};
static const char *const outcome_colour[] = {"\033[32m", "\033[31m", "\033[35m", "\033[33m"};

typedef struct {
    outcome status;
    double seconds;
    char message[256];
    int line; /* where in the test file it failed (Check's last assertion or mark reached), or 0 */
} result;

/* Test files run in the order WB_ORDER lists them (the order of the week's exercises), others
   after them by name; within a file, in the order they are written. */
static int file_rank(const char *file) {
    const char *order = getenv("WB_ORDER"), *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    int rank = 0;
    for (const char *p = order ? order : ""; *p; rank++) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (len == n && !strncmp(p, base, n)) return rank;
        p += len;
    }
    return 1 << 20;
}

static int by_file_then_line(const void *a, const void *b) {
    const wb_test_def *x = *(const wb_test_def *const *)a, *y = *(const wb_test_def *const *)b;
    int rx = file_rank(x->file), ry = file_rank(y->file);
    if (rx != ry) return rx < ry ? -1 : 1;
    int c = strcmp(x->file, y->file);
    return c ? c : x->line - y->line;
}

/* The file a student edits to fix this test: .edit, else test_<name>.c -> <name>.c */
static const char *edit_file(const wb_test_def *t, char *buf, size_t len) {
    if (t->edit) return t->edit;
    const char *base = strrchr(t->file, '/');
    base = base ? base + 1 : t->file;
    if (!strncmp(base, "test_", 5)) base += 5;
    snprintf(buf, len, "%s", base);
    return buf;
}

/* Messages are shown on one line: newlines and tabs become spaces. */
static void one_line(char *s) {
    for (; *s; s++)
        if (*s == '\n' || *s == '\t' || *s == '\r') *s = ' ';
}

static double timeout_of(const wb_test_def *t) {
    double base = t->timeout > 0 ? t->timeout : 4.0;
    const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
    return m && atof(m) > 0 ? base * atof(m) : base;
}

/* In one process (CK_FORK=no: make weekNN debug) Check has no child to time out, so the test gets a
   CPU-time limit as long as its timeout instead: past it the kernel sends SIGXCPU, which stops a
   debugger at the line that loops. limit 0 lifts it again. (Whole seconds: what RLIMIT_CPU has.) */
static void limit_cpu(double limit) {
    const char *fork = getenv("CK_FORK");
    if (!fork || strcmp(fork, "no") != 0) return;
    struct rlimit rl;
    if (getrlimit(RLIMIT_CPU, &rl) != 0) return;
    if (limit > 0) {
        struct rusage u;
        getrusage(RUSAGE_SELF, &u);
        double used = (double)u.ru_utime.tv_sec + 1e-6 * u.ru_utime.tv_usec + (double)u.ru_stime.tv_sec +
                      1e-6 * u.ru_stime.tv_usec;
        rl.rlim_cur = (rlim_t)ceil(used + limit);
    } else {
        rl.rlim_cur = rl.rlim_max;
    }
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_CPU, &rl);
}

/* Run one test in its own Check runner and translate Check's verdict into ours. */
static result run_one(const wb_test_def *t) {
    Suite *s = suite_create(t->name);
    TCase *tc = tcase_create(t->name);
    tcase_set_timeout(tc, t->timeout > 0 ? t->timeout : 4.0); /* Check applies the multiplier */
    _tcase_add_test(tc, t->ttest, 0, 0, 0, 1);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    result r = {PASS, 0.0, "", 0};
    double start = wb_seconds();
    fflush(stdout);
    limit_cpu(timeout_of(t));
    srunner_run_all(sr, CK_SILENT);
    limit_cpu(0);
    r.seconds = wb_seconds() - start;
    TestResult **trs = srunner_results(sr);
    if (srunner_ntests_run(sr) != 1) {
        r.status = CRASH;
        snprintf(r.message, sizeof r.message, "the test did not report a result");
    } else if (tr_rtype(trs[0]) != CK_PASS) {
        const char *msg = tr_msg(trs[0]) ? tr_msg(trs[0]) : "";
        r.line = tr_lno(trs[0]) > 0 ? tr_lno(trs[0]) : 0;
        int sig, code;
        if (tr_rtype(trs[0]) == CK_FAILURE) {
            r.status = FAIL;
            snprintf(r.message, sizeof r.message, "%s", msg);
        } else if (strstr(msg, "timeout")) {
            r.status = TIMEOUT;
            snprintf(r.message, sizeof r.message, "exceeded %.1f s", timeout_of(t));
        } else if (sscanf(msg, "Received signal %d", &sig) == 1) {
            r.status = CRASH;
            snprintf(r.message, sizeof r.message, "signal %d (%s)", sig, strsignal(sig));
        } else if (sscanf(msg, "Early exit with return value %d", &code) == 1) {
            r.status = CRASH;
            snprintf(r.message, sizeof r.message, "exited in the middle of the test with status %d%s", code,
                     code ? " (a sanitizer report or exit() call: see above)" : " (exit() called)");
        } else {
            r.status = CRASH;
            snprintf(r.message, sizeof r.message, "%s", msg);
        }
    }
    free(trs);
    srunner_free(sr);
    one_line(r.message);
    return r;
}

static int selected(const char *filter, const char *name) {
    if (!filter || !*filter) return 1;
    size_t n = strlen(name);
    for (const char *p = filter; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && !strncmp(p, name, n)) return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

static void list_tests(void) {
    char buf[256];
    for (int i = 0; i < wb_test_count; i++) {
        const wb_test_def *t = wb_tests[i];
        printf("%s\t%d\t%.1f\t%s\t%d\t%s\t%s\t%s\t%s\n", t->name, t->points, t->timeout > 0 ? t->timeout : 4.0,
               t->file, t->line, edit_file(t, buf, sizeof buf), t->hint, t->hint2 ? t->hint2 : "",
               t->hint3 ? t->hint3 : "");
    }
}

int main(int argc, char **argv) {
    const char *filter = getenv("T"), *results_path = getenv("WB_RESULTS");
    int list = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) list = 1;
        else if (!strcmp(argv[i], "-t") && i + 1 < argc) filter = argv[++i];
        else if (!strcmp(argv[i], "--results") && i + 1 < argc) results_path = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--list] [-t NAME[,NAME...]] [--results FILE]\n", argv[0]);
            return 2;
        }
    }
    qsort(wb_tests, (size_t)wb_test_count, sizeof *wb_tests, by_file_then_line);
    if (list) { list_tests(); return 0; }

    /* a filter that matches nothing is a typo, not a success */
    int chosen = 0;
    for (int i = 0; i < wb_test_count; i++) chosen += selected(filter, wb_tests[i]->name);
    if (chosen == 0) {
        fprintf(stderr, "no test named '%s'; the tests are:", filter ? filter : "");
        for (int i = 0; i < wb_test_count; i++) fprintf(stderr, " %s", wb_tests[i]->name);
        fputc('\n', stderr);
        return 2;
    }

    int colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    FILE *rf = NULL;
    char tmp_path[4200] = "";
    if (results_path && *results_path) {
        snprintf(tmp_path, sizeof tmp_path, "%s.tmp", results_path);
        rf = fopen(tmp_path, "w");
        if (!rf) fprintf(stderr, "warning: cannot write %s\n", tmp_path);
    }
    int score = 0, max_score = 0, failed = 0;
    const wb_test_def *first_failure = NULL;
    for (int i = 0; i < wb_test_count; i++) {
        const wb_test_def *t = wb_tests[i];
        if (!selected(filter, t->name)) continue;
        result r = run_one(t);
        int got = r.status == PASS ? t->points : 0;
        score += got;
        max_score += t->points;
        if (r.status != PASS && !failed++) first_failure = t;
        char pts[32];
        snprintf(pts, sizeof pts, "%d/%d", got, t->points);
        printf("%s%-9s%s %3s  %s", colour ? outcome_colour[r.status] : "", outcome_word[r.status],
               colour ? "\033[0m" : "", pts, t->name);
        if (r.message[0]) printf("%*s %s", (int)(strlen(t->name) < 24 ? 24 - strlen(t->name) : 0), "", r.message);
        printf("\n");
        fflush(stdout);
        if (rf)
            fprintf(rf, "%s\t%d\t%d\t%.3f\t%s\t%s\t%d\n", outcome_word[r.status], got, t->points, r.seconds,
                    t->name, r.message, r.line);
        /* flush now: each test runs in a forked child, which would write out unflushed lines again */
        if (rf) fflush(rf);
        if (failed && getenv("WB_FAIL_FAST")) break;
    }
    printf("Score: %d/%d\n", score, max_score);
    if (first_failure) {
        const char *dir = getenv("WB_EDIT_DIR"), *retest = getenv("WB_RETEST");
        char buf[256];
        printf("Hint: %s", first_failure->hint);
        if (dir && retest) printf("   Edit %s/%s and run: %s", dir, edit_file(first_failure, buf, sizeof buf), retest);
        printf("\n");
    }
    if (rf) {
        fclose(rf);
        if (rename(tmp_path, results_path) != 0) fprintf(stderr, "warning: cannot write %s\n", results_path);
    }
    return failed ? 1 : 0;
}
