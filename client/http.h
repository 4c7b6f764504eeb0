/* client/http.h: kc's own HTTP/1.1 engine on POSIX sockets + OpenSSL (internal to
 * client/; the rest of kc uses client.h).
 *
 * A pool (struct http_pool) owns the TLS context and the kept-alive connections
 * of one command: at most HTTP_MAX_CONNS open at once, idle ones reused by the
 * next exchange. An exchange (struct hx) is one request/response; many run in
 * parallel, driven by http_poll() (poll(2) over non-blocking sockets): connect
 * (through an http CONNECT or socks5 proxy if any), TLS handshake and Go's
 * certificate checks, send, then the response head and a Content-Length,
 * chunked or close-delimited body, gzip undone, handed to a callback as it
 * arrives. Failures are described by kind + errno + detail; errors.c words them
 * as Go does. */
#ifndef KC_CLIENT_HTTP_H
#define KC_CLIENT_HTTP_H

#include <stddef.h>

#include "client/client.h"

#define HTTP_MAX_CONNS 6

struct http_tls_config {
	const char *ca_pem;        /* CA bundle; NULL/empty = the system roots */
	size_t ca_len;
	int insecure;              /* no verification at all */
	const char *server_name;   /* tls-server-name: SNI and the name verified; NULL = URL host */
};

struct http_pool;

struct http_pool *http_pool_new(const struct http_tls_config *tls, const char *proxy_url);
void http_pool_free(struct http_pool *p);
/* The client certificate and key (PEM); a change drops the TLS context and the
 * idle connections. NULLs = none. */
void http_pool_set_client_cert(struct http_pool *p, const char *cert_pem, const char *key_pem);

/* Phase timestamps (monotonic seconds) for the -v=9 trace lines. */
struct http_timing {
	double start, dns, connect, tls, pretransfer, first_byte;
	int reused;                /* the exchange ran on a kept-alive connection */
	char ip[64];               /* the address dialled ("127.0.0.1", "::1") */
	int port;
};

struct hx;

/* What a body callback returns to stop the exchange (not an error by itself). */
typedef int (*http_body_fn)(void *ud, const char *data, size_t len);

struct hx_req {
	const char *method;
	const char *url;           /* absolute http(s) URL */
	const struct strvec *headers; /* "Name: value" lines (no Host, no Content-Length) */
	const char *body;
	size_t body_len;
	int gzip;                  /* send Accept-Encoding: gzip and undo it */
	long long timeout_ms;      /* whole exchange; 0 = none */
};

/* Start an exchange (it copies what it needs from rq). */
struct hx *hx_new(struct http_pool *p, const struct hx_req *rq, http_body_fn on_body, void *ud);
/* Run every unfinished exchange of hs for up to wait_ms (-1 = until one finishes). */
void http_poll(struct http_pool *p, struct hx **hs, size_t n, int wait_ms);
int hx_done(const struct hx *h);
/* Release the exchange; its connection goes back to the pool when reusable. */
void hx_free(struct http_pool *p, struct hx *h);


struct hx_result {
	enum kc_net_fail fail;
	int os_errno;
	int alert;
	int via_proxy;             /* the failure was dialling/talking to the proxy */
	int got_head;              /* the response head had arrived */
	int partial_body;          /* EOF in the middle of the body */
	const char *detail;        /* borrowed, valid until hx_free */
	char dial[80];             /* "ip:port" dialled (Go names it), "" if none */
	long code;                 /* HTTP status once the head is in */
	char reason[64];           /* its reason phrase as the server sent it */
	const struct strvec *headers; /* response headers, Go's canonical names */
	struct http_timing t;
};
const struct hx_result *hx_result(const struct hx *h);

/* Go's NewGenericServerResponse reason phrases ("OK", "Not Found"…), "" unknown. */
const char *http_status_text(long code);

#endif
