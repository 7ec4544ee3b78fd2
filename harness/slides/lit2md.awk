# lit2md.awk — turn a literate C exercise into Markdown for the notes (make weekNN notes).
#
#   awk -f harness/slides/lit2md.awk -v path=weeks/week01/toolkit.c weeks/week01/toolkit.c
#   awk -f harness/slides/lit2md.awk -v reference=1 -v path=... solutions/week01/toolkit.c
#
# The prose is every block that opens with `/**` at the start of a line and closes with `*/`: its
# text is Markdown (headings, lists, $maths$) and is copied unchanged. Everything between two prose
# blocks is code and becomes one fenced ```c block (blank lines at its ends dropped, empty blocks
# skipped). Ordinary comments, `/* ... */` and `//`, stay in the code where they explain it.
# With reference=1 the solution's maintainer markers (BEGIN/END SOLUTION, STUB:, MUTANT lines)
# are left out, so the reference reads as clean code. The file's path, given as path=, is shown
# under the first heading so a reader knows which file the notes come from.
function flush_code(    first, last, i) {
    first = 1; last = ncode
    while (first <= last && code[first] ~ /^[ \t]*$/) first++
    while (last >= first && code[last] ~ /^[ \t]*$/) last--
    if (first <= last) {
        print ""; print "```c"
        for (i = first; i <= last; i++) print code[i]
        print "```"; print ""
    }
    ncode = 0
}
function prose(s) {
    print s
    if (!labelled && s ~ /^#[ \t]/ && path != "") {
        print ""; print "<p class=\"source-file\">" path "</p>"; labelled = 1
    }
}
BEGIN { in_prose = 0; ncode = 0; labelled = 0 }
{
    line = $0
    if (!in_prose && line ~ /^\/\*\*/) {
        flush_code()
        sub(/^\/\*\*[ \t]?/, "", line)
        if (line ~ /\*\/[ \t]*$/) {             # a one-line /** ... */
            sub(/[ \t]*\*\/[ \t]*$/, "", line); print ""; prose(line); print ""; next
        }
        in_prose = 1; print ""
        if (line !~ /^[ \t]*$/) prose(line)
        next
    }
    if (in_prose) {
        if (line ~ /\*\/[ \t]*$/) {
            sub(/[ \t]*\*\/[ \t]*$/, "", line)
            if (line !~ /^[ \t]*$/) prose(line)
            in_prose = 0; print ""; next
        }
        prose(line); next
    }
    if (reference && line ~ /^[ \t]*\/\/ (BEGIN SOLUTION|END SOLUTION|STUB: |MUTANT [A-Za-z0-9_]+:)/) next
    code[++ncode] = line
}
END {
    if (in_prose) { printf "%s: a /** prose block is never closed with */\n", FILENAME > "/dev/stderr"; exit 1 }
    flush_code()
    if (!labelled && path != "") { print ""; print "<p class=\"source-file\">" path "</p>" }
}
