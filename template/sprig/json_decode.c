/* json_decode.c: Go's encoding/json Unmarshal into interface{} — its scanner's
 * syntax errors word for word ("invalid character 'x' looking for beginning of
 * value", "unexpected end of JSON input"), numbers as float64, strings unquoted as
 * Go does (invalid UTF-8 and lone surrogates become U+FFFD), later duplicate keys
 * winning. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

struct jd {
	const unsigned char *s;
	size_t n, i;
	struct kc_err *err;
	int depth;
	char *saved; /* first "cannot unmarshal" error; reported after the syntax check */
};

static void quote_char(struct strbuf *o, unsigned char c)
{
	if (c == '\'') {
		strbuf_addstr(o, "'\\''");
		return;
	}
	if (c == '"') {
		strbuf_addstr(o, "'\"'");
		return;
	}
	struct strbuf t = STRBUF_INIT, q = STRBUF_INIT;
	utf8_enc(&t, c);
	go_quote(&q, t.buf, t.len);
	strbuf_addch(o, '\'');
	strbuf_add(o, q.buf + 1, q.len - 2);
	strbuf_addch(o, '\'');
	strbuf_release(&t);
	strbuf_release(&q);
}

static int syntax(struct jd *d, const char *ctx)
{
	unsigned char c;
	if (d->i >= d->n) {
		/* Go's scanner.eof() feeds a space: an error only where a space is one */
		if (!strstr(ctx, "numeric") && !strstr(ctx, "literal ") && !strstr(ctx, "escape"))
			return kc_err_set(d->err, "unexpected end of JSON input");
		c = ' ';
	} else {
		c = d->s[d->i];
	}
	struct strbuf m = STRBUF_INIT;
	strbuf_addstr(&m, "invalid character ");
	quote_char(&m, c);
	strbuf_addf(&m, " %s", ctx);
	kc_err_set(d->err, "%s", m.buf);
	strbuf_release(&m);
	return -1;
}

static void skip_ws(struct jd *d)
{
	while (d->i < d->n && (d->s[d->i] == ' ' || d->s[d->i] == '\t' || d->s[d->i] == '\r' ||
			       d->s[d->i] == '\n'))
		d->i++;
}

static int hexv(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static int read_u4(const unsigned char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++)
		v = v * 16 + hexv(p[k]);
	return v;
}

static struct tv *parse_value(struct jd *d);

/* string at d->i (a '"'): validates like the scanner, unquotes like unquote() */
static int parse_string(struct jd *d, struct strbuf *out)
{
	d->i++; /* opening quote */
	size_t start = d->i;
	/* scan */
	for (;;) {
		if (d->i >= d->n)
			return syntax(d, "");
		unsigned char c = d->s[d->i];
		if (c == '"')
			break;
		if (c == '\\') {
			d->i++;
			if (d->i >= d->n)
				return syntax(d, "in string escape code");
			c = d->s[d->i];
			if (c == 'u') {
				for (int k = 1; k <= 4; k++) {
					d->i++;
					if (d->i >= d->n)
						return syntax(d, "in \\u hexadecimal character escape");
					if (hexv(d->s[d->i]) < 0)
						return syntax(d, "in \\u hexadecimal character escape");
				}
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				return syntax(d, "in string escape code");
			}
			d->i++;
			continue;
		}
		if (c < 0x20)
			return syntax(d, "in string literal");
		d->i++;
	}
	size_t end = d->i;
	d->i++; /* closing quote */
	const unsigned char *s = d->s;
	for (size_t i = start; i < end;) {
		unsigned char c = s[i];
		if (c == '\\') {
			char e = (char)s[i + 1];
			i += 2;
			switch (e) {
			case 'b': strbuf_addch(out, '\b'); break;
			case 'f': strbuf_addch(out, '\f'); break;
			case 'n': strbuf_addch(out, '\n'); break;
			case 'r': strbuf_addch(out, '\r'); break;
			case 't': strbuf_addch(out, '\t'); break;
			case 'u': {
				uint32_t r = (uint32_t)read_u4(s + i);
				i += 4;
				if (r >= 0xD800 && r < 0xDC00) {
					if (i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u') {
						uint32_t r2 = (uint32_t)read_u4(s + i + 2);
						if (r2 >= 0xDC00 && r2 < 0xE000) {
							r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
							i += 6;
							utf8_enc(out, r);
							break;
						}
					}
					r = 0xFFFD;
				} else if (r >= 0xDC00 && r < 0xE000) {
					r = 0xFFFD;
				}
				utf8_enc(out, r);
				break;
			}
			default: strbuf_addch(out, e); break;
			}
			continue;
		}
		if (c < 0x80) {
			strbuf_addch(out, c);
			i++;
			continue;
		}
		uint32_t r;
		size_t w = utf8_dec((const char *)s + i, end - i, &r);
		if (r == 0xFFFD && w == 1)
			utf8_enc(out, 0xFFFD);
		else
			strbuf_add(out, s + i, w);
		i += w;
	}
	return 0;
}

static struct tv *parse_number(struct jd *d)
{
	size_t st = d->i;
	const unsigned char *s = d->s;
	if (s[d->i] == '-') {
		d->i++;
		if (d->i >= d->n || !(s[d->i] >= '0' && s[d->i] <= '9')) {
			syntax(d, "in numeric literal");
			return NULL;
		}
	}
	if (s[d->i] == '0') {
		d->i++;
	} else {
		while (d->i < d->n && s[d->i] >= '0' && s[d->i] <= '9')
			d->i++;
	}
	if (d->i < d->n && s[d->i] == '.') {
		d->i++;
		if (d->i >= d->n || !(s[d->i] >= '0' && s[d->i] <= '9')) {
			syntax(d, "after decimal point in numeric literal");
			return NULL;
		}
		while (d->i < d->n && s[d->i] >= '0' && s[d->i] <= '9')
			d->i++;
	}
	if (d->i < d->n && (s[d->i] == 'e' || s[d->i] == 'E')) {
		d->i++;
		if (d->i < d->n && (s[d->i] == '+' || s[d->i] == '-'))
			d->i++;
		if (d->i >= d->n || !(s[d->i] >= '0' && s[d->i] <= '9')) {
			syntax(d, "in exponent of numeric literal");
			return NULL;
		}
		while (d->i < d->n && s[d->i] >= '0' && s[d->i] <= '9')
			d->i++;
	}
	char *txt = xstrndup((const char *)s + st, d->i - st);
	double f = 0;
	int r = go_parse_float(txt, &f);
	if (r) {
		if (!d->saved)
			d->saved = xasprintf("json: cannot unmarshal number %s into Go value of type float64", txt);
		f = 0;
	}
	free(txt);
	return tv_float(f);
}

static int literal(struct jd *d, const char *word)
{
	size_t n = strlen(word);
	for (size_t k = 0; k < n; k++) {
		if (d->i + k >= d->n || d->s[d->i + k] != (unsigned char)word[k]) {
			d->i += k;
			char ctx[64];
			snprintf(ctx, sizeof(ctx), "in literal %s (expecting '%c')", word, word[k]);
			return syntax(d, ctx);
		}
	}
	d->i += n;
	return 0;
}

static struct tv *parse_value(struct jd *d)
{
	skip_ws(d);
	if (d->i >= d->n) {
		syntax(d, "");
		return NULL;
	}
	if (++d->depth > 10000) {
		kc_err_set(d->err, "exceeded max depth");
		return NULL;
	}
	unsigned char c = d->s[d->i];
	struct tv *v = NULL;
	if (c == '{') {
		d->i++;
		v = tv_map_new(NULL);
		skip_ws(d);
		if (d->i < d->n && d->s[d->i] == '}') {
			d->i++;
			goto done;
		}
		for (;;) {
			skip_ws(d);
			if (d->i >= d->n || d->s[d->i] != '"') {
				syntax(d, "looking for beginning of object key string");
				goto fail;
			}
			struct strbuf key = STRBUF_INIT;
			if (parse_string(d, &key)) {
				strbuf_release(&key);
				goto fail;
			}
			skip_ws(d);
			if (d->i >= d->n || d->s[d->i] != ':') {
				strbuf_release(&key);
				syntax(d, "after object key");
				goto fail;
			}
			d->i++;
			struct tv *e = parse_value(d);
			if (!e) {
				strbuf_release(&key);
				goto fail;
			}
			tv_map_set_take(v, key.buf, e);
			strbuf_release(&key);
			skip_ws(d);
			if (d->i < d->n && d->s[d->i] == ',') {
				d->i++;
				continue;
			}
			if (d->i < d->n && d->s[d->i] == '}') {
				d->i++;
				break;
			}
			syntax(d, "after object key:value pair");
			goto fail;
		}
	} else if (c == '[') {
		d->i++;
		v = tv_list_new(NULL);
		skip_ws(d);
		if (d->i < d->n && d->s[d->i] == ']') {
			d->i++;
			goto done;
		}
		for (;;) {
			struct tv *e = parse_value(d);
			if (!e)
				goto fail;
			tv_list_append_take(v, e);
			skip_ws(d);
			if (d->i < d->n && d->s[d->i] == ',') {
				d->i++;
				continue;
			}
			if (d->i < d->n && d->s[d->i] == ']') {
				d->i++;
				break;
			}
			syntax(d, "after array element");
			goto fail;
		}
	} else if (c == '"') {
		struct strbuf sb = STRBUF_INIT;
		if (parse_string(d, &sb)) {
			strbuf_release(&sb);
			return NULL;
		}
		v = tv_str_buf(&sb);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		v = parse_number(d);
	} else if (c == 't') {
		v = literal(d, "true") ? NULL : tv_true();
	} else if (c == 'f') {
		v = literal(d, "false") ? NULL : tv_false();
	} else if (c == 'n') {
		v = literal(d, "null") ? NULL : tv_nil();
	} else {
		syntax(d, "looking for beginning of value");
		return NULL;
	}
done:
	d->depth--;
	return v;
fail:
	tv_decref(v);
	return NULL;
}

struct tv *sprig_json_decode(const char *s, size_t n, struct kc_err *err)
{
	struct jd d = {(const unsigned char *)s, n, 0, err, 0, NULL};
	/* Go's checkValid scans everything first: a syntax error anywhere wins */
	struct tv *v = parse_value(&d);
	if (v) {
		skip_ws(&d);
		if (d.i < d.n) {
			tv_decref(v);
			v = NULL;
			syntax(&d, "after top-level value");
		} else if (d.saved) {
			tv_decref(v);
			v = NULL;
			kc_err_set(err, "%s", d.saved);
		}
	}
	free(d.saved);
	return v;
}
