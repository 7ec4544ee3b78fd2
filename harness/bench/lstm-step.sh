#!/bin/sh
# lstm-step.sh — `make bench`'s lstm-step row: forward + backward of one LSTM layer (H = 256 cells,
# T = 64 steps, B = 32 streams, one-hot inputs of the poetic books' 63 symbols), two ways, in the
# same run:
#   week 11   lstm_layer_forward / lstm_layer_backward (one wb_sgemm for the input part of all
#             steps, one per step for the recurrent part, the cell's loops, the weight gradients)
#   PyTorch   nn.LSTM(63, 256) + autograd, its default CPU backend
# both on one thread (HARNESS_THREADS=1; torch.set_num_threads(1)). The C side is week 11's
# reference solution compiled as week code is (-O3). Each program reports the median thread CPU
# time of its iterations; the rounds (ROUNDS, default 3) alternate the two so that both see the
# same load, and the table gives the median round. Target (issue 21): >= 1.5x PyTorch.
# PyTorch is Debian's python3-torch, run by /usr/bin/python3; without it its column stays empty.
# Writes $WB_BENCH_DIR/lstm-step.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/lstm-step
rounds=${ROUNDS:-3}
PY=/usr/bin/python3
mkdir -p "$out"

wb_build_week week11 solution solutions/week11 rel || { wb_err "lstm-step: week11 does not build"; exit 1; }
objs=
for w in week05 week06 week07 week10 week11; do
    for ex in $(wb_exercises $w); do objs="$objs $WB_BUILD/rel/$w/solution/obj/${ex%.c}.o"; done
done
incs=
for w in week05 week06 week07 week10 week11; do incs="$incs -Iweeks/$w"; done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness $incs \
    -o "$out/lstm-step-bench" harness/bench/lstm-step.c $objs "$WB_BUILD/rel/lib/libwb.a" \
    $(pkg-config --libs libpng zlib) -lm || { wb_err "lstm-step: the benchmark does not build"; exit 1; }

have_torch=0
$PY -c 'import torch' >/dev/null 2>&1 && have_torch=1
[ $have_torch = 1 ] || wb_say "lstm-step: PyTorch is not installed, its column stays empty (sudo apt-get install python3-torch)"

: > "$out/c.txt"; : > "$out/torch.txt"
i=0
while [ $i -lt "$rounds" ]; do
    HARNESS_THREADS=1 "$out/lstm-step-bench" 10 >> "$out/c.txt" || exit 1
    [ $have_torch = 1 ] && { $PY harness/bench/lstm-step.py 10 >> "$out/torch.txt" || exit 1; }
    i=$((i + 1))
done

median() { [ -s "$1" ] && sort -n "$1" | sed -n "$(( ($(wc -l < "$1") + 1) / 2 ))p" | cut -d' ' -f"${2:-1}"; }
c=$(median "$out/c.txt"); cf=$(median "$out/c.txt" 2); t=$(median "$out/torch.txt"); tf=$(median "$out/torch.txt" 2)
backend=
[ $have_torch = 1 ] && backend=$($PY harness/bench/lstm-step.py backend)
isa=$("$out/lstm-step-bench" isa)
awk -v isa="$isa" -v c="$c" -v cf="$cf" -v t="$t" -v tf="$tf" -v rounds="$rounds" -v backend="$backend" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" -v tsv="${out%/*}/lstm-step.tsv" 'BEGIN {
    printf "lstm-step: 1 LSTM layer, H 256, T 64, B 32, one-hot V 63, forward + backward, 1 thread,\n"
    printf "      CPU time per iteration, median of %d rounds; load average %s\n", rounds, load
    printf "      wb_sgemm kernels: %s (week code itself: -O3, baseline x86-64)\n", isa
    if (backend != "") printf "      %s\n", backend
    printf "  %-32s %10s %12s %12s\n", "", "ms/iter", "forward ms", "vs PyTorch"
    printf "  %-32s %10.2f %12.2f %12s\n", "week 11 lstm_layer_*", 1000 * c, 1000 * cf, t != "" ? sprintf("%.2fx", t / c) : "-"
    if (t != "") printf "  %-32s %10.2f %12.2f %12s\n", "PyTorch nn.LSTM", 1000 * t, 1000 * tf, "1.00x"
    else printf "  %-32s %10s\n", "PyTorch nn.LSTM", "(not installed)"
    print "impl\tthreads\tseconds_per_iter" > tsv
    printf "week11\t1\t%s\n", c > tsv
    if (t != "") printf "pytorch\t1\t%s\n", t > tsv
}'
