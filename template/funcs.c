/* funcs.c: Go's text/template builtins (funcs.go). and/or are evaluated lazily
 * by the executor; their table entries only carry the signature. Parameters of
 * type reflect.Value may be NULL (Go's invalid value). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/internal.h"

#define FN(name) static struct tv *name(struct tmpl_call *c, int argc, struct tv **argv, struct kc_err *err)

/* indirectInterface: a nil interface is the invalid value */
static struct tv *ind(struct tv *v)
{
	return v && v->kind == TV_NIL ? NULL : v;
}

static int truth(struct tv *v)
{
	return tv_truth(ind(v));
}

FN(fn_unreachable)
{
	kc_err_set(err, "unreachable");
	return NULL;
}

FN(fn_not)
{
	return tv_bool(!truth(argv[0]));
}

FN(fn_len)
{
	struct tv *v = argv[0];
	if (v && v->kind == TV_NIL) {
		kc_err_set(err, "len of nil pointer");
		return NULL;
	}
	if (!v) {
		kc_err_set(err, "reflect: call of reflect.Value.Type on zero Value");
		return NULL;
	}
	switch (v->kind) {
	case TV_STRING: case TV_BYTES: return tv_int((int64_t)v->u.str.len);
	case TV_LIST: return tv_int((int64_t)v->u.list.len);
	case TV_MAP: return tv_int((int64_t)v->u.map.len);
	default:
		kc_err_set(err, "len of type %s", tv_type_name(v));
		return NULL;
	}
}

static int index_arg(struct tv *index, size_t cap, size_t *out, struct kc_err *err)
{
	int64_t x;
	index = ind(index);
	if (!index)
		return kc_err_set(err, "cannot index slice/array with nil");
	if (index->kind == TV_INT)
		x = index->u.i;
	else if (index->kind == TV_UINT)
		x = (int64_t)index->u.u;
	else
		return kc_err_set(err, "cannot index slice/array with type %s", tv_type_name(index));
	if (x < 0 || (uint64_t)x > cap)
		return kc_err_set(err, "index out of range: %lld", (long long)x);
	*out = (size_t)x;
	return 0;
}

FN(fn_index)
{
	struct tv *item = ind(argv[0]);
	if (!item) {
		kc_err_set(err, "index of untyped nil");
		return NULL;
	}
	tv_incref(item);
	for (int i = 1; i < argc; i++) {
		struct tv *next = NULL;
		size_t x;
		if (item->kind == TV_NIL) {
			kc_err_set(err, "index of nil pointer");
			goto fail;
		}
		switch (item->kind) {
		case TV_LIST:
			if (index_arg(argv[i], item->u.list.len, &x, err) < 0)
				goto fail;
			if (x == item->u.list.len) {
				kc_err_set(err, "reflect: slice index out of range");
				goto fail;
			}
			next = tv_incref(item->u.list.items[x]);
			break;
		case TV_STRING: case TV_BYTES:
			if (index_arg(argv[i], item->u.str.len, &x, err) < 0)
				goto fail;
			if (x == item->u.str.len) {
				kc_err_set(err, item->kind == TV_STRING ? "reflect: string index out of range"
									: "reflect: slice index out of range");
				goto fail;
			}
			next = tv_uint_typed((unsigned char)item->u.str.s[x], &tv_type_uint8);
			break;
		case TV_MAP: {
			struct tv *k = ind(argv[i]);
			if (!k) {
				kc_err_set(err, "value is nil; should be of type string");
				goto fail;
			}
			if (k->kind != TV_STRING) {
				kc_err_set(err, "value has type %s; should be string", tv_type_name(k));
				goto fail;
			}
			struct tv *e = tv_map_get(item, k->u.str.s);
			if (e && k->u.str.len == strlen(k->u.str.s)) {
				next = tv_incref(e);
			} else {
				const struct tv_type *el = item->type->elem;
				if (!el)
					next = tv_nil();
				else if (el->kind == TV_STRING)
					next = tv_str("");
				else if (el->kind == TV_INT)
					next = tv_int_typed(0, el);
				else
					next = tv_nil();
			}
			break;
		}
		default:
			kc_err_set(err, "can't index item of type %s", tv_type_name(item));
			goto fail;
		}
		tv_decref(item);
		item = next;
	}
	return item;
fail:
	tv_decref(item);
	return NULL;
}

FN(fn_slice)
{
	struct tv *item = ind(argv[0]);
	size_t idx[3] = { 0, 0, 0 };
	int nidx = argc - 1;
	if (!item) {
		kc_err_set(err, "slice of untyped nil");
		return NULL;
	}
	if (nidx > 3) {
		kc_err_set(err, "too many slice indexes: %d", nidx);
		return NULL;
	}
	size_t cap, len;
	switch (item->kind) {
	case TV_STRING:
		if (nidx == 3) {
			kc_err_set(err, "cannot 3-index slice a string");
			return NULL;
		}
		cap = len = item->u.str.len;
		break;
	case TV_BYTES:
		cap = len = item->u.str.len;
		break;
	case TV_LIST:
		cap = item->u.list.cap > item->u.list.len ? item->u.list.len : item->u.list.len;
		len = item->u.list.len;
		break;
	default:
		kc_err_set(err, "can't slice item of type %s", tv_type_name(item));
		return NULL;
	}
	idx[1] = len;
	for (int i = 0; i < nidx; i++) {
		/* slice does not look through interfaces for its indexes */
		if (i + 1 < 64 && (c->iface_mask >> (i + 1) & 1)) {
			kc_err_set(err, "cannot index slice/array with type interface {}");
			return NULL;
		}
		if (index_arg(argv[1 + i], cap, &idx[i], err) < 0)
			return NULL;
	}
	if (idx[0] > idx[1]) {
		kc_err_set(err, "invalid slice index: %zu > %zu", idx[0], idx[1]);
		return NULL;
	}
	if (nidx == 3 && idx[1] > idx[2]) {
		kc_err_set(err, "invalid slice index: %zu > %zu", idx[1], idx[2]);
		return NULL;
	}
	if (item->kind == TV_STRING)
		return tv_strn(item->u.str.s + idx[0], idx[1] - idx[0]);
	if (item->kind == TV_BYTES)
		return tv_bytes(item->u.str.s + idx[0], idx[1] - idx[0]);
	struct tv *l = tv_list_new(item->type);
	for (size_t i = idx[0]; i < idx[1]; i++)
		tv_list_append(l, item->u.list.items[i]);
	return l;
}

enum bkind { K_INVALID, K_BOOL, K_INT, K_FLOAT, K_STRING, K_UINT };

static enum bkind basic_kind(const struct tv *v)
{
	if (!v)
		return K_INVALID;
	switch (v->kind) {
	case TV_BOOL: return K_BOOL;
	case TV_INT: return K_INT;
	case TV_UINT: return K_UINT;
	case TV_FLOAT: return K_FLOAT;
	case TV_STRING: return K_STRING;
	default: return K_INVALID;
	}
}

static int str_cmp(const struct tv *a, const struct tv *b)
{
	size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
	int c = memcmp(a->u.str.s, b->u.str.s, n);
	if (c)
		return c;
	return a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
}

static int comparable(const struct tv *v)
{
	return !(v->kind == TV_LIST || v->kind == TV_MAP || v->kind == TV_BYTES || v->kind == TV_FUNC);
}

/* eq: 1 true, 0 false, -1 error */
static int do_eq(struct tv *a1, int n2, struct tv **a2, struct kc_err *err)
{
	a1 = ind(a1);
	if (n2 == 0)
		return kc_err_set(err, "missing argument for comparison");
	enum bkind k1 = basic_kind(a1);
	for (int i = 0; i < n2; i++) {
		struct tv *a = ind(a2[i]);
		enum bkind k2 = basic_kind(a);
		int t = 0;
		if (k1 != k2) {
			if (k1 == K_INT && k2 == K_UINT)
				t = a1->u.i >= 0 && (uint64_t)a1->u.i == a->u.u;
			else if (k1 == K_UINT && k2 == K_INT)
				t = a->u.i >= 0 && a1->u.u == (uint64_t)a->u.i;
			else if (a1 && a)
				return kc_err_set(err, "incompatible types for comparison: %s and %s",
						  tv_type_name(a1), tv_type_name(a));
		} else {
			switch (k1) {
			case K_BOOL: t = a1->u.b == a->u.b; break;
			case K_FLOAT: t = a1->u.f == a->u.f; break;
			case K_INT: t = a1->u.i == a->u.i; break;
			case K_STRING: t = !str_cmp(a1, a); break;
			case K_UINT: t = a1->u.u == a->u.u; break;
			default:
				if (a1 && a && a1->kind != a->kind) {
					struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT;
					go_sprintf(&s1, "%s", 2, 1, &a1);
					tv_format(&s2, a);
					kc_err_set(err, "non-comparable types %s: %s, %s: %s", s1.buf,
						   tv_type_name(a1), tv_type_name(a), s2.buf);
					strbuf_release(&s1);
					strbuf_release(&s2);
					return -1;
				}
				if (!a1 || !a) {
					t = !a1 == !a;
				} else {
					if (!comparable(a)) {
						struct strbuf s2 = STRBUF_INIT;
						go_sprintf(&s2, "%s", 2, 1, &a);
						kc_err_set(err, "non-comparable type %s: %s", s2.buf, tv_type_name(a));
						strbuf_release(&s2);
						return -1;
					}
					t = a1->type == a->type && tv_deep_equal(a1, a);
				}
			}
		}
		if (t)
			return 1;
	}
	return 0;
}

FN(fn_eq)
{
	int r = do_eq(argv[0], argc - 1, argv + 1, err);
	return r < 0 ? NULL : tv_bool(r);
}

FN(fn_ne)
{
	int r = do_eq(argv[0], 1, argv + 1, err);
	return r < 0 ? NULL : tv_bool(!r);
}

static int do_lt(struct tv *a1, struct tv *a2, struct kc_err *err)
{
	a1 = ind(a1);
	enum bkind k1 = basic_kind(a1);
	if (k1 == K_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	a2 = ind(a2);
	enum bkind k2 = basic_kind(a2);
	if (k2 == K_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	if (k1 != k2) {
		if (k1 == K_INT && k2 == K_UINT)
			return a1->u.i < 0 || (uint64_t)a1->u.i < a2->u.u;
		if (k1 == K_UINT && k2 == K_INT)
			return a2->u.i >= 0 && a1->u.u < (uint64_t)a2->u.i;
		return kc_err_set(err, "incompatible types for comparison: %s and %s", tv_type_name(a1),
				  tv_type_name(a2));
	}
	switch (k1) {
	case K_BOOL:
		return kc_err_set(err, "invalid type for comparison");
	case K_FLOAT: return a1->u.f < a2->u.f;
	case K_INT: return a1->u.i < a2->u.i;
	case K_STRING: return str_cmp(a1, a2) < 0;
	case K_UINT: return a1->u.u < a2->u.u;
	default: return 0;
	}
}

FN(fn_lt)
{
	int r = do_lt(argv[0], argv[1], err);
	return r < 0 ? NULL : tv_bool(r);
}

static int do_le(struct tv *a, struct tv *b, struct kc_err *err)
{
	int r = do_lt(a, b, err);
	if (r)
		return r;
	return do_eq(a, 1, &b, err);
}

FN(fn_le)
{
	int r = do_le(argv[0], argv[1], err);
	return r < 0 ? NULL : tv_bool(r);
}

FN(fn_gt)
{
	int r = do_le(argv[0], argv[1], err);
	return r < 0 ? NULL : tv_bool(!r);
}

FN(fn_ge)
{
	int r = do_lt(argv[0], argv[1], err);
	return r < 0 ? NULL : tv_bool(!r);
}

FN(fn_print)
{
	struct strbuf sb = STRBUF_INIT;
	go_sprint(&sb, argc, argv);
	return tv_str_buf(&sb);
}

FN(fn_println)
{
	struct strbuf sb = STRBUF_INIT;
	go_sprintln(&sb, argc, argv);
	return tv_str_buf(&sb);
}

FN(fn_printf)
{
	struct strbuf sb = STRBUF_INIT;
	go_sprintf(&sb, argv[0]->u.str.s, argv[0]->u.str.len, argc - 1, argv + 1);
	return tv_str_buf(&sb);
}

/* Go's evalArgs: one string is used as is; otherwise each argument goes through
 * printableValue (a nil interface prints "<no value>") and fmt.Sprint. */
static void eval_args(struct strbuf *out, int argc, struct tv **argv)
{
	if (argc == 1 && argv[0]->kind == TV_STRING) {
		strbuf_add(out, argv[0]->u.str.s, argv[0]->u.str.len);
		return;
	}
	struct tv *nv = tv_str("<no value>");
	struct tv **a = xcalloc((size_t)argc + 1, sizeof(*a));
	for (int i = 0; i < argc; i++)
		a[i] = argv[i]->kind == TV_NIL ? nv : argv[i];
	go_sprint(out, argc, a);
	free(a);
	tv_decref(nv);
}

FN(fn_html)
{
	struct strbuf s = STRBUF_INIT, o = STRBUF_INIT;
	eval_args(&s, argc, argv);
	for (size_t i = 0; i < s.len; i++) {
		switch (s.buf[i]) {
		case 0: strbuf_addstr(&o, "\xEF\xBF\xBD"); break;
		case '"': strbuf_addstr(&o, "&#34;"); break;
		case '\'': strbuf_addstr(&o, "&#39;"); break;
		case '&': strbuf_addstr(&o, "&amp;"); break;
		case '<': strbuf_addstr(&o, "&lt;"); break;
		case '>': strbuf_addstr(&o, "&gt;"); break;
		default: strbuf_addch(&o, s.buf[i]);
		}
	}
	strbuf_release(&s);
	return tv_str_buf(&o);
}

FN(fn_js)
{
	struct strbuf s = STRBUF_INIT, o = STRBUF_INIT;
	eval_args(&s, argc, argv);
	for (size_t i = 0; i < s.len;) {
		unsigned char c = (unsigned char)s.buf[i];
		if (c < 0x80) {
			switch (c) {
			case '\\': strbuf_addstr(&o, "\\\\"); break;
			case '\'': strbuf_addstr(&o, "\\'"); break;
			case '"': strbuf_addstr(&o, "\\\""); break;
			case '<': strbuf_addstr(&o, "\\u003C"); break;
			case '>': strbuf_addstr(&o, "\\u003E"); break;
			case '&': strbuf_addstr(&o, "\\u0026"); break;
			case '=': strbuf_addstr(&o, "\\u003D"); break;
			default:
				if (c < ' ')
					strbuf_addf(&o, "\\u00%02X", c);
				else
					strbuf_addch(&o, c);
			}
			i++;
			continue;
		}
		int32_t r;
		size_t w = utf8_decode((const unsigned char *)s.buf + i, s.len - i, &r);
		if (r >= 0xA0 && r != 0xFFFD && !(r >= 0x2028 && r <= 0x2029) && r != 0xAD)
			strbuf_add(&o, s.buf + i, w);
		else if (r == 0xFFFD && w == 3)
			strbuf_add(&o, s.buf + i, w);
		else
			strbuf_addf(&o, "\\u%04X", (unsigned)r);
		i += w;
	}
	strbuf_release(&s);
	return tv_str_buf(&o);
}

FN(fn_urlquery)
{
	struct strbuf s = STRBUF_INIT, o = STRBUF_INIT;
	eval_args(&s, argc, argv);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.buf[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(&o, c);
		else if (c == ' ')
			strbuf_addch(&o, '+');
		else
			strbuf_addf(&o, "%%%02X", c);
	}
	strbuf_release(&s);
	return tv_str_buf(&o);
}

FN(fn_call)
{
	struct tv *fn = ind(argv[0]);
	if (!fn) {
		kc_err_set(err, "call of nil");
		return NULL;
	}
	if (fn->kind != TV_FUNC) {
		kc_err_set(err, "non-function %s of type %s", c->callee ? c->callee : "", tv_type_name(fn));
		return NULL;
	}
	struct tmpl_call sub = *c;
	sub.name = fn->u.fn->name;
	for (int i = 1; i < argc; i++)
		if (!argv[i])
			argv[i] = tv_nil();
	return fn->u.fn->fn(&sub, argc - 1, argv + 1, err);
}

const struct tmpl_func tmpl_builtin_funcs[] = {
	{ "and", fn_unreachable, "reflect.Value, ...reflect.Value", NULL },
	{ "call", fn_call, "reflect.Value, ...reflect.Value", NULL },
	{ "eq", fn_eq, "reflect.Value, ...reflect.Value", NULL },
	{ "ge", fn_ge, "reflect.Value, reflect.Value", NULL },
	{ "gt", fn_gt, "reflect.Value, reflect.Value", NULL },
	{ "html", fn_html, "...interface {}", NULL },
	{ "index", fn_index, "reflect.Value, ...reflect.Value", NULL },
	{ "js", fn_js, "...interface {}", NULL },
	{ "le", fn_le, "reflect.Value, reflect.Value", NULL },
	{ "len", fn_len, "reflect.Value", NULL },
	{ "lt", fn_lt, "reflect.Value, reflect.Value", NULL },
	{ "ne", fn_ne, "reflect.Value, reflect.Value", NULL },
	{ "not", fn_not, "reflect.Value", NULL },
	{ "or", fn_unreachable, "reflect.Value, ...reflect.Value", NULL },
	{ "print", fn_print, "...interface {}", NULL },
	{ "printf", fn_printf, "string, ...interface {}", NULL },
	{ "println", fn_println, "...interface {}", NULL },
	{ "slice", fn_slice, "reflect.Value, ...reflect.Value", NULL },
	{ "urlquery", fn_urlquery, "...interface {}", NULL },
	{ NULL, NULL, NULL, NULL },
};
