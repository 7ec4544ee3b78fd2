/* gradcheck.c — see gradcheck.h. */
#include "gradcheck.h"

#include <math.h>

wb_gradcheck_result wb_gradcheck(wb_loss_fn loss, void *ctx, float *x, const float *grad, long n, double eps) {
    wb_gradcheck_result r = {0.0, -1, 0.0, 0.0};
    for (long i = 0; i < n; i++) {
        float saved = x[i];
        /* the step actually taken is what float can represent: use it, not eps, in the quotient */
        float hi = (float)(saved + eps), lo = (float)(saved - eps);
        x[i] = hi;
        double lhi = loss(ctx);
        x[i] = lo;
        double llo = loss(ctx);
        x[i] = saved;
        double numeric = (lhi - llo) / ((double)hi - (double)lo);
        double analytic = grad[i];
        double scale = fmax(fmax(fabs(analytic), fabs(numeric)), WB_GRADCHECK_FLOOR);
        double err = fabs(analytic - numeric) / scale;
        if (isnan(err)) err = INFINITY; /* a NaN gradient is the worst error there is */
        if (r.worst < 0 || err > r.max_rel_err) {
            r.max_rel_err = err;
            r.worst = i;
            r.analytic = analytic;
            r.numeric = numeric;
        }
    }
    return r;
}
