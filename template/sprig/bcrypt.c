/* bcrypt.c: golang.org/x/crypto/bcrypt's GenerateFromPassword ($2a$, cost 10) on
 * a Blowfish whose initial P-array and S-boxes — the hexadecimal digits of pi — are
 * computed once with OpenSSL's BIGNUM (Machin's formula) instead of being pasted. */
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "template/sprig/sprig_impl.h"

struct bf {
	uint32_t p[18];
	uint32_t s[4][256];
};

static struct bf bf_init;
static int bf_ready;

/* atan(1/x) * 2^prec, added with sign into acc */
static void atan_inv(BIGNUM *acc, unsigned x, int prec, int mult, BN_CTX *ctx)
{
	BIGNUM *term = BN_new(), *t = BN_new();
	BN_one(term);
	BN_lshift(term, term, prec);
	BN_div_word(term, x);
	unsigned long x2 = (unsigned long)x * x;
	for (unsigned long k = 0; !BN_is_zero(term); k++) {
		BN_copy(t, term);
		BN_div_word(t, 2 * k + 1);
		BN_mul_word(t, (BN_ULONG)(mult < 0 ? -mult : mult));
		if ((k % 2) != (mult < 0))
			BN_sub(acc, acc, t);
		else
			BN_add(acc, acc, t);
		BN_div_word(term, x2);
	}
	BN_free(term);
	BN_free(t);
	(void)ctx;
}

static void init_tables(void)
{
	const int words = 18 + 4 * 256, bits = words * 32, guard = 64;
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *pi = BN_new();
	BN_zero(pi);
	atan_inv(pi, 5, bits + guard, 16, ctx);
	atan_inv(pi, 239, bits + guard, -4, ctx);
	BN_rshift(pi, pi, guard);
	BN_mask_bits(pi, bits); /* fractional part */
	unsigned char *buf = xcalloc((size_t)bits / 8, 1);
	BN_bn2binpad(pi, buf, bits / 8);
	uint32_t w[18 + 4 * 256];
	for (int i = 0; i < words; i++)
		w[i] = (uint32_t)buf[4 * i] << 24 | (uint32_t)buf[4 * i + 1] << 16 |
		       (uint32_t)buf[4 * i + 2] << 8 | buf[4 * i + 3];
	memcpy(bf_init.p, w, sizeof(bf_init.p));
	memcpy(bf_init.s, w + 18, sizeof(bf_init.s));
	free(buf);
	BN_free(pi);
	BN_CTX_free(ctx);
	bf_ready = 1;
}

static inline uint32_t F(const struct bf *c, uint32_t x)
{
	return ((c->s[0][x >> 24] + c->s[1][(x >> 16) & 0xff]) ^ c->s[2][(x >> 8) & 0xff]) +
	       c->s[3][x & 0xff];
}

static void bf_encrypt(const struct bf *c, uint32_t *l, uint32_t *r)
{
	uint32_t L = *l, R = *r, t;
	for (int i = 0; i < 16; i++) {
		L ^= c->p[i];
		R ^= F(c, L);
		t = L;
		L = R;
		R = t;
	}
	t = L;
	L = R;
	R = t;
	R ^= c->p[16];
	L ^= c->p[17];
	*l = L;
	*r = R;
}

static uint32_t next_word(const unsigned char *b, size_t n, size_t *j)
{
	uint32_t w = 0;
	for (int i = 0; i < 4; i++) {
		w = w << 8 | b[*j];
		*j = (*j + 1) % n;
	}
	return w;
}

/* Go's blowfish expandKeyWithSalt (salt NULL: ExpandKey) */
static void expand(struct bf *c, const unsigned char *key, size_t kn, const unsigned char *salt,
		   size_t sn)
{
	size_t j = 0;
	for (int i = 0; i < 18; i++)
		c->p[i] ^= next_word(key, kn, &j);
	j = 0;
	uint32_t l = 0, r = 0;
	for (int i = 0; i < 18; i += 2) {
		if (salt) {
			l ^= next_word(salt, sn, &j);
			r ^= next_word(salt, sn, &j);
		}
		bf_encrypt(c, &l, &r);
		c->p[i] = l;
		c->p[i + 1] = r;
	}
	for (int b = 0; b < 4; b++)
		for (int i = 0; i < 256; i += 2) {
			if (salt) {
				l ^= next_word(salt, sn, &j);
				r ^= next_word(salt, sn, &j);
			}
			bf_encrypt(c, &l, &r);
			c->s[b][i] = l;
			c->s[b][i + 1] = r;
		}
}

static const char b64[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static void enc64(struct strbuf *o, const unsigned char *d, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)d[i + 1] << 8;
		if (i + 2 < n)
			v |= d[i + 2];
		size_t out = n - i >= 3 ? 4 : n - i + 1;
		for (size_t k = 0; k < out; k++)
			strbuf_addch(o, b64[(v >> (18 - 6 * k)) & 63]);
	}
}

static int dec64(const char *s, size_t n, unsigned char *out, size_t outn)
{
	size_t o = 0;
	uint32_t v = 0;
	int bitsn = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = strchr(b64, s[i]);
		if (!p || !s[i])
			return -1;
		v = v << 6 | (uint32_t)(p - b64);
		bitsn += 6;
		if (bitsn >= 8) {
			bitsn -= 8;
			if (o < outn)
				out[o++] = (unsigned char)(v >> bitsn);
			v &= (1u << bitsn) - 1;
		}
	}
	return (int)o;
}

int bcrypt_hash(const char *pw, size_t pwn, int cost, const char *salt22, struct strbuf *out)
{
	unsigned char csalt[16];
	if (strlen(salt22) < 22 || dec64(salt22, 22, csalt, 16) != 16)
		return -1;
	if (!bf_ready)
		init_tables();
	unsigned char *key = xmalloc(pwn + 1);
	memcpy(key, pw, pwn);
	key[pwn] = 0;
	size_t kn = pwn + 1;
	struct bf *c = xmalloc(sizeof(*c));
	*c = bf_init;
	expand(c, key, kn, csalt, 16);
	for (unsigned long i = 0; i < (1UL << cost); i++) {
		expand(c, key, kn, NULL, 0);
		expand(c, csalt, 16, NULL, 0);
	}
	unsigned char data[24];
	memcpy(data, "OrpheanBeholderScryDoubt", 24);
	for (int i = 0; i < 24; i += 8) {
		uint32_t l = (uint32_t)data[i] << 24 | (uint32_t)data[i + 1] << 16 |
			     (uint32_t)data[i + 2] << 8 | data[i + 3];
		uint32_t r = (uint32_t)data[i + 4] << 24 | (uint32_t)data[i + 5] << 16 |
			     (uint32_t)data[i + 6] << 8 | data[i + 7];
		for (int k = 0; k < 64; k++)
			bf_encrypt(c, &l, &r);
		for (int k = 0; k < 4; k++) {
			data[i + k] = (unsigned char)(l >> (24 - 8 * k));
			data[i + 4 + k] = (unsigned char)(r >> (24 - 8 * k));
		}
	}
	free(c);
	free(key);
	strbuf_addf(out, "$2a$%02d$", cost);
	strbuf_add(out, salt22, 22);
	enc64(out, data, 23);
	return 0;
}

int bcrypt_generate(const char *pw, size_t pwn, struct strbuf *out)
{
	unsigned char raw[16];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		abort();
	struct strbuf salt = STRBUF_INIT;
	enc64(&salt, raw, 16);
	int r = bcrypt_hash(pw, pwn, 10, salt.buf, out);
	strbuf_release(&salt);
	return r;
}
