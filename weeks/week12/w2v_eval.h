/* w2v_eval.h — the week's quality checks on a set of word vectors, shared by the driver
 * (make week12 run) and the benchmark's evaluator (harness/bench/w2v-eval.c), so the reference,
 * gensim and fastText are scored by the same code on the same questions.
 *
 *   the targets: `lord` among `god`'s 10 nearest, `oxen` or `flock` among `sheep`'s 10;
 *       4 gender analogies a : b :: c : d, right when d is in the top 5 of b - a + c;
 *   our own set (written before measuring; the KJV's own words): 12 analogies (top 5) and 12
 *       similarity triples (w, related, unrelated), right when cos(w, related) > cos(w, unrelated).
 * A question with a word missing from the vectors counts as wrong (and is reported).
 */
#ifndef W2V_EVAL_H
#define W2V_EVAL_H

#include <stdio.h>
#include <string.h>

#include "week12.h"

static const char *const w2v_target_analogies[][4] = {
    {"man", "king", "woman", "queen"},
    {"son", "father", "daughter", "mother"},
    {"man", "brother", "woman", "sister"},
    {"his", "he", "her", "she"},
};
static const char *const w2v_own_analogies[][4] = {
    {"king", "kings", "son", "sons"},           /* plural */
    {"father", "fathers", "brother", "brethren"},
    {"go", "went", "come", "came"},             /* past tense */
    {"say", "said", "speak", "spake"},
    {"give", "gave", "take", "took"},
    {"day", "night", "light", "darkness"},      /* opposites */
    {"heaven", "earth", "above", "beneath"},
    {"gold", "silver", "brass", "iron"},        /* metals, in the KJV's lists */
    {"egypt", "pharaoh", "babylon", "nebuchadnezzar"},
    {"abraham", "isaac", "isaac", "jacob"},     /* father : son (c == a's answer: excluded) */
    {"moses", "aaron", "brother", "sister"},
    {"sheep", "shepherd", "vineyard", "husbandman"},
};
static const char *const w2v_own_similar[][3] = {
    {"sheep", "goats", "gold"},   {"gold", "silver", "sheep"},   {"bread", "wine", "sword"},
    {"sword", "spear", "bread"},  {"king", "prince", "water"},   {"river", "waters", "king"},
    {"moses", "aaron", "stone"},  {"sun", "moon", "sword"},      {"eat", "drink", "spear"},
    {"father", "mother", "river"}, {"sin", "iniquity", "horses"}, {"jerusalem", "zion", "goats"},
};
#define W2V_N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The rank (1-based) of word `want` among the k nearest of word w, or 0 (not there or missing). */
static inline int w2v_rank_in_nearest(const w2v_vectors *x, const char *w, const char *want, int k) {
    int i = vectors_find(x, w), j = vectors_find(x, want), best[64];
    float sim[64];
    if (i < 0 || j < 0 || k > 64) return 0;
    int n = nearest(x, i, k, best, sim);
    for (int r = 0; r < n; r++)
        if (best[r] == j) return r + 1;
    return 0;
}
/* The rank (1-based, top 5) of d for a : b :: c : ?, or 0. */
static inline int w2v_analogy_rank(const w2v_vectors *x, const char *const q[4], int k) {
    int a = vectors_find(x, q[0]), b = vectors_find(x, q[1]), c = vectors_find(x, q[2]), d = vectors_find(x, q[3]);
    int best[64];
    float sim[64];
    if (a < 0 || b < 0 || c < 0 || d < 0 || k > 64) return 0;
    int n = analogy(x, a, b, c, k, best, sim);
    for (int r = 0; r < n; r++)
        if (best[r] == d) return r + 1;
    return 0;
}

typedef struct w2v_scores {
    int lord_rank, sheep_rank;     /* rank of lord in god's 10, best of oxen/flock in sheep's 10 (0: absent) */
    int target_hits, target_n;     /* the 4 gender analogies in the top 5 */
    int own_hits, own_n;           /* our 12 analogies in the top 5 */
    int sim_hits, sim_n;           /* our 12 similarity triples */
} w2v_scores;

/* Score x; with out != NULL, print every question and its answer. */
static inline w2v_scores w2v_evaluate(const w2v_vectors *x, FILE *out) {
    w2v_scores s = {0};
    s.lord_rank = w2v_rank_in_nearest(x, "god", "lord", 10);
    int ro = w2v_rank_in_nearest(x, "sheep", "oxen", 10), rf = w2v_rank_in_nearest(x, "sheep", "flock", 10);
    s.sheep_rank = ro && (!rf || ro < rf) ? ro : rf;
    s.target_n = W2V_N(w2v_target_analogies), s.own_n = W2V_N(w2v_own_analogies), s.sim_n = W2V_N(w2v_own_similar);
    for (int set = 0; set < 2; set++) {
        int n = set ? s.own_n : s.target_n, *hits = set ? &s.own_hits : &s.target_hits;
        if (out) fprintf(out, "\n%s analogies a : b :: c : ?  (top 5 of b - a + c, query words excluded)\n",
                         set ? "Our own" : "The issue's");
        for (int i = 0; i < n; i++) {
            const char *const *q = set ? w2v_own_analogies[i] : w2v_target_analogies[i];
            int r = w2v_analogy_rank(x, q, 5);
            *hits += r > 0;
            if (!out) continue;
            int a = vectors_find(x, q[0]), b = vectors_find(x, q[1]), c = vectors_find(x, q[2]), best[5];
            float sim[5];
            char rank[8];
            snprintf(rank, sizeof rank, r ? "#%d" : "--", r);
            fprintf(out, "  %-8s : %-9s :: %-8s : %-14s %s  ", q[0], q[1], q[2], q[3], rank);
            if (a < 0 || b < 0 || c < 0) fprintf(out, "(a query word is not in the vocabulary)");
            else for (int k = 0, n5 = analogy(x, a, b, c, 5, best, sim); k < n5; k++) fprintf(out, " %s", x->words[best[k]]);
            fputc('\n', out);
        }
    }
    if (out) fprintf(out, "\nOur similarity triples: is cos(w, related) > cos(w, unrelated)?\n");
    for (int i = 0; i < s.sim_n; i++) {
        const char *const *t = w2v_own_similar[i];
        int w = vectors_find(x, t[0]), a = vectors_find(x, t[1]), b = vectors_find(x, t[2]);
        float ca = 0, cb = 0;
        if (w >= 0 && a >= 0 && b >= 0) {
            ca = cosine(x->W + (size_t)w * x->D, x->W + (size_t)a * x->D, x->D);
            cb = cosine(x->W + (size_t)w * x->D, x->W + (size_t)b * x->D, x->D);
            s.sim_hits += ca > cb;
        }
        if (out)
            fprintf(out, "  %-10s %-9s %.3f  vs %-7s %.3f  %s\n", t[0], t[1], (double)ca, t[2], (double)cb,
                    w >= 0 && a >= 0 && b >= 0 ? (ca > cb ? "right" : "WRONG") : "(missing word)");
    }
    return s;
}

#endif
