#!/bin/sh
# kc-mockapi's OpenAPI v3 documents (Kubernetes 1.32's schemas) seen through real
# kubectl: explain, and server-side field validation (--validate=strict/warn/false).
# Goldens from kubectl.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mock-explain" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

for _f in mock-explain.yaml mock-explain-crd.yaml mock-explain-cr.yaml; do cp "$TOP/tests/e2e/$_f" .; done
mock_start
check 01-deploy explain deployment
check 02-strategy explain deployment.spec.strategy
check 03-pods-recursive explain pods --recursive
check 04-enum explain deploy.spec.template.spec.containers.imagePullPolicy
check 05-svc-spec explain svc.spec
check 06-cronjob explain cronjob.spec.jobTemplate.spec
check 07-ingress explain ingress.spec.rules.http.paths
check 08-cm explain configmap
check 09-secret explain secret.type
check 10-ns explain namespace.spec --recursive
check 11-rs explain rs.status
check 12-job-recursive explain job --recursive
check 13-no-field explain deployment.spec.nope
check 14-no-type explain nothing
check 15-strict apply -f mock-explain.yaml
check 16-strict-create create -f mock-explain.yaml --validate=strict
check 17-warn apply -f mock-explain.yaml --validate=warn
check 18-ignore apply -f mock-explain.yaml --validate=false
check 19-dry-run create deployment d2 --image=nginx --dry-run=server -o name
check 20-crd apply -f "$TOP/tests/e2e/mock-crd.yaml"
check 21-crd-explain explain widgets
check 22-crd-field explain widgets.spec
check 23-ignore-dropped get deploy bad -o jsonpath='{.spec}'
check 24-crd-schema apply -f mock-explain-crd.yaml
check 25-cr-strict apply -f mock-explain-cr.yaml
check 26-cr-warn apply -f mock-explain-cr.yaml --validate=warn
check 27-cr-pruned get gadget g1 -o jsonpath='{.spec}'
check 28-cr-explain explain gadgets.spec
check 29-cr-recursive explain gadget --recursive
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
