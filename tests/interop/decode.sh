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

# start_nfcapd DIR: an nfcapd on a random port in 21000-21999 (retried
# when the port is taken), returned once it logged its startup.
start_nfcapd() {
	for try in 1 2 3 4 5; do
		port=$((21000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		"$NFCAPD" -w "$1" -p "$port" -b 127.0.0.1 -t 3600 >"$1.log" 2>&1 &
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

# send PORT FILE...: each file as one datagram to 127.0.0.1:PORT, in order.
send() {
	python3 - "$@" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for f in sys.argv[2:]:
    with open(f, "rb") as fh:
        s.sendto(fh.read(), ("127.0.0.1", port))
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
