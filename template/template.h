/* template: Go's text/template in C, to the byte (parse errors, exec errors,
 * fmt output). Values are struct tv (template/value.h; same ownership rule:
 * functions borrow arguments and return new references, *_take steals).
 *
 * A `struct tmpl` is Go's template set (*template.Template with its associated
 * templates): named templates ({{define}}, files parsed under a name) sharing one
 * function table and options.
 *
 *   struct tmpl *t = tmpl_new();
 *   tmpl_add_funcs(t, sprig_funcs);            // Go's builtins are always there
 *   tmpl_add_funcs(t, helm_funcs);             // later tables override earlier
 *   tmpl_set_missingkey(t, TMPL_MISSINGKEY_ZERO);
 *   if (tmpl_parse(t, "mychart/templates/a.yaml", text, len, &err) < 0) …
 *   if (tmpl_execute(t, "mychart/templates/a.yaml", data, &out, &err) < 0) …
 *   tmpl_free(t);
 *
 * Errors are Go's texts exactly, e.g.
 *   template: NAME:1: unexpected "}" in operand
 *   template: NAME:1:10: executing "NAME" at <.Values.a.b>: nil pointer evaluating interface {}.b
 *   template: NAME:1:3: executing "NAME" at <upper 1>: wrong type for value; expected string; got int
 *   template: NAME:1:3: executing "NAME" at <fail "x">: error calling fail: x
 * set in err with kind KC_ERR_RAW. */
#ifndef KC_TEMPLATE_TEMPLATE_H
#define KC_TEMPLATE_TEMPLATE_H

#include <stddef.h>

#include "template/value.h"
#include "util/err.h"
#include "util/strbuf.h"

struct tmpl;       /* a template set */
struct tmpl_exec;  /* one running execution (what a function may call back into) */

/* What a function gets besides its arguments. */
struct tmpl_call {
	struct tmpl_exec *exec; /* the running execution (for include/tpl) */
	struct tmpl *set;       /* the set being executed */
	const char *name;       /* the function's name as called */
	void *udata;            /* tmpl_set_udata()'s pointer (e.g. Helm's render state) */
	const char *callee;     /* builtin call only: the callee's source text */
	/* bit i: argv[i] (a reflect.Value parameter) has static type interface {}
	 * (it came out of a map or []interface {} without passing a pipeline) */
	unsigned long long iface_mask;
};

/* A template function. argv[0..argc-1] are BORROWED and already converted to the
 * declared parameter types (see .params); never NULL (a missing value arrives as
 * tv_nil() for interface {} parameters). Returns a new reference, or NULL after
 * setting err's message to the Go error's text alone — the executor frames it as
 * `error calling NAME: TEXT`. (Go panics inside functions are reported the same
 * way, so a C function reproduces a Sprig panic by returning its text.) */
typedef struct tv *(*tmpl_fn)(struct tmpl_call *call, int argc, struct tv **argv,
			      struct kc_err *err);

/* One entry of a function table; tables end with { NULL }.
 *
 * .params is the Go parameter list exactly as in the Go signature, so the
 * executor applies Go's argument rules and error texts:
 *   "string"                      func(string) …
 *   "string, interface {}"        func(string, interface{}) …
 *   "...interface {}"             func(...interface{}) …
 *   "int, ...string"              func(int, ...string) …
 *   ""                            func() …
 * Known type names: interface {}, string, bool, int, int64, int32, uint8, uint,
 * uint64, float64, []interface {}, []string, []int, []uint8, []byte,
 * map[string]interface {}, map[string]string, reflect.Value (receives the value as
 * is; a missing value arrives as NULL — Go's builtins), plus the names of the types in
 * .types (e.g. "time.Time", "*semver.Version").
 * With those the executor reports, as Go does:
 *   wrong number of args for NAME: want 1 got 2
 *   wrong type for value; expected string; got int
 *   invalid value; expected string            (a missing value for a non-interface)
 *   expected integer; found "x"               (a literal of the wrong kind)
 *   cannot assign nil to string
 * and converts untyped literals (a literal 1 passed to float64 arrives as 1.0, to
 * int64 as int64). A parameter of a type not listed here is a programming error
 * (the executor reports "can't handle … for arg of type …"). */
struct tmpl_func {
	const char *name;
	tmpl_fn fn;
	const char *params;
	const struct tv_type *const *types; /* extra named types used in .params; NULL-ended */
};

/* Go's builtins (and or not len index slice print printf println html js urlquery
 * eq ne lt le gt ge call) — always present in every set; exported for listing. */
extern const struct tmpl_func tmpl_builtin_funcs[];

enum tmpl_missingkey {
	TMPL_MISSINGKEY_DEFAULT, /* "<no value>" printed for a missing map key (invalid) */
	TMPL_MISSINGKEY_ZERO,    /* the element type's zero value (Helm) */
	TMPL_MISSINGKEY_ERROR,   /* map has no entry for key "x" */
};

struct tmpl *tmpl_new(void);
void tmpl_free(struct tmpl *t);

/* Adds a function table (borrowed: must outlive the set; static tables do).
 * Functions must be added before parsing templates that call them (Go: function
 * "x" not defined is a parse error). Later tables override earlier names. */
void tmpl_add_funcs(struct tmpl *t, const struct tmpl_func *table);
/* Looks a function up by name (set tables, then builtins); NULL if none. */
const struct tmpl_func *tmpl_lookup_func(const struct tmpl *t, const char *name);

/* Go's name of the receiver template (template.New(NAME)); appears in
 * `no template "x" associated with template "NAME"`. Helm uses "gotpl". */
void tmpl_set_name(struct tmpl *t, const char *name);
const char *tmpl_name(const struct tmpl *t);
void tmpl_set_missingkey(struct tmpl *t, enum tmpl_missingkey mk);
void tmpl_set_udata(struct tmpl *t, void *udata);
/* Delimiters (Go's Delims); NULL restores "{{" / "}}". Copied. */
void tmpl_set_delims(struct tmpl *t, const char *left, const char *right);

/* Go's t.New(name).Parse(text): parses text as template `name` and adds it and
 * every {{define}}/{{block}} it contains to the set (a later non-empty definition
 * replaces an earlier one, an empty one does not). text is copied. 0 / -1 + err. */
int tmpl_parse(struct tmpl *t, const char *name, const char *text, size_t len,
	       struct kc_err *err);

/* Memory for sets whose files are each executed about once (Helm's engine):
 * after tmpl_parse checks a text and registers its {{define}}/{{block}}
 * templates, the text's own top-level tree is dropped and re-parsed from the
 * kept text whenever it is executed, then dropped again when the outermost
 * execution using it ends. Output and errors are unchanged (the re-parse sees
 * the same text, functions and delimiters); a chart's peak memory no longer
 * holds every file's tree. Applies to texts parsed while on. Default off. */
void tmpl_set_lazy_bodies(struct tmpl *t, int on);
/* tmpl_parse keeps a pointer to the caller's text instead of a copy: each
 * text must have a NUL at text[len] and outlive the set and its clones
 * (Helm's engine: the chart's files). Sets made from this one (tmpl_clone,
 * tmpl_overlay) copy their texts as usual. Default off. */
void tmpl_set_borrow_texts(struct tmpl *t, int on);

/* The set's template names in sorted order (Go's Templates()): count and i-th. */
size_t tmpl_count(const struct tmpl *t);
const char *tmpl_name_at(const struct tmpl *t, size_t i);

/* Is `name` defined in the set (Go's t.Lookup(name) != nil with a tree)? */
int tmpl_has(const struct tmpl *t, const char *name);

/* Go's t.ExecuteTemplate(out, name, data): appends the output to out (on error,
 * out holds what was written before the error, as Go's writer would). data is
 * borrowed (NULL = nil). 0 / -1 + err. Unknown name:
 *   template: no template "x" associated with template "y"  */
int tmpl_execute(struct tmpl *t, const char *name, struct tv *data, struct strbuf *out,
		 struct kc_err *err);

/* For functions such as Helm's include: executes template `name` of the running
 * set with a fresh state (like ExecuteTemplate from inside a function), sharing
 * the C-stack guard of the current execution. */
int tmpl_exec_nested(struct tmpl_call *call, const char *name, struct tv *data,
		     struct strbuf *out, struct kc_err *err);

/* Like tmpl_exec_nested but executes `name` of another set t (Helm's tpl runs a
 * cloned set from inside a function). */
int tmpl_execute_in(struct tmpl_call *call, struct tmpl *t, const char *name, struct tv *data,
		    struct strbuf *out, struct kc_err *err);

/* Go's t.Clone(): a new set with the same templates (shared, immutable trees),
 * functions, options and udata. For Helm's tpl. */
struct tmpl *tmpl_clone(const struct tmpl *t);
/* A cheap clone for one short-lived use (Helm's tpl): an empty set whose
 * lookups fall back to parent's templates and functions, with parent's name,
 * options and function tables. Templates parsed into it stay in it. parent must
 * outlive it (and not change while it is used). Free with tmpl_free. */
struct tmpl *tmpl_overlay(const struct tmpl *parent);

/* Runs fn(arg) on the engine's thread with a 1 GiB (reserved, lazily committed)
 * stack, where parsing and execution run (deep but legal nesting cannot overflow
 * the caller's stack). Parse/execute calls made inside fn run there directly,
 * so a caller with many of them (a whole chart) hands off once. Nested calls
 * are fine; calls are serialised. */
void tmpl_run_big_stack(void (*fn)(void *), void *arg);

/* Go's Tree.String() of a parsed template (node_string), "" if undefined. For
 * parser tests. */
void tmpl_tree_string(const struct tmpl *t, const char *name, struct strbuf *out);

/* Depth guards. Go allows 100000 nested {{template}} calls and reports
 * "exceeded maximum template depth (100000)". kc executes on its own large stack
 * so it can honour the same limit; TMPL_MAX_DEPTH documents it. */
#define TMPL_MAX_DEPTH 100000
/* Lower the {{template}} depth limit (fuzzing only; the error then names the
 * lower number). 0 restores TMPL_MAX_DEPTH. */
void tmpl_set_max_depth(struct tmpl *t, int depth);

#endif
