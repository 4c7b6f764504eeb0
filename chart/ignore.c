/* .helmignore rules (Helm's pkg/ignore) and Go's path/filepath.Match. */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>

#include "util/file.h"

/* Go's utf8.DecodeRuneInString, returning width via *n (invalid: 0xFFFD, 1). */
static int dec_rune(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	*n = 1;
	if (!len)
		return 0xFFFD;
	if (u[0] < 0x80)
		return u[0];
	int need;
	unsigned r, min;
	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		need = 1, r = u[0] & 0x1F, min = 0x80;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF)
		need = 2, r = u[0] & 0x0F, min = 0x800;
	else if (u[0] >= 0xF0 && u[0] <= 0xF4)
		need = 3, r = u[0] & 0x07, min = 0x10000;
	else
		return 0xFFFD;
	if ((size_t)need >= len)
		return 0xFFFD;
	for (int i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		r = (r << 6) | (u[i] & 0x3F);
	}
	if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		return 0xFFFD;
	*n = (size_t)need + 1;
	return (int)r;
}

static void scan_chunk(const char **pat, size_t *plen, int *star, const char **chunk, size_t *clen)
{
	const char *p = *pat;
	size_t n = *plen, i;
	*star = 0;
	while (n && *p == '*') {
		p++;
		n--;
		*star = 1;
	}
	int inrange = 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '\\') {
			if (i + 1 < n)
				i++;
		} else if (p[i] == '[') {
			inrange = 1;
		} else if (p[i] == ']') {
			inrange = 0;
		} else if (p[i] == '*' && !inrange) {
			break;
		}
	}
	*chunk = p;
	*clen = i;
	*pat = p + i;
	*plen = n - i;
}

/* -1 bad pattern */
static int get_esc(const char **c, size_t *cl, int *r)
{
	const char *p = *c;
	size_t n = *cl;
	if (!n || *p == '-' || *p == ']')
		return -1;
	if (*p == '\\') {
		p++;
		n--;
		if (!n)
			return -1;
	}
	size_t w;
	int rr = dec_rune(p, n, &w);
	int bad = rr == 0xFFFD && w == 1;
	p += w;
	n -= w;
	if (!n)
		bad = 1;
	*r = rr;
	*c = p;
	*cl = n;
	return bad ? -1 : 0;
}

/* matchChunk: 1 ok (*rest set), 0 no match, -1 bad pattern */
static int match_chunk(const char *chunk, size_t cl, const char *s, size_t sl, const char **rest,
		       size_t *rl)
{
	int failed = 0;
	while (cl) {
		if (!failed && !sl)
			failed = 1;
		if (*chunk == '[') {
			int r = 0;
			if (!failed) {
				size_t w;
				r = dec_rune(s, sl, &w);
				s += w;
				sl -= w;
			}
			chunk++;
			cl--;
			int negated = 0;
			if (cl && *chunk == '^') {
				negated = 1;
				chunk++;
				cl--;
			}
			int match = 0, nrange = 0;
			for (;;) {
				if (cl && *chunk == ']' && nrange > 0) {
					chunk++;
					cl--;
					break;
				}
				int lo, hi;
				if (get_esc(&chunk, &cl, &lo) < 0)
					return -1;
				hi = lo;
				if (*chunk == '-') {
					chunk++;
					cl--;
					if (get_esc(&chunk, &cl, &hi) < 0)
						return -1;
				}
				if (lo <= r && r <= hi)
					match = 1;
				nrange++;
			}
			if (match == negated)
				failed = 1;
		} else if (*chunk == '?') {
			if (!failed) {
				if (*s == '/')
					failed = 1;
				size_t w;
				dec_rune(s, sl, &w);
				s += w;
				sl -= w;
			}
			chunk++;
			cl--;
		} else {
			if (*chunk == '\\') {
				chunk++;
				cl--;
				if (!cl)
					return -1;
			}
			if (!failed) {
				if (*chunk != *s)
					failed = 1;
				s++;
				sl--;
			}
			chunk++;
			cl--;
		}
	}
	if (failed)
		return 0;
	*rest = s;
	*rl = sl;
	return 1;
}

int chart_path_match(const char *pattern, const char *name)
{
	const char *pat = pattern, *nm = name;
	size_t pl = strlen(pattern), nl = strlen(name);
	while (pl) {
		int star;
		const char *chunk;
		size_t cl;
		scan_chunk(&pat, &pl, &star, &chunk, &cl);
		if (star && !cl)
			return memchr(nm, '/', nl) ? 0 : 1;
		const char *t;
		size_t tl;
		int rc = match_chunk(chunk, cl, nm, nl, &t, &tl);
		if (rc == 1 && (tl == 0 || pl > 0)) {
			nm = t;
			nl = tl;
			continue;
		}
		if (rc < 0)
			return -1;
		if (star) {
			int cont = 0;
			for (size_t i = 0; i < nl && nm[i] != '/'; i++) {
				rc = match_chunk(chunk, cl, nm + i + 1, nl - i - 1, &t, &tl);
				if (rc == 1) {
					if (pl == 0 && tl > 0)
						continue;
					nm = t;
					nl = tl;
					cont = 1;
					break;
				}
				if (rc < 0)
					return -1;
			}
			if (cont)
				continue;
		}
		while (pl) {
			scan_chunk(&pat, &pl, &star, &chunk, &cl);
			if (match_chunk(chunk, cl, "", 0, &t, &tl) < 0)
				return -1;
		}
		return 0;
	}
	return nl == 0;
}

struct ignore_pat {
	char *rule; /* with '!' and trailing '/' removed */
	int negate, must_dir, kind; /* kind: 0 basename, 1 path, 2 anchored ("/x") */
};

struct chart_ignore {
	struct ignore_pat *p;
	size_t n;
};

static int add_rule(struct chart_ignore *r, const char *line, size_t len, struct kc_err *err)
{
	while (len && (*line == ' ' || (*line >= '\t' && *line <= '\r'))) {
		line++;
		len--;
	}
	while (len && (line[len - 1] == ' ' || (line[len - 1] >= '\t' && line[len - 1] <= '\r')))
		len--;
	if (!len || *line == '#')
		return 0;
	char *rule = xstrndup(line, len);
	if (strstr(rule, "**")) {
		free(rule);
		return kc_err_set(err, "double-star (**) syntax is not supported");
	}
	if (strlen(rule) != len || chart_path_match(rule, "abc") < 0) {
		free(rule);
		return kc_err_set(err, "syntax error in pattern");
	}
	struct ignore_pat p = { 0 };
	char *s = rule;
	if (*s == '!') {
		p.negate = 1;
		s++;
	}
	size_t sl = strlen(s);
	if (sl && s[sl - 1] == '/') {
		p.must_dir = 1;
		s[--sl] = 0;
	}
	if (*s == '/') {
		p.kind = 2;
		s++; /* Helm trims it lazily at match time; same effect */
	} else if (strchr(s, '/')) {
		p.kind = 1;
	}
	p.rule = xstrdup(s);
	free(rule);
	r->p = xrealloc(r->p, (r->n + 1) * sizeof(*r->p));
	r->p[r->n++] = p;
	return 0;
}

struct chart_ignore *chart_ignore_parse(const char *buf, size_t len, struct kc_err *err)
{
	struct chart_ignore *r = xcalloc(1, sizeof(*r));
	size_t i = 0;
	int first = 1;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len;
		const char *line = buf + i;
		size_t ll = e - i;
		if (ll && line[ll - 1] == '\r') /* bufio.ScanLines drops a trailing \r */
			ll--;
		if (first && ll >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
			line += 3;
			ll -= 3;
		}
		first = 0;
		if (add_rule(r, line, ll, err) < 0) {
			chart_ignore_free(r);
			return NULL;
		}
		i = e + 1;
	}
	return r;
}

void chart_ignore_add_defaults(struct chart_ignore *r)
{
	add_rule(r, "templates/.?*", 13, NULL);
}

void chart_ignore_free(struct chart_ignore *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->p[i].rule);
	free(r->p);
	free(r);
}

static int pat_match(const struct ignore_pat *p, const char *path)
{
	const char *n = path;
	if (p->kind == 0) {
		/* filepath.Base */
		size_t l = strlen(path);
		while (l > 1 && path[l - 1] == '/')
			l--;
		char *b = xstrndup(path, l);
		char *slash = strrchr(b, '/');
		const char *base = slash && slash[1] ? slash + 1 : b;
		int rc = chart_path_match(p->rule, base);
		free(b);
		return rc == 1;
	}
	return chart_path_match(p->rule, n) == 1;
}

int chart_ignore_match(const struct chart_ignore *r, const char *path, int is_dir)
{
	if (!*path || !strcmp(path, ".") || !strcmp(path, "./"))
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct ignore_pat *p = &r->p[i];
		if (p->negate) {
			if (p->must_dir && !is_dir)
				return 1;
			if (!pat_match(p, path))
				return 1;
			continue;
		}
		if (p->must_dir && !is_dir)
			continue;
		if (pat_match(p, path))
			return 1;
	}
	return 0;
}
