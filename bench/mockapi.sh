#!/bin/sh
# bench/mockapi.sh [SECONDS]: kc-mockapi's throughput and memory (issue 3's targets:
# >= 5,000 small GETs/s on 2 cores, a LIST of 10,000 pods in < 1 s, memory linear
# in stored objects). Not part of make check; run it on an idle machine, e.g.
#   make build/kc-mockapi && bench/mockapi.sh 5
# For each store size (1k, 10k, 50k pods, loaded from a generated --state file so
# that loading is not what is measured) it prints the RSS, the time of one LIST of
# all pods (JSON), and small GETs/s (one pod, 2 client threads, keep-alive) over
# plain HTTP and over TLS with a bearer token. The store keeps each object's JSON
# text (made when it is written), so a LIST concatenates; "again" is a second LIST.
set -eu
cd "$(dirname "$0")/.." || exit 1
MOCK=${MOCK_BIN:-build/kc-mockapi}
SECS=${1:-3}
SIZES=${SIZES:-1000 10000 50000}
[ -x "$MOCK" ] || { echo "build $MOCK first (make build/kc-mockapi)" >&2; exit 1; }
D=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
cc -O2 -o "$D/load" bench/mockapi-load.c -lcurl -lpthread

start() { # ARGS...: start the mock, wait for its URL
	rm -f "$D/ready"
	"$MOCK" --listen 127.0.0.1:0 --ready-file "$D/ready" --frozen-time 2026-11-24T12:00:00Z \
		"$@" >"$D/log" 2>&1 &
	PID=$!
	while [ ! -s "$D/ready" ]; do sleep 0.01; done
	URL=$(cat "$D/ready")
}
stop() { kill -TERM "$PID"; wait "$PID" || true; PID=; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }

# one real pod, shaped by the mock's own controllers, as the template
start --no-tls --state "$D/base.json"
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "$URL/api/v1/namespaces/default/pods" \
	-d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"tmpl","labels":{"app":"bench"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}'
stop
start --no-tls
EMPTY_RSS=$(rss_kb)
stop
echo "empty store: RSS ${EMPTY_RSS} kB"

for n in $SIZES; do
	python3 - "$D/base.json" "$D/state-$n.json" "$n" <<'PY'
import json, sys, copy
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
st = json.load(open(src))
tmpl = next(i for i in st["items"] if i["resource"] == "pods" and i["object"]["metadata"]["name"] == "tmpl")
st["items"] = [i for i in st["items"] if i is not tmpl]
rv = st["resourceVersion"]
for k in range(n):
    o = copy.deepcopy(tmpl)
    md = o["object"]["metadata"]
    md["name"] = "pod-%05d" % k
    md["uid"] = "00000000-0000-4000-8000-%012d" % k
    rv += 1
    md["resourceVersion"] = str(rv)
    o["object"]["status"]["podIP"] = "10.%d.%d.%d" % (k >> 16 & 255, k >> 8 & 255, k & 255)
    st["items"].append(o)
st["resourceVersion"] = rv
json.dump(st, open(dst, "w"))
PY
	start --no-tls --state "$D/state-$n.json"
	"$D/load" once "$URL/api/v1/namespaces/default/pods/pod-00000" >/dev/null
	rss=$(rss_kb)
	list=$("$D/load" once "$URL/api/v1/pods")
	list_warm=$("$D/load" once "$URL/api/v1/pods")
	list2=$("$D/load" once "$URL/api/v1/namespaces/default/pods?limit=500")
	gets=$("$D/load" get "$URL/api/v1/namespaces/default/pods/pod-00000" 2 "$SECS")
	stop
	start --token bench-token --state "$D/state-$n.json"
	tgets=$("$D/load" get "$URL/api/v1/namespaces/default/pods/pod-00000" 2 "$SECS" bench-token)
	stop
	echo "$n pods: RSS ${rss} kB ($(( (rss - EMPTY_RSS) * 1024 / n )) B/pod over empty)"
	echo "  LIST all pods: ${list% *} s (again: ${list_warm% *} s), ${list#* } bytes; first page of 500: ${list2% *} s"
	echo "  GET one pod, http:  $gets"
	echo "  GET one pod, https: $tgets"
done
