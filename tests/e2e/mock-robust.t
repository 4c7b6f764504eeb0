#!/bin/sh
# kc-mockapi must survive bad input: garbage bodies (JSON and protobuf), bad
# patches, odd paths and queries. Every request gets an HTTP answer, the server
# keeps serving, and it exits cleanly (under make asan: no errors, no leaks).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ ! -x "$MOCK_BIN" ] || ! command -v curl >/dev/null; then
	test_skip "mock-robust" "no kc-mockapi or no curl"
	test_done
	exit 0
fi

mock_start
kc_field() { sed -n "s/^ *$1: //p" "$KUBECONFIG" | head -1 | base64 -d; }
kc_field certificate-authority-data >ca.crt
kc_field client-certificate-data >admin.crt
kc_field client-key-data >admin.key
req() { curl -s -o /dev/null -w '%{http_code}\n' --cacert ca.crt --cert admin.crt --key admin.key "$@"; }

head -c 400 /dev/urandom >random.bin
printf 'k8s\000\012\377\377' >badproto.bin
printf 'k8s\000' >emptyproto.bin
printf 'k8s\000\012\020\012\002v1\022\003Pod\022\006\012\004\012\002p1' >tinyproto.bin
BODIES='@random.bin @badproto.bin @emptyproto.bin @tinyproto.bin'
for b in '' '{' '[]' 'null' '"x"' '{"metadata":5}' '{"metadata":{"name":5}}' \
	'{"metadata":{"name":"a","labels":"x"}}' '{"metadata":{"name":"b","labels":{"x":1}}}' \
	'{"spec":{"containers":"x"},"metadata":{"name":"p"}}' '{"metadata":{"name":"q"},"spec":5}' \
	'{"metadata":{"name":"r","ownerReferences":[5]}}' '{"metadata":{"generateName":"g-"}}'; do
	printf '%s' "$b" >"body.$(printf '%s' "$b" | cksum | cut -d' ' -f1)"
done
BODIES="$BODIES $(for f in body.*; do printf '@%s ' "$f"; done)"

test_expect_success 'garbage creates get 4xx answers' '
	for b in $BODIES; do
		for ct in application/json application/vnd.kubernetes.protobuf; do
			for p in /api/v1/namespaces/default/pods /apis/apps/v1/namespaces/default/deployments \
				/api/v1/namespaces /api/v1/namespaces/default/configmaps \
				/apis/apiextensions.k8s.io/v1/customresourcedefinitions \
				/apis/authorization.k8s.io/v1/selfsubjectaccessreviews \
				/api/v1/namespaces/default/serviceaccounts/default/token; do
				code=$(req -X POST -H "Content-Type: $ct" --data-binary "$b" "$MOCK_URL$p") &&
				case $code in 2??|4??) ;; *) echo "POST $p $ct $b -> $code"; exit 1 ;; esac
			done
		done
	done
'

test_expect_success 'garbage patches and updates get answers' '
	req -X POST -H "Content-Type: application/json" --data-binary \
		"{\"metadata\":{\"name\":\"x\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}" \
		"$MOCK_URL/apis/apps/v1/namespaces/default/deployments" >/dev/null &&
	for ct in application/json-patch+json application/merge-patch+json \
		application/strategic-merge-patch+json application/apply-patch+yaml text/plain; do
		for b in "" "{" "[]" "null" "5" "[{\"op\":\"move\",\"from\":\"/x\",\"path\":\"/y\"}]" \
			"[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/-\",\"value\":{}}]" \
			"[{\"op\":\"remove\",\"path\":\"/metadata\"}]" "[{\"op\":\"copy\",\"from\":\"/spec\",\"path\":\"/spec/x\"}]" \
			"{\"metadata\":null}" "{\"spec\":null}" "{\"spec\":{\"replicas\":\"x\"}}" "{\"status\":5}" \
			"{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"\$patch\":\"delete\"}]}}}}" \
			"{\"metadata\":{\"finalizers\":[1]}}" "{\"kind\":5}"; do
			for p in deployments/x deployments/x/scale deployments/x/status deployments/nope; do
				code=$(req -X PATCH -H "Content-Type: $ct" --data-binary "$b" \
					"$MOCK_URL/apis/apps/v1/namespaces/default/$p") &&
				case $code in 2??|4??) ;; *) echo "PATCH $p $ct $b -> $code"; exit 1 ;; esac
				code=$(req -X PUT -H "Content-Type: application/json" --data-binary "$b" \
					"$MOCK_URL/apis/apps/v1/namespaces/default/$p") &&
				case $code in 2??|4??) ;; *) echo "PUT $p $b -> $code"; exit 1 ;; esac
			done
		done
	done
'

test_expect_success 'odd paths and queries get answers' '
	for p in "/api/v1/namespaces/default/pods?labelSelector=a+in+(" "/api/v1/pods?labelSelector=!!!" \
		"/api/v1/pods?fieldSelector====" "/api/v1/pods?limit=-1&continue=zz" \
		"/api/v1/namespaces/default/pods/x/log" "/apis/apps/v1/namespaces/default/deployments/x/scale" \
		"/apis/x/y/z/w/v/u/t/s/r/q/p/o/n/m/l/k/j/i" \
		"/api/v1/namespaces/default/pods?watch=1&resourceVersion=abc&timeoutSeconds=0" \
		"/openapi/v3/apis/apps/v1" "/api/v1/namespaces//pods" "/%00/x" "/mock/logs/a/b/c" \
		"/api/v1/namespaces/default/pods/x/exec" "/api/v1/nodes/node-1/proxy/x" \
		"/api/v1/namespaces/default/services?includeObject=Object" "/apis" "/api/v2"; do
		code=$(req -H "Accept: application/json;as=Table;v=v1;g=meta.k8s.io" "$MOCK_URL$p") &&
		case $code in 2??|4??) ;; *) echo "GET $p -> $code"; exit 1 ;; esac
	done &&
	code=$(req -X DELETE --data-binary "{" "$MOCK_URL/api/v1/namespaces/default/configmaps?labelSelector=a+in+(") &&
	test "$code" = 400
'

test_expect_success 'still serving' '
	test "$(req "$MOCK_URL/healthz")" = 200 &&
	test "$(req "$MOCK_URL/api/v1/namespaces/default/pods")" = 200
'
mock_stop && test_ok_ 'stops cleanly (no ASan reports)' ||
	test_failure_ 'stops cleanly (no ASan reports)' 'kc-mockapi did not exit cleanly'
test_done
