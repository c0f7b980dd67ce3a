#!/bin/sh
# An independent check of the sFlow test datagrams (tests/tools/sfcases.c):
# tshark (Wireshark's sFlow dissector) must read every case as the sFlow
# version it claims, with the number of samples it claims, and find
# nothing malformed.  Skipped when tshark is not installed.
#
# Known exception: Wireshark (4.0) dissects only the first word of the
# v2/v4 "IPv4 data" packet structure, so it reports case v4_sampled_ipv4
# as malformed.  That structure is InMon's INMSampled_ipv4 (sflow_v2v4.h:
# length, protocol, src, dst, ports, flags, tos: 32 bytes), which is what
# sfcapd 1.7.1 reads; interop/sflow.sh shows sfcapd decoding the case's
# ports and length from it.
set -eu
: "${TOP_BUILDDIR:?run through make check}"
SFGEN="$TOP_BUILDDIR/tests/tools/sfgen"
if ! command -v tshark > /dev/null 2>&1; then
	echo "SKIP: tshark not installed (apt-get install tshark) - sFlow datagrams not cross-checked"
	exit 77
fi
WORK="$TOP_BUILDDIR/tests/tmp/sflow_tshark.$$"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

"$SFGEN" -l > "$WORK/cases"
"$SFGEN" -p "$WORK/cases.pcap"
known=$(awk '$2 == "v4_sampled_ipv4" { print $1 }' "$WORK/cases")

# frame n carries case n
tshark -r "$WORK/cases.pcap" -Y '_ws.malformed || _ws.expert.severity == "Error"' \
	-T fields -e frame.number 2> /dev/null > "$WORK/bad"
for n in $(cat "$WORK/bad"); do
	[ "$n" = "$known" ] || fail "tshark: case $n ($(awk -v n="$n" '$1 == n { print $2 }' "$WORK/cases")) is malformed"
done

# version and sample count as the builder wrote them
tshark -r "$WORK/cases.pcap" -T fields -e frame.number -e sflow_245.version \
	-e sflow_245.numsamples 2> /dev/null > "$WORK/fields"
[ "$(wc -l < "$WORK/fields")" -eq "$(wc -l < "$WORK/cases")" ] ||
	fail "tshark did not read one sFlow datagram per case"
while read -r n version nsamples; do
	name=$(awk -v n="$n" '$1 == n { print $2 }' "$WORK/cases")
	case $name in
	v4_*) want=4 ;;
	v2_*) want=2 ;;
	*) want=5 ;;
	esac
	[ "$version" = "$want" ] || fail "tshark: case $name is sFlow v$version, not v$want"
	[ "$nsamples" -ge 1 ] || fail "tshark: case $name has no samples"
done < "$WORK/fields"
echo "tshark reads all $(wc -l < "$WORK/cases") sFlow cases (known exception: case $known)"
