#!/bin/sh
# Re-checks the expected bytes of tests/template/cases against helmref (the
# reference Helm engine) when it is installed; the C engine itself is checked
# against the same files by build/tests/unit/test_template_cases.
cd "$(dirname "$0")/../.." || exit 1
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not installed"
	exit 0
fi
for c in "$HELMREF" /work/shared/tools/helmref/helmref "$HOME/.cache/helmref/helmref"; do
	if [ -n "$c" ] && [ -x "$c" ]; then
		HELMREF=$c
		break
	fi
done
if [ -z "$HELMREF" ] || [ ! -x "$HELMREF" ]; then
	echo "1..0 # SKIP helmref not installed"
	exit 0
fi
export HELMREF
echo "1..1"
if out=$(tests/template/regen --check 2>&1); then
	echo "ok 1 - template cases agree with helmref"
else
	echo "not ok 1 - template cases agree with helmref"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
