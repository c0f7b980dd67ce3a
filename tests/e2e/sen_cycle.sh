#!/bin/sh
# sen's periodic cycle for one slot (sen process): two live sources with a
# slot file each, a continuous profile with channels over one or both
# sources.  Every channel file must hold exactly the flows Debian's nfdump
# 1.7.1 selects from the same sources with the same filter; .nfstat, the
# channel and live RRDs and profile.dat must follow, as nfprofile and
# nfsend leave them.
set -u
NFDUMP=/usr/bin/nfdump
if [ ! -x "$NFDUMP" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && { echo "nfdump 1.7.1 missing"; exit 1; }
	exit 77
fi
NAME=sen_cycle
. "$(dirname "$0")/sen_lib.sh"

cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$SUBDIRLAYOUT = 1;
\$ZIPprofiles = '-z=lz4';
%sources = (
    'edge1' => { 'port' => '0', 'col' => '#0000ff' },
    'edge2' => { 'port' => '0', 'col' => '#00ff00' },
);
1;
CONF
sen_start

nfsen --add-profile z1 > /dev/null
nfsen --add-channel z1/tcp filter='proto tcp' > /dev/null
nfsen --add-channel z1/web filter='port 80 or port 443' sourcelist=edge2 > /dev/null
nfsen --add-channel z1/none filter='port 1 and port 2' > /dev/null
nfsen --commit-profile z1 > /dev/null
grep -q "^status = OK" "$tmp/base/profiles-stat/z1/profile.dat" || fail "commit"
sen_stop

# the slot after live's start, so it is one the cycle has not done yet
tend=$(sed -n 's/^tend = //p' "$tmp/base/profiles-stat/live/profile.dat")
t=$((tend + 300))
iso=$(date -u -d "@$t" +%Y%m%d%H%M)
sub=$(date -u -d "@$t" +%Y/%m/%d)
for s in 1 2; do
	mkdir -p "$tmp/base/profiles-data/live/edge$s/$sub"
	"$NFGEN" -n 3000 -s $s --mix v5 -I edge$s -w "$tmp/base/profiles-data/live/edge$s/$sub/nfcapd.$iso" ||
		fail "nfgen"
done
nfsen process "$iso" 2>"$tmp/process.log" || { cat "$tmp/process.log"; fail "sen process"; }

L=$tmp/base/profiles-data/live
P=$tmp/base/profiles-data/z1
# expected: nfdump over the sources the channel takes, with its filter
"$NFDUMP" -q -N -o csv -M "$L/edge1:edge2" -r "$sub/nfcapd.$iso" 'proto tcp' | sort > "$tmp/want.tcp"
"$NFDUMP" -q -N -o csv -M "$L/edge2" -r "$sub/nfcapd.$iso" 'port 80 or port 443' | sort > "$tmp/want.web"
for ch in tcp web; do
	f=$P/$ch/$sub/nfcapd.$iso
	[ -f "$f" ] || fail "no file for channel $ch"
	"$NFDUMP" -q -N -o csv -r "$f" | sort > "$tmp/got.$ch"
	[ -s "$tmp/want.$ch" ] || fail "test data selects nothing for $ch"
	cmp -s "$tmp/want.$ch" "$tmp/got.$ch" ||
		fail "channel $ch: $(wc -l < "$tmp/got.$ch") flows, nfdump selects $(wc -l < "$tmp/want.$ch")"
	"$NFDUMP" -I -r "$f" | grep -q "^Ident: $ch$" || fail "channel $ch file ident"
	n=$(wc -l < "$tmp/got.$ch")
	# RRD at the slot start, 15 values; flows first
	last=$("$RRDLAST" "$tmp/base/profiles-stat/z1/$ch.rrd") || fail "rrd $ch"
	[ "${last%% *}" = "$t" ] || fail "rrd $ch time ${last%% *}, want $t"
	set -- $last
	[ "$2" = "$n" ] || fail "rrd $ch flows $2, want $n"
	[ $# -eq 16 ] || fail "rrd $ch has $(( $# - 1 )) values"
	grep -q "^numfiles=1$" "$P/$ch/.nfstat" || fail ".nfstat of $ch: $(cat "$P/$ch/.nfstat")"
	grep -q "^last=$t$" "$P/$ch/.nfstat" || fail ".nfstat last of $ch"
done
# a channel nothing matches still gets its (empty) file and a zero RRD update
[ -f "$P/none/$sub/nfcapd.$iso" ] || fail "empty channel file"
"$NFDUMP" -I -r "$P/none/$sub/nfcapd.$iso" | grep -q "^Flows: 0$" || fail "empty channel has flows"
set -- $("$RRDLAST" "$tmp/base/profiles-stat/z1/none.rrd")
[ "$1" = "$t" ] && [ "$2" = 0 ] || fail "rrd of the empty channel: $*"

# live's RRDs carry the files' own statistics (what nfdump -I says)
for s in 1 2; do
	flows=$("$NFDUMP" -I -r "$L/edge$s/$sub/nfcapd.$iso" | sed -n 's/^Flows: //p')
	set -- $("$RRDLAST" "$tmp/base/profiles-stat/live/edge$s.rrd")
	[ "$1" = "$t" ] && [ "$2" = "$flows" ] || fail "live rrd edge$s: $*, want $t $flows"
done
for p in live z1; do
	grep -q "^updated = $t$" "$tmp/base/profiles-stat/$p/profile.dat" || fail "$p updated"
	grep -q "^tend = $t$" "$tmp/base/profiles-stat/$p/profile.dat" || fail "$p tend"
	grep -q "^locked = 0$" "$tmp/base/profiles-stat/$p/profile.dat" || fail "$p left locked"
done
# the 12 overview PNGs of each profile, drawn by librrd at the cycle
for p in live z1; do
	for k in flows packets traffic; do
		for per in day week month year; do
			f=$tmp/base/profiles-stat/$p/$k-$per.png
			[ -s "$f" ] || fail "missing $f"
			[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "$f is not a PNG"
		done
	done
done
# the same slot again changes nothing ("No update required")
nfsen process "$iso" 2>"$tmp/process2.log" || fail "second run"
grep -q "No update required" "$tmp/process2.log" || fail "slot processed twice"
# expiry: two more slots, then a size limit that leaves room for one slot;
# nfsen -X expires the profile's channels together, oldest slot first
for k in 1 2; do
	tk=$((t + 300 * k))
	isok=$(date -u -d "@$tk" +%Y%m%d%H%M)
	subk=$(date -u -d "@$tk" +%Y/%m/%d)
	for s in 1 2; do
		mkdir -p "$L/edge$s/$subk"
		"$NFGEN" -n 3000 -s $((s + 10 * k)) --mix v5 -I edge$s -w "$L/edge$s/$subk/nfcapd.$isok" || fail "nfgen"
	done
	nfsen process "$isok" 2>>"$tmp/process.log" || fail "process slot $k"
	# what rrdtool fetch shows for a slot after the first: ABSOLUTE, so the
	# slot's count / 300 per second, in the step that ends at the slot start
	n=$(/usr/bin/nfdump -I -r "$P/tcp/$subk/nfcapd.$isok" | sed -n 's/^Flows: //p')
	set -- $("$RRDLAST" "$tmp/base/profiles-stat/z1/tcp.rrd" -f $((tk - 300)))
	awk -v got="$1" -v n="$n" 'BEGIN { d = got - n / 300; exit !(d < 1e-6 && d > -1e-6) }' ||
		fail "rrd fetch tcp at $tk: $1 flows/s, want $n/300"
done
total=0
for f in $(find "$P" -name "nfcapd.*"); do
	total=$((total + $(stat -c %b "$f") * 512))
done
last=$(date -u -d "@$((t + 600))" +%Y%m%d%H%M)
keep=0
for f in $(find "$P" -name "nfcapd.$last"); do
	keep=$((keep + $(stat -c %b "$f") * 512))
done
sen_start
# room for the newest slot only (low water mark 90 %)
limit=$(( (keep * 100 / 90 + 1023) / 1024 + 1 ))
nfsen -m z1 maxsize=${limit}k > /dev/null
nfsen -X z1 > "$tmp/x.out"
# rebuild all: the RRDs again from what the files hold now
rm -f "$tmp/base/profiles-stat/z1/tcp.rrd"
nfsen -r z1 all=1 > "$tmp/r.out" || fail "rebuild"
grep -q "^Info: Rebuilding Profile 'z1': Completed: " "$tmp/r.out" || fail "rebuild progress: $(cat "$tmp/r.out")"
set -- $("$RRDLAST" "$tmp/base/profiles-stat/z1/tcp.rrd")
[ "$1" = $((t + 600)) ] || fail "rebuilt tcp RRD ends at $1, want $((t + 600))"
sen_stop
left=$(find "$P" -name "nfcapd.*" | sort)
[ "$(echo "$left" | grep -c "nfcapd.$last$")" -eq 3 ] || fail "newest slot expired: $left"
[ "$(echo "$left" | grep -vc "nfcapd.$last$")" -eq 0 ] || fail "old slots kept: $left"
grep -q "^size = $keep$" "$tmp/base/profiles-stat/z1/profile.dat" || fail "size after expire (want $keep): $(grep size "$tmp/base/profiles-stat/z1/profile.dat")"
grep -q "^tstart = $((t + 600))$" "$tmp/base/profiles-stat/z1/profile.dat" || fail "tstart after expire"
grep -q "^numfiles=1$" "$P/tcp/.nfstat" || fail "tcp .nfstat after expire: $(cat "$P/tcp/.nfstat")"
echo "cycle: channels match nfdump 1.7.1's selection; RRDs, .nfstat, profile.dat updated"
