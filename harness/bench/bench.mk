# bench.mk — `make bench`: how fast wb_sgemm and the SIMD kernels are, next to the naive reference
# and OpenBLAS, on this machine. Never part of `make check` (timings are not tests).
#
#   make bench     -> prints the tables; build/bench/gemm.tsv, build/bench/simd.tsv
#
# On an AVX-512 machine the sgemm tables and the mlp-epoch rows are measured for the AVX2 kernels
# too (what every AVX2-only machine runs), each against its own FMA peak, with verdicts per ISA,
# and against OpenBLAS's AVX2 kernels (OPENBLAS_CORETYPE=Haswell, gemm_bench runs itself again
# for that table; benchlib.sh does the same for the PyTorch rows): an AVX2-only machine has no
# AVX-512 OpenBLAS to race. HARNESS_ISA=avx2 (or avx512) measures just that one (with the
# OpenBLAS kernels OPENBLAS_CORETYPE picks, the best by default). GEMM_BENCH_ONLY=lstm,lenet
# limits the sgemm table to the shapes named, GEMM_BENCH_THREADS=1 to one thread (quicker, for
# tuning).
#
# Only the benchmark binary links OpenBLAS (to compare against); libwb never does. The peers
# (OpenBLAS, PyTorch, gensim, fastText: deps/bench) are installed first when bench runs as root;
# otherwise it prints the command and leaves a missing peer's columns empty. The epoch and
# word2vec rows need the full datasets (make data) and skip with a note without them. After the
# built-in benchmarks, every executable harness/bench/*.sh runs (with WB_BENCH_DIR set), so more
# rows (e.g. a PyTorch comparison) can be added without touching this file.

BENCH_DIR := $(BUILD)/bench
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness
OPENBLAS_LIBS := $(shell pkg-config --libs openblas 2>/dev/null)
ifneq ($(OPENBLAS_LIBS),)
BENCH_BLAS := -DWB_HAVE_OPENBLAS $(shell pkg-config --cflags openblas 2>/dev/null)
endif

.PHONY: bench bench-peers bench-run

# Two steps, so that the second make sees OpenBLAS if the first one just installed it.
bench:
	@$(MAKE) --no-print-directory -f harness/tools/build.mk bench-peers
	@$(MAKE) --no-print-directory -f harness/tools/build.mk P=rel bench-run

# The peers (harness/bench/deps/bench): installed first, as root, so that every row has its
# comparison on a fresh machine; otherwise setup.sh prints the command and the rows whose peer
# is missing say so and leave its columns empty.
bench-peers:
	@sh harness/tools/setup.sh bench || \
	    echo "bench: the rows whose peer is missing leave its columns empty"

$(BENCH_DIR)/gemm_bench: harness/bench/gemm_bench.c $(LIBWB)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) $(BENCH_BLAS) -o $@ $< $(LIBWB) $(OPENBLAS_LIBS) $(PKG_LIBS)

$(BENCH_DIR)/simd_bench: harness/bench/simd_bench.c $(LIBWB)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(LIBWB) $(PKG_LIBS)

bench-run: $(BENCH_DIR)/gemm_bench $(BENCH_DIR)/simd_bench
	$(BENCH_DIR)/gemm_bench $(BENCH_DIR)/gemm.tsv
	$(BENCH_DIR)/simd_bench $(BENCH_DIR)/simd.tsv
	@for s in harness/bench/*.sh; do \
	    if [ -x "$$s" ]; then echo "== $$s"; WB_BENCH_DIR=$(BENCH_DIR) "$$s" || exit 1; fi; \
	done
