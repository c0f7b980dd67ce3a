#!/bin/sh
# dump -h lists exactly the options dump.1 documents (and the other way
# round), and every -o mode dump.1 lists is accepted.  Needs no nfdump.
set -eu
: "${TOP_BUILDDIR:?run through make check}"
DUMP=$TOP_BUILDDIR/bin/dump/dump
MAN=${TOP_SRCDIR:-../..}/man/dump.1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dump_help.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$DUMP" -h > "$tmp/h" || fail "-h: exit $?"
head -1 "$tmp/h" | grep -q '^usage .*dump \[options\]' || fail "-h: first line"
sed -n 's/^\(-[a-zA-Z46]\).*/\1/p; s/^\(--[a-z-]*\).*/\1/p' "$tmp/h" | sort -u > "$tmp/h.opts"
sed -n '/^\.SH OPTIONS/,/^\.SH OUTPUT MODES/p' "$MAN" | awk '/^\.TP/ { getline; print }' |
	sed -n 's/^\.B[IR]\{0,1\} \\-\(\\-[a-z\\-]*\).*/-\1/p; s/^\.B[IR]\{0,1\} \\-\([a-zA-Z46]\).*/-\1/p' |
	sed 's/\\//g; s/=.*//' | sort -u > "$tmp/m.opts"
diff -u "$tmp/h.opts" "$tmp/m.opts" || fail "-h and dump.1 list different options"

# every mode runs and is named in dump.1
sed 's/\\-/-/g' "$MAN" > "$tmp/man.txt"
f=$tmp/empty.nf
"$DUMP" -r "$TOP_SRCDIR/../shared/samples/v2_171_nfcapd_A_none.nf" -w "$f" 'proto 99' ||
	fail "writing an empty file"
for m in line long extended biline bilong gline glong nsel nat nel raw csv csv-fast json \
	ndjson pipe null line6 'fmt:%ts %sa' 'csv:%ts,%sa' '%ts %line'; do
	"$DUMP" -r "$f" -o "$m" > /dev/null || fail "-o $m: exit $?"
	grep -q -e "$(echo "$m" | sed 's/[:%6].*//')" "$tmp/man.txt" || fail "-o $m not in dump.1"
done
"$DUMP" -r "$f" -o nosuchmode > /dev/null 2>&1 && fail "-o nosuchmode: exit 0"
# -Z: the filter check nfsen runs, no input needed
"$DUMP" -Z 'proto tcp and port 80' || fail "-Z of a good filter: exit $?"
rc=0
"$DUMP" -Z 'proto nosuch' > "$tmp/z.out" 2>&1 || rc=$?
[ $rc = 254 ] || fail "-Z of a bad filter: exit $rc, not 254"
grep -q "nosuch" "$tmp/z.out" || fail "-Z of a bad filter: no message"
echo "PASS"
