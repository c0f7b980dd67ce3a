#!/bin/sh
# nfexpire against Debian's nfexpire 1.7.1: the same command line on two
# copies of the same tree (nfgen files named nfcapd.YYYYMMDDhhmm in
# layout-1 sub directories) must print the same text, exit with the same
# code, leave the same .nfstat files and delete the same files.  Only the
# program's own name and the tree's location are masked.
set -u
REF=/usr/bin/nfexpire
if [ ! -x "$REF" ]; then
	[ "${REQUIRE_NFDUMP:-0}" = 1 ] && { echo "nfexpire 1.7.1 missing"; exit 1; }
	exit 77
fi
B=${TOP_BUILDDIR:-..}
OURS=$B/bin/nfexpire/nfexpire
NFGEN=$B/tests/tools/nfgen
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nfexpire_cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
export TZ=UTC

# slots, relative to now so that -t limits cut inside the tree whenever
# the test runs: two days ago, one day ago, the last hour (and no limit
# below deletes every file of d: then first = last = now, the second the
# program ran)
now=$(date +%s)
slots=
for ago in 172800 172500 90000 89700 3600 3300; do
	t=$(((now - ago) / 300 * 300))
	slots="$slots $(date -d "@$t" +%Y%m%d%H%M)"
done

# tree DIR N: one flow directory, file i holds N*i flows
tree() {
	i=0
	for t in $slots; do
		i=$((i + 1))
		d=$1/$(echo "$t" | sed 's#^\(....\)\(..\)\(..\).*#\1/\2/\3#')
		mkdir -p "$d" && "$NFGEN" -n $(($2 * i)) -s $i --mix v5 -w "$d/nfcapd.$t" ||
			fail "nfgen $t"
	done
}

# The master copies, made once: a directory and a profile of three channels
# of different sizes, with what nfexpire -p must pass over.
tree "$tmp/master/d" 300
for c in tcp udp other; do
	tree "$tmp/master/p/$c" $((100 + ${#c} * 50))
done
mkdir "$tmp/master/p/.hidden" && : > "$tmp/master/p/notadir" || fail setup

# state SIDE: what a run left behind, to compare
state() {
	(cd "$tmp/$1" && find . -type f -name 'nfcapd.*' | sort &&
		for f in $(find . -name .nfstat | sort); do echo "== $f"; cat "$f"; done)
}

# run SIDE PROG ARGS...: in a fresh copy of the master tree
run() {
	side=$1 prog=$2
	shift 2
	rm -rf "$tmp/$side" && cp -a "$tmp/master" "$tmp/$side" || fail copy
	(cd "$tmp/$side" && "$prog" "$@" >out 2>err; echo "rc=$?" >>out)
	# the program name in usage and getopt's message, the tree's location
	sed -i -e "s#$tmp/$side/#/T/#g" -e 's#^usage [^ ]*#usage nfexpire#' \
		-e 's#^[^ ]*nfexpire: #nfexpire: #' "$tmp/$side/out" "$tmp/$side/err"
	state "$side" > "$tmp/$side.state"
}

n=0
check() {
	n=$((n + 1))
	run ref "$REF" "$@"
	run our "$OURS" "$@"
	for f in ref/out ref/err ref.state; do
		g=$(echo "$f" | sed 's/^ref/our/')
		diff -u "$tmp/$f" "$tmp/$g" > "$tmp/diff" || {
			cat "$tmp/diff"
			fail "nfexpire $* ($f)"
		}
	done
}

# listing and rescanning
check -l d
check -L d
check -r d
check -Y -l d
check -Y -r d
# updating the limits: sizes and lifetimes in every syntax, watermark 0 = 100
check -u d -s 1.5G -t 2w3d
check -u d -s 100MB -t 240 -w 0
check -u d -s .5k -t 5d3
check -u d -s 10kB -t 30M -w 50
# expiring by size, by lifetime (measured from now: the old days go), both
check -e d -s 300k
check -e d -s 600k -w 50
check -e d -s 500k -w 0
check -e d -s 300k -T 3600
check -e d -t 1d
check -e d -t 2w
check -Y -e d -s 400k -t 1d
check -e d
# profile mode: channels together, oldest file of any channel first
check -p -l p
check -p -L p
check -p -Y -r p
check -p -Y -e p -s 40k
check -p -e p -s 40k -w 50
check -p -Y -e p -t 1d
check -p -Y -e p
check -p -u p -s 10k
# errors: messages and exit code 250
for bad in "-s 1x" "-s x" "-s ''" "-s -5" "-s 1.5.5" "-s 5kk" "-s 5kBx" "-s '5 k'" \
	"-t 3d3d" "-t 2d1d" "-t 1w1w" "-t 1H1H" "-t 3H3" "-t 1M1M" "-t 1h" "-t 5x" "-t 1.5" \
	"-t w" "-t 3d-1" "-t ' 3'" "-w 101" "-T 4000" "-l d -e d" "-r d -u d" "-l nonexistent" \
	"" "-p" "-x" "-h"; do
	eval "check $bad -l d"
done
# an .nfstat marked for rebuild, and a bad one
for rec in 'status=3' 'first=0' "$(printf 'first=5\nlast=4\nstatus=0')" \
	"$(printf '# hand made\nfoo=1\ngarbage\n=3\nfirst = 5\n  last=%s\nwatermark=90\nstatus=0' "$now")"; do
	for side in master; do
		printf '%s\n' "$rec" > "$tmp/$side/d/.nfstat"
	done
	check -l d
	check -Y -e d -s 400k
done
# On a terminal a lifetime that deletes every file is asked about first.
# script(1) gives both a terminal; what depends on the second they ran
# (the limit, and the times of an emptied directory) is masked, and so is
# the terminal's echo of the answer, which lands wherever it happens to:
# on a line of its own or after the prompt.
unecho() {
	tr -d '\r' | sed -e "/^$1\$/d" -e "s#yes/\[no\] $1\$#yes/[no] #" |
		sed -e '/yes\/\[no\] $/{N;s/\n//;}'
}
rm -f "$tmp/master/d/.nfstat"
if command -v script >/dev/null 2>&1; then
	for answer in no yes; do
		for side in ref our; do
			[ $side = ref ] && prog=$REF || prog=$OURS
			rm -rf "$tmp/$side" && cp -a "$tmp/master" "$tmp/$side" || fail copy
			(cd "$tmp/$side" && printf '%s\n' "$answer" |
				script -qec "$prog -e d -t 1M" /dev/null) | unecho "$answer" |
				sed -e "s#$tmp/$side/#/T/#g" -e 's/before .*/before <time>/' \
				    -e '/^\(First\|Last\|Lifetime\|Expired time range\):/d' > "$tmp/$side.tty"
			(cd "$tmp/$side" && find d | sort) >> "$tmp/$side.tty"
		done
		grep -q 'Are you sure' "$tmp/ref.tty" || fail "no question from Debian's nfexpire"
		diff -u "$tmp/ref.tty" "$tmp/our.tty" || fail "nfexpire on a terminal, answer $answer"
		n=$((n + 1))
	done
fi

# -h is 1.7.1's text; the man page has its options and the three it omits
"$OURS" -h | sed -n 's/^\(-[a-zA-Z]\).*/\1/p' | sort -u > "$tmp/h.opts"
printf '%s\n' -L -Y -p >> "$tmp/h.opts"
sed -n '/^.SH OPTIONS/,/^.SH OUTPUT/p' "${TOP_SRCDIR:-../..}/man/nfexpire.1" |
	awk '/^\.TP/ { getline; print $2 }' | sed 's/\\//g' | sort -u > "$tmp/m.opts"
sort -u -o "$tmp/h.opts" "$tmp/h.opts"
diff -u "$tmp/h.opts" "$tmp/m.opts" || fail "-h and nfexpire.1 list different options"
echo "nfexpire: $n command lines as Debian's"
