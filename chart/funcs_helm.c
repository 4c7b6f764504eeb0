/* funcs_helm.c: Helm's template functions (pkg/engine/funcs.go) and the engine
 * behaviour around text/template (pkg/engine/engine.go): include with its
 * recursion counter, tpl on a cloned set, required/fail with Helm's error
 * wrapping and cleanup, "<no value>" removal, toJson/fromJson/fromYaml. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart/funcs_helm.h"
#include "template/internal.h"
#include "util/base64.h"
#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

#define FN(name) static struct tv *name(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)

/* Transitional: Sprig's table is linked once template/sprig/ (branch sprig) is
 * merged; until then Helm's set is Go builtins + helm_funcs. Remove the test when
 * both are on main (checked: every case passes with sprig merged). */
#if defined(__has_include)
#if __has_include("template/sprig/sprig_impl.h")
#define KC_HAVE_SPRIG 1
#include "template/sprig/sprig.h"
#endif
#endif

#define WARN_START "HELM_ERR_START"
#define WARN_END "HELM_ERR_END"
#define RECURSION_MAX 1000

struct helm_included {
	char **names;
	int *counts;
	int n, cap;
};

static int *included_slot(struct helm_render *hr, const char *name)
{
	if (!hr->included)
		hr->included = xcalloc(1, sizeof(*hr->included));
	struct helm_included *in = hr->included;
	for (int i = 0; i < in->n; i++)
		if (!strcmp(in->names[i], name))
			return &in->counts[i];
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 8;
		in->names = xrealloc(in->names, (size_t)in->cap * sizeof(char *));
		in->counts = xrealloc(in->counts, (size_t)in->cap * sizeof(int));
	}
	in->names[in->n] = xstrdup(name);
	in->counts[in->n] = -1; /* not present */
	return &in->counts[in->n++];
}

void helm_render_release(struct helm_render *hr)
{
	if (!hr || !hr->included)
		return;
	for (int i = 0; i < hr->included->n; i++)
		free(hr->included->names[i]);
	free(hr->included->names);
	free(hr->included->counts);
	free(hr->included);
	hr->included = NULL;
}

static void replace_no_value(struct strbuf *sb)
{
	static const char nv[] = "<no value>";
	size_t n = sizeof(nv) - 1, w = 0;
	for (size_t r = 0; r < sb->len;) {
		if (sb->len - r >= n && !memcmp(sb->buf + r, nv, n)) {
			r += n;
			continue;
		}
		sb->buf[w++] = sb->buf[r++];
	}
	strbuf_setlen(sb, w);
}

FN(fn_include)
{
	struct helm_render *hr = c->udata;
	const char *name = argv[0]->u.str.s;
	int *slot = included_slot(hr, name);
	if (*slot >= 0) {
		if (*slot > RECURSION_MAX) {
			kc_err_set(err, "rendering template has a nested reference name: %s: unable to execute template", name);
			return NULL;
		}
		(*slot)++;
	} else {
		*slot = 1;
	}
	struct strbuf out = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	int rc = tmpl_exec_nested(c, name, argv[1], &out, &e);
	slot = included_slot(hr, name);
	(*slot)--;
	if (rc < 0) {
		kc_err_set(err, "%s", e.msg.buf);
		kc_err_release(&e);
		strbuf_release(&out);
		return NULL;
	}
	kc_err_release(&e);
	return tv_str_buf(&out);
}

FN(fn_tpl)
{
	struct helm_render *hr = c->udata;
	struct tv *text = argv[0];
	struct tmpl *t = tmpl_clone(c->set);
	struct strbuf q = STRBUF_INIT, out = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	struct tv *ret = NULL;
	tmpl_set_missingkey(t, hr && hr->strict ? TMPL_MISSINGKEY_ERROR : TMPL_MISSINGKEY_ZERO);
	go_quote(&q, text->u.str.s, text->u.str.len);
	if (tmpl_parse(t, tmpl_name(t), text->u.str.s, text->u.str.len, &e) < 0) {
		kc_err_set(err, "cannot parse template %s: %s", q.buf, e.msg.buf);
		goto done;
	}
	if (tmpl_execute_in(c, t, tmpl_name(t), argv[1], &out, &e) < 0) {
		kc_err_set(err, "error during tpl function execution for %s: %s", q.buf, e.msg.buf);
		goto done;
	}
	replace_no_value(&out);
	ret = tv_str_buf(&out);
done:
	strbuf_release(&q);
	strbuf_release(&out);
	kc_err_release(&e);
	tmpl_free(t);
	return ret;
}

FN(fn_required)
{
	struct helm_render *hr = c->udata;
	struct tv *val = argv[1];
	if (val->kind == TV_NIL || (val->kind == TV_STRING && val->u.str.len == 0)) {
		if (hr && hr->lint_mode)
			return tv_str("");
		kc_err_set(err, WARN_START "%s" WARN_END, argv[0]->u.str.s);
		return NULL;
	}
	return tv_incref(val);
}

FN(fn_fail)
{
	struct helm_render *hr = c->udata;
	if (hr && hr->lint_mode)
		return tv_str("");
	kc_err_set(err, WARN_START "%s" WARN_END, argv[0]->u.str.s);
	return NULL;
}

FN(fn_lookup)
{
	return tv_map_new(NULL);
}

FN(fn_get_host_by_name)
{
	return tv_str("");
}

/* ---- encoding/json ---- */

static void json_str(struct strbuf *o, const char *s, size_t n, int html)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(o, '"');
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			if (ch == '"' || ch == '\\') {
				strbuf_addch(o, '\\');
				strbuf_addch(o, ch);
			} else if (ch == '\n') {
				strbuf_addstr(o, "\\n");
			} else if (ch == '\r') {
				strbuf_addstr(o, "\\r");
			} else if (ch == '\t') {
				strbuf_addstr(o, "\\t");
			} else if (ch < 0x20 || (html && (ch == '<' || ch == '>' || ch == '&'))) {
				strbuf_addstr(o, "\\u00");
				strbuf_addch(o, hex[ch >> 4]);
				strbuf_addch(o, hex[ch & 15]);
			} else {
				strbuf_addch(o, ch);
			}
			i++;
			continue;
		}
		int32_t r;
		size_t w = utf8_decode((const unsigned char *)s + i, n - i, &r);
		if (r == 0xFFFD && w == 1)
			strbuf_addstr(o, "\\ufffd");
		else if (r == 0x2028 || r == 0x2029)
			strbuf_addf(o, "\\u%04x", (unsigned)r);
		else
			strbuf_add(o, s + i, w);
		i += w;
	}
	strbuf_addch(o, '"');
}

static void json_float(struct strbuf *o, double f)
{
	double a = fabs(f);
	char fmt = 'f';
	if (a != 0 && (a < 1e-6 || a >= 1e21))
		fmt = 'e';
	struct strbuf sb = STRBUF_INIT;
	go_format_float(&sb, f, fmt, -1);
	if (fmt == 'e') {
		/* clean up e-09 to e-9 */
		size_t n = sb.len;
		if (n >= 4 && sb.buf[n - 4] == 'e' && sb.buf[n - 3] == '-' && sb.buf[n - 2] == '0') {
			sb.buf[n - 2] = sb.buf[n - 1];
			strbuf_setlen(&sb, n - 1);
		}
	}
	strbuf_addbuf(o, &sb);
	strbuf_release(&sb);
}

/* json.Marshal(v); -1 + err on unsupported values. */
int helm_json_marshal(struct strbuf *o, const struct tv *v, int html, struct kc_err *err);
int helm_json_marshal(struct strbuf *o, const struct tv *v, int html, struct kc_err *err)
{
	if (!v || v->kind == TV_NIL) {
		strbuf_addstr(o, "null");
		return 0;
	}
	switch (v->kind) {
	case TV_BOOL: strbuf_addstr(o, v->u.b ? "true" : "false"); return 0;
	case TV_INT: strbuf_addf(o, "%lld", (long long)v->u.i); return 0;
	case TV_UINT: strbuf_addf(o, "%llu", (unsigned long long)v->u.u); return 0;
	case TV_FLOAT:
		if (isnan(v->u.f) || isinf(v->u.f)) {
			struct strbuf sb = STRBUF_INIT;
			tv_format_float(&sb, v->u.f, 'g', -1);
			kc_err_set(err, "json: unsupported value: %s", sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		json_float(o, v->u.f);
		return 0;
	case TV_STRING: json_str(o, v->u.str.s, v->u.str.len, html); return 0;
	case TV_BYTES: {
		struct strbuf sb = STRBUF_INIT;
		base64_encode(&sb, v->u.str.s, v->u.str.len);
		json_str(o, sb.buf, sb.len, html);
		strbuf_release(&sb);
		return 0;
	}
	case TV_LIST:
		strbuf_addch(o, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_addch(o, ',');
			if (helm_json_marshal(o, v->u.list.items[i], html, err) < 0)
				return -1;
		}
		strbuf_addch(o, ']');
		return 0;
	case TV_MAP:
		strbuf_addch(o, '{');
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				strbuf_addch(o, ',');
			json_str(o, v->u.map.ents[i].key, v->u.map.ents[i].keylen, html);
			strbuf_addch(o, ':');
			if (helm_json_marshal(o, v->u.map.ents[i].val, html, err) < 0)
				return -1;
		}
		strbuf_addch(o, '}');
		return 0;
	case TV_STRUCT:
		strbuf_addch(o, '{');
		for (size_t i = 0; i < v->u.st.n; i++) {
			if (i)
				strbuf_addch(o, ',');
			json_str(o, v->type->fields[i], strlen(v->type->fields[i]), html);
			strbuf_addch(o, ':');
			if (helm_json_marshal(o, v->u.st.vals[i], html, err) < 0)
				return -1;
		}
		strbuf_addch(o, '}');
		return 0;
	case TV_OBJECT: {
		json_t *j = v->type->to_json ? v->type->to_json(v) : json_null();
		struct tv *t = tv_from_json(j, 0);
		json_decref(j);
		int rc = helm_json_marshal(o, t, html, err);
		tv_decref(t);
		return rc;
	}
	default:
		kc_err_set(err, "json: unsupported type: %s", tv_type_name(v));
		return -1;
	}
}

FN(fn_to_json)
{
	struct strbuf o = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	if (helm_json_marshal(&o, argv[0], 1, &e) < 0)
		strbuf_reset(&o);
	kc_err_release(&e);
	return tv_str_buf(&o);
}

/* Go's encoding/json decodes every number as float64. */
static struct tv *json_text_to_tv(const char *s, size_t n, int want_array, struct kc_err *err)
{
	json_t *j = json_parse(s, n, err);
	if (!j)
		return NULL;
	if ((want_array && !json_is_array(j)) || (!want_array && !json_is_object(j))) {
		const char *what = json_is_object(j) ? "object" : json_is_array(j) ? "array" :
				   json_is_string(j) ? "string" : json_is_number(j) ? "number" :
				   json_is_boolean(j) ? "bool" : "null";
		if (json_is_null(j)) {
			json_decref(j);
			return want_array ? tv_list_new(NULL) : tv_map_new(NULL);
		}
		kc_err_set(err, "json: cannot unmarshal %s into Go value of type %s", what,
			   want_array ? "[]interface {}" : "map[string]interface {}");
		json_decref(j);
		return NULL;
	}
	struct tv *v = tv_from_json(j, TV_JSON_INTS_AS_FLOAT);
	json_decref(j);
	return v;
}

/* sigs.k8s.io/yaml.Marshal: json.Marshal, then JSON → YAML. "" on error. */
FN(fn_to_yaml)
{
	struct strbuf js = STRBUF_INIT, o = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	json_t *j = NULL;
	if (helm_json_marshal(&js, argv[0], 0, &e) == 0 && (j = json_parse(js.buf, js.len, &e)) &&
	    yaml_emit_checked(&o, j, &e) == 0) {
		if (o.len && o.buf[o.len - 1] == '\n')
			strbuf_setlen(&o, o.len - 1);
	} else {
		strbuf_reset(&o);
	}
	json_decref(j);
	strbuf_release(&js);
	kc_err_release(&e);
	return tv_str_buf(&o);
}

FN(fn_from_json)
{
	struct kc_err e = KC_ERR_INIT;
	struct tv *v = json_text_to_tv(argv[0]->u.str.s, argv[0]->u.str.len, 0, &e);
	if (!v) {
		v = tv_map_new(NULL);
		tv_map_set_take(v, "Error", tv_str(e.msg.buf));
	}
	kc_err_release(&e);
	return v;
}

FN(fn_from_json_array)
{
	struct kc_err e = KC_ERR_INIT;
	struct tv *v = json_text_to_tv(argv[0]->u.str.s, argv[0]->u.str.len, 1, &e);
	if (!v) {
		v = tv_list_new(NULL);
		tv_list_append_take(v, tv_str(e.msg.buf));
	}
	kc_err_release(&e);
	return v;
}

static struct tv *yaml_text_to_tv(const char *s, size_t n, int want_array, struct kc_err *err)
{
	json_t *j = yaml_load(s, n, NULL, err);
	if (!j) {
		kc_err_prefix(err, "error converting YAML to JSON: ");
		return NULL;
	}
	if (json_is_null(j)) {
		json_decref(j);
		return want_array ? tv_list_new(NULL) : tv_map_new(NULL);
	}
	if ((want_array && !json_is_array(j)) || (!want_array && !json_is_object(j))) {
		const char *what = json_is_object(j) ? "object" : json_is_array(j) ? "array" :
				   json_is_string(j) ? "string" : json_is_number(j) ? "number" : "bool";
		kc_err_set(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type %s",
			   what, want_array ? "[]interface {}" : "map[string]interface {}");
		json_decref(j);
		return NULL;
	}
	struct tv *v = tv_from_json(j, TV_JSON_INTS_AS_FLOAT);
	json_decref(j);
	return v;
}

FN(fn_from_yaml)
{
	struct kc_err e = KC_ERR_INIT;
	struct tv *v = yaml_text_to_tv(argv[0]->u.str.s, argv[0]->u.str.len, 0, &e);
	if (!v) {
		v = tv_map_new(NULL);
		tv_map_set_take(v, "Error", tv_str(e.msg.buf));
	}
	kc_err_release(&e);
	return v;
}

FN(fn_from_yaml_array)
{
	struct kc_err e = KC_ERR_INIT;
	struct tv *v = yaml_text_to_tv(argv[0]->u.str.s, argv[0]->u.str.len, 1, &e);
	if (!v) {
		v = tv_list_new(NULL);
		tv_list_append_take(v, tv_str(e.msg.buf));
	}
	kc_err_release(&e);
	return v;
}

const struct tmpl_func helm_funcs[] = {
	{ "fail", fn_fail, "string", NULL },
	{ "fromJson", fn_from_json, "string", NULL },
	{ "fromJsonArray", fn_from_json_array, "string", NULL },
	{ "fromYaml", fn_from_yaml, "string", NULL },
	{ "fromYamlArray", fn_from_yaml_array, "string", NULL },
	{ "getHostByName", fn_get_host_by_name, "string", NULL },
	{ "include", fn_include, "string, interface {}", NULL },
	{ "lookup", fn_lookup, "string, string, string, string", NULL },
	{ "required", fn_required, "string, interface {}", NULL },
	{ "toJson", fn_to_json, "interface {}", NULL },
	{ "toYaml", fn_to_yaml, "interface {}", NULL },
	{ "tpl", fn_tpl, "string, interface {}", NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct tv_type helm_type_values = {
	.name = "chartutil.Values", .kind = TV_MAP, .kind_name = "map", .named = 1,
};

struct tmpl *helm_tmpl_new(struct helm_render *hr)
{
	struct tmpl *t = tmpl_new();
	tmpl_set_name(t, "gotpl");
	tmpl_set_missingkey(t, hr->strict ? TMPL_MISSINGKEY_ERROR : TMPL_MISSINGKEY_ZERO);
#ifdef KC_HAVE_SPRIG
	tmpl_add_funcs(t, sprig_funcs);
#endif
	tmpl_add_funcs(t, helm_funcs);
	tmpl_set_udata(t, hr);
	return t;
}

/* Go's strings.Split(err, ": ") based cleanup (engine.go cleanupParseError). */
int helm_parse(struct tmpl *t, const char *name, const char *text, size_t len, struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	if (tmpl_parse(t, name, text, len, &e) == 0)
		return 0;
	const char *m = e.msg.buf;
	const char *p1 = strstr(m, ": ");
	if (!p1) {
		kc_err_raw(err, "parse error in (%s): %s", name, m);
	} else {
		const char *loc = p1 + 2;
		const char *p2 = strstr(loc, ": ");
		size_t loclen = p2 ? (size_t)(p2 - loc) : strlen(loc);
		/* last token */
		const char *last = m, *q = m;
		while ((q = strstr(q, ": "))) {
			q += 2;
			last = q;
		}
		kc_err_raw(err, "parse error at (%.*s): %s", (int)loclen, loc, last);
	}
	kc_err_release(&e);
	return -1;
}

int helm_execute(struct tmpl *t, const char *name, struct tv *data, struct strbuf *out,
		 struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	size_t start = out->len;
	if (tmpl_execute(t, name, data, out, &e) == 0) {
		struct strbuf tail = STRBUF_INIT;
		strbuf_add(&tail, out->buf + start, out->len - start);
		replace_no_value(&tail);
		strbuf_setlen(out, start);
		strbuf_addbuf(out, &tail);
		strbuf_release(&tail);
		kc_err_release(&e);
		return 0;
	}
	const char *m = e.msg.buf;
	/* ExecError: "template: LOC: REST" */
	const char *p1 = starts_with(m, "template: ") ? strstr(m, ": ") : NULL;
	const char *p2 = p1 ? strstr(p1 + 2, ": ") : NULL;
	if (p1 && p2 && strstr(m, "executing")) {
		const char *rest = p2 + 2;
		const char *ws = strstr(rest, WARN_START);
		const char *we = NULL;
		for (const char *q = ws; q && (q = strstr(q, WARN_END)); q++)
			we = q;
		if (ws && we && we >= ws + strlen(WARN_START)) {
			const char *msg = ws + strlen(WARN_START);
			kc_err_raw(err, "execution error at (%.*s): %.*s", (int)(p2 - p1 - 2), p1 + 2,
				   (int)(we - msg), msg);
			kc_err_release(&e);
			return -1;
		}
	}
	kc_err_raw(err, "%s", m);
	kc_err_release(&e);
	return -1;
}
