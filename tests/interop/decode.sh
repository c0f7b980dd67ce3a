#!/bin/sh
# Differential test of the NetFlow/IPFIX decoders against Debian's nfcapd
# 1.7.1: every vendor datagram set (decode.sets) is sent over UDP to a
# real nfcapd and decoded by tools/nfdecode from the same address, and
# nfdump 1.7.1 prints both files with -o raw.  The outputs must be equal
# apart from the receive time, except for the sets in decode.expected/,
# whose diff (nfcapd's output first, ours second) must be exactly the
# stored one.  Those are the places where nfcapd 1.7.1 is wrong:
#
#   v9_invalid01     options template with #34 samplingInterval and #35:
#                    1.7.1 tests its sampler mask inverted and ignores it
#                    (fixed in 1.7.2); the exporter says 1:100, so the
#                    counters are scaled by 100 and the flow is "Sampled".
#   v9_unknown,      flowStart/EndSeconds (#150/#151) and the NTP
#   ipfix_netscaler, microsecond times (#154/#155): 1.7.1 has no mapping
#   ipfix_procera,   for them and stores flows without times.
#   ipfix_viptela
#   ipfix_basic      flowStart/EndSysUpTime (#22/#21): 1.7.1's IPFIX table
#                    has them swapped, so its flows end before they start.
#   ipfix_yaf        reverse ipClassOfService (#5, PEN 29305): 1.7.1 maps
#                    unknown reverse elements onto the forward one, so the
#                    reverse TOS overwrites the source TOS.
#
# Prints how many sets match exactly.  Set DECODE_UPDATE=1 to rewrite the
# expected diffs after checking them by hand.
. "$(dirname "$0")/lib.sh"

NFCAPD=/usr/bin/nfcapd
NFDECODE="$TOP_BUILDDIR/tests/tools/nfdecode"
VENDOR="$TOP_SRCDIR/../shared/vendor/netflow"
SETS="$TOP_SRCDIR/tests/interop/decode.sets"
EXPECTED="$TOP_SRCDIR/tests/interop/decode.expected"
[ -x "$NFCAPD" ] || { echo "SKIP: nfcapd not installed"; exit 77; }
[ -d "$VENDOR" ] || { echo "SKIP: no vendor datagrams in $VENDOR"; exit 77; }

cappid=
trap 'if [ -n "$cappid" ]; then kill -TERM "$cappid" 2>/dev/null; wait "$cappid"; fi; rm -rf "$WORK"' EXIT

# start_nfcapd DIR [ADDR [OPTIONS]]: an nfcapd bound to ADDR (127.0.0.1)
# on a random port in 21000-21999 (retried when the port is taken),
# returned once it logged its startup.
start_nfcapd() {
	for try in 1 2 3 4 5; do
		port=$((21000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		# shellcheck disable=SC2086
		"$NFCAPD" -w "$1" -p "$port" -b "${2:-127.0.0.1}" -t 3600 ${3:-} >"$1.log" 2>&1 &
		cappid=$!
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			grep -q 'Startup nfcapd' "$1.log" 2>/dev/null && return 0
			kill -0 "$cappid" 2>/dev/null || break
			sleep 0.1
		done
		kill -TERM "$cappid" 2>/dev/null; wait "$cappid" || true
		cappid=
	done
	cat "$1.log" >&2
	return 1
}

stop_nfcapd() {
	sleep 0.3	# let it read the last datagram
	kill -TERM "$cappid"
	wait "$cappid" || true
	cappid=
}

# send PORT FILE...: each file as one datagram to $TO (127.0.0.1):PORT, in order.
send() {
	python3 - "${TO:-127.0.0.1}" "$@" <<'PY'
import socket, sys, time
to, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in to else socket.AF_INET, socket.SOCK_DGRAM)
for f in sys.argv[3:]:
    with open(f, "rb") as fh:
        s.sendto(fh.read(), (to, port))
    time.sleep(0.005)
PY
}

raw() {
	"$NFDUMP" -q -o raw -r "$1" 2>&1 | grep -v '^  received at '
}

match=0
total=0
while read -r name files; do
	case "$name" in ''|'#'*) continue ;; esac
	total=$((total + 1))
	dir="$WORK/$name"
	mkdir -p "$dir"
	start_nfcapd "$dir" || fail "$name: nfcapd did not start"
	paths=
	for f in $files; do
		paths="$paths $VENDOR/$f"
	done
	# shellcheck disable=SC2086
	send "$port" $paths || fail "$name: could not send"
	stop_nfcapd
	# shellcheck disable=SC2086
	"$NFDECODE" -w "$WORK/$name.nf" $paths || fail "$name: nfdecode failed"
	raw "$dir"/nfcapd.2* > "$WORK/$name.ref"
	raw "$WORK/$name.nf" > "$WORK/$name.our"
	grep -q '^Flow Record' "$WORK/$name.ref" || grep -q '^Flow Record' "$WORK/$name.our" ||
		case "$name" in *invalid*|v9_srx|ipfix_mx240) ;; *) fail "$name: no flows at all" ;; esac
	if cmp -s "$WORK/$name.ref" "$WORK/$name.our"; then
		match=$((match + 1))
		[ -f "$EXPECTED/$name.diff" ] && fail "$name now matches nfcapd: remove $EXPECTED/$name.diff"
		continue
	fi
	diff "$WORK/$name.ref" "$WORK/$name.our" > "$WORK/$name.diff" || true
	if [ "${DECODE_UPDATE:-0}" = 1 ]; then
		cp "$WORK/$name.diff" "$EXPECTED/$name.diff"
		continue
	fi
	[ -f "$EXPECTED/$name.diff" ] || { head -30 "$WORK/$name.diff" >&2; fail "$name differs from nfcapd 1.7.1"; }
	compare "$name: differences from nfcapd 1.7.1" "$EXPECTED/$name.diff" "$WORK/$name.diff"
done < "$SETS"

echo "decode: $match of $total vendor sets identical to nfcapd 1.7.1, $((total - match)) differ only as expected"
[ "$total" -ge 45 ] || fail "only $total sets run"

# nfcapd -s: a default rate for exporters that announce none (v9, IPFIX;
# the v5 header announces 1:1000) and an overwrite rate.  The overwrite
# case leaves IPFIX out: nfcapd 1.7.1 builds its IPFIX overwrite sampler
# with the wrong sign (space interval -N - 1 as u32), multiplying counters
# by about 2^32; our unit tests cover the right value.
for rate in 10 -5; do
	dir="$WORK/rate$rate"
	mkdir -p "$dir"
	set -- netflow9_test_cisco_asa_1_tpl.dat netflow9_test_cisco_asa_1_data.dat \
		netflow5_test_juniper_mx80.dat
	[ "$rate" -gt 0 ] && set -- "$@" ipfix_test_mikrotik_tpl.dat ipfix_test_mikrotik_data258.dat
	paths=
	for f in "$@"; do paths="$paths $VENDOR/$f"; done
	start_nfcapd "$dir" 127.0.0.1 "-s $rate" || fail "nfcapd -s $rate did not start"
	# shellcheck disable=SC2086
	send "$port" $paths || fail "-s $rate: could not send"
	stop_nfcapd
	# shellcheck disable=SC2086
	"$NFDECODE" -s "$rate" -w "$WORK/rate$rate.nf" $paths || fail "-s $rate: nfdecode failed"
	raw "$dir"/nfcapd.2* > "$WORK/rate$rate.ref"
	raw "$WORK/rate$rate.nf" > "$WORK/rate$rate.our"
	compare "nfcapd -s $rate" "$WORK/rate$rate.ref" "$WORK/rate$rate.our"
done
echo "decode: nfcapd -s 10 and -s -5 identical to nfcapd 1.7.1"

# An IPv6 exporter with two protocols (v9 then v5): sysids 1 and 2, the
# exporter address in every record.  Skipped where ::1 cannot be bound.
dir="$WORK/ipv6"
mkdir -p "$dir"
if start_nfcapd "$dir" ::1 2>/dev/null; then
	set -- netflow9_test_cisco_asa_1_tpl.dat netflow9_test_cisco_asa_1_data.dat \
		netflow5_test_juniper_mx80.dat
	paths=
	for f in "$@"; do paths="$paths $VENDOR/$f"; done
	# shellcheck disable=SC2086
	TO=::1 send "$port" $paths || fail "ipv6: could not send"
	stop_nfcapd
	# shellcheck disable=SC2086
	"$NFDECODE" -a ::1 -w "$WORK/ipv6.nf" $paths || fail "ipv6: nfdecode failed"
	raw "$dir"/nfcapd.2* > "$WORK/ipv6.ref"
	raw "$WORK/ipv6.nf" > "$WORK/ipv6.our"
	grep -q 'export sysid =                 2' "$WORK/ipv6.our" || fail "ipv6: no second exporter"
	compare "ipv6 exporter" "$WORK/ipv6.ref" "$WORK/ipv6.our"
	echo "decode: IPv6 exporter with v9 and v5 identical to nfcapd 1.7.1"
else
	echo "decode: IPv6 loopback not available, IPv6 exporter case skipped"
fi
