/* kc's HTTP/1.1 engine: non-blocking sockets driven by poll(2), OpenSSL for TLS
 * (certificates checked as Go's crypto/tls does), kept-alive connections, http
 * CONNECT and socks5 proxies, chunked and gzip bodies. See http.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "client/http.h"
#include "client/tls.h"
#include "util/base64.h"

#define DIAL_TIMEOUT 30.0      /* client-go's net.Dialer Timeout */
#define TLS_TIMEOUT 10.0       /* client-go's TLSHandshakeTimeout */
#define RBUF_CHUNK 16384

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- URLs */

struct url {
	int https;
	char *host;        /* without brackets */
	char *authority;   /* as in the URL: "h:6443", "[::1]:6443", "h" */
	int port;
	char *target;      /* "/path?query" */
	char *userinfo;    /* "u:p" (proxies) or NULL */
};

static void url_free(struct url *u)
{
	free(u->host);
	free(u->authority);
	free(u->target);
	free(u->userinfo);
	memset(u, 0, sizeof *u);
}

/* scheme: 1 https, 0 http, 2 socks5, -1 other */
static int url_parse(const char *s, struct url *u, int *scheme)
{
	memset(u, 0, sizeof *u);
	const char *p = strstr(s, "://");
	int sc;
	if (!p) {
		sc = 0; /* Go's proxy parsing: a bare host means http:// */
		p = s;
	} else {
		size_t n = (size_t)(p - s);
		if (n == 5 && !strncasecmp(s, "https", 5))
			sc = 1;
		else if (n == 4 && !strncasecmp(s, "http", 4))
			sc = 0;
		else if ((n == 6 && !strncasecmp(s, "socks5", 6)) || (n == 7 && !strncasecmp(s, "socks5h", 7)))
			sc = 2;
		else
			sc = -1;
		p += 3;
	}
	if (scheme)
		*scheme = sc;
	u->https = sc == 1;
	size_t alen = strcspn(p, "/?#");
	char *auth = xstrndup(p, alen);
	char *at = strrchr(auth, '@');
	if (at) {
		u->userinfo = xstrndup(auth, (size_t)(at - auth));
		memmove(auth, at + 1, strlen(at + 1) + 1);
	}
	u->authority = auth;
	const char *rest = p + alen;
	if (!*rest || *rest == '#')
		u->target = xstrdup("/");
	else if (*rest == '?')
		u->target = xasprintf("/%.*s", (int)strcspn(rest, "#"), rest);
	else
		u->target = xstrndup(rest, strcspn(rest, "#"));
	const char *portp = NULL;
	if (auth[0] == '[') {
		char *rb = strchr(auth, ']');
		if (!rb)
			return -1;
		u->host = xstrndup(auth + 1, (size_t)(rb - auth - 1));
		if (rb[1] == ':')
			portp = rb + 2;
	} else {
		char *colon = strrchr(auth, ':');
		u->host = colon ? xstrndup(auth, (size_t)(colon - auth)) : xstrdup(auth);
		if (colon)
			portp = colon + 1;
	}
	u->port = sc == 1 ? 443 : sc == 2 ? 1080 : 80;
	if (portp && *portp) {
		char *end;
		long v = strtol(portp, &end, 10);
		if (*end || v <= 0 || v > 65535)
			return -1;
		u->port = (int)v;
	}
	return *u->host ? 0 : -1;
}

static int host_is_ip(const char *h)
{
	unsigned char b[16];
	return inet_pton(AF_INET, h, b) == 1 || inet_pton(AF_INET6, h, b) == 1;
}

/* ---------------------------------------------------------------- proxies */

/* Go's httpproxy: NO_PROXY entries are hosts, domain suffixes, IPs or CIDRs;
 * loopback and localhost are never proxied. */
static int no_proxy_match(const char *host, int port)
{
	if (!strcasecmp(host, "localhost"))
		return 1;
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127)
		return 1;
	if (inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6))
		return 1;
	const char *np = getenv("NO_PROXY");
	if (!np || !*np)
		np = getenv("no_proxy");
	if (!np || !*np)
		return 0;
	if (!strcmp(np, "*"))
		return 1;
	struct strvec parts = STRVEC_INIT;
	strvec_split(&parts, np, ',');
	int hit = 0;
	for (size_t i = 0; i < parts.nr && !hit; i++) {
		char *e = parts.v[i];
		while (*e == ' ')
			e++;
		size_t el = strlen(e);
		while (el && e[el - 1] == ' ')
			e[--el] = '\0';
		if (!el)
			continue;
		if (!strcmp(e, "*")) {
			hit = 1;
			break;
		}
		char *slash = strchr(e, '/');
		if (slash) { /* CIDR */
			struct in_addr net4;
			*slash = '\0';
			int bits = atoi(slash + 1);
			if (inet_pton(AF_INET, e, &net4) == 1 && inet_pton(AF_INET, host, &a4) == 1 && bits >= 0 &&
			    bits <= 32) {
				uint32_t m = bits ? 0xffffffffu << (32 - bits) : 0;
				hit = (ntohl(net4.s_addr) & m) == (ntohl(a4.s_addr) & m);
			}
			continue;
		}
		/* host[:port] */
		int eport = 0;
		char *colon = strrchr(e, ':');
		if (colon && !strchr(colon, ']') && strspn(colon + 1, "0123456789") == strlen(colon + 1) &&
		    colon[1]) {
			eport = atoi(colon + 1);
			*colon = '\0';
		}
		if (eport && eport != port)
			continue;
		const char *d = e;
		if (*d == '*')
			d++;
		if (*d == '.') {
			size_t hl = strlen(host), dl = strlen(d);
			hit = (hl > dl && !strcasecmp(host + hl - dl, d)) || !strcasecmp(host, d + 1);
		} else {
			size_t hl = strlen(host), dl = strlen(d);
			hit = !strcasecmp(host, d) ||
			      (hl > dl && host[hl - dl - 1] == '.' && !strcasecmp(host + hl - dl, d));
		}
	}
	strvec_clear(&parts);
	return hit;
}

static const char *env_proxy(int https)
{
	const char *v = getenv(https ? "HTTPS_PROXY" : "HTTP_PROXY");
	if (!v || !*v)
		v = getenv(https ? "https_proxy" : "http_proxy");
	return v && *v ? v : NULL;
}

/* ---------------------------------------------------------------- pool */

struct hconn {
	int fd;
	SSL *ssl;
	char *key;                 /* what it is connected to: "https://h:p" (+ proxy) */
	struct strbuf rbuf;        /* received, not yet consumed (from roff) */
	size_t roff;
	int want_write;            /* the last SSL call wants POLLOUT */
	int establishing;          /* counted in the pool's connecting */
	char ip[64];
	int port;
	struct hconn *next;
};

struct http_pool {
	struct http_tls_config tls;
	char *ca_copy;
	char *proxy_url;
	char *cert_pem, *key_pem;
	SSL_CTX *ctx;
	int ctx_failed;
	char *ctx_error;
	struct hconn *idle;
	int nconns;
	int connecting;            /* connections not yet ready for a request */
	int ever_connected;        /* one connection got that far */
};

struct http_pool *http_pool_new(const struct http_tls_config *tls, const char *proxy_url)
{
	struct http_pool *p = xcalloc(1, sizeof *p);
	if (tls)
		p->tls = *tls;
	if (p->tls.ca_pem && p->tls.ca_len) {
		p->ca_copy = xstrndup(p->tls.ca_pem, p->tls.ca_len);
		p->tls.ca_pem = p->ca_copy;
	}
	p->tls.server_name = p->tls.server_name && *p->tls.server_name ? xstrdup(p->tls.server_name) : NULL;
	p->proxy_url = proxy_url && *proxy_url ? xstrdup(proxy_url) : NULL;
	return p;
}

static void conn_close(struct hconn *k)
{
	if (!k)
		return;
	if (k->ssl)
		SSL_free(k->ssl);
	if (k->fd >= 0)
		close(k->fd);
	free(k->key);
	strbuf_release(&k->rbuf);
	free(k);
}

static void drop_idle(struct http_pool *p)
{
	while (p->idle) {
		struct hconn *k = p->idle;
		p->idle = k->next;
		conn_close(k);
		p->nconns--;
	}
}

void http_pool_free(struct http_pool *p)
{
	if (!p)
		return;
	drop_idle(p);
	if (p->ctx)
		SSL_CTX_free(p->ctx);
	free(p->ca_copy);
	free((char *)p->tls.server_name);
	free(p->proxy_url);
	free(p->cert_pem);
	free(p->key_pem);
	free(p->ctx_error);
	free(p);
}

static int streq_null(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

void http_pool_set_client_cert(struct http_pool *p, const char *cert_pem, const char *key_pem)
{
	if (streq_null(p->cert_pem, cert_pem) && streq_null(p->key_pem, key_pem))
		return;
	free(p->cert_pem);
	free(p->key_pem);
	p->cert_pem = cert_pem ? xstrdup(cert_pem) : NULL;
	p->key_pem = key_pem ? xstrdup(key_pem) : NULL;
	if (p->ctx)
		SSL_CTX_free(p->ctx);
	p->ctx = NULL;
	p->ctx_failed = 0;
	drop_idle(p);
}

static SSL_CTX *pool_ctx(struct http_pool *p)
{
	if (p->ctx || p->ctx_failed)
		return p->ctx;
	struct strbuf e = STRBUF_INIT;
	p->ctx = kc_tls_ctx_new(p->tls.insecure ? NULL : p->tls.ca_pem, p->tls.ca_pem ? strlen(p->tls.ca_pem) : 0,
				!p->tls.insecure, p->cert_pem, p->key_pem, &e);
	if (!p->ctx) {
		p->ctx_failed = 1;
		free(p->ctx_error);
		p->ctx_error = strbuf_detach(&e, NULL);
	}
	strbuf_release(&e);
	return p->ctx;
}

/* ---------------------------------------------------------------- exchanges */

enum hx_state {
	HX_WAIT,        /* for a connection slot */
	HX_CONNECTING,
	HX_SOCKS,       /* socks5 greeting and CONNECT */
	HX_PROXY,       /* http CONNECT */
	HX_TLS,
	HX_SEND,
	HX_HEAD,
	HX_BODY,
	HX_DONE,
};

enum body_mode { BM_NONE, BM_LENGTH, BM_CHUNKED, BM_CLOSE };

struct hx {
	/* the request */
	char *method;
	struct url u;
	struct url proxy;
	int proxy_kind;            /* 0 none, 1 http, 2 socks5 */
	char *key;
	struct strbuf out;         /* request bytes (CONNECT / socks first) */
	size_t sent;
	double deadline;
	int gzip;
	http_body_fn on_body;
	void *ud;
	/* the connection */
	enum hx_state st;
	struct hconn *conn;
	struct addrinfo *ai, *ai_next;
	double dial_deadline, tls_deadline;
	int socks_step;
	int retried;               /* a dead kept-alive connection was replaced once */
	/* the response */
	int http10, keepalive;
	enum body_mode bm;
	long long remaining;
	int chunk_state;           /* 0 size line, 1 data, 2 CRLF after data, 3 trailers */
	int zinit;
	z_stream z;
	int got_bytes;
	struct strvec headers;
	struct strbuf detail;
	struct hx_result r;
};

static void hx_fail(struct hx *h, enum kc_net_fail f, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void hx_fail(struct hx *h, enum kc_net_fail f, int err, const char *fmt, ...)
{
	if (h->st == HX_DONE)
		return;
	h->r.fail = f;
	h->r.os_errno = err;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		strbuf_reset(&h->detail);
		strbuf_vaddf(&h->detail, fmt, ap);
		va_end(ap);
	}
	h->r.detail = h->detail.len ? h->detail.buf : NULL;
	h->st = HX_DONE;
}

static int method_has_body(const char *m, const char *body)
{
	return body || !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH");
}

struct hx *hx_new(struct http_pool *p, const struct hx_req *rq, http_body_fn on_body, void *ud)
{
	struct hx *h = xcalloc(1, sizeof *h);
	strbuf_init(&h->out, 0);
	strbuf_init(&h->detail, 0);
	strvec_init(&h->headers);
	h->method = xstrdup(rq->method ? rq->method : "GET");
	h->on_body = on_body;
	h->ud = ud;
	h->gzip = rq->gzip;
	h->r.code = 0;
	h->r.alert = -1;
	h->r.headers = &h->headers;
	h->r.t.start = mono();
	if (rq->timeout_ms > 0)
		h->deadline = h->r.t.start + (double)rq->timeout_ms / 1000.0;
	int scheme = 0;
	if (url_parse(rq->url, &h->u, &scheme) < 0 || (scheme != 0 && scheme != 1)) {
		hx_fail(h, KC_NET_OTHER, 0, "unsupported URL %s", rq->url);
		return h;
	}
	/* the proxy: the kubeconfig's, else the environment's (as Go) */
	const char *purl = p->proxy_url;
	if (!purl && !no_proxy_match(h->u.host, h->u.port))
		purl = env_proxy(h->u.https);
	if (purl) {
		int ps = 0;
		if (url_parse(purl, &h->proxy, &ps) < 0 || (ps != 0 && ps != 2)) {
			hx_fail(h, KC_NET_OTHER, 0, "proxyconnect tcp: unsupported proxy URL %s", purl);
			return h;
		}
		h->proxy_kind = ps == 2 ? 2 : 1;
	}
	h->key = xasprintf("%s://%s:%d|%s:%d", h->u.https ? "https" : "http", h->u.host, h->u.port,
			   h->proxy_kind ? h->proxy.host : "", h->proxy_kind ? h->proxy.port : 0);
	/* the request bytes */
	struct strbuf *o = &h->out;
	int absolute = h->proxy_kind == 1 && !h->u.https;
	if (absolute)
		strbuf_addf(o, "%s http://%s%s HTTP/1.1\r\n", h->method, h->u.authority, h->u.target);
	else
		strbuf_addf(o, "%s %s HTTP/1.1\r\n", h->method, h->u.target);
	strbuf_addf(o, "Host: %s\r\n", h->u.authority);
	if (rq->headers)
		for (size_t i = 0; i < rq->headers->nr; i++)
			strbuf_addf(o, "%s\r\n", rq->headers->v[i]);
	if (absolute && h->proxy.userinfo) {
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, h->proxy.userinfo, strlen(h->proxy.userinfo));
		strbuf_addf(o, "Proxy-Authorization: Basic %s\r\n", b.buf);
		strbuf_release(&b);
	}
	if (method_has_body(h->method, rq->body))
		strbuf_addf(o, "Content-Length: %zu\r\n", rq->body ? rq->body_len : 0);
	if (h->gzip)
		strbuf_addstr(o, "Accept-Encoding: gzip\r\n");
	strbuf_addstr(o, "\r\n");
	if (rq->body)
		strbuf_add(o, rq->body, rq->body_len);
	h->st = HX_WAIT;
	return h;
}

int hx_done(const struct hx *h)
{
	return h->st == HX_DONE;
}

const struct hx_result *hx_result(const struct hx *h)
{
	return &h->r;
}

/* ---------------------------------------------------------------- socket I/O */

/* A BIO over a non-blocking socket that never raises SIGPIPE (send with
 * MSG_NOSIGNAL) and keeps errno for the error texts. */
static BIO_METHOD *nosig_method;

static int nosig_write(BIO *b, const char *buf, int n)
{
	int fd = (int)BIO_get_fd(b, NULL);
	BIO_clear_retry_flags(b);
	ssize_t r = send(fd, buf, (size_t)n, MSG_NOSIGNAL);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		BIO_set_retry_write(b);
	return (int)r;
}

static int nosig_read(BIO *b, char *buf, int n)
{
	int fd = (int)BIO_get_fd(b, NULL);
	BIO_clear_retry_flags(b);
	ssize_t r = recv(fd, buf, (size_t)n, 0);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		BIO_set_retry_read(b);
	return (int)r;
}

static int nosig_puts(BIO *b, const char *s)
{
	return nosig_write(b, s, (int)strlen(s));
}

/* once per process: logs -f runs one client per thread */
static void nosig_method_init(void)
{
	{
		const BIO_METHOD *sock = BIO_s_socket();
		nosig_method = BIO_meth_new(BIO_TYPE_SOCKET | BIO_get_new_index(), "kc socket");
		BIO_meth_set_write(nosig_method, nosig_write);
		BIO_meth_set_read(nosig_method, nosig_read);
		BIO_meth_set_puts(nosig_method, nosig_puts);
		BIO_meth_set_ctrl(nosig_method, BIO_meth_get_ctrl(sock));
		BIO_meth_set_create(nosig_method, BIO_meth_get_create(sock));
		BIO_meth_set_destroy(nosig_method, BIO_meth_get_destroy(sock));
	}
}

static BIO *nosig_bio(int fd)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, nosig_method_init);
	BIO *b = BIO_new(nosig_method);
	if (b)
		BIO_set_fd(b, fd, BIO_NOCLOSE);
	return b;
}

void kc_http_cleanup(void)
{
	if (nosig_method)
		BIO_meth_free(nosig_method);
	nosig_method = NULL;
}

enum { IO_AGAIN = -2, IO_ERR = -1, IO_EOF = 0 };

/* OpenSSL's reason for a failure, in its words (its error strings are not
 * loaded: kc_tls_init); errors.c turns the few that matter into Go's. */
static const char *ssl_reason(unsigned long ec)
{
	switch (ERR_GET_REASON(ec)) {
	case SSL_R_WRONG_VERSION_NUMBER: return "wrong version number";
	case SSL_R_PACKET_LENGTH_TOO_LONG: return "packet length too long";
	case SSL_R_UNSUPPORTED_PROTOCOL: return "unsupported protocol";
	case SSL_R_NO_PROTOCOLS_AVAILABLE: return "no protocols available";
	case SSL_R_CERTIFICATE_VERIFY_FAILED: return "certificate verify failed";
	default: {
		const char *s = ERR_reason_error_string(ec);
		return s ? s : "handshake failure";
	}
	}
}

/* Read into the connection's buffer. >0 bytes, IO_EOF, IO_AGAIN, IO_ERR (errno set). */
static int conn_read(struct hconn *k, int *ssl_alert, const char **ssl_reason_out)
{
	strbuf_grow(&k->rbuf, RBUF_CHUNK);
	char *dst = k->rbuf.buf + k->rbuf.len;
	k->want_write = 0;
	if (!k->ssl) {
		ssize_t r = recv(k->fd, dst, RBUF_CHUNK, 0);
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? IO_AGAIN : IO_ERR;
		if (r > 0)
			strbuf_setlen(&k->rbuf, k->rbuf.len + (size_t)r);
		return r > 0 ? (int)r : IO_EOF;
	}
	ERR_clear_error();
	errno = 0;
	int r = SSL_read(k->ssl, dst, RBUF_CHUNK);
	if (r > 0) {
		strbuf_setlen(&k->rbuf, k->rbuf.len + (size_t)r);
		return r;
	}
	int e = SSL_get_error(k->ssl, r);
	if (e == SSL_ERROR_WANT_READ)
		return IO_AGAIN;
	if (e == SSL_ERROR_WANT_WRITE) {
		k->want_write = 1;
		return IO_AGAIN;
	}
	if (e == SSL_ERROR_ZERO_RETURN)
		return IO_EOF;
	if (e == SSL_ERROR_SYSCALL && errno == 0)
		return IO_EOF;
	if (e == SSL_ERROR_SSL) {
		unsigned long ec = ERR_peek_last_error();
		int reason = ERR_GET_REASON(ec);
		if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
			return IO_EOF;
		if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256 && ssl_alert)
			*ssl_alert = reason - SSL_AD_REASON_OFFSET;
		if (ssl_reason_out)
			*ssl_reason_out = ssl_reason(ec);
		errno = 0;
	}
	return IO_ERR;
}

static int conn_write(struct hconn *k, const char *buf, size_t n)
{
	k->want_write = 0;
	if (!k->ssl) {
		ssize_t r = send(k->fd, buf, n, MSG_NOSIGNAL);
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? IO_AGAIN : IO_ERR;
		return (int)r;
	}
	ERR_clear_error();
	errno = 0;
	int r = SSL_write(k->ssl, buf, (int)(n > 1 << 30 ? 1 << 30 : n));
	if (r > 0)
		return r;
	int e = SSL_get_error(k->ssl, r);
	if (e == SSL_ERROR_WANT_WRITE) {
		k->want_write = 1;
		return IO_AGAIN;
	}
	if (e == SSL_ERROR_WANT_READ)
		return IO_AGAIN;
	return IO_ERR;
}

/* ---------------------------------------------------------------- connecting */

static void ai_format(const struct addrinfo *a, char *ip, size_t n, int *port)
{
	if (a->ai_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)a->ai_addr;
		inet_ntop(AF_INET, &s->sin_addr, ip, (socklen_t)n);
		*port = ntohs(s->sin_port);
	} else {
		const struct sockaddr_in6 *s = (const void *)a->ai_addr;
		inet_ntop(AF_INET6, &s->sin6_addr, ip, (socklen_t)n);
		*port = ntohs(s->sin6_port);
	}
}

static void set_dial(struct hx *h, const char *ip, int port)
{
	snprintf(h->r.dial, sizeof h->r.dial, strchr(ip, ':') ? "[%s]:%d" : "%s:%d", ip, port);
}

/* Start connecting to the next address. 0 started (or connected), -1 none left. */
static int dial_next(struct hx *h)
{
	struct hconn *k = h->conn;
	while (h->ai_next) {
		struct addrinfo *a = h->ai_next;
		h->ai_next = a->ai_next;
		int fd = socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			if (!h->r.os_errno)
				h->r.os_errno = errno;
			continue;
		}
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
		char ip[64];
		int port = 0;
		ai_format(a, ip, sizeof ip, &port);
		if (!h->r.dial[0])
			set_dial(h, ip, port);
		snprintf(k->ip, sizeof k->ip, "%s", ip);
		k->port = port;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) {
			k->fd = fd;
			return 0;
		}
		if (!h->r.os_errno)
			h->r.os_errno = errno;
		close(fd);
	}
	return -1;
}

static void start_connect(struct http_pool *p, struct hx *h)
{
	struct hconn *k = xcalloc(1, sizeof *k);
	k->fd = -1;
	strbuf_init(&k->rbuf, 0);
	k->key = xstrdup(h->key);
	h->conn = k;
	p->nconns++;
	k->establishing = 1;
	p->connecting++;
	const char *host = h->proxy_kind ? h->proxy.host : h->u.host;
	int port = h->proxy_kind ? h->proxy.port : h->u.port;
	char ports[16];
	snprintf(ports, sizeof ports, "%d", port);
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = host_is_ip(host) ? AI_NUMERICHOST : 0;
	struct addrinfo *res = NULL;
	int gai = getaddrinfo(host, ports, &hints, &res);
	h->r.t.dns = mono();
	h->r.via_proxy = h->proxy_kind != 0;
	if (gai != 0 || !res) {
		if (res)
			freeaddrinfo(res);
		hx_fail(h, KC_NET_RESOLVE, 0, "%s", host);
		snprintf(h->r.dial, sizeof h->r.dial, "%s:%d", host, port);
		return;
	}
	/* IPv4 first, as Go's resolver orders /etc/hosts answers */
	struct addrinfo *v4 = NULL, **v4t = &v4, *v6 = NULL, **v6t = &v6;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		if (a->ai_family == AF_INET) {
			*v4t = a;
			v4t = &a->ai_next;
		} else if (a->ai_family == AF_INET6) {
			*v6t = a;
			v6t = &a->ai_next;
		}
	}
	/* relinked (glibc frees node by node): every node stays in the new list */
	*v6t = NULL;
	*v4t = v6;
	h->ai = v4 ? v4 : v6;
	h->ai_next = h->ai;
	h->dial_deadline = mono() + DIAL_TIMEOUT;
	if (dial_next(h) < 0) {
		hx_fail(h, KC_NET_CONNECT, h->r.os_errno, NULL);
		return;
	}
	h->st = HX_CONNECTING;
}

static void after_tcp(struct http_pool *p, struct hx *h);

static void conn_ready(struct http_pool *p, struct hconn *k)
{
	if (k && k->establishing) {
		k->establishing = 0;
		p->connecting--;
		p->ever_connected = 1;
	}
}

static void begin_tls(struct http_pool *p, struct hx *h)
{
	struct hconn *k = h->conn;
	SSL_CTX *ctx = pool_ctx(p);
	if (!ctx) {
		hx_fail(h, KC_NET_OTHER, 0, "%s", p->ctx_error ? p->ctx_error : "tls: cannot set up TLS");
		return;
	}
	k->ssl = SSL_new(ctx);
	BIO *b = nosig_bio(k->fd);
	if (!k->ssl || !b) {
		BIO_free(b);
		hx_fail(h, KC_NET_OTHER, 0, "tls: cannot set up TLS");
		return;
	}
	SSL_set_bio(k->ssl, b, b);
	SSL_set_connect_state(k->ssl);
	const char *name = p->tls.server_name ? p->tls.server_name : h->u.host;
	if (!host_is_ip(name))
		SSL_set_tlsext_host_name(k->ssl, name);
	h->tls_deadline = mono() + TLS_TIMEOUT;
	h->st = HX_TLS;
}

static void after_tcp(struct http_pool *p, struct hx *h)
{
	h->r.t.connect = mono();
	h->r.via_proxy = 0;
	if (h->u.https)
		begin_tls(p, h);
	else {
		conn_ready(p, h->conn);
		h->st = HX_SEND;
		h->r.t.pretransfer = mono();
	}
}

static void after_connect(struct http_pool *p, struct hx *h)
{
	struct hconn *k = h->conn;
	if (h->proxy_kind == 2) {
		/* socks5: no-auth greeting */
		strbuf_reset(&k->rbuf);
		k->roff = 0;
		h->socks_step = 0;
		h->st = HX_SOCKS;
		return;
	}
	if (h->proxy_kind == 1 && h->u.https) {
		h->st = HX_PROXY;
		h->socks_step = 0;
		return;
	}
	after_tcp(p, h);
}

/* ---------------------------------------------------------------- responses */

static void canon_header(char *h)
{
	int up = 1;
	for (char *p = h; *p && *p != ':'; p++) {
		if (*p == ' ')
			break;
		*p = up ? (char)toupper((unsigned char)*p) : (char)tolower((unsigned char)*p);
		up = *p == '-';
	}
}

static const char *hdr_val(const struct strvec *hv, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < hv->nr; i++) {
		const char *h = hv->v[i];
		if (!strncasecmp(h, name, n) && h[n] == ':') {
			h += n + 1;
			while (*h == ' ' || *h == '\t')
				h++;
			return h;
		}
	}
	return NULL;
}

static int has_token(const char *v, const char *tok)
{
	size_t n = strlen(tok);
	while (v && *v) {
		while (*v == ' ' || *v == ',' || *v == '\t')
			v++;
		size_t l = strcspn(v, ",");
		size_t t = l;
		while (t && (v[t - 1] == ' ' || v[t - 1] == '\t'))
			t--;
		if (t == n && !strncasecmp(v, tok, n))
			return 1;
		v += l;
	}
	return 0;
}

/* Hand decoded body bytes to the callback. -1 = stop. */
static int deliver(struct hx *h, const char *data, size_t len)
{
	if (!len)
		return 0;
	if (!h->zinit)
		return h->on_body && h->on_body(h->ud, data, len) ? -1 : 0;
	char out[16384];
	h->z.next_in = (Bytef *)data;
	h->z.avail_in = (uInt)len;
	for (;;) {
		h->z.next_out = (Bytef *)out;
		h->z.avail_out = sizeof out;
		int zr = inflate(&h->z, Z_NO_FLUSH);
		size_t got = sizeof out - h->z.avail_out;
		if (got && h->on_body && h->on_body(h->ud, out, got))
			return -1;
		if (zr == Z_STREAM_END) {
			/* concatenated members: go on, as Go's gzip reader does */
			if (!h->z.avail_in)
				break;
			if (inflateReset(&h->z) != Z_OK)
				return -2;
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			return -2;
		if (h->z.avail_out && !h->z.avail_in)
			break; /* all input used, all output out */
		if (zr == Z_BUF_ERROR && !got)
			break;
	}
	return 0;
}

static void body_finished(struct hx *h)
{
	h->st = HX_DONE;
	h->r.fail = KC_NET_OK;
}

static int parse_head(struct hx *h)
{
	struct hconn *k = h->conn;
	for (;;) {
		const char *b = k->rbuf.buf + k->roff;
		size_t avail = k->rbuf.len - k->roff;
		const char *end = memmem(b, avail, "\r\n\r\n", 4);
		size_t hl = 4;
		const char *e2 = memmem(b, avail, "\n\n", 2);
		if (e2 && (!end || e2 < end)) {
			end = e2;
			hl = 2;
		}
		if (!end) {
			if (avail > (1 << 20)) {
				hx_fail(h, KC_NET_OTHER, 0, "net/http: server response headers exceeded 1048576 bytes; aborted");
				return -1;
			}
			return 0;
		}
		size_t headlen = (size_t)(end - b) + hl;
		char *head = xstrndup(b, (size_t)(end - b));
		k->roff += headlen;
		long code = 0;
		int minor = 1;
		if (sscanf(head, "HTTP/1.%d %ld", &minor, &code) != 2 || code < 100 || code > 999) {
			free(head);
			hx_fail(h, KC_NET_OTHER, 0, "net/http: HTTP/1.x transport connection broken: malformed HTTP response");
			return -1;
		}
		strvec_clear(&h->headers);
		char *save = NULL;
		char *line = strtok_r(head, "\n", &save); /* the status line */
		while ((line = strtok_r(NULL, "\n", &save))) {
			size_t l = strlen(line);
			while (l && (line[l - 1] == '\r'))
				line[--l] = '\0';
			if (!l)
				continue;
			char *hv = xstrdup(line);
			canon_header(hv);
			strvec_push_nodup(&h->headers, hv);
		}
		if (code >= 100 && code < 200 && code != 101) {
			free(head);
			continue; /* 100 Continue and friends: the real head follows */
		}
		h->r.code = code;
		h->r.got_head = 1;
		{
			const char *sp = strchr(head, ' ');
			const char *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
			size_t rl = sp2 ? strcspn(sp2 + 1, "\r\n") : 0;
			if (rl >= sizeof h->r.reason)
				rl = sizeof h->r.reason - 1;
			memcpy(h->r.reason, sp2 ? sp2 + 1 : "", rl);
			h->r.reason[rl] = '\0';
		}
		h->http10 = minor == 0;
		free(head);
		const char *conn = hdr_val(&h->headers, "Connection");
		h->keepalive = h->http10 ? has_token(conn, "keep-alive") : !has_token(conn, "close");
		const char *te = hdr_val(&h->headers, "Transfer-Encoding");
		const char *cl = hdr_val(&h->headers, "Content-Length");
		if (!strcmp(h->method, "HEAD") || code == 204 || code == 304 || code < 200) {
			h->bm = BM_NONE;
		} else if (te && has_token(te, "chunked")) {
			h->bm = BM_CHUNKED;
			h->chunk_state = 0;
		} else if (cl) {
			char *endp;
			long long v = strtoll(cl, &endp, 10);
			if (endp == cl || v < 0) {
				hx_fail(h, KC_NET_OTHER, 0, "net/http: HTTP/1.x transport connection broken: bad Content-Length %s", cl);
				return -1;
			}
			h->bm = BM_LENGTH;
			h->remaining = v;
		} else {
			h->bm = BM_CLOSE;
			h->keepalive = 0;
		}
		const char *ce = hdr_val(&h->headers, "Content-Encoding");
		if (h->gzip && ce && !strcasecmp(ce, "gzip") && h->bm != BM_NONE) {
			memset(&h->z, 0, sizeof h->z);
			if (inflateInit2(&h->z, 16 + MAX_WBITS) == Z_OK)
				h->zinit = 1;
		}
		h->st = HX_BODY;
		return 1;
	}
}

/* Consume body bytes from the buffer. 1 = finished, 0 = need more, -1 = failed. */
static int parse_body(struct hx *h)
{
	struct hconn *k = h->conn;
	int dr = 0;
	for (;;) {
		const char *b = k->rbuf.buf + k->roff;
		size_t avail = k->rbuf.len - k->roff;
		switch (h->bm) {
		case BM_NONE:
			return 1;
		case BM_LENGTH: {
			size_t take = (long long)avail < h->remaining ? avail : (size_t)h->remaining;
			dr = deliver(h, b, take);
			k->roff += take;
			h->remaining -= (long long)take;
			if (dr < 0)
				goto stop;
			return h->remaining == 0 ? 1 : 0;
		}
		case BM_CLOSE:
			dr = deliver(h, b, avail);
			k->roff += avail;
			if (dr < 0)
				goto stop;
			return 0;
		case BM_CHUNKED:
			if (h->chunk_state == 1) {
				size_t take = (long long)avail < h->remaining ? avail : (size_t)h->remaining;
				dr = deliver(h, b, take);
				k->roff += take;
				h->remaining -= (long long)take;
				if (dr < 0)
					goto stop;
				if (h->remaining)
					return 0;
				h->chunk_state = 2;
				continue;
			}
			{
				const char *nl = memchr(b, '\n', avail);
				if (!nl) {
					if (avail > 4096) {
						hx_fail(h, KC_NET_OTHER, 0, "http chunk length too large");
						return -1;
					}
					return 0;
				}
				size_t ll = (size_t)(nl - b) + 1;
				if (h->chunk_state == 2) {
					k->roff += ll;
					h->chunk_state = 0;
					continue;
				}
				if (h->chunk_state == 3) {
					k->roff += ll;
					if (ll <= 2)
						return 1; /* the empty line after the trailers */
					continue;
				}
				char *endp;
				long long sz = strtoll(b, &endp, 16);
				if (endp == b || sz < 0) {
					hx_fail(h, KC_NET_OTHER, 0, "invalid byte in chunk length");
					return -1;
				}
				k->roff += ll;
				if (sz == 0) {
					h->chunk_state = 3;
					continue;
				}
				h->remaining = sz;
				h->chunk_state = 1;
				continue;
			}
		}
	}
stop:
	if (dr == -2)
		hx_fail(h, KC_NET_OTHER, 0, "gzip: invalid header");
	else
		hx_fail(h, KC_NET_ABORTED, 0, NULL);
	h->keepalive = 0;
	return -1;
}

/* ---------------------------------------------------------------- TLS checks */

static void check_peer(struct http_pool *p, struct hx *h)
{
	X509 *leaf = SSL_get1_peer_certificate(h->conn->ssl);
	if (!leaf) {
		hx_fail(h, KC_NET_TLS, 0, "tls: server did not send any certificates");
		return;
	}
	const char *name = p->tls.server_name ? p->tls.server_name : h->u.host;
	struct strbuf why = STRBUF_INIT;
	int r = kc_tls_verify_leaf(leaf, name, SSL_get_verify_result(h->conn->ssl), &why);
	X509_free(leaf);
	if (r < 0)
		hx_fail(h, KC_NET_TLS_VERIFY, 0, "tls: failed to verify certificate: %s", why.buf);
	strbuf_release(&why);
}

/* ---------------------------------------------------------------- driving */

static int socks_step(struct hx *h)
{
	struct hconn *k = h->conn;
	/* step 0: send greeting; 1: read method; 2: send CONNECT; 3: read reply */
	for (;;) {
		if (h->socks_step == 0 || h->socks_step == 2) {
			struct strbuf o = STRBUF_INIT;
			if (h->socks_step == 0) {
				strbuf_add(&o, "\x05\x01\x00", 3);
			} else {
				size_t hl = strlen(h->u.host);
				unsigned char a[16];
				if (inet_pton(AF_INET, h->u.host, a) == 1) {
					strbuf_add(&o, "\x05\x01\x00\x01", 4);
					strbuf_add(&o, a, 4);
				} else if (inet_pton(AF_INET6, h->u.host, a) == 1) {
					strbuf_add(&o, "\x05\x01\x00\x04", 4);
					strbuf_add(&o, a, 16);
				} else {
					strbuf_add(&o, "\x05\x01\x00\x03", 4);
					strbuf_addch(&o, (int)(hl > 255 ? 255 : hl));
					strbuf_add(&o, h->u.host, hl > 255 ? 255 : hl);
				}
				strbuf_addch(&o, (h->u.port >> 8) & 0xff);
				strbuf_addch(&o, h->u.port & 0xff);
			}
			/* tiny: assume one send suffices on a fresh socket */
			ssize_t w = send(k->fd, o.buf, o.len, MSG_NOSIGNAL);
			int ok = w == (ssize_t)o.len;
			strbuf_release(&o);
			if (!ok) {
				hx_fail(h, KC_NET_RESET, errno, NULL);
				h->r.via_proxy = 1;
				return -1;
			}
			h->socks_step++;
			continue;
		}
		int n = conn_read(k, NULL, NULL);
		if (n == IO_AGAIN)
			return 0;
		if (n <= 0) {
			hx_fail(h, n == IO_EOF ? KC_NET_EOF : KC_NET_RESET, errno, NULL);
			h->r.via_proxy = 1;
			return -1;
		}
		const unsigned char *b = (const unsigned char *)k->rbuf.buf;
		size_t len = k->rbuf.len;
		if (h->socks_step == 1) {
			if (len < 2)
				continue;
			if (b[0] != 5 || b[1] != 0) {
				hx_fail(h, KC_NET_OTHER, 0, "socks connect tcp %s->%s:%d: no acceptable authentication methods",
					h->proxy.authority, h->u.host, h->u.port);
				return -1;
			}
			strbuf_reset(&k->rbuf);
			h->socks_step = 2;
			continue;
		}
		if (len < 5)
			continue;
		size_t need = b[3] == 1 ? 10 : b[3] == 4 ? 22 : (size_t)7 + b[4];
		if (len < need)
			continue;
		if (b[1] != 0) {
			static const char *const why[] = { "succeeded", "general SOCKS server failure",
							   "connection not allowed by ruleset", "network unreachable",
							   "host unreachable", "connection refused", "TTL expired",
							   "command not supported", "address type not supported" };
			hx_fail(h, KC_NET_OTHER, 0, "socks connect tcp %s->%s:%d: %s", h->proxy.authority, h->u.host,
				h->u.port, b[1] < 9 ? why[b[1]] : "unknown error");
			return -1;
		}
		strbuf_reset(&k->rbuf);
		k->roff = 0;
		return 1;
	}
}

static int proxy_step(struct hx *h)
{
	struct hconn *k = h->conn;
	if (h->socks_step == 0) {
		struct strbuf o = STRBUF_INIT;
		strbuf_addf(&o, "CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n", h->u.host, h->u.port, h->u.host,
			    h->u.port);
		if (h->proxy.userinfo) {
			struct strbuf b = STRBUF_INIT;
			base64_encode(&b, h->proxy.userinfo, strlen(h->proxy.userinfo));
			strbuf_addf(&o, "Proxy-Authorization: Basic %s\r\n", b.buf);
			strbuf_release(&b);
		}
		strbuf_addstr(&o, "User-Agent: Go-http-client/1.1\r\n\r\n");
		ssize_t w = send(k->fd, o.buf, o.len, MSG_NOSIGNAL);
		int ok = w == (ssize_t)o.len;
		strbuf_release(&o);
		if (!ok) {
			hx_fail(h, KC_NET_RESET, errno, NULL);
			h->r.via_proxy = 1;
			return -1;
		}
		h->socks_step = 1;
	}
	for (;;) {
		const char *end = memmem(k->rbuf.buf, k->rbuf.len, "\r\n\r\n", 4);
		if (end) {
			long code = 0;
			char reason[128] = "";
			sscanf(k->rbuf.buf, "HTTP/1.%*d %ld %127[^\r\n]", &code, reason);
			if (code != 200) {
				hx_fail(h, KC_NET_PROXY, 0, "%s", *reason ? reason : "unknown status code");
				return -1;
			}
			strbuf_reset(&k->rbuf);
			k->roff = 0;
			return 1;
		}
		int n = conn_read(k, NULL, NULL);
		if (n == IO_AGAIN)
			return 0;
		if (n <= 0) {
			hx_fail(h, n == IO_EOF ? KC_NET_EOF : KC_NET_RESET, errno, NULL);
			h->r.via_proxy = 1;
			return -1;
		}
	}
}

static void retry_fresh(struct http_pool *p, struct hx *h);

/* A read/write on a kept-alive connection failed before any response byte:
 * the server had closed it; Go retries on a new connection. */
static int dead_reused(struct http_pool *p, struct hx *h)
{
	if (!h->r.t.reused || h->got_bytes || h->retried)
		return 0;
	retry_fresh(p, h);
	return 1;
}

static void advance(struct http_pool *p, struct hx *h)
{
	for (;;) {
		struct hconn *k = h->conn;
		switch (h->st) {
		case HX_WAIT:
		case HX_DONE:
			return;
		case HX_CONNECTING: {
			struct pollfd pf = { k->fd, POLLOUT, 0 };
			if (poll(&pf, 1, 0) <= 0)
				return;
			int soerr = 0;
			socklen_t sl = sizeof soerr;
			getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
			if (soerr) {
				if (!h->r.os_errno)
					h->r.os_errno = soerr;
				close(k->fd);
				k->fd = -1;
				if (dial_next(h) < 0) {
					hx_fail(h, KC_NET_CONNECT, h->r.os_errno, NULL);
					return;
				}
				continue;
			}
			h->r.os_errno = 0;
			snprintf(h->r.t.ip, sizeof h->r.t.ip, "%s", k->ip);
			h->r.t.port = k->port;
			after_connect(p, h);
			continue;
		}
		case HX_SOCKS: {
			int r = socks_step(h);
			if (r <= 0)
				return;
			after_tcp(p, h);
			continue;
		}
		case HX_PROXY: {
			int r = proxy_step(h);
			if (r <= 0)
				return;
			after_tcp(p, h);
			continue;
		}
		case HX_TLS: {
			ERR_clear_error();
			errno = 0;
			int r = SSL_do_handshake(k->ssl);
			if (r == 1) {
				h->r.t.tls = mono();
				if (!p->tls.insecure) {
					check_peer(p, h);
					if (h->st == HX_DONE)
						return;
				}
				conn_ready(p, k);
				h->st = HX_SEND;
				h->r.t.pretransfer = mono();
				continue;
			}
			int e = SSL_get_error(k->ssl, r);
			if (e == SSL_ERROR_WANT_READ) {
				k->want_write = 0;
				return;
			}
			if (e == SSL_ERROR_WANT_WRITE) {
				k->want_write = 1;
				return;
			}
			unsigned long ec = ERR_peek_last_error();
			int reason = ERR_GET_REASON(ec);
			if (e == SSL_ERROR_SYSCALL || !ec) {
				if (errno && errno != EPIPE)
					hx_fail(h, KC_NET_RESET, errno, NULL);
				else
					hx_fail(h, KC_NET_EOF, 0, NULL);
				return;
			}
			hx_fail(h, KC_NET_TLS, 0, "%s", ssl_reason(ec));
			if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256)
				h->r.alert = reason - SSL_AD_REASON_OFFSET;
			return;
		}
		case HX_SEND: {
			if (h->sent == h->out.len) {
				h->st = HX_HEAD;
				continue;
			}
			int w = conn_write(k, h->out.buf + h->sent, h->out.len - h->sent);
			if (w == IO_AGAIN)
				return;
			if (w < 0) {
				if (dead_reused(p, h))
					continue;
				hx_fail(h, errno == EPIPE ? KC_NET_EOF : KC_NET_RESET, errno, NULL);
				return;
			}
			h->sent += (size_t)w;
			continue;
		}
		case HX_HEAD:
		case HX_BODY: {
			int in_head = h->st == HX_HEAD;
			int r = in_head ? parse_head(h) : parse_body(h);
			if (r < 0)
				return;
			if (k->roff == k->rbuf.len) {
				strbuf_reset(&k->rbuf);
				k->roff = 0;
			}
			if (in_head && r == 1)
				continue; /* now HX_BODY */
			if (r == 1) {
				body_finished(h);
				return;
			}
			if (k->roff > (1 << 16)) {
				strbuf_remove(&k->rbuf, 0, k->roff);
				k->roff = 0;
			}
			int alert = -1;
			const char *why = NULL;
			int n = conn_read(k, &alert, &why);
			if (n == IO_AGAIN)
				return;
			if (n > 0) {
				if (!h->got_bytes)
					h->r.t.first_byte = mono();
				h->got_bytes = 1;
				continue;
			}
			int err = errno;
			if (dead_reused(p, h))
				continue;
			if (n == IO_EOF && h->st == HX_BODY && h->bm == BM_CLOSE) {
				body_finished(h);
				return;
			}
			if (alert >= 0) {
				hx_fail(h, KC_NET_TLS, 0, "%s", why ? why : "alert");
				h->r.alert = alert;
				return;
			}
			if (n == IO_EOF || !err) {
				h->r.partial_body = h->st == HX_BODY;
				hx_fail(h, KC_NET_EOF, 0, NULL);
			} else {
				hx_fail(h, KC_NET_RESET, err, NULL);
			}
			return;
		}
		}
	}
}

/* Give h a connection: an idle kept-alive one to the same place (still
 * open), else a new one when a slot is free. */
static void acquire(struct http_pool *p, struct hx *h)
{
	struct hconn **pp = &p->idle;
	while (*pp) {
		struct hconn *k = *pp;
		if (strcmp(k->key, h->key)) {
			pp = &k->next;
			continue;
		}
		*pp = k->next;
		k->next = NULL;
		/* readable while idle = closed by the server (or junk): drop it */
		struct pollfd pf = { k->fd, POLLIN, 0 };
		if (poll(&pf, 1, 0) != 0 || (k->ssl && SSL_pending(k->ssl))) {
			conn_close(k);
			p->nconns--;
			continue;
		}
		h->conn = k;
		h->r.t.reused = 1;
		h->r.t.dns = h->r.t.connect = h->r.t.tls = mono();
		snprintf(h->r.t.ip, sizeof h->r.t.ip, "%s", k->ip);
		h->r.t.port = k->port;
		set_dial(h, k->ip, k->port);
		h->st = HX_SEND;
		h->r.t.pretransfer = mono();
		return;
	}
	/* the first connection is still being made: wait for it rather than open
	 * more at once (curl's PIPEWAIT; requests then start in the order given) */
	if (!p->ever_connected && p->connecting > 0)
		return;
	if (p->nconns >= HTTP_MAX_CONNS && p->idle) {
		/* an idle connection elsewhere holds a slot we need */
		struct hconn *k = p->idle;
		p->idle = k->next;
		conn_close(k);
		p->nconns--;
	}
	if (p->nconns >= HTTP_MAX_CONNS)
		return;
	start_connect(p, h);
}

static void release_conn(struct http_pool *p, struct hx *h, int reuse)
{
	struct hconn *k = h->conn;
	if (!k)
		return;
	h->conn = NULL;
	if (h->ai) {
		freeaddrinfo(h->ai);
		h->ai = h->ai_next = NULL;
	}
	if (reuse && k->fd >= 0 && k->roff == k->rbuf.len) {
		strbuf_reset(&k->rbuf);
		k->roff = 0;
		k->next = p->idle;
		p->idle = k;
		return;
	}
	if (k->establishing) {
		k->establishing = 0;
		p->connecting--;
	}
	conn_close(k);
	p->nconns--;
}

static void retry_fresh(struct http_pool *p, struct hx *h)
{
	release_conn(p, h, 0);
	h->retried = 1;
	h->sent = 0;
	h->r.t.reused = 0;
	h->r.os_errno = 0;
	h->r.dial[0] = '\0';
	h->r.t.start = mono();
	start_connect(p, h);
}

static void finish_conn(struct http_pool *p, struct hx *h)
{
	if (!h->conn)
		return;
	int reuse = h->r.fail == KC_NET_OK && h->keepalive && h->bm != BM_CLOSE;
	release_conn(p, h, reuse);
}

void http_poll(struct http_pool *p, struct hx **hs, size_t n, int wait_ms)
{
	struct pollfd *pf = xcalloc(n ? n : 1, sizeof *pf);
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);
	double until = wait_ms >= 0 ? mono() + wait_ms / 1000.0 : 0;
	for (;;) {
		size_t np = 0;
		double t = mono(), next = until;
		int any_done = 0;
		for (size_t i = 0; i < n; i++) {
			struct hx *h = hs[i];
			if (!h)
				continue;
			if (h->st == HX_WAIT)
				acquire(p, h);
			if (h->st != HX_WAIT && h->st != HX_DONE)
				advance(p, h);
			if (h->st != HX_DONE) {
				/* deadlines */
				if (h->deadline && t >= h->deadline) {
					hx_fail(h, KC_NET_TIMEOUT, 0, NULL);
				} else if (h->st == HX_CONNECTING && t >= h->dial_deadline) {
					hx_fail(h, KC_NET_DIAL_TIMEOUT, 0, NULL);
				} else if (h->st == HX_TLS && t >= h->tls_deadline) {
					hx_fail(h, KC_NET_TLS_TIMEOUT, 0, NULL);
				}
			}
			if (h->st == HX_DONE) {
				h->r.got_head = h->r.got_head || h->r.code != 0;
				h->r.detail = h->detail.len ? h->detail.buf : NULL;
				finish_conn(p, h);
				any_done = 1;
				continue;
			}
			if (h->st == HX_WAIT)
				continue;
			struct hconn *k = h->conn;
			short ev = h->st == HX_CONNECTING || h->st == HX_SEND || k->want_write ? POLLOUT : POLLIN;
			if (h->st == HX_SOCKS || h->st == HX_PROXY)
				ev = POLLIN;
			pf[np].fd = k->fd;
			pf[np].events = ev;
			pf[np].revents = 0;
			idx[np++] = i;
			double d = h->deadline;
			if (h->st == HX_CONNECTING && (!d || h->dial_deadline < d))
				d = h->dial_deadline;
			if (h->st == HX_TLS && (!d || h->tls_deadline < d))
				d = h->tls_deadline;
			if (d && (!next || d < next))
				next = d;
		}
		if (any_done || !np)
			break;
		if (until && t >= until)
			break;
		int ms = -1;
		if (next) {
			double dd = next - t;
			ms = dd > 0 ? (int)(dd * 1000.0) + 1 : 0;
		}
		int pr = poll(pf, np, ms);
		if (pr < 0 && errno != EINTR)
			break;
	}
	free(pf);
	free(idx);
}

void hx_free(struct http_pool *p, struct hx *h)
{
	if (!h)
		return;
	if (h->conn)
		release_conn(p, h, 0);
	if (h->ai)
		freeaddrinfo(h->ai);
	if (h->zinit)
		inflateEnd(&h->z);
	free(h->method);
	free(h->key);
	url_free(&h->u);
	url_free(&h->proxy);
	strbuf_release(&h->out);
	strbuf_release(&h->detail);
	strvec_clear(&h->headers);
	free(h);
}

const char *http_status_text(long code)
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
