#!/bin/sh
# kubectl diff against kc-mockapi: kubectl (capturing the goldens) and kc, each
# on a fresh --frozen-time mock running the same sequence. The LIVE-*/MERGED-*
# temporary directory names and diff's file times are normalised.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

# (the setup applies run kc's parallel creates: uids and resourceVersions may be
# handed out in another order than to kubectl)
mock_normalize() {
	sed -e 's|127\.0\.0\.1:[0-9][0-9]*|127.0.0.1:PORT|g' -e "s|$TRASH|\$TRASH|g" \
		-e 's/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /' \
		-e 's|[^ 	]*/LIVE-[^/]*/|LIVE/|g' -e 's|[^ 	]*/MERGED-[^/]*/|MERGED/|g' \
		-e 's/	[0-9][0-9-]* [0-9:.]* [+-][0-9]*$//' \
		-e 's/\(uid"*: *"*\)[0-9a-f-]\{36\}/\1UID/g' \
		-e 's/\(resourceVersion"*: *"\)[0-9][0-9]*/\1RV/g' "$1" >"$1.n" && mv "$1.n" "$1"
}

cat >d.yaml <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data: {a: "1", b: "2"}
Y
sed -e 's/replicas: 2/replicas: 3/' -e 's/{name: B, value: "2"}/{name: C, value: "3"}/' \
	-e 's/b: "2"/c: "3"/' d.yaml >d2.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pz1, labels: {pz: "1"}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: pz2, labels: {pz: "1"}}\n' >pz.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pz1, labels: {pz: "1"}}\n' >pz1.yaml
printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==, b: Yg==}\n' >s.yaml
printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==, b: Yw==, c: ZA==}\n' >s2.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: nope}\n' >missing-ns.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n' >bad.yaml
printf 'apiVersion: example.com/v9\nkind: Gizmo\nmetadata: {name: g}\n' >unknown.yaml
cp "$TOP/tests/e2e/mock-crd.yaml" crd.yaml
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3, color: blue}\n' >w.yaml
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 5}\n' >w2.yaml

step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}
step_env() {
	_n=$1
	_e=$2
	shift 2
	test_expect_success "$_label KUBECTL_EXTERNAL_DIFF='$_e' $*" \
		"(KUBECTL_EXTERNAL_DIFF='$_e'; export KUBECTL_EXTERNAL_DIFF; mock_client_check $_n $(shell_quote "$@"))"
}

seq_diff() {
	step 01-absent diff -f d.yaml
	"$MOCK_CLIENT" apply -f d.yaml >/dev/null 2>&1
	step 02-same diff -f d.yaml
	step 03-changed diff -f d2.yaml
	step 04-server-side diff --server-side -f d2.yaml
	step 05-managed diff -f d2.yaml --show-managed-fields
	"$MOCK_CLIENT" apply -f s.yaml >/dev/null 2>&1
	step 06-secret diff -f s2.yaml
	step_env 07-external 'diff -N' diff -f d2.yaml
	step_env 08-external-args 'diff --brief x;y' diff -f d2.yaml
	step_env 09-external-missing 'no-such-diff-program' diff -f d2.yaml
	step 10-missing-ns diff -f missing-ns.yaml
	step 11-bad-yaml diff -f bad.yaml
	step 12-unknown diff -f unknown.yaml
	"$MOCK_CLIENT" apply -f crd.yaml >/dev/null 2>&1
	"$MOCK_CLIENT" apply -f w.yaml >/dev/null 2>&1
	step 13-cr diff -f w2.yaml
	step 14-no-file diff
	step 15-args diff -f d.yaml extra
	step 16-force-conflicts diff -f d.yaml --force-conflicts
	step 17-help diff -h
	step 18-missing-file diff -f nothere.yaml
	step 19-selector diff -f d2.yaml -l app=web
	"$MOCK_CLIENT" apply -f pz.yaml >/dev/null 2>&1
	step 20-prune diff --prune -l pz=1 -f pz1.yaml
	step 21-prune-allowlist diff --prune -l pz=1 --prune-allowlist=core/v1/ConfigMap -f pz1.yaml
	step 22-prune-allowlist-bad diff --prune --prune-allowlist=nope -f pz1.yaml
}
mock_start
_label=kubectl
MOCK_CLIENT=$REAL_KUBECTL
seq_diff
mock_stop
UPDATE_GOLDEN=
mock_start
_label=kc
MOCK_CLIENT=$BIN/kubectl
seq_diff
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
test_done
