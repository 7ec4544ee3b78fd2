/* test_settings.c — wb_setting: the default when unset or empty, the number when set, and a
 * one-line refusal (exit 2) of a value that is not a number. */
#include "settings.h"
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

WB_TEST(setting_default_and_value, .points = 1,
        .hint = "Unset and empty both mean the default; a set value is read as a number.") {
    unsetenv("WB_TEST_SETTING");
    WB_ASSERT_NEAR(wb_setting("WB_TEST_SETTING", 2.5), 2.5, 0, 0);
    setenv("WB_TEST_SETTING", "", 1);
    WB_ASSERT_NEAR(wb_setting("WB_TEST_SETTING", 2.5), 2.5, 0, 0);
    setenv("WB_TEST_SETTING", "0.125", 1); /* a power of two: exact */
    WB_ASSERT_NEAR(wb_setting("WB_TEST_SETTING", 2.5), 0.125, 0, 0);
    setenv("WB_TEST_SETTING", "-3e2", 1);
    WB_ASSERT_NEAR(wb_setting("WB_TEST_SETTING", 2.5), -300, 0, 0);
}

WB_TEST(setting_refuses_text, .points = 1, .timeout = 10,
        .hint = "EPOCHS=ten must stop the run with a message (exit 2), not train for 0 epochs.") {
    const char *bad[] = {"10x", "ten", "nan", "1e999"};
    for (int i = 0; i < 4; i++) {
        pid_t pid = fork(); /* the refusal ends the process: in a child */
        if (pid == 0) {
            freopen("/dev/null", "w", stderr);
            setenv("WB_TEST_SETTING", bad[i], 1);
            wb_setting("WB_TEST_SETTING", 1);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 2, "WB_TEST_SETTING=%s: status %d, want exit 2",
                      bad[i], status);
    }
}
