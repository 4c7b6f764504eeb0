#!/bin/sh
# The Rails chart (examples/rails) through a release's life on kc-mockapi:
# install → upgrade with changed values → history → rollback → uninstall,
# the db:migrate hook run before install and upgrade (and deleted once it
# succeeded), `list -o json`, and the release Secrets decoded to Helm's
# release format. Goldens of kc's output as in chart-release.t (reviewed
# against Helm v3.21.4's source; UPDATE_GOLDEN=1 re-captures); cluster state
# through real kubectl.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

RAILS=${RAILS_CHART:-$TOP/examples/rails}
if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ] || ! command -v jq >/dev/null || [ ! -f "$RAILS/Chart.yaml" ]; then
	test_skip "chart-release-rails" "no kubectl, jq, kc-mockapi or examples/rails"
	test_done
	exit 0
fi
GOLDEN_DIR=$TOP/tests/golden/chart-release-rails
VALUES=$TOP/tests/golden/chart-release/rails-values.yaml

. "$TOP/tests/e2e/chart-release.sh"

# the hook log of a --debug run: what ran, in order
hook_log() {
	grep -E "^(hook |creating [0-9]|Patch |Starting delete|Deleting )" "$1"
}

mock_start

test_expect_success 'install runs the migration before the resources' '
	"$KC" chart install shop "$RAILS" -f "$VALUES" --debug >out 2>err &&
	hook_log err >actual &&
	cat >expect <<-\EOF &&
	Starting delete for "shop-rails-migrate" Job
	hook pre-install: Job shop-rails-migrate
	creating 1 resource(s)
	Starting delete for "shop-rails-migrate" Job
	creating 4 resource(s)
	EOF
	test_cmp expect actual
'
check 01-status status shop
check 01b-status-resources status shop --show-resources
kcheck 02-objects get deploy,svc,cm,secret,jobs -o name
check 03-list-json list -o json
test_expect_success 'upgrade (3 replicas, extra env) migrates again and patches' '
	"$KC" chart upgrade shop "$RAILS" -f "$VALUES" --set replicaCount=3 --set rails.extraEnv.FEATURE_X=on --debug >out 2>err &&
	hook_log err >actual &&
	cat >expect <<-\EOF &&
	Starting delete for "shop-rails-migrate" Job
	hook pre-upgrade: Job shop-rails-migrate
	creating 1 resource(s)
	Starting delete for "shop-rails-migrate" Job
	Patch ConfigMap "shop-rails-config" in namespace default
	Patch Deployment "shop-rails" in namespace default
	EOF
	test_cmp expect actual
'
kcheck 04-replicas get deploy shop-rails -o jsonpath={.spec.replicas}
kcheck 05-extra-env get cm shop-rails-config -o jsonpath={.data.FEATURE_X}
check 06-history history shop
check 07-values get values shop
check 08-rollback rollback shop 1
kcheck 09-replicas-rolled-back get deploy shop-rails -o jsonpath={.spec.replicas}
check 10-history-after-rollback history shop -o json
test_expect_success 'the release Secrets decode to Helm'"'"'s format' '
	for v in 1 2 3; do
		release_json sh.helm.release.v1.shop.v$v | jq -c "[.name, .version, .namespace, .info.status, .info.description, .chart.metadata.name, .chart.metadata.version, (.hooks | map(.name + \"=\" + .last_run.phase) | join(\",\")), (.config.replicaCount // \"-\")]" || return 1
	done >actual &&
	cat >expect <<-\EOF &&
	["shop",1,"default","superseded","Install complete","rails","0.1.0","shop-rails-migrate=Succeeded","-"]
	["shop",2,"default","superseded","Upgrade complete","rails","0.1.0","shop-rails-migrate=Succeeded",3]
	["shop",3,"default","deployed","Rollback to 1","rails","0.1.0","shop-rails-migrate=Succeeded","-"]
	EOF
	test_cmp expect actual
'
check 11-uninstall uninstall shop
check 11b-hide-secret-needs-dry-run install shop "$RAILS" --hide-secret
test_expect_success 'install --dry-run --hide-secret leaves the Secret out' '
	"$KC" chart install shop "$RAILS" --dry-run --hide-secret >out &&
	grep -A1 "^# Source: rails/templates/secret.yaml" out >actual &&
	printf "%s\n" "# Source: rails/templates/secret.yaml" "# HIDDEN: The Secret output has been suppressed" >expect &&
	test_cmp expect actual
'
kcheck 12-after-uninstall get deploy,svc,cm,secret,jobs -o name
check 13-list-all list -a -o json
mock_stop && test_ok_ 'kc-mockapi stops cleanly' || test_failure_ 'kc-mockapi stops cleanly' 'kc-mockapi failed'
test_done
