#!/bin/sh
# client/ against kc-mockapi (aggregated discovery, TLS, tokens, faults), side
# by side with kubectl. kc gets the server, CA and token as flags (the same for
# kubectl) so the comparison does not depend on kubeconfig loading.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

mock_start --fault "429=1:/api/v1/namespaces/dev/configmaps:count=1" \
	--fault "drop:/api/v1/namespaces/default/secrets" || exit 1
sed -n 's/^ *certificate-authority-data: //p' "$KUBECONFIG" | base64 -d >"$TRASH/ca.crt"
unset KUBECONFIG
PORT=${MOCK_URL##*:}
F="--server $MOCK_URL --certificate-authority $TRASH/ca.crt --token kc-mock-dev-token"
KC_NORMALIZE="s|127\.0\.0\.1:$PORT|127.0.0.1:PORT|g; s/^\([IEW]\)[0-9]\{4\} [0-9:.]* *[0-9]* /\1MMDD hh:mm:ss.uuuuuu PID /; /^Kustomize Version: /d"

while read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "kc_vs_kubectl $name \$F $args"
done <<'CASES'
version version
api-versions api-versions
api-resources api-resources
api-resources-wide api-resources -o wide
api-resources-name api-resources -o name --sort-by=kind
api-resources-ns api-resources --namespaced=true --api-group=apps
api-resources-verbs api-resources --verbs=get,patch --categories=all
cluster-info cluster-info
cluster-info-dev cluster-info -n dev
raw-version get --raw /version
raw-ns get --raw /api/v1/namespaces/default
raw-notfound get --raw /api/v1/namespaces/default/pods/nope
raw-retry-after get --raw /api/v1/namespaces/dev/configmaps
raw-dropped get --raw /api/v1/namespaces/default/secrets
CASES

# The same through the mock's kubeconfig (admin: client certificate; dev: token).
export KUBECONFIG="$MOCK_DIR/kubeconfig"
while read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args (kubeconfig)" "kc_vs_kubectl $name $args"
done <<'CASES'
kubeconfig-cluster-info cluster-info
kubeconfig-api-resources api-resources --api-group=apps -o wide
kubeconfig-version version
kubeconfig-raw get --raw /api/v1/namespaces/kube-system
kubeconfig-dev-forbidden --context kc-mock-dev get --raw /api/v1/namespaces/kube-system/pods
kubeconfig-dev-cluster-info --context kc-mock-dev cluster-info
CASES
unset KUBECONFIG

test_expect_success 'aggregated discovery: two requests, then none from the cache' '
	"$KC" $F --cache-dir "$TRASH/c1" api-resources -v=6 2>err >/dev/null &&
	test $(grep -c "round_trippers.go:560] GET" err) -eq 2 &&
	grep "GET $MOCK_URL/api?timeout=32s 200 OK" err &&
	grep "GET $MOCK_URL/apis?timeout=32s 200 OK" err &&
	"$KC" $F --cache-dir "$TRASH/c1" api-resources --cached -v=6 2>err >/dev/null &&
	! grep round_trippers err &&
	"$KC" $F --cache-dir "$TRASH/c1" -n dev cluster-info -v=6 2>err >/dev/null &&
	test $(grep -c "round_trippers.go:560] GET" err) -eq 1
'

test_expect_success 'one connection for the whole command' '
	"$KC" $F --cache-dir "$TRASH/c2" api-resources -v=9 2>err >/dev/null &&
	test $(grep -c "HTTP Trace: Dial to" err) -eq 1
'

test_expect_success 'a bad token is reported as kubectl does' '
	test_must_fail "$KC" --server $MOCK_URL --certificate-authority "$TRASH/ca.crt" --token nope get --raw /api 2>err &&
	echo "error: You must be logged in to the server (Unauthorized)" >expect &&
	test_cmp expect err
'

test_done
