#!/bin/sh
# lenet-epoch.sh — `make bench`'s lenet-epoch row: one epoch of LeNet-5 on MNIST in C (week 09's
# reference solution) and in PyTorch, side by side, measured in the same run.
#
#   harness/bench/lenet-epoch.sh          (make bench runs it with WB_BENCH_DIR=build/bench)
#
# Both train LeNet-5 (6@5x5 pad 2, relu, maxpool 2, 16@5x5, relu, maxpool 2, 400-120-84-10) for one
# epoch of the 60,000 MNIST training images: batch 64, Adam lr 1e-3, no dropout, the same starting
# weights (He-normal, written by the C program with lenet_save, read by lenet-epoch.py) and the same
# order of examples. One thread each (HARNESS_THREADS=1; torch.set_num_threads(1)). We report CPU
# seconds per epoch (process CPU time: on a machine shared with other jobs, wall time mostly measures
# them; the wall times are in the .txt files), the median of ROUNDS runs (C and PyTorch alternating so
# both see the same load), the ratio, and the test accuracy after the epoch; and the load average.
# PyTorch is Debian's python3-torch, run by /usr/bin/python3; without it its column stays empty.
# Needs the full MNIST (make data); skips with a note without it. Writes $WB_BENCH_DIR/lenet-epoch.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
. harness/bench/benchlib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/lenet-epoch
rounds=${ROUNDS:-3}
mnist=${WB_DATASETS:-datasets}/full/mnist
PY=/usr/bin/python3
mkdir -p "$out"

if [ ! -f "$mnist/train-images-idx3-ubyte" ] && [ ! -f "$mnist/train-images-idx3-ubyte.gz" ]; then
    wb_say "lenet-epoch: skipped, the full MNIST is not fetched (make data)"
    exit 0
fi

# the C side: week 09's reference objects and those of the weeks it links (05-08), + the harness
wb_build_week week09 solution solutions/week09 rel || { wb_err "lenet-epoch: week09 does not build"; exit 1; }
objs=
for w in week09 week05 week06 week07 week08; do
    for ex in $(wb_exercises $w); do objs="$objs $WB_BUILD/rel/$w/solution/obj/${ex%.c}.o"; done
done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness -Iweeks/week09 -Iweeks/week05 -Iweeks/week06 \
    -Iweeks/week07 -Iweeks/week08 -o "$out/lenet-epoch" harness/bench/lenet-epoch.c $objs \
    "$WB_BUILD/rel/lib/libwb.a" $(pkg-config --libs libpng zlib) -lm ||
    { wb_err "lenet-epoch: the benchmark does not build"; exit 1; }

have_torch=0
$PY -c 'import torch' >/dev/null 2>&1 && have_torch=1
[ $have_torch = 1 ] || wb_say "lenet-epoch: PyTorch is not installed, its column stays empty (sudo apt-get install python3-torch)"

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
: > "$out/c.txt"; : > "$out/torch.txt"
i=0
while [ $i -lt "$rounds" ]; do
    HARNESS_THREADS=1 "$out/lenet-epoch" "$out" >> "$out/c.txt" || exit 1
    [ $have_torch = 1 ] && { $PY harness/bench/lenet-epoch.py "$out" "$mnist" >> "$out/torch.txt" || exit 1; }
    i=$((i + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

# the median run of each (by CPU time), as "cpu wall accuracy"
c=$(median "$out/c.txt"); t=$(median "$out/torch.txt")
backend=
[ $have_torch = 1 ] && backend=$($PY harness/bench/lenet-epoch.py backend)
isa=$("$out/lenet-epoch" isa)
awk -v c="$c" -v t="$t" -v rounds="$rounds" -v l0="$load0" -v l1="$load1" -v backend="$backend" -v isa="$isa" \
    -v tsv="${out%/*}/lenet-epoch.tsv" 'BEGIN {
    split(c, a, " "); split(t, p, " ")
    printf "lenet-epoch: one epoch of MNIST (60,000), LeNet-5, batch 64, Adam 1e-3, 1 thread each,\n"
    printf "             CPU seconds, median of %d runs; load average %s before, %s after; wb_sgemm kernels %s\n", rounds, l0, l1, isa
    if (backend != "") printf "             %s\n", backend
    printf "  %-28s %10s %10s %10s %14s\n", "", "CPU s", "wall s", "vs torch", "test accuracy"
    ratio = (t != "" && a[1] > 0) ? sprintf("%.2fx", p[1] / a[1]) : "-"
    printf "  %-28s %10.2f %10.2f %10s %13.2f%%\n", "C (week 09 reference)", a[1], a[2], ratio, 100 * a[3]
    if (t != "") printf "  %-28s %10.2f %10.2f %10s %13.2f%%\n", "PyTorch", p[1], p[2], "1.00x", 100 * p[3]
    else printf "  %-28s %10s\n", "PyTorch", "(not installed)"
    print "impl\tthreads\tcpu_seconds\twall_seconds\ttest_accuracy" > tsv
    printf "c\t1\t%s\t%s\t%s\n", a[1], a[2], a[3] > tsv
    if (t != "") printf "pytorch\t1\t%s\t%s\t%s\n", p[1], p[2], p[3] > tsv
}'
