/* test_notwritten.c — wb_not_written keeps each stub function's name once, in the order first seen. */
#include "testing.h"
#include "notwritten.h"

#include <string.h>

WB_TEST(not_written_keeps_each_name_once_in_order, .points = 1,
        .hint = "wb_not_written must record a name the first time only (a stub in a loop calls it often), "
                "keep the order, and forget everything at wb_not_written_reset.") {
    char copy[] = "mlp_forward";   /* the same name at another address still counts once */
    wb_not_written_reset();
    ck_assert_int_eq(wb_not_written_count(), 0);
    ck_assert_ptr_null(wb_not_written_name(0));
    for (int i = 0; i < 3; i++) wb_not_written("mlp_forward");
    wb_not_written("mlp_backward");
    wb_not_written(copy);
    wb_not_written(NULL);
    ck_assert_msg(wb_not_written_count() == 2, "count %d after mlp_forward x4, mlp_backward: want 2", wb_not_written_count());
    ck_assert_str_eq(wb_not_written_name(0), "mlp_forward");
    ck_assert_str_eq(wb_not_written_name(1), "mlp_backward");
    ck_assert_ptr_null(wb_not_written_name(2));
    ck_assert_ptr_null(wb_not_written_name(-1));
    wb_not_written_reset();
    ck_assert_int_eq(wb_not_written_count(), 0);
}

WB_TEST(not_written_keeps_at_most_max_names, .points = 1,
        .hint = "past WB_NOT_WRITTEN_MAX names, wb_not_written must stop recording, never write past its table.") {
    static char names[WB_NOT_WRITTEN_MAX + 5][8];
    wb_not_written_reset();
    for (int i = 0; i < WB_NOT_WRITTEN_MAX + 5; i++) {
        names[i][0] = 'f', names[i][1] = (char)('0' + i / 10), names[i][2] = (char)('0' + i % 10);
        wb_not_written(names[i]);
    }
    ck_assert_int_eq(wb_not_written_count(), WB_NOT_WRITTEN_MAX);
    ck_assert_str_eq(wb_not_written_name(WB_NOT_WRITTEN_MAX - 1), names[WB_NOT_WRITTEN_MAX - 1]);
    wb_not_written_reset();
}
