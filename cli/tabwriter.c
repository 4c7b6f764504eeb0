/* Go's text/tabwriter (the subset kubectl uses). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tabwriter.h"

struct cell {
	const char *s;
	size_t len, width;
};

struct line {
	struct cell *cells;
	size_t n;
};

void tabwriter_init(struct tabwriter *tw)
{
	tw->minwidth = 6;
	tw->padding = 3;
	strbuf_init(&tw->text, 0);
}

void tabwriter_release(struct tabwriter *tw)
{
	strbuf_release(&tw->text);
}

void tabwriter_addf(struct tabwriter *tw, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&tw->text, fmt, ap);
	va_end(ap);
}

static size_t rune_width(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

struct fmt_state {
	struct tabwriter *tw;
	struct line *lines;
	size_t *widths;
	size_t nwidths;
	struct strbuf *out;
};

static void write_lines(struct fmt_state *st, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		struct line *l = &st->lines[i];
		for (size_t j = 0; j < l->n; j++) {
			struct cell *c = &l->cells[j];
			strbuf_add(st->out, c->s, c->len);
			if (j < st->nwidths && j + 1 < l->n)
				strbuf_addchars(st->out, ' ', st->widths[j] > c->width ? st->widths[j] - c->width : 0);
		}
		strbuf_addch(st->out, '\n');
	}
}

static void format(struct fmt_state *st, size_t line0, size_t line1)
{
	size_t column = st->nwidths;
	for (size_t this = line0; this < line1; this++) {
		struct line *l = &st->lines[this];
		if (column + 1 >= l->n)
			continue;
		write_lines(st, line0, this);
		line0 = this;
		size_t width = (size_t)st->tw->minwidth;
		for (; this < line1; this++) {
			l = &st->lines[this];
			if (column + 1 >= l->n)
				break;
			size_t w = l->cells[column].width + (size_t)st->tw->padding;
			if (w > width)
				width = w;
		}
		st->widths[st->nwidths++] = width;
		format(st, line0, this);
		st->nwidths--;
		line0 = this;
		this--; /* the loop's ++ */
	}
	write_lines(st, line0, line1);
}

void tabwriter_flush(struct tabwriter *tw, struct strbuf *out)
{
	/* split into lines and cells (a trailing newline ends the last line) */
	size_t nlines = 0, alloc = 0, maxcells = 0;
	struct line *lines = NULL;
	const char *p = tw->text.buf, *end = tw->text.buf + tw->text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (nlines == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			lines = xrealloc(lines, alloc * sizeof *lines);
		}
		struct line *l = &lines[nlines++];
		l->cells = NULL;
		l->n = 0;
		size_t calloc_ = 0;
		const char *q = p;
		for (;;) {
			const char *tab = memchr(q, '\t', (size_t)(le - q));
			const char *ce = tab ? tab : le;
			if (l->n == calloc_) {
				calloc_ = calloc_ ? calloc_ * 2 : 8;
				l->cells = xrealloc(l->cells, calloc_ * sizeof *l->cells);
			}
			l->cells[l->n].s = q;
			l->cells[l->n].len = (size_t)(ce - q);
			l->cells[l->n].width = rune_width(q, (size_t)(ce - q));
			l->n++;
			if (!tab)
				break;
			q = tab + 1;
		}
		if (l->n > maxcells)
			maxcells = l->n;
		p = nl ? nl + 1 : end;
	}
	struct fmt_state st = { tw, lines, xcalloc(maxcells + 1, sizeof(size_t)), 0, out };
	format(&st, 0, nlines);
	for (size_t i = 0; i < nlines; i++)
		free(lines[i].cells);
	free(lines);
	free(st.widths);
	strbuf_reset(&tw->text);
}
