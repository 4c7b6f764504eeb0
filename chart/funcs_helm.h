/* Helm's template functions and engine behaviour around text/template
 * (helm.sh/helm/v3/pkg/engine: funcs.go and engine.go).
 *
 * helm_funcs: toToml fromToml toYaml toYamlPretty fromYaml fromYamlArray toJson
 * fromJson fromJsonArray include tpl required fail lookup getHostByName — in
 * struct tmpl_func form (template/template.h). Add them after sprig_funcs.
 *
 * include/tpl keep Helm's state (the included-names recursion counter, strict
 * mode) in a struct helm_render that must be the set's udata
 * (tmpl_set_udata(t, &hr)); helm_tmpl_new() sets all of that up. */
#ifndef KC_CHART_FUNCS_HELM_H
#define KC_CHART_FUNCS_HELM_H

#include "template/template.h"

extern const struct tmpl_func helm_funcs[];

/* chartutil.Values: the named map type of .Values (typeOf prints it). */
extern const struct tv_type helm_type_values;

/* Helm's render objects as Go-typed values (new references):
 * helm_chart_value: from chart_meta_gofields() JSON — struct { chart.Metadata;
 *   IsRoot bool } when it has "IsRoot", else chart.Metadata; nil slices/maps as
 *   empty typed ones (print [] / map[] as Go's nil ones do).
 * helm_capabilities_value: from chart_capabilities_json() — *chartutil.Capabilities
 *   with KubeVersion (String/GitVersion, prints its Version), APIVersions
 *   (chartutil.VersionSet, method Has), HelmVersion (version.BuildInfo, json tags).
 * helm_files_value: .Files (engine.files, map[string][]uint8) with Get, GetBytes,
 *   Glob (gobwas/glob), Lines, AsConfig, AsSecrets. */
extern const struct tv_type helm_type_metadata, helm_type_chart, helm_type_capabilities,
	helm_type_files;
struct tv *helm_chart_value(json_t *gofields);
struct tv *helm_capabilities_value(json_t *caps);
struct tv *helm_files_value(const char *const *names, const char *const *datas, const size_t *lens,
			    size_t n);

/* encoding/json Marshal of a value (html: escape <>& as Go's default). */
int helm_json_marshal(struct strbuf *o, const struct tv *v, int html, struct kc_err *err);

/* Per-render state of Helm's engine (engine.go's includedNames, Strict, LintMode). */
struct helm_render {
	int strict;      /* --strict: missingkey=error */
	int lint_mode;   /* required/fail only log */
	struct helm_included *included; /* include recursion counters (private) */
};

/* Helm's template set: Go builtins + Sprig + helm_funcs,
 * missingkey=zero (error if hr->strict), udata = hr. */
struct tmpl *helm_tmpl_new(struct helm_render *hr);
void helm_render_release(struct helm_render *hr);

/* ExecuteTemplate + Helm's post-processing: strings.ReplaceAll(out, "<no value>", "")
 * and Helm's error cleanup: `execution error at (NAME:L:C): MSG` for required/fail
 * messages, other exec errors unchanged. Parse errors of helm_parse are cleaned as
 * Helm does: `parse error at (NAME:L): MSG`. */
int helm_parse(struct tmpl *t, const char *name, const char *text, size_t len,
	       struct kc_err *err);
int helm_execute(struct tmpl *t, const char *name, struct tv *data, struct strbuf *out,
		 struct kc_err *err);

/* Helm's engine.Render (chart/engine.c): renders every template of chart c
 * (subcharts included) with top = chart_prepare's {"Chart","Capabilities",
 * "Release","Values"} JSON; .Chart/.Files/.Subcharts/.Template per chart as
 * Helm builds them; parse order, error texts ("parse error at (…)",
 * "execution error at (…)") and "<no value>" removal as Helm. out gets
 * name → rendered text for templates whose base name does not start with "_".
 * hr: strict/lint flags (may be zeroed). 0 or -1 + err. */
struct chart;
struct chart_files;
int helm_render_chart(const struct chart *c, json_t *top, struct helm_render *hr,
		      struct chart_files *out, struct kc_err *err);

#endif
