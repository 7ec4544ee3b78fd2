/**
# Week 01 — the maths toolkit

Every neural network in this course, up to the char-RNN of week 10, is built from the handful of
functions in this file. Write them carefully once and you will recognise them everywhere.

Readings: Yann LeCun, Yoshua Bengio and Geoffrey Hinton, "Deep learning", *Nature* 521, 436–444
(2015), <https://doi.org/10.1038/nature14539>; Michael Nielsen, *Neural Networks and Deep
Learning* (Determination Press, 2015), chapter 1, free at
<http://neuralnetworksanddeeplearning.com/chap1.html>. Run `make week01 test` after each function.

## Vectors and matrices

A neuron computes a weighted sum of its inputs, which is a **dot product**:

$$ w \cdot x = \sum_{i=0}^{n-1} w_i x_i $$

A layer of neurons is many dot products at once: a **matrix-vector product** $y = A x$, where
row $r$ of $A$ holds the weights of neuron $r$. We store matrices *row-major*: element $(r, c)$ of
a matrix with `cols` columns is `A[r * cols + c]`.
*/
#include "week01.h"
#include "notwritten.h"

#include <math.h>

float dot(const float *x, const float *y, int n) {
    // TODO: the sum over i of x_i y_i (an empty sum, n = 0, is 0)
    wb_not_written(__func__);
    return 0.0f;
}

// A (rows,cols), x (cols), y (rows)
void matvec(const float *A, const float *x, float *y, int rows, int cols) {
    // TODO: y_r is the dot product of row r of A (row-major: it starts r*cols floats in) with x
    wb_not_written(__func__);
}

/**
## Activations

A weighted sum alone is linear, and a stack of linear layers is still one linear map. The
**activation** bends it. Nielsen's sigmoid neuron uses

$$ \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)). $$

Where the derivative comes from: write $\sigma = (1 + e^{-z})^{-1}$ and use the chain rule,

$$ \sigma'(z) = -(1 + e^{-z})^{-2} \cdot (-e^{-z}) = \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}
   = \sigma(z)\,\bigl(1 - \sigma(z)\bigr), $$

since $\frac{e^{-z}}{1 + e^{-z}} = 1 - \frac{1}{1 + e^{-z}}$. So the slope is computed from the
neuron's *output* $\sigma(z)$, not from its input $z$: the formula $z(1 - z)$ is a common slip.
It is largest, $1/4$, at $z = 0$.

Careful with large inputs: for $z = -1000$, $e^{-z}$ overflows to infinity. Here that still gives
$1/\infty = 0$, the right answer, but see softmax below for a case where it does not.

$\tanh$ is a rescaled sigmoid centred on zero, $\tanh'(z) = 1 - \tanh^2(z)$; and the rectified
linear unit, $\mathrm{relu}(z) = \max(0, z)$, has derivative 1 for $z > 0$ and 0 otherwise (we take
0 at the kink $z = 0$).
*/

float sigmoid(float z) {
    // TODO: 1 / (1 + e^-z); expf is the float exponential
    wb_not_written(__func__);
    return 0.0f;
}

float sigmoid_prime(float z) {
    // TODO: sigma(z) (1 - sigma(z)): the slope from the output sigma(z), not from z
    wb_not_written(__func__);
    return 0.0f;
}

float tanh_prime(float z) {
    // TODO: 1 - tanh(z)^2; tanhf is the float tanh
    wb_not_written(__func__);
    return 0.0f;
}

float relu(float z) {
    // TODO: max(0, z)
    wb_not_written(__func__);
    return 0.0f;
}

float relu_prime(float z) {
    // TODO: 1 where z > 0, else 0
    wb_not_written(__func__);
    return 0.0f;
}

/**
## Softmax and cross-entropy

A classifier's last layer gives one score $z_j$ (a *logit*) per class. **Softmax** turns scores
into probabilities:

$$ p_j = \frac{e^{z_j}}{\sum_k e^{z_k}} $$

Computed as written, $z = (1000, 0)$ gives $e^{1000} = \infty$ and $\infty / \infty$ = NaN. The cure
is free: subtracting any constant $m$ from every $z_k$ multiplies top and bottom by $e^{-m}$ and
changes nothing, so subtract $m = \max_k z_k$. Then every exponent is $\le 0$ and the largest is
$e^0 = 1$: nothing overflows, and the sum is at least 1.

The **cross-entropy** of the true class $y$ is the log-loss $L = -\log p_y$. Taking the log of a
softmax that has underflowed to 0 gives $-\log 0 = \infty$, so compute it from the logits:

$$ L = -\log p_y = \log \sum_k e^{z_k} - z_y = m + \log \sum_k e^{z_k - m} - z_y $$

(the *log-sum-exp* trick). For $z = (1000, 0)$ and $y = 1$ the answer is a finite 1000.
*/

void softmax(const float *z, float *p, int n) {
    // TODO: p_j = e^(z_j - m) / sum_k e^(z_k - m), m the largest z: no exponent overflows
    wb_not_written(__func__);
}

float cross_entropy(const float *z, int label, int n) {
    // TODO: L = m + log sum_k e^(z_k - m) - z_label (log-sum-exp: finite for any logits)
    wb_not_written(__func__);
    return 0.0f;
}
