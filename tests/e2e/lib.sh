# Shared by the e2e tests: the reference tools, a scratch directory, and a
# Debian nfcapd 1.7.1 started on a free loopback port and stopped by PID.
# Set NAME before sourcing.  Skipped (77) without the tools unless
# REQUIRE_NFDUMP=1 (CI).
NFCAPD=/usr/bin/nfcapd
NFDUMP=/usr/bin/nfdump
FLOWGEN=${TOP_BUILDDIR:-..}/bin/flowgen/flowgen
# These tests compare our dump with Debian's 1.7.1 output: speak its
# dialect (dump defaults to 1.7.8's).  The 1.7.8 tests unset it.
export NFDUMP_DIALECT=1.7.1

if [ ! -x "$NFCAPD" ] || [ ! -x "$NFDUMP" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && { echo "nfcapd/nfdump 1.7.1 missing"; exit 1; }
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/${NAME:-e2e}.XXXXXX") || exit 1
cappid=
cleanup() {
	[ -n "$cappid" ] && kill -TERM "$cappid" 2>/dev/null && wait "$cappid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "FAIL: $*"; exit 1; }

# start_nfcapd DIR [BINARY]: nfcapd (or BINARY, e.g. sfcapd) writing into
# DIR on a port in PORT_BASE..PORT_BASE+PORT_SPAN-1 (default 30000, 2000);
# sets $port and $cappid.
start_nfcapd() {
	dir=$1
	for try in 1 2 3 4 5 6 7 8; do
		port=$((${PORT_BASE:-30000} + ($$ + try * 137) % ${PORT_SPAN:-2000}))
		# a large socket buffer (the kernel caps it at rmem_max): on a
		# busy machine the reference collector otherwise drops bursts
		"${2:-$NFCAPD}" -w "$dir" -p "$port" -b 127.0.0.1 -t 300 -I flowgen -B 8388608 \
			>"$tmp/nfcapd.log" 2>&1 &
		cappid=$!
		sleep 0.5
		kill -0 "$cappid" 2>/dev/null && return 0
		wait "$cappid" 2>/dev/null
		cappid=
	done
	cat "$tmp/nfcapd.log"
	return 1
}

# stop_nfcapd: let the last datagrams land, then SIGTERM (flush and rename).
stop_nfcapd() {
	sleep 0.3
	kill -TERM "$cappid" && wait "$cappid"
	cappid=
}
