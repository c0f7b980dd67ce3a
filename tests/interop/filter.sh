#!/bin/sh
# Filter golden comparison: for each filter below, the set of flows
# lib/filter selects (tests/tools/filtercheck) must be the set nfdump 1.7.1
# prints, on the sample files and on a random nfgen file.  A filter nfdump
# rejects must be rejected by us as well.  `as` filters are absent: Debian's
# 1.7.1 refuses them without a geo DB (cli.md §2.3); check_filter covers them.
. "$(dirname "$0")/lib.sh"
FC="$TOP_BUILDDIR/tests/tools/filtercheck"

"$NFGEN" -n 2000 -s 3 --compat171 --ipv6 30 -w "$WORK/gen.nf"

FILTERS='any
not any
proto tcp
proto 17
not proto tcp
! proto tcp
proto icmp
proto icmp6
proto 58
proto gre
proto esp
ipv6
inet6
ipv4
inet
host 10.0.0.1
ip 192.168.1.10
src ip 192.168.1.10 and dst ip 10.0.0.1
dst host 8.8.8.8
src or dst ip 8.8.8.8
src and dst ip 10.0.0.1
net 10.0.0.0/8
src net 192.168.1.0/24
dst net 10.0.0.0 255.0.0.0
net 192.168/16
net 10/8
net 2001:db8::/32
src net 2001:db8:1::/48
dst net 2001:db8:ffff::/48
net 0.0.0.0/1
ip in [ 8.8.8.8 10.0.0.0/24 ]
dst ip in [ 8.8.8.8, 10.0.0.1, 2001:db8:2::20 ]
src ip in [ 128.0.0.0/2 2001:db8::/33 ]
port 53
src port 53
dst port > 1024
port < 1024 and proto tcp
port in [ 22 25 53 80 ]
src port gt 50000
dst port 0x50
dst port <= 1000
icmp-type 8
icmp-type 3 and icmp-code 3
icmp-code 0
flags S
flags SA
flags AS
flags R
flags X
flags UAPRSF
not flags A and proto tcp
flags > 32
tos 40
tos > 100
dst tos < 50
packets > 10
packets >= 1k
bytes > 1M
bytes < 100
in bytes > 10000
out bytes > 0
out packets 45
out packets > 1000
flows 1
flows > 100
pps > 5
bps > 100k
bpp < 100
bpp > 1000
duration > 5000
duration 0
duration < 200000
in if 1
out if 2
if 7
in if > 3
src mask 16
dst mask 48
mask 24
next ip 192.168.1.1
next ip 2001:db8:1::1
next ip 0.0.0.0
bgpnext ip 192.0.2.1
bgpnext ip 0.0.0.0
router ip 127.0.0.1
router ip 0.0.0.0
vlan 100
src vlan 300
dst vlan 200
src vlan 0
mac 00:11:22:33:44:55
in src mac 00:11:22:33:44:55
in dst mac 33:33:00:00:00:01
out dst mac 00:00:00:00:00:00
engine-type 1
engine-id 7
engine-type > 100
sysid 1
proto tcp and (port 80 or port 443)
port 80 or port 443 and proto udp
not (src net 192.168.1.0/24 or dst net 192.168.1.0/24)
proto udp # comment
PROTO TCP AND PORT EQ 22
proto tcp && port 443
proto tcp || proto udp
not not proto tcp
src port 0 and dst port 0
(proto tcp or proto udp) and not (packets < 10 or bytes > 10M)
flowdir 1
dir egress
mpls label1 1000
mpls exp2 > 3
# values taken from the nfgen -s 3 file, so that they select something
src net 43.87/16
net 235.152.18.0 255.255.254.0
dst net 0.0.0.0/16
src net 2001:db8:ffff:ffff::/64
ip in [ 43.87.44.122 95.237.222.4 2001:db8:0:b1:: ]
next ip in [ 53.227.249.106 2001:db8:f70c:79e8::38c ]
src port in [ 31 863 64269 ]
dst ip 0.0.2.141 or dst ip 0.0.3.110 and port 9222
bgpnext ip 0.0.0.0
bgpnext ip 0.0.0.1
bgpnext ip 2001:db8:f70c:79e8::38c
bgpnext ip ::
bytes 0
bytes 127385230853
bytes 484
bytes 63923984226
bytes 700565792310
bytes 906399919676
dst ip 0.0.2.141
dst ip 0.0.3.110
dst ip 2001:db8:0:339::
dst ip 2001:db8::3316:8af9:cd9f:3dc3
dst ip 2001:db8:c9f2:8d57::2b7
dst ip 95.237.222.4
dst mask 0
dst mask 12
dst mask 74
dst mask 96
dst tos 0
dst tos 187
dst tos 230
dst tos 64
engine-id 137
engine-type 169
in dst mac 00:00:00:00:00:01
in dst mac 11:3d:d7:aa:50:b5
in if 0
in if 204
in if 2344739452
in src mac 00:00:00:00:00:de
in src mac 6a:34:9c:9f:da:86
in src mac e3:c1:11:4d:24:13
next ip 0.0.0.0
next ip 2001:db8:f70c:79e8::38c
next ip 53.227.249.106
out dst mac 00:00:00:00:02:ad
out dst mac 11:b8:e8:e9:7a:a5
out dst mac ff:ff:ff:ff:ff:ff
out if 0
out if 1
out if 522164118
out if 571
out packets 0
out packets 1
out packets 1007892915784
out packets 561694000274
out src mac 00:00:00:00:00:b2
out src mac c9:c7:39:43:58:34
out src mac ff:ff:ff:ff:ff:ff
packets 0
packets 18446744073709551615
packets 2092410251
packets 4294967295
port 0
port 40971
port 6523
port 65420
port 9222
port 993
router ip 0.0.0.0
router ip 2001:db8:ffff::1
src ip 0.0.0.1
src ip 2001:db8:0:b1::
src ip 2001:db8:ffff:ffff::2d4
src ip 2001:db8:ffff:ffff:df2:f0a:9f30:d550
src ip 235.152.18.201
src ip 43.87.44.122
src mask 0
src mask 103
src mask 45
src mask 80
src port 0
src port 31
src port 388
src port 64269
src port 863
src vlan 0
src vlan 2241
src vlan 3663
src vlan 4095
tos 125
tos 154
tos 2
tos 200
tos 27
tos 7
vlan 0
vlan 2812
vlan 568
vlan 643'

n=0
printf '%s\n' "$FILTERS" > "$WORK/filters"
for f in "$SAMPLES"/v2_171_nfcapd_A_none.nf "$SAMPLES"/v2_171_nfcapd_B_v9_ipv6.nf \
	 "$SAMPLES"/v2_171_nfcapd_L_v9_vlan_mac.nf "$WORK/gen.nf"; do
	# Which csv lines belong to which flow (a tunnelled flow prints two).
	"$FC" -l any "$f" > "$WORK/lines"
	"$NFDUMP" -r "$f" -q -o csv > "$WORK/all.csv"
	while IFS= read -r flt; do
		case $flt in '#'*) continue ;; esac
		n=$((n + 1))
		if ! "$NFDUMP" -r "$f" -q -o csv "$flt" > "$WORK/ref.raw" 2>/dev/null; then
			if "$FC" "$flt" "$f" > /dev/null 2>&1; then
				fail "$(basename "$f") '$flt': nfdump rejects it, we accept it"
			fi
			continue
		fi
		grep -v '^No matching flows$' "$WORK/ref.raw" > "$WORK/ref.csv" || :
		"$FC" "$flt" "$f" > "$WORK/sel" ||
			fail "$(basename "$f") '$flt': nfdump accepts it, we reject it"
		awk 'FILENAME == ARGV[1] { sel[$1] = 1; next }
		     FILENAME == ARGV[2] { for (i = 0; i < $2; i++) owner[++nl] = $1; next }
		     (owner[FNR] in sel)' "$WORK/sel" "$WORK/lines" "$WORK/all.csv" > "$WORK/our.csv"
		compare "$(basename "$f") '$flt'" "$WORK/ref.csv" "$WORK/our.csv"
	done < "$WORK/filters"
done
echo "PASS ($n filter runs)"
