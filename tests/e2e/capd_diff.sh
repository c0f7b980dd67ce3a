#!/bin/sh
# Differential: flowgen sends to capd, which stores the flows and repeats
# every datagram (-R) to Debian's nfcapd 1.7.1; both files must read the
# same in nfdump 1.7.1 (-o csv without the receive-time column, -I, -E).
# NetFlow v5, v9 and IPFIX, and v5 with -s -10 (sampling overwritten)
# given to both collectors.
NAME=capd_diff
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"

csv() { "$NFDUMP" -R "$1" -o csv | sed 's/,[^,]*$//' | sort; }

# one_run RUN: 0 when both files agree, 2 when only the reference lost
# datagrams (a busy machine; the caller tries once more), else fails.
one_run() {
	run=$1
	v=${run%s} samp=
	[ "$run" = 5s ] && samp="-s -10"
	rm -rf "$tmp/c$run" "$tmp/n$run"
	mkdir -p "$tmp/c$run" "$tmp/n$run" &&
	# (a large -B: nfcapd must not lose what it is sent while the machine is busy)
	# shellcheck disable=SC2086
	start_ref_nfcapd "$tmp/n$run" -B 8000000 $samp || fail "v$v: nfcapd did not start"
	# shellcheck disable=SC2086
	start_capd "$CAPD" -w "$tmp/c$run" -I flowgen -t 300 -R "127.0.0.1/$port" $samp ||
		fail "v$v: capd did not start"
	# v9/IPFIX: several observation domains and some IPv6 flows
	more=; [ $v = 5 ] || more="--exporters 3 --ipv6 25"
	# shellcheck disable=SC2086
	"$FLOWGEN" -n 5000 --rate 50000 --seed 7 -v $v $more -t 127.0.0.1 -p "$cport" -q ||
		fail "v$v: flowgen failed"
	stop_capd && wait_for "drained $port" 10 && stop_nfcapd
	[ "$capdrc" = 0 ] || fail "v$v: capd exit $capdrc"
	[ "$(flows "$tmp/c$run")" = 5000 ] || fail "v$v: capd has $(flows "$tmp/c$run") flows"
	if [ "$(flows "$tmp/n$run")" != 5000 ]; then
		echo "note: v$v $samp: nfcapd (repeated) has $(flows "$tmp/n$run") flows"
		return 2
	fi
	csv "$tmp/c$run" >"$tmp/c.csv" && csv "$tmp/n$run" >"$tmp/n.csv" &&
	diff -u "$tmp/n.csv" "$tmp/c.csv" >/dev/null || fail "v$v: csv differs"
	"$NFDUMP" -R "$tmp/c$run" -I >"$tmp/c.I" && "$NFDUMP" -R "$tmp/n$run" -I >"$tmp/n.I" &&
	diff -u "$tmp/n.I" "$tmp/c.I" || fail "v$v: -I differs"
	"$NFDUMP" -E "$tmp"/c$run/nfcapd.2* >"$tmp/c.E" && "$NFDUMP" -E "$tmp"/n$run/nfcapd.2* >"$tmp/n.E" &&
	diff -u "$tmp/n.E" "$tmp/c.E" || fail "v$v: -E differs"
	# file headers alike but for the creation time (format.md §1.1)
	hdr() { od -An -tx1 -N8 "$1"; od -An -tx1 -j16 -N24 "$1"; }
	[ "$(hdr "$tmp"/c$run/nfcapd.2*)" = "$(hdr "$tmp"/n$run/nfcapd.2*)" ] ||
		fail "v$v: file headers differ: $(hdr "$tmp"/c$run/nfcapd.2*) / $(hdr "$tmp"/n$run/nfcapd.2*)"
	grep -q "^Ident: 'flowgen' Flows: 5000, " "$tmp/capd.log" || fail "v$v: interval log line"
	echo "ok: v$v $samp identical"
}

for run in 5 9 10 5s; do
	one_run $run || one_run $run || fail "v${run%s}: nfcapd lost datagrams twice"
done
exit 0
