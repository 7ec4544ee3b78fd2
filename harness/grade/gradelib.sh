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
    if ! id -u "$gu" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group "$gu" \
            >/dev/null 2>&1 || id -u "$gu" >/dev/null 2>&1 || { wb_err "grade: cannot create user $gu"; return 1; }
    fi
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
