/* util/json: Go's encoding/json bytes. Expectations come from the real tools:
 * tests/cases/yaml/NAME.{tojson,toprettyjson,torawjson} (helmref's toJson,
 * toPrettyJson, toRawJson of NAME.in) and json-parse.expect (helmref's fromJson),
 * captured by tests/cases/yaml/capture.sh; kubectl's -o json is covered by
 * test_yaml's corpus run. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/json.h"
#include "util/yaml.h"

static const char *cases_dir(void)
{
	return getenv("KC_YAML_CASES") ? getenv("KC_YAML_CASES") : "tests/cases/yaml";
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

/* Helm's values are float64. */
static void to_float64(json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			if (json_is_integer(x))
				json_object_set_new(v, k, json_real((double)json_integer_value(x)));
			else
				to_float64(x);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (json_is_integer(x))
				json_array_set_new(v, i, json_real((double)json_integer_value(x)));
			else
				to_float64(x);
		}
	}
}

/* helmref runs on Go 1.19, whose encoder wrote \b and \f as \u0008 and \u000c;
 * Go >= 1.22 (kubectl 1.32, Helm 3.21) writes \b and \f. */
static void modern_escapes(struct strbuf *sb)
{
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < sb->len; i++) {
		if (sb->buf[i] == '\\' && i + 5 < sb->len + 0 && !strncmp(sb->buf + i, "\\u0008", 6)) {
			strbuf_addstr(&out, "\\b");
			i += 5;
		} else if (sb->buf[i] == '\\' && !strncmp(sb->buf + i, "\\u000c", 6)) {
			strbuf_addstr(&out, "\\f");
			i += 5;
		} else if (sb->buf[i] == '\\' && i + 1 < sb->len) {
			strbuf_add(&out, sb->buf + i, 2);
			i++;
		} else {
			strbuf_addch(&out, sb->buf[i]);
		}
	}
	strbuf_release(sb);
	*sb = out;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_helm_json(void)
{
	static const struct {
		const char *ext;
		unsigned flags;
	} kinds[] = {
		{ "tojson", JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS },
		{ "toprettyjson", JSON_OUT_INDENT2 | JSON_OUT_SORT_KEYS },
		{ "torawjson", JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS | JSON_OUT_NO_ESCAPE_HTML },
	};
	DIR *d = opendir(cases_dir());
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	if (!d) {
		ok(0, "corpus folder");
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 7 && !strcmp(de->d_name + l - 7, ".tojson")) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrndup(de->d_name, l - 7);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct strbuf in = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		char *path = xasprintf("%s/%s.in", cases_dir(), names[i]);
		read_whole(path, &in);
		free(path);
		json_t *v = yaml_load_float64(in.buf, in.len, NULL, &err);
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
			struct strbuf exp = STRBUF_INIT, got = STRBUF_INIT;
			path = xasprintf("%s/%s.%s", cases_dir(), names[i], kinds[k].ext);
			if (!read_whole(path, &exp)) {
				modern_escapes(&exp);
				json_emit(&got, v, kinds[k].flags);
				char *name = xasprintf("%s: %s", names[i], kinds[k].ext);
				is_str(got.buf, exp.buf, name);
				free(name);
			}
			free(path);
			strbuf_release(&exp);
			strbuf_release(&got);
		}
		json_decref(v);
		kc_err_release(&err);
		strbuf_release(&in);
		free(names[i]);
	}
	free(names);
}

/* fromJson decodes into map[string]interface{}. */
static void from_json(struct strbuf *out, const char *text, size_t len)
{
	struct kc_err err = KC_ERR_INIT;
	json_t *v = json_parse(text, len, &err);
	if (!v) {
		strbuf_addf(out, "ERR %s", err.msg.buf);
	} else if (!json_is_object(v)) {
		const char *t = json_is_array(v) ? "array" : json_is_string(v) ? "string" :
				json_is_boolean(v) ? "bool" : json_is_number(v) ? "number" : NULL;
		if (t)
			strbuf_addf(out, "ERR json: cannot unmarshal %s into Go value of type "
				    "map[string]interface {}", t);
		else
			strbuf_addstr(out, "map[]");
	} else {
		to_float64(v);
		json_emit(out, v, JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS);
	}
	json_decref(v);
	kc_err_release(&err);
}

static void test_parse(void)
{
	struct strbuf vals = STRBUF_INIT, exp = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	char *p = xasprintf("%s/json-parse.values", cases_dir());
	char *q = xasprintf("%s/json-parse.expect", cases_dir());
	if (read_whole(p, &vals) || read_whole(q, &exp)) {
		ok(0, "json-parse.values and json-parse.expect");
		goto out;
	}
	modern_escapes(&exp);
	json_t *texts = yaml_load(vals.buf, vals.len, NULL, &err);
	char *line = exp.buf;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *sp = strchr(line, ' ');
		if (sp) {
			*sp = '\0';
			json_t *t = json_object_get(texts, line);
			struct strbuf got = STRBUF_INIT;
			if (t)
				from_json(&got, json_string_value(t), json_string_length(t));
			char *name = xasprintf("fromJson %s", line);
			is_str(got.buf, sp + 1, name);
			free(name);
			strbuf_release(&got);
		}
		line = nl ? nl + 1 : NULL;
	}
	json_decref(texts);
out:
	free(p);
	free(q);
	kc_err_release(&err);
	strbuf_release(&vals);
	strbuf_release(&exp);
}

static void test_basics(void)
{
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		double f;
		const char *want;
	} floats[] = {
		/* encoding/json's float64 text (the same values appear, captured from
		 * kubectl -o json, in tests/cases/yaml/numbers.json) */
		{ 1e21, "1e+21" }, { 1e20, "100000000000000000000" }, { 1e-7, "1e-7" },
		{ 1.5e-7, "1.5e-7" }, { 0.000001, "0.000001" }, { 1.5e300, "1.5e+300" },
		{ 9223372036854775808.0, "9223372036854776000" }, { 0.1, "0.1" }, { -0.5, "-0.5" },
	};
	for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
		strbuf_reset(&sb);
		json_format_go_float(&sb, floats[i].f);
		is_str(sb.buf, floats[i].want, floats[i].want);
	}
	json_t *v = json_pack("{s:s, s:[], s:{}, s:[i,{s:b}]}", "z", "<a&b>\xe2\x80\xa8", "e", "o", "a", 1,
			      "k", 1);
	strbuf_reset(&sb);
	json_emit(&sb, v, 0);
	is_str(sb.buf, "{\n    \"z\": \"\\u003ca\\u0026b\\u003e\\u2028\",\n    \"e\": [],\n    \"o\": {},\n"
		       "    \"a\": [\n        1,\n        {\n            \"k\": true\n        }\n    ]\n}",
	       "MarshalIndent 4 spaces, insertion order, HTML escapes");
	strbuf_reset(&sb);
	json_emit(&sb, v, JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS | JSON_OUT_NO_ESCAPE_HTML);
	is_str(sb.buf, "{\"a\":[1,{\"k\":true}],\"e\":[],\"o\":{},\"z\":\"<a&b>\\u2028\"}",
	       "compact, sorted, no HTML escaping (U+2028 still escaped)");
	json_decref(v);
	strbuf_release(&sb);
	/* nesting deeper than Go's limit is an error, not a stack overflow */
	size_t n = 20000;
	char *deep = xmalloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	struct kc_err err = KC_ERR_INIT;
	ok(!json_parse(deep, n, &err), "deep nesting fails");
	kc_err_release(&err);
	free(deep);
}

/* Captured from kubectl 1.32 `annotate --local -f j.json x- -o name`: it reads a
 * .json manifest with json.Decoder and prints "json: offset N: MSG". */
static void test_stream(void)
{
	static const char c[] = "\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}";
	static const struct {
		const char *fmt;
		int ndocs;
		const char *err;
	} t[] = {
		{ "{%s", 0, "unexpected EOF" },
		{ "{%s}{%s,\"x\":1}", 2, NULL },
		{ "{%s} x", 1, "json: offset 64: invalid character 'x' looking for beginning of value" },
		{ "{%s,}", 0, "json: offset 63: invalid character '}' looking for beginning of object key string" },
		{ "  {%s, \"d\": [1 2]}", 0, "json: offset 74: invalid character '2' after array element" },
		{ "{%s}\n{%s", 1, "unexpected EOF" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct strbuf in = STRBUF_INIT, got = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		strbuf_addf(&in, t[i].fmt, c, c);
		size_t pos = 0;
		int n = 0;
		json_t *v;
		while ((v = json_parse_next(in.buf, in.len, &pos, &err))) {
			n++;
			json_decref(v);
		}
		if (kc_err_isset(&err)) {
			if (!strcmp(err.msg.buf, "unexpected EOF"))
				strbuf_addstr(&got, err.msg.buf);
			else
				strbuf_addf(&got, "json: offset %zu: %s", pos, err.msg.buf);
		}
		char *name = xasprintf("json stream %zu", i);
		is_int(n, t[i].ndocs, name);
		is_str(got.len ? got.buf : NULL, t[i].err, name);
		free(name);
		kc_err_release(&err);
		strbuf_release(&in);
		strbuf_release(&got);
	}
}

int main(void)
{
	plan_lazy();
	test_basics();
	test_parse();
	test_helm_json();
	test_stream();
	return done_testing();
}
