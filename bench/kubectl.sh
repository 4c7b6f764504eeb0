#!/usr/bin/env bash
# bench/kubectl.sh [--real] [N]: kc against kubectl v1.32 on the same server in
# the same run, each command under /usr/bin/time -v: wall time (mean of N runs,
# measured around the process in ns; /usr/bin/time only has 10 ms resolution)
# and peak RSS (time -v "Maximum resident set size", the largest of the runs),
# with kubectl/kc ratios.
#
#   default   a fresh build/kc-mockapi (no --frozen-time, no pod start delay)
#   --real    a real Kubernetes 1.20 from ../shared/tools/realk8s (started in
#             $BENCH_REAL_STATE, default /tmp/kc-bench-real, stopped at the end)
#   N         runs per row (default 5; the 300-object rows run N/5+1 times)
#
# Rows: warm `get pods` (discovery cached), `apply -f` of one Deployment
# (re-applied: unchanged), re-`apply -f` of a 300-ConfigMap directory,
# `delete -f` of it (kubectl's default --wait), plus kc's parallel
# `create -f` of the 300 ConfigMaps and `get cm` of them. A row whose verb kc
# does not implement yet prints kubectl's numbers and "kc: n/a".
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
KC=${KC_BIN:-$TOP/build/kc}
KUBECTL=${REAL_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
REAL=
if [[ ${1:-} == --real ]]; then
	REAL=1
	shift
fi
N=${1:-5}
BIG_N=$((N / 5 + 1))
D=$(mktemp -d /tmp/kc-bench.XXXXXX)
MOCK=
cleanup() {
	[[ -n "$MOCK" ]] && kill "$MOCK" 2>/dev/null && wait "$MOCK" 2>/dev/null
	if [[ -n "$REAL" && -z "${BENCH_REAL_KEEP:-}" ]]; then
		"$REALK8S/down.sh" "$STATE" >/dev/null 2>&1
	fi
	rm -rf "$D"
}
trap cleanup EXIT

if [[ -n "$REAL" ]]; then
	REALK8S=${REALK8S:-$(cd "$TOP/.." && pwd)/shared/tools/realk8s}
	STATE=${BENCH_REAL_STATE:-/tmp/kc-bench-real}
	export REALK8S_APISERVER_PORT=${REALK8S_APISERVER_PORT:-36443}
	export REALK8S_ETCD_PORT=${REALK8S_ETCD_PORT:-43791}
	export REALK8S_ETCD_PEER_PORT=${REALK8S_ETCD_PEER_PORT:-43792}
	export REALK8S_KCM_PORT=${REALK8S_KCM_PORT:-36257}
	export REALK8S_SCHEDULER_PORT=${REALK8S_SCHEDULER_PORT:-36259}
	export REALK8S_KUBELET_PORT=${REALK8S_KUBELET_PORT:-31250}
	nice "$REALK8S/up.sh" "$STATE" >"$D/up.log" 2>&1 || { tail "$D/up.log" >&2; exit 1; }
	# shellcheck disable=SC1091
	. "$STATE/env"
	SERVER="realk8s (Kubernetes 1.20)"
else
	"$TOP/build/kc-mockapi" --listen 127.0.0.1:0 --kubeconfig-out "$D/kubeconfig" \
		--ready-file "$D/ready" >"$D/mock.log" 2>&1 &
	MOCK=$!
	while [[ ! -s "$D/ready" ]]; do
		kill -0 "$MOCK" 2>/dev/null || { cat "$D/mock.log" >&2; exit 1; }
		sleep 0.02
	done
	KUBECONFIG=$D/kubeconfig
	SERVER="kc-mockapi"
fi
export KUBECONFIG

# fixtures: one Deployment; 300 ConfigMaps in a directory
cat >"$D/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench
spec:
  replicas: 1
  selector:
    matchLabels:
      app: bench
  template:
    metadata:
      labels:
        app: bench
    spec:
      containers:
      - name: web
        image: nginx:1.27
EOF
mkdir -p "$D/cms"
for i in $(seq -w 1 300); do
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-%s\ndata:\n  key: value-%s\n' "$i" "$i" \
		>"$D/cms/cm-$i.yaml"
done

kc_implements() {
	local w=() a
	for a in "$@"; do
		case $a in -*) continue ;; esac
		w+=("$a")
		[[ ${#w[@]} -ge 2 ]] && break
	done
	"$KC" "${w[@]}" --help >/dev/null 2>&1
}

# measure RUNS SETUP -- CMD...: mean wall ms and max RSS KiB of CMD over RUNS
# runs; SETUP (a shell snippet, may be "") runs before each, untimed.
measure() {
	local runs=$1 setup=$2 i total=0 rss=0 t0 t1 r
	shift 3
	for ((i = 0; i < runs; i++)); do
		[[ -n "$setup" ]] && eval "$setup" >/dev/null 2>&1
		t0=$(date +%s%N)
		/usr/bin/time -v -o "$D/time" "$@" >/dev/null 2>"$D/err"
		t1=$(date +%s%N)
		total=$((total + (t1 - t0) / 1000))
		r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$D/time")
		((r > rss)) && rss=$r
	done
	echo "$((total / runs / 1000)).$(((total / runs % 1000) / 100)) $rss"
}

printf '# kc vs kubectl v1.32 on %s, %s; wall ms (mean), peak RSS MiB\n' "$SERVER" "$(date -u +%FT%TZ)"
printf '%-44s %9s %9s %7s   %8s %8s %7s\n' "command" "kc ms" "kubectl" "ratio" "kc MiB" "kubectl" "ratio"

# row TITLE RUNS SETUP_KC SETUP_KUBECTL ARGS...
row() {
	local title=$1 runs=$2 skc=$3 sk=$4
	shift 4
	local k c
	k=$(measure "$runs" "$sk" -- "$KUBECTL" --cache-dir "$D/kubectl-cache" "$@")
	if kc_implements "$@"; then
		c=$(measure "$runs" "$skc" -- "$KC" --cache-dir "$D/kc-cache" "$@")
		awk -v t="$title" -v c="$c" -v k="$k" 'BEGIN {
			split(c, a, " "); split(k, b, " ");
			printf "%-44s %9.1f %9.1f %6.1fx   %8.1f %8.1f %6.1fx\n", t, a[1], b[1],
				(a[1] > 0 ? b[1] / a[1] : 0), a[2] / 1024, b[2] / 1024, (a[2] > 0 ? b[2] / a[2] : 0) }'
	else
		awk -v t="$title" -v k="$k" 'BEGIN { split(k, b, " ");
			printf "%-44s %9s %9.1f %7s   %8s %8.1f %7s\n", t, "n/a", b[1], "", "n/a", b[2] / 1024, "" }'
	fi
}

K="$KUBECTL --cache-dir $D/kubectl-cache"
C="$KC --cache-dir $D/kc-cache"
# warm the discovery caches
$K get pods >/dev/null 2>&1
$C get pods >/dev/null 2>&1
$K apply -f "$D/deploy.yaml" >/dev/null 2>&1

row "get pods (warm discovery cache)" "$N" "" "" get pods
row "apply -f deployment.yaml (unchanged)" "$N" "" "" apply -f "$D/deploy.yaml"
row "create -f 300 ConfigMaps" "$BIG_N" "$K delete -f $D/cms --ignore-not-found --wait=false" "$K delete -f $D/cms --ignore-not-found --wait=false" \
	create -f "$D/cms"
$K apply -f "$D/cms" >/dev/null 2>&1
row "get cm (300 + the root CA)" "$N" "" "" get cm
row "re-apply -f 300 ConfigMaps (unchanged)" "$BIG_N" "" "" apply -f "$D/cms"
row "delete -f 300 ConfigMaps (--wait)" "$BIG_N" "$K apply -f $D/cms" "$K apply -f $D/cms" delete -f "$D/cms"
