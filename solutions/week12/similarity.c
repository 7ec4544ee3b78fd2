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
    // BEGIN SOLUTION: a . b / (|a| |b|), summed in double; 0 when |a| or |b| is 0
    double ab = 0, aa = 0, bb = 0;
    for (int d = 0; d < D; d++) ab += (double)a[d] * b[d], aa += (double)a[d] * a[d], bb += (double)b[d] * b[d];
    return aa > 0 && bb > 0 ? (float)(ab / sqrt(aa * bb)) : 0.0f;
    // END SOLUTION
    // STUB: (void)a; (void)b; (void)D;
    // STUB: return NAN;
}

int nearest_to(const w2v_vectors *x, const float *q, const int *exclude, int nex, int k, int *best, float *sim) {
    int found = 0;
    // For every row i not in exclude: s = cosine(row i, q); if fewer than k found or s beats the
    // worst kept, insert (i, s) into best/sim, kept sorted by s descending (earlier rows first on
    // ties).
    // BEGIN SOLUTION: the steps above
    for (int i = 0; i < x->V && k > 0; i++) { /* k = 0: nothing to keep, no sim[k - 1] to read */
        // MUTANT k_zero_reads_before: for (int i = 0; i < x->V; i++) {
        int skip = 0;
        for (int e = 0; e < nex; e++) skip |= exclude[e] == i;
        // MUTANT exclude_one_past: for (int e = 0; e <= nex; e++) skip |= exclude[e] == i;
        if (skip) continue;
        float s = cosine(x->W + (size_t)i * x->D, q, x->D);
        if (found == k && !(s > sim[k - 1])) continue;
        // MUTANT tie_replaces_last: if (found == k && s < sim[k - 1]) continue;
        int p = found < k ? found++ : k - 1;  /* the slot it takes, then moved up */
        // MUTANT slot_past_k: int p = found < k ? found++ : k;
        while (p > 0 && sim[p - 1] < s) {  /* past every worse row, never past an equal one */
            // MUTANT tie_moves_up: while (p > 0 && sim[p - 1] <= s) {
            best[p] = best[p - 1], sim[p] = sim[p - 1], p--;
        }
        best[p] = i, sim[p] = s;
    }
    // END SOLUTION
    // STUB: (void)x; (void)q; (void)exclude; (void)nex; (void)k; (void)best; (void)sim;
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
    // BEGIN SOLUTION: the steps above
    const float *va = x->W + (size_t)a * D, *vb = x->W + (size_t)b * D, *vc = x->W + (size_t)c * D;
    double na = 0, nb = 0, nc = 0;
    for (int d = 0; d < D; d++) na += (double)va[d] * va[d], nb += (double)vb[d] * vb[d], nc += (double)vc[d] * vc[d];
    float ia = na > 0 ? (float)(1 / sqrt(na)) : 0, ib = nb > 0 ? (float)(1 / sqrt(nb)) : 0;
    // MUTANT analogy_no_zero_guard: float ia = (float)(1 / sqrt(na)), ib = (float)(1 / sqrt(nb));
    float ic = nc > 0 ? (float)(1 / sqrt(nc)) : 0;
    for (int d = 0; d < D; d++) q[d] = vb[d] * ib - va[d] * ia + vc[d] * ic;
    int exclude[3] = {a, b, c};
    // MUTANT keeps_a: int exclude[3] = {c, b, c};
    // MUTANT keeps_b: int exclude[3] = {a, c, c};
    found = nearest_to(x, q, exclude, 3, k, best, sim);
    // MUTANT keeps_query: found = nearest_to(x, q, exclude, 2, k, best, sim);
    // END SOLUTION
    // STUB: (void)a; (void)b; (void)c; (void)k; (void)best; (void)sim; (void)D;
    free(q);
    return found;
}
