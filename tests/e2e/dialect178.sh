#!/bin/sh
# The default (1.7.8) dialect of dump against the text nfdump 1.7.8
# printed for the same files (shared/samples/out/v2_178_*; TZ=UTC): -o
# long with its footer, -o raw (one column wider, Ident, no footer).
# Needs no nfdump.
set -eu
: "${TOP_BUILDDIR:?run through make check}"
DUMP=$TOP_BUILDDIR/bin/dump/dump
S=${SAMPLES:-$TOP_SRCDIR/../shared/samples}
export TZ=UTC
unset NFDUMP_DIALECT
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dialect178.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for n in v2_178_nfcapd_A_none v2_178_nfdump_A_lz4hc9 v2_178_nfdump_A_zstd; do
	"$DUMP" -r "$S/ref/$n.nf" -o long | grep -v '^Sys: ' > "$tmp/our"
	grep -v '^Sys: ' "$S/out/$n.long.txt" > "$tmp/ref"
	diff -u "$tmp/ref" "$tmp/our" || fail "$n -o long"
done
"$DUMP" -r "$S/ref/v2_178_nfcapd_A_none.nf" -o raw > "$tmp/our"
diff -u "$S/out/v2_178_nfcapd_A_none.raw.txt" "$tmp/our" || fail "-o raw"
# --dialect=1.7.8 is the same as the default; 1.7.1 differs (Duration header)
"$DUMP" --dialect=1.7.8 -r "$S/ref/v2_178_nfcapd_A_none.nf" | grep -v '^Sys: ' > "$tmp/a"
"$DUMP" -r "$S/ref/v2_178_nfcapd_A_none.nf" | grep -v '^Sys: ' > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "--dialect=1.7.8 differs from the default"
head -1 "$tmp/b" | grep -q '^Date first seen         Duration ' || fail "default header"
NFDUMP_DIALECT=1.7.1 "$DUMP" -r "$S/ref/v2_178_nfcapd_A_none.nf" | head -1 |
	grep -q '^Date first seen             Duration ' || fail "NFDUMP_DIALECT=1.7.1 header"
echo "PASS"
