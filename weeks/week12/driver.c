/* driver.c — `make week12 run`: word vectors for the King James Bible, and what they know.
 *
 *     make week12 run                  the whole KJV when fetched (make data), else the poetic books
 *     make week12 run DATA=sample      the poetic books (datasets/sample/poetry.txt): a few seconds
 *     EPOCHS=1 make week12 run         fewer epochs (also DIM=, WINDOW=, NEG=, MIN_COUNT=, SEED=)
 *
 * It tokenises and counts the text, trains skip-gram with negative sampling (a progress bar per
 * epoch: words/s, the sampled loss, the learning rate), then prints and writes under build/week12/:
 *     the nearest neighbours of a few words (a table), the analogies and similarity triples of
 *     w2v_eval.h with their scores, and
 *     map.png          a 2-D PCA map (week 03's pca_power_iteration) of people, places, animals, numbers
 *     <data>.vec       the vectors in word2vec's text format (read back with vectors_load and checked)
 * and for later weeks build/results/week12-<data>.vec (the vectors) and week12-<data>.scores.
 * The whole KJV takes well under a minute, so there is no checkpoint to resume.
 */
#include "week12.h"
#include "week03.h"
#include "settings.h"
#include "w2v_eval.h"

#include "dataset.h"
#include "draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week12"


/* ---- training, an epoch at a time, in chunks of whole sentences for the progress bar ---- */
static void train(w2v_model *m, const int *ids, long n, int epochs) {
    const long chunk = 20000;
    for (int e = 0; e < epochs; e++) {
        char label[48];
        snprintf(label, sizeof label, "epoch %d/%d", e + 1, epochs);
        wb_progress bar;
        wb_progress_start(&bar, label, n);
        double t0 = wb_seconds();
        m->loss_sum = 0, m->loss_n = 0;
        for (long i = 0; i < n;) {
            long j = i + chunk < n ? i + chunk : n;
            while (j < n && ids[j - 1] >= 0) j++; /* end on a sentence's -1 */
            w2v_train_chunk(m, ids + i, j - i);
            i = j;
            wb_progress_update(&bar, i, "%.0fk words/s  loss %.3f  lr %.5f", i / (wb_seconds() - t0 + 1e-9) / 1e3,
                               m->loss_n ? m->loss_sum / m->loss_n : 0.0,
                               (double)lr_linear(m->cfg.lr0, m->cfg.lr_min, m->done, m->total));
        }
        wb_progress_finish(&bar, "%.0fk words/s  loss %.3f", n / (wb_seconds() - t0) / 1e3,
                           m->loss_n ? m->loss_sum / m->loss_n : 0.0);
    }
}

/* ---- the neighbours table ---- */
static void print_neighbours(const w2v_vectors *x) {
    static const char *const probe[] = {"god", "lord", "sheep", "king", "jerusalem", "water", "david",
                                        "heaven", "gold", "seven", "sin", "bread"};
    printf("\nNearest neighbours (cosine)\n");
    for (int i = 0; i < W2V_N(probe); i++) {
        int w = vectors_find(x, probe[i]), best[8];
        float sim[8];
        if (w < 0) {
            printf("  %-10s (not in the vocabulary)\n", probe[i]);
            continue;
        }
        int n = nearest(x, w, 8, best, sim);
        printf("  %-10s", probe[i]);
        for (int k = 0; k < n; k++) printf(" %s %.2f", x->words[best[k]], (double)sim[k]);
        printf("\n");
    }
}

/* ---- the map: word groups projected on the first 2 principal components of their unit vectors ---- */
static const char *const groups[4][12] = {
    {"moses", "aaron", "david", "solomon", "abraham", "isaac", "jacob", "paul", "peter", "saul", "joseph", NULL},
    {"jerusalem", "egypt", "babylon", "israel", "judah", "samaria", "jordan", "zion", "assyria", "damascus", NULL},
    {"sheep", "oxen", "goats", "lion", "horses", "camels", "asses", "lambs", "cattle", "dogs", NULL},
    {"one", "two", "three", "four", "five", "seven", "ten", "twelve", "hundred", "thousand", NULL},
};
static const char *const group_names[4] = {"people", "places", "animals", "numbers"};
static const uint32_t group_colour[4] = {WB_RGB(31, 119, 180), WB_RGB(214, 39, 40), WB_RGB(44, 160, 44),
                                         WB_RGB(148, 103, 189)};

static void write_map(const w2v_vectors *x, const char *path) {
    int idx[48], grp[48], n = 0, D = x->D;
    for (int g = 0; g < 4; g++)
        for (int i = 0; groups[g][i]; i++) {
            int w = vectors_find(x, groups[g][i]);
            if (w >= 0) idx[n] = w, grp[n++] = g;
        }
    if (n < 3) {
        printf("map: only %d of the map's words are in the vocabulary, no map\n", n);
        return;
    }
    float *X = wb_malloc((size_t)n * D * sizeof *X), comp[2 * 1024], eig[2], mean[1024], codes[2 * 48];
    WB_CHECK(D <= 1024, "dimension %d too large for the map", D);
    for (int i = 0; i < n; i++) {
        const float *v = x->W + (size_t)idx[i] * D;
        double nn = 0;
        for (int d = 0; d < D; d++) nn += (double)v[d] * v[d];
        for (int d = 0; d < D; d++) X[i * D + d] = (float)(v[d] / sqrt(nn + 1e-30));
    }
    wb_rng rng;
    wb_rng_seed(&rng, 3);
    if (pca_power_iteration(X, n, D, 2, comp, eig, &rng) != 0) {
        printf("map: %s\n", wb_last_error());
        free(X);
        return;
    }
    pca_mean(X, n, D, mean);
    pca_project(X, n, D, mean, comp, 2, codes);
    float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
    for (int i = 0; i < n; i++)
        for (int c = 0; c < 2; c++) lo[c] = fminf(lo[c], codes[2 * i + c]), hi[c] = fmaxf(hi[c], codes[2 * i + c]);
    const int Wd = 1000, Ht = 760, m = 60;
    wb_image img = wb_image_new(Wd, Ht, 3);
    memset(img.pixels, 255, (size_t)Wd * Ht * 3);
    int box[48][4], nbox = 0; /* the labels drawn so far (x, y, w, h), so that labels do not overlap */
    for (int i = 0; i < n; i++) {
        int px = m + (int)((codes[2 * i] - lo[0]) / (hi[0] - lo[0] + 1e-12f) * (Wd - 2 * m - 100));
        int py = Ht - m - (int)((codes[2 * i + 1] - lo[1]) / (hi[1] - lo[1] + 1e-12f) * (Ht - 2 * m - 40));
        wb_fill_rect(&img, px - 4, py - 4, 9, 9, group_colour[grp[i]]);
        int tw = wb_text_width(x->words[idx[i]], 2), tx = px + 8, ty = py - 7;
        for (int tries = 0, clash = 1; clash && tries < 9; tries++) { /* nudge it down, up, further... */
            ty = py - 7 + (tries % 2 ? -1 : 1) * 9 * ((tries + 1) / 2);
            clash = 0;
            for (int b = 0; b < nbox; b++)
                clash |= tx < box[b][0] + box[b][2] && box[b][0] < tx + tw && ty < box[b][1] + 16 && box[b][1] < ty + 16;
        }
        box[nbox][0] = tx, box[nbox][1] = ty, box[nbox][2] = tw, box[nbox++][3] = 16;
        wb_draw_text(&img, tx, ty, x->words[idx[i]], 2, group_colour[grp[i]]);
    }
    for (int g = 0; g < 4; g++) {
        wb_fill_rect(&img, 16 + 150 * g, 16, 12, 12, group_colour[g]);
        wb_draw_text(&img, 34 + 150 * g, 14, group_names[g], 2, group_colour[g]);
    }
    char note[96];
    snprintf(note, sizeof note, "PCA of the unit word vectors: PC1 (x) and PC2 (y), variance %.3f, %.3f",
             (double)eig[0], (double)eig[1]);
    wb_draw_text(&img, 16, Ht - 24, note, 2, WB_RGB(90, 90, 90));
    if (wb_png_write(path, &img) != 0) printf("map: %s\n", wb_last_error());
    else printf("\nmap: %s (%d words)\n", path, n);
    wb_image_free(&img);
    free(X);
}

/* Save the vectors, read them back (they must be identical), print the neighbours, the scores
   and the map, and leave the vectors and scores in build/results/ for later weeks. */
static int save_and_report(const w2v_vectors *x, const char *name, double words_per_s) {
    char vec[256], res[256];
    w2v_vectors back;
    snprintf(vec, sizeof vec, OUT "/%s.vec", name);
    if (vectors_save(x, vec) != 0 || vectors_load(vec, &back) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return -1;
    }
    int same = back.V == x->V && back.D == x->D && memcmp(back.W, x->W, (size_t)x->V * x->D * sizeof(float)) == 0;
    printf("vectors: %s (%d x %d), reloaded: %s\n", vec, x->V, x->D, same ? "identical" : "DIFFERENT");
    vectors_free(&back);

    print_neighbours(x);
    w2v_scores s = w2v_evaluate(x, stdout);
    printf("\nScores: lord in god's 10 nearest: %s; oxen/flock in sheep's: %s; the issue's analogies %d/%d; "
           "our analogies %d/%d; our similarity triples %d/%d\n",
           s.lord_rank ? "yes" : "no", s.sheep_rank ? "yes" : "no", s.target_hits, s.target_n, s.own_hits, s.own_n,
           s.sim_hits, s.sim_n);
    write_map(x, OUT "/map.png");

    snprintf(res, sizeof res, "build/results/week12-%s.vec", name);
    if (vectors_save(x, res) == 0) {
        snprintf(res, sizeof res, "build/results/week12-%s.scores", name);
        FILE *f = fopen(res, "w");
        if (f) {
            fprintf(f, "words_per_s\t%.0f\nlord_rank\t%d\nsheep_rank\t%d\ntarget_analogies\t%d/%d\n"
                       "own_analogies\t%d/%d\nsimilarity\t%d/%d\n", words_per_s, s.lord_rank, s.sheep_rank,
                    s.target_hits, s.target_n, s.own_hits, s.own_n, s.sim_hits, s.sim_n);
            fclose(f);
        }
    }
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *data = getenv("DATA");
    const char *name = data && (strcmp(data, "sample") == 0 || strcmp(data, "poetry") == 0) ? "poetry" : "kjv";
    if (data && *data && strcmp(name, "poetry") != 0 && strcmp(data, "kjv") != 0) {
        fprintf(stderr, "DATA=%s: week 12 reads text: DATA=kjv (the whole Bible) or DATA=sample (the poetic books)\n", data);
        return 2;
    }
    const char *path = wb_corpus_choose(name);
    if (strstr(path, "poetry")) name = "poetry";
    wb_corpus text;
    if (wb_corpus_load(path, &text) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    w2v_config cfg = W2V_DEFAULTS;
    cfg.dim = (int)wb_setting("DIM", cfg.dim), cfg.window = (int)wb_setting("WINDOW", cfg.window);
    cfg.negative = (int)wb_setting("NEG", cfg.negative), cfg.epochs = (int)wb_setting("EPOCHS", cfg.epochs);
    cfg.min_count = (long)wb_setting("MIN_COUNT", (double)cfg.min_count), cfg.seed = (uint64_t)wb_setting("SEED", 1);
    if (cfg.dim < 1 || cfg.dim > 1024 || cfg.window < 1 || cfg.negative < 1 || cfg.epochs < 1 || cfg.min_count < 1) {
        fprintf(stderr, "settings out of range: DIM 1..1024, WINDOW, NEG, EPOCHS, MIN_COUNT >= 1\n");
        return 2;
    }
    w2v_vocab v;
    if (vocab_build(&v, text.text, text.len, cfg.min_count) != 0) {
        fprintf(stderr, "%s: %s\n", path, wb_last_error());
        return 1;
    }
    int *ids = wb_malloc((text.len + 1) * sizeof *ids);
    long n = vocab_encode(&v, text.text, text.len, ids);
    printf("%s: %zu bytes, %ld training words (min count %ld), a vocabulary of %d words\n", path, text.len, v.total,
           cfg.min_count, v.size);
    printf("most frequent:");
    for (int i = 0; i < 8 && i < v.size; i++)
        printf(" %s %ld (keeps %.0f%%)", v.words[i], v.counts[i], 100.0 * keep_probability(v.counts[i], v.total, cfg.sample));
    printf("\nskip-gram, negative sampling: dim %d, window %d, %d negatives, %d epochs, lr %.3g -> %.3g, sample %g, seed %llu\n",
           cfg.dim, cfg.window, cfg.negative, cfg.epochs, (double)cfg.lr0, (double)cfg.lr_min, cfg.sample,
           (unsigned long long)cfg.seed);

    w2v_model m;
    w2v_init(&m, &v, &cfg, v.total * cfg.epochs);
    double t0 = wb_seconds();
    train(&m, ids, n, cfg.epochs);
    double secs = wb_seconds() - t0;
    printf("trained in %.2f s: %.0f words/s (%ld words x %d epochs, one thread)\n", secs,
           (double)v.total * cfg.epochs / secs, v.total, cfg.epochs);

    w2v_vectors x;
    w2v_vectors_from_model(&m, &v, &x);
    if (save_and_report(&x, name, (double)v.total * cfg.epochs / secs) != 0) return 1;
    vectors_free(&x);
    w2v_free(&m);
    vocab_free(&v);
    free(ids);
    wb_corpus_free(&text);
    return 0;
}
