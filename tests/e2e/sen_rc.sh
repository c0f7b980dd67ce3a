#!/bin/sh
# nfsen start / status / reconfig / reload / stop with sen: collectors
# (capd) started with nfsen's command line and pid files, a collector
# killed with -9 brought back by the daemon, sources added and removed by
# reconfig, everything stopped by PID.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sen_rc.XXXXXX") || exit 1
B=${TOP_BUILDDIR:-..}
SEN=$B/bin/sen/sen
FLOWGEN=$B/bin/flowgen/flowgen
rpid= holder=
cleanup() {
	# a failed run may leave the foreground daemon or the port holder
	for p in $rpid $holder; do kill -TERM "$p" 2>/dev/null; done
	for f in "$tmp"/base/var/run/*.pid; do
		[ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
	done
	sleep 0.3
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; cat "$tmp/out" 2>/dev/null; exit 1; }
export TZ=UTC
p1=$((25000 + $$ % 400))
p2=$((p1 + 400))
conf() {
	{
		printf '$BASEDIR = "%s/base";\n$SUBDIRLAYOUT = 1;\n' "$tmp"
		printf '$USER = "%s";\n$WWWGROUP = "%s";\n%%sources = (\n' "$(id -un)" "$(id -gn)"
		printf "    'edge1' => { 'port' => '%s', 'col' => '#0000ff' },\n" $p1
		[ "$1" = 2 ] && printf "    'edge2' => { 'port' => '%s', 'col' => '#00ff00' },\n" $p2
		printf ');\n1;\n'
	} > "$tmp/nfsen.conf"
}
nfsen() { "$SEN" -C "$tmp/nfsen.conf" "$@" > "$tmp/out" 2>&1; }
pidof_port() { cat "$tmp/base/var/run/p$1.pid" 2>/dev/null; }

conf 1
nfsen start || fail "start"
# what the collector itself prints may come between, as with nfcapd
grep -q "^Starting nfcapd:(edge1)" "$tmp/out" && grep -Eq "\[[0-9]+\] $" "$tmp/out" || fail "start output"
grep -q "^Starting nfsend.$" "$tmp/out" || fail "start output (nfsend)"
c1=$(pidof_port $p1)
kill -0 "$c1" || fail "collector not running"
nfsen status
grep -q "^Collector for (edge1) port $p1 is running \[$c1\].$" "$tmp/out" || fail "status"
grep -Eq "^nfsen daemon:  pid: \[[0-9]+\] is running.$" "$tmp/out" || fail "status daemon"
nfsen start
grep -q "^NfSen is already running!$" "$tmp/out" || fail "second start"

# the collector nfsen started receives: flows land in its .current file
"$FLOWGEN" -q -t 127.0.0.1 -p $p1 -v 5 -n 1000 --rate 20000 || fail "flowgen"
sleep 0.5
ls "$tmp/base/profiles-data/live/edge1/" | grep -q "^nfcapd.current.$c1$" || fail "no .current file"

# kill -9: the daemon's watch restarts it within seconds
kill -9 "$c1"
i=0
while :; do
	c=$(pidof_port $p1)
	[ -n "$c" ] && [ "$c" != "$c1" ] && kill -0 "$c" 2>/dev/null && break
	i=$((i + 1)); [ $i -gt 100 ] && fail "killed collector not restarted"
	sleep 0.1
done
c1=$c

# reconfig: add edge2 (new channel, RRD, collector), then remove it again
conf 2
nfsen status
grep -q "^Configured sources do not match existing sources. Run 'nfsen reconfig' first!$" "$tmp/out" ||
	fail "mismatch not detected"
nfsen reconfig -y || fail "reconfig add"
grep -q "^New sources to configure : edge2$" "$tmp/out" || fail "reconfig lists edge2"
grep -q "^Add source 'edge2'$" "$tmp/out" || fail "reconfig adds edge2"
grep -Eq "^Restart nfsend:\[[0-9]+\]$" "$tmp/out" || fail "reconfig reloads nfsend"
grep -q "^channel = edge2:+:#00ff00:2:edge2$" "$tmp/base/profiles-stat/live/profile.dat" ||
	fail "edge2 channel in live"
[ -f "$tmp/base/profiles-stat/live/edge2.rrd" ] || fail "edge2 RRD"
c2=$(pidof_port $p2)
[ -n "$c2" ] && kill -0 "$c2" || fail "edge2 collector"
nfsen reconfig -y
grep -q "^Reconfig: No changes found!$" "$tmp/out" || fail "second reconfig"
conf 1
nfsen reconfig -y || fail "reconfig remove"
grep -q "^Remove configured sources: edge2$" "$tmp/out" || fail "reconfig lists removal"
i=0
while kill -0 "$c2" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "edge2 collector still running"
	sleep 0.1
done
[ ! -e "$tmp/base/profiles-data/live/edge2" ] || fail "edge2 data left"
[ ! -e "$tmp/base/profiles-stat/live/edge2.rrd" ] || fail "edge2 RRD left"

sleep 1.5	# let the reloaded daemon write its pid file
d=$(cat "$tmp/base/var/run/nfsend.pid")
c1=$(pidof_port $p1)
nfsen stop || fail "stop"
grep -Eq "^Shutdown nfcapd: \(edge1\)\[$c1\]\.* \.$" "$tmp/out" || fail "stop output"
grep -Eq "^Shutdown nfsend:\[$d\]\.+$" "$tmp/out" || fail "stop output (nfsend)"
! kill -0 "$c1" 2>/dev/null || fail "collector still running"
! kill -0 "$d" 2>/dev/null || fail "daemon still running"
[ -z "$(ls "$tmp/base/var/run/")" ] || fail "left in run/: $(ls "$tmp/base/var/run/")"
nfsen status
grep -q "^nfsen daemon: is not running.$" "$tmp/out" || fail "status after stop"
# sen run (systemd, containers): in the foreground until SIGTERM, then the
# collectors go too; a port that is taken makes it exit 1
"$SEN" -C "$tmp/nfsen.conf" run > "$tmp/run.out" 2>&1 &
rpid=$!
i=0
while [ -z "$(pidof_port $p1)" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "sen run: no collector"
	sleep 0.1
done
c=$(pidof_port $p1)
sleep 0.5
kill -0 "$rpid" || fail "sen run exited"
kill -TERM "$rpid"
wait "$rpid" || fail "sen run: exit $?"
! kill -0 "$c" 2>/dev/null || fail "sen run left its collector"
rpid=
python3 -c "import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('127.0.0.1',$p1)); print('bound', flush=True); time.sleep(30)" > "$tmp/holder" 2>&1 &
holder=$!
i=0
until grep -q bound "$tmp/holder"; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "could not take port $p1 for the test: $(cat "$tmp/holder")"
	sleep 0.1
done
timeout 20 "$SEN" -C "$tmp/nfsen.conf" run > "$tmp/run.out" 2>&1
rc=$?
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; holder=
[ $rc -eq 1 ] || fail "sen run with its port taken: exit $rc"
grep -q "collector for port $p1 did not start" "$tmp/run.out" || fail "sen run: message"
echo "start, status, watch, reconfig, stop work as nfsen's"
