#!/bin/sh
# Two-way patches as kubectl v1.32 computes them, captured against kc-mockapi:
#   tests/cases/smp-two-way/capture.sh
# Each case directory holds object.yaml (created first) and `change`, one line:
#   image CONTAINER=IMAGE   -> kubectl set image (CreateTwoWayMergePatch)
#   label KEY=VALUE         -> kubectl label (jsonpatch.CreateMergePatch)
# The script stores before.json (the object kubectl GETs) and patch.json (the
# PATCH body kubectl sends) with patch-type.
set -e
cd "$(dirname "$0")"
TOP=$(cd ../../.. && pwd)
K=${REAL_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
D=$(mktemp -d)
"$TOP/build/kc-mockapi" --listen 127.0.0.1:0 --kubeconfig-out "$D/kubeconfig" \
	--ready-file "$D/ready" --frozen-time 2026-11-24T12:00:00Z >"$D/log" 2>&1 &
PID=$!
trap 'kill $PID; rm -rf "$D"' EXIT
while [ ! -s "$D/ready" ]; do sleep 0.05; done
export KUBECONFIG="$D/kubeconfig"
for c in $(ls -d */ | tr -d /); do
	"$K" create -f "$c/object.yaml" >/dev/null
	"$K" get -f "$c/object.yaml" -o json >"$c/before.json"
	read -r what arg <"$c/change"
	case $what in
	image) "$K" set image -f "$c/object.yaml" "$arg" -v=8 >"$D/out" 2>"$D/err" ;;
	label) "$K" label -f "$c/object.yaml" "$arg" -v=8 >"$D/out" 2>"$D/err" ;;
	esac
	python3 - "$D/err" "$c" <<'PY'
import json, re, sys
lines = open(sys.argv[1]).read().split("\n")
body, ctype = None, None
for i, l in enumerate(lines):
    if '"Request Body"' in l and 'body=""' not in l and body is None:
        m = re.search(r'body="(.*)"$', l)
        body = json.loads('"' + m.group(1) + '"') if m else lines[i + 1][1:]
    m = re.search(r'Content-Type: (application/[a-z-]+patch\+json)', l)
    if m and ctype is None and body is not None:
        ctype = m.group(1)
open(sys.argv[2] + "/patch.json", "w").write(body + "\n")
open(sys.argv[2] + "/patch-type", "w").write(ctype + "\n")
PY
	"$K" delete -f "$c/object.yaml" --wait=false >/dev/null
	echo "$c: $(cat "$D/out")"
done
