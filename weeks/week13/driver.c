/* driver.c — `make week13 run`: three generative models, each printing its numbers against the
 * week's targets and drawing its pictures under build/week13/.
 *
 *     make week13 run                   MNIST when fetched (make data), else DATA=sample
 *     make week13 run DATA=sample       the committed 2,000 digits: about a minute
 *     ONLY=gan1d,vae make week13 run    some of: gan1d vae gan
 *     RESUME=1 make week13 run          after Ctrl-C: carry on from the last checkpoint
 *
 *  1. gan1d  the 50-line GAN: G and D learn N(4, 1.25^2) from samples (STEPS1=): gan1d_hist.png
 *            (real and generated histograms as training goes), gan1d_moments.png
 *  2. vae    784-400-20 VAE, Adam, batch 128 (EPOCHS=, 10): vae_loss.png, vae_recon.png,
 *            vae_prior.png, vae_interp.png; then a 2-D latent one (EPOCHS2=): vae2d_manifold.png,
 *            vae2d_codes.png
 *  3. gan    an MLP GAN on MNIST (STEPS3=): gan_over_training.png, gan_samples.png, judged by a
 *            classifier (judge_samples): week 09's reference LeNet-5 from build/results/
 *            week09-lenet-<data>.model, or trained here briefly (LENET_EPOCHS=, 2) when missing.
 *
 * The VAE and the GAN save a checkpoint (build/week13/<part>-<data>.ckpt) every epoch / 500 steps
 * and on Ctrl-C; RESUME=1 starts from it. Numbers go to build/results/week13.txt.
 */
#include "week06.h"
#include "week09.h"
#include "week13.h"

#include "checkpoint.h"
#include "dataset.h"
#include "interrupt.h"
#include "settings.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week13"
#define RESULTS "build/results/week13.txt"


static int wanted(const char *name) {
    const char *only = getenv("ONLY");
    return !only || !*only || strstr(only, name) != NULL;
}

static FILE *results;
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (results) {
        va_start(ap, fmt);
        vfprintf(results, fmt, ap);
        va_end(ap);
    }
}

/* ---- checkpoints (checkpoint.h): a counter, the two optimisers' step counts, float arrays ---- */
#define CKPT_TAG "W13C"
#define CKPT_MAX_ARRAYS 8
static wb_ckpt_part floats(const char *name, float *x, size_t n) {
    return (wb_ckpt_part){name, x, n * sizeof *x};
}

/* Save, or load, *counter (at most `most`), t[0..1] and the arrays: 0 done, 1 (load) there is
   none. A damaged file leaves everything as it was (-1: start afresh); counts out of range in a
   file that is otherwise whole stop the run (the arrays are already overwritten). */
static int ckpt(const char *path, int save, long *counter, long most, long t[2],
                const wb_ckpt_part *arrays, int n) {
    wb_ckpt_part parts[2 + CKPT_MAX_ARRAYS] = {{"the counter", counter, sizeof *counter},
                                               {"the optimisers' steps", t, 2 * sizeof *t}};
    WB_CHECK(n <= CKPT_MAX_ARRAYS, "%d arrays", n);
    memcpy(parts + 2, arrays, (size_t)n * sizeof *arrays);
    if (save) return wb_ckpt_save(path, CKPT_TAG, parts, n + 2);
    int got = wb_ckpt_load(path, CKPT_TAG, parts, n + 2);
    if (got == 0 && (*counter < 0 || *counter > most || t[0] < 0 || t[1] < 0)) {
        fprintf(stderr, "week13: %s: damaged (counter %ld, at most %ld)\n", path, *counter, most);
        exit(1);
    }
    return got;
}

/* ---- pictures ---- */
static void histogram(const float *x, int n, float lo, float hi, int bins, float *centre, float *density) {
    float w = (hi - lo) / bins;
    for (int b = 0; b < bins; b++) centre[b] = lo + (b + 0.5f) * w, density[b] = 0;
    for (int i = 0; i < n; i++) {
        int b = (int)floorf((x[i] - lo) / w);
        if (b >= 0 && b < bins) density[b] += 1.0f / (n * w);
    }
}

static void moments(const float *x, int n, float *mean, float *std) {
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) s += x[i], s2 += (double)x[i] * x[i];
    *mean = (float)(s / n);
    *std = (float)sqrt(fmax(s2 / n - (s / n) * (s / n), 0));
}

/* ======== 1. the 50-line GAN ======== */
#define G1_SAMPLES 10000
static void generate(gan *g, const float *z, int n, float *out) {
    for (int i = 0; i < n; i += g->max_batch) {
        int b = n - i < g->max_batch ? n - i : g->max_batch;
        mlp_forward(&g->G, z + (size_t)i * g->nz, b);
        memcpy(out + (size_t)i * g->nx, mlp_output(&g->G), (size_t)b * g->nx * sizeof(float));
    }
}

static int run_gan1d(void) {
    const float mu = 4.0f, sd = 1.25f;
    int steps = (int)wb_setting("STEPS1", 3000), B = 64, nz = 4, snaps = 4;
    int snap_at[4] = {0, steps / 10, steps / 3, steps};
    wb_rng rng;
    wb_rng_seed(&rng, 50);
    gan g;
    gan_init(&g, 1, nz, 2, (int[]){32, 32}, 2, (int[]){32, 32}, ACT_RELU, ACT_NONE, B, 1e-3f, &rng);
    float *real = wb_malloc(B * sizeof(float)), *z = wb_malloc((size_t)B * nz * sizeof(float));
    float *zs = wb_malloc((size_t)G1_SAMPLES * nz * sizeof(float)), *xs = wb_malloc(G1_SAMPLES * sizeof(float));
    float *xr = wb_malloc(G1_SAMPLES * sizeof(float));
    wb_rng_fill_normal(&rng, zs, (long)G1_SAMPLES * nz, 1.0f);
    for (int i = 0; i < G1_SAMPLES; i++) xr[i] = mu + sd * wb_rng_normal(&rng);
    enum { BINS = 60 };
    float cx[BINS], hreal[BINS], hgen[5][BINS];
    int snap_step[5], ns = 0, nmom = 0;
    float *mstep = wb_malloc((steps / 50 + 2) * sizeof(float)), *mmean = wb_malloc((steps / 50 + 2) * sizeof(float));
    float *mstd = wb_malloc((steps / 50 + 2) * sizeof(float));
    histogram(xr, G1_SAMPLES, -1, 9, BINS, cx, hreal);
    wb_progress p;
    wb_progress_start(&p, "1-D GAN", steps);
    float ld = 0, lg = 0, m = 0, s = 0;
    for (int step = 0; step <= steps && !wb_interrupted(); step++) {
        if (step % 50 == 0 || step == steps || (ns < snaps && step == snap_at[ns])) {
            generate(&g, zs, G1_SAMPLES, xs);
            moments(xs, G1_SAMPLES, &m, &s);
            if (nmom < steps / 50 + 2) mstep[nmom] = (float)step, mmean[nmom] = m, mstd[nmom++] = s;
            if (ns < snaps && step == snap_at[ns]) {
                histogram(xs, G1_SAMPLES, -1, 9, BINS, cx, hgen[ns]);
                snap_step[ns++] = step;
            }
        }
        if (step == steps) break;
        for (int i = 0; i < B; i++) real[i] = mu + sd * wb_rng_normal(&rng);
        wb_rng_fill_normal(&rng, z, (long)B * nz, 1.0f);
        ld = gan_d_step(&g, real, z, B);
        wb_rng_fill_normal(&rng, z, (long)B * nz, 1.0f);
        lg = gan_g_step(&g, z, B);
        wb_progress_update(&p, step + 1, "L_D %.3f L_G %.3f mean %.2f std %.2f", ld, lg, m, s);
    }
    wb_progress_finish(&p, "L_D %.3f L_G %.3f", ld, lg);
    say("1-D GAN (%d steps, batch %d, G %d-32-32-1, D 1-32-32-1, Adam 1e-3 beta1 0.5): generated mean %.3f "
        "(target 4 +- 0.3: %s), std %.3f (target 1.25 +- 0.3: %s), over %d samples\n", steps, B, nz, m,
        fabsf(m - mu) <= 0.3f ? "met" : "NOT met", s, fabsf(s - sd) <= 0.3f ? "met" : "NOT met", G1_SAMPLES);
    wb_series sr[6];
    char lab[5][32];
    sr[0] = (wb_series){.label = "real N(4, 1.25^2)", .x = cx, .y = hreal, .n = BINS, .target = 1};
    for (int k = 0; k < ns; k++) {
        snprintf(lab[k], sizeof lab[k], "G after %d steps", snap_step[k]);
        sr[k + 1] = (wb_series){.label = lab[k], .x = cx, .y = hgen[k], .n = BINS};
    }
    char note[96];
    snprintf(note, sizeof note, "final: mean %.2f, std %.2f (target 4, 1.25)", m, s);
    wb_plot_png(OUT "/gan1d_hist.png", &(wb_plot_opts){.title = "1-D GAN: real and generated densities",
                .xlabel = "x", .ylabel = "density", .note = note}, sr, ns + 1);
    wb_series mo[2] = {{.label = "generated mean", .x = mstep, .y = mmean, .n = nmom},
                       {.label = "generated std", .x = mstep, .y = mstd, .n = nmom}};
    wb_plot_png(OUT "/gan1d_moments.png", &(wb_plot_opts){.title = "1-D GAN: the generated distribution's moments",
                .xlabel = "step", .ylabel = "value (targets 4 and 1.25)", .note = note}, mo, 2);
    free(real), free(z), free(zs), free(xs), free(xr), free(mstep), free(mmean), free(mstd);
    gan_free(&g);
    return 0;
}

/* ======== data ======== */
typedef struct digits {
    const char *name;
    wb_tensor x, xt;
    uint8_t *y, *yt;
    int n, nt;
} digits;

static int load_digits(digits *d) {
    d->name = wb_dataset_choose(NULL);
    if (wb_dataset_load(d->name, "train", &d->x, &d->y, &d->n) != 0 ||
        wb_dataset_load(d->name, "test", &d->xt, &d->yt, &d->nt) != 0) {
        fprintf(stderr, "week13: %s\n", wb_last_error());
        return -1;
    }
    int limit = (int)wb_setting("LIMIT", 0); /* only the first LIMIT images of each split: quick runs */
    if (limit > 0) {
        d->n = d->n < limit ? d->n : limit, d->nt = d->nt < limit ? d->nt : limit;
        printf("[LIMIT=%d: %d training and %d test images]\n", limit, d->n, d->nt);
    }
    return 0;
}

static void free_digits(digits *d) {
    wb_tensor_free(&d->x), wb_tensor_free(&d->xt);
    free(d->y), free(d->yt);
}

/* b (784) = the logits of the training pixels' mean values: a decoder or generator whose sigmoid
   outputs start at the average digit, the border, always black in MNIST, black rather than 0.5 (a
   sigmoid pushed to 1 there early has no slope left to come back with) */
static void init_output_bias(float *b, const digits *d) {
    for (int j = 0; j < 784; j++) {
        double mean = 0;
        for (int i = 0; i < d->n; i++) mean += d->x.data[(size_t)i * 784 + j];
        mean = fmin(fmax(mean / d->n, 1e-3), 1 - 1e-3);
        b[j] = (float)log(mean / (1 - mean));
    }
}

/* ======== 2. the VAE ======== */
typedef struct vae_run {
    vae v;
    optimizer oe, od;
} vae_run;

static void vae_ckpt_parts(vae_run *r, wb_ckpt_part *p) {
    p[0] = floats("the encoder", r->v.enc.params.data, r->v.enc.params.size);
    p[1] = floats("the decoder", r->v.dec.params.data, r->v.dec.params.size);
    p[2] = floats("the encoder's Adam m", r->oe.m, r->oe.n);
    p[3] = floats("the encoder's Adam v", r->oe.v, r->oe.n);
    p[4] = floats("the decoder's Adam m", r->od.m, r->od.n);
    p[5] = floats("the decoder's Adam v", r->od.v, r->od.n);
}

/* the mean negative ELBO over the test set, one sample of z per image (as PyTorch's example) */
/* The test set's negative ELBO, nats per image: its expectation over eps estimated with
   VAE_TEST_DRAWS draws per image. One draw's estimate moved by about 0.03 nats from seed to seed
   (the size of the margin to the target), ten draws' by about a third of that. */
#define VAE_TEST_DRAWS 10
static float vae_test_loss(vae *v, const digits *d, uint64_t seed) {
    wb_rng rng;
    wb_rng_seed(&rng, seed);
    float *eps = wb_malloc((size_t)v->max_batch * v->nz * sizeof(float));
    double sum = 0;
    for (int s = 0; s < VAE_TEST_DRAWS; s++)
        for (int i = 0; i < d->nt; i += v->max_batch) {
            int b = d->nt - i < v->max_batch ? d->nt - i : v->max_batch;
            wb_rng_fill_normal(&rng, eps, (long)b * v->nz, 1.0f);
            sum += (double)vae_forward(v, d->xt.data + (size_t)i * 784, eps, b) * b;
        }
    free(eps);
    return (float)(sum / ((double)d->nt * VAE_TEST_DRAWS));
}

/* Train a 784-400-nz VAE for `epochs`; returns the last test loss, or NAN when stopped. */
static float train_vae(vae_run *r, const digits *d, int nz, int epochs, const char *tag, float *tr_curve,
                       float *te_curve) {
    const int B = 128;
    wb_rng rng;
    wb_rng_seed(&rng, 20 + (uint64_t)nz);
    vae_init(&r->v, 784, 400, nz, B, &rng);
    init_output_bias(r->v.dec.layer[1].b.data, d);
    opt_init(&r->oe, OPT_ADAM, r->v.enc.params.size, 1e-3f);
    opt_init(&r->od, OPT_ADAM, r->v.dec.params.size, 1e-3f);
    char path[256];
    snprintf(path, sizeof path, OUT "/%s-%s.ckpt", tag, d->name);
    long done = 0, t[2] = {0, 0};
    float curves[2 * 64] = {0};
    wb_ckpt_part cparts[7];
    vae_ckpt_parts(r, cparts);
    cparts[6] = floats("the curves", curves, 2 * 64);
    if (wb_setting("RESUME", 0)) {
        int got = ckpt(path, 0, &done, 64, t, cparts, 7);
        if (got < 0) fprintf(stderr, "week13: %s; starting afresh\n", wb_last_error()), done = 0;
        if (got == 0) printf("[%s: resumed after epoch %ld from %s]\n", tag, done, path), r->oe.t = t[0], r->od.t = t[1];
    }
    int *order = wb_malloc((size_t)d->n * sizeof(int));
    float *xb = wb_malloc((size_t)B * 784 * sizeof(float)), *eps = wb_malloc((size_t)B * nz * sizeof(float));
    float test = curves[64 + (done > 0 ? done - 1 : 0)];
    for (int e = (int)done; e < epochs && e < 64 && !wb_interrupted(); e++) {
        for (int i = 0; i < d->n; i++) order[i] = i;
        wb_rng_seed_stream(&rng, 99, (uint64_t)e);
        wb_rng_shuffle(&rng, order, d->n);
        char label[48];
        snprintf(label, sizeof label, "%s epoch %d/%d", tag, e + 1, epochs);
        wb_progress p;
        int nb = (d->n + B - 1) / B;
        wb_progress_start(&p, label, nb);
        double sum = 0;
        for (int k = 0; k < nb && !wb_interrupted(); k++) {
            int b = d->n - k * B < B ? d->n - k * B : B;
            for (int i = 0; i < b; i++) /* xb (b,784): this minibatch's images */
                memcpy(xb + (size_t)i * 784, d->x.data + (size_t)order[k * B + i] * 784, 784 * sizeof(float));
            wb_rng_fill_normal(&rng, eps, (long)b * nz, 1.0f);
            float loss = vae_forward(&r->v, xb, eps, b);
            vae_backward(&r->v, xb, b);
            opt_step(&r->oe, r->v.enc.params.data, r->v.enc.grads.data);
            opt_step(&r->od, r->v.dec.params.data, r->v.dec.grads.data);
            sum += (double)loss * b;
            wb_progress_update(&p, k + 1, "-ELBO %.1f (rec %.1f, KL %.1f)", loss, r->v.rec, r->v.kl);
        }
        if (wb_interrupted()) {
            wb_progress_finish(&p, "stopped");
            break;
        }
        curves[e] = (float)(sum / d->n);
        curves[64 + e] = test = vae_test_loss(&r->v, d, 7);
        wb_progress_finish(&p, "train -ELBO %.2f, test %.2f nats/image", curves[e], test);
        done = e + 1, t[0] = r->oe.t, t[1] = r->od.t;
        if (ckpt(path, 1, &done, 64, t, cparts, 7) != 0) fprintf(stderr, "week13: %s\n", wb_last_error());
    }
    if (wb_interrupted())
        printf("[%s: stopped; checkpoint after epoch %ld in %s: RESUME=1 carries on]\n", tag, done, path);
    for (int e = 0; e < 64; e++) tr_curve[e] = curves[e], te_curve[e] = curves[64 + e];
    free(order), free(xb), free(eps);
    return wb_interrupted() ? NAN : test;
}

static void free_vae_run(vae_run *r) {
    vae_free(&r->v);
    opt_free(&r->oe), opt_free(&r->od);
}

/* reconstructions, prior samples and an interpolation strip of a trained VAE */
static void vae_pictures(vae *v, const digits *d) {
    enum { N = 10 };
    float *img = wb_malloc((size_t)8 * N * 784 * sizeof(float)), *out = wb_malloc((size_t)N * 784 * sizeof(float));
    float *z = wb_calloc((size_t)v->max_batch * v->nz, sizeof(float));
    /* rows 0, 2, 4: test digits; rows 1, 3, 5: their reconstructions from the mean code */
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < N; i++)
            memcpy(img + (size_t)(2 * r * N + i) * 784, d->xt.data + (size_t)(r * N + i) * 784, 784 * sizeof(float));
        vae_forward(v, d->xt.data + (size_t)r * N * 784, z, N); /* eps = 0: z = mu */
        vae_decode(v, v->mu, N, img + (size_t)(2 * r + 1) * N * 784);
    }
    wb_png_write_grid(OUT "/vae_recon.png", img, 6 * N, 28, 28, N, WB_GRID_CLAMP);
    wb_rng rng;
    wb_rng_seed(&rng, 5);
    for (int r = 0; r < 8; r++) {
        wb_rng_fill_normal(&rng, z, (long)N * v->nz, 1.0f);
        vae_decode(v, z, N, img + (size_t)r * N * 784);
    }
    wb_png_write_grid(OUT "/vae_prior.png", img, 8 * N, 28, 28, N, WB_GRID_CLAMP);
    /* between the codes of pairs of test digits: z = (1 - t) mu_a + t mu_b, t = 0 .. 1 */
    int pairs[4][2] = {{3, 2}, {1, 0}, {4, 7}, {6, 9}}; /* test images 0..9 of the first batch */
    float *mu = wb_malloc((size_t)N * v->nz * sizeof(float));
    vae_forward(v, d->xt.data, z, N);
    memcpy(mu, v->mu, (size_t)N * v->nz * sizeof(float));
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < N; i++) {
            float t = (float)i / (N - 1);
            for (int j = 0; j < v->nz; j++)
                z[(size_t)i * v->nz + j] = (1 - t) * mu[pairs[r][0] * v->nz + j] + t * mu[pairs[r][1] * v->nz + j];
        }
        vae_decode(v, z, N, img + (size_t)r * N * 784);
    }
    wb_png_write_grid(OUT "/vae_interp.png", img, 4 * N, 28, 28, N, WB_GRID_CLAMP);
    free(img), free(out), free(z), free(mu);
}

/* the inverse of the normal CDF by bisection, for Kingma & Welling's evenly spaced grid */
static float probit(float p) {
    float lo = -8, hi = 8;
    for (int i = 0; i < 60; i++) {
        float mid = 0.5f * (lo + hi);
        if (0.5f * erfcf(-mid / sqrtf(2.0f)) < p) lo = mid; else hi = mid;
    }
    return 0.5f * (lo + hi);
}

static void vae2d_pictures(vae *v, const digits *d) {
    enum { G = 20 };
    float *img = wb_malloc((size_t)G * G * 784 * sizeof(float)), z[G * 2];
    for (int r = 0; r < G; r++) {
        for (int c = 0; c < G; c++)
            z[2 * c] = probit((c + 0.5f) / G), z[2 * c + 1] = probit(1 - (r + 0.5f) / G);
        vae_decode(v, z, G, img + (size_t)r * G * 784);
    }
    wb_image grid = wb_image_grid(img, G * G, 28, 28, G, 2, WB_GRID_CLAMP); /* not zoomed: 600 px */
    wb_png_write(OUT "/vae2d_manifold.png", &grid);
    wb_image_free(&grid);
    free(img);
    int n = d->nt < 5000 ? d->nt : 5000;
    float *cx[10], *cy[10];
    int cn[10] = {0};
    for (int k = 0; k < 10; k++)
        cx[k] = wb_malloc((size_t)n * sizeof(float)), cy[k] = wb_malloc((size_t)n * sizeof(float));
    float eps0[2 * 128] = {0};
    for (int i = 0; i < n; i += v->max_batch) {
        int b = n - i < v->max_batch ? n - i : v->max_batch;
        vae_forward(v, d->xt.data + (size_t)i * 784, eps0, b);
        for (int j = 0; j < b; j++) {
            int k = d->yt[i + j];
            cx[k][cn[k]] = v->mu[2 * j], cy[k][cn[k]++] = v->mu[2 * j + 1];
        }
    }
    wb_series s[10];
    char lab[10][12]; /* room for any int: GCC checks the snprintf below against it */
    for (int k = 0; k < 10; k++) {
        snprintf(lab[k], sizeof lab[k], "%d", k);
        s[k] = (wb_series){.label = lab[k], .x = cx[k], .y = cy[k], .n = cn[k], .style = "points"};
    }
    wb_plot_png(OUT "/vae2d_codes.png", &(wb_plot_opts){.title = "2-D VAE: test digits' codes (mu), by digit",
                .xlabel = "z_1", .ylabel = "z_2", .square = 1}, s, 10);
    for (int k = 0; k < 10; k++) free(cx[k]), free(cy[k]);
}

static int run_vae(const digits *d) {
    int epochs = (int)wb_setting("EPOCHS", 10), epochs2 = (int)wb_setting("EPOCHS2", 5);
    float tr[64], te[64];
    vae_run r;
    float test = train_vae(&r, d, 20, epochs, "vae", tr, te);
    if (isnan(test)) return free_vae_run(&r), 1;
    say("VAE 784-400-20 (Adam 1e-3, batch 128, %d epochs on %s, %d images): test negative ELBO %.2f "
        "nats/image (target <= 106 after 10 epochs on full MNIST: %s; last train %.2f)\n", epochs, d->name, d->n,
        test, strcmp(d->name, "mnist") || epochs < 10 ? "not comparable" : test <= 106 ? "met" : "NOT met",
        tr[epochs - 1]);
    float ex[64];
    for (int e = 0; e < epochs; e++) ex[e] = (float)(e + 1);
    wb_series s[2] = {{.label = "train (mean over the epoch)", .x = ex, .y = tr, .n = epochs},
                      {.label = "test", .x = ex, .y = te, .n = epochs}};
    char note[80];
    snprintf(note, sizeof note, "test -ELBO after %d epochs: %.2f nats/image", epochs, test);
    wb_plot_png(OUT "/vae_loss.png", &(wb_plot_opts){.title = "VAE 784-400-20: negative ELBO", .xlabel = "epoch",
                .ylabel = "nats per image", .note = note}, s, 2);
    vae_pictures(&r.v, d);
    free_vae_run(&r);
    test = train_vae(&r, d, 2, epochs2, "vae2d", tr, te);
    if (isnan(test)) return free_vae_run(&r), 1;
    say("VAE 784-400-2 (%d epochs): test negative ELBO %.2f nats/image\n", epochs2, test);
    vae2d_pictures(&r.v, d);
    free_vae_run(&r);
    return 0;
}

/* ======== 3. the MNIST GAN, and its judge ======== */
typedef struct judge_report {
    int counts[10];     /* how many samples the judge put in each class */
    int classes;        /* how many classes got at least one sample */
    float mean_maxprob; /* the judge's mean confidence, mean over samples of max_k p(k | x) */
    int pass;           /* classes == 10 and mean_maxprob >= 0.9 */
} judge_report;

/* The judge: week 09's reference LeNet-5, the model `make week09 run SOLUTION=1` saves in
   build/results/; when it is missing, a LeNet-5 trained here for LENET_EPOCHS epochs (2) with Adam
   and saved there, saying so. */
static lenet judge;
static int judge_ready;
static const char *judge_name = "week 09's reference LeNet-5";

static judge_report judge_samples(const float *x, int n);

/* a short LeNet-5 training run on d's training set: epochs of batch 64, Adam 1e-3, seeded */
static void judge_train(const digits *d, int epochs) {
    lenet_config cfg = LENET5;
    if (lenet_init(&judge, &cfg, 42) != 0) wb_die("week13: %s", wb_last_error());
    optimizer opt;
    opt_init(&opt, OPT_ADAM, judge.nparams, 1e-3f);
    int *order = wb_malloc((size_t)d->n * sizeof *order), labels[64];
    float *xb = wb_malloc((size_t)64 * 784 * sizeof *xb);
    wb_rng rng;
    wb_rng_seed(&rng, 9);
    for (int i = 0; i < d->n; i++) order[i] = i;
    for (int e = 0; e < epochs; e++) {
        wb_rng_shuffle(&rng, order, d->n);
        for (int start = 0; start + 64 <= d->n; start += 64) {
            for (int j = 0; j < 64; j++) {
                memcpy(xb + (size_t)j * 784, d->x.data + (size_t)order[start + j] * 784, 784 * sizeof *xb);
                labels[j] = d->y[order[start + j]];
            }
            lenet_train_step(&judge, &opt, xb, labels, 64);
        }
    }
    free(xb), free(order), opt_free(&opt);
}

static int judge_load(const digits *d) {
    if (judge_ready) return 0;
    char path[256];
    int limited = wb_setting("LIMIT", 0) > 0;
    snprintf(path, sizeof path, "build/results/week09-lenet-%s%s.model", d->name, limited ? "-limit" : "");
    if (lenet_load(&judge, path, 256) == 0) {
        printf("[judge: %s, loaded from %s]\n", judge_name, path);
    } else {
        int epochs = (int)wb_setting("LENET_EPOCHS", 2);
        printf("[judge: %s; %s is missing (make week09 run SOLUTION=1 makes it), so it is trained now "
               "for %d epochs and saved there]\n", judge_name, path, epochs);
        judge_train(d, epochs);
        if (lenet_save(&judge, path) != 0) fprintf(stderr, "week13: %s\n", wb_last_error());
        lenet_free(&judge);
        if (lenet_load(&judge, path, 256) != 0) wb_die("week13: %s", wb_last_error());
    }
    eval_result e = lenet_evaluate(&judge, d->xt.data, d->yt, d->nt, NULL);
    judge_ready = 1;
    judge_report real = judge_samples(d->xt.data, d->nt < 1000 ? d->nt : 1000);
    say("judge (%s): test accuracy %.2f%%; on 1000 real test digits its mean max probability is %.3f\n",
        judge_name, 100 * e.accuracy, real.mean_maxprob);
    return 0;
}

static judge_report judge_samples(const float *x, int n) {
    judge_report r = {{0}, 0, 0, 0};
    float p[256 * 10];
    double conf = 0;
    for (int i = 0; i < n; i += 256) {
        int b = n - i < 256 ? n - i : 256;
        lenet_forward(&judge, x + (size_t)i * 784, b, 0); /* evaluation mode: no dropout */
        wb_softmax_rows(judge.a.logits, p, b, 10);
        for (int j = 0; j < b; j++) {
            int best = 0;
            for (int k = 1; k < 10; k++) best = p[j * 10 + k] > p[j * 10 + best] ? k : best;
            r.counts[best]++, conf += p[j * 10 + best];
        }
    }
    for (int k = 0; k < 10; k++) r.classes += r.counts[k] > 0;
    r.mean_maxprob = (float)(conf / n);
    r.pass = r.classes == 10 && r.mean_maxprob >= 0.9f;
    return r;
}

/* The hidden widths from the setting `name` ("256,512,1024"; unset: dflt), into w; returns how many,
   and writes them as "-256-512-1024" into desc for the report. A bad list stops with one line. */
static int layer_list(const char *name, const char *dflt, int *w, char *desc, size_t cap) {
    const char *s = getenv(name);
    if (!s || !*s) s = dflt;
    int n = 0;
    desc[0] = 0;
    for (const char *p = s; *p && n < MLP_MAX_LAYERS - 1;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v <= 0 || v > 8192 || (*end && *end != ',')) {
            fprintf(stderr, "week13: %s=%s is not a list of widths like 256,512,1024\n", name, s);
            exit(2);
        }
        w[n++] = (int)v;
        size_t len = strlen(desc);
        snprintf(desc + len, cap - len, "-%ld", v);
        p = *end ? end + 1 : end;
    }
    return n;
}

static int run_gan(const digits *d) {
    int steps = (int)wb_setting("STEPS3", strcmp(d->name, "sample") ? 20000 : 1500), nz = 64, every = 500;
    int B = (int)wb_setting("BATCH3", 64), gw[MLP_MAX_LAYERS], dw[MLP_MAX_LAYERS];
    char gdesc[96], ddesc[96];
    int ng = layer_list("GLAYERS3", "256,512,1024", gw, gdesc, sizeof gdesc);
    int nd = layer_list("DLAYERS3", "512,256", dw, ddesc, sizeof ddesc);
    float smooth = (float)wb_setting("REAL_LABEL3", 1.0), lr = (float)wb_setting("LR3", 2e-4);
    int leaky = (int)wb_setting("LEAKY3", 1);
    wb_rng rng;
    wb_rng_seed(&rng, 2014);
    gan g;
    gan_init(&g, 784, nz, ng, gw, nd, dw, leaky ? ACT_LEAKY : ACT_RELU, ACT_SIGMOID, B, lr, &rng);
    g.real_label = smooth;
    init_output_bias(g.G.layer[g.G.nlayers - 1].b.data, d);
    char path[256];
    snprintf(path, sizeof path, OUT "/gan-%s.ckpt", d->name);
    enum { ROWS = 8, COLS = 10 };
    float *strip = wb_calloc((size_t)ROWS * COLS * 784, sizeof(float));
    wb_ckpt_part parts[7] = {floats("the generator", g.G.params.data, g.G.params.size),
                             floats("the discriminator", g.D.params.data, g.D.params.size),
                             floats("the generator's Adam m", g.opt_g.m, g.opt_g.n),
                             floats("the generator's Adam v", g.opt_g.v, g.opt_g.n),
                             floats("the discriminator's Adam m", g.opt_d.m, g.opt_d.n),
                             floats("the discriminator's Adam v", g.opt_d.v, g.opt_d.n),
                             floats("the strip of samples", strip, (size_t)ROWS * COLS * 784)};
    long done = 0, t[2] = {0, 0};
    if (wb_setting("RESUME", 0)) {
        int got = ckpt(path, 0, &done, steps, t, parts, 7);
        if (got < 0) fprintf(stderr, "week13: %s; starting afresh\n", wb_last_error()), done = 0;
        if (got == 0) printf("[gan: resumed after step %ld from %s]\n", done, path), g.opt_g.t = t[0], g.opt_d.t = t[1];
    }
    float *zfix = wb_malloc((size_t)COLS * nz * sizeof(float)), *z = wb_malloc((size_t)B * nz * sizeof(float));
    float *real = wb_malloc((size_t)B * 784 * sizeof(float));
    wb_rng zr;
    wb_rng_seed(&zr, 77);
    wb_rng_fill_normal(&zr, zfix, (long)COLS * nz, 1.0f);
    wb_progress p;
    wb_progress_start(&p, "MNIST GAN", steps);
    float ld = 0, lg = 0;
    long step;
    for (step = done; step < steps && !wb_interrupted(); step++) {
        wb_rng_seed_stream(&rng, 3, (uint64_t)step); /* each step's draws depend on the step alone */
        for (int i = 0; i < B; i++)
            memcpy(real + (size_t)i * 784, d->x.data + (size_t)wb_rng_below(&rng, (uint32_t)d->n) * 784,
                   784 * sizeof(float));
        wb_rng_fill_normal(&rng, z, (long)B * nz, 1.0f);
        ld = gan_d_step(&g, real, z, B);
        wb_rng_fill_normal(&rng, z, (long)B * nz, 1.0f);
        lg = gan_g_step(&g, z, B);
        wb_progress_update(&p, step + 1, "L_D %.3f L_G %.3f", ld, lg);
        long s1 = step + 1;
        for (int row = 0; row < ROWS; row++) /* the strip's rows: after steps/8, 2 steps/8, ... */
            if (s1 == (long)(row + 1) * steps / ROWS) generate(&g, zfix, COLS, strip + (size_t)row * COLS * 784);
        if (s1 % every == 0 || s1 == steps) {
            t[0] = g.opt_g.t, t[1] = g.opt_d.t;
            if (ckpt(path, 1, &s1, steps, t, parts, 7) != 0) fprintf(stderr, "week13: %s\n", wb_last_error());
        }
    }
    if (wb_interrupted()) {
        wb_progress_finish(&p, "stopped");
        t[0] = g.opt_g.t, t[1] = g.opt_d.t;
        if (ckpt(path, 1, &step, steps, t, parts, 7) != 0) fprintf(stderr, "week13: %s\n", wb_last_error());
        printf("[gan: stopped; checkpoint after step %ld in %s: RESUME=1 carries on]\n", step, path);
        free(strip), free(zfix), free(z), free(real);
        gan_free(&g);
        return 1;
    }
    wb_progress_finish(&p, "L_D %.3f L_G %.3f", ld, lg);
    wb_png_write_grid(OUT "/gan_over_training.png", strip, ROWS * COLS, 28, 28, COLS, WB_GRID_CLAMP);
    enum { NS = 1000 };
    float *zs = wb_malloc((size_t)NS * nz * sizeof(float)), *xs = wb_malloc((size_t)NS * 784 * sizeof(float));
    wb_rng_fill_normal(&zr, zs, (long)NS * nz, 1.0f);
    generate(&g, zs, NS, xs);
    wb_png_write_grid(OUT "/gan_samples.png", xs, 80, 28, 28, 10, WB_GRID_CLAMP);
    judge_load(d);
    judge_report jr = judge_samples(xs, NS);
    say("MNIST GAN (G %d%s-784, D 784%s-1, %s units, Adam %g beta1 0.5, reals labelled %g, batch %d, %d steps, "
        "seed 2014): the judge "
        "(%s) puts %d samples of %d in classes [%d %d %d %d %d %d %d %d %d %d], %d of 10 classes, mean max "
        "probability %.3f (target: 10 classes and >= 0.9: %s)\n", nz, gdesc, ddesc,
        activation_name[leaky ? ACT_LEAKY : ACT_RELU], lr, smooth, B, steps,
        judge_name, NS, NS,
        jr.counts[0], jr.counts[1], jr.counts[2], jr.counts[3], jr.counts[4], jr.counts[5], jr.counts[6],
        jr.counts[7], jr.counts[8], jr.counts[9], jr.classes, jr.mean_maxprob, jr.pass ? "met" : "NOT met");
    free(strip), free(zfix), free(z), free(real), free(zs), free(xs);
    gan_free(&g);
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    wb_interrupt_catch();
    if (system("mkdir -p " OUT " build/results") != 0) return fprintf(stderr, "week13: cannot make " OUT "\n"), 1;
    results = fopen(RESULTS, "w");
    if (!results) fprintf(stderr, "week13: cannot write " RESULTS "\n");
    double t0 = wb_seconds();
    int rc = 0;
    if (wanted("gan1d")) {
        double t = wb_seconds();
        rc |= run_gan1d();
        printf("[gan1d: %.0f s]\n", wb_seconds() - t);
    }
    digits d = {0};
    if ((wanted("vae") || wanted("gan")) && !wb_interrupted() && load_digits(&d) != 0) {
        if (results) fclose(results);
        free_digits(&d);
        return 1;
    }
    if (wanted("vae") && !wb_interrupted()) {
        double t = wb_seconds();
        rc |= run_vae(&d);
        printf("[vae: %.0f s]\n", wb_seconds() - t);
    }
    if (wanted("gan") && !wb_interrupted()) {
        double t = wb_seconds();
        rc |= run_gan(&d);
        printf("[gan: %.0f s]\n", wb_seconds() - t);
    }
    say("week 13 total: %.0f s%s\n", wb_seconds() - t0,
        wb_setting("RESUME", 0) ? " (RESUME=1: what was loaded from checkpoints is not timed)" : "");
    if (results) fclose(results);
    free_digits(&d);
    return rc;
}
