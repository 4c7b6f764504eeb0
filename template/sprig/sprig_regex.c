/* sprig_regex.c: Go's regexp (RE2 syntax) on PCRE2 for Sprig's regex functions.
 * The pattern is checked against RE2's grammar first — what RE2 rejects fails with
 * Go's "error parsing regexp: …" text — and translated where the dialects differ
 * (\s without \v, literal braces, $ only at the end). Matching iterates like Go's
 * FindAll/ReplaceAll/Split (no empty match right after a match), and replacement
 * templates expand $1 / ${name} as Regexp.Expand does. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

struct re {
	pcre2_code *code;
	char **names; /* per group index (1..ngroups), NULL when unnamed */
	int ngroups;
};

static void re_free(struct re *r)
{
	if (r->code)
		pcre2_code_free(r->code);
	for (int i = 0; i <= r->ngroups; i++)
		free(r->names ? r->names[i] : NULL);
	free(r->names);
}

static int perr(struct strbuf *e, const char *code, const char *arg, size_t n)
{
	strbuf_addf(e, "error parsing regexp: %s: `", code);
	strbuf_add(e, arg, n);
	strbuf_addch(e, '`');
	return -1;
}

static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Parses a Go repeat {n}, {n,}, {n,m} at p; returns its length or 0 (literal). */
static size_t repeat_len(const char *p, const char *end, int *lo, int *hi)
{
	const char *q = p + 1;
	long a = -1, b = -2;
	if (q >= end || *q < '0' || *q > '9')
		return 0;
	a = 0;
	while (q < end && *q >= '0' && *q <= '9') {
		if (a < 100000)
			a = a * 10 + (*q - '0');
		q++;
	}
	if (q < end && *q == ',') {
		q++;
		if (q < end && *q >= '0' && *q <= '9') {
			b = 0;
			while (q < end && *q >= '0' && *q <= '9') {
				if (b < 100000)
					b = b * 10 + (*q - '0');
				q++;
			}
		} else {
			b = -1;
		}
	} else {
		b = a;
	}
	if (q >= end || *q != '}')
		return 0;
	*lo = (int)a;
	*hi = (int)b;
	return (size_t)(q - p + 1);
}

static const char *const posix_classes[] = {"alnum", "alpha", "ascii", "blank", "cntrl", "digit",
					    "graph", "lower", "print", "punct", "space", "upper",
					    "word", "xdigit", NULL};

/* An escape at p (p[0] == '\\'); appends the PCRE form; returns bytes consumed or 0
 * after setting the error. in_class: inside [...]. */
static size_t escape(const char *p, const char *end, struct strbuf *o, int in_class, struct strbuf *e)
{
	if (p + 1 >= end) {
		perr(e, "trailing backslash at end of expression", "", 0);
		return 0;
	}
	char c = p[1];
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (p + 2 >= end || p[2] < '0' || p[2] > '7') {
			perr(e, "invalid escape sequence", p, 2);
			return 0;
		}
		/* fallthrough */
	case '0': {
		size_t k = 1;
		unsigned v = 0;
		while (k < 4 && p + k < end && p[k] >= '0' && p[k] <= '7') {
			v = v * 8 + (unsigned)(p[k] - '0');
			k++;
		}
		strbuf_addf(o, "\\x{%x}", v);
		return k;
	}
	case 'x': {
		if (p + 2 >= end)
			goto bad;
		if (p[2] == '{') {
			const char *q = p + 3;
			unsigned long v = 0;
			int nd = 0;
			while (q < end && strchr("0123456789abcdefABCDEF", *q) && *q) {
				v = v * 16 + (unsigned long)(*q <= '9' ? *q - '0' : (*q | 0x20) - 'a' + 10);
				if (v > 0x10FFFF)
					break;
				q++;
				nd++;
			}
			if (q >= end || *q != '}' || nd == 0 || v > 0x10FFFF) {
				const char *stop = q < end ? q + 1 : end;
				perr(e, "invalid escape sequence", p, (size_t)(stop - p));
				return 0;
			}
			strbuf_addf(o, "\\x{%lx}", v);
			return (size_t)(q - p + 1);
		}
		if (p + 3 >= end || !strchr("0123456789abcdefABCDEF", p[2]) || !p[2] ||
		    !strchr("0123456789abcdefABCDEF", p[3]) || !p[3]) {
			size_t n = p + 4 <= end ? 4 : (size_t)(end - p);
			perr(e, "invalid escape sequence", p, n);
			return 0;
		}
		strbuf_add(o, p, 4);
		return 4;
	}
	case 'a': strbuf_addstr(o, "\\x07"); return 2;
	case 'f': case 't': case 'n': case 'r': case 'v':
		strbuf_add(o, p, 2);
		return 2;
	case 'd': case 'D': case 'w': case 'W':
		strbuf_add(o, p, 2);
		return 2;
	case 's':
		strbuf_addstr(o, in_class ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
		return 2;
	case 'S':
		strbuf_addstr(o, in_class ? "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\x{10ffff}" : "[^\\t\\n\\f\\r ]");
		return 2;
	case 'b': case 'B': case 'A': case 'z':
		if (in_class)
			goto bad;
		strbuf_add(o, p, 2);
		return 2;
	case 'p': case 'P': {
		if (p + 2 >= end)
			goto bad;
		if (p[2] == '{') {
			const char *q = memchr(p + 3, '}', (size_t)(end - p - 3));
			if (!q) {
				perr(e, "invalid character class range", p, (size_t)(end - p));
				return 0;
			}
			strbuf_add(o, p, (size_t)(q - p + 1));
			return (size_t)(q - p + 1);
		}
		strbuf_add(o, p, 3);
		return 3;
	}
	default:
		if ((unsigned char)c < 0x80 && !is_word(c)) {
			strbuf_add(o, p, 2);
			return 2;
		}
	}
bad:
	{
		uint32_t r;
		size_t w = utf8_dec(p + 1, (size_t)(end - p - 1), &r);
		perr(e, "invalid escape sequence", p, 1 + w);
	}
	return 0;
}

/* [...] class at p; returns bytes consumed or 0 with error. */
static size_t char_class(const char *p, const char *end, struct strbuf *o, struct strbuf *e)
{
	const char *q = p + 1;
	strbuf_addch(o, '[');
	if (q < end && *q == '^') {
		strbuf_addch(o, '^');
		q++;
	}
	int first = 1;
	uint32_t prev_lo = 0;
	int have_prev = 0;
	const char *prev_start = NULL;
	while (q < end && (*q != ']' || first)) {
		first = 0;
		if (*q == '[' && q + 1 < end && q[1] == ':') {
			const char *c2 = strstr(q + 2, ":]");
			if (c2 && c2 < end) {
				size_t n = (size_t)(c2 - (q + 2));
				const char *nm = q + 2;
				if (*nm == '^') {
					nm++;
					n--;
				}
				int ok = 0;
				for (int i = 0; posix_classes[i]; i++)
					if (strlen(posix_classes[i]) == n && !memcmp(posix_classes[i], nm, n))
						ok = 1;
				if (!ok) {
					perr(e, "invalid character class range", q, (size_t)(c2 + 2 - q));
					return 0;
				}
				strbuf_add(o, q, (size_t)(c2 + 2 - q));
				q = c2 + 2;
				have_prev = 0;
				continue;
			}
		}
		/* one item: a rune or an escape, maybe a range */
		const char *st = q;
		uint32_t lo;
		int lo_is_rune = 1;
		struct strbuf item = STRBUF_INIT;
		if (*q == '\\') {
			size_t k = escape(q, end, &item, 1, e);
			if (!k) {
				strbuf_release(&item);
				return 0;
			}
			char c = q[1];
			if (strchr("dDwWsSpP", c))
				lo_is_rune = 0;
			lo = (unsigned char)c;
			if (c == 'n') lo = '\n';
			else if (c == 't') lo = '\t';
			else if (c == 'r') lo = '\r';
			else if (c == 'f') lo = '\f';
			else if (c == 'v') lo = '\v';
			else if (c == 'a') lo = 7;
			else if (c == 'x' || (c >= '0' && c <= '7')) {
				const char *h = strstr(item.buf, "x{");
				lo = h ? (uint32_t)strtoul(h + 2, NULL, 16) : (uint32_t)strtoul(item.buf + 2, NULL, 16);
			}
			q += k;
		} else {
			size_t w = utf8_dec(q, (size_t)(end - q), &lo);
			if (lo == '-' && have_prev && q + 1 < end && q[1] != ']') {
				/* range */
				const char *hs = q + 1;
				uint32_t hi;
				size_t hw;
				struct strbuf hitem = STRBUF_INIT;
				if (*hs == '\\' && hs + 1 < end && hs[1] && strchr("dDwWsSpP", hs[1])) {
					/* a range bound must be a single character */
					strbuf_release(&hitem);
					strbuf_release(&item);
					perr(e, "invalid escape sequence", hs, 2);
					return 0;
				}
				if (*hs == '\\') {
					hw = escape(hs, end, &hitem, 1, e);
					if (!hw) {
						strbuf_release(&hitem);
						strbuf_release(&item);
						return 0;
					}
					char c = hs[1];
					hi = (unsigned char)c;
					if (c == 'x' || (c >= '0' && c <= '7')) {
						const char *h = strstr(hitem.buf, "x{");
						hi = h ? (uint32_t)strtoul(h + 2, NULL, 16)
						       : (uint32_t)strtoul(hitem.buf + 2, NULL, 16);
					}
				} else {
					hw = utf8_dec(hs, (size_t)(end - hs), &hi);
					strbuf_add(&hitem, hs, hw);
				}
				if (hi < prev_lo) {
					perr(e, "invalid character class range", prev_start,
					     (size_t)(hs + hw - prev_start));
					strbuf_release(&hitem);
					strbuf_release(&item);
					return 0;
				}
				strbuf_addch(o, '-');
				strbuf_addbuf(o, &hitem);
				strbuf_release(&hitem);
				strbuf_release(&item);
				q = hs + hw;
				have_prev = 0;
				continue;
			}
			if (strchr("[]^-\\:", (int)lo) && lo)
				strbuf_addch(&item, '\\');
			strbuf_add(&item, q, w);
			q += w;
		}
		strbuf_addbuf(o, &item);
		strbuf_release(&item);
		have_prev = lo_is_rune;
		prev_lo = lo;
		prev_start = st;
	}
	if (q >= end) {
		perr(e, "missing closing ]", p, (size_t)(end - p));
		return 0;
	}
	strbuf_addch(o, ']');
	return (size_t)(q - p + 1);
}

/* Translates Go's pattern to PCRE2; 0 / -1 with Go's error text. */
static int translate(const char *pat, size_t n, struct strbuf *o, struct strbuf *e, struct re *re)
{
	const char *p = pat, *end = pat + n;
	int depth = 0;
	int can_repeat = 0; /* last item can take a repetition operator */
	int last_was_repeat = 0;
	const char *last_rep = NULL;
	/* validate UTF-8 */
	for (size_t i = 0; i < n;) {
		uint32_t r;
		size_t w = utf8_dec(pat + i, n - i, &r);
		if (r == 0xFFFD && w == 1 && !((unsigned char)pat[i] == 0xEF)) {
			return perr(e, "invalid UTF-8", pat + i, n - i);
		}
		i += w;
	}
	int group = 0;
	while (p < end) {
		char c = *p;
		switch (c) {
		case '(': {
			if (p + 1 < end && p[1] == '?') {
				if (p + 2 < end && p[2] == 'P' && p + 3 < end && p[3] == '<') {
					const char *q = memchr(p + 4, '>', (size_t)(end - p - 4));
					if (!q)
						return perr(e, "invalid named capture", p, (size_t)(end - p));
					const char *nm = p + 4;
					if (q == nm)
						return perr(e, "invalid named capture", p, (size_t)(q - p + 1));
					for (const char *k = nm; k < q; k++)
						if (!is_word(*k))
							return perr(e, "invalid named capture", p, (size_t)(q - p + 1));
					/* Go 1.19 (helmref) accepts duplicate names; Expand uses the first */
					group++;
					re->names = xrealloc(re->names, (size_t)(group + 1) * sizeof(char *));
					re->names[0] = NULL;
					re->names[group] = xstrndup(nm, (size_t)(q - nm));
					re->ngroups = group; /* re_free frees what an error leaves */
					strbuf_add(o, p, (size_t)(q - p + 1));
					p = q + 1;
					depth++;
					can_repeat = 0;
					last_was_repeat = 0;
					continue;
				}
				/* flags: (?flags) or (?flags:...) */
				const char *q = p + 2;
				int neg = 0, nflags = 0;
				while (q < end && (strchr("imsU", *q) && *q)) {
					q++;
					nflags++;
				}
				if (q < end && *q == '-') {
					neg = 1;
					q++;
					int nn = 0;
					while (q < end && (strchr("imsU", *q) && *q)) {
						q++;
						nn++;
					}
					if (!nn)
						goto badflags;
				}
				if (q < end && (*q == ')' || *q == ':') && (nflags || neg)) {
					strbuf_add(o, p, (size_t)(q - p + 1));
					can_repeat = 0;
					if (*q == ':')
						depth++;
					p = q + 1;
					last_was_repeat = 0;
					if (*(q) == ':')
						re->names = re->names; /* non-capturing */
					continue;
				}
				if (q < end && *q == ':' && q == p + 2) {
					strbuf_addstr(o, "(?:");
					p += 3;
					depth++;
					can_repeat = 0;
					last_was_repeat = 0;
					continue;
				}
badflags:
				{
					size_t k = (size_t)(q - p) + (q < end ? 1 : 0);
					if (q < end && !strchr("imsU-:)", *q))
						k = (size_t)(q - p) + 1;
					if (q == p + 2)
						k = p + 3 <= end ? 3 : (size_t)(end - p);
					if (q == p + 2 || (q < end && !strchr("imsU-:)", *q)))
						return perr(e, "invalid or unsupported Perl syntax", p,
							    q == p + 2 ? k : (size_t)(q - p) + 1);
					return perr(e, "missing argument to repetition operator", p, k);
				}
			}
			group++;
			re->names = xrealloc(re->names, (size_t)(group + 1) * sizeof(char *));
			re->names[0] = NULL;
			re->names[group] = NULL;
			re->ngroups = group;
			strbuf_addch(o, '(');
			p++;
			depth++;
			can_repeat = 0;
			last_was_repeat = 0;
			continue;
		}
		case ')':
			if (depth == 0)
				return perr(e, "unexpected )", pat, n);
			depth--;
			strbuf_addch(o, ')');
			p++;
			can_repeat = 1;
			last_was_repeat = 0;
			continue;
		case '|':
			strbuf_addch(o, '|');
			p++;
			can_repeat = 0;
			last_was_repeat = 0;
			continue;
		case '*': case '+': case '?': {
			size_t k = 1;
			if (p + 1 < end && p[1] == '?')
				k = 2;
			if (last_was_repeat)
				return perr(e, "invalid nested repetition operator", last_rep,
					    (size_t)(p + k - last_rep));
			if (!can_repeat)
				return perr(e, "missing argument to repetition operator", p, k);
			strbuf_add(o, p, k);
			last_rep = p;
			p += k;
			last_was_repeat = 1;
			continue;
		}
		case '{': {
			int lo, hi;
			size_t k = repeat_len(p, end, &lo, &hi);
			if (!k) {
				strbuf_addstr(o, "\\{");
				p++;
				can_repeat = 1;
				last_was_repeat = 0;
				continue;
			}
			if (p + k < end && p[k] == '?')
				k++;
			if (last_was_repeat)
				return perr(e, "invalid nested repetition operator", last_rep,
					    (size_t)(p + k - last_rep));
			if (!can_repeat)
				return perr(e, "missing argument to repetition operator", p, k);
			if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo))
				return perr(e, "invalid repeat count", p, k - (p[k - 1] == '?'));
			strbuf_add(o, p, k);
			last_rep = p;
			p += k;
			last_was_repeat = 1;
			continue;
		}
		case '[': {
			size_t k = char_class(p, end, o, e);
			if (!k)
				return -1;
			p += k;
			can_repeat = 1;
			last_was_repeat = 0;
			continue;
		}
		case '\\': {
			if (p + 1 < end && p[1] == 'Q') {
				const char *q = p + 2;
				const char *qe = NULL;
				for (const char *k = q; k + 1 < end; k++)
					if (k[0] == '\\' && k[1] == 'E') {
						qe = k;
						break;
					}
				const char *stop = qe ? qe : end;
				for (const char *k = q; k < stop; k++) {
					if (strchr("\\.+*?()|[]{}^$", *k) && *k)
						strbuf_addch(o, '\\');
					strbuf_addch(o, *k);
				}
				p = qe ? qe + 2 : end;
				can_repeat = stop > q;
				last_was_repeat = 0;
				continue;
			}
			char ec = p[1];
			int assertion = ec && strchr("bBAz", ec);
			if (assertion)
				strbuf_addstr(o, "(?:");
			size_t k = escape(p, end, o, 0, e);
			if (!k)
				return -1;
			if (assertion)
				strbuf_addch(o, ')');
			can_repeat = 1;
			p += k;
			last_was_repeat = 0;
			continue;
		}
		case '^': case '$':
			/* Go lets assertions take repetition operators; PCRE2 needs a group */
			strbuf_addstr(o, c == '^' ? "(?:^)" : "(?:$)");
			p++;
			can_repeat = 1;
			last_was_repeat = 0;
			continue;
		default: {
			uint32_t r;
			size_t w = utf8_dec(p, (size_t)(end - p), &r);
			if (c == ']' || c == '}')
				strbuf_addch(o, '\\');
			if (c == '#' || c == ' ')
				strbuf_addch(o, '\\');
			strbuf_add(o, p, w);
			p += w;
			can_repeat = 1;
			last_was_repeat = 0;
		}
		}
	}
	if (depth)
		return perr(e, "missing closing )", pat, n);
	re->ngroups = group;
	return 0;
}

/* regexp.Compile */
static int re_compile(struct re *re, const char *pat, size_t n, struct strbuf *e)
{
	memset(re, 0, sizeof(*re));
	re->names = xcalloc(1, sizeof(char *));
	struct strbuf o = STRBUF_INIT;
	if (translate(pat, n, &o, e, re)) {
		strbuf_release(&o);
		return -1;
	}
	int ec;
	PCRE2_SIZE off;
	re->code = pcre2_compile((PCRE2_SPTR)o.buf, o.len,
				 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_DUPNAMES, &ec, &off, NULL);
	strbuf_release(&o);
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		strbuf_addf(e, "error parsing regexp: %s: `", (char *)msg);
		strbuf_add(e, pat, n);
		strbuf_addch(e, '`');
		return -1;
	}
	return 0;
}

/* MustCompile's panic text */
static void must_err(struct kc_err *err, const char *pat, size_t n, const char *msg)
{
	struct strbuf q = STRBUF_INIT;
	int back = 1;
	for (size_t i = 0; i < n;) {
		uint32_t r;
		size_t w = utf8_dec(pat + i, n - i, &r);
		if ((r == 0xFFFD && w == 1) || r == '`' || r == 0xFEFF || (r < ' ' && r != '\t') || r == 0x7F)
			back = 0;
		i += w;
	}
	if (back) {
		strbuf_addch(&q, '`');
		strbuf_add(&q, pat, n);
		strbuf_addch(&q, '`');
	} else {
		go_quote(&q, pat, n);
	}
	kc_err_set(err, "regexp: Compile(%s): %s", q.buf, msg);
	strbuf_release(&q);
}

static int compile_arg(struct re *re, struct tv *pat, int must, struct kc_err *err)
{
	struct strbuf e = STRBUF_INIT;
	int r = re_compile(re, pat->u.str.s, pat->u.str.len, &e);
	if (r) {
		if (must)
			must_err(err, pat->u.str.s, pat->u.str.len, e.buf);
		else
			kc_err_set(err, "%s", e.buf);
		re_free(re);
	}
	strbuf_release(&e);
	return r;
}

/* One match at or after pos: fills ov (2*(ngroups+1)), returns 1 if found. */
static int re_exec(struct re *re, const char *s, size_t n, size_t pos, PCRE2_SIZE *ov)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, pos, 0, md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return 0;
	}
	PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);
	uint32_t cnt = pcre2_get_ovector_count(md);
	for (int i = 0; i <= re->ngroups; i++) {
		if ((uint32_t)i < cnt && i < rc) {
			ov[2 * i] = v[2 * i];
			ov[2 * i + 1] = v[2 * i + 1];
		} else {
			ov[2 * i] = ov[2 * i + 1] = PCRE2_UNSET;
		}
	}
	pcre2_match_data_free(md);
	return 1;
}

static size_t rune_width(const char *s, size_t n, size_t pos)
{
	if (pos >= n)
		return 0;
	uint32_t r;
	return utf8_dec(s + pos, n - pos, &r);
}

/* Go's allMatches: calls f(ov) for up to max matches (max < 0: all). */
typedef void (*match_cb)(void *st, const PCRE2_SIZE *ov);

static void all_matches(struct re *re, const char *s, size_t n, long long max, match_cb f, void *st)
{
	PCRE2_SIZE *ov = xmalloc(sizeof(PCRE2_SIZE) * 2 * (size_t)(re->ngroups + 1));
	size_t pos = 0;
	long long i = 0;
	long long prev_end = -1;
	if (max < 0)
		max = (long long)n + 1;
	while (i < max && pos <= n) {
		if (!re_exec(re, s, n, pos, ov))
			break;
		int accept = 1;
		if (ov[1] == pos) {
			if ((long long)ov[0] == prev_end)
				accept = 0;
			size_t w = rune_width(s, n, pos);
			pos += w ? w : 1;
		} else {
			pos = ov[1];
		}
		prev_end = (long long)ov[1];
		if (accept) {
			f(st, ov);
			i++;
		}
	}
	free(ov);
}

struct collect {
	struct tv *list;
	const char *s;
	size_t cnt;
	PCRE2_SIZE (*idx)[2];
};

static void cb_collect(void *st, const PCRE2_SIZE *ov)
{
	struct collect *c = st;
	tv_list_append_take(c->list, tv_strn(c->s + ov[0], ov[1] - ov[0]));
}

static struct tv *find_all(struct tv **argv, int must, struct kc_err *err)
{
	struct re re;
	if (compile_arg(&re, argv[0], must, err))
		return NULL;
	struct collect c = {tv_list_new(&tv_type_strlist), argv[1]->u.str.s, 0, NULL};
	if (argv[2]->u.i != 0)
		all_matches(&re, argv[1]->u.str.s, argv[1]->u.str.len, argv[2]->u.i, cb_collect, &c);
	re_free(&re);
	return c.list;
}

SF(sf_regexfindall) { return find_all(argv, 1, err); }

SF(sf_mustregexfindall) { return find_all(argv, 0, err); }

static struct tv *find_one(struct tv **argv, int must, struct kc_err *err)
{
	struct re re;
	if (compile_arg(&re, argv[0], must, err))
		return NULL;
	PCRE2_SIZE *ov = xmalloc(sizeof(PCRE2_SIZE) * 2 * (size_t)(re.ngroups + 1));
	struct tv *r;
	if (re_exec(&re, argv[1]->u.str.s, argv[1]->u.str.len, 0, ov))
		r = tv_strn(argv[1]->u.str.s + ov[0], ov[1] - ov[0]);
	else
		r = tv_str("");
	free(ov);
	re_free(&re);
	return r;
}

SF(sf_regexfind) { return find_one(argv, 1, err); }
SF(sf_mustregexfind) { return find_one(argv, 0, err); }

static struct tv *match(struct tv **argv, int must, struct kc_err *err)
{
	struct re re;
	if (compile_arg(&re, argv[0], 0, err))
		return must ? NULL : (kc_err_release(err), kc_err_init(err), tv_false());
	PCRE2_SIZE *ov = xmalloc(sizeof(PCRE2_SIZE) * 2 * (size_t)(re.ngroups + 1));
	int m = re_exec(&re, argv[1]->u.str.s, argv[1]->u.str.len, 0, ov);
	free(ov);
	re_free(&re);
	return tv_bool(m);
}

SF(sf_regexmatch) { return match(argv, 0, err); }
SF(sf_mustregexmatch) { return match(argv, 1, err); }

/* Regexp.Expand of template t for match ov. */
static void expand(struct strbuf *o, struct re *re, const char *t, size_t tn, const char *src,
		   const PCRE2_SIZE *ov)
{
	size_t i = 0;
	while (i < tn) {
		const char *d = memchr(t + i, '$', tn - i);
		if (!d) {
			strbuf_add(o, t + i, tn - i);
			return;
		}
		strbuf_add(o, t + i, (size_t)(d - (t + i)));
		i = (size_t)(d - t) + 1;
		if (i < tn && t[i] == '$') {
			strbuf_addch(o, '$');
			i++;
			continue;
		}
		/* extract */
		size_t j = i;
		int brace = 0;
		if (j < tn && t[j] == '{') {
			brace = 1;
			j++;
		}
		size_t ns = j;
		while (j < tn) {
			uint32_t r;
			size_t w = utf8_dec(t + j, tn - j, &r);
			if (!(r == '_' || go_isletter(r) || go_isdigit(r)))
				break;
			j += w;
		}
		size_t nl = j - ns;
		if (nl == 0 || (brace && (j >= tn || t[j] != '}'))) {
			strbuf_addch(o, '$');
			continue;
		}
		const char *name = t + ns;
		if (brace)
			j++;
		i = j;
		long num = 0;
		for (size_t k = 0; k < nl; k++) {
			if (name[k] < '0' || name[k] > '9' || num >= 100000000) {
				num = -1;
				break;
			}
			num = num * 10 + (name[k] - '0');
		}
		if (name[0] == '0' && nl > 1)
			num = -1;
		if (num >= 0) {
			if (num <= re->ngroups && ov[2 * num] != PCRE2_UNSET)
				strbuf_add(o, src + ov[2 * num], ov[2 * num + 1] - ov[2 * num]);
		} else {
			for (int g = 1; g <= re->ngroups; g++)
				if (re->names[g] && strlen(re->names[g]) == nl && !memcmp(re->names[g], name, nl)) {
					if (ov[2 * g] != PCRE2_UNSET)
						strbuf_add(o, src + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
					break;
				}
		}
	}
}

static struct tv *replace_all(struct tv **argv, int must, int literal, struct kc_err *err)
{
	struct re re;
	if (compile_arg(&re, argv[0], must, err))
		return NULL;
	const char *s = argv[1]->u.str.s, *rp = argv[2]->u.str.s;
	size_t n = argv[1]->u.str.len, rn = argv[2]->u.str.len;
	PCRE2_SIZE *ov = xmalloc(sizeof(PCRE2_SIZE) * 2 * (size_t)(re.ngroups + 1));
	struct strbuf o = STRBUF_INIT;
	size_t last = 0, pos = 0;
	while (pos <= n) {
		if (!re_exec(&re, s, n, pos, ov))
			break;
		strbuf_add(&o, s + last, ov[0] - last);
		if (ov[1] > last || ov[0] == 0) {
			if (literal)
				strbuf_add(&o, rp, rn);
			else
				expand(&o, &re, rp, rn, s, ov);
		}
		last = ov[1];
		size_t w = rune_width(s, n, pos);
		if (pos + w > ov[1])
			pos += w;
		else if (pos + 1 > ov[1])
			pos++;
		else
			pos = ov[1];
	}
	strbuf_add(&o, s + last, n - last);
	free(ov);
	re_free(&re);
	return tv_str_buf(&o);
}

SF(sf_regexreplaceall) { return replace_all(argv, 1, 0, err); }
SF(sf_mustregexreplaceall) { return replace_all(argv, 0, 0, err); }
SF(sf_regexreplaceallliteral) { return replace_all(argv, 1, 1, err); }
SF(sf_mustregexreplaceallliteral) { return replace_all(argv, 0, 1, err); }

struct idx {
	size_t n, cap;
	size_t (*m)[2];
};

static void cb_idx(void *st, const PCRE2_SIZE *ov)
{
	struct idx *x = st;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->m = xrealloc(x->m, x->cap * sizeof(*x->m));
	}
	x->m[x->n][0] = ov[0];
	x->m[x->n][1] = ov[1];
	x->n++;
}

static struct tv *split(struct tv **argv, int must, struct kc_err *err)
{
	struct re re;
	if (compile_arg(&re, argv[0], must, err))
		return NULL;
	const char *s = argv[1]->u.str.s;
	size_t n = argv[1]->u.str.len;
	long long max = argv[2]->u.i;
	struct tv *l = tv_list_new(&tv_type_strlist);
	if (max == 0) {
		re_free(&re);
		return l;
	}
	if (argv[0]->u.str.len > 0 && n == 0) {
		tv_list_append_take(l, tv_str(""));
		re_free(&re);
		return l;
	}
	struct idx x = {0, 0, NULL};
	all_matches(&re, s, n, max, cb_idx, &x);
	size_t beg = 0, end = 0;
	for (size_t i = 0; i < x.n; i++) {
		if (max > 0 && (long long)tv_list_len(l) == max - 1)
			break;
		end = x.m[i][0];
		if (x.m[i][1] != 0)
			tv_list_append_take(l, tv_strn(s + beg, end - beg));
		beg = x.m[i][1];
	}
	if (end != n)
		tv_list_append_take(l, tv_strn(s + beg, n - beg));
	free(x.m);
	re_free(&re);
	return l;
}

SF(sf_regexsplit) { return split(argv, 1, err); }
SF(sf_mustregexsplit) { return split(argv, 0, err); }

SF(sf_regexquotemeta)
{
	struct strbuf o = STRBUF_INIT;
	for (size_t i = 0; i < ARG_SL(0); i++) {
		char c = ARG_S(0)[i];
		if (c && strchr("\\.+*?()|[]{}^$", c))
			strbuf_addch(&o, '\\');
		strbuf_addch(&o, c);
	}
	return tv_str_buf(&o);
}
