/* error.h — how the harness reports problems.
 *
 * Two kinds of problem, two treatments:
 *  - Bad input (a corrupt file, a wrong shape) is the user's to fix. Functions that read input
 *    return int: 0 on success, -1 on failure, after recording one line "<file>: <problem>" that
 *    the caller prints with wb_last_error():
 *        if (wb_png_read(path, &img) != 0) { fprintf(stderr, "%s\n", wb_last_error()); return 1; }
 *    Inside such a function:  return wb_fail("%s: not a PNG file", path);
 *  - A bug or an exhausted machine (out of memory, an impossible shape) stops the program at once
 *    with file:line, because carrying on would only produce garbage later:
 *        float *x = wb_malloc(n * sizeof *x);
 *        WB_CHECK(rows > 0, "rows must be positive, got %d", rows);
 */
#ifndef WB_ERROR_H
#define WB_ERROR_H

#include <stddef.h>

/* Record a one-line message (printf-style) and return -1, so `return wb_fail(...)` reads well. */
int wb_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last message recorded by wb_fail in this thread ("" if none). */
const char *wb_last_error(void);

/* Print "file:line: message" to stderr and abort. */
_Noreturn void wb_die_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define wb_die(...) wb_die_at(__FILE__, __LINE__, __VA_ARGS__)
#define WB_CHECK(cond, ...) \
    do { if (!(cond)) wb_die_at(__FILE__, __LINE__, "check failed: " #cond ": " __VA_ARGS__); } while (0)

/* Allocation that never returns NULL: on failure it dies naming the caller's file:line. */
void *wb_malloc_at(size_t bytes, const char *file, int line);
void *wb_calloc_at(size_t count, size_t size, const char *file, int line);
void *wb_realloc_at(void *p, size_t bytes, const char *file, int line);
#define wb_malloc(bytes) wb_malloc_at((bytes), __FILE__, __LINE__)
#define wb_calloc(count, size) wb_calloc_at((count), (size), __FILE__, __LINE__)
#define wb_realloc(p, bytes) wb_realloc_at((p), (bytes), __FILE__, __LINE__)

#endif
