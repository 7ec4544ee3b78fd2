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

/* ---- The fixed split of a verse-per-line corpus into training and validation (weeks 10, 11, 14) ----
 *
 *     wb_text_split s;
 *     if (wb_text_split_load("datasets/sample/poetry.txt", WB_SPLIT_EVERY, 0, &s) != 0) {
 *         fprintf(stderr, "%s\n", wb_last_error());
 *         return 1;
 *     }
 *     // s.train (s.n_train ids) and s.val (s.n_val ids), both in [0, s.vocab.vocab_size)
 *     wb_text_split_free(&s);
 *
 * A verse is one line with its '\n' (a last line without one is a verse too). Verse i, counting
 * from 0, goes to validation when i % every == every - 1 (every = 10: verses 9, 19, 29, ...) and
 * to training otherwise, so both sides sample every book and every part of it, and whole verses
 * stay whole. Each side is its verses in file order, concatenated. The split depends on the file
 * alone: the same file always gives the same two texts and the same ids.
 *
 * The vocabulary (s.vocab: vocab_size, symbol[], id[], with s.vocab.text the training text) is
 * built from the training verses only, in byte order as wb_corpus_load does: a model never gets
 * an id it could not have seen in training. A validation byte outside it is, with flags 0, an
 * error naming the file, the verse and the byte; with WB_SPLIT_UNK the vocabulary gets one extra
 * id, s.unk = vocab_size - 1 (its symbol is WB_UNK_BYTE, a control byte no text corpus contains),
 * and every such byte is encoded as it (s.n_unk counts them). Refused with a one-line message:
 * what wb_corpus_load refuses, every < 2, and a file with fewer than `every` verses (no
 * validation verse) or with no training text.
 */
#define WB_SPLIT_EVERY 10 /* the course's split: every 10th verse to validation */
#define WB_SPLIT_UNK 1    /* flags: unseen validation bytes become <unk> instead of an error */
#define WB_UNK_BYTE 0x1A  /* ASCII SUB ("substitute"): the symbol of the <unk> id */

typedef struct wb_text_split {
    wb_corpus vocab;          /* training text (text, len) and its vocabulary */
    char *val_text;           /* the validation verses, with a final '\0' */
    size_t val_len;
    int *train, *val;         /* the two texts as ids */
    size_t n_train, n_val;    /* = vocab.len, val_len */
    int n_train_verses, n_val_verses;
    int unk;                  /* the <unk> id, or -1 when flags had no WB_SPLIT_UNK */
    size_t n_unk;             /* validation bytes encoded as <unk> */
} wb_text_split;

/* 0, or -1 with a one-line message (wb_last_error); on error *s is zeroed. */
int wb_text_split_load(const char *path, int every, int flags, wb_text_split *s);
void wb_text_split_free(wb_text_split *s);

#endif
