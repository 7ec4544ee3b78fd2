/* test_tensor.c — shapes, views and the one-buffer parameter layout. */
#include "testing.h"
#include "tensor.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

WB_TEST(tensor_shape_and_zero_fill, .points = 1, .hint = "WB_TENSOR(2,3,4) has 24 zeroed elements and shape (2,3,4).") {
    wb_tensor t = WB_TENSOR(2, 3, 4);
    char buf[32];
    ck_assert_int_eq(t.ndim, 3);
    ck_assert_uint_eq(t.size, 24);
    ck_assert_str_eq(wb_shape_str(&t, buf, sizeof buf), "(2,3,4)");
    for (size_t i = 0; i < t.size; i++) ck_assert_msg(t.data[i] == 0.0f, "element %zu is %g", i, t.data[i]);
    wb_tensor u = WB_TENSOR(2, 3, 4), v = WB_TENSOR(3, 2, 4);
    ck_assert(wb_same_shape(&t, &u) && !wb_same_shape(&t, &v));
    wb_tensor_free(&t), wb_tensor_free(&u), wb_tensor_free(&v);
    ck_assert_ptr_null(t.data);
}

WB_TEST(tensor_row_major_indexing, .points = 1, .hint = "Element (i,j) of an (R,C) tensor is data[i*C + j].") {
    wb_tensor t = WB_TENSOR(3, 5);
    WB_AT2(t, 2, 4) = 7.0f;
    ck_assert(t.data[2 * 5 + 4] == 7.0f);
    wb_tensor_free(&t);
}

WB_TEST(params_views_share_one_buffer, .points = 1,
        .hint = "wb_params_alloc makes one allocation; each view starts where the previous one ends.") {
    struct { wb_tensor W1, b1, W2; } net, grad;
    wb_params P = {0}, G = {0};
    wb_params_add(&P, &net.W1, "W1", 2, (int[]){4, 3});
    wb_params_add(&P, &net.b1, "b1", 1, (int[]){4});
    wb_params_add(&P, &net.W2, "W2", 2, (int[]){2, 4});
    wb_params_alloc(&P);
    ck_assert_uint_eq(P.size, 12 + 4 + 8);
    ck_assert_ptr_eq(net.W1.data, P.data);
    ck_assert_ptr_eq(net.b1.data, P.data + 12);
    ck_assert_ptr_eq(net.W2.data, P.data + 16);
    ck_assert_int_eq(net.W2.shape[0], 2);
    /* a gradient buffer with the same layout */
    wb_params_alloc_like(&G, &P, (wb_tensor *[]){&grad.W1, &grad.b1, &grad.W2});
    ck_assert_uint_eq(G.size, P.size);
    ck_assert_ptr_eq(grad.b1.data, G.data + 12);
    ck_assert_ptr_ne(G.data, P.data);
    wb_params_free(&G);
    wb_params_free(&P);
}

WB_TEST(tensor_negative_dimension_dies, .points = 1, .timeout = 10,
        .hint = "A negative dimension is a bug: wb_tensor_new must stop the program with file:line, not allocate.") {
    /* run the bad call in a child and expect it to abort (signal 6) */
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        wb_tensor t = WB_TENSOR(3, -1);
        (void)t;
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "status %d: expected an abort", status);
}
