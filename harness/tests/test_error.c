/* test_error.c — wb_malloc and wb_calloc, small and big (the big ones on 2 MB pages, error.c):
 * calloc's memory is zero, every byte asked for is there, realloc keeps the contents. */
#include "testing.h"

#include "error.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/* one byte over a 2 MB page boundary past the 4 MB threshold, and one below it */
static const size_t sizes[] = {0, 1, 4000, ((size_t)4 << 20) - 1, ((size_t)6 << 20) + 1};

WB_TEST(calloc_gives_zeros_small_and_big, .points = 1,
        .hint = "A big buffer from aligned_alloc is not cleared by the allocator (it may be memory "
                "freed before): wb_calloc must zero all count * size bytes itself.") {
    /* glibc: big blocks from the heap and kept there when freed (not fresh zero pages from the
       system), so that the next one is the memory just dirtied and a missing memset shows */
    mallopt(M_MMAP_THRESHOLD, 32 << 20), mallopt(M_TRIM_THRESHOLD, 256 << 20);
    for (int k = 0; k < 4; k++) {
        size_t n = sizes[4];
        unsigned char *junk = wb_malloc(n);
        memset(junk, 0xA5, n);
        free(junk);
        unsigned char *p = wb_calloc(n / 4 + 1, 4);
        for (size_t i = 0; i < n / 4 * 4 + 4; i += 4093)
            ck_assert_msg(p[i] == 0, "wb_calloc(%zu, 4): byte %zu is %d", n / 4 + 1, i, p[i]);
        ck_assert_msg(p[n / 4 * 4 + 3] == 0, "the last byte is not zero");
        free(p);
    }
}

WB_TEST(every_byte_asked_for_is_usable, .points = 1,
        .hint = "The big buffers are rounded up to whole 2 MB pages, never down.") {
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        unsigned char *p = wb_malloc(n);
        memset(p, 0x5A, n); /* AddressSanitizer (make check) reports a byte outside the buffer */
        if (n) ck_assert_msg(p[n - 1] == 0x5A, "wb_malloc(%zu): the last byte", n);
        p = wb_realloc(p, n + 100);
        if (n) ck_assert_msg(p[0] == 0x5A && p[n - 1] == 0x5A, "wb_realloc lost the contents");
        free(p);
    }
}
