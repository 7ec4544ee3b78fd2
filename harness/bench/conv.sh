#!/bin/sh
# conv.sh — `make bench`'s conv row: forward + backward of LeNet-5's two convolution layers for a
# batch of 64 (28x28 digits), three ways, measured in the same run:
#   direct   week 08's direct loops (conv2d_forward_direct / conv2d_backward_direct)
#   im2col   week 08's im2col + wb_sgemm (conv2d_forward / conv2d_backward)
#   PyTorch  F.conv2d + autograd, its default CPU backend (oneDNN when built with it), and also with
#            oneDNN off (slow_conv2d: PyTorch's own im2col + BLAS, the same algorithm as ours)
# all on one thread (HARNESS_THREADS=1; torch.set_num_threads(1)). The C side is week 08's
# reference solution compiled as week code is (-O3). Each program reports the median thread CPU
# time of its iterations (on a loaded machine wall time mostly measures the other programs); the rounds (ROUNDS, default 3) alternate the four so that all see the same load, and
# the table gives the median round. Targets (issue 18): im2col >= 10x direct, >= 1.5x PyTorch.
# PyTorch is Debian's python3-torch, run by /usr/bin/python3; without it its columns stay empty.
# Writes $WB_BENCH_DIR/conv.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
. harness/bench/benchlib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/conv
rounds=${ROUNDS:-3}
PY=/usr/bin/python3
mkdir -p "$out"

wb_build_week week08 solution solutions/week08 rel || { wb_err "conv: week08 does not build"; exit 1; }
objs=
for ex in $(wb_exercises week08); do objs="$objs $WB_BUILD/rel/week08/solution/obj/${ex%.c}.o"; done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness -Iweeks/week08 \
    -o "$out/conv-bench" harness/bench/conv.c $objs "$WB_BUILD/rel/lib/libwb.a" \
    $(pkg-config --libs libpng zlib) -lm || { wb_err "conv: the benchmark does not build"; exit 1; }

have_torch=0
$PY -c 'import torch' >/dev/null 2>&1 && have_torch=1
[ $have_torch = 1 ] || wb_say "conv: PyTorch is not installed, its columns stay empty (sudo apt-get install python3-torch)"

: > "$out/direct.txt"; : > "$out/im2col.txt"; : > "$out/torch.txt"; : > "$out/native.txt"
i=0
while [ $i -lt "$rounds" ]; do
    HARNESS_THREADS=1 "$out/conv-bench" direct 5 >> "$out/direct.txt" || exit 1
    HARNESS_THREADS=1 "$out/conv-bench" im2col 40 >> "$out/im2col.txt" || exit 1
    if [ $have_torch = 1 ]; then
        $PY harness/bench/conv.py 40 >> "$out/torch.txt" || exit 1
        $PY harness/bench/conv.py 40 native >> "$out/native.txt" || exit 1
    fi
    i=$((i + 1))
done

d=$(median "$out/direct.txt" 1); f=$(median "$out/im2col.txt" 1); t=$(median "$out/torch.txt" 1); tn=$(median "$out/native.txt" 1)
# the two C variants must agree (same data, same seed): the largest |y| and |dw| of conv2
same=$(awk 'NR == FNR { y = $2; w = $3; next } { dy = $2 - y; dw = $3 - w; if (dy < 0) dy = -dy; if (dw < 0) dw = -dw
    print (dy <= 1e-4 * y && dw <= 1e-4 * w) ? "agree" : "DISAGREE" ; exit }' "$out/direct.txt" "$out/im2col.txt")
backend=
[ $have_torch = 1 ] && backend=$($PY harness/bench/conv.py backend)
isa=$("$out/conv-bench" isa)
awk -v isa="$isa" -v d="$d" -v f="$f" -v t="$t" -v tn="$tn" -v rounds="$rounds" -v same="$same" -v backend="$backend" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" -v tsv="${out%/*}/conv.tsv" 'BEGIN {
    printf "conv: LeNet-5 conv1 (1->6, 5x5, pad 2, 28x28) + conv2 (6->16, 5x5, 14x14), batch 64, forward + backward,\n"
    printf "      1 thread, CPU time per iteration, median of %d rounds; load average %s; direct and im2col %s\n",
        rounds, load, same
    printf "      wb_sgemm kernels: %s (week code itself: -O3, baseline x86-64)\n", isa
    if (backend != "") printf "      %s\n", backend
    printf "  %-40s %10s %12s %12s\n", "", "ms/iter", "vs direct", "vs PyTorch"
    row("week 08 direct loops", d)
    row("week 08 im2col + wb_sgemm", f)
    if (t != "") { row("PyTorch conv2d (default backend)", t); row("PyTorch conv2d, oneDNN off (slow_conv2d)", tn) }
    else printf "  %-40s %10s\n", "PyTorch conv2d", "(not installed)"
    print "impl\tthreads\tseconds_per_iter" > tsv
    printf "direct\t1\t%s\nim2col\t1\t%s\n", d, f > tsv
    if (t != "") printf "pytorch\t1\t%s\npytorch-slow_conv2d\t1\t%s\n", t, tn > tsv
}
function row(name, s) {
    printf "  %-40s %10.2f %11.2fx %12s\n", name, 1000 * s, d / s, t != "" ? sprintf("%.2fx", t / s) : "-"
}'
