#!/bin/sh
# Differential: flowgen sends to capd, which stores the flows and repeats
# every datagram (-R) to Debian's nfcapd 1.7.1; both files must read the
# same in nfdump 1.7.1 (-o csv without the receive-time column, -I, -E).
# NetFlow v5 always; v9 and IPFIX once their decoder is built in.
NAME=capd_diff
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"

csv() { "$NFDUMP" -R "$1" -o csv | sed 's/,[^,]*$//' | sort; }

for v in 5 9 10; do
	mkdir -p "$tmp/c$v" "$tmp/n$v" &&
	start_ref_nfcapd "$tmp/n$v" || fail "v$v: nfcapd did not start"
	start_capd "$CAPD" -w "$tmp/c$v" -I flowgen -t 300 -R "127.0.0.1/$port" ||
		fail "v$v: capd did not start"
	# v9/IPFIX: several observation domains and some IPv6 flows
	more=; [ $v = 5 ] || more="--exporters 3 --ipv6 25"
	# shellcheck disable=SC2086
	"$FLOWGEN" -n 5000 --rate 50000 --seed 7 -v $v $more -t 127.0.0.1 -p "$cport" -q ||
		fail "v$v: flowgen failed"
	stop_capd && stop_nfcapd
	[ "$capdrc" = 0 ] || fail "v$v: capd exit $capdrc"
	if grep -q "not built in" "$tmp/capd.log"; then
		echo "skip: v$v decoder not built in yet"
		continue
	fi
	[ "$(flows "$tmp/n$v")" = 5000 ] || fail "v$v: nfcapd (repeated) has $(flows "$tmp/n$v") flows"
	[ "$(flows "$tmp/c$v")" = 5000 ] || fail "v$v: capd has $(flows "$tmp/c$v") flows"
	csv "$tmp/c$v" >"$tmp/c.csv" && csv "$tmp/n$v" >"$tmp/n.csv" &&
	diff -u "$tmp/n.csv" "$tmp/c.csv" >/dev/null || fail "v$v: csv differs"
	"$NFDUMP" -R "$tmp/c$v" -I >"$tmp/c.I" && "$NFDUMP" -R "$tmp/n$v" -I >"$tmp/n.I" &&
	diff -u "$tmp/n.I" "$tmp/c.I" || fail "v$v: -I differs"
	"$NFDUMP" -E "$tmp"/c$v/nfcapd.2* >"$tmp/c.E" && "$NFDUMP" -E "$tmp"/n$v/nfcapd.2* >"$tmp/n.E" &&
	diff -u "$tmp/n.E" "$tmp/c.E" || fail "v$v: -E differs"
	grep -q "^Ident: 'flowgen' Flows: 5000, " "$tmp/capd.log" || fail "v$v: interval log line"
	echo "ok: v$v identical"
done
exit 0
