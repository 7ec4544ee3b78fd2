/* test_summary.c — tests for summary.c. The parameter counts are worked out by hand:
 * a dense layer from n inputs to m outputs has m*n weights and m biases. */
#include "testing.h"
#include "week06.h"

#include <stdlib.h>
#include <string.h>

WB_TEST(dense_param_count_weights_and_biases, .points = 1,
        .hint = "Catches a count without the biases, and an int that overflows: a dense layer has "
                "one weight per (output, input) pair plus one bias per output, counted in a long.",
        .hint2 = "784 -> 128: 128 * 784 = 100,352 weights and 128 biases, 100,480 in all. If you get "
                 "100,352 the biases are missing.") {
    ck_assert_int_eq(dense_param_count(784, 128), 100480);
    ck_assert_int_eq(dense_param_count(128, 10), 1290);
    ck_assert_int_eq(dense_param_count(1, 1), 2);
    ck_assert_int_eq(dense_param_count(50000, 50000), 2500050000L); /* more than an int holds */
}

/* The summary of a network, as text. */
static char *summary_text(int nlayers, const int *sizes, const activation *acts, long *total) {
    mlp m;
    wb_rng r;
    wb_rng_seed(&r, 1);
    mlp_init(&m, nlayers, sizes, acts, 1, &r);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    *total = model_summary(&m, f);
    fclose(f);
    mlp_free(&m);
    return text;
}

WB_TEST(summary_of_784_128_10, .points = 2,
        .hint = "Catches inputs and outputs swapped and a total that is not a sum: layer l maps "
                "sizes[l] inputs to sizes[l+1] outputs, and the total adds every layer's count.",
        .hint2 = "Layer l maps sizes[l] inputs to sizes[l+1] outputs; the last layer is l = nlayers - 1.") {
    long total;
    char *text = summary_text(2, (int[]){784, 128, 10}, (activation[]){ACT_RELU, ACT_NONE}, &total);
    /* 128 * 785 = 100,480 and 10 * 129 = 1,290: 101,770 */
    ck_assert_int_eq(total, 101770);
    ck_assert_msg(strstr(text, "100,480"), "no line with the first layer's 100,480 parameters in:\n%s", text);
    ck_assert_msg(strstr(text, "1,290"), "no line with the second layer's 1,290 parameters in:\n%s", text);
    ck_assert_msg(strstr(text, "Total params: 101,770"), "no 'Total params: 101,770' in:\n%s", text);
    free(text);
}

WB_TEST(summary_of_a_deeper_network, .points = 1,
        .hint = "Catches a total that keeps only one layer: with three layers every one of them must "
                "be added.",
        .hint2 = "784-256-128-10: 256 * 785 + 128 * 257 + 10 * 129 = 200,960 + 32,896 + 1,290 = 235,146.") {
    long total;
    char *text = summary_text(3, (int[]){784, 256, 128, 10}, (activation[]){ACT_RELU, ACT_RELU, ACT_NONE}, &total);
    ck_assert_int_eq(total, 235146);
    ck_assert_msg(strstr(text, "32,896"), "no line with the middle layer's 32,896 parameters in:\n%s", text);
    free(text);
}
