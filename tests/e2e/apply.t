#!/bin/sh
# kubectl apply against kc-mockapi: kubectl (to capture the goldens) and kc each
# on a fresh --frozen-time mock, the same sequence, the same goldens. Creates,
# re-applies (unchanged), edits (three-way strategic merge patch), directories
# (-R), namespaces first, CRDs (JSON merge patch), server-side apply, dry runs,
# -o forms, prune, objects created without the annotation, bad input.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

# klog headers carry the time and pid; kc sends independent creates in
# parallel, so the mock's sequential uids and resourceVersions may be handed out
# in another order than to kubectl's one-by-one requests
mock_normalize() {
	sed -e 's|127\.0\.0\.1:[0-9][0-9]*|127.0.0.1:PORT|g' -e "s|$TRASH|\$TRASH|g" \
		-e 's/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /' \
		-e 's/\(uid"*: *"*\)[0-9a-f-]\{36\}/\1UID/g' \
		-e 's/\(resourceVersion"*: *"\)[0-9][0-9]*/\1RV/g' "$1" >"$1.n" && mv "$1.n" "$1"
}

cat >d.yaml <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data: {a: "1", b: "2"}
Y
sed -e 's/replicas: 2/replicas: 3/' -e 's/{name: B, value: "2"}/{name: C, value: "3"}/' \
	-e 's/b: "2"/c: "3"/' d.yaml >d2.yaml
cat >new.yaml <<'Y'
apiVersion: v1
kind: Service
metadata: {name: svc, labels: {x: "y"}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
Y
mkdir -p dir/sub
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d1}\ndata: {k: v}\n' >dir/a.yaml
printf '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"d2"},"stringData":{"p":"q"}}\n' >dir/b.json
printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: d3}\n' >dir/sub/c.yml
printf 'ignored\n' >dir/notes.txt
# enough objects of one type and namespace for kc's LIST instead of GETs
make_many() {
	rm -rf many
	mkdir -p many
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
		printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many-%s, labels: {set: many}}\ndata: {i: "%s"}\n' $i $i >many/cm$i.yaml
	done
}
cat >ns.yaml <<'Y'
apiVersion: v1
kind: ConfigMap
metadata: {name: inside, namespace: team}
data: {x: "1"}
---
apiVersion: v1
kind: Namespace
metadata: {name: team}
Y
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n' >bad.yaml
printf 'apiVersion: example.com/v9\nkind: Gizmo\nmetadata: {name: g}\n' >unknown.yaml
printf 'apiVersion: apps/v1\nkind: Gizmo\nmetadata: {name: g}\n' >unknown-kind.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: nope}\n' >missing-ns.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: badpod}\nspec: {containers: [{name: "", image: ""}]}\n' >invalid.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: default}\ndata: {a: b}\n' >noname.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: gen-}\n' >genname.yaml
cat missing-ns.yaml >mixed.yaml
printf -- '---\n' >>mixed.yaml
cat invalid.yaml >>mixed.yaml
printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n' >>mixed.yaml
printf 'apiVersion: v1\nmetadata: {name: x}\n' >nokind.yaml
printf 'kind: ConfigMap\nmetadata: {name: x}\n' >noapiversion.yaml
printf 'metadata: {name: x}\n' >neither.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: [1]\n' >badmeta.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: true}\n' >badname.yaml
cp "$TOP/tests/e2e/mock-crd.yaml" crd.yaml
cat >w.yaml <<'Y'
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
spec: {size: 3, color: blue, tags: [a, b]}
Y
sed -e 's/size: 3/size: 4/' -e 's/, color: blue//' w.yaml >w2.yaml
cat >ssa.yaml <<'Y'
apiVersion: v1
kind: ConfigMap
metadata: {name: ssa, labels: {a: b}}
data: {k: v}
Y
sed 's/k: v/k: w/' ssa.yaml >ssa2.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p1, labels: {app: p}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: p2, labels: {app: p}}\n' >p12.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p1, labels: {app: p}}\n' >p1.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {a: "1"}\n' >plain.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: kube-system}\n' >other-ns.yaml
# two unknown kinds between good objects: kubectl's builder continues on error
mkdir -p unknown-dir
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u1}\n' >unknown-dir/a.yaml
printf 'apiVersion: x.com/v1\nkind: Gz\nmetadata: {name: g1}\n' >unknown-dir/b.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u2}\n' >unknown-dir/c.yaml
printf 'apiVersion: apps/v1\nkind: Gizmo\nmetadata: {name: g2}\n' >unknown-dir/d.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u3}\n' >unknown-dir/e.yaml
# YAML 1.1 booleans and numbers (go-yaml v2) where ObjectMeta wants strings: the
# decoder's error ends only its document (first bad field in sorted key order)
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b1\n  labels: {tier: on}\n' >yaml11.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: 5, labels: {a: yes, b: y}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y3, annotations: {n: 0x1F}, finalizers: [1]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y4, labels: {n: ~}, generation: x}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y5, labels: [off]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y6}\n' >yaml11-multi.yaml

# bodies.sh CLIENT ARGS...: the client's single-line request bodies at -v=8
# (the patches), sorted (kc sends independent requests in parallel)
cat >bodies.sh <<'S'
#!/bin/sh
"$@" -v=8 2>&1 >/dev/null | grep '"Request Body" body="{' | sed 's/.*"Request Body" //' | sort
S
chmod +x bodies.sh
# urls.sh CLIENT ARGS...: the client's writes (method and URL) at -v=8, sorted
cat >urls.sh <<'S'
#!/bin/sh
"$@" -v=8 2>&1 >/dev/null | grep -E '\] (PATCH|POST|PUT|DELETE) https' | sed 's/.*\] //' | sort
S
chmod +x urls.sh

# a plain HTTP server on this directory for -f URL (its port lands in HTTP_PORT)
python3 -u - >http.log 2>&1 <<'PY' &
import http.server, socketserver, os
class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = socketserver.TCPServer(("127.0.0.1", 0), Q)
open("http.port.tmp", "w").write(str(s.server_address[1]))
os.rename("http.port.tmp", "http.port")
s.serve_forever()
PY
HTTP_PID=$!
_i=0
while [ ! -s http.port ] && [ $_i -lt 500 ]; do sleep 0.01; _i=$((_i + 1)); done
HTTP_PORT=$(cat http.port)
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-url}\ndata: {a: "1"}\n' >url.yaml

# kc steps that differ from kubectl, each with the reason (TAP TODO: visible, never hidden)
KC_KNOWN_BREAKAGE='
'
step() {
	_n=$1
	shift
	if [ "$_label" = kc ] && printf '%s\n' "$KC_KNOWN_BREAKAGE" | grep -q "^$_n "; then
		test_expect_failure "$_label $* ($(printf '%s\n' "$KC_KNOWN_BREAKAGE" | sed -n "s/^$_n //p"))" \
			"mock_client_check $_n $(shell_quote "$@")"
		return
	fi
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}
step_stdin() {
	_n=$1
	_in=$2
	shift 2
	test_expect_success "$_label $* <$_in" "mock_client_check $_n $(shell_quote "$@") <$_in"
}

seq_apply() {
	step 01-create apply -f d.yaml
	step 02-unchanged apply -f d.yaml
	step 03-configured apply -f d2.yaml
	_c=$MOCK_CLIENT
	MOCK_CLIENT=$TRASH/bodies.sh
	step 03a-patch-bodies "$_c" apply -f d.yaml
	step 03b-patch-bodies "$_c" apply -f d2.yaml
	MOCK_CLIENT=$_c
	step 04-yaml-list apply -f d2.yaml -o yaml
	"$REAL_KUBECTL" scale deployment web --replicas=7 >/dev/null 2>&1
	step 04a-conflict apply -f d.yaml --overwrite=false
	step 04b-overwrite apply -f d2.yaml
	step 05-dry-client apply -f d.yaml --dry-run=client
	step 06-dry-server apply -f d.yaml --dry-run=server
	step 07-new-dry-client-yaml apply -f new.yaml --dry-run=client -o yaml
	step 08-new-dry-server-json apply -f new.yaml --dry-run=server -o json
	step 09-new-name apply -f new.yaml -o name
	step 10-new-json apply -f new.yaml -o json
	step 11-dir apply -f dir
	step 12-dir-recursive apply -f dir -R
	step 13-dir-again apply -R -f dir
	step 14-ns-first apply -f ns.yaml
	make_many
	step 14a-many apply -f many
	step 14b-many-again apply -f many
	sed 's/i: "07"/i: "seven"/' many/cm07.yaml >many/cm07.yaml.new && mv many/cm07.yaml.new many/cm07.yaml
	rm many/cm20.yaml
	"$REAL_KUBECTL" delete configmap many-03 >/dev/null 2>&1
	step 14c-many-edit apply -f many
	step 15-bad-yaml apply -f bad.yaml
	step 16-unknown-gv apply -f unknown.yaml
	step 17-unknown-kind apply -f unknown-kind.yaml
	step 18-unknown-novalidate apply -f unknown.yaml --validate=false
	step 19-missing-ns apply -f missing-ns.yaml
	step 20-invalid apply -f invalid.yaml
	step 21-noname apply -f noname.yaml
	step 22-genname apply -f genname.yaml
	step 23-mixed apply -f mixed.yaml
	step 24-crd apply -f crd.yaml
	step 25-cr apply -f w.yaml
	step 26-cr-edit apply -f w2.yaml
	step 27-cr-again apply -f w2.yaml -o name
	step 28-ssa apply --server-side -f ssa.yaml
	step 29-ssa-again apply --server-side -f ssa2.yaml -o yaml
	step 30-ssa-dry apply --server-side --dry-run=server -f ssa.yaml
	step 31-ssa-fm apply --server-side --field-manager=me -f ssa.yaml -o name
	step 32-prune-setup apply -f p12.yaml
	step 33-prune apply --prune -l app=p -f p1.yaml
	step 34-prune-again apply --prune -l app=p -f p1.yaml
	step_stdin 35-stdin plain.yaml apply -f -
	"$MOCK_CLIENT" create configmap unannotated --from-literal=a=1 >/dev/null 2>&1
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unannotated}\ndata: {a: "2"}\n' >unannotated.yaml
	step 36-no-annotation apply -f unannotated.yaml
	step 37-ns-mismatch apply -n default -f other-ns.yaml
	step 38-ns-flag apply -n team -f plain.yaml
	step 39-missing-file apply -f nothere.yaml
	step 40-no-file apply
	step 41-force-conflicts apply -f d.yaml --force-conflicts
	step 42-dry-client-ssa apply -f d.yaml --server-side --dry-run=client
	step 43-prune-no-selector apply -f d.yaml --prune
	step 44-bad-output apply -f plain.yaml -o foo
	step 45-bad-dry-run apply -f plain.yaml --dry-run=maybe
	step 46-args apply -f plain.yaml extra
	step 47-help apply -h
	step 48-jsonpath apply -f plain.yaml -o jsonpath={.metadata.name}
	"$MOCK_CLIENT" create configmap noann >/dev/null 2>&1
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: noann}\n' >noann.yaml
	step 50-view apply view-last-applied deployment/web
	step 51-view-names apply view-last-applied configmap cm noann
	step 52-view-none apply view-last-applied
	step 53-view-missing apply view-last-applied cm/nothere
	step 54-view-file-noann apply view-last-applied -f noann.yaml
	step 55-view-json apply view-last-applied cm/cm -o json
	step 56-view-file apply view-last-applied -f d2.yaml -o json
	step 57-view-bad-output apply view-last-applied cm/cm -o wide
	step 58-view-help apply view-last-applied -h
	step 59-selector apply -f d.yaml -l app=web
	step 60-selector-none apply -f d.yaml -l app=zzz
	step 61-selector-set apply -f d.yaml -l 'app in (web,x),!nothere'
	step 62-selector-dry apply -f d.yaml -l 'app!=web' --dry-run=client
	step 63-prune-allowlist apply --prune --all --prune-allowlist=core/v1/ConfigMap -n team -f plain.yaml
	_c=$MOCK_CLIENT
	MOCK_CLIENT=$TRASH/urls.sh
	step 65-csa-to-ssa-urls "$_c" apply --server-side -f d2.yaml
	step 65a-prune-urls "$_c" apply --prune -l app=p -f p12.yaml
	step 65b-prune-delete-urls "$_c" apply --prune -l app=p -f p1.yaml
	MOCK_CLIENT=$_c
	step 65-csa-to-ssa apply --server-side -f d.yaml -o yaml
	step 66-csa-to-ssa-dry apply --server-side --dry-run=server -f plain.yaml
	step 67-url apply -f "http://127.0.0.1:$HTTP_PORT/url.yaml"
	step 68-url-again apply -f "http://127.0.0.1:$HTTP_PORT/url.yaml" -f plain.yaml
	step 69-url-404 apply -f "http://127.0.0.1:$HTTP_PORT/nothere.yaml"
	step 70-url-bad-yaml apply -f "http://127.0.0.1:$HTTP_PORT/bad.yaml"
	step 71-nokind apply -f nokind.yaml
	step 72-nokind-novalidate apply -f nokind.yaml --validate=false
	step 73-noapiversion apply -f noapiversion.yaml
	step 74-neither apply -f neither.yaml
	step 75-badmeta apply -f badmeta.yaml
	step 76-badname apply -f badname.yaml --validate=false
	step 64-prune-allowlist-bad apply --prune --all --prune-allowlist=ConfigMap -f plain.yaml
	step 77-yaml11-bool apply -f yaml11.yaml
	step 78-yaml11-bool-novalidate apply -f yaml11.yaml --validate=false
	step 79-yaml11-multi apply -f yaml11-multi.yaml
	step 80-yaml11-multi-again apply -f yaml11-multi.yaml
	step 81-unknown-dir apply -f unknown-dir
	step 82-unknown-dir-again apply -f unknown-dir --validate=false
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u4, namespace: nons}\n' >unknown-dir/f.yaml
	step 83-unknown-dir-server-error apply -f unknown-dir
	rm unknown-dir/f.yaml
}
mock_start
_label=kubectl
MOCK_CLIENT=$REAL_KUBECTL
seq_apply
mock_stop
UPDATE_GOLDEN=
mock_start
_label=kc
MOCK_CLIENT=$BIN/kubectl
seq_apply
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
kill "$HTTP_PID" 2>/dev/null
test_done
