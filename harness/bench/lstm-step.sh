#!/bin/sh
# lstm-step.sh — `make bench`'s lstm-step row: forward + backward of one LSTM layer (H = 256 cells,
# T = 64 steps, B = 32 streams, characters of the poetic books' 63 symbols), two ways, in the
# same run:
#   week 11   lstm_layer_forward / lstm_layer_backward (the one-hot input part of all steps as a
#             lookup, one wb_sgemm per step for the recurrent part, the cell's loops, the weight
#             gradients)
#   PyTorch   nn.LSTM(63, 256) on the one-hot input + autograd, its default CPU backend
# both on one thread (HARNESS_THREADS=1; torch1.py: torch.set_num_threads(1) and OpenBLAS's
# pool of 1). The C side is week 11's reference solution compiled as week code is (-O3). Each
# program reports the median thread CPU time of its iterations; the rounds (ROUNDS, default 5)
# alternate the two so that both see the same load, and the table gives the median round. Target
# (issue 21): >= 1.5x PyTorch, judged by the median of the rounds' own ratios (benchlib.sh).
# PyTorch is Debian's python3-torch, run by /usr/bin/python3; without it its column stays empty.
# Writes $WB_BENCH_DIR/lstm-step.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
. harness/bench/benchlib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/lstm-step
rounds=${ROUNDS:-5}
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

# per ISA (benchlib.sh): the AVX-512 and the AVX2 kernels on an AVX-512 machine, PyTorch likewise
best=$(env -u HARNESS_ISA "$out/lstm-step-bench" isa)
isas=$(bench_isas "$best")
for v in $isas; do : > "$out/c-$v.txt"; : > "$out/torch-$v.txt"; done
i=0
while [ $i -lt "$rounds" ]; do
    for v in $isas; do
        HARNESS_ISA=$v HARNESS_THREADS=1 "$out/lstm-step-bench" 10 >> "$out/c-$v.txt" || exit 1
        [ $have_torch = 1 ] || continue
        env $(peer_env "$best" $v) $PY harness/bench/lstm-step.py 10 >> "$out/torch-$v.txt" || exit 1
    done
    i=$((i + 1))
done

backend=
[ $have_torch = 1 ] && backend=$($PY harness/bench/lstm-step.py backend)
tsv=${out%/*}/lstm-step.tsv
printf 'lstm-step: 1 LSTM layer, H 256, T 64, B 32, V 63 characters, forward + backward, 1 thread,\n'
printf '      CPU time per iteration, median of %d rounds; load average %s\n' "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '      C: week 11 compiled as week code is (-O3, baseline x86-64), the one-hot input as a lookup\n'
[ -n "$backend" ] && printf '      %s; it reads the one-hot input (a product)\n' "$backend"
printf '  %-40s %10s %12s %12s\n' "" "ms/iter" "forward ms" "vs PyTorch"
echo "impl	threads	seconds_per_iter" > "$tsv"
for v in $isas; do
    awk -v v="$v" -v peer="$(peer_name "PyTorch nn.LSTM" "$best" $v)" -v c="$(median "$out/c-$v.txt")" -v cf="$(median "$out/c-$v.txt" 2)" \
        -v t="$(median "$out/torch-$v.txt")" -v tf="$(median "$out/torch-$v.txt" 2)" -v tsv="$tsv" \
        -v pr="$(pair_ratio "$out/c-$v.txt" "$out/torch-$v.txt")" 'BEGIN {
        printf "  %-40s %10.2f %12.2f %12s\n", sprintf("week 11 lstm_layer_* (%s)", v), 1000 * c, 1000 * cf,
               t != "" ? sprintf("%.2fx", t / c) : "-"
        if (t != "") printf "  %-40s %10.2f %12.2f %12s\n", peer, 1000 * t, 1000 * tf, "1.00x"
        else printf "  %-40s %10s\n", peer, "(not installed)"
        printf "week11-%s\t1\t%s\n", v, c >> tsv
        if (t != "") printf "pytorch-%s\t1\t%s\n", v, t >> tsv
        if (pr != "") printf "  %-40s %9.2fx  (target >= 1.5x, median of the rounds)  %s\n",
                             sprintf("%s: week 11 vs PyTorch", v), pr, (pr >= 1.5 ? "met" : "MISSED")
    }'
done
