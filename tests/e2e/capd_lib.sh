# Shared by the capd_* tests: start capd (or sfcapd) on a random port in
# 22000-22999 on 127.0.0.1, stop it by PID, wait for conditions without
# timing asserts.  Source after lib.sh (which gives $tmp, fail, nfcapd).
CAPD=${TOP_BUILDDIR:-..}/bin/capd/capd
SFCAPD=${TOP_BUILDDIR:-..}/bin/sfcapd/sfcapd
capdpid=
capd_cleanup() {
	[ -n "$capdpid" ] && kill -KILL "$capdpid" 2>/dev/null && wait "$capdpid" 2>/dev/null
	cleanup
}
trap capd_cleanup EXIT

# free_port: a UDP port in 22000-22999 that nothing listens on now.
free_port() {
	while :; do
		p=$((22000 + $(od -An -N2 -tu2 /dev/urandom) % 1000))
		ss -Hlun "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
	done
}

# start_capd BIN ARGS...: foreground collector on $cport with ARGS; log in $tmp/capd.log.
start_capd() {
	bin=$1; shift
	for try in 1 2 3 4 5; do
		cport=$(free_port)
		"$bin" -p "$cport" -b 127.0.0.1 "$@" >"$tmp/capd.log" 2>&1 &
		capdpid=$!
		wait_for "grep -q Startup $tmp/capd.log 2>/dev/null" 5 && return 0
		kill -KILL "$capdpid" 2>/dev/null; wait "$capdpid" 2>/dev/null
		capdpid=
	done
	cat "$tmp/capd.log"
	return 1
}

# drained PORT: nothing waits in the receive queue of the UDP socket on PORT
# (a collector that has not yet read everything sent would lose it at stop).
drained() {
	[ "$(ss -Huln "sport = :$1" 2>/dev/null | awk '{ q += $2 } END { print q + 0 }')" = 0 ]
}

# stop_capd [SIG]: let the datagrams land, signal, wait; sets $capdrc.
stop_capd() {
	wait_for "drained $cport" 10
	sleep 0.3
	kill -"${1:-TERM}" "$capdpid" && wait "$capdpid"
	capdrc=$?
	capdpid=
}

# wait_for CMD SECONDS: poll CMD every 0.1 s; 1 when it never succeeded.
wait_for() {
	n=$(($2 * 10))
	while [ $n -gt 0 ]; do
		eval "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# flows DIR_OR_FILE: number of flows nfdump 1.7.1 reads there.
flows() {
	if [ -d "$1" ]; then
		"$NFDUMP" -R "$1" -I | sed -n 's/^Flows: //p'
	else
		"$NFDUMP" -r "$1" -I | sed -n 's/^Flows: //p'
	fi
}

# start_ref_nfcapd DIR [ARGS]: Debian nfcapd 1.7.1 into DIR on a free port;
# sets $port and $cappid (lib.sh's stop_nfcapd and cleanup stop it).
start_ref_nfcapd() {
	dir=$1; shift
	for try in 1 2 3 4 5; do
		port=$(free_port)
		"$NFCAPD" -w "$dir" -p "$port" -b 127.0.0.1 -t 300 -I flowgen "$@" \
			>"$tmp/nfcapd.log" 2>&1 &
		cappid=$!
		wait_for "grep -q 'Startup nfcapd' $tmp/nfcapd.log 2>/dev/null" 5 && return 0
		kill -KILL "$cappid" 2>/dev/null; wait "$cappid" 2>/dev/null
		cappid=
	done
	cat "$tmp/nfcapd.log"
	return 1
}
