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

#endif

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
	struct chart_files raw;       /* every file as loaded */
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
