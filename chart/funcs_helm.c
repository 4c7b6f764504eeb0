/* funcs_helm.c: Helm's template functions (pkg/engine/funcs.go) and the engine
 * behaviour around text/template (pkg/engine/engine.go): include with its
 * recursion counter, tpl on a cloned set, required/fail with Helm's error
 * wrapping and cleanup, "<no value>" removal, toJson/fromJson/fromYaml. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"
#include "template/internal.h"
#include "util/base64.h"
#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

#define FN(name) static struct tv *name(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)

#include "template/sprig/sprig.h"

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

/* ... on sb->buf[from..] only */
static void replace_no_value_from(struct strbuf *sb, size_t from)
{
	static const char nv[] = "<no value>";
	size_t n = sizeof(nv) - 1, w = from, r = from;
	/* strings.ReplaceAll(s, "<no value>", ""): left to right, no overlaps */
	const char *hit = memmem(sb->buf + from, sb->len - from, nv, n);
	if (!hit)
		return;
	while (hit) {
		size_t at = (size_t)(hit - sb->buf);
		memmove(sb->buf + w, sb->buf + r, at - r);
		w += at - r;
		r = at + n;
		hit = r < sb->len ? memmem(sb->buf + r, sb->len - r, nv, n) : NULL;
	}
	memmove(sb->buf + w, sb->buf + r, sb->len - r);
	w += sb->len - r;
	strbuf_setlen(sb, w);
}

static void replace_no_value(struct strbuf *sb)
{
	replace_no_value_from(sb, 0);
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
	struct strbuf out;
	struct kc_err e = KC_ERR_INIT;
	strbuf_init(&out, 256); /* helpers' outputs: skip the first doublings */
	int rc = tmpl_exec_nested(c, name, argv[1], &out, &e);
	slot = included_slot(hr, name);
	(*slot)--;
	if (rc < 0) {
		kc_err_move(err, &e); /* no reformatting: nested errors grow long */
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
	struct tmpl *t = tmpl_overlay(c->set);
	struct strbuf q = STRBUF_INIT, out = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	struct tv *ret = NULL;
	tmpl_set_missingkey(t, hr && hr->strict ? TMPL_MISSINGKEY_ERROR : TMPL_MISSINGKEY_ZERO);
	if (tmpl_parse(t, tmpl_name(t), text->u.str.s, text->u.str.len, &e) < 0) {
		go_quote(&q, text->u.str.s, text->u.str.len);
		strbuf_insert(&e.msg, 0, ": ", strlen(": "));
		strbuf_insert(&e.msg, 0, q.buf, q.len);
		strbuf_insert(&e.msg, 0, "cannot parse template ", strlen("cannot parse template "));
		kc_err_move(err, &e);
		goto done;
	}
	if (tmpl_execute_in(c, t, tmpl_name(t), argv[1], &out, &e) < 0) {
		go_quote(&q, text->u.str.s, text->u.str.len);
		strbuf_insert(&e.msg, 0, ": ", strlen(": "));
		strbuf_insert(&e.msg, 0, q.buf, q.len);
		strbuf_insert(&e.msg, 0, "error during tpl function execution for ", strlen("error during tpl function execution for "));
		kc_err_move(err, &e);
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

/* A struct's fields (json tags; embedded structs' fields promoted inline). */
static int json_struct_fields(struct strbuf *o, const struct tv *v, int html, struct kc_err *err,
			      int *first)
{
	for (size_t i = 0; i < v->u.st.n; i++) {
		if (i < 64 && (v->type->embedded >> i & 1) && v->u.st.vals[i]->kind == TV_STRUCT) {
			if (json_struct_fields(o, v->u.st.vals[i], html, err, first) < 0)
				return -1;
			continue;
		}
		char nb[128];
		const char *jn = tv_struct_json_name(v, i, nb, sizeof nb);
		if (!jn)
			continue;
		if (!*first)
			strbuf_addch(o, ',');
		*first = 0;
		json_str(o, jn, strlen(jn), html);
		strbuf_addch(o, ':');
		if (helm_json_marshal(o, v->u.st.vals[i], html, err) < 0)
			return -1;
	}
	return 0;
}
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
	case TV_STRUCT: {
		int first = 1;
		strbuf_addch(o, '{');
		if (json_struct_fields(o, v, html, err, &first) < 0)
			return -1;
		strbuf_addch(o, '}');
		return 0;
	}
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

/* ---- toYamlPretty: gopkg.in/yaml.v3 Encoder, SetIndent(2), on the value itself ---- */

/* The value as yaml.v3 sees it (reals stay reals: 3.0 prints 3, 1e6 prints
 * 1e+06). Structs: yaml.v3 ignores json tags and keys fields by their lowercased
 * names. NULL when yaml.v3 would fail (func values): Helm then yields "". */
static json_t *v3_json(const struct tv *v)
{
	if (!v || v->kind == TV_NIL)
		return json_null();
	switch (v->kind) {
	case TV_BOOL: return json_boolean(v->u.b);
	case TV_INT: return json_integer((json_int_t)v->u.i);
	case TV_UINT:
		if (v->u.u > (uint64_t)INT64_MAX)
			return json_real((double)v->u.u);
		return json_integer((json_int_t)v->u.u);
	case TV_FLOAT: return json_real(v->u.f);
	case TV_STRING:
	case TV_BYTES: return json_stringn_nocheck(v->u.str.s, v->u.str.len);
	case TV_LIST: {
		json_t *a = json_array();
		for (size_t i = 0; i < v->u.list.len; i++) {
			json_t *e = v3_json(v->u.list.items[i]);
			if (!e) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, e);
		}
		return a;
	}
	case TV_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < v->u.map.len; i++) {
			json_t *e = v3_json(v->u.map.ents[i].val);
			if (!e) {
				json_decref(o);
				return NULL;
			}
			json_object_setn_new_nocheck(o, v->u.map.ents[i].key, v->u.map.ents[i].keylen, e);
		}
		return o;
	}
	case TV_STRUCT: {
		json_t *o = json_object();
		for (size_t i = 0; i < v->u.st.n && v->type->fields && v->type->fields[i]; i++) {
			struct strbuf k = STRBUF_INIT;
			for (const char *c = v->type->fields[i]; *c; c++)
				strbuf_addch(&k, (char)tolower((unsigned char)*c));
			json_t *e = v3_json(v->u.st.vals[i]);
			if (!e) {
				strbuf_release(&k);
				json_decref(o);
				return NULL;
			}
			json_object_set_new_nocheck(o, k.buf, e);
			strbuf_release(&k);
		}
		return o;
	}
	case TV_OBJECT: {
		json_t *j = v->type->to_json ? v->type->to_json(v) : NULL;
		return j ? j : json_null();
	}
	default: return NULL;
	}
}

FN(fn_to_yaml_pretty)
{
	struct strbuf o = STRBUF_INIT;
	json_t *j = v3_json(argv[0]);
	if (j) {
		yaml_emit_v3(&o, j);
		if (o.len && o.buf[o.len - 1] == '\n')
			strbuf_setlen(&o, o.len - 1);
		json_decref(j);
	}
	return tv_str_buf(&o);
}

/* ---- toToml: BurntSushi/toml's Encoder (v1.2.0 + Helm's 1.6.0 float form) ---- */

struct toml_enc {
	struct strbuf *out;
	int written;
	const char *err;
};

static void toml_wf(struct toml_enc *e, const char *s, size_t n)
{
	strbuf_add(e->out, s, n);
	e->written = 1;
}

static void toml_ws(struct toml_enc *e, const char *s)
{
	toml_wf(e, s, strlen(s));
}

static void toml_newline(struct toml_enc *e)
{
	if (e->written)
		toml_ws(e, "\n");
}

static void toml_quoted(struct toml_enc *e, const char *s, size_t n)
{
	struct strbuf q = STRBUF_INIT;
	strbuf_addch(&q, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': strbuf_addstr(&q, "\\\""); break;
		case '\\': strbuf_addstr(&q, "\\\\"); break;
		case '\b': strbuf_addstr(&q, "\\b"); break;
		case '\t': strbuf_addstr(&q, "\\t"); break;
		case '\n': strbuf_addstr(&q, "\\n"); break;
		case '\f': strbuf_addstr(&q, "\\f"); break;
		case '\r': strbuf_addstr(&q, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				strbuf_addf(&q, "\\u%04X", c);
			else
				strbuf_addch(&q, c);
		}
	}
	strbuf_addch(&q, '"');
	toml_wf(e, q.buf, q.len);
	strbuf_release(&q);
}

static int toml_bare(const char *k, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
		      (k[i] >= '0' && k[i] <= '9') || k[i] == '_' || k[i] == '-'))
			return 0;
	return 1;
}

static void toml_key_part(struct toml_enc *e, const char *k, size_t n)
{
	if (toml_bare(k, n))
		toml_wf(e, k, n);
	else
		toml_quoted(e, k, n);
}

struct toml_key {
	const char **parts;
	size_t *lens;
	int n;
};

static void toml_key_str(struct toml_enc *e, const struct toml_key *k)
{
	for (int i = 0; i < k->n; i++) {
		if (i)
			toml_ws(e, ".");
		toml_key_part(e, k->parts[i], k->lens[i]);
	}
}

static void toml_indent(struct toml_enc *e, const struct toml_key *k)
{
	for (int i = 0; i < k->n - 1; i++)
		toml_ws(e, "  ");
}

enum toml_t { TT_NONE, TT_SCALAR, TT_ARRAY, TT_HASH, TT_ARRAY_HASH };

static enum toml_t toml_type(struct toml_enc *e, const struct tv *v)
{
	if (!v || v->kind == TV_NIL)
		return TT_NONE;
	switch (v->kind) {
	case TV_MAP: case TV_STRUCT:
		return TT_HASH;
	case TV_LIST: {
		if (!v->u.list.len)
			return TT_ARRAY;
		int all = 1;
		for (size_t i = 0; i < v->u.list.len; i++) {
			enum toml_t t = toml_type(e, v->u.list.items[i]);
			if (t == TT_NONE && !e->err)
				e->err = "toml: cannot encode array with nil element";
			if (t != TT_HASH)
				all = 0;
		}
		return all ? TT_ARRAY_HASH : TT_ARRAY;
	}
	case TV_BYTES:
		return TT_ARRAY;
	default:
		return TT_SCALAR;
	}
}

static void toml_element(struct toml_enc *e, const struct tv *v);
static void toml_map(struct toml_enc *e, struct toml_key *key, const struct tv *v, int inl);

static void toml_element(struct toml_enc *e, const struct tv *v)
{
	struct strbuf sb = STRBUF_INIT;
	switch (v->kind) {
	case TV_STRING:
		toml_quoted(e, v->u.str.s, v->u.str.len);
		break;
	case TV_BOOL:
		toml_ws(e, v->u.b ? "true" : "false");
		break;
	case TV_INT:
		strbuf_addf(&sb, "%lld", (long long)v->u.i);
		break;
	case TV_UINT:
		strbuf_addf(&sb, "%llu", (unsigned long long)v->u.u);
		break;
	case TV_FLOAT:
		if (isnan(v->u.f)) {
			strbuf_addstr(&sb, signbit(v->u.f) ? "-nan" : "nan");
		} else if (isinf(v->u.f)) {
			strbuf_addstr(&sb, v->u.f < 0 ? "-inf" : "inf");
		} else {
			go_format_float(&sb, v->u.f, 'g', -1);
			if (!strpbrk(sb.buf, ".e"))
				strbuf_addstr(&sb, ".0");
		}
		break;
	case TV_LIST:
		toml_ws(e, "[");
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				toml_ws(e, ", ");
			if (v->u.list.items[i]->kind == TV_NIL) {
				if (!e->err)
					e->err = "toml: cannot encode array with nil element";
				continue;
			}
			toml_element(e, v->u.list.items[i]);
		}
		toml_ws(e, "]");
		break;
	case TV_BYTES:
		toml_ws(e, "[");
		for (size_t i = 0; i < v->u.str.len; i++)
			strbuf_addf(&sb, "%s%u", i ? ", " : "", (unsigned char)v->u.str.s[i]);
		strbuf_addch(&sb, ']');
		break;
	case TV_MAP: case TV_STRUCT: {
		struct toml_key k = { NULL, NULL, 0 };
		toml_map(e, &k, v, 1);
		break;
	}
	default:
		if (!e->err)
			e->err = "toml: unsupported type";
	}
	if (sb.len)
		toml_wf(e, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void toml_key_value(struct toml_enc *e, struct toml_key *key, const struct tv *v, int inl)
{
	toml_indent(e, key);
	toml_key_part(e, key->parts[key->n - 1], key->lens[key->n - 1]);
	toml_ws(e, " = ");
	toml_element(e, v);
	if (!inl)
		toml_newline(e);
}

static void toml_encode(struct toml_enc *e, struct toml_key *key, const struct tv *v);

static void toml_table(struct toml_enc *e, struct toml_key *key, const struct tv *v)
{
	if (key->n == 1)
		toml_newline(e);
	if (key->n > 0) {
		toml_indent(e, key);
		toml_ws(e, "[");
		toml_key_str(e, key);
		toml_ws(e, "]");
		toml_newline(e);
	}
	toml_map(e, key, v, 0);
}

static void toml_array_of_tables(struct toml_enc *e, struct toml_key *key, const struct tv *v)
{
	for (size_t i = 0; i < v->u.list.len; i++) {
		toml_newline(e);
		toml_indent(e, key);
		toml_ws(e, "[[");
		toml_key_str(e, key);
		toml_ws(e, "]]");
		toml_newline(e);
		toml_map(e, key, v->u.list.items[i], 0);
	}
}

static void toml_encode(struct toml_enc *e, struct toml_key *key, const struct tv *v)
{
	switch (v->kind) {
	case TV_NIL:
		return;
	case TV_MAP: case TV_STRUCT:
		toml_table(e, key, v);
		return;
	case TV_LIST:
		if (toml_type(e, v) == TT_ARRAY_HASH) {
			toml_array_of_tables(e, key, v);
			return;
		}
		/* fallthrough */
	default:
		if (key->n == 0) {
			if (!e->err)
				e->err = "toml: top-level values must be Go maps or structs";
			return;
		}
		toml_key_value(e, key, v, 0);
	}
}

/* eMap: direct keys first, then tables, each sorted */
static void toml_map(struct toml_enc *e, struct toml_key *key, const struct tv *v, int inl)
{
	size_t n = v->kind == TV_MAP ? v->u.map.len : v->u.st.n;
	struct toml_key sub;
	sub.parts = xcalloc((size_t)key->n + 1, sizeof(char *));
	sub.lens = xcalloc((size_t)key->n + 1, sizeof(size_t));
	for (int i = 0; i < key->n; i++) {
		sub.parts[i] = key->parts[i];
		sub.lens[i] = key->lens[i];
	}
	sub.n = key->n + 1;
	if (inl)
		toml_ws(e, "{");
	int ndirect = 0, nsub = 0;
	for (size_t i = 0; i < n; i++) {
		const struct tv *val = v->kind == TV_MAP ? v->u.map.ents[i].val : v->u.st.vals[i];
		enum toml_t t = toml_type(e, val);
		if (t == TT_HASH || t == TT_ARRAY_HASH)
			nsub++;
		else
			ndirect++;
	}
	for (int pass = 0; pass < 2; pass++) {
		int cnt = pass ? nsub : ndirect, k = 0;
		for (size_t i = 0; i < n; i++) {
			const struct tv *val = v->kind == TV_MAP ? v->u.map.ents[i].val : v->u.st.vals[i];
			enum toml_t t = toml_type(e, val);
			int is_sub = t == TT_HASH || t == TT_ARRAY_HASH;
			if (is_sub != pass)
				continue;
			k++;
			if (t == TT_NONE)
				continue;
			sub.parts[key->n] = v->kind == TV_MAP ? v->u.map.ents[i].key : v->type->fields[i];
			sub.lens[key->n] = v->kind == TV_MAP ? v->u.map.ents[i].keylen : strlen(v->type->fields[i]);
			if (inl) {
				struct toml_key one = { &sub.parts[key->n], &sub.lens[key->n], 1 };
				toml_key_value(e, &one, val, 1);
				if ((pass == 0 && nsub > 0) || k != cnt)
					toml_ws(e, ", ");
			} else {
				toml_encode(e, &sub, val);
			}
		}
	}
	if (inl)
		toml_ws(e, "}");
	free(sub.parts);
	free(sub.lens);
}

FN(fn_to_toml)
{
	struct strbuf o = STRBUF_INIT;
	struct toml_enc e = { &o, 0, NULL };
	struct toml_key root = { NULL, NULL, 0 };
	struct tv *v = argv[0];
	if (v->kind == TV_NIL) {
		/* reflect.ValueOf(nil) has no type: Go's encoder panics */
		kc_err_set(err, "reflect: call of reflect.Value.Type on zero Value");
		strbuf_release(&o);
		return NULL;
	}
	toml_encode(&e, &root, v);
	if (e.err) {
		strbuf_reset(&o);
		strbuf_addstr(&o, e.err);
	}
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

FN(fn_from_toml)
{
	struct kc_err e = KC_ERR_INIT;
	struct tv *v = helm_toml_decode(argv[0]->u.str.s, argv[0]->u.str.len, &e);
	if (!v) {
		v = tv_map_new(NULL);
		tv_map_set_take(v, "Error", tv_str(e.msg.buf));
	}
	kc_err_release(&e);
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
	{ "fromToml", fn_from_toml, "string", NULL },
	{ "fromYaml", fn_from_yaml, "string", NULL },
	{ "fromYamlArray", fn_from_yaml_array, "string", NULL },
	{ "getHostByName", fn_get_host_by_name, "string", NULL },
	{ "include", fn_include, "string, interface {}", NULL },
	{ "lookup", fn_lookup, "string, string, string, string", NULL },
	{ "required", fn_required, "string, interface {}", NULL },
	{ "toJson", fn_to_json, "interface {}", NULL },
	{ "toToml", fn_to_toml, "interface {}", NULL },
	{ "toYaml", fn_to_yaml, "interface {}", NULL },
	{ "toYamlPretty", fn_to_yaml_pretty, "interface {}", NULL },
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
	tmpl_add_funcs(t, sprig_funcs);
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
		replace_no_value_from(out, start);
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

/* ---- Helm's render objects as Go-typed values ---- */

static const struct tv_type t_strlist = { .name = "[]string", .kind = TV_LIST, .kind_name = "slice",
					  .elem = &tv_type_string };
static const char *const maint_fields[] = { "Name", "Email", "URL", NULL };
static const char *const maint_tags[] = { "name,omitempty", "email,omitempty", "url,omitempty", NULL };
static const struct tv_type t_maint = { .name = "*chart.Maintainer", .kind = TV_STRUCT, .kind_name = "ptr",
					.ptr = 1, .fields = maint_fields, .json_tags = maint_tags };
static const struct tv_type t_maints = { .name = "[]*chart.Maintainer", .kind = TV_LIST,
					 .kind_name = "slice", .elem = &t_maint };
static const char *const dep_fields[] = { "Name", "Version", "Repository", "Condition", "Tags",
	"Enabled", "ImportValues", "Alias", NULL };
static const char *const dep_tags[] = { "name", "version,omitempty", "repository", "condition,omitempty",
	"tags,omitempty", "enabled,omitempty", "import-values,omitempty", "alias,omitempty", NULL };
static const struct tv_type t_dep = { .name = "*chart.Dependency", .kind = TV_STRUCT, .kind_name = "ptr",
				      .ptr = 1, .fields = dep_fields, .json_tags = dep_tags };
static const struct tv_type t_deps = { .name = "[]*chart.Dependency", .kind = TV_LIST, .kind_name = "slice",
				       .elem = &t_dep };
static const char *const md_fields[] = { "Name", "Home", "Sources", "Version", "Description", "Keywords",
	"Maintainers", "Icon", "APIVersion", "Condition", "Tags", "AppVersion", "Deprecated", "Annotations",
	"KubeVersion", "Dependencies", "Type", NULL };
static const char *const md_tags[] = { "name,omitempty", "home,omitempty", "sources,omitempty",
	"version,omitempty", "description,omitempty", "keywords,omitempty", "maintainers,omitempty",
	"icon,omitempty", "apiVersion,omitempty", "condition,omitempty", "tags,omitempty",
	"appVersion,omitempty", "deprecated,omitempty", "annotations,omitempty", "kubeVersion,omitempty",
	"dependencies,omitempty", "type,omitempty", NULL };
const struct tv_type helm_type_metadata = { .name = "chart.Metadata", .kind = TV_STRUCT,
	.kind_name = "struct", .fields = md_fields, .json_tags = md_tags };
static const char *const chart_fields[] = { "Metadata", "IsRoot", NULL };
const struct tv_type helm_type_chart = { .name = "struct { chart.Metadata; IsRoot bool }",
	.kind = TV_STRUCT, .kind_name = "struct", .fields = chart_fields, .embedded = 1 };

static struct tv *m_kv_string(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	return tv_incref(tv_struct_get(argv[0], "Version"));
}

static struct tv *m_has(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	for (size_t i = 0; i < tv_list_len(argv[0]); i++) {
		struct tv *e = tv_list_get(argv[0], i);
		if (e->kind == TV_STRING && e->u.str.len == argv[1]->u.str.len &&
		    !memcmp(e->u.str.s, argv[1]->u.str.s, e->u.str.len))
			return tv_true();
	}
	return tv_false();
}

static void kv_format(const struct tv *v, struct strbuf *out)
{
	struct tv *s = tv_struct_get(v, "Version");
	if (s && s->kind == TV_STRING)
		strbuf_add(out, s->u.str.s, s->u.str.len);
}

static const struct tmpl_func kv_methods[] = {
	{ "GitVersion", m_kv_string, "", NULL },
	{ "String", m_kv_string, "", NULL },
	{ NULL, NULL, NULL, NULL },
};
static const struct tmpl_func vs_methods[] = {
	{ "Has", m_has, "string", NULL },
	{ NULL, NULL, NULL, NULL },
};
static const char *const kv_fields[] = { "Version", "Major", "Minor", NULL };
static const struct tv_type t_kubeversion = { .name = "chartutil.KubeVersion", .kind = TV_STRUCT,
	.kind_name = "struct", .fields = kv_fields, .methods = kv_methods, .format = kv_format,
	.stringer_ptr = 1 };
static const struct tv_type t_versionset = { .name = "chartutil.VersionSet", .kind = TV_LIST,
	.kind_name = "slice", .elem = &tv_type_string, .named = 1, .methods = vs_methods };
static const char *const bi_fields[] = { "Version", "GitCommit", "GitTreeState", "GoVersion", NULL };
static const char *const bi_tags[] = { "version,omitempty", "git_commit,omitempty",
	"git_tree_state,omitempty", "go_version,omitempty", NULL };
static const struct tv_type t_buildinfo = { .name = "version.BuildInfo", .kind = TV_STRUCT,
	.kind_name = "struct", .fields = bi_fields, .json_tags = bi_tags };
static const char *const caps_fields[] = { "KubeVersion", "APIVersions", "HelmVersion", NULL };
const struct tv_type helm_type_capabilities = { .name = "*chartutil.Capabilities", .kind = TV_STRUCT,
	.kind_name = "ptr", .ptr = 1, .fields = caps_fields };

static struct tv *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? tv_strn(json_string_value(v), json_string_length(v)) : tv_str("");
}

static struct tv *jstrlist(json_t *o, const char *k, const struct tv_type *t)
{
	json_t *a = json_object_get(o, k), *e;
	size_t i;
	struct tv *l = tv_list_new(t);
	json_array_foreach(a, i, e)
		tv_list_append_take(l, json_is_string(e) ? tv_strn(json_string_value(e), json_string_length(e))
							 : tv_str(""));
	return l;
}

static struct tv *jstruct(json_t *o, const struct tv_type *t)
{
	size_t n = 0;
	while (t->fields[n])
		n++;
	struct tv **vals = xcalloc(n + 1, sizeof(*vals));
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(o, t->fields[i]);
		if (json_is_string(v))
			vals[i] = tv_strn(json_string_value(v), json_string_length(v));
		else if (json_is_array(v) && t == &t_dep && !strcmp(t->fields[i], "Tags"))
			vals[i] = jstrlist(o, t->fields[i], &t_strlist);
		else
			vals[i] = tv_from_json(v, TV_JSON_INTS_AS_FLOAT);
	}
	struct tv *s = tv_struct_take(t, vals);
	free(vals);
	return s;
}

static struct tv *jstructlist(json_t *o, const char *k, const struct tv_type *lt, const struct tv_type *et)
{
	json_t *a = json_object_get(o, k), *e;
	size_t i;
	struct tv *l = tv_list_new(lt);
	json_array_foreach(a, i, e)
		tv_list_append_take(l, json_is_object(e) ? jstruct(e, et) : tv_nil());
	return l;
}

struct tv *helm_chart_value(json_t *gofields)
{
	struct tv *md[18] = { 0 };
	md[0] = jstr(gofields, "Name");
	md[1] = jstr(gofields, "Home");
	md[2] = jstrlist(gofields, "Sources", &t_strlist);
	md[3] = jstr(gofields, "Version");
	md[4] = jstr(gofields, "Description");
	md[5] = jstrlist(gofields, "Keywords", &t_strlist);
	md[6] = jstructlist(gofields, "Maintainers", &t_maints, &t_maint);
	md[7] = jstr(gofields, "Icon");
	md[8] = jstr(gofields, "APIVersion");
	md[9] = jstr(gofields, "Condition");
	md[10] = jstr(gofields, "Tags");
	md[11] = jstr(gofields, "AppVersion");
	md[12] = tv_bool(json_is_true(json_object_get(gofields, "Deprecated")));
	struct tv *ann = tv_map_new(&tv_type_strmap);
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(gofields, "Annotations"), k, v)
		tv_map_set_take(ann, k, json_is_string(v) ? tv_str(json_string_value(v)) : tv_str(""));
	md[13] = ann;
	md[14] = jstr(gofields, "KubeVersion");
	md[15] = jstructlist(gofields, "Dependencies", &t_deps, &t_dep);
	md[16] = jstr(gofields, "Type");
	struct tv *meta = tv_struct_take(&helm_type_metadata, md);
	json_t *root = json_object_get(gofields, "IsRoot");
	if (!root)
		return meta;
	struct tv *ch[2] = { meta, tv_bool(json_is_true(root)) };
	return tv_struct_take(&helm_type_chart, ch);
}

struct tv *helm_capabilities_value(json_t *caps)
{
	json_t *kvj = json_object_get(caps, "KubeVersion"), *e;
	struct tv *kv = jstruct(kvj, &t_kubeversion);
	struct tv *vs = tv_list_new(&t_versionset);
	size_t i;
	json_array_foreach(json_object_get(caps, "APIVersions"), i, e)
		if (json_is_string(e))
			tv_list_append_take(vs, tv_str(json_string_value(e)));
	struct tv *bi = jstruct(json_object_get(caps, "HelmVersion"), &t_buildinfo);
	struct tv *vals[3] = { kv, vs, bi };
	return tv_struct_take(&helm_type_capabilities, vals);
}

/* .Files: engine.files (map[string][]byte) and its methods. */
static struct tv *m_get_bytes(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	struct tv *v = tv_map_get(argv[0], argv[1]->u.str.s);
	return v ? tv_incref(v) : tv_bytes("", 0);
}

static struct tv *m_get(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	struct tv *v = tv_map_get(argv[0], argv[1]->u.str.s);
	return v ? tv_strn(v->u.str.s, v->u.str.len) : tv_str("");
}

static struct tv *m_lines(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	struct tv *v = tv_map_get(argv[0], argv[1]->u.str.s);
	struct tv *l = tv_list_new(&tv_type_strlist);
	if (!v || !v->u.str.len)
		return l;
	size_t n = v->u.str.len;
	if (v->u.str.s[n - 1] == '\n')
		n--;
	size_t st = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || v->u.str.s[i] == '\n') {
			tv_list_append_take(l, tv_strn(v->u.str.s + st, i - st));
			st = i + 1;
		}
	return l;
}

static struct tv *files_as(struct tv *f, int secrets)
{
	struct tv *m = tv_map_new(&tv_type_strmap);
	for (size_t i = 0; i < f->u.map.len; i++) {
		const char *k = f->u.map.ents[i].key, *b = strrchr(k, '/');
		struct tv *d = f->u.map.ents[i].val;
		if (secrets) {
			struct strbuf sb = STRBUF_INIT;
			base64_encode(&sb, d->u.str.s, d->u.str.len);
			tv_map_set_take(m, b ? b + 1 : k, tv_str_buf(&sb));
		} else {
			tv_map_set_take(m, b ? b + 1 : k, tv_strn(d->u.str.s, d->u.str.len));
		}
	}
	struct strbuf js = STRBUF_INIT, o = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	json_t *j = NULL;
	if (helm_json_marshal(&js, m, 0, &e) == 0 && (j = json_parse(js.buf, js.len, &e)) &&
	    yaml_emit_checked(&o, j, &e) == 0) {
		if (o.len && o.buf[o.len - 1] == '\n')
			strbuf_setlen(&o, o.len - 1);
	} else {
		strbuf_reset(&o);
	}
	json_decref(j);
	strbuf_release(&js);
	kc_err_release(&e);
	tv_decref(m);
	return tv_str_buf(&o);
}

static struct tv *m_as_config(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	return files_as(argv[0], 0);
}

static struct tv *m_as_secrets(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	return files_as(argv[0], 1);
}

extern const struct tv_type helm_type_files;

/* files.Glob: the files whose names match (gobwas/glob, '/' separator); a
 * pattern that does not compile matches like "**" (every file) */
static struct tv *m_glob(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)
{
	const struct tv *f = argv[0];
	struct tv *nf = tv_map_new(&helm_type_files);
	char *pat = xstrndup(argv[1]->u.str.s, argv[1]->u.str.len);
	for (size_t i = 0; i < f->u.map.len; i++) {
		int m = chart_glob_match(pat, f->u.map.ents[i].key);
		if (m != 0)
			tv_map_set(nf, f->u.map.ents[i].key, f->u.map.ents[i].val);
	}
	free(pat);
	return nf;
}

static const struct tmpl_func files_methods[] = {
	{ "AsConfig", m_as_config, "", NULL },
	{ "AsSecrets", m_as_secrets, "", NULL },
	{ "Get", m_get, "string", NULL },
	{ "GetBytes", m_get_bytes, "string", NULL },
	{ "Glob", m_glob, "string", NULL },
	{ "Lines", m_lines, "string", NULL },
	{ NULL, NULL, NULL, NULL },
};
const struct tv_type helm_type_files = { .name = "engine.files", .kind = TV_MAP, .kind_name = "map",
	.elem = &tv_type_bytes, .named = 1, .methods = files_methods };

struct tv *helm_files_value(const char *const *names, const char *const *datas, const size_t *lens,
			    size_t n)
{
	struct tv *m = tv_map_new(&helm_type_files);
	for (size_t i = 0; i < n; i++)
		tv_map_set_take(m, names[i], tv_bytes(datas[i], lens[i]));
	return m;
}
