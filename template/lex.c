/* lex.c: Go's text/template lexer (parse/lex.go) as state functions.
 * The parser pulls items with lex_next(), which runs states until one is queued. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "template/internal.h"
#include "util/gostr.h"

#define EOF_RUNE (-1)

typedef struct lex_state st;
static const st ST_END = { NULL };

static st lex_text(struct lexer *l);
static st lex_left_delim(struct lexer *l);
static st lex_comment(struct lexer *l);
static st lex_right_delim(struct lexer *l);
static st lex_inside_action(struct lexer *l);
static st lex_space(struct lexer *l);
static st lex_identifier(struct lexer *l);
static st lex_field(struct lexer *l);
static st lex_variable(struct lexer *l);
static st lex_char(struct lexer *l);
static st lex_number(struct lexer *l);
static st lex_quote(struct lexer *l);
static st lex_raw_quote(struct lexer *l);
#define GO(f) ((st){ f })

size_t utf8_decode(const unsigned char *s, size_t n, int32_t *r)
{
	if (!n) {
		*r = 0xFFFD;
		return 0;
	}
	unsigned c = s[0];
	if (c < 0x80) {
		*r = (int32_t)c;
		return 1;
	}
	int w = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? (c < 0xF0 ? 3 : 0) : c >= 0xC2 ? 2 : 0;
	if (!w || (size_t)w > n)
		goto bad;
	int32_t v = (int32_t)(c & (0x7F >> w));
	for (int i = 1; i < w; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((w == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (w == 4 && (v < 0x10000 || v > 0x10FFFF)))
		goto bad;
	*r = v;
	return (size_t)w;
bad:
	*r = 0xFFFD;
	return 1;
}

void utf8_encode(struct strbuf *out, int32_t r)
{
	if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		r = 0xFFFD;
	if (r < 0x80) {
		strbuf_addch(out, r);
	} else if (r < 0x800) {
		strbuf_addch(out, 0xC0 | (r >> 6));
		strbuf_addch(out, 0x80 | (r & 0x3F));
	} else if (r < 0x10000) {
		strbuf_addch(out, 0xE0 | (r >> 12));
		strbuf_addch(out, 0x80 | ((r >> 6) & 0x3F));
		strbuf_addch(out, 0x80 | (r & 0x3F));
	} else {
		strbuf_addch(out, 0xF0 | (r >> 18));
		strbuf_addch(out, 0x80 | ((r >> 12) & 0x3F));
		strbuf_addch(out, 0x80 | ((r >> 6) & 0x3F));
		strbuf_addch(out, 0x80 | (r & 0x3F));
	}
}

static int32_t next(struct lexer *l)
{
	if (l->pos >= l->inlen) {
		l->at_eof = 1;
		return EOF_RUNE;
	}
	unsigned char c = (unsigned char)l->input[l->pos];
	if (c < 0x80) { /* ASCII: most of any template */
		l->pos++;
		if (c == '\n')
			l->line++;
		return c;
	}
	int32_t r;
	size_t w = utf8_decode((const unsigned char *)l->input + l->pos, l->inlen - l->pos, &r);
	l->pos += w;
	return r;
}

static void backup(struct lexer *l)
{
	if (!l->at_eof && l->pos > 0 && (unsigned char)l->input[l->pos - 1] < 0x80) {
		/* ASCII: one byte back */
		l->pos--;
		if (l->input[l->pos] == '\n')
			l->line--;
	} else if (!l->at_eof && l->pos > 0) {
		/* step back one rune */
		size_t p = l->pos - 1;
		while (p > 0 && ((unsigned char)l->input[p] & 0xC0) == 0x80 && l->pos - p < 4)
			p--;
		int32_t r;
		size_t w = utf8_decode((const unsigned char *)l->input + p, l->inlen - p, &r);
		if (p + w != l->pos) /* invalid sequence: one byte */
			p = l->pos - 1, r = (unsigned char)l->input[p];
		l->pos = p;
		if (r == '\n')
			l->line--;
	}
}

static int32_t peek(struct lexer *l)
{
	int32_t r = next(l);
	backup(l);
	return r;
}

static void push(struct lexer *l, struct item it)
{
	int i = (l->qhead + l->qlen) % LEX_QUEUE;
	l->q[i] = it;
	l->qlen++;
}

static void emit(struct lexer *l, enum item_type t)
{
	struct item it = { t, (int)l->start, l->input + l->start, l->pos - l->start, l->start_line };
	push(l, it);
	l->start = l->pos;
	l->start_line = l->line;
}

static int count_nl(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

static void ignore(struct lexer *l)
{
	l->line += count_nl(l->input + l->start, l->pos - l->start);
	l->start = l->pos;
	l->start_line = l->line;
}

static int accept(struct lexer *l, const char *valid)
{
	int32_t r = next(l);
	if (r > 0 && r < 128 && strchr(valid, (int)r))
		return 1;
	backup(l);
	return 0;
}

static void accept_run(struct lexer *l, const char *valid)
{
	for (;;) {
		int32_t r = next(l);
		if (!(r > 0 && r < 128 && strchr(valid, (int)r)))
			break;
	}
	backup(l);
}

static st errorf(struct lexer *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static st errorf(struct lexer *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->errbuf, sizeof l->errbuf, fmt, ap);
	va_end(ap);
	struct item it = { ITEM_ERROR, (int)l->start, l->errbuf, strlen(l->errbuf), l->start_line };
	push(l, it);
	return ST_END;
}

/* Go's %#U: U+0041 'A' */
static void fmt_U(char *buf, size_t n, int32_t r)
{
	if (r == EOF_RUNE) {
		snprintf(buf, n, "U+FFFFFFFFFFFFFFFF");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	utf8_encode(&sb, r);
	if (r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0))
		snprintf(buf, n, "U+%04X '%s'", (unsigned)r, sb.buf);
	else
		snprintf(buf, n, "U+%04X", (unsigned)r);
	strbuf_release(&sb);
}

void lex_init(struct lexer *l, const char *input, size_t len, const char *ld, const char *rd,
	      int break_ok, int continue_ok)
{
	memset(l, 0, sizeof(*l));
	l->input = input;
	l->inlen = len;
	l->ldelim = ld && *ld ? ld : "{{";
	l->rdelim = rd && *rd ? rd : "}}";
	l->ldlen = strlen(l->ldelim);
	l->rdlen = strlen(l->rdelim);
	l->break_ok = break_ok;
	l->continue_ok = continue_ok;
	l->line = l->start_line = 1;
	l->state = GO(lex_text);
}

struct item lex_next(struct lexer *l)
{
	while (!l->qlen) {
		if (!l->state.fn) {
			/* after EOF or error, Go's channel is closed: zero item (error, empty) */
			struct item it = { ITEM_EOF, (int)l->pos, l->input + l->pos, 0, l->line };
			return it;
		}
		l->state = l->state.fn(l);
	}
	struct item it = l->q[l->qhead];
	l->qhead = (l->qhead + 1) % LEX_QUEUE;
	l->qlen--;
	return it;
}

static int is_space(int32_t r)
{
	return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

static int is_alnum(int32_t r)
{
	if (r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
		return 1;
	/* Unicode letters and digits: approximated as every printable non-ASCII rune
	 * outside the common punctuation/symbol blocks. */
	if (r < 0x80)
		return 0;
	if (r == 0xFFFD || (r >= 0x2000 && r <= 0x2BFF) || (r >= 0x3000 && r <= 0x303F) ||
	    (r >= 0xA0 && r <= 0xBF) || r == 0xD7 || r == 0xF7 || (r >= 0xFE00 && r <= 0xFE6F) ||
	    (r >= 0xFF00 && r <= 0xFF0F) || (r >= 0x1F000 && r <= 0x1FAFF))
		return 0;
	return 1;
}

static int has_prefix(struct lexer *l, size_t at, const char *p, size_t n)
{
	return at <= l->inlen && l->inlen - at >= n && !memcmp(l->input + at, p, n);
}

static int has_left_trim(struct lexer *l, size_t at)
{
	return at + 2 <= l->inlen && l->input[at] == '-' && is_space((unsigned char)l->input[at + 1]);
}

static int has_right_trim(struct lexer *l, size_t at)
{
	return at + 2 <= l->inlen && is_space((unsigned char)l->input[at]) && l->input[at + 1] == '-';
}

/* lexText scans until an opening action delimiter, "{{". */
static st lex_text(struct lexer *l)
{
	const char *x = l->pos <= l->inlen ?
		memmem(l->input + l->pos, l->inlen - l->pos, l->ldelim, l->ldlen) : NULL;
	if (x) {
		l->pos = (size_t)(x - l->input);
		size_t trim = 0;
		if (has_left_trim(l, l->pos + l->ldlen)) {
			size_t e = l->pos;
			while (e > l->start && is_space((unsigned char)l->input[e - 1]))
				e--;
			trim = l->pos - e;
		}
		l->pos -= trim;
		if (l->pos > l->start) {
			l->line += count_nl(l->input + l->start, l->pos - l->start);
			emit(l, ITEM_TEXT);
		}
		l->pos += trim;
		ignore(l);
		return GO(lex_left_delim);
	}
	l->pos = l->inlen;
	if (l->pos > l->start) {
		l->line += count_nl(l->input + l->start, l->pos - l->start);
		emit(l, ITEM_TEXT);
	}
	emit(l, ITEM_EOF);
	return ST_END;
}

static int at_right_delim(struct lexer *l, int *trim)
{
	*trim = 0;
	if (has_right_trim(l, l->pos) && has_prefix(l, l->pos + 2, l->rdelim, l->rdlen)) {
		*trim = 1;
		return 1;
	}
	return has_prefix(l, l->pos, l->rdelim, l->rdlen);
}

/* lexLeftDelim scans the left delimiter, which is known to be present, possibly
 * with a trim marker. */
static st lex_left_delim(struct lexer *l)
{
	l->pos += l->ldlen;
	int trim = has_left_trim(l, l->pos);
	size_t after = trim ? 2 : 0;
	if (has_prefix(l, l->pos + after, "/*", 2)) {
		l->pos += after;
		ignore(l);
		return GO(lex_comment);
	}
	emit(l, ITEM_LEFT_DELIM);
	l->pos += after;
	ignore(l);
	l->paren_depth = 0;
	return GO(lex_inside_action);
}

/* lexComment scans a comment. The left comment marker is known to be present. */
static st lex_comment(struct lexer *l)
{
	l->pos += 2;
	const char *e = memmem(l->input + l->pos, l->inlen - l->pos, "*/", 2);
	if (!e)
		return errorf(l, "unclosed comment");
	l->pos = (size_t)(e - l->input) + 2;
	int trim;
	if (!at_right_delim(l, &trim))
		return errorf(l, "comment ends before closing delimiter");
	if (trim)
		l->pos += 2;
	l->pos += l->rdlen;
	if (trim)
		while (l->pos < l->inlen && is_space((unsigned char)l->input[l->pos]))
			l->pos++;
	ignore(l);
	return GO(lex_text);
}

/* lexRightDelim scans the right delimiter, which is known to be present. */
static st lex_right_delim(struct lexer *l)
{
	int trim = has_right_trim(l, l->pos);
	if (trim) {
		l->pos += 2;
		ignore(l);
	}
	l->pos += l->rdlen;
	emit(l, ITEM_RIGHT_DELIM);
	if (trim) {
		while (l->pos < l->inlen && is_space((unsigned char)l->input[l->pos]))
			l->pos++;
		ignore(l);
	}
	return GO(lex_text);
}

/* lexInsideAction scans the elements inside action delimiters. */
static st lex_inside_action(struct lexer *l)
{
	int trim;
	char ubuf[64];
	if (at_right_delim(l, &trim)) {
		if (l->paren_depth == 0)
			return GO(lex_right_delim);
		return errorf(l, "unclosed left paren");
	}
	int32_t r = next(l);
	if (r == EOF_RUNE)
		return errorf(l, "unclosed action");
	if (is_space(r)) {
		backup(l);
		return GO(lex_space);
	}
	switch (r) {
	case '=':
		emit(l, ITEM_ASSIGN);
		return GO(lex_inside_action);
	case ':':
		if (next(l) != '=')
			return errorf(l, "expected :=");
		emit(l, ITEM_DECLARE);
		return GO(lex_inside_action);
	case '|':
		emit(l, ITEM_PIPE);
		return GO(lex_inside_action);
	case '"':
		return GO(lex_quote);
	case '`':
		return GO(lex_raw_quote);
	case '$':
		return GO(lex_variable);
	case '\'':
		return GO(lex_char);
	case '.':
		if (l->pos < l->inlen) {
			char c = l->input[l->pos];
			if (c < '0' || c > '9')
				return GO(lex_field);
		}
		backup(l);
		return GO(lex_number);
	case '(':
		emit(l, ITEM_LEFT_PAREN);
		l->paren_depth++;
		return GO(lex_inside_action);
	case ')':
		emit(l, ITEM_RIGHT_PAREN);
		l->paren_depth--;
		if (l->paren_depth < 0) {
			fmt_U(ubuf, sizeof ubuf, r);
			return errorf(l, "unexpected right paren %s", ubuf);
		}
		return GO(lex_inside_action);
	}
	if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
		backup(l);
		return GO(lex_number);
	}
	if (is_alnum(r)) {
		backup(l);
		return GO(lex_identifier);
	}
	if (r < 0x80 && r >= 0x20 && r != 0x7F) {
		emit(l, ITEM_CHAR);
		return GO(lex_inside_action);
	}
	fmt_U(ubuf, sizeof ubuf, r);
	return errorf(l, "unrecognized character in action: %s", ubuf);
}

/* lexSpace scans a run of space characters. */
static st lex_space(struct lexer *l)
{
	int n = 0;
	/* peek/next over ASCII spaces, byte by byte (reaching the end is what
	 * peek's next at EOF records) */
	while (l->pos < l->inlen && is_space((unsigned char)l->input[l->pos])) {
		if (l->input[l->pos] == '\n')
			l->line++;
		l->pos++;
		n++;
	}
	if (l->pos >= l->inlen)
		l->at_eof = 1;
	if (has_right_trim(l, l->pos - 1) && has_prefix(l, l->pos + 1, l->rdelim, l->rdlen)) {
		backup(l);
		if (n == 1)
			return GO(lex_right_delim);
	}
	emit(l, ITEM_SPACE);
	return GO(lex_inside_action);
}

static int is_ascii_alnum(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* while (is_alnum(next(l))); backup(l); — ASCII bytes directly; returns the
 * rune that ended the run (EOF_RUNE at the end, which next records) */
static int32_t skip_alnum(struct lexer *l)
{
	for (;;) {
		while (l->pos < l->inlen && is_ascii_alnum((unsigned char)l->input[l->pos]))
			l->pos++;
		if (l->pos >= l->inlen) {
			l->at_eof = 1;
			return EOF_RUNE;
		}
		if ((unsigned char)l->input[l->pos] < 0x80)
			return (unsigned char)l->input[l->pos];
		int32_t r = next(l);
		if (!is_alnum(r)) {
			backup(l);
			return r;
		}
	}
}

static int at_terminator(struct lexer *l)
{
	if (l->pos >= l->inlen) {
		l->at_eof = 1; /* peek's next at EOF */
		return 1;
	}
	int32_t r = (unsigned char)l->input[l->pos];
	if (r >= 0x80)
		r = peek(l);
	if (is_space(r))
		return 1;
	switch (r) {
	case EOF_RUNE: case '.': case ',': case '|': case ':': case ')': case '(':
		return 1;
	}
	return has_prefix(l, l->pos, l->rdelim, l->rdlen);
}

static const struct { const char *w; enum item_type t; } keywords[] = {
	{ ".", ITEM_DOT }, { "block", ITEM_BLOCK }, { "break", ITEM_BREAK },
	{ "continue", ITEM_CONTINUE }, { "define", ITEM_DEFINE }, { "else", ITEM_ELSE },
	{ "end", ITEM_END }, { "if", ITEM_IF }, { "range", ITEM_RANGE }, { "nil", ITEM_NIL },
	{ "template", ITEM_TEMPLATE }, { "with", ITEM_WITH },
};

/* lexIdentifier scans an alphanumeric. */
static st lex_identifier(struct lexer *l)
{
	int32_t r;
	char ubuf[64];
	r = skip_alnum(l);
	const char *w = l->input + l->start;
	size_t n = l->pos - l->start;
	if (!at_terminator(l)) {
		fmt_U(ubuf, sizeof ubuf, r);
		return errorf(l, "bad character %s", ubuf);
	}
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (strlen(keywords[i].w) == n && !memcmp(keywords[i].w, w, n)) {
			enum item_type t = keywords[i].t;
			if ((t == ITEM_BREAK && !l->break_ok) || (t == ITEM_CONTINUE && !l->continue_ok))
				emit(l, ITEM_IDENTIFIER);
			else
				emit(l, t);
			return GO(lex_inside_action);
		}
	}
	if (w[0] == '.')
		emit(l, ITEM_FIELD);
	else if ((n == 4 && !memcmp(w, "true", 4)) || (n == 5 && !memcmp(w, "false", 5)))
		emit(l, ITEM_BOOL);
	else
		emit(l, ITEM_IDENTIFIER);
	return GO(lex_inside_action);
}

static st lex_field_or_variable(struct lexer *l, enum item_type typ)
{
	char ubuf[64];
	if (at_terminator(l)) {
		emit(l, typ == ITEM_VARIABLE ? ITEM_VARIABLE : ITEM_DOT);
		return GO(lex_inside_action);
	}
	int32_t r = skip_alnum(l);
	if (!at_terminator(l)) {
		fmt_U(ubuf, sizeof ubuf, r);
		return errorf(l, "bad character %s", ubuf);
	}
	emit(l, typ);
	return GO(lex_inside_action);
}

/* lexField scans a field: .Alphanumeric. */
static st lex_field(struct lexer *l)
{
	return lex_field_or_variable(l, ITEM_FIELD);
}

/* lexVariable scans a Variable: $Alphanumeric. */
static st lex_variable(struct lexer *l)
{
	if (at_terminator(l)) {
		emit(l, ITEM_VARIABLE);
		return GO(lex_inside_action);
	}
	return lex_field_or_variable(l, ITEM_VARIABLE);
}

/* lexChar scans a character constant. */
static st lex_char(struct lexer *l)
{
	for (;;) {
		int32_t r = next(l);
		if (r == '\\') {
			r = next(l);
			if (r != EOF_RUNE && r != '\n')
				continue;
		}
		if (r == EOF_RUNE || r == '\n')
			return errorf(l, "unterminated character constant");
		if (r == '\'')
			break;
	}
	emit(l, ITEM_CHAR_CONSTANT);
	return GO(lex_inside_action);
}

static int scan_number(struct lexer *l)
{
	accept(l, "+-");
	const char *digits = "0123456789_";
	if (accept(l, "0")) {
		if (accept(l, "xX"))
			digits = "0123456789abcdefABCDEF_";
		else if (accept(l, "oO"))
			digits = "01234567_";
		else if (accept(l, "bB"))
			digits = "01_";
	}
	accept_run(l, digits);
	if (accept(l, "."))
		accept_run(l, digits);
	if (strlen(digits) == 11 && accept(l, "eE")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	if (strlen(digits) == 23 && accept(l, "pP")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	accept(l, "i");
	if (is_alnum(peek(l))) {
		next(l);
		return 0;
	}
	return 1;
}

static st bad_number(struct lexer *l)
{
	struct strbuf sb = STRBUF_INIT;
	go_quote(&sb, l->input + l->start, l->pos - l->start);
	st s = errorf(l, "bad number syntax: %s", sb.buf);
	strbuf_release(&sb);
	return s;
}

/* lexNumber scans a number: decimal, octal, hex, float, or imaginary. */
static st lex_number(struct lexer *l)
{
	if (!scan_number(l))
		return bad_number(l);
	int32_t sign = peek(l);
	if (sign == '+' || sign == '-') {
		if (!scan_number(l) || l->input[l->pos - 1] != 'i')
			return bad_number(l);
		emit(l, ITEM_COMPLEX);
	} else {
		emit(l, ITEM_NUMBER);
	}
	return GO(lex_inside_action);
}

/* lexQuote scans a quoted string. */
static st lex_quote(struct lexer *l)
{
	for (;;) {
		int32_t r = next(l);
		if (r == '\\') {
			r = next(l);
			if (r != EOF_RUNE && r != '\n')
				continue;
		}
		if (r == EOF_RUNE || r == '\n')
			return errorf(l, "unterminated quoted string");
		if (r == '"')
			break;
	}
	emit(l, ITEM_STRING);
	return GO(lex_inside_action);
}

/* lexRawQuote scans a raw quoted string. */
static st lex_raw_quote(struct lexer *l)
{
	for (;;) {
		int32_t r = next(l);
		if (r == EOF_RUNE)
			return errorf(l, "unterminated raw quoted string");
		if (r == '`')
			break;
	}
	emit(l, ITEM_RAW_STRING);
	return GO(lex_inside_action);
}
