/* Files and paths. Messages follow Go's os errors ("open PATH: no such file or
 * directory") because kubectl prints those. */
#ifndef KC_UTIL_FILE_H
#define KC_UTIL_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"
#include "util/strbuf.h"

#define KC_FILE_MAX (256u << 20) /* cap on any single input file: 256 MiB */

/* Append the whole file (or "-" for stdin) to out. -1 with Go's wording on error. */
int file_read(const char *path, struct strbuf *out, struct kc_err *err);
/* Read a whole stream. */
int fd_read_all(int fd, struct strbuf *out, size_t cap);
/* Write data to path atomically (temp file in the same dir + rename), with mode. */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		      struct kc_err *err);
int file_exists(const char *path);
int dir_exists(const char *path);
/* mkdir -p with mode; 0 or -1 with errno. */
int mkdir_p(const char *path, mode_t mode);

/* Paths (results are new strings the caller frees). */
int path_is_abs(const char *p);
char *path_join(const char *dir, const char *name);
char *path_dirname(const char *p);   /* Go's filepath.Dir */
char *path_basename(const char *p);  /* Go's filepath.Base */
char *path_clean(const char *p);     /* Go's filepath.Clean */
/* Go's filepath.Abs: joins relative paths with the cwd, then cleans. */
char *path_abs(const char *p);
/* The user's home directory ($HOME, else the passwd entry). Borrowed. */
const char *home_dir(void);

#endif
