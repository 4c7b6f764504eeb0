/* client/tls.h: OpenSSL set-up for kc's HTTP engine (internal to client/):
 * contexts built from PEM held in memory, and the certificate checks Go's
 * crypto/tls does (leaf validity, then the host name, then the chain). */
#ifndef KC_CLIENT_TLS_H
#define KC_CLIENT_TLS_H

#include <openssl/ssl.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Initialise OpenSSL once, without reading openssl.cnf (Go never does). */
void kc_tls_init(void);

/* A client context. verify: trust ca_pem (NULL/empty = the system roots);
 * !verify: no verification at all. cert_pem/key_pem: the client certificate
 * (chain) and key, or NULLs. NULL with err filled when the PEM is unusable. */
SSL_CTX *kc_tls_ctx_new(const char *ca_pem, size_t ca_len, int verify, const char *cert_pem,
			const char *key_pem, struct strbuf *err);

/* Go's x509 verification of the server's leaf for name (a DNS name or an IP),
 * given OpenSSL's chain result: 0 when good, -1 with Go's error text in why
 * ("x509: certificate signed by unknown authority", "x509: certificate is valid
 * for a, b, not c" …). */
int kc_tls_verify_leaf(X509 *leaf, const char *name, long chain_result, struct strbuf *why);

/* Free what kc_tls_init and the engine keep for the process. */
void kc_http_cleanup(void);

#endif
