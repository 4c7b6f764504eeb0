#!/bin/sh
# Every verb kc implements against a server that refuses connections
# (--server=https://127.0.0.1:1), compared with kubectl v1.32 (goldens in
# tests/golden/scenarios-unreachable, UPDATE_GOLDEN=1 re-captures). kubectl's
# REST mapper asks discovery again in each of its layers and client-go's memory
# cache logs every failed attempt (memcache.go:265): how many lines a verb
# prints depends on its call structure (client.h: kc_client_log_builder_retries).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ ! -x "$MOCK_BIN" ]; then
	test_skip "unreachable" "no kc-mockapi"
	test_done
	exit 0
fi
# only for its kubeconfig (CA, credentials); every command overrides --server
mock_start
KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1MMDD hh:mm:ss.uuuuuu PID /'

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' >cm.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\n' >two.yaml

while read -r name args; do
	[ -n "$name" ] || continue
	eval "set -- $args"
	test_expect_success "kubectl $args" "kc_vs_kubectl $name --server=https://127.0.0.1:1 $(shell_quote "$@")"
done <<'EOF_CASES'
get get pods
get-yaml get pods -o yaml
get-name get pods x
get-slash get cm/x
get-two-slash get pods/a svc/b
get-all-ns get pods -A
get-two-types get pods,svc
get-category get all
get-selector get pods -l a=b
get-group get deploy.apps
get-gvr get pods.v1.
get-kind get Pod
get-watch get pods -w
get-timeout get pods --request-timeout=5s
get-f get -f cm.yaml
get-f-two get -f two.yaml
apply apply -f cm.yaml
apply-ssa apply --server-side -f cm.yaml
apply-novalidate apply -f cm.yaml --validate=false
apply-ssa-novalidate apply --server-side -f cm.yaml --validate=false
apply-dry-run apply -f cm.yaml --validate=false --dry-run=client
apply-warn apply -f two.yaml --validate=warn
apply-ignore-two apply -f two.yaml --validate=ignore
create-f create -f cm.yaml
create-f-dry-run create -f cm.yaml --dry-run=client -o yaml
create-f-novalidate create -f cm.yaml --validate=false
create-f-two create -f two.yaml --validate=false
create-f-files create -f cm.yaml -f two.yaml --validate=false
create-f-timeout create -f cm.yaml --request-timeout=5s
create-deployment create deployment d --image=x
create-configmap create configmap x
create-namespace create namespace x
create-token create token default
delete delete pod x
delete-all delete pods --all
delete-f delete -f cm.yaml
delete-f-two delete -f two.yaml
delete-f-files delete -f cm.yaml -f cm.yaml
scale scale deploy x --replicas=1
scale-slash scale deploy/x --replicas=1
scale-f scale -f cm.yaml --replicas=1
logs logs x
logs-slash logs deploy/x
rollout-status rollout status deploy/x
rollout-status-name rollout status deploy x
rollout-status-f rollout status -f two.yaml
rollout-restart rollout restart deploy/x
rollout-history rollout history deploy/x
expose expose deploy x --port=80
run run x --image=x
api-resources api-resources
api-versions api-versions
diff diff -f cm.yaml
diff-two diff -f two.yaml
wait wait --for=delete pod/x
wait-name wait --for=delete pods x
wait-f wait --for=delete -f cm.yaml
edit edit cm x
edit-slash edit cm/x
edit-two edit cm x y
cluster-info cluster-info
can-i auth can-i get pods
can-i-slash auth can-i get pods/x
can-i-short auth can-i get cm
whoami auth whoami
set-image set image deploy/x a=b
set-image-f set image -f cm.yaml a=b
EOF_CASES

# A token the server rejects, discovery cached (as after earlier commands):
# kubectl frames 401 as "error: You must be logged in to the server (MSG)",
# with the source inside MSG and the "error: " kept in an aggregate.
"$BIN/kubectl" api-resources >/dev/null 2>&1
while read -r name args; do
	[ -n "$name" ] || continue
	eval "set -- $args"
	test_expect_success "kubectl (401) $args" \
		"kc_vs_kubectl 401-$name --context kc-mock-dev -n dev --token=wrong-token $(shell_quote "$@")"
done <<'EOF_CASES'
get get pods
get-name get pods x
get-yaml get cm/x -o yaml
get-two-types get pods,svc
get-f get -f cm.yaml
get-f-two get -f two.yaml
apply apply -f cm.yaml --validate=false
apply-two apply -f two.yaml --validate=false
apply-ssa apply --server-side -f cm.yaml --validate=false
create-f create -f cm.yaml --validate=false
create-f-two create -f two.yaml --validate=false
apply-validate apply -f cm.yaml
apply-two-validate apply -f two.yaml
apply-ssa-validate apply --server-side -f cm.yaml
apply-warn apply -f cm.yaml --validate=warn
create-f-validate create -f cm.yaml
create-f-two-validate create -f two.yaml --validate=strict
replace-f-validate replace -f cm.yaml
replace-f-two-validate replace -f two.yaml
replace-f-novalidate replace -f cm.yaml --validate=false
replace-force-validate replace --force -f cm.yaml
delete-f delete -f cm.yaml
delete-f-two delete -f two.yaml
delete delete pod x
delete-two delete pods x z
delete-all delete pods --all
scale scale deploy x --replicas=1
scale-two scale deploy x z --replicas=1
logs logs x
rollout-status rollout status deploy/x
rollout-restart rollout restart deploy/x
wait wait --for=delete pod/x
edit edit cm x
diff diff -f cm.yaml
set-image set image deploy/x a=b
create-configmap create configmap x
create-token create token default
expose expose deploy x --port=80
run run x --image=x
can-i auth can-i get pods
EOF_CASES

mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi exited non-zero'
test_done
