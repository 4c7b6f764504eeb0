/* Dependency processing as Helm's chartutil/dependencies.go: enabling by
 * condition/tags, aliases, import-values (incl. exports). */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>

#include "chart/internal.h"
#include "util/gostr.h"

/* Values.Table(name): walks dotted keys; NULL + *bad_key when a step is missing
 * or not a map. Borrowed result. */
static json_t *table(json_t *v, const char *name, char **bad_key)
{
	json_t *t = v;
	char *dup = xstrdup(name), *save = NULL, *p = dup;
	*bad_key = NULL;
	for (;;) {
		char *dot = strchr(p, '.');
		if (dot)
			*dot = 0;
		json_t *x = json_object_get(t, p);
		if (!x || !json_is_object(x)) {
			*bad_key = xstrdup(p);
			free(dup);
			return NULL;
		}
		t = x;
		if (!dot)
			break;
		p = dot + 1;
	}
	(void)save;
	free(dup);
	return t;
}

/* Values.PathValue: 0 + *out (borrowed, may be json null) or -1 (ErrNoValue). */
static int path_value(json_t *v, const char *path, json_t **out)
{
	const char *dot = strrchr(path, '.');
	if (!dot) {
		json_t *x = json_object_get(v, path);
		if (x && !json_is_object(x)) {
			*out = x;
			return 0;
		}
		return -1;
	}
	char *head = xstrndup(path, (size_t)(dot - path)), *bad;
	json_t *t = table(v, head, &bad);
	free(head);
	free(bad);
	if (!t)
		return -1;
	json_t *x = json_object_get(t, dot + 1);
	if (x && !json_is_object(x)) {
		*out = x;
		return 0;
	}
	return -1;
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

static void process_conditions(struct chart_meta *m, json_t *cvals, const char *cpath,
			       struct strvec *w)
{
	for (size_t i = 0; i < m->ndeps; i++) {
		struct chart_dep *r = m->deps[i];
		/* strings.TrimSpace then split on ',' (parts are not trimmed) */
		const char *s = r->condition;
		size_t n = strlen(s);
		while (n && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
			n--;
		char *cond = xstrndup(s, n), *p = cond;
		for (;;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = 0;
			if (*p) {
				char *full = xasprintf("%s%s", cpath, p);
				json_t *vv;
				if (path_value(cvals, full, &vv) == 0) {
					if (json_is_boolean(vv)) {
						r->enabled = json_is_true(vv);
						free(full);
						break;
					}
					warnf(w, "Warning: Condition path '%s' for chart %s returned non-bool value", p,
					      r->name);
				}
				free(full);
			}
			if (!comma)
				break;
			p = comma + 1;
		}
		free(cond);
	}
}

static void process_tags(struct chart_meta *m, json_t *cvals, struct strvec *w)
{
	json_t *vt = json_object_get(cvals, "tags");
	if (!vt || !json_is_object(vt))
		return;
	for (size_t i = 0; i < m->ndeps; i++) {
		struct chart_dep *r = m->deps[i];
		int has_true = 0, has_false = 0;
		for (size_t k = 0; k < r->tags.nr; k++) {
			json_t *b = json_object_get(vt, r->tags.v[k]);
			if (!b)
				continue;
			if (json_is_boolean(b)) {
				if (json_is_true(b))
					has_true = 1;
				else
					has_false = 1;
			} else {
				warnf(w, "Warning: Tag '%s' for chart %s returned non-bool value", r->tags.v[k],
				      r->name);
			}
		}
		if (!has_true && has_false)
			r->enabled = 0;
		else if (has_true || (!has_true && !has_false))
			r->enabled = 1;
	}
}

static int enabled(struct chart *c, json_t *v, const char *path, struct strvec *w,
		   struct kc_err *err)
{
	struct chart_meta *m = c->meta;
	if (!m->deps)
		return 0;
	size_t i, k;
	struct chart **nd = xcalloc(c->ndeps + m->ndeps + 1, sizeof(*nd));
	size_t nn = 0;
	char *kept = xcalloc(c->ndeps + 1, 1);
	for (i = 0; i < c->ndeps; i++) {
		struct chart *ex = c->deps[i];
		int matched = 0;
		for (k = 0; k < m->ndeps; k++)
			if (!strcmp(ex->meta->name, m->deps[k]->name) &&
			    sprig_semver_satisfies(m->deps[k]->version, ex->meta->version))
				matched = 1;
		if (!matched) {
			nd[nn++] = ex;
			kept[i] = 1;
		}
	}
	for (k = 0; k < m->ndeps; k++) {
		struct chart_dep *req = m->deps[k];
		for (i = 0; i < c->ndeps; i++) {
			struct chart *ex = c->deps[i];
			if (strcmp(ex->meta->name, req->name) ||
			    !sprig_semver_satisfies(req->version, ex->meta->version))
				continue;
			struct chart *cp = chart_dup(ex);
			if (*req->alias) {
				free(cp->meta->name);
				cp->meta->name = xstrdup(req->alias);
			}
			nd[nn++] = cp;
			break;
		}
		if (*req->alias) {
			free(req->name);
			req->name = xstrdup(req->alias);
		}
	}
	for (i = 0; i < c->ndeps; i++)
		if (!kept[i])
			chart_free(c->deps[i]);
	free(kept);
	free(c->deps);
	c->deps = nd;
	c->ndeps = nn;
	for (i = 0; i < nn; i++)
		nd[i]->parent = c;

	for (k = 0; k < m->ndeps; k++)
		m->deps[k]->enabled = 1;
	json_t *cvals = chart_coalesce_values(c, v, 0, w, err);
	if (!cvals)
		return -1;
	process_tags(m, cvals, w);
	process_conditions(m, cvals, path, w);

	/* drop disabled charts and requirements (by name) */
	size_t j = 0;
	for (i = 0; i < c->ndeps; i++) {
		int rm = 0;
		for (k = 0; k < m->ndeps; k++)
			if (!m->deps[k]->enabled && !strcmp(m->deps[k]->name, c->deps[i]->meta->name))
				rm = 1;
		if (rm)
			chart_free(c->deps[i]);
		else
			c->deps[j++] = c->deps[i];
	}
	c->ndeps = j;
	int ret = 0;
	for (i = 0; i < c->ndeps && ret == 0; i++) {
		char *sub = xasprintf("%s%s.", path, c->deps[i]->meta->name);
		ret = enabled(c->deps[i], cvals, sub, w, err);
		free(sub);
	}
	/* cdMetadata: requirements not removed (computed before recursion in Helm) */
	struct chart_dep **keep = xcalloc(m->ndeps + 1, sizeof(*keep));
	char *rmf = xcalloc(m->ndeps + 1, 1);
	size_t nk = 0;
	for (k = 0; k < m->ndeps; k++)
		for (size_t q = 0; q < m->ndeps; q++)
			if (!m->deps[q]->enabled && !strcmp(m->deps[q]->name, m->deps[k]->name))
				rmf[k] = 1;
	for (k = 0; k < m->ndeps; k++) {
		if (rmf[k])
			chart_dep_free(m->deps[k]);
		else
			keep[nk++] = m->deps[k];
	}
	free(rmf);
	free(m->deps);
	m->deps = keep;
	m->ndeps = nk;
	json_decref(cvals);
	return ret;
}

static json_t *path_to_map(const char *path, json_t *data)
{
	if (!strcmp(path, "."))
		return json_incref(data);
	/* nested maps from parsePath(path), innermost = data */
	struct strvec parts = STRVEC_INIT;
	strvec_split(&parts, path, '.');
	json_t *cur = json_incref(data);
	for (size_t i = parts.nr; i-- > 0;) {
		json_t *m = json_object();
		json_object_set_new(m, parts.v[i], cur);
		cur = m;
	}
	strvec_clear(&parts);
	return cur;
}

static void trim_nils(json_t *m)
{
	size_t n;
	char **keys = chart_sorted_keys(m, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(m, keys[i]);
		if (json_is_null(v))
			json_object_del(m, keys[i]);
		else if (json_is_object(v))
			trim_nils(v);
	}
	chart_free_keys(keys, n);
}

static int import_values(struct chart *c, int merge, struct strvec *w, struct kc_err *err)
{
	struct chart_meta *m = c->meta;
	if (!m->deps)
		return 0;
	json_t *cvals = chart_coalesce_values(c, NULL, merge, w, err);
	if (!cvals)
		return -1;
	json_t *b = json_object();
	for (size_t k = 0; k < m->ndeps; k++) {
		struct chart_dep *r = m->deps[k];
		json_t *outiv = json_array();
		size_t i;
		json_t *riv;
		json_array_foreach(r->import_values, i, riv) {
			if (json_is_object(riv)) {
				struct strbuf child = STRBUF_INIT, parent = STRBUF_INIT;
				chart_go_sprint(&child, json_object_get(riv, "child"));
				chart_go_sprint(&parent, json_object_get(riv, "parent"));
				json_t *o = json_object();
				json_object_set_new(o, "child", json_string(child.buf));
				json_object_set_new(o, "parent", json_string(parent.buf));
				json_array_append_new(outiv, o);
				char *tn = xasprintf("%s.%s", r->name, child.buf), *bad;
				json_t *vv = table(cvals, tn, &bad);
				free(tn);
				if (!vv) {
					struct strbuf q = STRBUF_INIT;
					go_quote(&q, bad, strlen(bad));
					warnf(w, "Warning: ImportValues missing table from chart %s: %s is not a table",
					      r->name, q.buf);
					strbuf_release(&q);
					free(bad);
				} else {
					json_t *pm = path_to_map(parent.buf, vv);
					chart_coalesce_tables(w, b, pm, "", merge);
					json_decref(pm);
				}
				strbuf_release(&child);
				strbuf_release(&parent);
			} else if (json_is_string(riv)) {
				char *child = xasprintf("exports.%s", json_string_value(riv));
				json_t *o = json_object();
				json_object_set_new(o, "child", json_string(child));
				json_object_set_new(o, "parent", json_string("."));
				json_array_append_new(outiv, o);
				char *tn = xasprintf("%s.%s", r->name, child), *bad;
				json_t *vm = table(cvals, tn, &bad);
				free(tn);
				if (!vm) {
					struct strbuf q = STRBUF_INIT;
					go_quote(&q, bad, strlen(bad));
					warnf(w, "Warning: ImportValues missing table: %s is not a table", q.buf);
					strbuf_release(&q);
					free(bad);
				} else {
					chart_coalesce_tables(w, b, vm, "", merge);
				}
				free(child);
			}
		}
		json_decref(r->import_values);
		r->import_values = json_array_size(outiv) ? outiv : (json_decref(outiv), NULL);
	}
	json_t *base;
	if (merge) {
		base = json_deep_copy(cvals);
	} else {
		base = json_deep_copy(cvals);
		trim_nils(base);
	}
	chart_coalesce_tables(w, base, b, "", merge);
	json_decref(c->values);
	c->values = base;
	json_decref(b);
	json_decref(cvals);
	return 0;
}

static int import_all(struct chart *c, int merge, struct strvec *w, struct kc_err *err)
{
	for (size_t i = 0; i < c->ndeps; i++)
		if (import_all(c->deps[i], merge, w, err) < 0)
			return -1;
	return import_values(c, merge, w, err);
}

int chart_process_dependencies(struct chart *c, json_t *vals, int merge, struct strvec *warnings,
			       struct kc_err *err)
{
	if (enabled(c, vals, "", warnings, err) < 0)
		return -1;
	return import_all(c, merge, warnings, err);
}

int chart_process_dependency_enabled(struct chart *c, json_t *vals, struct strvec *warnings,
				     struct kc_err *err)
{
	return enabled(c, vals, "", warnings, err);
}

int chart_process_import_values(struct chart *c, int merge, struct strvec *warnings,
				struct kc_err *err)
{
	return import_all(c, merge, warnings, err);
}
