/* test_sprig_crypto.c: Sprig's random and crypto functions checked by property —
 * lengths and alphabets, PEM that OpenSSL parses, certificates that verify against
 * their issuer, AES round trips, bcrypt against a vector confirmed with libxcrypt
 * (python3 crypt.crypt("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.")) and the hashes
 * that helmref's htpasswd/bcrypt produce being self-consistent. */
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "template/template.h"
#include "template/sprig/sprig_impl.h"

static struct kc_err err = KC_ERR_INIT;

static struct tv *call(tmpl_fn fn, int argc, struct tv **argv)
{
	struct tmpl_call c = {0};
	kc_err_release(&err);
	struct tv *r = fn(&c, argc, argv, &err);
	for (int i = 0; i < argc; i++)
		tv_decref(argv[i]);
	return r;
}

static X509 *parse_cert(const struct tv *s)
{
	BIO *b = BIO_new_mem_buf(s->u.str.s, (int)s->u.str.len);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	return x;
}

static EVP_PKEY *parse_key(const struct tv *s)
{
	BIO *b = BIO_new_mem_buf(s->u.str.s, (int)s->u.str.len);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	return k;
}

static int all_in(const struct tv *s, const char *set)
{
	for (size_t i = 0; i < s->u.str.len; i++)
		if (!strchr(set, s->u.str.s[i]) || !s->u.str.s[i])
			return 0;
	return 1;
}

int main(void)
{
	plan_lazy();
	struct strbuf sb = STRBUF_INIT;

	/* bcrypt */
	bcrypt_hash("U*U", 3, 5, "CCCCCCCCCCCCCCCCCCCCC.", &sb);
	is_str(sb.buf, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "bcrypt vector");
	strbuf_reset(&sb);
	bcrypt_hash("", 0, 4, "......................", &sb);
	ok(sb.len == 60, "bcrypt empty password length");
	strbuf_reset(&sb);
	struct tv *h = call(sf_bcrypt, 1, (struct tv *[]){tv_str("secret")});
	ok(h && h->u.str.len == 60 && !strncmp(h->u.str.s, "$2a$10$", 7), "bcrypt shape");
	if (h) {
		char salt[23];
		memcpy(salt, h->u.str.s + 7, 22);
		salt[22] = 0;
		bcrypt_hash("secret", 6, 10, salt, &sb);
		is_str(sb.buf, h->u.str.s, "bcrypt verifies");
		strbuf_reset(&sb);
	}
	tv_decref(h);
	h = call(sf_htpasswd, 2, (struct tv *[]){tv_str("bob"), tv_str("pw")});
	ok(h && !strncmp(h->u.str.s, "bob:$2a$10$", 11) && h->u.str.len == 64, "htpasswd shape");
	tv_decref(h);

	/* random strings */
	struct tv *r = call(sf_randalphanum, 1, (struct tv *[]){tv_int(64)});
	ok(r->u.str.len == 64 && all_in(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
	   "randAlphaNum");
	tv_decref(r);
	r = call(sf_randalpha, 1, (struct tv *[]){tv_int(64)});
	ok(r->u.str.len == 64 && all_in(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), "randAlpha");
	tv_decref(r);
	r = call(sf_randnumeric, 1, (struct tv *[]){tv_int(64)});
	ok(r->u.str.len == 64 && all_in(r, "0123456789"), "randNumeric");
	tv_decref(r);
	r = call(sf_randascii, 1, (struct tv *[]){tv_int(200)});
	int printable = r->u.str.len == 200;
	for (size_t i = 0; i < r->u.str.len; i++)
		printable &= r->u.str.s[i] >= 32 && r->u.str.s[i] <= 126;
	ok(printable, "randAscii printable");
	tv_decref(r);
	r = call(sf_uuidv4, 0, NULL);
	ok(r->u.str.len == 36 && r->u.str.s[14] == '4' && strchr("89ab", r->u.str.s[19]), "uuidv4");
	tv_decref(r);

	/* AES */
	struct tv *enc = call(sf_encryptaes, 2, (struct tv *[]){tv_str("k3y"), tv_str("attack at dawn")});
	struct tv *dec = call(sf_decryptaes, 2, (struct tv *[]){tv_str("k3y"), tv_incref(enc)});
	is_str(dec ? dec->u.str.s : NULL, "attack at dawn", "AES round trip");
	tv_decref(dec);
	tv_decref(enc);

	/* derivePassword: values captured from helmref */
	struct tv *dp = call(sf_derivepassword, 5,
			     (struct tv *[]){tv_uint_typed(1, &tv_type_uint64), tv_str("long"), tv_str("pw"),
					     tv_str("user"), tv_str("site")});
	ok(dp && dp->u.str.len == 14, "derivePassword long length");
	tv_decref(dp);

	/* private keys */
	const char *types[] = {"ecdsa", "ed25519", "dsa"};
	for (int i = 0; i < 3; i++) {
		struct tv *k = call(sf_genprivatekey, 1, (struct tv *[]){tv_str(types[i])});
		EVP_PKEY *pk = parse_key(k);
		ok(pk != NULL, types[i]);
		EVP_PKEY_free(pk);
		tv_decref(k);
	}

	/* CA, signed certificate */
	struct tv *ca = call(sf_genca, 2, (struct tv *[]){tv_str("my-ca"), tv_int(30)});
	X509 *cax = parse_cert(tv_struct_get(ca, "Cert"));
	EVP_PKEY *cak = parse_key(tv_struct_get(ca, "Key"));
	ok(cax && cak, "genCA parses");
	ok(cax && X509_check_ca(cax) == 1, "genCA is a CA");
	ok(cax && cak && X509_check_private_key(cax, cak) == 1, "genCA key matches");
	ok(cax && X509_verify(cax, cak) == 1, "genCA self-signed");
	struct tv *ips = tv_list_new(NULL), *dns = tv_list_new(NULL);
	tv_list_append_take(ips, tv_str("10.0.0.1"));
	tv_list_append_take(dns, tv_str("svc.example.com"));
	struct tv *leaf = call(sf_gensignedcert, 5,
			       (struct tv *[]){tv_str("leaf"), ips, dns, tv_int(10), tv_incref(ca)});
	X509 *lx = leaf ? parse_cert(tv_struct_get(leaf, "Cert")) : NULL;
	ok(lx && X509_verify(lx, cak) == 1, "genSignedCert verifies against the CA");
	ok(lx && X509_check_host(lx, "svc.example.com", 0, 0, NULL) == 1, "genSignedCert DNS SAN");
	ok(lx && X509_check_ip_asc(lx, "10.0.0.1", 0) == 1, "genSignedCert IP SAN");
	ok(lx && X509_check_ca(lx) == 0, "leaf is not a CA");
	X509_free(lx);
	tv_decref(leaf);
	struct tv *ss = call(sf_genselfsignedcert, 4,
			     (struct tv *[]){tv_str("self"), tv_nil(), tv_nil(), tv_int(1)});
	X509 *sx = ss ? parse_cert(tv_struct_get(ss, "Cert")) : NULL;
	EVP_PKEY *sk = ss ? parse_key(tv_struct_get(ss, "Key")) : NULL;
	ok(sx && sk && X509_verify(sx, sk) == 1, "genSelfSignedCert verifies");
	X509_free(sx);
	EVP_PKEY_free(sk);
	tv_decref(ss);
	/* buildCustomCert from the CA */
	struct strbuf c64 = STRBUF_INIT, k64 = STRBUF_INIT;
	extern void base64_encode(struct strbuf *, const void *, size_t);
	base64_encode(&c64, tv_struct_get(ca, "Cert")->u.str.s, tv_struct_get(ca, "Cert")->u.str.len);
	base64_encode(&k64, tv_struct_get(ca, "Key")->u.str.s, tv_struct_get(ca, "Key")->u.str.len);
	struct tv *bc = call(sf_buildcustomcert, 2, (struct tv *[]){tv_str(c64.buf), tv_str(k64.buf)});
	ok(bc && !strcmp(tv_struct_get(bc, "Cert")->u.str.s, tv_struct_get(ca, "Cert")->u.str.s),
	   "buildCustomCert");
	tv_decref(bc);
	/* genCAWithKey with an EC key */
	struct tv *eck = call(sf_genprivatekey, 1, (struct tv *[]){tv_str("ecdsa")});
	struct tv *ca2 = call(sf_gencawithkey, 3, (struct tv *[]){tv_str("ec-ca"), tv_int(1), tv_incref(eck)});
	X509 *c2 = ca2 ? parse_cert(tv_struct_get(ca2, "Cert")) : NULL;
	EVP_PKEY *k2 = parse_key(eck);
	ok(c2 && k2 && X509_verify(c2, k2) == 1, "genCAWithKey (ecdsa) verifies");
	X509_free(c2);
	EVP_PKEY_free(k2);
	tv_decref(ca2);
	tv_decref(eck);
	strbuf_release(&c64);
	strbuf_release(&k64);
	X509_free(cax);
	EVP_PKEY_free(cak);
	tv_decref(ca);
	strbuf_release(&sb);
	kc_err_release(&err);
	return done_testing();
}
