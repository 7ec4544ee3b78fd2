/* test_model_io.c — tests for model_io.c: a round trip, the exact bytes of a tiny file (worked out by
 * hand from the format table in model_io.c), and files that must be refused with one line. */
#include "testing.h"
#include "week06.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <dirent.h>
#include <unistd.h>

static void net(mlp *m, int h, activation act, uint64_t seed) {
    wb_rng r;
    wb_rng_seed(&r, seed);
    mlp_init(m, 2, (int[]){5, h, 3}, (activation[]){act, ACT_NONE}, 4, &r);
    for (size_t i = 0; i < m->params.size; i++) m->params.data[i] += 0.001f * (float)i; /* biases too */
}

static unsigned char *slurp(const char *path, long *n) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s was not written", path);
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)*n + 1);
    ck_assert_int_eq(fread(b, 1, (size_t)*n, f), *n);
    fclose(f);
    return b;
}
static void spit(const char *path, const unsigned char *b, long n) {
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f && fwrite(b, 1, (size_t)n, f) == (size_t)n, "the test could not write %s", path);
    fclose(f);
}

WB_TEST(save_then_load_is_exact, .points = 2,
        .hint = "Catches rounding on the way and parameters out of order: model_save writes every "
                "parameter's 32 bits and model_load reads them back in the same order.",
        .hint2 = "No text and no double: a float's bits go through float_bits and bits_float.") {
    mlp a, b;
    net(&a, 4, ACT_RELU, 1);
    net(&b, 4, ACT_RELU, 2);
    char path[600];
    wb_test_path("a.model", path, sizeof path);
    ck_assert_msg(model_save(&a, path) == 0, "model_save: %s", wb_last_error());
    ck_assert_msg(model_load(&b, path) == 0, "model_load: %s", wb_last_error());
    ck_assert_msg(memcmp(a.params.data, b.params.data, a.params.size * sizeof(float)) == 0,
                  "the loaded parameters differ from the saved ones");
    long n;
    free(slurp(path, &n));
    /* 12 + 4*3 sizes + 4*2 activations + 4*(4*6 + 3*5) parameters + 4 = 192 bytes */
    ck_assert_msg(n == 192, "the file has %ld bytes; a 5-4-3 network's is 192", n);
    mlp_free(&a);
    mlp_free(&b);
}

WB_TEST(load_accepts_the_largest_layer_count, .points = 1,
        .hint = "Catches the layer-count check off by one: a file may hold 1 to MLP_MAX_LAYERS "
                "layers, both ends included, so a network of exactly MLP_MAX_LAYERS layers must "
                "save and load like any other.",
        .hint2 = "Only 0 layers and MLP_MAX_LAYERS + 1 or more are a damaged header: the network's "
                 "arrays have room for MLP_MAX_LAYERS layers, and the largest one is allowed.") {
    int sizes[MLP_MAX_LAYERS + 1];
    activation acts[MLP_MAX_LAYERS];
    for (int l = 0; l <= MLP_MAX_LAYERS; l++) sizes[l] = 1 + l % 3; /* tiny, and no two alike */
    for (int l = 0; l < MLP_MAX_LAYERS; l++) acts[l] = (activation)(l % 4);
    wb_rng r;
    wb_rng_seed(&r, 7);
    mlp a, b;
    mlp_init(&a, MLP_MAX_LAYERS, sizes, acts, 1, &r);
    mlp_init(&b, MLP_MAX_LAYERS, sizes, acts, 1, &r); /* the same shape, other weights */
    char path[600];
    wb_test_path("deep.model", path, sizeof path);
    ck_assert_msg(model_save(&a, path) == 0, "model_save: %s", wb_last_error());
    ck_assert_msg(model_load(&b, path) == 0, "model_load refused a network of MLP_MAX_LAYERS = %d "
                  "layers: %s", MLP_MAX_LAYERS, wb_last_error());
    ck_assert_msg(memcmp(a.params.data, b.params.data, a.params.size * sizeof(float)) == 0,
                  "the loaded parameters of the %d-layer network differ from the saved ones",
                  MLP_MAX_LAYERS);
    mlp_free(&a);
    mlp_free(&b);
}

WB_TEST(file_bytes_are_little_endian, .points = 2,
        .hint = "Catches big-endian bytes and a wrong checksum: every number is 4 bytes, least "
                "significant first, and the file ends with the CRC-32 of every byte before it.",
        .hint2 = "1.0f is 0x3F800000, stored as 00 00 80 3F. If you see 3F 80 00 00 the bytes are big-endian.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp m;
    mlp_init(&m, 1, (int[]){2, 1}, (activation[]){ACT_NONE}, 1, &r);
    m.layer[0].W.data[0] = 1.0f;
    m.layer[0].W.data[1] = -2.0f;
    m.layer[0].b.data[0] = 0.5f;
    unsigned char want[40] = {'W', 'B', 'N', 'N', 1, 0, 0, 0, /* version 1 */ 1, 0, 0, 0, /* 1 layer */
                              2, 0, 0, 0, 1, 0, 0, 0,   /* sizes 2, 1 */
                              0, 0, 0, 0,               /* activation none */
                              0, 0, 0x80, 0x3F,         /* 1.0f  = 0x3F800000 */
                              0, 0, 0, 0xC0,            /* -2.0f = 0xC0000000 */
                              0, 0, 0, 0x3F};           /* 0.5f  = 0x3F000000 */
    uint32_t crc = (uint32_t)crc32(0L, want, 36);
    for (int i = 0; i < 4; i++) want[36 + i] = (unsigned char)(crc >> (8 * i));
    char path[600];
    wb_test_path("tiny.model", path, sizeof path);
    ck_assert_msg(model_save(&m, path) == 0, "model_save: %s", wb_last_error());
    long n;
    unsigned char *got = slurp(path, &n);
    ck_assert_msg(n == 40, "the file has %ld bytes, want 40", n);
    for (int i = 0; i < 40; i++)
        ck_assert_msg(got[i] == want[i], "byte %d is 0x%02X, want 0x%02X", i, got[i], want[i]);
    free(got);
    mlp_free(&m);
}

/* model_load must fail with one line naming the file, and leave the network as it was. */
static void assert_refused(mlp *m, const char *path, const char *why, const char *must_say) {
    float *before = malloc(m->params.size * sizeof(float));
    memcpy(before, m->params.data, m->params.size * sizeof(float));
    int rc = model_load(m, path);
    const char *e = wb_last_error();
    ck_assert_msg(rc == -1, "model_load accepted %s (returned %d)", why, rc);
    ck_assert_msg(strstr(e, path) != NULL, "the message for %s does not name the file: \"%s\"", why, e);
    ck_assert_msg(!strchr(e, '\n'), "the message for %s is more than one line: \"%s\"", why, e);
    if (must_say) ck_assert_msg(strstr(e, must_say) != NULL, "the message for %s does not say \"%s\": \"%s\"", why, must_say, e);
    ck_assert_msg(memcmp(before, m->params.data, m->params.size * sizeof(float)) == 0,
                  "a refused file (%s) changed the network's parameters", why);
    free(before);
}

WB_TEST(load_refuses_another_shape, .points = 2,
        .hint = "Catches a shape that is not compared in full, or compared after the length: the "
                "file's layer count, all its sizes (the output's too) and every layer's activation "
                "(the last one's too) must equal the network's before anything is copied, and the "
                "message says both shapes, or both activations by their names (any of the "
                "table's five).",
        .hint2 = "Check the shape, the activations too, before the file's length: a file of "
                 "another shape also has another length, but \"truncated\" would send the user "
                 "looking for the wrong problem.") {
    mlp a, b, c;
    net(&a, 4, ACT_RELU, 1);
    net(&b, 6, ACT_RELU, 2);
    net(&c, 4, ACT_TANH, 3);
    char path[600];
    wb_test_path("a.model", path, sizeof path);
    ck_assert_msg(model_save(&a, path) == 0, "model_save: %s", wb_last_error());
    assert_refused(&b, path, "a 5-4-3 file loaded into a 5-6-3 network", "5-4-3");
    assert_refused(&b, path, "a 5-4-3 file loaded into a 5-6-3 network", "5-6-3");
    assert_refused(&c, path, "a relu file loaded into a tanh network", "relu");
    /* the last layer differs: its size (2 outputs, not 3), or its activation (tanh, not none) */
    mlp d, e;
    wb_rng r;
    wb_rng_seed(&r, 4);
    mlp_init(&d, 2, (int[]){5, 4, 2}, (activation[]){ACT_RELU, ACT_NONE}, 4, &r);
    mlp_init(&e, 2, (int[]){5, 4, 3}, (activation[]){ACT_RELU, ACT_TANH}, 4, &r);
    char p2[600];
    wb_test_path("d.model", p2, sizeof p2);
    ck_assert_msg(model_save(&d, p2) == 0, "model_save: %s", wb_last_error());
    assert_refused(&a, p2, "a 5-4-2 file loaded into a 5-4-3 network", "5-4-2");
    assert_refused(&e, path, "a file whose output layer has activation none, into a tanh one",
                   "layer 1 has activation none");
    /* a relu file cut short, into the tanh network: the activation (check 5) before the
       length (check 6) */
    long n;
    unsigned char *good = slurp(path, &n);
    char p3[600];
    wb_test_path("short.model", p3, sizeof p3);
    spit(p3, good, n - 8);
    assert_refused(&c, p3, "a relu file cut short, loaded into a tanh network",
                   "layer 0 has activation relu");
    free(good);
    /* the given leaky ReLU (4) is an activation of the format table too: its file, loaded into
       the relu network, names it */
    mlp g;
    net(&g, 4, ACT_LEAKY, 5);
    char p4[600];
    wb_test_path("leaky.model", p4, sizeof p4);
    ck_assert_msg(model_save(&g, p4) == 0, "model_save: %s", wb_last_error());
    assert_refused(&a, p4, "a leaky relu file loaded into a relu network",
                   "layer 0 has activation leaky relu in the file");
    mlp_free(&g);
    mlp_free(&a);
    mlp_free(&b);
    mlp_free(&c);
    mlp_free(&d);
    mlp_free(&e);
}

WB_TEST(load_refuses_damaged_files, .points = 3,
        .hint = "Catches a loader that trusts its file: each of the seven checks in the notes is reached "
                "by a file that differs from a good one in that one field, and each must fail with "
                "its own one-line message naming the file, leaving the network untouched.",
        .hint2 = "A flipped bit in a weight leaves every field valid: only the checksum can catch "
                 "it. A file shorter than its 12 bytes of magic, version and layer count is not a "
                 "model file, even one that starts with WBNN.") {
    mlp a;
    net(&a, 4, ACT_RELU, 1);
    char path[600];
    wb_test_path("a.model", path, sizeof path);
    ck_assert_msg(model_save(&a, path) == 0, "model_save: %s", wb_last_error());
    long n;
    unsigned char *good = slurp(path, &n), *bad = malloc((size_t)n + 8);
    char p2[700];
    snprintf(p2, sizeof p2, "%s.bad", path);

    char missing[600];
    assert_refused(&a, wb_test_path("missing.model", missing, sizeof missing), "a missing file", "cannot open");
    spit(p2, good, 0);
    assert_refused(&a, p2, "an empty file", "not a model file");
    spit(p2, (const unsigned char *)"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    assert_refused(&a, p2, "a PNG file", "not a model file");
    /* the right magic, but too short for the version (4 bytes) or the layer count (11 bytes) */
    spit(p2, good, 4);
    assert_refused(&a, p2, "a file of the magic number alone", "not a model file");
    spit(p2, good, 11);
    assert_refused(&a, p2, "an 11-byte file (the magic, the version, 3 bytes of L)",
                   "not a model file");
    /* each of the following differs from the good file in one field only (offsets from the table:
       magic 0, version 4, L 8, sizes 12.., activations 24.. for this 5-4-3 network) */
    memcpy(bad, good, (size_t)n);
    bad[0] = 'X'; /* "XBNN" */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a wrong magic number", "not a model file");
    memcpy(bad, good, (size_t)n);
    bad[3] = 'X'; /* "WBNX": all four bytes are the magic */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a magic number wrong in its last byte", "not a model file");
    memcpy(bad, good, (size_t)n);
    bad[4] = 2; /* version 2 */
    spit(p2, bad, n);
    assert_refused(&a, p2, "format version 2", "version 2");
    memcpy(bad, good, (size_t)n);
    bad[4] = 0; /* version 0: older is not ours either */
    spit(p2, bad, n);
    assert_refused(&a, p2, "format version 0", "version 0");
    memcpy(bad, good, (size_t)n);
    bad[8] = 0; /* 0 layers */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file with 0 layers", "damaged header");
    memcpy(bad, good, (size_t)n);
    bad[8] = MLP_MAX_LAYERS + 1; /* more layers than any network has */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file with too many layers", "damaged header");
    memcpy(bad, good, (size_t)n);
    bad[8] = 1; /* 1 layer: the file then describes a 5-4 network */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file whose layer count differs", "5-4 network");
    memcpy(bad, good, (size_t)n);
    bad[16] = 6; /* the hidden size 4 -> 6 */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file whose hidden size differs", "5-6-3");
    memcpy(bad, good, (size_t)n);
    bad[24] = ACT_TANH; /* layer 0: relu -> tanh */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file whose activation differs", "activation tanh");
    memcpy(bad, good, (size_t)n);
    bad[24] = 7; /* no such activation */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file with an unknown activation", "(unknown)");
    /* cut short with a good magic, version and layer count: L = 2 needs 12 + 4*3 + 4*2 = 32 bytes
       of header, so 20 (inside the sizes) and 31 (inside the activations) cannot be read as one */
    spit(p2, good, 20);
    assert_refused(&a, p2, "a file cut inside its layer sizes", "damaged header");
    spit(p2, good, 31);
    assert_refused(&a, p2, "a file cut one byte short of its header", "damaged header");
    spit(p2, good, 32); /* the header complete, every parameter missing */
    assert_refused(&a, p2, "a file that ends after its header", "truncated");
    spit(p2, good, n - 10);
    assert_refused(&a, p2, "a truncated file", "truncated");
    memcpy(bad, good, (size_t)n);
    memcpy(bad + n, "trailing", 8);
    spit(p2, bad, n + 8);
    assert_refused(&a, p2, "a file with bytes after the checksum", "longer than");
    memcpy(bad, good, (size_t)n);
    bad[100] ^= 0x10; /* one bit of one weight */
    spit(p2, bad, n);
    assert_refused(&a, p2, "a file with a flipped bit", "CRC-32");
    /* and the good file still loads */
    ck_assert_msg(model_load(&a, path) == 0, "model_load of the good file: %s", wb_last_error());
    free(good);
    free(bad);
    mlp_free(&a);
}
