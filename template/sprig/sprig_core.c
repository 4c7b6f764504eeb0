/* sprig_core.c: what many Sprig functions share — strval, empty, spf13/cast
 * conversions, reflect kinds, and Go's encoding/json encoder. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/base64.h"
#include "util/gostr.h"

void sprig_strval(struct strbuf *out, const struct tv *v)
{
	if (v && (v->kind == TV_STRING || v->kind == TV_BYTES)) {
		strbuf_add(out, v->u.str.s, v->u.str.len);
		return;
	}
	tv_format(out, v);
}

int sprig_empty(const struct tv *v)
{
	if (tv_is_nil(v))
		return 1;
	switch (v->kind) {
	case TV_BOOL: return !v->u.b;
	case TV_INT: return v->u.i == 0;
	case TV_UINT: return v->u.u == 0;
	case TV_FLOAT: return v->u.f == 0;
	case TV_STRING:
	case TV_BYTES: return v->u.str.len == 0;
	case TV_LIST: return v->u.list.len == 0;
	case TV_MAP: return v->u.map.len == 0;
	default: return 0;
	}
}

int64_t go_f2i(double f)
{
	if (isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)f;
}

/* cast's trimZeroDecimal */
static size_t trim_zero_decimal(const char *s, size_t n)
{
	int zero = 0;
	for (size_t i = n; i > 0; i--) {
		switch (s[i - 1]) {
		case '.':
			if (zero)
				return i - 1;
			break;
		case '0':
			zero = 1;
			break;
		default:
			return n;
		}
	}
	return n;
}

int64_t sprig_to_int64(const struct tv *v)
{
	if (tv_is_nil(v))
		return 0;
	switch (v->kind) {
	case TV_BOOL: return v->u.b ? 1 : 0;
	case TV_INT: return v->u.i;
	case TV_UINT: return (int64_t)v->u.u;
	case TV_FLOAT: return go_f2i(v->u.f);
	case TV_STRING: {
		size_t n = trim_zero_decimal(v->u.str.s, v->u.str.len);
		char *s = xstrndup(v->u.str.s, n);
		long long x = 0;
		if (memchr(v->u.str.s, 0, v->u.str.len) || go_parse_int(s, 0, 64, &x))
			x = 0;
		free(s);
		return x;
	}
	default: return 0;
	}
}

double sprig_to_float64(const struct tv *v)
{
	if (tv_is_nil(v))
		return 0;
	switch (v->kind) {
	case TV_BOOL: return v->u.b ? 1 : 0;
	case TV_INT: return (double)v->u.i;
	case TV_UINT: return (double)v->u.u;
	case TV_FLOAT: return v->u.f;
	case TV_STRING: {
		double d = 0;
		const char *s = v->u.str.s;
		if (*s == '+' || *s == '-')
			s++;
		/* Go's ParseFloat takes hex only with a p exponent ("0x1p4") */
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strpbrk(s, "pP"))
			return 0;
		if (memchr(v->u.str.s, 0, v->u.str.len) || go_parse_float(v->u.str.s, &d))
			d = 0;
		return d;
	}
	default: return 0;
	}
}

int sprig_is_list(const struct tv *v)
{
	return v && (v->kind == TV_LIST || v->kind == TV_BYTES);
}

const char *sprig_kind(const struct tv *v)
{
	return tv_kind_name(v);
}

/* ---- encoding/json ---- */

static void json_str(struct strbuf *o, const char *s, size_t n, int html)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(o, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c >= 0x20 && c != '"' && c != '\\' && !(html && (c == '<' || c == '>' || c == '&'))) {
				strbuf_addch(o, c);
			} else if (c == '"' || c == '\\') {
				strbuf_addch(o, '\\');
				strbuf_addch(o, c);
			} else if (c == '\n') {
				strbuf_addstr(o, "\\n");
			} else if (c == '\r') {
				strbuf_addstr(o, "\\r");
			} else if (c == '\t') {
				strbuf_addstr(o, "\\t");
			} else {
				strbuf_addstr(o, "\\u00");
				strbuf_addch(o, hex[c >> 4]);
				strbuf_addch(o, hex[c & 15]);
			}
			i++;
			continue;
		}
		uint32_t r;
		size_t w = utf8_dec(s + i, n - i, &r);
		if (r == 0xFFFD && w == 1) {
			strbuf_addstr(o, "\\ufffd");
		} else if (r == 0x2028 || r == 0x2029) {
			strbuf_addf(o, "\\u%04x", r);
		} else {
			strbuf_add(o, s + i, w);
		}
		i += w;
	}
	strbuf_addch(o, '"');
}

static int json_float(struct strbuf *o, double f, struct kc_err *err)
{
	if (isnan(f) || isinf(f)) {
		struct strbuf t = STRBUF_INIT;
		go_format_float(&t, f, 'g', -1);
		kc_err_set(err, "json: unsupported value: %s", t.buf);
		strbuf_release(&t);
		return -1;
	}
	double a = fabs(f);
	char fmt = 'f';
	if (a != 0 && (a < 1e-6 || a >= 1e21))
		fmt = 'e';
	size_t start = o->len;
	go_format_float(o, f, fmt, -1);
	if (fmt == 'e') {
		size_t n = o->len - start;
		char *b = o->buf + start;
		if (n >= 4 && b[n - 4] == 'e' && b[n - 3] == '-' && b[n - 2] == '0') {
			b[n - 2] = b[n - 1];
			strbuf_setlen(o, o->len - 1);
		}
	}
	return 0;
}

struct jenc {
	struct strbuf *o;
	int html;
	const char *indent;
	struct kc_err *err;
};

static void json_nl(struct jenc *e, int depth)
{
	if (!e->indent)
		return;
	strbuf_addch(e->o, '\n');
	for (int i = 0; i < depth; i++)
		strbuf_addstr(e->o, e->indent);
}

static int enc_json_t(struct jenc *e, json_t *j, int depth)
{
	switch (json_typeof(j)) {
	case JSON_NULL: strbuf_addstr(e->o, "null"); return 0;
	case JSON_TRUE: strbuf_addstr(e->o, "true"); return 0;
	case JSON_FALSE: strbuf_addstr(e->o, "false"); return 0;
	case JSON_INTEGER: strbuf_addf(e->o, "%lld", (long long)json_integer_value(j)); return 0;
	case JSON_REAL: return json_float(e->o, json_real_value(j), e->err);
	case JSON_STRING:
		json_str(e->o, json_string_value(j), json_string_length(j), e->html);
		return 0;
	case JSON_ARRAY: {
		size_t n = json_array_size(j);
		strbuf_addch(e->o, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(e->o, ',');
			json_nl(e, depth + 1);
			if (enc_json_t(e, json_array_get(j, i), depth + 1))
				return -1;
		}
		if (n)
			json_nl(e, depth);
		strbuf_addch(e->o, ']');
		return 0;
	}
	case JSON_OBJECT: {
		const char *k;
		json_t *v;
		int first = 1;
		strbuf_addch(e->o, '{');
		json_object_foreach(j, k, v) {
			if (!first)
				strbuf_addch(e->o, ',');
			first = 0;
			json_nl(e, depth + 1);
			json_str(e->o, k, strlen(k), e->html);
			strbuf_addstr(e->o, e->indent ? ": " : ":");
			if (enc_json_t(e, v, depth + 1))
				return -1;
		}
		if (!first)
			json_nl(e, depth);
		strbuf_addch(e->o, '}');
		return 0;
	}
	}
	return 0;
}

static int enc_tv(struct jenc *e, const struct tv *v, int depth)
{
	if (tv_is_nil(v)) {
		strbuf_addstr(e->o, "null");
		return 0;
	}
	switch (v->kind) {
	case TV_NIL: strbuf_addstr(e->o, "null"); return 0;
	case TV_BOOL: strbuf_addstr(e->o, v->u.b ? "true" : "false"); return 0;
	case TV_INT: strbuf_addf(e->o, "%lld", (long long)v->u.i); return 0;
	case TV_UINT: strbuf_addf(e->o, "%llu", (unsigned long long)v->u.u); return 0;
	case TV_FLOAT: return json_float(e->o, v->u.f, e->err);
	case TV_STRING: json_str(e->o, v->u.str.s, v->u.str.len, e->html); return 0;
	case TV_BYTES: {
		struct strbuf t = STRBUF_INIT;
		base64_encode(&t, v->u.str.s, v->u.str.len);
		json_str(e->o, t.buf, t.len, e->html);
		strbuf_release(&t);
		return 0;
	}
	case TV_LIST:
		strbuf_addch(e->o, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_addch(e->o, ',');
			json_nl(e, depth + 1);
			if (enc_tv(e, v->u.list.items[i], depth + 1))
				return -1;
		}
		if (v->u.list.len)
			json_nl(e, depth);
		strbuf_addch(e->o, ']');
		return 0;
	case TV_MAP:
		strbuf_addch(e->o, '{');
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				strbuf_addch(e->o, ',');
			json_nl(e, depth + 1);
			json_str(e->o, v->u.map.ents[i].key, v->u.map.ents[i].keylen, e->html);
			strbuf_addstr(e->o, e->indent ? ": " : ":");
			if (enc_tv(e, v->u.map.ents[i].val, depth + 1))
				return -1;
		}
		if (v->u.map.len)
			json_nl(e, depth);
		strbuf_addch(e->o, '}');
		return 0;
	default: {
		json_t *j = tv_to_json(v, e->err);
		if (!j)
			return -1;
		int r = enc_json_t(e, j, depth);
		json_decref(j);
		return r;
	}
	}
}

int sprig_json_encode(struct strbuf *out, const struct tv *v, int escape_html, const char *indent,
		      struct kc_err *err)
{
	struct strbuf tmp = STRBUF_INIT;
	struct jenc e = {&tmp, escape_html, indent && *indent ? indent : NULL, err};
	int r = enc_tv(&e, v, 0);
	if (!r)
		strbuf_addbuf(out, &tmp);
	strbuf_release(&tmp);
	return r;
}
