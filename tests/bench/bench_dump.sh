#!/bin/sh
# bench_dump.sh - the performance goals of dump (issue #3) against nfdump
# 1.7.1: one data set, one invocation, every goal side by side.
#
#   tests/bench/bench_dump.sh [BUILD_DIR]
#
# BUILD_DIR is a configured and built tree (default: build) in which
# `make check` has built tests/tools/nfgen.  It writes one file of N
# NetFlow v5 flows (nfgen --mix v5, LZ4, sources drawn from POOL hosts),
# then for each case runs nfdump and dump on it, alternating, RUNS times,
# output to /dev/null, and prints the medians of wall time and peak RSS
# (/usr/bin/time -f '%e %M') and their ratios next to the goals:
#
#   filtered scan                     speed >= 2
#   -s srcip/bytes -n 10              speed >= 4, rss <= 0.333
#   -A srcip,dstip,srcport,dstport,proto
#                                     speed >= 4, rss <= 0.333, <= 80 B/key
#   -o csv, -o line, -o json          speed >= 10
#
# B/key = (RSS of -A - RSS of a scan that keeps nothing) / distinct keys.
# dump prints with --dialect=1.7.1, i.e. the bytes nfdump prints; that is
# checked once per output mode before the timing (a WARNING otherwise).
# Environment:
#   N=2000000     flows          POOL=1000000  source hosts (--src-pool)
#   RUNS=7        runs a figure  SEED=1        nfgen seed
#   DUMP_ARGS=    extra dump options (e.g. "-W 1" for one thread)
#   TMPDIR        scratch space (default /dev/shm if writable, else /tmp)
# The machine may be shared: wall times move with its load (printed before
# and after), RSS does not.
set -eu

build=${1:-build}
N=${N:-2000000}
POOL=${POOL:-1000000}
RUNS=${RUNS:-7}
SEED=${SEED:-1}
DUMP_ARGS=${DUMP_ARGS:-}
NFDUMP=${NFDUMP:-/usr/bin/nfdump}

nfgen=$build/tests/tools/nfgen
dump=$build/bin/dump/dump
for p in "$nfgen" "$dump" "$NFDUMP" /usr/bin/time; do
	[ -x "$p" ] || { echo "bench_dump.sh: $p missing (run 'make check' in $build)" >&2; exit 2; }
done
if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_dump.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC NFDUMP_DIALECT=1.7.1

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# one run of "$@" to /dev/null: appends "seconds kilobytes" to file $1.
# Wall time from the clock in ns (time's %e has 10 ms steps: a tenth of
# a scan), peak RSS from time's %M.
run_one() {
	out=$1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/time" "$@" > /dev/null 2>&1 ||
		{ echo "bench_dump.sh: failed: $*" >&2; exit 1; }
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $(cat "$tmp/time")" |
		awk '{ printf "%.3f %s\n", $1 / 1000, $2 }' >> "$out"
}

f=$tmp/v5_lz4.nf
"$nfgen" -n "$N" -s "$SEED" --mix v5 --exporters 4 --src-pool "$POOL" -z lz4 -w "$f"
# shellcheck disable=SC2086
nsrc=$("$dump" $DUMP_ARGS -r "$f" -s srcip -n 0 -q -o csv | grep -c '^[0-9]' || true)
A5="srcip,dstip,srcport,dstport,proto"
# shellcheck disable=SC2086
nkeys=$("$dump" $DUMP_ARGS -r "$f" -A "$A5" -q | grep -c . || true)
FILTER="src net 10.0.0.0/16 and dst port 443 and proto tcp"

for m in csv line json; do
	"$NFDUMP" -r "$f" -o "$m" | grep -v '^Sys: ' | cksum > "$tmp/ref.sum"
	# shellcheck disable=SC2086
	"$dump" $DUMP_ARGS -r "$f" -o "$m" | grep -v '^Sys: ' | cksum > "$tmp/our.sum"
	cmp -s "$tmp/ref.sum" "$tmp/our.sum" || echo "WARNING: -o $m: dump prints other bytes than nfdump"
done

echo "== $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== $N v5 flows (LZ4, $(($(stat -c %s "$f") / 1048576)) MiB), $nsrc distinct sources, $nkeys distinct 5-tuples"
echo "== dump ${DUMP_ARGS:-(default -W)}, $RUNS alternating runs a figure, medians"
echo "== uptime before: $(uptime)"
printf '%-26s %8s %8s %10s %10s %7s %6s %7s  %s\n' case nf_s dump_s nf_KB dump_KB speed rss B/key goal
base_kb=
# bench LABEL GOAL_SPEED GOAL_RSS ARGS...
bench() {
	label=$1 gspeed=$2 grss=$3
	shift 3
	"$NFDUMP" -r "$f" "$@" > /dev/null 2>&1 || true	# warm-up
	: > "$tmp/n"
	: > "$tmp/d"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run_one "$tmp/n" "$NFDUMP" -r "$f" "$@"
		# shellcheck disable=SC2086
		run_one "$tmp/d" "$dump" $DUMP_ARGS -r "$f" "$@"
		i=$((i + 1))
	done
	ns=$(cut -d' ' -f1 "$tmp/n" | median)
	ds=$(cut -d' ' -f1 "$tmp/d" | median)
	nk=$(cut -d' ' -f2 "$tmp/n" | median)
	dk=$(cut -d' ' -f2 "$tmp/d" | median)
	speed=$(echo "$ns $ds" | awk '{ printf "%.2f", $1 / $2 }')
	rss=$(echo "$dk $nk" | awk '{ printf "%.3f", $1 / $2 }')
	bpk=-
	[ "$label" = "-A 5-tuple" ] && bpk=$(echo "$dk $base_kb $nkeys" | awk '{ printf "%.1f", ($1 - $2) * 1024 / $3 }')
	[ "$label" = "scan, nothing kept" ] && base_kb=$dk
	verdict=$(echo "$speed $gspeed $rss $grss $bpk" | awk '{
		ok = $1 >= $2 && ($4 == "-" || $3 <= $4) && ($5 == "-" || $5 <= 80)
		printf "%s %s", ($2 == 0 ? "-" : "speed>=" $2 ($4 == "-" ? "" : " rss<=" $4) ($5 == "-" ? "" : " B/key<=80")),
			($2 == 0 ? "" : ok ? "MET" : "not met") }')
	printf '%-26s %8.3f %8.3f %10.0f %10.0f %6sx %6s %7s  %s\n' "$label" "$ns" "$ds" "$nk" "$dk" \
		"$speed" "$rss" "$bpk" "$verdict"
}
bench "scan, nothing kept" 0 - 'proto 254'
bench "filtered scan" 2 - "$FILTER"
bench "-s srcip/bytes -n 10" 4 0.333 -s srcip/bytes -n 10
bench "-A 5-tuple" 4 0.333 -A "$A5"
bench "-o csv" 10 - -o csv
bench "-o line" 10 - -o line
bench "-o json" 10 - -o json
echo "== uptime after: $(uptime)"
echo "speed = nfdump s / dump s; rss = dump KB / nfdump KB; filter: $FILTER"
