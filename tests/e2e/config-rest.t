#!/bin/sh
# REST config resolution (kubeconfig/resolve.c) held against kubectl: for each case
# kubectl runs `version` (no namespace first) or `get pods` (namespace first,
# resource builder) on tests/fixtures/kubeconfig/rest.yaml, where every server is
# a closed port. Its output is reduced to the configuration error it printed, or
# "CONNECT HOST" when it got as far as connecting; build/tests/tools/kc-restconfig
# must print the same. Goldens in tests/golden/config-rest/ (UPDATE_GOLDEN=1).
. "$(dirname "$0")/lib.sh"

FIX="$TOP/tests/fixtures/kubeconfig"
TOOL="$KC_BUILD/tests/tools/kc-restconfig"
cp -R "$FIX"/. "$TRASH"/ || exit 1
cd "$TRASH" || exit 1
mkdir -p "$GOLDEN_DIR"

# kubectl's output → what it says about the configuration
reduce_() {
	grep -v 'memcache.go\|^Client Version\|^Kustomize Version\|^Server Version' "$1" |
	sed -e 's/^The connection to the server \(.*\) was refused - did you specify the right host or port?$/CONNECT \1/' \
	    -e 's/^Unable to connect to the server: dial tcp \([^:]*:[0-9]*\): connect: connection refused$/CONNECT \1/' \
	    -e 's/^Unable to connect to the server: proxyconnect .*/CONNECT (proxy)/'
}

rest_case() {
	name=$1
	mode=$2
	shift 2
	if [ -n "$REAL_KUBECTL" ]; then
		if [ "$mode" = version ]; then
			"$REAL_KUBECTL" version "$@" >"$TRASH/.k.$name" 2>&1
		else
			"$REAL_KUBECTL" get pods "$@" >"$TRASH/.k.$name" 2>&1
		fi
		reduce_ "$TRASH/.k.$name" >"$TRASH/.k.$name.r"
		normalize_ "$TRASH/.k.$name.r"
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			cp "$TRASH/.k.$name.r" "$GOLDEN_DIR/$name.out"
		fi
		diff -u "$GOLDEN_DIR/$name.out" "$TRASH/.k.$name.r" >&2 ||
			{ echo >&2 "kubectl no longer matches golden $name.out"; return 1; }
	fi
	"$TOOL" "$mode" "$@" >"$TRASH/.t.$name" 2>&1
	normalize_ "$TRASH/.t.$name"
	[ -f "$GOLDEN_DIR/$name.out" ] || { echo >&2 "missing golden $GOLDEN_DIR/$name.out"; return 1; }
	diff -u "$GOLDEN_DIR/$name.out" "$TRASH/.t.$name" >&2
}

while read -r name mode args; do
	[ -n "$name" ] || continue
	case " $args " in
	*" --kubeconfig "*) kc= ;;
	*) kc="--kubeconfig rest.yaml" ;;
	esac
	test_expect_success "$mode $args" "rest_case $name $mode $kc $args"
done <<'EOF'
v-default version
g-default get
g-default-ns get -n x
v-default-ns version -n x
v-certs version --context certs-bad
g-certs get --context certs-bad
g-certs-ns get --context certs-bad -n x
v-exec-nomode version --context exec-nomode
g-exec-nomode get --context exec-nomode
v-exec-missing version --context exec-beta
v-dangling version --context dangling
g-dangling get --context dangling
v-nope version --context nope
g-nope get --context nope
g-nope-ns get --context nope -n x
v-nouser version --user nouser
g-nouser get --user nouser -n x
v-nocluster version --cluster nocl
g-nocluster get --cluster nocl
v-plain version --context plain
v-prefix version --context prefix
v-ca-both version --context ca-both
g-proxy get --context proxy
v-noserver version --context noserver
g-two-auth get --context two-auth
v-two-auth-token version --context ca-missing --user two-auth --token x
g-imp get --context imp
g-imp-as get --context imp --as alice
g-badns get --context badns
v-server version --context prefix --server https://127.0.0.1:7
v-ca-override version --certificate-authority pki/tls-ca.crt
v-ca-override-missing version --context plain --certificate-authority nope.crt
v-insecure version --insecure-skip-tls-verify
v-client-key version --context certs-bad --client-key pki/tls-client.key --client-certificate pki/tls-client.crt
v-basic-token version --context plain --username u --token t
g-ghost get --kubeconfig ghost.yaml
EOF

test_done
