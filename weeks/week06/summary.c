/**
# Week 06: a feedforward MNIST classifier, from scratch

Last week you built a multilayer perceptron and checked its gradients. This week it learns to read
handwritten digits: 60,000 of them, 28×28 grey pixels each, from MNIST. The network is week 05's
`mlp`; what you write is everything around it that turns a network into a trained model:

1. `summary.c` (this file): what the network is made of, printed before training starts.
2. `evaluate.c`: predictions, accuracy, the confusion matrix.
3. `optim.c`: stochastic gradient descent with momentum, and a learning-rate schedule.
4. `train.c`: the training loop, with a validation set and early stopping.
5. `model_io.c`: saving the trained network to a file, and loading it back safely.

`make week06 run` then trains it with a dashboard (our TensorBoard): live curves in the terminal,
and PNGs under `build/week06/` of the curves, the confusion matrix, the digits it gets wrong and
what its first layer has learned.

## Counting parameters

Keras prints a table before training (`model.summary()`), and so will we. Its most useful column
is the parameter count, because it tells you at a glance how big the model is, how much memory it
needs, and roughly how much work one example costs. A dense layer from $n_{in}$ inputs to $n_{out}$
outputs has one weight per (output, input) pair and one bias per output:

$$ \text{params} = n_{out} \cdot n_{in} + n_{out} = n_{out}(n_{in} + 1) $$

The 784-128-10 network has $128 \cdot 785 + 10 \cdot 129 = 100{,}480 + 1{,}290 = 101{,}770$
parameters: about 400 KB of float32, and about 100,000 multiply-adds per example in the forward
pass (the backward pass costs about twice that). Almost all of it is the first layer: the picture
has 784 pixels, and every hidden unit looks at every one of them.
*/
#include "week06.h"
#include "notwritten.h"

long dense_param_count(int in, int out) {
    // TODO: weights (out x in) plus one bias per output
    wb_not_written(__func__);
    return 0;
}

/* 1234567 -> "1,234,567" (Keras prints counts this way). */
static const char *thousands(long v, char *buf, size_t len) {
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v), k = 0;
    size_t o = 0;
    if (v < 0 && o + 1 < len) buf[o++] = '-';
    for (int i = 0; i < n && o + 1 < len; i++) {
        buf[o++] = digits[i];
        k = n - 1 - i;
        if (k > 0 && k % 3 == 0 && o + 1 < len) buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

/*
The table looks like Keras's. The output shape's first dimension is `None` there because it is the
batch size, which can be anything; the others are fixed by the layer.
*/
long model_summary(const mlp *m, FILE *out) {
    char buf[32], name[32], shape[32];
    const char *rule = "_________________________________________________________________";
    fprintf(out, "Model: \"mlp\"\n%s\n %-28s %-24s %s\n", rule, "Layer (type)", "Output Shape", "Param #");
    fprintf(out, "=================================================================\n");
    long total = 0;
    for (int l = 0; l < m->nlayers; l++) {
        long p = 0;
        // TODO: this layer's count (sizes[l] inputs, sizes[l+1] outputs), added to the total
        wb_not_written(__func__);
        if (m->acts[l] == ACT_NONE) snprintf(name, sizeof name, "dense_%d (Dense)", l);
        else snprintf(name, sizeof name, "dense_%d (Dense, %s)", l, activation_name[m->acts[l]]);
        snprintf(shape, sizeof shape, "(None, %d)", m->sizes[l + 1]);
        fprintf(out, " %-28s %-24s %s\n", name, shape, thousands(p, buf, sizeof buf));
    }
    fprintf(out, "=================================================================\n");
    fprintf(out, "Total params: %s (%.2f KB)\n", thousands(total, buf, sizeof buf), (double)total * 4 / 1024);
    fprintf(out, "Trainable params: %s\nNon-trainable params: 0\n%s\n", buf, rule);
    return total;
}
