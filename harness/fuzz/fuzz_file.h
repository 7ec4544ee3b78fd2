/* fuzz_file.h — hand libFuzzer's bytes to a reader that takes a path.
 *
 * Our readers open files by name (they must check sizes, gzip streams and file types as they really
 * arrive), so each input becomes an in-memory file (memfd) that the reader opens as
 * /proc/self/fd/N: no disk writes, no temporary files left behind.
 *
 *     int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
 *         char path[64];
 *         int fd = fuzz_file(data, size, path, sizeof path);
 *         ... call the reader on path ...
 *         close(fd);
 *         return 0;
 *     }
 */
#ifndef FUZZ_FILE_H
#define FUZZ_FILE_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len) {
    int fd = memfd_create("fuzz-input", 0);
    if (fd < 0) { perror("memfd_create"); abort(); }
    for (size_t at = 0; at < size;) {
        ssize_t w = write(fd, data + at, size - at);
        if (w <= 0) { perror("write"); abort(); }
        at += (size_t)w;
    }
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
