#!/bin/sh
# kc chart install → upgrade → history → rollback → test → uninstall against
# kc-mockapi, with a chart that has every kind of hook (weights, delete
# policies, resource-policy keep); the release Secrets decoded to Helm's
# release format; a release Secret written the way Helm writes it
# (tests/golden/chart-release/helm-fixture, made by gen.go with Go's own
# encoding/json + gzip) listed, upgraded and rolled back by kc.
#
# There is no helm binary here: the goldens of kc's own output (*.out/.err/.rc)
# were reviewed against Helm v3.21.4's source (cmd/helm/status.go,
# list.go, history.go, pkg/action) — UPDATE_GOLDEN=1 re-captures them from kc.
# Cluster state is checked with real kubectl (goldens from kubectl).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ] || ! command -v jq >/dev/null; then
	test_skip "chart-release" "no kubectl, jq or kc-mockapi"
	test_done
	exit 0
fi

CHARTS=$GOLDEN_DIR/charts
FIXTURE=$GOLDEN_DIR/helm-fixture

. "$TOP/tests/e2e/chart-release.sh"

mock_start

check 01-install install demo "$CHARTS/hooked"
kcheck 02-jobs-after-install get jobs -o custom-columns=NAME:.metadata.name,HOOK:.metadata.annotations.helm\\.sh/hook
kcheck 03-owner-labels get cm demo-config -o jsonpath='{.metadata.labels}{" "}{.metadata.annotations}'
check 04-list list
check 05-list-json list -o json
check 06-list-yaml list -o yaml

test_expect_success 'the stored release decodes to Helm'"'"'s release format' '
	release_json sh.helm.release.v1.demo.v1 >rel.json &&
	jq -c "keys_unsorted" rel.json >actual &&
	echo "[\"name\",\"info\",\"chart\",\"manifest\",\"hooks\",\"version\",\"namespace\"]" >expect &&
	test_cmp expect actual &&
	jq -c ".info | keys_unsorted" rel.json >actual &&
	echo "[\"first_deployed\",\"last_deployed\",\"deleted\",\"description\",\"status\",\"notes\"]" >expect &&
	test_cmp expect actual &&
	jq -c "[.name, .version, .namespace, .info.status, .info.description, .chart.metadata.name, (.chart | keys_unsorted)]" rel.json >actual &&
	echo "[\"demo\",1,\"default\",\"deployed\",\"Install complete\",\"hooked\",[\"metadata\",\"lock\",\"templates\",\"values\",\"schema\",\"files\"]]" >expect &&
	test_cmp expect actual &&
	jq -c "[.hooks[] | [.name, .kind, (.events | join(\",\")), .weight, .last_run.phase, (.delete_policies // [] | join(\",\")), (keys_unsorted | join(\",\"))]]" rel.json >actual &&
	cat >expect <<-\EOF &&
	[["demo-test","Pod","test",null,"","","name,kind,path,manifest,events,last_run"],["demo-test-fail","Pod","test",1,"","","name,kind,path,manifest,events,last_run,weight"],["demo-cleanup","Job","pre-delete",null,"","hook-succeeded","name,kind,path,manifest,events,last_run,delete_policies"],["demo-farewell","Job","post-delete",null,"","hook-succeeded","name,kind,path,manifest,events,last_run,delete_policies"],["demo-migrate","Job","pre-install,pre-upgrade",-5,"Succeeded","before-hook-creation","name,kind,path,manifest,events,last_run,weight,delete_policies"],["demo-notify","Job","post-install,post-upgrade",null,"Succeeded","before-hook-creation","name,kind,path,manifest,events,last_run,delete_policies"],["demo-restore","Job","pre-rollback,post-rollback",null,"","before-hook-creation,hook-succeeded","name,kind,path,manifest,events,last_run,delete_policies"],["demo-seed","Job","pre-install",3,"Succeeded","hook-succeeded","name,kind,path,manifest,events,last_run,weight,delete_policies"]]
	EOF
	test_cmp expect actual &&
	"$REAL_KUBECTL" get secret sh.helm.release.v1.demo.v1 -o jsonpath="{.type} {.metadata.labels}" >actual &&
	sed -E "s/=[0-9]+/=N/; s/\"modifiedAt\":\"[0-9]+\"/\"modifiedAt\":\"N\"/" actual >actual.n &&
	printf "%s" "helm.sh/release.v1 {\"modifiedAt\":\"N\",\"name\":\"demo\",\"owner\":\"helm\",\"status\":\"deployed\",\"version\":\"1\"}" >expect &&
	test_cmp expect actual.n
'

test_expect_success 'hooks run in weight order, around the resources' '
	"$KC" chart upgrade demo "$CHARTS/hooked" --set message=bye --debug 2>err >/dev/null &&
	grep -E "^(hook|creating [0-9]|Patch|Deleting|Starting delete)" err >actual &&
	cat >expect <<-\EOF &&
	Starting delete for "demo-migrate" Job
	hook pre-upgrade: Job demo-migrate
	creating 1 resource(s)
	Patch ConfigMap "demo-config" in namespace default
	Patch Deployment "demo-web" in namespace default
	Starting delete for "demo-notify" Job
	hook post-upgrade: Job demo-notify
	creating 1 resource(s)
	EOF
	test_cmp expect actual
'
kcheck 07-cm-after-upgrade get cm demo-config -o jsonpath='{.data}'
check 08-history history demo
check 09-history-json history demo -o json
check 10-get-values get values demo
check 11-get-values-all get values demo -a -o json
check 12-upgrade-reuse upgrade demo "$CHARTS/hooked" --reuse-values --set replicaCount=2
check 13-get-values-reused get values demo --revision 3
check 14-rollback rollback demo 1
kcheck 15-cm-after-rollback get cm demo-config -o jsonpath='{.data}'
check 16-history-after-rollback history demo
check 17-status status demo --show-desc
check 18-get-notes get notes demo
check 19-get-manifest get manifest demo --revision 2
check 20-get-hooks get hooks demo
check 21-test test demo --filter name=demo-test
check 21b-test-failing test demo
check 21d-test-logs test demo --logs --filter name=demo-test
check 21c-test-exclude test demo --filter '!name=demo-test-fail'
check 22-status-after-test status demo
kcheck 23-jobs get jobs -o custom-columns=NAME:.metadata.name
check 24-install-again install demo "$CHARTS/hooked"
kcheck 25-taken create configmap taken --from-literal=a=0
check 26-ownership install other "$CHARTS/conflict"
check 27-uninstall uninstall demo
kcheck 28-after-uninstall get cm,secrets,deploy,svc -o name
check 29-list-empty list -a
check 30-status-gone status demo

# a release Helm wrote
kcheck 31-helm-secret create -f "$FIXTURE/legacy-secret.json"
test_expect_success 'the fixture is what Go marshals, byte for byte' '
	release_json sh.helm.release.v1.legacy.v1 >actual &&
	test_cmp "$FIXTURE/legacy-release.json" actual
'
check 32-helm-list list
check 32b-helm-list-time list --time-format '2006-01-02 15:04:05Z0700'
check 33-helm-values get values legacy -o json
check 34-helm-status status legacy
check 35-helm-upgrade upgrade legacy "$CHARTS/legacy" --set message=kc
kcheck 36-helm-cm get cm legacy-config -o jsonpath='{.data}'
check 37-helm-rollback rollback legacy
check 38-helm-history history legacy
check 39-helm-get-all get all legacy --revision 1
test_expect_success 'kc keeps the fields Helm wrote when it supersedes a release' '
	release_json sh.helm.release.v1.legacy.v1 >v1.json &&
	jq -c "[.info.status, .info.notes, .hooks[0].last_run.phase, .config]" v1.json >actual &&
	printf "%s\n" "[\"superseded\",\"Installed by helm <3.21> & friends.\\n\",\"Succeeded\",{\"message\":\"from <helm> & co\"}]" >expect &&
	test_cmp expect actual
'
check 39b-helm-metadata get metadata legacy --revision 1
check 40-keep-history uninstall legacy --keep-history
check 41-list-uninstalled list --uninstalled
check 42-upgrade-install upgrade --install legacy "$CHARTS/legacy"
check 43-history-reinstalled history legacy
check 44-no-release upgrade nosuch "$CHARTS/legacy"
check 44b-upgrade-bad-chart upgrade nosuch "$TRASH/no-such-chart"
check 44c-upgrade-bad-values upgrade legacy "$CHARTS/legacy" --set a
check 45-rollback-missing rollback legacy 99
check 46-dry-run install dry "$CHARTS/legacy" --dry-run
check 47-generate-name-list list -q

# failing hooks, --atomic, --wait
check 48-hook-fail install f1 "$CHARTS/failing" --set fail=true
check 49-hook-fail-status status f1 --show-desc
check 50-atomic-install install f2 "$CHARTS/failing" --set fail=true --atomic
check 51-wait-install install f3 "$CHARTS/failing" --wait --wait-for-jobs --timeout 30s
check 52-atomic-upgrade upgrade f3 "$CHARTS/failing" --set fail=true --atomic
check 53-atomic-history history f3
check 54-list-all list -a
kcheck 55-jobs-after-failures get jobs -o name
check 56-dry-run-debug install dbg "$CHARTS/failing" --dry-run=server --debug
check 57-bad-dry-run install dbg "$CHARTS/failing" --dry-run=maybe
check 58-values-json get values legacy -a -o json
printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: x}\n' >"$TRASH/dead.kubeconfig"
check 59-unreachable list --kubeconfig "$TRASH/dead.kubeconfig"
check 60-unreachable-install install x "$CHARTS/failing" --kubeconfig "$TRASH/dead.kubeconfig"
check 60b-unreachable-bad-chart install x "$TRASH/nope" --kubeconfig "$TRASH/dead.kubeconfig"

# --history-max, --labels, --take-ownership, --post-renderer
check 61-labels install h "$CHARTS/legacy" --labels team=a,tier=web
test_expect_success 'upgrades prune the history to --history-max' '
	for i in 1 2 3 4; do
		"$KC" chart upgrade h "$CHARTS/legacy" --history-max 3 --set message=m$i --labels tier=null >/dev/null || return 1
	done
'
check 62-history-pruned history h
kcheck 63-secret-labels get secrets -l name=h -o custom-columns=NAME:.metadata.name,TEAM:.metadata.labels.team,TIER:.metadata.labels.tier,STATUS:.metadata.labels.status
check 64-system-label install h2 "$CHARTS/legacy" --labels owner=me
kcheck 65-unowned create configmap adopt-config
check 66-take-ownership install adopt "$CHARTS/legacy" --take-ownership
kcheck 67-adopted get cm adopt-config -o jsonpath='{.metadata.labels}{" "}{.metadata.annotations}'
cat >"$TRASH/post-render.sh" <<-\EOF
	#!/bin/sh
	sed 's/^  name: \(.*\)-config$/  name: \1-config\n  labels:\n    post-rendered: "yes"/'
	EOF
chmod +x "$TRASH/post-render.sh"
check 68-post-render install pr "$CHARTS/legacy" --post-renderer "$TRASH/post-render.sh"
check 69-post-rendered-manifest get manifest pr
kcheck 70-post-rendered-label get cm pr-config -o jsonpath='{.metadata.labels}'

# crds/ are created before the templates render (and .Capabilities knows them)
check 71-crds install crd "$CHARTS/withcrd"
kcheck 72-crontab get crontabs -o custom-columns=NAME:.metadata.name,API:.spec.hasApi
check 73-crds-present install crd2 "$CHARTS/withcrd" --debug

# --cleanup-on-fail: what a failed upgrade created goes away
check 74-cleanup-install install cof "$CHARTS/failing"
check 75-cleanup-on-fail upgrade cof "$CHARTS/failing" --set extra=true --set failPost=true --cleanup-on-fail
kcheck 76-cleaned get cm -o name
check 77-cleanup-history history cof

# release Secrets that do not decode are skipped, as Helm's driver skips them
test_expect_success 'corrupt release records (kubectl)' '
	for n in broken:"not base64!" json:"$(printf "[1,2]" | base64)" gz:"$(printf "\037\213\010garbage" | base64)"; do
		name=${n%%:*} data=${n#*:}
		"$REAL_KUBECTL" create secret generic sh.helm.release.v1.$name.v1 --type=helm.sh/release.v1 --from-literal=release="$data" >/dev/null &&
		"$REAL_KUBECTL" label secret sh.helm.release.v1.$name.v1 owner=helm name=$name status=deployed version=1 >/dev/null || return 1
	done
'
check 78-corrupt-list list -a -q
check 79-corrupt-status status broken
check 80-corrupt-history history gz
check 81-corrupt-uninstall uninstall json
check 82-corrupt-upgrade upgrade broken "$CHARTS/legacy"
check 83-corrupt-get get values broken --revision 1

# --wait is Helm's ReadyChecker: a Deployment waits for its new ReplicaSet's
# ready pods; a LoadBalancer Service for an ingress (none here: the deadline)
check 84-wait-ready install w1 "$CHARTS/waits" --wait --timeout 20s
check 85-wait-lb install w2 "$CHARTS/waits" --set type=LoadBalancer --wait --timeout 1s
check 86-wait-lb-external install w3 "$CHARTS/waits" --set type=LoadBalancer --set externalIP=192.0.2.7 --wait --timeout 20s
mock_stop && test_ok_ 'kc-mockapi stops cleanly' || test_failure_ 'kc-mockapi stops cleanly' 'kc-mockapi failed'
test_done
