#!/bin/sh
# kc chart create / package / show / version and the dispatcher's errors.
# Rendering is compared with helmref; texts without an oracle here (helm's
# CLI is not installed) follow Helm v3.21.4's source.
. "$(dirname "$0")/lib.sh"

HELMREF=${HELMREF:-}
for c in "$HELMREF" "$SHARED/tools/helmref/helmref" "$HOME/.cache/helmref/helmref"; do
	if [ -n "$c" ] && [ -x "$c" ]; then HELMREF=$c; break; fi
done
[ -n "$HELMREF" ] && [ -x "$HELMREF" ] || HELMREF=

same_as_helmref() {
	"$KC" chart template "$@" >"$TRASH/k.out" 2>"$TRASH/k.err"; echo $? >"$TRASH/k.rc"
	[ -z "$HELMREF" ] && return 0
	"$HELMREF" template "$@" >"$TRASH/h.out" 2>"$TRASH/h.err"; echo $? >"$TRASH/h.rc"
	cmp "$TRASH/h.out" "$TRASH/k.out" && cmp "$TRASH/h.err" "$TRASH/k.err" && cmp "$TRASH/h.rc" "$TRASH/k.rc"
}

test_expect_success 'create: the scaffold has helm'\''s layout' '
	"$KC" chart create foo >out && echo "Creating foo" >expect && test_cmp expect out &&
	(cd foo && find . | sort) >files &&
	printf "%s\n" . ./.helmignore ./Chart.yaml ./charts ./templates ./templates/NOTES.txt \
		./templates/_helpers.tpl ./templates/deployment.yaml ./templates/hpa.yaml \
		./templates/httproute.yaml ./templates/ingress.yaml ./templates/service.yaml \
		./templates/serviceaccount.yaml ./templates/tests ./templates/tests/test-connection.yaml \
		./values.yaml >expect && test_cmp expect files
'

test_expect_success 'create: the scaffold renders as helm renders it' '
	same_as_helmref foo &&
	same_as_helmref foo --set ingress.enabled=true --set httpRoute.enabled=true --set autoscaling.enabled=true &&
	same_as_helmref rel foo --set service.type=NodePort -n x
'

test_expect_success 'create --rails scaffolds the Rails chart under the new name' '
	"$KC" chart create shop --rails >out && grep -q "^name: shop$" shop/Chart.yaml &&
	test -f shop/templates/migrate-job.yaml && same_as_helmref shop && grep -q "name: release-name-shop$" "$TRASH/k.out"
'

test_expect_success 'create --starter with an absolute path' '
	"$KC" chart create bar --starter "$TOP/examples/rails" >out && grep -q "^name: bar$" bar/Chart.yaml
'

test_expect_success 'create: a bad name' '
	test_must_fail "$KC" chart create "a b" >out 2>err &&
	echo "Error: chart name must match the regular expression \"^[a-zA-Z0-9._-]+\$\"" >expect && test_cmp expect err
'

test_expect_success 'package writes NAME-VERSION.tgz that renders like the directory' '
	"$KC" chart package "$TOP/examples/rails" >out &&
	echo "Successfully packaged chart and saved it to: $TRASH/rails-0.1.0.tgz" >expect && test_cmp expect out &&
	"$KC" chart template rails-0.1.0.tgz >a && "$KC" chart template "$TOP/examples/rails" >b && test_cmp b a
'

test_expect_success 'package --version --app-version -d' '
	"$KC" chart package "$TOP/examples/rails" --version 1.2.3 --app-version 2.0 -d dist >out &&
	echo "Successfully packaged chart and saved it to: dist/rails-1.2.3.tgz" >expect && test_cmp expect out &&
	"$KC" chart show chart dist/rails-1.2.3.tgz >chart && grep -q "^version: 1.2.3$" chart && grep -q "^appVersion: \"2.0\"$" chart
'

test_expect_success 'package errors' '
	test_must_fail "$KC" chart package 2>err && echo "Error: need at least one argument, the path to the chart" >expect && test_cmp expect err &&
	test_must_fail "$KC" chart package nope 2>err && echo "Error: stat nope: no such file or directory" >expect && test_cmp expect err &&
	test_must_fail "$KC" chart package "$TOP/examples/rails" --version x 2>err && echo "Error: invalid semantic version" >expect && test_cmp expect err
'

test_expect_success 'show values / readme print the files' '
	"$KC" chart show values "$TOP/examples/rails" >out && { cat "$TOP/examples/rails/values.yaml"; echo; } >expect && test_cmp expect out &&
	"$KC" chart show readme "$TOP/examples/rails" >out && { cat "$TOP/examples/rails/README.md"; echo; } >expect && test_cmp expect out
'

test_expect_success 'show all: chart, ---, values, ---, readme' '
	"$KC" chart show all "$TOP/examples/rails" >out &&
	{ "$KC" chart show chart "$TOP/examples/rails"; echo ---; "$KC" chart show values "$TOP/examples/rails"; echo ---; "$KC" chart show readme "$TOP/examples/rails"; } >expect &&
	test_cmp expect out
'

test_expect_success 'show needs exactly one chart' '
	test_must_fail "$KC" chart show chart 2>err &&
	printf "Error: \"helm show chart\" requires 1 argument\n\nUsage:  helm show chart [CHART] [flags]\n" >expect && test_cmp expect err
'

test_expect_success 'version' '
	"$KC" chart version >out &&
	echo "version.BuildInfo{Version:\"v3.21.4\", GitCommit:\"813176c51bb5c181dbbd7901298ddcc104cd3417\", GitTreeState:\"clean\", GoVersion:\"go1.26\"}" >expect && test_cmp expect out &&
	"$KC" chart version --short >out && echo "v3.21.4+g813176c" >expect && test_cmp expect out &&
	"$KC" chart version --template "{{ .Version }}" >out && printf "v3.21.4" >expect && test_cmp expect out
'

test_expect_success 'unknown command and flag errors are helm'\''s' '
	test_must_fail "$KC" chart templat 2>err &&
	printf "Error: unknown command \"templat\" for \"helm\"\n\nDid you mean this?\n\ttemplate\n\nRun '\''helm --help'\'' for usage.\n" >expect && test_cmp expect err &&
	test_must_fail "$KC" chart template --bogus x 2>err && echo "Error: unknown flag: --bogus" >expect && test_cmp expect err &&
	test_must_fail "$KC" chart template x --debug=maybe 2>err &&
	echo "Error: invalid argument \"maybe\" for \"--debug\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax" >expect && test_cmp expect err
'

test_expect_success 'help: flags sorted with pflag types and defaults' '
	"$KC" chart template --help >out && grep -q "^Usage:$" out && grep -q "^  helm template \[NAME\] \[CHART\] \[flags\]$" out &&
	grep -q "^      --dry-run string\[=\"client\"\] " out && grep -q "^      --timeout duration .* (default 5m0s)$" out &&
	grep -q "^Global Flags:$" out
'

FIX="$TOP/tests/golden/chart-cli/charts"

test_expect_success 'show values --jsonpath' '
	"$KC" chart show values "$TOP/examples/rails" --jsonpath "{.image.repository} {.replicaCount} {.service}" >out &&
	printf "ghcr.io/example/myapp 2 {\"port\":80,\"type\":\"ClusterIP\"}" >expect && test_cmp expect out
'

test_expect_success 'help CMD is CMD --help; an unknown topic' '
	"$KC" chart help template >a && "$KC" chart template --help >b && test_cmp a b &&
	"$KC" chart help dependency list >a && "$KC" chart dep list -h >b && test_cmp a b &&
	"$KC" chart help nope >out && head -n 3 out >head &&
	printf "Unknown help topic [\`nope\`]\nUsage:\n  helm [command]\n" >expect && test_cmp expect head
'

# lint: the layout below was checked against Helm's own lint goldens
# (cmd/helm/testdata/output/lint-*.txt of v3.21.4, all eight agree).
test_expect_success 'lint: the Rails chart lints clean' '
	"$KC" chart lint "$TOP/examples/rails" --strict >out &&
	printf "==> Linting %s\n\n1 chart(s) linted, 0 chart(s) failed\n" "$TOP/examples/rails" >expect && test_cmp expect out &&
	"$KC" chart lint "$TOP/examples/rails" --strict --set ingress.enabled=true --set "ingress.hosts[0]=a.example.com" --set autoscaling.enabled=true >out &&
	test_cmp expect out
'

test_expect_success 'lint: the create scaffold has only helm'\''s icon INFO' '
	"$KC" chart create lintme >/dev/null && "$KC" chart lint lintme >out &&
	printf "==> Linting lintme\n[INFO] Chart.yaml: icon is recommended\n\n1 chart(s) linted, 0 chart(s) failed\n" >expect && test_cmp expect out
'

test_expect_success 'lint: deprecated APIs and bad names are warnings; --strict fails' '
	"$KC" chart lint "$FIX/deprecated" --kube-version 1.22.0 >out &&
	grep -qx "\[WARNING\] templates/pdb.yaml: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget" out &&
	grep -q "^\[WARNING\] templates/svc.yaml: object name does not conform to Kubernetes naming requirements: \"test-release_svc\": metadata.name: Invalid value: \"test-release_svc\": a DNS-1035 label must consist" out &&
	tail -n 1 out >last && echo "1 chart(s) linted, 0 chart(s) failed" >expect && test_cmp expect last &&
	test_must_fail "$KC" chart lint "$FIX/deprecated" --kube-version 1.20.0 --strict >out 2>err &&
	! grep -q pdb.yaml out && echo "Error: 1 chart(s) linted, 1 chart(s) failed" >expect && test_cmp expect err
'

test_expect_success 'lint: schema failures from --set, and a path that is not a chart' '
	test_must_fail "$KC" chart lint "$TOP/examples/rails" --set replicaCount=x >out 2>err &&
	grep -qx "\[ERROR\] values.yaml: - at '\''/replicaCount'\'': got string, want integer" out &&
	test_must_fail "$KC" chart lint nope >out 2>err &&
	printf "==> Linting nope\nError unable to check Chart.yaml file in chart: stat nope/Chart.yaml: no such file or directory\n\n" >expect && test_cmp expect out &&
	echo "Error: 1 chart(s) linted, 1 chart(s) failed" >expect && test_cmp expect err
'

test_expect_success 'lint: a packaged chart' '
	"$KC" chart package "$TOP/examples/rails" -d pk >/dev/null && "$KC" chart lint pk/rails-0.1.0.tgz >out &&
	printf "==> Linting pk/rails-0.1.0.tgz\n\n1 chart(s) linted, 0 chart(s) failed\n" >expect && test_cmp expect out
'

test_expect_success 'dependency list before update: missing' '
	cp -R "$FIX" deps && "$KC" chart dependency list deps/app >out &&
	printf "NAME\tVERSION       \tREPOSITORY   \tSTATUS \nlib \t>=0.1.0 <1.0.0\tfile://../lib\tmissing\n\n" >expect && test_cmp expect out
'

test_expect_success 'dependency update packages file:// dependencies and writes Chart.lock' '
	"$KC" chart dep update deps/app >out &&
	printf "Saving 1 charts\nDeleting outdated charts\n" >expect && test_cmp expect out &&
	test -f deps/app/charts/lib-0.2.0.tgz &&
	grep -q "^digest: sha256:782d626bc0e80cef58fe42354492fcb66b7b5f54069af382e702893d48ce58b1$" deps/app/Chart.lock &&
	grep -q "^  version: 0.2.0$" deps/app/Chart.lock
'

test_expect_success 'the updated chart renders as helm renders it (import-values through the archive)' '
	same_as_helmref deps/app
'

test_expect_success 'dependency build accepts the lock kc wrote; list says ok' '
	rm deps/app/charts/lib-0.2.0.tgz && "$KC" chart dependency build deps/app >out &&
	test -f deps/app/charts/lib-0.2.0.tgz &&
	"$KC" chart dep ls deps/app >out && grep -q "file://../lib	ok    $" out
'

test_expect_success 'dependency build: a stale lock' '
	sed -i "s/<1.0.0/<2.0.0/" deps/app/Chart.yaml &&
	test_must_fail "$KC" chart dependency build deps/app 2>err &&
	echo "Error: the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies" >expect &&
	test_cmp expect err
'

test_expect_success 'dependency update: a version no local chart satisfies' '
	sed -i "s/<2.0.0/<0.2.0/" deps/app/Chart.yaml &&
	test_must_fail "$KC" chart dependency update deps/app 2>err &&
	echo "Error: can'\''t get a valid version for 1 subchart(s): \"lib\" (repository \"file://../lib\", version \">=0.1.0 <0.2.0\"). Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml" >expect &&
	test_cmp expect err
'

test_expect_success 'dependency list: no chart' '
	test_must_fail "$KC" chart dependency list /no/such/chart 2>err &&
	echo "Error: stat /no/such/chart: no such file or directory" >expect && test_cmp expect err
'

test_done
