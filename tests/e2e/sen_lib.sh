# Shared by the sen tests: a scratch directory, the binaries, a daemon
# started on $tmp/nfsen.conf and stopped by PID, fail().  Set NAME first.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/${NAME:-sen}.XXXXXX") || exit 1
B=${TOP_BUILDDIR:-..}
SEN=$B/bin/sen/sen
NFGEN=$B/tests/tools/nfgen
RRDLAST=$B/tests/tools/rrdlast
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; [ -f "$tmp/daemon.log" ] && tail -5 "$tmp/daemon.log"; exit 1; }
export TZ=UTC
nfsen() { "$SEN" -C "$tmp/nfsen.conf" "$@"; }

# sen_start: the daemon in the foreground, logging to $tmp/daemon.log;
# returns when its socket is there.
sen_start() {
	"$SEN" -C "$tmp/nfsen.conf" daemon -f 2>>"$tmp/daemon.log" &
	dpid=$!
	i=0
	while [ ! -S "$tmp/base/var/run/nfsen.comm" ]; do
		i=$((i + 1))
		[ $i -gt 50 ] && fail "daemon did not create its socket"
		sleep 0.1
	done
}

sen_stop() {
	kill -TERM "$dpid" && wait "$dpid"
	dpid=
}
