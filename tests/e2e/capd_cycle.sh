#!/bin/sh
# The capture cycle: with -t 2 -S 2 capd finishes a file every 2 s slot,
# named by the slot start (14 digits under 60 s) inside YYYY/MM/DD/HH,
# also when idle; -x runs once per file with nfcapd 1.7.1's placeholders;
# -n sends each exporter's flows to its own directory and ident; -e
# expires by the limits in .nfstat, which nfexpire 1.7.1 then reads.
NAME=capd_cycle
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/capd_lib.sh"
export TZ=UTC

# -x: a script that records its arguments, one line per call
cat >"$tmp/launch.sh" <<'SH'
#!/bin/sh
echo "$@" >>"$(dirname "$0")/launch.log"
SH
chmod +x "$tmp/launch.sh"

mkdir -p "$tmp/a" "$tmp/b" &&
start_capd "$CAPD" -t 2 -S 2 -n "srcA,127.0.0.1,$tmp/a" -n "srcB,10.255.0.1,$tmp/b" \
	-x "$tmp/launch.sh %f %d %t %u %i %%" || fail "capd did not start"
"$FLOWGEN" -n 300 --rate 20000 --seed 2 -v 5 -t 127.0.0.1 -p "$cport" -q || fail flowgen
# two more slot ends, whatever the machine's speed
wait_for "[ \$(grep -c srcB $tmp/launch.log 2>/dev/null || echo 0) -ge 2 ]" 20 ||
	fail "no rotation within 20 s"
stop_capd
[ "$capdrc" = 0 ] || fail "capd exit $capdrc"

for d in a b; do
	find "$tmp/$d" -name 'nfcapd.*' | sort >"$tmp/$d.files"
	[ "$(wc -l <"$tmp/$d.files")" -ge 3 ] || fail "$d: fewer than 3 files"
	while read -r f; do
		rel=${f#"$tmp/$d/"}
		stamp=${f##*/nfcapd.}
		case $stamp in *[!0-9]*) fail "$rel: bad stamp" ;; esac
		[ ${#stamp} = 14 ] || fail "$rel: want 14 digits under 60 s"
		[ $(( $(echo "$stamp" | cut -c14) % 2 )) = 0 ] || fail "$rel: slot not aligned"
		want=$(echo "$stamp" | sed 's#^\(....\)\(..\)\(..\)\(..\).*#\1/\2/\3/\4#')/nfcapd.$stamp
		[ "$rel" = "$want" ] || fail "$rel: not in the -S 2 layout ($want)"
		"$NFDUMP" -r "$f" -I >"$tmp/I" || fail "$rel: nfdump cannot read it"
		grep -q "^Ident: src$(echo $d | tr ab AB)\$" "$tmp/I" || fail "$rel: wrong ident"
	done <"$tmp/$d.files"
done
[ "$(flows "$tmp/a")" = 300 ] || fail "srcA: $(flows "$tmp/a") flows, want 300"
[ "$(flows "$tmp/b")" = 0 ] || fail "srcB: got flows of another exporter"
# an idle file still names the known exporter, as nfcapd 1.7.1 repeats it
"$NFDUMP" -E "$(tail -1 "$tmp/a.files")" |
	grep -q '^SysID: 1, IP:        127.0.0.1, version: 5, ID:  0 - no flows sent$' ||
	fail "idle file: no exporter record: $("$NFDUMP" -E "$(tail -1 "$tmp/a.files")")"

# -x: one call per file, %f relative, %d dir, %t stamp, %u its UNIX time, %i ident
[ "$(grep -c srcA "$tmp/launch.log")" = "$(wc -l <"$tmp/a.files")" ] || fail "-x calls != files"
grep srcA "$tmp/launch.log" | while read -r f d t u i pct; do
	[ -f "$d/$f" ] || fail "-x: %d/%f = $d/$f is no file"
	[ "$d" = "$tmp/a" ] || fail "-x: %d = $d"
	[ "${f##*/nfcapd.}" = "$t" ] || fail "-x: %t = $t for $f"
	[ "$(date -u -d "@$u" +%Y%m%d%H%M%S)" = "$t" ] || fail "-x: %u = $u for $t"
	[ "$i" = srcA ] && [ "$pct" = "%" ] || fail "-x: %i/%% = $i $pct"
done || exit 1
echo "ok: rotation, -S 2, -n, -x"

# -e against nfexpire 1.7.1: the same tree, the limits set by nfexpire -u
# (1 hour); nfexpire -e on one copy, capd -e on the other: the same old
# files go, .nfstat keeps the limits and agrees with the files
f0=$(head -1 "$tmp/a.files")
for n in 2020/01/01/nfcapd.202001010000 2020/01/01/nfcapd.202001010005 \
	"$(date -d '-3 hours' +%Y/%m/%d)/nfcapd.$(date -d '-3 hours' +%Y%m%d%H%M)" \
	"$(date -d '-40 min' +%Y/%m/%d)/nfcapd.$(date -d '-40 min' +%Y%m%d%H%M)"; do
	mkdir -p "$tmp/ref/$(dirname "$n")" && cp "$f0" "$tmp/ref/$n" || fail "setup -e"
done
/usr/bin/nfexpire -r "$tmp/ref" >/dev/null && /usr/bin/nfexpire -u "$tmp/ref" -t 1H >/dev/null &&
cp -a "$tmp/ref" "$tmp/e" || fail "nfexpire setup"
/usr/bin/nfexpire -e "$tmp/ref" >/dev/null || fail "nfexpire -e"
start_capd "$CAPD" -t 2 -S 1 -e -w "$tmp/e" || fail "capd -e did not start"
wait_for "[ ! -d $tmp/e/2020 ]" 10 || fail "-e: old files not expired"
stop_capd
[ "$capdrc" = 0 ] || fail "capd -e exit $capdrc"
(cd "$tmp/ref" && find . -name 'nfcapd.*' | sort) >"$tmp/ref.left"
(cd "$tmp/e" && find . -name 'nfcapd.*' | sort) >"$tmp/e.all"
grep -Fxf "$tmp/ref.left" "$tmp/e.all" >"$tmp/e.left"
diff -u "$tmp/ref.left" "$tmp/e.left" || fail "-e: other files left than nfexpire leaves"
[ "$(grep -cvxFf "$tmp/ref.left" "$tmp/e.all")" -ge 1 ] || fail "-e: capd wrote no file"
for k in maxsize lifetime watermark; do
	[ "$(grep "^$k=" "$tmp/e/.nfstat")" = "$(grep "^$k=" "$tmp/ref/.nfstat")" ] ||
		fail "-e: .nfstat $k: $(grep "^$k=" "$tmp/e/.nfstat") vs $(grep "^$k=" "$tmp/ref/.nfstat")"
done
n=$(wc -l <"$tmp/e.all")
grep -q "^numfiles=$n\$" "$tmp/e/.nfstat" || fail "-e: .nfstat numfiles, want $n: $(cat "$tmp/e/.nfstat")"
/usr/bin/nfexpire -l "$tmp/e" >"$tmp/nfexpire.out" 2>&1 || fail "nfexpire -l: $(cat "$tmp/nfexpire.out")"
grep -q "^Numfiles:  $n\$" "$tmp/nfexpire.out" || fail "nfexpire -l disagrees: $(cat "$tmp/nfexpire.out")"
echo "ok: -e as nfexpire -e"
exit 0
