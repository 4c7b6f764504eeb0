#!/bin/sh
# client/ end to end over plain HTTP, side by side with kubectl: version,
# api-versions, api-resources, cluster-info, get --raw, API errors, retries,
# timeouts and the discovery cache. The server is tests/e2e/client-server.py
# serving responses captured from a real Kubernetes 1.20 API server.
. "$(dirname "$0")/lib.sh"

python3 "$TOP/tests/e2e/client-server.py" --fixture "$TOP/tests/golden/client-server/realk8s-1.20.json" \
	--port-file "$TRASH/.port" --log "$TRASH/.requests" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null' EXIT
i=0
while [ ! -s "$TRASH/.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$TRASH/.port")
S="http://127.0.0.1:$PORT"
# The port differs per run; klog headers carry time and pid; kc has no kustomize.
KC_NORMALIZE="s|127\.0\.0\.1:$PORT|127.0.0.1:PORT|g; s/^\([IEW]\)[0-9]\{4\} [0-9:.]* *[0-9]* /\1MMDD hh:mm:ss.uuuuuu PID /; /^Kustomize Version: /d"

while read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	test_expect_success "kubectl $args" "kc_vs_kubectl $name --server \$S $args"
done <<'CASES'
help-api-resources api-resources --help
help-api-versions api-versions --help
help-cluster-info cluster-info --help
version version
api-versions api-versions
api-resources api-resources
api-resources-wide api-resources -o wide
api-resources-name api-resources -o name
api-resources-cluster api-resources --namespaced=false --sort-by=kind
api-resources-group api-resources --api-group=apps --no-headers
api-resources-verbs api-resources --verbs=list,watch,create --sort-by=name
api-resources-categories api-resources --categories=all
api-resources-cached api-resources --cached -o name
api-resources-bad-output api-resources -o json
api-resources-bad-sort api-resources --sort-by=group
api-resources-args api-resources pods
api-versions-args api-versions pods
cluster-info cluster-info
cluster-info-ns cluster-info -n default
raw-api get --raw /api
raw-apps get --raw /apis/apps/v1
raw-notfound get --raw /api/v1/namespaces/default/pods/nope
raw-404 get --raw /no/such/path
raw-invalid get --raw /apis/apps/v1/namespaces/default/deployments/invalid
raw-500 get --raw /__500
raw-401 get --raw /__401
raw-429 get --raw /__429
raw-503 get --raw /__503
raw-bad-path get --raw api
raw-args get --raw /api pods
raw-output get --raw /api -o yaml
bad-timeout get --raw /api --request-timeout=abc
warnings get --raw /__warn
warnings-as-errors get --raw /__warn --warnings-as-errors
CASES

# kubectl races its context deadline against http.Client.Timeout, so it says
# one of three texts; kc says the most common one.
test_expect_success 'get --raw --request-timeout on a slow server' '
	test_must_fail "$KC" --server "$S" get --raw /__slow --request-timeout=1s >out 2>err &&
	echo "Unable to connect to the server: context deadline exceeded (Client.Timeout exceeded while awaiting headers)" >expect &&
	test_cmp expect err &&
	if [ -n "$REAL_KUBECTL" ]; then
		test_must_fail "$REAL_KUBECTL" --server "$S" get --raw /__slow --request-timeout=1s 2>kerr &&
		grep -e "^Unable to connect to the server: context deadline exceeded" \
			-e "^Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)" kerr
	fi
'

test_expect_success 'a group-version the server cannot list' '
	python3 "$TOP/tests/e2e/client-server.py" --fixture "$TOP/tests/golden/client-server/realk8s-1.20.json" \
		--port-file "$TRASH/.port2" --log "$TRASH/.requests2" --fail /apis/batch/v1beta1 &
	pid2=$! &&
	i=0 && while [ ! -s "$TRASH/.port2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	S2="http://127.0.0.1:$(cat "$TRASH/.port2")" &&
	KC_NORMALIZE="s|127\.0\.0\.1:$(cat "$TRASH/.port2")|127.0.0.1:PORT2|g; $KC_NORMALIZE" &&
	kc_vs_kubectl failed-gv --server "$S2" api-resources --api-group=batch;
	ret=$?; kill $pid2; test $ret = 0
'

test_expect_success 'proxy-url from the kubeconfig is used' '
	cat >proxy.kubeconfig <<-EOT &&
	apiVersion: v1
	kind: Config
	clusters:
	- cluster: {server: "http://kc-proxied.invalid:8080", proxy-url: "$S"}
	  name: c
	contexts:
	- context: {cluster: c, user: u}
	  name: ctx
	users:
	- name: u
	  user: {}
	current-context: ctx
	EOT
	: >"$TRASH/.requests" &&
	kc_vs_kubectl proxy-version --kubeconfig proxy.kubeconfig get --raw /version &&
	grep "GET /version auth=no as= proxied=kc-proxied.invalid:8080" "$TRASH/.requests"
'

test_expect_success 'a warm discovery cache makes one request' '
	: >"$TRASH/.requests" &&
	"$KC" --server "$S" --cache-dir "$TRASH/warm" api-resources >/dev/null &&
	test $(wc -l <"$TRASH/.requests") -gt 30 &&
	: >"$TRASH/.requests" &&
	"$KC" --server "$S" --cache-dir "$TRASH/warm" cluster-info >/dev/null &&
	test $(wc -l <"$TRASH/.requests") -eq 1 &&
	: >"$TRASH/.requests" &&
	"$KC" --server "$S" --cache-dir "$TRASH/warm" api-resources --cached >/dev/null &&
	test $(wc -l <"$TRASH/.requests") -eq 0
'

test_expect_success 'the cache uses kubectl'"'"'s layout and kubectl reads it' '
	ls "$TRASH/warm/discovery/127.0.0.1_$PORT/servergroups.json" \
	   "$TRASH/warm/discovery/127.0.0.1_$PORT/v1/serverresources.json" \
	   "$TRASH/warm/discovery/127.0.0.1_$PORT/apps/v1/serverresources.json" &&
	: >"$TRASH/.requests" &&
	if [ -n "$REAL_KUBECTL" ]; then
		"$REAL_KUBECTL" --server "$S" --cache-dir "$TRASH/warm" api-resources --cached >kubectl.out &&
		"$KC" --server "$S" --cache-dir "$TRASH/warm" api-resources --cached >kc.out &&
		test_cmp kubectl.out kc.out &&
		test $(wc -l <"$TRASH/.requests") -eq 0
	fi
'

test_expect_success 'kc sends its own User-Agent and no credentials over http' '
	"$KC" --server "$S" --token secret get --raw /api -v=7 2>err >/dev/null &&
	grep "User-Agent: kc/" err &&
	! grep -i authorization err &&
	grep "/api auth=no" "$TRASH/.requests"
'

test_expect_success '-v=6 logs each round trip as kubectl does' '
	"$KC" --server "$S" get --raw /version -v=6 2>err >/dev/null &&
	sed -e "s/^I[0-9]\{4\} [0-9:.]* *[0-9]* /I /; s/in [0-9]* milliseconds/in N milliseconds/" err >actual &&
	cat >expect <<-EOT &&
	I envvar.go:172] "Feature gate default state" feature="ClientsAllowCBOR" enabled=false
	I envvar.go:172] "Feature gate default state" feature="ClientsPreferCBOR" enabled=false
	I envvar.go:172] "Feature gate default state" feature="InformerResourceVersion" enabled=false
	I envvar.go:172] "Feature gate default state" feature="WatchListClient" enabled=false
	I round_trippers.go:560] GET $S/version 200 OK in N milliseconds
	EOT
	test_cmp expect actual
'

test_expect_success '-v=8 logs bodies the way klog does' '
	"$KC" --server "$S" get --raw /api/v1/namespaces/default/pods/nope -v=8 2>err >/dev/null;
	grep "raw.go:84] \"Request Body\" body=\"\"" err &&
	grep "get.go:174] \"Response Body\" body=<" err &&
	grep "round_trippers.go:587]     Content-Type: application/json" err
'

test_expect_success 'version -o json carries the server version' '
	"$KC" --server "$S" version -o json >out 2>err &&
	grep "\"serverVersion\": {" out &&
	grep "\"gitVersion\": \"v1.20.2\"" out &&
	grep "^WARNING: version difference between client (1.32) and server (1.20)" err
'

test_done
