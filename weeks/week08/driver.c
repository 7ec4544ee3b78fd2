/* driver.c — `make week08 run`: the classic image kernels on MNIST digits and on a picture of yours,
 * a conv layer set to the Sobel kernels, and pooling.
 *
 *     make week08 run                      digits from DATA (sample unless MNIST is fetched)
 *     IMAGE=photo.png make week08 run      also filter your picture (any PNG; colour becomes grey)
 *     DIGITS=12 make week08 run            how many digits in the gallery (default 6)
 *
 * Writes under build/week08/:
 *     kernels_mnist.png    one row per digit: the input, then every kernel's output, labelled
 *     kernels_picture.png  the same for IMAGE (or, without IMAGE, a test card drawn here)
 *     pooling.png          digits, their Sobel magnitude, max- and average-pooled 2x2 (shown enlarged)
 * and prints how far a conv layer loaded with the (flipped) Sobel kernels is from image_convolve on
 * a batch of digits, through the direct loops and through im2col + sgemm.
 */
#include "week08.h"

#include "dataset.h"
#include "draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUT "build/week08"

/* The gallery's columns: the input, the seven kernels, and the gradient magnitude. */
enum { COLS = 2 + KERNEL_COUNT };
static const char *const col_names[COLS] = {"input", "box blur", "gaussian", "sharpen", "outline",
                                            "sobel x", "sobel y", "emboss", "|gradient|"};

/* Map a filtered picture to [0,1] for display: signed derivatives grey-centred (0.5 = no change),
   the magnitude stretched to its maximum, the rest as they are (clamped by the grid). */
static void for_display(float *v, int n, int column) {
    float m = 0;
    for (int i = 0; i < n; i++) m = fmaxf(m, fabsf(v[i]));
    if (m == 0) return;
    if (column == 1 + KERNEL_SOBEL_X || column == 1 + KERNEL_SOBEL_Y)
        for (int i = 0; i < n; i++) v[i] = 0.5f + 0.5f * v[i] / m;
    else if (column == COLS - 1)
        for (int i = 0; i < n; i++) v[i] /= m;
}

/* tiles (COLS, H, W): the picture, each kernel's output (edges clamped), and the gradient magnitude. */
static void filter_all(const float *img, int H, int W, float *tiles) {
    size_t n = (size_t)H * W;
    memcpy(tiles, img, n * sizeof *tiles);
    for (int k = 0; k < KERNEL_COUNT; k++)
        image_convolve(img, H, W, image_kernels[k], 3, 3, EDGE_CLAMP, tiles + (k + 1) * n);
    gradient_magnitude(tiles + (1 + KERNEL_SOBEL_X) * n, tiles + (1 + KERNEL_SOBEL_Y) * n, (int)n,
                       tiles + (COLS - 1) * n);
    for (int c = 1; c < COLS; c++) for_display(tiles + c * n, (int)n, c);
}

static int write_gallery(const char *path, const float *tiles, int rows, int H, int W, int zoom) {
    const char **captions = wb_malloc((size_t)rows * COLS * sizeof *captions);
    for (int t = 0; t < rows * COLS; t++) captions[t] = col_names[t % COLS];
    wb_image g = wb_image_grid_captioned(tiles, rows * COLS, H, W, COLS, zoom, WB_GRID_CLAMP, captions, NULL);
    int rc = wb_png_write(path, &g);
    if (rc != 0) fprintf(stderr, "%s\n", wb_last_error());
    wb_image_free(&g);
    free(captions);
    return rc;
}

/* A 128x128 test card: a ramp, a disc, a square, a diagonal bar and some letters. */
static wb_image test_card(void) {
    enum { S = 128 };
    wb_image im = wb_image_new(S, S, 1);
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            int v = 40 + j / 2;                                                   /* a gentle ramp */
            if ((i - 40) * (i - 40) + (j - 40) * (j - 40) < 22 * 22) v = 230;     /* a disc */
            if (i > 70 && i < 110 && j > 20 && j < 60) v = 10;                    /* a dark square */
            if (abs((i - 20) - (j - 70)) < 4 && j > 70 && j < 120) v = 250;       /* a diagonal bar */
            im.pixels[i * S + j] = (unsigned char)v;
        }
    wb_draw_text(&im, 70, 84, "CONV", 2, WB_RGB(255, 255, 255));
    return im;
}

/* A picture for the second gallery: IMAGE=path.png, or the test card. Big pictures are shrunk by
   averaging blocks of pixels, so the gallery stays a sensible size. */
static int load_picture(float **grey, int *H, int *W, char *name, size_t len) {
    const char *path = getenv("IMAGE");
    wb_image im;
    if (path && *path) {
        if (wb_png_read(path, &im) != 0) return -1;
        snprintf(name, len, "%s", path);
    } else {
        im = test_card();
        snprintf(name, len, "a test card (IMAGE=path.png filters your own picture)");
    }
    float *full = wb_malloc((size_t)im.width * im.height * sizeof *full);
    image_to_grey(&im, full);
    int f = 1;
    while (im.width / f > 256 || im.height / f > 256) f++;
    *H = im.height / f, *W = im.width / f;
    *grey = wb_calloc((size_t)*H * *W, sizeof **grey);
    for (int i = 0; i < *H * f; i++)
        for (int j = 0; j < *W * f; j++) (*grey)[(i / f) * *W + j / f] += full[i * im.width + j] / (float)(f * f);
    free(full);
    wb_image_free(&im);
    return 0;
}

/* A conv layer (1 channel in, 2 out, 3x3, pad 1) loaded with Sobel x and y, flipped, on n digits:
   its largest difference from image_convolve with zero edges, direct and through im2col. */
static void sobel_layer_check(const float *x, int n) {
    conv_shape s = {.N = n, .C = 1, .H = 28, .W = 28, .OC = 2, .KH = 3, .KW = 3, .stride = 1, .pad = 1};
    float w[18], ref[784];
    for (int k = 0; k < 2; k++)
        for (int t = 0; t < 9; t++) w[k * 9 + t] = image_kernels[k ? KERNEL_SOBEL_Y : KERNEL_SOBEL_X][8 - t];
    float *y = wb_malloc((size_t)n * 2 * 784 * sizeof *y), *col = wb_malloc(conv_col_floats(&s) * sizeof *col);
    for (int fast = 0; fast <= 1; fast++) {
        if (fast) conv2d_forward(&s, x, w, NULL, y, col);
        else conv2d_forward_direct(&s, x, w, NULL, y);
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 2; k++) {
                image_convolve(x + (size_t)i * 784, 28, 28, image_kernels[k ? KERNEL_SOBEL_Y : KERNEL_SOBEL_X],
                               3, 3, EDGE_ZERO, ref);
                for (int p = 0; p < 784; p++)
                    worst = fmax(worst, fabs((double)y[((size_t)i * 2 + k) * 784 + p] - ref[p]));
            }
        printf("  %-34s largest difference from image_convolve: %.3g\n",
               fast ? "conv2d_forward (im2col + sgemm)" : "conv2d_forward_direct", worst);
    }
    free(y);
    free(col);
}

/* pooling.png: per digit, the digit, its Sobel magnitude, then max and average pooling 2x2 of the
   magnitude (14x14, drawn at twice the size so that the tiles line up). */
static void pooling_picture(const float *x, int n) {
    pool_shape p = {.N = n, .C = 1, .H = 28, .W = 28, .K = 2, .stride = 2};
    float *mag = wb_malloc((size_t)n * 784 * sizeof *mag), gx[784], gy[784];
    for (int i = 0; i < n; i++) {
        image_convolve(x + (size_t)i * 784, 28, 28, image_kernels[KERNEL_SOBEL_X], 3, 3, EDGE_CLAMP, gx);
        image_convolve(x + (size_t)i * 784, 28, 28, image_kernels[KERNEL_SOBEL_Y], 3, 3, EDGE_CLAMP, gy);
        gradient_magnitude(gx, gy, 784, mag + (size_t)i * 784);
        for (int t = 0; t < 784; t++) mag[(size_t)i * 784 + t] /= 4; /* Sobel's weights sum to 4 per side */
    }
    float *mx = wb_malloc((size_t)n * 196 * sizeof *mx), *av = wb_malloc((size_t)n * 196 * sizeof *av);
    int *arg = wb_malloc((size_t)n * 196 * sizeof *arg);
    maxpool2d_forward(&p, mag, mx, arg);
    avgpool2d_forward(&p, mag, av);
    float *tiles = wb_malloc((size_t)n * 4 * 784 * sizeof *tiles);
    const char **captions = wb_malloc((size_t)n * 4 * sizeof *captions);
    static const char *const names[4] = {"digit", "|gradient|", "max 2x2", "avg 2x2"};
    for (int i = 0; i < n; i++) {
        float *t = tiles + (size_t)i * 4 * 784;
        memcpy(t, x + (size_t)i * 784, 784 * sizeof *t);
        memcpy(t + 784, mag + (size_t)i * 784, 784 * sizeof *t);
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                t[2 * 784 + r * 28 + c] = mx[(size_t)i * 196 + (r / 2) * 14 + c / 2];
                t[3 * 784 + r * 28 + c] = av[(size_t)i * 196 + (r / 2) * 14 + c / 2];
            }
        for (int k = 0; k < 4; k++) captions[i * 4 + k] = names[k];
    }
    wb_image g = wb_image_grid_captioned(tiles, n * 4, 28, 28, 8, 3, WB_GRID_CLAMP, captions, NULL);
    if (wb_png_write(OUT "/pooling.png", &g) != 0) fprintf(stderr, "%s\n", wb_last_error());
    wb_image_free(&g);
    free(captions), free(tiles), free(arg), free(av), free(mx), free(mag);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    double start = wb_seconds();
    const char *data = wb_dataset_choose(NULL);
    const char *digits_env = getenv("DIGITS");
    int rows = digits_env && *digits_env ? atoi(digits_env) : 6; /* 6 rows fit a slide at a readable size */
    if (rows < 1 || rows > 100) {
        fprintf(stderr, "week08: DIGITS must be 1..100, got \"%s\"\n", digits_env);
        return 2;
    }
    float *pic; /* the picture first: a bad IMAGE stops the run at once */
    int H, W;
    char name[512];
    if (load_picture(&pic, &H, &W, name, sizeof name) != 0) {
        fprintf(stderr, "week08: IMAGE: %s\n", wb_last_error());
        return 1;
    }
    wb_tensor x;
    uint8_t *y;
    int n;
    if (wb_dataset_load(data, "test", &x, &y, &n) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    if (rows > n) rows = n;
    printf("Data: %s, %d test images; the gallery shows the first %d\n", data, n, rows);

    /* the digit gallery: every kernel on each digit */
    float *tiles = wb_calloc((size_t)rows * COLS * 784, sizeof *tiles); /* unwritten: black */
    wb_progress bar;
    wb_progress_start(&bar, "filtering digits", rows);
    for (int i = 0; i < rows; i++) {
        filter_all(x.data + (size_t)i * 784, 28, 28, tiles + (size_t)i * COLS * 784);
        wb_progress_update(&bar, i + 1, "digit %d", y[i]);
    }
    wb_progress_finish(&bar, "%d digits x %d kernels", rows, KERNEL_COUNT);
    int rc = write_gallery(OUT "/kernels_mnist.png", tiles, rows, 28, 28, 3);
    free(tiles);

    /* the picture gallery */
    printf("Picture: %s, %dx%d grey\n", name, W, H);
    float *ptiles = wb_calloc((size_t)COLS * H * W, sizeof *ptiles);
    filter_all(pic, H, W, ptiles);
    int zoom = H < 100 && W < 100 ? 3 : 1;
    rc |= write_gallery(OUT "/kernels_picture.png", ptiles, 1, H, W, zoom);
    free(ptiles);
    free(pic);

    /* the conv layer as an image filter, on a batch of digits (it needs conv_out_size) */
    if (conv_out_size(28, 3, 1, 1) != 28) {
        fprintf(stderr, "week08: conv_out_size(28, 3, 1, 1) = %d, not 28: the conv layer and pooling need it "
                        "(make week08 test)\n", conv_out_size(28, 3, 1, 1));
        free(y), wb_tensor_free(&x);
        return 1;
    }
    int batch = n < 64 ? n : 64;
    printf("\nA conv layer (1 -> 2 channels, 3x3, padding 1) with the Sobel kernels flipped as its weights, on %d "
           "digits:\n", batch);
    sobel_layer_check(x.data, batch);
    printf("  (not exactly 0 when the pixels are k/255: the sums are rounded in a different order; the test "
           "conv_layer_as_sobel_filter uses multiples of 1/256, where they agree bit for bit)\n");

    pooling_picture(x.data, rows < 8 ? rows : 8);
    printf("\nWrote %s/: kernels_mnist.png, kernels_picture.png, pooling.png (%.1f s)\n", OUT, wb_seconds() - start);
    free(y);
    wb_tensor_free(&x);
    return rc ? 1 : 0;
}
