#!/bin/sh
# Install the Debian packages named on the command line that are missing.
# As root this runs apt-get; otherwise it prints the exact command to run.
optional=0
[ "$1" = --optional ] && { optional=1; shift; }
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
else
	echo "missing Debian packages; run as root:"
	echo "  apt-get install -y$missing"
	[ $optional = 1 ] && echo "(tests that need them will be skipped)" && exit 0
	exit 1
fi
