#!/bin/sh
# kubectl delete side by side with kubectl v1.32: each client runs the same
# sequence on a fresh kc-mockapi (--frozen-time), against the same goldens
# captured from kubectl; setup steps run real kubectl on both mocks. Covers
# names, TYPE/NAME, several types, -f FILE|DIR -R, -l, --all, -A, cascade,
# grace/now/force, --wait with finalizers and --timeout, --dry-run, -o name,
# --ignore-not-found, and 300 objects from one directory.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

mkdir -p man/sub many
for i in 1 2 3; do
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m%s\n' $i >man/m$i.yaml
done
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers: ["example.com/x"]\n' >man/sub/fin.yaml
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\n  namespace: kube-system\n' >man/sub/s.yaml
printf 'apiVersion: foo/v1\nkind: Bar\nmetadata:\n  name: b\n' >bad.yaml
i=0
while [ $i -lt 300 ]; do
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many-%03d\n---\n' $i
	i=$((i + 1))
done >many/all.yaml

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
	test_expect_success "$_label delete $*" "mock_client_check $_n delete $(shell_quote "$@")"
}
seq_delete() {
	setup create deploy web --image=nginx --replicas=2
	setup create cm a
	setup create cm b
	setup create cm c -n kube-system
	setup create ns t1
	setup create -f man -R
	step 01-none
	step 02-type-only cm
	step 03-names cm a b x
	step 04-name-selector cm x -l a=b
	step 05-all-selector cm --all -l a=b
	step 06-unknown-type foo x
	step 07-ignore cm x --ignore-not-found
	step 08-missing-ns cm x -n nons
	step 09-all-empty cm --all -n nons
	step 10-bad-selector cm -l 'a in ('
	step 11-force cm x --force
	step 12-now-grace cm x --now --grace-period=3
	step 13-cascade-bad cm x --cascade=bad
	step 14-cascade-false cm x --cascade=false
	step 15-dry-bad cm x --dry-run=bad
	step 16-dry-client cm m1 --dry-run=client
	step 17-dry-server cm m1 --dry-run=server -o name
	step 18-output-bad cm m1 -o yaml
	step 19-force-grace cm m1 --force --grace-period=3
	step 20-dry-all -A cm --all --dry-run=client
	step 21-cluster-warn cm,ns c t1 -n kube-system
	step 22-deploy deploy/web
	step 23-file man/m1.yaml man/m2.yaml
	step 24-file-again -f man/m1.yaml
	step 25-file-ns -f man/sub/s.yaml -n default
	step 26-file-bad -f bad.yaml
	step 27-file-missing -f nope.yaml
	step 28-file-and-args -f man cm
	step 29-finalizer-timeout -f man -R --timeout=2s
	step 29b-wait-timeout cm fin --timeout=2s
	step 30-finalizer-nowait cm fin --wait=false -o name
	step 31-by-label cm -l app=none
	setup create -f many
	step 32-many -f many
	step 33-many-again -f many --ignore-not-found
	step 34-all-ns-all cm --all -A --dry-run=server
	step 35-grace-zero cm a --grace-period=0
	setup create deploy web2 --image=nginx --replicas=2
	step 36-pods-all pods --all --now
	step 37-orphan deploy web2 --cascade=orphan
	step 38-orphan-dry rs --all --cascade=orphan --dry-run=server
}
if [ -n "$REAL_KUBECTL" ] && [ -x "$MOCK_BIN" ]; then
	mock_side_by_side seq_delete
fi

test_done
