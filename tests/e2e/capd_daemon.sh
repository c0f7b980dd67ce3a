#!/bin/sh
# Daemon life cycle as NfSen drives it (cli.md §5.1): the exact NfSen
# command line (-D, -u/-g after bind, -P, -z=lz4, -T, legacy bare -w,
# -l); exit 0 after detaching, the pidfile holds "pid\n", a second start
# is refused with 255, SIGTERM finishes the file, removes the pidfile.
NAME=capd_daemon
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"
daemonpid=
trap '[ -n "$daemonpid" ] && kill -KILL "$daemonpid" 2>/dev/null; capd_cleanup' EXIT

[ "$(id -u)" = 0 ] || { echo "skip: privilege drop needs root"; exit 77; }
group=$(id -gn nobody)
chmod 755 "$tmp" && mkdir -p "$tmp/live/upstream" "$tmp/run" && chown nobody "$tmp/live/upstream" "$tmp/run" ||
	fail setup
port=$(free_port)
# NfSen 1.3.8's vector with 1.7's -w, plus the legacy forms it also sends
"$CAPD" -w -D -p "$port" -b 127.0.0.1 -u nobody -g "$group" -B 200000 -S 1 \
	-P "$tmp/run/p$port.pid" -z=lz4 -T all -t 300 -I upstream -l "$tmp/live/upstream" \
	>"$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "-D: exit $rc: $(cat "$tmp/out")"
wait_for "[ -s $tmp/run/p$port.pid ]" 5 || fail "no pidfile"
daemonpid=$(cat "$tmp/run/p$port.pid")
[ "$(od -An -c "$tmp/run/p$port.pid" | tr -d ' ')" = "${daemonpid}\\n" ] || fail "pidfile is not 'pid\\n'"
kill -0 "$daemonpid" || fail "daemon not running"
[ "$(awk '/^Uid:/ {print $2}' /proc/"$daemonpid"/status)" = "$(id -u nobody)" ] ||
	fail "still running as root"

# a second collector on the same (relative) pidfile: refused, 255
(cd "$tmp/run" && "$CAPD" -D -p "$(free_port)" -b 127.0.0.1 -P "p$port.pid" -w "$tmp/live/upstream") \
	>"$tmp/out2" 2>&1
rc=$?
[ $rc = 255 ] || fail "held pidfile: exit $rc, want 255"
grep -q "Another process with pid $daemonpid is holding the pidfile" "$tmp/out2" ||
	fail "held pidfile message: $(cat "$tmp/out2")"

# a second collector on the same directory: refused before detaching
"$CAPD" -D -p "$(free_port)" -b 127.0.0.1 -P "$tmp/run/other.pid" -l "$tmp/live/upstream" \
	>"$tmp/out3" 2>&1
rc=$?
[ $rc = 1 ] || fail "second collector on the directory: exit $rc, want 1"
grep -q "Another collector with pid $daemonpid is already running, and configured for '$tmp/live/upstream'" \
	"$tmp/out3" || fail "second collector message: $(cat "$tmp/out3")"
[ ! -e "$tmp/run/other.pid" ] || fail "refused collector left a pidfile"

"$FLOWGEN" -n 2000 --rate 20000 --seed 4 -v 5 -t 127.0.0.1 -p "$port" -q || fail flowgen
sleep 0.3
kill -TERM "$daemonpid"
wait_for "[ ! -e $tmp/run/p$port.pid ]" 10 || fail "pidfile not removed after SIGTERM"
wait_for "! kill -0 $daemonpid 2>/dev/null" 10 || fail "daemon did not exit"
daemonpid=
f=$(find "$tmp/live/upstream" -name 'nfcapd.2*')
[ -n "$f" ] || fail "no file written"
case $f in "$tmp/live/upstream/"[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/nfcapd.*) ;;
*) fail "-S 1 layout: $f" ;; esac
[ "$(stat -c %U "$f")" = nobody ] || fail "file not written by nobody"
"$NFDUMP" -r "$f" -I | grep -q '^Ident: upstream$' || fail "ident"
[ "$(flows "$f")" = 2000 ] || fail "$(flows "$f") flows, want 2000"
"$NFDUMP" -v "$f" | grep -q 'lz4 compressed' || fail "-z=lz4 not used"
[ -z "$(find "$tmp/live/upstream" -name 'nfcapd.current.*')" ] || fail ".current left behind"
echo "ok: NfSen life cycle"
exit 0
