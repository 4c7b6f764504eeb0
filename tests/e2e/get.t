#!/bin/sh
# kc get against kc-mockapi, side by side with kubectl v1.32: server-side Tables
# (wide, -A, labels, sorting, several types), -o name/json/yaml/jsonpath/
# custom-columns, NotFound and empty results. Goldens in tests/golden/get/ are
# kubectl's bytes (UPDATE_GOLDEN=1 re-captures them).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

if [ -z "$REAL_KUBECTL" ] || [ ! -x "$MOCK_BIN" ]; then
	test_skip "get" "no kubectl to create the objects, or no kc-mockapi"
	test_done
	exit 0
fi

mock_start || exit 1
PORT=${MOCK_URL##*:}
# the mock's frozen clock makes ages 0s; pod-template hashes and pod suffixes are
# normalised anyway so that a change in the mock's naming does not break goldens
KC_NORMALIZE="s|127\.0\.0\.1:$PORT|127.0.0.1:PORT|g; s/-[0-9a-f]\{8,10\}-[a-z0-9]\{5\}\b/-HASH-XXXXX/g; s/-[0-9a-f]\{8,10\}\b/-HASH/g"

test_expect_success 'setup: objects created with kubectl' '
	"$REAL_KUBECTL" create deployment web --image=nginx --replicas=2 >/dev/null &&
	"$REAL_KUBECTL" apply -f "$TOP/examples/myapp-deployment.yaml" >/dev/null &&
	"$REAL_KUBECTL" create configmap cfg --from-literal=a=b >/dev/null &&
	"$REAL_KUBECTL" create configmap cfg2 --from-literal=x=y >/dev/null &&
	"$REAL_KUBECTL" label configmap cfg tier=backend env=dev >/dev/null &&
	"$REAL_KUBECTL" create namespace empty >/dev/null &&
	"$REAL_KUBECTL" create namespace other >/dev/null &&
	"$REAL_KUBECTL" create configmap other-cfg -n other --from-literal=k=v >/dev/null
'

while IFS='|' read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "kc_vs_kubectl $name $args"
done <<'CASES'
help|get --help
no-args|get
pods|get pods
pods-wide|get pods -o wide
deploy|get deploy
deploy-wide|get deployments.apps -o wide
rs|get rs
svc|get svc
svc-all-ns|get svc -A
ns|get ns
ns-show-labels|get ns --show-labels
cm|get cm
nodes|get nodes
nodes-wide|get nodes -o wide
all|get all
multi|get deploy,rs,po
multi-no-headers|get deploy,cm --no-headers
pods-A|get po -A
cm-A|get cm --all-namespaces
cm-A-no-headers|get cm -A --no-headers
selector|get po -l app=web
selector-none|get po -l app=nope
selector-set|get po -l 'app in (web,myapp)' -o name
show-labels|get cm --show-labels
label-columns|get po -L app,pod-template-hash
label-columns-multi|get cm -L tier -L env --show-labels
sort-by|get cm --sort-by=.metadata.name
sort-by-braces|get po --sort-by={.metadata.name} -o name
no-headers|get po --no-headers
name|get cm -o name
name-multi|get cm,deploy -o name
json-one|get cm cfg -o json
yaml-one|get cm cfg -o yaml
json-list|get cm -o json
yaml-list|get cm -o yaml
yaml-empty|get cm -l x=y -o yaml
yaml-two-names|get cm cfg cfg2 -o yaml
jsonpath-list|get cm -o jsonpath={.items[*].metadata.name}
jsonpath-one|get cm cfg -o jsonpath={.data.a}
custom-columns|get cm -o custom-columns=NAME:.metadata.name,NS:.metadata.namespace
custom-columns-no-headers|get cm -o custom-columns=NAME:.metadata.name --no-headers
type-slash-name|get deploy/web cm/cfg
type-names|get cm cfg cfg2
deploy-name-wide|get deploy web -o wide
ns-name|get ns default
not-found|get po nope
not-found-two|get po nope nope2
not-found-mixed|get cm cfg nope
not-found-ignored|get po nope --ignore-not-found
not-found-yaml|get po nope -o yaml
not-found-yaml-ignored|get po nope -o yaml --ignore-not-found
empty-ns|get po -n empty
empty-ns-name|get po -n empty -o name
empty-ns-ignore|get po -n empty --ignore-not-found
other-ns|get cm -n other
unknown-type|get foo
field-selector|get cm --field-selector=metadata.name=cfg
chunk|get cm -A --chunk-size=1
go-template-parse-error|get cm -o go-template='{{.x'
go-template-file-missing|get cm -o go-template-file=/nope
go-template-exec-error|get cm cfg -o go-template='{{.metadata.name}} {{.data.a | base64decode}}'
go-template-range|get cm -o go-template='{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}'
template-flag|get cm -o template --template='{{.kind}}'
go-template-empty|get cm -o go-template=
unknown-output|get cm -o foo
jsonpath-managed-fields|get cm cfg -o jsonpath={.metadata.managedFields[0].manager}
go-template-exists|get deploy web -o go-template='{{.spec.replicas}} {{exists . "spec" "replicas"}} {{exists . "nope"}}'
go-template-missing|get deploy web -o go-template='{{.nope.x}}'
go-template-missing-strict|get deploy web -o go-template='{{.nope}}' --allow-missing-template-keys=false
show-kind|get cm --show-kind
wide-labels-A|get cm -o wide --show-labels -A
CASES

# -f: manifests in tests/golden/get-files (paths relative, as kubectl prints them)
FILES="$TOP/tests/golden/get-files"
while IFS='|' read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "cd \"\$FILES\" && kc_vs_kubectl $name $args"
done <<'CASES'
f-file|get -f fdir/a.yaml
f-dir|get -f fdir
f-dir-recursive|get -f fdir -R
f-missing|get -f nope.yaml
f-bad-yaml|get -f bad.yaml
f-unknown-kind|get -f foo.yaml
f-not-found|get -f fdir/sub/b.yml
f-not-found-name|get -f fdir/sub/b.yml -o name
f-name|get -f fdir/a.yaml -o name
f-ignore-not-found|get -f fdir/sub/b.yml --ignore-not-found
f-yaml|get -f fdir/a.yaml -o yaml
f-json-dir|get -f fdir -R -o json
f-list-json|get -f list.json
f-namespaced|get -f other.yaml -o wide
f-two|get -f other.yaml -f list.json -o name
f-with-args|get -f fdir/a.yaml pods
f-example|get -f ../../../examples/myapp-deployment.yaml -o jsonpath={.metadata.name}
CASES

# kubectl names itself by argv[0] in a few messages; subresources come back as
# plain objects from the mock, so kubectl falls back to NAME/AGE with an age
# from the real clock (normalised)
KC_NORMALIZE="$KC_NORMALIZE; s/kubectl\.1\.32/kubectl/g; s/   [0-9][0-9smhdy]*\$/   AGE/"
while IFS='|' read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "kc_vs_kubectl $name $args"
done <<'CASES'
subresource-scale|get deploy web --subresource=scale
subresource-status|get deploy web --subresource=status
subresource-scale-yaml|get deploy web --subresource=scale -o yaml
slash-mixed|get deploy/web pods
slash-name|get deploy web/x
sort-by-missing|get cm --sort-by=.nope
sort-by-missing-name|get cm --sort-by=.nope -o name
sort-by-ip-wide|get po --sort-by=.status.podIP -o wide
sort-by-rv|get cm --sort-by=.metadata.resourceVersion
sort-yaml|get deploy -o yaml --sort-by=.metadata.name
all-wide|get all -o wide
all-A|get all -A
resource-full|get deployments.v1.apps
kind-slash|get deployment.apps/web
kind-name|get Deployment web
ns-nodes|get ns,nodes
jsonpath-as-json|get cm -o jsonpath-as-json={.items[*].metadata.name}
name-A|get cm -A -o name
raw-with-args|get cm cfg --raw /api
raw-with-output|get --raw /api -o yaml
bad-selector|get deploy -l a,=b
bad-selector-types|get deploy,svc -l a,=b -o name
bad-selector-yaml|get pods -l a,=b -o yaml
bad-selector-all|get all -l a,=b
bad-selector-unicode|get pods -l aೳ=b
quote-unicode15|get cm xೳ
CASES

test_expect_success 'kc get -f - reads stdin (the same bytes as the file)' '
	(cd "$FILES" && "$KC" get -f - <fdir/a.yaml) >out &&
	test_cmp "$GOLDEN_DIR/f-file.out" out
'

test_done
