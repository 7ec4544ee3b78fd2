/* gradcheck.c — see gradcheck.h. */
#include "gradcheck.h"

#include <math.h>

/* dL/dx_i by the central difference, in double */
static double numeric_slope(wb_loss_fn loss, void *ctx, float *x, long i, double eps) {
    float saved = x[i];
    /* the step actually taken is what float can represent: use it, not eps, in the quotient */
    float hi = (float)(saved + eps), lo = (float)(saved - eps);
    x[i] = hi;
    double lhi = loss(ctx);
    x[i] = lo;
    double llo = loss(ctx);
    x[i] = saved;
    return (lhi - llo) / ((double)hi - (double)lo);
}

/* Both checks walk every element and keep the worst by `badness`; they differ only in that measure. */
static wb_gradcheck_result check(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n, double eps,
                                 double rtol, double atol, int within) {
    wb_gradcheck_result r = {0.0, -1, 0.0, 0.0, 1, rtol, atol};
    double worst_badness = -1.0;
    for (long i = 0; i < n; i++) {
        double numeric = numeric_slope(loss, ctx, x, i, eps), analytic = grad[i];
        double diff = fabs(analytic - numeric), big = fmax(fabs(analytic), fabs(numeric));
        double rel = diff / fmax(big, WB_GRADCHECK_FLOOR);
        /* relative error, or how many tolerances away the element is */
        double badness = within ? diff / (rtol * big + atol) : rel;
        if (isnan(badness)) badness = rel = INFINITY; /* a NaN gradient is the worst error there is */
        if (within && !(diff <= rtol * big + atol)) r.ok = 0;
        if (badness > worst_badness) {
            worst_badness = badness;
            r.max_rel_err = rel, r.worst = i, r.analytic = analytic, r.numeric = numeric;
        }
    }
    return r;
}

wb_gradcheck_result wb_gradcheck(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n, double eps) {
    return check(loss, ctx, x, grad, n, eps, 0.0, 0.0, 0);
}

wb_gradcheck_result wb_gradcheck_within(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n,
                                        double eps, double rtol, double atol) {
    return check(loss, ctx, x, grad, n, eps, rtol, atol, 1);
}
