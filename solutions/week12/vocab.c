/**
# Words, counts, and which words to train on

word2vec learns one vector per word from nothing but which words occur near which. Before any
vector exists, the text becomes a sequence of word ids, and three tables are made from the counts.

**Tokens.** Our rule, stated once and used by every program this week (the reference, and the
tokenised text we hand to gensim and fastText in the benchmark): a *word* is a maximal run of ASCII
letters, lower-cased; every other byte (space, punctuation, digits, the apostrophe) separates
words; a newline also ends a *sentence*, and a context window never crosses a sentence. The KJV has
one verse per line, so a sentence is a verse. "The LORD's word" gives `the`, `lord`, `s`, `word`:
the possessive `s` becomes a word of its own (very frequent, so subsampling mostly drops it), and
`lord` keeps all its occurrences instead of sharing them with `lord's`.

**Counts and pruning.** A word seen fewer than `min_count` times (5 here, as in word2vec.c and
gensim) gets no vector: a handful of contexts cannot place it, and the rare words are most of the
vocabulary (the KJV has about 12,500 distinct words; 5,278 occur at least 5 times). Pruned words
are removed from the sequence *before* windows are taken, as word2vec.c does, so a window reaches
past them.

**Subsampling** (Mikolov et al. 2013b, section 2.3). `the` occurs 64,000 times in the KJV; its
co-occurrence with `lord` teaches little after the first thousand. Each occurrence of a word with
frequency $f = \text{count}/\text{total}$ is kept with a probability that falls with $f$. The paper
discards with probability $1 - \sqrt{t/f}$, i.e. keeps with $\sqrt{t/f}$; the released word2vec.c
(and gensim, which copies it) uses instead
$$p_{\text{keep}}(f) = \left(\sqrt{\frac{f}{s}} + 1\right)\frac{s}{f}, \qquad s = 10^{-3},$$
which is $\sqrt{s/f} + s/f$: the paper's value plus $s/f$, so it keeps somewhat more. A word with
$f \le 2.6s$ has $p \ge 1$ and is always kept. We use word2vec.c's variant (the same as our
peers), capped at 1.

**The negatives' distribution.** A negative sample is a word drawn at random, which the model must
learn *not* to predict. Drawn from the unigram distribution (count / total), the negatives would be
mostly `the`, `and`, `of`; Mikolov et al. found that raising the counts to the power 3/4 works
better: $P_n(w) \propto \text{count}(w)^{3/4}$ lifts rare words (a word 81 times rarer is drawn only
27 times less often). To draw fast, word2vec.c fills a large table so that word $i$ takes a share
$P_n(i)$ of its entries; a uniform random index into the table is then a draw from $P_n$ in one
memory read.
*/
#include "week12.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: a hash table from word to id (open addressing, FNV-1a hash) ---- */
static uint32_t hash_word(const char *w) {
    uint32_t h = 2166136261u;
    for (; *w; w++) h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}
/* The slot where `word` is, or the empty slot where it would go. */
static int find_slot(const int *slot, int nslots, char *const *words, const char *word) {
    uint32_t i = hash_word(word) & (uint32_t)(nslots - 1);
    while (slot[i] >= 0 && strcmp(words[slot[i]], word) != 0) i = (i + 1) & (uint32_t)(nslots - 1);
    return (int)i;
}
int vocab_find(const w2v_vocab *v, const char *word) {
    return v->nslots ? v->slot[find_slot(v->slot, v->nslots, v->words, word)] : -1;
}
/* A growable list of distinct words with counts, and its table (slots a power of 2, half full). */
typedef struct counter {
    int n, cap, nslots;
    char **words;
    long *counts;
    int *slot;
} counter;
static void counter_rehash(counter *c) {
    for (int i = 0; i < c->nslots; i++) c->slot[i] = -1;
    for (int i = 0; i < c->n; i++) c->slot[find_slot(c->slot, c->nslots, c->words, c->words[i])] = i;
}
/* The id of word in c, added with count 0 if new. */
static int counter_id(counter *c, const char *word) {
    int s = find_slot(c->slot, c->nslots, c->words, word);
    if (c->slot[s] >= 0) return c->slot[s];
    if (c->n == c->cap) {
        c->cap *= 2;
        c->words = wb_realloc(c->words, (size_t)c->cap * sizeof *c->words);
        c->counts = wb_realloc(c->counts, (size_t)c->cap * sizeof *c->counts);
    }
    c->words[c->n] = strdup(word);
    c->counts[c->n] = 0;
    c->slot[s] = c->n++;
    if (2 * c->n > c->nslots) {
        c->nslots *= 2;
        c->slot = wb_realloc(c->slot, (size_t)c->nslots * sizeof *c->slot);
        counter_rehash(c);
    }
    return c->n - 1;
}
/* Sort order[0..n) by counts[order[i]] descending, stable (ties keep their order): a merge sort. */
static void sort_by_count(int *order, int n, const long *counts) {
    int *tmp = wb_malloc((size_t)(n > 0 ? n : 1) * sizeof *tmp);
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int i = lo, j = mid, o = lo;
            while (i < mid || j < hi)
                tmp[o++] = (j >= hi || (i < mid && counts[order[i]] >= counts[order[j]])) ? order[i++] : order[j++];
        }
        memcpy(order, tmp, (size_t)n * sizeof *order);
    }
    free(tmp);
}

/* ---- the tokeniser ---- */
int next_token(const char *text, size_t len, size_t *pos, char word[W2V_MAX_WORD]) {
    size_t i = *pos;
    int n = 0;
    // Skip bytes that are neither letters nor '\n'; at the end of the text return -1; a '\n' is
    // consumed and gives 0; otherwise copy the run of letters, lower-cased, keeping at most
    // W2V_MAX_WORD - 1 of them (but consuming them all), and end word with '\0'.
    // BEGIN SOLUTION: the steps above
    while (i < len && text[i] != '\n' && !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) i++;
    // MUTANT tok_letters_one_range: while (i < len && text[i] != '\n' && !(text[i] >= 'A' && text[i] <= 'z')) i++;
    // MUTANT tok_letters_exclude_z: while (i < len && text[i] != '\n' && !((text[i] >= 'a' && text[i] < 'z') || (text[i] >= 'A' && text[i] < 'Z'))) i++;
    // MUTANT tok_stop_nul: while (i < len && text[i] && text[i] != '\n' && !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) i++;
    if (i >= len) {
        *pos = i;
        return -1;
    }
    if (text[i] == '\n') {
        *pos = i + 1;
        return 0;
    }
    for (; i < len && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')); i++)
    // MUTANT tok_copy_one_range: for (; i < len && (text[i] >= 'A' && text[i] <= 'z'); i++)
    // MUTANT tok_copy_exclude_z: for (; i < len && ((text[i] >= 'a' && text[i] < 'z') || (text[i] >= 'A' && text[i] < 'Z')); i++)
        if (n < W2V_MAX_WORD - 1) word[n++] = (char)(text[i] | 0x20); /* 'A' | 0x20 == 'a' */
    // END SOLUTION
    // STUB: (void)len; word[0] = '\0';
    // STUB: return -1; /* the end, at once: nothing is read yet */
    word[n] = '\0';
    *pos = i;
    return n;
}

int vocab_build(w2v_vocab *v, const char *text, size_t len, long min_count) {
    counter c = {.cap = 1024, .nslots = 2048};
    c.words = wb_malloc((size_t)c.cap * sizeof *c.words);
    c.counts = wb_malloc((size_t)c.cap * sizeof *c.counts);
    c.slot = wb_malloc((size_t)c.nslots * sizeof *c.slot);
    counter_rehash(&c);
    char word[W2V_MAX_WORD];
    size_t pos = 0;
    int kept = 0;
    int *order = NULL;
    memset(v, 0, sizeof *v);
    // Count every word: counter_id gives a word's id in c (new words start at 0), c.counts[id] its
    // count. Then order = the ids 0..c.n-1 sorted by count (sort_by_count), and kept = how many of
    // them have a count >= min_count (they come first).
    // BEGIN SOLUTION: the steps above
    for (int t; (t = next_token(text, len, &pos, word)) >= 0;)
        if (t > 0) c.counts[counter_id(&c, word)]++;
    order = wb_malloc((size_t)(c.n > 0 ? c.n : 1) * sizeof *order);
    for (int i = 0; i < c.n; i++) order[i] = i;
    sort_by_count(order, c.n, c.counts);
    while (kept < c.n && c.counts[order[kept]] >= min_count) kept++;
    // MUTANT prune_unsorted_counts: while (kept < c.n && c.counts[kept] >= min_count) kept++;
    // END SOLUTION
    // STUB: (void)min_count; (void)pos; (void)sort_by_count; (void)word; (void)counter_id;
    int rc = 0;
    if (kept == 0) {
        rc = wb_fail("no word occurs %ld times or more (%d distinct words in %zu bytes)", min_count,
                     c.n, len);
    } else {
        /* the kept words, in order, and their own lookup table */
        v->size = kept;
        v->words = wb_malloc((size_t)kept * sizeof *v->words);
        v->counts = wb_malloc((size_t)kept * sizeof *v->counts);
        for (int i = 0; i < kept; i++) {
            v->words[i] = c.words[order[i]];
            c.words[order[i]] = NULL;
            v->counts[i] = c.counts[order[i]];
            v->total += v->counts[i];
        }
        for (v->nslots = 2; v->nslots < 2 * kept;) v->nslots *= 2;
        v->slot = wb_malloc((size_t)v->nslots * sizeof *v->slot);
        for (int i = 0; i < v->nslots; i++) v->slot[i] = -1;
        for (int i = 0; i < kept; i++) v->slot[find_slot(v->slot, v->nslots, v->words, v->words[i])] = i;
    }
    for (int i = 0; i < c.n; i++) free(c.words[i]);
    free(c.words), free(c.counts), free(c.slot), free(order);
    return rc;
}

void vocab_free(w2v_vocab *v) {
    for (int i = 0; i < v->size; i++) free(v->words[i]);
    free(v->words), free(v->counts), free(v->slot);
    memset(v, 0, sizeof *v);
}

long vocab_encode(const w2v_vocab *v, const char *text, size_t len, int *ids) {
    long n = 0;
    int line_has_word = 0;
    char word[W2V_MAX_WORD];
    size_t pos = 0;
    for (int t; (t = next_token(text, len, &pos, word)) >= 0;) {
        if (t == 0) {
            if (line_has_word) ids[n++] = -1;
            line_has_word = 0;
        } else {
            int id = vocab_find(v, word);
            if (id >= 0) ids[n++] = id, line_has_word = 1;
        }
    }
    if (line_has_word) ids[n++] = -1;
    return n;
}

float keep_probability(long count, long total, double sample) {
    // F = count / total; keep with (sqrt(f / sample) + 1) * sample / f, capped at 1 (word2vec.c's
    // formula; compute in double).
    // BEGIN SOLUTION: the steps above
    double f = (double)count / (double)total;
    double p = (sqrt(f / sample) + 1.0) * sample / f;
    // MUTANT paper_formula: double p = sqrt(sample / f);
    return p < 1.0 ? (float)p : 1.0f;
    // END SOLUTION
    // STUB: (void)count; (void)total; (void)sample;
    // STUB: return NAN;
}

void unigram_table(const long *counts, int V, int *table, long size) {
    // Z = sum of count_i^W2V_POWER (in double); walk the table with a word index i and the
    // cumulative share c_i = (count_0^p + ... + count_i^p) / Z: entry a gets word i, moving to the
    // next word once (a + 1) / size passes c_i (never past V - 1).
    // BEGIN SOLUTION: the steps above
    double power = W2V_POWER, Z = 0;
    // MUTANT raw_unigram: double power = 1.0, Z = 0;
    for (int i = 0; i < V; i++) Z += pow((double)counts[i], power);
    int i = 0;
    double cum = pow((double)counts[0], power) / Z;
    for (long a = 0; a < size; a++) {
        table[a] = i;
        while ((double)(a + 1) / (double)size > cum && i < V - 1) cum += pow((double)counts[++i], power) / Z;
        // MUTANT table_one_word_per_entry: if ((double)(a + 1) / (double)size > cum && i < V - 1) cum += pow((double)counts[++i], power) / Z;
        // MUTANT table_no_guard: while ((double)(a + 1) / (double)size > cum) cum += pow((double)counts[++i], power) / Z;
    }
    // END SOLUTION
    // STUB: (void)counts; (void)V;
    // STUB: for (long a = 0; a < size; a++) table[a] = 0;
}
