/* util/yaml: the loader (YAMLToJSON semantics) and the go-yaml v2 emitter.
 * Expected values were captured from kubectl v1.32 (annotate --local -o json);
 * the data-driven corpus lives in tests/cases/yaml/. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/file.h"
#include "util/json.h"
#include "util/yaml.h"

/* Load YAML, return compact sorted JSON or "ERR <message>" (caller frees). */
static char *load(const char *y)
{
	struct kc_err err = KC_ERR_INIT;
	struct yaml_pos pos;
	json_t *j = yaml_load(y, strlen(y), &pos, &err);
	char *s;
	if (!j) {
		s = xasprintf("ERR %s", err.msg.buf);
	} else {
		s = json_dumps(j, JSON_ENCODE_ANY | JSON_SORT_KEYS | JSON_COMPACT);
		json_decref(j);
	}
	kc_err_release(&err);
	return s;
}

static void t_load(const char *y, const char *want)
{
	char *got = load(y);
	struct strbuf name = STRBUF_INIT;
	for (const char *p = y; *p; p++)
		if (*p == '\n')
			strbuf_addstr(&name, "\\n");
		else if (*p == '\t')
			strbuf_addstr(&name, "\\t");
		else
			strbuf_addch(&name, *p);
	is_str(got, want, name.buf);
	strbuf_release(&name);
	free(got);
}

static void test_load(void)
{
	t_load("a: yes\nn: n\nb: [1, 1.0, 1e3, 0x10, 0o17, 017, 1_000, .5, 08]\n",
	       "{\"a\":true,\"b\":[1,1,1000,16,15,15,1000,0.5,8],\"false\":false}");
	t_load("a: [1e400, 2001-12-14, 12e, ., 1:20]\n",
	       "{\"a\":[\"1e400\",\"2001-12-14\",\"12e\",\".\",\"1:20\"]}");
	t_load("a: {1: x, 1.5: y, true: z, 0.1: w, 3.14159265358979: v}\n",
	       "{\"a\":{\"0.1\":\"w\",\"1\":\"x\",\"1.5\":true,\"3.1415927\":\"v\",\"true\":\"z\"}}");
	t_load("a: [!!float 1, !!str 1, !!binary aGVsbG8=, !foo 12, ! 12, -0b101, +12, 0x_1F]\n",
	       "{\"a\":[1,\"1\",\"hello\",\"12\",\"12\",-5,12,31]}");
	t_load("b: &b {x: 1, y: 2}\na: {<<: *b, y: 3}\n",
	       "{\"a\":{\"true\":3,\"x\":1},\"b\":{\"true\":2,\"x\":1}}");
	t_load("b: &b {x: 1}\nc: &c {x: 2, z: 1}\na: {<<: [*b, *c], y: 3}\n",
	       "{\"a\":{\"true\":3,\"x\":1,\"z\":1},\"b\":{\"x\":1},\"c\":{\"x\":2,\"z\":1}}");
	t_load("a: \"1\"\na: \"2\"\n", "{\"a\":\"2\"}");
	t_load("", "null");
	t_load("# only a comment\n", "null");
	t_load("a: [\n", "ERR yaml: line 1: did not find expected node content");
	t_load("a: b: c\n", "ERR yaml: mapping values are not allowed in this context");
	t_load("a:\n\tb: 1\n", "ERR yaml: line 2: found character that cannot start any token");
	t_load("a: *x\n", "ERR yaml: unknown anchor 'x' referenced");
	t_load("a: &x [*x]\n", "ERR yaml: anchor 'x' value contains itself");
	t_load("a: {~: x}\n",
	       "ERR unsupported map key of type: %!s(<nil>), key: <nil>, value: \"x\"");
	t_load("a: {18446744073709551615: x}\n",
	       "ERR unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\"");
	t_load("a: .nan\n", "ERR json: unsupported value: NaN");
	t_load("a: -.inf\n", "ERR json: unsupported value: -Inf");
	t_load("a: !!int abc\n", "ERR yaml: cannot decode !!str `abc` as a !!int");
	t_load("a: !!binary aGVsbG8\n", "ERR yaml: !!binary value contains invalid base64 data");
	t_load("a: {<<: 1}\n", "ERR yaml: map merge requires map or sequence of maps as the value");
	t_load("a: {[1]: x}\n", "ERR yaml: invalid map key: []interface {}{1}");
	t_load("a: {{b: 1}: x}\n", "ERR yaml: invalid map key: map[interface {}]interface {}{\"b\":1}");
}

static void test_limits(void)
{
	/* deep flow nesting: go-yaml's max depth, never a stack overflow */
	size_t n = 20000;
	char *deep = malloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	char *got = load(deep);
	is_str(got, "ERR yaml: line 1: exceeded max depth of 10000", "deep flow nesting");
	free(got);
	free(deep);
	/* billion laughs */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'i'; c++)
		strbuf_addf(&sb, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1, c - 1,
			    c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	got = load(sb.buf);
	is_str(got, "ERR yaml: document contains excessive aliasing", "billion laughs");
	free(got);
	strbuf_release(&sb);
}

/* Captured from kubectl 1.32 `annotate --local -f F x- -o name` on the same
 * streams (header lines stand for a ConfigMap): kubectl acts on configmap/a, then
 * fails with the line counted inside the third document. */
static void test_stream_kubectl(void)
{
	const char *h = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ";
	struct strbuf y = STRBUF_INIT;
	strbuf_addf(&y, "%sa\n---\n# comment\n---\n%sb\ndata:\n  x: [\n", h, h);
	struct yaml_stream st;
	struct yaml_pos pos;
	struct kc_err err = KC_ERR_INIT;
	json_t *doc;
	yaml_stream_init(&st, y.buf, y.len);
	is_int(yaml_stream_next(&st, &doc, &pos, &err), 1, "stream: first document");
	is_str(json_string_value(json_object_get(json_object_get(doc, "metadata"), "name")), "a",
	       "stream: configmap/a");
	json_decref(doc);
	is_int(yaml_stream_next(&st, &doc, &pos, &err), 1, "stream: comment-only document");
	ok(json_is_null(doc), "stream: it is null");
	json_decref(doc);
	is_int(yaml_stream_next(&st, &doc, &pos, &err), -1, "stream: third fails");
	is_str(err.msg.buf, "yaml: line 6: did not find expected node content", "kubectl's line");
	kc_err_release(&err);
	strbuf_reset(&y);
	strbuf_addf(&y, "%sa\n---x\n%sb\n", h, h);
	yaml_stream_init(&st, y.buf, y.len);
	is_int(yaml_stream_next(&st, &doc, &pos, &err), -1, "stream: ---x");
	is_str(err.msg.buf, "invalid Yaml document separator: x", "kubectl's separator error");
	kc_err_release(&err);
	strbuf_release(&y);
}

static void test_stream(void)
{
	const char *y = "a: 1\n---\n# c\n--- # x\nb: 2\r\n---\nc: [\n";
	struct kc_err err = KC_ERR_INIT;
	struct yaml_pos pos;
	int *starts = NULL;
	json_t *j = yaml_load_stream(y, strlen(y), &starts, &pos, &err);
	ok(!j, "stream with a bad document fails");
	is_str(err.msg.buf, "yaml: line 1: did not find expected node content",
	       "line counted from the document");
	is_int(pos.line, 8, "position is absolute (end of stream)");
	kc_err_release(&err);
	y = "a: 1\n---\n# c\n--- # x\nb: 2\r\n";
	j = yaml_load_stream(y, strlen(y), &starts, &pos, &err);
	char *s = json_dumps(j, JSON_COMPACT);
	is_str(s, "[{\"a\":1},null,{\"b\":2}]", "stream documents");
	is_int(starts[0], 1, "doc 1 starts at line 1");
	is_int(starts[1], 3, "doc 2 starts at line 3");
	is_int(starts[2], 5, "doc 3 starts at line 5");
	free(s);
	free(starts);
	json_decref(j);
	y = "a: 1\n--- x\n";
	j = yaml_load_stream(y, strlen(y), NULL, &pos, &err);
	ok(!j, "bad separator");
	is_str(err.msg.buf, "invalid Yaml document separator: x", "bad separator message");
	kc_err_release(&err);
}

static int read_whole(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(sb, buf, n);
	fclose(f);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The corpus: NAME.in with kubectl's (and helmref's) captured outputs. */
static void test_corpus(void)
{
	const char *dir = getenv("KC_YAML_CASES") ? getenv("KC_YAML_CASES") : "tests/cases/yaml";
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	if (!d) {
		ok(0, "corpus folder tests/cases/yaml");
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".in")) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrndup(de->d_name, l - 3);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct strbuf in = STRBUF_INIT, exp = STRBUF_INIT, got = STRBUF_INIT, raw = STRBUF_INIT;
		char *path = xasprintf("%s/%s.in", dir, names[i]);
		read_whole(path, &raw);
		free(path);
		yaml_kubectl_input(&in, raw.buf, raw.len);
		strbuf_addstr(&in, "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: x\n");
		struct kc_err err = KC_ERR_INIT;
		/* kubectl reads the file as a stream: the case's documents (the
		 * header joins the last one) */
		struct yaml_stream st;
		json_t *j = NULL, *d;
		int rc;
		yaml_stream_init(&st, in.buf, in.len);
		while ((rc = yaml_stream_next(&st, &d, NULL, &err)) > 0) {
			json_decref(j);
			j = d;
		}
		if (rc < 0) {
			json_decref(j);
			j = NULL;
		}
		char *name;
		path = xasprintf("%s/%s.err", dir, names[i]);
		if (!read_whole(path, &exp)) {
			if (j)
				strbuf_addstr(&got, "(loaded)");
			else
				strbuf_addf(&got, "error: error parsing case.yaml: error converting YAML to JSON: %s\n",
					    err.msg.buf);
			name = xasprintf("%s: error", names[i]);
			is_str(got.buf, exp.buf, name);
			free(name);
		} else if (!j) {
			name = xasprintf("%s: loads (%s)", names[i], err.msg.buf);
			ok(0, name);
			free(name);
		} else {
			json_t *md = json_object_get(j, "metadata");
			if (!json_object_get(md, "annotations"))
				json_object_set_new(md, "annotations", json_object());
			free(path);
			path = xasprintf("%s/%s.json", dir, names[i]);
			read_whole(path, &exp);
			json_emit(&got, j, JSON_OUT_SORT_KEYS);
			strbuf_addch(&got, '\n');
			name = xasprintf("%s: kubectl -o json", names[i]);
			is_str(got.buf, exp.buf, name);
			free(name);
			free(path);
			path = xasprintf("%s/%s.yaml", dir, names[i]);
			strbuf_reset(&exp);
			strbuf_reset(&got);
			if (read_whole(path, &exp)) {
				free(path);
				path = xasprintf("%s/%s.yamlerr", dir, names[i]);
				read_whole(path, &exp);
			}
			struct kc_err eerr = KC_ERR_INIT;
			if (yaml_emit_checked(&got, j, &eerr))
				strbuf_addf(&got, "error: %s\n", eerr.msg.buf);
			kc_err_release(&eerr);
			name = xasprintf("%s: kubectl -o yaml", names[i]);
			is_str(got.buf, exp.buf, name);
			free(name);
			free(path);
			path = xasprintf("%s/%s.helm", dir, names[i]);
			strbuf_reset(&exp);
			if (!read_whole(path, &exp)) {
				json_t *v = yaml_load_float64(raw.buf, raw.len, NULL, &err);
				strbuf_reset(&got);
				if (v) {
					yaml_helm_to_yaml(&got, v);
					json_decref(v);
				}
				name = xasprintf("%s: helm toYaml", names[i]);
				is_str(got.buf, exp.buf, name);
				free(name);
			}
		}
		free(path);
		json_decref(j);
		kc_err_release(&err);
		strbuf_release(&in);
		strbuf_release(&raw);
		strbuf_release(&exp);
		strbuf_release(&got);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	plan_lazy();
	test_corpus();
	test_load();
	test_limits();
	test_stream();
	test_stream_kubectl();
	return done_testing();
}
