#!/bin/sh
# make install puts binaries, the nfdump link, libflow (shared and static),
# its headers, libflow.pc and the man pages in place, and a program built
# from the installed headers with pkg-config alone links and runs.
set -eu
: "${TOP_BUILDDIR:?run through make check}"
STAGE="$TOP_BUILDDIR/tests/tmp/install.$$"
trap 'rm -rf "$STAGE"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

make -s -C "$TOP_BUILDDIR" install prefix=/usr/local DESTDIR="$STAGE" >/dev/null
P="$STAGE/usr/local"
shared=lib/libflow.so
"$TOP_BUILDDIR/libtool" --config | grep -q '^build_libtool_libs=yes' || shared=""	# --disable-shared
for f in bin/dump lib/libflow.a $shared lib/pkgconfig/libflow.pc \
	 include/libflow/file/nffile.h share/man/man1/dump.1 share/man/man5/nffile.5 \
	 bin/capd bin/sfcapd share/man/man8/capd.8 share/man/man8/sfcapd.8; do
	[ -e "$P/$f" ] || fail "missing $f"
done
[ "$(readlink "$P/bin/nfdump")" = dump ] || fail "nfdump is not a link to dump"
[ "$(readlink "$P/share/man/man1/nfdump.1")" = dump.1 ] || fail "nfdump.1 link"
# the collectors, sen and their compatibility names and pages
for f in bin/capd bin/sfcapd bin/sen bin/flowgen share/man/man1/sen.1 share/man/man5/sen.conf.5 \
	 share/man/man8/capd.8 share/man/man8/sfcapd.8 share/net-collector/profiles/zone1_profile.yaml; do
	[ -e "$P/$f" ] || fail "missing $f"
done
[ "$(readlink "$P/bin/nfcapd")" = capd ] || fail "nfcapd is not a link to capd"
[ "$(readlink "$P/bin/nfsen")" = sen ] || fail "nfsen is not a link to sen"
[ "$(readlink "$P/bin/nfsend")" = sen ] || fail "nfsend is not a link to sen"
[ "$(readlink "$P/share/man/man1/nfsen.1")" = sen.1 ] || fail "nfsen.1 link"
[ "$(readlink "$P/share/man/man8/nfcapd.8")" = capd.8 ] || fail "nfcapd.8 link"

cflags=$(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --define-variable=prefix="$P" --cflags libflow)
libs=$(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --define-variable=prefix="$P" --libs --static libflow)
${CC:-cc} ${CFLAGS:-} ${LDFLAGS:-} -std=c17 -Wall -Werror $cflags -o "$STAGE/example" "$TOP_SRCDIR/tests/install/example.c" \
	"$P/lib/libflow.a" $libs || fail "example does not build against the installed library"
out=$("$STAGE/example" "$SAMPLES/v2_171_nfdump_A_lz4.nf")
[ "$out" = "5 flows, 22236 bytes" ] || fail "example printed '$out'"
echo PASS
