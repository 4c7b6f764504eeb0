/* kubectl's human-readable printing of server-side Tables (cli-runtime's
 * tablePrinter: decorateTable + printTable), -o name, labels, ages and
 * --sort-by, on jansson values.
 *
 * Ownership: tables and objects passed in are borrowed (kc_table_sort_rows and
 * kc_objects_sort reorder in place). Output is appended to a strbuf as
 * tab-separated lines ("CELL\tCELL\n"), ready for util/tabwriter (kubectl's
 * liggitt/tabwriter settings); nothing here aligns columns. */
#ifndef KC_KUBE_PRINTERS_H
#define KC_KUBE_PRINTERS_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* The Accept header kubectl get sends for human-readable output. */
#define KC_ACCEPT_TABLE \
	"application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

struct kc_table_opts {
	int wide;                           /* -o wide: columns with priority > 0 too */
	int no_headers;
	int with_namespace;                 /* -A on a namespaced resource: NAMESPACE first */
	int show_labels;                    /* --show-labels: LABELS last */
	const struct strvec *label_columns; /* -L keys (may be NULL) */
	const char *kind;                   /* "deployment.apps": prefix names (several types) */
};

/* One table printer per resource type, as kubectl makes one per mapping: it
 * remembers the last column definitions so that a second Table with the same
 * columns prints no header. */
struct kc_table_printer {
	struct kc_table_opts opts;
	json_t *last_columns;               /* owned */
};

void kc_table_printer_init(struct kc_table_printer *p, const struct kc_table_opts *o);
void kc_table_printer_release(struct kc_table_printer *p);
/* Print one metav1.Table (borrowed). Returns the number of lines appended. A
 * Table with no rows prints nothing (not even its header). */
size_t kc_table_printer_print(struct kc_table_printer *p, const json_t *table, struct strbuf *out);

/* labels.FormatLabels: "a=b,c=d" with keys sorted, "<none>" when empty. */
void kc_format_labels(struct strbuf *out, const json_t *labels);

/* apimachinery duration.HumanDuration of a number of seconds ("5s", "3m2s",
 * "10m", "5h3m", "2d3h", "400d", "2y3d"; "<invalid>" below -1s). */
void kc_human_duration(struct strbuf *out, long long seconds);

/* -o name of one object: "deployment.apps/web", "pod/x" (kind lower-cased, group
 * from apiVersion). Appends with "\n". */
void kc_print_name(struct strbuf *out, const json_t *obj);

/* --sort-by: sort objs (borrowed pointers) stably by the JSONPath field spec
 * (".metadata.name" or "{.metadata.name}"), kubectl's order (numbers numerically,
 * strings in natural order). -1 + err with kubectl's message. */
int kc_objects_sort(const json_t **objs, size_t n, const char *sort_by, struct kc_err *err);
/* The same for a Table's rows (each row's "object", requested with
 * includeObject=Object). Reorders table's rows in place. */
int kc_table_sort_rows(json_t *table, const char *sort_by, struct kc_err *err);

#endif

/* kubectl's -o go-template=… / go-template-file=F / template=… / templatefile=F
 * printer (cli-runtime GoTemplatePrinter: Go's text/template with kubectl's
 * `exists` and `base64decode`, data = the object through json.Marshal and
 * json.Unmarshal, so every number is a float64). output is the -o value,
 * template_arg --template (then output is the bare format name),
 * allow_missing --allow-missing-template-keys. Returns 0 with a new *p, 1 when
 * output is not a go-template format (*p NULL), -1 + err (kubectl's "error
 * parsing template T, MSG" …). */
struct kc_gotmpl;
int kc_gotmpl_new(const char *output, const char *template_arg, int allow_missing,
		  struct kc_gotmpl **p, struct kc_err *err);
/* Print obj (borrowed). On an execution error, appends to out what the
 * template wrote and kubectl's "Error executing template: …" debugging block,
 * and returns -1 with err "error executing template \"T\": MSG". */
int kc_gotmpl_print(struct kc_gotmpl *p, const json_t *obj, struct strbuf *out,
		    struct kc_err *err);
void kc_gotmpl_free(struct kc_gotmpl *p);

/* kubectl's fallback when the server answers without a Table: a NAME/AGE table
 * of the object (or of a list's items), ages as HumanDuration from
 * metadata.creationTimestamp to now (unix seconds), "<unknown>" without one.
 * New reference. */
json_t *kc_table_from_objects(const json_t *doc, long long now);
