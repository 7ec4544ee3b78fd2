# export.awk — the class's records for a learning-management system, from the JSON reports of
# every week (merge runs it; README.md "Records" says how to import them):
#     awk -v mode=wide|canvas|moodle -v vanished=FILE -f harness/grade/export.awk build/grades/week*/*.json
#   wide    one row per student: per week its percentage, score, max, status, late hours, then a
#           column per test (points earned); every field quoted
#   canvas  Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one
#           column per week named "weekNN (points)" and a "Points Possible" row
#   moodle  Moodle's grade import: "ID number" (the student id) and one column per week, a percentage
# A withheld score (review) or a vanished submission leaves the student's cell empty.
function val(line, key,    s) {
    if (!match(line, "\"" key "\": (\"([^\"\\\\]|\\\\.)*\"|[-0-9.]+|null)")) return ""
    s = substr(line, RSTART + length(key) + 4, RLENGTH - length(key) - 4)
    if (s ~ /^"/) s = substr(s, 2, length(s) - 2)
    return s
}
function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
BEGIN { while (vanished != "" && (getline l < vanished) > 0) gone[l] = 1 }
FNR == 1 { st = ""; wk = "" }
/^  "student": / { st = val($0, "student"); if (!(st in seen)) { seen[st] = 1; students[++ns] = st } }
/^  "week": / { wk = val($0, "week"); if (!(wk in wseen)) { wseen[wk] = 1; weeks[++nw] = wk } }
/^  "status": / { status[st, wk] = val($0, "status") }
/^  "score": / { score[st, wk] = val($0, "score") }
/^  "max_score": / { max[st, wk] = val($0, "max_score"); wmax[wk] = max[st, wk] }
/^  "late_seconds": / { late[st, wk] = val($0, "late_seconds") }
/^    \{"name": .*"visibility": / {
    t = val($0, "name"); k = wk ":" t
    if (!(k in tseen)) { tseen[k] = 1; tests[++nt] = k }
    tscore[st, k] = val($0, "score")
}
END {
    # weeks and students in order (insertion sorts: classes are small)
    for (i = 2; i <= nw; i++) for (j = i; j > 1 && weeks[j - 1] > weeks[j]; j--) { x = weeks[j]; weeks[j] = weeks[j - 1]; weeks[j - 1] = x }
    for (i = 2; i <= ns; i++) for (j = i; j > 1 && students[j - 1] > students[j]; j--) { x = students[j]; students[j] = students[j - 1]; students[j - 1] = x }
    if (mode == "canvas") {
        line = "Student,ID,SIS User ID,SIS Login ID,Section"
        for (w = 1; w <= nw; w++) line = line "," q(weeks[w] " (points)")
        print line
        line = "    Points Possible,,,,"
        for (w = 1; w <= nw; w++) line = line "," wmax[weeks[w]]
        print line
    } else if (mode == "moodle") {
        line = q("ID number")
        for (w = 1; w <= nw; w++) line = line "," q(weeks[w] " (%)")
        print line
    } else {
        line = q("student_id")
        for (w = 1; w <= nw; w++) line = line "," q(weeks[w] " %") "," q(weeks[w] " score") "," q(weeks[w] " max") "," q(weeks[w] " status") "," q(weeks[w] " late hours")
        for (i = 1; i <= nt; i++) line = line "," q(tests[i])
        print line
    }
    for (i = 1; i <= ns; i++) {
        s = students[i]
        if (mode == "canvas") line = q(s) ",," q(s) "," q(s) ","
        else line = q(s)
        for (w = 1; w <= nw; w++) {
            k = weeks[w]; sc = score[s, k]; st = status[s, k]
            if ((s SUBSEP k) in status && (k "/" s) in gone) st = "vanished"
            ok = ((s SUBSEP k) in status) && sc != "null" && sc != "" && st != "vanished"
            pct = ok && max[s, k] > 0 ? sprintf("%.1f", 100 * sc / max[s, k]) : ""
            if (mode == "canvas") line = line "," q(ok ? sc : "")
            else if (mode == "moodle") line = line "," q(pct)
            else line = line "," q(pct) "," q(ok ? sc : "") "," q(max[s, k]) "," q(st) "," q(late[s, k] + 0 > 0 ? sprintf("%.1f", late[s, k] / 3600) : "")
        }
        if (mode == "wide") for (j = 1; j <= nt; j++) { split(tests[j], p, ":"); line = line "," q(((s SUBSEP p[1]) in status) ? tscore[s, tests[j]] : "") }
        print line
    }
}
