/* gobwas/glob with '/' as separator — what .Files.Glob matches with:
 * `*` any run without '/', `**` any run, `?` one rune but '/', `[..]` / `[!..]`
 * classes with ranges, `{a,b}` alternatives (an unclosed `{` closes at the end),
 * `\` escapes. A pattern that does not compile (an unclosed or empty `[`)
 * makes Helm fall back to `**`. */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>

enum gk { G_LIT, G_STAR, G_SUPER, G_ONE, G_CLASS, G_ALT };

struct gseq;
struct gnode {
	enum gk k;
	int r;                 /* G_LIT: rune */
	int neg;               /* G_CLASS */
	int *lo, *hi;          /* G_CLASS ranges */
	size_t nr;
	struct gseq **alts;    /* G_ALT */
	size_t nalts;
};
struct gseq {
	struct gnode *v;
	size_t n;
};

static int rune_at(const char *s, size_t len, size_t *w)
{
	const unsigned char *u = (const unsigned char *)s;
	*w = 1;
	if (!len)
		return -1;
	if (u[0] < 0x80)
		return u[0];
	int need = u[0] >= 0xF0 ? 3 : u[0] >= 0xE0 ? 2 : u[0] >= 0xC0 ? 1 : 0;
	if (!need || (size_t)need >= len)
		return 0xFFFD;
	int r = u[0] & (0x3F >> need);
	for (int i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		r = (r << 6) | (u[i] & 0x3F);
	}
	*w = (size_t)need + 1;
	return r;
}

static void seq_free(struct gseq *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].lo);
		free(q->v[i].hi);
		for (size_t k = 0; k < q->v[i].nalts; k++)
			seq_free(q->v[i].alts[k]);
		free(q->v[i].alts);
	}
	free(q->v);
	free(q);
}

static void push(struct gseq *q, struct gnode nd)
{
	q->v = xrealloc(q->v, (q->n + 1) * sizeof(*q->v));
	q->v[q->n++] = nd;
}

/* stops at end, or in terms at ',' / '}' (not consumed); NULL on error */
static struct gseq *parse_seq(const char *p, size_t len, size_t *i, int in_terms, int depth)
{
	struct gseq *q = xcalloc(1, sizeof(*q));
	if (depth > 64)
		goto fail;
	while (*i < len) {
		char c = p[*i];
		struct gnode nd;
		memset(&nd, 0, sizeof(nd));
		if (in_terms && (c == ',' || c == '}'))
			break;
		if (c == '\\' && *i + 1 < len) {
			size_t w;
			(*i)++;
			nd.k = G_LIT;
			nd.r = rune_at(p + *i, len - *i, &w);
			*i += w;
		} else if (c == '*') {
			(*i)++;
			nd.k = G_STAR;
			if (*i < len && p[*i] == '*') {
				(*i)++;
				nd.k = G_SUPER;
			}
		} else if (c == '?') {
			(*i)++;
			nd.k = G_ONE;
		} else if (c == '[') {
			(*i)++;
			nd.k = G_CLASS;
			if (*i < len && p[*i] == '!') {
				nd.neg = 1;
				(*i)++;
			}
			while (*i < len && p[*i] != ']') {
				size_t w;
				int lo = rune_at(p + *i, len - *i, &w), hi = lo;
				*i += w;
				if (*i + 1 < len && p[*i] == '-' && p[*i + 1] != ']') {
					(*i)++;
					hi = rune_at(p + *i, len - *i, &w);
					*i += w;
				}
				nd.lo = xrealloc(nd.lo, (nd.nr + 1) * sizeof(int));
				nd.hi = xrealloc(nd.hi, (nd.nr + 1) * sizeof(int));
				nd.lo[nd.nr] = lo;
				nd.hi[nd.nr] = hi;
				nd.nr++;
			}
			if (*i >= len || !nd.nr) {
				free(nd.lo);
				free(nd.hi);
				goto fail;
			}
			(*i)++; /* ']' */
		} else if (c == '{') {
			(*i)++;
			nd.k = G_ALT;
			for (;;) {
				struct gseq *alt = parse_seq(p, len, i, 1, depth + 1);
				if (!alt) {
					for (size_t k = 0; k < nd.nalts; k++)
						seq_free(nd.alts[k]);
					free(nd.alts);
					goto fail;
				}
				nd.alts = xrealloc(nd.alts, (nd.nalts + 1) * sizeof(*nd.alts));
				nd.alts[nd.nalts++] = alt;
				if (*i < len && p[*i] == ',') {
					(*i)++;
					continue;
				}
				if (*i < len && p[*i] == '}')
					(*i)++;
				break;
			}
		} else {
			size_t w;
			nd.k = G_LIT;
			nd.r = rune_at(p + *i, len - *i, &w);
			*i += w;
		}
		push(q, nd);
	}
	return q;
fail:
	seq_free(q);
	return NULL;
}

struct cont {
	const struct gseq *q;
	size_t idx;
	const struct cont *next;
};

static int match_seq(const struct gseq *q, size_t idx, const char *s, size_t len, size_t pos,
		     const struct cont *k, int *budget)
{
	if (--*budget < 0)
		return 0;
	if (idx == q->n) {
		if (!k)
			return pos == len;
		return match_seq(k->q, k->idx, s, len, pos, k->next, budget);
	}
	const struct gnode *nd = &q->v[idx];
	size_t w;
	switch (nd->k) {
	case G_LIT: {
		int r = rune_at(s + pos, len - pos, &w);
		return pos < len && r == nd->r && match_seq(q, idx + 1, s, len, pos + w, k, budget);
	}
	case G_ONE: {
		if (pos >= len || s[pos] == '/')
			return 0;
		rune_at(s + pos, len - pos, &w);
		return match_seq(q, idx + 1, s, len, pos + w, k, budget);
	}
	case G_CLASS: {
		if (pos >= len)
			return 0;
		int r = rune_at(s + pos, len - pos, &w), in = 0;
		for (size_t i = 0; i < nd->nr; i++)
			if (r >= nd->lo[i] && r <= nd->hi[i])
				in = 1;
		return in != nd->neg && match_seq(q, idx + 1, s, len, pos + w, k, budget);
	}
	case G_STAR:
	case G_SUPER:
		for (size_t e = pos;; e++) {
			if (match_seq(q, idx + 1, s, len, e, k, budget))
				return 1;
			if (e >= len || (nd->k == G_STAR && s[e] == '/'))
				return 0;
		}
	case G_ALT: {
		struct cont next = { q, idx + 1, k };
		for (size_t i = 0; i < nd->nalts; i++)
			if (match_seq(nd->alts[i], 0, s, len, pos, &next, budget))
				return 1;
		return 0;
	}
	}
	return 0;
}

int chart_glob_match(const char *pattern, const char *name)
{
	size_t i = 0, len = strlen(pattern);
	struct gseq *q = parse_seq(pattern, len, &i, 0, 0);
	if (!q)
		return -1;
	int budget = 1000000; /* pathological patterns give up (no match) */
	int m = match_seq(q, 0, name, strlen(name), 0, NULL, &budget);
	seq_free(q);
	return m;
}
