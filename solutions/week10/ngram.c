/**
# The baseline: a character n-gram model

Before a neural network writes a single psalm we need to know what "good" means. A language model
gives every next character a probability; its quality on text it never saw is the **cross-entropy**
in bits per character (BPC), $-\frac{1}{N}\sum_i \log_2 P(c_i \mid c_{<i})$. A model that knows
nothing but the alphabet of $V = 63$ symbols scores $\log_2 63 = 5.98$; a perfect one 0. Every
model of weeks 10, 11 and 14 is judged against the table this file makes.

An **n-gram model** assumes the next character depends only on the $n-1$ before it, its context
$h$, and estimates $P(c \mid h)$ by counting: $c(hc) / c(h\cdot)$, where $c(hc)$ is how often the
training text has $h$ followed by $c$ and $c(h\cdot) = \sum_c c(hc)$. Long contexts predict well
but are rare: most order-6 contexts of the validation text were seen a handful of times, many
never, and a count of zero is a probability of zero — an infinite loss for one surprise.

## Witten-Bell interpolation

**Smoothing** mixes each order with the one below it (Witten & Bell 1991; Chen & Goodman 1999,
§2.5). With $h'$ the context $h$ without its oldest character and $N_{1+}(h\cdot)$ the number of
*different* characters seen after $h$:

$$ P_{WB}(c \mid h) = \frac{c(hc) + N_{1+}(h\cdot)\; P_{WB}(c \mid h')}{c(h\cdot) + N_{1+}(h\cdot)}, \qquad
   P_{WB}(c \mid \text{nothing below order 1}) = \frac{1}{V} $$

The weight given to the shorter context, $N_{1+}/(c + N_{1+})$, is large when $h$ was followed by
many different characters or seen rarely: exactly when its own counts are unreliable. A context
never seen ($c(h\cdot) = 0$) leaves the lower order's probability unchanged. Because both numerator
terms sum over $c$ to the denominator, every $P_{WB}(\cdot \mid h)$ sums to one — the test checks it.

We compute it from the bottom up: start from $1/V$, then for context lengths $0, 1, \ldots,
\min(\text{hlen}, n-1)$ apply the formula once each, the empty context (length 0) giving the
smoothed unigram.

## The counts

The table (given below) maps a 64-bit key to a count. `ngram_key(kind, sym, len)` packs what is
counted — $c(hc)$, $c(h\cdot)$ or $N_{1+}(h\cdot)$ — and the symbols. Training walks the text once:
position $i$ ends one n-gram of every length $k = 1 \ldots n$ that fits ($k \le i + 1$), with
context $h$ = the $k-1$ symbols before $i$. Adding $hc$ increments $c(h\cdot)$, and increments
$N_{1+}(h\cdot)$ when $hc$ is new (its count just became 1).
*/
#include "week10.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: the count table (open addressing, linear probing; key 0 is an empty slot) ---- */

uint64_t ngram_key(int kind, const int *sym, int len) {
    WB_CHECK(len >= 0 && len <= NGRAM_MAX_ORDER, "n-gram of %d symbols", len);
    uint64_t k = (uint64_t)1 << 63 | (uint64_t)kind << 60 | (uint64_t)len << 56; /* never 0 */
    for (int i = 0; i < len; i++) {
        WB_CHECK(sym[i] >= 0 && sym[i] < NGRAM_MAX_VOCAB, "symbol %d outside 0..%d", sym[i], NGRAM_MAX_VOCAB - 1);
        k |= (uint64_t)sym[i] << (7 * i);
    }
    return k;
}

static size_t slot_of(uint64_t key, size_t cap) {
    key ^= key >> 33, key *= 0xff51afd7ed558ccdULL, key ^= key >> 33; /* MurmurHash3's finaliser */
    return (size_t)key & (cap - 1);
}

uint32_t ngram_count(const ngram_model *m, uint64_t key) {
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) return m->counts[i];
        if (m->keys[i] == 0) return 0;
    }
}

static void grow(ngram_model *m) {
    uint64_t *keys = m->keys;
    uint32_t *counts = m->counts;
    size_t cap = m->cap;
    m->cap *= 2;
    m->keys = wb_calloc(m->cap, sizeof *m->keys);
    m->counts = wb_calloc(m->cap, sizeof *m->counts);
    for (size_t i = 0; i < cap; i++) {
        if (!keys[i]) continue;
        size_t j = slot_of(keys[i], m->cap);
        while (m->keys[j]) j = (j + 1) & (m->cap - 1);
        m->keys[j] = keys[i], m->counts[j] = counts[i];
    }
    free(keys);
    free(counts);
}

uint32_t ngram_add(ngram_model *m, uint64_t key) {
    if (2 * (m->used + 1) > m->cap) grow(m); /* at most half full: probes stay short */
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) m->keys[i] = key, m->used++;
    return ++m->counts[i];
}

void ngram_init(ngram_model *m, int order, int V) {
    WB_CHECK(order >= 1 && order <= NGRAM_MAX_ORDER, "order %d outside 1..%d", order, NGRAM_MAX_ORDER);
    WB_CHECK(V >= 1 && V <= NGRAM_MAX_VOCAB, "vocabulary of %d outside 1..%d", V, NGRAM_MAX_VOCAB);
    *m = (ngram_model){.order = order, .V = V, .cap = 1024};
    m->keys = wb_calloc(m->cap, sizeof *m->keys);
    m->counts = wb_calloc(m->cap, sizeof *m->counts);
}

void ngram_free(ngram_model *m) {
    free(m->keys);
    free(m->counts);
    memset(m, 0, sizeof *m);
}

/* ---- what you write ---- */

void ngram_train(ngram_model *m, const int *ids, size_t n) {
    for (size_t i = 0; i < n; i++) {
        // BEGIN SOLUTION: each k = 1..order with k <= i+1: h c = ids[i-k+1..i]; count it, c(h .), N1+(h .)
        for (int k = 1; k <= m->order && (size_t)k <= i + 1; k++) {
            const int *g = ids + i + 1 - k; /* h = g[0..k-2], c = g[k-1] */
            if (ngram_add(m, ngram_key(NGRAM_SEEN, g, k)) == 1) ngram_add(m, ngram_key(NGRAM_TYPES, g, k - 1));
            // MUTANT types_every_time: ngram_add(m, ngram_key(NGRAM_SEEN, g, k)), ngram_add(m, ngram_key(NGRAM_TYPES, g, k - 1));
            ngram_add(m, ngram_key(NGRAM_TOTAL, g, k - 1));
        }
        // END SOLUTION
    }
}

double ngram_prob(const ngram_model *m, const int *hist, int hlen, int c) {
    WB_CHECK(c >= 0 && c < m->V && hlen >= 0, "symbol %d (V = %d), history of %d", c, m->V, hlen);
    // BEGIN SOLUTION: p = 1/V; for k = 0..min(hlen, order-1), h = the k latest: Witten-Bell (unseen h: skip)
    double p = 1.0 / m->V;
    int longest = hlen < m->order - 1 ? hlen : m->order - 1;
    int g[NGRAM_MAX_ORDER];
    for (int k = 0; k <= longest; k++) {
        /* h = the k latest symbols, g = h then c */
        for (int i = 0; i < k; i++) g[i] = hist[hlen - k + i];
        // MUTANT oldest_history: for (int i = 0; i < k; i++) g[i] = hist[i];
        // MUTANT context_reversed: for (int i = 0; i < k; i++) g[i] = hist[hlen - 1 - i];
        g[k] = c;
        double total = ngram_count(m, ngram_key(NGRAM_TOTAL, g, k));
        if (total == 0) continue;
        double types = ngram_count(m, ngram_key(NGRAM_TYPES, g, k));
        double seen = ngram_count(m, ngram_key(NGRAM_SEEN, g, k + 1));
        // P(c|h) = (c(hc) + N1+(h.) P(c|h')) / (c(h.) + N1+(h.))
        p = (seen + types * p) / (total + types);
        // MUTANT no_types_in_denominator: p = (seen + types * p) / total;
    }
    return p;
    // END SOLUTION
    // STUB: return 0.0;
}

double ngram_bpc(const ngram_model *m, const int *ids, size_t n) {
    WB_CHECK(n > 0, "no characters to score");
    double bits = 0.0;
    // BEGIN SOLUTION: add -log2 P(ids[i] | the up to order-1 ids before it) over every i
    for (size_t i = 0; i < n; i++) {
        int h = i < (size_t)m->order - 1 ? (int)i : m->order - 1;
        bits -= log2(ngram_prob(m, ids + i - h, h, ids[i]));
        // MUTANT nats_as_bits: bits -= log(ngram_prob(m, ids + i - h, h, ids[i]));
    }
    // END SOLUTION
    return bits / (double)n;
}
