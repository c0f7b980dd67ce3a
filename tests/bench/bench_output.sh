#!/bin/sh
# bench_output.sh - dump's printers against nfdump 1.7.1 (issue #3 goal:
# -o csv, -o line, -o json at least 10x faster).
#
#   tests/bench/bench_output.sh [BUILD_DIR]
#
# BUILD_DIR is a configured and built tree (default: build) in which
# `make check` has built tests/tools/nfgen; bin/dump/dump and
# /usr/bin/nfdump are compared.  Environment:
#   N=2000000   NetFlow v5 flows in the LZ4 file (nfgen --mix v5)
#   RUNS=5      runs per program and mode; figures are medians
#   SEED=1      nfgen seed
#   MODES="csv line json"
#   CPU=        pin everything to this CPU with taskset (default: no pinning)
#   TMPDIR      scratch space (default /dev/shm if writable, else /tmp)
#
# One file, one invocation: for each mode, one warm-up each, then RUNS
# rounds that alternate nfdump and dump (so load changes hit both alike),
# output to /dev/null.  dump runs with --dialect=1.7.1, i.e. it prints the
# same bytes as nfdump (checked once per mode before timing).
set -eu

build=${1:-build}
N=${N:-2000000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
MODES=${MODES:-csv line json}
CPU=${CPU:-}
NFDUMP=${NFDUMP:-/usr/bin/nfdump}

nfgen=$build/tests/tools/nfgen
dump=$build/bin/dump/dump
for p in "$nfgen" "$dump" "$NFDUMP"; do
	[ -x "$p" ] || { echo "bench_output.sh: $p missing (run 'make check' in $build)" >&2; exit 2; }
done

if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_output.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pin=
if [ -n "$CPU" ] && command -v taskset > /dev/null; then
	pin="taskset -c $CPU"
fi
export TZ=UTC

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# seconds one run of "$@" takes, output to /dev/null
time_one() {
	s=$(date +%s.%N)
	$pin "$@" > /dev/null 2>&1 || { echo "bench_output.sh: failed: $*" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.4f\n", $2 - $1 }'
}

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $N v5 flows, LZ4, $RUNS alternating runs per figure${pin:+, $pin}"
f=$tmp/v5_lz4.nf
$nfgen -n "$N" -s "$SEED" --mix v5 --exporters 4 -z lz4 -w "$f"
echo

printf '%-6s %12s %12s %10s\n' mode nfdump_s dump_s speedup
for m in $MODES; do
	# same bytes first (timing line aside)
	"$NFDUMP" -r "$f" -o "$m" | grep -v '^Sys: ' | cksum > "$tmp/ref.sum"
	"$dump" --dialect=1.7.1 -r "$f" -o "$m" | grep -v '^Sys: ' | cksum > "$tmp/our.sum"
	cmp -s "$tmp/ref.sum" "$tmp/our.sum" || echo "WARNING: -o $m output differs from nfdump's"
	time_one "$NFDUMP" -r "$f" -o "$m" > /dev/null
	time_one "$dump" --dialect=1.7.1 -r "$f" -o "$m" > /dev/null
	: > "$tmp/tn"
	: > "$tmp/td"
	i=0
	while [ $i -lt "$RUNS" ]; do
		time_one "$NFDUMP" -r "$f" -o "$m" >> "$tmp/tn"
		time_one "$dump" --dialect=1.7.1 -r "$f" -o "$m" >> "$tmp/td"
		i=$((i + 1))
	done
	tn=$(median < "$tmp/tn")
	td=$(median < "$tmp/td")
	printf '%-6s %12.3f %12.3f %9.1fx\n' "$m" "$tn" "$td" "$(echo "$tn $td" | awk '{ print $1 / $2 }')"
done
