/* Helm's --set family parser (pkg/strvals), rune by rune as Helm reads it.
 *
 * Internal status codes mirror Go's error values: SV_OK (nil), SV_EOF (io.EOF,
 * which the top loop treats as success), SV_NOTLIST (ErrNotList) and SV_ERR (any
 * other error; the message is in p->msg). Go panics that Helm recovers as
 * "unable to parse key: …" (failed type assertions) are SV_PANIC with the panic
 * text in p->msg. */
#include "chart/chart.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/gostr.h"

#define SV_MAX_INDEX 65536
#define SV_MAX_NESTED 30

enum { SV_OK = 0, SV_EOF = 1, SV_NOTLIST = 2, SV_ERR = -1, SV_PANIC = -2 };

struct svp {
	const char *s;
	size_t len, pos;
	size_t last_width; /* width of the last rune read, for unread */
	enum strvals_mode mode;
	int list_depth; /* a[0][0]… nesting; capped so deep input cannot exhaust the stack */
	struct strbuf msg;
};

#define SV_MAX_LIST_DEPTH 1000

const char *chart_go_type(const json_t *v)
{
	if (!v)
		return "nil";
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "map[string]interface {}";
	case JSON_ARRAY: return "[]interface {}";
	case JSON_STRING: return "string";
	case JSON_INTEGER: return "int64";
	case JSON_REAL: return "float64";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	case JSON_NULL: return "nil";
	}
	return "nil";
}

/* Go's utf8.DecodeRune: returns the rune and its width; invalid → U+FFFD, 1. */
static int decode_rune(const unsigned char *s, size_t n, size_t *width)
{
	unsigned c = s[0];
	*width = 1;
	if (c < 0x80)
		return (int)c;
	int need;
	unsigned r, min;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, r = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, r = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, r = c & 0x07, min = 0x10000;
	else
		return 0xFFFD;
	if ((size_t)need >= n)
		return 0xFFFD;
	for (int i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		r = (r << 6) | (s[i] & 0x3F);
	}
	if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		return 0xFFFD;
	*width = (size_t)need + 1;
	return (int)r;
}

static void add_rune(struct strbuf *sb, int r)
{
	unsigned u = (unsigned)r;
	if (u < 0x80) {
		strbuf_addch(sb, (int)u);
	} else if (u < 0x800) {
		strbuf_addch(sb, 0xC0 | (u >> 6));
		strbuf_addch(sb, 0x80 | (u & 0x3F));
	} else if (u < 0x10000) {
		strbuf_addch(sb, 0xE0 | (u >> 12));
		strbuf_addch(sb, 0x80 | ((u >> 6) & 0x3F));
		strbuf_addch(sb, 0x80 | (u & 0x3F));
	} else {
		strbuf_addch(sb, 0xF0 | (u >> 18));
		strbuf_addch(sb, 0x80 | ((u >> 12) & 0x3F));
		strbuf_addch(sb, 0x80 | ((u >> 6) & 0x3F));
		strbuf_addch(sb, 0x80 | (u & 0x3F));
	}
}

/* -1 at EOF */
static int read_rune(struct svp *p)
{
	if (p->pos >= p->len) {
		p->last_width = 0;
		return -1;
	}
	size_t w;
	int r = decode_rune((const unsigned char *)p->s + p->pos, p->len - p->pos, &w);
	p->pos += w;
	p->last_width = w;
	return r;
}

static void unread_rune(struct svp *p)
{
	p->pos -= p->last_width;
	p->last_width = 0;
}

/* runesUntil: reads into out until a stop rune; backslash escapes the next rune
 * unless literal. Returns SV_OK with *last set, or SV_EOF. */
static int runes_until(struct svp *p, const char *stop, struct strbuf *out, int *last, int literal)
{
	strbuf_reset(out);
	for (;;) {
		int r = read_rune(p);
		if (r < 0) {
			*last = 0;
			return SV_EOF;
		}
		if (r < 0x80 && r && strchr(stop, r)) {
			*last = r;
			return SV_OK;
		}
		if (r == '\\' && !literal) {
			int n = read_rune(p);
			if (n < 0) {
				*last = 0;
				return SV_EOF;
			}
			add_rune(out, n);
			continue;
		}
		add_rune(out, r);
	}
}

static int sv_err(struct svp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sv_err(struct svp *p, const char *fmt, ...)
{
	va_list ap;
	strbuf_reset(&p->msg);
	va_start(ap, fmt);
	strbuf_vaddf(&p->msg, fmt, ap);
	va_end(ap);
	return SV_ERR;
}

static int sv_panic_conv(struct svp *p, const json_t *have, const char *want)
{
	strbuf_reset(&p->msg);
	strbuf_addf(&p->msg, "interface conversion: interface {} is %s, not %s", chart_go_type(have),
		    want);
	return SV_PANIC;
}

static char *quoted(const struct strbuf *s)
{
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, s->buf, s->len);
	return strbuf_detach(&q, NULL);
}

static void set_key(json_t *data, const struct strbuf *key, json_t *val)
{
	if (key->len == 0 || memchr(key->buf, 0, key->len)) {
		json_decref(val);
		return;
	}
	json_object_set_new(data, key->buf, val);
}

/* strings.EqualFold(s, word) for a lower-case ASCII word, with Unicode's
 * extra folds for s (U+017F) and k (U+212A). */
static int equal_fold(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (const char *w = word; *w; w++) {
		if (i >= n)
			return 0;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if ((c | 0x20) != (unsigned char)*w || !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				return 0;
			i++;
			continue;
		}
		size_t wd;
		int r = decode_rune((const unsigned char *)s + i, n - i, &wd);
		if (!((r == 0x17F && *w == 's') || (r == 0x212A && *w == 'k')))
			return 0;
		i += wd;
	}
	return i == n;
}

static json_t *typed_val(const struct strbuf *v, int as_string)
{
	if (as_string)
		return json_stringn(v->buf, v->len);
	if (equal_fold(v->buf, v->len, "true"))
		return json_true();
	if (equal_fold(v->buf, v->len, "false"))
		return json_false();
	if (equal_fold(v->buf, v->len, "null"))
		return json_null();
	if (v->len == 1 && v->buf[0] == '0')
		return json_integer(0);
	if (v->len && v->buf[0] != '0' && !memchr(v->buf, 0, v->len)) {
		long long iv;
		if (go_parse_int(v->buf, 10, 64, &iv) == 0)
			return json_integer(iv);
	}
	return json_stringn(v->buf, v->len);
}

/* The value reader: typed/string/file. */
static int read_value(struct svp *p, const struct strbuf *rs, json_t **out)
{
	if (p->mode == STRVALS_FILE) {
		struct strbuf data = STRBUF_INIT;
		struct kc_err e = KC_ERR_INIT;
		char *path = xstrndup(rs->buf, rs->len);
		int rc = file_read(path, &data, &e);
		free(path);
		if (rc < 0) {
			sv_err(p, "%s", e.msg.buf);
			kc_err_release(&e);
			strbuf_release(&data);
			*out = NULL;
			return SV_ERR;
		}
		*out = json_stringn(data.buf, data.len);
		strbuf_release(&data);
		return SV_OK;
	}
	*out = typed_val(rs, p->mode == STRVALS_STRING);
	return SV_OK;
}

/* ---- a small encoding/json decoder: numbers are float64 ---- */

static void jskip_ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '\r'))
		(*i)++;
}

static int hex4(const char *s, size_t n, size_t i, unsigned *out)
{
	unsigned v = 0;
	if (i + 4 > n)
		return -1;
	for (int k = 0; k < 4; k++) {
		char c = s[i + k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int jstring(const char *s, size_t n, size_t *i, struct strbuf *out)
{
	strbuf_reset(out);
	(*i)++; /* opening quote */
	while (*i < n) {
		unsigned char c = (unsigned char)s[*i];
		if (c == '"') {
			(*i)++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (*i + 1 >= n)
				return -1;
			char e = s[*i + 1];
			*i += 2;
			switch (e) {
			case '"': strbuf_addch(out, '"'); break;
			case '\\': strbuf_addch(out, '\\'); break;
			case '/': strbuf_addch(out, '/'); break;
			case 'b': strbuf_addch(out, '\b'); break;
			case 'f': strbuf_addch(out, '\f'); break;
			case 'n': strbuf_addch(out, '\n'); break;
			case 'r': strbuf_addch(out, '\r'); break;
			case 't': strbuf_addch(out, '\t'); break;
			case 'u': {
				unsigned u;
				if (hex4(s, n, *i, &u) < 0)
					return -1;
				*i += 4;
				if (u >= 0xD800 && u < 0xDC00) {
					unsigned lo;
					if (*i + 6 <= n && s[*i] == '\\' && s[*i + 1] == 'u' &&
					    hex4(s, n, *i + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
						*i += 6;
						u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					} else {
						u = 0xFFFD;
					}
				} else if (u >= 0xDC00 && u < 0xE000) {
					u = 0xFFFD;
				}
				add_rune(out, (int)u);
				break;
			}
			default:
				return -1;
			}
			continue;
		}
		size_t w;
		int r = decode_rune((const unsigned char *)s + *i, n - *i, &w);
		add_rune(out, r);
		*i += w;
	}
	return -1;
}

static json_t *jvalue(const char *s, size_t n, size_t *i, int depth)
{
	if (depth > 10000)
		return NULL;
	jskip_ws(s, n, i);
	if (*i >= n)
		return NULL;
	char c = s[*i];
	if (c == '{') {
		json_t *o = json_object();
		struct strbuf key = STRBUF_INIT;
		(*i)++;
		jskip_ws(s, n, i);
		if (*i < n && s[*i] == '}') {
			(*i)++;
			return o;
		}
		for (;;) {
			jskip_ws(s, n, i);
			if (*i >= n || s[*i] != '"' || jstring(s, n, i, &key) < 0)
				goto obj_fail;
			jskip_ws(s, n, i);
			if (*i >= n || s[*i] != ':')
				goto obj_fail;
			(*i)++;
			json_t *v = jvalue(s, n, i, depth + 1);
			if (!v)
				goto obj_fail;
			if (memchr(key.buf, 0, key.len))
				json_decref(v); /* jansson keys cannot hold NUL */
			else
				json_object_set_new(o, key.buf, v);
			jskip_ws(s, n, i);
			if (*i < n && s[*i] == ',') {
				(*i)++;
				continue;
			}
			if (*i < n && s[*i] == '}') {
				(*i)++;
				strbuf_release(&key);
				return o;
			}
			goto obj_fail;
		}
obj_fail:
		strbuf_release(&key);
		json_decref(o);
		return NULL;
	}
	if (c == '[') {
		json_t *a = json_array();
		(*i)++;
		jskip_ws(s, n, i);
		if (*i < n && s[*i] == ']') {
			(*i)++;
			return a;
		}
		for (;;) {
			json_t *v = jvalue(s, n, i, depth + 1);
			if (!v)
				break;
			json_array_append_new(a, v);
			jskip_ws(s, n, i);
			if (*i < n && s[*i] == ',') {
				(*i)++;
				continue;
			}
			if (*i < n && s[*i] == ']') {
				(*i)++;
				return a;
			}
			break;
		}
		json_decref(a);
		return NULL;
	}
	if (c == '"') {
		struct strbuf str = STRBUF_INIT;
		if (jstring(s, n, i, &str) < 0) {
			strbuf_release(&str);
			return NULL;
		}
		json_t *v = json_stringn(str.buf, str.len);
		strbuf_release(&str);
		return v;
	}
	if (n - *i >= 4 && !memcmp(s + *i, "true", 4)) {
		*i += 4;
		return json_true();
	}
	if (n - *i >= 5 && !memcmp(s + *i, "false", 5)) {
		*i += 5;
		return json_false();
	}
	if (n - *i >= 4 && !memcmp(s + *i, "null", 4)) {
		*i += 4;
		return json_null();
	}
	/* number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
	size_t st = *i, j = *i;
	if (j < n && s[j] == '-')
		j++;
	if (j < n && s[j] == '0') {
		j++;
	} else if (j < n && s[j] >= '1' && s[j] <= '9') {
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
	} else {
		return NULL;
	}
	if (j < n && s[j] == '.') {
		j++;
		if (!(j < n && s[j] >= '0' && s[j] <= '9'))
			return NULL;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
	}
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		j++;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (!(j < n && s[j] >= '0' && s[j] <= '9'))
			return NULL;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
	}
	char *num = xstrndup(s + st, j - st);
	double d;
	int rc = go_parse_float(num, &d);
	free(num);
	if (rc != 0)
		return NULL;
	*i = j;
	return json_real(d);
}

/* Go's Decoder.Decode on the rest of the input, then advance past the value. */
static int decode_json(struct svp *p, json_t **out)
{
	size_t i = p->pos;
	json_t *v = jvalue(p->s, p->len, &i, 0);
	if (!v)
		return sv_err(p, "invalid JSON");
	p->pos = i;
	p->last_width = 0;
	*out = v;
	return SV_OK;
}

static int is_go_space(int r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
	       (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
	       r == 0x205F || r == 0x3000;
}

/* emptyVal: 1 if only spaces up to ',' or EOF (consumed), else 0 (rune put back) */
static int empty_val(struct svp *p)
{
	for (;;) {
		int r = read_rune(p);
		if (r < 0 || r == ',')
			return 1;
		if (!is_go_space(r)) {
			unread_rune(p);
			return 0;
		}
	}
}

/* strconv.Atoi with Go's error text. */
static int key_index(struct svp *p, long long *idx)
{
	struct strbuf v = STRBUF_INIT;
	int last, rc = runes_until(p, "]", &v, &last, p->mode == STRVALS_LITERAL);
	if (rc == SV_EOF) {
		strbuf_release(&v);
		return sv_err(p, "error parsing index: EOF");
	}
	long long n;
	int prc = memchr(v.buf, 0, v.len) ? -1 : go_parse_int(v.buf, 10, 64, &n);
	if (prc != 0) {
		char *q = quoted(&v);
		sv_err(p, "error parsing index: strconv.Atoi: parsing %s: %s", q,
		       prc == -2 ? "value out of range" : "invalid syntax");
		free(q);
		strbuf_release(&v);
		return SV_ERR;
	}
	strbuf_release(&v);
	*idx = n;
	return SV_OK;
}

static int set_index(struct svp *p, json_t *list, long long index, json_t *val)
{
	if (index < 0) {
		json_decref(val);
		return sv_err(p, "negative %lld index not allowed", index);
	}
	if (index > SV_MAX_INDEX) {
		json_decref(val);
		return sv_err(p, "index of %lld is greater than maximum supported index of %d", index,
			      SV_MAX_INDEX);
	}
	while ((long long)json_array_size(list) <= index)
		json_array_append_new(list, json_null());
	json_array_set_new(list, (size_t)index, val);
	return SV_OK;
}

static int parse_key(struct svp *p, json_t *data, int level);

/* valList: {a,b,c} */
static int val_list(struct svp *p, json_t **out)
{
	*out = NULL;
	int r = read_rune(p);
	if (r < 0)
		return SV_EOF;
	if (r != '{') {
		unread_rune(p);
		return SV_NOTLIST;
	}
	json_t *list = json_array();
	struct strbuf rs = STRBUF_INIT;
	int ret;
	for (;;) {
		int last;
		if (runes_until(p, ",}", &rs, &last, 0) == SV_EOF) {
			ret = sv_err(p, "list must terminate with '}'");
			break;
		}
		if (last == '}') {
			int n = read_rune(p);
			if (n >= 0 && n != ',')
				unread_rune(p);
			json_t *v;
			ret = read_value(p, &rs, &v);
			if (v)
				json_array_append_new(list, v);
			break;
		}
		json_t *v;
		ret = read_value(p, &rs, &v);
		if (ret != SV_OK)
			break;
		json_array_append_new(list, v);
	}
	strbuf_release(&rs);
	*out = list;
	return ret;
}

static int list_item(struct svp *p, json_t *list, long long i, int level);

/* The '=' branch shared by key and listItem in JSON mode. */
static int json_assign(struct svp *p, json_t **val)
{
	*val = NULL;
	if (empty_val(p)) {
		*val = json_null();
		return SV_OK;
	}
	int rc = decode_json(p, val);
	if (rc != SV_OK)
		return rc;
	empty_val(p);
	return SV_OK;
}

static int list_item(struct svp *p, json_t *list, long long i, int level)
{
	int literal = p->mode == STRVALS_LITERAL;
	if (i < 0)
		return sv_err(p, "negative %lld index not allowed", i);
	struct strbuf k = STRBUF_INIT;
	int last, rc = runes_until(p, "[.=", &k, &last, literal);
	if (k.len > 0) {
		/* %q of a []rune: ['a' 'b'] */
		struct strbuf m = STRBUF_INIT;
		size_t off = 0;
		strbuf_addch(&m, '[');
		while (off < k.len) {
			size_t w;
			int r = decode_rune((const unsigned char *)k.buf + off, k.len - off, &w);
			struct strbuf one = STRBUF_INIT;
			add_rune(&one, r);
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, one.buf, one.len);
			/* turn "x" into 'x' (escapes for ' and " differ) */
			if (r == '\'')
				strbuf_addstr(&m, "'\\''");
			else if (r == '"')
				strbuf_addstr(&m, "'\"'");
			else {
				strbuf_addch(&m, '\'');
				strbuf_add(&m, q.buf + 1, q.len - 2);
				strbuf_addch(&m, '\'');
			}
			strbuf_release(&one);
			strbuf_release(&q);
			off += w;
			if (off < k.len)
				strbuf_addch(&m, ' ');
		}
		strbuf_addch(&m, ']');
		sv_err(p, "unexpected data at end of array index: %s", m.buf);
		strbuf_release(&m);
		strbuf_release(&k);
		return SV_ERR;
	}
	strbuf_release(&k);
	if (rc == SV_EOF)
		return SV_EOF;
	if (last == '=') {
		if (literal) {
			struct strbuf v = STRBUF_INIT;
			runes_until(p, "", &v, &last, 1);
			json_t *jv = json_stringn(v.buf, v.len);
			strbuf_release(&v);
			return set_index(p, list, i, jv);
		}
		if (p->mode == STRVALS_JSON) {
			json_t *v;
			int r = json_assign(p, &v);
			if (r != SV_OK)
				return r;
			return set_index(p, list, i, v);
		}
		json_t *vl;
		int e = val_list(p, &vl);
		if (e == SV_OK)
			return set_index(p, list, i, vl);
		if (e == SV_EOF) {
			json_decref(vl);
			return set_index(p, list, i, json_string(""));
		}
		if (e == SV_NOTLIST) {
			json_decref(vl);
			struct strbuf rs = STRBUF_INIT;
			runes_until(p, ",", &rs, &last, 0);
			json_t *v;
			e = read_value(p, &rs, &v);
			strbuf_release(&rs);
			if (e != SV_OK)
				return e;
			return set_index(p, list, i, v);
		}
		json_decref(vl);
		return e;
	}
	if (last == '[') {
		long long next;
		if (key_index(p, &next) != SV_OK)
			return SV_ERR;
		if (p->list_depth >= SV_MAX_LIST_DEPTH)
			return sv_err(p, "list index nesting is greater than the maximum supported level of %d",
				      SV_MAX_LIST_DEPTH);
		json_t *crt = NULL;
		if ((long long)json_array_size(list) > i) {
			json_t *ex = json_array_get(list, (size_t)i);
			if (!json_is_null(ex)) {
				if (!json_is_array(ex))
					return sv_panic_conv(p, ex, "[]interface {}");
				crt = json_incref(ex);
			}
		}
		if (!crt)
			crt = json_array();
		p->list_depth++;
		int r = list_item(p, crt, next, level);
		p->list_depth--;
		if (r != SV_OK) {
			json_decref(crt);
			return r;
		}
		return set_index(p, list, i, crt);
	}
	/* '.' */
	json_t *inner;
	if ((long long)json_array_size(list) > i) {
		json_t *ex = json_array_get(list, (size_t)i);
		if (json_is_object(ex)) {
			inner = json_incref(ex);
		} else {
			inner = json_object();
			json_array_set(list, (size_t)i, inner);
		}
	} else {
		inner = json_object();
	}
	int e = parse_key(p, inner, level);
	if (e != SV_OK) {
		json_decref(inner);
		return e;
	}
	return set_index(p, list, i, inner);
}

static int parse_key(struct svp *p, json_t *data, int level)
{
	int literal = p->mode == STRVALS_LITERAL;
	struct strbuf k = STRBUF_INIT;
	int last, ret;
	int rc = runes_until(p, literal ? "=[." : "=[,.", &k, &last, literal);
	if (rc == SV_EOF) {
		if (k.len == 0) {
			ret = SV_EOF;
		} else {
			char *q = quoted(&k);
			ret = sv_err(p, "key %s has no value", q);
			free(q);
		}
		goto out;
	}
	if (last == '[') {
		long long idx;
		if (key_index(p, &idx) != SV_OK) {
			ret = SV_ERR;
			goto out;
		}
		json_t *list = NULL;
		if (k.len && !memchr(k.buf, 0, k.len)) {
			json_t *ex = json_object_get(data, k.buf);
			if (ex) {
				if (!json_is_array(ex)) {
					ret = sv_panic_conv(p, ex, "[]interface {}");
					goto out;
				}
				list = json_incref(ex);
			}
		}
		if (!list)
			list = json_array();
		ret = list_item(p, list, idx, level);
		set_key(data, &k, list);
		goto out;
	}
	if (last == '=') {
		if (literal) {
			struct strbuf v = STRBUF_INIT;
			runes_until(p, "", &v, &last, 1);
			set_key(data, &k, json_stringn(v.buf, v.len));
			strbuf_release(&v);
			ret = SV_OK;
			goto out;
		}
		if (p->mode == STRVALS_JSON) {
			json_t *v;
			ret = json_assign(p, &v);
			if (ret == SV_OK)
				set_key(data, &k, v);
			goto out;
		}
		json_t *vl;
		int e = val_list(p, &vl);
		if (e == SV_OK) {
			set_key(data, &k, vl);
			ret = SV_OK;
		} else if (e == SV_EOF) {
			json_decref(vl);
			set_key(data, &k, json_string(""));
			ret = SV_EOF;
		} else if (e == SV_NOTLIST) {
			json_decref(vl);
			struct strbuf rs = STRBUF_INIT;
			runes_until(p, ",", &rs, &last, 0);
			json_t *v;
			ret = read_value(p, &rs, &v);
			strbuf_release(&rs);
			if (v)
				set_key(data, &k, v);
		} else {
			json_decref(vl);
			ret = e;
		}
		goto out;
	}
	if (last == ',') {
		set_key(data, &k, json_string(""));
		char *q = quoted(&k);
		ret = sv_err(p, "key %s has no value (cannot end with ,)", q);
		free(q);
		goto out;
	}
	/* '.' */
	level++;
	if (level > SV_MAX_NESTED) {
		ret = sv_err(p, "value name nested level is greater than maximum supported nested level of %d",
			     SV_MAX_NESTED);
		goto out;
	}
	json_t *inner = NULL;
	if (k.len && !memchr(k.buf, 0, k.len)) {
		json_t *ex = json_object_get(data, k.buf);
		if (ex) {
			if (!json_is_object(ex)) {
				ret = sv_panic_conv(p, ex, "map[string]interface {}");
				goto out;
			}
			inner = json_incref(ex);
		}
	}
	if (!inner)
		inner = json_object();
	int e = parse_key(p, inner, level);
	if (e == SV_OK && json_object_size(inner) == 0) {
		char *q = quoted(&k);
		ret = sv_err(p, "key map %s has no value", q);
		free(q);
		json_decref(inner);
		goto out;
	}
	if (json_object_size(inner) != 0)
		set_key(data, &k, inner);
	else
		json_decref(inner);
	ret = e;
out:
	strbuf_release(&k);
	if (ret == SV_PANIC) {
		/* recovered by this frame's deferred recover */
		strbuf_insert(&p->msg, 0, "unable to parse key: ", 21);
		ret = SV_ERR;
	}
	return ret;
}

int strvals_parse_into(enum strvals_mode mode, const char *s, json_t *dest, struct kc_err *err)
{
	struct svp p = { .s = s, .len = strlen(s), .pos = 0, .mode = mode, .msg = STRBUF_INIT };
	int ret = 0;
	for (;;) {
		int rc = parse_key(&p, dest, 0);
		if (rc == SV_OK)
			continue;
		if (rc == SV_EOF)
			break;
		kc_err_set(err, "%s", p.msg.buf);
		ret = -1;
		break;
	}
	strbuf_release(&p.msg);
	return ret;
}
