#!/bin/sh
# kc chart template: every case of the shared Helm goldens through the CLI
# (stdout, stderr, exit code), then kc's own cases whose expected bytes come
# from helmref (tests/golden/chart-template/NAME.{out,err,rc}; re-checked
# against helmref when it is installed, re-captured with UPDATE_GOLDEN=1).
. "$(dirname "$0")/lib.sh"

GOLDENS=${KC_GOLDENS:-$SHARED/goldens}
HELMREF=${HELMREF:-}
for c in "$HELMREF" "$SHARED/tools/helmref/helmref" "$HOME/.cache/helmref/helmref"; do
	if [ -n "$c" ] && [ -x "$c" ]; then HELMREF=$c; break; fi
done
[ -n "$HELMREF" ] && [ -x "$HELMREF" ] || HELMREF=
ln -s "$KC" "$BIN/helm"
FIX="$TOP/tests/golden/chart-template/charts"

# Known divergences of the data layer (not the CLI), kept visible (none now)
known_broken=" "

if [ -d "$GOLDENS/cases" ]; then
	for a in "$GOLDENS"/cases/*.args; do
		n=$(basename "$a" .args)
		body='cd "$GOLDENS" && eval "\"$KC\" chart template $(cat "cases/$n.args")" >"$TRASH/o" 2>"$TRASH/e"; echo $? >"$TRASH/r";
			cmp "cases/$n.out" "$TRASH/o" && cmp "cases/$n.err" "$TRASH/e" && cmp "cases/$n.rc" "$TRASH/r"'
		case $known_broken in
		*" $n "*) test_expect_failure "golden $n" "$body" ;;
		*) test_expect_success "golden $n" "$body" ;;
		esac
	done
	test_expect_success 'installed as helm, kc is helm' '
		cd "$GOLDENS" && "$BIN/helm" template charts/subchart >"$TRASH/o" 2>"$TRASH/e" &&
		cmp cases/helm-subchart.out "$TRASH/o" && test ! -s "$TRASH/e"
	'
else
	test_skip 'shared goldens' "not found at $GOLDENS"
fi

# everything below renders the shared goldens' charts (run from $GOLDENS)
if [ ! -d "$GOLDENS/charts" ]; then
	test_skip 'helmref cases' "they render charts from $GOLDENS/charts (not found)"
	test_done
	exit 0
fi

# kc_vs_helmref NAME ARGS... : kc chart template ARGS vs the golden NAME,
# captured from helmref (run from $GOLDENS so its charts/ and values/ work).
kc_vs_helmref() {
	name=$1
	shift
	g="$GOLDEN_DIR/$name"
	(cd "$GOLDENS" && run_capture "$TRASH/.kc/$name" "$KC" chart template "$@")
	for f in out err; do normalize_ "$TRASH/.kc/$name/$f"; done
	if [ -n "$HELMREF" ]; then
		(cd "$GOLDENS" && run_capture "$TRASH/.ref/$name" "$HELMREF" template "$@")
		for f in out err; do normalize_ "$TRASH/.ref/$name/$f"; done
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			for f in out err rc; do cp "$TRASH/.ref/$name/$f" "$g.$f"; done
		fi
		for f in out err rc; do
			[ -f "$g.$f" ] || { echo "missing golden $g.$f (run with UPDATE_GOLDEN=1)"; return 1; }
			diff -u "$g.$f" "$TRASH/.ref/$name/$f" >&2 || { echo >&2 "helmref no longer matches $name.$f"; return 1; }
		done
	fi
	for f in out err rc; do
		[ -f "$g.$f" ] || { echo >&2 "missing golden $g.$f"; return 1; }
		diff -u "$g.$f" "$TRASH/.kc/$name/$f" >&2 || return 1
	done
}

t() {
	title=$1
	shift
	test_expect_success "helmref: $title" "kc_vs_helmref $*"
}

t set-edge-cases     "set-edge" charts/subchart --set "'service.name=a\\,b'" --set-string service.type=01 --set-literal "'configmap.value=x,y={z}'" --set-json "'service.externalPort=8080'" --set configmap.enabled=true
t set-no-value       "set-no-value" charts/subchart --set service.name
t set-json-bad       "set-json-bad" charts/subchart --set-json "'a={'"
t set-string-list    "set-list" charts/subchart --set "'service.ports={1,2}'" --set "'a[1].b=c'"
t values-missing     "values-missing" charts/subchart -f nonexistent.yaml
t kube-version-bad   "kube-version-bad" charts/subchart --kube-version x.y
t unknown-flag       "unknown-flag" charts/subchart --no-such-flag
t name-template      "name-template" "'--name-template={{ \"x\" | upper | lower }}-rel'" charts/subchart -s templates/service.yaml
t generate-name-two  "generate-name-two" rel charts/subchart --generate-name
t three-args         "three-args" a b c
t bad-release-name   "bad-release-name" Bad_Name charts/subchart
t namespace          "namespace" rel charts/subchart -n team-a -s templates/service.yaml --is-upgrade
t api-versions       "api-versions" charts/subchart -a foo/v1,bar/v2 -a baz/v1
t no-hooks           "no-hooks" charts/subchart --no-hooks --skip-tests
t show-only-missing  "show-only-missing" charts/subchart -s templates/nope.yaml
t dry-run-bad        "dry-run-bad" charts/subchart --dry-run=bogus
t missing-chart      "missing-chart" ./nope
t repo-chart         "repo-chart" stable/nginx
t required           "required" "$FIX/required"
t required-set       "required-set" "$FIX/required" --set name=x --set-file "'file=$FIX/required/values.yaml'"
t schema-fail        "schema-fail" "$FIX/required" --set name=x --set replicas=-1
t schema-skip        "schema-skip" "$FIX/required" --set name=x --set replicas=-1 --skip-schema-validation
t library-subchart   "library-subchart" charts/chart-with-lib-dep --set foo=bar
t rails-default      "rails-default" "$TOP/examples/rails"
t rails-ingress-no-hosts "rails-ingress-no-hosts" "$TOP/examples/rails" --set ingress.enabled=true
t rails-bad-replicas "rails-bad-replicas" "$TOP/examples/rails" --set replicaCount=two
t rails-full         "rails-full" myapp "$TOP/examples/rails" -n prod --set ingress.enabled=true --set autoscaling.enabled=true --set "'ingress.hosts[0]=app.example.com'" --set secrets.existingSecret=rails-secrets

test_expect_success 'HELM_NAMESPACE sets the release namespace' '
	cd "$GOLDENS" && HELM_NAMESPACE=team-b "$KC" chart template charts/subchart -s templates/service.yaml >"$TRASH/o" &&
	"$KC" chart template charts/subchart -s templates/service.yaml -n team-b >"$TRASH/e" && cmp "$TRASH/e" "$TRASH/o"
'

test_expect_success '--output-dir writes each manifest where helm does' '
	cd "$GOLDENS" && "$KC" chart template charts/subchart --output-dir "$TRASH/od" >"$TRASH/o" &&
	grep -q "^wrote $TRASH/od/subchart/templates/service.yaml$" "$TRASH/o" &&
	test "$(tail -n 1 "$TRASH/o")" = "" &&
	"$KC" chart template charts/subchart -s templates/service.yaml >"$TRASH/svc" &&
	cmp "$TRASH/svc" "$TRASH/od/subchart/templates/service.yaml"
'

test_expect_success '--output-dir --release-name nests under the release name' '
	cd "$GOLDENS" && "$KC" chart template rel charts/subchart --output-dir "$TRASH/od2/" --release-name >"$TRASH/o" &&
	test -f "$TRASH/od2/rel/subchart/templates/service.yaml"
'

test_expect_success '--post-renderer pipes the manifests (not the hooks) through a program' '
	cd "$GOLDENS" && printf "#!/bin/sh\nsed s/ClusterIP/NodePort/\n" >"$TRASH/pr.sh" && chmod +x "$TRASH/pr.sh" &&
	"$KC" chart template charts/subchart --post-renderer "$TRASH/pr.sh" >"$TRASH/o" &&
	"$KC" chart template charts/subchart | sed "s/ClusterIP/NodePort/" >"$TRASH/e" &&
	cmp "$TRASH/e" "$TRASH/o"
'

test_expect_success '--post-renderer that is not there' '
	cd "$GOLDENS" && test_must_fail "$KC" chart template charts/subchart --post-renderer no-such-renderer 2>"$TRASH/e" &&
	echo "Error: invalid argument \"no-such-renderer\" for \"--post-renderer\" flag: unable to find binary at no-such-renderer: exec: \"no-such-renderer\": executable file not found in \$PATH" >"$TRASH/x" &&
	cmp "$TRASH/x" "$TRASH/e"
'

test_expect_success 'a .tgz chart renders like its directory' '
	cd "$GOLDENS" && tar -C charts -czf "$TRASH/subchart-0.1.0.tgz" subchart &&
	"$KC" chart template "$TRASH/subchart-0.1.0.tgz" >"$TRASH/o" &&
	cmp cases/helm-subchart.out "$TRASH/o"
'

test_expect_success '--validate without a cluster' '
	cd "$GOLDENS" && test_must_fail "$KC" chart template charts/subchart --validate 2>"$TRASH/e" &&
	echo "Error: Kubernetes cluster unreachable: Get \"http://localhost:8080/version\": dial tcp [::1]:8080: connect: connection refused" >"$TRASH/x" && cmp "$TRASH/x" "$TRASH/e"
'

test_done
