/**
# Generative adversarial nets

A generator $G$ turns noise $z \sim p(z)$ into samples $G(z)$; a discriminator $D$ looks at a sample
and says how likely it is to be real, $D(x) = \sigma(\ell(x))$ with $\ell$ its logit. Goodfellow et
al. (2014) set them a two-player game,

$$ \min_G \max_D \; \mathbb{E}_{x \sim p_\text{data}} \log D(x)
   + \mathbb{E}_{z \sim p(z)} \log\bigl(1 - D(G(z))\bigr). $$

For a fixed $G$ the best discriminator is $D^*(x) = p_\text{data}(x) / (p_\text{data}(x) + p_G(x))$,
and against it $G$'s objective is $2\,\mathrm{JS}(p_\text{data} \| p_G) - \log 4$: the game is won
when the two distributions are the same. In practice the players take turns, one gradient step
each, on minibatches.

## The discriminator's loss

$D$ is a binary classifier with real samples labelled 1 and fakes labelled 0. Its loss is the
cross-entropy of each half, averaged over the $B$ samples of each:

$$ L_D = \frac1B \sum_i -\log \sigma(r_i) \;+\; \frac1B \sum_i -\log\bigl(1 - \sigma(f_i)\bigr) $$

with $r_i$ and $f_i$ the logits on real and fake samples. Write both terms with the **softplus**
$s(x) = \log(1 + e^x)$: $-\log\sigma(x) = s(-x)$ and $-\log(1 - \sigma(x)) = s(x)$. Computed as
written, $e^{x}$ overflows to infinity for $x > 88$ in float; the stable form is
$s(x) = \max(x, 0) + \log(1 + e^{-|x|})$, whose exponential never exceeds 1. Take that logarithm
with `log1pf`, which computes $\log(1 + u)$ without forming $1 + u$: below $x = -16.6$,
$e^{-|x|}$ is less than half of float's spacing at 1, so $1 + e^{-|x|}$ rounds to exactly 1 and its
log to 0, although $s(-20) = 2.06 \times 10^{-9}$. The derivative is $s'(x) = \sigma(x)$, so

$$ \frac{\partial L_D}{\partial r_i} = \frac{\sigma(r_i) - 1}{B}, \qquad
   \frac{\partial L_D}{\partial f_i} = \frac{\sigma(f_i)}{B}. $$

## The generator's loss: non-saturating

$G$ could minimise the game's own term, $\log(1 - D(G(z)))$. Early in training $D$ rejects the fakes
easily, $f \ll 0$, and there $\partial \log(1-\sigma(f))/\partial f = -\sigma(f) \approx 0$: the generator gets no
signal exactly when it most needs one. Goodfellow et al. therefore let $G$ maximise
$\log D(G(z))$ instead, the same fixed point with a strong gradient when $D$ is winning:

$$ L_G = \frac1B \sum_i -\log \sigma(f_i) = \frac1B \sum_i s(-f_i), \qquad
   \frac{\partial L_G}{\partial f_i} = \frac{\sigma(f_i) - 1}{B} \approx -\frac1B
   \text{ for } f_i \ll 0. $$

## One step of each

The **discriminator's step** shows $D$ a batch of $2B$ rows, the $B$ real samples and then the $B$
fakes $G(z)$, in one forward pass; the loss gives a gradient for each logit, and one backward pass
gives $\partial L_D/\partial \theta_D$. The fakes are *data* here: $G$ is run forward only, and its parameters
do not move.

The **generator's step** needs $\partial L_G / \partial \theta_G$, and $L_G$ depends on $\theta_G$ only through
$D$'s verdict on $G$'s output. The chain rule goes through the discriminator:

$$ \frac{\partial L_G}{\partial \theta_G} = \frac{\partial L_G}{\partial f}\,
   \frac{\partial f}{\partial G(z)}\,\frac{\partial G(z)}{\partial \theta_G}: $$

run $D$ backward from $\partial L_G/\partial f$ to get the gradient with respect to its *input*
(`mlp_input_grad`), and feed that into $G$'s backward pass. $D$'s backward pass also fills
$D$'s parameter gradients: those are scratch, and $D$ must not take a step on them, or it would
learn to help the generator fool it.
*/
#include "week13.h"

#include <math.h>
#include <stdlib.h>

/* Given. week 05's mlp_backward leaves dL/dz of its first layer in one of its two scratch buffers
   (they alternate layer by layer, starting with delta[0] at the last layer, so layer 0's is
   delta[(nlayers - 1) % 2]); the input's gradient is that times W0: (B,out0) . (out0,in0). */
void mlp_input_grad(const mlp *m, int B, float *dx) {
    WB_CHECK(B >= 0 && B <= m->max_batch, "batch of %d, but the network has room for %d", B, m->max_batch);
    const dense *d = &m->layer[0];
    const float *dz0 = m->delta[(m->nlayers - 1) % 2];
    // dx[i][k] = sum_j dz0[i][j] W0[j][k]
    wb_sgemm(0, 0, B, d->in, d->out, 1.0f, dz0, d->out, d->W.data, d->in, 0.0f, dx, d->in);
}

float softplus(float x) {
    // BEGIN SOLUTION: log(1 + e^x) in a form whose exponential never overflows (see the notes)
    return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
    // MUTANT softplus_naive: return logf(1.0f + expf(x));
    // MUTANT softplus_logf_not_log1p: return fmaxf(x, 0.0f) + logf(1.0f + expf(-fabsf(x)));
    // END SOLUTION
    // STUB: return 0.0f;
}

float gan_d_loss(const float *real, const float *fake, int B, float *dreal, float *dfake) {
    WB_CHECK(B > 0, "batch of %d", B);
    double loss = 0.0;
    // BEGIN SOLUTION: both cross-entropies (reals labelled 1, fakes 0), each averaged over B; their gradients
    // L_D = (1/B) sum s(-r_i) + (1/B) sum s(f_i);  dr = (sigma(r) - 1)/B, df = sigma(f)/B
    for (int i = 0; i < B; i++) {
        loss += softplus(-real[i]) + softplus(fake[i]);
        // MUTANT fakes_labelled_real: loss += softplus(-real[i]) + softplus(-fake[i]);
        if (dreal) dreal[i] = (wb_sigmoid(real[i]) - 1.0f) / (float)B;
        if (dfake) dfake[i] = wb_sigmoid(fake[i]) / (float)B;
        // MUTANT dfake_if_dreal: if (dreal) dfake[i] = wb_sigmoid(fake[i]) / (float)B;
        // MUTANT fakes_labelled_real_grad: if (dfake) dfake[i] = (wb_sigmoid(fake[i]) - 1.0f) / (float)B;
    }
    // END SOLUTION
    // STUB: (void)real, (void)fake, (void)dreal, (void)dfake;
    return (float)(loss / B);
}

float gan_g_loss(const float *fake, int B, float *dfake) {
    WB_CHECK(B > 0, "batch of %d", B);
    double loss = 0.0;
    // BEGIN SOLUTION: the non-saturating loss -log D(G(z)), averaged over B, and its gradient
    // L_G = (1/B) sum s(-f_i);  df = (sigma(f) - 1)/B
    for (int i = 0; i < B; i++) {
        loss += softplus(-fake[i]);
        // MUTANT saturating: loss -= softplus(fake[i]);
        if (dfake) dfake[i] = (wb_sigmoid(fake[i]) - 1.0f) / (float)B;
        // MUTANT saturating_grad: if (dfake) dfake[i] = -wb_sigmoid(fake[i]) / (float)B;
    }
    // END SOLUTION
    // STUB: (void)fake, (void)dfake;
    return (float)(loss / B);
}

void gan_init(gan *g, int nx, int nz, int ng, const int *g_hidden, int nd, const int *d_hidden,
              activation hidden_act, activation out_act, int max_batch, float lr, wb_rng *rng) {
    WB_CHECK(ng >= 0 && ng < MLP_MAX_LAYERS && nd >= 0 && nd < MLP_MAX_LAYERS,
             "hidden layers must be in 0..%d, got %d for G and %d for D", MLP_MAX_LAYERS - 1, ng, nd);
    WB_CHECK(nx > 0 && nz > 0 && max_batch > 0, "nx = %d, nz = %d, max_batch = %d", nx, nz, max_batch);
    *g = (gan){.nz = nz, .nx = nx, .max_batch = max_batch, .real_label = 1.0f};
    int gs[MLP_MAX_LAYERS + 1], ds[MLP_MAX_LAYERS + 1];
    activation ga[MLP_MAX_LAYERS], da[MLP_MAX_LAYERS];
    gs[0] = nz, ds[0] = nx;
    for (int l = 0; l < ng; l++) gs[l + 1] = g_hidden[l], ga[l] = hidden_act;
    for (int l = 0; l < nd; l++) ds[l + 1] = d_hidden[l], da[l] = hidden_act;
    gs[ng + 1] = nx, ds[nd + 1] = 1, ga[ng] = out_act, da[nd] = ACT_NONE;
    mlp_init(&g->G, ng + 1, gs, ga, max_batch, rng);
    mlp_init(&g->D, nd + 1, ds, da, 2 * max_batch, rng);
    opt_init(&g->opt_g, OPT_ADAM, g->G.params.size, lr);
    opt_init(&g->opt_d, OPT_ADAM, g->D.params.size, lr);
    g->opt_g.beta1 = g->opt_d.beta1 = 0.5f; /* Radford et al. 2016: 0.9 makes GANs oscillate */
    g->xd = wb_calloc((size_t)2 * max_batch * nx, sizeof(float));
    g->dlogit = wb_calloc((size_t)2 * max_batch, sizeof(float));
    g->dx = wb_calloc((size_t)max_batch * nx, sizeof(float));
}

void gan_free(gan *g) {
    mlp_free(&g->G), mlp_free(&g->D);
    opt_free(&g->opt_g), opt_free(&g->opt_d);
    free(g->xd), free(g->dlogit), free(g->dx);
    *g = (gan){0};
}

float gan_d_step(gan *g, const float *real, const float *z, int B) {
    WB_CHECK(B > 0 && B <= g->max_batch, "batch of %d, but the GAN has room for %d", B, g->max_batch);
    size_t half = (size_t)B * g->nx;
    // xd (2B,nx) = [real ; G(z)]: the fakes are data for D, G only runs forward
    for (size_t i = 0; i < half; i++) g->xd[i] = real[i];
    mlp_forward(&g->G, z, B);
    const float *fake = mlp_output(&g->G);
    for (size_t i = 0; i < half; i++) g->xd[half + i] = fake[i];
    mlp_forward(&g->D, g->xd, 2 * B);
    const float *logit = mlp_output(&g->D); /* (2B): real logits, then fake logits */
    float loss = gan_d_loss(logit, logit + B, B, g->dlogit, g->dlogit + B);
    /* One-sided label smoothing (Salimans et al. 2016): reals labelled real_label < 1 instead of 1.
       The loss (1/B) sum [t s(-r) + (1 - t) s(r)] has the gradient (sigma(r) - t)/B, which is
       gan_d_loss's (sigma(r) - 1)/B plus (1 - t)/B; the value returned stays the one for t = 1. */
    for (int i = 0; i < B && g->real_label != 1.0f; i++) g->dlogit[i] += (1.0f - g->real_label) / (float)B;
    // D's gradient from both halves at once, then one step of D's optimiser
    mlp_backward(&g->D, g->xd, g->dlogit, 2 * B);
    opt_step(&g->opt_d, g->D.params.data, g->D.grads.data);
    return loss;
}

float gan_g_step(gan *g, const float *z, int B) {
    WB_CHECK(B > 0 && B <= g->max_batch, "batch of %d, but the GAN has room for %d", B, g->max_batch);
    float loss = 0.0f;
    // z (B,nz) -> fake (B,nx) -> logits f (B) -> L_G;  then back: df (B) -> dx (B,nx) -> G.grads
    // BEGIN SOLUTION: forward G then D, L_G and df; back through D to its input, then G; step G only
    mlp_forward(&g->G, z, B);
    // MUTANT g_step_no_g_forward: (void)z;
    // MUTANT g_step_g_forward_max_batch: mlp_forward(&g->G, z, g->max_batch);
    const float *fake = mlp_output(&g->G);
    mlp_forward(&g->D, fake, B);
    // MUTANT g_step_no_d_forward: (void)fake;
    loss = gan_g_loss(mlp_output(&g->D), B, g->dlogit);
    // MUTANT g_loss_over_max: loss = gan_g_loss(mlp_output(&g->D), g->max_batch, g->dlogit);
    mlp_backward(&g->D, fake, g->dlogit, B);
    // MUTANT g_step_no_d_backward: (void)fake;
    mlp_input_grad(&g->D, B, g->dx);
    mlp_backward(&g->G, z, g->dx, B);
    // MUTANT not_through_d: mlp_backward(&g->G, z, g->dlogit, B);
    // MUTANT g_step_g_backward_max_batch: mlp_backward(&g->G, z, g->dx, g->max_batch);
    opt_step(&g->opt_g, g->G.params.data, g->G.grads.data);
    // MUTANT wrong_player_steps: opt_step(&g->opt_d, g->D.params.data, g->D.grads.data);
    // MUTANT g_step_opt_d_state: opt_step(&g->opt_d, g->G.params.data, g->G.grads.data);
    // END SOLUTION
    // STUB: (void)z;
    return loss;
}
