/* chart: Helm v3 charts — loading, values, dependencies, render objects and
 * manifest post-processing (the data side of `helm template`).
 *
 * VALUE CONVENTION (read this first). Values are jansson trees. Helm holds them
 * as Go interface{} values, and the template engine must be able to tell the Go
 * types apart, so:
 *   - json_integer  = Go int64   (only --set / --set-file typed values produce it:
 *                                 `--set a=1` is int64(1))
 *   - json_real     = Go float64 (every number read from a YAML file — values.yaml,
 *                                 -f files, Chart.yaml — and from --set-json, since
 *                                 sigs.k8s.io/yaml and encoding/json decode numbers
 *                                 as float64)
 *   - json_string / true / false / null / object (map[string]interface {}) /
 *     array ([]interface {}) as usual.
 * Object key order carries no meaning (Go maps); printers sort keys.
 *
 * Ownership: functions returning json_t * return a new reference; functions
 * taking a `json_t *dest` modify it in place and borrow it. Errors are returned
 * as -1/NULL with the message (Helm's wording, without the "Error: " prefix)
 * in struct kc_err. */
#ifndef KC_CHART_CHART_H
#define KC_CHART_CHART_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* ---------------------------------------------------------------------------
 * --set family (Helm's pkg/strvals).
 */
enum strvals_mode {
	STRVALS_SET,     /* --set: typed values (int64, bool, null, string), {a,b} lists */
	STRVALS_STRING,  /* --set-string: every value a string */
	STRVALS_JSON,    /* --set-json: values are JSON documents */
	STRVALS_LITERAL, /* --set-literal: everything after '=' verbatim, no escapes */
	STRVALS_FILE,    /* --set-file: values are file paths, read as strings */
};

/* Parse one flag value s in the given mode and merge it into the object dest
 * (borrowed, modified in place). Returns 0, or -1 with the bare strvals error
 * ("key \"a\" has no value") in err. For STRVALS_FILE the files are read
 * relative to the cwd ("-" is stdin). */
int strvals_parse_into(enum strvals_mode mode, const char *s, json_t *dest, struct kc_err *err);

/* The Go type name fmt's %T prints for a value under the convention above:
 * "string", "int64", "float64", "bool", "map[string]interface {}",
 * "[]interface {}", or "nil" for NULL/json null. */
const char *chart_go_type(const json_t *v);

/* User-supplied values, as helm's values.Options.MergeValues builds them. */
struct chart_value_opts {
	struct strvec values;      /* -f/--values files, already CSV-split, in order */
	struct strvec set;         /* --set */
	struct strvec set_string;  /* --set-string */
	struct strvec set_json;    /* --set-json */
	struct strvec set_literal; /* --set-literal */
	struct strvec set_file;    /* --set-file */
};
void chart_value_opts_init(struct chart_value_opts *o);
void chart_value_opts_release(struct chart_value_opts *o);

/* -f files in order (maps merged recursively, later wins), then --set-json,
 * --set, --set-string, --set-file, --set-literal. Errors in Helm's words:
 * "failed parsing --set data: key \"a\" has no value",
 * "failed parsing --set-json data a=x", "failed to parse f.yaml: …". */
json_t *chart_merge_user_values(const struct chart_value_opts *o, struct kc_err *err);

/* ---------------------------------------------------------------------------
 * .helmignore (Helm's pkg/ignore).
 */
struct chart_ignore;
/* Go's filepath.Match: 1 match, 0 no match, -1 bad pattern. */
int chart_path_match(const char *pattern, const char *name);
/* Parse the rules of a .helmignore file; NULL + err ("syntax error in pattern",
 * "double-star (**) syntax is not supported"). */
struct chart_ignore *chart_ignore_parse(const char *buf, size_t len, struct kc_err *err);
/* Adds Helm's implicit "templates/.?*" rule. */
void chart_ignore_add_defaults(struct chart_ignore *r);
/* 1 if path (relative, '/'-separated) is ignored. */
int chart_ignore_match(const struct chart_ignore *r, const char *path, int is_dir);
void chart_ignore_free(struct chart_ignore *r);

/* ---------------------------------------------------------------------------
 * Charts (Helm's pkg/chart + pkg/chart/loader).
 */
struct chart_file {
	char *name; /* path inside the chart, '/'-separated ("templates/a.yaml") */
	char *data;
	size_t len;
};

struct chart_files {
	struct chart_file *v;
	size_t nr, alloc;
};

struct chart_maintainer {
	char *name, *email, *url; /* never NULL */
};

/* A Chart.yaml / requirements.yaml dependency (chart.Dependency). Strings are
 * never NULL ("" when unset). */
struct chart_dep {
	char *name, *version, *repository, *condition, *alias;
	struct strvec tags;
	int enabled;
	json_t *import_values; /* array (strings, {child,parent} objects) or NULL */
};

/* Chart.yaml (chart.Metadata). Strings are never NULL. */
struct chart_meta {
	char *name, *home, *version, *description, *icon, *api_version, *condition, *tags,
		*app_version, *kube_version, *type;
	struct strvec sources, keywords;
	struct chart_maintainer **maintainers; /* entries NULL for YAML nulls */
	size_t nmaintainers;
	int deprecated;
	json_t *annotations; /* object of strings, or NULL */
	struct chart_dep **deps; /* entries NULL for YAML nulls (rejected by validation) */
	size_t ndeps;
};

struct chart {
	struct chart_meta *meta;
	json_t *lock;              /* Chart.lock / requirements.lock as decoded, or NULL */
	json_t *values;            /* values.yaml (an object), or NULL without values.yaml */
	char *schema;              /* values.schema.json bytes, or NULL */
	size_t schema_len;
	struct chart_files templates; /* templates/…, in load order */
	struct chart_files files;     /* everything else (.Files), in load order */
	struct chart_files raw;       /* every file as loaded but templates/ (in .templates) */
	struct chart **deps;          /* subcharts */
	size_t ndeps;
	struct chart *parent;         /* borrowed; NULL for the root */
};

/* Load a chart directory or .tgz archive as helm does (loader.Load). Returns a
 * new chart (chart_free) or NULL with Helm's error text in err, e.g.
 * "validation: chart.metadata.name is required",
 * "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 1: …",
 * "Chart.yaml file is missing", "file 'x.tgz' does not appear to be a gzipped archive; got 'text/plain; charset=utf-8'".
 * Warnings Helm logs while loading (deprecated requirements.yaml, symlinks) are
 * appended to warnings (one line each, may be NULL). */
struct chart *chart_load(const char *path, struct strvec *warnings, struct kc_err *err);
/* Load from a gzipped tar held in memory (loader.LoadArchive). */
struct chart *chart_load_archive(const void *buf, size_t len, struct strvec *warnings,
				 struct kc_err *err);
/* Assemble a chart from in-memory files (loader.LoadFiles); takes nothing. */
struct chart *chart_load_files(const struct chart_files *files, struct strvec *warnings,
			       struct kc_err *err);
void chart_free(struct chart *c);
/* Deep copy (subcharts included; parent pointers re-linked; new->parent NULL). */
struct chart *chart_dup(const struct chart *c);

void chart_files_add(struct chart_files *f, const char *name, const void *data, size_t len);
void chart_files_release(struct chart_files *f);

/* "parent.child" and "parent/charts/child" (ChartPath / ChartFullPath); caller frees. */
char *chart_path(const struct chart *c);
char *chart_full_path(const struct chart *c);

/* sigs.k8s.io/yaml turns a YAML number into a string this way when the Go field
 * is a string: FormatFloat(f, 'g', -1, 32) — appVersion: 1.10 becomes "1.1". */
void chart_format_float32(struct strbuf *out, double f);

/* ---------------------------------------------------------------------------
 * Values: coalescing and dependencies (chartutil).
 */
/* CoalesceValues (merge=0: nulls delete keys) / MergeValues (merge=1: nulls
 * kept): the chart's values.yaml (and its subcharts', scoped under their names,
 * with `global` propagated) under vals (borrowed, not modified). New reference,
 * or NULL + err ("type mismatch on sub: %!t(string=x)"). Helm's log warnings
 * ("warning: skipped value for …", "warning: cannot overwrite table …") are
 * appended to warnings (bare, without Helm's "coalesce.go:NNN: " prefix; may be
 * NULL), in sorted key order (Helm's order is Go-map random). */
json_t *chart_coalesce_values(const struct chart *c, json_t *vals, int merge,
			      struct strvec *warnings, struct kc_err *err);
/* coalesceTablesFullKey: src into dst (dst wins), both modified as in Helm. */
void chart_coalesce_tables(struct strvec *warnings, json_t *dst, json_t *src, const char *prefix,
			   int merge);
/* fmt's %v of a value (maps as map[k:v …] with sorted keys, floats as %g). */
void chart_go_sprint(struct strbuf *out, json_t *v);
/* ProcessDependencies (merge=0) / ProcessDependenciesWithMerge (merge=1, what
 * helm template/install use): drops subcharts disabled by condition/tags,
 * applies aliases (subcharts are copied), then imports values (import-values,
 * exports) bottom-up, replacing each chart's values. vals (the user values) is
 * borrowed. 0 or -1 + err. */
int chart_process_dependencies(struct chart *c, json_t *vals, int merge, struct strvec *warnings,
			       struct kc_err *err);
/* The two steps alone (Helm's unit tests exercise them separately). */
int chart_process_dependency_enabled(struct chart *c, json_t *vals, struct strvec *warnings,
				     struct kc_err *err);
int chart_process_import_values(struct chart *c, int merge, struct strvec *warnings,
				struct kc_err *err);

/* ---------------------------------------------------------------------------
 * Render objects. They are JSON views of Go structs; the template engine wraps
 * them with the Go types below (needed for typeOf, printf %v and methods).
 *
 * .Chart   Go type: struct{ chart.Metadata; IsRoot bool } (a copy, not a pointer).
 *          chart_meta_gofields: Go field names (Name Home Sources Version
 *          Description Keywords Maintainers Icon APIVersion Condition Tags
 *          AppVersion Deprecated Annotations KubeVersion Dependencies Type IsRoot),
 *          Sources/Keywords []string, Maintainers []*chart.Maintainer{Name Email
 *          URL}, Annotations map[string]string, Dependencies []*chart.Dependency
 *          {Name Version Repository Condition Tags Enabled ImportValues Alias};
 *          nil slices/maps as json null. chart_meta_to_json: the json tags
 *          (name, apiVersion, …, omitempty) in struct order, plus "IsRoot" —
 *          what toJson/toYaml print for .Chart. is_root < 0 omits IsRoot.
 * .Capabilities  *chartutil.Capabilities: KubeVersion {Version Major Minor}
 *          (methods String/GitVersion return Version), APIVersions
 *          chartutil.VersionSet ([]string, method Has), HelmVersion
 *          version.BuildInfo {Version GitCommit GitTreeState GoVersion} whose json
 *          tags are version, git_commit, git_tree_state, go_version.
 * .Release map[string]interface{}: Name Namespace (string), IsUpgrade IsInstall
 *          (bool), Revision (Go int: json_integer), Service "Helm".
 * .Files   chart->files (engine.files = map[string][]byte).
 */
json_t *chart_meta_gofields(const struct chart_meta *m, int is_root);
json_t *chart_meta_to_json(const struct chart_meta *m, int is_root);

struct chart_kube_version {
	char version[64], major[24], minor[24];
};
/* Defaults of a release helm v3.21.4 binary: v1.36.0, "1", "36". */
void chart_kube_version_default(struct chart_kube_version *kv);
/* --kube-version parsing (chartutil.ParseKubeVersion); error text without the
 * "invalid kube version '…': " prefix the caller adds. */
int chart_parse_kube_version(const char *str, struct chart_kube_version *kv, struct kc_err *err);
/* Default API versions (helmref's list) + extra (-a/--api-versions). */
json_t *chart_capabilities_json(const struct chart_kube_version *kv, const struct strvec *extra_apis);
json_t *chart_release_json(const char *name, const char *ns, long long revision, int is_upgrade);

/* ---------------------------------------------------------------------------
 * Manifests (releaseutil): splitting, install order, hooks.
 */
struct chart_manifest {
	char *path;    /* template path, "mychart/templates/a.yaml" */
	char *content; /* the document, trimmed */
	char *kind;    /* "" if none */
	char *name;    /* metadata.name, "" if none */
	int has_metadata;
	int is_hook;
	int weight;                    /* helm.sh/hook-weight (Atoi, else 0) */
	struct strvec events;          /* helm.sh/hook events ("test-success" → "test") */
	struct strvec delete_policies; /* helm.sh/hook-delete-policy, trimmed, lower-case */
};
struct chart_manifests {
	struct chart_manifest *v;
	size_t nr;
};
void chart_manifests_release(struct chart_manifests *ms);
/* SplitManifests: documents of a rendered file, trimmed, empty ones dropped. */
void chart_split_manifests(const char *big, size_t len, struct strvec *docs);
/* SortManifests over rendered files (name → content; order irrelevant): files
 * whose base name starts with '_' and blank files are skipped; hooks and the
 * other manifests come back sorted by InstallOrder (stable). Error:
 * "YAML parse error on NAME: …". "info: skipping unknown hook: …" goes to
 * warnings. On error the manifests gathered so far are kept. */
int chart_sort_manifests(const struct chart_files *files, struct chart_manifests *hooks,
			 struct chart_manifests *generic, struct strvec *warnings, struct kc_err *err);

/* ---------------------------------------------------------------------------
 * `helm template`, data side. Flow for the CLI:
 *   chart_prepare()  → prepared.chart (dependencies processed) + prepared.top
 *   engine renders every template of prepared.chart with prepared.top (adding
 *   .Files/.Subcharts/.Template per chart) → files "chart/templates/x.yaml"
 *   chart_template_output() → the bytes helm prints on stdout.
 * Errors come without "Error: "; render-phase errors (render_phase_error=1,
 * or chart_template_output's YAML errors) carry Helm's
 * "\n\nUse --debug flag to render out invalid YAML" suffix when the caller
 * adds it (chart_template_output adds it itself unless debug).
 */
struct chart_install_opts {
	const char *release_name; /* "release-name" */
	const char *namespace;    /* "default" */
	int is_upgrade;
	const struct chart_kube_version *kube_version; /* NULL: v1.36.0 */
	struct strvec api_versions;                    /* -a/--api-versions */
	int skip_schema_validation;
	/* release actions (chart/action.c): */
	json_t *vals;          /* borrowed: user values already merged (vo ignored) */
	json_t *chart_values;  /* borrowed: replaces the chart's values.yaml (--reuse-values) */
	long long revision;    /* .Release.Revision (0 = 1) */
};
void chart_install_opts_init(struct chart_install_opts *o);

struct chart_prepared {
	struct chart *chart; /* owned */
	json_t *top;         /* {"Chart","Capabilities","Release","Values"} owned */
	int render_phase_error;
};
void chart_prepared_release(struct chart_prepared *p);
/* LocateChart for local paths: absolute path (new string), or NULL + helm's
 * error ("path \"./x\" not found", "repo x not found"). */
char *chart_locate(const char *name, struct kc_err *err);
/* stderr_lines receives what helm prints on stderr before any error: load and
 * coalesce warnings, "WARNING: This chart is deprecated". */
int chart_prepare(const char *chart_ref, const struct chart_value_opts *vo,
		  const struct chart_install_opts *io, struct chart_prepared *out,
		  struct strvec *stderr_lines, struct kc_err *err);

struct chart_output_opts {
	int include_crds, no_hooks, skip_tests, render_subchart_notes, debug;
	struct strvec show_only;
};
/* rendered: engine output (name → text). out gets stdout; notes (may be NULL)
 * the NOTES text. On a manifest YAML error returns -1 (out holds the --debug
 * dump when o->debug). */
int chart_template_output(const struct chart *c, const struct chart_files *rendered,
			  const struct chart_output_opts *o, struct strbuf *out, struct strbuf *notes,
			  struct strvec *stderr_lines, struct kc_err *err);

/* values.schema.json validation of c and its subcharts against the coalesced
 * values (see chart/schema.c for the supported keywords): 0, or -1 with Helm's report ("empty:\n- at '/age': got string, want
 * integer\n…") appended to report. */
int chart_validate_schemas(const struct chart *c, json_t *values, struct strbuf *report);

/* ---------------------------------------------------------------------------
 * Release records as Helm 3 stores them (pkg/release, storage driver
 * "secret"). Field names and order follow helm.sh/helm/v3/pkg/release; times
 * are helm's pkg/time ("" when zero, RFC3339Nano in the local zone otherwise).
 * Only the root chart is stored (Helm does not serialise subcharts). Hooks'
 * last_run is written as not run. NOTE: checked by round trip only — there is
 * no oracle for these bytes here; gzip output differs from Go's deflate bytes
 * (still valid gzip, so helm can read it).
 */
struct chart_time {
	long long sec;
	long nsec;
};
struct chart_release {
	const char *name, *namespace;
	int version;                 /* revision, 1 for an install */
	const char *status;          /* "deployed", "failed", "pending-install", … */
	const char *description;     /* "Install complete" */
	const char *notes;
	struct chart_time first_deployed, last_deployed, deleted;
	const struct chart *chart;   /* root chart (values.yaml etc.) */
	json_t *config;              /* user-supplied values (-f/--set), not coalesced */
	const char *manifest;        /* generic manifests, "---\n# Source: …\n…\n" joined */
	const struct chart_manifests *hooks;
};
/* chart.Chart as JSON: metadata, lock, templates/files with base64 data,
 * values, schema (base64). */
json_t *chart_chart_json(const struct chart *c);
json_t *chart_release_to_json(const struct chart_release *r);
/* base64(gzip(json.Marshal(release))) — the Secret's data.release bytes. */
void chart_release_encode(const struct chart_release *r, struct strbuf *out);
/* decodeRelease: base64, gunzip when gzip magic, JSON. New reference or NULL. */
json_t *chart_release_decode(const char *data, size_t len, struct kc_err *err);
/* The v1 Secret object (data.release base64-encoded once more, as on the wire),
 * labels createdAt/name/owner=helm/status/version, type helm.sh/release.v1. */
json_t *chart_release_secret(const struct chart_release *r, long long created_at);

/* `helm package` archive (chartutil.Save): writes OUTDIR/NAME-VERSION.tgz
 * (OUTDIR created if missing) and returns its path (caller frees), or NULL +
 * err ("is not a directory: …", "Invalid JSON in values.schema.json"). Entries
 * are ustar, mode 0644, mtime now; the gzip header carries Helm's Extra and
 * "Helm" comment. Chart.yaml is re-marshalled from the metadata (sorted keys). */
char *chart_save(const struct chart *c, const char *outdir, struct kc_err *err);

/* .Files.Glob's matcher (gobwas/glob, '/' separator): 1 match, 0 no match,
 * -1 pattern does not compile (Helm then matches everything, as with "**"). */
int chart_glob_match(const char *pattern, const char *name);

#endif
