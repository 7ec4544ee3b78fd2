/**
# The perceptron

Rosenblatt's perceptron (F. Rosenblatt, "The perceptron: a probabilistic model for information
storage and organization in the brain", *Psychological Review* 65(6), 386–408, 1958,
<https://doi.org/10.1037/h0042519>), the first machine that learned from examples, is the neuron of
Nielsen's chapter 1 with a step for its activation:

$$ \hat y = \begin{cases} 1 & \text{if } w \cdot x + b > 0 \\ 0 & \text{otherwise} \end{cases} $$

It draws a straight line (a hyperplane in more dimensions) through the input space: $w \cdot x + b
= 0$ is the **decision boundary**, with class 1 on the side $w$ points to.

## The learning rule

Show it one example $(x, y)$. If it is right, change nothing. If it is wrong, move the boundary
towards the right answer:

$$ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y) $$

When $y = 1$ but $\hat y = 0$, this adds $\eta x$ to $w$, which raises $w \cdot x$ by $\eta |x|^2$:
the example moves towards the positive side. The perceptron convergence theorem says that if a
line separating the two classes exists, repeating passes (epochs) over the data makes no mistakes
after finitely many updates. If no such line exists (XOR is the classic case), it never settles;
that limit is what hidden layers, next week, remove.

`perceptron_update` does one step of the rule: predict, and if the prediction is wrong, move $w$
by $\eta (y - \hat y) x$ and $b$ by $\eta (y - \hat y)$; it returns 1 for a mistake, else 0.
`perceptron_train` repeats epochs (passes over the examples, in order) and counts each epoch's
mistakes. The count is a sum over the whole epoch: an epoch is clean only when *no* example in it
was wrong, not merely the last one. It returns the number of epochs run, the clean one included
(1 if the first pass is already clean), or -1 when `max_epochs` passes all had mistakes.
*/
#include "week01.h"

int perceptron_predict(const float *w, float b, const float *x, int dim) {
    // BEGIN SOLUTION: 1 if w . x + b > 0 (strictly), else 0; dot() from toolkit.c helps
    return dot(w, x, dim) + b > 0.0f;
    // MUTANT predict_last_input_skipped: return dot(w, x, dim - 1) + b > 0.0f;
    // MUTANT predict_no_bias: return dot(w, x, dim) > 0.0f;
    // MUTANT geq: return dot(w, x, dim) + b >= 0.0f;
    // END SOLUTION
    // STUB: return 0;
}

/* One step of the rule for one example. Returns 1 if the example was misclassified (and the
   weights changed), 0 if it was already right. */
int perceptron_update(float *w, float *b, const float *x, int label, int dim, float lr) {
    // BEGIN SOLUTION: predict; if wrong, move w by lr (y - yhat) x and b by lr (y - yhat); 1 if it was wrong
    float error = (float)(label - perceptron_predict(w, *b, x, dim));
    // MUTANT wrong_sign: float error = (float)(perceptron_predict(w, *b, x, dim) - label);
    if (error == 0.0f) return 0;
    // w <- w + lr (y - yhat) x,  b <- b + lr (y - yhat)
    for (int i = 0; i < dim; i++) w[i] += lr * error * x[i];
    // MUTANT update_one_past_dim: for (int i = 0; i <= dim; i++) w[i] += lr * error * x[i];
    // MUTANT ignores_lr: for (int i = 0; i < dim; i++) w[i] += error * x[i];
    *b += lr * error;
    // MUTANT update_bias_no_lr: *b += error;
    // MUTANT no_bias: (void)b;
    // MUTANT update_bias_times_x0: *b += lr * error * x[0];
    return 1;
    // MUTANT update_returns_signed_error: return (int)error;
    // END SOLUTION
    // STUB: return 0;
}

/* X (n,dim), labels (n) in {0,1}. Repeats epochs of perceptron_update over the n examples in order
   until an epoch makes no mistake; returns the number of epochs that took (counting that last
   clean one), or -1 if max_epochs passed without a clean epoch. */
int perceptron_train(float *w, float *b, const float *X, const int *labels, int n, int dim, float lr, int max_epochs) {
    // BEGIN SOLUTION: epochs of updates over all n examples until one has no mistake (see above)
    for (int epoch = 1; epoch <= max_epochs; epoch++) {
    // MUTANT train_epoch_lt: for (int epoch = 1; epoch < max_epochs; epoch++) {
        int mistakes = 0;
        // MUTANT mistakes_not_reset_per_epoch: static int mistakes = 0;
        for (int i = 0; i < n; i++) {
        // MUTANT train_examples_one_too_many: for (int i = 0; i <= n; i++) {
        // MUTANT train_break_on_mistake: for (int i = 0; i < n && mistakes == 0; i++) {
            mistakes += perceptron_update(w, b, X + i * dim, labels[i], dim, lr);
            // MUTANT train_example_stride_n: mistakes += perceptron_update(w, b, X + i * n, labels[i], dim, lr);
            // MUTANT train_passes_n_as_dim: mistakes += perceptron_update(w, b, X + i * dim, labels[i], n, lr);
            // MUTANT train_ignores_lr: mistakes += perceptron_update(w, b, X + i * dim, labels[i], dim, 1.0f);
            // MUTANT last_example_only: mistakes = perceptron_update(w, b, X + i * dim, labels[i], dim, lr);
        }
        if (mistakes == 0) return epoch;
        // MUTANT epochs_from_zero: if (mistakes == 0) return epoch - 1;
    }
    return -1;
    // END SOLUTION
    // STUB: return 0;
}
