/* API-level checks of the template set: several files parsed into one set in
 * Helm's order, cross-file defines and redefinition, error locations naming the
 * file a define lives in, clones, value ownership. Expected texts were captured
 * with `helmref template` on the same files (chart "mc", values x: 1). */
#include <string.h>

#include "chart/funcs_helm.h"
#include "tap.h"
#include "template/template.h"

static const char helpers[] =
	"{{- define \"mc.bad\" -}}\nline1\n  {{ .nope.deeper }}\n{{- end -}}\n"
	"{{- define \"mc.ok\" -}}ok:{{ .Values.x }}{{- end -}}\n"
	"{{- define \"mc.redef\" -}}first{{- end -}}\n";
static const char b_yaml[] =
	"{{- define \"mc.redef\" -}}second{{- end -}}\n"
	"a: {{ include \"mc.ok\" . }} {{ template \"mc.redef\" }}\n";
static const char c_yaml[] = "c: {{ template \"mc.bad\" .Values }}\n";

static struct tv *top_data(void)
{
	struct tv *top = tv_map_new(NULL);
	struct tv *vals = tv_map_new(&helm_type_values);
	tv_map_set_take(vals, "x", tv_float(1));
	tv_map_set_take(top, "Values", vals);
	return top;
}

static void test_chart_files(void)
{
	struct helm_render hr = { 0 };
	struct tmpl *t = helm_tmpl_new(&hr);
	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct tv *data = top_data();
	/* Helm's sortTemplates order: c.yaml, b.yaml, _helpers.tpl */
	ok(!helm_parse(t, "mc/templates/c.yaml", c_yaml, strlen(c_yaml), &err), "parse c.yaml");
	ok(!helm_parse(t, "mc/templates/b.yaml", b_yaml, strlen(b_yaml), &err), "parse b.yaml");
	ok(!helm_parse(t, "mc/templates/_helpers.tpl", helpers, strlen(helpers), &err), "parse helpers");
	ok(tmpl_has(t, "mc.ok") && tmpl_has(t, "mc/templates/b.yaml") && !tmpl_has(t, "nope"), "tmpl_has");

	ok(!helm_execute(t, "mc/templates/b.yaml", data, &out, &err), "execute b.yaml");
	is_str(out.buf, "a: ok:1 first\n", "later file's define replaces, include sees defines of all files");

	strbuf_reset(&out);
	ok(helm_execute(t, "mc/templates/c.yaml", data, &out, &err) < 0, "execute c.yaml fails");
	is_str(err.msg.buf,
	       "template: mc/templates/_helpers.tpl:3:10: executing \"mc.bad\" at <.nope.deeper>: "
	       "nil pointer evaluating interface {}.deeper",
	       "error names the file of the define and the define");

	/* a clone sees the same templates; new definitions stay in the clone */
	struct tmpl *c = tmpl_clone(t);
	const char *extra = "{{ define \"mc.ok\" }}clone{{ end }}x";
	ok(!tmpl_parse(c, "extra", extra, strlen(extra), &err), "parse into clone");
	strbuf_reset(&out);
	ok(!helm_execute(t, "mc/templates/b.yaml", data, &out, &err), "original unchanged");
	is_str(out.buf, "a: ok:1 first\n", "clone's redefinition does not leak into the original");
	strbuf_reset(&out);
	ok(!helm_execute(c, "mc/templates/b.yaml", data, &out, &err), "clone executes");
	is_str(out.buf, "a: clone first\n", "clone sees its own redefinition");
	tmpl_free(c);

	ok(tmpl_execute(t, "missing", data, &out, &err) < 0, "unknown template");
	is_str(err.msg.buf, "template: no template \"missing\" associated with template \"gotpl\"",
	       "ExecuteTemplate's unknown-name error");

	tv_decref(data);
	strbuf_release(&out);
	kc_err_release(&err);
	tmpl_free(t);
	helm_render_release(&hr);
}

static void test_values(void)
{
	struct tv *m = tv_map_new(NULL);
	tv_map_set_take(m, "b", tv_int(2));
	tv_map_set_take(m, "a", tv_str("x"));
	tv_map_set_take(m, "c", tv_float(1e6));
	struct strbuf sb = STRBUF_INIT;
	tv_format(&sb, m);
	is_str(sb.buf, "map[a:x b:2 c:1e+06]", "maps print sorted, floats as %v");
	ok(tv_map_del(m, "b") && !tv_map_get(m, "b") && tv_map_len(m) == 2, "delete");
	struct tv *cp = tv_deep_copy(m);
	ok(tv_deep_equal(m, cp), "deep copy equal");
	tv_map_set_take(cp, "a", tv_str("y"));
	ok(!tv_deep_equal(m, cp), "deep copy independent");
	is_str(tv_type_name(m), "map[string]interface {}", "type name");
	is_str(tv_type_name(NULL), "<nil>", "nil type name");
	struct tv *empty = tv_str("");
	ok(!tv_truth(tv_nil()) && tv_truth(m) && !tv_truth(empty), "truth");
	tv_decref(empty);
	json_t *j = tv_to_json(m, NULL);
	struct tv *back = tv_from_json(j, TV_JSON_INTS_AS_FLOAT);
	ok(back && tv_map_len(back) == 2, "json round trip");
	json_decref(j);
	tv_decref(back);
	tv_decref(cp);
	tv_decref(m);
	strbuf_release(&sb);
}

int main(void)
{
	plan_lazy();
	test_chart_files();
	test_values();
	return done_testing();
}
