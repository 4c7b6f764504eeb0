/* cli/: what `apply` and `diff` share: reading and mapping the -f objects as
 * kubectl's resource builder does, and the per-object apply engine. */
#ifndef KC_CLI_CMD_APPLY_H
#define KC_CLI_CMD_APPLY_H

#include <jansson.h>

#include "cli/kc.h"
#include "client/client.h"
#include "kube/manifest.h"

struct apply_obj {
	json_t *obj;             /* the configuration (owned); namespace filled in */
	const char *source;      /* borrowed from the manifest */
	const struct kc_api_resource *res;
	char *group, *version;   /* of the object's apiVersion */
	char *ns;                /* "" when cluster-scoped */
	const char *name;        /* borrowed from obj ("" if none) */
	int wave;                /* namespaces and CRDs first; duplicates later */
	json_t *live;            /* the object on the server (GET), or NULL */
	json_t *out;             /* what to print */
	const char *verb;        /* "created", "configured", "unchanged", "serverside-applied" */
	char *patch;             /* the patch sent (client-side apply) or NULL */
	const char *patch_type;  /* its Content-Type */
	struct kc_err err;
	char *agg;               /* how err reads inside an aggregate, when that differs */
	int failed;
};

struct apply_set {
	struct apply_obj *v;
	size_t n;
	struct kc_err load_err;  /* reading/mapping error (kubectl's builder error), if any */
	int load_failed;
	int load_nmsg;           /* messages in load_err (validation errors of several files) */
	char *load_agg;          /* the same messages joined with ", " (kubectl's aggregate), malloc'd */
};

struct apply_opts {
	const char *dry_run;     /* "none", "client", "server" */
	const char *field_manager;
	const char *validate;    /* strict, true, warn, ignore, false */
	int server_side, force_conflicts, overwrite;
	const char *ns;          /* default namespace */
	int explicit_ns;
	const char *prog;        /* "kubectl" or "kc" */
	const char *selector;    /* -l: only objects whose labels match (NULL/"" = all) */
	int first_error_only;    /* the command stops at the builder's first error (diff) */
};

/* Does a label map match a kubectl label selector ("a=b,c!=d,e,!f,g in (x,y),
 * h notin (z)")? 1 yes, 0 no, -1 + err on a malformed selector. */
int apply_labels_match(const char *selector, const json_t *labels, struct kc_err *err);

/* Read the files and map every object (discovery; a miss re-discovers once).
 * Reading or mapping errors end the list there (kubectl acts on the objects
 * before) and are kept in set->load_err. Returns -1 only when nothing can be
 * done at all (err set: no client, or discovery failed). */
int apply_load(struct kc_client *c, const struct strvec *files, int recursive,
	       const struct apply_opts *o, struct apply_set *set, struct kc_err *err);
void apply_set_release(struct apply_set *set);

/* Apply every object of the set (waves in parallel); per-object results in
 * set->v[i] (verb/out or err). */
void apply_run(struct kc_client *c, const struct apply_opts *o, struct apply_set *set);

/* "deployment.apps/web" of an object (its kind lower-cased and apiVersion's group). */
void apply_kind_name(struct strbuf *sb, const json_t *obj);
/* kubectl's resource.Info String(): "Resource: \"apps/v1, Resource=deployments\", …". */
void apply_info_string(struct strbuf *sb, const struct apply_obj *a);
/* "/apis/apps/v1/namespaces/NS/deployments/NAME?dryRun=All&fieldManager=…" */
char *apply_object_path(const struct apply_obj *a, int with_name, const char *dry_run,
			const char *field_manager, const char *validate, const char *force);

/* The error for one failed request about a, kubectl's AddSourceToErr: a Status
 * message gets "error when VERB \"SOURCE\": " in front. */
int apply_status_error(const struct kc_response *resp, struct apply_obj *a,
		       const char *hint_verb, const char *prefix, struct kc_err *err);

/* Errors of the run in kubectl's order (builder error first), framed as kubectl
 * prints one error or an aggregate. 0 if there were none. */
int apply_collect_errors(struct apply_set *set, struct kc_err *err);

/* --prune: kubectl's allowlist entries, the default list, and the walk over
 * the objects a prune would delete (objects with the last-applied annotation,
 * matching selector, uid not in uids), fn called with each (apiVersion and
 * kind set, as the dynamic client returns list items). */
struct prune_gvk {
	const char *group, *version, *kind;
	int namespaced;
};
extern const struct prune_gvk apply_default_prune[];
int apply_prune_parse_allowlist(struct kc_client *c, const struct strvec *allow,
				struct prune_gvk **out, size_t *nout, struct kc_err *err);
typedef int (*apply_prune_fn)(void *ud, const struct kc_api_resource *r, const char *ns,
			      json_t *obj, struct kc_err *err);
int apply_prune_visit(struct kc_client *c, const struct strvec *nss,
		      const struct prune_gvk *types, size_t nt, const char *selector,
		      const struct strvec *uids, apply_prune_fn fn, void *ud, struct kc_err *err);

int cmd_apply_view_last_applied(struct kc_ctx *ctx, int argc, const char **argv,
				struct kc_err *err);

/* Discovery for the objects of -f. When it fails in transport, kubectl's
 * builder never got that far: with validation on (strict, true, warn) fetching
 * the OpenAPI schema failed first (one error, nothing logged); without, each
 * object fails to map ("unable to recognize", one memcache line each; only
 * the first with first_error_only). That
 * error goes to load_err (NULL returned; print it as the builder's error);
 * other failures: NULL with err. */
const struct kc_discovery *apply_discovery(struct kc_client *c, const struct kc_manifest *m,
					   const char *validate, int first_error_only,
					   struct kc_err *load_err, struct kc_err *err);

#endif
