/**
# Measuring the network

The network's output for one picture is ten scores (logits), one per class. Its **prediction** is
the class with the largest score, the *argmax*; softmax would not change which one that is, since it
preserves order, so we skip it here.

Two numbers describe how good a network is on a set of examples:

- the **accuracy**, the fraction it classifies right: what we care about, but a step function of the
  weights (a tiny change of weights rarely changes any prediction), so useless for gradients;
- the **loss**, the mean cross-entropy $-\log p_{\text{true class}}$: smooth, what training
  minimises, and more informative (a network that gives the right class 51% is right, but barely).

`evaluate` runs the network over any list of examples, `m->max_batch` at a time (the network has
room for no more), and averages the loss over *examples*, not over chunks: the last chunk is usually
smaller, and a mean of chunk means would count its examples more. For each chunk of `b` examples:
forward them, add their *summed* loss to `loss_sum` (`softmax_xent` returns the mean over the `b`),
count the correct predictions, and copy the predictions to `pred[start ..]` when `pred` is given.

The **confusion matrix** says more than the accuracy: row $t$, column $p$ counts the examples of
true class $t$ the network called $p$. A perfect classifier has everything on the diagonal. On MNIST
the off-diagonal cells are the famous confusions: 4 and 9, 3 and 5, 7 and 2. On Fashion-MNIST, shirts
against T-shirts, pullovers and coats.
*/
#include "week06.h"

#include <stdlib.h>

void argmax_rows(const float *scores, int B, int C, int *pred) {
    // BEGIN SOLUTION: for each row of scores (B,C), the column of its largest score (the first on ties)
    for (int b = 0; b < B; b++) {
        const float *row = scores + (size_t)b * C;
        int best = 0;
        for (int c = 1; c < C; c++)
            if (row[c] > row[best]) best = c;
            // MUTANT max_starts_at_zero: if (row[c] > row[best] && row[c] > 0.0f) best = c;
            // MUTANT last_on_ties: if (row[c] >= row[best]) best = c;
        pred[b] = best;
        // MUTANT label_off_by_one: pred[b] = best + 1;
    }
    // END SOLUTION
}

eval_result evaluate(mlp *m, const wb_tensor *x, const uint8_t *y, const int *idx, int n, int *pred) {
    int D = m->sizes[0], C = m->sizes[m->nlayers], chunk = m->max_batch;
    WB_CHECK(x->size / (size_t)x->shape[0] == (size_t)D, "examples have %zu values, the network takes %d",
             x->size / (size_t)x->shape[0], D);
    wb_tensor xb = WB_TENSOR(chunk, D);
    int *labels = wb_malloc((size_t)chunk * sizeof *labels), *p = wb_malloc((size_t)chunk * sizeof *p);
    int *all = NULL;
    if (!idx) { /* examples 0..n-1 */
        all = wb_malloc((size_t)(n > 0 ? n : 1) * sizeof *all);
        for (int i = 0; i < n; i++) all[i] = i;
        idx = all;
    }
    double loss_sum = 0;
    long correct = 0;
    for (int start = 0; start < n; start += chunk) {
        int b = n - start < chunk ? n - start : chunk;
        uint8_t yb[b];
        wb_batch_gather(x, y, idx + start, b, &xb, yb);
        for (int i = 0; i < b; i++) labels[i] = yb[i];
        // BEGIN SOLUTION: this chunk's summed loss, correct count and predictions (the steps above)
        mlp_forward(m, xb.data, b);
        loss_sum += (double)softmax_xent(mlp_output(m), labels, b, C, NULL) * b;
        // MUTANT mean_of_means: loss_sum += (double)softmax_xent(mlp_output(m), labels, b, C, NULL) * chunk;
        argmax_rows(mlp_output(m), b, C, p);
        for (int i = 0; i < b; i++) {
            correct += p[i] == labels[i];
            if (pred) pred[start + i] = p[i];
            // MUTANT pred_from_chunk_start: if (pred) pred[i] = p[i];
        }
        // END SOLUTION
        // STUB: (void)C;
    }
    free(all);
    free(p);
    free(labels);
    wb_tensor_free(&xb);
    eval_result r = {0, 0, n};
    if (n > 0) {
        r.loss = (float)(loss_sum / n);
        r.accuracy = (float)((double)correct / n);
    }
    return r;
}

void confusion_matrix(const uint8_t *y, const int *idx, const int *pred, int n, int C, int *counts) {
    for (int i = 0; i < C * C; i++) counts[i] = 0;
    // BEGIN SOLUTION: count each example in row (its true class, through idx) and column (its prediction)
    for (int i = 0; i < n; i++) {
        int t = y[idx ? idx[i] : i], p = pred[i];
        WB_CHECK(t >= 0 && t < C && p >= 0 && p < C, "example %d: class %d predicted as %d, outside 0..%d", i, t, p, C - 1);
        counts[t * C + p]++;
        // MUTANT transposed: counts[p * C + t]++;
        // MUTANT idx_ignored: counts[y[i] * C + p]++;
        // MUTANT cm_assign: counts[t * C + p] = 1;
    }
    // END SOLUTION
}
