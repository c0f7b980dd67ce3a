#!/bin/sh
# Template memory is bounded per exporter: with --max-templates 10, each
# of 3 v9 and 3 IPFIX exporters (own loopback addresses) announcing 100
# templates keeps the 10 it announced last; the other 90 are evicted and
# counted (SIGUSR1 statistics), a data record of a kept template is
# stored and one of an evicted template is counted as "no template".
NAME=capd_templates
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"
command -v python3 >/dev/null || exit 77
GEN=${TOP_SRCDIR:-../..}/tests/e2e/tplgen.py

# stats_and_stop: once all is read, the SIGUSR1 statistics into $tmp/st; stop
stats_and_stop() {
	wait_for "drained $cport" 10
	sleep 0.3
	rm -f "$tmp/st"
	kill -USR1 "$capdpid"
	wait_for "[ -s $tmp/st ]" 10 || fail "no status file"
	sleep 0.2
	stop_capd
}

for v in 9 10; do
	rm -rf "$tmp/d" && mkdir -p "$tmp/d"
	start_capd "$CAPD" -w "$tmp/d" -S 0 --max-templates 10 --status-file "$tmp/st" ||
		fail "capd did not start"
	# 355 is among the last 10 announced, 256 the first: evicted
	sent=$(python3 "$GEN" "$cport" $v 3 100 355 256) || fail "tplgen v$v"
	[ "$sent" = 6 ] || fail "tplgen sent $sent records"
	stats_and_stop
	[ "$capdrc" = 0 ] || fail "capd exit $capdrc"
	n=$(grep -c "version: $v, .* templates: 100, templates evicted: 90\$" "$tmp/st")
	[ "$n" = 3 ] || fail "v$v: evictions per exporter: $(cat "$tmp/st")"
	grep -q "no template: 3, unknown version: 0, templates evicted: 270\$" "$tmp/st" ||
		fail "v$v: source counters: $(cat "$tmp/st")"
	[ "$(flows "$tmp/d")" = 3 ] || fail "v$v: $(flows "$tmp/d") flows stored, want 3"
done

# without the option the default limit (1024) keeps all 100
rm -rf "$tmp/d" && mkdir -p "$tmp/d"
start_capd "$CAPD" -w "$tmp/d" -S 0 --status-file "$tmp/st" || fail "capd did not start"
python3 "$GEN" "$cport" 9 2 100 355 256 >/dev/null || fail tplgen
stats_and_stop
grep -q "no template: 0, unknown version: 0, templates evicted: 0\$" "$tmp/st" ||
	fail "default limit: $(cat "$tmp/st")"
[ "$(flows "$tmp/d")" = 4 ] || fail "default limit: $(flows "$tmp/d") flows stored, want 4"
echo "ok: template limit holds, evictions counted"
exit 0
