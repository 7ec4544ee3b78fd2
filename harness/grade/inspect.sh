# inspect.sh — the checks a submission's code passes before it is linked (sourced by grade-one).
# Each function prints why a file is refused, or nothing when it is fine.

# Files a preprocessor run opened (its -H lines: ". /path", ".. /path") outside the allowed
# directories. grade_bad_includes LOG "DIR/ DIR/ ..."
grade_bad_includes() {
    sed -n 's/^\.\.* //p' "$1" | while IFS= read -r gbi_path; do
        gbi_real=$(realpath -m -- "$gbi_path")
        gbi_ok=0
        for gbi_dir in $2; do case $gbi_real in "$gbi_dir"*) gbi_ok=1 ;; esac; done
        [ $gbi_ok = 1 ] || { printf '%s\n' "$gbi_path"; break; }
    done
}

# Inline assembly in the lines of a preprocessed file that come from the submission (under DIR):
# asm can make system calls directly, so no allow-list could see them. grade_inline_asm FILE.i DIR
grade_inline_asm() {
    awk -v dir="$2" '
        /^# [0-9]+ "/ { f = $3; gsub(/"/, "", f); mine = index(f, dir) == 1; next }
        mine { line = $0
               gsub(/"([^"\\]|\\.)*"/, "\"\"", line); gsub(/\047([^\047\\]|\\.)*\047/, "0", line)
               if (match(line, /(^|[^A-Za-z0-9_])(asm|__asm|__asm__)([^A-Za-z0-9_]|$)/)) { print "a line with asm"; exit } }' "$1"
}

# The symbols an object uses and defines, and its sections, against the week's lists in WORKDIR:
# grade_inspect OBJECT WORKDIR ALL_OBJECTS...   (the other objects may define what it calls)
grade_inspect() {
    gi_obj=$1 gi_w=$2
    shift 2
    nm -g --defined-only "$@" 2>/dev/null | awk 'NF >= 3 { print $3 }' > "$gi_obj.own"
    nm -P "$gi_obj" 2>/dev/null | awk -v w="$gi_w" -v own="$gi_obj.own" '
        BEGIN { while ((getline s < (w "/allowed.txt")) > 0) allowed[s] = 1
                while ((getline s < (w "/never.txt")) > 0) never[s] = 1
                while ((getline s < (w "/reserved.txt")) > 0) reserved[s] = 1
                while ((getline s < own) > 0) if (!(s in reserved)) allowed[s] = 1 }
        function why(s) { if (n < 3 && !(s in said)) { said[s] = 1; out = out (n++ ? "; " : "") s } }
        { sym = $1; t = $2; sub(/@.*/, "", sym)
          if (t == "U" || ((t == "w" || t == "v") && NF == 2)) {
              if (sym in never) why("calls " sym ", which graded code may never use")
              else if (!(sym in allowed)) why("calls " sym ", which is not on this week'"'"'s allow-list (maths, memory, strings, printing, the harness)")
          } else if (t == "i") why("defines " sym " as an indirect function (it would run before any test)")
          else if (t ~ /[A-Z]/ && (sym in reserved))
              why("defines " sym ", which belongs to the harness, the test framework or the C library") }
        END { printf "%s", out }'
    readelf -SW "$gi_obj" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' | awk '
        /^\.(init|fini|preinit_array|init_array|fini_array|ctors|dtors)(\.|$)/ {
            printf "%sdefines a constructor or destructor (section %s): its code may run only when a test calls it", (done++ ? "; " : ""), $0 }'
    rm -f "$gi_obj.own"
}
