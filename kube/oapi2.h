/* oapi2.h: the OpenAPI v2 document as kubectl's client-side validation reads it.
 *
 * The server sends /openapi/v2 as gnostic protobuf
 * (application/com.github.proto-openapi.spec.v2@v1.0+protobuf, messages of
 * github.com/google/gnostic-models openapiv2/OpenAPIv2.proto). oapi2_parse
 * decodes only what kubectl looks at:
 *   - definitions, turned into kube-openapi's pkg/util/proto models (Kind, Map,
 *     Array, Primitive, Arbitrary, Ref) with their paths
 *     ("io.k8s.api.apps.v1.DeploymentSpec.replicas"), and each definition's
 *     x-kubernetes-group-version-kind list (kubectl's LookupResource);
 *   - the PATCH operations of paths (their x-kubernetes-group-version-kind and
 *     query parameter names) and the global parameters, for cli-runtime's
 *     QueryParamVerifier (does the server know ?fieldValidation=).
 * kube/validate.h walks a JSON object against a model. */
#ifndef KC_KUBE_OAPI2_H
#define KC_KUBE_OAPI2_H

#include <stddef.h>

#include "util/err.h"

enum oapi2_kind {
	OAPI2_REF,       /* ref: index into the document's definitions */
	OAPI2_KIND,      /* object with properties */
	OAPI2_MAP,       /* object without properties: sub = additionalProperties (or ARBITRARY) */
	OAPI2_ARRAY,     /* sub = items */
	OAPI2_PRIMITIVE, /* prim = "string", "integer", "number", "boolean" */
	OAPI2_ARBITRARY,
};

struct oapi2_schema {
	enum oapi2_kind kind;
	char *path;                    /* the model path kubectl prints */
	const char *prim;              /* PRIMITIVE: static string */
	struct oapi2_schema *sub;      /* MAP, ARRAY */
	size_t ref;                    /* REF */
	size_t nfields;                /* KIND: fields sorted by name */
	char **field_names;
	struct oapi2_schema **fields;
	size_t nrequired;              /* KIND: required, in document order */
	char **required;
};

struct oapi2_def {
	char *name;
	struct oapi2_schema *schema;
};

struct oapi2_gvk {
	char *group, *version, *kind;
	size_t def;                    /* index into defs */
};

struct oapi2_patch {
	char *gvk_yaml;                /* first x-kubernetes-group-version-kind, or NULL */
	size_t nparams;
	char **query;                  /* inline query parameter names ("" for others) */
	char **refs;                   /* $ref of referenced parameters ("" for inline) */
};

struct oapi2_doc {
	size_t ndefs;                  /* sorted by name */
	struct oapi2_def *defs;
	size_t ngvks;
	struct oapi2_gvk *gvks;
	size_t npatches;               /* in document order */
	struct oapi2_patch *patches;
	size_t nglobal;                /* global parameters: "#/parameters/NAME" and query name */
	char **global_refs;
	char **global_query;
};

/* Decode a gnostic protobuf document. NULL + err (a SchemaError as
 * kube-openapi words it, or "proto: …" for a malformed message). */
struct oapi2_doc *oapi2_parse(const void *buf, size_t len, struct kc_err *err);
void oapi2_free(struct oapi2_doc *d);

/* kubectl's LookupResource: the model of a group/version/kind, or NULL. */
const struct oapi2_schema *oapi2_lookup(const struct oapi2_doc *d, const char *group,
					const char *version, const char *kind);
/* The schema a REF stands for (NULL if dangling). */
const struct oapi2_schema *oapi2_deref(const struct oapi2_doc *d, const struct oapi2_schema *s);

/* cli-runtime's supportsQueryParam: 1 when the PATCH operation of the gvk has
 * the query parameter, 0 when it has not, -1 when no PATCH operation names the
 * gvk ("couldn't find GVK in openapi"). */
int oapi2_supports_param(const struct oapi2_doc *d, const char *group, const char *version,
			 const char *kind, const char *param);

#endif
