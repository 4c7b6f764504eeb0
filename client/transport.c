/* The HTTP transport: one connection pool per client (client/http.c), TLS from
 * memory, auth and impersonation headers, timeouts, client-go's retries and
 * kubectl's -v logging. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "client/client.h"
#include "client/http.h"
#include "client/internal.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/gostr.h"

#define KC_MAX_RETRIES 10

struct xfer {
	struct kc_client *c;
	const struct kc_request *req;
	struct kc_response *resp;
	struct hx *hx;         /* the exchange in flight */
	char *url;
	int attempts;
	int done;
	int reread_token;      /* token file re-read once after a 401 */
	double due;            /* monotonic seconds when a retry may start; 0 = now */
	double started;
	kc_stream_fn stream;   /* streaming: 2xx body chunks go here */
	void *stream_ud;
	int stream_stopped;
	int too_large;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void kc_response_init(struct kc_response *r)
{
	memset(r, 0, sizeof *r);
	strbuf_init(&r->body, 0);
	strvec_init(&r->headers);
	kc_err_init(&r->err);
}

void kc_response_release(struct kc_response *r)
{
	strbuf_release(&r->body);
	strvec_clear(&r->headers);
	free(r->content_type);
	free(r->cause);
	kc_err_release(&r->err);
	kc_response_init(r);
}

const char *kc_response_header(const struct kc_response *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->headers.nr; i++) {
		const char *h = r->headers.v[i];
		if (!strncasecmp(h, name, n) && h[n] == ':') {
			h += n + 1;
			while (*h == ' ')
				h++;
			return h;
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------- client */

static char *host_port_of(const char *host)
{
	const char *p = strstr(host, "://");
	p = p ? p + 3 : host;
	size_t n = strcspn(p, "/");
	return xstrndup(p, n);
}

struct kc_client *kc_client_new(const struct kc_rest_config *rc, const struct kc_client_opts *opts,
				struct kc_err *err)
{
	if (!rc || !rc->host || !*rc->host) {
		kc_err_set(err, "no server found for cluster");
		return NULL;
	}
	struct kc_client *c = xcalloc(1, sizeof *c);
	c->rc = rc;
	if (opts)
		c->opts = *opts;
	if (!c->opts.user_agent)
		c->opts.user_agent = KC_USER_AGENT;
	c->cache_dir = c->opts.cache_dir ? xstrdup(c->opts.cache_dir) : NULL;
	c->host_port = host_port_of(rc->host);
	strvec_init(&c->warnings);
	kc_log_verbosity = c->opts.verbosity;
	if (c->opts.verbosity >= 1) {
		/* client-go logs its feature gates when the first client is built */
		static const char *const gates[] = { "ClientsAllowCBOR", "ClientsPreferCBOR",
						     "InformerResourceVersion", "WatchListClient" };
		for (size_t i = 0; i < sizeof gates / sizeof *gates; i++)
			kc_klog('I', "envvar.go:172", "\"Feature gate default state\" feature=\"%s\" enabled=false",
				gates[i]);
	}
	if (rc->bearer_token)
		c->token = xstrdup(rc->bearer_token);
	else if (rc->token_file && *rc->token_file)
		client_read_token_file(c, NULL);
	return c;
}

void kc_client_free(struct kc_client *c)
{
	if (!c)
		return;
	http_pool_free(c->pool);
	free(c->token);
	free(c->exec_cert);
	free(c->exec_key);
	free(c->host_port);
	free(c->cache_dir);
	free(c->last_url_error);
	strvec_clear(&c->warnings);
	if (c->disco) {
		kc_discovery_release(c->disco);
		free(c->disco);
	}
	free(c);
}

const struct kc_rest_config *kc_client_config(const struct kc_client *c)
{
	return c->rc;
}

int kc_client_verbosity(const struct kc_client *c)
{
	return c->opts.verbosity;
}

int client_read_token_file(struct kc_client *c, struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_err e2 = KC_ERR_INIT;
	if (file_read(c->rc->token_file, &sb, err ? err : &e2) < 0) {
		strbuf_release(&sb);
		kc_err_release(&e2);
		return -1;
	}
	kc_err_release(&e2);
	strbuf_trim(&sb);
	free(c->token);
	c->token = strbuf_detach(&sb, NULL);
	return 0;
}

/* ---------------------------------------------------------------- helpers */

/* Go's time.Duration.String for whole milliseconds. */
void go_duration_ms(struct strbuf *out, long long ms)
{
	if (ms <= 0) {
		strbuf_addstr(out, "0s");
		return;
	}
	if (ms < 1000) {
		strbuf_addf(out, "%lldms", ms);
		return;
	}
	long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
	if (h)
		strbuf_addf(out, "%lldh", h);
	if (h || m)
		strbuf_addf(out, "%lldm", m);
	strbuf_addf(out, "%lld", s);
	if (frac) {
		char f[8];
		snprintf(f, sizeof f, "%03lld", frac);
		for (int i = 2; i > 0 && f[i] == '0'; i--)
			f[i] = '\0';
		strbuf_addf(out, ".%s", f);
	}
	strbuf_addch(out, 's');
}

static long long effective_timeout(const struct xfer *x)
{
	if (x->c->rc->timeout_ms > 0)
		return x->c->rc->timeout_ms;
	return x->req->timeout_ms;
}

static char *build_url(struct kc_client *c, const struct kc_request *req, long long timeout_ms)
{
	struct strbuf u = STRBUF_INIT;
	strbuf_addstr(&u, c->rc->host);
	while (u.len && u.buf[u.len - 1] == '/')
		strbuf_setlen(&u, u.len - 1);
	const char *p = req->path ? req->path : "/";
	if (*p != '/')
		strbuf_addch(&u, '/');
	strbuf_addstr(&u, p);
	if (timeout_ms > 0) {
		strbuf_addstr(&u, strchr(p, '?') ? "&timeout=" : "?timeout=");
		go_duration_ms(&u, timeout_ms);
	}
	return strbuf_detach(&u, NULL);
}

/* The request headers kubectl sends, in the order it logs them (sorted by name). */
static void build_headers(struct xfer *x, struct strvec *out)
{
	struct kc_client *c = x->c;
	const struct kc_rest_config *rc = c->rc;
	const struct kc_request *req = x->req;
	strvec_pushf(out, "Accept: %s", req->accept ? req->accept : KC_ACCEPT_JSON);
	if (c->token && *c->token)
		strvec_pushf(out, "Authorization: Bearer %s", c->token);
	else if (rc->username && *rc->username) {
		struct strbuf up = STRBUF_INIT, b64 = STRBUF_INIT;
		strbuf_addf(&up, "%s:%s", rc->username, rc->password ? rc->password : "");
		base64_encode(&b64, up.buf, up.len);
		strvec_pushf(out, "Authorization: Basic %s", b64.buf);
		strbuf_release(&up);
		strbuf_release(&b64);
	}
	if (req->body)
		strvec_pushf(out, "Content-Type: %s",
			     req->content_type ? req->content_type : "application/json");
	for (size_t i = 0; i < rc->impersonate_groups.nr; i++)
		strvec_pushf(out, "Impersonate-Group: %s", rc->impersonate_groups.v[i]);
	if (rc->impersonate_uid && *rc->impersonate_uid)
		strvec_pushf(out, "Impersonate-Uid: %s", rc->impersonate_uid);
	if (rc->impersonate_user && *rc->impersonate_user)
		strvec_pushf(out, "Impersonate-User: %s", rc->impersonate_user);
	strvec_pushf(out, "User-Agent: %s", c->opts.user_agent);
	if (req->headers)
		for (size_t i = 0; i < req->headers->nr; i++)
			strvec_push(out, req->headers->v[i]);
}

static int body_cb(void *ud, const char *data, size_t len)
{
	struct xfer *x = ud;
	if (x->stream) {
		long code = hx_result(x->hx)->code;
		if (code >= 200 && code <= 299) {
			if (x->stream(x->stream_ud, data, len)) {
				x->stream_stopped = 1;
				return 1;
			}
			return 0;
		}
	}
	if (x->resp->body.len + len > KC_BODY_MAX) {
		x->too_large = 1;
		return 1;
	}
	strbuf_add(&x->resp->body, data, len);
	return 0;
}

static int exec_credentials(struct kc_client *c, struct kc_err *err)
{
	if (!c->rc->exec || c->exec_done)
		return 0;
	c->exec_done = 1;
	return client_run_exec(c, 0, err);
}

/* The pool is made on the first request, so commands that end up answering
 * from the discovery cache never set up OpenSSL. */
static struct http_pool *pool_of(struct kc_client *c)
{
	const struct kc_rest_config *rc = c->rc;
	if (!c->pool) {
		struct http_tls_config tls;
		memset(&tls, 0, sizeof tls);
		tls.ca_pem = rc->ca_pem.len ? rc->ca_pem.buf : NULL;
		tls.ca_len = rc->ca_pem.len;
		tls.insecure = rc->insecure;
		tls.server_name = rc->tls_server_name;
		c->pool = http_pool_new(&tls, rc->proxy_url);
	}
	const char *cert = c->exec_cert ? c->exec_cert : rc->cert_pem.len ? rc->cert_pem.buf : NULL;
	const char *key = c->exec_key ? c->exec_key : rc->key_pem.len ? rc->key_pem.buf : NULL;
	if (cert && key)
		http_pool_set_client_cert(c->pool, cert, key);
	else
		http_pool_set_client_cert(c->pool, NULL, NULL);
	return c->pool;
}

static void start_xfer(struct xfer *x)
{
	struct kc_client *c = x->c;
	const struct kc_rest_config *rc = c->rc;
	const struct kc_request *req = x->req;
	long long tmo = effective_timeout(x);
	free(x->url);
	x->url = build_url(c, req, tmo);
	struct strvec hv = STRVEC_INIT;
	build_headers(x, &hv);
	struct hx_req rq;
	memset(&rq, 0, sizeof rq);
	rq.method = req->method ? req->method : "GET";
	rq.url = x->url;
	rq.headers = &hv;
	rq.body = req->body;
	rq.body_len = req->body ? req->body_len : 0;
	rq.gzip = !rc->disable_compression;
	rq.timeout_ms = tmo;
	client_log_request(c, req, x->url, &hv);
	x->started = now_s();
	x->hx = hx_new(pool_of(c), &rq, body_cb, x);
	strvec_clear(&hv);
}

static int is_idempotent(const char *m)
{
	return !m || !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

/* client-go's checkWait: 429 or 5xx with an integer Retry-After. */
static long retry_after(const struct kc_response *r)
{
	if (r->code != 429 && r->code < 500)
		return -1;
	const char *ra = kc_response_header(r, "Retry-After");
	if (!ra)
		return -1;
	char *end;
	long v = strtol(ra, &end, 10);
	if (end == ra || *end || v < 0)
		return -1;
	return v;
}

/* client-go's warning handler: each `Warning: 299 - "text"` header prints
 * "Warning: text" on stderr, once per text per process. */
static void print_warnings(struct kc_client *c, const struct kc_response *r)
{
	for (size_t i = 0; i < r->headers.nr; i++) {
		const char *h = r->headers.v[i];
		if (strncasecmp(h, "Warning:", 8))
			continue;
		const char *p = h + 8;
		while (*p == ' ')
			p++;
		if (strncmp(p, "299 ", 4))
			continue;
		p += 4;
		p += strcspn(p, " ");   /* agent */
		while (*p == ' ')
			p++;
		if (*p != '"')
			continue;
		p++;
		struct strbuf text = STRBUF_INIT;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			strbuf_addch(&text, *p++);
		}
		if (*p == '"' && text.len && !strvec_contains(&c->warnings, text.buf)) {
			strvec_push(&c->warnings, text.buf);
			fflush(stdout);
			fprintf(stderr, "Warning: %s\n", text.buf);
		}
		strbuf_release(&text);
	}
}

int kc_client_warning_count(const struct kc_client *c)
{
	return (int)c->warnings.nr;
}

/* A finished exchange: fill the response, decide on a retry. Returns 1 when the
 * request must be sent again (x->due set), 0 when done. */
static int finish(struct xfer *x)
{
	struct kc_client *c = x->c;
	struct kc_response *r = x->resp;
	const struct hx_result *hr = hx_result(x->hx);
	enum kc_net_fail fail = hr->fail;
	if (fail == KC_NET_ABORTED && x->stream_stopped)
		fail = KC_NET_OK;
	else if (fail == KC_NET_ABORTED && x->too_large)
		fail = KC_NET_TOO_LARGE;
	else if (fail == KC_NET_TIMEOUT && hr->got_head)
		fail = KC_NET_TIMEOUT_BODY;
	double elapsed = now_s() - x->started;
	/* the headers as received, even when the body then failed (a watch
	 * that timed out had started) */
	strvec_clear(&r->headers);
	for (size_t i = 0; hr->got_head && i < hr->headers->nr; i++)
		strvec_push(&r->headers, hr->headers->v[i]);
	if (fail == KC_NET_OK) {
		long code = hr->code;
		r->code = code;
		const char *st = http_status_text(code);
		snprintf(r->status_text, sizeof r->status_text, "%ld%s%s", code, *st ? " " : "", st);
		free(r->content_type);
		const char *ct = kc_response_header(r, "Content-Type");
		r->content_type = ct ? xstrdup(ct) : NULL;
		client_log_response(c, x->req, x->url, r, &hr->t, elapsed);
		print_warnings(c, r);
		if (r->code == 401 && c->rc->exec && !x->reread_token) {
			/* the plugin's credential may have expired: run it again, once */
			x->reread_token = 1;
			if (client_run_exec(c, 1, NULL) == 0) {
				x->due = 0;
				return 1;
			}
		}
		if (r->code == 401 && c->rc->token_file && !x->reread_token) {
			x->reread_token = 1;
			char *old = c->token ? xstrdup(c->token) : NULL;
			if (client_read_token_file(c, NULL) == 0 &&
			    (!old || strcmp(old, c->token))) {
				free(old);
				x->due = 0;
				return 1;
			}
			free(old);
		}
		long wait = retry_after(r);
		if (wait >= 0 && x->attempts < KC_MAX_RETRIES) {
			x->attempts++;
			if (c->opts.verbosity >= 4)
				kc_klog('I', "request.go:1258", "Got a Retry-After %lds response for attempt %d to %s",
					wait, x->attempts, x->url);
			x->due = now_s() + (double)wait;
			return 1;
		}
		return 0;
	}
	/* transport failure */
	r->code = 0;
	client_log_failure(c, x->req, x->url, elapsed);
	/* client-go retries a GET whose connection was reset (not a plain EOF) */
	int reset = fail == KC_NET_RESET && hr->os_errno == ECONNRESET;
	if (reset && !x->stream && is_idempotent(x->req->method) && x->attempts < KC_MAX_RETRIES) {
		x->attempts++;
		x->due = now_s() + 1.0;
		return 1;
	}
	struct strbuf msg = STRBUF_INIT, cause = STRBUF_INIT;
	kc_transport_error_text(&msg, &cause, fail, fail == KC_NET_TLS ? hr->alert : hr->os_errno, hr->detail,
				x->url, hr->dial, effective_timeout(x));
	if (hr->via_proxy) {
		/* Go wraps what went wrong on the way to the proxy */
		strbuf_insert(&cause, 0, "proxyconnect tcp: ", strlen("proxyconnect tcp: "));
		strbuf_reset(&msg);
		strbuf_addf(&msg, "Unable to connect to the server: %s", cause.buf);
	}
	kc_err_raw(&r->err, "%s", msg.buf);
	free(r->cause);
	r->cause = strbuf_detach(&cause, NULL);
	if (c->opts.verbosity >= 4)
		kc_klog('I', "helpers.go:264", "Connection error: %s %s: %s",
			client_go_method(x->req->method), x->url, r->cause);
	strbuf_release(&msg);
	return 0;
}

static int run_all(struct kc_client *c, struct xfer *xs, size_t n)
{
	struct http_pool *pool = pool_of(c);
	struct hx **hs = xcalloc(n ? n : 1, sizeof *hs);
	size_t pending = n, active = 0;
	while (pending) {
		double t = now_s();
		double next_due = 0;
		for (size_t i = 0; i < n; i++) {
			struct xfer *x = &xs[i];
			if (x->done || x->hx)
				continue;
			if (x->due > t) {
				if (!next_due || x->due < next_due)
					next_due = x->due;
				continue;
			}
			strbuf_reset(&x->resp->body);
			strvec_clear(&x->resp->headers);
			x->too_large = x->stream_stopped = 0;
			start_xfer(x);
			hs[i] = x->hx;
			active++;
		}
		int wait_ms = -1;
		if (next_due) {
			double d = next_due - now_s();
			wait_ms = d > 0 ? (int)(d * 1000) + 1 : 0;
		}
		if (active)
			http_poll(pool, hs, n, wait_ms);
		else if (wait_ms > 0)
			usleep((useconds_t)wait_ms * 1000);
		for (size_t i = 0; i < n; i++) {
			struct xfer *x = &xs[i];
			if (!hs[i] || !hx_done(hs[i]))
				continue;
			int again = finish(x);
			hx_free(pool, hs[i]);
			hs[i] = x->hx = NULL;
			active--;
			if (!again) {
				x->done = 1;
				pending--;
			}
		}
	}
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		free(xs[i].url);
		xs[i].url = NULL;
		if (kc_err_isset(&xs[i].resp->err))
			failed++;
	}
	free(hs);
	return failed;
}

static int do_all(struct kc_client *c, const struct kc_request *reqs, struct kc_response *resps,
		  size_t n, kc_stream_fn stream, void *stream_ud)
{
	struct kc_err e = KC_ERR_INIT;
	for (size_t i = 0; i < n; i++)
		kc_response_init(&resps[i]);
	if (exec_credentials(c, &e) < 0) {
		for (size_t i = 0; i < n; i++) {
			resps[i].err.kind = e.kind;
			resps[i].err.exit_code = e.exit_code;
			strbuf_addbuf(&resps[i].err.msg, &e.msg);
		}
		kc_err_release(&e);
		return (int)n;
	}
	struct xfer *xs = xcalloc(n ? n : 1, sizeof *xs);
	for (size_t i = 0; i < n; i++) {
		xs[i].c = c;
		xs[i].req = &reqs[i];
		xs[i].resp = &resps[i];
		xs[i].stream = stream;
		xs[i].stream_ud = stream_ud;
	}
	int failed = run_all(c, xs, n);
	free(xs);
	return failed;
}

int kc_client_do_all(struct kc_client *c, const struct kc_request *reqs, struct kc_response *resps,
		     size_t n)
{
	return do_all(c, reqs, resps, n, NULL, NULL);
}

static int finish_one(struct kc_response *resp, struct kc_err *err)
{
	if (kc_err_isset(&resp->err)) {
		if (err) {
			kc_err_release(err);
			err->kind = resp->err.kind;
			err->exit_code = resp->err.exit_code;
			strbuf_addbuf(&err->msg, &resp->err.msg);
		}
		return -1;
	}
	return 0;
}

int kc_client_stream(struct kc_client *c, const struct kc_request *req, kc_stream_fn on_data,
		     void *ud, struct kc_response *resp, struct kc_err *err)
{
	do_all(c, req, resp, 1, on_data, ud);
	return finish_one(resp, err);
}

struct watch_state {
	struct strbuf line;
	kc_watch_fn fn;
	void *ud;
	int stop;
};

static int watch_chunk(void *ud, const char *data, size_t len)
{
	struct watch_state *w = ud;
	for (size_t i = 0; i < len && !w->stop; i++) {
		if (data[i] != '\n') {
			strbuf_addch(&w->line, data[i]);
			if (w->line.len > KC_BODY_MAX)
				return 1;
			continue;
		}
		json_t *ev = json_loadb(w->line.buf, w->line.len, 0, NULL);
		strbuf_reset(&w->line);
		if (!ev)
			continue;
		const char *type = json_string_value(json_object_get(ev, "type"));
		w->stop = w->fn(w->ud, type ? type : "", json_object_get(ev, "object"));
		json_decref(ev);
	}
	return w->stop;
}

int kc_client_watch(struct kc_client *c, const char *path, kc_watch_fn on_event, void *ud,
		    struct kc_err *err)
{
	struct watch_state w = { STRBUF_INIT, on_event, ud, 0 };
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	int ret = kc_client_stream(c, &req, watch_chunk, &w, &resp, err);
	if (ret == 0 && (resp.code < 200 || resp.code > 299))
		ret = kc_status_error(&resp, NULL, err);
	kc_response_release(&resp);
	strbuf_release(&w.line);
	return ret;
}

int kc_client_do(struct kc_client *c, const struct kc_request *req, struct kc_response *resp,
		 struct kc_err *err)
{
	kc_client_do_all(c, req, resp, 1);
	if (kc_err_isset(&resp->err)) {
		if (err) {
			kc_err_release(err);
			err->kind = resp->err.kind;
			err->exit_code = resp->err.exit_code;
			strbuf_addbuf(&err->msg, &resp->err.msg);
		}
		return -1;
	}
	return 0;
}

json_t *kc_client_get_json(struct kc_client *c, const char *path, struct kc_err *err)
{
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	if (kc_client_do(c, &req, &resp, err) < 0) {
		kc_response_release(&resp);
		return NULL;
	}
	if (resp.code < 200 || resp.code > 299) {
		kc_status_error(&resp, NULL, err);
		kc_response_release(&resp);
		return NULL;
	}
	json_t *j = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	if (!j)
		kc_err_set(err, "invalid JSON from the server for %s", path);
	kc_response_release(&resp);
	return j;
}
