/* kc create <generator>: deployment, namespace, configmap, secret generic,
 * service clusterip|nodeport|loadbalancer|externalname, serviceaccount, job,
 * cronjob, poddisruptionbudget, priorityclass, rolebinding, clusterrolebinding.
 * Objects from kube/generate.h; sending and printing in cmd_create_common.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_create_common.h"
#include "cli/cmd_create_help.h"
#include "cli/kc.h"
#include "kube/generate.h"

#define HELP(ID) { .use = HELP_##ID##_USE, .long_ = HELP_##ID##_LONG, .example = HELP_##ID##_EXAMPLE }
#define HELPA(ID) { .use = HELP_##ID##_USE, .aliases = HELP_##ID##_ALIASES, .long_ = HELP_##ID##_LONG, \
		    .example = HELP_##ID##_EXAMPLE }

/* Parse, then: exactly one NAME, the common checks, the namespace. 1 = help shown. */
static int prologue(struct kc_ctx *ctx, int argc, const char **argv, const struct kc_option *opts,
		    const struct kc_cmd_help *help, struct strvec *args, struct create_common *co,
		    const char *required, const int *required_set, char **ns, int *explicit_ns, struct kc_err *err)
{
	int rc = kc_parse_options(ctx, argc, argv, opts, help, args, err);
	if (rc)
		return rc;
	if (required && !*required_set)
		return kc_err_set(err, "required flag(s) \"%s\" not set", required);
	if (args->nr != 1)
		return create_usage_error(ctx, err, "exactly one NAME is required, got %zu", args->nr);
	if (create_common_check(co, err) < 0)
		return -1;
	*ns = create_namespace(ctx, explicit_ns, err);
	return *ns ? 0 : -1;
}

static int finish(int rc, struct strvec *args, char *ns)
{
	strvec_clear(args);
	free(ns);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- deployment */

static int cmd_create_deployment(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_DEPLOYMENT);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec images = STRVEC_INIT;
	int port = -1;
	int replicas = 1;
	int image_set = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_DEPLOYMENT),
		CREATE_VALIDATE_OPT(co, U_CREATE_DEPLOYMENT),
		{ OPT_T_STRSLICE, "image", 0, &images, U_CREATE_DEPLOYMENT_IMAGE, NULL, 0, &image_set, NULL },
		OPT_INT32("port", 0, &port, U_CREATE_DEPLOYMENT_PORT),
		OPT_INT32("replicas", 'r', &replicas, U_CREATE_DEPLOYMENT_REPLICAS),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	/* "NAME --image=x -- COMMAND…": words after "--" are the command */
	int dash = argc;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dash = i;
			break;
		}
	struct strvec command = STRVEC_INIT;
	for (int i = dash + 1; i < argc; i++)
		strvec_push(&command, argv[i]);
	int rc = prologue(ctx, dash, argv, opts, &help, &args, &co, "image", &image_set, &ns,
			  &explicit_ns, err);
	if (rc == 0 && images.nr > 1 && command.nr)
		rc = kc_err_set(err, "cannot specify multiple --image options and command");
	if (rc == 0) {
		json_t *obj = gen_deployment(args.v[0], explicit_ns ? ns : NULL, &images, replicas, port,
					     &command);
		rc = create_send(ctx, &co, obj, "apps/v1/deployments", 1, ns,
				 "failed to create deployment: %s", "created", err);
	}
	strvec_clear(&images);
	strvec_clear(&command);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- namespace */

static int cmd_create_namespace(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_NAMESPACE);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_NAMESPACE),
		CREATE_VALIDATE_OPT(co, U_CREATE_NAMESPACE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0)
		rc = create_send(ctx, &co, gen_namespace(args.v[0]), "v1/namespaces", 0, NULL, NULL,
				 "created", err);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- serviceaccount */

static int cmd_create_serviceaccount(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_SERVICEACCOUNT);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SERVICEACCOUNT),
		CREATE_VALIDATE_OPT(co, U_CREATE_SERVICEACCOUNT),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0)
		rc = create_send(ctx, &co, gen_serviceaccount(args.v[0], explicit_ns ? ns : NULL),
				 "v1/serviceaccounts", 1, ns, "failed to create serviceaccount: %s", "created", err);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- configmap / secret */

static int cmd_create_configmap(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_CONFIGMAP);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec lit = STRVEC_INIT, files = STRVEC_INIT, envs = STRVEC_INIT;
	int append_hash = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_CONFIGMAP),
		CREATE_VALIDATE_OPT(co, U_CREATE_CONFIGMAP),
		OPT_BOOL("append-hash", 0, &append_hash, U_CREATE_CONFIGMAP_APPEND_HASH),
		OPT_STRSLICE("from-env-file", 0, &envs, U_CREATE_CONFIGMAP_FROM_ENV_FILE),
		OPT_STRSLICE("from-file", 0, &files, U_CREATE_CONFIGMAP_FROM_FILE),
		OPT_STRARRAY("from-literal", 0, &lit, U_CREATE_CONFIGMAP_FROM_LITERAL),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && append_hash)
		rc = kc_err_set(err, "--append-hash is not supported by kc yet");
	if (rc == 0) {
		struct gen_sources src = { &lit, &files, &envs };
		json_t *obj = gen_configmap(args.v[0], explicit_ns ? ns : NULL, &src, err);
		rc = obj ? create_send(ctx, &co, obj, "v1/configmaps", 1, ns, "failed to create configmap: %s",
				       "created", err) : -1;
	}
	strvec_clear(&lit);
	strvec_clear(&files);
	strvec_clear(&envs);
	return finish(rc, &args, ns);
}

static int cmd_create_secret_generic(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SECRET_GENERIC);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec lit = STRVEC_INIT, files = STRVEC_INIT, envs = STRVEC_INIT;
	int append_hash = 0;
	const char *type = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SECRET_GENERIC),
		CREATE_VALIDATE_OPT(co, U_CREATE_SECRET_GENERIC),
		OPT_BOOL("append-hash", 0, &append_hash, U_CREATE_SECRET_GENERIC_APPEND_HASH),
		OPT_STRSLICE("from-env-file", 0, &envs, U_CREATE_SECRET_GENERIC_FROM_ENV_FILE),
		OPT_STRSLICE("from-file", 0, &files, U_CREATE_SECRET_GENERIC_FROM_FILE),
		OPT_STRARRAY("from-literal", 0, &lit, U_CREATE_SECRET_GENERIC_FROM_LITERAL),
		OPT_STRING("type", 0, &type, U_CREATE_SECRET_GENERIC_TYPE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && append_hash)
		rc = kc_err_set(err, "--append-hash is not supported by kc yet");
	if (rc == 0) {
		struct gen_sources src = { &lit, &files, &envs };
		json_t *obj = gen_secret_generic(args.v[0], explicit_ns ? ns : NULL, type, &src, err);
		rc = obj ? create_send(ctx, &co, obj, "v1/secrets", 1, ns, "failed to create secret %s",
				       "created", err) : -1;
	}
	strvec_clear(&lit);
	strvec_clear(&files);
	strvec_clear(&envs);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- services */

static int create_service(struct kc_ctx *ctx, int argc, const char **argv, const char *type,
			  const struct kc_cmd_help *help, const struct kc_option *opts,
			  struct create_common *co, struct strvec *tcp, const char *const *cip,
			  const long *node_port, const char *const *ext, const int *ext_set,
			  struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, help, &args, co,
			  !strcmp(type, "ExternalName") ? "external-name" : NULL, ext_set, &ns,
			  &explicit_ns, err);
	const char *cluster_ip = cip ? *cip : NULL, *external_name = ext ? *ext : NULL;
	if (rc == 0 && !tcp->nr && strcmp(type, "ExternalName") &&
	    !(cluster_ip && !strcmp(cluster_ip, "None")))
		rc = kc_err_set(err, "at least one tcp port specifier must be provided");
	if (rc == 0) {
		json_t *obj = gen_service(type, args.v[0], explicit_ns ? ns : NULL, tcp, cluster_ip,
					  node_port ? *node_port : 0, external_name, err);
		struct strbuf f = STRBUF_INIT;
		strbuf_addf(&f, "failed to create %s service: %%s", type);
		rc = obj ? create_send(ctx, co, obj, "v1/services", 1, ns, f.buf, "created", err) : -1;
		strbuf_release(&f);
	}
	strvec_clear(tcp);
	return finish(rc, &args, ns);
}

static int cmd_create_service_clusterip(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SERVICE_CLUSTERIP);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec tcp = STRVEC_INIT;
	const char *cip = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SERVICE_CLUSTERIP),
		CREATE_VALIDATE_OPT(co, U_CREATE_SERVICE_CLUSTERIP),
		OPT_STRING("clusterip", 0, &cip, U_CREATE_SERVICE_CLUSTERIP_CLUSTERIP),
		OPT_STRSLICE("tcp", 0, &tcp, U_CREATE_SERVICE_CLUSTERIP_TCP),
		OPT_END(),
	};
	return create_service(ctx, argc, argv, "ClusterIP", &help, opts, &co, &tcp, &cip, NULL, NULL, NULL, err);
}

static int cmd_create_service_nodeport(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SERVICE_NODEPORT);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec tcp = STRVEC_INIT;
	long np = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SERVICE_NODEPORT),
		CREATE_VALIDATE_OPT(co, U_CREATE_SERVICE_NODEPORT),
		OPT_INT("node-port", 0, &np, U_CREATE_SERVICE_NODEPORT_NODE_PORT),
		OPT_STRSLICE("tcp", 0, &tcp, U_CREATE_SERVICE_NODEPORT_TCP),
		OPT_END(),
	};
	return create_service(ctx, argc, argv, "NodePort", &help, opts, &co, &tcp, NULL, &np, NULL, NULL, err);
}

static int cmd_create_service_loadbalancer(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SERVICE_LOADBALANCER);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec tcp = STRVEC_INIT;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SERVICE_LOADBALANCER),
		CREATE_VALIDATE_OPT(co, U_CREATE_SERVICE_LOADBALANCER),
		OPT_STRSLICE("tcp", 0, &tcp, U_CREATE_SERVICE_LOADBALANCER_TCP),
		OPT_END(),
	};
	return create_service(ctx, argc, argv, "LoadBalancer", &help, opts, &co, &tcp, NULL, NULL, NULL, NULL, err);
}

static int cmd_create_service_externalname(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SERVICE_EXTERNALNAME);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec tcp = STRVEC_INIT;
	const char *ext = "";
	int ext_set = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SERVICE_EXTERNALNAME),
		CREATE_VALIDATE_OPT(co, U_CREATE_SERVICE_EXTERNALNAME),
		{ OPT_T_STRING, "external-name", 0, &ext, U_CREATE_SERVICE_EXTERNALNAME_EXTERNAL_NAME, NULL, 0, &ext_set, NULL },
		OPT_STRSLICE("tcp", 0, &tcp, U_CREATE_SERVICE_EXTERNALNAME_TCP),
		OPT_END(),
	};
	return create_service(ctx, argc, argv, "ExternalName", &help, opts, &co, &tcp, NULL, NULL, &ext,
			      &ext_set, err);
}

/* ---------------------------------------------------------------- job, cronjob */

static int split_command(int argc, const char **argv, struct strvec *command)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			for (int j = i + 1; j < argc; j++)
				strvec_push(command, argv[j]);
			return i;
		}
	return argc;
}

static int cmd_create_job(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_JOB);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *image = "", *from = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_JOB),
		CREATE_VALIDATE_OPT(co, U_CREATE_JOB),
		OPT_STRING("from", 0, &from, U_CREATE_JOB_FROM),
		OPT_STRING("image", 0, &image, U_CREATE_JOB_IMAGE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, command = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int dash = split_command(argc, argv, &command);
	int rc = prologue(ctx, dash, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && !*image == !*from)
		rc = kc_err_set(err, "either --image or --from must be specified");
	if (rc == 0 && *from)
		rc = kc_err_set(err, "kc: create job --from is not implemented yet");
	if (rc == 0)
		rc = create_send(ctx, &co, gen_job(args.v[0], explicit_ns ? ns : NULL, image, &command),
				 "batch/v1/jobs", 1, ns, "failed to create job: %s", "created", err);
	strvec_clear(&command);
	return finish(rc, &args, ns);
}

static int cmd_create_cronjob(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_CRONJOB);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *image = "", *schedule = "", *restart = "";
	int image_set = 0, schedule_set = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_CRONJOB),
		CREATE_VALIDATE_OPT(co, U_CREATE_CRONJOB),
		{ OPT_T_STRING, "image", 0, &image, U_CREATE_CRONJOB_IMAGE, NULL, 0, &image_set, NULL },
		OPT_STRING("restart", 0, &restart, U_CREATE_CRONJOB_RESTART),
		{ OPT_T_STRING, "schedule", 0, &schedule, U_CREATE_CRONJOB_SCHEDULE, NULL, 0, &schedule_set, NULL },
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, command = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int dash = split_command(argc, argv, &command);
	int rc = kc_parse_options(ctx, dash, argv, opts, &help, &args, err);
	if (rc == 0 && (!image_set || !schedule_set))
		rc = kc_err_set(err, "required flag(s) %s%s%s not set", !image_set ? "\"image\"" : "",
				!image_set && !schedule_set ? ", " : "", !schedule_set ? "\"schedule\"" : "");
	if (rc == 0) {
		strvec_clear(&args);
		int one = 1; /* parsed again by prologue: no array flags here */
		rc = prologue(ctx, dash, argv, opts, &help, &args, &co, NULL, &one, &ns, &explicit_ns, err);
	}
	if (rc == 0)
		rc = create_send(ctx, &co, gen_cronjob(args.v[0], explicit_ns ? ns : NULL, image, schedule,
						       restart, &command),
				 "batch/v1/cronjobs", 1, ns, "failed to create cronjob: %s", "created", err);
	strvec_clear(&command);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- pdb, priorityclass */

static int cmd_create_pdb(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_PDB);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *selector = "", *min = "", *max = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_PDB),
		CREATE_VALIDATE_OPT(co, U_CREATE_PDB),
		OPT_STRING("max-unavailable", 0, &max, U_CREATE_PDB_MAX_UNAVAILABLE),
		OPT_STRING("min-available", 0, &min, U_CREATE_PDB_MIN_AVAILABLE),
		OPT_STRING("selector", 0, &selector, U_CREATE_PDB_SELECTOR),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && !*selector)
		rc = kc_err_set(err, "a selector must be specified");
	if (rc == 0 && !*min && !*max)
		rc = kc_err_set(err, "one of min-available or max-unavailable must be specified");
	if (rc == 0 && *min && *max)
		rc = kc_err_set(err, "min-available and max-unavailable cannot be both specified");
	if (rc == 0) {
		json_t *obj = gen_pdb(args.v[0], explicit_ns ? ns : NULL, selector, min, max, err);
		rc = obj ? create_send(ctx, &co, obj, "policy/v1/poddisruptionbudgets", 1, ns,
				       "failed to create poddisruptionbudgets: %s", "created", err) : -1;
	}
	return finish(rc, &args, ns);
}

static int cmd_create_priorityclass(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_PRIORITYCLASS);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *description = "", *preemption = "PreemptLowerPriority";
	int global_default = 0;
	int value = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_PRIORITYCLASS),
		CREATE_VALIDATE_OPT(co, U_CREATE_PRIORITYCLASS),
		OPT_STRING("description", 0, &description, U_CREATE_PRIORITYCLASS_DESCRIPTION),
		OPT_BOOL("global-default", 0, &global_default, U_CREATE_PRIORITYCLASS_GLOBAL_DEFAULT),
		OPT_STRING("preemption-policy", 0, &preemption, U_CREATE_PRIORITYCLASS_PREEMPTION_POLICY),
		OPT_INT32("value", 0, &value, U_CREATE_PRIORITYCLASS_VALUE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0)
		rc = create_send(ctx, &co, gen_priorityclass(args.v[0], value, global_default, description,
							     preemption),
				 "scheduling.k8s.io/v1/priorityclasses", 0, NULL,
				 "failed to create priorityclass: %s", "created", err);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- rbac bindings */

static int cmd_create_rolebinding(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_ROLEBINDING);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *role = "", *clusterrole = "";
	struct strvec users = STRVEC_INIT, groups = STRVEC_INIT, sas = STRVEC_INIT;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_ROLEBINDING),
		CREATE_VALIDATE_OPT(co, U_CREATE_ROLEBINDING),
		OPT_STRING("clusterrole", 0, &clusterrole, U_CREATE_ROLEBINDING_CLUSTERROLE),
		OPT_STRARRAY("group", 0, &groups, U_CREATE_ROLEBINDING_GROUP),
		OPT_STRING("role", 0, &role, U_CREATE_ROLEBINDING_ROLE),
		OPT_STRARRAY("serviceaccount", 0, &sas, U_CREATE_ROLEBINDING_SERVICEACCOUNT),
		OPT_STRARRAY("user", 0, &users, U_CREATE_ROLEBINDING_USER),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && !*role == !*clusterrole)
		rc = kc_err_set(err, "exactly one of clusterrole or role must be specified");
	if (rc == 0) {
		json_t *obj = gen_rolebinding("RoleBinding", args.v[0], explicit_ns ? ns : NULL,
					      *role ? "Role" : "ClusterRole", *role ? role : clusterrole,
					      &users, &groups, &sas, err);
		rc = obj ? create_send(ctx, &co, obj, "rbac.authorization.k8s.io/v1/rolebindings", 1, ns,
				       "failed to create rolebinding: %s", "created", err) : -1;
	}
	strvec_clear(&users);
	strvec_clear(&groups);
	strvec_clear(&sas);
	return finish(rc, &args, ns);
}

static int cmd_create_clusterrolebinding(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_CLUSTERROLEBINDING);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *clusterrole = "";
	int cr_set = 0;
	struct strvec users = STRVEC_INIT, groups = STRVEC_INIT, sas = STRVEC_INIT;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_CLUSTERROLEBINDING),
		CREATE_VALIDATE_OPT(co, U_CREATE_CLUSTERROLEBINDING),
		{ OPT_T_STRING, "clusterrole", 0, &clusterrole, U_CREATE_CLUSTERROLEBINDING_CLUSTERROLE, NULL, 0, &cr_set, NULL },
		OPT_STRARRAY("group", 0, &groups, U_CREATE_CLUSTERROLEBINDING_GROUP),
		OPT_STRARRAY("serviceaccount", 0, &sas, U_CREATE_CLUSTERROLEBINDING_SERVICEACCOUNT),
		OPT_STRARRAY("user", 0, &users, U_CREATE_CLUSTERROLEBINDING_USER),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, "clusterrole", &cr_set, &ns,
			  &explicit_ns, err);
	if (rc == 0) {
		json_t *obj = gen_rolebinding("ClusterRoleBinding", args.v[0], NULL, "ClusterRole",
					      clusterrole, &users, &groups, &sas, err);
		rc = obj ? create_send(ctx, &co, obj, "rbac.authorization.k8s.io/v1/clusterrolebindings", 0,
				       NULL, "failed to create clusterrolebinding: %s", "created", err) : -1;
	}
	strvec_clear(&users);
	strvec_clear(&groups);
	strvec_clear(&sas);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- groups */

static const struct kc_cmd_help help_service = {
	.use = "create service [flags]",
	.aliases = "service, svc",
	.long_ = "Create a service using a specified subcommand.",
	.subcommands =
		"  clusterip      Create a ClusterIP service\n"
		"  externalname   Create an ExternalName service\n"
		"  loadbalancer   Create a LoadBalancer service\n"
		"  nodeport       Create a NodePort service",
};

static const struct kc_cmd_help help_secret = {
	.use = "create secret (docker-registry | generic | tls)",
	.long_ = "Create a secret with specified type.\n\n"
		 " A docker-registry type secret is for accessing a container registry.\n\n"
		 " A generic type secret indicate an Opaque secret type.\n\n"
		 " A tls type secret holds TLS certificate and its associated key.",
	.subcommands =
		"  docker-registry   Create a secret for use with a Docker registry\n"
		"  generic           Create a secret from a local file, directory, or literal value\n"
		"  tls               Create a TLS secret",
};

/* A group called without a sub-command: its help on stderr, exit 1; with an
 * unknown word: "unknown command". */
static int group(struct kc_ctx *ctx, int argc, const char **argv, const struct kc_cmd_help *help,
		 struct kc_err *err)
{
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const struct kc_option opts[] = { OPT_END() };
	(void)co;
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, opts, help, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (!args.nr) {
		fflush(stdout);
		kc_print_help(ctx, stderr, opts, help);
		strvec_clear(&args);
		return 1;
	}
	create_usage_error(ctx, err, "unknown command \"%s\"", args.v[0]);
	strvec_clear(&args);
	return -1;
}

static int cmd_create_service(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return group(ctx, argc, argv, &help_service, err);
}

static int cmd_create_secret(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return group(ctx, argc, argv, &help_secret, err);
}

static const struct kc_cmd create_secret_cmds[] = {
	{ "generic", cmd_create_secret_generic, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct kc_cmd create_service_cmds[] = {
	{ "clusterip", cmd_create_service_clusterip, NULL, NULL, NULL },
	{ "externalname", cmd_create_service_externalname, NULL, NULL, NULL },
	{ "loadbalancer", cmd_create_service_loadbalancer, NULL, NULL, NULL },
	{ "nodeport", cmd_create_service_nodeport, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct kc_cmd kc_create_cmds[] = {
	{ "clusterrolebinding", cmd_create_clusterrolebinding, NULL, NULL, NULL },
	{ "configmap", cmd_create_configmap, NULL, "cm", NULL },
	{ "cronjob", cmd_create_cronjob, NULL, "cj", NULL },
	{ "deployment", cmd_create_deployment, NULL, "deploy", NULL },
	{ "job", cmd_create_job, NULL, NULL, NULL },
	{ "namespace", cmd_create_namespace, NULL, "ns", NULL },
	{ "poddisruptionbudget", cmd_create_pdb, NULL, "pdb", NULL },
	{ "priorityclass", cmd_create_priorityclass, NULL, "pc", NULL },
	{ "rolebinding", cmd_create_rolebinding, NULL, NULL, NULL },
	{ "secret", cmd_create_secret, create_secret_cmds, NULL, &help_secret },
	{ "service", cmd_create_service, create_service_cmds, "svc", &help_service },
	{ "serviceaccount", cmd_create_serviceaccount, NULL, "sa", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cmd_create(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	const char *raw = "";
	struct strvec files = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_STRARRAY("filename", 'f', &files, "Filename, directory, or URL to files to use to create the resource"),
		OPT_STRING("raw", 0, &raw, "Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file."),
		OPT_END(),
	};
	static const struct kc_cmd_help help = { .use = "create -f FILENAME" };
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc == 0) {
		if (!files.nr)
			rc = kc_err_set(err, "must specify one of -f and -k");
		else
			rc = kc_err_set(err, "create -f is not implemented in kc yet");
	}
	strvec_clear(&files);
	strvec_clear(&args);
	return rc < 0 ? -1 : 0;
}
