/* go-spew "%#v" of a PodTemplateSpec and the pod-template-hash (see spew.h). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/spew.h"

/* ---- resource.Quantity (apimachinery pkg/api/resource), int64 path only ---- */

static int mul_ok(int64_t a, int64_t b, int64_t *r)
{
	return !__builtin_mul_overflow(a, b, r);
}

/* suffix → base, exponent, format; 0 when Go's suffixer does not know it */
static int interpret_suffix(const char *s, int *base, int *exp, char *fmt)
{
	static const struct { const char *s; int base, exp; char fmt; } tab[] = {
		{ "", 10, 0, 'D' }, { "n", 10, -9, 'D' }, { "u", 10, -6, 'D' },
		{ "m", 10, -3, 'D' }, { "k", 10, 3, 'D' }, { "M", 10, 6, 'D' },
		{ "G", 10, 9, 'D' }, { "T", 10, 12, 'D' }, { "P", 10, 15, 'D' },
		{ "E", 10, 18, 'D' }, { "Ki", 2, 10, 'B' }, { "Mi", 2, 20, 'B' },
		{ "Gi", 2, 30, 'B' }, { "Ti", 2, 40, 'B' }, { "Pi", 2, 50, 'B' },
		{ "Ei", 2, 60, 'B' },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!strcmp(s, tab[i].s)) {
			*base = tab[i].base;
			*exp = tab[i].exp;
			*fmt = tab[i].fmt;
			return 1;
		}
	}
	if (strlen(s) > 1 && (s[0] == 'e' || s[0] == 'E')) {
		/* strconv.ParseInt(s[1:], 10, 64), then int32() */
		const char *p = s + 1;
		if (*p == '+' || *p == '-')
			p++;
		if (!*p)
			return 0;
		for (const char *q = p; *q; q++)
			if (*q < '0' || *q > '9')
				return 0;
		errno = 0;
		long long v = strtoll(s + 1, NULL, 10);
		if (errno)
			return 0;
		*base = 10;
		*exp = (int32_t)(uint32_t)(unsigned long long)v;
		*fmt = 'E';
		return 1;
	}
	return 0;
}

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

int gs_parse_quantity(const char *str, struct gs_quantity *q)
{
	memset(q, 0, sizeof(*q));
	size_t end = strlen(str), pos = 0;
	if (end == 0)
		return -1;
	if (!strcmp(str, "0")) {
		q->format = 'D';
		q->keep_s = 1;
		return 0;
	}
	/* parseQuantityString */
	int positive = 1;
	if (str[0] == '-') {
		positive = 0;
		pos++;
	} else if (str[0] == '+') {
		pos++;
	}
	const char *num = "0", *denom = "";
	size_t nnum = 1, ndenom = 0;
	char suffix[64] = "";
	while (pos < end && str[pos] == '0')
		pos++;
	if (pos < end) {
		size_t i = pos;
		while (i < end && isdig(str[i]))
			i++;
		if (i > pos) {
			num = str + pos;
			nnum = i - pos;
		}
		pos = i;
		if (pos < end && str[pos] == '.') {
			pos++;
			i = pos;
			while (i < end && isdig(str[i]))
				i++;
			denom = str + pos;
			ndenom = i - pos;
			pos = i;
		}
		size_t ss = pos;
		while (pos < end && strchr("eEinumkKMGTP", str[pos]))
			pos++;
		if (pos < end && (str[pos] == '-' || str[pos] == '+'))
			pos++;
		while (pos < end && isdig(str[pos]))
			pos++;
		if (pos < end)
			return -1; /* ErrFormatWrong */
		if (end - ss >= sizeof(suffix))
			return -1;
		memcpy(suffix, str + ss, end - ss);
		suffix[end - ss] = 0;
	}
	int base, exponent;
	char format;
	if (!interpret_suffix(suffix, &base, &exponent, &format))
		return -1; /* ErrSuffix */
	int32_t precision = 0, scale = 0;
	int64_t mantissa = 1;
	if (format == 'B') {
		if (exponent >= 0 && ndenom == 0) {
			mantissa = (int64_t)((uint64_t)mantissa << exponent);
			precision = 15 - (int32_t)nnum - (int32_t)((float)exponent * 3 / 10) - 1;
		} else {
			precision = -1;
		}
	} else {
		scale = exponent;
		precision = 18 - (int32_t)(nnum + ndenom);
	}
	if (precision < 0)
		return -1; /* inf.Dec */
	scale -= (int32_t)ndenom;
	if (scale < -9)
		return -1; /* inf.Dec */
	char shifted[64];
	if (nnum + ndenom >= sizeof(shifted))
		return -1;
	memcpy(shifted, num, nnum);
	memcpy(shifted + nnum, denom, ndenom);
	shifted[nnum + ndenom] = 0;
	errno = 0;
	char *e;
	long long v = strtoll(shifted, &e, 10);
	if (errno || *e)
		return -1; /* ErrNumeric */
	int64_t result;
	if (!mul_ok(v, mantissa, &result))
		return -1; /* inf.Dec */
	if (!positive)
		result = -result;
	q->value = result;
	q->scale = scale;
	q->format = format;
	size_t ns = nnum + ndenom;
	if (format == 'B')
		q->keep_s = exponent % 10 == 0 && (v & 7) != 0;
	else
		q->keep_s = scale % 3 == 0 && !(ns >= 3 && !strcmp(shifted + ns - 3, "000")) &&
			shifted[0] != '0';
	return 0;
}

/* ---- exact values (ParseQuantity's inf.Dec path) and Quantity.String() ---- */

typedef __int128 i128;
#define I128_MAX ((i128)(((unsigned __int128)1 << 127) - 1))

/* value = u * 10^s10 */
struct dec {
	i128 u;
	int s10;
	char format;
};

/* u * m, 0 on overflow (u, m >= 0) */
static int mul128(i128 *u, i128 m)
{
	if (*u && m > I128_MAX / *u)
		return 0;
	*u *= m;
	return 1;
}

/* the parsed value as the apiserver holds it (inf.Dec rounded up to nano, BinarySI
 * capped at 2^63-1); -1 when it is not a quantity or too long for 128 bits */
static int parse_exact(const char *str, struct dec *d)
{
	size_t end = strlen(str), pos = 0;
	memset(d, 0, sizeof(*d));
	if (!end)
		return -1;
	int neg = 0;
	if (str[0] == '-' || str[0] == '+')
		neg = str[pos++] == '-';
	char digits[40];
	size_t nd = 0, ndenom = 0;
	while (pos < end && str[pos] == '0')
		pos++;
	while (pos < end && isdig(str[pos])) {
		if (nd >= 36)
			return -1;
		digits[nd++] = str[pos++];
	}
	if (pos < end && str[pos] == '.') {
		pos++;
		while (pos < end && isdig(str[pos])) {
			if (nd >= 36)
				return -1;
			digits[nd++] = str[pos++];
			ndenom++;
		}
	}
	size_t ss = pos;
	while (pos < end && strchr("eEinumkKMGTP", str[pos]))
		pos++;
	if (pos < end && (str[pos] == '-' || str[pos] == '+'))
		pos++;
	while (pos < end && isdig(str[pos]))
		pos++;
	if (pos < end || end - ss >= 64)
		return -1;
	char suffix[64];
	memcpy(suffix, str + ss, end - ss);
	suffix[end - ss] = 0;
	int base, exponent;
	if (!interpret_suffix(suffix, &base, &exponent, &d->format))
		return -1;
	for (size_t i = 0; i < nd; i++)
		d->u = d->u * 10 + (digits[i] - '0');
	d->s10 = -(int)ndenom;
	if (base == 10) {
		d->s10 += exponent;
	} else {
		for (int i = 0; i < exponent; i++)
			if (!mul128(&d->u, 2))
				return -1;
	}
	if (d->u && d->s10 < -9) { /* Round(amount, 9, inf.RoundUp): away from zero */
		int rem = 0;
		while (d->s10 < -9) {
			rem |= d->u % 10 != 0;
			d->u /= 10;
			d->s10++;
		}
		d->u += rem;
	}
	if (d->format == 'B') {
		/* cap at maxAllowed (2^63-1); below 1 → DecimalSI */
		i128 v = d->u;
		int s = d->s10, big = 0;
		for (; s > 0 && !big; s--)
			big = !mul128(&v, 10);
		for (; s < 0; s++)
			v /= 10; /* integer part */
		if (big || v > INT64_MAX) {
			d->u = INT64_MAX;
			d->s10 = 0;
		} else if (v == 0 && d->u) {
			d->format = 'D';
		}
	}
	if (neg)
		d->u = -d->u;
	return 0;
}

static void add_i128(struct strbuf *out, i128 v)
{
	char b[48];
	int n = sizeof(b);
	int neg = v < 0;
	unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
	b[--n] = 0;
	do {
		b[--n] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (neg)
		b[--n] = '-';
	strbuf_addstr(out, b + n);
}

/* Quantity.String() (CanonicalizeBytes) of d; NULL when past 128 bits */
static char *dec_canonical(const struct dec *d)
{
	if (d->u == 0)
		return xstrdup("0");
	int neg = d->u < 0;
	i128 a = neg ? -d->u : d->u;
	char format = d->format;
	struct strbuf sb;
	strbuf_init(&sb, 32);
	if (format == 'B') {
		/* CmpInt64(±1024): |value| < 1024 → DecimalSI; else AsScale(0) must be exact */
		i128 ip = a;
		int s = d->s10, exact = 1, big = 0;
		for (; s > 0 && !big; s--)
			big = !mul128(&ip, 10);
		for (; s < 0; s++) {
			exact &= ip % 10 == 0;
			ip /= 10;
		}
		if (big) {
			strbuf_release(&sb);
			return NULL;
		}
		if (ip < 1024)
			format = 'D';
		else if (!exact)
			format = 'D';
		else {
			int times = 0;
			while (ip >= 1024 && ip % 1024 == 0) {
				ip /= 1024;
				times++;
			}
			static const char *const bin[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
			add_i128(&sb, neg ? -ip : ip);
			strbuf_addstr(&sb, times <= 6 ? bin[times] : "");
			return strbuf_detach(&sb, NULL);
		}
	}
	int exponent = d->s10;
	while (a >= 10 && a % 10 == 0) {
		a /= 10;
		exponent++;
	}
	while (exponent % 3) {
		if (!mul128(&a, 10)) {
			strbuf_release(&sb);
			return NULL;
		}
		exponent--;
	}
	add_i128(&sb, neg ? -a : a);
	if (format == 'E') {
		if (exponent)
			strbuf_addf(&sb, "e%d", exponent);
	} else if (exponent >= -9 && exponent <= 18) {
		static const char *const dsuf[] = { "n", "u", "m", "", "k", "M", "G", "T", "P", "E" };
		strbuf_addstr(&sb, dsuf[(exponent + 9) / 3]);
	}
	return strbuf_detach(&sb, NULL);
}

char *gs_quantity_canonical(const struct gs_quantity *q)
{
	struct dec d = { q->value, q->scale, q->format };
	return dec_canonical(&d);
}

/* the Quantity the controller holds: ParseQuantity of String() of what the apiserver
 * parsed from the stored text */
static int quantity_as_stored(const char *text, struct gs_quantity *q, char **s)
{
	char *canon;
	if (gs_parse_quantity(text, q) == 0 && q->keep_s) {
		canon = xstrdup(text);
	} else {
		struct dec d;
		if (parse_exact(text, &d) < 0)
			return -1;
		canon = dec_canonical(&d);
	}
	if (!canon)
		return -1;
	if (gs_parse_quantity(canon, q) < 0) {
		free(canon);
		return -1;
	}
	*s = canon;
	return 0;
}

static int spew_quantity(struct strbuf *out, const json_t *v)
{
	char text[64];
	if (!v || json_is_null(v)) {
		strcpy(text, "0"); /* a zero Quantity travels as "0" */
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		/* UnmarshalJSON: strings.TrimSpace of the unquoted text */
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		size_t n = strlen(s);
		while (n && strchr(" \t\n\r", s[n - 1]))
			n--;
		if (n >= sizeof(text))
			return -1;
		memcpy(text, s, n);
		text[n] = 0;
	} else if (json_is_integer(v)) {
		snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else {
		return -1;
	}
	struct gs_quantity q;
	char *s = NULL;
	if (quantity_as_stored(text, &q, &s) < 0)
		return -1;
	const char *fmt = q.format == 'B' ? "BinarySI" : q.format == 'E' ? "DecimalExponent" : "DecimalSI";
	strbuf_addf(out, "{i:(resource.int64Amount){value:(int64)%" PRId64
		" scale:(resource.Scale)%d} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>}"
		" s:(string)%s Format:(resource.Format)%s}",
		q.value, (int)q.scale, q.keep_s ? s : "", fmt);
	free(s);
	return 0;
}

/* ---- the walker ---- */

static int spew_value(struct strbuf *out, unsigned t, const json_t *v, int show_type);

static int spew_struct(struct strbuf *out, unsigned t, const json_t *v)
{
	const struct gs_type *ty = &gs_types[t];
	if (v && !json_is_null(v) && !json_is_object(v))
		return -1;
	if (v && json_is_null(v))
		v = NULL;
	strbuf_addch(out, '{');
	for (unsigned i = 0; i < ty->nfields; i++) {
		const struct gs_field *f = &gs_fields[ty->field0 + i];
		if (i)
			strbuf_addch(out, ' ');
		strbuf_addstr(out, f->name);
		strbuf_addch(out, ':');
		const json_t *fv = NULL;
		if (f->inline_)
			fv = v;
		else if (v && f->json[0])
			fv = json_object_get(v, f->json);
		if (spew_value(out, f->type, fv, 1) < 0)
			return -1;
	}
	strbuf_addch(out, '}');
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int spew_value(struct strbuf *out, unsigned t, const json_t *v, int show_type)
{
	const struct gs_type *ty = &gs_types[t];
	if (v && json_is_null(v))
		v = NULL;
	if (ty->kind == GS_PTR) {
		if (!v) {
			if (show_type)
				strbuf_addf(out, "(%s)", ty->name);
			strbuf_addstr(out, "<nil>");
			return 0;
		}
		if (show_type)
			strbuf_addf(out, "(%s)", ty->name);
		else
			strbuf_addstr(out, "<*>");
		return spew_value(out, (unsigned)ty->elem, v, 0);
	}
	if (show_type)
		strbuf_addf(out, "(%s)", ty->name);
	switch (ty->kind) {
	case GS_STRUCT:
		return spew_struct(out, t, v);
	case GS_STRING:
		if (v && !json_is_string(v))
			return -1;
		if (v)
			strbuf_add(out, json_string_value(v), json_string_length(v));
		return 0;
	case GS_BOOL:
		if (v && !json_is_boolean(v))
			return -1;
		strbuf_addstr(out, json_is_true(v) ? "true" : "false");
		return 0;
	case GS_INT:
		if (v && !json_is_integer(v))
			return -1;
		strbuf_addf(out, "%" JSON_INTEGER_FORMAT, v ? json_integer_value(v) : 0);
		return 0;
	case GS_UINT:
	case GS_FLOAT:
		if (v)
			return -1;
		strbuf_addch(out, '0');
		return 0;
	case GS_BYTES:
		if (v)
			return -1;
		strbuf_addstr(out, "<nil>");
		return 0;
	case GS_SLICE:
		if (v && !json_is_array(v))
			return -1;
		if (!v || json_array_size(v) == 0) {
			strbuf_addstr(out, "<nil>");
			return 0;
		}
		strbuf_addch(out, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				strbuf_addch(out, ' ');
			if (spew_value(out, (unsigned)ty->elem, json_array_get(v, i), 0) < 0)
				return -1;
		}
		strbuf_addch(out, ']');
		return 0;
	case GS_MAP: {
		if (v && !json_is_object(v))
			return -1;
		size_t n = v ? json_object_size(v) : 0;
		if (!n) {
			strbuf_addstr(out, "<nil>");
			return 0;
		}
		const char **keys = xcalloc(n, sizeof(*keys));
		size_t k = 0;
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)v, key, val)
			keys[k++] = key;
		qsort(keys, n, sizeof(*keys), cmp_str);
		strbuf_addstr(out, "map[");
		int ret = 0;
		for (size_t i = 0; i < n && !ret; i++) {
			if (i)
				strbuf_addch(out, ' ');
			strbuf_addstr(out, keys[i]);
			strbuf_addch(out, ':');
			ret = spew_value(out, (unsigned)ty->elem, json_object_get(v, keys[i]), 0);
		}
		free(keys);
		if (ret)
			return -1;
		strbuf_addch(out, ']');
		return 0;
	}
	case GS_QUANTITY:
		return spew_quantity(out, v);
	case GS_TIME:
		if (v)
			return -1; /* loc would be the controller's time.Local */
		strbuf_addstr(out, "{Time:(time.Time){wall:(uint64)0 ext:(int64)0 "
			"loc:(*time.Location)<nil>}}");
		return 0;
	case GS_INTORSTR:
		if (!v)
			strbuf_addstr(out, "{Type:(intstr.Type)0 IntVal:(int32)0 StrVal:(string)}");
		else if (json_is_integer(v))
			strbuf_addf(out, "{Type:(intstr.Type)0 IntVal:(int32)%d StrVal:(string)}",
				(int)(int32_t)json_integer_value(v));
		else if (json_is_string(v))
			strbuf_addf(out, "{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)%s}",
				json_string_value(v));
		else
			return -1;
		return 0;
	}
	return -1;
}

int spew_pod_template(struct strbuf *out, const json_t *tmpl)
{
	return spew_value(out, 0, tmpl, 1);
}

static uint32_t fnv32a(const void *data, size_t n, uint32_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

char *spew_template_hash(const json_t *tmpl, long long collision)
{
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	if (spew_pod_template(&sb, tmpl) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	uint32_t h = fnv32a(sb.buf, sb.len, 2166136261u);
	strbuf_release(&sb);
	if (collision >= 0) {
		uint32_t c = (uint32_t)collision;
		unsigned char b[4] = { (unsigned char)c, (unsigned char)(c >> 8),
			(unsigned char)(c >> 16), (unsigned char)(c >> 24) };
		h = fnv32a(b, 4, h);
	}
	/* rand.SafeEncodeString(fmt.Sprint(hash)) */
	static const char al[] = "bcdfghjklmnpqrstvwxz2456789";
	char dec[16];
	snprintf(dec, sizeof(dec), "%" PRIu32, h);
	for (char *p = dec; *p; p++)
		*p = al[(unsigned char)*p % 27];
	return xstrdup(dec);
}
