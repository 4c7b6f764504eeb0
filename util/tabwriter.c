/* Go's text/tabwriter (liggitt/tabwriter, the fork kubectl prints through):
 * the one tabwriter of kc; see util/tabwriter.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/tabwriter.h"

static size_t rune_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		size_t len = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 :
			     (b & 0xf8) == 0xf0 ? 4 : 1;
		if (len > n - i)
			len = 1;
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80) {
				len = 1;
				break;
			}
		i += len;
		c++;
	}
	return c;
}

static void tw_add_line(struct tabwriter *tw)
{
	if (tw->nlines == tw->alines) {
		tw->alines = tw->alines ? 2 * tw->alines : 16;
		tw->lines = xrealloc(tw->lines, tw->alines * sizeof *tw->lines);
	}
	memset(&tw->lines[tw->nlines++], 0, sizeof *tw->lines);
}

static size_t tw_terminate_cell(struct tabwriter *tw)
{
	struct tabwriter_line *l = &tw->lines[tw->nlines - 1];
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->c = xrealloc(l->c, l->alloc * sizeof *l->c);
	}
	l->c[l->n++] = tw->cell;
	memset(&tw->cell, 0, sizeof tw->cell);
	tw->cell.start = tw->buf.len;
	return l->n;
}

static void push(size_t **v, size_t *n, size_t *a, size_t x)
{
	if (*n == *a) {
		*a = *a ? 2 * *a : 8;
		*v = xrealloc(*v, *a * sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void tw_write_lines(struct tabwriter *tw, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		struct tabwriter_line *l = &tw->lines[i];
		for (size_t j = 0; j < l->n; j++) {
			struct tabwriter_cell *c = &l->c[j];
			strbuf_add(tw->out, tw->buf.buf + c->start, c->size);
			if (j < tw->nwidths && tw->widths[j] > c->width)
				strbuf_addchars(tw->out, ' ', tw->widths[j] - c->width);
		}
		if (i + 1 == tw->nlines)
			strbuf_add(tw->out, tw->buf.buf + tw->cell.start, tw->cell.size);
		else
			strbuf_addch(tw->out, '\n');
	}
}

static void tw_format(struct tabwriter *tw, size_t line0, size_t line1)
{
	size_t column = tw->nwidths;
	for (size_t this = line0; this < line1; this++) {
		if (column + 1 >= tw->lines[this].n)
			continue;
		tw_write_lines(tw, line0, this);
		line0 = this;
		size_t width = (size_t)tw->minwidth;
		for (; this < line1; this++) {
			struct tabwriter_line *l = &tw->lines[this];
			if (column + 1 >= l->n)
				break;
			if (l->c[column].width + (size_t)tw->padding > width)
				width = l->c[column].width + (size_t)tw->padding;
		}
		if (tw->flags & TABWRITER_REMEMBER_WIDTHS) {
			while (tw->nmaxw < tw->nwidths)
				push(&tw->maxw, &tw->nmaxw, &tw->amaxw, tw->widths[tw->nmaxw]);
			if (tw->nmaxw == tw->nwidths)
				push(&tw->maxw, &tw->nmaxw, &tw->amaxw, width);
			else if (tw->maxw[tw->nwidths] > width)
				width = tw->maxw[tw->nwidths];
			else if (tw->maxw[tw->nwidths] < width)
				tw->maxw[tw->nwidths] = width;
		}
		push(&tw->widths, &tw->nwidths, &tw->awidths, width);
		tw_format(tw, line0, this);
		tw->nwidths--;
		line0 = this;
	}
	tw_write_lines(tw, line0, line1);
}

static void tw_reset(struct tabwriter *tw)
{
	for (size_t i = 0; i < tw->nlines; i++)
		free(tw->lines[i].c);
	tw->nlines = 0;
	strbuf_reset(&tw->buf);
	memset(&tw->cell, 0, sizeof tw->cell);
	tw->pos = 0;
	tw_add_line(tw);
}

/* Deeper than this many columns the recursion of format() is not safe on the C
 * stack; such a segment is written with each cell padded on its own. */
#define TW_MAX_COLUMNS 2000

static void tw_flush(struct tabwriter *tw)
{
	if (tw->cell.size > 0)
		tw_terminate_cell(tw);
	size_t maxcells = 0;
	for (size_t i = 0; i < tw->nlines; i++)
		if (tw->lines[i].n > maxcells)
			maxcells = tw->lines[i].n;
	if (maxcells > TW_MAX_COLUMNS) {
		/* each cell padded on its own (min width, padding), not aligned */
		for (size_t i = 0; i < tw->nlines; i++) {
			struct tabwriter_line *l = &tw->lines[i];
			for (size_t j = 0; j < l->n; j++) {
				struct tabwriter_cell *c = &l->c[j];
				strbuf_add(tw->out, tw->buf.buf + c->start, c->size);
				if (j + 1 < l->n) {
					size_t w = c->width + (size_t)tw->padding;
					strbuf_addchars(tw->out, ' ',
							(w < (size_t)tw->minwidth ? (size_t)tw->minwidth : w) - c->width);
				}
			}
			if (i + 1 < tw->nlines)
				strbuf_addch(tw->out, '\n');
		}
	} else {
		tw_format(tw, 0, tw->nlines);
	}
	tw_reset(tw);
}

void tabwriter_init(struct tabwriter *tw)
{
	memset(tw, 0, sizeof *tw);
	tw->minwidth = 6;
	tw->padding = 3;
	strbuf_init(&tw->text, 0);
	strbuf_init(&tw->buf, 0);
}

void tabwriter_release(struct tabwriter *tw)
{
	for (size_t i = 0; i < tw->nlines; i++)
		free(tw->lines[i].c);
	free(tw->lines);
	free(tw->widths);
	free(tw->maxw);
	strbuf_release(&tw->buf);
	strbuf_release(&tw->text);
	tabwriter_init(tw);
}

void tabwriter_start(struct tabwriter *tw, struct strbuf *out, unsigned flags)
{
	tw->out = out;
	tw->flags = flags;
	if (!tw->nlines)
		tw_add_line(tw);
}

void tabwriter_write(struct tabwriter *tw, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch != '\t' && ch != '\v' && ch != '\n' && ch != '\f')
			continue;
		strbuf_add(&tw->buf, s + start, i - start);
		tw->cell.size += i - start;
		tw->cell.width += rune_count(tw->buf.buf + tw->pos, tw->buf.len - tw->pos);
		tw->pos = tw->buf.len;
		start = i + 1;
		size_t ncells = tw_terminate_cell(tw);
		if (ch == '\n' || ch == '\f') {
			tw_add_line(tw);
			if (ch == '\f' || ncells == 1)
				tw_flush(tw);
		}
	}
	strbuf_add(&tw->buf, s + start, n - start);
	tw->cell.size += n - start;
}

void tabwriter_end(struct tabwriter *tw)
{
	tw_flush(tw);
}

void tabwriter_addf(struct tabwriter *tw, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&tw->text, fmt, ap);
	va_end(ap);
}

void tabwriter_flush(struct tabwriter *tw, struct strbuf *out)
{
	if (tw->text.len && tw->text.buf[tw->text.len - 1] != '\n')
		strbuf_addch(&tw->text, '\n');
	tabwriter_start(tw, out, tw->flags);
	tabwriter_write(tw, tw->text.buf, tw->text.len);
	tabwriter_end(tw);
	strbuf_reset(&tw->text);
	tw->out = NULL;
}
