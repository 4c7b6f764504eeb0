#!/bin/sh
# bench/client.sh [N]: kc against kubectl v1.32 on the same kc-mockapi, same run.
# Prints wall time per command (mean of N runs) and the kubectl/kc ratio.
# Needs build/kc and build/kc-mockapi (make test-bins) and kubectl 1.32.
set -eu
N=${1:-20}
TOP=$(cd "$(dirname "$0")/.." && pwd)
KC=$TOP/build/kc
KUBECTL=${REAL_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
D=$(mktemp -d)
"$TOP/build/kc-mockapi" --listen 127.0.0.1:0 --kubeconfig-out "$D/kubeconfig" --ready-file "$D/ready" >"$D/log" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null; rm -rf "$D"' EXIT
while [ ! -s "$D/ready" ]; do sleep 0.05; done
export KUBECONFIG="$D/kubeconfig"

now_ms() { date +%s%3N; }
mean_ms() { # CMD...: mean wall ms over N runs
	t0=$(now_ms)
	i=0
	while [ $i -lt "$N" ]; do "$@" >/dev/null 2>&1 || true; i=$((i + 1)); done
	echo $(( ($(now_ms) - t0) / N ))
}
row() { # TITLE ARGS...
	title=$1
	shift
	a=$(mean_ms "$KC" --cache-dir "$D/kc-cache" "$@")
	b=$(mean_ms "$KUBECTL" --cache-dir "$D/kubectl-cache" "$@")
	ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')
	printf '%-38s kc %5d ms   kubectl %5d ms   x%s\n' "$title" "$a" "$b" "$ratio"
}
row "get --raw /version" get --raw /version
row "api-resources (warm cache)" api-resources
row "api-resources --cached" api-resources --cached
row "api-versions (always fresh)" api-versions
row "cluster-info" cluster-info
