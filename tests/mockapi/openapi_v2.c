/* openapi_v2.c: /openapi/v2, the Swagger 2.0 document (JSON, or gnostic's
 * openapi_v2.Document protobuf when the client asks for
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf, as client-go's
 * discovery client does for `kubectl explain --output=plaintext-openapiv2`).
 *
 * One source with /openapi/v3: the definitions are openapi.c's component
 * schemas turned back into v2 form, undoing exactly what gen-openapi-schema.py
 * added for v3 (allOf-wrapped references → "$ref" with siblings, "enum" and the
 * "Possible enum values:" description tail, "default": {}); for the served
 * built-in types that gives back Kubernetes 1.32's swagger.json definitions
 * byte for byte. Custom resources get what the apiserver publishes for a CRD
 * version in v2 (its schema without junctors, nullable and defaults; the Kind
 * and KindList definitions). Paths: each served kind's PATCH operation in the
 * real document's shape (kubectl's v2 query-parameter verifier reads them). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

static const char DESC_APIVERSION[] =
	"APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
static const char DESC_KIND[] =
	"Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/* ---- v3 component schema → v2 definition ---- */

static json_t *to_v2(const json_t *s);

static json_t *to_v2_map(const json_t *m)
{
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)m, k, v)
		json_object_set_new(out, k, to_v2(v));
	return out;
}

static json_t *to_v2(const json_t *s)
{
	if (!json_is_object(s))
		return json_deep_copy(s);
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)s, k, v) {
		if (!strcmp(k, "properties") && json_is_object(v))
			json_object_set_new(out, k, to_v2_map(v));
		else if ((!strcmp(k, "items") || !strcmp(k, "additionalProperties")) &&
			 json_is_object(v))
			json_object_set_new(out, k, to_v2(v));
		else if (!strcmp(k, "enum") || (!strcmp(k, "default") && json_is_object(v) &&
			 !json_object_size(v)))
			continue; /* added for v3 by the generator */
		else
			json_object_set(out, k, v);
	}
	json_t *all = json_object_get(out, "allOf");
	const char *ref = jstr(json_array_get(all, 0), "$ref");
	if (json_array_size(all) == 1 && ref) {
		json_object_set_new(out, "$ref", json_string(ref));
		json_object_del(out, "allOf");
	}
	ref = jstr(out, "$ref");
	if (ref && starts_with(ref, "#/components/schemas/")) {
		char *r = xasprintf("#/definitions/%s", ref + strlen("#/components/schemas/"));
		json_object_set_new(out, "$ref", json_string(r));
		free(r);
	}
	if (json_object_get(s, "enum")) {
		const char *d = jstr(out, "description");
		const char *p = d ? strstr(d, "Possible enum values:") : NULL;
		if (p == d && p)
			json_object_del(out, "description");
		else if (p && p - d >= 2) {
			json_t *nd = json_stringn(d, (size_t)(p - d - 2));
			json_object_set_new(out, "description", nd);
		}
	}
	return out;
}

/* A CRD's openAPIV3Schema as the apiserver publishes it in v2
 * (ToStructuralOpenAPIV2, and defaults dropped). */
static json_t *crd_to_v2(const json_t *s)
{
	if (!json_is_object(s))
		return json_deep_copy(s);
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)s, k, v) {
		if (!strcmp(k, "allOf") || !strcmp(k, "anyOf") || !strcmp(k, "oneOf") ||
		    !strcmp(k, "not") || !strcmp(k, "nullable") || !strcmp(k, "default"))
			continue;
		if (!strcmp(k, "properties") && json_is_object(v)) {
			json_t *m = json_object();
			const char *pk;
			json_t *pv;
			json_object_foreach(v, pk, pv)
				json_object_set_new(m, pk, crd_to_v2(pv));
			json_object_set_new(out, k, m);
		} else if ((!strcmp(k, "items") || !strcmp(k, "additionalProperties")) &&
			   json_is_object(v))
			json_object_set_new(out, k, crd_to_v2(v));
		else
			json_object_set(out, k, v);
	}
	int nullable = json_is_true(json_object_get(s, "nullable"));
	int preserve = json_is_true(json_object_get(s, "x-kubernetes-preserve-unknown-fields"));
	if (nullable || preserve) {
		json_object_del(out, "type");
		json_object_del(out, "items");
		json_object_del(out, "properties");
	}
	if (!json_object_get(out, "items") && !strcmp(S(jstr(out, "type")), "array"))
		json_object_del(out, "type");
	/* nullable properties are not required in v2 */
	json_t *req = json_object_get(out, "required");
	json_t *props = json_object_get(s, "properties");
	if (json_is_array(req) && json_is_object(props)) {
		json_t *nr = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(req, i, x) {
			json_t *ps = json_object_get(props, S(json_string_value(x)));
			if (!json_is_true(json_object_get(ps, "nullable")))
				json_array_append(nr, x);
		}
		if (json_array_size(nr))
			json_object_set_new(out, "required", nr);
		else {
			json_decref(nr);
			json_object_del(out, "required");
		}
	}
	if (json_is_true(jget(s, "additionalProperties.nullable")))
		json_object_del(out, "required");
	return out;
}

static json_t *gvk_list(const char *group, const char *version, const char *kind)
{
	return json_pack("[{s:s,s:s,s:s}]", "group", group, "kind", kind, "version", version);
}

static void add_crd_definitions(json_t *defs, const json_t *crd)
{
	const char *group = S(jstr(crd, "spec.group"));
	const char *kind = S(jstr(crd, "spec.names.kind"));
	const char *plural = S(jstr(crd, "spec.names.plural"));
	const char *listkind = jstr(crd, "spec.names.listKind");
	size_t j;
	json_t *ver;
	json_array_foreach(jget(crd, "spec.versions"), j, ver) {
		if (!json_is_true(json_object_get(ver, "served")))
			continue;
		const char *version = S(jstr(ver, "name"));
		const json_t *s = jget(ver, "schema.openAPIV3Schema");
		json_t *sc;
		if (!s || json_is_true(json_object_get(s, "x-kubernetes-preserve-unknown-fields")))
			sc = json_pack("{s:s}", "type", "object");
		else {
			sc = crd_to_v2(s);
			json_t *props = json_object_get(sc, "properties");
			if (!json_is_object(props)) {
				props = json_object();
				json_object_set_new(sc, "properties", props);
			}
			json_object_set_new(props, "apiVersion",
				json_pack("{s:s,s:s}", "description", DESC_APIVERSION, "type", "string"));
			json_object_set_new(props, "kind",
				json_pack("{s:s,s:s}", "description", DESC_KIND, "type", "string"));
			json_object_set_new(props, "metadata", json_pack("{s:s,s:s}", "description",
				"Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
				"$ref", "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
		}
		json_object_set_new(sc, "x-kubernetes-group-version-kind",
			gvk_list(group, version, kind));
		char *base = openapi_crd_schema_name(group, version, kind);
		char *lk = listkind ? xstrdup(listkind) : xasprintf("%sList", kind);
		char *lname = openapi_crd_schema_name(group, version, lk);
		char *ref = xasprintf("#/definitions/%s", base);
		char *ldesc = xasprintf("%s is a list of %s", lk, kind);
		char *idesc = xasprintf("List of %s. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md",
			plural);
		json_t *list = json_pack("{s:s,s:[s],s:{s:{s:s,s:s},s:{s:s,s:s,s:{s:s}},s:{s:s,s:s},s:{s:s,s:s}},s:o}",
			"description", ldesc, "required", "items", "properties",
			"apiVersion", "description", DESC_APIVERSION, "type", "string",
			"items", "description", idesc, "type", "array", "items", "$ref", ref,
			"kind", "description", DESC_KIND, "type", "string",
			"metadata", "description",
			"Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
			"$ref", "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
			"x-kubernetes-group-version-kind", gvk_list(group, version, lk));
		json_object_set_new(defs, base, sc);
		json_object_set_new(defs, lname, list);
		free(base);
		free(lk);
		free(lname);
		free(ref);
		free(ldesc);
		free(idesc);
	}
}

/* ---- paths ---- */

/* The shared parameters the real document references (#/parameters/...). */
static json_t *parameters(void)
{
	return json_pack("{s:{s:s,s:s,s:b,s:{s:s}},"
		"s:{s:s,s:s,s:s,s:s,s:b},"
		"s:{s:s,s:s,s:s,s:s,s:b},"
		"s:{s:s,s:s,s:s,s:b,s:s,s:b},"
		"s:{s:s,s:s,s:s,s:s,s:b}}",
		"body-78PwaGsr", "in", "body", "name", "body", "required", 1, "schema", "$ref",
		"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
		"fieldManager-7c6nTn1T", "description",
		"fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).",
		"in", "query", "name", "fieldManager", "type", "string", "uniqueItems", 1,
		"force-tOGGb0Yi", "description",
		"Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.",
		"in", "query", "name", "force", "type", "boolean", "uniqueItems", 1,
		"namespace-vgWSWtn3", "description",
		"object name and auth scope, such as for teams and projects", "in", "path", "name",
		"namespace", "required", 1, "type", "string", "uniqueItems", 1,
		"pretty-tJGM1-ng", "description",
		"If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
		"in", "query", "name", "pretty", "type", "string", "uniqueItems", 1);
}

/* "apps" → "Apps", "rbac.authorization.k8s.io" → "RbacAuthorization",
 * "example.com" → "ExampleCom" (operation ids and tags, as the apiserver). */
static void group_word(struct strbuf *sb, const char *group, int tag)
{
	const char *end = strstr(group, ".k8s.io");
	size_t n = end ? (size_t)(end - group) : strlen(group);
	int up = !tag;
	for (size_t i = 0; i < n; i++) {
		char c = group[i];
		if (c == '.' || c == '-') {
			up = 1;
			continue;
		}
		strbuf_addch(sb, up ? (char)(c >= 'a' && c <= 'z' ? c - 32 : c) : c);
		up = 0;
	}
}

static json_t *paths(json_t *defs_by_gvk)
{
	json_t *out = json_object();
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt_served(rt) || !(rt->verbs & V_PATCH))
			continue;
		char *key = xasprintf("%s/%s/%s", rt->group, rt->version, rt->kind);
		const char *defname = jstr(defs_by_gvk, key);
		free(key);
		if (!defname)
			continue;
		char *p = *rt->group ? xasprintf("/apis/%s/%s/%s%s/{name}", rt->group, rt->version,
			rt->namespaced ? "namespaces/{namespace}/" : "", rt->resource) :
			xasprintf("/api/%s/%s%s/{name}", rt->version,
			rt->namespaced ? "namespaces/{namespace}/" : "", rt->resource);
		struct strbuf tag, opid;
		strbuf_init(&tag, 0);
		strbuf_init(&opid, 0);
		group_word(&tag, *rt->group ? rt->group : "core", 1);
		strbuf_addf(&tag, "_%s", rt->version);
		strbuf_addstr(&opid, "patch");
		group_word(&opid, *rt->group ? rt->group : "core", 0);
		strbuf_addch(&opid, rt->version[0] >= 'a' && rt->version[0] <= 'z' ?
			(char)(rt->version[0] - 32) : rt->version[0]);
		strbuf_addf(&opid, "%s%s%s", rt->version + 1, rt->namespaced ? "Namespaced" : "",
			rt->kind);
		char *desc = xasprintf("partially update the specified %s", rt->kind);
		char *ref = xasprintf("#/definitions/%s", defname);
		char *namedesc = xasprintf("name of the %s", rt->kind);
		json_t *consumes = json_pack("[s,s]", "application/json-patch+json",
			"application/merge-patch+json");
		if (!rt->dynamic)
			json_array_append_new(consumes,
				json_string("application/strategic-merge-patch+json"));
		json_array_append_new(consumes, json_string("application/apply-patch+yaml"));
		json_array_append_new(consumes, json_string("application/apply-patch+cbor"));
		json_t *produces = rt->dynamic ? json_pack("[s,s,s]", "application/json",
			"application/yaml", "application/cbor") :
			json_pack("[s,s,s,s]", "application/json", "application/yaml",
			"application/vnd.kubernetes.protobuf", "application/cbor");
		json_t *op = json_pack("{s:o,s:s,s:s,s:[{s:s},{s:s,s:s,s:s,s:s,s:b},{s:s},{s:s,s:s,s:s,s:s,s:b},{s:s}],"
			"s:o,s:{s:{s:s,s:{s:s}},s:{s:s,s:{s:s}},s:{s:s}},s:[s],s:[s],s:s,s:{s:s,s:s,s:s}}",
			"consumes", consumes, "description", desc, "operationId", opid.buf,
			"parameters", "$ref", "#/parameters/body-78PwaGsr",
			"description",
			"When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
			"in", "query", "name", "dryRun", "type", "string", "uniqueItems", 1,
			"$ref", "#/parameters/fieldManager-7c6nTn1T",
			"description",
			"fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.",
			"in", "query", "name", "fieldValidation", "type", "string", "uniqueItems", 1,
			"$ref", "#/parameters/force-tOGGb0Yi",
			"produces", produces,
			"responses", "200", "description", "OK", "schema", "$ref", ref,
			"201", "description", "Created", "schema", "$ref", ref,
			"401", "description", "Unauthorized",
			"schemes", "https", "tags", tag.buf, "x-kubernetes-action", "patch",
			"x-kubernetes-group-version-kind", "group", rt->group, "kind", rt->kind,
			"version", rt->version);
		json_t *params = json_pack("[{s:s,s:s,s:s,s:b,s:s,s:b}]", "description", namedesc,
			"in", "path", "name", "name", "required", 1, "type", "string", "uniqueItems", 1);
		if (rt->namespaced)
			json_array_append_new(params,
				json_pack("{s:s}", "$ref", "#/parameters/namespace-vgWSWtn3"));
		json_array_append_new(params, json_pack("{s:s}", "$ref", "#/parameters/pretty-tJGM1-ng"));
		json_object_set_new(out, p, json_pack("{s:o,s:o}", "parameters", params, "patch", op));
		free(p);
		free(desc);
		free(ref);
		free(namedesc);
		strbuf_release(&tag);
		strbuf_release(&opid);
	}
	return out;
}

/* ---- gnostic protobuf ---- */

static void pb_varint(struct strbuf *b, uint64_t v)
{
	while (v >= 0x80) {
		strbuf_addch(b, (char)(v | 0x80));
		v >>= 7;
	}
	strbuf_addch(b, (char)v);
}

static void pb_key(struct strbuf *b, int field, int wt)
{
	pb_varint(b, ((uint64_t)field << 3) | (uint64_t)wt);
}

static void pb_bytes(struct strbuf *b, int field, const char *p, size_t n)
{
	pb_key(b, field, 2);
	pb_varint(b, n);
	strbuf_add(b, p, n);
}

/* proto3: empty strings, false and 0 are not written */
static void pb_str(struct strbuf *b, int field, const char *s)
{
	if (s && *s)
		pb_bytes(b, field, s, strlen(s));
}

static void pb_sub(struct strbuf *b, int field, struct strbuf *sub)
{
	pb_bytes(b, field, sub->buf, sub->len);
	strbuf_release(sub);
}

static void pb_bool(struct strbuf *b, int field, const json_t *v)
{
	if (json_is_true(v)) {
		pb_key(b, field, 0);
		pb_varint(b, 1);
	}
}

static void pb_int(struct strbuf *b, int field, const json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v)) {
		pb_key(b, field, 0);
		pb_varint(b, (uint64_t)json_integer_value(v));
	}
}

static void pb_double(struct strbuf *b, int field, const json_t *v)
{
	if (!json_is_number(v))
		return;
	double d = json_number_value(v);
	if (d == 0)
		return;
	uint64_t u;
	memcpy(&u, &d, sizeof(u));
	pb_key(b, field, 1);
	for (int i = 0; i < 8; i++)
		strbuf_addch(b, (char)(u >> (8 * i)));
}

static void pb_strings(struct strbuf *b, int field, const json_t *a)
{
	size_t i;
	json_t *x;
	if (json_is_string(a))
		pb_bytes(b, field, json_string_value(a), json_string_length(a));
	json_array_foreach(a, i, x)
		if (json_is_string(x))
			pb_bytes(b, field, json_string_value(x), json_string_length(x));
}

/* Any{yaml}: the value as YAML text (JSON is YAML) */
static void pb_any(struct strbuf *b, int field, const json_t *v)
{
	struct strbuf a;
	strbuf_init(&a, 0);
	char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	strbuf_addf(&a, "%s", t ? t : "null");
	strbuf_addch(&a, '\n');
	free(t);
	struct strbuf any;
	strbuf_init(&any, 0);
	pb_bytes(&any, 2, a.buf, a.len);
	strbuf_release(&a);
	pb_sub(b, field, &any);
}

/* repeated NamedAny vendor_extension: every "x-" key */
static void pb_extensions(struct strbuf *b, int field, const json_t *o)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		if (!starts_with(k, "x-"))
			continue;
		struct strbuf na;
		strbuf_init(&na, 0);
		pb_str(&na, 1, k);
		pb_any(&na, 2, v);
		pb_sub(b, field, &na);
	}
}

static void pb_schema(struct strbuf *b, const json_t *s);

static void pb_schema_field(struct strbuf *b, int field, const json_t *s)
{
	struct strbuf sub;
	strbuf_init(&sub, 0);
	pb_schema(&sub, s);
	pb_sub(b, field, &sub);
}

/* repeated NamedSchema (Properties, Definitions: field 1) */
static void pb_named_schemas(struct strbuf *b, const json_t *m)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)m, k, v) {
		struct strbuf ns;
		strbuf_init(&ns, 0);
		pb_bytes(&ns, 1, k, strlen(k));
		pb_schema_field(&ns, 2, v);
		pb_sub(b, 1, &ns);
	}
}

static void pb_schema(struct strbuf *b, const json_t *s)
{
	if (!json_is_object(s))
		return;
	pb_str(b, 1, jstr(s, "$ref"));
	pb_str(b, 2, jstr(s, "format"));
	pb_str(b, 3, jstr(s, "title"));
	pb_str(b, 4, jstr(s, "description"));
	if (json_object_get(s, "default"))
		pb_any(b, 5, json_object_get(s, "default"));
	pb_double(b, 6, json_object_get(s, "multipleOf"));
	pb_double(b, 7, json_object_get(s, "maximum"));
	pb_bool(b, 8, json_object_get(s, "exclusiveMaximum"));
	pb_double(b, 9, json_object_get(s, "minimum"));
	pb_bool(b, 10, json_object_get(s, "exclusiveMinimum"));
	pb_int(b, 11, json_object_get(s, "maxLength"));
	pb_int(b, 12, json_object_get(s, "minLength"));
	pb_str(b, 13, jstr(s, "pattern"));
	pb_int(b, 14, json_object_get(s, "maxItems"));
	pb_int(b, 15, json_object_get(s, "minItems"));
	pb_bool(b, 16, json_object_get(s, "uniqueItems"));
	pb_int(b, 17, json_object_get(s, "maxProperties"));
	pb_int(b, 18, json_object_get(s, "minProperties"));
	pb_strings(b, 19, json_object_get(s, "required"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(s, "enum"), i, x)
		pb_any(b, 20, x);
	json_t *ap = json_object_get(s, "additionalProperties");
	if (ap) {
		struct strbuf sub;
		strbuf_init(&sub, 0);
		if (json_is_object(ap))
			pb_schema_field(&sub, 1, ap);
		else if (json_is_boolean(ap)) {
			pb_key(&sub, 2, 0);
			pb_varint(&sub, json_is_true(ap));
		}
		pb_sub(b, 21, &sub);
	}
	json_t *t = json_object_get(s, "type");
	if (t) {
		struct strbuf sub;
		strbuf_init(&sub, 0);
		pb_strings(&sub, 1, t);
		pb_sub(b, 22, &sub);
	}
	json_t *items = json_object_get(s, "items");
	if (items) {
		struct strbuf sub;
		strbuf_init(&sub, 0);
		if (json_is_array(items))
			json_array_foreach(items, i, x)
				pb_schema_field(&sub, 1, x);
		else
			pb_schema_field(&sub, 1, items);
		pb_sub(b, 23, &sub);
	}
	json_array_foreach(json_object_get(s, "allOf"), i, x)
		pb_schema_field(b, 24, x);
	json_t *props = json_object_get(s, "properties");
	if (json_is_object(props)) {
		struct strbuf sub;
		strbuf_init(&sub, 0);
		pb_named_schemas(&sub, props);
		pb_sub(b, 25, &sub);
	}
	pb_str(b, 26, jstr(s, "discriminator"));
	pb_bool(b, 27, json_object_get(s, "readOnly"));
	if (json_object_get(s, "example"))
		pb_any(b, 30, json_object_get(s, "example"));
	pb_extensions(b, 31, s);
}

/* Parameter (body or query/path), or ParametersItem's JsonReference */
static void pb_parameter(struct strbuf *b, const json_t *p)
{
	const char *in = S(jstr(p, "in"));
	struct strbuf sub;
	strbuf_init(&sub, 0);
	if (!strcmp(in, "body")) {
		pb_str(&sub, 1, jstr(p, "description"));
		pb_str(&sub, 2, jstr(p, "name"));
		pb_str(&sub, 3, in);
		pb_bool(&sub, 4, json_object_get(p, "required"));
		if (json_object_get(p, "schema"))
			pb_schema_field(&sub, 5, json_object_get(p, "schema"));
		pb_extensions(&sub, 6, p);
		pb_sub(b, 1, &sub);
		return;
	}
	struct strbuf nb;
	strbuf_init(&nb, 0);
	int query = !strcmp(in, "query");
	pb_bool(&sub, 1, json_object_get(p, "required"));
	pb_str(&sub, 2, in);
	pb_str(&sub, 3, jstr(p, "description"));
	pb_str(&sub, 4, jstr(p, "name"));
	pb_str(&sub, query ? 6 : 5, jstr(p, "type"));
	pb_bool(&sub, query ? 20 : 19, json_object_get(p, "uniqueItems"));
	pb_extensions(&sub, query ? 23 : 22, p);
	pb_sub(&nb, query ? 3 : 4, &sub);
	pb_sub(b, 2, &nb);
}

static void pb_parameters_items(struct strbuf *b, int field, const json_t *a)
{
	size_t i;
	json_t *p;
	json_array_foreach(a, i, p) {
		struct strbuf item;
		strbuf_init(&item, 0);
		const char *ref = jstr(p, "$ref");
		struct strbuf sub;
		strbuf_init(&sub, 0);
		if (ref) {
			pb_str(&sub, 1, ref);
			pb_sub(&item, 2, &sub);
		} else {
			pb_parameter(&sub, p);
			pb_sub(&item, 1, &sub);
		}
		pb_sub(b, field, &item);
	}
}

static void pb_operation(struct strbuf *b, int field, const json_t *op)
{
	struct strbuf o;
	strbuf_init(&o, 0);
	pb_strings(&o, 1, json_object_get(op, "tags"));
	pb_str(&o, 3, jstr(op, "description"));
	pb_str(&o, 5, jstr(op, "operationId"));
	pb_strings(&o, 6, json_object_get(op, "produces"));
	pb_strings(&o, 7, json_object_get(op, "consumes"));
	pb_parameters_items(&o, 8, json_object_get(op, "parameters"));
	struct strbuf rs;
	strbuf_init(&rs, 0);
	const char *code;
	json_t *resp;
	json_object_foreach(json_object_get(op, "responses"), code, resp) {
		struct strbuf r, rv, nrv;
		strbuf_init(&r, 0);
		strbuf_init(&rv, 0);
		strbuf_init(&nrv, 0);
		pb_str(&r, 1, jstr(resp, "description"));
		if (json_object_get(resp, "schema")) {
			struct strbuf si;
			strbuf_init(&si, 0);
			pb_schema_field(&si, 1, json_object_get(resp, "schema"));
			pb_sub(&r, 2, &si);
		}
		pb_sub(&rv, 1, &r);
		pb_str(&nrv, 1, code);
		pb_sub(&nrv, 2, &rv);
		pb_sub(&rs, 1, &nrv);
	}
	pb_sub(&o, 9, &rs);
	pb_strings(&o, 10, json_object_get(op, "schemes"));
	pb_extensions(&o, 13, op);
	pb_sub(b, field, &o);
}

static void pb_document(struct strbuf *b, const json_t *doc)
{
	struct strbuf sub;
	pb_str(b, 1, jstr(doc, "swagger"));
	strbuf_init(&sub, 0);
	pb_str(&sub, 1, jstr(doc, "info.title"));
	pb_str(&sub, 2, jstr(doc, "info.version"));
	pb_sub(b, 2, &sub);
	static const struct { const char *name; int field; } methods[] = {
		{ "get", 2 }, { "put", 3 }, { "post", 4 }, { "delete", 5 }, { "options", 6 },
		{ "head", 7 }, { "patch", 8 },
	};
	strbuf_init(&sub, 0);
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(doc, "paths"), k, v) {
		struct strbuf pi, npi;
		strbuf_init(&pi, 0);
		strbuf_init(&npi, 0);
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (json_object_get(v, methods[i].name))
				pb_operation(&pi, methods[i].field,
					json_object_get(v, methods[i].name));
		pb_parameters_items(&pi, 9, json_object_get(v, "parameters"));
		pb_str(&npi, 1, k);
		pb_sub(&npi, 2, &pi);
		pb_sub(&sub, 2, &npi);
	}
	pb_sub(b, 8, &sub);
	strbuf_init(&sub, 0);
	pb_named_schemas(&sub, json_object_get(doc, "definitions"));
	pb_sub(b, 9, &sub);
	strbuf_init(&sub, 0);
	json_object_foreach(json_object_get(doc, "parameters"), k, v) {
		struct strbuf np, p;
		strbuf_init(&np, 0);
		strbuf_init(&p, 0);
		pb_parameter(&p, v);
		pb_str(&np, 1, k);
		pb_sub(&np, 2, &p);
		pb_sub(&sub, 1, &np);
	}
	pb_sub(b, 10, &sub);
	/* security: [{"BearerToken": []}] */
	strbuf_init(&sub, 0);
	{
		struct strbuf nsa, sa;
		strbuf_init(&nsa, 0);
		strbuf_init(&sa, 0);
		pb_str(&nsa, 1, "BearerToken");
		pb_sub(&nsa, 2, &sa);
		pb_sub(&sub, 1, &nsa);
	}
	pb_sub(b, 12, &sub);
	strbuf_init(&sub, 0);
	{
		struct strbuf n, item, ak;
		strbuf_init(&n, 0);
		strbuf_init(&item, 0);
		strbuf_init(&ak, 0);
		const json_t *bt = jget(doc, "securityDefinitions.BearerToken");
		pb_str(&ak, 1, jstr(bt, "type"));
		pb_str(&ak, 2, jstr(bt, "name"));
		pb_str(&ak, 3, jstr(bt, "in"));
		pb_str(&ak, 4, jstr(bt, "description"));
		pb_sub(&item, 2, &ak);
		pb_str(&n, 1, "BearerToken");
		pb_sub(&n, 2, &item);
		pb_sub(&sub, 1, &n);
	}
	pb_sub(b, 13, &sub);
}

/* ---- the document and its cache ---- */

static pthread_mutex_t g_v2_lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *g_v2_builtin; /* v2 definitions of the built-in schemas, made once */
static char *g_v2_key;       /* the custom resources' state the cached texts are for */
static char *g_v2_json, *g_v2_pb;
static size_t g_v2_json_len, g_v2_pb_len;

static void etag_of(const char *p, size_t n, char out[19])
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	snprintf(out, 19, "\"%016llX\"", (unsigned long long)h);
}

void openapi_v2_free(void)
{
	json_decref(g_v2_builtin);
	g_v2_builtin = NULL;
	free(g_v2_key);
	free(g_v2_json);
	free(g_v2_pb);
	g_v2_key = g_v2_json = g_v2_pb = NULL;
}

/* The served CRDs' identity (name@resourceVersion …); caller holds g_lock. */
static char *crd_key(json_t ***items, size_t *n)
{
	const struct rtype *crt = rt_find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
	*items = NULL;
	*n = crt ? store_list(crt, NULL, items) : 0;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addch(&sb, '|');
	for (size_t i = 0; i < *n; i++)
		strbuf_addf(&sb, "%s@%s|", S(jstr((*items)[i], "metadata.name")),
			S(jstr((*items)[i], "metadata.resourceVersion")));
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (rt->dynamic && rt_served(rt))
			strbuf_addf(&sb, "%s/%s/%s|", rt->group, rt->version, rt->kind);
	}
	return strbuf_detach(&sb, NULL);
}

char *openapi_v2_text(int proto, size_t *len, char etag[19])
{
	const json_t *schemas = openapi_schemas();
	pthread_mutex_lock(&g_v2_lock);
	if (!g_v2_builtin) {
		g_v2_builtin = json_object();
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)schemas, k, v)
			json_object_set_new(g_v2_builtin, k, to_v2(v));
	}
	pthread_mutex_lock(&g_lock);
	json_t **items;
	size_t n;
	char *key = crd_key(&items, &n);
	if (!g_v2_key || strcmp(key, g_v2_key)) {
		json_t *defs = json_deep_copy(g_v2_builtin);
		for (size_t i = 0; i < n; i++)
			add_crd_definitions(defs, items[i]);
		json_t *by_gvk = json_object();
		const char *k;
		json_t *v;
		json_object_foreach(defs, k, v) {
			size_t j;
			json_t *g;
			json_array_foreach(json_object_get(v, "x-kubernetes-group-version-kind"), j, g) {
				char *gk = xasprintf("%s/%s/%s", S(jstr(g, "group")), S(jstr(g, "version")),
					S(jstr(g, "kind")));
				if (!json_object_get(by_gvk, gk))
					json_object_set_new(by_gvk, gk, json_string(k));
				free(gk);
			}
		}
		json_t *doc = json_pack("{s:s,s:{s:s,s:s},s:o,s:o,s:o,s:{s:{s:s,s:s,s:s,s:s}},s:[{s:[]}]}",
			"swagger", "2.0", "info", "title", "Kubernetes", "version", "v1.32.5",
			"paths", paths(by_gvk), "definitions", defs, "parameters", parameters(),
			"securityDefinitions", "BearerToken", "description",
			"Bearer Token authentication", "in", "header", "name", "authorization",
			"type", "apiKey", "security", "BearerToken");
		json_decref(by_gvk);
		free(g_v2_json);
		free(g_v2_pb);
		g_v2_json = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		g_v2_json_len = strlen(g_v2_json);
		struct strbuf pb;
		strbuf_init(&pb, 0);
		pb_document(&pb, doc);
		g_v2_pb_len = pb.len;
		g_v2_pb = strbuf_detach(&pb, NULL);
		json_decref(doc);
		free(g_v2_key);
		g_v2_key = key;
		key = NULL;
	}
	pthread_mutex_unlock(&g_lock);
	free(key);
	free(items);
	const char *src = proto ? g_v2_pb : g_v2_json;
	*len = proto ? g_v2_pb_len : g_v2_json_len;
	char *out = xmalloc(*len + 1);
	memcpy(out, src, *len);
	out[*len] = 0;
	etag_of(out, *len, etag);
	pthread_mutex_unlock(&g_v2_lock);
	return out;
}
