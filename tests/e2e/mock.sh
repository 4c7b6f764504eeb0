# mock.sh: run kc-mockapi for e2e tests. Source it after lib.sh:
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/e2e/mock.sh"
#   mock_start [EXTRA ARGS...]   start the mock on a free loopback port; exports
#                                KUBECONFIG (admin; context kc-mock-dev = the user
#                                "dev", limited to namespace dev), MOCK_URL, MOCK_PID,
#                                MOCK_DIR (its kubeconfig, ready file and log)
#   mock_stop                    SIGTERM, wait; fails if the mock exits non-zero
#                                (ASan leak reports included). Runs on exit anyway.
#   mock_client_check NAME ARGS...  run $MOCK_CLIENT (default: real kubectl) and
#                                compare stdout/stderr/exit code with the golden
#                                tests/golden/<script>/NAME.{out,err,rc};
#                                UPDATE_GOLDEN=1 re-captures. With MOCK_SORT_OUT=1
#                                stdout is compared with its lines sorted (for output
#                                whose order kubectl takes from a Go map).
#
# The mock runs with --frozen-time so ages ("0s"), timestamps, uids and random
# name suffixes are the same on every run; only the port differs, and
# mock_normalize maps it to 127.0.0.1:PORT.

MOCK_BIN=${MOCK_BIN:-$KC_BUILD/kc-mockapi}
MOCK_CLIENT=${MOCK_CLIENT:-$REAL_KUBECTL}
MOCK_FROZEN_TIME=${MOCK_FROZEN_TIME:-2026-11-24T12:00:00Z}
MOCK_PID=

mock_start() {
	MOCK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kc-mock.XXXXXX")
	"$MOCK_BIN" --listen 127.0.0.1:0 --kubeconfig-out "$MOCK_DIR/kubeconfig" \
		--ready-file "$MOCK_DIR/ready" --frozen-time "$MOCK_FROZEN_TIME" "$@" \
		>"$MOCK_DIR/log" 2>&1 &
	MOCK_PID=$!
	_i=0
	while [ ! -s "$MOCK_DIR/ready" ]; do
		if ! kill -0 "$MOCK_PID" 2>/dev/null; then
			echo "mock_start: kc-mockapi exited:" >&2
			cat "$MOCK_DIR/log" >&2
			MOCK_PID=
			return 1
		fi
		_i=$((_i + 1))
		[ $_i -gt 1000 ] && { echo "mock_start: timeout" >&2; return 1; }
		sleep 0.01
	done
	MOCK_URL=$(cat "$MOCK_DIR/ready")
	KUBECONFIG=$MOCK_DIR/kubeconfig
	export KUBECONFIG MOCK_URL MOCK_PID MOCK_DIR
	trap 'mock_stop >/dev/null 2>&1' EXIT
	trap 'mock_stop >/dev/null 2>&1; exit 130' HUP INT PIPE TERM
}

mock_stop() {
	[ -n "$MOCK_PID" ] || return 0
	kill -TERM "$MOCK_PID" 2>/dev/null
	wait "$MOCK_PID"
	_rc=$?
	MOCK_PID=
	if [ $_rc -ne 0 ]; then
		echo "mock_stop: kc-mockapi exited with $_rc:" >&2
		cat "$MOCK_DIR/log" >&2
	fi
	rm -rf "$MOCK_DIR"
	return $_rc
}

# mock_side_by_side SEQ: run the function SEQ (steps using $_label and
# mock_client_check) with real kubectl on a fresh mock — UPDATE_GOLDEN=1
# re-captures its goldens there — then with kc on another fresh mock, which
# must match them.
mock_side_by_side() {
	mock_start
	_label=kubectl
	MOCK_CLIENT=$REAL_KUBECTL
	"$1"
	mock_stop
	_u=${UPDATE_GOLDEN:-}
	UPDATE_GOLDEN=
	mock_start
	_label=kc
	MOCK_CLIENT=$BIN/kubectl
	"$1"
	mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
	UPDATE_GOLDEN=$_u
}

# shell_quote ARGS...: the arguments as one string of single-quoted words
shell_quote() {
	for _a in "$@"; do
		printf "'%s' " "$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")"
	done
}

# mock_normalize FILE: the server port (and the mock's scratch dir) vary per run.
mock_normalize() {
	sed -e 's|127\.0\.0\.1:[0-9][0-9]*|127.0.0.1:PORT|g' -e "s|${MOCK_DIR:-/nonexistent}|\$MOCK_DIR|g" \
		-e "s|$TRASH|\$TRASH|g" \
		"$1" >"$1.n" && mv "$1.n" "$1"
}

mock_client_check() {
	_name=$1
	shift
	mkdir -p "$GOLDEN_DIR"
	_d="$TRASH/.client/$_name"
	run_capture "$_d" "$MOCK_CLIENT" "$@"
	for _f in out err; do mock_normalize "$_d/$_f"; done
	if [ -n "${MOCK_SORT_OUT:-}" ]; then
		LC_ALL=C sort "$_d/out" >"$_d/out.s" && mv "$_d/out.s" "$_d/out"
	fi
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		for _f in out err rc; do cp "$_d/$_f" "$GOLDEN_DIR/$_name.$_f"; done
	fi
	for _f in out err rc; do
		[ -f "$GOLDEN_DIR/$_name.$_f" ] ||
			{ echo >&2 "missing golden $GOLDEN_DIR/$_name.$_f (run with UPDATE_GOLDEN=1)"; return 1; }
		diff -u "$GOLDEN_DIR/$_name.$_f" "$_d/$_f" >&2 || return 1
	done
	return 0
}
