#!/bin/sh
# The tutorial, step by step, with a real client (kubectl v1.32 unless
# MOCK_CLIENT says otherwise) against kc-mockapi; every step's stdout, stderr
# and exit code against goldens captured from kubectl (UPDATE_GOLDEN=1).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

EX="$TOP/examples"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "tutorial" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

mock_start
test_expect_success 'mock started' 'test -n "$MOCK_URL" && test -s "$KUBECONFIG"'

step() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

step 01-cluster-info cluster-info
step 02-create-deploy create deployment nginx --image=nginx:latest
step 03-get-deploy get deployments
step 04-create-again create deployment nginx --image=nginx:latest
step 05-expose expose deployment nginx --port=80 --type=ClusterIP
step 06-get-pods get pods -o wide
step 07-logs-deploy logs deploy/nginx
POD=$("$MOCK_CLIENT" get pods -l app=nginx -o jsonpath='{.items[0].metadata.name}')
step 08-logs-pod logs "$POD" --tail=3
step 09-logs-ts logs "$POD" --tail=2 --timestamps
step 10-create-ns create namespace test
step 11-run run nginx --image=nginx:latest --restart=Never -n test --port=80
step 12-get-pods-test get pods -n test
step 13-get-svc-test get services -n test
step 14-apply-created apply -f "$EX/myapp-deployment.yaml"
step 15-apply-unchanged apply -f "$EX/myapp-deployment.yaml"
sed -e 's/replicas: 3/replicas: 4/' "$EX/myapp-deployment.yaml" >"$TRASH/myapp4.yaml"
step 16-apply-configured apply -f "$TRASH/myapp4.yaml"
step 17-expose-myapp expose deployment myapp --name=myapp-svc --port=80 --target-port=3000
step 18-get-svc get svc
step 19-get-all get deploy,rs,po
step 20-get-ep get endpoints myapp-svc
step 21-scale scale deployment myapp --replicas=5
step 22-get-deploy-myapp get deploy myapp
step 23-set-image set image deployment/myapp myapp=nginx:1.28
step 24-rollout-status rollout status deployment/myapp
step 25-rollout-history rollout history deployment/myapp
step 26-get-rs get rs -l app=myapp
step 27-rollout-undo rollout undo deployment/myapp
step 28-rollout-history2 rollout history deployment/myapp
step 29-get-rs2 get rs -l app=myapp -o wide
step 30-rollout-pause rollout pause deployment/myapp
step 31-rollout-resume rollout resume deployment/myapp
step 32-get-deploy-yaml get deploy myapp -o yaml
step 33-delete-deploy delete deployment myapp
step 34-get-after-delete get deploy,rs,po -l app=myapp
step 35-get-missing get deployment myapp
step 36-can-i auth can-i create deployments
step 37-can-i-dev auth can-i create deployments --as=dev
step 38-can-i-dev-ns auth can-i create deployments --as=dev -n dev
step 39-forbidden --context kc-mock-dev get pods -n default
step 40-forbidden-ns --context kc-mock-dev get namespaces
step 41-api-resources api-resources
step 42-api-versions api-versions
step 43-version version
step 44-get-nodes get nodes
step 45-get-ns get namespaces
step 46-delete-ns delete namespace test
step 47-get-ns-after get namespaces

# get -w: the list, then the change made while it watches
test_expect_success 'kubectl get deploy -w (sees a scale)' '
	("$MOCK_CLIENT" get deploy nginx -w --request-timeout=3s >"$TRASH/watch.out" 2>&1; echo $? >"$TRASH/watch.rc") &
	sleep 1 &&
	"$MOCK_CLIENT" scale deployment nginx --replicas=2 >/dev/null &&
	wait &&
	mock_normalize "$TRASH/watch.out" &&
	test "$(cat "$TRASH/watch.rc")" = 0 &&
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TRASH/watch.out" "$GOLDEN_DIR/48-watch.out"; fi &&
	test_cmp "$GOLDEN_DIR/48-watch.out" "$TRASH/watch.out"
'

# logs -f: lines appended through the mock's admin endpoint, then the pod goes
test_expect_success 'kubectl logs -f follows until the pod is deleted' '
	("$MOCK_CLIENT" logs -f "$POD" --tail=1 >"$TRASH/follow.out" 2>&1; echo $? >"$TRASH/follow.rc") &
	sleep 1 &&
	printf "GET / 200\nGET /favicon.ico 404\n" >"$TRASH/lines" &&
	"$MOCK_CLIENT" create --raw "/mock/logs/default/$POD/nginx" -f "$TRASH/lines" >/dev/null &&
	sleep 0.5 &&
	"$MOCK_CLIENT" delete pod "$POD" >/dev/null &&
	wait &&
	test "$(cat "$TRASH/follow.rc")" = 0 &&
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TRASH/follow.out" "$GOLDEN_DIR/49-follow.out"; fi &&
	test_cmp "$GOLDEN_DIR/49-follow.out" "$TRASH/follow.out"
'

mock_stop && test_ok_ 'mock stops cleanly (no leaks under ASan)' ||
	test_failure_ 'mock stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
