#!/bin/sh
# gpt-step.sh — `make bench`'s gpt-step row: one training step of week 14's GPT (forward, backward,
# clip, Adam) in C (week 14's reference solution) and in PyTorch, side by side, in the same run.
#
#   harness/bench/gpt-step.sh            (make bench runs it with WB_BENCH_DIR=build/bench)
#
# Both build the same model at the driver's training shape — V 63, 4 pre-norm blocks, width 128,
# 4 heads, context 128, a head tied to the embeddings, batch 16; no dropout on either side (the
# driver's DROP=0.1 is left out of the comparison) — and time STEPS steps on fixed
# random ids after one untimed warm-up step (gpt-step.c, gpt-step.py). We report seconds per step
# (the median of ROUNDS runs, default 5, C and PyTorch alternating so both see the same load), the
# CPU seconds per step, and the ratio; the verdict takes the median of each round's ratio
# (benchlib.sh, pair_ratio), which the host's drift disturbs least. The fair comparison is one thread each (PyTorch: torch1.py, OpenBLAS's
# pool too; C: HARNESS_THREADS=1); the C row on all cores is extra. On an AVX-512 machine every
# row is measured for the AVX2 kernels too (benchlib.sh), with a verdict per ISA. PyTorch is
# Debian's python3-torch run by /usr/bin/python3: when it is missing its columns stay empty.
# Writes $WB_BENCH_DIR/gpt-step.tsv.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
. harness/bench/benchlib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/gpt-step
rounds=${ROUNDS:-5}
steps=${STEPS:-10}
PY=/usr/bin/python3
mkdir -p "$out"

# the C side: week 14's reference objects and those of the weeks it links, + the harness
for w in week05 week06 week07 week10 week14; do
    wb_build_week $w solution solutions/$w rel || { wb_err "gpt-step: $w does not build"; exit 1; }
done
objs=
for w in week05 week06 week07 week10 week14; do
    for ex in $(wb_exercises $w); do objs="$objs $WB_BUILD/rel/$w/solution/obj/${ex%.c}.o"; done
done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness -Iweeks/week14 -Iweeks/week10 \
    -Iweeks/week07 -Iweeks/week06 -Iweeks/week05 -o "$out/gpt-step" harness/bench/gpt-step.c $objs \
    "$WB_BUILD/rel/lib/libwb.a" $(pkg-config --libs libpng zlib) -lm ||
    { wb_err "gpt-step: the benchmark does not build"; exit 1; }

have_torch=0
$PY -c 'import torch' >/dev/null 2>&1 && have_torch=1
[ $have_torch = 1 ] || wb_say "gpt-step: PyTorch is not installed, its columns stay empty (sudo apt-get install python3-torch)"

# per ISA (benchlib.sh): the AVX-512 and the AVX2 kernels on an AVX-512 machine, PyTorch likewise
best=$(env -u HARNESS_ISA "$out/gpt-step" isa)
isas=$(bench_isas "$best")
for v in $isas; do : > "$out/c1-$v.txt"; : > "$out/c-$v.txt"; : > "$out/torch-$v.txt"; done
i=0
while [ $i -lt "$rounds" ]; do
    for v in $isas; do
        HARNESS_ISA=$v HARNESS_THREADS=1 "$out/gpt-step" "$steps" >> "$out/c1-$v.txt" || exit 1
        if [ $have_torch = 1 ]; then
            env $(peer_env "$best" $v) $PY harness/bench/gpt-step.py "$steps" >> "$out/torch-$v.txt" || exit 1
        fi
        HARNESS_ISA=$v "$out/gpt-step" "$steps" >> "$out/c-$v.txt" || exit 1
    done
    i=$((i + 1))
done

# the median run of each (by wall time), as "seconds cpu_seconds loss"
threads=$(nproc 2>/dev/null || echo 2)
tsv=${out%/*}/gpt-step.tsv
printf "gpt-step: one training step of week 14's GPT (4 x 128, 4 heads, 16 x 128 characters, no dropout),\n"
printf "          median of %d runs of %d steps; load average %s\n" "$rounds" "$steps" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf "  %-38s %10s %10s %10s %10s\n" "" "s/step" "cpu s" "vs torch" "cpu vs"
echo "impl	threads	seconds_per_step	cpu_seconds_per_step" > "$tsv"
for v in $isas; do
    awk -v c1="$(median "$out/c1-$v.txt")" -v c="$(median "$out/c-$v.txt")" -v t="$(median "$out/torch-$v.txt")" \
        -v pr="$(pair_ratio "$out/c1-$v.txt" "$out/torch-$v.txt" 2)" -v v="$v" -v threads="$threads" -v peer="$(peer_name PyTorch "$best" $v)" -v tsv="$tsv" 'BEGIN {
        split(c1, a, " "); split(c, b, " "); split(t, p, " ")
        r = (t != "" && a[1] > 0) ? sprintf("%.2fx", p[1] / a[1]) : "-"
        rc = (t != "" && a[2] > 0) ? sprintf("%.2fx", p[2] / a[2]) : "-"
        printf "  %-38s %10.4f %10.4f %10s %10s\n", sprintf("C (%s), 1 thread", v), a[1], a[2], r, rc
        if (t != "") printf "  %-38s %10.4f %10.4f %10s %10s\n", peer ", 1 thread", p[1], p[2], "1.00x", "1.00x"
        else printf "  %-38s %10s\n", peer ", 1 thread", "(not installed)"
        r2 = (t != "" && b[1] > 0) ? sprintf("%.2fx", p[1] / b[1]) : "-"
        printf "  %-38s %10.4f %10.4f %10s\n", sprintf("C (%s), %d threads", v, threads), b[1], b[2], r2
        if (pr != "")
            printf "  %-38s %9.2fx  (target >= 1.5x, CPU time, median of the rounds)  %s\n",
                   sprintf("%s: C vs PyTorch, 1 thread", v), pr, (pr >= 1.5 ? "met" : "MISSED")
        printf "c-%s\t1\t%s\t%s\n", v, a[1], a[2] >> tsv
        if (t != "") printf "pytorch-%s\t1\t%s\t%s\n", v, p[1], p[2] >> tsv
        printf "c-%s\t%d\t%s\t%s\n", v, threads, b[1], b[2] >> tsv
    }'
done
