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
# the group
t group create
t group-help create -h
t group-unexpected create foo bar
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
t cm-hash create configmap cm --from-env-file=env --append-hash $D -o json
t cm-hash-empty create configmap cm --append-hash $D -o json
t cm-hash-binary create configmap cm --from-file=bin1 '--from-literal=x=<&>' --append-hash $D -o json
# secret
t secret-json create secret generic s --from-literal=a=b --from-file=f1 --type=foo $D -o json
t secret-yaml create secret generic s --from-env-file=env $D -o yaml
t secret-dup create secret generic s --from-literal=a=b --from-file=dir $D
t secret-badkey create secret generic s '--from-literal=a b=1' $D
t secret-help create secret generic -h
t secret-hash create secret generic s --from-literal=a=b --append-hash $D -o json
t secret-hash-empty create secret generic s --append-hash $D -o name
t secret-hash-type create secret generic s --from-literal=a=b --type=kubernetes.io/tls --append-hash $D -o name
t docker-json create secret docker-registry r --docker-username=u --docker-password=p --docker-email=e@x $D -o json
t docker-server create secret docker-registry r --docker-username=u '--docker-password=p<&>' --docker-server=reg.io $D -o json
t docker-none create secret docker-registry r $D
t docker-no-user create secret docker-registry r --docker-password=p $D
t docker-file create secret docker-registry r --from-file=f1 $D -o json
t docker-file-key create secret docker-registry r --from-file=x=f1 --docker-username=u $D -o json
t docker-hash create secret docker-registry r --docker-username=u --docker-password=p --append-hash $D -o name
t docker-help create secret docker-registry -h
t docker-unreachable create secret docker-registry r --docker-username=u --docker-password=p
FX=$TOP/tests/golden/create/fixtures   # a throwaway self-signed test pair
cp "$FX/tls.crt" "$FX/tls.key" "$FX/o.key" .
t tls-json create secret tls t --cert=tls.crt --key=tls.key $D -o json
t tls-none create secret tls t $D
t tls-no-key create secret tls t --cert=tls.crt $D
t tls-mismatch create secret tls t --cert=tls.crt --key=o.key $D
t tls-no-cert-file create secret tls t --cert=nope --key=o.key $D
t tls-no-key-file create secret tls t --cert=tls.crt --key=nope $D
t tls-not-pem-cert create secret tls t --cert=f1 --key=tls.key $D
t tls-not-pem-key create secret tls t --cert=tls.crt --key=f1 $D
t tls-hash create secret tls t --cert=tls.crt --key=tls.key --append-hash $D -o name
t tls-help create secret tls -h
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
for tp in 80: 80:HTTP 80:-a 80:a--b 80:abcdefghijklmnopq 80:_x; do
	t "svc-target-name-$(echo "$tp" | tr : -)" create service clusterip s --tcp=$tp $D -o json
done
t svc-group create service
t svc-group-help create svc -h
t svc-unknown create service foo
# ingress
t ing-json create ingress simple '--rule=foo.com/bar=svc1:8080,tls=my-cert' '--rule=foo.com/*=svc2:http' --rule=/path=svc3:80 --class=default --annotation=a=b --default-backend=defsvc:http $D -o json
t ing-tls create ingress x '--rule=foo.com/=svc:https,tls' '--rule=foo.com/path/subpath*=othersvc:8080' '--rule=bar.com/a=s:1,tls' '--rule=baz.com/a=s:1,tls=x' '--rule=q.com/a=s:1,tls=x' $D -o yaml
t ing-none create ing x $D
t ing-bad-rule create ingress x --rule=foo $D
t ing-bad-annotation create ingress x --rule=/a=s:0 --annotation=x $D
t ing-bad-backend create ingress x --default-backend=a $D
t ing-bad-backend2 create ingress x --default-backend=a:b:c $D
t ing-backend-ns create ingress x --default-backend=a:0 -n z $D -o json
t ing-tls-eq create ingress x '--rule=/=s:p,tls=a=b' $D -o yaml
t ing-help create ingress -h
t ing-unreachable create ingress x --rule=/=s:p
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
for sa in a: :b; do
	t "rb-bad-sa-$(echo "$sa" | tr : -)" create rolebinding r --role=x --serviceaccount=$sa $D
done
t crb-json create clusterrolebinding crb --clusterrole=view --group=g --serviceaccount=a:b $D -o json
t crb-ns create clusterrolebinding crb --clusterrole=view -n foo $D -o yaml
t crb-none create clusterrolebinding c
t crb-role create clusterrolebinding c --role=x
t crb-help create clusterrolebinding -h
t crb-unreachable create clusterrolebinding c --clusterrole=x
t role-offline create role r --verb=get --resource=pods $D
t role-offline-star create role r --verb=get '--resource=*,pods' $D -o yaml
t role-help create role -h
t clusterrole-help create clusterrole -h

# ---- role / clusterrole resolve resources through discovery: on kc-mockapi
if [ -x "$MOCK_BIN" ]; then
	mock_start
	t role-json create role r --verb=get,list --verb=watch --resource=pods,deployments.apps,pods/log --resource-name=a --resource-name=b $D -o json
	t role-no-verb create role r $D
	t cr-no-verb create clusterrole r $D
	t cr-no-resource create clusterrole r --verb=get $D
	t cr-mixed create clusterrole r --verb=get --non-resource-url=/x --resource=pods -o json $D
	t role-names create role r --verb=list --resource=pods --resource-name=a -o yaml $D
	t role-short create role r --verb=get --resource=deploy -o yaml $D
	t role-use create role r --verb=use --resource=pods $D
	t role-bad-group create role r --verb=get --resource=pods.foo $D
	t role-bad-res create role r --verb=get --resource=foo $D
	t cr-url-slash create clusterrole r --verb=get --non-resource-url=x $D
	t cr-url-verb create clusterrole r --verb=create --non-resource-url=/x $D
	t cr-url-star create clusterrole r --verb=get '--non-resource-url=/a*/b' $D
	t role-dup create role r --verb=get --resource=pods --resource=pods -o yaml $D
	t cr-agg-mixed create clusterrole r --aggregation-rule=a=b --verb=get $D
	t cr-agg create clusterrole cr --aggregation-rule=b=c,a=b -o json $D
	t role-star create role r '--verb=*' --verb=get '--resource=*' -o yaml $D
	t role-star-others create role r --verb=get '--resource=*,pods,deploy.apps' $D -o yaml
	t role-star-group create role r --verb=get '--resource=*.apps,pods' $D -o yaml
	t role-star-sub create role r --verb=get '--resource=*/status,pods' $D -o yaml
	t role-odd-verb create role r --verb=foo --resource=pods -o yaml $D
	t role-ns create role r --verb=get --resource=pods -n x -o yaml $D
	t cr-ns create clusterrole r --verb=get --resource=pods -n x -o yaml $D
	t role-bind create role r --verb=bind --resource=roles.rbac.authorization.k8s.io -o yaml $D
	mock_stop
fi

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
		step 33-ingress create ingress ing1 --rule=foo.com/=web:80
		step 34-ingress-again create ingress ing1 --rule=foo.com/=web:80
		step 29-role create role rr1 --verb=get --resource=pods
		step 30-role-again create role rr1 --verb=get --resource=pods
		step 31-cr create clusterrole crr1 --verb=get --resource=pods
		step 32-cr-again create clusterrole crr1 --verb=get --resource=pods
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
