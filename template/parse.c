/* parse.c: Go's text/template parser (parse/parse.go), one function per grammar
 * rule, plus node_string (Go's Node.String) and the template-set bookkeeping. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/internal.h"
#include "util/gostr.h"

/* ---- arena ---- */
struct arena_blk {
	struct arena_blk *next;
	size_t used, cap;
	max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct arena_blk *b = a->head;
	if (!b || b->cap - b->used < n) {
		/* blocks double from 2 KiB to 64 KiB: small texts (tpl strings,
		 * helpers) stay small, big ones take few blocks */
		size_t cap = b ? (b->cap >= 32768 ? 65536 : 2 * b->cap) : 2048;
		if (cap < n)
			cap = n;
		b = xmalloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t oldn, size_t newn)
{
	size_t ro = (oldn + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	size_t rn = (newn + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct arena_blk *b = a->head;
	if (old && b && (char *)old + ro == (char *)b->data + b->used &&
	    b->cap - b->used >= rn - ro) {
		memset((char *)b->data + b->used, 0, rn - ro);
		b->used += rn - ro;
		return old;
	}
	void *p = arena_alloc(a, newn);
	if (oldn)
		memcpy(p, old, oldn);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_blk *n = a->head->next;
		free(a->head);
		a->head = n;
	}
}

void parse_unit_decref(struct parse_unit *u)
{
	if (!u || --u->refcnt)
		return;
	if (u->body)
		arena_release(&u->body->mat);
	arena_release(&u->arena);
	if (!u->text_borrowed)
		free(u->text);
	free(u);
}

/* ---- Go string literals ---- */

static int unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* strconv.UnquoteChar: one (possibly escaped) character of s; returns bytes
 * consumed or -1. Appends the value to out. */
static int unquote_char(struct strbuf *out, const char *s, size_t n, char quote)
{
	if (!n)
		return -1;
	unsigned char c = (unsigned char)s[0];
	if (c == (unsigned char)quote && (quote == '\'' || quote == '"'))
		return -1;
	if (c >= 0x80) {
		int32_t r;
		size_t w = utf8_decode((const unsigned char *)s, n, &r);
		strbuf_add(out, s, w);
		return (int)w;
	}
	if (c != '\\') {
		strbuf_addch(out, c);
		return 1;
	}
	if (n < 2)
		return -1;
	c = (unsigned char)s[1];
	switch (c) {
	case 'a': strbuf_addch(out, '\a'); return 2;
	case 'b': strbuf_addch(out, '\b'); return 2;
	case 'f': strbuf_addch(out, '\f'); return 2;
	case 'n': strbuf_addch(out, '\n'); return 2;
	case 'r': strbuf_addch(out, '\r'); return 2;
	case 't': strbuf_addch(out, '\t'); return 2;
	case 'v': strbuf_addch(out, '\v'); return 2;
	case '\\': strbuf_addch(out, '\\'); return 2;
	case '\'': case '"':
		if (c != (unsigned char)quote)
			return -1;
		strbuf_addch(out, c);
		return 2;
	case 'x': case 'u': case 'U': {
		int k = c == 'x' ? 2 : c == 'u' ? 4 : 8;
		if (n < (size_t)(2 + k))
			return -1;
		uint32_t v = 0;
		for (int i = 0; i < k; i++) {
			int d = unhex((unsigned char)s[2 + i]);
			if (d < 0)
				return -1;
			v = v << 4 | (uint32_t)d;
		}
		if (c == 'x') {
			strbuf_addch(out, (int)v);
			return 4;
		}
		if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return -1;
		utf8_encode(out, (int32_t)v);
		return 2 + k;
	}
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
		if (n < 4)
			return -1;
		int v = 0;
		for (int i = 1; i < 4; i++) {
			int d = s[i] - '0';
			if (d < 0 || d > 7)
				return -1;
			v = v * 8 + d;
		}
		if (v > 255)
			return -1;
		strbuf_addch(out, v);
		return 4;
	}
	}
	return -1;
}

int go_unquote(struct strbuf *out, const char *s, size_t len)
{
	if (len < 2 || s[0] != s[len - 1])
		return -1;
	char q = s[0];
	s++;
	len -= 2;
	if (q == '`') {
		if (memchr(s, '`', len))
			return -1;
		for (size_t i = 0; i < len; i++)
			if (s[i] != '\r')
				strbuf_addch(out, s[i]);
		return 0;
	}
	if (q != '"' && q != '\'')
		return -1;
	if (memchr(s, '\n', len))
		return -1;
	size_t i = 0;
	int nchars = 0;
	while (i < len) {
		int w = unquote_char(out, s + i, len - i, q);
		if (w < 0)
			return -1;
		i += (size_t)w;
		nchars++;
	}
	if (q == '\'' && nchars != 1)
		return -1;
	return 0;
}

/* ---- parser state ---- */

struct parser {
	struct tmpl *set;
	struct arena *ar;      /* the unit's: {{define}}/{{block}} trees, tree structs */
	struct arena *body_ar; /* the top-level tree's nodes (== ar unless lazy) */
	int body_only;         /* re-parse of a lazy body: register nothing */
	struct lexer *lex;
	const char *text;
	size_t textlen;
	const char *parse_name;
	jmp_buf jb;
	struct kc_err *err;
	int nesting; /* control structures open */
	/* trees of this parse (Go's treeSet) */
	struct tree **trees;
	int ntrees, captrees;
};

/* Per-tree state (Go's *Tree while parsing). */
struct pt {
	struct parser *p;
	struct arena *ar; /* this tree's nodes: the unit's, or the scratch body arena */
	struct tree *t;
	struct item token[3];
	int peek_count;
	const char **vars;
	int nvars, capvars;
	int action_line;
	int range_depth;
	int paren_depth; /* Go 1.26's stackDepth */
};

static void perrorf(struct pt *t, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void perrorf(struct pt *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	strbuf_addf(&sb, "template: %s:%d: ", t->p->parse_name, t->token[0].line);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	kc_err_raw(t->p->err, "%s", sb.buf);
	strbuf_release(&sb);
	longjmp(t->p->jb, 1);
}

static struct item pnext(struct pt *t)
{
	if (t->peek_count > 0)
		t->peek_count--;
	else
		t->token[0] = lex_next(t->p->lex);
	return t->token[t->peek_count];
}

static void pbackup(struct pt *t)
{
	t->peek_count++;
}

static void pbackup2(struct pt *t, struct item t1)
{
	t->token[1] = t1;
	t->peek_count = 2;
}

static void pbackup3(struct pt *t, struct item t2, struct item t1)
{
	t->token[1] = t1;
	t->token[2] = t2;
	t->peek_count = 3;
}

static struct item ppeek(struct pt *t)
{
	if (t->peek_count > 0)
		return t->token[t->peek_count - 1];
	t->peek_count = 1;
	t->token[0] = lex_next(t->p->lex);
	return t->token[0];
}

static struct item next_non_space(struct pt *t)
{
	struct item it;
	do
		it = pnext(t);
	while (it.typ == ITEM_SPACE);
	return it;
}

static struct item peek_non_space(struct pt *t)
{
	struct item it = next_non_space(t);
	pbackup(t);
	return it;
}

/* Go's item.String() */
static void item_string(struct strbuf *sb, struct item it)
{
	if (it.typ == ITEM_EOF) {
		strbuf_addstr(sb, "EOF");
	} else if (it.typ == ITEM_ERROR) {
		strbuf_add(sb, it.val, it.len);
	} else if (it.typ > ITEM_KEYWORD) {
		strbuf_addch(sb, '<');
		strbuf_add(sb, it.val, it.len);
		strbuf_addch(sb, '>');
	} else if (it.len > 10) {
		/* %.10q...: the first 10 runes, quoted */
		size_t i = 0;
		int runes = 0;
		while (i < it.len && runes < 10) {
			int32_t r;
			i += utf8_decode((const unsigned char *)it.val + i, it.len - i, &r);
			runes++;
		}
		go_quote(sb, it.val, i);
		strbuf_addstr(sb, "...");
	} else {
		go_quote(sb, it.val, it.len);
	}
}

static void unexpected(struct pt *t, struct item it, const char *context) __attribute__((noreturn));
static void unexpected(struct pt *t, struct item it, const char *context)
{
	struct strbuf sb = STRBUF_INIT;
	item_string(&sb, it);
	if (it.typ == ITEM_ERROR) {
		if (t->action_line != 0 && t->action_line != it.line) {
			int sfx = it.len >= 7 && !memcmp(it.val + it.len - 7, " action", 7);
			strbuf_addf(&sb, "%s started at %s:%d", sfx ? "" : " in action",
				    t->p->parse_name, t->action_line);
		}
		char *m = strbuf_detach(&sb, NULL);
		struct strbuf tmp = STRBUF_INIT;
		strbuf_addstr(&tmp, m);
		free(m);
		/* perrorf never returns; copy into arena so nothing leaks */
		char *a = arena_strndup(t->ar, tmp.buf, tmp.len);
		strbuf_release(&tmp);
		perrorf(t, "%s", a);
	}
	char *a = arena_strndup(t->ar, sb.buf, sb.len);
	strbuf_release(&sb);
	perrorf(t, "unexpected %s in %s", a, context);
}

static struct item expect(struct pt *t, enum item_type e, const char *context)
{
	struct item it = next_non_space(t);
	if (it.typ != e)
		unexpected(t, it, context);
	return it;
}

static struct item expect_one_of(struct pt *t, enum item_type e1, enum item_type e2, const char *context)
{
	struct item it = next_non_space(t);
	if (it.typ != e1 && it.typ != e2)
		unexpected(t, it, context);
	return it;
}

/* ---- nodes ---- */

static struct node *new_node(struct pt *t, enum node_type typ, int pos)
{
	struct node *n = arena_alloc(t->ar, sizeof(*n));
	n->type = typ;
	n->pos = pos;
	n->tr = t->t;
	return n;
}

/* grow an arena array: in place when it is the block's last allocation
 * (the common case while one node's kids are being added), else by copy */
#define GROW(ar, arr, nr, cap) do { \
	if ((nr) == (cap)) { \
		int nc_ = (cap) ? 2 * (cap) : 4; \
		(arr) = arena_grow((ar), (arr), (size_t)(cap) * sizeof(*(arr)), \
				   (size_t)nc_ * sizeof(*(arr))); \
		(cap) = nc_; \
	} } while (0)

/* GROW for node arrays, whose capacity is not stored: 4, 8, 16, ... */
#define GROW_N(ar, arr, nr) do { \
	if ((nr) == 0 || ((nr) >= 4 && !((nr) & ((nr) - 1)))) { \
		int nc_ = (nr) ? 2 * (nr) : 4; \
		(arr) = arena_grow((ar), (arr), (size_t)(nr) * sizeof(*(arr)), \
				   (size_t)nc_ * sizeof(*(arr))); \
	} } while (0)

static void add_kid(struct pt *t, struct node *n, struct node *k)
{
	GROW_N(t->ar, n->kids, n->nkids);
	n->kids[n->nkids++] = k;
}

static void add_ident(struct pt *t, struct node *n, const char *s, size_t len)
{
	GROW_N(t->ar, n->idents, n->nident);
	n->idents[n->nident++] = arena_strndup(t->ar, s, len);
}

/* Split ".a.b" / "$x.a" into idents (Go's strings.Split(ident, ".")). */
static void split_idents(struct pt *t, struct node *n, const char *s, size_t len, int field)
{
	if (field) {
		s++;
		len--;
	}
	size_t st = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			add_ident(t, n, s + st, i - st);
			st = i + 1;
		}
	}
}

static struct node *new_field(struct pt *t, int pos, const char *s, size_t len)
{
	struct node *n = new_node(t, N_FIELD, pos);
	split_idents(t, n, s, len, 1);
	return n;
}

static struct node *new_variable(struct pt *t, int pos, const char *s, size_t len)
{
	struct node *n = new_node(t, N_VARIABLE, pos);
	split_idents(t, n, s, len, 0);
	return n;
}

static void push_var(struct pt *t, const char *s, size_t len)
{
	GROW(t->ar, t->vars, t->nvars, t->capvars);
	t->vars[t->nvars++] = arena_strndup(t->ar, s, len);
}

static int has_function(struct pt *t, const char *name, size_t len)
{
	char buf[256];
	if (len >= sizeof buf)
		return 0;
	memcpy(buf, name, len);
	buf[len] = 0;
	return tmpl_lookup_func(t->p->set, buf) != NULL;
}

static int is_empty_tree(const struct node *n)
{
	if (!n)
		return 1;
	switch (n->type) {
	case N_COMMENT:
		return 1;
	case N_LIST:
		for (int i = 0; i < n->nkids; i++)
			if (!is_empty_tree(n->kids[i]))
				return 0;
		return 1;
	case N_TEXT:
		for (size_t i = 0; i < n->slen; i++) {
			unsigned char c = (unsigned char)n->s[i];
			if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

/* Go's Tree.add: into this parse's tree set. */
static void tree_add(struct pt *t)
{
	struct parser *p = t->p;
	for (int i = 0; i < p->ntrees; i++) {
		if (!strcmp(p->trees[i]->name, t->t->name)) {
			if (is_empty_tree(p->trees[i]->root)) {
				p->trees[i] = t->t;
				return;
			}
			if (!is_empty_tree(t->t->root)) {
				struct strbuf sb = STRBUF_INIT;
				go_quote(&sb, t->t->name, strlen(t->t->name));
				char *a = arena_strndup(p->ar, sb.buf, sb.len);
				strbuf_release(&sb);
				perrorf(t, "template: multiple definition of template %s", a);
			}
			return;
		}
	}
	GROW(p->ar, p->trees, p->ntrees, p->captrees);
	p->trees[p->ntrees++] = t->t;
}

static void start_tree(struct pt *t, struct parser *p, const char *name, struct arena *ar)
{
	memset(t, 0, sizeof(*t));
	t->p = p;
	t->ar = ar;
	t->t = arena_alloc(p->ar, sizeof(struct tree));
	t->t->name = name;
	t->t->parse_name = p->parse_name;
	t->t->text = p->text;
	t->t->textlen = p->textlen;
	push_var(t, "$", 1);
}

static struct node *text_or_action(struct pt *t);
static struct node *pipeline(struct pt *t, const char *context, enum item_type end);
static struct node *command(struct pt *t);
static struct node *if_control(struct pt *t);
static struct node *with_control(struct pt *t);

/* itemList:
 *	textOrAction*
 * Terminates at {{end}} or {{else}}, returned separately. */
static struct node *item_list(struct pt *t, struct node **next)
{
	struct node *list = new_node(t, N_LIST, peek_non_space(t).pos);
	while (peek_non_space(t).typ != ITEM_EOF) {
		struct node *n = text_or_action(t);
		if (n->type == N_END || n->type == N_ELSE) {
			*next = n;
			return list;
		}
		add_kid(t, list, n);
	}
	perrorf(t, "unexpected EOF");
}

static void unquote_or_die(struct pt *t, struct item it, struct strbuf *out)
{
	if (go_unquote(out, it.val, it.len) < 0) {
		strbuf_release(out);
		perrorf(t, "invalid syntax");
	}
}

/* parseDefinition:
 *	{{define "name"}} itemList {{end}}
 * The {{define}} has been scanned. */
static void parse_definition(struct pt *t)
{
	const char *context = "define clause";
	struct item name = expect_one_of(t, ITEM_STRING, ITEM_RAW_STRING, context);
	struct strbuf sb = STRBUF_INIT;
	unquote_or_die(t, name, &sb);
	t->t->name = arena_strndup(t->ar, sb.buf, sb.len);
	strbuf_release(&sb);
	expect(t, ITEM_RIGHT_DELIM, context);
	struct node *end = NULL;
	t->t->root = item_list(t, &end);
	if (end->type != N_END) {
		struct strbuf es = STRBUF_INIT;
		node_string(&es, end);
		char *a = arena_strndup(t->ar, es.buf, es.len);
		strbuf_release(&es);
		perrorf(t, "unexpected %s in %s", a, context);
	}
	tree_add(t);
}

/* parse:
 *	(define | textOrAction)* EOF */
static void parse_top(struct pt *t)
{
	t->t->root = new_node(t, N_LIST, ppeek(t).pos);
	while (ppeek(t).typ != ITEM_EOF) {
		if (ppeek(t).typ == ITEM_LEFT_DELIM) {
			struct item delim = pnext(t);
			if (next_non_space(t).typ == ITEM_DEFINE) {
				struct pt nt;
				start_tree(&nt, t->p, "definition", t->p->ar);
				parse_definition(&nt);
				continue;
			}
			pbackup2(t, delim);
		}
		struct node *n = text_or_action(t);
		if (n->type == N_END || n->type == N_ELSE) {
			struct strbuf es = STRBUF_INIT;
			node_string(&es, n);
			char *a = arena_strndup(t->ar, es.buf, es.len);
			strbuf_release(&es);
			perrorf(t, "unexpected %s", a);
		}
		add_kid(t, t->t->root, n);
	}
}

static struct node *action(struct pt *t);

/* textOrAction:
 *	text | comment | action */
static struct node *text_or_action(struct pt *t)
{
	struct item it = next_non_space(t);
	struct node *n;
	switch (it.typ) {
	case ITEM_TEXT:
		n = new_node(t, N_TEXT, it.pos);
		n->s = it.val;
		n->slen = it.len;
		return n;
	case ITEM_LEFT_DELIM:
		t->action_line = it.line;
		n = action(t);
		t->action_line = 0;
		return n;
	case ITEM_COMMENT:
		n = new_node(t, N_COMMENT, it.pos);
		n->s = it.val;
		n->slen = it.len;
		return n;
	default:
		unexpected(t, it, "input");
	}
}

/* breakControl:
 *	{{break}} */
static struct node *break_control(struct pt *t, int pos, int line, int is_break)
{
	struct item it = next_non_space(t);
	if (it.typ != ITEM_RIGHT_DELIM)
		unexpected(t, it, is_break ? "{{break}}" : "{{continue}}");
	if (t->range_depth == 0)
		perrorf(t, is_break ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
	struct node *n = new_node(t, is_break ? N_BREAK : N_CONTINUE, pos);
	n->line = line;
	return n;
}

/* parseControl:
 *	pipeline '}}' itemList [ '{{else}}' itemList | '{{else if ...' ] '{{end}}' */
static struct node *parse_control(struct pt *t, enum node_type typ, int allow_else_if, const char *context)
{
	int mark = t->nvars;
	if (++t->p->nesting >= TMPL_MAX_NESTING)
		perrorf(t, "max control nesting depth exceeded");
	struct node *pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	struct node *next = NULL, *list, *elselist = NULL;
	if (typ == N_RANGE)
		t->range_depth++;
	list = item_list(t, &next);
	if (typ == N_RANGE)
		t->range_depth--;
	if (next->type == N_ELSE) {
		if (allow_else_if && ppeek(t).typ == ITEM_IF) {
			pnext(t);
			elselist = new_node(t, N_LIST, next->pos);
			add_kid(t, elselist, if_control(t));
		} else if (typ == N_WITH && ppeek(t).typ == ITEM_WITH) {
			pnext(t);
			elselist = new_node(t, N_LIST, next->pos);
			add_kid(t, elselist, with_control(t));
		} else {
			elselist = item_list(t, &next);
			if (next->type != N_END) {
				struct strbuf es = STRBUF_INIT;
				node_string(&es, next);
				char *a = arena_strndup(t->ar, es.buf, es.len);
				strbuf_release(&es);
				perrorf(t, "expected end; found %s", a);
			}
		}
	}
	t->nvars = mark;
	t->p->nesting--;
	struct node *n = new_node(t, typ, pipe->pos);
	n->line = pipe->line;
	n->pipe = pipe;
	n->list = list;
	n->elselist = elselist;
	return n;
}

/* if:
 *	{{if pipeline}} itemList {{end}}
 *	{{if pipeline}} itemList {{else}} itemList {{end}} */
static struct node *if_control(struct pt *t)
{
	return parse_control(t, N_IF, 1, "if");
}

/* range:
 *	{{range pipeline}} itemList {{end}}
 *	{{range pipeline}} itemList {{else}} itemList {{end}} */
static struct node *range_control(struct pt *t)
{
	return parse_control(t, N_RANGE, 0, "range");
}

/* with:
 *	{{with pipeline}} itemList {{end}}
 *	{{with pipeline}} itemList {{else}} itemList {{end}} */
static struct node *with_control(struct pt *t)
{
	return parse_control(t, N_WITH, 0, "with");
}

/* end:
 *	{{end}} */
static struct node *end_control(struct pt *t)
{
	return new_node(t, N_END, expect(t, ITEM_RIGHT_DELIM, "end").pos);
}

/* else:
 *	{{else}} */
static struct node *else_control(struct pt *t)
{
	struct item pk = peek_non_space(t);
	struct node *n;
	if (pk.typ == ITEM_IF || pk.typ == ITEM_WITH) {
		n = new_node(t, N_ELSE, pk.pos);
		n->line = pk.line;
		return n;
	}
	struct item it = expect(t, ITEM_RIGHT_DELIM, "else");
	n = new_node(t, N_ELSE, it.pos);
	n->line = it.line;
	return n;
}

static const char *parse_template_name(struct pt *t, struct item it, const char *context)
{
	if (it.typ == ITEM_STRING || it.typ == ITEM_RAW_STRING) {
		struct strbuf sb = STRBUF_INIT;
		unquote_or_die(t, it, &sb);
		const char *s = arena_strndup(t->ar, sb.buf, sb.len);
		strbuf_release(&sb);
		return s;
	}
	unexpected(t, it, context);
}

/* block:
 *	{{block stringValue pipeline}}
 * The name must be something that can evaluate to a string; the pipeline is
 * mandatory. */
static struct node *block_control(struct pt *t)
{
	const char *context = "block clause";
	struct item it = next_non_space(t);
	const char *name = parse_template_name(t, it, context);
	struct node *pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	struct pt bt;
	/* the block's tree outlives a lazy body's arena: its own copy of the name */
	start_tree(&bt, t->p, arena_strndup(t->p->ar, name, strlen(name)), t->p->ar);
	struct node *end = NULL;
	bt.t->root = item_list(&bt, &end);
	if (end->type != N_END) {
		struct strbuf es = STRBUF_INIT;
		node_string(&es, end);
		char *a = arena_strndup(t->ar, es.buf, es.len);
		strbuf_release(&es);
		perrorf(t, "unexpected %s in %s", a, context);
	}
	tree_add(&bt);
	struct node *n = new_node(t, N_TEMPLATE, it.pos);
	n->line = it.line;
	n->s = name;
	n->slen = strlen(name);
	n->pipe = pipe;
	return n;
}

/* template:
 *	{{template stringValue pipeline}} */
static struct node *template_control(struct pt *t)
{
	const char *context = "template clause";
	struct item it = next_non_space(t);
	const char *name = parse_template_name(t, it, context);
	struct node *pipe = NULL;
	if (next_non_space(t).typ != ITEM_RIGHT_DELIM) {
		pbackup(t);
		pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	}
	struct node *n = new_node(t, N_TEMPLATE, it.pos);
	n->line = it.line;
	n->s = name;
	n->slen = strlen(name);
	n->pipe = pipe;
	return n;
}

/* action:
 *	control
 *	command ("|" command)*
 * Left delim is past. Now get actions. */
static struct node *action(struct pt *t)
{
	struct item it = next_non_space(t);
	switch (it.typ) {
	case ITEM_BLOCK: return block_control(t);
	case ITEM_BREAK: return break_control(t, it.pos, it.line, 1);
	case ITEM_CONTINUE: return break_control(t, it.pos, it.line, 0);
	case ITEM_ELSE: return else_control(t);
	case ITEM_END: return end_control(t);
	case ITEM_IF: return if_control(t);
	case ITEM_RANGE: return range_control(t);
	case ITEM_TEMPLATE: return template_control(t);
	case ITEM_WITH: return with_control(t);
	default: break;
	}
	pbackup(t);
	struct item tok = ppeek(t);
	struct node *n = new_node(t, N_ACTION, tok.pos);
	n->line = tok.line;
	n->pipe = pipeline(t, "command", ITEM_RIGHT_DELIM);
	return n;
}

static void check_pipeline(struct pt *t, struct node *pipe, const char *context)
{
	if (pipe->nkids == 0)
		perrorf(t, "missing value for %s", context);
	for (int i = 1; i < pipe->nkids; i++) {
		switch (pipe->kids[i]->kids[0]->type) {
		case N_BOOL: case N_DOT: case N_NIL: case N_NUMBER: case N_STRING:
			perrorf(t, "non executable command in pipeline stage %d", i + 1);
		default:
			break;
		}
	}
}

/* pipeline:
 *	declarations? command ('|' command)* */
static struct node *pipeline(struct pt *t, const char *context, enum item_type end)
{
	struct item tok = peek_non_space(t);
	struct node *pipe = new_node(t, N_PIPE, tok.pos);
	pipe->line = tok.line;
decls:;
	struct item v = peek_non_space(t);
	if (v.typ == ITEM_VARIABLE) {
		pnext(t);
		struct item after = ppeek(t);
		struct item nx = peek_non_space(t);
		if (nx.typ == ITEM_ASSIGN || nx.typ == ITEM_DECLARE) {
			pipe->is_assign = nx.typ == ITEM_ASSIGN;
			next_non_space(t);
			GROW_N(t->ar, pipe->decl, pipe->ndecl);
			pipe->decl[pipe->ndecl++] = new_variable(t, v.pos, v.val, v.len);
			push_var(t, v.val, v.len);
		} else if (nx.typ == ITEM_CHAR && nx.len == 1 && nx.val[0] == ',') {
			next_non_space(t);
			GROW_N(t->ar, pipe->decl, pipe->ndecl);
			pipe->decl[pipe->ndecl++] = new_variable(t, v.pos, v.val, v.len);
			push_var(t, v.val, v.len);
			if (!strcmp(context, "range") && pipe->ndecl < 2) {
				switch (peek_non_space(t).typ) {
				case ITEM_VARIABLE: case ITEM_RIGHT_DELIM: case ITEM_RIGHT_PAREN:
					goto decls;
				default:
					perrorf(t, "range can only initialize variables");
				}
			}
			perrorf(t, "too many declarations in %s", context);
		} else if (after.typ == ITEM_SPACE) {
			pbackup3(t, v, after);
		} else {
			pbackup2(t, v);
		}
	}
	for (;;) {
		struct item it = next_non_space(t);
		if (it.typ == end) {
			check_pipeline(t, pipe, context);
			return pipe;
		}
		switch (it.typ) {
		case ITEM_BOOL: case ITEM_CHAR_CONSTANT: case ITEM_COMPLEX: case ITEM_DOT:
		case ITEM_FIELD: case ITEM_IDENTIFIER: case ITEM_NUMBER: case ITEM_NIL:
		case ITEM_RAW_STRING: case ITEM_STRING: case ITEM_VARIABLE: case ITEM_LEFT_PAREN:
			pbackup(t);
			add_kid(t, pipe, command(t));
			break;
		default:
			unexpected(t, it, context);
		}
	}
}

static struct node *new_number(struct pt *t, struct item it)
{
	struct node *n = new_node(t, N_NUMBER, it.pos);
	n->s = it.val;
	n->slen = it.len;
	char *text = arena_strndup(t->ar, it.val, it.len);
	size_t len = it.len;
	if (it.typ == ITEM_CHAR_CONSTANT) {
		struct strbuf sb = STRBUF_INIT;
		int w = unquote_char(&sb, text + 1, len - 1, '\'');
		if (w < 0) {
			strbuf_release(&sb);
			perrorf(t, "invalid syntax");
		}
		if (strcmp(text + 1 + w, "'")) {
			strbuf_release(&sb);
			perrorf(t, "malformed character constant: %s", text);
		}
		int32_t r;
		if (w == 1 || text[1] != '\\' || text[2] == 'u' || text[2] == 'U')
			utf8_decode((const unsigned char *)sb.buf, sb.len, &r);
		else
			r = (unsigned char)sb.buf[0]; /* \x and octal escapes are bytes */
		if (text[1] != '\\' && w > 1) /* multi-byte rune literal */
			utf8_decode((const unsigned char *)text + 1, len - 1, &r);
		strbuf_release(&sb);
		n->i64 = r;
		n->u64 = (uint64_t)r;
		n->f64 = r;
		n->is_int = n->is_uint = n->is_float = 1;
		return n;
	}
	if (it.typ == ITEM_COMPLEX || (len > 0 && text[len - 1] == 'i')) {
		/* complex constants parse (Go accepts them); exec reports them as
		 * unsupported (no complex128 value type) */
		n->is_complex = 1;
		return n;
	}
	long long iv;
	unsigned long long uv = 0;
	int uok = 0;
	/* ParseUint(text, 0, 64) */
	if (text[0] != '-' && text[0] != '+') {
		long long tmp;
		/* parse as unsigned via two halves: go_parse_int handles 63 bits */
		if (go_parse_int(text, 0, 64, &tmp) == 0) {
			uok = 1;
			uv = (unsigned long long)tmp;
		} else {
			/* values >= 2^63: parse manually (decimal/hex only) */
			char *end;
			errno = 0;
			unsigned long long x = strtoull(text, &end, 0);
			if (!*end && errno == 0 && !strchr(text, '_')) {
				uok = 1;
				uv = x;
			}
		}
	} else if (text[0] == '+') {
		/* Go's ParseUint rejects a sign */
	}
	int irc = go_parse_int(text, 0, 64, &iv);
	if (uok) {
		n->is_uint = 1;
		n->u64 = uv;
	}
	if (irc == 0) {
		n->is_int = 1;
		n->i64 = iv;
		if (iv == 0) {
			n->is_uint = 1;
			n->u64 = uv;
		}
	}
	if (n->is_int) {
		n->is_float = 1;
		n->f64 = (double)n->i64;
	} else if (n->is_uint) {
		n->is_float = 1;
		n->f64 = (double)n->u64;
	} else {
		/* ParseFloat: underscores only allowed with a base prefix */
		struct strbuf sb = STRBUF_INIT;
		int ok = 1;
		const char *q = text;
		int has_prefix = (q[0] == '0' || ((q[0] == '-' || q[0] == '+') && q[1] == '0')) &&
				 strpbrk(q, "xXbBoO");
		for (; *q; q++) {
			if (*q == '_') {
				if (!has_prefix)
					ok = 0;
				continue;
			}
			strbuf_addch(&sb, *q);
		}
		double f;
		int frc = ok ? go_parse_float(sb.buf, &f) : -1;
		if (frc == -1 && ok && has_prefix) {
			char *end;
			f = strtod(sb.buf, &end);
			frc = *end ? -1 : 0;
		}
		strbuf_release(&sb);
		if (frc == 0) {
			if (!strpbrk(text, ".eEpP")) {
				struct strbuf qs = STRBUF_INIT;
				go_quote(&qs, text, len);
				char *a = arena_strndup(t->ar, qs.buf, qs.len);
				strbuf_release(&qs);
				perrorf(t, "integer overflow: %s", a);
			}
			n->is_float = 1;
			n->f64 = f;
			if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(int64_t)f == f) {
				n->is_int = 1;
				n->i64 = (int64_t)f;
			}
			if (f >= 0 && f < 18446744073709551616.0 && (double)(uint64_t)f == f) {
				n->is_uint = 1;
				n->u64 = (uint64_t)f;
			}
		}
	}
	if (!n->is_int && !n->is_uint && !n->is_float) {
		struct strbuf qs = STRBUF_INIT;
		go_quote(&qs, text, len);
		char *a = arena_strndup(t->ar, qs.buf, qs.len);
		strbuf_release(&qs);
		perrorf(t, "illegal number syntax: %s", a);
	}
	return n;
}

/* term:
 *	literal (number, string, nil, boolean)
 *	function (identifier)
 *	.
 *	.Field
 *	$
 *	'(' pipeline ')'
 * A term is a simple "expression". A nil return means the next item is not a term. */
static struct node *term(struct pt *t)
{
	struct item it = next_non_space(t);
	struct node *n;
	switch (it.typ) {
	case ITEM_IDENTIFIER:
		if (!has_function(t, it.val, it.len)) {
			struct strbuf qs = STRBUF_INIT;
			go_quote(&qs, it.val, it.len);
			char *a = arena_strndup(t->ar, qs.buf, qs.len);
			strbuf_release(&qs);
			perrorf(t, "function %s not defined", a);
		}
		n = new_node(t, N_IDENT, it.pos);
		n->s = arena_strndup(t->ar, it.val, it.len);
		n->slen = it.len;
		return n;
	case ITEM_DOT:
		return new_node(t, N_DOT, it.pos);
	case ITEM_NIL:
		return new_node(t, N_NIL, it.pos);
	case ITEM_VARIABLE: {
		n = new_variable(t, it.pos, it.val, it.len);
		for (int i = 0; i < t->nvars; i++)
			if (!strcmp(t->vars[i], n->idents[0]))
				return n;
		struct strbuf qs = STRBUF_INIT;
		go_quote(&qs, n->idents[0], strlen(n->idents[0]));
		char *a = arena_strndup(t->ar, qs.buf, qs.len);
		strbuf_release(&qs);
		perrorf(t, "undefined variable %s", a);
	}
	case ITEM_FIELD:
		return new_field(t, it.pos, it.val, it.len);
	case ITEM_BOOL:
		n = new_node(t, N_BOOL, it.pos);
		n->b = it.len == 4;
		return n;
	case ITEM_CHAR_CONSTANT: case ITEM_COMPLEX: case ITEM_NUMBER:
		return new_number(t, it);
	case ITEM_LEFT_PAREN: {
		if (t->paren_depth >= TMPL_MAX_PAREN_DEPTH)
			perrorf(t, "max expression depth exceeded");
		t->paren_depth++;
		n = pipeline(t, "parenthesized pipeline", ITEM_RIGHT_PAREN);
		t->paren_depth--;
		return n;
	}
	case ITEM_STRING: case ITEM_RAW_STRING: {
		struct strbuf sb = STRBUF_INIT;
		unquote_or_die(t, it, &sb);
		n = new_node(t, N_STRING, it.pos);
		n->s = it.val;
		n->slen = it.len;
		n->s2 = arena_strndup(t->ar, sb.buf, sb.len);
		n->s2len = sb.len;
		strbuf_release(&sb);
		return n;
	}
	default:
		pbackup(t);
		return NULL;
	}
}

/* operand:
 *	term .Field*
 * An operand is a space-separated component of a command,
 * a term possibly followed by field accesses.
 * A nil return means the next item is not an operand. */
static struct node *operand(struct pt *t)
{
	struct node *node = term(t);
	if (!node)
		return NULL;
	if (ppeek(t).typ == ITEM_FIELD) {
		struct node *chain = new_node(t, N_CHAIN, ppeek(t).pos);
		chain->a = node;
		while (ppeek(t).typ == ITEM_FIELD) {
			struct item f = pnext(t);
			add_ident(t, chain, f.val + 1, f.len - 1);
		}
		struct strbuf cs = STRBUF_INIT;
		switch (node->type) {
		case N_FIELD:
		case N_VARIABLE:
			node_string(&cs, chain);
			node = node->type == N_FIELD ? new_field(t, chain->pos, cs.buf, cs.len)
						     : new_variable(t, chain->pos, cs.buf, cs.len);
			break;
		case N_BOOL: case N_STRING: case N_NUMBER: case N_NIL: case N_DOT: {
			node_string(&cs, node);
			struct strbuf qs = STRBUF_INIT;
			go_quote(&qs, cs.buf, cs.len);
			char *a = arena_strndup(t->ar, qs.buf, qs.len);
			strbuf_release(&qs);
			strbuf_release(&cs);
			perrorf(t, "unexpected . after term %s", a);
		}
		default:
			node = chain;
		}
		strbuf_release(&cs);
	}
	return node;
}

/* command:
 *	operand (space operand)*
 * space-separated arguments up to a pipeline character or right delimiter.
 * we consume the pipe character but leave the right delim to terminate the action. */
static struct node *command(struct pt *t)
{
	struct node *cmd = new_node(t, N_COMMAND, peek_non_space(t).pos);
	for (;;) {
		peek_non_space(t);
		struct node *op = operand(t);
		if (op)
			add_kid(t, cmd, op);
		struct item it = pnext(t);
		if (it.typ == ITEM_SPACE)
			continue;
		if (it.typ == ITEM_RIGHT_DELIM || it.typ == ITEM_RIGHT_PAREN)
			pbackup(t);
		else if (it.typ != ITEM_PIPE)
			unexpected(t, it, "operand");
		break;
	}
	if (cmd->nkids == 0)
		perrorf(t, "empty command");
	return cmd;
}

/* ---- node_string: Go's Node.String() ---- */

void node_string(struct strbuf *out, const struct node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case N_TEXT:
		strbuf_add(out, n->s, n->slen);
		break;
	case N_COMMENT:
		strbuf_addstr(out, "{{");
		strbuf_add(out, n->s, n->slen);
		strbuf_addstr(out, "}}");
		break;
	case N_LIST:
		for (int i = 0; i < n->nkids; i++)
			node_string(out, n->kids[i]);
		break;
	case N_ACTION:
		strbuf_addstr(out, "{{");
		node_string(out, n->pipe);
		strbuf_addstr(out, "}}");
		break;
	case N_PIPE:
		for (int i = 0; i < n->ndecl; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			node_string(out, n->decl[i]);
		}
		if (n->ndecl)
			strbuf_addstr(out, " := ");
		for (int i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_addstr(out, " | ");
			node_string(out, n->kids[i]);
		}
		break;
	case N_COMMAND:
		for (int i = 0; i < n->nkids; i++) {
			if (i)
				strbuf_addch(out, ' ');
			if (n->kids[i]->type == N_PIPE) {
				strbuf_addch(out, '(');
				node_string(out, n->kids[i]);
				strbuf_addch(out, ')');
			} else {
				node_string(out, n->kids[i]);
			}
		}
		break;
	case N_IDENT:
		strbuf_add(out, n->s, n->slen);
		break;
	case N_VARIABLE:
		for (int i = 0; i < n->nident; i++) {
			if (i)
				strbuf_addch(out, '.');
			strbuf_addstr(out, n->idents[i]);
		}
		break;
	case N_FIELD:
		for (int i = 0; i < n->nident; i++) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, n->idents[i]);
		}
		break;
	case N_CHAIN:
		if (n->a->type == N_PIPE) {
			strbuf_addch(out, '(');
			node_string(out, n->a);
			strbuf_addch(out, ')');
		} else {
			node_string(out, n->a);
		}
		for (int i = 0; i < n->nident; i++) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, n->idents[i]);
		}
		break;
	case N_DOT:
		strbuf_addch(out, '.');
		break;
	case N_NIL:
		strbuf_addstr(out, "nil");
		break;
	case N_BOOL:
		strbuf_addstr(out, n->b ? "true" : "false");
		break;
	case N_NUMBER:
	case N_STRING:
		strbuf_add(out, n->s, n->slen);
		break;
	case N_END:
		strbuf_addstr(out, "{{end}}");
		break;
	case N_ELSE:
		strbuf_addstr(out, "{{else}}");
		break;
	case N_BREAK:
		strbuf_addstr(out, "{{break}}");
		break;
	case N_CONTINUE:
		strbuf_addstr(out, "{{continue}}");
		break;
	case N_IF: case N_RANGE: case N_WITH:
		strbuf_addstr(out, n->type == N_IF ? "{{if " : n->type == N_RANGE ? "{{range " : "{{with ");
		node_string(out, n->pipe);
		strbuf_addstr(out, "}}");
		node_string(out, n->list);
		if (n->elselist) {
			strbuf_addstr(out, "{{else}}");
			node_string(out, n->elselist);
		}
		strbuf_addstr(out, "{{end}}");
		break;
	case N_TEMPLATE:
		strbuf_addstr(out, "{{template ");
		go_quote(out, n->s, n->slen);
		if (n->pipe) {
			strbuf_addch(out, ' ');
			node_string(out, n->pipe);
		}
		strbuf_addstr(out, "}}");
		break;
	}
}

void node_location(struct strbuf *out, const struct node *n)
{
	const struct tree *tr = n->tr;
	int pos = n->pos;
	int line = 1, col;
	int last_nl = -1;
	for (int i = 0; i < pos && (size_t)i < tr->textlen; i++)
		if (tr->text[i] == '\n') {
			line++;
			last_nl = i;
		}
	col = last_nl < 0 ? pos : pos - last_nl - 1;
	strbuf_addf(out, "%s:%d:%d", tr->parse_name, line, col);
}

/* ---- entry point ---- */

int parse_text(struct tmpl *set, const char *name, const char *text, size_t len, struct kc_err *err)
{
	struct parse_unit *u = xcalloc(1, sizeof(*u));
	struct arena scratch = { 0 };
	int lazy = set->lazy_bodies;
	u->refcnt = 1;
	if (set->borrow_texts && !text[len]) {
		u->text = (char *)text;
		u->text_borrowed = 1;
	} else {
		u->text = xmalloc(len + 1);
		memcpy(u->text, text, len);
		u->text[len] = 0;
	}

	struct parser *p = xcalloc(1, sizeof(*p));
	struct lexer *lx = xcalloc(1, sizeof(*lx));
	p->set = set;
	p->ar = &u->arena;
	p->body_ar = lazy ? &scratch : &u->arena;
	p->text = u->text;
	p->textlen = len;
	p->parse_name = arena_strndup(p->ar, name, strlen(name));
	p->err = err;
	lex_init(lx, u->text, len, set->ldelim, set->rdelim,
		 !tmpl_lookup_func(set, "break"), !tmpl_lookup_func(set, "continue"));
	p->lex = lx;
	struct pt *t = xcalloc(1, sizeof(*t));
	if (setjmp(p->jb)) {
		free(t);
		free(lx);
		free(p);
		arena_release(&scratch);
		parse_unit_decref(u);
		return -1;
	}
	start_tree(t, p, p->parse_name, p->body_ar);
	parse_top(t);
	tree_add(t);
	struct tree *top = t->t;

	/* AddParseTree for each tree (Go's associate rule) */
	for (int i = 0; i < p->ntrees; i++) {
		struct tree *tr = p->trees[i];
		tr->unit = u;
		struct tree *old = tmpl_find_tree(set, tr->name);
		if (old && is_empty_tree(tr->root))
			continue;
		tmpl_set_tree(set, tr->name, tr);
	}
	if (lazy) {
		top->unit = u;
		top->root = NULL;
		top->lazy = 1;
		u->body = top;
		arena_release(&scratch);
	}
	if (set->nunits == set->capunits) {
		set->capunits = set->capunits ? 2 * set->capunits : 8;
		set->units = xrealloc(set->units, set->capunits * sizeof(*set->units));
	}
	set->units[set->nunits++] = u;
	free(t);
	free(lx);
	free(p);
	return 0;
}

/* The same parse of a lazy tree's text again, keeping only the top-level tree
 * (its {{define}}s were registered by the first parse). */
int tree_materialize(const struct tmpl *set, struct tree *tr, struct kc_err *err)
{
	struct parser *p = xcalloc(1, sizeof(*p));
	struct lexer *lx = xcalloc(1, sizeof(*lx));
	struct pt *t = xcalloc(1, sizeof(*t));
	p->set = (struct tmpl *)set;
	p->ar = p->body_ar = &tr->mat;
	p->body_only = 1;
	p->text = tr->text;
	p->textlen = tr->textlen;
	p->parse_name = tr->parse_name;
	p->err = err;
	lex_init(lx, tr->text, tr->textlen, set->ldelim, set->rdelim,
		 !tmpl_lookup_func(set, "break"), !tmpl_lookup_func(set, "continue"));
	p->lex = lx;
	int rc = -1;
	if (setjmp(p->jb)) {
		arena_release(&tr->mat);
		goto out;
	}
	start_tree(t, p, p->parse_name, p->body_ar);
	parse_top(t);
	tr->root = t->t->root;
	rc = 0;
out:
	free(t);
	free(lx);
	free(p);
	return rc;
}

void tree_drop_body(struct tree *tr)
{
	arena_release(&tr->mat);
	tr->root = NULL;
}
