# slides.sh — shell functions shared by the slides and notes tools (wb-slides, wb-notes,
# wb-figures, wb-check-slides, check.d/80-slides, all in harness/slides/). Source it after
# wblib.sh, from the repository root:   . harness/tools/wblib.sh; . harness/slides/slides.sh
#
# Layout of what they build (all under build/, nothing fetched at view time):
#   build/slides/weekNN.html      a reveal.js deck rendered by pandoc from slides/weekNN.md
#   build/slides/index.html       the weeks, their titles and links
#   build/slides/figures/weekNN/  PNGs from the week's reference driver (make figures)
#   build/slides/lib/             reveal.js and KaTeX, copied from slides/node_modules
#   build/slides/shots/           first-slide screenshots taken by the browser test
#   build/notes/weekNN.html       the literate exercise files of a week as one page (make notes)
# POSIX sh only.

SL_OUT=$WB_BUILD/slides
SL_NOTES=$WB_BUILD/notes
SL_NODE=slides/node_modules

# The commands a step needs, or a one-line message naming the setup target that installs them.
# sl_need TARGET CMD...   (TARGET: slides or check, as in `sh harness/tools/setup.sh TARGET`)
sl_need() {
    sl_target=$1; shift
    sl_missing=
    for sl_cmd in "$@"; do command -v "$sl_cmd" >/dev/null 2>&1 || sl_missing="$sl_missing $sl_cmd"; done
    [ -z "$sl_missing" ] && return 0
    case "$sl_missing" in
        " npm") # Debian's nodejs comes without npm; a machine's own Node.js usually has it
            wb_err "missing: npm (Node.js's package manager). Install with: apt-get install -y npm"; return 2 ;;
    esac
    wb_err "missing:$sl_missing. Install with: sh harness/tools/setup.sh $sl_target"
    return 2
}

# reveal.js, KaTeX and playwright-core, exactly as slides/package-lock.json pins them: `npm ci`
# when node_modules is missing or older than the lock file. Works offline once installed.
sl_npm() {
    sl_stamp=$SL_NODE/.installed
    if [ -f "$sl_stamp" ] && [ ! slides/package-lock.json -nt "$sl_stamp" ]; then return 0; fi
    wb_say "slides: installing reveal.js, KaTeX and playwright-core from slides/package-lock.json (npm ci)"
    ( cd slides && npm ci --no-audit --no-fund --loglevel=error >/dev/null ) || {
        wb_err "slides: 'npm ci' in slides/ failed (is the npm registry reachable?)"; return 2; }
    touch "$sl_stamp"
}

# Copy the viewing assets into DIR/lib (DIR is build/slides or build/notes), once per install.
# sl_assets DIR [reveal]
sl_assets() {
    sl_lib=$1/lib
    if [ ! -f "$sl_lib/.copied" ] || [ "$SL_NODE/.installed" -nt "$sl_lib/.copied" ]; then
        rm -rf "$sl_lib" && mkdir -p "$sl_lib/katex" || return 2
        cp -R "$SL_NODE/katex/dist/katex.min.js" "$SL_NODE/katex/dist/katex.min.css" \
              "$SL_NODE/katex/dist/fonts" "$sl_lib/katex/" || return 2
        if [ "${2:-}" = reveal ]; then
            mkdir -p "$sl_lib/reveal.js" && cp -R "$SL_NODE/reveal.js/dist" "$SL_NODE/reveal.js/plugin" "$sl_lib/reveal.js/" || return 2
        fi
        touch "$sl_lib/.copied"
    fi
    cp harness/slides/workbook.css "$sl_lib/workbook.css"
}

# The weeks to work on: the ones named on the command line, else every week that exists.
sl_weeks() { wb_check_weeks; }

# A deck's title: the `title:` line of its YAML header. sl_title FILE
sl_title() {
    sed -n 's/^title: *//p' "$1" | head -n 1 | sed 's/^"\(.*\)"$/\1/'
}

# The figures a deck uses, one per line: every figures/... path in it. sl_deck_figures FILE
sl_deck_figures() {
    grep -o 'figures/week[0-9][0-9]/[A-Za-z0-9_.-]*\.png' "$1" | sort -u
}

# Escape text for HTML.
sl_html() { printf '%s' "$1" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'; }
