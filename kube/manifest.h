/* Reading manifests as kubectl's resource builder does for -f/--filename:
 * files, directories (files ending .json .yaml .yml, lexical order; -R descends
 * into subdirectories), "-" for stdin; multi-document YAML streams and JSON;
 * empty documents skipped; v1 List objects (kind ending in "List" with items)
 * expanded into their items.
 *
 * Ownership: kc_manifest_read fills m with new references (objs[i].obj) and
 * malloc'd source names; kc_manifest_release frees them. Errors are kubectl's
 * wording: `the path "x" does not exist` (KC_ERR_PLAIN, nothing read) and
 * `error parsing F: error converting YAML to JSON: yaml: line N: MSG`
 * (KC_ERR_RAW: the objects before the bad document are kept in m, as kubectl
 * acts on them before it stops). */
#ifndef KC_KUBE_MANIFEST_H
#define KC_KUBE_MANIFEST_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strvec.h"

struct kc_manifest_obj {
	json_t *obj;     /* owned */
	char *source;    /* the path as kubectl names it ("dir/a.yaml", "STDIN") */
	json_t *list;    /* the List document obj is an item of (owned reference), or NULL:
			  * kubectl validates a List as one document */
};

struct kc_manifest {
	struct kc_manifest_obj *objs;
	size_t n, alloc;
};

#define KC_MANIFEST_INIT { NULL, 0, 0 }

/* Read every path in order. 0, or -1 + err (m keeps what was read before). */
int kc_manifest_read(const struct strvec *paths, int recursive, struct kc_manifest *m,
		     struct kc_err *err);
void kc_manifest_release(struct kc_manifest *m);

/* kubectl's decoder on one document's metadata (metadataOnlyObject): a field of
 * ObjectMeta with the wrong JSON type (name: 5, labels: {tier: true} as YAML 1.1
 * reads `tier: on`, finalizers: [1] ...) is `unable to decode "SOURCE": json:
 * cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type
 * string`, the first in Go's order (keys sorted). 0, or -1 + err. */
int kc_manifest_meta_check(const json_t *obj, const char *source, struct kc_err *err);

/* Go's encoding/json name of a JSON value's type in an UnmarshalTypeError
 * ("number", "string", "array", "bool", "object"). */
const char *kc_go_json_type(const json_t *v);

#endif
