#!/bin/sh
# bench_sen.sh - one periodic cycle of zone1_profile (21 channels) over one
# slot of N flows: sen process, and our nfprofile, against Debian's
# nfprofile 1.7.1 doing the same channels on the same file with the same
# compression (none), alternating runs, medians; then RRD updates for 1000
# channels.  Each side's work is printed with the figures.
#
#   tests/bench/bench_sen.sh [BUILD_DIR]
#
# Environment: N=1000000 flows, RUNS=3, TMPDIR (default /dev/shm).
set -eu
build=${1:-build}
N=${N:-1000000}
RUNS=${RUNS:-3}
src=$(cd "$(dirname "$0")/../.." && pwd)
SEN=$build/bin/sen/sen
OURS=$build/bin/nfprofile/nfprofile
NFGEN=$build/tests/tools/nfgen
BRRD=$build/tests/bench/bench_rrd
NFPROFILE=${NFPROFILE:-/usr/bin/nfprofile}
for p in "$SEN" "$OURS" "$NFGEN" "$BRRD" "$NFPROFILE"; do
	[ -x "$p" ] || { echo "bench_sen.sh: $p missing" >&2; exit 2; }
done
if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ]; then TMPDIR=/dev/shm; else TMPDIR=/tmp; fi
fi
tmp=$(mktemp -d "$TMPDIR/bench_sen.XXXXXX")
dpid=
trap '[ -n "$dpid" ] && kill $dpid 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC

printf '$BASEDIR = "%s/base";\n$SUBDIRLAYOUT = 1;\n$ZIPprofiles = "";\n%%sources = ( %s );\n1;\n' \
	"$tmp" "'edge1' => { 'port' => '0', 'col' => '#0000ff' }" > "$tmp/nfsen.conf"
"$SEN" -C "$tmp/nfsen.conf" daemon -f 2>/dev/null &
dpid=$!
while [ ! -S "$tmp/base/var/run/nfsen.comm" ]; do sleep 0.1; done
"$SEN" -C "$tmp/nfsen.conf" --load-profile "$src/profiles/zone1_profile.yaml" > /dev/null
kill $dpid; wait $dpid 2>/dev/null || true
dpid=
PS=$tmp/base/profiles-stat
PD=$tmp/base/profiles-data
t=$(sed -n 's/^tend = //p' "$PS/live/profile.dat")
t=$((t + 300))
iso=$(date -u -d "@$t" +%Y%m%d%H%M)
sub=$(date -u -d "@$t" +%Y/%m/%d)
mkdir -p "$PD/live/edge1/$sub"
"$NFGEN" -n "$N" -s 1 --mix v5 -z lz4 -I edge1 -w "$PD/live/edge1/$sub/nfcapd.$iso"
cp -a "$tmp/base" "$tmp/orig"	# pristine; base is sen's tree, ref nfprofile's
cp -a "$tmp/base" "$tmp/ref"	# Debian nfprofile's
cp -a "$tmp/base" "$tmp/own"	# our nfprofile's
chans=$(sed -n 's/^channel = \([^:]*\):.*/\1/p' "$PS/zone1_profile/profile.dat")

reset() {	# a tree as before the cycle: no channel files, RRDs without the slot
	rm -rf "$1"
	cp -a "$tmp/orig" "$1"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# "wall cpu" of a command, cpu = user + sys
timed() { /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" > "$tmp/out" 2>&1; awk '{ print $1, $2 + $3 }' "$tmp/time"; }
for c in $chans; do echo ".#zone1_profile#2#$c#edge1"; done > "$tmp/stdin"
# nfsen's call (cli.md, nfsen.md): $ZIPprofiles is '', so no -z
nfp_args() { echo "-I -t $t -p $tmp/$1/profiles-data -P $tmp/$1/profiles-stat -S 1 -M $tmp/$1/profiles-data/live/edge1 -r nfcapd.$iso"; }
run_debian() { timed sh -c "$NFPROFILE $(nfp_args ref) < $tmp/stdin"; }
# our nfprofile without libtool's wrapper script: the program itself, like Debian's
ours_bin=$OURS
[ -x "$(dirname "$OURS")/.libs/nfprofile" ] &&
	ours_bin="LD_LIBRARY_PATH=$(cd "$build/lib/.libs" && pwd) $(cd "$(dirname "$OURS")/.libs" && pwd)/nfprofile"
run_ours() { timed sh -c "$ours_bin $(nfp_args own) < $tmp/stdin"; }
run_sen() {	# "process-wall process-cpu profiling-step" (the step timed inside sen)
	w=$(timed "$SEN" -C "$tmp/nfsen.conf" process "$iso" -v)
	echo "$w $(sed -n 's/^profiling \([0-9.]*\) s.*/\1/p' "$tmp/out")"
}
echo "bench_sen: $N flows (nfgen --mix v5, LZ4 file), source edge1, zone1_profile's $(echo $chans | wc -w) channels, $TMPDIR"
echo "  Debian $NFPROFILE (1.7.1), whole process: nfprofile $(nfp_args ref | sed "s|$tmp/ref|T|g") < channel list"
echo "    = compile the filters, read the file once, write every channel's file, .nfstat, one RRD update per channel"
echo "  our nfprofile, whole process: the same command line and channel list on its own copy of the tree"
echo "  sen process: its profiling step, timed inside sen: read the profiles, compile the filters, read the file,"
echo "    write every channel's file, .nfstat, one RRD update per channel - what nfprofile does, in-process;"
echo "    the whole sen process adds live's RRDs, 12 overview graphs per profile and expiry"
echo "  channel files uncompressed on every side: \$ZIPprofiles = '' and no -z (nfprofile 1.7.1's only codec, -z LZO,"
echo "    writes files nfdump 1.7.1 cannot read: nfsend-transcripts.md); output files written to $TMPDIR"
echo "  load before: $(uptime)"
: > "$tmp/deb"; : > "$tmp/ours"; : > "$tmp/sen"
for i in $(seq "$RUNS"); do
	reset "$tmp/ref"; run_debian >> "$tmp/deb"
	reset "$tmp/base"; run_sen >> "$tmp/sen"
	reset "$tmp/own"; run_ours >> "$tmp/ours"
done
col() { awk -v c="$2" '{ print $c }' "$tmp/$1" | median; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
dw=$(col deb 1); dc=$(col deb 2); ow=$(col ours 1); oc=$(col ours 2)
sp=$(col sen 3); sw=$(col sen 1); sc=$(col sen 2)
# every tree holds the same flows, packets and bytes in every channel, and
# the same records (all fields, in order) in two channels
bad=0
for c in $chans; do
	f=zone1_profile/$c/$sub/nfcapd.$iso
	for tr in base own; do
		a=$(/usr/bin/nfdump -I -r "$tmp/$tr/profiles-data/$f" | grep -E '^(Flows|Packets|Bytes):')
		b=$(/usr/bin/nfdump -I -r "$tmp/ref/profiles-data/$f" | grep -E '^(Flows|Packets|Bytes):')
		[ -n "$a" ] && [ "$a" = "$b" ] || { echo "DIFFERENT: channel $c, $tr against Debian's"; bad=1; }
	done
done
for c in icmp https; do
	f=zone1_profile/$c/$sub/nfcapd.$iso
	for tr in base own; do
		a=$(/usr/bin/nfdump -q -o csv -r "$tmp/$tr/profiles-data/$f" | md5sum)
		b=$(/usr/bin/nfdump -q -o csv -r "$tmp/ref/profiles-data/$f" | md5sum)
		[ "$a" = "$b" ] || { echo "DIFFERENT: records of channel $c, $tr against Debian's"; bad=1; }
	done
done
[ $bad = 0 ] && echo "  outputs: every channel file of sen and of our nfprofile holds what Debian's holds (counts; all records of icmp, https)"
echo "medians of $RUNS alternating runs, wall (cpu = user + sys):"
echo "  Debian nfprofile 1.7.1  ${dw} s (cpu ${dc} s)"
echo "  our nfprofile           ${ow} s (cpu ${oc} s)"
echo "  sen profiling step      ${sp} s   [whole sen process ${sw} s, cpu ${sc} s]"
echo "RATIO sen profiling step vs Debian nfprofile 1.7.1: $dw / $sp = $(ratio "$dw" "$sp")x  (goal >= 3x)"
echo "RATIO our nfprofile vs Debian nfprofile 1.7.1:      $dw / $ow = $(ratio "$dw" "$ow")x"
echo "  load after: $(uptime)"
mkdir "$tmp/rrd"
"$BRRD" "$tmp/rrd" 1000
exit $bad
