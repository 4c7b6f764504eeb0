#!/bin/sh
# Re-capture merged.json (or error) for each case: kubectl v1.32's own
# StrategicMergePatch, run offline by `kubectl patch --local`.
#   tests/cases/smp-apply/capture.sh [CASE...]
cd "$(dirname "$0")"
K=${REAL_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
[ $# -gt 0 ] || set -- $(ls -d */ | tr -d /)
for c in "$@"; do
	rm -f "$c/merged.json" "$c/error"
	KUBECONFIG=/dev/null "$K" patch --local -f "$c/target.json" --type=strategic \
		-p "$(cat "$c/patch.json")" -o json --show-managed-fields >"$c/merged.json" 2>"$c/error"
	[ -s "$c/error" ] && rm -f "$c/merged.json" || rm -f "$c/error"
done
