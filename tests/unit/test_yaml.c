/* util/yaml: the loader (YAMLToJSON semantics) and the go-yaml v2 emitter.
 * Expected values were captured from kubectl v1.32 (annotate --local -o json);
 * the data-driven corpus lives in tests/cases/yaml/. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
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

int main(void)
{
	plan_lazy();
	test_load();
	test_limits();
	test_stream();
	return done_testing();
}
