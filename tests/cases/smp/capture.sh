#!/bin/sh
# Re-capture the expected patches of the strategic-merge-patch corpus from real
# kubectl v1.32 against kc-mockapi:
#   tests/cases/smp/capture.sh [CASE...]
# Each case directory holds a.yaml (applied first), optionally `edit` (kubectl
# commands run next, one per line: drift of the live object), and b.yaml. The
# script stores current.json (the live object kubectl GETs before applying
# b.yaml: its last-applied annotation is the three-way "original") and
# patch.json (the PATCH body kubectl sends, {} when it sends none;
# patch-type says strategic or merge), and for strategic patches merged.json:
# the patch applied to current.json by `kubectl patch --local`.
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
"$K" apply -f "$TOP/tests/e2e/mock-crd.yaml" >/dev/null
[ $# -gt 0 ] || set -- $(ls -d */ | tr -d /)
for c in "$@"; do
	ns=smp-$c
	"$K" create namespace "$ns" >/dev/null
	"$K" -n "$ns" apply -f "$c/a.yaml" >/dev/null
	if [ -f "$c/edit" ]; then
		while read -r line; do
			# shellcheck disable=SC2086
			"$K" -n "$ns" $line >/dev/null
		done <"$c/edit"
	fi
	"$K" -n "$ns" get -f "$c/b.yaml" -o json >"$c/current.json"
	"$K" -n "$ns" apply -f "$c/b.yaml" -v=8 >"$D/out" 2>"$D/err"
	python3 - "$D/err" "$c" <<'PY'
import json, re, sys
lines = open(sys.argv[1]).read().split("\n")
body, ctype = None, None
for i, l in enumerate(lines):
    if 'helper.go:269] "Request Body"' in l:
        m = re.search(r'body="(.*)"$', l)
        if m:
            body = json.loads('"' + m.group(1) + '"')
        else:
            body = lines[i + 1][1:]
    m = re.search(r'Content-Type: (application/[a-z-]+patch\+json)', l)
    if m and ctype is None and body is not None:
        ctype = m.group(1)
d = sys.argv[2]
open(d + "/patch.json", "w").write((body if body is not None else "{}") + "\n")
if ctype:
    open(d + "/patch-type", "w").write(ctype + "\n")
PY
	# and kubectl's own StrategicMergePatch of that patch onto current.json
	if grep -q strategic "$c/patch-type" 2>/dev/null; then
		KUBECONFIG=/dev/null "$K" patch --local -f "$c/current.json" --type=strategic \
			-p "$(cat "$c/patch.json")" -o json --show-managed-fields >"$c/merged.json"
	fi
	echo "$c: $(cat "$D/out")"
done
