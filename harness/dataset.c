/* dataset.c — data sets by name, and a description of any data file. See dataset.h. */
#include "dataset.h"

#include "corpus.h"
#include "error.h"
#include "files.h"
#include "idx.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    const char *name, *dir; /* dir under the datasets root */
    const char *full;       /* the full set a sample stands in for, or the sample standing in */
    int is_sample;
} set_info;

static const set_info sets[] = {
    {"mnist", "full/mnist", "sample", 0},
    {"fashion", "full/fashion", "fashion-sample", 0},
    {"sample", "sample/mnist", "mnist", 1},
    {"fashion-sample", "sample/fashion", "fashion", 1},
};

static const set_info *find_set(const char *name) {
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strcmp(sets[i].name, name) == 0) return &sets[i];
    return NULL;
}

static const char *root(void) {
    const char *r = getenv("WB_DATASETS");
    return r && *r ? r : "datasets";
}

/* The path of one file of a set ("train-images-idx3-ubyte" ...), plain or gzipped, whichever
   exists (the plain name when neither does, for the error message). */
static void file_path(const set_info *s, const char *split, const char *what, char *buf, size_t len) {
    const char *prefix = strcmp(split, "test") == 0 ? "t10k" : "train";
    const char *suffix = strcmp(what, "images") == 0 ? "images-idx3-ubyte" : "labels-idx1-ubyte";
    snprintf(buf, len, "%s/%s/%s-%s.gz", root(), s->dir, prefix, suffix);
    if (!wb_is_file(buf)) buf[strlen(buf) - 3] = '\0';
}

int wb_dataset_available(const char *name) {
    const set_info *s = find_set(name);
    if (!s) return 0;
    char path[1024];
    const char *splits[] = {"train", "test"}, *whats[] = {"images", "labels"};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            file_path(s, splits[i], whats[j], path, sizeof path);
            if (!wb_is_file(path)) return 0;
        }
    return 1;
}

const char *wb_dataset_choose(const char *request) {
    if (!request || !*request) request = getenv("DATA");
    if (!request || !*request) request = "mnist";
    const set_info *s = find_set(request);
    if (!s || s->is_sample || wb_dataset_available(s->name)) return s ? s->name : request;
    /* A full set that has not been fetched: use its sample, and say how to get the rest. */
    fprintf(stderr, "note: using DATA=%s (%s/%s, 2,000 training images); `make data` fetches the full %s\n",
            s->full, root(), find_set(s->full)->dir, s->name);
    return s->full;
}

int wb_dataset_load(const char *name, const char *split, wb_tensor *images, uint8_t **labels, int *n) {
    const set_info *s = find_set(name);
    if (!s) return wb_fail("%s: unknown data set (known: mnist, fashion, sample, fashion-sample)", name);
    if (strcmp(split, "train") != 0 && strcmp(split, "test") != 0)
        return wb_fail("%s: unknown split '%s' (known: train, test)", name, split);
    char ipath[1024], lpath[1024];
    file_path(s, split, "images", ipath, sizeof ipath);
    file_path(s, split, "labels", lpath, sizeof lpath);
    if (!wb_is_file(ipath) && !s->is_sample)
        return wb_fail("%s: not found; run `make data` to fetch %s", ipath, s->name);
    if (wb_idx_load_pair(ipath, lpath, images, labels, n) != 0) return -1;
    for (int i = 0; i < *n; i++) {
        if ((*labels)[i] >= WB_NUM_CLASSES) {
            int bad = (*labels)[i];
            wb_tensor_free(images);
            free(*labels);
            *labels = NULL;
            return wb_fail("%s: label %d of item %d is outside 0..%d", lpath, bad, i, WB_NUM_CLASSES - 1);
        }
    }
    return 0;
}

/* ---- describing a file (datainfo) ---- */

static void describe_labels(const char *path, const wb_idx *idx, FILE *out) {
    size_t count[256] = {0};
    int classes = 0;
    for (size_t i = 0; i < idx->size; i++) count[idx->data[i]]++;
    for (int v = 0; v < 256; v++) classes += count[v] > 0;
    fprintf(out, "%s: IDX labels, unsigned bytes, shape (%d): %d labels, %d distinct values\n", path,
            idx->dims[0], idx->dims[0], classes);
    fprintf(out, "label  count  share\n");
    for (int v = 0; v < 256; v++)
        if (count[v]) fprintf(out, "%5d  %5zu  %5.2f%%\n", v, count[v], 100.0 * count[v] / idx->size);
}

static void describe_images(const char *path, const wb_idx *idx, FILE *out) {
    double sum = 0;
    int lo = 255, hi = 0;
    for (size_t i = 0; i < idx->size; i++) {
        sum += idx->data[i];
        if (idx->data[i] < lo) lo = idx->data[i];
        if (idx->data[i] > hi) hi = idx->data[i];
    }
    fprintf(out, "%s: IDX images, unsigned bytes, shape (%d,%d,%d): %d images of %dx%d pixels\n", path,
            idx->dims[0], idx->dims[1], idx->dims[2], idx->dims[0], idx->dims[1], idx->dims[2]);
    fprintf(out, "pixels: min %d, max %d, mean %.4f (as loaded, scaled to [0,1])\n", lo, hi,
            sum / (double)idx->size / 255.0);
}

static int describe_idx(const char *path, FILE *out) {
    wb_idx idx;
    if (wb_idx_read(path, &idx) != 0) return -1;
    if (idx.rank == 1) describe_labels(path, &idx, out);
    else if (idx.rank == 3) describe_images(path, &idx, out);
    else {
        fprintf(out, "%s: IDX array, unsigned bytes, rank %d, shape (%d", path, idx.rank, idx.dims[0]);
        for (int d = 1; d < idx.rank; d++) fprintf(out, ",%d", idx.dims[d]);
        fprintf(out, "): %zu bytes\n", idx.size);
    }
    wb_idx_free(&idx);
    return 0;
}

static int describe_text(const char *path, FILE *out) {
    wb_corpus c;
    if (wb_corpus_load(path, &c) != 0) return -1;
    size_t lines = 0;
    for (size_t i = 0; i < c.len; i++) lines += c.text[i] == '\n';
    fprintf(out, "%s: text corpus, %zu bytes, %zu lines, vocabulary of %d symbols (bytes)\n", path,
            c.len, lines, c.vocab_size);
    fprintf(out, "vocabulary: \"");
    for (int i = 0; i < c.vocab_size; i++) {
        unsigned char b = c.symbol[i];
        if (b == '\n') fputs("\\n", out);
        else if (b == '\t') fputs("\\t", out);
        else if (b == '\r') fputs("\\r", out);
        else if (b == '"' || b == '\\') fprintf(out, "\\%c", b);
        else if (b >= 0x80) fprintf(out, "\\x%02x", b);
        else fputc(b, out);
    }
    fprintf(out, "\"\n");
    wb_corpus_free(&c);
    return 0;
}

int wb_dataset_describe(const char *path, FILE *out) {
    /* IDX files start with two zero bytes (after gunzip); text never does. Anything that is not a
       readable regular file goes to the IDX reader, whose checks give the message. */
    unsigned char head[2] = {1, 1};
    if (wb_is_file(path)) {
        gzFile f = gzopen(path, "rb");
        if (f) {
            if (gzread(f, head, 2) != 2) head[0] = 1;
            gzclose(f);
        }
    }
    if (!wb_is_file(path) || (head[0] == 0 && head[1] == 0)) return describe_idx(path, out);
    return describe_text(path, out);
}
