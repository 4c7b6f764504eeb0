/* kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath) on jansson values,
 * and the two kubectl printers built on it: -o jsonpath=… and -o custom-columns=….
 *
 * Template language (as client-go): plain text with {…} actions. Inside an action:
 * $  @  .field  ['field']  ..field (recursive descent)  *  [n] [-n] [a:b:c]  [a,b]
 * ['a','b']  [?(@.x == "y")] (== != < > <= >=, existence [?(@.x)])  {range …}{end}
 * "quoted text" with Go escapes, numbers, true/false, nil.
 *
 * Values print as client-go prints them: strings raw, numbers as Go's %v of the
 * value's Go type (int64 for JSON integers of unstructured objects, float64 for
 * objects that went through json.Unmarshal — see JSONPATH_FLOAT64), bools
 * true/false, null as "" … maps and slices as compact json.Marshal output. Several
 * results of one action are separated by a space.
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
/* client-go AllowMissingKeys: a missing key / out-of-range index yields no
 * result instead of an error. Default 0 (client-go's default). */
void jsonpath_set_allow_missing_keys(struct jsonpath *jp, int allow);
/* JSONPATH_* flags; default 0. */
void jsonpath_set_flags(struct jsonpath *jp, unsigned flags);
/* Evaluate on data (borrowed), appending text to out. -1 + err on failure, and
 * then nothing is appended (client-go finds every result before printing). */
int jsonpath_execute(struct jsonpath *jp, const json_t *data, struct strbuf *out,
		     struct kc_err *err);
void jsonpath_free(struct jsonpath *jp);

/* One custom-columns cell: every result printed with fmt.Sprint, joined by
 * ",", "<none>" when there is none, terminal escapes defused (kubectl's
 * printOneObject). Appends to cell; -1 + err on failure. */
int jsonpath_column_text(struct jsonpath *jp, const json_t *data, struct strbuf *cell,
			 struct kc_err *err);

/* Append Go's %#v of a JSON value as kubectl sees it (map[string]interface {}{…},
 * []interface {}{…}, "s", 1, 1.5, true, interface {}(nil)); flags JSONPATH_*. */
void jsonpath_go_sharp_v(struct strbuf *out, const json_t *v, unsigned flags);

/* kubectl's -o jsonpath=TEMPLATE printer (cli-runtime JSONPathPrinter), framing
 * included, so cli/ prints err as "error: MSG":
 *   parse failure:   "error parsing jsonpath TEMPLATE, MSG\n"
 *   execute failure: "error executing jsonpath \"TEMPLATE\": Error executing
 *                    template: MSG. Printing more information …\n"
 * allow_missing is --allow-missing-template-keys (kubectl's default true).
 * kubectl_jsonpath_new returns a new printer; print appends to out. */
struct jsonpath *kubectl_jsonpath_new(const char *tmpl, int allow_missing, unsigned flags,
				      struct kc_err *err);
int kubectl_jsonpath_print(struct jsonpath *jp, const json_t *obj, struct strbuf *out,
			   struct kc_err *err);

/* kubectl's custom-columns printer (see kube/customcol.c).
 * spec: "NAME:.path,NAME2:{.path2}" (-o custom-columns=…). Returns new printer or
 * NULL + err. file variant reads "NAME NAME2\n.path .path2\n" from a file's text. */
struct customcol;
struct customcol *customcol_new(const char *spec, int no_headers, struct kc_err *err);
struct customcol *customcol_new_from_file_text(const char *text, int no_headers,
					       struct kc_err *err);
void customcol_set_flags(struct customcol *cc, unsigned flags);
/* Print objs (each borrowed; a "List"-like caller passes its items) as one
 * table; out appended. -1 + err on failure. */
int customcol_print(struct customcol *cc, const json_t *const *objs, size_t n,
		    struct strbuf *out, struct kc_err *err);
void customcol_free(struct customcol *cc);

#endif
