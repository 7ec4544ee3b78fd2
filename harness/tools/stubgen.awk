# stubgen.awk — make a student's stub (or a deliberately broken "mutant") from a reference solution.
#
#   awk -f harness/tools/stubgen.awk solutions/week01/toolkit.c > weeks/week01/toolkit.c
#   awk -v mode=mutant -v mutant=wrong_sign -f harness/tools/stubgen.awk FILE   (one mutant)
#   awk -v mode=mutants -f harness/tools/stubgen.awk FILE                        (list their names)
#
# Markers in a solution (each alone on its line; indentation is kept):
#     // BEGIN SOLUTION: sum x[i] * y[i] over i      <- the text becomes the stub's "// TODO: ..."
#     float s = 0.0f;                                <- removed from the stub
#     for (int i = 0; i < n; i++) s += x[i] * y[i];
#     // MUTANT off_by_one: for (int i = 0; i < n - 1; i++) s += x[i] * y[i];
#     return s;
#     // END SOLUTION
#     // STUB: return 0.0f;                           <- lines right after END become stub code
#
# Under each TODO the stub also gets `wb_not_written(__func__);` (harness/notwritten.h): it computes
# nothing, it writes the function's name down, so that a program (the Playground page) can say which
# functions are not written yet. So a region must sit where a statement may (inside a function),
# and the stub gets `#include "notwritten.h"` under the file's first `#include "..."` line.
# A MUTANT line replaces the code line above it in that mutant only: `make check` builds every
# mutant and requires some test to fail on it, which proves the tests catch that plausible bug.
# Everything else (the literate prose, the code outside the markers) is copied unchanged.
function fail(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; failed = 1; exit 1 }
function indent_of(s) { match(s, /^[ \t]*/); return substr(s, 1, RLENGTH) }
function emit(s) { out[++nout] = s }
BEGIN { if (mode == "") mode = "stub"; inside = 0; after_end = 0 }
{
    line = $0
    if (line ~ /^[ \t]*\/\/ BEGIN SOLUTION/) {
        if (inside) fail("BEGIN SOLUTION inside another (missing END SOLUTION?)")
        inside = 1; begin_line = FNR; after_end = 0; regions++
        todo = line; sub(/^[ \t]*\/\/ BEGIN SOLUTION:?[ \t]*/, "", todo)
        if (todo == "") todo = "write this part"
        if (mode == "stub") { emit(indent_of(line) "// TODO: " todo); emit(indent_of(line) "wb_not_written(__func__);") }
        next
    }
    if (line ~ /^[ \t]*\/\/ END SOLUTION/) {
        if (!inside) fail("END SOLUTION without BEGIN SOLUTION")
        inside = 0; after_end = 1
        next
    }
    if (line ~ /^[ \t]*\/\/ STUB: /) {
        if (!after_end) fail("STUB: lines belong right after END SOLUTION")
        if (mode == "stub") { code = line; sub(/\/\/ STUB: /, "", code); emit(code) }
        next
    }
    after_end = 0
    if (line ~ /^[ \t]*\/\/ MUTANT [A-Za-z0-9_]+: /) {
        if (!inside) fail("MUTANT lines belong inside a solution region")
        name = line; sub(/^[ \t]*\/\/ MUTANT /, "", name); sub(/:.*/, "", name)
        if (name in seen) fail("mutant " name " is defined twice")
        seen[name] = 1
        if (mode == "mutants") print name
        if (mode == "mutant" && name == mutant) {
            if (last_code == 0) fail("MUTANT " name " has no code line above it")
            code = line; sub(/\/\/ MUTANT [A-Za-z0-9_]+: /, "", code)
            out[last_code] = code; found = 1
        }
        next
    }
    if (inside && mode == "stub") next
    emit(line)
    last_code = nout
    if (!first_include && line ~ /^#include "/) first_include = nout
}
END {
    if (failed) exit 1
    if (inside) { FNR = begin_line; fail("BEGIN SOLUTION is never closed") }
    if (mode == "mutant" && !found) { printf "%s: no mutant named %s\n", FILENAME, mutant > "/dev/stderr"; exit 1 }
    if (mode == "mutants") exit 0
    if (mode == "stub" && regions && !first_include) { FNR = 1; fail("a stub needs an #include \"...\" line (for notwritten.h)") }
    for (i = 1; i <= nout; i++) {
        print out[i]
        if (mode == "stub" && regions && i == first_include) print "#include \"notwritten.h\""
    }
}
