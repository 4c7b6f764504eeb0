/* Runs the data-driven cases in tests/cases/jsonpath (*.txt files) (captured from kubectl
 * v1.32 by tests/cases/jsonpath/capture.sh, which documents the format) through
 * kube/jsonpath.c and kube/customcol.c, emulating the kubectl command the capture
 * used: `annotate --local -f IN -o jsonpath…` prints each object (each item of
 * a List) with one printer; `get -f IN -o custom-columns…` prints one object, or
 * all items of a List in one table; `config view -o jsonpath` prints the
 * kubeconfig with every number a float64.
 *
 *   test_jsonpath [CASEDIR]    (default $KC_SRC/tests/cases/jsonpath or
 *                               tests/cases/jsonpath)
 * plus a few API-level checks (ownership, deep documents, budget). */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kube/jsonpath.h"
#include "tests/unit/tap.h"
#include "util/file.h"

static int unquote(const char *s, struct strbuf *out)
{
	while (*s == ' ')
		s++;
	if (*s != '"')
		return -1;
	s++;
	for (; *s && *s != '"'; s++) {
		if (*s != '\\') {
			strbuf_addch(out, *s);
			continue;
		}
		s++;
		switch (*s) {
		case 'n': strbuf_addch(out, '\n'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case '\\': strbuf_addch(out, '\\'); break;
		case '"': strbuf_addch(out, '"'); break;
		case 'x': {
			char h[3] = { s[1], s[2], 0 };
			strbuf_addch(out, (int)strtol(h, NULL, 16));
			s += 2;
			break;
		}
		default:
			return -1;
		}
	}
	return *s == '"' ? 0 : -1;
}

/* The unstructured decoder makes an integer that overflows int64 a float64;
 * jansson refuses it, so such literals get a ".0" before parsing. */
static json_t *load_doc(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	int in_str = 0;
	while (*p) {
		if (in_str) {
			if (*p == '\\' && p[1]) {
				strbuf_add(&sb, p, 2);
				p += 2;
				continue;
			}
			if (*p == '"')
				in_str = 0;
			strbuf_addch(&sb, *p++);
			continue;
		}
		if (*p == '"') {
			in_str = 1;
			strbuf_addch(&sb, *p++);
			continue;
		}
		if ((*p >= '0' && *p <= '9') || *p == '-') {
			const char *b = p;
			if (*p == '-')
				p++;
			while (*p >= '0' && *p <= '9')
				p++;
			int integer = *p != '.' && *p != 'e' && *p != 'E';
			strbuf_add(&sb, b, p - b);
			size_t digits = (size_t)(p - b) - (*b == '-');
			if (integer && digits >= 19) {
				char *num = xstrndup(b, p - b);
				errno = 0;
				(void)strtoll(num, NULL, 10);
				if (errno == ERANGE)
					strbuf_addstr(&sb, ".0");
				free(num);
			}
			continue;
		}
		strbuf_addch(&sb, *p++);
	}
	json_error_t je;
	json_t *j = json_loads(sb.buf, JSON_DECODE_ANY, &je);
	strbuf_release(&sb);
	return j;
}

struct tcase {
	char *name, *mode, *flags, *in;
	struct strbuf tmpl, out, err, file;
	int has_file, rc;
};

static void replace_all(struct strbuf *out, const char *s, const char *from, const char *to)
{
	size_t fl = strlen(from);
	for (const char *p; (p = strstr(s, from)); s = p + fl) {
		strbuf_add(out, s, p - s);
		strbuf_addstr(out, to);
	}
	strbuf_addstr(out, s);
}

static void subst(struct strbuf *out, const char *s, const char *file, const char *dir)
{
	struct strbuf t = STRBUF_INIT;
	replace_all(&t, s, "@FILE@", file);
	replace_all(out, t.buf, "@DIR@", dir);
	strbuf_release(&t);
}

static void unsubst(struct strbuf *out, const char *s, const char *file, const char *dir)
{
	struct strbuf t = STRBUF_INIT;
	replace_all(&t, s, file, "@FILE@");
	replace_all(out, t.buf, dir, "@DIR@");
	strbuf_release(&t);
}

static void strbuf_swap_(struct strbuf *a, struct strbuf *b)
{
	struct strbuf t = *a;
	*a = *b;
	*b = t;
}

static void emulate(struct tcase *c, struct strbuf *out, struct strbuf *errout, int *rc)
{
	struct kc_err err = KC_ERR_INIT;
	json_t *doc = load_doc(c->in);
	if (!doc) {
		strbuf_addstr(errout, "test: cannot parse input\n");
		*rc = 99;
		return;
	}
	const json_t *one[1] = { doc };
	const json_t *const *objs = one;
	size_t n = 1;
	json_t *items = NULL;
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	if (kind && !strcmp(kind, "List")) {
		items = json_object_get(doc, "items");
		n = json_array_size(items);
		objs = xcalloc(n ? n : 1, sizeof *objs);
		for (size_t i = 0; i < n; i++)
			((const json_t **)objs)[i] = json_array_get(items, i);
	}
	int allow_missing = !strstr(c->flags, "--allow-missing-template-keys=false");
	int no_headers = !!strstr(c->flags, "--no-headers");
	*rc = 0;
	if (!strcmp(c->mode, "jsonpath") || !strcmp(c->mode, "jsonpath-as-json") ||
	    !strcmp(c->mode, "config-view")) {
		struct jsonpath *jp = NULL;
		unsigned fl = !strcmp(c->mode, "jsonpath-as-json") ? JSONPATH_OUTPUT_JSON :
			      !strcmp(c->mode, "config-view") ? JSONPATH_FLOAT64 : 0;
		jp = kubectl_jsonpath_new(c->tmpl.buf, allow_missing, fl, &err);
		for (size_t i = 0; jp && i < n; i++)
			if (kubectl_jsonpath_print(jp, objs[i], out, &err))
				break;
		jsonpath_free(jp);
	} else if (!strcmp(c->mode, "output")) {
		/* the whole -o value; @FILE@ / @DIR@ as capture.sh writes them */
		char dir[] = "/tmp/kc-jsonpath-test.XXXXXX";
		if (!mkdtemp(dir))
			abort();
		char *fp = xasprintf("%s/tmpl.txt", dir);
		if (c->has_file) {
			FILE *f = fopen(fp, "wb");
			fwrite(c->file.buf, 1, c->file.len, f);
			fclose(f);
		}
		struct strbuf o = STRBUF_INIT, targ = STRBUF_INIT;
		subst(&o, c->tmpl.buf, fp, dir);
		const char *t = strstr(c->flags, "--template=");
		if (t) {
			char *v = xstrdup(t + 11);
			v[strcspn(v, " ")] = '\0';
			subst(&targ, v, fp, dir);
			free(v);
		}
		struct kubectl_tprinter *p = NULL;
		int r = kubectl_tprinter_new(o.buf, targ.buf, allow_missing, no_headers, 0, &p, &err);
		if (r == 1)
			kc_err_set(&err, "test: not a jsonpath/custom-columns format");
		if (p)
			kubectl_tprinter_print(p, objs, n, out, &err);
		kubectl_tprinter_free(p);
		if (kc_err_isset(&err)) {
			struct strbuf m = STRBUF_INIT;
			unsubst(&m, err.msg.buf, fp, dir);
			strbuf_swap_(&m, &err.msg);
			strbuf_release(&m);
		}
		unlink(fp);
		rmdir(dir);
		free(fp);
		strbuf_release(&o);
		strbuf_release(&targ);
	} else {
		struct customcol *cc;
		if (!strcmp(c->mode, "custom-columns"))
			cc = customcol_new(c->tmpl.buf, no_headers, &err);
		else
			cc = customcol_new_from_file_text(c->tmpl.buf, no_headers, &err);
		if (cc)
			customcol_print(cc, objs, n, out, &err);
		customcol_free(cc);
	}
	if (kc_err_isset(&err)) {
		strbuf_addf(errout, "error: %s", err.msg.buf);
		if (!strbuf_ends_with(&err.msg, "\n"))
			strbuf_addch(errout, '\n');
		*rc = 1;
	}
	kc_err_release(&err);
	if (items)
		free((void *)objs);
	json_decref(doc);
}

static void run_case(const char *file, struct tcase *c)
{
	struct strbuf out = STRBUF_INIT, errout = STRBUF_INIT, name = STRBUF_INIT;
	int rc;
	emulate(c, &out, &errout, &rc);
	const char *base = strrchr(file, '/');
	strbuf_addf(&name, "%s: %s", base ? base + 1 : file, c->name);
	if (!c->rc) {
		if (rc)
			printf("# unexpected error: %s", errout.buf);
		ok(rc == 0 && !strcmp(out.buf, c->out.buf) && out.len == c->out.len, name.buf) ||
			(is_str(out.buf, c->out.buf, "  stdout"), 0);
	} else {
		int same = rc == c->rc && !strcmp(out.buf, c->out.buf) && !strcmp(errout.buf, c->err.buf);
		if (!ok(same, name.buf)) {
			is_str(out.buf, c->out.buf, "  stdout");
			is_str(errout.buf, c->err.buf, "  stderr");
			is_int(rc, c->rc, "  rc");
		}
	}
	strbuf_release(&out);
	strbuf_release(&errout);
	strbuf_release(&name);
}

static void case_reset(struct tcase *c, const char *doc)
{
	free(c->name);
	free(c->mode);
	free(c->flags);
	free(c->in);
	strbuf_release(&c->tmpl);
	strbuf_release(&c->out);
	strbuf_release(&c->err);
	strbuf_release(&c->file);
	memset(c, 0, sizeof *c);
	strbuf_init(&c->file, 0);
	strbuf_init(&c->tmpl, 0);
	strbuf_init(&c->out, 0);
	strbuf_init(&c->err, 0);
	c->mode = xstrdup("jsonpath");
	c->flags = xstrdup("");
	c->in = xstrdup(doc ? doc : "{}");
}

static int run_file(const char *path)
{
	struct strbuf text = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read(path, &text, &err)) {
		ok(0, path);
		kc_err_release(&err);
		return 0;
	}
	char *doc = NULL;
	struct tcase c = { 0 };
	case_reset(&c, NULL);
	int have = 0, count = 0;
	char *save = NULL;
	for (char *line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int is_case = starts_with(line, "%%CASE "), is_doc = starts_with(line, "%%DOC ");
		if ((is_case || is_doc) && have) {
			run_case(path, &c);
			count++;
			have = 0;
		}
		if (is_doc) {
			free(doc);
			doc = xstrdup(line + 6);
		} else if (is_case) {
			case_reset(&c, doc);
			c.name = xstrdup(line + 7);
			have = 1;
		} else if (!have) {
			continue;
		} else if (starts_with(line, "%%MODE ")) {
			free(c.mode);
			c.mode = xstrdup(line + 7);
		} else if (starts_with(line, "%%FLAGS ")) {
			free(c.flags);
			c.flags = xstrdup(line + 8);
		} else if (starts_with(line, "%%TQ ")) {
			unquote(line + 5, &c.tmpl);
		} else if (starts_with(line, "%%T ")) {
			strbuf_addstr(&c.tmpl, line + 4);
		} else if (starts_with(line, "%%FILE ")) {
			unquote(line + 7, &c.file);
			c.has_file = 1;
		} else if (starts_with(line, "%%IN ")) {
			free(c.in);
			c.in = xstrdup(line + 5);
		} else if (starts_with(line, "%%OUT ")) {
			unquote(line + 6, &c.out);
		} else if (starts_with(line, "%%FAIL ")) {
			char *end;
			c.rc = (int)strtol(line + 7, &end, 10);
			unquote(end, &c.err);
		}
	}
	if (have) {
		run_case(path, &c);
		count++;
	}
	case_reset(&c, NULL);
	free(c.mode);
	free(c.flags);
	free(c.in);
	free(doc);
	strbuf_release(&text);
	return count;
}

static void api_checks(void)
{
	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	/* a document nested far deeper than any C stack would survive recursively */
	int depth = 100000;
	json_t *root = json_object(), *cur = root;
	for (int i = 0; i < depth; i++) {
		json_t *next = json_object();
		json_object_set_new(cur, "a", next);
		cur = next;
	}
	json_object_set_new(cur, "leaf", json_string("leaf"));
	json_t *obj = json_pack("{s:o}", "a", root);
	struct jsonpath *jp = jsonpath_parse("t", "{..leaf}", &err);
	ok(jp != NULL, "parse recursive descent");
	ok(jsonpath_execute(jp, obj, &out, &err) == 0, "deep document: recursive descent");
	is_str(out.buf, "leaf", "deep document: result");
	jsonpath_free(jp);
	strbuf_reset(&out);
	jp = jsonpath_parse("t", "{.a}", &err);
	ok(jsonpath_execute(jp, obj, &out, &err) == 0, "deep document: json output");
	ok(out.len == (size_t)depth * 6 + 15, "deep document: json output length");
	jsonpath_free(jp);
	strbuf_reset(&out);
	jp = kubectl_jsonpath_new("{.b}", 0, 0, &err);
	ok(kubectl_jsonpath_print(jp, obj, &out, &err) == -1, "deep document: %#v in error");
	kc_err_release(&err);
	jsonpath_free(jp);
	json_decref(obj);

	/* a long template is parsed without recursion */
	struct strbuf t = STRBUF_INIT;
	for (int i = 0; i < 50000; i++)
		strbuf_addstr(&t, "{.a}x");
	obj = json_pack("{s:i}", "a", 1);
	jp = jsonpath_parse("t", t.buf, &err);
	ok(jp != NULL, "long template parses");
	strbuf_reset(&out);
	ok(jsonpath_execute(jp, obj, &out, &err) == 0 && out.len == 100000, "long template runs");
	jsonpath_free(jp);
	strbuf_release(&t);

	/* exponential templates stop at the work budget instead of hanging */
	json_t *arr = json_array();
	for (int i = 0; i < 1000; i++)
		json_array_append_new(arr, json_integer(i));
	json_object_set_new(obj, "l", arr);
	strbuf_init(&t, 0);
	for (int i = 0; i < 25000; i++)
		strbuf_addstr(&t, "{.l[*]}");
	jp = jsonpath_parse("t", t.buf, &err);
	strbuf_release(&t);
	strbuf_reset(&out);
	ok(jsonpath_execute(jp, obj, &out, &err) == -1, "work budget");
	is_str(err.msg.buf, "jsonpath evaluation too large", "work budget message");
	kc_err_release(&err);
	jsonpath_free(jp);

	/* output cap */
	jp = jsonpath_parse("t", "{.l}{.l}{.l}", &err);
	jsonpath_set_limits(jp, 0, 5000);
	strbuf_reset(&out);
	ok(jsonpath_execute(jp, obj, &out, &err) == -1 && out.len == 0, "output cap");
	is_str(err.msg.buf, "jsonpath output too large", "output cap message");
	kc_err_release(&err);
	jsonpath_free(jp);

	/* deep nesting inside one action is refused, not recursed into */
	strbuf_init(&t, 0);
	strbuf_addstr(&t, "{");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&t, "[?(@");
	strbuf_addstr(&t, "}");
	jp = jsonpath_parse("t", t.buf, &err);
	ok(jp == NULL, "nested filters do not blow the stack");
	kc_err_release(&err);
	strbuf_release(&t);

	/* nested ranges: 999 run (recursively, as client-go), 1001 are refused.
	 * (Without {end}s client-go re-enters every later range after each one
	 * returns: exponential; the work budget stops that.) */
	for (int depth = 999; depth <= 1001; depth += 2) {
		strbuf_init(&t, 0);
		for (int i = 0; i < depth; i++)
			strbuf_addstr(&t, "{range @}");
		strbuf_addstr(&t, "x");
		for (int i = 0; i < depth; i++)
			strbuf_addstr(&t, "{end}");
		jp = jsonpath_parse("t", t.buf, &err);
		strbuf_reset(&out);
		int r = jsonpath_execute(jp, obj, &out, &err);
		if (depth == 999)
			ok(r == 0 && !strcmp(out.buf, "x"), "999 nested ranges");
		else
			ok(r == -1, "1001 nested ranges refused");
		kc_err_release(&err);
		jsonpath_free(jp);
		strbuf_release(&t);
	}

	/* a custom-columns value with thousands of tabs (tabwriter columns) */
	{
		struct strbuf v = STRBUF_INIT;
		for (int i = 0; i < 5000; i++)
			strbuf_addstr(&v, "a\t");
		json_t *o = json_pack("{s:s}", "a", v.buf);
		struct customcol *cc = customcol_new("A:.a,B:.a", 0, &err);
		const json_t *objs[1] = { o };
		strbuf_reset(&out);
		ok(customcol_print(cc, objs, 1, &out, &err) == 0 && out.len > 60000,
		   "5000-column tabwriter line (cells still padded)");
		customcol_free(cc);
		json_decref(o);
		strbuf_release(&v);
		cc = customcol_new("A:.a,B:.a", 0, &err);
		o = json_pack("{s:s}", "a", "a\tb");
		objs[0] = o;
		strbuf_reset(&out);
		customcol_print(cc, objs, 1, &out, &err);
		is_str(out.buf, "A     B\na     b     a     b\n", "tab inside a cell makes a column");
		customcol_free(cc);
		json_decref(o);
	}

	/* other -o families are not ours */
	const char *others[] = { "json", "yaml", "name", "wide", "go-template={{.a}}",
				 "jsonpathx={.a}", "custom-columnsx=A:.a", "" };
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		struct kubectl_tprinter *p = (struct kubectl_tprinter *)1;
		ok(kubectl_tprinter_new(others[i], "", 1, 0, 0, &p, &err) == 1 && !p &&
		   !kc_err_isset(&err), others[i]);
	}
	{
		struct kubectl_tprinter *p = NULL;
		ok(kubectl_tprinter_new("jsonpath={.a}", "{.b}", 1, 0, 0, &p, &err) == 1,
		   "jsonpath=X with --template is not a jsonpath format (kubectl: no printer)");
	}

	/* FLOAT64 typing (objects that went through encoding/json) */
	jp = jsonpath_parse("t", "{.a} {.m}", &err);
	jsonpath_set_flags(jp, JSONPATH_FLOAT64);
	json_decref(obj);
	obj = json_pack("{s:i,s:{s:i}}", "a", 1000000, "m", "k", 1000000);
	strbuf_reset(&out);
	jsonpath_execute(jp, obj, &out, &err);
	is_str(out.buf, "1e+06 {\"k\":1000000}", "float64 typing");
	jsonpath_free(jp);
	json_decref(obj);
	strbuf_release(&out);
}

/* Found by fuzz_jsonpath: a quoted text whose escapes produce a NUL byte
 * ("\\000", as Go's strconv.Unquote reads it) must keep all its bytes. */
static void nul_text_check(void)
{
	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	json_t *obj = json_object();
	struct jsonpath *jp = jsonpath_parse("t", "{\"a\\000b\"}", &err);
	ok(jp != NULL, "quoted text with \\000 parses");
	ok(jp && jsonpath_execute(jp, obj, &out, &err) == 0, "and executes");
	ok(out.len == 3 && !memcmp(out.buf, "a\0b", 3), "printing the NUL byte with the text around it");
	jsonpath_free(jp);
	json_decref(obj);
	strbuf_release(&out);
	kc_err_release(&err);
}

int main(int argc, char **argv)
{
	plan_lazy();
	const char *dir = argc > 1 ? argv[1] : NULL;
	char *owned = NULL;
	if (!dir) {
		const char *src = getenv("KC_SRC");
		dir = owned = xasprintf("%s/tests/cases/jsonpath", src ? src : ".");
	}
	char *pat = xasprintf("%s/*.txt", dir);
	glob_t g;
	int total = 0;
	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			total += run_file(g.gl_pathv[i]);
		globfree(&g);
	}
	ok(total >= 150, "at least 150 captured cases");
	free(pat);
	free(owned);
	api_checks();
	nul_text_check();
	return done_testing();
}
