/**
# Week 02 — a neural network in eleven lines

Readings: Andrew Trask, "A Neural Network in 11 lines of Python (Part 1)", i am trask (blog), July
2015, <https://iamtrask.github.io/2015/07/12/basic-python-network/>, and "A Neural Network in 13
lines of Python (Part 2 – Gradient Descent)", July 2015,
<https://iamtrask.github.io/2015/07/27/python-network-part2/>; Michael Nielsen, *Neural Networks
and Deep Learning* (Determination Press, 2015), chapter 2, free at
<http://neuralnetworksanddeeplearning.com/chap2.html>.

Trask's post trains a network on four examples of three bits each:

| input | output |
|---|---|
| 0 0 1 | 0 |
| 0 1 1 | 0 |
| 1 0 1 | 1 |
| 1 1 1 | 1 |

The output is the first input column. (The third column is always 1: it plays the part of a bias.)
We port his Python line by line. `np.dot` becomes a loop whose shapes are in a comment; `nonlin(x,
deriv=True)`, which is `x*(1-x)` applied to a sigmoid's *output*, is `wb_sigmoid_grad`.

## Part 1: two layers

```python
l1 = nonlin(np.dot(l0, syn0))                 # forward: (4,3) . (3,1) -> (4,1)
l1_error = y - l1                              # how much did we miss?
l1_delta = l1_error * nonlin(l1, True)         # scale by the slope of the sigmoid at l1
syn0 += np.dot(l0.T, l1_delta)                 # (3,4) . (4,1) -> (3,1)
```

Why multiply by the slope? Where the sigmoid is flat (outputs near 0 or 1, the network is
confident) the update is small; where it is steep (near 0.5, unsure) it is large. And why is this
the right update at all? Take the squared error $E = \frac12 \sum_i (y_i - l_{1,i})^2$ with
$l_{1,i} = \sigma(z_i)$ and $z_i = \sum_c X_{ic}\,\text{syn0}_c$. The chain rule follows the
weight through the three steps that use it:

$$ \frac{\partial E}{\partial \text{syn0}_c}
   = \sum_i \underbrace{\frac{\partial E}{\partial l_{1,i}}}_{-(y_i - l_{1,i})}\;
     \underbrace{\frac{\partial l_{1,i}}{\partial z_i}}_{l_{1,i}(1 - l_{1,i})}\;
     \underbrace{\frac{\partial z_i}{\partial \text{syn0}_c}}_{X_{ic}}
   = -\sum_i X_{ic}\,\underbrace{(y_i - l_{1,i})\,l_{1,i}(1 - l_{1,i})}_{\texttt{l1\_delta}_i}, $$

that is $\partial E / \partial \text{syn0} = -X^\top\,\texttt{l1\_delta}$ (the middle factor is
$\sigma' = \sigma(1 - \sigma)$ from week 01, written in terms of the output $l_1$). So Trask's
`+=` is exactly a gradient-descent step, $\text{syn0} \leftarrow \text{syn0} - \alpha\,\partial E /
\partial \text{syn0}$, with learning rate $\alpha = 1$. The tests check that with finite
differences.

`trask_step1` does the four lines once, with the learning rate `alpha` on the last one, writes
$l_1$ to `l1_out` when it is not NULL, and returns the mean of $|y - l_1|$ over the examples.
*/
#include "week02.h"

#include "error.h"
#include "numerics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void trask_init(float *w, long n, wb_rng *rng) {
    // w = 2 * random - 1
    for (long i = 0; i < n; i++) w[i] = 2.0f * wb_rng_uniform(rng) - 1.0f;
}

float trask_step1(const float *X, const float *y, int n, int in, float *syn0, float alpha, float *l1_out) {
    float *l1 = wb_calloc((size_t)n, sizeof *l1), *l1_delta = wb_calloc((size_t)n, sizeof *l1_delta); /* (n,1) */
    double abs_error = 0.0;
    // BEGIN SOLUTION: the four lines of part 1 (step scaled by alpha); sum each |l1_error| in abs_error
    // l1 (n,1) = sigmoid(X (n,in) . syn0 (in,1))
    for (int i = 0; i < n; i++) {
        float z = 0.0f;
        for (int c = 0; c < in; c++) z += X[i * in + c] * syn0[c];
        // MUTANT s1_x_row_stride_n: for (int c = 0; c < in; c++) z += X[i * n + c] * syn0[c];
        l1[i] = wb_sigmoid(z);
        // MUTANT s1_l1_unsquashed: l1[i] = z;
    }
    // l1_error = y - l1,  l1_delta = l1_error * l1 (1 - l1)
    for (int i = 0; i < n; i++) {
    // MUTANT last_example_skipped: for (int i = 0; i < n - 1; i++) {
    // MUTANT s1_examples_one_too_many: for (int i = 0; i <= n; i++) {
        float l1_error = y[i] - l1[i];
        abs_error += fabsf(l1_error);
        // MUTANT signed_error: abs_error += l1_error;
        l1_delta[i] = l1_error * wb_sigmoid_grad(l1[i]);
        // MUTANT slope_of_error: l1_delta[i] = l1_error * wb_sigmoid_grad(l1_error);
    }
    // syn0 (in,1) += alpha X^T (in,n) . l1_delta (n,1)
    for (int c = 0; c < in; c++) {
    // MUTANT s1_bias_col_not_updated: for (int c = 0; c < in - 1; c++) {
        float g = 0.0f;
        for (int i = 0; i < n; i++) g += X[i * in + c] * l1_delta[i];
        // MUTANT s1_step_error_not_delta: for (int i = 0; i < n; i++) g += X[i * in + c] * (y[i] - l1[i]);
        syn0[c] += alpha * g;
        // MUTANT s1_no_alpha: syn0[c] += g;
        // MUTANT descent_wrong_sign: syn0[c] -= alpha * g;
    }
    // END SOLUTION
    if (l1_out) memcpy(l1_out, l1, (size_t)n * sizeof *l1_out);
    free(l1_delta);
    free(l1);
    return (float)(abs_error / n);
}

/**
## Part 1: three layers

The second data set of the post has the output `0 1 1 0`: the XOR of the first two columns. No
single layer can do it (week 01's perceptron could not either), so Trask adds a hidden layer of 4
units and **backpropagates** the error to it:

```python
l1 = nonlin(np.dot(l0, syn0))                    # (4,3) . (3,4) -> (4,4)
l2 = nonlin(np.dot(l1, syn1))                    # (4,4) . (4,1) -> (4,1)
l2_delta = (y - l2) * nonlin(l2, True)
l1_delta = l2_delta.dot(syn1.T) * nonlin(l1, True)   # (4,1) . (1,4) -> (4,4)
syn1 += l1.T.dot(l2_delta)                       # (4,4) . (4,1) -> (4,1)
syn0 += l0.T.dot(l1_delta)                       # (3,4) . (4,4) -> (3,4)
```

`l1_delta` is the heart of it: each hidden unit gets the output's delta, weighted by how much that
unit contributed to the output (its weight in `syn1`), times its own slope. It is the same chain
rule one step longer: hidden unit $j$ reaches the error only through $l_2$, via the weight
$\text{syn1}_j$, so $\partial E / \partial z_{1,ij} = -\texttt{l2\_delta}_i\,\text{syn1}_j\,
l_{1,ij}(1 - l_{1,ij}) = -\texttt{l1\_delta}_{ij}$. Careful: `l1_delta` must use `syn1` *before*
it is updated: the gradient is taken at the weights the forward pass used.

`trask_step2` does the six lines once, both updates scaled by `alpha`, writes $l_2$ to `l2_out`
when it is not NULL, and returns the mean of $|y - l_2|$.

## Part 2: the learning rate

Part 2 writes the same loop with a learning rate, `syn1 -= alpha * l1.T.dot(l2_delta)` where its
`l2_delta` is computed from `l2 - y` (the same step as `+=` with `y - l2`). We keep part 1's signs
and multiply both updates by `alpha`.
*/
float trask_step2(const float *X, const float *y, int n, int in, int hidden, float *syn0, float *syn1, float alpha,
                  float *l2_out) {
    float *l1 = wb_calloc((size_t)n * hidden, sizeof *l1), *l1_delta = wb_calloc((size_t)n * hidden, sizeof *l1_delta);
    float *l2 = wb_calloc((size_t)n, sizeof *l2), *l2_delta = wb_calloc((size_t)n, sizeof *l2_delta);
    double abs_error = 0.0;
    // BEGIN SOLUTION: the six lines above, alpha on both steps; sum each |y - l2| in abs_error
    // l1 (n,hidden) = sigmoid(X (n,in) . syn0 (in,hidden))
    for (int i = 0; i < n; i++)
        for (int j = 0; j < hidden; j++) {
            float z = 0.0f;
            for (int c = 0; c < in; c++) z += X[i * in + c] * syn0[c * hidden + j];
            // MUTANT syn0_transposed: for (int c = 0; c < in; c++) z += X[i * in + c] * syn0[j * in + c];
            l1[i * hidden + j] = wb_sigmoid(z);
        }
    // l2 (n,1) = sigmoid(l1 (n,hidden) . syn1 (hidden,1));  l2_delta = (y - l2) * l2 (1 - l2)
    for (int i = 0; i < n; i++) {
        float z = 0.0f;
        for (int j = 0; j < hidden; j++) z += l1[i * hidden + j] * syn1[j];
        // MUTANT s2_output_sum_one_too_many: for (int j = 0; j <= hidden; j++) z += l1[i * hidden + j] * syn1[j];
        // MUTANT s2_l1_stride_n: for (int j = 0; j < hidden; j++) z += l1[i * n + j] * syn1[j];
        l2[i] = wb_sigmoid(z);
        float l2_error = y[i] - l2[i];
        abs_error += fabsf(l2_error);
        // MUTANT signed_error2: abs_error += l2_error;
        l2_delta[i] = l2_error * wb_sigmoid_grad(l2[i]);
    }
    // l1_delta (n,hidden) = l2_delta (n,1) . syn1^T (1,hidden) * l1 (1 - l1)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < hidden; j++)
        // MUTANT s2_hidden_bound_n: for (int j = 0; j < n; j++)
            l1_delta[i * hidden + j] = l2_delta[i] * syn1[j] * wb_sigmoid_grad(l1[i * hidden + j]);
            // MUTANT hidden_no_slope: l1_delta[i * hidden + j] = l2_delta[i] * syn1[j];
    // syn1 (hidden,1) += alpha l1^T (hidden,n) . l2_delta (n,1)
    for (int j = 0; j < hidden; j++) {
    // MUTANT s2_syn1_bound_n: for (int j = 0; j < n; j++) {
    // MUTANT s2_syn1_step_one_too_many: for (int j = 0; j <= hidden; j++) {
        float g = 0.0f;
        for (int i = 0; i < n; i++) g += l1[i * hidden + j] * l2_delta[i];
        // MUTANT s2_syn1_step_l1_delta: for (int i = 0; i < n; i++) g += l1[i * hidden + j] * l1_delta[i * hidden + j];
        syn1[j] += alpha * g;
        // MUTANT s2_no_alpha_output: syn1[j] += g;
    }
    // syn0 (in,hidden) += alpha X^T (in,n) . l1_delta (n,hidden)
    for (int c = 0; c < in; c++)
        for (int j = 0; j < hidden; j++) {
            float g = 0.0f;
            for (int i = 0; i < n; i++) g += X[i * in + c] * l1_delta[i * hidden + j];
            // MUTANT s2_syn0_step_l2_delta: for (int i = 0; i < n; i++) g += X[i * in + c] * l2_delta[i];
            // MUTANT s2_x_row_stride_hidden: for (int i = 0; i < n; i++) g += X[i * hidden + c] * l1_delta[i * hidden + j];
            syn0[c * hidden + j] += alpha * g;
            // MUTANT no_alpha_hidden: syn0[c * hidden + j] += g;
        }
    // END SOLUTION
    if (l2_out) memcpy(l2_out, l2, (size_t)n * sizeof *l2_out);
    free(l2_delta), free(l2), free(l1_delta), free(l1);
    return (float)(abs_error / n);
}

float trask_train2(const float *X, const float *y, int n, int in, int hidden, float alpha, int iters, uint64_t seed,
                   float *errors) {
    wb_rng rng;
    wb_rng_seed(&rng, seed);
    float *syn0 = wb_malloc((size_t)in * hidden * sizeof *syn0), *syn1 = wb_malloc((size_t)hidden * sizeof *syn1);
    trask_init(syn0, (long)in * hidden, &rng);
    trask_init(syn1, hidden, &rng);
    float err = 0.0f;
    for (int t = 0; t < iters; t++) {
        err = trask_step2(X, y, n, in, hidden, syn0, syn1, alpha, NULL);
        if (errors) errors[t] = err;
    }
    free(syn1), free(syn0);
    return err;
}
