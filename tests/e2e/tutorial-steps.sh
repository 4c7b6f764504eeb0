# tutorial-steps.sh: the tutorial's steps, shared by tutorial.t (real kubectl as
# the client) and tutorial-kc.t (kc as the client). Both compare every step's
# stdout, stderr and exit code with the same goldens, tests/golden/tutorial/,
# captured from kubectl v1.32 against kc-mockapi --frozen-time.
#
# The sourcing script (after lib.sh and mock.sh, with the mock started) defines
#   step NAME ARGS...           run "$MOCK_CLIENT" ARGS and check against NAME.*
#   step_custom TITLE PROBE BODY  a test whose body is shell (BODY), about the
#                               command line PROBE (a quoted word list, used by
#                               tutorial-kc.t to tell whether kc implements it)
# and then calls tutorial_steps.
#
# Side actions that are not the thing being checked (the scale made while a
# watch runs, log lines appended while logs -f follows) go through tut_side,
# which uses real kubectl when it is installed and the client under test
# otherwise.
#
# (tutorial-kc.t and scenarios.t run kc as $BIN/kubectl, so that it names
# itself "kubectl" as the goldens do.)
#
# Also the TODO helpers for kc-vs-kubectl scripts (tutorial-kc.t, scenarios.t):
#   kc_implements ARGS...      kc knows the command line (its --help works)
#   test_todo TITLE BODY       a TAP TODO test: "not ok N - TITLE # TODO not
#                              implemented in kc yet" (or "ok … # TODO" if it
#                              happens to pass); never counted as a failure,
#                              never silently skipped.

EX="$TOP/examples"

tut_side() {
	if [ -n "$REAL_KUBECTL" ]; then
		"$REAL_KUBECTL" "$@"
	else
		"$MOCK_CLIENT" "$@"
	fi
}

kc_implements() {
	# the command path: the first two words that are not flags (and not the
	# values of the global flags that take one)
	_w=
	_nw=0
	while [ $# -gt 0 ] && [ $_nw -lt 2 ]; do
		case $1 in
		--) break ;;
		--context | --namespace | -n | --kubeconfig | --server | -s | --token | --user | --cluster)
			shift 2 ;;
		-*) shift ;;
		*) _w="$_w $1"; _nw=$((_nw + 1)); shift ;;
		esac
	done
	# shellcheck disable=SC2086
	"$KC" $_w --help >/dev/null 2>&1
}

test_todo() {
	test_count=$((test_count + 1))
	if test_run_ "$2"; then
		say "ok $test_count - $1 # TODO not implemented in kc yet (but passes)"
	else
		say "not ok $test_count - $1 # TODO not implemented in kc yet"
	fi
}

# The diff program kubectl diff runs (KUBECTL_EXTERNAL_DIFF): diff -u -N with
# the temporary directory names and file times taken out, exit code kept.
tut_diff_program() {
	cat >"$TRASH/tut-diff" <<-'EOF'
	#!/bin/sh
	diff -u -N "$@" >"${TMPDIR:-/tmp}/tut-diff.$$"
	rc=$?
	sed -e 's#/[^ 	]*/\(LIVE\|MERGED\)-[0-9]*/#\1/#g' -e 's/^\(---\|+++\) \([^ 	]*\).*/\1 \2/' \
		"${TMPDIR:-/tmp}/tut-diff.$$"
	rm -f "${TMPDIR:-/tmp}/tut-diff.$$"
	exit $rc
	EOF
	chmod +x "$TRASH/tut-diff"
	echo "$TRASH/tut-diff"
}

# The editor kubectl edit runs (EDITOR): sets the Deployment's spec.replicas to 2.
tut_editor() {
	cat >"$TRASH/tut-editor" <<-'EOF'
	#!/bin/sh
	sed -i -e '/^spec:/,/^[a-z]/ s/^  replicas: .*/  replicas: 2/' "$1"
	EOF
	chmod +x "$TRASH/tut-editor"
	echo "$TRASH/tut-editor"
}

tutorial_steps() {
	step 01-cluster-info cluster-info
	step 02-create-deploy create deployment nginx --image=nginx:latest
	step 03-get-deploy get deployments
	step 04-create-again create deployment nginx --image=nginx:latest
	step 05-expose expose deployment nginx --port=80 --type=ClusterIP
	step 06-get-pods get pods -o wide
	step 07-logs-deploy logs deploy/nginx
	POD=$(tut_side get pods -l app=nginx -o jsonpath='{.items[0].metadata.name}')
	step 08-logs-pod logs "$POD" --tail=3
	step 09-logs-ts logs "$POD" --tail=2 --timestamps
	step 10-create-ns create namespace test
	step 11-run run nginx --image=nginx:latest --restart=Never -n test --port=80
	step 12-get-pods-test get pods -n test
	step 13-get-svc-test get services -n test
	step 14-apply-created apply -f "$EX/myapp-deployment.yaml"
	step 15-apply-unchanged apply -f "$EX/myapp-deployment.yaml"
	sed -e 's/replicas: 3/replicas: 4/' "$EX/myapp-deployment.yaml" >"$TRASH/myapp4.yaml"
	step 16-apply-configured apply -f "$TRASH/myapp4.yaml"
	# diff: nothing to show (exit 0), then a change (exit 1)
	KUBECTL_EXTERNAL_DIFF=$(tut_diff_program)
	export KUBECTL_EXTERNAL_DIFF
	step 16a-diff-same diff -f "$TRASH/myapp4.yaml"
	sed -e 's/replicas: 3/replicas: 6/' "$EX/myapp-deployment.yaml" >"$TRASH/myapp6.yaml"
	step 16b-diff-changed diff -f "$TRASH/myapp6.yaml"
	unset KUBECTL_EXTERNAL_DIFF
	step 17-expose-myapp expose deployment myapp --name=myapp-svc --port=80 --target-port=3000
	step 18-get-svc get svc
	step 19-get-all get deploy,rs,po
	step 20-get-ep get endpoints myapp-svc
	step 21-scale scale deployment myapp --replicas=5
	step 22-get-deploy-myapp get deploy myapp
	step 23-set-image set image deployment/myapp myapp=nginx:1.28
	step 24-rollout-status rollout status deployment/myapp
	step 25-rollout-history rollout history deployment/myapp
	step 26-get-rs get rs -l app=myapp
	step 27-rollout-undo rollout undo deployment/myapp
	step 28-rollout-history2 rollout history deployment/myapp
	step 29-get-rs2 get rs -l app=myapp -o wide
	step 30-rollout-pause rollout pause deployment/myapp
	step 31-rollout-resume rollout resume deployment/myapp
	step 32-get-deploy-yaml get deploy myapp -o yaml
	# edit with a scripted editor (spec.replicas 5 -> 2), then wait for it
	EDITOR=$(tut_editor)
	export EDITOR
	step 32a-edit edit deployment/myapp
	unset EDITOR
	step 32b-wait-available wait --for=condition=Available deployment/myapp --timeout=20s
	step 32c-get-deploy-edited get deploy myapp
	step 33-delete-deploy delete deployment myapp
	step 34-get-after-delete get deploy,rs,po -l app=myapp
	step 35-get-missing get deployment myapp
	step 36-can-i auth can-i create deployments
	step 37-can-i-dev auth can-i create deployments --as=dev
	step 38-can-i-dev-ns auth can-i create deployments --as=dev -n dev
	step 39-forbidden --context kc-mock-dev get pods -n default
	step 40-forbidden-ns --context kc-mock-dev get namespaces
	step 41-api-resources api-resources
	step 42-api-versions api-versions
	step 43-version version
	step 44-get-nodes get nodes
	step 45-get-ns get namespaces
	step 46-delete-ns delete namespace test
	step 47-get-ns-after get namespaces

	# get -w: the list, then the change made while it watches
	step_custom 'get deploy -w (sees a scale)' "get deploy nginx -w" '
		("$MOCK_CLIENT" get deploy nginx -w --request-timeout=3s >"$TRASH/watch.out" 2>&1; echo $? >"$TRASH/watch.rc") &
		sleep 1 &&
		tut_side scale deployment nginx --replicas=2 >/dev/null &&
		wait &&
		mock_normalize "$TRASH/watch.out" &&
		test "$(cat "$TRASH/watch.rc")" = 0 &&
		if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TRASH/watch.out" "$GOLDEN_DIR/48-watch.out"; fi &&
		test_cmp "$GOLDEN_DIR/48-watch.out" "$TRASH/watch.out"
	'

	# logs -f: lines appended through the mock'"'"'s admin endpoint, then the pod goes
	step_custom 'logs -f follows until the pod is deleted' "logs -f x" '
		("$MOCK_CLIENT" logs -f "$POD" --tail=1 >"$TRASH/follow.out" 2>&1; echo $? >"$TRASH/follow.rc") &
		sleep 1 &&
		printf "GET / 200\nGET /favicon.ico 404\n" >"$TRASH/lines" &&
		tut_side create --raw "/mock/logs/default/$POD/nginx" -f "$TRASH/lines" >/dev/null &&
		sleep 0.5 &&
		tut_side delete pod "$POD" >/dev/null &&
		wait &&
		test "$(cat "$TRASH/follow.rc")" = 0 &&
		if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TRASH/follow.out" "$GOLDEN_DIR/49-follow.out"; fi &&
		test_cmp "$GOLDEN_DIR/49-follow.out" "$TRASH/follow.out"
	'
}
