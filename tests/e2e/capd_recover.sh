#!/bin/sh
# A running interval reads: after SIGUSR1 (or at most 10 s) the
# nfcapd.current.PID file holds complete blocks that dump reads.  kill -9 leaves it behind; the next start recovers it into
# its slot, and a restart within the same slot adds to that file instead
# of replacing it (nfcapd 1.7.1 appends).  Compression happens in the
# writer thread: an LZ4 collector's files read the same.
NAME=capd_recover
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"
DUMP=${TOP_BUILDDIR:-..}/bin/dump/dump

mkdir -p "$tmp/d" &&
start_capd "$CAPD" -w "$tmp/d" -t 300 -y -I rec --status-file "$tmp/status" ||
	fail "capd did not start"
"$FLOWGEN" -n 1500 --rate 30000 --seed 5 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
wait_for "drained $cport" 10	# a datagram read after SIGUSR1 waits for the 10 s flush
cur=$tmp/d/nfcapd.current.$capdpid
# SIGUSR1 flushes what has been received so far; on a loaded machine the
# last datagrams may still be queued, so ask again until all are there.
# (nfdump 1.7.1 itself reads no block of a file whose header is not final)
wait_for "kill -USR1 $capdpid; sleep 0.2; [ \$(\"$DUMP\" -r $cur -o csv -q 2>/dev/null | grep -c '^[0-9]') = 1500 ]" 10 ||
	fail "dump does not read 1500 flows from the running .current"
# 1500 v5 flows are 50 datagrams, however the kernel coalesced them (UDP GRO)
grep -q 'Total datagrams: 50, ' "$tmp/capd.log" || fail "SIGUSR1: $(grep Total "$tmp/capd.log")"
grep -q 'exporter: 127.0.0.1, version: 5, .* flows: 1500, sequence failures: 0' "$tmp/status" ||
	fail "SIGUSR1: status file: $(cat "$tmp/status")"

# one collector per directory, as nfcapd
"$CAPD" -w "$tmp/d" -p "$(free_port)" -b 127.0.0.1 >"$tmp/second" 2>&1
rc=$?
[ $rc = 1 ] || fail "second collector on $tmp/d: exit $rc"
grep -q "Another collector with pid $capdpid is already running, and configured for '$tmp/d'" \
	"$tmp/second" || fail "second collector: $(cat "$tmp/second")"

# crash: the orphan stays, the next start puts it into its slot
stop_capd KILL
[ -f "$cur" ] || fail "kill -9 left no .current"
start_capd "$CAPD" -w "$tmp/d" -t 300 -y -I rec || fail "capd did not restart"
wait_for "[ ! -e $cur ]" 5 || fail "orphan not recovered"
"$FLOWGEN" -n 500 --rate 30000 --seed 6 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
stop_capd
[ "$capdrc" = 0 ] || fail "capd exit $capdrc"
n=$(find "$tmp/d" -name 'nfcapd.2*' | wc -l)
total=$(flows "$tmp/d")
# both runs in one slot: one file with 2000 flows; across a slot end: two files
[ "$total" = 2000 ] || fail "$total flows after recovery, want 2000 (files: $n)"
[ "$n" -ge 1 ] && [ "$n" -le 2 ] || fail "$n files"
[ -z "$(find "$tmp/d" -name 'nfcapd.current.*' -o -name '.nfcapd*')" ] || fail "temporary files left"
"$NFDUMP" -R "$tmp/d" -I | grep -q '^Ident: rec$' || fail ident
echo "ok: .current readable, kill -9 recovered ($n file(s))"
exit 0
