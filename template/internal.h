/* template/internal.h: lexer, parse trees and set internals shared by lex.c,
 * parse.c, exec.c, funcs.c, fmt.c. Not a public header. */
#ifndef KC_TEMPLATE_INTERNAL_H
#define KC_TEMPLATE_INTERNAL_H

#include <stdint.h>

#include "template/template.h"

/* ---- arena: nodes and strings of one parse, freed at once ---- */
struct arena_blk;
struct arena {
	struct arena_blk *head;
};
void *arena_alloc(struct arena *a, size_t n);
void *arena_grow(struct arena *a, void *old, size_t oldn, size_t newn);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

/* ---- lexer (Go's parse/lex.go) ---- */
enum item_type {
	ITEM_ERROR, ITEM_BOOL, ITEM_CHAR, ITEM_CHAR_CONSTANT, ITEM_COMMENT, ITEM_COMPLEX,
	ITEM_ASSIGN, ITEM_DECLARE, ITEM_EOF, ITEM_FIELD, ITEM_IDENTIFIER, ITEM_LEFT_DELIM,
	ITEM_LEFT_PAREN, ITEM_NUMBER, ITEM_PIPE, ITEM_RAW_STRING, ITEM_RIGHT_DELIM,
	ITEM_RIGHT_PAREN, ITEM_SPACE, ITEM_STRING, ITEM_TEXT, ITEM_VARIABLE,
	ITEM_KEYWORD, /* keywords follow */
	ITEM_BLOCK, ITEM_BREAK, ITEM_CONTINUE, ITEM_DOT, ITEM_DEFINE, ITEM_ELSE, ITEM_END,
	ITEM_IF, ITEM_NIL, ITEM_RANGE, ITEM_TEMPLATE, ITEM_WITH,
};

struct item {
	enum item_type typ;
	int pos;          /* byte offset in the input */
	const char *val;  /* points into the input, or into the lexer's error text */
	size_t len;
	int line;
};

#define LEX_QUEUE 8
struct lexer;
/* A state function returns the next state (Go's stateFn); fn == NULL ends. */
struct lex_state {
	struct lex_state (*fn)(struct lexer *);
};
struct lexer {
	const char *input;
	size_t inlen;
	const char *ldelim, *rdelim;
	size_t ldlen, rdlen;
	int break_ok, continue_ok;
	size_t pos, start;
	int at_eof;
	int paren_depth;
	int line, start_line;
	struct lex_state state;
	struct item q[LEX_QUEUE];
	int qhead, qlen;
	char errbuf[256];
};

void lex_init(struct lexer *l, const char *input, size_t len, const char *ld, const char *rd,
	      int break_ok, int continue_ok);
struct item lex_next(struct lexer *l);

/* ---- parse trees (Go's parse/node.go) ---- */
enum node_type {
	N_TEXT, N_ACTION, N_BOOL, N_CHAIN, N_COMMAND, N_DOT, N_FIELD, N_IDENT, N_IF, N_LIST,
	N_NIL, N_NUMBER, N_PIPE, N_RANGE, N_STRING, N_TEMPLATE, N_VARIABLE, N_WITH,
	N_COMMENT, N_BREAK, N_CONTINUE, N_END, N_ELSE,
};

struct tree;

/* Fields live in a union by node type (nodes are most of a parsed chart's
 * memory); only the group of the node's type may be read. */
struct node {
	enum node_type type;
	int pos;
	int line;
	/* TEXT/COMMENT: s; STRING: s = quoted (s2 = unquoted); NUMBER: s = text;
	 * TEMPLATE: s = name; IDENT: s = name. uint32_t, and array capacities
	 * derived from counts (GROW_N in parse.c), keep a node at 64 bytes */
	uint32_t slen;
	struct tree *tr;
	const char *s;
	union {
		/* STRING */
		struct {
			const char *s2;
			size_t s2len;
		};
		/* LIST: nodes; COMMAND: args; PIPE: cmds + decl variables */
		struct {
			struct node **kids;
			struct node **decl;
			int nkids;
			int ndecl;
			int is_assign;
		};
		/* FIELD/VARIABLE: idents; CHAIN: fields + a = node */
		struct {
			char **idents;
			struct node *a;
			int nident;
		};
		/* IF/RANGE/WITH: pipe, list, else; ACTION/TEMPLATE: pipe */
		struct {
			struct node *pipe, *list, *elselist;
		};
		/* NUMBER / BOOL */
		struct {
			int64_t i64;
			uint64_t u64;
			double f64;
			unsigned char is_int, is_uint, is_float, is_complex, b;
		};
	};
};
_Static_assert(sizeof(struct node) <= 64, "a template node should stay at 64 bytes");

struct tree {
	const char *name;       /* template name */
	const char *parse_name; /* top-level name during parsing (errors) */
	struct node *root;
	const char *text;       /* full input, for line/col of errors */
	size_t textlen;
	struct parse_unit *unit;
	/* lazy (tmpl_set_lazy_bodies): root is NULL except while executions
	 * (users) run it; tree_materialize re-parses text into mat */
	int lazy, users;
	struct arena mat;
};

/* A lazy tree's root, re-parsed from its text if needed (0 / -1 + err). */
int tree_materialize(const struct tmpl *set, struct tree *tr, struct kc_err *err);
/* Frees a lazy tree's materialized nodes (root becomes NULL again). */
void tree_drop_body(struct tree *tr);

/* One tmpl_parse call's arena, source text and trees; shared by cloned sets. */
struct parse_unit {
	unsigned refcnt;
	struct arena arena;
	char *text;
	int text_borrowed; /* tmpl_set_borrow_texts: text is the caller's */
	struct tree *body; /* the lazy top-level tree, if any */
};
void parse_unit_decref(struct parse_unit *u);

struct tmpl_entry {
	char *name;
	struct tree *tree;
};

struct tmpl_fntab {
	const struct tmpl_func *tab;
};

struct tmpl {
	char *root_name;                     /* Go's receiver name ("gotpl" in Helm) */
	struct tmpl_entry *ents;             /* sorted by name */
	size_t nents, capents;
	struct parse_unit **units;
	size_t nunits, capunits;
	const struct tmpl_func **tabs;       /* added tables, later override */
	size_t ntabs, captabs;
	enum tmpl_missingkey missingkey;
	int max_depth;
	int lazy_bodies; /* tmpl_set_lazy_bodies */
	int borrow_texts; /* tmpl_set_borrow_texts */
	void *udata;
	char *ldelim, *rdelim;
	/* tmpl_overlay: templates not found here are looked up in parent (which
	 * outlives the overlay); functions too while no table was added */
	const struct tmpl *parent;
	size_t parent_ntabs;
	/* lazily built name → function hash over tabs + builtins (tmpl_lookup_func);
	 * dropped by tmpl_add_funcs */
	const struct tmpl_func **fhash;
	size_t fhash_cap;
};

struct tree *tmpl_find_tree(const struct tmpl *t, const char *name);
void tmpl_set_tree(struct tmpl *t, const char *name, struct tree *tr);
/* Parses into trees (added to the set). */
int parse_text(struct tmpl *t, const char *name, const char *text, size_t len,
	       struct kc_err *err);
void node_string(struct strbuf *out, const struct node *n);
/* "NAME:LINE:COL" of a node. */
void node_location(struct strbuf *out, const struct node *n);

/* tmpl_run_big_stack: template/template.h */

/* Go 1.26's parser limit on parenthesized pipelines; control nesting is
 * capped (Go has no cap) far above anything real: TMPL_MAX_NESTING. */
#define TMPL_MAX_PAREN_DEPTH 10000
#define TMPL_MAX_NESTING 100000

/* ---- fmt (fmt.c) ---- */
/* fmt.Sprintf(format, args...) with Go's verbs; args may contain NULL (= nil). */
void go_sprintf(struct strbuf *out, const char *fmt, size_t fmtlen, int argc, struct tv **argv);
void go_sprint(struct strbuf *out, int argc, struct tv **argv);
void go_sprintln(struct strbuf *out, int argc, struct tv **argv);
void tv_format_float(struct strbuf *out, double f, char verb, int prec);
void tv_map_setn_take(struct tv *m, const char *key, size_t klen, struct tv *val);

/* Unquote Go string literal (interpreted or raw) into out; -1 on syntax error. */
int go_unquote(struct strbuf *out, const char *s, size_t len);
/* Decode one UTF-8 rune; returns width (>=1), *r = 0xFFFD on error. */
size_t utf8_decode(const unsigned char *s, size_t n, int32_t *r);
void utf8_encode(struct strbuf *out, int32_t r);

#endif
