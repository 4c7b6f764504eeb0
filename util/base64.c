#include "util/base64.h"

#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(struct strbuf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	strbuf_grow(out, (len + 2) / 3 * 4);
	size_t i = 0;
	for (; i + 2 < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		strbuf_addch(out, b64[v >> 18 & 63]);
		strbuf_addch(out, b64[v >> 12 & 63]);
		strbuf_addch(out, b64[v >> 6 & 63]);
		strbuf_addch(out, b64[v & 63]);
	}
	if (len - i == 1) {
		unsigned v = (unsigned)p[i] << 16;
		strbuf_addch(out, b64[v >> 18 & 63]);
		strbuf_addch(out, b64[v >> 12 & 63]);
		strbuf_addstr(out, "==");
	} else if (len - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		strbuf_addch(out, b64[v >> 18 & 63]);
		strbuf_addch(out, b64[v >> 12 & 63]);
		strbuf_addch(out, b64[v >> 6 & 63]);
		strbuf_addch(out, '=');
	}
}

static int val(unsigned char c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

int base64_decode(struct strbuf *out, const char *s, size_t len, size_t *bad_at)
{
	/* Go skips \r and \n anywhere; everything else must be alphabet or padding. */
	unsigned acc = 0;
	int nbits = 0, quad = 0;
	size_t i;
	size_t start = out->len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			/* padding: 2 or 3 chars into a quantum, then only padding/newlines */
			if (quad < 2)
				goto bad;
			size_t need = quad == 2 ? 2 : 1;
			size_t j = i;
			while (need) {
				while (j < len && (s[j] == '\r' || s[j] == '\n'))
					j++;
				if (j >= len || s[j] != '=') {
					i = j;
					goto bad;
				}
				need--;
				j++;
			}
			while (j < len && (s[j] == '\r' || s[j] == '\n'))
				j++;
			if (j < len) {
				i = j;
				goto bad;
			}
			/* the bits left over must be zero-free? Go (non-strict) ignores them */
			return 0;
		}
		int v = val(c);
		if (v < 0)
			goto bad;
		acc = acc << 6 | (unsigned)v;
		nbits += 6;
		quad = (quad + 1) % 4;
		if (nbits >= 8) {
			nbits -= 8;
			strbuf_addch(out, (int)(acc >> nbits & 0xff));
		}
	}
	if (quad != 0) {
		/* an incomplete final quantum: Go reports where that quantum began */
		i = len - (size_t)quad;
		goto bad;
	}
	return 0;
bad:
	strbuf_setlen(out, start);
	if (bad_at)
		*bad_at = i;
	return -1;
}
