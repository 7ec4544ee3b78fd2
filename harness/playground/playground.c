// playground.c — the C side of the Playground page (harness/playground/page.html): 2-D data sets,
// input features, and one training step made of the student's week 05 MLP (mlp_forward,
// softmax_xent, mlp_backward), week 07's l2_penalty and week 06's sgd_momentum_step. Compiled to
// WebAssembly by harness/playground/wb-playground, and natively by the check (native.c), so the two
// can be compared number for number.
//
// A function the student has not written yet calls wb_not_written(__func__) (stubgen puts the call
// under every TODO); after each call into student code the page asks pg_missing_count/name. Where
// the optional pieces (the L2 penalty, the update) are not written, this file's own plain versions
// run instead and pg_update_by/pg_l2_by say so.
#include "playground.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "week06.h"
#include "week07.h"

enum { GRID_MAX = 64 * 64 };

static struct {
    mlp net;
    int ready, nfeat, features, ntrain, ntest, n, batch, next, steps;
    float *pts;       // (n, 2) the points, training points first
    int *labels;      // (n) 0 or 1
    float *feats;     // (n, nfeat) their input features
    float *velocity;  // (params.size) the momentum buffer
    float *grid;      // (GRID_MAX, nfeat) the features of a grid over the plane
    int *order;       // (ntrain) the training points in the order the minibatches take them
    float *xb;        // (batch, nfeat) one minibatch
    int *yb;
    float *dlogits;   // (max rows, 2)
    wb_rng rng;
    int update_by, l2_by;   // 0: the student's function, 1: the harness's (not written yet)
} S;

static const char *const missing_none = "";

int pg_missing_count(void) { return wb_not_written_count(); }
const char *pg_missing_name(int i) { const char *s = wb_not_written_name(i); return s ? s : missing_none; }
int pg_update_by(void) { return S.update_by; }
int pg_l2_by(void) { return S.l2_by; }
int pg_steps(void) { return S.steps; }
int pg_nparams(void) { return S.ready ? (int)S.net.params.size : 0; }
const float *pg_params(void) { return S.net.params.data; }
int pg_npoints(void) { return S.n; }
int pg_ntrain(void) { return S.ntrain; }
const float *pg_points(void) { return S.pts; }
const int *pg_labels(void) { return S.labels; }

/* the features of the point (x, y), those chosen by the bit mask `features` (PG_F_X ...) */
static void features_of(float x, float y, int features, float *f) {
    const float all[PG_NFEATURES] = {x, y, x * x, y * y, x * y, sinf(x), sinf(y)};
    int k = 0;
    for (int i = 0; i < PG_NFEATURES; i++)
        if (features & (1 << i)) f[k++] = all[i];
}

/* n points of a data set in [-6, 6]^2, TensorFlow Playground's recipes: x (n,2), label (n) */
static void make_points(int dataset, int n, float noise, wb_rng *r, float *x, int *label) {
    for (int i = 0; i < n; i++) {
        float px, py;
        int c;
        if (dataset == PG_CIRCLE) {          // a disc of radius 2.5 inside a ring from 3.5 to 5
            c = i < n / 2;
            float rad = c ? 2.5f * wb_rng_uniform(r) : 3.5f + 1.5f * wb_rng_uniform(r);
            float a = 6.2831853f * wb_rng_uniform(r);
            px = rad * sinf(a) + 5.0f * noise * (2 * wb_rng_uniform(r) - 1);
            py = rad * cosf(a) + 5.0f * noise * (2 * wb_rng_uniform(r) - 1);
            c = c ? 1 : 0;
        } else if (dataset == PG_XOR) {      // the four quadrants, a gap of 0.3 along the axes
            float ux = 10.0f * wb_rng_uniform(r) - 5.0f, uy = 10.0f * wb_rng_uniform(r) - 5.0f;
            ux += ux > 0 ? 0.3f : -0.3f, uy += uy > 0 ? 0.3f : -0.3f;
            c = ux * uy > 0;
            px = ux + 5.0f * noise * (2 * wb_rng_uniform(r) - 1);
            py = uy + 5.0f * noise * (2 * wb_rng_uniform(r) - 1);
        } else if (dataset == PG_GAUSS) {    // two blobs at (2,2) and (-2,-2), wider with noise
            c = i < n / 2;
            float sd = sqrtf(0.5f + 3.5f * noise * 2.0f);
            px = (c ? 2.0f : -2.0f) + sd * wb_rng_normal(r);
            py = (c ? 2.0f : -2.0f) + sd * wb_rng_normal(r);
        } else {                             // two interleaved spirals
            int h = n / 2, k = i % h;
            c = i < h;
            float rad = 5.0f * k / h, t = 1.75f * k / h * 6.2831853f + (c ? 0.0f : 3.1415927f);
            px = rad * sinf(t) + 5.0f * noise * 0.4f * (2 * wb_rng_uniform(r) - 1);
            py = rad * cosf(t) + 5.0f * noise * 0.4f * (2 * wb_rng_uniform(r) - 1);
        }
        x[2 * i] = px, x[2 * i + 1] = py, label[i] = c;
    }
}

void pg_free(void) {
    if (S.ready) mlp_free(&S.net);
    free(S.pts), free(S.labels), free(S.feats), free(S.velocity), free(S.grid), free(S.order);
    free(S.xb), free(S.yb), free(S.dlogits);
    memset(&S, 0, sizeof S);
}

int pg_setup(int dataset, int n, float noise, int train_percent, int features, int nhidden,
             int units, int act, int batch, unsigned seed) {
    pg_free();
    wb_cpu_set_threads(1);                     // the page is single-threaded
    if (n < 10 || n > 2000 || features <= 0 || features >= (1 << PG_NFEATURES) || nhidden < 0 ||
        nhidden > 6 || units < 1 || units > 8 || batch < 1 || batch > 100 || act < ACT_NONE ||
        act > ACT_SIGMOID || train_percent < 10 || train_percent > 90)
        return -1;
    wb_rng_seed(&S.rng, seed);
    S.n = n, S.features = features, S.batch = batch;
    for (int i = 0; i < PG_NFEATURES; i++) S.nfeat += (features >> i) & 1;
    S.pts = wb_malloc(sizeof(float) * 2 * n);
    S.labels = wb_malloc(sizeof(int) * n);
    make_points(dataset, n, noise, &S.rng, S.pts, S.labels);
    // shuffle the points, then the first train_percent of them are the training set
    int *perm = wb_malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) perm[i] = i;
    wb_rng_shuffle(&S.rng, perm, n);
    float *p2 = wb_malloc(sizeof(float) * 2 * n);
    int *l2 = wb_malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) p2[2 * i] = S.pts[2 * perm[i]], p2[2 * i + 1] = S.pts[2 * perm[i] + 1], l2[i] = S.labels[perm[i]];
    free(S.pts), free(S.labels), free(perm);
    S.pts = p2, S.labels = l2;
    S.ntrain = n * train_percent / 100, S.ntest = n - S.ntrain;
    S.feats = wb_malloc(sizeof(float) * n * S.nfeat);
    for (int i = 0; i < n; i++) features_of(S.pts[2 * i], S.pts[2 * i + 1], features, S.feats + i * S.nfeat);
    // the network: nfeat -> units x nhidden (activation act) -> 2 logits
    int sizes[8];
    activation acts[7];
    sizes[0] = S.nfeat;
    for (int l = 0; l < nhidden; l++) sizes[l + 1] = units, acts[l] = (activation)act;
    sizes[nhidden + 1] = 2, acts[nhidden] = ACT_NONE;
    int rows = n > GRID_MAX ? n : GRID_MAX;
    wb_not_written_reset();
    mlp_init(&S.net, nhidden + 1, sizes, acts, rows, &S.rng);
    S.velocity = wb_calloc(S.net.params.size, sizeof(float));
    S.grid = wb_malloc(sizeof(float) * GRID_MAX * S.nfeat);
    S.order = wb_malloc(sizeof(int) * S.ntrain);
    for (int i = 0; i < S.ntrain; i++) S.order[i] = i;
    wb_rng_shuffle(&S.rng, S.order, S.ntrain);
    S.xb = wb_malloc(sizeof(float) * batch * S.nfeat);
    S.yb = wb_malloc(sizeof(int) * batch);
    S.dlogits = wb_malloc(sizeof(float) * 2 * batch);
    S.ready = 1;
    return 0;
}

/* The harness's L2 step, used while l2_penalty is not written: grads += lambda W (matrices only) */
static void harness_l2(float lambda) {
    for (int l = 0; l < S.net.nlayers; l++) {
        const wb_tensor *W = &S.net.layer[l].W;
        float *g = S.net.grad[l].W.data;
        for (size_t i = 0; i < W->size; i++) g[i] += lambda * W->data[i];
    }
}

/* The harness's update, used while sgd_momentum_step is not written: v = mu v - lr g; w += v */
static void harness_update(float lr, float momentum) {
    float *w = S.net.params.data, *g = S.net.grads.data;
    for (size_t i = 0; i < S.net.params.size; i++) {
        S.velocity[i] = momentum * S.velocity[i] - lr * g[i];
        w[i] += S.velocity[i];
    }
}

/* `steps` minibatch steps; returns the last minibatch's loss (NaN before pg_setup) */
float pg_train(int steps, float lr, float l2, float momentum) {
    if (!S.ready) return NAN;
    float loss = NAN;
    for (int s = 0; s < steps; s++) {
        int B = S.batch < S.ntrain ? S.batch : S.ntrain;
        for (int i = 0; i < B; i++) {              // the next B training points, reshuffled each epoch
            if (S.next == S.ntrain) wb_rng_shuffle(&S.rng, S.order, S.ntrain), S.next = 0;
            int j = S.order[S.next++];
            memcpy(S.xb + i * S.nfeat, S.feats + j * S.nfeat, sizeof(float) * S.nfeat);
            S.yb[i] = S.labels[j];
        }
        mlp_forward(&S.net, S.xb, B);
        loss = softmax_xent(mlp_output(&S.net), S.yb, B, 2, S.dlogits);
        mlp_backward(&S.net, S.xb, S.dlogits, B);
        if (l2 > 0) {
            int before = wb_not_written_count();
            l2_penalty(&S.net.params, &S.net.grads, l2);
            S.l2_by = wb_not_written_count() > before || S.l2_by;
            if (S.l2_by) harness_l2(l2);
        }
        int before = wb_not_written_count();
        sgd_momentum_step(S.net.params.data, S.net.grads.data, S.velocity, S.net.params.size, lr, momentum);
        S.update_by = wb_not_written_count() > before || S.update_by;
        if (S.update_by) harness_update(lr, momentum);
        S.steps++;
    }
    return loss;
}

/* The mean cross-entropy of the training (which = 0) or test (1) points, computed here from the
   network's logits (not by the student's softmax_xent, so the curve is right even while it is not) */
float pg_loss(int which) {
    if (!S.ready) return NAN;
    int from = which ? S.ntrain : 0, count = which ? S.ntest : S.ntrain;
    if (count == 0) return NAN;
    mlp_forward(&S.net, S.feats + from * S.nfeat, count);
    const float *z = mlp_output(&S.net);
    double total = 0;
    for (int i = 0; i < count; i++) {
        float a = z[2 * i], b = z[2 * i + 1], m = a > b ? a : b;
        double lse = m + log(exp((double)a - m) + exp((double)b - m));
        total += lse - z[2 * i + S.labels[from + i]];
    }
    return (float)(total / count);
}

/* The network over a res x res grid of [-6,6]^2 (row 0 at y = +6): out (res*res) receives
   p(class 1) - p(class 0) = tanh((z1 - z0) / 2) in [-1, 1]; afterwards pg_unit reads any unit */
int pg_grid(int res, float *out) {
    if (!S.ready || res < 2 || res * res > GRID_MAX) return -1;
    for (int r = 0; r < res; r++)
        for (int c = 0; c < res; c++) {
            float x = -6.0f + 12.0f * (c + 0.5f) / res, y = 6.0f - 12.0f * (r + 0.5f) / res;
            features_of(x, y, S.features, S.grid + (r * res + c) * S.nfeat);
        }
    mlp_forward(&S.net, S.grid, res * res);
    const float *z = mlp_output(&S.net);
    for (int i = 0; i < res * res; i++) out[i] = tanhf(0.5f * (z[2 * i + 1] - z[2 * i]));
    return 0;
}

/* After pg_grid(res, ...): unit j of layer l (l = -1: input feature j) over the grid, into out */
int pg_unit(int res, int l, int j, float *out) {
    if (!S.ready || l < -1 || l >= S.net.nlayers) return -1;
    int width = l < 0 ? S.nfeat : S.net.sizes[l + 1];
    if (j < 0 || j >= width) return -1;
    const float *a = l < 0 ? S.grid : S.net.act_out[l];
    for (int i = 0; i < res * res; i++) out[i] = a[i * width + j];
    return 0;
}

/* layer sizes for drawing: sizes[0] = features, ..., sizes[nlayers] = 2 */
int pg_nlayers(void) { return S.ready ? S.net.nlayers : 0; }
int pg_size(int l) { return S.ready && l >= 0 && l <= S.net.nlayers ? S.net.sizes[l] : 0; }
