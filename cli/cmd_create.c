/* kc create <generator>: deployment, namespace, configmap, secret generic,
 * service clusterip|nodeport|loadbalancer|externalname, serviceaccount, job,
 * cronjob, poddisruptionbudget, priorityclass, rolebinding, clusterrolebinding.
 * Objects from kube/generate.h; sending and printing in cmd_create_common.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/client_setup.h"
#include "cli/cmd_apply.h"
#include "cli/cmd_create_common.h"
#include "kube/manifest.h"
#include "kube/validate.h"
#include "util/gostr.h"
#include "util/json.h"
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
	if (rc == 0) {
		struct gen_sources src = { &lit, &files, &envs };
		json_t *obj = gen_configmap(args.v[0], explicit_ns ? ns : NULL, &src, err);
		if (obj && append_hash)
			gen_append_hash(obj);
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
	if (rc == 0) {
		struct gen_sources src = { &lit, &files, &envs };
		json_t *obj = gen_secret_generic(args.v[0], explicit_ns ? ns : NULL, type, &src, err);
		if (obj && append_hash)
			gen_append_hash(obj);
		rc = obj ? create_send(ctx, &co, obj, "v1/secrets", 1, ns, "failed to create secret %s",
				       "created", err) : -1;
	}
	strvec_clear(&lit);
	strvec_clear(&files);
	strvec_clear(&envs);
	return finish(rc, &args, ns);
}

static int cmd_create_secret_docker(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SECRET_DOCKER);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec files = STRVEC_INIT;
	int append_hash = 0;
	const char *email = "", *password = "", *server = "https://index.docker.io/v1/", *user = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SECRET_DOCKER),
		CREATE_VALIDATE_OPT(co, U_CREATE_SECRET_DOCKER),
		OPT_BOOL("append-hash", 0, &append_hash, U_CREATE_SECRET_DOCKER_APPEND_HASH),
		OPT_STRING("docker-email", 0, &email, U_CREATE_SECRET_DOCKER_DOCKER_EMAIL),
		OPT_STRING("docker-password", 0, &password, U_CREATE_SECRET_DOCKER_DOCKER_PASSWORD),
		OPT_STRING("docker-server", 0, &server, U_CREATE_SECRET_DOCKER_DOCKER_SERVER),
		OPT_STRING("docker-username", 0, &user, U_CREATE_SECRET_DOCKER_DOCKER_USERNAME),
		OPT_STRSLICE("from-file", 0, &files, U_CREATE_SECRET_DOCKER_FROM_FILE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && !files.nr && (!*user || !*password || !*server))
		rc = kc_err_set(err, "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
	if (rc == 0) {
		json_t *obj = gen_secret_docker(args.v[0], explicit_ns ? ns : NULL, user, password, email,
						server, &files, err);
		if (obj && append_hash)
			gen_append_hash(obj);
		rc = obj ? create_send(ctx, &co, obj, "v1/secrets", 1, ns, "failed to create secret %s",
				       "created", err) : -1;
	}
	strvec_clear(&files);
	return finish(rc, &args, ns);
}

static int cmd_create_secret_tls(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_SECRET_TLS);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	int append_hash = 0;
	const char *cert = "", *key = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_SECRET_TLS),
		CREATE_VALIDATE_OPT(co, U_CREATE_SECRET_TLS),
		OPT_BOOL("append-hash", 0, &append_hash, U_CREATE_SECRET_TLS_APPEND_HASH),
		OPT_STRING("cert", 0, &cert, U_CREATE_SECRET_TLS_CERT),
		OPT_STRING("key", 0, &key, U_CREATE_SECRET_TLS_KEY),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0 && (!*cert || !*key))
		rc = kc_err_set(err, "key and cert must be specified");
	if (rc == 0) {
		json_t *obj = gen_secret_tls(args.v[0], explicit_ns ? ns : NULL, cert, key, err);
		if (obj && append_hash)
			gen_append_hash(obj);
		rc = obj ? create_send(ctx, &co, obj, "v1/secrets", 1, ns, "failed to create secret %s",
				       "created", err) : -1;
	}
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

/* create job NAME --from=cronjob/X: the CronJob's jobTemplate as a Job owned
 * by it (createJobFromCronJob). */
static int create_job_from(struct kc_ctx *ctx, struct create_common *co, const char *name,
			   const char *from, const char *ns, int explicit_ns, struct kc_err *err)
{
	const char *slash = strchr(from, '/');
	if (!slash)
		return kc_err_set(err, "resource(s) were provided, but no name was specified");
	if (strchr(slash + 1, '/'))
		return kc_err_set(err, "arguments in resource/name form may not have more than one slash");
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c)
		return -1;
	char *type = strndup(from, (size_t)(slash - from));
	const struct kc_api_resource *r = kc_client_resource(c, type, err);
	free(type);
	if (!r)
		return -1;
	char *path = kc_resource_path(r, r->namespaced ? ns : NULL, slash + 1);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	json_t *cj = NULL;
	int rc = 0;
	if (kc_client_do(c, &req, &resp, err) < 0) {
		rc = -1;
	} else if (resp.code < 200 || resp.code > 299) {
		struct kc_err_hint hint = { r->group, r->name, slash + 1, "get", 0 };
		rc = kc_status_error(&resp, &hint, err);
	} else if (!(cj = json_parse(resp.body.buf, resp.body.len, err))) {
		rc = -1;
	}
	kc_response_release(&resp);
	free(path);
	if (rc)
		return rc;
	if (strcmp(r->kind, "CronJob")) {
		rc = kc_err_set(err, "unknown object type *%s.%s", r->version, r->kind);
		json_decref(cj);
		return rc;
	}
	json_t *cmeta = json_object_get(cj, "metadata");
	json_t *tmpl = json_object_get(json_object_get(cj, "spec"), "jobTemplate");
	json_t *tmeta = json_object_get(tmpl, "metadata");
	json_t *meta = json_pack("{s:s}", "name", name);
	if (explicit_ns)
		json_object_set_new(meta, "namespace", json_string(ns));
	json_object_set_new(meta, "creationTimestamp", json_null());
	json_t *labels = json_object_get(tmeta, "labels");
	if (json_object_size(labels))
		json_object_set(meta, "labels", labels);
	json_t *ann = json_pack("{s:s}", "cronjob.kubernetes.io/instantiate", "manual");
	json_object_update(ann, json_object_get(tmeta, "annotations"));
	json_object_set_new(meta, "annotations", ann);
	json_t *owner = json_pack("{s:s, s:s, s:s, s:s, s:b}", "apiVersion", "batch/v1", "kind", "CronJob",
				  "name", json_string_value(json_object_get(cmeta, "name")) ?
				  json_string_value(json_object_get(cmeta, "name")) : "",
				  "uid", json_string_value(json_object_get(cmeta, "uid")) ?
				  json_string_value(json_object_get(cmeta, "uid")) : "", "controller", 1);
	json_object_set_new(meta, "ownerReferences", json_pack("[o]", owner));
	json_t *spec = json_object_get(tmpl, "spec");
	json_t *job = json_pack("{s:s, s:s, s:o, s:O, s:{}}", "kind", "Job", "apiVersion", "batch/v1",
				"metadata", meta, "spec", json_is_object(spec) ? spec : json_object(), "status");
	json_decref(cj);
	return create_send(ctx, co, job, "batch/v1/jobs", 1, ns, "failed to create job: %s", "created", err);
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
	if (rc == 0 && *from && command.nr)
		rc = kc_err_set(err, "cannot specify --from and command");
	if (rc == 0 && *from) {
		rc = create_job_from(ctx, &co, args.v[0], from, ns, explicit_ns, err);
		strvec_clear(&command);
		return finish(rc, &args, ns);
	}
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

/* ---------------------------------------------------------------- ingress */

static int cmd_create_ingress(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_INGRESS);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec rules = STRVEC_INIT, annotations = STRVEC_INIT;
	const char *klass = "", *backend = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_INGRESS),
		CREATE_VALIDATE_OPT(co, U_CREATE_INGRESS),
		OPT_STRARRAY("annotation", 0, &annotations, U_CREATE_INGRESS_ANNOTATION),
		OPT_STRING("class", 0, &klass, U_CREATE_INGRESS_CLASS),
		OPT_STRING("default-backend", 0, &backend, U_CREATE_INGRESS_DEFAULT_BACKEND),
		OPT_STRARRAY("rule", 0, &rules, U_CREATE_INGRESS_RULE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	if (rc == 0) {
		json_t *obj = gen_ingress(args.v[0], explicit_ns ? ns : NULL, klass, &rules, &annotations,
					  backend, err);
		rc = obj ? create_send(ctx, &co, obj, "networking.k8s.io/v1/ingresses", 1, ns,
				       "failed to create ingress: %s", "created", err) : -1;
	}
	strvec_clear(&rules);
	strvec_clear(&annotations);
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
	{ "docker-registry", cmd_create_secret_docker, NULL, NULL, NULL },
	{ "generic", cmd_create_secret_generic, NULL, NULL, NULL },
	{ "tls", cmd_create_secret_tls, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct kc_cmd create_service_cmds[] = {
	{ "clusterip", cmd_create_service_clusterip, NULL, NULL, NULL },
	{ "externalname", cmd_create_service_externalname, NULL, NULL, NULL },
	{ "loadbalancer", cmd_create_service_loadbalancer, NULL, NULL, NULL },
	{ "nodeport", cmd_create_service_nodeport, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* ---------------------------------------------------------------- quota */

/* resource.ParseQuantity + Quantity.String(): the canonical text of a quantity
 * ("1000m" → "1", "0.5" → "500m", "1024Mi" → "1Gi", "1e3" → "1e3"). 0, or -1
 * with kubectl's message. Covers values whose digits fit 18 decimal places. */
static int canonical_quantity(const char *s, struct strbuf *out, struct strbuf *msg)
{
	static const char *const re = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
	const char *p = s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	const char *num = p;
	while ((*p >= '0' && *p <= '9') || *p == '.')
		p++;
	if (p == num) {
		strbuf_addstr(msg, re);
		return -1;
	}
	const char *suf = p;
	while (*p && strchr("eEinumkKMGTP", *p))
		p++;
	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p) {
		strbuf_addstr(msg, re);
		return -1;
	}
	/* mantissa digits and decimal scale */
	unsigned __int128 m = 0;
	int scale = 0, seen_dot = 0, digits = 0;
	for (const char *q = num; q < suf; q++) {
		if (*q == '.') {
			if (seen_dot) {
				strbuf_addstr(msg, re);
				return -1;
			}
			seen_dot = 1;
			continue;
		}
		if (digits < 30) {
			m = m * 10 + (unsigned)(*q - '0');
			digits += m != 0;
			if (seen_dot)
				scale--;
		} else if (!seen_dot) {
			scale++;
		}
	}
	/* the suffix */
	int bin = 0, dexp = 0, format = 'D', binfmt = 0; /* D decimalSI, B binarySI, E exponent */
	if (!*suf) {
	} else if (!strcmp(suf, "Ki") || !strcmp(suf, "Mi") || !strcmp(suf, "Gi") || !strcmp(suf, "Ti") ||
		   !strcmp(suf, "Pi") || !strcmp(suf, "Ei")) {
		bin = (int)(strchr("KMGTPE", suf[0]) - "KMGTPE" + 1) * 10;
		format = 'B';
		binfmt = 1;
	} else if (!suf[1] && strchr("numkMGTPE", suf[0])) {
		static const char sfx[] = "num kMGTPE";
		dexp = ((int)(strchr(sfx, suf[0]) - sfx) - 3) * 3;
	} else if (suf[0] == 'e' || suf[0] == 'E') {
		char *end;
		long e = strtol(suf + 1, &end, 10);
		if (!suf[1] || *end || e > 1000 || e < -1000) {
			strbuf_addstr(msg, "unable to parse quantity's suffix");
			return -1;
		}
		dexp = (int)e;
		format = 'E';
	} else {
		strbuf_addstr(msg, "unable to parse quantity's suffix");
		return -1;
	}
	scale += dexp;
	for (; bin > 0; bin--)
		m *= 2;
	size_t start = out->len;
	/* binarySI: exact integers of magnitude >= 1024 print with Ki..Ei */
	if (format == 'B') {
		int is_int = 1;
		unsigned __int128 v = m;
		for (int k = scale; k > 0; k--)
			v *= 10;
		for (int k = scale; k < 0; k++) {
			if (v % 10)
				is_int = 0;
			v /= 10;
		}
		if (is_int && v >= 1024) {
			int e = 0;
			while (e < 6 && v % 1024 == 0 && v) {
				v /= 1024;
				e++;
			}
			char buf[48];
			int n = 0;
			do {
				buf[n++] = (char)('0' + (int)(v % 10));
				v /= 10;
			} while (v);
			if (neg)
				strbuf_addch(out, '-');
			while (n)
				strbuf_addch(out, buf[--n]);
			if (e)
				strbuf_addf(out, "%ci", "KMGTPE"[e - 1]);
			const char *dot = strchr(num, '.');
			if (!dot || dot >= suf) {
				const char *nb = num;
				while (nb < suf && *nb == '0')
					nb++;
				unsigned long long v = strtoull(nb, NULL, 10);
				if (suf - nb <= 18 && (v & 7) != 0) {
					strbuf_setlen(out, start);
					strbuf_addstr(out, s);
				}
			}
			return 0;
		}
		format = 'D';
	}
	/* round up to nano */
	if (scale < -9) {
		int up = 0;
		for (; scale < -9; scale++) {
			up |= m % 10 != 0;
			m /= 10;
		}
		m += up;
	}
	if (m == 0) {
		strbuf_addstr(out, "0");
		return 0;
	}
	while (m % 10 == 0) {
		m /= 10;
		scale++;
	}
	int r = ((scale % 3) + 3) % 3;
	for (; r > 0; r--) {
		m *= 10;
		scale--;
	}
	char buf[48];
	int n = 0;
	do {
		buf[n++] = (char)('0' + (int)(m % 10));
		m /= 10;
	} while (m);
	if (neg)
		strbuf_addch(out, '-');
	while (n)
		strbuf_addch(out, buf[--n]);
	if (format == 'E') {
		if (scale)
			strbuf_addf(out, "e%d", scale);
	} else if (scale) {
		static const char *const pos[] = { "", "k", "M", "G", "T", "P", "E" };
		static const char *const negs[] = { "", "m", "u", "n" };
		if (scale > 0 && scale / 3 <= 6)
			strbuf_addstr(out, pos[scale / 3]);
		else if (scale < 0 && -scale / 3 <= 3)
			strbuf_addstr(out, negs[-scale / 3]);
		else
			strbuf_addf(out, "e%d", scale);
	}
	/* ParseQuantity keeps the text it was given when that is already in
	 * canonical form by its rules ("+1", "01", "2E6", "10Ki", "0.500") */
	const char *dot = memchr(num, '.', (size_t)(suf - num));
	const char *nb = num, *ne = dot ? dot : suf;
	while (nb + 1 < ne && *nb == '0')
		nb++;
	struct strbuf shifted = STRBUF_INIT;
	strbuf_add(&shifted, nb, (size_t)(ne - nb));
	size_t ndenom = dot ? (size_t)(suf - dot - 1) : 0;
	if (dot)
		strbuf_add(&shifted, dot + 1, ndenom);
	int keep = 0;
	if (shifted.len && shifted.len <= 18) {
		if (binfmt) {
			unsigned long long v = strtoull(shifted.buf, NULL, 10);
			keep = !ndenom && (v & 7) != 0;
		} else {
			int sc = dexp - (int)ndenom;
			keep = sc >= -9 && sc % 3 == 0 && shifted.buf[0] != '0' &&
			       !(shifted.len >= 3 && !strcmp(shifted.buf + shifted.len - 3, "000"));
		}
	}
	strbuf_release(&shifted);
	if (keep) {
		strbuf_setlen(out, start);
		strbuf_addstr(out, s);
	}
	return 0;
}

static int cmd_create_quota(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELPA(CREATE_QUOTA);
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *hard = "", *scopes = "";
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_QUOTA),
		CREATE_VALIDATE_OPT(co, U_CREATE_QUOTA),
		OPT_STRING("hard", 0, &hard, U_CREATE_QUOTA_HARD),
		OPT_STRING("scopes", 0, &scopes, U_CREATE_QUOTA_SCOPES),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = prologue(ctx, argc, argv, opts, &help, &args, &co, NULL, NULL, &ns, &explicit_ns, err);
	json_t *spec = NULL;
	if (rc == 0) {
		spec = json_object();
		if (*hard) {
			struct strvec kv = STRVEC_INIT;
			json_t *h = json_object();
			strvec_split(&kv, hard, ',');
			for (size_t i = 0; i < kv.nr && rc == 0; i++) {
				char *eq = strchr(kv.v[i], '=');
				if (!eq || eq == kv.v[i]) {
					rc = kc_err_set(err, "Invalid argument syntax %s, expected <resource>=<value>", kv.v[i]);
					break;
				}
				*eq = 0;
				struct strbuf q = STRBUF_INIT, m = STRBUF_INIT;
				if (canonical_quantity(eq + 1, &q, &m) < 0)
					rc = kc_err_set(err, "%s", m.buf);
				else
					json_object_set_new(h, kv.v[i], json_string(q.buf));
				strbuf_release(&q);
				strbuf_release(&m);
			}
			strvec_clear(&kv);
			if (json_object_size(h)) {
				/* a Go map: marshalled with sorted keys */
				struct strvec keys = STRVEC_INIT;
				const char *k;
				json_t *v;
				json_object_foreach(h, k, v)
					strvec_push(&keys, k);
				strvec_sort(&keys);
				json_t *sorted = json_object();
				for (size_t i = 0; i < keys.nr; i++)
					json_object_set(sorted, keys.v[i], json_object_get(h, keys.v[i]));
				strvec_clear(&keys);
				json_object_set_new(spec, "hard", sorted);
			}
			json_decref(h);
		}
		if (rc == 0 && *scopes) {
			struct strvec sv = STRVEC_INIT;
			json_t *a = json_array();
			strvec_split(&sv, scopes, ',');
			for (size_t i = 0; i < sv.nr; i++)
				if (*sv.v[i])
					json_array_append_new(a, json_string(sv.v[i]));
			strvec_clear(&sv);
			json_object_set_new(spec, "scopes", a);
		}
	}
	if (rc == 0) {
		json_t *meta = json_pack("{s:s}", "name", args.v[0]);
		if (explicit_ns)
			json_object_set_new(meta, "namespace", json_string(ns));
		json_object_set_new(meta, "creationTimestamp", json_null());
		json_t *obj = json_pack("{s:s, s:s, s:o, s:o, s:{}}", "kind", "ResourceQuota", "apiVersion", "v1",
					"metadata", meta, "spec", spec, "status");
		spec = NULL;
		rc = create_send(ctx, &co, obj, "v1/resourcequotas", 1, ns, "failed to create quota: %s",
				 "created", err);
	}
	json_decref(spec);
	return finish(rc, &args, ns);
}

/* ---------------------------------------------------------------- token */

static int cmd_create_token(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(CREATE_TOKEN);
	int allow_missing = 1, show_managed = 0;
	const char *output = "", *template_arg = "", *kind = "", *bname = "", *buid = "", *duration = "0s";
	struct strvec aud = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_CREATE_TOKEN_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_STRARRAY("audience", 0, &aud, U_CREATE_TOKEN_AUDIENCE),
		OPT_STRING("bound-object-kind", 0, &kind, U_CREATE_TOKEN_BOUND_OBJECT_KIND),
		OPT_STRING("bound-object-name", 0, &bname, U_CREATE_TOKEN_BOUND_OBJECT_NAME),
		OPT_STRING("bound-object-uid", 0, &buid, U_CREATE_TOKEN_BOUND_OBJECT_UID),
		OPT_DURATION("duration", 0, &duration, U_CREATE_TOKEN_DURATION),
		OPT_STRING("output", 'o', &output, U_CREATE_TOKEN_OUTPUT),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_CREATE_TOKEN_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_CREATE_TOKEN_TEMPLATE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	json_t *body = NULL, *reply = NULL;
	int explicit_ns = 0, rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	int64_t dns = 0;
	if (rc)
		goto out;
	if (args.nr != 1) {
		rc = create_usage_error(ctx, err, "exactly one NAME is required, got %zu", args.nr);
		goto out;
	}
	struct strbuf derr = STRBUF_INIT;
	go_parse_duration(duration, &dns, &derr);
	strbuf_release(&derr);
	if (dns < 0) {
		rc = kc_err_set(err, "--duration must be greater than or equal to 0");
		goto out;
	}
	if (dns % 1000000000LL) {
		rc = kc_err_set(err, "--duration cannot be expressed in units less than seconds");
		goto out;
	}
	for (size_t i = 0; i < aud.nr; i++)
		if (!*aud.v[i]) {
			rc = kc_err_set(err, "--audience must not be an empty string");
			goto out;
		}
	if (!*kind) {
		if (*bname) {
			rc = kc_err_set(err, "--bound-object-name can only be set if --bound-object-kind is provided");
			goto out;
		}
		if (*buid) {
			rc = kc_err_set(err, "--bound-object-uid can only be set if --bound-object-kind is provided");
			goto out;
		}
	} else {
		if (strcmp(kind, "Node") && strcmp(kind, "Pod") && strcmp(kind, "Secret")) {
			rc = kc_err_set(err, "supported --bound-object-kind values are Node, Pod, Secret");
			goto out;
		}
		if (!*bname) {
			rc = kc_err_set(err, "--bound-object-name is required if --bound-object-kind is provided");
			goto out;
		}
	}
	ns = create_namespace(ctx, &explicit_ns, err);
	if (!ns) {
		rc = -1;
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		rc = -1;
		goto out;
	}
	json_t *spec = json_object();
	json_t *auds = json_null();
	if (aud.nr) {
		auds = json_array();
		for (size_t i = 0; i < aud.nr; i++)
			json_array_append_new(auds, json_string(aud.v[i]));
	}
	json_object_set_new(spec, "audiences", auds);
	if (dns > 0)
		json_object_set_new(spec, "expirationSeconds", json_integer(dns / 1000000000LL));
	if (*kind) {
		json_t *ref = json_pack("{s:s, s:s, s:s}", "kind", kind, "apiVersion", "v1", "name", bname);
		if (*buid)
			json_object_set_new(ref, "uid", json_string(buid));
		json_object_set_new(spec, "boundObjectRef", ref);
	} else {
		json_object_set_new(spec, "boundObjectRef", json_null());
	}
	body = json_pack("{s:s, s:s, s:{s:n}, s:o, s:{s:s, s:n}}", "kind", "TokenRequest", "apiVersion",
			 "authentication.k8s.io/v1", "metadata", "creationTimestamp", "spec", spec, "status",
			 "token", "", "expirationTimestamp");
	struct strbuf b = STRBUF_INIT, path = STRBUF_INIT;
	json_emit(&b, body, JSON_OUT_COMPACT);
	strbuf_addf(&path, "/api/v1/namespaces/%s/serviceaccounts/%s/token", ns, args.v[0]);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.method = "POST";
	req.path = path.buf;
	req.body = b.buf;
	req.body_len = b.len;
	if (kc_client_do(c, &req, &resp, err) < 0) {
		/* kubectl wraps the url.Error: "failed to create token: Post …" */
		if (resp.cause)
			kc_err_set(err, "failed to create token: Post \"%s%s\": %s", kc_client_config(c)->host,
				   path.buf, resp.cause);
		rc = -1;
	} else if (resp.code < 200 || resp.code > 299) {
		char *reason = NULL, *message = NULL;
		long code = 0;
		if (kc_status_decode(resp.body.buf, resp.body.len, &reason, &message, &code) == 0) {
			rc = kc_err_set(err, "failed to create token: %s", message ? message : "");
		} else {
			struct kc_err_hint hint = { "", "serviceaccounts", args.v[0], "create", 0 };
			rc = kc_status_error(&resp, &hint, err);
		}
		free(reason);
		free(message);
	} else {
		reply = json_parse(resp.body.buf, resp.body.len, err);
		if (!reply)
			rc = -1;
	}
	kc_response_release(&resp);
	strbuf_release(&b);
	strbuf_release(&path);
	if (rc)
		goto out;
	json_t *st = json_object_get(reply, "status");
	const char *token = json_string_value(json_object_get(st, "token"));
	if (!token || !*token) {
		rc = kc_err_set(err, "failed to create token: no token in server response");
		goto out;
	}
	if (!*output && !*template_arg) {
		fputs(token, stdout);
		goto out;
	}
	/* the typed TokenRequest, in Go struct order (pointers without omitempty
	 * print as null) */
	json_t *ordered = json_object();
	static const char *const top[] = { "kind", "apiVersion", "metadata", "spec", "status" };
	static const char *const metak[] = { "name", "generateName", "namespace", "selfLink", "uid",
					     "resourceVersion", "generation", "creationTimestamp",
					     "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
					     "annotations", "ownerReferences", "finalizers", "managedFields" };
	static const char *const speck[] = { "audiences", "expirationSeconds", "boundObjectRef" };
	for (size_t i = 0; i < 5; i++) {
		json_t *v = json_object_get(reply, top[i]);
		if (!v)
			continue;
		const char *const *keys = NULL;
		size_t nk = 0;
		if (i == 2) {
			keys = metak;
			nk = sizeof(metak) / sizeof(*metak);
		} else if (i == 3) {
			keys = speck;
			nk = 3;
		}
		if (!keys || !json_is_object(v)) {
			json_object_set(ordered, top[i], v);
			continue;
		}
		json_t *o2 = json_object();
		for (size_t k = 0; k < nk; k++) {
			json_t *x = json_object_get(v, keys[k]);
			if (x)
				json_object_set(o2, keys[k], x);
			else if (i == 3 || !strcmp(keys[k], "creationTimestamp"))
				json_object_set_new(o2, keys[k], json_null());
		}
		const char *key;
		json_t *x;
		json_object_foreach(v, key, x)
			if (!json_object_get(o2, key))
				json_object_set(o2, key, x);
		json_object_set_new(ordered, top[i], o2);
	}
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	co.output = *output ? output : "go-template";
	co.template_ = template_arg;
	co.allow_missing = allow_missing;
	co.show_managed = show_managed;
	rc = create_print_obj(&co, ordered, "created", err);
	json_decref(ordered);
out:
	json_decref(body);
	json_decref(reply);
	strvec_clear(&aud);
	return finish(rc, &args, ns);
}

const struct kc_cmd kc_create_cmds[] = {
	{ "clusterrole", kc_cmd_create_clusterrole, NULL, NULL, NULL },
	{ "clusterrolebinding", cmd_create_clusterrolebinding, NULL, NULL, NULL },
	{ "configmap", cmd_create_configmap, NULL, "cm", NULL },
	{ "cronjob", cmd_create_cronjob, NULL, "cj", NULL },
	{ "deployment", cmd_create_deployment, NULL, "deploy", NULL },
	{ "ingress", cmd_create_ingress, NULL, "ing", NULL },
	{ "job", cmd_create_job, NULL, NULL, NULL },
	{ "namespace", cmd_create_namespace, NULL, "ns", NULL },
	{ "poddisruptionbudget", cmd_create_pdb, NULL, "pdb", NULL },
	{ "priorityclass", cmd_create_priorityclass, NULL, "pc", NULL },
	{ "quota", cmd_create_quota, NULL, "resourcequota", NULL },
	{ "role", kc_cmd_create_role, NULL, NULL, NULL },
	{ "rolebinding", cmd_create_rolebinding, NULL, NULL, NULL },
	{ "secret", cmd_create_secret, create_secret_cmds, NULL, &help_secret },
	{ "service", cmd_create_service, create_service_cmds, "svc", &help_service },
	{ "serviceaccount", cmd_create_serviceaccount, NULL, "sa", NULL },
	{ "token", cmd_create_token, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* ---------------------------------------------------------------- create -f */

/* kubectl create -f FILE|DIR|- [-R]: every object of the manifests POSTed to its
 * collection (RunCreate). Errors do not stop the others: they are collected and
 * printed at the end (kubectl's aggregate), exit 1. kc sends independent creates
 * in parallel over one connection, but prints in manifest order; a Namespace or
 * CustomResourceDefinition is created on its own before what follows it. */

struct cf_item {
	json_t *obj;                          /* borrowed from the manifest */
	const char *source;
	const struct kc_api_resource *res;
	const char *ns;                       /* namespace to create in (NULL: cluster-scoped) */
	char *path;
	char *body;
};

static void cf_add_error(struct strbuf *errs, int *nerr, int *nplain, const char *msg, int plain)
{
	if (errs->len)
		strbuf_addch(errs, '\n');
	strbuf_addstr(errs, msg);
	(*nerr)++;
	*nplain += plain;
}

static const char *cf_sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void cf_last_applied(json_t *obj)
{
	json_t *meta = json_object_get(obj, "metadata");
	if (!json_is_object(meta)) {
		meta = json_object();
		json_object_set_new(obj, "metadata", meta);
	}
	json_t *ann = json_object_get(meta, "annotations");
	if (!json_is_object(ann)) {
		ann = json_object();
		json_object_set_new(meta, "annotations", ann);
	}
	json_object_del(ann, "kubectl.kubernetes.io/last-applied-configuration");
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, obj, JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS);
	strbuf_addch(&sb, '\n');
	json_object_set_new(ann, "kubectl.kubernetes.io/last-applied-configuration", json_string(sb.buf));
	strbuf_release(&sb);
}

static void cf_url_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == '~')
			strbuf_addch(sb, (char)ch);
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

/* kubectl's Helper.Replace: an object without metadata.resourceVersion takes
 * the server's (a GET first; when that fails the PUT goes as it is). */
static char *replace_path(const struct kc_api_resource *r, const char *ns, const char *name,
			  const char *sub)
{
	char *p = kc_resource_path(r, ns, name);
	if (sub && *sub) {
		char *q = xasprintf("%s/%s", p, sub);
		free(p);
		p = q;
	}
	return p;
}

static void replace_fill_versions(struct kc_client *c, struct cf_item *items, size_t n,
				  const char *sub)
{
	struct kc_request *reqs = calloc(n ? n : 1, sizeof(*reqs));
	struct kc_response *resps = calloc(n ? n : 1, sizeof(*resps));
	char **paths = calloc(n ? n : 1, sizeof(*paths));
	size_t *idx = calloc(n ? n : 1, sizeof(*idx)), k = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *meta = json_object_get(items[i].obj, "metadata");
		if (*cf_sget(meta, "resourceVersion"))
			continue;
		paths[k] = replace_path(items[i].res, items[i].ns, cf_sget(meta, "name"), sub);
		struct kc_request rq = KC_REQUEST_INIT;
		rq.path = paths[k];
		reqs[k] = rq;
		idx[k++] = i;
	}
	if (k)
		kc_client_do_all(c, reqs, resps, k);
	for (size_t j = 0; j < k; j++) {
		if (!kc_err_isset(&resps[j].err) && resps[j].code >= 200 && resps[j].code <= 299) {
			json_t *live = json_loadb(resps[j].body.buf, resps[j].body.len, 0, NULL);
			const char *rv = cf_sget(json_object_get(live, "metadata"), "resourceVersion");
			json_t *meta = json_object_get(items[idx[j]].obj, "metadata");
			if (json_is_object(meta))
				json_object_set_new(meta, "resourceVersion", json_string(rv));
			json_decref(live);
		}
		kc_response_release(&resps[j]);
		free(paths[j]);
	}
	free(reqs);
	free(resps);
	free(paths);
	free(idx);
}

int create_from_files(struct kc_ctx *ctx, struct create_common *co, struct strvec *files,
		      int recursive, int mode, struct kc_err *err)
{
	int replace = mode == CREATE_MODE_REPLACE, force = mode == CREATE_MODE_FORCE_REPLACE;
	const char *verb = mode ? "replaced" : "created";
	co->sort_keys = 1;
	struct kc_manifest m = KC_MANIFEST_INIT;
	struct kc_err merr = KC_ERR_INIT;
	struct strbuf errs = STRBUF_INIT, late = STRBUF_INIT, late_agg = STRBUF_INIT;
	struct cf_item *items = NULL;
	struct kc_validator *val = NULL;
	char *ns = NULL;
	int explicit_ns = 0, nerr = 0, nplain = 0, nlate = 0, count = 0, ret = 0;
	size_t n = 0;
	const char *fv = (!strcmp(co->validate, "strict") || !strcmp(co->validate, "true")) ? "Strict" :
			 !strcmp(co->validate, "warn") ? "Warn" : "Ignore";
	int validate = strcmp(fv, "Ignore") != 0;

	if (kc_manifest_read(files, recursive, &m, &merr) < 0 && merr.kind != KC_ERR_RAW) {
		kc_err_move(err, &merr);
		ret = -1;
		goto out;
	}
	ns = create_namespace(ctx, &explicit_ns, err);
	if (!ns) {
		ret = -1;
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	struct kc_err lerr = KC_ERR_INIT;
	const struct kc_discovery *d = apply_discovery(c, &m, co->validate, 0, &lerr, err);
	if (!d) {
		if (kc_err_isset(&lerr))
			kc_err_move(err, &lerr);
		kc_err_release(&lerr);
		ret = -1;
		goto out;
	}
	items = calloc(m.n ? m.n : 1, sizeof(*items));
	/* kubectl's Validator: the server validates (?fieldValidation=) when its
	 * OpenAPI says it can, else kc does (OpenAPI v2) */
	val = validate ? kc_validator_new(c, co->validate) : NULL;
	const char *skip_source = NULL;   /* a validation error ends that file */
	const json_t *last_list = NULL;
	int last_vrc = 0;
	for (size_t i = 0; i < m.n; i++) {
		json_t *obj = m.objs[i].obj, *meta = json_object_get(obj, "metadata");
		const char *src = m.objs[i].source;
		if (skip_source && !strcmp(skip_source, src))
			continue;
		skip_source = NULL;
		const char *av = cf_sget(obj, "apiVersion"), *kind = cf_sget(obj, "kind");
		const char *name = cf_sget(meta, "name"), *ons = cf_sget(meta, "namespace");
		struct strbuf msg = STRBUF_INIT;
		if (!*av || !*kind) {
			if (validate) {
				strbuf_addf(&msg, "error validating \"%s\": error validating data: [%s%s%s]; if you choose to ignore these errors, turn validation off with --validate=false",
					    src, !*av ? "apiVersion not set" : "", !*av && !*kind ? ", " : "",
					    !*kind ? "kind not set" : "");
				skip_source = src;
			} else {
				struct strbuf js = STRBUF_INIT;
				json_emit(&js, obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
				strbuf_addf(&msg, "unable to decode \"%s\": Object 'Kind' is missing in '%s'", src, js.buf);
				strbuf_release(&js);
			}
			cf_add_error(&errs, &nerr, &nplain, msg.buf, 1);
			strbuf_release(&msg);
			continue;
		}
		struct kc_err derr = KC_ERR_INIT;
		if (kc_manifest_meta_check(obj, src, &derr) < 0) {
			/* kubectl's builder reports decode errors after the requests */
			if (late.len)
				strbuf_addch(&late, '\n');
			strbuf_addstr(&late, derr.msg.buf);
			if (late_agg.len)
				strbuf_addstr(&late_agg, ", ");
			strbuf_addstr(&late_agg, derr.msg.buf);
			nlate++;
			kc_err_release(&derr);
			strbuf_release(&msg);
			continue;
		}
		if (val) {
			struct kc_err verr = KC_ERR_INIT;
			/* a List is validated as one document, at its first item */
			json_t *list = m.objs[i].list;
			int vrc = list && list == last_list ? last_vrc
				  : kc_validator_check(val, list ? list : obj, &verr);
			last_list = list;
			last_vrc = vrc;
			if (vrc < 0) {
				kc_validate_frame(&msg, src, verr.msg.buf);
				cf_add_error(&errs, &nerr, &nplain, msg.buf, 1);
				skip_source = src;
				kc_err_release(&verr);
				strbuf_release(&msg);
				continue;
			}
			kc_err_release(&verr);
		}
		const char *slash = strchr(av, '/');
		char *group = slash ? strndup(av, (size_t)(slash - av)) : strdup("");
		const char *version = slash ? slash + 1 : av;
		const struct kc_api_resource *r = kc_mapper_kind(d, group, version, kind);
		if (!r) {
			/* validation (the server's /openapi/v2) lets an unknown kind through */
			if (late.len)
				strbuf_addch(&late, '\n');
			strbuf_addf(&late, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s\"\nensure CRDs are installed first",
				    name, ons, src, kind, av);
			if (late_agg.len)
				strbuf_addstr(&late_agg, ", ");
			strbuf_addf(&late_agg, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s\"\nensure CRDs are installed first",
				    name, ons, src, kind, av);
			nlate++;
			free(group);
			strbuf_release(&msg);
			continue;
		}
		free(group);
		if (r->namespaced && explicit_ns && *ons && strcmp(ons, ns)) {
			strbuf_addf(&msg, "the namespace from the provided object \"%s\" does not match the namespace \"%s\". You must pass '--namespace=%s' to perform this operation.",
				    ons, ns, ons);
			cf_add_error(&errs, &nerr, &nplain, msg.buf, 1);
			strbuf_release(&msg);
			continue;
		}
		strbuf_release(&msg);
		struct cf_item *it = &items[n++];
		it->obj = obj;
		it->source = src;
		it->res = r;
		it->ns = NULL;
		if (r->namespaced) {
			if (!*ons) {
				if (!json_is_object(meta)) {
					meta = json_object();
					json_object_set_new(obj, "metadata", meta);
				}
				json_object_set_new(meta, "namespace", json_string(ns));
			}
			it->ns = cf_sget(meta, "namespace");
		}
		if (co->save_config)
			cf_last_applied(obj);
	}

	size_t i = 0;
	while (i < n) {
		/* a batch: up to 64 objects, a Namespace or CRD alone */
		size_t j = i + 1;
		if (strcmp(items[i].res->kind, "Namespace") && strcmp(items[i].res->kind, "CustomResourceDefinition"))
			while (j < n && j - i < 64 && strcmp(items[j].res->kind, "Namespace") &&
			       strcmp(items[j].res->kind, "CustomResourceDefinition"))
				j++;
		size_t nb = j - i;
		if (!strcmp(co->dry_run, "client")) {
			for (size_t k = i; k < j; k++) {
				if (create_print_obj(co, items[k].obj, verb, err) < 0) {
					ret = -1;
					goto out;
				}
				count++;
			}
			i = j;
			continue;
		}
		struct kc_request *reqs = calloc(nb, sizeof(*reqs));
		struct kc_response *resps = calloc(nb, sizeof(*resps));
		if (replace)
			replace_fill_versions(c, items + i, nb, co->subresource);
		for (size_t k = 0; k < nb && force; k++) {
			/* Helper.Create(modify=true): no resourceVersion */
			json_t *meta = json_object_get(items[i + k].obj, "metadata");
			if (json_is_object(meta))
				json_object_del(meta, "resourceVersion");
		}
		for (size_t k = 0; k < nb; k++) {
			struct cf_item *it = &items[i + k];
			char *base = replace ? replace_path(it->res, it->ns,
							    cf_sget(json_object_get(it->obj, "metadata"), "name"),
							    co->subresource)
					     : kc_resource_path(it->res, it->ns, NULL);
			struct strbuf p = STRBUF_INIT, b = STRBUF_INIT;
			strbuf_addf(&p, "%s?%sfieldManager=", base, !strcmp(co->dry_run, "server") ? "dryRun=All&" : "");
			cf_url_escape(&p, co->field_manager);
			strbuf_addf(&p, "&fieldValidation=%s", fv);
			free(base);
			json_emit(&b, it->obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
			it->path = strbuf_detach(&p, NULL);
			it->body = strbuf_detach(&b, NULL);
			struct kc_request rq = KC_REQUEST_INIT;
			rq.method = replace ? "PUT" : "POST";
			rq.path = it->path;
			rq.body = it->body;
			rq.body_len = strlen(it->body);
			reqs[k] = rq;
		}
		kc_client_do_all(c, reqs, resps, nb);
		for (size_t k = 0; k < nb; k++) {
			struct cf_item *it = &items[i + k];
			struct kc_response *rs = &resps[k];
			struct kc_err e = KC_ERR_INIT;
			if (kc_err_isset(&rs->err)) {
				if (ret == 0) {
					/* the server went away: kubectl stops at the first transport error */
					kc_err_release(err);
					err->kind = rs->err.kind;
					strbuf_addbuf(&err->msg, &rs->err.msg);
					ret = -1;
				}
			} else if (rs->code < 200 || rs->code > 299) {
				const char *name = cf_sget(json_object_get(it->obj, "metadata"), "name");
				struct kc_err_hint hint = { it->res->group, it->res->name, name,
							    replace ? "update" : "create", 0 };
				kc_status_error(rs, &hint, &e);
				struct strbuf msg = STRBUF_INIT;
				if ((!strcmp(e.reason, "Invalid") && e.kind == KC_ERR_RAW) || force) {
					/* kubectl rebuilds an Invalid error from its details:
					 * the source it added to the message is lost;
					 * replace --force adds none */
					kc_api_err_line(&msg, &e);
				} else {
					struct strbuf pre = STRBUF_INIT, m = STRBUF_INIT;
					strbuf_addf(&pre, "error when %s \"%s\": ", replace ? "replacing" : "creating",
						    it->source);
					kc_api_err_add_source(&m, &e, pre.buf);
					strbuf_reset(&e.msg);
					strbuf_addbuf(&e.msg, &m);
					strbuf_release(&pre);
					strbuf_release(&m);
					/* an Unauthorized line carries its own "error: " */
					kc_api_err_line(&msg, &e);
				}
				cf_add_error(&errs, &nerr, &nplain, msg.buf,
					     e.kind != KC_ERR_RAW && strncmp(msg.buf, "error: ", 7));
				strbuf_release(&msg);
			} else if (ret == 0) {
				json_t *got = json_parse(rs->body.buf, rs->body.len, &e);
				if (!got || create_print_obj(co, got, verb, &e) < 0)
					cf_add_error(&errs, &nerr, &nplain, e.msg.buf, 1);
				else
					count++;
				json_decref(got);
			}
			kc_err_release(&e);
			kc_response_release(rs);
			free(it->path);
			free(it->body);
			it->path = it->body = NULL;
		}
		free(reqs);
		free(resps);
		if (ret < 0)
			goto out;
		i = j;
	}
	if (kc_err_isset(&merr)) {
		/* a document that did not parse: after what came before it */
		cf_add_error(&errs, &nerr, &nplain, merr.msg.buf, 1);
	}
	if (late.len && nerr && nlate > 1) {
		/* the builder's errors are one aggregate among the others: "[a, b]" */
		struct strbuf agg = STRBUF_INIT;
		strbuf_addf(&agg, "[%s]", late_agg.buf);
		cf_add_error(&errs, &nerr, &nplain, agg.buf, 1);
		strbuf_release(&agg);
	} else {
		if (late.len)
			cf_add_error(&errs, &nerr, &nplain, late.buf, 1);
		nerr += nlate ? nlate - 1 : 0;
	}
	if (nerr) {
		if (nerr == 1 && nplain == 1)
			kc_err_set(err, "%s", errs.buf);
		else
			kc_err_raw(err, "%s", errs.buf);
		ret = -1;
	} else if (!count) {
		ret = kc_err_set(err, "no objects passed to %s", mode ? "replace" : "create");
	}
out:
	kc_validator_free(val);
	free(items);
	free(ns);
	kc_manifest_release(&m);
	kc_err_release(&merr);
	strbuf_release(&errs);
	strbuf_release(&late);
	strbuf_release(&late_agg);
	return ret;
}

int cmd_create(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_CREATE_USE, .long_ = HELP_CREATE_LONG, .example = HELP_CREATE_EXAMPLE,
		.subcommands = HELP_CREATE_SUBCOMMANDS,
	};
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	const char *raw = "", *kustomize = "", *selector = "";
	int edit = 0, recursive = 0, wle = 0;
	struct strvec files = STRVEC_INIT;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE),
		CREATE_VALIDATE_OPT(co, U_CREATE),
		OPT_BOOL("edit", 0, &edit, U_CREATE_EDIT),
		OPT_STRSLICE("filename", 'f', &files, U_CREATE_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_CREATE_KUSTOMIZE),
		OPT_STRING("raw", 0, &raw, U_CREATE_RAW),
		OPT_BOOL("recursive", 'R', &recursive, U_CREATE_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_CREATE_SELECTOR),
		OPT_BOOL("windows-line-endings", 0, &wle, U_CREATE_WINDOWS_LINE_ENDINGS),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc == 0 && args.nr) {
		struct strbuf m = STRBUF_INIT;
		for (size_t i = 0; i < args.nr; i++)
			strbuf_addf(&m, "%s%s", i ? " " : "", args.v[i]);
		rc = create_usage_error(ctx, err, "Unexpected args: [%s]", m.buf);
		strbuf_release(&m);
	}
	if (rc == 0) {
		if (!files.nr && !*kustomize)
			rc = kc_err_set(err, "must specify one of -f and -k");
		else if (*kustomize || edit || *raw || *selector)
			rc = kc_err_set(err, "create -k/--edit/--raw/-l is not implemented in kc yet");
		else if (create_common_check(&co, err) < 0)
			rc = -1;
		else
			rc = create_from_files(ctx, &co, &files, recursive, CREATE_MODE_CREATE, err);
	}
	strvec_clear(&files);
	strvec_clear(&args);
	return rc < 0 ? -1 : 0;
}
