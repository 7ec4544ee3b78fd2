/* sandbox.c — run one untrusted command with limits, in a filesystem of its own, and say how it
 * ended. Used by the grader (harness/grade/grade-one) for every collect, compile and test.
 *
 *     sandbox [options] -- command [args...]
 *       -u UID -g GID  run as this unprivileged user and group (needs root); when the command
 *                      ends, every process of UID is killed, so give each grading slot its own UID
 *       -w SECONDS     wall-clock limit: the command and everything it started are killed
 *       -c SECONDS     CPU-time limit            -m MB   address-space limit
 *       -f MB          file-size limit           -n N    open-file limit
 *       -p N           process limit (RLIMIT_NPROC counts every process of the user)
 *       -o FILE        the command's stdout+stderr (else /dev/null), opened here
 *       -i             isolate: a new network namespace and a private root (below)
 *       -s MB -N N     size and file count of the private root's scratch (tmpfs; 64 MB, 4096)
 *       -b SRC:DST     inside the private root, SRC (opened here, before anything is dropped)
 *                      appears read-only at DST;  -B SRC:DST  the same, writable
 *       -k DIR         an empty directory DIR in the scratch, owned by the user (e.g. /box/run)
 *       -d DIR         working directory (a path inside the private root)
 *       -P             no /proc: nothing can reopen a file descriptor by /proc/self/fd/N
 *       -r FILE        FILE's first 128 bytes reach the command through a pipe on fd 3
 *       -R FILE        fd 4 is a pipe; what the command writes there (at most 4097 bytes) is
 *                      written to FILE once everything it started has ended
 *       -W             accept weaker isolation where the kernel refuses a namespace: run in the
 *                      host's filesystem (DST paths in the arguments are rewritten to SRC) and
 *                      say so in NOTES; without -W that is an error (exit status 3)
 *
 * The private root: a new mount namespace whose / is a fresh tmpfs (the scratch, -s/-N), holding
 * read-only binds of /usr /etc and the /lib, /bin links, /dev/null /dev/zero /dev/urandom, an
 * empty /tmp (mode 1777, in the scratch) and the -b/-B binds. Nothing else of the host is visible,
 * so nothing is writable by the user but the scratch and the -B directories; the binds work
 * wherever the workbook lives (a 0700 home, a mktemp -d folder, under /tmp): they are made from
 * descriptors opened before the new root hides the old one.
 *
 * It prints one line:  STATUS <tab> VALUE <tab> SECONDS <tab> NOTES
 *     exit N | signal N | timeout 0 | error 0     NOTES: net=isolated|shared(reason) tmp=private|shared(reason)
 * and exits 0 whenever it could run the command (the verdict is in the line, not the status).
 *
 * How nothing escapes: the command starts a new session; the launcher is a child subreaper, so
 * whatever the command leaves behind is re-parented here and killed; with -u, a helper running as
 * UID kills every process of UID until none is left. Commands of the same UID never overlap,
 * machine-wide (a lock in /run/wb-sandbox/). PR_SET_NO_NEW_PRIVS stops set-uid programs.
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
#include <poll.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BINDS 16
#define CHANNEL_MAX 4097 /* one byte more than a valid record may have: the grader sees "too long" */

typedef struct bind {
    const char *src, *dst;
    int writable, fd; /* fd: O_PATH, opened before any namespace */
} bind;

typedef struct options {
    long uid, gid, mb_as, mb_file, nofile, nproc, scratch_mb, scratch_files;
    double wall, cpu;
    const char *dir, *out, *fd3, *fd4;
    int isolate, no_proc, weak_ok;
    bind binds[MAX_BINDS];
    int nbinds;
    const char *mkdirs[MAX_BINDS];
    int nmkdirs;
    char **argv;
} options;

typedef struct launch {
    int outfd, nonce_fd, result_rd, result_wr; /* pipes: nonce read end (fd 3), result (fd 4) */
    int private_root;                         /* 1: the child builds the private root */
    char net[160], tmp[160];
} launch;

static int setup_report = -1; /* in the child: a pipe that tells the launcher its set-up failed */

static void die(const char *what) {
    fprintf(stderr, "sandbox: %s: %s\n", what, strerror(errno));
    if (setup_report >= 0) {
        char c = 1;
        if (write(setup_report, &c, 1) != 1) {}
        _exit(127);
    }
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

/* ---- options ---------------------------------------------------------------------------------- */

static void usage(void) {
    fprintf(stderr, "usage: sandbox [-u UID -g GID] [-w s] [-c s] [-m MB] [-f MB] [-n N] [-p N] [-o FILE] [-i] [-s MB] "
                    "[-N N] [-b SRC:DST] [-B SRC:DST] [-k DIR] [-d DIR] [-P] [-r FILE] [-R FILE] [-W] -- cmd...\n");
    exit(2);
}

static void add_bind(options *o, char *spec, int writable) {
    char *colon = strrchr(spec, ':');
    if (!colon || o->nbinds == MAX_BINDS || colon[1] != '/') usage();
    *colon = 0;
    o->binds[o->nbinds++] = (bind){spec, colon + 1, writable, -1};
}

static void parse_options(options *o, int argc, char **argv) {
    *o = (options){.uid = -1, .gid = -1, .out = "/dev/null", .scratch_mb = 64, .scratch_files = 4096};
    int opt;
    while ((opt = getopt(argc, argv, "+u:g:w:c:m:f:n:p:d:o:is:N:b:B:k:Pr:R:W")) != -1) {
        switch (opt) {
        case 'u': o->uid = atol(optarg); break;
        case 'g': o->gid = atol(optarg); break;
        case 'w': o->wall = atof(optarg); break;
        case 'c': o->cpu = atof(optarg); break;
        case 'm': o->mb_as = atol(optarg); break;
        case 'f': o->mb_file = atol(optarg); break;
        case 'n': o->nofile = atol(optarg); break;
        case 'p': o->nproc = atol(optarg); break;
        case 'd': o->dir = optarg; break;
        case 'o': o->out = optarg; break;
        case 'i': o->isolate = 1; break;
        case 's': o->scratch_mb = atol(optarg); break;
        case 'N': o->scratch_files = atol(optarg); break;
        case 'b': add_bind(o, optarg, 0); break;
        case 'B': add_bind(o, optarg, 1); break;
        case 'k': if (o->nmkdirs == MAX_BINDS) usage(); o->mkdirs[o->nmkdirs++] = optarg; break;
        case 'P': o->no_proc = 1; break;
        case 'r': o->fd3 = optarg; break;
        case 'R': o->fd4 = optarg; break;
        case 'W': o->weak_ok = 1; break;
        default: usage();
        }
    }
    if (optind >= argc) { fprintf(stderr, "sandbox: no command\n"); exit(2); }
    o->argv = argv + optind;
    if (o->uid >= 0 && (o->uid == 0 || getuid() != 0)) { fprintf(stderr, "sandbox: -u needs root and a non-root UID\n"); exit(2); }
    if (o->gid < 0 && o->uid >= 0) { /* the user's own group */
        struct passwd *pw = getpwuid((uid_t)o->uid);
        o->gid = pw ? (long)pw->pw_gid : o->uid;
    }
}

/* ---- what the command is given: its output file, the nonce and result pipes, the binds --------- */

static void open_files(const options *o, launch *l) {
    l->outfd = open(o->out, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (l->outfd < 0) die(o->out);
    l->nonce_fd = l->result_rd = l->result_wr = -1;
    if (o->fd3) { /* the nonce, copied into a pipe: no file the command could reopen */
        char buf[128];
        int fd = open(o->fd3, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), p[2];
        ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
        if (n < 0 || pipe2(p, O_CLOEXEC) != 0 || write(p[1], buf, (size_t)n) != n) die(o->fd3);
        close(fd);
        close(p[1]);
        l->nonce_fd = p[0];
    }
    if (o->fd4) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) die("pipe");
        l->result_rd = p[0], l->result_wr = p[1];
    }
    for (int i = 0; i < o->nbinds; i++) {
        bind *b = (bind *)&o->binds[i];
        b->fd = open(b->src, O_PATH | O_CLOEXEC);
        if (b->fd < 0) die(b->src);
    }
}

/* Weaker isolation (-W, no mount namespace): the command runs in the host's filesystem, so the
   paths it was given inside the private root are rewritten to the host's. */
static char *rewrite_path(const options *o, const char *arg) {
    for (int i = 0; i < o->nbinds; i++) {
        const char *hit = strstr(arg, o->binds[i].dst);
        size_t n = strlen(o->binds[i].dst);
        if (hit && (hit[n] == 0 || hit[n] == '/' || hit[n] == ' ')) {
            size_t len = strlen(arg) - n + strlen(o->binds[i].src) + 1;
            char *s = malloc(len);
            if (!s) die("malloc");
            snprintf(s, len, "%.*s%s%s", (int)(hit - arg), arg, o->binds[i].src, hit + n);
            return rewrite_path(o, s);
        }
    }
    return (char *)arg;
}

/* ---- namespaces ----------------------------------------------------------------------------- */

/* A new network namespace (and, without root, a user namespace in which the child may mount).
   Sets l->net, l->tmp and l->private_root; exits 3 if a private root is impossible and -W was not given. */
static void enter_namespaces(const options *o, launch *l) {
    snprintf(l->net, sizeof l->net, "net=shared");
    snprintf(l->tmp, sizeof l->tmp, "tmp=shared");
    l->private_root = 0;
    if (!o->isolate) return;
    uid_t me = getuid();
    gid_t mygid = getgid();
    int flags = CLONE_NEWNET | (me == 0 ? 0 : CLONE_NEWUSER | CLONE_NEWNS);
    if (unshare(flags) != 0) {
        int e = errno;
        snprintf(l->net, sizeof l->net, "net=shared(unshare: %s)", strerror(e));
        if (me != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) goto mapped; /* no network ns, but a root */
        snprintf(l->tmp, sizeof l->tmp, "tmp=shared(no %s namespace: %s)", me == 0 ? "network" : "user", strerror(e));
        goto refused;
    }
    snprintf(l->net, sizeof l->net, "net=isolated");
    if (me != 0) {
    mapped:; /* an unprivileged user namespace: map ourselves to ourselves */
        char map[64];
        write_file("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "%u %u 1", me, me);
        write_file("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "%u %u 1", mygid, mygid);
        write_file("/proc/self/gid_map", map);
    }
    /* the child makes its own mount namespace (it must, as root, before it drops privileges): try one here */
    pid_t probe = fork();
    if (probe == 0) _exit(unshare(CLONE_NEWNS) == 0 ? 0 : 1);
    int st = 1;
    if (probe > 0) waitpid(probe, &st, 0);
    if (probe > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        l->private_root = 1;
        snprintf(l->tmp, sizeof l->tmp, "tmp=private");
        return;
    }
    snprintf(l->tmp, sizeof l->tmp, "tmp=shared(no mount namespace)");
refused:
    if (o->weak_ok) return;
    fprintf(stderr, "sandbox: the kernel refuses a private filesystem (%s %s); grading needs one "
                    "(GRADE_WEAK_ISOLATION=1 accepts weaker isolation, flagged in every report)\n", l->net, l->tmp);
    exit(3);
}

static void must(int ok, const char *what) {
    if (!ok) die(what);
}

static void bind_readonly(const char *src, const char *dst, int is_dir) {
    struct stat st;
    if (lstat(src, &st) != 0) return; /* not on this system */
    if (S_ISLNK(st.st_mode)) { /* merged /usr: /bin -> usr/bin */
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        must(n > 0, src);
        target[n] = 0;
        must(symlink(target, dst) == 0, dst);
        return;
    }
    if (is_dir) must(mkdir(dst, 0755) == 0, dst);
    else { int fd = open(dst, O_CREAT | O_WRONLY, 0644); must(fd >= 0, dst); close(fd); }
    must(mount(src, dst, NULL, MS_BIND | MS_REC, NULL) == 0, src);
    struct statvfs vfs; /* a user namespace keeps the original's locked flags: repeat them */
    unsigned long keep = statvfs(src, &vfs) == 0 ? (vfs.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC)) : 0;
    mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID |
          (keep & ST_NODEV ? MS_NODEV : 0) | (keep & ST_NOEXEC ? MS_NOEXEC : 0), NULL);
}

/* mkdir -p for a path inside the new root (the parents of a bind's destination) */
static void make_parents(const char *path) {
    char p[4096];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') { *s = 0; mkdir(p, 0755); *s = '/'; }
}

/* Where the new root is built: an existing directory that holds none of the binds' sources (the
   tmpfs mounted on it would hide them before they are bound). */
static const char *root_mountpoint(const options *o) {
    const char *cands[] = {"/run/wb-sandbox", "/mnt", "/media", "/srv", "/opt", "/home", "/var"};
    mkdir("/run/wb-sandbox", 0755);
    for (size_t i = 0; i < sizeof cands / sizeof *cands; i++) {
        struct stat st;
        size_t n = strlen(cands[i]);
        int ok = lstat(cands[i], &st) == 0 && S_ISDIR(st.st_mode);
        for (int b = 0; ok && b < o->nbinds; b++)
            ok = !(strncmp(o->binds[b].src, cands[i], n) == 0 && (o->binds[b].src[n] == '/' || o->binds[b].src[n] == 0));
        if (ok) return cands[i];
    }
    errno = ENOENT;
    die("no directory to build the private root on");
    return NULL;
}

/* In the child, still root: a new mount namespace whose root is a fresh tmpfs (see the top). */
static void build_private_root(const options *o) {
    char opts[128];
    const char *top = root_mountpoint(o);
    must(unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS)");
    must(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, "mount --make-rprivate /");
    snprintf(opts, sizeof opts, "size=%ldm,nr_inodes=%ld,mode=0755", o->scratch_mb, o->scratch_files);
    must(mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, opts) == 0, "mount tmpfs");
    must(chdir(top) == 0, top);
    const char *dirs[] = {"/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) bind_readonly(dirs[i], dirs[i] + 1, 1);
    must(mkdir("dev", 0755) == 0 && mkdir("tmp", 01777) == 0 && chmod("tmp", 01777) == 0, "mkdir");
    const char *devs[] = {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"};
    for (size_t i = 0; i < sizeof devs / sizeof *devs; i++) bind_readonly(devs[i], devs[i] + 1, 0);
    if (!o->no_proc) bind_readonly("/proc", "proc", 1);
    for (int i = 0; i < o->nbinds; i++) {
        const bind *b = &o->binds[i];
        char dst[4096], from[4096], link[64];
        struct stat st;
        snprintf(dst, sizeof dst, ".%s", b->dst);
        make_parents(dst);
        must(fstat(b->fd, &st) == 0, b->src);
        if (S_ISDIR(st.st_mode)) mkdir(dst, 0755);
        else { int fd = open(dst, O_CREAT | O_WRONLY, 0644); must(fd >= 0, dst); close(fd); }
        /* the path the descriptor was opened at (this namespace's copy of the host's mounts) */
        snprintf(link, sizeof link, "/proc/self/fd/%d", b->fd);
        ssize_t n = readlink(link, from, sizeof from - 1);
        must(n > 0, b->src);
        from[n] = 0;
        must(mount(from, dst, NULL, MS_BIND, NULL) == 0, b->src);
        mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV | (b->writable ? 0 : MS_RDONLY), NULL);
    }
    for (int i = 0; i < o->nmkdirs; i++) {
        char d[4096];
        snprintf(d, sizeof d, ".%s", o->mkdirs[i]);
        make_parents(d);
        must(mkdir(d, 0700) == 0, d);
        if (o->uid >= 0) must(chown(d, (uid_t)o->uid, (gid_t)o->gid) == 0, d);
    }
    /* the new root: pivot onto the tmpfs and drop the old one from sight */
    must(syscall(SYS_pivot_root, ".", ".") == 0, "pivot_root");
    must(umount2(".", MNT_DETACH) == 0, "umount old root");
    must(chdir("/") == 0, "/");
}

/* ---- the command's process ------------------------------------------------------------------- */

static void give_fds(const launch *l) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(l->outfd, 1) < 0 || dup2(l->outfd, 2) < 0) die("dup2");
    /* out of the way first, then into place: 3 and 4 may be taken by the descriptors themselves */
    int in3 = l->nonce_fd >= 0 ? fcntl(l->nonce_fd, F_DUPFD, 100) : -1;
    int out4 = l->result_wr >= 0 ? fcntl(l->result_wr, F_DUPFD, 100) : -1;
    if ((in3 >= 0 && dup2(in3, 3) < 0) || (out4 >= 0 && dup2(out4, 4) < 0)) die("dup2");
    for (int fd = 3; fd < 1024; fd++)
        if (!(fd == 3 && in3 >= 0) && !(fd == 4 && out4 >= 0)) close(fd);
}

static void set_limits(const options *o) {
    limit(RLIMIT_CORE, 0);
    if (o->cpu > 0) limit(RLIMIT_CPU, (rlim_t)(o->cpu + 0.999));
    if (o->mb_as > 0) limit(RLIMIT_AS, (rlim_t)o->mb_as << 20);
    if (o->mb_file > 0) limit(RLIMIT_FSIZE, (rlim_t)o->mb_file << 20);
    if (o->nofile > 0) limit(RLIMIT_NOFILE, (rlim_t)o->nofile);
    if (o->nproc > 0) limit(RLIMIT_NPROC, (rlim_t)o->nproc);
}

static void run_command(const options *o, const launch *l, sigset_t *chld) {
    sigprocmask(SIG_UNBLOCK, chld, NULL);
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (l->private_root) build_private_root(o);
    char **argv = o->argv;
    const char *dir = o->dir;
    if (!l->private_root && o->nbinds) { /* -W: the host's paths */
        for (int i = 0; argv[i]; i++) argv[i] = rewrite_path(o, argv[i]);
        if (dir) dir = rewrite_path(o, dir);
    }
    if (dir && chdir(dir) != 0) die(dir);
    give_fds(l);
    set_limits(o);
    if (o->uid >= 0) {
        if (setgroups(0, NULL) != 0 || setgid((gid_t)o->gid) != 0 || setuid((uid_t)o->uid) != 0) die("setuid");
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    execvp(argv[0], argv);
    die(argv[0]);
}

/* ---- afterwards: nothing left alive --------------------------------------------------------- */

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

/* Wait for the command, at most the wall-clock limit. Returns "exit", "signal" or "timeout". */
static const char *wait_command(pid_t pid, double wall, double start, sigset_t *chld, int *value) {
    int wstatus = 0;
    for (;;) {
        pid_t got;
        while ((got = waitpid(-1, &wstatus, WNOHANG)) > 0) /* orphans that end are reaped too */
            if (got == pid) {
                *value = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus);
                return WIFEXITED(wstatus) ? "exit" : "signal";
            }
        double left = wall > 0 ? start + wall - now() : 3600;
        if (left <= 0) return "timeout";
        struct timespec ts = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
        if (ts.tv_sec > 0) ts.tv_sec = 0, ts.tv_nsec = 100000000; /* re-check at least every 0.1 s */
        sigtimedwait(chld, NULL, &ts);
    }
}

/* What reached the result pipe (everything that could write to it is dead by now) -> -R FILE. */
static void save_channel(const options *o, const launch *l) {
    if (!o->fd4) return;
    static char buf[CHANNEL_MAX];
    size_t n = 0;
    fcntl(l->result_rd, F_SETFL, O_NONBLOCK);
    for (ssize_t got; n < sizeof buf && (got = read(l->result_rd, buf + n, sizeof buf - n)) > 0;) n += (size_t)got;
    int fd = open(o->fd4, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, buf, n) != (ssize_t)n) die(o->fd4);
    close(fd);
}

static void lock_user(long uid) {
    if (uid < 0) return; /* one command per user at a time, machine-wide: the sweep kills all of UID */
    mkdir("/run/wb-sandbox", 0755);
    char lock[64];
    snprintf(lock, sizeof lock, "/run/wb-sandbox/uid-%ld.lock", uid);
    int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lfd < 0 || flock(lfd, LOCK_EX) != 0) die(lock);
}

int main(int argc, char **argv) {
    options o;
    launch l;
    parse_options(&o, argc, argv);
    open_files(&o, &l);
    enter_namespaces(&o, &l);
    lock_user(o.uid);
    kill_user(o.uid); /* leftovers of an earlier, interrupted run (they are all of UID's processes) */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    int setup[2];
    if (pipe2(setup, O_CLOEXEC) != 0) die("pipe");
    double start = now();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        setup_report = setup[1];
        run_command(&o, &l, &chld);
    }
    close(setup[1]);
    if (l.result_wr >= 0) close(l.result_wr);
    /* the wall-clock limit is the command's: it starts when the set-up (the private root) is done
       and the command is exec'd, i.e. when the pipe's write end closes (at most 30 s of set-up) */
    struct pollfd pfd = {setup[0], POLLIN, 0};
    char failed = 0;
    int setup_failed = poll(&pfd, 1, 30000) == 1 && read(setup[0], &failed, 1) == 1;
    start = now();
    int value = 0;
    const char *status = setup_failed ? "error" : wait_command(pid, o.wall, start, &chld, &value);
    double seconds = now() - start;
    cleanup(pid, o.uid);
    save_channel(&o, &l);
    printf("%s\t%d\t%.3f\t%s %s\n", status, value, seconds, l.net, l.tmp);
    return 0;
}
