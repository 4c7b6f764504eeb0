/* fmt.c: Go's fmt.Sprintf / Sprint / Sprintln over struct tv (print.go,
 * format.go): flags, width, precision, argument indexes, every verb the
 * value kinds support, and the %!verb(type=value) error forms. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/internal.h"
#include "util/gostr.h"

struct fmtst {
	int minus, plus, sharp, space, zero;
	int plus_v, sharp_v;
	int wid, prec; /* -1 = unset */
};

static size_t rune_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		int32_t r;
		i += utf8_decode((const unsigned char *)s + i, n - i, &r);
		c++;
	}
	return c;
}

/* pad appends s with width padding. */
static void pad(struct strbuf *out, const struct fmtst *f, const char *s, size_t n)
{
	size_t w = rune_count(s, n);
	if (f->wid < 0 || (size_t)f->wid <= w) {
		strbuf_add(out, s, n);
		return;
	}
	size_t padn = (size_t)f->wid - w;
	if (f->minus) {
		strbuf_add(out, s, n);
		strbuf_addchars(out, ' ', padn);
	} else if (f->zero) {
		strbuf_addchars(out, '0', padn);
		strbuf_add(out, s, n);
	} else {
		strbuf_addchars(out, ' ', padn);
		strbuf_add(out, s, n);
	}
}

static void pads(struct strbuf *out, const struct fmtst *f, const char *s)
{
	pad(out, f, s, strlen(s));
}

static void fmt_value(struct strbuf *out, struct fmtst *f, const struct tv *v, int verb, int depth);
static void quote_ascii(struct strbuf *out, const char *s, size_t n);

static void bad_verb(struct strbuf *out, struct fmtst *f, const struct tv *v, int verb)
{
	strbuf_addstr(out, "%!");
	utf8_encode(out, verb);
	strbuf_addch(out, '(');
	if (!v || v->kind == TV_NIL) {
		strbuf_addstr(out, "<nil>");
	} else {
		strbuf_addstr(out, tv_type_name(v));
		strbuf_addch(out, '=');
		struct fmtst g = *f; /* Go prints the value with the same flags */
		fmt_value(out, &g, v, 'v', 0);
	}
	strbuf_addch(out, ')');
}

static void fmt_integer(struct strbuf *out, struct fmtst *f, uint64_t u, int neg, int is_signed,
			const struct tv *v, int verb)
{
	int base = 10;
	const char *dig = "0123456789abcdefx";
	switch (verb) {
	case 'v': case 'd': base = 10; break;
	case 'b': base = 2; break;
	case 'o': case 'O': base = 8; break;
	case 'x': base = 16; break;
	case 'X': base = 16; dig = "0123456789ABCDEFX"; break;
	case 'c': {
		struct strbuf sb = STRBUF_INIT;
		uint64_t r = neg ? 0xFFFD : u;
		utf8_encode(&sb, r > 0x10FFFF ? 0xFFFD : (int32_t)r);
		pad(out, f, sb.buf, sb.len);
		strbuf_release(&sb);
		return;
	}
	case 'q': {
		struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
		uint64_t r = neg ? 0xFFFD : u;
		utf8_encode(&sb, r > 0x10FFFF ? 0xFFFD : (int32_t)r);
		/* strconv.QuoteRune: reuse Quote and swap the quotes */
		if (sb.len == 1 && sb.buf[0] == '\'') {
			strbuf_addstr(&q, "'\\''");
		} else {
			if (f->plus)
				quote_ascii(&q, sb.buf, sb.len);
			else
				go_quote(&q, sb.buf, sb.len);
			q.buf[0] = '\'';
			q.buf[q.len - 1] = '\'';
			if (q.len == 4 && q.buf[1] == '\\' && q.buf[2] == '"') {
				strbuf_reset(&q);
				strbuf_addstr(&q, "'\"'");
			}
		}
		pad(out, f, q.buf, q.len);
		strbuf_release(&sb);
		strbuf_release(&q);
		return;
	}
	case 'U': {
		char b[64];
		uint64_t r = u;
		int n = snprintf(b, sizeof b, "U+%04llX", (unsigned long long)r);
		if (f->sharp && r <= 0x10FFFF && r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0) &&
		    !(r >= 0xD800 && r < 0xE000)) {
			struct strbuf sb = STRBUF_INIT;
			utf8_encode(&sb, (int32_t)r);
			n += snprintf(b + n, sizeof b - (size_t)n, " '%s'", sb.buf);
			strbuf_release(&sb);
		}
		struct fmtst g = *f;
		g.zero = 0;
		pad(out, &g, b, (size_t)n);
		return;
	}
	default:
		bad_verb(out, f, v, verb);
		return;
	}
	/* Go's fmtInteger */
	int prec = 0;
	if (f->prec >= 0) {
		prec = f->prec;
		if (prec == 0 && u == 0) {
			if (f->wid > 0)
				strbuf_addchars(out, ' ', (size_t)f->wid);
			return;
		}
	} else if (f->zero && f->wid > 0) {
		prec = f->wid;
		if (neg || f->plus || f->space)
			prec--;
	}
	char buf[200];
	int i = (int)sizeof buf;
	uint64_t x = u;
	do {
		buf[--i] = dig[x % (uint64_t)base];
		x /= (uint64_t)base;
	} while (x && i > 0);
	while (i > 40 && prec > (int)sizeof buf - i)
		buf[--i] = '0';
	if (f->sharp) {
		if (base == 2) {
			buf[--i] = 'b';
			buf[--i] = '0';
		} else if (base == 8) {
			if (buf[i] != '0')
				buf[--i] = '0';
		} else if (base == 16) {
			buf[--i] = dig[16];
			buf[--i] = '0';
		}
	}
	if (verb == 'O') {
		buf[--i] = 'o';
		buf[--i] = '0';
	}
	if (neg)
		buf[--i] = '-';
	else if (f->plus)
		buf[--i] = '+';
	else if (f->space)
		buf[--i] = ' ';
	struct fmtst g = *f;
	g.zero = 0;
	pad(out, &g, buf + i, sizeof buf - (size_t)i);
	(void)is_signed;
}

static void fmt_float(struct strbuf *out, struct fmtst *f, double d, const struct tv *v, int verb)
{
	int prec = f->prec;
	int vb;
	switch (verb) {
	case 'v': vb = 'g'; prec = -1; if (f->prec >= 0) prec = f->prec; break;
	case 'g': case 'G': vb = verb; break;
	case 'e': case 'E': case 'f': case 'F': vb = verb; if (prec < 0) prec = 6; break;
	case 'x': case 'X': case 'b': vb = verb; break;
	default:
		bad_verb(out, f, v, verb);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	if (isinf(d) || isnan(d)) {
		if (isnan(d))
			strbuf_addstr(&sb, f->plus ? "+NaN" : f->space ? " NaN" : "NaN");
		else if (d > 0)
			strbuf_addstr(&sb, f->plus ? "+Inf" : f->space ? " Inf" : "+Inf");
		else
			strbuf_addstr(&sb, "-Inf");
		if (!f->plus && !f->space && d > 0 && isinf(d)) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, "+Inf");
		}
		struct fmtst g = *f;
		g.zero = 0;
		pad(out, &g, sb.buf, sb.len);
		strbuf_release(&sb);
		return;
	}
	char lower = (char)(vb == 'G' ? 'g' : vb == 'E' ? 'e' : vb == 'F' ? 'f' : vb == 'X' ? 'x' : vb);
	struct strbuf num = STRBUF_INIT;
	if (lower == 'b') {
		/* strconv 'b': mantissa "p" binary exponent */
		union { double d; uint64_t u; } bits = { fabs(d) };
		uint64_t mant = bits.u & ((1ULL << 52) - 1);
		int e = (int)((bits.u >> 52) & 0x7FF);
		if (e == 0)
			e = 1;
		else
			mant |= 1ULL << 52;
		strbuf_addf(&num, "%llup%+d", (unsigned long long)mant, e - 1075);
	} else if (lower == 'x') {
		char buf[128];
		if (prec >= 0)
			snprintf(buf, sizeof buf, "%.*a", prec, fabs(d));
		else
			snprintf(buf, sizeof buf, "%a", fabs(d));
		/* Go: exponent has at least two digits; zero is 0x0p+00 */
		char *p = strchr(buf, 'p');
		if (p && strlen(p + 2) == 1) {
			p[3] = p[2];
			p[2] = '0';
			p[4] = 0;
		}
		strbuf_addstr(&num, buf);
		if (f->sharp && prec < 0 && vb == 'x') {
			/* Go counts significant "digits" from the first non-'0' byte
			 * (the 'x' included) and pads the mantissa to 6 */
			char *pp = strchr(num.buf, 'p');
			size_t mend = pp ? (size_t)(pp - num.buf) : num.len;
			int digits = 6, seen = 0;
			for (size_t i = 0; i < mend; i++) {
				if (num.buf[i] == '.')
					continue;
				if (num.buf[i] != '0')
					seen = 1;
				if (seen)
					digits--;
			}
			if (!memchr(num.buf, '.', mend)) {
				strbuf_insert(&num, mend, ".", 1);
				mend++;
			}
			for (; digits > 0; digits--)
				strbuf_insert(&num, mend, "0", 1);
		}
		if (vb == 'X')
			for (size_t i = 0; i < num.len; i++)
				if (num.buf[i] >= 'a' && num.buf[i] <= 'z')
					num.buf[i] = (char)(num.buf[i] - 32);
	} else if (lower == 'g' && prec < 0 && f->sharp) {
		/* %#g: shortest digits, padded with zeros to 6 significant digits */
		go_format_float(&num, fabs(d), 'g', -1);
		char *e = strchr(num.buf, 'e');
		size_t mend = e ? (size_t)(e - num.buf) : num.len;
		int digits = 0, seen_nonzero = 0;
		for (size_t i = 0; i < mend; i++)
			if (num.buf[i] >= '0' && num.buf[i] <= '9') {
				if (num.buf[i] != '0')
					seen_nonzero = 1;
				if (seen_nonzero)
					digits++;
			}
		if (!seen_nonzero)
			digits = 1;
		if (!memchr(num.buf, '.', mend)) {
			strbuf_insert(&num, mend, ".", 1);
			mend++;
		}
		if (digits < 6) {
			char zeros[8] = "000000";
			zeros[6 - digits] = 0;
			strbuf_insert(&num, mend, zeros, (size_t)(6 - digits));
		}
	} else if (lower == 'g' && prec >= 0) {
		/* %.Ng: C's %g with Go's exponent form (at least 2 digits) */
		char buf[512];
		snprintf(buf, sizeof buf, "%.*g", prec == 0 ? 1 : prec, fabs(d));
		strbuf_addstr(&num, buf);
		if (f->sharp) {
			snprintf(buf, sizeof buf, "%#.*g", prec == 0 ? 1 : prec, fabs(d));
			strbuf_reset(&num);
			strbuf_addstr(&num, buf);
		}
	} else {
		go_format_float(&num, fabs(d), lower, prec);
		if (f->sharp && lower != 'x' && !strchr(num.buf, '.')) {
			char *e = strchr(num.buf, 'e');
			if (e)
				strbuf_insert(&num, (size_t)(e - num.buf), ".", 1);
			else
				strbuf_addch(&num, '.');
		}
	}
	if (vb == 'G' || vb == 'E' || vb == 'X')
		for (size_t i = 0; i < num.len; i++)
			if (num.buf[i] == 'e')
				num.buf[i] = 'E';
	if (signbit(d))
		strbuf_addch(&sb, '-');
	else if (f->plus)
		strbuf_addch(&sb, '+');
	else if (f->space)
		strbuf_addch(&sb, ' ');
	if (f->zero && !f->minus && f->wid > 0 && (int)(sb.len + num.len) < f->wid)
		strbuf_addchars(&sb, '0', (size_t)f->wid - sb.len - num.len);
	strbuf_addbuf(&sb, &num);
	struct fmtst g = *f;
	g.zero = 0;
	pad(out, &g, sb.buf, sb.len);
	strbuf_release(&sb);
	strbuf_release(&num);
}

static void fmt_sbx(struct strbuf *out, struct fmtst *f, const char *s, size_t n, int upper)
{
	struct strbuf sb = STRBUF_INIT;
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	if (f->prec >= 0 && (size_t)f->prec < n)
		n = (size_t)f->prec;
	for (size_t i = 0; i < n; i++) {
		if (f->space && i > 0)
			strbuf_addch(&sb, ' ');
		if (f->sharp && (f->space || i == 0))
			strbuf_addstr(&sb, upper ? "0X" : "0x");
		strbuf_addch(&sb, dig[(unsigned char)s[i] >> 4]);
		strbuf_addch(&sb, dig[(unsigned char)s[i] & 15]);
	}
	pad(out, f, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* strconv.QuoteToASCII: Quote, then non-ASCII runes as \u / \U escapes. */
static void quote_ascii(struct strbuf *out, const char *s, size_t n)
{
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, s, n);
	for (size_t i = 0; i < q.len;) {
		unsigned char c = (unsigned char)q.buf[i];
		if (c < 0x80) {
			strbuf_addch(out, c);
			i++;
			continue;
		}
		int32_t r;
		i += utf8_decode((const unsigned char *)q.buf + i, q.len - i, &r);
		if (r < 0x10000)
			strbuf_addf(out, "\\u%04x", (unsigned)r);
		else
			strbuf_addf(out, "\\U%08x", (unsigned)r);
	}
	strbuf_release(&q);
}

static void fmt_string(struct strbuf *out, struct fmtst *f, const char *s, size_t n,
		       const struct tv *v, int verb)
{
	switch (verb) {
	case 'v':
		if (f->sharp_v) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, s, n);
			pad(out, f, q.buf, q.len);
			strbuf_release(&q);
			return;
		}
		/* fallthrough */
	case 's': {
		size_t m = n;
		if (f->prec >= 0) {
			size_t i = 0;
			int runes = 0;
			while (i < n && runes < f->prec) {
				int32_t r;
				i += utf8_decode((const unsigned char *)s + i, n - i, &r);
				runes++;
			}
			m = i;
		}
		pad(out, f, s, m);
		return;
	}
	case 'x': case 'X':
		fmt_sbx(out, f, s, n, verb == 'X');
		return;
	case 'q': {
		size_t m = n;
		if (f->prec >= 0) {
			size_t i = 0;
			int runes = 0;
			while (i < n && runes < f->prec) {
				int32_t r;
				i += utf8_decode((const unsigned char *)s + i, n - i, &r);
				runes++;
			}
			m = i;
		}
		struct strbuf q = STRBUF_INIT;
		/* strconv.CanBackquote */
		int back = f->sharp;
		for (size_t i = 0; back && i < m;) {
			int32_t r;
			size_t w = utf8_decode((const unsigned char *)s + i, m - i, &r);
			if (w > 1) {
				if (r == 0xFEFF)
					back = 0;
			} else if (r < 0 || r >= 0x80 || (r < ' ' && r != '\t') || r == '`' || r == 0x7f) {
				back = 0;
			}
			i += w ? w : 1;
		}
		if (back) {
			strbuf_addch(&q, '`');
			strbuf_add(&q, s, m);
			strbuf_addch(&q, '`');
		} else if (f->plus) {
			quote_ascii(&q, s, m);
		} else {
			go_quote(&q, s, m);
		}
		pad(out, f, q.buf, q.len);
		strbuf_release(&q);
		return;
	}
	default:
		bad_verb(out, f, v, verb);
	}
}

static void fmt_sharp_v(struct strbuf *out, const struct tv *v, int depth);

static void fmt_sharp_v_elem(struct strbuf *out, const struct tv *v, int depth)
{
	fmt_sharp_v(out, v, depth + 1);
}

static void fmt_sharp_v(struct strbuf *out, const struct tv *v, int depth)
{
	if (!v || v->kind == TV_NIL) {
		strbuf_addstr(out, depth ? "interface {}(nil)" : "<nil>");
		return;
	}
	switch (v->kind) {
	case TV_STRING:
		go_quote(out, v->u.str.s, v->u.str.len);
		return;
	case TV_FLOAT: {
		struct strbuf n = STRBUF_INIT;
		tv_format_float(&n, v->u.f, 'g', -1);
		strbuf_addbuf(out, &n);
		if (!strpbrk(n.buf, ".eIN"))
			strbuf_addstr(out, "");
		strbuf_release(&n);
		return;
	}
	case TV_UINT:
		if (v->type == &tv_type_uint8 || v->type == &tv_type_uint64 || v->type == &tv_type_uint)
			strbuf_addf(out, "0x%llx", (unsigned long long)v->u.u);
		else
			strbuf_addf(out, "%llu", (unsigned long long)v->u.u);
		return;
	case TV_LIST:
		strbuf_addstr(out, v->type->name);
		strbuf_addch(out, '{');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			fmt_sharp_v_elem(out, v->u.list.items[i], depth);
		}
		strbuf_addch(out, '}');
		return;
	case TV_BYTES:
		strbuf_addstr(out, "[]byte{");
		for (size_t i = 0; i < v->u.str.len; i++)
			strbuf_addf(out, "%s0x%x", i ? ", " : "", (unsigned char)v->u.str.s[i]);
		strbuf_addch(out, '}');
		return;
	case TV_MAP:
		strbuf_addstr(out, v->type->name);
		strbuf_addch(out, '{');
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			go_quote(out, v->u.map.ents[i].key, v->u.map.ents[i].keylen);
			strbuf_addch(out, ':');
			fmt_sharp_v_elem(out, v->u.map.ents[i].val, depth);
		}
		strbuf_addch(out, '}');
		return;
	case TV_STRUCT:
		if (v->type->ptr)
			strbuf_addch(out, '&');
		strbuf_addstr(out, v->type->ptr ? v->type->name + 1 : v->type->name);
		strbuf_addch(out, '{');
		for (size_t i = 0; i < v->u.st.n; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			strbuf_addf(out, "%s:", v->type->fields[i]);
			fmt_sharp_v_elem(out, v->u.st.vals[i], depth);
		}
		strbuf_addch(out, '}');
		return;
	default:
		tv_format(out, v);
	}
}

static void fmt_value(struct strbuf *out, struct fmtst *f, const struct tv *v, int verb, int depth)
{
	if (!v || v->kind == TV_NIL) {
		if (depth > 0) {
			strbuf_addstr(out, "<nil>"); /* Go 1.19 writes nested nil unpadded */
			return;
		}
		if (verb == 'v' || verb == 'T') {
			pads(out, f, "<nil>");
			return;
		}
		bad_verb(out, f, v, verb);
		return;
	}
	if (verb == 'T') {
		const char *tn = tv_type_name(v);
		fmt_string(out, f, tn, strlen(tn), v, 's');
		return;
	}
	if (v->type->format && v->kind != TV_OBJECT && !v->type->stringer_ptr && !f->sharp_v &&
	    (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
		struct strbuf sb = STRBUF_INIT;
		v->type->format(v, &sb);
		fmt_string(out, f, sb.buf, sb.len, v, verb == 'v' ? 's' : verb);
		strbuf_release(&sb);
		return;
	}
	if (f->sharp_v) {
		/* Go syntax: scalars keep the flags; composites recurse with them */
		switch (v->kind) {
		case TV_STRING:
			fmt_string(out, f, v->u.str.s, v->u.str.len, v, 'v');
			return;
		case TV_INT: {
			int neg = v->u.i < 0;
			fmt_integer(out, f, neg ? (uint64_t)0 - (uint64_t)v->u.i : (uint64_t)v->u.i, neg, 1, v, 'd');
			return;
		}
		case TV_FLOAT:
			fmt_float(out, f, v->u.f, v, 'v');
			return;
		case TV_BOOL:
			pads(out, f, v->u.b ? "true" : "false");
			return;
		case TV_LIST:
			strbuf_addstr(out, v->type->name);
			strbuf_addch(out, '{');
			for (size_t i = 0; i < v->u.list.len; i++) {
				if (i)
					strbuf_addstr(out, ", ");
				if (v->u.list.items[i]->kind == TV_NIL)
					strbuf_addstr(out, "interface {}(nil)");
				else
					fmt_value(out, f, v->u.list.items[i], verb, depth + 1);
			}
			strbuf_addch(out, '}');
			return;
		case TV_MAP:
			strbuf_addstr(out, v->type->name);
			strbuf_addch(out, '{');
			for (size_t i = 0; i < v->u.map.len; i++) {
				if (i)
					strbuf_addstr(out, ", ");
				struct tv *k = tv_strn(v->u.map.ents[i].key, v->u.map.ents[i].keylen);
				fmt_value(out, f, k, verb, depth + 1);
				tv_decref(k);
				strbuf_addch(out, ':');
				if (v->u.map.ents[i].val->kind == TV_NIL)
					strbuf_addstr(out, "interface {}(nil)");
				else
					fmt_value(out, f, v->u.map.ents[i].val, verb, depth + 1);
			}
			strbuf_addch(out, '}');
			return;
		default: {
			struct strbuf sb = STRBUF_INIT;
			fmt_sharp_v(&sb, v, depth);
			pad(out, f, sb.buf, sb.len);
			strbuf_release(&sb);
			return;
		}
		}
	}
	switch (v->kind) {
	case TV_BOOL:
		if (verb == 'v' || verb == 't')
			pads(out, f, v->u.b ? "true" : "false");
		else
			bad_verb(out, f, v, verb);
		return;
	case TV_INT: {
		int neg = v->u.i < 0;
		uint64_t u = neg ? (uint64_t)0 - (uint64_t)v->u.i : (uint64_t)v->u.i;
		if (verb == 'c' || verb == 'q' || verb == 'U')
			u = (uint64_t)v->u.i, neg = v->u.i < 0;
		if (verb == 'U' && neg) {
			u = (uint64_t)v->u.i;
			neg = 0;
		}
		fmt_integer(out, f, u, neg && verb != 'U', 1, v, verb);
		return;
	}
	case TV_UINT:
		fmt_integer(out, f, v->u.u, 0, 0, v, verb);
		return;
	case TV_FLOAT:
		fmt_float(out, f, v->u.f, v, verb);
		return;
	case TV_STRING:
		fmt_string(out, f, v->u.str.s, v->u.str.len, v, verb);
		return;
	case TV_BYTES:
		if (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
			fmt_string(out, f, v->u.str.s, v->u.str.len, v, verb);
			return;
		}
		strbuf_addch(out, '[');
		for (size_t i = 0; i < v->u.str.len; i++) {
			if (i)
				strbuf_addch(out, ' ');
			fmt_integer(out, f, (unsigned char)v->u.str.s[i], 0, 0, v, verb == 'v' ? 'd' : verb);
		}
		strbuf_addch(out, ']');
		return;
	case TV_LIST:
		if (depth == 0 && v->type->elem == &tv_type_string && 0) {
		}
		strbuf_addch(out, '[');
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_addch(out, ' ');
			fmt_value(out, f, v->u.list.items[i], verb, depth + 1);
		}
		strbuf_addch(out, ']');
		return;
	case TV_MAP:
		strbuf_addstr(out, "map[");
		for (size_t i = 0; i < v->u.map.len; i++) {
			if (i)
				strbuf_addch(out, ' ');
			struct tv *k = tv_strn(v->u.map.ents[i].key, v->u.map.ents[i].keylen);
			fmt_value(out, f, k, verb, depth + 1);
			tv_decref(k);
			strbuf_addch(out, ':');
			fmt_value(out, f, v->u.map.ents[i].val, verb, depth + 1);
		}
		strbuf_addch(out, ']');
		return;
	case TV_STRUCT:
		if (v->type->ptr) {
			if (depth > 0) {
				strbuf_addstr(out, "0xc000010000");
				return;
			}
			strbuf_addch(out, '&');
		}
		strbuf_addch(out, '{');
		for (size_t i = 0; i < v->u.st.n; i++) {
			if (i)
				strbuf_addch(out, ' ');
			if (f->plus_v)
				strbuf_addf(out, "%s:", v->type->fields[i]);
			fmt_value(out, f, v->u.st.vals[i], verb, depth + 1);
		}
		strbuf_addch(out, '}');
		return;
	case TV_OBJECT: {
		struct strbuf sb = STRBUF_INIT;
		tv_format(&sb, v);
		if (verb == 'v' || verb == 's')
			fmt_string(out, f, sb.buf, sb.len, v, 's');
		else if (verb == 'q' || verb == 'x' || verb == 'X')
			fmt_string(out, f, sb.buf, sb.len, v, verb);
		else
			bad_verb(out, f, v, verb);
		strbuf_release(&sb);
		return;
	}
	case TV_FUNC:
	default: {
		struct strbuf sb = STRBUF_INIT;
		tv_format(&sb, v);
		pad(out, f, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	}
}

/* Go's parsenum: digits from *i (stops at end); 0 if none or too large. */
static int parsenum(const char *s, size_t end, size_t *i, int *num)
{
	int isnum = 0;
	*num = 0;
	if (*i >= end)
		return 0;
	for (; *i < end && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
		if (*num > 1000000 || *num < -1000000) {
			*num = 0;
			*i = end;
			return 0;
		}
		*num = *num * 10 + (s[*i] - '0');
		isnum = 1;
	}
	return isnum;
}

struct pf {
	int argn, reordered, good_arg;
};

/* Go's argNumber: returns 1 when an index was seen (afterIndex) */
static int arg_number(struct pf *p, const char *s, size_t end, size_t *i, int argc)
{
	if (*i >= end || s[*i] != '[')
		return 0;
	p->reordered = 1;
	/* parseArgNumber */
	size_t rest = end - *i;
	int index = 0, ok = 0;
	size_t wid = 1;
	if (rest >= 3) {
		for (size_t k = 1; k < rest; k++) {
			if (s[*i + k] == ']') {
				size_t ni = *i + 1;
				int w;
				int isnum = parsenum(s, *i + k, &ni, &w);
				if (!isnum || ni != *i + k) {
					wid = k + 1;
					ok = 0;
				} else {
					index = w - 1;
					wid = k + 1;
					ok = 1;
				}
				break;
			}
		}
	}
	*i += wid;
	if (ok && index >= 0 && index < argc) {
		p->argn = index;
		return 1;
	}
	p->good_arg = 0;
	return ok;
}

/* Go's intFromArg */
static int int_from_arg(struct pf *p, int argc, struct tv **argv, int *num)
{
	int isint = 0;
	*num = 0;
	if (p->argn < argc) {
		struct tv *v = argv[p->argn];
		if (v && v->kind == TV_INT && v->u.i >= -1000000 && v->u.i <= 1000000) {
			*num = (int)v->u.i;
			isint = 1;
		} else if (v && v->kind == TV_UINT && v->u.u <= 1000000) {
			*num = (int)v->u.u;
			isint = 1;
		}
		p->argn++;
	}
	return isint;
}

void go_sprintf(struct strbuf *out, const char *s, size_t end, int argc, struct tv **argv)
{
	struct pf p = { 0, 0, 1 };
	int after_index = 0;
	size_t i = 0;
	while (i < end) {
		p.good_arg = 1;
		size_t lasti = i;
		while (i < end && s[i] != '%')
			i++;
		if (i > lasti)
			strbuf_add(out, s + lasti, i - lasti);
		if (i >= end)
			break;
		i++;
		struct fmtst f = { 0 };
		f.wid = f.prec = -1;
		for (; i < end; i++) {
			char c = s[i];
			if (c == '#') f.sharp = 1;
			else if (c == '0') f.zero = !f.minus;
			else if (c == '+') f.plus = 1;
			else if (c == '-') { f.minus = 1; f.zero = 0; }
			else if (c == ' ') f.space = 1;
			else break;
		}
		after_index = arg_number(&p, s, end, &i, argc);
		if (i < end && s[i] == '*') {
			i++;
			int w;
			int ok = int_from_arg(&p, argc, argv, &w);
			if (!ok) {
				strbuf_addstr(out, "%!(BADWIDTH)");
				w = 0;
			}
			f.wid = ok ? w : -1;
			if (ok && w < 0) {
				f.wid = -w;
				f.minus = 1;
				f.zero = 0;
			}
			after_index = 0;
		} else {
			int w;
			if (parsenum(s, end, &i, &w)) {
				f.wid = w;
				if (after_index)
					p.good_arg = 0;
			}
		}
		if (i + 1 < end && s[i] == '.') {
			i++;
			if (after_index)
				p.good_arg = 0;
			after_index = arg_number(&p, s, end, &i, argc);
			if (i < end && s[i] == '*') {
				i++;
				int pr;
				int ok = int_from_arg(&p, argc, argv, &pr);
				if (pr < 0) {
					pr = 0;
					ok = 0;
				}
				if (!ok)
					strbuf_addstr(out, "%!(BADPREC)");
				f.prec = ok ? pr : -1;
				after_index = 0;
			} else {
				int pr;
				if (!parsenum(s, end, &i, &pr))
					pr = 0;
				f.prec = pr;
			}
		}
		if (!after_index)
			after_index = arg_number(&p, s, end, &i, argc);
		if (i >= end) {
			strbuf_addstr(out, "%!(NOVERB)");
			break;
		}
		int32_t verb;
		i += utf8_decode((const unsigned char *)s + i, end - i, &verb);
		if (verb == '%') {
			strbuf_addch(out, '%');
			continue;
		}
		if (!p.good_arg) {
			strbuf_addstr(out, "%!");
			utf8_encode(out, verb);
			strbuf_addstr(out, "(BADINDEX)");
			continue;
		}
		if (p.argn >= argc) {
			strbuf_addstr(out, "%!");
			utf8_encode(out, verb);
			strbuf_addstr(out, "(MISSING)");
			continue;
		}
		if (verb == 'v') {
			f.sharp_v = f.sharp;
			f.sharp = 0;
			f.plus_v = f.plus;
			f.plus = 0;
		}
		fmt_value(out, &f, argv[p.argn], verb, 0);
		p.argn++;
	}
	if (!p.reordered && p.argn < argc) {
		strbuf_addstr(out, "%!(EXTRA ");
		for (int k = p.argn; k < argc; k++) {
			if (k > p.argn)
				strbuf_addstr(out, ", ");
			if (!argv[k] || argv[k]->kind == TV_NIL) {
				strbuf_addstr(out, "<nil>");
			} else {
				strbuf_addstr(out, tv_type_name(argv[k]));
				strbuf_addch(out, '=');
				struct fmtst g = { 0 };
				g.wid = g.prec = -1;
				fmt_value(out, &g, argv[k], 'v', 0);
			}
		}
		strbuf_addch(out, ')');
	}
}

static void print_one(struct strbuf *out, const struct tv *v)
{
	struct fmtst g = { 0 };
	g.wid = g.prec = -1;
	fmt_value(out, &g, v, 'v', 0);
}

void go_sprint(struct strbuf *out, int argc, struct tv **argv)
{
	int prev_string = 0;
	for (int i = 0; i < argc; i++) {
		int is_string = argv[i] && argv[i]->kind == TV_STRING;
		if (i > 0 && !is_string && !prev_string)
			strbuf_addch(out, ' ');
		print_one(out, argv[i]);
		prev_string = is_string;
	}
}

void go_sprintln(struct strbuf *out, int argc, struct tv **argv)
{
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strbuf_addch(out, ' ');
		print_one(out, argv[i]);
	}
	strbuf_addch(out, '\n');
}
