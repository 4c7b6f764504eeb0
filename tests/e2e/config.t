#!/bin/sh
# kc config …: every sub-command against real kubectl (goldens in tests/golden/config/),
# on the kubeconfig fixtures in tests/fixtures/kubeconfig/. Write commands also
# compare the files they leave behind, byte for byte, with their modes.
. "$(dirname "$0")/lib.sh"

FIX="$TOP/tests/fixtures/kubeconfig"
W="$TRASH/w"

fresh_() {
	rm -rf "$W" && mkdir -p "$W" && cp -R "$FIX"/. "$W"/ && chmod -R u+w "$W"
}

# what changed below $W against the fixtures: new directories, new or changed
# files (with their mode and bytes), removed files
snapshot_() {
	(cd "$W" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do
		if [ -d "$p" ]; then
			[ -d "$FIX/$p" ] || echo "== $p/ $(stat -c %a "$p")"
		elif ! cmp -s "$p" "$FIX/$p"; then
			echo "== $p $(stat -c %a "$p")"
			cat "$p"
		fi
	done
	cd "$FIX" && find . -type f | LC_ALL=C sort | while read -r p; do
		[ -e "$W/$p" ] || echo "== $p removed"
	done)
}

# kc_vs_kubectl_w NAME ARGS...: like kc_vs_kubectl, but each tool runs (in $W, with
# the caller's environment) on its own fresh copy of the fixtures, and the files
# left behind (NAME.files) must match too.
kc_vs_kubectl_w() {
	name=$1
	shift
	mkdir -p "$GOLDEN_DIR"
	if [ -n "$REAL_KUBECTL" ]; then
		fresh_
		(cd "$W" && run_capture "$TRASH/.kubectl/$name" "$REAL_KUBECTL" "$@")
		snapshot_ >"$TRASH/.kubectl/$name/files"
		for f in out err files; do normalize_ "$TRASH/.kubectl/$name/$f"; done
		if [ -n "${UPDATE_GOLDEN:-}" ]; then
			for f in out err rc files; do cp "$TRASH/.kubectl/$name/$f" "$GOLDEN_DIR/$name.$f"; done
		fi
		for f in out err rc files; do
			[ -f "$GOLDEN_DIR/$name.$f" ] || { echo >&2 "missing golden $GOLDEN_DIR/$name.$f (run with UPDATE_GOLDEN=1)"; return 1; }
			diff -u "$GOLDEN_DIR/$name.$f" "$TRASH/.kubectl/$name/$f" >&2 ||
				{ echo >&2 "kubectl no longer matches golden $name.$f"; return 1; }
		done
	fi
	fresh_
	(cd "$W" && run_capture "$TRASH/.kc/$name" env PATH="$BIN:$PATH" kubectl "$@")
	snapshot_ >"$TRASH/.kc/$name/files"
	for f in out err files; do normalize_ "$TRASH/.kc/$name/$f"; done
	for f in out err rc files; do
		[ -f "$GOLDEN_DIR/$name.$f" ] || { echo >&2 "missing golden $GOLDEN_DIR/$name.$f"; return 1; }
		diff -u "$GOLDEN_DIR/$name.$f" "$TRASH/.kc/$name/$f" >&2 || return 1
	done
	return 0
}

# read-only commands run in one copy of the fixtures
fresh_
cd "$W" || exit 1

# ---- help ----------------------------------------------------------------------
for c in "help-group config --help" "help-group-noargs config" "help-unknown config foo" \
	"help-view config view --help" "help-current-context config current-context --help" \
	"help-get-contexts config get-contexts --help" "help-get-clusters config get-clusters --help" \
	"help-get-users config get-users --help" "help-use-context config use-context --help" \
	"help-use config use --help" "help-set-context config set-context --help" \
	"help-set-cluster config set-cluster --help" \
	"help-set-credentials config set-credentials --help" "help-set config set --help" \
	"help-unset config unset --help" "help-delete-context config delete-context --help" \
	"help-delete-cluster config delete-cluster --help" \
	"help-delete-user config delete-user --help" \
	"help-rename-context config rename-context --help" "help-cmd help config view"; do
	set -- $c
	name=$1
	shift
	test_expect_success "kubectl $*" "kc_vs_kubectl $name $*"
done

# ---- view and friends on one file ----------------------------------------------------
while read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args" "kc_vs_kubectl $name $args"
done <<'EOF'
view-basic --kubeconfig basic.yaml config view
view-raw --kubeconfig basic.yaml config view --raw
view-json --kubeconfig basic.yaml config view -o json
view-json-raw --kubeconfig basic.yaml config view -o json --raw
view-minify --kubeconfig basic.yaml config view --minify
view-minify-context --kubeconfig basic.yaml config view --minify --context prod
view-minify-flatten --kubeconfig basic.yaml config view --minify --flatten --context prod
view-flatten --kubeconfig basic.yaml config view --flatten
view-minify-missing-context --kubeconfig basic.yaml config view --minify --context nope
view-minify-dangling --kubeconfig dangling.yaml config view --minify
view-minify-dangling-user --kubeconfig dangling.yaml config view --minify --context half
view-minify-nocurrent --kubeconfig merge/a/config config view --minify
view-single --kubeconfig single.yaml config view
view-single-raw --kubeconfig single.yaml config view --raw --flatten
view-exec --kubeconfig exec.yaml config view
view-exec-json --kubeconfig exec.yaml config view -o json
view-dotted --kubeconfig dotted.yaml config view
view-json-input --kubeconfig json.json config view
view-empty --kubeconfig empty.yaml config view
view-missing --kubeconfig nope.yaml config view
view-broken --kubeconfig broken.yaml config view
view-badtype --kubeconfig badtype.yaml config view
view-badb64 --kubeconfig badb64.yaml config view
view-badkind --kubeconfig badkind.yaml config view
view-badversion --kubeconfig badversion.yaml config view
view-list --kubeconfig list.yaml config view
view-dupcluster --kubeconfig dupcluster.yaml config view
view-dupuser --kubeconfig dupuser.yaml config view
view-nestedtype --kubeconfig nestedtype.yaml config view
view-cased --kubeconfig cased.yaml config view
view-cased-json --kubeconfig cased.yaml config view -o json
view-args --kubeconfig basic.yaml config view extra args
view-output-wide --kubeconfig basic.yaml config view -o wide
view-output-name --kubeconfig basic.yaml config view -o name
view-merge-false --kubeconfig basic.yaml config view --merge=false
view-jsonpath --kubeconfig basic.yaml config view -o jsonpath={.users[*].name}
view-jsonpath-filter --kubeconfig basic.yaml config view --raw -o=jsonpath='{.users[?(@.name=="basic")].user.password}'
view-jsonpath-map --kubeconfig basic.yaml config view -o jsonpath={.clusters[0].cluster}
view-jsonpath-missing --kubeconfig basic.yaml config view -o jsonpath={.nope}
view-jsonpath-strict --kubeconfig basic.yaml config view -o jsonpath={.nope} --allow-missing-template-keys=false
view-jsonpath-parse --kubeconfig basic.yaml config view -o jsonpath={.users[
view-jsonpath-exec --kubeconfig exec.yaml config view -o jsonpath={.clusters[0].cluster.extensions}
view-jsonpath-as-json --kubeconfig basic.yaml config view -o jsonpath-as-json={.users[*].name}
view-jsonpath-file-missing --kubeconfig basic.yaml config view -o jsonpath-file=nope.txt
view-custom-columns --kubeconfig basic.yaml config view -o custom-columns=A:.kind
view-gotemplate --kubeconfig basic.yaml config view -o go-template='{{range .contexts}}{{.name}}:{{.context.namespace}}{{"\n"}}{{end}}'
view-gotemplate-funcs --kubeconfig basic.yaml config view -o go-template='{{exists . "kind"}},{{exists .clusters 0 "name"}},{{base64decode "aGk="}}'
view-gotemplate-parse --kubeconfig basic.yaml config view -o go-template='{{.kind'
view-gotemplate-missing --kubeconfig basic.yaml config view -o go-template={{.nope}}
view-gotemplate-strict --kubeconfig basic.yaml config view -o go-template={{.nope}} --allow-missing-template-keys=false
view-gotemplate-exec-error --kubeconfig exec.yaml config view -o go-template='{{index .clusters 5}}'
view-template-flag --kubeconfig basic.yaml config view --template={{.kind}}
view-template-file-missing --kubeconfig basic.yaml config view -o go-template-file=nope.txt
current --kubeconfig basic.yaml config current-context
current-unset --kubeconfig merge/a/config config current-context
current-missing-file --kubeconfig nope.yaml config current-context
current-broken --kubeconfig broken.yaml config current-context
current-json --kubeconfig json.json config current-context
get-contexts --kubeconfig basic.yaml config get-contexts
get-contexts-name --kubeconfig basic.yaml config get-contexts -o name
get-contexts-noheaders --kubeconfig basic.yaml config get-contexts --no-headers
get-contexts-one --kubeconfig basic.yaml config get-contexts prod
get-contexts-missing --kubeconfig basic.yaml config get-contexts prod nope
get-contexts-missing2 --kubeconfig basic.yaml config get-contexts nope1 nope2
get-contexts-wide --kubeconfig basic.yaml config get-contexts -o wide
get-contexts-dotted --kubeconfig dotted.yaml config get-contexts
get-contexts-empty --kubeconfig empty.yaml config get-contexts
get-contexts-broken --kubeconfig broken.yaml config get-contexts
get-clusters --kubeconfig single.yaml config get-clusters
get-clusters-empty --kubeconfig empty.yaml config get-clusters
get-users --kubeconfig basic.yaml config get-users
get-users-empty --kubeconfig nope.yaml config get-users
get-users-args --kubeconfig basic.yaml config get-users a b
current-extra --kubeconfig basic.yaml config current-context extra
flag-noarg --kubeconfig basic.yaml config set-cluster x --server
flag-unknown --kubeconfig basic.yaml config set-cluster x --bogus
flag-badbool --kubeconfig basic.yaml config set-cluster x --embed-certs=maybe
flag-short --kubeconfig basic.yaml config get-contexts -x
flag-view-h --kubeconfig basic.yaml config view -h
flag-set-context-n --kubeconfig basic.yaml config set-context x -n foo
view-output-empty --kubeconfig basic.yaml config view -o jsonpath
EOF

# ---- merging: KUBECONFIG lists and ~/.kube/config ----------------------------------------
test_expect_success 'KUBECONFIG a:b:missing view' '
	KUBECONFIG=merge/a/config:merge/b/config:missing kc_vs_kubectl merge-view config view'
test_expect_success 'KUBECONFIG b:a view (order matters)' '
	KUBECONFIG=merge/b/config:merge/a/config kc_vs_kubectl merge-view-rev config view'
test_expect_success 'KUBECONFIG duplicate paths' '
	KUBECONFIG=merge/a/config:merge/a/config:merge/b/config kc_vs_kubectl merge-view-dup config view'
test_expect_success 'KUBECONFIG merge --minify --flatten resolves paths per file' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl merge-flatten config view --minify --flatten --context ctx-a'
test_expect_success 'KUBECONFIG merge --flatten, file of the second list entry' '
	KUBECONFIG=merge/b/config:merge/a/config kc_vs_kubectl merge-flatten-b config view --minify --flatten'
test_expect_success 'KUBECONFIG merge current-context' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl merge-current config current-context'
test_expect_success 'KUBECONFIG merge get-contexts' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl merge-get-contexts config get-contexts'
test_expect_success 'KUBECONFIG with a broken file' '
	KUBECONFIG=merge/a/config:broken.yaml kc_vs_kubectl merge-broken config view'
test_expect_success 'KUBECONFIG with two broken files' '
	KUBECONFIG=badtype.yaml:broken.yaml kc_vs_kubectl merge-broken2 config view'
test_expect_success 'KUBECONFIG only missing files' '
	KUBECONFIG=nope1:nope2 kc_vs_kubectl merge-missing config view'
test_expect_success '--kubeconfig wins over KUBECONFIG' '
	KUBECONFIG=merge/a/config kc_vs_kubectl explicit-wins --kubeconfig single.yaml config view'
test_expect_success 'view --merge=false without --kubeconfig' '
	KUBECONFIG=single.yaml kc_vs_kubectl merge-false-env config view --merge=false'
test_expect_success '~/.kube/config' '
	mkdir -p home/.kube && cp single.yaml home/.kube/config &&
	HOME=$W/home kc_vs_kubectl home-config config view'
test_expect_success 'no kubeconfig at all' '
	HOME=$W/nohome kc_vs_kubectl home-none config view'

# ---- write commands: output and resulting files ------------------------------------------
cd "$TRASH" || exit 1
while read -r name args; do
	[ -n "$name" ] || continue
	test_expect_success "kubectl $args (files)" "kc_vs_kubectl_w $name $args"
done <<'EOF'
use-context --kubeconfig basic.yaml config use-context prod
use-alias --kubeconfig basic.yaml config use prod
use-same --kubeconfig basic.yaml config use-context dev
use-missing --kubeconfig basic.yaml config use-context nope
use-noargs --kubeconfig basic.yaml config use-context
use-twoargs --kubeconfig basic.yaml config use-context a b
use-missing-file --kubeconfig nope.yaml config use-context dev
use-broken --kubeconfig broken.yaml config use-context dev
set-context-new --kubeconfig basic.yaml config set-context new --cluster=prod --user=basic --namespace=ns1
set-context-modify --kubeconfig basic.yaml config set-context prod --namespace=other
set-context-clear --kubeconfig basic.yaml config set-context dev --namespace=
set-context-current --kubeconfig basic.yaml config set-context --current --user=basic
set-context-nocurrent --kubeconfig merge/a/config config set-context --current --user=basic
set-context-noname --kubeconfig basic.yaml config set-context --cluster=x
set-context-both --kubeconfig basic.yaml config set-context x --current
set-context-twoargs --kubeconfig basic.yaml config set-context a b
set-context-bare --kubeconfig basic.yaml config set-context bare
set-context-newfile --kubeconfig new/dir/config config set-context c1 --cluster=x
set-cluster-new --kubeconfig basic.yaml config set-cluster new --server=https://new.example.com --certificate-authority=pki/ca.crt
set-cluster-embed --kubeconfig basic.yaml config set-cluster prod --certificate-authority=pki/ca.crt --embed-certs
set-cluster-embed-missing --kubeconfig basic.yaml config set-cluster prod --certificate-authority=nope.crt --embed-certs
set-cluster-embed-noca --kubeconfig basic.yaml config set-cluster prod --embed-certs
set-cluster-insecure --kubeconfig basic.yaml config set-cluster prod --insecure-skip-tls-verify
set-cluster-insecure-ca --kubeconfig basic.yaml config set-cluster prod --insecure-skip-tls-verify --certificate-authority=pki/ca.crt
set-cluster-server --kubeconfig basic.yaml config set-cluster prod --server=https://other:443
set-cluster-tls --kubeconfig basic.yaml config set-cluster prod --server=https://other:443 --tls-server-name=x.y
set-cluster-proxy --kubeconfig basic.yaml config set-cluster dev --proxy-url=http://proxy:3128 --insecure-skip-tls-verify=false
set-cluster-outside --kubeconfig merge/a/config config set-cluster only-a --certificate-authority=pki/ca.crt
set-cluster-noargs --kubeconfig basic.yaml config set-cluster
set-creds-token --kubeconfig basic.yaml config set-credentials basic --token=tok
set-creds-basic --kubeconfig basic.yaml config set-credentials dev-admin --username=u --password=p
set-creds-both --kubeconfig basic.yaml config set-credentials x --token=t --username=u
set-creds-cert --kubeconfig basic.yaml config set-credentials new --client-certificate=pki/client.crt --client-key=pki/client.key
set-creds-embed --kubeconfig basic.yaml config set-credentials prod-user --client-certificate=pki/client.crt --client-key=pki/client.key --embed-certs
set-creds-embed-missing --kubeconfig basic.yaml config set-credentials x --client-key=nope.key --embed-certs
set-creds-embed-none --kubeconfig basic.yaml config set-credentials x --embed-certs
set-creds-exec --kubeconfig basic.yaml config set-credentials ex --exec-command=./bin/plugin --exec-api-version=client.authentication.k8s.io/v1 --exec-arg=a,b --exec-arg=c --exec-env=K=V --exec-interactive-mode=Never --exec-provide-cluster-info
set-creds-exec-minimal --kubeconfig basic.yaml config set-credentials ex --exec-command=plugin
set-creds-exec-env-remove --kubeconfig exec.yaml config set-credentials v1 --exec-env=FOO-
set-creds-exec-env-update --kubeconfig exec.yaml config set-credentials v1 --exec-env=FOO=baz
set-creds-exec-newcmd --kubeconfig exec.yaml config set-credentials v1 --exec-command=/usr/bin/other
set-creds-exec-badmode --kubeconfig basic.yaml config set-credentials ex --exec-command=p --exec-interactive-mode=Sometimes
set-creds-exec-v1beta1 --kubeconfig exec.yaml config set-credentials v1beta1 --exec-api-version=client.authentication.k8s.io/v1beta1
set-creds-authprovider --kubeconfig basic.yaml config set-credentials ap --auth-provider=oidc --auth-provider-arg=client-id=kc,client-secret=s
set-creds-authprovider-remove --kubeconfig exec.yaml config set-credentials gcp --auth-provider-arg=expiry-
set-creds-authprovider-bad --kubeconfig basic.yaml config set-credentials ap --auth-provider=oidc --auth-provider-arg=novalue
set-creds-noargs --kubeconfig basic.yaml config set-credentials
delete-context --kubeconfig basic.yaml config delete-context prod
delete-context-current --kubeconfig basic.yaml config delete-context dev
delete-context-missing --kubeconfig basic.yaml config delete-context nope
delete-context-noargs --kubeconfig basic.yaml config delete-context
delete-cluster --kubeconfig basic.yaml config delete-cluster prod
delete-cluster-missing --kubeconfig basic.yaml config delete-cluster nope
delete-user --kubeconfig basic.yaml config delete-user basic
delete-user-missing --kubeconfig basic.yaml config delete-user nope
delete-user-noargs --kubeconfig basic.yaml config delete-user
rename-context --kubeconfig basic.yaml config rename-context prod production
rename-context-current --kubeconfig basic.yaml config rename-context dev development
rename-context-exists --kubeconfig basic.yaml config rename-context dev prod
rename-context-missing --kubeconfig basic.yaml config rename-context nope x
rename-context-noargs --kubeconfig basic.yaml config rename-context x
set-current --kubeconfig basic.yaml config set current-context prod
set-token --kubeconfig basic.yaml config set users.dev-admin.token newtoken
set-new-user --kubeconfig basic.yaml config set users.fresh.username someone
set-cadata --kubeconfig basic.yaml config set clusters.prod.certificate-authority-data aGVsbG8K
set-cadata-raw --kubeconfig basic.yaml config set clusters.prod.certificate-authority-data hello --set-raw-bytes
set-cadata-bad --kubeconfig basic.yaml config set clusters.prod.certificate-authority-data not-base64
set-insecure --kubeconfig basic.yaml config set clusters.prod.insecure-skip-tls-verify true
set-insecure-bad --kubeconfig basic.yaml config set clusters.prod.insecure-skip-tls-verify maybe
set-colors --kubeconfig basic.yaml config set preferences.colors true
set-dotted --kubeconfig dotted.yaml config set clusters.10.0.0.1.server https://10.0.0.2
set-dotted-ctx --kubeconfig dotted.yaml config set contexts.a.b.c.namespace x
set-badpath --kubeconfig basic.yaml config set nope.x y
set-actas --kubeconfig basic.yaml config set users.basic.act-as someone
set-actas-groups --kubeconfig basic.yaml config set users.basic.act-as-groups a
set-empty --kubeconfig basic.yaml config set current-context ""
set-oneargs --kubeconfig basic.yaml config set current-context
unset-token --kubeconfig basic.yaml config unset users.dev-admin.token
unset-user --kubeconfig basic.yaml config unset users.basic
unset-users --kubeconfig basic.yaml config unset users
unset-current --kubeconfig basic.yaml config unset current-context
unset-missing-key --kubeconfig basic.yaml config unset clusters.nope.server
unset-exec --kubeconfig exec.yaml config unset users.v1.exec
unset-noargs --kubeconfig basic.yaml config unset
unset-emptyprop --kubeconfig basic.yaml config unset ""
unset-preferences --kubeconfig basic.yaml config unset preferences
unset-pref-colors --kubeconfig basic.yaml config unset preferences.colors
unset-ctx-extensions --kubeconfig basic.yaml config unset contexts.dev.extensions
unset-user-extra --kubeconfig basic.yaml config unset users.basic.act-as-user-extra
unset-groups --kubeconfig basic.yaml config unset users.basic.act-as-groups
unset-config-extensions --kubeconfig basic.yaml config unset extensions
set-preferences --kubeconfig basic.yaml config set preferences x
quote-name --kubeconfig basic.yaml config set-context 'we"ird name' --cluster=x
quote-use --kubeconfig basic.yaml config use-context 'we"ird name'
quote-values --kubeconfig basic.yaml config set-context q --namespace=yes --cluster=0123 --user='a: b'
quote-server --kubeconfig basic.yaml config set-cluster q --server=~ --tls-server-name=null
set-cluster-empty-ca --kubeconfig basic.yaml config set-cluster prod --certificate-authority=
set-creds-abs-exec --kubeconfig basic.yaml config set-credentials ex --exec-command=$W/bin/plugin
set-creds-token-empty --kubeconfig basic.yaml config set-credentials dev-admin --token=
write-cased --kubeconfig cased.yaml config set-context c --cluster=x
locked --kubeconfig locked.yaml config set-context only --namespace=x
locked-readonly --kubeconfig locked.yaml config view
unicode --kubeconfig basic.yaml config set-context ünï --namespace=日本
EOF

# KUBECONFIG lists: which file each write lands in
test_expect_success 'KUBECONFIG set-context on an entry of the second file (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-set-context-b config set-context ctx-b --namespace=x'
test_expect_success 'KUBECONFIG set-context new entry goes to the first file (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-set-context-new config set-context brand-new --cluster=shared'
test_expect_success 'KUBECONFIG new entry with a missing first file (files)' '
	KUBECONFIG=missing/config:merge/b/config kc_vs_kubectl_w list-new-missing-first config set-cluster c9 --server=https://c9'
test_expect_success 'KUBECONFIG no file exists: the last is created (files)' '
	KUBECONFIG=x1/config:x2/config kc_vs_kubectl_w list-none-exist config set-cluster c9 --server=https://c9'
test_expect_success 'KUBECONFIG use-context writes the first file (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-use-context config use-context ctx-a'
test_expect_success 'KUBECONFIG unset current-context clears the file that sets it (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-unset-current config unset current-context'
test_expect_success 'KUBECONFIG delete-cluster from the file that has it (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-delete-cluster config delete-cluster only-b'
test_expect_success 'KUBECONFIG delete the shadowed entry (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-delete-shared config delete-cluster shared'
test_expect_success 'KUBECONFIG set-credentials relativises into the right file (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-set-creds config set-credentials user-b --client-certificate=merge/b/new.crt'
test_expect_success 'KUBECONFIG rename-context across files (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-rename config rename-context ctx-b renamed'
test_expect_success 'KUBECONFIG set on the preferences (files)' '
	KUBECONFIG=merge/a/config:merge/b/config kc_vs_kubectl_w list-set-colors config set preferences.colors false'
test_expect_success 'KUBECONFIG broken member stops writes (files)' '
	KUBECONFIG=merge/a/config:broken.yaml kc_vs_kubectl_w list-broken config use-context ctx-a'
test_expect_success 'KUBECONFIG delete-context names the default file (files)' '
	KUBECONFIG=missing:merge/b/config:merge/a/config kc_vs_kubectl_w list-delete-context config delete-context ctx-a'
test_expect_success 'KUBECONFIG with empty elements (files)' '
	KUBECONFIG=:merge/a/config::merge/b/config: kc_vs_kubectl_w list-empty-elems config set-context ctx-a --namespace=n'
test_expect_success '~/.kube/config is created with mode 600 (files)' '
	HOME=$W/home kc_vs_kubectl_w home-create config set-cluster c --server=https://c'

test_expect_success 'an existing file keeps its mode' '
	fresh_ && chmod 640 "$W/single.yaml" &&
	(cd "$W" && "$KC" --kubeconfig single.yaml config set-context only --namespace=x >/dev/null) &&
	test "$(stat -c %a "$W/single.yaml")" = 640
'

test_expect_success 'writes go through a symlink' '
	fresh_ && ln -s single.yaml "$W/link.yaml" &&
	(cd "$W" && "$KC" --kubeconfig link.yaml config set-context only --namespace=x >/dev/null) &&
	test -L "$W/link.yaml" && grep -q "namespace: x" "$W/single.yaml"
'

test_expect_success 'writes through a dangling symlink create its target' '
	fresh_ && ln -s sub/target.yaml "$W/dlink.yaml" && mkdir "$W/sub" &&
	(cd "$W" && "$KC" --kubeconfig dlink.yaml config set-cluster c --server=https://c >/dev/null) &&
	test -L "$W/dlink.yaml" && grep -q "server: https://c" "$W/sub/target.yaml"
'

test_done
