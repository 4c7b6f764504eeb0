#!/bin/sh
# kubectl rollout status|history|undo|pause|resume|restart against kc-mockapi:
# kubectl and kc each run the same sequence on a fresh --frozen-time mock and
# must print the same bytes (goldens captured from kubectl v1.32). The
# restartedAt annotation carries the wall-clock time; it is normalised.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'
t() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $_n $(shell_quote "$@")"
}

# ---- help and usage (no server needed)
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
t group rollout
t group-help rollout -h
for c in status history undo pause resume restart; do
	t "$c-help" rollout "$c" -h
	t "$c-none" rollout "$c"
done
t status-bad-revision rollout status deploy/x --revision=-1
t status-bad-timeout rollout status deploy/x --timeout=x
t history-bad-revision rollout history deploy/x --revision=-1
t undo-bad-dry-run rollout undo deploy/x --dry-run=foo
t unknown-sub rollout foo
t unreachable rollout status deploy/x

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_done
	exit 0
fi

# The client as the steps run it: restartedAt times (and the pod-template-hash
# that follows from them) normalised, exit code kept.
cat >"$TRASH/client" <<'EOF'
#!/bin/sh
"$NORM_CLIENT" "$@" >"$TRASH/.norm.out" 2>"$TRASH/.norm.err"
rc=$?
sed -e 's/restartedAt\(["]*\): *"*[0-9][0-9T:Z+-]*"*/restartedAt\1: TIME/' -e 's/pod-template-hash=[0-9a-z]*/pod-template-hash=HASH/' "$TRASH/.norm.out"
sed -e 's/restartedAt\(["]*\): *"*[0-9][0-9T:Z+-]*"*/restartedAt\1: TIME/' \
	-e 's/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /' "$TRASH/.norm.err" >&2
exit $rc
EOF
chmod +x "$TRASH/client"
export TRASH

step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}

# objects kc cannot create yet (apply -f) come from real kubectl
setup() {
	"$REAL_KUBECTL" "$@" >/dev/null 2>&1
}

seq_deployment() {
	step d01-create create deployment web --image=nginx:1 --replicas=3
	step d02-status rollout status deployment/web
	step d03-history rollout history deployment/web
	step d04-undo-none rollout undo deployment/web
	step d05-set-image set image deployment/web nginx=nginx:2
	step d06-status-rev rollout status deploy/web --revision=2
	step d07-status-rev-other rollout status deploy/web --revision=1
	step d08-history rollout history deploy/web
	step d09-history-rev rollout history deploy/web --revision=1
	step d10-history-rev-missing rollout history deploy/web --revision=9
	step d11-history-name rollout history deploy/web -o name
	step d12-history-yaml rollout history deploy/web --revision=2 -o yaml
	step d13-history-jsonpath rollout history deploy/web -o 'jsonpath={.metadata.name}{"\n"}'
	step d14-undo-dry rollout undo deploy/web --dry-run=client
	step d15-undo-missing rollout undo deploy/web --to-revision=9
	step d16-undo-same rollout undo deploy/web --to-revision=2
	step d17-undo rollout undo deploy/web
	step d18-history-after rollout history deploy/web
	step d18a-history-yaml rollout history deploy/web -o yaml
	step d19-undo-server-dry rollout undo deploy/web --dry-run=server
	step d20-pause rollout pause deploy/web
	step d21-pause-again rollout pause deploy/web
	step d22-undo-paused rollout undo deploy/web
	step d23-restart-paused rollout restart deploy/web
	step d24-set-image-paused set image deploy/web nginx=nginx:3
	step d25-status-timeout rollout status deploy/web --timeout=1s
	step d26-status-nowatch rollout status deploy/web --watch=false
	step d27-resume rollout resume deploy/web
	step d28-resume-again rollout resume deploy/web
	step d29-status rollout status deploy/web
	step d30-restart rollout restart deploy/web
	step d31-history rollout history deploy/web
	step d32-history-restarted rollout history deploy/web --revision=5
	step d33-status-all rollout status deploy
	step d34-status-selector rollout status deploy -l app=web
	step d35-status-missing rollout status deploy/nope
	step d36-status-some-missing rollout status deploy web nope
	step d37-status-service rollout status svc/kubernetes
	step d38-status-mixed rollout status svc/kubernetes deploy/web
	step d39-history-service rollout history svc/kubernetes
	step d40-history-missing rollout history deploy/nope
	step d41-undo-service rollout undo svc/kubernetes
	step d42-pause-service rollout pause svc/kubernetes
	step d43-pause-mixed rollout pause deploy/nope1 deploy/web deploy/nope2
	step d44-resume-name rollout resume deploy/web -o name
	step d45-restart-missing rollout restart ds/nope
	step d46-history-rs rollout history rs -l app=web
	step d47-status-rs rollout status rs -l app=web
	step d48-pod run p --image=nginx
	step d49-history-pod rollout history pod/p
	step d50-undo-pod rollout undo pod/p
	step d51-restart-pod rollout restart pod/p
	step d52-status-none rollout status deploy -l app=none
	step d53-status-file rollout status -f "$TRASH/web.yaml"
	step d54-history-file rollout history -f "$TRASH/web.yaml"
	step d55-negative-timeout rollout status deploy/web --timeout=-1s
	step d56-custom-columns rollout history deploy/web -o custom-columns=N:.metadata.name
	step d57-empty-type rollout status /web
	step d58-twice rollout status deploy/web deploy/web
	step d60-resume-jsonpath rollout resume deploy/web --field-manager=me -o 'jsonpath={.spec.paused}'
}

# kc-mockapi keeps no ControllerRevisions: make two per workload, as the
# DaemonSet and StatefulSet controllers store them (data = the template with
# "$patch": "replace"), owned by the object.
controller_revisions() {
	for _w in ds:daemonset:c:busybox sts:statefulset:c:nginx; do
		IFS=: read -r _name _kind _c _img <<-EOF2
		$_w
		EOF2
		_uid=$("$REAL_KUBECTL" get "$_kind" "$_name" -o 'jsonpath={.metadata.uid}')
		for _r in 1 2; do
			cat <<-EOF2
			---
			apiVersion: apps/v1
			kind: ControllerRevision
			metadata:
			  name: $_name-rev$_r
			  labels: {app: $_name}
			  annotations: {kubernetes.io/change-cause: "revision $_r of $_name"}
			  ownerReferences:
			  - {apiVersion: apps/v1, kind: $( [ "$_kind" = daemonset ] && echo DaemonSet || echo StatefulSet), name: $_name, uid: "$_uid", controller: true, blockOwnerDeletion: true}
			revision: $_r
			data:
			  spec:
			    template:
			      \$patch: replace
			      metadata:
			        labels: {app: $_name}
			        annotations: {rev: "$_r"}
			      spec:
			        containers:
			        - {name: $_c, image: "$_img:$_r", env: [{name: REV, value: "$_r"}]}
			EOF2
		done
	done >"$TRASH/revisions.yaml"
	setup apply -f "$TRASH/revisions.yaml"
}

seq_workloads() {
	setup apply -f "$TOP/tests/e2e/rollout-workloads.yaml"
	setup set image ds/ds c=busybox:2
	setup set image sts/sts c=nginx:2
	controller_revisions
	step w01-status-ds rollout status ds/ds
	step w02-status-sts rollout status sts/sts
	step w03-status-sts-rev rollout status sts/sts --revision=1
	step w04-history-ds rollout history ds/ds
	step w05-history-sts rollout history sts/sts
	step w06-history-ds-rev rollout history ds/ds --revision=1
	step w07-history-sts-rev rollout history sts/sts --revision=1
	step w08-history-sts-rev2 rollout history sts/sts --revision=2
	step w09-history-ds-name rollout history ds/ds -o name
	step w10-history-sts-yaml rollout history sts/sts -o yaml
	step w11-undo-ds-dry rollout undo ds/ds --dry-run=client
	step w12-undo-ds rollout undo ds/ds
	step w13-undo-ds-same rollout undo ds/ds --to-revision=3
	step w14-history-ds rollout history ds/ds
	step w15-undo-sts rollout undo sts/sts
	step w16-undo-sts-missing rollout undo sts/sts --to-revision=9
	step w17-pause-ds rollout pause ds/ds
	step w18-resume-sts rollout resume sts/sts
	step w19-status-file rollout status -f "$TOP/tests/e2e/rollout-workloads.yaml"
	step w20-history-file rollout history -f "$TOP/tests/e2e/rollout-workloads.yaml"
	step w21-history-types rollout history deploy,sts,ds
	step w22-restart rollout restart ds/ds sts/sts
}

cat >"$TRASH/web.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nope
EOF

run_all() {
	mock_start
	seq_deployment
	mock_stop
	if [ -n "$REAL_KUBECTL" ]; then
		mock_start
		seq_workloads
		mock_stop
	fi
}

if [ -n "$REAL_KUBECTL" ]; then
	_label=kubectl
	NORM_CLIENT=$REAL_KUBECTL MOCK_CLIENT=$TRASH/client
	export NORM_CLIENT
	run_all
fi
_u=${UPDATE_GOLDEN:-}
UPDATE_GOLDEN=
_label=kc
NORM_CLIENT=$BIN/kubectl MOCK_CLIENT=$TRASH/client
export NORM_CLIENT
mock_start
seq_deployment
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
if [ -n "$REAL_KUBECTL" ]; then
	mock_start
	seq_workloads
	mock_stop
fi
UPDATE_GOLDEN=$_u

test_done
