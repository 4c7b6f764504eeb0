#!/bin/sh
# The command line itself: help, options, unknown commands and flags, version.
. "$(dirname "$0")/lib.sh"

for c in "root-help --help" "no-args" "options options" "help-version help version" \
	"version-help version --help" \
	"unknown-cmd foo" "unknown-cmd-nosugg zzzzzzzz" "unknown-flag version --foo" \
	"unknown-short version -q" "flag-needs-arg version -o" \
	"bad-output version --client -o xml" "bad-bool version --client=maybe" \
	"bad-int version -v=x"; do
	set -- $c
	name=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $name $*"
done

# kc has no built-in kustomize, so it prints no "Kustomize Version" line.
test_expect_success 'version --client' '
	"$KC" version --client >out &&
	echo "Client Version: v1.32.5" >expect &&
	test_cmp expect out
'

test_expect_success 'version -o json' '
	"$KC" version --client -o json >out &&
	grep -q "\"gitVersion\": \"v1.32.5\"" out
'

test_expect_success 'the command table is sorted at every level' '
	"$KC" __commands >cmds &&
	test -s cmds &&
	awk "{ p = \$0; sub(/ ?[^ ]+\$/, \"\", p); if (p in last && last[p] >= \$NF) { print \"unsorted: \" \$0; bad = 1 } last[p] = \$NF } END { exit bad }" cmds
'

if command -v python3 >/dev/null 2>&1; then
	test_expect_success 'man pages and completions match the command table' '
		python3 "$TOP/scripts/gen-docs" "$KC" gen &&
		diff -r "$TOP/man" gen/man &&
		diff -r "$TOP/completions" gen/completions
	'
else
	test_skip 'man pages and completions match the command table' 'python3 missing'
fi

test_done
