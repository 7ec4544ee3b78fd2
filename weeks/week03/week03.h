/* week03.h — the functions you write this week (in autoencoder.c and pca.c).
 * The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c files.
 *
 * Later weeks link the reference versions (week 04: `WEEK_DEPS := week03`), so these names and
 * signatures stay as they are. Names: sae_ = shallow autoencoder (one hidden layer), pca_ = PCA.
 * Matrices are row-major floats; shapes are given as (rows,cols).
 */
#ifndef WEEK03_H
#define WEEK03_H

#include "rng.h"

/* ---- autoencoder.c: an autoencoder with one hidden layer ------------------------------------ */

typedef enum { SAE_LINEAR = 0, SAE_SIGMOID = 1 } sae_act;

/* x (d) -> code h = act_h(W1 x + b1) (k) -> reconstruction y = act_y(W2 h + b2) (d).
   params and grads are two buffers of `size` floats with the same layout (W1, b1, W2, b2): an
   optimizer step is one loop over them. */
typedef struct sae {
    int d, k;
    sae_act hidden, output;
    long size;
    float *params, *grads;
    float *W1, *b1, *W2, *b2;     /* W1 (k,d), b1 (k), W2 (d,k), b2 (d): views into params */
    float *dW1, *db1, *dW2, *db2; /* the same views into grads */
} sae;

/* Weights normal(0, init_std), biases 0. sae_free releases both buffers. */
void sae_init(sae *ae, int d, int k, sae_act hidden, sae_act output, float init_std, wb_rng *rng);
void sae_free(sae *ae);
/* X (B,d) -> H (B,k) codes, Y (B,d) reconstructions. */
void sae_forward(const sae *ae, const float *X, int B, float *H, float *Y);
/* Mean over the B rows of the reconstruction loss of Y against targets T (B,d): binary
   cross-entropy summed over the d outputs for a sigmoid output, half the squared error for a
   linear one. */
float sae_loss(const sae *ae, const float *Y, const float *T, int B);
/* The gradient of sae_loss with respect to every parameter, into ae->grads (overwritten), from the
   forward pass's X (B,d), H (B,k), Y (B,d) and the targets T (B,d). */
void sae_backward(sae *ae, const float *X, const float *H, const float *Y, const float *T, int B);
/* One step of gradient descent on one batch: forward, loss, backward, params -= lr * grads.
   X is the input, T the target (T == X for a plain autoencoder). Returns the loss before the step. */
float sae_train_step(sae *ae, const float *X, const float *T, int B, float lr);
/* Masking noise: Xn = X with each of the n elements set to 0 with probability p (Xn may be X). */
void sae_mask_noise(const float *X, float *Xn, long n, float p, wb_rng *rng);
/* One epoch of minibatch SGD over X (n,d) in a random order, reconstructing the clean X; with
   noise > 0 each batch's input is corrupted by sae_mask_noise first (a denoising autoencoder).
   Returns the mean training loss over the epoch. */
float sae_train_epoch(sae *ae, const float *X, int n, int batch, float lr, float noise, wb_rng *rng);

/* ---- pca.c: principal components by power iteration with deflation -------------------------- */

/* The top k principal components of the data X (n,d) (rows = samples). It centres the data
   itself (the caller's X is not changed). components (k,d): orthonormal rows, in order of
   decreasing variance, each with its largest-magnitude entry positive; eigenvalues (k): the
   variance along each (the eigenvalues of the covariance, divided by n - 1). When k exceeds the
   rank of the centred data, the rows past it are still orthonormal (directions without variance)
   and their eigenvalues 0 up to float rounding (~1e-7 of the largest). rng seeds the
   power iteration's starting vectors. Returns 0, or -1 with wb_last_error() set when n < 2,
   d < 1, k < 1 or k > d. MNIST (n = 60000, d = 784, k = 32) takes a few seconds. */
int pca_power_iteration(const float *X, int n, int d, int k, float *components, float *eigenvalues, wb_rng *rng);

/* The steps it is made of (each usable alone): */
/* mean (d) = the mean of the rows of X (n,d). */
void pca_mean(const float *X, int n, int d, float *mean);
/* cov (d,d) = (X - mean)^T (X - mean) / (n - 1), with wb_sgemm, in blocks of rows. */
void pca_covariance(const float *X, int n, int d, const float *mean, float *cov);
/* The top k eigenvectors vecs (k,d) and eigenvalues vals (k) of the symmetric positive
   semi-definite A (d,d), by power iteration with deflation. A is deflated in place (destroyed).
   Rows past the rank of A: unit vectors orthogonal to the earlier rows, eigenvalue 0 (up to
   rounding). */
void pca_top_eigen(float *A, int d, int k, float *vecs, float *vals, wb_rng *rng);
/* codes (n,k) = (X - mean) components^T. */
void pca_project(const float *X, int n, int d, const float *mean, const float *components, int k, float *codes);
/* Xhat (n,d) = codes components + mean: the best rank-k reconstruction of X. */
void pca_reconstruct(const float *codes, int n, int k, int d, const float *mean, const float *components, float *Xhat);

#endif
