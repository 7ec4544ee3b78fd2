#!/bin/sh
# mlp-epoch.sh — `make bench`'s mlp-epoch row: one epoch of MNIST training in C (week 06's reference
# solution) and in PyTorch, side by side, measured in the same run.
#
#   harness/bench/mlp-epoch.sh            (make bench runs it with WB_BENCH_DIR=build/bench)
#
# Both train a 784-128-10 ReLU network for one epoch of the 60,000 MNIST training images: batch 64,
# plain SGD, learning rate 0.1, the same starting weights and the same order of examples (the C
# program writes them, mlp-epoch.py reads them). We report seconds per epoch (the median of ROUNDS
# runs, default 5, C and PyTorch alternating so both see the same load), the ratio, and the test
# accuracy after the epoch; the 3x verdict takes the median of the rounds' own ratios (benchlib.sh). The fair comparison is one thread each (PyTorch: torch1.py, OpenBLAS's pool too; C:
# HARNESS_THREADS=1); the C row on all cores is extra. PyTorch is Debian's python3-torch, run by
# /usr/bin/python3 (make bench installs it as root); without it its columns stay empty.
# On an AVX-512 machine the C rows are measured with the AVX2 kernels too (HARNESS_ISA=avx2, and
# PyTorch with OpenBLAS's AVX2 kernels for them: benchlib.sh), and the last lines judge issue 16's targets per ISA: 1 thread >= 3x PyTorch, all threads >= 1.6x 1.
# Needs the full MNIST (make data); skips with a note without it. Writes $WB_BENCH_DIR/mlp-epoch.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
. harness/bench/benchlib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/mlp-epoch
rounds=${ROUNDS:-5}
mnist=${WB_DATASETS:-datasets}/full/mnist
PY=/usr/bin/python3
mkdir -p "$out"

if [ ! -f "$mnist/train-images-idx3-ubyte" ] && [ ! -f "$mnist/train-images-idx3-ubyte.gz" ]; then
    wb_say "mlp-epoch: skipped, the full MNIST is not fetched (make data)"
    exit 0
fi

# the C side: week 06's reference objects (and week 05's, which it links) + the harness
wb_build_week week06 solution solutions/week06 rel || { wb_err "mlp-epoch: week06 does not build"; exit 1; }
objs=
for ex in $(wb_exercises week06); do objs="$objs $WB_BUILD/rel/week06/solution/obj/${ex%.c}.o"; done
for ex in $(wb_exercises week05); do objs="$objs $WB_BUILD/rel/week05/solution/obj/${ex%.c}.o"; done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness -Iweeks/week06 -Iweeks/week05 \
    -o "$out/mlp-epoch" harness/bench/mlp-epoch.c $objs "$WB_BUILD/rel/lib/libwb.a" \
    $(pkg-config --libs libpng zlib) -lm || { wb_err "mlp-epoch: the benchmark does not build"; exit 1; }

have_torch=0
$PY -c 'import torch' >/dev/null 2>&1 && have_torch=1
[ $have_torch = 1 ] || wb_say "mlp-epoch: PyTorch is not installed, its columns stay empty (sudo apt-get install python3-torch)"

# per ISA (benchlib.sh): the AVX-512 and the AVX2 kernels on an AVX-512 machine, PyTorch likewise
best=$(env -u HARNESS_ISA HARNESS_THREADS=1 "$out/mlp-epoch" "$out" | awk '{print $3}')  # warms the caches
isas=$(bench_isas "$best")
for v in $isas; do : > "$out/c1-$v.txt"; : > "$out/c-$v.txt"; : > "$out/torch-$v.txt"; done
i=0
while [ $i -lt "$rounds" ]; do
    for v in $isas; do
        HARNESS_ISA=$v HARNESS_THREADS=1 "$out/mlp-epoch" "$out" >> "$out/c1-$v.txt" || exit 1
        if [ $have_torch = 1 ]; then
            env $(peer_env "$best" $v) $PY harness/bench/mlp-epoch.py "$out" "$mnist" >> "$out/torch-$v.txt" || exit 1
        fi
        HARNESS_ISA=$v "$out/mlp-epoch" "$out" >> "$out/c-$v.txt" || exit 1
    done
    i=$((i + 1))
done

# the median run of each (by time), as "seconds accuracy isa"
threads=$(nproc 2>/dev/null || echo 2)
tsv=${out%/*}/mlp-epoch.tsv
echo "impl	threads	seconds	test_accuracy" > "$tsv"
printf 'mlp-epoch: one epoch of MNIST, 784-128-10 ReLU, batch 64, SGD lr 0.1 (median of %d runs;\n' "$rounds"
printf 'load average %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '  %-38s %10s %10s %14s\n' "" "s/epoch" "vs torch" "test accuracy"
for v in $isas; do
    c1=$(median "$out/c1-$v.txt"); c=$(median "$out/c-$v.txt"); t=$(median "$out/torch-$v.txt")
    awk -v c1="$c1" -v c="$c" -v t="$t" -v threads="$threads" -v v="$v" -v tsv="$tsv" \
        -v peer="$(peer_name PyTorch "$best" $v)" 'BEGIN {
        split(c1, a, " "); split(c, b, " "); split(t, p, " ")
        ratio = (t != "" && a[1] > 0) ? sprintf("%.2fx", p[1] / a[1]) : "-"
        printf "  %-38s %10.3f %10s %13.2f%%\n", sprintf("C (%s), 1 thread", v), a[1], ratio, 100 * a[2]
        if (t != "") printf "  %-38s %10.3f %10s %13.2f%%\n", peer ", 1 thread", p[1], "1.00x", 100 * p[2]
        else printf "  %-38s %10s\n", peer ", 1 thread", "(not installed)"
        ratio2 = (t != "" && b[1] > 0) ? sprintf("%.2fx", p[1] / b[1]) : "-"
        printf "  %-38s %10.3f %10s %13.2f%%\n", sprintf("C (%s), %d threads", v, threads), b[1], ratio2, 100 * b[2]
        printf "c-%s\t1\t%s\t%s\n", v, a[1], a[2] >> tsv
        if (t != "") printf "pytorch-%s\t1\t%s\t%s\n", v, p[1], p[2] >> tsv
        printf "c-%s\t%d\t%s\t%s\n", v, threads, b[1], b[2] >> tsv
    }'
done
# CPU seconds of the 1-thread runs (field 4 of C, 4 of PyTorch): what a run took on its core,
# whatever else the machine ran, so this ratio holds on a loaded machine where wall times do not
for v in $isas; do
    awk -v c1="$(median "$out/c1-$v.txt")" -v t="$(median "$out/torch-$v.txt")" -v v="$v" 'BEGIN { split(c1, a, " "); split(t, p, " ")
        if (t != "" && a[4] > 0 && p[4] > 0)
            printf("  %-38s %10.3f %10.3f %9.2fx  (CPU seconds, 1 thread: C, PyTorch, ratio)\n",
                   sprintf("C (%s) vs PyTorch", v), a[4], p[4], p[4] / a[4]) }'
done
# the floor: the two large products of the epoch's batches alone, 1 thread, per ISA (what 3x
# PyTorch would have to beat)
for v in $isas; do
    f=$(HARNESS_ISA=$v HARNESS_THREADS=1 "$out/mlp-epoch" products)
    awk -v f="$f" -v t="$(median "$out/torch-$v.txt")" -v v="$v" 'BEGIN { split(t, p, " ")
        printf("  %-38s %10.3f  (1 thread; 3x PyTorch would be %.3f s)\n",
               sprintf("%s: the 2 large products alone", v), f, p[1] / 3) }'
done
# the targets of issue 16, per ISA: 1 thread >= 3x PyTorch; all threads >= 1.6x one thread
for v in $isas; do
    c1=$(median "$out/c1-$v.txt"); c=$(median "$out/c-$v.txt"); t=$(median "$out/torch-$v.txt")
    pr=$(pair_ratio "$out/c1-$v.txt" "$out/torch-$v.txt")
    awk -v c1="$c1" -v c="$c" -v t="$t" -v pr="$pr" -v v="$v" 'function say(what, got, want) {
            printf("  %-44s %5.2fx  (target >= %.1fx)  %s\n", what, got, want, (got >= want ? "met" : "MISSED")) }
        BEGIN { split(c1, a, " "); split(c, b, " "); split(t, p, " ")
        if (pr != "") say(sprintf("%s: C 1 thread vs PyTorch 1 thread", v), pr, 3)
        if (b[1] > 0) say(sprintf("%s: C all threads vs C 1 thread", v), a[1] / b[1], 1.6) }'
done
