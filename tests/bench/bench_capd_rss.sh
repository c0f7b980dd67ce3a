#!/bin/sh
# bench_capd_rss.sh - capd's peak memory with many v9/IPFIX templates:
# EXPORTERS exporters (each from its own loopback address 127.1.x.y)
# announcing TEMPLATES templates each, once with the default template
# limit and once with --max-templates LIMIT.  Prints capd's peak RSS
# (VmHWM of /proc/PID/status), its idle RSS before any datagram, the
# templates learned and evicted (SIGUSR1 statistics) and the flows stored.
#
#   sh tests/bench/bench_capd_rss.sh [BUILD_DIR]       (default: build)
#
# Environment: EXPORTERS=1000, TEMPLATES=100, LIMIT=10, BUF=67108864.
set -u
build=${1:-build}
EXPORTERS=${EXPORTERS:-1000}
TEMPLATES=${TEMPLATES:-100}
LIMIT=${LIMIT:-10}
BUF=${BUF:-67108864}
CAPD=$build/bin/capd/capd
GEN=$(dirname "$0")/../e2e/tplgen.py
[ -x "$CAPD" ] || { echo "missing $CAPD"; exit 1; }
command -v python3 >/dev/null || { echo "missing python3"; exit 1; }
tmp=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM PIPE

kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }

# run VERSION [OPTS]: one line of the table
run() {
	v=$1; shift
	rm -rf "$tmp/d" "$tmp/st" && mkdir "$tmp/d"
	for try in 1 2 3; do
		port=$((22000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		"$CAPD" -w "$tmp/d" -p "$port" -b 127.0.0.1 -B "$BUF" -t 300 \
			--status-file "$tmp/st" "$@" >"$tmp/log" 2>&1 &
		pid=$!
		sleep 1
		kill -0 $pid 2>/dev/null && break
		wait $pid
	done
	idle=$(kb VmHWM)
	# the 256th and the last template carry one data record each
	python3 "$GEN" "$port" "$v" "$EXPORTERS" "$TEMPLATES" $((255 + TEMPLATES)) 256 >/dev/null
	sleep 2
	kill -USR1 $pid
	sleep 1
	peak=$(kb VmHWM) rss=$(kb VmRSS)
	kill -TERM $pid && wait $pid
	pid=
	learned=$(awk -F'templates: ' '/exporter:/ { split($2, a, ","); s += a[1] } END { print s + 0 }' "$tmp/st")
	evicted=$(sed -n 's/^Ident: none, datagrams.*templates evicted: \([0-9]*\)$/\1/p' "$tmp/st")
	notpl=$(sed -n 's/^Ident: none, datagrams.*no template: \([0-9]*\),.*/\1/p' "$tmp/st")
	nexp=$(grep -c 'exporter:' "$tmp/st")
	flows=$(sed -n 's/^Ident: none, datagrams: [0-9]*, flows: \([0-9]*\),.*/\1/p' "$tmp/st")
	printf '%-5s %-18s %9s %8s %8s %8s %9s %9s %7s %7s\n' "v$v" "${*:-default (1024)}" \
		"$nexp" "$idle" "$peak" "$rss" "$learned" "${evicted:-?}" "${notpl:-?}" "${flows:-?}"
}

printf '# %s, %s exporters x %s templates, load:%s\n' "$(date -u '+%F %T UTC')" "$EXPORTERS" \
	"$TEMPLATES" "$(uptime | sed 's/.*load average://')"
printf '%-5s %-18s %9s %8s %8s %8s %9s %9s %7s %7s\n' proto limit exporters idle_kB \
	peak_kB rss_kB templates evicted no_tpl flows
for v in 9 10; do
	run $v
	run $v --max-templates "$LIMIT"
done
