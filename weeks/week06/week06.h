/* week06.h — the functions you write this week, in working order: summary.c, evaluate.c, optim.c,
 * train.c, model_io.c. The tests (test_*.c) and the dashboard (driver.c) call them; the notes are
 * in the .c files.
 *
 * The network is week 05's multilayer perceptron (week05.h: mlp_init, mlp_forward, mlp_backward,
 * softmax_xent), linked from the reference solution of week 05. A training run, in short:
 *
 *     mlp net;  mlp_init(&net, 2, (int[]){784, 128, 10}, (activation[]){ACT_RELU, ACT_NONE}, 64, &rng);
 *     model_summary(&net, stdout);
 *     wb_split split;  wb_split_make(&split, n_train, 0.1f, 42);    // 10% held out for validation
 *     train_config cfg = {.batch_size = 64, .max_epochs = 20, .patience = 3, .momentum = 0.9f,
 *                         .lr = {.lr0 = 0.05f, .decay = 0.5f, .every = 4}, .seed = 1};
 *     train_history hist;
 *     fit(&net, &x, y, &split, &cfg, NULL, &hist);                   // best weights restored
 *     eval_result test = evaluate(&net, &x_test, y_test, NULL, n_test, NULL);
 *     model_save(&net, "build/week06/mnist.model");
 */
#ifndef WEEK06_H
#define WEEK06_H

#include <stdint.h>
#include <stdio.h>

#include "batch.h"
#include "week05.h"
#include "wb.h"

/* ---- summary.c: what the network is made of, like Keras's model.summary() ---- */
/* Parameters of a dense layer from `in` inputs to `out` outputs: its weights and its biases. */
long dense_param_count(int in, int out);
/* Print one line per layer (name, output shape, parameter count) and the totals; returns the total
   number of parameters. */
long model_summary(const mlp *m, FILE *out);

/* ---- evaluate.c: how good is the network? ---- */
/* scores (B,C) -> pred (B): the index of the largest score of each row (the first one on ties). */
void argmax_rows(const float *scores, int B, int C, int *pred);
typedef struct eval_result {
    float loss;      /* mean cross-entropy over the examples */
    float accuracy;  /* fraction classified right, in [0,1] */
    int n;           /* how many examples */
} eval_result;
/* The network on examples idx[0..n-1] of x (N,...) with labels y (N) (idx NULL: examples 0..n-1),
   m->max_batch at a time. pred (n), if not NULL, receives each example's predicted class. */
eval_result evaluate(mlp *m, const wb_tensor *x, const uint8_t *y, const int *idx, int n, int *pred);
/* counts (C,C): counts[t*C + p] = how many of the n examples of true class t were predicted as p.
   Example i's true class is y[idx[i]] (idx NULL: y[i]); its prediction is pred[i]. */
void confusion_matrix(const uint8_t *y, const int *idx, const int *pred, int n, int C, int *counts);

/* ---- optim.c: SGD with momentum, and a learning-rate schedule ---- */
/* velocity <- momentum * velocity - lr * grad;  params <- params + velocity  (n elements each) */
void sgd_momentum_step(float *params, const float *grads, float *velocity, size_t n, float lr, float momentum);
/* Step decay: lr0 at first, multiplied by `decay` every `every` epochs. */
typedef struct lr_schedule {
    float lr0, decay;
    int every;
} lr_schedule;
/* The learning rate for epoch (0-based): lr0 * decay^floor(epoch / every). */
float lr_at_epoch(const lr_schedule *s, int epoch);

/* ---- train.c: the training loop ---- */
#define MAX_EPOCHS 200
typedef struct train_config {
    int batch_size;  /* examples per minibatch (<= the network's max_batch) */
    int max_epochs;  /* at most this many epochs (<= MAX_EPOCHS) */
    int patience;    /* stop after this many epochs in a row without a better validation loss */
    float momentum;
    lr_schedule lr;
    uint64_t seed;   /* the shuffling's random numbers */
} train_config;

typedef struct epoch_log {
    int epoch;                       /* 1, 2, ... */
    float lr;                        /* the learning rate used in this epoch */
    float train_loss, train_acc;     /* averaged over the epoch's minibatches, weighted by size */
    float val_loss, val_acc;         /* on the validation examples, after the epoch */
    double seconds;                  /* time the epoch took, validation included */
} epoch_log;

typedef struct train_history {
    epoch_log epochs[MAX_EPOCHS];
    int n;     /* epochs run */
    int best;  /* index in epochs[] of the lowest validation loss: the weights fit() keeps */
} train_history;

/* Optional callbacks, for a progress bar and live plots (NULL members are skipped). */
typedef struct train_hooks {
    void (*on_batch)(void *ctx, int epoch, int batch, int nbatches, float loss, float acc);
    void (*on_epoch)(void *ctx, const train_history *h);
    void *ctx;
} train_hooks;

/* The optimiser's state, kept from step to step and from epoch to epoch: SGD with momentum. Week
   07's optimisers keep the same things (a rate, its settings, per-parameter state) and more. */
typedef struct sgd_state {
    float lr;         /* this epoch's learning rate (fit sets it from the schedule) */
    float momentum;   /* mu: how much of the last step carries over */
    float *velocity;  /* (n) one element per parameter, zero before the first step */
    size_t n;         /* the network's parameter count, m->params.size */
} sgd_state;

/* Where the training loop stands: the examples it trains on, their order, the batch size. */
typedef struct train_loop {
    int *order;        /* (n) indices of the training examples, shuffled in place every epoch */
    int n;
    int batch_size;    /* examples per minibatch (<= the network's max_batch) */
    wb_rng rng;        /* the shuffles' random numbers */
    int epoch;         /* the epoch being run, 1, 2, ...: for its log and the hooks */
    const train_hooks *hooks;  /* NULL: none */
} train_loop;

/* One epoch over examples loop->order[0..n-1] of (x, y): shuffle the order, then for each
   minibatch: forward, loss, backward, one step of the optimiser opt. Returns the epoch's
   training loss and accuracy (the validation fields are left 0). */
epoch_log train_epoch(mlp *m, const wb_tensor *x, const uint8_t *y, sgd_state *opt, train_loop *loop);
/* Train on split->train, validate on split->val after every epoch, stop early when the validation
   loss has not improved for cfg->patience epochs, and leave the network with the weights of its best
   epoch. Fills *h; returns the number of epochs run. */
int fit(mlp *m, const wb_tensor *x, const uint8_t *y, const wb_split *split, const train_config *cfg,
        const train_hooks *hooks, train_history *h);

/* ---- model_io.c: save a trained network, load it back ---- */
#define MODEL_MAGIC "WBNN"
#define MODEL_VERSION 1u
/* Write the network (magic, version, layer sizes and activations, parameters as little-endian
   float32, CRC-32). 0, or -1 with a one-line message (wb_last_error). */
int model_save(const mlp *m, const char *path);
/* Read a file written by model_save into m, whose layers must have the file's sizes and
   activations. 0, or -1 with a one-line message naming the file; on error m is unchanged. */
int model_load(mlp *m, const char *path);

#endif
