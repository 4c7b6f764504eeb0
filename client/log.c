/* klog-format log lines (kubectl's -v output) and secret redaction. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "client/client.h"

int kc_log_verbosity;

/* klog's header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] */
void kc_klog(char severity, const char *src, const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%c%02d%02d %02d:%02d:%02d.%06ld %7d %s] ", severity, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)tv.tv_usec, (int)getpid(), src);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!strbuf_ends_with(&sb, "\n"))
		strbuf_addch(&sb, '\n');
	fflush(stdout);
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
}

/* client-go's maskValue: "Bearer <masked>" for bearer tokens, "<masked>" otherwise
 * (Basic auth keeps its scheme too). */
void kc_redact_header(struct strbuf *line)
{
	const char *colon = strchr(line->buf, ':');
	if (!colon)
		return;
	size_t nlen = (size_t)(colon - line->buf);
	if (!(nlen == 13 && !strncasecmp(line->buf, "Authorization", 13)))
		return;
	const char *v = colon + 1;
	while (*v == ' ')
		v++;
	struct strbuf out = STRBUF_INIT;
	strbuf_add(&out, line->buf, (size_t)(v - line->buf));
	const char *sp = strchr(v, ' ');
	if (sp && (!strncasecmp(v, "Bearer ", 7) || !strncasecmp(v, "Basic ", 6))) {
		strbuf_add(&out, v, (size_t)(sp - v));
		strbuf_addstr(&out, " <masked>");
	} else {
		strbuf_addstr(&out, "<masked>");
	}
	strbuf_release(line);
	*line = out;
}

/* ---------------------------------------------------------------- round trips */

#include "client/internal.h"
#include "util/gostr.h"

static void curl_quote_header(struct strbuf *sb, const char *h)
{
	struct strbuf line = STRBUF_INIT;
	strbuf_addstr(&line, h);
	kc_redact_header(&line);
	strbuf_addstr(sb, " -H \"");
	strbuf_addbuf(sb, &line);
	strbuf_addch(sb, '"');
	strbuf_release(&line);
}

void client_log_body(struct kc_client *c, const char *src, const char *what, const char *body,
		     size_t len)
{
	if (c->opts.verbosity < 8 || (src && !strcmp(src, "-")))
		return;
	struct strbuf q = STRBUF_INIT, cut = STRBUF_INIT;
	/* client-go shows 1024 bytes at -v=8, 10240 at -v=9, all from -v=10 */
	size_t max = c->opts.verbosity >= 10 ? (size_t)-1 : c->opts.verbosity == 9 ? 10240 : 1024;
	if (body && len > max) {
		strbuf_add(&cut, body, max);
		strbuf_addf(&cut, " [truncated %zu chars]", len - max);
		body = cut.buf;
		len = cut.len;
	}
	if (body && memchr(body, '\n', len)) {
		/* klog's multi-line value: body=<, each line after a tab, then " >" */
		strbuf_addstr(&q, "<\n");
		size_t start = 0;
		while (start < len) {
			const char *nl = memchr(body + start, '\n', len - start);
			size_t end = nl ? (size_t)(nl - body) : len;
			strbuf_addch(&q, '\t');
			strbuf_add(&q, body + start, end - start);
			strbuf_addch(&q, '\n');
			start = end + 1;
		}
		strbuf_addstr(&q, " >");
	} else {
		go_quote(&q, body ? body : "", body ? len : 0);
	}
	kc_klog('I', src ? src : "request.go:1212", "\"%s\" body=%s", what, q.buf);
	strbuf_release(&q);
	strbuf_release(&cut);
}

void client_log_request(struct kc_client *c, const struct kc_request *req, const char *url,
			const struct strvec *headers)
{
	int v = c->opts.verbosity;
	const char *m = req->method ? req->method : "GET";
	client_log_body(c, req->log_src, "Request Body", req->body, req->body_len);
	if (v >= 9) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "curl -v -X%s ", m);
		for (size_t i = 0; i < headers->nr; i++)
			curl_quote_header(&sb, headers->v[i]);
		strbuf_addf(&sb, " '%s'", url);
		kc_klog('I', "round_trippers.go:473", "%s", sb.buf);
		strbuf_release(&sb);
	} else if (v >= 7) {
		kc_klog('I', "round_trippers.go:470", "%s %s", m, url);
		kc_klog('I', "round_trippers.go:476", "Request Headers:");
		for (size_t i = 0; i < headers->nr; i++) {
			struct strbuf line = STRBUF_INIT;
			strbuf_addstr(&line, headers->v[i]);
			kc_redact_header(&line);
			kc_klog('I', "round_trippers.go:480", "    %s", line.buf);
			strbuf_release(&line);
		}
	}
}

static long ms_of(double s)
{
	return s > 0 ? (long)(s * 1000.0) : 0;
}

void client_log_response(struct kc_client *c, const struct kc_request *req, const char *url,
			 const struct kc_response *r, const struct http_timing *t, double elapsed)
{
	int v = c->opts.verbosity;
	const char *m = req->method ? req->method : "GET";
	if (v >= 9 && !t->reused && t->ip[0])
		kc_klog('I', "round_trippers.go:517", "HTTP Trace: Dial to tcp:%s:%d succeed", t->ip, t->port);
	if (v >= 9 || (v == 6))
		kc_klog('I', "round_trippers.go:560", "%s %s %s in %ld milliseconds", m, url, r->status_text,
			ms_of(elapsed));
	else if (v >= 7)
		kc_klog('I', "round_trippers.go:581", "Response Status: %s in %ld milliseconds", r->status_text,
			ms_of(elapsed));
	if (v >= 9) {
		double first = t->first_byte ? t->first_byte : t->pretransfer;
		double serve = first > t->pretransfer ? first - t->pretransfer : 0;
		if (t->reused) {
			/* a kept-alive connection: Go reports the wait for it instead */
			kc_klog('I', "round_trippers.go:577",
				"HTTP Statistics: GetConnection %ld ms ServerProcessing %ld ms Duration %ld ms",
				ms_of(t->pretransfer - t->start), ms_of(serve), ms_of(elapsed));
		} else {
			double dns = t->dns > t->start ? t->dns - t->start : 0;
			double dial = t->connect > t->dns ? t->connect - t->dns : 0;
			double hs = t->tls > t->connect ? t->tls - t->connect : 0;
			kc_klog('I', "round_trippers.go:577",
				"HTTP Statistics: DNSLookup %ld ms Dial %ld ms TLSHandshake %ld ms ServerProcessing %ld ms Duration %ld ms",
				ms_of(dns), ms_of(dial), ms_of(hs), ms_of(serve), ms_of(elapsed));
		}
	}
	if (v >= 8) {
		kc_klog('I', "round_trippers.go:584", "Response Headers:");
		for (size_t i = 0; i < r->headers.nr; i++)
			kc_klog('I', "round_trippers.go:587", "    %s", r->headers.v[i]);
		client_log_body(c, req->log_resp_src ? req->log_resp_src : req->log_src, "Response Body",
				r->body.buf, r->body.len);
	}
}

void client_log_failure(struct kc_client *c, const struct kc_request *req, const char *url,
			double elapsed)
{
	int v = c->opts.verbosity;
	const char *m = req->method ? req->method : "GET";
	if (v >= 9 || v == 6)
		kc_klog('I', "round_trippers.go:560", "%s %s  in %ld milliseconds", m, url, ms_of(elapsed));
	else if (v >= 7)
		kc_klog('I', "round_trippers.go:581", "Response Status:  in %ld milliseconds", ms_of(elapsed));
	if (v >= 8)
		kc_klog('I', "round_trippers.go:584", "Response Headers:");
}

void kc_client_log_body(struct kc_client *c, const char *src, const char *what, const char *body,
			size_t len)
{
	client_log_body(c, src, what, body, len);
}
