#!/bin/sh
# bench_flowgen.sh - flowgen's unthrottled send rate, and its replay
# against Debian's nfreplay on the same file.
#
#   tests/bench/bench_flowgen.sh [BUILD_DIR]
#
# BUILD_DIR is a configured and built tree (default: build) in which
# `make check` has built tests/tools/nfgen (for the replay file).
# Environment:
#   N=5000000    flows per generator run
#   NR=1000000   flows in the replay file (nfgen --mix v5, LZ4)
#   RUNS=3       runs per figure; every figure is the best run
#   CPU=         pin everything to this CPU with taskset (default: no pinning)
#   TMPDIR       scratch space (default /dev/shm if writable, else /tmp)
#
# Everything is sent to 127.0.0.1 on a port in 23000-23999 where nothing
# listens: the kernel drops the datagrams after the loopback receive path,
# so the figures are the sender's cost (flowgen and nfreplay ignore the
# ICMP unreachables).  Two figures per run:
#   wall  flows / elapsed seconds (what a collector would see)
#   cpu   flows / (user + system) CPU seconds: steadier than wall on a
#         shared machine, where other processes take turns on the core
# The goal (issue 5): >= 5M NetFlow v5 flows/s on one core without GSO.
set -eu

build=${1:-build}
N=${N:-5000000}
NR=${NR:-1000000}
RUNS=${RUNS:-3}
CPU=${CPU:-}
NFREPLAY=${NFREPLAY:-/usr/bin/nfreplay}

flowgen=$build/bin/flowgen/flowgen
nfgen=$build/tests/tools/nfgen
[ -x "$flowgen" ] || { echo "bench_flowgen.sh: $flowgen missing: run make in $build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_flowgen.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_flowgen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pin=
if [ -n "$CPU" ] && command -v taskset > /dev/null; then
	pin="taskset -c $CPU"
fi
port=$((23000 + $$ % 1000))

# measure FLOWS CMD...: best wall and cpu rate of RUNS runs, in Mflows/s,
# as "wall cpu" on stdout
measure() {
	flows=$1
	shift
	i=0
	: >"$tmp/times"
	while [ $i -lt "$RUNS" ]; do
		# shellcheck disable=SC2086
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" $pin "$@" >/dev/null 2>&1 ||
			{ echo "bench_flowgen.sh: failed: $*" >&2; exit 1; }
		cat "$tmp/t" >>"$tmp/times"
		i=$((i + 1))
	done
	awk -v n="$flows" '
		{ w = $1 > 0 ? n / $1 : 0; c = $2 + $3 > 0 ? n / ($2 + $3) : 0
		  if (w > bw) bw = w; if (c > bc) bc = c }
		END { printf "%.2f %.2f\n", bw / 1e6, bc / 1e6 }' "$tmp/times"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "flowgen generator: $N flows per run, best of $RUNS, Mflows/s (machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-8s %-4s %8s %8s\n' version gso wall cpu
for v in 5 9 10 sflow; do
	for gso in on off; do
		opt=
		[ $gso = off ] && opt=--no-gso
		# shellcheck disable=SC2086
		set -- $(measure "$N" "$flowgen" -t 127.0.0.1 -p "$port" -v $v -n "$N" -q $opt)
		printf '  %-8s %-4s %8s %8s\n' "$v" $gso "$1" "$2"
		[ "$v$gso" = 5off ] && v5off=$1
	done
done
echo "  goal: v5 without GSO >= 5.00 wall on an idle core (here: $v5off)"

if [ ! -x "$nfgen" ] || [ ! -x "$NFREPLAY" ]; then
	echo "replay: skipped ($nfgen or $NFREPLAY missing; run 'make check' / apt-get install nfdump)"
	exit 0
fi
file=$tmp/replay.nf
"$nfgen" -n "$NR" -s 1 --mix v5 -z lz4 -w "$file"
echo "replay of one $NR-flow file (nfgen --mix v5, LZ4), Mflows/s; ratio = flowgen / nfreplay"
printf '  %-8s %-4s %14s %14s %12s\n' version gso "flowgen w/cpu" "nfreplay w/cpu" "ratio w/cpu"
for v in 5 9; do
	# nfreplay's default is a 1 us pause per datagram; -d 0 sends flat out
	set -- $(measure "$NR" "$NFREPLAY" -r "$file" -H 127.0.0.1 -p "$port" -v $v -d 0)
	nw=$1 nc=$2
	for gso in on off; do
		opt=
		[ $gso = off ] && opt=--no-gso
		# shellcheck disable=SC2086
		set -- $(measure "$NR" "$flowgen" -r "$file" -t 127.0.0.1 -p "$port" -v $v -q $opt)
		printf '  %-8s %-4s %14s %14s %12s\n' "$v" $gso "$1/$2" "$nw/$nc" \
			"$(ratio "$1" "$nw")/$(ratio "$2" "$nc")"
	done
done
