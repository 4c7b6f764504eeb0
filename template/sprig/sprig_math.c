/* sprig_math.c: Sprig's arithmetic (int64 via spf13/cast, float via
 * shopspring/decimal exactly as sprig's execDecimalOp) and conversions. */
#include <math.h>
#include <openssl/bn.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

#define I64(k) sprig_to_int64(argv[k])
#define F64(k) sprig_to_float64(argv[k])

static int64_t wrap_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

SF(sf_add1) { return tv_int64(wrap_add(I64(0), 1)); }

SF(sf_add)
{
	int64_t a = 0;
	for (int i = 0; i < argc; i++)
		a = wrap_add(a, I64(i));
	return tv_int64(a);
}

SF(sf_sub) { return tv_int64((int64_t)((uint64_t)I64(0) - (uint64_t)I64(1))); }

SF(sf_div)
{
	int64_t a = I64(0), b = I64(1);
	if (b == 0) {
		kc_err_set(err, "runtime error: integer divide by zero");
		return NULL;
	}
	if (b == -1)
		return tv_int64((int64_t)(0 - (uint64_t)a));
	return tv_int64(a / b);
}

SF(sf_mod)
{
	int64_t a = I64(0), b = I64(1);
	if (b == 0) {
		kc_err_set(err, "runtime error: integer divide by zero");
		return NULL;
	}
	if (b == -1)
		return tv_int64(0);
	return tv_int64(a % b);
}

SF(sf_mul)
{
	uint64_t a = (uint64_t)I64(0);
	for (int i = 1; i < argc; i++)
		a *= (uint64_t)I64(i);
	return tv_int64((int64_t)a);
}

SF(sf_randint)
{
	long long lo = ARG_I(0), hi = ARG_I(1);
	if (hi - lo <= 0) {
		kc_err_set(err, "invalid argument to Intn");
		return NULL;
	}
	return tv_int((int64_t)sprig_rand_below((uint64_t)(hi - lo)) + lo);
}

SF(sf_max)
{
	int64_t a = I64(0);
	for (int i = 1; i < argc; i++)
		if (I64(i) > a)
			a = I64(i);
	return tv_int64(a);
}

SF(sf_min)
{
	int64_t a = I64(0);
	for (int i = 1; i < argc; i++)
		if (I64(i) < a)
			a = I64(i);
	return tv_int64(a);
}

static double go_max(double x, double y)
{
	if (isinf(x) && x > 0)
		return x;
	if (isinf(y) && y > 0)
		return y;
	if (isnan(x) || isnan(y))
		return NAN;
	if (x == 0 && x == y)
		return signbit(x) ? y : x;
	return x > y ? x : y;
}

static double go_min(double x, double y)
{
	if (isinf(x) && x < 0)
		return x;
	if (isinf(y) && y < 0)
		return y;
	if (isnan(x) || isnan(y))
		return NAN;
	if (x == 0 && x == y)
		return signbit(x) ? x : y;
	return x < y ? x : y;
}

SF(sf_maxf)
{
	double a = F64(0);
	for (int i = 1; i < argc; i++)
		a = go_max(a, F64(i));
	return tv_float(a);
}

SF(sf_minf)
{
	double a = F64(0);
	for (int i = 1; i < argc; i++)
		a = go_min(a, F64(i));
	return tv_float(a);
}

SF(sf_ceil) { return tv_float(ceil(F64(0))); }
SF(sf_floor) { return tv_float(floor(F64(0))); }

SF(sf_round) /* (a interface{}, p int, rOpt ...float64) */
{
	double round_on = argc > 2 ? argv[2]->u.f : .5;
	double val = F64(0), places = (double)ARG_I(1);
	double p = pow(10, places), digit = p * val, ip;
	double frac = modf(digit, &ip);
	double r = frac >= round_on ? ceil(digit) : floor(digit);
	return tv_float(r / p);
}

SF(sf_int64) { return tv_int64(I64(0)); }
SF(sf_int) { return tv_int(I64(0)); }
SF(sf_float64) { return tv_float(F64(0)); }

SF(sf_atoi)
{
	long long x = 0;
	if (memchr(ARG_S(0), 0, ARG_SL(0)) || go_parse_int(ARG_S(0), 10, 64, &x))
		x = 0;
	return tv_int(x);
}

SF(sf_todecimal)
{
	struct strbuf sb = STRBUF_INIT;
	tv_format(&sb, argv[0]);
	long long x = 0;
	if (go_parse_int(sb.buf, 8, 64, &x))
		x = 0;
	strbuf_release(&sb);
	return tv_int64(x);
}

SF(sf_seq) /* (params ...int) */
{
	extern struct tv *sprig_until_step(long long, long long, long long, struct kc_err *);
	long long start, end, step, inc = 1;
	switch (argc) {
	case 1:
		start = 1;
		end = ARG_I(0);
		if (end < start)
			inc = -1;
		step = inc;
		break;
	case 2:
		start = ARG_I(0);
		end = ARG_I(1);
		step = 1;
		if (end < start)
			step = -1;
		inc = step;
		break;
	case 3:
		start = ARG_I(0);
		end = ARG_I(2);
		step = ARG_I(1);
		if (end < start) {
			inc = -1;
			if (step > 0)
				return tv_str("");
		}
		break;
	default:
		return tv_str("");
	}
	struct tv *l = sprig_until_step(start, end + inc, step, err);
	if (!l)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->u.list.len; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addf(&sb, "%lld", (long long)l->u.list.items[i]->u.i);
	}
	tv_decref(l);
	return tv_str_buf(&sb);
}

/* ---- shopspring/decimal: value = coef * 10^exp ---- */

struct dec {
	BIGNUM *c;
	long exp;
};

static int dec_from_float(struct dec *d, double f, struct kc_err *err)
{
	d->c = BN_new();
	d->exp = 0;
	if (isnan(f) || isinf(f)) {
		struct strbuf t = STRBUF_INIT;
		go_format_float(&t, f, 'g', -1);
		kc_err_set(err, "Cannot create a Decimal from %s", t.buf);
		strbuf_release(&t);
		return -1;
	}
	if (f == 0)
		return 0;
	struct strbuf t = STRBUF_INIT;
	go_format_float(&t, f, 'e', -1); /* -d.ddde±XX */
	char *e = strchr(t.buf, 'e');
	long ex = strtol(e + 1, NULL, 10);
	*e = 0;
	struct strbuf digits = STRBUF_INIT;
	int frac = 0, seen_dot = 0;
	for (char *p = t.buf; *p; p++) {
		if (*p == '.') {
			seen_dot = 1;
			continue;
		}
		strbuf_addch(&digits, *p);
		if (seen_dot)
			frac++;
	}
	BN_dec2bn(&d->c, digits.buf);
	d->exp = ex - frac;
	strbuf_release(&digits);
	strbuf_release(&t);
	return 0;
}

static void pow10_mul(BIGNUM *x, long k, BN_CTX *ctx)
{
	if (k <= 0)
		return;
	BIGNUM *ten = BN_new(), *p = BN_new(), *e = BN_new();
	BN_set_word(ten, 10);
	BN_set_word(e, (BN_ULONG)k);
	BN_exp(p, ten, e, ctx);
	BN_mul(x, x, p, ctx);
	BN_free(ten);
	BN_free(p);
	BN_free(e);
}

static void dec_align(struct dec *a, struct dec *b, BN_CTX *ctx)
{
	if (a->exp > b->exp) {
		pow10_mul(a->c, a->exp - b->exp, ctx);
		a->exp = b->exp;
	} else if (b->exp > a->exp) {
		pow10_mul(b->c, b->exp - a->exp, ctx);
		b->exp = a->exp;
	}
}

static double dec_to_float(const struct dec *d)
{
	char *s = BN_bn2dec(d->c);
	char *t = xasprintf("%se%ld", s, d->exp);
	double f = strtod(t, NULL);
	OPENSSL_free(s);
	free(t);
	return f;
}

enum dop { D_ADD, D_SUB, D_MUL, D_DIV };

static int dec_op(struct dec *a, struct dec *b, enum dop op, BN_CTX *ctx, struct kc_err *err)
{
	switch (op) {
	case D_ADD:
	case D_SUB:
		dec_align(a, b, ctx);
		if (op == D_ADD)
			BN_add(a->c, a->c, b->c);
		else
			BN_sub(a->c, a->c, b->c);
		return 0;
	case D_MUL:
		BN_mul(a->c, a->c, b->c, ctx);
		a->exp += b->exp;
		return 0;
	case D_DIV: {
		if (BN_is_zero(b->c))
			return kc_err_set(err, "decimal division by 0");
		/* DivRound(b, 16): q = round-half-away(a / b) at 10^-16 */
		long shift = a->exp - b->exp + 16;
		BIGNUM *num = BN_dup(a->c), *den = BN_dup(b->c), *q = BN_new(), *r = BN_new();
		if (shift >= 0)
			pow10_mul(num, shift, ctx);
		else
			pow10_mul(den, -shift, ctx);
		BN_div(q, r, num, den, ctx); /* truncates toward zero, r has num's sign */
		BIGNUM *r2 = BN_new(), *aden = BN_dup(den);
		BN_lshift1(r2, r);
		BN_set_negative(r2, 0);
		BN_set_negative(aden, 0);
		if (BN_cmp(r2, aden) >= 0) {
			int neg = BN_is_negative(num) != BN_is_negative(den);
			if (neg)
				BN_sub_word(q, 1);
			else
				BN_add_word(q, 1);
		}
		BN_copy(a->c, q);
		a->exp = -16;
		BN_free(num);
		BN_free(den);
		BN_free(q);
		BN_free(r);
		BN_free(r2);
		BN_free(aden);
		return 0;
	}
	}
	return 0;
}

static struct tv *decimal_fold(const struct tv *first, struct tv **rest, int nrest, enum dop op,
			       struct kc_err *err)
{
	BN_CTX *ctx = BN_CTX_new();
	struct dec acc, x;
	struct tv *res = NULL;
	if (dec_from_float(&acc, first ? sprig_to_float64(first) : 0, err)) {
		BN_free(acc.c);
		BN_CTX_free(ctx);
		return NULL;
	}
	for (int i = 0; i < nrest; i++) {
		int bad = dec_from_float(&x, sprig_to_float64(rest[i]), err) ||
			  dec_op(&acc, &x, op, ctx, err);
		BN_free(x.c);
		if (bad)
			goto out;
	}
	res = tv_float(dec_to_float(&acc));
out:
	BN_free(acc.c);
	BN_CTX_free(ctx);
	return res;
}

SF(sf_add1f)
{
	struct tv *one = tv_int(1);
	struct tv *r = decimal_fold(argv[0], &one, 1, D_ADD, err);
	tv_decref(one);
	return r;
}

SF(sf_addf) { return decimal_fold(NULL, argv, argc, D_ADD, err); }
SF(sf_subf) { return decimal_fold(argv[0], argv + 1, argc - 1, D_SUB, err); }
SF(sf_mulf) { return decimal_fold(argv[0], argv + 1, argc - 1, D_MUL, err); }
SF(sf_divf) { return decimal_fold(argv[0], argv + 1, argc - 1, D_DIV, err); }
