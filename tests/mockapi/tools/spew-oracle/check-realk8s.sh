#!/bin/sh
# Cross-check spew.c's algorithm against a real kube-controller-manager (Kubernetes
# 1.20, ../shared/tools/realk8s beside the repo): creates Deployments (create deployment,
# a template with volumes/probes/affinity/security contexts, quantities written
# non-canonically), then recomputes every ReplicaSet's pod-template-hash from the
# Deployment's stored template with a v0.20.2 struct table and compares.
#   tests/mockapi/tools/spew-oracle/check-realk8s.sh    (from the repo root, after make)
# Env: REALK8S (default ../shared/tools/realk8s), KUBECTL (kubectl 1.32).
# Last run (2026-11-25): 3 of 3 ReplicaSet names equal (by hand before: a 4th template
# with volumes, probes, lifecycle, affinity, tolerations, host aliases, dnsConfig,
# security contexts …, also equal).
set -eu
top=$(pwd)
REALK8S=${REALK8S:-$top/../shared/tools/realk8s}
KUBECTL=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
tmp=$(mktemp -d)
state=$tmp/realk8s
trap '"$REALK8S/down.sh" "$state" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
"$top/tests/mockapi/gen-gostruct.py" --tag v0.20.2 >"$tmp/table.c"
cc -std=c11 -D_GNU_SOURCE -I"$top" -DTABLE="\"$tmp/table.c\"" -o "$tmp/hash" \
	"$top/tests/mockapi/tools/spew-oracle/hash.c" "$top/build/libkc.a" -ljansson -lm
"$REALK8S/up.sh" "$state" >"$tmp/up.log" 2>&1
. "$state/env"
k() { "$KUBECTL" "$@"; }
k create deployment nginx --image=nginx:latest >/dev/null
k create deployment web --image=nginx:1.27 --replicas=2 --port=80 >/dev/null
cat >"$tmp/d.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: quant}
spec:
  selector: {matchLabels: {app: quant}}
  template:
    metadata: {labels: {app: quant}, annotations: {z: last, a: "x y"}}
    spec:
      containers:
      - name: a
        image: busybox
        resources:
          limits: {cpu: "0.5", memory: 1.5Gi}
          requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 2048Ki}
        livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 3}
        readinessProbe: {tcpSocket: {port: http}}
        ports: [{name: http, containerPort: 80}, {containerPort: 53, protocol: UDP}]
        env: [{name: X, value: a b}, {name: P, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        securityContext: {capabilities: {add: [NET_ADMIN], drop: [ALL]}, runAsUser: 1000}
        volumeMounts: [{name: t, mountPath: /tmp}, {name: c, mountPath: /etc/c, readOnly: true}]
      - {name: b, image: busybox, command: [sleep, 1d]}
      volumes:
      - {name: t, emptyDir: {sizeLimit: 1000M}}
      - {name: c, configMap: {name: cm, items: [{key: a, path: a.txt}]}}
      nodeSelector: {disk: ssd}
      tolerations: [{key: k, operator: Equal, value: v, effect: NoSchedule}]
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector: {matchExpressions: [{key: app, operator: In, values: [quant]}]}
              topologyKey: kubernetes.io/hostname
      securityContext: {fsGroup: 2000, supplementalGroups: [4000]}
      dnsConfig: {options: [{name: ndots, value: "2"}]}
YAML
k apply -f "$tmp/d.yaml" >/dev/null
sleep 3
k get deploy -o json | python3 -c '
import json, sys
for d in json.load(sys.stdin)["items"]:
    print(d["status"].get("collisionCount", -1), json.dumps(d["spec"]["template"]))
' >"$tmp/templates"
k get deploy -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' >"$tmp/names"
"$tmp/hash" <"$tmp/templates" >"$tmp/ours"
fail=0
paste -d' ' "$tmp/names" "$tmp/ours" | while read -r name ours; do
	real=$(k get rs -l "$(k get deploy "$name" -o jsonpath='{.spec.selector.matchLabels}' |
		python3 -c 'import json,sys; print(",".join(f"{a}={b}" for a,b in json.load(sys.stdin).items()))')" \
		-o jsonpath='{.items[0].metadata.labels.pod-template-hash}')
	if [ "$real" = "$ours" ]; then echo "ok $name $real"; else echo "DIFF $name real=$real ours=$ours"; fi
done | tee "$tmp/result"
! grep -q '^DIFF' "$tmp/result"
