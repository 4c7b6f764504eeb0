#!/bin/sh
# kubectl create <generator>: every generator's object with --dry-run=client
# (-o json keeps kubectl's key order, -o yaml, -o name, the plain line), flags
# and validation errors, help texts — side by side with kubectl v1.32 on a
# kubeconfig whose server is unreachable (nothing is sent); then real creates
# against kc-mockapi, kc and kubectl each on a fresh mock, against the same goldens.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

# klog headers carry the time and pid
KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'

cat >"$TRASH/offline.kubeconfig" <<'KCFG'
apiVersion: v1
kind: Config
clusters:
- cluster: {server: "https://127.0.0.1:1"}
  name: c
contexts:
- context: {cluster: c, user: u}
  name: x
current-context: x
users:
- name: u
  user: {token: t}
KCFG
KUBECONFIG=$TRASH/offline.kubeconfig
export KUBECONFIG

echo v1 >f1
printf 'A=1\n# comment\n\n  B=2\nC\n' >env
mkdir -p dir/sub
echo x >dir/a
printf y >dir/b.txt
printf '\377\376' >bin1

t() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $_n $(shell_quote "$@")"
}

D="--dry-run=client"
# deployment
t deploy-json create deployment nginx --image=nginx:1.27 $D -o json
t deploy-yaml create deployment nginx --image=nginx:1.27 --image=docker.io/library/busybox@sha256:abc --replicas=3 --port=80 $D -o yaml
t deploy-name create deployment nginx --image=nginx $D -o name
t deploy-line create deploy nginx --image=nginx $D
t deploy-cmd create deployment nginx --image=busybox $D -o json -- date -u
t deploy-cmd-multi create deployment nginx --image=a --image=b $D -- date
t deploy-ns create deployment nginx --image=a -n foo $D -o yaml
t deploy-save create deployment nginx --image=a --save-config $D -o json
t deploy-sanitize create deployment web --image=my_reg/app.v2 $D -o name
t deploy-jsonpath create deployment nginx --image=a $D -o 'jsonpath={.spec.template.spec.containers[0].name}'
t deploy-no-image create deployment nginx $D
t deploy-no-name create deployment --image=a $D
t deploy-two-names create deployment a b --image=a $D
t deploy-dry-bare create deployment nginx --image=a --dry-run
t deploy-dry-bad create deployment nginx --image=a --dry-run=foo
t deploy-out-bad create deployment nginx --image=a -o foo
t deploy-validate-bad create deployment nginx --image=a --validate=foo $D
t deploy-replicas-bad create deployment nginx --image=a --replicas=x $D
t deploy-help create deployment -h
# namespace, serviceaccount
t ns-json create namespace test $D -o json
t ns-yaml create ns test $D -o yaml
t ns-help create namespace --help
t sa-json create serviceaccount sa1 $D -o json
t sa-ns create sa sa1 -n kube-system $D -o yaml
t sa-help create serviceaccount -h
# configmap
t cm-json create configmap cm --from-literal=a=b --from-literal=c=d --from-file=f1 --from-file=k2=f1 $D -o json
t cm-env create configmap cm --from-env-file=env $D -o yaml
t cm-dir create configmap cm --from-file=dir $D -o json
t cm-binary create configmap cm --from-file=bin1 $D -o json
t cm-empty create cm cm $D -o json
t cm-bad-literal create configmap cm --from-literal=a $D
t cm-dup create configmap cm --from-literal=a=1 --from-literal=a=2 $D
t cm-missing create configmap cm --from-file=nope $D
t cm-eq create configmap cm --from-file=a=b=c $D
t cm-badkey create configmap cm '--from-literal=a b=1' $D
t cm-help create configmap -h
# secret
t secret-json create secret generic s --from-literal=a=b --from-file=f1 --type=foo $D -o json
t secret-yaml create secret generic s --from-env-file=env $D -o yaml
t secret-dup create secret generic s --from-literal=a=b --from-file=dir $D
t secret-badkey create secret generic s '--from-literal=a b=1' $D
t secret-help create secret generic -h
t secret-group create secret
t secret-group-help create secret -h
t secret-unknown create secret foo
# service
for ty in clusterip nodeport loadbalancer; do
	t svc-$ty-json create service $ty s --tcp=80:8080 --tcp=443 --tcp=5000:http $D -o json
	t svc-$ty-noport create service $ty s $D -o json
	t svc-$ty-help create service $ty -h
done
t svc-headless create service clusterip s --clusterip=None $D -o yaml
t svc-headless-port create service clusterip s --clusterip=None --tcp=80 $D -o yaml
t svc-nodeport create service nodeport s --tcp=80 --node-port=30080 $D -o yaml
t svc-extname create service externalname s --external-name=foo.com $D -o json
t svc-extname-tcp create svc externalname s --external-name=foo.com --tcp=80 $D -o json
t svc-extname-missing create service externalname s $D -o json
t svc-extname-help create service externalname -h
t svc-port-bad create service clusterip s --tcp=x:80 $D
t svc-port-range create service clusterip s --tcp=70000 $D
t svc-port-neg create service clusterip s --tcp=-1 $D
t svc-target-range create service clusterip s --tcp=80:70000 $D
t svc-target-zero create service clusterip s --tcp=0 $D -o yaml
t svc-group create service
t svc-group-help create svc -h
t svc-unknown create service foo
# job, cronjob
t job-json create job j --image=busybox $D -o json -- date
t job-ns create job j --image=a -n x $D -o yaml -- a b
t job-none create job j
t job-both create job j --image=a --from=cronjob/x
t job-help create job -h
t job-unreachable create job j --image=a
t cj-json create cronjob c --image=busybox '--schedule=*/1 * * * *' --restart=Never $D -o json -- date
t cj-yaml create cj c --image=a --schedule=x $D -o yaml
t cj-no-schedule create cronjob c --image=a
t cj-no-image create cronjob c --schedule=x
t cj-none create cronjob c
t cj-help create cronjob -h
# poddisruptionbudget, priorityclass
t pdb-json create pdb p --selector=app=x,b=c --min-available=50% $D -o json
t pdb-max create pdb p --selector=app=x --max-unavailable=2 $D -o yaml
t pdb-no-selector create pdb p
t pdb-no-min create pdb p --selector=a=b
t pdb-both create pdb p --selector=a=b --min-available=1 --max-unavailable=1
t pdb-help create poddisruptionbudget -h
t pc-json create priorityclass pc --value=1000 --description=d --global-default --preemption-policy=Never $D -o json
t pc-default create pc pc $D -o json
t pc-ns create pc pc -n foo $D -o yaml
t pc-help create priorityclass -h
t pc-unreachable create priorityclass pc --value=1
# rolebinding, clusterrolebinding
t rb-json create rolebinding rb --clusterrole=admin --user=u1 --user=u2 --group=g --serviceaccount=ns:sa $D -o json
t rb-ns create rolebinding rb --role=r -n foo $D -o yaml
t rb-none create rolebinding rb
t rb-both create rolebinding rb --role=a --clusterrole=b
t rb-bad-sa create rolebinding rb --role=a --serviceaccount=x
t rb-help create rolebinding -h
t crb-json create clusterrolebinding crb --clusterrole=view --group=g --serviceaccount=a:b $D -o json
t crb-ns create clusterrolebinding crb --clusterrole=view -n foo $D -o yaml
t crb-none create clusterrolebinding c
t crb-role create clusterrolebinding c --role=x
t crb-help create clusterrolebinding -h
t crb-unreachable create clusterrolebinding c --clusterrole=x

# ---- against kc-mockapi: real creates, AlreadyExists, --dry-run=server
if [ -n "$MOCK_CLIENT" ] && [ -x "$MOCK_BIN" ]; then
	seq_creates() {
		step 01-deploy create deployment nginx --image=nginx:latest
		step 02-deploy-again create deployment nginx --image=nginx:latest
		step 03-ns create namespace test
		step 04-ns-again create namespace test
		step 05-cm create configmap cm1 --from-literal=a=b
		step 06-cm-again create configmap cm1 --from-literal=a=b
		step 07-secret create secret generic s1 --from-literal=a=b
		step 08-secret-again create secret generic s1 --from-literal=a=b
		step 09-svc create service clusterip s1 --tcp=80
		step 10-svc-again create service clusterip s1 --tcp=80
		step 11-sa create serviceaccount sa1
		step 12-sa-again create serviceaccount sa1
		step 13-server-dry create deployment web --image=nginx --dry-run=server
		step 14-server-dry-name create deployment web --image=nginx --dry-run=server -o name
		step 15-in-ns create deployment nginx --image=nginx -n test
		step 16-nodeport create service nodeport np --tcp=80:8080 -o name
		step 17-job create job j1 --image=busybox -- date
		step 18-job-again create job j1 --image=busybox
		step 19-cj create cronjob c1 --image=busybox --schedule='*/5 * * * *'
		step 20-cj-again create cronjob c1 --image=busybox --schedule='*/5 * * * *'
		step 21-pdb create pdb p1 --selector=app=nginx --min-available=1
		step 22-pdb-again create pdb p1 --selector=app=nginx --min-available=1
		step 23-pc create priorityclass pc1 --value=10
		step 24-pc-again create priorityclass pc1 --value=10
		step 25-rb create rolebinding rb1 --role=x --user=u
		step 26-rb-again create rolebinding rb1 --role=x --user=u
		step 27-crb create clusterrolebinding crb1 --clusterrole=view --group=g
		step 28-crb-again create clusterrolebinding crb1 --clusterrole=view --group=g
	}
	step() {
		_n=$1
		shift
		test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
	}
	if [ -n "$REAL_KUBECTL" ]; then
		mock_start
		_label=kubectl
		MOCK_CLIENT=$REAL_KUBECTL
		seq_creates
		mock_stop
	fi
	_u=${UPDATE_GOLDEN:-}
	UPDATE_GOLDEN=
	mock_start
	_label=kc
	MOCK_CLIENT=$BIN/kubectl
	seq_creates
	mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
	UPDATE_GOLDEN=$_u
fi

test_done
