/* driver.c — `make week01 run`: your perceptron on two clouds of points, and your activations.
 *
 * Writes build/week01/activations.png (sigmoid, tanh, relu and their slopes),
 * build/week01/boundary.png (the points and the line your perceptron learned: the picture
 * TensorFlow Playground draws; the boundary is printed in the terminal too) and
 * build/week01/xor.png (the four XOR points and the best your perceptron does on them: no line
 * puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other).
 */
#include "week01.h"
#include "wb.h"

#include <math.h>
#include <stdio.h>

enum { N = 200, DIM = 2 };

/* Two Gaussian clouds of N/2 points each: class 1 around (1.5, 1), class 0 around (-1, -1.5). */
static void make_clusters(float *X, int *y, wb_rng *rng) {
    for (int i = 0; i < N; i++) {
        y[i] = i % 2;
        X[2 * i] = (y[i] ? 1.5f : -1.0f) + 0.6f * wb_rng_normal(rng);
        X[2 * i + 1] = (y[i] ? 1.0f : -1.5f) + 0.6f * wb_rng_normal(rng);
    }
}

static void plot_activations(void) {
    enum { P = 121 };
    float z[P], s[P], ds[P], t[P], dt[P], r[P];
    for (int i = 0; i < P; i++) {
        z[i] = -6.0f + 0.1f * i;
        s[i] = sigmoid(z[i]), ds[i] = sigmoid_prime(z[i]);
        t[i] = tanhf(z[i]), dt[i] = tanh_prime(z[i]);
        r[i] = relu(z[i]) / 6.0f; /* scaled to fit beside the others */
    }
    wb_series series[] = {
        {.label = "sigmoid", .x = z, .y = s, .n = P},  {.label = "sigmoid'", .x = z, .y = ds, .n = P},
        {.label = "tanh", .x = z, .y = t, .n = P},     {.label = "tanh'", .x = z, .y = dt, .n = P},
        {.label = "relu / 6", .x = z, .y = r, .n = P},
    };
    wb_plot_opts o = {.title = "Activations and their slopes", .xlabel = "z"};
    if (wb_plot_png("build/week01/activations.png", &o, series, 5) == 0)
        printf("wrote build/week01/activations.png\n");
}

/* XOR: train the perceptron on its four points (it cannot finish) and draw its last line. */
static void plot_xor(void) {
    float X[8] = {0, 0, 0, 1, 1, 0, 1, 1}, w[DIM] = {0, 0}, b = 0;
    int y[4] = {0, 1, 1, 0};
    int epochs = perceptron_train(w, &b, X, y, 4, DIM, 0.1f, 100), right = 0;
    for (int i = 0; i < 4; i++) right += perceptron_predict(w, b, X + DIM * i, DIM) == y[i];
    printf("XOR: perceptron_train returned %d; its line gets %d of the 4 points right\n", epochs, right);
    float ones_x[2] = {0, 1}, ones_y[2] = {1, 0}, zeros_x[2] = {0, 1}, zeros_y[2] = {0, 1};
    /* its line w0 x1 + w1 x2 + b = 0 across the picture (vertical when w1 = 0; none when w = 0) */
    float line_x[2] = {-0.5f, 1.5f}, line_y[2] = {-0.5f, 1.5f};
    int have_line = fabsf(w[0]) > 1e-6f || fabsf(w[1]) > 1e-6f;
    for (int k = 0; k < 2; k++) {
        if (fabsf(w[1]) > 1e-6f) line_y[k] = -(w[0] * line_x[k] + b) / w[1];
        else if (have_line) line_x[k] = -b / w[0];
    }
    wb_series s[] = {
        {.label = "class 1: (0,1), (1,0)", .x = ones_x, .y = ones_y, .n = 2, .style = "points pt 7 ps 4"},
        {.label = "class 0: (0,0), (1,1)", .x = zeros_x, .y = zeros_y, .n = 2, .style = "points pt 5 ps 4"},
        {.label = "the perceptron's last line", .x = line_x, .y = line_y, .n = have_line ? 2 : 0},
    };
    char note[96];
    snprintf(note, sizeof note, "after 100 epochs: %d of 4 right; no line gets all 4", right);
    wb_plot_opts o = {.title = "XOR: no line separates the classes", .note = note, .xlabel = "x1", .ylabel = "x2",
                      .square = 1, .xmin = -0.5f, .xmax = 1.5f, .ymin = -0.5f, .ymax = 1.5f, .width = 720, .height = 640};
    if (wb_plot_png("build/week01/xor.png", &o, s, 3) == 0) printf("wrote build/week01/xor.png\n");
}

int main(void) {
    wb_rng rng;
    wb_rng_seed(&rng, 1);
    float X[N * DIM], w[DIM] = {0, 0}, b = 0;
    int y[N];
    make_clusters(X, y, &rng);

    printf("Training a perceptron on %d points in 2-D (learning rate 0.1, at most 100 epochs)...\n", N);
    int epochs = perceptron_train(w, &b, X, y, N, DIM, 0.1f, 100);
    int correct = 0;
    for (int i = 0; i < N; i++) correct += perceptron_predict(w, b, X + DIM * i, DIM) == y[i];
    if (epochs > 0) printf("converged after %d epochs: ", epochs);
    else printf("no clean epoch within 100 (perceptron_train returned %d): ", epochs);
    printf("w = (%.3f, %.3f), b = %.3f, %d/%d points right\n", w[0], w[1], b, correct, N);

    /* the boundary w0 x + w1 y + b = 0, drawn as y = -(w0 x + b) / w1 across the data */
    float ones_x[N], ones_y[N], zeros_x[N], zeros_y[N], line_x[2] = {-3.5f, 3.5f}, line_y[2];
    int n1 = 0, n0 = 0;
    for (int i = 0; i < N; i++) {
        if (y[i]) ones_x[n1] = X[2 * i], ones_y[n1++] = X[2 * i + 1];
        else zeros_x[n0] = X[2 * i], zeros_y[n0++] = X[2 * i + 1];
    }
    int have_line = fabsf(w[1]) > 1e-6f;
    for (int k = 0; k < 2; k++) line_y[k] = have_line ? -(w[0] * line_x[k] + b) / w[1] : NAN;
    wb_series s[] = {
        {.label = "class 1", .x = ones_x, .y = ones_y, .n = n1, .style = "points"},
        {.label = "class 0", .x = zeros_x, .y = zeros_y, .n = n0, .style = "points"},
        {.label = "w.x + b = 0", .x = line_x, .y = line_y, .n = have_line ? 2 : 0},
    };
    wb_plot_opts o = {.title = "The perceptron's decision boundary", .xlabel = "x1", .ylabel = "x2", .square = 1};
    if (wb_plot_png("build/week01/boundary.png", &o, s, 3) == 0) printf("wrote build/week01/boundary.png\n");
    o.width = 72, o.height = 28;
    wb_plot_term(&o, s, 3);
    plot_activations();
    plot_xor();
    printf("Next: open build/week01/boundary.png and xor.png; then make week02 test\n");
    return 0;
}
