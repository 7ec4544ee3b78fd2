/* week09.h — the functions you write this week, in working order: layers.c, lenet.c, see.c. The
 * tests (test_*.c) and the run (driver.c) call them; the notes are in the .c files.
 *
 * LeNet-5 (LeCun et al. 1998) in its modern form: ReLU and max pooling. The conv and pooling
 * layers are week 08's (week08.h), softmax_xent is week 05's, Adam is week 07's (opt_step) and
 * dropout too; all linked from those weeks' reference solutions. Shapes for a batch of B digits:
 *
 *     x (B,1,28,28) -conv1 6@5x5 pad 2-> (B,6,28,28) -relu-> -maxpool 2-> (B,6,14,14)
 *       -conv2 16@5x5-> (B,16,10,10) -relu-> -maxpool 2-> (B,16,5,5) -flatten-> (B,400)
 *       -fc1-> (B,120) -relu-> -dropout-> -fc2-> (B,84) -relu-> -dropout-> -fc3-> logits (B,10)
 *
 * A training step, llm.c style (lenet_train_step does exactly this):
 *
 *     lenet net;
 *     lenet_config cfg = LENET5;  cfg.max_batch = 64;
 *     if (lenet_init(&net, &cfg, 42) != 0) { fprintf(stderr, "%s\n", wb_last_error()); ... }
 *     optimizer opt;  opt_init(&opt, OPT_ADAM, net.nparams, 1e-3f);
 *     float loss = lenet_train_step(&net, &opt, x, labels, B);     // x (B,1,28,28), labels (B)
 *     lenet_forward(&net, x, B, 0);  const float *logits = net.a.logits;   // evaluation: (B,10)
 *
 * Loading the trained digit classifier in a later week (week 13 judges GAN samples with it):
 *
 *     lenet judge;
 *     if (lenet_load(&judge, "build/results/week09-lenet-mnist.model", 256) != 0) ...error...
 *     lenet_forward(&judge, images, B, 0);      // images (B,1,28,28) in [0,1], B <= 256
 *     ... judge.a.logits (B,10) ...;  lenet_free(&judge);
 *
 * The model file (lenet_save), all little-endian:
 *     "WBL5"                          4 bytes, magic
 *     version                         uint32, 1
 *     H, c1, c2, f1, f2, classes      6 x int32, the lenet_config (inputs are (1,H,H))
 *     drop                            float32 (only used in training)
 *     nparams                         uint32, must equal what the config gives
 *     parameters                      nparams x float32, the ten tensors in LENET_PARAM_NAMES order
 *                                     (PyTorch's state_dict order for the same nn.Sequential)
 *     crc                             uint32, CRC-32 (zlib's) of every byte before it
 */
#ifndef WEEK09_H
#define WEEK09_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "week05.h"
#include "week06.h"
#include "week07.h"
#include "week08.h"
#include "wb.h"

/* ---- layers.c: the pieces between week 08's layers ---- */

/* y (B,out) = x (B,in) . W^T + b, with W (out,in) (row o: the weights of output o), b (out). */
void fc_forward(const float *x, const float *W, const float *b, float *y, int B, int in, int out);
/* Given dy = dL/dy (B,out): dW (out,in) and db (out) summed over the batch, dx (B,in) (NULL:
   skipped). Overwrites all three (calling it twice gives the same result). */
void fc_backward(const float *dy, const float *x, const float *W, float *dx, float *dW, float *db, int B,
                 int in, int out);
/* y = max(x, 0), n elements. */
void relu_forward(const float *x, float *y, long n);
/* dx = dy where the forward's output y > 0, else 0. dx may be dy (in place). */
void relu_backward(const float *dy, const float *y, float *dx, long n);
/* x (B,C,H,W) -> y (B, C*H*W): feature f = (c*H + i)*W + j holds x[b][c][i][j], channel-major, the
   order of PyTorch's torch.flatten(x, 1) on NCHW (so a saved fc1 matches nn.Linear's). */
void flatten_forward(const float *x, float *y, int B, int C, int H, int W);
/* The inverse permutation: dy (B, C*H*W) -> dx (B,C,H,W). */
void flatten_backward(const float *dy, float *dx, int B, int C, int H, int W);

/* ---- lenet.c: the network ---- */

typedef struct lenet_config {
    int H;          /* inputs (1,H,H): 28 for MNIST */
    int c1, c2;     /* output channels of conv1 and conv2: 6, 16 */
    int f1, f2;     /* widths of the two hidden dense layers: 120, 84 */
    int classes;    /* 10 */
    float drop;     /* dropout probability after fc1 and fc2 while training (0: none) */
    int max_batch;  /* the largest B a forward may get (sizes the activation buffer) */
} lenet_config;
#define LENET5 ((lenet_config){.H = 28, .c1 = 6, .c2 = 16, .f1 = 120, .f2 = 84, .classes = 10, \
                               .drop = 0.0f, .max_batch = 64})

/* The parameters: views into ONE buffer, in this order (PyTorch's state_dict order). */
#define LENET_NPARAMS 10
typedef struct lenet_params {
    float *conv1_w;  /* (c1,1,5,5) */
    float *conv1_b;  /* (c1) */
    float *conv2_w;  /* (c2,c1,5,5) */
    float *conv2_b;  /* (c2) */
    float *fc1_w;    /* (f1, F), F = c2*P2*P2 the flattened features (400) */
    float *fc1_b;    /* (f1) */
    float *fc2_w;    /* (f2,f1) */
    float *fc2_b;    /* (f2) */
    float *fc3_w;    /* (classes,f2) */
    float *fc3_b;    /* (classes) */
} lenet_params;
extern const char *const LENET_PARAM_NAMES[LENET_NPARAMS]; /* "conv1.weight", ... */

/* The activations of a forward pass, (B, ...) each with B = max_batch rows of room: views into ONE
   buffer, in this order. The same layout holds their gradients (lenet.d). */
#define LENET_NACTS 16
typedef struct lenet_acts {
    float *c1;      /* (B,c1,H,H)     conv1's output */
    float *r1;      /* (B,c1,H,H)     relu */
    float *p1;      /* (B,c1,P1,P1)   max pool, P1 = H/2 */
    float *c2;      /* (B,c2,S2,S2)   conv2's output, S2 = P1 - 4 */
    float *r2;      /* (B,c2,S2,S2)   relu */
    float *p2;      /* (B,c2,P2,P2)   max pool, P2 = S2/2 */
    float *flat;    /* (B,F)          flattened, F = c2*P2*P2 */
    float *h1;      /* (B,f1)         fc1 */
    float *a1;      /* (B,f1)         relu */
    float *m1;      /* (B,f1)         dropout mask (0 or 1/(1-drop)) */
    float *o1;      /* (B,f1)         after dropout */
    float *h2;      /* (B,f2)         fc2 */
    float *a2;      /* (B,f2)         relu */
    float *m2;      /* (B,f2)         dropout mask */
    float *o2;      /* (B,f2)         after dropout */
    float *logits;  /* (B,classes)    fc3 */
} lenet_acts;

typedef struct lenet {
    lenet_config cfg;
    int P1, S2, P2, F;                      /* the sizes in the comments above */
    conv_shape conv1, conv2;                /* with N = max_batch (a pass sets N = B) */
    pool_shape pool1, pool2;
    size_t param_sizes[LENET_NPARAMS];      /* floats in each parameter tensor */
    size_t nparams;                         /* their sum */
    float *params, *grads;                  /* the ONE parameter buffer, and its gradient */
    lenet_params w, g;                      /* views into params and grads */
    size_t act_sizes[LENET_NACTS];          /* floats in each activation, for max_batch rows */
    size_t nacts;
    float *acts, *dacts;                    /* the ONE activation buffer, and its gradient */
    lenet_acts a, d;                        /* views into acts and dacts */
    int *argmax1, *argmax2;                 /* (B,c1,P1,P1), (B,c2,P2,P2): the pools' winners */
    float *col;                             /* im2col workspace, big enough for either conv */
    int train;                              /* the last forward's mode (backward needs it) */
    wb_rng rng;                             /* dropout's random numbers */
} lenet;

/* 0 if the sizes are positive, conv2's 5x5 kernel fits after the first pooling (H >= 12) and
   drop in [0,1); else -1 and a one-line message naming the field. */
int lenet_config_check(const lenet_config *cfg);
/* sizes[i] = the number of floats of parameter tensor i (lenet_params order). */
void lenet_param_sizes(const lenet *net, size_t sizes[LENET_NPARAMS]);
/* Point the ten views of *p into memory, one after the other in lenet_params order, without gaps
   or overlaps: p->conv1_w = memory, p->conv1_b = memory + sizes[0], ... */
void lenet_point_params(lenet_params *p, const size_t sizes[LENET_NPARAMS], float *memory);
/* The same for the activations, for max_batch rows. */
void lenet_act_sizes(const lenet *net, size_t sizes[LENET_NACTS]);
void lenet_point_acts(lenet_acts *a, const size_t sizes[LENET_NACTS], float *memory);
/* Lay out and allocate everything, He-normal weights (week 05's init_std), zero biases, seeded.
   0, or -1 with a message (lenet_config_check's) and nothing allocated. */
int lenet_init(lenet *net, const lenet_config *cfg, uint64_t seed);
void lenet_free(lenet *net);
/* x (B,1,H,H) -> net->a (all activations; net->a.logits (B,classes)). train: dropout on, its masks
   drawn from net->rng, which advances: fc1's mask (B,f1) from the next B*f1 draws, then fc2's. */
void lenet_forward(lenet *net, const float *x, int B, int train);
/* After lenet_forward(net, x, B, ...): dlogits (B,classes) = dL/dlogits. Writes net->grads
   (overwriting) and, when dx (B,1,H,H) is not NULL, dL/dx. */
void lenet_backward(lenet *net, const float *x, const float *dlogits, int B, float *dx);
/* One minibatch of training: forward (train), mean cross-entropy, backward, one opt_step.
   Returns the loss. labels (B) in [0,classes). */
float lenet_train_step(lenet *net, optimizer *opt, const float *x, const int *labels, int B);
/* Accuracy (fraction) and mean loss of images x (n,H,H) with labels y (n), max_batch at a time;
   pred (n) receives the predicted classes when not NULL. */
eval_result lenet_evaluate(lenet *net, const float *x, const uint8_t *y, int n, int *pred);
/* Keras's model.summary(): each layer's output shape and parameter count; returns the total. */
long lenet_summary(const lenet *net, FILE *out);
/* The file format above. 0, or -1 with a one-line message naming the file. lenet_load initialises
   *net from the file's config (max_batch as given); on error nothing is allocated. */
int lenet_save(const lenet *net, const char *path);
int lenet_load(lenet *net, const char *path, int max_batch);

/* ---- see.c: what the network sees ---- */

/* The saliency map of one image x (1,H,H) for class cls: sal (H,H) = d logits[cls] / d x, the
   gradient of the class SCORE (before the softmax) with respect to every pixel (Simonyan et al.
   2014). Runs one forward (evaluation mode) and one backward; overwrites net->grads. */
void saliency_map(lenet *net, const float *x, int cls, float *sal);
/* idx (k) = the indices of the k largest of v[0..n-1], largest first; on ties the lower index
   first. k <= n. */
void top_k(const float *v, int n, int k, int *idx);
/* score (n) = how strongly each of n images excites channel ch of conv2 (after its relu): the
   largest value of that channel's map, max_batch images at a time. Its forwards run in evaluation
   mode: net->rng is not touched. */
void channel_scores(lenet *net, const float *x, int n, int ch, float *score);

#endif
