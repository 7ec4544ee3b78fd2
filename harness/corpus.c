/* corpus.c — text files as byte-symbol sequences. See corpus.h. */
#include "corpus.h"

#include "error.h"
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Text may contain tab, newline and carriage return; any other control byte means binary data. */
static int is_binary_byte(unsigned char b) {
    return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F;
}

/* Read the whole file through zlib (plain or gzipped) into c->text, at most WB_CORPUS_MAX_BYTES. */
static int read_all(const char *path, wb_corpus *c) {
    if (wb_require_regular_file(path) != 0) return -1;
    gzFile f = gzopen(path, "rb");
    if (!f) return wb_fail("%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM));

    size_t cap = 1 << 16, len = 0;
    char *buf = wb_malloc(cap + 1);
    for (;;) {
        if (len == cap) {
            if (cap >= WB_CORPUS_MAX_BYTES) {
                free(buf);
                gzclose(f);
                return wb_fail("%s: too large: over %zu MiB of text", path, WB_CORPUS_MAX_BYTES >> 20);
            }
            cap *= 2;
            buf = wb_realloc(buf, cap + 1);
        }
        int r = gzread(f, buf + len, (unsigned)(cap - len));
        if (r < 0) {
            int code;
            char msg[128];
            snprintf(msg, sizeof msg, "%s", gzerror(f, &code));
            free(buf);
            gzclose(f);
            return wb_fail("%s: corrupt gzip data: %s", path, msg);
        }
        if (r == 0) break;
        len += (size_t)r;
    }
    gzclose(f);
    buf[len] = '\0';
    c->text = buf;
    c->len = len;
    return 0;
}

int wb_corpus_load(const char *path, wb_corpus *c) {
    memset(c, 0, sizeof *c);
    if (read_all(path, c) != 0) return -1;
    if (c->len == 0) {
        wb_corpus_free(c);
        return wb_fail("%s: empty file: a text corpus needs at least one character", path);
    }
    int seen[256] = {0};
    for (size_t i = 0; i < c->len; i++) {
        unsigned char b = (unsigned char)c->text[i];
        if (is_binary_byte(b)) {
            wb_corpus_free(c);
            return wb_fail("%s: binary data: byte 0x%02x at offset %zu (a text corpus is expected)",
                           path, b, i);
        }
        seen[b] = 1;
    }
    /* ids in byte order: sorted, and stable for a given file */
    for (int b = 0; b < 256; b++) {
        c->id[b] = -1;
        if (seen[b]) {
            c->id[b] = (short)c->vocab_size;
            c->symbol[c->vocab_size++] = (unsigned char)b;
        }
    }
    return 0;
}

void wb_corpus_free(wb_corpus *c) {
    free(c->text);
    memset(c, 0, sizeof *c);
}

/* The data sets' root folder: "datasets", or $WB_DATASETS (the same rule as dataset.c's). */
static const char *datasets_root(void) {
    const char *r = getenv("WB_DATASETS");
    return r && *r ? r : "datasets";
}

const char *wb_corpus_choose(const char *request) {
    static char path[1024];
    if (!request || !*request) request = getenv("DATA");
    if (!request || !*request) request = "poetry";
    if (strcmp(request, "poetry") == 0) {
        snprintf(path, sizeof path, "%s/sample/poetry.txt", datasets_root());
        return path;
    }
    if (strcmp(request, "kjv") == 0) {
        snprintf(path, sizeof path, "%s/full/kjv/kjv.txt", datasets_root());
        if (wb_is_file(path)) return path;
        snprintf(path, sizeof path, "%s/sample/poetry.txt", datasets_root());
        fprintf(stderr, "note: using DATA=poetry (%s); `make data` fetches the whole KJV\n", path);
        return path;
    }
    wb_fail("%s: unknown corpus (known: poetry, kjv)", request);
    return NULL;
}

int wb_corpus_encode(const wb_corpus *c, const char *text, size_t n, int *ids) {
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)text[i];
        if (c->id[b] < 0)
            return wb_fail("encode: byte 0x%02x at position %zu is not in the vocabulary", b, i);
        ids[i] = c->id[b];
    }
    return 0;
}

int wb_corpus_decode(const wb_corpus *c, const int *ids, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= c->vocab_size) {
            out[i] = '\0';
            return wb_fail("decode: id %d at position %zu is outside 0..%d", ids[i], i, c->vocab_size - 1);
        }
        out[i] = (char)c->symbol[ids[i]];
    }
    out[n] = '\0';
    return 0;
}
