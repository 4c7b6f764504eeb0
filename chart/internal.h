/* chart/ internals shared between its .c files (not a public interface). */
#ifndef KC_CHART_INTERNAL_H
#define KC_CHART_INTERNAL_H

#include <jansson.h>

#include "util/err.h"

/* Merge src over dst as Helm's mergeMaps does (in place; src borrowed). */
void chart_merge_maps(json_t *dst, json_t *src);

/* Read a YAML values document as sigs.k8s.io/yaml.Unmarshal into a
 * map[string]interface{} does: numbers become json_real, an empty document an
 * empty object. Errors in sigs.k8s.io/yaml's words. New reference or NULL. */
json_t *chart_read_values(const char *buf, size_t len, struct kc_err *err);

#endif
