#!/bin/sh
# client/ over TLS, side by side with kubectl: CA verification, hostname
# checks and --tls-server-name, --insecure-skip-tls-verify, bearer and basic
# auth (redacted in -v logs), impersonation. Certificates are made here with
# openssl; the server is tests/e2e/client-server.py with --tls.
. "$(dirname "$0")/lib.sh"

mkcert() { # NAME SAN
	openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=$1" \
		-addext "subjectAltName=$2" -keyout "$TRASH/$1.key" -out "$TRASH/$1.crt" 2>/dev/null
}
mkcert server "DNS:kc.example.test,DNS:api.example.test"
mkcert other "DNS:other.example.test"

python3 "$TOP/tests/e2e/client-server.py" --fixture "$TOP/tests/golden/client-server/realk8s-1.20.json" \
	--port-file "$TRASH/.port" --log "$TRASH/.requests" --tls "$TRASH/server.crt" "$TRASH/server.key" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null' EXIT
i=0
while [ ! -s "$TRASH/.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$TRASH/.port")
S="https://127.0.0.1:$PORT"
CA="$TRASH/server.crt"
KC_NORMALIZE="s|127\.0\.0\.1:$PORT|127.0.0.1:PORT|g; s/^\([IEW]\)[0-9]\{4\} [0-9:.]* *[0-9]* /\1MMDD hh:mm:ss.uuuuuu PID /; /^Kustomize Version: /d"

while read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "kc_vs_kubectl $name --server \$S --token secret $args"
done <<'CASES'
unknown-authority get --raw /version
unknown-authority-version version
unknown-authority-api-versions api-versions
wrong-ca get --raw /version --certificate-authority $TRASH/other.crt
ip-not-in-sans get --raw /version --certificate-authority $CA
tls-server-name get --raw /version --certificate-authority $CA --tls-server-name kc.example.test
tls-server-name-wrong api-resources --certificate-authority $CA --tls-server-name nope.example.test
insecure get --raw /version --insecure-skip-tls-verify
impersonate get --raw /api/v1/namespaces/default/pods --insecure-skip-tls-verify --as bob
version-tls version --certificate-authority $CA --tls-server-name kc.example.test
CASES

test_expect_success 'the bearer token is sent and never logged' '
	: >"$TRASH/.requests" &&
	"$KC" --server "$S" --token s3cr3t --insecure-skip-tls-verify get --raw /version -v=9 >/dev/null 2>err &&
	grep "auth=yes" "$TRASH/.requests" &&
	grep -e "-H \"Authorization: Bearer <masked>\"" err &&
	! grep s3cr3t err
'

test_expect_success 'basic auth is sent and masked' '
	"$KC" --server "$S" --username u --password p4ss --insecure-skip-tls-verify get --raw /version -v=7 >/dev/null 2>err &&
	grep "Authorization: Basic <masked>" err &&
	! grep p4ss err &&
	! grep dTpwNHNz err
'

test_expect_success 'impersonation headers' '
	"$KC" --server "$S" --token t --insecure-skip-tls-verify --as alice --as-group g1 --as-group g2 --as-uid 42 \
		get --raw /version -v=7 >/dev/null 2>err &&
	grep "Impersonate-User: alice" err &&
	grep "Impersonate-Group: g1" err &&
	grep "Impersonate-Group: g2" err &&
	grep "Impersonate-Uid: 42" err
'

test_done
