/* sprig_crypto.c: Sprig's crypto and random functions (crypto.go, goutils'
 * CryptoRandom*, google/uuid) on OpenSSL, with sprig's exact schemes: AES-256-CBC
 * with the password zero-padded to 32 bytes, PKCS#7 padding and a random IV in
 * front (base64), Master Password derivePassword on scrypt(N=32768, r=8, p=2),
 * private keys and certificates as PEM in Go's encodings. */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/base64.h"

static struct tv *hexdigest(const unsigned char *d, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_addch(&sb, hx[d[i] >> 4]);
		strbuf_addch(&sb, hx[d[i] & 15]);
	}
	return tv_str_buf(&sb);
}

SF(sf_sha1sum)
{
	unsigned char d[SHA_DIGEST_LENGTH];
	SHA1((const unsigned char *)ARG_S(0), ARG_SL(0), d);
	return hexdigest(d, sizeof(d));
}

SF(sf_sha256sum)
{
	unsigned char d[32];
	sprig_sha256(ARG_S(0), ARG_SL(0), d);
	return hexdigest(d, sizeof(d));
}

SF(sf_sha512sum)
{
	unsigned char d[SHA512_DIGEST_LENGTH];
	SHA512((const unsigned char *)ARG_S(0), ARG_SL(0), d);
	return hexdigest(d, sizeof(d));
}

SF(sf_adler32sum)
{
	uLong a = adler32(1L, (const Bytef *)ARG_S(0), (uInt)ARG_SL(0));
	char buf[16];
	snprintf(buf, sizeof(buf), "%lu", (unsigned long)a);
	return tv_str(buf);
}

/* ---- random ---- */

static void rand_bytes(unsigned char *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1)
		abort();
}

/* goutils.CryptoRandom(count, 0, 0, letters, numbers): chars from 32..126 when no
 * set is given, filtered to letters/digits; count < 0 is an error (sprig drops
 * it, returning ""). */
static struct tv *crypto_random(long long count, int letters, int numbers, const char *set,
				struct kc_err *err)
{
	if (count <= 0)
		return tv_str("");
	if (count > 100000000) {
		kc_err_set(err, "kc: random string of %lld characters is too large", count);
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	while ((long long)sb.len < count) {
		unsigned char b[64];
		rand_bytes(b, sizeof(b));
		for (size_t i = 0; i < sizeof(b) && (long long)sb.len < count; i++) {
			char c;
			if (set) {
				size_t n = strlen(set);
				if (b[i] >= 256 / n * n)
					continue;
				c = set[b[i] % n];
			} else {
				if (b[i] >= 190)
					continue;
				c = (char)(32 + b[i] % 95);
				int isl = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
				int isd = c >= '0' && c <= '9';
				if ((letters || numbers) && !((letters && isl) || (numbers && isd)))
					continue;
			}
			strbuf_addch(&sb, c);
		}
	}
	return tv_str_buf(&sb);
}

uint64_t sprig_rand_below(uint64_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n, r;
	do
		rand_bytes((unsigned char *)&r, sizeof(r));
	while (r >= lim);
	return r % n;
}

SF(sf_randalphanum) { return crypto_random(ARG_I(0), 1, 1, NULL, err); }
SF(sf_randalpha) { return crypto_random(ARG_I(0), 1, 0, NULL, err); }
SF(sf_randascii) { return crypto_random(ARG_I(0), 0, 0, NULL, err); }
SF(sf_randnumeric) { return crypto_random(ARG_I(0), 0, 1, NULL, err); }

SF(sf_randbytes)
{
	long long n = ARG_I(0);
	if (n < 0) {
		kc_err_set(err, "runtime error: makeslice: len out of range");
		return NULL;
	}
	if (n > 100000000) {
		kc_err_set(err, "kc: randBytes count %lld is too large", n);
		return NULL;
	}
	unsigned char *b = xmalloc((size_t)n + 1);
	rand_bytes(b, (size_t)n);
	struct strbuf sb = STRBUF_INIT;
	base64_encode(&sb, b, (size_t)n);
	free(b);
	return tv_str_buf(&sb);
}

SF(sf_uuidv4)
{
	unsigned char u[16];
	rand_bytes(u, sizeof(u));
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	char buf[40];
	snprintf(buf, sizeof(buf),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return tv_str(buf);
}

/* ---- AES ---- */

SF(sf_encryptaes) /* (password, plaintext) */
{
	if (!ARG_SL(1))
		return tv_str("");
	unsigned char key[32] = {0};
	memcpy(key, ARG_S(0), ARG_SL(0) < 32 ? ARG_SL(0) : 32);
	size_t n = ARG_SL(1), pad = 16 - n % 16, total = 16 + n + pad;
	unsigned char *buf = xmalloc(total);
	rand_bytes(buf, 16);
	unsigned char *plain = xmalloc(n + pad);
	memcpy(plain, ARG_S(1), n);
	memset(plain + n, (int)pad, pad);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0;
	EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, buf);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_EncryptUpdate(ctx, buf + 16, &outl, plain, (int)(n + pad));
	EVP_CIPHER_CTX_free(ctx);
	struct strbuf sb = STRBUF_INIT;
	base64_encode(&sb, buf, total);
	free(buf);
	free(plain);
	return tv_str_buf(&sb);
}

SF(sf_decryptaes) /* (password, crypt64) */
{
	if (!ARG_SL(1))
		return tv_str("");
	unsigned char key[32] = {0};
	memcpy(key, ARG_S(0), ARG_SL(0) < 32 ? ARG_SL(0) : 32);
	struct strbuf raw = STRBUF_INIT;
	size_t bad = 0;
	if (go_b64_decode(&raw, ARG_S(1), ARG_SL(1), &bad)) {
		strbuf_release(&raw);
		kc_err_set(err, "illegal base64 data at input byte %zu", bad);
		return NULL;
	}
	if (raw.len < 16) {
		kc_err_set(err, "runtime error: slice bounds out of range [:16] with capacity %zu", raw.len);
		strbuf_release(&raw);
		return NULL;
	}
	size_t n = raw.len - 16;
	if (n % 16) {
		strbuf_release(&raw);
		kc_err_set(err, "crypto/cipher: input not full blocks");
		return NULL;
	}
	if (n == 0) {
		strbuf_release(&raw);
		kc_err_set(err, "runtime error: index out of range [-1]");
		return NULL;
	}
	unsigned char *out = xmalloc(n);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0;
	EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, (unsigned char *)raw.buf);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_DecryptUpdate(ctx, out, &outl, (unsigned char *)raw.buf + 16, (int)n);
	EVP_CIPHER_CTX_free(ctx);
	strbuf_release(&raw);
	size_t p = out[n - 1];
	if (p > n) {
		free(out);
		kc_err_set(err, "runtime error: slice bounds out of range [:%lld]", (long long)n - (long long)p);
		return NULL;
	}
	struct tv *r = tv_strn((char *)out, n - p);
	free(out);
	return r;
}

/* ---- derivePassword (Master Password) ---- */

static const struct {
	const char *name;
	const char *const *t;
} pw_templates[] = {
	{"maximum", (const char *const[]){"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno", NULL}},
	{"long", (const char *const[]){"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno",
				       "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
				       "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno",
				       "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
				       "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
				       "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
				       "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno", NULL}},
	{"medium", (const char *const[]){"CvcnoCvc", "CvcCvcno", NULL}},
	{"short", (const char *const[]){"Cvcn", NULL}},
	{"basic", (const char *const[]){"aaanaaan", "aannaaan", "aaannaaa", NULL}},
	{"pin", (const char *const[]){"nnnn", NULL}},
};

static const char *pw_chars(char c)
{
	switch (c) {
	case 'V': return "AEIOU";
	case 'C': return "BCDFGHJKLMNPQRSTVWXYZ";
	case 'v': return "aeiou";
	case 'c': return "bcdfghjklmnpqrstvwxyz";
	case 'A': return "AEIOUBCDFGHJKLMNPQRSTVWXYZ";
	case 'a': return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
	case 'n': return "0123456789";
	case 'o': return "@&%?,=[]_:-+*$#!'^~;()/.";
	case 'x': return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()";
	}
	return "";
}

static void put_be32(struct strbuf *sb, uint32_t v)
{
	strbuf_addch(sb, (int)(v >> 24));
	strbuf_addch(sb, (int)((v >> 16) & 0xff));
	strbuf_addch(sb, (int)((v >> 8) & 0xff));
	strbuf_addch(sb, (int)(v & 0xff));
}

SF(sf_derivepassword) /* (counter uint32, type, password, user, site) */
{
	const char *const *tmpl = NULL;
	for (size_t i = 0; i < sizeof(pw_templates) / sizeof(pw_templates[0]); i++)
		if (strlen(pw_templates[i].name) == ARG_SL(1) && !strcmp(pw_templates[i].name, ARG_S(1)))
			tmpl = pw_templates[i].t;
	if (!tmpl) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "cannot find password template ");
		strbuf_add(&sb, ARG_S(1), ARG_SL(1));
		return tv_str_buf(&sb);
	}
	uint32_t counter = (uint32_t)argv[0]->u.u;
	struct strbuf salt = STRBUF_INIT;
	strbuf_addstr(&salt, "com.lyndir.masterpassword");
	put_be32(&salt, (uint32_t)ARG_SL(3));
	strbuf_add(&salt, ARG_S(3), ARG_SL(3));
	unsigned char key[64];
	if (EVP_PBE_scrypt(ARG_S(2), ARG_SL(2), (unsigned char *)salt.buf, salt.len, 32768, 8, 2,
			   64 * 1024 * 1024, key, sizeof(key)) != 1) {
		strbuf_release(&salt);
		return tv_str("failed to derive password: scrypt failed");
	}
	strbuf_setlen(&salt, strlen("com.lyndir.masterpassword"));
	put_be32(&salt, (uint32_t)ARG_SL(4));
	strbuf_add(&salt, ARG_S(4), ARG_SL(4));
	put_be32(&salt, counter);
	unsigned char seed[32];
	unsigned int sl = 0;
	HMAC(EVP_sha256(), key, sizeof(key), (unsigned char *)salt.buf, salt.len, seed, &sl);
	strbuf_release(&salt);
	size_t nt = 0;
	while (tmpl[nt])
		nt++;
	const char *t = tmpl[seed[0] % nt];
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; t[i]; i++) {
		const char *pc = pw_chars(t[i]);
		strbuf_addch(&out, pc[seed[i + 1] % strlen(pc)]);
	}
	return tv_str_buf(&out);
}

/* ---- keys ---- */

static char *bio_string(BIO *b)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);
	return xstrndup(p, (size_t)n);
}

/* Go's pemBlockForKey: PKCS#1 RSA, traditional DSA and EC (SEC1), PKCS#8 else. */
static char *key_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	int id = EVP_PKEY_get_base_id(k);
	if (id == EVP_PKEY_RSA || id == EVP_PKEY_DSA || id == EVP_PKEY_EC)
		PEM_write_bio_PrivateKey_traditional(b, k, NULL, NULL, 0, NULL, NULL);
	else
		PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
	char *s = bio_string(b);
	BIO_free(b);
	return s;
}

static EVP_PKEY *gen_key(const char *type)
{
	EVP_PKEY *k = NULL;
	if (!*type || !strcmp(type, "rsa"))
		return EVP_RSA_gen(4096);
	if (!strcmp(type, "ecdsa"))
		return EVP_EC_gen("P-256");
	if (!strcmp(type, "ed25519")) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
		EVP_PKEY_keygen_init(c);
		EVP_PKEY_keygen(c, &k);
		EVP_PKEY_CTX_free(c);
		return k;
	}
	if (!strcmp(type, "dsa")) {
		EVP_PKEY *params = NULL;
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_DSA, NULL);
		EVP_PKEY_paramgen_init(c);
		EVP_PKEY_CTX_set_dsa_paramgen_bits(c, 2048);
		EVP_PKEY_CTX_set_dsa_paramgen_q_bits(c, 256);
		EVP_PKEY_paramgen(c, &params);
		EVP_PKEY_CTX_free(c);
		if (!params)
			return NULL;
		c = EVP_PKEY_CTX_new(params, NULL);
		EVP_PKEY_keygen_init(c);
		EVP_PKEY_keygen(c, &k);
		EVP_PKEY_CTX_free(c);
		EVP_PKEY_free(params);
		return k;
	}
	return NULL;
}

SF(sf_genprivatekey)
{
	const char *t = ARG_S(0);
	if (memchr(t, 0, ARG_SL(0)) ||
	    (*t && strcmp(t, "rsa") && strcmp(t, "dsa") && strcmp(t, "ecdsa") && strcmp(t, "ed25519"))) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "Unknown type ");
		strbuf_add(&sb, ARG_S(0), ARG_SL(0));
		return tv_str_buf(&sb);
	}
	EVP_PKEY *k = gen_key(t);
	if (!k)
		return tv_str("failed to generate private key: key generation failed");
	char *pem = key_pem(k);
	EVP_PKEY_free(k);
	return tv_str_take(pem, strlen(pem));
}

/* sprig's parsePrivateKeyPEM */
static EVP_PKEY *parse_key_pem(const char *pem, size_t n, struct strbuf *e)
{
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len = 0;
	EVP_PKEY *k = NULL;
	if (!PEM_read_bio(b, &name, &header, &data, &len)) {
		strbuf_addstr(e, "no PEM data in input");
		goto out;
	}
	const unsigned char *p = data;
	if (!strcmp(name, "PRIVATE KEY")) {
		k = d2i_AutoPrivateKey(NULL, &p, len);
		if (!k)
			strbuf_addstr(e, "decoding PEM as PKCS#8: asn1: structure error");
	} else if (!ends_with(name, " PRIVATE KEY")) {
		strbuf_addf(e, "no private key data in PEM block of type %s", name);
	} else if (!strcmp(name, "RSA PRIVATE KEY")) {
		k = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, len);
		if (!k)
			strbuf_addstr(e, "parsing RSA private key from PEM: asn1: structure error");
	} else if (!strcmp(name, "EC PRIVATE KEY")) {
		k = d2i_PrivateKey(EVP_PKEY_EC, NULL, &p, len);
		if (!k)
			strbuf_addstr(e, "parsing EC private key from PEM: x509: failed to parse EC private key");
	} else if (!strcmp(name, "DSA PRIVATE KEY")) {
		k = d2i_PrivateKey(EVP_PKEY_DSA, NULL, &p, len);
		if (!k)
			strbuf_addstr(e, "parsing DSA private key from PEM: asn1: structure error");
	} else {
		strbuf_addf(e, "invalid private key type %s", name);
	}
out:
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	BIO_free(b);
	return k;
}

/* ---- certificates ---- */

static const char *const cert_fields[] = {"Cert", "Key", NULL};
const struct tv_type sprig_type_cert = {
	.name = "sprig.certificate", .kind = TV_STRUCT, .kind_name = "struct", .fields = cert_fields,
};

static struct tv *cert_value(const char *cert, const char *key)
{
	struct tv *vals[2] = {tv_str(cert), tv_str(key)};
	return tv_struct_take(&sprig_type_cert, vals);
}

static int parse_ip(const char *s, unsigned char *out, int *len)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*len = 16;
		return 0;
	}
	return -1;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ex)
		return -1;
	X509_add_ext(cert, ex, -1);
	X509_EXTENSION_free(ex);
	return 0;
}

/* getBaseCertTemplate + CreateCertificate: signs `key`'s certificate with
 * parent (NULL: self-signed) and pkey. */
static struct tv *make_cert(const char *cn, const struct tv *ips, const struct tv *dns, long long days,
			    int is_ca, EVP_PKEY *key, X509 *parent, EVP_PKEY *signer, struct kc_err *err)
{
	struct strbuf san = STRBUF_INIT;
	for (size_t i = 0; ips && !tv_is_nil(ips) && i < ips->u.list.len; i++) {
		struct tv *ip = ips->u.list.items[i];
		if (tv_is_nil(ip) || ip->type != &tv_type_string) {
			struct strbuf v = STRBUF_INIT;
			tv_format(&v, ip);
			kc_err_set(err, "error parsing ip: %s is not a string", v.buf);
			strbuf_release(&v);
			strbuf_release(&san);
			return NULL;
		}
		unsigned char a[16];
		int al;
		if (parse_ip(ip->u.str.s, a, &al)) {
			kc_err_set(err, "error parsing ip: %s", ip->u.str.s);
			strbuf_release(&san);
			return NULL;
		}
		strbuf_addf(&san, "%sIP:%s", san.len ? "," : "", ip->u.str.s);
	}
	struct strbuf dnsl = STRBUF_INIT;
	for (size_t i = 0; dns && !tv_is_nil(dns) && i < dns->u.list.len; i++) {
		struct tv *d = dns->u.list.items[i];
		if (tv_is_nil(d) || d->type != &tv_type_string) {
			struct strbuf v = STRBUF_INIT;
			tv_format(&v, d);
			kc_err_set(err, "error processing alternate dns name: %s is not a string", v.buf);
			strbuf_release(&v);
			strbuf_release(&san);
			strbuf_release(&dnsl);
			return NULL;
		}
		strbuf_addf(&dnsl, "%sDNS:%s", dnsl.len ? "," : "", d->u.str.s);
	}
	/* Go orders SANs: DNS names first, then IPs */
	if (dnsl.len && san.len)
		strbuf_insert(&san, 0, ",", 1);
	strbuf_insert(&san, 0, dnsl.buf, dnsl.len);
	strbuf_release(&dnsl);

	X509 *x = X509_new();
	X509_set_version(x, 2);
	BIGNUM *serial = BN_new();
	BN_rand(serial, 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
	BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x));
	BN_free(serial);
	X509_NAME *name = X509_NAME_new();
	if (*cn)
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, parent ? X509_get_subject_name(parent) : name);
	X509_NAME_free(name);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, NULL);
	X509_set_pubkey(x, key);
	X509 *iss = parent ? parent : x;
	add_ext(x, iss, NID_key_usage,
		is_ca ? "critical,digitalSignature,keyEncipherment,keyCertSign"
		      : "critical,digitalSignature,keyEncipherment");
	add_ext(x, iss, NID_ext_key_usage, "serverAuth,clientAuth");
	add_ext(x, iss, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	if (is_ca)
		add_ext(x, iss, NID_subject_key_identifier, "hash");
	if (parent && X509_get_ext_by_NID(parent, NID_subject_key_identifier, -1) >= 0)
		add_ext(x, iss, NID_authority_key_identifier, "keyid:always");
	if (san.len)
		add_ext(x, iss, NID_subject_alt_name, san.buf);
	strbuf_release(&san);
	int sid = EVP_PKEY_get_base_id(signer);
	const EVP_MD *md = (sid == EVP_PKEY_ED25519) ? NULL : EVP_sha256();
	if (!X509_sign(x, signer, md)) {
		X509_free(x);
		kc_err_set(err, "error creating certificate: signing failed");
		return NULL;
	}
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	char *cert = bio_string(b);
	BIO_free(b);
	X509_free(x);
	char *kp = key_pem(key);
	struct tv *r = cert_value(cert, kp);
	free(cert);
	free(kp);
	return r;
}

static struct tv *ca_with(const char *cn, long long days, EVP_PKEY *k, struct kc_err *err)
{
	return make_cert(cn, NULL, NULL, days, 1, k, NULL, k, err);
}

SF(sf_genca)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	struct tv *r = ca_with(ARG_S(0), ARG_I(1), k, err);
	EVP_PKEY_free(k);
	return r;
}

static EVP_PKEY *arg_key(struct tv *v, struct kc_err *err, const char *prefix)
{
	struct strbuf e = STRBUF_INIT;
	EVP_PKEY *k = parse_key_pem(v->u.str.s, v->u.str.len, &e);
	if (!k)
		kc_err_set(err, "%s%s", prefix, e.buf);
	strbuf_release(&e);
	return k;
}

SF(sf_gencawithkey)
{
	EVP_PKEY *k = arg_key(argv[2], err, "parsing private key: ");
	if (!k)
		return NULL;
	struct tv *r = ca_with(ARG_S(0), ARG_I(1), k, err);
	EVP_PKEY_free(k);
	return r;
}

SF(sf_genselfsignedcert)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	struct tv *r = make_cert(ARG_S(0), argv[1], argv[2], ARG_I(3), 0, k, NULL, k, err);
	EVP_PKEY_free(k);
	return r;
}

SF(sf_genselfsignedcertwithkey)
{
	EVP_PKEY *k = arg_key(argv[4], err, "parsing private key: ");
	if (!k)
		return NULL;
	struct tv *r = make_cert(ARG_S(0), argv[1], argv[2], ARG_I(3), 0, k, NULL, k, err);
	EVP_PKEY_free(k);
	return r;
}

static struct tv *signed_cert(struct tv **argv, EVP_PKEY *k, struct kc_err *err)
{
	struct tv *ca = argv[4];
	struct tv *ccert = tv_struct_get(ca, "Cert"), *ckey = tv_struct_get(ca, "Key");
	BIO *b = BIO_new_mem_buf(ccert->u.str.s, (int)ccert->u.str.len);
	X509 *parent = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!parent) {
		kc_err_set(err, "unable to decode certificate");
		return NULL;
	}
	EVP_PKEY *signer = arg_key(ckey, err, "error parsing private key: ");
	if (!signer) {
		X509_free(parent);
		return NULL;
	}
	struct tv *r = make_cert(argv[0]->u.str.s, argv[1], argv[2], argv[3]->u.i, 0, k, parent, signer, err);
	X509_free(parent);
	EVP_PKEY_free(signer);
	return r;
}

SF(sf_gensignedcert)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	struct tv *r = signed_cert(argv, k, err);
	EVP_PKEY_free(k);
	return r;
}

SF(sf_gensignedcertwithkey)
{
	EVP_PKEY *k = arg_key(argv[5], err, "parsing private key: ");
	if (!k)
		return NULL;
	struct tv *r = signed_cert(argv, k, err);
	EVP_PKEY_free(k);
	return r;
}

SF(sf_buildcustomcert) /* (b64cert, b64key) */
{
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	size_t bad;
	struct tv *r = NULL;
	if (go_b64_decode(&cert, ARG_S(0), ARG_SL(0), &bad)) {
		kc_err_set(err, "unable to decode base64 certificate");
		goto out;
	}
	if (go_b64_decode(&key, ARG_S(1), ARG_SL(1), &bad)) {
		kc_err_set(err, "unable to decode base64 private key");
		goto out;
	}
	BIO *b = BIO_new_mem_buf(cert.buf, (int)cert.len);
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len = 0;
	int ok = PEM_read_bio(b, &name, &header, &data, &len);
	BIO_free(b);
	if (!ok) {
		kc_err_set(err, "unable to decode certificate");
		goto out;
	}
	const unsigned char *p = data;
	X509 *x = d2i_X509(NULL, &p, len);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	if (!x) {
		kc_err_set(err, "error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
		goto out;
	}
	X509_free(x);
	struct tv *kv = tv_strn(key.buf, key.len);
	EVP_PKEY *k = arg_key(kv, err, "error parsing private key: ");
	tv_decref(kv);
	if (!k)
		goto out;
	EVP_PKEY_free(k);
	r = cert_value(cert.buf, key.buf);
out:
	strbuf_release(&cert);
	strbuf_release(&key);
	return r;
}

SF(sf_bcrypt)
{
	struct strbuf sb = STRBUF_INIT;
	bcrypt_generate(ARG_S(0), ARG_SL(0), &sb);
	return tv_str_buf(&sb);
}

SF(sf_htpasswd) /* (username, password) */
{
	struct strbuf sb = STRBUF_INIT;
	if (memchr(ARG_S(0), ':', ARG_SL(0))) {
		strbuf_addstr(&sb, "invalid username: ");
		strbuf_add(&sb, ARG_S(0), ARG_SL(0));
		return tv_str_buf(&sb);
	}
	strbuf_add(&sb, ARG_S(0), ARG_SL(0));
	strbuf_addch(&sb, ':');
	bcrypt_generate(ARG_S(1), ARG_SL(1), &sb);
	return tv_str_buf(&sb);
}

/* uint32 (derivePassword's counter): not one of the engine's built-in types. */
const struct tv_type sprig_type_uint32 = {
	.name = "uint32", .kind = TV_UINT, .kind_name = "uint32",
};
