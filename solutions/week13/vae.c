/**
# The variational autoencoder

Week 04's autoencoder squeezes an image into a code and back, but its codes fill some odd-shaped
region of the code space: pick a code at random and the decoder draws nonsense. Kingma and Welling
(2013) make the code space a probability distribution you can sample from. The model is a latent
variable $z \sim p(z) = \mathcal N(0, I)$ and a decoder $p_\theta(x \mid z)$: here each of the 784
pixels is a Bernoulli variable with mean $\sigma(\ell_j(z))$, the logits $\ell$ coming from an MLP.

## The evidence lower bound

The likelihood $\log p_\theta(x) = \log \int p_\theta(x \mid z)\,p(z)\,dz$ has no closed form. An
**encoder** $q_\phi(z \mid x) = \mathcal N(\mu(x), \operatorname{diag}\sigma^2(x))$ guesses which
codes could have made $x$, and Jensen's inequality gives a bound we can compute and optimise:

$$ \log p_\theta(x) \;\ge\; \mathbb E_{q_\phi(z\mid x)}\bigl[\log p_\theta(x \mid z)\bigr]
   - \mathrm{KL}\bigl(q_\phi(z \mid x) \,\|\, p(z)\bigr) = \text{ELBO}. $$

The loss is the **negative ELBO**, in nats per image: a reconstruction term plus a KL term.

**Reconstruction.** With Bernoulli pixels, $-\log p_\theta(x \mid z)$ is the cross-entropy of the
pixels $x_j \in [0,1]$ against the means $p_j = \sigma(\ell_j)$, **summed** over the 784 pixels
(it is the log-probability of the whole image). From logits, with week 07's trick,

$$ -[x \log p + (1-x)\log(1-p)] = \max(\ell,0) - x\ell + \log(1 + e^{-|\ell|}), \qquad
   \frac{\partial}{\partial \ell} = \sigma(\ell) - x, $$

finite for any $\ell$. Averaged per pixel instead of summed, the term would be 784 times too small
against the KL term, and the model would ignore the images: whatever you choose, the value and the
gradient must agree, and the ELBO needs the sum.

**KL.** Between two Gaussians the KL divergence is closed-form. Per latent dimension, with the
encoder outputting $v = \log \sigma^2$ (any real number, unlike $\sigma$ itself),

$$ \mathrm{KL}\bigl(\mathcal N(\mu, \sigma^2) \,\|\, \mathcal N(0,1)\bigr)
   = -\tfrac12\bigl(1 + v - \mu^2 - e^{v}\bigr), \qquad
   \frac{\partial}{\partial \mu} = \mu, \quad \frac{\partial}{\partial v} = \tfrac12(e^v - 1). $$

It is zero exactly when $\mu = 0$ and $v = 0$, and positive otherwise.

## The reparameterisation trick

The expectation over $q_\phi$ is estimated with one sample per image. To let gradients flow into
the encoder through the sample, draw the randomness first, $\varepsilon \sim \mathcal N(0, I)$, and
make $z$ a deterministic function of it:

$$ z = \mu + \sigma \odot \varepsilon, \qquad \sigma = e^{v/2}, \qquad
   \frac{\partial z}{\partial \mu} = 1, \quad
   \frac{\partial z}{\partial v} = \tfrac12\,\sigma\,\varepsilon. $$

The encoder's last layer has $2 \times 20$ outputs per image: the first 20 are $\mu$, the last 20 are
$v = \log\sigma^2$. Its gradient gathers two contributions: the KL term's, directly, and the
reconstruction's, through $z$.
*/
#include "week13.h"

#include <math.h>
#include <stdlib.h>

float bce_logits(const float *logits, const float *x, int B, int D, float *dlogits) {
    WB_CHECK(B > 0 && D > 0, "shape (%d,%d)", B, D);
    double loss = 0.0;
    // BEGIN SOLUTION: the stable cross-entropy, summed over the D pixels, averaged over B; its gradient
    // loss = (1/B) sum_b sum_j [ max(l,0) - x l + log(1 + e^-|l|) ];  dl = (sigma(l) - x) / B
    for (long i = 0; i < (long)B * D; i++) {
        float l = logits[i];
        loss += fmaxf(l, 0.0f) - x[i] * l + log1pf(expf(-fabsf(l)));
        // MUTANT bce_logf_not_log1p: loss += fmaxf(l, 0.0f) - x[i] * l + logf(1.0f + expf(-fabsf(l)));
        // MUTANT bce_naive: loss -= x[i] * logf(wb_sigmoid(l)) + (1.0f - x[i]) * logf(1.0f - wb_sigmoid(l));
        if (dlogits) dlogits[i] = (wb_sigmoid(l) - x[i]) / (float)B;
        // MUTANT grad_per_pixel: if (dlogits) dlogits[i] = (wb_sigmoid(l) - x[i]) / ((float)B * (float)D);
    }
    // END SOLUTION
    // STUB: (void)logits, (void)x, (void)dlogits;
    return (float)(loss / B);
}

float kl_normal(const float *mu, const float *logvar, int B, int Z, float *dmu, float *dlogvar) {
    WB_CHECK(B > 0 && Z > 0, "shape (%d,%d)", B, Z);
    double kl = 0.0;
    // BEGIN SOLUTION: closed-form KL per dimension from mu and v = log sigma^2, averaged over B; its gradient
    // kl = (1/B) sum -1/2 (1 + v - mu^2 - e^v);  dmu = mu / B,  dv = (e^v - 1) / (2B)
    for (long i = 0; i < (long)B * Z; i++) {
        float m = mu[i], v = logvar[i];
        kl += -0.5 * (1.0 + v - (double)m * m - exp(v));
        // MUTANT kl_sign: kl += 0.5 * (1.0 + v - (double)m * m - exp(v));
        // MUTANT kl_no_half: kl += -(1.0 + v - (double)m * m - exp(v));
        // MUTANT kl_sigma_stored: kl += -0.5 * (1.0 + log((double)v * v) - (double)m * m - (double)v * v);
        if (dmu) dmu[i] = m / (float)B;
        if (dlogvar) dlogvar[i] = 0.5f * (expf(v) - 1.0f) / (float)B;
        // MUTANT dlogvar_if_dmu: if (dmu) dlogvar[i] = 0.5f * (expf(v) - 1.0f) / (float)B;
        // MUTANT kl_grad_no_half: if (dlogvar) dlogvar[i] = (expf(v) - 1.0f) / (float)B;
    }
    // END SOLUTION
    // STUB: (void)mu, (void)logvar, (void)dmu, (void)dlogvar;
    return (float)(kl / B);
}

void reparam_forward(const float *mu, const float *logvar, const float *eps, float *z, long n) {
    // BEGIN SOLUTION: z = mu + sigma eps, with sigma recovered from the stored log sigma^2
    for (long i = 0; i < n; i++) z[i] = mu[i] + expf(0.5f * logvar[i]) * eps[i];
    // MUTANT sigma_is_logvar: for (long i = 0; i < n; i++) z[i] = mu[i] + logvar[i] * eps[i];
    // MUTANT variance_for_sigma: for (long i = 0; i < n; i++) z[i] = mu[i] + expf(logvar[i]) * eps[i];
    // END SOLUTION
    // STUB: (void)mu, (void)logvar, (void)eps, (void)z, (void)n;
}

void reparam_backward(const float *dz, const float *logvar, const float *eps, float *dmu, float *dlogvar,
                      long n) {
    // BEGIN SOLUTION: add dz dz/dmu to dmu, dz dz/dv to dlogvar (chain rule through z = mu + e^(v/2) eps)
    for (long i = 0; i < n; i++) {
        dmu[i] += dz[i];
        dlogvar[i] += dz[i] * 0.5f * expf(0.5f * logvar[i]) * eps[i];
        // MUTANT reparam_grad_no_half: dlogvar[i] += dz[i] * expf(0.5f * logvar[i]) * eps[i];
        // MUTANT reparam_grad_overwrites: dlogvar[i] = dz[i] * 0.5f * expf(0.5f * logvar[i]) * eps[i];
    }
    // END SOLUTION
    // STUB: (void)dz, (void)logvar, (void)eps, (void)dmu, (void)dlogvar, (void)n;
}

/* W ~ N(0, 1/(3 fan_in)), drawn again over what mlp_init drew. */
static void linear_default_init(dense *d, wb_rng *rng) {
    wb_rng_fill_normal(rng, d->W.data, (long)d->W.size, 1.0f / sqrtf(3.0f * (float)d->in));
}

void vae_init(vae *v, int nx, int nh, int nz, int max_batch, wb_rng *rng) {
    WB_CHECK(nx > 0 && nh > 0 && nz > 0 && max_batch > 0, "nx = %d, nh = %d, nz = %d, max_batch = %d", nx, nh,
             nz, max_batch);
    *v = (vae){.nx = nx, .nh = nh, .nz = nz, .max_batch = max_batch};
    mlp_init(&v->enc, 2, (int[]){nx, nh, 2 * nz}, (activation[]){ACT_RELU, ACT_NONE}, max_batch, rng);
    mlp_init(&v->dec, 2, (int[]){nz, nh, nx}, (activation[]){ACT_RELU, ACT_NONE}, max_batch, rng);
    /* Smaller weights than week 05's He/Xavier scales: std 1/sqrt(3 fan_in), the spread of
       PyTorch's nn.Linear default (uniform in +-1/sqrt(fan_in)), which the reference example the
       targets quote uses. Measured on full MNIST, 784-400-20, 10 epochs: test loss 105.1 nats
       per image, against 106.0 from the He/Xavier scales. (The biases stay 0.) */
    for (int l = 0; l < 2; l++) {
        linear_default_init(&v->enc.layer[l], rng);
        linear_default_init(&v->dec.layer[l], rng);
    }
    size_t bz = (size_t)max_batch * nz;
    v->mu = wb_calloc(bz, sizeof(float)), v->logvar = wb_calloc(bz, sizeof(float));
    v->eps = wb_calloc(bz, sizeof(float)), v->z = wb_calloc(bz, sizeof(float));
    v->dmu = wb_calloc(bz, sizeof(float)), v->dlogvar = wb_calloc(bz, sizeof(float));
    v->dz = wb_calloc(bz, sizeof(float)), v->denc = wb_calloc(2 * bz, sizeof(float));
    v->dlogits = wb_calloc((size_t)max_batch * nx, sizeof(float));
}

void vae_free(vae *v) {
    mlp_free(&v->enc), mlp_free(&v->dec);
    free(v->mu), free(v->logvar), free(v->eps), free(v->z);
    free(v->dmu), free(v->dlogvar), free(v->dz), free(v->denc), free(v->dlogits);
    *v = (vae){0};
}

float vae_forward(vae *v, const float *x, const float *eps, int B) {
    WB_CHECK(B > 0 && B <= v->max_batch, "batch of %d, but the VAE has room for %d", B, v->max_batch);
    int Z = v->nz;
    mlp_forward(&v->enc, x, B);
    const float *h = mlp_output(&v->enc); /* (B, 2Z): [mu | logvar] in each row */
    // BEGIN SOLUTION: copy each row's first Z outputs to mu (B,Z), its last Z to logvar (B,Z)
    for (int b = 0; b < B; b++)
        for (int j = 0; j < Z; j++) {
            v->mu[(size_t)b * Z + j] = h[(size_t)b * 2 * Z + j];
            v->logvar[(size_t)b * Z + j] = h[(size_t)b * 2 * Z + Z + j];
            // MUTANT logvar_from_mu_half: v->logvar[(size_t)b * Z + j] = h[(size_t)b * 2 * Z + j];
        }
    // END SOLUTION
    // STUB: (void)h, (void)Z;
    for (long i = 0; i < (long)B * Z; i++) v->eps[i] = eps[i];
    // z (B,Z) = mu + sigma eps;  logits (B,nx) = dec(z)
    reparam_forward(v->mu, v->logvar, v->eps, v->z, (long)B * Z);
    mlp_forward(&v->dec, v->z, B);
    v->rec = bce_logits(mlp_output(&v->dec), x, B, v->nx, v->dlogits);
    v->kl = kl_normal(v->mu, v->logvar, B, Z, v->dmu, v->dlogvar);
    return v->rec + v->kl;
}

void vae_backward(vae *v, const float *x, int B) {
    WB_CHECK(B > 0 && B <= v->max_batch, "batch of %d, but the VAE has room for %d", B, v->max_batch);
    int Z = v->nz;
    // the decoder from dlogits (B,nx): its parameters' gradient, and dz (B,Z)
    mlp_backward(&v->dec, v->z, v->dlogits, B);
    mlp_input_grad(&v->dec, B, v->dz);
    // dmu, dlogvar hold the KL's gradient (vae_forward); add the reconstruction's through z
    reparam_backward(v->dz, v->logvar, v->eps, v->dmu, v->dlogvar, (long)B * Z);
    // BEGIN SOLUTION: gather denc (B,2Z): each row's dmu in its first Z places, its dlogvar in the last Z
    for (int b = 0; b < B; b++)
        for (int j = 0; j < Z; j++) {
            v->denc[(size_t)b * 2 * Z + j] = v->dmu[(size_t)b * Z + j];
            v->denc[(size_t)b * 2 * Z + Z + j] = v->dlogvar[(size_t)b * Z + j];
            // MUTANT denc_swapped: v->denc[(size_t)b * 2 * Z + Z + j] = v->dmu[(size_t)b * Z + j];
        }
    // END SOLUTION
    mlp_backward(&v->enc, x, v->denc, B);
}

void vae_decode(vae *v, const float *z, int B, float *out) {
    WB_CHECK(B > 0 && B <= v->max_batch, "batch of %d, but the VAE has room for %d", B, v->max_batch);
    mlp_forward(&v->dec, z, B);
    const float *l = mlp_output(&v->dec);
    for (long i = 0; i < (long)B * v->nx; i++) out[i] = wb_sigmoid(l[i]);
}
