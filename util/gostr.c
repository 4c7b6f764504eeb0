#include "util/gostr.h"

#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 rune at s (n bytes available). Returns its length (1 for an
 * invalid byte, with *r = -1). */
static size_t utf8_rune(const unsigned char *s, size_t n, long *r)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	size_t len;
	long v, min;
	if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		*r = -1;
		return 1;
	}
	if (len > n) {
		*r = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*r = -1;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*r = -1;
		return 1;
	}
	*r = v;
	return len;
}


static int rune_printable(long r)
{
	return go_isprint_rune(r);
}

void go_quote(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		long r;
		size_t w = utf8_rune(p + i, len - i, &r);
		if (r < 0) {
			strbuf_addf(out, "\\x%02x", p[i]);
			i++;
			continue;
		}
		switch (r) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\a': strbuf_addstr(out, "\\a"); break;
		case '\b': strbuf_addstr(out, "\\b"); break;
		case '\f': strbuf_addstr(out, "\\f"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		case '\v': strbuf_addstr(out, "\\v"); break;
		default:
			if (rune_printable(r))
				strbuf_add(out, p + i, w);
			else if (r < 0x20 || r == 0x7f)
				strbuf_addf(out, "\\x%02lx", r);
			else if (r < 0x10000)
				strbuf_addf(out, "\\u%04lx", r);
			else
				strbuf_addf(out, "\\U%08lx", r);
		}
		i += w;
	}
	strbuf_addch(out, '"');
}

int go_parse_bool(const char *s, int *out)
{
	static const char *t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *f[] = { "0", "f", "F", "FALSE", "false", "False" };
	for (size_t i = 0; i < 6; i++) {
		if (!strcmp(s, t[i])) {
			*out = 1;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int go_parse_int(const char *s, int base, int bits, long long *out)
{
	const char *p = s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return -1;
	int b = base;
	int underscores_ok = 0;
	if (base == 0) {
		b = 10;
		if (p[0] == '0' && p[1]) {
			underscores_ok = 1;
			if (p[1] == 'x' || p[1] == 'X')
				b = 16, p += 2;
			else if (p[1] == 'o' || p[1] == 'O')
				b = 8, p += 2;
			else if (p[1] == 'b' || p[1] == 'B')
				b = 2, p += 2;
			else
				b = 8, p += 1;
		} else {
			underscores_ok = 1;
		}
		if (!*p)
			return -1;
	}
	unsigned long long v = 0, lim;
	int over = 0, any = 0;
	char prev = '_';
	for (; *p; p++) {
		int d;
		if (*p == '_' && underscores_ok && base == 0) {
			if (prev == '_' && any)
				return -1;
			prev = '_';
			continue;
		}
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
		any = 1;
		prev = *p;
		if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)b)
			over = 1;
		else
			v = v * (unsigned)b + (unsigned)d;
	}
	if (prev == '_' && base == 0 && any)
		return -1;
	lim = bits >= 64 ? (unsigned long long)LLONG_MAX : (1ULL << (bits - 1)) - 1;
	if (over || v > lim + (neg ? 1 : 0)) {
		*out = neg ? -(long long)lim - 1 : (long long)lim;
		return -2;
	}
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

int go_parse_float(const char *s, double *out)
{
	/* Go accepts decimal and hex floats, inf/infinity/nan (any case), underscores
	 * only with a base prefix; strtod is close enough for the decimal forms. */
	const char *p = s;
	if (!*p)
		return -1;
	char *end;
	errno = 0;
	double d = strtod(p, &end);
	if (*end || end == p)
		return -1;
	/* strtod accepts leading spaces and "0x" without digits etc.; reject spaces */
	if (*p == ' ' || *p == '\t' || *p == '\n')
		return -1;
	*out = d;
	if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
		return -2;
	return 0;
}

/* Shortest representation: the fewest digits that round-trip. */
static int shortest_digits(double f, char *digits, int *exp10)
{
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
		if (strtod(buf, NULL) == f || prec == 17) {
			/* buf = d.ddde±XX */
			int n = 0;
			const char *q = buf;
			for (; *q && *q != 'e'; q++)
				if (*q >= '0' && *q <= '9')
					digits[n++] = *q;
			digits[n] = '\0';
			*exp10 = atoi(q + 1);
			while (n > 1 && digits[n - 1] == '0')
				digits[--n] = '\0';
			return n;
		}
	}
	return 0;
}

/* %f layout of the shortest digits d[0..nd) with the decimal point after dp digits. */
static void add_fixed(struct strbuf *out, const char *digits, int nd, int dp)
{
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

void go_format_float(struct strbuf *out, double f, char fmt, int prec)
{
	if (isnan(f)) {
		strbuf_addstr(out, "NaN");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(out, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (prec >= 0 || fmt == 'f' || fmt == 'e') {
		if (prec < 0) {
			/* shortest with 'e' or 'f' */
			char digits[32];
			int e10;
			double a = fabs(f);
			int n = a == 0 ? 1 : shortest_digits(a, digits, &e10);
			if (a == 0) {
				digits[0] = '0';
				digits[1] = '\0';
				e10 = 0;
			}
			if (fmt == 'e') {
				char buf[64];
				snprintf(buf, sizeof buf, "%.*e", n - 1, f);
				strbuf_addstr(out, buf);
			} else {
				if (signbit(f))
					strbuf_addch(out, '-');
				add_fixed(out, digits, n, e10 + 1);
			}
			return;
		}
		char spec[8];
		snprintf(spec, sizeof spec, "%%.*%c", fmt);
		char buf[400];
		snprintf(buf, sizeof buf, spec, prec, f);
		strbuf_addstr(out, buf);
		return;
	}
	/* 'g' shortest (strconv): %e when exp < -4 || exp >= 6, else %f. */
	double a = fabs(f);
	if (a == 0) {
		strbuf_addstr(out, signbit(f) ? "-0" : "0");
		return;
	}
	char digits[32];
	int e10;
	int nd = shortest_digits(a, digits, &e10);
	int dp = e10 + 1; /* decimal point position */
	if (f < 0)
		strbuf_addch(out, '-');
	int exp = dp - 1;
	if (exp < -4 || exp >= 6) {
		/* %e with nd-1 fraction digits */
		strbuf_addch(out, digits[0]);
		if (nd > 1) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, digits + 1);
		}
		strbuf_addf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	add_fixed(out, digits, nd, dp);
}


/* time's quote(): every byte outside printable ASCII as \xNN. */
void go_time_quote(struct strbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || c < ' ') {
			strbuf_addstr(b, "\\x");
			strbuf_addch(b, hex[c >> 4]);
			strbuf_addch(b, hex[c & 15]);
		} else {
			if (c == '"' || c == '\\')
				strbuf_addch(b, '\\');
			strbuf_addch(b, c);
		}
	}
	strbuf_addch(b, '"');
}

/* time.ParseDuration with its error texts. */
static int dur_unit(const char *u, size_t n, uint64_t *unit)
{
	static const struct { const char *name; uint64_t v; } units[] = {
		{"ns", 1ULL}, {"us", 1000ULL}, {"\xc2\xb5s", 1000ULL}, {"\xce\xbcs", 1000ULL},
		{"ms", 1000000ULL}, {"s", 1000000000ULL}, {"m", 60000000000ULL},
		{"h", 3600000000000ULL},
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !memcmp(units[i].name, u, n)) {
			*unit = units[i].v;
			return 0;
		}
	return -1;
}

int go_parse_duration_n(const char *orig, size_t olen, int64_t *out, struct strbuf *err)
{
	const char *s = orig, *end = orig + olen;
	uint64_t d = 0;
	int neg = 0;
	const uint64_t lim = 1ULL << 63;
	if (s < end && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	if (end - s == 1 && *s == '0') {
		*out = 0;
		return 0;
	}
	if (s == end)
		goto invalid;
	while (s < end) {
		uint64_t v = 0, f = 0;
		double scale = 1;
		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			goto invalid;
		const char *st = s;
		while (s < end && *s >= '0' && *s <= '9') {
			if (v > lim / 10)
				goto invalid;
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > lim)
				goto invalid;
			s++;
		}
		int pre = s != st, post = 0;
		if (s < end && *s == '.') {
			s++;
			const char *fs = s;
			int overflow = 0;
			while (s < end && *s >= '0' && *s <= '9') {
				if (!overflow) {
					if (f > (lim - 1) / 10) {
						overflow = 1;
					} else {
						uint64_t y = f * 10 + (uint64_t)(*s - '0');
						if (y > lim)
							overflow = 1;
						else {
							f = y;
							scale *= 10;
						}
					}
				}
				s++;
			}
			post = s != fs;
		}
		if (!pre && !post)
			goto invalid;
		const char *us = s;
		while (s < end && !(*s == '.' || (*s >= '0' && *s <= '9')))
			s++;
		if (s == us) {
			strbuf_addstr(err, "time: missing unit in duration ");
			go_time_quote(err, orig, olen);
			return -1;
		}
		uint64_t unit;
		if (dur_unit(us, (size_t)(s - us), &unit)) {
			strbuf_addstr(err, "time: unknown unit ");
			go_time_quote(err, us, (size_t)(s - us));
			strbuf_addstr(err, " in duration ");
			go_time_quote(err, orig, olen);
			return -1;
		}
		if (v > lim / unit)
			goto invalid;
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > lim)
				goto invalid;
		}
		d += v;
		if (d > lim)
			goto invalid;
	}
	if (neg) {
		*out = (int64_t)(0 - d);
		return 0;
	}
	if (d > lim - 1)
		goto invalid;
	*out = (int64_t)d;
	return 0;
invalid:
	strbuf_addstr(err, "time: invalid duration ");
	go_time_quote(err, orig, olen);
	return -1;
}

int go_parse_duration(const char *orig, int64_t *out, struct strbuf *err)
{
	return go_parse_duration_n(orig, strlen(orig), out, err);
}

