/* semver.c: Masterminds/semver v3 version parsing and constraint checking, as
 * sprig's `semver` and `semverCompare` use them. The library parses with regular
 * expressions; the same expressions run here on PCRE2 (Go's leftmost-first
 * matching and PCRE2's backtracking agree on them), with Go's \s spelled out. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

#define WS "[\\t\\n\\f\\r ]"
#define SV_RE "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" \
	"(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" \
	"(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
#define CV_RE "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?" \
	"(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" \
	"(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
#define OPS "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^"

enum { RX_VERSION, RX_CONSTRAINT, RX_RANGE, RX_FIND, RX_VALID, RX_N };
static const char *const rx_src[RX_N] = {
	"^" SV_RE "$",
	"^" WS "*(" OPS ")" WS "*(" CV_RE ")" WS "*$",
	WS "*(" CV_RE ")" WS "+-" WS "+(" CV_RE ")" WS "*",
	"(" OPS ")" WS "*(" CV_RE ")",
	"^(" WS "*(" OPS ")" WS "*(" CV_RE ")" WS "*)((?:" WS "+|," WS "*)(" OPS ")" WS "*(" CV_RE
	")" WS "*)*$",
};
static pcre2_code *rx_code[RX_N];

static pcre2_code *rx(int which)
{
	if (!rx_code[which]) {
		int ec;
		PCRE2_SIZE off;
		rx_code[which] = pcre2_compile((PCRE2_SPTR)rx_src[which], PCRE2_ZERO_TERMINATED, 0, &ec,
					       &off, NULL);
		if (!rx_code[which])
			abort();
	}
	return rx_code[which];
}

/* Match `which` against s[start..len); fills ov (pairs, -1 for unset groups). */
static int rx_match(int which, const char *s, size_t len, size_t start, PCRE2_SIZE **ovp,
		    pcre2_match_data **mdp)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(rx(which), NULL);
	int rc = pcre2_match(rx(which), (PCRE2_SPTR)s, len, start, 0, md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return 0;
	}
	*ovp = pcre2_get_ovector_pointer(md);
	*mdp = md;
	return 1;
}

static char *group(const char *s, PCRE2_SIZE *ov, int g)
{
	if (ov[2 * g] == PCRE2_UNSET)
		return xstrdup("");
	return xstrndup(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

static int contains_only(const char *p, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!p[i] || !strchr(set, p[i]))
			return 0;
	return 1;
}

#define NUM "0123456789"
#define ALLOWED "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-" NUM

static int validate_parts(const char *s, int pre, struct strbuf *err)
{
	const char *p = s;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (pre && contains_only(p, n, NUM)) {
			if (n > 1 && p[0] == '0') {
				strbuf_addstr(err, "version segment starts with 0");
				return -1;
			}
		} else if (!contains_only(p, n, ALLOWED)) {
			strbuf_addstr(err, pre ? "invalid prerelease string" : "invalid metadata string");
			return -1;
		}
		if (!dot)
			return 0;
		p = dot + 1;
	}
}

static int parse_seg(const char *s, uint64_t *out, struct strbuf *err)
{
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE) {
		strbuf_addstr(err, "error parsing version segment: strconv.ParseUint: parsing ");
		go_quote(err, s, strlen(s));
		strbuf_addstr(err, ": value out of range");
		return -1;
	}
	*out = v;
	return 0;
}

int semver_parse(const char *s, struct semver *out, struct strbuf *err)
{
	PCRE2_SIZE *ov;
	pcre2_match_data *md;
	memset(out, 0, sizeof(*out));
	if (!rx_match(RX_VERSION, s, strlen(s), 0, &ov, &md)) {
		strbuf_addstr(err, "invalid semantic version");
		return -1;
	}
	char *g[4];
	for (int i = 0; i < 3; i++)
		g[i] = group(s, ov, i + 1);
	out->pre = group(s, ov, 5);
	out->meta = group(s, ov, 8);
	out->original = xstrdup(s);
	pcre2_match_data_free(md);
	int ret = parse_seg(g[0], &out->major, err);
	if (!ret && g[1][0])
		ret = parse_seg(g[1] + 1, &out->minor, err);
	if (!ret && g[2][0])
		ret = parse_seg(g[2] + 1, &out->patch, err);
	if (!ret && out->pre[0])
		ret = validate_parts(out->pre, 1, err);
	if (!ret && out->meta[0])
		ret = validate_parts(out->meta, 0, err);
	for (int i = 0; i < 3; i++)
		free(g[i]);
	if (ret)
		semver_release(out);
	return ret;
}

void semver_release(struct semver *v)
{
	free(v->pre);
	free(v->meta);
	free(v->original);
	memset(v, 0, sizeof(*v));
}

void semver_string(const struct semver *v, struct strbuf *out)
{
	strbuf_addf(out, "%llu.%llu.%llu", (unsigned long long)v->major,
		    (unsigned long long)v->minor, (unsigned long long)v->patch);
	if (v->pre && v->pre[0])
		strbuf_addf(out, "-%s", v->pre);
	if (v->meta && v->meta[0])
		strbuf_addf(out, "+%s", v->meta);
}

static int cmp_u(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
	if (!n || n > 20)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		uint64_t d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int cmp_pre_part(const char *s, size_t sn, const char *o, size_t on)
{
	if (sn == on && !memcmp(s, o, sn))
		return 0;
	if (!sn)
		return -1;
	if (!on)
		return 1;
	uint64_t si = 0, oi = 0;
	int n1 = parse_u64(o, on, &oi), n2 = parse_u64(s, sn, &si);
	if (n1 && n2) {
		size_t m = sn < on ? sn : on;
		int c = memcmp(s, o, m);
		if (c > 0 || (c == 0 && sn > on))
			return 1;
		return -1;
	} else if (n1) {
		return -1;
	} else if (n2) {
		return 1;
	}
	return si > oi ? 1 : -1;
}

static int cmp_pre(const char *s, const char *o)
{
	for (;;) {
		const char *sd = s ? strchr(s, '.') : NULL, *od = o ? strchr(o, '.') : NULL;
		size_t sn = s ? (sd ? (size_t)(sd - s) : strlen(s)) : 0;
		size_t on = o ? (od ? (size_t)(od - o) : strlen(o)) : 0;
		int d = cmp_pre_part(s ? s : "", sn, o ? o : "", on);
		if (d)
			return d;
		s = sd ? sd + 1 : NULL;
		o = od ? od + 1 : NULL;
		if (!s && !o)
			return 0;
	}
}

int semver_compare(const struct semver *a, const struct semver *b)
{
	int d;
	if ((d = cmp_u(a->major, b->major)) || (d = cmp_u(a->minor, b->minor)) ||
	    (d = cmp_u(a->patch, b->patch)))
		return d;
	const char *ps = a->pre ? a->pre : "", *po = b->pre ? b->pre : "";
	if (!*ps && !*po)
		return 0;
	if (!*ps)
		return 1;
	if (!*po)
		return -1;
	return cmp_pre(ps, po);
}

/* ---- constraints ---- */

enum op { OP_TILDE_EQ, OP_NE, OP_GT, OP_LT, OP_GE, OP_LE, OP_TILDE, OP_CARET };

struct constraint {
	struct semver con;
	enum op op;
	int minor_dirty, dirty, patch_dirty;
};

static enum op op_of(const char *s)
{
	if (!strcmp(s, "") || !strcmp(s, "="))
		return OP_TILDE_EQ;
	if (!strcmp(s, "!="))
		return OP_NE;
	if (!strcmp(s, ">"))
		return OP_GT;
	if (!strcmp(s, "<"))
		return OP_LT;
	if (!strcmp(s, ">=") || !strcmp(s, "=>"))
		return OP_GE;
	if (!strcmp(s, "<=") || !strcmp(s, "=<"))
		return OP_LE;
	if (!strcmp(s, "~") || !strcmp(s, "~>"))
		return OP_TILDE;
	return OP_CARET;
}

static int is_x(const char *s)
{
	return !strcmp(s, "x") || !strcmp(s, "*") || !strcmp(s, "X");
}

static void improper(struct strbuf *err, const char *s, size_t n)
{
	strbuf_addstr(err, "improper constraint: ");
	go_quote(err, s, n);
}

static int parse_constraint(const char *c, struct constraint *out, struct strbuf *err)
{
	PCRE2_SIZE *ov;
	pcre2_match_data *md;
	memset(out, 0, sizeof(*out));
	if (!rx_match(RX_CONSTRAINT, c, strlen(c), 0, &ov, &md)) {
		improper(err, c, strlen(c));
		return -1;
	}
	char *m[7];
	for (int i = 1; i <= 6; i++)
		m[i] = group(c, ov, i);
	pcre2_match_data_free(md);
	out->op = op_of(m[1]);
	char *ver;
	if (is_x(m[3]) || !m[3][0]) {
		ver = xasprintf("0.0.0%s", m[6]);
		out->dirty = 1;
	} else if (!m[4][0] || is_x(m[4] + 1)) {
		out->minor_dirty = out->dirty = 1;
		ver = xasprintf("%s.0.0%s", m[3], m[6]);
	} else if (!m[5][0] || is_x(m[5] + 1)) {
		out->dirty = out->patch_dirty = 1;
		ver = xasprintf("%s%s.0%s", m[3], m[4], m[6]);
	} else {
		ver = xstrdup(m[2]);
	}
	struct strbuf e2 = STRBUF_INIT;
	int ret = 0;
	if (semver_parse(ver, &out->con, &e2)) {
		strbuf_addstr(err, "constraint parser error");
		ret = -1;
	}
	strbuf_release(&e2);
	free(ver);
	for (int i = 1; i <= 6; i++)
		free(m[i]);
	return ret;
}

static int has_pre(const struct semver *v)
{
	return v->pre && v->pre[0];
}

static int check_tilde(const struct semver *v, const struct constraint *c)
{
	if (semver_compare(v, &c->con) < 0)
		return 0;
	if (!c->con.major && !c->con.minor && !c->con.patch && !c->minor_dirty && !c->patch_dirty)
		return 1;
	if (v->major != c->con.major)
		return 0;
	if (v->minor != c->con.minor && !c->minor_dirty)
		return 0;
	return 1;
}

static int check_one(const struct semver *v, const struct constraint *c)
{
	const struct semver *k = &c->con;
	if (c->op != OP_NE && has_pre(v) && !has_pre(k))
		return 0;
	switch (c->op) {
	case OP_NE:
		if (c->dirty) {
			if (has_pre(v) && !has_pre(k))
				return 0;
			if (k->major != v->major)
				return 1;
			if (k->minor != v->minor && !c->minor_dirty)
				return 1;
			else if (c->minor_dirty)
				return 0;
			else if (k->patch != v->patch && !c->patch_dirty)
				return 1;
			else if (c->patch_dirty) {
				if (has_pre(v) || has_pre(k))
					return cmp_pre(v->pre, k->pre) != 0;
				return 0;
			}
		}
		return semver_compare(v, k) != 0;
	case OP_GT:
		if (!c->dirty)
			return semver_compare(v, k) == 1;
		if (v->major > k->major)
			return 1;
		if (v->major < k->major || c->minor_dirty)
			return 0;
		if (c->patch_dirty)
			return v->minor > k->minor;
		return semver_compare(v, k) == 1;
	case OP_LT:
		return semver_compare(v, k) < 0;
	case OP_GE:
		return semver_compare(v, k) >= 0;
	case OP_LE:
		if (!c->dirty)
			return semver_compare(v, k) <= 0;
		if (v->major > k->major)
			return 0;
		if (v->major == k->major && v->minor > k->minor && !c->minor_dirty)
			return 0;
		return 1;
	case OP_TILDE:
		return check_tilde(v, c);
	case OP_TILDE_EQ:
		if (c->dirty)
			return check_tilde(v, c);
		return semver_compare(v, k) == 0;
	case OP_CARET:
		if (semver_compare(v, k) < 0)
			return 0;
		if (k->major > 0 || c->minor_dirty)
			return v->major == k->major;
		if (k->major == 0 && v->major > 0)
			return 0;
		if (k->minor > 0 || c->patch_dirty)
			return v->minor == k->minor;
		if (k->minor == 0 && v->minor > 0)
			return 0;
		return k->patch == v->patch;
	}
	return 0;
}

/* rewriteRange: "A - B" becomes ">= A, <= B" (first occurrence of each match text). */
static char *rewrite_range(const char *in)
{
	struct strbuf o = STRBUF_INIT;
	strbuf_addstr(&o, in);
	size_t len = strlen(in), pos = 0;
	while (pos <= len) {
		PCRE2_SIZE *ov;
		pcre2_match_data *md;
		if (!rx_match(RX_RANGE, in, len, pos, &ov, &md))
			break;
		char *whole = group(in, ov, 0), *a = group(in, ov, 1), *b = group(in, ov, 11);
		size_t end = ov[1], st = ov[0];
		pcre2_match_data_free(md);
		char *t = xasprintf(">= %s, <= %s", a, b);
		char *hit = strstr(o.buf, whole);
		if (hit) {
			size_t at = (size_t)(hit - o.buf);
			strbuf_remove(&o, at, strlen(whole));
			strbuf_insert(&o, at, t, strlen(t));
		}
		free(t);
		free(whole);
		free(a);
		free(b);
		pos = end > st ? end : end + 1;
	}
	return strbuf_detach(&o, NULL);
}

int semver_check(const char *constraint, const char *version, int *result, struct strbuf *err)
{
	char *c = rewrite_range(constraint);
	int ret = 0, any = 0;
	struct constraint *list = NULL;
	size_t nlist = 0, alloc = 0;
	/* groups: indexes into list where each || group starts */
	size_t *starts = NULL, ngroups = 0;
	const char *p = c;
	for (;;) {
		const char *bar = strstr(p, "||");
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *v = xstrndup(p, n);
		PCRE2_SIZE *ov;
		pcre2_match_data *md;
		if (!rx_match(RX_VALID, v, n, 0, &ov, &md)) {
			improper(err, v, n);
			free(v);
			ret = -1;
			goto cleanup;
		}
		pcre2_match_data_free(md);
		starts = xrealloc(starts, (ngroups + 1) * sizeof(*starts));
		starts[ngroups++] = nlist;
		size_t pos = 0;
		while (pos < n) {
			if (!rx_match(RX_FIND, v, n, pos, &ov, &md))
				break;
			char *s = group(v, ov, 0);
			size_t st = ov[0], end = ov[1];
			pcre2_match_data_free(md);
			if (nlist == alloc) {
				alloc = alloc ? alloc * 2 : 8;
				list = xrealloc(list, alloc * sizeof(*list));
			}
			int r = parse_constraint(s, &list[nlist], err);
			free(s);
			if (r) {
				free(v);
				ret = -1;
				goto cleanup;
			}
			nlist++;
			pos = end > st ? end : end + 1;
		}
		free(v);
		if (!bar)
			break;
		p = bar + 2;
	}
	struct semver ver;
	if (semver_parse(version, &ver, err)) {
		ret = -1;
		goto cleanup;
	}
	for (size_t g = 0; g < ngroups && !any; g++) {
		size_t e = g + 1 < ngroups ? starts[g + 1] : nlist;
		int joy = 1;
		for (size_t i = starts[g]; i < e && joy; i++)
			joy = check_one(&ver, &list[i]);
		any = joy;
	}
	semver_release(&ver);
	*result = any;
cleanup:
	for (size_t i = 0; i < nlist; i++)
		semver_release(&list[i].con);
	free(list);
	free(starts);
	free(c);
	return ret;
}

/* ---- for chart/ (sprig.h) ---- */

int sprig_semver_valid(const char *s)
{
	struct semver v;
	struct strbuf err = STRBUF_INIT;
	int rc = semver_parse(s, &v, &err);
	if (!rc)
		semver_release(&v);
	strbuf_release(&err);
	return rc == 0;
}

int sprig_semver_satisfies(const char *constraint, const char *version)
{
	struct strbuf err = STRBUF_INIT;
	int result = 0;
	int rc = semver_check(constraint, version, &result, &err);
	strbuf_release(&err);
	return rc == 0 && result;
}
