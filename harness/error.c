/* error.c — one-line error messages and allocation that fails loudly. See error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char last_error[512];

int wb_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return -1;
}

const char *wb_last_error(void) { return last_error; }

void wb_die_at(const char *file, int line, const char *fmt, ...) {
    fflush(stdout);
    fprintf(stderr, "%s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void *wb_malloc_at(size_t bytes, const char *file, int line) {
    void *p = malloc(bytes ? bytes : 1); /* malloc(0) may return NULL: ask for one byte */
    if (!p) wb_die_at(file, line, "out of memory allocating %zu bytes", bytes);
    return p;
}

void *wb_calloc_at(size_t count, size_t size, const char *file, int line) {
    if (size && count > SIZE_MAX / size)
        wb_die_at(file, line, "allocation of %zu x %zu bytes overflows", count, size);
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) wb_die_at(file, line, "out of memory allocating %zu x %zu bytes", count, size);
    return p;
}

void *wb_realloc_at(void *old, size_t bytes, const char *file, int line) {
    void *p = realloc(old, bytes ? bytes : 1);
    if (!p) wb_die_at(file, line, "out of memory reallocating to %zu bytes", bytes);
    return p;
}
