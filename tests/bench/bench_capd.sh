#!/bin/sh
# bench_capd.sh - how many NetFlow v5 flows/s capd and Debian's nfcapd
# 1.7.1 store without loss, uncompressed and with LZ4 (-y).
#
#   sh tests/bench/bench_capd.sh [BUILD_DIR]       (default: build)
#
# Each collector runs alone on CPU 0 (taskset) with the same -B; flowgen
# sends on CPU 1 for SECONDS at each rate of a ladder; the flows stored
# are counted afterwards with nfdump -I.  A rate is lossless when every
# flow sent is stored.  A rate that lost is run once more (the machine
# may be busy); the climb stops at a rate that lost twice.  Prints one
# line per run, then the highest lossless rate of each collector and
# codec and the ratios capd/nfcapd.  "sent/s" is the rate flowgen really
# reached (it may fall behind the asked rate on a busy machine): the
# highest lossless rate is given as asked and as sent.  Loss depends on
# what else runs on the machine; the CPU time a collector spends per flow
# stored (ns/flow, all its threads) much less: its median over the runs
# and the rate one core could sustain at that cost are printed too.
# Environment: RATES (flows/s list), CODECS ("none lz4"), SECONDS=8,
# BUF (-B bytes, both collectors; default net.core.rmem_max: nfcapd sets
# SO_RCVBUF, which the kernel caps there, while capd as root would get
# any size with SO_RCVBUFFORCE; to compare larger buffers raise
# net.core.rmem_max first), DATA (scratch dir, default
# /dev/shm), FLOWGEN_OPTS (e.g. --no-gso: one datagram per send, as from
# a router, so the kernel cannot coalesce them), COLLECTOR_CPUS (taskset
# list of the collectors, default 0; "0,1" lets their writer threads use
# what the sender leaves of CPU 1).
set -u
build=${1:-build}
RATES=${RATES:-"500000 1000000 1500000 2000000 2500000 3000000 3500000 4000000 5000000 6000000"}
CODECS=${CODECS:-"none lz4"}
SECONDS_=${SECONDS:-8}
RMEM_MAX=$(cat /proc/sys/net/core/rmem_max)
BUF=${BUF:-$RMEM_MAX}
DATA=${DATA:-/dev/shm}
COLLECTOR_CPUS=${COLLECTOR_CPUS:-0}
CAPD=$build/bin/capd/capd
FLOWGEN=$build/bin/flowgen/flowgen
NFCAPD=/usr/bin/nfcapd
NFDUMP=/usr/bin/nfdump
for f in "$CAPD" "$FLOWGEN" "$NFCAPD" "$NFDUMP"; do
	[ -x "$f" ] || { echo "missing $f"; exit 1; }
done
HZ=$(getconf CLK_TCK)
tmp=$(mktemp -d "$DATA/bench_capd.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM PIPE

# run BIN RATE CODEC_OPT: flows stored out of RATE*SECONDS sent; the
# rate flowgen reached goes to $tmp/achieved
run() {
	bin=$1 rate=$2 n=$(($2 * SECONDS_))
	rm -rf "$tmp/d" && mkdir "$tmp/d"
	for try in 1 2 3; do	# a port someone else holds: another one
		port=$((22000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		# shellcheck disable=SC2086
		taskset -c "$COLLECTOR_CPUS" "$bin" -w "$tmp/d" -p "$port" -b 127.0.0.1 -B "$BUF" -t 300 $3 \
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
	# CPU seconds the collector (all its threads) used: load-independent
	awk -v hz="$HZ" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$pid/stat" >"$tmp/cpu"
	kill -TERM $pid && wait $pid	# waits until the last block is written
	pid=
	"$NFDUMP" -R "$tmp/d" -I | sed -n 's/^Flows: //p'
}

printf '# %s, %s s per rate, -B %s (rmem_max %s), collectors on CPU %s, load:%s\n' \
	"$(date -u '+%F %T UTC')" "$SECONDS_" "$BUF" "$RMEM_MAX" "$COLLECTOR_CPUS" \
	"$(uptime | sed 's/.*load average://')"
printf '%-7s %-5s %9s %9s %10s %10s %8s %6s %7s\n' collector codec rate sent/s sent stored loss% \
	cpu_s ns/flow
summary=
for codec in $CODECS; do
	opt=; [ "$codec" = lz4 ] && opt=-y
	for who in capd nfcapd; do
		bin=$CAPD; [ $who = nfcapd ] && bin=$NFCAPD
		best=0 best_sent=0
		for r in $RATES; do
			for attempt in 1 2; do
				got=$(run "$bin" "$r" "$opt")
				sent=$((r * SECONDS_))
				achieved=$(cat "$tmp/achieved")
				loss=$(awk -v s="$sent" -v g="${got:-0}" \
					'BEGIN { printf "%.3f", 100 * (s - g) / s }')
				cpu=$(cat "$tmp/cpu")
				nsf=$(awk -v c="$cpu" -v g="${got:-0}" 'BEGIN { printf "%.0f", g ? 1e9 * c / g : 0 }')
				printf '%-7s %-5s %9s %9s %10s %10s %8s %6s %7s\n' $who "$codec" "$r" \
					"${achieved:-?}" "$sent" "${got:-0}" "$loss" "$cpu" "$nsf"
				echo "$who $codec $nsf" >>"$tmp/nsf"
				[ "${got:-0}" = "$sent" ] && break
			done
			[ "${got:-0}" = "$sent" ] || break
			best=$r best_sent=${achieved:-0}
		done
		summary="$summary$who $codec $best $best_sent
"
	done
done
printf '# load at the end:%s\n' "$(uptime | sed 's/.*load average://')"
sort -k1,2 -k3n "$tmp/nsf" | awk '
	function flush() { if (n) printf "CPU per flow: %-7s %-5s median %5d ns/flow = %.1fM flows/s per core\n",
		key1, key2, v[int((n + 1) / 2)], 1000 / v[int((n + 1) / 2)]; n = 0 }
	$1 " " $2 != key { flush(); key = $1 " " $2; key1 = $1; key2 = $2 }
	$3 > 0 { v[++n] = $3 }
	END { flush() }' 
printf '%s' "$summary" | awk '
	{ printf "highest lossless rate: %-7s %-5s %9d flows/s (sent %d/s)\n", $1, $2, $3, $4
	  best[$1 " " $2] = $3 }
	END {
		n = split("none lz4", c, " ")
		for (i = 1; i <= n; i++)
			if (best["nfcapd " c[i]] > 0 && ("capd " c[i]) in best)
				printf "ratio capd/nfcapd %-5s %.2f\n", c[i],
					best["capd " c[i]] / best["nfcapd " c[i]]
	}'
