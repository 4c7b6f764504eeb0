#!/bin/sh
# kubectl edit against kc-mockapi with scripted editors (sed): kubectl and kc
# each run the same sequence on a fresh --frozen-time mock; goldens captured
# from kubectl v1.32. Temporary file names (random, and named after argv[0])
# are normalised.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/mock.sh"

KC_NORMALIZE='s/^\([IWE]\)[0-9]\{4\} [0-9:.]\{15\} *[0-9]* /\1 /'
t() {
	_n=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $_n $(shell_quote "$@")"
}

cat >"$TRASH/offline.kubeconfig" <<'KCFG'
apiVersion: v1
kind: Config
clusters:
- cluster: {server: "https://127.0.0.1:1"}
  name: c
contexts:
- context: {cluster: c, user: u}
  name: x
current-context: x
users:
- name: u
  user: {token: t}
KCFG
KUBECONFIG=$TRASH/offline.kubeconfig
export KUBECONFIG
t help edit -h
t none edit
t unreachable edit deploy/x

if [ -z "$MOCK_CLIENT" ] || [ ! -x "$MOCK_BIN" ]; then
	test_done
	exit 0
fi

mkdir -p "$TRASH/tmp"
TMPDIR=$TRASH/tmp
export TMPDIR TRASH
cat >"$TRASH/client" <<'EOF2'
#!/bin/sh
"$NORM_CLIENT" "$@" >"$TRASH/.norm.out" 2>"$TRASH/.norm.err"
rc=$?
norm() {
	sed -e 's#kubectl\.1\.32-edit-#kubectl-edit-#g' -e 's#-edit-[A-Za-z0-9]*\.\(yaml\|json\)#-edit-N.\1#g' "$1"
}
norm "$TRASH/.norm.out"
norm "$TRASH/.norm.err" >&2
exit $rc
EOF2
chmod +x "$TRASH/client"

# estep NAME EDITOR ARGS...: run with $EDITOR set (KUBE_EDITOR unset)
estep() {
	_n=$1
	_ed=$2
	shift 2
	test_expect_success "$_label EDITOR=$_ed $*" \
		"unset KUBE_EDITOR; EDITOR=$(shell_quote "$_ed"); export EDITOR; mock_client_check $_n $(shell_quote "$@")"
}
step() {
	_n=$1
	shift
	test_expect_success "$_label $*" "mock_client_check $_n $(shell_quote "$@")"
}

seq_edit() {
	step 01-deploy create deployment web --image=nginx:1 --replicas=3
	step 02-deploy-two create deploy two --image=a --image=b
	step 03-cm create configmap cm --from-literal=a=b
	estep 04-no-change true edit deploy/web
	estep 05-image 'sed -i s/nginx:1/nginx:9/' edit deploy/web
	estep 06-json 'sed -i s/nginx:9/nginx:10/' edit deploy/web -o json
	estep 07-output-patch 'sed -i s/nginx:10/nginx:11/' edit deploy/web --output-patch
	test_expect_success "$_label KUBE_EDITOR wins over EDITOR" '
		KUBE_EDITOR="sed -i s/a:\\ b/a:\\ c/" EDITOR=false; export KUBE_EDITOR EDITOR
		mock_client_check 08-kube-editor edit cm/cm
	'
	estep 09-no-editor nonexistent-editor edit deploy/web
	estep 10-editor-fails false edit deploy/web
	estep 11-empty 'sed -i /^[^#]/d' edit deploy/web --validate=false
	estep 12-comments-only 'sed -i /^[^#]/d' edit deploy/web
	estep 13-invalid 'sed -i s/replicas:\ 3/replicas:\ -3/' edit deploy/web --validate=false
	estep 14-name-changed 'sed -i s/name:\ web/name:\ web2/' edit deploy/web
	estep 15-not-found 'sed -i s/nginx:11/nginx:12/' edit deploy/nope
	estep 16-shell-editor "sed -i 's/app: web/app: \"web\"/'" edit deploy/web
	estep 17-selector 'sed -i s/nginx:11/nginx:13/' edit deploy -l app=web -o name
	estep 18-list 'sed -i s/image:\ a/image:\ z/' edit deploy/two deploy/web --validate=false
	estep 19-list-json 'sed -i s/"image":\ "z"/"image":\ "y"/' edit deploy/two deploy/web --validate=false -o json
	estep 20-kind-changed 'sed -i s/kind:\ ConfigMap/kind:\ Secret/' edit cm/cm
	estep 21-data 'sed -i s/a:\ c/a:\ d/' edit configmap cm
	estep 22-crlf 'sed -i s/a:\ d/a:\ e/' edit cm/cm --windows-line-endings
	estep 23-history true rollout history deploy/web
	estep 24-wide true edit deploy/web -o wide
}

if [ -n "$REAL_KUBECTL" ]; then
	mock_start
	_label=kubectl
	NORM_CLIENT=$REAL_KUBECTL MOCK_CLIENT=$TRASH/client
	export NORM_CLIENT
	seq_edit
	mock_stop
fi
_u=${UPDATE_GOLDEN:-}
UPDATE_GOLDEN=
mock_start
_label=kc
NORM_CLIENT=$BIN/kubectl MOCK_CLIENT=$TRASH/client
export NORM_CLIENT
seq_edit
mock_stop && test_ok_ 'mock stops cleanly' || test_failure_ 'mock stops cleanly' 'kc-mockapi failed'
UPDATE_GOLDEN=$_u

test_done
