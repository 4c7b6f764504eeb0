/* Sprig (Masterminds/sprig v3.3, as Helm v3.21 links it) for the template engine.
 *
 * CONTRACT — declared by template/ (the engine), DEFINED by the template/sprig/ sources.
 * sprig_funcs is sprig.TxtFuncMap() as Helm uses it (without env/expandenv, which
 * Helm deletes), in the format of template/template.h's struct tmpl_func, ended by
 * { NULL }. Callers: tmpl_add_funcs(t, sprig_funcs) after the Go builtins and
 * before Helm's own functions (chart/funcs_helm.h), which override some names. */
#ifndef KC_TEMPLATE_SPRIG_SPRIG_H
#define KC_TEMPLATE_SPRIG_SPRIG_H

#include "template/template.h"

extern const struct tmpl_func sprig_funcs[];

/* Go's encoding/json for the JSON functions (Helm's toJson/fromJson reuse them).
 * sprig_json_encode: json.Marshal (escape_html 1) or an Encoder with
 * SetEscapeHTML(false) (0); indent NULL/"" for compact, "  " for MarshalIndent.
 * Appends to out; 0, or -1 with Go's error ("json: unsupported value: NaN").
 * sprig_json_decode: json.Unmarshal into interface{} (numbers float64); a new
 * reference, or NULL with Go's error text in err. */
int sprig_json_encode(struct strbuf *out, const struct tv *v, int escape_html, const char *indent,
		      struct kc_err *err);
struct tv *sprig_json_decode(const char *s, size_t n, struct kc_err *err);
/* Helm's fromToml decoder (BurntSushi/toml v1.2.0 into map[string]interface {}):
 * a new map, or NULL with the parse error text ("toml: line 3 (last key \"a\"):
 * ..."). template/sprig/toml.c. */
struct tv *helm_toml_decode(const char *s, size_t n, struct kc_err *err);

/* Masterminds/semver v3 for charts: semver.NewVersion(s) succeeds (1/0);
 * chartutil.IsCompatibleRange — NewConstraint(constraint) and NewVersion(version)
 * parse and the version satisfies it (1/0). */
int sprig_semver_valid(const char *s);
int sprig_semver_satisfies(const char *constraint, const char *version);

#endif
