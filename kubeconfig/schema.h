/* kubeconfig/ internal: the shape of client-go's v1 kubeconfig types, driving both
 * decoding (type checks with encoding/json's messages) and encoding (field order,
 * omitempty). Not for use outside kubeconfig/ and cli/cmd_config*.c. */
#ifndef KC_KUBECONFIG_SCHEMA_H
#define KC_KUBECONFIG_SCHEMA_H

#include <jansson.h>

#include "util/err.h"

enum kc_ftype {
	F_STR, F_BOOL, F_BYTES, F_STRLIST, F_STRMAP, F_STRLISTMAP, F_ENVLIST, F_OBJ, F_EXTLIST,
};

struct kc_field {
	const char *key;          /* v1 JSON name */
	enum kc_ftype type;
	int omitempty;
	const struct kc_field *sub; /* F_OBJ, F_ENVLIST */
	const char *sub_name;     /* Go type name of sub */
};

extern const struct kc_field kc_cluster_fields[], kc_user_fields[], kc_context_fields[],
	kc_exec_fields[], kc_auth_provider_fields[];

const struct kc_field *kc_field_find(const struct kc_field *f, const char *key);
/* Decode in (a JSON object) into out (canonical: only non-zero fields). */
int kc_decode_fields(json_t *in, const struct kc_field *fields, const char *strct,
		     const char *path, json_t *out, struct kc_err *err);
/* Canonical entry -> v1 JSON object in struct order. New reference. */
json_t *kc_encode_fields(json_t *in, const struct kc_field *fields);
int kc_cmp_strp(const void *a, const void *b);
/* the offset Go's base64 names for a decode error util/base64 found at `at` */
size_t kc_base64_go_offset(const char *s, size_t len, size_t at);

#endif
