#!/bin/sh
# Server-side apply in kc-mockapi through real kubectl: field managers, fieldsV1,
# conflicts (409 listing fields and managers), --force-conflicts, fields dropped
# from an applied configuration, co-ownership. The same sequence was run against
# a real apiserver (realk8s, 1.20) and matched, except that 1.32 also tracks the
# scale subresource (step 13). Goldens from kubectl.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mock-ssa" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

Y=$TOP/tests/e2e
mock_start
check 01-apply apply --server-side -f "$Y/mock-ssa-1.yaml"
check 02-fields get deploy myapp -o yaml --show-managed-fields
check 03-again apply --server-side -f "$Y/mock-ssa-1.yaml"
check 04-other-conflicts apply --server-side --field-manager=other -f "$Y/mock-ssa-2.yaml"
check 05-patch patch deploy myapp -p '{"spec":{"replicas":6}}'
check 06-conflict-update-manager apply --server-side -f "$Y/mock-ssa-1.yaml"
check 07-force apply --server-side --force-conflicts -f "$Y/mock-ssa-1.yaml"
check 08-co-own apply --server-side --field-manager=other -f "$Y/mock-ssa-1.yaml"
check 09-drop-env-co-owned apply --server-side -f "$Y/mock-ssa-3.yaml"
check 10-env-stays get deploy myapp -o jsonpath='{.spec.template.spec.containers[0].env}'
check 11-other-drops-env apply --server-side --field-manager=other -f "$Y/mock-ssa-3.yaml"
check 12-env-gone get deploy myapp -o yaml --show-managed-fields
check 13-scale scale deploy myapp --replicas=2
check 14-conflict-scale apply --server-side -f "$Y/mock-ssa-3.yaml"
check 15-dry-run apply --server-side --force-conflicts --dry-run=server -f "$Y/mock-ssa-3.yaml"
check 16-unchanged get deploy myapp -o jsonpath='{.spec.replicas}'
check 17-set-image set image deploy/myapp app=nginx:1.27
check 18-client-side apply -f "$Y/mock-ssa-1.yaml"
check 19-fields get deploy myapp -o yaml --show-managed-fields
check 20-cm create configmap cfg --from-literal=a=1
check 21-cm-apply-conflict apply --server-side -f "$Y/mock-ssa-cm.yaml"
check 22-cm-apply-force apply --server-side --force-conflicts -f "$Y/mock-ssa-cm.yaml"
check 23-cm-fields get cm cfg -o yaml --show-managed-fields
check 24-crd apply -f "$Y/mock-crd.yaml"
check 25-cr apply --server-side -f "$Y/mock-widget.yaml"
check 26-cr-other patch wg w1 --type=merge -p '{"spec":{"size":9}}'
check 27-cr-conflict apply --server-side -f "$Y/mock-widget.yaml"
check 28-cr-fields get wg w1 -o yaml --show-managed-fields
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
