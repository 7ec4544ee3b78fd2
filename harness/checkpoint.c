/* checkpoint.c — a run's state saved to one file and read back checked (see checkpoint.h). */
#include "checkpoint.h"

#include "error.h"
#include "files.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* FNV-1a, 64 bits: h = (h xor byte) * prime, byte by byte. Any one changed byte changes h, and
   so does a swap of two parts' contents (unlike a plain sum). */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
static uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

enum { HEAD = 4 + 4, LEN = 8, HASH = 8 }; /* tag + part count; a part's length; the hash */

/* The file's length for these parts: the header, each length and its bytes, the hash. */
static size_t file_bytes(const wb_ckpt_part *parts, int n) {
    size_t total = HEAD + HASH;
    for (int i = 0; i < n; i++) total += LEN + parts[i].bytes;
    return total;
}

/* fwrite that also adds the bytes to the hash; 0 on success */
static int put(FILE *f, uint64_t *h, const void *data, size_t n) {
    *h = fnv1a(*h, data, n);
    return fwrite(data, 1, n, f) == n ? 0 : -1;
}

static void check_args(const char *tag, int n) {
    WB_CHECK(tag && strlen(tag) == 4 && n >= 0, "a checkpoint's tag has 4 characters, got \"%s\"; "
             "%d parts", tag ? tag : "(null)", n);
}

int wb_ckpt_save(const char *path, const char *tag, const wb_ckpt_part *parts, int n) {
    check_args(tag, n);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return wb_fail("%s: path too long", path);
    if (wb_mkdir_parents(path) != 0) return -1; /* its message names the directory */
    FILE *f = fopen(tmp, "wb");
    if (!f) return wb_fail("%s: cannot write: %s", tmp, strerror(errno));
    uint64_t h = FNV_OFFSET;
    uint32_t count = (uint32_t)n;
    int bad = put(f, &h, tag, 4) || put(f, &h, &count, sizeof count);
    for (int i = 0; !bad && i < n; i++) {
        uint64_t len = parts[i].bytes;
        bad = put(f, &h, &len, sizeof len) || put(f, &h, parts[i].data, parts[i].bytes);
    }
    bad = bad || fwrite(&h, sizeof h, 1, f) != 1;
    int err = errno; /* a full disk: ENOSPC, from fwrite or from the flush in fclose */
    if (fclose(f) != 0 && !bad) bad = 1, err = errno;
    if (bad) {
        remove(tmp); /* the last good checkpoint stays as it was */
        return wb_fail("%s: cannot write the checkpoint: %s", tmp, strerror(err));
    }
    if (rename(tmp, path) != 0) {
        err = errno;
        remove(tmp);
        return wb_fail("%s: cannot replace it with %s: %s", path, tmp, strerror(err));
    }
    return 0;
}

/* Why a file of `size` bytes is not the `want` these parts make: the first part whose recorded
   length differs (a run with other settings), else truncated or too long. Returns -1. */
static int wrong_length(FILE *f, const char *path, long size, size_t want,
                        const wb_ckpt_part *parts, int n) {
    long at = HEAD;
    for (int i = 0; i < n; i++) {
        uint64_t len = 0;
        if (fseek(f, at, SEEK_SET) != 0 || fread(&len, sizeof len, 1, f) != 1) break;
        if (len != parts[i].bytes)
            return wb_fail("%s: %s: %llu bytes there, %zu in this run (saved with other "
                           "settings?)", path, parts[i].name, (unsigned long long)len,
                           parts[i].bytes);
        if (len > (uint64_t)size) break;
        at += LEN + (long)len;
    }
    if ((size_t)size < want)
        return wb_fail("%s: truncated (%ld bytes of the %zu a checkpoint of this run has)", path,
                       size, want);
    return wb_fail("%s: %ld bytes, %zu expected (something after the end)", path, size, want);
}

/* The whole file into *buf (wb_malloc'd), if it has the tag, the number of parts and the length
   these parts make; else -1 with the reason recorded. */
static int read_whole(FILE *f, const char *path, const char *tag, const wb_ckpt_part *parts,
                      int n, size_t want, unsigned char **buf) {
    unsigned char head[HEAD];
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size < 0) return wb_fail("%s: cannot read: %s", path, strerror(errno));
    rewind(f);
    if (size < HEAD || fread(head, 1, HEAD, f) != HEAD || memcmp(head, tag, 4) != 0)
        return wb_fail("%s: not a checkpoint of this program (no \"%s\" at its start)", path,
                       tag);
    uint32_t count;
    memcpy(&count, head + 4, sizeof count);
    if (count != (uint32_t)n)
        return wb_fail("%s: a checkpoint of %u parts, this program saves %d", path, count, n);
    if ((size_t)size != want) return wrong_length(f, path, size, want, parts, n);
    *buf = wb_malloc(want);
    rewind(f);
    if (fread(*buf, 1, want, f) == want) return 0;
    free(*buf);
    return wb_fail("%s: cannot read: %s", path, strerror(errno));
}

int wb_ckpt_load(const char *path, const char *tag, const wb_ckpt_part *parts, int n) {
    check_args(tag, n);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        wb_fail("%s: no checkpoint to resume from", path);
        return 1;
    }
    if (wb_require_regular_file(path) != 0) return -1; /* a directory, a FIFO, no permission */
    FILE *f = fopen(path, "rb");
    if (!f) return wb_fail("%s: cannot open: %s", path, strerror(errno));
    const size_t want = file_bytes(parts, n);
    unsigned char *buf = NULL;
    int got = read_whole(f, path, tag, parts, n, want, &buf);
    fclose(f);
    if (got != 0) return -1;
    uint64_t stored, len;
    memcpy(&stored, buf + want - HASH, HASH);
    int bad = fnv1a(FNV_OFFSET, buf, want - HASH) != stored;
    if (bad) wb_fail("%s: damaged (its contents do not match its hash)", path);
    /* the total length matched; each part's own must too (before any part is written) */
    size_t at = HEAD;
    for (int i = 0; i < n && !bad; at += LEN + parts[i].bytes, i++) {
        memcpy(&len, buf + at, LEN);
        if (len != parts[i].bytes)
            bad = wb_fail("%s: %s: %llu bytes there, %zu in this run", path, parts[i].name,
                          (unsigned long long)len, parts[i].bytes);
    }
    at = HEAD;
    for (int i = 0; i < n && !bad; at += LEN + parts[i].bytes, i++)
        if (parts[i].bytes) memcpy(parts[i].data, buf + at + LEN, parts[i].bytes);
    free(buf);
    return bad ? -1 : 0;
}
