# student.sh — what the student's commands share (wb-status, wb-next, wb-hint, wb-watch, wb-reset,
# wb-debug, wb-memcheck, wb-solution). Source it from the repository root, after nothing else:
#     . harness/student/student.sh
# It sources wblib.sh. POSIX sh and awk only (Debian's dash and mawk run it).
#
# Where things live:
#   weeks/WEEK/            the student's files: the only work there is, never written here except
#                          by `make WEEK reset`, which keeps a backup first
#   build/results/         WEEK-student.tsv (last results), .log (last output), -list.tsv (the tests)
#   .workbook/progress.json  history: the state of each week and the hint tiers seen. Git-ignored;
#                          deleting it loses only that history. Always rewritten atomically.
#
# Functions and variables are prefixed st_ (sh has no local variables: each function uses names of
# its own, prefixed with an abbreviation of the function's name).

. harness/tools/wblib.sh

ST_DIR=.workbook
ST_PROGRESS=$ST_DIR/progress.json
ST_RESULTS=$WB_BUILD/results
ST_TMP=$WB_BUILD/tmp/student
mkdir -p "$ST_TMP" "$ST_RESULTS"

# Messages. "Next:" closes every command.
st_next() { wb_say "${wb_bold}Next:${wb_off} $*"; }
st_die() { wb_err "$*"; exit 2; }

# week01 | 01 | 1 -> week01 (W=06 for make watch); empty when it is no week that exists.
st_week_name() {
    case $1 in
        week[0-9][0-9]) wn=$1 ;;
        [0-9][0-9]) wn=week$1 ;;
        [0-9]) wn=week0$1 ;;
        *) wn= ;;
    esac
    [ -n "$wn" ] && [ -d "solutions/$wn" ] && echo "$wn"
}

# The week's title: a "# Week 01 — ..." heading in its README.md or an exercise file, else the
# first heading of its first exercise file.
st_title() {
    stt_files="weeks/$1/README.md $(wb_exercises "$1" | sed "s|^|weeks/$1/|" | tr '\n' ' ')"
    stt=$(cat $stt_files 2>/dev/null | sed -n 's/^# *Week [0-9]* *[—:-]* *//p' | head -n 1)
    [ -n "$stt" ] || stt=$(sed -n 's/^# *//p' "weeks/$1/$(wb_exercises "$1" | head -n 1)" 2>/dev/null | head -n 1)
    printf '%s\n' "$stt"
}

# --- files: stubs and the clean reference ---------------------------------------------------------

# The fresh stub of one exercise file, generated from the reference: st_stub WEEK EX -> a path
st_stub() {
    mkdir -p "$ST_TMP/stub/$1"
    awk -f harness/tools/stubgen.awk "solutions/$1/$2" > "$ST_TMP/stub/$1/$2" 2>"$ST_TMP/stub/$1/$2.err" || return 2
    echo "$ST_TMP/stub/$1/$2"
}

# The reference without its markers (BEGIN/END SOLUTION, STUB, MUTANT lines): what `solution` shows.
st_reference() {
    mkdir -p "$ST_TMP/ref/$1"
    grep -Ev '^[[:space:]]*// (BEGIN SOLUTION|END SOLUTION|STUB: |MUTANT [A-Za-z0-9_]+: )' \
        "solutions/$1/$2" > "$ST_TMP/ref/$1/$2"
    echo "$ST_TMP/ref/$1/$2"
}

# 0 when every exercise file of the week is exactly its fresh stub (the week is not started).
st_untouched() {
    for su_ex in $(wb_exercises "$1"); do
        su_stub=$(st_stub "$1" "$su_ex") || return 1
        cmp -s "$su_stub" "weeks/$1/$su_ex" || return 1
    done
    return 0
}

# "tests points" counted from the week's test sources (for a week never built): every WB_TEST and
# the .points that follows it.
st_count_source() {
    cat weeks/"$1"/test_*.c 2>/dev/null | awk '
        { line = $0
          while (line != "") {
              t = index(line, "WB_TEST("); p = match(line, /\.points *= *[0-9]+/)
              if (t && (!p || t < p)) { tests++; want = 1; line = substr(line, t + 8); continue }
              if (p && want) { s = substr(line, RSTART, RLENGTH); sub(/.*= */, "", s); points += s; want = 0
                               line = substr(line, RSTART + RLENGTH); continue }
              break } }
        END { printf "%d %d\n", tests, points }'
}

# --- building and testing the student's week --------------------------------------------------------

st_results_file() { echo "$ST_RESULTS/$1-student.tsv"; }
st_log_file() { echo "$ST_RESULTS/$1-student.log"; }

# Build the student's week quietly: st_build WEEK [PROFILE]. Compiler output goes to
# build/results/WEEK-build.log (shown by the caller when it matters). 2 on a build error.
st_build() {
    [ -f "$WB_BUILD/${2:-rel}/lib/libwb.a" ] || wb_say "(building the harness library first: once only, it takes a minute)"
    wb_build_week "$1" student "weeks/$1" "${2:-rel}" > "$ST_RESULTS/$1-build.log" 2>&1
}

# The environment the test runner needs (as wb_run_tests sets it), then the command: for running a
# test binary another way (under gdb, under sanitizers). st_test_env WEEK CMD...
st_test_env() {
    ste_week=$1; shift
    wb_test_env "$ste_week" student "weeks/$ste_week" "$@"
}

# Build and run every test of the student's week: st_test WEEK [show]. The runner's output goes to
# build/results/WEEK-student.log (or, with "show", to the terminal); results to WEEK-student.tsv.
# Exit status as `make WEEK test`: 0 all pass, 1 some fail, 2 build error. Updates the progress file.
st_test() {
    wb_week_lock "$1" student    # a make weekNN test in another terminal may be running it
    if ! st_build "$1"; then
        wb_week_unlock
        st_record "$1" 2
        return 2
    fi
    if [ "${2:-}" = show ]; then
        T= wb_run_tests "$1" student "weeks/$1" rel "$(st_results_file "$1")"
    else
        T= wb_run_tests "$1" student "weeks/$1" rel "$(st_results_file "$1")" > "$(st_log_file "$1")" 2>&1
    fi
    wb_week_unlock
    st_record "$1" 0
    st_all_pass "$1"
}

# 0 when the last results exist, cover every test (not a `make WEEK test T=name` run), and are newer
# than the test binary and every file of the week.
st_fresh() {
    sf_res=$(st_results_file "$1")
    [ -f "$sf_res" ] || return 1
    [ -f "$WB_BUILD/rel/$1/student/test" ] && [ "$WB_BUILD/rel/$1/student/test" -nt "$sf_res" ] && return 1
    [ -z "$(find "weeks/$1" -type f -newer "$sf_res" 2>/dev/null | head -n 1)" ] || return 1
    set -- "$1" $(st_count_source "$1")
    [ "$(wc -l < "$sf_res")" -eq "$2" ]
}

# Results that are up to date, running the tests when they are not. Same status as st_test.
st_ensure() {
    if st_fresh "$1"; then st_all_pass "$1"; else st_test "$1"; fi
}

# "passed total score max" of the last results.
st_counts() {
    awk -F'\t' '{ n++; if ($1 == "[PASS]") p++; s += $2; m += $3 } END { printf "%d %d %d %d\n", p, n, s, m }' \
        "$(st_results_file "$1")" 2>/dev/null
}
st_all_pass() {
    set -- $(st_counts "$1")
    [ "${2:-0}" -gt 0 ] && [ "$1" = "$2" ]
}

# The first test that did not pass, in the order they ran: "name<TAB>status<TAB>message<TAB>line",
# line being where in its test file it stopped (0 when not known).
st_first_failing() {
    awk -F'\t' '$1 != "[PASS]" { print $5 "\t" $1 "\t" $6 "\t" ($7 == "" ? 0 : $7); exit }' \
        "$(st_results_file "$1")" 2>/dev/null
}

# The week's tests as the runner lists them (name, points, timeout, file, line, edit, hint, hint2,
# hint3), cached in build/results/WEEK-list.tsv. Needs the week built.
st_list() {
    sl_bin=$WB_BUILD/rel/$1/student/test sl_out=$ST_RESULTS/$1-list.tsv
    if [ ! -f "$sl_out" ] || [ "$sl_bin" -nt "$sl_out" ]; then
        [ -x "$sl_bin" ] || st_build "$1" || return 2
        "$sl_bin" --list > "$sl_out.tmp" && mv "$sl_out.tmp" "$sl_out" || return 2
    fi
    cat "$sl_out"
}

# One test's row of the list: st_test_row WEEK NAME (empty when there is no such test)
st_test_row() { st_list "$1" | awk -F'\t' -v n="$2" '$1 == n { print; exit }'; }

# The state of a week, in variables: st_passed st_total st_score st_max st_state, where st_state is
# "not started", "in progress", "done", "build error" or "missing". Runs the tests when the results
# are out of date, except on a week still exactly its stub (its tests all fail:
# harness/tools/check.d/40-stubs-fail).
st_measure() {
    st_passed=0 st_total=0 st_score=0 st_max=0
    if [ ! -d "weeks/$1" ]; then st_state=missing; return; fi
    if st_untouched "$1" && ! st_fresh "$1"; then
        set -- $(st_count_source "$1")
        st_total=$1 st_max=$2 st_state="not started"
        return
    fi
    st_ensure "$1"
    sm_rc=$?
    if [ $sm_rc -eq 2 ]; then
        set -- $(st_count_source "$1")
        st_total=$1 st_max=$2 st_state="build error"
        return
    fi
    set -- "$1" $(st_counts "$1")
    st_passed=$2 st_total=$3 st_score=$4 st_max=$5
    if [ $sm_rc -eq 0 ]; then st_state=done
    elif [ "$st_passed" -eq 0 ] && st_untouched "$1"; then st_state="not started"
    else st_state="in progress"; fi
}

# The first week that is not done (empty when every week is): measures weeks in order.
st_current_week() {
    for scw in $(wb_all_weeks); do
        [ -d "weeks/$scw" ] || continue
        st_measure "$scw"
        [ "$st_state" != done ] && { echo "$scw"; return; }
    done
}

# Where to edit for a failing test: "path:line<TAB>that line" in the exercise file EDIT.
# st_where WEEK EDIT TESTFILE TESTLINE [FAILLINE]. The function under test is the exercise function
# of EDIT called on the line where the test failed (FAILLINE, from the results), else the nearest
# one called above it, else the first one the test calls; the place is its TODO (one still as in the
# stub first), else its first line in the student's file. With no such function: the file's first
# open TODO, else its first TODO, else its first exercise function: never line 1 of the notes.
st_where() {
    [ -f "weeks/$1/$2" ] || { printf 'weeks/%s/%s:1\t\n' "$1" "$2"; return; }
    awk -v path="weeks/$1/$2" -v testline="${4:-0}" -v failline="${5:-0}" '
        function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
        function funcname(s,   i) { i = index(s, "("); s = substr(s, 1, i - 1); sub(/[ \t]+$/, "", s)
                                     match(s, /[A-Za-z_][A-Za-z0-9_]*$/); return substr(s, RSTART, RLENGTH) }
        { file = FILENAME == ARGV[1] ? 1 : FILENAME == ARGV[2] ? 2 : 3 }
        # 1: the reference: its regions, the function each is in, the stub code that replaces it
        file == 1 {
            if ($0 ~ /^[A-Za-z_][A-Za-z0-9_ \t\*]*[ \t\*][A-Za-z_][A-Za-z0-9_]*[ \t]*\(/) fn = funcname($0)
            if ($0 ~ /^[ \t]*\/\/ BEGIN SOLUTION/) {
                r++; t = $0; sub(/^[ \t]*\/\/ BEGIN SOLUTION:?[ \t]*/, "", t); if (t == "") t = "write this part"
                todo[r] = "// TODO: " t; rfn[r] = fn; nstub[r] = 0; after = 0; next }
            if ($0 ~ /^[ \t]*\/\/ END SOLUTION/) { after = 1; next }
            if (after && $0 ~ /^[ \t]*\/\/ STUB: /) { s = $0; sub(/\/\/ STUB: /, "", s); stub[r, ++nstub[r]] = s; next }
            if (after) { ctx[r] = $0; after = 0 }
            next }
        # 2: the student file
        file == 2 { S[++ns] = $0; next }
        # 3: the test file, from the test on
        file == 3 && FNR >= testline && testline > 0 {
            if (FNR > testline && index($0, "WB_TEST(")) { testline = -1; next }
            line = $0
            gsub(/"([^"\\]|\\.)*"/, "\"\"", line); sub(/\/\/.*/, "", line); gsub(/\/\*[^*]*\*\//, "", line)
            while (match(line, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
                c = substr(line, RSTART, RLENGTH); sub(/[ \t]*\($/, "", c); calls[++ncalls] = c; cline[ncalls] = FNR
                line = substr(line, RSTART + RLENGTH) }
        }
        END {
            from = 1
            for (i = 1; i <= r; i++) {                # each TODO in the student file, open or not
                at[i] = 0; open[i] = 0
                for (j = from; j <= ns; j++) if (trim(S[j]) == todo[i]) { at[i] = j; from = j + 1; break }
                if (!at[i]) continue
                open[i] = 1
                nw = trim(S[at[i] + 1]) == "wb_not_written(__func__);"   # the marker line of stubgen.awk
                for (k = 1; k <= nstub[i]; k++) if (S[at[i] + nw + k] != stub[i, k]) open[i] = 0
                if ((i in ctx) && S[at[i] + nw + nstub[i] + 1] != ctx[i]) open[i] = 0
            }
            # the calls in the order to try them: on the failing line, then upwards from it, then the rest
            n = 0
            if (failline > 0) {
                for (c = 1; c <= ncalls; c++) if (cline[c] == failline) order[++n] = c
                for (c = ncalls; c >= 1; c--) if (cline[c] < failline) {
                    for (k = c; k > 1 && cline[k - 1] == cline[c]; k--) ;     # the calls of one line, left to right
                    for (m = k; m <= c; m++) order[++n] = m
                    c = k }
                for (c = 1; c <= ncalls; c++) if (cline[c] > failline) order[++n] = c
            } else for (c = 1; c <= ncalls; c++) order[++n] = c
            for (o = 1; o <= n && !best; o++) {
                f = calls[order[o]]; mine = 0
                for (i = 1; i <= r; i++) if (rfn[i] == f) mine = 1
                if (!mine) continue                                 # not an exercise function of this file
                for (i = 1; i <= r && !best; i++) if (rfn[i] == f && at[i] && open[i]) best = at[i]
                for (i = 1; i <= r && !best; i++) if (rfn[i] == f && at[i]) best = at[i]
                for (j = 1; j <= ns && !best; j++) if (S[j] ~ ("^[A-Za-z_].*[^A-Za-z0-9_]" f "[ \t]*\\(")) best = j
                break
            }
            for (i = 1; i <= r && !best; i++) if (at[i] && open[i]) best = at[i]
            for (i = 1; i <= r && !best; i++) if (at[i]) best = at[i]
            for (j = 1; j <= ns && !best; j++)
                for (i = 1; i <= r; i++) if (S[j] ~ ("^[A-Za-z_].*[^A-Za-z0-9_]" rfn[i] "[ \t]*\\(")) { best = j; break }
            if (!best) best = 1
            printf "%s:%d\t%s\n", path, best, trim(S[best])
        }' "solutions/$1/$2" "weeks/$1/$2" "${3:-/dev/null}"
}

# --- the progress file -------------------------------------------------------------------------------
# Flat keys inside: WEEK.FIELD (state passed total score max updated done solution) and
# hint.WEEK/TEST = the deepest hint tier seen. The JSON is written one entry a line, so that awk reads
# it back; a file that is not ours is moved aside, never lost.

ST_JSON_AWK='
function unq(s) { sub(/^"/, "", s); sub(/"$/, "", s); return s }
function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return s }
function isnum(s) { return s ~ /^-?[0-9]+$/ }
{ file = FILENAME == ARGV[1] ? 1 : 2 }
file == 1 && /"format": *"workbook-progress-1"/ { ours = 1; next }
file == 1 && /^    "week[0-9][0-9]": \{/ {
    line = $0; match(line, /"week[0-9][0-9]"/); w = substr(line, RSTART + 1, RLENGTH - 2)
    line = substr(line, RSTART + RLENGTH)
    while (match(line, /"[a-z_]+": *("([^"\\]|\\.)*"|-?[0-9]+)/)) {
        kv = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
        k = substr(kv, 2); k = substr(k, 1, index(k, "\"") - 1)
        v = kv; sub(/^"[a-z_]+": */, "", v); val[w "." k] = unq(v) }
    next }
file == 1 && /^    "week[0-9][0-9]\/[^"]+": -?[0-9]+/ {
    line = $0; sub(/^ *"/, "", line); k = substr(line, 1, index(line, "\"") - 1)
    v = line; sub(/.*: */, "", v); sub(/,$/, "", v); val["hint." k] = v; next }
file == 2 { t = index($0, "\t"); val[substr($0, 1, t - 1)] = substr($0, t + 1); next }
END {
    if (mode == "check") { exit ours ? 0 : 1 }
    if (mode == "get") { for (k in val) if (k == key || (prefix != "" && index(k, prefix) == 1)) print k "\t" val[k]; exit }
    nw = 0; nh = 0
    for (k in val) {
        if (index(k, "hint.") == 1) hk[++nh] = substr(k, 6)
        else { w = substr(k, 1, index(k, ".") - 1); if (!(w in seenw)) { seenw[w] = 1; wk[++nw] = w } }
    }
    for (i = 2; i <= nw; i++) for (j = i; j > 1 && wk[j - 1] > wk[j]; j--) { t = wk[j]; wk[j] = wk[j - 1]; wk[j - 1] = t }
    for (i = 2; i <= nh; i++) for (j = i; j > 1 && hk[j - 1] > hk[j]; j--) { t = hk[j]; hk[j] = hk[j - 1]; hk[j - 1] = t }
    nf = split("state passed total score max updated done reset solution", fields, " ")
    print "{"
    print "  \"format\": \"workbook-progress-1\","
    print "  \"about\": \"your progress through the workbook: deleting this file loses this history, never your work (that is in weeks/)\","
    print "  \"weeks\": {"
    for (i = 1; i <= nw; i++) {
        s = ""
        for (f = 1; f <= nf; f++) if ((wk[i] "." fields[f]) in val) {
            v = val[wk[i] "." fields[f]]
            s = s (s == "" ? "" : ", ") "\"" fields[f] "\": " (isnum(v) ? v : "\"" esc(v) "\"") }
        printf "    \"%s\": {%s}%s\n", wk[i], s, i < nw ? "," : ""
    }
    print "  },"
    print "  \"hints\": {"
    for (i = 1; i <= nh; i++) printf "    \"%s\": %d%s\n", hk[i], val["hint." hk[i]], i < nh ? "," : ""
    print "  }"
    print "}"
}'

# st_pget KEY -> value (empty when unset); st_pget_prefix PREFIX -> "key<TAB>value" lines
st_pget() {
    [ -f "$ST_PROGRESS" ] || return 0
    awk -v mode=get -v key="$1" "$ST_JSON_AWK" "$ST_PROGRESS" /dev/null | cut -f2-
}
st_pget_prefix() {
    [ -f "$ST_PROGRESS" ] || return 0
    awk -v mode=get -v prefix="$1" "$ST_JSON_AWK" "$ST_PROGRESS" /dev/null
}

# st_pset KEY VALUE [KEY VALUE ...]: rewrite the file with these set, atomically (a temporary file
# in the same directory, then rename), under a lock directory so two commands do not interleave.
st_pset() {
    mkdir -p "$ST_DIR"
    sp_tries=0
    while ! mkdir "$ST_DIR/progress.lock" 2>/dev/null; do
        sp_tries=$((sp_tries + 1))
        # a lock older than a few seconds is left over from an interrupted command
        [ $sp_tries -gt 30 ] && break
        sleep 0.1
    done
    sp_sets=$ST_DIR/progress.set.$$
    : > "$sp_sets"
    while [ $# -ge 2 ]; do printf '%s\t%s\n' "$1" "$2" >> "$sp_sets"; shift 2; done
    sp_in=$ST_PROGRESS
    if [ ! -f "$sp_in" ]; then sp_in=/dev/null
    elif ! awk -v mode=check "$ST_JSON_AWK" "$sp_in" /dev/null; then
        sp_aside=$ST_PROGRESS.unreadable.$(date +%Y%m%d-%H%M%S)
        mv "$sp_in" "$sp_aside"
        wb_err "note: $ST_PROGRESS was not in the expected format; kept it as $sp_aside and started a new one"
        sp_in=/dev/null
    fi
    if awk "$ST_JSON_AWK" "$sp_in" "$sp_sets" > "$ST_PROGRESS.tmp.$$"; then
        mv "$ST_PROGRESS.tmp.$$" "$ST_PROGRESS"
    else
        rm -f "$ST_PROGRESS.tmp.$$"
    fi
    rm -f "$sp_sets"
    rmdir "$ST_DIR/progress.lock" 2>/dev/null
    return 0
}

st_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Remember a week's last results: st_record WEEK RC (RC 2 = build error).
st_record() {
    if [ "$2" -eq 2 ]; then st_pset "$1.state" "build error" "$1.updated" "$(st_now)"; return; fi
    set -- "$1" $(st_counts "$1")
    sr_state="in progress"
    [ "$3" -gt 0 ] && [ "$2" = "$3" ] && sr_state=done
    [ "$2" -eq 0 ] && st_untouched "$1" && sr_state="not started"
    if [ "$sr_state" = done ] && [ -z "$(st_pget "$1.done")" ]; then
        st_pset "$1.state" "$sr_state" "$1.passed" "$2" "$1.total" "$3" "$1.score" "$4" "$1.max" "$5" \
                "$1.updated" "$(st_now)" "$1.done" "$(st_now)"
    else
        st_pset "$1.state" "$sr_state" "$1.passed" "$2" "$1.total" "$3" "$1.score" "$4" "$1.max" "$5" \
                "$1.updated" "$(st_now)"
    fi
}

# Hint tiers seen for a week, summed over its tests.
st_hints_used() {
    st_pget_prefix "hint.$1/" | awk -F'\t' '{ s += $2 } END { print s + 0 }'
}

# --- showing a failing test ------------------------------------------------------------------------------

# Print a text indented, folded at the terminal's width (or 100 columns in a log).
st_para() {
    sp_cols=100
    [ -t 1 ] && sp_cols=$(tput cols 2>/dev/null || echo 100)
    [ "$sp_cols" -gt 110 ] && sp_cols=110
    printf '%s\n' "$2" | fold -s -w $((sp_cols - ${#1})) | sed "s/^/$1/"
}

# The compiler's first error as "file:line: message" (from the build log of st_build).
st_first_error() {
    grep -m1 -E '^[^ :]+:[0-9]+(:[0-9]+)?: (fatal )?error' "$ST_RESULTS/$1-build.log" 2>/dev/null ||
        grep -m1 -E 'error|undefined reference' "$ST_RESULTS/$1-build.log" 2>/dev/null
}

# Explain a build failure and say what to do.
st_show_build_error() {
    wb_say "${wb_red}$1 does not build.${wb_off} The compiler says:"
    sed -n '1,30p' "$ST_RESULTS/$1-build.log" | sed 's/^/  /'
    [ "$(wc -l < "$ST_RESULTS/$1-build.log")" -gt 30 ] && wb_say "  ... (all of it: $ST_RESULTS/$1-build.log)"
    sbe=$(st_first_error "$1")
    [ -n "$sbe" ] && wb_say "Start with the first error: ${sbe%%: *}"
}

# The hint tiers of a test row: sets st_h1 st_h2 st_h3 and st_tiers (how many there are).
st_hint_tiers() {
    st_h1=$(printf '%s\n' "$1" | cut -f7) st_h2=$(printf '%s\n' "$1" | cut -f8) st_h3=$(printf '%s\n' "$1" | cut -f9)
    st_tiers=1
    [ -n "$st_h2" ] && st_tiers=2
    [ -n "$st_h3" ] && st_tiers=3
}

# The first failing test of a week, with its diagnostic, its hint (the deepest tier already seen)
# and where to edit. Sets st_where_at (path:line). st_show_failing WEEK
st_show_failing() {
    ssf=$(st_first_failing "$1")
    ssf_name=$(printf '%s\n' "$ssf" | cut -f1)
    ssf_status=$(printf '%s\n' "$ssf" | cut -f2)
    ssf_msg=$(printf '%s\n' "$ssf" | cut -f3)
    ssf_line=$(printf '%s\n' "$ssf" | cut -f4)
    ssf_row=$(st_test_row "$1" "$ssf_name")
    st_hint_tiers "$ssf_row"
    ssf_seen=$(st_pget "hint.$1/$ssf_name"); ssf_seen=${ssf_seen:-1}
    [ "$ssf_seen" -gt "$st_tiers" ] && ssf_seen=$st_tiers
    ssf_hint=$st_h1
    [ "$ssf_seen" -ge 2 ] && ssf_hint=$st_h2
    [ "$ssf_seen" -ge 3 ] && ssf_hint=$st_h3
    ssf_w=$(st_where "$1" "$(printf '%s\n' "$ssf_row" | cut -f6)" "$(printf '%s\n' "$ssf_row" | cut -f4)" \
            "$(printf '%s\n' "$ssf_row" | cut -f5)" "$ssf_line")
    st_where_at=$(printf '%s\n' "$ssf_w" | cut -f1)
    ssf_todo=$(printf '%s\n' "$ssf_w" | cut -f2)
    wb_say "First failing test: ${wb_bold}$ssf_name${wb_off} $ssf_status"
    [ -n "$ssf_msg" ] && st_para "    " "$ssf_msg"
    wb_say "Hint ($ssf_seen of $st_tiers):"
    st_para "    " "$ssf_hint"
    wb_say "Edit: ${wb_bold}$st_where_at${wb_off}"
    [ -n "$ssf_todo" ] && wb_say "    $ssf_todo"
}
