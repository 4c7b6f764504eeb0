#!/bin/sh
# kc-mockapi itself: authentication, Status errors, patches, watch, selectors,
# paging, dry run, --state, faults. Real kubectl is the client; its output is
# checked against goldens captured from kubectl (UPDATE_GOLDEN=1).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mockapi" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi
K=$MOCK_CLIENT

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

# curl with no credentials / a token; the CA comes from the kubeconfig
ca_file() {
	sed -n 's/^ *certificate-authority-data: //p' "$KUBECONFIG" | base64 -d >"$TRASH/ca.crt"
}

mock_start --state "$TRASH/state.json"
test_expect_success 'mock started, serves /version /healthz /readyz' '
	"$K" get --raw /version >out &&
	grep -q "\"gitVersion\": \"v1.32.5\"" out &&
	grep -q "\"minor\": \"32\"" out &&
	test "$("$K" get --raw /healthz)" = ok &&
	test "$("$K" get --raw /livez)" = ok &&
	"$K" get --raw "/readyz?verbose" | grep -q "readyz check passed"
'

test_expect_success 'anonymous requests get the 401 Status' '
	ca_file &&
	curl -s --cacert "$TRASH/ca.crt" "$MOCK_URL/api/v1/pods" >out &&
	echo "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}" >expect &&
	test_cmp expect out
'

test_expect_success 'bearer token of the namespace-limited user' '
	curl -s --cacert "$TRASH/ca.crt" -H "Authorization: Bearer kc-mock-dev-token" \
		"$MOCK_URL/api/v1/namespaces/dev/configmaps" | grep -q "\"kind\":\"ConfigMapList\"" &&
	curl -s --cacert "$TRASH/ca.crt" -H "Authorization: Bearer kc-mock-dev-token" \
		"$MOCK_URL/api/v1/namespaces/default/configmaps/x" >out &&
	grep -q "configmaps \\\\\"x\\\\\" is forbidden: User \\\\\"dev\\\\\" cannot get resource \\\\\"configmaps\\\\\" in API group \\\\\"\\\\\" in the namespace \\\\\"default\\\\\"" out
'

# realk8s: the apiserver tries the client certificate before bearer tokens
test_expect_success 'a client certificate wins over a wrong bearer token' '
	"$REAL_KUBECTL" get namespace default --token=wrong-token -o name >out &&
	echo namespace/default >expect &&
	test_cmp expect out
'

test_expect_success 'aggregated discovery is served when asked for' '
	curl -s --cacert "$TRASH/ca.crt" -H "Authorization: Bearer kc-mock-dev-token" \
		-H "Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" \
		-D headers "$MOCK_URL/apis" >out &&
	grep -qi "^Content-Type: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" headers &&
	grep -q "\"kind\":\"APIGroupDiscoveryList\"" out
'

check 01-as-dev get pods --as=dev
check 02-dev-impersonates --context kc-mock-dev get pods -n dev --as=bob
check 03-dev-own-ns --context kc-mock-dev get configmaps -n dev
check 04-whoami auth whoami
check 05-ns-missing create configmap c1 -n nope --from-literal=a=b
check 06-cm-create create configmap c1 --from-literal=a=b --from-literal=c=d
check 07-cm-get get configmap c1 -o yaml
check 08-cm-exists create configmap c1 --from-literal=a=b
"$K" get configmap c1 -o json | sed -e 's/"resourceVersion": "[0-9]*"/"resourceVersion": "1"/' >"$TRASH/stale.json"
check 09-conflict replace -f "$TRASH/stale.json"
check 10-patch-merge patch configmap c1 --type=merge -p '{"data":{"a":"z","c":null}}'
check 11-patch-json patch configmap c1 --type=json -p '[{"op":"add","path":"/data/e","value":"f"}]'
check 12-patch-json-bad patch configmap c1 --type=json -p '[{"op":"replace","path":"/data/nope","value":"f"}]'
check 13-cm-after-patch get configmap c1 -o jsonpath='{.data}'
check 14-deploy create deployment web --image=nginx:1.27 --replicas=2
check 15-patch-smp patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"A","value":"1"}]}]}}}}'
check 16-smp-result get deployment web -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env}'
check 17-dry-run create configmap dry --from-literal=a=b --dry-run=server -o name
check 18-dry-run-gone get configmap dry
check 19-selector get pods -l 'app in (web)' -o name
check 20-selector-none get pods -l 'app!=web'
check 21-field-selector get pods --field-selector status.phase=Running -o name
WEBPOD=$("$K" get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
check 21a-logs-limit logs "$WEBPOD" --limit-bytes=20
check 21b-logs-previous logs "$WEBPOD" --previous
check 21c-logs-since logs "$WEBPOD" --since=1h --tail=1
check 21d-logs-bad-container logs "$WEBPOD" -c nope
check 21e-logs-all-containers logs deploy/web --all-containers --prefix --tail=1
for i in 1 2 3 4 5; do "$K" create configmap page-$i --from-literal=i=$i >/dev/null; done
check 22-chunked get configmaps --chunk-size=2 -o name
check 23-delete-collection delete configmaps -l '!nothing' --field-selector metadata.name=page-1
check 24-invalid-name create configmap Bad_Name
check 24a-bad-type patch deployment web -p '{"spec":{"replicas":"3"}}'
check 24b-bad-type-env patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":true}]}]}}}}'
check 24c-no-image create deployment noimg --image=''
check 24d-selector-mismatch patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/metadata/labels","value":{"app":"other"}}]'
check 25-label label configmap page-2 tier=x
check 26-show-labels get configmap page-2 --show-labels
check 27-scale-sub scale deployment web --replicas=3
check 28-get-scale get --raw /apis/apps/v1/namespaces/default/deployments/web/scale
check 29-job create job j1 --image=busybox -- echo hello
check 30-job-get get jobs
check 31-job-logs logs job/j1
check 32-svc-nodeport create service nodeport np --tcp=80:8080
check 33-get-svc-wide get svc np -o wide
check 34-events get events --field-selector involvedObject.kind=Job
check 35-delete-ns-missing delete namespace nope
check 36-cascade-orphan delete deployment web --cascade=orphan
check 37-rs-orphaned get rs -o custom-columns=NAME:.metadata.name,OWNERS:.metadata.ownerReferences

test_expect_success 'watch stream: ADDED then MODIFIED events, ends at timeoutSeconds' '
	("$K" get --raw "/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name=c1&timeoutSeconds=2" >watch.out; echo $? >watch.rc) &
	sleep 0.5 &&
	"$K" label configmap c1 seen=yes >/dev/null &&
	wait &&
	test "$(cat watch.rc)" = 0 &&
	test "$(grep -c "\"type\":\"ADDED\"" watch.out)" = 1 &&
	test "$(grep -c "\"type\":\"MODIFIED\"" watch.out)" = 1
'

test_expect_success 'YAML request bodies (application/yaml, apply-patch+yaml)' '
	kc_field() { sed -n "s/^ *$1: //p" "$KUBECONFIG" | head -1 | base64 -d; } &&
	kc_field client-certificate-data >admin.crt && kc_field client-key-data >admin.key &&
	printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\ndata:\n  a: \"1\"\n  b: hello\n" >y1.yaml &&
	curl -s -o /dev/null -w "%{http_code}" --cacert "$TRASH/ca.crt" --cert admin.crt --key admin.key \
		-X POST -H "Content-Type: application/yaml" --data-binary @y1.yaml \
		"$MOCK_URL/api/v1/namespaces/default/configmaps" >code &&
	test "$(cat code)" = 201 &&
	test "$("$K" get configmap y1 -o jsonpath="{.data.a}/{.data.b}")" = 1/hello &&
	curl -s -o /dev/null -w "%{http_code}" --cacert "$TRASH/ca.crt" --cert admin.crt --key admin.key \
		-X PATCH -H "Content-Type: application/apply-patch+yaml" --data-binary @"$TOP/examples/myapp-deployment.yaml" \
		"$MOCK_URL/apis/apps/v1/namespaces/default/deployments/myapp?fieldManager=kc" >code &&
	test "$(cat code)" = 201 &&
	test "$("$K" get deploy myapp -o jsonpath="{.spec.replicas}")" = 3 &&
	"$K" delete deploy myapp >/dev/null && "$K" delete configmap y1 >/dev/null
'

# validation errors in realk8s' order and words: replicas, the template's
# labels against the selector, then the containers (image, ports)
cat >ports-pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: p2}
spec:
  containers:
  - {name: c, image: nginx, ports: [{containerPort: 0}, {containerPort: 80, hostPort: 99999}]}
EOF
cat >ports-deploy.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: b3}
spec:
  replicas: -1
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: z}}
    spec: {containers: [{name: c, ports: [{containerPort: 70000}]}]}
EOF
check 44-invalid-ports-pod create -f ports-pod.yaml --validate=false
check 45-invalid-deploy-order create -f ports-deploy.yaml --validate=false

mock_stop && test_ok_ 'stops cleanly, saving --state' ||
	test_failure_ 'stops cleanly, saving --state' 'kc-mockapi did not exit cleanly'
mock_start --state "$TRASH/state.json"
test_expect_success '--state keeps objects across restarts' '
	"$K" get configmap c1 -o jsonpath="{.data.e}" >out &&
	echo f >expect && echo >>out && test_cmp expect out
'
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'

# faults
mock_start --fault 500:/api/v1/namespaces/default/pods:count=1 \
	--fault 429=1:/api/v1/namespaces/default/configmaps:count=1 \
	--fault 503:/api/v1/namespaces/default/secrets:method=GET
check 40-fault-500 get pods
check 41-fault-500-once get pods
check 42-fault-429-retried get configmaps kube-root-ca.crt -o name
check 43-fault-503 get secrets
mock_stop && test_ok_ 'stops cleanly after faults' ||
	test_failure_ 'stops cleanly after faults' 'kc-mockapi did not exit cleanly'

# bearer-token admin over TLS, then plain http
mock_start --token s3cret
test_expect_success '--token: the kubeconfig carries the token, and it works' '
	grep -q "token: s3cret" "$KUBECONFIG" &&
	! grep -q client-certificate-data "$KUBECONFIG" &&
	"$K" get namespaces -o name >out &&
	grep -q namespace/kube-system out &&
	"$K" --token wrong get namespaces 2>err;
	grep -q "You must be logged in to the server" err
'
mock_stop && test_ok_ 'stops cleanly (token)' || test_failure_ 'stops cleanly (token)' 'exit status'
mock_start --no-tls
test_expect_success '--no-tls: plain http, open access' '
	case "$MOCK_URL" in http://127.0.0.1:*) ;; *) false ;; esac &&
	"$K" get namespaces -o name | grep -q namespace/default
'
mock_stop && test_ok_ 'stops cleanly (no-tls)' || test_failure_ 'stops cleanly (no-tls)' 'exit status'

test_expect_success 'bad arguments: one line, exit 2' '
	test_must_fail "$MOCK_BIN" --fault nonsense:/x 2>err &&
	grep -q "bad --fault" err &&
	test_must_fail "$MOCK_BIN" --listen nowhere 2>err &&
	grep -q "listen" err
'
test_done
