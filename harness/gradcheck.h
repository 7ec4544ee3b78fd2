/* gradcheck.h — is my backward pass right? Compare it with finite differences.
 *
 * Give it a function that computes the loss (it may read anything through ctx), the parameter
 * array x the loss depends on, and your analytic gradient dL/dx. For each element it measures
 *     numeric_i = (L(x + eps e_i) - L(x - eps e_i)) / (2 eps)     (central difference, in double)
 * and reports the worst relative error |a - n| / max(|a|, |n|, floor) with its index.
 *
 *     double loss_of(void *ctx) { struct net *n = ctx; return forward(n); }
 *     wb_gradcheck_result r = wb_gradcheck(loss_of, &net, W, dW, nW, 1e-3);
 *     WB_ASSERT_GRAD(r, 1e-2);   // in a test (testing.h)
 *
 * Rules of thumb for float32 code: eps = 1e-3 and a tolerance near 1e-2. The central difference's
 * own error is O(eps²), but the loss is computed in float, so each L carries a rounding error near
 * 6e-8·|L|, which divided by 2·eps becomes ~3e-5·|L| in the numeric gradient: much smaller eps
 * makes things worse, not better. Kinks (ReLU at 0, max) can fool any finite difference.
 */
#ifndef WB_GRADCHECK_H
#define WB_GRADCHECK_H

typedef double (*wb_loss_fn)(void *ctx);

typedef struct wb_gradcheck_result {
    double max_rel_err; /* worst relative error over all elements */
    long worst;         /* its index (-1 if n == 0) */
    double analytic, numeric;
    int ok;             /* wb_gradcheck_within: 1 if every element is within its tolerance */
    double rtol, atol;  /* the tolerances wb_gradcheck_within used */
} wb_gradcheck_result;

/* Relative errors of gradients smaller than this are measured against it instead (both ~0). */
#define WB_GRADCHECK_FLOOR 1e-6

/* x is perturbed in place and restored exactly. */
wb_gradcheck_result wb_gradcheck(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n, double eps);

/* The same differences, judged element by element: element i is right when
       |analytic_i - numeric_i| <= rtol * max(|analytic_i|, |numeric_i|) + atol.
   The absolute part is for gradients so small that the numeric estimate is mostly rounding noise
   (about 3e-5 |L| / eps * 1e-3, see above). The worst element is the one furthest outside its
   tolerance. In a test: WB_ASSERT_GRAD_WITHIN(wb_gradcheck_within(..., 2e-2, 1e-5)). */
wb_gradcheck_result wb_gradcheck_within(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n,
                                        double eps, double rtol, double atol);

#endif
