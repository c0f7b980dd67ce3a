#!/bin/sh
# bench_stat.sh - statistics and aggregation: dump against nfdump 1.7.1.
#
#   tests/bench/bench_stat.sh [BUILD_DIR]
#
# BUILD_DIR is a configured and built tree (default: build) in which
# `make check` has built tests/tools/nfgen; it runs bin/dump/dump and
# /usr/bin/nfdump on the same file, alternating, and prints medians of the
# wall time and of the peak RSS (/usr/bin/time -f %M) with their ratios.
# Environment:
#   N=2000000     NetFlow v5 records (nfgen --mix v5), LZ4
#   POOL=1000000  source hosts drawn from (--src-pool): ~1.2M distinct sources
#   RUNS=5        runs per figure; every figure is a median
#   SEED=1        nfgen seed
#   TMPDIR        scratch space (default /dev/shm if writable, else /tmp)
#
# Goals (issue #3): -s srcip/bytes -n 10 and -A srcip,dstip,srcport,dstport,
# proto each >= 4x faster and <= 1/3 of nfdump's peak RSS.  -A prints with
# -o line here: dump's automatic fmt output for -A needs the fmt printer.
# The machine may be shared: wall times move with its load, RSS does not.
set -eu

build=${1:-build}
N=${N:-2000000}
POOL=${POOL:-1000000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
NFDUMP=${NFDUMP:-/usr/bin/nfdump}

nfgen=$build/tests/tools/nfgen
dump=$build/bin/dump/dump
for p in "$nfgen" "$dump" "$NFDUMP" /usr/bin/time; do
	[ -x "$p" ] || { echo "bench_stat.sh: $p missing" >&2; exit 2; }
done
if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_stat.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC NFDUMP_DIALECT=1.7.1

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# one run: "seconds kilobytes" of "$@", output to /dev/null
run_one() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > /dev/null 2>&1 ||
		{ echo "bench_stat.sh: failed: $*" >&2; exit 1; }
	cat "$tmp/time"
}

f=$tmp/v5_lz4.nf
"$nfgen" -n "$N" -s "$SEED" --mix v5 --exporters 4 --src-pool "$POOL" -z lz4 -w "$f"
distinct=$("$dump" -r "$f" -s srcip -n 0 -q -o csv | grep -c '^[0-9]' || true)
echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $N v5 flows (LZ4), $distinct distinct sources, $RUNS runs"
printf '%-44s %9s %9s %11s %11s %7s %7s\n' case nf_s dump_s nf_KB dump_KB speed rss
bench() {
	label=$1
	shift
	"$NFDUMP" -r "$f" "$@" > /dev/null 2>&1	# warm-up
	"$dump" -r "$f" "$@" > /dev/null 2>&1
	: > "$tmp/n"
	: > "$tmp/d"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run_one "$NFDUMP" -r "$f" "$@" >> "$tmp/n"
		run_one "$dump" -r "$f" "$@" >> "$tmp/d"
		i=$((i + 1))
	done
	ns=$(cut -d' ' -f1 "$tmp/n" | median)
	ds=$(cut -d' ' -f1 "$tmp/d" | median)
	nk=$(cut -d' ' -f2 "$tmp/n" | median)
	dk=$(cut -d' ' -f2 "$tmp/d" | median)
	printf '%-44s %9.3f %9.3f %11.0f %11.0f %6.2fx %7.3f\n' "$label" "$ns" "$ds" "$nk" "$dk" \
		"$(echo "$ns $ds" | awk '{ print $1 / $2 }')" "$(echo "$dk $nk" | awk '{ print $1 / $2 }')"
}
bench "-s srcip/bytes -n 10" -s srcip/bytes -n 10
bench "-A srcip,dstip,srcport,dstport,proto -o line" -A srcip,dstip,srcport,dstport,proto -o line
bench "-A ... -o line -n 10" -A srcip,dstip,srcport,dstport,proto -o line -n 10
bench "-s dstport/flows -s proto" -s dstport/flows -s proto
echo "speed = nfdump seconds / dump seconds (goal >= 4); rss = dump KB / nfdump KB (goal <= 0.333)"
