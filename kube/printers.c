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
