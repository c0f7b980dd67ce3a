#!/bin/sh
# Slots missed while the daemon was down are processed when it starts,
# oldest first (nfsend leaves them as gaps).
NAME=sen_catchup
. "$(dirname "$0")/sen_lib.sh"

printf '$BASEDIR = "%s/base";\n$SUBDIRLAYOUT = 1;\n%%sources = ( %s );\n1;\n' "$tmp" \
	"'edge1' => { 'port' => '0', 'col' => '#0000ff' }" > "$tmp/nfsen.conf"
sen_start
"$SEN" -C "$tmp/nfsen.conf" --add-profile p > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --add-channel p/all filter=any > /dev/null
"$SEN" -C "$tmp/nfsen.conf" --commit-profile p > /dev/null
sen_stop

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
sen_start
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
sen_stop
sed -i "s/^tstart = .*/tstart = $((cur - 900))/" "$tmp/base/profiles-stat/live/profile.dat"
sen_start
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
# expiry by lifetime: a two-hour-old file goes, the recent slots stay
old=$((cur - 7200))
od=$tmp/base/profiles-data/p/all/$(date -u -d "@$old" +%Y/%m/%d)
mkdir -p "$od"
cp "$(find "$tmp/base/profiles-data/p/all" -name 'nfcapd.*' | head -1)" "$od/nfcapd.$(iso $old)"
"$SEN" -C "$tmp/nfsen.conf" -m p expire=1 > /dev/null
"$SEN" -C "$tmp/nfsen.conf" -X p > /dev/null
[ ! -e "$od/nfcapd.$(iso $old)" ] || fail "a file older than the lifetime was kept"
[ "$(find "$tmp/base/profiles-data/p/all" -name 'nfcapd.*' | wc -l)" -eq 3 ] || fail "recent slots expired"
echo "missed slots caught up, oldest first; history profile built; lifetime expiry"
