#!/bin/sh
# docker/: no Docker engine here, so check what can be checked: every RUN
# line parses as shell, every package it installs exists in Debian, every
# COPY source exists, the container's nfsen.conf loads in sen with valid
# sources, start.sh parses, and the profile it loads is installed by
# make install (profiles/ -> share/net-collector/profiles).
set -u
top=${TOP_SRCDIR:-../..}
SEN=${TOP_BUILDDIR:-..}/bin/sen/sen
df=$top/docker/Dockerfile
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docker_lint.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# RUN instructions, continuation lines joined
awk '/^RUN /{ sub(/^RUN /, ""); cmd = $0; while (cmd ~ /\\$/) { sub(/\\$/, "", cmd); getline; cmd = cmd $0 } print cmd }' \
	"$df" > "$tmp/run"
[ -s "$tmp/run" ] || fail "no RUN lines found"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' "$line" | sh -n || fail "RUN line $n does not parse: $line"
done < "$tmp/run"
if command -v apt-cache > /dev/null; then
	for p in $(grep -o 'install -y --no-install-recommends[^&]*' "$tmp/run" |
		   sed 's/install -y --no-install-recommends//'); do
		apt-cache show "$p" > /dev/null 2>&1 || fail "Debian has no package $p"
	done
fi
for src in $(awk '/^COPY / && !/--from=/ { print $2 }' "$df"); do
	[ -e "$top/$src" ] || fail "COPY source $src missing"
done
grep -q '^FROM debian:12 AS build$' "$df" && grep -q '^FROM debian:12$' "$df" || fail "stages"
for port in 2055 4739 6343 9996; do
	grep -q "^EXPOSE.* $port/udp" "$df" || fail "port $port not exposed"
done
sh -n "$top/docker/start.sh" || fail "start.sh"
"$SEN" config-convert "$top/docker/nfsen.conf" > "$tmp/conf.yaml" || fail "nfsen.conf does not load"
for s in netflow-global ipfix-global sflow-global peer1 peer2; do
	grep -q "^  $s:" "$tmp/conf.yaml" || fail "source $s missing"
done
grep -q 'share/net-collector/profiles/zone1_profile.yaml' "$top/docker/start.sh" || fail "profile path"
grep -q 'dist_profiles_DATA = profiles/zone1_profile.yaml' "$top/Makefile.am" || fail "profile not installed"
echo "docker files: $n RUN lines parse, packages exist, sources and profile in place"
