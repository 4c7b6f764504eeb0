/* Client-side apply → server-side apply migration of managedFields, as
 * k8s.io/client-go/util/csaupgrade (FindFieldsOwners, UpgradeManagedFieldsPatch)
 * does it for kubectl apply --server-side.
 *
 * A managedFields entry's fieldsV1 is structured-merge-diff's serialized
 * fieldpath.Set: one key per path element ("f:name", "k:{...}", "v:...",
 * "i:N"), "." for a node that is itself a member, {} for a leaf. A union is
 * serialized again as Set.ToJSON does: "." first, then the elements in
 * PathElement.Compare order. */
#include <stdlib.h>
#include <string.h>

#include "kube/apply.h"
#include "util/json.h"

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* ---------------------------------------------------------------- ordering */

static int type_rank(const json_t *v)
{
	if (json_is_real(v))
		return 0;
	if (json_is_integer(v))
		return 1;
	if (json_is_string(v))
		return 2;
	if (json_is_boolean(v))
		return 3;
	if (json_is_array(v))
		return 4;
	if (json_is_object(v))
		return 5;
	return 6; /* null */
}

static int cmp_num(double a, double b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

/* structured-merge-diff's value.Compare (lists and maps by their JSON text,
 * which is what they hold in practice: never in keys kubectl sends) */
static int value_cmp(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return cmp_num(json_number_value(a), json_number_value(b));
	int ra = type_rank(a), rb = type_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (json_is_string(a))
		return strcmp(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a))
		return json_is_true(a) - json_is_true(b);
	if (json_is_null(a))
		return 0;
	char *sa = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	char *sb = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
	int c = strcmp(sa ? sa : "", sb ? sb : "");
	free(sa);
	free(sb);
	return c;
}

static int cmp_keys(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* value.FieldList.Compare: the fields sorted by name, pairwise name then value,
 * then the shorter list first */
static int key_cmp(const char *a, const char *b)
{
	json_t *ja = json_loads(a, JSON_DECODE_ANY, NULL), *jb = json_loads(b, JSON_DECODE_ANY, NULL);
	int c = 0;
	if (!json_is_object(ja) || !json_is_object(jb)) {
		c = strcmp(a, b);
		goto out;
	}
	size_t na = json_object_size(ja), nb = json_object_size(jb);
	const char **ka = calloc(na + 1, sizeof *ka), **kb = calloc(nb + 1, sizeof *kb);
	size_t i = 0;
	const char *k;
	json_t *v;
	json_object_foreach(ja, k, v)
		ka[i++] = k;
	i = 0;
	json_object_foreach(jb, k, v)
		kb[i++] = k;
	qsort(ka, na, sizeof *ka, cmp_keys);
	qsort(kb, nb, sizeof *kb, cmp_keys);
	for (i = 0; i < na && i < nb && !c; i++) {
		c = strcmp(ka[i], kb[i]);
		if (!c)
			c = value_cmp(json_object_get(ja, ka[i]), json_object_get(jb, kb[i]));
	}
	if (!c && na != nb)
		c = na < nb ? -1 : 1;
	free(ka);
	free(kb);
out:
	json_decref(ja);
	json_decref(jb);
	return c < 0 ? -1 : c > 0;
}

static int elem_rank(const char *k)
{
	if (!strncmp(k, "f:", 2))
		return 0;
	if (!strncmp(k, "k:", 2))
		return 1;
	if (!strncmp(k, "v:", 2))
		return 2;
	if (!strncmp(k, "i:", 2))
		return 3;
	return 4;
}

/* PathElement.Compare on serialized elements; "." (the node itself) first */
static int elem_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	if (!strcmp(a, "."))
		return strcmp(b, ".") ? -1 : 0;
	if (!strcmp(b, "."))
		return 1;
	int ra = elem_rank(a), rb = elem_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 1)
		return key_cmp(a + 2, b + 2);
	if (ra == 2) {
		json_t *va = json_loads(a + 2, JSON_DECODE_ANY, NULL);
		json_t *vb = json_loads(b + 2, JSON_DECODE_ANY, NULL);
		int c = va && vb ? value_cmp(va, vb) : strcmp(a, b);
		json_decref(va);
		json_decref(vb);
		return c;
	}
	if (ra == 3)
		return cmp_num(atof(a + 2), atof(b + 2));
	return strcmp(a, b);
}

/* The union of two serialized sets, keys in Set.ToJSON's order. New reference. */
static json_t *set_union(const json_t *a, const json_t *b)
{
	size_t n = json_object_size(a) + json_object_size(b);
	const char **keys = calloc(n + 1, sizeof *keys);
	size_t nk = 0;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)a, k, v)
		keys[nk++] = k;
	json_object_foreach((json_t *)b, k, v)
		if (!json_object_get(a, k))
			keys[nk++] = k;
	qsort(keys, nk, sizeof *keys, elem_cmp);
	json_t *out = json_object();
	for (size_t i = 0; i < nk; i++) {
		json_t *va = json_object_get(a, keys[i]), *vb = json_object_get(b, keys[i]);
		json_t *empty = json_object();
		json_object_set_new(out, keys[i], set_union(json_is_object(va) ? va : empty,
							    json_is_object(vb) ? vb : empty));
		json_decref(empty);
	}
	free(keys);
	return out;
}

/* ---------------------------------------------------------------- owners */

/* Is metadata.annotations[last-applied] in the entry's field set? */
static int owns_last_applied(const json_t *entry)
{
	json_t *f = json_object_get(json_object_get(json_object_get(entry, "fieldsV1"), "f:metadata"),
				    "f:annotations");
	return json_object_get(f, "f:" KC_LAST_APPLIED) != NULL;
}

void kc_csa_last_applied_owners(const json_t *obj, const char *operation, struct strvec *names)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(json_object_get(obj, "metadata"), "managedFields"), i, e) {
		if (strcmp(sget(e, "operation"), operation) || !owns_last_applied(e))
			continue;
		if (!strvec_contains(names, sget(e, "manager")))
			strvec_push(names, sget(e, "manager"));
	}
}

/* ---------------------------------------------------------------- upgrade */

static int is_entry(const json_t *e, const char *manager, const char *op)
{
	return !strcmp(sget(e, "manager"), manager) && !strcmp(sget(e, "operation"), op) &&
	       !*sget(e, "subresource");
}

/* upgradedManagedFields: a new array (or NULL when mf is NULL or empties) */
static json_t *upgrade_one(json_t *mf, const char *csa, const char *ssa)
{
	if (!json_is_array(mf))
		return NULL;
	json_t *copy = json_deep_copy(mf);
	size_t n = json_array_size(copy), idx = n, i;
	json_t *e;
	json_array_foreach(copy, i, e)
		if (idx == n && is_entry(e, ssa, "Apply"))
			idx = i;
	if (idx == n) {
		json_array_foreach(copy, i, e)
			if (idx == n && is_entry(e, csa, "Update"))
				idx = i;
		if (idx == n)
			return copy;
		e = json_array_get(copy, idx);
		json_object_set_new(e, "operation", json_string("Apply"));
		json_object_set_new(e, "manager", json_string(ssa));
	}
	/* unionManagerIntoIndex: the first CSA entry of the same apiVersion */
	json_t *target = json_array_get(copy, idx);
	json_array_foreach(copy, i, e) {
		if (!is_entry(e, csa, "Update") || strcmp(sget(e, "apiVersion"), sget(target, "apiVersion")))
			continue;
		json_t *empty = json_object();
		json_t *ta = json_object_get(target, "fieldsV1"), *ca = json_object_get(e, "fieldsV1");
		json_t *u = set_union(json_is_object(ta) ? ta : empty, json_is_object(ca) ? ca : empty);
		json_decref(empty);
		json_object_set_new(target, "fieldsV1", u);
		break;
	}
	json_t *out = json_array();
	json_array_foreach(copy, i, e)
		if (!is_entry(e, csa, "Update"))
			json_array_append(out, e);
	json_decref(copy);
	if (!json_array_size(out)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* metav1.ManagedFieldsEntry as json.Marshal writes it: struct field order */
static json_t *entry_ordered(const json_t *e)
{
	static const char *const fields[] = { "manager", "operation", "apiVersion", "time",
					      "fieldsType", "fieldsV1", "subresource", NULL };
	json_t *o = json_object();
	for (int i = 0; fields[i]; i++) {
		json_t *v = json_object_get(e, fields[i]);
		if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
			continue;
		json_object_set(o, fields[i], v);
	}
	return o;
}

char *kc_csa_upgrade_patch(const json_t *obj, const struct strvec *csa_managers,
			   const char *ssa_manager)
{
	json_t *md = json_object_get(obj, "metadata");
	json_t *orig = json_object_get(md, "managedFields");
	json_t *cur = json_is_array(orig) ? json_incref(orig) : NULL;
	for (size_t i = 0; i < csa_managers->nr && cur; i++) {
		json_t *next = upgrade_one(cur, csa_managers->v[i], ssa_manager);
		json_decref(cur);
		cur = next;
	}
	int same = (!cur && (!json_is_array(orig))) || (cur && json_is_array(orig) && json_equal(cur, orig));
	if (same) {
		json_decref(cur);
		return NULL;
	}
	json_t *value = json_null();
	if (cur) {
		value = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(cur, i, e)
			json_array_append_new(value, entry_ordered(e));
	}
	json_t *p1 = json_object();
	json_object_set_new(p1, "op", json_string("replace"));
	json_object_set_new(p1, "path", json_string("/metadata/managedFields"));
	json_object_set_new(p1, "value", value);
	json_t *p2 = json_object();
	json_object_set_new(p2, "op", json_string("replace"));
	json_object_set_new(p2, "path", json_string("/metadata/resourceVersion"));
	json_object_set_new(p2, "value", json_string(sget(md, "resourceVersion")));
	json_t *patch = json_pack("[oo]", p1, p2);
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, patch, JSON_OUT_COMPACT);
	json_decref(patch);
	json_decref(cur);
	return strbuf_detach(&sb, NULL);
}
