/* tmpl_set_lazy_bodies: a set that drops each text's top-level tree after
 * parsing and re-parses it when executed must execute exactly as the same set
 * without it (outputs, errors, {{define}}/{{block}} registration, templates
 * calling other files' bodies, recursion, repeated and failed executions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "template/sprig/sprig.h"
#include "template/template.h"

struct file {
	const char *name, *text;
};

static const struct file files[] = {
	{ "a", "A{{ define \"x\" }}x-from-a{{ end }}[{{ template \"x\" }}]{{ block \"blk\" . }}blk {{ . }}{{ end }}" },
	{ "b", "B{{ template \"a\" \"dot\" }}|{{ template \"blk\" 7 }}" },
	{ "c", "{{ define \"x\" }}x-from-c{{ end }}C{{ if . }}{{ template \"c\" (sub . 1) }}{{ end }}" },
	{ "d", "D{{ range $i, $e := list 1 2 3 }}{{ $i }}={{ $e }};{{ end }}{{ template \"b\" }}" },
	{ "e", "E{{ .missing.field }}{{ index 1 2 }}" },
	{ "f", "F{{ template \"e\" . }}" },
	{ "g", "{{/* only a comment */}}" },
	{ "h", "H{{ $x := 1 }}{{ with $x }}{{ . }}{{ else }}none{{ end }}{{ break_not_here }}" },
};

static void run_all(int lazy, struct strbuf *log)
{
	struct tmpl *t = tmpl_new();
	struct kc_err err = KC_ERR_INIT;
	tmpl_add_funcs(t, sprig_funcs);
	tmpl_set_lazy_bodies(t, lazy);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		kc_err_release(&err);
		int rc = tmpl_parse(t, files[i].name, files[i].text, strlen(files[i].text), &err);
		strbuf_addf(log, "parse %s: %d %s\n", files[i].name, rc, rc ? err.msg.buf : "");
	}
	static const char *const runs[] = { "a", "b", "c", "d", "e", "f", "g", "a", "b", "e", "f",
					    "c", "x", "blk", "nope" };
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		struct tv *dot = !strcmp(runs[i], "c") ? tv_int(3) : NULL;
		kc_err_release(&err);
		int rc = tmpl_execute(t, runs[i], dot, &out, &err);
		strbuf_addf(log, "exec %s: %d [%s] %s\n", runs[i], rc, out.buf, rc ? err.msg.buf : "");
		tv_decref(dot);
		strbuf_release(&out);
	}
	kc_err_release(&err);
	tmpl_free(t);
}

int main(void)
{
	plan_lazy();
	struct strbuf eager = STRBUF_INIT, lazy = STRBUF_INIT;
	run_all(0, &eager);
	run_all(1, &lazy);
	if (getenv("SHOW"))
		fputs(eager.buf, stderr);
	is_str(lazy.buf, eager.buf, "lazy bodies execute as eager ones");
	ok(strstr(eager.buf, "exec d: 0 [D0=1;1=2;2=3;BA[x-from-c]blk dot|blk 7]"),
	   "the log shows the cross-file calls");
	strbuf_release(&eager);
	strbuf_release(&lazy);
	return done_testing();
}
