/* chart_sort_manifests: the fast head scan (one libyaml event pass) must give
 * exactly what the full decode gives (chart_manifest_head_scan = 0) — kinds,
 * names, hook annotations, order, warnings and error texts — on documents
 * chosen to hit every case where the scan has to give up or where a head
 * value is unusual. The full decode is pinned against Helm by chart-template.t
 * and the goldens; this test pins the fast path to it. */
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/internal.h"
#include "tap.h"

#define PAD100 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
#define PAD600 PAD100 PAD100 PAD100 PAD100 PAD100 PAD100

static const char *const docs[] = {
	"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
	"kind: Secret\nmetadata: {name: b, annotations: {x: y}}\n",
	"kind: Pod\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install,post-install\n"
	"    helm.sh/hook-weight: \"-5\"\n    helm.sh/hook-delete-policy: before-hook-creation , hook-succeeded\n",
	"kind: Job\nmetadata:\n  name: h2\n  annotations:\n    \"helm.sh/hook\": test-success\n"
	"    helm.sh/hook-weight: 3\n",
	"kind: Job\nmetadata:\n  name: h3\n  annotations:\n    helm.sh/hook: bogus\n",
	"kind: Job\nmetadata:\n  name: h4\n  annotations:\n    helm.sh/hook: ~\n",
	"kind: Job\nmetadata:\n  name: h5\n  annotations:\n    helm.sh/hook:\n",
	"kind: Job\nmetadata:\n  name: h6\n  annotations:\n    helm.sh/hook: [a]\n",
	"kind: Job\nmetadata:\n  name: h7\n  annotations: [a]\n",
	"kind: Job\nmetadata:\n  name: h8\n  annotations: null\n",
	"kind: Job\nmetadata:\n  name: h9\n  annotations: x\n",
	"kind: Job\nmetadata: x\n",
	"kind: Job\nmetadata: ~\n",
	"kind: Job\nmetadata: [1]\n",
	"kind: [Job]\n",
	"kind: {a: b}\n",
	"kind: 12\nmetadata: {name: 1.5}\n",
	"kind: true\nmetadata: {name: null}\n",
	"kind: 2001-12-14\nmetadata: {name: 0x1F}\n",
	"Kind: A\nkind: B\nKIND: C\n",
	"kind: A\nkind: B\n",
	"metadata: {name: a}\nmetadata: {name: b}\n",
	"metadata: {name: a, Name: b, NAME: c}\n",
	"MetaData: {Annotations: {helm.sh/hook: test}}\nkind: X\n",
	"apiVersion: [v1]\nkind: A\n",
	"apiVersion: {a: 1}\n",
	"kind: \"Quoted\"\nmetadata:\n  name: 'single'\n",
	"kind: |\n  Literal\nmetadata:\n  name: >\n    folded\n",
	"kind: A\nspec:\n  x: .inf\n",
	"kind: A\nspec:\n  x: -.Inf\n",
	"kind: A\nspec:\n  x: .nan\n",
	"kind: A\nspec:\n  x: 1e400\n",
	"kind: A\nspec:\n  ~: 1\n",
	"kind: A\nspec:\n  null: 1\n",
	"kind: A\nspec:\n  18446744073709551615: 1\n",
	"kind: A\nspec:\n  1.5: 1\n  true: 2\n  12: 3\n",
	"kind: A\nspec:\n  [a]: 1\n",
	"kind: A\nspec:\n  {a: b}: 1\n",
	"kind: A\nspec: &x {a: 1}\nother: *x\n",
	"kind: A\nspec: *nope\n",
	"kind: A\nbase: &b {x: 1}\nspec:\n  <<: *b\n",
	"kind: A\nspec:\n  <<: {x: 1}\n",
	"kind: !!str A\n",
	"kind: !!int 1\n",
	"kind: A\nspec: !!binary aGVsbG8=\n",
	"kind: A\nspec: !!binary \"not base64!\"\n",
	"kind: A\nspec: !custom x\n",
	"kind: A\nspec: \"a\\/b\"\n",
	"kind: A\nspec: \"a/b\"\n",
	"kind: A\nspec: \"a\\tb/c\"\n",
	"kind: A\nspec: [a?b]\n",
	"kind: A\nspec: {a?b: c}\n",
	"kind: A\nspec: a?b\n",
	"kind: A\nspec:\n  - [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	"kind: A\nmetadata:\n  name: caf\xc3\xa9\n",
	"kind: A\nmetadata:\n  annotations:\n    k\xc3\xa9y: v\n    helm.sh/hook: test\n",
	"kind: A\nmetadata:\n  annotations:\n    1: v\n    yes: w\n    helm.sh/hook: test\n",
	"kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook: pre-install\n",
	"kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: 9999999999\n",
	"kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: 1.0\n",
	"kind: A\n...\nkind: B\n",
	"kind: A\n---\nkind: B\n",
	"- a\n- b\n",
	"just a string\n",
	"42\n",
	"~\n",
	"# only a comment\n",
	"kind: A\n  bad: indent\n",
	"kind: A\nspec: [a, b\n",
	"kind: 'unterminated\n",
	"kind: A\n\tspec: tab\n",
	"kind: A\nspec: \"\\/x\n",
	"kind: A\nspec: \"bad \\q escape\"\n",
	"key: value\nkey2: [a, b]: c\n",
	"kind: A\nspec:\n  a: 1\n  a: 2\n",
	"? kind\n: A\n? [x]\n: y\n",
	"? kind\n: A\n",
	"kind: A\nmetadata:\n  name: n\n  labels: {a: b}\n  annotations: {}\n",
	"{kind: A, metadata: {name: flow}}\n",
	"kind: \"A\\u00e9\"\n",
	"kind: A\nmetadata:\n  name: \"x\\0y\"\n",
	"kind: A\nmetadata:\n  annotations: {a: b}\n  name: [x]\n",
	/* reader errors: util/yaml.c reads 512 bytes at a time, the scan all at once */
	"kind: A\n...\n\xff\n",
	"kind: A\n...\n\x01\n",
	"kind: A\nx: \x01\n",
	"kind: A\nx: \xc3\n",
	"kind: A\n---\n\xff\n",
	"kind: A\nmetadata: {name: n}\nx: \"" PAD600 "\"\n...\n\xff",
	"kind: A\nmetadata: {name: n}\nx: \"" PAD600 "\xff\"\n",
	"\xef\xbb\xbfkind: A\n",
	"\xff\xfek\0i\0n\0d\0:\0 \0A\0\n\0",
	"kind: A\r\nmetadata:\r\n  name: crlf\r\n",
	NULL,
};

static void dump(struct strbuf *sb, const char *label, const struct chart_manifests *ms)
{
	for (size_t i = 0; i < ms->nr; i++) {
		const struct chart_manifest *m = &ms->v[i];
		strbuf_addf(sb, "%s %s kind=%s name=%s meta=%d hook=%d weight=%d ev=", label, m->path,
			    m->kind, m->name, m->has_metadata, m->is_hook, m->weight);
		for (size_t k = 0; k < m->events.nr; k++)
			strbuf_addf(sb, "%s,", m->events.v[k]);
		strbuf_addstr(sb, " del=");
		for (size_t k = 0; k < m->delete_policies.nr; k++)
			strbuf_addf(sb, "%s,", m->delete_policies.v[k]);
		strbuf_addf(sb, "\n%s\n", m->content);
	}
}

static void run(struct chart_files *files, int scan, struct strbuf *out)
{
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	chart_manifest_head_scan = scan;
	int rc = chart_sort_manifests(files, &hooks, &generic, &warn, &err);
	chart_manifest_head_scan = 1;
	strbuf_addf(out, "rc=%d err=%s\n", rc, rc ? err.msg.buf : "");
	for (size_t i = 0; i < warn.nr; i++)
		strbuf_addf(out, "warn %s\n", warn.v[i]);
	dump(out, "hook", &hooks);
	dump(out, "generic", &generic);
	chart_manifests_release(&hooks);
	chart_manifests_release(&generic);
	strvec_clear(&warn);
	kc_err_release(&err);
}

int main(void)
{
	plan_lazy();
	struct strbuf all = STRBUF_INIT;
	for (size_t i = 0; docs[i]; i++) {
		/* each document alone, then all of them in one file */
		struct chart_files files = { 0 };
		chart_files_add(&files, "c/templates/t.yaml", docs[i], strlen(docs[i]));
		struct strbuf fast = STRBUF_INIT, full = STRBUF_INIT;
		run(&files, 1, &fast);
		run(&files, 0, &full);
		char *title = xasprintf("document %zu: fast scan = full decode", i);
		is_str(fast.buf, full.buf, title);
		free(title);
		if (!strncmp(fast.buf, "rc=0 ", 5)) /* the ones that decode go into one file too */
			strbuf_addf(&all, "---\n%s", docs[i]);
		strbuf_release(&fast);
		strbuf_release(&full);
		chart_files_release(&files);
	}
	struct chart_files files = { 0 };
	for (int k = 0; k < 3; k++) {
		char name[64];
		snprintf(name, sizeof name, "c/templates/all%d.yaml", k);
		chart_files_add(&files, name, all.buf, all.len);
	}
	struct strbuf fast = STRBUF_INIT, full = STRBUF_INIT;
	run(&files, 1, &fast);
	run(&files, 0, &full);
	is_str(fast.buf, full.buf, "all documents in three files: fast scan = full decode");
	strbuf_release(&fast);
	strbuf_release(&full);
	chart_files_release(&files);
	strbuf_release(&all);
	return done_testing();
}
