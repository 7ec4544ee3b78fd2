/* test_interrupt.c — Ctrl-C, once caught, only raises the flag; released, it ends the program. */
#include "interrupt.h"
#include "testing.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

WB_TEST(interrupt_sets_the_flag, .points = 1, .timeout = 10,
        .hint = "After wb_interrupt_catch a SIGINT must leave the process running with the flag set; "
                "after wb_interrupt_release it must end the process.") {
    pid_t pid = fork(); /* signals in a child, so the test runner is never touched */
    if (pid == 0) {
        int before = wb_interrupted();
        wb_interrupt_catch();
        raise(SIGINT);
        int after = wb_interrupted();
        wb_interrupt_release();
        if (before != 0 || after != 1) _exit(3);
        raise(SIGINT); /* released: this ends the child */
        _exit(4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
                  "child status %d: want killed by SIGINT after release (exit 3: flag wrong, 4: not released)",
                  status);
}
