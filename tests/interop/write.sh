#!/bin/sh
# Files dump writes read back in nfdump 1.7.1 unchanged, with every codec,
# and dump -w produces the very bytes nfdump -w does.
. "$(dirname "$0")/lib.sh"

A="$SAMPLES/v2_171_nfcapd_A_none.nf"

# Same input, same options: byte-identical output but for the creation time.
for opt in "" -z -y -j; do
	"$NFDUMP" -r "$A" $opt -w "$WORK/ref.nf"
	"$DUMP" -r "$A" $opt -w "$WORK/our.nf"
	xxd -s 16 "$WORK/ref.nf" > "$WORK/ref.hex"
	xxd -s 16 "$WORK/our.nf" > "$WORK/our.hex"
	xxd -l 8 "$WORK/ref.nf" > "$WORK/ref.head"
	xxd -l 8 "$WORK/our.nf" > "$WORK/our.head"
	compare "-w $opt bytes" "$WORK/ref.hex" "$WORK/our.hex"
	compare "-w $opt header" "$WORK/ref.head" "$WORK/our.head"
done

# Every input sample converted to every codec nfdump 1.7.1 knows reads in
# nfdump exactly as the original does.
for f in "$SAMPLES"/v2_171_*.nf "$SAMPLES"/ref/v2_178_nfdump_A_lz4hc9.nf \
	 "$SAMPLES"/ref/v1_1625_nfdump_A_lz4.nf; do
	"$NFDUMP" -r "$f" -o csv 2>/dev/null | untimed > "$WORK/orig.txt"
	for opt in "" -z -y -j -z=lz4:9 -z=lzo -z=bz2 -z=lz4; do
		"$DUMP" -r "$f" $opt -w "$WORK/conv.nf"
		"$NFDUMP" -r "$WORK/conv.nf" -o csv | untimed > "$WORK/conv.txt"
		compare "$(basename "$f") via dump $opt" "$WORK/orig.txt" "$WORK/conv.txt"
	done
done

# ZSTD: dump writes and reads it; converted back to LZ4 nfdump agrees.
"$DUMP" -r "$A" -z=zstd:19 -w "$WORK/z.nf"
"$DUMP" -v "$WORK/z.nf" | grep -q 'Version    : 2 - zstd compressed' || fail "zstd header"
"$DUMP" -r "$WORK/z.nf" -y -w "$WORK/back.nf"
"$DUMP" -r "$A" -y -w "$WORK/direct.nf"
"$NFDUMP" -r "$WORK/direct.nf" -o raw | untimed > "$WORK/ref.txt"
"$NFDUMP" -r "$WORK/back.nf" -o raw | untimed > "$WORK/our.txt"
compare "zstd round trip" "$WORK/ref.txt" "$WORK/our.txt"

# -I and -v agree with nfdump on files dump wrote.
for opt in "" -z -y -j; do
	"$DUMP" -r "$A" $opt -w "$WORK/i.nf"
	"$NFDUMP" -I -r "$WORK/i.nf" > "$WORK/ref.txt"
	"$DUMP" -I -r "$WORK/i.nf" > "$WORK/our.txt"
	compare "-I of -w $opt" "$WORK/ref.txt" "$WORK/our.txt"
	"$NFDUMP" -v "$WORK/i.nf" > "$WORK/ref.txt"
	"$DUMP" -v "$WORK/i.nf" > "$WORK/our.txt"
	compare "-v of -w $opt" "$WORK/ref.txt" "$WORK/our.txt"
done
echo "PASS"
