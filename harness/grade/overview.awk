# overview.awk — a week's class overview (index.html) from its students' JSON reports.
#     awk -v week=week01 -f harness/grade/overview.awk build/grades/week01/*.json > index.html
# Reads the one-key-per-line layout report.sh writes: top-level "key": value lines and one test
# object per line. Shows the score distribution, the statuses, per-test pass rates (the tests
# students fail most first) with the exercise file each belongs to, a bar scaled to the class and
# the students who did not pass it, and every student's score (withheld, late, vanished flagged)
# with a link to the feedback they read. -v vanished=FILE: lines "weekNN/student" to flag.

function html(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
function val(line, key,    s) {  # the value of "key": in a line, string or number
    if (!match(line, "\"" key "\": (\"([^\"\\\\]|\\\\.)*\"|[-0-9.]+|null)")) return ""
    s = substr(line, RSTART + length(key) + 4, RLENGTH - length(key) - 4)
    if (s ~ /^"/) s = substr(s, 2, length(s) - 2)
    return s
}

BEGIN { while (vanished != "" && (getline l < vanished) > 0) gone[l] = 1 }
FNR == 1 { n++; file[n] = FILENAME; sub(/.*\//, "", file[n]); sub(/\.json$/, "", file[n]) }
/^  "student": / { student[n] = val($0, "student") }
/^  "status": / { status[n] = val($0, "status") }
/^  "score": / { withheld[n] = val($0, "score") == "null"; score[n] = val($0, "score") + 0 }
/^  "raw_score": / { raw[n] = val($0, "raw_score") + 0 }
/^  "late_seconds": / { late[n] = val($0, "late_seconds") + 0 }
/^  "max_score": / { max[n] = val($0, "max_score") + 0 }
/^  "graded_at": / { when[n] = val($0, "graded_at") }
/^    \{"name": .*"visibility": / {
    t = val($0, "name")
    if (!(t in tries)) { order[++ntests] = t; vis[t] = val($0, "visibility"); points[t] = val($0, "max_score"); tfile[t] = val($0, "file") }
    tries[t]++
    st = val($0, "status")
    if (st == "pass") passes[t]++
    else { outcome[t, st]++; who[t] = who[t] (who[t] != "" ? ", " : "") "<a href=\"" html(file[n]) ".txt\">" html(val($0, "student") != "" ? val($0, "student") : file[n]) "</a>" (st != "fail" ? " <small>(" st ")</small>" : "") }
}

END {
    print "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    printf "<title>%s: class overview</title>\n", html(week)
    print "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}" \
          "table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}" \
          ".bar{background:#4a7;height:1em;display:inline-block}.low{background:#c54}.num{text-align:right}" \
          "small{color:#666}</style></head><body>"
    printf "<h1>%s: class overview</h1>\n", html(week)
    total = 0; best = 0
    for (i = 1; i <= n; i++) { if (("" week "/" student[i]) in gone) status[i] = "vanished"; statuses[status[i]]++ }
    for (i = 1; i <= n; i++) { pct[i] = max[i] ? 100 * score[i] / max[i] : 0; total += pct[i] }
    # median of the percentages (insertion sort: classes are small)
    for (i = 1; i <= n; i++) { s[i] = pct[i]; for (j = i; j > 1 && s[j - 1] > s[j]; j--) { x = s[j]; s[j] = s[j - 1]; s[j - 1] = x } }
    median = n ? (n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2) : 0
    printf "<p>%d submissions; mean %.0f%%, median %.0f%% of the points.", n, n ? total / n : 0, median
    sep = " Statuses: "
    for (k in statuses) { printf "%s%s %d", sep, html(k), statuses[k]; sep = ", " }
    print "</p>"

    print "<h2>Score distribution</h2>\n<table>"
    for (b = 0; b <= 10; b++) bucket[b] = 0
    for (i = 1; i <= n; i++) { b = int(pct[i] / 10); if (b > 10) b = 10; bucket[b]++; if (bucket[b] > best) best = bucket[b] }
    for (b = 10; b >= 0; b--) {
        label = b == 10 ? "100%" : sprintf("%d&ndash;%d%%", 10 * b, 10 * b + 9)
        printf "<tr><td>%s</td><td class=num>%d</td><td><span class=\"bar%s\" style=\"width:%dem\"></span></td></tr>\n",
               label, bucket[b], b < 5 ? " low" : "", best ? int(20 * bucket[b] / best + 0.5) : 0
    }
    print "</table>"

    print "<h2>Tests, the ones students fail most first</h2>\n<table><tr><th>test</th><th>file</th><th>points</th><th>passed</th><th></th><th>other outcomes</th><th>not passed by</th></tr>"
    for (i = 1; i <= ntests; i++) { r[i] = order[i]; rate[order[i]] = tries[order[i]] ? passes[order[i]] / tries[order[i]] : 0 }
    for (i = 1; i <= ntests; i++) for (j = i; j > 1 && rate[r[j - 1]] > rate[r[j]]; j--) { x = r[j]; r[j] = r[j - 1]; r[j - 1] = x }
    split("fail crash timeout refused", kinds, " ")
    for (i = 1; i <= ntests; i++) {
        t = r[i]; other = ""
        for (k = 1; k <= 4; k++) if (outcome[t, kinds[k]]) other = other (other ? ", " : "") outcome[t, kinds[k]] " " kinds[k]
        # the bar: 12em for the whole class, so 9/12 and 12/12 differ by a quarter of it; below
        # full marks it is drawn on a grey track of the full length
        printf "<tr><td>%s%s</td><td>%s</td><td class=num>%d</td><td class=num>%d/%d</td><td><span style=\"display:inline-block;width:12em;background:#eee\"><span class=\"bar%s\" style=\"width:%.2fem\"></span></span></td><td>%s</td><td><small>%s</small></td></tr>\n",
               html(t), vis[t] == "hidden" ? " <small>(hidden)</small>" : "", html(tfile[t]), points[t], passes[t], tries[t],
               rate[t] < 0.5 ? " low" : "", 12 * rate[t], other, who[t]
    }
    print "</table>"

    print "<h2>Students</h2>\n<table><tr><th>student</th><th>score</th><th>status</th><th>graded</th><th>reports</th></tr>"
    for (i = 1; i <= n; i++) {
        flag = status[i] == "vanished" ? " <b>vanished: no longer among the submissions</b>" : ""
        if (late[i] > 0) flag = flag sprintf(" <small>(%.1f h late)</small>", late[i] / 3600)
        shown = withheld[i] ? sprintf("withheld (%d)/%d", raw[i], max[i]) : sprintf("%d/%d", score[i], max[i])
        printf "<tr><td>%s</td><td class=num>%s</td><td>%s%s</td><td><small>%s</small></td><td><a href=\"%s.txt\">feedback</a> <a href=\"%s.json\">json</a></td></tr>\n",
               html(student[i]), shown, html(status[i]), flag, html(when[i]), html(file[i]), html(file[i])
    }
    print "</table>\n<p><small>Written by harness/grade/merge; the gradebook is ../gradebook.csv.</small></p>\n</body></html>"
}
