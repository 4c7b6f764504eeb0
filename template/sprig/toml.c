/* toml.c: Helm's fromToml — BurntSushi/toml v1.2.0 (with the EOF-line fix helmref
 * carries) decoding into map[string]interface {}: its state-function lexer
 * (items pulled one at a time, so an error surfaces with the parser's state of
 * that moment: "toml: line N (last key \"k\"): ..."), its parser with implicit
 * tables and its quirks (a dotted key over an implicit table is accepted, an
 * array value may be redefined). Values: int64, float64, bool, string,
 * time.Time (local forms in zones "datetime-local", "date-local",
 * "time-local"), []interface {}, map[string]interface {}, and
 * []map[string]interface {} for arrays of tables. */
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "template/sprig/sprig.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"
#include "util/strvec.h"

struct tv *sprig_time_new(const struct gotime *t);

static const struct tv_type type_maplist = {
	.name = "[]map[string]interface {}", .kind = TV_LIST, .kind_name = "slice",
	.elem = &tv_type_map,
};

enum it_type {
	I_ERROR, I_EOF, I_TEXT, I_STRING, I_RAWSTRING, I_MLSTRING, I_RAWMLSTRING, I_BOOL,
	I_INTEGER, I_FLOAT, I_DATETIME, I_ARRAY, I_ARRAYEND, I_TABLESTART, I_TABLEEND,
	I_ARRAYTABLESTART, I_ARRAYTABLEEND, I_KEYSTART, I_KEYEND, I_COMMENTSTART,
	I_INLINESTART, I_INLINEEND,
};

struct item {
	enum it_type typ;
	int line;
	char *val;
	size_t len;
};

#define TEOF 0 /* BurntSushi's eof rune is 0 */
#define RUNE_ERROR 0xFFFD

struct lx;
typedef struct st {
	struct st (*f)(struct lx *);
} st;
#define S(fn) ((st){ fn })
#define SNIL ((st){ NULL })

struct lx {
	const char *in;
	size_t n, start, pos;
	int line;
	int at_eof;
	int prevw[4], nprev;
	st state;
	st *stack;
	size_t nstack, capstack;
	struct item **items; /* each item its own allocation: pointers stay valid */
	size_t nitems, capitems, head;
	long steps;
};

static void push_item(struct lx *l, enum it_type t, int line, const char *v, size_t n)
{
	if (l->nitems == l->capitems) {
		l->capitems = l->capitems ? 2 * l->capitems : 16;
		l->items = xrealloc(l->items, l->capitems * sizeof(*l->items));
	}
	struct item *it = xmalloc(sizeof(*it));
	l->items[l->nitems++] = it;
	it->typ = t;
	it->line = line;
	it->val = xstrndup(v, n);
	it->len = n;
}

static st lx_error(struct lx *l, const char *msg);

static void emit(struct lx *l, enum it_type t)
{
	if (l->start > l->pos) { /* backed up over a bad byte (Go checks this too) */
		char b[64];
		snprintf(b, sizeof b, "invalid UTF-8 byte: 0x%02x", (unsigned char)l->in[l->pos]);
		lx_error(l, b);
		return;
	}
	push_item(l, t, l->line, l->in + l->start, l->pos - l->start);
	l->start = l->pos;
}

static void emit_trim(struct lx *l, enum it_type t)
{
	size_t a = l->start, b = l->pos;
	if (a > b)
		a = b;
	while (a < b && strchr(" \t\n\r\v\f", l->in[a]))
		a++;
	while (b > a && strchr(" \t\n\r\v\f", l->in[b - 1]))
		b--;
	push_item(l, t, l->line, l->in + a, b - a);
	l->start = l->pos;
}

static st lx_error_msg(struct lx *l, int line, const char *msg)
{
	push_item(l, I_ERROR, line, msg, strlen(msg));
	return SNIL;
}

static st error_prevline(struct lx *l, const char *msg)
{
	return lx_error_msg(l, l->line - 1, msg);
}

/* lexer.error */
static st lx_error(struct lx *l, const char *msg)
{
	if (l->at_eof)
		return error_prevline(l, msg);
	return lx_error_msg(l, l->line, msg);
}

/* lexer.errorf */
static st errorf(struct lx *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static st errorf(struct lx *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	int line = l->line;
	if (l->at_eof && l->pos >= 1 && l->in[l->pos - 1] == '\n')
		line--;
	lx_error_msg(l, line, sb.buf);
	strbuf_release(&sb);
	return SNIL;
}

static int decode_rune(const char *s, size_t n, int *w)
{
	const unsigned char *u = (const unsigned char *)s;
	*w = 1;
	if (u[0] < 0x80)
		return u[0];
	int need = u[0] >= 0xF0 && u[0] < 0xF5 ? 3 : u[0] >= 0xE0 && u[0] < 0xF0 ? 2 : u[0] >= 0xC2 && u[0] < 0xE0 ? 1 : -1;
	if (need < 0 || (size_t)need >= n)
		return RUNE_ERROR;
	int r = u[0] & (0x3F >> need);
	for (int i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return RUNE_ERROR;
		r = (r << 6) | (u[i] & 0x3F);
	}
	if ((need == 1 && r < 0x80) || (need == 2 && (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF))) ||
	    (need == 3 && (r < 0x10000 || r > 0x10FFFF)))
		return RUNE_ERROR;
	if (r == RUNE_ERROR)
		return -2; /* a real U+FFFD */
	*w = need + 1;
	return r;
}

static int is_control(int r)
{
	if (r == '\t' || r == '\r' || r == '\n')
		return 0;
	return (r >= 0 && r <= 0x1f) || r == 0x7f;
}

static int lnext(struct lx *l)
{
	if (l->pos >= l->n) {
		l->at_eof = 1;
		return TEOF;
	}
	if (l->in[l->pos] == '\n')
		l->line++;
	l->prevw[3] = l->prevw[2];
	l->prevw[2] = l->prevw[1];
	l->prevw[1] = l->prevw[0];
	if (l->nprev < 4)
		l->nprev++;
	int w;
	int r = decode_rune(l->in + l->pos, l->n - l->pos, &w);
	if (r == -2) {
		r = RUNE_ERROR;
	} else if (r == RUNE_ERROR) {
		char b[64];
		snprintf(b, sizeof b, "invalid UTF-8 byte: 0x%02x", (unsigned char)l->in[l->pos]);
		lx_error(l, b);
		return RUNE_ERROR;
	}
	if (is_control(r) || (r == '\r' && (l->n - 1 == l->pos || l->in[l->pos + 1] != '\n'))) {
		char b[80];
		snprintf(b, sizeof b, "TOML files cannot contain control characters: '0x%02x'", r);
		lx_error_msg(l, l->line, b);
		return RUNE_ERROR;
	}
	l->prevw[0] = w;
	l->pos += (size_t)w;
	return r;
}

static void lbackup(struct lx *l)
{
	if (l->at_eof) {
		l->at_eof = 0;
		return;
	}
	if (l->nprev < 1)
		return;
	int w = l->prevw[0];
	l->prevw[0] = l->prevw[1];
	l->prevw[1] = l->prevw[2];
	l->prevw[2] = l->prevw[3];
	l->nprev--;
	l->pos -= (size_t)w;
	if (l->pos < l->n && l->in[l->pos] == '\n')
		l->line--;
}

static int accept(struct lx *l, int want)
{
	if (lnext(l) == want)
		return 1;
	lbackup(l);
	return 0;
}

static int peek(struct lx *l)
{
	int r = lnext(l);
	lbackup(l);
	return r;
}

static void ignore(struct lx *l)
{
	l->start = l->pos;
}

static int is_ws(int r) { return r == '\t' || r == ' '; }
static int is_nl(int r) { return r == '\n' || r == '\r'; }
static int is_digit(int r) { return r >= '0' && r <= '9'; }
static int is_hex(int r) { return is_digit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F'); }
static int is_bare(int r)
{
	return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || is_digit(r) || r == '_' || r == '-';
}

static void skip_ws(struct lx *l)
{
	for (;;) {
		int r = lnext(l);
		if (is_ws(r))
			continue;
		lbackup(l);
		ignore(l);
		return;
	}
}

static void push_state(struct lx *l, st s)
{
	if (l->nstack == l->capstack) {
		l->capstack = l->capstack ? 2 * l->capstack : 16;
		l->stack = xrealloc(l->stack, l->capstack * sizeof(*l->stack));
	}
	l->stack[l->nstack++] = s;
}

static st pop_state(struct lx *l)
{
	if (!l->nstack)
		return errorf(l, "BUG in lexer: no states to pop");
	return l->stack[--l->nstack];
}

/* %q of a rune as Go's fmt prints it (EOF is -1: '\uffff'... Go prints
 * %!q(int32=-1)). */
static void qrune(struct strbuf *sb, int r)
{
	if (r < 0) {
		strbuf_addstr(sb, "%!q(int32=-1)");
		return;
	}
	char buf[8];
	size_t n = 0;
	if (r < 0x80) {
		buf[n++] = (char)r;
	} else if (r < 0x800) {
		buf[n++] = (char)(0xC0 | (r >> 6));
		buf[n++] = (char)(0x80 | (r & 0x3F));
	} else if (r < 0x10000) {
		buf[n++] = (char)(0xE0 | (r >> 12));
		buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F));
		buf[n++] = (char)(0x80 | (r & 0x3F));
	} else {
		buf[n++] = (char)(0xF0 | (r >> 18));
		buf[n++] = (char)(0x80 | ((r >> 12) & 0x3F));
		buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F));
		buf[n++] = (char)(0x80 | (r & 0x3F));
	}
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, buf, n);
	/* rune quoting: ' instead of ", \' escaped, \" not */
	strbuf_addch(sb, '\'');
	for (size_t i = 1; i + 1 < q.len; i++) {
		if (q.buf[i] == '\\' && q.buf[i + 1] == '"') {
			strbuf_addch(sb, '"');
			i++;
		} else if (q.buf[i] == '\'') {
			strbuf_addstr(sb, "\\'");
		} else {
			strbuf_addch(sb, q.buf[i]);
		}
	}
	strbuf_addch(sb, '\'');
	strbuf_release(&q);
}

static st errorf_rune(struct lx *l, const char *pre, int r, const char *post)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, pre);
	qrune(&sb, r);
	strbuf_addstr(&sb, post);
	errorf(l, "%s", sb.buf);
	strbuf_release(&sb);
	return SNIL;
}

static st errorf_q(struct lx *l, const char *pre, const char *s, size_t n, const char *post)
{
	struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
	go_quote(&q, s, n);
	strbuf_addf(&sb, "%s%s%s", pre, q.buf, post);
	errorf(l, "%s", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&q);
	return SNIL;
}

static st lex_top(struct lx *l);
static st lex_top_end(struct lx *l);
static st lex_table_name_start(struct lx *l);
static st lex_table_name_end(struct lx *l);
static st lex_key_start(struct lx *l);
static st lex_key_name_start(struct lx *l);
static st lex_key_end(struct lx *l);
static st lex_value(struct lx *l);
static st lex_array_value(struct lx *l);
static st lex_array_value_end(struct lx *l);
static st lex_inline_value(struct lx *l);
static st lex_inline_value_end(struct lx *l);
static st lex_string(struct lx *l);
static st lex_ml_string(struct lx *l);
static st lex_raw_string(struct lx *l);
static st lex_ml_raw_string(struct lx *l);
static st lex_string_escape(struct lx *l);
static st lex_comment_start(struct lx *l);
static st lex_bare_name(struct lx *l);
static st lex_quoted_name(struct lx *l);

static st lex_top(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r) || is_nl(r)) {
		ignore(l);
		return S(lex_top);
	}
	if (r == '#') {
		push_state(l, S(lex_top));
		return S(lex_comment_start);
	}
	if (r == '[') {
		if (peek(l) == '[') {
			lnext(l);
			emit(l, I_ARRAYTABLESTART);
			push_state(l, SNIL); /* marker: the table end (lex_table_end) */
		} else {
			emit(l, I_TABLESTART);
			push_state(l, SNIL);
		}
		return S(lex_table_name_start);
	}
	if (r == TEOF) {
		if (l->pos > l->start)
			return errorf(l, "unexpected EOF");
		emit(l, I_EOF);
		return SNIL;
	}
	lbackup(l);
	push_state(l, S(lex_top_end));
	return S(lex_key_start);
}

static st lex_top_end(struct lx *l)
{
	int r = lnext(l);
	if (r == '#') {
		push_state(l, S(lex_top));
		return S(lex_comment_start);
	}
	if (is_ws(r))
		return S(lex_top_end);
	if (is_nl(r)) {
		ignore(l);
		return S(lex_top);
	}
	if (r == TEOF) {
		emit(l, I_EOF);
		return SNIL;
	}
	return errorf_rune(l, "expected a top-level item to end with a newline, comment, or EOF, but got ", r,
			   " instead");
}

/* The table-name states end in lexTableEnd / lexArrayTableEnd: kept as the
 * kind of the last table-start item. */
static int last_table_is_array(struct lx *l)
{
	for (size_t i = l->nitems; i-- > 0;) {
		if (l->items[i]->typ == I_ARRAYTABLESTART)
			return 1;
		if (l->items[i]->typ == I_TABLESTART)
			return 0;
	}
	return 0;
}

static st lex_table_end(struct lx *l)
{
	if (last_table_is_array(l)) {
		int r = lnext(l);
		if (r != ']')
			return errorf_rune(l, "expected end of table array name delimiter ']', but got ", r, " instead");
		emit(l, I_ARRAYTABLEEND);
		return S(lex_top_end);
	}
	emit(l, I_TABLEEND);
	return S(lex_top_end);
}

static st lex_table_name_start(struct lx *l)
{
	skip_ws(l);
	int r = peek(l);
	if (r == ']' || r == TEOF)
		return errorf(l, "unexpected end of table name (table names cannot be empty)");
	if (r == '.')
		return errorf(l, "unexpected table separator (table names cannot be empty)");
	push_state(l, S(lex_table_name_end));
	if (r == '"' || r == '\'') {
		ignore(l);
		return S(lex_quoted_name);
	}
	return S(lex_bare_name);
}

static st lex_table_name_end(struct lx *l)
{
	skip_ws(l);
	int r = lnext(l);
	if (is_ws(r))
		return S(lex_table_name_end);
	if (r == '.') {
		ignore(l);
		return S(lex_table_name_start);
	}
	if (r == ']') {
		st s = pop_state(l); /* the end marker */
		(void)s;
		return S(lex_table_end);
	}
	return errorf_rune(l, "expected '.' or ']' to end table name, but got ", r, " instead");
}

static st lex_bare_name(struct lx *l)
{
	int r = lnext(l);
	if (is_bare(r))
		return S(lex_bare_name);
	lbackup(l);
	emit(l, I_TEXT);
	return pop_state(l);
}

static st lex_quoted_name(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r)) {
		ignore(l);
		return S(lex_value);
	}
	if (r == '"') {
		ignore(l);
		return S(lex_string);
	}
	if (r == '\'') {
		ignore(l);
		return S(lex_raw_string);
	}
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected value");
	return errorf_rune(l, "expected value but found ", r, " instead");
}

static st lex_key_start(struct lx *l)
{
	skip_ws(l);
	int r = peek(l);
	if (r == '=' || r == TEOF)
		return errorf(l, "unexpected '=': key name appears blank");
	if (r == '.')
		return errorf(l, "unexpected '.': keys cannot start with a '.'");
	if (r == '"' || r == '\'')
		ignore(l);
	emit(l, I_KEYSTART);
	return S(lex_key_name_start);
}

static st lex_key_name_start(struct lx *l)
{
	skip_ws(l);
	int r = peek(l);
	if (r == '=' || r == TEOF)
		return errorf(l, "unexpected '='");
	if (r == '.')
		return errorf(l, "unexpected '.'");
	push_state(l, S(lex_key_end));
	if (r == '"' || r == '\'') {
		ignore(l);
		return S(lex_quoted_name);
	}
	return S(lex_bare_name);
}

static st lex_key_end(struct lx *l)
{
	skip_ws(l);
	int r = lnext(l);
	if (is_ws(r)) {
		ignore(l);
		return S(lex_key_end);
	}
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected key separator '='");
	if (r == '.') {
		ignore(l);
		return S(lex_key_name_start);
	}
	if (r == '=') {
		emit(l, I_KEYEND);
		ignore(l);
		return S(lex_value);
	}
	return errorf_rune(l, "expected '.' or '=', but got ", r, " instead");
}

static st lex_number_or_date_start(struct lx *l);
static st lex_decimal_number_start(struct lx *l);
static st lex_bool(struct lx *l);

static int is_letter(int r)
{
	if (r < 0)
		return 0;
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	return go_isletter((uint32_t)r);
}

static st lex_value(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r)) {
		ignore(l);
		return S(lex_value);
	}
	if (is_digit(r)) {
		lbackup(l);
		return S(lex_number_or_date_start);
	}
	switch (r) {
	case '[':
		ignore(l);
		emit(l, I_ARRAY);
		return S(lex_array_value);
	case '{':
		ignore(l);
		emit(l, I_INLINESTART);
		return S(lex_inline_value);
	case '"':
		if (accept(l, '"')) {
			if (accept(l, '"')) {
				ignore(l);
				return S(lex_ml_string);
			}
			lbackup(l);
		}
		ignore(l);
		return S(lex_string);
	case '\'':
		if (accept(l, '\'')) {
			if (accept(l, '\'')) {
				ignore(l);
				return S(lex_ml_raw_string);
			}
			lbackup(l);
		}
		ignore(l);
		return S(lex_raw_string);
	case '.':
		return errorf(l, "floats must start with a digit, not '.'");
	case 'i':
	case 'n':
		if ((accept(l, 'n') && accept(l, 'f')) || (accept(l, 'a') && accept(l, 'n'))) {
			emit(l, I_FLOAT);
			return pop_state(l);
		}
		break;
	case '-':
	case '+':
		return S(lex_decimal_number_start);
	}
	if (is_letter(r)) {
		lbackup(l);
		return S(lex_bool);
	}
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected value");
	return errorf_rune(l, "expected value but found ", r, " instead");
}

static st lex_array_end(struct lx *l)
{
	ignore(l);
	emit(l, I_ARRAYEND);
	return pop_state(l);
}

static st lex_array_value(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r) || is_nl(r)) {
		ignore(l);
		return S(lex_array_value);
	}
	if (r == '#') {
		push_state(l, S(lex_array_value));
		return S(lex_comment_start);
	}
	if (r == ',')
		return errorf(l, "unexpected comma");
	if (r == ']')
		return S(lex_array_end);
	lbackup(l);
	push_state(l, S(lex_array_value_end));
	return S(lex_value);
}

static st lex_array_value_end(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r) || is_nl(r)) {
		ignore(l);
		return S(lex_array_value_end);
	}
	if (r == '#') {
		push_state(l, S(lex_array_value_end));
		return S(lex_comment_start);
	}
	if (r == ',') {
		ignore(l);
		return S(lex_array_value);
	}
	if (r == ']')
		return S(lex_array_end);
	if (r == TEOF)
		return errorf(l, "expected a comma (',') or array terminator (']'), but got end of file");
	struct strbuf sb = STRBUF_INIT;
	int w;
	(void)decode_rune(l->in + l->pos - (size_t)l->prevw[0], (size_t)l->prevw[0], &w);
	strbuf_addstr(&sb, "expected a comma (',') or array terminator (']'), but got '");
	strbuf_add(&sb, l->in + l->pos - (size_t)l->prevw[0], (size_t)l->prevw[0]);
	strbuf_addch(&sb, '\'');
	errorf(l, "%s", sb.buf);
	strbuf_release(&sb);
	return SNIL;
}

static st lex_inline_end(struct lx *l)
{
	ignore(l);
	emit(l, I_INLINEEND);
	return pop_state(l);
}

static st lex_inline_value(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r)) {
		ignore(l);
		return S(lex_inline_value);
	}
	if (is_nl(r))
		return error_prevline(l, "newlines not allowed within inline tables");
	if (r == '#') {
		push_state(l, S(lex_inline_value));
		return S(lex_comment_start);
	}
	if (r == ',')
		return errorf(l, "unexpected comma");
	if (r == '}')
		return S(lex_inline_end);
	lbackup(l);
	push_state(l, S(lex_inline_value_end));
	return S(lex_key_start);
}

static st lex_inline_value_end(struct lx *l)
{
	int r = lnext(l);
	if (is_ws(r)) {
		ignore(l);
		return S(lex_inline_value_end);
	}
	if (is_nl(r))
		return error_prevline(l, "newlines not allowed within inline tables");
	if (r == '#') {
		push_state(l, S(lex_inline_value_end));
		return S(lex_comment_start);
	}
	if (r == ',') {
		ignore(l);
		skip_ws(l);
		if (peek(l) == '}')
			return errorf(l, "trailing comma not allowed in inline tables");
		return S(lex_inline_value);
	}
	if (r == '}')
		return S(lex_inline_end);
	if (r == TEOF)
		return errorf(l, "expected a comma or an inline table terminator '}', but got end of file instead");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "expected a comma or an inline table terminator '}', but got '");
	strbuf_add(&sb, l->in + l->pos - (size_t)l->prevw[0], (size_t)l->prevw[0]);
	strbuf_addstr(&sb, "' instead");
	errorf(l, "%s", sb.buf);
	strbuf_release(&sb);
	return SNIL;
}

static st lex_string(struct lx *l)
{
	int r = lnext(l);
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected '\"'");
	if (is_nl(r))
		return error_prevline(l, "strings cannot contain newlines");
	if (r == '\\') {
		push_state(l, S(lex_string));
		return S(lex_string_escape);
	}
	if (r == '"') {
		lbackup(l);
		emit(l, I_STRING);
		lnext(l);
		ignore(l);
		return pop_state(l);
	}
	return S(lex_string);
}

static int has_suffix(struct lx *l, const char *suf)
{
	size_t k = strlen(suf), len = l->pos - l->start;
	return len >= k && !memcmp(l->in + l->pos - k, suf, k);
}

static st lex_ml_string_escape(struct lx *l);

static st lex_ml_string(struct lx *l)
{
	int r = lnext(l);
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected '\"\"\"'");
	if (r == '\\')
		return S(lex_ml_string_escape);
	if (r == '"') {
		if (accept(l, '"')) {
			if (accept(l, '"')) {
				if (peek(l) == '"') {
					if (has_suffix(l, "\"\"\"\"\"") && !has_suffix(l, "\\\"\"\"\"\""))
						return errorf(l, "unexpected '\"\"\"\"\"\"'");
					lbackup(l);
					lbackup(l);
					return S(lex_ml_string);
				}
				lbackup(l);
				lbackup(l);
				lbackup(l);
				emit(l, I_MLSTRING);
				lnext(l);
				lnext(l);
				lnext(l);
				ignore(l);
				return pop_state(l);
			}
			lbackup(l);
		}
	}
	return S(lex_ml_string);
}

static st lex_raw_string(struct lx *l)
{
	int r = lnext(l);
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected \"'\"");
	if (is_nl(r))
		return error_prevline(l, "strings cannot contain newlines");
	if (r == '\'') {
		lbackup(l);
		emit(l, I_RAWSTRING);
		lnext(l);
		ignore(l);
		return pop_state(l);
	}
	return S(lex_raw_string);
}

static st lex_ml_raw_string(struct lx *l)
{
	int r = lnext(l);
	if (r == TEOF)
		return errorf(l, "unexpected EOF; expected \"'''\"");
	if (r == '\'') {
		if (accept(l, '\'')) {
			if (accept(l, '\'')) {
				if (peek(l) == '\'') {
					if (has_suffix(l, "'''''"))
						return errorf(l, "unexpected \"''''''\"");
					lbackup(l);
					lbackup(l);
					return S(lex_ml_raw_string);
				}
				lbackup(l);
				lbackup(l);
				lbackup(l);
				emit(l, I_RAWMLSTRING);
				lnext(l);
				lnext(l);
				lnext(l);
				ignore(l);
				return pop_state(l);
			}
			lbackup(l);
		}
	}
	return S(lex_ml_raw_string);
}

static st lex_ml_string_escape(struct lx *l)
{
	if (is_nl(lnext(l)))
		return S(lex_ml_string);
	lbackup(l);
	push_state(l, S(lex_ml_string));
	return lex_string_escape(l);
}

static st lex_unicode_escape(struct lx *l, int ndig)
{
	for (int i = 0; i < ndig; i++) {
		int r = lnext(l);
		if (!is_hex(r))
			return errorf_q(l, ndig == 4 ? "expected four hexadecimal digits after '\\u', but got "
						     : "expected eight hexadecimal digits after '\\U', but got ",
					l->in + l->start, l->pos - l->start, " instead");
	}
	return pop_state(l);
}

static st lex_short_unicode(struct lx *l)
{
	return lex_unicode_escape(l, 4);
}

static st lex_long_unicode(struct lx *l)
{
	return lex_unicode_escape(l, 8);
}

static st lex_string_escape(struct lx *l)
{
	int r = lnext(l);
	switch (r) {
	case 'b': case 't': case 'n': case 'f': case 'r': case '"': case ' ': case '\t': case '\\':
		return pop_state(l);
	case 'u':
		return S(lex_short_unicode);
	case 'U':
		return S(lex_long_unicode);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "invalid escape in string '\\");
	if (r == TEOF) {
		strbuf_addch(&sb, 0);
	} else if (l->prevw[0] && l->pos >= (size_t)l->prevw[0]) {
		if (r == RUNE_ERROR)
			strbuf_addstr(&sb, "\xef\xbf\xbd");
		else
			strbuf_add(&sb, l->in + l->pos - (size_t)l->prevw[0], (size_t)l->prevw[0]);
	}
	strbuf_addch(&sb, '\'');
	lx_error(l, sb.buf);
	strbuf_release(&sb);
	return SNIL;
}

static st lex_datetime(struct lx *l)
{
	int r = lnext(l);
	if (is_digit(r))
		return S(lex_datetime);
	if (r >= 0 && strchr("-:Tt .Zz+", r) && r)
		return S(lex_datetime);
	lbackup(l);
	emit_trim(l, I_DATETIME);
	return pop_state(l);
}

static st lex_float(struct lx *l)
{
	int r = lnext(l);
	if (is_digit(r))
		return S(lex_float);
	if (r >= 0 && r && strchr("_.-+eE", r))
		return S(lex_float);
	lbackup(l);
	emit(l, I_FLOAT);
	return pop_state(l);
}

static st lex_decimal_number(struct lx *l)
{
	int r = lnext(l);
	if (is_digit(r))
		return S(lex_decimal_number);
	if (r == '.' || r == 'e' || r == 'E')
		return S(lex_float);
	if (r == '_')
		return S(lex_decimal_number);
	lbackup(l);
	emit(l, I_INTEGER);
	return pop_state(l);
}

static st lex_number_or_date(struct lx *l)
{
	int r = lnext(l);
	if (is_digit(r))
		return S(lex_number_or_date);
	switch (r) {
	case '-':
	case ':':
		return S(lex_datetime);
	case '_':
		return S(lex_decimal_number);
	case '.':
	case 'e':
	case 'E':
		return S(lex_float);
	}
	lbackup(l);
	emit(l, I_INTEGER);
	return pop_state(l);
}

static int base_ok(int base, int r)
{
	return base == 2 ? (r == '0' || r == '1') : base == 8 ? (r >= '0' && r <= '7') : is_hex(r);
}

static int cur_base;
static st lex_base_integer(struct lx *l)
{
	int r = lnext(l);
	if (base_ok(cur_base, r) || r == '_')
		return S(lex_base_integer);
	lbackup(l);
	emit(l, I_INTEGER);
	return pop_state(l);
}

static st lex_base_number_or_date(struct lx *l)
{
	int r = lnext(l);
	if (is_digit(r))
		return S(lex_number_or_date);
	switch (r) {
	case '_':
		return S(lex_decimal_number);
	case '.':
	case 'e':
	case 'E':
		return S(lex_float);
	case 'b':
	case 'o':
	case 'x': {
		int base = r == 'b' ? 2 : r == 'o' ? 8 : 16;
		int p = peek(l);
		if (!base_ok(base, p)) {
			/* Go emits the error and carries on lexing */
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s '", base == 2 ? "not a binary number:" : base == 8 ? "not an octal number:"
										: "not a hexidecimal number:");
			strbuf_add(&sb, l->in + l->start, l->pos - l->start);
			if (p == TEOF) {
				strbuf_addch(&sb, 0);
			} else if (p == RUNE_ERROR) {
				strbuf_addstr(&sb, "\xef\xbf\xbd");
			} else {
				int w;
				decode_rune(l->in + l->pos, l->n - l->pos, &w);
				strbuf_add(&sb, l->in + l->pos, (size_t)w);
			}
			strbuf_addch(&sb, '\'');
			errorf(l, "%s", sb.buf);
			strbuf_release(&sb);
		}
		cur_base = base;
		return S(lex_base_integer);
	}
	}
	lbackup(l);
	emit(l, I_INTEGER);
	return pop_state(l);
}

static st lex_number_or_date_start(struct lx *l)
{
	int r = lnext(l);
	if (r == '0')
		return S(lex_base_number_or_date);
	if (!is_digit(r))
		return errorf_rune(l, "expected a digit but got ", r, "");
	return S(lex_number_or_date);
}

static st lex_decimal_number_start(struct lx *l)
{
	int r = lnext(l);
	switch (r) {
	case 'i':
		if (!accept(l, 'n') || !accept(l, 'f'))
			return errorf(l, "invalid float: '%.*s'", (int)(l->pos - l->start), l->in + l->start);
		emit(l, I_FLOAT);
		return pop_state(l);
	case 'n':
		if (!accept(l, 'a') || !accept(l, 'n'))
			return errorf(l, "invalid float: '%.*s'", (int)(l->pos - l->start), l->in + l->start);
		emit(l, I_FLOAT);
		return pop_state(l);
	case '0': {
		int p = peek(l);
		if (p == 'b' || p == 'o' || p == 'x')
			return errorf(l, "cannot use sign with non-decimal numbers: '%.*s%c'", (int)(l->pos - l->start),
				      l->in + l->start, p);
		break;
	}
	case '.':
		return errorf(l, "floats must start with a digit, not '.'");
	}
	if (is_digit(r))
		return S(lex_decimal_number);
	return errorf_rune(l, "expected a digit but got ", r, "");
}

static st lex_bool(struct lx *l)
{
	struct strbuf s = STRBUF_INIT;
	for (;;) {
		size_t at = l->pos;
		int r = lnext(l);
		if (!is_letter(r)) {
			lbackup(l);
			break;
		}
		strbuf_add(&s, l->in + at, l->pos - at);
	}
	if (!strcmp(s.buf, "true") || !strcmp(s.buf, "false")) {
		strbuf_release(&s);
		emit(l, I_BOOL);
		return pop_state(l);
	}
	errorf_q(l, "expected value but found ", s.buf, s.len, " instead");
	strbuf_release(&s);
	return SNIL;
}

static st lex_comment(struct lx *l)
{
	int r = lnext(l);
	if (is_nl(r) || r == TEOF) {
		lbackup(l);
		emit(l, I_TEXT);
		return pop_state(l);
	}
	return S(lex_comment);
}

static st lex_comment_start(struct lx *l)
{
	ignore(l);
	emit(l, I_COMMENTSTART);
	return S(lex_comment);
}

/* nextItem: run states until an item is queued. */
static struct item *next_item(struct lx *l)
{
	while (l->head >= l->nitems) {
		if (!l->state.f) {
			/* after EOF or an error: Go would block; report EOF */
			push_item(l, I_EOF, l->line, "", 0);
			break;
		}
		l->state = l->state.f(l);
	}
	return l->items[l->head++];
}

/* ---- parser ---- */

struct parser {
	struct lx lx;
	struct tv *mapping;
	struct strvec context;   /* p.context */
	char *current_key;       /* p.currentKey ("" = none) */
	struct strvec implicits; /* Key.String() of implicit tables */
	struct strvec arrays;    /* Key.String() whose keyInfo type is array */
	struct strvec others;    /* the rest of keyInfo (a later type replaces) */
	int pos_line;            /* p.pos.Line */
	/* what a failure (longjmp) must free: values and key lists under construction */
	struct cl { int kind; void *ptr; } *cl;
	size_t ncl, capcl;
	struct strbuf err;
	jmp_buf jb;
};

static void key_quoted(struct strbuf *sb, const char *k)
{
	int bare = *k != 0;
	for (const char *c = k; *c; c++)
		if (!is_bare((unsigned char)*c))
			bare = 0;
	if (bare) {
		strbuf_addstr(sb, k);
		return;
	}
	/* dblQuotedReplacer: \" \\ and control characters */
	strbuf_addch(sb, '"');
	for (const char *c = k; *c; c++) {
		unsigned char u = (unsigned char)*c;
		switch (u) {
		case '"': strbuf_addstr(sb, "\\\""); break;
		case '\\': strbuf_addstr(sb, "\\\\"); break;
		case '\b': strbuf_addstr(sb, "\\b"); break;
		case '\t': strbuf_addstr(sb, "\\t"); break;
		case '\n': strbuf_addstr(sb, "\\n"); break;
		case '\f': strbuf_addstr(sb, "\\f"); break;
		case '\r': strbuf_addstr(sb, "\\r"); break;
		default:
			if (u < 0x20 || u == 0x7f)
				strbuf_addf(sb, "\\u%04X", u);
			else
				strbuf_addch(sb, (char)u);
		}
	}
	strbuf_addch(sb, '"');
}

static void key_string(struct strbuf *sb, const struct strvec *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, '.');
		key_quoted(sb, k->v[i]);
	}
}

static void current(struct parser *p, struct strbuf *sb)
{
	if (!*p->current_key) {
		key_string(sb, &p->context, p->context.nr);
		return;
	}
	if (!p->context.nr) {
		strbuf_addstr(sb, p->current_key);
		return;
	}
	key_string(sb, &p->context, p->context.nr);
	strbuf_addf(sb, ".%s", p->current_key);
}

static void __attribute__((noreturn)) fail_at(struct parser *p, int line, const char *msg)
{
	struct strbuf lk = STRBUF_INIT;
	current(p, &lk);
	if (!lk.len) {
		strbuf_addf(&p->err, "toml: line %d: %s", line, msg);
	} else {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, lk.buf, lk.len);
		strbuf_addf(&p->err, "toml: line %d (last key %s): %s", line, q.buf, msg);
		strbuf_release(&q);
	}
	strbuf_release(&lk);
	longjmp(p->jb, 1);
}

enum { CL_TV, CL_SV, CL_STR };

static void *cl_push(struct parser *p, int kind, void *ptr)
{
	if (p->ncl == p->capcl) {
		p->capcl = p->capcl ? 2 * p->capcl : 16;
		p->cl = xrealloc(p->cl, p->capcl * sizeof(*p->cl));
	}
	p->cl[p->ncl].kind = kind;
	p->cl[p->ncl++].ptr = ptr;
	return ptr;
}

static void cl_pop(struct parser *p, void *ptr)
{
	for (size_t i = p->ncl; i-- > 0;)
		if (p->cl[i].ptr == ptr) {
			memmove(&p->cl[i], &p->cl[i + 1], (p->ncl - i - 1) * sizeof(*p->cl));
			p->ncl--;
			return;
		}
}

static void cl_free_all(struct parser *p)
{
	while (p->ncl) {
		struct cl c = p->cl[--p->ncl];
		if (c.kind == CL_TV) {
			tv_decref(c.ptr);
		} else if (c.kind == CL_SV) {
			strvec_clear(c.ptr);
			free(c.ptr);
		} else {
			free(c.ptr);
		}
	}
	free(p->cl);
}

static struct strvec *sv_new(struct parser *p)
{
	struct strvec *v = xcalloc(1, sizeof(*v));
	strvec_init(v);
	return cl_push(p, CL_SV, v);
}

static void sv_free(struct parser *p, struct strvec *v)
{
	cl_pop(p, v);
	strvec_clear(v);
	free(v);
}

static struct item *pnext(struct parser *p)
{
	struct item *it = next_item(&p->lx);
	if (it->typ == I_ERROR)
		fail_at(p, it->line, it->val);
	return it;
}

static int sv_has(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

static void sv_del(struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s)) {
			free(v->v[i]);
			memmove(&v->v[i], &v->v[i + 1], (v->nr - i - 1) * sizeof(*v->v));
			v->nr--;
			v->v[v->nr] = NULL;
			return;
		}
}

static char *keystr(const struct strvec *k, size_t n, const char *extra)
{
	struct strbuf sb = STRBUF_INIT;
	key_string(&sb, k, n);
	if (extra) {
		struct strvec one = STRVEC_INIT;
		strvec_push(&one, extra);
		if (n)
			strbuf_addch(&sb, '.');
		key_quoted(&sb, extra);
		strvec_clear(&one);
	}
	return strbuf_detach(&sb, NULL);
}

static void set_implicit(struct parser *p, const struct strvec *k, size_t n, int on)
{
	char *s = keystr(k, n, NULL);
	if (on) {
		if (!sv_has(&p->implicits, s))
			strvec_push(&p->implicits, s);
	} else {
		sv_del(&p->implicits, s);
	}
	free(s);
}

static struct tv *last_map(struct tv *v)
{
	if (v->kind == TV_LIST && v->type == &type_maplist)
		return v->u.list.items[v->u.list.len - 1];
	if (v->kind == TV_MAP)
		return v;
	return NULL;
}

/* setValue */
static void set_value(struct parser *p, const char *key, struct tv *value /* taken */)
{
	struct tv *hash = p->mapping;
	struct strvec kc = STRVEC_INIT;
	for (size_t i = 0; i < p->context.nr; i++) {
		strvec_push(&kc, p->context.v[i]);
		struct tv *t = tv_map_get(hash, p->context.v[i]);
		struct tv *m = t ? last_map(t) : NULL;
		if (!m) {
			tv_decref(value);
			struct strbuf msg = STRBUF_INIT, ks = STRBUF_INIT;
			key_string(&ks, &kc, kc.nr);
			strbuf_addf(&msg, "Key '%s' has already been defined.", ks.buf);
			strbuf_release(&ks);
			strvec_clear(&kc);
			char tmp[512];
			snprintf(tmp, sizeof tmp, "%s", msg.buf);
			strbuf_release(&msg);
			fail_at(p, p->pos_line, tmp);
		}
		hash = m;
	}
	strvec_push(&kc, key);
	if (tv_map_get(hash, key)) {
		char *ks = keystr(&kc, kc.nr, NULL);
		if (sv_has(&p->arrays, ks)) {
			sv_del(&p->implicits, ks);
			tv_map_set_take(hash, key, value);
			free(ks);
			strvec_clear(&kc);
			return;
		}
		if (sv_has(&p->implicits, ks)) {
			sv_del(&p->implicits, ks);
			tv_decref(value);
			free(ks);
			strvec_clear(&kc);
			return;
		}
		tv_decref(value);
		char tmp[512];
		snprintf(tmp, sizeof tmp, "Key '%s' has already been defined.", ks);
		free(ks);
		strvec_clear(&kc);
		fail_at(p, p->pos_line, tmp);
	}
	tv_map_set_take(hash, key, value);
	strvec_clear(&kc);
}

/* setType (only "is it an array" matters) */
static void set_type(struct parser *p, const char *key, int is_array)
{
	char *ks;
	if (!p->context.nr && !*key)
		ks = xstrdup("\"\"");
	else
		ks = keystr(&p->context, p->context.nr, *key ? key : NULL);
	sv_del(&p->arrays, ks);
	if (is_array)
		strvec_push(&p->arrays, ks);
	free(ks);
}

/* addContext */
static void add_context(struct parser *p, const struct strvec *key, int array)
{
	struct tv *hash = p->mapping;
	struct strvec kc = STRVEC_INIT;
	for (size_t i = 0; i + 1 < key->nr; i++) {
		const char *k = key->v[i];
		strvec_push(&kc, k);
		if (!tv_map_get(hash, k)) {
			set_implicit(p, &kc, kc.nr, 1);
			tv_map_set_take(hash, k, tv_map_new(NULL));
		}
		struct tv *m = last_map(tv_map_get(hash, k));
		if (!m) {
			char *ks = keystr(&kc, kc.nr, NULL);
			char tmp[512];
			snprintf(tmp, sizeof tmp, "Key '%s' was already created as a hash.", ks);
			free(ks);
			strvec_clear(&kc);
			fail_at(p, p->pos_line, tmp);
		}
		hash = m;
	}
	strvec_clear(&p->context);
	for (size_t i = 0; i < kc.nr; i++)
		strvec_push(&p->context, kc.v[i]);
	strvec_clear(&kc);
	const char *last = key->v[key->nr - 1];
	if (array) {
		struct tv *cur = tv_map_get(hash, last);
		if (!cur) {
			tv_map_set_take(hash, last, tv_list_new(&type_maplist));
			cur = tv_map_get(hash, last);
		}
		if (cur->kind == TV_LIST && cur->type == &type_maplist) {
			tv_list_append_take(cur, tv_map_new(NULL));
		} else {
			char *ks = keystr(key, key->nr, NULL);
			char tmp[512];
			snprintf(tmp, sizeof tmp, "Key '%s' was already created and cannot be used as an array.", ks);
			free(ks);
			fail_at(p, p->pos_line, tmp);
		}
	} else {
		set_value(p, last, tv_map_new(NULL));
	}
	strvec_push(&p->context, last);
}

static void add_implicit_context(struct parser *p, const struct strvec *key)
{
	set_implicit(p, key, key->nr, 1);
	add_context(p, key, 0);
}

static struct tv *value(struct parser *p, struct item *it, int parent_is_array, int *is_array);

static char *key_part(struct parser *p, struct item *it)
{
	if (it->typ == I_TEXT)
		return xstrdup(it->val);
	int dummy;
	struct tv *v = value(p, it, 0, &dummy);
	char *s = xstrndup(v->u.str.s, v->u.str.len);
	tv_decref(v);
	return s;
}

static void set_current_key(struct parser *p, const char *k)
{
	free(p->current_key);
	p->current_key = xstrdup(k);
}

/* key parts up to the end item; returns them in key */
static void read_key(struct parser *p, struct strvec *key, enum it_type end, int set_pos)
{
	struct item *k = pnext(p);
	if (set_pos)
		p->pos_line = k->line;
	for (; k->typ != end && k->typ != I_EOF; k = pnext(p)) {
		char *s = key_part(p, k);
		strvec_push(key, s);
		free(s);
	}
}

static void copy_sv(struct strvec *dst, const struct strvec *src)
{
	strvec_clear(dst);
	for (size_t i = 0; i < src->nr; i++)
		strvec_push(dst, src->v[i]);
}

static void dotted_prefix(struct parser *p, const struct strvec *key)
{
	for (size_t i = 0; i + 1 < key->nr; i++) {
		struct strvec *c = sv_new(p);
		copy_sv(c, &p->context);
		strvec_push(c, key->v[i]);
		add_implicit_context(p, c);
		sv_free(p, c);
	}
}

static void set(struct parser *p, const char *key, struct tv *val, int is_array)
{
	set_value(p, key, val);
	set_type(p, key, is_array);
}

static void parse_fail_item(struct parser *p, struct item *it, const char *fmt, const char *arg)
{
	struct strbuf q = STRBUF_INIT;
	char tmp[1024];
	go_quote(&q, arg, strlen(arg));
	snprintf(tmp, sizeof tmp, fmt, q.buf);
	strbuf_release(&q);
	fail_at(p, it->line, tmp);
}

static int under_ok(const char *s)
{
	if (!strcmp(s, "nan") || !strcmp(s, "+nan") || !strcmp(s, "-nan") || !strcmp(s, "inf") ||
	    !strcmp(s, "-inf") || !strcmp(s, "+inf"))
		return 1;
	int accept_ = 0;
	for (const char *c = s; *c; c++) {
		if (*c == '_' && !accept_)
			return 0;
		accept_ = is_hex((unsigned char)*c);
	}
	return accept_;
}

static int leading_zero(const char *s)
{
	size_t n = strlen(s);
	if (n > 1 && s[0] == '0' && !(s[1] == 'b' || s[1] == 'o' || s[1] == 'x'))
		return 1;
	if (n > 2 && (s[0] == '-' || s[0] == '+') && s[1] == '0')
		return 1;
	return 0;
}

static struct tv *value_integer(struct parser *p, struct item *it)
{
	if (!under_ok(it->val))
		parse_fail_item(p, it, "Invalid integer %s: underscores must be surrounded by digits", it->val);
	if (leading_zero(it->val))
		parse_fail_item(p, it, "Invalid integer %s: cannot have leading zeroes", it->val);
	long long v;
	int rc = go_parse_int(it->val, 0, 64, &v);
	if (rc == -2) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%s is out of range for int64", it->val);
		fail_at(p, it->line, tmp);
	} else if (rc) {
		fail_at(p, it->line, "BUG: Expected integer value");
	}
	return tv_int64((int64_t)v);
}

static struct tv *value_float(struct parser *p, struct item *it)
{
	/* parts split at . e E */
	struct strvec parts = STRVEC_INIT;
	const char *s = it->val, *a = s;
	for (const char *c = s;; c++) {
		if (!*c || *c == '.' || *c == 'e' || *c == 'E') {
			if (c > a)
				strvec_pushf(&parts, "%.*s", (int)(c - a), a);
			if (!*c)
				break;
			a = c + 1;
		}
	}
	for (size_t i = 0; i < parts.nr; i++)
		if (!under_ok(parts.v[i])) {
			strvec_clear(&parts);
			parse_fail_item(p, it, "Invalid float %s: underscores must be surrounded by digits", it->val);
		}
	if (parts.nr && leading_zero(parts.v[0])) {
		strvec_clear(&parts);
		parse_fail_item(p, it, "Invalid float %s: cannot have leading zeroes", it->val);
	}
	strvec_clear(&parts);
	int period = 0;
	for (const char *c = s; *c; c++) {
		if (period && !is_digit((unsigned char)*c))
			parse_fail_item(p, it, "Invalid float %s: '.' must be followed by one or more digits", it->val);
		period = *c == '.';
	}
	if (period)
		parse_fail_item(p, it, "Invalid float %s: '.' must be followed by one or more digits", it->val);
	struct strbuf v = STRBUF_INIT;
	for (const char *c = s; *c; c++)
		if (*c != '_')
			strbuf_addch(&v, *c);
	if (!strcmp(v.buf, "+nan") || !strcmp(v.buf, "-nan"))
		strbuf_reset(&v), strbuf_addstr(&v, "nan");
	double f;
	int rc = go_parse_float(v.buf, &f);
	strbuf_release(&v);
	if (rc == -2) { /* range */
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%s is out of range for float64", it->val);
		fail_at(p, it->line, tmp);
	} else if (rc) {
		parse_fail_item(p, it, "Invalid float value: %s", it->val);
	}
	return tv_float(f);
}

static struct tv *value_datetime(struct parser *p, struct item *it)
{
	struct strbuf v = STRBUF_INIT;
	for (const char *c = it->val; *c; c++)
		strbuf_addch(&v, *c == 'z' ? 'Z' : (*c == 't' || *c == ' ') ? 'T' : *c);
	static const struct {
		const char *layout, *zone;
	} dt[] = {
		{ "2006-01-02T15:04:05.999999999Z07:00", NULL },
		{ "2006-01-02T15:04:05.999999999", "datetime-local" },
		{ "2006-01-02", "date-local" },
		{ "15:04:05.999999999", "time-local" },
	};
	for (size_t i = 0; i < 4; i++) {
		struct gotime t;
		struct strbuf e = STRBUF_INIT;
		int rc;
		if (!dt[i].zone) {
			rc = gotime_parse(dt[i].layout, v.buf, &t, &e);
		} else {
			/* ParseInLocation(layout, s, FixedZone(zone, 0)) */
			struct strbuf l2 = STRBUF_INIT, v2 = STRBUF_INIT;
			strbuf_addf(&l2, "%sZ07:00", dt[i].layout);
			strbuf_addf(&v2, "%sZ", v.buf);
			rc = strchr(v.buf, 'Z') || strchr(v.buf, '+') ? -1 : gotime_parse(l2.buf, v2.buf, &t, &e);
			strbuf_release(&l2);
			strbuf_release(&v2);
			if (!rc) {
				t.loc = GOTIME_FIXED;
				snprintf(t.zone, sizeof t.zone, "%s", dt[i].zone);
				t.fixed_off = 0;
			}
		}
		strbuf_release(&e);
		if (!rc) {
			strbuf_release(&v);
			return sprig_time_new(&t);
		}
	}
	char tmp[512];
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, v.buf, v.len);
	snprintf(tmp, sizeof tmp, "Invalid TOML Datetime: %s.", q.buf);
	strbuf_release(&q);
	strbuf_release(&v);
	fail_at(p, it->line, tmp);
}

static void enc_rune(struct strbuf *sb, uint32_t r)
{
	utf8_enc(sb, r);
}

static struct tv *replace_escapes(struct parser *p, struct item *it, const char *s, size_t n)
{
	struct strbuf o = STRBUF_INIT;
	for (size_t i = 0; i < n;) {
		if (s[i] != '\\') {
			int w;
			int r = decode_rune(s + i, n - i, &w);
			if (r == RUNE_ERROR || r == -2)
				strbuf_addstr(&o, "\xef\xbf\xbd");
			else
				strbuf_add(&o, s + i, (size_t)w);
			i += (size_t)w;
			continue;
		}
		i++;
		if (i >= n)
			break;
		switch (s[i]) {
		case ' ':
		case '\t': {
			char tmp[64];
			snprintf(tmp, sizeof tmp, "invalid escape: '\\%c'", s[i]);
			strbuf_release(&o);
			fail_at(p, it->line, tmp);
		}
		case 'b': strbuf_addch(&o, '\b'); i++; break;
		case 't': strbuf_addch(&o, '\t'); i++; break;
		case 'n': strbuf_addch(&o, '\n'); i++; break;
		case 'f': strbuf_addch(&o, '\f'); i++; break;
		case 'r': strbuf_addch(&o, '\r'); i++; break;
		case '"': strbuf_addch(&o, '"'); i++; break;
		case '\\': strbuf_addch(&o, '\\'); i++; break;
		case 'u':
		case 'U': {
			size_t k = s[i] == 'u' ? 4 : 8;
			char hex[9];
			memcpy(hex, s + i + 1, k);
			hex[k] = 0;
			unsigned long r = strtoul(hex, NULL, 16);
			if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
				char tmp[64];
				snprintf(tmp, sizeof tmp, "Escaped character '\\u%s' is not valid UTF-8.", hex);
				strbuf_release(&o);
				fail_at(p, it->line, tmp);
			}
			enc_rune(&o, (uint32_t)r);
			i += k + 1;
			break;
		}
		default:
			i++;
		}
	}
	return tv_str_buf(&o);
}

static const char *strip_first_nl(const char *s, size_t *n)
{
	if (*n > 0 && s[0] == '\n') {
		(*n)--;
		return s + 1;
	}
	if (*n > 1 && s[0] == '\r' && s[1] == '\n') {
		*n -= 2;
		return s + 2;
	}
	return s;
}

/* stripEscapedNewlines */
static void strip_escaped_newlines(struct parser *p, const char *s, size_t n, struct strbuf *out)
{
	struct strvec split = STRVEC_INIT;
	for (size_t a = 0;;) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t e = nl ? (size_t)(nl - s) : n;
		strvec_pushf(&split, "%.*s", (int)(e - a), s + a);
		if (!nl)
			break;
		a = e + 1;
	}
	int esc_nl = 0;
	for (size_t i = 0; i < split.nr; i++) {
		char *line = xstrdup(split.v[i]);
		size_t ll = strlen(line);
		while (ll && strchr(" \t\r", line[ll - 1]))
			line[--ll] = 0;
		if (!ll || line[ll - 1] != '\\') {
			size_t sl = strlen(split.v[i]);
			while (sl && split.v[i][sl - 1] == '\r')
				split.v[i][--sl] = 0;
			if (!esc_nl && i != split.nr - 1) {
				char *t = xasprintf("%s\n", split.v[i]);
				free(split.v[i]);
				split.v[i] = t;
			}
			free(line);
			continue;
		}
		int esc_bs = 1;
		for (size_t j = ll; j-- > 0 && line[j] == '\\';)
			esc_bs = !esc_bs;
		if (esc_nl) {
			size_t k = 0;
			while (line[k] && strchr(" \t\r", line[k]))
				k++;
			memmove(line, line + k, strlen(line + k) + 1);
			ll = strlen(line);
		}
		esc_nl = !esc_bs;
		if (esc_bs) {
			char *t = xasprintf("%s\n", split.v[i]);
			free(split.v[i]);
			split.v[i] = t;
			free(line);
			continue;
		}
		if (i == split.nr - 1) {
			free(line);
			strvec_clear(&split);
			fail_at(p, p->pos_line, "invalid escape: '\\ '");
		}
		line[ll - 1] = 0;
		free(split.v[i]);
		split.v[i] = line;
		if (split.nr - 1 > i) {
			size_t k = 0;
			char *nx = split.v[i + 1];
			while (nx[k] && strchr(" \t\r", nx[k]))
				k++;
			memmove(nx, nx + k, strlen(nx + k) + 1);
		}
	}
	for (size_t i = 0; i < split.nr; i++)
		strbuf_addstr(out, split.v[i]);
	strvec_clear(&split);
}

static struct tv *value_array(struct parser *p, struct item *it, int *is_array);
static struct tv *value_inline(struct parser *p, struct item *it, int parent_is_array);

static struct tv *value(struct parser *p, struct item *it, int parent_is_array, int *is_array)
{
	*is_array = 0;
	switch (it->typ) {
	case I_STRING: return replace_escapes(p, it, it->val, it->len);
	case I_MLSTRING: {
		struct strbuf sb = STRBUF_INIT;
		strip_escaped_newlines(p, it->val, it->len, &sb);
		size_t n = sb.len;
		char *buf = cl_push(p, CL_STR, strbuf_detach(&sb, NULL));
		const char *s = strip_first_nl(buf, &n);
		struct tv *v = replace_escapes(p, it, s, n);
		cl_pop(p, buf);
		free(buf);
		return v;
	}
	case I_RAWSTRING: return tv_strn(it->val, it->len);
	case I_RAWMLSTRING: {
		size_t n = it->len;
		const char *s = strip_first_nl(it->val, &n);
		return tv_strn(s, n);
	}
	case I_INTEGER: return value_integer(p, it);
	case I_FLOAT: return value_float(p, it);
	case I_BOOL: return tv_bool(!strcmp(it->val, "true"));
	case I_DATETIME: return value_datetime(p, it);
	case I_ARRAY: return value_array(p, it, is_array);
	case I_INLINESTART: return value_inline(p, it, parent_is_array);
	default: fail_at(p, it->line, "unexpected item");
	}
}

/* A value under construction is kept in p->pending so that a longjmp out of a
 * nested value frees it. */
static struct tv *value_array(struct parser *p, struct item *it, int *is_array)
{
	set_type(p, p->current_key, 1);
	*is_array = 1;
	struct tv *arr = cl_push(p, CL_TV, tv_list_new(NULL));
	for (it = pnext(p); it->typ != I_ARRAYEND; it = pnext(p)) {
		if (it->typ == I_COMMENTSTART) {
			pnext(p);
			continue;
		}
		if (it->typ == I_EOF)
			fail_at(p, it->line, "unexpected EOF");
		int ia;
		tv_list_append_take(arr, value(p, it, 1, &ia));
	}
	cl_pop(p, arr);
	return arr;
}

static struct tv *value_inline(struct parser *p, struct item *it, int parent_is_array)
{
	struct tv *hash = cl_push(p, CL_TV, tv_map_new(NULL));
	struct strvec *outer = sv_new(p), *prev = sv_new(p);
	char *outer_key = cl_push(p, CL_STR, xstrdup(p->current_key));
	copy_sv(outer, &p->context);
	strvec_push(&p->context, p->current_key);
	copy_sv(prev, &p->context);
	set_current_key(p, "");
	set_implicit(p, &p->context, p->context.nr, 1);
	struct strvec *c = sv_new(p);
	copy_sv(c, &p->context);
	add_context(p, c, parent_is_array);
	sv_free(p, c);
	for (it = pnext(p); it->typ != I_INLINEEND; it = pnext(p)) {
		if (it->typ == I_COMMENTSTART) {
			pnext(p);
			continue;
		}
		if (it->typ == I_EOF)
			fail_at(p, it->line, "unexpected EOF");
		struct strvec *key = sv_new(p);
		read_key(p, key, I_KEYEND, 1);
		if (!key->nr)
			fail_at(p, it->line, "empty key");
		set_current_key(p, key->v[key->nr - 1]);
		dotted_prefix(p, key);
		sv_free(p, key);
		int ia;
		struct item *vi = pnext(p);
		struct tv *val = cl_push(p, CL_TV, value(p, vi, 0, &ia));
		int save = p->pos_line;
		p->pos_line = it->line;
		tv_incref(val);
		set(p, p->current_key, val, ia);
		p->pos_line = save;
		cl_pop(p, val);
		tv_map_set_take(hash, p->current_key, val);
		copy_sv(&p->context, prev);
	}
	copy_sv(&p->context, outer);
	set_current_key(p, outer_key);
	cl_pop(p, outer_key);
	free(outer_key);
	sv_free(p, outer);
	sv_free(p, prev);
	cl_pop(p, hash);
	return hash;
}

static void top_level(struct parser *p, struct item *it)
{
	switch (it->typ) {
	case I_COMMENTSTART:
		pnext(p);
		return;
	case I_TABLESTART:
	case I_ARRAYTABLESTART: {
		int array = it->typ == I_ARRAYTABLESTART;
		struct strvec *key = sv_new(p);
		read_key(p, key, array ? I_ARRAYTABLEEND : I_TABLEEND, 1);
		if (!key->nr)
			fail_at(p, it->line, "empty table name");
		add_context(p, key, array);
		sv_free(p, key);
		set_type(p, "", 0);
		return;
	}
	case I_KEYSTART: {
		struct strvec *outer = sv_new(p), *key = sv_new(p);
		copy_sv(outer, &p->context);
		read_key(p, key, I_KEYEND, 1);
		if (!key->nr)
			fail_at(p, it->line, "empty key");
		set_current_key(p, key->v[key->nr - 1]);
		dotted_prefix(p, key);
		sv_free(p, key);
		struct item *vi = pnext(p);
		int ia;
		struct tv *val = value(p, vi, 0, &ia);
		set(p, p->current_key, val, ia);
		copy_sv(&p->context, outer);
		sv_free(p, outer);
		set_current_key(p, "");
		return;
	}
	default:
		fail_at(p, it->line, "unexpected item at top level");
	}
}
struct tv *helm_toml_decode(const char *s, size_t n, struct kc_err *err)
{
	struct parser *p = xcalloc(1, sizeof(*p));
	if (n >= 2 && ((s[0] == '\xff' && s[1] == '\xfe') || (s[0] == '\xfe' && s[1] == '\xff'))) {
		s += 2;
		n -= 2;
	}
	if (memchr(s, 0, n < 6 ? n : 6)) {
		free(p);
		kc_err_set(err, "toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8");
		return NULL;
	}
	p->lx.in = s;
	p->lx.n = n;
	p->lx.line = 1;
	p->lx.state = S(lex_top);
	p->mapping = tv_map_new(NULL);
	p->current_key = xstrdup("");
	strvec_init(&p->context);
	strvec_init(&p->implicits);
	strvec_init(&p->arrays);
	strvec_init(&p->others);
	strbuf_init(&p->err, 0);
	struct tv *volatile result = NULL;
	if (!setjmp(p->jb)) {
		for (;;) {
			struct item *it = pnext(p);
			if (it->typ == I_EOF)
				break;
			top_level(p, it);
		}
		result = p->mapping;
		p->mapping = NULL;
	} else {
		kc_err_set(err, "%s", p->err.buf);
	}
	cl_free_all(p);
	for (size_t i = 0; i < p->lx.nitems; i++) {
		free(p->lx.items[i]->val);
		free(p->lx.items[i]);
	}
	free(p->lx.items);
	free(p->lx.stack);
	tv_decref(p->mapping);
	free(p->current_key);
	strvec_clear(&p->context);
	strvec_clear(&p->implicits);
	strvec_clear(&p->arrays);
	strvec_clear(&p->others);
	strbuf_release(&p->err);
	free(p);
	return result;
}
