#!/bin/sh
# kc replace against kc-mockapi: each step runs first with real kubectl v1.32
# (the goldens, tests/golden/replace/, UPDATE_GOLDEN=1 re-captures), then with
# kc on a fresh mock: stdout, stderr and exit code of every step.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

[ -x "$MOCK_BIN" ] || { test_skip replace "no kc-mockapi"; test_done; exit 0; }

rep_normalize() {
	mock_normalize "$1" &&
	sed -e 's/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1MMDD hh:mm:ss.uuuuuu PID /' \
		-e 's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/UID/g' \
		"$1" >"$1.n" &&
	mv "$1.n" "$1"
}

rep_check() {
	_name=$1
	shift
	mkdir -p "$GOLDEN_DIR"
	_d="$TRASH/.client/$_name"
	run_capture "$_d" "$MOCK_CLIENT" "$@" <"${STEP_STDIN:-/dev/null}"
	for _f in out err; do rep_normalize "$_d/$_f"; done
	if [ -n "${UPDATE_GOLDEN:-}" ] && [ "$CLIENT" = kubectl ]; then
		for _f in out err rc; do cp "$_d/$_f" "$GOLDEN_DIR/$_name.$_f"; done
	fi
	for _f in out err rc; do
		[ -f "$GOLDEN_DIR/$_name.$_f" ] ||
			{ echo >&2 "missing golden $GOLDEN_DIR/$_name.$_f (run with UPDATE_GOLDEN=1)"; return 1; }
		diff -u "$GOLDEN_DIR/$_name.$_f" "$_d/$_f" >&2 || return 1
	done
}

step() {
	_n=$1
	shift
	test_expect_success "$CLIENT $*" "rep_check $_n $(shell_quote "$@")"
}

mkdir -p dir/sub
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n' >cm.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "2"\n' >cm2.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  resourceVersion: "1"\ndata:\n  a: "3"\n' >stale.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\n' >two.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d1\ndata:\n  k: v\n' >dir/a.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d2\n' >dir/sub/b.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: a: b\n' >malformed.yaml
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' >widget.yaml
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"r":"1"}}\n' >cm.json
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n' >deploy.yaml
# YAML 1.1 booleans (go-yaml v2): `tier: on` is true, which ObjectMeta's labels
# cannot hold; the decoder's error ends only its document, reported last
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b1\n  labels: {tier: on}\n' >yaml11.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m2, labels: {a: yes, b: y}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m3, annotations: {n: 0x1F}, finalizers: [1]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m4}\n' >yaml11-multi.yaml
# how go-yaml v2 resolves plain scalars (a key `n` is false too)
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s1}\nspec: {a: y, b: Y, c: yes, d: on, e: ~, f: 0x1F, g: 1_000, i: 0o17, j: 017, m: 1e3, n: 0b101, o: 190:20:30, p: Off, q: NO, r: n, s: 2001-12-14, t: +12, u: 1.5e+3, v: True, w: TRUE, x: null, z: 9223372036854775808}\n' >scalars.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s2}\nspec: {h: .inf}\n' >inf.yaml
# kubectl quotes (and sends) objects with their keys sorted (json.Marshal of a map)
printf 'metadata: {name: x, labels: {z: a, b: c}}\napiVersion: v1\ndata: {b: "1", a: "2"}\n' >nokind-unsorted.yaml

replace_steps() {
	step 01-missing replace -f cm.yaml
	step 02-create create -f cm.yaml -f dir -R
	step 03-replace replace -f cm2.yaml
	step 04-yaml replace -f cm2.yaml -o yaml
	step 05-json replace -f cm2.yaml -o json
	step 06-name replace -f cm2.yaml -o name
	step 07-jsonpath replace -f cm2.yaml -o jsonpath={.data.a}
	step 08-dry-run replace -f cm.yaml --dry-run=client
	step 09-dry-run-yaml replace -f cm.yaml --dry-run=client -o yaml
	step 10-server-dry-run replace -f cm.yaml --dry-run=server
	step 11-server-dry-run-json replace -f cm.yaml --dry-run=server -o json
	step 12-stale replace -f stale.yaml
	step 13-two replace -f two.yaml
	step 14-dir replace -f dir
	step 15-dir-recursive replace -f dir -R
	STEP_STDIN=cm.yaml
	step 16-stdin replace -f -
	STEP_STDIN=
	step 17-save-config replace -f cm.yaml --save-config
	step 18-get-annotated get cm x -o yaml
	step 19-keeps-annotation replace -f cm2.yaml
	step 20-get-updated get cm x -o yaml
	step 21-field-manager replace -f cm.yaml --field-manager=me --show-managed-fields -o yaml
	step 22-no-args replace
	step 23-arg replace x
	step 24-grace-no-force replace -f cm.yaml --grace-period=1
	step 25-timeout-no-force replace -f cm.yaml --timeout=1s
	step 26-force-dry-run replace -f cm.yaml --force --dry-run=client
	step 27-bad-output replace -f cm.yaml -o foo
	step 28-bad-validate replace -f cm.yaml --validate=foo
	step 29-bad-dry-run replace -f cm.yaml --dry-run=foo
	step 30-missing-file replace -f nope.yaml
	step 31-malformed replace -f malformed.yaml
	step 32-unknown-kind replace -f widget.yaml
	step 33-unknown-kind-novalidate replace -f widget.yaml --validate=false
	step 34-ns-mismatch replace -f cm.yaml -n other --namespace=other
	step 35-subresource replace -f cm.yaml --subresource=status
	step 36-subresource-bad replace -f cm.yaml --subresource=foo
	step 37-force replace --force -f cm2.yaml
	step 38-force-missing replace --force -f two.yaml
	step 39-force-name replace --force -f cm.yaml -o name
	step 40-force-grace replace --force -f cm.yaml --grace-period=1 --cascade=orphan --timeout=20s --wait
	step 41-force-stale replace --force -f stale.yaml
	step 42-force-bad-cascade replace --force -f cm.yaml --cascade=foo
	STEP_STDIN=cm2.yaml
	step 43-force-stdin replace --force -f -
	STEP_STDIN=
	step 44-force-yaml replace --force -f cm.yaml -o yaml --save-config
	step 45-get get cm
	step 46-deploy-create create -f deploy.yaml
	step 47-deploy-replace replace -f deploy.yaml
	step 48-help replace --help
	step 49-cascade-bad replace -f cm.yaml --cascade=foo
	step 50-cascade-false replace -f cm.yaml --cascade=false
	step 51-cascade-true-force replace --force -f cm.yaml --cascade=true
	step 52-validate-before-dry-run replace -f cm.yaml --validate=foo --dry-run=foo
	step 53-raw replace --raw /api/v1/namespaces/default/configmaps/x?fieldManager=raw -f cm.json
	step 54-raw-yaml replace --raw /api/v1/namespaces/default/configmaps/x -f cm.yaml
	step 55-raw-missing replace --raw /api/v1/namespaces/default/configmaps/nope -f cm.json
	STEP_STDIN=cm.json
	step 56-raw-stdin replace --raw /api/v1/namespaces/default/configmaps/x?fieldManager=raw -f -
	STEP_STDIN=
	step 57-raw-bad-path replace --raw x -f cm.json
	step 58-raw-recursive replace --raw /x -f cm.json -R
	step 59-raw-output replace --raw /x -f cm.json -o yaml
	step 60-raw-url replace --raw /x -f http://127.0.0.1:1/y.yaml
	step 61-raw-two-files replace --raw /x -f cm.json -f cm.json
	step 62-raw-no-file replace --raw /x -f nope.yaml
	step 63-yaml11-bool-create create -f yaml11.yaml
	step 64-yaml11-bool-create-novalidate create -f yaml11.yaml --validate=false
	step 65-yaml11-bool-replace replace -f yaml11.yaml
	step 66-yaml11-multi-replace replace -f yaml11-multi.yaml
	step 67-yaml11-multi-create create -f yaml11-multi.yaml
	step 68-yaml11-multi-again create -f yaml11-multi.yaml
	step 69-yaml11-scalars create -f scalars.yaml --dry-run=client -o json --validate=false
	step 70-yaml11-inf create -f inf.yaml --dry-run=client -o json --validate=false
	step 71-nokind-sorted-create create -f nokind-unsorted.yaml --validate=false
	step 72-nokind-sorted-replace replace -f nokind-unsorted.yaml --validate=false
	step 73-nokind-sorted-apply apply -f nokind-unsorted.yaml --validate=false
}

for CLIENT in kubectl kc; do
	if [ "$CLIENT" = kubectl ]; then
		[ -n "$REAL_KUBECTL" ] || continue
		MOCK_CLIENT=$REAL_KUBECTL
	else
		MOCK_CLIENT=$BIN/kubectl
	fi
	mock_start || { test_failure_ "mock start" "kc-mockapi did not start"; continue; }
	replace_steps
	mock_stop || test_failure_ "mock stop ($CLIENT)" "kc-mockapi exited non-zero"
done

test_done
