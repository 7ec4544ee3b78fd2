/* checkpoint.h — a training run's state in one file: saved safely, read back checked.
 *
 *     wb_ckpt_part parts[] = {{"the step", &step, sizeof step},
 *                             {"the parameters", m.params, m.n_params * sizeof(float)},
 *                             {"the curve", &curve, sizeof curve}};
 *     if (wb_ckpt_save("build/week14/gpt.ckpt", "WK14", parts, 3) != 0) ... wb_last_error()
 *     int got = wb_ckpt_load("build/week14/gpt.ckpt", "WK14", parts, 3);
 *     // 0: loaded;  1: there is no checkpoint;  -1: unreadable, damaged or of another model
 *     if (got == 0 && (step < 0 || curve.n > MAX_POINTS)) ... the caller checks what bytes mean
 *
 * The file: a 4-character tag naming the program, the number of parts, each part as its length
 * (8 bytes) and its bytes, then a 64-bit FNV-1a hash of all that. Native byte order: a checkpoint
 * is this machine's scratch file, not an exchange format.
 *  - Saving writes PATH.tmp and renames it over PATH, so that a crash, a full disk or a second
 *    Ctrl-C in the middle of a save leaves the last good checkpoint in place.
 *  - Loading checks the tag, the number of parts, every part's length (a run with other settings
 *    has other sizes: the message names the part), the whole file's length and the hash, before
 *    it writes into any part: when it fails, the parts are as they were.
 * Failures return -1 with one line "<path>: <problem>" (error.h); on a missing file, load returns
 * 1 and records "<path>: no checkpoint to resume from" for callers that need one.
 */
#ifndef WB_CHECKPOINT_H
#define WB_CHECKPOINT_H

#include <stddef.h>

typedef struct wb_ckpt_part {
    const char *name; /* for messages: "the parameters" */
    void *data;
    size_t bytes;
} wb_ckpt_part;

int wb_ckpt_save(const char *path, const char *tag, const wb_ckpt_part *parts, int n);
int wb_ckpt_load(const char *path, const char *tag, const wb_ckpt_part *parts, int n);

#endif
