# report.sh — the two reports of one graded submission (sourced by grade-one, which sets the
# variables used here: student week status inputs graded_at seconds isolation user_note notes
# ignored exercises fstatus_* fmsg_* manifest results S W).
#
# results holds one line per test: name status score max visibility seconds message hint.
# The JSON is written one test per line in a fixed key order, so that sh/awk tools (merge,
# the gradebook) can read it back without a JSON parser; any JSON reader reads it too.

grade_report_json() {
    awk -F'\t' '{ got += $3; max += $4 } END { printf "%d %d\n", got, max }' "$results" | {
        read -r got max
        printf '{\n  "student": "%s",\n  "week": "%s",\n  "status": "%s",\n  "score": %s,\n  "max_score": %s,\n' \
            "$student" "$week" "$status" "$got" "$max"
        printf '  "graded_at": "%s",\n  "inputs_sha256": "%s",\n  "seconds": %s,\n' "$graded_at" "$inputs" "$seconds"
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
            function esc(s) { gsub(/\033\[[0-9;]*[A-Za-z]/, "", s); gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
                              gsub(/[\001-\037\177]/, "?", s); return s }
            { printf "%s    {\"name\": \"%s\", \"status\": \"%s\", \"score\": %d, \"max_score\": %d, \"visibility\": \"%s\", \"message\": \"%s\", \"seconds\": %.3f}",
                     (NR > 1 ? ",\n" : ""), esc($1), $2, $3, $4, $5, esc($7), $6 + 0 }
            END { print "" }' "$results"
        printf '  ]\n}\n'
    }
}

# A JSON list of strings from "a|b|c" (file names are the student's: escape everything).
grade_json_list() {
    printf '%s' "$1" | LC_ALL=C awk -v RS='|' 'NF { s = $0; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
        gsub(/[\001-\037\177]/, "?", s); printf "%s\"%s\"", (n++ ? ", " : ""), s }'
}

# The feedback a student reads: the lines `make weekNN test` prints, hidden tests by name and
# score only, then the notes and the compiler's messages.
grade_report_txt() {
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
    LC_ALL=C awk -F'\t' '
        BEGIN { word["pass"] = "[PASS]"; word["fail"] = "[FAIL]"; word["crash"] = "[CRASH]"
                word["timeout"] = "[TIMEOUT]"; word["refused"] = "[REFUSED]" }
        { got += $3; max += $4; msg = $7; gsub(/\033\[[0-9;]*[A-Za-z]/, "", msg)
          if ($5 == "hidden") { printf "%-9s %3s  %s\n", "[HIDDEN]", $3 "/" $4, $1; next }
          line = sprintf("%-9s %3s  %-*s %s", word[$2], $3 "/" $4, (msg != "" ? 24 : 0), $1, msg); sub(/ +$/, "", line); print line
          if ($2 != "pass" && hint == "") hint = $8 }
        END { printf "Score: %d/%d\n", got, max; if (hint != "") printf "Hint: %s\n", hint }' "$results"
    if [ -n "$notes" ]; then
        printf '\nNotes:\n'
        printf '%s' "$notes" | tr '|' '\n' | sed '/^$/d; s/^/  - /'
    fi
    for rt_ex in $exercises; do
        rt_log=$S/log/${rt_ex%.c}.compile
        [ -s "$rt_log" ] || continue
        printf '\nCompiler messages for %s:\n' "$rt_ex"
        sed "s|$S/src/|$week/|g; s|$S/build/||g; s|$W/include/||g" "$rt_log" | LC_ALL=C sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | head -n 40
    done
}
