#!/usr/bin/env bash
# Prints the path of SQLite's spellfix1 extension (typo-tolerant word lookup, SQLite's own
# ext/misc/spellfix.c), building it on first use into .build/peers/.
#
# Debian ships no build of spellfix1, so its source comes from the PyPI sdist sqlite-spellfix
# 1.1 (a copy of spellfix.c), compiled against Debian's libsqlite3-dev headers. The one
# compiler warning (an xIntegrity slot that SQLite 3.40's module struct lacks) is expected:
# the module declares version 0 and SQLite never reads that slot.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/.build/peers/spellfix1.so
if [[ ! -f $out ]]; then
    "$root/.ci/ensure-packages" libsqlite3-dev python3-pip gcc >&2
    work=$(mktemp -d "${TMPDIR:-/tmp}/natoaz-spellfix.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    /usr/bin/python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work" \
        sqlite-spellfix==1.1 >&2
    tar -xzf "$work"/sqlite_spellfix-1.1.tar.gz -C "$work"
    mkdir -p "$(dirname "$out")"
    cc -O2 -fPIC -shared "$work/sqlite_spellfix-1.1/spellfix.c" -o "$out.tmp" 2>"$work/cc.log" ||
        { cat "$work/cc.log" >&2; exit 1; }
    mv "$out.tmp" "$out"
fi
echo "$out"
