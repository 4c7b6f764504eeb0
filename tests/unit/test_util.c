/* util/: strbuf, strvec, paths, base64, Go number formatting. */
#include <stdlib.h>

#include "tap.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/strbuf.h"
#include "util/strvec.h"

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	is_str(sb.buf, "", "empty strbuf is \"\"");
	strbuf_addstr(&sb, "hello");
	strbuf_addf(&sb, " %d", 42);
	strbuf_addch(&sb, '!');
	is_str(sb.buf, "hello 42!", "add/addf/addch");
	strbuf_insert(&sb, 0, ">", 1);
	strbuf_remove(&sb, 1, 6);
	is_str(sb.buf, ">42!", "insert/remove");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "  x y \n");
	strbuf_trim(&sb);
	is_str(sb.buf, "x y", "trim");
	size_t n;
	char *p = strbuf_detach(&sb, &n);
	is_str(p, "x y", "detach");
	is_int((long long)n, 3, "detach length");
	is_str(sb.buf, "", "detached strbuf is reset");
	free(p);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%04d", i);
	is_int((long long)sb.len, 4000, "growth");
	strbuf_release(&sb);
}

static void test_strvec(void)
{
	struct strvec sv = STRVEC_INIT;
	strvec_split(&sv, "b,,a", ',');
	is_int((long long)sv.nr, 3, "split keeps empty fields");
	strvec_sort(&sv);
	is_str(sv.v[0], "", "sorted 0");
	is_str(sv.v[2], "b", "sorted 2");
	ok(sv.v[3] == NULL, "NULL-terminated");
	strvec_clear(&sv);
}

static void test_paths(void)
{
	static const char *cases[][2] = {
		{ "", "." }, { "a/b/../c", "a/c" }, { "/../a", "/a" }, { "a//b/./", "a/b" },
		{ "../../x", "../../x" }, { "a/../..", ".." }, { "/", "/" }, { "./", "." },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *c = path_clean(cases[i][0]);
		is_str(c, cases[i][1], cases[i][0]);
		free(c);
	}
	char *d = path_dirname("/a/b/c.yaml");
	is_str(d, "/a/b", "dirname");
	free(d);
	d = path_dirname("c.yaml");
	is_str(d, ".", "dirname of bare file");
	free(d);
	d = path_join("/etc/kube", "../certs/ca.crt");
	is_str(d, "/etc/certs/ca.crt", "join cleans");
	free(d);
}

static void test_base64(void)
{
	struct strbuf sb = STRBUF_INIT;
	base64_encode(&sb, "hello!?", 7);
	is_str(sb.buf, "aGVsbG8hPw==", "encode");
	struct strbuf out = STRBUF_INIT;
	size_t bad = 0;
	is_int(base64_decode(&out, sb.buf, sb.len, &bad), 0, "decode ok");
	is_str(out.buf, "hello!?", "decode");
	strbuf_reset(&out);
	is_int(base64_decode(&out, "ab$d", 4, &bad), -1, "decode rejects");
	is_int((long long)bad, 2, "illegal byte offset");
	strbuf_reset(&out);
	is_int(base64_decode(&out, "b", 1, &bad), -1, "lone char rejected");
	is_int((long long)bad, 0, "incomplete quantum reported at its start");
	is_int(base64_decode(&out, "aGVsbG8hPwa", 11, &bad), -1, "missing padding rejected");
	is_int((long long)bad, 8, "missing padding reported at the last quantum");
	strbuf_release(&sb);
	strbuf_release(&out);
}

static void test_gofloat(void)
{
	static const struct { double f; const char *want; } cases[] = {
		{ 1e6, "1e+06" }, { 123456, "123456" }, { 1234567, "1.234567e+06" },
		{ 0.0001, "0.0001" }, { 0.00001, "1e-05" }, { 3.14, "3.14" }, { -2.5, "-2.5" },
		{ 0, "0" }, { 100, "100" }, { 1e21, "1e+21" }, { 0.1 + 0.2, "0.30000000000000004" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct strbuf sb = STRBUF_INIT;
		go_format_float(&sb, cases[i].f, 'g', -1);
		is_str(sb.buf, cases[i].want, cases[i].want);
		strbuf_release(&sb);
	}
	static const struct { double f; const char *want; } fcases[] = {
		{ 9223372036854775808.0, "9223372036854776000" }, { 1e23, "100000000000000000000000" },
		{ 0.000125, "0.000125" }, { -1.5, "-1.5" }, { 12, "12" },
	};
	for (size_t i = 0; i < sizeof fcases / sizeof *fcases; i++) {
		struct strbuf sb = STRBUF_INIT;
		go_format_float(&sb, fcases[i].f, 'f', -1);
		is_str(sb.buf, fcases[i].want, fcases[i].want);
		strbuf_release(&sb);
	}
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, "a\"b\n\x01é", 7);
	is_str(q.buf, "\"a\\\"b\\n\\x01é\"", "go_quote");
	strbuf_release(&q);
	long long v;
	is_int(go_parse_int("0x1f", 0, 64, &v), 0, "parse hex");
	is_int(v, 31, "hex value");
	is_int(go_parse_int("99999999999", 0, 32, &v), -2, "int32 range");
	is_int(go_parse_int("1x", 0, 64, &v), -1, "syntax");
	is_int(go_parse_int("0o", 0, 64, &v), -1, "prefix without digits");
	is_int(go_parse_int("0x", 0, 64, &v), -1, "hex prefix without digits");
	is_int(go_parse_int("0", 0, 64, &v), 0, "plain zero");
}

int main(void)
{
	plan_lazy();
	test_strbuf();
	test_strvec();
	test_paths();
	test_base64();
	test_gofloat();
	return done_testing();
}
