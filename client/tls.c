/* OpenSSL contexts from in-memory PEM and Go's certificate checks. See tls.h. */
#include <arpa/inet.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "client/tls.h"
#include "util/base64.h"
#include "util/strvec.h"

static void tls_init_once(void)
{
	/* no openssl.cnf, no legacy cipher-name table (TLS fetches its ciphers
	 * from the provider; EVP_aes_256_cbc() and friends need no names; the
	 * digest table must stay: EC key checks look digests up by name), no SSL
	 * error strings (http.c words errors from reason codes): ~1 ms less */
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_SSL_STRINGS |
				 OPENSSL_INIT_NO_ADD_ALL_CIPHERS,
			 NULL);
}

/* once per process: logs -f runs one client per thread */
void kc_tls_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, tls_init_once);
}

static int no_chain_check(X509_STORE_CTX *ctx, void *arg)
{
	(void)ctx;
	(void)arg;
	return 1;
}

/* The next PEM block from *p: its type ("CERTIFICATE", "RSA PRIVATE KEY" …) and
 * DER bytes. OpenSSL's PEM readers go through its decoder framework, ~10 ms
 * for an RSA key; this split plus d2i takes a fraction of a millisecond.
 * 0, or -1 when no (well-formed) block is left. */
static int pem_next(const char **p, const char *end, char *type, size_t tn, struct strbuf *der)
{
	for (;;) {
		const char *b = memmem(*p, (size_t)(end - *p), "-----BEGIN ", 11);
		if (!b)
			return -1;
		const char *t = b + 11;
		const char *te = memmem(t, (size_t)(end - t), "-----", 5);
		if (!te)
			return -1;
		size_t tl = (size_t)(te - t);
		const char *body = te + 5;
		char endmark[128];
		snprintf(endmark, sizeof endmark, "-----END %.*s-----", (int)(tl < 100 ? tl : 100), t);
		const char *e = memmem(body, (size_t)(end - body), endmark, strlen(endmark));
		if (!e)
			return -1;
		*p = e + strlen(endmark);
		if (tl >= tn || memchr(body, ':', (size_t)(e - body)))
			continue; /* encrypted (Proc-Type headers) or odd: not for us */
		memcpy(type, t, tl);
		type[tl] = '\0';
		/* base64 without the line breaks */
		struct strbuf b64 = STRBUF_INIT;
		for (const char *q = body; q < e; q++)
			if (*q != '\n' && *q != '\r' && *q != ' ' && *q != '\t')
				strbuf_addch(&b64, *q);
		strbuf_reset(der);
		size_t bad = 0;
		int r = base64_decode(der, b64.buf ? b64.buf : "", b64.len, &bad);
		strbuf_release(&b64);
		if (r == 0)
			return 0;
	}
}

/* Every certificate of a PEM bundle, in order. */
static STACK_OF(X509) *pem_certs(const char *pem, size_t len)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	const char *p = pem, *end = pem + len;
	char type[64];
	struct strbuf der = STRBUF_INIT;
	while (pem_next(&p, end, type, sizeof type, &der) == 0) {
		if (strcmp(type, "CERTIFICATE") && strcmp(type, "TRUSTED CERTIFICATE") &&
		    strcmp(type, "X509 CERTIFICATE"))
			continue;
		const unsigned char *d = (const unsigned char *)der.buf;
		X509 *x = !strcmp(type, "TRUSTED CERTIFICATE") ? d2i_X509_AUX(NULL, &d, (long)der.len)
							       : d2i_X509(NULL, &d, (long)der.len);
		if (x)
			sk_X509_push(sk, x);
	}
	strbuf_release(&der);
	ERR_clear_error();
	return sk;
}

/* The first private key of a PEM text (PKCS#8, PKCS#1 RSA, SEC1 EC). */
static EVP_PKEY *pem_key(const char *pem)
{
	const char *p = pem, *end = pem + strlen(pem);
	char type[64];
	struct strbuf der = STRBUF_INIT;
	EVP_PKEY *k = NULL;
	while (!k && pem_next(&p, end, type, sizeof type, &der) == 0) {
		const unsigned char *d = (const unsigned char *)der.buf;
		if (!strcmp(type, "PRIVATE KEY")) {
			PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &d, (long)der.len);
			if (p8)
				k = EVP_PKCS82PKEY(p8);
			PKCS8_PRIV_KEY_INFO_free(p8);
		} else if (!strcmp(type, "RSA PRIVATE KEY")) {
			k = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &d, (long)der.len);
		} else if (!strcmp(type, "EC PRIVATE KEY")) {
			k = d2i_PrivateKey(EVP_PKEY_EC, NULL, &d, (long)der.len);
		}
	}
	strbuf_release(&der);
	if (!k) {
		/* anything else OpenSSL knows */
		BIO *kb = BIO_new_mem_buf(pem, -1);
		k = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
		BIO_free(kb);
	}
	ERR_clear_error();
	return k;
}

SSL_CTX *kc_tls_ctx_new(const char *ca_pem, size_t ca_len, int verify, const char *cert_pem,
			const char *key_pem, struct strbuf *err)
{
	kc_tls_init();
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		strbuf_addstr(err, "tls: cannot create a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* the chain is verified (result kept) but never aborts the handshake: the
	 * checks run afterwards, in Go's order (kc_tls_verify_leaf) */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	static const unsigned char alpn[] = "\x08http/1.1";
	SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1);
	if (!verify) {
		SSL_CTX_set_cert_verify_callback(ctx, no_chain_check, NULL);
	} else if (ca_pem && ca_len) {
		X509_STORE *st = SSL_CTX_get_cert_store(ctx);
		STACK_OF(X509) *cas = pem_certs(ca_pem, ca_len);
		for (int i = 0; i < sk_X509_num(cas); i++)
			X509_STORE_add_cert(st, sk_X509_value(cas, i));
		sk_X509_pop_free(cas, X509_free);
	} else {
		SSL_CTX_set_default_verify_paths(ctx);
	}
	if (cert_pem && key_pem && *cert_pem && *key_pem) {
		STACK_OF(X509) *chain = pem_certs(cert_pem, strlen(cert_pem));
		EVP_PKEY *key = pem_key(key_pem);
		int ok = sk_X509_num(chain) > 0 && key && SSL_CTX_use_certificate(ctx, sk_X509_value(chain, 0)) == 1;
		for (int i = 1; ok && i < sk_X509_num(chain); i++)
			ok = SSL_CTX_add1_chain_cert(ctx, sk_X509_value(chain, i)) == 1;
		ok = ok && SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
		sk_X509_pop_free(chain, X509_free);
		EVP_PKEY_free(key);
		ERR_clear_error();
		if (!ok) {
			strbuf_addstr(err, "tls: private key does not match public key");
			SSL_CTX_free(ctx);
			return NULL;
		}
	}
	return ctx;
}

/* Go's matchHostnames: case-insensitive, a trailing dot ignored, '*' only as
 * the whole leftmost label. */
static int host_matches(const char *pattern, const char *host)
{
	size_t pl = strlen(pattern), hl = strlen(host);
	if (hl && host[hl - 1] == '.')
		hl--;
	if (pl && pattern[pl - 1] == '.')
		pl--;
	if (!pl || !hl)
		return 0;
	if (pl == hl && !strncasecmp(pattern, host, hl))
		return 1;
	if (pl > 2 && pattern[0] == '*' && pattern[1] == '.') {
		const char *dot = memchr(host, '.', hl);
		if (!dot || dot == host)
			return 0;
		size_t rest = hl - (size_t)(dot - host);
		return rest == pl - 1 && !strncasecmp(pattern + 1, dot, rest);
	}
	return 0;
}

static void go_time(struct strbuf *out, const struct tm *tm)
{
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
		    tm->tm_hour, tm->tm_min, tm->tm_sec);
}

int kc_tls_verify_leaf(X509 *leaf, const char *name, long chain_result, struct strbuf *why)
{
	/* 1. validity period */
	time_t now = time(NULL);
	struct tm tnow, tb;
	gmtime_r(&now, &tnow);
	const ASN1_TIME *nb = X509_get0_notBefore(leaf), *na = X509_get0_notAfter(leaf);
	int before = X509_cmp_time(nb, &now) > 0, after = X509_cmp_time(na, &now) < 0;
	if (before || after) {
		strbuf_addstr(why, "x509: certificate has expired or is not yet valid: current time ");
		go_time(why, &tnow);
		strbuf_addstr(why, before ? " is before " : " is after ");
		memset(&tb, 0, sizeof tb);
		ASN1_TIME_to_tm(before ? nb : na, &tb);
		go_time(why, &tb);
		return -1;
	}
	/* 2. the host name */
	unsigned char want[16];
	int wantlen = 0;
	char hostbuf[256];
	snprintf(hostbuf, sizeof hostbuf, "%s", name);
	if (hostbuf[0] == '[') {
		memmove(hostbuf, hostbuf + 1, strlen(hostbuf));
		char *rb = strchr(hostbuf, ']');
		if (rb)
			*rb = '\0';
	}
	if (inet_pton(AF_INET, hostbuf, want) == 1)
		wantlen = 4;
	else if (inet_pton(AF_INET6, hostbuf, want) == 1)
		wantlen = 16;
	struct strvec dns = STRVEC_INIT, ips = STRVEC_INIT;
	int match = 0, has_san = 0;
	GENERAL_NAMES *sans = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	has_san = sans != NULL;
	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_DNS) {
			const char *s = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
			int l = ASN1_STRING_length(g->d.dNSName);
			char *d = xstrndup(s, (size_t)l);
			if (!wantlen && host_matches(d, hostbuf))
				match = 1;
			strvec_push_nodup(&dns, d);
		} else if (g->type == GEN_IPADD) {
			const unsigned char *b = ASN1_STRING_get0_data(g->d.iPAddress);
			int l = ASN1_STRING_length(g->d.iPAddress);
			char ip[INET6_ADDRSTRLEN] = "";
			if (l == 4)
				inet_ntop(AF_INET, b, ip, sizeof ip);
			else if (l == 16)
				inet_ntop(AF_INET6, b, ip, sizeof ip);
			if (!*ip)
				continue;
			if (wantlen && l == wantlen && !memcmp(b, want, (size_t)l))
				match = 1;
			/* an IPv4 host against an IPv4-mapped SAN (Go's IP.Equal) */
			if (wantlen == 4 && l == 16 && !memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) &&
			    !memcmp(b + 12, want, 4))
				match = 1;
			strvec_push(&ips, ip);
		}
	}
	GENERAL_NAMES_free(sans);
	if (!match) {
		int legacy = 0;
		if (!has_san && !wantlen) {
			char cn[256] = "";
			X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_commonName, cn, sizeof cn);
			legacy = *cn && host_matches(cn, hostbuf);
		}
		if (legacy) {
			strbuf_addstr(why, "x509: certificate relies on legacy Common Name field, use SANs instead");
		} else if (wantlen && !ips.nr) {
			strbuf_addf(why, "x509: cannot validate certificate for %s because it doesn't contain any IP SANs",
				    hostbuf);
		} else {
			const struct strvec *valid = wantlen ? &ips : &dns;
			if (!valid->nr) {
				strbuf_addf(why, "x509: certificate is not valid for any names, but wanted to match %s",
					    hostbuf);
			} else {
				strbuf_addstr(why, "x509: certificate is valid for ");
				for (size_t i = 0; i < valid->nr; i++)
					strbuf_addf(why, "%s%s", i ? ", " : "", valid->v[i]);
				strbuf_addf(why, ", not %s", hostbuf);
			}
		}
		strvec_clear(&dns);
		strvec_clear(&ips);
		return -1;
	}
	strvec_clear(&dns);
	strvec_clear(&ips);
	/* 3. the chain */
	if (chain_result != X509_V_OK) {
		if (chain_result == X509_V_ERR_INVALID_PURPOSE)
			strbuf_addstr(why, "x509: certificate specifies an incompatible key usage");
		else if (chain_result == X509_V_ERR_CERT_HAS_EXPIRED || chain_result == X509_V_ERR_CERT_NOT_YET_VALID)
			strbuf_addstr(why, "x509: certificate has expired or is not yet valid");
		else
			strbuf_addstr(why, "x509: certificate signed by unknown authority");
		return -1;
	}
	return 0;
}
