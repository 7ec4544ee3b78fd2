// mlp-epoch.c — one epoch of MNIST training, timed: the C side of the mlp-epoch benchmark
// (harness/bench/mlp-epoch.sh runs it next to its PyTorch peer, mlp-epoch.py).
//
//   mlp-epoch DIR      -> prints "seconds test_accuracy isa cpu_seconds"; writes DIR/init.model,
//                         DIR/order.bin (cpu_seconds: of all threads, so for 1 thread it is the
//                         time the epoch took on the core, whatever else the machine ran)
//   mlp-epoch products -> prints the seconds the epoch's two large products take alone (938
//                         batches of x W1^T, 64 x 128 x 784, and dW1 = dz^T x): a floor no
//                         implementation of the epoch on these kernels goes below
//
// The network is week 06's reference: a 784-128-10 ReLU MLP (week 05's mlp, He-normal weights,
// zero biases, seed 1), trained for one epoch on the 60,000 MNIST training images in minibatches of
// 64 with plain SGD at learning rate 0.1 (week 06's train_epoch with momentum 0). So that PyTorch
// trains exactly the same network on exactly the same batches, the starting weights are saved with
// model_save (DIR/init.model) and the epoch's order of examples as little-endian int32
// (DIR/order.bin). Only the epoch is timed (gather, forward, loss, backward, update), not loading
// the data or measuring the test accuracy afterwards. Threads: HARNESS_THREADS (gemm.h).
#include "cpu.h"
#include "dataset.h"
#include "week06.h"

#include <stdlib.h>
#include <string.h>

/* The two products of each of the epoch's 938 batches that hold 98% of its arithmetic, timed
   alone on random numbers (the best of 3 epochs' worth). */
static double products_seconds(void) {
    enum { B = 64, IN = 784, HID = 128, BATCHES = (60000 + B - 1) / B };
    float *x = wb_malloc(sizeof(float) * B * IN), *w = wb_malloc(sizeof(float) * HID * IN);
    float *z = wb_malloc(sizeof(float) * B * HID), *dw = wb_malloc(sizeof(float) * HID * IN);
    wb_rng r;
    wb_rng_seed(&r, 3);
    wb_rng_fill_uniform(&r, x, B * IN, 0, 1), wb_rng_fill_uniform(&r, w, HID * IN, -0.1f, 0.1f);
    wb_rng_fill_uniform(&r, z, B * HID, -0.1f, 0.1f);
    double best = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = wb_seconds();
        for (int k = 0; k < BATCHES; k++) {
            wb_sgemm(0, 1, B, HID, IN, 1.0f, x, IN, w, IN, 0.0f, z, HID);   /* z = x W^T */
            wb_sgemm(1, 0, HID, IN, B, 1.0f, z, HID, x, IN, 0.0f, dw, IN);  /* dW = dz^T x */
        }
        double t = wb_seconds() - t0;
        best = t < best ? t : best;
    }
    free(x), free(w), free(z), free(dw);
    return best;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "products") == 0) return printf("%.4f\n", products_seconds()), 0;
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
    enum { BATCH = 64 };
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    mlp m;
    mlp_init(&m, 2, (int[]){784, 128, 10}, (activation[]){ACT_RELU, ACT_NONE}, 1000, &rng);
    char path[4096];
    snprintf(path, sizeof path, "%s/init.model", argv[1]);
    if (model_save(&m, path) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }

    int *order = wb_malloc((size_t)n * sizeof *order);
    for (int i = 0; i < n; i++) order[i] = i;
    sgd_state opt = {.lr = 0.1f, .momentum = 0.0f, .velocity = wb_calloc(m.params.size, sizeof(float)),
                     .n = m.params.size};
    train_loop loop = {.order = order, .n = n, .batch_size = BATCH, .epoch = 1};
    wb_rng_seed(&loop.rng, 2);
    double t0 = wb_seconds(), c0 = wb_cpu_seconds();
    train_epoch(&m, &x, y, &opt, &loop);
    double seconds = wb_seconds() - t0, cpu = wb_cpu_seconds() - c0;
    eval_result test = evaluate(&m, &xt, yt, NULL, nt, NULL);

    /* train_epoch shuffled order in place first: that is the order it trained in */
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
    printf("%.4f %.4f %s %.4f\n", seconds, test.accuracy, wb_isa_name(wb_cpu_isa()), cpu);
    free(opt.velocity);
    free(order);
    mlp_free(&m);
    free(y);
    free(yt);
    wb_tensor_free(&x);
    wb_tensor_free(&xt);
    return 0;
}
