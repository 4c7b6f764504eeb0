#!/bin/sh
# kc-mockapi's /openapi/v2 (Swagger 2.0, JSON and gnostic protobuf) seen through
# real kubectl: explain --output=plaintext-openapiv2 reads the protobuf document.
# Goldens from kubectl against the mock; the same commands against a real
# apiserver (realk8s, 1.20) differ only where the 1.20 and 1.32 schemas differ,
# and the CRD's definitions are the real apiserver's byte for byte.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mock-openapi" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

V2=--output=plaintext-openapiv2
mock_start
check 01-deploy explain deployment $V2
check 02-template-recursive explain deployment.spec.template --recursive $V2
check 03-containers explain pods.spec.containers $V2
check 04-svc-recursive explain svc --recursive $V2
check 05-hpa explain hpa.spec.metrics $V2
check 06-no-type explain nothing $V2
check 07-no-field explain deployment.spec.nope $V2
check 08-crd apply -f "$TOP/tests/e2e/mock-openapi-crd.yaml"
check 09-cr-recursive explain gadget --recursive $V2
check 10-cr-field explain gadgets.spec.parts $V2
check 11-cr-mode explain gadget.spec.mode $V2

# controllers' managedFields: kube-controller-manager (Update; status writes with
# subresource status), kubelet (pod status); the binding leaves none
check 13-create-deploy create deployment web --image=nginx --replicas=2
check 14-deploy-fields get deploy web -o yaml --show-managed-fields
check 15-rs-fields get rs -l app=web -o yaml --show-managed-fields
check 16-pod-fields get pods -l app=web -o yaml --show-managed-fields
check 17-create-job create job j1 --image=busybox -- echo hi
check 18-job-fields get job j1 -o yaml --show-managed-fields
check 19-root-ca get cm kube-root-ca.crt -o yaml --show-managed-fields
check 20-scale scale deploy web --replicas=1
check 21-rs-scaled get rs -l app=web -o jsonpath='{range .items[*].metadata.managedFields[*]}{.manager} {.operation} {.subresource}{"\n"}{end}'

# the JSON form: definitions as 1.32's swagger.json, a kind's PATCH operation
if command -v jq >/dev/null 2>&1; then
	test_expect_success 'GET /openapi/v2 (JSON): definitions and a path' '
		"$MOCK_CLIENT" get --raw /openapi/v2 >v2.json &&
		jq -c ".swagger, .info, .security, (.definitions | length),
			.definitions[\"io.k8s.api.apps.v1.DeploymentStrategy\"],
			.definitions[\"io.k8s.api.core.v1.Container\"].properties.imagePullPolicy,
			.definitions[\"com.example.v1.Gadget\"].properties.spec,
			.paths[\"/apis/apps/v1/namespaces/{namespace}/deployments/{name}\"].patch.parameters,
			.parameters[\"force-tOGGb0Yi\"]" v2.json >actual &&
		mkdir -p "$GOLDEN_DIR" &&
		if [ -n "${UPDATE_GOLDEN:-}" ]; then cp actual "$GOLDEN_DIR/12-json.out"; fi &&
		test_cmp "$GOLDEN_DIR/12-json.out" actual
	'
fi
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
