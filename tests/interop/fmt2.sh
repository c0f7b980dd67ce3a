#!/bin/sh
# The rest of dump's output in the 1.7.1 dialect, byte for byte against
# the installed nfdump 1.7.1: json, pipe, csv, null, the bi/g/nsel/nel
# formats, "fmt:" with every 1.7.1 token (one at a time and all in one
# line), the '6' suffix, -q, -N, -6, -T, and the -o errors.
#
# Not compared (see dump.1 BUGS): %ipl/%opl (payload dumps) and %nbid
# (1.7.1 reads the NBAR selector from the wrong bytes).
. "$(dirname "$0")/lib.sh"

"$NFGEN" -n 1500 -s 3 --compat171 --ipv6 30 -w "$WORK/all.nf"
"$NFGEN" -n 1500 -s 11 --compat171 --ipv6 50 --density 90 -w "$WORK/dense.nf"
"$NFGEN" -n 500 -s 5 --mix v5 -w "$WORK/v5.nf"
FILES="$SAMPLES/v2_171_nfcapd_A_none.nf $SAMPLES/v2_171_nfcapd_B_v9_ipv6.nf
$SAMPLES/v2_171_nfcapd_L_v9_vlan_mac.nf $SAMPLES/v2_171_nfcapd_S_sampled.nf
$WORK/all.nf $WORK/dense.nf $WORK/v5.nf"

TOKENS="nfv cnt eng exp tfs ts tsr te ter tr trr td tds pkt ipkt byt ibyt sp dp
it ic pr flg fwd tos stos bps pps bpp sa da sap dap gsap gdap gsa gda in out smk
dmk dir dtos bfd end sn dn inam onam opkt obyt fl svln dvln sas das nhb nh ra
mpls1 mpls2 mpls3 mpls4 mpls5 mpls6 mpls7 mpls8 mpls9 mpls ismc odmc idmc osmc
nas pas cl sl al tevt msec evt nevt nfc xevt xsa xda xsap xdap nsa nda nsap ndap
xsp xdp nsp ndp iacl eacl uname sgt pbstart pbend pbstep pbsize nbnam odid opid
vrf ivrf ivrfnam evrf evrfnam ja3 sni sc dc sloc dloc lbl n"

# both ARGS...: nfdump and dump print the same (stdout and exit code).
both() {
	rc1=0; rc2=0
	"$NFDUMP" "$@" > "$WORK/ref.txt" 2>/dev/null || rc1=$?
	"$DUMP" "$@" > "$WORK/our.txt" 2>/dev/null || rc2=$?
	grep -v '^Sys: ' "$WORK/ref.txt" > "$WORK/ref2.txt" || true
	grep -v '^Sys: ' "$WORK/our.txt" > "$WORK/our2.txt" || true
	compare "$*" "$WORK/ref2.txt" "$WORK/our2.txt"
	[ "$rc1" = "$rc2" ] || fail "$*: exit $rc2, nfdump $rc1"
}

all=""
for t in $TOKENS; do
	all="$all%$t|"
done
for f in $FILES; do
	for m in json pipe csv null biline bilong gline glong nsel nel extended6 \
		bilong6 JSON Line null6 json6 csv6 pipe6; do
		both -r "$f" -o "$m"
	done
	both -r "$f" -o "fmt:$all"
	both -r "$f" -q -o json
	both -r "$f" -N -o extended
	both -r "$f" -6 -o "fmt:%sa %da %sap %dap %nh %nhb %ra %sn %dn|"
	both -r "$f" -T -o "fmt:%sa %da %sap %dap %nh %nhb %ra %gsap|"
	both -r "$f" -o "%ts %td %line"
	both -r "$f" -o json 'proto 254'
	both -r "$f" -o pipe 'proto 254'
done
for t in $TOKENS; do
	both -r "$WORK/all.nf" -o "fmt:%$t"
	both -r "$WORK/dense.nf" -N -o "fmt:%$t|"
done

# Errors: unknown mode, unknown token, empty format (exit 1).
both -r "$WORK/v5.nf" -o nosuchmode
both -r "$WORK/v5.nf" -o lin
both -r "$WORK/v5.nf" -o line66
both -r "$WORK/v5.nf" -o 'CSV:%ts'
both -r "$WORK/v5.nf" -o "fmt:%xyz"
both -r "$WORK/v5.nf" -o "fmt:%tsx"
both -r "$WORK/v5.nf" -o "fmt:"
for e in nosuchmode "fmt:%xyz" "fmt:" line66; do
	"$NFDUMP" -r "$WORK/v5.nf" -o "$e" 2> "$WORK/ref.err" >/dev/null || true
	"$DUMP" -r "$WORK/v5.nf" -o "$e" 2> "$WORK/our.err" >/dev/null || true
	compare "stderr of -o $e" "$WORK/ref.err" "$WORK/our.err"
done
echo "PASS"
