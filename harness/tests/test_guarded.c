/* test_guarded.c — wb_guarded_floats: n usable floats that end where an unreadable page begins, a
 * fault there announced by one line naming the buffer, and buffers that can be released. */
#include "testing.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

WB_TEST(guarded_floats_end_at_an_unreadable_page, .points = 1,
        .hint = "wb_guarded_floats(n, what): n zeroed, writable floats; x + n is the first byte of "
                "a PROT_NONE page, so x[n] faults. wb_guarded_free unmaps them, frees the slot.") {
    const long page = sysconf(_SC_PAGESIZE);
    /* more buffers than the 16 that may be in use at once: each one released frees its slot */
    for (long n = 0; n < 40 * 103; n += 103) {
        float *x = wb_guarded_floats(n, "a test buffer");
        ck_assert_msg((uintptr_t)(x + n) % (uintptr_t)page == 0, "n = %ld: x + n is not on a page "
                      "boundary (%p)", n, (void *)(x + n));
        for (long i = 0; i < n; i++)
            ck_assert_msg(x[i] == 0, "n = %ld: x[%ld] = %g, want 0", n, i, (double)x[i]);
        for (long i = 0; i < n; i++) x[i] = (float)i;
        if (n % 4 == 0) ck_assert_msg((uintptr_t)x % 16 == 0, "n = %ld: x not 16-byte aligned", n);
        wb_guarded_free(x);
    }
}

/* In a child: read x[4] of 5 guarded floats (fine), then x[5]; exit 3 if that did not fault. */
static void touch_past_the_end(int err) {
    dup2(err, STDERR_FILENO);
    volatile float *x = wb_guarded_floats(5, "the five floats");
    float s = x[4];
    s += x[5];
    _exit(s == s ? 3 : 4);
}

WB_TEST(guarded_floats_fault_names_the_buffer, .points = 1,
        .hint = "Reading one float past a guarded buffer must end the process with SIGSEGV (or, "
                "under AddressSanitizer, its SEGV report), after the line \"... went past the end "
                "of WHAT (n floats)\" on stderr.") {
    int fd[2];
    ck_assert(pipe(fd) == 0);
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) touch_past_the_end(fd[1]);
    close(fd[1]);
    char out[4096] = "";
    size_t got = 0;
    for (ssize_t k; got < sizeof out - 1 && (k = read(fd[0], out + got, sizeof out - 1 - got)) > 0;)
        got += (size_t)k;
    out[got] = '\0';
    close(fd[0]);
    int status;
    ck_assert(waitpid(pid, &status, 0) == pid);
    /* a plain build dies of the signal; AddressSanitizer's handler reports and exits with 1 */
    int faulted = (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) ||
                  (WIFEXITED(status) && WEXITSTATUS(status) == 1);
    ck_assert_msg(faulted, "reading x[5] of 5 guarded floats: %s %d, want death by SIGSEGV",
                  WIFSIGNALED(status) ? "signal" : "exit status",
                  WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    ck_assert_msg(strstr(out, "went past the end of the five floats (5 floats)"),
                  "stderr of the faulting process does not name the buffer: \"%.200s\"", out);
}
