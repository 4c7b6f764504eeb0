/* go-yaml v2's resolve(): what a plain scalar means (YAML 1.1 as go-yaml reads it).
 *
 * Shared by the loader (util/yaml.c) and the emitter (util/yaml_emit.c), which
 * quotes every string that would resolve to something else. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "util/gostr.h"
#include "util/yaml.h"

/* strconv.ParseUint(s, 0, 64) on a string without underscores. */
static int parse_uint0(const char *p, unsigned long long *out)
{
	int b = 10;
	if (!*p)
		return -1;
	if (p[0] == '0' && p[1]) {
		if (p[1] == 'x' || p[1] == 'X')
			b = 16, p += 2;
		else if (p[1] == 'o' || p[1] == 'O')
			b = 8, p += 2;
		else if (p[1] == 'b' || p[1] == 'B')
			b = 2, p += 2;
		else
			b = 8, p += 1;
		if (!*p)
			return -1;
	}
	unsigned long long v = 0;
	int over = 0;
	for (; *p; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'z')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'Z')
			d = *p - 'A' + 10;
		else
			return -1;
		if (d >= b)
			return -1;
		if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)b)
			over = 1;
		else
			v = v * (unsigned)b + (unsigned)d;
	}
	if (over)
		return -2;
	*out = v;
	return 0;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int yaml_style_float(const char *p)
{
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	} else {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '.') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Go's time.Parse for go-yaml's four timestamp layouts. */
static int getnum12(const char **pp, int *v)
{
	const char *p = *pp;
	if (!isdigit((unsigned char)p[0]))
		return -1;
	*v = p[0] - '0';
	p++;
	if (isdigit((unsigned char)p[0])) {
		*v = *v * 10 + p[0] - '0';
		p++;
	}
	*pp = p;
	return 0;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int yaml_is_timestamp(const char *s)
{
	int i = 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i != 4 || s[i] != '-')
		return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	const char *p = s + 5;
	int mo, d, h, mi, se;
	if (getnum12(&p, &mo) || *p++ != '-' || getnum12(&p, &d))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo))
		return 0;
	if (!*p)
		return 1;
	int sep = *p;
	if (sep != 'T' && sep != 't' && sep != ' ')
		return 0;
	p++;
	if (getnum12(&p, &h) || *p++ != ':' || getnum12(&p, &mi) || *p++ != ':' ||
	    getnum12(&p, &se))
		return 0;
	if (h > 23 || mi > 59 || se > 59)
		return 0;
	if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (sep == ' ')
		return *p == '\0';
	if (*p == 'Z')
		return p[1] == '\0';
	if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && p[3] == ':' && isdigit((unsigned char)p[4]) &&
	    isdigit((unsigned char)p[5]) && !p[6]) {
		int zh = (p[1] - '0') * 10 + p[2] - '0', zm = (p[4] - '0') * 10 + p[5] - '0';
		return zh <= 24 && zm <= 60;
	}
	return 0;
}

int yaml_is_base60_float(const char *s)
{
	/* ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	p++;
	while (isdigit((unsigned char)*p) || *p == '_')
		p++;
	int groups = 0;
	while (*p == ':') {
		p++;
		if (p[0] >= '0' && p[0] <= '5' && isdigit((unsigned char)p[1]))
			p += 2;
		else if (isdigit((unsigned char)p[0]))
			p += 1;
		else
			return 0;
		groups++;
	}
	if (!groups)
		return 0;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) || *p == '_')
			p++;
	}
	return *p == '\0';
}

static enum yaml_rtag resolve_int(const char *plain, struct yaml_scalar *out)
{
	long long iv;
	unsigned long long uv;
	const char *d = plain + (*plain == '+' || *plain == '-');
	if (d[0] == '0' && (d[1] == 'o' || d[1] == 'O') && !d[2])
		return YAML_R_STR; /* ParseInt("0o", 0, 64) has no digits */
	if (go_parse_int(plain, 0, 64, &iv) == 0) {
		out->i = iv;
		return YAML_R_INT;
	}
	if (parse_uint0(plain, &uv) == 0) {
		out->u = uv;
		return YAML_R_UINT;
	}
	return YAML_R_STR;
}

enum yaml_rtag yaml_resolve_plain(const char *in, struct yaml_scalar *out)
{
	static const char *const yes[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
					   "on", "On", "ON", NULL };
	static const char *const no[] = { "n", "N", "no", "No", "NO", "false", "False", "FALSE",
					  "off", "Off", "OFF", NULL };
	static const char *const nul[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const nan[] = { ".nan", ".NaN", ".NAN", NULL };
	static const char *const pinf[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL };
	static const char *const ninf[] = { "-.inf", "-.Inf", "-.INF", NULL };
	unsigned char c = (unsigned char)in[0];
	int hint;
	memset(out, 0, sizeof *out);
	if (!c)
		hint = 'N';
	else if (c == '+' || c == '-')
		hint = 'S';
	else if (c >= '0' && c <= '9')
		hint = 'D';
	else if (strchr("yYnNtTfFoO~", c))
		hint = 'M';
	else if (c == '.')
		hint = '.';
	else
		return YAML_R_STR;

	if (in_list(in, yes)) {
		out->b = 1;
		return YAML_R_BOOL;
	}
	if (in_list(in, no))
		return YAML_R_BOOL;
	if (in_list(in, nul))
		return YAML_R_NULL;
	if (in_list(in, nan)) {
		out->f = NAN;
		return YAML_R_FLOAT;
	}
	if (in_list(in, pinf)) {
		out->f = INFINITY;
		return YAML_R_FLOAT;
	}
	if (in_list(in, ninf)) {
		out->f = -INFINITY;
		return YAML_R_FLOAT;
	}

	if (hint == '.') {
		double f;
		if (go_parse_float(in, &f) == 0) {
			out->f = f;
			return YAML_R_FLOAT;
		}
		return YAML_R_STR;
	}
	if (hint != 'D' && hint != 'S')
		return YAML_R_STR;
	if (yaml_is_timestamp(in))
		return YAML_R_TIMESTAMP;

	size_t n = strlen(in);
	char small[64];
	char *plain = n < sizeof small ? small : xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (in[i] != '_')
			plain[j++] = in[i];
	plain[j] = '\0';
	enum yaml_rtag r = resolve_int(plain, out);
	if (r == YAML_R_STR && yaml_style_float(plain)) {
		double f;
		if (go_parse_float(plain, &f) == 0) {
			out->f = f;
			r = YAML_R_FLOAT;
		}
	}
	if (r == YAML_R_STR && (!strncmp(plain, "0b", 2) || !strncmp(plain, "-0b", 3))) {
		/* go-yaml's own binary fallback; ParseInt(…, 0, 64) already took the
		 * valid forms, so this only matters for "0b" followed by a sign. */
		long long iv;
		char *digits = plain[0] == '-' ? plain + 2 : plain + 2;
		if (plain[0] == '-')
			*digits = '-'; /* "-0b…" → "-…" */
		if (go_parse_int(digits, 2, 64, &iv) == 0) {
			out->i = iv;
			r = YAML_R_INT;
		}
	}
	if (plain != small)
		free(plain);
	return r;
}
