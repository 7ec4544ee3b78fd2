/* dataset.h — find the workbook's data sets by name, so every week loads data the same way.
 *
 *     const char *name = wb_dataset_choose(NULL);   // DATA=... from the environment, or the default
 *     wb_tensor x;  uint8_t *y;  int n;
 *     if (wb_dataset_load(name, "train", &x, &y, &n) != 0) {
 *         fprintf(stderr, "%s\n", wb_last_error());
 *         return 1;
 *     }
 *     // x (n,28,28) in [0,1], y[i] in 0..9
 *
 * Image data sets (all 28x28 grey, 10 classes; splits "train" and "test"):
 *   mnist           datasets/full/mnist/      60,000 + 10,000 handwritten digits  (make data)
 *   fashion         datasets/full/fashion/    60,000 + 10,000 clothing images     (make data)
 *   sample          datasets/sample/mnist/    2,000 + 500 MNIST digits, 200/50 per class (in git)
 *   fashion-sample  datasets/sample/fashion/  2,000 + 500 Fashion-MNIST images, same (in git)
 *
 * wb_dataset_choose picks what a run uses: the name asked for (or $DATA when NULL/""); with no
 * name, "mnist" when it has been fetched, else "sample". When a full set is asked for (or would be
 * the default) but is not fetched, it falls back to that set's sample and prints one line saying
 * how to fetch the rest (`make data`).
 *
 * Text corpora: "poetry" (the KJV's poetic books, in git as datasets/sample/poetry.txt) and "kjv"
 * (the whole King James Bible, make data); corpus.h's wb_corpus_choose finds them by name.
 *
 * The root folder is "datasets" (run from the repository root), or $WB_DATASETS when set.
 *
 * wb_dataset_describe prints what any data file holds (build/bin/datainfo FILE uses it).
 */
#ifndef WB_DATASET_H
#define WB_DATASET_H

#include <stdint.h>
#include <stdio.h>

#include "corpus.h" /* wb_corpus_choose, the text corpora's counterpart of wb_dataset_choose */
#include "tensor.h"

#define WB_NUM_CLASSES 10

/* The data set a run should use: see above. Never NULL. */
const char *wb_dataset_choose(const char *request);
/* Load split "train" or "test" of a named image data set. 0, or -1 with a message. */
int wb_dataset_load(const char *name, const char *split, wb_tensor *images, uint8_t **labels, int *n);
/* 1 if all four files of a named image data set are present. */
int wb_dataset_available(const char *name);

/* Print what the file holds: IDX images or labels (shape, label histogram) or a text corpus (size,
   lines, vocabulary). 0, or -1 with a message for a file that is neither or is damaged. */
int wb_dataset_describe(const char *path, FILE *out);

#endif
