/* dense_cost.h — the quadratic cost of one dense layer on a fixed small batch, as a function the
 * gradient check (gradcheck.h) can call. Shared by test_dense.c and driver.c, which both check a
 * student's dense_backward against finite differences of it.
 *
 *     C = 1/2 sum_i (a_i - t_i)^2 over the batch, or that divided by B (the mean, for dW and db)
 */
#ifndef DENSE_COST_H
#define DENSE_COST_H

#include "week02.h"

enum { DC_B = 4, DC_IN = 3, DC_OUT = 2 }; /* batch (B), inputs, outputs */

typedef struct {
    dense *l;
    float *x;        /* x (DC_B, DC_IN) */
    const float *t;  /* targets (DC_B, DC_OUT) */
    int sum;         /* 1: the loss is sum_x C_x (for dx, a per-example gradient); 0: the mean (for dW, db) */
} dense_problem;

static inline double dense_cost(void *p) {
    dense_problem *q = p;
    float z[DC_B * DC_OUT], a[DC_B * DC_OUT];
    dense_forward(q->l, q->x, z, a, DC_B);
    double c = 0;
    for (int i = 0; i < DC_B * DC_OUT; i++) c += 0.5 * ((double)a[i] - q->t[i]) * ((double)a[i] - q->t[i]);
    return q->sum ? c : c / DC_B;
}

#endif
