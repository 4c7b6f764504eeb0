/* kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath) on jansson values,
 * and the two kubectl printers built on it: -o jsonpath=… and -o custom-columns=….
 *
 * Template language (as client-go): plain text with {…} actions. Inside an action:
 * $  @  .field  ['field']  ..field (recursive descent)  *  [n] [-n] [a:b:c]  [a,b]
 * ['a','b']  [?(@.x == "y")] (== != < > <= >=, existence [?(@.x)])  {range …}{end}
 * "quoted text" / 'text' with Go escapes, int and float literals, true/false.
 * No && / || / =~ in filters (kubectl 1.32 has none either: parse errors).
 *
 * Values print as client-go prints them: strings raw, numbers as Go's %v of the
 * value's Go type (int64 for JSON integers of unstructured objects, float64 for
 * objects that went through json.Unmarshal — see JSONPATH_FLOAT64: 1e+06),
 * bools true/false, null as "null" ("<no value>" for a null {range} item), maps
 * (keys sorted) and slices as compact json.Marshal output (HTML-escaped).
 * Several results of one action are separated by a space. Maps are walked in
 * sorted key order by `*` and `..` (kubectl's order is Go's random map order).
 *
 * Ownership: jsonpath_parse returns a new struct the caller frees with
 * jsonpath_free; `data` passed to execute is borrowed (never modified, no
 * reference kept). Output is appended to `out`. Errors fill `err` (KC_ERR_PLAIN)
 * with client-go's bare message ("x is not found", "unclosed action" …); the
 * kubectl_* functions below add kubectl's framing. */
#ifndef KC_KUBE_JSONPATH_H
#define KC_KUBE_JSONPATH_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

struct jsonpath;

/* Number typing. Default: JSON integers are int64 (unstructured objects decoded
 * by apimachinery), reals are float64. JSONPATH_FLOAT64: every number is float64
 * (objects kubectl marshals and re-reads with encoding/json, e.g. kubeconfig in
 * `config view`), so 1000000 prints as 1e+06. */
#define JSONPATH_FLOAT64 0x1
/* -o jsonpath-as-json: each action's results as one indented JSON array. */
#define JSONPATH_OUTPUT_JSON 0x2

/* Parse `text` (template named `name`, used in no message today but kept as
 * client-go's New(name)). NULL + err with client-go's parse error text. */
struct jsonpath *jsonpath_parse(const char *name, const char *text, struct kc_err *err);
/* client-go AllowMissingKeys: a missing map key yields no result instead of
 * "KEY is not found" (array indexes out of range still fail, as in client-go).
 * Default 0 (client-go's default; kubectl's printers set it). */
void jsonpath_set_allow_missing_keys(struct jsonpath *jp, int allow);
/* JSONPATH_* flags; default 0. */
void jsonpath_set_flags(struct jsonpath *jp, unsigned flags);
/* Evaluate on data (borrowed), appending text to out. -1 + err on failure, and
 * then nothing is appended (client-go finds every result before printing). */
int jsonpath_execute(struct jsonpath *jp, const json_t *data, struct strbuf *out,
		     struct kc_err *err);
void jsonpath_free(struct jsonpath *jp);
/* Safety limits (0 = default): evaluation steps + values produced per execution
 * (default 10 million: "jsonpath evaluation too large") and bytes one execution
 * may print (default 256 MiB: "jsonpath output too large"). No real template
 * reaches them; they keep hostile templates from hanging kc. */
void jsonpath_set_limits(struct jsonpath *jp, unsigned long long max_work,
			 unsigned long long max_output);

/* One custom-columns cell: every result printed with fmt.Sprint, joined by
 * ",", "<none>" when there is none, terminal escapes defused (kubectl's
 * printOneObject). Appends to cell; -1 + err on failure. */
int jsonpath_column_text(struct jsonpath *jp, const json_t *data, struct strbuf *cell,
			 struct kc_err *err);

/* Append Go's %#v of a JSON value as kubectl sees it (map[string]interface {}{…},
 * []interface {}{…}, "s", 1, 1.5, true, interface {}(nil)); flags JSONPATH_*. */
void jsonpath_go_sharp_v(struct strbuf *out, const json_t *v, unsigned flags);

/* kubectl's -o jsonpath=TEMPLATE printer (cli-runtime JSONPathPrinter), framing
 * included, so cli/ prints err (KC_ERR_PLAIN) as "error: MSG" and adds no
 * newline when MSG ends in one:
 *   empty template:  "template format specified but no template given"
 *   parse failure:   "error parsing jsonpath TEMPLATE, MSG"
 *   execute failure: "error executing jsonpath \"TEMPLATE\": Error executing
 *                    template: MSG. Printing more information for debugging the
 *                    template:\n\ttemplate was:\n\t\tTEMPLATE\n\tobject given to
 *                    jsonpath engine was:\n\t\t%#v\n\n\n"
 * allow_missing is --allow-missing-template-keys (kubectl's default true); flags
 * JSONPATH_FLOAT64 for typed objects (config view), JSONPATH_OUTPUT_JSON for
 * -o jsonpath-as-json (kubectl_tprinter_new below also handles -o
 * jsonpath-file=F and --template). kubectl_jsonpath_new returns a new
 * printer (free with jsonpath_free); kubectl_jsonpath_print appends to out and
 * keeps client-go's state between calls: print every object of one command with
 * the same printer, as kubectl does (a {range} template fails on the second
 * object with "not in range, nothing to end", exactly as kubectl's does). */
struct jsonpath *kubectl_jsonpath_new(const char *tmpl, int allow_missing, unsigned flags,
				      struct kc_err *err);
int kubectl_jsonpath_print(struct jsonpath *jp, const json_t *obj, struct strbuf *out,
			   struct kc_err *err);

/* kubectl's custom-columns printer (kube/customcol.c, kubectl's
 * CustomColumnsPrinter). spec: "NAME:.path,NAME2:{.path2}" (-o custom-columns=…);
 * the file variant takes the text of -o custom-columns-file=F ("NAME NAME2\n.path
 * .path2\n"; kubectl_tprinter_new reads F), and ignores no_headers as kubectl
 * does. Returns a new printer or NULL + err with kubectl's
 * message (cli/ prints "error: MSG"). */
struct customcol;
struct customcol *customcol_new(const char *spec, int no_headers, struct kc_err *err);
struct customcol *customcol_new_from_file_text(const char *text, int no_headers,
					       struct kc_err *err);
void customcol_set_flags(struct customcol *cc, unsigned flags);
/* jsonpath_set_limits for every column, per cell. */
void customcol_set_limits(struct customcol *cc, unsigned long long max_work,
			  unsigned long long max_output);
/* One PrintObj: objs (borrowed) are the items of a list object (kubectl get
 * with several results) or one object; they form one table (one tabwriter
 * flush; minwidth 6, padding 3). The header row is printed on the first call
 * only (kubectl's lastType), unless no_headers. Missing values print <none>;
 * lookups use allow-missing-keys. On error (a column's parse or evaluation
 * error, kubectl's bare message) what was already formatted (the header) is
 * still appended, as kubectl's deferred Flush writes it; returns -1 + err. */
int customcol_print(struct customcol *cc, const json_t *const *objs, size_t n,
		    struct strbuf *out, struct kc_err *err);
void customcol_free(struct customcol *cc);

/* The whole jsonpath / custom-columns family of -o, as kubectl's print flags
 * build it (kube/tmplprinter.c): output is the -o value ("jsonpath={.a}",
 * "jsonpath-file=F", "jsonpath-as-json=…", "custom-columns=…",
 * "custom-columns-file=F", or the bare format name when template_arg, the
 * --template flag, is non-empty); allow_missing is
 * --allow-missing-template-keys, no_headers --no-headers, flags JSONPATH_*.
 * Returns 0 with a new *printer, 1 when output belongs to another printer
 * family (json, yaml, name, go-template, wide …; *printer NULL, err untouched),
 * -1 + err with kubectl's message (files read with Go's os error wording). */
struct kubectl_tprinter;
int kubectl_tprinter_new(const char *output, const char *template_arg, int allow_missing,
			 int no_headers, unsigned flags, struct kubectl_tprinter **printer,
			 struct kc_err *err);
/* One PrintObj: custom-columns prints objs as one table; jsonpath prints each
 * object in turn with the same JSONPath (kubectl get hands it one object, or
 * one List object built from all results). Appends to out; -1 + err. */
int kubectl_tprinter_print(struct kubectl_tprinter *p, const json_t *const *objs, size_t n,
			   struct strbuf *out, struct kc_err *err);
void kubectl_tprinter_free(struct kubectl_tprinter *p);

#endif
