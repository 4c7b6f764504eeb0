/* kubectl's table printer for server-side Tables, -o name, ages, --sort-by. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kube/jsonpath.h"
#include "kube/printers.h"

void kc_table_printer_init(struct kc_table_printer *p, const struct kc_table_opts *o)
{
	p->opts = *o;
	p->last_columns = NULL;
}

void kc_table_printer_release(struct kc_table_printer *p)
{
	json_decref(p->last_columns);
	p->last_columns = NULL;
}

void kc_format_labels(struct strbuf *out, const json_t *labels)
{
	struct strvec keys = STRVEC_INIT;
	const char *k;
	json_t *v;
	if (json_is_object(labels))
		json_object_foreach((json_t *)labels, k, v)
			strvec_push(&keys, k);
	if (!keys.nr) {
		strbuf_addstr(out, "<none>");
		return;
	}
	strvec_sort(&keys);
	for (size_t i = 0; i < keys.nr; i++) {
		const char *s = json_string_value(json_object_get(labels, keys.v[i]));
		strbuf_addf(out, "%s%s=%s", i ? "," : "", keys.v[i], s ? s : "");
	}
	strvec_clear(&keys);
}

void kc_human_duration(struct strbuf *out, long long s)
{
	if (s < -1) {
		strbuf_addstr(out, "<invalid>");
		return;
	}
	if (s < 0) {
		strbuf_addstr(out, "0s");
		return;
	}
	if (s < 120) {
		strbuf_addf(out, "%llds", s);
		return;
	}
	long long m = s / 60;
	if (m < 10) {
		if (s % 60)
			strbuf_addf(out, "%lldm%llds", m, s % 60);
		else
			strbuf_addf(out, "%lldm", m);
		return;
	}
	if (m < 180) {
		strbuf_addf(out, "%lldm", m);
		return;
	}
	long long h = s / 3600;
	if (h < 8) {
		if (m % 60)
			strbuf_addf(out, "%lldh%lldm", h, m % 60);
		else
			strbuf_addf(out, "%lldh", h);
	} else if (h < 48) {
		strbuf_addf(out, "%lldh", h);
	} else if (h < 24 * 8) {
		if (h % 24)
			strbuf_addf(out, "%lldd%lldh", h / 24, h % 24);
		else
			strbuf_addf(out, "%lldd", h / 24);
	} else if (h < 24 * 365 * 2) {
		strbuf_addf(out, "%lldd", h / 24);
	} else if (h < 24 * 365 * 8) {
		long long dy = (h / 24) % 365;
		if (dy)
			strbuf_addf(out, "%lldy%lldd", h / 24 / 365, dy);
		else
			strbuf_addf(out, "%lldy", h / 24 / 365);
	} else {
		strbuf_addf(out, "%lldy", h / 24 / 365);
	}
}

/* Group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
static void api_group(const char *av, struct strbuf *out)
{
	const char *slash = av ? strchr(av, '/') : NULL;
	if (slash)
		strbuf_add(out, av, (size_t)(slash - av));
}

void kc_print_name(struct strbuf *out, const json_t *obj)
{
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const char *av = json_string_value(json_object_get(obj, "apiVersion"));
	const char *name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	struct strbuf g = STRBUF_INIT;
	api_group(av, &g);
	for (const char *p = kind ? kind : ""; *p; p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
	if (g.len)
		strbuf_addf(out, ".%s", g.buf);
	strbuf_addf(out, "/%s\n", name ? name : "");
	strbuf_release(&g);
}

/* One cell as printTable writes it. */
static void print_cell(struct strbuf *out, const json_t *cell)
{
	if (!cell || json_is_null(cell))
		return;
	if (json_is_string(cell)) {
		const char *s = json_string_value(cell);
		size_t n = strcspn(s, "\f\n\r");
		strbuf_add(out, s, n);
		if (s[n])
			strbuf_addstr(out, "...");
	} else if (json_is_integer(cell)) {
		strbuf_addf(out, "%lld", (long long)json_integer_value(cell));
	} else if (json_is_real(cell)) {
		strbuf_addf(out, "%g", json_real_value(cell));
	} else if (json_is_true(cell)) {
		strbuf_addstr(out, "true");
	} else if (json_is_false(cell)) {
		strbuf_addstr(out, "false");
	} else {
		char *s = json_dumps(cell, JSON_COMPACT);
		strbuf_addstr(out, s ? s : "");
		free(s);
	}
}

static void upper(struct strbuf *out, const char *s)
{
	for (; s && *s; s++)
		strbuf_addch(out, (char)toupper((unsigned char)*s));
}

size_t kc_table_printer_print(struct kc_table_printer *p, const json_t *table, struct strbuf *out)
{
	const struct kc_table_opts *o = &p->opts;
	json_t *cols = json_object_get(table, "columnDefinitions");
	json_t *rows = json_object_get(table, "rows");
	int no_headers = o->no_headers;
	size_t nrows = json_array_size(rows), lines = 0;
	if (!json_array_size(cols) || (p->last_columns && json_equal(cols, p->last_columns)))
		no_headers = 1;
	if (!json_array_size(cols))
		cols = p->last_columns;
	else if (nrows) {
		json_decref(p->last_columns);
		p->last_columns = json_incref(cols);
	}
	size_t ncols = json_array_size(cols);
	size_t nlabels = o->label_columns ? o->label_columns->nr : 0;
	int name_col = -1;
	if (o->kind)
		for (size_t i = 0; i < ncols; i++) {
			json_t *c = json_array_get(cols, i);
			const char *f = json_string_value(json_object_get(c, "format"));
			const char *t = json_string_value(json_object_get(c, "type"));
			if (f && t && !strcmp(f, "name") && !strcmp(t, "string")) {
				name_col = (int)i;
				break;
			}
		}
	if (!nrows)
		return 0;
	if (!no_headers) {
		int first = 1;
		if (o->with_namespace) {
			strbuf_addstr(out, "NAMESPACE");
			first = 0;
		}
		for (size_t i = 0; i < ncols; i++) {
			json_t *c = json_array_get(cols, i);
			if (!o->wide && json_integer_value(json_object_get(c, "priority")) != 0)
				continue;
			if (!first)
				strbuf_addch(out, '\t');
			first = 0;
			upper(out, json_string_value(json_object_get(c, "name")));
		}
		for (size_t i = 0; i < nlabels; i++) {
			const char *l = o->label_columns->v[i], *slash = strrchr(l, '/');
			if (!first)
				strbuf_addch(out, '\t');
			first = 0;
			upper(out, slash ? slash + 1 : l);
		}
		if (o->show_labels)
			strbuf_addstr(out, first ? "LABELS" : "\tLABELS");
		strbuf_addch(out, '\n');
		lines++;
	}
	for (size_t r = 0; r < nrows; r++) {
		json_t *row = json_array_get(rows, r);
		json_t *cells = json_object_get(row, "cells");
		json_t *obj = json_object_get(row, "object");
		json_t *meta = json_object_get(obj, "metadata");
		int first = 1;
		if (o->with_namespace) {
			const char *ns = json_string_value(json_object_get(meta, "namespace"));
			strbuf_addstr(out, ns ? ns : "");
			first = 0;
		}
		size_t ncells = json_array_size(cells);
		for (size_t i = 0; i < ncells && i < ncols; i++) {
			json_t *c = json_array_get(cols, i);
			if (!o->wide && json_integer_value(json_object_get(c, "priority")) != 0)
				continue;
			if (!first)
				strbuf_addch(out, '\t');
			first = 0;
			if ((int)i == name_col) {
				strbuf_addf(out, "%s/", o->kind);
				json_t *v = json_array_get(cells, i);
				if (json_is_string(v))
					strbuf_addstr(out, json_string_value(v));
				else
					print_cell(out, v);
			} else {
				print_cell(out, json_array_get(cells, i));
			}
		}
		/* decorateTable pads short rows with nil cells */
		for (size_t i = ncells; i < ncols; i++) {
			json_t *c = json_array_get(cols, i);
			if (!o->wide && json_integer_value(json_object_get(c, "priority")) != 0)
				continue;
			if (!first)
				strbuf_addch(out, '\t');
			first = 0;
		}
		json_t *labels = json_object_get(meta, "labels");
		for (size_t i = 0; i < nlabels; i++) {
			const char *v = json_string_value(json_object_get(labels, o->label_columns->v[i]));
			if (!first)
				strbuf_addch(out, '\t');
			first = 0;
			strbuf_addstr(out, v ? v : "");
		}
		if (o->show_labels) {
			if (!first)
				strbuf_addch(out, '\t');
			kc_format_labels(out, labels);
		}
		strbuf_addch(out, '\n');
		lines++;
	}
	return lines;
}

/* ---------------------------------------------------------------- sorting */

/* vbom.ml/util/sortorder NaturalLess: digit runs compare as numbers. */
static int natural_less(const char *a, const char *b)
{
	while (*a && *b) {
		int da = isdigit((unsigned char)*a), db = isdigit((unsigned char)*b);
		if (da != db)
			return da;
		if (!da) {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b;
			a++, b++;
			continue;
		}
		/* digit runs: skip leading zeros, compare by length then digits */
		const char *a0 = a, *b0 = b;
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		const char *as = a, *bs = b;
		while (isdigit((unsigned char)*a))
			a++;
		while (isdigit((unsigned char)*b))
			b++;
		size_t la = (size_t)(a - as), lb = (size_t)(b - bs);
		if (la != lb)
			return la < lb;
		int c = strncmp(as, bs, la);
		if (c)
			return c < 0;
		/* equal values: fewer leading zeros first */
		if ((as - a0) != (bs - b0))
			return (as - a0) < (bs - b0);
	}
	return !*a && *b;
}

struct sort_item {
	const json_t *key;     /* borrowed from the object, or NULL */
	size_t idx;
};

static int key_less(const json_t *a, const json_t *b)
{
	if (!a)
		return b != NULL;
	if (!b)
		return 0;
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) < json_number_value(b);
	if (json_is_string(a) && json_is_string(b))
		return natural_less(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_false(a) && json_is_true(b);
	return 0;
}

static int cmp_items(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	if (key_less(a->key, b->key))
		return -1;
	if (key_less(b->key, a->key))
		return 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Walk a plain dotted path (".metadata.name", ".spec.containers[0].image"). */
static const json_t *walk(const json_t *v, const char *path)
{
	const char *p = path;
	while (v && *p) {
		if (*p == '.') {
			p++;
			size_t n = strcspn(p, ".[");
			char *k = strndup(p, n);
			v = json_object_get(v, k);
			free(k);
			p += n;
		} else if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*end != ']')
				return NULL;
			if (i < 0)
				i += (long)json_array_size(v);
			v = i >= 0 ? json_array_get(v, (size_t)i) : NULL;
			p = end + 1;
		} else {
			return NULL;
		}
	}
	return v;
}

/* The field spec without kubectl's relaxed decoration: ".a.b". */
static char *sort_path(const char *spec, struct kc_err *err)
{
	size_t n = strlen(spec);
	const char *s = spec;
	if (n >= 2 && s[0] == '{' && s[n - 1] == '}') {
		s++;
		n -= 2;
	}
	struct strbuf sb = STRBUF_INIT;
	if (n && *s != '.')
		strbuf_addch(&sb, '.');
	strbuf_add(&sb, s, n);
	if (strpbrk(sb.buf, "{}*?@ ") || !strcmp(sb.buf, ".")) {
		kc_err_set(err, "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static int sort_keys(struct sort_item *it, size_t n, const char *sort_by, struct kc_err *err)
{
	char *path = sort_path(sort_by, err);
	if (!path)
		return -1;
	qsort(it, n, sizeof(*it), cmp_items);
	free(path);
	return 0;
}

int kc_objects_sort(const json_t **objs, size_t n, const char *sort_by, struct kc_err *err)
{
	char *path = sort_path(sort_by, err);
	if (!path)
		return -1;
	struct sort_item *it = calloc(n ? n : 1, sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		it[i].key = walk(objs[i], path);
		it[i].idx = i;
	}
	free(path);
	int ret = sort_keys(it, n, sort_by, err);
	if (!ret) {
		const json_t **tmp = calloc(n ? n : 1, sizeof(*tmp));
		for (size_t i = 0; i < n; i++)
			tmp[i] = objs[it[i].idx];
		memcpy(objs, tmp, n * sizeof(*tmp));
		free(tmp);
	}
	free(it);
	return ret;
}

int kc_table_sort_rows(json_t *table, const char *sort_by, struct kc_err *err)
{
	json_t *rows = json_object_get(table, "rows");
	size_t n = json_array_size(rows);
	char *path = sort_path(sort_by, err);
	if (!path)
		return -1;
	struct sort_item *it = calloc(n ? n : 1, sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		it[i].key = walk(json_object_get(json_array_get(rows, i), "object"), path);
		it[i].idx = i;
	}
	free(path);
	int ret = sort_keys(it, n, sort_by, err);
	if (!ret) {
		json_t *sorted = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append(sorted, json_array_get(rows, it[i].idx));
		json_object_set_new(table, "rows", sorted);
	}
	free(it);
	return ret;
}

/* ---------------------------------------------------------------- go-template */

#include "template/template.h"
#include "template/value.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/json.h"

struct kc_gotmpl {
	struct tmpl *t;
	char *text;
};

static struct tv *fn_base64decode(struct tmpl_call *call, int argc, struct tv **argv,
				  struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad = 0;
	if (base64_decode(&sb, argv[0]->u.str.s, argv[0]->u.str.len, &bad) < 0) {
		strbuf_release(&sb);
		/* input that ends inside a quantum: Go reports the quantum's start */
		if (bad >= argv[0]->u.str.len && !memchr(argv[0]->u.str.s, '\n', argv[0]->u.str.len) &&
		    !memchr(argv[0]->u.str.s, '=', argv[0]->u.str.len))
			bad = argv[0]->u.str.len / 4 * 4;
		kc_err_set(err, "base64 decode failed: illegal base64 data at input byte %zu", bad);
		return NULL;
	}
	return tv_str_buf(&sb);
}

/* kubectl's exists(item, indices...): can the value be indexed that way, to a
 * non-nil value. */
static struct tv *fn_exists(struct tmpl_call *call, int argc, struct tv **argv,
			    struct kc_err *err)
{
	const struct tv *v = argv[0];
	for (int i = 1; i < argc; i++) {
		const struct tv *ix = argv[i];
		if (tv_is_nil(v))
			return tv_false();
		if (v->kind == TV_LIST || v->kind == TV_STRING || v->kind == TV_BYTES) {
			long long x;
			if (ix && ix->kind == TV_INT)
				x = ix->u.i;
			else if (ix && ix->kind == TV_UINT)
				x = (long long)ix->u.u;
			else
				return tv_false();
			size_t len = v->kind == TV_LIST ? tv_list_len(v) : v->u.str.len;
			if (x < 0 || (unsigned long long)x >= len)
				return tv_false();
			if (v->kind != TV_LIST)
				return tv_true();
			v = tv_list_get(v, (size_t)x);
		} else if (v->kind == TV_MAP) {
			if (!ix || ix->kind != TV_STRING)
				return tv_false();
			v = tv_map_get(v, ix->u.str.s);
		} else {
			return tv_false();
		}
	}
	return tv_bool(!tv_is_nil(v));
}

static const struct tmpl_func kubectl_tmpl_funcs[] = {
	{ "base64decode", fn_base64decode, "string", NULL },
	{ "exists", fn_exists, "interface {}, ...interface {}", NULL },
	{ NULL, NULL, NULL, NULL },
};

int kc_gotmpl_new(const char *output, const char *template_arg, int allow_missing,
		  struct kc_gotmpl **p, struct kc_err *err)
{
	static const char *const formats[] = { "go-template", "go-template-file", "template",
					       "templatefile", NULL };
	const char *fmt = NULL, *value = "";
	size_t fmtlen = 0;
	*p = NULL;
	if ((!template_arg || !*template_arg) && !*output)
		return 1;
	if (template_arg && *template_arg) {
		value = template_arg;
		fmt = output;
		fmtlen = strlen(output);
	} else {
		fmt = output;
		fmtlen = strlen(output);
		for (int i = 0; formats[i]; i++) {
			size_t n = strlen(formats[i]);
			if (!strncmp(output, formats[i], n) && output[n] == '=') {
				value = output + n + 1;
				fmtlen = n;
				break;
			}
		}
	}
	int known = 0, file = 0;
	for (int i = 0; formats[i]; i++)
		if (strlen(formats[i]) == fmtlen && !strncmp(fmt, formats[i], fmtlen)) {
			known = 1;
			file = i == 1 || i == 3;
		}
	if (!known)
		return 1;
	if (!*value)
		return kc_err_set(err, "template format specified but no template given");
	struct strbuf text = STRBUF_INIT;
	if (file) {
		struct kc_err e = KC_ERR_INIT;
		if (file_read(value, &text, &e) < 0) {
			kc_err_set(err, "error reading --template %s, %s", value, e.msg.buf);
			kc_err_release(&e);
			strbuf_release(&text);
			return -1;
		}
	} else {
		strbuf_addstr(&text, value);
	}
	struct kc_gotmpl *g = calloc(1, sizeof(*g));
	g->t = tmpl_new();
	tmpl_set_name(g->t, "output");
	tmpl_add_funcs(g->t, kubectl_tmpl_funcs);
	tmpl_set_missingkey(g->t, allow_missing ? TMPL_MISSINGKEY_DEFAULT : TMPL_MISSINGKEY_ERROR);
	struct kc_err e = KC_ERR_INIT;
	if (tmpl_parse(g->t, "output", text.buf, text.len, &e) < 0) {
		kc_err_set(err, "error parsing template %s, %s", text.buf, e.msg.buf);
		kc_err_release(&e);
		strbuf_release(&text);
		kc_gotmpl_free(g);
		return -1;
	}
	g->text = strbuf_detach(&text, NULL);
	*p = g;
	return 0;
}

int kc_gotmpl_print(struct kc_gotmpl *p, const json_t *obj, struct strbuf *out,
		    struct kc_err *err)
{
	struct tv *data = tv_from_json(obj, TV_JSON_INTS_AS_FLOAT);
	struct kc_err e = KC_ERR_INIT;
	int ret = 0;
	if (tmpl_execute(p->t, "output", data, out, &e) < 0) {
		struct strbuf raw = STRBUF_INIT;
		json_emit(&raw, obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		strbuf_addf(out, "Error executing template: %s. Printing more information for debugging the template:\n", e.msg.buf);
		strbuf_addf(out, "\ttemplate was:\n\t\t%s\n", p->text);
		strbuf_addf(out, "\traw data was:\n\t\t%s\n", raw.buf);
		strbuf_addstr(out, "\tobject given to template engine was:\n\t\t");
		tv_format(out, data);
		strbuf_addstr(out, "\n\n");
		kc_err_set(err, "error executing template \"%s\": %s", p->text, e.msg.buf);
		strbuf_release(&raw);
		ret = -1;
	}
	kc_err_release(&e);
	tv_decref(data);
	return ret;
}

void kc_gotmpl_free(struct kc_gotmpl *p)
{
	if (!p)
		return;
	tmpl_free(p->t);
	free(p->text);
	free(p);
}
