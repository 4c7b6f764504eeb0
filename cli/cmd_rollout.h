/* cli/: what rollout, set and edit share — kubectl's resource builder for
 * (TYPE NAME… | TYPE/NAME… | TYPE -l SEL | -f FILE) with Latest() and
 * ContinueOnError(), and the "deployment.apps/web VERB" / -o printer. */
#ifndef KC_CLI_CMD_ROLLOUT_H
#define KC_CLI_CMD_ROLLOUT_H

#include <jansson.h>

#include "cli/kc.h"
#include "client/client.h"

struct ro_target {
	const struct kc_api_resource *res; /* borrowed from the client's discovery */
	char *ns;                          /* the object's namespace ("" if cluster-scoped) */
	json_t *obj;                       /* the object as the server returned it (owned) */
};

struct ro_targets {
	struct ro_target *v;
	size_t n, alloc;
	struct strbuf errs;  /* errors of single objects (NotFound …), one per line */
	int nerrs;           /* how many */
	int only_plain;      /* the one error is a plain one ("error: " goes first) */
	char *ns;            /* the command's namespace */
	struct kc_client *client; /* borrowed */
	struct kc_api_resource **local; /* --local: resources made up from the objects */
	size_t nlocal;
};

#define RO_TARGETS_INIT { NULL, 0, 0, STRBUF_INIT, 0, 0, NULL, NULL, NULL, 0 }

struct ro_select {
	const struct strvec *args;
	const struct strvec *files;
	int recursive;
	const char *selector;
	int all;              /* --all (set image) */
	int local;            /* --local: objects from -f only, no server */
	int require_name;     /* TYPE alone needs a selector (ResourceTypeOrNameArgs(false)) */
};

/* Resolve and GET every object. -1 + err on a fatal error (no client,
 * unknown type, bad arguments); per-object failures go to t->errs. */
int ro_resolve(struct kc_ctx *ctx, const struct ro_select *sel, struct ro_targets *t,
	       struct kc_err *err);
void ro_targets_release(struct ro_targets *t);

/* "deployment.apps/web" for a target. */
void ro_kind_name(struct strbuf *sb, const struct kc_api_resource *res, const json_t *obj);
/* The kind of a resource as Go's GroupKind.String() prints it ("Deployment.apps"). */
void ro_group_kind(struct strbuf *sb, const struct kc_api_resource *res);

/* Print obj for -o (json, yaml, name, jsonpath…, go-template…), or the
 * "kind.group/name OPERATION" line when output is "". 0 or -1 + err. */
int ro_print(const struct kc_api_resource *res, json_t *obj, const char *output,
	     const char *template_arg, int allow_missing, int show_managed, const char *operation,
	     struct kc_err *err);

/* Collect one object's error (kubectl's ContinueOnError aggregate). */
void ro_add_err(struct ro_targets *t, const struct kc_err *e);

/* Finish: errors collected in t->errs become err (KC_ERR_RAW). Returns ret or -1. */
int ro_finish(struct ro_targets *t, int ret, struct kc_err *err);

/* PATCH an object (content type "application/strategic-merge-patch+json",
 * "application/json-patch+json" …) with fieldManager and dryRun as kubectl
 * sends them. Returns the patched object (new) or NULL + err. */
json_t *ro_patch(struct kc_client *c, const struct ro_target *t, const char *content_type,
		 const char *body, const char *field_manager, int server_dry_run, struct kc_err *err);

#endif
