/* uitable.c: gosuri/uitable's layout, the one helm's table output uses. */
#include <stdlib.h>
#include <string.h>

#include "cli/uitable.h"
#include "util/strbuf.h"

static size_t runes(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			w++;
	return w;
}

/* the bytes of s's first n runes */
static size_t rune_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0)
			break;
	return i;
}

static void cell(struct strbuf *out, const char *s, size_t w)
{
	size_t n = runes(s);
	if (n > w) {
		if (w > 3) {
			strbuf_add(out, s, rune_prefix(s, w - 3));
			strbuf_addstr(out, "...");
		} else {
			strbuf_add(out, s, rune_prefix(s, w));
		}
		return;
	}
	strbuf_addstr(out, s);
	strbuf_addchars(out, ' ', w - n);
}

void uitable_print(struct strbuf *out, const char *const *cells, size_t ncols, size_t nrows,
		   size_t maxw)
{
	if (!ncols)
		return;
	size_t *w = xcalloc(ncols, sizeof(*w));
	for (size_t i = 0; i < ncols * nrows; i++) {
		size_t n = runes(cells[i] ? cells[i] : "");
		if (maxw && n > maxw)
			n = maxw;
		if (n > w[i % ncols])
			w[i % ncols] = n;
	}
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *s = cells[r * ncols + c];
			if (c)
				strbuf_addch(out, '\t');
			cell(out, s ? s : "", w[c]);
		}
		strbuf_addch(out, '\n');
	}
	free(w);
}
