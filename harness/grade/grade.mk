# grade.mk — build rules for instructor grading (harness/grade/, `make grade`). Included by build.mk.
#
#   make -f harness/tools/build.mk grade-tools          -> build/grade/bin/sandbox
#   make -f harness/tools/build.mk grade-flags WEEK=week01
#        prints the flags and the instructor's objects a submission of WEEK is built with, as sh
#        assignments (harness/grade/prepare reads them), so grading compiles exactly like `make`.

.PHONY: grade-tools grade-flags
grade-tools: $(BUILD)/grade/bin/sandbox
$(BUILD)/grade/bin/sandbox: harness/grade/sandbox.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -o $@ $<

grade-flags:
	@printf "GRADE_CFLAGS='%s'\n" "$(WEEK_CFLAGS)"
	@printf "GRADE_LDFLAGS='%s'\n" "$(WB_LDFLAGS)"
	@printf "GRADE_LIBS='%s'\n" "$(CHECK_LIBS) $(PKG_LIBS)"
	@printf "GRADE_DEP_OBJS='%s'\n" "$(DEP_OBJS)"
	@printf "GRADE_DEP_INCS='%s'\n" "$(foreach d,$(WEEK_DEPS),weeks/$(d))"
	@printf "GRADE_LIBWB='%s'\nGRADE_LIBWBTEST='%s'\n" "$(LIBWB)" "$(LIBWBTEST)"
