/* idx.c — read and write IDX files (MNIST's format). See idx.h. */
#include "idx.h"

#include "error.h"
#include "files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* IDX element types (the third magic byte). Only unsigned bytes are used by our data sets. */
static const char *type_name(int t) {
    switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "unknown";
    }
}

/* Open a regular file for reading with zlib, which reads gzipped and plain files alike.
   Directories, devices and pipes are refused up front: reading them could fail oddly or block. */
static gzFile open_input(const char *path) {
    struct stat st;
    if (wb_require_regular_file(path) != 0) return NULL;
    if (stat(path, &st) == 0 && st.st_size == 0) {
        wb_fail("%s: empty file", path);
        return NULL;
    }
    gzFile f = gzopen(path, "rb");
    if (!f) wb_fail("%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM));
    return f;
}

/* Read up to n bytes (fewer only at the end of the data). Returns the count, or -1 with a message
   when the gzip stream is corrupt. */
static long read_some(gzFile f, const char *path, uint8_t *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        size_t chunk = n - got < (1u << 20) ? n - got : (1u << 20); /* gzread takes an int count */
        int r = gzread(f, buf + got, (unsigned)chunk);
        if (r < 0) {
            int code;
            const char *msg = gzerror(f, &code);
            return wb_fail("%s: corrupt gzip data: %s", path, msg);
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return (long)got;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Check the header: magic, type, rank, dimensions. Fills out->rank, dims, size. */
static int read_header(gzFile f, const char *path, wb_idx *out, size_t *header_bytes) {
    uint8_t head[4 + 4 * WB_IDX_MAX_RANK];
    long r = read_some(f, path, head, 4);
    if (r < 0) return -1;
    if (r < 4) return wb_fail("%s: truncated: expected at least 4 bytes of header, got %ld", path, r);
    if (head[0] != 0 || head[1] != 0)
        return wb_fail("%s: not an IDX file: magic %02x %02x %02x %02x does not start with 00 00",
                       path, head[0], head[1], head[2], head[3]);
    if (head[2] != 0x08)
        return wb_fail("%s: element type 0x%02x (%s) is not supported: expected unsigned bytes (0x08)",
                       path, head[2], type_name(head[2]));
    int rank = head[3];
    if (rank < 1 || rank > WB_IDX_MAX_RANK)
        return wb_fail("%s: rank %d is not supported: expected 1 to %d dimensions", path, rank,
                       WB_IDX_MAX_RANK);
    *header_bytes = 4 + 4 * (size_t)rank;
    r = read_some(f, path, head + 4, 4 * (size_t)rank);
    if (r < 0) return -1;
    if ((size_t)r < 4 * (size_t)rank)
        return wb_fail("%s: truncated header: expected %zu bytes, got %ld", path, *header_bytes, 4 + r);

    /* The product of the dimensions is the payload size. Check each factor before multiplying, so
       a forged header (say 4 x 4294967295) cannot overflow or ask for absurd amounts of memory. */
    size_t size = 1;
    for (int d = 0; d < rank; d++) {
        uint32_t n = be32(head + 4 + 4 * d);
        if (n == 0) return wb_fail("%s: dimension %d is 0", path, d);
        if (n > WB_IDX_MAX_BYTES || size > WB_IDX_MAX_BYTES / n)
            return wb_fail("%s: dimension %d (%u) makes the data larger than the %zu MiB limit", path,
                           d, n, WB_IDX_MAX_BYTES >> 20);
        size *= n;
        out->dims[d] = (int)n;
    }
    for (int d = rank; d < WB_IDX_MAX_RANK; d++) out->dims[d] = 1;
    out->rank = rank;
    out->size = size;
    return 0;
}

/* Read exactly out->size payload bytes, growing the buffer as data actually arrives: memory use
   follows the file's real length, not the length its header claims. */
static int read_payload(gzFile f, const char *path, wb_idx *out, size_t header_bytes) {
    size_t want = out->size, cap = want < (1u << 20) ? want : (1u << 20), got = 0;
    uint8_t *buf = wb_malloc(cap);
    for (;;) {
        long r = read_some(f, path, buf + got, cap - got);
        if (r < 0) { free(buf); return -1; }
        got += (size_t)r;
        if (got < cap || cap == want) break; /* end of data, or all of it */
        cap = cap * 2 < want ? cap * 2 : want;
        buf = wb_realloc(buf, cap);
    }
    if (got < want) {
        free(buf);
        return wb_fail("%s: truncated: expected %zu bytes, got %zu", path, header_bytes + want,
                       header_bytes + got);
    }
    uint8_t extra;
    long r = read_some(f, path, &extra, 1);
    if (r != 0) {
        free(buf);
        return r < 0 ? -1
                     : wb_fail("%s: longer than its header says: expected %zu bytes, found more",
                               path, header_bytes + want);
    }
    out->data = buf;
    return 0;
}

int wb_idx_read(const char *path, wb_idx *out) {
    memset(out, 0, sizeof *out);
    gzFile f = open_input(path);
    if (!f) return -1;
    size_t header_bytes = 0;
    int rc = read_header(f, path, out, &header_bytes);
    if (rc == 0) rc = read_payload(f, path, out, header_bytes);
    gzclose(f);
    if (rc != 0) memset(out, 0, sizeof *out);
    return rc;
}

void wb_idx_free(wb_idx *idx) {
    free(idx->data);
    memset(idx, 0, sizeof *idx);
}

int wb_idx_load_images(const char *path, wb_tensor *images) {
    wb_idx idx;
    if (wb_idx_read(path, &idx) != 0) return -1;
    if (idx.rank != 3) {
        int rank = idx.rank;
        wb_idx_free(&idx);
        return wb_fail("%s: not an image file: rank %d, expected 3 (count, height, width)", path, rank);
    }
    *images = wb_tensor_new(3, idx.dims);
    /* pixel bytes 0..255 -> floats in [0,1] */
    for (size_t i = 0; i < idx.size; i++) images->data[i] = idx.data[i] / 255.0f;
    wb_idx_free(&idx);
    return 0;
}

int wb_idx_load_labels(const char *path, uint8_t **labels, int *n) {
    wb_idx idx;
    if (wb_idx_read(path, &idx) != 0) return -1;
    if (idx.rank != 1) {
        int rank = idx.rank;
        wb_idx_free(&idx);
        return wb_fail("%s: not a label file: rank %d, expected 1", path, rank);
    }
    *labels = idx.data; /* hand the buffer over: the caller frees it */
    *n = idx.dims[0];
    return 0;
}

int wb_idx_load_pair(const char *images_path, const char *labels_path, wb_tensor *images,
                     uint8_t **labels, int *n) {
    if (wb_idx_load_images(images_path, images) != 0) return -1;
    if (wb_idx_load_labels(labels_path, labels, n) != 0) {
        wb_tensor_free(images);
        return -1;
    }
    if (*n != images->shape[0]) {
        int ni = images->shape[0], nl = *n;
        wb_tensor_free(images);
        free(*labels);
        *labels = NULL;
        *n = 0;
        return wb_fail("%s: %d labels for %d images in %s", labels_path, nl, ni, images_path);
    }
    return 0;
}

int wb_idx_write(const char *path, const wb_idx *idx) {
    size_t len = strlen(path);
    int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0;
    /* "wb9": gzip at maximum compression; "wbT": plain bytes through the same API. zlib writes no
       timestamp into the gzip header, so the same data always gives the same file. */
    gzFile f = gzopen(path, gz ? "wb9" : "wbT");
    if (!f) return wb_fail("%s: cannot create: %s", path, strerror(errno ? errno : ENOMEM));
    uint8_t head[4 + 4 * WB_IDX_MAX_RANK] = {0, 0, 0x08, (uint8_t)idx->rank};
    for (int d = 0; d < idx->rank; d++) {
        uint32_t n = (uint32_t)idx->dims[d];
        head[4 + 4 * d] = n >> 24, head[5 + 4 * d] = n >> 16 & 255;
        head[6 + 4 * d] = n >> 8 & 255, head[7 + 4 * d] = n & 255;
    }
    int ok = gzwrite(f, head, 4 + 4 * (unsigned)idx->rank) > 0;
    for (size_t at = 0; ok && at < idx->size; at += 1u << 20) {
        size_t chunk = idx->size - at < (1u << 20) ? idx->size - at : (1u << 20);
        ok = gzwrite(f, idx->data + at, (unsigned)chunk) == (int)chunk;
    }
    if (gzclose(f) != Z_OK) ok = 0;
    return ok ? 0 : wb_fail("%s: write failed", path);
}
