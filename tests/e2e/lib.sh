# lib.sh: TAP helpers for kc's shell tests (after git's test-lib).
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect_success 'title' 'commands'
#   test_expect_failure ... (known breakage: reported, not counted)
#   test_must_fail CMD...   fails unless CMD exits non-zero (death by signal fails)
#   test_cmp EXPECT ACTUAL  diff -u
#   kc_vs_kubectl NAME ARGS...   run kc (as "kubectl") and compare stdout, stderr and
#                           exit code with golden NAME.{out,err,rc}; when kubectl is
#                           installed also run it and require the same (and with
#                           UPDATE_GOLDEN=1 rewrite the golden from kubectl).
#   test_done
# Each test runs in a fresh scratch directory $TRASH (cwd); HOME points there too.

set -u
TEST_NAME=$(basename "$0" .t)
TOP=$(cd "$(dirname "$0")/../.." && pwd)
KC_BUILD=${KC_BUILD:-$TOP/build}
KC="$KC_BUILD/kc"
SHARED=$(cd "$TOP/.." && pwd)/shared
REAL_KUBECTL=${REAL_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
[ -x "$REAL_KUBECTL" ] || REAL_KUBECTL=
GOLDEN_DIR="$TOP/tests/golden/$TEST_NAME"
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/kc-test.$TEST_NAME.XXXXXX")
BIN="$TRASH/.bin"
mkdir -p "$BIN"
ln -s "$KC" "$BIN/kubectl"
ln -s "$KC" "$BIN/kc"
export HOME="$TRASH" KUBECONFIG= LC_ALL=C TZ=UTC
unset KUBECONFIG
cd "$TRASH" || exit 1

test_count=0
test_failures=0
test_fixed=0
test_broken=0

say() { printf '%s\n' "$*"; }

test_ok_() {
	test_count=$((test_count + 1))
	say "ok $test_count - $1"
}

test_failure_() {
	test_count=$((test_count + 1))
	test_failures=$((test_failures + 1))
	say "not ok $test_count - $1"
	shift
	printf '%s\n' "$*" | sed -e 's/^/#	/'
}

test_run_() {
	(eval "$1") >"$TRASH/.test-out" 2>&1
	ret=$?
	return $ret
}

test_expect_success() {
	title=$1
	body=$2
	if test_run_ "$body"; then
		test_ok_ "$title"
	else
		sed -e 's/^/# /' "$TRASH/.test-out"
		test_failure_ "$title" "$body"
	fi
}

test_expect_failure() {
	title=$1
	body=$2
	test_count=$((test_count + 1))
	if test_run_ "$body"; then
		test_fixed=$((test_fixed + 1))
		say "ok $test_count - $title # TODO known breakage vanished"
	else
		test_broken=$((test_broken + 1))
		say "not ok $test_count - $title # TODO known breakage"
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	say "ok $test_count # skip $1 ($2)"
}

test_must_fail() {
	"$@"
	exit_code=$?
	if [ $exit_code -eq 0 ]; then
		echo >&2 "test_must_fail: command succeeded: $*"
		return 1
	elif [ $exit_code -gt 129 ] && [ $exit_code -le 192 ]; then
		echo >&2 "test_must_fail: died by signal $((exit_code - 128)): $*"
		return 1
	elif [ $exit_code -eq 127 ]; then
		echo >&2 "test_must_fail: command not found: $*"
		return 1
	fi
	return 0
}

test_cmp() {
	diff -u "$1" "$2"
}

# run_capture DIR CMD... : run CMD, saving DIR/out, DIR/err, DIR/rc.
run_capture() {
	_dir=$1
	shift
	mkdir -p "$_dir"
	"$@" >"$_dir/out" 2>"$_dir/err"
	echo $? >"$_dir/rc"
}

# Normalisation applied to both sides (override KC_NORMALIZE with a sed script).
KC_NORMALIZE=${KC_NORMALIZE:-}
normalize_() {
	if [ -n "$KC_NORMALIZE" ]; then
		sed -e "$KC_NORMALIZE" "$1" >"$1.n" && mv "$1.n" "$1"
	fi
	# the scratch directory differs per run
	sed -e "s|$TRASH|\$TRASH|g" "$1" >"$1.n" && mv "$1.n" "$1"
}

# kc_vs_kubectl NAME ARGS... (run in cwd; env as set by the caller)
kc_vs_kubectl() {
	name=$1
	shift
	mkdir -p "$GOLDEN_DIR"
	run_capture "$TRASH/.kc/$name" env PATH="$BIN:$PATH" kubectl "$@"
	for f in out err; do normalize_ "$TRASH/.kc/$name/$f"; done
	if [ -n "$REAL_KUBECTL" ]; then
		run_capture "$TRASH/.kubectl/$name" "$REAL_KUBECTL" "$@"
		for f in out err; do normalize_ "$TRASH/.kubectl/$name/$f"; done
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			for f in out err rc; do cp "$TRASH/.kubectl/$name/$f" "$GOLDEN_DIR/$name.$f"; done
		fi
		for f in out err rc; do
			[ -f "$GOLDEN_DIR/$name.$f" ] || { echo "missing golden $GOLDEN_DIR/$name.$f (run with UPDATE_GOLDEN=1)"; return 1; }
			diff -u "$GOLDEN_DIR/$name.$f" "$TRASH/.kubectl/$name/$f" >&2 ||
				{ echo >&2 "kubectl no longer matches golden $name.$f"; return 1; }
		done
	fi
	for f in out err rc; do
		[ -f "$GOLDEN_DIR/$name.$f" ] || { echo >&2 "missing golden $GOLDEN_DIR/$name.$f"; return 1; }
		diff -u "$GOLDEN_DIR/$name.$f" "$TRASH/.kc/$name/$f" >&2 || return 1
	done
	return 0
}

test_done() {
	say "1..$test_count"
	if [ -z "${KC_KEEP_TRASH:-}" ]; then
		cd / && rm -rf "$TRASH"
	fi
	[ "$test_failures" -eq 0 ]
}
