#!/bin/sh
# kubectl expose: the Service derived from a deployment, pod, replicaset or
# service fetched from kc-mockapi (selector, ports, protocols, labels), flags and
# errors, side by side with kubectl v1.32; then real exposes (the tutorial's
# steps), kc and kubectl each on a fresh mock, against the same goldens.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'
EX="$TOP/examples"

if [ ! -x "$MOCK_BIN" ] || [ -z "$REAL_KUBECTL" ]; then
	test_skip "expose" "no kc-mockapi or no kubectl to set up objects"
	test_done
	exit 0
fi

t() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $_n $(shell_quote "$@")"
}

cat >"$TRASH/offline.kubeconfig" <<'KCFG'
apiVersion: v1
kind: Config
clusters:
- cluster: {server: "https://127.0.0.1:1"}
  name: c
contexts:
- context: {cluster: c, user: u}
  name: x
current-context: x
users:
- name: u
  user: {token: t}
KCFG
KUBECONFIG=$TRASH/offline.kubeconfig t offline expose deployment x --port=80 --dry-run=client
KUBECONFIG=$TRASH/offline.kubeconfig t offline-slash expose deployment/x --port=80

cat >"$TRASH/objs.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: multi
  labels: {tier: web, app: multi}
spec:
  selector:
    matchLabels: {app: multi}
  template:
    metadata:
      labels: {app: multi}
    spec:
      containers:
      - name: a
        image: nginx
        ports:
        - {containerPort: 80}
        - {containerPort: 53, protocol: UDP}
      - name: b
        image: dns
        ports:
        - {containerPort: 8443}
---
apiVersion: v1
kind: Pod
metadata:
  name: bare
spec:
  containers:
  - name: a
    image: nginx
YAML

mock_start
"$REAL_KUBECTL" create deployment nginx --image=nginx:latest >/dev/null &&
"$REAL_KUBECTL" run p --image=nginx --port=8080 >/dev/null &&
"$REAL_KUBECTL" create service clusterip web --tcp=80:8080 --tcp=443 >/dev/null &&
"$REAL_KUBECTL" apply -f "$TRASH/objs.yaml" >/dev/null
test_expect_success 'objects set up with kubectl' 'test $? = 0'

D="--dry-run=client"
t deploy-json expose deployment nginx --port=80 --type=ClusterIP $D -o json
t deploy-target expose deployment nginx --port=80 --target-port=3000 --name=x $D -o yaml
t deploy-noport expose deployment nginx $D
t pod expose pod p $D -o yaml
t pod-ns expose pod p -n default $D -o yaml
t pod-nolabels expose pod bare --port=80 $D -o yaml
t svc-port expose svc web --name=web2 --port=81 $D -o yaml
t svc-ports expose service web --name=web2 $D -o json
t multi expose deployment multi $D -o json
t multi-proto expose deployment multi --protocol=SCTP $D -o json
t ports expose deployment nginx --port=80,443 $D -o json
t all-flags expose deployment nginx --port=80 --protocol=UDP --external-ip=1.2.3.4 --type=NodePort --cluster-ip=10.0.0.5 --session-affinity=ClientIP --load-balancer-ip=1.1.1.1 --labels=a=b --selector=x=y,c=d --target-port=http $D -o json
t lb expose deployment nginx --port=80 --type=LoadBalancer --load-balancer-ip=1.1.1.1 $D -o json
t headless expose deployment nginx --cluster-ip=None $D -o yaml
t bad-affinity expose deployment nginx --port=80 --session-affinity=foo $D -o json
t slash expose deployment/nginx --port=80 $D -o name
t two expose deployment nginx multi --port=80 $D -o name
t missing expose deployment missing --port=80
t namespace expose ns default --port=80
t no-args expose
t no-name expose deployment
t unknown-type expose foo bar
t bad-port expose deployment nginx --port=abc $D
t bad-name expose deployment nginx $D --name=Bad_Name -o name
t help expose -h
mock_stop

seq_expose() {
	"$MOCK_CLIENT" create deployment nginx --image=nginx:latest >/dev/null 2>&1
	"$REAL_KUBECTL" apply -f "$EX/myapp-deployment.yaml" >/dev/null 2>&1
	step 01-expose expose deployment nginx --port=80 --type=ClusterIP
	step 02-expose-again expose deployment nginx --port=80 --type=ClusterIP
	step 03-myapp expose deployment myapp --name=myapp-svc --port=80 --target-port=3000
	step 04-server-dry expose deployment nginx --name=n2 --port=80 --dry-run=server
	step 05-server-dry-yaml expose deployment nginx --name=n3 --port=80 --dry-run=server -o name
	step 06-missing expose deployment missing --port=80
}
step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}
mock_start
_label=kubectl
MOCK_CLIENT=$REAL_KUBECTL
seq_expose
mock_stop
UPDATE_GOLDEN=
mock_start
_label=kc
MOCK_CLIENT=$BIN/kubectl
seq_expose
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
test_done
