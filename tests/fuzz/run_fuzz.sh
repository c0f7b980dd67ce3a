#!/bin/sh
# Replay the seed corpus and the saved crash inputs (regress/<target>/) of
# every fuzz target, then - when the libFuzzer
# binaries were built (clang) - fuzz each for a bounded time on a scratch
# copy of its corpus.  Any crash, sanitizer report, leak, timeout (-timeout
# seconds for one input) or memory blow-up fails the test; the input that
# caused it is kept under tmp/fuzz.PID/<target>/crash/ and the log printed.
#
#   FUZZ_SECONDS  total fuzzing time for all targets (default 60; 0 = replay only)
#   FUZZ_TARGETS  targets to run (default "nffile record filter netflow sflow conf comm alert")
set -u

top_srcdir=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
corpus=$top_srcdir/tests/fuzz/corpus
regress=$top_srcdir/tests/fuzz/regress
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-nffile record filter netflow sflow conf comm alert}
work=tmp/fuzz.$$
status=0

# FUZZ_SECONDS is the budget for all targets together, so adding a target
# does not lengthen make check; the file reader has the most paths and
# gets half, the others share the rest equally.
nothers=0
for t in $targets; do
	[ "$t" = nffile ] || nothers=$((nothers + 1))
done
share() {
	case $1 in
	nffile) echo $((secs / 2)) ;;
	*) echo $((secs / 2 / nothers)) ;;
	esac
}

mkdir -p "$work" || exit 99
for t in $targets; do
	seeds=$corpus/$t
	if ! ./fuzz/replay_$t "$seeds"; then
		echo "FAIL: replay_$t over $seeds"
		status=1
		continue
	fi
	# inputs that once crashed a target: each must run clean now
	if [ -d "$regress/$t" ]; then
		for f in "$regress/$t"/*; do
			[ -f "$f" ] || continue
			if ! ./fuzz/replay_$t "$f" > /dev/null; then
				echo "FAIL: replay_$t $f"
				status=1
			fi
		done
	fi
	s=$(share "$t")
	if [ ! -x "fuzz/fuzz_$t" ] || [ "$s" -le 0 ]; then
		continue
	fi
	mkdir -p "$work/$t/corpus" "$work/$t/crash"
	./fuzz/fuzz_$t -max_total_time="$s" -rss_limit_mb=2048 -timeout=5 \
		-print_final_stats=1 -artifact_prefix="$work/$t/crash/" \
		"$work/$t/corpus" "$seeds" > "$work/$t/log" 2>&1
	rc=$?
	grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$work/$t/log" |
		sed "s/^/fuzz_$t: /"
	if [ $rc -ne 0 ]; then
		echo "FAIL: fuzz_$t exited $rc; inputs kept in $work/$t/crash/:"
		ls -l "$work/$t/crash/"
		tail -n 60 "$work/$t/log"
		status=1
	fi
done
[ $status -eq 0 ] && rm -rf "$work"
exit $status
