/* exec.c: Go's text/template executor (exec.go) with its error texts.
 *
 * Values in flight are struct xv: v == NULL is Go's invalid reflect.Value ("no
 * value"); iface says the value's static type is interface {} (it came out of a
 * map[string]interface {} or []interface {}), which Go's messages print.
 * Every reference the executor obtains is kept in a pool released when the
 * execution ends, so an error (longjmp to the entry point) leaks nothing.
 * Execution runs on its own 1 GiB (reserved, lazily committed) thread stack so
 * Go's {{template}} depth limit of 100000 can be honoured exactly. */
#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/internal.h"
#include "util/gostr.h"

struct xv {
	struct tv *v;
	int iface;
};

static const struct xv XV_INVALID = { NULL, 0 };

struct var {
	const char *name;
	struct xv val;
};

struct tmpl_exec {
	struct tmpl *set;
	const char *name;      /* current template's name */
	struct strbuf *out;
	const struct node *node;
	struct var *vars;      /* one stack; a {{template}} frame starts at var_base */
	int nvars, capvars, var_base;
	int depth;
	int nest;              /* executions started from functions (include, tpl) */
	jmp_buf jb;
	struct kc_err *err;
	struct tv **pool;
	size_t npool, cappool;
};

/* ---- parameter types ---- */
enum pkind { PK_ANY, PK_VALUE, PK_TYPE, PK_BAD };
struct ptype {
	enum pkind k;
	const struct tv_type *t;
	char name[48];
};
#define MAXPARAMS 16
struct psig {
	struct ptype p[MAXPARAMS];
	int n;
	int variadic;
};

static const struct tv_type *const builtin_types[] = {
	&tv_type_string, &tv_type_bool, &tv_type_int, &tv_type_int64, &tv_type_int32, &tv_type_uint8,
	&tv_type_uint, &tv_type_uint64, &tv_type_float64, &tv_type_list, &tv_type_strlist,
	&tv_type_intlist, &tv_type_bytes, &tv_type_map, &tv_type_strmap, NULL,
};

static void parse_sig(const struct tmpl_func *f, struct psig *s)
{
	memset(s, 0, sizeof(*s));
	const char *p = f->params ? f->params : "";
	while (*p && s->n < MAXPARAMS) {
		while (*p == ' ')
			p++;
		const char *e = p;
		/* a type name may contain ", " only inside braces: "interface {}" has none */
		while (*e && *e != ',')
			e++;
		size_t len = (size_t)(e - p);
		while (len && p[len - 1] == ' ')
			len--;
		struct ptype *pt = &s->p[s->n++];
		if (len >= 3 && !memcmp(p, "...", 3)) {
			s->variadic = 1;
			p += 3;
			len -= 3;
		}
		snprintf(pt->name, sizeof pt->name, "%.*s", (int)len, p);
		if (!strcmp(pt->name, "interface {}") || !strcmp(pt->name, "any")) {
			pt->k = PK_ANY;
			strcpy(pt->name, "interface {}");
		} else if (!strcmp(pt->name, "reflect.Value")) {
			pt->k = PK_VALUE;
		} else {
			pt->k = PK_BAD;
			if (!strcmp(pt->name, "[]byte"))
				strcpy(pt->name, "[]uint8");
			for (int i = 0; builtin_types[i]; i++)
				if (!strcmp(builtin_types[i]->name, pt->name)) {
					pt->k = PK_TYPE;
					pt->t = builtin_types[i];
				}
			for (int i = 0; f->types && f->types[i]; i++)
				if (!strcmp(f->types[i]->name, pt->name)) {
					pt->k = PK_TYPE;
					pt->t = f->types[i];
				}
		}
		p = *e ? e + 1 : e;
	}
}

/* Parsed signatures, cached by function entry: eval_call needs one per call
 * and parsing the Go parameter text each time was a visible share of a
 * chart's execution. A slot is filled once (0 empty, 1 being filled, 2
 * ready) and never changes; a call whose slot is taken by another entry
 * parses into its own buffer. The entry, its params text and its types list
 * must all match: tables are static, but a caller's table could in principle
 * be reused at the same address. */
#define SIGCACHE 128
static struct sigslot {
	_Atomic int state;
	const struct tmpl_func *fn;
	const char *params;
	const struct tv_type *const *types;
	struct psig sig;
} sigcache[SIGCACHE];

static const struct psig *sig_of(const struct tmpl_func *f, struct psig *tmp)
{
	struct sigslot *sl = &sigcache[((uintptr_t)f / sizeof(*f)) % SIGCACHE];
	int st = atomic_load_explicit(&sl->state, memory_order_acquire);
	if (st == 2 && sl->fn == f && sl->params == f->params && sl->types == f->types)
		return &sl->sig;
	int expect = 0;
	if (st == 0 && atomic_compare_exchange_strong(&sl->state, &expect, 1)) {
		parse_sig(f, &sl->sig);
		sl->fn = f;
		sl->params = f->params;
		sl->types = f->types;
		atomic_store_explicit(&sl->state, 2, memory_order_release);
		return &sl->sig;
	}
	parse_sig(f, tmp);
	return tmp;
}

/* ---- pool / errors ---- */

static struct tv *keep(struct tmpl_exec *s, struct tv *v)
{
	if (!v || !v->refcnt)
		return v;
	if (s->npool == s->cappool) {
		s->cappool = s->cappool ? 2 * s->cappool : 64;
		s->pool = xrealloc(s->pool, s->cappool * sizeof(*s->pool));
	}
	s->pool[s->npool++] = v;
	return v;
}

static struct tv *keep_ref(struct tmpl_exec *s, struct tv *v)
{
	return keep(s, tv_incref(v));
}

/* Go's "template: LOC: executing NAME at <NODE>: " error prefix. */
static void error_prefix(struct tmpl_exec *s, struct strbuf *sb);

/* Sets s->err to the prefix + sb's text (no printf: nested include/tpl errors
 * grow long) and unwinds. */
static void __attribute__((noreturn)) xerror_sb(struct tmpl_exec *s, const char *a, const char *b,
						 const char *c, const char *d)
{
	struct strbuf sb = STRBUF_INIT;
	error_prefix(s, &sb);
	strbuf_addstr(&sb, a);
	strbuf_addstr(&sb, b);
	strbuf_addstr(&sb, c);
	strbuf_addstr(&sb, d);
	kc_err_raw(s->err, "%s", "");
	if (s->err) {
		strbuf_release(&s->err->msg);
		s->err->msg = sb;
	} else {
		strbuf_release(&sb);
	}
	longjmp(s->jb, 1);
}

static void xerrorf(struct tmpl_exec *s, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void xerrorf(struct tmpl_exec *s, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	error_prefix(s, &sb);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	kc_err_raw(s->err, "%s", "");
	if (s->err) {
		strbuf_release(&s->err->msg);
		s->err->msg = sb;
	} else {
		strbuf_release(&sb);
	}
	longjmp(s->jb, 1);
}

static void error_prefix(struct tmpl_exec *s, struct strbuf *sbp)
{
#define sb (*sbp)
	if (!s->node) {
		strbuf_addf(&sb, "template: %s: ", s->name);
	} else {
		strbuf_addstr(&sb, "template: ");
		node_location(&sb, s->node);
		strbuf_addstr(&sb, ": executing ");
		go_quote(&sb, s->name, strlen(s->name));
		strbuf_addstr(&sb, " at <");
		node_string(&sb, s->node);
		strbuf_addstr(&sb, ">: ");
	}
#undef sb
}

static const char *nstr(struct tmpl_exec *s, const struct node *n)
{
	struct strbuf sb = STRBUF_INIT;
	node_string(&sb, n);
	return keep(s, tv_str_buf(&sb))->u.str.s;
}

static const char *quoted(struct tmpl_exec *s, const char *str)
{
	struct strbuf sb = STRBUF_INIT;
	go_quote(&sb, str, strlen(str));
	return keep(s, tv_str_buf(&sb))->u.str.s;
}

static const char *vfmt(struct tmpl_exec *s, const struct tv *v)
{
	struct strbuf sb = STRBUF_INIT;
	tv_format(&sb, v);
	return keep(s, tv_str_buf(&sb))->u.str.s;
}

/* Go's reflect Type name of a value in flight */
static const char *static_type(struct xv x)
{
	if (x.iface)
		return "interface {}";
	return tv_type_name(x.v);
}

/* ---- variables ---- */

static void push_var(struct tmpl_exec *s, const char *name, struct xv v)
{
	if (s->nvars == s->capvars) {
		s->capvars = s->capvars ? 2 * s->capvars : 16;
		s->vars = xrealloc(s->vars, s->capvars * sizeof(*s->vars));
	}
	s->vars[s->nvars].name = name;
	s->vars[s->nvars].val = v;
	s->nvars++;
}

static void set_var(struct tmpl_exec *s, const char *name, struct xv v)
{
	for (int i = s->nvars - 1; i >= s->var_base; i--)
		if (!strcmp(s->vars[i].name, name)) {
			s->vars[i].val = v;
			return;
		}
	xerrorf(s, "undefined variable: %s", name);
}

static struct xv var_value(struct tmpl_exec *s, const char *name)
{
	for (int i = s->nvars - 1; i >= s->var_base; i--)
		if (!strcmp(s->vars[i].name, name))
			return s->vars[i].val;
	xerrorf(s, "undefined variable: %s", name);
}

/* ---- evaluation ---- */

static struct xv eval_pipeline(struct tmpl_exec *s, struct xv dot, const struct node *pipe);
static struct xv eval_arg(struct tmpl_exec *s, struct xv dot, const struct ptype *pt,
			  const struct node *n);
static struct xv eval_call(struct tmpl_exec *s, struct xv dot, const struct tmpl_func *fn,
			   struct tv *recv, int is_builtin, const struct node *node, const char *name,
			   struct node **args, int nargs, const struct xv *final);

static struct xv mkxv(struct tmpl_exec *s, struct tv *v_new)
{
	struct xv x = { keep(s, v_new), 0 };
	if (x.v && x.v->kind == TV_NIL)
		x.iface = 1;
	return x;
}

static void not_a_function(struct tmpl_exec *s, struct node **args, int nargs, const struct xv *final)
{
	if (nargs > 1 || final)
		xerrorf(s, "can't give argument to non-function %s", nstr(s, args[0]));
}

static struct xv ideal_constant(struct tmpl_exec *s, const struct node *c)
{
	s->node = c;
	const char *t = c->s;
	int is_hex = c->slen > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') &&
		     !memchr(t, 'p', c->slen) && !memchr(t, 'P', c->slen);
	int is_rune = c->slen > 0 && t[0] == '\'';
	int has_fl = 0;
	for (size_t i = 0; i < c->slen; i++)
		if (strchr(".eEpP", t[i]))
			has_fl = 1;
	if (c->is_complex)
		xerrorf(s, "complex constant %s is not supported", nstr(s, c));
	if (c->is_float && !is_hex && !is_rune && has_fl)
		return mkxv(s, tv_float(c->f64));
	if (c->is_int) {
		return mkxv(s, tv_int(c->i64));
	}
	if (c->is_uint)
		xerrorf(s, "%s overflows int", nstr(s, c));
	return XV_INVALID;
}

static struct xv zero_of(struct tmpl_exec *s, const struct tv_type *elem)
{
	if (!elem)
		return (struct xv){ tv_nil(), 1 };
	switch (elem->kind) {
	case TV_STRING: return mkxv(s, tv_str(""));
	case TV_INT: return mkxv(s, tv_int_typed(0, elem));
	case TV_UINT: return mkxv(s, tv_uint_typed(0, elem));
	case TV_FLOAT: return mkxv(s, tv_float(0));
	case TV_BOOL: return mkxv(s, tv_false());
	case TV_LIST: return mkxv(s, tv_list_new(elem));
	case TV_MAP: return mkxv(s, tv_map_new(elem));
	case TV_BYTES: return mkxv(s, tv_bytes("", 0));
	default: return (struct xv){ tv_nil(), 1 };
	}
}

static const struct tmpl_func *find_method(const struct tv *v, const char *name)
{
	if (!v || !v->type->methods)
		return NULL;
	for (const struct tmpl_func *m = v->type->methods; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

static struct xv eval_field(struct tmpl_exec *s, struct xv dot, const char *field,
			    const struct node *node, struct node **args, int nargs,
			    const struct xv *final, struct xv recv)
{
	if (!recv.v) {
		if (s->set->missingkey == TMPL_MISSINGKEY_ERROR)
			xerrorf(s, "nil data; no entry for key %s", quoted(s, field));
		return XV_INVALID;
	}
	const char *typ = static_type(recv);
	struct tv *v = recv.v;
	if (v->kind == TV_NIL)
		xerrorf(s, "nil pointer evaluating %s.%s", typ, field);
	const struct tmpl_func *m = find_method(v, field);
	if (m)
		return eval_call(s, dot, m, v, 0, node, field, args, nargs, final);
	int has_args = nargs > 1 || final;
	switch (v->kind) {
	case TV_STRUCT: {
		struct tv *f = tv_struct_get(v, field);
		if (f) {
			if (has_args)
				xerrorf(s, "%s has arguments but cannot be invoked as function", field);
			struct xv r = { keep_ref(s, f), f->kind == TV_NIL };
			return r;
		}
		break;
	}
	case TV_MAP: {
		if (has_args)
			xerrorf(s, "%s is not a method but has arguments", field);
		struct tv *e = tv_map_get(v, field);
		if (e) {
			struct xv r = { keep_ref(s, e), v->type->elem == NULL || e->kind == TV_NIL };
			return r;
		}
		switch (s->set->missingkey) {
		case TMPL_MISSINGKEY_DEFAULT:
			return XV_INVALID;
		case TMPL_MISSINGKEY_ZERO:
			return zero_of(s, v->type->elem);
		case TMPL_MISSINGKEY_ERROR:
			xerrorf(s, "map has no entry for key %s", quoted(s, field));
		}
		break;
	}
	default:
		break;
	}
	xerrorf(s, "can't evaluate field %s in type %s", field, typ);
}

static struct xv eval_field_chain(struct tmpl_exec *s, struct xv dot, struct xv recv,
				  const struct node *node, char **ident, int n, struct node **args,
				  int nargs, const struct xv *final)
{
	for (int i = 0; i < n - 1; i++)
		recv = eval_field(s, dot, ident[i], node, NULL, 0, NULL, recv);
	return eval_field(s, dot, ident[n - 1], node, args, nargs, final, recv);
}

static struct xv eval_field_node(struct tmpl_exec *s, struct xv dot, const struct node *f,
				 struct node **args, int nargs, const struct xv *final)
{
	s->node = f;
	return eval_field_chain(s, dot, dot, f, f->idents, f->nident, args, nargs, final);
}

static struct xv eval_chain_node(struct tmpl_exec *s, struct xv dot, const struct node *c,
				 struct node **args, int nargs, const struct xv *final)
{
	s->node = c;
	if (c->nident == 0)
		xerrorf(s, "internal error: no fields in evalChainNode");
	if (c->a->type == N_NIL)
		xerrorf(s, "indirection through explicit nil in %s", nstr(s, c));
	struct xv pipe = eval_arg(s, dot, NULL, c->a);
	return eval_field_chain(s, dot, pipe, c, c->idents, c->nident, args, nargs, final);
}

static struct xv eval_variable_node(struct tmpl_exec *s, struct xv dot, const struct node *v,
				    struct node **args, int nargs, const struct xv *final)
{
	s->node = v;
	struct xv val = var_value(s, v->idents[0]);
	if (v->nident == 1) {
		if (args)
			not_a_function(s, args, nargs, final);
		return val;
	}
	return eval_field_chain(s, dot, val, v, v->idents + 1, v->nident - 1, args, nargs, final);
}

static struct xv eval_function(struct tmpl_exec *s, struct xv dot, const struct node *id,
			       const struct node *cmd, struct node **args, int nargs,
			       const struct xv *final)
{
	s->node = id;
	const struct tmpl_func *fn = tmpl_lookup_func(s->set, id->s);
	if (!fn)
		xerrorf(s, "%s is not a defined function", quoted(s, id->s));
	int is_builtin = 0;
	for (const struct tmpl_func *b = tmpl_builtin_funcs; b->name; b++)
		if (b == fn)
			is_builtin = 1;
	return eval_call(s, dot, fn, NULL, is_builtin, cmd, id->s, args, nargs, final);
}

static int can_be_nil(const struct ptype *pt)
{
	if (!pt)
		return 1;
	if (pt->k == PK_ANY || pt->k == PK_VALUE)
		return 1;
	if (pt->k == PK_TYPE)
		return pt->t->kind == TV_LIST || pt->t->kind == TV_MAP || pt->t->kind == TV_BYTES ||
		       pt->t->kind == TV_FUNC || pt->t->ptr;
	return 0;
}

static int assignable(const struct tv *v, const struct tv_type *t)
{
	if (v->type == t)
		return 1;
	if (v->type->kind != t->kind || v->type->elem != t->elem)
		return 0;
	if (v->type->named && t->named)
		return 0;
	/* unnamed composite types with the same structure */
	if (t->kind == TV_LIST || t->kind == TV_MAP || t->kind == TV_BYTES)
		return 1;
	return 0;
}

static struct xv validate_type(struct tmpl_exec *s, struct xv value, const struct ptype *pt)
{
	if (!value.v) {
		if (!pt)
			return value;
		if (pt->k == PK_VALUE)
			return value;
		if (can_be_nil(pt)) {
			if (pt->k == PK_ANY)
				return (struct xv){ tv_nil(), 1 };
			return zero_of(s, pt->t);
		}
		xerrorf(s, "invalid value; expected %s", pt->name);
	}
	if (!pt || pt->k == PK_ANY || pt->k == PK_VALUE)
		return value;
	if (pt->k == PK_BAD)
		xerrorf(s, "can't handle %s for arg of type %s", nstr(s, s->node), pt->name);
	if (value.v->kind == TV_NIL) {
		xerrorf(s, "wrong type for value; expected %s; got interface {}", pt->name);
	}
	if (!assignable(value.v, pt->t))
		xerrorf(s, "wrong type for value; expected %s; got %s", pt->name, tv_type_name(value.v));
	value.iface = 0;
	return value;
}

static struct xv eval_empty_interface(struct tmpl_exec *s, struct xv dot, const struct node *n);

static struct xv eval_arg(struct tmpl_exec *s, struct xv dot, const struct ptype *pt,
			  const struct node *n)
{
	s->node = n;
	switch (n->type) {
	case N_DOT:
		return validate_type(s, dot, pt);
	case N_NIL:
		if (pt && pt->k == PK_VALUE)
			return XV_INVALID;
		if (can_be_nil(pt)) {
			if (pt && pt->k == PK_TYPE)
				return zero_of(s, pt->t);
			return (struct xv){ tv_nil(), 1 };
		}
		xerrorf(s, "cannot assign nil to %s", pt->name);
	case N_FIELD: {
		struct node *a[1] = { (struct node *)n };
		return validate_type(s, eval_field_node(s, dot, n, a, 1, NULL), pt);
	}
	case N_VARIABLE:
		return validate_type(s, eval_variable_node(s, dot, n, NULL, 0, NULL), pt);
	case N_PIPE:
		return validate_type(s, eval_pipeline(s, dot, n), pt);
	case N_IDENT:
		return validate_type(s, eval_function(s, dot, n, n, NULL, 0, NULL), pt);
	case N_CHAIN:
		return validate_type(s, eval_chain_node(s, dot, n, NULL, 0, NULL), pt);
	default:
		break;
	}
	if (!pt || pt->k == PK_ANY || pt->k == PK_VALUE)
		return eval_empty_interface(s, dot, n);
	if (pt->k == PK_TYPE) {
		switch (pt->t->kind) {
		case TV_BOOL:
			if (n->type == N_BOOL)
				return mkxv(s, tv_bool(n->b));
			xerrorf(s, "expected bool; found %s", nstr(s, n));
		case TV_FLOAT:
			if (n->type == N_NUMBER && n->is_float)
				return mkxv(s, tv_float(n->f64));
			xerrorf(s, "expected float; found %s", nstr(s, n));
		case TV_INT:
			if (n->type == N_NUMBER && n->is_int)
				return mkxv(s, tv_int_typed(n->i64, pt->t));
			xerrorf(s, "expected integer; found %s", nstr(s, n));
		case TV_UINT:
			if (n->type == N_NUMBER && n->is_uint)
				return mkxv(s, tv_uint_typed(n->u64, pt->t));
			xerrorf(s, "expected unsigned integer; found %s", nstr(s, n));
		case TV_STRING:
			if (n->type == N_STRING)
				return mkxv(s, tv_strn(n->s2, n->s2len));
			xerrorf(s, "expected string; found %s", nstr(s, n));
		default:
			break;
		}
	}
	xerrorf(s, "can't handle %s for arg of type %s", nstr(s, n), pt->name);
}

static struct xv eval_empty_interface(struct tmpl_exec *s, struct xv dot, const struct node *n)
{
	s->node = n;
	switch (n->type) {
	case N_BOOL: return mkxv(s, tv_bool(n->b));
	case N_DOT: return dot;
	case N_FIELD: return eval_field_node(s, dot, n, NULL, 0, NULL);
	case N_IDENT: return eval_function(s, dot, n, n, NULL, 0, NULL);
	case N_NIL: xerrorf(s, "evalEmptyInterface: nil (can't happen)");
	case N_NUMBER: return ideal_constant(s, n);
	case N_STRING: return mkxv(s, tv_strn(n->s2, n->s2len));
	case N_VARIABLE: return eval_variable_node(s, dot, n, NULL, 0, NULL);
	case N_PIPE: return eval_pipeline(s, dot, n);
	default: break;
	}
	xerrorf(s, "can't handle assignment of %s to empty interface argument", nstr(s, n));
}

static struct tv *arg_tv(struct xv x, const struct ptype *pt, unsigned long long *mask, int i)
{
	if (pt && pt->k == PK_VALUE) {
		if (x.iface && i < 64)
			*mask |= 1ULL << i;
		return x.v;
	}
	return x.v ? x.v : tv_nil();
}

static struct xv eval_call(struct tmpl_exec *s, struct xv dot, const struct tmpl_func *fn,
			   struct tv *recv, int is_builtin, const struct node *node, const char *name,
			   struct node **args, int nargs, const struct xv *final)
{
	struct psig tmp;
	const struct psig *sigp = sig_of(fn, &tmp);
	if (args) {
		args++;
		nargs--;
	} else {
		nargs = 0;
	}
	int num_in = nargs + (final ? 1 : 0);
	int num_fixed = nargs;
	if (sigp->variadic) {
		num_fixed = sigp->n - 1;
		if (num_in < num_fixed)
			xerrorf(s, "wrong number of args for %s: want at least %d got %d", name, sigp->n - 1, nargs);
	} else if (num_in != sigp->n) {
		xerrorf(s, "wrong number of args for %s: want %d got %d", name, sigp->n, num_in);
	}
	if (is_builtin && (!strcmp(name, "and") || !strcmp(name, "or"))) {
		int want = !strcmp(name, "or");
		struct xv v = XV_INVALID;
		for (int i = 0; i < nargs; i++) {
			v = eval_arg(s, dot, &sigp->p[0], args[i]);
			if (tv_truth(v.v) == want)
				return v;
		}
		if (final)
			v = validate_type(s, *final, &sigp->p[0]);
		return v;
	}
	int extra = recv ? 1 : 0;
	struct tv **argv = xcalloc((size_t)(num_in + extra + 1), sizeof(*argv));
	keep(s, tv_str_take((char *)argv, 0)); /* freed with the pool */
	if (recv)
		argv[0] = recv;
	int i = 0;
	unsigned long long mask = 0;
	for (; i < num_fixed && i < nargs; i++)
		argv[extra + i] = arg_tv(eval_arg(s, dot, &sigp->p[i], args[i]), &sigp->p[i], &mask, extra + i);
	if (sigp->variadic) {
		const struct ptype *vt = &sigp->p[sigp->n - 1];
		for (; i < nargs; i++)
			argv[extra + i] = arg_tv(eval_arg(s, dot, vt, args[i]), vt, &mask, extra + i);
	}
	if (final) {
		const struct ptype *t = &sigp->p[sigp->n - 1];
		if (sigp->variadic && num_in - 1 < num_fixed)
			t = &sigp->p[num_in - 1];
		argv[extra + i] = arg_tv(validate_type(s, *final, t), t, &mask, extra + i);
	}
	struct tmpl_call call = { s, s->set, name, s->set->udata, NULL, mask };
	if (is_builtin && !strcmp(name, "call")) {
		if (nargs > 0) {
			call.callee = nstr(s, args[0]);
		} else if (final && final->v && final->v->kind == TV_STRING) {
			call.callee = final->v->u.str.s;
		} else {
			struct strbuf cb = STRBUF_INIT;
			strbuf_addf(&cb, "<%s Value>", final && final->v ? tv_type_name(final->v) : "invalid");
			call.callee = keep(s, tv_str_buf(&cb))->u.str.s;
		}
	}
	struct kc_err ferr = KC_ERR_INIT;
	struct tv *r = fn->fn(&call, num_in + extra, argv, &ferr);
	if (!r) {
		s->node = node;
		char *m = strbuf_detach(&ferr.msg, NULL);
		keep(s, tv_str_take(m, strlen(m)));
		kc_err_release(&ferr);
		xerror_sb(s, "error calling ", name, ": ", m);
	}
	kc_err_release(&ferr);
	return mkxv(s, r);
}

static struct xv eval_command(struct tmpl_exec *s, struct xv dot, const struct node *cmd,
			      const struct xv *final)
{
	struct node *first = cmd->kids[0];
	switch (first->type) {
	case N_FIELD:
		return eval_field_node(s, dot, first, cmd->kids, cmd->nkids, final);
	case N_CHAIN:
		return eval_chain_node(s, dot, first, cmd->kids, cmd->nkids, final);
	case N_IDENT:
		return eval_function(s, dot, first, cmd, cmd->kids, cmd->nkids, final);
	case N_PIPE:
		not_a_function(s, cmd->kids, cmd->nkids, final);
		return eval_pipeline(s, dot, first);
	case N_VARIABLE:
		return eval_variable_node(s, dot, first, cmd->kids, cmd->nkids, final);
	default:
		break;
	}
	s->node = first;
	not_a_function(s, cmd->kids, cmd->nkids, final);
	switch (first->type) {
	case N_BOOL: return mkxv(s, tv_bool(first->b));
	case N_DOT: return dot;
	case N_NIL: xerrorf(s, "nil is not a command");
	case N_NUMBER: return ideal_constant(s, first);
	case N_STRING: return mkxv(s, tv_strn(first->s2, first->s2len));
	default: break;
	}
	xerrorf(s, "can't evaluate command %s", quoted(s, nstr(s, first)));
}

static struct xv eval_pipeline(struct tmpl_exec *s, struct xv dot, const struct node *pipe)
{
	struct xv value = XV_INVALID;
	int have = 0;
	if (!pipe)
		return value;
	s->node = pipe;
	for (int i = 0; i < pipe->nkids; i++) {
		value = eval_command(s, dot, pipe->kids[i], have ? &value : NULL);
		have = 1;
		if (value.iface) {
			if (value.v && value.v->kind == TV_NIL)
				value.v = NULL;
			value.iface = 0;
		}
	}
	for (int i = 0; i < pipe->ndecl; i++) {
		if (pipe->is_assign)
			set_var(s, pipe->decl[i]->idents[0], value);
		else
			push_var(s, pipe->decl[i]->idents[0], value);
	}
	return value;
}

/* ---- walking ---- */

enum walk_rc { W_OK, W_BREAK, W_CONTINUE };

static enum walk_rc walk(struct tmpl_exec *s, struct xv dot, const struct node *n);

static void print_value(struct tmpl_exec *s, const struct node *n, struct xv v)
{
	s->node = n;
	if (!v.v) {
		strbuf_addstr(s->out, "<no value>");
		return;
	}
	if (v.v->kind == TV_FUNC)
		xerrorf(s, "can't print %s of type %s", nstr(s, n), tv_type_name(v.v));
	tv_print(s->out, v.v);
}

static enum walk_rc walk_if_or_with(struct tmpl_exec *s, int is_with, struct xv dot, const struct node *n)
{
	int mark = s->nvars;
	enum walk_rc rc = W_OK;
	struct xv val = eval_pipeline(s, dot, n->pipe);
	if (tv_truth(val.v))
		rc = walk(s, is_with ? val : dot, n->list);
	else if (n->elselist)
		rc = walk(s, dot, n->elselist);
	s->nvars = mark;
	return rc;
}

static enum walk_rc walk_range(struct tmpl_exec *s, struct xv dot, const struct node *r)
{
	s->node = r;
	int mark0 = s->nvars;
	struct xv val = eval_pipeline(s, dot, r->pipe);
	int mark = s->nvars;
	const struct node *pipe = r->pipe;
	int ran = 0;
	struct tv *v = val.v;
	size_t count = 0;
	if (!v) {
		count = 0;
	} else if (v->kind == TV_INT || v->kind == TV_UINT) {
		if (pipe->ndecl > 1)
			xerrorf(s, "can't use %s to iterate over more than one variable", vfmt(s, v));
		count = v->kind == TV_INT ? (v->u.i > 0 ? (size_t)v->u.i : 0) : (size_t)v->u.u;
	} else if (v->kind == TV_LIST) {
		count = v->u.list.len;
	} else if (v->kind == TV_BYTES) {
		count = v->u.str.len;
	} else if (v->kind == TV_MAP) {
		count = v->u.map.len;
	} else if (v->kind == TV_NIL) {
		count = 0;
	} else {
		xerrorf(s, "range can't iterate over %s", vfmt(s, v));
	}
	/* maps may change while we iterate (set/unset): iterate over a snapshot */
	struct tv *snap = v && v->kind == TV_MAP ? keep(s, tv_copy(v)) : v;
	for (size_t i = 0; i < count; i++) {
		struct xv index = XV_INVALID, elem = XV_INVALID;
		ran = 1;
		if (v->kind == TV_INT) {
			elem = mkxv(s, tv_int_typed((int64_t)i, v->type));
		} else if (v->kind == TV_UINT) {
			elem = mkxv(s, tv_uint_typed((uint64_t)i, v->type));
		} else if (v->kind == TV_LIST) {
			index = mkxv(s, tv_int((int64_t)i));
			elem.v = keep_ref(s, v->u.list.items[i]);
			elem.iface = v->type->elem == NULL || elem.v->kind == TV_NIL;
		} else if (v->kind == TV_BYTES) {
			index = mkxv(s, tv_int((int64_t)i));
			elem = mkxv(s, tv_uint_typed((unsigned char)v->u.str.s[i], &tv_type_uint8));
		} else {
			index = mkxv(s, tv_strn(snap->u.map.ents[i].key, snap->u.map.ents[i].keylen));
			elem.v = keep_ref(s, snap->u.map.ents[i].val);
			elem.iface = v->type->elem == NULL || elem.v->kind == TV_NIL;
		}
		if (pipe->ndecl > 0) {
			if (pipe->is_assign) {
				if (pipe->ndecl > 1)
					set_var(s, pipe->decl[0]->idents[0], index);
				else
					set_var(s, pipe->decl[0]->idents[0], elem);
			} else {
				s->vars[s->nvars - 1].val = elem;
			}
		}
		if (pipe->ndecl > 1) {
			if (pipe->is_assign)
				set_var(s, pipe->decl[1]->idents[0], elem);
			else
				s->vars[s->nvars - 2].val = index;
		}
		enum walk_rc rc = walk(s, elem, r->list);
		s->nvars = mark;
		if (rc == W_BREAK)
			break;
	}
	if (!ran && r->elselist) {
		enum walk_rc rc = walk(s, dot, r->elselist);
		s->nvars = mark0;
		return rc;
	}
	s->nvars = mark0;
	return W_OK;
}

/* A tree's root for one execution: lazy trees (tmpl_set_lazy_bodies) are
 * re-parsed on first use and dropped when their last user leaves. An error
 * jumps out without leave_tree: the body then stays until the set is freed. */
static const struct node *enter_tree(struct tmpl_exec *s, struct tree *tr)
{
	if (!tr->lazy)
		return tr->root;
	if (!tr->root) {
		struct kc_err e = KC_ERR_INIT;
		if (tree_materialize(s->set, tr, &e) < 0) {
			const char *m = keep(s, tv_str(e.msg.buf))->u.str.s;
			kc_err_release(&e);
			xerrorf(s, "%s", m);
		}
		kc_err_release(&e);
	}
	tr->users++;
	return tr->root;
}

static void leave_tree(struct tree *tr)
{
	if (tr->lazy && !--tr->users)
		tree_drop_body(tr);
}

static void walk_template(struct tmpl_exec *s, struct xv dot, const struct node *t)
{
	s->node = t;
	struct tree *tr = tmpl_find_tree(s->set, t->s);
	if (!tr)
		xerrorf(s, "template %s not defined", quoted(s, t->s));
	int maxd = s->set->max_depth ? s->set->max_depth : TMPL_MAX_DEPTH;
	if (s->depth >= maxd)
		xerrorf(s, "exceeded maximum template depth (%d)", maxd);
	dot = eval_pipeline(s, dot, t->pipe);
	const char *oname = s->name;
	int mark = s->nvars, obase = s->var_base;
	/* a new state: only $ is visible */
	s->var_base = s->nvars;
	s->depth++;
	s->name = keep(s, tv_str(t->s))->u.str.s;
	push_var(s, "$", dot);
	walk(s, dot, enter_tree(s, tr));
	leave_tree(tr);
	s->node = t; /* not a node of a body leave_tree may have dropped */
	s->depth--;
	s->name = oname;
	s->var_base = obase;
	s->nvars = mark;
}

static enum walk_rc walk(struct tmpl_exec *s, struct xv dot, const struct node *n)
{
	s->node = n;
	switch (n->type) {
	case N_ACTION: {
		struct xv val = eval_pipeline(s, dot, n->pipe);
		if (n->pipe->ndecl == 0)
			print_value(s, n, val);
		return W_OK;
	}
	case N_BREAK:
		return W_BREAK;
	case N_CONTINUE:
		return W_CONTINUE;
	case N_COMMENT:
		return W_OK;
	case N_IF:
		return walk_if_or_with(s, 0, dot, n);
	case N_WITH:
		return walk_if_or_with(s, 1, dot, n);
	case N_LIST:
		for (int i = 0; i < n->nkids; i++) {
			enum walk_rc rc = walk(s, dot, n->kids[i]);
			if (rc != W_OK)
				return rc;
		}
		return W_OK;
	case N_RANGE:
		return walk_range(s, dot, n);
	case N_TEMPLATE:
		walk_template(s, dot, n);
		return W_OK;
	case N_TEXT:
		strbuf_add(s->out, n->s, n->slen);
		return W_OK;
	default:
		xerrorf(s, "unknown node: %s", nstr(s, n));
	}
}

/* ---- entry points ---- */

struct run {
	struct tmpl *set;
	struct tree *tree;
	const char *name;
	struct tv *data;
	struct strbuf *out;
	struct kc_err *err;
	int depth;
	int nest;
	int rc;
};

static void run_exec(struct run *r)
{
	struct tmpl_exec *s = xcalloc(1, sizeof(*s));
	s->set = r->set;
	s->name = r->name;
	s->out = r->out;
	s->err = r->err;
	s->depth = r->depth;
	s->nest = r->nest;
	struct xv data = { r->data, 0 };
	if (data.v && data.v->kind == TV_NIL)
		data.v = NULL;
	r->rc = 0;
	volatile int entered = 0;
	if (setjmp(s->jb)) {
		r->rc = -1;
	} else {
		push_var(s, "$", data);
		const struct node *root = enter_tree(s, r->tree);
		entered = 1;
		walk(s, data, root);
	}
	if (entered)
		leave_tree(r->tree);
	for (size_t i = 0; i < s->npool; i++)
		tv_decref(s->pool[i]);
	free(s->pool);
	free(s->vars);
	free(s);
}

struct big_stack_job {
	void (*fn)(void *);
	void *arg;
};

static __thread int on_big_stack;

/* One long-lived worker thread with the big stack serves every top-level run
 * (a thread per run cost an mmap, a clone and glibc's madvise of the stack on
 * exit each time: most of the time of rendering a chart with many templates). */
static pthread_mutex_t bs_users = PTHREAD_MUTEX_INITIALIZER; /* one job at a time */
static pthread_mutex_t bs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bs_cond = PTHREAD_COND_INITIALIZER;
static struct big_stack_job *bs_job;
static int bs_state; /* 0 not started, 1 running, -1 could not start */

static void *big_stack_thread(void *p)
{
	(void)p;
	on_big_stack = 1;
	pthread_mutex_lock(&bs_lock);
	for (;;) {
		while (!bs_job)
			pthread_cond_wait(&bs_cond, &bs_lock);
		struct big_stack_job *j = bs_job;
		pthread_mutex_unlock(&bs_lock);
		j->fn(j->arg);
		pthread_mutex_lock(&bs_lock);
		j->fn = NULL; /* done */
		bs_job = NULL;
		pthread_cond_broadcast(&bs_cond);
	}
	return NULL;
}

static int big_stack_start(void)
{
	pthread_attr_t attr;
	pthread_t th;
	int ok = 0;
	/* the worker only runs while the caller waits: one malloc arena is
	 * enough, and a second one (glibc's default for a new thread) kept
	 * ~3.5 MB of freed pages resident at 400 templates */
	mallopt(M_ARENA_MAX, 1);
	if (!pthread_attr_init(&attr)) {
		ok = !pthread_attr_setstacksize(&attr, (size_t)1 << 30) &&
		     !pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) &&
		     !pthread_create(&th, &attr, big_stack_thread, NULL);
		pthread_attr_destroy(&attr);
	}
	return ok ? 1 : -1;
}

void tmpl_run_big_stack(void (*fn)(void *), void *arg)
{
	struct big_stack_job j = { fn, arg };
	if (on_big_stack) {
		fn(arg);
		return;
	}
	pthread_mutex_lock(&bs_users);
	if (!bs_state)
		bs_state = big_stack_start();
	if (bs_state < 0) {
		pthread_mutex_unlock(&bs_users);
		fn(arg);
		return;
	}
	pthread_mutex_lock(&bs_lock);
	bs_job = &j;
	pthread_cond_broadcast(&bs_cond);
	while (j.fn)
		pthread_cond_wait(&bs_cond, &bs_lock);
	pthread_mutex_unlock(&bs_lock);
	pthread_mutex_unlock(&bs_users);
}

static void run_exec_void(void *arg)
{
	run_exec(arg);
}

static int run_prepare(struct run *r, struct tmpl *t, const char *name, struct tv *data,
		       struct strbuf *out, struct kc_err *err)
{
	r->set = t;
	r->tree = tmpl_find_tree(t, name);
	r->name = name;
	r->data = data;
	r->out = out;
	r->err = err;
	if (!r->tree) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		go_quote(&a, name, strlen(name));
		go_quote(&b, t->root_name, strlen(t->root_name));
		kc_err_raw(err, "template: no template %s associated with template %s", a.buf, b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
		return -1;
	}
	return 0;
}

int tmpl_execute(struct tmpl *t, const char *name, struct tv *data, struct strbuf *out,
		 struct kc_err *err)
{
	struct run r = { 0 };
	if (run_prepare(&r, t, name, data, out, err) < 0)
		return -1;
	tmpl_run_big_stack(run_exec_void, &r);
	return r.rc;
}

/* Go has no limit here (include is capped by Helm at 1000 per name, tpl not at
 * all: Go dies of stack exhaustion); kc stops cleanly at TMPL_MAX_NESTED. */
#define TMPL_MAX_NESTED 10000
static int nest_check(struct tmpl_call *call, struct run *r, struct kc_err *err)
{
	r->nest = call->exec ? call->exec->nest + 1 : 1;
	if (r->nest > TMPL_MAX_NESTED)
		return kc_err_raw(err, "template: exceeded maximum nesting of include/tpl (%d)", TMPL_MAX_NESTED);
	return 0;
}

int tmpl_exec_nested(struct tmpl_call *call, const char *name, struct tv *data,
		     struct strbuf *out, struct kc_err *err)
{
	struct run r = { 0 };
	if (nest_check(call, &r, err) < 0 || run_prepare(&r, call->set, name, data, out, err) < 0)
		return -1;
	run_exec(&r);
	return r.rc;
}

int tmpl_execute_in(struct tmpl_call *call, struct tmpl *t, const char *name, struct tv *data,
		    struct strbuf *out, struct kc_err *err)
{
	struct run r = { 0 };
	if (nest_check(call, &r, err) < 0 || run_prepare(&r, t, name, data, out, err) < 0)
		return -1;
	run_exec(&r);
	return r.rc;
}
