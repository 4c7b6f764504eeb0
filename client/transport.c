/* The HTTP transport: one curl multi handle per client (one shared connection),
 * TLS from memory, auth and impersonation headers, timeouts, client-go's retries
 * and kubectl's -v logging. */
#include <curl/curl.h>
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
#include "client/internal.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/gostr.h"

#define KC_MAX_RETRIES 10

static int curl_inited;

struct xfer {
	struct kc_client *c;
	const struct kc_request *req;
	struct kc_response *resp;
	CURL *eh;
	struct curl_slist *hdrs;
	struct curl_slist *connect_to;
	char *url;
	int attempts;
	int done;
	int reread_token;      /* token file re-read once after a 401 */
	double due;            /* monotonic seconds when a retry may start; 0 = now */
	double started;
	int probe;             /* fetch the server certificate only (no verification) */
	kc_stream_fn stream;   /* streaming: 2xx body chunks go here */
	void *stream_ud;
	int stream_stopped;
	char errbuf[CURL_ERROR_SIZE];
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
	if (c->multi)
		curl_multi_cleanup(c->multi);
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

/* libcurl (and OpenSSL under it) is set up on the first request, so commands
 * that end up answering from the discovery cache never pay for it. */
static int ensure_multi(struct kc_client *c)
{
	if (c->multi)
		return 0;
	if (!curl_inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return -1;
		curl_inited = 1;
		atexit(curl_global_cleanup);
	}
	c->multi = curl_multi_init();
	if (!c->multi)
		return -1;
	curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
	return 0;
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

static const char *status_text(long code)
{
	switch (code) {
	case 100: return "Continue";
	case 101: return "Switching Protocols";
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 206: return "Partial Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Request Entity Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
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

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (x->stream) {
		long code = 0;
		curl_easy_getinfo(x->eh, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code <= 299) {
			if (x->stream(x->stream_ud, ptr, n)) {
				x->stream_stopped = 1;
				return 0;
			}
			return n;
		}
	}
	if (x->resp->body.len + n > KC_BODY_MAX)
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	strbuf_add(&x->resp->body, ptr, n);
	return n;
}

static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (n >= 5 && !strncmp(ptr, "HTTP/", 5)) {
		/* a new response (after 100-continue or a redirect) */
		strvec_clear(&x->resp->headers);
		return n;
	}
	size_t len = n;
	while (len && (ptr[len - 1] == '\n' || ptr[len - 1] == '\r'))
		len--;
	if (!len)
		return n;
	/* Go's CanonicalMIMEHeaderKey (HTTP/2 names arrive in lower case) */
	char *h = xstrndup(ptr, len);
	int up = 1;
	for (char *p = h; *p && *p != ':'; p++) {
		if (*p == ' ')
			break;
		*p = up ? (char)toupper((unsigned char)*p) : (char)tolower((unsigned char)*p);
		up = *p == '-';
	}
	strvec_push_nodup(&x->resp->headers, h);
	return n;
}

static int exec_credentials(struct kc_client *c, struct kc_err *err)
{
	if (!c->rc->exec || c->exec_done)
		return 0;
	c->exec_done = 1;
	return client_run_exec(c, 0, err);
}

static int setup_easy(struct xfer *x)
{
	struct kc_client *c = x->c;
	const struct kc_rest_config *rc = c->rc;
	const struct kc_request *req = x->req;
	long long tmo = effective_timeout(x);
	CURL *eh = curl_easy_init();
	if (!eh)
		return -1;
	x->eh = eh;
	free(x->url);
	x->url = build_url(c, req, tmo);
	curl_easy_setopt(eh, CURLOPT_PRIVATE, x);
	curl_easy_setopt(eh, CURLOPT_URL, x->url);
	curl_easy_setopt(eh, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(eh, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(eh, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(eh, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(eh, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(eh, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(eh, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(eh, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(eh, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(eh, CURLOPT_PROTOCOLS_STR, "http,https");
	if (!rc->disable_compression)
		curl_easy_setopt(eh, CURLOPT_ACCEPT_ENCODING, "gzip");
	if (tmo > 0)
		curl_easy_setopt(eh, CURLOPT_TIMEOUT_MS, (long)tmo);
	if (x->probe) {
		curl_easy_setopt(eh, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(eh, CURLOPT_SSL_VERIFYHOST, 0L);
		curl_easy_setopt(eh, CURLOPT_CERTINFO, 1L);
		curl_easy_setopt(eh, CURLOPT_CONNECT_ONLY, 1L);
		curl_easy_setopt(eh, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	} else if (rc->insecure) {
		curl_easy_setopt(eh, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(eh, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (rc->ca_pem.len) {
		struct curl_blob b = { rc->ca_pem.buf, rc->ca_pem.len, CURL_BLOB_COPY };
		curl_easy_setopt(eh, CURLOPT_CAINFO_BLOB, &b);
	}
	const char *cert = c->exec_cert ? c->exec_cert : rc->cert_pem.len ? rc->cert_pem.buf : NULL;
	const char *key = c->exec_key ? c->exec_key : rc->key_pem.len ? rc->key_pem.buf : NULL;
	if (cert && key) {
		struct curl_blob cb = { (void *)cert, strlen(cert), CURL_BLOB_COPY };
		struct curl_blob kb = { (void *)key, strlen(key), CURL_BLOB_COPY };
		curl_easy_setopt(eh, CURLOPT_SSLCERT_BLOB, &cb);
		curl_easy_setopt(eh, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(eh, CURLOPT_SSLKEY_BLOB, &kb);
		curl_easy_setopt(eh, CURLOPT_SSLKEYTYPE, "PEM");
	}
	if (rc->proxy_url && *rc->proxy_url)
		curl_easy_setopt(eh, CURLOPT_PROXY, rc->proxy_url);
	/* tls-server-name: connect to the configured host but verify (and send SNI
	 * for) the given name: the URL names the TLS name, CONNECT_TO routes it to the
	 * real address, and the Host header keeps the real authority, as Go does. */
	struct strvec hv = STRVEC_INIT;
	build_headers(x, &hv);
	if (rc->tls_server_name && *rc->tls_server_name && starts_with(rc->host, "https://")) {
		char *hp = c->host_port;
		char *rhost, *rport;
		const char *colon = hp[0] == '[' ? strstr(hp, "]:") : strrchr(hp, ':');
		if (colon) {
			rhost = xstrndup(hp, (size_t)(colon - hp) + (hp[0] == '[' ? 1 : 0));
			rport = xstrdup(colon + (hp[0] == '[' ? 2 : 1));
		} else {
			rhost = xstrdup(hp);
			rport = xstrdup("443");
		}
		struct strbuf u = STRBUF_INIT;
		strbuf_addf(&u, "https://%s:%s", rc->tls_server_name, rport);
		strbuf_addstr(&u, x->url + strlen("https://") + strlen(hp));
		char *ct = xasprintf("%s:%s:%s:%s", rc->tls_server_name, rport, rhost, rport);
		x->connect_to = curl_slist_append(NULL, ct);
		curl_easy_setopt(eh, CURLOPT_CONNECT_TO, x->connect_to);
		curl_easy_setopt(eh, CURLOPT_URL, u.buf);
		strvec_pushf(&hv, "Host: %s", hp);
		free(ct);
		strbuf_release(&u);
		free(rhost);
		free(rport);
	}
	for (size_t i = 0; i < hv.nr; i++)
		x->hdrs = curl_slist_append(x->hdrs, hv.v[i]);
	/* Go sends no "Expect: 100-continue" */
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	curl_easy_setopt(eh, CURLOPT_HTTPHEADER, x->hdrs);

	const char *m = req->method ? req->method : "GET";
	if (!strcmp(m, "GET")) {
		curl_easy_setopt(eh, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(m, "HEAD")) {
		curl_easy_setopt(eh, CURLOPT_NOBODY, 1L);
	} else {
		if (req->body || !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH")) {
			curl_easy_setopt(eh, CURLOPT_POSTFIELDSIZE_LARGE,
					 (curl_off_t)(req->body ? req->body_len : 0));
			curl_easy_setopt(eh, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		}
		curl_easy_setopt(eh, CURLOPT_CUSTOMREQUEST, m);
	}
	if (!x->probe)
		client_log_request(x->c, req, x->url, &hv);
	strvec_clear(&hv);
	x->started = now_s();
	return 0;
}

static void cleanup_easy(struct xfer *x)
{
	if (x->eh) {
		curl_multi_remove_handle(x->c->multi, x->eh);
		curl_easy_cleanup(x->eh);
		x->eh = NULL;
	}
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	curl_slist_free_all(x->connect_to);
	x->connect_to = NULL;
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

/* The address Go would have dialled for url's host (IPv4 first, as its resolver
 * reads /etc/hosts), as "ip:port"; dial left empty when the host is an address. */
static void resolve_dial_addr(const char *url, char *dial, size_t n)
{
	const char *p = strstr(url, "://");
	int https = starts_with(url, "https://");
	p = p ? p + 3 : url;
	size_t len = strcspn(p, "/?");
	char *hp = xstrndup(p, len);
	char *host = hp, *port = NULL;
	if (hp[0] == '[') {
		free(hp);
		return;
	}
	char *colon = strrchr(hp, ':');
	if (colon) {
		*colon = '\0';
		port = colon + 1;
	}
	if (strspn(host, "0123456789.") == strlen(host)) {
		free(hp);
		return;
	}
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) == 0) {
		struct addrinfo *pick = res;
		for (struct addrinfo *a = res; a; a = a->ai_next)
			if (a->ai_family == AF_INET) {
				pick = a;
				break;
			}
		char ipbuf[INET6_ADDRSTRLEN] = "";
		if (pick->ai_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)pick->ai_addr)->sin_addr, ipbuf, sizeof ipbuf);
		else
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)pick->ai_addr)->sin6_addr, ipbuf, sizeof ipbuf);
		snprintf(dial, n, pick->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", ipbuf,
			 port ? port : https ? "443" : "80");
		freeaddrinfo(res);
	}
	free(hp);
}

/* Go's matchHostnames: case-insensitive, '*' only as the whole leftmost label. */
static int host_matches(const char *pattern, const char *host)
{
	if (!strcasecmp(pattern, host))
		return 1;
	if (pattern[0] == '*' && pattern[1] == '.') {
		const char *dot = strchr(host, '.');
		return dot && dot != host && !strcasecmp(pattern + 1, dot);
	}
	return 0;
}

/* Go verifies the host name before the chain, so a certificate that is both
 * untrusted and for another name fails with x509.HostnameError: connect again
 * without verification, read the leaf's SANs and word that error. Returns 0
 * and fills out when the name does not match, -1 when it does (or the probe
 * failed) and the chain error stands. */
static int hostname_error(struct xfer *x, struct strbuf *out)
{
	struct kc_client *c = x->c;
	struct xfer p;
	struct kc_response resp;
	memset(&p, 0, sizeof p);
	kc_response_init(&resp);
	p.c = c;
	p.req = x->req;
	p.resp = &resp;
	p.probe = 1;
	const char *host = c->rc->tls_server_name && *c->rc->tls_server_name ? c->rc->tls_server_name : NULL;
	char *h = NULL;
	if (!host) {
		h = xstrdup(c->host_port);
		char *colon = strrchr(h, ':');
		if (colon && !strchr(colon, ']'))
			*colon = '\0';
		if (h[0] == '[') {
			memmove(h, h + 1, strlen(h));
			char *rb = strchr(h, ']');
			if (rb)
				*rb = '\0';
		}
		host = h;
	}
	struct strvec dns = STRVEC_INIT, ips = STRVEC_INIT;
	int probed = 0;
	if (setup_easy(&p) == 0 && curl_easy_perform(p.eh) == CURLE_OK) {
		probed = 1;
		struct curl_certinfo *ci = NULL;
		if (curl_easy_getinfo(p.eh, CURLINFO_CERTINFO, &ci) == CURLE_OK && ci && ci->num_of_certs > 0) {
			for (struct curl_slist *sl = ci->certinfo[0]; sl; sl = sl->next) {
				if (!starts_with(sl->data, "X509v3 Subject Alternative Name:"))
					continue;
				struct strvec parts = STRVEC_INIT;
				strvec_split(&parts, strchr(sl->data, ':') + 1, ',');
				for (size_t i = 0; i < parts.nr; i++) {
					const char *e = parts.v[i];
					while (*e == ' ')
						e++;
					if (starts_with(e, "DNS:"))
						strvec_push(&dns, e + 4);
					else if (starts_with(e, "IP Address:"))
						strvec_push(&ips, e + 11);
				}
				strvec_clear(&parts);
			}
		}
	}
	int is_ip = strspn(host, "0123456789.") == strlen(host) || strchr(host, ':');
	const struct strvec *valid = is_ip ? &ips : &dns;
	int match = 0;
	for (size_t i = 0; i < valid->nr && !match; i++)
		match = is_ip ? !strcmp(valid->v[i], host) : host_matches(valid->v[i], host);
	if (match || (!dns.nr && !ips.nr && !probed)) {
		strvec_clear(&dns);
		strvec_clear(&ips);
		if (p.eh)
			curl_easy_cleanup(p.eh);
		curl_slist_free_all(p.hdrs);
		curl_slist_free_all(p.connect_to);
		free(p.url);
		kc_response_release(&resp);
		free(h);
		return -1;
	}
	strbuf_addstr(out, "tls: failed to verify certificate: ");
	if (is_ip && !ips.nr) {
		strbuf_addf(out, "x509: cannot validate certificate for %s because it doesn't contain any IP SANs", host);
	} else if (!valid->nr) {
		strbuf_addf(out, "x509: certificate is not valid for any names, but wanted to match %s", host);
	} else {
		strbuf_addstr(out, "x509: certificate is valid for ");
		for (size_t i = 0; i < valid->nr; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", valid->v[i]);
		strbuf_addf(out, ", not %s", host);
	}
	strvec_clear(&dns);
	strvec_clear(&ips);
	if (p.eh)
		curl_easy_cleanup(p.eh);
	curl_slist_free_all(p.hdrs);
	curl_slist_free_all(p.connect_to);
	free(p.url);
	kc_response_release(&resp);
	free(h);
	return 0;
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

/* A finished transfer: fill the response, decide on a retry. Returns 1 when the
 * transfer must be retried (x->due set), 0 when done. */
static int finish(struct xfer *x, CURLcode rc)
{
	struct kc_client *c = x->c;
	struct kc_response *r = x->resp;
	if (x->stream_stopped && rc == CURLE_WRITE_ERROR)
		rc = CURLE_OK;
	double elapsed = now_s() - x->started;
	long code = 0;
	curl_easy_getinfo(x->eh, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		r->code = code;
		const char *st = status_text(code);
		snprintf(r->status_text, sizeof r->status_text, "%ld%s%s", code, *st ? " " : "", st);
		free(r->content_type);
		const char *ct = kc_response_header(r, "Content-Type");
		r->content_type = ct ? xstrdup(ct) : NULL;
		client_log_response(c, x->req, x->url, r, x->eh, elapsed);
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
	long reset_errno = 0;
	curl_easy_getinfo(x->eh, CURLINFO_OS_ERRNO, &reset_errno);
	int reset = (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) && reset_errno == ECONNRESET;
	if (reset && !x->stream && is_idempotent(x->req->method) && x->attempts < KC_MAX_RETRIES) {
		x->attempts++;
		x->due = now_s() + 1.0;
		return 1;
	}
	struct strbuf msg = STRBUF_INIT, cause = STRBUF_INIT;
	long os_errno = 0;
	curl_easy_getinfo(x->eh, CURLINFO_OS_ERRNO, &os_errno);
	if (rc == CURLE_PEER_FAILED_VERIFICATION && hostname_error(x, &cause) == 0) {
		strbuf_addf(&msg, "Unable to connect to the server: %s", cause.buf);
	} else {
		/* Go names the address it dialled, not the host name */
		char *ip = NULL;
		long port = 0;
		char dial[80] = "";
		curl_easy_getinfo(x->eh, CURLINFO_PRIMARY_IP, &ip);
		curl_easy_getinfo(x->eh, CURLINFO_PRIMARY_PORT, &port);
		if (ip && *ip && port)
			snprintf(dial, sizeof dial, strchr(ip, ':') ? "[%s]:%ld" : "%s:%ld", ip, port);
		else if (rc == CURLE_COULDNT_CONNECT)
			resolve_dial_addr(x->url, dial, sizeof dial);
		kc_transport_error_text(&msg, &cause, (int)rc, (int)os_errno,
					x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc), x->url, dial,
					effective_timeout(x));
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
	size_t pending = n, active = 0;
	for (size_t i = 0; i < n; i++) {
		xs[i].due = 0;
	}
	while (pending) {
		double t = now_s();
		double next_due = 0;
		for (size_t i = 0; i < n; i++) {
			struct xfer *x = &xs[i];
			if (x->done || x->eh)
				continue;
			if (x->due > t) {
				if (!next_due || x->due < next_due)
					next_due = x->due;
				continue;
			}
			strbuf_reset(&x->resp->body);
			strvec_clear(&x->resp->headers);
			x->errbuf[0] = '\0';
			if (setup_easy(x) < 0) {
				kc_err_set(&x->resp->err, "cannot create a curl handle");
				x->done = 1;
				pending--;
				continue;
			}
			curl_multi_add_handle(c->multi, x->eh);
			active++;
		}
		if (!pending)
			break;
		int running = 0;
		curl_multi_perform(c->multi, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(c->multi, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct xfer *x = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			CURLcode res = msg->data.result;
			int again = finish(x, res);
			cleanup_easy(x);
			active--;
			if (!again) {
				x->done = 1;
				pending--;
			}
		}
		if (!pending)
			break;
		int wait_ms = 1000;
		if (!active && next_due) {
			double d = next_due - now_s();
			wait_ms = d > 0 ? (int)(d * 1000) + 1 : 0;
		} else if (next_due) {
			double d = next_due - now_s();
			int w = d > 0 ? (int)(d * 1000) + 1 : 0;
			if (w < wait_ms)
				wait_ms = w;
		}
		if (active)
			curl_multi_poll(c->multi, NULL, 0, wait_ms, NULL);
		else if (wait_ms > 0)
			usleep((useconds_t)wait_ms * 1000);
	}
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		cleanup_easy(&xs[i]);
		free(xs[i].url);
		xs[i].url = NULL;
		if (kc_err_isset(&xs[i].resp->err))
			failed++;
	}
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
	if (ensure_multi(c) < 0) {
		for (size_t i = 0; i < n; i++)
			kc_err_set(&resps[i].err, "cannot initialise libcurl");
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
