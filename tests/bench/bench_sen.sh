#!/bin/sh
# bench_sen.sh - one periodic cycle of zone1_profile (21 channels) over one
# slot of N flows: sen process against Debian's nfprofile 1.7.1 doing the
# same channels on the same file, alternating runs, medians; then RRD
# updates for 1000 channels.
#
#   tests/bench/bench_sen.sh [BUILD_DIR]
#
# Environment: N=1000000 flows, RUNS=3, TMPDIR (default /dev/shm).
# sen's cycle also draws the 12 overview PNGs of each profile and expires
# the profiles; nfprofile only writes channel files and RRDs.
set -eu
build=${1:-build}
N=${N:-1000000}
RUNS=${RUNS:-3}
src=$(cd "$(dirname "$0")/../.." && pwd)
SEN=$build/bin/sen/sen
NFGEN=$build/tests/tools/nfgen
BRRD=$build/tests/bench/bench_rrd
NFPROFILE=${NFPROFILE:-/usr/bin/nfprofile}
for p in "$SEN" "$NFGEN" "$BRRD" "$NFPROFILE"; do
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
cp -a "$tmp/base" "$tmp/ref"
chans=$(sed -n 's/^channel = \([^:]*\):.*/\1/p' "$PS/zone1_profile/profile.dat")

reset() {	# a tree as before the cycle: no channel files, RRDs without the slot
	rm -rf "$1"
	cp -a "$tmp/orig" "$1"
}
secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# sen's own split: the profiling pass (what nfprofile does) and the rest
run_sen() {
	/usr/bin/time -f %e -o "$tmp/wall" "$SEN" -C "$tmp/nfsen.conf" process "$iso" -v > "$tmp/v"
	sed -n 's/^profiling \([0-9.]*\) s.*/\1/p' "$tmp/v" >> "$tmp/sp"
	cat "$tmp/wall"
}
run_nfprofile() {
	for c in $chans; do echo ".#zone1_profile#2#$c#edge1"; done > "$tmp/stdin"
	secs sh -c "$NFPROFILE -I -t $t -p $tmp/ref/profiles-data -P $tmp/ref/profiles-stat -S 1 \
		-M $tmp/ref/profiles-data/live/edge1 -r nfcapd.$iso < $tmp/stdin"
}
: > "$tmp/s"; : > "$tmp/n"; : > "$tmp/sp"
for i in $(seq "$RUNS"); do
	reset "$tmp/ref"; run_nfprofile >> "$tmp/n"
	reset "$tmp/base"; run_sen >> "$tmp/s"
done
ns=$(median < "$tmp/s"); nn=$(median < "$tmp/n"); np=$(median < "$tmp/sp")
# both wrote the same flows into every channel
for c in $chans; do
	a=$(/usr/bin/nfdump -I -r "$PD/zone1_profile/$c/$sub/nfcapd.$iso" | sed -n 's/^Flows: //p')
	b=$(/usr/bin/nfdump -I -r "$tmp/ref/profiles-data/zone1_profile/$c/$sub/nfcapd.$iso" 2>/dev/null | sed -n 's/^Flows: //p')
	[ "$a" = "$b" ] || echo "note: channel $c: sen $a flows, nfprofile $b"
done
echo "profiling, 21 channels, $N flows: nfprofile ${nn}s, sen ${np}s, speedup $(echo "$nn $np" | awk '{ printf "%.2f", $1 / $2 }')x"
echo "whole sen cycle (profiling, RRDs, graphs, expiry): ${ns}s  (medians of $RUNS)"
mkdir "$tmp/rrd"
"$BRRD" "$tmp/rrd" 1000
