#!/bin/sh
# --mix FILE and --mix uniform, delivered to Debian's nfcapd 1.7.1 as
# NetFlow v9: a mix file's flows use only its services, in about its
# proportions (3:1:1:1 here, within 10%), with no ports for GRE; uniform
# spreads flows over TCP, UDP and ICMP and thousands of ports; and the same
# seed sends the same flows again (times aside).
# Skipped (77) without /usr/bin/nfcapd unless REQUIRE_NFDUMP=1.
N=12000
NAME=flowgen_mix
PORT_BASE=23000 PORT_SPAN=1000
. "$(dirname "$0")/lib.sh"

cat >"$tmp/web.mix" <<'EOF'
# a test mix: proto port weight [bytes per packet]
tcp   443  30  1000

udp   53   10  90   # dns
icmp  0    10
47    0    10  400
EOF

# send NAME ARGS...: flowgen ARGS into a fresh nfcapd; the file is $tmp/NAME
send() {
	name=$1
	shift
	mkdir -p "$tmp/$name.d" &&
	start_nfcapd "$tmp/$name.d" || fail "$name: nfcapd did not start"
	"$FLOWGEN" -v 9 -n $N --rate 50000 -q -t 127.0.0.1 -p "$port" "$@" ||
		fail "$name: flowgen $* failed"
	stop_nfcapd
	"$NFDUMP" -R "$tmp/$name.d" -w "$tmp/$name" || fail "$name: nfdump -w failed"
	got=$("$NFDUMP" -r "$tmp/$name" -I | sed -n 's/^Flows: //p')
	[ "$got" = "$N" ] || fail "$name: nfcapd stored '$got' flows, want $N"
}
count() { "$NFDUMP" -r "$tmp/$1" -q -o csv "$2" | grep -c '^[0-9]'; }
near() { [ "$1" -ge $(($2 * 9 / 10)) ] && [ "$1" -le $(($2 * 11 / 10)) ]; }
# the flows without their times and received time, sorted
fields() {
	"$NFDUMP" -r "$tmp/$1" -q -o csv | grep '^[0-9]' | cut -d, -f4-47 | sort
}

send file --mix "$tmp/web.mix" --seed 3
[ "$(count file 'not (proto tcp and port 443) and not (proto udp and port 53) and not proto icmp and not proto 47')" = 0 ] ||
	fail "file: flows outside the mix's services"
[ "$(count file 'proto 47 and (src port > 0 or dst port > 0)')" = 0 ] || fail "file: GRE with ports"
for s in "proto tcp and port 443|6000" "proto udp and port 53|2000" "proto icmp|2000" "proto 47|2000"; do
	n=$(count file "${s%|*}")
	near "$n" "${s#*|}" || fail "file: ${s%|*}: $n flows, want about ${s#*|}"
done
send file2 --mix "$tmp/web.mix" --seed 3
fields file >"$tmp/a" && fields file2 >"$tmp/b" &&
	cmp -s "$tmp/a" "$tmp/b" || fail "file: same seed, different flows"

send uni --mix uniform --seed 4
for p in tcp udp icmp; do
	n=$(count uni "proto $p")
	near "$n" $((N / 3)) || fail "uniform: $n $p flows, want about $((N / 3))"
done
ports=$("$NFDUMP" -r "$tmp/uni" -q -o csv 'not proto icmp' | grep '^[0-9]' |
	awk -F, '{ print ($6 < $7 ? $6 : $7) }' | sort -u | wc -l)
[ "$ports" -gt 5000 ] || fail "uniform: only $ports distinct server ports"
echo "ok: mix file and uniform"
exit 0
