#!/bin/sh
# File selection: -r dir, -R ranges across a -S 2 hierarchy, -M with
# sub-directory guessing, and -t windows select the same flows in the same
# order as nfdump 1.7.1.
. "$(dirname "$0")/lib.sh"

S=$SAMPLES
D="$WORK/data"
mk() {	# mk DIR/sub/nfcapd.STAMP SAMPLE
	mkdir -p "$(dirname "$D/$1")"
	cp "$S/$2" "$D/$1"
}
mk a/2023/11/14/22/nfcapd.202311142210 v2_171_nfcapd_A_none.nf
mk a/2023/11/14/22/nfcapd.202311142215 v2_171_nfcapd_B_v9_ipv6.nf
mk a/2023/11/14/23/nfcapd.202311142300 v2_171_nfcapd_L_v9_vlan_mac.nf
mk a/2023/11/15/00/nfcapd.202311150000 v2_171_nfcapd_S_sampled.nf
mk a/2023/11/14/22/nfcapd.current.1234 v2_171_nfdump_A_lz4.nf
mk a/.nfstat v2_171_nfdump_A_lz4.nf
mk b/2023/11/14/22/nfcapd.202311142210 v2_171_nfdump_A_bz2.nf
mk b/2023/11/14/23/nfcapd.202311142300 v2_171_nfdump_A_lzo.nf

# same ARGS...: nfdump and dump print the same csv (and the same -I).
same() {
	(cd "$D" && "$NFDUMP" "$@" -o csv 2>/dev/null) | untimed > "$WORK/ref.txt"
	(cd "$D" && "$DUMP" "$@" -o csv 2>/dev/null) | untimed > "$WORK/our.txt"
	compare "$*" "$WORK/ref.txt" "$WORK/our.txt"
	[ -s "$WORK/ref.txt" ] || fail "$*: nfdump printed nothing"
}

same -r a
same -R a
same -R a/2023/11/14/22/nfcapd.202311142210:2023/11/15/00/nfcapd.202311150000
same -R a/2023/11/14/22/nfcapd.202311142215:2023/11/14/23/nfcapd.202311142300
same -R a/2023/11/14/22/nfcapd.202311142210:nfcapd.202311142300
same -R a/2023/11/14/22/nfcapd.202311142215
same -M "$D/a:b" -r nfcapd.202311142210
same -M "$D/a:b" -r nfcapd.202311142300
same -M "$D/a:b" -R .
same -R a -t 2023/11/14.22:13:11-2023/11/14.22:13:16
same -R a -t 2023/11/14.22:13:19
same -R a -t 2023/11/14
# a filter on top of the selection
same -R a proto tcp
same -R a 'net 10.0/16 and not port 80'
same -R a -t 2023/11/14.22:13:11-2023/11/14.22:13:21 'inet6 or bytes > 200'
# -f: the filter from a file, with comments and line breaks
printf '# tcp only\nproto tcp\n  and not port 80\n' > "$WORK/filter.txt"
same -R a -f "$WORK/filter.txt"
rc=0; "$DUMP" -r "$D/a" -f "$WORK/nofile" > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || fail "missing -f file: exit $rc, expected 1 as nfdump 1.7.1"
rc=0; "$DUMP" -r "$D/a" 'proto tcpx' > /dev/null 2>&1 || rc=$?
[ $rc = 254 ] || fail "bad filter: exit $rc, expected 254"
echo PASS
