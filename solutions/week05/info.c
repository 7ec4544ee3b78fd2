/**
# Entropy, cross-entropy and KL divergence

Chris Olah's "Visual Information Theory" (colah's blog, October 2015,
<https://colah.github.io/posts/2015-09-Visual-Information/>) builds these from one question: how many bits does it
take to tell someone which of several outcomes happened, if you agree on a code in advance?

- An outcome of probability $p$ deserves a codeword of length $\log(1/p)$: rare things get long
  words, common things short ones. The average length under the best code for $p$ is the
  **entropy**
  $$ H(p) = -\sum_i p_i \log p_i . $$
  It is 0 for a certain outcome and largest, $\log n$, for the uniform distribution over $n$.
- If the outcomes follow $p$ but you use the code built for another distribution $q$, each outcome
  costs $\log(1/q_i)$ and the average is the **cross-entropy**
  $$ H(p, q) = -\sum_i p_i \log q_i . $$
- What using the wrong code costs you is the **Kullback–Leibler divergence**
  $$ D_\mathrm{KL}(p \,\|\, q) = H(p, q) - H(p) = \sum_i p_i \log \frac{p_i}{q_i} \;\ge\; 0 , $$
  zero exactly when $q = p$ (Gibbs' inequality). It is not symmetric: $D(p\|q) \ne D(q\|p)$ in
  general, so it is not a distance.

Training a classifier by minimising the cross-entropy $H(y, p_\theta)$ between the labels and the
model's predictions is therefore minimising $D_\mathrm{KL}(y \| p_\theta)$, since $H(y)$ does not
depend on the model: the model is pushed to be the code that describes the data best. With the
natural logarithm, as here, the unit is the **nat** ($1$ nat $= 1/\ln 2 \approx 1.44$ bits); divide
by $\ln 2$ for Olah's bits.

Two conventions make the sums well defined: $0 \log 0 = 0$ (an impossible outcome costs nothing
on average, the limit of $p \log p$ as $p \to 0$), and $p_i \log(1/q_i) = +\infty$ when $p_i > 0 =
q_i$ (a code with no word for something that happens cannot describe it at all).
*/
#include "week05.h"

#include <math.h>

double entropy(const double *p, int n) {
    // BEGIN SOLUTION: -sum p_i log p_i, skipping p_i = 0 (0 log 0 = 0)
    // H(p) = -sum_i p_i log p_i
    double h = 0.0;
    for (int i = 0; i < n; i++)
        if (p[i] > 0.0) h -= p[i] * log(p[i]);
        // MUTANT entropy_no_skip: h -= p[i] * log(p[i]);
        // MUTANT log2_bits: if (p[i] > 0.0) h -= p[i] * log2(p[i]);
    return h;
    // END SOLUTION
    // STUB: return 0.0;
}

double cross_entropy_pq(const double *p, const double *q, int n) {
    // BEGIN SOLUTION: -sum p_i log q_i; p_i = 0 terms are 0, a p_i > 0 with q_i = 0 gives INFINITY
    // H(p,q) = -sum_i p_i log q_i
    double h = 0.0;
    for (int i = 0; i < n; i++) {
        if (p[i] == 0.0) continue;
        // MUTANT no_zero_convention: (void)0;
        if (q[i] == 0.0) return INFINITY;
        h -= p[i] * log(q[i]);
        // MUTANT swapped_arguments: h -= q[i] * log(p[i]);
    }
    return h;
    // END SOLUTION
    // STUB: return 0.0;
}

double kl_divergence(const double *p, const double *q, int n) {
    // BEGIN SOLUTION: sum p_i log(p_i / q_i) term by term, with the same conventions for zeros
    // KL(p||q) = sum_i p_i log(p_i / q_i)   (term by term: no inf - inf, no cancellation)
    double d = 0.0;
    for (int i = 0; i < n; i++) {
        if (p[i] == 0.0) continue;
        // MUTANT kl_no_zero_convention: (void)0;
        // MUTANT kl_order_swapped: if (q[i] == 0.0) return INFINITY; if (p[i] == 0.0) continue;
        if (q[i] == 0.0) return INFINITY;
        // MUTANT kl_zero_q_skipped: if (q[i] == 0.0) continue;
        d += p[i] * log(p[i] / q[i]);
        // MUTANT reversed_ratio: d += p[i] * log(q[i] / p[i]);
    }
    return d;
    // END SOLUTION
    // STUB: return 0.0;
}
