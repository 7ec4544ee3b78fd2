/**
# Using the vectors: neighbours and analogies

A word vector means nothing alone; what the training leaves in it is *which words are close*.
Closeness is measured by the angle, not the length:
$$\cos(a, b) = \frac{a \cdot b}{\lVert a\rVert\,\lVert b\rVert}.$$
Frequent words get long vectors (they are pushed by more updates), so the plain dot product would
make `the` everyone's neighbour; the cosine ignores length. A word's **nearest neighbours** are the
words with the largest cosine to it, the word itself left out (its cosine is 1).

**Analogies** (Mikolov, Yih & Zweig 2013). "man is to king as woman is to ?": if the vectors encode
relations as directions, $v_\text{king} - v_\text{man}$ is roughly "royal" and adding it to
$v_\text{woman}$ lands near $v_\text{queen}$. For $a : b :: c : ?$ we look for the word nearest to
$$q = \hat b - \hat a + \hat c, \qquad \hat x = x / \lVert x\rVert$$
(unit vectors first, as gensim's `most_similar` does, so that one long vector does not dominate).
The three query words must be excluded: $q$ is usually closest to $\hat c$ itself (or $\hat b$), and
an evaluation that allows them scores far lower, or, if it counts them as right, far too high.
Levy & Goldberg (2014) discuss why this works and a better-behaved variant (3CosMul).

Neither search is clever: one pass over all $V$ rows, a cosine each, keeping the best $k$ in a
small sorted list. For $V = 5{,}500$ words and $D = 100$ that is half a million multiply-adds, well
under a millisecond.
*/
#include "week12.h"
#include "notwritten.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void w2v_vectors_from_model(const w2v_model *m, const w2v_vocab *v, w2v_vectors *out) {
    out->V = m->V, out->D = m->D;
    out->words = wb_malloc((size_t)m->V * sizeof *out->words);
    for (int i = 0; i < m->V; i++) out->words[i] = strdup(v->words[i]);
    out->W = wb_malloc((size_t)m->V * (size_t)m->D * sizeof *out->W);
    memcpy(out->W, m->W, (size_t)m->V * (size_t)m->D * sizeof *out->W);
}

void vectors_free(w2v_vectors *x) {
    for (int i = 0; i < x->V; i++) free(x->words[i]);
    free(x->words), free(x->W);
    memset(x, 0, sizeof *x);
}

int vectors_find(const w2v_vectors *x, const char *word) {
    for (int i = 0; i < x->V; i++)
        if (strcmp(x->words[i], word) == 0) return i;
    return -1;
}

float cosine(const float *a, const float *b, int D) {
    // TODO: a . b / (|a| |b|), summed in double; 0 when |a| or |b| is 0
    wb_not_written(__func__);
    (void)a; (void)b; (void)D;
    return NAN;
}

int nearest_to(const w2v_vectors *x, const float *q, const int *exclude, int nex, int k, int *best, float *sim) {
    int found = 0;
    // For every row i not in exclude: s = cosine(row i, q); if fewer than k found or s beats the
    // worst kept, insert (i, s) into best/sim, kept sorted by s descending (earlier rows first on
    // ties).
    // TODO: the steps above
    wb_not_written(__func__);
    (void)x; (void)q; (void)exclude; (void)nex; (void)k; (void)best; (void)sim;
    return found;
}

int nearest(const w2v_vectors *x, int w, int k, int *best, float *sim) {
    return nearest_to(x, x->W + (size_t)w * x->D, &w, 1, k, best, sim);
}

int analogy(const w2v_vectors *x, int a, int b, int c, int k, int *best, float *sim) {
    const int D = x->D;
    float *q = wb_malloc((size_t)D * sizeof *q);
    int found = 0;
    // Q = unit(b) - unit(a) + unit(c) (each row divided by its length; a zero row stays zero), then
    // the k nearest to q with a, b and c excluded.
    // TODO: the steps above
    wb_not_written(__func__);
    (void)a; (void)b; (void)c; (void)k; (void)best; (void)sim; (void)D;
    free(q);
    return found;
}
