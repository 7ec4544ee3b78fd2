/* week05.h — the functions you write this week (info.c, softmax_xent.c, init.c, mlp.c, approx.c).
 * The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c files.
 *
 * The multilayer perceptron (mlp.c) is also the network week 06 trains on MNIST, so its interface
 * stays as it is:
 *
 *     mlp net;
 *     int sizes[] = {784, 128, 10};
 *     activation acts[] = {ACT_RELU, ACT_NONE};      // one per layer: hidden ReLU, output logits
 *     wb_rng rng;  wb_rng_seed(&rng, 1);
 *     mlp_init(&net, 2, sizes, acts, 64, &rng);      // room for minibatches of up to 64
 *     mlp_forward(&net, x, B);                       // x (B,784) -> mlp_output(&net) (B,10)
 *     float loss = softmax_xent(mlp_output(&net), labels, B, 10, dlogits);   // mean over the batch
 *     mlp_backward(&net, x, dlogits, B);             // net.grads = dloss/dparams
 *     for (size_t i = 0; i < net.params.size; i++) net.params.data[i] -= lr * net.grads.data[i];
 *     mlp_free(&net);
 */
#ifndef WEEK05_H
#define WEEK05_H

#include "wb.h"

/* ---- info.c: entropy, cross-entropy and KL divergence of discrete distributions, in nats ---- */
double entropy(const double *p, int n);                        /* H(p) = -sum p log p */
double cross_entropy_pq(const double *p, const double *q, int n); /* H(p,q) = -sum p log q */
double kl_divergence(const double *p, const double *q, int n);    /* KL(p||q) = H(p,q) - H(p) */

/* ---- softmax_xent.c: the classifier's output layer and its loss ---- */
/* logits (B,C), labels (B) in [0,C). Returns the mean over the batch of -log softmax(logits)[label];
   if dlogits (B,C) is not NULL it receives the gradient of that mean, (p - y) / B. */
float softmax_xent(const float *logits, const int *labels, int B, int C, float *dlogits);

/* ---- init.c: how big the first random weights should be ---- */
typedef enum { INIT_SMALL, INIT_UNIT, INIT_XAVIER, INIT_HE } init_scheme;
extern const char *const init_scheme_name[];  /* "naive N(0,0.01^2)", ... indexed by init_scheme */
/* The standard deviation of a normal initialisation of a layer with fan_in inputs, fan_out outputs. */
float init_std(init_scheme s, int fan_in, int fan_out);

/* ---- mlp.c: a multilayer perceptron ---- */
#define MLP_MAX_LAYERS 16
/* ACT_LEAKY, the leaky ReLU max(x, 0.2 x) (Maas et al. 2013), is given (written for you in mlp.c):
   week 13's GANs use it, as Radford et al. (2016) do in their discriminator. */
typedef enum { ACT_NONE, ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_LEAKY } activation;
#define MLP_LEAK 0.2f                         /* ACT_LEAKY's slope for x < 0 */
extern const char *const activation_name[];   /* "none", "relu", "tanh", "sigmoid", "leaky relu" */

/* One dense layer: out = act(in . W^T + b). W (out,in), b (out): views into mlp.params (or, in
   mlp.grad, into mlp.grads). */
typedef struct dense {
    int in, out;
    activation act;
    wb_tensor W, b;
} dense;

typedef struct mlp {
    int nlayers, max_batch;
    int sizes[MLP_MAX_LAYERS + 1];   /* sizes[0] inputs, sizes[l+1] outputs of layer l */
    activation acts[MLP_MAX_LAYERS];
    dense layer[MLP_MAX_LAYERS];     /* parameters: views into params */
    dense grad[MLP_MAX_LAYERS];      /* their gradients: views into grads, same layout */
    wb_params params, grads;         /* ALL parameters in one buffer; gradients in a second */
    float *act_out[MLP_MAX_LAYERS];  /* act_out[l] (max_batch, sizes[l+1]): layer l's output */
    float *delta[2];                 /* backward scratch, (max_batch, widest layer) each */
} mlp;

/* Lay out the parameters (W0, b0, W1, b1, ... in that order in params.data) and initialise them:
   W ~ N(0, std^2) with He's std for ReLU layers and Xavier/Glorot's for the others, b = 0.
   nlayers in 1..MLP_MAX_LAYERS; sizes has nlayers+1 entries. The struct holds pointers to itself:
   do not copy an mlp by value (pass pointers). */
void mlp_init(mlp *m, int nlayers, const int *sizes, const activation *acts, int max_batch, wb_rng *rng);
/* x (B, sizes[0]) -> the output (B, sizes[nlayers]), readable with mlp_output. B <= max_batch. */
void mlp_forward(mlp *m, const float *x, int B);
const float *mlp_output(const mlp *m);
/* After mlp_forward(m, x, B): dout (B, sizes[nlayers]) is dL/d(output) for some loss L; fills
   m->grads with dL/dparams (overwriting it: nothing accumulates between calls). Whether L is a sum
   or a mean over the batch is decided by dout alone: softmax_xent's dlogits is for the mean. */
void mlp_backward(mlp *m, const float *x, const float *dout, int B);
void mlp_free(mlp *m);

/* init.c, continued: N(0,1) data (batch,width) through `depth` layers of `width` units with activation
   act and weights N(0, init_std(s,width,width)^2); stds[l] = the standard deviation of layer l's output;
   flat[l] (flat may be NULL) = the fraction of layer l's outputs where the activation's slope is < 0.01. */
void activation_stds(activation act, init_scheme s, int depth, int width, int batch, uint64_t seed, float *stds,
                     float *flat);

/* ---- approx.c: universal approximation in one dimension ---- */
/* Mean squared error of pred (n) against target (n): (1/n) sum (pred - target)^2, and 0 for n = 0
   (no points); if dpred is not NULL it receives the gradient 2 (pred - target) / n. */
float mse_loss(const float *pred, const float *target, int n, float *dpred);
/* Fit a 1 -> hidden -> 1 network (m, already initialised with max_batch >= n) to the n points
   (x[i], y[i]) by full-batch gradient descent for `steps` steps at learning rate lr. Returns the
   final mean squared error. */
float fit_1d(mlp *m, const float *x, const float *y, int n, int steps, float lr);

#endif
