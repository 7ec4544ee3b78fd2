# gradelib.sh — shell functions shared by the grader's scripts (prepare, grade-one, merge,
# similarity). Source it from the repository root after harness/tools/wblib.sh. POSIX sh.

case $WB_BUILD in /*) grade_build=$WB_BUILD ;; *) grade_build=$(pwd)/$WB_BUILD ;; esac
GRADE_WORK=${GRADE_WORK:-$grade_build/grade/work}         # the instructor's side, per week
GRADE_SCRATCH=${GRADE_SCRATCH:-$grade_build/grade/scratch}   # a fresh directory per submission
GRADE_OUT=${GRADE_OUT:-$WB_BUILD/grades}            # the reports
GRADE_SANDBOX=$grade_build/grade/bin/sandbox

# Normalise W=1, W=01, W=week01 -> week01 (empty if there is no such week).
grade_week() {
    gw_n=${1#week}
    case $gw_n in [0-9]) gw_n=0$gw_n ;; esac
    [ -d "solutions/week$gw_n" ] && echo "week$gw_n"
}

# A student id from a submission's path: the name without .tar.gz/.tgz/.zip.
grade_student() {
    gs=$(basename "$1")
    gs=${gs%.tar.gz}; gs=${gs%.tgz}; gs=${gs%.zip}
    printf '%s\n' "$gs"
}

# Is this a student id (the documented character set: letters, digits, . _ @ + -; not starting
# with a dot; at most 100 characters)? Checked before a name is used for anything.
grade_valid_id() {
    case $1 in '' | .* | *[!A-Za-z0-9._@+-]*) return 1 ;; esac
    [ ${#1} -le 100 ]
}

# stdin -> printable ASCII: control characters, bytes >= 0x80 and backslash as \xNN (file names and
# messages from a submission reach reports and terminals only like this).
grade_escape_stdin() {
    LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
        { o = ""; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); n = ord[c]
              o = o ((n < 32 || n > 126 || c == "\\") ? sprintf("\\x%02x", n) : c) }
          printf "%s%s", (NR > 1 ? "\\x0a" : ""), o }'
}

# Messages without the scratch paths of the grader or the sandbox (they mean nothing to a student).
grade_clean_paths() {
    sed -e "s|$S/||g" -e "s|$W/||g" -e "s|$(pwd)/||g" \
        -e 's|/box/run/wbtest\.[A-Za-z0-9]*/||g' -e 's|/tmp/wbtest\.[A-Za-z0-9]*/||g' -e 's|/box/run/||g' \
        -e 's|/box/[a-z]*/||g' -e 's|/[^ ]*/build/grade/[^ ]*/\([^/ ]*\)|\1|g'
}

# Submissions under a directory, one path a line: directories and archives, by name. A name that is
# not a student id (a newline in it, a quote, ...) is reported on stderr and skipped: never split,
# never resolved.
grade_entries() {
    for ge in "$1"/*; do
        [ -e "$ge" ] || [ -L "$ge" ] || continue
        ge_id=$(grade_student "$ge")
        if ! grade_valid_id "$ge_id"; then
            wb_err "grade: skipped '$(printf '%s' "${ge##*/}" | grade_escape_stdin)': not a student id (letters, digits, . _ @ + -)"
            continue
        fi
        [ -L "$ge" ] && { wb_err "grade: skipped $ge_id: a symbolic link"; continue; }
        case $ge in
            *.tar.gz | *.tgz | *.zip) [ -f "$ge" ] && printf '%s\n' "$ge" ;;
            *) [ -d "$ge" ] && printf '%s\n' "$ge" ;;
        esac
    done
}

# The unprivileged user of a grading slot: wbgrade0, wbgrade1, ... Created when we are root.
# Prints "UID GID", or nothing when grading runs as the current user.
grade_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    gu=wbgrade${1:-0}
    gu_try=0 # useradd fails while another useradd holds /etc/passwd: try again
    until id -u "$gu" >/dev/null 2>&1; do
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group "$gu" \
            >/dev/null 2>&1 && break
        gu_try=$((gu_try + 1))
        [ $gu_try -lt 20 ] || { wb_err "grade: cannot create the user $gu (useradd failed)"; return 1; }
        sleep 0.5
    done
    echo "$(id -u "$gu") $(id -g "$gu")"
}

# JSON string: escape backslash, quote, control characters and every byte >= 0x80 (as \u00XX: the
# JSON stays ASCII, so always valid UTF-8); strip ANSI colour codes; lines joined by a space.
grade_json_str() {
    printf '%s' "$1" | LC_ALL=C awk -f harness/grade/escape.awk -v mode=json
}

# Write stdin to FILE atomically (readers see the old or the new file, never half of one).
grade_write() {
    gw_tmp="$1.tmp.$$"
    cat > "$gw_tmp" && mv -f "$gw_tmp" "$1"
}

# Gather a submission's exercise files into $S/src/ (grade-one and similarity use it). Needs: entry
# (a directory or archive), S (a fresh scratch directory with log/ and src/), week, box (the
# sandbox command), wall and ids/uid/gid. Sets: exercises, manifest (lines "file<tab>sha256<tab>path
# in the submission", or "file<tab>missing"), ignored (|-separated), collect_refused; appends to notes.
# Everything that depends on the submission runs in the sandbox (harness/grade/collect.sh), within
# the submission's wall-clock limit, with the file count, depth and scratch size capped.
grade_collect() {
    exercises=$(wb_exercises "$week")
    manifest= ignored= collect_refused=
    gc_wall=$wall; [ "$gc_wall" -gt 60 ] && gc_wall=60
    gc_kind=dir gc_bind="$entry:/box/sub"
    if [ -f "$entry" ]; then
        case $entry in *.zip) gc_kind=zip ;; *) gc_kind=tar ;; esac
        if [ "$(stat -c %s "$entry")" -gt $(( ${GRADE_ARCHIVE_MB:-16} * 1048576 )) ]; then
            notes="$notes|the archive is larger than ${GRADE_ARCHIVE_MB:-16} MB: refused"; collect_refused=1
        else
            cp "$entry" "$S/archive" && chmod 644 "$S/archive" || exit 2
        fi
        gc_bind="$S/archive:/box/archive"
    fi
    if [ -z "$collect_refused" ]; then
        [ -n "$ids" ] && chown "$uid:$gid" "$S/src"
        gc_v=$(box -P -w "$gc_wall" -c "$gc_wall" -m 1024 -f 16 -p 16 -n 64 -s "${GRADE_UNPACK_MB:-64}" -N "${GRADE_UNPACK_FILES:-4096}" \
                 -b "$gc_bind" -b "$(pwd)/harness/grade/collect.sh:/box/collect.sh" -B "$S/src:/box/out" -d /tmp \
                 -o "$S/log/collect.log" -- /bin/sh /box/collect.sh "$week" "$(echo $exercises)" "$gc_kind" \
                 "${GRADE_MAX_FILES:-2000}" "${GRADE_MAX_DEPTH:-12}") || exit 2
        chown -R 0:0 "$S/src" 2>/dev/null; chmod 755 "$S/src"
        for gc_f in .manifest .ignored .notes; do mv -f "$S/src/$gc_f" "$S/log/collect$gc_f" 2>/dev/null; done
        gc_how=${gc_v%%	*} gc_code=$(printf '%s' "$gc_v" | cut -f2)
        [ -s "$S/log/collect.notes" ] && notes="$notes|$(head -n 5 "$S/log/collect.notes" | head -c 600 | LC_ALL=C awk -f harness/grade/escape.awk -v mode=txt | tr '\n' '|' | sed 's/|$//')"
        if [ "$gc_how" = timeout ]; then
            notes="$notes|collecting the files took longer than $gc_wall s: refused"; collect_refused=1
        elif [ "$gc_how" != exit ] || [ "$gc_code" = 3 ]; then
            collect_refused=1
        elif [ "$gc_code" != 0 ]; then
            notes="$notes|the files could not be collected (exit status $gc_code)"; collect_refused=1
        fi
        [ -n "$collect_refused" ] && find "$S/src" -mindepth 1 -delete
    fi
    for ex in $exercises; do # only what collect.sh wrote: regular files named like the exercises
        gc_rel=$(awk -F'\t' -v e="$ex" '$1 == e { print $2; exit }' "$S/log/collect.manifest" 2>/dev/null)
        if [ -f "$S/src/$ex" ] && [ ! -L "$S/src/$ex" ] && [ -n "$gc_rel" ]; then
            manifest="$manifest$ex	$(sha256sum < "$S/src/$ex" | cut -c1-64)	$gc_rel
"
        else
            rm -f "$S/src/$ex"
            manifest="$manifest$ex	missing	
"
        fi
    done
    ignored=$(head -n 41 "$S/log/collect.ignored" 2>/dev/null | tr '\n' '|' | sed 's/|$//')
}

# When the submission came in (epoch seconds): the line for this student in the submissions
# directory's manifest, submitted.tsv ("student<tab>ISO time or epoch"), else the time of the
# archive or of the directory's newest file. Sets: submitted_at (ISO), late_seconds, late_penalty
# (percent, from GRADE_DEADLINE and GRADE_LATE_PENALTY: percent per started day, capped at 100).
grade_submitted_at() {
    gs_dir=$(dirname "$entry") gs_t=
    if [ -f "$gs_dir/submitted.tsv" ]; then
        gs_t=$(awk -F'\t' -v s="$student" '$1 == s { print $2; exit }' "$gs_dir/submitted.tsv")
        case $gs_t in '' | *[!0-9]*) [ -n "$gs_t" ] && gs_t=$(date -u -d "$gs_t" +%s 2>/dev/null) ;; esac
    fi
    if [ -z "$gs_t" ]; then
        if [ -d "$entry" ]; then # bounded like everything else: the newest of at most 2000 entries
            gs_t=$(timeout 10 find "$entry" -maxdepth 4 -printf '%T@\n' 2>/dev/null | head -n 2000 | sort -n | tail -n 1 | cut -d. -f1)
        fi
        [ -n "$gs_t" ] || gs_t=$(stat -c %Y "$entry")
    fi
    submitted_at=$(date -u -d "@$gs_t" +%Y-%m-%dT%H:%M:%SZ)
    late_seconds=0 late_penalty=0
    if [ -n "${GRADE_DEADLINE:-}" ]; then
        gs_d=$(date -u -d "$GRADE_DEADLINE" +%s 2>/dev/null) || { wb_err "grade: GRADE_DEADLINE=$GRADE_DEADLINE is not a date"; exit 2; }
        [ "$gs_t" -gt "$gs_d" ] && late_seconds=$((gs_t - gs_d))
        if [ "$late_seconds" -gt 0 ]; then
            late_penalty=$(( (late_seconds + 86399) / 86400 * ${GRADE_LATE_PENALTY:-0} ))
            [ "$late_penalty" -gt 100 ] && late_penalty=100
        fi
    fi
}

# The other exercise files whose functions EXERCISE's tests or its object (the student's) call.
# grade_uses_others EXERCISE OBJECT
grade_uses_others() {
    gu_files=
    for gu_o in $exercises; do [ "$gu_o" = "$1" ] || gu_files="$gu_files $W/defines/${gu_o%.c}.txt"; done
    { cat "$W/uses/${1%.c}.txt" 2>/dev/null
      [ -f "$2" ] && [ -n "$gu_files" ] && nm -u "$2" 2>/dev/null | awk -v files="$gu_files" '
          BEGIN { n = split(files, f, " "); for (i = 1; i <= n; i++) { name = f[i]; sub(/.*\//, "", name); sub(/\.txt$/, ".c", name)
                      while ((getline s < f[i]) > 0) owner[s] = name } }
          { sym = $NF; sub(/@.*/, "", sym); if (sym in owner) print owner[sym] }'
    } | sort -u | tr '\n' ' ' | sed 's/ $//'
}
