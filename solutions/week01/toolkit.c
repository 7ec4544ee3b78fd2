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

#include <math.h>

float dot(const float *x, const float *y, int n) {
    // BEGIN SOLUTION: the sum over i of x_i y_i (an empty sum, n = 0, is 0)
    // w . x = sum_i w_i x_i
    float sum = 0.0f;
    for (int i = 0; i < n; i++) sum += x[i] * y[i];
    // MUTANT skips_last: for (int i = 0; i < n - 1; i++) sum += x[i] * y[i];
    return sum;
    // END SOLUTION
    // STUB: return 0.0f;
}

// A (rows,cols), x (cols), y (rows)
void matvec(const float *A, const float *x, float *y, int rows, int cols) {
    // BEGIN SOLUTION: y_r is the dot product of row r of A (row-major: it starts r*cols floats in) with x
    // y_r = sum_c A_rc x_c
    for (int r = 0; r < rows; r++) y[r] = dot(A + r * cols, x, cols);
    // MUTANT rows_one_too_many: for (int r = 0; r <= rows; r++) y[r] = dot(A + r * cols, x, cols);
    // MUTANT transposed: for (int r = 0; r < rows; r++) { y[r] = 0; for (int c = 0; c < cols; c++) y[r] += A[c * rows + r] * x[c]; }
    // MUTANT accumulates: for (int r = 0; r < rows; r++) y[r] += dot(A + r * cols, x, cols);
    // MUTANT last_row_skipped: for (int r = 0; r < rows - 1; r++) y[r] = dot(A + r * cols, x, cols);
    // END SOLUTION
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
    // BEGIN SOLUTION: 1 / (1 + e^-z); expf is the float exponential
    return 1.0f / (1.0f + expf(-z));
    // MUTANT sigmoid_exp_ratio_overflows: return expf(z) / (1.0f + expf(z));
    // MUTANT sigmoid_sign: return 1.0f / (1.0f + expf(z));
    // MUTANT sigmoid_stable_typo: return z >= 0 ? 1 / (1 + expf(-z)) : expf(z) / (1 + expf(-z));
    // MUTANT sigmoid_cutoff: return z < -10.0f ? 0.0f : 1.0f / (1.0f + expf(-z));
    // END SOLUTION
    // STUB: return 0.0f;
}

float sigmoid_prime(float z) {
    // BEGIN SOLUTION: sigma(z) (1 - sigma(z)): the slope from the output sigma(z), not from z
    float s = sigmoid(z);
    return s * (1.0f - s);
    // MUTANT on_input: return z * (1.0f - z);
    // END SOLUTION
    // STUB: return 0.0f;
}

float tanh_prime(float z) {
    // BEGIN SOLUTION: 1 - tanh(z)^2; tanhf is the float tanh
    float t = tanhf(z);
    return 1.0f - t * t;
    // MUTANT tanh_of_square: return 1.0f - tanhf(z * z);
    // MUTANT tanh_unsquared: return 1.0f - t;
    // END SOLUTION
    // STUB: return 0.0f;
}

float relu(float z) {
    // BEGIN SOLUTION: max(0, z)
    return z > 0.0f ? z : 0.0f;
    // MUTANT relu_abs: return fabsf(z);
    // END SOLUTION
    // STUB: return 0.0f;
}

float relu_prime(float z) {
    // BEGIN SOLUTION: 1 where z > 0, else 0
    return z > 0.0f ? 1.0f : 0.0f;
    // MUTANT relu_prime_returns_z: return z > 0.0f ? z : 0.0f;
    // MUTANT slope_one_at_kink: return z >= 0.0f ? 1.0f : 0.0f;
    // END SOLUTION
    // STUB: return 0.0f;
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
    // BEGIN SOLUTION: p_j = e^(z_j - m) / sum_k e^(z_k - m), m the largest z: no exponent overflows
    float m = z[0];
    for (int j = 1; j < n; j++) m = z[j] > m ? z[j] : m;
    // MUTANT max_skips_last: for (int j = 1; j < n - 1; j++) m = z[j] > m ? z[j] : m;
    // MUTANT no_max: m = 0.0f;
    // MUTANT max_abs: for (int j = 1; j < n; j++) m = fabsf(z[j]) > fabsf(m) ? z[j] : m;
    // p_j = e^(z_j - m) / sum_k e^(z_k - m)
    float sum = 0.0f;
    for (int j = 0; j < n; j++) {
        p[j] = expf(z[j] - m);
        sum += p[j];
    }
    for (int j = 0; j < n; j++) p[j] /= sum;
    // MUTANT divides_one_past_n: for (int j = 0; j <= n; j++) p[j] /= sum;
    // MUTANT not_normalised: for (int j = 0; j < n; j++) p[j] /= 1.0f;
    // END SOLUTION
}

float cross_entropy(const float *z, int label, int n) {
    // BEGIN SOLUTION: L = m + log sum_k e^(z_k - m) - z_label (log-sum-exp: finite for any logits)
    float m = z[0];
    for (int k = 1; k < n; k++) m = z[k] > m ? z[k] : m;
    // MUTANT xent_max_one_past_n: for (int k = 1; k <= n; k++) m = z[k] > m ? z[k] : m;
    // MUTANT xent_max_init_zero: m = 0.0f; for (int k = 0; k < n; k++) m = z[k] > m ? z[k] : m;
    // L = m + log sum_k e^(z_k - m) - z_y
    float sum = 0.0f;
    for (int k = 0; k < n; k++) sum += expf(z[k] - m);
    // MUTANT xent_sum_unshifted: for (int k = 0; k < n; k++) sum += expf(z[k]);
    // MUTANT xent_sum_one_past_n: for (int k = 0; k <= n; k++) sum += expf(z[k] - m);
    return m + logf(sum) - z[label];
    // MUTANT xent_label_ignored: return m + logf(sum) - z[0];
    // MUTANT loss_sign: return z[label] - m - logf(sum);
    // MUTANT log_of_softmax: return -logf(expf(z[label] - m) / sum);
    // MUTANT forgets_max: return logf(sum) - z[label];
    // END SOLUTION
    // STUB: return 0.0f;
}
