/* chart/ internals shared between its .c files (not a public interface). */
#ifndef KC_CHART_INTERNAL_H
#define KC_CHART_INTERNAL_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "template/sprig/semver.h"
#include "template/sprig/sprig.h"

/* Merge src over dst as Helm's mergeMaps does (in place; src borrowed). */
void chart_merge_maps(json_t *dst, json_t *src);

/* Read a YAML values document as sigs.k8s.io/yaml.Unmarshal into a
 * map[string]interface{} does: numbers become json_real, an empty document an
 * empty object. Errors in sigs.k8s.io/yaml's words. New reference or NULL. */
json_t *chart_read_values(const char *buf, size_t len, struct kc_err *err);

#endif

struct chart_meta;
struct chart_dep;
struct chart_meta *chart_meta_new(void);
void chart_meta_free(struct chart_meta *m);
struct chart_meta *chart_meta_dup(const struct chart_meta *m);
struct chart_dep *chart_dep_new(void);
/* Decode a Chart.yaml/requirements.yaml document (json tree from the YAML
 * loader) into m, as sigs.k8s.io/yaml.Unmarshal into chart.Metadata. */
int chart_meta_decode(json_t *doc, struct chart_meta *m, struct kc_err *err);

/* chart_sort_manifests reads each document's head with a line scan of the
 * simplest block YAML (bit 1), else a one-pass libyaml event scan (bit 2), and
 * falls back to the full decode (chart_yaml_doc) whenever they could differ
 * from it. Default 3; 0 forces the full decode (tests compare them). */
extern int chart_manifest_head_scan;

/* A YAML document as sigs.k8s.io/yaml reads it, before any Go typing: json
 * tree (ints as json_integer), NULL + "error converting YAML to JSON: yaml: …". */
json_t *chart_yaml_doc(const char *buf, size_t len, struct kc_err *err);
/* Turn every json_integer of v into json_real (float64), in place. Returns v. */
json_t *chart_ints_to_reals(json_t *v);

/* Masterminds/semver v3: sprig_semver_valid / sprig_semver_satisfies
 * (template/sprig/sprig.h), the one implementation. */

struct chart;
/* Append sub to c's subcharts (takes sub; sets its parent). */
void chart_add_dep(struct chart *c, struct chart *sub);
char **chart_sorted_keys(json_t *o, size_t *n);
void chart_free_keys(char **k, size_t n);
void chart_dep_free(struct chart_dep *d);
