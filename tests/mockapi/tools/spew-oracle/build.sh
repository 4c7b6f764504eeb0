#!/bin/sh
# Builds the pod-template-hash oracle (oracle/main.go) against the real go-spew v1.1.1
# (Debian's golang-github-davecgh-go-spew-dev, /usr/share/gocode) and the real
# k8s.io/api + apimachinery v0.32.5 struct declarations, in a throw-away GOPATH.
# Nothing fetched is committed: the sources come from git mirrors at build time.
#
#   tests/mockapi/tools/spew-oracle/build.sh [OUTDIR]     (default /tmp/spew-oracle)
#   OUTDIR/oracle < templates.jsonl      # one JSON template a line, or "N<TAB>JSON"
#
# Env: API_GIT, APIMACHINERY_GIT (git dirs of kubernetes/api, kubernetes/apimachinery),
# INF_GIT (go-inf/inf), TAG (v0.32.5). Needs Go >= 1.19 (GOPATH mode, no network).
# core/v1 and meta/v1 types.go are reduced to their type declarations (extract/main.go),
# since their methods need packages not here; resource, intstr and metav1.Time keep
# their real code (ParseQuantity, UnmarshalJSON); cbor, klog and runtime are stubs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/spew-oracle}
API_GIT=${API_GIT:-/work/.mirror/kubernetes+api/repo}
APIMACHINERY_GIT=${APIMACHINERY_GIT:-/work/.mirror/kubernetes+apimachinery/repo}
INF_GIT=${INF_GIT:-/work/.mirror/go-inf+inf/repo}
TAG=${TAG:-v0.32.5}
G=$out/gopath/src
rm -rf "$out/gopath"
mkdir -p "$G/gopkg.in/inf.v0" "$G/k8s.io/api/core/v1" "$G/oracle" "$G/extract"
AM=$G/k8s.io/apimachinery/pkg
mkdir -p "$AM/api/resource" "$AM/util/intstr" "$AM/types" "$AM/apis/meta/v1" "$AM/runtime" \
	"$AM/runtime/serializer/cbor/direct" "$G/k8s.io/klog/v2"
git --git-dir="$INF_GIT" archive HEAD | tar -x -C "$G/gopkg.in/inf.v0"
rm -f "$G"/gopkg.in/inf.v0/*_test.go
am() { git --git-dir="$APIMACHINERY_GIT" show "$TAG:pkg/$1" >"$AM/$1"; }
for f in amount math quantity scale_int suffix; do am api/resource/$f.go; done
for f in uid nodename namespacedname patch doc; do am types/$f.go; done
am util/intstr/intstr.go
am apis/meta/v1/time.go
am apis/meta/v1/micro_time.go
cat >"$AM/runtime/serializer/cbor/direct/direct.go" <<'GO'
package direct

import "errors"

func Marshal(src interface{}) ([]byte, error)    { return nil, errors.New("stub") }
func Unmarshal(src []byte, dst interface{}) error { return errors.New("stub") }
GO
cat >"$G/k8s.io/klog/v2/klog.go" <<'GO'
package klog

func ErrorS(err error, msg string, kv ...interface{}) {}
func Errorf(f string, a ...interface{})              {}
GO
cat >"$AM/runtime/stub.go" <<'GO'
package runtime

type Object interface{}

type RawExtension struct {
	Raw    []byte `json:"-"`
	Object Object `json:"-"`
}
GO
cp "$here/extract/main.go" "$G/extract/main.go"
cp "$here/oracle/main.go" "$G/oracle/main.go"
export GO111MODULE=off GOPATH="$out/gopath:/usr/share/gocode" GOFLAGS= GOPROXY=off
(cd "$G/extract" && go build -o "$out/extract" .)
git --git-dir="$API_GIT" show "$TAG:core/v1/types.go" >"$out/core_types.go"
git --git-dir="$APIMACHINERY_GIT" show "$TAG:pkg/apis/meta/v1/types.go" >"$out/meta_types.go"
"$out/extract" "$out/core_types.go" v1 >"$G/k8s.io/api/core/v1/types.go"
"$out/extract" "$out/meta_types.go" v1 | sed '/^\t"fmt"$/d; /^\t"strings"$/d' >"$AM/apis/meta/v1/types.go"
(cd "$G/oracle" && go build -o "$out/oracle" .)
echo "$out/oracle"
