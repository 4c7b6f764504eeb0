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
# many requests through one curl (one connection): add_req METHOD PATH [CTYPE BODYFILE]
: >reqs.cfg
add_req() {
	{
		[ -s reqs.cfg ] && echo next
		printf 'url = "%s%s"\nrequest = "%s"\noutput = "/dev/null"\n' "$MOCK_URL" "$2" "$1"
		printf 'cacert = "ca.crt"\ncert = "admin.crt"\nkey = "admin.key"\nmax-time = 20\n'
		printf 'write-out = "%%{http_code} %s %s %s\\n"\n' "$1" "$2" "${4:-}"
		if [ -n "${3:-}" ]; then
			printf 'header = "Content-Type: %s"\ndata-binary = "@%s"\n' "$3" "$4"
		fi
		printf 'header = "Accept: application/json;as=Table;v=v1;g=meta.k8s.io, application/json"\n'
	} >>reqs.cfg
}
run_reqs() {
	curl -s -K reqs.cfg >codes &&
	test "$(wc -l <codes)" -eq "$(grep -c "^url" reqs.cfg)" &&
	! grep -v "^[24][0-9][0-9] " codes &&
	: >reqs.cfg
}

head -c 400 /dev/urandom >random.bin
printf 'k8s\000\012\377\377' >badproto.bin
printf 'k8s\000' >emptyproto.bin
printf 'k8s\000\012\020\012\002v1\022\003Pod\022\006\012\004\012\002p1' >tinyproto.bin
n=0
for b in '' '{' '[]' 'null' '"x"' '5' '{"metadata":5}' '{"metadata":{"name":5}}' \
	'{"metadata":{"name":"a","labels":"x"}}' '{"metadata":{"name":"b","labels":{"x":1}}}' \
	'{"spec":{"containers":"x"},"metadata":{"name":"p"}}' '{"metadata":{"name":"q"},"spec":5}' \
	'{"metadata":{"name":"r","ownerReferences":[5]}}' '{"metadata":{"generateName":"g-"}}' \
	'[{"op":"move","from":"/x","path":"/y"}]' \
	'[{"op":"add","path":"/spec/template/spec/containers/-","value":{}}]' \
	'[{"op":"remove","path":"/metadata"}]' '[{"op":"copy","from":"/spec","path":"/spec/x"}]' \
	'{"metadata":null}' '{"spec":null}' '{"spec":{"replicas":"x"}}' '{"status":5}' \
	'{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}' \
	'{"metadata":{"finalizers":[1]}}' '{"kind":5}' '{"spec":{"replicas":1e400}}'; do
	n=$((n + 1))
	printf '%s' "$b" >"body.$n"
done
BODIES="random.bin badproto.bin emptyproto.bin tinyproto.bin $(ls body.*)"

test_expect_success 'garbage creates get 4xx answers' '
	for b in $BODIES; do
		for ct in application/json application/vnd.kubernetes.protobuf; do
			for p in /api/v1/namespaces/default/pods /apis/apps/v1/namespaces/default/deployments \
				/api/v1/namespaces /api/v1/namespaces/default/configmaps \
				/apis/apiextensions.k8s.io/v1/customresourcedefinitions \
				/apis/authorization.k8s.io/v1/selfsubjectaccessreviews \
				/api/v1/namespaces/default/serviceaccounts/default/token; do
				add_req POST "$p" "$ct" "$b"
			done
		done
	done &&
	run_reqs
'

test_expect_success 'garbage patches and updates get answers' '
	printf "%s" "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}" >deploy.json &&
	add_req POST /apis/apps/v1/namespaces/default/deployments application/json deploy.json &&
	for b in $BODIES; do
		for ct in application/json-patch+json application/merge-patch+json \
			application/strategic-merge-patch+json application/apply-patch+yaml text/plain; do
			for p in deployments/x deployments/x/scale deployments/x/status deployments/nope; do
				add_req PATCH "/apis/apps/v1/namespaces/default/$p" "$ct" "$b"
			done
		done
		for p in deployments/x deployments/x/scale deployments/x/status; do
			add_req PUT "/apis/apps/v1/namespaces/default/$p" application/json "$b"
		done
		add_req DELETE /api/v1/namespaces/default/pods/nope application/json "$b"
	done &&
	run_reqs
'

test_expect_success 'odd paths and queries get answers' '
	for p in "/api/v1/namespaces/default/pods?labelSelector=a+in+(" "/api/v1/pods?labelSelector=!!!" \
		"/api/v1/pods?fieldSelector====" "/api/v1/pods?limit=-1&continue=zz" \
		"/api/v1/namespaces/default/pods/x/log" "/apis/apps/v1/namespaces/default/deployments/x/scale" \
		"/apis/x/y/z/w/v/u/t/s/r/q/p/o/n/m/l/k/j/i" \
		"/api/v1/namespaces/default/pods?watch=1&resourceVersion=abc&timeoutSeconds=0" \
		"/openapi/v3/apis/apps/v1" "/api/v1/namespaces//pods" "/mock/logs/a/b/c" \
		"/api/v1/namespaces/default/pods/x/exec" "/api/v1/nodes/node-1/proxy/x" \
		"/api/v1/namespaces/default/services?includeObject=Object" "/apis" "/api/v2" \
		"/api/v1/namespaces/default/pods?tailLines=-5" "/version?x=%ff%00"; do
		add_req GET "$p"
	done &&
	run_reqs &&
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
