/* unicode.c: UTF-8 decoding as Go's range-over-string does it, and Go's unicode
 * predicates (general categories from unicode_tables.c, Unicode 15.0 as Helm's Go 1.26; helmref's
 * Go 1.19 has 13.0). Case mappings are the C library's simple mappings. */
#include <locale.h>
#include <wctype.h>

#include "template/sprig/sprig_impl.h"

int ucd_is(char cat, uint32_t r); /* unicode_tables.c */

static locale_t uloc(void)
{
	static locale_t l;
	if (!l)
		l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return l;
}

size_t utf8_dec(const char *str, size_t n, uint32_t *r)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	size_t need;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if (n < need)
		goto bad;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*r = v;
	return need;
bad:
	*r = 0xFFFD;
	return 1;
}

void utf8_enc(struct strbuf *out, uint32_t r)
{
	if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		r = 0xFFFD;
	if (r < 0x80) {
		strbuf_addch(out, (int)r);
	} else if (r < 0x800) {
		strbuf_addch(out, (int)(0xC0 | (r >> 6)));
		strbuf_addch(out, (int)(0x80 | (r & 0x3F)));
	} else if (r < 0x10000) {
		strbuf_addch(out, (int)(0xE0 | (r >> 12)));
		strbuf_addch(out, (int)(0x80 | ((r >> 6) & 0x3F)));
		strbuf_addch(out, (int)(0x80 | (r & 0x3F)));
	} else {
		strbuf_addch(out, (int)(0xF0 | (r >> 18)));
		strbuf_addch(out, (int)(0x80 | ((r >> 12) & 0x3F)));
		strbuf_addch(out, (int)(0x80 | ((r >> 6) & 0x3F)));
		strbuf_addch(out, (int)(0x80 | (r & 0x3F)));
	}
}

int go_isspace(uint32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
	case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
		return 1;
	}
	return r >= 0x2000 && r <= 0x200A;
}

int go_isupper(uint32_t r)
{
	if (r < 0x80)
		return r >= 'A' && r <= 'Z';
	if (r < 0x100)
		return (r >= 0xC0 && r <= 0xDE && r != 0xD7);
	return ucd_is('U', r);
}

int go_islower(uint32_t r)
{
	if (r < 0x80)
		return r >= 'a' && r <= 'z';
	if (r < 0x100)
		return r == 0xB5 || r == 0xAA || r == 0xBA || (r >= 0xDF && r <= 0xFF && r != 0xF7);
	return ucd_is('l', r);
}

int go_istitle(uint32_t r)
{
	return ucd_is('T', r);
}

int go_isletter(uint32_t r)
{
	if (r < 0x80)
		return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
	if (r < 0x100)
		return r == 0xAA || r == 0xB5 || r == 0xBA || (r >= 0xC0 && r != 0xD7 && r != 0xF7);
	return ucd_is('L', r);
}

int go_isdigit(uint32_t r)
{
	if (r < 0x100)
		return r >= '0' && r <= '9';
	return ucd_is('d', r);
}

int go_isnumber(uint32_t r)
{
	if (r < 0x100)
		return (r >= '0' && r <= '9') || r == 0xB2 || r == 0xB3 || r == 0xB9 ||
		       (r >= 0xBC && r <= 0xBE);
	return ucd_is('N', r);
}

static int strchr_punct(uint32_t r)
{
	static const char p[] = "!\"#%&'()*,-./:;?@[\\]_{}";
	for (const char *q = p; *q; q++)
		if ((uint32_t)(unsigned char)*q == r)
			return 1;
	return 0;
}

int go_ispunct(uint32_t r)
{
	if (r < 0x80)
		return r && strchr_punct(r);
	if (r < 0x100)
		return r == 0xA1 || r == 0xA7 || r == 0xAB || r == 0xB6 || r == 0xB7 || r == 0xBB ||
		       r == 0xBF;
	return ucd_is('P', r);
}

uint32_t go_toupper(uint32_t r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') ? r - 32 : r;
	if (r == 0xB5)
		return 0x39C;
	if (r == 0xFF)
		return 0x178;
	return (uint32_t)towupper_l((wint_t)r, uloc());
}

uint32_t go_tolower(uint32_t r)
{
	if (r < 0x80)
		return (r >= 'A' && r <= 'Z') ? r + 32 : r;
	return (uint32_t)towlower_l((wint_t)r, uloc());
}

uint32_t go_totitle(uint32_t r)
{
	switch (r) {
	case 0x1C4: case 0x1C5: case 0x1C6: return 0x1C5;
	case 0x1C7: case 0x1C8: case 0x1C9: return 0x1C8;
	case 0x1CA: case 0x1CB: case 0x1CC: return 0x1CB;
	case 0x1F1: case 0x1F2: case 0x1F3: return 0x1F2;
	}
	return go_toupper(r);
}
