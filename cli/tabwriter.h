/* Go's text/tabwriter as kubectl configures it (printers.GetNewTabWriter:
 * minwidth 6, tabwidth 4, padding 3, padchar ' ', no flags): cells end in '\t',
 * the text after a line's last tab is not aligned, column widths are computed
 * per column block (consecutive lines that have that cell). */
#ifndef KC_CLI_TABWRITER_H
#define KC_CLI_TABWRITER_H

#include <stdio.h>

#include "util/strbuf.h"

struct tabwriter {
	int minwidth, padding;
	struct strbuf text;
};

void tabwriter_init(struct tabwriter *tw);    /* kubectl's settings */
void tabwriter_release(struct tabwriter *tw);
void tabwriter_addf(struct tabwriter *tw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Format everything added so far into out and reset. */
void tabwriter_flush(struct tabwriter *tw, struct strbuf *out);

#endif
