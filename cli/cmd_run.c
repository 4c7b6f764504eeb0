/* kc run NAME --image=IMAGE …: create a Pod as kubectl run does (--dry-run, -o,
 * --labels, --env, --port, --restart, --command -- ARGS). Attaching (-i, -t,
 * --attach, --rm) and --expose are not implemented yet and say so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_create_help.h"
#include "cli/kc.h"
#include "kube/generate.h"

int cmd_run(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_RUN_USE, .long_ = HELP_RUN_LONG, .example = HELP_RUN_EXAMPLE,
	};
	struct create_common co = CREATE_COMMON_INIT("kubectl-run");
	struct strvec annotations = STRVEC_INIT, env = STRVEC_INIT, files = STRVEC_INIT;
	const char *image = "", *pull = "", *labels = "", *port = "", *restart = "Always";
	const char *cascade = "background", *kustomize = "", *override_type = "merge", *overrides = "";
	const char *pod_timeout = "1m0s", *timeout = "0s";
	int attach = 0, use_command = 0, expose = 0, force = 0, leave_open = 0, privileged = 0;
	int quiet = 0, recursive = 0, rm = 0, stdin_ = 0, tty = 0, wait_ = 0, image_set = 0;
	long grace = -1;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_RUN),
		OPT_STRARRAY("annotations", 0, &annotations, U_RUN_ANNOTATIONS),
		OPT_BOOL("attach", 0, &attach, U_RUN_ATTACH),
		OPT_STRING("cascade", 0, &cascade, U_RUN_CASCADE),
		OPT_BOOL("command", 0, &use_command, U_RUN_COMMAND),
		OPT_STRARRAY("env", 0, &env, U_RUN_ENV),
		OPT_BOOL("expose", 0, &expose, U_RUN_EXPOSE),
		OPT_STRSLICE("filename", 'f', &files, U_RUN_FILENAME),
		OPT_BOOL("force", 0, &force, U_RUN_FORCE),
		OPT_INT("grace-period", 0, &grace, U_RUN_GRACE_PERIOD),
		{ OPT_T_STRING, "image", 0, &image, U_RUN_IMAGE, NULL, 0, &image_set, NULL },
		OPT_STRING("image-pull-policy", 0, &pull, U_RUN_IMAGE_PULL_POLICY),
		OPT_STRING("kustomize", 'k', &kustomize, U_RUN_KUSTOMIZE),
		OPT_STRING("labels", 'l', &labels, U_RUN_LABELS),
		OPT_BOOL("leave-stdin-open", 0, &leave_open, U_RUN_LEAVE_STDIN_OPEN),
		OPT_STRING("override-type", 0, &override_type, U_RUN_OVERRIDE_TYPE),
		OPT_STRING("overrides", 0, &overrides, U_RUN_OVERRIDES),
		OPT_DURATION("pod-running-timeout", 0, &pod_timeout, U_RUN_POD_RUNNING_TIMEOUT),
		OPT_STRING("port", 0, &port, U_RUN_PORT),
		OPT_BOOL("privileged", 0, &privileged, U_RUN_PRIVILEGED),
		OPT_BOOL("quiet", 'q', &quiet, U_RUN_QUIET),
		OPT_BOOL("recursive", 'R', &recursive, U_RUN_RECURSIVE),
		OPT_STRING("restart", 0, &restart, U_RUN_RESTART),
		OPT_BOOL("rm", 0, &rm, U_RUN_RM),
		OPT_BOOL("stdin", 'i', &stdin_, U_RUN_STDIN),
		OPT_DURATION("timeout", 0, &timeout, U_RUN_TIMEOUT),
		OPT_BOOL("tty", 't', &tty, U_RUN_TTY),
		OPT_BOOL("wait", 0, &wait_, U_RUN_WAIT),
		OPT_END(),
	};
	int dash = argc;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dash = i;
			break;
		}
	struct strvec args = STRVEC_INIT, rest = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	long portnum = -1;
	int rc = kc_parse_options(ctx, dash, argv, opts, &help, &args, err);
	if (rc)
		goto out;
	/* kubectl run NAME IMAGE-ARGS…: words after NAME are args too */
	for (size_t i = 1; i < args.nr; i++)
		strvec_push(&rest, args.v[i]);
	for (int i = dash + 1; i < argc; i++)
		strvec_push(&rest, argv[i]);
	if (!image_set) {
		rc = kc_err_set(err, "required flag(s) \"image\" not set");
		goto out;
	}
	if (!args.nr) {
		rc = create_usage_error(ctx, err, "NAME is required for run");
		goto out;
	}
	if ((rc = create_common_check(&co, err)) < 0)
		goto out;
	if (strcmp(restart, "Always") && strcmp(restart, "OnFailure") && strcmp(restart, "Never")) {
		rc = create_usage_error(ctx, err, "invalid restart policy: %s", restart);
		goto out;
	}
	if (*pull && strcmp(pull, "Always") && strcmp(pull, "IfNotPresent") && strcmp(pull, "Never")) {
		rc = create_usage_error(ctx, err, "invalid image pull policy: %s", pull);
		goto out;
	}
	if (attach || stdin_ || tty || rm || expose || *overrides || privileged) {
		rc = kc_err_set(err, "kc run: --attach, -i, -t, --rm, --expose, --overrides and --privileged are not implemented yet");
		goto out;
	}
	if (*port) {
		char *end;
		portnum = strtol(port, &end, 10);
		if (*end || end == port) {
			rc = kc_err_set(err, "strconv.Atoi: parsing \"%s\": invalid syntax", port);
			goto out;
		}
	}
	/* kubectl maps the Pod kind through discovery even for --dry-run=client */
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c || !kc_client_resource(c, "pods", err)) {
		rc = -1;
		goto out;
	}
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto out;
	}
	json_t *obj = gen_run_pod(args.v[0], explicit_ns ? ns : NULL, image, labels, &env, portnum,
				  restart, pull, NULL, &rest, use_command, err);
	if (!obj) {
		rc = -1;
		goto out;
	}
	if (annotations.nr) {
		json_t *ann = json_object();
		for (size_t i = 0; i < annotations.nr; i++) {
			const char *eq = strchr(annotations.v[i], '=');
			if (!eq) {
				json_decref(ann);
				json_decref(obj);
				rc = kc_err_set(err, "invalid annotation spec: %s", annotations.v[i]);
				goto out;
			}
			char *k = xstrndup(annotations.v[i], (size_t)(eq - annotations.v[i]));
			json_object_set_new(ann, k, json_string(eq + 1));
			free(k);
		}
		json_object_set_new(json_object_get(obj, "metadata"), "annotations", ann);
	}
	rc = create_send(ctx, &co, obj, "v1/pods", 1, ns, NULL, "created", err);
out:
	strvec_clear(&annotations);
	strvec_clear(&env);
	strvec_clear(&files);
	strvec_clear(&args);
	strvec_clear(&rest);
	free(ns);
	return rc < 0 ? -1 : 0;
}
