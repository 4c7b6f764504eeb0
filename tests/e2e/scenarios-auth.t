#!/bin/sh
# kc auth can-i / whoami against kc-mockapi, compared with kubectl v1.32
# (goldens in tests/golden/scenarios-auth, UPDATE_GOLDEN=1 re-captures).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ ! -x "$MOCK_BIN" ]; then
	test_skip "auth" "no kc-mockapi"
	test_done
	exit 0
fi
mock_start
KC_NORMALIZE='s|127\.0\.0\.1:[0-9][0-9]*|127.0.0.1:PORT|g'

while read -r name args; do
	[ -n "$name" ] || continue
	eval "set -- $args"
	test_expect_success "kubectl $args" "kc_vs_kubectl $name $(shell_quote "$@")"
done <<'EOF_CASES'
group auth
group-help auth --help
unknown-sub auth foo
can-i-help auth can-i --help
no-args auth can-i
one-arg auth can-i get
three-args auth can-i get pods x
yes auth can-i create deployments
no-dev auth can-i get pods --as=dev
no-quiet auth can-i get pods --as=dev -q
yes-dev-ns auth can-i get pods --as=dev -n dev
cluster-scoped auth can-i get nodes
cluster-scoped-group auth can-i get clusterroles.rbac.authorization.k8s.io
cluster-scoped-all auth can-i get nodes -A
unknown-verb auth can-i frob pods
unknown-type auth can-i get foos
unknown-type-group auth can-i get foos.bar
users auth can-i impersonate users
star auth can-i '*' '*'
named auth can-i get deployments.apps/web -n prod
subresource auth can-i get pods --subresource=log
url auth can-i get /logs/
url-verb auth can-i list /healthz
url-subresource auth can-i get /x --subresource=y
no-headers-alone auth can-i get pods --no-headers
list auth can-i --list
list-dev auth can-i --list --as=dev -n dev
list-no-headers auth can-i --list --no-headers
list-quiet auth can-i --list -q
list-args auth can-i list pods --list
dev-context --context kc-mock-dev auth can-i create deployments
whoami auth whoami
whoami-help auth whoami --help
whoami-yaml auth whoami -o yaml
whoami-json auth whoami -o json
whoami-name auth whoami -o name
whoami-jsonpath auth whoami -o jsonpath={.status.userInfo.username}
whoami-as --as=bob --as-group=team auth whoami
whoami-dev --context kc-mock-dev auth whoami
whoami-bad-output auth whoami -o foo
EOF_CASES

mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi exited non-zero'
test_done
