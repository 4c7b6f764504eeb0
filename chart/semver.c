/* Masterminds/semver v3 (as Helm links it): NewVersion's loose versions and
 * constraint checks, for chart version validation, dependency version matching
 * and kubeVersion. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "chart/internal.h"
#include "util/strbuf.h"

static int all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* dot-separated identifiers of [0-9A-Za-z-]+ */
static int idents_ok(const char *s, size_t n, int check_zero)
{
	size_t st = 0;
	if (!n)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (i == st)
				return 0;
			if (check_zero && all_digits(s + st, i - st) && i - st > 1 && s[st] == '0')
				return 0;
			st = i + 1;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	}
	return 1;
}

static int parse_u64(const char *s, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (~0ULL - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* wild: 1 allows x, X and star parts (constraints); sets dirty flags. */
static int parse_ver(const char *s, size_t n, struct semver *v, int wild, int *minor_dirty,
		     int *patch_dirty, int *major_dirty)
{
	memset(v, 0, sizeof(*v));
	size_t i = 0;
	if (i < n && s[i] == 'v')
		i++;
	unsigned long long parts[3] = { 0, 0, 0 };
	int have = 0;
	int dirty[3] = { 0, 0, 0 };
	while (have < 3) {
		size_t st = i;
		if (have > 0) {
			if (i >= n || s[i] != '.')
				break;
			st = ++i;
		}
		while (i < n && (isdigit((unsigned char)s[i]) ||
				 (wild && (s[i] == 'x' || s[i] == 'X' || s[i] == '*'))))
			i++;
		if (i == st)
			return -1;
		if (wild && (s[st] == 'x' || s[st] == 'X' || s[st] == '*')) {
			if (i - st != 1)
				return -1;
			dirty[have] = 1;
		} else if (!all_digits(s + st, i - st) || parse_u64(s + st, i - st, &parts[have]) < 0) {
			return -1;
		}
		have++;
	}
	if (i < n && s[i] == '-') {
		size_t st = ++i;
		while (i < n && s[i] != '+')
			i++;
		if (!idents_ok(s + st, i - st, 1))
			return -1;
		if (i - st >= sizeof(v->pre))
			return -1;
		memcpy(v->pre, s + st, i - st);
		v->pre[i - st] = 0;
	}
	if (i < n && s[i] == '+') {
		size_t st = ++i;
		i = n;
		if (!idents_ok(s + st, i - st, 0))
			return -1;
	}
	if (i != n)
		return -1;
	v->major = parts[0];
	v->minor = parts[1];
	v->patch = parts[2];
	if (wild) {
		*major_dirty = dirty[0];
		*minor_dirty = dirty[0] || dirty[1] || have < 2;
		*patch_dirty = !*minor_dirty && (dirty[2] || have < 3);
	}
	return 0;
}

int chart_semver_parse(const char *s, struct semver *v)
{
	return parse_ver(s, strlen(s), v, 0, NULL, NULL, NULL);
}

static int cmp_u(unsigned long long a, unsigned long long b)
{
	return a < b ? -1 : a > b;
}

static int cmp_pre(const char *a, const char *b)
{
	if (!*a && !*b)
		return 0;
	if (!*a)
		return 1;
	if (!*b)
		return -1;
	for (;;) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		int na = all_digits(a, la), nb = all_digits(b, lb);
		int c;
		if (na && nb) {
			unsigned long long x = 0, y = 0;
			parse_u64(a, la, &x);
			parse_u64(b, lb, &y);
			c = cmp_u(x, y);
		} else if (na) {
			c = -1;
		} else if (nb) {
			c = 1;
		} else {
			size_t m = la < lb ? la : lb;
			c = memcmp(a, b, m);
			c = c ? (c < 0 ? -1 : 1) : cmp_u(la, lb);
		}
		if (c)
			return c;
		a += la;
		b += lb;
		if (!*a && !*b)
			return 0;
		if (!*a)
			return -1;
		if (!*b)
			return 1;
		a++;
		b++;
	}
}

int chart_semver_cmp(const struct semver *a, const struct semver *b)
{
	int c = cmp_u(a->major, b->major);
	if (!c)
		c = cmp_u(a->minor, b->minor);
	if (!c)
		c = cmp_u(a->patch, b->patch);
	if (!c)
		c = cmp_pre(a->pre, b->pre);
	return c;
}

struct con {
	char op[3];
	struct semver v;
	int dirty, minor_dirty, patch_dirty, major_dirty;
};

static int tilde(const struct semver *v, const struct con *c)
{
	if (chart_semver_cmp(v, &c->v) < 0)
		return 0;
	if (c->v.major == 0 && c->v.minor == 0 && c->v.patch == 0 && !c->minor_dirty &&
	    !c->patch_dirty)
		return 1;
	if (v->major != c->v.major)
		return 0;
	if (v->minor != c->v.minor && !c->minor_dirty)
		return 0;
	return 1;
}

static int con_check(const struct semver *v, const struct con *c)
{
	const char *op = c->op;
	if (*v->pre && !*c->v.pre && strcmp(op, "!=") != 0)
		return 0;
	int cmp = chart_semver_cmp(v, &c->v);
	if (!*op || !strcmp(op, "=")) {
		if (c->major_dirty)
			return 1;
		return c->dirty ? tilde(v, c) : cmp == 0;
	}
	if (!strcmp(op, "!=")) {
		if (c->dirty) {
			if (*v->pre && !*c->v.pre)
				return 0;
			if (c->major_dirty)
				return 0;
			if (c->minor_dirty)
				return v->major != c->v.major;
			return !(v->major == c->v.major && v->minor == c->v.minor);
		}
		return cmp != 0;
	}
	if (!strcmp(op, ">")) {
		if (!c->dirty)
			return cmp > 0;
		if (v->major != c->v.major)
			return v->major > c->v.major;
		if (c->minor_dirty)
			return 0;
		return v->minor > c->v.minor;
	}
	if (!strcmp(op, "<")) {
		if (!c->dirty)
			return cmp < 0;
		return cmp < 0;
	}
	if (!strcmp(op, ">=") || !strcmp(op, "=>"))
		return cmp >= 0;
	if (!strcmp(op, "<=") || !strcmp(op, "=<")) {
		if (!c->dirty)
			return cmp <= 0;
		if (v->major != c->v.major)
			return v->major < c->v.major;
		if (c->minor_dirty)
			return 1;
		return v->minor <= c->v.minor;
	}
	if (!strcmp(op, "~") || !strcmp(op, "~>"))
		return tilde(v, c);
	if (!strcmp(op, "^")) {
		if (cmp < 0)
			return 0;
		if (c->v.major > 0 || c->minor_dirty)
			return v->major == c->v.major;
		if (c->v.minor > 0 || c->patch_dirty)
			return v->major == 0 && v->minor == c->v.minor;
		return v->major == 0 && v->minor == 0 && v->patch == c->v.patch;
	}
	return 0;
}

static int is_opch(char ch)
{
	return ch == '=' || ch == '!' || ch == '<' || ch == '>' || ch == '~' || ch == '^';
}

/* One AND group; -1 = improper constraint. */
static int check_group(const char *s, size_t n, const struct semver *v)
{
	/* hyphen range "A - B" */
	for (size_t i = 0; i + 2 < n; i++) {
		if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') {
			char *buf = xasprintf(">= %.*s, <= %.*s", (int)i, s, (int)(n - i - 3), s + i + 3);
			int r = check_group(buf, strlen(buf), v);
			free(buf);
			return r;
		}
	}
	size_t i = 0;
	int result = 1, any = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		struct con c;
		memset(&c, 0, sizeof(c));
		size_t st = i;
		while (i < n && is_opch(s[i]) && i - st < 2)
			i++;
		memcpy(c.op, s + st, i - st);
		static const char *const ops[] = { "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^" };
		int okop = 0;
		for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
			if (!strcmp(c.op, ops[k]))
				okop = 1;
		if (!okop)
			return -1;
		while (i < n && s[i] == ' ')
			i++;
		st = i;
		while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '\t')
			i++;
		if (i == st)
			return -1;
		if (parse_ver(s + st, i - st, &c.v, 1, &c.minor_dirty, &c.patch_dirty, &c.major_dirty) < 0)
			return -1;
		c.dirty = c.minor_dirty || c.patch_dirty || c.major_dirty;
		any = 1;
		if (!con_check(v, &c))
			result = 0;
	}
	if (!any) /* NewConstraint rejects an empty constraint */
		return -1;
	return result;
}

int chart_semver_check(const char *constraint, const char *version)
{
	struct semver v;
	if (chart_semver_parse(version, &v) < 0)
		return 0;
	int matched = 0;
	const char *p = constraint;
	for (;;) {
		const char *bar = strstr(p, "||");
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		/* trim */
		const char *q = p;
		while (n && (*q == ' ' || *q == '\t')) {
			q++;
			n--;
		}
		while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
			n--;
		int r = check_group(q, n, &v);
		if (r < 0)
			return 0; /* improper constraint: IsCompatibleRange is false */
		if (r)
			matched = 1;
		if (!bar)
			break;
		p = bar + 2;
	}
	return matched;
}
