# collect.sh — gathers a submission's exercise files. It runs INSIDE the sandbox, as the grading
# user, within the submission's wall-clock limit (grade-one: grade_collect), so every step that
# depends on the submission (unpacking, listing, choosing, copying) is bounded by the sandbox:
#
#     sh /box/collect.sh WEEK "EXERCISES" KIND MAX_FILES MAX_DEPTH
#        KIND: dir (the submission is at /box/sub, read-only), zip or tar (the archive is /box/archive)
#     -> /box/out/<exercise file>   the copy nearest the top, preferring one in a WEEK/ directory
#        /box/out/.manifest         "file<tab>path in the submission" (escaped), one per file found
#        /box/out/.ignored          other files next to them (escaped, at most 40 lines)
#        /box/out/.notes            one line per thing the instructor should know
#     Exit status 3: the submission is beyond the limits (files, depth, the scratch's size): refused.
#
# An archive is unpacked into /tmp, the sandbox's scratch (a tmpfs of fixed size and file count).
# Names are escaped before they leave (\xNN for control characters, non-ASCII bytes and \): the
# reports stay printable and valid UTF-8. Paths holding control characters are never used.
set -u
export LC_ALL=C
week=$1 exercises=$2 kind=$3 max_files=$4 max_depth=$5
out=/box/out
note() { printf '%s\n' "$1" >> "$out/.notes"; }
esc() { awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
             { o = ""; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); n = ord[c]
                 o = o ((n < 32 || n > 126 || c == "\\") ? sprintf("\\x%02x", n) : c) }
               printf "%s%s", (NR > 1 ? "\\x0a" : ""), substr(o, 1, 300) }'; }
: > "$out/.manifest"; : > "$out/.ignored"; : > "$out/.notes"

src=/box/sub
if [ "$kind" != dir ]; then
    src=/tmp/unpack
    mkdir "$src" && cd "$src" || exit 2
    if [ "$kind" = zip ]; then unzip -qq -o /box/archive > /tmp/unpack.log 2>&1
    else tar -xzf /box/archive --no-same-owner --no-same-permissions > /tmp/unpack.log 2>&1; fi
    rc=$?
    cd / || exit 2
    # beyond a limit (the scratch's size or file count, the file-size limit: a signal) is refused
    if [ $rc -gt 128 ] || grep -qi 'no space\|quota\|too many\|size limit' /tmp/unpack.log ||
       [ "$(df -P /tmp | awk 'NR == 2 { print $4 }')" -lt 64 ]; then
        note "the archive unpacks to more than the limits allow (the sandbox's scratch: its total size or file count, or one file's size): refused"
        exit 3
    fi
    [ $rc -eq 0 ] || note "the archive did not unpack cleanly ($(head -c 200 /tmp/unpack.log | tr '\n' ' ' | esc))"
fi
n=$(find "$src" 2>/dev/null | head -n $((max_files + 2)) | wc -l)
if [ "$n" -gt $((max_files + 1)) ]; then
    note "the submission holds more than $max_files files: refused"; exit 3
fi
if [ -n "$(find "$src" -mindepth "$max_depth" 2>/dev/null | head -n 1)" ]; then
    note "the submission nests directories more than $max_depth deep: refused"; exit 3
fi
bad=$(find "$src" -path '*[[:cntrl:]]*' -prune -print0 2>/dev/null | head -z -n 1000 | tr -cd '\0' | wc -c)
if [ "$bad" -gt 0 ]; then # named escaped, at most 5 (a name may hold a newline: NUL-separated here)
    names=$(find "$src" -path '*[[:cntrl:]]*' -prune -print0 2>/dev/null | head -z -n 5 | awk 'BEGIN { RS = "\0"
            for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
        { o = ""; s = substr($0, length(src) + 2); for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); n = ord[c]
              o = o ((n < 32 || n > 126 || c == "\\") ? sprintf("\\x%02x", n) : c) }
          printf "%s%s", (NR > 1 ? ", " : ""), substr(o, 1, 200) }' src="$src")
    note "$bad path(s) with control characters in their names were not used: $names"
fi

for ex in $exercises; do
    # the copy nearest the top, preferring one in a directory named after the week; regular files
    # only (find does not follow symbolic links, so a link cannot pull in a file from elsewhere)
    found=$(find "$src" -type f -name "$ex" ! -path '*[[:cntrl:]]*' 2>/dev/null | head -n 100 | awk -v w="/$week/" '
        { depth = gsub("/", "/"); print (index($0, w) ? 0 : 1), depth, $0 }' | sort -k1,1n -k2,2n | head -n 1 | cut -d' ' -f3-)
    [ -n "$found" ] || continue
    rel=${found#"$src"/}
    if [ "$(head -c 1048577 "$found" | wc -c)" -gt 1048576 ]; then
        note "$(printf '%s' "$rel" | esc) is larger than 1 MB: not graded"; continue
    fi
    head -c 1048576 "$found" > "$out/$ex" || continue
    printf '%s\t%s\n' "$ex" "$(printf '%s' "$rel" | esc)" >> "$out/.manifest"
    # other files beside it are reported, not used (edited tests, notes, binaries ...)
    d=$(dirname "$found")
    find "$d" -mindepth 1 -maxdepth 1 ! -name '*[[:cntrl:]]*' 2>/dev/null | head -n 200 | while IFS= read -r other; do
        o=${other##*/}
        case " $(echo $exercises) " in *" $o "*) continue ;; esac
        printf '%s\n' "${other#"$src"/}" | esc; echo
    done >> "$out/.ignored"
done
sort -u -o "$out/.ignored" "$out/.ignored"
if [ "$(wc -l < "$out/.ignored")" -gt 40 ]; then
    total=$(wc -l < "$out/.ignored")
    head -n 40 "$out/.ignored" > /tmp/ign && { cat /tmp/ign; echo "... and $((total - 40)) more"; } > "$out/.ignored"
fi
exit 0
