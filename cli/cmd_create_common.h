/* cli/: what `create <generator>`, `run` and `expose` share: the print/dry-run
 * flags, sending the generated object, and printing the result as kubectl does. */
#ifndef KC_CLI_CMD_CREATE_COMMON_H
#define KC_CLI_CMD_CREATE_COMMON_H

#include <jansson.h>

#include "cli/kc.h"

struct create_common {
	const char *dry_run;        /* "none" | "client" | "server" | "unchanged" (bare --dry-run) */
	const char *output;
	const char *field_manager;
	const char *validate;
	const char *template_;
	int allow_missing;
	int save_config;
	int show_managed;
	int sort_keys;              /* -o json of unstructured objects (-f): keys sorted */
	const char *subresource;    /* replace --subresource (NULL or "" = none) */
};

#define CREATE_COMMON_INIT(fm) { "none", "", (fm), "strict", "", 1, 0, 0, 0, NULL }

/* The flags every generator has (pass the command's usage macros' prefix texts). */
#define CREATE_COMMON_OPTS(co, P) \
	OPT_BOOL("allow-missing-template-keys", 0, &(co).allow_missing, P##_ALLOW_MISSING_TEMPLATE_KEYS), \
	{ OPT_T_STRING, "dry-run", 0, &(co).dry_run, P##_DRY_RUN, "unchanged", 0, NULL, NULL }, \
	OPT_STRING("field-manager", 0, &(co).field_manager, P##_FIELD_MANAGER), \
	OPT_STRING("output", 'o', &(co).output, P##_OUTPUT), \
	OPT_BOOL("save-config", 0, &(co).save_config, P##_SAVE_CONFIG), \
	OPT_BOOL("show-managed-fields", 0, &(co).show_managed, P##_SHOW_MANAGED_FIELDS), \
	OPT_STRING("template", 0, &(co).template_, P##_TEMPLATE)

#define CREATE_VALIDATE_OPT(co, P) \
	{ OPT_T_STRING, "validate", 0, &(co).validate, P##_VALIDATE, "strict", 0, NULL, NULL }

/* Check --dry-run, --validate and -o (kubectl's order and words). 0 or -1. */
int create_common_check(struct create_common *co, struct kc_err *err);

/* "error: MSG\nSee 'kubectl CMD -h' for help and examples" (cmdutil.UsageErrorf). */
int create_usage_error(struct kc_ctx *ctx, struct kc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The namespace and whether -n gave it. New string. */
char *create_namespace(struct kc_ctx *ctx, int *explicit_ns, struct kc_err *err);

/* Send obj (POST to the collection of gvr — "apps/v1/deployments", "v1/pods" —
 * in ns when namespaced, unless --dry-run=client; no discovery, as kubectl) and
 * print the outcome ("deployment.apps/nginx created", -o …). fail_fmt wraps a
 * server error's message ("failed to create deployment: %s"), NULL = kubectl's
 * "Error from server (…)". verb is "created" or "exposed". Steals obj. */
int create_send(struct kc_ctx *ctx, struct create_common *co, json_t *obj, const char *gvr,
		int namespaced, const char *ns, const char *fail_fmt, const char *verb, struct kc_err *err);

/* Print obj (borrowed; managedFields dropped unless --show-managed-fields) as
 * the command prints a result: "KIND.GROUP/NAME VERB[ (dry run)]" or -o. 0 or -1. */
int create_print_obj(struct create_common *co, json_t *obj, const char *verb, struct kc_err *err);

/* create -f / replace -f (cli/cmd_create.c): read, validate and map the
 * objects as kubectl's builder, then POST each (CREATE_MODE_CREATE), PUT it
 * (CREATE_MODE_REPLACE: with the server's resourceVersion when the file has
 * none, as Helper.Replace), or POST it without resourceVersion after a delete
 * (CREATE_MODE_FORCE_REPLACE: errors without the source, as kubectl's
 * forceReplace), printing "KIND/NAME created|replaced" or -o. 0 or -1 + err. */
enum { CREATE_MODE_CREATE, CREATE_MODE_REPLACE, CREATE_MODE_FORCE_REPLACE };
int create_from_files(struct kc_ctx *ctx, struct create_common *co, struct strvec *files,
		      int recursive, int mode, struct kc_err *err);

/* create role / clusterrole (cli/cmd_create_role.c). */
int kc_cmd_create_role(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int kc_cmd_create_clusterrole(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

#endif
