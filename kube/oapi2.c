/* oapi2.c: decode the gnostic protobuf OpenAPI v2 document (the parts kubectl's
 * validation reads) and build kube-openapi's proto models from it. */
#include "kube/oapi2.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/yaml.h"

/* ---------------------------------------------------------------- protobuf */

struct pb {
	const unsigned char *p, *end;
};

static int pb_varint(struct pb *b, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (b->p >= b->end)
			return -1;
		unsigned char c = *b->p++;
		x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* The next field: 1 (field, wire type; *sub = the bytes of a length-delimited
 * field), 0 at the end, -1 when malformed. */
static int pb_next(struct pb *b, uint32_t *field, struct pb *sub)
{
	if (b->p >= b->end)
		return 0;
	uint64_t key, n;
	if (pb_varint(b, &key) < 0)
		return -1;
	*field = (uint32_t)(key >> 3);
	sub->p = sub->end = NULL;
	switch (key & 7) {
	case 0:
		return pb_varint(b, &n) < 0 ? -1 : 1;
	case 1:
		if (b->end - b->p < 8)
			return -1;
		b->p += 8;
		return 1;
	case 5:
		if (b->end - b->p < 4)
			return -1;
		b->p += 4;
		return 1;
	case 2:
		if (pb_varint(b, &n) < 0 || n > (uint64_t)(b->end - b->p))
			return -1;
		sub->p = b->p;
		sub->end = b->p + n;
		b->p += n;
		return 1;
	}
	return -1;
}

static int is_len(const struct pb *sub)
{
	return sub->p != NULL;
}

static char *pb_str(const struct pb *s)
{
	return strndup((const char *)s->p, (size_t)(s->end - s->p));
}

/* ---------------------------------------------------------------- raw schema */

struct slice_vec {
	size_t n, cap;
	struct pb *v;
	char **names; /* for named lists */
};

static void sv_push(struct slice_vec *sv, struct pb s, char *name)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 8;
		sv->v = realloc(sv->v, sv->cap * sizeof *sv->v);
		sv->names = realloc(sv->names, sv->cap * sizeof *sv->names);
	}
	sv->v[sv->n] = s;
	sv->names[sv->n++] = name;
}

static void sv_free(struct slice_vec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->names[i]);
	free(sv->v);
	free(sv->names);
}

struct raw_schema {
	char *ref;
	size_t ntypes;
	char *types[4];
	size_t nrequired, capreq;
	char **required;
	int has_addl;
	struct pb addl;
	struct slice_vec items;
	int has_props;
	struct slice_vec props;
	char *gvk_yaml; /* x-kubernetes-group-version-kind */
};

static void raw_free(struct raw_schema *r)
{
	free(r->ref);
	for (size_t i = 0; i < r->ntypes; i++)
		free(r->types[i]);
	for (size_t i = 0; i < r->nrequired; i++)
		free(r->required[i]);
	free(r->required);
	sv_free(&r->items);
	sv_free(&r->props);
	free(r->gvk_yaml);
}

#define MALFORMED(err) kc_err_set(err, "proto: cannot parse invalid wire-format data")

/* NamedX { string name = 1; X value = 2; } */
static int pb_named(struct pb b, char **name, struct pb *value, struct kc_err *err)
{
	uint32_t f;
	struct pb sub;
	int r;
	*name = NULL;
	value->p = value->end = NULL;
	while ((r = pb_next(&b, &f, &sub)) > 0) {
		if (f == 1 && is_len(&sub)) {
			free(*name);
			*name = pb_str(&sub);
		} else if (f == 2 && is_len(&sub)) {
			*value = sub;
		}
	}
	if (r < 0) {
		free(*name);
		*name = NULL;
		return MALFORMED(err);
	}
	if (!*name)
		*name = strdup("");
	return 0;
}

/* Any { google.protobuf.Any value = 1; string yaml = 2; } → the yaml (or NULL). */
static char *pb_any_yaml(struct pb b)
{
	uint32_t f;
	struct pb sub;
	char *y = NULL;
	while (pb_next(&b, &f, &sub) > 0)
		if (f == 2 && is_len(&sub)) {
			free(y);
			y = pb_str(&sub);
		}
	return y;
}

/* From a list of NamedAny vendor extensions: the yaml of the first one named
 * x-kubernetes-group-version-kind with a non-empty yaml. */
static int ext_gvk(struct pb ext, char **out, struct kc_err *err)
{
	char *name;
	struct pb val;
	if (pb_named(ext, &name, &val, err) < 0)
		return -1;
	if (!*out && !strcmp(name, "x-kubernetes-group-version-kind") && val.p) {
		char *y = pb_any_yaml(val);
		if (y && *y)
			*out = y;
		else
			free(y);
	}
	free(name);
	return 0;
}

static int raw_decode(struct pb b, struct raw_schema *r, struct kc_err *err)
{
	uint32_t f;
	struct pb sub, s2;
	int rc;
	memset(r, 0, sizeof *r);
	while ((rc = pb_next(&b, &f, &sub)) > 0) {
		if (!is_len(&sub))
			continue;
		uint32_t f2;
		int rc2 = 0;
		switch (f) {
		case 1:
			free(r->ref);
			r->ref = pb_str(&sub);
			break;
		case 19:
			if (r->nrequired == r->capreq) {
				r->capreq = r->capreq ? 2 * r->capreq : 4;
				r->required = realloc(r->required, r->capreq * sizeof *r->required);
			}
			r->required[r->nrequired++] = pb_str(&sub);
			break;
		case 21: /* AdditionalPropertiesItem { Schema schema = 1; bool boolean = 2; } */
			r->has_addl = 0;
			while ((rc2 = pb_next(&sub, &f2, &s2)) > 0)
				if (f2 == 1 && is_len(&s2)) {
					r->has_addl = 1;
					r->addl = s2;
				}
			break;
		case 22: /* TypeItem { repeated string value = 1; } */
			while ((rc2 = pb_next(&sub, &f2, &s2)) > 0)
				if (f2 == 1 && is_len(&s2) && r->ntypes < 4)
					r->types[r->ntypes++] = pb_str(&s2);
			break;
		case 23: /* ItemsItem { repeated Schema schema = 1; } */
			while ((rc2 = pb_next(&sub, &f2, &s2)) > 0)
				if (f2 == 1 && is_len(&s2))
					sv_push(&r->items, s2, NULL);
			break;
		case 25: /* Properties { repeated NamedSchema additional_properties = 1; } */
			r->has_props = 1;
			while ((rc2 = pb_next(&sub, &f2, &s2)) > 0)
				if (f2 == 1 && is_len(&s2)) {
					char *name;
					struct pb val;
					if (pb_named(s2, &name, &val, err) < 0) {
						raw_free(r);
						return -1;
					}
					sv_push(&r->props, val, name);
				}
			break;
		case 31:
			if (ext_gvk(sub, &r->gvk_yaml, err) < 0) {
				raw_free(r);
				return -1;
			}
			break;
		}
		if (rc2 < 0) {
			raw_free(r);
			return MALFORMED(err);
		}
	}
	if (rc < 0) {
		raw_free(r);
		return MALFORMED(err);
	}
	return 0;
}

/* ---------------------------------------------------------------- models */

struct builder {
	struct oapi2_doc *d;
	struct kc_err *err;
	int depth;
};

static void schema_free(struct oapi2_schema *s)
{
	if (!s)
		return;
	free(s->path);
	schema_free(s->sub);
	for (size_t i = 0; i < s->nfields; i++) {
		free(s->field_names[i]);
		schema_free(s->fields[i]);
	}
	free(s->field_names);
	free(s->fields);
	for (size_t i = 0; i < s->nrequired; i++)
		free(s->required[i]);
	free(s->required);
	free(s);
}

static int schema_error(struct builder *b, const char *path, const char *msg, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, msg, arg ? arg : "");
	kc_err_set(b->err, "SchemaError(%s): %s", path, sb.buf);
	strbuf_release(&sb);
	return -1;
}

static int def_index(const struct oapi2_doc *d, const char *name, size_t *out)
{
	size_t lo = 0, hi = d->ndefs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(d->defs[mid].name, name);
		if (!c) {
			*out = mid;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static struct oapi2_schema *parse_schema(struct builder *b, struct pb bytes, const char *path);

static struct oapi2_schema *new_schema(enum oapi2_kind k, const char *path)
{
	struct oapi2_schema *s = calloc(1, sizeof *s);
	s->kind = k;
	s->path = strdup(path);
	return s;
}

static int cmp_field(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* kube-openapi's Definitions.ParseSchema. */
static struct oapi2_schema *build(struct builder *b, struct raw_schema *r, const char *path)
{
	struct oapi2_schema *s = NULL;
	if (r->ref && *r->ref) {
		if (r->props.n)
			return schema_error(b, path, "unallowed embedded type definition", NULL), NULL;
		if (r->ntypes)
			return schema_error(b, path, "definition reference can't have a type", NULL), NULL;
		if (strncmp(r->ref, "#/definitions/", 14))
			return schema_error(b, path, "unallowed reference to non-definition \"%s\"", r->ref), NULL;
		size_t ix;
		if (def_index(b->d, r->ref + 14, &ix) < 0)
			return schema_error(b, path, "unknown model in reference: \"%s\"", r->ref + 14), NULL;
		s = new_schema(OAPI2_REF, path);
		s->ref = ix;
		return s;
	}
	if (r->ntypes == 0) {
		if (!r->has_props)
			return new_schema(OAPI2_ARBITRARY, path);
	} else if (r->ntypes == 1) {
		const char *t = r->types[0];
		if (!strcmp(t, "object")) {
			if (!r->has_props) {
				s = new_schema(OAPI2_MAP, path);
				if (r->has_addl) {
					s->sub = parse_schema(b, r->addl, path);
					if (!s->sub) {
						schema_free(s);
						return NULL;
					}
				} else {
					s->sub = new_schema(OAPI2_ARBITRARY, path);
				}
				return s;
			}
		} else if (!strcmp(t, "array")) {
			if (r->items.n != 1)
				return schema_error(b, path, "array should have exactly one sub-item", NULL), NULL;
			s = new_schema(OAPI2_ARRAY, path);
			s->sub = parse_schema(b, r->items.v[0], path);
			if (!s->sub) {
				schema_free(s);
				return NULL;
			}
			return s;
		} else {
			static const char *const prims[] = { "string", "number", "integer", "boolean", NULL };
			for (int i = 0; prims[i]; i++)
				if (!strcmp(t, prims[i])) {
					s = new_schema(OAPI2_PRIMITIVE, path);
					s->prim = prims[i];
					return s;
				}
			return schema_error(b, path, "Unknown primitive type: \"%s\"", t), NULL;
		}
	} else {
		return schema_error(b, path, "definitions with multiple types aren't supported", NULL), NULL;
	}
	s = new_schema(OAPI2_KIND, path);
	s->nfields = r->props.n;
	s->field_names = calloc(s->nfields ? s->nfields : 1, sizeof *s->field_names);
	s->fields = calloc(s->nfields ? s->nfields : 1, sizeof *s->fields);
	/* sort by name, keeping the schema with its name */
	size_t *order = calloc(s->nfields ? s->nfields : 1, sizeof *order);
	char **names = calloc(s->nfields ? s->nfields : 1, sizeof *names);
	for (size_t i = 0; i < s->nfields; i++)
		names[i] = r->props.names[i];
	qsort(names, s->nfields, sizeof *names, cmp_field);
	for (size_t i = 0; i < s->nfields; i++)
		for (size_t j = 0; j < s->nfields; j++)
			if (r->props.names[j] == names[i])
				order[i] = j;
	free(names);
	int bad = 0;
	struct strbuf fp = STRBUF_INIT;
	for (size_t i = 0; i < s->nfields; i++) {
		size_t j = order[i];
		strbuf_reset(&fp);
		strbuf_addf(&fp, "%s.%s", path, r->props.names[j]);
		s->field_names[i] = strdup(r->props.names[j]);
		if (!bad && !(s->fields[i] = parse_schema(b, r->props.v[j], fp.buf)))
			bad = 1;
	}
	strbuf_release(&fp);
	free(order);
	s->nrequired = r->nrequired;
	s->required = calloc(r->nrequired ? r->nrequired : 1, sizeof *s->required);
	for (size_t i = 0; i < r->nrequired; i++)
		s->required[i] = strdup(r->required[i]);
	if (bad) {
		schema_free(s);
		return NULL;
	}
	return s;
}

static struct oapi2_schema *parse_schema(struct builder *b, struct pb bytes, const char *path)
{
	/* protobuf-go's limit on nesting (a hostile document must not
	 * exhaust the stack) */
	if (b->depth >= 10000 / 4) {
		kc_err_set(b->err, "proto: exceeded maximum recursion depth");
		return NULL;
	}
	struct raw_schema r;
	if (raw_decode(bytes, &r, b->err) < 0)
		return NULL;
	b->depth++;
	struct oapi2_schema *s = build(b, &r, path);
	b->depth--;
	raw_free(&r);
	return s;
}

/* ---------------------------------------------------------------- gvk lists */

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s;
}

static void add_gvks(struct oapi2_doc *d, size_t def, const char *yaml, size_t *cap)
{
	struct kc_err e = KC_ERR_INIT;
	json_t *v = yaml_load(yaml, strlen(yaml), NULL, &e);
	kc_err_release(&e);
	if (!json_is_array(v)) {
		json_decref(v);
		return;
	}
	size_t i;
	json_t *g;
	json_array_foreach(v, i, g) {
		const char *gr = jstr(g, "group"), *ve = jstr(g, "version"), *ki = jstr(g, "kind");
		if (!gr || !ve || !ki || !*ki)
			continue;
		/* later models (sorted) win for the same gvk, as in kubectl's map */
		size_t k;
		for (k = 0; k < d->ngvks; k++)
			if (!strcmp(d->gvks[k].group, gr) && !strcmp(d->gvks[k].version, ve) &&
			    !strcmp(d->gvks[k].kind, ki))
				break;
		if (k < d->ngvks) {
			d->gvks[k].def = def;
			continue;
		}
		if (d->ngvks == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			d->gvks = realloc(d->gvks, *cap * sizeof *d->gvks);
		}
		d->gvks[d->ngvks].group = strdup(gr);
		d->gvks[d->ngvks].version = strdup(ve);
		d->gvks[d->ngvks].kind = strdup(ki);
		d->gvks[d->ngvks++].def = def;
	}
	json_decref(v);
}

/* ---------------------------------------------------------------- parameters */

/* Parameter { BodyParameter body = 1; NonBodyParameter non_body = 2; } → the
 * query parameter's name or "". */
static char *param_query_name(struct pb b)
{
	uint32_t f;
	struct pb sub, s2, s3;
	char *name = NULL;
	while (pb_next(&b, &f, &sub) > 0) {
		if (f != 2 || !is_len(&sub))
			continue;
		uint32_t f2;
		while (pb_next(&sub, &f2, &s2) > 0) {
			if (f2 != 3 || !is_len(&s2))
				continue;
			uint32_t f3;
			while (pb_next(&s2, &f3, &s3) > 0)
				if (f3 == 4 && is_len(&s3)) {
					free(name);
					name = pb_str(&s3);
				}
		}
	}
	return name ? name : strdup("");
}

static void patch_add_param(struct oapi2_patch *p, struct pb item)
{
	/* ParametersItem { Parameter parameter = 1; JsonReference json_reference = 2; } */
	uint32_t f;
	struct pb sub, s2;
	char *q = NULL, *ref = NULL;
	while (pb_next(&item, &f, &sub) > 0) {
		if (!is_len(&sub))
			continue;
		if (f == 1) {
			free(q);
			q = param_query_name(sub);
		} else if (f == 2) {
			uint32_t f2;
			while (pb_next(&sub, &f2, &s2) > 0)
				if (f2 == 1 && is_len(&s2)) {
					free(ref);
					ref = pb_str(&s2);
				}
		}
	}
	p->query = realloc(p->query, (p->nparams + 1) * sizeof *p->query);
	p->refs = realloc(p->refs, (p->nparams + 1) * sizeof *p->refs);
	p->query[p->nparams] = q ? q : strdup("");
	p->refs[p->nparams++] = ref ? ref : strdup("");
}

static int decode_paths(struct oapi2_doc *d, struct pb b, struct kc_err *err)
{
	uint32_t f;
	struct pb sub;
	int rc;
	size_t cap = 0;
	while ((rc = pb_next(&b, &f, &sub)) > 0) {
		if (f != 2 || !is_len(&sub))
			continue;
		char *name;
		struct pb item;
		if (pb_named(sub, &name, &item, err) < 0)
			return -1;
		free(name);
		/* PathItem: patch = 8 (Operation: parameters = 8, vendor_extension = 13) */
		uint32_t f2;
		struct pb s2, patch = { NULL, NULL };
		int rc2;
		while ((rc2 = pb_next(&item, &f2, &s2)) > 0)
			if (f2 == 8 && is_len(&s2))
				patch = s2;
		if (rc2 < 0)
			return MALFORMED(err);
		if (d->npatches == cap) {
			cap = cap ? 2 * cap : 64;
			d->patches = realloc(d->patches, cap * sizeof *d->patches);
		}
		struct oapi2_patch *p = &d->patches[d->npatches++];
		memset(p, 0, sizeof *p);
		if (!patch.p)
			continue;
		uint32_t f3;
		struct pb s3;
		while ((rc2 = pb_next(&patch, &f3, &s3)) > 0) {
			if (!is_len(&s3))
				continue;
			if (f3 == 8)
				patch_add_param(p, s3);
			else if (f3 == 13 && ext_gvk(s3, &p->gvk_yaml, err) < 0)
				return -1;
		}
		if (rc2 < 0)
			return MALFORMED(err);
	}
	return rc < 0 ? MALFORMED(err) : 0;
}

static int decode_params(struct oapi2_doc *d, struct pb b, struct kc_err *err)
{
	uint32_t f;
	struct pb sub;
	int rc;
	while ((rc = pb_next(&b, &f, &sub)) > 0) {
		if (f != 1 || !is_len(&sub))
			continue;
		char *name;
		struct pb val;
		if (pb_named(sub, &name, &val, err) < 0)
			return -1;
		d->global_refs = realloc(d->global_refs, (d->nglobal + 1) * sizeof *d->global_refs);
		d->global_query = realloc(d->global_query, (d->nglobal + 1) * sizeof *d->global_query);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "#/parameters/%s", name);
		free(name);
		d->global_refs[d->nglobal] = strbuf_detach(&sb, NULL);
		d->global_query[d->nglobal++] = val.p ? param_query_name(val) : strdup("");
	}
	return rc < 0 ? MALFORMED(err) : 0;
}

/* ---------------------------------------------------------------- document */

static int cmp_def(const void *a, const void *b)
{
	return strcmp(((const struct oapi2_def *)a)->name, ((const struct oapi2_def *)b)->name);
}

struct oapi2_doc *oapi2_parse(const void *buf, size_t len, struct kc_err *err)
{
	struct pb b = { buf, (const unsigned char *)buf + len }, sub;
	struct pb paths = { NULL, NULL }, params = { NULL, NULL };
	struct slice_vec defs = { 0 };
	uint32_t f;
	int rc;
	struct oapi2_doc *d = calloc(1, sizeof *d);
	while ((rc = pb_next(&b, &f, &sub)) > 0) {
		if (!is_len(&sub))
			continue;
		if (f == 8) {
			paths = sub;
		} else if (f == 10) {
			params = sub;
		} else if (f == 9) {
			uint32_t f2;
			struct pb s2;
			int rc2;
			while ((rc2 = pb_next(&sub, &f2, &s2)) > 0) {
				if (f2 != 1 || !is_len(&s2))
					continue;
				char *name;
				struct pb val;
				if (pb_named(s2, &name, &val, err) < 0)
					goto fail;
				sv_push(&defs, val, name);
			}
			if (rc2 < 0)
				rc = -1;
		}
	}
	if (rc < 0) {
		MALFORMED(err);
		goto fail;
	}
	d->ndefs = defs.n;
	d->defs = calloc(defs.n ? defs.n : 1, sizeof *d->defs);
	struct pb *bytes = calloc(defs.n ? defs.n : 1, sizeof *bytes);
	for (size_t i = 0; i < defs.n; i++) {
		d->defs[i].name = defs.names[i];
		defs.names[i] = NULL;
		/* remember the bytes through the schema pointer slot until sorted */
		d->defs[i].schema = (struct oapi2_schema *)(uintptr_t)i;
	}
	qsort(d->defs, d->ndefs, sizeof *d->defs, cmp_def);
	for (size_t i = 0; i < d->ndefs; i++) {
		bytes[i] = defs.v[(uintptr_t)d->defs[i].schema];
		d->defs[i].schema = NULL;
	}
	sv_free(&defs);
	memset(&defs, 0, sizeof defs);
	struct builder bl = { d, err, 0 };
	size_t gcap = 0;
	for (size_t i = 0; i < d->ndefs; i++) {
		struct raw_schema r;
		if (raw_decode(bytes[i], &r, err) < 0) {
			free(bytes);
			goto fail;
		}
		d->defs[i].schema = build(&bl, &r, d->defs[i].name);
		if (d->defs[i].schema && r.gvk_yaml)
			add_gvks(d, i, r.gvk_yaml, &gcap);
		raw_free(&r);
		if (!d->defs[i].schema) {
			free(bytes);
			goto fail;
		}
	}
	free(bytes);
	if (paths.p && decode_paths(d, paths, err) < 0)
		goto fail;
	if (params.p && decode_params(d, params, err) < 0)
		goto fail;
	return d;
fail:
	sv_free(&defs);
	oapi2_free(d);
	return NULL;
}

void oapi2_free(struct oapi2_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->ndefs; i++) {
		free(d->defs[i].name);
		schema_free(d->defs[i].schema);
	}
	free(d->defs);
	for (size_t i = 0; i < d->ngvks; i++) {
		free(d->gvks[i].group);
		free(d->gvks[i].version);
		free(d->gvks[i].kind);
	}
	free(d->gvks);
	for (size_t i = 0; i < d->npatches; i++) {
		struct oapi2_patch *p = &d->patches[i];
		free(p->gvk_yaml);
		for (size_t j = 0; j < p->nparams; j++) {
			free(p->query[j]);
			free(p->refs[j]);
		}
		free(p->query);
		free(p->refs);
	}
	free(d->patches);
	for (size_t i = 0; i < d->nglobal; i++) {
		free(d->global_refs[i]);
		free(d->global_query[i]);
	}
	free(d->global_refs);
	free(d->global_query);
	free(d);
}

const struct oapi2_schema *oapi2_lookup(const struct oapi2_doc *d, const char *group,
					const char *version, const char *kind)
{
	for (size_t i = 0; i < d->ngvks; i++)
		if (!strcmp(d->gvks[i].group, group) && !strcmp(d->gvks[i].version, version) &&
		    !strcmp(d->gvks[i].kind, kind))
			return d->defs[d->gvks[i].def].schema;
	return NULL;
}

const struct oapi2_schema *oapi2_deref(const struct oapi2_doc *d, const struct oapi2_schema *s)
{
	return s->ref < d->ndefs ? d->defs[s->ref].schema : NULL;
}

/* hasGVKExtension on one PATCH operation. */
static int patch_is(const struct oapi2_patch *p, const char *group, const char *version,
		    const char *kind)
{
	if (!p->gvk_yaml)
		return 0;
	struct kc_err e = KC_ERR_INIT;
	json_t *v = yaml_load(p->gvk_yaml, strlen(p->gvk_yaml), NULL, &e);
	kc_err_release(&e);
	int is = 0;
	if (json_is_object(v)) {
		const char *g = jstr(v, "group"), *ve = jstr(v, "version"), *k = jstr(v, "kind");
		is = !strcmp(g ? g : "", group) && !strcmp(ve ? ve : "", version) &&
		     !strcmp(k ? k : "", kind);
	}
	json_decref(v);
	return is;
}

int oapi2_supports_param(const struct oapi2_doc *d, const char *group, const char *version,
			 const char *kind, const char *param)
{
	for (size_t i = 0; i < d->npatches; i++) {
		const struct oapi2_patch *p = &d->patches[i];
		if (!patch_is(p, group, version, kind))
			continue;
		for (size_t j = 0; j < p->nparams; j++) {
			if (!strcmp(p->query[j], param))
				return 1;
			if (*p->refs[j])
				for (size_t k = 0; k < d->nglobal; k++)
					if (!strcmp(d->global_refs[k], p->refs[j]) &&
					    !strcmp(d->global_query[k], param))
						return 1;
		}
		return 0;
	}
	return -1;
}
