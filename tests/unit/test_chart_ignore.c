/* .helmignore rules against tests/cases/chartignore/cases.txt (captured from
 * `helmref ignore-check`), plus Go filepath.Match spot checks. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart/chart.h"
#include "tap.h"
#include "util/file.h"

static void run_case(const char *pat, const char *name, const char *want, int line)
{
	struct kc_err err = KC_ERR_INIT;
	char *title = xasprintf("cases.txt:%d %s %s", line, pat, name);
	char *got;
	struct chart_ignore *r = chart_ignore_parse(pat, strlen(pat), &err);
	if (!r) {
		got = xasprintf("Error: %s", err.msg.buf);
	} else {
		char *path = xasprintf("tests/cases/chartignore/tree/%s", name);
		struct stat st;
		if (stat(path, &st) < 0)
			got = xasprintf("stat failed: %s", path);
		else
			got = xstrdup(chart_ignore_match(r, name, S_ISDIR(st.st_mode)) ? "true" : "false");
		free(path);
	}
	is_str(got, want, title);
	free(got);
	free(title);
	chart_ignore_free(r);
	kc_err_release(&err);
}

int main(void)
{
	plan_lazy();
	struct strbuf data = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read("tests/cases/chartignore/cases.txt", &data, &err) < 0) {
		ok(0, err.msg.buf);
		return done_testing();
	}
	char *pat = NULL, *name = NULL;
	int lineno = 0;
	char *p = data.buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		lineno++;
		if (!strncmp(p, "pattern: ", 9)) {
			free(pat);
			pat = xstrdup(p + 9);
		} else if (!strncmp(p, "name: ", 6)) {
			free(name);
			name = xstrdup(p + 6);
		} else if (!strncmp(p, "want: ", 6) && pat && name) {
			run_case(pat, name, p + 6, lineno);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	free(pat);
	free(name);
	strbuf_release(&data);

	/* Go's filepath.Match, from its own test table */
	static const struct { const char *pat, *s; int want; } m[] = {
		{ "abc", "abc", 1 }, { "*", "abc", 1 }, { "*c", "abc", 1 }, { "a*", "a", 1 },
		{ "a*", "abc", 1 }, { "a*", "ab/c", 0 }, { "a*/b", "abc/b", 1 }, { "a*/b", "a/c/b", 0 },
		{ "a*b*c*d*e*/f", "axbxcxdxe/f", 1 }, { "a*b*c*d*e*/f", "axbxcxdxexxx/f", 1 },
		{ "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", 0 }, { "a*b*c*d*e*/f", "axbxcxdxexxx/fff", 0 },
		{ "a*b?c*x", "abxbbxdbxebxczzx", 1 }, { "a*b?c*x", "abxbbxdbxebxczzy", 0 },
		{ "ab[c]", "abc", 1 }, { "ab[b-d]", "abc", 1 }, { "ab[e-g]", "abc", 0 },
		{ "ab[^c]", "abc", 0 }, { "ab[^b-d]", "abc", 0 }, { "ab[^e-g]", "abc", 1 },
		{ "a\\*b", "a*b", 1 }, { "a\\*b", "ab", 0 }, { "a?b", "a☺b", 1 }, { "a[^a]b", "a☺b", 1 },
		{ "a???b", "a☺b", 0 }, { "a[^a][^a][^a]b", "a☺b", 0 }, { "[a-ζ]*", "α", 1 },
		{ "*[a-ζ]", "A", 0 }, { "a?b", "a/b", 0 }, { "a*b", "a/b", 0 }, { "[\\]a]", "]", 1 },
		{ "[\\-]", "-", 1 }, { "[x\\-]", "x", 1 }, { "[x\\-]", "-", 1 }, { "[x\\-]", "z", 0 },
		{ "[\\-x]", "x", 1 }, { "[\\-x]", "-", 1 }, { "[\\-x]", "a", 0 }, { "[]a]", "]", -1 },
		{ "[-]", "-", -1 }, { "[x-]", "x", -1 }, { "[x-]", "-", -1 }, { "[x-]", "z", -1 },
		{ "[-x]", "x", -1 }, { "[-x]", "-", -1 }, { "[-x]", "a", -1 }, { "\\", "a", -1 },
		{ "[a-b-c]", "a", -1 }, { "[", "a", -1 }, { "[^", "a", -1 }, { "[^bc", "a", -1 },
		{ "a[", "a", -1 }, { "a[", "ab", -1 }, { "a[", "x", -1 }, { "a/b[", "x", -1 },
		{ "*x", "xxx", 1 },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		char *t = xasprintf("Match(%s, %s)", m[i].pat, m[i].s);
		is_int(chart_path_match(m[i].pat, m[i].s), m[i].want, t);
		free(t);
	}
	return done_testing();
}
