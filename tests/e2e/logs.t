#!/bin/sh
# kubectl logs side by side with kubectl v1.32 on fresh kc-mockapi instances
# (same sequence, same goldens from kubectl): POD [CONTAINER], TYPE/NAME with
# the pod kubectl picks and its notices, the default-container annotation, -l,
# --prefix, --all-pods, --tail, --since, --since-time, --timestamps,
# --limit-bytes, -p, -f on a finished pod, and the errors.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

cat >pods.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: two
  labels: {app: two}
spec:
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo hello from a"]
  - name: b
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: anno
  labels: {app: two}
  annotations:
    kubectl.kubernetes.io/default-container: b
spec:
  containers:
  - name: a
    image: busybox
  - name: b
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: badanno
  annotations:
    kubectl.kubernetes.io/default-container: zz
spec:
  containers:
  - name: a
    image: busybox
YAML

setup() { "$REAL_KUBECTL" "$@" >/dev/null 2>&1; }
step() {
	_n=$1
	shift
	test_expect_success "$_label logs $*" "mock_client_check $_n logs $(shell_quote "$@")"
}
# sorted_step: stdout compared line-sorted (see MOCK_SORT_OUT in mock.sh)
sorted_step() {
	MOCK_SORT_OUT=1
	step "$@"
	MOCK_SORT_OUT=
}
seq_logs() {
	setup create deploy web --image=nginx --replicas=2
	setup create -f pods.yaml
	setup create job j1 --image=busybox -- echo job output
	setup create cm c1
	setup create deploy zero --image=nginx --replicas=0
	step 01-defaulted two
	step 02-container two -c a
	step 03-annotation anno
	step 04-deploy deploy/web
	step 05-job job/j1
	step 06-bad-container two -c zz
	step 07-missing nope
	step 08-none
	step 09-prefix-tail two --prefix -c b --tail=2
	# several pods without -f: kubectl reads them in Go map order (random)
	sorted_step 10-selector -l app=two
	step 11-timestamps two -c b --timestamps --tail=1
	step 12-configmap cm/c1
	step 13-previous two -p -c a
	step 14-limit-bytes two -c b --limit-bytes=10
	step 15-since-both two -c b --since=1h --since-time=2026-01-01T00:00:00Z
	step 16-since two -c b --since=1h
	step 17-deploy-missing deploy/nope
	step 18-unknown-type foo/x
	step 19-inline-container two b
	step 20-inline-and-c two b -c a
	step 21-too-many two a b
	step 22-name-and-selector two -l app=x
	step 23-selector-none -l app=nope
	step 24-since-time-bad two --since-time=bad
	step 25-limit-negative two --limit-bytes=-1
	step 26-tail-bad two --tail=-2
	step 27-since-negative two --since=-1s
	step 28-all-and-c two --all-containers -c a
	step 29-no-pods deploy/zero --pod-running-timeout=1s
	step 30-pod-timeout-zero two --pod-running-timeout=0s
	step 31-follow-limit -f -l app=web --max-log-requests=1
	step 32-service svc/kubernetes
	step 33-since-time-offset two -c b --since-time=2026-11-24T13:00:00+01:00
	step 34-all-pods-pod two --all-pods -c b --tail=1
	step 35-prefix anno -c a --tail=1 --prefix
	step 36-rs-missing rs/nope
	step 37-pod-slash pod/two -c b --tail=1
	sorted_step 38-deploy-all-pods deploy/web --all-pods --tail=2
	step 41-bad-annotation badanno
	step 42-since-time-range two --since-time=2026-13-24T13:00:00Z
	step 43-since-time-date two --since-time=2026-11-24
}
if [ -n "$REAL_KUBECTL" ] && [ -x "$MOCK_BIN" ]; then
	mock_start
	_label=kubectl
	MOCK_CLIENT=$REAL_KUBECTL
	seq_logs
	mock_stop
	_u=${UPDATE_GOLDEN:-}
	UPDATE_GOLDEN=
	mock_start
	_label=kc
	MOCK_CLIENT=$BIN/kubectl
	seq_logs
	# -f streams as the lines arrive (the mock never ends a follow, so stop it)
	test_expect_success 'kc logs -f streams' '
		timeout 3 "$BIN/kubectl" logs -f job/j1 >follow.out 2>follow.err;
		test $? = 124 && echo "job output" >expect && test_cmp expect follow.out'
	test_expect_success 'kc logs -f with several streams (parallel, prefixed)' '
		timeout 3 "$BIN/kubectl" logs -f -l app=two -c b --tail=1 --prefix >follow2.out 2>&1;
		test $? = 124 && sort follow2.out >actual &&
		printf "[pod/anno/b] anno b line 10\n[pod/two/b] two b line 10\n" >expect && test_cmp expect actual'
	mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
	UPDATE_GOLDEN=$_u
fi

test_done
