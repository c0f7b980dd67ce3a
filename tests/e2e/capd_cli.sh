#!/bin/sh
# Command lines of capd and sfcapd: -h lists exactly the options the man
# page documents, -V, nfcapd 1.7.1's messages and exit codes for bad
# options, and sfcapd runs the same cycle on the sFlow decoder.
NAME=capd_cli
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"
MAN=${TOP_SRCDIR:-../..}/man

for b in capd sfcapd; do
	bin=$TOP_BUILDDIR/bin/$b/$b
	"$bin" -h >"$tmp/h" 2>&1 || fail "$b -h: exit $?"
	head -1 "$tmp/h" | grep -q "^usage .*$b \[options\] \$" || fail "$b -h: first line"
	# every option of -h is an option entry of the man page, and back
	sed -n 's/^\(-[a-zA-Z46]\).*/\1/p; s/^\(--[a-z-]*\).*/\1/p' "$tmp/h" | sort -u >"$tmp/h.opts"
	sed -n '/^.SH OPTIONS/,/^.SH SIGNALS/p' "$MAN/$b.8" | awk '/^\.TP/ { getline; print }' |
		sed -n 's/^\.BI\{0,1\} \\-\(\\-[a-z\\-]*\).*/-\1/p; s/^\.BI\{0,1\} \\-\([a-zA-Z46]\).*/-\1/p' |
		sed 's/\\//g' | sort -u >"$tmp/m.opts"
	diff -u "$tmp/h.opts" "$tmp/m.opts" || fail "$b: -h and $b.8 list different options"
	"$bin" -V | grep -q "$b: Version: 1\.7\." || fail "$b -V"
done
grep -q '^-s rate' "$tmp/h" && fail "sfcapd -h lists -s"

# bad options: nfcapd 1.7.1's messages, exit 1 (255 for the pidfile: capd_daemon.sh)
check() {
	want=$1; shift
	"$CAPD" "$@" >"$tmp/out" 2>&1
	rc=$?
	[ $rc = 1 ] || fail "capd $*: exit $rc, want 1"
	grep -qF "$want" "$tmp/out" || fail "capd $*: want '$want', got: $(cat "$tmp/out")"
}
check "invalid option -- 'Q'" -Q
check "time interval <= 2s not allowed" -t 1 -w "$tmp"
check "ERROR, No source configurations found" -p 22999
check "No valid directory: $tmp/none" -w "$tmp/none"
check "Invalid sampling rate: 0" -s 0 -w "$tmp"
check "Argument error for -B" -B 0 -w "$tmp"
check "ERROR, -Z timezone extension breaks expire -e" -e -Z -w "$tmp"
check "Use one compression: -z for LZO, -j for BZ2 or -y for LZ4 compression" -z -y -w "$tmp"
check "No such subdir level 9" -S 9 -w "$tmp"
check "Can not mix IP specific and any IP sources" -M "$tmp" -w "$tmp"
check "ERROR, -b and -j are mutually exclusive!!" -J 239.1.2.3 -b 127.0.0.1 -w "$tmp"
check "path does not exist: $tmp/no.conf" -C "$tmp/no.conf" -w "$tmp"
check "Invalid template limit: 0" --max-templates 0 -w "$tmp"
check "Invalid user 'no-such-user-x'" -D -u no-such-user-x -p "$(free_port)" -b 127.0.0.1 -w "$tmp"
"$NFCAPD" -Q >/dev/null 2>&1; [ $? = 1 ] || fail "nfcapd -Q no longer exits 1?"

# sfcapd: the sFlow test datagrams (tests/tools/sfgen) are stored through
# the same engine; an idle interval would still give a file, as nfcapd
SFGEN=$TOP_BUILDDIR/tests/tools/sfgen
mkdir -p "$tmp/sf" "$tmp/dg" && start_capd "$SFCAPD" -w "$tmp/sf" -I sflow ||
	fail "sfcapd did not start"
want=0
if [ -x "$SFGEN" ] && "$SFGEN" "$tmp/dg" && command -v bash >/dev/null; then
	want=$("$SFGEN" -l | awk '{ s += $3 } END { print s }')
	for f in "$tmp"/dg/*.sflow; do
		bash -c 'cat "$1" >/dev/udp/127.0.0.1/"$2"' - "$f" "$cport" || fail "send $f"
	done
fi
stop_capd
[ "$capdrc" = 0 ] || fail "sfcapd exit $capdrc"
# a run across an interval boundary leaves two files: each one is sflow's
files=$(find "$tmp/sf" -name 'nfcapd.2*')
[ -n "$files" ] || fail "sfcapd file: none"
for f in $files; do
	"$NFDUMP" -r "$f" -I | grep -q '^Ident: sflow$' || fail "sfcapd file $f"
done
[ "$(flows "$tmp/sf")" = "$want" ] || fail "sfcapd stored $(flows "$tmp/sf") flows, want $want"
# bad input: counted, logged once a minute per exporter, never fatal
if command -v bash >/dev/null; then
	mkdir -p "$tmp/bad" && start_capd "$CAPD" -w "$tmp/bad" || fail "capd did not start"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		head -c $((i * 37)) /dev/urandom >"$tmp/junk"
		printf '\000\005\000\036' | cat - "$tmp/junk" >"$tmp/junk5"	# v5, 30 records
		bash -c 'cat "$1" >/dev/udp/127.0.0.1/"$2"; cat "$3" >/dev/udp/127.0.0.1/"$2"' - \
			"$tmp/junk" "$cport" "$tmp/junk5" || fail "send junk"
	done
	"$FLOWGEN" -n 100 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
	stop_capd
	[ "$capdrc" = 0 ] || fail "capd exit $capdrc after bad input"
	grep -q "Flows: 100, .* Bad Packets: [1-9]" "$tmp/capd.log" || fail "bad packets not counted: $(tail -2 "$tmp/capd.log")"
	n=$(grep -c '^Ident: none, exporter 127.0.0.1' "$tmp/capd.log")
	[ "$n" -le 1 ] || fail "$n bad-input lines for one exporter within a minute"
fi

# -M: a directory and a source per exporter address, named as nfcapd names them
mkdir -p "$tmp/dyn" && start_capd "$CAPD" -M "$tmp/dyn" -S 0 || fail "capd -M did not start"
"$FLOWGEN" -n 100 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
stop_capd
[ "$capdrc" = 0 ] || fail "capd -M exit $capdrc"
grep -q "Dynamically add source ident: 127-0-0-1 in directory: $tmp/dyn/127-0-0-1/" "$tmp/capd.log" ||
	fail "capd -M log: $(cat "$tmp/capd.log")"
f=$(find "$tmp/dyn/127-0-0-1" -name 'nfcapd.2*')
[ -n "$f" ] && [ "$(flows "$f")" = 100 ] || fail "capd -M: $(find "$tmp/dyn")"
"$NFDUMP" -r "$f" -I | grep -q '^Ident: 127-0-0-1$' || fail "capd -M ident"
# dyn_max_sources of -C bounds the -M sources (tplgen.py: exporters on
# 127.1.0.1, 127.1.0.2, 127.1.0.3)
if command -v python3 >/dev/null; then
	mkdir -p "$tmp/dyn2" && printf '[nfcapd]\ndyn_max_sources = 2\n' >"$tmp/dyn.conf"
	start_capd "$CAPD" -M "$tmp/dyn2" -C "$tmp/dyn.conf" -S 0 || fail "capd -M -C did not start"
	python3 "${TOP_SRCDIR:-../..}/tests/e2e/tplgen.py" "$cport" 9 3 2 256 >/dev/null || fail tplgen
	stop_capd
	[ "$(ls "$tmp/dyn2")" = "$(printf '127-1-0-1\n127-1-0-2')" ] || fail "dyn_max_sources: $(ls "$tmp/dyn2")"
	grep -q "Dynamic flow sources: limit of 2 reached" "$tmp/capd.log" || fail "limit not logged"
	[ "$(flows "$tmp/dyn2")" = 2 ] || fail "dyn_max_sources: $(flows "$tmp/dyn2") flows"
fi

# -C: [nfcapd] exporter.<ident> = ["ip", "dir"] are sources as -n gives them
mkdir -p "$tmp/c1" "$tmp/c2"
cat >"$tmp/c.conf" <<EOC
# comment
[nfdump]
exporter.no = [ "127.0.0.1", "$tmp" ]
[nfcapd]
exporter.up1 = [ "127.0.0.1", "$tmp/c1" ]   # the one that sends
exporter.up2 = [ "127.0.0.2", "$tmp/c2" ]
maxworkers = 2
EOC
start_capd "$CAPD" -C "$tmp/c.conf" -S 0 || fail "capd -C did not start"
"$FLOWGEN" -n 100 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
stop_capd
[ "$capdrc" = 0 ] || fail "capd -C exit $capdrc"
f=$(find "$tmp/c1" -name 'nfcapd.2*')
[ -n "$f" ] && [ "$(flows "$f")" = 100 ] || fail "capd -C: $(find "$tmp/c1")"
"$NFDUMP" -r "$f" -I | grep -q '^Ident: up1$' || fail "capd -C ident"
f=$(find "$tmp/c2" -name 'nfcapd.2*')
[ -n "$f" ] && [ "$(flows "$f")" = 0 ] || fail "capd -C second source: $(find "$tmp/c2")"
NFCONF=$tmp/c.conf "$CAPD" -w "$tmp" -p 22999 >"$tmp/out" 2>&1
grep -q "Do not mix" "$tmp/out" || fail "NFCONF not read: $(cat "$tmp/out")"

# -J: only inside a network namespace of our own (nothing leaves loopback)
if unshare -rn true 2>/dev/null && command -v ip >/dev/null; then
	mkdir -p "$tmp/mc"
	unshare -rn sh -c '
		ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 77
		"$1" -J 239.1.2.3 -p 22500 -w "$2" -S 0 >"$2.log" 2>&1 &
		p=$!
		n=50; until grep -q Startup "$2.log" || [ $n = 0 ]; do sleep 0.1; n=$((n - 1)); done
		"$3" -t 239.1.2.3 -p 22500 -v 5 -n 100 -q
		n=50; until [ "$(ss -Huln "sport = :22500" | awk "{ q += \$2 } END { print q + 0 }")" = 0 ] ||
			[ $n = 0 ]; do sleep 0.1; n=$((n - 1)); done
		sleep 0.3
		kill $p && wait $p' - "$CAPD" "$tmp/mc" "$FLOWGEN"
	rc=$?
	if [ $rc != 77 ]; then
		[ $rc = 0 ] || fail "capd -J exit $rc: $(cat "$tmp/mc.log")"
		[ "$(flows "$tmp/mc")" = 100 ] || fail "capd -J: $(cat "$tmp/mc.log")"
		echo "capd -J: 100 flows from the group"
	fi
fi
echo "ok: capd/sfcapd command lines, bad input, -M, -C, -J"
exit 0
