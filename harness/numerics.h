/* numerics.h — activations, softmax and cross-entropy, written to be numerically safe.
 *
 * Every function here is finite for every finite input: sigmoid(-1000) is 0, not NaN; softmax of
 * (1000, 0) is (1, 0), not (NaN, 0); cross-entropy of a confident wrong answer is large, not inf.
 * The derivatives take the activation's *output* where that is cheaper (y(1-y) for sigmoid).
 *
 *     wb_softmax_rows(logits, probs, B, C);                      // logits (B,C) -> probs (B,C)
 *     float loss = wb_cross_entropy(logits, labels, B, C, dlogits); // mean over the batch
 */
#ifndef WB_NUMERICS_H
#define WB_NUMERICS_H

float wb_sigmoid(float x);
float wb_sigmoid_grad(float y);      /* dσ/dx written with y = σ(x): y(1-y) */
float wb_tanh_grad(float y);         /* d tanh/dx with y = tanh(x): 1 - y² */
float wb_relu(float x);
float wb_relu_grad(float x);         /* 1 for x > 0, else 0 (the subgradient at 0 is taken as 0) */

/* x (rows,cols) -> y (rows,cols); y may be x. Each row of y sums to 1. */
void wb_softmax_rows(const float *x, float *y, int rows, int cols);
/* y = log softmax(x), row-wise; y may be x. */
void wb_log_softmax_rows(const float *x, float *y, int rows, int cols);
/* Mean over rows of -log softmax(logits)[label]; labels (rows) in [0, cols). If dlogits is not NULL
   it receives the gradient of that mean: (softmax(logits) - onehot(label)) / rows. */
float wb_cross_entropy(const float *logits, const int *labels, int rows, int cols, float *dlogits);

#endif
