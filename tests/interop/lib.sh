# Shared by the interop tests: locate binaries, the reference nfdump, and
# compare outputs.  Every step fails the test on the first error (set -e),
# as git's test_expect_success chains do.
set -eu
export TZ=UTC
export NFDUMP_DIALECT=1.7.1

: "${TOP_BUILDDIR:?run through make check}"
DUMP="$TOP_BUILDDIR/bin/dump/dump"
NFGEN="$TOP_BUILDDIR/tests/tools/nfgen"
WORK="$TOP_BUILDDIR/tests/tmp/$(basename "$0" .sh).$$"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# The reference: Debian's nfdump 1.7.1.  Skipped (77) where it is absent,
# except in CI, which sets REQUIRE_NFDUMP=1.
NFDUMP=/usr/bin/nfdump
if ! [ -x "$NFDUMP" ] || ! "$NFDUMP" -V 2>/dev/null | grep -q '1\.7\.1'; then
	if [ "${REQUIRE_NFDUMP:-0}" = 1 ]; then
		echo "FAIL: Debian nfdump 1.7.1 required but not installed" >&2
		exit 1
	fi
	echo "SKIP: Debian nfdump 1.7.1 not installed (apt-get install nfdump)"
	exit 77
fi

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Drop the timing line, which differs on every run.
untimed() {
	grep -v '^Sys: '
}

# compare LABEL EXPECTED ACTUAL: unified diff on mismatch.
compare() {
	if ! diff -u "$2" "$3" > "$WORK/diff"; then
		head -40 "$WORK/diff" >&2
		fail "$1"
	fi
}

# both_print FILE MODE: nfdump and dump print FILE the same way.
both_print() {
	"$NFDUMP" -r "$1" -o "$2" 2>/dev/null | untimed > "$WORK/ref.txt"
	"$DUMP" -r "$1" -o "$2" 2>/dev/null | untimed > "$WORK/our.txt"
	compare "$(basename "$1") -o $2" "$WORK/ref.txt" "$WORK/our.txt"
}
