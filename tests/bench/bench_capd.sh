#!/bin/sh
# bench_capd.sh - how many NetFlow v5 flows/s capd and Debian's nfcapd
# 1.7.1 store without loss.
#
#   tests/bench/bench_capd.sh [BUILD_DIR]
#
# Each collector runs alone on CPU 0 (taskset) with the same -B; flowgen
# sends on CPU 1 for SECONDS at rising rates; the flows stored are counted
# with nfdump -I.  A rate is lossless when every flow sent is stored.  The
# climb stops at a collector's first loss.  Prints a table, the highest
# lossless rate of each and the ratio capd/nfcapd.  "achieved" is the rate
# flowgen really sent at (it cannot always keep up itself).
# Environment: RATES (flows/s list), SECONDS=8, BUF=67108864 (-B bytes),
# DATA (scratch dir, default /dev/shm), FLOWGEN_OPTS (e.g. --no-gso: one
# datagram per send, as from a router, so the kernel cannot coalesce them).
set -u
build=${1:-build}
RATES=${RATES:-"250000 500000 1000000 2000000 3000000 4000000 5000000 6000000"}
SECONDS_=${SECONDS:-8}
BUF=${BUF:-67108864}
DATA=${DATA:-/dev/shm}
CAPD=$build/bin/capd/capd
FLOWGEN=$build/bin/flowgen/flowgen
NFCAPD=/usr/bin/nfcapd
NFDUMP=/usr/bin/nfdump
for f in "$CAPD" "$FLOWGEN" "$NFCAPD" "$NFDUMP"; do
	[ -x "$f" ] || { echo "missing $f"; exit 1; }
done
tmp=$(mktemp -d "$DATA/bench_capd.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT

# run BIN RATE: flows stored out of RATE*SECONDS sent
run() {
	bin=$1 rate=$2 n=$(($2 * SECONDS_))
	rm -rf "$tmp/d" && mkdir "$tmp/d"
	for try in 1 2 3; do	# a port someone else holds: another one
		port=$((22000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		taskset -c 0 "$bin" -w "$tmp/d" -p "$port" -b 127.0.0.1 -B "$BUF" -t 300 \
			>"$tmp/log" 2>&1 &
		pid=$!
		sleep 1
		kill -0 $pid 2>/dev/null && break
		wait $pid
	done
	# shellcheck disable=SC2086
	taskset -c 1 "$FLOWGEN" -t 127.0.0.1 -p "$port" -v 5 -n "$n" --rate "$rate" ${FLOWGEN_OPTS:-} \
		2>&1 | sed -n 's/.*(\([0-9]*\) flows\/s).*/\1/p' >"$tmp/achieved"
	sleep 1
	kill -TERM $pid && wait $pid
	pid=
	"$NFDUMP" -R "$tmp/d" -I | sed -n 's/^Flows: //p'
}



best_capd=0 best_nfcapd=0
printf '%-8s %10s %10s %12s %12s %8s\n' collector rate achieved sent stored loss%
for who in capd nfcapd; do
	bin=$CAPD; [ $who = nfcapd ] && bin=$NFCAPD
	for r in $RATES; do
		got=$(run "$bin" "$r")
		sent=$((r * SECONDS_))
		loss=$(awk -v s="$sent" -v g="${got:-0}" 'BEGIN { printf "%.3f", 100 * (s - g) / s }')
		printf '%-8s %10s %10s %12s %12s %8s\n' $who "$r" "$(cat "$tmp/achieved")" "$sent" \
			"${got:-0}" "$loss"
		[ "${got:-0}" = "$sent" ] || break
		eval best_$who="$(cat "$tmp/achieved")"	# what was really sent
	done
done
echo "highest lossless rate (as sent): capd $best_capd flows/s, nfcapd $best_nfcapd flows/s"
awk -v a="$best_capd" -v b="$best_nfcapd" 'BEGIN { if (b > 0) printf "ratio capd/nfcapd: %.2f\n", a / b }'
