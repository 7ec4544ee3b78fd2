/* week12.h — the functions you write this week, in working order: vocab.c, sgns.c, similarity.c,
 * vectors_io.c. The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c
 * files. Names: w2v_ = word2vec.
 *
 * A training run, in short (driver.c does this with a progress bar):
 *
 *     wb_corpus text;  wb_corpus_load("datasets/full/kjv/kjv.txt", &text);
 *     w2v_vocab v;     vocab_build(&v, text.text, text.len, 5);        // words seen >= 5 times
 *     int *ids = wb_malloc((text.len + 1) * sizeof *ids);
 *     long n = vocab_encode(&v, text.text, text.len, ids);             // word ids, -1 ends a line
 *     w2v_config cfg = W2V_DEFAULTS;                                    // dim 100, window 5, 5 negatives
 *     w2v_model m;     w2v_init(&m, &v, &cfg, n * cfg.epochs);
 *     for (int e = 0; e < cfg.epochs; e++) w2v_train_chunk(&m, ids, n);
 *     w2v_vectors vec; w2v_vectors_from_model(&m, &v, &vec);            // the input vectors, named
 *     vectors_save(&vec, "build/week12/kjv.vec");                       // word2vec's text format
 *     int best[10]; float sim[10];
 *     nearest(&vec, vectors_find(&vec, "god"), 10, best, sim);          // cosine neighbours
 */
#ifndef WEEK12_H
#define WEEK12_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wb.h"

#define W2V_MAX_WORD 64          /* a word's letters are cut after W2V_MAX_WORD - 1 */
#define W2V_POWER 0.75           /* negatives are drawn from unigram counts to this power */
#define W2V_TABLE_SIZE (1 << 20) /* entries of the negatives table (4 MB: word2vec.c's is 1e8) */
#define W2V_MAX_SENTENCE 1000    /* longer lines are cut into pieces of this many words */

/* ---- vocab.c: words, their counts, which to keep, how often to draw each as a negative ---- */

/* The next token of text[*pos .. len), advancing *pos past it. A word is a maximal run of ASCII
   letters (A-Z, a-z), lower-cased into word ('\0'-terminated; letters after W2V_MAX_WORD - 1 are
   dropped); every other byte separates words. Returns the word's length (> 0), 0 for the end of a
   line (a '\n'), or -1 at the end of the text. */
int next_token(const char *text, size_t len, size_t *pos, char word[W2V_MAX_WORD]);

typedef struct w2v_vocab {
    int size;       /* words kept */
    char **words;   /* words[i]: the i-th most frequent word (ties: first seen first) */
    long *counts;   /* counts[i]: how often words[i] occurs */
    long total;     /* the sum of counts: the number of training words in the text */
    int *slot;      /* the lookup table (vocab_find): a hash of the word -> its id, -1 empty */
    int nslots;
} w2v_vocab;

/* Count every word of the text, keep those seen at least min_count times, sorted by count
   (descending). 0, or -1 with a one-line message when no word is left. */
int vocab_build(w2v_vocab *v, const char *text, size_t len, long min_count);
void vocab_free(w2v_vocab *v);
/* The id of a word (already lower-case), or -1 when it is not in the vocabulary. */
int vocab_find(const w2v_vocab *v, const char *word);
/* The text as word ids: kept words only (pruned words are skipped), -1 after each line that had a
   kept word. ids must hold len + 1 entries. Returns the number of entries written. */
long vocab_encode(const w2v_vocab *v, const char *text, size_t len, int *ids);

/* The probability of keeping one occurrence of a word seen `count` times out of `total`, with the
   subsampling threshold `sample` (word2vec.c's formula: (sqrt(f/s) + 1) s/f for the frequency
   f = count/total, at most 1). */
float keep_probability(long count, long total, double sample);
/* table (size): word i fills a share count_i^0.75 / sum_j count_j^0.75 of the table, in order
   (word 0's entries first), so table[uniform index] is a draw from the smoothed unigram. */
void unigram_table(const long *counts, int V, int *table, long size);

/* ---- sgns.c: skip-gram with negative sampling ---- */

/* The loss of one example, centre vector v (D), the output vectors of its context word and k
   negatives, ids[0] = context, ids[1..k] = negatives (rows of U (V,D)):
       L = -log sigmoid(u_ids[0] . v) - sum_{j=1..k} log sigmoid(-u_ids[j] . v).
   dv (D) receives dL/dv; dU (V,D), if not NULL, has dL/du added to each row ids[j] (a row named
   twice gets both contributions). Returns L. */
float sgns_loss(const float *v, const float *U, const int *ids, int k, int D, float *dv, float *dU);
/* One SGD step on that example, in place: v <- v - lr dL/dv and u_ids[j] <- u_ids[j] - lr dL/du,
   every gradient taken at the values before the step (for distinct rows; a row named twice is
   updated twice in turn, as word2vec.c does). work (D) is scratch space. */
void sgns_step(float *v, float *U, const int *ids, int k, int D, float lr, float *work);
/* The learning rate after `done` of `total` training words: from lr0 down to lr_min in a straight
   line (lr_min once done >= total). */
float lr_linear(float lr0, float lr_min, long done, long total);
/* The (centre, context) position pairs of a sentence of n words with a dynamic window: for each
   centre position i, a reduced window b = window - (wb_rng_below(rng, window)), then every
   position j != i with |i - j| <= b, in order of j. Writes the positions to centre[] and context[]
   (each with room for 2 * window * n) and returns the number of pairs. */
int window_pairs(int n, int window, wb_rng *rng, int *centre, int *context);

typedef struct w2v_config {
    int dim, window, negative, epochs;
    long min_count;
    double sample;     /* subsampling threshold */
    float lr0, lr_min; /* the learning rate, from lr0 down to lr_min */
    uint64_t seed;
} w2v_config;
#define W2V_DEFAULTS \
    ((w2v_config){.dim = 100, .window = 5, .negative = 5, .epochs = 5, .min_count = 5, \
                  .sample = 1e-3, .lr0 = 0.025f, .lr_min = 0.0001f, .seed = 1})

typedef struct w2v_model {
    w2v_config cfg;
    int V, D;
    float *W;          /* (V,D) input vectors: a word as a centre (the word vectors we keep) */
    float *U;          /* (V,D) output vectors: a word as a context or a negative */
    float *keep;       /* (V) keep_probability of each word */
    int *table;        /* (W2V_TABLE_SIZE) unigram_table over the vocabulary's counts */
    long done, total;  /* training words seen so far, and in the whole run (for lr_linear) */
    double loss_sum;   /* sum of sgns_loss over sampled examples, and how many (for a report) */
    long loss_n;
    wb_rng rng;
    /* scratch, allocated once: */
    int *sent, *centre, *context, *ids;
    float *work;
} w2v_model;

/* W uniform in [-0.5/D, 0.5/D) (word2vec.c's start), U zero; total = the training words of the
   whole run (vocab total times epochs). */
void w2v_init(w2v_model *m, const w2v_vocab *v, const w2v_config *cfg, long total);
void w2v_free(w2v_model *m);
/* Train on ids[0..n) (word ids, -1 ending each sentence, from vocab_encode): for each sentence,
   subsample its words, pair them with window_pairs, and take one sgns_step per pair with
   cfg.negative negatives from the table, at the learning rate lr_linear gives for m->done. Every
   word of ids (kept or not) counts toward m->done. Returns the number of words it went through. */
long w2v_train_chunk(w2v_model *m, const int *ids, long n);

/* ---- similarity.c: using the vectors ---- */

typedef struct w2v_vectors {
    int V, D;
    char **words;   /* words[i], '\0'-terminated, no spaces */
    float *W;       /* (V,D) row i: the vector of words[i] */
} w2v_vectors;

/* A copy of the model's input vectors with the vocabulary's words (free with vectors_free). */
void w2v_vectors_from_model(const w2v_model *m, const w2v_vocab *v, w2v_vectors *out);
void vectors_free(w2v_vectors *x);
/* The index of a word, or -1 (a linear search: for queries, not for a whole corpus). */
int vectors_find(const w2v_vectors *x, const char *word);
/* cos(a, b) = a . b / (|a| |b|) over D floats (0 when either is the zero vector). */
float cosine(const float *a, const float *b, int D);
/* The k rows of W most similar to q (D) by cosine, best first, leaving out the rows listed in
   exclude (nex of them). best (k) gets their indices, sim (k) their cosines. Returns how many
   were found (< k when fewer rows are left). */
int nearest_to(const w2v_vectors *x, const float *q, const int *exclude, int nex, int k, int *best, float *sim);
/* The k nearest words to word w (itself excluded). */
int nearest(const w2v_vectors *x, int w, int k, int *best, float *sim);
/* a : b :: c : ?  The k words nearest to unit(b) - unit(a) + unit(c) (unit(x) = x / |x|),
   a, b and c excluded. Returns how many were found. */
int analogy(const w2v_vectors *x, int a, int b, int c, int k, int *best, float *sim);

/* ---- vectors_io.c: the word2vec text format ---- */

/* First line "V D", then one line per word: the word and its D numbers, separated by spaces.
   Numbers are written with 9 significant digits, so a float reads back exactly. 0 or -1 (message). */
int vectors_save(const w2v_vectors *x, const char *path);
/* Read a file in that format (also gensim's and fastText's: a space may end a line). 0, or -1 with
   a one-line message naming the file and the line; *x is filled only on success. */
int vectors_load(const char *path, w2v_vectors *x);

#endif
