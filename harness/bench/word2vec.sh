#!/bin/sh
# word2vec.sh — `make bench`'s word2vec rows: week 12's skip-gram with negative sampling, gensim's
# Word2Vec and fastText's skipgram on the same text with the same settings, in one run.
#
#   harness/bench/word2vec.sh        (make bench runs it with WB_BENCH_DIR=build/bench)
#   ROUNDS=3 (default)               rounds; round i uses seed i in all three programs
#
# The text: the whole King James Bible (make data), tokenised by week 12's rule (lower-case runs of
# letters, one verse a sentence) and with the words seen fewer than 5 times removed, written by the
# C side (w2v-bench train) and read by the two peers, so all three see exactly the same words.
# Settings, all three: skip-gram, 5 negatives, dim 100, window 5, min count 5, subsampling 1e-3,
# learning rate 0.025 falling linearly, 5 epochs, ONE thread.
#   C        week 12's reference (solutions/week12), built -O3 like `make week12 run`
#   gensim   Debian python3-gensim 4.2 (/usr/bin/python3 harness/bench/word2vec.py), workers=1
#   fastText Debian fasttext 0.9.2: fasttext skipgram -thread 1 -minn 0 -maxn 0 (no subword
#            n-grams, i.e. the word2vec model; with them it is another, slower model)
# Measured: training words per second, by the wall clock (C and gensim: the words x epochs / the
# time of training alone; fastText: its own "words/sec/thread", which counts one end-of-line token
# per verse too, about 4% more words) and by CPU time (C and gensim: the process's CPU time during
# training; fastText: the whole process's, reading and saving included, so a little in its
# disfavour). On a shared machine the CPU time is the fair measure of one thread's throughput: the
# wall clock also counts the time the scheduler gave to other programs. The ratio against gensim is
# by CPU time. And the scores of weeks/week12/w2v_eval.h on each program's vectors, by
# the same C code (w2v-bench eval): lord's rank among god's 10 nearest, the best of oxen/flock among
# sheep's 10, the issue's 4 analogies, our 12, our 12 similarity triples. Median words/s over the
# rounds; scores as min-max over the rounds (the run-to-run spread). The programs run one after the
# other within a round, so they see the same load; the load average is printed. Writes
# $WB_BENCH_DIR/word2vec.tsv. Needs the full KJV (make data); skips with a note without it.
set -u
cd "$(dirname "$0")/../.." || exit 2
. harness/tools/wblib.sh
out=${WB_BENCH_DIR:-$WB_BUILD/bench}/word2vec
rounds=${ROUNDS:-3}
kjv=${WB_DATASETS:-datasets}/full/kjv/kjv.txt
PY=/usr/bin/python3
mkdir -p "$out"

if [ ! -f "$kjv" ]; then
    wb_say "word2vec: skipped, the whole KJV is not fetched (make data)"
    exit 0
fi

wb_build_week week12 solution solutions/week12 rel || { wb_err "word2vec: week12 does not build"; exit 1; }
objs=
for ex in $(wb_exercises week12); do objs="$objs $WB_BUILD/rel/week12/solution/obj/${ex%.c}.o"; done
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -pthread -Iharness -Iweeks/week12 \
    -o "$out/w2v-bench" harness/bench/w2v-bench.c $objs "$WB_BUILD/rel/lib/libwb.a" \
    $(pkg-config --libs libpng zlib) -lm || { wb_err "word2vec: the benchmark does not build"; exit 1; }

have_gensim=0; have_ft=0
$PY -c 'import gensim' >/dev/null 2>&1 && have_gensim=1
command -v fasttext >/dev/null 2>&1 && have_ft=1
[ $have_gensim = 1 ] || wb_say "word2vec: gensim is not installed, its row stays empty (sudo apt-get install python3-gensim)"
[ $have_ft = 1 ] || wb_say "word2vec: fastText is not installed, its row stays empty (sudo apt-get install fasttext)"

: > "$out/c.txt"; : > "$out/gensim.txt"; : > "$out/fasttext.txt"
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
i=1
while [ $i -le "$rounds" ]; do
    "$out/w2v-bench" train "$kjv" "$out" $i >> "$out/c.txt" || exit 1
    words=$(wc -w < "$out/tokens.txt")
    if [ $have_gensim = 1 ]; then
        wps=$($PY harness/bench/word2vec.py "$out/tokens.txt" "$out/gensim-$i.vec" $i 2>/dev/null) || exit 1
        echo "$wps $("$out/w2v-bench" eval "$out/gensim-$i.vec")" >> "$out/gensim.txt" || exit 1
    fi
    if [ $have_ft = 1 ]; then
        /usr/bin/time -f '%U %S' -o "$out/ft.time" fasttext skipgram -input "$out/tokens.txt" -output "$out/ft-$i" \
            -dim 100 -ws 5 -neg 5 -minCount 5 -epoch 5 -thread 1 -lr 0.025 -t 1e-3 -minn 0 -maxn 0 -seed $i \
            > "$out/ft.log" 2>&1 || exit 1
        wps=$(tr '\r' '\n' < "$out/ft.log" | sed -n 's/.*words\/sec\/thread: *\([0-9]*\).*/\1/p' | tail -1)
        cpu=$(awk -v w="$words" '{ printf "%.0f", w * 5 / ($1 + $2) }' "$out/ft.time")
        echo "$wps $cpu $("$out/w2v-bench" eval "$out/ft-$i.vec")" >> "$out/fasttext.txt" || exit 1
        rm -f "$out/ft-$i.bin"
    fi
    i=$((i + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
isa=$(grep -o -w -m1 'avx512f' /proc/cpuinfo >/dev/null && echo avx512 || (grep -q -w avx2 /proc/cpuinfo && echo avx2 || echo sse2))

OUT_DIR="$out" awk -v rounds="$rounds" -v tsv="${out%/*}/word2vec.tsv" -v load0="$load0" -v load1="$load1" -v isa="$isa" '
function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n ? a[int((n + 1) / 2)] : 0
}
function range(col, n,   i, lo, hi) {
    lo = 1e9; hi = -1
    for (i = 1; i <= n; i++) { if (col[i] < lo) lo = col[i]; if (col[i] > hi) hi = col[i] }
    return n ? (lo == hi ? lo "" : lo "-" hi) : "-"
}
function row(name, file, label,   n, line, f, w, c, l, s, t, o, m, wps, cps) {
    n = 0
    while ((getline line < file) > 0) {
        n++; split(line, f, " "); w[n] = f[1]; c[n] = f[2]; l[n] = f[3]; s[n] = f[4]; t[n] = f[5]; o[n] = f[6]; m[n] = f[7]
    }
    close(file)
    if (n == 0) { printf "  %-34s (not installed)\n", label; return 0 }
    wps = median(w, n); cps = median(c, n)
    printf "  %-34s %9.0f %9.0f %9s %8s %6s %7s %6s %8s\n", label, wps, cps, (base ? sprintf("%.2fx", cps / base) : "-"),
        range(l, n), range(s, n), range(t, n) "/4", range(o, n) "/12", range(m, n) "/12"
    printf "%s\t%.0f\t%.0f\t%s\t%s\t%s\t%s\t%s\n", name, wps, cps, range(l, n), range(s, n), range(t, n), range(o, n), range(m, n) > tsv
    return wps
}
BEGIN {
    printf "word2vec: skip-gram, negative sampling on the whole KJV (dim 100, window 5, 5 negatives, min count 5, 5 epochs,\n"
    printf "  1 thread each; %d rounds, seeds 1..%d; words/s the median, scores min-max; ISA %s; load average %s -> %s)\n", rounds, rounds, isa, load0, load1
    printf "  %-34s %9s %9s %9s %8s %6s %7s %6s %8s\n", "", "words/s", "CPU w/s", "vs gensim", "lord@god", "sheep", "target", "ours", "similar"
    print "impl\twords_per_s\tcpu_words_per_s\tlord_rank\tsheep_rank\ttarget_4\town_12\tsimilarity_12" > tsv
    base = 0
    gf = ENVIRON["OUT_DIR"] "/gensim.txt"; while ((getline line < gf) > 0) { nb++; split(line, f, " "); b[nb] = f[2] }; close(gf)
    base = median(b, nb)
    row("c", ENVIRON["OUT_DIR"] "/c.txt", "C (week 12 reference)")
    row("gensim", ENVIRON["OUT_DIR"] "/gensim.txt", "gensim 4.2 Word2Vec")
    row("fasttext", ENVIRON["OUT_DIR"] "/fasttext.txt", "fastText 0.9.2 skipgram (-minn 0)")
    print "  (words/s: wall clock; CPU w/s: per second of CPU time, the ratio is of these; lord@god: lord'"'"'s rank in"
    print "   god'"'"'s 10 nearest; sheep: the best rank of oxen/flock in sheep'"'"'s 10, 0 = absent; target, ours: analogies"
    print "   in the top 5; similar: similarity triples right)"
}'
