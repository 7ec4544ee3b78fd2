/* week13.h — the functions you write this week, in working order: gan.c, vae.c. The tests
 * (test_*.c) and the program (driver.c) call them; the notes are in the .c files.
 *
 * Both models are built from week 05's multilayer perceptron (mlp_init, mlp_forward, mlp_backward)
 * and trained with week 07's Adam (opt_init, opt_step), linked from their reference solutions:
 *
 *     gan g;   gan_init(&g, 1, 4, 2, (int[]){32, 32}, 2, (int[]){32, 32}, ACT_RELU, ACT_NONE, 64, 1e-3f, &rng);
 *     float ld = gan_d_step(&g, real, z, B);    // D learns: real -> 1, G(z) -> 0; G untouched
 *     float lg = gan_g_step(&g, z, B);          // G learns to make D say 1; D untouched
 *
 *     vae v;   vae_init(&v, 784, 400, 20, 128, &rng);
 *     float loss = vae_forward(&v, x, eps, B);  // negative ELBO, nats per example (mean over B)
 *     vae_backward(&v, x, B);                   // v.enc.grads, v.dec.grads
 */
#ifndef WEEK13_H
#define WEEK13_H

#include "week05.h"
#include "week07.h"
#include "wb.h"

/* ---- given: the gradient with respect to an mlp's input ---- */
/* After mlp_backward(m, x, dout, B): dx (B, sizes[0]) = dL/dx, the gradient that flows on into
   whatever produced x (the generator, the VAE's sampling step). m->grads is left as it is. */
void mlp_input_grad(const mlp *m, int B, float *dx);

/* ---- gan.c: the losses of a GAN and one training step of each player ---- */
/* log(1 + e^x), finite for every float x, and accurate to float precision also where it is tiny
   (softplus(1000) = 1000, softplus(-20) = 2.0611536e-9, softplus(-1000) = 0). */
float softplus(float x);
/* The discriminator's loss: real (B) and fake (B) are D's logits on real and generated samples.
   L_D = (1/B) sum_i [ -log D(x_i) ] + (1/B) sum_i [ -log(1 - D(G(z_i))) ],  D = sigmoid(logit):
   real samples labelled 1, fakes labelled 0. dreal, dfake (B), if not NULL: dL_D/dlogits. */
float gan_d_loss(const float *real, const float *fake, int B, float *dreal, float *dfake);
/* The non-saturating generator loss: L_G = (1/B) sum_i [ -log D(G(z_i)) ] over D's logits on
   fakes (B). dfake (B), if not NULL: dL_G/dlogits. */
float gan_g_loss(const float *fake, int B, float *dfake);

typedef struct gan {
    int nz, nx, max_batch;
    float real_label;      /* the reals' target in D's step: 1, or 0.9 for one-sided label smoothing */
    mlp G;                 /* nz -> hidden... -> nx (output activation out_act): the generator */
    mlp D;                 /* nx -> hidden... -> 1 logit: the discriminator; max_batch 2 B */
    optimizer opt_g, opt_d;  /* Adam (beta1 = 0.5, as DCGAN) over G.params and D.params */
    float *xd;             /* (2 max_batch, nx) D's input in its step: real rows, then fake rows */
    float *dlogit;         /* (2 max_batch) dL/d(D's logits) */
    float *dx;             /* (max_batch, nx) dL_G/d(G's output), through D */
} gan;
/* G: nz -> g_hidden[0..ng-1] -> nx with out_act; D: nx -> d_hidden[0..nd-1] -> 1; the hidden
   layers' activation hidden_act (ACT_RELU, or ACT_LEAKY as in the classic MLP GAN).
   real_label starts at 1 (no label smoothing). */
void gan_init(gan *g, int nx, int nz, int ng, const int *g_hidden, int nd, const int *d_hidden,
              activation hidden_act, activation out_act, int max_batch, float lr, wb_rng *rng);
void gan_free(gan *g);
/* One step of D on real (B,nx) and G(z), z (B,nz): returns L_D before the step (with the reals
   labelled 1, whatever real_label is). G is not changed. */
float gan_d_step(gan *g, const float *real, const float *z, int B);
/* One step of G on z (B,nz): returns L_G before the step. D's parameters are not changed; G.grads
   holds dL_G/d(G's parameters) (through D), D.grads is overwritten (scratch). */
float gan_g_step(gan *g, const float *z, int B);

/* ---- vae.c: a variational autoencoder (Kingma & Welling 2013) ---- */
/* Bernoulli cross-entropy from logits (B,D) against targets x (B,D) in [0,1], summed over the D
   pixels and averaged over the B examples: (1/B) sum -[x log p + (1-x) log(1-p)], p = sigmoid(l).
   Finite for any logits. dlogits (B,D), if not NULL: the gradient of that value. */
float bce_logits(const float *logits, const float *x, int B, int D, float *dlogits);
/* KL( N(mu, exp(logvar)) || N(0, I) ), summed over the Z latent dimensions and averaged over the B
   examples; mu, logvar (B,Z). dmu, dlogvar (B,Z), if not NULL: its gradient (overwritten). */
float kl_normal(const float *mu, const float *logvar, int B, int Z, float *dmu, float *dlogvar);
/* The reparameterised sample z = mu + sigma eps with sigma = exp(logvar / 2); all (n). */
void reparam_forward(const float *mu, const float *logvar, const float *eps, float *z, long n);
/* Given dz = dL/dz (n): ADD dL/dmu and dL/dlogvar through z to dmu and dlogvar (n). */
void reparam_backward(const float *dz, const float *logvar, const float *eps, float *dmu, float *dlogvar,
                      long n);

typedef struct vae {
    int nx, nh, nz, max_batch;
    mlp enc;               /* nx -> nh (ReLU) -> 2 nz: each row is [mu (nz) | logvar (nz)] */
    mlp dec;               /* nz -> nh (ReLU) -> nx: the logits of the pixels' Bernoulli means */
    float *mu, *logvar;    /* (max_batch, nz) the last forward's */
    float *eps, *z;        /* (max_batch, nz) its noise and sample */
    float *dmu, *dlogvar, *dz;  /* (max_batch, nz) backward scratch */
    float *denc;           /* (max_batch, 2 nz) dL/d(encoder output) */
    float *dlogits;        /* (max_batch, nx) dL/d(decoder logits), written by vae_forward */
    float rec, kl;         /* the last forward's two terms, nats per example */
} vae;
void vae_init(vae *v, int nx, int nh, int nz, int max_batch, wb_rng *rng);
void vae_free(vae *v);
/* x (B,nx) in [0,1], eps (B,nz) ~ N(0,1): the negative ELBO, rec + kl, nats per example. */
float vae_forward(vae *v, const float *x, const float *eps, int B);
/* After vae_forward(v, x, eps, B): v->enc.grads and v->dec.grads = d(-ELBO)/d(parameters). */
void vae_backward(vae *v, const float *x, int B);
/* z (B,nz) -> out (B,nx): the decoder's Bernoulli means sigmoid(logits), for pictures. */
void vae_decode(vae *v, const float *z, int B, float *out);

#endif
