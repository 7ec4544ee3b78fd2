/* week07.h — the functions you write this week, in working order: optim.c, cost.c, regularize.c,
 * dropout.c, batchnorm.c, deepnet.c. The tests (test_*.c) and the experiments (driver.c) call them;
 * the notes are in the .c files.
 *
 * The optimisers and schedules of optim.c are also what weeks 10–15 train with (they link this
 * week's reference solution), so that part of the interface stays exactly as it is:
 *
 *     optimizer opt;
 *     opt_init(&opt, OPT_ADAM, net.params.size, 1e-3f);        // defaults for Adam, zeroed state
 *     for (int step = 0; step < steps; step++) {
 *         ... forward, loss, backward: net.grads ...
 *         clip_grad_norm(net.grads.data, net.grads.size, 5.0f);  // optional
 *         opt.lr = lr_warmup_cosine(step, 100, steps, 1e-3f, 1e-5f);  // optional
 *         opt_step(&opt, net.params.data, net.grads.data);
 *     }
 *     opt_free(&opt);
 *
 * Linking this week's reference code needs week 05's too (WEEK_DEPS := week05 week07): the deep
 * network of deepnet.c uses week 05's activations and initialisations.
 */
#ifndef WEEK07_H
#define WEEK07_H

#include <stddef.h>
#include <stdint.h>

#include "week05.h"
#include "wb.h"

/* ---- optim.c: optimisers, gradient clipping, learning-rate schedules ---- */
typedef enum { OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_RMSPROP, OPT_ADAGRAD, OPT_ADAM } opt_kind;
extern const char *const opt_kind_name[];  /* "sgd", "momentum", ... indexed by opt_kind */

typedef struct {
    opt_kind kind;
    float lr;            /* learning rate (a schedule may overwrite it before each step) */
    float momentum;      /* momentum / Nesterov: mu (default 0.9) */
    float beta1, beta2;  /* Adam: 0.9, 0.999; RMSProp uses beta2 as its decay rate (0.9) */
    float eps;           /* Adam/RMSProp/Adagrad: 1e-8 */
    long t;              /* steps taken so far; 0 after opt_init, so Adam's first step uses t = 1 */
    size_t n;            /* number of parameters */
    float *m, *v;        /* per-parameter state, n floats each, zeroed by opt_init */
} optimizer;

/* Set defaults for kind, allocate and zero the state for n parameters. */
void opt_init(optimizer *o, opt_kind kind, size_t n, float lr);
/* One step: params -= (update computed from grads and the state); increments o->t first. */
void opt_step(optimizer *o, float *params, const float *grads);
void opt_free(optimizer *o);

/* Scale grads in place so their global L2 norm is at most max_norm; returns the norm before. */
float clip_grad_norm(float *grads, size_t n, float max_norm);

/* Linear warm-up for `warmup` steps from lr_max/warmup to lr_max, then cosine decay to lr_min at
 * step `total`; step counts from 0: step 0 gives lr_max * 1/warmup. */
float lr_warmup_cosine(int step, int warmup, int total, float lr_max, float lr_min);
/* Exponential decay: lr0 * gamma^epoch (epoch from 0). Step decay is week 06's lr_at_epoch. */
float lr_exponential(int epoch, float lr0, float gamma);

/* ---- cost.c: the learning slowdown (Nielsen ch. 3), one sigmoid neuron or a layer of them ---- */
/* Both costs take the pre-activations z (B,C) of sigmoid outputs a = sigma(z) and targets y (B,C)
   in [0,1], return the cost averaged over the B examples (summed over the C outputs), and if dz is
   not NULL write dcost/dz (B,C) there. */
/* Quadratic: (1/B) sum 0.5 (a - y)^2;  dz = (a - y) sigma'(z) / B. */
float quadratic_cost(const float *z, const float *y, int B, int C, float *dz);
/* Cross-entropy: -(1/B) sum [y ln a + (1 - y) ln(1 - a)], finite for any z;  dz = (a - y) / B. */
float sigmoid_xent_cost(const float *z, const float *y, int B, int C, float *dz);
typedef enum { COST_QUADRATIC, COST_CROSS_ENTROPY } cost_kind;
/* Nielsen's one-neuron example: a = sigma(w x + b) trained towards y by gradient descent on the
   chosen cost for `epochs` steps at rate lr, from *w, *b (updated). costs (epochs), if not NULL,
   receives the cost before each step. Returns the output a after the last step. */
float train_neuron(cost_kind kind, float *w, float *b, float x, float y, float lr, int epochs, float *costs);

/* ---- regularize.c: weight penalties ---- */
/* Over the parameter tensors of p that are weight matrices (ndim == 2; biases, batch norm's gamma
   and beta are vectors and are left alone): add the penalty's gradient to the same tensors of g
   (same layout as p, e.g. an mlp's params and grads, after the backward pass) and return the
   penalty. L2: (lambda/2) sum w^2, gradient lambda w.  L1: lambda sum |w|, gradient lambda sign(w). */
float l2_penalty(const wb_params *p, wb_params *g, float lambda);
float l1_penalty(const wb_params *p, wb_params *g, float lambda);

/* ---- dropout.c: inverted dropout ---- */
/* x (n) -> y (n). Training (train != 0): unit i is dropped (y = 0) when the i-th draw of
   wb_rng_uniform(rng) is < p, and kept units are scaled by 1/(1-p); mask (n) receives 0 or 1/(1-p).
   Evaluation (train == 0): y = x, and neither mask nor rng is touched. p in [0,1). */
void dropout_forward(const float *x, float *y, float *mask, long n, float p, int train, wb_rng *rng);
/* dy (n) -> dx (n): dy * mask after a training forward, dy itself after an evaluation one. */
void dropout_backward(const float *dy, const float *mask, float *dx, long n, int train);

/* ---- batchnorm.c: batch normalization (Ioffe & Szegedy 2015) over a minibatch ---- */
typedef struct batchnorm {
    int C, max_batch;
    float momentum;                     /* running <- (1 - momentum) running + momentum batch; 0.1 */
    float eps;                          /* added to the variance: 1e-5 */
    float *running_mean, *running_var;  /* (C): start at 0 and 1; used in evaluation */
    float *mean, *invstd;               /* (C): the last forward's, 1/sqrt(var + eps) */
    float *xhat;                        /* (max_batch, C): the last forward's normalised inputs */
} batchnorm;
void bn_init(batchnorm *bn, int C, int max_batch);
void bn_free(batchnorm *bn);
/* x (B,C) -> y (B,C) = gamma * xhat + beta, gamma and beta (C). Training: xhat from the batch's mean
   and (biased) variance, and the running statistics move towards the batch's (the running variance
   with the unbiased B/(B-1) variance, as PyTorch does); B >= 2. Evaluation: xhat from the running
   statistics, which do not change. */
void bn_forward(batchnorm *bn, const float *x, float *y, const float *gamma, const float *beta, int B, int train);
/* After a training bn_forward of B rows: dy (B,C) -> dx (B,C), dgamma and dbeta (C) (overwritten). */
void bn_backward(const batchnorm *bn, const float *dy, const float *gamma, float *dx, float *dgamma, float *dbeta,
                 int B);

/* ---- deepnet.c: a deep network with batch norm and dropout, and its gradients layer by layer ---- */
#define DN_MAX_LAYERS 16
typedef struct dn_layer {
    int in, out;
    activation act;          /* ACT_NONE, ACT_RELU or ACT_SIGMOID */
    int norm;                /* 1: batch norm between the product and the activation */
    float drop;              /* dropout probability after the activation, 0 for none */
    wb_tensor W, b, gamma;   /* (out,in), (out), (out): views into params; with norm, b is BN's beta
                                and the product has no bias of its own; gamma only with norm */
    wb_tensor dW, db, dgamma;  /* their gradients: views into grads */
    batchnorm bn;
    float *z;                /* (max_batch,out): x W^T (+ b without norm) */
    float *h;                /* (max_batch,out): batch norm's output (z itself without norm) */
    float *a;                /* (max_batch,out): the activation's output f(h) */
    float *mask, *y;         /* (max_batch,out): dropout's mask, and the layer's output (a itself
                                without dropout) */
} dn_layer;

typedef struct deepnet {
    int nlayers, max_batch;
    dn_layer layer[DN_MAX_LAYERS];
    wb_params params, grads;
    float *delta[3];         /* backward scratch, (max_batch, widest layer) each */
} deepnet;

/* Layers l = 0..nlayers-1 from sizes[l] to sizes[l+1] with activation acts[l], weights N(0, std^2)
   with init_std(init, in, out) (week 05), biases 0, gamma 1. Batch norm (norm != 0) and dropout
   (drop > 0) go on every layer but the last. Do not copy a deepnet by value. */
void deepnet_init(deepnet *n, int nlayers, const int *sizes, const activation *acts, int norm, float drop,
                  init_scheme init, int max_batch, wb_rng *rng);
void deepnet_free(deepnet *n);
/* x (B, sizes[0]) -> deepnet_output (B, sizes[nlayers]). train selects batch norm's and dropout's
   mode; rng draws the dropout masks (may be NULL when there is no dropout or train == 0). */
void deepnet_forward(deepnet *n, const float *x, int B, int train, wb_rng *rng);
const float *deepnet_output(const deepnet *n);
/* After deepnet_forward(n, x, B, 1, ...): dout (B, sizes[nlayers]) -> n->grads (overwritten). */
void deepnet_backward(deepnet *n, const float *x, const float *dout, int B);
/* norms[l] = the Frobenius norm of layer l's weight gradient, ||dL/dW_l||, for l < nlayers. */
void layer_grad_norms(const deepnet *n, float *norms);

#endif
