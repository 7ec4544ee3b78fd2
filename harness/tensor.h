/* tensor.h — float32 tensors of up to 4 dimensions, and one contiguous buffer for parameters.
 *
 * A wb_tensor is a row-major array of floats with its shape: element (i,j) of a (R,C) tensor is
 * data[i*C + j]. It either owns its memory (wb_tensor_new) or views memory owned elsewhere.
 *
 *     wb_tensor x = WB_TENSOR(64, 784);       // zero-filled (64,784)
 *     x.data[3 * 784 + 5] = 1.0f;              // or WB_AT2(x, 3, 5) = 1.0f;
 *     wb_tensor_free(&x);
 *
 * Parameters live in one buffer with named views (as in llm.c), so an optimizer step or a save is
 * one loop over one array, and the gradients share the same layout:
 *
 *     wb_params P = {0};
 *     wb_params_add(&P, &net.W1, "W1", 2, (int[]){128, 784});
 *     wb_params_add(&P, &net.b1, "b1", 1, (int[]){128});
 *     wb_params_alloc(&P);        // one allocation; net.W1.data and net.b1.data now point into it
 *     ... P.data[0 .. P.size-1] are all the parameters ...
 *     wb_params_free(&P);
 */
#ifndef WB_TENSOR_H
#define WB_TENSOR_H

#include <stddef.h>

#define WB_MAX_DIMS 4

typedef struct wb_tensor {
    float *data;
    int ndim;
    int shape[WB_MAX_DIMS]; /* unused trailing dimensions are 1 */
    size_t size;            /* number of elements: the product of the shape */
    int owns;               /* 1 if wb_tensor_free should free data */
} wb_tensor;

/* A zero-filled tensor; dies with file:line if memory runs out or a dimension is negative. */
wb_tensor wb_tensor_new(int ndim, const int *shape);
/* A tensor that views memory it does not own (nothing is copied). */
wb_tensor wb_tensor_view(float *data, int ndim, const int *shape);
void wb_tensor_free(wb_tensor *t);
/* "(64,784)" into buf; returns buf. */
const char *wb_shape_str(const wb_tensor *t, char *buf, size_t len);
/* 1 if a and b have the same shape. */
int wb_same_shape(const wb_tensor *a, const wb_tensor *b);

#define WB_NARGS_(_1, _2, _3, _4, N, ...) N
#define WB_NARGS(...) WB_NARGS_(__VA_ARGS__, 4, 3, 2, 1, 0)
/* WB_TENSOR(2, 3) is a new zero-filled (2,3) tensor. */
#define WB_TENSOR(...) wb_tensor_new(WB_NARGS(__VA_ARGS__), (const int[]){__VA_ARGS__})
#define WB_AT2(t, i, j) ((t).data[(size_t)(i) * (t).shape[1] + (j)])

/* One buffer, many named views. */
#define WB_MAX_PARAMS 64
typedef struct wb_params {
    float *data;   /* all parameters, contiguous */
    size_t size;   /* total number of floats */
    int count;
    wb_tensor *views[WB_MAX_PARAMS];
    const char *names[WB_MAX_PARAMS];
    size_t offsets[WB_MAX_PARAMS];
} wb_params;

/* Reserve a view of the given shape; *view gets its data pointer at wb_params_alloc. */
void wb_params_add(wb_params *p, wb_tensor *view, const char *name, int ndim, const int *shape);
/* Allocate the zero-filled buffer and point every view into it. */
void wb_params_alloc(wb_params *p);
/* A second buffer with the same layout (e.g. gradients): views of `like` are mirrored in `views`. */
void wb_params_alloc_like(wb_params *p, const wb_params *like, wb_tensor *const *views);
void wb_params_free(wb_params *p);

#endif
