/* Values coalescing exactly as Helm's chartutil/coalesce.go, on jansson values
 * with Go's reference semantics (json_object_set shares like Go maps do; Go's
 * copystructure.Copy is json_deep_copy, copyMap is json_copy). Map iteration is
 * in sorted key order, so warnings come out deterministically. */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>

#include "chart/internal.h"
#include "util/gostr.h"

static int cmpk(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted copy of an object's keys (strdup'd: safe while the object changes). */
char **chart_sorted_keys(json_t *o, size_t *n)
{
	*n = json_object_size(o);
	char **k = xcalloc(*n + 1, sizeof(*k));
	size_t i = 0;
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) k[i++] = xstrdup(key);
	qsort(k, *n, sizeof(*k), cmpk);
	return k;
}

void chart_free_keys(char **k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

/* fmt's %v of a decoded JSON/YAML value. */
void chart_go_sprint(struct strbuf *out, json_t *v)
{
	if (!v || json_is_null(v)) {
		strbuf_addstr(out, "<nil>");
		return;
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		strbuf_add(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		strbuf_addf(out, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		go_format_float(out, json_real_value(v), 'g', -1);
		break;
	case JSON_TRUE:
		strbuf_addstr(out, "true");
		break;
	case JSON_FALSE:
		strbuf_addstr(out, "false");
		break;
	case JSON_ARRAY: {
		strbuf_addch(out, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				strbuf_addch(out, ' ');
			chart_go_sprint(out, json_array_get(v, i));
		}
		strbuf_addch(out, ']');
		break;
	}
	case JSON_OBJECT: {
		size_t n;
		char **k = chart_sorted_keys(v, &n);
		strbuf_addstr(out, "map[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(out, ' ');
			strbuf_addf(out, "%s:", k[i]);
			chart_go_sprint(out, json_object_get(v, k[i]));
		}
		strbuf_addch(out, ']');
		chart_free_keys(k, n);
		break;
	}
	default:
		break;
	}
}

static char *concat_prefix(const char *a, const char *b)
{
	if (!*a)
		return xstrdup(b);
	return xasprintf("%s.%s", a, b);
}

static void warnf(struct strvec *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(struct strvec *w, const char *fmt, ...)
{
	if (!w)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push_nodup(w, strbuf_detach(&sb, NULL));
}

static void warn_val(struct strvec *w, const char *fmt, const char *key, json_t *val)
{
	if (!w)
		return;
	struct strbuf v = STRBUF_INIT;
	chart_go_sprint(&v, val);
	warnf(w, fmt, key, v.buf);
	strbuf_release(&v);
}

/* coalesceTablesFullKey: src into dst (dst wins). Both borrowed; src may be
 * modified (nils copied from dst), as in Helm. */
void chart_coalesce_tables(struct strvec *w, json_t *dst, json_t *src, const char *prefix,
			   int merge)
{
	if (!src || !dst || !json_is_object(src) || !json_is_object(dst))
		return;
	size_t n, i;
	json_t *nonnil = json_object();
	{
		const char *k;
		json_t *v;
		json_object_foreach(src, k, v) if (!json_is_null(v)) json_object_set_new(nonnil, k, json_true());
		json_object_foreach(dst, k, v) if (json_is_null(v)) json_object_set_new(src, k, json_null());
	}
	char **keys = chart_sorted_keys(src, &n);
	for (i = 0; i < n; i++) {
		const char *key = keys[i];
		json_t *val = json_object_get(src, key);
		json_t *dv = json_object_get(dst, key);
		char *full = concat_prefix(prefix, key);
		if (dv && !merge && json_is_null(dv) && json_object_get(nonnil, key)) {
			json_object_del(dst, key);
		} else if (!dv) {
			json_object_set(dst, key, val);
		} else if (json_is_object(val)) {
			if (json_is_object(dv))
				chart_coalesce_tables(w, dv, val, full, merge);
			else
				warn_val(w, "warning: cannot overwrite table with non table for %s (%s)", full, val);
		} else if (json_is_object(dv) && !json_is_null(val)) {
			warn_val(w, "warning: destination for %s is a table. Ignoring non-table value (%s)", full,
				 val);
		}
		free(full);
	}
	json_decref(nonnil);
	chart_free_keys(keys, n);
}

static int is_subchart_name(const struct chart *c, const char *key)
{
	for (size_t i = 0; i < c->ndeps; i++)
		if (!strcmp(c->deps[i]->meta->name, key))
			return 1;
	return 0;
}

static void coalesce_values(struct strvec *w, const struct chart *c, json_t *v, const char *prefix,
			    int merge)
{
	char *sub = concat_prefix(prefix, c->meta->name);
	json_t *vc = c->values ? json_deep_copy(c->values) : json_object();
	size_t n;
	char **keys = chart_sorted_keys(vc, &n);
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		json_t *val = json_object_get(vc, key);
		json_t *value = json_object_get(v, key);
		if (value) {
			if (json_is_null(value) && !merge) {
				json_object_del(v, key);
			} else if (json_is_object(value)) {
				if (!json_is_object(val)) {
					if (!json_is_null(val))
						warnf(w, "warning: skipped value for %s.%s: Not a table.", sub, key);
				} else {
					char *full = concat_prefix(sub, key);
					chart_coalesce_tables(w, value, val, full,
							      is_subchart_name(c, key) ? 1 : merge);
					free(full);
				}
			}
		} else {
			json_object_set(v, key, val);
		}
	}
	chart_free_keys(keys, n);
	json_decref(vc);
	free(sub);
}

static void coalesce_globals(struct strvec *w, json_t *dest, json_t *src, const char *prefix)
{
	json_t *dg, *sg;
	json_t *destglob = json_object_get(dest, "global");
	if (!destglob) {
		dg = json_object();
	} else if (!json_is_object(destglob)) {
		warnf(w, "warning: skipping globals because destination %s is not a table.", "global");
		return;
	} else {
		dg = json_incref(destglob);
	}
	json_t *srcglob = json_object_get(src, "global");
	if (!srcglob) {
		sg = json_object();
	} else if (!json_is_object(srcglob)) {
		warnf(w, "warning: skipping globals because source %s is not a table.", "global");
		json_decref(dg);
		return;
	} else {
		sg = json_incref(srcglob);
	}
	size_t n;
	char **keys = chart_sorted_keys(sg, &n);
	for (size_t i = 0; i < n; i++) {
		const char *key = keys[i];
		json_t *val = json_object_get(sg, key);
		if (json_is_object(val)) {
			json_t *vv = json_copy(val);
			json_t *destv = json_object_get(dg, key);
			if (!destv) {
				json_object_set(dg, key, vv);
			} else if (!json_is_object(destv)) {
				struct strbuf q = STRBUF_INIT;
				go_quote(&q, key, strlen(key));
				warnf(w, "Conflict: cannot merge map onto non-map for %s. Skipping.", q.buf);
				strbuf_release(&q);
			} else {
				char *full = concat_prefix(prefix, key);
				chart_coalesce_tables(w, vv, destv, full, 1);
				free(full);
				json_object_set(dg, key, vv);
			}
			json_decref(vv);
		} else if (json_is_object(json_object_get(dg, key))) {
			warnf(w, "key %s is table. Skipping", key);
		} else {
			json_object_set(dg, key, val);
		}
	}
	chart_free_keys(keys, n);
	json_object_set_new(dest, "global", dg);
	json_decref(sg);
}

/* fmt's %t of a non-bool: %!t(TYPE=VALUE) */
static void go_pct_t(struct strbuf *out, json_t *v)
{
	if (json_is_boolean(v)) {
		strbuf_addstr(out, json_is_true(v) ? "true" : "false");
		return;
	}
	if (json_is_null(v)) {
		strbuf_addstr(out, "%!t(<nil>)");
		return;
	}
	strbuf_addf(out, "%%!t(%s=", chart_go_type(v));
	chart_go_sprint(out, v);
	strbuf_addch(out, ')');
}

static int coalesce(struct strvec *w, const struct chart *ch, json_t *dest, const char *prefix,
		    int merge, struct kc_err *err);

static int coalesce_deps(struct strvec *w, const struct chart *c, json_t *dest, const char *prefix,
			 int merge, struct kc_err *err)
{
	for (size_t i = 0; i < c->ndeps; i++) {
		const struct chart *sc = c->deps[i];
		const char *name = sc->meta->name;
		json_t *cur = json_object_get(dest, name);
		if (!cur) {
			json_object_set_new(dest, name, json_object());
		} else if (!json_is_object(cur)) {
			struct strbuf t = STRBUF_INIT;
			go_pct_t(&t, cur);
			kc_err_set(err, "type mismatch on %s: %s", name, t.buf);
			strbuf_release(&t);
			return -1;
		}
		json_t *dv = json_incref(json_object_get(dest, name));
		char *sub = concat_prefix(prefix, c->meta->name);
		coalesce_globals(w, dv, dest, sub);
		int rc = coalesce(w, sc, dv, sub, merge, err);
		free(sub);
		json_decref(dv);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int coalesce(struct strvec *w, const struct chart *ch, json_t *dest, const char *prefix,
		    int merge, struct kc_err *err)
{
	coalesce_values(w, ch, dest, prefix, merge);
	return coalesce_deps(w, ch, dest, prefix, merge, err);
}

json_t *chart_coalesce_values(const struct chart *c, json_t *vals, int merge,
			      struct strvec *warnings, struct kc_err *err)
{
	json_t *v = vals && json_is_object(vals) ? json_deep_copy(vals) : json_object();
	if (coalesce(warnings, c, v, "", merge, err) < 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}
