/* sandbox.c — run one untrusted command with limits, and say how it ended. Used by the grader
 * (harness/grade/grade-one) for every compile and every test of a submission.
 *
 *     sandbox [options] -- command [args...]
 *       -u UID -g GID  run as this unprivileged user and group (needs root); when the command
 *                      ends, every process of UID is killed, so give each grading slot its own UID
 *       -w SECONDS     wall-clock limit: the command and everything it started are killed
 *       -c SECONDS     CPU-time limit            -m MB   address-space limit
 *       -f MB          file-size limit           -n N    open-file limit
 *       -p N           process limit (RLIMIT_NPROC counts every process of the user)
 *       -d DIR         working directory         -o FILE the command's stdout+stderr (else /dev/null)
 *       -i             isolate: a new network namespace; as root also a new mount namespace with
 *                      small private tmpfs on /tmp, /var/tmp, /run/lock, /dev/shm and on DIR
 *       -r FILE        give the command FILE as fd 3, read-only    -R FILE   and as fd 4, write-only
 *                      (FILE is opened here, before anything is dropped: the command needs no
 *                      permission on it and cannot reach it by name; grade_main.c uses them)
 *
 * It prints one line:  STATUS <tab> VALUE <tab> SECONDS <tab> NOTES
 *     exit N | signal N | timeout 0 | error 0     NOTES: net=isolated|shared(reason) tmp=private|shared
 * and exits 0 whenever it could run the command (the verdict is in the line, not the status).
 *
 * How nothing escapes: the command starts a new session (its own process group); the launcher is a
 * child subreaper, so whatever the command leaves behind is re-parented here and killed; with -u,
 * a helper running as UID kills every process of UID until none is left (processes that called
 * setsid are caught too). Commands of the same UID never overlap, machine-wide (a lock in
 * /run/wb-sandbox/): the sweep of one cannot hit another. PR_SET_NO_NEW_PRIVS stops set-uid
 * programs from gaining privileges.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "sandbox: %s: %s\n", what, strerror(errno));
    exit(2);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void limit(int resource, rlim_t value) {
    struct rlimit rl = {value, value};
    if (resource == RLIMIT_CPU) rl.rlim_max = value + 1; /* SIGXCPU at the soft limit, SIGKILL 1 s later */
    if (setrlimit(resource, &rl) != 0) die("setrlimit");
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) return -1;
    int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok ? 0 : -1;
}


/* One pass over /proc: kill our children (orphans of the command are re-parented to us) and count
   the live processes that are our children or belong to uid (zombies are dead: not counted). */
static int sweep(long uid) {
    int alive = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[64], buf[512];
        struct stat st;
        int pid = atoi(e->d_name);
        if (pid <= 0 || pid == getpid()) continue;
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        char *p = strrchr(buf, ')'); /* "pid (comm) state ppid ...": comm may hold spaces */
        int ppid = 0;
        char state = 'Z';
        if (!p || sscanf(p + 1, " %c %d", &state, &ppid) != 2 || state == 'Z') continue;
        snprintf(path, sizeof path, "/proc/%d", pid);
        int mine = uid >= 0 && stat(path, &st) == 0 && st.st_uid == (uid_t)uid;
        if (ppid == getpid()) kill(pid, SIGKILL);
        alive += mine || ppid == getpid();
    }
    if (d) closedir(d);
    return alive;
}

/* Kill every process of uid once: a helper that becomes uid can signal exactly those. */
static void kill_user(long uid) {
    if (uid < 0) return;
    pid_t helper = fork();
    if (helper == 0) {
        if (setuid((uid_t)uid) != 0) _exit(1);
        kill(-1, SIGKILL);
        _exit(0);
    }
    if (helper > 0) waitpid(helper, NULL, 0);
}

/* Kill the command's process group, everything of uid and all our children, reaping them, until
   nothing is left (a fork bomb keeps forking while it is being killed: repeat). */
static void cleanup(pid_t group, long uid) {
    for (int round = 0; round < 5000; round++) {
        if (group > 0) kill(-group, SIGKILL);
        kill_user(uid);
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        if (sweep(uid) == 0) break;
        usleep(1000);
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
    }
    /* reap the last ones as they die: zombies left to init still count against the user's
       process limit, which the next test needs */
    for (int i = 0; i < 2000 && waitpid(-1, NULL, WNOHANG) >= 0; i++) usleep(500);
}
int main(int argc, char **argv) {
    long uid = -1, gid = -1, mb_as = 0, mb_file = 0, nofile = 0, nproc = 0;
    double wall = 0, cpu = 0;
    const char *dir = NULL, *out = "/dev/null", *fd3 = NULL, *fd4 = NULL;
    int isolate = 0, opt;
    while ((opt = getopt(argc, argv, "+u:g:w:c:m:f:n:p:d:o:ir:R:")) != -1) {
        switch (opt) {
        case 'u': uid = atol(optarg); break;
        case 'g': gid = atol(optarg); break;
        case 'w': wall = atof(optarg); break;
        case 'c': cpu = atof(optarg); break;
        case 'm': mb_as = atol(optarg); break;
        case 'f': mb_file = atol(optarg); break;
        case 'n': nofile = atol(optarg); break;
        case 'p': nproc = atol(optarg); break;
        case 'd': dir = optarg; break;
        case 'o': out = optarg; break;
        case 'i': isolate = 1; break;
        case 'r': fd3 = optarg; break;
        case 'R': fd4 = optarg; break;
        default: fprintf(stderr, "usage: sandbox [-u UID -g GID] [-w s] [-c s] [-m MB] [-f MB] [-n N] [-p N] [-d DIR] [-o FILE] [-i] [-r FILE] [-R FILE] -- cmd...\n"); return 2;
        }
    }
    if (optind >= argc) { fprintf(stderr, "sandbox: no command\n"); return 2; }
    if (uid >= 0 && (uid == 0 || getuid() != 0)) { fprintf(stderr, "sandbox: -u needs root and a non-root UID\n"); return 2; }
    if (gid < 0 && uid >= 0) { /* the user's own group */
        struct passwd *pw = getpwuid((uid_t)uid);
        gid = pw ? (long)pw->pw_gid : uid;
    }

    int outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
    if (outfd < 0) die(out);
    int in3 = fd3 ? open(fd3, O_RDONLY | O_NOFOLLOW) : -1, out4 = fd4 ? open(fd4, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600) : -1;
    if ((fd3 && in3 < 0) || (fd4 && out4 < 0)) die(fd3 && in3 < 0 ? fd3 : fd4);

    char net[128] = "net=shared", tmp[32] = "tmp=shared";
    char realdirpath[4096] = "";
    if (dir && !realpath(dir, realdirpath)) realdirpath[0] = 0;
    if (isolate) {
        int flags = CLONE_NEWNET | (getuid() == 0 ? CLONE_NEWNS : CLONE_NEWUSER);
        uid_t me = getuid();
        gid_t mygid = getgid();
        if (unshare(flags) != 0) {
            snprintf(net, sizeof net, "net=shared(unshare: %s)", strerror(errno));
        } else {
            snprintf(net, sizeof net, "net=isolated");
            if (me != 0) { /* an unprivileged user namespace: map ourselves to ourselves */
                char map[64];
                write_file("/proc/self/setgroups", "deny");
                snprintf(map, sizeof map, "%u %u 1", me, me);
                write_file("/proc/self/uid_map", map);
                snprintf(map, sizeof map, "%u %u 1", mygid, mygid);
                write_file("/proc/self/gid_map", map);
            } else if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0) {
                /* small private scratch space: a disk filler fills these, not the machine's disk */
                const char *tmps[] = {"/tmp", "/var/tmp", "/run/lock", "/dev/shm", dir};
                int ok = 1;
                for (size_t i = 0; i < sizeof tmps / sizeof *tmps; i++) {
                    char opts[96];
                    if (!tmps[i] || access(tmps[i], F_OK) != 0) continue;
                    size_t len = strlen(tmps[i]); /* never hide DIR itself under a fresh /tmp */
                    if (tmps[i] != dir && realdirpath[0] && !strncmp(realdirpath, tmps[i], len) && realdirpath[len] == '/') continue;
                    snprintf(opts, sizeof opts, "size=%ldm,mode=%s,uid=%ld,gid=%ld", mb_file > 0 ? 2 * mb_file : 64,
                             tmps[i] == dir ? "0700" : "1777", tmps[i] == dir && uid >= 0 ? uid : 0,
                             tmps[i] == dir && gid >= 0 ? gid : 0);
                    if (mount("tmpfs", tmps[i], "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0) ok = 0;
                }
                snprintf(tmp, sizeof tmp, ok ? "tmp=private" : "tmp=partly-private");
            }
        }
    }

    if (uid >= 0) { /* one command per user at a time, machine-wide: the sweep below kills all of UID */
        mkdir("/run/wb-sandbox", 0755);
        char lock[64];
        snprintf(lock, sizeof lock, "/run/wb-sandbox/uid-%ld.lock", uid);
        int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lfd < 0 || flock(lfd, LOCK_EX) != 0) die(lock);
    }
    cleanup(0, uid); /* leftovers of an earlier, interrupted run */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    double start = now();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        setsid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (dir && chdir(dir) != 0) die(dir);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0) die("dup2");
        /* out of the way first, then into place: 3 and 4 may be taken by the files themselves */
        if (in3 >= 0) in3 = fcntl(in3, F_DUPFD, 100);
        if (out4 >= 0) out4 = fcntl(out4, F_DUPFD, 100);
        if ((in3 >= 0 && dup2(in3, 3) < 0) || (out4 >= 0 && dup2(out4, 4) < 0)) die("dup2");
        for (int fd = 3; fd < 1024; fd++)
            if (!(fd == 3 && in3 >= 0) && !(fd == 4 && out4 >= 0)) close(fd);
        limit(RLIMIT_CORE, 0);
        if (cpu > 0) limit(RLIMIT_CPU, (rlim_t)(cpu + 0.999));
        if (mb_as > 0) limit(RLIMIT_AS, (rlim_t)mb_as << 20);
        if (mb_file > 0) limit(RLIMIT_FSIZE, (rlim_t)mb_file << 20);
        if (nofile > 0) limit(RLIMIT_NOFILE, (rlim_t)nofile);
        if (nproc > 0) limit(RLIMIT_NPROC, (rlim_t)nproc);
        if (uid >= 0) {
            if (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0 || setuid((uid_t)uid) != 0) die("setuid");
        }
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        execvp(argv[optind], argv + optind);
        fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[optind], strerror(errno));
        _exit(127);
    }

    const char *status = "error";
    int value = 0, wstatus = 0;
    for (int done = 0; !done;) {
        pid_t got;
        while ((got = waitpid(-1, &wstatus, WNOHANG)) > 0) /* orphans that end are reaped too */
            if (got == pid) {
                if (WIFEXITED(wstatus)) status = "exit", value = WEXITSTATUS(wstatus);
                else status = "signal", value = WTERMSIG(wstatus);
                done = 1;
            }
        if (done) break;
        double left = wall > 0 ? start + wall - now() : 3600;
        if (left <= 0) {
            status = "timeout";
            break;
        }
        struct timespec ts = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
        if (ts.tv_sec > 0) ts.tv_sec = 0, ts.tv_nsec = 100000000; /* re-check at least every 0.1 s */
        sigtimedwait(&chld, NULL, &ts);
    }
    double seconds = now() - start;
    cleanup(pid, uid);
    printf("%s\t%d\t%.3f\t%s %s\n", status, value, seconds, net, tmp);
    return 0;
}
