#!/bin/sh
# contrib/demo.sh - net-collector on this machine, nothing to set up:
# collectors for NetFlow and sFlow, generated traffic, a query, the zone1
# profile and its graphs, all under a temporary directory on loopback
# ports.  Everything it starts it stops.  Run through `make demo`.
#
#   contrib/demo.sh [BUILD_DIR]
set -eu
build=$(cd "${1:-build}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
SEN=$build/bin/sen/sen
DUMP=$build/bin/dump/dump
FLOWGEN=$build/bin/flowgen/flowgen
for b in "$SEN" "$DUMP" "$FLOWGEN" "$build/bin/capd/capd" "$build/bin/sfcapd/sfcapd"; do
	[ -x "$b" ] || { echo "demo: $b missing: run make first" >&2; exit 2; }
done
base=$(mktemp -d "${TMPDIR:-/tmp}/net-collector-demo.XXXXXX")
conf=$base/nfsen.conf
nf=$((20000 + $$ % 5000))
sf=$((nf + 5000))
sen() { "$SEN" -C "$conf" "$@"; }
stop() { sen stop > /dev/null 2>&1 || true; }
trap stop EXIT
trap 'exit 1' INT TERM

cat > "$conf" <<CONF
# the original container's sources, on unprivileged loopback ports
\$BASEDIR = "$base";
\$SUBDIRLAYOUT = 1;
\$USER = "$(id -un)";
\$WWWGROUP = "$(id -gn)";
%sources = (
    'netflow-global' => { 'port' => '$nf', 'col' => '#0000ff', 'type' => 'netflow' },
    'sflow-global'   => { 'port' => '$sf', 'col' => '#ff0000', 'type' => 'sflow' },
);
1;
CONF

step() { printf '\n== %s\n' "$*"; }
step "nfsen start: capd on 127.0.0.1:$nf (NetFlow), sfcapd on :$sf (sFlow), the daemon"
sen start 2>/dev/null
sen --load-profile "$src/profiles/zone1_profile.yaml" > /dev/null
echo "profile zone1_profile: $(grep -c '^channel' "$base/profiles-stat/zone1_profile/profile.dat") channels"

step "flowgen: 30000 NetFlow v5 flows (zone1 mix) and 3000 sFlow samples"
"$FLOWGEN" -t 127.0.0.1 -p "$nf" -v 5 -n 30000 --rate 30000 --seed 1
"$FLOWGEN" -t 127.0.0.1 -p "$sf" -v sflow -n 3000 --rate 3000 --seed 2
sleep 1

step "nfsen stop: the collectors close the slot's files"
sen stop
now=$(date +%s)
slot=$(date -d "@$((now - now % 300))" +%Y%m%d%H%M)
step "sen process $slot: the 5-minute cycle for that slot (channels, RRDs, graphs)"
sen process "$slot" 2>&1

live=$base/profiles-data/live
step "dump: top 5 source addresses by bytes, both sources"
"$DUMP" -M "$live/netflow-global:sflow-global" -R . -s srcip/bytes -n 5
step "dump: the first 5 ssh flows"
"$DUMP" -M "$live/netflow-global:sflow-global" -R . -c 5 'port 22'

step "nfsen -l zone1_profile"
sen start > /dev/null 2>&1
sen -l zone1_profile | head -24
sen stop > /dev/null
trap - EXIT

step "graphs"
echo "$base/profiles-stat/zone1_profile/flows-day.png"
echo "(everything is under $base; nothing is left running)"
