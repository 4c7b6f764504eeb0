#!/bin/sh
# Capture the expected outputs of the YAML case corpus from the real tools.
#
#   tests/cases/yaml/capture.sh [OUTDIR]
#
# Each case is NAME.in (a top-level YAML mapping). kubectl reads it with an object
# header appended (apiVersion/kind/metadata, so line numbers stay those of the case)
# through `kubectl annotate --local -f case.yaml x- -o json|yaml`, which decodes the
# file with sigs.k8s.io/yaml (YAMLToJSON) and prints it back with encoding/json and
# go-yaml v2 — adding only `metadata.annotations: {}`. Results:
#   NAME.json   kubectl -o json (stdout)        NAME.yaml  kubectl -o yaml (stdout)
#   NAME.err    kubectl's stderr when it fails  (exit code 1)
#   NAME.yamlerr  kubectl's stderr when only -o yaml fails (go-yaml rejects the JSON)
#   NAME.helm   helmref: {{ toYaml .Values }} with NAME.in as the values file
#               (Helm reads values into float64; skipped for cases kubectl rejects)
#   NAME.tojson, NAME.toprettyjson, NAME.torawjson   the same through toJson,
#               toPrettyJson (MarshalIndent "  ") and toRawJson (no HTML escaping)
#   json-parse.expect   helmref's fromJson on each JSON text in json-parse.values:
#               "KEY ERR <Go's error>" or "KEY <toJson of the result>"
# OUTDIR defaults to the corpus folder itself (UPDATE); tests/e2e/yaml.t captures
# into a temporary folder and compares.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
KUBECTL=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
HELMREF=${HELMREF:-}
if [ -z "$HELMREF" ]; then
	for h in /work/shared/tools/helmref/helmref "$HOME/.cache/helmref/helmref" ../shared/tools/helmref/helmref; do
		if [ -x "$h" ]; then HELMREF=$h; break; fi
	done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
printf '{{ toYaml .Values }}' >"$tmp/t.tpl"
printf '{{ toJson .Values }}' >"$tmp/tojson.tpl"
printf '{{ toPrettyJson .Values }}' >"$tmp/toprettyjson.tpl"
printf '{{ toRawJson .Values }}' >"$tmp/torawjson.tpl"
if [ -n "$HELMREF" ] && [ -x "$HELMREF" ]; then
	printf '{{ range $k, $v := .Values }}{{ $k }} {{ $r := fromJson $v }}{{ if hasKey $r "Error" }}ERR {{ $r.Error }}{{ else }}{{ toJson $r }}{{ end }}\n{{ end }}' >"$tmp/jp.tpl"
	cp "$here/json-parse.values" "$tmp/jp.yaml"
	(cd "$tmp" && "$HELMREF" tpl --values jp.yaml jp.tpl) >"$out/json-parse.expect"
fi
for in in "$here"/*.in; do
	name=$(basename "$in" .in)
	rm -f "$out/$name.json" "$out/$name.yaml" "$out/$name.err" "$out/$name.helm" "$out/$name.yamlerr"
	cat "$in" >"$tmp/case.yaml"
	printf 'apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: x\n' >>"$tmp/case.yaml"
	if (cd "$tmp" && "$KUBECTL" annotate --local -f case.yaml x- -o json >"$tmp/json" 2>"$tmp/err"); then
		cp "$tmp/json" "$out/$name.json"
		rm -f "$out/$name.yamlerr"
		if ! (cd "$tmp" && "$KUBECTL" annotate --local -f case.yaml x- -o yaml) >"$out/$name.yaml" 2>"$tmp/err"; then
			rm -f "$out/$name.yaml"
			cp "$tmp/err" "$out/$name.yamlerr"
		fi
		if [ -n "$HELMREF" ] && [ -x "$HELMREF" ]; then
			cp "$in" "$tmp/values.yaml"
			if (cd "$tmp" && "$HELMREF" tpl --values values.yaml t.tpl) >"$tmp/helm" 2>/dev/null; then
				cp "$tmp/helm" "$out/$name.helm"
			fi
			for j in tojson toprettyjson torawjson; do
				rm -f "$out/$name.$j"
				if (cd "$tmp" && "$HELMREF" tpl --values values.yaml $j.tpl) >"$tmp/$j" 2>/dev/null; then
					cp "$tmp/$j" "$out/$name.$j"
				fi
			done
		fi
	else
		cp "$tmp/err" "$out/$name.err"
	fi
done
