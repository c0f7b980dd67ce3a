#!/bin/sh
# nfprofile against Debian's nfprofile 1.7.1: the channel list NfSen
# writes to its stdin and NfSen's command line, run through both on copies
# of one tree (live files from nfgen in layout-1 sub directories, passed
# as a bare -r name as NfSen does).  Every channel file must hold the same
# flows (Debian nfdump -o csv, sorted), .nfstat and the RRDs' last update
# must be equal, and so must the -Z text, the skip messages and the exit
# codes.  Our files must also read in Debian nfdump with every -z codec.
set -u
REF=/usr/bin/nfprofile
NFDUMP=/usr/bin/nfdump
if [ ! -x "$REF" ] || [ ! -x "$NFDUMP" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && { echo "nfprofile/nfdump 1.7.1 missing"; exit 1; }
	exit 77
fi
B=${TOP_BUILDDIR:-..}
B=$(cd "$B" && pwd)
OURS=$B/bin/nfprofile/nfprofile
NFGEN=$B/tests/tools/nfgen
RRDMAKE=$B/tests/tools/rrdmake
RRDLAST=$B/tests/tools/rrdlast
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nfprofile_cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
export TZ=UTC
S1=202611261720 T1=1795713600
S2=202611261725 T2=1795713900

# The master tree: two live sources, profile "test" in the root group and
# "gp" in group "grp", filter files, RRDs; plus what the list must skip.
m=$tmp/master
for src in upstream:300:1 peer:200:2; do
	name=${src%%:*} rest=${src#*:}
	for slot in $S1 $S2; do
		d=$m/pd/live/$name/2026/11/26
		mkdir -p "$d" && "$NFGEN" -n "${rest%%:*}" -s "${rest#*:}$slot" --mix v5 -I "$name" \
			-w "$d/nfcapd.$slot" || fail "nfgen $name"
	done
done
chan() {	# chan PROFILEPATH CHANNEL FILTER
	mkdir -p "$m/pd/$1/$2" "$m/ps/$1" && printf '%s\n' "$3" > "$m/ps/$1/$2-filter.txt" || fail chan
	"$RRDMAKE" $((T1 - 3600)) "$m/ps/$1/$2.rrd" || fail rrdmake
}
chan test tcp 'proto tcp'
chan test udp 'proto udp'
chan test both 'proto udp or proto icmp'
chan test al 'any'
chan test sh 'proto tcp'
chan test multi "$(printf '# a comment line\nproto tcp\n  and bytes > 1000')"
chan test bad 'proto tcpx'
chan grp/gp web 'port 80 or port 443'
mkdir -p "$m/pd/test/nofilter"
cat > "$m/chans" <<LIST
.#test#2#tcp#upstream
.#test#2#udp#*
.#test#2#both#|peer||upstream|
.#test#8#al#upstream
.#test#4#sh#peer
.#test#3#multi#
.#test#2#bad#upstream
.#test#2#nofilter#*
grp#gp#2#web#peer|upstream
.#missing#2#tcp#upstream
.#test#2#nochannel#upstream
.#test#2
.#test#x#udp#*
LIST

# run SIDE PROG ARGS...: in a fresh copy (or, with KEEP=1, the last one),
# from /, as NfSen does, with absolute paths; "@" in ARGS is the copy
run() {
	side=$1 prog=$2
	shift 2
	d=$tmp/$side
	[ "${KEEP:-0}" = 1 ] || { rm -rf "$d" && cp -a "$m" "$d" || fail copy; }
	args=$(echo "$*" | sed "s#@#$d#g")
	(cd / && eval "\"\$prog\" $args" < "$d/chans" > "$d/out" 2> "$d/err"; echo "rc=$?" >> "$d/out")
	# the tree's place and the program name; filter compiler messages differ
	# in wording (nfdump's yacc text), only that there is one is compared
	sed -i -e "s#$d#/T#g" -e 's#^usage [^ ]*#usage nfprofile#' -e 's#^[^ ]*nfprofile: #nfprofile: #' \
		-e '/^Line [0-9]*: /d' -e 's/^\*\*\* Error: .*/*** Error: <text>/' "$d/out" "$d/err"
}

# state SIDE: channel files and their flows, .nfstat, RRD last updates
state() {
	(cd "$tmp/$1" &&
		find pd ps -type f ! -name '*.rrd' ! -name '*filter.txt' | grep -v '/live/' | sort &&
		for f in $(find pd -path pd/live -prune -o -name 'nfcapd.*' -print | sort); do
			echo "== $f"
			"$NFDUMP" -r "$f" -o csv -q | sort
			"$NFDUMP" -r "$f" -I | grep -E '^(Flows|Packets|Bytes)'
		done &&
		for f in $(find pd -name .nfstat | grep -v /live/ | sort); do echo "== $f"; cat "$f"; done &&
		for f in $(find ps -name '*.rrd' | sort); do echo "== $f $("$RRDLAST" "$f")"; done)
}

n=0
check() {
	n=$((n + 1))
	run ref "$REF" "$@"
	state ref > "$tmp/ref.state" || fail "state ref"
	run our "$OURS" "$@"
	state our > "$tmp/our.state" || fail "state our"
	for f in out err; do
		diff -u "$tmp/ref/$f" "$tmp/our/$f" || fail "nfprofile $* ($f)"
	done
	diff -u "$tmp/ref.state" "$tmp/our.state" || fail "nfprofile $* (files)"
}

check "-I -t $T1 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:peer -r nfcapd.$S1"
[ "$(grep -c '^== pd/test/tcp/2026/11/26/nfcapd.' "$tmp/our.state")" = 1 ] || fail "no tcp file"
[ -f "$tmp/our/pd/test/al/nfcapd.$S1" ] || fail "alert file not flat"
[ ! -e "$tmp/our/pd/test/sh/2026" ] || fail "shadow channel got a file"
# the next slot on the same trees: .nfstat counts it in (first=0 stays, so rebuild)
KEEP=1 check "-I -t $T2 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:peer -r nfcapd.$S2"
# a live channel directory missing: logged, it and the ones after it are not read
check "-I -t $T1 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:gone:peer -r nfcapd.$S1"
check "-I -t $T1 -p @/pd -P @/ps -S 1 -M @/pd/live/gone:upstream -r nfcapd.$S1"
# a live channel without the slot's file: logged, the others are profiled
rm "$m/pd/live/peer/2026/11/26/nfcapd.$S2"
check "-I -t $T2 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:peer -r nfcapd.$S2"
# one source only, no RRD update (-t missing), another filter file name
check "-I -p @/pd -P @/ps -S 1 -M @/pd/live/peer -r nfcapd.$S1"
check "-I -p @/pd -P @/ps -S 1 -f nothere -M @/pd/live/peer -r nfcapd.$S1"
# -Z: the check lines on stdout, nothing written
check "-I -Z -p @/pd -P @/ps"
# errors
check "-I -t $T1 -P @/ps -r nfcapd.$S1"
check "-I -t $T1 -p @/pd -P @/ps"
check "-I -Z -p @/nonexistent -P @/ps"
check "-h"
check "-x"

# Compression: our files read in Debian nfdump with the same flows.
run our "$OURS" "-I -t $T1 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:peer -r nfcapd.$S1"
state our | grep -v -e '^== .*rrd' -e '^size=' > "$tmp/plain.state"
# (not zstd: Debian's 1.7.1 is built without it and reads no zstd block)
for z in -z -z=lzo -z=lz4 -y -j -z=bz2; do
	run our "$OURS" "-I $z -t $T1 -p @/pd -P @/ps -S 1 -M @/pd/live/upstream:peer -r nfcapd.$S1"
	state our | grep -v -e '^== .*rrd' -e '^size=' > "$tmp/z.state"
	diff -u "$tmp/plain.state" "$tmp/z.state" || fail "nfprofile $z: files Debian nfdump reads differently"
done

# -h is 1.7.1's text; the man page has those options (not -s, which 1.7.1
# lists but never accepted) and the ones it accepts without listing them
"$OURS" -h | sed -n 's/^\(-[a-zA-Z]\).*/\1/p' | grep -v '^-s$' > "$tmp/h.opts"
printf '%s\n' -I -L >> "$tmp/h.opts"
sort -u -o "$tmp/h.opts" "$tmp/h.opts"
sed -n '/^.SH OPTIONS/,/^.SH CHANNEL LIST/p' "${TOP_SRCDIR:-../..}/man/nfprofile.1" |
	awk '/^\.TP/ { getline; print $2 }' | sed 's/\\//g' | sort -u > "$tmp/m.opts"
diff -u "$tmp/h.opts" "$tmp/m.opts" || fail "-h and nfprofile.1 list different options"
echo "nfprofile: $n runs as Debian's"
