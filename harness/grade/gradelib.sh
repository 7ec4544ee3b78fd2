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

# Submissions under a directory, one path a line: directories and archives, by name.
grade_entries() {
    for ge in "$1"/*; do
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

# JSON string: escape backslash, quote and control characters; strip ANSI colour codes.
grade_json_str() {
    printf '%s' "$1" | LC_ALL=C awk 'BEGIN { ORS = "" }
        { gsub(/\033\[[0-9;]*[A-Za-z]/, ""); gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, " ")
          gsub(/[\001-\037\177]/, "?"); if (NR > 1) print " "; print }'
}

# Write stdin to FILE atomically (readers see the old or the new file, never half of one).
grade_write() {
    gw_tmp="$1.tmp.$$"
    cat > "$gw_tmp" && mv -f "$gw_tmp" "$1"
}

# Gather a submission's exercise files into $S/src/ (grade-one and similarity use it). Needs: entry
# (a directory or archive), S (a fresh scratch directory with log/ and src/), week, box (the
# sandbox command) and ids/uid/gid. Sets: exercises, manifest (lines "file<tab>sha256<tab>path in
# the submission", or "file<tab>missing"), ignored (|-separated) and appends to notes.
# An archive is unpacked by the unprivileged user, with limits.
grade_collect() {
    src=$entry
    if [ -f "$entry" ]; then # an archive: unpacked by the unprivileged user, with limits
        mkdir -p "$S/unpack" && cp "$entry" "$S/archive" && chmod 644 "$S/archive" || exit 2
        [ -n "$ids" ] && chown "$uid:$gid" "$S/unpack"
        case $entry in
            *.zip) unpack="unzip -qq -o ../archive" ;;
            *) unpack="tar -xzf ../archive --no-same-owner --no-same-permissions" ;;
        esac
        verdict=$(box -w 30 -c 30 -f 64 -p 16 -d "$S/unpack" -o "$S/log/unpack.log" -- $unpack)
        [ "${verdict%%	*}	$(echo "$verdict" | cut -f2)" = "exit	0" ] ||
            notes="$notes|the archive did not unpack cleanly ($(head -c 200 "$S/log/unpack.log" | tr '\n' ' '))"
        src=$S/unpack
    fi

    exercises=$(wb_exercises "$week")
    manifest= ignored=
    for ex in $exercises; do
        # the copy nearest the top, preferring one in a directory named after the week; regular files
        # only (find does not follow symbolic links, so a link cannot pull in a file from elsewhere)
        found=$(find "$src" -type f -name "$ex" 2>/dev/null | awk -v w="/$week/" '
            { depth = gsub("/", "/"); print (index($0, w) ? 0 : 1), depth, $0 }' | sort -k1,1n -k2,2n | head -n 1 | cut -d' ' -f3-)
        rel=${found#"$src"/}
        if [ -n "$found" ] && [ "$(wc -c < "$found")" -gt 1048576 ]; then
            notes="$notes|$rel is larger than 1 MB: not graded"; found=
        fi
        if [ -n "$found" ]; then
            cat "$found" > "$S/src/$ex" && chmod 644 "$S/src/$ex"
            manifest="$manifest$ex	$(sha256sum < "$S/src/$ex" | cut -c1-64)	$rel
"
            # other files beside it are reported, not used (edited tests, notes, binaries ...)
            for other in "$(dirname "$found")"/* "$(dirname "$found")"/.[!.]*; do
                [ -e "$other" ] || continue
                o=$(basename "$other")
                case " $(echo $exercises) " in *" $o "*) continue ;; esac
                case "|$ignored|" in *"|${other#"$src"/}|"*) ;; *) ignored="${ignored:+$ignored|}${other#"$src"/}" ;; esac
            done
        else
            manifest="$manifest$ex	missing	
"
        fi
    done
}
