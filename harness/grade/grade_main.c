/* grade_main.c — the test runner of graded builds. harness/grade/grade-one links it in place of
 * harness/test_main.c, so that a test's result reaches the grader only through a channel the
 * tested code cannot name, and only once the test has returned.
 *
 *     test -t NAME        run the one test NAME, in this process (the sandbox is the isolation)
 *       fd 3 (read)       a pipe holding the grader's secret, a random nonce: read and closed
 *                         before the test starts, so no code under test can read it from there
 *       fd 4 (write)      a pipe to the sandbox: the result, exactly one record, in one write():
 *                         WBR1 <tab> NONCE <tab> pass|fail <tab> message <newline>
 *
 * Why in this process, not in a Check child: Check counts a child that calls exit(0) as a pass.
 * Here, a test that exits, crashes or hangs never reaches the line that writes the result, and the
 * grader gives it no points. Printing a fake "[PASS]" line changes nothing: the grader never reads
 * the test's output for a verdict. Anything else on fd 4 (a prefix, a second record) makes the
 * channel invalid: the grader then withholds the score for review. The sandbox runs this with no
 * /proc (no reopening fd 3 or 4 by name) and not dumpable. What remains possible is in README.md
 * (code that corrupts this process's memory). Exit status: 0 after writing a result, 2 for a usage error.
 */
#include "testing.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

extern const wb_test_def **wb_tests;
extern int wb_test_count;

int main(int argc, char **argv) {
    if (argc != 3 || strcmp(argv[1], "-t") != 0) {
        fprintf(stderr, "usage: %s -t NAME   (a graded build: fd 3 holds the nonce, fd 4 takes the result)\n", argv[0]);
        return 2;
    }
    const wb_test_def *t = NULL;
    for (int i = 0; i < wb_test_count; i++)
        if (!strcmp(wb_tests[i]->name, argv[2])) t = wb_tests[i];
    if (!t || fcntl(3, F_GETFD) < 0 || fcntl(4, F_GETFD) < 0) {
        fprintf(stderr, "%s: no test named %s, or fds 3 and 4 are not open\n", argv[0], argv[2]);
        return 2;
    }
    /* the secret now, before any code under test runs, into a page of its own that no code can
       read while the test runs (PROT_NONE: scanning memory for it faults); then fd 3 is gone */
    long page = sysconf(_SC_PAGESIZE);
    char *nonce = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (nonce == MAP_FAILED) return 2;
    ssize_t n = read(3, nonce, 79);
    nonce[n > 0 ? n : 0] = 0;
    nonce[strcspn(nonce, "\n")] = 0;
    close(3);
    if (mprotect(nonce, (size_t)page, PROT_NONE) != 0) return 2;
    fcntl(4, F_SETFD, FD_CLOEXEC); /* nothing the test starts may inherit it */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

    Suite *s = suite_create(t->name);
    TCase *tc = tcase_create(t->name);
    _tcase_add_test(tc, t->ttest, 0, 0, 0, 1);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* a failed assertion returns here through longjmp */
    srunner_run_all(sr, CK_SILENT);

    /* the test returned: now, and only now, the result */
    if (mprotect(nonce, (size_t)page, PROT_READ) != 0) return 2;
    int pass = srunner_ntests_run(sr) == 1 && srunner_ntests_failed(sr) == 0;
    char msg[512] = "", record[700];
    TestResult **trs = srunner_results(sr);
    if (!pass && srunner_ntests_run(sr) == 1 && tr_msg(trs[0])) snprintf(msg, sizeof msg, "%s", tr_msg(trs[0]));
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
    int len = snprintf(record, sizeof record, "WBR1\t%s\t%s\t%s\n", nonce, pass ? "pass" : "fail", msg);
    if (len >= (int)sizeof record) len = (int)sizeof record - 1, record[len - 1] = '\n';
    return write(4, record, (size_t)len) == len ? 0 : 2;
}
