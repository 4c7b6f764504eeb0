/* ssa.c: field ownership (managedFields with fieldsV1) and server-side apply, the
 * way the apiserver does them with sigs.k8s.io/structured-merge-diff:
 *
 * - A field set is a tree keyed by path elements: "f:name" (a field or map key),
 *   "k:{"name":"c"}" (an item of a list-map, by its keys), "v:"x"" (an item of a
 *   set). Inside the mock a node that is itself in the set carries ".": {}; on the
 *   wire a member without children is written as {}.
 * - Schemas come from the OpenAPI v3 schemas (openapi.c): lists are atomic unless
 *   x-kubernetes-list-type says map or set, x-kubernetes-map-type atomic makes a
 *   struct one value; objects of unknown kinds (custom resources) are deduced
 *   (maps granular, lists atomic).
 * - Update (create, PUT, json/merge/strategic patches): the manager gains every
 *   field that is new or changed against the old object (on create: against the
 *   zero object of the type, whose non-pointer structs exist as {}), others lose
 *   them; removed fields leave every set.
 * - Apply: the applier's set is exactly the applied configuration's fields; the
 *   configuration is merged into the live object; fields it applied before and
 *   no longer applies are removed unless someone else owns them; changing a field
 *   another manager owns is a conflict (409) unless force=true, which takes it. */
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

enum nkind { N_SCALAR, N_ATOMIC, N_STRUCT, N_MAP, N_LISTMAP, N_SET };

static int absent(const json_t *v)
{
	return !v || json_is_null(v);
}

static const json_t *res(const json_t *s)
{
	return s ? openapi_resolve(s) : NULL;
}

static int kind_of(const json_t *s, const json_t *v)
{
	s = res(s);
	json_t *props = s ? json_object_get(s, "properties") : NULL;
	json_t *addl = s ? json_object_get(s, "additionalProperties") : NULL;
	const char *type = s ? jstr(s, "type") : NULL;
	int deduced = !s || json_is_true(json_object_get(s, "x-kubernetes-preserve-unknown-fields")) ||
		(type && !strcmp(type, "object") && !props && !json_is_object(addl)) ||
		(!type && !props && !json_object_get(s, "items"));
	if (deduced)
		return json_is_object(v) ? N_MAP : json_is_array(v) ? N_ATOMIC : N_SCALAR;
	if (!strcmp(S(jstr(s, "x-kubernetes-map-type")), "atomic"))
		return N_ATOMIC;
	if (props)
		return N_STRUCT;
	if (json_is_object(addl))
		return N_MAP;
	if (type && !strcmp(type, "array")) {
		const char *lt = S(jstr(s, "x-kubernetes-list-type"));
		if (!strcmp(lt, "map"))
			return N_LISTMAP;
		if (!strcmp(lt, "set"))
			return N_SET;
		return N_ATOMIC;
	}
	return N_SCALAR;
}

/* The schema of field key of struct/map schema s; *declared: a struct's own field. */
static const json_t *child_schema(const json_t *s, const char *key, int *declared)
{
	s = res(s);
	*declared = 0;
	if (!s)
		return NULL;
	json_t *p = json_object_get(json_object_get(s, "properties"), key);
	if (p) {
		*declared = 1;
		return p;
	}
	json_t *addl = json_object_get(s, "additionalProperties");
	return json_is_object(addl) ? addl : NULL;
}

static const json_t *item_schema(const json_t *s)
{
	s = res(s);
	return s ? json_object_get(s, "items") : NULL;
}

/* Path element of a list item: k:{keys} or v:value (new string). */
static char *pe_item(const json_t *s, const json_t *item, int kind)
{
	if (kind == N_SET) {
		char *j = json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);
		char *pe = xasprintf("v:%s", j ? j : "null");
		free(j);
		return pe;
	}
	json_t *keys = json_object();
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(res(s), "x-kubernetes-list-map-keys"), i, k) {
		const char *kn = json_string_value(k);
		json_t *v = json_object_get(item, kn);
		if (v)
			json_object_set(keys, kn, v);
		else if (!strcmp(kn, "protocol"))
			json_object_set_new(keys, kn, json_string("TCP")); /* defaulted key */
	}
	char *j = json_dumps(keys, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(keys);
	char *pe = xasprintf("k:%s", j);
	free(j);
	return pe;
}

static json_t *child(json_t *n, const char *k)
{
	json_t *c = json_object_get(n, k);
	if (!c) {
		c = json_object();
		json_object_set_new(n, k, c);
	}
	return c;
}

static void mark(json_t *n)
{
	json_object_set_new(n, ".", json_object());
}

static int member(const json_t *n)
{
	return json_object_get(n, ".") != NULL;
}

/* Drop nodes that are neither members nor hold members. */
static void prune(json_t *n)
{
	const char *k;
	json_t *c;
	void *tmp;
	json_object_foreach_safe(n, tmp, k, c) {
		if (!strcmp(k, "."))
			continue;
		prune(c);
		if (!json_object_size(c))
			json_object_del(n, k);
	}
}

/* ---- field sets of values ---- */

/* The set of an applied configuration (structured-merge-diff's ToFieldSet). */
static void tfs(const json_t *s, const json_t *v, json_t *node)
{
	int kind = kind_of(s, v);
	if (kind == N_SCALAR || kind == N_ATOMIC) {
		mark(node);
		return;
	}
	if (kind == N_STRUCT || kind == N_MAP) {
		if (!json_is_object(v)) {
			mark(node);
			return;
		}
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x) {
			int decl;
			const json_t *cs = kind == N_MAP && !s ? NULL : child_schema(s, k, &decl);
			if (kind == N_MAP && !s)
				decl = 0;
			char *pe = xasprintf("f:%s", k);
			json_t *c = child(node, pe);
			free(pe);
			tfs(cs, x, c);
			if (!decl)
				mark(c);
		}
		return;
	}
	if (!json_is_array(v)) {
		mark(node);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		char *pe = pe_item(s, x, kind);
		json_t *c = child(node, pe);
		free(pe);
		tfs(item_schema(s), x, c);
		mark(c);
	}
}

static json_t *find_item(const json_t *s, const json_t *arr, const char *pe, int kind,
	size_t *idx)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		char *p = pe_item(s, x, kind);
		int same = !strcmp(p, pe);
		free(p);
		if (same) {
			if (idx)
				*idx = i;
			return x;
		}
	}
	return NULL;
}

/* Changed (added or modified) and removed fields from o to n (Compare). */
/* fresh: n's parent is newly added, so a null in it is a field it sets (the
 * kubelet's `lastProbeTime: null` in a new pod condition is owned) */
static void dif_in(const json_t *s, const json_t *o, const json_t *n, json_t *chg, json_t *rem,
	int fresh)
{
	if (absent(n)) {
		if (!absent(o))
			mark(rem);
		else if (fresh && n && !o)
			mark(chg);
		return;
	}
	int kind = kind_of(s, n);
	int granular = kind != N_SCALAR && kind != N_ATOMIC;
	/* a granular value replacing a null (a Go nil without omitempty) is not itself
	 * added; its contents are */
	int added = 0;
	if (granular && o && json_is_null(o)) {
		o = NULL;
		goto contents;
	}
	/* a non-pointer struct ("default": {}) is always there in the Go object, so
	 * filling it where the stored JSON lacks it adds only its contents */
	if (!o && !fresh && kind == N_STRUCT && json_is_object(n) && s &&
	    json_is_object(json_object_get(s, "default")) &&
	    !json_object_size(json_object_get(s, "default")))
		goto contents;
	added = absent(o);
	if (!added && kind_of(s, o) != kind)
		added = 1;
	if (!added && ((kind == N_STRUCT || kind == N_MAP) ? !json_is_object(o) || !json_is_object(n) :
		(kind == N_LISTMAP || kind == N_SET) ? !json_is_array(o) || !json_is_array(n) : 0))
		added = 1;
	if (added)
		mark(chg);
	if (kind == N_SCALAR || kind == N_ATOMIC) {
		if (!added && !json_equal((json_t *)o, (json_t *)n))
			mark(chg);
		return;
	}
	if (added)
		o = NULL;
contents:
	if (kind == N_STRUCT || kind == N_MAP) {
		if (!json_is_object(n))
			return;
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)n, k, x) {
			int decl;
			const json_t *cs = child_schema(s, k, &decl);
			char *pe = xasprintf("f:%s", k);
			dif_in(cs, o ? json_object_get(o, k) : NULL, x, child(chg, pe), child(rem, pe),
				added);
			free(pe);
		}
		json_object_foreach((json_t *)o, k, x) {
			if (json_object_get(n, k) || absent(x))
				continue;
			char *pe = xasprintf("f:%s", k);
			mark(child(rem, pe));
			free(pe);
		}
		return;
	}
	if (!json_is_array(n))
		return;
	const json_t *is = item_schema(s);
	size_t i;
	json_t *x;
	json_array_foreach(n, i, x) {
		char *pe = pe_item(s, x, kind);
		const json_t *ox = o ? find_item(s, o, pe, kind, NULL) : NULL;
		dif_in(is, ox, x, child(chg, pe), child(rem, pe), added);
		free(pe);
	}
	json_array_foreach(o, i, x) {
		char *pe = pe_item(s, x, kind);
		if (!find_item(s, n, pe, kind, NULL))
			mark(child(rem, pe));
		free(pe);
	}
}

static void dif(const json_t *s, const json_t *o, const json_t *n, json_t *chg, json_t *rem)
{
	dif_in(s, o, n, chg, rem, 0);
}

extern const char *const openapi_zero_null[];

static const char *ref_name(const json_t *s)
{
	const char *r = jstr(s, "$ref");
	if (!r)
		r = jstr(json_array_get(json_object_get(s, "allOf"), 0), "$ref");
	const char *p = r ? strrchr(r, '/') : NULL;
	return p ? p + 1 : r;
}

static int zero_null(const char *type, const char *field)
{
	size_t tl = strlen(type);
	for (size_t i = 0; openapi_zero_null[i]; i++)
		if (!strncmp(openapi_zero_null[i], type, tl) && openapi_zero_null[i][tl] == '.' &&
		    !strcmp(openapi_zero_null[i] + tl + 1, field))
			return 1;
	return 0;
}

/* The zero value of a type as Go marshals it: non-pointer structs are {}, nil
 * slices, maps and pointers without omitempty are null. */
static json_t *zero_of(const json_t *s, const char *name)
{
	s = res(s);
	json_t *o = json_object();
	const char *k;
	json_t *p;
	json_object_foreach(json_object_get(s, "properties"), k, p) {
		json_t *d = json_object_get(p, "default");
		if (json_is_object(d) && !json_object_size(d))
			json_object_set_new(o, k, zero_of(p, ref_name(p)));
		else if (name && zero_null(name, k))
			json_object_set_new(o, k, json_null());
	}
	return o;
}

/* ---- set algebra ---- */

/* a -= b; whole: a member of b takes a's whole subtree with it. */
static void set_sub(json_t *a, const json_t *b, int whole)
{
	if (member(b)) {
		if (whole) {
			json_object_clear(a);
			return;
		}
		json_object_del(a, ".");
	}
	const char *k;
	json_t *bc;
	json_object_foreach((json_t *)b, k, bc) {
		if (!strcmp(k, "."))
			continue;
		json_t *ac = json_object_get(a, k);
		if (!ac)
			continue;
		set_sub(ac, bc, whole);
		if (!json_object_size(ac))
			json_object_del(a, k);
	}
}

static void set_union(json_t *a, const json_t *b)
{
	const char *k;
	json_t *bc;
	json_object_foreach((json_t *)b, k, bc) {
		if (!strcmp(k, ".")) {
			mark(a);
			continue;
		}
		set_union(child(a, k), bc);
	}
}

/* ".spec.template.spec.containers[name="app"].image" */
static void path_add(struct strbuf *sb, const char *pe)
{
	if (starts_with(pe, "f:")) {
		strbuf_addf(sb, ".%s", pe + 2);
		return;
	}
	if (starts_with(pe, "v:")) {
		strbuf_addf(sb, "[=%s]", pe + 2);
		return;
	}
	json_error_t e;
	json_t *keys = json_loads(pe + 2, 0, &e);
	strbuf_addch(sb, '[');
	const char *k;
	json_t *v;
	int first = 1;
	json_object_foreach(keys, k, v) {
		char *j = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		strbuf_addf(sb, "%s%s=%s", first ? "" : ",", k, j);
		free(j);
		first = 0;
	}
	strbuf_addch(sb, ']');
	json_decref(keys);
}

static int pe_rank(const char *k)
{
	return !strcmp(k, ".") ? 0 : starts_with(k, "f:") ? 1 : starts_with(k, "k:") ? 2 :
		starts_with(k, "v:") ? 3 : 4;
}

static int pe_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = pe_rank(x), ry = pe_rank(y);
	if (rx != ry)
		return rx - ry;
	return strcmp(x, y);
}

static const char **sorted_keys(const json_t *n, size_t *cnt)
{
	size_t m = json_object_size(n), i = 0;
	const char **ks = xcalloc(m + 1, sizeof(*ks));
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)n, k, v)
		ks[i++] = k;
	qsort(ks, i, sizeof(*ks), pe_cmp);
	*cnt = i;
	return ks;
}

/* Paths (printable, in set order) that are members of both a and b. */
static void set_common(const json_t *a, const json_t *b, struct strbuf *path, json_t *out)
{
	if (member(a) && member(b))
		json_array_append_new(out, json_string(path->buf));
	size_t n;
	const char **ks = sorted_keys(a, &n);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(ks[i], "."))
			continue;
		json_t *bc = json_object_get(b, ks[i]);
		if (!bc)
			continue;
		size_t mark_len = path->len;
		path_add(path, ks[i]);
		set_common(json_object_get(a, ks[i]), bc, path, out);
		strbuf_setlen(path, mark_len);
	}
	free(ks);
}

/* ---- managedFields entries ---- */

struct ment {
	char *manager, *op, *apiversion, *sub, *time;
	json_t *set; /* internal form */
};

static json_t *from_wire(const json_t *w)
{
	json_t *n = json_object();
	if (!json_object_size(w)) {
		mark(n);
		return n;
	}
	const char *k;
	json_t *c;
	json_object_foreach((json_t *)w, k, c) {
		if (!strcmp(k, "."))
			mark(n);
		else
			json_object_set_new(n, k, from_wire(c));
	}
	return n;
}

static json_t *to_wire(const json_t *n)
{
	json_t *w = json_object();
	if (json_object_size(n) == 1 && member(n))
		return w;
	size_t cnt;
	const char **ks = sorted_keys(n, &cnt);
	for (size_t i = 0; i < cnt; i++)
		json_object_set_new(w, ks[i], !strcmp(ks[i], ".") ? json_object() :
			to_wire(json_object_get(n, ks[i])));
	free(ks);
	return w;
}

static size_t read_entries(const json_t *obj, struct ment **out)
{
	json_t *mf = jget(obj, "metadata.managedFields");
	size_t n = json_array_size(mf), m = 0;
	struct ment *e = xcalloc(n + 1, sizeof(*e));
	size_t i;
	json_t *x;
	json_array_foreach(mf, i, x) {
		if (!json_is_object(x))
			continue;
		e[m].manager = xstrdup(S(jstr(x, "manager")));
		e[m].op = xstrdup(S(jstr(x, "operation")));
		e[m].apiversion = xstrdup(S(jstr(x, "apiVersion")));
		e[m].sub = xstrdup(S(jstr(x, "subresource")));
		e[m].time = jstr(x, "time") ? xstrdup(jstr(x, "time")) : NULL;
		json_t *f = json_object_get(x, "fieldsV1");
		e[m].set = json_is_object(f) ? from_wire(f) : json_object();
		if (json_is_object(f) && !json_object_size(f))
			json_object_clear(e[m].set); /* an empty fieldsV1 owns nothing */
		m++;
	}
	*out = e;
	return m;
}

static void free_entries(struct ment *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].manager);
		free(e[i].op);
		free(e[i].apiversion);
		free(e[i].sub);
		free(e[i].time);
		json_decref(e[i].set);
	}
	free(e);
}

static struct ment *entry(struct ment **e, size_t *n, const char *manager, const char *op,
	const char *apiversion, const char *sub)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*e)[i].manager, manager) && !strcmp((*e)[i].op, op) &&
		    !strcmp((*e)[i].apiversion, apiversion) && !strcmp((*e)[i].sub, S(sub)))
			return &(*e)[i];
	*e = xrealloc(*e, (*n + 1) * sizeof(**e));
	struct ment *m = &(*e)[(*n)++];
	memset(m, 0, sizeof(*m));
	m->manager = xstrdup(manager);
	m->op = xstrdup(op);
	m->apiversion = xstrdup(apiversion);
	m->sub = xstrdup(S(sub));
	m->set = json_object();
	return m;
}

static int ment_cmp(const void *a, const void *b)
{
	const struct ment *p = a, *q = b;
	int c = strcmp(p->op, q->op);
	if (c)
		return c;
	double tp = p->time ? parse_rfc3339(p->time) : 0, tq = q->time ? parse_rfc3339(q->time) : 0;
	if (tp != tq)
		return tp < tq ? -1 : 1;
	if ((c = strcmp(p->manager, q->manager)))
		return c;
	if ((c = strcmp(p->apiversion, q->apiversion)))
		return c;
	return strcmp(p->sub, q->sub);
}

static void write_entries(json_t *obj, struct ment *e, size_t n)
{
	qsort(e, n, sizeof(*e), ment_cmp);
	json_t *mf = json_array();
	for (size_t i = 0; i < n; i++) {
		prune(e[i].set);
		if (!json_object_size(e[i].set))
			continue;
		json_t *x = json_pack("{s:s,s:s,s:o,s:s,s:s}", "apiVersion", e[i].apiversion,
			"fieldsType", "FieldsV1", "fieldsV1", to_wire(e[i].set), "manager", e[i].manager,
			"operation", e[i].op);
		/* key order as the apiserver writes: apiVersion fieldsType fieldsV1 manager
		 * operation subresource time */
		if (*e[i].sub)
			json_object_set_new(x, "subresource", json_string(e[i].sub));
		if (e[i].time)
			json_object_set_new(x, "time", json_string(e[i].time));
		json_array_append_new(mf, x);
	}
	json_t *md = jensure(obj, "metadata");
	if (json_array_size(mf))
		json_object_set_new(md, "managedFields", mf);
	else {
		json_decref(mf);
		json_object_del(md, "managedFields");
	}
}

/* ---- what a set may hold ---- */

static void strip(const struct rtype *rt, json_t *set, const char *sub)
{
	json_object_del(set, "f:apiVersion");
	json_object_del(set, "f:kind");
	json_object_del(set, ".");
	json_t *md = json_object_get(set, "f:metadata");
	if (md) {
		static const char *drop[] = { "f:name", "f:namespace", "f:creationTimestamp",
			"f:selfLink", "f:uid", "f:generation", "f:managedFields", "f:resourceVersion",
			"f:deletionTimestamp", "f:deletionGracePeriodSeconds", "." };
		for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
			json_object_del(md, drop[i]);
	}
	int has_status = rt->subresources && strstr(rt->subresources, "status");
	if (sub && !strcmp(sub, "status")) {
		/* a status write keeps its metadata changes (the deployment controller's
		 * revision annotation goes with UpdateStatus) */
		json_t *st = json_incref(json_object_get(set, "f:status"));
		json_t *m = json_incref(json_object_get(set, "f:metadata"));
		json_object_clear(set);
		if (st)
			json_object_set_new(set, "f:status", st);
		if (m)
			json_object_set_new(set, "f:metadata", m);
	} else if (has_status) {
		json_object_del(set, "f:status");
	}
	prune(set);
}

static const json_t *schema_of(const struct rtype *rt)
{
	return rt->dynamic ? NULL : openapi_kind_schema(rt->group, rt->version, rt->kind);
}

void ssa_track_update(const struct rtype *rt, const json_t *old, json_t *nw,
	const char *manager, const char *sub)
{
	if (!manager)
		return;
	const json_t *s = schema_of(rt);
	const char *sname = NULL;
	if (s && !old) {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)openapi_schemas(), k, x)
			if (x == s)
				sname = k;
	}
	json_t *zero = old ? NULL : zero_of(s, sname);
	json_t *chg = json_object(), *rem = json_object();
	dif(s, old ? old : zero, nw, chg, rem);
	json_decref(zero);
	strip(rt, chg, sub);
	strip(rt, rem, sub);
	struct ment *e;
	size_t n = old ? read_entries(nw, &e) : (e = xcalloc(1, sizeof(*e)), 0);
	char *av = rt_apiversion(rt);
	size_t before = n;
	struct ment *me = json_object_size(chg) ? entry(&e, &n, manager, "Update", av, sub) : NULL;
	(void)before;
	for (size_t i = 0; i < n; i++) {
		if (&e[i] == me)
			continue;
		set_sub(e[i].set, chg, 0);
		set_sub(e[i].set, rem, 1);
	}
	if (me) {
		set_sub(me->set, rem, 1);
		set_union(me->set, chg);
		free(me->time);
		me->time = now_rfc3339();
	}
	write_entries(nw, e, n);
	free_entries(e, n);
	free(av);
	json_decref(chg);
	json_decref(rem);
}

static json_t *apply_set(const struct rtype *rt, const json_t *config)
{
	json_t *set = json_object();
	tfs(schema_of(rt), config, set);
	strip(rt, set, NULL);
	return set;
}

void ssa_track_apply_create(const struct rtype *rt, const json_t *config, json_t *nw,
	const char *manager)
{
	json_t *set = apply_set(rt, config);
	struct ment *e = xcalloc(1, sizeof(*e));
	size_t n = 0;
	char *av = rt_apiversion(rt);
	struct ment *me = entry(&e, &n, manager, "Apply", av, NULL);
	json_decref(me->set);
	me->set = set;
	me->time = now_rfc3339();
	write_entries(nw, e, n);
	free_entries(e, n);
	free(av);
}

/* ---- apply ---- */

static json_t *merge_val(const json_t *s, const json_t *live, const json_t *cfg)
{
	if (absent(live) || absent(cfg))
		return json_deep_copy(cfg);
	int kind = kind_of(s, cfg);
	if ((kind == N_STRUCT || kind == N_MAP) && json_is_object(live) && json_is_object(cfg)) {
		json_t *r = json_deep_copy(live);
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)cfg, k, x) {
			int decl;
			const json_t *cs = child_schema(s, k, &decl);
			json_object_set_new(r, k, merge_val(cs, json_object_get(live, k), x));
		}
		return r;
	}
	if ((kind == N_LISTMAP || kind == N_SET) && json_is_array(live) && json_is_array(cfg)) {
		json_t *r = json_deep_copy(live);
		const json_t *is = item_schema(s);
		size_t i;
		json_t *x;
		json_array_foreach(cfg, i, x) {
			char *pe = pe_item(s, x, kind);
			size_t at;
			json_t *lx = find_item(s, r, pe, kind, &at);
			if (lx)
				json_array_set_new(r, at, merge_val(is, lx, x));
			else
				json_array_append_new(r, json_deep_copy(x));
			free(pe);
		}
		return r;
	}
	return json_deep_copy(cfg);
}

/* Remove from v the members of set rm that nobody in others holds (or holds
 * anything under). */
static void remove_paths(const json_t *s, json_t *v, const json_t *rm, const json_t *others)
{
	int kind = kind_of(s, v);
	const char *k;
	json_t *c;
	void *tmp;
	json_object_foreach_safe((json_t *)rm, tmp, k, c) {
		if (!strcmp(k, "."))
			continue;
		const json_t *oc = others ? json_object_get(others, k) : NULL;
		int drop = member(c) && !(oc && json_object_size(oc));
		if ((kind == N_STRUCT || kind == N_MAP) && json_is_object(v) && starts_with(k, "f:")) {
			json_t *cv = json_object_get(v, k + 2);
			if (!cv)
				continue;
			if (drop)
				json_object_del(v, k + 2);
			else {
				int decl;
				size_t had = json_is_array(cv) ? json_array_size(cv) : 0;
				remove_paths(child_schema(s, k + 2, &decl), cv, c, oc);
				/* a list whose last item went is gone, as in the apiserver */
				if (had && !json_array_size(cv))
					json_object_del(v, k + 2);
			}
		} else if ((kind == N_LISTMAP || kind == N_SET) && json_is_array(v)) {
			size_t at;
			json_t *cv = find_item(s, v, k, kind, &at);
			if (!cv)
				continue;
			if (drop)
				json_array_remove(v, at);
			else
				remove_paths(item_schema(s), cv, c, oc);
		}
	}
}

json_t *ssa_apply(const struct rtype *rt, const json_t *live, const json_t *config,
	const char *manager, int force, json_t **status)
{
	const json_t *s = schema_of(rt);
	json_t *applied = apply_set(rt, config);
	struct ment *e;
	size_t n = read_entries(live, &e);
	char *av = rt_apiversion(rt);
	struct ment *me = entry(&e, &n, manager, "Apply", av, NULL);
	json_t *others = json_object();
	for (size_t i = 0; i < n; i++)
		if (&e[i] != me)
			set_union(others, e[i].set);
	json_t *merged = merge_val(s, live, config);
	/* fields this manager applied before and no longer does */
	json_t *rm = json_deep_copy(me->set);
	set_sub(rm, applied, 0);
	prune(rm);
	remove_paths(s, merged, rm, others);
	json_decref(rm);
	json_decref(others);
	json_t *chg = json_object(), *rem = json_object();
	dif(s, live, merged, chg, rem);
	strip(rt, chg, NULL);
	strip(rt, rem, NULL);
	/* conflicts: fields this apply changes that others own */
	json_t *causes = json_array();
	struct strbuf msg = STRBUF_INIT;
	size_t nconf = 0;
	qsort(e, n, sizeof(*e), ment_cmp);
	me = entry(&e, &n, manager, "Apply", av, NULL);
	/* managers in the order the message lists them (sorted by their printed name) */
	json_t *groups = json_object();
	for (size_t i = 0; i < n; i++) {
		if (&e[i] == me)
			continue;
		json_t *paths = json_array();
		struct strbuf p = STRBUF_INIT;
		set_common(e[i].set, chg, &p, paths);
		strbuf_release(&p);
		if (!json_array_size(paths)) {
			json_decref(paths);
			continue;
		}
		if (force) {
			set_sub(e[i].set, chg, 0);
			json_decref(paths);
			continue;
		}
		char *who = !strcmp(e[i].op, "Update") ? (*e[i].sub ?
			xasprintf("\"%s\" with subresource \"%s\" using %s", e[i].manager, e[i].sub,
				e[i].apiversion) :
			xasprintf("\"%s\" using %s", e[i].manager, e[i].apiversion)) :
			xasprintf("\"%s\"", e[i].manager);
		size_t j;
		json_t *pth;
		json_array_foreach(paths, j, pth) {
			char *cm = xasprintf("conflict with %s", who);
			json_array_append_new(causes, json_pack("{s:s,s:s,s:s}", "reason",
				"FieldManagerConflict", "message", cm, "field", json_string_value(pth)));
			free(cm);
			nconf++;
		}
		json_t *g = json_object_get(groups, who);
		if (g)
			json_array_extend(g, paths);
		else
			json_object_set(groups, who, paths);
		json_decref(paths);
		free(who);
	}
	if (nconf) {
		if (nconf == 1) {
			const char *who = NULL;
			json_t *g = NULL;
			json_object_foreach(groups, who, g)
				break;
			strbuf_addf(&msg, "Apply failed with 1 conflict: conflict with %s: %s", who,
				json_string_value(json_array_get(g, 0)));
		} else {
			strbuf_addf(&msg, "Apply failed with %zu conflicts: ", nconf);
			size_t cnt;
			const char **ks = sorted_keys(groups, &cnt);
			for (size_t i = 0; i < cnt; i++) {
				json_t *g = json_object_get(groups, ks[i]);
				strbuf_addf(&msg, "%sconflicts with %s:", i ? "\n" : "", ks[i]);
				size_t j;
				json_t *pth;
				json_array_foreach(g, j, pth)
					strbuf_addf(&msg, "\n- %s", json_string_value(pth));
			}
			free(ks);
		}
		*status = json_pack("{s:s,s:s,s:{},s:s,s:s,s:s,s:{s:o},s:i}", "kind", "Status",
			"apiVersion", "v1", "metadata", "status", "Failure", "message", msg.buf, "reason",
			"Conflict", "details", "causes", causes, "code", 409);
		causes = NULL;
		json_decref(merged);
		merged = NULL;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (&e[i] == me)
				continue;
			set_sub(e[i].set, rem, 1);
		}
		json_decref(me->set);
		me->set = json_incref(applied);
		free(me->time);
		me->time = now_rfc3339();
		write_entries(merged, e, n);
	}
	json_decref(causes);
	json_decref(groups);
	strbuf_release(&msg);
	json_decref(chg);
	json_decref(rem);
	json_decref(applied);
	free_entries(e, n);
	free(av);
	return merged;
}
