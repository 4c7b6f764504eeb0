/* sprig_strings.c: Sprig's string functions (strings.go, goutils, xstrings) with
 * the byte-level behaviour of the Go originals. */
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/base64.h"
#include "util/gostr.h"

typedef uint32_t (*rune_map)(uint32_t r, void *st);

/* Go's strings.Map over all runes (invalid bytes come out as U+FFFD). */
static struct tv *map_runes(const char *s, size_t n, rune_map f, void *st)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_grow(&sb, n);
	for (size_t i = 0; i < n;) {
		uint32_t r;
		i += utf8_dec(s + i, n - i, &r);
		utf8_enc(&sb, f(r, st));
	}
	return tv_str_buf(&sb);
}

static int all_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static uint32_t m_upper(uint32_t r, void *st) { return go_toupper(r); }
static uint32_t m_lower(uint32_t r, void *st) { return go_tolower(r); }

SF(sf_upper)
{
	if (all_ascii(ARG_S(0), ARG_SL(0))) {
		struct tv *v = tv_strn(ARG_S(0), ARG_SL(0));
		for (size_t i = 0; i < v->u.str.len; i++)
			if (v->u.str.s[i] >= 'a' && v->u.str.s[i] <= 'z')
				v->u.str.s[i] -= 32;
		return v;
	}
	return map_runes(ARG_S(0), ARG_SL(0), m_upper, NULL);
}

SF(sf_lower)
{
	if (all_ascii(ARG_S(0), ARG_SL(0))) {
		struct tv *v = tv_strn(ARG_S(0), ARG_SL(0));
		for (size_t i = 0; i < v->u.str.len; i++)
			if (v->u.str.s[i] >= 'A' && v->u.str.s[i] <= 'Z')
				v->u.str.s[i] += 32;
		return v;
	}
	return map_runes(ARG_S(0), ARG_SL(0), m_lower, NULL);
}

static int title_sep(uint32_t r)
{
	if (r <= 0x7F) {
		if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_')
			return 0;
		return 1;
	}
	if (go_isletter(r) || go_isdigit(r))
		return 0;
	return go_isspace(r);
}

static uint32_t m_title(uint32_t r, void *st)
{
	uint32_t *prev = st;
	if (title_sep(*prev)) {
		*prev = r;
		return go_totitle(r);
	}
	*prev = r;
	return r;
}

SF(sf_title)
{
	uint32_t prev = ' ';
	return map_runes(ARG_S(0), ARG_SL(0), m_title, &prev);
}

/* goutils.Uncapitalize: lower the first rune of every space-separated word. */
SF(sf_untitle)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0);
	if (!n)
		return tv_str("");
	struct strbuf sb = STRBUF_INIT;
	int next = 1;
	for (size_t i = 0; i < n;) {
		uint32_t r;
		i += utf8_dec(s + i, n - i, &r);
		if (go_isspace(r)) {
			next = 1;
		} else if (next) {
			r = go_tolower(r);
			next = 0;
		}
		utf8_enc(&sb, r);
	}
	return tv_str_buf(&sb);
}

/* goutils.SwapCase. */
SF(sf_swapcase)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0);
	if (!n)
		return tv_str("");
	struct strbuf sb = STRBUF_INIT;
	int ws = 1;
	for (size_t i = 0; i < n;) {
		uint32_t r;
		i += utf8_dec(s + i, n - i, &r);
		if (go_isupper(r) || go_istitle(r)) {
			r = go_tolower(r);
			ws = 0;
		} else if (go_islower(r)) {
			r = ws ? go_totitle(r) : go_toupper(r);
			ws = 0;
		} else {
			ws = go_isspace(r);
		}
		utf8_enc(&sb, r);
	}
	return tv_str_buf(&sb);
}

/* strings.TrimSpace */
static void trim_space(const char *s, size_t n, size_t *start, size_t *end)
{
	size_t a = 0, b = n;
	while (a < b) {
		uint32_t r;
		size_t w = utf8_dec(s + a, b - a, &r);
		if (!go_isspace(r) || (r == 0xFFFD && w == 1))
			break;
		a += w;
	}
	while (b > a) {
		/* find the start of the last rune */
		size_t k = b - 1;
		while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80 && b - k < 4)
			k--;
		uint32_t r;
		size_t w = utf8_dec(s + k, b - k, &r);
		if (k + w != b) {
			k = b - 1;
			r = 0xFFFD;
		}
		if (!go_isspace(r))
			break;
		b = k;
	}
	*start = a;
	*end = b;
}

SF(sf_trim)
{
	size_t a, b;
	trim_space(ARG_S(0), ARG_SL(0), &a, &b);
	return tv_strn(ARG_S(0) + a, b - a);
}

/* strings.Trim(s, cutset) */
static int in_cutset(uint32_t r, const char *cs, size_t cn)
{
	for (size_t i = 0; i < cn;) {
		uint32_t c;
		i += utf8_dec(cs + i, cn - i, &c);
		if (c == r)
			return 1;
	}
	return 0;
}

SF(sf_trimall) /* (cutset, s) */
{
	const char *s = ARG_S(1), *cs = ARG_S(0);
	size_t n = ARG_SL(1), cn = ARG_SL(0), a = 0, b = n;
	if (!n || !cn)
		return tv_strn(s, n);
	while (a < b) {
		uint32_t r;
		size_t w = utf8_dec(s + a, b - a, &r);
		if (!in_cutset(r, cs, cn))
			break;
		a += w;
	}
	while (b > a) {
		size_t k = b - 1;
		while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80 && b - k < 4)
			k--;
		uint32_t r;
		size_t w = utf8_dec(s + k, b - k, &r);
		if (k + w != b) {
			k = b - 1;
			r = 0xFFFD;
		}
		if (!in_cutset(r, cs, cn))
			break;
		b = k;
	}
	return tv_strn(s + a, b - a);
}

SF(sf_trimsuffix)
{
	size_t n = ARG_SL(1), k = ARG_SL(0);
	if (k <= n && !memcmp(ARG_S(1) + n - k, ARG_S(0), k))
		n -= k;
	return tv_strn(ARG_S(1), n);
}

SF(sf_trimprefix)
{
	size_t n = ARG_SL(1), k = ARG_SL(0);
	if (k <= n && !memcmp(ARG_S(1), ARG_S(0), k))
		return tv_strn(ARG_S(1) + k, n - k);
	return tv_strn(ARG_S(1), n);
}

SF(sf_contains)
{
	return tv_bool(memmem(ARG_S(1), ARG_SL(1), ARG_S(0), ARG_SL(0)) != NULL || !ARG_SL(0));
}

SF(sf_hasprefix)
{
	return tv_bool(ARG_SL(0) <= ARG_SL(1) && !memcmp(ARG_S(1), ARG_S(0), ARG_SL(0)));
}

SF(sf_hassuffix)
{
	return tv_bool(ARG_SL(0) <= ARG_SL(1) &&
		       !memcmp(ARG_S(1) + ARG_SL(1) - ARG_SL(0), ARG_S(0), ARG_SL(0)));
}

/* Latin-1 view of a byte as goutils' rune(str[i]) does. */
static void add_latin1(struct strbuf *sb, unsigned char c)
{
	utf8_enc(sb, c);
}

/* goutils.DeleteWhiteSpace (bytes viewed as runes). */
SF(sf_nospace)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0), count = 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!go_isspace(c)) {
			add_latin1(&sb, c);
			count++;
		}
	}
	if (count == n) {
		strbuf_release(&sb);
		return tv_strn(s, n);
	}
	return tv_str_buf(&sb);
}

/* goutils.Initials */
SF(sf_initials)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0);
	struct strbuf sb = STRBUF_INIT;
	int gap = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (go_isspace(c)) {
			gap = 1;
		} else if (gap) {
			add_latin1(&sb, c);
			gap = 0;
		}
	}
	return tv_str_buf(&sb);
}

/* goutils.AbbreviateFull */
static void abbreviate_full(struct strbuf *out, const char *s, size_t n, long long offset,
			    long long maxw)
{
	long long len = (long long)n;
	if (!n)
		return;
	if (maxw < 4)
		return;
	if (len <= maxw) {
		strbuf_add(out, s, n);
		return;
	}
	if (offset > len)
		offset = len;
	if (len - offset < maxw - 3)
		offset = len - (maxw - 3);
	if (offset <= 4) {
		strbuf_add(out, s, (size_t)(maxw - 3));
		strbuf_addstr(out, "...");
		return;
	}
	if (maxw < 7)
		return;
	if (offset + maxw - 3 < len) {
		strbuf_addstr(out, "...");
		abbreviate_full(out, s + offset, (size_t)(len - offset), 0, maxw - 3);
		return;
	}
	strbuf_addstr(out, "...");
	strbuf_add(out, s + len - (maxw - 3), (size_t)(maxw - 3));
}

SF(sf_abbrev)
{
	if (ARG_I(0) < 4)
		return tv_strn(ARG_S(1), ARG_SL(1));
	struct strbuf sb = STRBUF_INIT;
	abbreviate_full(&sb, ARG_S(1), ARG_SL(1), 0, ARG_I(0));
	return tv_str_buf(&sb);
}

SF(sf_abbrevboth)
{
	long long l = ARG_I(0), r = ARG_I(1);
	if (r < 4 || (l > 0 && r < 7))
		return tv_strn(ARG_S(2), ARG_SL(2));
	struct strbuf sb = STRBUF_INIT;
	abbreviate_full(&sb, ARG_S(2), ARG_SL(2), l, r);
	return tv_str_buf(&sb);
}

/* Go's s[a:b] with its panic text. */
static int slice_err(struct kc_err *err, long long a, long long b, size_t len, int has_a)
{
	if (has_a && a < 0)
		return kc_err_set(err, "runtime error: slice bounds out of range [%lld:]", a);
	if (b > (long long)len)
		return kc_err_set(err, "runtime error: slice bounds out of range [:%lld] with length %zu",
				  b, len);
	if (b < 0)
		return kc_err_set(err, "runtime error: slice bounds out of range [:%lld]", b);
	return kc_err_set(err, "runtime error: slice bounds out of range [%lld:%lld]", a, b);
}

static struct tv *go_substr(const char *s, size_t n, long long a, long long b, int has_a,
			    struct kc_err *err)
{
	if (b < 0 || b > (long long)n) {
		slice_err(err, a, b, n, has_a);
		return NULL;
	}
	if (a < 0 || a > b) {
		if (a > (long long)n || a < 0 || a > b) {
			if (a < 0)
				kc_err_set(err, "runtime error: slice bounds out of range [%lld:]", a);
			else
				kc_err_set(err, "runtime error: slice bounds out of range [%lld:%lld]", a, b);
			return NULL;
		}
	}
	return tv_strn(s + a, (size_t)(b - a));
}

SF(sf_trunc)
{
	long long c = ARG_I(0), len = (long long)ARG_SL(1);
	const char *s = ARG_S(1);
	if (c < 0 && len + c > 0)
		return tv_strn(s + len + c, (size_t)(-c));
	if (c >= 0 && len > c)
		return tv_strn(s, (size_t)c);
	return tv_strn(s, (size_t)len);
}

SF(sf_substr)
{
	long long start = ARG_I(0), end = ARG_I(1);
	const char *s = ARG_S(2);
	size_t n = ARG_SL(2);
	if (start < 0)
		return go_substr(s, n, 0, end, 0, err);
	if (end < 0 || end > (long long)n) {
		if (start > (long long)n) {
			kc_err_set(err, "runtime error: slice bounds out of range [%lld:%zu]", start, n);
			return NULL;
		}
		return tv_strn(s + start, n - (size_t)start);
	}
	if (start > end) {
		kc_err_set(err, "runtime error: slice bounds out of range [%lld:%lld]", start, end);
		return NULL;
	}
	return tv_strn(s + start, (size_t)(end - start));
}

SF(sf_repeat) /* (count int, str string) */
{
	long long c = ARG_I(0);
	if (c < 0) {
		kc_err_set(err, "strings: negative Repeat count");
		return NULL;
	}
	if (ARG_SL(1) && (unsigned long long)c > (unsigned long long)INT64_MAX / ARG_SL(1)) {
		kc_err_set(err, "strings: Repeat count causes overflow");
		return NULL;
	}
	/* Go would try to allocate it; kc refuses outputs over 1 GiB */
	if (ARG_SL(1) && (unsigned long long)c * ARG_SL(1) > (1ULL << 30)) {
		kc_err_set(err, "kc: repeat output of %llu bytes is too large",
			   (unsigned long long)c * ARG_SL(1));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	for (long long i = 0; i < c; i++)
		strbuf_add(&sb, ARG_S(1), ARG_SL(1));
	return tv_str_buf(&sb);
}

/* strings.Replace(s, old, new, -1) */
static void replace_all(struct strbuf *sb, const char *s, size_t n, const char *old, size_t on,
			const char *nw, size_t nn)
{
	if (on == 0) {
		/* inserts new before every rune and at the end */
		size_t i = 0;
		strbuf_add(sb, nw, nn);
		while (i < n) {
			uint32_t r;
			size_t w = utf8_dec(s + i, n - i, &r);
			strbuf_add(sb, s + i, w);
			strbuf_add(sb, nw, nn);
			i += w;
		}
		return;
	}
	size_t i = 0;
	while (i < n) {
		const char *hit = memmem(s + i, n - i, old, on);
		if (!hit)
			break;
		strbuf_add(sb, s + i, (size_t)(hit - (s + i)));
		strbuf_add(sb, nw, nn);
		i = (size_t)(hit - s) + on;
	}
	strbuf_add(sb, s + i, n - i);
}

SF(sf_replace) /* (old, new, src) */
{
	struct strbuf sb = STRBUF_INIT;
	replace_all(&sb, ARG_S(2), ARG_SL(2), ARG_S(0), ARG_SL(0), ARG_S(1), ARG_SL(1));
	return tv_str_buf(&sb);
}

/* Go would build it; kc refuses indent outputs over 1 GiB. */
static int indent_too_big(long long spaces, const char *s, size_t n, struct kc_err *err)
{
	unsigned long long lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	if (spaces > 0 && (unsigned long long)spaces > ((1ULL << 30) - n) / lines) {
		kc_err_set(err, "kc: indent output of %llu lines by %lld spaces is too large", lines, spaces);
		return 1;
	}
	return 0;
}

static void indent_into(struct strbuf *sb, long long spaces, const char *s, size_t n)
{
	if (spaces < 0)
		spaces = 0;
	struct strbuf pad = STRBUF_INIT, nl = STRBUF_INIT;
	strbuf_addchars(&pad, ' ', (size_t)spaces);
	strbuf_addch(&nl, '\n');
	strbuf_addbuf(&nl, &pad);
	strbuf_addbuf(sb, &pad);
	replace_all(sb, s, n, "\n", 1, nl.buf, nl.len);
	strbuf_release(&pad);
	strbuf_release(&nl);
}

SF(sf_indent)
{
	if (ARG_I(0) < 0) {
		kc_err_set(err, "strings: negative Repeat count");
		return NULL;
	}
	if (indent_too_big(ARG_I(0), ARG_S(1), ARG_SL(1), err))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	indent_into(&sb, ARG_I(0), ARG_S(1), ARG_SL(1));
	return tv_str_buf(&sb);
}

SF(sf_nindent)
{
	if (ARG_I(0) < 0) {
		kc_err_set(err, "strings: negative Repeat count");
		return NULL;
	}
	if (indent_too_big(ARG_I(0), ARG_S(1), ARG_SL(1), err))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '\n');
	indent_into(&sb, ARG_I(0), ARG_S(1), ARG_SL(1));
	return tv_str_buf(&sb);
}

SF(sf_plural) /* (one, many string, count int) */
{
	return ARG_I(2) == 1 ? tv_incref(argv[0]) : tv_incref(argv[1]);
}

/* quote: fmt's %q of strval for each non-nil argument. */
SF(sf_quote)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	int first = 1;
	for (int i = 0; i < argc; i++) {
		if (tv_is_nil(argv[i]))
			continue;
		strbuf_reset(&tmp);
		sprig_strval(&tmp, argv[i]);
		if (!first)
			strbuf_addch(&sb, ' ');
		first = 0;
		go_quote(&sb, tmp.buf, tmp.len);
	}
	strbuf_release(&tmp);
	return tv_str_buf(&sb);
}

SF(sf_squote)
{
	struct strbuf sb = STRBUF_INIT;
	int first = 1;
	for (int i = 0; i < argc; i++) {
		if (tv_is_nil(argv[i]))
			continue;
		if (!first)
			strbuf_addch(&sb, ' ');
		first = 0;
		strbuf_addch(&sb, '\'');
		tv_format(&sb, argv[i]);
		strbuf_addch(&sb, '\'');
	}
	return tv_str_buf(&sb);
}

SF(sf_cat)
{
	struct strbuf sb = STRBUF_INIT;
	int first = 1;
	for (int i = 0; i < argc; i++) {
		if (tv_is_nil(argv[i]))
			continue;
		if (!first)
			strbuf_addch(&sb, ' ');
		first = 0;
		tv_format(&sb, argv[i]);
	}
	return tv_str_buf(&sb);
}

SF(sf_tostring)
{
	struct strbuf sb = STRBUF_INIT;
	sprig_strval(&sb, argv[0]);
	return tv_str_buf(&sb);
}

/* goutils.WrapCustom */
static void wrap_custom(struct strbuf *out, const char *s, size_t n, long long wl, const char *nl,
			size_t nll, int long_words)
{
	if (!n)
		return;
	if (!nll) {
		nl = "\n";
		nll = 1;
	}
	if (wl < 1)
		wl = 1;
	long long len = (long long)n, off = 0;
	while (len - off > wl) {
		if (s[off] == ' ') {
			off++;
			continue;
		}
		long long end = wl + off + 1, sp = -1;
		for (long long k = end - 1; k >= off; k--)
			if (s[k] == ' ') {
				sp = k;
				break;
			}
		if (sp >= off) {
			strbuf_add(out, s + off, (size_t)(sp - off));
			strbuf_add(out, nl, nll);
			off = sp + 1;
		} else if (long_words) {
			strbuf_add(out, s + off, (size_t)wl);
			strbuf_add(out, nl, nll);
			off += wl;
		} else {
			long long e = wl + off;
			const char *h = memchr(s + e, ' ', (size_t)(len - e));
			if (!h) {
				strbuf_add(out, s + off, (size_t)(len - off));
				off = len;
			} else {
				sp = h - s;
				strbuf_add(out, s + off, (size_t)(sp - off));
				strbuf_add(out, nl, nll);
				off = sp + 1;
			}
		}
	}
	strbuf_add(out, s + off, (size_t)(len - off));
}

SF(sf_wrap)
{
	struct strbuf sb = STRBUF_INIT;
	wrap_custom(&sb, ARG_S(1), ARG_SL(1), ARG_I(0), "", 0, 0);
	return tv_str_buf(&sb);
}

SF(sf_wrapwith)
{
	struct strbuf sb = STRBUF_INIT;
	wrap_custom(&sb, ARG_S(2), ARG_SL(2), ARG_I(0), ARG_S(1), ARG_SL(1), 1);
	return tv_str_buf(&sb);
}

/* ---- xstrings ---- */

static int is_connector(uint32_t r)
{
	return r == '-' || r == '_' || go_isspace(r);
}

static int is_alphabet(uint32_t r)
{
	if (!go_isletter(r))
		return 0;
	if (r < 0x2E80)
		return 1;
	if ((r >= 0x4E00 && r <= 0x9FCC) || (r >= 0x3400 && r <= 0x4D85) ||
	    (r >= 0x20000 && r <= 0x2A6D6) || (r >= 0x2A700 && r <= 0x2B734) ||
	    (r >= 0x2B740 && r <= 0x2B81D) || (r >= 0x2F800 && r <= 0x2FA1F) ||
	    (r >= 0xF900 && r <= 0xFAFF))
		return 0;
	return 1;
}

/* xstrings.ToPascalCase 1.5 (sprig 3.3 camelcase), as helmref reproduces it. */
SF(sf_camelcase)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0), i = 0;
	if (!n)
		return tv_str("");
	struct strbuf sb = STRBUF_INIT;
	uint32_t cur = 0, prev;
	size_t size = 0;
	int first_upper = 0;
	while (i < n) {
		size = utf8_dec(s + i, n - i, &cur);
		i += size;
		if (!is_connector(cur)) {
			first_upper = go_isupper(cur);
			cur = go_toupper(cur);
			break;
		}
		utf8_enc(&sb, cur);
	}
	if (i >= n) {
		if (size) /* as xstrings: the last leading connector is written twice */
			utf8_enc(&sb, cur);
		return tv_str_buf(&sb);
	}
	while (i < n) {
		prev = cur;
		i += utf8_dec(s + i, n - i, &cur);
		if (is_connector(cur) && is_connector(prev)) {
			utf8_enc(&sb, prev);
			continue;
		}
		if (is_connector(prev)) {
			first_upper = go_isupper(cur);
			cur = go_toupper(cur);
		} else {
			if (first_upper) {
				if (go_isupper(cur))
					cur = go_tolower(cur);
				else
					first_upper = 0;
			}
			utf8_enc(&sb, prev);
		}
	}
	utf8_enc(&sb, cur);
	return tv_str_buf(&sb);
}

enum wt { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

static size_t next_valid(const char *s, size_t n, uint32_t prev, uint32_t *r)
{
	size_t size = 0;
	while (n > 0) {
		size_t w = utf8_dec(s, n, r);
		size += w;
		if (!(*r == 0xFFFD && w == 1))
			return size;
		s += w;
		n -= w;
	}
	*r = prev;
	return size;
}

/* xstrings nextWord: type and length of the word at s. */
static enum wt next_word(const char *str, size_t n, size_t *wlen)
{
	*wlen = 0;
	if (!n)
		return W_INVALID;
	size_t off = 0, size;
	const char *rem = str;
	size_t rn = n;
	uint32_t r;
	size = next_valid(rem, rn, 0xFFFD, &r);
	off += size;
	enum wt wt;
	if (r == 0xFFFD) {
		*wlen = off;
		return W_INVALID;
	}
#define ADV(k) do { rem += (k); rn -= (k); } while (0)
	if (is_connector(r)) {
		wt = W_CONNECTOR;
		ADV(size);
		while (rn) {
			size = next_valid(rem, rn, r, &r);
			if (!is_connector(r))
				break;
			off += size;
			ADV(size);
		}
	} else if (go_ispunct(r)) {
		wt = W_PUNCT;
		ADV(size);
		while (rn) {
			size = next_valid(rem, rn, r, &r);
			if (!go_ispunct(r))
				break;
			off += size;
			ADV(size);
		}
	} else if (go_isupper(r)) {
		wt = W_UPPER;
		ADV(size);
		if (rn) {
			size = next_valid(rem, rn, r, &r);
			if (go_isupper(r)) {
				size_t prevsize = size;
				off += size;
				ADV(size);
				while (rn) {
					size = next_valid(rem, rn, r, &r);
					if (!go_isupper(r))
						break;
					prevsize = size;
					off += size;
					ADV(size);
				}
				if (rn && is_alphabet(r))
					off -= prevsize;
			} else if (is_alphabet(r)) {
				off += size;
				ADV(size);
				while (rn) {
					size = next_valid(rem, rn, r, &r);
					if (!is_alphabet(r) || go_isupper(r))
						break;
					off += size;
					ADV(size);
				}
			}
		}
	} else if (is_alphabet(r)) {
		wt = W_ALPHA;
		ADV(size);
		while (rn) {
			size = next_valid(rem, rn, r, &r);
			if (!is_alphabet(r) || go_isupper(r))
				break;
			off += size;
			ADV(size);
		}
	} else if (go_isnumber(r)) {
		wt = W_NUMBER;
		ADV(size);
		while (rn) {
			size = next_valid(rem, rn, r, &r);
			if (!go_isnumber(r))
				break;
			off += size;
			ADV(size);
		}
	} else {
		wt = W_OTHER;
		ADV(size);
		while (rn) {
			size = next_valid(rem, rn, r, &r);
			if (size == 0 || is_connector(r) || is_alphabet(r) || go_isnumber(r) ||
			    go_ispunct(r))
				break;
			off += size;
			ADV(size);
		}
	}
#undef ADV
	*wlen = off;
	return wt;
}

static void xs_lower(struct strbuf *b, enum wt wt, const char *s, size_t n, char conn)
{
	if (wt != W_UPPER && wt != W_CONNECTOR) {
		strbuf_add(b, s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		uint32_t r;
		i += utf8_dec(s + i, n - i, &r);
		if (is_connector(r))
			strbuf_addch(b, conn);
		else if (go_isupper(r))
			utf8_enc(b, go_tolower(r));
		else
			utf8_enc(b, r);
	}
}

struct wcur {
	const char *s;
	size_t n;
};

static enum wt wnext(struct wcur *c, const char **w, size_t *wl)
{
	enum wt t = next_word(c->s, c->n, wl);
	*w = c->s;
	c->s += *wl;
	c->n -= *wl;
	return t;
}

static void camel_to_lower(struct strbuf *buf, const char *str, size_t n, char conn)
{
	if (!n)
		return;
	struct wcur c = {str, n};
	const char *word, *last;
	size_t wl, lastl;
	enum wt wt = wnext(&c, &word, &wl);
	while (c.n > 0) {
		if (wt != W_CONNECTOR)
			xs_lower(buf, wt, word, wl, conn);
		enum wt prev = wt;
		last = word;
		lastl = wl;
		wt = wnext(&c, &word, &wl);
		switch (prev) {
		case W_NUMBER:
			while (wt == W_ALPHA || wt == W_NUMBER) {
				xs_lower(buf, wt, word, wl, conn);
				wt = wnext(&c, &word, &wl);
			}
			if (wt != W_INVALID && wt != W_PUNCT && wt != W_CONNECTOR)
				strbuf_addch(buf, conn);
			break;
		case W_CONNECTOR:
			xs_lower(buf, prev, last, lastl, conn);
			break;
		case W_PUNCT:
			break;
		default:
			if (wt != W_NUMBER) {
				if (wt != W_CONNECTOR && wt != W_PUNCT)
					strbuf_addch(buf, conn);
				break;
			}
			if (c.n == 0)
				break;
			last = word;
			lastl = wl;
			wt = wnext(&c, &word, &wl);
			if (wt != W_ALPHA) {
				xs_lower(buf, W_NUMBER, last, lastl, conn);
				if (wt != W_CONNECTOR && wt != W_PUNCT)
					strbuf_addch(buf, conn);
				break;
			}
			strbuf_addch(buf, conn);
			xs_lower(buf, W_NUMBER, last, lastl, conn);
			while (wt == W_ALPHA || wt == W_NUMBER) {
				xs_lower(buf, wt, word, wl, conn);
				wt = wnext(&c, &word, &wl);
			}
			if (wt != W_INVALID && wt != W_CONNECTOR && wt != W_PUNCT)
				strbuf_addch(buf, conn);
		}
	}
	xs_lower(buf, wt, word, wl, conn);
}

SF(sf_snakecase)
{
	struct strbuf sb = STRBUF_INIT;
	camel_to_lower(&sb, ARG_S(0), ARG_SL(0), '_');
	return tv_str_buf(&sb);
}

SF(sf_kebabcase)
{
	struct strbuf sb = STRBUF_INIT;
	camel_to_lower(&sb, ARG_S(0), ARG_SL(0), '-');
	return tv_str_buf(&sb);
}

SF(sf_shuffle)
{
	const char *s = ARG_S(0);
	size_t n = ARG_SL(0), k = 0;
	uint32_t *r = xmalloc((n + 1) * sizeof(*r));
	for (size_t i = 0; i < n;)
		i += utf8_dec(s + i, n - i, &r[k++]);
	for (size_t i = k; i-- > 1;) {
		size_t j = (size_t)sprig_rand_below(i + 1);
		uint32_t t = r[i];
		r[i] = r[j];
		r[j] = t;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < k; i++)
		utf8_enc(&sb, r[i]);
	free(r);
	return tv_str_buf(&sb);
}

/* ---- split / join ---- */

/* strings.SplitN semantics (n < 0: all); calls f for each part. */
static struct tv *split_list(const char *s, size_t n, const char *sep, size_t sl, long long max)
{
	struct tv *l = tv_list_new(&tv_type_strlist);
	if (max == 0)
		return l;
	if (sl == 0) {
		/* explode into runes */
		size_t i = 0;
		long long cnt = 0;
		while (i < n) {
			if (max > 0 && cnt == max - 1) {
				tv_list_append_take(l, tv_strn(s + i, n - i));
				return l;
			}
			uint32_t r;
			size_t w = utf8_dec(s + i, n - i, &r);
			/* Go's explode: invalid bytes become U+FFFD, except in the last piece */
			if (r == 0xFFFD && w == 1 && i + w < n)
				tv_list_append_take(l, tv_str("\xef\xbf\xbd"));
			else
				tv_list_append_take(l, tv_strn(s + i, w));
			i += w;
			cnt++;
		}
		return l;
	}
	size_t i = 0;
	long long cnt = 0;
	for (;;) {
		if (max > 0 && cnt == max - 1)
			break;
		const char *h = memmem(s + i, n - i, sep, sl);
		if (!h)
			break;
		tv_list_append_take(l, tv_strn(s + i, (size_t)(h - (s + i))));
		i = (size_t)(h - s) + sl;
		cnt++;
	}
	tv_list_append_take(l, tv_strn(s + i, n - i));
	return l;
}

SF(sf_splitlist) /* (sep, orig) */
{
	return split_list(ARG_S(1), ARG_SL(1), ARG_S(0), ARG_SL(0), -1);
}

static struct tv *list_to_umap(struct tv *l)
{
	struct tv *m = tv_map_new(&tv_type_strmap);
	for (size_t i = 0; i < tv_list_len(l); i++) {
		char key[32];
		snprintf(key, sizeof(key), "_%zu", i);
		tv_map_set(m, key, tv_list_get(l, i));
	}
	tv_decref(l);
	return m;
}

SF(sf_split)
{
	return list_to_umap(split_list(ARG_S(1), ARG_SL(1), ARG_S(0), ARG_SL(0), -1));
}

SF(sf_splitn) /* (sep string, n int, orig string) */
{
	return list_to_umap(split_list(ARG_S(2), ARG_SL(2), ARG_S(0), ARG_SL(0), ARG_I(1)));
}

/* sprig strslice */
struct tv *sprig_strslice(const struct tv *v)
{
	struct tv *l = tv_list_new(&tv_type_strlist);
	if (tv_is_nil(v))
		return l;
	if (v->kind == TV_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			struct tv *e = v->u.list.items[i];
			if (tv_is_nil(e))
				continue;
			struct strbuf sb = STRBUF_INIT;
			sprig_strval(&sb, e);
			tv_list_append_take(l, tv_str_buf(&sb));
		}
		return l;
	}
	if (v->kind == TV_BYTES) {
		for (size_t i = 0; i < v->u.str.len; i++) {
			char b[8];
			snprintf(b, sizeof(b), "%u", (unsigned char)v->u.str.s[i]);
			tv_list_append_take(l, tv_str(b));
		}
		return l;
	}
	struct strbuf sb = STRBUF_INIT;
	sprig_strval(&sb, v);
	tv_list_append_take(l, tv_str_buf(&sb));
	return l;
}

SF(sf_tostrings)
{
	if (argv[0]->type == &tv_type_strlist)
		return tv_incref(argv[0]);
	return sprig_strslice(argv[0]);
}

SF(sf_join) /* (sep string, v interface{}) */
{
	struct tv *l = argv[1]->type == &tv_type_strlist ? tv_incref(argv[1]) : sprig_strslice(argv[1]);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->u.list.len; i++) {
		if (i)
			strbuf_add(&sb, ARG_S(0), ARG_SL(0));
		strbuf_add(&sb, l->u.list.items[i]->u.str.s, l->u.list.items[i]->u.str.len);
	}
	tv_decref(l);
	return tv_str_buf(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	const struct tv *x = *(struct tv *const *)a, *y = *(struct tv *const *)b;
	size_t m = x->u.str.len < y->u.str.len ? x->u.str.len : y->u.str.len;
	int c = memcmp(x->u.str.s, y->u.str.s, m);
	if (c)
		return c;
	return x->u.str.len < y->u.str.len ? -1 : x->u.str.len > y->u.str.len;
}

SF(sf_sortalpha)
{
	if (!sprig_is_list(argv[0])) {
		struct tv *l = tv_list_new(&tv_type_strlist);
		struct strbuf sb = STRBUF_INIT;
		sprig_strval(&sb, argv[0]);
		tv_list_append_take(l, tv_str_buf(&sb));
		return l;
	}
	struct tv *l = argv[0]->type == &tv_type_strlist ? tv_copy(argv[0]) : sprig_strslice(argv[0]);
	/* Go's sort.Strings is not stable but equal strings are indistinguishable */
	if (l->u.list.len > 1)
		qsort(l->u.list.items, l->u.list.len, sizeof(struct tv *), cmp_str);
	return l;
}

/* ---- encodings ---- */

SF(sf_b64enc)
{
	struct strbuf sb = STRBUF_INIT;
	base64_encode(&sb, ARG_S(0), ARG_SL(0));
	return tv_str_buf(&sb);
}

/* encoding/base64 StdEncoding.DecodeString, decodeQuantum for quantum: returns 0,
 * or -1 with *bad = Go's CorruptInputError offset. */
int go_b64_decode(struct strbuf *out, const char *src, size_t len, size_t *bad)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t si = 0;
	while (si < len) {
		unsigned char dbuf[4] = {0};
		int dlen = 4;
		int trailing = 0;
		size_t trail_at = 0;
		for (int j = 0; j < 4; j++) {
			if (si == len) {
				if (j == 0)
					return 0;
				*bad = si - (size_t)j;
				return -1;
			}
			char in = src[si++];
			const char *p = in ? strchr(alpha, in) : NULL;
			if (p) {
				dbuf[j] = (unsigned char)(p - alpha);
				continue;
			}
			if (in == '\n' || in == '\r') {
				j--;
				continue;
			}
			if (in != '=' || j < 2) {
				*bad = si - 1;
				return -1;
			}
			if (j == 2) {
				while (si < len && (src[si] == '\n' || src[si] == '\r'))
					si++;
				if (si == len) {
					*bad = len;
					return -1;
				}
				if (src[si] != '=') {
					*bad = si - 1;
					return -1;
				}
				si++;
			}
			while (si < len && (src[si] == '\n' || src[si] == '\r'))
				si++;
			if (si < len) {
				trailing = 1;
				trail_at = si;
			}
			dlen = j;
			break;
		}
		unsigned v = (unsigned)dbuf[0] << 18 | (unsigned)dbuf[1] << 12 | (unsigned)dbuf[2] << 6 | dbuf[3];
		for (int k = 0; k < dlen - 1; k++)
			strbuf_addch(out, (int)((v >> (16 - 8 * k)) & 0xff));
		if (trailing) {
			*bad = trail_at;
			return -1;
		}
		if (dlen < 4)
			return 0;
	}
	return 0;
}

SF(sf_b64dec)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad = 0;
	if (go_b64_decode(&sb, ARG_S(0), ARG_SL(0), &bad)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "illegal base64 data at input byte %zu", bad);
	}
	return tv_str_buf(&sb);
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

SF(sf_b32enc)
{
	const unsigned char *s = (const unsigned char *)ARG_S(0);
	size_t n = ARG_SL(0);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i += 5) {
		unsigned char blk[5] = {0};
		size_t k = n - i < 5 ? n - i : 5;
		memcpy(blk, s + i, k);
		uint64_t v = 0;
		for (int j = 0; j < 5; j++)
			v = (v << 8) | blk[j];
		static const int outc[] = {0, 2, 4, 5, 7, 8};
		int nc = outc[k];
		for (int j = 0; j < 8; j++) {
			if (j < nc)
				strbuf_addch(&sb, b32[(v >> (35 - 5 * j)) & 31]);
			else
				strbuf_addch(&sb, '=');
		}
	}
	return tv_str_buf(&sb);
}

/* encoding/base32 StdEncoding.DecodeString ('\r' and '\n' dropped first). */
SF(sf_b32dec)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	for (size_t i = 0; i < ARG_SL(0); i++)
		if (ARG_S(0)[i] != '\r' && ARG_S(0)[i] != '\n')
			strbuf_addch(&in, ARG_S(0)[i]);
	const char *src = in.buf;
	size_t len = in.len, olen = in.len;
	long long bad = -1;
	int end = 0;
	while (len > 0 && !end) {
		unsigned char dbuf[8] = {0};
		int dlen = 8;
		for (int j = 0; j < 8;) {
			if (len == 0) {
				bad = (long long)(olen - len) - j;
				goto done;
			}
			char c = *src++;
			len--;
			if (c == '=' && j >= 2 && len < 8) {
				if (len + (size_t)j < 7) {
					bad = (long long)olen;
					goto done;
				}
				for (int k = 0; k < 7 - j; k++)
					if (len > (size_t)k && src[k] != '=') {
						bad = (long long)(olen - len) + k - 1;
						goto done;
					}
				dlen = j;
				end = 1;
				if (dlen == 1 || dlen == 3 || dlen == 6) {
					bad = (long long)(olen - len) - 1;
					goto done;
				}
				break;
			}
			const char *p = c ? strchr(b32, c) : NULL;
			if (!p) {
				bad = (long long)(olen - len) - 1;
				goto done;
			}
			dbuf[j++] = (unsigned char)(p - b32);
		}
		uint64_t v = 0;
		for (int j = 0; j < 8; j++)
			v = (v << 5) | dbuf[j];
		static const int bytes_for[] = {0, 0, 1, 0, 2, 3, 0, 4, 5};
		for (int j = 0; j < bytes_for[dlen]; j++)
			strbuf_addch(&out, (int)((v >> (32 - 8 * j)) & 0xFF));
	}
done:
	strbuf_release(&in);
	if (bad >= 0) {
		strbuf_reset(&out);
		strbuf_addf(&out, "illegal base32 data at input byte %lld", bad);
	}
	return tv_str_buf(&out);
}

/* ---- path (path and path/filepath behave alike on Linux) ---- */

/* path.Clean */
static void path_clean(struct strbuf *out, const char *p, size_t n)
{
	if (!n) {
		strbuf_addch(out, '.');
		return;
	}
	int rooted = p[0] == '/';
	size_t start = out->len;
	size_t r = 0, dotdot = 0;
	if (rooted) {
		strbuf_addch(out, '/');
		r = 1;
		dotdot = 1;
	}
	size_t w0 = start;
	while (r < n) {
		if (p[r] == '/') {
			r++;
		} else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
			r++;
		} else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
			r += 2;
			size_t w = out->len - w0;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out->buf[w0 + w] != '/')
					w--;
				strbuf_setlen(out, w0 + w);
			} else if (!rooted) {
				if (w > 0)
					strbuf_addch(out, '/');
				strbuf_addstr(out, "..");
				dotdot = out->len - w0;
			}
		} else {
			if ((rooted && out->len - w0 != 1) || (!rooted && out->len - w0 != 0))
				strbuf_addch(out, '/');
			for (; r < n && p[r] != '/'; r++)
				strbuf_addch(out, p[r]);
		}
	}
	if (out->len == w0)
		strbuf_addch(out, '.');
}

SF(sf_clean)
{
	struct strbuf sb = STRBUF_INIT;
	path_clean(&sb, ARG_S(0), ARG_SL(0));
	return tv_str_buf(&sb);
}

SF(sf_base)
{
	const char *p = ARG_S(0);
	size_t n = ARG_SL(0);
	if (!n)
		return tv_str(".");
	while (n > 0 && p[n - 1] == '/')
		n--;
	size_t i = n;
	while (i > 0 && p[i - 1] != '/')
		i--;
	if (n - i == 0)
		return tv_str("/");
	return tv_strn(p + i, n - i);
}

SF(sf_dir)
{
	const char *p = ARG_S(0);
	size_t n = ARG_SL(0), i = n;
	while (i > 0 && p[i - 1] != '/')
		i--;
	struct strbuf sb = STRBUF_INIT;
	path_clean(&sb, p, i);
	return tv_str_buf(&sb);
}

SF(sf_ext)
{
	const char *p = ARG_S(0);
	size_t n = ARG_SL(0);
	for (size_t i = n; i > 0 && p[i - 1] != '/'; i--)
		if (p[i - 1] == '.')
			return tv_strn(p + i - 1, n - i + 1);
	return tv_str("");
}

SF(sf_isabs)
{
	return tv_bool(ARG_SL(0) > 0 && ARG_S(0)[0] == '/');
}

SF(sf_hello)
{
	return tv_str("Hello!");
}

SF(sf_fail)
{
	kc_err_set(err, "%s", ARG_S(0));
	return NULL;
}
