# wblib.sh — shell functions shared by the workbook's commands (wb, harness/*/wb-*,
# harness/*/check.d/*).
# Source it from the repository root:  . harness/tools/wblib.sh
# POSIX sh only: Debian's dash runs it.

WB_BUILD=${WB_BUILD:-build}
WB_JOBS=${WB_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    wb_red=$(printf '\033[31m'); wb_green=$(printf '\033[32m'); wb_bold=$(printf '\033[1m'); wb_off=$(printf '\033[0m')
else
    wb_red=; wb_green=; wb_bold=; wb_off=
fi

wb_say() { printf '%s\n' "$*"; }
wb_err() { printf '%s\n' "$*" >&2; }

# Every week that exists: the weekNN directories under solutions/, in order.
wb_all_weeks() {
    for d in solutions/week[0-9][0-9]; do [ -d "$d" ] && basename "$d"; done
}

# The weeks a check step covers: WB_WEEKS="week07 week08" narrows `make check`'s per-week steps
# (stubs, solutions, mutants, sanitizers) while one week is being written; default every week.
wb_check_weeks() {
    if [ -n "${WB_WEEKS:-}" ]; then printf '%s\n' $WB_WEEKS; else wb_all_weeks; fi
}

# The exercise files of a week, one per line: EXERCISES in weeks/WEEK/week.mk when it lists them
# (that is also the order the tests run in), else every .c file of its reference solution.
wb_exercises() {
    listed=$(sed -n 's/^EXERCISES *:= *//p' "weeks/$1/week.mk" 2>/dev/null)
    if [ -n "$listed" ]; then printf '%s\n' $listed; return; fi
    for f in solutions/"$1"/*.c; do [ -f "$f" ] && basename "$f"; done
}

# The program behind verb V (make V): the feature folder's harness/FEATURE/wb-V, or nothing.
wb_verb_tool() {
    for wvt in harness/*/wb-"$1"; do [ -x "$wvt" ] && { echo "$wvt"; return 0; }; done
    return 0
}

# The steps of make check: every feature's harness/FEATURE/check.d/NN-name, ordered by NN-name.
wb_check_steps() {
    for wcs in harness/*/check.d/*; do [ -x "$wcs" ] && printf '%s %s\n' "${wcs##*/}" "$wcs"; done |
        sort | cut -d' ' -f2
}

# Run make on the build rules quietly; the compiler's own messages pass through unaltered.
wb_make() {
    MAKEFLAGS= make --no-print-directory -s -j"$WB_JOBS" -f harness/tools/build.mk "$@"
}

# Build one week: wb_build_week WEEK VARIANT SRCDIR [PROFILE]. Returns 2 on a build error.
# (The library is built under a lock of its own: two weeks being built at once share it.)
wb_build_week() {
    ( wb_lock 6 "${4:-rel}-lib" && wb_make lib P="${4:-rel}" ) &&
        wb_make week P="${4:-rel}" WEEK="$1" VARIANT="$2" SRC="$3" || return 2
}

# Two runs of one week at once (make watch, and make weekNN test in a second terminal) would build
# and run in the same directory: build/PROFILE/WEEK/VARIANT/. So each run holds that build's lock
# from its build to the end of its tests, and a second run waits for the first (saying so).
#   wb_week_lock WEEK VARIANT [PROFILE] ... wb_week_unlock    (fd 7; a child keeps it while it lives)
wb_lock() {    # wb_lock FD NAME: take build/locks/NAME.lock on FD, waiting (with a note) if taken
    mkdir -p "$WB_BUILD/locks"
    eval "exec $1> \"\$WB_BUILD/locks/\$2.lock\""
    flock -n "$1" && return 0
    wb_err "(another make is building or testing the same thing, make watch perhaps: waiting for it)"
    flock "$1"
}
wb_week_lock() { wb_lock 7 "${3:-rel}-$1-$2"; }
wb_week_unlock() { exec 7>&-; }

# Where the student's or the reference files are: wb_srcdir WEEK -> weeks/WEEK or solutions/WEEK
wb_srcdir() {
    if [ "${SOLUTION:-0}" = 1 ]; then echo "solutions/$1"; else echo "weeks/$1"; fi
}
wb_variant() {
    if [ "${SOLUTION:-0}" = 1 ]; then echo solution; else echo student; fi
}

# Run CMD... with the environment the test runner uses for its closing hint line and test order:
# wb_test_env WEEK VARIANT SRCDIR CMD...  (CMD is the test binary, or gdb --args it, ...)
wb_test_env() {
    wte_retest="make $1 test"
    [ "$2" = solution ] && wte_retest="make $1 test SOLUTION=1"
    wte_order=$(wb_exercises "$1" | sed 's/^/test_/' | tr '\n' ' ')
    wte_dir=$3
    shift 3
    mkdir -p "$WB_BUILD/tmp"
    WB_EDIT_DIR="$wte_dir" WB_RETEST="$wte_retest" WB_ORDER="$wte_order" TMPDIR="$(pwd)/$WB_BUILD/tmp" "$@"
}

# Run a built test binary: wb_run_tests WEEK VARIANT SRCDIR PROFILE [RESULTS_FILE]
wb_run_tests() {
    WB_RESULTS="${5:-}" wb_test_env "$1" "$2" "$3" "$WB_BUILD/$4/$1/$2/test"
}

# Sum the "N passed, N failed" last lines of check steps: reads lines on stdin.
wb_is_summary() { printf '%s\n' "$1" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; }

# (Functions here share one namespace with their callers: sh has no local variables, so each uses
# names of its own.)

# Check steps report "[PASS] what" / "[FAIL] what" lines and end with the summary line.
wb_passed=0; wb_failed=0
wb_pass() { wb_passed=$((wb_passed + 1)); printf '[PASS] %s\n' "$*"; }
wb_fail() { wb_failed=$((wb_failed + 1)); printf '[FAIL] %s\n' "$*"; }
wb_summary() { printf '%s passed, %s failed\n' "$wb_passed" "$wb_failed"; [ "$wb_failed" -eq 0 ]; }

# Run a check step's shell functions side by side, each in the background with its report in
# DIR/NAME.report, then print the reports in the order given and count their [PASS]/[FAIL] lines
# as this step's own: wb_side_by_side DIR FUNCTION... A function that does not finish (killed,
# or its subshell exits early) is a failure, never a silently shorter report.
wb_side_by_side() {
    sbs_dir=$1
    shift
    for sbs_f in "$@"; do
        ( "$sbs_f"; echo "(end of $sbs_f)" ) > "$sbs_dir/$sbs_f.report" 2>&1 &
    done
    wait
    for sbs_f in "$@"; do
        sbs_done=0
        while IFS= read -r sbs_line; do
            case $sbs_line in
            "[PASS] "*) wb_passed=$((wb_passed + 1)) ;;
            "[FAIL] "*) wb_failed=$((wb_failed + 1)) ;;
            "(end of $sbs_f)") sbs_done=1; continue ;;
            esac
            printf '%s\n' "$sbs_line"
        done < "$sbs_dir/$sbs_f.report"
        [ $sbs_done = 1 ] || wb_fail "$sbs_f did not finish (its report: $sbs_dir/$sbs_f.report)"
    done
}

# The statuses of a results file (written by a test binary through WB_RESULTS): one word a test.
wb_statuses() { cut -f1 "$1" 2>/dev/null; }

# Generate a week's exercise files into DIR: wb_generate WEEK DIR [stub | mutant NAME FILE]
# (for a mutant, FILE is mutated and the week's other exercise files are the reference's).
wb_generate() {
    mkdir -p "$2"
    for gen_ex in $(wb_exercises "$1"); do
        case ${3:-stub} in
            stub) awk -f harness/tools/stubgen.awk "solutions/$1/$gen_ex" > "$2/$gen_ex" || return 2 ;;
            mutant) if [ "$gen_ex" = "$5" ]; then
                        awk -v mode=mutant -v mutant="$4" -f harness/tools/stubgen.awk "solutions/$1/$gen_ex" > "$2/$gen_ex" || return 2
                    else cp "solutions/$1/$gen_ex" "$2/$gen_ex"; fi ;;
        esac
    done
}
