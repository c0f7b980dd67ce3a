#!/bin/sh
# nfsen alerts and backend plugins in sen (reference/nfsen.md §6): alerts
# created over the socket as the PHP frontend sends them, one slot of flows
# processed with `sen process`, then: the alert whose condition holds logs,
# mails through a local SMTP sink and runs its system command (argv, only
# with $AllowsSystemCMD); the one whose condition fails does nothing;
# plugins are called with the slot and profile; a hanging and a failing
# plugin are logged and do not stop the cycle.
set -u
command -v python3 > /dev/null || exit 77
NAME=sen_alert
. "$(dirname "$0")/sen_lib.sh"
S=${TOP_SRCDIR:-..}
PY="python3 $S/tests/e2e/sen_alert.py"
spid=
trap 'cleanup; [ -n "$spid" ] && kill "$spid" 2>/dev/null' EXIT
req() { $PY req "$tmp/base/var/run/nfsen.comm" "$@"; }
mkdir -p "$tmp/mail" "$tmp/plugins" "$tmp/html"

# the SMTP sink, on a free loopback port
$PY smtp "$tmp/smtp.port" "$tmp/mail" 2>"$tmp/smtp.log" &
spid=$!
i=0
while [ ! -s "$tmp/smtp.port" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "SMTP sink did not start"
	sleep 0.1
done
port=$(cat "$tmp/smtp.port")

# the programs: a system command and three plugins that record how they were called
cat > "$tmp/cmd.sh" <<EOF
#!/bin/sh
echo "\$# \$*" >> "$tmp/cmd.out"
EOF
cat > "$tmp/plugins/tracker" <<EOF
#!/bin/sh
case "\$1" in
capabilities) echo run alert_condition cmd=hello; exit 0 ;;
cmd) echo "answer=42"; echo "got=\$(cat | tr '\n' ' ')"; exit 0 ;;
esac
echo "\$* \$NFSEN_PROFILEDATADIR" >> "$tmp/tracker.out"
EOF
printf '#!/bin/sh\n[ "$1" = capabilities ] && exit 0\nexec sleep 60\n' > "$tmp/plugins/hang"
printf '#!/bin/sh\nexit 3\n' > "$tmp/plugins/broken"
chmod +x "$tmp/cmd.sh" "$tmp/plugins/tracker" "$tmp/plugins/hang" "$tmp/plugins/broken"

conf() {
	cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$HTMLDIR = "$tmp/html";
\$BACKEND_PLUGINDIR = "$tmp/plugins";
\$SUBDIRLAYOUT = 1;
\$AllowsSystemCMD = $1;
\$MAIL_FROM = 'nfsen@localhost';
\$SMTP_SERVER = '127.0.0.1:$port';
\$PluginTimeout = 2;
%sources = (
    'edge1' => { 'port' => '0', 'col' => '#0000ff' },
    'edge2' => { 'port' => '0', 'col' => '#00ff00' },
);
@plugins = (
    [ 'live', 'tracker' ],
    [ '*', 'hang' ],
    [ 'live', 'broken' ],
);
1;
CONF
}
conf 1
sen_start

# as alerting.php sends them: every form key, _condition lines, the channels
req add-alert alert=hot channellist=edge1 '_filter=proto tcp' type=0 status=enabled \
	trigger_type=0 trigger_number=1 trigger_blocks=0 action_email=ops@localhost \
	'action_subject=Alert triggered' "action_system=$tmp/cmd.sh" action_type=3 \
	_condition=0:0:0:0:0:10:0 > "$tmp/add1" || { cat "$tmp/add1"; fail "add-alert hot"; }
grep -qx "OK alert added" "$tmp/add1" || fail "add-alert status: $(tail -1 "$tmp/add1")"
# flows > 10 G: never true
req add-alert alert=cold 'channellist=edge1|edge2' '_filter=any' type=0 status=enabled \
	trigger_type=0 trigger_number=1 trigger_blocks=0 action_email=ops@localhost \
	'action_subject=cold fired' "action_system=$tmp/cmd.sh" action_type=3 \
	_condition=0:0:0:0:0:10:3 > /dev/null || fail "add-alert cold"
# type 1: the top protocol by flows has more than 1 / more than 100000 flows
for a in top:1 topno:100000; do
	req add-alert alert=${a%%:*} channellist=edge1 type=1 status=enabled trigger_type=0 \
		trigger_number=1 trigger_blocks=0 action_type=0 _filter=any _condition=0:0:0:0:12:${a#*:}:0 \
		> /dev/null || fail "add-alert ${a%%:*}"
done
req add-alert alert=hot type=0 _condition=0:0:0:0:0:1:0 | grep -qx "ERR alert 'hot' already exists" ||
	fail "duplicate alert accepted"
req add-alert alert=bad type=0 _condition=0:9:0:0:0:1:0 |
	grep -qx "ERR Attribute 1 value 9 > 5 in condition '0:9:0:0:0:1:0'" || fail "bad condition accepted"
req add-alert 'alert=a b' type=0 | grep -qx "ERR Illegal characters in alert name 'a b'!" ||
	fail "bad alert name accepted"
req add-alert alert=nochan channellist=nosuch type=0 _condition=0:0:0:0:0:1:0 |
	grep -q "^ERR .*nosuch" || fail "unknown channel accepted"

# nfsen's on-disk layout
A=$tmp/base/profiles-stat/~hot
[ -f "$A/alert.dat" ] && [ -f "$A/hot-filter.txt" ] && [ -f "$A/avg-flows.rrd" ] &&
	[ -d "$tmp/base/profiles-data/~hot/hot" ] || fail "alert files missing"
grep -qx "condition=0:0:0:0:0:10:0" "$A/alert.dat" && grep -qx "channellist = edge1" "$A/alert.dat" &&
	grep -qx "status = enabled" "$A/alert.dat" && grep -qx "proto tcp" "$A/hot-filter.txt" ||
	fail "alert.dat: $(cat "$A/alert.dat")"

req get-alertlist > "$tmp/list"
grep -qx "_alertlist=hot" "$tmp/list" && grep -qx "_alertlist=cold" "$tmp/list" &&
	grep -qx "_alertstatus=hot|1||never" "$tmp/list" && grep -qx "OK Alert Listing" "$tmp/list" ||
	fail "get-alertlist: $(cat "$tmp/list")"
grep -qx "_alert_condition_plugin=tracker" "$tmp/list" || fail "condition plugin not listed"
# a frontend plugin command: the request's lines on the program's stdin
req tracker::hello name=x _list=a _list=b > "$tmp/plug"
grep -qx "answer=42" "$tmp/plug" && grep -qx "got=name=x _list=a _list=b " "$tmp/plug" &&
	grep -qx "OK command completed." "$tmp/plug" || fail "plugin command: $(cat "$tmp/plug")"
req tracker::nope | grep -qx "ERR Plugin 'tracker' command unknown: 'nope'" || fail "unknown plugin command"
req other::x | grep -qx "ERR Plugin 'other' unknown" || fail "unknown plugin"
req get-alert alert=hot > "$tmp/get"
for l in "name=hot" "type=0" "action_type=3" "_condition=0:0:0:0:0:10:0" "trigger_status=1" \
	"updated_str=Never" "last_trigger=never" "OK Command completed"; do
	grep -qx "$l" "$tmp/get" || fail "get-alert lacks $l: $(cat "$tmp/get")"
done
req get-alertfilter alert=hot | grep -qx "_alertfilter=proto tcp" || fail "get-alertfilter"
req get-alert alert=nosuch | grep -qx "ERR Alert 'nosuch': alert 'nosuch' does not exists" ||
	fail "get-alert of a missing alert"
req arm-alert alert=hot | grep -qx "ERR Alert 'hot' trigger type 0 can not be armed manually" ||
	fail "arm-alert"
sen_stop

# one slot of flows in both sources
tend=$(sed -n 's/^tend = //p' "$tmp/base/profiles-stat/live/profile.dat")
slot() {
	t=$((tend + 300 * $1))
	iso=$(date -u -d "@$t" +%Y%m%d%H%M)
	sub=$(date -u -d "@$t" +%Y/%m/%d)
	for s in 1 2; do
		mkdir -p "$tmp/base/profiles-data/live/edge$s/$sub"
		"$NFGEN" -n 500 -s $s --mix v5 -I edge$s \
			-w "$tmp/base/profiles-data/live/edge$s/$sub/nfcapd.$iso" || fail "nfgen"
	done
	nfsen process "$iso" 2> "$tmp/process$1.log" || { cat "$tmp/process$1.log"; fail "sen process $iso"; }
}
slot 1
L=$tmp/process1.log
grep -q "Alert 'hot' triggered at timeslot $iso" "$L" || fail "no trigger log line: $(cat "$L")"
grep -q "Alert 'cold' triggered" "$L" && fail "cold alert triggered"
grep -q "Alert 'top' triggered at timeslot $iso" "$L" || { cat "$L"; fail "type 1 alert not triggered"; }
grep -q "Alert 'topno' triggered" "$L" && fail "type 1 alert topno triggered"
# the e-mail: envelope, headers, $MAIL_BODY's default text
i=0
while [ ! -f "$tmp/mail/mail.1" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "no e-mail arrived ($(cat "$L"))"
	sleep 0.1
done
M=$tmp/mail/mail.1
grep -qx "MAIL FROM:<nfsen@localhost>" "$M" && grep -qx "RCPT TO:<ops@localhost>" "$M" &&
	grep -qx "Subject: Alert triggered" "$M" && grep -qx "To: ops@localhost" "$M" &&
	grep -qx "Alert 'hot' triggered at timeslot $iso" "$M" || fail "mail: $(cat "$M")"
# the system command, run as argv: "<cmd> <alert> <ISO>"
i=0
while [ ! -f "$tmp/cmd.out" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "system command not run"
	sleep 0.1
done
[ "$(cat "$tmp/cmd.out")" = "2 hot $iso" ] || fail "system command args: $(cat "$tmp/cmd.out")"
[ -f "$tmp/base/profiles-data/~hot/hot/nfcapd.$iso" ] && fail "alert flow file left behind"
grep -q "^events=$t " "$A/alert.status" || fail "trigger time not kept: $(head -3 "$A/alert.status")"
# the reference's count of the alert's flows (our dump when nfdump 1.7.1 is missing)
DUMP=/usr/bin/nfdump
[ -x "$DUMP" ] || DUMP=$B/bin/dump/dump
tcp=$("$DUMP" -q -N -o csv -r "$tmp/base/profiles-data/live/edge1/$sub/nfcapd.$iso" \
	'proto tcp' 2>/dev/null | grep -c '^[0-9]')
set -- $("$RRDLAST" "$A/avg-flows.rrd")
[ "$1" = "$t" ] && [ "$2" = "$tcp" ] || fail "avg-flows.rrd: $*, want $t $tcp"
# plugins: tracker for live only, with slot and environment; hang killed, broken logged
[ "$(cat "$tmp/tracker.out")" = "run . live $iso $tmp/base/profiles-data" ] ||
	fail "tracker plugin: $(cat "$tmp/tracker.out" 2>&1)"
grep -q "plugin 'hang' for profile './live': killed after 2 s" "$L" || fail "hang not killed: $(cat "$L")"
grep -q "plugin 'broken' for profile './live': exit status 3" "$L" || fail "broken not logged"

# $AllowsSystemCMD off: the mail still goes out, the command does not run
conf 0
# debris of a cycle that never finished goes before the next one
: > "$tmp/base/profiles-data/~hot/hot/nfcapd.200001010000"
slot 2
[ -f "$tmp/base/profiles-data/~hot/hot/nfcapd.200001010000" ] && fail "stale alert flow file kept"
grep -q "Alert 'hot' triggered at timeslot $iso" "$tmp/process2.log" || fail "second trigger"
i=0
while [ ! -f "$tmp/mail/mail.2" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "no second e-mail"
	sleep 0.1
done
sleep 0.5
[ "$(wc -l < "$tmp/cmd.out")" = 1 ] || fail "system command run without AllowsSystemCMD"
grep -q "system command not run: \$AllowsSystemCMD is off" "$tmp/process2.log" || fail "no log of the skipped command"
[ -f "$tmp/mail/mail.3" ] && fail "cold alert mailed"
[ "$(wc -l < "$tmp/tracker.out")" = 2 ] || fail "tracker not run for slot 2"

# and the socket refuses new system commands
sen_start
req add-alert alert=sys type=0 action_type=2 "action_system=$tmp/cmd.sh" _condition=0:0:0:0:0:1:0 |
	grep -qx "ERR action_system: Option not enabled." || fail "system command accepted without AllowsSystemCMD"
req modify-alert alert=hot status=disabled | grep -qx "OK alert modified" || fail "modify-alert"
grep -qx "status = disabled" "$A/alert.dat" || fail "status not stored"
req get-alertlist | grep -qx "_alertstatus=hot|0||$(LC_ALL=C date -d "@$t" '+%a %b %e %H:%M:%S %Y')" ||
	fail "alert list after trigger: $(req get-alertlist)"
$PY png "$tmp/base/var/run/nfsen.comm" get-alertgraph alert=hot _arg=0 "_arg=$((t - 3600))" \
	"_arg=$((t + 600))" | grep -q "^PNG " || fail "@get-alertgraph"
req delete-alert alert=cold | grep -qx "OK Alert 'cold' deleted." || fail "delete-alert"
[ -e "$tmp/base/profiles-stat/~cold" ] || [ -e "$tmp/base/profiles-data/~cold" ] && fail "cold not removed"
sen_stop
exit 0
