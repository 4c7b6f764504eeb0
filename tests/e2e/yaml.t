#!/bin/sh
# util/yaml and util/json against the real tools: the case corpus in
# tests/cases/yaml is re-captured from kubectl (and helmref when built) and must
# not have drifted; kc's own output is checked against it by tests/unit/test_yaml.
. "$(dirname "$0")/lib.sh"

CASES="$TOP/tests/cases/yaml"

if [ -n "$REAL_KUBECTL" ]; then
	test_expect_success 'corpus expectations still match kubectl' '
		KUBECTL="$REAL_KUBECTL" HELMREF=/nonexistent "$CASES/capture.sh" "$TRASH/cap" &&
		for f in "$CASES"/*.json "$CASES"/*.yaml "$CASES"/*.err "$CASES"/*.yamlerr; do
			test_cmp "$f" "$TRASH/cap/$(basename "$f")" || return 1
		done &&
		for f in "$TRASH"/cap/*; do
			test -f "$CASES/$(basename "$f")" || { echo "new output $f"; return 1; }
		done
	'

	# kc reports its own build in these fields and has no kustomize
	kubectl_version_as_kc() {
		sed -e "s/\(\"*gitCommit\"*: \).*/\1$1/" -e "s/\(\"*buildDate\"*: \).*/\1$2/" \
		    -e "s/\(\"*goVersion\"*: \).*/\1$3/" -e "s/\(\"*compiler\"*: \).*/\1$4/" \
		    -e '/kustomizeVersion/d'
	}
	test_expect_success 'version --client -o yaml is kubectl-shaped' '
		"$REAL_KUBECTL" version --client -o yaml |
			kubectl_version_as_kc unknown "\"1970-01-01T00:00:00Z\"" kc gcc >expect &&
		"$KC" version --client -o yaml >actual &&
		test_cmp expect actual
	'
	test_expect_success 'version --client -o json is kubectl-shaped' '
		"$REAL_KUBECTL" version --client -o json |
			kubectl_version_as_kc "\"unknown\"," "\"1970-01-01T00:00:00Z\"," "\"kc\"," "\"gcc\"," |
			sed -e "/^  },$/s/,$//" >expect &&
		"$KC" version --client -o json >actual &&
		test_cmp expect actual
	'
else
	test_skip 'corpus expectations still match kubectl' 'no kubectl'
	test_skip 'version -o yaml' 'no kubectl'
	test_skip 'version -o json' 'no kubectl'
fi

test_done
