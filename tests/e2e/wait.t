#!/bin/sh
# kubectl wait side by side with kubectl v1.32 on fresh kc-mockapi instances
# (same sequence, same goldens from kubectl): --for=delete|create|condition=…|
# jsonpath=…, timeouts, --timeout=0, -l, --all, -A, -o and the errors.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers: ["example.com/x"]\n' >fin.yaml

# kubectl's reflector sometimes logs a watch cut short by --timeout (klog lines
# with times and pids); that noise is not part of what is compared
mock_normalize() {
	sed -e 's|127\.0\.0\.1:[0-9][0-9]*|127.0.0.1:PORT|g' -e "s|${MOCK_DIR:-/nonexistent}|\$MOCK_DIR|g" \
		-e "s|$TRASH|\$TRASH|g" -e '/^[IWE][0-9]\{4\} .* reflector\.go:[0-9]*\]/d' \
		"$1" >"$1.n" && mv "$1.n" "$1"
}

setup() { "$REAL_KUBECTL" "$@" >/dev/null 2>&1; }
step() {
	_n=$1
	shift
	test_expect_success "$_label wait $*" "mock_client_check $_n wait $(shell_quote "$@")"
}
seq_wait() {
	setup create deploy web --image=nginx --replicas=2
	setup create deploy web2 --image=nginx
	setup create cm c1
	setup create cm c2 --from-literal=a=b
	setup create -f fin.yaml
	setup delete cm fin --wait=false
	step 01-no-for cm
	step 02-none
	step 03-delete-missing --for=delete cm/x
	step 04-delete-timeout --for=delete cm/c1 --timeout=2s
	step 05-create-exists --for=create cm/c1
	step 06-create-timeout --for=create cm/zz --timeout=2s
	step 07-condition --for=condition=Available deploy/web
	step 08-condition-false-timeout --for=condition=Available=false deploy/web --timeout=2s
	step 09-condition-case --for=condition=available deploy web
	step 10-jsonpath-value '--for=jsonpath={.status.replicas}=2' deploy/web
	step 11-jsonpath-exists '--for=jsonpath={.status.replicas}' deploy/web
	step 12-jsonpath-timeout '--for=jsonpath={.status.nope}' deploy/web --timeout=2s
	step 13-all-pods --for=condition=Ready pod --all
	step 14-no-match --for=condition=Ready pod -l app=nope
	step 15-bogus --for=bogus cm/c1
	step 16-zero --for=condition=Available deploy/web --timeout=0
	step 17-zero-unmet --for=condition=Available=false deploy/web --timeout=0
	step 18-not-found --for=condition=Ready cm/nope
	step 19-delete-zero --for=delete cm/c1 --timeout=0
	step 20-json --for=condition=Available deploy/web -o json
	step 21-some-missing --for=condition=Available deploy/nope deploy/web
	step 22-timeout-and-missing --for=condition=Available=false deploy/web deploy/nope --timeout=2s
	step 23-create-some --for=create cm/c1 cm/zz --timeout=2s
	step 24-create-zero --for=create cm/c1 --timeout=0
	step 25-jsonpath-object '--for=jsonpath={.status}' deploy/web
	step 26-jsonpath-many '--for=jsonpath={.status.conditions[*].type}' deploy/web
	step 27-jsonpath-empty-value '--for=jsonpath={.x}=' deploy/web
	step 28-jsonpath-empty '--for=jsonpath=' deploy/web
	step 29-jsonpath-bad '--for=jsonpath={.x' deploy/web
	step 30-jsonpath-two-eq '--for=jsonpath={.a}=b=c' deploy/web
	step 31-delete-upper --for=Delete cm/zz
	step 32-all-ns --for=condition=Available deploy -A --all
	step 33-jsonpath-data '--for=jsonpath={.data.a}=b' cm c2
	step 34-jsonpath-quoted '--for=jsonpath={.data.a}="b"' cm c2 -o yaml
	step 36-negative-timeout --for=condition=Available deploy --all --timeout=-1s
	step 37-output-bad --for=condition=Available deploy web -o bad
	step 38-jsonpath-nested '--for=jsonpath={.status.conditions}=x' deploy/web
	step 39-name --for=condition=Available deploy/web deploy/web2 -o name
}
if [ -n "$REAL_KUBECTL" ] && [ -x "$MOCK_BIN" ]; then
	mock_side_by_side seq_wait
fi

test_done
