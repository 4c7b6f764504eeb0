/* yaml_emit: the bytes go-yaml v2's Marshal writes for a JSON-shaped value, as
 * sigs.k8s.io/yaml.Marshal (kubectl -o yaml, Helm's toYaml) produces them.
 *
 * The value takes the JSON round trip first (json.Marshal, then go-yaml reading
 * the JSON back): reals print through Go's JSON float text, so 3.0 becomes 3 and
 * 1e6 becomes 1000000; invalid UTF-8 becomes U+FFFD. Then go-yaml's encoder picks
 * a style per string (literal if it has "\n", plain unless it would resolve to
 * another type, else double-quoted) and its emitter (a port of libyaml's) may
 * demote it (plain → single-quoted → double-quoted, literal → double-quoted) by
 * the same scalar analysis. Plain, quoted and folded text wraps at column 80.
 * This file re-implements that emitter's block-context behaviour. */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

#define BEST_INDENT 2

enum style { S_PLAIN, S_SINGLE, S_DOUBLE, S_LITERAL };

struct em {
	struct strbuf *out;
	int column, indent;
	int whitespace, indention;
	int flow_level;
	int root_ctx, seq_ctx, map_ctx, simple_key_ctx;
	int best_width; /* 80 (go-yaml v2); INT_MAX for v3, which does not fold */
	int v3;         /* gopkg.in/yaml.v3 Encoder (yaml_emit_v3) */
};

/* ---- byte classes (libyaml's macros) ------------------------------------ */

static int width_of(unsigned char c)
{
	if ((c & 0x80) == 0)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1; /* never reached: strings are valid UTF-8 here */
}

static unsigned char at(const unsigned char *s, size_t n, size_t i)
{
	return i < n ? s[i] : 0;
}

static int is_space(const unsigned char *s, size_t n, size_t i)
{
	return at(s, n, i) == ' ';
}

static int is_blank(const unsigned char *s, size_t n, size_t i)
{
	return at(s, n, i) == ' ' || at(s, n, i) == '\t';
}

static int is_break(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i);
	return c == '\r' || c == '\n' ||
	       (c == 0xc2 && at(s, n, i + 1) == 0x85) ||
	       (c == 0xe2 && at(s, n, i + 1) == 0x80 &&
		(at(s, n, i + 2) == 0xa8 || at(s, n, i + 2) == 0xa9));
}

static int is_blankz(const unsigned char *s, size_t n, size_t i)
{
	return is_blank(s, n, i) || is_break(s, n, i) || i >= n || s[i] == 0;
}

static int is_printable(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i), c1 = at(s, n, i + 1), c2 = at(s, n, i + 2);
	return c == 0x0a || (c >= 0x20 && c <= 0x7e) || (c == 0xc2 && c1 >= 0xa0) ||
	       (c > 0xc2 && c < 0xed) || (c == 0xed && c1 < 0xa0) || c == 0xee ||
	       (c == 0xef && !(c1 == 0xbb && c2 == 0xbf) &&
		!(c1 == 0xbf && (c2 == 0xbe || c2 == 0xbf)));
}

/* go-yaml's is_bom looks at the start of the value whatever i is, so every
 * character of a double-quoted string that starts with a BOM gets escaped. */
static int is_bom(const unsigned char *s, size_t n, size_t i)
{
	(void)i;
	return at(s, n, 0) == 0xef && at(s, n, 1) == 0xbb && at(s, n, 2) == 0xbf;
}

/* ---- output primitives ----------------------------------------------------- */

static void put(struct em *e, char c)
{
	strbuf_addch(e->out, c);
	e->column++;
}

static void put_break(struct em *e)
{
	strbuf_addch(e->out, '\n');
	e->column = 0;
}

/* copy one character */
static void write_ch(struct em *e, const unsigned char *s, size_t n, size_t *i)
{
	size_t w = (size_t)width_of(s[*i]);
	if (*i + w > n)
		w = n - *i;
	strbuf_add(e->out, s + *i, w);
	e->column++;
	*i += w;
}

static void write_break(struct em *e, const unsigned char *s, size_t n, size_t *i)
{
	if (s[*i] == '\n') {
		put_break(e);
		(*i)++;
	} else {
		write_ch(e, s, n, i);
		e->column = 0;
	}
}

static void write_indent(struct em *e)
{
	int indent = e->indent < 0 ? 0 : e->indent;
	if (!e->indention || e->column > indent || (e->column == indent && !e->whitespace))
		put_break(e);
	while (e->column < indent)
		put(e, ' ');
	e->whitespace = 1;
	e->indention = 1;
}

static void write_indicator(struct em *e, const char *ind, int need_ws, int is_ws, int is_indention)
{
	if (need_ws && !e->whitespace)
		put(e, ' ');
	for (const char *p = ind; *p; p++)
		put(e, *p);
	e->whitespace = is_ws;
	e->indention = e->indention && is_indention;
}

static int increase_indent(struct em *e, int flow, int indentless)
{
	int saved = e->indent;
	if (e->indent < 0)
		e->indent = flow ? BEST_INDENT : 0;
	else if (!indentless)
		e->indent += BEST_INDENT;
	return saved;
}

/* ---- scalar analysis ------------------------------------------------------- */

struct analysis {
	int multiline, block_plain_allowed, single_quoted_allowed, block_allowed;
};

static void analyze(const unsigned char *v, size_t n, struct analysis *a)
{
	int block_ind = 0, line_breaks = 0, special = 0;
	int leading_space = 0, leading_break = 0, trailing_space = 0, trailing_break = 0;
	int break_space = 0, space_break = 0;
	int preceded_by_ws = 1, followed_by_ws, prev_space = 0, prev_break = 0;

	if (!n) {
		a->multiline = 0;
		a->block_plain_allowed = 1;
		a->single_quoted_allowed = 1;
		a->block_allowed = 0;
		return;
	}
	if (n >= 3 && ((v[0] == '-' && v[1] == '-' && v[2] == '-') ||
		       (v[0] == '.' && v[1] == '.' && v[2] == '.')))
		block_ind = 1;
	for (size_t i = 0, w; i < n; i += w) {
		w = (size_t)width_of(v[i]);
		followed_by_ws = i + w >= n || is_blank(v, n, i + w);
		if (i == 0) {
			switch (v[i]) {
			case '#': case ',': case '[': case ']': case '{': case '}': case '&':
			case '*': case '!': case '|': case '>': case '\'': case '"': case '%':
			case '@': case '`':
				block_ind = 1;
				break;
			case '?': case ':':
				if (followed_by_ws)
					block_ind = 1;
				break;
			case '-':
				if (followed_by_ws)
					block_ind = 1;
				break;
			}
		} else {
			if (v[i] == ':' && followed_by_ws)
				block_ind = 1;
			if (v[i] == '#' && preceded_by_ws)
				block_ind = 1;
		}
		if (!is_printable(v, n, i))
			special = 1;
		if (is_space(v, n, i)) {
			if (i == 0)
				leading_space = 1;
			if (i + w == n)
				trailing_space = 1;
			if (prev_break)
				break_space = 1;
			prev_space = 1;
			prev_break = 0;
		} else if (is_break(v, n, i)) {
			line_breaks = 1;
			if (i == 0)
				leading_break = 1;
			if (i + w == n)
				trailing_break = 1;
			if (prev_space)
				space_break = 1;
			prev_space = 0;
			prev_break = 1;
		} else {
			prev_space = 0;
			prev_break = 0;
		}
		preceded_by_ws = is_blankz(v, n, i);
	}
	a->multiline = line_breaks;
	a->block_plain_allowed = 1;
	a->single_quoted_allowed = 1;
	a->block_allowed = 1;
	if (leading_space || leading_break || trailing_space || trailing_break)
		a->block_plain_allowed = 0;
	if (trailing_space)
		a->block_allowed = 0;
	if (break_space) {
		a->block_plain_allowed = 0;
		a->single_quoted_allowed = 0;
	}
	if (space_break || special) {
		a->block_plain_allowed = 0;
		a->single_quoted_allowed = 0;
		a->block_allowed = 0;
	}
	if (line_breaks)
		a->block_plain_allowed = 0;
	if (block_ind)
		a->block_plain_allowed = 0;
}

/* ---- scalar writers ------------------------------------------------------- */

static void write_plain(struct em *e, const unsigned char *v, size_t n, int allow_breaks)
{
	int spaces = 0, breaks = 0;
	if (!e->whitespace)
		put(e, ' ');
	for (size_t i = 0; i < n;) {
		if (is_space(v, n, i)) {
			if (allow_breaks && !spaces && e->column > e->best_width && !is_space(v, n, i + 1)) {
				write_indent(e);
				i++;
			} else {
				write_ch(e, v, n, &i);
			}
			spaces = 1;
		} else if (is_break(v, n, i)) {
			if (!breaks && v[i] == '\n')
				put_break(e);
			write_break(e, v, n, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			write_ch(e, v, n, &i);
			e->indention = 0;
			spaces = 0;
			breaks = 0;
		}
	}
	e->whitespace = 0;
	e->indention = 0;
}

static void write_single(struct em *e, const unsigned char *v, size_t n, int allow_breaks)
{
	int spaces = 0, breaks = 0;
	write_indicator(e, "'", 1, 0, 0);
	for (size_t i = 0; i < n;) {
		if (is_space(v, n, i)) {
			if (allow_breaks && !spaces && e->column > e->best_width && i > 0 && i < n - 1 &&
			    !is_space(v, n, i + 1)) {
				write_indent(e);
				i++;
			} else {
				write_ch(e, v, n, &i);
			}
			spaces = 1;
		} else if (is_break(v, n, i)) {
			if (!breaks && v[i] == '\n')
				put_break(e);
			write_break(e, v, n, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			if (v[i] == '\'')
				put(e, '\'');
			write_ch(e, v, n, &i);
			e->indention = 0;
			spaces = 0;
			breaks = 0;
		}
	}
	write_indicator(e, "'", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

static void write_double(struct em *e, const unsigned char *v, size_t n, int allow_breaks)
{
	int spaces = 0;
	write_indicator(e, "\"", 1, 0, 0);
	for (size_t i = 0; i < n;) {
		if (!is_printable(v, n, i) || is_bom(v, n, i) || is_break(v, n, i) || v[i] == '"' ||
		    v[i] == '\\') {
			unsigned char c = v[i];
			int w;
			unsigned cp;
			if ((c & 0x80) == 0)
				w = 1, cp = c & 0x7f;
			else if ((c & 0xe0) == 0xc0)
				w = 2, cp = c & 0x1f;
			else if ((c & 0xf0) == 0xe0)
				w = 3, cp = c & 0x0f;
			else
				w = 4, cp = c & 0x07;
			for (int k = 1; k < w; k++)
				cp = (cp << 6) + (at(v, n, i + (size_t)k) & 0x3f);
			i += (size_t)w;
			put(e, '\\');
			switch (cp) {
			case 0x00: put(e, '0'); break;
			case 0x07: put(e, 'a'); break;
			case 0x08: put(e, 'b'); break;
			case 0x09: put(e, 't'); break;
			case 0x0a: put(e, 'n'); break;
			case 0x0b: put(e, 'v'); break;
			case 0x0c: put(e, 'f'); break;
			case 0x0d: put(e, 'r'); break;
			case 0x1b: put(e, 'e'); break;
			case 0x22: put(e, '"'); break;
			case 0x5c: put(e, '\\'); break;
			case 0x85: put(e, 'N'); break;
			case 0xa0: put(e, '_'); break;
			case 0x2028: put(e, 'L'); break;
			case 0x2029: put(e, 'P'); break;
			default: {
				int digits;
				if (cp <= 0xff)
					put(e, 'x'), digits = 2;
				else if (cp <= 0xffff)
					put(e, 'u'), digits = 4;
				else
					put(e, 'U'), digits = 8;
				for (int k = (digits - 1) * 4; k >= 0; k -= 4)
					put(e, "0123456789ABCDEF"[(cp >> k) & 0xf]);
			}
			}
			spaces = 0;
		} else if (is_space(v, n, i)) {
			if (allow_breaks && !spaces && e->column > e->best_width && i > 0 && i < n - 1) {
				write_indent(e);
				if (is_space(v, n, i + 1))
					put(e, '\\');
				i++;
			} else {
				write_ch(e, v, n, &i);
			}
			spaces = 1;
		} else {
			write_ch(e, v, n, &i);
			spaces = 0;
		}
	}
	write_indicator(e, "\"", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

static void write_literal(struct em *e, const unsigned char *v, size_t n)
{
	write_indicator(e, "|", 1, 0, 0);
	if (is_space(v, n, 0) || is_break(v, n, 0)) {
		char hint[2] = { (char)('0' + BEST_INDENT), 0 };
		write_indicator(e, hint, 0, 0, 0);
	}
	char chomp = 0;
	if (!n) {
		chomp = '-';
	} else {
		size_t i = n - 1;
		while (i > 0 && (v[i] & 0xc0) == 0x80)
			i--;
		if (!is_break(v, n, i)) {
			chomp = '-';
		} else if (i == 0) {
			chomp = '+';
		} else {
			i--;
			while (i > 0 && (v[i] & 0xc0) == 0x80)
				i--;
			if (is_break(v, n, i))
				chomp = '+';
		}
	}
	if (chomp) {
		char c[2] = { chomp, 0 };
		write_indicator(e, c, 0, 0, 0);
	}
	put_break(e);
	e->indention = 1;
	e->whitespace = 1;
	int breaks = 1;
	for (size_t i = 0; i < n;) {
		if (is_break(v, n, i)) {
			write_break(e, v, n, &i);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			write_ch(e, v, n, &i);
			e->indention = 0;
			breaks = 0;
		}
	}
}

/* A scalar with the style go-yaml's encoder asked for; the emitter may demote. */
static void emit_scalar(struct em *e, const char *s, size_t n, enum style want)
{
	const unsigned char *v = (const unsigned char *)s;
	struct analysis a;
	analyze(v, n, &a);
	enum style st = want;
	if (e->simple_key_ctx && a.multiline)
		st = S_DOUBLE;
	if (st == S_PLAIN) {
		if ((e->flow_level > 0) || !a.block_plain_allowed)
			st = S_SINGLE;
		if (!n && (e->flow_level > 0 || e->simple_key_ctx))
			st = S_SINGLE;
	}
	if (st == S_SINGLE && !a.single_quoted_allowed)
		st = S_DOUBLE;
	if (st == S_LITERAL && (!a.block_allowed || e->flow_level > 0 || e->simple_key_ctx))
		st = S_DOUBLE;
	int saved = increase_indent(e, 1, 0);
	switch (st) {
	case S_PLAIN: write_plain(e, v, n, !e->simple_key_ctx); break;
	case S_SINGLE: write_single(e, v, n, !e->simple_key_ctx); break;
	case S_DOUBLE: write_double(e, v, n, !e->simple_key_ctx); break;
	case S_LITERAL: write_literal(e, v, n); break;
	}
	e->indent = saved;
}

/* ---- values → scalars ------------------------------------------------------ */

/* Number text as go-yaml prints what it read back from the JSON. */
static void number_text(struct strbuf *sb, double f)
{
	struct strbuf j = STRBUF_INIT;
	struct yaml_scalar sc;
	json_format_go_float(&j, f);
	enum yaml_rtag r = yaml_resolve_plain(j.buf, &sc);
	if (r == YAML_R_INT)
		strbuf_addf(sb, "%lld", sc.i);
	else if (r == YAML_R_UINT)
		strbuf_addf(sb, "%llu", sc.u);
	else
		go_format_float(sb, f, 'g', -1);
	strbuf_release(&j);
}

/* Valid UTF-8 as Go's json.Marshal leaves it: each bad byte → U+FFFD. */
static int sanitize_utf8(const char *s, size_t n, struct strbuf *out)
{
	int bad = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t w = 0;
		unsigned cp = 0;
		if (c < 0x80)
			w = 1, cp = c;
		else if (c >= 0xc2 && c <= 0xdf)
			w = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			w = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			w = 4, cp = c & 0x07;
		int good = w && i + w <= n;
		for (size_t k = 1; good && k < w; k++) {
			unsigned char cc = (unsigned char)s[i + k];
			if ((cc & 0xc0) != 0x80)
				good = 0;
			else
				cp = (cp << 6) | (cc & 0x3f);
		}
		if (good && ((w == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			     (w == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			good = 0;
		if (!good) {
			strbuf_add(out, "\xef\xbf\xbd", 3);
			bad = 1;
			i++;
		} else {
			strbuf_add(out, s + i, w);
			i += w;
		}
	}
	return bad;
}

/* json.Marshal leaves NEL (U+0085) raw, and go-yaml reading the JSON back folds
 * it as a line break inside the double-quoted string: spaces around a run of
 * NELs disappear, one NEL becomes a space, k NELs become k-1 newlines. */
static void fold_nel(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] != ' ' && !((unsigned char)s[i] == 0xc2 && i + 1 < n &&
				     (unsigned char)s[i + 1] == 0x85)) {
			strbuf_addch(out, s[i++]);
			continue;
		}
		size_t j = i, nel = 0;
		while (j < n) {
			if (s[j] == ' ')
				j++;
			else if ((unsigned char)s[j] == 0xc2 && j + 1 < n && (unsigned char)s[j + 1] == 0x85)
				j += 2, nel++;
			else
				break;
		}
		if (!nel)
			strbuf_add(out, s + i, j - i);
		else if (nel == 1)
			strbuf_addch(out, ' ');
		else
			strbuf_addchars(out, '\n', nel - 1);
		i = j;
	}
}

/* encoder.stringv */
static void emit_string(struct em *e, const char *s, size_t n)
{
	struct strbuf clean = STRBUF_INIT, folded = STRBUF_INIT;
	if (e->v3) {
		/* yaml.v3 stringv: no JSON round trip; plain unless it would resolve
		 * to another type (or is a YAML 1.1 bool or base-60 float) */
		enum style st = S_DOUBLE;
		struct yaml_scalar sc;
		if (memchr(s, '\n', n))
			st = S_LITERAL;
		else if (strlen(s) == n && yaml_resolve_plain(s, &sc) == YAML_R_STR &&
			 !yaml_is_base60_float(s))
			st = S_PLAIN;
		emit_scalar(e, s, n, st);
		return;
	}
	if (sanitize_utf8(s, n, &clean)) {
		s = clean.buf;
		n = clean.len;
	}
	if (memmem(s, n, "\xc2\x85", 2)) {
		fold_nel(&folded, s, n);
		s = folded.buf;
		n = folded.len;
	}
	enum style st;
	if (memchr(s, '\n', n)) {
		st = S_LITERAL;
	} else {
		int plain = 1;
		if (strlen(s) == n) {
			struct yaml_scalar sc;
			plain = yaml_resolve_plain(s, &sc) == YAML_R_STR && !yaml_is_base60_float(s);
		}
		st = plain ? S_PLAIN : S_DOUBLE;
	}
	emit_scalar(e, s, n, st);
	strbuf_release(&clean);
	strbuf_release(&folded);
}

static void emit_node(struct em *e, json_t *v, int root, int seq, int map, int simple_key);

/* ---- go-yaml's map key order (sorter.go keyList.Less) ---------------------- */

static locale_t utf8_locale(void)
{
	static locale_t loc;
	static int tried;
	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

static int is_letter(unsigned r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	locale_t loc = utf8_locale();
	return loc ? iswalpha_l((wint_t)r, loc) : 1;
}

static int is_digit_rune(unsigned r)
{
	if (r < 0x80)
		return r >= '0' && r <= '9';
	locale_t loc = utf8_locale();
	return loc ? iswdigit_l((wint_t)r, loc) : 0;
}

static size_t to_runes(const char *s, unsigned **out)
{
	size_t n = strlen(s), k = 0;
	unsigned *r = xmalloc((n + 1) * sizeof *r);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		int w = width_of(c);
		unsigned cp = w == 1 ? c : w == 2 ? (c & 0x1fu) : w == 3 ? (c & 0x0fu) : (c & 0x07u);
		for (int j = 1; j < w && i + (size_t)j < n; j++)
			cp = (cp << 6) | ((unsigned char)s[i + (size_t)j] & 0x3fu);
		r[k++] = cp;
		i += (size_t)w;
	}
	*out = r;
	return k;
}

struct key_val {
	const char *k;
	size_t len;
	json_t *v;
};

static int key_less(const char *a, const char *b)
{
	unsigned *ar, *br;
	size_t an_ = to_runes(a, &ar), bn_ = to_runes(b, &br);
	int res = -1;
	for (size_t i = 0; i < an_ && i < bn_; i++) {
		if (ar[i] == br[i])
			continue;
		int al = is_letter(ar[i]), bl = is_letter(br[i]);
		if (al && bl) {
			res = ar[i] < br[i];
			break;
		}
		if (al || bl) {
			res = bl;
			break;
		}
		long long an = 0, bn = 0;
		size_t ai, bi;
		if (ar[i] == '0' || br[i] == '0') {
			for (size_t j = i; j-- > 0 && is_digit_rune(ar[j]);) {
				if (ar[j] != '0') {
					an = 1;
					bn = 1;
					break;
				}
			}
		}
		/* go-yaml accumulates in int64 and lets it wrap: do the same without
		 * signed overflow (two's complement, as Go defines it) */
		for (ai = i; ai < an_ && is_digit_rune(ar[ai]); ai++)
			an = (long long)((unsigned long long)an * 10u + (unsigned long long)(ar[ai] - '0'));
		for (bi = i; bi < bn_ && is_digit_rune(br[bi]); bi++)
			bn = (long long)((unsigned long long)bn * 10u + (unsigned long long)(br[bi] - '0'));
		if (an != bn)
			res = an < bn;
		else if (ai != bi)
			res = ai < bi;
		else
			res = ar[i] < br[i];
		break;
	}
	if (res < 0)
		res = an_ < bn_;
	free(ar);
	free(br);
	return res;
}

static int key_cmp(const void *pa, const void *pb)
{
	const char *a = ((const struct key_val *)pa)->k, *b = ((const struct key_val *)pb)->k;
	if (key_less(a, b))
		return -1;
	if (key_less(b, a))
		return 1;
	return 0;
}

/* ---- collections ----------------------------------------------------------- */

static void emit_empty(struct em *e, const char *open, const char *close)
{
	write_indicator(e, open, 1, 1, 0);
	write_indicator(e, close, 0, 0, 0);
}

/* yaml_emitter_check_simple_key for the key about to be written. */
static int simple_key(const char *k, size_t n)
{
	struct analysis a;
	analyze((const unsigned char *)k, n, &a);
	return !a.multiline && n <= 128;
}

static void emit_mapping(struct em *e, json_t *obj)
{
	size_t n = json_object_size(obj), i = 0;
	if (!n) {
		emit_empty(e, "{", "}");
		return;
	}
	/* keys may hold NUL bytes: carry each key's length and value with it */
	struct key_val *kv = xmalloc(n * sizeof *kv);
	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it), i++) {
		kv[i].k = json_object_iter_key(it);
		kv[i].len = json_object_iter_key_len(it);
		kv[i].v = json_object_iter_value(it);
	}
	qsort(kv, n, sizeof *kv, key_cmp);
	int saved = increase_indent(e, 0, 0);
	for (i = 0; i < n; i++) {
		json_t *key = kv[i].v;
		json_t *ks = json_stringn_nocheck(kv[i].k, kv[i].len);
		write_indent(e);
		if (simple_key(kv[i].k, kv[i].len)) {
			emit_node(e, ks, 0, 0, 1, 1);
			write_indicator(e, ":", 0, 0, 0);
		} else {
			write_indicator(e, "?", 1, 0, 1);
			emit_node(e, ks, 0, 0, 1, 0);
			write_indent(e);
			write_indicator(e, ":", 1, 0, 1);
		}
		emit_node(e, key, 0, 0, 1, 0);
		json_decref(ks);
	}
	e->indent = saved;
	free(kv);
}

static void emit_sequence(struct em *e, json_t *arr)
{
	size_t i;
	json_t *v;
	if (!json_array_size(arr)) {
		emit_empty(e, "[", "]");
		return;
	}
	int saved = increase_indent(e, 0, !e->v3 && e->map_ctx && !e->indention);
	json_array_foreach(arr, i, v) {
		write_indent(e);
		write_indicator(e, "-", 1, 0, 1);
		emit_node(e, v, 0, 1, 0, 0);
	}
	e->indent = saved;
}

static void emit_node(struct em *e, json_t *v, int root, int seq, int map, int simple_key_ctx)
{
	e->root_ctx = root;
	e->seq_ctx = seq;
	e->map_ctx = map;
	e->simple_key_ctx = simple_key_ctx;
	struct strbuf sb = STRBUF_INIT;
	switch (json_typeof(v)) {
	case JSON_OBJECT: emit_mapping(e, v); break;
	case JSON_ARRAY: emit_sequence(e, v); break;
	case JSON_STRING: emit_string(e, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER:
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		emit_scalar(e, sb.buf, sb.len, S_PLAIN);
		break;
	case JSON_REAL:
		if (e->v3) {
			double f = json_real_value(v);
			if (isnan(f))
				strbuf_addstr(&sb, ".nan");
			else if (isinf(f))
				strbuf_addstr(&sb, f > 0 ? ".inf" : "-.inf");
			else
				go_format_float(&sb, f, 'g', -1);
		} else {
			number_text(&sb, json_real_value(v));
		}
		emit_scalar(e, sb.buf, sb.len, S_PLAIN);
		break;
	case JSON_TRUE: emit_scalar(e, "true", 4, S_PLAIN); break;
	case JSON_FALSE: emit_scalar(e, "false", 5, S_PLAIN); break;
	case JSON_NULL: emit_scalar(e, "null", 4, S_PLAIN); break;
	}
	strbuf_release(&sb);
}

static void emit_doc(struct strbuf *out, json_t *v, int v3)
{
	struct em e = { 0 };
	e.out = out;
	e.best_width = v3 ? INT_MAX : 80;
	e.v3 = v3;
	e.indent = -1;
	e.whitespace = 1;
	e.indention = 1;
	if (!v) {
		strbuf_addstr(out, "null\n");
		return;
	}
	emit_node(&e, v, 1, 0, 0, 0);
	/* document end: write_indent */
	e.indent = -1;
	write_indent(&e);
}

void yaml_emit(struct strbuf *out, json_t *v)
{
	emit_doc(out, v, 0);
}

void yaml_emit_v3(struct strbuf *out, json_t *v)
{
	emit_doc(out, v, 1);
}

/* Would go-yaml's reader reject the JSON text json.Marshal writes for s? Go's
 * encoder escapes C0 controls and U+2028/9 but leaves DEL, C1 controls (except
 * NEL) and U+FFFE/U+FFFF raw, which go-yaml refuses to read back. */
static int bad_for_reader(const char *s, size_t n)
{
	const unsigned char *v = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == 0x7f)
			return 1;
		if (v[i] == 0xc2 && i + 1 < n && v[i + 1] >= 0x80 && v[i + 1] <= 0x9f && v[i + 1] != 0x85)
			return 1;
		if (v[i] == 0xef && i + 2 < n && v[i + 1] == 0xbf && (v[i + 2] == 0xbe || v[i + 2] == 0xbf))
			return 1;
	}
	return 0;
}

/* The reader check above, over every string json.Marshal would write. */
static int check_tree(json_t *v, int depth)
{
	json_t *x;
	size_t i;
	if (depth > 20000)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING: return bad_for_reader(json_string_value(v), json_string_length(v));
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			if (check_tree(x, depth + 1))
				return 1;
		return 0;
	case JSON_OBJECT:
		for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it))
			if (bad_for_reader(json_object_iter_key(it), json_object_iter_key_len(it)) ||
			    check_tree(json_object_iter_value(it), depth + 1))
				return 1;
		return 0;
	default: return 0;
	}
}

static size_t count_nel(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0x85)
			c++;
	return c;
}

/* Characters (runes) of the quoted key as json.Marshal writes it. */
static size_t json_key_runes(const char *k)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *s = json_string(k);
	size_t n = 0;
	json_emit(&sb, s, JSON_OUT_COMPACT);
	for (size_t i = 0; i < sb.len; i++)
		if (((unsigned char)sb.buf[i] & 0xc0) != 0x80)
			n++;
	strbuf_release(&sb);
	json_decref(s);
	return n;
}

/* Byte order, as Go sorts map keys for json.Marshal. */
static int cmp_key_val(const void *a, const void *b)
{
	const struct key_val *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->k, y->k, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* go-yaml reads the JSON text back as flow YAML: a key is a simple key, which
 * may not span lines (a raw NEL is a line break) nor run past 1024 characters.
 * Walks the value in json.Marshal's order counting NELs, which are the only line
 * breaks in that text; the first bad key is reported at the line of its ':'. */
static int check_keys(json_t *v, size_t *nels, int depth)
{
	size_t i, n;
	json_t *x;
	switch (json_typeof(v)) {
	case JSON_STRING:
		*nels += count_nel(json_string_value(v), json_string_length(v));
		return 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			if (depth < 20000 && check_keys(x, nels, depth + 1))
				return 1;
		return 0;
	case JSON_OBJECT: {
		/* keys may hold NUL bytes: keep each key's length and value together
		 * rather than looking values up again by C string */
		n = json_object_size(v);
		struct key_val *kv = xmalloc((n + 1) * sizeof *kv);
		i = 0;
		for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
			kv[i].k = json_object_iter_key(it);
			kv[i].len = json_object_iter_key_len(it);
			kv[i].v = json_object_iter_value(it);
			i++;
		}
		qsort(kv, n, sizeof *kv, cmp_key_val);
		int bad = 0;
		for (i = 0; i < n && !bad; i++) {
			size_t kn = count_nel(kv[i].k, kv[i].len);
			*nels += kn;
			if (kn || json_key_runes(kv[i].k) > 1024)
				bad = 1;
			else if (depth < 20000)
				bad = check_keys(kv[i].v, nels, depth + 1);
		}
		free(kv);
		return bad;
	}
	default: return 0;
	}
}

int yaml_emit_checked(struct strbuf *out, json_t *v, struct kc_err *err)
{
	size_t line = 0;
	if (v && check_tree(v, 0))
		return kc_err_set(err, "yaml: control characters are not allowed");
	if (v && check_keys(v, &line, 0)) {
		if (line)
			return kc_err_set(err, "yaml: line %zu: did not find expected ',' or '}'", line);
		return kc_err_set(err, "yaml: did not find expected ',' or '}'");
	}
	yaml_emit(out, v);
	return 0;
}

void yaml_helm_to_yaml(struct strbuf *out, json_t *v)
{
	struct strbuf tmp = STRBUF_INIT;
	if (!yaml_emit_checked(&tmp, v, NULL)) {
		if (tmp.len && tmp.buf[tmp.len - 1] == '\n')
			strbuf_setlen(&tmp, tmp.len - 1);
		strbuf_addbuf(out, &tmp);
	}
	strbuf_release(&tmp);
}
