/* value.c: struct tv — reference-counted values with Go type names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/value.h"
#include "util/base64.h"
#include "util/gostr.h"

#define T(var, nm, k, kn) const struct tv_type var = { .name = nm, .kind = k, .kind_name = kn }
T(tv_type_nil, "<nil>", TV_NIL, "invalid");
T(tv_type_bool, "bool", TV_BOOL, "bool");
T(tv_type_int, "int", TV_INT, "int");
T(tv_type_int64, "int64", TV_INT, "int64");
T(tv_type_int32, "int32", TV_INT, "int32");
T(tv_type_uint8, "uint8", TV_UINT, "uint8");
T(tv_type_uint, "uint", TV_UINT, "uint");
T(tv_type_uint64, "uint64", TV_UINT, "uint64");
T(tv_type_float64, "float64", TV_FLOAT, "float64");
T(tv_type_string, "string", TV_STRING, "string");
#undef T
const struct tv_type tv_type_bytes = { .name = "[]uint8", .kind = TV_BYTES, .kind_name = "slice",
				       .elem = &tv_type_uint8 };
const struct tv_type tv_type_list = { .name = "[]interface {}", .kind = TV_LIST, .kind_name = "slice" };
const struct tv_type tv_type_strlist = { .name = "[]string", .kind = TV_LIST, .kind_name = "slice",
					 .elem = &tv_type_string };
const struct tv_type tv_type_intlist = { .name = "[]int", .kind = TV_LIST, .kind_name = "slice",
					 .elem = &tv_type_int };
const struct tv_type tv_type_map = { .name = "map[string]interface {}", .kind = TV_MAP,
				     .kind_name = "map" };
const struct tv_type tv_type_strmap = { .name = "map[string]string", .kind = TV_MAP, .kind_name = "map",
					.elem = &tv_type_string };

static struct tv tv_nil_v = { TV_NIL, 0, &tv_type_nil, { 0 } };
static struct tv tv_true_v = { TV_BOOL, 0, &tv_type_bool, { .b = 1 } };
static struct tv tv_false_v = { TV_BOOL, 0, &tv_type_bool, { .b = 0 } };

struct tv *tv_incref(struct tv *v)
{
	if (v && v->refcnt)
		v->refcnt++;
	return v;
}

void tv_decref(struct tv *v)
{
	if (!v || !v->refcnt || --v->refcnt)
		return;
	switch (v->kind) {
	case TV_STRING:
	case TV_BYTES:
		free(v->u.str.s);
		break;
	case TV_LIST:
		for (size_t i = 0; i < v->u.list.len; i++)
			tv_decref(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case TV_MAP:
		for (size_t i = 0; i < v->u.map.len; i++) {
			free(v->u.map.ents[i].key);
			tv_decref(v->u.map.ents[i].val);
		}
		free(v->u.map.ents);
		break;
	case TV_STRUCT:
		for (size_t i = 0; i < v->u.st.n; i++)
			tv_decref(v->u.st.vals[i]);
		free(v->u.st.vals);
		break;
	case TV_OBJECT:
		if (v->type->destroy)
			v->type->destroy(v->u.obj);
		break;
	default:
		break;
	}
	free(v);
}

static struct tv *tv_alloc(enum tv_kind k, const struct tv_type *t)
{
	struct tv *v = xcalloc(1, sizeof(*v));
	v->kind = k;
	v->refcnt = 1;
	v->type = t;
	return v;
}

struct tv *tv_nil(void) { return &tv_nil_v; }
struct tv *tv_true(void) { return &tv_true_v; }
struct tv *tv_false(void) { return &tv_false_v; }
struct tv *tv_bool(int b) { return b ? &tv_true_v : &tv_false_v; }

struct tv *tv_int_typed(int64_t i, const struct tv_type *t)
{
	struct tv *v = tv_alloc(TV_INT, t);
	v->u.i = i;
	return v;
}
struct tv *tv_int(int64_t i) { return tv_int_typed(i, &tv_type_int); }
struct tv *tv_int64(int64_t i) { return tv_int_typed(i, &tv_type_int64); }

struct tv *tv_uint_typed(uint64_t u, const struct tv_type *t)
{
	struct tv *v = tv_alloc(TV_UINT, t);
	v->u.u = u;
	return v;
}

struct tv *tv_float(double f)
{
	struct tv *v = tv_alloc(TV_FLOAT, &tv_type_float64);
	v->u.f = f;
	return v;
}

struct tv *tv_str_take(char *s, size_t len)
{
	struct tv *v = tv_alloc(TV_STRING, &tv_type_string);
	v->u.str.s = s;
	v->u.str.len = len;
	return v;
}

struct tv *tv_strn(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = 0;
	return tv_str_take(p, len);
}

struct tv *tv_str(const char *s) { return tv_strn(s, strlen(s)); }

struct tv *tv_str_buf(struct strbuf *sb)
{
	size_t len;
	char *p = strbuf_detach(sb, &len);
	return tv_str_take(p, len);
}

struct tv *tv_bytes(const void *p, size_t len)
{
	struct tv *v = tv_strn(p, len);
	v->kind = TV_BYTES;
	v->type = &tv_type_bytes;
	return v;
}

struct tv *tv_list_new(const struct tv_type *t)
{
	return tv_alloc(TV_LIST, t ? t : &tv_type_list);
}

struct tv *tv_map_new(const struct tv_type *t)
{
	return tv_alloc(TV_MAP, t ? t : &tv_type_map);
}

struct tv *tv_struct_take(const struct tv_type *t, struct tv **vals)
{
	struct tv *v = tv_alloc(TV_STRUCT, t);
	size_t n = 0;
	while (t->fields && t->fields[n])
		n++;
	v->u.st.n = n;
	v->u.st.vals = xcalloc(n ? n : 1, sizeof(struct tv *));
	for (size_t i = 0; i < n; i++)
		v->u.st.vals[i] = vals[i] ? vals[i] : tv_nil();
	return v;
}

struct tv *tv_object(const struct tv_type *t, void *data)
{
	struct tv *v = tv_alloc(TV_OBJECT, t);
	v->u.obj = data;
	return v;
}

struct tv *tv_func(const struct tmpl_func *fn)
{
	static const struct tv_type func_type = { .name = "func", .kind = TV_FUNC, .kind_name = "func" };
	struct tv *v = tv_alloc(TV_FUNC, &func_type);
	v->u.fn = fn;
	return v;
}

void tv_list_append_take(struct tv *l, struct tv *item)
{
	if (l->u.list.len == l->u.list.cap) {
		l->u.list.cap = l->u.list.cap ? 2 * l->u.list.cap : 4;
		l->u.list.items = xrealloc(l->u.list.items, l->u.list.cap * sizeof(struct tv *));
	}
	l->u.list.items[l->u.list.len++] = item ? item : tv_nil();
}

void tv_list_append(struct tv *l, struct tv *item)
{
	tv_list_append_take(l, tv_incref(item));
}

size_t tv_list_len(const struct tv *l)
{
	return l && l->kind == TV_LIST ? l->u.list.len : 0;
}

struct tv *tv_list_get(const struct tv *l, size_t i)
{
	if (!l || l->kind != TV_LIST || i >= l->u.list.len)
		return NULL;
	return l->u.list.items[i];
}

/* Binary search: index of key or insertion point (*found set). */
static size_t map_find(const struct tv *m, const char *key, size_t klen, int *found)
{
	size_t lo = 0, hi = m->u.map.len;
	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct tv_map_ent *e = &m->u.map.ents[mid];
		size_t n = e->keylen < klen ? e->keylen : klen;
		int c = memcmp(e->key, key, n);
		if (!c)
			c = e->keylen < klen ? -1 : e->keylen > klen ? 1 : 0;
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void tv_map_setn_take(struct tv *m, const char *key, size_t klen, struct tv *val);
void tv_map_setn_take(struct tv *m, const char *key, size_t klen, struct tv *val)
{
	int found;
	size_t i = map_find(m, key, klen, &found);
	if (!val)
		val = tv_nil();
	if (found) {
		tv_decref(m->u.map.ents[i].val);
		m->u.map.ents[i].val = val;
		return;
	}
	if (m->u.map.len == m->u.map.cap) {
		m->u.map.cap = m->u.map.cap ? 2 * m->u.map.cap : 4;
		m->u.map.ents = xrealloc(m->u.map.ents, m->u.map.cap * sizeof(struct tv_map_ent));
	}
	memmove(&m->u.map.ents[i + 1], &m->u.map.ents[i],
		(m->u.map.len - i) * sizeof(struct tv_map_ent));
	m->u.map.ents[i].key = xstrndup(key, klen);
	m->u.map.ents[i].keylen = klen;
	m->u.map.ents[i].val = val;
	m->u.map.len++;
}

void tv_map_set_take(struct tv *m, const char *key, struct tv *val)
{
	tv_map_setn_take(m, key, strlen(key), val);
}

void tv_map_set(struct tv *m, const char *key, struct tv *val)
{
	tv_map_set_take(m, key, tv_incref(val));
}

struct tv *tv_map_get(const struct tv *m, const char *key)
{
	int found;
	if (!m || m->kind != TV_MAP)
		return NULL;
	size_t i = map_find(m, key, strlen(key), &found);
	return found ? m->u.map.ents[i].val : NULL;
}

int tv_map_del(struct tv *m, const char *key)
{
	int found;
	if (!m || m->kind != TV_MAP)
		return 0;
	size_t i = map_find(m, key, strlen(key), &found);
	if (!found)
		return 0;
	free(m->u.map.ents[i].key);
	tv_decref(m->u.map.ents[i].val);
	memmove(&m->u.map.ents[i], &m->u.map.ents[i + 1],
		(m->u.map.len - i - 1) * sizeof(struct tv_map_ent));
	m->u.map.len--;
	return 1;
}

size_t tv_map_len(const struct tv *m)
{
	return m && m->kind == TV_MAP ? m->u.map.len : 0;
}

struct tv *tv_struct_get(const struct tv *st, const char *field)
{
	if (!st || st->kind != TV_STRUCT || !st->type->fields)
		return NULL;
	for (size_t i = 0; i < st->u.st.n; i++)
		if (!strcmp(st->type->fields[i], field))
			return st->u.st.vals[i];
	for (size_t i = 0; i < st->u.st.n && i < 64; i++) {
		if (!(st->type->embedded >> i & 1))
			continue;
		struct tv *v = tv_struct_get(st->u.st.vals[i], field);
		if (v)
			return v;
	}
	return NULL;
}

const char *tv_type_name(const struct tv *v)
{
	return v ? v->type->name : "<nil>";
}

const char *tv_kind_name(const struct tv *v)
{
	return v ? v->type->kind_name : "invalid";
}

int tv_is_nil(const struct tv *v)
{
	return !v || v->kind == TV_NIL;
}

int tv_truth(const struct tv *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case TV_NIL: return 0;
	case TV_BOOL: return v->u.b;
	case TV_INT: return v->u.i != 0;
	case TV_UINT: return v->u.u != 0;
	case TV_FLOAT: return v->u.f != 0;
	case TV_STRING: case TV_BYTES: return v->u.str.len > 0;
	case TV_LIST: return v->u.list.len > 0;
	case TV_MAP: return v->u.map.len > 0;
	default: return 1;
	}
}

struct tv *tv_copy(const struct tv *v)
{
	struct tv *c;
	if (!v)
		return tv_nil();
	switch (v->kind) {
	case TV_LIST:
		c = tv_list_new(v->type);
		for (size_t i = 0; i < v->u.list.len; i++)
			tv_list_append(c, v->u.list.items[i]);
		return c;
	case TV_MAP:
		c = tv_map_new(v->type);
		for (size_t i = 0; i < v->u.map.len; i++)
			tv_map_setn_take(c, v->u.map.ents[i].key, v->u.map.ents[i].keylen,
					 tv_incref(v->u.map.ents[i].val));
		return c;
	default:
		return tv_incref((struct tv *)v);
	}
}

struct tv *tv_deep_copy(const struct tv *v)
{
	struct tv *c;
	if (!v)
		return tv_nil();
	switch (v->kind) {
	case TV_LIST:
		c = tv_list_new(v->type);
		for (size_t i = 0; i < v->u.list.len; i++)
			tv_list_append_take(c, tv_deep_copy(v->u.list.items[i]));
		return c;
	case TV_MAP:
		c = tv_map_new(v->type);
		for (size_t i = 0; i < v->u.map.len; i++)
			tv_map_setn_take(c, v->u.map.ents[i].key, v->u.map.ents[i].keylen,
					 tv_deep_copy(v->u.map.ents[i].val));
		return c;
	default:
		return tv_incref((struct tv *)v);
	}
}

/* ---- printing (fmt %v) ---- */

void tv_format_float(struct strbuf *out, double f, char verb, int prec);
void tv_format_float(struct strbuf *out, double f, char verb, int prec)
{
	if (isnan(f)) {
		strbuf_addstr(out, "NaN");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(out, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	go_format_float(out, f, verb, prec);
}

static void format_rec(struct strbuf *out, const struct tv *v, int depth, int top);

static void format_rec(struct strbuf *out, const struct tv *v, int depth, int top)
{
	if (!v) {
		strbuf_addstr(out, "<nil>");
		return;
	}
	if (depth > 10000) {
		strbuf_addstr(out, "...");
		return;
	}
	if (v->type->format && v->kind != TV_OBJECT && !v->type->stringer_ptr) {
		v->type->format(v, out);
		return;
	}
	switch (v->kind) {
	case TV_NIL:
		strbuf_addstr(out, "<nil>");
		break;
	case TV_BOOL:
		strbuf_addstr(out, v->u.b ? "true" : "false");
		break;
	case TV_INT:
		strbuf_addf(out, "%lld", (long long)v->u.i);
		break;
	case TV_UINT:
		strbuf_addf(out, "%llu", (unsigned long long)v->u.u);
		break;
	case TV_FLOAT:
		tv_format_float(out, v->u.f, 'g', -1);
		break;
	case TV_STRING:
		strbuf_add(out, v->u.str.s, v->u.str.len);
		break;
	case TV_BYTES:
		strbuf_addch(out, '[');
		for (size_t i = 0; i < v->u.str.len; i++)
			strbuf_addf(out, "%s%u", i ? " " : "", (unsigned char)v->u.str.s[i]);
		strbuf_addch(out, ']');
		break;
	case TV_LIST:
		strbuf_addch(out, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_addch(out, ' ');
			format_rec(out, v->u.list.items[i], depth + 1, 0);
		}
		strbuf_addch(out, ']');
		break;
	case TV_MAP:
		strbuf_addstr(out, "map[");
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				strbuf_addch(out, ' ');
			strbuf_add(out, v->u.map.ents[i].key, v->u.map.ents[i].keylen);
			strbuf_addch(out, ':');
			format_rec(out, v->u.map.ents[i].val, depth + 1, 0);
		}
		strbuf_addch(out, ']');
		break;
	case TV_STRUCT:
		if (v->type->ptr) {
			if (!top) {
				strbuf_addstr(out, "0xc000010000");
				break;
			}
			strbuf_addch(out, '&');
		}
		strbuf_addch(out, '{');
		for (size_t i = 0; i < v->u.st.n; i++) {
			if (i)
				strbuf_addch(out, ' ');
			format_rec(out, v->u.st.vals[i], depth + 1, 0);
		}
		strbuf_addch(out, '}');
		break;
	case TV_OBJECT:
		if (v->type->format)
			v->type->format(v, out);
		else
			strbuf_addf(out, "{%s}", v->type->name);
		break;
	case TV_FUNC:
		strbuf_addstr(out, "0x4a0000");
		break;
	}
}

void tv_format(struct strbuf *out, const struct tv *v)
{
	format_rec(out, v, 0, 1);
}

void tv_print(struct strbuf *out, const struct tv *v)
{
	if (v && v->type->format && v->type->stringer_ptr && v->kind != TV_OBJECT) {
		v->type->format(v, out);
		return;
	}
	tv_format(out, v);
}

const char *tv_struct_json_name(const struct tv *st, size_t i, char *buf, size_t bufsz)
{
	const char *tag = st->type->json_tags ? st->type->json_tags[i] : NULL;
	if (!tag || !*tag)
		return st->type->fields[i];
	if (!strcmp(tag, "-"))
		return NULL;
	const char *comma = strchr(tag, ',');
	size_t n = comma ? (size_t)(comma - tag) : strlen(tag);
	if (comma && strstr(comma, "omitempty")) {
		const struct tv *v = st->u.st.vals[i];
		if (!tv_truth(v) && v->kind != TV_STRUCT && v->kind != TV_OBJECT)
			return NULL;
	}
	if (n == 0)
		return st->type->fields[i];
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, tag, n);
	buf[n] = 0;
	return buf;
}

int tv_deep_equal(const struct tv *a, const struct tv *b)
{
	if (!a || !b)
		return tv_is_nil(a) && tv_is_nil(b);
	if (a == b)
		return 1;
	if (a->type != b->type)
		return 0;
	switch (a->kind) {
	case TV_NIL: return 1;
	case TV_BOOL: return a->u.b == b->u.b;
	case TV_INT: return a->u.i == b->u.i;
	case TV_UINT: return a->u.u == b->u.u;
	case TV_FLOAT: return a->u.f == b->u.f;
	case TV_STRING: case TV_BYTES:
		return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
	case TV_LIST:
		if (a->u.list.len != b->u.list.len)
			return 0;
		for (size_t i = 0; i < a->u.list.len; i++)
			if (!tv_deep_equal(a->u.list.items[i], b->u.list.items[i]))
				return 0;
		return 1;
	case TV_MAP:
		if (a->u.map.len != b->u.map.len)
			return 0;
		for (size_t i = 0; i < a->u.map.len; i++)
			if (a->u.map.ents[i].keylen != b->u.map.ents[i].keylen ||
			    memcmp(a->u.map.ents[i].key, b->u.map.ents[i].key, a->u.map.ents[i].keylen) ||
			    !tv_deep_equal(a->u.map.ents[i].val, b->u.map.ents[i].val))
				return 0;
		return 1;
	case TV_STRUCT:
		for (size_t i = 0; i < a->u.st.n; i++)
			if (!tv_deep_equal(a->u.st.vals[i], b->u.st.vals[i]))
				return 0;
		return 1;
	case TV_OBJECT: return a->u.obj == b->u.obj;
	case TV_FUNC: return a->u.fn == b->u.fn;
	}
	return 0;
}

/* ---- jansson ---- */

struct tv *tv_from_json(const json_t *j, unsigned flags)
{
	struct tv *v;
	const char *k;
	json_t *e;
	size_t i;
	if (!j)
		return tv_nil();
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = tv_map_new(NULL);
		json_object_foreach((json_t *)j, k, e)
			tv_map_set_take(v, k, tv_from_json(e, flags));
		return v;
	case JSON_ARRAY:
		v = tv_list_new(NULL);
		json_array_foreach(j, i, e)
			tv_list_append_take(v, tv_from_json(e, flags));
		return v;
	case JSON_STRING:
		return tv_strn(json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		if (flags & TV_JSON_INTS_AS_FLOAT)
			return tv_float((double)json_integer_value(j));
		return tv_int64(json_integer_value(j));
	case JSON_REAL:
		return tv_float(json_real_value(j));
	case JSON_TRUE:
		return tv_true();
	case JSON_FALSE:
		return tv_false();
	default:
		return tv_nil();
	}
}

json_t *tv_to_json(const struct tv *v, struct kc_err *err)
{
	json_t *j, *e;
	if (!v)
		return json_null();
	switch (v->kind) {
	case TV_NIL: return json_null();
	case TV_BOOL: return json_boolean(v->u.b);
	case TV_INT: return json_integer(v->u.i);
	case TV_UINT: return json_integer((json_int_t)v->u.u);
	case TV_FLOAT:
		if (isnan(v->u.f) || isinf(v->u.f)) {
			struct strbuf sb = STRBUF_INIT;
			tv_format_float(&sb, v->u.f, 'g', -1);
			kc_err_set(err, "json: unsupported value: %s", sb.buf);
			strbuf_release(&sb);
			return NULL;
		}
		if (v->u.f == floor(v->u.f) && fabs(v->u.f) < 1e15)
			return json_integer((json_int_t)v->u.f);
		return json_real(v->u.f);
	case TV_STRING:
		return json_stringn_nocheck(v->u.str.s, v->u.str.len);
	case TV_BYTES: {
		struct strbuf sb = STRBUF_INIT;
		base64_encode(&sb, v->u.str.s, v->u.str.len);
		j = json_stringn_nocheck(sb.buf, sb.len);
		strbuf_release(&sb);
		return j;
	}
	case TV_LIST:
		j = json_array();
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (!(e = tv_to_json(v->u.list.items[i], err))) {
				json_decref(j);
				return NULL;
			}
			json_array_append_new(j, e);
		}
		return j;
	case TV_MAP:
		j = json_object();
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (!(e = tv_to_json(v->u.map.ents[i].val, err))) {
				json_decref(j);
				return NULL;
			}
			json_object_setn_new_nocheck(j, v->u.map.ents[i].key, v->u.map.ents[i].keylen, e);
		}
		return j;
	case TV_STRUCT:
		j = json_object();
		for (size_t i = 0; i < v->u.st.n; i++) {
			char nb[128];
			const char *jn = tv_struct_json_name(v, i, nb, sizeof nb);
			if (!jn)
				continue;
			if (!(e = tv_to_json(v->u.st.vals[i], err))) {
				json_decref(j);
				return NULL;
			}
			json_object_set_new_nocheck(j, jn, e);
		}
		return j;
	case TV_OBJECT:
		return v->type->to_json ? v->type->to_json(v) : json_null();
	case TV_FUNC:
		kc_err_set(err, "json: unsupported type: %s", v->type->name);
		return NULL;
	}
	return json_null();
}
