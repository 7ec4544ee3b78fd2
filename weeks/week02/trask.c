/**
# Week 02 — a neural network in eleven lines

Readings: Andrew Trask, "A Neural Network in 11 lines of Python (Part 1)" and "A Neural Network in
13 lines of Python (Part 2 – Gradient Descent)" (iamtrask.github.io, 2015); Michael Nielsen, *Neural
Networks and Deep Learning*, chapter 2.

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
the right update at all? For the squared error $E = \frac12 \sum (y - l_1)^2$ the chain rule gives
$\partial E / \partial \text{syn0} = -X^\top [(y - l_1) \odot l_1 (1 - l_1)]$, so Trask's `+=`
is exactly a gradient-descent step, with learning rate $\alpha = 1$. The tests check that with
finite differences.
*/
#include "week02.h"
#include "notwritten.h"

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
    // TODO: forward l1 = sigmoid(X syn0); l1_error = y - l1; l1_delta = l1_error * l1 (1 - l1); syn0 += alpha X^T l1_delta. Add each |l1_error| into abs_error.
    wb_not_written(__func__);
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
unit contributed to the output (its weight in `syn1`), times its own slope. Careful: `l1_delta`
must use `syn1` *before* it is updated.

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
    // TODO: the six lines above: l1, l2, l2_delta, l1_delta (with the old syn1), then syn1 += alpha l1^T l2_delta and syn0 += alpha X^T l1_delta. Add each |y - l2| into abs_error.
    wb_not_written(__func__);
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
