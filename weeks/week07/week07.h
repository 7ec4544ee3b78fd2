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

#endif
