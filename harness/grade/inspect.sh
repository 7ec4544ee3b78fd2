# inspect.sh — the checks a submission's code passes before it is linked (sourced by grade-one).
# Each function prints why a file is refused, or nothing when it is fine.

# Files a preprocessor run opened (its -H lines: ". /path", ".. /path") outside the allowed
# directories. grade_bad_includes LOG "DIR/ DIR/ ..."
grade_bad_includes() {
    # paths normalised here (. and .. resolved): nothing under the allowed directories can be a link
    # the submission planted (they are read-only binds of the instructor's and the system's files)
    sed -n 's/^\.\.* //p' "$1" | awk -v dirs="$2" '
        BEGIN { nd = split(dirs, d, " ") }
        { n = split($0, part, "/"); k = 0
          for (i = 1; i <= n; i++) { if (part[i] == "" || part[i] == ".") continue
              if (part[i] == "..") { if (k > 0) k--; continue }
              out[++k] = part[i] }
          p = ""; for (i = 1; i <= k; i++) p = p "/" out[i]
          ok = 0; for (i = 1; i <= nd; i++) if (index(p "/", d[i]) == 1) ok = 1
          if (!ok) { print $0; exit } }'
}

# Inline assembly anywhere in a preprocessed file, whatever its linemarkers claim (a `#line`
# naming a system header proves nothing): asm can make system calls and jumps no object check
# could tell from compiled C. Allowed: only what system headers use, an asm label at file scope
# (`int f(void) __asm__("name");`: it renames a symbol, which the symbol check then sees).
# Prints why, or nothing. grade_inline_asm FILE.i
grade_inline_asm() {
    awk '
        /^#/ { next }                                   # linemarkers and #pragma lines: no code
        { line = $0
          gsub(/"([^"\\]|\\.)*"/, "\"\"", line); gsub(/\047([^\047\\]|\\.)*\047/, "0", line)
          n = split(line, ch, "")
          for (i = 1; i <= n; i++) {
              c = ch[i]
              if (c == "{") depth++
              else if (c == "}") depth--
              else if (c ~ /[A-Za-z_]/) {
                  w = c; while (i < n && ch[i + 1] ~ /[A-Za-z0-9_]/) w = w ch[++i]
                  if (w == "asm" || w == "__asm" || w == "__asm__") {
                      # an asm label follows a declarator: ")" or an identifier, at file scope
                      if (depth > 0 || prev !~ /^[)A-Za-z0-9_]$/ || prev_word ~ /^(volatile|__volatile__|goto|inline)$/) {
                          print "inline assembly (asm) in the compiled code: graded code is C only"; exit }
                      asm_label = 1
                  }
                  prev_word = w; prev = substr(w, length(w))
                  continue
              } else if (c == "(" && asm_label) { asm_label = 0; paren = 1; inasm = 1; continue }
              if (inasm) { if (c == "(") paren++; else if (c == ")" && --paren == 0) inasm = 0
                           else if (c !~ /[ \t"]/) { print "an asm statement in the compiled code: graded code is C only"; exit } }
              if (c !~ /[ \t]/) { prev = c; prev_word = "" }
          } }' "$1"
}

# The machine code of an object, against the rules every graded object follows whatever its source
# says: no system-call instructions, no indirect calls or jumps, every direct branch lands on an
# instruction objdump shows (no hidden code inside other instructions), no address of code taken
# (no function pointers: student code calls no function pointer), no data in executable sections,
# only the usual sections. Prints why (at most 3 reasons), or nothing.
# grade_inspect_code OBJECT DATA_OK_FILE
grade_inspect_code() {
    readelf -SW "$1" 2>/dev/null | awk '
        /^ *\[ *[0-9]+\]/ { sub(/^ *\[ */, ""); idx = $1 + 0; sub(/^[0-9]+\] */, ""); name = $1
            if (name == "NULL" || name == "") next
            if (name !~ /^\.(text|data|bss|rodata|tbss|tdata|eh_frame|comment|symtab|strtab|shstrtab|group|debug_[a-z_]*|note\.GNU-stack|note\.gnu\.property)(\.|$)/ &&
                name !~ /^\.rela\.(text|data|rodata|eh_frame|debug_[a-z_]*|tdata)(\.|$)/) { printf "has a section %s; ", name }
            if ($0 ~ / [WAXMSILOGTCxoEDlp]*X[WAXMSILOGTCxoEDlp]* / && name !~ /^\.text(\.|$)/) printf "has executable code outside .text (%s); ", name }' \
        > "$1.why"
    readelf -sW "$1" 2>/dev/null | awk -v sec="$(readelf -SW "$1" | awk '/^ *\[ *[0-9]+\]/ { l = $0; sub(/^ *\[ */, "", l); i = l + 0; sub(/^[0-9]+\] */, "", l); if (l ~ /^\.text/) printf "%d ", i }')" '
        BEGIN { n = split(sec, s, " "); for (i = 1; i <= n; i++) x[s[i]] = 1 }
        $4 == "OBJECT" && ($7 in x) { printf "has data (%s) in its executable code; ", $8 }' >> "$1.why"
    readelf -sW "$1" 2>/dev/null | awk '$4 == "OBJECT" && $7 != "UND" { print $8 }' > "$1.data"
    readelf -sW "$1" 2>/dev/null | awk '$4 == "FUNC" { print $8 }' > "$1.funcs"
    # addresses of code stored in data (a table of function pointers)
    readelf -rW "$1" 2>/dev/null | awk -v data_ok="$2" -v data="$1.data" -v funcs="$1.funcs" '
        BEGIN { while ((getline s < data_ok) > 0) ok[s] = 1; while ((getline s < data) > 0) ok[s] = 1
                while ((getline s < funcs) > 0) fn[s] = 1 }
        /^Relocation section / { sec = $3; gsub(/\047/, "", sec); next }
        sec ~ /^\.rela\.(text|eh_frame|debug)/ { next }
        $3 ~ /^R_X86_64_/ { sym = $5; if ((sym in fn) || sym ~ /^\.text/ || (sym !~ /^\./ && !(sym in ok))) {
            printf "the address of %s stored in %s (a function pointer); ", sym, substr(sec, 6); exit } }' >> "$1.why"
    objdump -dr --no-show-raw-insn -w "$1" 2>/dev/null | awk -v data_ok="$2" -v data="$1.data" '
        BEGIN { while ((getline s < data_ok) > 0) ok[s] = 1; while ((getline s < data) > 0) localdata[s] = 1 }
        function why(s) { if (nw < 3 && !(s in said)) { said[s] = 1; out = out s "; "; nw++ } }
        /^Disassembly of section / { sec = $4; sub(/:$/, "", sec); next }
        /^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
        /^ *[0-9a-f]+:\t/ {
            line = $0; addr = line; sub(/:.*/, "", addr); gsub(/ /, "", addr)
            start[sec, addr] = 1
            rest = line; sub(/^ *[0-9a-f]+:\t/, "", rest)
            rel = ""; if (match(rest, /\t[0-9a-f]+: R_X86_64_[A-Z0-9_]+\t[^\t]*/)) { rel = substr(rest, RSTART + 1, RLENGTH - 1); rest = substr(rest, 1, RSTART - 1) }
            ins = rest; sub(/#.*/, "", ins)
            nw2 = split(ins, t, /[ \t,]+/); m = ""; k = 1
            while (k <= nw2 && (t[k] == "" || t[k] ~ /^(notrack|bnd|rep|repz|repnz|repe|repne|lock|data16|cs|ds|es|ss|fs|gs|addr32|rex|rex\.W)$/)) k++
            m = t[k]; op = t[k + 1]
            if (m ~ /^(syscall|sysenter|sysexit|sysret|sysretq|int|into|iret|iretq|iretd|lcall|ljmp|lret|lretq)$/) why("a system-call or far-transfer instruction (" m ") in " fn)
            if (m == "(bad)") why("bytes that are no instruction in " fn)
            branch = m ~ /^(call|callq|jmp|jmpq|j[a-z]+|loop[a-z]*|xbegin)$/
            if (branch && op ~ /^\*/) { why("an indirect " (m ~ /^call/ ? "call" : "jump") " in " fn " (a function pointer, or a switch compiled to a jump table)"); next }
            if (rel != "") {
                split(rel, r, "\t"); sym = r[2]; add = ""
                if (match(sym, /[-+]0x[0-9a-f]+$/)) { add = substr(sym, RSTART); sym = substr(sym, 1, RSTART - 1) }
                if (branch) {
                    if (sym ~ /^\./) { sub(/^\+/, "", add); target[sym, sprintf("%x", strtonum_(add) + 4)] = fn }
                    else if (add != "-0x4") why("a branch into the middle of " sym " in " fn)
                } else if (sym ~ /^\.text/) why("the address of code taken in " fn " (a function pointer)")
                else if (sym !~ /^\./ && !(sym in ok) && !(sym in localdata)) why("the address of " sym " taken in " fn " (only data may be pointed to: no function pointers)")
                next
            }
            if (match(rest, /# [0-9a-f]+ </)) { # a rip-relative operand into this (executable) section
                if (!branch) why("the address of code taken in " fn " (a function pointer)"); next }
            if (branch && match(op, /^[0-9a-f]+$/)) target[sec, op] = fn
        }
        function strtonum_(h,   v, i, c, neg) { v = 0; h = tolower(h); neg = h ~ /^-/; sub(/^[-+]?0x/, "", h)
            for (i = 1; i <= length(h); i++) { c = index("0123456789abcdef", substr(h, i, 1)) - 1; v = v * 16 + c }
            return neg ? -v : v }
        END { for (k in target) if (!(k in start)) { split(k, p, SUBSEP); why("a branch into the middle of an instruction in " target[k]) }
              printf "%s", out }' >> "$1.why"
    sed 's/; $//' "$1.why"; rm -f "$1.why" "$1.data" "$1.funcs"
}

# The symbols an object uses and defines, and its sections, against the week's lists in WORKDIR:
# it may define only the global functions and variables the week's reference defines in the same
# file (DEFINES; static ones are its own business), and use only what allowed.txt lists or another
# of its files defines. grade_inspect OBJECT WORKDIR DEFINES ALL_OBJECTS...
grade_inspect() {
    gi_obj=$1 gi_w=$2 gi_def=$3
    shift 3
    nm -g --defined-only "$@" 2>/dev/null | awk 'NF >= 3 { print $3 }' > "$gi_obj.own"
    nm -P "$gi_obj" 2>/dev/null | awk -v w="$gi_w" -v own="$gi_obj.own" -v def="$gi_def" '
        BEGIN { while ((getline s < (w "/allowed.txt")) > 0) allowed[s] = 1
                while ((getline s < (w "/never.txt")) > 0) never[s] = 1
                while ((getline s < def) > 0) mine[s] = 1
                while ((getline s < own) > 0) if (s in weeksym || 1) ownsym[s] = 1 }
        function why(s) { if (n < 3 && !(s in said)) { said[s] = 1; out = out (n++ ? "; " : "") s } }
        { sym = $1; t = $2; sub(/@.*/, "", sym)
          if (t == "U" || ((t == "w" || t == "v") && NF == 2)) {
              if (sym in never) why("calls " sym ", which graded code may never use")
              else if (!(sym in allowed) && !(sym in ownsym)) why("calls " sym ", which is not on this week'"'"'s allow-list (maths, memory, strings, printing, the harness)")
          } else if (t == "i") why("defines " sym " as an indirect function (it would run before any test)")
          else if (t ~ /[A-Z]/ && !(sym in mine))
              why("defines " sym ", which is not one of the functions this file declares (only those, and static ones)") }
        END { printf "%s", out }'
    readelf -SW "$gi_obj" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' | awk '
        /^\.(init|fini|preinit_array|init_array|fini_array|ctors|dtors)(\.|$)/ {
            printf "%sdefines a constructor or destructor (section %s): its code may run only when a test calls it", (done++ ? "; " : "; "), $0; exit }'
    rm -f "$gi_obj.own"
}
