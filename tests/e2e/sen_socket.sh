#!/bin/sh
# The nfsen PHP frontend's conversations with sen's daemon: a live source
# and zone1_profile with one processed slot, then sen_socket.py replays
# the requests the PHP sent to nfsend 1.3.11 (nfsend-transcripts.md §3:
# home, graphs, details, stat TopN, list flows, profile admin reads) and
# compares the replies, plus images, injections and connection abuse.
set -u
command -v python3 > /dev/null || exit 77
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sen_socket.XXXXXX") || exit 1
B=${TOP_BUILDDIR:-..}
S=${TOP_SRCDIR:-..}
SEN=$B/bin/sen/sen
NFGEN=$B/tests/tools/nfgen
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
export TZ=UTC

cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$HTMLDIR = "$tmp/html";
\$SUBDIRLAYOUT = 1;
\$DISKLIMIT = 98;
%sources = (
    'upstream1' => { 'port' => '0', 'col' => '#0000ff' },
);
1;
CONF
nfsen() { "$SEN" -C "$tmp/nfsen.conf" "$@"; }
start_daemon() {
	rm -f "$tmp/base/var/run/nfsen.comm"
	"$SEN" -C "$tmp/nfsen.conf" daemon -f 2>>"$tmp/daemon.log" &
	dpid=$!
	i=0
	while [ ! -S "$tmp/base/var/run/nfsen.comm" ]; do
		i=$((i + 1)); [ $i -gt 50 ] && { cat "$tmp/daemon.log"; fail "no socket"; }
		sleep 0.1
	done
}
start_daemon
nfsen --load-profile "$S/profiles/zone1_profile.yaml" > "$tmp/load.out" || fail "load-profile"
grep -q "^status	OK$" "$tmp/load.out" || fail "zone1 not committed"
# a shadow profile: no files, its numbers come from the RRDs
nfsen --add-profile shadowp shadow=1 > /dev/null || fail "add shadow profile"
nfsen --add-channel shadowp/tcp filter='proto tcp' > /dev/null || fail "add shadow channel"
nfsen --commit-profile shadowp > /dev/null || fail "commit shadow profile"
kill -TERM "$dpid" && wait "$dpid"
dpid=

# two slots after live's start, so that the Details range has data
tend=$(sed -n 's/^tend = //p' "$tmp/base/profiles-stat/live/profile.dat")
for k in 1 2; do
	t=$((tend + 300 * k))
	iso=$(date -u -d "@$t" +%Y%m%d%H%M)
	sub=$(date -u -d "@$t" +%Y/%m/%d)
	mkdir -p "$tmp/base/profiles-data/live/upstream1/$sub"
	"$NFGEN" -n 5000 -s $k --mix v5 -I upstream1 -w "$tmp/base/profiles-data/live/upstream1/$sub/nfcapd.$iso" ||
		fail "nfgen"
	nfsen process "$iso" 2>"$tmp/process.log" || { cat "$tmp/process.log"; fail "sen process"; }
done
[ -f "$tmp/base/profiles-stat/live/flows-day.png" ] || fail "no overview graphs"
# nfsend's fallback images
mkdir -p "$tmp/html/icons"
cp "$tmp/base/profiles-stat/live/flows-week.png" "$tmp/html/icons/EmptyGraph.png"
cp "$tmp/base/profiles-stat/live/packets-week.png" "$tmp/html/icons/ErrorGraph.png"

start_daemon
# SEN_SOCKET_HOLD=<s>: keep the set-up daemon for that long, to probe it by hand
if [ -n "${SEN_SOCKET_HOLD:-}" ]; then echo "$tmp $t $dpid"; sleep "$SEN_SOCKET_HOLD"; fi
python3 "$S/tests/e2e/sen_socket.py" "$tmp/base" "$t" "$dpid" "$tmp/html" ||
	{ tail -20 "$tmp/daemon.log"; fail "socket conversations"; }
kill -0 "$dpid" || fail "daemon died"
# nfsen -S: typed lines reach the daemon raw, its replies come back as they
# are, and quit's "OK Bye Bye" ends the session before the input does
{ printf 'get-globals\n.\nnosuch-cmd\n.\nquit\n.\n'; sleep 5; } |
	timeout 20 "$SEN" -C "$tmp/nfsen.conf" -S > "$tmp/shell.out" 2>&1 || fail "nfsen -S: exit $?"
grep -q '^NfSen Shell - connection ready\.$' "$tmp/shell.out" || fail "nfsen -S: no greeting line"
grep -q '^_globals=\$SUBDIRLAYOUT = "1";$' "$tmp/shell.out" || fail "nfsen -S: no get-globals reply: $(cat "$tmp/shell.out")"
grep -q "^ERR Command unknown: 'nosuch-cmd'" "$tmp/shell.out" || fail "nfsen -S: no ERR line"
tail -1 "$tmp/shell.out" | grep -q 'OK Bye Bye$' || fail "nfsen -S: did not end with OK Bye Bye"
echo "sen_socket: ok"
