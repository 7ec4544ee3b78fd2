/**
# The word2vec text format

Trained vectors are only useful if other programs can read them. The original word2vec.c writes
(with `-binary 0`) a format that gensim (`KeyedVectors.load_word2vec_format`), fastText (its `.vec`
files) and most tools read and write:
```
5502 100
the 0.012716 -0.20511 ... (100 numbers)
and -0.05731 0.10938 ...
```
The first line holds the number of words $V$ and the dimension $D$; then one line per word: the
word, a space, and $D$ numbers separated by spaces (word2vec.c and fastText end each line with one
more space, so a reader must accept it). Words contain no space (our tokens are letters only).

We print each number with 9 significant digits (`%.9g`): that is enough for every float32 to read
back as exactly the same float (6 digits, word2vec.c's `%lf`, is not).

**Reading** a file someone else wrote is where the care goes. The file may be empty, truncated by
a full disk, in word2vec's *binary* format by mistake, or edited by hand. Every check stops at the
first problem with one line that names the file, the line number and what is wrong, and the
reader never crashes, never allocates what the header claims before checking that the file is big
enough to hold it (a header saying "2000000000 100" must not make us ask for 800 GB), and never
hands back a half-filled result.
*/
#include "week12.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int vectors_save(const w2v_vectors *x, const char *path) {
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = wb_mkdir_parents(path) == 0 ? fopen(tmp, "w") : NULL;
    if (!f) return wb_fail("%s: cannot write: %s", path, strerror(errno));
    // The header "V D", then per word: the word, and each of its D numbers after a space with 9
    // significant digits; a newline after each line.
    // BEGIN SOLUTION: the steps above
    fprintf(f, "%d %d\n", x->V, x->D);
    for (int i = 0; i < x->V; i++) {
        fputs(x->words[i], f);
        for (int d = 0; d < x->D; d++) {
            fprintf(f, " %.9g", x->W[(size_t)i * x->D + d]);
            // MUTANT six_digits: fprintf(f, " %f", x->W[(size_t)i * x->D + d]);
            // MUTANT eight_digits: fprintf(f, " %.8g", x->W[(size_t)i * x->D + d]);
        }
        fputc('\n', f);
    }
    // END SOLUTION
    int ok = !ferror(f);
    if (fclose(f) != 0) ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return wb_fail("%s: cannot write", path);
    }
    return 0;
}

/* ---- given: reading the whole file, and cutting it into lines and fields ---- */
#define MAX_FILE ((size_t)1 << 31)
static char *slurp(const char *path, size_t *len) {
    if (wb_require_regular_file(path) != 0) return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return wb_fail("%s: cannot open: %s", path, strerror(errno)), NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = wb_malloc(cap + 1);
    for (size_t r; (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap && cap < MAX_FILE) cap *= 2, buf = wb_realloc(buf, cap + 1);
        else if (n == cap) break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}
/* The end of the line starting at p (its '\n', or the end of the text). */
static char *line_end(char *p, const char *end) {
    char *e = memchr(p, '\n', (size_t)(end - p));
    return e ? e : (char *)end;
}
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
/* The next field of [*p, e): skip spaces, '\0'-terminate the field in place, return it (NULL at e). */
static char *next_field(char **p, char *e) {
    char *s = *p;
    while (s < e && is_space(*s)) s++;
    if (s >= e) return *p = e, NULL;
    char *t = s;
    while (t < e && !is_space(*t)) t++;
    if (t < e) *t++ = '\0';
    else *t = '\0';  /* t == e: the '\n' or the final '\0' */
    *p = t;
    return s;
}
/* A field as a number (the whole field, finite): 0, or -1. */
static int parse_float(const char *s, float *out) {
    char *end;
    errno = 0;
    float v = strtof(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) return -1;
    *out = v;
    return 0;
}
static int parse_count(const char *s, long max, long *out) {
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end != '\0' || errno || v < 1 || v > max) return -1;
    *out = v;
    return 0;
}

/* The header of the text in [text, text + len): V and D, checked against the file's size; *body is
   where the first word's line starts. 0, or -1 with the message. */
static int read_header(const char *path, char *text, size_t len, long *V, long *D, char **body) {
    char *end = text + len, *e = line_end(text, end), *q = text;
    if (memchr(text, '\0', len))
        return wb_fail("%s: binary data (this reads word2vec's text format, not its -binary 1 format)", path);
    /* two positive numbers, nothing else */
    char *sv = next_field(&q, e), *sd = next_field(&q, e);
    if (parse_count(sv, 100000000, V) != 0 || parse_count(sd, 100000, D) != 0 || next_field(&q, e))
        return wb_fail("%s: line 1: expected \"<words> <dimensions>\", two positive numbers", path);
    /* every word's line has at least 2 D + 1 bytes ("w 1 2 ... n"): refuse a header the file cannot hold */
    if ((double)*V * (double)(2 * *D + 2) > (double)len + 1)
        return wb_fail("%s: truncated: the header announces %ld words of %ld numbers, more than %zu bytes can "
                       "hold", path, *V, *D, len);
    *body = e < end ? e + 1 : end;
    return 0;
}

int vectors_load(const char *path, w2v_vectors *x) {
    size_t len;
    char *text = slurp(path, &len);
    if (!text) return -1;
    char *end = text + len, *p = text, *e, *q;
    int rc = -1, lineno = 1;
    long V = 0, D = 0;
    w2v_vectors r = {0};
    if (read_header(path, text, len, &V, &D, &p) != 0) goto done;
    r.V = (int)V, r.D = (int)D;
    r.words = wb_calloc((size_t)V, sizeof *r.words);
    r.W = wb_malloc((size_t)V * (size_t)D * sizeof *r.W);
    int nw = 0;
    // For each of the V words, a line (lineno counts from 1, the header; blank lines are not
    // allowed): its first field is the word (strdup into r.words); then exactly D fields that
    // parse_float accepts into row nw of r.W. One wb_fail line naming the file and the line for
    // each problem: the file ends before V words, a number that is not one, fewer than D numbers,
    // more than D; then, after the V lines, anything but blank space left.
    // BEGIN SOLUTION: the steps above
    for (; nw < V; nw++) {
        lineno++;
        if (p >= end) {
            wb_fail("%s: line %d: truncated: the file ends after %d of %ld words", path, lineno, nw, V);
            goto done;
        }
        e = line_end(p, end), q = p;
        char *word = next_field(&q, e);
        if (!word) {
            wb_fail("%s: line %d: an empty line where word %d of %ld should be", path, lineno, nw + 1, V);
            goto done;
        }
        r.words[nw] = strdup(word);
        // MUTANT words_point_into_text: r.words[nw] = word;
        int d = 0;
        for (char *s; (s = next_field(&q, e)); d++) {
            if (d == D) {
                wb_fail("%s: line %d: \"%s\" has more than %ld numbers", path, lineno, word, D);
                goto done;
            }
            if (parse_float(s, r.W + (size_t)nw * D + d) != 0) {
                wb_fail("%s: line %d: \"%.20s\" is not a number", path, lineno, s);
                goto done;
            }
        }
        if (d < D) {
            wb_fail("%s: line %d: \"%s\" has %d numbers, the header says %ld", path, lineno, word, d, D);
            goto done;
        }
        p = e < end ? e + 1 : end;
    }
    for (; p < end; p++)
        if (!is_space(*p) && *p != '\n') {
        // MUTANT trailing_only_newlines: if (*p != '\n') {
            wb_fail("%s: line %d: more lines than the %ld words the header announces", path, lineno + 1, V);
            goto done;
        }
    // END SOLUTION
    // STUB: (void)parse_float; (void)nw; (void)lineno; (void)end; (void)e; (void)q;
    // STUB: wb_fail("%s: vectors_load is not written yet", path);
    // STUB: goto done;
    rc = 0;
    *x = r;
done:
    if (rc != 0 && r.words) {
        for (int i = 0; i < r.V; i++) free(r.words[i]);
        free(r.words), free(r.W);
    }
    free(text);
    return rc;
}
