#!/bin/sh
# bench/mockapi-startup.sh [N]: how long kc-mockapi takes from exec to a
# written --ready-file (TLS certificates included), and to stop on SIGTERM;
# median of N runs (default 20). Not part of make check.
set -u
cd "$(dirname "$0")/.." || exit 1
MOCK=${MOCK_BIN:-build/kc-mockapi}
N=${1:-20}
[ -x "$MOCK" ] || { echo "build $MOCK first (make build/kc-mockapi)" >&2; exit 1; }
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
i=0
: >"$D/start.ms"
: >"$D/stop.ms"
while [ $i -lt "$N" ]; do
	rm -f "$D/ready"
	t0=$(date +%s%N)
	"$MOCK" --kubeconfig-out "$D/kc" --ready-file "$D/ready" &
	pid=$!
	while [ ! -s "$D/ready" ]; do sleep 0.002; done
	t1=$(date +%s%N)
	kill -TERM $pid
	wait $pid
	t2=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$D/start.ms"
	echo $(( (t2 - t1) / 1000 )) >>"$D/stop.ms"
	i=$((i + 1))
done
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "kc-mockapi start to ready: median $(med "$D/start.ms") us over $N runs"
echo "kc-mockapi SIGTERM to exit: median $(med "$D/stop.ms") us"
