/* tar archives in memory, read the way Go's archive/tar reads them (ustar,
 * GNU long names, PAX path/size records), and written as ustar (+PAX for long
 * names) like Go's tar.Writer. Errors in Go's words. */
#ifndef KC_UTIL_TAR_H
#define KC_UTIL_TAR_H

#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

#define TAR_REG '0'
#define TAR_LINK '1'
#define TAR_SYMLINK '2'
#define TAR_DIR '5'
#define TAR_XGLOBAL 'g'

struct tar_reader {
	const unsigned char *buf;
	size_t len, pos;
};

struct tar_entry {
	char *name;        /* owned; released by tar_entry_release / the next tar_next */
	char type;         /* typeflag; '\0' with a trailing '/' becomes '5', else '0' */
	long long size;    /* header size */
	unsigned mode;     /* permission bits */
	const char *data;  /* borrowed from the archive buffer */
	size_t avail;      /* bytes of data present (< size if the archive is truncated) */
};

void tar_reader_init(struct tar_reader *r, const void *buf, size_t len);
/* 1 with *e filled, 0 at the end of the archive, -1 with err
 * ("archive/tar: invalid tar header", "unexpected EOF"). */
int tar_next(struct tar_reader *r, struct tar_entry *e, struct kc_err *err);
void tar_entry_release(struct tar_entry *e);

/* Writer: entries appended to out; tar_finish adds the two zero blocks. */
void tar_write_file(struct strbuf *out, const char *name, const void *data, size_t len,
		    unsigned mode, long long mtime);
void tar_write_dir(struct strbuf *out, const char *name, unsigned mode, long long mtime);
void tar_finish(struct strbuf *out);

#endif
