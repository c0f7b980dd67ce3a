#!/bin/sh
# sen as nfsend + the nfsen CLI: the original container's profile steps and
# the throw-away profile session, compared with the output of nfsen 1.3.11
# recorded in reference/nfsend-transcripts.md §5 (times replaced by <time>,
# as they differ from run to run).
NAME=sen_cli
. "$(dirname "$0")/sen_lib.sh"

cat > "$tmp/nfsen.conf" <<CONF
\$BASEDIR = "$tmp/base";
\$SUBDIRLAYOUT = 1;
\$USER = "$(id -un)";
\$WWWGROUP = "$(id -gn)";
%sources = (
    'upstream1' => { 'port' => '39951', 'col' => '#0000ff', 'type' => 'netflow' },
);
1;
CONF
norm() { sed 's/^\(tcreate\|tstart\|tend\|updated\)\t.*/\1\t<time>/'; }

sen_start

# check NAME WANT CMD...: run CMD, compare its output (times normalised)
# with WANT (printf %b escapes).  Not in a pipeline, so fail ends the test.
check() {
	name=$1
	printf '%b' "$2" > "$tmp/want"
	shift 2
	"$@" > "$tmp/raw"
	norm < "$tmp/raw" > "$tmp/got"
	cmp -s "$tmp/want" "$tmp/got" || {
		echo "--- $name: want / got"
		cat -A "$tmp/want"
		cat -A "$tmp/got"
		fail "$name"
	}
}

head='name\tzone1_profile\ngroup\t(nogroup)\ntcreate\t<time>\ntstart\t<time>\ntend\t<time>\nupdated\t<time>\nexpire\t0 hours\nsize\t0\nmaxsize\t0\ntype\tcontinuous\nlocked\t0\n'
ch() { printf 'channel %s\\tsign: +\\tcolour: %s\\torder: %s\\tsourcelist: upstream1\\t%s\\n' "$@"; }
zero='Files: 0\tSize: 0\t'

check add-profile "# # \n${head}status\tnew\nversion\t130\n\n" nfsen --add-profile zone1_profile
chans=""
n=0
for c in icmp:proto\ icmp:#48C6FF ssh:port\ 22:#8536FF dns:port\ 53:#305FFF \
	 http:port\ 80:#AEFF20 https:port\ 443:#A787FF; do
	name=${c%%:*}; rest=${c#*:}; filter=${rest%%:*}; colour=${rest#*:}
	n=$((n + 1))
	chans="$chans$(ch "$name" "$colour" $n "$zero")"
	check "add-channel $name" "# # \n${head}status\tnew\nversion\t130\n$chans\n" nfsen --add-channel "zone1_profile/$name" filter="$filter" colour="$colour"
done
# start.sh adds dns twice; nfsen refuses the second one and exits 0
check "duplicate dns" "ERR channel 'dns' already exists.\n\n" nfsen --add-channel zone1_profile/dns filter='port 110' colour='#BFFFFF'
[ -f "$tmp/base/profiles-stat/zone1_profile/ssh-filter.txt" ] &&
	[ "$(cat "$tmp/base/profiles-stat/zone1_profile/ssh-filter.txt")" = "port 22" ] ||
	fail "filter file of ssh"
[ -f "$tmp/base/profiles-stat/zone1_profile/ssh.rrd" ] || fail "RRD of ssh"
[ -d "$tmp/base/profiles-data/zone1_profile/ssh" ] || fail "data directory of ssh"

missing() { printf "ERR Channel info file missing for channel '%s' in 'zone1_profile'\\\\n\\\\t%s" "$1" "$zero"; }
chans=""
n=0
for c in icmp:#48C6FF ssh:#8536FF dns:#305FFF http:#AEFF20 https:#A787FF; do
	n=$((n + 1))
	chans="$chans$(ch "${c%%:*}" "${c#*:}" $n "$(missing "${c%%:*}")")"
done
check commit "# # \n${head}status\tOK\nversion\t130\n$chans\n" nfsen --commit-profile zone1_profile
check "-l" "# # \n${head}status\tOK\nversion\t130\n$chans\n" nfsen -l zone1_profile
check "-A" "live\nzone1_profile\n" nfsen -A
check "-l missing" "ERR Profile 'nosuchprofile' does not exists\n\n" nfsen -l nosuchprofile
check plugins "No plugins found.\n" nfsen --get-frontendplugins
check groups "" nfsen --get-profilegroups

# the throw-away profile of §5.4
cli='# CLI test profile\nname\tcliprof\ngroup\t(nogroup)\ntcreate\t<time>\ntstart\t<time>\ntend\t<time>\nupdated\t<time>\nexpire\t2 days 0 hours\nsize\t0\nmaxsize\t100.0 MB\ntype\tcontinuous\nlocked\t0\n'
check cliprof "${cli}status\tnew\nversion\t130\n\n" nfsen --add-profile cliprof description='CLI test profile' expire=2d maxsize=100M
check cliprof-tcp "${cli}status\tnew\nversion\t130\nchannel tcp\tsign: +\tcolour: #FF0000\torder: 1\tsourcelist: upstream1\tFiles: 0\tSize: 0\t\n\n" nfsen --add-channel cliprof/tcp filter='proto tcp' colour='#FF0000'
nfsen --add-channel cliprof/bad filter='proto tcp and' |
	grep -q "^ERR Filter syntax error: " || fail "a bad filter is refused"
check "illegal filter" "ERR Filter syntax error: Illegal characters in filter: ';'\n\n" nfsen --add-channel cliprof/x filter="port 22; rm -rf /"
# nfsen 1.3.11 dies on a one-line description here (its daemon closes the
# socket, transcripts §5.4); sen stores it and prints the profile
check modify "$(printf '%s' "$cli" | sed 's/^# CLI test profile/# changed description/')status\tnew\nversion\t130\nchannel tcp\tsign: +\tcolour: #FF0000\torder: 1\tsourcelist: upstream1\tFiles: 0\tSize: 0\t\n\n" nfsen -m cliprof description='changed description'
check "modify bad lock" "ERR Invalid value for option locked: '2'. Use locked=0 or locked=1\n\n" nfsen -m cliprof locked=2
nfsen -m cliprof bogus=1 | head -1 | grep -q "^# changed description$" || fail "modify nothing"
nfsen --add-channel cliprof/udp filter='proto udp' > /dev/null
check "modify-channel order" "$(printf '%s' "$cli" | sed 's/^# CLI test profile/# changed description/')status\tnew\nversion\t130\nchannel udp\tsign: +\tcolour: #00FF00\torder: 1\tsourcelist: upstream1\tFiles: 0\tSize: 0\t\nchannel tcp\tsign: +\tcolour: #FF0000\torder: 2\tsourcelist: upstream1\tFiles: 0\tSize: 0\t\n\n" nfsen --modify-channel cliprof/udp order=1 colour='#00FF00'
check "modify-channel bad order" "ERR Invalid value for option order: '7'. Use order=1..2\n\n" nfsen --modify-channel cliprof/udp order=7
nfsen --modify-channel cliprof/udp filter='proto udp and port 53' > /dev/null
[ "$(cat "$tmp/base/profiles-stat/cliprof/udp-filter.txt")" = "proto udp and port 53" ] || fail "modified filter"
nfsen --delete-channel cliprof/udp > /dev/null
cli=$(printf '%s' "$cli" | sed 's/^# CLI test profile/# changed description/')
check delete-channel "${cli}status\tstalled\nversion\t130\n\n" nfsen --delete-channel cliprof/tcp
[ ! -e "$tmp/base/profiles-data/cliprof/tcp" ] || fail "channel data left behind"
check "delete not OK" "ERR Profile 'cliprof' is not in status 'OK' and can not be deleted now!\n\n" nfsen -d cliprof
check "delete -F" "Profile deleted\n" nfsen -d cliprof -F
check "-A after delete" "live\nzone1_profile\n" nfsen -A
[ ! -e "$tmp/base/profiles-stat/cliprof" ] && [ ! -e "$tmp/base/profiles-stat/.cliprof" ] ||
	fail "profile directories left behind"

# the shipped profile file: zone1 with its 21 channels in one step
sed 's/^name: zone1_profile/name: zone1_yaml/' "${TOP_SRCDIR:-..}/profiles/zone1_profile.yaml" > "$tmp/z.yaml"
nfsen --load-profile "$tmp/z.yaml" > "$tmp/load.out" || fail "load-profile"
[ "$(grep -c '^channel ' "$tmp/load.out")" -eq 21 ] || fail "load-profile: $(cat "$tmp/load.out")"
grep -q "^channel pop3	sign: +	colour: #BFFFFF	order: 8	sourcelist: upstream1	" "$tmp/load.out" ||
	fail "load-profile: pop3"
grep -q "^status	OK$" "$tmp/load.out" || fail "load-profile: committed"
[ "$(cat "$tmp/base/profiles-stat/zone1_yaml/ms-sql-s-filter.txt")" = "port 1433" ] || fail "load-profile filter"

# live cannot be changed through the socket
check "live add" "ERR For profile 'live', add channels in nfsen.conf and run nfsen reconfig !\n\n" nfsen --add-channel live/x filter=any

# -h and the man page list the same options
"$SEN" -h | sed -n 's/^\(--*[a-zA-Z][a-z-]*\).*/\1/p' | sort -u > "$tmp/h.opts"
sed -n '/^.SH OPTIONS/,/^.SH COMMANDS/p' "${TOP_SRCDIR:-..}/man/sen.1" |
	awk '/^\.TP/ { getline; print }' |
	sed -n 's/^\.B[IR]* \\-\(\\-[a-z\\-]*\).*/-\1/p; s/^\.B[IR]* \\-\([a-zA-Z]\)\b.*/-\1/p' |
	sed 's/\\//g' | sort -u > "$tmp/m.opts"
diff -u "$tmp/h.opts" "$tmp/m.opts" || fail "-h and sen.1 list different options"

sen_stop
[ ! -e "$tmp/base/var/run/nfsen.comm" ] || fail "socket left behind"
[ ! -e "$tmp/base/var/run/nfsend.pid" ] || fail "pid file left behind"
nfsen -A | grep -q "^Can not connect to nfsend: " || fail "no daemon: connect error"
nfsen -A >/dev/null
[ $? -eq 255 ] || fail "no daemon: exit 255"
echo "sen CLI matches nfsen 1.3.11's recorded output"
