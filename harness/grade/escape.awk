# escape.awk — text from a submission (or touched by one) made safe for a report, one record at a time.
#     awk -f harness/grade/escape.awk -v mode=json    the inside of a JSON string: \ " escaped,
#         control characters and every byte >= 0x80 as \u00XX (the JSON is ASCII: valid UTF-8)
#     awk -f harness/grade/escape.awk -v mode=txt     printable ASCII: control characters and bytes
#         >= 0x80 as \xNN (no terminal escapes reach a reader)
# ANSI colour codes are dropped first; input lines are joined with a space (mode=json) or kept (txt).
BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i; ORS = "" }
{
    line = $0
    gsub(/\033\[[0-9;]*[A-Za-z]/, "", line)
    o = ""
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1); n = ord[c]
        if (mode == "json") {
            if (c == "\\" || c == "\"") o = o "\\" c
            else if (n < 32 || n > 126) o = o sprintf("\\u%04x", n)
            else o = o c
        } else o = o ((n < 32 || n > 126) ? sprintf("\\x%02x", n) : c)
    }
    if (mode == "json") print (NR > 1 ? " " : "") o
    else print o "\n"
}
