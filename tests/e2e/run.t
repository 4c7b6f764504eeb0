#!/bin/sh
# kubectl run: the Pod it builds (--dry-run=client -o json|yaml), flags and
# errors, side by side with kubectl v1.32 against kc-mockapi (run maps the Pod
# kind through discovery even for a client dry run); then real runs, kc and
# kubectl each on a fresh mock, against the same goldens.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'

if [ ! -x "$MOCK_BIN" ]; then
	test_skip "run" "no kc-mockapi"
	test_done
	exit 0
fi

t() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $_n $(shell_quote "$@")"
}

# unreachable server: discovery fails before anything is built
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
KUBECONFIG=$TRASH/offline.kubeconfig t offline run x --image=a --dry-run=client
KUBECONFIG=$TRASH/offline.kubeconfig t offline-no-image run x --dry-run=client

mock_start
D="--dry-run=client"
t json run nginx --image=nginx $D -o json
t full run nginx --image=nginx --restart=Never --port=80 --env=A=1 --env=B=2 --labels=x=y,a=b -n test $D -o json
t command run nginx --image=nginx --command $D -o json -- sh -c 'echo hi'
t args run nginx --image=nginx $D -o yaml -- a b
t extra-args run nginx busybox --image=nginx $D -o yaml
t annotations run nginx --image=nginx --annotations=a=b --image-pull-policy=IfNotPresent $D -o json
t onfailure run job1 --image=busybox --restart=OnFailure $D -o yaml
t line run nginx --image=nginx $D
t name run nginx --image=nginx $D -o name
t no-image run nginx $D
t no-name run --image=x $D
t bad-restart run x --image=a --restart=foo $D
t bad-port run x --image=a --port=abc $D
t bad-env run x --image=a --env=A $D
t bad-labels run x --image=a --labels=foo $D
t bad-pull run x --image=a --image-pull-policy=Foo $D
t help run -h

seq_runs() {
	step 01-run run nginx --image=nginx:latest
	step 02-run-again run nginx --image=nginx:latest
	step 03-ns create namespace test
	step 04-run-ns run nginx --image=nginx:latest --restart=Never --namespace=test --port=80
	step 05-server-dry run web --image=nginx --dry-run=server
	step 06-server-dry-again run nginx --image=nginx --dry-run=server
}
step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}
mock_stop
if [ -n "$REAL_KUBECTL" ]; then
	mock_start
	_label=kubectl
	MOCK_CLIENT=$REAL_KUBECTL
	seq_runs
	mock_stop
fi
UPDATE_GOLDEN=
mock_start
_label=kc
MOCK_CLIENT=$BIN/kubectl
seq_runs
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
test_done
