// native.c — the Playground's training run without the page, for the check's comparison of the
// native build with the WebAssembly one (harness/playground/wasm-vs-native.mjs runs the same
// settings in the wasm build):  native DATASET STEPS  ->  "STEP TRAIN_LOSS TEST_LOSS" every 50 steps
// on stdout, the instruction set of the sgemm kernels on stderr
#include <stdio.h>
#include <stdlib.h>

#include "playground.h"

int main(int argc, char **argv) {
    int dataset = argc > 1 ? atoi(argv[1]) : PG_XOR, steps = argc > 2 ? atoi(argv[2]) : 300;
    // the settings the comparison uses: 200 points, noise 0.1, half for training, x and y,
    // one hidden layer of 4 tanh units, minibatches of 10, seed 1; lr 0.03, no L2, no momentum
    fprintf(stderr, "%s\n", wb_isa_name(wb_cpu_isa()));   // which sgemm kernels ran (the check says)
    if (pg_setup(dataset, 200, 0.1f, 50, PG_F_X | PG_F_Y, 1, 4, ACT_TANH, 10, 1) != 0) return 2;
    for (int s = 0; s <= steps; s += 50) {
        if (s > 0) pg_train(50, 0.03f, 0.0f, 0.0f);
        printf("%d %.9g %.9g\n", s, pg_loss(0), pg_loss(1));
    }
    pg_free();
    return 0;
}
