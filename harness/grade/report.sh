# report.sh — the two reports of one graded submission (sourced by grade-one, which sets the
# variables used here: student week status inputs graded_at seconds isolation user_note notes
# ignored exercises fstatus_* fmsg_* manifest results S W submitted_at late_seconds late_penalty).
#
# results holds one line per test: name status score max visibility seconds message hint file
# file-status hint2 hint3. The JSON is written one test per line in a fixed key order, so that
# sh/awk tools (merge, the gradebook) can read it back without a JSON parser; any JSON reader
# reads it too. Every string from a submission is escaped (escape.awk): the JSON is ASCII, the
# text has no control characters.

# raw score, max, and the score after the late penalty (a review withholds it: null until an
# instructor decides)
grade_scores() {
    awk -F'\t' -v pen="$late_penalty" -v st="$status" '{ got += $3; max += $4 }
        END { s = int(got * (100 - pen) / 100 + 0.5); if (st == "review") s = "null"; printf "%d %d %s\n", got, max, s }' "$results"
}

grade_report_json() {
    grade_scores | {
        read -r raw max got
        printf '{\n  "student": "%s",\n  "week": "%s",\n  "status": "%s",\n  "score": %s,\n  "max_score": %s,\n' \
            "$student" "$week" "$status" "$got" "$max"
        printf '  "raw_score": %s,\n  "late_penalty_percent": %s,\n  "late_seconds": %s,\n  "submitted_at": "%s",\n' \
            "$raw" "$late_penalty" "$late_seconds" "$submitted_at"
        printf '  "graded_at": "%s",\n  "inputs_sha256": "%s",\n  "seconds": %s,\n' "$graded_at" "$inputs" "$seconds"
        printf '  "submission_sha256": "%s",\n  "regrade_reason": "%s",\n  "previous_score": "%s",\n  "previous_graded_at": "%s",\n' \
            "$submission_sha" "$regrade_reason" "$previous_score" "$previous_graded_at"
        printf '  "isolation": "%s",\n' "$(grade_json_str "$isolation; $user_note")"
        printf '  "files": [\n'
        rj_n=0
        for rj_ex in $exercises; do
            eval "rj_status=\$fstatus_${rj_ex%.c} rj_msg=\$fmsg_${rj_ex%.c}"
            rj_from=$(printf '%s' "$manifest" | awk -F'\t' -v e="$rj_ex" '$1 == e { print $3 }')
            [ $rj_n -gt 0 ] && printf ',\n'
            rj_n=$((rj_n + 1))
            printf '    {"name": "%s", "status": "%s", "from": "%s", "message": "%s"}' "$rj_ex" "$rj_status" \
                "$(grade_json_str "$rj_from")" "$(grade_json_str "$rj_msg")"
        done
        printf '\n  ],\n  "ignored_files": ['
        grade_json_list "$ignored"
        printf '],\n  "notes": ['
        grade_json_list "$notes"
        printf '],\n  "tests": [\n'
        LC_ALL=C awk -F'\t' '
            BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
            function esc(s,   o, i, c, n) { gsub(/\033\[[0-9;]*[A-Za-z]/, "", s); o = ""
                for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); n = ord[c]
                    if (c == "\\" || c == "\"") o = o "\\" c
                    else if (n < 32 || n > 126) o = o sprintf("\\u%04x", n)
                    else o = o c }
                return o }
            { printf "%s    {\"name\": \"%s\", \"file\": \"%s\", \"status\": \"%s\", \"score\": %d, \"max_score\": %d, \"visibility\": \"%s\", \"message\": \"%s\", \"seconds\": %.3f}",
                     (NR > 1 ? ",\n" : ""), esc($1), esc($9), $2, $3, $4, $5, esc($7), $6 + 0 }' "$results"
        printf '\n  ]\n}\n'
    }
}

# A JSON list of strings from "a|b|c" (file names are the student's: escape everything).
grade_json_list() {
    printf '%s' "$1" | tr '|' '\n' | LC_ALL=C awk 'NF' | while IFS= read -r gjl; do
        printf '%s"%s"' "${gjl_sep:-}" "$(grade_json_str "$gjl")"
        gjl_sep=", "
    done
}

# The feedback a student reads: the lines `make weekNN test` prints, hidden tests by name and
# score only, then the hint (only where it fits the failure), notes and the compiler's messages.
grade_report_txt() {
    grade_scores | {
    read -r raw max got
    printf '%s for %s, graded %s (%s)\n\n' "$week" "$student" "$graded_at" "$status"
    for rt_ex in $exercises; do
        eval "rt_status=\$fstatus_${rt_ex%.c} rt_msg=\$fmsg_${rt_ex%.c}"
        rt_from=$(printf '%s' "$manifest" | awk -F'\t' -v e="$rt_ex" '$1 == e { print $3 }')
        case $rt_status in
            ok) printf '%-14s graded (from %s)\n' "$rt_ex" "$rt_from" ;;
            *) printf '%-14s %s: %s\n' "$rt_ex" "$rt_status" "$rt_msg" ;;
        esac
    done
    [ -n "$ignored" ] && printf 'not used:      %s\n' "$(printf '%s' "$ignored" | sed 's/|/, /g')"
    printf '\n'
    # a hint only for an assertion that failed in a file that compiled and was graded: a crash, a
    # timeout, a refused or missing file has no hint that fits it. GRADE_HINT_TIER: 0 none, 1 the
    # first hint (default), 2 or 3 the deeper ones too.
    LC_ALL=C awk -F'\t' -v tier="${GRADE_HINT_TIER:-1}" -v raw="$raw" -v got="$got" -v pen="$late_penalty" \
                 -v late="$late_seconds" -v st="$status" '
        BEGIN { word["pass"] = "[PASS]"; word["fail"] = "[FAIL]"; word["crash"] = "[CRASH]"
                word["timeout"] = "[TIMEOUT]"; word["refused"] = "[REFUSED]" }
        { max += $4; msg = $7
          if ($5 == "hidden") { printf "%-9s %3s  %s\n", "[HIDDEN]", $3 "/" $4, $1; next }
          line = sprintf("%-9s %3s  %-*s %s", word[$2], $3 "/" $4, (msg != "" ? 24 : 0), $1, msg); sub(/ +$/, "", line); print line
          if ($2 == "fail" && $10 == "ok" && !hinted) { hinted = 1; h[1] = $8; h[2] = $11; h[3] = $12; hname = $1 } }
        END { if (st == "review") printf "Score: withheld for the instructor'"'"'s review (tests: %d/%d)\n", raw, max
              else if (pen > 0) printf "Score: %d/%d (%d/%d less %d%% for %s late)\n", got, max, raw, max, pen,
                                       (late >= 86400 ? int(late / 86400) " d " : "") int(late % 86400 / 3600) " h"
              else printf "Score: %d/%d\n", got, max
              for (i = 1; i <= tier && i <= 3; i++) if (h[i] != "") printf "%s (%s): %s\n", (i == 1 ? "Hint" : "Hint " i), hname, h[i] }' "$results"
    } | LC_ALL=C awk -f harness/grade/escape.awk -v mode=txt
    if [ -n "$notes" ]; then
        printf '\nNotes:\n'
        printf '%s' "$notes" | tr '|' '\n' | sed '/^$/d; s/^/  - /' | LC_ALL=C awk -f harness/grade/escape.awk -v mode=txt
    fi
    for rt_ex in $exercises; do
        rt_log=$S/log/${rt_ex%.c}.compile
        [ -s "$rt_log" ] || continue
        printf '\nCompiler messages for %s:\n' "$rt_ex"
        sed "s|/box/src/|$week/|g; s|/box/build/||g; s|/box/inc/||g; s|$S/src/|$week/|g; s|$S/build/||g; s|$W/include/||g" "$rt_log" |
            head -n 40 | LC_ALL=C awk -f harness/grade/escape.awk -v mode=txt
    done
}
