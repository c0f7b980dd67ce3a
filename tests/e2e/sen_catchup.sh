#!/bin/sh
# Slots missed while the daemon was down are processed when it starts,
# oldest first (nfsend leaves them as gaps).
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sen_catchup.XXXXXX") || exit 1
B=${TOP_BUILDDIR:-..}
SEN=$B/bin/sen/sen
NFGEN=$B/tests/tools/nfgen
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; cat "$tmp/daemon.log"; exit 1; }
export TZ=UTC

printf '$BASEDIR = "%s/base";\n$SUBDIRLAYOUT = 1;\n%%sources = ( %s );\n1;\n' "$tmp" \
	"'edge1' => { 'port' => '0', 'col' => '#0000ff' }" > "$tmp/nfsen.conf"
start() {
	"$SEN" -C "$tmp/nfsen.conf" daemon -f 2>>"$tmp/daemon.log" &
	dpid=$!
	i=0
	while [ ! -S "$tmp/base/var/run/nfsen.comm" ]; do
		i=$((i + 1)); [ $i -gt 50 ] && fail "no socket"
		sleep 0.1
	done
}
start
"$SEN" -C "$tmp/nfsen.conf" --add-profile p > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --add-channel p/all filter=any > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --commit-profile p > /dev/null
kill -TERM "$dpid" && wait "$dpid"
dpid=

# pretend the daemon was down for the last three slots
now=$(date +%s)
cur=$((now - now % 300))
for p in live p; do
	sed -i "s/^updated = .*/updated = $((cur - 1200))/; s/^tend = .*/tend = $((cur - 1200))/" \
		"$tmp/base/profiles-stat/$p/profile.dat"
done
for k in 3 2 1; do
	t=$((cur - 300 * k))
	d=$tmp/base/profiles-data/live/edge1/$(date -u -d "@$t" +%Y/%m/%d)
	mkdir -p "$d"
	"$NFGEN" -n 100 -s $k --mix v5 -w "$d/nfcapd.$(date -u -d "@$t" +%Y%m%d%H%M)" || fail nfgen
done
start
# the first cycle runs 15 s past the boundary at the latest
i=0
while ! grep -q "^updated = $((cur - 300))$" "$tmp/base/profiles-stat/p/profile.dat"; do
	i=$((i + 1)); [ $i -gt 250 ] && fail "missed slots not processed"
	sleep 0.1
done
for k in 3 2 1; do
	t=$((cur - 300 * k))
	f=$tmp/base/profiles-data/p/all/$(date -u -d "@$t" +%Y/%m/%d)/nfcapd.$(date -u -d "@$t" +%Y%m%d%H%M)
	[ -f "$f" ] || fail "slot $t not caught up"
done
# a history profile over the same three slots, built in the background
kill -TERM "$dpid" && wait "$dpid"
dpid=
sed -i "s/^tstart = .*/tstart = $((cur - 900))/" "$tmp/base/profiles-stat/live/profile.dat"
start
iso() { date -u -d "@$1" +%Y%m%d%H%M; }
"$SEN" -C "$tmp/nfsen.conf" --add-profile h tstart=$(iso $((cur - 900))) tend=$(iso $((cur - 300))) > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --add-channel h/udp filter='proto udp' > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --commit-profile h > "$tmp/commit.out"
i=0
while ! grep -q "^status = OK$" "$tmp/base/profiles-stat/h/profile.dat"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "history build did not finish: $(cat "$tmp/base/profiles-stat/h/profile.dat")"
	sleep 0.1
done
grep -q "^type = 1$" "$tmp/base/profiles-stat/h/profile.dat" || fail "history type"
grep -q "^locked = 0$" "$tmp/base/profiles-stat/h/profile.dat" || fail "history left locked"
[ ! -e "$tmp/base/profiles-stat/h/.BUILDING" ] || fail ".BUILDING left"
for k in 3 2 1; do
	t=$((cur - 300 * k))
	f=$tmp/base/profiles-data/h/udp/$(date -u -d "@$t" +%Y/%m/%d)/nfcapd.$(iso $t)
	l=$tmp/base/profiles-data/live/edge1/$(date -u -d "@$t" +%Y/%m/%d)/nfcapd.$(iso $t)
	want=$(/usr/bin/nfdump -q -N -o csv -r "$l" 'proto udp' | grep -c ,)
	got=$(/usr/bin/nfdump -q -N -o csv -r "$f" | grep -c ,)
	[ "$want" -gt 0 ] && [ "$want" = "$got" ] || fail "history slot $t: $got flows, want $want"
done
echo "missed slots caught up, oldest first; history profile built"
