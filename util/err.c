#include "util/err.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

void kc_err_init(struct kc_err *e)
{
	e->kind = KC_OK;
	e->exit_code = 0;
	e->http_code = 0;
	e->reason[0] = '\0';
	strbuf_init(&e->msg, 0);
}

void kc_err_release(struct kc_err *e)
{
	strbuf_release(&e->msg);
	kc_err_init(e);
}

int kc_err_isset(const struct kc_err *e)
{
	return e && e->kind != KC_OK;
}

static int vset(struct kc_err *e, enum kc_err_kind kind, const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	strbuf_release(&e->msg);
	e->msg = sb;
	e->kind = kind;
	if (!e->exit_code)
		e->exit_code = 1;
	return -1;
}

int kc_err_set(struct kc_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(e, KC_ERR_PLAIN, fmt, ap);
	va_end(ap);
	return -1;
}

int kc_err_raw(struct kc_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(e, KC_ERR_RAW, fmt, ap);
	va_end(ap);
	return -1;
}

int kc_err_usage(struct kc_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(e, KC_ERR_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

void kc_err_prefix(struct kc_err *e, const char *fmt, ...)
{
	if (!e)
		return;
	struct strbuf p = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&p, fmt, ap);
	va_end(ap);
	strbuf_insert(&e->msg, 0, p.buf, p.len);
	strbuf_release(&p);
}

void kc_err_move(struct kc_err *dst, struct kc_err *src)
{
	strbuf_release(&dst->msg);
	*dst = *src;
	kc_err_init(src);
}

const char *go_errno_str(int errnum)
{
	/* Go's syscall error table is glibc's strerror text with a lower-case first
	 * letter; keep a small static cache per errno. */
	static char buf[128];
	const char *s = strerror(errnum);
	snprintf(buf, sizeof buf, "%s", s);
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}
