// gpt-step.c — training steps of week 14's GPT, timed: the C side of the gpt-step benchmark
// (harness/bench/gpt-step.sh runs it next to its PyTorch peer, gpt-step.py).
//
//   gpt-step STEPS     -> prints "seconds_per_step cpu_seconds_per_step loss_of_the_last_step"
//   gpt-step isa       -> the instruction set wb_sgemm uses here
//
// The model is week 14's reference at its training shape (the driver's defaults): V 63, 4 blocks,
// width 128, 4 heads, context 128, batch 16; each step is forward + backward + clip + Adam
// (gpt_train_step) on random token ids. One warm-up step is not timed. Threads: HARNESS_THREADS.
// Without dropout (drop 0, the driver trains with 0.1), as gpt-step.py: the same computation on
// both sides; dropout's masks would add a draw per branch unit that PyTorch's would not match.
#include "week14.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "isa") == 0) return printf("%s\n", wb_isa_name(wb_cpu_isa())), 0;
    int steps = argc > 1 ? atoi(argv[1]) : 5;
    if (steps < 1) return fprintf(stderr, "usage: %s STEPS (>= 1)\n", argv[0]), 2;
    enum { V = 63, B = 16, T = 128 };
    gpt_config cfg = {.V = V, .C = 128, .L = 4, .NH = 4, .maxT = T, .drop = 0};
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    gpt m;
    gpt_init(&m, cfg, B, &rng);
    optimizer o;
    opt_init(&o, OPT_ADAM, m.n_params, 1e-3f);
    int *x = wb_malloc(B * T * sizeof *x), *y = wb_malloc(B * T * sizeof *y);
    for (int i = 0; i < B * T; i++) x[i] = (int)wb_rng_below(&rng, V), y[i] = (int)wb_rng_below(&rng, V);
    float loss = gpt_train_step(&m, &o, x, y, B, T, 1.0f);
    double t0 = wb_seconds(), c0 = wb_cpu_seconds();
    for (int s = 0; s < steps; s++) loss = gpt_train_step(&m, &o, x, y, B, T, 1.0f);
    double seconds = wb_seconds() - t0, cpu = wb_cpu_seconds() - c0;
    printf("%.5f %.5f %.4f\n", seconds / steps, cpu / steps, (double)loss);
    return 0;
}
