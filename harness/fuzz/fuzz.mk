# fuzz.mk — `make fuzz`: libFuzzer targets for the IDX, PNG and corpus readers (included by
# harness/tools/build.mk).
#
#   make fuzz                     build the libFuzzer targets: build/fuzz/fuzz_{idx,png,corpus}
#   make fuzz FUZZ_SECONDS=600    ... and run each for that long, one after the other

# make: make fuzz              build the fuzz targets (FUZZ_SECONDS=600 runs each for that long)

.PHONY: fuzz

# --- fuzzing (clang's libFuzzer, with AddressSanitizer and UBSan) ---------------------------------
# The readers are compiled again with clang and coverage instrumentation (gcc's libwb.a cannot be
# used: libFuzzer needs clang's instrumentation, and the two ASan runtimes do not mix). Only the
# modules the targets reach are built, which keeps this step short in `make check`.
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=gnu11 -O1 -g -fno-omit-frame-pointer -Iharness $(FUZZ_SAN) \
               $(shell pkg-config --cflags libpng zlib 2>/dev/null)
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_LIB_SRCS := $(patsubst %,harness/%.c,idx corpus dataset image tensor error files)
FUZZ_LIB_OBJS := $(patsubst harness/%.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_LIB_SRCS))
FUZZ_TARGETS := $(patsubst harness/fuzz/%.c,$(FUZZ_OUT)/%,$(wildcard harness/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 0

$(FUZZ_OUT)/obj/%.o: harness/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(FUZZ_OUT)/libwb-fuzz.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(FUZZ_OUT)/fuzz_%: harness/fuzz/fuzz_%.c harness/fuzz/fuzz_file.h $(FUZZ_OUT)/libwb-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OUT)/libwb-fuzz.a $(PKG_LIBS)
-include $(wildcard $(FUZZ_OUT)/obj/*.d)
# starting inputs: small valid files of each kind, written by harness/fuzz/seeds.c
$(FUZZ_OUT)/seeds/.done: harness/fuzz/seeds.c $(FUZZ_OUT)/libwb-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $(FUZZ_OUT)/seeds-tool $< $(FUZZ_OUT)/libwb-fuzz.a $(PKG_LIBS)
	$(FUZZ_OUT)/seeds-tool $(FUZZ_OUT)/seeds && touch $@

# Each target keeps what it learns in build/fuzz/corpus/NAME (seeded from build/fuzz/seeds/KIND) and
# writes any crashing input to build/fuzz/crash-NAME-*; -rss_limit_mb bounds memory per input.
fuzz: $(FUZZ_TARGETS) $(FUZZ_OUT)/seeds/.done
	@if [ "$(FUZZ_SECONDS)" -gt 0 ]; then for t in $(FUZZ_TARGETS); do \
	    k=$${t##*/fuzz_}; mkdir -p $(FUZZ_OUT)/corpus/$$k; \
	    echo "fuzz: $$k for $(FUZZ_SECONDS) s"; \
	    $$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_OUT)/crash-$$k- $(FUZZ_OUT)/corpus/$$k $(FUZZ_OUT)/seeds/$$k \
	        > $(FUZZ_OUT)/$$k.log 2>&1; status=$$?; \
	    grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)' $(FUZZ_OUT)/$$k.log; \
	    [ $$status -eq 0 ] || { echo "fuzz: $$k found a problem: see $(FUZZ_OUT)/$$k.log and $(FUZZ_OUT)/crash-$$k-*"; exit 1; }; \
	done; else echo "fuzz: built $(FUZZ_TARGETS); run with FUZZ_SECONDS=N"; fi
