/* week04.h — the functions you write this week (in optim.c and deep_ae.c).
 * The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c files.
 * The PCA baseline is week 03's reference code (week03.h), linked in through week.mk.
 *
 *     deep_ae ae;
 *     int hidden[] = {256, 128};                      // encoder 784-256-128-32, decoder mirrored
 *     deep_ae_init(&ae, 784, 2, hidden, 32, 128, &rng);
 *     adam opt;  adam_init(&opt, ae.params.size, 1e-3f);
 *     float loss = deep_ae_train_step(&ae, &opt, x, B);    // x (B,784) in [0,1]
 *     deep_ae_forward(&ae, x, B);  deep_ae_code(&ae);  deep_ae_output(&ae);
 */
#ifndef WEEK04_H
#define WEEK04_H

#include "wb.h"

/* ---- optim.c: optimizers that adapt the step size of every parameter ---- */
typedef struct adam {
    long n;             /* number of parameters */
    float *m, *v;       /* running means of the gradient and of its square (n each) */
    long t;             /* steps taken so far */
    float lr, beta1, beta2, eps;
} adam;
/* lr as given; beta1 = 0.9, beta2 = 0.999, eps = 1e-8 (Kingma & Ba's defaults); m = v = 0, t = 0. */
void adam_init(adam *o, long n, float lr);
/* One step: params (n) -= the Adam update computed from grads (n). */
void adam_step(adam *o, float *params, const float *grads);
void adam_free(adam *o);

typedef struct rmsprop {
    long n;
    float *v;           /* running mean of the squared gradient (n) */
    float lr, decay, eps;
} rmsprop;
/* lr as given; decay = 0.9, eps = 1e-8 (Hinton's lecture 6e); v = 0. */
void rmsprop_init(rmsprop *o, long n, float lr);
void rmsprop_step(rmsprop *o, float *params, const float *grads);
void rmsprop_free(rmsprop *o);

/* ---- deep_ae.c: a deep autoencoder ---- */
#define DEEP_AE_MAX_HIDDEN 4
#define DEEP_AE_MAX_LAYERS (2 * DEEP_AE_MAX_HIDDEN + 2)

typedef enum { AE_LINEAR, AE_RELU, AE_SIGMOID } ae_act;

/* One dense layer out = act(in . W^T + b), W (out,in), b (out): views into deep_ae.params; dW, db
   the same views into deep_ae.grads. */
typedef struct ae_layer {
    int in, out;
    ae_act act;
    wb_tensor W, b, dW, db;
    float *y;           /* (max_batch, out): this layer's output from the last forward pass */
} ae_layer;

typedef struct deep_ae {
    int d, k, nlayers, code_layer, max_batch;
    ae_layer layer[DEEP_AE_MAX_LAYERS];
    wb_params params, grads;   /* every W and b in one buffer; gradients in a second */
    float *delta[2];           /* backward scratch, (max_batch, widest layer) each */
    float *dy;                 /* (max_batch, d): the loss gradient, for deep_ae_train_step */
} deep_ae;

/* Encoder d -> hidden[0] -> ... -> hidden[nhidden-1] -> k, decoder the mirror image back to d.
   Hidden layers are ReLU (He initialisation), the code layer is linear, the output layer a sigmoid
   (pixels are in [0,1]); biases start at 0. nhidden in 1..DEEP_AE_MAX_HIDDEN. Do not copy a
   deep_ae by value: it holds pointers to itself. */
void deep_ae_init(deep_ae *ae, int d, int nhidden, const int *hidden, int k, int max_batch, wb_rng *rng);
void deep_ae_free(deep_ae *ae);
/* x (B,d) -> every layer's output; B <= max_batch. */
void deep_ae_forward(deep_ae *ae, const float *x, int B);
const float *deep_ae_code(const deep_ae *ae);    /* (B,k) after deep_ae_forward */
const float *deep_ae_output(const deep_ae *ae);  /* (B,d) after deep_ae_forward: the reconstruction */
/* After deep_ae_forward(ae, x, B): dy (B,d) = dL/d(output); fills ae->grads (overwritten). */
void deep_ae_backward(deep_ae *ae, const float *x, const float *dy, int B);

/* The mean squared error per pixel of y against x, both (n) numbers: (1/n) sum (y - x)^2, in double;
   if dy is not NULL it receives the gradient 2 (y - x) / n. */
double mse(const float *y, const float *x, long n, float *dy);
/* One minibatch: forward, mse against x itself, backward, adam_step. Returns the loss before the step. */
float deep_ae_train_step(deep_ae *ae, adam *opt, const float *x, int B);
/* The mean squared error per pixel of the reconstructions of X (n,d), in batches of max_batch. */
double deep_ae_eval(deep_ae *ae, const float *X, int n);

#endif
