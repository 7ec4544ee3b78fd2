# build.mk — how everything is compiled. The top-level Makefile is only the front door: it hands
# its goals to harness/tools/wb, which calls this file with the variables below. Build output goes
# under build/ only.
#
#   make -f harness/tools/build.mk lib P=rel                       -> build/rel/lib/libwb.a
#   make -f harness/tools/build.mk harness-test P=asan             -> build/asan/harness/test
#   make -f harness/tools/build.mk week P=rel WEEK=week01 VARIANT=student SRC=weeks/week01
#                                            -> build/rel/week01/student/{test,run}
#
# P (profile): rel (-O2), asan (AddressSanitizer + UBSan, stop at the first report), debug (-O0).
# VARIANT names the build (student, solution, stub, mutant-NAME); SRC is where its exercise files
# are. Tests (weeks/WEEK/test_*.c) and the driver (weeks/WEEK/driver.c) always come from weeks/.

BUILD ?= build
P ?= rel
CC ?= cc

# -std=gnu11, not c11: strict ISO mode turns off floating-point contraction into FMA. No
# -march=native: one binary runs on any x86-64, and SIMD code picks its instruction set at run time.
# Never -ffast-math/-Ofast: they let the compiler assume no NaN, which breaks isnan() checks.
# -fno-math-errno is the one piece of it we take: sqrtf(-1) is NaN either way, but a libm that
# must also set errno keeps a branch in every loop that calls sqrtf, and such a loop (Adam's
# update, a norm's rsqrt) is never vectorised. No code here reads errno after a math function.
CFLAGS_rel   := -O2 -g
CFLAGS_asan  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_debug := -O0 -g
WB_CFLAGS := -std=gnu11 -fno-math-errno -Wall -Wextra -pthread -Iharness $(CFLAGS_$(P)) \
             $(shell pkg-config --cflags libpng zlib check 2>/dev/null)
# week code: a stub's unused parameters are expected, not worth a warning. In the optimised build
# it is -O3: the plain loops students write (an SGD update, a bias add) are vectorised only there,
# because GCC 12 at -O2 skips any loop that would need a remainder loop (measured: one epoch of
# SGD updates for a 784-128-10 MLP takes 0.08 s at -O2, 0.02 s at -O3).
WEEK_CFLAGS := $(WB_CFLAGS) $(if $(filter rel,$(P)),-O3) -Wno-unused-parameter
PKG_LIBS := $(shell pkg-config --libs libpng zlib 2>/dev/null) -lm -pthread
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
LDFLAGS_asan := -fsanitize=address,undefined
WB_LDFLAGS := $(LDFLAGS_$(P))

OUT := $(BUILD)/$(P)
LIB_SRCS := $(filter-out harness/test_main.c,$(wildcard harness/*.c))
LIB_OBJS := $(patsubst harness/%.c,$(OUT)/lib/obj/%.o,$(LIB_SRCS))
LIBWB := $(OUT)/lib/libwb.a
LIBWBTEST := $(OUT)/lib/libwbtest.a

.PHONY: lib harness-test week week-test
.DELETE_ON_ERROR:

lib: $(LIBWB) $(LIBWBTEST)

$(OUT)/lib/obj/%.o: harness/%.c
	@mkdir -p $(@D)
	$(CC) $(WB_CFLAGS) -MMD -MP -c $< -o $@

$(LIBWB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(LIBWBTEST): $(OUT)/lib/obj/test_main.o
	@rm -f $@
	ar rcs $@ $^

# --- the harness's own tests: every harness/tests/test_*.c in one binary ---------------------------
HARNESS_TEST_SRCS := $(wildcard harness/tests/test_*.c)
HARNESS_TEST_OBJS := $(patsubst harness/tests/%.c,$(OUT)/harness/obj/%.o,$(HARNESS_TEST_SRCS))
harness-test: $(OUT)/harness/test

$(OUT)/harness/obj/%.o: harness/tests/%.c
	@mkdir -p $(@D)
	$(CC) $(WB_CFLAGS) -MMD -MP -c $< -o $@

# --whole-archive: the tests register themselves from constructors, so nothing refers to them
$(OUT)/harness/test: $(HARNESS_TEST_OBJS) $(LIBWBTEST) $(LIBWB)
	$(CC) $(WB_LDFLAGS) -o $@ $(HARNESS_TEST_OBJS) $(LIBWBTEST) $(LIBWB) $(CHECK_LIBS) $(PKG_LIBS)

# --- one week in one variant ---------------------------------------------------------------------
ifdef WEEK
SRC ?= weeks/$(WEEK)
VARIANT ?= student
WOUT := $(OUT)/$(WEEK)/$(VARIANT)
# The exercise files are the ones the reference solution has; weeks/WEEK/week.mk may add
# WEEK_DEPS (earlier weeks whose reference code this week links, e.g. week05's MLP in week06).
EXERCISES := $(notdir $(wildcard solutions/$(WEEK)/*.c))
WEEK_DEPS :=
-include weeks/$(WEEK)/week.mk
EX_OBJS := $(patsubst %.c,$(WOUT)/obj/%.o,$(EXERCISES))
DEP_OBJS := $(foreach d,$(WEEK_DEPS),$(patsubst solutions/$(d)/%.c,$(OUT)/$(d)/solution/obj/%.o,$(wildcard solutions/$(d)/*.c)))
DEP_INCS := $(foreach d,$(WEEK_DEPS),-Iweeks/$(d))
# tests and the driver are the same for every variant: compiled once, in $(COMMON), for all of
# them (make check builds a week in some 20 mutant variants; the reference's build makes these first)
COMMON := $(OUT)/$(WEEK)/common
TEST_OBJS := $(patsubst weeks/$(WEEK)/%.c,$(COMMON)/obj/%.o,$(wildcard weeks/$(WEEK)/test_*.c))
DRIVER := $(wildcard weeks/$(WEEK)/driver.c)
week: $(WOUT)/test $(if $(DRIVER),$(WOUT)/run)
# only the test program (what a mutant needs)
week-test: $(WOUT)/test

$(WOUT)/obj/%.o: $(SRC)/%.c
	@mkdir -p $(@D)
	$(CC) $(WEEK_CFLAGS) -Iweeks/$(WEEK) $(DEP_INCS) -MMD -MP -c $< -o $@
$(COMMON)/obj/%.o: weeks/$(WEEK)/%.c
	@mkdir -p $(@D)
	$(CC) $(WEEK_CFLAGS) -Iweeks/$(WEEK) $(DEP_INCS) -MMD -MP -c $< -o $@
$(foreach d,$(WEEK_DEPS),$(eval $(OUT)/$(d)/solution/obj/%.o: solutions/$(d)/%.c ; @mkdir -p $$(@D) && $$(CC) $$(WEEK_CFLAGS) -Iweeks/$(d) $$(DEP_INCS) -MMD -MP -c $$< -o $$@))

$(WOUT)/test: $(TEST_OBJS) $(EX_OBJS) $(DEP_OBJS) $(LIBWBTEST) $(LIBWB)
	$(CC) $(WB_LDFLAGS) -o $@ $(TEST_OBJS) $(EX_OBJS) $(DEP_OBJS) $(LIBWBTEST) $(LIBWB) $(CHECK_LIBS) $(PKG_LIBS)
$(WOUT)/run: $(COMMON)/obj/driver.o $(EX_OBJS) $(DEP_OBJS) $(LIBWB)
	$(CC) $(WB_LDFLAGS) -o $@ $^ $(PKG_LIBS)
endif

# --- small C tools (build/bin/NAME, from a feature folder: harness/data/data.mk's datainfo) ------
# they link the optimised library whatever the profile
ifneq ($(P),rel)
$(BUILD)/rel/lib/libwb.a:
	$(MAKE) -f harness/tools/build.mk P=rel lib
endif

# the dependency files of what this call builds (not every variant's: there are thousands)
-include $(wildcard $(OUT)/lib/obj/*.d $(OUT)/harness/obj/*.d)
ifdef WEEK
-include $(wildcard $(WOUT)/obj/*.d $(COMMON)/obj/*.d $(foreach d,$(WEEK_DEPS),$(OUT)/$(d)/solution/obj/*.d))
endif
# each feature folder's fragment (harness/bench/bench.mk, harness/data/data.mk, harness/grade/
# grade.mk, ...) adds its own targets
-include $(filter-out harness/tools/build.mk,$(wildcard harness/*/*.mk))
