# benchlib.sh — sourced by the benchmark rows (harness/bench/*.sh): the median of several runs,
# which instruction sets to measure, and what the peer should run for each.
#
#   . harness/bench/benchlib.sh
#   t=$(median runs.txt)                         # the median line (sorted by its first number)
#   t=$(median runs.txt 2)                       # ... its second field
#   r=$(pair_ratio c.txt peer.txt 2)             # median of peer/c, line by line, field 2
#   for v in $(bench_isas "$best"); do           # best: the program's `isa` with HARNESS_ISA unset
#       HARNESS_ISA=$v ./c-side ...
#       env $(peer_env "$best" $v) python3 peer.py ...
#   done
#
# On an AVX-512 machine with HARNESS_ISA unset the C side runs twice: with the AVX-512 kernels and
# with the AVX2 ones that every AVX2-only x86 machine (a Zen 3, an Intel client CPU) runs. For the
# AVX2 run the peer's OpenBLAS gets its AVX2 kernels too (OPENBLAS_CORETYPE=Haswell, the class
# OpenBLAS itself picks on a Zen 3), so that each row compares what one kind of machine runs.

# the Python peers import torch1.py from this folder: no __pycache__ beside the sources
export PYTHONDONTWRITEBYTECODE=1

median() {
    [ -s "$1" ] || return 0
    sort -n "$1" | sed -n "$(( ($(wc -l < "$1") + 1) / 2 ))p" | if [ -n "${2:-}" ]; then cut -d' ' -f"$2"; else cat; fi
}

# The median over the rounds of PEER_FILE's line i over C_FILE's line i, field F (default 1): each
# pair ran one after the other. The host's speed drifts from minute to minute (by up to 1.5x, on
# a virtual machine), and a run and its peer's a few seconds later drift together, so the
# median of their ratios is steadier than the ratio of the two medians. Empty without data.
pair_ratio() {  # C_FILE PEER_FILE [F]
    [ -s "$1" ] && [ -s "$2" ] || return 0
    awk -v f="${3:-1}" 'NR == FNR { c[FNR] = $f; next } (FNR in c) && c[FNR] > 0 { print $f / c[FNR] }' \
        "$1" "$2" | sort -n | awk '{ r[NR] = $1 } END { if (NR) print r[int((NR + 1) / 2)] }'
}

bench_isas() {
    if [ -n "${HARNESS_ISA:-}" ]; then echo "$HARNESS_ISA"
    elif [ "$1" = avx512 ]; then echo "avx512 avx2"
    else echo "$1"; fi
}

# the peer's environment for the C side's ISA $2 on a machine whose best is $1 (may be empty)
peer_env() {
    if [ "$2" = avx2 ] && [ "$1" = avx512 ]; then echo OPENBLAS_CORETYPE=Haswell; fi
}

# the peer's name in a table, NAME BEST ISA: "PyTorch" or "PyTorch (OpenBLAS Haswell)"
peer_name() {
    pn_env=$(peer_env "$2" "$3")
    echo "$1${pn_env:+ (OpenBLAS ${pn_env#OPENBLAS_CORETYPE=})}"
}
