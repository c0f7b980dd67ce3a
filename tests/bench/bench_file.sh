#!/bin/sh
# bench_file.sh - file read/write speed and size against LZ4 and nfdump.
#
#   tests/bench/bench_file.sh [BUILD_DIR]
#
# BUILD_DIR is a configured and built tree (default: build) in which
# `make check` has built tests/tools/nfgen and tests/bench/bench_file; the
# dump binary (bin/dump/dump) and /usr/bin/nfdump are used when present.
# Environment:
#   N=3000000   records of the nfcapd-like v5 mix in the main file
#   NF=1000000  records in the file for the nfdump-vs-dump race (f)
#   RUNS=5      runs per figure; every figure is a median
#   SEED=1      nfgen seed
#   CPU=        pin everything to this CPU with taskset (default: no pinning)
#   TMPDIR      scratch space (default /dev/shm if writable, else /tmp)
#
# Everything runs on this machine in this one invocation:
#   (a)-(d)  bench_file: LZ4 library vs our read and write paths (ratios
#            b/a, goal >= 0.60, and d/c, goal >= 0.50)
#   (e)      sizes: our writer vs nfdump -w of the same flows, per codec
#            (goal: ours <= theirs)
#   (f)      nfdump -r F -o raw -q vs our dump -r F -o raw -q, to /dev/null
set -eu

build=${1:-build}
N=${N:-3000000}
NF=${NF:-1000000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
CPU=${CPU:-}
NFDUMP=${NFDUMP:-/usr/bin/nfdump}

nfgen=$build/tests/tools/nfgen
bench=$build/tests/bench/bench_file
dump=$build/bin/dump/dump
for p in "$nfgen" "$bench"; do
	[ -x "$p" ] || { echo "bench_file.sh: $p missing: run 'make check' in $build" >&2; exit 2; }
done

if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_file.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pin=
if [ -n "$CPU" ] && command -v taskset > /dev/null; then
	pin="taskset -c $CPU"
fi

# median of the numbers on stdin
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# seconds one run of "$@" takes, output to /dev/null
time_one() {
	s=$(date +%s.%N)
	$pin "$@" > /dev/null 2>&1 || { echo "bench_file.sh: failed: $*" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.4f\n", $2 - $1 }'
}

# median seconds of RUNS runs after one warm-up
time_median() {
	time_one "$@" > /dev/null
	i=0
	while [ $i -lt "$RUNS" ]; do
		time_one "$@"
		i=$((i + 1))
	done | median
}

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== liblz4 $(pkg-config --modversion liblz4 2>/dev/null || echo '?'), scratch $tmp, $RUNS runs per figure${pin:+, $pin}"
echo

main=$tmp/v5_lz4.nf
$nfgen -n "$N" -s "$SEED" --mix v5 --exporters 4 -z lz4 -w "$main"

echo "== (a)-(d): library vs our paths ($N records, v5 mix, LZ4)"
$pin "$bench" -r "$RUNS" -t "$tmp" "$main"
echo

echo "== (e) file sizes, same $N flows: our writer vs nfdump -r ours -w theirs"
if [ -x "$NFDUMP" ]; then
	printf '%-6s %14s %14s %8s\n' codec ours nfdump ours/nf
	for c in none:  lzo:-z lz4:-y bz2:-j; do
		name=${c%%:*}
		flag=${c#*:}
		ours=$tmp/ours_$name.nf
		theirs=$tmp/theirs_$name.nf
		# nfdump -w drops exporter stat records: leave it out for equal content
		$nfgen -n "$N" -s "$SEED" --mix v5 --exporters 4 --no-exporter-stat \
			-z "$name" -w "$ours"
		# shellcheck disable=SC2086
		"$NFDUMP" -r "$ours" -w "$theirs" $flag > /dev/null
		so=$(stat -c %s "$ours")
		st=$(stat -c %s "$theirs")
		printf '%-6s %14s %14s %8.4f\n' "$name" "$so" "$st" \
			"$(echo "$so $st" | awk '{ print $1 / $2 }')"
		rm -f "$ours" "$theirs"
	done
else
	echo "skipped: $NFDUMP not found"
fi
echo

echo "== (f) -o raw -q > /dev/null, $NF records (LZ4), medians"
race=$tmp/race_lz4.nf
$nfgen -n "$NF" -s "$SEED" --mix v5 --exporters 4 -z lz4 -w "$race"
tn=
td=
printf '%-34s %10s %14s\n' program seconds records/s
if [ -x "$NFDUMP" ]; then
	tn=$(time_median "$NFDUMP" -r "$race" -o raw -q)
	printf '%-34s %10.3f %14.0f\n' "nfdump 1.7.1" "$tn" "$(echo "$NF $tn" | awk '{ print $1 / $2 }')"
else
	echo "nfdump: skipped, $NFDUMP not found"
fi
if [ -x "$dump" ]; then
	td=$(time_median "$dump" -r "$race" -o raw -q)
	printf '%-34s %10.3f %14.0f\n' "dump ($dump)" "$td" "$(echo "$NF $td" | awk '{ print $1 / $2 }')"
else
	echo "dump: skipped, $dump not built yet"
fi
if [ -n "$tn" ] && [ -n "$td" ]; then
	printf 'speed dump/nfdump = %.2f\n' "$(echo "$tn $td" | awk '{ print $1 / $2 }')"
fi
