/**
# Principal component analysis by power iteration

An autoencoder squeezes $d$ numbers through $k < d$. The oldest answer to "which $k$ numbers keep
the most?" is **principal component analysis**: project the centred data onto the $k$ directions
along which it varies most. Those directions are the top eigenvectors of the covariance matrix

$$ C = \frac{1}{n-1} \sum_{i=1}^{n} (x_i - \mu)(x_i - \mu)^\top = \frac{1}{n-1} X_c^\top X_c,
   \qquad \mu = \frac{1}{n}\sum_i x_i, $$

where $X_c$ is the data matrix with $\mu$ subtracted from every row. The eigenvalue $\lambda_j$ is
the variance of the data along eigenvector $v_j$. Goodfellow et al. (section 14.1) show that a
*linear* autoencoder trained on squared error ends up spanning exactly this subspace; the test
`linear_ae_finds_pca_subspace` checks that claim with your code.

## Power iteration

Multiply any vector by $C$ again and again, normalising each time:

$$ v \leftarrow \frac{C v}{\lVert C v \rVert}. $$

Write the start as $v = \sum_j a_j v_j$ in the eigenvector basis: $t$ multiplications give
$\sum_j a_j \lambda_j^t v_j$, and the largest $\lambda_1$ wins by a factor $(\lambda_1 /
\lambda_2)^t$. A random start has $a_1 \ne 0$ (with probability 1). The eigenvalue is then the
Rayleigh quotient $\lambda_1 = v^\top C v$, which is $\lVert Cv \rVert$ for a unit eigenvector.

## Deflation

To find the next component, remove the one you found from the matrix (Hotelling's deflation):

$$ C \leftarrow C - \lambda_1 v_1 v_1^\top. $$

This $C$ has eigenvalue $0$ on $v_1$ and keeps every other eigenpair, so power iteration on it
finds $v_2$, and so on $k$ times. Without deflation every run would find $v_1$ again.

## Cost

For MNIST ($n = 60000$, $d = 784$) forming $C$ is $n d^2 \approx 3.7 \times 10^{10}$ multiply-adds:
that is a matrix product, so it goes to `wb_sgemm`. Each power step is one $d \times d$
matrix-vector product, $6 \times 10^5$ multiply-adds: cheap, even a few hundred times per component.

`pca_covariance` centres a block of rows at a time into a scratch buffer (a centred copy of all of
MNIST would be 188 MB) and adds that block's $X_c^\top X_c$ into `cov` with one `wb_sgemm`: the
first block *replaces* what `cov` held (beta 0), every later block adds to it (beta 1). Then it
divides by $n - 1$.

## When k exceeds the rank

Data of rank $r$ has only $r$ directions with variance (constant data none, points on a line one).
After $r$ deflations $A$ is zero up to float rounding: $Av$ is then rounding noise, or exactly $0$
(and $w / \lambda$ would be $0/0$), and the "eigenvector" the iteration settles on can point
anywhere, even along a component already found. Yet any unit vector orthogonal to the first $r$
components is an eigenvector of eigenvalue $0$, and the rows must stay orthonormal. So each $v$
ends with a Gram-Schmidt step against the components before it (`orthonormalise`, given below). A
true eigenvector of the deflated $A$ is orthogonal to them already and barely moves; if less than
half of $v$ lay outside their span, the iteration found only noise, and $\lambda = 0$.

`pca_top_eigen` finds the $k$ components one after another: start $v$ random and of unit length;
repeat $w = Av$, $\lambda = \lVert w \rVert$, $v = w / \lambda$ until no entry of $v$ moves by more
than `tol` (or `MAX_STEPS` pass), or until $\lambda = 0$ (then keep $v$ as it is); orthonormalise
$v$ against the earlier components; store $\lambda$; deflate $A$; next component.
*/
#include "week03.h"

#include "error.h"
#include "gemm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pca_mean(const float *X, int n, int d, float *mean) {
    // mu_c = (1/n) sum_i X_ic, accumulated in double: n = 60000 floats summed in float would lose digits
    double *sum = wb_calloc((size_t)d, sizeof *sum);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < d; c++) sum[c] += X[(size_t)i * d + c];
    for (int c = 0; c < d; c++) mean[c] = (float)(sum[c] / n);
    free(sum);
}

void pca_covariance(const float *X, int n, int d, const float *mean, float *cov) {
    // BEGIN SOLUTION: C = Xc^T Xc / (n - 1), built a block of centred rows at a time (see above)
    enum { BLOCK = 256 }; /* rows centred at a time: the centred copy of all of MNIST would be 188 MB */
    float *Xc = wb_malloc((size_t)BLOCK * d * sizeof *Xc);
    for (int i0 = 0; i0 < n; i0 += BLOCK) {
        int rows = n - i0 < BLOCK ? n - i0 : BLOCK;
        // Xc (rows,d) = X[i0 .. i0+rows) - mu
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++) Xc[(size_t)r * d + c] = X[(size_t)(i0 + r) * d + c] - mean[c];
        // MUTANT not_centred: for (int r = 0; r < rows; r++) for (int c = 0; c < d; c++) Xc[(size_t)r * d + c] = X[(size_t)(i0 + r) * d + c];
        // MUTANT no_block_offset: for (int c = 0; c < d; c++) Xc[r*d + c] = X[r*d + c] - mean[c];
        // cov (d,d) += Xc^T (d,rows) . Xc (rows,d)
        wb_sgemm(1, 0, d, d, rows, 1.0f, Xc, d, Xc, d, i0 == 0 ? 0.0f : 1.0f, cov, d);
        // MUTANT cov_accumulates: wb_sgemm(1, 0, d, d, rows, 1.0f, Xc, d, Xc, d, 1.0f, cov, d);
        // MUTANT last_block_only: wb_sgemm(1, 0, d, d, rows, 1.0f, Xc, d, Xc, d, 0.0f, cov, d);
    }
    // C = Xc^T Xc / (n - 1)
    for (long i = 0; i < (long)d * d; i++) cov[i] /= (float)(n - 1);
    // MUTANT divide_by_n: for (long i = 0; i < (long)d * d; i++) cov[i] /= (float)n;
    free(Xc);
    // END SOLUTION
    // STUB: memset(cov, 0, (size_t)d * d * sizeof *cov);
}

/* w (d) = A (d,d) v (d). A plain loop: wb_sgemm shines on matrix-matrix products, but for one
   vector its packing costs more than it saves (measured: 3x slower here). */
static void matvec(const float *A, const float *v, float *w, int d) {
    // w_r = sum_c A_rc v_c
    for (int r = 0; r < d; r++) {
        float s = 0.0f;
        for (int c = 0; c < d; c++) s += A[(size_t)r * d + c] * v[c];
        w[r] = s;
    }
}

/* v (d) <- v minus its parts along the first j rows of vecs (orthonormal), in two passes: one
   pass in float leaves ~1e-7 of each part behind. Returns the length of what is left. */
static double remove_parts(float *v, const float *vecs, int j, int d) {
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < j; i++) {
            const float *u = vecs + (size_t)i * d;
            double p = 0.0;
            for (int c = 0; c < d; c++) p += (double)v[c] * u[c];
            for (int c = 0; c < d; c++) v[c] -= (float)p * u[c];
        }
    double sq = 0.0;
    for (int c = 0; c < d; c++) sq += (double)v[c] * v[c];
    return sqrt(sq);
}

/* Makes the unit vector v (d) orthogonal to the first j rows of vecs (orthonormal) and of unit
   length again (Gram-Schmidt). Returns how much of v lay outside their span: ~1 for an
   eigenvector of the deflated matrix, ~0 when v lay along them. Below 1/2 there is too little left
   to normalise reliably, and v becomes instead the standard basis vector with the largest part
   outside their span (at least 1/sqrt(d) of it), orthogonalised the same way. */
static float orthonormalise(float *v, const float *vecs, int j, int d) {
    double left = remove_parts(v, vecs, j, d);
    if (left < 0.5) {
        int best = 0;
        double most = -1.0;
        for (int c = 0; c < d; c++) { /* |e_c outside their span|^2 = 1 - sum_i u_i[c]^2 */
            double out = 1.0;
            for (int i = 0; i < j; i++) {
                double u = vecs[(size_t)i * d + c];
                out -= u * u;
            }
            if (out > most) most = out, best = c;
        }
        memset(v, 0, (size_t)d * sizeof *v);
        v[best] = 1.0f;
        double len = remove_parts(v, vecs, j, d);
        for (int c = 0; c < d; c++) v[c] = (float)(v[c] / len);
    } else {
        for (int c = 0; c < d; c++) v[c] = (float)(v[c] / left);
    }
    return (float)left;
}

void pca_top_eigen(float *A, int d, int k, float *vecs, float *vals, wb_rng *rng) {
    enum { MAX_STEPS = 1000 };
    /* Converged when no entry of v moves by more than this in a step. Float rounding makes a
       converged v jitter by ~1e-7 per entry, so the tolerance sits a little above that. */
    const float tol = 1e-6f;
    float *w = wb_malloc((size_t)d * sizeof *w);
    for (int j = 0; j < k; j++) {
        float *v = vecs + (size_t)j * d;
        // BEGIN SOLUTION: power iteration for component j, orthonormalise v, deflate (see above)
        float norm = 0.0f;
        for (int c = 0; c < d; c++) {
            v[c] = wb_rng_normal(rng);
            // MUTANT fixed_start_e0: v[c] = c == 0;
            norm += v[c] * v[c];
        }
        for (int c = 0; c < d; c++) v[c] /= sqrtf(norm);
        float lambda = 0.0f;
        for (int step = 0; step < MAX_STEPS; step++) {
            // w = A v,  lambda = |w|,  v <- w / lambda
            matvec(A, v, w, d);
            double sq = 0.0;
            for (int c = 0; c < d; c++) sq += (double)w[c] * w[c];
            // MUTANT lambda_float_squares: { float s = 0.0f; for (int c = 0; c < d; c++) s += w[c] * w[c]; sq = s; }
            lambda = (float)sqrt(sq);
            if (lambda == 0.0f) break; /* A is zero on what is left: any unit v will do */
            // MUTANT no_zero_guard: (void)0;
            // MUTANT zero_guard_small: if (lambda < 1e-6f) break;
            float moved = 0.0f;
            for (int c = 0; c < d; c++) {
                float next = w[c] / lambda;
                moved = fmaxf(moved, fabsf(next - v[c]));
                v[c] = next;
            }
            if (moved < tol) break;
            // MUTANT lambda_stop: if (fabsf(lambda - vals[j]) < tol) break; else vals[j] = lambda;
        }
        // v orthogonal to the components before it; v along them means A had no variance left
        if (orthonormalise(v, vecs, j, d) < 0.5f) lambda = 0.0f;
        // MUTANT no_orthonormalise: (void)orthonormalise;
        vals[j] = lambda;
        // A <- A - lambda v v^T
        for (int r = 0; r < d; r++)
            for (int c = 0; c < d; c++) A[(size_t)r * d + c] -= lambda * v[r] * v[c];
        // MUTANT no_deflation: (void)0;
        // END SOLUTION
        // STUB: (void)tol; (void)matvec; (void)orthonormalise;
        // STUB: memset(v, 0, (size_t)d * sizeof *v);
        // STUB: vals[j] = 0.0f;
        /* one sign for each component (an eigenvector's sign is arbitrary): largest entry positive */
        int big = 0;
        for (int c = 1; c < d; c++) big = fabsf(v[c]) > fabsf(v[big]) ? c : big;
        if (v[big] < 0)
            for (int c = 0; c < d; c++) v[c] = -v[c];
    }
    free(w);
}

int pca_power_iteration(const float *X, int n, int d, int k, float *components, float *eigenvalues, wb_rng *rng) {
    if (n < 2) return wb_fail("pca: need at least 2 samples to estimate a covariance, got n = %d", n);
    if (d < 1) return wb_fail("pca: the data has no features (d = %d)", d);
    if (k < 1 || k > d) return wb_fail("pca: asked for k = %d components of %d-dimensional data (need 1 <= k <= d)", k, d);
    float *mean = wb_malloc((size_t)d * sizeof *mean);
    float *cov = wb_malloc((size_t)d * d * sizeof *cov);
    pca_mean(X, n, d, mean);
    pca_covariance(X, n, d, mean, cov);
    pca_top_eigen(cov, d, k, components, eigenvalues, rng);
    free(cov);
    free(mean);
    return 0;
}

/**
## Using the components

The code of a sample is its coordinates along the components, and the reconstruction adds them
back up. Because the components are orthonormal, this is the closest point of the subspace:

$$ h = V (x - \mu), \qquad \hat x = V^\top h + \mu, \qquad V = \text{components } (k,d). $$
*/
void pca_project(const float *X, int n, int d, const float *mean, const float *components, int k, float *codes) {
    // BEGIN SOLUTION: codes (n,k) = (X - mean) V^T: centre each row, one dot product per component
    float *xc = wb_malloc((size_t)d * sizeof *xc);
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) xc[c] = X[(size_t)i * d + c] - mean[c];
        // MUTANT project_row_stride_n: for (int c = 0; c < d; c++) xc[c] = X[(size_t)i * n + c] - mean[c];
        // MUTANT project_uncentred: for (int c = 0; c < d; c++) xc[c] = X[(size_t)i * d + c];
        // h_j = v_j . (x - mu)
        for (int j = 0; j < k; j++) {
            float h = 0.0f;
            for (int c = 0; c < d; c++) h += components[(size_t)j * d + c] * xc[c];
            codes[(size_t)i * k + j] = h;
            // MUTANT codes_transposed: codes[(size_t)j * n + i] = h;
        }
    }
    free(xc);
    // END SOLUTION
    // STUB: memset(codes, 0, (size_t)n * k * sizeof *codes);
}

void pca_reconstruct(const float *codes, int n, int k, int d, const float *mean, const float *components, float *Xhat) {
    // BEGIN SOLUTION: Xhat (n,d) = codes (n,k) . components (k,d), then add the mean to every row
    wb_sgemm(0, 0, n, d, k, 1.0f, codes, k, components, d, 0.0f, Xhat, d);
    // MUTANT reconstruct_ldc_n: wb_sgemm(0, 0, n, d, k, 1.0f, codes, k, components, d, 0.0f, Xhat, n);
    // MUTANT Xhat_accumulates: wb_sgemm(0, 0, n, d, k, 1.0f, codes, k, components, d, 1.0f, Xhat, d);
    // xhat = V^T h + mu
    for (int i = 0; i < n; i++)
        for (int c = 0; c < d; c++) Xhat[(size_t)i * d + c] += mean[c];
        // MUTANT reconstruct_row_stride_n: for (int c = 0; c < d; c++) Xhat[(size_t)i * n + c] += mean[c];
    // MUTANT no_mean_back: (void)0;
    // END SOLUTION
    // STUB: memset(Xhat, 0, (size_t)n * d * sizeof *Xhat);
}
