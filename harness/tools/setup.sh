#!/bin/sh
# setup.sh — install what a workbook command needs on Debian (or say exactly how).
#
#   sh harness/tools/setup.sh demo     before `make demo`
#   sh harness/tools/setup.sh check    before `make check`
#   sh harness/tools/setup.sh --quiet-check build   (used by every make target: no install, just
#                                                    a one-line message and status 1 if missing)
#
# The packages for a target T are listed in every feature folder's deps/build and deps/T
# (harness/tools/deps/build, harness/slides/deps/check, ...; one per line). A line PACKAGE@COMMAND
# means: install PACKAGE only when COMMAND is not found (npm comes with some Node.js builds and
# conflicts with Debian's npm package there). As root they are
# installed with apt-get; otherwise the exact command is printed and the script stops with status 1.
set -u
cd "$(dirname "$0")/../.." || exit 2

if [ "${1:-}" = --quiet-check ]; then
    # fast path for every make call: a compiler, make, pkg-config and the three libraries
    missing=
    command -v cc >/dev/null 2>&1 || missing="$missing gcc"
    command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
    for lib in check:check libpng:libpng-dev zlib:zlib1g-dev; do
        pkg-config --exists "${lib%%:*}" 2>/dev/null || missing="$missing ${lib#*:}"
    done
    [ -z "$missing" ] && exit 0
    echo "missing:$missing. Install with: sh harness/tools/setup.sh check (or: sudo apt-get install -y$missing)"
    exit 1
fi

target=${1:-check}
lists=
for f in harness/*/deps/build harness/*/deps/"$target"; do [ -f "$f" ] && lists="$lists $f"; done
packages=$(sed 's/#.*//' $lists | tr -s ' \t' '\n' | grep -v '^$' | sort -u)

missing=
for p in $packages; do
    case $p in
        *@*) command -v "${p#*@}" >/dev/null 2>&1 || missing="$missing ${p%@*}" ;;
        *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p" ;;
    esac
done
if [ -z "$missing" ]; then
    echo "setup: everything for '$target' is installed"
    exit 0
fi
command="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing:$missing"
    echo "setup: install them with: sudo apt-get update && sudo $command"
    exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && $command -qq || { echo "setup: '$command' failed"; exit 1; }
echo "setup: done"
