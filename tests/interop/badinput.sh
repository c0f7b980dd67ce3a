#!/bin/sh
# Bad input: one clear line naming the file (and block and offset where
# there is one), nfdump's exit code, never a crash or a hang.
. "$(dirname "$0")/lib.sh"

A="$SAMPLES/v2_171_nfcapd_A_none.nf"
L="$SAMPLES/v2_171_nfdump_A_lz4.nf"

# expect_error FILE PATTERN: dump -r FILE exits 0 (as nfdump) and says PATTERN.
expect_error() {
	rc=0
	timeout 10 "$DUMP" -r "$1" -o csv -q > "$WORK/out.txt" 2> "$WORK/err.txt" || rc=$?
	[ $rc = 0 ] || fail "$(basename "$1"): exit $rc, nfdump exits 0"
	grep -q "$(basename "$1")" "$WORK/err.txt" || fail "$(basename "$1"): error does not name the file"
	grep -q "$2" "$WORK/err.txt" || { cat "$WORK/err.txt" >&2; fail "$(basename "$1"): no '$2'"; }
	[ "$(wc -l < "$WORK/err.txt")" -le 2 ] || fail "$(basename "$1"): more than one error line"
}

head -c 300 "$A" > "$WORK/truncated.nf"
expect_error "$WORK/truncated.nf" "block 0 at offset 40"
head -c 20 "$A" > "$WORK/short.nf"
expect_error "$WORK/short.nf" "truncated"
printf 'not a capture file at all, just some text...' > "$WORK/junk.nf"
expect_error "$WORK/junk.nf" "bad magic"
cp "$A" "$WORK/swapped.nf"; printf '\245\014' | dd of="$WORK/swapped.nf" conv=notrunc 2>/dev/null
expect_error "$WORK/swapped.nf" "byte order"
cp "$A" "$WORK/encrypted.nf"; printf '\001' | dd of="$WORK/encrypted.nf" bs=1 seek=17 conv=notrunc 2>/dev/null
expect_error "$WORK/encrypted.nf" "encrypted"
cp "$A" "$WORK/codec.nf"; printf '\011' | dd of="$WORK/codec.nf" bs=1 seek=16 conv=notrunc 2>/dev/null
expect_error "$WORK/codec.nf" "compression 9"
cp "$L" "$WORK/corrupt.nf"; printf '\377\377\377\377' | dd of="$WORK/corrupt.nf" bs=1 seek=60 conv=notrunc 2>/dev/null
expect_error "$WORK/corrupt.nf" "block 0 at offset 40"

# A writer that died: header not rewritten.  nfdump reads nothing; we read
# the complete blocks and warn.
cp "$A" "$WORK/crashed.nf"
printf '\0\0' | dd of="$WORK/crashed.nf" bs=1 seek=18 conv=notrunc 2>/dev/null
printf '\0\0\0\0\0\0\0\0' | dd of="$WORK/crashed.nf" bs=1 seek=24 conv=notrunc 2>/dev/null
printf '\0\0\0\0' | dd of="$WORK/crashed.nf" bs=1 seek=36 conv=notrunc 2>/dev/null
"$DUMP" -r "$WORK/crashed.nf" -o csv -q > "$WORK/out.txt" 2> "$WORK/err.txt"
grep -q "not closed by its writer" "$WORK/err.txt" || fail "no warning for crashed writer"
[ "$(wc -l < "$WORK/out.txt")" = 5 ] || fail "crashed writer: expected 5 flows"

# A bad file among good ones: the good ones are still read.
"$DUMP" -R "$WORK" -o csv -q > "$WORK/out.txt" 2>/dev/null || fail "directory with bad files"

# Missing input: nfdump's messages and exit codes.
rc=0; "$DUMP" -r "$WORK/nonexistent.nf" > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || fail "missing -r file: exit $rc, expected 1"
rc=0; "$DUMP" -I -r "$WORK/nonexistent.nf" > /dev/null 2>&1 || rc=$?
[ $rc = 250 ] || fail "missing -I file: exit $rc, expected 250"
rc=0; "$DUMP" -r "$A" -o nosuchmode > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || fail "unknown -o: exit $rc, expected 1"
rc=0; "$DUMP" -r "$A" -c 0 > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || fail "-c 0: exit $rc, expected 1"
echo "PASS"
