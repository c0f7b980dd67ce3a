#!/bin/sh
# flowgen -v sflow into Debian's sfcapd 1.7.1: every flow sample is stored
# as one flow (counter samples are not), the per-protocol counts match
# what flowgen reports, and seed 1's first flow arrives with the fields
# flowgen generated, packets and bytes scaled by the sampling rate as
# sfcapd does (packets = rate, bytes = rate * frame length); each exporter
# is a sub-agent with its sampler and no sequence failures.
# Skipped (77) without /usr/bin/sfcapd unless REQUIRE_NFDUMP=1.
N=20000
NAME=flowgen_sfcapd
PORT_BASE=23000 PORT_SPAN=1000
. "$(dirname "$0")/lib.sh"
SFCAPD=/usr/bin/sfcapd
if [ ! -x "$SFCAPD" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && fail "sfcapd 1.7.1 missing (package nfdump-sflow)"
	echo "SKIP: $SFCAPD missing (package nfdump-sflow)"
	exit 77
fi

count() { sed -n "s/^$1: //p" "$tmp/info"; }

# $1: extra flowgen options; $2: sampling rate they set; $3: exporters
run() {
	dir=$tmp/sf$2
	mkdir -p "$dir" &&
	start_nfcapd "$dir" "$SFCAPD" || fail "sfcapd did not start"
	# shellcheck disable=SC2086
	"$FLOWGEN" -v sflow -n $N --rate 20000 --seed 1 --ipv6 10 $1 \
		-t 127.0.0.1 -p "$port" >"$tmp/out" || fail "flowgen -v sflow $1 failed"
	stop_nfcapd
	"$NFDUMP" -R "$dir" -I >"$tmp/info" || fail "nfdump -I failed"
	got=$(count Flows)
	[ "$got" = "$N" ] || fail "rate $2: sfcapd stored '$got' flows, want $N"
	grep -q "sent $N flows in .* sFlow v5 datagrams" "$tmp/out" ||
		fail "rate $2: no summary line: $(cat "$tmp/out")"
	for p in tcp udp icmp; do
		sent=$(sed -n "s/.*[:,] $p \([0-9]*\).*/\1/p" "$tmp/out")
		[ "$(count "Flows_$p")" = "$sent" ] ||
			fail "rate $2: $p flows stored $(count "Flows_$p"), flowgen sent '$sent'"
	done
	[ "$(count Packets)" = "$((N * $2))" ] ||
		fail "rate $2: $(count Packets) packets, want $N samples * $2"
	# seed 1's first flow: an https reply of 2 packets, 2932 bytes: a
	# 1466-byte IP packet in a VLAN-tagged frame of 14+4+1466+4 = 1488
	# bytes; the sampled packet of a 2-packet flow is a plain ACK
	want="172.16.12.137,10.2.92.193,443,38154,TCP,...A....,0,0,$2,$((1488 * $2)),0,0"
	want="$want,6,13,64576,65034,12,8,0,0,192.168.0.5,192.168.0.5,60,130"
	want="$want,02:00:01:01:00:06,02:00:01:02:00:0d"
	"$NFDUMP" -R "$dir" -o csv 'src ip 172.16.12.137 and dst port 38154' |
		grep -q ",$want," || fail "rate $2: seeded flow not stored as $want"
	# each exporter a sub-agent with its sampling rate; no sequence gaps
	"$NFDUMP" -E "$dir"/nfcapd.2* >"$tmp/exp" || fail "nfdump -E failed"
	[ "$(grep -c "^SysID: .*, ID: *[0-9]*, Sequence failures: 0," "$tmp/exp")" = "$3" ] ||
		fail "rate $2: want $3 exporters without sequence failures: $(cat "$tmp/exp")"
	[ "$(grep -c "packet interval: 1, packet space: $(($2 - 1))\$" "$tmp/exp")" = "$3" ] ||
		fail "rate $2: want $3 samplers of 1:$2: $(cat "$tmp/exp")"
	echo "ok: sampling 1:$2, $3 exporters, $got flows"
}

run "" 1000 1 &&
run "--sampling 64 --exporters 3" 64 3 &&
exit 0
