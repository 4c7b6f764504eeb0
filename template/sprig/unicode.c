/* unicode.c: UTF-8 decoding as Go's range-over-string does it, and Go's unicode
 * predicates (exact for ASCII and Latin-1; beyond that through the C library's
 * C.UTF-8 tables, which follow a newer Unicode than Go 1.19's 13.0). */
#include <locale.h>
#include <wctype.h>

#include "template/sprig/sprig_impl.h"

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
	return iswupper_l((wint_t)r, uloc()) && !go_istitle(r);
}

int go_islower(uint32_t r)
{
	if (r < 0x80)
		return r >= 'a' && r <= 'z';
	if (r < 0x100)
		return r == 0xB5 || r == 0xAA || r == 0xBA || (r >= 0xDF && r <= 0xFF && r != 0xF7);
	return iswlower_l((wint_t)r, uloc());
}

int go_istitle(uint32_t r)
{
	switch (r) {
	case 0x1C5: case 0x1C8: case 0x1CB: case 0x1F2:
		return 1;
	}
	return (r >= 0x1F88 && r <= 0x1F8F) || (r >= 0x1F98 && r <= 0x1F9F) ||
	       (r >= 0x1FA8 && r <= 0x1FAF) || r == 0x1FBC || r == 0x1FCC || r == 0x1FFC;
}

int go_isletter(uint32_t r)
{
	if (r < 0x80)
		return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
	if (r < 0x100)
		return r == 0xAA || r == 0xB5 || r == 0xBA || (r >= 0xC0 && r != 0xD7 && r != 0xF7);
	return iswalpha_l((wint_t)r, uloc()) && !iswdigit_l((wint_t)r, uloc());
}

int go_isdigit(uint32_t r)
{
	if (r < 0x100)
		return r >= '0' && r <= '9';
	return iswdigit_l((wint_t)r, uloc());
}

int go_isnumber(uint32_t r)
{
	if (r < 0x100)
		return (r >= '0' && r <= '9') || r == 0xB2 || r == 0xB3 || r == 0xB9 ||
		       (r >= 0xBC && r <= 0xBE);
	return iswdigit_l((wint_t)r, uloc());
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
	/* the C library's punct includes symbols (Sm Sc Sk So), Go's IsPunct does not */
	static const uint32_t sym[][2] = {
		{0x2C2, 0x2C5}, {0x2D2, 0x2DF}, {0x2E5, 0x2FF}, {0x384, 0x385}, {0x3F6, 0x3F6},
		{0x482, 0x482}, {0x58D, 0x58F}, {0x606, 0x608}, {0x60B, 0x60B}, {0x60E, 0x60F},
		{0x2044, 0x2044}, {0x2052, 0x2052}, {0x207A, 0x207C}, {0x208A, 0x208C},
		{0x20A0, 0x20CF}, {0x2100, 0x214F}, {0x2190, 0x2307}, {0x230C, 0x2328},
		{0x232B, 0x2767}, {0x2794, 0x27C4}, {0x27C7, 0x27E5}, {0x27F0, 0x2982},
		{0x2999, 0x29D7}, {0x29DC, 0x29FB}, {0x29FE, 0x2BFF}, {0x2CE5, 0x2CEA},
		{0x2E80, 0x2FFF}, {0x3004, 0x3004}, {0x3012, 0x3013}, {0x3020, 0x3020},
		{0x309B, 0x309C}, {0x3190, 0x319F}, {0x31C0, 0x31EF}, {0x3200, 0x33FF},
		{0x4DC0, 0x4DFF}, {0xA490, 0xA4CF}, {0xA700, 0xA721}, {0xA789, 0xA78A},
		{0xFB29, 0xFB29}, {0xFDFC, 0xFDFD}, {0xFE62, 0xFE66}, {0xFE69, 0xFE69},
		{0xFF04, 0xFF04}, {0xFF0B, 0xFF0B}, {0xFF1C, 0xFF1E}, {0xFF3E, 0xFF3E},
		{0xFF40, 0xFF40}, {0xFF5C, 0xFF5C}, {0xFF5E, 0xFF5E}, {0xFFE0, 0xFFEE},
		{0xFFFC, 0xFFFD}, {0x1D000, 0x1D24F}, {0x1D300, 0x1D35F}, {0x1EE00, 0x1EEFF},
		{0x1F000, 0x1FAFF},
	};
	for (size_t i = 0; i < sizeof(sym) / sizeof(sym[0]); i++)
		if (r >= sym[i][0] && r <= sym[i][1])
			return 0;
	return iswpunct_l((wint_t)r, uloc());
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
