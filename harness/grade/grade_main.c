/* grade_main.c — the test runner of graded builds. harness/grade/grade-one links it in place of
 * harness/test_main.c, so that a test's result reaches the grader only through a channel the
 * tested code cannot name, and only once the test has returned.
 *
 *     test -t NAME        run the one test NAME, in this process (the sandbox is the isolation)
 *       fd 3 (read)       the grader's secret: a random nonce, read only after the test returned
 *       fd 4 (write)      the result, one line: NONCE <tab> pass|fail <tab> message
 *
 * Why in this process, not in a Check child: Check counts a child that calls exit(0) as a pass.
 * Here, a test that exits, crashes or hangs never reaches the line that writes the result, and the
 * grader (which opened fds 3 and 4 itself, through the sandbox) gives it no points. Printing a
 * fake "[PASS]" line changes nothing: the grader never reads the test's output. Exit status: 0
 * after writing a result, 2 for a usage error.
 */
#include "testing.h"

#include <fcntl.h>
#include <stdio.h>
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
    /* nothing the test starts may inherit them */
    fcntl(3, F_SETFD, FD_CLOEXEC);
    fcntl(4, F_SETFD, FD_CLOEXEC);

    Suite *s = suite_create(t->name);
    TCase *tc = tcase_create(t->name);
    _tcase_add_test(tc, t->ttest, 0, 0, 0, 1);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* a failed assertion returns here through longjmp */
    srunner_run_all(sr, CK_SILENT);

    /* the test returned: now, and only now, the secret */
    int pass = srunner_ntests_run(sr) == 1 && srunner_ntests_failed(sr) == 0;
    char msg[512] = "", nonce[80] = "";
    TestResult **trs = srunner_results(sr);
    if (!pass && srunner_ntests_run(sr) == 1 && tr_msg(trs[0])) snprintf(msg, sizeof msg, "%s", tr_msg(trs[0]));
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
    ssize_t n = read(3, nonce, sizeof nonce - 1);
    nonce[n > 0 ? n : 0] = 0;
    nonce[strcspn(nonce, "\n")] = 0;
    dprintf(4, "%s\t%s\t%s\n", nonce, pass ? "pass" : "fail", msg);
    return 0;
}
