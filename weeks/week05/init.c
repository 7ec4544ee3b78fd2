/**
# How big should the first random weights be?

A network starts from random weights, and their *scale* decides whether a signal survives the trip
through many layers. Take a dense layer with $n_\text{in}$ inputs, weights drawn independently
with mean 0 and variance $\sigma^2$, and inputs of variance $v$. Each pre-activation is a sum of
$n_\text{in}$ independent products, so

$$ \operatorname{Var}(z) = n_\text{in}\,\sigma^2\,v. $$

If $n_\text{in}\sigma^2 < 1$ the signal shrinks by that factor at every layer and after ten layers
it is gone (**vanishing** activations, and with them vanishing gradients); if it is $> 1$ it grows
geometrically (**exploding**). The cure is to pick $\sigma$ so the factor is 1:

- **Xavier/Glorot** (X. Glorot and Y. Bengio, "Understanding the difficulty of training deep
  feedforward neural networks", AISTATS 2010, <https://proceedings.mlr.press/v9/glorot10a.html>),
  for tanh and sigmoid, which are roughly linear near 0: balance the
  forward pass ($n_\text{in}\sigma^2 = 1$) and the backward pass ($n_\text{out}\sigma^2 = 1$) by
  averaging the two, $\sigma^2 = 2 / (n_\text{in} + n_\text{out})$.
- **He** (K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into rectifiers", ICCV 2015,
  <https://arxiv.org/abs/1502.01852>), for ReLU: a ReLU zeroes half of its inputs, halving the second moment, so it
  needs twice the variance, $\sigma^2 = 2 / n_\text{in}$.

The two "naive" choices show what goes wrong: $\sigma = 0.01$ ("small random numbers") vanishes,
and $\sigma = 1$ (a plain `randn`) explodes through ReLU and saturates tanh, whose outputs pile up
at $\pm 1$ where its slope, and so every gradient through it, is 0.

`make week05 run` pushes random data through 10-layer tanh and ReLU networks with each scheme and
plots the standard deviation of every layer's output (build/week05/init_*.png).
*/
#include "week05.h"
#include "notwritten.h"

#include <math.h>
#include <stdlib.h>

const char *const init_scheme_name[] = {"naive N(0, 0.01^2)", "naive N(0, 1)", "Xavier/Glorot", "He"};

float init_std(init_scheme s, int fan_in, int fan_out) {
    // TODO: the standard deviation (not the variance): 0.01, 1, Xavier's or He's from above
    wb_not_written(__func__);
    return 0.0f;
}

/* The experiment: N(0,1) data x (batch, width) through `depth` dense layers of `width` units, all
   with activation act, weights N(0, init_std(s)^2), biases 0. stds[l] receives the standard
   deviation of layer l's outputs over the whole batch; flat[l] (when flat is not NULL) the fraction
   of them where the activation is flat, slope below 0.01, so that no gradient gets through. */
void activation_stds(activation act, init_scheme s, int depth, int width, int batch, uint64_t seed, float *stds, float *flat) {
    WB_CHECK(depth >= 1 && depth <= MLP_MAX_LAYERS, "depth must be in 1..%d, got %d", MLP_MAX_LAYERS, depth);
    int sizes[MLP_MAX_LAYERS + 1];
    activation acts[MLP_MAX_LAYERS];
    for (int l = 0; l <= depth; l++) sizes[l] = width;
    for (int l = 0; l < depth; l++) acts[l] = act;
    wb_rng rng;
    wb_rng_seed(&rng, seed);
    mlp net;
    mlp_init(&net, depth, sizes, acts, batch, &rng);
    for (int l = 0; l < depth; l++)   /* replace mlp_init's choice with the scheme under study */
        wb_rng_fill_normal(&rng, net.layer[l].W.data, (long)net.layer[l].W.size, init_std(s, width, width));
    float *x = wb_malloc((size_t)batch * width * sizeof *x);
    wb_rng_fill_normal(&rng, x, (long)batch * width, 1.0f);
    mlp_forward(&net, x, batch);
    for (int l = 0; l < depth; l++) {
        long n = (long)batch * width;
        double sum = 0, sumsq = 0;
        for (long i = 0; i < n; i++) sum += net.act_out[l][i], sumsq += (double)net.act_out[l][i] * net.act_out[l][i];
        double mean = sum / n;
        stds[l] = (float)sqrt(fmax(sumsq / n - mean * mean, 0.0));
        if (flat) {
            long count = 0;
            for (long i = 0; i < n; i++) {
                float a = net.act_out[l][i];
                // the slope from the output: ReLU [a > 0], tanh 1 - a^2, sigmoid a (1 - a), none 1
                float slope = act == ACT_RELU ? (a > 0.0f) : act == ACT_TANH ? 1.0f - a * a : act == ACT_SIGMOID ? a * (1.0f - a) : 1.0f;
                count += slope < 0.01f;
            }
            flat[l] = (float)count / (float)n;
        }
    }
    free(x);
    mlp_free(&net);
}
