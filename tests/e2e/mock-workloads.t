#!/bin/sh
# Workload controllers in kc-mockapi (StatefulSet, DaemonSet, Job, CronJob,
# orphaning, namespace deletion) seen through real kubectl; goldens from kubectl.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "mock-workloads" "no kubectl or no kc-mockapi"
	test_done
	exit 0
fi

check() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "mock_client_check $_n $(shell_quote "$@")"
}

mock_start
check 01-apply apply -f "$TOP/tests/e2e/mock-workloads.yaml"
check 02-get get sts,ds,pods -o wide
check 03-sts-status rollout status sts/db
check 04-sts-scale scale sts db --replicas=1
check 05-pods get pods -L controller-revision-hash,apps.kubernetes.io/pod-index
check 06-ds-image set image ds/agent agent=fluentd:v2
check 07-ds-status rollout status ds/agent
check 08-ds-get get ds agent -o yaml
check 09-cronjob create cronjob tick --image=busybox --schedule='*/5 * * * *' -- echo tick
check 10-cronjob-get get cronjobs -o wide
check 11-job-fail create job boom --image=busybox -- sh -c 'exit 3'
check 12-job-pods get pods -l job-name=boom
check 13-ns create namespace scratch
check 14-ns-cm create configmap c -n scratch --from-literal=a=b
check 15-ns-delete delete namespace scratch
check 16-ns-gone get configmaps -n scratch
check 17-wait wait --for=condition=Ready pod/db-0 --timeout=5s
check 18-delete-sts delete sts db
check 19-after get pods -l app=db
check 19a-quota create quota q1 --hard=pods=10,services=5,count/deployments.apps=2
check 19b-deploy create deployment web --image=nginx --replicas=3
check 19c-pdb create pdb p1 --selector=app=web --min-available=2
check 19d-svc create service nodeport web --tcp=80:80
check 19e-svc2 create service nodeport web2 --tcp=81:80
check 19f-get get quota,pdb,svc
check 19g-run run solo --image=nginx:1.27
check 19h-no-previous logs solo --previous
check 19i-set-image set image pod/solo solo=nginx:1.28
check 19j-restarted get pod solo
check 19k-previous logs solo --previous --tail=2
check 20-crd apply -f "$TOP/tests/e2e/mock-crd.yaml"
check 21-cr apply -f "$TOP/tests/e2e/mock-widget.yaml"
check 22-cr-get get widgets
check 23-cr-short get wg w1 -o yaml
check 24-cr-api-resources api-resources --api-group=example.com
check 25-cr-patch patch wg w1 --type=merge -p '{"spec":{"size":5}}'
check 26-cr-get2 get widgets.example.com
check 27-crd-get get crd
check 28-crd-delete delete crd widgets.example.com
mock_stop && test_ok_ 'stops cleanly (no leaks under ASan)' ||
	test_failure_ 'stops cleanly (no leaks under ASan)' 'kc-mockapi did not exit cleanly'
test_done
