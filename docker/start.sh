#!/bin/sh
# Container entry: what the original start.sh did (nfsen start, the zone1
# profile), with sen in the foreground as the container's main process.
set -e
conf=/etc/nfsen/nfsen.conf
profile=/usr/local/share/net-collector/profiles/zone1_profile.yaml
# the profile is made once, on a daemon of its own, then sen run takes over
if [ ! -f /data/nfsen/profiles-stat/zone1_profile/profile.dat ]; then
	sen -C "$conf" daemon -f &
	d=$!
	i=0
	while [ ! -S /data/nfsen/var/run/nfsen.comm ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sen -C "$conf" --load-profile "$profile" || true
	kill "$d"
	wait "$d" || true
fi
exec sen -C "$conf" run
