/* week02.h — the functions you write this week (in trask.c and dense.c).
 * The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c files.
 * Matrices are row-major floats; shapes are given as (rows,cols). */
#ifndef WEEK02_H
#define WEEK02_H

#include "rng.h"

/* ---- trask.c: "A Neural Network in 11 lines of Python", in C ---------------------------------- */

/* w[0..n-1] uniform in [-1, 1): numpy's 2 * random((a,b)) - 1. */
void trask_init(float *w, long n, wb_rng *rng);
/* The two-layer network of part 1: X (n,in) -> l1 = sigmoid(X syn0) (n,1), syn0 (in,1).
   One full-batch step: l1_error = y - l1, l1_delta = l1_error * l1 (1 - l1),
   syn0 += alpha X^T l1_delta. Returns mean |l1_error| before the step; l1_out (n) receives the
   outputs before the step unless it is NULL. */
float trask_step1(const float *X, const float *y, int n, int in, float *syn0, float alpha, float *l1_out);
/* The three-layer network of part 1 (hidden = 4) and part 2 (hidden = 32):
   X (n,in) -> l1 = sigmoid(X syn0) (n,hidden) -> l2 = sigmoid(l1 syn1) (n,1),
   syn0 (in,hidden), syn1 (hidden,1). One full-batch step of backpropagation; returns mean
   |y - l2| before the step; l2_out (n) receives the outputs before the step unless it is NULL. */
float trask_step2(const float *X, const float *y, int n, int in, int hidden, float *syn0, float *syn1, float alpha,
                  float *l2_out);
/* Trains a fresh three-layer network (weights from trask_init with the given seed) for iters steps;
   errors[t] = the mean |error| at step t (errors may be NULL). Returns the final mean |error|. */
float trask_train2(const float *X, const float *y, int n, int in, int hidden, float alpha, int iters, uint64_t seed,
                   float *errors);

/* ---- dense.c: a fully connected sigmoid layer over a minibatch (Nielsen ch. 2) --------------- */

/* a = sigmoid(z), z = x W^T + b. The gradients dW, db have the shapes of W, b. */
typedef struct dense {
    int in, out;
    float *W, *b;   /* W (out,in), b (out) */
    float *dW, *db; /* (out,in), (out) */
} dense;

/* W normal(0, 1/sqrt(in)) (Nielsen ch. 3's initialisation), b normal(0, 1), gradients 0. */
void dense_init(dense *l, int in, int out, wb_rng *rng);
void dense_free(dense *l);
/* x (B,in) -> z (B,out), a (B,out). */
void dense_forward(const dense *l, const float *x, float *z, float *a, int B);
/* From the forward pass's x (B,in) and a (B,out), and da (B,out) = dC_x/da for each example x:
   dW, db = the gradient of the batch's mean cost (1/B) sum_x C_x; dx (B,in) = dC_x/dx for each
   example (what the layer below needs as its da); dx may be NULL. */
void dense_backward(dense *l, const float *x, const float *a, const float *da, float *dx, int B);
/* W -= eta dW, b -= eta db. */
void dense_update(dense *l, float eta);

#endif
