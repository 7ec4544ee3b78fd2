/* test_pca.c — tests for pca.c. Every expected value comes from data built with a known answer:
 * points placed along chosen orthonormal directions, and matrices assembled from chosen
 * eigenvectors and eigenvalues. */
#include "testing.h"
#include "week03.h"
#include "error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Two orthonormal directions in 4-D, with exact float entries (rows of a Hadamard matrix / 2). */
static const float Q4[4][4] = {
    {0.5f, 0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f, -0.5f}, {0.5f, 0.5f, -0.5f, -0.5f}, {0.5f, -0.5f, -0.5f, 0.5f}};

/* |u . v| for unit vectors: 1 when they are the same direction up to sign. */
static float abs_dot(const float *u, const float *v, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) s += (double)u[i] * v[i];
    return (float)fabs(s);
}

/* Four points mu + 3a q0 + b q1 for (a,b) in {-1,1}^2: mean mu, and covariance
   (1/3) sum (3a q0 + b q1)(3a q0 + b q1)^T = (4/3)(9 q0 q0^T + q1 q1^T), because the cross terms
   sum to 0 over the four sign patterns. */
static const float MU[4] = {1, 2, 3, 4};
static void four_points(float X[4][4]) {
    int signs[4][2] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
    for (int i = 0; i < 4; i++)
        for (int c = 0; c < 4; c++) X[i][c] = MU[c] + 3.0f * signs[i][0] * Q4[0][c] + signs[i][1] * Q4[1][c];
}

WB_TEST(covariance_of_known_points, .points = 2,
        .hint = "Catches data that is not centred, a division by n, and a product added to what cov "
                "held: cov = Xc^T Xc / (n - 1) with Xc the rows minus the mean, written afresh.",
        .hint2 = "Divide by n - 1, not n (the sample covariance). If the off-diagonal entries are huge, the "
                 "data was not centred: (X^T X)/(n-1) includes n mu mu^T/(n-1).",
        .hint3 = "cov starts full of NaN here: the first block's product must replace it (beta 0 in "
                 "gemm.h's terms), later blocks add to it.") {
    float X[4][4], mean[4], cov[16], want[16];
    four_points(X);
    pca_mean(&X[0][0], 4, 4, mean);
    WB_ASSERT_CLOSE(mean, MU, 4, 1e-6, 1e-6); /* the +-3a, +-b parts cancel; float sums of small numbers */
    for (int i = 0; i < 16; i++) want[i] = NAN, cov[i] = NAN; /* beta = 0 must ignore what cov held */
    pca_covariance(&X[0][0], 4, 4, mean, cov);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) want[r * 4 + c] = 4.0f / 3.0f * (9 * Q4[0][r] * Q4[0][c] + Q4[1][r] * Q4[1][c]);
    WB_ASSERT_CLOSE(cov, want, 16, 1e-5, 1e-5); /* entries of size ~3 from sums of four products: float rounding */
}

/* More rows than one block of 256: the blocks must add up, each from its own rows. 300 points in
   3-D, x = (t, 2t + s, u) with t = i - 149.5, s = +-1 alternating and u = i^2 / 1000. The bowl u
   makes the rows unlike each other in every block (with u a constant, row 299 - i centred would be
   -(row i), and a block reading the wrong rows would give the same sums). The expected covariance
   is sum_i (x_i - mu)(x_i - mu)^T / 299, with mu and the sum taken here in double. */
WB_TEST(covariance_over_blocks, .points = 1,
        .hint = "Catches a covariance built from the last block of rows only, from every block "
                "but with the earlier ones wiped, or from blocks that all read the first rows: "
                "with 300 rows (more than one block of 256) every row must count, once.",
        .hint2 = "The first block replaces cov, each later block adds its Xc^T Xc to it. Block i0 "
                 "centres the rows i0, i0 + 1, ...: row r of the block is row i0 + r of X.") {
    enum { N = 300, D = 3 };
    static float X[N * D];
    double mu[D] = {0}, sum[D * D] = {0};
    for (int i = 0; i < N; i++) {
        double t = i - 149.5, s = i % 2 ? 1 : -1, x[D] = {t, 2 * t + s, i * i / 1000.0};
        for (int c = 0; c < D; c++) X[i * D + c] = (float)x[c];
        for (int c = 0; c < D; c++) mu[c] += (double)X[i * D + c] / N;
    }
    for (int i = 0; i < N; i++) /* the centred rows of the float data, in double */
        for (int r = 0; r < D; r++)
            for (int c = 0; c < D; c++)
                sum[r * D + c] += (X[i * D + r] - mu[r]) * (X[i * D + c] - mu[c]);
    float mean[D], cov[D * D], want[D * D];
    pca_mean(X, N, D, mean);
    wb_fill_nan(cov, D * D);
    pca_covariance(X, N, D, mean, cov);
    for (int i = 0; i < D * D; i++) want[i] = (float)(sum[i] / (N - 1));
    /* float sums of 300 products of size up to ~1e4: relative rounding ~1e-5 */
    WB_ASSERT_CLOSE(cov, want, D * D, 1e-4, 1e-3);
}

/* A (4,4) = sum_j lam_j q_j q_j^T with eigenvalues 8, 4, 2, 1 on the Hadamard directions. */
static void known_matrix(float *A) {
    const float lam[4] = {8, 4, 2, 1};
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            A[r * 4 + c] = 0;
            for (int j = 0; j < 4; j++) A[r * 4 + c] += lam[j] * Q4[j][r] * Q4[j][c];
        }
}

WB_TEST(top_eigen_known_matrix, .points = 3,
        .hint = "Catches a missing deflation and an iteration stopped too early: the four components "
                "of a matrix with eigenvalues 8, 4, 2, 1 must come out in that order, each its own "
                "eigenvector (power iteration, then removing the component found).",
        .hint2 = "If every component comes out as the first one (lambda = 8 each time), the deflation "
                 "A - lambda v v^T is missing or happens before lambda and v are final.",
        .hint3 = "The eigenvalues here are 8, 4, 2, 1: each power step shrinks the error by at least 2x, so "
                 "a few dozen steps reach float precision.") {
    float A[16], vecs[16], vals[4], want[4] = {8, 4, 2, 1};
    known_matrix(A);
    wb_rng r;
    wb_rng_seed(&r, 3);
    pca_top_eigen(A, 4, 4, vecs, vals, &r);
    /* converged to |dv| < 1e-6 with ratio <= 1/2: eigenvalues good to ~1e-5 relative */
    WB_ASSERT_CLOSE(vals, want, 4, 1e-4, 1e-5);
    for (int j = 0; j < 4; j++)
        ck_assert_msg(fabsf(abs_dot(vecs + 4 * j, Q4[j], 4) - 1.0f) < 1e-4f,
                      "component %d is not the eigenvector of eigenvalue %g: |v . q| = %g (want 1)", j, want[j],
                      abs_dot(vecs + 4 * j, Q4[j], 4));
}

/* A diagonal matrix, as the covariance of data that varies along the axes: A = diag(1, 4, 2),
   eigenvalue 4 on e1, 2 on e2, 1 on e0. The standard basis vectors are eigenvectors here, so an
   iteration that starts on one of them stays on it. */
WB_TEST(top_eigen_axis_aligned, .points = 1,
        .hint = "Catches a power iteration with a fixed start vector: a start that is itself an "
                "eigenvector (here a standard basis vector of the diagonal matrix diag(1, 4, 2)) "
                "never moves, so the iteration reports that eigenvector and not the largest. The "
                "start must be drawn from rng for every component.",
        .hint2 = "Power iteration multiplies the start's parts along the eigenvectors by lambda^t: "
                 "a part that is exactly 0 stays 0. A random normal start has a nonzero part along "
                 "every eigenvector (with probability 1); a fixed vector such as (1, 0, ..., 0) "
                 "has none along the others when the data varies along the axes, as it often does.") {
    float A[9] = {1, 0, 0, 0, 4, 0, 0, 0, 2}, vecs[9], vals[3], want[3] = {4, 2, 1};
    const float E[3][3] = {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}; /* e1, e2, e0: the order of 4, 2, 1 */
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_fill_nan(vecs, 9), wb_fill_nan(vals, 3);
    pca_top_eigen(A, 3, 3, vecs, vals, &r);
    /* ratios 1/2 as in top_eigen_known_matrix: float precision within a few dozen steps */
    WB_ASSERT_CLOSE(vals, want, 3, 1e-4, 1e-5);
    for (int j = 0; j < 3; j++)
        ck_assert_msg(fabsf(abs_dot(vecs + 3 * j, E[j], 3) - 1.0f) < 1e-4f,
                      "A = diag(1, 4, 2): component %d is not the eigenvector of eigenvalue %g: "
                      "|v . q| = %g (want 1)", j, want[j], abs_dot(vecs + 3 * j, E[j], 3));
}

/* top_eigen_known_matrix's matrix times `scale`: the same eigenvectors, the eigenvalues `want`
   (scale times 8, 4, 2, 1), to 1e-4 relative plus `abs_tol` */
static void check_known_matrix_scaled(float scale, const float want[4], double abs_tol) {
    float A[16], vecs[16], vals[4];
    known_matrix(A);
    for (int i = 0; i < 16; i++) A[i] *= scale;
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_fill_nan(vecs, 16), wb_fill_nan(vals, 4);
    pca_top_eigen(A, 4, 4, vecs, vals, &r);
    WB_ASSERT_CLOSE(vals, want, 4, 1e-4, abs_tol);
    for (int j = 0; j < 4; j++)
        ck_assert_msg(fabsf(abs_dot(vecs + 4 * j, Q4[j], 4) - 1.0f) < 1e-4f,
                      "A scaled by %g: component %d is not the eigenvector of eigenvalue %g: "
                      "|v . q| = %g (want 1)", (double)scale, j, want[j],
                      abs_dot(vecs + 4 * j, Q4[j], 4));
}

/* The matrix of top_eigen_known_matrix times 1e-8 (data measured in units 1e-4 times larger):
   the eigenvectors are the same and every eigenvalue is 1e-8 as large, still normal floats. */
WB_TEST(top_eigen_tiny_scale, .points = 1,
        .hint = "Catches a test 'lambda is small' in place of 'lambda is 0': scaling A scales its "
                "eigenvalues and keeps its eigenvectors, so A = 1e-8 x (eigenvalues 8, 4, 2, 1) "
                "has eigenvalues 8e-8, 4e-8, 2e-8, 1e-8 along the same four directions.",
        .hint2 = "Power iteration may stop early only when lambda = |Av| is exactly 0 (then w / "
                 "lambda is 0/0); any positive lambda, however small, is a variance to keep.") {
    /* as in top_eigen_known_matrix, relative: float keeps its precision at any scale */
    check_known_matrix_scaled(1e-8f, (float[4]){8e-8f, 4e-8f, 2e-8f, 1e-8f}, 1e-13);
}

/* The same matrix times 1e-22 (data of size ~1e-11, as lengths in metres of atomic scales are):
   the entries and eigenvalues are still normal floats (down to 1.2e-38), but the squares of the
   entries of Av, ~1e-44, are below that: a float holds them only as a few units of 1.4e-45. */
WB_TEST(top_eigen_squares_below_float, .points = 1,
        .hint = "Catches |Av| computed from squares summed in a float: for A of size 1e-22 the "
                "squares of Av's entries are ~1e-44, below the smallest normal float, and keep "
                "only a digit or two (or become 0). Eigenvalues 8e-22, 4e-22, 2e-22, 1e-22 must "
                "come out to 4 digits like those of the unscaled matrix.",
        .hint2 = "The squares of floats fit easily in a double (down to 2e-308): add (double)w[c] "
                 "* w[c] into a double, take the root in double, and only then make lambda a "
                 "float. The eigenvectors are those of top_eigen_known_matrix.") {
    /* as in top_eigen_known_matrix, relative: A's entries and Av are normal floats, as precise as
       at scale 1 */
    check_known_matrix_scaled(1e-22f, (float[4]){8e-22f, 4e-22f, 2e-22f, 1e-22f}, 0);
}

/* An orthonormal basis Q (d,d) in double, rows = Gram-Schmidt of normal random vectors (two passes
   each: the second removes what rounding left of the first). */
static void random_basis(double *Q, int d, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    for (int j = 0; j < d; j++) {
        double *q = Q + j * d, norm = 0;
        for (int c = 0; c < d; c++) q[c] = wb_rng_normal(&r);
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < j; i++) {
                double p = 0;
                for (int c = 0; c < d; c++) p += q[c] * Q[i * d + c];
                for (int c = 0; c < d; c++) q[c] -= p * Q[i * d + c];
            }
        for (int c = 0; c < d; c++) norm += q[c] * q[c];
        for (int c = 0; c < d; c++) q[c] /= sqrt(norm);
    }
}

/* sin of the angle between the float vector v and the unit vector q: |v - (v . q) q| / |v|, in
   double (1 - (v . q)^2 would lose the small angles to rounding). */
static double sin_angle(const float *v, const double *q, int d) {
    double p = 0, vv = 0, rr = 0;
    for (int c = 0; c < d; c++) p += v[c] * q[c], vv += (double)v[c] * v[c];
    for (int c = 0; c < d; c++) rr += (v[c] - p * q[c]) * (v[c] - p * q[c]);
    return sqrt(rr / vv);
}

/* A (20,20) = sum_j lam_j q_j q_j^T with eigenvalues 10, 9.5, 9, ..., 0.5 on random orthonormal
   directions: neighbours 5% apart, so each power step shrinks v's error by only 0.95. */
WB_TEST(top_eigen_close_eigenvalues, .points = 2,
        .hint = "Catches an iteration stopped when lambda stops changing: lambda's error is about "
                "the square of v's, so it settles long before v does. Stop only when no entry of v "
                "moves by more than tol in a step: with eigenvalues 10, 9.5, 9 that takes a few "
                "hundred steps.",
        .hint2 = "Power iteration shrinks v's error e by lambda2 / lambda1 = 0.95 a step here, and "
                 "|Av| is off by only ~0.05 lambda e^2: lambda moves by less than 1e-6 a step once "
                 "e is under 5e-3, while v still moves by ~2e-4.") {
    enum { D = 20, K = 3 };
    static double Q[D * D];
    float A[D * D], vecs[K * D], vals[K], want[K] = {10, 9.5f, 9};
    random_basis(Q, D, 31);
    for (int r = 0; r < D; r++)
        for (int c = 0; c < D; c++) {
            double a = 0;
            for (int j = 0; j < D; j++) a += (10 - 0.5 * j) * Q[j * D + r] * Q[j * D + c];
            A[r * D + c] = (float)a;
        }
    wb_rng r;
    wb_rng_seed(&r, 7);
    wb_fill_nan(vecs, K * D), wb_fill_nan(vals, K);
    pca_top_eigen(A, D, K, vecs, vals, &r);
    /* float rounding of A and of |Av|, ~1e-7 relative; v's small error enters |Av| squared */
    WB_ASSERT_CLOSE(vals, want, K, 1e-5, 0);
    for (int j = 0; j < K; j++) {
        double s = sin_angle(vecs + j * D, Q + j * D, D);
        /* a step moves v by ~(1 - 0.95) x its error, so a stop at moves under tol = 1e-6 leaves
           it ~1e-4 rad off at most (and A's float rounding moves q by ~1e-6); a stop on lambda
           leaves it ~5e-3 off */
        ck_assert_msg(s < 5e-4, "component %d is %.1e rad from the eigenvector of eigenvalue %g "
                      "(want under 5e-4): stopped before v converged?", j, asin(fmin(s, 1.0)),
                      want[j]);
    }
}

/* The largest |V_i . V_j - [i == j]| over the rows of V (k,d), in double, with where it is. */
static double gram_error(const float *V, int k, int d, int *wi, int *wj) {
    double worst = 0;
    *wi = *wj = 0;
    for (int i = 0; i < k; i++)
        for (int j = 0; j <= i; j++) {
            double p = 0;
            for (int c = 0; c < d; c++) p += (double)V[i * d + c] * V[j * d + c];
            double e = fabs(p - (i == j));
            if (!(e <= worst)) worst = e, *wi = i, *wj = j; /* NaN counts as the worst */
        }
    return worst;
}

/* A = 0, as the covariance of constant data is: every direction has variance 0. */
WB_TEST(top_eigen_zero_matrix, .points = 1,
        .hint = "Catches a division by lambda = 0, and components not made orthogonal to the "
                "earlier ones: on the zero matrix (the covariance of constant data) Av = 0, and "
                "w / |w| is 0/0 = NaN. Stop there and keep the unit vector v you have: every "
                "direction is then an eigenvector of eigenvalue 0, but two random starts are not "
                "orthogonal, so each v must still end orthogonal to the components before it.",
        .hint2 = "Test lambda == 0 right after computing it, before dividing. The components must "
                 "still be orthonormal: orthonormalise (given) makes v orthogonal to the earlier "
                 "ones.") {
    enum { D = 3, K = 2 };
    float A[D * D] = {0}, vecs[K * D], vals[K], zero[K] = {0};
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_fill_nan(vecs, K * D), wb_fill_nan(vals, K);
    pca_top_eigen(A, D, K, vecs, vals, &r);
    for (int i = 0; i < K * D; i++)
        ck_assert_msg(isfinite(vecs[i]), "component %d, entry %d is %g: divided by lambda = 0?",
                      i / D, i % D, vecs[i]);
    WB_ASSERT_CLOSE(vals, zero, K, 0, 0); /* |A v| = 0 exactly */
    int i, j;
    double e = gram_error(vecs, K, D, &i, &j);
    /* unit vectors normalised in float: ~1e-7 */
    ck_assert_msg(e < 1e-5, "components %d and %d: dot product off by %.1e from %d (the rows "
                  "must be orthonormal)", i, j, e, i == j);
}

/* Asked for more components than A has rank: A = 8 q0 q0^T + 2 q1 q1^T (rank 2, exact in float)
   with k = 4, and A = (1,2,3)(1,2,3)^T (rank 1) with k = 3. Past the rank, deflation leaves only
   rounding noise, ~1e-7 of the largest eigenvalue: the eigenvalues there are 0 up to that. */
WB_TEST(top_eigen_beyond_the_rank, .points = 2,
        .hint = "Catches components past the rank of A that are not orthonormal: there A is "
                "deflated to rounding noise, whose top direction can be a component already found. "
                "Each v ends orthogonal to the components before it, and lambda = 0 if nothing of "
                "it was left.",
        .hint2 = "After the iteration, call orthonormalise(v, vecs, j, d) (given): it returns how "
                 "much of v lay outside the earlier components' span; under 1/2 means A had no "
                 "variance left there, so lambda = 0.") {
    float A[16], vecs[16], vals[4], want[4] = {8, 2, 0, 0};
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            A[r * 4 + c] = 8 * Q4[0][r] * Q4[0][c] + 2 * Q4[1][r] * Q4[1][c];
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_fill_nan(vecs, 16), wb_fill_nan(vals, 4);
    pca_top_eigen(A, 4, 4, vecs, vals, &r);
    WB_ASSERT_CLOSE(vals, want, 4, 1e-4, 1e-5); /* rounding noise ~1e-6 past the rank */
    for (int j = 0; j < 2; j++)
        ck_assert_msg(fabsf(abs_dot(vecs + 4 * j, Q4[j], 4) - 1.0f) < 1e-4f,
                      "component %d is not the eigenvector of eigenvalue %g: |v . q| = %g (want 1)",
                      j, want[j], abs_dot(vecs + 4 * j, Q4[j], 4));
    int i, j;
    double e = gram_error(vecs, 4, 4, &i, &j);
    ck_assert_msg(e < 1e-5, "rank 2, k = 4: components %d and %d have dot product off by %.1e from "
                  "%d (the rows must be orthonormal)", i, j, e, i == j);

    float B[9], u[3] = {1, 2, 3}, wantB[3] = {14, 0, 0}, q[3];
    for (int m = 0; m < 9; m++) B[m] = u[m / 3] * u[m % 3];
    for (int c = 0; c < 3; c++) q[c] = u[c] / sqrtf(14);
    wb_fill_nan(vecs, 9), wb_fill_nan(vals, 3);
    pca_top_eigen(B, 3, 3, vecs, vals, &r);
    WB_ASSERT_CLOSE(vals, wantB, 3, 1e-4, 1e-5);
    ck_assert_msg(fabsf(abs_dot(vecs, q, 3) - 1.0f) < 1e-4f, "component 0: |v . q| = %g (want 1)",
                  abs_dot(vecs, q, 3));
    e = gram_error(vecs, 3, 3, &i, &j);
    ck_assert_msg(e < 1e-5, "rank 1, k = 3: components %d and %d have dot product off by %.1e from "
                  "%d (the rows must be orthonormal)", i, j, e, i == j);
}

WB_TEST(pca_of_known_data, .points = 3,
        .hint = "Catches a covariance over n instead of n - 1 and data that is not centred, seen "
                "through the whole pipeline: the points lie along two known directions with "
                "variances 12 and 4/3, so those are the two eigenvalues.",
        .hint2 = "Variance 12 = (4/3) * 9: if you get 9 you divided by n = 4 instead of n - 1 = 3; if the first "
                 "component points towards the mean (1,2,3,4), the data was not centred.") {
    float X[4][4], comps[8], vals[2], want[2] = {12.0f, 4.0f / 3.0f};
    four_points(X);
    wb_rng r;
    wb_rng_seed(&r, 5);
    ck_assert_int_eq(pca_power_iteration(&X[0][0], 4, 4, 2, comps, vals, &r), 0);
    WB_ASSERT_CLOSE(vals, want, 2, 1e-4, 1e-5); /* as in top_eigen_known_matrix: ratio 1/9 converges fast */
    for (int j = 0; j < 2; j++) {
        ck_assert_msg(fabsf(abs_dot(comps + 4 * j, Q4[j], 4) - 1.0f) < 1e-4f,
                      "component %d: |v . q%d| = %g (want 1)", j, j, abs_dot(comps + 4 * j, Q4[j], 4));
    }
    /* bad shapes are errors, not crashes */
    ck_assert_int_eq(pca_power_iteration(&X[0][0], 4, 4, 5, comps, vals, &r), -1);
    ck_assert_msg(strstr(wb_last_error(), "k = 5") != NULL, "error message: %s", wb_last_error());
    ck_assert_int_eq(pca_power_iteration(&X[0][0], 4, 4, 0, comps, vals, &r), -1);
    ck_assert_msg(strstr(wb_last_error(), "k = 0") != NULL, "error message: %s", wb_last_error());
    ck_assert_int_eq(pca_power_iteration(&X[0][0], 1, 4, 1, comps, vals, &r), -1);
    ck_assert_msg(strstr(wb_last_error(), "n = 1") != NULL, "error message: %s", wb_last_error());
    ck_assert_int_eq(pca_power_iteration(&X[0][0], 4, 0, 1, comps, vals, &r), -1);
    ck_assert_msg(strstr(wb_last_error(), "d = 0") != NULL, "error message: %s", wb_last_error());
}

WB_TEST(project_and_reconstruct, .points = 2,
        .hint = "Catches a projection of uncentred rows, codes stored (k,n) instead of (n,k), a "
                "reconstruction without the mean, and outputs added to old contents: code j of row i "
                "is component j dotted with (x_i - mean); the reconstruction is V^T h + mean.",
        .hint2 = "The four points have codes (3a, b) with a, b = +-1 on the directions q0, q1, and they lie "
                 "exactly in that plane, so reconstructing them gives the points back.") {
    float X[4][4], codes[8], Xhat[16];
    wb_fill_nan(codes, 8), wb_fill_nan(Xhat, 16); /* unwritten entries read as NaN */
    float want_codes[8] = {3, 1, 3, -1, -3, 1, -3, -1};
    four_points(X);
    pca_project(&X[0][0], 4, 4, MU, &Q4[0][0], 2, codes);
    WB_ASSERT_CLOSE(codes, want_codes, 8, 1e-5, 1e-5); /* sums of four terms of size <= 3: float rounding */
    pca_reconstruct(codes, 4, 2, 4, MU, &Q4[0][0], Xhat);
    WB_ASSERT_CLOSE(Xhat, &X[0][0], 16, 1e-5, 1e-5);
}

/* The same plane with n != d: three of the four points (n = 3) and all four plus the mean itself
   (n = 5), in d = 4. Rows of X and Xhat are d numbers apart, whatever n is; the buffers end where
   an unreadable page begins, so reading or writing past n rows stops the test with their name. */
WB_TEST(project_and_reconstruct_n_rows, .points = 1,
        .hint = "Catches rows of X or Xhat addressed with the number of rows n where the row length "
                "d belongs: row i of an (n,d) array starts at i*d, and with n = 3 or 5 points in 4-D "
                "the two differ (in project_and_reconstruct n = d = 4).",
        .hint2 = "The points are those of project_and_reconstruct, whose codes are (3a, b); the mean "
                 "itself has code (0, 0). Each point lies in the plane, so its reconstruction is the "
                 "point. Check the row offsets of pca_project's input and of pca_reconstruct's "
                 "output, and the leading dimension of the output in its wb_sgemm call.") {
    float P[4][4];
    four_points(P);
    for (int n = 3; n <= 5; n += 2) {
        float *X = wb_guarded_floats(n * 4, "X (n,4)"), *codes = wb_guarded_floats(n * 2, "codes (n,2)");
        float *Xhat = wb_guarded_floats(n * 4, "Xhat (n,4)"), want_codes[10];
        const float all[10] = {3, 1, 3, -1, -3, 1, -3, -1, 0, 0}; /* (3a, b); the mean: (0, 0) */
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 4; c++) X[i * 4 + c] = i < 4 ? P[i][c] : MU[c];
        for (int i = 0; i < 2 * n; i++) want_codes[i] = all[i];
        wb_fill_nan(codes, n * 2), wb_fill_nan(Xhat, n * 4);
        pca_project(X, n, 4, MU, &Q4[0][0], 2, codes);
        WB_ASSERT_CLOSE(codes, want_codes, n * 2, 1e-5, 1e-5); /* as in project_and_reconstruct */
        pca_reconstruct(codes, n, 2, 4, MU, &Q4[0][0], Xhat);
        WB_ASSERT_CLOSE(Xhat, X, n * 4, 1e-5, 1e-5);
        wb_guarded_free(X), wb_guarded_free(codes), wb_guarded_free(Xhat);
    }
}
