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

/* ---- the fixed train/validation split (corpus.h) ---- */

void wb_text_split_free(wb_text_split *s) {
    wb_corpus_free(&s->vocab);
    free(s->val_text);
    free(s->train);
    free(s->val);
    memset(s, 0, sizeof *s);
    s->unk = -1;
}

/* Copy verse after verse of c->text to the training or the validation text. */
static void split_verses(const wb_corpus *c, int every, wb_text_split *s) {
    char *tr = wb_malloc(c->len + 1), *va = wb_malloc(c->len + 1);
    size_t nt = 0, nv = 0;
    long verse = 0;
    for (size_t i = 0; i < c->len;) {
        const char *nl = memchr(c->text + i, '\n', c->len - i);
        size_t end = nl ? (size_t)(nl - c->text) + 1 : c->len;
        int to_val = verse % every == every - 1;
        memcpy(to_val ? va + nv : tr + nt, c->text + i, end - i);
        if (to_val) nv += end - i, s->n_val_verses++;
        else nt += end - i, s->n_train_verses++;
        verse++;
        i = end;
    }
    tr[nt] = va[nv] = '\0';
    s->vocab.text = tr;
    s->vocab.len = nt;
    s->val_text = va;
    s->val_len = nv;
}

/* The vocabulary of the training text, in byte order, plus <unk> if asked for. */
static void split_vocab(wb_text_split *s, int flags) {
    wb_corpus *v = &s->vocab;
    int seen[256] = {0};
    for (size_t i = 0; i < v->len; i++) seen[(unsigned char)v->text[i]] = 1;
    for (int b = 0; b < 256; b++) {
        v->id[b] = -1;
        if (seen[b]) {
            v->id[b] = (short)v->vocab_size;
            v->symbol[v->vocab_size++] = (unsigned char)b;
        }
    }
    s->unk = -1;
    if (flags & WB_SPLIT_UNK) {
        s->unk = v->vocab_size;
        v->symbol[v->vocab_size++] = WB_UNK_BYTE;
    }
}

int wb_text_split_load(const char *path, int every, int flags, wb_text_split *s) {
    memset(s, 0, sizeof *s);
    s->unk = -1;
    if (every < 2) return wb_fail("%s: split: every = %d, must be at least 2", path, every);
    wb_corpus c;
    if (wb_corpus_load(path, &c) != 0) return -1;
    split_verses(&c, every, s);
    wb_corpus_free(&c);
    if (s->n_val_verses == 0 || s->vocab.len == 0) {
        int n = s->n_train_verses + s->n_val_verses;
        wb_text_split_free(s);
        return wb_fail("%s: split: %d verse%s, need at least %d for one validation verse and "
                       "some training text", path, n, n == 1 ? "" : "s", every);
    }
    split_vocab(s, flags);
    s->n_train = s->vocab.len;
    s->n_val = s->val_len;
    s->train = wb_malloc((s->n_train + 1) * sizeof *s->train);
    s->val = wb_malloc((s->n_val + 1) * sizeof *s->val);
    wb_corpus_encode(&s->vocab, s->vocab.text, s->n_train, s->train); /* cannot fail: its own bytes */
    long verse = 0;
    for (size_t i = 0; i < s->n_val; i++) {
        unsigned char b = (unsigned char)s->val_text[i];
        if (s->vocab.id[b] >= 0) s->val[i] = s->vocab.id[b];
        else if (s->unk >= 0) s->val[i] = s->unk, s->n_unk++;
        else {
            wb_text_split_free(s);
            return wb_fail("%s: split: line %ld (a validation verse) has byte 0x%02x ('%c'), which "
                           "no training verse uses (WB_SPLIT_UNK maps it to <unk>)",
                           path, verse * every + every, b, b >= 0x20 && b < 0x7F ? b : '?');
        }
        verse += b == '\n';
    }
    return 0;
}
