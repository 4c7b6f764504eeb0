#!/bin/sh
# The tutorial with kc as the client: the same steps as tutorial.t
# (tutorial-steps.sh), against the same goldens (tests/golden/tutorial/, from
# kubectl v1.32): same stdout, stderr and exit code at every step.
#
# A step whose command kc does not know yet (its --help fails) is a visible TAP
# TODO ("# TODO not implemented in kc yet"); real kubectl then runs the step so
# that the mock's state stays the one the later goldens were captured in.
. "$(dirname "$0")/lib.sh"
MOCK_CLIENT=$BIN/kubectl
. "$TOP/tests/e2e/mock.sh"
. "$TOP/tests/e2e/tutorial-steps.sh"
GOLDEN_DIR="$TOP/tests/golden/tutorial"

if [ ! -x "$MOCK_BIN" ] || [ ! -x "$KC" ]; then
	test_skip "tutorial with kc" "no kc or no kc-mockapi"
	test_done
	exit 0
fi
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	# the goldens are kubectl's: tutorial.t captures them
	unset UPDATE_GOLDEN
fi

mock_start
test_expect_success 'mock started' 'test -n "$MOCK_URL" && test -s "$KUBECONFIG"'

# kc version: kc has no built-in kustomize, so no "Kustomize Version" line
# (a deliberate difference, see cli.t); the rest must match.
kc_version_check() {
	grep -v '^Kustomize Version' "$GOLDEN_DIR/43-version.out" >"$TRASH/version.expect" &&
	"$KC" version >"$TRASH/version.out" 2>"$TRASH/version.err" &&
	mock_normalize "$TRASH/version.out" &&
	test_cmp "$TRASH/version.expect" "$TRASH/version.out" &&
	test_cmp "$GOLDEN_DIR/43-version.err" "$TRASH/version.err"
}

step() {
	_n=$1
	shift
	if [ "$_n" = 43-version ]; then
		test_expect_success "kc $* (no Kustomize line)" kc_version_check
		return
	fi
	if kc_implements "$@"; then
		test_expect_success "kc $*" "mock_client_check $_n $(shell_quote "$@")"
	else
		test_todo "kc $*" "mock_client_check $_n $(shell_quote "$@")"
		# keep the mock in the state the goldens expect
		[ -z "$REAL_KUBECTL" ] || "$REAL_KUBECTL" "$@" >/dev/null 2>&1
	fi
}

step_custom() {
	_title=$1
	_body=$3
	eval "set -- $2"
	if kc_implements "$@"; then
		test_expect_success "kc $_title" "$_body"
	else
		test_todo "kc $_title" "$_body"
	fi
}

tutorial_steps

mock_stop && test_ok_ 'mock stops cleanly (no leaks under ASan)' ||
	test_failure_ 'mock stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
