/**
# LeNet-5, one layer after another

LeCun, Bottou, Bengio and Haffner's LeNet-5 (1998) read the digits on cheques; with two changes
that came later (ReLU instead of a scaled tanh, max pooling instead of a trainable average) it is
still the first convolutional network everyone builds:

| layer  | output (per image) | parameters              |
|--------|--------------------|-------------------------|
| conv1  | 6 × 28 × 28        | 6·1·5·5 + 6 = 156       |
| pool1  | 6 × 14 × 14        | 0                       |
| conv2  | 16 × 10 × 10       | 16·6·5·5 + 16 = 2,416   |
| pool2  | 16 × 5 × 5         | 0                       |
| fc1    | 120                | 400·120 + 120 = 48,120  |
| fc2    | 84                 | 120·84 + 84 = 10,164    |
| fc3    | 10                 | 84·10 + 10 = 850        |

61,706 parameters, most of them (78%) in fc1; most of the *arithmetic*, though, is in the two conv
layers, which reuse their few weights at every position of the picture.

We write it the way llm.c writes GPT-2: no autograd, no layer objects. **All parameters live in one
buffer** and the network holds named pointers into it (`net->w.conv1_w`, ...), laid out one
tensor after the other; the gradients live in a second buffer with the same layout (`net->g`), so
an optimiser step, a save and a gradient check each see one flat array. **All activations live in
one buffer** too (`net->a.c1`, ...), sized for the largest batch, with their gradients in a second
(`net->d`). The forward pass is a list of calls, each reading the previous activation and writing
the next; the backward pass is the same list reversed, each layer's backward reading the *input it
was given in the forward* (cached in the activation buffer) and the gradient of its output.

Getting the layout right is the part nothing else checks for you: if two views overlap, writing
fc1's gradient overwrites part of conv2's and training quietly goes wrong. `lenet_point_params`
walks one pointer through the buffer, advancing it by each tensor's size.

The backward pass for a batch, from the loss down, with $\delta t = \partial L / \partial t$:
fc3, dropout, relu, fc2, dropout, relu, fc1, flatten, pool2, relu, conv2, pool1, relu, conv1.
Each backward **overwrites** its outputs (week 08's conv and pooling layers do too), so no
gradient needs zeroing first. conv1 needs no $\delta x$ (nobody uses the gradient of the data)
except for the saliency maps of `see.c`.
*/
#include "week09.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const char *const LENET_PARAM_NAMES[LENET_NPARAMS] = {
    "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight",
    "fc1.bias",     "fc2.weight", "fc2.bias",     "fc3.weight", "fc3.bias"};

int lenet_config_check(const lenet_config *c) {
    if (c->H < 12) return wb_fail("lenet: H = %d: conv2's 5x5 kernel needs H >= 12 (28 for MNIST)", c->H);
    if (c->c1 < 1 || c->c2 < 1) return wb_fail("lenet: c1 = %d, c2 = %d must be positive", c->c1, c->c2);
    if (c->f1 < 1 || c->f2 < 1) return wb_fail("lenet: f1 = %d, f2 = %d must be positive", c->f1, c->f2);
    if (c->classes < 2) return wb_fail("lenet: classes = %d, want at least 2", c->classes);
    if (c->max_batch < 1) return wb_fail("lenet: max_batch = %d must be positive", c->max_batch);
    if (!(c->drop >= 0.0f && c->drop < 1.0f)) return wb_fail("lenet: drop = %g must be in [0,1)", (double)c->drop);
    return 0;
}

void lenet_param_sizes(const lenet *net, size_t sizes[LENET_NPARAMS]) {
    const lenet_config *c = &net->cfg;
    /* the number of floats of each tensor of lenet_params, in its order: conv weights (OC,C,5,5)
       and biases (OC), dense weights (out,in) and biases (out); fc1's input is net->F wide */
    // BEGIN SOLUTION: the ten sizes
    sizes[0] = (size_t)c->c1 * 1 * 25, sizes[1] = (size_t)c->c1;
    sizes[2] = (size_t)c->c2 * c->c1 * 25, sizes[3] = (size_t)c->c2;
    sizes[4] = (size_t)c->f1 * net->F, sizes[5] = (size_t)c->f1;
    sizes[6] = (size_t)c->f2 * c->f1, sizes[7] = (size_t)c->f2;
    sizes[8] = (size_t)c->classes * c->f2, sizes[9] = (size_t)c->classes;
    // END SOLUTION
    // STUB: (void)c;
}

void lenet_point_params(lenet_params *p, const size_t sizes[LENET_NPARAMS], float *memory) {
    float **views[LENET_NPARAMS] = {&p->conv1_w, &p->conv1_b, &p->conv2_w, &p->conv2_b, &p->fc1_w,
                                    &p->fc1_b,   &p->fc2_w,   &p->fc2_b,   &p->fc3_w,   &p->fc3_b};
    // BEGIN SOLUTION: walk one pointer through memory: each view starts where the previous tensor ends
    float *at = memory;
    for (int i = 0; i < LENET_NPARAMS; i++) {
        *views[i] = at;
        at += sizes[i];
        // MUTANT params_overlap: at += i == 4 ? sizes[i] / 2 : sizes[i];
    }
    // END SOLUTION
    // STUB: (void)views;
}

/* The activations: the same walk. Given (not an exercise): the sizes follow the table above. */
void lenet_act_sizes(const lenet *net, size_t sizes[LENET_NACTS]) {
    const lenet_config *c = &net->cfg;
    const size_t B = (size_t)c->max_batch, H = (size_t)c->H;
    sizes[0] = sizes[1] = B * c->c1 * H * H;                  /* c1, r1 */
    sizes[2] = B * c->c1 * net->P1 * net->P1;                 /* p1 */
    sizes[3] = sizes[4] = B * c->c2 * net->S2 * net->S2;      /* c2, r2 */
    sizes[5] = sizes[6] = B * net->F;                         /* p2, flat */
    sizes[7] = sizes[8] = sizes[9] = sizes[10] = B * c->f1;   /* h1, a1, m1, o1 */
    sizes[11] = sizes[12] = sizes[13] = sizes[14] = B * c->f2;/* h2, a2, m2, o2 */
    sizes[15] = B * c->classes;                               /* logits */
}

void lenet_point_acts(lenet_acts *a, const size_t sizes[LENET_NACTS], float *memory) {
    float **views[LENET_NACTS] = {&a->c1, &a->r1, &a->p1, &a->c2, &a->r2, &a->p2, &a->flat, &a->h1,
                                  &a->a1, &a->m1, &a->o1, &a->h2, &a->a2, &a->m2, &a->o2, &a->logits};
    float *at = memory;
    for (int i = 0; i < LENET_NACTS; i++) *views[i] = at, at += sizes[i];
}

static size_t sum_sizes(const size_t *s, int n) {
    size_t t = 0;
    for (int i = 0; i < n; i++) t += s[i];
    return t;
}

/* Given: the sizes, the allocations, the initialisation. */
int lenet_init(lenet *net, const lenet_config *cfg, uint64_t seed) {
    if (lenet_config_check(cfg) != 0) return -1;
    memset(net, 0, sizeof *net);
    net->cfg = *cfg;
    const int B = cfg->max_batch, H = cfg->H;
    net->P1 = H / 2, net->S2 = net->P1 - 4, net->P2 = net->S2 / 2, net->F = cfg->c2 * net->P2 * net->P2;
    net->conv1 = (conv_shape){.N = B, .C = 1, .H = H, .W = H, .OC = cfg->c1, .KH = 5, .KW = 5, .stride = 1, .pad = 2};
    net->conv2 = (conv_shape){.N = B, .C = cfg->c1, .H = net->P1, .W = net->P1, .OC = cfg->c2, .KH = 5, .KW = 5,
                              .stride = 1, .pad = 0};
    net->pool1 = (pool_shape){.N = B, .C = cfg->c1, .H = H, .W = H, .K = 2, .stride = 2};
    net->pool2 = (pool_shape){.N = B, .C = cfg->c2, .H = net->S2, .W = net->S2, .K = 2, .stride = 2};
    lenet_param_sizes(net, net->param_sizes);
    net->nparams = sum_sizes(net->param_sizes, LENET_NPARAMS);
    net->params = wb_calloc(net->nparams ? net->nparams : 1, sizeof(float));
    net->grads = wb_calloc(net->nparams ? net->nparams : 1, sizeof(float));
    lenet_point_params(&net->w, net->param_sizes, net->params);
    lenet_point_params(&net->g, net->param_sizes, net->grads);
    lenet_act_sizes(net, net->act_sizes);
    net->nacts = sum_sizes(net->act_sizes, LENET_NACTS);
    net->acts = wb_calloc(net->nacts, sizeof(float));
    net->dacts = wb_calloc(net->nacts, sizeof(float));
    lenet_point_acts(&net->a, net->act_sizes, net->acts);
    lenet_point_acts(&net->d, net->act_sizes, net->dacts);
    net->argmax1 = wb_calloc((size_t)B * cfg->c1 * net->P1 * net->P1, sizeof(int));
    net->argmax2 = wb_calloc((size_t)B * net->F, sizeof(int));
    size_t col1 = conv_col_floats(&net->conv1), col2 = conv_col_floats(&net->conv2);
    net->col = wb_malloc((col1 > col2 ? col1 : col2) * sizeof(float));
    /* He-normal weights for the ReLU layers (Xavier for fc3, which feeds the softmax), zero biases */
    wb_rng_seed(&net->rng, seed);
    const int fan_in[5] = {25, cfg->c1 * 25, net->F, cfg->f1, cfg->f2};
    const int fan_out[5] = {cfg->c1 * 25, cfg->c2 * 25, cfg->f1, cfg->f2, cfg->classes};
    float *weights[5] = {net->w.conv1_w, net->w.conv2_w, net->w.fc1_w, net->w.fc2_w, net->w.fc3_w};
    for (int l = 0; l < 5 && net->nparams > 0; l++)
        wb_rng_fill_normal(&net->rng, weights[l], (long)net->param_sizes[2 * l],
                           init_std(l < 4 ? INIT_HE : INIT_XAVIER, fan_in[l], fan_out[l]));
    return 0;
}

void lenet_free(lenet *net) {
    free(net->params), free(net->grads), free(net->acts), free(net->dacts);
    free(net->argmax1), free(net->argmax2), free(net->col);
    memset(net, 0, sizeof *net);
}

void lenet_forward(lenet *net, const float *x, int B, int train) {
    WB_CHECK(B >= 1 && B <= net->cfg.max_batch, "lenet_forward: B = %d, max_batch %d", B, net->cfg.max_batch);
    const lenet_config *c = &net->cfg;
    const lenet_params *w = &net->w;
    lenet_acts *a = &net->a;
    conv_shape s1 = net->conv1, s2 = net->conv2;
    pool_shape q1 = net->pool1, q2 = net->pool2;
    s1.N = s2.N = q1.N = q2.N = B;
    const long n1 = (long)B * c->c1 * c->H * c->H, n2 = (long)B * c->c2 * net->S2 * net->S2;
    const long nh1 = (long)B * c->f1, nh2 = (long)B * c->f2;
    net->train = train;
    /* the layers in order (see the table): conv1, relu, pool1, conv2, relu, pool2, flatten, fc1,
       relu, dropout, fc2, relu, dropout, fc3; each reads the previous activation of net->a and
       writes the next (dropout: week 07's, with c->drop, train and &net->rng) */
    // BEGIN SOLUTION: the fourteen layer calls, shapes in comments
    conv2d_forward(&s1, x, w->conv1_w, w->conv1_b, a->c1, net->col);          /* (B,c1,H,H) */
    // MUTANT conv1_n_max: conv2d_forward(&net->conv1, x, w->conv1_w, w->conv1_b, a->c1, net->col);
    relu_forward(a->c1, a->r1, n1);
    maxpool2d_forward(&q1, a->r1, a->p1, net->argmax1);                       /* (B,c1,P1,P1) */
    conv2d_forward(&s2, a->p1, w->conv2_w, w->conv2_b, a->c2, net->col);      /* (B,c2,S2,S2) */
    relu_forward(a->c2, a->r2, n2);
    // MUTANT relu2_count_n1: relu_forward(a->c2, a->r2, n1);
    maxpool2d_forward(&q2, a->r2, a->p2, net->argmax2);                       /* (B,c2,P2,P2) */
    flatten_forward(a->p2, a->flat, B, c->c2, net->P2, net->P2);              /* (B,F) */
    fc_forward(a->flat, w->fc1_w, w->fc1_b, a->h1, B, net->F, c->f1);         /* (B,f1) */
    relu_forward(a->h1, a->a1, nh1);
    // MUTANT relu_fc1_count_nh2: relu_forward(a->h1, a->a1, nh2);
    dropout_forward(a->a1, a->o1, a->m1, nh1, c->drop, train, &net->rng);
    // MUTANT eval_dropout_fc1: dropout_forward(a->a1, a->o1, a->m1, nh1, c->drop, 1, &net->rng);
    // MUTANT dropout_same_seed_each_layer: wb_rng keep = net->rng; dropout_forward(a->a1, a->o1, a->m1, nh1, c->drop, train, &keep);
    // MUTANT dropout_rate_fixed_fc1: dropout_forward(a->a1, a->o1, a->m1, nh1, 0.5f, train, &net->rng);
    // MUTANT dropout_skipped_at_p0_fc1: dropout_forward(a->a1, a->o1, a->m1, nh1, c->drop, train && c->drop > 0, &net->rng);
    fc_forward(a->o1, w->fc2_w, w->fc2_b, a->h2, B, c->f1, c->f2);            /* (B,f2) */
    relu_forward(a->h2, a->a2, nh2);
    dropout_forward(a->a2, a->o2, a->m2, nh2, c->drop, train, &net->rng);
    // MUTANT eval_dropout_fc2: dropout_forward(a->a2, a->o2, a->m2, nh2, c->drop, 1, &net->rng);
    // MUTANT dropout_fc2_rng_copy: wb_rng keep = net->rng; dropout_forward(a->a2, a->o2, a->m2, nh2, c->drop, train, &keep);
    // MUTANT dropout_rate_fixed_fc2: dropout_forward(a->a2, a->o2, a->m2, nh2, 0.5f, train, &net->rng);
    // MUTANT dropout_skipped_at_p0_fc2: dropout_forward(a->a2, a->o2, a->m2, nh2, c->drop, train && c->drop > 0, &net->rng);
    fc_forward(a->o2, w->fc3_w, w->fc3_b, a->logits, B, c->f2, c->classes);   /* (B,classes) */
    // END SOLUTION
    // STUB: (void)w, (void)a, (void)s1, (void)s2, (void)q1, (void)q2, (void)n1, (void)n2, (void)nh1, (void)nh2;
}

void lenet_backward(lenet *net, const float *x, const float *dlogits, int B, float *dx) {
    WB_CHECK(B >= 1 && B <= net->cfg.max_batch, "lenet_backward: B = %d, max_batch %d", B, net->cfg.max_batch);
    const lenet_config *c = &net->cfg;
    const lenet_params *w = &net->w, *g = &net->g;
    const lenet_acts *a = &net->a;
    lenet_acts *d = &net->d;
    conv_shape s1 = net->conv1, s2 = net->conv2;
    pool_shape q1 = net->pool1, q2 = net->pool2;
    s1.N = s2.N = q1.N = q2.N = B;
    const long n1 = (long)B * c->c1 * c->H * c->H, n2 = (long)B * c->c2 * net->S2 * net->S2;
    const long nh1 = (long)B * c->f1, nh2 = (long)B * c->f2;
    const int tr = net->train;
    /* the forward's layers in reverse; each backward gets the gradient of its output (in net->d,
       dlogits for fc3) and the INPUT it had in the forward (in net->a; x for conv1), and writes
       its input's gradient into net->d and its parameters' into net->g */
    // BEGIN SOLUTION: the fourteen backward calls, from fc3 down to conv1
    fc_backward(dlogits, a->o2, w->fc3_w, d->o2, g->fc3_w, g->fc3_b, B, c->f2, c->classes);
    dropout_backward(d->o2, a->m2, d->a2, nh2, tr);
    relu_backward(d->a2, a->a2, d->h2, nh2);
    fc_backward(d->h2, a->o1, w->fc2_w, d->o1, g->fc2_w, g->fc2_b, B, c->f1, c->f2);
    // MUTANT backward_wrong_input: fc_backward(d->h2, a->h1, w->fc2_w, d->o1, g->fc2_w, g->fc2_b, B, c->f1, c->f2);
    dropout_backward(d->o1, a->m1, d->a1, nh1, tr);
    // MUTANT bwd_dropout1_mode_train: dropout_backward(d->o1, a->m1, d->a1, nh1, 1);
    relu_backward(d->a1, a->a1, d->h1, nh1);
    fc_backward(d->h1, a->flat, w->fc1_w, d->flat, g->fc1_w, g->fc1_b, B, net->F, c->f1);
    flatten_backward(d->flat, d->p2, B, c->c2, net->P2, net->P2);
    maxpool2d_backward(&q2, d->p2, net->argmax2, d->r2);
    relu_backward(d->r2, a->r2, d->c2, n2);
    // MUTANT relu2_bwd_count_n1: relu_backward(d->r2, a->r2, d->c2, n1);
    conv2d_backward(&s2, a->p1, w->conv2_w, d->c2, d->p1, g->conv2_w, g->conv2_b, net->col);
    // MUTANT bwd_conv2_shape_maxbatch: conv2d_backward(&net->conv2, a->p1, w->conv2_w, d->c2, d->p1, g->conv2_w, g->conv2_b, net->col);
    maxpool2d_backward(&q1, d->p1, net->argmax1, d->r1);
    relu_backward(d->r1, a->r1, d->c1, n1);
    conv2d_backward(&s1, x, w->conv1_w, d->c1, dx, g->conv1_w, g->conv1_b, net->col);
    // END SOLUTION
    // STUB: (void)w, (void)g, (void)a, (void)d, (void)s1, (void)s2, (void)q1, (void)q2;
    // STUB: (void)n1, (void)n2, (void)nh1, (void)nh2, (void)tr;
}

float lenet_train_step(lenet *net, optimizer *opt, const float *x, const int *labels, int B) {
    float *dlogits = net->d.logits;
    /* forward in training mode; the mean cross-entropy of the logits and its gradient (week 05);
       backward; one step of the optimiser over the whole parameter buffer */
    // BEGIN SOLUTION: forward, loss, backward, step; return the loss
    lenet_forward(net, x, B, 1);
    // MUTANT train_step_eval_mode: lenet_forward(net, x, B, 0);
    float loss = softmax_xent(net->a.logits, labels, B, net->cfg.classes, dlogits);
    // MUTANT xent_b_classes_swapped: float loss = softmax_xent(net->a.logits, labels, net->cfg.classes, B, dlogits);
    lenet_backward(net, x, dlogits, B, NULL);
    // MUTANT train_backward_mb: lenet_backward(net, x, dlogits, net->cfg.max_batch, NULL);
    opt_step(opt, net->params, net->grads);
    return loss;
    // END SOLUTION
    // STUB: (void)dlogits;
    // STUB: return NAN;
}

/* ---- given: evaluation, the summary, saving and loading ---- */

eval_result lenet_evaluate(lenet *net, const float *x, const uint8_t *y, int n, int *pred) {
    const int C = net->cfg.classes, HW = net->cfg.H * net->cfg.H, MB = net->cfg.max_batch;
    int *labels = wb_malloc((size_t)MB * sizeof *labels), *p = wb_malloc((size_t)MB * sizeof *p);
    double loss = 0;
    long right = 0;
    for (int at = 0; at < n; at += MB) {
        int B = n - at < MB ? n - at : MB;
        for (int i = 0; i < B; i++) labels[i] = y[at + i];
        lenet_forward(net, x + (size_t)at * HW, B, 0);
        loss += (double)softmax_xent(net->a.logits, labels, B, C, NULL) * B;
        argmax_rows(net->a.logits, B, C, p);
        for (int i = 0; i < B; i++) {
            right += p[i] == labels[i];
            if (pred) pred[at + i] = p[i];
        }
    }
    free(labels), free(p);
    return (eval_result){.loss = n ? (float)(loss / n) : 0.0f, .accuracy = n ? (float)right / n : 0.0f, .n = n};
}

long lenet_summary(const lenet *net, FILE *out) {
    const lenet_config *c = &net->cfg;
    char shape[11][32];
    const char *names[11] = {"conv1 (5x5, pad 2)", "relu", "maxpool1 (2x2)", "conv2 (5x5)", "relu", "maxpool2 (2x2)",
                             "flatten", "fc1 + relu", "fc2 + relu", "fc3", "softmax (in the loss)"};
    long params[11] = {(long)(net->param_sizes[0] + net->param_sizes[1]), 0, 0,
                       (long)(net->param_sizes[2] + net->param_sizes[3]), 0, 0, 0,
                       dense_param_count(net->F, c->f1), dense_param_count(c->f1, c->f2),
                       dense_param_count(c->f2, c->classes), 0};
    snprintf(shape[0], 32, "(None, %d, %d, %d)", c->c1, c->H, c->H);
    snprintf(shape[1], 32, "(None, %d, %d, %d)", c->c1, c->H, c->H);
    snprintf(shape[2], 32, "(None, %d, %d, %d)", c->c1, net->P1, net->P1);
    snprintf(shape[3], 32, "(None, %d, %d, %d)", c->c2, net->S2, net->S2);
    snprintf(shape[4], 32, "(None, %d, %d, %d)", c->c2, net->S2, net->S2);
    snprintf(shape[5], 32, "(None, %d, %d, %d)", c->c2, net->P2, net->P2);
    snprintf(shape[6], 32, "(None, %d)", net->F);
    snprintf(shape[7], 32, "(None, %d)", c->f1);
    snprintf(shape[8], 32, "(None, %d)", c->f2);
    snprintf(shape[9], 32, "(None, %d)", c->classes);
    snprintf(shape[10], 32, "(None, %d)", c->classes);
    long total = 0;
    fprintf(out, "Model: LeNet-5 (input (None, 1, %d, %d), channels first)\n", c->H, c->H);
    fprintf(out, "%-24s %-22s %10s\n", "Layer", "Output shape", "Param #");
    fprintf(out, "================================================================\n");
    for (int l = 0; l < 11; l++) {
        fprintf(out, "%-24s %-22s %10ld\n", names[l], shape[l], params[l]);
        total += params[l];
    }
    fprintf(out, "================================================================\n");
    fprintf(out, "Total params: %ld (%.1f KB as float32), in ONE buffer; dropout %.2g after fc1 and fc2\n", total,
            total * 4 / 1024.0, (double)c->drop);
    return total;
}

static void put_u32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint32_t f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bits_f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

enum { LENET_HEADER = 4 + 4 + 6 * 4 + 4 + 4 };

int lenet_save(const lenet *net, const char *path) {
    size_t bytes = LENET_HEADER + net->nparams * 4 + 4;
    unsigned char *buf = wb_malloc(bytes), *p = buf;
    const lenet_config *c = &net->cfg;
    const int32_t fields[6] = {c->H, c->c1, c->c2, c->f1, c->f2, c->classes};
    memcpy(p, "WBL5", 4), p += 4;
    put_u32(p, 1), p += 4;
    for (int i = 0; i < 6; i++) put_u32(p, (uint32_t)fields[i]), p += 4;
    put_u32(p, f32_bits(c->drop)), p += 4;
    put_u32(p, (uint32_t)net->nparams), p += 4;
    for (size_t i = 0; i < net->nparams; i++) put_u32(p, f32_bits(net->params[i])), p += 4;
    put_u32(p, (uint32_t)crc32(0L, buf, (uInt)(bytes - 4)));
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, bytes, f) == bytes;
    if (f && fclose(f) != 0) ok = 0;
    free(buf);
    return ok ? 0 : wb_fail("%s: cannot write the model", path);
}

int lenet_load(lenet *net, const char *path, int max_batch) {
    FILE *f = fopen(path, "rb");
    if (!f) return wb_fail("%s: cannot open the model (train it with make week09 run)", path);
    unsigned char head[LENET_HEADER];
    if (fread(head, 1, LENET_HEADER, f) != LENET_HEADER) {
        fclose(f);
        return wb_fail("%s: truncated: shorter than the %d-byte header", path, LENET_HEADER);
    }
    if (memcmp(head, "WBL5", 4) != 0 || get_u32(head + 4) != 1) {
        fclose(f);
        return wb_fail("%s: not a week 09 LeNet model (magic WBL5, version 1)", path);
    }
    lenet_config c = {.H = (int32_t)get_u32(head + 8), .c1 = (int32_t)get_u32(head + 12),
                      .c2 = (int32_t)get_u32(head + 16), .f1 = (int32_t)get_u32(head + 20),
                      .f2 = (int32_t)get_u32(head + 24), .classes = (int32_t)get_u32(head + 28),
                      .drop = bits_f32(get_u32(head + 32)), .max_batch = max_batch};
    uint32_t n = get_u32(head + 36);
    if (c.H > 4096 || c.c1 > 4096 || c.c2 > 4096 || c.f1 > 65536 || c.f2 > 65536 || c.classes > 65536 ||
        lenet_config_check(&c) != 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", c.H > 4096 ? "sizes too large" : wb_last_error());
        fclose(f);
        return wb_fail("%s: a bad config in the header (%s)", path, why);
    }
    lenet tmp;
    if (lenet_init(&tmp, &c, 0) != 0 || tmp.nparams != n) {
        fclose(f);
        if (tmp.params) lenet_free(&tmp);
        return wb_fail("%s: the header says %u parameters, its config needs %zu", path, n, tmp.nparams);
    }
    size_t rest = (size_t)n * 4 + 4;
    unsigned char *buf = wb_malloc(LENET_HEADER + rest);
    memcpy(buf, head, LENET_HEADER);
    size_t got = fread(buf + LENET_HEADER, 1, rest, f);
    int extra = fgetc(f) != EOF;
    fclose(f);
    int err = 0;
    if (got != rest) err = wb_fail("%s: truncated: %zu of %zu bytes after the header", path, got, rest);
    else if (extra) err = wb_fail("%s: bytes after the checksum: not a model file", path);
    else if (crc32(0L, buf, (uInt)(LENET_HEADER + rest - 4)) != get_u32(buf + LENET_HEADER + rest - 4))
        err = wb_fail("%s: CRC-32 mismatch: the file is damaged", path);
    if (!err)
        for (uint32_t i = 0; i < n; i++) tmp.params[i] = bits_f32(get_u32(buf + LENET_HEADER + 4 * (size_t)i));
    free(buf);
    if (err) {
        lenet_free(&tmp);
        return -1;
    }
    *net = tmp;
    /* the views point into tmp's buffers, which *net now owns: nothing moved */
    return 0;
}
