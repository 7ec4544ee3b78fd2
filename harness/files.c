/* files.c — see files.h. */
#include "files.h"

#include "error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int wb_mkdir_parents(const char *path) {
    char dir[4096];
    if (strlen(path) >= sizeof dir) return wb_fail("%s: path too long", path);
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(dir, 0777) != 0 && errno != EEXIST)
                return wb_fail("%s: cannot create directory: %s", dir, strerror(errno));
            *p = c;
            if (c == '\0') break;
        }
    }
    return 0;
}

int wb_require_regular_file(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return wb_fail("%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return wb_fail("%s: is a directory, not a file", path);
    if (!S_ISREG(st.st_mode)) return wb_fail("%s: not a regular file", path);
    return 0;
}

int wb_is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
