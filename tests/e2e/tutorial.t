#!/bin/sh
# The tutorial, step by step, with a real client (kubectl v1.32 unless
# MOCK_CLIENT says otherwise) against kc-mockapi; every step's stdout, stderr
# and exit code against goldens captured from kubectl (UPDATE_GOLDEN=1).
# The steps live in tutorial-steps.sh; tutorial-kc.t runs them with kc.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"
. "$TOP/tests/e2e/tutorial-steps.sh"

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

step_custom() {
	test_expect_success "kubectl $1" "$3"
}

tutorial_steps

mock_stop && test_ok_ 'mock stops cleanly (no leaks under ASan)' ||
	test_failure_ 'mock stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
