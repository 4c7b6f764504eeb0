/* kc get: kubectl get (k8s.io/kubectl/pkg/cmd/get) — server-side Tables for the
 * human-readable output, objects for -o json|yaml|name|jsonpath|custom-columns.
 * --raw is served by kc_get_raw (cli/cmd_get_raw.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/client_setup.h"
#include "cli/kc.h"
#include "util/tabwriter.h"
#include "kube/jsonpath.h"
#include "kube/manifest.h"
#include "kube/printers.h"
#include "kube/targets.h"
#include "util/file.h"
#include "util/json.h"
#include "util/yaml.h"

/* One thing to fetch: a resource type, and a name or NULL (list). */
struct get_req {
	const struct kc_api_resource *res;
	const char *name;
	const char *ns;       /* the object's namespace (-f), or NULL: the command's */
};

struct get_opts {
	const char *ns;
	int all_ns;
	const char *selector, *field_selector, *sort_by, *subresource;
	long chunk_size;
	int ignore_not_found;
	int human;
};

/* Collected errors, printed as kubectl's aggregate: one per line. */
static void add_error(struct strbuf *errs, struct kc_err *e)
{
	if (errs->len && !strbuf_ends_with(errs, "\n"))
		strbuf_addch(errs, '\n');
	/* kubectl's MultipleErrors: Status errors framed, others as they stand */
	kc_api_err_line(errs, e);
}

static char *req_path(const struct get_req *rq, const struct get_opts *o, const char *cont)
{
	const char *ns = rq->res->namespaced && !(o->all_ns && !rq->name) ? (rq->ns ? rq->ns : o->ns) : NULL;
	char *base = kc_resource_path(rq->res, ns, rq->name);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, base);
	free(base);
	if (rq->name && o->subresource && *o->subresource)
		strbuf_addf(&sb, "/%s", o->subresource);
	char sep = '?';
	if (!rq->name) {
		if (o->selector && *o->selector) {
			strbuf_addf(&sb, "%clabelSelector=", sep);
			kc_query_escape(&sb, o->selector);
			sep = '&';
		}
		if (o->field_selector && *o->field_selector) {
			strbuf_addf(&sb, "%cfieldSelector=", sep);
			kc_query_escape(&sb, o->field_selector);
			sep = '&';
		}
		if (o->chunk_size > 0) {
			strbuf_addf(&sb, "%climit=%ld", sep, o->chunk_size);
			sep = '&';
		}
		if (cont && *cont) {
			strbuf_addf(&sb, "%ccontinue=", sep);
			kc_query_escape(&sb, cont);
			sep = '&';
		}
	}
	if (o->human && o->sort_by && *o->sort_by)
		strbuf_addf(&sb, "%cincludeObject=Object", sep);
	return strbuf_detach(&sb, NULL);
}

/* GET one request (every chunk of a list). Returns the object (a Table for
 * human output, else an object or list with items) or NULL with err. */
static json_t *fetch(struct kc_client *c, const struct get_req *rq, const struct get_opts *o,
		     struct kc_err *err)
{
	json_t *result = NULL;
	char *cont = NULL;
	for (;;) {
		char *path = req_path(rq, o, cont);
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.path = path;
		if (o->human)
			req.accept = KC_ACCEPT_TABLE;
		int rc = kc_client_do(c, &req, &resp, err);
		free(path);
		free(cont);
		cont = NULL;
		if (rc < 0) {
			kc_response_release(&resp);
			json_decref(result);
			return NULL;
		}
		if (resp.code < 200 || resp.code > 299) {
			struct kc_err_hint hint = { rq->res->group, rq->res->name, rq->name, "get", 0 };
			if (rq->name || kc_list_status_error(&resp, rq->res, o->selector ? o->selector : "",
							     o->field_selector ? o->field_selector : "", err) < 0)
				kc_status_error(&resp, &hint, err);
			kc_response_release(&resp);
			json_decref(result);
			return NULL;
		}
		json_t *doc = json_parse(resp.body.buf, resp.body.len, err);
		kc_response_release(&resp);
		if (!doc) {
			json_decref(result);
			return NULL;
		}
		const char *next = json_string_value(json_object_get(json_object_get(doc, "metadata"), "continue"));
		if (next && *next)
			cont = strdup(next);
		if (!result) {
			result = doc;
		} else {
			const char *key = o->human ? "rows" : "items";
			json_t *dst = json_object_get(result, key), *src = json_object_get(doc, key);
			if (!json_is_array(dst)) {
				dst = json_array();
				json_object_set_new(result, key, dst);
			}
			if (json_is_array(src))
				json_array_extend(dst, src);
			if (o->human && !json_array_size(json_object_get(result, "columnDefinitions")))
				json_object_set(result, "columnDefinitions", json_object_get(doc, "columnDefinitions"));
			json_decref(doc);
		}
		if (!cont || rq->name)
			break;
	}
	free(cont);
	return result;
}

static int is_not_found(const struct kc_err *e)
{
	return !strcmp(e->reason, "NotFound");
}

/* Items of a list response, with apiVersion/kind filled as client-go's
 * UnstructuredList decoding does; appended to items (new references). */
static void add_items(json_t *items, json_t *doc, int single)
{
	json_t *list = json_object_get(doc, "items");
	if (single || !json_is_array(list)) {
		json_array_append(items, doc);
		return;
	}
	const char *av = json_string_value(json_object_get(doc, "apiVersion"));
	const char *lk = json_string_value(json_object_get(doc, "kind"));
	char *kind = NULL;
	if (lk) {
		size_t n = strlen(lk);
		kind = strndup(lk, n > 4 && !strcmp(lk + n - 4, "List") ? n - 4 : n);
	}
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it) {
		if (json_is_object(it)) {
			if (av && !json_object_get(it, "apiVersion"))
				json_object_set_new(it, "apiVersion", json_string(av));
			if (kind && !json_object_get(it, "kind"))
				json_object_set_new(it, "kind", json_string(kind));
		}
		json_array_append(items, it);
	}
	free(kind);
}

static void strip_managed_fields(json_t *obj)
{
	json_object_del(json_object_get(obj, "metadata"), "managedFields");
}

static int count_kinds(const struct get_req *rqs, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rqs[j].res->kind, rqs[i].res->kind) &&
			    !strcmp(rqs[j].res->group, rqs[i].res->group))
				seen = 1;
		k += !seen;
	}
	return k;
}

static void kind_prefix(struct strbuf *sb, const struct kc_api_resource *r)
{
	for (const char *p = r->kind; *p; p++)
		strbuf_addch(sb, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	if (*r->group)
		strbuf_addf(sb, ".%s", r->group);
}

struct human_opts {
	int wide, no_headers, show_labels, show_kind;
	const struct strvec *label_columns;
};

/* The human-readable path: one Table per request, one printer per type. */
static int get_human(struct kc_client *c, const struct get_req *rqs, size_t n,
		     const struct get_opts *o, const struct human_opts *h, struct strbuf *errs,
		     struct kc_err *err)
{
	struct tabwriter tw;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, kind = STRBUF_INIT;
	struct kc_table_printer printer;
	int have_printer = 0, sep_ready = 0, ret = 0, all_namespaced = !o->all_ns;
	size_t written = 0;
	const struct kc_api_resource *last = NULL;
	int with_kind = h->show_kind || count_kinds(rqs, n) > 1;
	tabwriter_init(&tw);
	for (size_t i = 0; i < n; i++) {
		struct kc_err e = KC_ERR_INIT;
		json_t *table = fetch(c, &rqs[i], o, &e);
		if (!table) {
			if (!(o->ignore_not_found && is_not_found(&e)))
				add_error(errs, &e);
			kc_err_release(&e);
			continue;
		}
		const char *tk = json_string_value(json_object_get(table, "kind"));
		if (!tk || strcmp(tk, "Table")) {
			json_t *t = kc_table_from_objects(table, (long long)time(NULL));
			json_decref(table);
			table = t;
		}
		if (o->sort_by && *o->sort_by && kc_table_sort_rows(table, o->sort_by, &e) < 0) {
			/* kubectl drops a table it cannot sort without a word */
			kc_err_release(&e);
			json_decref(table);
			continue;
		}
		all_namespaced = all_namespaced && rqs[i].res->namespaced;
		if (!last || last != rqs[i].res) {
			tabwriter_flush(&tw, &out);
			if (out.len) {
				if (sep_ready)
					fputc('\n', stdout);
				sep_ready = 0;
				fwrite(out.buf, 1, out.len, stdout);
				written += out.len;
				strbuf_reset(&out);
			}
			if (last && !h->no_headers && written > 0)
				sep_ready = 1;
			if (have_printer)
				kc_table_printer_release(&printer);
			strbuf_reset(&kind);
			if (with_kind)
				kind_prefix(&kind, rqs[i].res);
			struct kc_table_opts to = {
				h->wide, h->no_headers, o->all_ns && rqs[i].res->namespaced, h->show_labels,
				h->label_columns, with_kind ? kind.buf : NULL,
			};
			kc_table_printer_init(&printer, &to);
			have_printer = 1;
			last = rqs[i].res;
		}
		strbuf_reset(&text);
		kc_table_printer_print(&printer, table, &text);
		tabwriter_addf(&tw, "%s", text.buf);
		json_decref(table);
	}
	tabwriter_flush(&tw, &out);
	if (out.len) {
		if (sep_ready)
			fputc('\n', stdout);
		fwrite(out.buf, 1, out.len, stdout);
		written += out.len;
	}
	if (!ret && !written && !o->ignore_not_found && !errs->len) {
		if (all_namespaced)
			fprintf(stderr, "No resources found in %s namespace.\n", o->ns);
		else
			fprintf(stderr, "No resources found\n");
	}
	if (have_printer)
		kc_table_printer_release(&printer);
	tabwriter_release(&tw);
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&kind);
	return ret;
}

/* printGeneric: every object, as one object or a List. */
static int get_generic(struct kc_client *c, const struct get_req *rqs, size_t n,
		       const struct get_opts *o, const char *output, const char *template_arg,
		       int allow_missing, int no_headers, int show_managed, int single_implied,
		       struct strbuf *errs, struct kc_err *err)
{
	json_t *items = json_array();
	json_t *obj = NULL;
	struct strbuf out = STRBUF_INIT;
	struct kubectl_tprinter *tp = NULL;
	struct kc_gotmpl *gt = NULL;
	int ret = 0;
	const json_t **objs = NULL;

	if (strcmp(output, "json") && strcmp(output, "yaml") && strcmp(output, "name")) {
		int rc = kubectl_tprinter_new(output, template_arg, allow_missing, no_headers, 0, &tp, err);
		if (rc > 0)
			rc = kc_gotmpl_new(output, template_arg, allow_missing, &gt, err);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		if (rc > 0) {
			ret = kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml", output);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct kc_err e = KC_ERR_INIT;
		json_t *doc = fetch(c, &rqs[i], o, &e);
		if (!doc) {
			if (o->ignore_not_found && is_not_found(&e)) {
				kc_err_release(&e);
				continue;
			}
			if (single_implied) {
				kc_err_move(err, &e);
				ret = -1;
				goto out;
			}
			add_error(errs, &e);
			kc_err_release(&e);
			continue;
		}
		add_items(items, doc, rqs[i].name != NULL);
		json_decref(doc);
	}
	size_t nitems = json_array_size(items);
	if (!nitems && o->ignore_not_found)
		goto out;
	objs = calloc(nitems ? nitems : 1, sizeof(*objs));
	for (size_t i = 0; i < nitems; i++) {
		objs[i] = json_array_get(items, i);
		if (!show_managed && (!strcmp(output, "json") || !strcmp(output, "yaml")))
			strip_managed_fields(json_array_get(items, i));
	}
	if (o->sort_by && *o->sort_by && kc_objects_sort(objs, nitems, o->sort_by, err) < 0) {
		ret = -1;
		goto out;
	}
	if (!strcmp(output, "name")) {
		for (size_t i = 0; i < nitems; i++)
			kc_print_name(&out, objs[i]);
		fwrite(out.buf, 1, out.len, stdout);
		goto out;
	}
	if (single_implied && nitems == 1) {
		obj = json_incref((json_t *)objs[0]);
	} else {
		json_t *sorted = json_array();
		for (size_t i = 0; i < nitems; i++)
			json_array_append(sorted, (json_t *)objs[i]);
		obj = json_pack("{s:s, s:o, s:s, s:{s:s}}", "apiVersion", "v1", "items", sorted, "kind",
				"List", "metadata", "resourceVersion", "");
	}
	if (!strcmp(output, "json")) {
		json_emit(&out, obj, JSON_OUT_SORT_KEYS);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(output, "yaml")) {
		if (yaml_emit_checked(&out, obj, err) < 0) {
			ret = -1;
			goto out;
		}
	} else {
		const json_t *one = obj;
		if (gt)
			ret = kc_gotmpl_print(gt, obj, &out, err);
		else if (!strncmp(output, "custom-columns", 14) && json_is_array(json_object_get(obj, "items")))
			ret = kubectl_tprinter_print(tp, objs, nitems, &out, err);
		else
			ret = kubectl_tprinter_print(tp, &one, 1, &out, err);
	}
	fwrite(out.buf, 1, out.len, stdout);
out:
	free(objs);
	json_decref(obj);
	json_decref(items);
	if (tp)
		kubectl_tprinter_free(tp);
	kc_gotmpl_free(gt);
	strbuf_release(&out);
	return ret;
}

/* ---------------------------------------------------------------- get -w */

/* custom-columns output is already aligned (its own tabwriter): turn the runs
 * of 3+ spaces between cells back into tabs so that the watch's remembered
 * widths apply across events, as kubectl's shared writer does. */
static void cc_retab(const char *aligned, size_t len, struct strbuf *out)
{
	for (size_t i = 0; i < len;) {
		if (aligned[i] == ' ') {
			size_t j = i;
			while (j < len && aligned[j] == ' ')
				j++;
			if (j - i >= 3 && j < len && aligned[j] != '\n')
				strbuf_addch(out, '\t');
			else if (!(j < len && aligned[j] == '\n') || j - i < 3)
				strbuf_add(out, aligned + i, j - i);
			i = j;
		} else {
			strbuf_addch(out, aligned[i++]);
		}
	}
}

struct watch_print {
	const char *output;          /* "" (table), "wide", "json", "yaml", "name", or another format */
	int human, events, show_managed;
	int custom_columns;          /* -o custom-columns: lines go through the watch's widths */
	int suppress;                /* the next event is the synthetic ADDED of a named watch */
	size_t printed;              /* objects printed (yaml separators) */
	struct kc_table_printer table;
	struct tabwriter tw;         /* kubectl's watch writer: RememberWidths across flushes */
	struct kubectl_tprinter *tp;
	struct kc_gotmpl *gt;
	struct strbuf line;          /* partial event line from the stream */
	struct strbuf pending;       /* table lines not yet aligned (one flush) */
	struct kc_err err;           /* a printing error stops the watch */
};

static const char *event_label(const char *type)
{
	if (!strcmp(type, "ADDED"))
		return "ADDED   ";
	if (!strcmp(type, "DELETED"))
		return "DELETED ";
	if (!strcmp(type, "ERROR"))
		return "ERROR   ";
	return type;
}

/* Align the pending table lines (widths remembered) and write them out. */
static void watch_flush(struct watch_print *wp)
{
	if (!wp->pending.len)
		return;
	struct strbuf out = STRBUF_INIT;
	tabwriter_start(&wp->tw, &out, TABWRITER_REMEMBER_WIDTHS);
	tabwriter_write(&wp->tw, wp->pending.buf, wp->pending.len);
	tabwriter_end(&wp->tw);
	strbuf_reset(&wp->pending);
	fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	strbuf_release(&out);
}

/* Print one object (a Table in human mode) or, with type, one watch event.
 * Table lines wait for watch_flush. */
static int watch_print_obj(struct watch_print *wp, const char *type, json_t *obj)
{
	struct strbuf out = STRBUF_INIT;
	int ret = 0;
	if (wp->human) {
		json_t *cols = json_object_get(obj, "columnDefinitions");
		if (!json_array_size(cols) && wp->table.last_columns)
			json_object_set(obj, "columnDefinitions", wp->table.last_columns);
		struct strbuf text = STRBUF_INIT;
		size_t lines = kc_table_printer_print(&wp->table, obj, &text);
		size_t rows = json_array_size(json_object_get(obj, "rows"));
		if (type && lines) {
			/* the EVENT column first: the header (if printed) says EVENT */
			struct strbuf ev = STRBUF_INIT;
			const char *p = text.buf;
			int header = lines > rows;
			while (*p) {
				const char *eol = strchr(p, '\n');
				size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
				strbuf_addf(&ev, "%s\t", header ? "EVENT" : event_label(type));
				header = 0;
				strbuf_add(&ev, p, len);
				p += len;
			}
			strbuf_release(&text);
			text = ev;
		}
		strbuf_addbuf(&wp->pending, &text);
		strbuf_release(&text);
	} else if (!strcmp(wp->output, "name")) {
		kc_print_name(&out, obj);
	} else if (!strcmp(wp->output, "json")) {
		if (type) {
			strbuf_addstr(&out, "{\"type\":");
			json_t *t = json_string(type);
			json_emit(&out, t, JSON_OUT_COMPACT);
			json_decref(t);
			strbuf_addstr(&out, ",\"object\":");
			json_emit(&out, obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
			strbuf_addstr(&out, "}\n");
		} else {
			if (!wp->show_managed)
				strip_managed_fields(obj);
			json_emit(&out, obj, JSON_OUT_SORT_KEYS);
			strbuf_addch(&out, '\n');
		}
	} else if (!strcmp(wp->output, "yaml")) {
		if (wp->printed)
			strbuf_addstr(&out, "---\n");
		json_t *doc = obj;
		if (type)
			doc = json_pack("{s:O, s:s}", "object", obj, "type", type);
		else if (!wp->show_managed)
			strip_managed_fields(obj);
		ret = yaml_emit_checked(&out, doc, &wp->err);
		if (type)
			json_decref(doc);
	} else if (wp->gt) {
		ret = kc_gotmpl_print(wp->gt, obj, &out, &wp->err);
	} else if (wp->tp) {
		const json_t *one = obj;
		ret = kubectl_tprinter_print(wp->tp, &one, 1, &out, &wp->err);
		if (wp->custom_columns) {
			cc_retab(out.buf, out.len, &wp->pending);
			strbuf_reset(&out);
		}
	}
	wp->printed++;
	fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	strbuf_release(&out);
	return ret;
}

static int watch_on_data(void *ud, const char *data, size_t len)
{
	struct watch_print *wp = ud;
	strbuf_add(&wp->line, data, len);
	char *nl;
	while ((nl = memchr(wp->line.buf, '\n', wp->line.len))) {
		size_t n = (size_t)(nl - wp->line.buf);
		struct kc_err e = KC_ERR_INIT;
		json_t *ev = n ? json_parse(wp->line.buf, n, &e) : NULL;
		kc_err_release(&e);
		strbuf_remove(&wp->line, 0, n + 1);
		if (!ev)
			continue;
		const char *type = json_string_value(json_object_get(ev, "type"));
		json_t *obj = json_object_get(ev, "object");
		int stop = 0;
		if (type && json_is_object(obj) && strcmp(type, "BOOKMARK")) {
			if (wp->suppress)
				wp->suppress = 0;
			else
				stop = watch_print_obj(wp, wp->events ? type : NULL, obj) < 0;
			watch_flush(wp);
		}
		json_decref(ev);
		if (stop)
			return 1;
	}
	return 0;
}

/* kubectl get --watch / --watch-only (get.go watch()): print the current state
 * (unless --watch-only), then every change; a list is watched from its
 * resourceVersion, a named object from "0" (its synthetic ADDED is dropped).
 * The watch ends without an error when the server or --request-timeout ends it. */
static int get_watch(struct kc_client *c, const struct get_req *rqs, size_t n, struct get_opts *o,
		     const char *output, const char *template_arg, int allow_missing,
		     const struct human_opts *h, int watch_only, int events, int show_managed,
		     struct kc_err *err)
{
	struct watch_print wp;
	struct strbuf kind = STRBUF_INIT;   /* borrowed by the table printer */
	int ret = 0, have_table = 0;
	json_t *doc = NULL;
	char *path = NULL;
	memset(&wp, 0, sizeof(wp));
	strbuf_init(&wp.line, 0);
	strbuf_init(&wp.pending, 0);
	tabwriter_init(&wp.tw);
	kc_err_init(&wp.err);
	wp.output = output;
	wp.events = events;
	wp.show_managed = show_managed;
	if (n != 1 && count_kinds(rqs, n) > 1)
		return kc_err_set(err, "you may only specify a single resource type");
	wp.human = o->human;
	wp.custom_columns = !strncmp(output, "custom-columns", 14);
	if (wp.human) {
		struct kc_table_opts to = { h->wide, h->no_headers, o->all_ns && rqs[0].res->namespaced,
					    h->show_labels, h->label_columns, NULL };
		if (h->show_kind) {
			kind_prefix(&kind, rqs[0].res);
			to.kind = kind.buf;
		}
		kc_table_printer_init(&wp.table, &to);
		have_table = 1;
	} else if (strcmp(output, "json") && strcmp(output, "yaml") && strcmp(output, "name")) {
		int rc = kubectl_tprinter_new(output, template_arg, allow_missing, h->no_headers, 0, &wp.tp, err);
		if (rc > 0)
			rc = kc_gotmpl_new(output, template_arg, allow_missing, &wp.gt, err);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		if (rc > 0) {
			ret = kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml", output);
			goto out;
		}
	}
	if (n > 1) {
		/* several names of one type: kubectl prints them, then cannot watch */
		for (size_t i = 0; i < n && !ret; i++) {
			json_t *one = fetch(c, &rqs[i], o, err);
			if (!one) {
				ret = -1;
				break;
			}
			if (!watch_only && watch_print_obj(&wp, events ? "ADDED" : NULL, one) < 0) {
				kc_err_move(err, &wp.err);
				ret = -1;
			}
			json_decref(one);
		}
		watch_flush(&wp);
		if (!ret)
			ret = kc_err_set(err, "you may only watch a single resource or type of resource at a time");
		goto out;
	}
	doc = fetch(c, &rqs[0], o, err);
	if (!doc) {
		ret = -1;
		goto out;
	}
	const char *name = rqs[0].name;
	int is_list = !name;
	const char *rv = "0";
	if (is_list) {
		rv = json_string_value(json_object_get(json_object_get(doc, "metadata"), "resourceVersion"));
		if (!rv)
			rv = "";
	}
	if (!watch_only) {
		if (wp.human) {
			ret = watch_print_obj(&wp, events ? "ADDED" : NULL, doc);
		} else {
			json_t *items = json_array();
			add_items(items, doc, !is_list);
			size_t i;
			json_t *it;
			if (wp.tp && !strncmp(output, "custom-columns", 14) && json_array_size(items)) {
				/* one table for the current objects, as kubectl's one flush */
				size_t ni = json_array_size(items);
				const json_t **objs = calloc(ni, sizeof(*objs));
				struct strbuf cc = STRBUF_INIT;
				for (i = 0; i < ni; i++)
					objs[i] = json_array_get(items, i);
				ret = kubectl_tprinter_print(wp.tp, objs, ni, &cc, &wp.err);
				cc_retab(cc.buf, cc.len, &wp.pending);
				wp.printed += ni;
				strbuf_release(&cc);
				free(objs);
			} else {
				json_array_foreach(items, i, it) {
					if ((ret = watch_print_obj(&wp, events ? "ADDED" : NULL, it)) < 0)
						break;
				}
			}
			json_decref(items);
		}
		watch_flush(&wp);
		if (ret < 0) {
			kc_err_move(err, &wp.err);
			goto out;
		}
	}
	wp.suppress = !is_list;

	/* the watch: the list path with watch=true */
	struct get_req lr = rqs[0];
	lr.name = NULL;
	struct get_opts lo = *o;
	lo.chunk_size = 0;
	struct strbuf fs = STRBUF_INIT;
	if (name) {
		strbuf_addf(&fs, "metadata.name=%s", name);
		if (o->field_selector && *o->field_selector)
			strbuf_addf(&fs, ",%s", o->field_selector);
		lo.field_selector = fs.buf;
	}
	lo.human = 0; /* no includeObject */
	path = req_path(&lr, &lo, NULL);
	strbuf_release(&fs);
	struct strbuf full = STRBUF_INIT;
	strbuf_addf(&full, "%s%cresourceVersion=", path, strchr(path, '?') ? '&' : '?');
	kc_query_escape(&full, rv);
	strbuf_addstr(&full, "&watch=true");
	free(path);
	path = strbuf_detach(&full, NULL);

	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	if (wp.human)
		req.accept = KC_ACCEPT_TABLE;
	struct kc_err se = KC_ERR_INIT;
	int rc = kc_client_stream(c, &req, watch_on_data, &wp, &resp, &se);
	if (rc < 0 && !resp.headers.nr) {
		/* the watch could not start */
		kc_err_move(err, &se);
		ret = -1;
	} else if (rc == 0 && (resp.code < 200 || resp.code > 299)) {
		struct kc_err_hint hint = { rqs[0].res->group, rqs[0].res->name, name, "watch", 0 };
		ret = kc_status_error(&resp, &hint, err);
	} else if (kc_err_isset(&wp.err)) {
		kc_err_move(err, &wp.err);
		ret = -1;
	}
	kc_err_release(&se);
	kc_response_release(&resp);
out:
	free(path);
	json_decref(doc);
	if (have_table)
		kc_table_printer_release(&wp.table);
	tabwriter_release(&wp.tw);
	strbuf_release(&kind);
	if (wp.tp)
		kubectl_tprinter_free(wp.tp);
	kc_gotmpl_free(wp.gt);
	strbuf_release(&wp.line);
	strbuf_release(&wp.pending);
	kc_err_release(&wp.err);
	return ret;
}

int cmd_get(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
		.long_ =
			"Display one or many resources.\n"
			"\n"
			" Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.\n"
			"\n"
			" By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.\n"
			"\n"
			"Use \"kubectl api-resources\" for a complete list of supported resources.",
		.example =
			"  # List all pods in ps output format\n"
			"  kubectl get pods\n"
			"  \n"
			"  # List all pods in ps output format with more information (such as node name)\n"
			"  kubectl get pods -o wide\n"
			"  \n"
			"  # List a single replication controller with specified NAME in ps output format\n"
			"  kubectl get replicationcontroller web\n"
			"  \n"
			"  # List deployments in JSON output format, in the \"v1\" version of the \"apps\" API group\n"
			"  kubectl get deployments.v1.apps -o json\n"
			"  \n"
			"  # List a single pod in JSON output format\n"
			"  kubectl get -o json pod web-pod-13je7\n"
			"  \n"
			"  # List a pod identified by type and name specified in \"pod.yaml\" in JSON output format\n"
			"  kubectl get -f pod.yaml -o json\n"
			"  \n"
			"  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml\n"
			"  kubectl get -k dir/\n"
			"  \n"
			"  # Return only the phase value of the specified pod\n"
			"  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}\n"
			"  \n"
			"  # List resource information in custom columns\n"
			"  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image\n"
			"  \n"
			"  # List all replication controllers and services together in ps output format\n"
			"  kubectl get rc,services\n"
			"  \n"
			"  # List one or more resources by their type and names\n"
			"  kubectl get rc/web service/frontend pods/web-pod-13je7\n"
			"  \n"
			"  # List the 'status' subresource for a single pod\n"
			"  kubectl get pod web-pod-13je7 --subresource status\n"
			"  \n"
			"  # List all deployments in namespace 'backend'\n"
			"  kubectl get deployments.apps --namespace backend\n"
			"  \n"
			"  # List all pods existing in all namespaces\n"
			"  kubectl get pods --all-namespaces",
	};
	const char *raw = "", *output = "", *selector = "", *field_selector = "", *sort_by = "";
	const char *subresource = "", *template_arg = "", *kustomize = "";
	int raw_set = 0, all_ns = 0, allow_missing = 1, ignore_not_found = 0, no_headers = 0;
	int output_watch_events = 0, recursive = 0, server_print = 1, show_kind = 0;
	int show_labels = 0, show_managed = 0, watch = 0, watch_only = 0;
	long chunk_size = 500;
	struct strvec filenames = STRVEC_INIT, label_columns = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all-namespaces", 'A', &all_ns, "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."),
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."),
		OPT_INT("chunk-size", 0, &chunk_size, "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future."),
		OPT_STRING("field-selector", 0, &field_selector, "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
		OPT_STRSLICE("filename", 'f', &filenames, "Filename, directory, or URL to files identifying the resource to get from a server."),
		OPT_BOOL("ignore-not-found", 0, &ignore_not_found, "If the requested object does not exist the command will return exit code 0."),
		OPT_STRING("kustomize", 'k', &kustomize, "Process the kustomization directory. This flag can't be used together with -f or -R."),
		OPT_STRSLICE("label-columns", 'L', &label_columns, "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2..."),
		OPT_BOOL("no-headers", 0, &no_headers, "When using the default or custom-column output format, don't print headers (default print headers)."),
		OPT_STRING("output", 'o', &output, "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/]."),
		OPT_BOOL("output-watch-events", 0, &output_watch_events, "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events."),
		{ OPT_T_STRING, "raw", 0, &raw, "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.", NULL, 0, &raw_set, NULL },
		OPT_BOOL("recursive", 'R', &recursive, "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory."),
		OPT_STRING("selector", 'l', &selector, "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."),
		OPT_BOOL("server-print", 0, &server_print, "If true, have the server return the appropriate table output. Supports extension APIs and CRDs."),
		OPT_BOOL("show-kind", 0, &show_kind, "If present, list the resource type for the requested object(s)."),
		OPT_BOOL("show-labels", 0, &show_labels, "When printing, show all labels as the last column (default hide labels column)"),
		OPT_BOOL("show-managed-fields", 0, &show_managed, "If true, keep the managedFields when printing objects in JSON or YAML format."),
		OPT_STRING("sort-by", 0, &sort_by, "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string."),
		OPT_STRING("subresource", 0, &subresource, "If specified, gets the subresource of the requested object. This flag is beta and may change in the future."),
		OPT_STRING("template", 0, &template_arg, "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
		OPT_BOOL("watch", 'w', &watch, "After listing/getting the requested object, watch for changes."),
		OPT_BOOL("watch-only", 0, &watch_only, "Watch for changes to the requested object(s), without listing/getting first."),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	struct strbuf errs = STRBUF_INIT;
	struct get_req *rqs = NULL;
	struct kc_manifest manifest = KC_MANIFEST_INIT;
	struct kc_err merr = KC_ERR_INIT;
	size_t nrq = 0, arq = 0;
	int ret = 0, single_implied = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (raw_set && *raw) {
		if (*output) {
			ret = kc_err_set(err, "--raw and --output are mutually exclusive");
			goto out;
		}
		if (args.nr) {
			ret = kc_err_set(err, "arguments may not be passed when --raw is specified");
			goto out;
		}
		if (raw[0] != '/') {
			ret = kc_err_set(err, "--raw must be a valid URL path: parse \"%s\": invalid URI for request", raw);
			goto out;
		}
		ret = kc_get_raw(ctx, raw, err);
		goto out;
	}
	if (*kustomize) {
		ret = kc_err_set(err, "get -k is not implemented in kc yet");
		goto out;
	}
	if (filenames.nr) {
		if (kc_manifest_read(&filenames, recursive, &manifest, &merr) < 0 &&
		    merr.kind != KC_ERR_RAW) {
			kc_err_move(err, &merr);
			ret = -1;
			goto out;
		}
		if (filenames.nr && args.nr) {
			ret = kc_err_set(err, "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
			goto out;
		}
	} else if (!args.nr) {
		ret = kc_err_raw(err, "You must specify the type of resource to get. Use \"%s api-resources\" for a complete list of supported resources.\n\n"
				 "error: Required resource not specified.\n"
				 "Use \"%s explain <resource>\" for a detailed description of that resource (e.g. %s explain pods).\n"
				 "See '%s get -h' for help and examples",
				 ctx->prog, ctx->prog, ctx->prog, ctx->prog);
		goto out;
	}
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	if (!d) {
		const char *ue = kc_client_last_url_error(c);
		if (ue && manifest.n) {
			/* the builder maps each object (one more lookup each) and
			 * collects "unable to recognize" per object */
			for (size_t i = 0; i < manifest.n; i++) {
				if (i)
					kc_client_log_discovery_again(c, 1);
				if (errs.len)
					strbuf_addch(&errs, '\n');
				strbuf_addf(&errs, "unable to recognize \"%s\": %s", manifest.objs[i].source, ue);
			}
			kc_err_raw(err, "%s", errs.buf);
		} else {
			kc_client_log_builder_retries(c, (const char *const *)args.v, args.nr);
		}
		ret = -1;
		goto out;
	}
	/* -f: each object by its kind, name and namespace */
	for (size_t i = 0; i < manifest.n; i++) {
		json_t *obj = manifest.objs[i].obj, *meta = json_object_get(obj, "metadata");
		const char *av = json_string_value(json_object_get(obj, "apiVersion"));
		const char *kind = json_string_value(json_object_get(obj, "kind"));
		const char *name = json_string_value(json_object_get(meta, "name"));
		const char *ons = json_string_value(json_object_get(meta, "namespace"));
		const char *slash = av ? strchr(av, '/') : NULL;
		char *group = slash ? strndup(av, (size_t)(slash - av)) : strdup("");
		const char *version = slash ? slash + 1 : av ? av : "";
		const struct kc_api_resource *r = kind ? kc_mapper_kind(d, group, version, kind) : NULL;
		if (!r) {
			if (errs.len)
				strbuf_addch(&errs, '\n');
			strbuf_addf(&errs, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s%s%s\"\nensure CRDs are installed first",
				    name ? name : "", ons ? ons : "", manifest.objs[i].source, kind ? kind : "",
				    group, *group ? "/" : "", version);
			free(group);
			continue;
		}
		free(group);
		if (nrq == arq)
			rqs = realloc(rqs, (arq = arq * 2 + 8) * sizeof(*rqs));
		rqs[nrq].res = r;
		rqs[nrq].name = name ? name : "";
		rqs[nrq].ns = ons && *ons ? ons : NULL;
		nrq++;
	}
	/* resolve TYPE[,TYPE…] [NAME…] or TYPE/NAME… */
	size_t nslash = 0;
	for (size_t a = 0; a < args.nr; a++)
		nslash += strchr(args.v[a], '/') != NULL;
	int slash_form = nslash > 0;
	if (slash_form && nslash != args.nr) {
		ret = kc_err_set(err, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '%s get resource/<resource_name>' instead of '%s get resource resource/<resource_name>'", ctx->prog, ctx->prog);
		goto out;
	}
	for (size_t a = 0; a < args.nr && !filenames.nr; a++) {
		const char *arg = args.v[a];
		if (!slash_form && a > 0)
			break;
		struct strvec types = STRVEC_INIT;
		const char *name = NULL;
		if (slash_form) {
			const char *sl = strchr(arg, '/');
			char *t = strndup(arg, (size_t)(sl - arg));
			strvec_push_nodup(&types, t);
			name = sl + 1;
			if (!*name) {
				strvec_clear(&types);
				ret = kc_err_set(err, "arguments in resource/name form must have a single resource and name");
				goto out;
			}
		} else {
			strvec_split(&types, arg, ',');
		}
		for (size_t t = 0; t < types.nr; t++) {
			const struct kc_api_resource *cat[128];
			size_t ncat = kc_mapper_category(d, types.v[t], cat, 128);
			if (ncat > 128)
				ncat = 128;
			if (!ncat || name || args.nr > 1) {
				const struct kc_api_resource *r = kc_client_resource(c, types.v[t], err);
				if (!r) {
					strvec_clear(&types);
					ret = -1;
					goto out;
				}
				cat[0] = r;
				ncat = 1;
			}
			for (size_t k = 0; k < ncat; k++) {
				if (slash_form || args.nr == 1) {
					if (nrq == arq)
						rqs = realloc(rqs, (arq = arq * 2 + 8) * sizeof(*rqs));
					rqs[nrq].res = cat[k];
					rqs[nrq].name = name;
					rqs[nrq].ns = NULL;
					nrq++;
				} else {
					for (size_t j = 1; j < args.nr; j++) {
						if (nrq == arq)
							rqs = realloc(rqs, (arq = arq * 2 + 8) * sizeof(*rqs));
						rqs[nrq].res = cat[k];
						rqs[nrq].name = args.v[j];
						rqs[nrq].ns = NULL;
						nrq++;
					}
				}
			}
		}
		strvec_clear(&types);
	}
	single_implied = nrq == 1 && rqs[0].name != NULL;
	if (filenames.nr)
		single_implied = single_implied && filenames.nr == 1 && !dir_exists(filenames.v[0]);

	struct get_opts o = {
		rcfg->namespace, all_ns, selector, field_selector, sort_by, subresource, chunk_size,
		ignore_not_found, 0,
	};
	if (kc_err_isset(&merr))
		add_error(&errs, &merr);
	int human = (!*output && !*template_arg) || !strcmp(output, "wide");
	if (watch || watch_only) {
		o.human = human;
		struct human_opts h = { !strcmp(output, "wide"), no_headers, show_labels, show_kind,
					&label_columns };
		if (errs.len) {
			kc_err_raw(err, "%s", errs.buf);
			ret = -1;
		} else {
			ret = get_watch(c, rqs, nrq, &o, output, template_arg, allow_missing, &h,
					watch_only, output_watch_events, show_managed, err);
		}
	} else if (human) {
		o.human = 1;
		struct human_opts h = { !strcmp(output, "wide"), no_headers, show_labels, show_kind,
					&label_columns };
		ret = get_human(c, rqs, nrq, &o, &h, &errs, err);
	} else {
		ret = get_generic(c, rqs, nrq, &o, output, template_arg, allow_missing, no_headers,
				  show_managed, single_implied, &errs, err);
	}
	if (!ret && errs.len) {
		kc_err_raw(err, "%s", errs.buf);
		ret = -1;
	}
	if (!ret)
		ret = kc_finish_output(err);
out:
	free(rqs);
	kc_manifest_release(&manifest);
	kc_err_release(&merr);
	strbuf_release(&errs);
	strvec_clear(&args);
	strvec_clear(&filenames);
	strvec_clear(&label_columns);
	return ret;
}
