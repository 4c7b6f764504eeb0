/* strbuf: a growable byte string that is never NULL and always NUL-terminated.
 *
 * Lifecycle as in git: STRBUF_INIT / strbuf_init allocate nothing; strbuf_release
 * frees the contents and re-initialises; strbuf_detach hands the bytes to the
 * caller (who frees them) and re-initialises. Allocation failure aborts. */
#ifndef KC_UTIL_STRBUF_H
#define KC_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t len;   /* bytes used, excluding the terminating NUL */
	size_t alloc; /* bytes allocated; 0 means buf points at a static "" */
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Returns the bytes (caller frees; never NULL) and re-initialises sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_insert(struct strbuf *sb, size_t pos, const void *data, size_t len);
void strbuf_remove(struct strbuf *sb, size_t pos, size_t len);

/* Trailing/leading whitespace removal (space, \t, \n, \r, \v, \f). */
void strbuf_rtrim(struct strbuf *sb);
void strbuf_ltrim(struct strbuf *sb);
void strbuf_trim(struct strbuf *sb);

int strbuf_starts_with(const struct strbuf *sb, const char *prefix);
int strbuf_ends_with(const struct strbuf *sb, const char *suffix);

/* Small string helpers (no strbuf). */
int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);
/* xmalloc family: abort with a message on allocation failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
