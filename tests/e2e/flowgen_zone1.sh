#!/bin/sh
# The default mix fills every zone1 channel (issue 5, "done when"): a
# default run delivered to Debian's nfcapd 1.7.1 lands in one 5-minute
# file in which each of the 21 channel filters of the original
# zone1_profile (reference/nfsen.md §8; its second "dns" on port 110 is
# pop3) matches flows, and every flow has sane times: first <= last, last
# within the file's slot and not in the future, at most 2 minutes long.
# Skipped (77) without /usr/bin/nfcapd unless REQUIRE_NFDUMP=1.
N=20000
NAME=flowgen_zone1
PORT_BASE=23000 PORT_SPAN=1000
. "$(dirname "$0")/lib.sh"
export TZ=UTC

# Not within 10 s of a slot's end (the run must not straddle two files)
# nor 2 s of its start (flows end up to a second before they are sent).
while [ $(($(date +%s) % 300)) -gt 290 ] || [ $(($(date +%s) % 300)) -lt 2 ]; do
	sleep 1
done
slot=$(($(date +%s) / 300 * 300))

dir=$tmp/zone1
mkdir -p "$dir" &&
start_nfcapd "$dir" || fail "nfcapd did not start"
"$FLOWGEN" -n $N --rate 50000 -t 127.0.0.1 -p "$port" -q || fail "flowgen failed"
stop_nfcapd
now=$(date +%s)
set -- "$dir"/nfcapd.2*
[ $# -eq 1 ] && [ -f "$1" ] || fail "want one capture file, got: $*"
file=$1
[ "$(basename "$file")" = "nfcapd.$(date -d "@$slot" +%Y%m%d%H%M)" ] ||
	fail "$file is not the slot of $(date -d "@$slot")"
got=$("$NFDUMP" -r "$file" -I | sed -n 's/^Flows: //p')
[ "$got" = "$N" ] || fail "the file holds '$got' flows, want $N"

# name|filter, in the order start.sh adds them
while IFS='|' read -r name filter; do
	n=$("$NFDUMP" -r "$file" -q -o csv "$filter" | grep -c '^[0-9]')
	[ "$n" -gt 0 ] || fail "channel $name ($filter): no flows"
	printf '%s %s; ' "$name" "$n"
done <<EOF >"$tmp/channels" || exit 1
icmp|proto icmp
chargen|port 19
ftp|port 21
ssh|port 22
telnet|port 23
dns|port 53
http|port 80
pop3|port 110
ntp|port 123
loc-srv|port 135
netbios-ns|port 137
snmp|port 161
https|port 443
microsoft-ds|port 445
http-alt|port 8080
ms-sql-s|port 1433
mysql|port 3306
rdp|port 3389
sip|port 5060
p2p|port 6681
bittorrent|port 6682
EOF

# csv: ts,te,td,... in UTC; compare as "YYYY-MM-DD HH:MM:SS" strings
lo=$(date -d "@$slot" '+%Y-%m-%d %H:%M:%S')
hi=$(date -d "@$((slot + 300))" '+%Y-%m-%d %H:%M:%S')
end=$(date -d "@$now" '+%Y-%m-%d %H:%M:%S')
bad=$("$NFDUMP" -r "$file" -q -o csv | awk -F, -v lo="$lo" -v hi="$hi" -v now="$end" '
	/^[0-9]/ && !($1 <= $2 && $2 >= lo && $2 < hi && $2 <= now && $3 >= 0 && $3 <= 120) {
		n++; if (!ex) ex = $0 }
	END { if (n) print n " flows, e.g. " ex }')
[ -z "$bad" ] || fail "flows with bad times (slot $lo - $hi, now $end): $bad"
echo "ok: one file, $N flows, all 21 channels: $(cat "$tmp/channels")"
exit 0
