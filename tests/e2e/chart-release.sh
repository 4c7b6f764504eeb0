# chart-release.sh: the checks of the chart release tests (chart-release.t,
# chart-release-rails.t). Source it after lib.sh and mock.sh, with GOLDEN_DIR set.
#
#   check NAME ARGS...    `kc chart ARGS` against the golden NAME.{out,err,rc}
#                         (kc's output, reviewed against Helm v3.21.4's source;
#                         UPDATE_GOLDEN=1 re-captures)
#   kcheck NAME ARGS...   real kubectl against the mock (goldens from kubectl)
#   release_json SECRET   the release JSON stored in a release Secret

# Times vary per run: LAST DEPLOYED / history (ANSIC), list (Go's Time.String),
# -o json/yaml (RFC3339Nano); uitable pads them, so the padding goes too.
release_normalize() {
	sed -E \
		-e 's/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4} */TIME/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)? \+0000 UTC */TIME/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/TIME/g' \
		-e 's/(createdAt|modifiedAt)=[0-9]+/\1=N/g' \
		-e 's/^(NAME.*\tUPDATED) +\t/\1\t/' -e 's/^(REVISION\tUPDATED) +\t/\1\t/' \
		"$1" >"$1.n" && mv "$1.n" "$1"
	mock_normalize "$1"
}

kc_check() {
	_name=$1
	shift
	mkdir -p "$GOLDEN_DIR"
	_d="$TRASH/.kc/$_name"
	run_capture "$_d" "$KC" chart "$@"
	for _f in out err; do release_normalize "$_d/$_f"; done
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		for _f in out err rc; do cp "$_d/$_f" "$GOLDEN_DIR/$_name.$_f"; done
	fi
	for _f in out err rc; do
		[ -f "$GOLDEN_DIR/$_name.$_f" ] ||
			{ echo >&2 "missing golden $GOLDEN_DIR/$_name.$_f (run with UPDATE_GOLDEN=1)"; return 1; }
		diff -u "$GOLDEN_DIR/$_name.$_f" "$_d/$_f" >&2 || return 1
	done
}

check() {
	_n=$1
	shift
	test_expect_success "kc chart $*" "kc_check $_n $(shell_quote "$@")"
}

kcheck() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

# data.release: base64 of base64(gzip(json))
release_json() {
	"$REAL_KUBECTL" get secret "$1" -o jsonpath='{.data.release}' | base64 -d | base64 -d | gunzip
}
