/* kubectl's JSONPath dialect: a port of the behaviour of
 * k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go) onto jansson values.
 *
 * The parser follows client-go's state functions one for one (parseText,
 * parseInsideAction, parseArray …) but as a loop instead of tail recursion, so a
 * long template cannot exhaust the C stack. The evaluator keeps client-go's
 * quirks: every top-level action is evaluated against the whole object, `range`
 * and `end` are identifiers whose effect is carried in counters on the JSONPath
 * (and the root node list is shortened in place while a range runs, exactly as
 * client-go does, which matters when one printer prints several objects), results
 * of a failed step are what client-go returns alongside its error (an exists
 * filter looks at them), maps are walked in sorted key order (Go's order is
 * random).
 *
 * Values: reflect.Value is modelled by struct val. A JSON value reached through a
 * map or slice is an interface value (JSON null = nil interface); the object
 * handed to FindResults (and each range item, re-wrapped by value.Interface())
 * is a direct value, and a nil there is the invalid zero Value. */
#include "kube/jsonpath.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/gostr.h"

/* ---------------------------------------------------------------- nodes */

enum ntype {
	N_LIST, N_TEXT, N_FIELD, N_ARRAY, N_FILTER, N_INT, N_FLOAT, N_BOOL,
	N_WILDCARD, N_RECURSIVE, N_UNION, N_IDENT,
};

struct param {
	long long value;
	int known, derived;
};

struct node {
	enum ntype type;
	char *text; /* TEXT, FIELD, IDENT (owned) */
	size_t len;
	long long ival;
	double fval;
	int bval;
	struct param params[3];
	struct node **kids; /* LIST: its nodes; UNION: LIST nodes */
	size_t nkids, akids;
	struct node *left, *right; /* FILTER */
	char op[16];
};

#define MAX_PARSE_DEPTH 100
#define MAX_RANGE_DEPTH 1000
#define MAX_WORK 10000000ULL
#define MAX_OUTPUT (256ULL << 20)

struct jsonpath {
	char *name;
	char *raw; /* kubectl printer: the template as given */
	struct node *root;
	size_t root_start; /* client-go's j.parser.Root.Nodes = nodes[i+1:] */
	/* every node, for freeing */
	struct node **all;
	size_t nall, aall;
	int allow_missing;
	unsigned flags;
	int output_json;
	/* client-go's range state, kept across executions as client-go keeps it */
	int begin_range, in_range, end_range;
	long last_end; /* absolute index into root->kids, -1 none */
	unsigned long long work, max_work, max_output;
	int range_depth;
};

static struct node *node_new(struct jsonpath *jp, enum ntype t)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->type = t;
	if (jp->nall == jp->aall) {
		jp->aall = jp->aall ? 2 * jp->aall : 32;
		jp->all = xrealloc(jp->all, jp->aall * sizeof *jp->all);
	}
	jp->all[jp->nall++] = n;
	return n;
}

static void node_append(struct node *list, struct node *n)
{
	if (list->nkids == list->akids) {
		list->akids = list->akids ? 2 * list->akids : 4;
		list->kids = xrealloc(list->kids, list->akids * sizeof *list->kids);
	}
	list->kids[list->nkids++] = n;
}

static struct node *text_node(struct jsonpath *jp, enum ntype t, const char *s, size_t n)
{
	struct node *nd = node_new(jp, t);
	/* the text may hold NUL bytes ("{\"\\000\"}"): copy n bytes, not a C string */
	nd->text = xmalloc(n + 1);
	memcpy(nd->text, s, n);
	nd->text[n] = '\0';
	nd->len = n;
	return nd;
}

/* ---------------------------------------------------------------- runes */

static int utf8_decode(const unsigned char *s, size_t n, int32_t *r)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*r = (int32_t)c;
		return 1;
	}
	int len;
	int32_t v, min;
	if ((c & 0xe0) == 0xc0)
		len = 2, v = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		len = 3, v = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		goto bad;
	if ((size_t)len > n)
		goto bad;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*r = v;
	return len;
bad:
	*r = 0xfffd;
	return 1;
}

static void utf8_encode(struct strbuf *sb, int32_t r)
{
	if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		r = 0xfffd;
	if (r < 0x80) {
		strbuf_addch(sb, r);
	} else if (r < 0x800) {
		strbuf_addch(sb, 0xc0 | (r >> 6));
		strbuf_addch(sb, 0x80 | (r & 0x3f));
	} else if (r < 0x10000) {
		strbuf_addch(sb, 0xe0 | (r >> 12));
		strbuf_addch(sb, 0x80 | ((r >> 6) & 0x3f));
		strbuf_addch(sb, 0x80 | (r & 0x3f));
	} else {
		strbuf_addch(sb, 0xf0 | (r >> 18));
		strbuf_addch(sb, 0x80 | ((r >> 12) & 0x3f));
		strbuf_addch(sb, 0x80 | ((r >> 6) & 0x3f));
		strbuf_addch(sb, 0x80 | (r & 0x3f));
	}
}

/* unicode.IsDigit / IsLetter: exact for ASCII and Latin-1, an approximation
 * (symbols and punctuation blocks excluded) above. */
static int is_digit(int32_t r)
{
	/* first code point of each run of ten Nd digits outside ASCII */
	static const int32_t nd[] = {
		0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66,
		0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810,
		0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
		0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
		0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730,
		0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
		0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
	};
	if (r >= '0' && r <= '9')
		return 1;
	if (r < 0x660)
		return 0;
	for (size_t i = 0; i < sizeof nd / sizeof *nd; i++)
		if (r >= nd[i] && r < nd[i] + 10)
			return 1;
	return 0;
}

static int is_letter(int32_t r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	if (r < 0x100)
		return r == 0xaa || r == 0xb5 || r == 0xba || (r >= 0xc0 && r != 0xd7 && r != 0xf7);
	if (is_digit(r))
		return 0;
	if ((r >= 0x300 && r <= 0x36f) || (r >= 0x2000 && r <= 0x2bff) || (r >= 0x3000 && r <= 0x303f) ||
	    (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff20) || r == 0xfffd ||
	    (r >= 0xe000 && r <= 0xf8ff) || (r >= 0x1f000 && r <= 0x1faff))
		return 0;
	return 1;
}

static int is_alnum(int32_t r)
{
	return r == '_' || is_letter(r) || is_digit(r);
}

static int is_terminator(int32_t r)
{
	switch (r) {
	case ' ': case '\t': case '\r': case '\n':
	case -1: case '.': case ',': case '[': case ']': case '$': case '@': case '{': case '}':
		return 1;
	}
	return 0;
}

/* fmt's %#U: U+0041 'A' (quoted rune only if printable). */
static void add_sharp_U(struct strbuf *sb, int32_t r)
{
	strbuf_addf(sb, "U+%04X", (unsigned)r);
	/* strconv.IsPrint: no controls, no spaces but U+0020, no format (Cf),
	 * private-use or noncharacter code points */
	int printable = r >= 0x20 && r != 0x7f && !(r >= 0x80 && r <= 0xa0) && r != 0xad &&
			!(r >= 0x600 && r <= 0x605) && r != 0x61c && r != 0x6dd && r != 0x70f &&
			r != 0x1680 && r != 0x180e && !(r >= 0x2000 && r <= 0x200f) &&
			!(r >= 0x2028 && r <= 0x202f) && !(r >= 0x205f && r <= 0x206f) &&
			r != 0x3000 && !(r >= 0xd800 && r <= 0xf8ff) && r != 0xfeff &&
			!(r >= 0xfff0 && r <= 0xfffb) && r != 0xfffe && r != 0xffff &&
			!(r >= 0xe0000 && r <= 0xe007f) && r < 0xf0000;
	if (printable) {
		strbuf_addstr(sb, " '");
		utf8_encode(sb, r);
		strbuf_addch(sb, '\'');
	}
}

/* ---------------------------------------------------------------- parser */

struct parser {
	struct jsonpath *jp;
	const char *in;
	size_t len, pos, start, width;
	struct node *root;
	int depth;
};

#define EOFR (-1)

static int32_t p_next(struct parser *p)
{
	if (p->pos >= p->len) {
		p->width = 0;
		return EOFR;
	}
	int32_t r;
	p->width = utf8_decode((const unsigned char *)p->in + p->pos, p->len - p->pos, &r);
	p->pos += p->width;
	return r;
}

static void p_backup(struct parser *p)
{
	p->pos -= p->width;
}

static int32_t p_peek(struct parser *p)
{
	int32_t r = p_next(p);
	p_backup(p);
	return r;
}

static int p_has_prefix(struct parser *p, const char *pre)
{
	size_t n = strlen(pre);
	return p->len - p->pos >= n && !memcmp(p->in + p->pos, pre, n);
}

static int parse_text(struct parser *p, struct kc_err *err);

/* Parse "{" text "}" as a fresh template and return its first action list
 * (client-go's parseAction). */
static struct node *parse_action(struct parser *outer, const char *text, size_t n,
				 struct kc_err *err)
{
	if (outer->depth >= MAX_PARSE_DEPTH) {
		kc_err_set(err, "jsonpath template nested too deeply");
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '{');
	strbuf_add(&sb, text, n);
	strbuf_addch(&sb, '}');
	struct parser p = { outer->jp, sb.buf, sb.len, 0, 0, 0, NULL, outer->depth + 1 };
	p.root = node_new(outer->jp, N_LIST);
	int rc = parse_text(&p, err);
	strbuf_release(&sb);
	if (rc)
		return NULL;
	return p.root->kids[0];
}

static int parse_number(struct parser *p, struct node *cur, struct kc_err *err)
{
	int32_t r = p_peek(p);
	if (r == '+' || r == '-')
		p_next(p);
	for (;;) {
		r = p_next(p);
		if (r != '.' && !is_digit(r)) {
			p_backup(p);
			break;
		}
	}
	char *value = xstrndup(p->in + p->start, p->pos - p->start);
	p->start = p->pos;
	long long i;
	double d;
	struct node *n;
	if (!go_parse_int(value, 10, 64, &i)) {
		n = node_new(p->jp, N_INT);
		n->ival = i;
	} else if (!go_parse_float(value, &d)) {
		n = node_new(p->jp, N_FLOAT);
		n->fval = d;
	} else {
		kc_err_set(err, "cannot parse number %s", value);
		free(value);
		return -1;
	}
	free(value);
	node_append(cur, n);
	return 0;
}

/* Go's strconv.UnquoteChar-based UnquoteExtend; s includes the quotes. */
static int unquote_extend(const char *s, size_t n, struct strbuf *out)
{
	if (n < 2)
		return -1;
	char quote = s[0];
	if (quote != s[n - 1])
		return -1;
	s++;
	n -= 2;
	if (quote != '"' && quote != '\'')
		return -1;
	if (!memchr(s, '\\', n) && !memchr(s, quote, n)) {
		strbuf_add(out, s, n);
		return 0;
	}
	while (n > 0) {
		unsigned char c = (unsigned char)s[0];
		if (c == (unsigned char)quote)
			return -1;
		if (c >= 0x80) {
			int32_t r;
			int w = utf8_decode((const unsigned char *)s, n, &r);
			utf8_encode(out, r);
			s += w, n -= w;
			continue;
		}
		if (c != '\\') {
			strbuf_addch(out, c);
			s++, n--;
			continue;
		}
		if (n <= 1)
			return -1;
		c = (unsigned char)s[1];
		s += 2, n -= 2;
		int32_t v = 0;
		switch (c) {
		case 'a': strbuf_addch(out, '\a'); break;
		case 'b': strbuf_addch(out, '\b'); break;
		case 'f': strbuf_addch(out, '\f'); break;
		case 'n': strbuf_addch(out, '\n'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'v': strbuf_addch(out, '\v'); break;
		case 'x': case 'u': case 'U': {
			size_t k = c == 'x' ? 2 : c == 'u' ? 4 : 8;
			if (n < k)
				return -1;
			for (size_t j = 0; j < k; j++) {
				int ch = (unsigned char)s[j], x;
				if (ch >= '0' && ch <= '9')
					x = ch - '0';
				else if (ch >= 'a' && ch <= 'f')
					x = ch - 'a' + 10;
				else if (ch >= 'A' && ch <= 'F')
					x = ch - 'A' + 10;
				else
					return -1;
				v = (int32_t)((uint32_t)v << 4 | (uint32_t)x);
			}
			s += k, n -= k;
			if (c == 'x') {
				strbuf_addch(out, v);
				break;
			}
			if (v < 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
				return -1;
			if (v < 0x80)
				strbuf_addch(out, v);
			else
				utf8_encode(out, v);
			break;
		}
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
			v = c - '0';
			if (n < 2)
				return -1;
			for (int j = 0; j < 2; j++) {
				int x = s[j] - '0';
				if (x < 0 || x > 7)
					return -1;
				v = (v << 3) | x;
			}
			s += 2, n -= 2;
			if (v > 255)
				return -1;
			strbuf_addch(out, v);
			break;
		case '\\':
			strbuf_addch(out, '\\');
			break;
		case '\'': case '"':
			if (c != (unsigned char)quote)
				return -1;
			strbuf_addch(out, c);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static int parse_quote(struct parser *p, struct node *cur, int32_t end, struct kc_err *err)
{
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOFR || r == '\n')
			return kc_err_set(err, "unterminated quoted string");
		if (r == end && p->in[p->pos - 2] != '\\')
			break;
	}
	const char *value = p->in + p->start;
	size_t vlen = p->pos - p->start;
	p->start = p->pos;
	struct strbuf s = STRBUF_INIT;
	if (unquote_extend(value, vlen, &s)) {
		strbuf_release(&s);
		return kc_err_set(err, "unquote string %.*s error invalid syntax", (int)vlen, value);
	}
	node_append(cur, text_node(p->jp, N_TEXT, s.buf, s.len));
	strbuf_release(&s);
	return 0;
}

static int parse_field(struct parser *p, struct node *cur)
{
	p->start = p->pos;
	for (;;) {
		int32_t r = p_next(p);
		if (r == '\\') {
			p_next(p);
		} else if (is_terminator(r)) {
			p_backup(p);
			break;
		}
	}
	const char *v = p->in + p->start;
	size_t n = p->pos - p->start;
	p->start = p->pos;
	if (n == 1 && v[0] == '*') {
		node_append(cur, node_new(p->jp, N_WILDCARD));
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (v[i] != '\\')
			strbuf_addch(&sb, v[i]);
	node_append(cur, text_node(p->jp, N_FIELD, sb.buf, sb.len));
	strbuf_release(&sb);
	return 0;
}

static int parse_identifier(struct parser *p, struct node *cur)
{
	for (;;) {
		int32_t r = p_next(p);
		if (is_terminator(r)) {
			p_backup(p);
			break;
		}
	}
	const char *v = p->in + p->start;
	size_t n = p->pos - p->start;
	p->start = p->pos;
	if ((n == 4 && !memcmp(v, "true", 4)) || (n == 5 && !memcmp(v, "false", 5))) {
		struct node *b = node_new(p->jp, N_BOOL);
		b->bval = n == 4;
		node_append(cur, b);
	} else {
		node_append(cur, text_node(p->jp, N_IDENT, v, n));
	}
	return 0;
}

/* Go's sliceOperatorRex ^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$ by hand. groups[i] is
 * the matched text (possibly empty). */
static int match_slice(const char *s, size_t n, const char *g[3], size_t gl[3])
{
	size_t i = 0;
	for (int k = 0; k < 3; k++) {
		g[k] = s + i;
		gl[k] = 0;
		size_t b = i;
		if (k > 0) {
			if (i < n && s[i] == ':')
				i++;
			else
				continue;
		}
		if (i < n && s[i] == '-')
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		g[k] = s + b;
		gl[k] = i - b;
	}
	return i == n ? 0 : -1;
}

static int parse_array(struct parser *p, struct node *cur, struct kc_err *err)
{
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOFR || r == '\n')
			return kc_err_set(err, "unterminated array");
		if (r == ']')
			break;
	}
	const char *text = p->in + p->start + 1;
	size_t tlen = p->pos - p->start - 2;
	p->start = p->pos;
	if (tlen == 1 && text[0] == '*')
		text = ":";

	/* union operator */
	if (memchr(text, ',', tlen)) {
		struct node *u = node_new(p->jp, N_UNION);
		const char *s = text, *end = text + tlen;
		for (;;) {
			const char *c = memchr(s, ',', end - s);
			const char *e = c ? c : end;
			const char *a = s, *b = e;
			while (a < b && *a == ' ')
				a++;
			while (b > a && b[-1] == ' ')
				b--;
			struct strbuf sb = STRBUF_INIT;
			strbuf_addch(&sb, '[');
			strbuf_add(&sb, a, b - a);
			strbuf_addch(&sb, ']');
			struct node *l = parse_action(p, sb.buf, sb.len, err);
			strbuf_release(&sb);
			if (!l)
				return -1;
			node_append(u, l);
			if (!c)
				break;
			s = c + 1;
		}
		node_append(cur, u);
		return 0;
	}

	/* dict key ^'([^']*)'$ */
	if (tlen >= 2 && text[0] == '\'' && text[tlen - 1] == '\'' &&
	    !memchr(text + 1, '\'', tlen - 2)) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addch(&sb, '.');
		strbuf_add(&sb, text + 1, tlen - 2);
		struct node *l = parse_action(p, sb.buf, sb.len, err);
		strbuf_release(&sb);
		if (!l)
			return -1;
		for (size_t i = 0; i < l->nkids; i++)
			node_append(cur, l->kids[i]);
		return 0;
	}

	const char *g[3];
	size_t gl[3];
	if (match_slice(text, tlen, g, gl))
		return kc_err_set(err, "invalid array index %.*s", (int)tlen, text);
	struct node *a = node_new(p->jp, N_ARRAY);
	for (int i = 0; i < 3; i++) {
		if (gl[i]) {
			const char *v = g[i];
			size_t vl = gl[i];
			if (i > 0)
				v++, vl--;
			if (i > 0 && vl == 0) {
				a->params[i].known = 0;
			} else {
				a->params[i].known = 1;
				char *num = xstrndup(v, vl);
				long long x;
				int bad = go_parse_int(num, 10, 64, &x);
				free(num);
				if (bad)
					return kc_err_set(err, "array index %.*s is not a number", (int)vl, v);
				a->params[i].value = x;
			}
		} else if (i == 1) {
			a->params[1].known = 1;
			a->params[1].value = (long long)((unsigned long long)a->params[0].value + 1);
			a->params[1].derived = 1;
		} else {
			a->params[i].known = 0;
			a->params[i].value = 0;
		}
	}
	node_append(cur, a);
	return 0;
}

/* ^([^!<>=]+)([!<>=]+)(.+?)$ */
static int match_filter(const char *s, size_t n, size_t *g1, size_t *g2)
{
	size_t i = 0;
	while (i < n && !strchr("!<>=", s[i]))
		i++;
	if (i == 0 || i == n)
		return -1;
	*g1 = i;
	size_t j = i;
	while (j < n && strchr("!<>=", s[j]))
		j++;
	/* group 3 needs at least one byte; backtrack group 2 if needed */
	if (j == n) {
		if (j - i < 2)
			return -1;
		j--;
	}
	*g2 = j;
	return 0;
}

static int parse_filter(struct parser *p, struct node *cur, struct kc_err *err)
{
	p->pos += 3;
	p->start = p->pos;
	int begin = 0, end = 0;
	int32_t pair = 0;
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOFR || r == '\n')
			return kc_err_set(err, "unterminated filter");
		if (r == '"' || r == '\'') {
			if (!begin) {
				begin = 1;
				pair = r;
				continue;
			}
			if (p->in[p->pos - 2] != '\\' && r == pair)
				end = 1;
		} else if (r == ')') {
			if (begin == end)
				break;
		}
	}
	if (p_next(p) != ']')
		return kc_err_set(err, "unclosed array expect ]");
	const char *text = p->in + p->start;
	size_t tlen = p->pos - p->start - 2;
	p->start = p->pos;
	size_t g1, g2;
	struct node *f = node_new(p->jp, N_FILTER);
	if (match_filter(text, tlen, &g1, &g2)) {
		f->left = parse_action(p, text, tlen, err);
		if (!f->left)
			return -1;
		f->right = node_new(p->jp, N_LIST);
		strcpy(f->op, "exists");
	} else {
		f->left = parse_action(p, text, g1, err);
		if (!f->left)
			return -1;
		f->right = parse_action(p, text + g2, tlen - g2, err);
		if (!f->right)
			return -1;
		size_t ol = g2 - g1;
		if (ol >= sizeof f->op)
			ol = sizeof f->op - 1;
		memcpy(f->op, text + g1, ol);
		f->op[ol] = '\0';
	}
	node_append(cur, f);
	return 0;
}

/* parseText and parseInsideAction as one loop; cur == NULL means text mode. */
static int parse_text(struct parser *p, struct kc_err *err)
{
	struct node *cur = NULL;
	for (;;) {
		if (!cur) {
			/* parseText */
			for (;;) {
				if (p_has_prefix(p, "{"))
					break;
				if (p_next(p) == EOFR)
					break;
			}
			if (p->pos > p->start)
				node_append(p->root,
					    text_node(p->jp, N_TEXT, p->in + p->start, p->pos - p->start));
			p->start = p->pos;
			if (p->pos >= p->len)
				return 0;
			/* parseLeftDelim */
			p->pos += 1;
			p->start = p->pos;
			cur = node_new(p->jp, N_LIST);
			node_append(p->root, cur);
			continue;
		}
		/* parseInsideAction */
		if (p_has_prefix(p, "}")) {
			p->pos += 1;
			p->start = p->pos;
			cur = NULL;
			continue;
		}
		if (p_has_prefix(p, "[?(")) {
			if (parse_filter(p, cur, err))
				return -1;
			continue;
		}
		if (p_has_prefix(p, "..")) {
			if (cur->nkids && cur->kids[cur->nkids - 1]->type == N_RECURSIVE)
				return kc_err_set(err, "invalid multiple recursive descent");
			p->pos += 2;
			p->start = p->pos;
			node_append(cur, node_new(p->jp, N_RECURSIVE));
			if (is_alnum(p_peek(p)))
				parse_field(p, cur);
			continue;
		}
		int32_t r = p_next(p);
		int rc = 0;
		if (r == EOFR || r == '\r' || r == '\n') {
			return kc_err_set(err, "unclosed action");
		} else if (r == ' ' || r == '@' || r == '$') {
			p->start = p->pos;
		} else if (r == '[') {
			rc = parse_array(p, cur, err);
		} else if (r == '"' || r == '\'') {
			rc = parse_quote(p, cur, r, err);
		} else if (r == '.') {
			rc = parse_field(p, cur);
		} else if (r == '+' || r == '-' || is_digit(r)) {
			p_backup(p);
			rc = parse_number(p, cur, err);
		} else if (is_alnum(r)) {
			p_backup(p);
			rc = parse_identifier(p, cur);
		} else {
			struct strbuf sb = STRBUF_INIT;
			add_sharp_U(&sb, r);
			kc_err_set(err, "unrecognized character in action: %s", sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		if (rc)
			return -1;
	}
}

struct jsonpath *jsonpath_parse(const char *name, const char *text, struct kc_err *err)
{
	struct jsonpath *jp = xcalloc(1, sizeof *jp);
	jp->name = xstrdup(name ? name : "");
	jp->last_end = -1;
	jp->max_work = MAX_WORK;
	jp->max_output = MAX_OUTPUT;
	struct parser p = { jp, text, strlen(text), 0, 0, 0, NULL, 0 };
	p.root = node_new(jp, N_LIST);
	jp->root = p.root;
	if (parse_text(&p, err)) {
		jsonpath_free(jp);
		return NULL;
	}
	return jp;
}

void jsonpath_set_allow_missing_keys(struct jsonpath *jp, int allow)
{
	jp->allow_missing = allow;
}

void jsonpath_set_flags(struct jsonpath *jp, unsigned flags)
{
	jp->flags = flags;
	jp->output_json = !!(flags & JSONPATH_OUTPUT_JSON);
}

void jsonpath_free(struct jsonpath *jp)
{
	if (!jp)
		return;
	for (size_t i = 0; i < jp->nall; i++) {
		free(jp->all[i]->text);
		free(jp->all[i]->kids);
		free(jp->all[i]);
	}
	free(jp->all);
	free(jp->name);
	free(jp->raw);
	free(jp);
}

/* ---------------------------------------------------------------- values */

enum vkind { V_JSON, V_INVALID, V_INT, V_FLOAT, V_BOOL, V_STR, V_BYTE };

struct val {
	enum vkind k;
	const json_t *j;
	long long i;
	double f;
	const char *s;
	size_t n;
};

struct vec {
	struct val *v;
	size_t n, alloc;
};

struct rlist {
	struct vec *s;
	size_t n, alloc;
};

static void vec_push(struct vec *v, struct val x)
{
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? 2 * v->alloc : 8;
		v->v = xrealloc(v->v, v->alloc * sizeof *v->v);
	}
	v->v[v->n++] = x;
}

static void vec_free(struct vec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->alloc = 0;
}

static void vec_copy(struct vec *dst, const struct vec *src)
{
	vec_free(dst);
	for (size_t i = 0; i < src->n; i++)
		vec_push(dst, src->v[i]);
}

static void rlist_free(struct rlist *r)
{
	for (size_t i = 0; i < r->n; i++)
		vec_free(&r->s[i]);
	free(r->s);
	r->s = NULL;
	r->n = r->alloc = 0;
}

static void rlist_push(struct rlist *r, struct vec *v)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->s = xrealloc(r->s, r->alloc * sizeof *r->s);
	}
	r->s[r->n++] = *v;
	memset(v, 0, sizeof *v);
}

static struct val vjson(const json_t *j)
{
	struct val v = { V_JSON, j, 0, 0, NULL, 0 };
	return v;
}

/* reflect.ValueOf(x.Interface()): a nil interface becomes the zero Value. */
static struct val v_direct(struct val v)
{
	if (v.k == V_JSON && (!v.j || json_is_null(v.j)))
		v.k = V_INVALID;
	return v;
}

static int v_isnil(const struct val *v)
{
	return v->k == V_JSON && json_is_null(v->j);
}

enum gokind { K_INVALID, K_MAP, K_SLICE, K_STRING, K_INT, K_FLOAT, K_BOOL, K_UINT, K_NILIFACE };

static enum gokind v_kind(const struct jsonpath *jp, const struct val *v)
{
	switch (v->k) {
	case V_JSON:
		switch (json_typeof(v->j)) {
		case JSON_OBJECT: return K_MAP;
		case JSON_ARRAY: return K_SLICE;
		case JSON_STRING: return K_STRING;
		case JSON_INTEGER: return (jp->flags & JSONPATH_FLOAT64) ? K_FLOAT : K_INT;
		case JSON_REAL: return K_FLOAT;
		case JSON_TRUE: case JSON_FALSE: return K_BOOL;
		case JSON_NULL: return K_NILIFACE;
		}
		return K_INVALID;
	case V_INVALID: return K_INVALID;
	case V_INT: return K_INT;
	case V_FLOAT: return K_FLOAT;
	case V_BOOL: return K_BOOL;
	case V_STR: return K_STRING;
	case V_BYTE: return K_UINT;
	}
	return K_INVALID;
}

static const char *v_typename(const struct jsonpath *jp, const struct val *v)
{
	switch (v->k) {
	case V_JSON:
		switch (json_typeof(v->j)) {
		case JSON_OBJECT: return "map[string]interface {}";
		case JSON_ARRAY: return "[]interface {}";
		case JSON_STRING: return "string";
		case JSON_INTEGER: return (jp->flags & JSONPATH_FLOAT64) ? "float64" : "int64";
		case JSON_REAL: return "float64";
		case JSON_TRUE: case JSON_FALSE: return "bool";
		case JSON_NULL: return "interface {}";
		}
		break;
	case V_INT: return "int";
	case V_FLOAT: return "float64";
	case V_BOOL: return "bool";
	case V_STR: return "string";
	case V_BYTE: return "uint8";
	case V_INVALID: break;
	}
	return "<invalid reflect.Value>";
}

static double v_float(const struct val *v)
{
	if (v->k == V_FLOAT)
		return v->f;
	if (json_is_integer(v->j))
		return (double)json_integer_value(v->j);
	return json_real_value(v->j);
}

static long long v_int(const struct val *v)
{
	return v->k == V_INT ? v->i : json_integer_value(v->j);
}

static void v_string(const struct val *v, const char **s, size_t *n)
{
	if (v->k == V_STR) {
		*s = v->s;
		*n = v->n;
	} else {
		*s = json_string_value(v->j);
		*n = json_string_length(v->j);
	}
}

static int v_bool(const struct val *v)
{
	return v->k == V_BOOL ? (int)v->i : json_is_true(v->j);
}

/* ---------------------------------------------------------------- Go printing */

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **sorted_keys(const json_t *obj, size_t *n)
{
	size_t cnt = json_object_size(obj), i = 0;
	const char **keys = xmalloc((cnt ? cnt : 1) * sizeof *keys);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)obj, k, v)
		keys[i++] = k;
	qsort(keys, i, sizeof *keys, cmp_keys);
	*n = i;
	return keys;
}

static void add_float_v(struct strbuf *out, double f)
{
	go_format_float(out, f, 'g', -1);
}

static void add_json_number(struct strbuf *out, const json_t *j, unsigned flags)
{
	if (json_is_integer(j) && !(flags & JSONPATH_FLOAT64))
		strbuf_addf(out, "%lld", (long long)json_integer_value(j));
	else
		add_float_v(out, json_number_value(j));
}

/* fmt %v (sharp=0) or %#v (sharp=1) of a JSON value inside interface{}. The
 * explicit stack keeps deep documents off the C stack. */
struct gv_frame {
	const json_t *j;
	const char **keys;
	size_t i, n;
};

static void go_print(struct strbuf *out, const json_t *root, unsigned flags, int sharp)
{
	struct gv_frame *st = NULL;
	size_t sn = 0, sa = 0;
	const json_t *cur = root;
	for (;;) {
		if (cur) {
			switch (json_typeof(cur)) {
			case JSON_OBJECT:
			case JSON_ARRAY: {
				if (sn == sa) {
					sa = sa ? 2 * sa : 16;
					st = xrealloc(st, sa * sizeof *st);
				}
				struct gv_frame *f = &st[sn++];
				f->j = cur;
				f->i = 0;
				f->keys = NULL;
				if (json_is_object(cur)) {
					f->keys = sorted_keys(cur, &f->n);
					strbuf_addstr(out, sharp ? "map[string]interface {}{" : "map[");
				} else {
					f->n = json_array_size(cur);
					strbuf_addstr(out, sharp ? "[]interface {}{" : "[");
				}
				break;
			}
			case JSON_STRING:
				if (sharp)
					go_quote(out, json_string_value(cur), json_string_length(cur));
				else
					strbuf_add(out, json_string_value(cur), json_string_length(cur));
				break;
			case JSON_INTEGER:
			case JSON_REAL:
				add_json_number(out, cur, flags);
				break;
			case JSON_TRUE:
				strbuf_addstr(out, "true");
				break;
			case JSON_FALSE:
				strbuf_addstr(out, "false");
				break;
			case JSON_NULL:
				strbuf_addstr(out, sharp ? "interface {}(nil)" : "<nil>");
				break;
			}
			cur = NULL;
		}
		if (!sn)
			break;
		struct gv_frame *f = &st[sn - 1];
		if (f->i == f->n) {
			strbuf_addch(out, sharp ? '}' : ']');
			free(f->keys);
			sn--;
			continue;
		}
		if (f->i)
			strbuf_addstr(out, sharp ? ", " : " ");
		if (f->keys) {
			if (sharp)
				go_quote(out, f->keys[f->i], strlen(f->keys[f->i]));
			else
				strbuf_addstr(out, f->keys[f->i]);
			strbuf_addch(out, ':');
			cur = json_object_get(f->j, f->keys[f->i]);
		} else {
			cur = json_array_get(f->j, f->i);
		}
		f->i++;
	}
	free(st);
}

void jsonpath_go_sharp_v(struct strbuf *out, const json_t *v, unsigned flags)
{
	go_print(out, v, flags, 1);
}

/* encoding/json string encoding (HTML-safe, as json.Marshal). */
static void json_str(struct strbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
				strbuf_addch(out, c);
			} else {
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
			}
			i++;
			continue;
		}
		int32_t r;
		int w = utf8_decode((const unsigned char *)s + i, n - i, &r);
		if (r == 0xfffd && w == 1) {
			strbuf_addstr(out, "\\ufffd");
		} else if (r == 0x2028 || r == 0x2029) {
			strbuf_addf(out, "\\u%04x", (unsigned)r);
		} else {
			strbuf_add(out, s + i, w);
		}
		i += w;
	}
	strbuf_addch(out, '"');
}

static void json_float(struct strbuf *out, double f)
{
	double a = fabs(f);
	char fmt = 'f';
	if (a != 0 && (a < 1e-6 || a >= 1e21))
		fmt = 'e';
	struct strbuf t = STRBUF_INIT;
	go_format_float(&t, f, 'e', -1);
	if (fmt == 'f') {
		/* shortest digits, written out positionally: 1.2345e+19 -> 12345000…0 */
		char *e = strchr(t.buf, 'e');
		int exp = atoi(e + 1);
		struct strbuf digits = STRBUF_INIT, r = STRBUF_INIT;
		for (char *c = t.buf; c < e; c++)
			if (*c >= '0' && *c <= '9')
				strbuf_addch(&digits, *c);
		if (t.buf[0] == '-')
			strbuf_addch(&r, '-');
		int nd = (int)digits.len, dp = exp + 1; /* digits before the point */
		if (dp <= 0) {
			strbuf_addstr(&r, "0.");
			strbuf_addchars(&r, '0', -dp);
			strbuf_addbuf(&r, &digits);
		} else if (dp >= nd) {
			strbuf_addbuf(&r, &digits);
			strbuf_addchars(&r, '0', dp - nd);
		} else {
			strbuf_add(&r, digits.buf, dp);
			strbuf_addch(&r, '.');
			strbuf_add(&r, digits.buf + dp, nd - dp);
		}
		strbuf_release(&digits);
		strbuf_release(&t);
		t = r;
	}
	if (fmt == 'e' && t.len >= 4 && t.buf[t.len - 4] == 'e' && t.buf[t.len - 3] == '-' &&
	    t.buf[t.len - 2] == '0') {
		t.buf[t.len - 2] = t.buf[t.len - 1];
		strbuf_setlen(&t, t.len - 1);
	}
	strbuf_addbuf(out, &t);
	strbuf_release(&t);
}

/* json.Marshal (indent == NULL) or json.MarshalIndent(v, "", indent). */
static void go_marshal(struct strbuf *out, const json_t *root, unsigned flags, const char *indent)
{
	struct gv_frame *st = NULL;
	size_t sn = 0, sa = 0;
	const json_t *cur = root;
	for (;;) {
		if (cur) {
			switch (json_typeof(cur)) {
			case JSON_OBJECT:
			case JSON_ARRAY: {
				int obj = json_is_object(cur);
				size_t cnt = obj ? json_object_size(cur) : json_array_size(cur);
				if (!cnt) {
					strbuf_addstr(out, obj ? "{}" : "[]");
					break;
				}
				if (sn == sa) {
					sa = sa ? 2 * sa : 16;
					st = xrealloc(st, sa * sizeof *st);
				}
				struct gv_frame *f = &st[sn++];
				f->j = cur;
				f->i = 0;
				f->keys = obj ? sorted_keys(cur, &f->n) : NULL;
				if (!obj)
					f->n = cnt;
				strbuf_addch(out, obj ? '{' : '[');
				break;
			}
			case JSON_STRING:
				json_str(out, json_string_value(cur), json_string_length(cur));
				break;
			case JSON_INTEGER:
				if (!(flags & JSONPATH_FLOAT64)) {
					strbuf_addf(out, "%lld", (long long)json_integer_value(cur));
					break;
				}
				/* fallthrough */
			case JSON_REAL:
				json_float(out, json_number_value(cur));
				break;
			case JSON_TRUE:
				strbuf_addstr(out, "true");
				break;
			case JSON_FALSE:
				strbuf_addstr(out, "false");
				break;
			case JSON_NULL:
				strbuf_addstr(out, "null");
				break;
			}
			cur = NULL;
		}
		if (!sn)
			break;
		struct gv_frame *f = &st[sn - 1];
		if (f->i == f->n) {
			if (indent) {
				strbuf_addch(out, '\n');
				for (size_t d = 1; d < sn; d++)
					strbuf_addstr(out, indent);
			}
			strbuf_addch(out, f->keys ? '}' : ']');
			free(f->keys);
			sn--;
			continue;
		}
		if (f->i)
			strbuf_addch(out, ',');
		if (indent) {
			strbuf_addch(out, '\n');
			for (size_t d = 0; d < sn; d++)
				strbuf_addstr(out, indent);
		}
		if (f->keys) {
			json_str(out, f->keys[f->i], strlen(f->keys[f->i]));
			strbuf_addstr(out, indent ? ": " : ":");
			cur = json_object_get(f->j, f->keys[f->i]);
		} else {
			cur = json_array_get(f->j, f->i);
		}
		f->i++;
	}
	free(st);
}

/* fmt.Fprint of the value (evalToText), or the Sprint custom-columns uses. */
static void v_text(const struct jsonpath *jp, const struct val *v, struct strbuf *out, int sprint)
{
	switch (v->k) {
	case V_INVALID:
		strbuf_addstr(out, "<no value>");
		return;
	case V_INT:
		strbuf_addf(out, "%lld", v->i);
		return;
	case V_BYTE:
		strbuf_addf(out, "%lld", v->i);
		return;
	case V_FLOAT:
		add_float_v(out, v->f);
		return;
	case V_BOOL:
		strbuf_addstr(out, v->i ? "true" : "false");
		return;
	case V_STR:
		strbuf_add(out, v->s, v->n);
		return;
	case V_JSON:
		if (json_is_null(v->j)) {
			strbuf_addstr(out, sprint ? "<nil>" : "null");
			return;
		}
		go_print(out, v->j, jp->flags, 0);
		return;
	}
}

/* ---------------------------------------------------------------- evaluator */

static int walk(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		struct kc_err *err);

static int budget(struct jsonpath *jp, size_t n, struct kc_err *err)
{
	jp->work += n + 1;
	if (jp->work > jp->max_work)
		return kc_err_set(err, "jsonpath evaluation too large");
	return 0;
}

static int eval_list(struct jsonpath *jp, const struct vec *in, struct node *list, struct vec *out,
		     struct kc_err *err)
{
	struct vec cur = { 0 };
	vec_copy(&cur, in);
	for (size_t i = 0; i < list->nkids; i++) {
		struct vec next = { 0 };
		int rc = walk(jp, &cur, list->kids[i], &next, err);
		vec_free(&cur);
		cur = next;
		if (rc) {
			*out = cur;
			return -1;
		}
	}
	*out = cur;
	return 0;
}

static int eval_field(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		      struct kc_err *err)
{
	if (!in->n)
		return 0;
	for (size_t i = 0; i < in->n; i++) {
		const struct val *v = &in->v[i];
		if (v_isnil(v))
			continue;
		if (v->k == V_JSON && json_is_object(v->j)) {
			/* Go map keys are byte strings; jansson keys stop at NUL */
			if (memchr(n->text, '\0', n->len))
				continue;
			json_t *x = json_object_get(v->j, n->text);
			if (x)
				vec_push(out, vjson(x));
		}
	}
	if (!out->n) {
		if (jp->allow_missing)
			return 0;
		return kc_err_set(err, "%s is not found", n->text);
	}
	return budget(jp, out->n, err);
}

static long long wrap_add(long long a, long long b)
{
	return (long long)((unsigned long long)a + (unsigned long long)b);
}

static int eval_array(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		      struct kc_err *err)
{
	for (size_t k = 0; k < in->n; k++) {
		const struct val *v = &in->v[k];
		if (v_isnil(v))
			continue;
		if (v_kind(jp, v) != K_SLICE) {
			vec_copy(out, in);
			if (v->k == V_INVALID)
				return kc_err_set(err, "reflect: call of reflect.Value.Type on zero Value");
			return kc_err_set(err, "%s is not array or slice", v_typename(jp, v));
		}
		long long len = (long long)json_array_size(v->j);
		struct param p[3];
		memcpy(p, n->params, sizeof p);
		if (!p[0].known)
			p[0].value = 0;
		if (p[0].value < 0)
			p[0].value = wrap_add(p[0].value, len);
		if (!p[1].known)
			p[1].value = len;
		if (p[1].value < 0 || (p[1].value == 0 && p[1].derived))
			p[1].value = wrap_add(p[1].value, len);
		if (p[1].value != p[0].value) {
			if (p[0].value >= len || p[0].value < 0) {
				vec_copy(out, in);
				return kc_err_set(err, "array index out of bounds: index %lld, length %lld",
						  p[0].value, len);
			}
			if (p[1].value > len || p[1].value < 0) {
				vec_copy(out, in);
				return kc_err_set(err, "array index out of bounds: index %lld, length %lld",
						  wrap_add(p[1].value, -1), len);
			}
			if (p[0].value > p[1].value) {
				vec_copy(out, in);
				return kc_err_set(err, "starting index %lld is greater than ending index %lld",
						  p[0].value, p[1].value);
			}
		} else {
			return 0;
		}
		long long step = 1;
		if (p[2].known) {
			if (p[2].value <= 0) {
				vec_copy(out, in);
				return kc_err_set(err, "step must be > 0");
			}
			step = p[2].value;
		}
		long long cnt = p[1].value - p[0].value;
		for (long long i = 0; i < cnt; i += step) {
			vec_push(out, vjson(json_array_get(v->j, (size_t)(p[0].value + i))));
			if (step > cnt)
				break;
		}
	}
	return budget(jp, out->n, err);
}

static void children(const struct jsonpath *jp, const struct val *v, struct vec *out)
{
	(void)jp;
	if (v->k == V_JSON && json_is_object(v->j)) {
		size_t n;
		const char **keys = sorted_keys(v->j, &n);
		for (size_t i = 0; i < n; i++)
			vec_push(out, vjson(json_object_get(v->j, keys[i])));
		free(keys);
	} else if (v->k == V_JSON && json_is_array(v->j)) {
		for (size_t i = 0; i < json_array_size(v->j); i++)
			vec_push(out, vjson(json_array_get(v->j, i)));
	} else if ((v->k == V_JSON && json_is_string(v->j)) || v->k == V_STR) {
		const char *s;
		size_t n;
		v_string(v, &s, &n);
		for (size_t i = 0; i < n; i++) {
			struct val b = { V_BYTE, NULL, (unsigned char)s[i], 0, NULL, 0 };
			vec_push(out, b);
		}
	}
}

static int has_children(const struct val *v)
{
	if (v->k == V_JSON) {
		switch (json_typeof(v->j)) {
		case JSON_OBJECT: return json_object_size(v->j) > 0;
		case JSON_ARRAY: return json_array_size(v->j) > 0;
		case JSON_STRING: return json_string_length(v->j) > 0;
		default: return 0;
		}
	}
	return v->k == V_STR && v->n > 0;
}

static int eval_wildcard(struct jsonpath *jp, const struct vec *in, struct vec *out,
			 struct kc_err *err)
{
	for (size_t i = 0; i < in->n; i++) {
		if (v_isnil(&in->v[i]))
			continue;
		children(jp, &in->v[i], out);
		if (budget(jp, out->n, err))
			return -1;
	}
	return 0;
}

/* Pre-order walk of every value that has children (client-go's evalRecursive),
 * with an explicit stack. */
static int eval_recursive(struct jsonpath *jp, const struct vec *in, struct vec *out,
			  struct kc_err *err)
{
	struct rframe {
		struct vec kids;
		size_t i;
	} *st = NULL;
	size_t sn = 0, sa = 0;
	int rc = 0;
	for (size_t k = 0; k < in->n && !rc; k++) {
		const struct val *top = &in->v[k];
		if (v_isnil(top) || !has_children(top))
			continue;
		struct val cur = *top;
		int have = 1;
		for (;;) {
			if (have) {
				vec_push(out, cur);
				if (sn == sa) {
					sa = sa ? 2 * sa : 16;
					st = xrealloc(st, sa * sizeof *st);
				}
				memset(&st[sn], 0, sizeof st[sn]);
				children(jp, &cur, &st[sn].kids);
				sn++;
				if ((rc = budget(jp, st[sn - 1].kids.n, err)))
					break;
				have = 0;
			}
			if (!sn)
				break;
			struct rframe *f = &st[sn - 1];
			if (f->i == f->kids.n) {
				vec_free(&f->kids);
				sn--;
				continue;
			}
			struct val c = f->kids.v[f->i++];
			if (!v_isnil(&c) && has_children(&c)) {
				cur = c;
				have = 1;
			}
		}
	}
	while (sn)
		vec_free(&st[--sn].kids);
	free(st);
	return rc;
}

static int eval_union(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		      struct kc_err *err)
{
	for (size_t i = 0; i < n->nkids; i++) {
		struct vec t = { 0 };
		int rc = eval_list(jp, in, n->kids[i], &t, err);
		if (rc) {
			vec_free(&t);
			vec_copy(out, in);
			return -1;
		}
		for (size_t k = 0; k < t.n; k++)
			vec_push(out, t.v[k]);
		vec_free(&t);
		if (budget(jp, out->n, err))
			return -1;
	}
	return 0;
}

/* template.Less / Equal on basic kinds. Returns 0/1, or -1 + err. */
enum bk { BK_INVALID, BK_BOOL, BK_INT, BK_FLOAT, BK_STRING, BK_UINT };

static enum bk basic_kind(const struct jsonpath *jp, const struct val *v)
{
	switch (v_kind(jp, v)) {
	case K_BOOL: return BK_BOOL;
	case K_INT: return BK_INT;
	case K_FLOAT: return BK_FLOAT;
	case K_STRING: return BK_STRING;
	case K_UINT: return BK_UINT;
	default: return BK_INVALID;
	}
}

static int str_cmp(const struct val *a, const struct val *b)
{
	const char *s1, *s2;
	size_t n1, n2;
	v_string(a, &s1, &n1);
	v_string(b, &s2, &n2);
	int c = memcmp(s1, s2, n1 < n2 ? n1 : n2);
	if (c)
		return c;
	return n1 < n2 ? -1 : n1 > n2;
}

static int go_equal(const struct jsonpath *jp, const struct val *a, const struct val *b,
		    struct kc_err *err)
{
	enum bk k1 = basic_kind(jp, a), k2;
	if (k1 == BK_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	k2 = basic_kind(jp, b);
	if (k2 == BK_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	if (k1 != k2) {
		if (k1 == BK_INT && k2 == BK_UINT)
			return v_int(a) >= 0 && v_int(a) == b->i;
		if (k1 == BK_UINT && k2 == BK_INT)
			return v_int(b) >= 0 && a->i == v_int(b);
		return kc_err_set(err, "incompatible types for comparison");
	}
	switch (k1) {
	case BK_BOOL: return v_bool(a) == v_bool(b);
	case BK_FLOAT: return v_float(a) == v_float(b);
	case BK_INT: return v_int(a) == v_int(b);
	case BK_STRING: return str_cmp(a, b) == 0;
	case BK_UINT: return a->i == b->i;
	default: return 0;
	}
}

static int go_less(const struct jsonpath *jp, const struct val *a, const struct val *b,
		   struct kc_err *err)
{
	enum bk k1 = basic_kind(jp, a), k2;
	if (k1 == BK_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	k2 = basic_kind(jp, b);
	if (k2 == BK_INVALID)
		return kc_err_set(err, "invalid type for comparison");
	if (k1 != k2) {
		if (k1 == BK_INT && k2 == BK_UINT)
			return v_int(a) < 0 || v_int(a) < b->i;
		if (k1 == BK_UINT && k2 == BK_INT)
			return v_int(b) >= 0 && a->i < v_int(b);
		return kc_err_set(err, "incompatible types for comparison");
	}
	switch (k1) {
	case BK_BOOL: return kc_err_set(err, "invalid type for comparison");
	case BK_FLOAT: return v_float(a) < v_float(b);
	case BK_INT: return v_int(a) < v_int(b);
	case BK_STRING: return str_cmp(a, b) < 0;
	case BK_UINT: return a->i < b->i;
	default: return 0;
	}
}

static int compare(const struct jsonpath *jp, const char *op, const struct val *l,
		   const struct val *r, struct kc_err *err)
{
	int x;
	if (!strcmp(op, "<"))
		return go_less(jp, l, r, err);
	if (!strcmp(op, ">")) {
		/* !(l <= r) */
		x = go_less(jp, l, r, err);
		if (x < 0)
			return -1;
		if (x)
			return 0;
		x = go_equal(jp, l, r, err);
		return x < 0 ? -1 : !x;
	}
	if (!strcmp(op, "=="))
		return go_equal(jp, l, r, err);
	if (!strcmp(op, "!=")) {
		x = go_equal(jp, l, r, err);
		return x < 0 ? -1 : !x;
	}
	if (!strcmp(op, "<=")) {
		x = go_less(jp, l, r, err);
		if (x)
			return x;
		return go_equal(jp, l, r, err);
	}
	if (!strcmp(op, ">=")) {
		x = go_less(jp, l, r, err);
		return x < 0 ? -1 : !x;
	}
	return kc_err_set(err, "unrecognized filter operator %s", op);
}

static int eval_filter(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		       struct kc_err *err)
{
	for (size_t k = 0; k < in->n; k++) {
		const struct val *v = &in->v[k];
		if (v_kind(jp, v) != K_SLICE) {
			struct strbuf sb = STRBUF_INIT;
			if (v->k == V_INVALID)
				strbuf_addstr(&sb, "<invalid reflect.Value>");
			else
				v_text(jp, v, &sb, 1);
			vec_copy(out, in);
			kc_err_set(err, "%s is not array or slice and cannot be filtered", sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		for (size_t i = 0; i < json_array_size(v->j); i++) {
			struct vec temp = { 0 }, lefts = { 0 }, rights = { 0 };
			struct val elem = vjson(json_array_get(v->j, i));
			vec_push(&temp, elem);
			struct kc_err lerr = KC_ERR_INIT;
			int rc = eval_list(jp, &temp, n->left, &lefts, &lerr);
			if (!strcmp(n->op, "exists")) {
				kc_err_release(&lerr);
				if (lefts.n)
					vec_push(out, elem);
				vec_free(&lefts);
				vec_free(&temp);
				if (budget(jp, out->n, err))
					return -1;
				continue;
			}
			if (rc) {
				kc_err_move(err, &lerr);
				vec_free(&lefts);
				vec_free(&temp);
				vec_free(out);
				vec_copy(out, in);
				return -1;
			}
			kc_err_release(&lerr);
			int pass = 0;
			if (lefts.n > 1 || lefts.n == 0) {
				int many = lefts.n > 1;
				vec_free(&lefts);
				vec_free(&temp);
				if (!many)
					continue;
				vec_free(out);
				vec_copy(out, in);
				return kc_err_set(err, "can only compare one element at a time");
			}
			struct val left = v_direct(lefts.v[0]);
			rc = eval_list(jp, &temp, n->right, &rights, err);
			vec_free(&temp);
			vec_free(&lefts);
			if (rc) {
				vec_free(&rights);
				vec_free(out);
				vec_copy(out, in);
				return -1;
			}
			if (rights.n != 1) {
				int many = rights.n > 1;
				vec_free(&rights);
				if (!many)
					continue;
				vec_free(out);
				vec_copy(out, in);
				return kc_err_set(err, "can only compare one element at a time");
			}
			struct val right = v_direct(rights.v[0]);
			vec_free(&rights);
			pass = compare(jp, n->op, &left, &right, err);
			if (pass < 0)
				return -1;
			if (pass)
				vec_push(out, elem);
			if (budget(jp, out->n, err))
				return -1;
		}
	}
	return 0;
}

static int eval_ident(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		      struct kc_err *err)
{
	if (n->len == 5 && !memcmp(n->text, "range", 5)) {
		jp->begin_range++;
		vec_copy(out, in);
		return 0;
	}
	if (n->len == 3 && !memcmp(n->text, "end", 3)) {
		if (jp->in_range > 0) {
			jp->end_range++;
			return 0;
		}
		return kc_err_set(err, "not in range, nothing to end");
	}
	vec_copy(out, in);
	return kc_err_set(err, "unrecognized identifier %s", n->text);
}

static int walk(struct jsonpath *jp, const struct vec *in, struct node *n, struct vec *out,
		struct kc_err *err)
{
	memset(out, 0, sizeof *out);
	if (budget(jp, in->n, err))
		return -1;
	switch (n->type) {
	case N_LIST:
		return eval_list(jp, in, n, out, err);
	case N_TEXT: {
		struct val v = { V_STR, NULL, 0, 0, n->text, n->len };
		vec_push(out, v);
		return 0;
	}
	case N_FIELD:
		return eval_field(jp, in, n, out, err);
	case N_ARRAY:
		return eval_array(jp, in, n, out, err);
	case N_FILTER:
		return eval_filter(jp, in, n, out, err);
	case N_INT:
	case N_FLOAT:
	case N_BOOL:
		for (size_t i = 0; i < in->n; i++) {
			struct val v = { V_INT, NULL, n->ival, n->fval, NULL, 0 };
			if (n->type == N_FLOAT)
				v.k = V_FLOAT;
			if (n->type == N_BOOL)
				v.k = V_BOOL, v.i = n->bval;
			vec_push(out, v);
		}
		return 0;
	case N_WILDCARD:
		return eval_wildcard(jp, in, out, err);
	case N_RECURSIVE:
		return eval_recursive(jp, in, out, err);
	case N_UNION:
		return eval_union(jp, in, n, out, err);
	case N_IDENT:
		return eval_ident(jp, in, n, out, err);
	}
	return kc_err_set(err, "unexpected Node");
}

/* client-go's FindResults, range bookkeeping and all. */
static int find_results(struct jsonpath *jp, struct val data, struct rlist *full,
			struct kc_err *err)
{
	struct vec cur = { 0 };
	vec_push(&cur, v_direct(data));
	size_t base = jp->root_start;
	size_t nnodes = jp->root->nkids - base;
	int rc = 0;
	if (++jp->range_depth > MAX_RANGE_DEPTH) {
		rc = kc_err_set(err, "jsonpath range nesting too deep");
		goto out;
	}
	for (size_t i = 0; i < nnodes; i++) {
		struct node *node = jp->root->kids[base + i];
		struct vec results = { 0 };
		if (walk(jp, &cur, node, &results, err)) {
			vec_free(&results);
			rc = -1;
			goto out;
		}
		if (jp->end_range > 0 && jp->end_range <= jp->in_range) {
			jp->end_range--;
			jp->last_end = (long)(base + i);
			vec_free(&results);
			break;
		}
		if (jp->begin_range > 0) {
			jp->begin_range--;
			jp->in_range++;
			if (results.n) {
				for (size_t k = 0; k < results.n; k++) {
					jp->root_start = base + i + 1;
					struct rlist next = { 0 };
					if (find_results(jp, results.v[k], &next, err)) {
						rlist_free(&next);
						vec_free(&results);
						rc = -1;
						goto out;
					}
					for (size_t m = 0; m < next.n; m++)
						rlist_push(full, &next.s[m]);
					free(next.s);
				}
			} else {
				jp->root_start = base + i + 1;
				struct rlist next = { 0 };
				struct val nil = { V_INVALID, NULL, 0, 0, NULL, 0 };
				int r2 = find_results(jp, nil, &next, err);
				rlist_free(&next);
				if (r2) {
					vec_free(&results);
					rc = -1;
					goto out;
				}
			}
			jp->in_range--;
			vec_free(&results);
			for (size_t k = i + 1; k < nnodes; k++) {
				if ((long)(base + k) == jp->last_end) {
					i = k;
					break;
				}
			}
			continue;
		}
		rlist_push(full, &results);
	}
out:
	jp->range_depth--;
	vec_free(&cur);
	if (rc)
		rlist_free(full);
	return rc;
}

/* json.Marshal of a result (maps, slices; or any value for -o jsonpath-as-json). */
static void v_marshal(const struct jsonpath *jp, const struct val *v, struct strbuf *out,
		      const char *indent)
{
	switch (v->k) {
	case V_JSON:
		go_marshal(out, v->j, jp->flags, indent);
		return;
	case V_STR:
		json_str(out, v->s, v->n);
		return;
	case V_INT:
	case V_BYTE:
		strbuf_addf(out, "%lld", v->i);
		return;
	case V_FLOAT:
		json_float(out, v->f);
		return;
	case V_BOOL:
		strbuf_addstr(out, v->i ? "true" : "false");
		return;
	case V_INVALID:
		strbuf_addstr(out, "null");
		return;
	}
}

static void print_results(const struct jsonpath *jp, const struct vec *r, struct strbuf *out,
			  size_t start)
{
	if (jp->output_json) {
		/* MarshalIndent([]interface{}{...}, "", "    ") + "\n" */
		if (!r->n) {
			strbuf_addstr(out, "[]\n");
			return;
		}
		strbuf_addch(out, '[');
		for (size_t i = 0; i < r->n; i++) {
			strbuf_addstr(out, i ? ",\n    " : "\n    ");
			struct strbuf t = STRBUF_INIT;
			v_marshal(jp, &r->v[i], &t, "    ");
			for (size_t k = 0; k < t.len; k++) {
				strbuf_addch(out, t.buf[k]);
				if (t.buf[k] == '\n')
					strbuf_addstr(out, "    ");
			}
			strbuf_release(&t);
		}
		strbuf_addstr(out, "\n]\n");
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct val *v = &r->v[i];
		if (out->len - start > jp->max_output)
			return;
		enum gokind k = v_kind(jp, v);
		if (k == K_MAP || k == K_SLICE)
			go_marshal(out, v->j, jp->flags, NULL);
		else
			v_text(jp, v, out, 0);
		if (i + 1 != r->n)
			strbuf_addch(out, ' ');
	}
}

static int run(struct jsonpath *jp, const json_t *data, struct rlist *full, struct kc_err *err)
{
	jp->work = 0;
	jp->range_depth = 0;
	return find_results(jp, vjson(data), full, err);
}

int jsonpath_execute(struct jsonpath *jp, const json_t *data, struct strbuf *out,
		     struct kc_err *err)
{
	struct rlist full = { 0 };
	if (run(jp, data, &full, err))
		return -1;
	size_t start = out->len;
	int rc = 0;
	for (size_t i = 0; i < full.n; i++) {
		print_results(jp, &full.s[i], out, start);
		if (out->len - start > jp->max_output) {
			strbuf_setlen(out, start);
			rc = kc_err_set(err, "jsonpath output too large");
			break;
		}
	}
	rlist_free(&full);
	return rc;
}

void jsonpath_set_limits(struct jsonpath *jp, unsigned long long max_work,
			 unsigned long long max_output)
{
	jp->max_work = max_work ? max_work : MAX_WORK;
	jp->max_output = max_output ? max_output : MAX_OUTPUT;
}

static void escape_terminal(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\x1b')
			strbuf_addstr(out, "^[");
		else if (s[i] == '\r')
			strbuf_addstr(out, "\\r");
		else
			strbuf_addch(out, s[i]);
	}
}

int jsonpath_column_text(struct jsonpath *jp, const json_t *data, struct strbuf *cell,
			 struct kc_err *err)
{
	struct rlist full = { 0 };
	if (run(jp, data, &full, err))
		return -1;
	int first = 1;
	if (!full.n || !full.s[0].n)
		strbuf_addstr(cell, "<none>"), first = 0;
	for (size_t i = 0; i < full.n; i++) {
		for (size_t k = 0; k < full.s[i].n; k++) {
			if (!first)
				strbuf_addch(cell, ',');
			first = 0;
			struct strbuf t = STRBUF_INIT;
			v_text(jp, &full.s[i].v[k], &t, 1);
			escape_terminal(cell, t.buf, t.len);
			strbuf_release(&t);
			if (cell->len > jp->max_output) {
				rlist_free(&full);
				return kc_err_set(err, "jsonpath output too large");
			}
		}
	}
	rlist_free(&full);
	return 0;
}

/* ---------------------------------------------------------------- kubectl printer */

struct jsonpath *kubectl_jsonpath_new(const char *tmpl, int allow_missing, unsigned flags,
				      struct kc_err *err)
{
	if (!*tmpl) {
		kc_err_set(err, "template format specified but no template given");
		return NULL;
	}
	struct kc_err perr = KC_ERR_INIT;
	struct jsonpath *jp = jsonpath_parse("out", tmpl, &perr);
	if (!jp) {
		kc_err_set(err, "error parsing jsonpath %s, %s", tmpl, perr.msg.buf);
		kc_err_release(&perr);
		return NULL;
	}
	jp->raw = xstrdup(tmpl);
	jsonpath_set_allow_missing_keys(jp, allow_missing);
	jsonpath_set_flags(jp, flags);
	return jp;
}

int kubectl_jsonpath_print(struct jsonpath *jp, const json_t *obj, struct strbuf *out,
			   struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	if (!jsonpath_execute(jp, obj, out, &e))
		return 0;
	struct strbuf m = STRBUF_INIT;
	strbuf_addstr(&m, "error executing jsonpath ");
	go_quote(&m, jp->raw ? jp->raw : "", jp->raw ? strlen(jp->raw) : 0);
	strbuf_addf(&m, ": Error executing template: %s. Printing more information for "
		    "debugging the template:\n\ttemplate was:\n\t\t%s\n\tobject given to "
		    "jsonpath engine was:\n\t\t", e.msg.buf, jp->raw ? jp->raw : "");
	go_print(&m, obj, jp->flags, 1);
	strbuf_addstr(&m, "\n\n\n");
	kc_err_set(err, "%s", m.buf);
	strbuf_release(&m);
	kc_err_release(&e);
	return -1;
}
