#!/bin/sh
# Filter golden comparison: for each filter below, the set of flows
# lib/filter selects (tests/tools/filtercheck) must be the set nfdump 1.7.1
# prints, on the sample files and on a random nfgen file.  A filter nfdump
# rejects must be rejected by us as well.  The nfgen file carries every
# element 1.7.1 reads (NSEL/NEL, tunnels, MPLS, MAC, VLAN, AS, next hops,
# labels, payload ...) with random values, so each primitive of cli.md §2
# is compared on records that have its element and on records that lack it.
#
# Where 1.7.1 is wrong or lacks a spelling (man/dump.1, FILTER), EQUIV pairs
# our filter with one 1.7.1 evaluates to the selection we document, and
# AWKSEL checks the `as` family, which Debian's 1.7.1 refuses without a geo
# DB, against the values nfdump itself prints for each flow.
. "$(dirname "$0")/lib.sh"
FC="$TOP_BUILDDIR/tests/tools/filtercheck"

"$NFGEN" -n 2000 -s 3 --compat171 --ipv6 30 -I genident -w "$WORK/gen.nf"

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
vlan 643
# ident, count, flow labels
ident genident
ident testA
ident testB
ident testL
ident testS
ident other
ident gen
count 3
count > 5
count < 100
count >= 1999
count le 2
flowlabel abc
%web ( proto tcp )
( proto udp ) %dns or proto gre
# NSEL (asa)
asa event create
asa event 1
asa event > 2
asa event delete
asa event term
asa event deny
asa event ignore
asa event denied ingress
asa event denied egress
asa event denied interface
asa event denied nosyn
asa xevent > 100
asa xevent 0
asa xevent < 1005
# NEL (nat)
nat event add
nat event create
nat event delete
nat event invalid
nat event > 1
nat event < 3
nat event 2
pblock start > 100
pblock start 0
pblock end < 1000
pblock step 0
pblock step > 1
pblock size > 5
port in pblock
src port in pblock
dst port in pblock
src or dst port in pblock
ingress vrf > 10
ingress vrf 0
egress vrf > 10
egress vrf < 1000
ingress acl > 5
ingress acl 0
ingress ace > 5
ingress xace < 100
xport 0
xport > 1000
src xport < 100
dst xport 0
src and dst xport < 30000
nport > 100
dst nport > 30000
src nport 0
xip 0.0.0.0
src xip 0.0.0.0
dst xip ::
nip 0.0.0.0
xnet 128.0.0.0/1
src xnet 2001:db8::/32
dst xnet 0.0.0.0/8
src or dst xnet 64.0.0.0/2
nip in [ 0.0.0.0 ]
src nip in [ 0.0.0.0/1 2001:db8::/32 ]
dst xip in [ 128.0.0.0/1 ]
# tunnels, observation ids, bottom-of-stack MPLS, fwdstat names, payload
tun proto 6
tun proto udp
tun proto 0
tun proto gre
tunip 0.0.0.0
src tunip 0.0.0.0
dst tunip ::
observation domain id 0
observation point id 0
mpls eos > 5
mpls eos 0
mpls eos < 1000
mpls exp1 0
mpls label2 > 1000
fwdstat Forw
fwdstat forw
fwdstat Ukwn
fwdstat Drop
fwdstat Noroute
fwdstat 0
payload content abc
payload content GET
# host names (localhost only: /etc/hosts, no DNS traffic)
host localhost
src ip localhost or dst ip 10.0.0.1
ip in [ localhost 10.0.0.0/24 ]
# @include of a filter file
@include $WORK/inc.flt
proto tcp and ( @include $WORK/inc.flt )
# errors both versions report
proto foo
port 70000
ip 1.2.3
flags SS
tos 300
ident a.b
fwdstat Bogus
tun proto 300
geo DE
src geo US'

# OURS ;; 1.7.1 equivalent: spellings 1.7.1 lacks (1.7.8's two-word forms,
# `flags =S`, comparisons on icmp-type and observation ids) and the 1.7.1
# bug in `mpls any`, which compares only the bottom-of-stack label.
EQUIV='engine type 169 ;; engine-type 169
engine id > 100 ;; engine-id > 100
icmp type 8 ;; icmp-type 8
icmp code 0 ;; icmp-code 0
icmp-type > 3 ;; (proto icmp or proto icmp6) and dst port >= 1024
icmp-code < 2 ;; (proto icmp or proto icmp6) and (icmp-code 0 or icmp-code 1)
exporter ip 127.0.0.1 ;; router ip 127.0.0.1
exporter ip 2001:db8:ffff::1 ;; router ip 2001:db8:ffff::1
exporter id 1 ;; sysid 1
exporter sysid 1 ;; sysid 1
bgp next ip 0.0.0.0 ;; bgpnext ip 0.0.0.0
src nat ip 0.0.0.0 ;; src xip 0.0.0.0
nat ip :: ;; xip ::
dst nat net 0.0.0.0/8 ;; dst xnet 0.0.0.0/8
nat port > 1000 ;; xport > 1000
src nat port 0 ;; src xport 0
port in nat pblock ;; port in pblock
nat pblock start > 100 ;; pblock start > 100
src tun ip 0.0.0.0 ;; src tunip 0.0.0.0
tun ip :: ;; tunip ::
cnt > 5 ;; count > 5
first seen > 2020-01-01 ;; any
last seen < 2020-01-01T00:00:00 ;; not any
flags =S ;; proto tcp and flags 2
flags = AS ;; proto tcp and flags 18
asa event denied 1001 ;; asa event 3 and asa xevent 1001
observation point id > 0 ;; not observation point id 0
observation domain id >= 1 ;; not observation domain id 0
mpls any 0 ;; mpls label1 0 or mpls label2 0 or mpls label3 0 or mpls label4 0 or mpls label5 0 or mpls label6 0 or mpls label7 0 or mpls label8 0 or mpls label9 0 or mpls label10 0
'

# csv_select FILTER FILE: the csv lines of the flows filtercheck selects.
csv_select() {
	"$FC" "$1" "$2" > "$WORK/sel" || return 1
	awk 'FILENAME == ARGV[1] { sel[$1] = 1; next }
	     FILENAME == ARGV[2] { for (i = 0; i < $2; i++) owner[++nl] = $1; next }
	     (owner[FNR] in sel)' "$WORK/sel" "$WORK/lines" "$WORK/all.csv"
}

# same_selection LABEL OURS REF FILE: we select with OURS what nfdump does with REF.
same_selection() {
	"$NFDUMP" -r "$4" -q -o csv "$3" > "$WORK/ref.raw" 2>/dev/null ||
		fail "$1: nfdump rejects '$3'"
	# nfdump prints what it resolves a host name to before the records
	grep -v -e '^No matching flows$' -e '^Resolving ' -e '^IPv[46] address: ' \
		"$WORK/ref.raw" > "$WORK/ref.csv" || :
	csv_select "$2" "$4" > "$WORK/our.csv" || fail "$1: nfdump accepts it, we reject it"
	compare "$1" "$WORK/ref.csv" "$WORK/our.csv"
}

n=0
printf 'port 53 # dns\nor port 22\n' > "$WORK/inc.flt"
printf '%s\n' "$FILTERS" | sed "s|\\$WORK|$WORK|" > "$WORK/filters"
printf '%s' "$EQUIV" > "$WORK/equiv"
for f in "$SAMPLES"/v2_171_nfcapd_A_none.nf "$SAMPLES"/v2_171_nfcapd_B_v9_ipv6.nf \
	 "$SAMPLES"/v2_171_nfcapd_L_v9_vlan_mac.nf "$SAMPLES"/v2_171_nfcapd_S_sampled.nf \
	 "$WORK/gen.nf"; do
	# Which csv lines belong to which flow (a tunnelled flow prints two).
	"$FC" -l any "$f" > "$WORK/lines"
	"$NFDUMP" -r "$f" -q -o csv > "$WORK/all.csv"
	while IFS= read -r flt; do
		case $flt in '#'*) continue ;; esac
		n=$((n + 1))
		if ! "$NFDUMP" -r "$f" -q -o csv "$flt" > /dev/null 2>&1; then
			if "$FC" "$flt" "$f" > /dev/null 2>&1; then
				fail "$(basename "$f") '$flt': nfdump rejects it, we accept it"
			fi
			continue
		fi
		same_selection "$(basename "$f") '$flt'" "$flt" "$flt" "$f"
	done < "$WORK/filters"
	while IFS= read -r pair; do
		n=$((n + 1))
		ours=${pair%% ;; *}
		same_selection "$(basename "$f") '$ours' as '${pair#* ;; }'" "$ours" "${pair#* ;; }" "$f"
	done < "$WORK/equiv"
done

# The as family (1.7.1 refuses it without a geo DB) and egress acl/ace/xace
# (its grammar refuses every egress form): what nfdump prints for a flow
# must select it.  FILTER | awk condition on
# "srcAS dstAS nextAS prevAS egressACL egressACE egressXACE".
AWKSEL='as 0 | $1 == 0 || $2 == 0
as 350592165 | $1 == 350592165 || $2 == 350592165
src as 350592165 | $1 == 350592165
dst as 1683305926 | $2 == 1683305926
as > 4000000000 | $1 > 4000000000 || $2 > 4000000000
src and dst as < 100000 | $1 < 100000 && $2 < 100000
dst as in [ 0 1683305926 ] | $2 == 0 || $2 == 1683305926
next as 0 | $3 == 0
next as > 1000 | $3 > 1000
prev as < 65536 | $4 < 65536
prev as in [ 0 1 ] | $4 == 0 || $4 == 1
egress acl > 5 | $5 > 5
egress acl 0 | $5 == 0
egress ace > 5 | $6 > 5
egress xace <= 4294967294 | $7 <= 4294967294'
"$FC" -l any "$WORK/gen.nf" > "$WORK/lines"
"$NFDUMP" -r "$WORK/gen.nf" -q -o 'fmt:%sas %das %nas %pas %eacl' > "$WORK/as.txt"
printf '%s\n' "$AWKSEL" > "$WORK/awksel"
while IFS='|' read -r flt cond; do
	# a tunnelled flow prints the tunnel first: the flow's own line is its last
	awk 'FILENAME == ARGV[1] { for (i = 0; i < $2; i++) owner[++nl] = $1; last[nl] = 1; next }
	     (FNR in last) && ('"$cond"') { print owner[FNR] }' "$WORK/lines" "$WORK/as.txt" \
		> "$WORK/ref.sel"
	"$FC" "$flt" "$WORK/gen.nf" > "$WORK/our.sel" || fail "'$flt' does not compile"
	n=$((n + 1))
	compare "gen.nf '$flt' against the printed values" "$WORK/ref.sel" "$WORK/our.sel"
done < "$WORK/awksel"
# dump itself passes each file's ident and the read count to the filter
# (nfsen selects a channel's sources with `ident`): over a directory of
# files with four idents, dump and nfdump select the same flows.
mkdir "$WORK/idents"
for f in A_none B_v9_ipv6 L_v9_vlan_mac S_sampled; do
	cp "$SAMPLES/v2_171_nfcapd_$f.nf" "$WORK/idents/"
done
for flt in 'ident testA' 'ident testB or ident testL' 'not ident testS and proto tcp' \
	   'count < 4' 'count > 5 and count <= 9' 'ident testB and count > 6'; do
	"$NFDUMP" -q -o csv -R "$WORK/idents" "$flt" > "$WORK/ref.csv" 2>&1 || true
	"$DUMP" -q -o csv -R "$WORK/idents" "$flt" > "$WORK/our.csv" 2>&1 || true
	n=$((n + 1))
	compare "dump '$flt' over four idents" "$WORK/ref.csv" "$WORK/our.csv"
	[ "$(wc -l < "$WORK/ref.csv")" -gt 1 ] || fail "'$flt' selects nothing: a weak test"
done
echo "PASS ($n filter runs)"
