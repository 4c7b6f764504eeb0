/* kc_http_get_url: kubectl's reading of a manifest from an http(s) URL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"
#include "client/http.h"

static int append_body(void *ud, const char *data, size_t len)
{
	struct strbuf *out = ud;
	if (out->len + len > KC_BODY_MAX)
		return 1;
	strbuf_add(out, data, len);
	return 0;
}

/* Resolve a Location against the URL it came from (absolute, or a path). */
static char *resolve_location(const char *base, const char *loc)
{
	if (strstr(loc, "://"))
		return xstrdup(loc);
	const char *p = strstr(base, "://");
	p = p ? p + 3 : base;
	size_t alen = strcspn(p, "/?#");
	size_t origin = (size_t)(p - base) + alen;
	if (loc[0] == '/' && loc[1] == '/')
		return xasprintf("%.*s%s", (int)(p - base - 2), base, loc);
	if (loc[0] == '/')
		return xasprintf("%.*s%s", (int)origin, base, loc);
	/* relative to the directory of the base path */
	const char *path = base + origin;
	size_t plen = strcspn(path, "?#");
	const char *slash = NULL;
	for (const char *q = path; q < path + plen; q++)
		if (*q == '/')
			slash = q;
	size_t keep = slash ? (size_t)(slash - base) + 1 : origin;
	return xasprintf("%.*s%s%s", (int)keep, base, slash ? "" : "/", loc);
}

/* One GET following redirects (Go's default client: at most 10). 0 = a
 * response (code in *code), -1 = err set. */
static int get_once(struct http_pool *p, const char *url, struct strbuf *out, long *code, char *reason,
		    size_t rn, struct kc_err *err)
{
	char *cur = xstrdup(url);
	struct strvec hv = STRVEC_INIT;
	strvec_push(&hv, "User-Agent: Go-http-client/1.1");
	int ret = -1;
	for (int redirects = 0;; redirects++) {
		strbuf_reset(out);
		struct hx_req rq;
		memset(&rq, 0, sizeof rq);
		rq.method = "GET";
		rq.url = cur;
		rq.headers = &hv;
		rq.gzip = 1;
		struct hx *h = hx_new(p, &rq, append_body, out);
		while (!hx_done(h))
			http_poll(p, &h, 1, -1);
		const struct hx_result *r = hx_result(h);
		if (r->fail != KC_NET_OK) {
			struct strbuf msg = STRBUF_INIT, cause = STRBUF_INIT;
			enum kc_net_fail f = r->fail == KC_NET_ABORTED ? KC_NET_TOO_LARGE : r->fail;
			kc_transport_error_text(&msg, &cause, f, f == KC_NET_TLS ? r->alert : r->os_errno, r->detail, cur,
						r->dial, 0);
			/* kubectl's standardErrorMessage for a url.Error, as for API requests */
			if (r->via_proxy)
				kc_err_raw(err, "Unable to connect to the server: proxyconnect tcp: %s", cause.buf);
			else
				kc_err_raw(err, "%s", msg.buf);
			strbuf_release(&msg);
			strbuf_release(&cause);
			hx_free(p, h);
			break;
		}
		*code = r->code;
		snprintf(reason, rn, "%s", r->reason);
		const char *loc = NULL;
		for (size_t i = 0; i < r->headers->nr; i++)
			if (!strncasecmp(r->headers->v[i], "Location:", 9))
				loc = r->headers->v[i] + 9;
		int redirect = (r->code == 301 || r->code == 302 || r->code == 303 || r->code == 307 ||
				r->code == 308) && loc;
		if (!redirect) {
			hx_free(p, h);
			ret = 0;
			break;
		}
		while (*loc == ' ')
			loc++;
		char *next = resolve_location(cur, loc);
		hx_free(p, h);
		if (redirects + 1 >= 10) {
			kc_err_set(err, "Get \"%s\": stopped after 10 redirects", next);
			free(next);
			break;
		}
		free(cur);
		cur = next;
	}
	strvec_clear(&hv);
	free(cur);
	return ret;
}

int kc_http_get_url(const char *url, struct strbuf *out, struct kc_err *err)
{
	struct http_tls_config tls;
	memset(&tls, 0, sizeof tls);
	struct http_pool *p = http_pool_new(&tls, NULL);
	int rc = -1;
	for (int attempt = 1; attempt <= 3; attempt++) {
		long code = 0;
		char reason[64] = "";
		if (get_once(p, url, out, &code, reason, sizeof reason, err) < 0)
			break;
		if (code == 200) {
			rc = 0;
			break;
		}
		kc_err_set(err, "unable to read URL \"%s\", server reported %ld %s, status code=%ld", url, code,
			   *reason ? reason : http_status_text(code), code);
		if (code < 500 || attempt == 3)
			break;
		sleep(1);
	}
	http_pool_free(p);
	return rc;
}
