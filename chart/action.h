/* chart/action.h: Helm v3's release actions against a cluster — release
 * storage (pkg/storage/driver/secrets.go), the kube client Helm uses
 * (pkg/kube: build, create, three-way update, delete, wait) and the actions
 * (pkg/action: install, upgrade, rollback, uninstall, list, history, status,
 * get, test) with hooks.
 *
 * Releases are held as JSON in Helm's release format (field names and order of
 * helm.sh/helm/v3/pkg/release), exactly what the storage Secret decodes to;
 * they are modified in place (info.status …) and re-encoded.
 *
 * Ownership: functions returning json_t * return a new reference; struct
 * chart_rels owns its entries (chart_rels_release). Errors are Helm's Go error
 * texts without the "Error: " prefix, in struct kc_err (KC_ERR_PLAIN). */
#ifndef KC_CHART_ACTION_H
#define KC_CHART_ACTION_H

#include <jansson.h>

/* chart.h's include guard ends after its first section: include it once */
#ifndef KC_CHART_CHART_H
#include "chart/chart.h"
#endif
#include "client/client.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* ---------------------------------------------------------------- time */

/* helm's pkg/time JSON text: "" for zero, else RFC3339Nano in the local zone. */
json_t *chart_helm_time(const struct chart_time *t);
struct chart_time chart_time_now(void);
/* Parse an RFC3339(Nano) text (as stored). 0 or -1. *off gets the UTC offset
 * in seconds it was written with. */
int chart_time_parse(const char *s, struct chart_time *t, long *off);
/* Go's time.Format(time.ANSIC) of a stored time ("Mon Jan  2 15:04:05 2006",
 * wall clock of its own offset); "" for "". */
void chart_time_ansic(struct strbuf *out, const char *stored);
/* Go's Time.String() of a stored time ("2006-01-02 15:04:05.999999999 -0700 MST"). */
void chart_time_gostring(struct strbuf *out, const char *stored);

/* ---------------------------------------------------------------- configuration */

struct chart_cfg {
	struct kc_client *client;   /* borrowed */
	const char *namespace;      /* release namespace */
	const char *field_manager;  /* "helm" by default */
	int debug;                  /* --debug: log lines go to stderr */
	long long timeout_ms;       /* --timeout (hooks, waits); 0 = 5m */
	int max_history;            /* --history-max: prune on create (0 = keep all) */
	/* hook/test log: "hook NAME (EVENT) ..." is not printed by helm; kept for tests */
	struct strvec *events;      /* optional: "pre-install Job/x created" lines in order */
};
void chart_cfg_init(struct chart_cfg *cfg);
/* helm --debug style log line (stderr when cfg->debug). */
void chart_log(const struct chart_cfg *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- storage (Secrets) */

struct chart_rels {
	json_t **v;      /* release JSON */
	json_t **labels; /* the Secret's labels (object), parallel to v */
	size_t nr, alloc;
};
void chart_rels_release(struct chart_rels *r);
/* Sort by version ascending (releaseutil.SortByRevision). */
void chart_rels_sort_by_revision(struct chart_rels *r);

/* Secrets with labelSelector (owner=helm[,…]) in ns (NULL: all namespaces).
 * Undecodable records are skipped (logged with --debug). Returns how many
 * Secrets matched (decodable or not), or -1. */
int chart_storage_list(const struct chart_cfg *cfg, const char *ns, const char *selector,
		       struct chart_rels *out, struct kc_err *err);
/* History(name): every decodable revision in cfg->namespace (may be none);
 * "release: not found" when no Secret matches at all. */
int chart_storage_history(const struct chart_cfg *cfg, const char *name, struct chart_rels *out,
			  struct kc_err *err);
/* Last(name): the highest revision (new reference) or NULL + err
 * ("release: not found", "no revision for release \"NAME\""). */
json_t *chart_storage_last(const struct chart_cfg *cfg, const char *name, struct kc_err *err);
/* Deployed(name): latest with status deployed, or NULL + "NAME: has no deployed releases". */
json_t *chart_storage_deployed(const struct chart_cfg *cfg, const char *name, struct kc_err *err);
/* Get(name, version): NULL + "release: not found". */
json_t *chart_storage_get(const struct chart_cfg *cfg, const char *name, int version,
			  struct kc_err *err);
/* Create (labels createdAt/name/owner/status/version + custom labels, may be
 * NULL) / Update (modifiedAt) / Delete of sh.helm.release.v1.NAME.vN. */
int chart_storage_create(const struct chart_cfg *cfg, json_t *rel, json_t *custom_labels,
			 struct kc_err *err);
int chart_storage_update(const struct chart_cfg *cfg, json_t *rel, struct kc_err *err);
int chart_storage_delete(const struct chart_cfg *cfg, const char *name, int version,
			 struct kc_err *err);
/* The Secret object Helm's driver writes for rel (data.release as on the wire). */
json_t *chart_storage_secret(json_t *rel, const char *ns, json_t *custom_labels,
			     const char *time_label, long long now);

/* Release JSON accessors. */
const char *chart_rel_name(json_t *rel);
const char *chart_rel_namespace(json_t *rel);
int chart_rel_version(json_t *rel);
const char *chart_rel_status(json_t *rel);
void chart_rel_set_status(json_t *rel, const char *status, const char *description);
/* "NAME-VERSION" of the stored chart (formatChartName), "MISSING" without one. */
void chart_rel_chart_name(json_t *rel, struct strbuf *out);
const char *chart_rel_app_version(json_t *rel);
/* URL query escaping (url.QueryEscape). */
void chart_query_escape(struct strbuf *out, const char *s);
/* A string member of o, "" when absent or not a string (borrowed). */
const char *chart_jstr(json_t *o, const char *key);

/* ---------------------------------------------------------------- kube */

struct chart_res {
	json_t *obj;     /* owned */
	const struct kc_api_resource *api; /* borrowed from discovery */
	char *ns;        /* "" for cluster-scoped */
	char *name;
	char *kind;
	char *gv;        /* apiVersion */
};
struct chart_reslist {
	struct chart_res *v;
	size_t nr, alloc;
};
void chart_reslist_release(struct chart_reslist *l);
/* Append a deep copy of r. */
void chart_reslist_add_copy(struct chart_reslist *l, const struct chart_res *r);

/* Build: split a manifest into objects and map them (namespace defaulted to
 * cfg->namespace for namespaced kinds). Errors as Helm's builder:
 * "resource mapping not found for name: …". */
int chart_kube_build(const struct chart_cfg *cfg, const char *manifest, struct chart_reslist *out,
		     struct kc_err *err);
/* Helm's setMetadataVisitor: label app.kubernetes.io/managed-by=Helm,
 * annotations meta.helm.sh/release-name/-namespace. */
void chart_kube_set_owner(struct chart_reslist *l, const char *rel_name, const char *rel_ns);
/* GET the live object: new reference, NULL + err with err->http_code 404 when absent. */
json_t *chart_kube_get(const struct chart_cfg *cfg, const struct chart_res *r, struct kc_err *err);
int chart_kube_create(const struct chart_cfg *cfg, const struct chart_reslist *l, struct kc_err *err);
/* existingResourceConflict: which resources exist already; error when one is
 * not owned by this release ("Deployment \"x\" in namespace \"ns\" exists and
 * cannot be imported into the current release: invalid ownership metadata; …").
 * adopt (may be NULL) gets copies of the existing ones. */
int chart_kube_conflicts(const struct chart_cfg *cfg, const struct chart_reslist *l,
			 const char *rel_name, const char *rel_ns, struct chart_reslist *adopt,
			 struct kc_err *err);
/* Client.Update: create missing targets, three-way-patch existing ones (or
 * replace with force), delete originals no longer in target unless
 * helm.sh/resource-policy: keep. created (may be NULL) collects what it created. */
int chart_kube_update(const struct chart_cfg *cfg, const struct chart_reslist *original,
		      const struct chart_reslist *target, int force, struct chart_reslist *created,
		      struct kc_err *err);
/* Delete (propagation Background); NotFound is ignored. Errors are joined. */
int chart_kube_delete(const struct chart_cfg *cfg, const struct chart_reslist *l,
		      const char *propagation, struct kc_err *err);
/* WatchUntilReady for hooks: Jobs complete, Pods succeed; others at once. */
int chart_kube_watch_until_ready(const struct chart_cfg *cfg, const struct chart_reslist *l,
				 struct kc_err *err);
/* --wait: Deployments/StatefulSets/DaemonSets/Pods ready (Jobs complete with jobs). */
int chart_kube_wait(const struct chart_cfg *cfg, const struct chart_reslist *l, int jobs,
		    struct kc_err *err);
/* Wait until the objects are gone. */
int chart_kube_wait_for_delete(const struct chart_cfg *cfg, const struct chart_reslist *l,
			       struct kc_err *err);
/* ---------------------------------------------------------------- actions */

/* What `helm upgrade` checks before its action runs (errors not wrapped in
 * "UPGRADE FAILED"): locate the chart, merge the values, load it, its
 * dependencies present (chart/install.c). 0 or -1 + err. */
int chart_precheck(const char *chart_ref, const struct chart_value_opts *vo, struct kc_err *err);
/* KubeClient.IsReachable: GET /version; "Kubernetes cluster unreachable: …". */
int chart_is_reachable(const struct chart_cfg *cfg, struct kc_err *err);
/* chartutil.ValidateReleaseName's pattern and length (chart/install.c). */
int chart_valid_release_name(const char *n);

struct chart_action_opts {
	const char *release_name;
	const char *chart_ref;
	struct chart_value_opts values;
	const char *description;
	const char *dry_run;   /* NULL/"none"/"false": no; "client", "server", "true" */
	int wait, wait_for_jobs, atomic, create_namespace, force, no_hooks, skip_crds;
	int reuse_values, reset_values, reset_then_reuse_values, install; /* upgrade */
	int replace;           /* install: re-use an uninstalled/failed release's name */
	int keep_history;      /* uninstall */
	const char *cascade;   /* uninstall: background|foreground|orphan */
	int render_subchart_notes, skip_schema_validation, take_ownership, cleanup_on_fail;
	int install_crds;      /* set by install: create crds/ before rendering */
	int hide_secret;       /* --hide-secret (dry runs): v1 Secrets left out of the manifest */
	int version;           /* rollback / get --revision: 0 = default */
	json_t *labels;        /* --labels (object of strings) or NULL; borrowed */
	/* --post-renderer: the generic manifests go through it (NULL = none) */
	int (*post_render)(void *ud, const char *in, size_t len, struct strbuf *out, struct kc_err *err);
	void *post_render_ud;
	struct strvec stderr_lines; /* warnings to print before the result */
};
void chart_action_opts_init(struct chart_action_opts *o);
void chart_action_opts_release(struct chart_action_opts *o);

/* The actions return the resulting release (new reference) or NULL + err.
 * Errors keep Helm's wording; the CLI adds "INSTALLATION FAILED: " etc. */
json_t *chart_action_install(const struct chart_cfg *cfg, struct chart_action_opts *o,
			     struct kc_err *err);
json_t *chart_action_upgrade(const struct chart_cfg *cfg, struct chart_action_opts *o,
			     struct kc_err *err);
int chart_action_rollback(const struct chart_cfg *cfg, struct chart_action_opts *o,
			  struct kc_err *err);
/* On success *kept gets "These resources were kept due to the resource policy:\n…"
 * or "" (caller frees). */
json_t *chart_action_uninstall(const struct chart_cfg *cfg, struct chart_action_opts *o,
			       char **kept, struct kc_err *err);
/* releaseContent(name, version 0 = last). */
json_t *chart_action_get(const struct chart_cfg *cfg, const char *name, int version,
			 struct kc_err *err);
/* Run the test hooks (--filter: include/exclude by hook name, may be NULL);
 * returns the release with their last_run — also when a test failed, with
 * err set (check kc_err_isset). */
json_t *chart_action_test(const struct chart_cfg *cfg, const char *name, const struct strvec *include,
			  const struct strvec *exclude, struct kc_err *err);

/* test --logs (ReleaseTesting.GetPodLogs): "POD LOGS: NAME\n" + the log + "\n"
 * for every test hook (by weight, filtered), into out. */
int chart_action_test_logs(const struct chart_cfg *cfg, json_t *rel, const struct strvec *include,
			   const struct strvec *exclude, struct strbuf *out, struct kc_err *err);

enum chart_list_state {
	CHART_LIST_UNKNOWN = 1 << 0,
	CHART_LIST_DEPLOYED = 1 << 1,
	CHART_LIST_UNINSTALLED = 1 << 2,
	CHART_LIST_SUPERSEDED = 1 << 3,
	CHART_LIST_UNINSTALLING = 1 << 4,
	CHART_LIST_PENDING_INSTALL = 1 << 5,
	CHART_LIST_PENDING_UPGRADE = 1 << 6,
	CHART_LIST_PENDING_ROLLBACK = 1 << 7,
	CHART_LIST_FAILED = 1 << 9,
	CHART_LIST_ALL = (1 << 10) - 1,
};
struct chart_list_opts {
	unsigned state_mask;
	int all_namespaces, by_date, reverse;
	long limit, offset;
	const char *filter;    /* PCRE2 (Helm: Go regexp) on the name */
	const char *selector;  /* label selector on the Secret labels (=, ==, !=) */
};
/* List: the sorted releases (latest revision per name unless only superseded). */
int chart_action_list(const struct chart_cfg *cfg, const struct chart_list_opts *o,
		      struct chart_rels *out, struct kc_err *err);

#endif
