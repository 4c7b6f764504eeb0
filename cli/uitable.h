/* gosuri/uitable as helm prints its tables (list, history, dependency list). */
#ifndef KC_CLI_UITABLE_H
#define KC_CLI_UITABLE_H

#include <stddef.h>

#include "util/strbuf.h"

/* nrows rows of ncols cells (row-major; NULL = ""): each cell padded to its
 * column's width in runes, or cut to maxw runes ending in "..." when maxw > 0
 * and the cell is wider; cells joined by "\t"; every row ends in "\n". */
void uitable_print(struct strbuf *out, const char *const *cells, size_t ncols, size_t nrows,
		   size_t maxw);

#endif
