/* tensor.c — see tensor.h. */
#include "tensor.h"

#include "error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fill shape fields; returns the element count, dying on a bad shape (a programming error). */
static size_t set_shape(wb_tensor *t, int ndim, const int *shape) {
    WB_CHECK(ndim >= 0 && ndim <= WB_MAX_DIMS, "a tensor has 0..%d dimensions, not %d", WB_MAX_DIMS, ndim);
    size_t size = 1;
    t->ndim = ndim;
    for (int d = 0; d < WB_MAX_DIMS; d++) {
        int n = d < ndim ? shape[d] : 1;
        WB_CHECK(n >= 0, "dimension %d is negative (%d)", d, n);
        WB_CHECK(n == 0 || size <= SIZE_MAX / sizeof(float) / (size_t)n, "tensor size overflows");
        t->shape[d] = n;
        size *= (size_t)n;
    }
    t->size = size;
    return size;
}

wb_tensor wb_tensor_new(int ndim, const int *shape) {
    wb_tensor t = {0};
    size_t n = set_shape(&t, ndim, shape);
    t.data = wb_calloc(n, sizeof(float));
    t.owns = 1;
    return t;
}

wb_tensor wb_tensor_view(float *data, int ndim, const int *shape) {
    wb_tensor t = {0};
    set_shape(&t, ndim, shape);
    t.data = data;
    return t;
}

void wb_tensor_free(wb_tensor *t) {
    if (t->owns) free(t->data);
    memset(t, 0, sizeof *t);
}

const char *wb_shape_str(const wb_tensor *t, char *buf, size_t len) {
    size_t used = (size_t)snprintf(buf, len, "(");
    for (int d = 0; d < t->ndim && used < len; d++)
        used += (size_t)snprintf(buf + used, len - used, d ? ",%d" : "%d", t->shape[d]);
    if (used < len) snprintf(buf + used, len - used, ")");
    return buf;
}

int wb_same_shape(const wb_tensor *a, const wb_tensor *b) {
    if (a->ndim != b->ndim) return 0;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d]) return 0;
    return 1;
}

void wb_params_add(wb_params *p, wb_tensor *view, const char *name, int ndim, const int *shape) {
    WB_CHECK(p->data == NULL, "wb_params_add(%s) after wb_params_alloc", name);
    WB_CHECK(p->count < WB_MAX_PARAMS, "more than %d parameter tensors", WB_MAX_PARAMS);
    memset(view, 0, sizeof *view);
    size_t n = set_shape(view, ndim, shape);
    p->views[p->count] = view;
    p->names[p->count] = name;
    p->offsets[p->count] = p->size;
    p->count++;
    p->size += n;
}

static void point_views(wb_params *p) {
    for (int i = 0; i < p->count; i++) p->views[i]->data = p->data + p->offsets[i];
}

void wb_params_alloc(wb_params *p) {
    p->data = wb_calloc(p->size, sizeof(float));
    point_views(p);
}

void wb_params_alloc_like(wb_params *p, const wb_params *like, wb_tensor *const *views) {
    *p = *like;
    for (int i = 0; i < like->count; i++) {
        p->views[i] = views[i];
        *views[i] = *like->views[i];
        views[i]->owns = 0;
    }
    wb_params_alloc(p);
}

void wb_params_free(wb_params *p) {
    free(p->data);
    for (int i = 0; i < p->count; i++) p->views[i]->data = NULL;
    memset(p, 0, sizeof *p);
}
