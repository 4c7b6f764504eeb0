#!/bin/sh
# kubectl scale side by side with kubectl v1.32 on fresh kc-mockapi instances
# (same sequence, same goldens from kubectl): names, TYPE/NAME, -l, --all, -f,
# preconditions, --timeout, -o, --dry-run and the errors.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' >web.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n' >cm.yaml

setup() { "$REAL_KUBECTL" "$@" >/dev/null 2>&1; }
step() {
	_n=$1
	shift
	test_expect_success "$_label scale $*" "mock_client_check $_n scale $(shell_quote "$@")"
}
seq_scale() {
	setup create deploy web --image=nginx --replicas=2
	setup create deploy web2 --image=nginx
	setup create cm c1
	setup create ns t1
	setup create deploy w3 --image=nginx -n t1
	step 01-none
	step 02-no-replicas deploy web
	step 03-basic deploy web --replicas=3
	step 04-slash deploy/web --replicas=3 --current-replicas=3
	step 05-current-wrong deploy/web --replicas=2 --current-replicas=5
	step 06-rv-wrong deploy web --replicas=1 --resource-version=1
	step 07-rv-multi deploy --all --replicas=1 --resource-version=1
	step 08-not-scalable cm c1 --replicas=1
	step 09-missing deploy x --replicas=2
	step 10-missing-two deploy x y --replicas=2
	step 11-some-missing deploy web x y --replicas=2
	step 12-all deploy --all --replicas=1
	step 13-no-name deploy --replicas=1
	step 14-dry-client-yaml deploy web --replicas=2 -o yaml --dry-run=client
	step 15-json deploy web --replicas=2 -o json
	step 16-dry-server-name deploy web --replicas=2 -o name --dry-run=server
	step 17-negative deploy web --replicas=-1
	step 18-current-bad deploy web --replicas=1 --current-replicas=-3
	step 19-output-bad deploy web --replicas=1 -o bad
	step 20-template deploy web --replicas=1 '--template={{.metadata.name}}'
	step 21-jsonpath deploy web --replicas=1 '-o=jsonpath={.spec.replicas}'
	step 22-timeout deploy web --replicas=4 --timeout=5s
	step 23-selector deploy -l app=web --replicas=3
	step 24-ns deploy w3 -n t1 --replicas=0
	step 25-replicas-bad deploy web --replicas=x
	step 26-file -f web.yaml --replicas=2 -o name
	step 27-file-cm -f cm.yaml --replicas=2
	step 29-statefulset-missing sts/db --replicas=1
}
if [ -n "$REAL_KUBECTL" ] && [ -x "$MOCK_BIN" ]; then
	mock_side_by_side seq_scale
fi

test_done
