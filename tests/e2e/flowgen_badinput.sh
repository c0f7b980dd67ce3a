#!/bin/sh
# flowgen on bad input (issue 5 §6): unknown host or port, a target it
# cannot reach, bad options or mix files give one error line on stderr,
# nothing on stdout and exit 255, and (checked with strace when present)
# nothing is sent.  A good run connects once, to the target, and sends
# only there.  Host names that cannot resolve are malformed ones, so the
# resolver fails without asking a name server.
NAME=flowgen_badinput
FLOWGEN=${TOP_BUILDDIR:-..}/bin/flowgen/flowgen
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$NAME.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
port=$((23000 + $$ % 1000))
T="-t 127.0.0.1 -p $port -n 1"

STRACE=
command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null && STRACE=strace
[ -n "$STRACE" ] || echo "note: strace missing or not permitted: not checking that nothing is sent"

# run ARGS...: flowgen under strace (when present), logging network calls
run() {
	if [ -n "$STRACE" ]; then
		# LeakSanitizer cannot run under ptrace: leaks are checked elsewhere
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e trace=connect,sendto,sendmsg,sendmmsg -o "$tmp/trace" \
			"$FLOWGEN" "$@" >"$tmp/out" 2>"$tmp/err"
	else
		: >"$tmp/trace"
		"$FLOWGEN" "$@" >"$tmp/out" 2>"$tmp/err"
	fi
}

printf 'tcp 443 10\nudp 53\n' >"$tmp/bad.mix"
printf '# only a comment\n' >"$tmp/empty.mix"

# "arguments|what the error line says"
while IFS='|' read -r args want; do
	# shellcheck disable=SC2086
	run $args
	rc=$?
	[ $rc -eq 255 ] || fail "flowgen $args: exit $rc, want 255"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "flowgen $args: want one error line: $(cat "$tmp/err")"
	grep -q "^flowgen: .*$want" "$tmp/err" || fail "flowgen $args: '$(cat "$tmp/err")' lacks '$want'"
	[ ! -s "$tmp/out" ] || fail "flowgen $args: printed on stdout"
	! grep -q 'send' "$tmp/trace" || fail "flowgen $args: sent something: $(grep send "$tmp/trace")"
done <<EOF
-t 127.0.0.1 -p 0|bad port '0'
-t 127.0.0.1 -p 70000|bad port '70000'
-t 127.0.0.1 -p netflow|bad port 'netflow'
-t 127.0.0.1|-t HOST and -p PORT are required
-p $port|-t HOST and -p PORT are required
-t bad..host -p $port -n 1|cannot resolve bad..host port $port
-t 255.255.255.255 -p $port -n 1|cannot reach 255.255.255.255 port $port
-t fe80::1 -p $port -n 1|cannot reach fe80::1 port $port
$T -v 7|bad version '7'
$T -v sflow5|bad version 'sflow5'
$T -v 5 --ipv6 10|--ipv6 needs -v 9, 10 or sflow
$T --ipv6 101|bad ipv6 percent '101'
$T -n x|bad count 'x'
$T -n 0|bad count '0'
$T -n -5|bad count '-5'
$T -d 0|bad duration '0'
$T --rate 0|bad rate '0'
$T --rate 5k|bad rate '5k'
$T --seed -1|bad seed '-1'
$T --exporters 0|bad exporters '0'
$T --sampling 0|bad sampling rate '0'
$T --mix $tmp/bad.mix|bad.mix:2: want: proto port weight
$T --mix $tmp/empty.mix|empty.mix: no services
$T --mix $tmp/none.mix|mix '$tmp/none.mix': not zone1 or uniform, and cannot open
$T --bogus|bad option
$T -x|bad option
$T extra|bad argument 'extra'
$T -T 2026/11/26.10:00:00|-T needs -r, -R or -M
$T --rate|option needs a value
EOF

# a good run: one connect (the reachability check), to the target; every
# message sent names the target
run -t 127.0.0.1 -p "$port" -n 100 -q || fail "good run failed: $(cat "$tmp/err")"
if [ -n "$STRACE" ]; then
	target="sin_port=htons($port), sin_addr=inet_addr(\"127.0.0.1\")"
	[ "$(grep -c 'connect(.*AF_INET' "$tmp/trace")" -eq 1 ] ||
		fail "want one connect: $(grep connect "$tmp/trace")"
	grep -q "connect(.*$target" "$tmp/trace" ||
		fail "connect not to the target: $(grep connect "$tmp/trace")"
	grep -q 'sendmmsg' "$tmp/trace" || fail "no sendmmsg in the trace"
	! grep -v 'sendmmsg' "$tmp/trace" | grep -q 'send' ||
		fail "sends other than sendmmsg: $(grep send "$tmp/trace" | grep -v sendmmsg)"
	grep 'sendmmsg' "$tmp/trace" | grep -o 'msg_name={[^}]*}' | sort -u >"$tmp/names"
	[ "$(cat "$tmp/names")" = "msg_name={sa_family=AF_INET, $target}" ] ||
		fail "messages to: $(cat "$tmp/names")"
fi
echo "ok: bad input refused with one line and exit 255; sends go to the target only"
exit 0
