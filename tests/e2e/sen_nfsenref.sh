#!/bin/sh
# sen against a real nfsen 1.3.11: the original container's start.sh
# sequence (nfsen start, --add-profile zone1_profile, 21 --add-channel,
# --commit-profile, -l) on the container's nfsen.conf, then one 5-minute
# slot of the same five capture files, must leave the profile tree,
# profile.dat, listings, RRDs, .nfstat and channel files nfsen left.
# tests/golden/nfsen/ holds those facts, recorded from nfsen 1.3.11 with
# Debian's nfdump 1.7.1 as its backend (how, and what is normalised and
# why: tests/golden/nfsen/README).  The files: nfgen -n 2000 --mix v5
# -z lz4 -I <source>, seeds 6..10 in the order of SOURCES.
#
#   sen_nfsenref.sh                  compare sen with the golden facts
#   sen_nfsenref.sh --facts BASE NFSEN OUT   write the facts of a tree
#                                    (what the golden files were made with)
set -u
export LC_ALL=C
# Run as root, sen works under $USER's ids; the kernel then marks it not
# dumpable and LeakSanitizer cannot stop its threads.  Leaks of the same
# code are checked by the other sen tests, which keep their ids.
[ "$(id -u)" = 0 ] && export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
umask 022	# a root shell's, as nfsen start ran under
SOURCES="ipfix-global sflow-global netflow-global peer1 peer2"
CHANNELS="icmp chargen ftp ssh telnet dns http ntp loc-srv netbios-ns snmp https microsoft-ds http-alt ms-sql-s mysql rdp sip p2p bittorrent"

# --- normalising: times, sizes (compression and st_blocks), Perl hash order
norm_listing() {
	awk -v live="${1:-0}" -F '\t' '
	function sortlist(s,   n, a, i, j, t, out) {
		n = split(s, a, "|")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		out = a[1]; for (i = 2; i <= n; i++) out = out "|" a[i]
		return out
	}
	/^(tcreate|tstart|tend|updated)\t/ { print $1 "\t<time>"; next }
	/^size\t/ { print "size\t<n>"; next }
	/^channel / {
		line = ""
		for (i = 1; i <= NF; i++) {
			f = $i
			if (f ~ /^sourcelist: /) f = "sourcelist: " sortlist(substr(f, 13))
			if (f ~ /^Size: /) f = "Size: <n>"
			if (live && f ~ /^Files: /) f = "Files: <n>"
			if (live && f ~ /^(order|colour): /) f = substr(f, 1, index(f, ":")) " <x>"
			line = line (i > 1 ? "\t" : "") f
		}
		if (live) { chans[++nc] = line; next }
		print line; next
	}
	/^\tFiles: / { sub(/Size: [0-9]+/, "Size: <n>"); print; next }
	{ print }
	END { if (live) { for (i = 2; i <= nc; i++) for (j = i; j > 1 && chans[j-1] > chans[j]; j--) { t = chans[j]; chans[j] = chans[j-1]; chans[j-1] = t } for (i = 1; i <= nc; i++) print chans[i] } }'
}

norm_profile() {
	awk -v live="${1:-0}" '
	function sortlist(s,   n, a, i, j, t, out) {
		n = split(s, a, "|")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		out = a[1]; for (i = 2; i <= n; i++) out = out "|" a[i]
		return out
	}
	/^(tbegin|tcreate|tstart|tend|updated) = / { print $1 " = <t>"; next }
	/^size = / { print "size = <n>"; next }
	/^channel = / {
		n = split($3, c, ":")
		if (live) { c[3] = "<x>"; c[4] = "<x>" }
		chans[++nc] = "channel = " c[1] ":" c[2] ":" c[3] ":" c[4] ":" sortlist(c[5]); next
	}
	{ print }
	END { for (i = 2; i <= nc; i++) for (j = i; j > 1 && chans[j-1] > chans[j]; j--) { t = chans[j]; chans[j] = chans[j-1]; chans[j-1] = t } for (i = 1; i <= nc; i++) print chans[i] }'
}

# facts BASE NFSEN OUT: the normalised facts of a tree after one slot
facts() {
	fb=$1 fn=$2 fo=$3
	mkdir -p "$fo" || return 1
	own=$(stat -c '%U:%G' "$fb/profiles-stat/zone1_profile/profile.dat")
	for p in live zone1_profile; do
		l=0; [ $p = live ] && l=1
		$fn -l $p 2>&1 | grep -v setlogsock | norm_listing $l > "$fo/listing.$p"
		norm_profile $l < "$fb/profiles-stat/$p/profile.dat" > "$fo/profile.$p"
	done
	# one RRD layout for every channel; the values nfsend/nfprofile gave it
	rrdtool info "$fb/profiles-stat/zone1_profile/icmp.rrd" |
		grep -v '^filename\|^last_update\|last_ds\|\.value\|unknown_sec\|cur_row\|cdp_prep' > "$fo/rrdinfo"
	: > "$fo/rrdvalues"
	for p in live zone1_profile; do
		for r in "$fb/profiles-stat/$p"/*.rrd; do
			c=$(basename "$r" .rrd)
			rrdtool info "$r" | grep -v '^filename\|^last_update\|last_ds\|\.value\|unknown_sec\|cur_row\|cdp_prep' |
				cmp -s - "$fo/rrdinfo" || echo "$p/$c: other RRD layout" >> "$fo/rrdvalues"
			printf '%s/%s' $p "$c" >> "$fo/rrdvalues"
			rrdtool info "$r" | sed -n 's/^ds\[\(.*\)\]\.last_ds = "\(.*\)"/ \1=\2/p' | tr -d '\n' >> "$fo/rrdvalues"
			echo >> "$fo/rrdvalues"
		done
	done
	# each zone1 channel's slot file: its statistics (the records' sums),
	# and .nfstat without times and sizes
	: > "$fo/channels"
	for c in $CHANNELS; do
		d=$fb/profiles-data/zone1_profile/$c
		f=$(find "$d" -name 'nfcapd.2*' | sort | tail -1)
		echo "== $c $(find "$d" -name 'nfcapd.2*' | wc -l) file(s)" >> "$fo/channels"
		[ -n "$f" ] && $DUMPI -I -r "$f" | grep -v '^File\|^Created\|^Modified\|^Compression\|^First\|^Last\|^msec_\|^Ident' >> "$fo/channels"
		sed 's/^\(first\|last\|size\)=.*/\1=<n>/' "$d/.nfstat" >> "$fo/channels"
	done
	# the tree: mode, owner and names (dates and slot times as letters)
	(cd "$fb" && find profiles-stat profiles-data | sort | while read -r f; do
		case $f in
		profiles-stat/hints | profiles-stat/sen.sources | profiles-data/live/*/*) continue ;;
		esac
		printf '%s %s %s\n' "$(stat -c %A "$f")" "$(stat -c %U:%G "$f" | sed "s/^$own$/USER:GROUP/")" "$f"
	done) | sed 's|/[0-9]\{4\}/[0-9][0-9]/[0-9][0-9]|/YYYY/MM/DD|; s|/[0-9]\{4\}/[0-9][0-9]$|/YYYY/MM|; s|/[0-9]\{4\}$|/YYYY|; s|nfcapd\.[0-9]\{12\}|nfcapd.SLOT|' |
		# live's graphs: install.pl drew them first (umask 002), sen at the first cycle
		sed 's|^-rw-r[w-]-r-- \(.* profiles-stat/live/.*\.png\)$|-rw-r?-r-- \1|' > "$fo/tree"
}

if [ "${1:-}" = "--facts" ]; then
	DUMPI=${DUMPI:-nfdump}
	facts "$2" "$3" "$4"
	exit $?
fi

command -v rrdtool > /dev/null || exit 77
NAME=sen_nfsenref
. "$(dirname "$0")/sen_lib.sh"
GOLD=${TOP_SRCDIR:-../..}/tests/golden/nfsen
DUMPI=$B/bin/dump/dump
chmod 755 "$tmp"
# $USER as in the container (a user of its own) when we can become one
user=$(id -un) group=$(id -gn) modes=0
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1 && getent group nogroup > /dev/null; then
	user=nobody group=nogroup modes=1
fi
# the container's nfsen.conf, the collectors off (port 0)
cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$HTMLDIR = "$tmp/www/";
\$PREFIX = '/usr/bin';
\$USER = "$user";
\$WWWUSER = "$user";
\$WWWGROUP = "$group";
\$BUFFLEN = 200000;
\$SUBDIRLAYOUT = 1;
\$ZIPcollected = 1;
\$ZIPprofiles = 1;
\$PROFILERS = 2;
\$DISKLIMIT = 98;
%sources = (
    'ipfix-global'   => { 'port' => '0', 'col' => '#0000ff', 'type' => 'netflow' },
    'sflow-global'   => { 'port' => '0', 'col' => '#0000ff', 'type' => 'sflow' },
    'netflow-global' => { 'port' => '0', 'col' => '#0000ff', 'type' => 'netflow' },
    'peer1'          => { 'port' => '0', 'IP' => '172.16.17.18' },
    'peer2'          => { 'port' => '0', 'IP' => '172.16.17.19' },
);
\$low_water = 90;
\$syslog_facility = 'local3';
1;
CONF
sen_start
# start.sh, as the container ran it
nfsen --add-profile zone1_profile > "$tmp/add.out"
add() { nfsen --add-channel "zone1_profile/$1" filter="$2" colour="$3" > "$tmp/ch.$1.out"; }
add icmp 'proto icmp' '#48C6FF'
add chargen 'port 19' '#ED62FF'
add ftp 'port 21' '#B0D02C'
add ssh 'port 22' '#8536FF'
add telnet 'port 23' '#4FFF10'
add dns 'port 53' '#305FFF'
add http 'port 80' '#AEFF20'
nfsen --add-channel zone1_profile/dns filter='port 110' colour='#BFFFFF' > "$tmp/dns2.out"
add ntp 'port 123' '#FF6530'
add loc-srv 'port 135' '#6267FF'
add netbios-ns 'port 137' '#FF8662'
add snmp 'port 161' '#77FF62'
add https 'port 443' '#A787FF'
add microsoft-ds 'port 445' '#F0DE65'
add http-alt 'port 8080' '#209EFF'
add ms-sql-s 'port 1433' '#FF6CAC'
add mysql 'port 3306' '#FF3688'
add rdp 'port 3389' '#FFFD6C'
add sip 'port 5060' '#FFD962'
add p2p 'port 6681' '#369EFF'
add bittorrent 'port 6682' '#FF6B36'
nfsen --commit-profile zone1_profile | norm_listing > "$tmp/commit.out"
sen_stop

norm_listing < "$tmp/add.out" | diff "$GOLD/add-profile.out" - || fail "add-profile listing"
norm_listing < "$tmp/ch.http.out" | diff "$GOLD/add-channel-http.out" - || fail "add-channel listing"
diff "$GOLD/add-channel-dns2.out" "$tmp/dns2.out" || fail "second dns channel"
diff "$GOLD/commit-profile.out" "$tmp/commit.out" || fail "commit-profile listing"

# one slot of the five sources, then the cycle
tend=$(sed -n 's/^tend = //p' "$tmp/base/profiles-stat/live/profile.dat")
t=$((tend + 300))
iso=$(date -u -d "@$t" +%Y%m%d%H%M)
sub=$(date -u -d "@$t" +%Y/%m/%d)
seed=6
for s in $SOURCES; do
	mkdir -p "$tmp/base/profiles-data/live/$s/$sub"
	"$NFGEN" -n 2000 -s $seed --mix v5 -z lz4 -I $s -w "$tmp/base/profiles-data/live/$s/$sub/nfcapd.$iso" ||
		fail "nfgen"
	seed=$((seed + 1))
done
nfsen process "$iso" 2> "$tmp/process.log" || { cat "$tmp/process.log"; fail "sen process"; }
sen_start
facts "$tmp/base" nfsen "$tmp/facts" || fail "facts"
# the Details page's List Flows: the daemon (root, working as $USER) runs
# dump for it; the flows must come back (a dump left with root as its real
# uid ran in secure-exec mode)
if command -v python3 > /dev/null; then
	python3 - "$tmp/base/var/run/nfsen.comm" "$sub/nfcapd.$iso" > "$tmp/details.out" <<'PY' || fail "Details List Flows: $(tail -3 "$tmp/details.out")"
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
f.readline()
for l in ["run-nfdump", "type=real", "profile=./zone1_profile", "srcselector=http:ssh",
          "args=-T  -r %s -c 4" % sys.argv[2], "_filter=proto tcp", "."]:
    s.sendall((l + "\n").encode())
out = []
while True:
    l = f.readline().decode("latin-1").rstrip("\n")
    out.append(l)
    if l == ".":
        out.append(f.readline().decode("latin-1").rstrip("\n"))
        break
print("\n".join(out))
sys.exit(0 if out[-3:] == ["exit=0", ".", "OK command completed."] and
         any(l.startswith("_nfdump=Summary: total flows: 4,") for l in out) else 1)
PY
fi
sen_stop
for f in listing.live listing.zone1_profile profile.live profile.zone1_profile rrdinfo rrdvalues channels; do
	diff "$GOLD/$f" "$tmp/facts/$f" > "$tmp/diff" || { head -20 "$tmp/diff"; fail "$f differs from nfsen's"; }
done
# nfsen-ng (reference/nfsen.md §7) reads this tree with its own nfdump: the
# command lines its Import and Stats/Flows actions build, as they build them
P=$tmp/base/profiles-data
f=$sub/nfcapd.$iso
"$DUMPI" -V | grep -q 'Version: 1\.7\.8' || fail "nfsen-ng: -V has no 'Version: 1.7.8'"
"$DUMPI" -I -o 'csv' -M "$P/live/peer1" -r "$f" > "$tmp/ng.I" || fail "nfsen-ng: -I exit $?"
tail -1 "$tmp/ng.I" | grep ':' | grep -qv ',' || fail "nfsen-ng: -I's last line is not 'key: value'"
grep -q '^Flows: 2000$' "$tmp/ng.I" || fail "nfsen-ng: -I has no 'Flows: 2000'"
"$DUMPI" -M "$P/live/ipfix-global:sflow-global:netflow-global:peer1:peer2" -s 'dstport:p' -o 'csv' \
	-r "$f" 'dst port 22' > "$tmp/ng.port" || fail "nfsen-ng: port query exit $?"
head -1 "$tmp/ng.port" | tr ',' '\n' > "$tmp/ng.head"
for k in pr fl ipkt ibyt; do grep -qx $k "$tmp/ng.head" || fail "nfsen-ng: port csv has no column $k"; done
# the rows it sums: one per protocol, dst port 22, flows adding up to nfdump's count
want=$("$DUMPI" -q -N -o csv -M "$P/live/ipfix-global:sflow-global:netflow-global:peer1:peer2" -r "$f" 'dst port 22' |
	grep -c '^[0-9]')
got=$(awk -F, 'NR > 1 && $5 == 22 && $4 ~ /^[A-Z]+$/ { n += $6 } END { print n + 0 }' "$tmp/ng.port")
[ "$got" = "$want" ] || fail "nfsen-ng: port 22 rows sum to $got flows, want $want"
"$DUMPI" -M "$P/zone1_profile/http:ssh" -R "$f:$f" -c '5' -o 'json' -O 'tstart' 'proto tcp' > "$tmp/ng.json" ||
	fail "nfsen-ng: flows query exit $?"
[ "$(head -c 1 "$tmp/ng.json")" = "[" ] && [ "$(tail -1 "$tmp/ng.json")" = "]" ] ||
	fail "nfsen-ng: flows query is not a JSON array"
[ "$(grep -c '"cnt" :' "$tmp/ng.json")" = 5 ] || fail "nfsen-ng: flows query has not 5 records"
# its Statistics tab: NDJSON, every line an object with the statistic's key
"$DUMPI" -M "$P/live/netflow-global:peer1" -R "$f:$f" -n '5' -o 'json' -s 'srcip/bytes' 'proto tcp' \
	> "$tmp/ng.stat" || fail "nfsen-ng: stats query exit $?"
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(rows) == 5, len(rows)
for r in rows:
    assert set(r) == {"first", "last", "proto", "srcip", "flows", "packets", "bytes", "pps", "bps", "bpp"}, r
b = [r["bytes"] for r in rows]
assert b == sorted(b, reverse=True), b
' "$tmp/ng.stat" || fail "nfsen-ng: stats query is not 5 NDJSON rows by bytes: $(head -3 "$tmp/ng.stat")"

# the tree: names always; modes and owner when we ran as root for $USER
if [ $modes = 1 ]; then
	diff "$GOLD/tree" "$tmp/facts/tree" > "$tmp/diff" || { cat "$tmp/diff"; fail "tree differs from nfsen's"; }
else
	awk '{ print $3 }' "$GOLD/tree" > "$tmp/want.names"
	awk '{ print $3 }' "$tmp/facts/tree" | diff "$tmp/want.names" - || fail "tree names differ from nfsen's"
fi
exit 0
