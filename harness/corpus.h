/* corpus.h — a text file as a sequence of symbol ids, for character-level language models.
 *
 *     wb_corpus c;
 *     if (wb_corpus_load("datasets/sample/poetry.txt", &c) != 0) {
 *         fprintf(stderr, "%s\n", wb_last_error());
 *         return 1;
 *     }
 *     printf("%zu bytes, %d symbols\n", c.len, c.vocab_size);
 *     int *ids = wb_malloc(c.len * sizeof *ids);
 *     wb_corpus_encode(&c, c.text, c.len, ids);      // text -> ids in [0, vocab_size)
 *     char out[64];
 *     wb_corpus_decode(&c, ids, 63, out);             // ids -> text (out gets a final '\0')
 *     free(ids);
 *     wb_corpus_free(&c);
 *
 * The symbols are bytes: the vocabulary is every byte value that occurs in the file, sorted by value,
 * so ids are stable (the same file always gives the same ids, '\n' before ' ' before 'A' before 'a')
 * and decoding a byte sequence back is exact. UTF-8 text works, one byte per symbol.
 *
 * Refused with a one-line message: a missing or empty file, a directory, a file over
 * WB_CORPUS_MAX_BYTES, and binary files (any control byte other than tab, newline, carriage
 * return; e.g. "x.bin: binary data: byte 0x00 at offset 12 (a text corpus is expected)").
 * Gzipped text is read too.
 */
#ifndef WB_CORPUS_H
#define WB_CORPUS_H

#include <stddef.h>

#define WB_CORPUS_MAX_BYTES ((size_t)256 << 20)

typedef struct wb_corpus {
    char *text;                /* the file's bytes, plus a '\0' after the last one */
    size_t len;                /* number of bytes (not counting that '\0') */
    int vocab_size;            /* number of distinct bytes */
    unsigned char symbol[256]; /* symbol[id] is the byte with that id, for id < vocab_size */
    short id[256];             /* id[byte] is that byte's id, or -1 if it never occurs */
} wb_corpus;

int wb_corpus_load(const char *path, wb_corpus *c);
/* The path of a text corpus by name, "poetry" or "kjv" (NULL/"": $DATA, else "poetry"), under
   datasets/ (or $WB_DATASETS); "kjv" falls back to the poetry sample, with a note, when it has
   not been fetched (make data). NULL, with a message, for an unknown name. */
const char *wb_corpus_choose(const char *request);
void wb_corpus_free(wb_corpus *c);

/* Text -> ids. Returns 0, or -1 with a message if a byte is not in the vocabulary. */
int wb_corpus_encode(const wb_corpus *c, const char *text, size_t n, int *ids);
/* Ids -> text; out must hold n + 1 chars. Returns 0, or -1 with a message for an id out of range. */
int wb_corpus_decode(const wb_corpus *c, const int *ids, size_t n, char *out);

#endif
