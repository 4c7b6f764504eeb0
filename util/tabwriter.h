/* Go's text/tabwriter as kubectl configures it (github.com/liggitt/tabwriter via
 * printers.GetNewTabWriter: minwidth 6, tabwidth 4, padding 3, padchar ' ').
 * Cells end in '\t' or '\v'; the text after a line's last tab is not aligned;
 * column widths are computed per column block (consecutive lines that have that
 * cell); a line with no tab, or '\f', ends all blocks (Go flushes there).
 * kc's one tabwriter: kube/customcol.c streams through it, cli/ commands
 * collect a table with tabwriter_addf and format it with tabwriter_flush. */
#ifndef KC_UTIL_TABWRITER_H
#define KC_UTIL_TABWRITER_H

#include <stddef.h>

#include "util/strbuf.h"

/* RememberWidths: a column never gets narrower than it was in an earlier block
 * of the same writer (kubectl's flag; liggitt/tabwriter keeps it across Flush). */
#define TABWRITER_REMEMBER_WIDTHS 1u

struct tabwriter_cell {
	size_t start, size, width;
};

struct tabwriter_line {
	struct tabwriter_cell *c;
	size_t n, alloc;
};

struct tabwriter {
	int minwidth, padding;
	unsigned flags;
	struct strbuf text;  /* tabwriter_addf's table, formatted by tabwriter_flush */
	struct strbuf *out;  /* where the stream API writes (borrowed) */
	struct strbuf buf;   /* the text of the cells not yet written */
	struct tabwriter_line *lines;
	size_t nlines, alines;
	struct tabwriter_cell cell;
	size_t pos; /* start of the cell text not yet counted in cell.width */
	size_t *widths, nwidths, awidths;
	size_t *maxw, nmaxw, amaxw;
};

/* kubectl's settings, no flags; allocates nothing. */
void tabwriter_init(struct tabwriter *tw);
void tabwriter_release(struct tabwriter *tw);

/* Table API: append to the table (a missing final newline is supplied at
 * flush), then format it all into out and start a new table. */
void tabwriter_addf(struct tabwriter *tw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tabwriter_flush(struct tabwriter *tw, struct strbuf *out);

/* Stream API (Go's Writer): tabwriter_init, tabwriter_start(out, flags), then
 * tabwriter_write any number of times and tabwriter_end to write what is
 * buffered (text after the last newline is written as is). */
void tabwriter_start(struct tabwriter *tw, struct strbuf *out, unsigned flags);
void tabwriter_write(struct tabwriter *tw, const char *s, size_t n);
void tabwriter_end(struct tabwriter *tw);

#endif
