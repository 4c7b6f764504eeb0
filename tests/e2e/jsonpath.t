#!/bin/sh
# kubectl's JSONPath and custom-columns printers: re-capture every case in
# tests/cases/jsonpath/*.txt from the real kubectl and require the recorded bytes
# (which build/tests/unit/test_jsonpath checks kc against) to be what kubectl
# prints today. Skipped without kubectl v1.32 or python3.
. "$(dirname "$0")/lib.sh"

if [ -n "$REAL_KUBECTL" ] && command -v python3 >/dev/null 2>&1; then
	test_expect_success 'captured cases still match kubectl' '
		KUBECTL="$REAL_KUBECTL" "$TOP/tests/cases/jsonpath/capture.sh" --check
	'
else
	test_skip 'captured cases still match kubectl' 'kubectl v1.32 or python3 missing'
fi

test_expect_success 'kc runs every captured case' '
	"$KC_BUILD/tests/unit/test_jsonpath" "$TOP/tests/cases/jsonpath" >tap &&
	! grep "^not ok" tap
'

test_done
