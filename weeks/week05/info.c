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
#include "notwritten.h"

#include <math.h>

double entropy(const double *p, int n) {
    // TODO: -sum p_i log p_i, skipping p_i = 0 (0 log 0 = 0)
    wb_not_written(__func__);
    return 0.0;
}

double cross_entropy_pq(const double *p, const double *q, int n) {
    // TODO: -sum p_i log q_i; p_i = 0 terms are 0, a p_i > 0 with q_i = 0 gives INFINITY
    wb_not_written(__func__);
    return 0.0;
}

double kl_divergence(const double *p, const double *q, int n) {
    // TODO: sum p_i log(p_i / q_i) term by term, with the same conventions for zeros
    wb_not_written(__func__);
    return 0.0;
}
