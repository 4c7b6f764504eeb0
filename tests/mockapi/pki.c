/* pki.c: a throw-away CA, the serving certificate and two client certificates,
 * all EC P-256 (fast to generate), made with OpenSSL at start-up. */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

static X509 *ca_cert;
static EVP_PKEY *ca_key;

static char *bio_str(BIO *b)
{
	char *data;
	long n = BIO_get_mem_data(b, &data);
	char *s = xmalloc((size_t)n + 1);
	memcpy(s, data, (size_t)n);
	s[n] = 0;
	BIO_free(b);
	return s;
}

static char *key_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
	return bio_str(b);
}

static char *cert_pem(X509 *c)
{
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, c);
	return bio_str(b);
}

static void add_ext(X509 *c, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, c, NULL, NULL, 0);
	X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ex) {
		X509_add_ext(c, ex, -1);
		X509_EXTENSION_free(ex);
	}
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, const char *org, int is_ca, int server,
	long serial)
{
	X509 *c = X509_new();
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 3650L * 86400);
	X509_NAME *n = X509_get_subject_name(c);
	if (org)
		X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)org, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(c, is_ca ? n : X509_get_subject_name(ca_cert));
	X509_set_pubkey(c, key);
	X509 *issuer = is_ca ? c : ca_cert;
	if (is_ca) {
		add_ext(c, issuer, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(c, issuer, NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign");
		add_ext(c, issuer, NID_subject_key_identifier, "hash");
	} else {
		add_ext(c, issuer, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(c, issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
		add_ext(c, issuer, NID_ext_key_usage, server ? "serverAuth" : "clientAuth");
		add_ext(c, issuer, NID_authority_key_identifier, "keyid:always");
		if (server)
			add_ext(c, issuer, NID_subject_alt_name,
				"DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,IP:127.0.0.1,IP:10.96.0.1");
	}
	X509_sign(c, is_ca ? key : ca_key, EVP_sha256());
	return c;
}

int pki_generate(struct pki *p)
{
	memset(p, 0, sizeof(*p));
	ca_key = EVP_EC_gen("P-256");
	if (!ca_key)
		return -1;
	ca_cert = make_cert(ca_key, "kc-mockapi-ca", NULL, 1, 0, 1);
	p->ca_pem = cert_pem(ca_cert);

	struct {
		const char *cn, *org;
		int server;
		char **cert, **key;
	} todo[] = {
		{ "kube-apiserver", NULL, 1, &p->server_cert_pem, &p->server_key_pem },
		{ "kubernetes-admin", "system:masters", 0, &p->admin_cert_pem, &p->admin_key_pem },
		{ "dev", "developers", 0, &p->dev_cert_pem, &p->dev_key_pem },
	};
	for (size_t i = 0; i < sizeof(todo) / sizeof(todo[0]); i++) {
		EVP_PKEY *k = EVP_EC_gen("P-256");
		if (!k)
			return -1;
		X509 *c = make_cert(k, todo[i].cn, todo[i].org, 0, todo[i].server, (long)i + 2);
		*todo[i].cert = cert_pem(c);
		*todo[i].key = key_pem(k);
		X509_free(c);
		EVP_PKEY_free(k);
	}
	return 0;
}

void pki_free(struct pki *p)
{
	free(p->ca_pem);
	free(p->server_cert_pem);
	free(p->server_key_pem);
	free(p->admin_cert_pem);
	free(p->admin_key_pem);
	free(p->dev_cert_pem);
	free(p->dev_key_pem);
	X509_free(ca_cert);
	EVP_PKEY_free(ca_key);
	ca_cert = NULL;
	ca_key = NULL;
}

static char *name_entry(X509_NAME *n, int nid)
{
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	if (i < 0)
		return NULL;
	ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
	return xstrndup((const char *)ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
}

int pki_verify_client(const unsigned char *der, size_t len, char **cn, char **org)
{
	const unsigned char *p = der;
	X509 *c = d2i_X509(NULL, &p, (long)len);
	if (!c)
		return -1;
	int ok = X509_verify(c, ca_key) == 1;
	if (ok) {
		*cn = name_entry(X509_get_subject_name(c), NID_commonName);
		*org = name_entry(X509_get_subject_name(c), NID_organizationName);
	}
	X509_free(c);
	return ok ? 0 : -1;
}
