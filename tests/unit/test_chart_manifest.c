/* chart_sort_manifests: the fast head readers — the line scan of simple
 * block YAML (chart_manifest_head_scan bit 1) and the libyaml event scan (bit
 * 2) — must give exactly what the full decode gives (chart_manifest_head_scan
 * = 0): kinds, names, hook annotations, order, warnings and error texts. On
 * documents chosen to hit every case where a scan has to give up or where a
 * head value is unusual; on every document Helm rendered for the shared
 * goldens (KC_GOLDENS, default ../shared/goldens); and on mutations of them
 * (bytes deleted, inserted, replaced, lines re-indented or doubled). The full
 * decode is pinned against Helm by chart-template.t and the goldens; this
 * test pins the fast paths to it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/internal.h"
#include "tap.h"
#include "util/file.h"

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
	/* the line scan's subset and its edges */
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    a: b\nspec:\n  containers:\n  - name: c\n    image: \"x/y:1\"\n    ports:\n    - containerPort: 80\n      name: http\n  - name: d\n",
	"kind: A\nlist:\n- a\n- b\nother: 1\n",
	"kind: A\nlist:\n  - a\n  -\n    b: c\n  - - x\n",
	"kind: A\nlist:\n- a\n - b\n",
	"kind: A\nm:\n  a: 1\n   b: 2\n",
	"kind: A\nm:\n  a: 1\n b: 2\n",
	"kind: A\nm: x\n  b: 2\n",
	"kind: A\nm: multi\n  line plain\n",
	"kind: A\nm:\n  just a scalar\n",
	"kind: A\ndata:\n  a: |\n    line 1\n\n    line 3\n  b: |-\n      deeper\n    less\n",
	"kind: A\ndata:\n  a: |\n    x\n   y\n",
	"kind: A\ndata:\n  a: |\n      \n    x\n",
	"kind: A\ndata:\n  a: |\n    \n    x\n",
	"kind: A\ndata:\n  a: |\n     \nb: 1\n",
	"kind: A\ndata:\n  a: |\nb: 1\n",
	"kind: A\ndata:\n  a: |\n    x\t\ty\n    # not a comment\n    ---\n",
	"kind: A\ndata:\n  a: |+\n    x\n",
	"kind: A\ndata:\n  a: >\n    x\n",
	"kind: A\ndata:\n  a: |2\n    x\n",
	"kind: A\ndata:\n  a: | # c\n    x\n",
	"kind: |\n  A\n",
	"kind: A\nmetadata:\n  name: |\n    n\n",
	"kind: A\nmetadata:\n  annotations:\n    a: |\n      v\n",
	"kind: A\nmetadata:\n  annotations:\n    a:\n      b: c\n",
	"kind: A\nmetadata:\n  annotations:\n  - a\n",
	"kind: A\nmetadata:\n- a\n",
	"kind: A\nmetadata: {}\n",
	"kind: A\nmetadata: []\n",
	"kind: A\nmetadata:\n  annotations: {}\n  name: n\n",
	"kind: {}\n",
	"kind: []\n",
	"kind: A\nx: {a: b}\n",
	"kind: A\nx: [a]\n",
	"kind: A # comment\n",
	"kind: A\n# comment\n  # indented comment\nmetadata:\n# between\n  name: n\n",
	"# leading comment\nkind: A\n",
	"kind: \"A\\\"B\"\n",
	"kind: 'it''s'\n",
	"kind: \"a\" b\n",
	"kind: 'a\n",
	"kind: a: b\n",
	"kind: a:b\n",
	"kind: a:\n",
	"kind: a #b\n",
	"kind: a#b\n",
	"kind: -1\n",
	"kind: -a\n",
	"kind: -\n",
	"kind: ~\nmetadata:\n  name: null\n",
	"kind: Null\nmetadata:\n  name: NULL\n",
	"kind: yes\n",
	"kind: 0x10\n",
	"kind: 1_000\n",
	"kind: 2001-12-14t21:59:43.10-05:00\n",
	"kind: 1:20\n",
	"kind: .5\n",
	"kind: A\nx: .inf\ny: -.inf\n",
	"kind: A\nx: .NaN\n",
	"kind: A\n1: a\ntrue: b\n1.5: c\n",
	"kind: A\n~: a\n",
	"kind: A\nnull: a\n",
	"kind: A\n18446744073709551615: a\n",
	"kind: A\nmetadata:\n  annotations:\n    1: a\n    y: b\n    ~: c\n",
	"kind: A\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"5\"\n    helm.sh/hook-delete-policy: hook-succeeded\n",
	"Kind: A\nKIND: B\nMetaData:\n  NAME: x\n  Annotations:\n    helm.sh/hook: test\n",
	"kind: A\nmetadata:\n  name: a\nmetadata:\n  name: b\n",
	"kind: A\nmetadata:\n  name: a\n  name: b\n",
	"kind: A\nmetadata:\n  name:\n  annotations:\n",
	"kind:\nmetadata:\n",
	"kind:\n  nested: map\n",
	"kind: A\n\tx: 1\n",
	"kind: A\nx: a\tb\n",
	"kind: A\nx: caf\xc3\xa9\n",
	"kind: A\n---\nkind: B\n",
	"kind: A\n...\n",
	"kind: A\n--- x\n",
	"- kind: A\n",
	"kind: A\n- x\n",
	"  kind: A\n",
	"kind: A\n\"quoted key\": 1\n",
	"kind: A\n? complex\n: 1\n",
	"kind: A\nx: &a 1\ny: *a\n",
	"kind: A\nx: !!str 1\n",
	"kind: A\nx: @at\n",
	"kind: A\nx: `tick`\n",
	"kind: A\nx: %pct\n",
	"kind: A\nx: a, b, {c}\n",
	"kind: A\nkey with space: 1\n",
	"kind: A\nkey:value\n",
	"kind: A\nkey :value\n",
	"kind: A\n-key: 1\n",
	"kind: A\nlist:\n-   a: 1\n    b: 2\n-   c\n",
	"kind: A\nlist:\n- a: 1\n   b: 2\n",
	"kind: A\nlist:\n- |\n  text\n- b\n",
	"kind: A\nlist:\n- {}\n- []\n- \"q\"\n",
	"kind: A\nlist:\n- \n",
	"kind: A\nlist:\n- a:\n  - x\n  b: 1\n",
	"kind: A\nlist:\n- a:\n  - x\n   b: 1\n",
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

static void run(struct chart_files *files, int scan, struct strbuf *out);

/* modes 1 (line scan), 2 (event scan), 3 (both) against 0 (full decode) for one
 * document; returns the first differing mode's diagnostics in *why, or 0 */
static int differs(const char *doc, size_t len, int modes, struct strbuf *why)
{
	struct chart_files files = { 0 };
	chart_files_add(&files, "c/templates/t.yaml", doc, len);
	struct strbuf full = STRBUF_INIT;
	run(&files, 0, &full);
	int bad = 0;
	for (int m = 1; m <= 3 && !bad; m++) {
		if (!(modes & (1 << m)))
			continue;
		struct strbuf fast = STRBUF_INIT;
		run(&files, m, &fast);
		if (strcmp(fast.buf, full.buf)) {
			bad = m;
			strbuf_addf(why, "mode %d on:\n%.*s\n-- fast:\n%s-- full:\n%s", m, (int)len, doc,
				    fast.buf, full.buf);
		}
		strbuf_release(&fast);
	}
	strbuf_release(&full);
	chart_files_release(&files);
	return bad;
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* one random edit of doc (at most 1 KiB of it, cut at a line end) */
static void mutate(const char *doc, size_t len, struct strbuf *out)
{
	static const char pick[] = " -:#|\"'\n\t{}[]&*!>?%@`,\\.~0a";
	if (len > 1024) {
		const char *nl = memchr(doc + 1024, '\n', len - 1024);
		len = nl ? (size_t)(nl - doc) : len;
	}
	strbuf_add(out, doc, len);
	if (!len)
		return;
	size_t pos = next_rand() % len;
	switch (next_rand() % 5) {
	case 0: strbuf_remove(out, pos, 1); break;
	case 1: strbuf_insert(out, pos, &pick[next_rand() % (sizeof(pick) - 1)], 1); break;
	case 2: out->buf[pos] = pick[next_rand() % (sizeof(pick) - 1)]; break;
	case 3: { /* re-indent the line at pos by one or two spaces */
		while (pos && out->buf[pos - 1] != '\n')
			pos--;
		if (next_rand() % 2)
			strbuf_insert(out, pos, "  ", 1 + next_rand() % 2);
		else if (out->buf[pos] == ' ')
			strbuf_remove(out, pos, 1);
		break;
	}
	default: { /* double the line at pos */
		size_t a = pos, b = pos;
		while (a && out->buf[a - 1] != '\n')
			a--;
		while (b < out->len && out->buf[b] != '\n')
			b++;
		char *line = xstrndup(out->buf + a, b - a);
		strbuf_insert(out, a, "\n", 1);
		strbuf_insert(out, a, line, b - a);
		free(line);
	}
	}
}

/* every document of Helm's outputs for the goldens, then mutations of each */
static void goldens(void)
{
	const char *g = getenv("KC_GOLDENS");
	if (!g || !*g)
		g = "../shared/goldens";
	char *dir = xasprintf("%s/cases", g);
	DIR *d = opendir(dir);
	if (!d) {
		ok(1, "goldens not found (set KC_GOLDENS): skipped");
		free(dir);
		return;
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (ends_with(de->d_name, ".out"))
			strvec_push(&names, de->d_name);
	closedir(d);
	size_t ndocs = 0, nmut = 0;
	for (size_t i = 0; i < names.nr; i++) {
		char *path = xasprintf("%s/%s", dir, names.v[i]);
		struct strbuf data = STRBUF_INIT, why = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		if (file_read(path, &data, &err) == 0) {
			struct strvec docs = STRVEC_INIT;
			chart_split_manifests(data.buf, data.len, &docs);
			for (size_t k = 0; k < docs.nr && !why.len; k++) {
				const char *doc = docs.v[k];
				/* as rendered: without the "# Source:" line helm adds */
				if (!strncmp(doc, "# Source: ", 10) && strchr(doc, '\n'))
					doc = strchr(doc, '\n') + 1;
				ndocs++;
				if (differs(doc, strlen(doc), 0xe, &why))
					break;
				for (int r = 0; r < 6 && !why.len; r++) {
					struct strbuf m = STRBUF_INIT;
					mutate(doc, strlen(doc), &m);
					nmut++;
					differs(m.buf, m.len, 0x2, &why);
					strbuf_release(&m);
				}
			}
			strvec_clear(&docs);
		}
		char *title = xasprintf("%s: fast scans = full decode on its documents and mutations",
					names.v[i]);
		ok(!why.len, title);
		if (why.len)
			tap_diag_block("first difference", why.buf);
		free(title);
		free(path);
		strbuf_release(&data);
		strbuf_release(&why);
		kc_err_release(&err);
	}
	printf("# %zu golden documents, %zu mutations\n", ndocs, nmut);
	strvec_clear(&names);
	free(dir);
}

static void run(struct chart_files *files, int scan, struct strbuf *out)
{
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	chart_manifest_head_scan = scan;
	int rc = chart_sort_manifests(files, &hooks, &generic, &warn, &err);
	chart_manifest_head_scan = 3;
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
		struct strbuf fast = STRBUF_INIT, full = STRBUF_INIT, why = STRBUF_INIT;
		run(&files, 3, &fast);
		run(&files, 0, &full);
		char *title = xasprintf("document %zu: fast scans = full decode", i);
		ok(!differs(docs[i], strlen(docs[i]), 0xe, &why), title);
		if (why.len)
			tap_diag_block("difference", why.buf);
		strbuf_release(&why);
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
	is_str(fast.buf, full.buf, "all documents in three files: fast scans = full decode");
	strbuf_release(&fast);
	strbuf_release(&full);
	chart_files_release(&files);
	strbuf_release(&all);
	goldens();
	return done_testing();
}
