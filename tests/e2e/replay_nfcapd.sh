#!/bin/sh
# flowgen replays capture files (issue 5 §4): a capture made by flowgen ->
# Debian's nfcapd 1.7.1 is replayed with `flowgen -r` into a second nfcapd;
# as NetFlow v9 every flow comes back with identical csv fields (only the
# received time differs), as IPFIX too (also the engine column, which
# nfcapd fills from the v9 source id only), and as v5 every IPv4 flow
# arrives (v5 cannot carry IPv6).  The nfreplay name and a filter are
# checked too.  Skipped (77) without /usr/bin/nfcapd unless REQUIRE_NFDUMP=1.
N=2000
NAME=replay_e2e
PORT_BASE=23000 PORT_SPAN=1000
. "$(dirname "$0")/lib.sh"

# csv without the last n columns (received time; engine, exporter id)
csv_cut() {
	"$NFDUMP" -r "$1" -o csv -q | rev | cut -d, -f"$(($2 + 1))"- | rev
}

# Bad replay input: one error line, exit 255.
# nfreplay is flowgen under another name.  In the build tree flowgen is a
# libtool wrapper that would hide the name: link the real binary.
fgdir=$(cd "$(dirname "$FLOWGEN")" && pwd) || fail "no flowgen directory"
if [ -x "$fgdir/.libs/flowgen" ]; then
	ln -s "$fgdir/.libs/flowgen" "$tmp/nfreplay" || fail "cannot link nfreplay"
	LD_LIBRARY_PATH=$(cd "$fgdir/../../lib" && pwd)/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
else
	ln -s "$fgdir/$(basename "$FLOWGEN")" "$tmp/nfreplay" || fail "cannot link nfreplay"
fi
"$tmp/nfreplay" -h | grep -q "^usage .*nfreplay \[options\]" || fail "nfreplay -h: not nfreplay's usage"
for args in "$FLOWGEN -t 127.0.0.1 -p 9995 -r $tmp/none" \
	"$FLOWGEN -t 127.0.0.1 -p 9995 -r $tmp/none -T 2026/13" \
	"$FLOWGEN -t 127.0.0.1 -p 9995 -r $tmp/none proto bogus" \
	"$tmp/nfreplay -r $tmp/none -j 239.1.1.1" "$tmp/nfreplay -r $tmp/none -z 2" \
	"$tmp/nfreplay -r $tmp/none -K key" "$tmp/nfreplay -r $tmp/none -v 7" "$tmp/nfreplay"; do
	# shellcheck disable=SC2086
	$args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 255 ] || fail "$args: exit $rc, want 255"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || { cat "$tmp/err"; fail "$args: want one error line"; }
done

# The capture to replay: seeded flowgen flows, a fifth of them IPv6.
mkdir -p "$tmp/orig" && start_nfcapd "$tmp/orig" || fail "nfcapd did not start"
"$FLOWGEN" -n $N --rate 50000 --seed 1 --ipv6 20 -v 9 -t 127.0.0.1 -p "$port" -q ||
	fail "flowgen failed"
stop_nfcapd
orig=$(ls "$tmp"/orig/nfcapd.*) && [ -f "$orig" ] || fail "no capture file"
got=$("$NFDUMP" -r "$orig" -I | sed -n 's/^Flows: //p')
[ "$got" = "$N" ] || fail "capture holds '$got' flows, want $N"
v4=$("$NFDUMP" -r "$orig" -q -o csv ipv4 | wc -l)
[ "$v4" -gt 0 ] && [ "$v4" -lt $N ] || fail "capture has $v4 IPv4 flows"

# replay VERSION TAG COMMAND...: run the replay into a new nfcapd; sets $file.
replay() {
	dir=$tmp/$1
	shift
	mkdir -p "$dir" && start_nfcapd "$dir" || fail "$dir: nfcapd did not start"
	"$@" -p "$port" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "$*: failed"; }
	stop_nfcapd
	file=$(ls "$dir"/nfcapd.*) && [ -f "$file" ] || fail "$dir: no file"
}
count() { "$NFDUMP" -r "$1" -I | sed -n 's/^Flows: //p'; }

replay v9 "$FLOWGEN" -v 9 -r "$orig" -t 127.0.0.1 --rate 50000 -q
[ "$(count "$file")" = $N ] || fail "v9: $(count "$file") flows, want $N"
csv_cut "$orig" 1 >"$tmp/a" && csv_cut "$file" 1 >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { diff "$tmp/a" "$tmp/b" | head -4; fail "v9: flows differ"; }
echo "ok: v9 replay $N flows, identical csv but the received time"

replay v10 "$FLOWGEN" -v 10 -r "$orig" -t 127.0.0.1 --rate 50000 -q
[ "$(count "$file")" = $N ] || fail "ipfix: $(count "$file") flows, want $N"
csv_cut "$orig" 3 >"$tmp/a" && csv_cut "$file" 3 >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { diff "$tmp/a" "$tmp/b" | head -4; fail "ipfix: flows differ"; }
echo "ok: ipfix replay $N flows, identical csv but engine, exporter id, received time"

replay v5 "$FLOWGEN" -v 5 -r "$orig" -t 127.0.0.1 --rate 50000 -q
[ "$(count "$file")" = "$v4" ] || fail "v5: $(count "$file") flows, want $v4 (IPv4)"
grep -q "skipped $((N - v4)) flows" "$tmp/err" || fail "v5: IPv6 skips not reported"
echo "ok: v5 replay $v4 IPv4 flows"

# nfreplay's options, a -c count and a filter.
replay nfr "$tmp/nfreplay" -H 127.0.0.1 -d 20 -c 300 -r "$orig" proto tcp
want=$("$NFDUMP" -r "$orig" -q -o csv proto tcp | head -300 | rev | cut -d, -f2- | rev)
[ "$(count "$file")" = 300 ] || fail "nfreplay: $(count "$file") flows, want 300"
[ "$(csv_cut "$file" 1)" = "$want" ] || fail "nfreplay: flows differ"
echo "ok: nfreplay -c 300 proto tcp"
exit 0
