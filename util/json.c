/* JSON as Go's encoding/json writes and reads it. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gostr.h"
#include "util/json.h"

/* ---- numbers ---------------------------------------------------------------- */

/* Shortest decimal digits that read back as f (f > 0): digits[] and the decimal
 * exponent of the first digit. */
static int shortest(double f, char *digits, int *exp10)
{
	char buf[48];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	if (prec > 17)
		snprintf(buf, sizeof buf, "%.16e", f), prec = 17;
	int nd = 0;
	const char *p = buf;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	digits[nd] = '\0';
	*exp10 = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		digits[--nd] = '\0';
	return nd;
}

void json_format_go_float(struct strbuf *out, double f)
{
	if (f == 0) {
		strbuf_addstr(out, signbit(f) ? "-0" : "0");
		return;
	}
	char digits[32];
	int e10;
	double a = fabs(f);
	int nd = shortest(a, digits, &e10);
	if (f < 0)
		strbuf_addch(out, '-');
	if (a < 1e-6 || a >= 1e21) {
		/* 'e', exponent at least one digit ("e-7", "e+21") */
		strbuf_addch(out, digits[0]);
		if (nd > 1) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, digits + 1);
		}
		int x = e10 < 0 ? -e10 : e10;
		strbuf_addf(out, "e%c%s%d", e10 < 0 ? '-' : '+', x < 10 && e10 >= 0 ? "0" : "", x);
		return;
	}
	int dp = e10 + 1;
	if (dp <= 0) {
		strbuf_addstr(out, "0.");
		strbuf_addchars(out, '0', (size_t)-dp);
		strbuf_addstr(out, digits);
	} else if (dp >= nd) {
		strbuf_addstr(out, digits);
		strbuf_addchars(out, '0', (size_t)(dp - nd));
	} else {
		strbuf_add(out, digits, (size_t)dp);
		strbuf_addch(out, '.');
		strbuf_addstr(out, digits + dp);
	}
}

/* ---- strings ---------------------------------------------------------------- */

static void emit_string(struct strbuf *out, const char *s, size_t n, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	int html = !(flags & JSON_OUT_NO_ESCAPE_HTML);
	strbuf_addch(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c >= 0x20 && c != '"' && c != '\\' &&
			    (!html || (c != '<' && c != '>' && c != '&'))) {
				strbuf_addch(out, (char)c);
				i++;
				continue;
			}
			switch (c) {
			case '"': strbuf_addstr(out, "\\\""); break;
			case '\\': strbuf_addstr(out, "\\\\"); break;
			case '\b': strbuf_addstr(out, "\\b"); break;
			case '\f': strbuf_addstr(out, "\\f"); break;
			case '\n': strbuf_addstr(out, "\\n"); break;
			case '\r': strbuf_addstr(out, "\\r"); break;
			case '\t': strbuf_addstr(out, "\\t"); break;
			default:
				strbuf_addstr(out, "\\u00");
				strbuf_addch(out, hex[c >> 4]);
				strbuf_addch(out, hex[c & 0xf]);
			}
			i++;
			continue;
		}
		size_t w = 0;
		unsigned cp = 0;
		if (c >= 0xc2 && c <= 0xdf)
			w = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			w = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			w = 4, cp = c & 0x07;
		int good = w && i + w <= n;
		for (size_t k = 1; good && k < w; k++) {
			unsigned char cc = (unsigned char)s[i + k];
			if ((cc & 0xc0) != 0x80)
				good = 0;
			else
				cp = (cp << 6) | (cc & 0x3f);
		}
		if (good && ((w == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			     (w == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			good = 0;
		if (!good) {
			strbuf_addstr(out, "\\ufffd");
			i++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029)
			strbuf_addf(out, "\\u%04x", cp);
		else
			strbuf_add(out, s + i, w);
		i += w;
	}
	strbuf_addch(out, '"');
}

/* ---- values ----------------------------------------------------------------- */

struct key_val {
	const char *k;
	size_t len;
	const json_t *v;
};

/* Byte order, as Go sorts map keys; keys may hold NUL bytes. */
static int cmp_keys(const void *a, const void *b)
{
	const struct key_val *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->k, y->k, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void newline(struct strbuf *out, unsigned flags, int depth)
{
	if (flags & JSON_OUT_COMPACT)
		return;
	strbuf_addch(out, '\n');
	strbuf_addchars(out, ' ', (size_t)depth * ((flags & JSON_OUT_INDENT2) ? 2 : 4));
}

static void emit(struct strbuf *out, const json_t *v, unsigned flags, int depth)
{
	switch (json_typeof(v)) {
	case JSON_NULL: strbuf_addstr(out, "null"); break;
	case JSON_TRUE: strbuf_addstr(out, "true"); break;
	case JSON_FALSE: strbuf_addstr(out, "false"); break;
	case JSON_INTEGER: strbuf_addf(out, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: json_format_go_float(out, json_real_value(v)); break;
	case JSON_STRING:
		emit_string(out, json_string_value(v), json_string_length(v), flags);
		break;
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (!n) {
			strbuf_addstr(out, "[]");
			break;
		}
		strbuf_addch(out, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(out, ',');
			newline(out, flags, depth + 1);
			emit(out, json_array_get(v, i), flags, depth + 1);
		}
		newline(out, flags, depth);
		strbuf_addch(out, ']');
		break;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		if (!n) {
			strbuf_addstr(out, "{}");
			break;
		}
		struct key_val *kv = xmalloc(n * sizeof *kv);
		json_t *o = (json_t *)v;
		for (void *it = json_object_iter(o); it; it = json_object_iter_next(o, it), i++) {
			kv[i].k = json_object_iter_key(it);
			kv[i].len = json_object_iter_key_len(it);
			kv[i].v = json_object_iter_value(it);
		}
		if (flags & JSON_OUT_SORT_KEYS)
			qsort(kv, n, sizeof *kv, cmp_keys);
		strbuf_addch(out, '{');
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_addch(out, ',');
			newline(out, flags, depth + 1);
			emit_string(out, kv[i].k, kv[i].len, flags);
			strbuf_addstr(out, (flags & JSON_OUT_COMPACT) ? ":" : ": ");
			emit(out, kv[i].v, flags, depth + 1);
		}
		free(kv);
		newline(out, flags, depth);
		strbuf_addch(out, '}');
		break;
	}
	}
}

void json_emit(struct strbuf *out, const json_t *v, unsigned flags)
{
	if (!v) {
		strbuf_addstr(out, "null");
		return;
	}
	emit(out, v, flags, 0);
}

/* ---- parsing ---------------------------------------------------------------- */

#define JSON_MAX_DEPTH 10000

struct jp {
	const char *s;
	size_t n, i;
	int depth;
	struct kc_err *err;
	int failed;
	int eof;       /* the error is running out of input */
	size_t err_at; /* index of the offending byte */
};

/* encoding/json's quoteChar */
static void quote_char(struct strbuf *sb, const char *s, size_t n)
{
	if (n == 1 && s[0] == '\'') {
		strbuf_addstr(sb, "'\\''");
		return;
	}
	if (n == 1 && s[0] == '"') {
		strbuf_addstr(sb, "'\"'");
		return;
	}
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, s, n);
	strbuf_addch(sb, '\'');
	strbuf_add(sb, q.buf + 1, q.len - 2);
	strbuf_addch(sb, '\'');
	strbuf_release(&q);
}

static size_t rune_len(const struct jp *p)
{
	unsigned char c = (unsigned char)p->s[p->i];
	size_t w = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
	if (p->i + w > p->n)
		w = 1;
	for (size_t k = 1; k < w; k++)
		if (((unsigned char)p->s[p->i + k] & 0xc0) != 0x80)
			return 1;
	return w;
}

static void *bad_char(struct jp *p, const char *context)
{
	if (p->failed)
		return NULL;
	p->failed = 1;
	p->err_at = p->i;
	if (p->i >= p->n) {
		p->eof = 1;
		kc_err_set(p->err, "unexpected end of JSON input");
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "invalid character ");
	quote_char(&sb, p->s + p->i, rune_len(p));
	strbuf_addf(&sb, " %s", context);
	kc_err_set(p->err, "%s", sb.buf);
	strbuf_release(&sb);
	return NULL;
}

static void skip_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
			       p->s[p->i] == '\r'))
		p->i++;
}

static json_t *parse_value(struct jp *p);

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_rune(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static int read_u4(struct jp *p, size_t at, unsigned *out)
{
	if (at + 4 > p->n)
		return -1;
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hexval(p->s[at + (size_t)k]);
		if (h < 0)
			return -1;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return 0;
}

/* A string starting at the opening quote; decoded as Go does (invalid UTF-8 and
 * lone surrogates become U+FFFD). */
static int parse_string(struct jp *p, struct strbuf *sb)
{
	p->i++; /* '"' */
	while (p->i < p->n) {
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			return 0;
		}
		if (c < 0x20) {
			bad_char(p, "in string literal");
			return -1;
		}
		if (c == '\\') {
			p->i++;
			if (p->i >= p->n)
				break;
			char e = p->s[p->i];
			switch (e) {
			case '"': case '\\': case '/': strbuf_addch(sb, e); p->i++; continue;
			case 'b': strbuf_addch(sb, '\b'); p->i++; continue;
			case 'f': strbuf_addch(sb, '\f'); p->i++; continue;
			case 'n': strbuf_addch(sb, '\n'); p->i++; continue;
			case 'r': strbuf_addch(sb, '\r'); p->i++; continue;
			case 't': strbuf_addch(sb, '\t'); p->i++; continue;
			case 'u': {
				unsigned cp, lo;
				p->i++;
				for (int k = 0; k < 4; k++, p->i++) {
					if (p->i >= p->n)
						goto eof;
					if (hexval(p->s[p->i]) < 0) {
						bad_char(p, "in \\u hexadecimal character escape");
						return -1;
					}
				}
				read_u4(p, p->i - 4, &cp);
				if (cp >= 0xd800 && cp < 0xdc00 && p->i + 6 <= p->n &&
				    p->s[p->i] == '\\' && p->s[p->i + 1] == 'u' &&
				    !read_u4(p, p->i + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p->i += 6;
				} else if (cp >= 0xd800 && cp < 0xe000) {
					cp = 0xfffd;
				}
				add_rune(sb, cp);
				continue;
			}
			default:
				bad_char(p, "in string escape code");
				return -1;
			}
		}
		if (c < 0x80) {
			strbuf_addch(sb, (char)c);
			p->i++;
			continue;
		}
		/* validate one UTF-8 sequence */
		size_t w = 0;
		unsigned cp = 0;
		if (c >= 0xc2 && c <= 0xdf)
			w = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			w = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			w = 4, cp = c & 0x07;
		int good = w && p->i + w <= p->n;
		for (size_t k = 1; good && k < w; k++) {
			unsigned char cc = (unsigned char)p->s[p->i + k];
			if ((cc & 0xc0) != 0x80)
				good = 0;
			else
				cp = (cp << 6) | (cc & 0x3f);
		}
		if (good && ((w == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			     (w == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			good = 0;
		if (!good) {
			strbuf_addstr(sb, "\xef\xbf\xbd");
			p->i++;
		} else {
			strbuf_add(sb, p->s + p->i, w);
			p->i += w;
		}
	}
eof:
	if (!p->failed) {
		p->failed = 1;
		p->eof = 1;
		p->err_at = p->n;
		kc_err_set(p->err, "unexpected end of JSON input");
	}
	return -1;
}

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

static json_t *parse_number(struct jp *p)
{
	size_t start = p->i;
	if (p->s[p->i] == '-') {
		p->i++;
		if (p->i >= p->n)
			return bad_char(p, "");
		if (!isdig(p->s[p->i]))
			return bad_char(p, "in numeric literal");
	}
	if (p->s[p->i] == '0') {
		p->i++;
	} else {
		while (p->i < p->n && isdig(p->s[p->i]))
			p->i++;
	}
	int is_float = 0;
	if (p->i < p->n && p->s[p->i] == '.') {
		is_float = 1;
		p->i++;
		if (p->i >= p->n)
			return bad_char(p, "");
		if (!isdig(p->s[p->i]))
			return bad_char(p, "after decimal point in numeric literal");
		while (p->i < p->n && isdig(p->s[p->i]))
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		is_float = 1;
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n)
			return bad_char(p, "");
		if (!isdig(p->s[p->i]))
			return bad_char(p, "in exponent of numeric literal");
		while (p->i < p->n && isdig(p->s[p->i]))
			p->i++;
	}
	char *txt = xstrndup(p->s + start, p->i - start);
	json_t *v = NULL;
	if (!is_float) {
		long long iv;
		if (go_parse_int(txt, 10, 64, &iv) == 0)
			v = json_integer(iv);
	}
	if (!v) {
		double d = strtod(txt, NULL);
		if (isinf(d)) {
			p->failed = 1;
			kc_err_set(p->err, "json: cannot unmarshal number %s into Go value of type float64", txt);
		} else {
			v = json_real(d);
		}
	}
	free(txt);
	return v;
}

static json_t *parse_literal(struct jp *p, const char *word, json_t *val)
{
	size_t len = strlen(word);
	for (size_t k = 0; k < len; k++, p->i++) {
		if (p->i >= p->n) {
			json_decref(val);
			return bad_char(p, "");
		}
		if (p->s[p->i] != word[k]) {
			char ctx[64];
			snprintf(ctx, sizeof ctx, "in literal %s (expecting '%c')", word, word[k]);
			json_decref(val);
			return bad_char(p, ctx);
		}
	}
	return val;
}

static json_t *parse_value(struct jp *p)
{
	skip_ws(p);
	if (p->i >= p->n)
		return bad_char(p, "");
	char c = p->s[p->i];
	switch (c) {
	case '{': {
		if (++p->depth > JSON_MAX_DEPTH) {
			p->failed = 1;
			kc_err_set(p->err, "exceeded max depth");
			return NULL;
		}
		json_t *obj = json_object();
		p->i++;
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			p->depth--;
			return obj;
		}
		for (;;) {
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != '"') {
				json_decref(obj);
				return bad_char(p, "looking for beginning of object key string");
			}
			struct strbuf key = STRBUF_INIT;
			if (parse_string(p, &key)) {
				strbuf_release(&key);
				json_decref(obj);
				return NULL;
			}
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				strbuf_release(&key);
				json_decref(obj);
				return bad_char(p, "after object key");
			}
			p->i++;
			json_t *v = parse_value(p);
			if (!v) {
				strbuf_release(&key);
				json_decref(obj);
				return NULL;
			}
			json_object_setn_new_nocheck(obj, key.buf, key.len, v);
			strbuf_release(&key);
			skip_ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == '}') {
				p->i++;
				break;
			}
			json_decref(obj);
			return bad_char(p, "after object key:value pair");
		}
		p->depth--;
		return obj;
	}
	case '[': {
		if (++p->depth > JSON_MAX_DEPTH) {
			p->failed = 1;
			kc_err_set(p->err, "exceeded max depth");
			return NULL;
		}
		json_t *arr = json_array();
		p->i++;
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == ']') {
			p->i++;
			p->depth--;
			return arr;
		}
		for (;;) {
			json_t *v = parse_value(p);
			if (!v) {
				json_decref(arr);
				return NULL;
			}
			json_array_append_new(arr, v);
			skip_ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == ']') {
				p->i++;
				break;
			}
			json_decref(arr);
			return bad_char(p, "after array element");
		}
		p->depth--;
		return arr;
	}
	case '"': {
		struct strbuf sb = STRBUF_INIT;
		json_t *v = NULL;
		if (!parse_string(p, &sb))
			v = json_stringn_nocheck(sb.buf, sb.len);
		strbuf_release(&sb);
		return v;
	}
	case 't': return parse_literal(p, "true", json_true());
	case 'f': return parse_literal(p, "false", json_false());
	case 'n': return parse_literal(p, "null", json_null());
	default:
		if (c == '-' || isdig(c))
			return parse_number(p);
		return bad_char(p, "looking for beginning of value");
	}
}

json_t *json_parse_next(const char *buf, size_t len, size_t *pos, struct kc_err *err)
{
	struct jp p = { buf, len, *pos, 0, err, 0, 0, 0 };
	skip_ws(&p);
	if (p.i >= p.n) {
		*pos = p.n;
		return NULL;
	}
	json_t *v = parse_value(&p);
	if (!v) {
		if (p.eof)
			kc_err_set(err, "unexpected EOF");
		*pos = p.eof ? p.n : p.err_at + 1;
		return NULL;
	}
	*pos = p.i;
	return v;
}

json_t *json_parse(const char *buf, size_t len, struct kc_err *err)
{
	struct jp p = { buf, len, 0, 0, err, 0, 0, 0 };
	json_t *v = parse_value(&p);
	if (!v)
		return NULL;
	skip_ws(&p);
	if (p.i < p.n) {
		json_decref(v);
		bad_char(&p, "after top-level value");
		return NULL;
	}
	return v;
}
