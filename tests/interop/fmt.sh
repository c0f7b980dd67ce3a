#!/bin/sh
# The predefined text modes line, long, extended (and line6, long6,
# extended6) print what nfdump 1.7.1 prints, live against the installed
# nfdump and against the golden -o long outputs in shared/samples/out.
. "$(dirname "$0")/lib.sh"

"$NFGEN" -n 2000 -s 5 --compat171 --ipv6 30 -w "$WORK/gen.nf"
for f in "$SAMPLES"/v2_171_*.nf "$SAMPLES"/ref/v1_*.nf "$WORK/gen.nf"; do
	for m in line long extended line6 long6 extended6; do
		both_print "$f" "$m"
	done
done

# Golden files (Debian 1.7.1, TZ=UTC).  The v1 ones begin with the warning
# 1.7.1 gives for the legacy sampler record.
for g in "$SAMPLES"/out/v2_171_*.long.txt "$SAMPLES"/out/v1_*.long.txt; do
	name=$(basename "$g" .long.txt)
	f="$SAMPLES/$name.nf"; [ -f "$f" ] || f="$SAMPLES/ref/$name.nf"
	"$DUMP" -r "$f" -o long | untimed > "$WORK/our.txt"
	untimed < "$g" | grep -v -e '^Skip unknown record type' -e '^$' > "$WORK/ref.txt"
	compare "golden $(basename "$g")" "$WORK/ref.txt" "$WORK/our.txt"
done

# Without -o: line (1.7.1's own default is nsel, a build option).
f="$SAMPLES/v2_171_nfcapd_A_none.nf"
"$DUMP" -r "$f" -o line | untimed > "$WORK/ref.txt"
"$DUMP" -r "$f" | untimed > "$WORK/our.txt"
compare "default mode" "$WORK/ref.txt" "$WORK/our.txt"
echo "PASS"
