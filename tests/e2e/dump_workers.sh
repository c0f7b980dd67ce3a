#!/bin/sh
# dump -W: the same listings (printed by the workers block by block where
# the mode allows it), statistics, aggregations and -w files with
# one thread (-W 1), with 2 and 4 workers and with the default, over many
# files (the samples: every codec) and over generated files of many
# blocks, one of them cut in the middle of a block (its warning must come
# at the same place in the output).  Needs no nfdump.
set -eu
: "${TOP_BUILDDIR:?run through make check}"
DUMP=$TOP_BUILDDIR/bin/dump/dump
NFGEN=$TOP_BUILDDIR/tests/tools/nfgen
SAMPLES=${TOP_SRCDIR:-../..}/../shared/samples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dump_workers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export TZ=UTC

d=$tmp/in
mkdir "$d"
cp "$SAMPLES"/*.nf "$d/"
"$NFGEN" -n 30000 -s 7 --mix v5 --src-pool 5000 -z lz4 -w "$d/gen_v5_lz4.nf"
"$NFGEN" -n 12000 -s 8 --ipv6 30 -z zstd -w "$d/gen_all_zstd.nf"
"$NFGEN" -n 12000 -s 9 --mix v5 -z none -w "$d/gen_v5_none.nf"
# a file that ends in the middle of its fourth block
"$NFGEN" -n 30000 -s 10 --mix v5 -z lz4 -w "$tmp/cut.nf"
head -c "$(($(stat -c %s "$tmp/cut.nf") * 2 / 3))" "$tmp/cut.nf" > "$d/gen_cut.nf"
blocks=$("$DUMP" -v "$d/gen_v5_lz4.nf" | sed -n 's/^Data blks *: *//p')

# run ARGS...: stdout, then stderr, of every -W, timing lines dropped, equal
# (each stream alone: how the two interleave depends on stdio buffering)
n=0
run() {
	n=$((n + 1))
	for w in 1 2 4 default; do
		wopt="-W $w"
		[ "$w" = default ] && wopt=
		# shellcheck disable=SC2086
		"$DUMP" $wopt "$@" > "$tmp/out.$w" 2> "$tmp/err.$w" || echo "exit $?" >> "$tmp/out.$w"
		{ grep -v -e '^Sys: ' -e '^Time: ' "$tmp/out.$w" || true; cat "$tmp/err.$w"; } > "$tmp/cmp.$w"
		# a sanitizer build (make sanitize, make tsan) reports here
		! grep -q 'Sanitizer' "$tmp/err.$w" || { head -30 "$tmp/err.$w"; fail "$*: -W $w"; }
	done
	[ -s "$tmp/cmp.1" ] || fail "$*: no output"
	for w in 2 4 default; do
		cmp -s "$tmp/cmp.1" "$tmp/cmp.$w" ||
			{ diff -u "$tmp/cmp.1" "$tmp/cmp.$w" | head -20; fail "$*: -W $w differs from -W 1"; }
	done
}

for input in "-R $d" "-r $d/gen_cut.nf"; do
	# shellcheck disable=SC2086
	set -- $input
	run "$@" -o raw
	run "$@" -o line 'proto tcp'
	run "$@" -o json 'src port > 1024 and not dst net 10.0.0.0/8'
	run "$@" -o csv -c 77 'proto udp'
	run "$@" --dialect=1.7.8 -o raw 'proto udp'
	run "$@" -o line -t 2000/01/01-2099/01/01
	run "$@" --dialect=1.7.1 -o json
	run "$@" --dialect=1.7.1 -o csv
	run "$@" -o csv
	run "$@" -o 'fmt:%ts %idt %sa %cnt'
	run "$@" -o 'fmt:%ts %idt %sa %byt'
	run "$@" -q -o extended 'proto 17'
	run "$@" -o json 'proto 254'
	run "$@" --dialect=1.7.1 -o json 'proto 254'
	run "$@" -o line 'proto 254'
	# filters the workers plan per record shape (lib/filter/raw.c)
	run "$@" -o line 'src net 10.0.0.0/16 and dst port 443 and proto tcp'
	run "$@" -o csv 'net 2001:db8::/32 or next ip 0.0.0.0 and bpp > 500'
	run "$@" -o line 'dst ip in [10.0.0.1 192.168.0.0/16] or port in [53 123] or flags S and duration > 1000'
	run "$@" -o line 'inet6 and not src as 0 or in if 2 or router ip 127.0.0.1'
	run "$@" -o line -s srcip -n 5
	run "$@" -s srcip/bytes -s dstport -s proto -n 20
	run "$@" -s ip/flows -s srcport:p -n 10 'proto udp or net 10.0.0.0/8'
	run "$@" -s srcip -s dstport -c 5000 -n 5
	# statistics read in place: with a window (decoded), with a planned filter
	run "$@" -s srcip/bytes -s dstas -n 10 -t 2000/01/01-2099/01/01 'proto tcp'
	run "$@" --dialect=1.7.1 -s dstip/packets -s inif -s outif -n 10 'src net 10.0.0.0/8 or dst port 80'
	# values 1.7.8 leaves out when the element is missing (v5: next hop)
	run "$@" -s nhip/bytes -s mac -s tos -s mpls1/bytes -s natip -s cl -n 20
	run "$@" --dialect=1.7.1 -s nhip/bytes -s tos -n 20
	run "$@" -s record/bytes -n 15 'proto tcp'
	run "$@" -A srcip,dstport -O bytes -n 30
	run "$@" -A srcip,dstip,srcport,dstport,proto
	run "$@" -a -o raw 'port 53 or port 443'
	run "$@" -b -O tstart
	run "$@" -O tstart -o line 'bytes > 1000'
done
grep -q 'truncated' "$tmp/cmp.1" || fail "the cut file gave no warning"

# -w: the files written read back the same
for w in 1 4; do
	"$DUMP" -W $w -R "$d" -w "$tmp/w$w.nf" 'proto tcp or proto udp' 2> /dev/null || true
	"$DUMP" -W 1 -r "$tmp/w$w.nf" -o raw -q > "$tmp/w$w.txt"
	"$DUMP" -W $w -R "$d" -A srcip,proto -w "$tmp/a$w.nf" 2> /dev/null || true
	"$DUMP" -W 1 -r "$tmp/a$w.nf" -o raw -q > "$tmp/a$w.txt"
done
cmp -s "$tmp/w1.txt" "$tmp/w4.txt" || fail "-w: -W 4 wrote other flows than -W 1"
cmp -s "$tmp/a1.txt" "$tmp/a4.txt" || fail "-A -w: -W 4 wrote other flows than -W 1"
[ -s "$tmp/w1.txt" ] || fail "-w wrote nothing"

"$DUMP" -W 0 -r "$d/gen_v5_lz4.nf" > /dev/null 2>&1 && fail "-W 0 accepted"
echo "ok: $n argument sets x 4 thread counts identical ($blocks blocks in one file)"
