/* sprig_impl.h: the pure-C backends of the Sprig functions (private to template/sprig).
 *
 * Each backend works on C strings and strbufs and knows nothing of the template value
 * type; the function table (sprig.c) converts arguments and results. Conventions:
 * functions returning int give 0 on success and -1 on failure, after writing the
 * user-facing message (Go's wording, as Helm prints it after "error calling X: ")
 * into `err`, which the caller owns. Outputs are appended to `out`. */
#ifndef KC_TEMPLATE_SPRIG_IMPL_H
#define KC_TEMPLATE_SPRIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "util/gostr.h"
#include "util/strbuf.h"

#include "template/sprig/semver.h"

/* ---- gotime.c: Go's time.Time formatting/parsing and time.Duration ---- */
enum gotime_loc { GOTIME_UTC, GOTIME_LOCAL, GOTIME_ZONE, GOTIME_FIXED };
struct gotime {
	int64_t sec;   /* seconds since 1970-01-01 UTC (may be far negative: year 1) */
	int32_t nsec;  /* 0..999999999 */
	enum gotime_loc loc;
	char zone[64]; /* GOTIME_ZONE: the tz database name; GOTIME_FIXED: the abbreviation ("" allowed) */
	int fixed_off; /* GOTIME_FIXED: seconds east of UTC */
	int mono;      /* 1 for time.Now(): String() appends " m=+S.NNNNNNNNN" */
	int64_t mono_ns;
};
#define GO_ZERO_TIME_SEC (-62135596800LL) /* time.Time{}: 0001-01-01 00:00:00 UTC */
/* time.Now() (monotonic reading relative to process start). */
void gotime_now(struct gotime *t);
/* time.Unix(sec, 0) in Local. */
void gotime_unix(struct gotime *t, int64_t sec);
/* time.LoadLocation(name) then t.In(loc): -1 if the zone is unknown (t unchanged). */
int gotime_in_zone(struct gotime *t, const char *name);
/* t.Format(layout). */
void gotime_format(const struct gotime *t, const char *layout, struct strbuf *out);
/* t.String(). */
void gotime_string(const struct gotime *t, struct strbuf *out);
/* time.ParseInLocation(layout, value, Local); err gets Go's ParseError text. */
int gotime_parse(const char *layout, const char *value, struct gotime *t, struct strbuf *err);
/* t.Add(d) (nanoseconds). */
void gotime_add(struct gotime *t, int64_t d);
/* time.ParseDuration; err gets "time: invalid duration \"x\"" etc. */
/* The same on s[0..n) (NUL bytes are ordinary bytes). */
/* Duration.String(). */
void go_duration_string(int64_t d, struct strbuf *out);
/* Nanoseconds since t (time.Since). */
int64_t gotime_since(const struct gotime *t);

/* ---- sprig_strings.c ---- */
/* encoding/base64 StdEncoding.DecodeString: 0, or -1 with Go's error offset. */
int go_b64_decode(struct strbuf *out, const char *s, size_t len, size_t *bad);

/* ---- sprig_crypto.c ---- */
/* A uniformly random integer in [0, n) from the system CSPRNG (n > 0). Sprig
 * seeds math/rand from the clock; results are random either way. */
uint64_t sprig_rand_below(uint64_t n);

/* ---- bcrypt.c ---- */
/* bcrypt of pw with cost and the 22-character salt: "$2a$CC$SALT+HASH". */
/* SHA-256 of data (sha256.c; no OpenSSL initialisation) */
void sprig_sha256(const void *data, size_t len, unsigned char out[32]);

int bcrypt_hash(const char *pw, size_t pwn, int cost, const char *salt22, struct strbuf *out);
/* x/crypto/bcrypt GenerateFromPassword(pw, 10) with a random salt. */
int bcrypt_generate(const char *pw, size_t pwn, struct strbuf *out);

/* ---- unicode.c: UTF-8 and Go's unicode predicates ---- */
/* Decodes one rune of s[0..n) (n > 0); invalid → 0xFFFD with width 1 (Go's RuneError). */
size_t utf8_dec(const char *s, size_t n, uint32_t *r);
void utf8_enc(struct strbuf *out, uint32_t r);
int go_isspace(uint32_t r);
int go_isupper(uint32_t r);
int go_islower(uint32_t r);
int go_istitle(uint32_t r);
int go_isletter(uint32_t r);
int go_isdigit(uint32_t r);
int go_isnumber(uint32_t r);
int go_ispunct(uint32_t r);
uint32_t go_toupper(uint32_t r);
uint32_t go_tolower(uint32_t r);
uint32_t go_totitle(uint32_t r);

/* ---- value helpers (sprig.c) ---- */
struct tv;
struct kc_err;
/* sprig's strval: strings and []byte as they are, Stringers (objects) through their
 * String(), anything else as fmt's %v. Appends to out. */
void sprig_strval(struct strbuf *out, const struct tv *v);
/* sprig's empty(): nil, zero numbers, false, empty strings/lists/maps. */
int sprig_empty(const struct tv *v);
/* spf13/cast ToInt64 / ToFloat64 (errors ignored, as sprig does). */
int64_t sprig_to_int64(const struct tv *v);
double sprig_to_float64(const struct tv *v);
/* Is v a Go slice or array (reflect kind)? */
int sprig_is_list(const struct tv *v);
/* reflect kind name of v for sprig's "Cannot ... on type %s" errors. */
const char *sprig_kind(const struct tv *v);
/* Go's int64(f) on amd64 (NaN/out of range → math.MinInt64). */
int64_t go_f2i(double f);
/* Go's encoding/json Marshal (escape_html: Marshal's HTML escaping; indent: "" or
 * MarshalIndent's indent). 0 / -1 with err ("json: unsupported value: NaN"). */
int sprig_json_encode(struct strbuf *out, const struct tv *v, int escape_html, const char *indent,
		      struct kc_err *err);

#endif

/* ---- function-table plumbing ---- */
#ifdef KC_TEMPLATE_TEMPLATE_H
#define SF(name) struct tv *name(struct tmpl_call *call, int argc, struct tv **argv, \
				  struct kc_err *err)
#define ARG_S(k) (argv[k]->u.str.s)
#define ARG_SL(k) (argv[k]->u.str.len)
#define ARG_I(k) (argv[k]->u.i)
#include "template/sprig/sprig_fns.h"
#endif
