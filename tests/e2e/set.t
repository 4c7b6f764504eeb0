#!/bin/sh
# kubectl set image against kc-mockapi: kubectl and kc each run the same
# sequence on a fresh --frozen-time mock; goldens captured from kubectl v1.32.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

# klog headers carry the time and pid
KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'
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
KUBECONFIG=$TRASH/offline.kubeconfig
export KUBECONFIG
t group set
t group-help set -h
t group-unknown set foo
t image-help set image -h
t image-none set image
t image-local-args set image deploy/x a=b --local
t image-dry-bad set image deploy/x a=b --dry-run=foo
t image-unreachable set image deploy/x a=b
t image-local set image -f "$TOP/tests/e2e/rollout-workloads.yaml" c=x --local
t image-local-name set image -f "$TOP/tests/e2e/rollout-workloads.yaml" c=x --local -o name
t image-local-dry set image -f "$TOP/tests/e2e/rollout-workloads.yaml" '*=x' --local --dry-run=client
t image-local-server set image -f "$TOP/tests/e2e/rollout-workloads.yaml" c=x --local --dry-run=server

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_done
	exit 0
fi

# --record writes the program's name (argv[0]) into the change-cause
export TRASH
cat >"$TRASH/client" <<'EOF2'
#!/bin/sh
"$NORM_CLIENT" "$@" >"$TRASH/.norm.out" 2>"$TRASH/.norm.err"
rc=$?
sed -e 's/kubectl\.1\.32 /kubectl /g' "$TRASH/.norm.out"
sed -e 's/kubectl\.1\.32 /kubectl /g' "$TRASH/.norm.err" >&2
exit $rc
EOF2
chmod +x "$TRASH/client"

step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}

seq_set() {
	step 01-deploy create deployment web --image=nginx:1 --replicas=3
	step 02-deploy-two create deploy two --image=a --image=b
	step 03-pod run p --image=nginx
	step 04-cronjob create cronjob cj --image=busybox '--schedule=* * * * *'
	step 05-no-name set image deploy web=x
	step 06-missing-container set image deploy/two a=x nope=y
	step 07-same set image deploy/two a=x
	step 08-same-dry set image deploy/two a=x --dry-run=client
	step 09-dry-yaml set image deploy/two a=y --dry-run=client -o yaml
	step 10-not-found set image deploy/nope a=x
	step 11-name set image deploy/two b=y -o name
	step 12-all set image deploy,svc --all a=z
	step 13-server-dry set image deploy/two '*=q' --dry-run=server
	step 14-jsonpath set image deploy/two '*=q' -o 'jsonpath={.spec.template.spec.containers[*].image}'
	step 15-pod set image pod/p p=nginx:2
	step 16-cronjob set image cj/cj cj=busybox:2
	step 17-selector set image deploy -l app=web nginx=nginx:3
	step 18-service set image svc/kubernetes a=b
	step 19-two-missing set image deploy/nope1 deploy/nope2 a=x
	step 20-invalid set image deploy/two a=
	step 21-history rollout history deploy/two
	if [ -n "$REAL_KUBECTL" ]; then
		# kc run has no --overrides yet
		"$REAL_KUBECTL" run i --image=busybox --overrides='{"spec":{"initContainers":[{"name":"init","image":"busybox:1"}]}}' >/dev/null
		step 23-init-image set image pod/i init=busybox:2 -o jsonpath='{.spec.initContainers[0].image}'
		step 24-init-wildcard set image pod/i '*=busybox:3' -o jsonpath='{.spec.initContainers[0].image} {.spec.containers[0].image}'
	fi
	step 27-no-pairs set image deploy/web
	step 28-wildcard-more set image deploy/web '*=a' b=c
	step 29-pairs-order set image deploy/web a=b deploy/two
	step 30-all-selector set image --all -l a=b deploy c=d
	step 31-local-args set image deploy/web a=b --local
	step 32-record set image deploy/web nginx=nginx:8 --record
	step 33-record-false set image deploy/web nginx=nginx:9 --record=false -n default
	step 34-record-flags set image -n default --record deploy/web nginx=nginx:10 -o name
	step 35-record-history rollout history deploy/web
	step 37-empty-key set image deploy/web =x
	step 38-double-eq set image deploy/web a=b=c
	step 36-record-annotation get deploy web -o "jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}"
	step 25-file set image -f "$TRASH/web.yaml" nginx=nginx:5
	step 26-template set image deploy/web nginx=nginx:6 --template='{{.metadata.name}}' -o go-template
	step 26a-yaml set image deploy/web nginx=nginx:7 -o yaml
}

cat >"$TRASH/web.yaml" <<'EOF2'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
EOF2

if [ -n "$REAL_KUBECTL" ]; then
	mock_start
	_label=kubectl
	NORM_CLIENT=$REAL_KUBECTL MOCK_CLIENT=$TRASH/client
	export NORM_CLIENT
	seq_set
	mock_stop
fi
_u=${UPDATE_GOLDEN:-}
UPDATE_GOLDEN=
mock_start
_label=kc
NORM_CLIENT=$BIN/kubectl MOCK_CLIENT=$TRASH/client
export NORM_CLIENT
seq_set
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
UPDATE_GOLDEN=$_u

test_done
