/* datainfo — print what a data file holds, or why it cannot be read.
 *
 *     build/bin/datainfo datasets/full/mnist/train-labels-idx1-ubyte
 *     build/bin/datainfo datasets/sample/poetry.txt
 *
 * IDX images: shape and pixel range; IDX labels: a histogram; text: size, lines and vocabulary.
 * A bad file gives one line on stderr and exit status 1 (see wb_dataset_describe in dataset.h).
 */
#include "dataset.h"
#include "error.h"

#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: datainfo FILE   (an IDX file, plain or .gz, or a text corpus)\n");
        return 2;
    }
    if (wb_dataset_describe(argv[1], stdout) != 0) {
        fflush(stdout);
        fprintf(stderr, "datainfo: %s\n", wb_last_error());
        return 1;
    }
    return 0;
}
