// playground.h — the functions the Playground page calls (see playground.c).
#ifndef PLAYGROUND_H
#define PLAYGROUND_H

#include "week05.h"

enum { PG_CIRCLE, PG_XOR, PG_GAUSS, PG_SPIRAL };
/* input features, as bits of pg_setup's mask: x, y, x^2, y^2, xy, sin x, sin y */
enum { PG_F_X = 1, PG_F_Y = 2, PG_F_XX = 4, PG_F_YY = 8, PG_F_XY = 16, PG_F_SINX = 32, PG_F_SINY = 64,
       PG_NFEATURES = 7 };

int pg_setup(int dataset, int n, float noise, int train_percent, int features, int nhidden,
             int units, int act, int batch, unsigned seed);
float pg_train(int steps, float lr, float l2, float momentum);
float pg_loss(int which);
int pg_grid(int res, float *out);
int pg_unit(int res, int l, int j, float *out);
void pg_free(void);
int pg_missing_count(void);
const char *pg_missing_name(int i);
int pg_update_by(void);
int pg_l2_by(void);
int pg_steps(void);
int pg_nparams(void);
const float *pg_params(void);
int pg_npoints(void);
int pg_ntrain(void);
const float *pg_points(void);
const int *pg_labels(void);
int pg_nlayers(void);
int pg_size(int l);

#endif
