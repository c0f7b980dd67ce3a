#!/bin/sh
# Real exporter datagrams through the whole nfsen workflow: sen starts its
# collector with nfsen's command line, the vendor NetFlow v5/v9/IPFIX sets
# (shared/vendor/netflow, as listed in interop/decode.sets) arrive over
# UDP, sen stops (the collector closes its slot file), then sen process
# builds zone1_profile for that slot.  Every channel file must hold exactly
# what Debian's nfdump 1.7.1 selects from the live file with the channel's
# filter.  (Should the run straddle a 5-minute boundary, each of the two
# slots is processed and checked.)
set -u
NFDUMP=/usr/bin/nfdump
if [ ! -x "$NFDUMP" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && { echo "nfdump 1.7.1 missing"; exit 1; }
	exit 77
fi
NAME=sen_vendor
. "$(dirname "$0")/sen_lib.sh"
S=${TOP_SRCDIR:-../..}
VENDOR=$S/../shared/vendor/netflow
[ -d "$VENDOR" ] || { echo "SKIP: no vendor datagrams in $VENDOR"; exit 77; }
cleanup_rc() {
	"$SEN" -C "$tmp/nfsen.conf" stop > /dev/null 2>&1
	cleanup
}
trap cleanup_rc EXIT

port=$((26000 + $$ % 1000))
cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$SUBDIRLAYOUT = 1;
\$USER = "$(id -un)";
\$WWWGROUP = "$(id -gn)";
%sources = (
    'vendor' => { 'port' => '$port', 'col' => '#0000ff' },
);
1;
CONF
nfsen start > "$tmp/start.out" 2>&1 || { cat "$tmp/start.out"; fail "nfsen start"; }
nfsen --load-profile "$S/profiles/zone1_profile.yaml" > "$tmp/load.out" || fail "load-profile"
grep -q "^status	OK$" "$tmp/load.out" || fail "zone1 not committed"
L=$tmp/base/profiles-data/live/vendor
i=0
until ls "$L" | grep -q '^nfcapd.current'; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "collector wrote no .current file"
	sleep 0.1
done

# every set in the order decode.sh sends it, templates before data, each
# set from its own source port (its own exporter, as on a real network)
sed -n 's/^[a-z0-9_]* //p' "$S/tests/interop/decode.sets" > "$tmp/sets"
python3 - "$port" "$VENDOR" "$tmp/sets" <<'PY' || fail "could not send the datagrams"
import socket, sys, time
port, vendor = int(sys.argv[1]), sys.argv[2]
for line in open(sys.argv[3]):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for name in line.split():
        with open(vendor + "/" + name, "rb") as fh:
            s.sendto(fh.read(), ("127.0.0.1", port))
        time.sleep(0.002)
    s.close()
PY
sleep 1
nfsen stop > "$tmp/stop.out" 2>&1 || { cat "$tmp/stop.out"; fail "nfsen stop"; }
files=$(cd "$L" && find . -name 'nfcapd.2*' | sed 's|^\./||' | sort)
[ -n "$files" ] || fail "the collector left no slot file: $(ls -R "$L")"
P=$tmp/base/profiles-data/zone1_profile
sed -n 's/^  - {name: \([^,]*\), filter: \([^,]*\), .*/\1|\2/p' "$S/profiles/zone1_profile.yaml" > "$tmp/channels"
[ "$(wc -l < "$tmp/channels")" = 21 ] || fail "zone1 has $(wc -l < "$tmp/channels") channels here"
flows=0 total=0
for f in $files; do
	iso=${f##*nfcapd.}
	n=$("$NFDUMP" -I -r "$L/$f" | sed -n 's/^Flows: //p')
	flows=$((flows + ${n:-0}))
	nfsen process "$iso" 2> "$tmp/process.log" || { cat "$tmp/process.log"; fail "sen process $iso"; }
	while IFS='|' read -r ch flt; do
		"$NFDUMP" -q -N -o csv -r "$L/$f" "$flt" | sort > "$tmp/want"
		[ -f "$P/$ch/$f" ] || fail "no file for channel $ch"
		"$NFDUMP" -q -N -o csv -r "$P/$ch/$f" | sort > "$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" ||
			fail "channel $ch ($flt): $(grep -c . "$tmp/got") lines, nfdump selects $(grep -c . "$tmp/want")"
		total=$((total + $(grep -c '^[0-9]' "$tmp/got")))
	done < "$tmp/channels"
done
[ "$flows" -gt 100 ] || fail "the live files hold only $flows flows"
[ "$total" -gt 0 ] || fail "no vendor flow reached any zone1 channel"
echo "ok: $flows vendor flows in live ($files), $total in zone1's 21 channels, each as nfdump selects"
