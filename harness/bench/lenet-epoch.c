// lenet-epoch.c — one epoch of LeNet-5 on MNIST, timed: the C side of the lenet-epoch benchmark
// (harness/bench/lenet-epoch.sh runs it next to its PyTorch peer, lenet-epoch.py).
//
//   lenet-epoch isa    -> the instruction set wb_sgemm uses here
//   lenet-epoch DIR    -> prints "cpu_seconds wall_seconds test_accuracy"; writes DIR/init.model,
//                         DIR/order.bin
//
// The network is week 09's reference LeNet-5 (conv 6@5x5 pad 2, relu, maxpool, conv 16@5x5, relu,
// maxpool, 400-120-84-10; He-normal weights, Xavier for fc3, zero biases, seed 1, no dropout),
// trained for one epoch on the 60,000 MNIST training images in minibatches of 64 with Adam at
// 1e-3 (week 07's opt_step). So that PyTorch trains exactly the same network on the same batches,
// the starting weights are saved with lenet_save (DIR/init.model, the format of week09.h) and the
// epoch's order of examples as little-endian int32 (DIR/order.bin). Only the epoch is timed
// (gather, forward, loss, backward, update). Threads: HARNESS_THREADS (gemm.h).
#include "dataset.h"
#include "week09.h"

#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "isa")) {
        printf("%s\n", wb_isa_name(wb_cpu_isa()));
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    wb_tensor x, xt;
    uint8_t *y, *yt;
    int n, nt;
    if (wb_dataset_load("mnist", "train", &x, &y, &n) != 0 || wb_dataset_load("mnist", "test", &xt, &yt, &nt) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    enum { BATCH = 64, HW = 784 };
    lenet net;
    lenet_config cfg = LENET5;
    cfg.max_batch = BATCH;
    if (lenet_init(&net, &cfg, 1) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/init.model", argv[1]);
    if (lenet_save(&net, path) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    int *order = wb_malloc((size_t)n * sizeof *order);
    for (int i = 0; i < n; i++) order[i] = i;
    wb_rng rng;
    wb_rng_seed(&rng, 2);
    wb_rng_shuffle(&rng, order, n);
    snprintf(path, sizeof path, "%s/order.bin", argv[1]);
    FILE *f = fopen(path, "wb");
    for (int i = 0; f && i < n; i++) {
        unsigned char b[4] = {(unsigned char)order[i], (unsigned char)(order[i] >> 8), (unsigned char)(order[i] >> 16),
                              (unsigned char)(order[i] >> 24)};
        fwrite(b, 1, 4, f);
    }
    if (!f || fclose(f) != 0) {
        fprintf(stderr, "%s: cannot write\n", path);
        return 1;
    }

    optimizer opt;
    opt_init(&opt, OPT_ADAM, net.nparams, 1e-3f);
    float *xb = wb_malloc((size_t)BATCH * HW * sizeof *xb);
    int lb[BATCH];
    double c0 = wb_cpu_seconds(), t0 = wb_seconds();
    for (int at = 0; at < n; at += BATCH) {
        int B = n - at < BATCH ? n - at : BATCH;
        for (int i = 0; i < B; i++) {
            memcpy(xb + (size_t)i * HW, x.data + (size_t)order[at + i] * HW, HW * sizeof *xb);
            lb[i] = y[order[at + i]];
        }
        lenet_train_step(&net, &opt, xb, lb, B);
    }
    double cpu = wb_cpu_seconds() - c0, wall = wb_seconds() - t0;
    eval_result test = lenet_evaluate(&net, xt.data, yt, nt, NULL);
    printf("%.4f %.4f %.4f\n", cpu, wall, test.accuracy);
    opt_free(&opt);
    lenet_free(&net);
    free(xb), free(order), free(y), free(yt);
    wb_tensor_free(&x), wb_tensor_free(&xt);
    return 0;
}
