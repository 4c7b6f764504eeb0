#!/bin/sh
# CronJobs in kc-mockapi through real kubectl. The mock runs with --frozen-time,
# so schedules fire only when a test moves the object clock with the admin-only
# POST /mock/advance?seconds=N (with a running clock they fire at each matching
# wall-clock minute). Goldens from kubectl.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mock-cronjob" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

echo '{}' >empty.json
mock_start
check 01-create create cronjob tick --image=busybox --schedule='*/5 * * * *' -- echo tick
check 02-no-job-yet get cronjobs,jobs
check 03-advance-4m create --raw '/mock/advance?seconds=240' -f empty.json
check 04-still-none get jobs
check 05-advance-1m create --raw '/mock/advance?seconds=60' -f empty.json
check 06-first-job get cronjobs,jobs,pods
check 07-log logs job/tick-29925365
check 08-job-yaml get job tick-29925365 -o yaml
check 09-advance-1h create --raw '/mock/advance?seconds=3600' -f empty.json
check 10-history get jobs
check 11-cj-yaml get cronjob tick -o yaml
check 12-events get events --field-selector involvedObject.kind=CronJob
check 13-suspend patch cronjob tick -p '{"spec":{"suspend":true}}'
check 14-advance create --raw '/mock/advance?seconds=600' -f empty.json
check 15-no-new get jobs
check 16-forbid create cronjob slow --image=busybox --schedule='@hourly' -- sleep inf
check 17-patch patch cronjob slow -p '{"spec":{"concurrencyPolicy":"Forbid"}}'
check 18-advance create --raw '/mock/advance?seconds=7200' -f empty.json
check 19-one-active get cronjob slow
check 20-dev-forbidden --context kc-mock-dev create --raw '/mock/advance?seconds=60' -f empty.json
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
