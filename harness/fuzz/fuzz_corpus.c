/* fuzz_corpus — libFuzzer target for the text corpus reader (corpus.h).
 * Accepted text must survive encode -> decode unchanged, with every id inside the vocabulary. */
#include "fuzz_file.h"

#include "corpus.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    wb_corpus c;
    if (wb_corpus_load(path, &c) == 0) {
        if (c.len == 0 || c.vocab_size < 1 || c.vocab_size > 256 || c.text[c.len] != '\0') abort();
        int *ids = malloc(c.len * sizeof *ids);
        char *back = malloc(c.len + 1);
        if (wb_corpus_encode(&c, c.text, c.len, ids) != 0) abort();
        for (size_t i = 0; i < c.len; i++)
            if (ids[i] < 0 || ids[i] >= c.vocab_size) abort();
        if (wb_corpus_decode(&c, ids, c.len, back) != 0 || memcmp(back, c.text, c.len) != 0) abort();
        free(ids);
        free(back);
        wb_corpus_free(&c);
    }
    close(fd);
    return 0;
}
