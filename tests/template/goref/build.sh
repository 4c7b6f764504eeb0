#!/bin/sh
# Builds goref against helmref's forked text/template (no network).
# Output: $1 (default build/tests/goref).
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../../build/tests/goref}
deps=""
for d in /work/shared/tools/helmref/build/deps "$HOME/.cache/helmref/build/deps"; do
	[ -d "$d/helmref.local/gotemplate" ] && deps=$d && break
done
[ -n "$deps" ] || { echo "goref: helmref's build/deps not found" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/main.go" "$tmp/"
cat >"$tmp/go.mod" <<MOD
module goref

go 1.19

require helmref.local/gotemplate v0.0.0

replace helmref.local/gotemplate => $deps/helmref.local/gotemplate
MOD
mkdir -p "$(dirname "$out")"
cd "$tmp" && GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GO111MODULE=on GOTOOLCHAIN=local \
	GOCACHE=${GOCACHE:-$HOME/.cache/go-build} go build -o "$out" .
