#!/bin/sh
# flowgen -v sflow datagrams decode cleanly in Wireshark's sFlow dissector:
# captured on the loopback, every datagram is sFlow v5, the flow samples
# number exactly the flows sent, each sampled header dissects down to
# TCP/UDP/ICMP, and no packet is malformed or draws an expert error.
# Application dissectors are switched off (a scratch profile): sampled
# headers end after the transport header, so they would only report the
# truncated payloads.  Skipped (77) without tshark or without the right
# to capture on lo, unless REQUIRE_TSHARK=1.
N=3000
NAME=flowgen_tshark
PORT_BASE=23000 PORT_SPAN=1000
FLOWGEN=${TOP_BUILDDIR:-..}/bin/flowgen/flowgen
skip() {
	[ "${REQUIRE_TSHARK:-0}" = 1 ] && { echo "FAIL: $*"; exit 1; }
	echo "SKIP: $*"
	exit 77
}
fail() { echo "FAIL: $*"; exit 1; }
command -v tshark >/dev/null 2>&1 || skip "tshark not installed (apt-get install tshark)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$NAME.XXXXXX") || exit 1
tspid=
cleanup() {
	[ -n "$tspid" ] && kill -INT "$tspid" 2>/dev/null && wait "$tspid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

port=$((PORT_BASE + $$ % PORT_SPAN))
tshark -i lo -f "udp dst port $port" -w "$tmp/sf.pcap" >"$tmp/ts.out" 2>"$tmp/ts.err" &
tspid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q 'Capturing on' "$tmp/ts.err" && break
	kill -0 "$tspid" 2>/dev/null || break
	sleep 0.25
done
grep -q 'Capturing on' "$tmp/ts.err" || skip "cannot capture on lo: $(tail -1 "$tmp/ts.err")"

# --no-gso: the loopback capture would see GSO runs as one super-packet.
# Nobody listens on $port; the ICMP unreachables do not stop flowgen.
"$FLOWGEN" -v sflow -n $N --rate 30000 --seed 7 --ipv6 20 --no-gso -q \
	-t 127.0.0.1 -p "$port" || fail "flowgen failed"
sleep 0.5
kill -INT "$tspid" && wait "$tspid"
tspid=

# a profile with every protocol off but the ones a sampled header holds
mkdir -p "$tmp/conf/wireshark" &&
tshark -G protocols 2>/dev/null | cut -f3 |
	grep -vxE 'frame|eth|ethertype|vlan|ip|ipv6|icmp|icmpv6|tcp|udp|sflow|data' \
	>"$tmp/conf/wireshark/disabled_protos" || fail "tshark -G protocols failed"
ts() {
	XDG_CONFIG_HOME=$tmp/conf HOME=$tmp tshark -r "$tmp/sf.pcap" \
		-d "udp.port==$port,sflow" "$@" 2>/dev/null
}

dgrams=$(ts -T fields -e sflow_245.version | grep -c '^5$')
[ "$dgrams" -gt 0 ] || fail "no sFlow v5 datagrams captured"
[ "$(ts -T fields -e frame.number | wc -l)" = "$dgrams" ] ||
	fail "captured packets that are not sFlow v5"
flows=$(ts -T fields -e sflow_245.sampletype | tr ',' '\n' | grep -c '^1$')
[ "$flows" = "$N" ] || fail "tshark sees $flows flow samples, want $N"
ctrs=$(ts -T fields -e sflow_245.sampletype | tr ',' '\n' | grep -c '^2$')
[ "$ctrs" -gt 0 ] || fail "no counter samples"
# one transport header per sample; not counted: the UDP carrying each
# datagram, and the UDP header an ICMP error quotes
each() { ts -T fields -e "$1" | tr ',' '\n' | grep -c "${2:-.}"; }
l4=$(($(each tcp.srcport) + $(each udp.srcport) - dgrams + $(each icmp.type) -
	$(each icmp.type '^\(3\|11\|12\)$')))
[ "$l4" = "$N" ] || fail "$l4 sampled headers dissect to TCP/UDP/ICMP, want $N"
bad=$(ts -Y '_ws.malformed' -T fields -e frame.number | wc -l)
[ "$bad" = 0 ] || fail "$bad malformed packets"
# expert severities: 0x800000 is error (warnings: TCP RSTs in the samples)
errs=$(ts -T fields -e _ws.expert.severity | tr ',' '\n' |
	awk '$1 >= 8388608 { n++ } END { print n + 0 }')
[ "$errs" = 0 ] || fail "$errs expert errors: $(ts -Y '_ws.expert.severity >= 8388608' -T fields -e _ws.expert.message | sort | uniq -c | head -5)"
echo "ok: $dgrams datagrams, $flows flow samples, $ctrs counter samples decode cleanly"
exit 0
