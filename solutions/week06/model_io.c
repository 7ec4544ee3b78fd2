/**
# Saving a trained network

Training takes minutes; using the network takes microseconds. So we save it. A file format is a
promise to every program that will ever read the file, and three details make the promise keepable:

- a **magic number** first ("WBNN"), so a reader knows at once that a file is not one of ours (a
  PNG, an MNIST file, an empty file) instead of misreading its bytes as weights;
- a **format version**, so that when the format changes, old programs refuse new files with a clear
  message rather than reading garbage;
- the **shape**: the layer sizes and activations. Weights are only meaningful for the network they
  were trained in; loading a 784-256-10 file into a 784-128-10 network must be an error.

Numbers are stored **little-endian** (least significant byte first), whatever the machine: we write
every byte ourselves with shifts, so the file is the same on any computer. A float is stored as its
32 IEEE-754 bits (`memcpy` into a `uint32_t`, which is how C reinterprets bits without undefined
behaviour). Last, a **CRC-32** of everything before it detects a damaged file (a flipped bit, a
truncated download) that would otherwise load as a silently broken network.

| bytes | what |
|---|---|
| 4 | magic `W B N N` |
| 4 | format version, 1 |
| 4 | number of layers L |
| 4 (L+1) | layer sizes: inputs, then each layer's outputs |
| 4 L | activations (0 none, 1 relu, 2 tanh, 3 sigmoid, 4 leaky relu) |
| 4 P | the P parameters as float32, in the network's order: W0 (row-major), b0, W1, b1, ... |
| 4 | CRC-32 (zlib's) of all the bytes above |

All the integers are uint32. A reader checks each field in turn and stops at the first problem with
one line that says what is wrong, never a crash: the file may have been written by anyone.

`model_save` fills `buf` in the table's order, every number through `put_u32` (a float through
`float_bits` first), and ends with the CRC-32 of all the bytes before it, `crc32(0, buf, n)`.
*/
#include "week06.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Little-endian uint32 into 4 bytes and back. */
static void put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}
static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint32_t float_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bits_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* The file's size for a network: header, parameters and checksum. */
static size_t file_size(int nlayers, size_t nparams) {
    return 12 + 4 * (size_t)(nlayers + 1) + 4 * (size_t)nlayers + 4 * nparams + 4;
}

/* "784-128-10" */
static const char *sizes_str(const uint32_t *sizes, int n, char *buf, size_t len) {
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && o < len; i++) o += (size_t)snprintf(buf + o, len - o, i ? "-%u" : "%u", sizes[i]);
    return buf;
}

int model_save(const mlp *m, const char *path) {
    size_t size = file_size(m->nlayers, m->params.size);
    unsigned char *buf = wb_malloc(size), *p = buf;
    // BEGIN SOLUTION: the table's fields in order, little-endian, then the CRC-32 of all before it
    memcpy(p, MODEL_MAGIC, 4), p += 4;
    put_u32(p, MODEL_VERSION), p += 4;
    put_u32(p, (uint32_t)m->nlayers), p += 4;
    for (int l = 0; l <= m->nlayers; l++) put_u32(p, (uint32_t)m->sizes[l]), p += 4;
    for (int l = 0; l < m->nlayers; l++) put_u32(p, (uint32_t)m->acts[l]), p += 4;
    for (size_t i = 0; i < m->params.size; i++) put_u32(p, float_bits(m->params.data[i])), p += 4;
    // MUTANT big_endian: for (size_t i = 0; i < m->params.size; i++) put_u32(p, __builtin_bswap32(float_bits(m->params.data[i]))), p += 4;
    put_u32(p, (uint32_t)crc32(0L, buf, (uInt)(p - buf))), p += 4;
    // END SOLUTION
    // STUB: (void)put_u32; (void)float_bits; free(buf);
    // STUB: return wb_fail("%s: model_save is not written yet", path);
    WB_CHECK((size_t)(p - buf) == size, "wrote %zu bytes of %zu", (size_t)(p - buf), size);
    /* write a temporary file, then rename: a crash halfway never leaves a half-written model */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = wb_mkdir_parents(path) == 0 ? fopen(tmp, "wb") : NULL;
    int ok = f && fwrite(buf, 1, size, f) == size;
    if (f && fclose(f) != 0) ok = 0;
    free(buf);
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return wb_fail("%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

/**
`model_load` checks, in this order, and stops at the first failure with one `wb_fail` line that
names the file (the network is left untouched):

1. at least 12 bytes and the magic: else "not a model file";
2. the version: else "format version N, but this program reads version 1";
3. a layer count in 1..`MLP_MAX_LAYERS` and room for its sizes and activations: else "damaged
   header";
4. the layer count and sizes equal the network's: else "the file holds a 5-4-3 network, but this
   one is 5-6-3" (both shapes);
5. each layer's activation: else "layer 0 has activation tanh in the file, relu in this network";
6. the exact length: else "truncated" or "longer than";
7. the CRC-32: else "corrupt: the CRC-32 checksum does not match".

The shape comes before the length: a file of another shape also has another length, and
"truncated" would send the user looking for the wrong problem. Only when all seven pass are the
parameters copied (`bits_float` of each `get_u32`).
*/
/* The whole file into memory, refusing anything larger than `limit` bytes (a model file of the
   expected shape is never larger; a huge file is not ours). */
static unsigned char *read_file(const char *path, size_t limit, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { wb_fail("%s: cannot open: %s", path, strerror(errno)); return NULL; }
    unsigned char *buf = wb_malloc(limit + 1);
    *size = fread(buf, 1, limit + 1, f);
    int err = ferror(f);
    fclose(f);
    if (err) { free(buf); wb_fail("%s: cannot read", path); return NULL; }
    return buf;
}

int model_load(mlp *m, const char *path) {
    size_t want = file_size(m->nlayers, m->params.size), got;
    unsigned char *buf = read_file(path, want, &got);
    if (!buf) return -1;
    uint32_t msizes[MLP_MAX_LAYERS + 1], fsizes[MLP_MAX_LAYERS + 1];
    char a[160], b[160];
    for (int l = 0; l <= m->nlayers; l++) msizes[l] = (uint32_t)m->sizes[l];
    sizes_str(msizes, m->nlayers + 1, b, sizeof b); /* this network's shape, "784-128-10" */
    int rc = -1;
    // BEGIN SOLUTION: the seven checks above in order, each failure one line; then the parameters
    if (got < 12 || memcmp(buf, MODEL_MAGIC, 4) != 0) {
    // MUTANT magic_unchecked: if (got < 12) {
    // MUTANT magic_3_bytes: if (got < 12 || memcmp(buf, MODEL_MAGIC, 3) != 0) {
    // MUTANT magic_short: if (got < 4 || memcmp(buf, MODEL_MAGIC, 4) != 0) {
        wb_fail("%s: not a model file (it does not start with \"%s\")", path, MODEL_MAGIC);
        goto done;
    }
    uint32_t version = get_u32(buf + 4), L = get_u32(buf + 8);
    if (version != MODEL_VERSION) {
    // MUTANT version_unchecked: if (0) {
    // MUTANT version_gt: if (version > MODEL_VERSION) {
        wb_fail("%s: format version %u, but this program reads version %u", path, version, MODEL_VERSION);
        goto done;
    }
    if (L < 1 || L > MLP_MAX_LAYERS || got < 12 + 8 * (size_t)L + 4) {
    // MUTANT layer_count_unchecked: if (L < 1 || got < 12 + 8 * (size_t)L + 4) {
    // MUTANT no_room_check: if (L < 1 || L > MLP_MAX_LAYERS) {
    // MUTANT layer_max_refused: if (L < 1 || L >= MLP_MAX_LAYERS || got < 12 + 8 * (size_t)L + 4) {
        wb_fail("%s: damaged header (%u layers, %zu bytes)", path, L, got);
        goto done;
    }
    for (uint32_t l = 0; l <= L; l++) fsizes[l] = get_u32(buf + 12 + 4 * l);
    int same = L == (uint32_t)m->nlayers &&
               memcmp(fsizes, msizes, 4 * (size_t)(L + 1)) == 0;
    // MUTANT no_shape_check: 1;
    // MUTANT shape_misses_last: memcmp(fsizes, msizes, 4 * (size_t)L) == 0;
    if (!same) {
        wb_fail("%s: the file holds a %s network, but this one is %s", path, sizes_str(fsizes, (int)L + 1, a, sizeof a), b);
        goto done;
    }
    const unsigned char *acts = buf + 12 + 4 * (L + 1);
    for (uint32_t l = 0; l < L; l++)
    // MUTANT act_check_skips_last: for (uint32_t l = 0; l + 1 < L; l++)
    // MUTANT acts_after_length: for (uint32_t l = 0; l < L && got == want; l++)
        if (get_u32(acts + 4 * l) != (uint32_t)m->acts[l]) {
        // MUTANT activation_unchecked: if (0) {
            uint32_t fa = get_u32(acts + 4 * l);
            wb_fail("%s: layer %u has activation %s in the file, %s in this network", path, l,
                    fa <= ACT_LEAKY ? activation_name[fa] : "(unknown)", activation_name[m->acts[l]]);
            // MUTANT leaky_name_unknown: fa < ACT_LEAKY ? activation_name[fa] : "(unknown)", activation_name[m->acts[l]]);
            goto done;
        }
    if (got != want) {
    // MUTANT longer_accepted: if (got < want) {
        if (got > want) wb_fail("%s: longer than a %s network's %zu bytes", path, b, want);
        else wb_fail("%s: truncated: %zu bytes, a %s network needs %zu", path, got, b, want);
        goto done;
    }
    int crc_ok = get_u32(buf + want - 4) == (uint32_t)crc32(0L, buf, (uInt)(want - 4));
    // MUTANT no_crc_check: int crc_ok = 1;
    if (!crc_ok) {
        wb_fail("%s: corrupt: the CRC-32 checksum does not match the contents", path);
        goto done;
    }
    const unsigned char *params = acts + 4 * L;
    for (size_t i = 0; i < m->params.size; i++) m->params.data[i] = bits_float(get_u32(params + 4 * i));
    rc = 0;
    // END SOLUTION
    // STUB: (void)a; (void)fsizes; (void)get_u32; (void)bits_float;
    // STUB: wb_fail("%s: model_load is not written yet", path);
    // STUB: goto done;
done:
    free(buf);
    return rc;
}
